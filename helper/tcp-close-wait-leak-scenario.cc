/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-close-wait-leak-scenario.h"

#include "ns3/boolean.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <map>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TcpCloseWaitLeakScenario);

TypeId
TcpCloseWaitLeakScenario::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpCloseWaitLeakScenario")
            .SetParent<TcpTeardownScenario>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpCloseWaitLeakScenario>()
            .AddAttribute("Clients",
                          "Number of connections, 1 .. 10000.",
                          UintegerValue(10),
                          MakeUintegerAccessor(&TcpCloseWaitLeakScenario::m_clients),
                          MakeUintegerChecker<uint32_t>(1, 10000))
            .AddAttribute("Interval",
                          "Time between two connections, 1 ms .. 1 h.",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&TcpCloseWaitLeakScenario::m_interval),
                          MakeTimeChecker(MilliSeconds(1), Seconds(3600)))
            .AddAttribute("ServerCloses",
                          "Whether the server closes when it reads the end of stream.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpCloseWaitLeakScenario::m_serverCloses),
                          MakeBooleanChecker());
    return tid;
}

std::string
TcpCloseWaitLeakScenario::GetStory() const
{
    return "close-wait-leak";
}

void
TcpCloseWaitLeakScenario::DoBuild(Stage& stage)
{
    m_server = InstallServer(stage, 80, m_serverCloses);
    for (uint32_t i = 0; i < m_clients; ++i)
    {
        Ptr<TcpTeardownApplication> client =
            InstallClient(stage, 80, 1000, true, Seconds(1) + m_interval * i);
        if (i == 0)
        {
            m_firstClient = client;
        }
    }
}

Time
TcpCloseWaitLeakScenario::GetStopTime() const
{
    // The last connection, then the client's FIN_WAIT_2 timeout (60 s) and TIME_WAIT (60 s).
    return Seconds(1) + m_interval * m_clients + Seconds(150);
}

void
TcpCloseWaitLeakScenario::DoJudge(const Stage& stage, TcpScenarioResult& result)
{
    const uint32_t server = stage.server->GetId();
    const uint32_t client = stage.client->GetId();
    const uint32_t leaked = stage.recorder->CountInState(server, TcpSocket::CLOSE_WAIT);
    uint32_t peak = 0;
    for (const auto& point : stage.recorder->GetPopulation(server, TcpSocket::CLOSE_WAIT))
    {
        peak = std::max(peak, point.second);
    }
    // The longest FIN_WAIT_2 of a client connection.
    Time longest;
    std::map<uint32_t, Time> entered;
    for (const auto& t : result.transitions)
    {
        if (t.connection.node != client)
        {
            continue;
        }
        if (t.to == TcpSocket::FIN_WAIT_2)
        {
            entered[t.connection.socket] = t.time;
        }
        else if (t.from == TcpSocket::FIN_WAIT_2)
        {
            longest = std::max(longest, t.time - entered[t.connection.socket]);
        }
    }
    const uint32_t stuck = stage.recorder->CountInState(client, TcpSocket::FIN_WAIT_2);
    result.endpoints = {Describe(result, "client, connection 1", client),
                        Describe(result, "server, connection 1", server)};
    CountBytes(result.endpoints[0], m_firstClient);
    CountBytes(result.endpoints[1], m_server);
    result.AddFigure("connections", std::to_string(m_clients));
    result.AddFigure("server connections in CLOSE_WAIT at the end", std::to_string(leaked));
    result.AddFigure("peak CLOSE_WAIT population", std::to_string(peak));
    result.AddFigure("longest client FIN_WAIT_2", FormatSeconds(longest));
    const uint32_t expectedLeak = m_serverCloses ? 0 : m_clients;
    result.expected = m_serverCloses
                          ? "the server closes every connection: no CLOSE_WAIT is left"
                          : "every connection stays in CLOSE_WAIT at the server for ever; each "
                            "client orphan leaves FIN_WAIT_2 after tcp_fin_timeout (60 s)";
    result.observed = std::to_string(leaked) + " of " + std::to_string(m_clients) +
                      " connections left in CLOSE_WAIT; the longest client FIN_WAIT_2 lasted " +
                      FormatSeconds(longest);
    result.passed = leaked == expectedLeak && stuck == 0;
}

} // namespace ns3
