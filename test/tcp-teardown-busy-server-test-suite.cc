/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The busy-server scenario (TcpBusyServerScenario): TIME_WAIT piles up at whichever end closes
// first, its peak is the number of connections opened within one TIME_WAIT, a client with a
// small ephemeral range runs out of ports (EADDRNOTAVAIL) only when it holds the TIME_WAITs,
// and the same workload runs on ns-3's stock sockets and with compact TIME_WAIT records.

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/tcp-busy-server-application.h"
#include "ns3/tcp-busy-server-scenario.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <string>
#include <utility>
#include <vector>

using namespace ns3;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// Attribute settings of a scenario.
using Settings = std::vector<std::pair<std::string, std::string>>;

/// Run a scenario with these settings.
TcpBusyServerResult
RunBusyServer(const Settings& settings)
{
    Ptr<TcpBusyServerScenario> scenario = CreateObject<TcpBusyServerScenario>();
    for (const auto& [name, value] : settings)
    {
        scenario->SetScenarioAttribute(name, StringValue(value));
    }
    return scenario->Run();
}

/// \return the sum of a sample's populations (every state)
uint64_t
Total(const std::array<uint32_t, TcpSocket::LAST_STATE>& populations)
{
    uint64_t total = 0;
    for (uint32_t count : populations)
    {
        total += count;
    }
    return total;
}

/**
 * The schedule's arithmetic, with no simulation: 100/s for 3 s is 300 connections, and a
 * 2 s window holds 200 of them.
 */
class ScheduleTestCase : public TestCase
{
  public:
    ScheduleTestCase()
        : TestCase("connection schedule: count and the most connections in one window")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(TcpBusyServerScenario::CountConnections(100, Seconds(3)),
                              300u,
                              "i / 100 < 3 s for i = 0 .. 299");
        NS_TEST_ASSERT_MSG_EQ(TcpBusyServerScenario::CountConnections(3, Seconds(1)),
                              3u,
                              "0, 1/3, 2/3 s");
        NS_TEST_ASSERT_MSG_EQ(TcpBusyServerScenario::PeakInWindow(100, 300, Seconds(2)),
                              200u,
                              "a 2 s window holds 200 connections 10 ms apart");
        NS_TEST_ASSERT_MSG_EQ(TcpBusyServerScenario::PeakInWindow(100, 150, Seconds(2)),
                              150u,
                              "a window longer than the run holds them all");
        NS_TEST_ASSERT_MSG_EQ(TcpBusyServerApplication::ConnectionTime(3, 1),
                              NanoSeconds(333333333),
                              "1/3 s, rounded to the nanosecond");
    }
};

/**
 * Who closes first holds TIME_WAIT: its peak population is the number of connections opened
 * within one TIME_WAIT (200: 100/s, TIME_WAIT 2 s, connections opened for 3 s); the other
 * side holds none. Tolerance: +-1, for a connection whose TIME_WAIT begins in the same
 * nanosecond another one's ends (the order of two events at one time). Every connection
 * completes, nothing fails, and once TIME_WAIT has run out every population is back to 0.
 */
class TimeWaitSideTestCase : public TestCase
{
  public:
    /**
     * \param closer "Server" or "Client"
     * \param kind "Teardown" or "Stock"
     * \param compact CompactTimeWait (TIME_WAIT in the node's table, sockets released)
     */
    TimeWaitSideTestCase(std::string closer, std::string kind, bool compact = false)
        : TestCase(kind + " sockets" + (compact ? " with CompactTimeWait" : "") + ", " + closer +
                   " closes first: TIME_WAIT at the " + closer + ", peak = rate x TIME_WAIT"),
          m_closer(std::move(closer)),
          m_kind(std::move(kind)),
          m_compact(compact)
    {
    }

  private:
    void DoRun() override
    {
        const TcpBusyServerResult r =
            RunBusyServer({{"Clients", "4"},
                           {"Rate", "100"},
                           {"Duration", "3s"},
                           {"Drain", "3s"},
                           {"TimeWaitDuration", "2s"},
                           {"Closer", m_closer},
                           {"SocketKind", m_kind},
                           {"CompactTimeWait", m_compact ? "true" : "false"}});
        const bool serverCloses = m_closer == "Server";
        NS_TEST_ASSERT_MSG_EQ(r.attempted, 300u, "100/s for 3 s");
        NS_TEST_ASSERT_MSG_EQ(r.completed, 300u, "every response read");
        NS_TEST_ASSERT_MSG_EQ(r.failed, 0u, "no failure");
        NS_TEST_ASSERT_MSG_EQ(r.accepted, 300u, "the server accepted every connection");
        NS_TEST_ASSERT_MSG_EQ(r.expectedPeakTimeWait, 200u, "the schedule: 2 s x 100/s");
        const uint32_t closerPeak = r.GetPeakTimeWait(serverCloses);
        NS_TEST_ASSERT_MSG_EQ_TOL(closerPeak, 200u, 1u, "peak TIME_WAIT of the closer");
        NS_TEST_ASSERT_MSG_EQ(r.GetPeakTimeWait(!serverCloses), 0u, "no TIME_WAIT on the other");
        // The passive closer goes through CLOSE_WAIT and LAST_ACK, the active one FIN_WAIT_2.
        const auto& passive = serverCloses ? r.clientPeak : r.serverPeak;
        const auto& active = serverCloses ? r.serverPeak : r.clientPeak;
        NS_TEST_ASSERT_MSG_GT(passive[TcpSocket::LAST_ACK], 0u, "the passive side's LAST_ACK");
        NS_TEST_ASSERT_MSG_EQ(active[TcpSocket::LAST_ACK], 0u, "no LAST_ACK at the closer");
        NS_TEST_ASSERT_MSG_GT(active[TcpSocket::FIN_WAIT_2], 0u, "the closer's FIN_WAIT_2");
        NS_TEST_ASSERT_MSG_EQ((r.clientPeak[TcpSocket::SYN_SENT] > 0), true, "clients SYN_SENT");
        NS_TEST_ASSERT_MSG_EQ(r.anomalies, 0u, "every transition left a counted state");
        NS_TEST_ASSERT_MSG_EQ_TOL(r.achievedRate, 100.0, 1e-9, "300 completed in 3 s");
        // Samples every 100 ms from 0 to the stop (6 s), and the last one at the stop.
        NS_TEST_ASSERT_MSG_EQ(r.samples.size(), 61u, "61 samples");
        NS_TEST_ASSERT_MSG_EQ(r.samples.back().time, Seconds(6), "the last sample at the stop");
        NS_TEST_ASSERT_MSG_EQ(Total(r.samples.back().client) + Total(r.samples.back().server),
                              0u,
                              "every socket closed after TIME_WAIT");
        // At 3 s the closer's TIME_WAIT holds the connections of the last 2 s but one or two
        // still finishing (each enters TIME_WAIT a few milliseconds after it opened).
        const auto& at3 = r.samples.at(30);
        NS_TEST_ASSERT_MSG_EQ(at3.time, Seconds(3), "sample 30 at 3 s");
        const uint32_t tw = (serverCloses ? at3.server : at3.client)[TcpSocket::TIME_WAIT];
        const bool inRange = tw >= 197 && tw <= 200;
        NS_TEST_ASSERT_MSG_EQ(inRange, true, "TIME_WAIT at 3 s: " << tw);
    }

    std::string m_closer; //!< who closes first
    std::string m_kind;   //!< which sockets
    bool m_compact;       //!< CompactTimeWait
};

/**
 * Ephemeral port exhaustion: two clients, 10 ports each (50000-50009), 200 connections in 1 s
 * (100 per client), TIME_WAIT 5 s. When the clients close first, each client's first 10
 * connections hold their ports in TIME_WAIT until after the run: the other 180 connect()s fail
 * with EADDRNOTAVAIL, the first at 0.1 s (connection 20). When the server closes first a
 * client's port is free again one round trip after the response: no failure at all, and the
 * server's TIME_WAIT holds at most one connection per 4-tuple (20), since a new SYN on a
 * 4-tuple in TIME_WAIT ends it (Linux, with timestamps).
 */
class PortExhaustionTestCase : public TestCase
{
  public:
    /// \param closer "Server" or "Client"
    explicit PortExhaustionTestCase(std::string closer)
        : TestCase("10 ephemeral ports per client, " + closer +
                   " closes first: EADDRNOTAVAIL = attempts - 2 x 10 only at the closer"),
          m_closer(std::move(closer))
    {
    }

  private:
    void DoRun() override
    {
        const TcpBusyServerResult r = RunBusyServer({{"Clients", "2"},
                                                     {"Rate", "200"},
                                                     {"Duration", "1s"},
                                                     {"Drain", "6s"},
                                                     {"TimeWaitDuration", "5s"},
                                                     {"EphemeralPortFirst", "50000"},
                                                     {"EphemeralPortLast", "50009"},
                                                     {"SampleInterval", "1s"},
                                                     {"Closer", m_closer}});
        NS_TEST_ASSERT_MSG_EQ(r.attempted, 200u, "200/s for 1 s");
        NS_TEST_ASSERT_MSG_EQ(r.anomalies, 0u, "populations counted right");
        if (m_closer == "Client")
        {
            NS_TEST_ASSERT_MSG_EQ(r.GetFailures(TcpCloseReason::ADDRNOTAVAIL),
                                  180u,
                                  "200 attempts - 2 clients x 10 ports");
            NS_TEST_ASSERT_MSG_EQ(r.failed, 180u, "no other failure");
            NS_TEST_ASSERT_MSG_EQ(r.completed, 20u, "one connection per port");
            NS_TEST_ASSERT_MSG_EQ(r.firstFailure, MilliSeconds(100), "connection 20 at 0.1 s");
            NS_TEST_ASSERT_MSG_EQ(r.GetPeakTimeWait(false), 20u, "every port in TIME_WAIT");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(r.failed, 0u, "no failure: the clients hold no TIME_WAIT");
            NS_TEST_ASSERT_MSG_EQ(r.completed, 200u, "every connection completed");
            // A SYN from a port whose last connection is in the server's TIME_WAIT (newer
            // timestamp) ends that TIME_WAIT: the server holds one per 4-tuple at most.
            const uint32_t peak = r.GetPeakTimeWait(true);
            const bool bounded = peak > 0 && peak <= 20;
            NS_TEST_ASSERT_MSG_EQ(bounded, true, "server TIME_WAIT <= 20 4-tuples: " << peak);
            NS_TEST_ASSERT_MSG_EQ(r.accepted, 200u, "the server accepted every connection");
        }
    }

    std::string m_closer; //!< who closes first
};

/// The busy-server suite.
class TcpTeardownBusyServerTestSuite : public TestSuite
{
  public:
    TcpTeardownBusyServerTestSuite()
        : TestSuite("tcp-teardown-busy-server", UNIT)
    {
        AddTestCase(new ScheduleTestCase(), TestCase::QUICK);
        AddTestCase(new TimeWaitSideTestCase("Server", "Teardown"), TestCase::QUICK);
        AddTestCase(new TimeWaitSideTestCase("Client", "Teardown"), TestCase::QUICK);
        AddTestCase(new PortExhaustionTestCase("Client"), TestCase::QUICK);
        AddTestCase(new PortExhaustionTestCase("Server"), TestCase::QUICK);
        AddTestCase(new TimeWaitSideTestCase("Server", "Stock"), TestCase::QUICK);
        AddTestCase(new TimeWaitSideTestCase("Server", "Teardown", true), TestCase::QUICK);
        AddTestCase(new TimeWaitSideTestCase("Client", "Teardown", true), TestCase::QUICK);
    }
};

/// Static instance registering the suite.
static TcpTeardownBusyServerTestSuite g_tcpTeardownBusyServerTestSuite;

} // namespace
