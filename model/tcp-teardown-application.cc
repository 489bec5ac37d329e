/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-application.h"

#include "tcp-teardown-fatal.h"
#include "tcp-teardown-socket-factory.h"

#include "ns3/address-utils.h"
#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownApplication");

NS_OBJECT_ENSURE_REGISTERED(TcpTeardownApplication);

TypeId
TcpTeardownApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpTeardownApplication")
            .SetParent<Application>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpTeardownApplication>()
            .AddAttribute("Role",
                          "Client (connects to Remote) or Server (listens on Local, accepts).",
                          EnumValue(CLIENT),
                          MakeEnumAccessor(&TcpTeardownApplication::m_role),
                          MakeEnumChecker(CLIENT, "Client", SERVER, "Server"))
            .AddAttribute("Local",
                          "Server: the address and port to listen on. Client: an address to "
                          "bind before connecting (empty: an ephemeral port).",
                          AddressValue(),
                          MakeAddressAccessor(&TcpTeardownApplication::m_local),
                          MakeAddressChecker())
            .AddAttribute("Remote",
                          "Client: the server's address and port.",
                          AddressValue(),
                          MakeAddressAccessor(&TcpTeardownApplication::m_remote),
                          MakeAddressChecker())
            .AddAttribute("SendBytes",
                          "Bytes to write on each connection once it is established.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TcpTeardownApplication::m_sendBytes),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("SendSize",
                          "Bytes per Send() call.",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&TcpTeardownApplication::m_sendSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("SendInterval",
                          "Pause between two writes; zero writes as fast as the send buffer "
                          "takes the data.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TcpTeardownApplication::m_sendInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("CloseWhenDone",
                          "Call Close() after the last of SendBytes is written.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownApplication::m_closeWhenDone),
                          MakeBooleanChecker())
            .AddAttribute("CloseOnEndOfStream",
                          "Call Close() when the peer's end of stream is read. Unset, the "
                          "connection stays in CLOSE_WAIT: the leak of a program that forgets.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TcpTeardownApplication::m_closeOnEndOfStream),
                          MakeBooleanChecker())
            .AddAttribute("SendsAfterError",
                          "Send() calls made after the connection ends with an error, as a "
                          "program that ignores the error would.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TcpTeardownApplication::m_sendsAfterError),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("SocketCall",
                            "A socket call that failed or changed the connection, with its "
                            "return value and error.",
                            MakeTraceSourceAccessor(&TcpTeardownApplication::m_socketCallTrace),
                            "ns3::TcpTeardownApplication::SocketCallTracedCallback");
    return tid;
}

TcpTeardownApplication::TcpTeardownApplication()
{
    NS_LOG_FUNCTION(this);
}

TcpTeardownApplication::~TcpTeardownApplication()
{
    NS_LOG_FUNCTION(this);
}

void
TcpTeardownApplication::DoDispose()
{
    m_listener = nullptr;
    m_sockets.clear();
    m_connections.clear();
    Application::DoDispose();
}

std::vector<Ptr<TcpTeardownSocket>>
TcpTeardownApplication::GetConnections() const
{
    return m_sockets;
}

uint64_t
TcpTeardownApplication::GetBytesSent(Ptr<TcpTeardownSocket> socket) const
{
    const Connection* connection = Find(socket);
    return connection ? connection->sent : 0;
}

uint64_t
TcpTeardownApplication::GetBytesReceived(Ptr<TcpTeardownSocket> socket) const
{
    const Connection* connection = Find(socket);
    return connection ? connection->received : 0;
}

bool
TcpTeardownApplication::HasReadEndOfStream(Ptr<TcpTeardownSocket> socket) const
{
    const Connection* connection = Find(socket);
    return connection && connection->endOfStream;
}

void
TcpTeardownApplication::Kill()
{
    NS_LOG_FUNCTION(this);
    if (m_killed)
    {
        return;
    }
    m_killed = true;
    for (auto& [socket, connection] : m_connections)
    {
        connection.nextWrite.Cancel();
        connection.closed = true;
    }
    // exit(): the kernel closes the descriptors; no call of the process returns any more.
    for (const auto& socket : m_sockets)
    {
        socket->SetCloseReturnCallback(
            MakeNullCallback<void, Ptr<TcpTeardownSocket>, TcpCloseReason>());
        socket->Close();
    }
    if (m_listener)
    {
        m_listener->Close();
    }
}

bool
TcpTeardownApplication::IsKilled() const
{
    return m_killed;
}

void
TcpTeardownApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_killed)
    {
        return;
    }
    TCP_TEARDOWN_REQUIRE(GetNode()->GetObject<TcpTeardownSocketFactory>(),
                         "TcpTeardownApplication: node " << GetNode()->GetId()
                                                         << " has no TcpTeardownSocketFactory; "
                                                            "use TcpTeardownHelper::Install");
    Ptr<TcpTeardownSocket> socket = DynamicCast<TcpTeardownSocket>(
        Socket::CreateSocket(GetNode(), TcpTeardownSocketFactory::GetTypeId()));
    if (m_role == SERVER)
    {
        TCP_TEARDOWN_REQUIRE(InetSocketAddress::IsMatchingType(m_local) ||
                                 Inet6SocketAddress::IsMatchingType(m_local),
                             "TcpTeardownApplication: a server needs Local, an address and port "
                             "to listen on");
        m_listener = socket;
        if (m_listener->Bind(m_local) < 0 || m_listener->Listen() < 0)
        {
            Record(m_listener, "listen", -1, m_listener->GetLastError());
            return;
        }
        m_listener->SetAcceptCallback(
            MakeNullCallback<bool, Ptr<Socket>, const Address&>(), // accept every request
            MakeCallback(&TcpTeardownApplication::OnAccepted, this));
        return;
    }

    TCP_TEARDOWN_REQUIRE(InetSocketAddress::IsMatchingType(m_remote) ||
                             Inet6SocketAddress::IsMatchingType(m_remote),
                         "TcpTeardownApplication: a client needs Remote, the server's address "
                         "and port");
    Adopt(socket);
    const bool bindLocal =
        InetSocketAddress::IsMatchingType(m_local) || Inet6SocketAddress::IsMatchingType(m_local);
    const int bound = bindLocal ? socket->Bind(m_local) : 0;
    if (bound < 0)
    {
        Record(socket, "bind", -1, socket->GetLastError());
        return;
    }
    socket->SetConnectCallback(MakeCallback(&TcpTeardownApplication::OnConnected, this),
                               MakeCallback(&TcpTeardownApplication::OnConnectFailed, this));
    if (socket->Connect(m_remote) < 0)
    {
        Record(socket, "connect", -1, socket->GetLastError());
    }
}

void
TcpTeardownApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    for (auto& [socket, connection] : m_connections)
    {
        connection.nextWrite.Cancel();
    }
}

void
TcpTeardownApplication::Adopt(Ptr<Socket> socket)
{
    Ptr<TcpTeardownSocket> teardownSocket = DynamicCast<TcpTeardownSocket>(socket);
    m_sockets.push_back(teardownSocket);
    m_connections[socket] = Connection();
    socket->SetRecvCallback(
        MakeBoundCallback(&TcpTeardownApplication::WakeUp,
                          WakeUpTarget{this, &TcpTeardownApplication::OnReadable}));
    socket->SetSendCallback(MakeCallback(&TcpTeardownApplication::OnWritable, this));
    teardownSocket->SetCloseReturnCallback(
        MakeCallback(&TcpTeardownApplication::OnCloseReturn, this));
    socket->SetCloseCallbacks(
        MakeBoundCallback(&TcpTeardownApplication::WakeUp,
                          WakeUpTarget{this, &TcpTeardownApplication::OnNormalClose}),
        MakeBoundCallback(&TcpTeardownApplication::WakeUp,
                          WakeUpTarget{this, &TcpTeardownApplication::OnErrorClose}));
}

void
TcpTeardownApplication::WakeUp(WakeUpTarget target, Ptr<Socket> socket)
{
    // A process runs after the kernel has finished with the segment that woke it: a Close()
    // made from inside TCP's input processing would reorder segments no real stack reorders.
    Simulator::ScheduleNow(target.handler, target.app, socket);
}

void
TcpTeardownApplication::OnConnected(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    if (m_killed)
    {
        return;
    }
    Write(DynamicCast<TcpTeardownSocket>(socket));
}

void
TcpTeardownApplication::OnConnectFailed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Ptr<TcpTeardownSocket> teardownSocket = DynamicCast<TcpTeardownSocket>(socket);
    // A non-blocking connect() learns its outcome from SO_ERROR.
    Record(teardownSocket, "connect", -1, teardownSocket->TakePendingError());
}

void
TcpTeardownApplication::OnAccepted(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    Adopt(socket);
    Write(DynamicCast<TcpTeardownSocket>(socket));
}

void
TcpTeardownApplication::OnReadable(Ptr<Socket> socket)
{
    Connection* connection = Find(socket);
    if (connection == nullptr || connection->endOfStream || m_killed)
    {
        return;
    }
    Ptr<TcpTeardownSocket> teardownSocket = DynamicCast<TcpTeardownSocket>(socket);
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            connection->endOfStream = true;
            Record(teardownSocket, "recv", 0, TcpCloseReason::NONE);
            if (m_closeOnEndOfStream)
            {
                CloseConnection(teardownSocket);
            }
            return;
        }
        connection->received += packet->GetSize();
    }
    const TcpCloseReason error = teardownSocket->GetLastError();
    if (error != TcpCloseReason::NONE && error != TcpCloseReason::WOULDBLOCK)
    {
        Record(teardownSocket, "recv", -1, error);
    }
}

void
TcpTeardownApplication::OnWritable(Ptr<Socket> socket, uint32_t /* available */)
{
    Connection* connection = Find(socket);
    if (connection != nullptr && m_sendInterval.IsZero())
    {
        Write(DynamicCast<TcpTeardownSocket>(socket));
    }
}

void
TcpTeardownApplication::OnNormalClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    OnReadable(socket); // the peer's FIN: read the end of stream
}

void
TcpTeardownApplication::OnErrorClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Connection* connection = Find(socket);
    if (connection == nullptr || connection->closed)
    {
        return; // nobody holds the descriptor any more
    }
    connection->nextWrite.Cancel();
    Ptr<TcpTeardownSocket> teardownSocket = DynamicCast<TcpTeardownSocket>(socket);
    for (uint32_t i = 0; i < m_sendsAfterError; ++i)
    {
        const int result = socket->Send(Create<Packet>(m_sendSize));
        Record(teardownSocket,
               "send",
               result,
               result < 0 ? teardownSocket->GetLastError() : TcpCloseReason::NONE);
    }
}

void
TcpTeardownApplication::Write(Ptr<TcpTeardownSocket> socket)
{
    Connection* connection = Find(socket);
    if (connection == nullptr || connection->closed)
    {
        return;
    }
    if (!m_sendInterval.IsZero())
    {
        if (!connection->nextWrite.IsRunning())
        {
            PacedWrite(socket);
        }
        return;
    }
    while (connection->sent < m_sendBytes)
    {
        const uint32_t size =
            static_cast<uint32_t>(std::min<uint64_t>(m_sendSize, m_sendBytes - connection->sent));
        if (socket->GetTxAvailable() < size)
        {
            return; // OnWritable resumes
        }
        const int result = socket->Send(Create<Packet>(size));
        if (result < 0)
        {
            Record(socket, "send", result, socket->GetLastError());
            return;
        }
        connection->sent += static_cast<uint64_t>(result);
    }
    if (m_closeWhenDone)
    {
        CloseConnection(socket);
    }
}

void
TcpTeardownApplication::PacedWrite(Ptr<TcpTeardownSocket> socket)
{
    Connection* connection = Find(socket);
    if (connection == nullptr || connection->closed || socket->HasEnded())
    {
        return;
    }
    if (connection->sent < m_sendBytes)
    {
        const uint32_t size =
            static_cast<uint32_t>(std::min<uint64_t>(m_sendSize, m_sendBytes - connection->sent));
        if (socket->GetTxAvailable() >= size) // a full buffer skips this write
        {
            const int result = socket->Send(Create<Packet>(size));
            if (result < 0)
            {
                Record(socket, "send", result, socket->GetLastError());
                return;
            }
            connection->sent += static_cast<uint64_t>(result);
        }
    }
    if (connection->sent < m_sendBytes)
    {
        connection->nextWrite =
            Simulator::Schedule(m_sendInterval, &TcpTeardownApplication::PacedWrite, this, socket);
    }
    else if (m_closeWhenDone)
    {
        CloseConnection(socket);
    }
}

void
TcpTeardownApplication::CloseConnection(Ptr<TcpTeardownSocket> socket)
{
    Connection* connection = Find(socket);
    if (connection == nullptr || connection->closed)
    {
        return;
    }
    connection->closed = true;
    connection->nextWrite.Cancel();
    socket->Close(); // OnCloseReturn records the call when it returns (SO_LINGER)
}

void
TcpTeardownApplication::OnCloseReturn(Ptr<TcpTeardownSocket> socket, TcpCloseReason result)
{
    Record(socket, "close", result == TcpCloseReason::NONE ? 0 : -1, result);
}

void
TcpTeardownApplication::Record(Ptr<TcpTeardownSocket> socket,
                               const std::string& call,
                               int result,
                               TcpCloseReason error)
{
    NS_LOG_INFO("node " << GetNode()->GetId() << " " << call << " -> " << result << " " << error);
    m_socketCallTrace(socket, call, result, error);
}

TcpTeardownApplication::Connection*
TcpTeardownApplication::Find(Ptr<Socket> socket)
{
    auto it = m_connections.find(socket);
    return it == m_connections.end() ? nullptr : &it->second;
}

const TcpTeardownApplication::Connection*
TcpTeardownApplication::Find(Ptr<Socket> socket) const
{
    auto it = m_connections.find(socket);
    return it == m_connections.end() ? nullptr : &it->second;
}

} // namespace ns3
