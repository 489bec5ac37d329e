/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// After close(): an orphan in FIN_WAIT_2 vanishes silently after tcp_fin_timeout (at least
// 3.5 RTO); a socket only shut down for sending waits in FIN_WAIT_2 forever; a peer that
// never closes stays in CLOSE_WAIT forever (a countable leak); data arriving at an orphan is
// answered with a RST, which ends the sender with EPIPE (it was in CLOSE_WAIT).

#include "tcp-teardown-test-fixture.h"

#include "ns3/boolean.h"

using namespace ns3;
using namespace ns3::tcpteardowntest;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// The times \p node entered and last left \p state (Time::Max() when it did not).
std::pair<Time, Time>
Stay(const TcpTeardownRecorder& recorder, uint32_t node, TcpSocket::TcpStates_t state)
{
    Time entered = Time::Max();
    Time left = Time::Max();
    for (const auto& r : recorder.GetTransitions())
    {
        if (r.connection.node != node)
        {
            continue;
        }
        if (r.to == state)
        {
            entered = r.time;
        }
        if (r.from == state)
        {
            left = r.time;
        }
    }
    return {entered, left};
}

/// The client closes at 2 s; the server reads the end of stream but never closes.
class FinWait2TimeoutTestCase : public TeardownTestCase
{
  public:
    /// \param finTimeout the FinTimeout attribute \param shutdownOnly ShutdownSend, no Close
    FinWait2TimeoutTestCase(Time finTimeout, bool shutdownOnly)
        : TeardownTestCase(shutdownOnly ? std::string("half-closed socket: FIN_WAIT_2 forever")
                                        : "orphan in FIN_WAIT_2, FinTimeout " +
                                              std::to_string(finTimeout.GetSeconds()) + " s"),
          m_finTimeout(finTimeout),
          m_shutdownOnly(shutdownOnly)
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("FinTimeout", TimeValue(m_finTimeout));
        BuildTopology(helper);
        Listener server;
        server.Start(m_server, 5000, nullptr);
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
        std::vector<SentSegment> sent;
        WatchTx(client, &sent);
        Time rtoAtFinWait2;
        client->TraceConnectWithoutContext("StateTransition",
                                           FunctionCallback<Ptr<const TcpTeardownSocket>,
                                                            TcpSocket::TcpStates_t,
                                                            TcpSocket::TcpStates_t>(
                                               [&rtoAtFinWait2](Ptr<const TcpTeardownSocket> s,
                                                                TcpSocket::TcpStates_t,
                                                                TcpSocket::TcpStates_t to) {
                                                   if (to == TcpSocket::FIN_WAIT_2)
                                                   {
                                                       rtoAtFinWait2 = s->GetRto();
                                                   }
                                               }));
        At(Seconds(2), [client, this]() {
            if (m_shutdownOnly)
            {
                client->ShutdownSend();
            }
            else
            {
                client->Close();
            }
        });
        RunUntil(Seconds(1000));

        const auto [entered, left] = Stay(m_recorder, m_client->GetId(), TcpSocket::FIN_WAIT_2);
        NS_TEST_ASSERT_MSG_LT(entered, Seconds(2.1), "FIN_WAIT_2 once the FIN is acked");
        NS_TEST_ASSERT_MSG_EQ((server.accepted != nullptr), true, "accepted");
        if (server.accepted)
        {
            NS_TEST_ASSERT_MSG_EQ(server.accepted->GetState(),
                                  TcpSocket::CLOSE_WAIT,
                                  "the server never closes: CLOSE_WAIT for ever");
        }
        NS_TEST_ASSERT_MSG_EQ(m_recorder.CountInState(m_server->GetId(), TcpSocket::CLOSE_WAIT),
                              1u,
                              "one leaked connection");
        if (m_shutdownOnly)
        {
            NS_TEST_ASSERT_MSG_EQ(left, Time::Max(), "a half-closed socket waits for ever");
            NS_TEST_ASSERT_MSG_EQ(client->GetState(), TcpSocket::FIN_WAIT_2, "still");
            return;
        }
        // tcp_fin_time(): max(tcp_fin_timeout, 3.5 RTO).
        const Time expected = std::max(m_finTimeout, rtoAtFinWait2 * 7 / 2);
        NS_TEST_ASSERT_MSG_EQ(left - entered, expected, "max(FinTimeout, 3.5 RTO)");
        NS_TEST_ASSERT_MSG_EQ(client->GetState(), TcpSocket::CLOSED, "the orphan is gone");
        NS_TEST_ASSERT_MSG_EQ(CountSent(sent, TcpHeader::RST, left) +
                                  CountSent(sent, TcpHeader::RST | TcpHeader::ACK, left),
                              0u,
                              "without a word");
        NS_TEST_ASSERT_MSG_EQ((sent.empty() || sent.back().time < left),
                              true,
                              "nothing sent at the timeout");
    }

    Time m_finTimeout;   //!< FinTimeout
    bool m_shutdownOnly; //!< ShutdownSend instead of Close
};

/// Data sent to a peer that has closed: an orphan answers with a RST; a socket that only
/// shut down its sending side takes the data.
class DataToOrphanTestCase : public TeardownTestCase
{
  public:
    /// \param shutdownOnly the client calls ShutdownSend instead of Close
    explicit DataToOrphanTestCase(bool shutdownOnly)
        : TeardownTestCase(shutdownOnly ? "data to a half-closed socket is delivered"
                                        : "data to an orphan: RST; the sender gets EPIPE"),
          m_shutdownOnly(shutdownOnly)
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        Listener server;
        server.Start(m_server, 5000, nullptr);
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
        std::vector<SentSegment> clientSent;
        WatchTx(client, &clientSent);
        uint32_t clientReceived = 0;
        client->SetRecvCallback(FunctionCallback<Ptr<Socket>>([&clientReceived](Ptr<Socket> s) {
            while (Ptr<Packet> p = s->Recv())
            {
                if (p->GetSize() == 0)
                {
                    break;
                }
                clientReceived += p->GetSize();
            }
        }));
        At(Seconds(2),
           [client, this]() { m_shutdownOnly ? client->ShutdownSend() : client->Close(); });
        std::vector<CallResult> calls;
        At(Seconds(3), [&server, &calls]() { calls.push_back(SendOnce(server.accepted)); });
        At(Seconds(4), [&server, &calls]() { calls.push_back(SendOnce(server.accepted)); });
        At(Seconds(4.1), [&server, &calls]() { calls.push_back(SendOnce(server.accepted)); });
        At(Seconds(4.2), [&server, &calls]() { calls.push_back(RecvOnce(server.accepted)); });
        RunUntil(Seconds(10));

        NS_TEST_ASSERT_MSG_EQ(calls.size(), 4u, "four calls");
        if (calls.size() != 4)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(calls[0].result, 100, "the first send() succeeds");
        if (m_shutdownOnly)
        {
            NS_TEST_ASSERT_MSG_EQ(clientReceived, 300u, "the half-closed client reads it all");
            NS_TEST_ASSERT_MSG_EQ(calls[2].result, 100, "no error");
            NS_TEST_ASSERT_MSG_EQ(CountSent(clientSent, TcpHeader::RST, Seconds(0)), 0u, "no RST");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(clientReceived, 0u, "nobody reads for an orphan");
        // The RST answers the data segment: SEQ = its ACK field, no ACK flag (RFC 9293).
        NS_TEST_ASSERT_MSG_EQ(CountSent(clientSent, TcpHeader::RST, Seconds(3)), 1u, "bare RST");
        const auto ends = m_recorder.GetEnds(m_server->GetId());
        NS_TEST_ASSERT_MSG_EQ(ends.size(), 1u, "the server's connection ended");
        if (!ends.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(ends.front().reason, TcpCloseReason::PIPE, "EPIPE (CLOSE_WAIT)");
            NS_TEST_ASSERT_MSG_LT(ends.front().time, Seconds(3.05), "one round trip later");
        }
        NS_TEST_ASSERT_MSG_EQ(calls[1].error, TcpCloseReason::PIPE, "next send(): EPIPE");
        NS_TEST_ASSERT_MSG_EQ(calls[2].error, TcpCloseReason::PIPE, "and again EPIPE");
        NS_TEST_ASSERT_MSG_EQ(calls[3].endOfStream, true, "recv(): 0");
    }

    bool m_shutdownOnly; //!< ShutdownSend instead of Close
};

/// Clients close, a server that never calls Close() piles up CLOSE_WAIT connections.
class CloseWaitLeakTestCase : public TeardownTestCase
{
  public:
    CloseWaitLeakTestCase()
        : TeardownTestCase("CLOSE_WAIT leak: counted, never released")
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        Ptr<TcpTeardownApplication> server = InstallServerApp(5000);
        server->SetAttribute("CloseOnEndOfStream", BooleanValue(false));
        const uint32_t clients = 5;
        for (uint32_t i = 0; i < clients; ++i)
        {
            Ptr<TcpTeardownApplication> client = InstallClientApp(5000, Seconds(1 + i));
            client->SetAttribute("CloseWhenDone", BooleanValue(true));
        }
        RunUntil(Seconds(3600));
        NS_TEST_ASSERT_MSG_EQ(m_recorder.CountInState(m_server->GetId(), TcpSocket::CLOSE_WAIT),
                              clients,
                              "every connection leaks in CLOSE_WAIT");
        NS_TEST_ASSERT_MSG_EQ(m_recorder.CountInState(m_client->GetId(), TcpSocket::CLOSED),
                              clients,
                              "while every client's orphan left FIN_WAIT_2 after 60 s");
        NS_TEST_ASSERT_MSG_EQ(m_recorder.GetEnds(m_server->GetId()).size(), 0u, "no server end");
    }
};

/// The orphan test suite.
class OrphanTestSuite : public TestSuite
{
  public:
    OrphanTestSuite()
        : TestSuite("tcp-teardown-orphan", UNIT)
    {
        AddTestCase(new FinWait2TimeoutTestCase(Seconds(60), false), TestCase::QUICK);
        AddTestCase(new FinWait2TimeoutTestCase(Seconds(5), false), TestCase::QUICK);
        AddTestCase(new FinWait2TimeoutTestCase(MilliSeconds(100), false), TestCase::QUICK);
        AddTestCase(new FinWait2TimeoutTestCase(Seconds(60), true), TestCase::QUICK);
        AddTestCase(new DataToOrphanTestCase(false), TestCase::QUICK);
        AddTestCase(new DataToOrphanTestCase(true), TestCase::QUICK);
        AddTestCase(new CloseWaitLeakTestCase(), TestCase::QUICK);
    }
};

/// Static instance that registers the suite.
static OrphanTestSuite g_orphanTestSuite;

} // namespace
