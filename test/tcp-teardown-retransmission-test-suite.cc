/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A peer crashes while the server is sending: the server retransmits with exponential
// backoff and gives up with ETIMEDOUT. The expected schedule is computed here from the Linux
// rule as stated (see the comment of ExpectedSchedule), not taken from the module.
//
//   t = 1 s    client connects; the server writes two full segments (2 x 1448 B) every
//              100 ms; the client acknowledges every segment (DelAckCount=1, Linux quickack
//              mode), so the server's RTT samples measure the path, not a delayed-ACK timer
//   t = 3 s    the client host crashes: nothing sent, nothing answered
//   then       server: RTO retransmissions r1, r2, ... and ETIMEDOUT; nothing sent after it

#include "tcp-teardown-test-fixture.h"

#include "ns3/inet-socket-address.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

using namespace ns3;
using namespace ns3::tcpteardowntest;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// Give-up of a Linux sender for one set of parameters.
class PeerCrashGiveUpTestCase : public TeardownTestCase
{
  public:
    /**
     * \param retries2 tcp_retries2
     * \param rtoMax the maximum RTO
     * \param userTimeout TCP_USER_TIMEOUT (zero: off)
     * \param jiffy the kernel clock tick the RTO is rounded up to (zero: exact)
     */
    PeerCrashGiveUpTestCase(uint32_t retries2,
                            Time rtoMax,
                            Time userTimeout = Time(0),
                            Time jiffy = MilliSeconds(4))
        : TeardownTestCase(Describe(retries2, rtoMax, userTimeout, jiffy)),
          m_retries2(retries2),
          m_rtoMax(rtoMax),
          m_userTimeout(userTimeout),
          m_jiffy(jiffy)
    {
    }

  private:
    static std::string Describe(uint32_t retries2, Time rtoMax, Time userTimeout, Time jiffy)
    {
        std::ostringstream os;
        os << "peer crash: ETIMEDOUT with tcp_retries2=" << retries2
           << ", rto_max=" << rtoMax.As(Time::S);
        if (userTimeout.IsStrictlyPositive())
        {
            os << ", TCP_USER_TIMEOUT=" << userTimeout.As(Time::S);
        }
        os << ", jiffy=" << jiffy.As(Time::MS);
        return os.str();
    }

    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("Retries2", UintegerValue(m_retries2));
        helper.SetSocketAttribute("RtoMax", TimeValue(m_rtoMax));
        helper.SetSocketAttribute("UserTimeout", TimeValue(m_userTimeout));
        helper.SetSocketAttribute("Jiffy", TimeValue(m_jiffy));
        helper.SetSocketAttribute("SegmentSize", UintegerValue(1448));
        helper.SetSocketAttribute("DelAckCount", UintegerValue(1));
        BuildTopology(helper);
        Ptr<TcpTeardownApplication> server = InstallServerApp(5000);
        server->SetAttribute("SendBytes", UintegerValue(100000000));
        server->SetAttribute("SendSize", UintegerValue(2896));
        server->SetAttribute("SendInterval", TimeValue(MilliSeconds(100)));
        server->SetAttribute("SendsAfterError", UintegerValue(2));
        std::vector<std::pair<std::string, TcpCloseReason>> calls;
        server->TraceConnectWithoutContext(
            "SocketCall",
            MakeBoundCallback(
                +[](std::vector<std::pair<std::string, TcpCloseReason>>* into,
                    Ptr<const TcpTeardownSocket>,
                    std::string call,
                    int,
                    TcpCloseReason error) { into->emplace_back(call, error); },
                &calls));
        InstallClientApp(5000, Seconds(1));
        Simulator::Schedule(Seconds(3), &TcpTeardownHelper::CrashHost, m_client);
        std::vector<SentSegment> sent;
        At(Seconds(2), [&]() { WatchTx(server->GetConnections().front(), &sent); });
        RunUntil(Seconds(4000));

        const auto retransmissions = m_recorder.GetRetransmissions(m_server->GetId());
        const auto ends = m_recorder.GetEnds(m_server->GetId());
        NS_TEST_ASSERT_MSG_EQ(ends.size(), 1u, "the server's connection ended once");
        NS_TEST_ASSERT_MSG_GT(retransmissions.size(), 1u, "the server retransmitted");
        if (ends.size() != 1 || retransmissions.size() < 2)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(ends.front().reason, TcpCloseReason::TIMEDOUT, "ETIMEDOUT");

        // The first RTO follows from the RTT: srtt + 200 ms here (RTT ~ 21 ms). The rest of
        // the schedule is the rule's.
        const Time first = retransmissions.front().time;
        const Time firstRto = retransmissions.front().rto / 2;
        NS_TEST_ASSERT_MSG_GT(firstRto, MilliSeconds(200), "RTO above rto_min");
        NS_TEST_ASSERT_MSG_LT(firstRto, MilliSeconds(260), "RTO = srtt + rto_min");
        // The kernel holds the RTO in whole jiffies, rounded up; this path's exact RTO is not
        // even a whole millisecond, so an unrounded RTO fails the first check.
        if (m_jiffy.IsStrictlyPositive())
        {
            NS_TEST_ASSERT_MSG_EQ(firstRto.GetTimeStep() % m_jiffy.GetTimeStep(),
                                  0,
                                  "RTO " << firstRto.As(Time::MS) << " in whole jiffies of "
                                         << m_jiffy.As(Time::MS));
        }
        else
        {
            NS_TEST_ASSERT_MSG_NE(firstRto.GetTimeStep() % MilliSeconds(1).GetTimeStep(),
                                  0,
                                  "Jiffy=0: the exact RTO " << firstRto.As(Time::MS));
        }
        const Time budget = m_userTimeout.IsStrictlyPositive()
                                ? m_userTimeout
                                : Budget(m_retries2, MilliSeconds(200), m_rtoMax);
        const Schedule expected =
            ExpectedSchedule(first, firstRto, m_rtoMax, budget, m_userTimeout.IsStrictlyPositive());

        NS_TEST_ASSERT_MSG_EQ(retransmissions.size(),
                              expected.retransmissions.size(),
                              "number of timeout retransmissions");
        for (std::size_t i = 0;
             i < std::min(retransmissions.size(), expected.retransmissions.size());
             ++i)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(retransmissions[i].time,
                                      expected.retransmissions[i],
                                      MicroSeconds(1),
                                      "time of retransmission " << i + 1);
            NS_TEST_ASSERT_MSG_EQ(retransmissions[i].count, i + 1, "episode count");
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(ends.front().time,
                                  expected.giveUp,
                                  MicroSeconds(1),
                                  "ETIMEDOUT at the first expiry past the budget");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(ends.front().time - first, budget, "never before the budget");

        // tcp_write_err(): nothing is sent on give-up, nor afterwards.
        const bool silent = std::none_of(sent.begin(), sent.end(), [&](const SentSegment& s) {
            return s.time >= ends.front().time;
        });
        NS_TEST_ASSERT_MSG_EQ(silent, true, "no segment at or after the give-up");

        // The application's next calls: the pending error once, then EPIPE.
        NS_TEST_ASSERT_MSG_EQ(calls.size(), 2u, "two sends after the error");
        if (calls.size() == 2)
        {
            NS_TEST_ASSERT_MSG_EQ(calls[0].second, TcpCloseReason::TIMEDOUT, "first: ETIMEDOUT");
            NS_TEST_ASSERT_MSG_EQ(calls[1].second, TcpCloseReason::PIPE, "then: EPIPE");
        }
        Ptr<TcpTeardownSocket> socket = server->GetConnections().front();
        NS_TEST_ASSERT_MSG_EQ(socket->GetState(), TcpSocket::CLOSED, "the connection is CLOSED");
    }

    uint32_t m_retries2; //!< tcp_retries2
    Time m_rtoMax;       //!< maximum RTO
    Time m_userTimeout;  //!< TCP_USER_TIMEOUT
    Time m_jiffy;        //!< the kernel clock tick
};

/// The same crash under the stock ns-3 profile: count-based, 60 s cap, state left ESTABLISHED.
class StockGiveUpTestCase : public TeardownTestCase
{
  public:
    StockGiveUpTestCase()
        : TeardownTestCase("peer crash, Ns3 profile: stock count-based give-up")
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(WithProfile("Ns3"));
        Ptr<TcpTeardownApplication> server = InstallServerApp(5000);
        server->SetAttribute("SendBytes", UintegerValue(100000000));
        server->SetAttribute("SendInterval", TimeValue(MilliSeconds(100)));
        InstallClientApp(5000, Seconds(1));
        Simulator::Schedule(Seconds(3), &TcpTeardownHelper::CrashHost, m_client);
        RunUntil(Seconds(1000));

        const auto retransmissions = m_recorder.GetRetransmissions(m_server->GetId());
        const auto ends = m_recorder.GetEnds(m_server->GetId());
        NS_TEST_ASSERT_MSG_EQ(retransmissions.size(), 6u, "DataRetries = 6 retransmissions");
        NS_TEST_ASSERT_MSG_EQ(ends.size(), 1u, "the connection ended");
        if (retransmissions.empty() || ends.size() != 1)
        {
            return;
        }
        // MinRto 1 s, doubling, capped at a hard-coded 60 s: 2 + 4 + 8 + 16 + 32 + 60 s.
        NS_TEST_ASSERT_MSG_EQ_TOL(ends.front().time - retransmissions.front().time,
                                  Seconds(122),
                                  MilliSeconds(1),
                                  "stock gives up 122 s after the first retransmission");
        Ptr<TcpTeardownSocket> socket = server->GetConnections().front();
        NS_TEST_ASSERT_MSG_EQ(socket->GetState(),
                              TcpSocket::ESTABLISHED,
                              "stock leaves the state ESTABLISHED");
    }
};

/// connect() to a host that has crashed: SYNs with linear, then exponential backoff, then
/// ETIMEDOUT, counted from the first SYN (Linux 6.x, measured by test/validation/linux-syn.sh).
class SynGiveUpTestCase : public TeardownTestCase
{
  public:
    /// \param synRetries tcp_syn_retries
    explicit SynGiveUpTestCase(uint32_t synRetries)
        : TeardownTestCase("connect to a crashed host: ETIMEDOUT with tcp_syn_retries=" +
                           std::to_string(synRetries)),
          m_synRetries(synRetries)
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("ConnCount", UintegerValue(m_synRetries)); // tcp_syn_retries
        BuildTopology(helper);
        Simulator::Schedule(Seconds(0.5), &TcpTeardownHelper::CrashHost, m_server);
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000);
        TcpCloseReason connectError = TcpCloseReason::NONE;
        client->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                   FunctionCallback<Ptr<Socket>>([&](Ptr<Socket>) {
                                       connectError = client->TakePendingError();
                                   }));
        RunUntil(Seconds(1000));

        // The expected schedule: RTO 1 s for the first SYN and the first four retransmissions
        // (tcp_syn_linear_timeouts = 4), doubling afterwards; give up at the first expiry at
        // least tcp_model_timeout(tcp_syn_retries, 1 s) after the first SYN.
        const Time budget = Budget(m_synRetries, Seconds(1), Seconds(120));
        std::vector<Time> expected;
        Time since;
        Time rto = Seconds(1);
        for (uint32_t retransmission = 1;; ++retransmission)
        {
            since += rto;
            if (since >= budget)
            {
                break;
            }
            expected.push_back(Seconds(1) + since);
            if (retransmission > 4)
            {
                rto = std::min(rto * 2, Seconds(120));
            }
        }
        const auto retx = m_recorder.GetRetransmissions(m_client->GetId());
        const auto ends = m_recorder.GetEnds(m_client->GetId());
        NS_TEST_ASSERT_MSG_EQ(retx.size(), expected.size(), "SYN retransmissions");
        for (std::size_t i = 0; i < std::min(retx.size(), expected.size()); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(retx[i].time, expected[i], "SYN retransmission " << i + 1);
        }
        NS_TEST_ASSERT_MSG_EQ(ends.size(), 1u, "the attempt ended");
        if (!ends.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(ends.front().reason, TcpCloseReason::TIMEDOUT, "ETIMEDOUT");
            NS_TEST_ASSERT_MSG_EQ(ends.front().time, Seconds(1) + since, "at the expiry");
        }
        NS_TEST_ASSERT_MSG_EQ(connectError, TcpCloseReason::TIMEDOUT, "connect() fails so");
    }

    uint32_t m_synRetries; //!< tcp_syn_retries
};

/// The retransmission suite.
class TcpTeardownRetransmissionTestSuite : public TestSuite
{
  public:
    TcpTeardownRetransmissionTestSuite()
        : TestSuite("tcp-teardown-retransmission", UNIT)
    {
        AddTestCase(new PeerCrashGiveUpTestCase(3, Seconds(120)), TestCase::QUICK);
        AddTestCase(new PeerCrashGiveUpTestCase(5, Seconds(120)), TestCase::QUICK);
        AddTestCase(new PeerCrashGiveUpTestCase(8, Seconds(120)), TestCase::QUICK);
        AddTestCase(new PeerCrashGiveUpTestCase(15, Seconds(120)), TestCase::QUICK);
        AddTestCase(new PeerCrashGiveUpTestCase(8, Seconds(2)), TestCase::QUICK);
        AddTestCase(new PeerCrashGiveUpTestCase(15, Seconds(1)), TestCase::QUICK);
        AddTestCase(new PeerCrashGiveUpTestCase(15, Seconds(120), Seconds(10)), TestCase::QUICK);
        AddTestCase(new PeerCrashGiveUpTestCase(5, Seconds(120), Time(0), MilliSeconds(1)),
                    TestCase::QUICK);
        AddTestCase(new PeerCrashGiveUpTestCase(5, Seconds(120), Time(0), Time(0)),
                    TestCase::QUICK);
        AddTestCase(new StockGiveUpTestCase(), TestCase::QUICK);
        AddTestCase(new SynGiveUpTestCase(1), TestCase::QUICK);
        AddTestCase(new SynGiveUpTestCase(2), TestCase::QUICK);
        AddTestCase(new SynGiveUpTestCase(6), TestCase::QUICK);
    }
};

/// Static instance registering the suite.
static TcpTeardownRetransmissionTestSuite g_tcpTeardownRetransmissionTestSuite;

} // namespace
