/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-linger-scenario.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TcpLingerScenario);

TypeId
TcpLingerScenario::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpLingerScenario")
            .SetParent<TcpTeardownScenario>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpLingerScenario>()
            .AddAttribute("Mode",
                          "SO_LINGER: Off, Abort ({1, 0}) or Timeout ({1, LingerTime}).",
                          EnumValue(OFF),
                          MakeEnumAccessor(&TcpLingerScenario::m_mode),
                          MakeEnumChecker(OFF, "Off", ABORT, "Abort", TIMEOUT, "Timeout"))
            .AddAttribute("LingerTime",
                          "l_linger of Mode Timeout as a time, 10 ms .. 1000 s: whole seconds "
                          "(rounded, at least 1) under the client's LingerStyle Linux, 10 ms "
                          "ticks under Bsd.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&TcpLingerScenario::m_lingerTime),
                          MakeTimeChecker(MilliSeconds(10), Seconds(1000)))
            .AddAttribute("PeerCrashed",
                          "Whether the server host crashes at 1.9 s, before the client writes.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpLingerScenario::m_peerCrashed),
                          MakeBooleanChecker())
            .AddAttribute("Bytes",
                          "Bytes written just before close(), 1 .. 10^6.",
                          UintegerValue(50000),
                          MakeUintegerAccessor(&TcpLingerScenario::m_bytes),
                          MakeUintegerChecker<uint32_t>(1, 1000000));
    return tid;
}

std::string
TcpLingerScenario::GetStory() const
{
    return "linger";
}

void
TcpLingerScenario::DoBuild(Stage& stage)
{
    m_closeReturned = Time::Max();
    m_closeResult = TcpCloseReason::NONE;
    m_serverRead = 0;
    m_clientResets = 0;
    m_lingerSet = Time(0);
    Ptr<TcpTeardownSocket> listener = TcpTeardownHelper::CreateSocket(stage.server);
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
    listener->Listen();
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeCallback(&TcpLingerScenario::OnAccept, this));
    m_client = TcpTeardownHelper::CreateSocket(stage.client);
    m_client->SetCloseReturnCallback(MakeCallback(&TcpLingerScenario::OnCloseReturn, this));
    m_client->TraceConnectWithoutContext("Tx", MakeCallback(&TcpLingerScenario::OnClientTx, this));
    EnumValue style;
    m_client->GetAttribute("LingerStyle", style);
    m_bsd = style.Get() == TcpTeardownSocket::LINGER_BSD;
    Simulator::Schedule(Seconds(1),
                        &TcpTeardownSocket::Connect,
                        m_client,
                        InetSocketAddress(stage.serverAddress, 80));
    if (m_peerCrashed)
    {
        TcpTeardownHelper::ScheduleCrash(stage.server, Seconds(1.9));
    }
    Simulator::Schedule(Seconds(2), &TcpLingerScenario::WriteAndClose, this);
}

void
TcpLingerScenario::WriteAndClose()
{
    if (m_mode != OFF)
    {
        // l_linger in the unit of the socket's LingerStyle: seconds (Linux), 10 ms ticks (BSD).
        int32_t linger = 0;
        if (m_mode == TIMEOUT)
        {
            linger = m_bsd ? static_cast<int32_t>(std::lround(m_lingerTime.GetSeconds() * 100))
                           : std::max<int32_t>(
                                 1,
                                 static_cast<int32_t>(std::lround(m_lingerTime.GetSeconds())));
        }
        m_lingerSet = m_bsd ? MilliSeconds(10 * static_cast<int64_t>(linger)) : Seconds(linger);
        m_client->SetSoLinger(true, linger);
    }
    m_client->Send(Create<Packet>(m_bytes), 0);
    m_closeCalled = Simulator::Now();
    m_client->Close();
}

void
TcpLingerScenario::OnCloseReturn(Ptr<TcpTeardownSocket> /* socket */, TcpCloseReason result)
{
    m_closeReturned = Simulator::Now();
    m_closeResult = result;
}

void
TcpLingerScenario::OnClientTx(Ptr<const Packet> /* packet */,
                              const TcpHeader& header,
                              Ptr<const TcpSocketBase> /* socket */)
{
    if (header.GetFlags() & TcpHeader::RST)
    {
        ++m_clientResets;
    }
}

void
TcpLingerScenario::OnAccept(Ptr<Socket> socket, const Address& /* from */)
{
    socket->SetRecvCallback(MakeCallback(&TcpLingerScenario::OnServerReadable, this));
}

void
TcpLingerScenario::OnServerReadable(Ptr<Socket> socket)
{
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            return;
        }
        m_serverRead += packet->GetSize();
    }
}

Time
TcpLingerScenario::GetStopTime() const
{
    return Seconds(400); // past the orphan's give-up when the peer has crashed
}

void
TcpLingerScenario::DoJudge(const Stage& stage, TcpScenarioResult& result)
{
    TcpEndpointOutcome client = Describe(result, "client", stage.client->GetId());
    TcpEndpointOutcome server = Describe(result, "server", stage.server->GetId());
    client.bytesSent = m_bytes;
    server.bytesDelivered = m_serverRead;
    const bool returned = m_closeReturned != Time::Max();
    const Time blocked = returned ? m_closeReturned - m_closeCalled : Time::Max();
    result.AddFigure("close() called at", FormatSeconds(m_closeCalled));
    result.AddFigure("close() returned at", returned ? FormatSeconds(m_closeReturned) : "never");
    result.AddFigure("close() blocked for", returned ? FormatSeconds(blocked) : "ever");
    result.AddFigure("close() returned", returned ? TcpCloseReasonName(m_closeResult) : "-");
    result.AddFigure("RSTs sent by the client", std::to_string(m_clientResets));
    result.AddFigure("bytes read by the server",
                     std::to_string(m_serverRead) + " of " + std::to_string(m_bytes));
    result.AddFigure("server connection ended",
                     server.ended
                         ? FormatSeconds(server.end) + " with " + TcpCloseReasonName(server.reason)
                         : "never");
    result.observed =
        "close() returned " +
        (returned ? TcpCloseReasonName(m_closeResult) + " after " + FormatSeconds(blocked)
                  : std::string("never")) +
        ", the server read " + std::to_string(m_serverRead) + " of " + std::to_string(m_bytes) +
        " B";
    const bool returnedOk = returned && m_closeResult == TcpCloseReason::NONE;
    switch (m_mode)
    {
    case OFF:
        result.expected = "close() returns 0 at once; the kernel delivers every byte and the FIN";
        result.passed =
            returnedOk && blocked.IsZero() && (m_peerCrashed || m_serverRead == m_bytes);
        break;
    case ABORT:
        result.expected = "close() returns 0 at once, queued data is discarded and a RST sent: "
                          "the server's connection ends with ECONNRESET";
        result.passed =
            returnedOk && blocked.IsZero() &&
            (m_peerCrashed || (server.ended && server.reason == TcpCloseReason::CONNRESET));
        break;
    case TIMEOUT:
        result.expected = m_peerCrashed
                              ? "close() blocks for l_linger (" +
                                    FormatSeconds(m_lingerSet, m_bsd ? 2 : 0) +
                                    ") and returns 0; the connection carries on as an orphan"
                              : "close() blocks until the FIN is acknowledged, within l_linger, "
                                "and every byte has arrived";
        result.passed =
            returnedOk && (m_peerCrashed ? blocked == m_lingerSet
                                         : (blocked.IsStrictlyPositive() && blocked < m_lingerSet &&
                                            m_serverRead == m_bytes));
        break;
    }
    result.endpoints = {client, server};
}

} // namespace ns3
