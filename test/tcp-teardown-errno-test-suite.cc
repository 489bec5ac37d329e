/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// What an application sees when a connection ends badly: the errno of each call after a RST,
// connect() to a closed port, and which segments a RST answers or ignores (RFC 5961).
// The sockets here are driven by the test itself, call by call.

#include "tcp-teardown-test-fixture.h"

#include "ns3/inet-socket-address.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>

using namespace ns3;
using namespace ns3::tcpteardowntest;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// A RST reaches an ESTABLISHED or CLOSE_WAIT socket; the server then calls send, send, recv.
class ResetErrnoTestCase : public TeardownTestCase
{
  public:
    /// \param halfClosedFirst the client shuts down its sending side before resetting
    explicit ResetErrnoTestCase(bool halfClosedFirst)
        : TeardownTestCase(halfClosedFirst ? "RST in CLOSE_WAIT: EPIPE, then EPIPE"
                                           : "RST in ESTABLISHED: ECONNRESET, then EPIPE"),
          m_halfClosedFirst(halfClosedFirst)
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        Listener server;
        server.Start(m_server, 5000, [](Ptr<TcpTeardownSocket> s) {
            s->Send(Create<Packet>(20000)); // the client never reads it
        });
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000);
        if (m_halfClosedFirst)
        {
            At(Seconds(1.5), [&]() { client->ShutdownSend(); });
        }
        // Close() with unread data: Linux discards it and resets the connection.
        At(Seconds(2), [&]() { client->Close(); });
        TcpSocket::TcpStates_t stateBeforeReset = TcpSocket::CLOSED;
        At(Seconds(1.9), [&]() { stateBeforeReset = server.accepted->GetState(); });
        CallResult send1;
        CallResult send2;
        CallResult recv1;
        At(Seconds(3), [&]() {
            send1 = SendOnce(server.accepted);
            send2 = SendOnce(server.accepted);
            recv1 = RecvOnce(server.accepted);
        });
        RunUntil(Seconds(10));

        NS_TEST_ASSERT_MSG_EQ(stateBeforeReset,
                              (m_halfClosedFirst ? TcpSocket::CLOSE_WAIT : TcpSocket::ESTABLISHED),
                              "state that the RST hits");
        const TcpCloseReason first =
            m_halfClosedFirst ? TcpCloseReason::PIPE : TcpCloseReason::CONNRESET;
        NS_TEST_ASSERT_MSG_EQ(server.accepted->GetCloseReason(), first, "close reason");
        NS_TEST_ASSERT_MSG_EQ(server.accepted->GetState(), TcpSocket::CLOSED, "CLOSED");
        NS_TEST_ASSERT_MSG_EQ(send1.result, -1, "first send fails");
        NS_TEST_ASSERT_MSG_EQ(send1.error, first, "with the pending error");
        NS_TEST_ASSERT_MSG_EQ(send2.result, -1, "second send fails");
        NS_TEST_ASSERT_MSG_EQ(send2.error, TcpCloseReason::PIPE, "with EPIPE");
        NS_TEST_ASSERT_MSG_EQ(recv1.endOfStream, true, "recv then reports end of stream");
        NS_TEST_ASSERT_MSG_EQ(server.errorCloses, 1u, "a RST is an error close");
        NS_TEST_ASSERT_MSG_EQ(server.normalCloses,
                              (m_halfClosedFirst ? 1u : 0u),
                              "never a normal close (CLOSE_WAIT had one for the FIN)");
        NS_TEST_ASSERT_MSG_EQ(client->GetCloseReason(),
                              TcpCloseReason::CONNABORTED,
                              "the client aborted locally");
        NS_TEST_ASSERT_MSG_EQ(
            CountSent(server.sent, TcpHeader::RST, Seconds(2)) +
                CountSent(server.sent, TcpHeader::RST | TcpHeader::ACK, Seconds(2)),
            0u,
            "a RST is never answered with a RST");
    }

    bool m_halfClosedFirst; //!< whether the client half-closes before the RST
};

/// connect() to a port nobody listens on.
class RefusedTestCase : public TeardownTestCase
{
  public:
    /// \param profile "Linux" or "Ns3"
    explicit RefusedTestCase(std::string profile)
        : TeardownTestCase("connect to a closed port, profile " + profile),
          m_profile(std::move(profile))
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(WithProfile(m_profile));
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(6000);
        Time failedAt = Time::Max();
        TcpCloseReason connectError = TcpCloseReason::NONE;
        client->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                   FunctionCallback<Ptr<Socket>>([&](Ptr<Socket>) {
                                       failedAt = Simulator::Now();
                                       connectError = client->TakePendingError();
                                   }));
        TcpSocket::TcpStates_t stateAt10s = TcpSocket::CLOSED;
        At(Seconds(10), [&]() { stateAt10s = client->GetState(); });
        RunUntil(Seconds(11));

        if (m_profile == "Linux")
        {
            NS_TEST_ASSERT_MSG_LT(failedAt, Seconds(1.1), "refused within one round trip");
            NS_TEST_ASSERT_MSG_EQ(connectError, TcpCloseReason::CONNREFUSED, "ECONNREFUSED");
            NS_TEST_ASSERT_MSG_EQ(stateAt10s, TcpSocket::CLOSED, "CLOSED");
            NS_TEST_ASSERT_MSG_EQ(client->GetCloseReason(), TcpCloseReason::CONNREFUSED, "end");
        }
        else
        {
            // Stock ns-3 ignores the RST|ACK and keeps sending SYNs.
            NS_TEST_ASSERT_MSG_EQ(failedAt, Time::Max(), "stock: no failure after 10 s");
            NS_TEST_ASSERT_MSG_EQ(stateAt10s, TcpSocket::SYN_SENT, "stock: still SYN_SENT");
        }
    }

    std::string m_profile; //!< socket profile
};

/// An ACK for a connection the listener does not know is answered with <SEQ=SEG.ACK><RST>.
class StrayAckToListenerTestCase : public TeardownTestCase
{
  public:
    /// \param profile "Linux" or "Ns3"
    explicit StrayAckToListenerTestCase(std::string profile)
        : TeardownTestCase("a stray ACK reaching a listener, profile " + profile),
          m_profile(std::move(profile))
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(WithProfile(m_profile));
        Listener server;
        server.Start(m_server, 5000, nullptr);
        std::vector<SentSegment> sent;
        WatchTx(server.socket, &sent);
        TcpHeader ack;
        ack.SetSourcePort(40000);
        ack.SetDestinationPort(5000);
        ack.SetFlags(TcpHeader::ACK);
        ack.SetSequenceNumber(SequenceNumber32(100));
        ack.SetAckNumber(SequenceNumber32(5000));
        ack.SetWindowSize(1000);
        At(Seconds(1), [&]() { InjectFromClient(ack, 10); });
        RunUntil(Seconds(2));

        const auto resets = std::count_if(sent.begin(), sent.end(), [](const SentSegment& s) {
            return s.header.GetFlags() == TcpHeader::RST &&
                   s.header.GetSequenceNumber() == SequenceNumber32(5000) &&
                   s.header.GetDestinationPort() == 40000;
        });
        NS_TEST_ASSERT_MSG_EQ(resets,
                              (m_profile == "Linux" ? 1 : 0),
                              "Linux resets it (SEQ = SEG.ACK); stock ns-3 ignores it");
        NS_TEST_ASSERT_MSG_EQ(server.socket->GetState(), TcpSocket::LISTEN, "still listening");
    }

    std::string m_profile; //!< socket profile
};

/// RFC 5961: only a RST at RCV.NXT resets; one elsewhere in the window and a SYN get a
/// challenge ACK; one outside the window is ignored.
class ResetAcceptanceTestCase : public TeardownTestCase
{
  public:
    ResetAcceptanceTestCase()
        : TeardownTestCase("RST and SYN acceptance on an established connection (RFC 5961)")
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        Listener server;
        server.Start(m_server, 5000, nullptr);
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000);
        // ns-3's initial sequence number is 0: the client has sent nothing but its SYN, so the
        // server's RCV.NXT is 1.
        auto inject = [&](uint8_t flags, uint32_t seq) {
            TcpHeader h;
            h.SetSourcePort(InetSocketAddress::ConvertFrom(client->GetLocalAddress()).GetPort());
            h.SetDestinationPort(5000);
            h.SetFlags(flags);
            h.SetSequenceNumber(SequenceNumber32(seq));
            h.SetWindowSize(1000);
            InjectFromClient(h);
        };
        At(Seconds(2), [&]() { inject(TcpHeader::RST, 101); });     // in window
        At(Seconds(3), [&]() { inject(TcpHeader::RST, 1000000); }); // outside
        At(Seconds(4), [&]() { inject(TcpHeader::SYN, 7777); });    // SYN
        TcpSocket::TcpStates_t stateAt5s = TcpSocket::CLOSED;
        At(Seconds(5), [&]() { stateAt5s = server.accepted->GetState(); });
        At(Seconds(6), [&]() { inject(TcpHeader::RST, 1); }); // at RCV.NXT
        RunUntil(Seconds(7));

        auto acksIn = [&](double from, double to) {
            return std::count_if(server.sent.begin(), server.sent.end(), [&](const SentSegment& s) {
                return s.time >= Seconds(from) && s.time < Seconds(to) &&
                       s.header.GetFlags() == TcpHeader::ACK;
            });
        };
        NS_TEST_ASSERT_MSG_EQ(acksIn(2, 3), 1, "a challenge ACK for the in-window RST");
        NS_TEST_ASSERT_MSG_EQ(acksIn(3, 4), 0, "nothing for the out-of-window RST");
        NS_TEST_ASSERT_MSG_EQ(acksIn(4, 5), 1, "a challenge ACK for the SYN");
        NS_TEST_ASSERT_MSG_EQ(stateAt5s, TcpSocket::ESTABLISHED, "none of them reset it");
        NS_TEST_ASSERT_MSG_EQ(server.accepted->GetState(), TcpSocket::CLOSED, "the exact RST");
        NS_TEST_ASSERT_MSG_EQ(server.accepted->GetCloseReason(),
                              TcpCloseReason::CONNRESET,
                              "resets it: ECONNRESET");
    }
};

/// The errno suite.
class TcpTeardownErrnoTestSuite : public TestSuite
{
  public:
    TcpTeardownErrnoTestSuite()
        : TestSuite("tcp-teardown-errno", UNIT)
    {
        AddTestCase(new ResetErrnoTestCase(false), TestCase::QUICK);
        AddTestCase(new ResetErrnoTestCase(true), TestCase::QUICK);
        AddTestCase(new RefusedTestCase("Linux"), TestCase::QUICK);
        AddTestCase(new RefusedTestCase("Ns3"), TestCase::QUICK);
        AddTestCase(new StrayAckToListenerTestCase("Linux"), TestCase::QUICK);
        AddTestCase(new StrayAckToListenerTestCase("Ns3"), TestCase::QUICK);
        AddTestCase(new ResetAcceptanceTestCase(), TestCase::QUICK);
    }
};

/// Static instance registering the suite.
static TcpTeardownErrnoTestSuite g_tcpTeardownErrnoTestSuite;

} // namespace
