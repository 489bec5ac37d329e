/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-peer-reboot-scenario.h"

#include "ns3/enum.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <sstream>

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
            .AddAttribute("Mode",
                          "Host: the client host crashes (and reboots at RebootAt). Process: "
                          "the client process crashes and its kernel closes the socket.",
                          EnumValue(HOST),
                          MakeEnumAccessor(&TcpPeerRebootScenario::m_mode),
                          MakeEnumChecker(HOST, "Host", PROCESS, "Process"))
            .AddAttribute("CrashAt",
                          "When the client host (or process) crashes, 1.5 s .. 1 h.",
                          TimeValue(Seconds(3)),
                          MakeTimeAccessor(&TcpPeerRebootScenario::m_crashAt),
                          MakeTimeChecker(Seconds(1.5), Seconds(3600)))
            .AddAttribute("RebootAt",
                          "Mode Host: when the client host is back, after CrashAt and within "
                          "1 h; 0: never.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&TcpPeerRebootScenario::m_rebootAt),
                          MakeTimeChecker(Time(0), Seconds(3600)))
            .AddAttribute("SendsAfterError",
                          "Send() calls the server application makes after its connection "
                          "ends with an error (Linux: the error, then EPIPE), 0 .. 10.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TcpPeerRebootScenario::m_sendsAfterError),
                          MakeUintegerChecker<uint32_t>(0, 10));
    return tid;
}

std::string
TcpPeerRebootScenario::GetStory() const
{
    if (m_mode == PROCESS)
    {
        return "peer-process-crash";
    }
    return m_rebootAt.IsZero() ? "peer-crash-no-reboot" : "peer-reboot";
}

void
TcpPeerRebootScenario::DoBuild(Stage& stage)
{
    TCP_TEARDOWN_REQUIRE(m_mode == PROCESS || m_rebootAt.IsZero() || m_rebootAt > m_crashAt,
                         "TcpPeerRebootScenario: RebootAt="
                             << m_rebootAt.As(Time::S) << " must be after CrashAt="
                             << m_crashAt.As(Time::S) << " (or 0: never)");
    m_server = InstallServer(stage, 80, true);
    m_server->SetAttribute("SendBytes", UintegerValue(1000000000));
    m_server->SetAttribute("SendSize", UintegerValue(1000));
    m_server->SetAttribute("SendInterval", TimeValue(MilliSeconds(100)));
    m_server->SetAttribute("SendsAfterError", UintegerValue(m_sendsAfterError));
    LogCalls(m_server);
    m_client = InstallClient(stage, 80, 0, false, Seconds(1));
    if (m_mode == PROCESS)
    {
        Simulator::Schedule(m_crashAt, &TcpTeardownHelper::CrashProcess, m_client);
        return;
    }
    TcpTeardownHelper::ScheduleCrash(stage.client,
                                     m_crashAt,
                                     m_rebootAt.IsZero() ? Time::Max() : m_rebootAt);
}

Time
TcpPeerRebootScenario::GetStopTime() const
{
    if (m_mode == PROCESS)
    {
        return m_crashAt + Seconds(300); // past the client's TIME_WAIT (60 s)
    }
    if (m_rebootAt.IsZero())
    {
        return m_crashAt + Seconds(1200); // ETIMEDOUT comes about 970 s after the crash
    }
    return m_rebootAt + Seconds(300); // the next retransmission comes within RTO max (120 s)
}

void
TcpPeerRebootScenario::DoJudge(const Stage& stage, TcpScenarioResult& result)
{
    const std::string clientLabel =
        m_mode == PROCESS ? "client (process crashed)"
                          : (m_rebootAt.IsZero() ? "client (crashed)" : "client (rebooted)");
    TcpEndpointOutcome server = Describe(result, "server", stage.server->GetId());
    TcpEndpointOutcome client = Describe(result, clientLabel, stage.client->GetId());
    CountBytes(server, m_server);
    CountBytes(client, m_client);
    if (m_mode == PROCESS)
    {
        result.AddFigure("client process crash", FormatSeconds(m_crashAt));
    }
    else
    {
        result.AddFigure("client host crash", FormatSeconds(m_crashAt));
        result.AddFigure("client host back",
                         m_rebootAt.IsZero() ? "never" : FormatSeconds(m_rebootAt));
    }
    result.AddFigure("server retransmissions", std::to_string(server.retransmissions));
    result.AddFigure("server connection ended",
                     server.ended
                         ? FormatSeconds(server.end) + " with " + TcpCloseReasonName(server.reason)
                         : "never");
    if (m_sendsAfterError > 0 || HasLoggedCalls())
    {
        result.AddFigure("server socket calls", GetLoggedCalls());
    }
    result.observed =
        std::to_string(server.retransmissions) + " retransmissions, then " +
        (server.ended ? TcpCloseReasonName(server.reason) + " at " + FormatSeconds(server.end)
                      : std::string("no end"));
    if (m_mode == PROCESS)
    {
        result.expected = "the crashed process's kernel closes its socket with a FIN: the "
                          "server reads the end of stream, closes, and its connection ends "
                          "without error";
        result.passed = server.ended && server.reason == TcpCloseReason::NONE;
    }
    else if (m_rebootAt.IsZero())
    {
        result.expected = "the crashed host never answers: the server retransmits with "
                          "exponential backoff and gives up with ETIMEDOUT (tcp_retries2)";
        result.passed = server.ended && server.reason == TcpCloseReason::TIMEDOUT;
    }
    else
    {
        result.expected = "the rebooted host answers the next retransmission with a RST: the "
                          "server's connection ends with ECONNRESET after the reboot";
        result.passed =
            server.ended && server.reason == TcpCloseReason::CONNRESET && server.end > m_rebootAt;
        if (server.ended && server.reason == TcpCloseReason::TIMEDOUT && server.end <= m_rebootAt)
        {
            // A small tcp_retries2 budget runs out before the host is back: Linux gives up too.
            result.expected += " (or with ETIMEDOUT before it, if tcp_retries2's budget runs out "
                               "first)";
            result.passed = true;
        }
    }
    result.endpoints = {client, server};
}

} // namespace ns3
