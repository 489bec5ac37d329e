/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Peer crash while sending: how long does a sender keep retransmitting before it gives up?
//
//   client ---- router ---- server          point-to-point links, --rate, --delay each
//
//   t = 1 s        the client connects; the server writes 2 x 1448 B every 100 ms
//   t = --crashAt  the client host crashes: no FIN, no RST, no answer
//   then           the server retransmits with exponential backoff and, on Linux, gives up
//                  with ETIMEDOUT once tcp_retries2's budget (924.6 s for 15) has passed;
//                  its next send() returns ETIMEDOUT, the one after EPIPE
//
// The example prints the server's timeout retransmissions (time, count, next RTO) and the
// outcome. With --profile=ns3 the server is stock ns-3 TcpSocketBase, for comparison.
//
//   ./tcp-teardown-peer-crash
//   ./tcp-teardown-peer-crash --retries2=8 --rtoMax=10s
//   ./tcp-teardown-peer-crash --profile=ns3

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-teardown-module.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
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

std::string
Lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return text;
}

/// What the server's application saw after the error.
struct Calls
{
    std::vector<std::string> lines; //!< "send() -> -1 ETIMEDOUT", ...
};

void
OnSocketCall(Calls* calls,
             Ptr<const TcpTeardownSocket> /* socket */,
             std::string call,
             int result,
             TcpCloseReason error)
{
    std::ostringstream os;
    os << call << "() -> " << result;
    if (result < 0)
    {
        os << " " << (error == TcpCloseReason::NONE ? "(no errno)" : TcpCloseReasonName(error));
    }
    calls->lines.push_back(os.str());
}

void
StopSoonAfterEnd(Ptr<const TcpTeardownSocket> /* socket */, TcpCloseReason /* reason */)
{
    Simulator::Stop(Seconds(1));
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
    DataRate rate("100Mbps");
    Time crashAt = Seconds(3);
    std::string output;

    CommandLine cmd(__FILE__);
    cmd.Usage("Peer crash while sending: the server retransmits with exponential backoff and "
              "gives up with ETIMEDOUT (Linux: about 15 minutes with tcp_retries2=15).");
    cmd.AddValue("profile",
                 "Socket behaviour: linux (default) or ns3 (stock TcpSocketBase)",
                 profile);
    cmd.AddValue("retries2", "net.ipv4.tcp_retries2 of the server (0..255)", retries2);
    cmd.AddValue("rtoMin", "Minimum RTO (Linux TCP_RTO_MIN), > 0", rtoMin);
    cmd.AddValue("rtoMax", "Maximum RTO (Linux TCP_RTO_MAX), >= rtoMin", rtoMax);
    cmd.AddValue("delay", "One-way delay of each of the two links, >= 0", delay);
    cmd.AddValue("rate", "Data rate of both links, > 0", rate);
    cmd.AddValue("crashAt", "When the client host crashes, > 1.1 s (after the handshake)", crashAt);
    cmd.AddValue("output", "Folder for retransmissions.csv (empty: print only)", output);
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
    else if (delay.IsStrictlyNegative())
    {
        bad << "--delay=" << Sec(delay) << " is invalid: it must be >= 0";
    }
    else if (rate.GetBitRate() == 0)
    {
        bad << "--rate=" << rate << " is invalid: it must be > 0";
    }
    else if (crashAt <= MilliSeconds(1100))
    {
        bad << "--crashAt=" << Sec(crashAt)
            << " is invalid: it must be > 1.1 s, after the connection is up";
    }
    if (!bad.str().empty())
    {
        Fail(bad.str());
    }

    // Topology
    NodeContainer nodes;
    nodes.Create(3);
    Ptr<Node> client = nodes.Get(0);
    Ptr<Node> server = nodes.Get(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(rate));
    p2p.SetChannelAttribute("Delay", TimeValue(delay));
    NetDeviceContainer clientLink = p2p.Install(nodes.Get(0), nodes.Get(1));
    NetDeviceContainer serverLink = p2p.Install(nodes.Get(1), nodes.Get(2));
    InternetStackHelper().Install(nodes);
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.1.1.0", "255.255.255.0");
    addresses.Assign(clientLink);
    addresses.SetBase("10.1.2.0", "255.255.255.0");
    Ipv4Address serverAddress = addresses.Assign(serverLink).GetAddress(1);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    // Sockets: Linux-sized segments; the client acknowledges every segment (Linux quickack
    // mode), so that the server's RTT samples, and its RTO, measure the path.
    TcpTeardownHelper teardown;
    teardown.SetSocketAttribute("Profile", StringValue(profile == "linux" ? "Linux" : "Ns3"));
    teardown.SetSocketAttribute("Retries2", UintegerValue(static_cast<uint32_t>(retries2)));
    teardown.SetSocketAttribute("RtoMin", TimeValue(rtoMin));
    teardown.SetSocketAttribute("RtoMax", TimeValue(rtoMax));
    teardown.SetSocketAttribute("SegmentSize", UintegerValue(1448));
    teardown.SetSocketAttribute("DelAckCount", UintegerValue(1));
    NodeContainer hosts(client, server);
    teardown.Install(hosts);
    TcpTeardownRecorder recorder;
    recorder.Watch(hosts);

    // Applications
    const uint16_t port = 5000;
    Ptr<TcpTeardownApplication> serverApp = CreateObject<TcpTeardownApplication>();
    serverApp->SetAttribute("Role", StringValue("Server"));
    serverApp->SetAttribute("Local", AddressValue(InetSocketAddress(Ipv4Address::GetAny(), port)));
    serverApp->SetAttribute("SendBytes", UintegerValue(1000000000));
    serverApp->SetAttribute("SendSize", UintegerValue(2896));
    serverApp->SetAttribute("SendInterval", TimeValue(MilliSeconds(100)));
    serverApp->SetAttribute("SendsAfterError", UintegerValue(2));
    server->AddApplication(serverApp);
    Ptr<TcpTeardownApplication> clientApp = CreateObject<TcpTeardownApplication>();
    clientApp->SetAttribute("Role", StringValue("Client"));
    clientApp->SetAttribute("Remote", AddressValue(InetSocketAddress(serverAddress, port)));
    clientApp->SetStartTime(Seconds(1));
    client->AddApplication(clientApp);
    Calls calls;
    serverApp->TraceConnectWithoutContext("SocketCall", MakeBoundCallback(&OnSocketCall, &calls));

    Simulator::Schedule(crashAt, &TcpTeardownHelper::CrashHost, client);
    server->GetObject<TcpTeardownSocketFactory>()->TraceConnectWithoutContext(
        "ConnectionEnd",
        MakeCallback(&StopSoonAfterEnd));
    Simulator::Stop(crashAt + Seconds(36000)); // a bound for any parameters
    Simulator::Run();

    // Report
    std::cout << kProgram << ": profile " << profile << ", tcp_retries2 " << retries2
              << ", rto_min " << Sec(rtoMin) << ", rto_max " << Sec(rtoMax) << ", links "
              << rate.GetBitRate() / 1e6 << " Mbit/s, " << Sec(delay) << " one way\n";
    std::cout << std::fixed << std::setprecision(3);
    std::cout << "  t = 1.000 s  the client connects; the server writes 2896 B every 100 ms\n"
              << "  t = " << crashAt.GetSeconds()
              << " s  the client host crashes: no FIN, no RST, no answer\n\n";

    const auto retransmissions = recorder.GetRetransmissions(server->GetId());
    std::cout << "Timeout retransmissions of the server:\n"
              << "     #    time (s)   since first (s)   next RTO (s)\n";
    const Time first = retransmissions.empty() ? Time(0) : retransmissions.front().time;
    for (const auto& r : retransmissions)
    {
        std::cout << std::setw(6) << r.count << std::setw(12) << r.time.GetSeconds()
                  << std::setw(18) << (r.time - first).GetSeconds() << std::setw(15)
                  << r.rto.GetSeconds() << "\n";
    }

    const auto ends = recorder.GetEnds(server->GetId());
    std::cout << "\nOutcome: ";
    if (ends.empty())
    {
        std::cout << "the server's connection had not ended when the simulation stopped\n";
    }
    else
    {
        const auto& end = ends.front();
        std::cout << end.reason << " at t = " << end.time.GetSeconds() << " s, "
                  << (end.time - first).GetSeconds() << " s after the first retransmission, after "
                  << retransmissions.size() << " timeout retransmissions\n";
    }
    if (profile == "linux")
    {
        std::cout << "Linux rule: give up at the first timer expiry at least "
                  << TcpLinuxRules::ModelTimeout(static_cast<uint32_t>(retries2),
                                                 MilliSeconds(200),
                                                 rtoMax)
                         .GetSeconds()
                  << " s (the budget of tcp_retries2=" << retries2
                  << ") after the first retransmission; nothing is sent on give-up\n";
    }
    else
    {
        Ptr<TcpTeardownSocket> socket =
            serverApp->GetConnections().empty() ? nullptr : serverApp->GetConnections().front();
        std::cout << "Stock ns-3: count-based (DataRetries), RTO doubling capped at 60 s, "
                     "no errno; the socket is left in "
                  << (socket ? TcpSocket::TcpStateName[socket->GetState()] : "?") << "\n";
    }
    std::cout << "Server application after the error:";
    for (const auto& line : calls.lines)
    {
        std::cout << "  " << line << ";";
    }
    std::cout << (calls.lines.empty() ? " no calls\n" : "\n");

    if (!output.empty())
    {
        const std::string path = output + "/retransmissions.csv";
        std::ofstream csv(path);
        if (!csv)
        {
            Fail("--output=" + output + " is invalid: cannot write " + path);
        }
        csv << "time_s,count,next_rto_s\n" << std::setprecision(9);
        for (const auto& r : retransmissions)
        {
            csv << r.time.GetSeconds() << "," << r.count << "," << r.rto.GetSeconds() << "\n";
        }
        std::cout << "Wrote " << path << "\n";
    }
    Simulator::Destroy();
    return 0;
}
