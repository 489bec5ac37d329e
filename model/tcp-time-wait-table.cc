/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-time-wait-table.h"

#include "tcp-teardown-fatal.h"
#include "tcp-teardown-port-table.h"
#include "tcp-teardown-socket.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-option-ts.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTimeWaitTable");

NS_OBJECT_ENSURE_REGISTERED(TcpTimeWaitTable);

TypeId
TcpTimeWaitTable::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpTimeWaitTable")
            .SetParent<IpL4Protocol>()
            .SetGroupName("TcpTeardown")
            .AddTraceSource("TimeWaitStart",
                            "A socket in TIME_WAIT handed its connection over to a record.",
                            MakeTraceSourceAccessor(&TcpTimeWaitTable::m_timeWaitStartTrace),
                            "ns3::TcpTimeWaitTable::TimeWaitStartTracedCallback")
            .AddTraceSource("TimeWaitEnd",
                            "A record's TIME_WAIT ended (expiry, RST, or reuse of its 4-tuple).",
                            MakeTraceSourceAccessor(&TcpTimeWaitTable::m_timeWaitEndTrace),
                            "ns3::TcpTimeWaitTable::TimeWaitEndTracedCallback");
    return tid;
}

TcpTimeWaitTable::TcpTimeWaitTable()
{
    NS_LOG_FUNCTION(this);
}

TcpTimeWaitTable::~TcpTimeWaitTable()
{
    NS_LOG_FUNCTION(this);
}

void
TcpTimeWaitTable::DoDispose()
{
    m_timerEvent.Cancel();
    m_records.clear();
    m_owned.clear();
    m_ports.clear();
    m_addressPorts.clear();
    m_timers = decltype(m_timers)();
    m_node = nullptr;
    m_tcp = nullptr;
    IpL4Protocol::DoDispose();
}

Ptr<TcpTimeWaitTable>
TcpTimeWaitTable::Get(Ptr<Node> node)
{
    Ptr<TcpTimeWaitTable> table = node->GetObject<TcpTimeWaitTable>();
    if (table)
    {
        return table;
    }
    Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    TCP_TEARDOWN_REQUIRE(tcp && ipv4,
                         "TcpTimeWaitTable: node " << node->GetId()
                                                   << " has no IPv4 TCP; install an internet "
                                                      "stack (InternetStackHelper) first");
    table = CreateObject<TcpTimeWaitTable>();
    table->m_node = node;
    table->m_tcp = tcp;
    node->AggregateObject(table);
    ipv4->Insert(table); // IPv4 hands TCP segments to the table, which passes the rest on
    return table;
}

size_t
TcpTimeWaitTable::KeyHash::operator()(const Key& key) const
{
    uint64_t h = (uint64_t(key.local) << 32 | key.peer) * 0x9E3779B97F4A7C15ULL;
    h ^= (h >> 29) + uint64_t(key.ports) * 0xBF58476D1CE4E5B9ULL;
    return static_cast<size_t>(h ^ (h >> 32));
}

TcpTimeWaitTable::Key
TcpTimeWaitTable::MakeKey(Ipv4Address local,
                          uint16_t localPort,
                          Ipv4Address peer,
                          uint16_t peerPort)
{
    return Key{local.Get(), peer.Get(), uint32_t(localPort) << 16 | peerPort};
}

void
TcpTimeWaitTable::Add(Ptr<const TcpTeardownSocket> socket, const TcpTimeWaitRecord& record)
{
    NS_LOG_FUNCTION(this << record.local << record.localPort << record.peer << record.peerPort);
    const Key key = MakeKey(record.local, record.localPort, record.peer, record.peerPort);
    auto inserted = m_records.emplace(key, record);
    NS_ABORT_MSG_UNLESS(inserted.second, "TcpTimeWaitTable: a record holds this 4-tuple already");
    CountPort(record, 1);
    if (record.owner)
    {
        m_owned[record.owner] = key;
    }
    m_timeWaitStartTrace(socket, record);
    Arm(key, record.expiry);
}

const TcpTimeWaitRecord*
TcpTimeWaitTable::Find(Ipv4Address local,
                       uint16_t localPort,
                       Ipv4Address peer,
                       uint16_t peerPort) const
{
    auto it = m_records.find(MakeKey(local, localPort, peer, peerPort));
    return it == m_records.end() ? nullptr : &it->second;
}

void
TcpTimeWaitTable::CountPort(const TcpTimeWaitRecord& record, int delta)
{
    for (PortUse* use :
         {&m_ports[record.localPort], &m_addressPorts[{record.local.Get(), record.localPort}]})
    {
        use->records += delta;
        use->noReuse += record.reuseAddress ? 0 : delta;
        use->boundByBind += record.boundByBind ? delta : 0;
    }
    if (m_ports[record.localPort].records == 0)
    {
        m_ports.erase(record.localPort);
    }
    if (m_addressPorts[{record.local.Get(), record.localPort}].records == 0)
    {
        m_addressPorts.erase({record.local.Get(), record.localPort});
    }
}

bool
TcpTimeWaitTable::HasBindConflict(Ipv4Address address, uint16_t port, bool reuseAddress) const
{
    // inet_bind_conflict() against a TIME_WAIT (never listening): overlapping addresses
    // conflict unless both sides set SO_REUSEADDR.
    const PortUse* use = nullptr;
    if (address == Ipv4Address::GetAny())
    {
        auto it = m_ports.find(port);
        use = it == m_ports.end() ? nullptr : &it->second;
    }
    else
    {
        auto it = m_addressPorts.find({address.Get(), port});
        use = it == m_addressPorts.end() ? nullptr : &it->second;
    }
    if (use == nullptr)
    {
        return false;
    }
    return reuseAddress ? use->noReuse > 0 : use->records > 0;
}

bool
TcpTimeWaitTable::HoldsBoundPort(uint16_t port) const
{
    auto it = m_ports.find(port);
    return it != m_ports.end() && it->second.boundByBind > 0;
}

SequenceNumber32
TcpTimeWaitTable::GiveUpForReuse(const TcpTimeWaitRecord& record)
{
    NS_LOG_FUNCTION(this << record.localPort << record.peer << record.peerPort);
    const SequenceNumber32 isn = record.reuseIsn;
    End(record);
    return isn;
}

void
TcpTimeWaitTable::Disown(const TcpTeardownSocket* socket)
{
    auto it = m_owned.find(socket);
    if (it == m_owned.end())
    {
        return;
    }
    auto record = m_records.find(it->second);
    if (record != m_records.end())
    {
        record->second.owner = nullptr;
    }
    m_owned.erase(it);
}

uint32_t
TcpTimeWaitTable::GetSize() const
{
    return static_cast<uint32_t>(m_records.size());
}

uint32_t
TcpTimeWaitTable::GetBytesPerRecord()
{
    // libstdc++: an unordered_map node is the next pointer, the value and the cached hash;
    // the bucket array adds about one pointer per element at load factor 1. A timer entry
    // (one per restart as well) and the record's share of the port indexes come on top;
    // the port indexes are per port, not per record, and are left out.
    const size_t node =
        sizeof(void*) + sizeof(std::pair<const Key, TcpTimeWaitRecord>) + sizeof(size_t);
    return static_cast<uint32_t>(node + sizeof(void*) + sizeof(TimerEntry));
}

// ---------------------------------------------------------------------------------------------
// Segments
// ---------------------------------------------------------------------------------------------

enum IpL4Protocol::RxStatus
TcpTimeWaitTable::Receive(Ptr<Packet> packet,
                          const Ipv4Header& ipHeader,
                          Ptr<Ipv4Interface> incomingInterface)
{
    if (!m_records.empty() && packet->GetSize() >= 4)
    {
        uint8_t ports[4];
        packet->CopyData(ports, 4);
        const uint16_t source = uint16_t(ports[0] << 8 | ports[1]);
        const uint16_t destination = uint16_t(ports[2] << 8 | ports[3]);
        auto it = m_records.find(
            MakeKey(ipHeader.GetDestination(), destination, ipHeader.GetSource(), source));
        if (it != m_records.end())
        {
            TcpHeader header;
            if (Node::ChecksumEnabled())
            {
                header.EnableChecksums();
                header.InitializeChecksum(ipHeader.GetSource(),
                                          ipHeader.GetDestination(),
                                          TcpL4Protocol::PROT_NUMBER);
            }
            const uint32_t headerSize = packet->PeekHeader(header);
            if (!header.IsChecksumOk())
            {
                return IpL4Protocol::RX_CSUM_FAILED;
            }
            Process(it->second, packet, ipHeader, header, headerSize);
            return IpL4Protocol::RX_OK;
        }
    }
    return m_tcp->Receive(packet, ipHeader, incomingInterface);
}

void
TcpTimeWaitTable::Process(TcpTimeWaitRecord& record,
                          Ptr<Packet> packet,
                          const Ipv4Header& ipHeader,
                          const TcpHeader& header,
                          uint32_t headerSize)
{
    NS_LOG_FUNCTION(this << header);
    // What TcpTeardownSocket does in TIME_WAIT, in the same order.
    const uint32_t payload = packet->GetSize() - headerSize;
    const SequenceNumber32 seq = header.GetSequenceNumber();
    if (headerSize == 0 || headerSize > 60)
    {
        return; // TcpSocketBase::IsValidTcpSegment()
    }
    if (payload > 0 && (seq + SequenceNumber32(payload) < record.rcvNxt || record.rcvMax <= seq))
    {
        SendAck(record); // data entirely outside the window: acknowledged, the timer left alone
        return;
    }
    const uint8_t flags = header.GetFlags();
    if (flags & TcpHeader::RST)
    {
        NoteReceived(record, packet);
        if (seq == record.rcvNxt && !record.rfc1337)
        {
            NS_LOG_INFO("RST ends TIME_WAIT (Rfc1337 off)");
            End(record); // TIME_WAIT assassination (RFC 1337)
        }
        return;
    }
    if (HandSynToListener(record, packet, ipHeader, header))
    {
        return;
    }
    NoteReceived(record, packet);
    // tcp_timewait_state_process()
    if (seq == record.rcvNxt && payload == 0 && !(flags & (TcpHeader::SYN | TcpHeader::FIN)))
    {
        Restart(record); // an in-window bare ACK
        return;
    }
    if (flags & TcpHeader::ACK)
    {
        Restart(record);
    }
    SendAck(record);
}

bool
TcpTimeWaitTable::HandSynToListener(const TcpTimeWaitRecord& record,
                                    Ptr<Packet> packet,
                                    const Ipv4Header& ipHeader,
                                    const TcpHeader& header)
{
    // As TcpTeardownSocket::HandSynToListener(): a SYN above the old sequence space, or with
    // a newer timestamp, opens a new incarnation of the 4-tuple through the listener.
    const uint8_t flags = header.GetFlags();
    if (!(flags & TcpHeader::SYN) || (flags & (TcpHeader::ACK | TcpHeader::RST)))
    {
        return false;
    }
    const bool hasTimestamp = record.timestamps && header.HasOption(TcpOption::TS);
    int32_t age = 0; // ts_recent - TSval
    if (hasTimestamp)
    {
        const uint32_t tsval =
            DynamicCast<const TcpOptionTS>(header.GetOption(TcpOption::TS))->GetTimestamp();
        age = static_cast<int32_t>(record.tsRecent - tsval);
        if (age > 0)
        {
            return false; // PAWS: an old duplicate
        }
    }
    const bool above = header.GetSequenceNumber() > record.rcvNxt;
    if (!above && !(hasTimestamp && age < 0))
    {
        return false;
    }
    Ptr<TcpTeardownPortTable> ports = m_node->GetObject<TcpTeardownPortTable>();
    Ptr<TcpTeardownSocket> listener =
        ports ? ports->FindListener(record.local, record.localPort) : nullptr;
    if (!listener)
    {
        return false; // Linux acknowledges it, like any other segment
    }
    NS_LOG_INFO("SYN " << header.GetSequenceNumber() << " ends TIME_WAIT for a new connection");
    const Address from = InetSocketAddress(ipHeader.GetSource(), header.GetSourcePort());
    const Address to = InetSocketAddress(ipHeader.GetDestination(), header.GetDestinationPort());
    const SequenceNumber32 isn = GiveUpForReuse(record);
    listener->AcceptInPlaceOfTimeWait(packet, from, to, isn);
    return true;
}

void
TcpTimeWaitTable::SendAck(const TcpTimeWaitRecord& record)
{
    // The ACK TcpSocketBase::SendEmptyPacket() builds in TIME_WAIT.
    TcpHeader header;
    header.SetFlags(TcpHeader::ACK);
    header.SetSequenceNumber(record.sndNxt);
    header.SetAckNumber(record.rcvNxt);
    header.SetSourcePort(record.localPort);
    header.SetDestinationPort(record.peerPort);
    if (record.timestamps)
    {
        Ptr<TcpOptionTS> option = CreateObject<TcpOptionTS>();
        option->SetTimestamp(TcpOptionTS::NowToTsValue());
        option->SetEcho(record.tsRecent);
        header.AppendOption(option);
    }
    header.SetWindowSize(record.window);
    Ptr<Packet> packet = Create<Packet>();
    if (record.owner)
    {
        record.owner->m_txTrace(packet, header, record.owner); // its Tx trace, as before
    }
    m_tcp->SendPacket(packet, header, record.local, record.peer);
}

void
TcpTimeWaitTable::NoteReceived(const TcpTimeWaitRecord& record, Ptr<Packet> packet)
{
    // A socket that something still holds keeps its Rx trace: the segment without its
    // header, as TcpTeardownSocket::StripHeader() passes it.
    if (record.owner)
    {
        SocketPriorityTag priorityTag;
        packet->RemovePacketTag(priorityTag);
        TcpHeader header;
        packet->RemoveHeader(header);
        record.owner->m_rxTrace(packet, header, record.owner);
    }
}

// ---------------------------------------------------------------------------------------------
// Timers
// ---------------------------------------------------------------------------------------------

void
TcpTimeWaitTable::Restart(TcpTimeWaitRecord& record)
{
    record.expiry = Simulator::Now() + record.length;
    Arm(MakeKey(record.local, record.localPort, record.peer, record.peerPort), record.expiry);
}

void
TcpTimeWaitTable::Arm(const Key& key, Time expiry)
{
    m_timers.emplace(expiry, key);
    if (!m_timerEvent.IsRunning() || expiry < m_timerAt)
    {
        m_timerEvent.Cancel();
        m_timerAt = expiry;
        m_timerEvent =
            Simulator::Schedule(expiry - Simulator::Now(), &TcpTimeWaitTable::Expire, this);
    }
}

void
TcpTimeWaitTable::Expire()
{
    const Time now = Simulator::Now();
    while (!m_timers.empty() && m_timers.top().first <= now)
    {
        const TimerEntry entry = m_timers.top();
        m_timers.pop();
        auto it = m_records.find(entry.second);
        if (it != m_records.end() && it->second.expiry == entry.first)
        {
            NS_LOG_INFO("TIME_WAIT of " << it->second.local << ":" << it->second.localPort
                                        << " ends");
            End(it->second);
        }
    }
    if (!m_timers.empty())
    {
        m_timerAt = m_timers.top().first;
        m_timerEvent = Simulator::Schedule(m_timerAt - now, &TcpTimeWaitTable::Expire, this);
    }
}

void
TcpTimeWaitTable::End(const TcpTimeWaitRecord& record)
{
    const Key key = MakeKey(record.local, record.localPort, record.peer, record.peerPort);
    auto it = m_records.find(key);
    NS_ASSERT(it != m_records.end());
    const TcpTimeWaitRecord ended = it->second; // the trace sees it; the table forgets it
    CountPort(ended, -1);
    m_records.erase(it);
    Ptr<TcpTeardownSocket> owner = ended.owner;
    if (owner)
    {
        m_owned.erase(PeekPointer(owner));
    }
    m_timeWaitEndTrace(ended, ended.reason);
    if (owner)
    {
        owner->EndHandedOverTimeWait(); // it reports TIME_WAIT -> CLOSED, as without a record
    }
}

// ---------------------------------------------------------------------------------------------
// The rest of IpL4Protocol: TCP's own
// ---------------------------------------------------------------------------------------------

int
TcpTimeWaitTable::GetProtocolNumber() const
{
    return TcpL4Protocol::PROT_NUMBER;
}

enum IpL4Protocol::RxStatus
TcpTimeWaitTable::Receive(Ptr<Packet> packet,
                          const Ipv6Header& header,
                          Ptr<Ipv6Interface> incomingInterface)
{
    return m_tcp->Receive(packet, header, incomingInterface);
}

void
TcpTimeWaitTable::ReceiveIcmp(Ipv4Address icmpSource,
                              uint8_t icmpTtl,
                              uint8_t icmpType,
                              uint8_t icmpCode,
                              uint32_t icmpInfo,
                              Ipv4Address payloadSource,
                              Ipv4Address payloadDestination,
                              const uint8_t payload[8])
{
    m_tcp->ReceiveIcmp(icmpSource,
                       icmpTtl,
                       icmpType,
                       icmpCode,
                       icmpInfo,
                       payloadSource,
                       payloadDestination,
                       payload);
}

void
TcpTimeWaitTable::ReceiveIcmp(Ipv6Address icmpSource,
                              uint8_t icmpTtl,
                              uint8_t icmpType,
                              uint8_t icmpCode,
                              uint32_t icmpInfo,
                              Ipv6Address payloadSource,
                              Ipv6Address payloadDestination,
                              const uint8_t payload[8])
{
    m_tcp->ReceiveIcmp(icmpSource,
                       icmpTtl,
                       icmpType,
                       icmpCode,
                       icmpInfo,
                       payloadSource,
                       payloadDestination,
                       payload);
}

void
TcpTimeWaitTable::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
    m_tcp->SetDownTarget(cb);
}

void
TcpTimeWaitTable::SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb)
{
    m_tcp->SetDownTarget6(cb);
}

IpL4Protocol::DownTargetCallback
TcpTimeWaitTable::GetDownTarget() const
{
    return m_tcp->GetDownTarget();
}

IpL4Protocol::DownTargetCallback6
TcpTimeWaitTable::GetDownTarget6() const
{
    return m_tcp->GetDownTarget6();
}

} // namespace ns3
