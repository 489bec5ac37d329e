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
#include "ns3/uinteger.h"

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
constexpr uint32_t REQUEST = 100;       //!< H3: the client's request in connection 1

} // namespace

TcpAssassinationScenario::TcpAssassinationScenario() = default;

void
TcpAssassinationScenario::SetHazard(Hazard hazard)
{
    m_hazard = hazard;
}

void
TcpAssassinationScenario::SetRfc5961(bool on)
{
    m_rfc5961 = on;
}

void
TcpAssassinationScenario::SetInvalidRateLimit(Time interval)
{
    m_invalidRateLimit = interval;
}

void
TcpAssassinationScenario::SetRetries2(uint32_t retries2)
{
    m_retries2 = retries2;
}

void
TcpAssassinationScenario::SetSynSentOffset(Time offset)
{
    m_synSentOffset = offset;
}

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
TcpAssassinationScenario::SetRoundTripTime(Time rtt)
{
    m_rtt = rtt;
}

void
TcpAssassinationScenario::Configure(TcpTeardownHelper& teardown) const
{
    // Named as TcpTimeWaitAssassinationScenario's attributes, which set them.
    TCP_TEARDOWN_REQUIRE(m_triggerDelay > Time(0) && m_strayDelay > m_triggerDelay,
                         "TcpAssassinationScenario: TriggerDelay="
                             << m_triggerDelay.As(Time::S)
                             << " and StrayDelay=" << m_strayDelay.As(Time::S)
                             << " are invalid: 0 < trigger delay < stray delay");
    TCP_TEARDOWN_REQUIRE(
        m_hazard != H3_CONNECTION_DIES || (m_synSentOffset > Time(0) && m_synSentOffset < m_rtt),
        "TcpAssassinationScenario: SynSentOffset="
            << m_synSentOffset.As(Time::MS) << " with Hazard=H3: SYN_SENT offset "
            << m_synSentOffset.As(Time::MS) << " is invalid: 0 < offset < the round-trip time, "
            << m_rtt.As(Time::MS) << ", so that the stray lands in SYN_SENT");
    TCP_TEARDOWN_REQUIRE(m_hazard != H3_CONNECTION_DIES ||
                             m_strayDelay - m_synSentOffset > m_triggerDelay + m_rtt,
                         "TcpAssassinationScenario: StrayDelay="
                             << m_strayDelay.As(Time::S) << " is invalid for Hazard=H3: "
                             << "connection 2 must open after the trigger's RST, stray delay > "
                             << "trigger delay + round-trip time + SYN_SENT offset = "
                             << (m_triggerDelay + m_rtt + m_synSentOffset).As(Time::S));

    teardown.SetSocketAttribute("Rfc1337", BooleanValue(m_rfc1337));
    teardown.SetSocketAttribute("Timestamp", BooleanValue(false));
    teardown.SetSocketAttribute("Rfc5961", BooleanValue(m_rfc5961));
    teardown.SetSocketAttribute("InvalidRateLimit", TimeValue(m_invalidRateLimit));
    teardown.SetSocketAttribute("Retries2", UintegerValue(m_retries2));
}

void
TcpAssassinationScenario::Install(const TcpTeardownHostPair& hosts, TcpTeardownRecorder* recorder)
{
    m_clients.clear();
    m_checkers.clear();
    m_counts.clear();
    m_dups.clear();
    m_serverSecond = nullptr;
    m_accepted = 0;
    m_resetsInTimeWait = 0;
    m_timeWaitEnd = Time::Max();
    m_secondConnection = Time::Max();
    m_secondEnd = Time::Max();
    m_secondEndReason = TcpCloseReason::NONE;
    m_serverSecondEnd = Time::Max();
    m_serverSecondEndReason = TcpCloseReason::NONE;
    m_serverRetransmissions = 0;
    m_acksOfUnsent = 0;
    m_serverAcks = 0;
    m_synSentResets = 0;
    m_serverWroteSecond = false;

    m_client = hosts.GetClient();
    m_server = hosts.GetServer();
    m_clientAddress = hosts.GetClientAddress();
    m_serverAddress = hosts.GetServerAddress();

    // Connection 1's first and second segments from the server arrive twice at the client.
    m_impairment = CreateObject<TcpSegmentImpairment>();
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
        m_impairment->AddRule(rule);
    }
    m_impairment->Install(m_client->GetDevice(0));
    if (recorder)
    {
        recorder->WatchImpairment(m_impairment);
    }
    m_impairment->TraceConnectWithoutContext(
        "Action",
        MakeCallback(&TcpAssassinationScenario::OnImpairment, this));

    Ptr<TcpTeardownSocket> listener = TcpTeardownHelper::CreateSocket(m_server);
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), SERVER_PORT));
    listener->Listen();
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeCallback(&TcpAssassinationScenario::OnAccept, this));

    Simulator::Schedule(Seconds(1), &TcpAssassinationScenario::OpenConnection, this);
}

void
TcpAssassinationScenario::Collect()
{
    m_dups = m_impairment->GetRecords();
    m_counts.clear();
    for (const auto& checker : m_checkers)
    {
        m_counts.push_back(checker.GetCounts());
    }
}

void
TcpAssassinationScenario::Run()
{
    TcpTeardownHelper teardown;
    Configure(teardown);
    TcpTeardownHostPair pair(teardown);
    Install(pair, nullptr);
    // H2: long enough for the server to give up (Retries2 15: about 925 s).
    Simulator::Stop(m_hazard == H2_DESYNCHRONIZED ? Seconds(1000) : Seconds(10));
    Simulator::Run();
    Collect();
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
    socket->TraceConnectWithoutContext("Tx",
                                       MakeCallback(&TcpAssassinationScenario::OnClientTx, this));
    socket->TraceConnectWithoutContext("ConnectionEnd",
                                       MakeCallback(&TcpAssassinationScenario::OnClientEnd, this));
    socket->Connect(InetSocketAddress(m_serverAddress, SERVER_PORT));
}

void
TcpAssassinationScenario::OnConnected(Ptr<Socket> socket)
{
    if (socket == m_clients.back() && m_clients.size() == 2)
    {
        m_secondConnection = Simulator::Now();
    }
    else if (m_hazard == H3_CONNECTION_DIES)
    {
        // Connection 1's request: the server's segments will acknowledge REQUEST + 1.
        socket->Send(Create<Packet>(REQUEST));
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
    if (to == TcpSocket::TIME_WAIT && m_hazard != H3_CONNECTION_DIES)
    {
        // H3 opens connection 2 at a set moment instead (OnImpairment).
        Simulator::Schedule(RETRY, &TcpAssassinationScenario::OpenConnection, this);
    }
    if (from == TcpSocket::TIME_WAIT && to == TcpSocket::CLOSED)
    {
        m_timeWaitEnd = Simulator::Now();
    }
}

void
TcpAssassinationScenario::OnClientEnd(Ptr<const TcpTeardownSocket> socket, TcpCloseReason reason)
{
    if (m_clients.size() == 2 && socket == m_clients.back())
    {
        m_secondEnd = Simulator::Now();
        m_secondEndReason = reason;
    }
}

void
TcpAssassinationScenario::OnAccept(Ptr<Socket> socket, const Address& /* from */)
{
    const uint32_t incarnation = ++m_accepted;
    TcpTeardownHelper::CloseWhenPeerCloses(socket);
    if (incarnation == 2)
    {
        m_serverSecond = socket;
        socket->TraceConnectWithoutContext(
            "ConnectionEnd",
            MakeCallback(&TcpAssassinationScenario::OnServerEnd, this));
        socket->TraceConnectWithoutContext(
            "Retransmission",
            MakeCallback(&TcpAssassinationScenario::OnServerRetransmission, this));
        socket->TraceConnectWithoutContext(
            "Tx",
            MakeCallback(&TcpAssassinationScenario::OnServerTx, this));
    }
    if (incarnation == 1 && m_hazard == H3_CONNECTION_DIES)
    {
        socket->SetRecvCallback(MakeCallback(&TcpAssassinationScenario::OnRequest, this));
        return; // it writes once the request is in
    }
    // Connection 2's data comes a second late, after the stray has landed.
    Simulator::Schedule(incarnation == 1 ? Time(0) : Seconds(1),
                        &TcpAssassinationScenario::ServerWrite,
                        this,
                        socket,
                        incarnation);
}

void
TcpAssassinationScenario::OnRequest(Ptr<Socket> socket)
{
    while (Ptr<Packet> p = socket->Recv())
    {
        if (p->GetSize() == 0)
        {
            break;
        }
    }
    if (socket->GetRxAvailable() == 0 && m_accepted == 1)
    {
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        ServerWrite(socket, 1);
    }
}

uint32_t
TcpAssassinationScenario::SecondWriteBytes() const
{
    // H2: one segment, so that the stray behind it reaches beyond what the server sent.
    return m_hazard == H2_DESYNCHRONIZED ? CHUNK : CHUNKS * CHUNK;
}

void
TcpAssassinationScenario::ServerWrite(Ptr<Socket> socket, uint32_t incarnation)
{
    const uint32_t bytes = incarnation == 1 ? CHUNKS * CHUNK : SecondWriteBytes();
    socket->Send(TcpStreamCode::MakePayload(incarnation, 0, bytes));
    m_serverWroteSecond = incarnation == 2;
}

void
TcpAssassinationScenario::OnServerEnd(Ptr<const TcpTeardownSocket> /* socket */,
                                      TcpCloseReason reason)
{
    m_serverSecondEnd = Simulator::Now();
    m_serverSecondEndReason = reason;
}

void
TcpAssassinationScenario::OnServerRetransmission(Ptr<const TcpTeardownSocket> /* socket */,
                                                 uint32_t /* count */,
                                                 Time /* rto */)
{
    ++m_serverRetransmissions;
}

void
TcpAssassinationScenario::OnServerTx(Ptr<const Packet> packet,
                                     const TcpHeader& header,
                                     Ptr<const TcpSocketBase> /* socket */)
{
    const uint8_t control = TcpHeader::SYN | TcpHeader::FIN | TcpHeader::RST;
    if (m_serverWroteSecond && packet->GetSize() == 0 && !(header.GetFlags() & control))
    {
        ++m_serverAcks;
    }
}

void
TcpAssassinationScenario::OnClientTx(Ptr<const Packet> /* packet */,
                                     const TcpHeader& header,
                                     Ptr<const TcpSocketBase> socket)
{
    if (m_clients.size() != 2 || socket != m_clients.back())
    {
        return;
    }
    if ((header.GetFlags() & TcpHeader::RST) && m_secondConnection == Time::Max())
    {
        ++m_synSentResets;
    }
    // The server's ISN is 0 and it never closes connection 2: SND.NXT is at most this.
    const SequenceNumber32 sent(1 + SecondWriteBytes());
    if (m_serverWroteSecond && (header.GetFlags() & TcpHeader::ACK) && header.GetAckNumber() > sent)
    {
        ++m_acksOfUnsent;
    }
}

void
TcpAssassinationScenario::OnImpairment(const TcpSegmentImpairment::Record& record)
{
    // H3: the stray (rule 1) is on its way; connection 2 opens just before it arrives.
    if (m_hazard == H3_CONNECTION_DIES && record.rule == 1)
    {
        Simulator::Schedule(record.deliveredAt - m_synSentOffset - Simulator::Now(),
                            &TcpAssassinationScenario::OpenConnection,
                            this);
    }
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

TcpCloseReason
TcpAssassinationScenario::GetSecondEndReason() const
{
    return m_secondEndReason;
}

Time
TcpAssassinationScenario::GetSecondEnd() const
{
    return m_secondEnd;
}

uint32_t
TcpAssassinationScenario::GetAccepted() const
{
    return m_accepted;
}

TcpCloseReason
TcpAssassinationScenario::GetServerSecondEndReason() const
{
    return m_serverSecondEndReason;
}

Time
TcpAssassinationScenario::GetServerSecondEnd() const
{
    return m_serverSecondEnd;
}

uint32_t
TcpAssassinationScenario::GetServerRetransmissions() const
{
    return m_serverRetransmissions;
}

uint32_t
TcpAssassinationScenario::GetAcksOfUnsentData() const
{
    return m_acksOfUnsent;
}

uint32_t
TcpAssassinationScenario::GetServerAcks() const
{
    return m_serverAcks;
}

uint32_t
TcpAssassinationScenario::GetSynSentResets() const
{
    return m_synSentResets;
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
