/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// FIN handling: a lost final ACK is repaired from TIME_WAIT (or, without TIME_WAIT, meets a
// RST); FIN retransmissions back off and give up like data, in FIN_WAIT_1 and in LAST_ACK.

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

/// The time of the first transition of \p node into \p state (Time::Max() if none).
Time
Entered(const TcpTeardownRecorder& recorder, uint32_t node, TcpSocket::TcpStates_t state)
{
    for (const auto& r : recorder.GetTransitions())
    {
        if (r.connection.node == node && r.to == state)
        {
            return r.time;
        }
    }
    return Time::Max();
}

/// The time of the last transition of \p node out of \p state (Time::Max() if none).
Time
Left(const TcpTeardownRecorder& recorder, uint32_t node, TcpSocket::TcpStates_t state)
{
    Time left = Time::Max();
    for (const auto& r : recorder.GetTransitions())
    {
        if (r.connection.node == node && r.from == state)
        {
            left = r.time;
        }
    }
    return left;
}

/// The client closes first; its final ACK (of the server's FIN) is lost once.
///
///   t = 1 s   client connects and closes at once; the server closes when it reads the end
///   then      the client's ACK of the server's FIN is dropped before the server
///   then      the server (LAST_ACK) retransmits its FIN after one RTO
class LostFinalAckTestCase : public TeardownTestCase
{
  public:
    /// \param policy the TimeWaitPolicy of both ends
    explicit LostFinalAckTestCase(std::string policy)
        : TeardownTestCase("lost final ACK, TIME_WAIT " + policy),
          m_policy(std::move(policy))
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("TimeWaitPolicy", StringValue(m_policy));
        BuildTopology(helper);
        InstallServerApp(5000);
        Ptr<TcpTeardownApplication> client = InstallClientApp(5000, Seconds(1));
        client->SetAttribute("CloseWhenDone", BooleanValue(true));
        // ns-3 starts both sequence spaces at 0: the server's FIN is sequence 1, so the
        // client's final ACK is the pure ACK with ACK = 2.
        Ptr<SegmentDropper> dropper = DropArrivingAtServer();
        dropper->DropNth(
            [](const TcpHeader& h, uint32_t size) {
                return size == 0 && h.GetFlags() == TcpHeader::ACK &&
                       h.GetAckNumber() == SequenceNumber32(2);
            },
            1);
        RunUntil(Seconds(400));

        NS_TEST_ASSERT_MSG_EQ(dropper->GetDropped(), 1u, "the final ACK was dropped once");
        const auto serverEnds = m_recorder.GetEnds(m_server->GetId());
        const auto clientEnds = m_recorder.GetEnds(m_client->GetId());
        const auto serverRetx = m_recorder.GetRetransmissions(m_server->GetId());
        NS_TEST_ASSERT_MSG_EQ(serverEnds.size(), 1u, "the server's connection ended");
        NS_TEST_ASSERT_MSG_EQ(clientEnds.size(), 1u, "the client's connection ended");
        NS_TEST_ASSERT_MSG_EQ(serverRetx.size(), 1u, "the server resent its FIN once");
        if (serverEnds.size() != 1 || clientEnds.size() != 1 || serverRetx.size() != 1)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(clientEnds.front().reason, TcpCloseReason::NONE, "client: orderly");
        const Time refin = serverRetx.front().time;
        if (m_policy == "Disabled")
        {
            // Nobody remembers the connection: the resent FIN meets a RST.
            NS_TEST_ASSERT_MSG_EQ(serverEnds.front().reason,
                                  TcpCloseReason::CONNRESET,
                                  "without TIME_WAIT the passive closer ends with ECONNRESET");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(serverEnds.front().reason,
                              TcpCloseReason::NONE,
                              "TIME_WAIT re-ACKs the FIN: the passive closer closes cleanly");
        NS_TEST_ASSERT_MSG_LT(serverEnds.front().time - refin,
                              MilliSeconds(50),
                              "one round trip after the resent FIN");
        // RFC 9293 3.10.7.4: the re-ACK restarts the TIME_WAIT timer.
        const Time length = m_policy == "Fixed" ? Seconds(60) : Seconds(240);
        const Time timeWaitEntered = Entered(m_recorder, m_client->GetId(), TcpSocket::TIME_WAIT);
        const Time timeWaitLeft = Left(m_recorder, m_client->GetId(), TcpSocket::TIME_WAIT);
        NS_TEST_ASSERT_MSG_GT(timeWaitLeft - timeWaitEntered, length, "the timer was restarted");
        NS_TEST_ASSERT_MSG_EQ_TOL(timeWaitLeft - refin,
                                  length,
                                  MilliSeconds(20),
                                  "full length from the resent FIN's arrival");
    }

    std::string m_policy; //!< TIME_WAIT policy
};

/// A FIN that is never acknowledged: the peer crashed before the close.
///
///   t = 1 s   client connects
///   t = 2 s   the server host crashes
///   t = 3 s   the client closes (orphan) or shuts down its sending side
///   then      FIN retransmissions with backoff, then ETIMEDOUT
class UnansweredFinTestCase : public TeardownTestCase
{
  public:
    /// \param orphan Close() (an orphan, OrphanRetries) or ShutdownSend() (Retries2 = 5)
    explicit UnansweredFinTestCase(bool orphan)
        : TeardownTestCase(orphan ? "unanswered FIN of an orphan: backoff, give-up after "
                                    "OrphanRetries (8)"
                                  : "unanswered FIN after shutdown: backoff, give-up after "
                                    "Retries2 (5)"),
          m_orphan(orphan)
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("Retries2", UintegerValue(5));
        BuildTopology(helper);
        InstallServerApp(5000);
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000);
        Simulator::Schedule(Seconds(2), &TcpTeardownHelper::CrashHost, m_server);
        At(Seconds(3), [&]() { m_orphan ? client->Close() : client->ShutdownSend(); });
        RunUntil(Seconds(1000));

        const auto retx = m_recorder.GetRetransmissions(m_client->GetId());
        const auto ends = m_recorder.GetEnds(m_client->GetId());
        NS_TEST_ASSERT_MSG_EQ(ends.size(), 1u, "the client's connection ended");
        NS_TEST_ASSERT_MSG_GT(retx.size(), 1u, "the FIN was resent");
        if (ends.size() != 1 || retx.size() < 2)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(ends.front().reason, TcpCloseReason::TIMEDOUT, "ETIMEDOUT");
        const Time budget = Budget(m_orphan ? 8 : 5, MilliSeconds(200), Seconds(120));
        const Schedule expected =
            ExpectedSchedule(retx.front().time, retx.front().rto / 2, Seconds(120), budget, false);
        NS_TEST_ASSERT_MSG_EQ(retx.size(), expected.retransmissions.size(), "FIN resends");
        for (std::size_t i = 0; i < std::min(retx.size(), expected.retransmissions.size()); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(retx[i].time,
                                      expected.retransmissions[i],
                                      MicroSeconds(1),
                                      "FIN resend " << i + 1 << " backs off");
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(ends.front().time, expected.giveUp, MicroSeconds(1), "give-up");
        NS_TEST_ASSERT_MSG_EQ(client->GetState(), TcpSocket::CLOSED, "CLOSED");
    }

    bool m_orphan; //!< Close() rather than ShutdownSend()
};

/// The passive closer's FIN is never acknowledged: LAST_ACK gives up.
///
///   t = 1 s    client connects;  t = 1.5 s  client shuts down its sending side (FIN)
///   t = 2 s    the client host crashes
///   t = 3 s    the server closes: LAST_ACK, FIN resent with backoff, then ETIMEDOUT
class LastAckGiveUpTestCase : public TeardownTestCase
{
  public:
    LastAckGiveUpTestCase()
        : TeardownTestCase("LAST_ACK gives up when its FIN is never acknowledged")
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        Ptr<TcpTeardownApplication> server = InstallServerApp(5000);
        server->SetAttribute("CloseOnEndOfStream", BooleanValue(false));
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000);
        At(Seconds(1.5), [&]() { client->ShutdownSend(); });
        Simulator::Schedule(Seconds(2), &TcpTeardownHelper::CrashHost, m_client);
        TcpSocket::TcpStates_t stateBeforeClose = TcpSocket::CLOSED;
        At(Seconds(3), [&]() {
            stateBeforeClose = server->GetConnections().front()->GetState();
            server->GetConnections().front()->Close();
        });
        RunUntil(Seconds(1000));

        NS_TEST_ASSERT_MSG_EQ(stateBeforeClose, TcpSocket::CLOSE_WAIT, "CLOSE_WAIT before");
        const auto retx = m_recorder.GetRetransmissions(m_server->GetId());
        const auto ends = m_recorder.GetEnds(m_server->GetId());
        NS_TEST_ASSERT_MSG_EQ(ends.size(), 1u, "the server's connection ended");
        NS_TEST_ASSERT_MSG_GT(retx.size(), 1u, "the FIN was resent");
        if (ends.size() != 1 || retx.size() < 2)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(ends.front().reason, TcpCloseReason::TIMEDOUT, "ETIMEDOUT");
        const Schedule expected = ExpectedSchedule(retx.front().time,
                                                   retx.front().rto / 2,
                                                   Seconds(120),
                                                   Budget(8, MilliSeconds(200), Seconds(120)),
                                                   false);
        NS_TEST_ASSERT_MSG_EQ(retx.size(), expected.retransmissions.size(), "FIN resends");
        NS_TEST_ASSERT_MSG_EQ_TOL(ends.front().time, expected.giveUp, MicroSeconds(1), "give-up");
        const auto states = m_recorder.GetStateSequence(m_server->GetId());
        const bool lastAckThenClosed = states.size() >= 2 &&
                                       states[states.size() - 2] == TcpSocket::LAST_ACK &&
                                       states.back() == TcpSocket::CLOSED;
        NS_TEST_ASSERT_MSG_EQ(lastAckThenClosed,
                              true,
                              "from LAST_ACK to CLOSED: " << StatesToString(states));
    }
};

/// Stock ns-3 for comparison: a bare FIN is resent every RTO, without backoff or limit.
class StockFinForeverTestCase : public TeardownTestCase
{
  public:
    StockFinForeverTestCase()
        : TeardownTestCase("Ns3 profile: an unanswered FIN is resent every second, forever")
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(WithProfile("Ns3"));
        InstallServerApp(5000);
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000);
        Simulator::Schedule(Seconds(2), &TcpTeardownHelper::CrashHost, m_server);
        At(Seconds(3), [&]() { client->Close(); });
        RunUntil(Seconds(33));

        const auto retx = m_recorder.GetRetransmissions(m_client->GetId());
        NS_TEST_ASSERT_MSG_GT_OR_EQ(retx.size(), 28u, "about one FIN per second for 30 s");
        for (std::size_t i = 2; i < retx.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(retx[i].time - retx[i - 1].time,
                                      retx[1].time - retx[0].time,
                                      MicroSeconds(1),
                                      "no backoff");
        }
        NS_TEST_ASSERT_MSG_EQ(m_recorder.GetEnds(m_client->GetId()).size(), 0u, "no give-up");
    }
};

/// The FIN suite.
class TcpTeardownFinTestSuite : public TestSuite
{
  public:
    TcpTeardownFinTestSuite()
        : TestSuite("tcp-teardown-fin", UNIT)
    {
        AddTestCase(new LostFinalAckTestCase("Fixed"), TestCase::QUICK);
        AddTestCase(new LostFinalAckTestCase("TwoMsl"), TestCase::QUICK);
        AddTestCase(new LostFinalAckTestCase("Disabled"), TestCase::QUICK);
        AddTestCase(new UnansweredFinTestCase(true), TestCase::QUICK);
        AddTestCase(new UnansweredFinTestCase(false), TestCase::QUICK);
        AddTestCase(new LastAckGiveUpTestCase(), TestCase::QUICK);
        AddTestCase(new StockFinForeverTestCase(), TestCase::QUICK);
    }
};

/// Static instance registering the suite.
static TcpTeardownFinTestSuite g_tcpTeardownFinTestSuite;

} // namespace
