/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-graceful-close-scenario.h"

#include "ns3/uinteger.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TcpGracefulCloseScenario);

TypeId
TcpGracefulCloseScenario::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TcpGracefulCloseScenario")
                            .SetParent<TcpTeardownScenario>()
                            .SetGroupName("TcpTeardown")
                            .AddConstructor<TcpGracefulCloseScenario>()
                            .AddAttribute("Bytes",
                                          "Bytes the client writes before it closes, 1 .. 10^9.",
                                          UintegerValue(10000),
                                          MakeUintegerAccessor(&TcpGracefulCloseScenario::m_bytes),
                                          MakeUintegerChecker<uint64_t>(1, 1000000000));
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
    m_server = InstallServer(stage, 80, true);
    m_client = InstallClient(stage, 80, m_bytes, true, Seconds(1));
}

Time
TcpGracefulCloseScenario::GetStopTime() const
{
    return Seconds(80); // 1 s + the close + 60 s of TIME_WAIT, with room
}

void
TcpGracefulCloseScenario::DoJudge(const Stage& stage, TcpScenarioResult& result)
{
    TcpEndpointOutcome client = Describe(result, "client", stage.client->GetId());
    TcpEndpointOutcome server = Describe(result, "server", stage.server->GetId());
    CountBytes(client, m_client);
    CountBytes(server, m_server);
    Time timeWait;
    Time finSent;
    for (std::size_t i = 1; i < client.timeline.size(); ++i)
    {
        if (client.timeline[i].second == TcpSocket::FIN_WAIT_1)
        {
            finSent = client.timeline[i].first;
        }
        if (client.timeline[i - 1].second == TcpSocket::TIME_WAIT)
        {
            timeWait = client.timeline[i].first - client.timeline[i - 1].first;
        }
    }
    result.AddFigure("bytes written by the client", std::to_string(client.bytesSent));
    result.AddFigure("bytes read by the server", std::to_string(server.bytesDelivered));
    result.AddFigure("client close() to server CLOSED",
                     server.ended ? FormatSeconds(server.end - finSent) : "never");
    result.AddFigure("client time in TIME_WAIT", FormatSeconds(timeWait));
    result.expected = "the client passes FIN_WAIT_1, FIN_WAIT_2 and 60 s of TIME_WAIT, the server "
                      "CLOSE_WAIT and LAST_ACK; both end without error and every byte arrives";
    const bool orderly = client.ended && client.reason == TcpCloseReason::NONE && server.ended &&
                         server.reason == TcpCloseReason::NONE;
    result.observed = std::string(orderly ? "both ends closed without error" : "an end failed") +
                      ", the client spent " + FormatSeconds(timeWait) + " in TIME_WAIT, " +
                      std::to_string(server.bytesDelivered) + " of " +
                      std::to_string(client.bytesSent) + " B arrived";
    result.passed = orderly && timeWait == Seconds(60) && client.bytesSent == m_bytes &&
                    server.bytesDelivered == m_bytes;
    result.endpoints = {client, server};
}

} // namespace ns3
