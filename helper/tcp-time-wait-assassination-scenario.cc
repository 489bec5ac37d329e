/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-time-wait-assassination-scenario.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/tcp-linux-rules.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TcpTimeWaitAssassinationScenario);

namespace
{

/// \return whether an endpoint has no socket (a connection that never existed)
bool
HasNoSocket(const TcpEndpointOutcome& endpoint)
{
    return endpoint.socket == 0;
}

} // namespace

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
                          EnumValue(TcpAssassinationScenario::H1_OLD_DATA),
                          MakeEnumAccessor(&TcpTimeWaitAssassinationScenario::m_hazard),
                          MakeEnumChecker(TcpAssassinationScenario::H1_OLD_DATA,
                                          "H1",
                                          TcpAssassinationScenario::H2_DESYNCHRONIZED,
                                          "H2",
                                          TcpAssassinationScenario::H3_CONNECTION_DIES,
                                          "H3"))
            .AddAttribute("Rfc1337",
                          "net.ipv4.tcp_rfc1337: TIME_WAIT ignores RSTs.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTimeWaitAssassinationScenario::m_rfc1337),
                          MakeBooleanChecker())
            .AddAttribute("Rfc5961",
                          "RFC 5961's RST checks (Linux); H3 needs them off to do harm.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TcpTimeWaitAssassinationScenario::m_rfc5961),
                          MakeBooleanChecker())
            .AddAttribute("TriggerDelay",
                          "How late the first duplicate (it provokes the RST) arrives, 1 ms .. "
                          "100 s, below StrayDelay.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&TcpTimeWaitAssassinationScenario::m_triggerDelay),
                          MakeTimeChecker(MilliSeconds(1), Seconds(100)))
            .AddAttribute("StrayDelay",
                          "How late the second duplicate (it harms connection 2) arrives, "
                          "1 ms .. 100 s, above TriggerDelay.",
                          TimeValue(Seconds(1.5)),
                          MakeTimeAccessor(&TcpTimeWaitAssassinationScenario::m_strayDelay),
                          MakeTimeChecker(MilliSeconds(1), Seconds(100)))
            .AddAttribute("SynSentOffset",
                          "H3: connection 2's SYN leaves this long before the stray arrives, "
                          "0 .. 1 s, and it must be above 0 and below the round trip (10 ms "
                          "on one direct link, 20 ms behind the router).",
                          TimeValue(MilliSeconds(5)),
                          MakeTimeAccessor(&TcpTimeWaitAssassinationScenario::m_synSentOffset),
                          MakeTimeChecker(Time(0), Seconds(1)));
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
    // H2: long enough for the server to give up (Retries2 15: about 925 s).
    return m_hazard == TcpAssassinationScenario::H2_DESYNCHRONIZED ? Seconds(1000) : Seconds(10);
}

Time
TcpTimeWaitAssassinationScenario::GetRoundTripTime() const
{
    return GetLinkDelay() * (HasRouter() ? 4 : 2);
}

void
TcpTimeWaitAssassinationScenario::DoConfigure(TcpTeardownHelper& teardown)
{
    m_engine.SetHazard(m_hazard);
    m_engine.SetRfc1337(m_rfc1337);
    m_engine.SetRfc5961(m_rfc5961);
    m_engine.SetTriggerDelay(m_triggerDelay);
    m_engine.SetStrayDelay(m_strayDelay);
    m_engine.SetSynSentOffset(m_synSentOffset);
    m_engine.SetRoundTripTime(GetRoundTripTime());
    m_engine.Configure(teardown);
}

void
TcpTimeWaitAssassinationScenario::DoBuild(Stage& stage)
{
    m_engine.Install(*stage.hosts, stage.recorder);
}

void
TcpTimeWaitAssassinationScenario::DoJudge(const Stage& stage, TcpScenarioResult& result)
{
    m_engine.Collect();
    const uint32_t client = stage.client->GetId();
    const uint32_t server = stage.server->GetId();
    result.endpoints = {Describe(result, "client, connection 1", client, 0),
                        Describe(result, "client, connection 2", client, 1),
                        Describe(result, "server, connection 2", server, 1)};
    uint64_t oldBytes = 0;
    const auto& counts = m_engine.GetCounts();
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
        std::remove_if(result.endpoints.begin(), result.endpoints.end(), &HasNoSocket),
        result.endpoints.end());

    const bool h2 = m_hazard == TcpAssassinationScenario::H2_DESYNCHRONIZED;
    const bool h3 = m_hazard == TcpAssassinationScenario::H3_CONNECTION_DIES;
    const Time end = m_engine.GetTimeWaitEnd();
    const Time second = m_engine.GetSecondConnection();
    result.AddFigure("RSTs received in TIME_WAIT", std::to_string(m_engine.GetResetsInTimeWait()));
    result.AddFigure("TIME_WAIT ended", end == Time::Max() ? "never" : FormatSeconds(end));
    result.AddFigure("connection 2 opened (client)",
                     second == Time::Max() ? "never" : FormatSeconds(second));
    result.AddFigure("old bytes read by connection 2", std::to_string(oldBytes));
    result.AddFigure("connection 2 ended (client)",
                     m_engine.GetSecondEnd() == Time::Max()
                         ? "no"
                         : FormatSeconds(m_engine.GetSecondEnd()) + " with " +
                               TcpCloseReasonName(m_engine.GetSecondEndReason()));
    if (h2)
    {
        result.AddFigure("ACKs of unsent data", std::to_string(m_engine.GetAcksOfUnsentData()));
        result.AddFigure("server's ACKs in answer", std::to_string(m_engine.GetServerAcks()));
        result.AddFigure("server's retransmissions in connection 2",
                         std::to_string(m_engine.GetServerRetransmissions()));
        result.AddFigure("connection 2 ended (server)",
                         m_engine.GetServerSecondEnd() == Time::Max()
                             ? "no"
                             : FormatSeconds(m_engine.GetServerSecondEnd()) + " with " +
                                   TcpCloseReasonName(m_engine.GetServerSecondEndReason()));
    }
    if (h3)
    {
        result.AddFigure("client RSTs from SYN_SENT", std::to_string(m_engine.GetSynSentResets()));
    }
    result.AddFigure("connections the server accepted", std::to_string(m_engine.GetAccepted()));
    const std::string ended =
        "; connection 2 " +
        (m_engine.GetSecondEnd() == Time::Max()
             ? std::string("did not end")
             : "ended with " + TcpCloseReasonName(m_engine.GetSecondEndReason()));
    result.observed = std::to_string(m_engine.GetResetsInTimeWait()) + " RST(s) in TIME_WAIT, " +
                      std::to_string(oldBytes) + " old bytes read" + ended;
    if (m_rfc1337)
    {
        result.expected = "with tcp_rfc1337 TIME_WAIT ignores the RST: no old byte is read";
        result.passed = oldBytes == 0;
        return;
    }
    if (!h2 && !h3)
    {
        result.expected = "the RST ends TIME_WAIT early and the next connection reads old data";
        result.passed = end != Time::Max() && oldBytes > 0;
    }
    else if (h2)
    {
        result.expected = "the next connection receives an ACK of data never sent; the ends "
                          "disagree until the server gives up with ETIMEDOUT";
        result.passed = m_engine.GetAcksOfUnsentData() > 0 &&
                        m_engine.GetServerSecondEndReason() == TcpCloseReason::TIMEDOUT;
    }
    else if (m_rfc5961)
    {
        result.expected = "RFC 5961: the RST from SYN_SENT gets a challenge ACK and connection 2 "
                          "opens";
        result.passed =
            second != Time::Max() && m_engine.GetSecondEndReason() == TcpCloseReason::NONE;
    }
    else if (m_synSentOffset + TcpLinuxRules::TimeoutMin() > GetRoundTripTime())
    {
        // The resent SYN leaves the client offset + 8 ms after the first, the handshake's ACK
        // one round trip after it (plus the SYN-ACK's and the ACK's transmission times, which
        // make the boundary a tenth of a millisecond or two later than this).
        result.expected = "without RFC 5961 the RST from SYN_SENT kills the half-open "
                          "connection: connection 2 ends with ECONNRESET";
        result.passed = m_engine.GetSecondEndReason() == TcpCloseReason::CONNRESET;
    }
    else
    {
        std::ostringstream os;
        os << "without RFC 5961 the RST from SYN_SENT kills the half-open connection, but the "
              "SYN resent 8 ms after the RST rebuilds it before the handshake's ACK arrives "
              "(SYN_SENT offset "
           << m_synSentOffset.ToDouble(Time::MS) << " ms + 8 ms < round trip "
           << GetRoundTripTime().ToDouble(Time::MS) << " ms): connection 2 opens";
        result.expected = os.str();
        result.passed =
            second != Time::Max() && m_engine.GetSecondEndReason() == TcpCloseReason::NONE;
    }
}

} // namespace ns3
