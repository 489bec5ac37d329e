/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-peer-crash-scenario.h"

#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-linux-rules.h"
#include "ns3/tcp-teardown-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TcpPeerCrashScenario);

TypeId
TcpPeerCrashScenario::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpPeerCrashScenario")
            .SetParent<TcpTeardownScenario>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpPeerCrashScenario>()
            .AddAttribute("Activity",
                          "Sending: the server writes and the client host crashes. Idle: "
                          "nobody writes and the server host crashes.",
                          EnumValue(SENDING),
                          MakeEnumAccessor(&TcpPeerCrashScenario::m_activity),
                          MakeEnumChecker(SENDING, "Sending", IDLE, "Idle"))
            .AddAttribute(
                "Detection",
                "Idle only: how the client notices: None, KeepAlive (SO_KEEPALIVE "
                "with the socket's KeepAlive* attributes) or Heartbeat.",
                EnumValue(NONE),
                MakeEnumAccessor(&TcpPeerCrashScenario::m_detection),
                MakeEnumChecker(NONE, "None", KEEPALIVE, "KeepAlive", HEARTBEAT, "Heartbeat"))
            .AddAttribute("CrashAt",
                          "When the host crashes, 0 (the default: 3 s sending, 30 s idle) or "
                          "1.5 s .. 1 h.",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&TcpPeerCrashScenario::m_crashAt),
                          MakeTimeChecker(Time(0), Seconds(3600)))
            .AddAttribute("HeartbeatInterval",
                          "Heartbeat: time between two heartbeats, 10 ms .. 1 h.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&TcpPeerCrashScenario::m_heartbeatInterval),
                          MakeTimeChecker(MilliSeconds(10), Seconds(3600)))
            .AddAttribute("HeartbeatMisses",
                          "Heartbeat: unanswered heartbeats that mean the peer is dead, 1 .. 100.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&TcpPeerCrashScenario::m_heartbeatMisses),
                          MakeUintegerChecker<uint32_t>(1, 100))
            .AddAttribute("SendsAfterError",
                          "Sending: Send() calls the server application makes after its "
                          "connection ends with an error (Linux: the error, then EPIPE), 0 .. 10.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TcpPeerCrashScenario::m_sendsAfterError),
                          MakeUintegerChecker<uint32_t>(0, 10))
            .AddAttribute("StopAfterEnd",
                          "Stop the run this long after the surviving end's connection ends "
                          "(the server's when Sending, the client's when Idle), 0 .. 1 h; 0: "
                          "run for the whole Duration.",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&TcpPeerCrashScenario::m_stopAfterEnd),
                          MakeTimeChecker(Time(0), Seconds(3600)));
    return tid;
}

std::string
TcpPeerCrashScenario::GetStory() const
{
    return m_activity == SENDING ? "peer-crash-sending" : "peer-crash-idle";
}

void
TcpPeerCrashScenario::DoBuild(Stage& stage)
{
    TCP_TEARDOWN_REQUIRE(m_crashAt.IsZero() || m_crashAt >= Seconds(1.5),
                         "TcpPeerCrashScenario: CrashAt=" << m_crashAt.As(Time::S)
                                                          << " is before the connection is up "
                                                             "(1 s): use 0 or >= 1.5 s");
    TCP_TEARDOWN_REQUIRE(m_activity == IDLE || m_detection == NONE,
                         "TcpPeerCrashScenario: Detection="
                             << (m_detection == KEEPALIVE ? "KeepAlive" : "Heartbeat")
                             << " is invalid with Activity=Sending: Detection applies to "
                                "Activity Idle only (use None)");
    // What one run found; a scenario object may run more than once.
    m_unanswered = 0;
    m_declaredDead = Time::Max();
    m_heartbeats = 0;
    m_stopScheduled = false;
    m_probes.clear();
    m_lastHeard = Time(0);
    if (m_stopAfterEnd.IsStrictlyPositive())
    {
        Ptr<Node> survivor = m_activity == SENDING ? stage.server : stage.client;
        survivor->GetObject<TcpTeardownSocketFactory>()->TraceConnectWithoutContext(
            "ConnectionEnd",
            MakeCallback(&TcpPeerCrashScenario::OnSurvivorEnd, this));
    }
    if (m_activity == SENDING)
    {
        m_server = InstallServer(stage, 80, true);
        m_server->SetAttribute("SendBytes", UintegerValue(1000000000));
        m_server->SetAttribute("SendSize", UintegerValue(2896));
        m_server->SetAttribute("SendInterval", TimeValue(MilliSeconds(100)));
        m_server->SetAttribute("SendsAfterError", UintegerValue(m_sendsAfterError));
        LogCalls(m_server);
        m_client = InstallClient(stage, 80, 0, false, Seconds(1));
        TcpTeardownHelper::ScheduleCrash(stage.client, m_crashAt.IsZero() ? Seconds(3) : m_crashAt);
        return;
    }
    Ptr<TcpTeardownSocket> listener = TcpTeardownHelper::CreateSocket(stage.server);
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
    listener->Listen();
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeCallback(&TcpPeerCrashScenario::OnAccept, this));
    m_idleClient = TcpTeardownHelper::CreateSocket(stage.client);
    m_idleClient->SetKeepAlive(m_detection == KEEPALIVE);
    m_idleClient->TraceConnectWithoutContext("KeepAliveProbe",
                                             MakeCallback(&TcpPeerCrashScenario::OnProbe, this));
    m_idleClient->TraceConnectWithoutContext("Rx",
                                             MakeCallback(&TcpPeerCrashScenario::OnClientRx, this));
    m_idleClient->SetRecvCallback(MakeCallback(&TcpPeerCrashScenario::OnEcho, this));
    Simulator::Schedule(Seconds(1),
                        &TcpTeardownSocket::Connect,
                        m_idleClient,
                        InetSocketAddress(stage.serverAddress, 80));
    if (m_detection == HEARTBEAT)
    {
        Simulator::Schedule(Seconds(1.1), &TcpPeerCrashScenario::Beat, this);
    }
    TcpTeardownHelper::ScheduleCrash(stage.server, m_crashAt.IsZero() ? Seconds(30) : m_crashAt);
}

void
TcpPeerCrashScenario::OnProbe(Ptr<const TcpTeardownSocket> /* socket */, uint32_t /* unanswered */)
{
    m_probes.push_back(Simulator::Now());
}

void
TcpPeerCrashScenario::OnClientRx(Ptr<const Packet> /* packet */,
                                 const TcpHeader& /* header */,
                                 Ptr<const TcpSocketBase> /* socket */)
{
    m_lastHeard = Simulator::Now();
}

void
TcpPeerCrashScenario::OnSurvivorEnd(Ptr<const TcpTeardownSocket> /* socket */,
                                    TcpCloseReason /* reason */)
{
    if (!m_stopScheduled)
    {
        m_stopScheduled = true;
        Simulator::Stop(m_stopAfterEnd);
    }
}

void
TcpPeerCrashScenario::OnAccept(Ptr<Socket> socket, const Address& /* from */)
{
    socket->SetRecvCallback(MakeCallback(&TcpPeerCrashScenario::Echo));
}

void
TcpPeerCrashScenario::Echo(Ptr<Socket> socket)
{
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            return;
        }
        socket->Send(packet);
    }
}

void
TcpPeerCrashScenario::OnEcho(Ptr<Socket> socket)
{
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            return;
        }
        m_unanswered = 0;
    }
}

void
TcpPeerCrashScenario::Beat()
{
    if (m_unanswered >= m_heartbeatMisses)
    {
        m_declaredDead = Simulator::Now();
        m_idleClient->Close();
        return;
    }
    m_idleClient->Send(Create<Packet>(1), 0);
    ++m_heartbeats;
    ++m_unanswered;
    Simulator::Schedule(m_heartbeatInterval, &TcpPeerCrashScenario::Beat, this);
}

Time
TcpPeerCrashScenario::GetStopTime() const
{
    if (m_activity == SENDING)
    {
        return Seconds(1200); // ETIMEDOUT comes about 945 s after the crash
    }
    // Past the keepalive give-up at 1 s + 7200 s + 9 * 75 s with Linux's defaults.
    return Seconds(8000);
}

void
TcpPeerCrashScenario::DoJudge(const Stage& stage, TcpScenarioResult& result)
{
    if (m_stopScheduled)
    {
        result.stopTime = std::min(result.stopTime, Simulator::Now()); // stopped after the end
    }
    const Time crashAt =
        m_crashAt.IsZero() ? (m_activity == SENDING ? Seconds(3) : Seconds(30)) : m_crashAt;
    result.AddFigure("host crash", FormatSeconds(crashAt));
    if (m_activity == SENDING)
    {
        TcpEndpointOutcome server = Describe(result, "server", stage.server->GetId());
        TcpEndpointOutcome client = Describe(result, "client (crashed)", stage.client->GetId());
        CountBytes(server, m_server);
        CountBytes(client, m_client);
        // The give-up rule of the server's socket: tcp_retries2's budget (or UserTimeout) from
        // the first retransmission, checked at each timer expiry (tcp_write_timeout()).
        UintegerValue retries2(15);
        TimeValue rtoBase(MilliSeconds(200));
        TimeValue rtoMax(Seconds(120));
        TimeValue userTimeout(Time(0));
        std::vector<Ptr<TcpTeardownSocket>> sockets = m_server->GetConnections();
        if (!sockets.empty())
        {
            sockets.front()->GetAttribute("Retries2", retries2);
            sockets.front()->GetAttribute("GiveUpRtoBase", rtoBase);
            sockets.front()->GetAttribute("RtoMax", rtoMax);
            sockets.front()->GetAttribute("UserTimeout", userTimeout);
        }
        const Time budget =
            userTimeout.Get().IsStrictlyPositive()
                ? userTimeout.Get()
                : TcpLinuxRules::ModelTimeout(retries2.Get(), rtoBase.Get(), rtoMax.Get());
        Time first = Time::Max();
        Time last = Time::Max();
        for (const auto& r : result.retransmissions)
        {
            if (r.connection.node == server.node && r.connection.socket == server.socket)
            {
                first = std::min(first, r.time);
                last = r.time;
            }
        }
        result.AddFigure("timeout retransmissions", std::to_string(server.retransmissions));
        const bool retransmitted = first != Time::Max();
        result.AddFigure("first retransmission", retransmitted ? FormatSeconds(first) : "-");
        result.AddFigure("server connection ended",
                         server.ended ? FormatSeconds(server.end) + " with " +
                                            TcpCloseReasonName(server.reason)
                                      : "never");
        result.AddFigure("first retransmission to ETIMEDOUT",
                         server.ended && retransmitted ? FormatSeconds(server.end - first) : "-");
        result.AddFigure("give-up budget after the first retransmission",
                         sockets.empty() ? "-" : FormatSeconds(budget));
        if (m_sendsAfterError > 0 || HasLoggedCalls())
        {
            result.AddFigure("server socket calls", GetLoggedCalls());
        }
        if (sockets.empty())
        {
            // The handshake was still under way at the crash (its segments lost): the server
            // never accepted a connection, so there is no sender whose give-up to judge.
            result.expected = "the connection is up before the client crashes, and the server "
                              "then retransmits until tcp_retries2's budget runs out";
            result.observed = "the server had accepted no connection when the client crashed "
                              "at " +
                              FormatSeconds(crashAt) +
                              ": the story does not apply; crash later or lose less";
            result.passed = false;
            result.endpoints = {client, server};
            return;
        }
        result.expected =
            "the server retransmits with exponential backoff and gives up with ETIMEDOUT at the "
            "first timer expiry at least " +
            FormatSeconds(budget) + " (the budget of " +
            (userTimeout.Get().IsStrictlyPositive()
                 ? std::string("TCP_USER_TIMEOUT")
                 : "tcp_retries2 = " + std::to_string(retries2.Get())) +
            ") after its first retransmission";
        result.observed =
            std::to_string(server.retransmissions) + " retransmissions, then " +
            (server.ended ? TcpCloseReasonName(server.reason) + " at " + FormatSeconds(server.end)
                          : std::string("no end"));
        // Linux: the first retransmission is unconditional, every later one came before the
        // budget ran out, and the end at the first expiry at or after it.
        result.passed = server.ended && server.reason == TcpCloseReason::TIMEDOUT &&
                        retransmitted && (last == first || last - first < budget) &&
                        server.end - first >= budget;
        result.endpoints = {client, server};
        return;
    }
    TcpEndpointOutcome client = Describe(result, "client", stage.client->GetId());
    TcpEndpointOutcome server = Describe(result, "server (crashed)", stage.server->GetId());
    result.AddFigure("client connection ended",
                     client.ended
                         ? FormatSeconds(client.end) + " with " + TcpCloseReasonName(client.reason)
                         : "never");
    switch (m_detection)
    {
    case NONE:
        result.expected = "without keepalive or heartbeat an idle connection never learns that "
                          "its peer is gone: ESTABLISHED for ever";
        result.observed = std::string("the client's connection is ") +
                          TcpSocket::TcpStateName[client.finalState] + " at " +
                          FormatSeconds(result.stopTime);
        result.passed = !client.ended && client.finalState == TcpSocket::ESTABLISHED;
        break;
    case KEEPALIVE: {
        TimeValue idle;
        TimeValue interval;
        UintegerValue probes;
        m_idleClient->GetAttribute("KeepAliveTime", idle);
        m_idleClient->GetAttribute("KeepAliveInterval", interval);
        m_idleClient->GetAttribute("KeepAliveProbes", probes);
        // The budget runs from the last segment the client heard: the SYN-ACK, or the answer
        // to a probe sent before the crash.
        const Time budget = idle.Get() + interval.Get() * probes.Get();
        result.AddFigure("keepalive budget (idle + interval * probes)", FormatSeconds(budget));
        result.AddFigure("last segment heard", FormatSeconds(m_lastHeard));
        std::string probeTimes;
        for (const auto& t : m_probes)
        {
            probeTimes += (probeTimes.empty() ? "" : ", ") + FormatSeconds(t);
        }
        result.AddFigure("keepalive probes",
                         std::to_string(m_probes.size()) +
                             (m_probes.empty() ? std::string() : ": " + probeTimes));
        result.expected = "keepalive probes after " + FormatSeconds(idle.Get(), 0) +
                          " idle, every " + FormatSeconds(interval.Get(), 0) + ", " +
                          std::to_string(probes.Get()) + " unanswered: ETIMEDOUT " +
                          FormatSeconds(budget, 0) + " after the last segment";
        result.observed =
            client.ended ? TcpCloseReasonName(client.reason) + " at " + FormatSeconds(client.end)
                         : std::string("no end");
        result.passed = client.ended && client.reason == TcpCloseReason::TIMEDOUT &&
                        client.end >= m_lastHeard + budget &&
                        client.end <= m_lastHeard + budget + Seconds(1);
        break;
    }
    case HEARTBEAT:
        result.AddFigure("heartbeats sent", std::to_string(m_heartbeats));
        result.AddFigure("peer declared dead",
                         m_declaredDead == Time::Max() ? "never" : FormatSeconds(m_declaredDead));
        result.expected = "the application declares the peer dead " +
                          std::to_string(m_heartbeatMisses) + " heartbeats after the crash, " +
                          "long before any keepalive";
        result.observed = m_declaredDead == Time::Max()
                              ? std::string("the heartbeat never gave up")
                              : "declared dead at " + FormatSeconds(m_declaredDead) + " (crash + " +
                                    FormatSeconds(m_declaredDead - crashAt) + ")";
        result.passed = m_declaredDead != Time::Max() && m_declaredDead > crashAt &&
                        m_declaredDead <= crashAt + m_heartbeatInterval * (m_heartbeatMisses + 1);
        break;
    }
    result.endpoints = {client, server};
}

} // namespace ns3
