/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-recorder.h"

#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/tcp-teardown-fatal.h"
#include "ns3/tcp-teardown-socket-factory.h"

#include <algorithm>

namespace ns3
{

namespace
{

/// The records of one node, in order.
template <typename Record>
std::vector<Record>
OfNode(const std::vector<Record>& records, uint32_t node)
{
    std::vector<Record> selected;
    for (const auto& record : records)
    {
        if (record.connection.node == node)
        {
            selected.push_back(record);
        }
    }
    return selected;
}

} // namespace

TcpConnectionId
TcpConnectionId::Of(Ptr<const TcpTeardownSocket> socket)
{
    TcpConnectionId id;
    id.node = socket->GetNode() ? socket->GetNode()->GetId() : 0;
    id.local = socket->GetLocalAddress();
    id.peer = socket->GetPeerAddress();
    return id;
}

bool
TcpConnectionId::operator==(const TcpConnectionId& other) const
{
    return node == other.node && local == other.local && peer == other.peer;
}

void
TcpTeardownRecorder::Watch(const NodeContainer& nodes)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<TcpTeardownSocketFactory> factory = (*it)->GetObject<TcpTeardownSocketFactory>();
        TCP_TEARDOWN_REQUIRE(factory,
                             "TcpTeardownRecorder::Watch: node "
                                 << (*it)->GetId() << " has no TcpTeardownSocketFactory");
        factory->TraceConnectWithoutContext("StateTransition",
                                            MakeCallback(&TcpTeardownRecorder::OnTransition, this));
        factory->TraceConnectWithoutContext("ConnectionEnd",
                                            MakeCallback(&TcpTeardownRecorder::OnEnd, this));
        factory->TraceConnectWithoutContext(
            "Retransmission",
            MakeCallback(&TcpTeardownRecorder::OnRetransmission, this));
    }
}

const std::vector<TcpTransitionRecord>&
TcpTeardownRecorder::GetTransitions() const
{
    return m_transitions;
}

const std::vector<TcpEndRecord>&
TcpTeardownRecorder::GetEnds() const
{
    return m_ends;
}

const std::vector<TcpRetransmissionRecord>&
TcpTeardownRecorder::GetRetransmissions() const
{
    return m_retransmissions;
}

std::vector<TcpSocket::TcpStates_t>
TcpTeardownRecorder::GetStateSequence(uint32_t node) const
{
    std::vector<TcpSocket::TcpStates_t> sequence;
    for (const auto& record : m_transitions)
    {
        if (record.connection.node != node || record.from == TcpSocket::LISTEN ||
            record.to == TcpSocket::LISTEN)
        {
            continue;
        }
        if (sequence.empty())
        {
            sequence.push_back(record.from);
        }
        sequence.push_back(record.to);
    }
    return sequence;
}

uint32_t
TcpTeardownRecorder::CountInState(uint32_t node, TcpSocket::TcpStates_t state) const
{
    std::vector<std::pair<TcpConnectionId, TcpSocket::TcpStates_t>> last;
    for (const auto& record : m_transitions)
    {
        if (record.connection.node != node || record.from == TcpSocket::LISTEN ||
            record.to == TcpSocket::LISTEN)
        {
            continue;
        }
        auto it = std::find_if(last.begin(), last.end(), [&record](const auto& entry) {
            return entry.first == record.connection;
        });
        if (it == last.end())
        {
            last.emplace_back(record.connection, record.to);
        }
        else
        {
            it->second = record.to;
        }
    }
    return static_cast<uint32_t>(
        std::count_if(last.begin(), last.end(), [state](const auto& entry) {
            return entry.second == state;
        }));
}

std::vector<TcpRetransmissionRecord>
TcpTeardownRecorder::GetRetransmissions(uint32_t node) const
{
    return OfNode(m_retransmissions, node);
}

std::vector<TcpEndRecord>
TcpTeardownRecorder::GetEnds(uint32_t node) const
{
    return OfNode(m_ends, node);
}

void
TcpTeardownRecorder::OnTransition(Ptr<const TcpTeardownSocket> socket,
                                  TcpSocket::TcpStates_t from,
                                  TcpSocket::TcpStates_t to)
{
    m_transitions.push_back({Simulator::Now(), TcpConnectionId::Of(socket), from, to});
}

void
TcpTeardownRecorder::OnEnd(Ptr<const TcpTeardownSocket> socket, TcpCloseReason reason)
{
    m_ends.push_back({Simulator::Now(), TcpConnectionId::Of(socket), reason});
}

void
TcpTeardownRecorder::OnRetransmission(Ptr<const TcpTeardownSocket> socket, uint32_t count, Time rto)
{
    m_retransmissions.push_back({Simulator::Now(), TcpConnectionId::Of(socket), count, rto});
}

} // namespace ns3
