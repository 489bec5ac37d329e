/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-host-pair.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/tcp-teardown-fatal.h"

namespace ns3
{

TcpTeardownHostPair::TcpTeardownHostPair(const TcpTeardownHelper& teardown,
                                         DataRate rate,
                                         Time delay,
                                         bool router)
{
    TCP_TEARDOWN_REQUIRE(rate.GetBitRate() > 0,
                         "TcpTeardownHostPair: LinkRate=" << rate
                                                          << " is invalid: a link's rate must be "
                                                             "> 0");
    TCP_TEARDOWN_REQUIRE(!delay.IsStrictlyNegative(),
                         "TcpTeardownHostPair: LinkDelay=" << delay.As(Time::MS)
                                                           << " is invalid: it must be >= 0");
    m_nodes.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", DataRateValue(rate));
    link.SetChannelAttribute("Delay", TimeValue(delay));
    if (!router)
    {
        NetDeviceContainer devices = link.Install(m_nodes);
        InternetStackHelper().Install(m_nodes);
        Ipv4InterfaceContainer interfaces =
            Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(devices);
        m_clientAddress = interfaces.GetAddress(0);
        m_serverAddress = interfaces.GetAddress(1);
    }
    else
    {
        m_router = CreateObject<Node>();
        NetDeviceContainer clientSide = link.Install(m_nodes.Get(0), m_router);
        NetDeviceContainer serverSide = link.Install(m_nodes.Get(1), m_router);
        InternetStackHelper stack;
        stack.Install(m_nodes);
        stack.Install(m_router);
        m_clientAddress =
            Ipv4AddressHelper("10.1.1.0", "255.255.255.0").Assign(clientSide).GetAddress(0);
        // Assign() numbers in device order: the server's side is .1; give the server .2.
        NetDeviceContainer serverFirst(serverSide.Get(1));
        serverFirst.Add(serverSide.Get(0));
        Ipv4InterfaceContainer interfaces =
            Ipv4AddressHelper("10.1.2.0", "255.255.255.0").Assign(serverFirst);
        m_serverAddress = interfaces.GetAddress(1);
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
    teardown.Install(m_nodes);
}

Ptr<Node>
TcpTeardownHostPair::GetRouter() const
{
    return m_router;
}

NodeContainer
TcpTeardownHostPair::GetNodes() const
{
    return m_nodes;
}

Ptr<Node>
TcpTeardownHostPair::GetClient() const
{
    return m_nodes.Get(0);
}

Ptr<Node>
TcpTeardownHostPair::GetServer() const
{
    return m_nodes.Get(1);
}

Ipv4Address
TcpTeardownHostPair::GetClientAddress() const
{
    return m_clientAddress;
}

Ipv4Address
TcpTeardownHostPair::GetServerAddress() const
{
    return m_serverAddress;
}

} // namespace ns3
