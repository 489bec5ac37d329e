/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Peer crash while idle: only keepalive, or an application heartbeat, notices.
//
//   client ---- server          one point-to-point link, 10 Mb/s, 5 ms
//
//   t = 1 s      the client opens two connections to the server and stays idle on them:
//                  A: SO_KEEPALIVE with --idle, --interval, --probes (Linux defaults 7200 s,
//                     75 s, 9): after idle + interval * probes unanswered, RST and ETIMEDOUT;
//                  B: an application heartbeat: the client writes 1 B every --heartbeat, the
//                     server echoes it, and the client declares the peer dead after --misses
//                     heartbeats without an echo
//   --crashAt    the server host crashes
//
// Printed: the keepalive probes, when each connection learned that the peer was gone, and how.
//
//   ./tcp-teardown-keepalive
//   ./tcp-teardown-keepalive --idle=7200s --interval=75s --probes=9 --crashAt=100s

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iostream>

using namespace ns3;

namespace
{

/// The heartbeat connection's state.
struct Heartbeat
{
    Ptr<TcpTeardownSocket> socket;  //!< the client's socket
    Time period;                    //!< time between heartbeats
    uint32_t misses{3};             //!< heartbeats without an echo that mean "dead"
    uint32_t unanswered{0};         //!< heartbeats sent since the last echo
    Time declaredDead{Time::Max()}; //!< when the client gave up on the peer
};

Heartbeat g_heartbeat;

void
OnProbe(Ptr<const TcpTeardownSocket> /* socket */, uint32_t probes)
{
    std::cout << "  " << Simulator::Now().GetSeconds() << " s  keepalive probe " << probes << "\n";
}

void
Beat()
{
    Heartbeat& hb = g_heartbeat;
    if (hb.declaredDead != Time::Max())
    {
        return;
    }
    if (hb.unanswered >= hb.misses)
    {
        hb.declaredDead = Simulator::Now();
        std::cout << "  " << Simulator::Now().GetSeconds() << " s  heartbeat: " << hb.misses
                  << " heartbeats unanswered, the application declares the peer dead\n";
        hb.socket->Close();
        return;
    }
    hb.socket->Send(Create<Packet>(1), 0);
    ++hb.unanswered;
    Simulator::Schedule(hb.period, &Beat);
}

void
OnEcho(Ptr<Socket> socket)
{
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            return;
        }
        g_heartbeat.unanswered = 0;
    }
}

void
OnServerReadable(Ptr<Socket> socket)
{
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            return;
        }
        socket->Send(p); // echo
    }
}

void
OnAccept(Ptr<Socket> socket, const Address& /* from */)
{
    socket->SetRecvCallback(MakeCallback(&OnServerReadable));
}

} // namespace

int
main(int argc, char* argv[])
{
    Time idle = Seconds(60);
    Time interval = Seconds(10);
    uint32_t probes = 5;
    Time heartbeat = Seconds(10);
    uint32_t misses = 3;
    Time crashAt = Seconds(30);
    CommandLine cmd(__FILE__);
    cmd.Usage("Peer crash while idle: keepalive (ETIMEDOUT after idle + interval * probes) "
              "against an application heartbeat.");
    cmd.AddValue("idle", "TCP_KEEPIDLE, > 0", idle);
    cmd.AddValue("interval", "TCP_KEEPINTVL, > 0", interval);
    cmd.AddValue("probes", "TCP_KEEPCNT, 1..127", probes);
    cmd.AddValue("heartbeat", "time between application heartbeats, > 0", heartbeat);
    cmd.AddValue("misses", "heartbeats without an echo that mean the peer is dead, >= 1", misses);
    cmd.AddValue("crashAt", "when the server host crashes, > 1.1 s", crashAt);
    cmd.Parse(argc, argv);
    if (!heartbeat.IsStrictlyPositive() || misses < 1 || crashAt <= Seconds(1.1))
    {
        std::cerr << "tcp-teardown-keepalive: --heartbeat=" << heartbeat.As(Time::S)
                  << " --misses=" << misses << " --crashAt=" << crashAt.As(Time::S)
                  << " is invalid: heartbeat > 0, misses >= 1, crashAt > 1.1 s (see --help)"
                  << std::endl;
        return 1;
    }

    TcpTeardownHelper teardown;
    teardown.SetSocketAttribute("KeepAliveTime", TimeValue(idle)); // checked by the socket
    teardown.SetSocketAttribute("KeepAliveInterval", TimeValue(interval));
    teardown.SetSocketAttribute("KeepAliveProbes", UintegerValue(probes));
    TcpTeardownHostPair pair(teardown);
    NodeContainer nodes = pair.GetNodes();
    TcpTeardownRecorder recorder;
    recorder.Watch(nodes);

    Ptr<TcpTeardownSocket> listener = TcpTeardownHelper::CreateSocket(nodes.Get(1));
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000));
    listener->Listen();
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeCallback(&OnAccept));
    const InetSocketAddress server(pair.GetServerAddress(), 5000);

    Ptr<TcpTeardownSocket> keepalive = TcpTeardownHelper::CreateSocket(nodes.Get(0));
    keepalive->SetKeepAlive(true);
    keepalive->TraceConnectWithoutContext("KeepAliveProbe", MakeCallback(&OnProbe));
    Simulator::Schedule(Seconds(1), &TcpTeardownSocket::Connect, keepalive, server);

    g_heartbeat.socket = TcpTeardownHelper::CreateSocket(nodes.Get(0));
    g_heartbeat.period = heartbeat;
    g_heartbeat.misses = misses;
    g_heartbeat.socket->SetRecvCallback(MakeCallback(&OnEcho));
    Simulator::Schedule(Seconds(1), &TcpTeardownSocket::Connect, g_heartbeat.socket, server);
    Simulator::Schedule(Seconds(1.1), &Beat);
    TcpTeardownHelper::ScheduleCrash(nodes.Get(1), crashAt);

    const Time stop = crashAt + idle + interval * probes + heartbeat * (misses + 1) + Seconds(60);
    std::cout << "server host crashes at " << crashAt.GetSeconds() << " s\n";
    Simulator::Stop(stop);
    Simulator::Run();

    const Address keepaliveLocal = keepalive->GetLocalAddress();
    std::cout << "outcome:\n";
    for (const auto& end : recorder.GetEnds(nodes.Get(0)->GetId()))
    {
        const bool isKeepalive = end.connection.local == keepaliveLocal;
        std::cout << "  " << (isKeepalive ? "keepalive connection" : "heartbeat connection")
                  << ": ended at " << end.time.GetSeconds() << " s (crash + "
                  << (end.time - crashAt).GetSeconds() << " s) with " << end.reason << "\n";
    }
    if (g_heartbeat.declaredDead != Time::Max())
    {
        std::cout << "  heartbeat: peer declared dead at " << g_heartbeat.declaredDead.GetSeconds()
                  << " s (crash + " << (g_heartbeat.declaredDead - crashAt).GetSeconds() << " s)\n";
    }
    std::cout << "  keepalive budget: idle + interval * probes = "
              << (idle + interval * probes).GetSeconds() << " s after the last segment heard"
              << std::endl;
    Simulator::Destroy();
    return 0;
}
