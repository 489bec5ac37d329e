/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Peer crash while sending: how long does a sender keep retransmitting before it gives up?
// Story "peer-crash-sending" of the catalogue, run through TcpPeerCrashScenario.
//
//   client ---- router ---- server     two point-to-point links, 10 Mb/s, 5 ms each
//                                      (--rate, --delay)
//
//   t = 1 s        the client connects; the server writes 2896 B every 100 ms
//   t = --crashAt  the client host crashes: no FIN, no RST, no answer
//   then           the server retransmits with exponential backoff and, on Linux, gives up
//                  with ETIMEDOUT at the first timer expiry past tcp_retries2's budget
//                  (924.6 s for 15) after its first retransmission; its next send() returns
//                  ETIMEDOUT, the one after EPIPE
//
// Segments are Linux-sized (--segmentSize=1448) and the client acknowledges every segment
// (--delAckCount=1, Linux quickack), so that the server's RTT samples, and its RTO, measure
// the path; --segmentSize=536 --delAckCount=2 runs the catalogue's story as the report does.
// The run stops 1 s after the server's connection ends.
//
// Printed: the server's timeout retransmissions (time, since the first, next RTO), the
// outcome against Linux's give-up rule, what the server application's send() calls returned
// after the end, then the result (both ends' timelines, figures, verdict). With --profile=ns3
// the sockets are stock ns-3 TcpSocketBase, for comparison (deliberately NOT as Linux).
// With --output=DIR the records go to DIR as CSV (retransmissions.csv among them), with
// result.txt and the state timeline plot; --pcap adds DIR/peer-crash-sending-<node>-<dev>.pcap.
//
//   ./tcp-teardown-peer-crash
//   ./tcp-teardown-peer-crash --retries2=8 --rtoMax=10s
//   ./tcp-teardown-peer-crash --profile=ns3 --output=peer-crash --pcap=true

#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/tcp-teardown-module.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <sstream>

using namespace ns3;

namespace
{

const char* const kProgram = "tcp-teardown-peer-crash";

/// Print a command-line error naming the value and the rule, and exit with status 1.
[[noreturn]] void
Fail(const std::string& message)
{
    std::cerr << kProgram << ": " << message << " (see --help)" << std::endl;
    std::exit(1);
}

/// "0.2 s", "120 s": a time in seconds without ns-3's sign and unit suffix.
std::string
Sec(Time t)
{
    std::ostringstream os;
    os << t.GetSeconds() << " s";
    return os.str();
}

/// Lower-case a word.
std::string
Lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return text;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string profile = "linux";
    int64_t retries2 = 15;
    Time rtoMin = MilliSeconds(200);
    Time rtoMax = Seconds(120);
    Time delay = MilliSeconds(5);
    DataRate rate("10Mbps");
    Time crashAt = Seconds(3);
    uint32_t segmentSize = 1448;
    uint32_t delAckCount = 1;
    std::string output;
    bool pcap = false;

    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("Peer crash while sending: the server retransmits with exponential backoff and "
              "gives up with ETIMEDOUT (Linux: about 15 minutes with tcp_retries2=15). Story "
              "peer-crash-sending, TcpPeerCrashScenario.");
    cmd.AddValue("profile",
                 "socket behaviour: linux (default) or ns3 (stock TcpSocketBase)",
                 profile);
    cmd.AddValue("retries2", "net.ipv4.tcp_retries2 of the server, 0..255", retries2);
    cmd.AddValue("rtoMin", "minimum RTO (Linux TCP_RTO_MIN), > 0", rtoMin);
    cmd.AddValue("rtoMax", "maximum RTO (Linux TCP_RTO_MAX), >= rtoMin", rtoMax);
    cmd.AddValue("delay", "one-way delay of each of the two links, 0 .. 10 s", delay);
    cmd.AddValue("rate", "data rate of both links, > 0", rate);
    cmd.AddValue("crashAt",
                 "when the client host crashes, 1.5 s .. 3600 s (after the connection is up)",
                 crashAt);
    cmd.AddValue("segmentSize", "TCP segment size (MSS) of both hosts, 100..65000 B", segmentSize);
    cmd.AddValue("delAckCount",
                 "segments the client acknowledges at once, 1..64 (1: every segment)",
                 delAckCount);
    cmd.AddValue("output",
                 "folder for the records (CSV), result.txt and the state timeline plot; "
                 "empty: print only",
                 output);
    cmd.AddValue("pcap", "write pcap files of both hosts into --output (needs --output)", pcap);
    cmd.Parse(argc, argv);

    profile = Lower(profile);
    if (profile != "linux" && profile != "ns3")
    {
        Fail("--profile=" + profile + " is invalid: use linux or ns3");
    }
    if (retries2 < 0 || retries2 > 255)
    {
        Fail("--retries2=" + std::to_string(retries2) + " is invalid: it ranges from 0 to 255");
    }
    std::ostringstream bad;
    if (!rtoMin.IsStrictlyPositive())
    {
        bad << "--rtoMin=" << Sec(rtoMin) << " is invalid: it must be > 0";
    }
    else if (rtoMax < rtoMin)
    {
        bad << "--rtoMax=" << Sec(rtoMax) << " is invalid: it must be >= --rtoMin (" << Sec(rtoMin)
            << ")";
    }
    else if (delay.IsStrictlyNegative() || delay > Seconds(10))
    {
        bad << "--delay=" << Sec(delay) << " is invalid: it must be 0 .. 10 s";
    }
    else if (rate.GetBitRate() == 0)
    {
        bad << "--rate=" << rate << " is invalid: it must be > 0";
    }
    else if (crashAt < Seconds(1.5) || crashAt > Seconds(3600))
    {
        bad << "--crashAt=" << Sec(crashAt)
            << " is invalid: it must be 1.5 s .. 3600 s, after the connection is up";
    }
    else if (segmentSize < 100 || segmentSize > 65000)
    {
        bad << "--segmentSize=" << segmentSize << " is invalid: it ranges from 100 to 65000";
    }
    else if (delAckCount < 1 || delAckCount > 64)
    {
        bad << "--delAckCount=" << delAckCount << " is invalid: it ranges from 1 to 64";
    }
    else if (pcap && output.empty())
    {
        bad << "--pcap=true is invalid without --output: the pcap files go into that folder";
    }
    if (!bad.str().empty())
    {
        Fail(bad.str());
    }
    cmd.RequireFolder("output", output);

    Ptr<TcpPeerCrashScenario> story = CreateObject<TcpPeerCrashScenario>();
    story->SetStoryAttribute("Activity", StringValue("Sending"));
    story->SetStoryAttribute("CrashAt", TimeValue(crashAt));
    story->SetStoryAttribute("LinkRate", DataRateValue(rate));
    story->SetStoryAttribute("LinkDelay", TimeValue(delay));
    story->SetStoryAttribute("SendsAfterError", UintegerValue(2));
    // A bound for any parameters; the run stops 1 s after the server's connection ends.
    story->SetStoryAttribute("Duration", TimeValue(crashAt + Seconds(36000)));
    story->SetStoryAttribute("StopAfterEnd", TimeValue(Seconds(1)));
    if (pcap)
    {
        story->SetStoryAttribute("PcapPrefix", StringValue(output + "/" + story->GetStory()));
    }
    story->SetSocketAttribute("Profile", StringValue(profile == "linux" ? "Linux" : "Ns3"));
    story->SetSocketAttribute("Retries2", UintegerValue(static_cast<uint32_t>(retries2)));
    story->SetSocketAttribute("RtoMin", TimeValue(rtoMin));
    story->SetSocketAttribute("RtoMax", TimeValue(rtoMax));
    story->SetSocketAttribute("SegmentSize", UintegerValue(segmentSize));
    story->SetSocketAttribute("DelAckCount", UintegerValue(delAckCount));

    std::cout << kProgram << ": profile " << profile << ", tcp_retries2 " << retries2
              << ", rto_min " << Sec(rtoMin) << ", rto_max " << Sec(rtoMax) << ", links "
              << rate.GetBitRate() / 1e6 << " Mbit/s, " << Sec(delay) << " one way, segments "
              << segmentSize << " B, the client ACKs "
              << (delAckCount == 1 ? std::string("every segment")
                                   : "every " + std::to_string(delAckCount) + " segments")
              << "\n";
    std::cout << std::fixed << std::setprecision(3);
    std::cout << "  t = 1.000 s  the client connects; the server writes 2896 B every 100 ms\n"
              << "  t = " << crashAt.GetSeconds()
              << " s  the client host crashes: no FIN, no RST, no answer\n\n";
    TcpScenarioResult result = story->Run();
    std::ostringstream variant;
    variant << "profile " << profile << ", tcp_retries2 " << retries2 << ", segments "
            << segmentSize << " B, delayed ACK count " << delAckCount;
    result.variant = variant.str();

    const TcpEndpointOutcome& server = result.endpoints.at(1);
    std::vector<TcpRetransmissionRecord> retransmissions;
    for (const auto& r : result.retransmissions)
    {
        if (r.connection.node == server.node && r.connection.socket == server.socket)
        {
            retransmissions.push_back(r);
        }
    }
    std::cout << "Timeout retransmissions of the server:\n"
              << "     #    time (s)   since first (s)   next RTO (s)\n";
    const Time first = retransmissions.empty() ? Time(0) : retransmissions.front().time;
    for (const auto& r : retransmissions)
    {
        std::cout << std::setw(6) << r.count << std::setw(12) << r.time.GetSeconds()
                  << std::setw(18) << (r.time - first).GetSeconds() << std::setw(15)
                  << r.rto.GetSeconds() << "\n";
    }

    std::cout << "\nOutcome: ";
    if (!server.ended)
    {
        std::cout << "the server's connection had not ended when the simulation stopped\n";
    }
    else
    {
        std::cout << TcpCloseReasonName(server.reason) << " at t = " << server.end.GetSeconds()
                  << " s, " << (server.end - first).GetSeconds()
                  << " s after the first retransmission, after " << retransmissions.size()
                  << " timeout retransmissions\n";
    }
    if (profile == "linux")
    {
        std::cout << "Linux rule: give up at the first timer expiry at least "
                  << result.GetFigure("give-up budget after the first retransmission")
                  << " (the budget of tcp_retries2=" << retries2
                  << ") after the first retransmission; nothing is sent on give-up\n";
    }
    else
    {
        std::cout << "Stock ns-3: count-based (DataRetries), RTO doubling capped at 60 s, "
                     "no errno; the socket is left in "
                  << TcpSocket::TcpStateName[server.finalState] << "\n";
    }
    const std::string calls = result.GetFigure("server socket calls");
    std::cout << "Server application after the error: "
              << (calls.empty() || calls == "none" ? "no calls" : calls) << "\n\n";
    std::cout.unsetf(std::ios::floatfield);
    std::cout << std::setprecision(6);

    result.Print(std::cout);
    return result.SaveIfAsked(output, std::cout) ? 0 : 1;
}
