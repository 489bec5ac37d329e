/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-isn-generator.h"

#include "ns3/hash.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <array>
#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpIsnGenerator");

NS_OBJECT_ENSURE_REGISTERED(TcpIsnGenerator);

TypeId
TcpIsnGenerator::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpIsnGenerator")
            .SetParent<Object>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpIsnGenerator>()
            .AddAttribute("Secret",
                          "The key of the 4-tuple hash (RFC 6528's secret, Linux's net_secret); "
                          "0 draws one from the node's random stream on first use.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TcpIsnGenerator::m_secret),
                          MakeUintegerChecker<uint64_t>());
    return tid;
}

TcpIsnGenerator::TcpIsnGenerator()
    : m_random(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

TcpIsnGenerator::~TcpIsnGenerator()
{
    NS_LOG_FUNCTION(this);
}

Ptr<TcpIsnGenerator>
TcpIsnGenerator::Get(Ptr<Node> node)
{
    Ptr<TcpIsnGenerator> generator = node->GetObject<TcpIsnGenerator>();
    if (!generator)
    {
        generator = CreateObject<TcpIsnGenerator>();
        node->AggregateObject(generator);
    }
    return generator;
}

int64_t
TcpIsnGenerator::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

uint32_t
TcpIsnGenerator::Random32()
{
    // Two uniform halves: GetInteger(min, max) cannot span 2^32 values.
    return (m_random->GetInteger(0, 0xFFFF) << 16) | m_random->GetInteger(0, 0xFFFF);
}

uint64_t
TcpIsnGenerator::Secret()
{
    while (m_secret == 0)
    {
        m_secret = (uint64_t(Random32()) << 32) | Random32();
    }
    return m_secret;
}

uint32_t
TcpIsnGenerator::TupleHash(uint64_t secret,
                           Ipv4Address local,
                           uint16_t localPort,
                           Ipv4Address peer,
                           uint16_t peerPort)
{
    // Fixed byte order, so that the hash does not depend on the host.
    std::array<uint8_t, 20> bytes{};
    for (int i = 0; i < 8; ++i)
    {
        bytes[i] = static_cast<uint8_t>(secret >> (8 * i));
    }
    local.Serialize(&bytes[8]);
    peer.Serialize(&bytes[12]);
    bytes[16] = static_cast<uint8_t>(localPort >> 8);
    bytes[17] = static_cast<uint8_t>(localPort);
    bytes[18] = static_cast<uint8_t>(peerPort >> 8);
    bytes[19] = static_cast<uint8_t>(peerPort);
    return Hash32(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

uint32_t
TcpIsnGenerator::Clock(Policy policy, Time now)
{
    switch (policy)
    {
    case RFC6528:
        return static_cast<uint32_t>(now.GetNanoSeconds() / 4000);
    case LINUX:
        return static_cast<uint32_t>(now.GetNanoSeconds() >> 6);
    default:
        return 0;
    }
}

SequenceNumber32
TcpIsnGenerator::Choose(Policy policy,
                        Ipv4Address local,
                        uint16_t localPort,
                        Ipv4Address peer,
                        uint16_t peerPort)
{
    switch (policy)
    {
    case RFC6528:
    case LINUX:
        return SequenceNumber32(Clock(policy, Simulator::Now()) +
                                TupleHash(Secret(), local, localPort, peer, peerPort));
    case RANDOM:
        return SequenceNumber32(Random32());
    case ZERO:
    default:
        return SequenceNumber32(0);
    }
}

} // namespace ns3
