/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-graceful-close-scenario.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TcpGracefulCloseScenario);

TypeId
TcpGracefulCloseScenario::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpGracefulCloseScenario")
            .SetParent<TcpTeardownScenario>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpGracefulCloseScenario>()
            .AddAttribute("Bytes",
                          "Bytes the active closer writes before it closes, 1 .. 10^9.",
                          UintegerValue(10000),
                          MakeUintegerAccessor(&TcpGracefulCloseScenario::m_bytes),
                          MakeUintegerChecker<uint64_t>(1, 1000000000))
            .AddAttribute("Closer",
                          "Which end writes and closes first (the active closer, which holds "
                          "TIME_WAIT): Client or Server.",
                          EnumValue(CLIENT),
                          MakeEnumAccessor(&TcpGracefulCloseScenario::m_closer),
                          MakeEnumChecker(CLIENT, "Client", SERVER, "Server"));
    return tid;
}

std::string
TcpGracefulCloseScenario::GetStory() const
{
    return "graceful-close";
}

void
TcpGracefulCloseScenario::DoBuild(Stage& stage)
{
    if (m_closer == CLIENT)
    {
        m_server = InstallServer(stage, 80, true);
        m_client = InstallClient(stage, 80, m_bytes, true, Seconds(1));
        return;
    }
    // The server writes on the accepted connection and closes; the client only reads, and
    // closes on the end of stream.
    m_server = InstallServer(stage, 80, false);
    m_server->SetAttribute("SendBytes", UintegerValue(m_bytes));
    m_server->SetAttribute("CloseWhenDone", BooleanValue(true));
    m_client = InstallClient(stage, 80, 0, false, Seconds(1));
    m_client->SetAttribute("CloseOnEndOfStream", BooleanValue(true));
}

Time
TcpGracefulCloseScenario::GetStopTime() const
{
    // 1 s + the close + TIME_WAIT (60 s unless overridden), with room.
    const Time timeWait = std::max(Seconds(60), GetConfiguredTimeWait());
    return Seconds(20) + timeWait;
}

void
TcpGracefulCloseScenario::DoJudge(const Stage& stage, TcpScenarioResult& result)
{
    TcpEndpointOutcome client = Describe(result, "client", stage.client->GetId());
    TcpEndpointOutcome server = Describe(result, "server", stage.server->GetId());
    CountBytes(client, m_client);
    CountBytes(server, m_server);
    const bool clientCloses = m_closer == CLIENT;
    const TcpEndpointOutcome& active = clientCloses ? client : server;
    const TcpEndpointOutcome& passive = clientCloses ? server : client;
    const std::string activeName = clientCloses ? "client" : "server";
    const std::string passiveName = clientCloses ? "server" : "client";

    // The TIME_WAIT the active closer was configured with (60 s unless overridden).
    const std::vector<Ptr<TcpTeardownSocket>> sockets =
        (clientCloses ? m_client : m_server)->GetConnections();
    const Time configured = sockets.empty() ? Seconds(60) : TimeWaitOf(sockets.front());
    const int decimals = configured == Seconds(std::round(configured.GetSeconds())) ? 0 : 3;

    Time timeWait;
    Time timeWaitEntered;
    bool inTimeWait = false;
    Time finSent;
    for (std::size_t i = 1; i < active.timeline.size(); ++i)
    {
        if (active.timeline[i].second == TcpSocket::FIN_WAIT_1)
        {
            finSent = active.timeline[i].first;
        }
        if (active.timeline[i].second == TcpSocket::TIME_WAIT)
        {
            timeWaitEntered = active.timeline[i].first;
            inTimeWait = true;
        }
        if (active.timeline[i - 1].second == TcpSocket::TIME_WAIT)
        {
            timeWait = active.timeline[i].first - active.timeline[i - 1].first;
            inTimeWait = false;
        }
    }
    if (inTimeWait)
    {
        timeWait = result.stopTime - timeWaitEntered; // so far: the run ended first
    }
    result.AddFigure("bytes written by the " + activeName, std::to_string(active.bytesSent));
    result.AddFigure("bytes read by the " + passiveName, std::to_string(passive.bytesDelivered));
    result.AddFigure(activeName + " close() to " + passiveName + " CLOSED",
                     passive.ended ? FormatSeconds(passive.end - finSent) : "never");
    result.AddFigure(activeName + " time in TIME_WAIT",
                     FormatSeconds(timeWait) + (inTimeWait ? " (not over at the end)" : ""));
    result.AddFigure(activeName + " TIME_WAIT configured", FormatSeconds(configured, decimals));
    result.expected = "the " + activeName + " passes FIN_WAIT_1, FIN_WAIT_2 and " +
                      FormatSeconds(configured, decimals) + " of TIME_WAIT, the " + passiveName +
                      " CLOSE_WAIT and LAST_ACK; both end without error and every byte arrives";
    const bool orderly = (inTimeWait || (active.ended && active.reason == TcpCloseReason::NONE)) &&
                         passive.ended && passive.reason == TcpCloseReason::NONE;
    result.observed =
        std::string(!orderly     ? "an end failed"
                    : inTimeWait ? "no end failed"
                                 : "both ends closed without error") +
        ", the " + activeName +
        (inTimeWait ? " was still in TIME_WAIT when the run ended, " + FormatSeconds(timeWait) +
                          " after entering it (give a longer Duration)"
                    : " spent " + FormatSeconds(timeWait) + " in TIME_WAIT") +
        ", " + std::to_string(passive.bytesDelivered) + " of " + std::to_string(active.bytesSent) +
        " B arrived";
    result.passed = orderly && !inTimeWait && timeWait == configured &&
                    active.bytesSent == m_bytes && passive.bytesDelivered == m_bytes;
    result.endpoints = {client, server};
}

} // namespace ns3
