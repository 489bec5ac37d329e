/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TIME_WAIT assassination (RFC 1337 H1, TcpAssassinationScenario): with Rfc1337 off the RST
// provoked by an old duplicate ends TIME_WAIT and a later duplicate corrupts exactly one
// segment of the next connection; with Rfc1337 on TIME_WAIT survives and nothing is corrupted.
// H2 and H3 as RFC 1337 describes them; the story (TcpTimeWaitAssassinationScenario) runs the
// same experiment on its stage.

#include "ns3/boolean.h"
#include "ns3/string.h"
#include "ns3/tcp-assassination-scenario.h"
#include "ns3/tcp-time-wait-assassination-scenario.h"
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

/// H2: the stray reaches beyond connection 2's data; the two ends disagree.
class DesynchronizedTestCase : public TestCase
{
  public:
    /// \param rateLimit InvalidRateLimit on both hosts
    explicit DesynchronizedTestCase(Time rateLimit)
        : TestCase("RFC 1337 H2, tcp_invalid_ratelimit " +
                   std::to_string(rateLimit.GetMilliSeconds()) + " ms: " +
                   (rateLimit.IsZero() ? "RFC 793's endless ACK loop until the server gives up"
                                       : "one answer per interval, the server gives up")),
          m_rateLimit(rateLimit)
    {
    }

  private:
    void DoRun() override
    {
        TcpAssassinationScenario scenario;
        scenario.SetHazard(TcpAssassinationScenario::H2_DESYNCHRONIZED);
        scenario.SetInvalidRateLimit(m_rateLimit);
        scenario.SetRetries2(3);
        scenario.Run();

        const auto& counts = scenario.GetCounts();
        NS_TEST_ASSERT_MSG_EQ(counts.size(), 2, "two connections");
        // The server sent 536 bytes; the client holds the stray's 536 after them.
        NS_TEST_ASSERT_MSG_EQ(counts.at(1).delivered, 2 * 536, "connection 2 read");
        NS_TEST_ASSERT_MSG_EQ(counts.at(1).right, 536, "the server's segment");
        NS_TEST_ASSERT_MSG_EQ(counts.at(1).byAge[1], 536, "and connection 1's after it");
        // Its data never acknowledged acceptably, the server retransmits and gives up.
        const uint32_t retransmissions = scenario.GetServerRetransmissions();
        NS_TEST_ASSERT_MSG_EQ(retransmissions, 4, "Retries2 3: four timeout retransmissions");
        NS_TEST_ASSERT_MSG_EQ(scenario.GetServerSecondEndReason(),
                              TcpCloseReason::TIMEDOUT,
                              "the server gives up");
        const Time span = scenario.GetServerSecondEnd() - scenario.GetSecondConnection();
        const uint32_t acks = scenario.GetAcksOfUnsentData();
        const uint32_t answers = scenario.GetServerAcks();
        if (m_rateLimit.IsZero())
        {
            // Every ACK answered: each exchange takes one round trip (10 ms) and each
            // retransmission starts one more, so thousands before the server gives up.
            NS_TEST_ASSERT_MSG_GT(
                answers,
                static_cast<uint32_t>(span.GetInteger() / MilliSeconds(10).GetInteger()),
                "an ACK loop: at least one answer per round trip");
            NS_TEST_ASSERT_MSG_EQ((acks >= answers), true, "each answer is answered");
            return;
        }
        // tcp_invalid_ratelimit: at most one answer per 500 ms on each side.
        const uint32_t intervals =
            static_cast<uint32_t>(span.GetInteger() / m_rateLimit.GetInteger()) + 1;
        NS_TEST_ASSERT_MSG_GT_OR_EQ(answers, 1, "the server answers the ACK of unsent data");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(answers, intervals, "at most one answer per interval");
        // The client's ACKs: one per server segment (data or answer) it could not accept,
        // the answers to pure ACKs at most one per interval.
        NS_TEST_ASSERT_MSG_LT_OR_EQ(acks,
                                    1 + retransmissions + intervals,
                                    "the client's ACKs of unsent data stay few");
    }

    Time m_rateLimit; //!< InvalidRateLimit
};

/// H3: the stray reaches connection 2 in SYN_SENT; the client's RST hits the half-open server.
class ConnectionDiesTestCase : public TestCase
{
  public:
    /// \param rfc5961 Rfc5961 on both hosts
    /// \param offset how long before the stray the SYN leaves
    ConnectionDiesTestCase(bool rfc5961, Time offset)
        : TestCase(std::string("RFC 1337 H3, RFC 5961 ") + (rfc5961 ? "on" : "off") + ", stray " +
                   std::to_string(offset.GetMilliSeconds()) + " ms into SYN_SENT: " +
                   (!rfc5961 && offset > MilliSeconds(2) ? "connection 2 dies"
                                                         : "connection 2 survives")),
          m_rfc5961(rfc5961),
          m_offset(offset)
    {
    }

  private:
    void DoRun() override
    {
        TcpAssassinationScenario scenario;
        scenario.SetHazard(TcpAssassinationScenario::H3_CONNECTION_DIES);
        scenario.SetRfc5961(m_rfc5961);
        scenario.SetSynSentOffset(m_offset);
        scenario.Run();

        const auto& dups = scenario.GetDuplicates();
        NS_TEST_ASSERT_MSG_EQ(dups.size(), 2, "two duplicated segments");
        NS_TEST_ASSERT_MSG_EQ(dups.at(1).ack, SequenceNumber32(101), "it acknowledges the request");
        NS_TEST_ASSERT_MSG_EQ(scenario.GetSynSentResets(), 1, "SYN_SENT resets the old ACK");
        const Time second = scenario.GetSecondConnection();
        // The SYN-ACK comes one round trip after the SYN, which left m_offset before the stray.
        NS_TEST_ASSERT_MSG_EQ((second - (dups.at(1).deliveredAt - m_offset) < MilliSeconds(11)),
                              true,
                              "connect() completed with the first SYN-ACK");
        // The RST (seq 101) lands in the server's SYN_RCVD window [1, 1 + window) but not at
        // its RCV.NXT (1). RFC 5961: a challenge ACK; RFC 793: the half-open connection dies,
        // unless the client's SYN, resent 8 ms after its RST, reaches the listener before the
        // client's handshake ACK does (the stray less than 2 ms into SYN_SENT).
        if (m_rfc5961 || m_offset < MilliSeconds(2))
        {
            NS_TEST_ASSERT_MSG_EQ(scenario.GetAccepted(), 2, "the server accepted connection 2");
            NS_TEST_ASSERT_MSG_EQ(scenario.GetSecondEndReason(), TcpCloseReason::NONE, "open");
            NS_TEST_ASSERT_MSG_EQ(scenario.GetCounts().at(1).right, 3 * 536, "its data intact");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(scenario.GetAccepted(), 1, "connection 2 was never accepted");
        NS_TEST_ASSERT_MSG_EQ(scenario.GetSecondEndReason(),
                              TcpCloseReason::CONNRESET,
                              "the listener resets the handshake's ACK");
        NS_TEST_ASSERT_MSG_EQ((scenario.GetSecondEnd() - second < MilliSeconds(11)),
                              true,
                              "one round trip after it opened");
        NS_TEST_ASSERT_MSG_EQ(scenario.GetCounts().at(1).delivered, 0, "nothing read");
    }

    bool m_rfc5961; //!< Rfc5961
    Time m_offset;  //!< SYN_SENT offset
};

/// The story (TcpTimeWaitAssassinationScenario) on one direct link runs the same experiment.
class StoryMatchesEngineTestCase : public TestCase
{
  public:
    /// \param hazard H1 or H3 (H3 without RFC 5961)
    explicit StoryMatchesEngineTestCase(TcpAssassinationScenario::Hazard hazard)
        : TestCase(
              std::string("story assassination on one direct link, ") +
              (hazard == TcpAssassinationScenario::H1_OLD_DATA ? "H1" : "H3 without RFC 5961") +
              ": the engine's duplicates, TIME_WAIT end and connection 2"),
          m_hazard(hazard)
    {
    }

  private:
    void DoRun() override
    {
        const bool h3 = m_hazard == TcpAssassinationScenario::H3_CONNECTION_DIES;
        TcpAssassinationScenario engine;
        engine.SetHazard(m_hazard);
        engine.SetRfc5961(!h3);
        engine.Run();

        Ptr<TcpTimeWaitAssassinationScenario> story =
            CreateObject<TcpTimeWaitAssassinationScenario>();
        story->SetAttribute("Router", BooleanValue(false));
        story->SetAttribute("Hazard", StringValue(h3 ? "H3" : "H1"));
        story->SetAttribute("Rfc5961", BooleanValue(!h3));
        TcpScenarioResult result = story->Run();

        NS_TEST_ASSERT_MSG_EQ(result.passed, true, result.observed);
        const auto& dups = engine.GetDuplicates();
        NS_TEST_ASSERT_MSG_EQ(result.impairments.size(), dups.size(), "the duplicates");
        for (std::size_t i = 0; i < dups.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(result.impairments[i].deliveredAt,
                                  dups[i].deliveredAt,
                                  "duplicate " << i << " at the same time");
        }
        NS_TEST_ASSERT_MSG_GT_OR_EQ(result.endpoints.size(), 2, "connections 1 and 2");
        const TcpEndpointOutcome& first = result.endpoints.at(0);
        const TcpEndpointOutcome& second = result.endpoints.at(1);
        NS_TEST_EXPECT_MSG_EQ(first.end, engine.GetTimeWaitEnd(), "TIME_WAIT ended alike");
        const auto& counts = engine.GetCounts();
        NS_TEST_ASSERT_MSG_EQ(counts.size(), 2, "two connections");
        NS_TEST_EXPECT_MSG_EQ(second.bytesDelivered, counts[1].delivered, "connection 2 read");
        NS_TEST_EXPECT_MSG_EQ(second.bytesCorrupted,
                              counts[1].delivered - counts[1].right,
                              "connection 2's old bytes");
        NS_TEST_EXPECT_MSG_EQ(second.reason, engine.GetSecondEndReason(), "connection 2's end");
        if (h3)
        {
            NS_TEST_EXPECT_MSG_EQ(second.end, engine.GetSecondEnd(), "it ended alike");
        }
    }

    TcpAssassinationScenario::Hazard m_hazard; //!< the hazard
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
        AddTestCase(new DesynchronizedTestCase(MilliSeconds(500)), TestCase::QUICK);
        AddTestCase(new DesynchronizedTestCase(Time(0)), TestCase::QUICK);
        AddTestCase(new ConnectionDiesTestCase(true, MilliSeconds(5)), TestCase::QUICK);
        AddTestCase(new ConnectionDiesTestCase(false, MilliSeconds(5)), TestCase::QUICK);
        AddTestCase(new ConnectionDiesTestCase(false, MilliSeconds(1)), TestCase::QUICK);
        AddTestCase(new StoryMatchesEngineTestCase(TcpAssassinationScenario::H1_OLD_DATA),
                    TestCase::QUICK);
        AddTestCase(new StoryMatchesEngineTestCase(TcpAssassinationScenario::H3_CONNECTION_DIES),
                    TestCase::QUICK);
    }
};

/// Static instance that registers the suite.
AssassinationTestSuite g_assassinationTestSuite;

} // namespace
