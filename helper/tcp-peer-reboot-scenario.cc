/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-peer-reboot-scenario.h"

#include "ns3/uinteger.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TcpPeerRebootScenario);

TypeId
TcpPeerRebootScenario::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpPeerRebootScenario")
            .SetParent<TcpTeardownScenario>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpPeerRebootScenario>()
            .AddAttribute("CrashAt",
                          "When the client host crashes, 1.5 s .. 1 h.",
                          TimeValue(Seconds(3)),
                          MakeTimeAccessor(&TcpPeerRebootScenario::m_crashAt),
                          MakeTimeChecker(Seconds(1.5), Seconds(3600)))
            .AddAttribute("RebootAt",
                          "When the client host is back, after CrashAt and within 1 h.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&TcpPeerRebootScenario::m_rebootAt),
                          MakeTimeChecker(Seconds(1.5), Seconds(3600)));
    return tid;
}

std::string
TcpPeerRebootScenario::GetStory() const
{
    return "peer-reboot";
}

void
TcpPeerRebootScenario::DoBuild(Stage& stage)
{
    TCP_TEARDOWN_REQUIRE(m_rebootAt > m_crashAt,
                         "TcpPeerRebootScenario: RebootAt=" << m_rebootAt.As(Time::S)
                                                            << " must be after CrashAt="
                                                            << m_crashAt.As(Time::S));
    m_server = InstallServer(stage, 80, true);
    m_server->SetAttribute("SendBytes", UintegerValue(1000000000));
    m_server->SetAttribute("SendSize", UintegerValue(1000));
    m_server->SetAttribute("SendInterval", TimeValue(MilliSeconds(100)));
    InstallClient(stage, 80, 0, false, Seconds(1));
    TcpTeardownHelper::ScheduleCrash(stage.client, m_crashAt, m_rebootAt);
}

Time
TcpPeerRebootScenario::GetStopTime() const
{
    return m_rebootAt + Seconds(300); // the next retransmission comes within RTO max (120 s)
}

void
TcpPeerRebootScenario::DoJudge(const Stage& stage, TcpScenarioResult& result)
{
    TcpEndpointOutcome server = Describe(result, "server", stage.server->GetId());
    TcpEndpointOutcome client = Describe(result, "client (rebooted)", stage.client->GetId());
    CountBytes(server, m_server);
    result.AddFigure("client host crash", FormatSeconds(m_crashAt));
    result.AddFigure("client host back", FormatSeconds(m_rebootAt));
    result.AddFigure("server retransmissions", std::to_string(server.retransmissions));
    result.AddFigure("server connection ended",
                     server.ended
                         ? FormatSeconds(server.end) + " with " + TcpCloseReasonName(server.reason)
                         : "never");
    result.expected = "the rebooted host answers the next retransmission with a RST: the "
                      "server's connection ends with ECONNRESET after the reboot";
    result.observed =
        std::to_string(server.retransmissions) + " retransmissions, then " +
        (server.ended ? TcpCloseReasonName(server.reason) + " at " + FormatSeconds(server.end)
                      : std::string("no end"));
    result.passed =
        server.ended && server.reason == TcpCloseReason::CONNRESET && server.end > m_rebootAt;
    result.endpoints = {client, server};
}

} // namespace ns3
