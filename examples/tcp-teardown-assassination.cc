/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TIME_WAIT assassination (RFC 1337, hazards H1 to H3) with net.ipv4.tcp_rfc1337 off and on.
// Stories "assassination-*" of the catalogue, run through TcpTimeWaitAssassinationScenario.
//
//   client ---- router ---- server     two point-to-point links, 10 Mb/s, 5 ms each
//   10.1.1.1:40000           10.1.2.2:5000   (--router=false: one direct link, 10 ms round trip)
//
// Connection 1: the server writes 3 segments, the client reads them and closes first
// (TIME_WAIT, 60 s). Two of the server's segments arrive twice: the first copy --trigger
// later (TIME_WAIT acknowledges it, the server has forgotten the connection and answers with
// a RST), the second --stray later. With --rfc1337=false the RST ends TIME_WAIT, the client
// opens connection 2 from the same port, and the stray, in the same sequence space (ISN 0):
//   H1: becomes connection 2's data;
//   H2: makes the client acknowledge data the server never sent; the server retransmits
//       until it gives up (ETIMEDOUT after about 15 minutes);
//   H3: reaches connection 2 in SYN_SENT; the client's RST hits the server's half-open
//       connection: with --rfc5961=false (RFC 793) it is reset and connection 2 dies, unless
//       the SYN the client resends 8 ms after its RST gets there before the handshake's ACK
//       (--synSentOffset + 8 ms below the round trip: behind the router, 20 ms, it does and
//       connection 2 survives; the catalogue's assassination-h3 uses one direct link).
// With --rfc1337=true TIME_WAIT ignores the RST and the port stays held.
//
// Printed: the topology, the duplicates, each connection's bytes, then the result (timelines,
// figures: RSTs in TIME_WAIT, when TIME_WAIT ended and connection 2 opened, H2's ACKs of
// unsent data and the server's retransmissions, H3's RSTs from SYN_SENT; the verdict). With
// --output=DIR the records go to DIR as CSV, with result.txt and the state timeline plot;
// --pcap adds a pcap file per host device there.
//
//   ./tcp-teardown-assassination
//   ./tcp-teardown-assassination --rfc1337=true
//   ./tcp-teardown-assassination --hazard=H2 --invalidRateLimit=0s --retries2=3   (ACK loop)
//   ./tcp-teardown-assassination --hazard=H3 --rfc5961=false --router=false --output=h3

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string hazard = "H1";
    bool rfc1337 = false;
    bool rfc5961 = true;
    Time trigger = Seconds(1);
    Time stray = Seconds(1.5);
    Time offset = MilliSeconds(5);
    Time invalidRateLimit = MilliSeconds(500);
    uint32_t retries2 = 15;
    bool router = true;
    Time duration = Seconds(0);
    std::string output;
    bool pcap = false;
    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("TIME_WAIT assassination: a RST provoked by an old duplicate ends TIME_WAIT, and "
              "a later old duplicate harms the next connection on the 4-tuple (RFC 1337 "
              "hazards H1 old data accepted, H2 desynchronized, H3 connection dies; stories "
              "assassination-*, TcpTimeWaitAssassinationScenario).");
    cmd.AddValue("hazard", "H1, H2 or H3", hazard);
    cmd.AddValue("rfc1337", "net.ipv4.tcp_rfc1337: TIME_WAIT ignores RSTs", rfc1337);
    cmd.AddValue("rfc5961", "RFC 5961 RST acceptance (off: RFC 793, any RST in window)", rfc5961);
    cmd.AddValue("trigger",
                 "delay of the duplicate that provokes the RST, 1 ms .. 100 s, below --stray",
                 trigger);
    cmd.AddValue("stray", "delay of the duplicate that lands later, 1 ms .. 100 s", stray);
    cmd.AddValue("invalidRateLimit",
                 "net.ipv4.tcp_invalid_ratelimit, >= 0 (0s: answer every unacceptable segment)",
                 invalidRateLimit);
    cmd.AddValue("retries2",
                 "net.ipv4.tcp_retries2, 0 .. 255 (H2: when the server gives up)",
                 retries2);
    cmd.AddValue("synSentOffset",
                 "H3: connection 2's SYN leaves this long before the stray arrives, above 0 and "
                 "below the round trip (20 ms, 10 ms with --router=false)",
                 offset);
    cmd.AddValue("router", "client - router - server (two links); false: one direct link", router);
    cmd.AddValue("duration",
                 "simulated time, >= 0 (0: the story's own, 10 s, 1000 s for H2)",
                 duration);
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
    if (trigger >= stray)
    {
        std::cerr << "tcp-teardown-assassination: --trigger=" << trigger.As(Time::S)
                  << " --stray=" << stray.As(Time::S)
                  << " is invalid: 0 < trigger delay < stray delay" << std::endl;
        return 1;
    }

    // Each option through its attribute: a bad value names the option and the attribute's rule.
    Ptr<TcpTimeWaitAssassinationScenario> story = CreateObject<TcpTimeWaitAssassinationScenario>();
    auto set = [&cmd, story](const std::string& option,
                             const std::string& attribute,
                             const AttributeValue& value) {
        cmd.Apply(option, [&]() { story->SetStoryAttribute(attribute, value); });
    };
    set("hazard", "Hazard", StringValue(hazard));
    set("rfc1337", "Rfc1337", BooleanValue(rfc1337));
    set("rfc5961", "Rfc5961", BooleanValue(rfc5961));
    set("trigger", "TriggerDelay", TimeValue(trigger));
    set("stray", "StrayDelay", TimeValue(stray));
    set("synSentOffset", "SynSentOffset", TimeValue(offset));
    set("router", "Router", BooleanValue(router));
    set("duration", "Duration", TimeValue(duration));
    cmd.Apply("invalidRateLimit", [&]() {
        story->SetSocketAttribute("InvalidRateLimit", TimeValue(invalidRateLimit));
    });
    cmd.Apply("retries2",
              [&]() { story->SetSocketAttribute("Retries2", UintegerValue(retries2)); });
    if (pcap)
    {
        story->SetStoryAttribute("PcapPrefix", StringValue(output + "/" + story->GetStory()));
    }

    std::cout << "TIME_WAIT assassination, hazard " << hazard << ": tcp_rfc1337 "
              << (rfc1337 ? "on" : "off") << ", RFC 5961 " << (rfc5961 ? "on" : "off")
              << ", duplicates " << trigger.GetSeconds() << " s and " << stray.GetSeconds()
              << " s late\n"
              << "topology: "
              << (router ? "client - router - server, two links of 10 Mb/s, 5 ms (round trip "
                           "20 ms)"
                         : "client - server, one direct link of 10 Mb/s, 5 ms (round trip 10 ms)")
              << "\n";
    // The story checks H3's timing against the round trip when it starts.
    TcpScenarioResult result;
    cmd.ApplyAll({"hazard", "trigger", "stray", "synSentOffset", "router"},
                 [&]() { result = story->Run(); });

    for (const auto& record : result.impairments)
    {
        if (record.action == TcpSegmentImpairment::DUPLICATE)
        {
            std::cout << "  the server's segment seq " << record.sequence << " ack " << record.ack
                      << " arrives again at "
                      << TcpTeardownScenario::FormatSeconds(record.deliveredAt) << "\n";
        }
    }
    for (const auto& endpoint : result.endpoints)
    {
        if (endpoint.label.compare(0, 6, "client") != 0)
        {
            continue;
        }
        std::cout << "  " << endpoint.label << ": " << endpoint.bytesDelivered << " B read, "
                  << endpoint.bytesDelivered - endpoint.bytesCorrupted << " right, "
                  << endpoint.bytesCorrupted << " not its own"
                  << (endpoint.bytesCorrupted ? " (corrupted)" : "") << "\n";
    }
    if (result.GetFigure("connection 2 opened (client)") == "never")
    {
        std::cout << "  no connection 2 within the run: the port stayed held\n";
    }
    std::cout << "\n";
    result.Print(std::cout);
    return result.SaveIfAsked(output, std::cout) ? 0 : 1;
}
