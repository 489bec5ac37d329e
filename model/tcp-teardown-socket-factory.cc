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
    m_prototype = nullptr; // the next socket is built with it
}

void
TcpTeardownSocketFactory::DoDispose()
{
    m_prototype = nullptr; // it holds the node and this factory
    m_prototypeTcp = nullptr;
    SocketFactory::DoDispose();
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
    if (!m_prototype || m_prototypeTcp != tcp || rttType.Get() != m_rttType ||
        congestionType.Get() != m_congestionType || recoveryType.Get() != m_recoveryType)
    {
        // Attribute construction (ObjectBase::ConstructSelf) of a TcpTeardownSocket and its
        // congestion control costs more than the rest of a connection's setup: it is done once,
        // for a prototype, and every socket is a copy of it (as a listener's are).
        ObjectFactory rttFactory;
        ObjectFactory congestionFactory;
        ObjectFactory recoveryFactory;
        rttFactory.SetTypeId(rttType.Get());
        congestionFactory.SetTypeId(congestionType.Get());
        recoveryFactory.SetTypeId(recoveryType.Get());
        m_prototype = m_socketFactory.Create<TcpTeardownSocket>();
        m_prototype->SetNode(node);
        m_prototype->SetTcp(tcp);
        m_prototype->SetRtt(rttFactory.Create<RttEstimator>());
        m_prototype->SetCongestionControlAlgorithm(congestionFactory.Create<TcpCongestionOps>());
        m_prototype->SetRecoveryAlgorithm(recoveryFactory.Create<TcpRecoveryOps>());
        // The socket feeds the node-level traces itself (accepted sockets copy the link): no
        // trace connection by name.
        m_prototype->SetHub(this);
        m_prototypeTcp = tcp;
        m_rttType = rttType.Get();
        m_congestionType = congestionType.Get();
        m_recoveryType = recoveryType.Get();
    }
    Ptr<TcpTeardownSocket> socket = m_prototype->Clone();
    tcp->AddSocket(socket);
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
