/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-recorder.h"

#include "ns3/inet-socket-address.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-teardown-fatal.h"
#include "ns3/tcp-teardown-socket-factory.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <locale>
#include <sstream>

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

/// Seconds with 9 decimals, whatever the stream's locale.
std::string
Seconds9(Time t)
{
    std::ostringstream os;
    os.imbue(std::locale::classic());
    os << std::fixed << std::setprecision(9) << t.GetSeconds();
    return os.str();
}

/// The CSV columns every connection record starts with.
template <typename Record>
void
WriteConnection(std::ostream& os, const Record& record)
{
    os << Seconds9(record.time) << "," << record.connection.node << "," << record.connection.socket
       << "," << TcpTeardownRecorder::FormatAddress(record.connection.local) << ","
       << TcpTeardownRecorder::FormatAddress(record.connection.peer);
}

} // namespace

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
            return entry.first.socket == record.connection.socket;
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
    m_transitions.push_back({Simulator::Now(), Identify(socket), from, to});
}

void
TcpTeardownRecorder::OnEnd(Ptr<const TcpTeardownSocket> socket, TcpCloseReason reason)
{
    m_ends.push_back({Simulator::Now(), Identify(socket), reason});
}

void
TcpTeardownRecorder::OnRetransmission(Ptr<const TcpTeardownSocket> socket, uint32_t count, Time rto)
{
    m_retransmissions.push_back({Simulator::Now(), Identify(socket), count, rto});
}

} // namespace ns3

namespace ns3
{

TcpConnectionId
TcpTeardownRecorder::Identify(Ptr<const TcpTeardownSocket> socket)
{
    TcpConnectionId id = TcpConnectionId::Of(socket);
    auto it = m_serials.find(PeekPointer(socket));
    if (it == m_serials.end())
    {
        it = m_serials.emplace(PeekPointer(socket), m_serials.size() + 1).first;
        m_sockets.push_back(socket);
    }
    id.socket = it->second;
    return id;
}

std::vector<std::pair<Time, uint32_t>>
TcpTeardownRecorder::GetPopulation(uint32_t node, TcpSocket::TcpStates_t state) const
{
    return Population(m_transitions, node, state);
}

std::vector<std::pair<Time, uint32_t>>
TcpTeardownRecorder::Population(const std::vector<TcpTransitionRecord>& transitions,
                                uint32_t node,
                                TcpSocket::TcpStates_t state)
{
    std::vector<std::pair<Time, uint32_t>> population;
    uint32_t count = 0;
    for (const auto& record : transitions)
    {
        if (record.connection.node != node || record.from == record.to ||
            (record.from != state && record.to != state))
        {
            continue;
        }
        count = record.to == state ? count + 1 : count - 1;
        if (!population.empty() && population.back().first == record.time)
        {
            population.back().second = count;
        }
        else
        {
            population.emplace_back(record.time, count);
        }
    }
    return population;
}

void
TcpTeardownRecorder::WatchImpairment(Ptr<TcpSegmentImpairment> impairment)
{
    impairment->TraceConnectWithoutContext("Action",
                                           MakeCallback(&TcpTeardownRecorder::OnImpairment, this));
}

void
TcpTeardownRecorder::OnImpairment(const TcpSegmentImpairment::Record& record)
{
    m_impairments.push_back(record);
}

const std::vector<TcpSegmentImpairment::Record>&
TcpTeardownRecorder::GetImpairments() const
{
    return m_impairments;
}

std::string
TcpTeardownRecorder::FormatAddress(const Address& address)
{
    if (!InetSocketAddress::IsMatchingType(address))
    {
        return "-";
    }
    InetSocketAddress inet = InetSocketAddress::ConvertFrom(address);
    std::ostringstream os;
    os << inet.GetIpv4() << ":" << inet.GetPort();
    return os.str();
}

void
TcpTeardownRecorder::WriteTransitions(std::ostream& os,
                                      const std::vector<TcpTransitionRecord>& records)
{
    os << "time_s,node,socket,local,peer,from,to\n";
    for (const auto& r : records)
    {
        WriteConnection(os, r);
        os << "," << TcpSocket::TcpStateName[r.from] << "," << TcpSocket::TcpStateName[r.to]
           << "\n";
    }
}

void
TcpTeardownRecorder::WriteRetransmissions(std::ostream& os,
                                          const std::vector<TcpRetransmissionRecord>& records)
{
    os << "time_s,node,socket,local,peer,count,rto_s\n";
    for (const auto& r : records)
    {
        WriteConnection(os, r);
        os << "," << r.count << "," << Seconds9(r.rto) << "\n";
    }
}

void
TcpTeardownRecorder::WriteOutcomes(std::ostream& os, const std::vector<TcpEndRecord>& records)
{
    os << "time_s,node,socket,local,peer,reason\n";
    for (const auto& r : records)
    {
        WriteConnection(os, r);
        os << "," << TcpCloseReasonName(r.reason) << "\n";
    }
}

void
TcpTeardownRecorder::WriteImpairments(std::ostream& os,
                                      const std::vector<TcpSegmentImpairment::Record>& records)
{
    os << "time_s,rule,action,source,source_port,destination,destination_port,flags,seq,ack,"
          "payload,delivered_s\n";
    for (const auto& r : records)
    {
        os << Seconds9(r.time) << "," << r.rule << "," << TcpSegmentImpairment::ActionName(r.action)
           << "," << r.source << "," << r.sourcePort << "," << r.destination << ","
           << r.destinationPort << "," << TcpHeader::FlagsToString(r.flags) << ","
           << r.sequence.GetValue() << "," << r.ack.GetValue() << "," << r.payload << ","
           << (r.action == TcpSegmentImpairment::DROP ? std::string() : Seconds9(r.deliveredAt))
           << "\n";
    }
}

bool
TcpTeardownRecorder::WriteCsv(const std::string& folder) const
{
    return WriteCsv(folder, m_transitions, m_retransmissions, m_ends, m_impairments);
}

bool
TcpTeardownRecorder::WriteCsv(const std::string& folder,
                              const std::vector<TcpTransitionRecord>& transitions,
                              const std::vector<TcpRetransmissionRecord>& retransmissions,
                              const std::vector<TcpEndRecord>& ends,
                              const std::vector<TcpSegmentImpairment::Record>& impairments)
{
    std::ofstream files[4];
    const char* names[4] = {"transitions.csv",
                            "retransmissions.csv",
                            "outcomes.csv",
                            "impairments.csv"};
    for (int i = 0; i < 4; ++i)
    {
        files[i].open(folder + "/" + names[i]);
    }
    WriteTransitions(files[0], transitions);
    WriteRetransmissions(files[1], retransmissions);
    WriteOutcomes(files[2], ends);
    WriteImpairments(files[3], impairments);
    for (int i = 0; i < 4; ++i)
    {
        files[i].close();
        if (!files[i])
        {
            std::cerr << "TcpTeardownRecorder: cannot write " << folder << "/" << names[i]
                      << std::endl;
            return false;
        }
    }
    return true;
}

std::string
TcpTeardownRecorder::FormatTime(Time t)
{
    return Seconds9(t);
}

std::string
TcpTeardownRecorder::CsvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
    {
        return text;
    }
    std::string quoted = "\"";
    for (char c : text)
    {
        quoted += c;
        if (c == '"')
        {
            quoted += '"';
        }
    }
    return quoted + "\"";
}

} // namespace ns3
