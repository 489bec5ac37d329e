/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Host crash, host reboot, process crash: what the server sees.
//
//   client ---- server          one point-to-point link, 10 Mb/s, 5 ms
//
//   t = 1 s       the client connects; the server writes 1000 B every 100 ms
//   --crashAt     --mode=host: the client host crashes (its sockets vanish, nothing is sent)
//                 --mode=process: the client process crashes (the kernel closes its socket)
//   --rebootAt    --mode=host: the client host comes back with no connections and answers
//                 the server's next retransmission with a RST (0: never)
//
// Printed: the server's timeout retransmissions and how its connection ended.
//
//   ./tcp-teardown-crash-reboot
//   ./tcp-teardown-crash-reboot --rebootAt=0
//   ./tcp-teardown-crash-reboot --mode=process

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string mode = "host";
    Time crashAt = Seconds(3);
    Time rebootAt = Seconds(10);
    uint32_t retries2 = 15;
    CommandLine cmd(__FILE__);
    cmd.Usage("Host crash and reboot, or process crash, of the client while the server sends.");
    cmd.AddValue("mode",
                 "host (crash, then reboot) or process (the kernel closes the socket)",
                 mode);
    cmd.AddValue("crashAt", "when the client crashes, > 1.1 s", crashAt);
    cmd.AddValue("rebootAt", "when the client host reboots, > crashAt; 0: never", rebootAt);
    cmd.AddValue("retries2", "net.ipv4.tcp_retries2 of the server, 0..255", retries2);
    cmd.Parse(argc, argv);
    const char* program = "tcp-teardown-crash-reboot";
    if (mode != "host" && mode != "process")
    {
        std::cerr << program << ": --mode=" << mode << " is invalid: use host or process"
                  << std::endl;
        return 1;
    }
    if (crashAt <= Seconds(1.1) || (!rebootAt.IsZero() && rebootAt <= crashAt))
    {
        std::cerr << program << ": --crashAt=" << crashAt.As(Time::S)
                  << " --rebootAt=" << rebootAt.As(Time::S)
                  << " is invalid: crashAt > 1.1 s, rebootAt 0 or > crashAt (see --help)"
                  << std::endl;
        return 1;
    }

    TcpTeardownHelper teardown;
    teardown.SetSocketAttribute("Retries2", UintegerValue(retries2));
    TcpTeardownHostPair pair(teardown);
    NodeContainer nodes = pair.GetNodes();
    TcpTeardownRecorder recorder;
    recorder.Watch(nodes);

    Ptr<TcpTeardownApplication> server = CreateObject<TcpTeardownApplication>();
    server->SetAttribute("Role", StringValue("Server"));
    server->SetAttribute("Local", AddressValue(InetSocketAddress(Ipv4Address::GetAny(), 5000)));
    server->SetAttribute("SendBytes", UintegerValue(100000000));
    server->SetAttribute("SendInterval", TimeValue(MilliSeconds(100)));
    server->SetAttribute("SendsAfterError", UintegerValue(2));
    nodes.Get(1)->AddApplication(server);
    Ptr<TcpTeardownApplication> client = CreateObject<TcpTeardownApplication>();
    client->SetAttribute("Remote", AddressValue(InetSocketAddress(pair.GetServerAddress(), 5000)));
    client->SetStartTime(Seconds(1));
    nodes.Get(0)->AddApplication(client);
    server->TraceConnectWithoutContext(
        "SocketCall",
        MakeCallback(
            +[](Ptr<const TcpTeardownSocket>, std::string call, int result, TcpCloseReason e) {
                std::cout << "  " << Simulator::Now().GetSeconds() << " s  server " << call
                          << "() -> " << result << (result < 0 ? " " + TcpCloseReasonName(e) : "")
                          << "\n";
            }));

    if (mode == "host")
    {
        TcpTeardownHelper::ScheduleCrash(nodes.Get(0),
                                         crashAt,
                                         rebootAt.IsZero() ? Time::Max() : rebootAt);
    }
    else
    {
        Simulator::Schedule(crashAt, &TcpTeardownHelper::CrashProcess, client);
    }
    std::cout << "client " << mode << " crash at " << crashAt.GetSeconds() << " s"
              << (mode == "host" && !rebootAt.IsZero()
                      ? ", reboot at " + std::to_string(rebootAt.GetSeconds()) + " s"
                      : std::string())
              << "\n";
    Simulator::Stop(Seconds(2000));
    Simulator::Run();

    for (const auto& r : recorder.GetRetransmissions(nodes.Get(1)->GetId()))
    {
        std::cout << "  " << r.time.GetSeconds() << " s  server retransmission " << r.count
                  << ", next RTO " << r.rto.GetSeconds() << " s\n";
    }
    for (const auto& end : recorder.GetEnds(nodes.Get(1)->GetId()))
    {
        std::cout << "server connection ended at " << end.time.GetSeconds() << " s with "
                  << end.reason << "\n";
    }
    for (const auto& end : recorder.GetEnds(nodes.Get(0)->GetId()))
    {
        std::cout << "client connection ended at " << end.time.GetSeconds() << " s with "
                  << end.reason << std::endl;
    }
    Simulator::Destroy();
    return 0;
}
