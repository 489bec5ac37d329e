/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-busy-server-application.h"

#include "tcp-teardown-fatal.h"
#include "tcp-teardown-socket.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-socket-base.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpBusyServerApplication");

NS_OBJECT_ENSURE_REGISTERED(TcpBusyServerApplication);

TypeId
TcpBusyServerApplication::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TcpBusyServerApplication")
                            .SetParent<Application>()
                            .SetGroupName("TcpTeardown")
                            .AddConstructor<TcpBusyServerApplication>();
    return tid;
}

TcpBusyServerApplication::TcpBusyServerApplication()
{
    NS_LOG_FUNCTION(this);
}

TcpBusyServerApplication::~TcpBusyServerApplication()
{
    NS_LOG_FUNCTION(this);
}

void
TcpBusyServerApplication::SetupServer(TypeId socketFactory,
                                      uint16_t port,
                                      uint32_t requestSize,
                                      uint32_t responseSize,
                                      bool closesFirst,
                                      Ptr<TcpBusyServerCounters> counters)
{
    TCP_TEARDOWN_REQUIRE(requestSize > 0 && responseSize > 0 && counters,
                         "TcpBusyServerApplication::SetupServer: requestSize="
                             << requestSize << " and responseSize=" << responseSize
                             << " must be > 0, with counters");
    m_server = true;
    m_socketFactory = socketFactory;
    m_port = port;
    m_requestSize = requestSize;
    m_responseSize = responseSize;
    m_closesFirst = closesFirst;
    m_counters = counters;
}

void
TcpBusyServerApplication::SetupClient(TypeId socketFactory,
                                      const Address& server,
                                      uint32_t requestSize,
                                      uint32_t responseSize,
                                      bool closesFirst,
                                      double rate,
                                      uint64_t first,
                                      uint64_t stride,
                                      uint64_t end,
                                      Ptr<TcpBusyServerCounters> counters)
{
    TCP_TEARDOWN_REQUIRE(requestSize > 0 && responseSize > 0 && counters,
                         "TcpBusyServerApplication::SetupClient: requestSize="
                             << requestSize << " and responseSize=" << responseSize
                             << " must be > 0, with counters");
    TCP_TEARDOWN_REQUIRE(rate > 0 && std::isfinite(rate) && stride > 0,
                         "TcpBusyServerApplication::SetupClient: rate="
                             << rate << " and stride=" << stride << " must be > 0");
    m_server = false;
    m_socketFactory = socketFactory;
    m_remote = server;
    m_requestSize = requestSize;
    m_responseSize = responseSize;
    m_closesFirst = closesFirst;
    m_rate = rate;
    m_next = first;
    m_stride = stride;
    m_end = end;
    m_counters = counters;
}

void
TcpBusyServerApplication::SetSocketConfigurator(std::function<void(Ptr<Socket>)> configure)
{
    m_configure = std::move(configure);
}

Time
TcpBusyServerApplication::ConnectionTime(double rate, uint64_t i)
{
    return NanoSeconds(std::llround(static_cast<double>(i) * 1e9 / rate));
}

std::size_t
TcpBusyServerApplication::GetConnectionsInProgress() const
{
    return m_open.size();
}

void
TcpBusyServerApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_nextEvent.Cancel();
    m_open.clear();
    m_listener = nullptr;
    m_tcp = nullptr;
    m_counters = nullptr;
    m_configure = nullptr;
    Application::DoDispose();
}

void
TcpBusyServerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    TCP_TEARDOWN_REQUIRE(m_counters,
                         "TcpBusyServerApplication: call SetupServer() or SetupClient() first");
    m_tcp = GetNode()->GetObject<TcpL4Protocol>();
    TCP_TEARDOWN_REQUIRE(m_tcp,
                         "TcpBusyServerApplication: node " << GetNode()->GetId()
                                                           << " has no TCP; install an internet "
                                                              "stack first");
    if (m_server)
    {
        m_listener = Socket::CreateSocket(GetNode(), m_socketFactory);
        if (m_configure)
        {
            m_configure(m_listener);
        }
        TCP_TEARDOWN_REQUIRE(m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) ==
                                 0,
                             "TcpBusyServerApplication: the server cannot bind port " << m_port);
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeCallback(&TcpBusyServerApplication::AcceptRequest, this),
                                      MakeCallback(&TcpBusyServerApplication::Accepted, this));
        return;
    }
    m_start = Simulator::Now();
    ScheduleNext();
}

void
TcpBusyServerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_nextEvent.Cancel();
}

void
TcpBusyServerApplication::ScheduleNext()
{
    if (m_next >= m_end)
    {
        return;
    }
    const Time at = m_start + ConnectionTime(m_rate, m_next);
    m_nextEvent = Simulator::Schedule(Max(at - Simulator::Now(), Time(0)),
                                      &TcpBusyServerApplication::OpenConnection,
                                      this);
}

void
TcpBusyServerApplication::SetCallbacks(Ptr<Socket> socket)
{
    socket->SetRecvCallback(MakeCallback(&TcpBusyServerApplication::DataReceived, this));
    socket->SetSendCallback(MakeCallback(&TcpBusyServerApplication::SendReady, this));
    socket->SetCloseCallbacks(MakeCallback(&TcpBusyServerApplication::NormalClose, this),
                              MakeCallback(&TcpBusyServerApplication::ErrorClose, this));
}

void
TcpBusyServerApplication::OpenConnection()
{
    NS_LOG_FUNCTION(this << m_next);
    m_next += m_stride;
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), m_socketFactory);
    if (m_configure)
    {
        m_configure(socket);
    }
    m_counters->CountAttempt();
    m_counters->Watch(socket, TcpBusyServerCounters::CLIENT, TcpSocket::CLOSED);
    SetCallbacks(socket);
    socket->SetConnectCallback(MakeCallback(&TcpBusyServerApplication::ConnectionSucceeded, this),
                               MakeCallback(&TcpBusyServerApplication::ConnectionFailed, this));
    m_open[PeekPointer(socket)].socket = socket;
    if (socket->Connect(m_remote) != 0)
    {
        // No port (EADDRNOTAVAIL) or no route: the socket never had an endpoint, so TCP would
        // keep it in its socket list for ever.
        m_counters->CountFailure(ErrorOf(socket));
        m_open.erase(PeekPointer(socket));
        m_tcp->RemoveSocket(DynamicCast<TcpSocketBase>(socket));
    }
    ScheduleNext();
}

void
TcpBusyServerApplication::ConnectionSucceeded(Ptr<Socket> socket)
{
    auto it = m_open.find(PeekPointer(socket));
    if (it == m_open.end())
    {
        return;
    }
    it->second.toSend = m_requestSize;
    SendMore(it->second);
}

void
TcpBusyServerApplication::ConnectionFailed(Ptr<Socket> socket)
{
    auto it = m_open.find(PeekPointer(socket));
    if (it == m_open.end())
    {
        return;
    }
    m_counters->CountFailure(ErrorOf(socket));
    m_open.erase(it);
}

bool
TcpBusyServerApplication::AcceptRequest(Ptr<Socket>, const Address&)
{
    return true;
}

void
TcpBusyServerApplication::Accepted(Ptr<Socket> socket, const Address&)
{
    m_counters->CountAccepted();
    // ns-3 hands the socket over once the handshake has completed: ESTABLISHED (stock ns-3 has
    // no getter; TcpTeardownSocket tells).
    TcpSocket::TcpStates_t state = TcpSocket::ESTABLISHED;
    if (Ptr<TcpTeardownSocket> teardown = DynamicCast<TcpTeardownSocket>(socket))
    {
        state = teardown->GetState();
    }
    m_counters->Watch(socket, TcpBusyServerCounters::SERVER, state);
    SetCallbacks(socket);
    m_open[PeekPointer(socket)].socket = socket;
}

void
TcpBusyServerApplication::DataReceived(Ptr<Socket> socket)
{
    uint32_t bytes = 0;
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            break; // the end of the stream
        }
        bytes += packet->GetSize();
    }
    auto it = m_open.find(PeekPointer(socket));
    if (it == m_open.end())
    {
        return;
    }
    Connection& connection = it->second;
    connection.received += bytes;
    if (m_server)
    {
        if (!connection.responding && connection.received >= m_requestSize)
        {
            connection.responding = true;
            connection.toSend = m_responseSize;
            SendMore(connection);
        }
    }
    else if (!connection.completed && connection.received >= m_responseSize)
    {
        connection.completed = true;
        m_counters->CountCompleted();
        if (m_closesFirst)
        {
            Finish(socket);
        }
    }
}

void
TcpBusyServerApplication::SendReady(Ptr<Socket> socket, uint32_t)
{
    auto it = m_open.find(PeekPointer(socket));
    if (it != m_open.end() && it->second.toSend > 0)
    {
        SendMore(it->second);
    }
}

void
TcpBusyServerApplication::SendMore(Connection& connection)
{
    while (connection.toSend > 0)
    {
        const uint32_t room = connection.socket->GetTxAvailable();
        if (room == 0)
        {
            break;
        }
        const int sent =
            connection.socket->Send(Create<Packet>(std::min(room, connection.toSend)), 0);
        if (sent <= 0)
        {
            break;
        }
        connection.toSend -= static_cast<uint32_t>(sent);
    }
    if (m_server && connection.responding && connection.toSend == 0 && m_closesFirst)
    {
        Ptr<Socket> socket = connection.socket; // Finish() forgets the connection
        Finish(socket);
    }
}

void
TcpBusyServerApplication::NormalClose(Ptr<Socket> socket)
{
    auto it = m_open.find(PeekPointer(socket));
    if (it == m_open.end())
    {
        return; // the end of a close this side started
    }
    if (!m_server && !it->second.completed)
    {
        m_counters->CountFailure(TcpCloseReason::NONE); // the server closed before answering
    }
    m_open.erase(it);
    // The peer's FIN: close once TCP has acknowledged it, in an event of its own (which holds
    // the socket until then).
    Simulator::ScheduleNow(&TcpBusyServerApplication::CloseAfterPeer, this, socket);
}

void
TcpBusyServerApplication::ErrorClose(Ptr<Socket> socket)
{
    auto it = m_open.find(PeekPointer(socket));
    const TcpCloseReason reason = ErrorOf(socket);
    if (m_server)
    {
        m_counters->CountServerError(reason);
    }
    else if (it != m_open.end() && !it->second.completed)
    {
        m_counters->CountFailure(reason);
    }
    else
    {
        m_counters->CountClientError(reason);
    }
    if (it != m_open.end())
    {
        m_open.erase(it);
    }
}

void
TcpBusyServerApplication::CloseAfterPeer(Ptr<Socket> socket)
{
    socket->Close();
}

void
TcpBusyServerApplication::Finish(Ptr<Socket> socket)
{
    socket->Close();
    m_open.erase(PeekPointer(socket));
}

TcpCloseReason
TcpBusyServerApplication::ErrorOf(Ptr<Socket> socket)
{
    if (Ptr<TcpTeardownSocket> teardown = DynamicCast<TcpTeardownSocket>(socket))
    {
        for (TcpCloseReason reason :
             {teardown->GetCloseReason(), teardown->GetPendingError(), teardown->GetLastError()})
        {
            if (reason != TcpCloseReason::NONE)
            {
                return reason;
            }
        }
        return TcpCloseReason::NONE;
    }
    return TcpCloseReasonFromSocketErrno(socket->GetErrno());
}

} // namespace ns3
