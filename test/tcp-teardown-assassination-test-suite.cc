/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TIME_WAIT assassination (RFC 1337 H1, TcpAssassinationScenario): with Rfc1337 off the RST
// provoked by an old duplicate ends TIME_WAIT and a later duplicate corrupts exactly one
// segment of the next connection; with Rfc1337 on TIME_WAIT survives and nothing is corrupted.

#include "ns3/tcp-assassination-scenario.h"
#include "ns3/test.h"

using namespace ns3;

namespace
{

/// One run of the scenario, duplicates 1 s and 1.5 s late.
class AssassinationTestCase : public TestCase
{
  public:
    /// \param rfc1337 the client's Rfc1337
    explicit AssassinationTestCase(bool rfc1337)
        : TestCase(std::string("RFC 1337 H1, tcp_rfc1337 ") +
                   (rfc1337 ? "on: TIME_WAIT survives, nothing corrupted"
                            : "off: TIME_WAIT assassinated, 536 bytes corrupted")),
          m_rfc1337(rfc1337)
    {
    }

  private:
    void DoRun() override
    {
        TcpAssassinationScenario scenario;
        scenario.SetRfc1337(m_rfc1337);
        scenario.SetTriggerDelay(Seconds(1));
        scenario.SetStrayDelay(Seconds(1.5));
        scenario.Run();

        const auto& dups = scenario.GetDuplicates();
        NS_TEST_ASSERT_MSG_EQ(dups.size(), 2, "two duplicated segments");
        const Time trigger = dups.at(0).deliveredAt;
        NS_TEST_ASSERT_MSG_EQ(dups.at(0).sequence, SequenceNumber32(1), "the first segment");
        NS_TEST_ASSERT_MSG_EQ(dups.at(1).sequence, SequenceNumber32(537), "the second");
        const auto& counts = scenario.GetCounts();
        NS_TEST_ASSERT_MSG_EQ(counts.at(0).right, 3 * 536, "connection 1 intact");
        if (m_rfc1337)
        {
            // Both duplicates meet TIME_WAIT: two ACKs, two RSTs, both ignored.
            NS_TEST_ASSERT_MSG_EQ(scenario.GetResetsInTimeWait(), 2, "two RSTs");
            NS_TEST_ASSERT_MSG_EQ(scenario.GetTimeWaitEnd(), Time::Max(), "TIME_WAIT holds");
            NS_TEST_ASSERT_MSG_EQ(scenario.GetSecondConnection(), Time::Max(), "port held");
            NS_TEST_ASSERT_MSG_EQ(counts.size(), 1, "one connection");
            return;
        }
        // The ACK of the trigger and the server's RST: one round trip (about 20 ms).
        NS_TEST_ASSERT_MSG_EQ(scenario.GetResetsInTimeWait(), 1, "one RST");
        const Time end = scenario.GetTimeWaitEnd();
        NS_TEST_ASSERT_MSG_EQ((end > trigger && end < trigger + MilliSeconds(25)),
                              true,
                              "TIME_WAIT ended one round trip after the trigger, at "
                                  << end.As(Time::S));
        const Time second = scenario.GetSecondConnection();
        NS_TEST_ASSERT_MSG_EQ((second > end && second < end + MilliSeconds(130)),
                              true,
                              "connection 2 at the next bind() retry, at " << second.As(Time::S));
        NS_TEST_ASSERT_MSG_EQ((dups.at(1).deliveredAt > second), true, "the stray comes later");
        NS_TEST_ASSERT_MSG_EQ(counts.size(), 2, "two connections");
        NS_TEST_ASSERT_MSG_EQ(counts.at(1).delivered, 3 * 536, "connection 2 read all");
        NS_TEST_ASSERT_MSG_EQ(counts.at(1).byAge[1], 536, "one segment from connection 1");
        NS_TEST_ASSERT_MSG_EQ(counts.at(1).right, 2 * 536, "the rest right");
        NS_TEST_ASSERT_MSG_EQ(counts.at(1).firstCorruptionOffset, 536, "at offset 536");
    }

    bool m_rfc1337; //!< the client's Rfc1337
};

/// The assassination suite.
class AssassinationTestSuite : public TestSuite
{
  public:
    AssassinationTestSuite()
        : TestSuite("tcp-teardown-assassination", UNIT)
    {
        AddTestCase(new AssassinationTestCase(false), TestCase::QUICK);
        AddTestCase(new AssassinationTestCase(true), TestCase::QUICK);
    }
};

/// Static instance that registers the suite.
AssassinationTestSuite g_assassinationTestSuite;

} // namespace
