/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-socket-factory.h"

#include "tcp-teardown-fatal.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/rtt-estimator.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/type-id.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownSocketFactory");

NS_OBJECT_ENSURE_REGISTERED(TcpTeardownSocketFactory);

TypeId
TcpTeardownSocketFactory::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpTeardownSocketFactory")
            .SetParent<SocketFactory>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpTeardownSocketFactory>()
            .AddTraceSource(
                "StateTransition",
                "A state change of any TcpTeardownSocket of this node.",
                MakeTraceSourceAccessor(&TcpTeardownSocketFactory::m_stateTransitionTrace),
                "ns3::TcpTeardownSocket::StateTransitionTracedCallback")
            .AddTraceSource(
                "ConnectionEnd",
                "The end of any connection of this node, with its reason.",
                MakeTraceSourceAccessor(&TcpTeardownSocketFactory::m_connectionEndTrace),
                "ns3::TcpTeardownSocket::ConnectionEndTracedCallback")
            .AddTraceSource(
                "Retransmission",
                "A timeout retransmission of any connection of this node.",
                MakeTraceSourceAccessor(&TcpTeardownSocketFactory::m_retransmissionTrace),
                "ns3::TcpTeardownSocket::RetransmissionTracedCallback");
    return tid;
}

TcpTeardownSocketFactory::TcpTeardownSocketFactory()
{
    NS_LOG_FUNCTION(this);
    m_socketFactory.SetTypeId(TcpTeardownSocket::GetTypeId());
}

TcpTeardownSocketFactory::~TcpTeardownSocketFactory()
{
    NS_LOG_FUNCTION(this);
}

Ptr<AttributeValue>
TcpTeardownSocketFactory::CheckSocketAttribute(const std::string& name, const AttributeValue& value)
{
    return TcpTeardownCheckAttribute(TcpTeardownSocket::GetTypeId(), name, value);
}

void
TcpTeardownSocketFactory::SetSocketAttribute(const std::string& name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    m_socketFactory.Set(name, *CheckSocketAttribute(name, value));
}

Ptr<Socket>
TcpTeardownSocketFactory::CreateSocket()
{
    NS_LOG_FUNCTION(this);
    Ptr<Node> node = GetObject<Node>();
    Ptr<TcpL4Protocol> tcp = GetObject<TcpL4Protocol>();
    TCP_TEARDOWN_REQUIRE(node && tcp,
                         "TcpTeardownSocketFactory: the node has no TCP; install an internet "
                         "stack (InternetStackHelper) before TcpTeardownHelper");

    TypeIdValue rttType;
    TypeIdValue congestionType;
    TypeIdValue recoveryType;
    tcp->GetAttribute("RttEstimatorType", rttType);
    tcp->GetAttribute("SocketType", congestionType);
    tcp->GetAttribute("RecoveryType", recoveryType);
    ObjectFactory rttFactory(rttType.Get().GetName());
    ObjectFactory congestionFactory(congestionType.Get().GetName());
    ObjectFactory recoveryFactory(recoveryType.Get().GetName());

    Ptr<TcpTeardownSocket> socket = m_socketFactory.Create<TcpTeardownSocket>();
    socket->SetNode(node);
    socket->SetTcp(tcp);
    socket->SetRtt(rttFactory.Create<RttEstimator>());
    socket->SetCongestionControlAlgorithm(congestionFactory.Create<TcpCongestionOps>());
    socket->SetRecoveryAlgorithm(recoveryFactory.Create<TcpRecoveryOps>());
    tcp->AddSocket(socket);

    // Accepted sockets copy these connections from their listener (Fork()).
    socket->TraceConnectWithoutContext(
        "StateTransition",
        MakeCallback(&TcpTeardownSocketFactory::ForwardStateTransition, this));
    socket->TraceConnectWithoutContext(
        "ConnectionEnd",
        MakeCallback(&TcpTeardownSocketFactory::ForwardConnectionEnd, this));
    socket->TraceConnectWithoutContext(
        "Retransmission",
        MakeCallback(&TcpTeardownSocketFactory::ForwardRetransmission, this));
    return socket;
}

void
TcpTeardownSocketFactory::ForwardStateTransition(Ptr<const TcpTeardownSocket> socket,
                                                 TcpSocket::TcpStates_t from,
                                                 TcpSocket::TcpStates_t to)
{
    m_stateTransitionTrace(socket, from, to);
}

void
TcpTeardownSocketFactory::ForwardConnectionEnd(Ptr<const TcpTeardownSocket> socket,
                                               TcpCloseReason reason)
{
    m_connectionEndTrace(socket, reason);
}

void
TcpTeardownSocketFactory::ForwardRetransmission(Ptr<const TcpTeardownSocket> socket,
                                                uint32_t count,
                                                Time rto)
{
    m_retransmissionTrace(socket, count, rto);
}

} // namespace ns3
