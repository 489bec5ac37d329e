/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The stray-segment experiment (TcpStrayCorruptionScenario): with TIME_WAIT shorter than the
// stray's delay and ISN 0 the stray replaces exactly one segment of a later connection; a
// TIME_WAIT that outlasts the delay, or an ISN policy that moves the sequence space, leaves
// every byte right. The story (TcpStraySegmentScenario) runs the same experiment on its stage.

#include "ns3/boolean.h"
#include "ns3/tcp-stray-corruption-scenario.h"
#include "ns3/tcp-stray-segment-scenario.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

using namespace ns3;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// One run of the scenario with a 4 s stray and 20 segments per connection.
class StrayScenarioTestCase : public TestCase
{
  public:
    /**
     * \param timeWait the client's TIME_WAIT (0: none)
     * \param isn the IsnPolicy
     * \param expectCorrupted whether one connection must lose exactly one segment
     */
    StrayScenarioTestCase(Time timeWait, const std::string& isn, bool expectCorrupted)
        : TestCase("stray 4 s late, TIME_WAIT " +
                   std::to_string(timeWait.GetSeconds()).substr(0, 3) + " s, ISN " + isn + ": " +
                   (expectCorrupted ? "536 bytes corrupted" : "no corruption")),
          m_timeWait(timeWait),
          m_isn(isn),
          m_expectCorrupted(expectCorrupted)
    {
    }

  private:
    void DoRun() override
    {
        TcpStrayCorruptionScenario scenario;
        scenario.SetTimeWait(m_timeWait);
        scenario.SetStrayDelay(Seconds(4));
        scenario.SetGap(Seconds(0.5));
        scenario.SetIsnPolicy(m_isn);
        scenario.SetTimestamps(false);
        scenario.SetChunks(20, MilliSeconds(100));
        scenario.SetDuration(Seconds(20));
        scenario.Run();

        const auto stray = scenario.GetStray();
        NS_TEST_ASSERT_MSG_EQ(stray.payload, 536, "one segment delayed");
        NS_TEST_ASSERT_MSG_EQ(stray.deliveredAt, stray.time + Seconds(4), "4 s late");
        const auto& incarnations = scenario.GetIncarnations();
        NS_TEST_ASSERT_MSG_GT(incarnations.size(), 1, "the port was used again");
        // A connection open for longer than the TIME_WAIT before it was busy waiting.
        if (m_timeWait > Seconds(0.5))
        {
            NS_TEST_ASSERT_MSG_GT(incarnations.at(1).bindRetries, 0, "bind() met TIME_WAIT");
        }
        if (!m_expectCorrupted)
        {
            NS_TEST_ASSERT_MSG_EQ(scenario.GetCorruptedBytes(), 0, "every byte right");
            NS_TEST_ASSERT_MSG_EQ(scenario.GetCorruptedConnections(), 0, "no connection hit");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(scenario.GetCorruptedBytes(), 536, "one segment of old bytes");
        NS_TEST_ASSERT_MSG_EQ(scenario.GetCorruptedConnections(), 1, "in one connection");
        for (const auto& i : incarnations)
        {
            if (i.counts.fromOldIncarnation > 0)
            {
                // The stray is the last segment of connection 1: offset 19 x 536.
                NS_TEST_ASSERT_MSG_EQ(i.counts.firstCorruptionOffset, 19 * 536, "its offset");
                const uint32_t age = (i.number - 1) % 4; // connection 1 is i.number - 1 back
                NS_TEST_ASSERT_MSG_NE(age, 0, "within three incarnations");
                NS_TEST_ASSERT_MSG_EQ(i.counts.byAge[age], 536, "from connection 1");
                NS_TEST_ASSERT_MSG_EQ((i.opened < stray.deliveredAt), true, "opened before it");
            }
        }
    }

    Time m_timeWait;        //!< the client's TIME_WAIT
    std::string m_isn;      //!< the IsnPolicy
    bool m_expectCorrupted; //!< the expected outcome
};

/// The story (TcpStraySegmentScenario) on one direct link runs the same experiment.
class StoryMatchesEngineTestCase : public TestCase
{
  public:
    StoryMatchesEngineTestCase()
        : TestCase("story stray-segment on one direct link: the engine's incarnations, stray "
                   "and corruption")
    {
    }

  private:
    void DoRun() override
    {
        TcpStrayCorruptionScenario engine;
        engine.SetTimeWait(Seconds(0));
        engine.SetStrayDelay(Seconds(4));
        engine.SetGap(Seconds(0.5));
        engine.SetTimestamps(false);
        engine.SetChunks(20, MilliSeconds(100));
        engine.SetDuration(Seconds(20));
        engine.Run();

        Ptr<TcpStraySegmentScenario> story = CreateObject<TcpStraySegmentScenario>();
        story->SetAttribute("Router", BooleanValue(false));
        story->SetAttribute("Gap", TimeValue(Seconds(0.5)));
        story->SetAttribute("Chunks", UintegerValue(20));
        story->SetAttribute("Duration", TimeValue(Seconds(20)));
        story->SetAttribute("ServerEndpoints", UintegerValue(0));
        TcpScenarioResult result = story->Run();

        NS_TEST_ASSERT_MSG_EQ(result.passed, true, result.observed);
        NS_TEST_ASSERT_MSG_EQ(result.impairments.size(), 1, "one stray");
        NS_TEST_ASSERT_MSG_EQ(result.impairments.front().deliveredAt,
                              engine.GetStray().deliveredAt,
                              "delivered at the same time");
        const auto& incarnations = engine.GetIncarnations();
        NS_TEST_ASSERT_MSG_EQ(result.endpoints.size(),
                              incarnations.size() + 1,
                              "the client's first connection and every server connection");
        for (uint32_t i = 0; i < incarnations.size(); ++i)
        {
            const TcpEndpointOutcome& server = result.endpoints.at(i + 1);
            NS_TEST_EXPECT_MSG_EQ(server.bytesDelivered,
                                  incarnations[i].counts.delivered,
                                  server.label << ": bytes read");
            NS_TEST_EXPECT_MSG_EQ(server.bytesCorrupted,
                                  incarnations[i].counts.delivered - incarnations[i].counts.right,
                                  server.label << ": bytes not its own");
        }
        NS_TEST_EXPECT_MSG_EQ(result.GetFigure("corrupted bytes"),
                              std::to_string(engine.GetCorruptedBytes()),
                              "the same corruption");
        NS_TEST_EXPECT_MSG_EQ(result.GetFigure("connections that read old bytes"),
                              "3",
                              "connection 3 reads the stray");
    }
};

/// The stray-corruption suite.
class StrayCorruptionTestSuite : public TestSuite
{
  public:
    StrayCorruptionTestSuite()
        : TestSuite("tcp-teardown-stray-corruption", UNIT)
    {
        AddTestCase(new StrayScenarioTestCase(Seconds(0), "Zero", true), TestCase::QUICK);
        AddTestCase(new StrayScenarioTestCase(Seconds(2), "Zero", true), TestCase::QUICK);
        AddTestCase(new StrayScenarioTestCase(Seconds(5), "Zero", false), TestCase::QUICK);
        AddTestCase(new StrayScenarioTestCase(Seconds(0), "Rfc6528", false), TestCase::QUICK);
        AddTestCase(new StoryMatchesEngineTestCase(), TestCase::QUICK);
    }
};

/// Static instance that registers the suite.
static StrayCorruptionTestSuite g_strayCorruptionTestSuite;

} // namespace
