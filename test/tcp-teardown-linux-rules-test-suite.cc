/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The Linux timer rules, each checked against a figure computed another way: the give-up
// budget as the sum of an explicit backoff schedule, the RTO from its definition.

#include "tcp-teardown-test-fixture.h"

#include "ns3/tcp-linux-rules.h"
#include "ns3/test.h"

#include <algorithm>

using namespace ns3;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{
using ns3::tcpteardowntest::Budget;

/// The give-up budget against the summed schedule, data and SYN bases, linear part included.
class ModelTimeoutTestCase : public TestCase
{
  public:
    ModelTimeoutTestCase()
        : TestCase("ModelTimeout equals the backoff schedule summed term by term")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(TcpLinuxRules::ModelTimeout(15, MilliSeconds(200), Seconds(120)),
                              MilliSeconds(924600),
                              "tcp_retries2=15 must give 924.6 s");
        NS_TEST_ASSERT_MSG_EQ(TcpLinuxRules::ModelTimeout(6, Seconds(1), Seconds(120)),
                              Seconds(127),
                              "tcp_syn_retries=6 must give 127 s");

        struct Case
        {
            Time base;
            Time max;
        };

        const Case cases[] = {
            {MilliSeconds(200), Seconds(120)}, // data, Linux defaults
            {Seconds(1), Seconds(120)},        // SYN
            {MilliSeconds(200), Seconds(1)},   // reduced rto_max: mostly the linear part
            {MilliSeconds(300), Seconds(10)},  // a ratio that is not a power of two
            {MilliSeconds(200), MilliSeconds(200)},
        };
        for (const auto& c : cases)
        {
            for (uint32_t r = 0; r <= 30; ++r)
            {
                NS_TEST_ASSERT_MSG_EQ(TcpLinuxRules::ModelTimeout(r, c.base, c.max),
                                      Budget(r, c.base, c.max),
                                      "budget of " << r << " retransmissions, base "
                                                   << c.base.As(Time::MS) << ", max "
                                                   << c.max.As(Time::S));
            }
        }
    }
};

/// RTO = srtt + max(4 * rttvar, rto_min) in whole jiffies, capped at rto_max.
class RtoTestCase : public TestCase
{
  public:
    RtoTestCase()
        : TestCase("Rto follows srtt + max(4 rttvar, rto_min), rounded up to jiffies")
    {
    }

  private:
    void DoRun() override
    {
        const Time rtoMin = MilliSeconds(200);
        const Time rtoMax = Seconds(120);
        const Time exact = Time(0);
        const Time hz250 = MilliSeconds(4);
        NS_TEST_ASSERT_MSG_EQ(
            TcpLinuxRules::Rto(MilliSeconds(20), MilliSeconds(1), rtoMin, rtoMax, exact),
            MilliSeconds(220),
            "a quiet path: RTT + rto_min");
        NS_TEST_ASSERT_MSG_EQ(
            TcpLinuxRules::Rto(MilliSeconds(20), MilliSeconds(100), rtoMin, rtoMax, exact),
            MilliSeconds(420),
            "a variable path: srtt + 4 rttvar");
        NS_TEST_ASSERT_MSG_EQ(
            TcpLinuxRules::Rto(Seconds(200), MilliSeconds(1), rtoMin, rtoMax, hz250),
            rtoMax,
            "capped at rto_max");
        // The example path's 202.5 ms is 50.6 jiffies at HZ=250: the kernel holds 51, 204 ms.
        NS_TEST_ASSERT_MSG_EQ(
            TcpLinuxRules::Rto(MicroSeconds(2500), MicroSeconds(100), rtoMin, rtoMax, hz250),
            MilliSeconds(204),
            "rounded up to a whole jiffy (usecs_to_jiffies)");
        NS_TEST_ASSERT_MSG_EQ(
            TcpLinuxRules::Rto(MilliSeconds(20), MilliSeconds(1), rtoMin, rtoMax, hz250),
            MilliSeconds(220),
            "a whole number of jiffies stays as it is");
        NS_TEST_ASSERT_MSG_EQ(TcpLinuxRules::Rto(MicroSeconds(2500),
                                                 MicroSeconds(100),
                                                 rtoMin,
                                                 rtoMax,
                                                 MilliSeconds(1)),
                              MilliSeconds(203),
                              "HZ=1000 rounds to the millisecond");
        NS_TEST_ASSERT_MSG_EQ(TcpLinuxRules::RoundUpToJiffies(MicroSeconds(4001), hz250),
                              MilliSeconds(8),
                              "a microsecond past a jiffy is a second jiffy");
    }
};

/// Exponential backoff with the SYN linear phase.
class BackoffTestCase : public TestCase
{
  public:
    BackoffTestCase()
        : TestCase("BackoffRto doubles up to rto_max after the linear retransmissions")
    {
    }

  private:
    void DoRun() override
    {
        // tcp_syn_linear_timeouts=4, measured on Linux 6.18: SYNs at 0,1,2,3,4,5,7,11,19 s.
        Time rto = Seconds(1);
        Time sent;
        const double expected[] = {1, 2, 3, 4, 5, 7, 11, 19};
        for (uint32_t retransmission = 1; retransmission <= 8; ++retransmission)
        {
            sent += rto;
            NS_TEST_ASSERT_MSG_EQ(sent,
                                  Seconds(expected[retransmission - 1]),
                                  "SYN retransmission " << retransmission);
            rto = TcpLinuxRules::BackoffRto(rto, Seconds(120), retransmission, 4);
        }
        NS_TEST_ASSERT_MSG_EQ(TcpLinuxRules::BackoffRto(Seconds(100), Seconds(120), 9, 0),
                              Seconds(120),
                              "capped at rto_max");
    }
};

/// Orphan retries, the timed-out comparison and the user-timeout clamp.
class SmallRulesTestCase : public TestCase
{
  public:
    SmallRulesTestCase()
        : TestCase("OrphanRetries, RetransmitsTimedOut and ClampToUserTimeout")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(TcpLinuxRules::OrphanRetries(0, true), 8u, "0 means 8 while alive");
        NS_TEST_ASSERT_MSG_EQ(TcpLinuxRules::OrphanRetries(0, false), 0u, "0 once at rto_max");
        NS_TEST_ASSERT_MSG_EQ(TcpLinuxRules::OrphanRetries(3, true), 3u, "an explicit value");

        NS_TEST_ASSERT_MSG_EQ(
            TcpLinuxRules::RetransmitsTimedOut(Seconds(10), Seconds(4), Seconds(6)),
            true,
            "exactly at the budget");
        NS_TEST_ASSERT_MSG_EQ(
            TcpLinuxRules::RetransmitsTimedOut(Seconds(10) - TimeStep(1), Seconds(4), Seconds(6)),
            false,
            "just before the budget");

        NS_TEST_ASSERT_MSG_EQ(TcpLinuxRules::ClampToUserTimeout(Seconds(8), Seconds(0), Seconds(3)),
                              Seconds(8),
                              "no user timeout: the RTO");
        NS_TEST_ASSERT_MSG_EQ(
            TcpLinuxRules::ClampToUserTimeout(Seconds(8), Seconds(10), Seconds(3)),
            Seconds(7),
            "the remaining user timeout");
        NS_TEST_ASSERT_MSG_EQ(
            TcpLinuxRules::ClampToUserTimeout(Seconds(8), Seconds(10), Seconds(12)),
            MilliSeconds(1),
            "a passed user timeout fires at once");
    }
};

/// The Linux rules suite.
class TcpTeardownLinuxRulesTestSuite : public TestSuite
{
  public:
    TcpTeardownLinuxRulesTestSuite()
        : TestSuite("tcp-teardown-linux-rules", UNIT)
    {
        AddTestCase(new ModelTimeoutTestCase(), TestCase::QUICK);
        AddTestCase(new RtoTestCase(), TestCase::QUICK);
        AddTestCase(new BackoffTestCase(), TestCase::QUICK);
        AddTestCase(new SmallRulesTestCase(), TestCase::QUICK);
    }
};

/// Static instance registering the suite.
static TcpTeardownLinuxRulesTestSuite g_tcpTeardownLinuxRulesTestSuite;

} // namespace
