/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-assassination-scenario.h"

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

NS_LOG_COMPONENT_DEFINE("TcpAssassinationScenario");

namespace
{

constexpr uint32_t CHUNK = 536;         //!< bytes per segment (ns-3's SegmentSize)
constexpr uint32_t CHUNKS = 3;          //!< segments the server writes per connection
constexpr uint16_t CLIENT_PORT = 40000; //!< every connection's client port
constexpr uint16_t SERVER_PORT = 5000;  //!< the server's port
const Time RETRY = MilliSeconds(100);   //!< bind() retry interval

} // namespace

TcpAssassinationScenario::TcpAssassinationScenario() = default;

void
TcpAssassinationScenario::SetRfc1337(bool on)
{
    m_rfc1337 = on;
}

void
TcpAssassinationScenario::SetTriggerDelay(Time delay)
{
    m_triggerDelay = delay;
}

void
TcpAssassinationScenario::SetStrayDelay(Time delay)
{
    m_strayDelay = delay;
}

void
TcpAssassinationScenario::Run()
{
    TCP_TEARDOWN_REQUIRE(m_triggerDelay > Time(0) && m_strayDelay > m_triggerDelay,
                         "TcpAssassinationScenario: trigger delay "
                             << m_triggerDelay.As(Time::S) << " and stray delay "
                             << m_strayDelay.As(Time::S)
                             << " are invalid: 0 < trigger delay < stray delay");
    m_clients.clear();
    m_checkers.clear();
    m_counts.clear();
    m_accepted = 0;
    m_resetsInTimeWait = 0;
    m_timeWaitEnd = Time::Max();
    m_secondConnection = Time::Max();

    TcpTeardownHelper teardown;
    teardown.SetSocketAttribute("Rfc1337", BooleanValue(m_rfc1337));
    teardown.SetSocketAttribute("Timestamp", BooleanValue(false));
    TcpTeardownHostPair pair(teardown);
    m_client = pair.GetClient();
    m_server = pair.GetServer();
    m_clientAddress = pair.GetClientAddress();
    m_serverAddress = pair.GetServerAddress();

    // Connection 1's first and second segments from the server arrive twice at the client.
    Ptr<TcpSegmentImpairment> impairment = CreateObject<TcpSegmentImpairment>();
    for (uint32_t segment = 0; segment < 2; ++segment)
    {
        TcpSegmentImpairment::Rule rule;
        rule.source = m_serverAddress;
        rule.segments = TcpSegmentImpairment::DATA;
        rule.sequenceRange = true;
        rule.sequenceFirst = SequenceNumber32(1 + segment * CHUNK); // ISN 0
        rule.sequenceLast = rule.sequenceFirst;
        rule.first = 1;
        rule.action = TcpSegmentImpairment::DUPLICATE;
        rule.delay = segment == 0 ? m_triggerDelay : m_strayDelay;
        impairment->AddRule(rule);
    }
    impairment->Install(m_client->GetDevice(0));

    Ptr<TcpTeardownSocket> listener = TcpTeardownHelper::CreateSocket(m_server);
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), SERVER_PORT));
    listener->Listen();
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeCallback(&TcpAssassinationScenario::OnAccept, this));

    Simulator::Schedule(Seconds(1), &TcpAssassinationScenario::OpenConnection, this);
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    m_dups = impairment->GetRecords();
    for (const auto& checker : m_checkers)
    {
        m_counts.push_back(checker.GetCounts());
    }
    Simulator::Destroy();
    m_clients.clear();
}

void
TcpAssassinationScenario::OpenConnection()
{
    if (m_clients.size() == 2)
    {
        return;
    }
    Ptr<TcpTeardownSocket> socket = TcpTeardownHelper::CreateSocket(m_client);
    if (socket->Bind(InetSocketAddress(m_clientAddress, CLIENT_PORT)) < 0)
    {
        Simulator::Schedule(RETRY, &TcpAssassinationScenario::OpenConnection, this);
        return; // TIME_WAIT holds the port
    }
    m_clients.push_back(socket);
    m_checkers.emplace_back(m_clients.size());
    socket->SetConnectCallback(MakeCallback(&TcpAssassinationScenario::OnConnected, this),
                               MakeNullCallback<void, Ptr<Socket>>());
    socket->SetRecvCallback(MakeCallback(&TcpAssassinationScenario::OnClientReadable, this));
    socket->TraceConnectWithoutContext(
        "StateTransition",
        MakeCallback(&TcpAssassinationScenario::OnClientState, this));
    socket->TraceConnectWithoutContext("Rx",
                                       MakeCallback(&TcpAssassinationScenario::OnClientRx, this));
    socket->Connect(InetSocketAddress(m_serverAddress, SERVER_PORT));
}

void
TcpAssassinationScenario::OnConnected(Ptr<Socket> socket)
{
    if (socket == m_clients.back() && m_clients.size() == 2)
    {
        m_secondConnection = Simulator::Now();
    }
}

void
TcpAssassinationScenario::OnClientReadable(Ptr<Socket> socket)
{
    const auto it = std::find(m_clients.begin(), m_clients.end(), socket);
    TcpStreamChecker& checker = m_checkers.at(it - m_clients.begin());
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            break;
        }
        checker.Check(p);
    }
    if (it == m_clients.begin() && checker.GetCounts().delivered == CHUNKS * CHUNK)
    {
        Simulator::ScheduleNow(&TcpTeardownSocket::Close, m_clients.front()); // closes first
    }
}

void
TcpAssassinationScenario::OnClientState(Ptr<const TcpTeardownSocket> socket,
                                        TcpSocket::TcpStates_t from,
                                        TcpSocket::TcpStates_t to)
{
    if (socket != m_clients.front())
    {
        return;
    }
    if (to == TcpSocket::TIME_WAIT)
    {
        Simulator::Schedule(RETRY, &TcpAssassinationScenario::OpenConnection, this);
    }
    if (from == TcpSocket::TIME_WAIT && to == TcpSocket::CLOSED)
    {
        m_timeWaitEnd = Simulator::Now();
    }
}

void
TcpAssassinationScenario::OnAccept(Ptr<Socket> socket, const Address& /* from */)
{
    const uint32_t incarnation = ++m_accepted;
    TcpTeardownHelper::CloseWhenPeerCloses(socket);
    // Connection 2's data comes a second late, after the stray has landed.
    Simulator::Schedule(incarnation == 1 ? Time(0) : Seconds(1),
                        &TcpAssassinationScenario::ServerWrite,
                        this,
                        socket,
                        incarnation);
}

void
TcpAssassinationScenario::ServerWrite(Ptr<Socket> socket, uint32_t incarnation)
{
    socket->Send(TcpStreamCode::MakePayload(incarnation, 0, CHUNKS * CHUNK));
}

void
TcpAssassinationScenario::OnClientRx(Ptr<const Packet> /* packet */,
                                     const TcpHeader& header,
                                     Ptr<const TcpSocketBase> socket)
{
    // The server's TCP answers the ACK of the old duplicate: it no longer has the connection.
    if ((header.GetFlags() & TcpHeader::RST) && socket == m_clients.front() &&
        m_clients.front()->GetState() == TcpSocket::TIME_WAIT)
    {
        ++m_resetsInTimeWait;
    }
}

Time
TcpAssassinationScenario::GetTimeWaitEnd() const
{
    return m_timeWaitEnd;
}

uint32_t
TcpAssassinationScenario::GetResetsInTimeWait() const
{
    return m_resetsInTimeWait;
}

Time
TcpAssassinationScenario::GetSecondConnection() const
{
    return m_secondConnection;
}

const std::vector<TcpStreamChecker::Counts>&
TcpAssassinationScenario::GetCounts() const
{
    return m_counts;
}

const std::vector<TcpSegmentImpairment::Record>&
TcpAssassinationScenario::GetDuplicates() const
{
    return m_dups;
}

} // namespace ns3
