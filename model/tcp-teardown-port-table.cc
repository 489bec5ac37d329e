/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-port-table.h"

#include "tcp-teardown-fatal.h"
#include "tcp-teardown-socket.h"
#include "tcp-time-wait-table.h"

#include "ns3/enum.h"
#include "ns3/ipv4-end-point.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownPortTable");

NS_OBJECT_ENSURE_REGISTERED(TcpTeardownPortTable);

TypeId
TcpTeardownPortTable::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpTeardownPortTable")
            .SetParent<Object>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpTeardownPortTable>()
            .AddAttribute("EphemeralPortFirst",
                          "Lowest port connect() picks for an unbound socket "
                          "(net.ipv4.ip_local_port_range, Linux: 32768).",
                          UintegerValue(32768),
                          MakeUintegerAccessor(&TcpTeardownPortTable::m_first),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("EphemeralPortLast",
                          "Highest port connect() picks for an unbound socket "
                          "(net.ipv4.ip_local_port_range, Linux: 60999). Not below "
                          "EphemeralPortFirst.",
                          UintegerValue(60999),
                          MakeUintegerAccessor(&TcpTeardownPortTable::m_last),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("TwReuse",
                          "net.ipv4.tcp_tw_reuse: may connect() of an unbound socket take a "
                          "4-tuple held by TIME_WAIT? Off (0), On (1), Loopback (2, Linux "
                          "default: loopback connections only).",
                          EnumValue(TW_REUSE_LOOPBACK),
                          MakeEnumAccessor(&TcpTeardownPortTable::m_twReuse),
                          MakeEnumChecker(TW_REUSE_OFF,
                                          "Off",
                                          TW_REUSE_ON,
                                          "On",
                                          TW_REUSE_LOOPBACK,
                                          "Loopback"))
            .AddAttribute("TwReuseDelay",
                          "net.ipv4.tcp_tw_reuse_delay: how long after TIME_WAIT began its "
                          "4-tuple may be reused under TwReuse (Linux: 1 s).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&TcpTeardownPortTable::m_twReuseDelay),
                          MakeTimeChecker(Time(0)));
    return tid;
}

TcpTeardownPortTable::TcpTeardownPortTable()
    : m_random(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

TcpTeardownPortTable::~TcpTeardownPortTable()
{
    NS_LOG_FUNCTION(this);
}

Ptr<TcpTeardownPortTable>
TcpTeardownPortTable::Get(Ptr<Node> node)
{
    Ptr<TcpTeardownPortTable> table = node->GetObject<TcpTeardownPortTable>();
    if (!table)
    {
        table = CreateObject<TcpTeardownPortTable>();
        node->AggregateObject(table);
    }
    return table;
}

void
TcpTeardownPortTable::CheckRange() const
{
    TCP_TEARDOWN_REQUIRE(m_first <= m_last,
                         "TcpTeardownPortTable: EphemeralPortFirst="
                             << m_first << " and EphemeralPortLast=" << m_last
                             << " are invalid: the ephemeral port range " << m_first << "-"
                             << m_last << " is empty (the first port must not exceed the last)");
}

int64_t
TcpTeardownPortTable::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

void
TcpTeardownPortTable::Add(TcpTeardownSocket* socket, uint16_t port)
{
    NS_LOG_FUNCTION(this << socket << port);
    Remove(socket);
    m_byPort[port].insert(socket);
    m_portOf[socket] = port;
}

void
TcpTeardownPortTable::Remove(TcpTeardownSocket* socket)
{
    auto it = m_portOf.find(socket);
    if (it == m_portOf.end())
    {
        return;
    }
    auto& holders = m_byPort[it->second];
    holders.erase(socket);
    if (holders.empty())
    {
        m_byPort.erase(it->second);
    }
    m_portOf.erase(it);
}

std::vector<TcpTeardownSocket*>
TcpTeardownPortTable::Holders(uint16_t port) const
{
    std::vector<TcpTeardownSocket*> live;
    auto it = m_byPort.find(port);
    if (it == m_byPort.end())
    {
        return live;
    }
    for (TcpTeardownSocket* socket : it->second)
    {
        if (socket->m_endPoint != nullptr && socket->m_endPoint->GetLocalPort() == port)
        {
            live.push_back(socket);
        }
    }
    return live;
}

bool
TcpTeardownPortTable::IsBoundByBind(const TcpTeardownSocket* socket)
{
    return socket->m_boundByBind;
}

TcpTeardownPortTable::Holder
TcpTeardownPortTable::FindBindConflict(const TcpTeardownSocket* socket,
                                       Ipv4Address address,
                                       uint16_t port) const
{
    // inet_bind_conflict(): overlapping addresses conflict unless both sockets allow reuse
    // and the other one is not listening.
    Holder conflict;
    for (TcpTeardownSocket* other : Holders(port))
    {
        if (other == socket)
        {
            continue;
        }
        const Ipv4Address otherAddress = other->m_endPoint->GetLocalAddress();
        const bool overlap = address == Ipv4Address::GetAny() ||
                             otherAddress == Ipv4Address::GetAny() || address == otherAddress;
        if (!overlap)
        {
            continue;
        }
        if (socket->m_reuseAddress && other->m_reuseAddress &&
            other->m_state.Get() != TcpSocket::LISTEN)
        {
            continue;
        }
        conflict.socket = other;
        return conflict;
    }
    Ptr<TcpTimeWaitTable> timeWaits = TimeWaits();
    if (timeWaits && timeWaits->HasBindConflict(address, port, socket->m_reuseAddress))
    {
        // A compact TIME_WAIT: which one does not matter to bind().
        static const TcpTimeWaitRecord anyRecord{};
        conflict.record = &anyRecord;
    }
    return conflict;
}

uint16_t
TcpTeardownPortTable::PickBindPort(const TcpTeardownSocket* socket, Ipv4Address address)
{
    CheckRange();
    // inet_csk_find_open_port(): ports of the other parity than connect()'s first, the lower
    // half of the range first for a socket with SO_REUSEADDR.
    uint32_t low = m_first;
    uint32_t high = uint32_t(m_last) + 1;
    const bool halves = socket->m_reuseAddress && high - low > 4;
    const uint32_t fullLow = low;
    const uint32_t fullHigh = high;
    for (int half = 0; half < (halves ? 2 : 1); ++half)
    {
        if (halves)
        {
            const uint32_t middle = fullLow + (((fullHigh - fullLow) >> 2) << 1);
            low = half == 0 ? fullLow : middle;
            high = half == 0 ? middle : fullHigh;
        }
        uint32_t remaining = high - low;
        if (remaining > 1)
        {
            remaining &= ~1U;
        }
        uint32_t offset = m_random->GetInteger(0, remaining - 1) | 1U;
        for (int pass = 0; pass < 2; ++pass, --offset)
        {
            uint32_t port = low + offset;
            for (uint32_t i = 0; i < remaining; i += 2, port += 2)
            {
                if (port >= high)
                {
                    port -= remaining;
                }
                if (!FindBindConflict(socket, address, static_cast<uint16_t>(port)))
                {
                    return static_cast<uint16_t>(port);
                }
            }
            if (remaining <= 1)
            {
                break;
            }
        }
    }
    return 0;
}

TcpTeardownPortTable::Holder
TcpTeardownPortTable::FindConnection(const TcpTeardownSocket* socket,
                                     Ipv4Address local,
                                     uint16_t port,
                                     Ipv4Address peer,
                                     uint16_t peerPort) const
{
    Holder holder;
    holder.socket = FindAmong(Holders(port), socket, local, peer, peerPort);
    if (!holder.socket)
    {
        Ptr<TcpTimeWaitTable> timeWaits = TimeWaits();
        holder.record = timeWaits ? timeWaits->Find(local, port, peer, peerPort) : nullptr;
    }
    return holder;
}

TcpTeardownSocket*
TcpTeardownPortTable::FindAmong(const std::vector<TcpTeardownSocket*>& holders,
                                const TcpTeardownSocket* socket,
                                Ipv4Address local,
                                Ipv4Address peer,
                                uint16_t peerPort)
{
    for (TcpTeardownSocket* other : holders)
    {
        Ipv4EndPoint* endPoint = other->m_endPoint;
        if (other != socket && endPoint->GetPeerPort() == peerPort &&
            endPoint->GetPeerAddress() == peer && endPoint->GetLocalAddress() == local)
        {
            return other;
        }
    }
    return nullptr;
}

Ptr<TcpTimeWaitTable>
TcpTeardownPortTable::TimeWaits() const
{
    return GetObject<TcpTimeWaitTable>(); // aggregated to the same node, if at all
}

bool
TcpTeardownPortTable::MayReuseTimeWait(const Holder& holder, bool boundByBind) const
{
    if (holder.record)
    {
        const TcpTimeWaitRecord& record = *holder.record;
        return MayReuse(record.timestamps, record.local, record.peer, record.start, boundByBind);
    }
    const TcpTeardownSocket* timeWait = holder.socket;
    if (!timeWait || timeWait->m_state.Get() != TcpSocket::TIME_WAIT)
    {
        return false;
    }
    Ipv4EndPoint* endPoint = timeWait->m_endPoint;
    return MayReuse(timeWait->m_timestampEnabled,
                    endPoint->GetLocalAddress(),
                    endPoint->GetPeerAddress(),
                    timeWait->m_timeWaitStart,
                    boundByBind);
}

bool
TcpTeardownPortTable::MayReuse(bool timestamps,
                               Ipv4Address local,
                               Ipv4Address peer,
                               Time start,
                               bool boundByBind) const
{
    // tcp_twsk_unique(): only a connection that used timestamps (PAWS keeps its old
    // duplicates out); an ephemeral port also needs tcp_tw_reuse and its delay.
    if (!timestamps)
    {
        return false;
    }
    if (boundByBind)
    {
        return true;
    }
    bool allowed = m_twReuse == TW_REUSE_ON;
    if (m_twReuse == TW_REUSE_LOOPBACK)
    {
        allowed = local.IsLocalhost() || peer.IsLocalhost();
    }
    return allowed && Simulator::Now() > start + m_twReuseDelay;
}

SequenceNumber32
TcpTeardownPortTable::TakeOverTimeWait(const Holder& holder)
{
    if (holder.record)
    {
        return TimeWaits()->GiveUpForReuse(*holder.record);
    }
    return holder.socket->GiveUpTimeWaitForReuse();
}

uint16_t
TcpTeardownPortTable::PickConnectPort(const TcpTeardownSocket* socket,
                                      Ipv4Address local,
                                      Ipv4Address peer,
                                      uint16_t peerPort,
                                      Holder& timeWait)
{
    CheckRange();
    timeWait = Holder();
    Ptr<TcpTimeWaitTable> timeWaits = TimeWaits();
    // __inet_hash_connect(): [low, high[ scanned in steps of 2 from a per-destination offset,
    // ports of low's parity first.
    const uint32_t low = m_first;
    const uint32_t high = uint32_t(m_last) + 1;
    uint32_t remaining = high - low;
    if (remaining > 1)
    {
        remaining &= ~1U;
    }
    const auto key = std::make_tuple(local.Get(), peer.Get(), peerPort);
    auto perturb = m_perturb.find(key);
    if (perturb == m_perturb.end())
    {
        perturb = m_perturb.emplace(key, m_random->GetInteger(0, 1U << 30)).first;
    }
    uint32_t offset = (perturb->second % remaining) & ~1U;
    for (int pass = 0; pass < 2; ++pass, ++offset)
    {
        uint32_t port = low + offset;
        for (uint32_t i = 0; i < remaining; i += 2, port += 2)
        {
            if (port >= high)
            {
                port -= remaining;
            }
            const auto holders = Holders(static_cast<uint16_t>(port));
            const bool bound =
                std::any_of(holders.begin(), holders.end(), IsBoundByBind) ||
                (timeWaits && timeWaits->HoldsBoundPort(static_cast<uint16_t>(port)));
            if (bound)
            {
                continue; // a port bind() owns is not shared with connect()
            }
            Holder holder;
            holder.socket = FindAmong(holders, socket, local, peer, peerPort);
            if (!holder.socket && timeWaits)
            {
                holder.record = timeWaits->Find(local, static_cast<uint16_t>(port), peer, peerPort);
            }
            if (holder && !MayReuseTimeWait(holder, false))
            {
                continue;
            }
            timeWait = holder;
            // Linux moves the offset on by at least the ports tried, plus a random step.
            perturb->second += std::max(i, 2 * m_random->GetInteger(0, 7)) + 2;
            return static_cast<uint16_t>(port);
        }
        if (remaining <= 1)
        {
            break;
        }
    }
    return 0;
}

TcpTeardownSocket*
TcpTeardownPortTable::FindListener(Ipv4Address local, uint16_t port) const
{
    TcpTeardownSocket* wildcard = nullptr;
    for (TcpTeardownSocket* socket : Holders(port))
    {
        if (socket->m_state.Get() != TcpSocket::LISTEN)
        {
            continue;
        }
        const Ipv4Address address = socket->m_endPoint->GetLocalAddress();
        if (address == local)
        {
            return socket;
        }
        if (address == Ipv4Address::GetAny())
        {
            wildcard = socket;
        }
    }
    return wildcard;
}

} // namespace ns3
