/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-time-wait-assassination-scenario.h"

#include "tcp-assassination-scenario.h"

#include "ns3/boolean.h"
#include "ns3/string.h"

#include <algorithm>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TcpTimeWaitAssassinationScenario);

TypeId
TcpTimeWaitAssassinationScenario::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpTimeWaitAssassinationScenario")
            .SetParent<TcpTeardownScenario>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpTimeWaitAssassinationScenario>()
            .AddAttribute("Hazard",
                          "RFC 1337 hazard: H1 (old data), H2 (desynchronized) or H3 (the "
                          "half-open connection dies).",
                          StringValue("H1"),
                          MakeStringAccessor(&TcpTimeWaitAssassinationScenario::m_hazard),
                          MakeStringChecker())
            .AddAttribute("Rfc1337",
                          "net.ipv4.tcp_rfc1337: TIME_WAIT ignores RSTs.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTimeWaitAssassinationScenario::m_rfc1337),
                          MakeBooleanChecker())
            .AddAttribute("Rfc5961",
                          "RFC 5961's RST checks (Linux); H3 needs them off to do harm.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TcpTimeWaitAssassinationScenario::m_rfc5961),
                          MakeBooleanChecker());
    return tid;
}

std::string
TcpTimeWaitAssassinationScenario::GetStory() const
{
    return "assassination";
}

Time
TcpTimeWaitAssassinationScenario::GetStopTime() const
{
    return m_hazard == "H2" ? Seconds(1000) : Seconds(10);
}

void
TcpTimeWaitAssassinationScenario::DoRun(TcpScenarioResult& result)
{
    TCP_TEARDOWN_REQUIRE(m_hazard == "H1" || m_hazard == "H2" || m_hazard == "H3",
                         "TcpTimeWaitAssassinationScenario: Hazard=" << m_hazard
                                                                     << " is not H1, H2 or H3");
    TcpTeardownRecorder recorder;
    TcpAssassinationScenario engine;
    engine.SetStage(GetLinkRate(), GetLinkDelay(), HasRouter(), &recorder);
    engine.SetHazard(m_hazard == "H1"   ? TcpAssassinationScenario::H1_OLD_DATA
                     : m_hazard == "H2" ? TcpAssassinationScenario::H2_DESYNCHRONIZED
                                        : TcpAssassinationScenario::H3_CONNECTION_DIES);
    engine.SetRfc1337(m_rfc1337);
    engine.SetRfc5961(m_rfc5961);
    engine.Run();
    result.stopTime = GetStopTime();
    CopyRecords(recorder, result);
    result.endpoints = {Describe(result, "client, connection 1", 0, 0),
                        Describe(result, "client, connection 2", 0, 1),
                        Describe(result, "server, connection 2", 1, 1)};
    uint64_t oldBytes = 0;
    const auto& counts = engine.GetCounts();
    for (std::size_t i = 0; i < counts.size(); ++i)
    {
        oldBytes += counts[i].fromOldIncarnation;
        if (i + 1 < result.endpoints.size())
        {
            result.endpoints[i].bytesDelivered = counts[i].delivered;
            result.endpoints[i].bytesCorrupted = counts[i].delivered - counts[i].right;
        }
    }
    // With the port held (tcp_rfc1337) there may be no connection 2.
    result.endpoints.erase(
        std::remove_if(result.endpoints.begin(),
                       result.endpoints.end(),
                       [](const TcpEndpointOutcome& e) { return e.socket == 0; }),
        result.endpoints.end());
    const Time end = engine.GetTimeWaitEnd();
    result.AddFigure("RSTs received in TIME_WAIT", std::to_string(engine.GetResetsInTimeWait()));
    result.AddFigure("TIME_WAIT ended", end == Time::Max() ? "never" : FormatSeconds(end));
    result.AddFigure("old bytes read by connection 2", std::to_string(oldBytes));
    result.AddFigure("connection 2 ended (client)",
                     engine.GetSecondEnd() == Time::Max()
                         ? "no"
                         : FormatSeconds(engine.GetSecondEnd()) + " with " +
                               TcpCloseReasonName(engine.GetSecondEndReason()));
    if (m_hazard == "H2")
    {
        result.AddFigure("ACKs of unsent data", std::to_string(engine.GetAcksOfUnsentData()));
    }
    result.AddFigure("connections the server accepted", std::to_string(engine.GetAccepted()));
    const std::string ended =
        "; connection 2 " + (engine.GetSecondEnd() == Time::Max()
                                 ? std::string("did not end")
                                 : "ended with " + TcpCloseReasonName(engine.GetSecondEndReason()));
    result.observed = std::to_string(engine.GetResetsInTimeWait()) + " RST(s) in TIME_WAIT, " +
                      std::to_string(oldBytes) + " old bytes read" + ended;
    if (m_rfc1337)
    {
        result.expected = "with tcp_rfc1337 TIME_WAIT ignores the RST: no old byte is read";
        result.passed = oldBytes == 0;
        return;
    }
    if (m_hazard == "H1")
    {
        result.expected = "the RST ends TIME_WAIT early and the next connection reads old data";
        result.passed = end != Time::Max() && oldBytes > 0;
    }
    else if (m_hazard == "H2")
    {
        result.expected = "the next connection receives an ACK of data never sent; the ends "
                          "disagree until the server gives up with ETIMEDOUT";
        result.passed = engine.GetAcksOfUnsentData() > 0 &&
                        engine.GetServerSecondEndReason() == TcpCloseReason::TIMEDOUT;
    }
    else
    {
        result.expected = m_rfc5961 ? "RFC 5961: the RST from SYN_SENT gets a challenge ACK and "
                                      "connection 2 opens"
                                    : "without RFC 5961 the RST from SYN_SENT kills the "
                                      "half-open connection: connection 2 ends with ECONNRESET";
        result.passed = m_rfc5961 ? engine.GetSecondConnection() != Time::Max() &&
                                        engine.GetSecondEndReason() == TcpCloseReason::NONE
                                  : engine.GetSecondEndReason() == TcpCloseReason::CONNRESET;
    }
}

} // namespace ns3
