/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// SO_LINGER: off (close returns at once, the data and the FIN still go out), {1, 0} (abortive
// close: RST, buffers discarded, no TIME_WAIT, ECONNRESET at the peer), {1, t} (close returns
// when the FIN is acknowledged or t runs out: Linux 0 and the orphan carries on; BSD
// EWOULDBLOCK, unsent data lost), and l_linger's unit in each style.

#include "tcp-teardown-test-fixture.h"

#include "ns3/boolean.h"
#include "ns3/string.h"

using namespace ns3;
using namespace ns3::tcpteardowntest;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// Everything a linger case looks at.
struct LingerRun
{
    Listener server;                                  //!< the server and its accepted socket
    Ptr<TcpTeardownSocket> client;                    //!< the closing client
    std::vector<SentSegment> clientSent;              //!< segments the client sent
    uint64_t serverReceived{0};                       //!< bytes the server read
    bool serverEndOfStream{false};                    //!< recv() at 10 s returned the end of stream
    Time closeReturned{Time::Max()};                  //!< when Close() returned
    TcpCloseReason closeResult{TcpCloseReason::NONE}; //!< what it returned
};

/// Flags of a RST sent by an abort (tcp_send_active_reset()).
constexpr uint8_t RST_ACK = TcpHeader::RST | TcpHeader::ACK;

/// The client writes \p bytes at 2 s and closes at once, with one SO_LINGER setting.
class LingerTestCase : public TeardownTestCase
{
  public:
    /// What the case checks.
    enum Kind
    {
        OFF,                //!< no linger, live peer
        ABORT,              //!< {1, 0}, live peer
        LINGER_ACKED,       //!< {1, 5 s}, live peer
        LINGER_TIMEOUT,     //!< {1, 2 s}, peer crashed, Linux style
        LINGER_TIMEOUT_BSD, //!< {1, 200 ticks}, peer crashed, BSD style
    };

    /// \param kind the case
    /// \param name its name
    LingerTestCase(Kind kind, const std::string& name)
        : TeardownTestCase(name),
          m_kind(kind)
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper;
        if (m_kind == LINGER_TIMEOUT_BSD)
        {
            helper.SetSocketAttribute("LingerStyle", StringValue("Bsd"));
        }
        BuildTopology(helper);
        const uint32_t bytes = 50000;
        LingerRun run;
        run.server.Start(m_server, 5000, [&run](Ptr<TcpTeardownSocket> accepted) {
            accepted->SetRecvCallback(FunctionCallback<Ptr<Socket>>([&run](Ptr<Socket> s) {
                while (Ptr<Packet> p = s->Recv())
                {
                    if (p->GetSize() == 0)
                    {
                        return; // read again at 10 s
                    }
                    run.serverReceived += p->GetSize();
                }
            }));
        });
        run.client = ConnectClientSocket(5000, Seconds(1));
        WatchTx(run.client, &run.clientSent);
        run.client->SetCloseReturnCallback(FunctionCallback<Ptr<TcpTeardownSocket>, TcpCloseReason>(
            [&run](Ptr<TcpTeardownSocket>, TcpCloseReason result) {
                run.closeReturned = Simulator::Now();
                run.closeResult = result;
            }));
        const bool peerCrashes = m_kind == LINGER_TIMEOUT || m_kind == LINGER_TIMEOUT_BSD;
        if (peerCrashes)
        {
            At(Seconds(1.9), [this]() { TcpTeardownHelper::CrashHost(m_server); });
        }
        At(Seconds(2), [this, &run, bytes]() {
            switch (m_kind)
            {
            case ABORT:
                run.client->SetSoLinger(true, 0);
                break;
            case LINGER_ACKED:
                run.client->SetSoLinger(true, 5);
                break;
            case LINGER_TIMEOUT:
                run.client->SetSoLinger(true, 2);
                break;
            case LINGER_TIMEOUT_BSD:
                run.client->SetSoLinger(true, 200); // 200 ticks of 10 ms
                break;
            default:
                break;
            }
            run.client->Send(Create<Packet>(bytes));
            run.client->Close();
        });
        TcpSocket::TcpStates_t stateAtReturn = TcpSocket::CLOSED;
        bool lingeringAfterClose = false;
        At(Seconds(2.001),
           [&run, &lingeringAfterClose]() { lingeringAfterClose = run.client->IsLingering(); });
        At(Seconds(4.0005), [&run, &stateAtReturn]() { stateAtReturn = run.client->GetState(); });
        At(Seconds(10), [&run]() {
            if (run.server.accepted)
            {
                run.serverEndOfStream = RecvOnce(run.server.accepted).endOfStream;
                run.server.accepted->Close();
            }
        });
        RunUntil(Seconds(300));

        const auto clientStates = m_recorder.GetStateSequence(m_client->GetId());
        const bool wentThroughTimeWait =
            std::find(clientStates.begin(), clientStates.end(), TcpSocket::TIME_WAIT) !=
            clientStates.end();
        const auto serverEnds = m_recorder.GetEnds(m_server->GetId());
        const auto resets = CountSent(run.clientSent, RST_ACK, Seconds(2));
        switch (m_kind)
        {
        case OFF:
            NS_TEST_ASSERT_MSG_EQ(run.closeReturned, Seconds(2), "close() returns at once");
            NS_TEST_ASSERT_MSG_EQ(run.closeResult, TcpCloseReason::NONE, "and returns 0");
            NS_TEST_ASSERT_MSG_EQ(run.serverReceived, bytes, "the queued data is delivered");
            NS_TEST_ASSERT_MSG_EQ(run.serverEndOfStream, true, "then the end of stream");
            NS_TEST_ASSERT_MSG_EQ(resets, 0u, "no RST");
            NS_TEST_ASSERT_MSG_EQ(wentThroughTimeWait, true, "the closer holds TIME_WAIT");
            break;
        case ABORT:
            NS_TEST_ASSERT_MSG_EQ(run.closeReturned, Seconds(2), "close() returns at once");
            NS_TEST_ASSERT_MSG_EQ(resets, 1u, "one RST, sent by close()");
            NS_TEST_ASSERT_MSG_EQ(CountSent(run.clientSent, RST_ACK, Seconds(2.0000001)),
                                  0u,
                                  "at the moment of the call");
            NS_TEST_ASSERT_MSG_LT(run.serverReceived, bytes, "the send buffer is discarded");
            NS_TEST_ASSERT_MSG_EQ(wentThroughTimeWait, false, "no TIME_WAIT");
            NS_TEST_ASSERT_MSG_EQ(StatesToString(clientStates),
                                  "CLOSED SYN_SENT ESTABLISHED CLOSED",
                                  "ESTABLISHED straight to CLOSED");
            NS_TEST_ASSERT_MSG_EQ(serverEnds.size(), 1u, "the server's connection ended");
            if (!serverEnds.empty())
            {
                NS_TEST_ASSERT_MSG_EQ(serverEnds.front().reason,
                                      TcpCloseReason::CONNRESET,
                                      "the peer sees ECONNRESET");
            }
            break;
        case LINGER_ACKED: {
            NS_TEST_ASSERT_MSG_EQ(lingeringAfterClose, true, "close() blocks");
            NS_TEST_ASSERT_MSG_EQ(run.closeResult, TcpCloseReason::NONE, "and returns 0");
            Time finAcked = Time::Max();
            for (const auto& r : m_recorder.GetTransitions())
            {
                if (r.connection.node == m_client->GetId() && r.to == TcpSocket::FIN_WAIT_2)
                {
                    finAcked = r.time;
                }
            }
            NS_TEST_ASSERT_MSG_EQ(run.closeReturned,
                                  finAcked,
                                  "close() returns when the FIN is acknowledged");
            // 50000 B at 10 Mb/s take 40 ms to serialize: the FIN cannot be acked earlier.
            NS_TEST_ASSERT_MSG_GT(run.closeReturned, Seconds(2.04), "after the data went out");
            NS_TEST_ASSERT_MSG_LT(run.closeReturned, Seconds(7), "before the linger time ran out");
            NS_TEST_ASSERT_MSG_EQ(run.serverReceived, bytes, "every byte delivered");
            NS_TEST_ASSERT_MSG_EQ(resets, 0u, "no RST");
            break;
        }
        case LINGER_TIMEOUT: {
            NS_TEST_ASSERT_MSG_EQ(run.closeReturned, Seconds(4), "close() returns after 2 s");
            NS_TEST_ASSERT_MSG_EQ(run.closeResult, TcpCloseReason::NONE, "Linux: it returns 0");
            // The FIN waits behind the unsent data: ns-3 stays ESTABLISHED until it sends the
            // FIN, where Linux enters FIN_WAIT_1 when close() queues it.
            NS_TEST_ASSERT_MSG_EQ(stateAtReturn,
                                  TcpSocket::ESTABLISHED,
                                  "the connection carries on");
            NS_TEST_ASSERT_MSG_EQ(run.client->IsOrphaned(), true, "as an orphan");
            const auto retx = m_recorder.GetRetransmissions(m_client->GetId());
            const bool laterRetx =
                std::any_of(retx.begin(), retx.end(), [](const TcpRetransmissionRecord& r) {
                    return r.time > Seconds(4);
                });
            NS_TEST_ASSERT_MSG_EQ(laterRetx, true, "still retransmitting after close() returned");
            NS_TEST_ASSERT_MSG_EQ(resets, 0u, "no RST");
            break;
        }
        case LINGER_TIMEOUT_BSD: {
            NS_TEST_ASSERT_MSG_EQ(run.closeReturned, Seconds(4), "200 ticks of 10 ms");
            NS_TEST_ASSERT_MSG_EQ(run.closeResult,
                                  TcpCloseReason::WOULDBLOCK,
                                  "BSD: close() fails with EWOULDBLOCK");
            NS_TEST_ASSERT_MSG_EQ(run.client->GetLastError(), TcpCloseReason::WOULDBLOCK, "errno");
            NS_TEST_ASSERT_MSG_EQ(stateAtReturn, TcpSocket::CLOSED, "the connection is dropped");
            NS_TEST_ASSERT_MSG_EQ(CountSent(run.clientSent, RST_ACK, Seconds(4)),
                                  1u,
                                  "with a RST when the time runs out");
            const auto retx = m_recorder.GetRetransmissions(m_client->GetId());
            const bool laterRetx =
                std::any_of(retx.begin(), retx.end(), [](const TcpRetransmissionRecord& r) {
                    return r.time > Seconds(4);
                });
            NS_TEST_ASSERT_MSG_EQ(laterRetx, false, "the unsent data is lost");
            break;
        }
        }
    }

    Kind m_kind; //!< the case
};

/// SetSoLinger() reads l_linger in seconds (Linux) or 10 ms ticks (BSD); negative is refused
/// by the bad-input checks of the linger example.
class LingerUnitTestCase : public TestCase
{
  public:
    LingerUnitTestCase()
        : TestCase("l_linger: seconds on Linux, clock ticks on 4.4BSD")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<TcpTeardownSocket> linuxStyle = CreateObject<TcpTeardownSocket>();
        linuxStyle->SetSoLinger(true, 3);
        TimeValue time;
        BooleanValue on;
        linuxStyle->GetAttribute("LingerTime", time);
        linuxStyle->GetAttribute("Linger", on);
        NS_TEST_ASSERT_MSG_EQ(time.Get(), Seconds(3), "Linux: seconds");
        NS_TEST_ASSERT_MSG_EQ(on.Get(), true, "l_onoff");
        Ptr<TcpTeardownSocket> bsd = CreateObject<TcpTeardownSocket>();
        bsd->SetAttribute("LingerStyle", StringValue("Bsd"));
        bsd->SetSoLinger(true, 3);
        bsd->GetAttribute("LingerTime", time);
        NS_TEST_ASSERT_MSG_EQ(time.Get(), MilliSeconds(30), "4.4BSD: ticks of 10 ms");
        bsd->SetSoLinger(false, 0);
        bsd->GetAttribute("Linger", on);
        NS_TEST_ASSERT_MSG_EQ(on.Get(), false, "off again");
    }
};

/// The SO_LINGER test suite.
class LingerTestSuite : public TestSuite
{
  public:
    LingerTestSuite()
        : TestSuite("tcp-teardown-linger", UNIT)
    {
        AddTestCase(new LingerTestCase(LingerTestCase::OFF, "linger off"), TestCase::QUICK);
        AddTestCase(new LingerTestCase(LingerTestCase::ABORT, "linger {1, 0}: abortive close"),
                    TestCase::QUICK);
        AddTestCase(new LingerTestCase(LingerTestCase::LINGER_ACKED,
                                       "linger {1, 5 s}: returns when the FIN is acked"),
                    TestCase::QUICK);
        AddTestCase(new LingerTestCase(LingerTestCase::LINGER_TIMEOUT,
                                       "linger {1, 2 s}, dead peer, Linux: 0, orphan goes on"),
                    TestCase::QUICK);
        AddTestCase(new LingerTestCase(LingerTestCase::LINGER_TIMEOUT_BSD,
                                       "linger {1, 2 s}, dead peer, BSD: EWOULDBLOCK, data lost"),
                    TestCase::QUICK);
        AddTestCase(new LingerUnitTestCase(), TestCase::QUICK);
    }
};

/// Static instance that registers the suite.
static LingerTestSuite g_lingerTestSuite;

} // namespace
