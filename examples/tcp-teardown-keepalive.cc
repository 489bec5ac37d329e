/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Peer crash while idle: only keepalive, or an application heartbeat, notices. Stories
// "peer-crash-idle", "peer-crash-idle-keepalive" and "peer-crash-idle-heartbeat" of the
// catalogue, run through TcpPeerCrashScenario (Activity Idle), one run each.
//
//   client ---- router ---- server     two point-to-point links, 10 Mb/s, 5 ms each
//
//   t = 1 s      the client opens a connection to the server and stays idle on it:
//                  none:      no keepalive, no heartbeat;
//                  keepalive: SO_KEEPALIVE with --idle, --interval, --probes (Linux defaults
//                             7200 s, 75 s, 9): after idle + interval * probes unanswered,
//                             RST and ETIMEDOUT;
//                  heartbeat: the client writes 1 B every --heartbeat, the server echoes it,
//                             and the client declares the peer dead after --misses
//                             heartbeats without an echo, and closes
//   --crashAt    the server host crashes
//
// Printed: for each run (--detection) its keepalive probes or heartbeat verdict and the
// result (timelines, figures, verdict); then the comparison: when each connection learned
// that the peer was gone, and how (the one without either never does). With --output=DIR each
// run's records go to DIR/<story>[-keepalive|-heartbeat]/ as CSV, with result.txt and the state
// timeline plot; --pcap adds that folder's peer-crash-idle-<node>-<dev>.pcap.
//
//   ./tcp-teardown-keepalive
//   ./tcp-teardown-keepalive --idle=7200s --interval=75s --probes=9 --crashAt=100s
//   ./tcp-teardown-keepalive --detection=keepalive --output=keepalive --pcap=true

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iostream>
#include <sstream>

using namespace ns3;

namespace
{

/// One run of the comparison.
struct Run
{
    std::string detection; //!< "none", "keepalive" or "heartbeat"
    std::string attribute; //!< its Detection attribute value
    std::string name;      //!< its catalogue name, also its output folder
    std::string title;     //!< what it is, for a reader
};

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
    std::string detection = "all";
    std::string output;
    bool pcap = false;
    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("Peer crash while idle: keepalive (ETIMEDOUT after idle + interval * probes) "
              "against an application heartbeat and a connection with neither (stories "
              "peer-crash-idle[-keepalive|-heartbeat], TcpPeerCrashScenario).");
    cmd.AddValue("idle", "TCP_KEEPIDLE (KeepAliveTime), 1 s .. 32767 s", idle);
    cmd.AddValue("interval", "TCP_KEEPINTVL (KeepAliveInterval), 1 s .. 32767 s", interval);
    cmd.AddValue("probes", "TCP_KEEPCNT (KeepAliveProbes), 1..127", probes);
    cmd.AddValue("heartbeat", "time between application heartbeats, 10 ms .. 1 h", heartbeat);
    cmd.AddValue("misses", "heartbeats without an echo that mean the peer is dead, 1..100", misses);
    cmd.AddValue("crashAt", "when the server host crashes, 1.5 s .. 3600 s", crashAt);
    cmd.AddValue("detection", "which runs: all (default), none, keepalive or heartbeat", detection);
    cmd.AddValue("output",
                 "folder for each run's records (CSV), result.txt and state timeline plot, in "
                 "a subfolder per run; empty: print only",
                 output);
    cmd.AddValue("pcap", "write pcap files of both hosts into --output (needs --output)", pcap);
    cmd.Parse(argc, argv);
    const char* program = "tcp-teardown-keepalive";
    if (crashAt < Seconds(1.5) || crashAt > Seconds(3600))
    {
        std::cerr << program << ": --crashAt=" << crashAt.As(Time::S)
                  << " is invalid: it must be 1.5 s .. 3600 s, after the connection is up (see "
                     "--help)"
                  << std::endl;
        return 1;
    }
    const std::vector<Run> all = {
        {"none", "None", "peer-crash-idle", "no keepalive, no heartbeat"},
        {"keepalive", "KeepAlive", "peer-crash-idle-keepalive", "SO_KEEPALIVE"},
        {"heartbeat", "Heartbeat", "peer-crash-idle-heartbeat", "application heartbeat"},
    };
    std::vector<Run> runs;
    for (const auto& run : all)
    {
        if (detection == "all" || detection == run.detection)
        {
            runs.push_back(run);
        }
    }
    if (runs.empty())
    {
        std::cerr << program << ": --detection=" << detection
                  << " is invalid: use all, none, keepalive or heartbeat (see --help)" << std::endl;
        return 1;
    }
    if (pcap && output.empty())
    {
        std::cerr << program
                  << ": --pcap=true is invalid without --output: the pcap files go into that "
                     "folder (see --help)"
                  << std::endl;
        return 1;
    }
    // The socket's and the story's rules, checked now so that a bad value names its option.
    cmd.Apply("idle", [&]() {
        TcpTeardownHelper probe;
        probe.SetSocketAttribute("KeepAliveTime", TimeValue(idle));
        probe.CheckSocketAttributes();
    });
    cmd.Apply("interval", [&]() {
        TcpTeardownHelper probe;
        probe.SetSocketAttribute("KeepAliveInterval", TimeValue(interval));
        probe.CheckSocketAttributes();
    });
    cmd.Apply("probes", [&]() {
        TcpTeardownHelper probe;
        probe.SetSocketAttribute("KeepAliveProbes", UintegerValue(probes));
        probe.CheckSocketAttributes();
    });
    cmd.Apply("heartbeat", [&]() {
        TcpTeardownCheckAttribute(TcpPeerCrashScenario::GetTypeId(),
                                  "HeartbeatInterval",
                                  TimeValue(heartbeat));
    });
    cmd.Apply("misses", [&]() {
        TcpTeardownCheckAttribute(TcpPeerCrashScenario::GetTypeId(),
                                  "HeartbeatMisses",
                                  UintegerValue(misses));
    });
    cmd.RequireFolder("output", output);
    if (!output.empty())
    {
        for (const auto& run : runs)
        {
            if (!TcpScenarioResult::MakeFolder(output + "/" + run.name))
            {
                return 1;
            }
        }
    }

    // The same simulated time for every run: past the keepalive give-up and the heartbeat's.
    const Time duration =
        crashAt + idle + interval * probes + heartbeat * (misses + 1) + Seconds(60);
    std::cout << "server host crashes at " << TcpTeardownScenario::FormatSeconds(crashAt)
              << "; keepalive: idle " << TcpTeardownScenario::FormatSeconds(idle) << ", interval "
              << TcpTeardownScenario::FormatSeconds(interval) << ", " << probes
              << " probes; heartbeat every " << TcpTeardownScenario::FormatSeconds(heartbeat)
              << ", dead after " << misses << " misses; "
              << TcpTeardownScenario::FormatSeconds(duration) << " simulated\n\n";
    std::vector<std::string> outcome;
    for (const auto& run : runs)
    {
        Ptr<TcpPeerCrashScenario> story = CreateObject<TcpPeerCrashScenario>();
        story->SetStoryAttribute("Activity", StringValue("Idle"));
        story->SetStoryAttribute("Detection", StringValue(run.attribute));
        story->SetStoryAttribute("CrashAt", TimeValue(crashAt));
        story->SetStoryAttribute("HeartbeatInterval", TimeValue(heartbeat));
        story->SetStoryAttribute("HeartbeatMisses", UintegerValue(misses));
        story->SetStoryAttribute("Duration", TimeValue(duration));
        if (pcap)
        {
            story->SetStoryAttribute(
                "PcapPrefix",
                StringValue(output + "/" + run.name + "/" + story->GetStory()));
        }
        story->SetSocketAttribute("KeepAliveTime", TimeValue(idle)); // checked by the socket
        story->SetSocketAttribute("KeepAliveInterval", TimeValue(interval));
        story->SetSocketAttribute("KeepAliveProbes", UintegerValue(probes));
        TcpScenarioResult result = story->Run();
        result.variant = run.title;

        std::cout << "== " << run.detection << ": " << run.title << "\n";
        const TcpEndpointOutcome& client = result.endpoints.at(0);
        std::ostringstream line;
        if (run.detection == "none")
        {
            line << "connection without keepalive: "
                 << (client.ended
                         ? "ended at " + TcpTeardownScenario::FormatSeconds(client.end) + " with " +
                               TcpCloseReasonName(client.reason)
                         : std::string("still ") + TcpSocket::TcpStateName[client.finalState] +
                               " at " + TcpTeardownScenario::FormatSeconds(result.stopTime) +
                               ": it never learns");
        }
        else
        {
            line << run.detection << " connection: ";
            if (client.ended)
            {
                line << "ended at " << TcpTeardownScenario::FormatSeconds(client.end)
                     << " (crash + " << TcpTeardownScenario::FormatSeconds(client.end - crashAt)
                     << ") with " << TcpCloseReasonName(client.reason);
            }
            else
            {
                line << "not ended at " << TcpTeardownScenario::FormatSeconds(result.stopTime)
                     << ", in " << TcpSocket::TcpStateName[client.finalState];
            }
        }
        outcome.push_back(line.str());
        if (run.detection == "keepalive")
        {
            std::cout << "  keepalive probes: " << result.GetFigure("keepalive probes") << "\n";
        }
        if (run.detection == "heartbeat")
        {
            std::cout << "  heartbeat: " << result.observed << "\n";
            outcome.push_back(result.GetFigure("peer declared dead") == "never"
                                  ? std::string("heartbeat: the peer was never declared dead")
                                  : "heartbeat: peer " + result.observed);
        }
        result.Print(std::cout);
        if (!output.empty())
        {
            if (!result.Save(output + "/" + run.name))
            {
                return 1;
            }
            std::cout << "records: " << output << "/" << run.name << "/" << std::endl;
        }
        std::cout << "\n";
    }

    std::cout << "outcome (server host crash at " << TcpTeardownScenario::FormatSeconds(crashAt)
              << "):\n";
    for (const auto& line : outcome)
    {
        std::cout << "  " << line << "\n";
    }
    std::cout << "  keepalive budget: idle + interval * probes = "
              << TcpTeardownScenario::FormatSeconds(idle + interval * probes)
              << " after the last segment heard" << std::endl;
    return 0;
}
