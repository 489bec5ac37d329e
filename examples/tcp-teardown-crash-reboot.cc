/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Host crash, host reboot, process crash: what the server sees. Story "peer-reboot" of the
// catalogue, run through TcpPeerRebootScenario (with --rebootAt=0 story
// "peer-crash-no-reboot", with --mode=process story "peer-process-crash").
//
//   client ---- router ---- server     two point-to-point links, 10 Mb/s, 5 ms each
//
//   t = 1 s       the client connects; the server writes 1000 B every 100 ms
//   --crashAt     --mode=host: the client host crashes (its sockets vanish, nothing is sent)
//                 --mode=process: the client process crashes (the kernel closes its socket
//                 with a FIN; the server reads the end of stream and closes)
//   --rebootAt    --mode=host: the client host comes back with no connections and answers
//                 the server's next retransmission with a RST: ECONNRESET (0: never, and the
//                 server gives up with ETIMEDOUT after tcp_retries2's budget)
//
// Printed: the server's timeout retransmissions, what its application's calls returned
// (after an error end it calls send() twice: the error, then EPIPE), how each end's connection
// ended, then the result (timelines, figures, verdict). With --output=DIR the records go to
// DIR as CSV, with result.txt and the state timeline plot; --pcap adds
// DIR/<story>-<node>-<dev>.pcap.
//
//   ./tcp-teardown-crash-reboot
//   ./tcp-teardown-crash-reboot --rebootAt=0
//   ./tcp-teardown-crash-reboot --mode=process --output=crash-reboot --pcap=true

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iostream>
#include <sstream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string mode = "host";
    Time crashAt = Seconds(3);
    Time rebootAt = Seconds(10);
    uint32_t retries2 = 15;
    std::string output;
    bool pcap = false;
    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("Host crash and reboot, or process crash, of the client while the server sends "
              "(story peer-reboot, TcpPeerRebootScenario).");
    cmd.AddValue("mode",
                 "host (crash, then reboot) or process (the kernel closes the socket)",
                 mode);
    cmd.AddValue("crashAt", "when the client crashes, 1.5 s .. 3600 s", crashAt);
    cmd.AddValue("rebootAt",
                 "when the client host reboots, after crashAt and <= 3600 s; 0: never",
                 rebootAt);
    cmd.AddValue("retries2", "net.ipv4.tcp_retries2 of the server, 0..255", retries2);
    cmd.AddValue("output",
                 "folder for the records (CSV), result.txt and the state timeline plot; "
                 "empty: print only",
                 output);
    cmd.AddValue("pcap", "write pcap files of both hosts into --output (needs --output)", pcap);
    cmd.Parse(argc, argv);
    const char* program = "tcp-teardown-crash-reboot";
    std::ostringstream bad;
    if (mode != "host" && mode != "process")
    {
        bad << "--mode=" << mode << " is invalid: use host or process";
    }
    else if (crashAt < Seconds(1.5) || crashAt > Seconds(3600))
    {
        bad << "--crashAt=" << crashAt.As(Time::S)
            << " is invalid: it must be 1.5 s .. 3600 s, after the connection is up";
    }
    else if (mode == "host" && !rebootAt.IsZero() &&
             (rebootAt <= crashAt || rebootAt > Seconds(3600)))
    {
        bad << "--rebootAt=" << rebootAt.As(Time::S)
            << " is invalid: it must be 0 (never) or after --crashAt=" << crashAt.As(Time::S)
            << " and <= 3600 s";
    }
    else if (retries2 > 255)
    {
        bad << "--retries2=" << retries2 << " is invalid: it ranges from 0 to 255";
    }
    else if (pcap && output.empty())
    {
        bad << "--pcap=true is invalid without --output: the pcap files go into that folder";
    }
    if (!bad.str().empty())
    {
        std::cerr << program << ": " << bad.str() << " (see --help)" << std::endl;
        return 1;
    }
    cmd.RequireFolder("output", output);

    Ptr<TcpPeerRebootScenario> story = CreateObject<TcpPeerRebootScenario>();
    story->SetStoryAttribute("Mode", StringValue(mode == "host" ? "Host" : "Process"));
    story->SetStoryAttribute("CrashAt", TimeValue(crashAt));
    story->SetStoryAttribute("RebootAt", TimeValue(mode == "host" ? rebootAt : Time(0)));
    story->SetStoryAttribute("SendsAfterError", UintegerValue(2));
    if (mode == "host" && rebootAt.IsZero())
    {
        // Past the give-up: the budget, the last backed-off RTO (<= 120 s) and a margin.
        story->SetStoryAttribute(
            "Duration",
            TimeValue(crashAt +
                      TcpLinuxRules::ModelTimeout(retries2, MilliSeconds(200), Seconds(120)) +
                      Seconds(300)));
    }
    if (pcap)
    {
        story->SetStoryAttribute("PcapPrefix", StringValue(output + "/" + story->GetStory()));
    }
    story->SetSocketAttribute("Retries2", UintegerValue(retries2));
    std::cout << "client " << mode << " crash at " << TcpTeardownScenario::FormatSeconds(crashAt)
              << (mode == "host"
                      ? (rebootAt.IsZero()
                             ? std::string(", no reboot")
                             : ", reboot at " + TcpTeardownScenario::FormatSeconds(rebootAt))
                      : std::string())
              << "; server tcp_retries2 " << retries2 << "\n";
    TcpScenarioResult result = story->Run();

    const TcpEndpointOutcome& client = result.endpoints.at(0);
    const TcpEndpointOutcome& server = result.endpoints.at(1);
    std::cout << "server timeout retransmissions: " << server.retransmissions << "\n";
    for (const auto& r : result.retransmissions)
    {
        if (r.connection.node == server.node && r.connection.socket == server.socket)
        {
            std::cout << "  " << TcpTeardownScenario::FormatSeconds(r.time)
                      << "  server retransmission " << r.count << ", next RTO "
                      << TcpTeardownScenario::FormatSeconds(r.rto) << "\n";
        }
    }
    const std::string calls = result.GetFigure("server socket calls");
    std::cout << "server socket calls: " << (calls.empty() ? "none" : calls) << "\n";
    for (const auto* end : {&server, &client})
    {
        std::cout << (end == &server ? "server" : "client") << " connection ";
        if (end->ended)
        {
            std::cout << "ended at " << TcpTeardownScenario::FormatSeconds(end->end) << " with "
                      << TcpCloseReasonName(end->reason) << "\n";
        }
        else
        {
            std::cout << "not ended at " << TcpTeardownScenario::FormatSeconds(result.stopTime)
                      << ", in " << TcpSocket::TcpStateName[end->finalState] << "\n";
        }
    }
    std::cout << "\n";
    result.Print(std::cout);
    return result.SaveIfAsked(output, std::cout) ? 0 : 1;
}
