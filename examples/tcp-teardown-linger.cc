/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// SO_LINGER: what close() does with data still queued.
//
//   client ---- server          one point-to-point link, --rate, 5 ms
//
//   t = 1 s    the client connects
//   t = 2 s    the client writes --bytes and calls close() at once, with SO_LINGER --linger
//              (off, or l_linger for {1, l_linger}: 0 aborts with a RST); --style says what a
//              lingering close() does when l_linger runs out and in which unit l_linger is
//              (linux: seconds, close returns 0; bsd: 10 ms ticks, close fails EWOULDBLOCK)
//   --peer=crashed: the server host crashes at 1.9 s, so nothing is ever acknowledged
//
// Printed: when close() returned and what it returned, the client's states, whether it sent a
// RST, and what the server read and how its connection ended.
//
//   ./tcp-teardown-linger
//   ./tcp-teardown-linger --linger=0
//   ./tcp-teardown-linger --linger=2 --peer=crashed
//   ./tcp-teardown-linger --linger=200 --style=bsd --peer=crashed

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/tcp-teardown-module.h"

#include <cstdlib>
#include <iostream>

using namespace ns3;

namespace
{

/// What the example observes.
struct Observed
{
    Time closeReturned{Time::Max()};                  //!< when close() returned
    TcpCloseReason closeResult{TcpCloseReason::NONE}; //!< its result
    uint32_t resets{0};                               //!< RSTs the client sent
    uint64_t serverRead{0};                           //!< bytes the server read
    Ptr<TcpTeardownSocket> accepted;                  //!< the server's connection
};

Observed g_seen;

void
OnCloseReturn(Ptr<TcpTeardownSocket> /* socket */, TcpCloseReason result)
{
    g_seen.closeReturned = Simulator::Now();
    g_seen.closeResult = result;
}

void
OnClientTx(Ptr<const Packet> /* p */, const TcpHeader& header, Ptr<const TcpSocketBase> /* s */)
{
    if (header.GetFlags() & TcpHeader::RST)
    {
        ++g_seen.resets;
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
        g_seen.serverRead += p->GetSize();
    }
}

void
OnAccept(Ptr<Socket> socket, const Address& /* from */)
{
    g_seen.accepted = DynamicCast<TcpTeardownSocket>(socket);
    socket->SetRecvCallback(MakeCallback(&OnServerReadable));
}

void
WriteAndClose(Ptr<TcpTeardownSocket> client, uint32_t bytes, bool lingerOn, int32_t linger)
{
    if (lingerOn)
    {
        client->SetSoLinger(true, linger);
    }
    client->Send(Create<Packet>(bytes), 0);
    client->Close();
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string linger = "off";
    std::string style = "linux";
    std::string peer = "alive";
    uint32_t bytes = 50000;
    DataRate rate("10Mbps");
    CommandLine cmd(__FILE__);
    cmd.Usage("SO_LINGER: the client writes and closes at once; prints when close() returned, "
              "what it returned, and what reached the server.");
    cmd.AddValue("linger", "SO_LINGER: off, or l_linger >= 0 for {1, l_linger}", linger);
    cmd.AddValue("style", "what a linger timeout does and l_linger's unit: linux or bsd", style);
    cmd.AddValue("peer", "alive, or crashed (the server host crashes at 1.9 s)", peer);
    cmd.AddValue("bytes", "bytes written just before close(), 1..1000000", bytes);
    cmd.AddValue("rate", "link data rate, > 0", rate);
    cmd.Parse(argc, argv);

    const char* program = "tcp-teardown-linger";
    bool lingerOn = linger != "off";
    int32_t lingerValue = 0;
    if (lingerOn)
    {
        char* end = nullptr;
        const long value = std::strtol(linger.c_str(), &end, 10);
        if (linger.empty() || *end != '\0' || value < 0 || value > 1000000)
        {
            std::cerr << program << ": --linger=" << linger
                      << " is invalid: use off or an integer l_linger from 0 to 1000000 (see "
                         "--help)"
                      << std::endl;
            return 1;
        }
        lingerValue = static_cast<int32_t>(value);
    }
    if (style != "linux" && style != "bsd")
    {
        std::cerr << program << ": --style=" << style << " is invalid: use linux or bsd"
                  << std::endl;
        return 1;
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

    TcpTeardownHelper teardown;
    teardown.SetSocketAttribute("LingerStyle", StringValue(style == "bsd" ? "Bsd" : "Linux"));
    TcpTeardownHostPair pair(teardown, rate);
    NodeContainer nodes = pair.GetNodes();
    TcpTeardownRecorder recorder;
    recorder.Watch(nodes);

    Ptr<TcpTeardownSocket> listener = TcpTeardownHelper::CreateSocket(nodes.Get(1));
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000));
    listener->Listen();
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeCallback(&OnAccept));
    Ptr<TcpTeardownSocket> client = TcpTeardownHelper::CreateSocket(nodes.Get(0));
    client->SetCloseReturnCallback(MakeCallback(&OnCloseReturn));
    client->TraceConnectWithoutContext("Tx", MakeCallback(&OnClientTx));
    Simulator::Schedule(Seconds(1),
                        &TcpTeardownSocket::Connect,
                        client,
                        InetSocketAddress(pair.GetServerAddress(), 5000));
    if (peer == "crashed")
    {
        TcpTeardownHelper::ScheduleCrash(nodes.Get(1), Seconds(1.9));
    }
    Simulator::Schedule(Seconds(2), &WriteAndClose, client, bytes, lingerOn, lingerValue);
    Simulator::Stop(Seconds(400));
    Simulator::Run();

    std::cout << "SO_LINGER " << (lingerOn ? "{1, " + std::to_string(lingerValue) + "}" : "off")
              << " (" << style << "), " << bytes << " B written, peer " << peer << "\n";
    std::cout << "  close() called at 2 s, returned "
              << (g_seen.closeReturned == Time::Max()
                      ? std::string("never")
                      : "at " + std::to_string(g_seen.closeReturned.GetSeconds()) + " s")
              << " with " << (g_seen.closeResult == TcpCloseReason::NONE ? "0" : "-1 ")
              << (g_seen.closeResult == TcpCloseReason::NONE
                      ? ""
                      : TcpCloseReasonName(g_seen.closeResult))
              << "\n";
    std::cout << "  client states: ";
    for (auto state : recorder.GetStateSequence(nodes.Get(0)->GetId()))
    {
        std::cout << TcpSocket::TcpStateName[state] << " ";
    }
    std::cout << "\n  client RSTs sent: " << g_seen.resets << "\n";
    std::cout << "  server read " << g_seen.serverRead << " of " << bytes << " B";
    for (const auto& end : recorder.GetEnds(nodes.Get(1)->GetId()))
    {
        std::cout << "; its connection ended at " << end.time.GetSeconds() << " s with "
                  << end.reason;
    }
    std::cout << std::endl;
    Simulator::Destroy();
    return 0;
}
