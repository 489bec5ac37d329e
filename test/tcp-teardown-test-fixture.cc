/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-test-fixture.h"

#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-header.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/ppp-header.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

namespace ns3
{
namespace tcpteardowntest
{

NS_OBJECT_ENSURE_REGISTERED(SegmentDropper);

TypeId
SegmentDropper::GetTypeId()
{
    static TypeId tid = TypeId("ns3::tcpteardowntest::SegmentDropper")
                            .SetParent<ErrorModel>()
                            .SetGroupName("TcpTeardown")
                            .AddConstructor<SegmentDropper>();
    return tid;
}

void
SegmentDropper::DropNth(Predicate predicate, uint32_t occurrence)
{
    m_predicate = std::move(predicate);
    m_occurrence = occurrence;
    m_seen = 0;
}

uint32_t
SegmentDropper::GetDropped() const
{
    return m_dropped;
}

bool
SegmentDropper::DoCorrupt(Ptr<Packet> p)
{
    if (!m_predicate)
    {
        return false;
    }
    Ptr<Packet> copy = p->Copy();
    PppHeader ppp;
    Ipv4Header ip;
    TcpHeader tcp;
    copy->RemoveHeader(ppp);
    copy->RemoveHeader(ip);
    if (ip.GetProtocol() != 6)
    {
        return false;
    }
    copy->RemoveHeader(tcp);
    if (m_predicate(tcp, copy->GetSize()) && ++m_seen == m_occurrence)
    {
        ++m_dropped;
        return true;
    }
    return false;
}

void
SegmentDropper::DoReset()
{
    m_seen = 0;
}

TeardownTestCase::TeardownTestCase(const std::string& name)
    : TestCase(name)
{
}

void
TeardownTestCase::BuildTopology(const TcpTeardownHelper& helper, DataRate rate, Time delay)
{
    NodeContainer nodes;
    nodes.Create(3);
    m_client = nodes.Get(0);
    m_router = nodes.Get(1);
    m_server = nodes.Get(2);

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(rate));
    p2p.SetChannelAttribute("Delay", TimeValue(delay));
    m_clientLink = p2p.Install(m_client, m_router);
    m_serverLink = p2p.Install(m_router, m_server);

    InternetStackHelper().Install(nodes);
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.1.1.0", "255.255.255.0");
    m_clientAddress = addresses.Assign(m_clientLink).GetAddress(0);
    addresses.SetBase("10.1.2.0", "255.255.255.0");
    m_serverAddress = addresses.Assign(m_serverLink).GetAddress(1);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    NodeContainer hosts(m_client, m_server);
    helper.Install(hosts);
    m_recorder.Watch(hosts);
}

Ptr<TcpTeardownApplication>
TeardownTestCase::InstallServerApp(uint16_t port, Time start)
{
    Ptr<TcpTeardownApplication> app = CreateObject<TcpTeardownApplication>();
    app->SetAttribute("Role", StringValue("Server"));
    app->SetAttribute("Local", AddressValue(InetSocketAddress(Ipv4Address::GetAny(), port)));
    app->SetStartTime(start);
    m_server->AddApplication(app);
    return app;
}

Ptr<TcpTeardownApplication>
TeardownTestCase::InstallClientApp(uint16_t port, Time start)
{
    Ptr<TcpTeardownApplication> app = CreateObject<TcpTeardownApplication>();
    app->SetAttribute("Role", StringValue("Client"));
    app->SetAttribute("Remote", AddressValue(InetSocketAddress(m_serverAddress, port)));
    app->SetStartTime(start);
    m_client->AddApplication(app);
    return app;
}

void
WatchTx(Ptr<TcpTeardownSocket> socket, std::vector<SentSegment>* into)
{
    socket->TraceConnectWithoutContext(
        "Tx",
        MakeBoundCallback(
            +[](std::vector<SentSegment>* records,
                Ptr<const Packet> packet,
                const TcpHeader& header,
                Ptr<const TcpSocketBase> /* socket */) {
                records->push_back({Simulator::Now(), header, packet->GetSize()});
            },
            into));
}

Ptr<TcpTeardownSocket>
TeardownTestCase::ConnectClientSocket(uint16_t port, Time at)
{
    Ptr<TcpTeardownSocket> socket = TcpTeardownHelper::CreateSocket(m_client);
    const InetSocketAddress server(m_serverAddress, port);
    At(at, [socket, server]() { socket->Connect(server); });
    return socket;
}

void
TeardownTestCase::InjectFromClient(TcpHeader header, uint32_t payloadSize)
{
    m_client->GetObject<TcpL4Protocol>()->SendPacket(Create<Packet>(payloadSize),
                                                     header,
                                                     m_clientAddress,
                                                     m_serverAddress);
}

Ptr<SegmentDropper>
TeardownTestCase::DropArrivingAtServer()
{
    Ptr<SegmentDropper> dropper = CreateObject<SegmentDropper>();
    m_serverLink.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(dropper));
    return dropper;
}

Ptr<SegmentDropper>
TeardownTestCase::DropArrivingAtClient()
{
    Ptr<SegmentDropper> dropper = CreateObject<SegmentDropper>();
    m_clientLink.Get(0)->SetAttribute("ReceiveErrorModel", PointerValue(dropper));
    return dropper;
}

void
TeardownTestCase::RunUntil(Time stop)
{
    Simulator::Stop(stop);
    Simulator::Run();
}

void
TeardownTestCase::DoTeardown()
{
    Simulator::Destroy();
}

namespace
{

/// The event behind At().
void
RunFunction(std::function<void()> f)
{
    f();
}

} // namespace

void
At(Time t, std::function<void()> f)
{
    Simulator::Schedule(t, &RunFunction, f);
}

Schedule
ExpectedSchedule(Time first, Time firstRto, Time rtoMax, Time budget, bool clampToBudget)
{
    Schedule s;
    Time now = first;
    Time rto = firstRto;
    s.retransmissions.push_back(now);
    while (true)
    {
        rto = std::min(rto * 2, rtoMax);
        Time next = now + rto;
        if (clampToBudget)
        {
            next = std::min(next, first + budget);
        }
        now = next;
        if (now - first >= budget)
        {
            s.giveUp = now;
            return s;
        }
        s.retransmissions.push_back(now);
    }
}

Time
Budget(uint32_t retransmissions, Time base, Time max)
{
    Time total;
    Time rto = base;
    for (uint32_t i = 0; i <= retransmissions; ++i)
    {
        total += rto;
        rto = std::min(rto * 2, max);
    }
    return total;
}

TcpTeardownHelper
WithProfile(const std::string& profile)
{
    TcpTeardownHelper helper;
    helper.SetSocketAttribute("Profile", StringValue(profile));
    return helper;
}

std::string
StatesToString(const std::vector<TcpSocket::TcpStates_t>& states)
{
    std::ostringstream os;
    for (std::size_t i = 0; i < states.size(); ++i)
    {
        os << (i ? " " : "") << TcpSocket::TcpStateName[states[i]];
    }
    return os.str();
}

} // namespace tcpteardowntest
} // namespace ns3
