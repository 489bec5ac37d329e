/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-stray-corruption-scenario.h"

#include "tcp-teardown-helper.h"
#include "tcp-teardown-host-pair.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-teardown-fatal.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpStrayCorruptionScenario");

namespace
{

constexpr uint32_t CHUNK = 536;         //!< bytes per data segment (ns-3's SegmentSize)
constexpr uint16_t CLIENT_PORT = 40000; //!< every incarnation's client port
constexpr uint16_t SERVER_PORT = 5000;  //!< the server's port
const Time RETRY = MilliSeconds(100);   //!< bind() retry interval while the port is held

} // namespace

TcpStrayCorruptionScenario::TcpStrayCorruptionScenario() = default;

void
TcpStrayCorruptionScenario::SetTimeWait(Time length)
{
    m_timeWait = length;
}

void
TcpStrayCorruptionScenario::SetStrayDelay(Time delay)
{
    m_strayDelay = delay;
}

void
TcpStrayCorruptionScenario::SetGap(Time gap)
{
    m_gap = gap;
}

void
TcpStrayCorruptionScenario::SetIsnPolicy(const std::string& policy)
{
    m_isnPolicy = policy;
}

void
TcpStrayCorruptionScenario::SetTimestamps(bool on)
{
    m_timestamps = on;
}

void
TcpStrayCorruptionScenario::SetReuseAddress(bool on)
{
    m_reuse = on;
}

void
TcpStrayCorruptionScenario::SetChunks(uint32_t chunks, Time interval)
{
    m_chunks = chunks;
    m_chunkInterval = interval;
}

void
TcpStrayCorruptionScenario::SetDuration(Time duration)
{
    m_duration = duration;
}

void
TcpStrayCorruptionScenario::Configure(TcpTeardownHelper& teardown) const
{
    const std::string name = "TcpStrayCorruptionScenario: ";
    TCP_TEARDOWN_REQUIRE(m_timeWait >= Time(0),
                         name << "TIME_WAIT " << m_timeWait.As(Time::S) << " must be >= 0");
    TCP_TEARDOWN_REQUIRE(m_strayDelay > Time(0),
                         name << "stray delay " << m_strayDelay.As(Time::S) << " must be > 0");
    TCP_TEARDOWN_REQUIRE(m_gap >= Time(0), name << "gap " << m_gap.As(Time::S) << " must be >= 0");
    TCP_TEARDOWN_REQUIRE(m_chunks >= 1 && m_chunkInterval > Time(0),
                         name << m_chunks << " chunks every " << m_chunkInterval.As(Time::S)
                              << ": needs at least 1 chunk and an interval > 0");
    TCP_TEARDOWN_REQUIRE(m_duration > Time(0),
                         name << "duration " << m_duration.As(Time::S) << " must be > 0");

    teardown.SetSocketAttribute("TimeWaitPolicy",
                                StringValue(m_timeWait.IsZero() ? "Disabled" : "Fixed"));
    if (!m_timeWait.IsZero())
    {
        teardown.SetSocketAttribute("TimeWaitDuration", TimeValue(m_timeWait));
    }
    teardown.SetSocketAttribute("IsnPolicy", StringValue(m_isnPolicy));
    teardown.SetSocketAttribute("Timestamp", BooleanValue(m_timestamps));
}

void
TcpStrayCorruptionScenario::Install(const TcpTeardownHostPair& hosts, TcpTeardownRecorder* recorder)
{
    m_opened = 0;
    m_retries = 0;
    m_incarnations.clear();
    m_checkers.clear();
    m_accepted.clear();
    m_clientSockets.clear();

    m_client = hosts.GetClient();
    m_server = hosts.GetServer();
    m_clientAddress = hosts.GetClientAddress();
    m_serverAddress = hosts.GetServerAddress();
    m_impairment = CreateObject<TcpSegmentImpairment>();
    m_impairment->Install(m_server->GetDevice(0));
    if (recorder)
    {
        recorder->WatchImpairment(m_impairment);
    }

    Ptr<TcpTeardownSocket> listener = TcpTeardownHelper::CreateSocket(m_server);
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), SERVER_PORT));
    listener->Listen();
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeCallback(&TcpStrayCorruptionScenario::OnAccept, this));

    Simulator::Schedule(Seconds(1), &TcpStrayCorruptionScenario::OpenNext, this);
}

void
TcpStrayCorruptionScenario::Collect()
{
    for (uint32_t i = 0; i < m_checkers.size() && i < m_incarnations.size(); ++i)
    {
        m_incarnations[i].counts = m_checkers[i].GetCounts();
    }
}

void
TcpStrayCorruptionScenario::Run()
{
    TcpTeardownHelper teardown;
    Configure(teardown);
    TcpTeardownHostPair pair(teardown);
    Install(pair, nullptr);
    Simulator::Stop(m_duration);
    Simulator::Run();
    Collect();
    Simulator::Destroy();
    m_clientSockets.clear();
    m_accepted.clear();
}

void
TcpStrayCorruptionScenario::OpenNext()
{
    if (Simulator::Now() >= m_duration)
    {
        return;
    }
    Ptr<TcpTeardownSocket> socket = TcpTeardownHelper::CreateSocket(m_client);
    socket->SetReuseAddress(m_reuse);
    if (socket->Bind(InetSocketAddress(m_clientAddress, CLIENT_PORT)) < 0 ||
        socket->Connect(InetSocketAddress(m_serverAddress, SERVER_PORT)) < 0)
    {
        // TIME_WAIT holds the port (EADDRINUSE) or the 4-tuple (EADDRNOTAVAIL).
        ++m_retries;
        Simulator::Schedule(RETRY, &TcpStrayCorruptionScenario::OpenNext, this);
        return;
    }
    m_clientSockets.push_back(socket);
    socket->TraceConnectWithoutContext(
        "StateTransition",
        MakeCallback(&TcpStrayCorruptionScenario::OnClientState, this));
    socket->SetConnectCallback(MakeCallback(&TcpStrayCorruptionScenario::OnConnected, this),
                               MakeCallback(&TcpStrayCorruptionScenario::OnConnectFailed, this));
}

void
TcpStrayCorruptionScenario::OnConnected(Ptr<Socket> socket)
{
    const uint32_t incarnation = ++m_opened;
    m_incarnations.resize(std::max<size_t>(m_incarnations.size(), incarnation));
    m_incarnations[incarnation - 1].number = incarnation;
    m_incarnations[incarnation - 1].opened = Simulator::Now();
    m_incarnations[incarnation - 1].bindRetries = m_retries;
    m_retries = 0;
    WriteChunk(DynamicCast<TcpTeardownSocket>(socket), incarnation, 0);
}

void
TcpStrayCorruptionScenario::OnConnectFailed(Ptr<Socket> /* socket */)
{
    ++m_retries;
    Simulator::Schedule(RETRY, &TcpStrayCorruptionScenario::OpenNext, this);
}

void
TcpStrayCorruptionScenario::WriteChunk(Ptr<TcpTeardownSocket> socket,
                                       uint32_t incarnation,
                                       uint32_t chunk)
{
    if (incarnation == 1 && chunk + 1 == m_chunks)
    {
        // The next data segment the server's device sees is this one: it becomes the stray.
        TcpSegmentImpairment::Rule stray;
        stray.source = m_clientAddress;
        stray.destinationPort = SERVER_PORT;
        stray.segments = TcpSegmentImpairment::DATA;
        stray.first = 1;
        stray.action = TcpSegmentImpairment::DELAY;
        stray.delay = m_strayDelay;
        m_impairment->AddRule(stray);
    }
    socket->Send(TcpStreamCode::MakePayload(incarnation, uint64_t(chunk) * CHUNK, CHUNK), 0);
    if (chunk + 1 < m_chunks)
    {
        Simulator::Schedule(m_chunkInterval,
                            &TcpStrayCorruptionScenario::WriteChunk,
                            this,
                            socket,
                            incarnation,
                            chunk + 1);
        return;
    }
    Simulator::Schedule(m_chunkInterval, &TcpTeardownSocket::Close, socket);
}

void
TcpStrayCorruptionScenario::OnClientState(Ptr<const TcpTeardownSocket> /* socket */,
                                          TcpSocket::TcpStates_t from,
                                          TcpSocket::TcpStates_t to)
{
    // The incarnation has ended at the client once it enters TIME_WAIT, or CLOSED without it.
    const bool ended =
        to == TcpSocket::TIME_WAIT || (to == TcpSocket::CLOSED && from != TcpSocket::TIME_WAIT);
    if (ended)
    {
        Simulator::Schedule(m_gap, &TcpStrayCorruptionScenario::OpenNext, this);
    }
}

void
TcpStrayCorruptionScenario::OnAccept(Ptr<Socket> socket, const Address& /* from */)
{
    m_accepted.push_back(socket);
    m_checkers.emplace_back(m_accepted.size()); // incarnations in accept order
    if (m_incarnations.size() < m_accepted.size())
    {
        m_incarnations.resize(m_accepted.size());
        m_incarnations.back().number = m_accepted.size();
    }
    socket->SetRecvCallback(MakeCallback(&TcpStrayCorruptionScenario::OnServerReadable, this));
    socket->SetCloseCallbacks(MakeCallback(&TcpStrayCorruptionScenario::OnServerClosed, this),
                              MakeNullCallback<void, Ptr<Socket>>());
}

void
TcpStrayCorruptionScenario::OnServerReadable(Ptr<Socket> socket)
{
    const auto it = std::find(m_accepted.begin(), m_accepted.end(), socket);
    TcpStreamChecker& checker = m_checkers.at(it - m_accepted.begin());
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            break;
        }
        checker.Check(p);
    }
}

void
TcpStrayCorruptionScenario::OnServerClosed(Ptr<Socket> socket)
{
    // The server process closes after TCP has handled the client's FIN.
    Simulator::ScheduleNow(&Socket::Close, socket);
}

const std::vector<TcpStrayCorruptionScenario::Incarnation>&
TcpStrayCorruptionScenario::GetIncarnations() const
{
    return m_incarnations;
}

uint64_t
TcpStrayCorruptionScenario::GetCorruptedBytes() const
{
    uint64_t bytes = 0;
    for (const auto& i : m_incarnations)
    {
        bytes += i.counts.fromOldIncarnation + i.counts.misplaced;
    }
    return bytes;
}

uint32_t
TcpStrayCorruptionScenario::GetCorruptedConnections() const
{
    return std::count_if(m_incarnations.begin(), m_incarnations.end(), [](const Incarnation& i) {
        return i.counts.fromOldIncarnation + i.counts.misplaced > 0;
    });
}

uint32_t
TcpStrayCorruptionScenario::GetBindFailures() const
{
    uint32_t failures = m_retries; // the next incarnation's, still waiting
    for (const auto& i : m_incarnations)
    {
        failures += i.bindRetries;
    }
    return failures;
}

TcpSegmentImpairment::Record
TcpStrayCorruptionScenario::GetStray() const
{
    TcpSegmentImpairment::Record none{};
    none.time = Time::Max();
    if (!m_impairment || m_impairment->GetRecords().empty())
    {
        return none;
    }
    return m_impairment->GetRecords().front();
}

} // namespace ns3
