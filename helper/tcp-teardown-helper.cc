/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-helper.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/object-vector.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-isn-generator.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-teardown-fatal.h"
#include "ns3/tcp-teardown-port-table.h"
#include "ns3/tcp-teardown-socket-factory.h"
#include "ns3/tcp-time-wait-table.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownHelper");

TcpTeardownHelper::TcpTeardownHelper()
{
    m_portTableFactory.SetTypeId(TcpTeardownPortTable::GetTypeId());
}

void
TcpTeardownHelper::SetPortTableAttribute(const std::string& name, const AttributeValue& value)
{
    m_portTableFactory.Set(
        name,
        *TcpTeardownCheckAttribute(TcpTeardownPortTable::GetTypeId(), name, value));
}

void
TcpTeardownHelper::SetSocketAttribute(const std::string& name, const AttributeValue& value)
{
    m_attributes.emplace_back(name, TcpTeardownSocketFactory::CheckSocketAttribute(name, value));
}

void
TcpTeardownHelper::CheckSocketAttributes() const
{
    ObjectFactory factory(TcpTeardownSocket::GetTypeId().GetName());
    for (const auto& [name, value] : m_attributes)
    {
        factory.Set(name, *value);
    }
    // The socket checks its configuration when its construction completes.
    factory.Create<TcpTeardownSocket>();
}

void
TcpTeardownHelper::Install(Ptr<Node> node) const
{
    TCP_TEARDOWN_REQUIRE(node->GetObject<TcpL4Protocol>(),
                         "TcpTeardownHelper::Install: node " << node->GetId()
                                                             << " has no TCP; install an "
                                                                "internet stack first");
    TCP_TEARDOWN_REQUIRE(!node->GetObject<TcpTeardownSocketFactory>(),
                         "TcpTeardownHelper::Install: node " << node->GetId()
                                                             << " already has a "
                                                                "TcpTeardownSocketFactory");
    TCP_TEARDOWN_REQUIRE(!node->GetObject<TcpTeardownPortTable>(),
                         "TcpTeardownHelper::Install: node " << node->GetId()
                                                             << " already has a "
                                                                "TcpTeardownPortTable");
    Ptr<TcpTeardownSocketFactory> factory = CreateObject<TcpTeardownSocketFactory>();
    for (const auto& [name, value] : m_attributes)
    {
        factory->SetSocketAttribute(name, *value);
    }
    node->AggregateObject(factory);
    Ptr<TcpTeardownPortTable> table = m_portTableFactory.Create<TcpTeardownPortTable>();
    table->CheckRange();
    node->AggregateObject(table);
    if (node->GetObject<Ipv4L3Protocol>())
    {
        TcpTimeWaitTable::Get(node); // ready for CompactTimeWait, and for recorders to watch
    }
}

void
TcpTeardownHelper::Install(const NodeContainer& nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

namespace
{

void
DrainSocket(Ptr<Socket> socket)
{
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            break;
        }
    }
}

void
CloseSocket(Ptr<Socket> socket)
{
    socket->Close();
}

void
CloseSocketSoon(Ptr<Socket> socket)
{
    Simulator::ScheduleNow(&CloseSocket, socket);
}

void
IgnoreError(Ptr<Socket>)
{
}

} // namespace

void
TcpTeardownHelper::CloseWhenPeerCloses(Ptr<Socket> socket)
{
    socket->SetRecvCallback(MakeCallback(&DrainSocket));
    socket->SetCloseCallbacks(MakeCallback(&CloseSocketSoon), MakeCallback(&IgnoreError));
}

int64_t
TcpTeardownHelper::AssignStreams(const NodeContainer& nodes, int64_t stream)
{
    int64_t used = 0;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        used += TcpTeardownPortTable::Get(*it)->AssignStreams(stream + used);
        used += TcpIsnGenerator::Get(*it)->AssignStreams(stream + used);
    }
    return used;
}

std::string
TcpTeardownHelper::GetSocketFactoryName()
{
    return TcpTeardownSocketFactory::GetTypeId().GetName();
}

Ptr<TcpTeardownSocket>
TcpTeardownHelper::CreateSocket(Ptr<Node> node)
{
    TCP_TEARDOWN_REQUIRE(node->GetObject<TcpTeardownSocketFactory>(),
                         "TcpTeardownHelper::CreateSocket: node "
                             << node->GetId() << " has no TcpTeardownSocketFactory; call Install");
    return DynamicCast<TcpTeardownSocket>(
        Socket::CreateSocket(node, TcpTeardownSocketFactory::GetTypeId()));
}

void
TcpTeardownHelper::CrashHost(Ptr<Node> node)
{
    NS_LOG_FUNCTION(node->GetId());
    std::vector<Ptr<TcpTeardownSocket>> sockets;
    if (Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>())
    {
        ObjectVectorValue list;
        tcp->GetAttribute("SocketList", list);
        for (auto it = list.Begin(); it != list.End(); ++it)
        {
            if (Ptr<TcpTeardownSocket> socket = DynamicCast<TcpTeardownSocket>(it->second))
            {
                sockets.push_back(socket);
            }
        }
    }
    for (const auto& socket : sockets)
    {
        socket->Crash(); // frees endpoints, so collect first
    }
    if (Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>())
    {
        for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
        {
            if (!DynamicCast<LoopbackNetDevice>(ipv4->GetNetDevice(i)))
            {
                ipv4->SetDown(i);
            }
        }
    }
    if (Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>())
    {
        for (uint32_t i = 0; i < ipv6->GetNInterfaces(); ++i)
        {
            if (!DynamicCast<LoopbackNetDevice>(ipv6->GetNetDevice(i)))
            {
                ipv6->SetDown(i);
            }
        }
    }
}

void
TcpTeardownHelper::RebootHost(Ptr<Node> node)
{
    NS_LOG_FUNCTION(node->GetId());
    CrashHost(node); // whatever survived a crash does not survive a reboot
    if (Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>())
    {
        for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
        {
            ipv4->SetUp(i);
        }
    }
    if (Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>())
    {
        for (uint32_t i = 0; i < ipv6->GetNInterfaces(); ++i)
        {
            ipv6->SetUp(i);
        }
    }
}

void
TcpTeardownHelper::ScheduleCrash(Ptr<Node> node, Time crashAt, Time rebootAt)
{
    TCP_TEARDOWN_REQUIRE(!crashAt.IsStrictlyNegative(),
                         "TcpTeardownHelper::ScheduleCrash: crashAt=" << crashAt.As(Time::S)
                                                                      << " is in the past");
    TCP_TEARDOWN_REQUIRE(rebootAt > crashAt,
                         "TcpTeardownHelper::ScheduleCrash: rebootAt="
                             << rebootAt.As(Time::S)
                             << " must be later than crashAt=" << crashAt.As(Time::S));
    Simulator::Schedule(crashAt, &TcpTeardownHelper::CrashHost, node);
    if (rebootAt != Time::Max())
    {
        Simulator::Schedule(rebootAt, &TcpTeardownHelper::RebootHost, node);
    }
}

void
TcpTeardownHelper::CrashProcess(Ptr<TcpTeardownApplication> app)
{
    app->Kill();
}

} // namespace ns3
