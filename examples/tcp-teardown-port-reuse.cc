/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Port reuse: a new connection on the address and ports of one that has just closed.
//
//   client 10.1.1.1 ---- server 10.1.1.2      one point-to-point link, 10 Mbps, 5 ms
//
//   1. The client's TIME_WAIT. At 1 s the client binds 10.1.1.1:50000, connects to :5000,
//      writes 100 B and closes first (TIME_WAIT from about 1.23 s). At 2 s a new socket binds
//      the same port (SO_REUSEADDR on both if --reuse) and connects to the same server port.
//   2. The server's TIME_WAIT. At 4 s the client connects from :50001 to :5001; the server
//      writes 100 B and closes first. At 5 s a new client socket connects from :50001 again:
//      its SYN meets the server's TIME_WAIT.
//   3. Ephemeral ports. At 10 s unbound sockets connect to :5002 until connect() fails, then
//      one to :5003; at 11 s the client closes those to :5002 (TIME_WAIT); at 11.5 s and 13 s
//      connect() to :5002 again (tcp_tw_reuse --twReuse, 1 s after TIME_WAIT began).
//
// Printed: every call with its result, the new ISN against the old connection's SND.NXT, and
// what answered the SYN.
//
//   ./tcp-teardown-port-reuse
//   ./tcp-teardown-port-reuse --reuse=false
//   ./tcp-teardown-port-reuse --timestamps=false
//   ./tcp-teardown-port-reuse --portFirst=40000 --portLast=40002 --twReuse=on

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iostream>
#include <memory>
#include <sstream>
#include <vector>

using namespace ns3;

namespace
{

/// The scenario's settings.
struct Settings
{
    bool reuse{true};                //!< SO_REUSEADDR in story 1
    bool timestamps{true};           //!< the timestamp option on every socket
    Ipv4Address clientAddress;       //!< the client's address
    Ipv4Address server;              //!< the server's address
    Ptr<Node> client;                //!< the client host
    std::vector<std::string> report; //!< printed lines
};

Settings g_run;

/// A segment as the Tx trace saw it.
struct Sent
{
    Time time;        //!< when
    TcpHeader header; //!< its header
    uint32_t size;    //!< payload bytes

    /// \return the sequence number after the segment (SYN and FIN count one)
    SequenceNumber32 End() const
    {
        const uint8_t flags = header.GetFlags();
        return header.GetSequenceNumber() + size + ((flags & TcpHeader::SYN) ? 1 : 0) +
               ((flags & TcpHeader::FIN) ? 1 : 0);
    }
};

std::vector<Sent> g_serverSent; //!< every segment the server's connections sent
std::vector<Sent> g_oldSent;    //!< story 1: the first connection's segments
std::vector<Sent> g_newSent;    //!< story 1 and 2: the new connection's segments
Time g_established;             //!< when the latest new connection was established

void
Record(std::vector<Sent>* into,
       Ptr<const Packet> packet,
       const TcpHeader& header,
       Ptr<const TcpSocketBase>)
{
    into->push_back({Simulator::Now(), header, packet->GetSize()});
}

void
OnConnected(Ptr<Socket>)
{
    g_established = Simulator::Now();
}

void
OnConnectFailed(Ptr<Socket>)
{
}

void
AcceptAndWaitForClose(Ptr<Socket> socket, const Address&)
{
    TcpTeardownHelper::CloseWhenPeerCloses(socket);
}

std::vector<Ptr<Socket>> g_accepted; //!< the server's connections, watched through their Tx

void
AcceptWriteAndClose(Ptr<Socket> socket, const Address&)
{
    // Held, so that its Tx trace reports its TIME_WAIT's answers (with CompactTimeWait a
    // socket nobody holds is released at TIME_WAIT, its trace sinks with it).
    g_accepted.push_back(socket);
    socket->Send(Create<Packet>(100));
    socket->Close();
}

/// "0" or "-1 EADDRINUSE".
std::string
Result(Ptr<TcpTeardownSocket> socket, int result)
{
    return result == 0 ? "0" : "-1 " + TcpCloseReasonName(socket->GetLastError());
}

std::string
Seconds3(Time t)
{
    std::ostringstream os;
    os.setf(std::ios::fixed);
    os.precision(3);
    os << t.GetSeconds() << " s";
    return os.str();
}

void
Line(const std::string& call, const std::string& result)
{
    std::ostringstream os;
    os << "    " << call;
    for (std::size_t i = call.size(); i < 34; ++i)
    {
        os << ' ';
    }
    os << result;
    g_run.report.push_back(os.str());
}

Ptr<TcpTeardownSocket>
NewClientSocket(bool reuse)
{
    Ptr<TcpTeardownSocket> s = TcpTeardownHelper::CreateSocket(g_run.client);
    s->SetReuseAddress(reuse);
    s->SetConnectCallback(MakeCallback(&OnConnected), MakeCallback(&OnConnectFailed));
    return s;
}

// Story 1 -------------------------------------------------------------------------------------

Ptr<TcpTeardownSocket> g_old; //!< story 1's first connection

void
StartOld()
{
    g_old = NewClientSocket(g_run.reuse);
    g_old->TraceConnectWithoutContext("Tx", MakeBoundCallback(&Record, &g_oldSent));
    g_old->Bind(InetSocketAddress(g_run.clientAddress, 50000));
    g_old->Connect(InetSocketAddress(g_run.server, 5000));
}

void
WriteOldAndClose()
{
    g_old->Send(Create<Packet>(100), 0);
    g_old->Close();
}

Ptr<TcpTeardownSocket> g_new; //!< the new connection of stories 1 and 2

void
ReconnectOverClientTimeWait()
{
    g_run.report.push_back("1. the client's TIME_WAIT: 10.1.1.1:50000 -> 10.1.1.2:5000, old "
                           "socket " +
                           std::string(TcpSocket::TcpStateName[g_old->GetState()]));
    g_new = NewClientSocket(g_run.reuse);
    g_new->TraceConnectWithoutContext("Tx", MakeBoundCallback(&Record, &g_newSent));
    const int bound = g_new->Bind(InetSocketAddress(g_run.clientAddress, 50000));
    Line(std::string("bind(10.1.1.1:50000)") + (g_run.reuse ? " SO_REUSEADDR" : ""),
         Result(g_new, bound));
    if (bound < 0)
    {
        return;
    }
    const int connected = g_new->Connect(InetSocketAddress(g_run.server, 5000));
    Line("connect(10.1.1.2:5000)",
         Result(g_new, connected) + ", the old socket is now " +
             TcpSocket::TcpStateName[g_old->GetState()]);
}

void
ReportNewIsn(const std::vector<Sent>& oldSegments, const char* who)
{
    SequenceNumber32 oldNext;
    for (const auto& s : oldSegments)
    {
        if (s.header.GetFlags() & TcpHeader::FIN)
        {
            oldNext = s.End();
        }
    }
    for (const auto& s : g_newSent)
    {
        if (s.header.GetFlags() == TcpHeader::SYN)
        {
            std::ostringstream os;
            os << "SYN seq " << s.header.GetSequenceNumber() << " = " << who << " SND.NXT "
               << oldNext << " + " << (s.header.GetSequenceNumber() - oldNext)
               << "; established at " << Seconds3(g_established);
            Line("", os.str());
            return;
        }
    }
    Line("", "no SYN sent");
}

void
ReportStory1()
{
    if (!g_newSent.empty())
    {
        ReportNewIsn(g_oldSent, "old");
    }
}

// Story 2 -------------------------------------------------------------------------------------

void
StartServerFirst()
{
    Ptr<TcpTeardownSocket> old = NewClientSocket(false);
    old->Bind(InetSocketAddress(g_run.clientAddress, 50001));
    TcpTeardownHelper::CloseWhenPeerCloses(old);
    old->Connect(InetSocketAddress(g_run.server, 5001));
}

void
ReconnectOverServerTimeWait()
{
    g_run.report.push_back(
        "2. the server's TIME_WAIT: 10.1.1.2:5001 -> 10.1.1.1:50001 (the server closed first)");
    g_newSent.clear();
    g_established = Time::Max();
    g_new = NewClientSocket(false);
    g_new->TraceConnectWithoutContext("Tx", MakeBoundCallback(&Record, &g_newSent));
    const int bound = g_new->Bind(InetSocketAddress(g_run.clientAddress, 50001));
    const int connected = g_new->Connect(InetSocketAddress(g_run.server, 5001));
    Line("bind(10.1.1.1:50001), connect", Result(g_new, bound) + ", " + Result(g_new, connected));
}

void
ReportStory2()
{
    SequenceNumber32 oldNext;
    for (const auto& s : g_serverSent)
    {
        if (s.time < Seconds(5) && (s.header.GetFlags() & TcpHeader::FIN))
        {
            oldNext = s.End();
        }
    }
    for (const auto& s : g_serverSent)
    {
        if (s.time < Seconds(5))
        {
            continue;
        }
        std::ostringstream os;
        const bool synAck = s.header.GetFlags() == (TcpHeader::SYN | TcpHeader::ACK);
        os << "at " << Seconds3(s.time) << " the server sent "
           << (synAck ? "SYN-ACK" : TcpHeader::FlagsToString(s.header.GetFlags())) << " seq "
           << s.header.GetSequenceNumber() << " = its old SND.NXT " << oldNext << " + "
           << (s.header.GetSequenceNumber() - oldNext);
        Line("", os.str());
        break;
    }
    for (const auto& s : g_newSent)
    {
        if (s.header.GetFlags() == TcpHeader::RST)
        {
            Line("", "at " + Seconds3(s.time) + " the client answered RST (it ends TIME_WAIT)");
        }
        if (s.header.GetFlags() == TcpHeader::SYN && s.time > Seconds(5))
        {
            Line("", "at " + Seconds3(s.time) + " the client sent its SYN again");
        }
    }
    Line("",
         g_established == Time::Max() ? std::string("never established")
                                      : "established at " + Seconds3(g_established));
}

// Story 3 -------------------------------------------------------------------------------------

std::vector<Ptr<TcpTeardownSocket>> g_toFirst; //!< story 3's connections to :5002

std::string
ConnectUnbound(uint16_t port, Ptr<TcpTeardownSocket>* out)
{
    Ptr<TcpTeardownSocket> s = NewClientSocket(false);
    s->Bind(); // as ns-3 applications do: the port is chosen at connect()
    const int result = s->Connect(InetSocketAddress(g_run.server, port));
    *out = s;
    if (result < 0)
    {
        return Result(s, result);
    }
    return "0, local port " +
           std::to_string(InetSocketAddress::ConvertFrom(s->GetLocalAddress()).GetPort());
}

void
Exhaust(uint16_t first, uint16_t last)
{
    g_run.report.push_back("3. ephemeral ports " + std::to_string(first) + "-" +
                           std::to_string(last) + " (net.ipv4.ip_local_port_range)");
    std::string result;
    std::ostringstream ports;
    uint32_t ok = 0;
    while (true)
    {
        Ptr<TcpTeardownSocket> s;
        result = ConnectUnbound(5002, &s);
        if (result[0] != '0')
        {
            break;
        }
        g_toFirst.push_back(s);
        ports << (ok++ ? " " : "")
              << InetSocketAddress::ConvertFrom(s->GetLocalAddress()).GetPort();
    }
    Line("connect(:5002) until it fails",
         std::to_string(ok) + " x 0 (ports " + ports.str() + "), then " + result);
    Ptr<TcpTeardownSocket> other;
    Line("connect(:5003)", ConnectUnbound(5003, &other));
}

void
CloseFirst()
{
    for (auto& s : g_toFirst)
    {
        s->Close();
    }
}

void
ConnectAgain(const std::string& when)
{
    uint32_t timeWait = 0;
    for (auto& s : g_toFirst)
    {
        timeWait += s->GetState() == TcpSocket::TIME_WAIT;
    }
    Ptr<TcpTeardownSocket> s;
    Line("connect(:5002) " + when,
         ConnectUnbound(5002, &s) + " (before it, " + std::to_string(timeWait) + " of " +
             std::to_string(g_toFirst.size()) + " were in TIME_WAIT)");
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t portFirst = 40000;
    uint32_t portLast = 40003;
    std::string twReuse = "loopback";
    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("Port reuse: bind() and connect() over TIME_WAIT (client and server side), the "
              "new ISN, ephemeral ports and their exhaustion.");
    cmd.AddValue("reuse", "SO_REUSEADDR on both sockets of story 1", g_run.reuse);
    cmd.AddValue("timestamps", "the TCP timestamp option on every socket", g_run.timestamps);
    cmd.AddValue("portFirst", "ephemeral range, low end, 1..65535", portFirst);
    cmd.AddValue("portLast", "ephemeral range, high end, portFirst..65535", portLast);
    cmd.AddValue("twReuse", "net.ipv4.tcp_tw_reuse: off, on or loopback", twReuse);
    cmd.Parse(argc, argv);

    const char* program = "tcp-teardown-port-reuse";
    if (portFirst < 1 || portFirst > 65535 || portLast < 1 || portLast > 65535)
    {
        std::cerr << program << ": --portFirst=" << portFirst << " / --portLast=" << portLast
                  << " is invalid: ports are 1..65535" << std::endl;
        return 1;
    }
    if (twReuse != "off" && twReuse != "on" && twReuse != "loopback")
    {
        std::cerr << program << ": --twReuse=" << twReuse << " is invalid: use off, on or loopback"
                  << std::endl;
        return 1;
    }
    // An empty range (portFirst > portLast) is the library's to refuse (at Install), by name.

    TcpTeardownHelper teardown;
    teardown.SetSocketAttribute("Timestamp", BooleanValue(g_run.timestamps));
    teardown.SetPortTableAttribute("EphemeralPortFirst", UintegerValue(portFirst));
    teardown.SetPortTableAttribute("EphemeralPortLast", UintegerValue(portLast));
    teardown.SetPortTableAttribute(
        "TwReuse",
        StringValue(twReuse == "on" ? "On" : (twReuse == "off" ? "Off" : "Loopback")));
    std::unique_ptr<TcpTeardownHostPair> made;
    cmd.ApplyAll({"portFirst", "portLast"},
                 [&]() { made = std::make_unique<TcpTeardownHostPair>(teardown); });
    const TcpTeardownHostPair& pair = *made;
    g_run.clientAddress = pair.GetClientAddress();
    g_run.server = pair.GetServerAddress();
    g_run.client = pair.GetClient();

    for (uint16_t port = 5000; port <= 5003; ++port)
    {
        Ptr<TcpTeardownSocket> listener = TcpTeardownHelper::CreateSocket(pair.GetServer());
        listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        listener->Listen();
        listener->TraceConnectWithoutContext("Tx", MakeBoundCallback(&Record, &g_serverSent));
        listener->SetAcceptCallback(
            MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
            MakeCallback(port == 5001 ? &AcceptWriteAndClose : &AcceptAndWaitForClose));
    }

    Simulator::Schedule(Seconds(1), &StartOld);
    Simulator::Schedule(Seconds(1.1), &WriteOldAndClose);
    Simulator::Schedule(Seconds(2), &ReconnectOverClientTimeWait);
    Simulator::Schedule(Seconds(3.9), &ReportStory1);
    Simulator::Schedule(Seconds(4), &StartServerFirst);
    Simulator::Schedule(Seconds(5), &ReconnectOverServerTimeWait);
    Simulator::Schedule(Seconds(9.9), &ReportStory2);
    Simulator::Schedule(Seconds(10), &Exhaust, portFirst, portLast);
    Simulator::Schedule(Seconds(11), &CloseFirst);
    Simulator::Schedule(Seconds(11.5), &ConnectAgain, std::string("at 11.5 s"));
    Simulator::Schedule(Seconds(13), &ConnectAgain, std::string("at 13 s"));
    Simulator::Stop(Seconds(15));
    Simulator::Run();

    std::cout << "Port reuse (Linux rules): SO_REUSEADDR " << (g_run.reuse ? "on" : "off")
              << ", timestamps " << (g_run.timestamps ? "on" : "off") << ", ephemeral ports "
              << portFirst << "-" << portLast << ", tcp_tw_reuse " << twReuse << "\n";
    for (const auto& line : g_run.report)
    {
        std::cout << line << "\n";
    }
    std::cout << std::flush;
    g_accepted.clear();
    Simulator::Destroy();
    return 0;
}
