/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The second reason for TIME_WAIT: an old segment arriving late in a new connection. Story
// "stray-segment" of the catalogue, run through TcpStraySegmentScenario.
//
//   client ---- router ---- server     two point-to-point links, 10 Mb/s, 5 ms each
//   10.1.1.1:40000           10.1.2.2:5000   (--router=false: one direct link)
//
// Connections open one after another from the same client port (--gap after the previous
// one ended at the client), each writing --chunks segments of coded payload (536 B), one
// every --interval, then closing (the client closes first and holds TIME_WAIT, --timeWait;
// 0 disables it). The last data segment of the first connection is delayed by --delay. The
// server checks every byte it reads: a byte of an older connection is corruption.
//
// Printed: the topology, the stray (its sequence number, when it was held and delivered), the
// server's first --endpoints connections (when each was established, bytes read, bytes not
// its own), the corrupted bytes and which connections read them, how often bind() found the
// port held, then the result (timelines, figures, verdict). With --output=DIR the records go
// to DIR as CSV, with result.txt and the state timeline plot; --pcap adds a pcap file per
// host device there.
//
//   ./tcp-teardown-stray-segment                      no TIME_WAIT: 536 bytes corrupted
//   ./tcp-teardown-stray-segment --timeWait=5s        TIME_WAIT outlasts the stray: clean
//   ./tcp-teardown-stray-segment --isn=Rfc6528 --output=stray --pcap=true

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iomanip>
#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    Time timeWait = Seconds(0);
    Time delay = Seconds(4);
    Time gap = Seconds(1);
    std::string isn = "Zero";
    bool timestamps = false;
    bool reuse = false;
    uint32_t chunks = 10;
    Time interval = MilliSeconds(100);
    Time duration = Seconds(0);
    bool router = true;
    uint32_t endpoints = 3;
    std::string output;
    bool pcap = false;
    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("A delayed segment of an old connection in a new one on the same 4-tuple: "
              "corrupted bytes with and without TIME_WAIT (story stray-segment, "
              "TcpStraySegmentScenario).");
    cmd.AddValue("timeWait", "the client's TIME_WAIT, 0 (none) .. 600 s", timeWait);
    cmd.AddValue("delay", "how late the stray segment arrives, 1 ms .. 20 s", delay);
    cmd.AddValue("gap", "from one connection's end to the next connect, 0 .. 60 s", gap);
    cmd.AddValue("isn", "IsnPolicy of both hosts: Zero, Rfc6528, Linux or Random", isn);
    cmd.AddValue("timestamps", "the TCP timestamp option (no PAWS in the module)", timestamps);
    cmd.AddValue("reuse", "SO_REUSEADDR on the client", reuse);
    cmd.AddValue("chunks", "data segments per connection, 1 .. 1000", chunks);
    cmd.AddValue("interval", "time between them, 1 ms .. 10 s", interval);
    cmd.AddValue("duration", "simulated time, 0 .. 3600 s (0: the story's own, 30 s)", duration);
    cmd.AddValue("router", "client - router - server (two links); false: one direct link", router);
    cmd.AddValue("endpoints",
                 "server connections described (table, timelines, plot), 0 (all) .. 1000",
                 endpoints);
    cmd.AddValue("output",
                 "folder for the records (CSV), result.txt and the state timeline plot; "
                 "empty: print only",
                 output);
    cmd.AddValue("pcap", "write a pcap file per host device into --output (needs it)", pcap);
    cmd.Parse(argc, argv);
    cmd.RequireFolder("output", output);
    if (!TcpScenarioResult::PrepareOutput(output, pcap))
    {
        return 1;
    }

    // The client reconnects until the run ends: a longer run would take hours of wall time.
    cmd.Require(duration <= Seconds(3600), "duration", "it must be 0 .. 3600 s");
    // Each option through its attribute: a bad value names the option and the attribute's rule.
    Ptr<TcpStraySegmentScenario> story = CreateObject<TcpStraySegmentScenario>();
    auto set = [&cmd, story](const std::string& option,
                             const std::string& attribute,
                             const AttributeValue& value) {
        cmd.Apply(option, [&]() { story->SetStoryAttribute(attribute, value); });
    };
    set("timeWait", "TimeWait", TimeValue(timeWait));
    set("delay", "StrayDelay", TimeValue(delay));
    set("gap", "Gap", TimeValue(gap));
    set("isn", "IsnPolicy", StringValue(isn));
    set("timestamps", "Timestamps", BooleanValue(timestamps));
    set("reuse", "ReuseAddress", BooleanValue(reuse));
    set("chunks", "Chunks", UintegerValue(chunks));
    set("interval", "ChunkInterval", TimeValue(interval));
    set("duration", "Duration", TimeValue(duration));
    set("router", "Router", BooleanValue(router));
    set("endpoints", "ServerEndpoints", UintegerValue(endpoints));
    if (pcap)
    {
        story->SetStoryAttribute("PcapPrefix", StringValue(output + "/" + story->GetStory()));
    }
    std::cout << "Stray segment: TIME_WAIT " << timeWait.GetSeconds() << " s, stray "
              << delay.GetSeconds() << " s late, gap " << gap.GetSeconds() << " s, ISN " << isn
              << ", timestamps " << (timestamps ? "on" : "off") << ", SO_REUSEADDR "
              << (reuse ? "on" : "off") << "\n"
              << "topology: "
              << (router ? "client - router - server, two links of 10 Mb/s, 5 ms"
                         : "client - server, one direct link of 10 Mb/s, 5 ms")
              << "\n";
    TcpScenarioResult result = story->Run();

    for (const auto& record : result.impairments)
    {
        if (record.action == TcpSegmentImpairment::DELAY)
        {
            std::cout << "  stray: connection 1's segment seq " << record.sequence << " ("
                      << record.payload << " B) held at "
                      << TcpTeardownScenario::FormatSeconds(record.time) << ", delivered at "
                      << TcpTeardownScenario::FormatSeconds(record.deliveredAt) << "\n";
        }
    }
    std::cout << "  connection  established at  read B  not its own B\n";
    const std::string prefix = "server, connection ";
    for (const auto& endpoint : result.endpoints)
    {
        if (endpoint.label.compare(0, prefix.size(), prefix) != 0)
        {
            continue;
        }
        Time established = Time::Max();
        for (const auto& entry : endpoint.timeline)
        {
            if (entry.second == TcpSocket::ESTABLISHED && established == Time::Max())
            {
                established = entry.first;
            }
        }
        std::cout << "  " << std::setw(10) << endpoint.label.substr(prefix.size()) << "  "
                  << std::setw(12)
                  << (established == Time::Max() ? std::string("-")
                                                 : TcpTeardownScenario::FormatSeconds(established))
                  << "  " << std::setw(6) << endpoint.bytesDelivered << "  " << std::setw(13)
                  << endpoint.bytesCorrupted << (endpoint.bytesCorrupted ? "  <- the stray" : "")
                  << "\n";
    }
    std::cout << "  corrupted: " << result.GetFigure("corrupted bytes") << " bytes in "
              << result.GetFigure("corrupted connections") << " of "
              << result.GetFigure("connections on the same ports")
              << " connections (which: " << result.GetFigure("connections that read old bytes")
              << "); bind() failed " << result.GetFigure("bind() failures, the port held")
              << " times while TIME_WAIT held the port\n\n";
    result.Print(std::cout);
    return result.SaveIfAsked(output, std::cout) ? 0 : 1;
}
