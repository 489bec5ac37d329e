/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// CLOSE_WAIT leak: a server that never calls close().
//
//   client ---- server          one point-to-point link, 10 Mb/s, 5 ms
//
//   from t = 1 s   --clients connections, one every --every, each sends 1000 B and closes
//   the server     reads the end of stream and, with --serverCloses=false, never closes
//
// Every connection the server does not close stays in CLOSE_WAIT for ever; the client's
// orphan leaves FIN_WAIT_2 after tcp_fin_timeout (--finTimeout). Printed: the population of
// CLOSE_WAIT on the server and of FIN_WAIT_2 on the client every --report.
//
//   ./tcp-teardown-close-wait-leak
//   ./tcp-teardown-close-wait-leak --serverCloses=true

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iostream>

using namespace ns3;

namespace
{

void
Report(const TcpTeardownRecorder* recorder, uint32_t client, uint32_t server, Time every)
{
    std::cout << "  " << Simulator::Now().GetSeconds() << " s  server CLOSE_WAIT "
              << recorder->CountInState(server, TcpSocket::CLOSE_WAIT) << ", client FIN_WAIT_2 "
              << recorder->CountInState(client, TcpSocket::FIN_WAIT_2) << ", client TIME_WAIT "
              << recorder->CountInState(client, TcpSocket::TIME_WAIT) << "\n";
    Simulator::Schedule(every, &Report, recorder, client, server, every);
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t clients = 10;
    Time every = Seconds(5);
    bool serverCloses = false;
    Time finTimeout = Seconds(60);
    Time report = Seconds(20);
    Time duration = Seconds(200);
    CommandLine cmd(__FILE__);
    cmd.Usage("CLOSE_WAIT leak: clients close, a server that never calls close() keeps every "
              "connection in CLOSE_WAIT.");
    cmd.AddValue("clients", "number of connections, 1..10000", clients);
    cmd.AddValue("every", "time between connections, > 0", every);
    cmd.AddValue("serverCloses", "whether the server closes on end of stream", serverCloses);
    cmd.AddValue("finTimeout", "net.ipv4.tcp_fin_timeout of the client, >= 0", finTimeout);
    cmd.AddValue("report", "time between population reports, > 0", report);
    cmd.AddValue("duration", "simulated time, > 0", duration);
    cmd.Parse(argc, argv);
    if (clients < 1 || clients > 10000 || !every.IsStrictlyPositive() ||
        !report.IsStrictlyPositive() || !duration.IsStrictlyPositive())
    {
        std::cerr << "tcp-teardown-close-wait-leak: --clients=" << clients
                  << " --every=" << every.As(Time::S) << " --report=" << report.As(Time::S)
                  << " --duration=" << duration.As(Time::S)
                  << " is invalid: clients 1..10000, every, report and duration > 0 (see --help)"
                  << std::endl;
        return 1;
    }

    TcpTeardownHelper teardown;
    teardown.SetSocketAttribute("FinTimeout", TimeValue(finTimeout));
    TcpTeardownHostPair pair(teardown);
    NodeContainer nodes = pair.GetNodes();
    TcpTeardownRecorder recorder;
    recorder.Watch(nodes);

    Ptr<TcpTeardownApplication> server = CreateObject<TcpTeardownApplication>();
    server->SetAttribute("Role", StringValue("Server"));
    server->SetAttribute("Local", AddressValue(InetSocketAddress(Ipv4Address::GetAny(), 80)));
    server->SetAttribute("CloseOnEndOfStream", BooleanValue(serverCloses));
    nodes.Get(1)->AddApplication(server);
    for (uint32_t i = 0; i < clients; ++i)
    {
        Ptr<TcpTeardownApplication> client = CreateObject<TcpTeardownApplication>();
        client->SetAttribute("Remote",
                             AddressValue(InetSocketAddress(pair.GetServerAddress(), 80)));
        client->SetAttribute("SendBytes", UintegerValue(1000));
        client->SetAttribute("CloseWhenDone", BooleanValue(true));
        client->SetStartTime(Seconds(1) + every * i);
        nodes.Get(0)->AddApplication(client);
    }
    std::cout << clients << " clients, one every " << every.GetSeconds() << " s; the server "
              << (serverCloses ? "closes" : "never closes") << "\n";
    Simulator::Schedule(report,
                        &Report,
                        &recorder,
                        nodes.Get(0)->GetId(),
                        nodes.Get(1)->GetId(),
                        report);
    Simulator::Stop(duration + NanoSeconds(1));
    Simulator::Run();
    std::cout << "leaked (server CLOSE_WAIT at the end): "
              << recorder.CountInState(nodes.Get(1)->GetId(), TcpSocket::CLOSE_WAIT) << std::endl;
    Simulator::Destroy();
    return 0;
}
