/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-stray-segment-scenario.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TcpStraySegmentScenario);

namespace
{

/// \return the IsnPolicy's name, as TcpTeardownSocket's attribute spells it
std::string
IsnName(TcpIsnGenerator::Policy policy)
{
    switch (policy)
    {
    case TcpIsnGenerator::RFC6528:
        return "Rfc6528";
    case TcpIsnGenerator::LINUX:
        return "Linux";
    case TcpIsnGenerator::RANDOM:
        return "Random";
    default:
        return "Zero";
    }
}

} // namespace

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
            .AddAttribute("Gap",
                          "From one connection's end at the client (TIME_WAIT, or CLOSED "
                          "without it) to the next connect(), 0 .. 60 s.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&TcpStraySegmentScenario::m_gap),
                          MakeTimeChecker(Time(0), Seconds(60)))
            .AddAttribute("ReuseAddress",
                          "SO_REUSEADDR on the client's sockets.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpStraySegmentScenario::m_reuse),
                          MakeBooleanChecker())
            .AddAttribute("Chunks",
                          "Data segments (536 B) each connection writes, 1 .. 1000; the stray "
                          "is the first connection's last.",
                          UintegerValue(10),
                          MakeUintegerAccessor(&TcpStraySegmentScenario::m_chunks),
                          MakeUintegerChecker<uint32_t>(1, 1000))
            .AddAttribute("ChunkInterval",
                          "Time between a connection's data segments, 1 ms .. 10 s.",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&TcpStraySegmentScenario::m_chunkInterval),
                          MakeTimeChecker(MilliSeconds(1), Seconds(10)))
            .AddAttribute("IsnPolicy",
                          "IsnPolicy of both hosts: Zero, Rfc6528, Linux or Random.",
                          EnumValue(TcpIsnGenerator::ZERO),
                          MakeEnumAccessor(&TcpStraySegmentScenario::m_isnPolicy),
                          MakeEnumChecker(TcpIsnGenerator::ZERO,
                                          "Zero",
                                          TcpIsnGenerator::RFC6528,
                                          "Rfc6528",
                                          TcpIsnGenerator::LINUX,
                                          "Linux",
                                          TcpIsnGenerator::RANDOM,
                                          "Random"))
            .AddAttribute("Timestamps",
                          "Whether the timestamp option is on.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpStraySegmentScenario::m_timestamps),
                          MakeBooleanChecker())
            .AddAttribute("ServerEndpoints",
                          "How many of the server's connections the result describes as "
                          "endpoints, in accept order, 0 (all) .. 1000.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&TcpStraySegmentScenario::m_serverEndpoints),
                          MakeUintegerChecker<uint32_t>(0, 1000));
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
TcpStraySegmentScenario::DoConfigure(TcpTeardownHelper& teardown)
{
    m_engine.SetTimeWait(m_timeWait);
    m_engine.SetStrayDelay(m_strayDelay);
    m_engine.SetGap(m_gap);
    m_engine.SetReuseAddress(m_reuse);
    m_engine.SetChunks(m_chunks, m_chunkInterval);
    m_engine.SetIsnPolicy(IsnName(m_isnPolicy));
    m_engine.SetTimestamps(m_timestamps);
    m_engine.SetDuration(GetDuration());
    m_engine.Configure(teardown);
}

void
TcpStraySegmentScenario::DoBuild(Stage& stage)
{
    m_engine.Install(*stage.hosts, stage.recorder);
}

void
TcpStraySegmentScenario::DoJudge(const Stage& stage, TcpScenarioResult& result)
{
    m_engine.Collect();
    const auto& incarnations = m_engine.GetIncarnations();
    const uint32_t client = stage.client->GetId();
    const uint32_t server = stage.server->GetId();
    result.endpoints.push_back(Describe(result, "client, connection 1", client));
    for (uint32_t i = 0;
         i < incarnations.size() && (m_serverEndpoints == 0 || i < m_serverEndpoints);
         ++i)
    {
        TcpEndpointOutcome endpoint =
            Describe(result, "server, connection " + std::to_string(i + 1), server, i);
        endpoint.bytesDelivered = incarnations[i].counts.delivered;
        endpoint.bytesCorrupted = incarnations[i].counts.delivered - incarnations[i].counts.right;
        result.endpoints.push_back(endpoint);
    }
    const TcpSegmentImpairment::Record stray = m_engine.GetStray();
    const uint64_t corrupted = m_engine.GetCorruptedBytes();
    const uint32_t hit = m_engine.GetCorruptedConnections();
    result.AddFigure("connections on the same ports", std::to_string(incarnations.size()));
    result.AddFigure("bind() failures, the port held", std::to_string(m_engine.GetBindFailures()));
    result.AddFigure("stray segment held back", FormatSeconds(m_strayDelay));
    if (stray.time != Time::Max())
    {
        result.AddFigure("stray segment",
                         "connection 1's seq " + std::to_string(stray.sequence.GetValue()) + ", " +
                             std::to_string(stray.payload) + " B, held at " +
                             FormatSeconds(stray.time));
    }
    result.AddFigure("stray delivered at", FormatSeconds(stray.deliveredAt));
    result.AddFigure("corrupted connections", std::to_string(hit));
    std::string which;
    for (const auto& incarnation : incarnations)
    {
        if (incarnation.counts.fromOldIncarnation + incarnation.counts.misplaced > 0)
        {
            which += (which.empty() ? "" : ", ") + std::to_string(incarnation.number);
        }
    }
    result.AddFigure("connections that read old bytes", which.empty() ? "none" : which);
    result.AddFigure("corrupted bytes", std::to_string(corrupted));
    const bool shortTimeWait = m_timeWait < m_strayDelay;
    const bool sameIsn = m_isnPolicy == TcpIsnGenerator::ZERO;
    const bool corruptible = shortTimeWait && sameIsn && !m_timestamps;

    // With ISN 0 every incarnation numbers its bytes alike: Linux accepts the stray if it
    // reaches a later connection that is open and has not yet received the stray's offset,
    // i.e. arrives between that connection's connect() and the write of the stray's chunk
    // (plus the path). Within a round trip of either edge the outcome depends on the path's
    // exact timing, and either outcome is Linux's.
    enum
    {
        MISSES,
        HITS,
        SAME_BYTES,
        BORDERLINE
    } timing = MISSES;

    if (corruptible && stray.time != Time::Max() && stray.payload > 0)
    {
        const Time rtt = GetLinkDelay() * (HasRouter() ? 4 : 2) + MilliSeconds(2);
        const uint32_t chunk = (stray.sequence.GetValue() - 1) / stray.payload;
        for (const auto& incarnation : incarnations)
        {
            if (incarnation.number < 2 || chunk >= m_chunks)
            {
                continue;
            }
            const Time from = incarnation.opened;
            const Time until = incarnation.opened + m_chunkInterval * chunk;
            const Time t = stray.deliveredAt;
            if (t > from + rtt && t < until - rtt)
            {
                // TcpStreamCode writes incarnation i mod 4 into each byte: a stray 4, 8, ...
                // incarnations old carries exactly the bytes the new connection writes there.
                timing = (incarnation.number - 1) % 4 == 0 ? SAME_BYTES : HITS;
                break;
            }
            if (t >= from - rtt && t <= until + rtt)
            {
                timing = BORDERLINE;
            }
        }
    }
    if (corruptible && timing == HITS)
    {
        result.expected = "TIME_WAIT (" + FormatSeconds(m_timeWait, 0) +
                          ") is shorter than the stray's delay, every incarnation starts at ISN 0 "
                          "and the stray reaches a later connection before it has received that "
                          "offset: that connection reads the old bytes as its own";
    }
    else if (corruptible && timing == SAME_BYTES)
    {
        result.expected = "the stray reaches a later connection before it has received that "
                          "offset, but that connection is a multiple of 4 incarnations younger: "
                          "TcpStreamCode gives it the very same bytes there, so nothing reads "
                          "as corrupted";
    }
    else if (corruptible && timing == BORDERLINE)
    {
        result.expected = "TIME_WAIT (" + FormatSeconds(m_timeWait, 0) +
                          ") is shorter than the stray's delay and every incarnation starts at "
                          "ISN 0, but the stray arrives within a round trip of a later "
                          "connection's opening or of its receiving that offset: corrupted or "
                          "not, by the path's exact timing";
    }
    else if (corruptible)
    {
        result.expected = "TIME_WAIT (" + FormatSeconds(m_timeWait, 0) +
                          ") is shorter than the stray's delay and every incarnation starts at "
                          "ISN 0, but the stray meets no later connection that still awaits its "
                          "offset: no byte of an old connection is delivered";
    }
    else if (shortTimeWait && sameIsn)
    {
        result.expected = "TIME_WAIT is shorter than the stray's delay, but with timestamps PAWS "
                          "(RFC 7323) drops the old segment: no byte of an old connection is "
                          "delivered (the module does not model PAWS)";
    }
    else
    {
        result.expected = "TIME_WAIT outlasts the stray, or the ISNs move apart: no byte of an "
                          "old connection is delivered";
    }
    result.observed = std::to_string(corrupted) + " old bytes read in " + std::to_string(hit) +
                      " of " + std::to_string(incarnations.size()) + " connections";
    result.passed = timing == HITS ? corrupted > 0 : timing == BORDERLINE || corrupted == 0;
}

} // namespace ns3
