/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// SO_LINGER: what close() does with data still queued. Stories "linger-off", "linger-abort"
// and "linger-timeout" of the catalogue, run through TcpLingerScenario.
//
//   client ---- router ---- server     two point-to-point links, --rate (10 Mb/s), 5 ms each
//
//   t = 1 s    the client connects
//   t = 2 s    the client writes --bytes and calls close() at once, with SO_LINGER --linger
//              (off, or l_linger for {1, l_linger}: 0 aborts with a RST); --style says what a
//              lingering close() does when l_linger runs out and in which unit l_linger is
//              (linux: seconds, close returns 0; bsd: 10 ms ticks, close fails EWOULDBLOCK)
//   --peer=crashed: the server host crashes at 1.9 s, so nothing is ever acknowledged
//
// Printed: when close() was called, when it returned and what it returned, the RSTs the
// client sent, what the server read and how its connection ended, then the result (both
// ends' timelines, figures, what Linux does, verdict; a bsd run differs from Linux on
// purpose). With --output=DIR the records go to DIR as CSV, with result.txt and the state
// timeline plot; --pcap adds a pcap file per device there.
//
//   ./tcp-teardown-linger --linger=0
//   ./tcp-teardown-linger --linger=200 --style=bsd --peer=crashed --output=linger --pcap=true

#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/tcp-teardown-module.h"

#include <cstdlib>
#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string linger = "off";
    std::string style = "linux";
    std::string peer = "alive";
    uint32_t bytes = 50000;
    DataRate rate("10Mbps");
    std::string output;
    bool pcap = false;
    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("SO_LINGER: the client writes and closes at once; prints when close() returned, "
              "what it returned, and what reached the server (stories linger-off, linger-abort, "
              "linger-timeout; TcpLingerScenario).");
    cmd.AddValue("linger",
                 "SO_LINGER: off, or l_linger for {1, l_linger}: 0 (abort), or 1..1000 seconds "
                 "(linux), 1..100000 ticks of 10 ms (bsd)",
                 linger);
    cmd.AddValue("style", "what a linger timeout does and l_linger's unit: linux or bsd", style);
    cmd.AddValue("peer", "alive, or crashed (the server host crashes at 1.9 s)", peer);
    cmd.AddValue("bytes", "bytes written just before close(), 1..1000000", bytes);
    cmd.AddValue("rate", "data rate of each link, > 0", rate);
    cmd.AddValue("output",
                 "folder for the records (CSV), result.txt and the state timeline plot; empty: "
                 "print only",
                 output);
    cmd.AddValue("pcap", "write a pcap file per device to <output>/linger-*; needs --output", pcap);
    cmd.Parse(argc, argv);

    const char* program = "tcp-teardown-linger";
    if (style != "linux" && style != "bsd")
    {
        std::cerr << program << ": --style=" << style << " is invalid: use linux or bsd"
                  << std::endl;
        return 1;
    }
    const bool bsd = style == "bsd";
    const bool lingerOn = linger != "off";
    long lingerValue = 0;
    if (lingerOn)
    {
        const long most = bsd ? 100000 : 1000; // the scenario's LingerTime: at most 1000 s
        char* end = nullptr;
        lingerValue = std::strtol(linger.c_str(), &end, 10);
        if (linger.empty() || *end != '\0' || lingerValue < 0 || lingerValue > most)
        {
            std::cerr << program << ": --linger=" << linger
                      << " is invalid: use off or an integer l_linger from 0 to " << most << " ("
                      << (bsd ? "10 ms ticks" : "seconds") << ", see --help)" << std::endl;
            return 1;
        }
    }
    if (peer != "alive" && peer != "crashed")
    {
        std::cerr << program << ": --peer=" << peer << " is invalid: use alive or crashed"
                  << std::endl;
        return 1;
    }
    if (bytes < 1 || bytes > 1000000 || rate.GetBitRate() == 0)
    {
        std::cerr << program << ": --bytes=" << bytes << " / --rate=" << rate
                  << " is invalid: bytes from 1 to 1000000, rate > 0" << std::endl;
        return 1;
    }
    cmd.RequireFolder("output", output);
    if (!TcpScenarioResult::PrepareOutput(output, pcap))
    {
        return 1;
    }

    Ptr<TcpLingerScenario> story = CreateObject<TcpLingerScenario>();
    if (!lingerOn)
    {
        story->SetStoryAttribute("Mode", StringValue("Off"));
    }
    else if (lingerValue == 0)
    {
        story->SetStoryAttribute("Mode", StringValue("Abort"));
    }
    else
    {
        story->SetStoryAttribute("Mode", StringValue("Timeout"));
        story->SetStoryAttribute(
            "LingerTime",
            TimeValue(bsd ? MilliSeconds(10 * lingerValue) : Seconds(lingerValue)));
    }
    if (bsd)
    {
        story->SetSocketAttribute("LingerStyle", StringValue("Bsd"));
    }
    story->SetStoryAttribute("PeerCrashed", BooleanValue(peer == "crashed"));
    story->SetStoryAttribute("Bytes", UintegerValue(bytes));
    story->SetStoryAttribute("LinkRate", DataRateValue(rate));
    if (pcap)
    {
        story->SetStoryAttribute("PcapPrefix", StringValue(output + "/" + story->GetStory()));
    }
    TcpScenarioResult result = story->Run();

    const std::string returned = result.GetFigure("close() returned");
    const std::string value =
        returned == "-"
            ? ""
            : (returned == TcpCloseReasonName(TcpCloseReason::NONE) ? " with 0"
                                                                    : " with -1 " + returned);
    const TcpEndpointOutcome& server = result.endpoints.at(1);
    std::cout << "SO_LINGER "
              << (lingerOn ? "{1, " + std::to_string(lingerValue) + "}" : std::string("off"))
              << " (" << style << (bsd ? ": 10 ms ticks" : ": seconds") << "), " << bytes
              << " B written, peer " << peer << "\n"
              << "  close() called at " << result.GetFigure("close() called at") << ", returned "
              << (returned == "-" ? "never" : "at " + result.GetFigure("close() returned at"))
              << value << "\n"
              << "  client RSTs sent: " << result.GetFigure("RSTs sent by the client") << "\n"
              << "  server read " << result.GetFigure("bytes read by the server") << " B; its "
              << "connection "
              << (server.ended ? "ended at " + TcpTeardownRecorder::FormatTime(server.end) +
                                     " s with " + TcpCloseReasonName(server.reason)
                               : "did not end")
              << "\n\n";
    result.Print(std::cout);
    return result.SaveIfAsked(output, std::cout) ? 0 : 1;
}
