/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-stray-segment-scenario.h"

#include "tcp-stray-corruption-scenario.h"

#include "ns3/boolean.h"
#include "ns3/string.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TcpStraySegmentScenario);

TypeId
TcpStraySegmentScenario::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpStraySegmentScenario")
            .SetParent<TcpTeardownScenario>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpStraySegmentScenario>()
            .AddAttribute("TimeWait",
                          "The client's TIME_WAIT, 0 (none) .. 600 s.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TcpStraySegmentScenario::m_timeWait),
                          MakeTimeChecker(Time(0), Seconds(600)))
            .AddAttribute("StrayDelay",
                          "How late the old segment arrives, 1 ms .. 20 s.",
                          TimeValue(Seconds(4)),
                          MakeTimeAccessor(&TcpStraySegmentScenario::m_strayDelay),
                          MakeTimeChecker(MilliSeconds(1), Seconds(20)))
            .AddAttribute("IsnPolicy",
                          "IsnPolicy of both hosts: Zero, Rfc6528, Linux or Random.",
                          StringValue("Zero"),
                          MakeStringAccessor(&TcpStraySegmentScenario::m_isnPolicy),
                          MakeStringChecker())
            .AddAttribute("Timestamps",
                          "Whether the timestamp option is on.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpStraySegmentScenario::m_timestamps),
                          MakeBooleanChecker());
    return tid;
}

std::string
TcpStraySegmentScenario::GetStory() const
{
    return "stray-segment";
}

Time
TcpStraySegmentScenario::GetStopTime() const
{
    return Seconds(30);
}

void
TcpStraySegmentScenario::DoRun(TcpScenarioResult& result)
{
    TCP_TEARDOWN_REQUIRE(m_isnPolicy == "Zero" || m_isnPolicy == "Rfc6528" ||
                             m_isnPolicy == "Linux" || m_isnPolicy == "Random",
                         "TcpStraySegmentScenario: IsnPolicy=" << m_isnPolicy
                                                               << " is not Zero, Rfc6528, Linux "
                                                                  "or Random");
    TcpTeardownRecorder recorder;
    TcpStrayCorruptionScenario engine;
    engine.SetStage(GetLinkRate(), GetLinkDelay(), HasRouter(), &recorder);
    engine.SetTimeWait(m_timeWait);
    engine.SetStrayDelay(m_strayDelay);
    engine.SetIsnPolicy(m_isnPolicy);
    engine.SetTimestamps(m_timestamps);
    engine.SetDuration(GetDuration());
    engine.Run();
    result.stopTime = GetDuration();
    CopyRecords(recorder, result);

    const auto& incarnations = engine.GetIncarnations();
    // Node 0 is the client, 1 the server (TcpTeardownHostPair).
    for (uint32_t i = 0; i < incarnations.size() && i < 3; ++i)
    {
        TcpEndpointOutcome server =
            Describe(result, "server, connection " + std::to_string(i + 1), 1, i);
        server.bytesDelivered = incarnations[i].counts.delivered;
        server.bytesCorrupted = incarnations[i].counts.delivered - incarnations[i].counts.right;
        result.endpoints.push_back(server);
    }
    result.endpoints.insert(result.endpoints.begin(), Describe(result, "client, connection 1", 0));
    const TcpSegmentImpairment::Record stray = engine.GetStray();
    result.AddFigure("connections on the same ports", std::to_string(incarnations.size()));
    result.AddFigure("stray segment held back", FormatSeconds(m_strayDelay));
    result.AddFigure("stray delivered at", FormatSeconds(stray.deliveredAt));
    result.AddFigure("corrupted connections", std::to_string(engine.GetCorruptedConnections()));
    result.AddFigure("corrupted bytes", std::to_string(engine.GetCorruptedBytes()));
    const bool corruptible = m_timeWait < m_strayDelay && m_isnPolicy == "Zero";
    result.expected =
        corruptible ? "TIME_WAIT (" + FormatSeconds(m_timeWait, 0) +
                          ") is shorter than the stray's delay and every incarnation starts at "
                          "ISN 0: a later connection reads the old bytes as its own"
                    : "TIME_WAIT outlasts the stray, or the ISNs move apart: no byte of an old "
                      "connection is delivered";
    result.observed = std::to_string(engine.GetCorruptedBytes()) + " old bytes read in " +
                      std::to_string(engine.GetCorruptedConnections()) + " of " +
                      std::to_string(incarnations.size()) + " connections";
    result.passed = corruptible ? engine.GetCorruptedBytes() > 0 : engine.GetCorruptedBytes() == 0;
}

} // namespace ns3
