/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-send-after-close-scenario.h"

#include "tcp-teardown-host-pair.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpSendAfterCloseScenario");

TcpSendAfterCloseScenario::TcpSendAfterCloseScenario() = default;

void
TcpSendAfterCloseScenario::SetClientResets(bool resets)
{
    m_clientResets = resets;
}

void
TcpSendAfterCloseScenario::SetServerBlocked(bool blocked)
{
    m_serverBlocked = blocked;
}

const std::vector<std::string>&
TcpSendAfterCloseScenario::GetCalls() const
{
    return m_calls;
}

std::string
TcpSendAfterCloseScenario::GetClientSegments() const
{
    std::string joined;
    for (const auto& segment : m_clientSegments)
    {
        joined += (joined.empty() ? "" : ", ") + segment;
    }
    return joined.empty() ? "nothing" : joined;
}

void
TcpSendAfterCloseScenario::Run()
{
    NS_LOG_FUNCTION(this);
    m_calls.clear();
    m_clientSegments.clear();
    m_copied = 0;
    m_blocked = false;

    TcpTeardownHostPair pair(m_helper, m_rate, m_delay, m_router);
    // Fixed streams: the ephemeral port depends on RngRun only, not on what ran before.
    TcpTeardownHelper::AssignStreams(pair.GetNodes(), 0);
    if (m_recorder)
    {
        m_recorder->Watch(pair.GetNodes());
    }
    if (!m_pcapPrefix.empty())
    {
        PointToPointHelper().EnablePcap(m_pcapPrefix, pair.GetNodes(), true);
    }
    NodeContainer nodes = pair.GetNodes();

    Ptr<TcpTeardownSocket> listener = TcpTeardownHelper::CreateSocket(nodes.Get(1));
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000));
    listener->Listen();
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeCallback(&TcpSendAfterCloseScenario::OnAccept, this));

    m_client = TcpTeardownHelper::CreateSocket(nodes.Get(0));
    m_client->TraceConnectWithoutContext(
        "Tx",
        MakeCallback(&TcpSendAfterCloseScenario::OnClientTx, this));
    // The client never reads: what the server sends piles up in its receive buffer.
    Simulator::Schedule(Seconds(1),
                        &TcpTeardownSocket::Connect,
                        m_client,
                        InetSocketAddress(pair.GetServerAddress(), 5000));
    if (m_serverBlocked)
    {
        Simulator::Schedule(Seconds(1.5), &TcpSendAfterCloseScenario::StartBlockingSend, this);
    }
    Simulator::Schedule(Seconds(3), &TcpSendAfterCloseScenario::ClientCloses, this);
    for (int i = 0; i < 6; ++i)
    {
        Simulator::Schedule(Seconds(3.3) + MilliSeconds(100 * i),
                            &TcpSendAfterCloseScenario::ServerCall,
                            this,
                            i < 4);
    }
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    Simulator::Destroy();
    m_server = nullptr;
    m_client = nullptr;
}

void
TcpSendAfterCloseScenario::OnAccept(Ptr<Socket> socket, const Address& /* from */)
{
    m_server = DynamicCast<TcpTeardownSocket>(socket);
    m_server->SetSendCallback(MakeCallback(&TcpSendAfterCloseScenario::OnServerSendSpace, this));
    m_server->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                MakeCallback(&TcpSendAfterCloseScenario::OnServerError, this));
}

void
TcpSendAfterCloseScenario::ClientCloses()
{
    m_closeTime = Simulator::Now();
    if (m_clientResets)
    {
        m_client->SetSoLinger(true, 0);
    }
    m_client->Close();
}

void
TcpSendAfterCloseScenario::OnClientTx(Ptr<const Packet> /* packet */,
                                      const TcpHeader& header,
                                      Ptr<const TcpSocketBase> /* socket */)
{
    const uint8_t flags = header.GetFlags();
    if (m_closeTime.IsZero() || Simulator::Now() < m_closeTime)
    {
        return;
    }
    if (flags & TcpHeader::RST)
    {
        m_clientSegments.push_back((flags & TcpHeader::ACK) ? "RST|ACK" : "RST");
    }
    else if (flags & TcpHeader::FIN)
    {
        m_clientSegments.push_back("FIN");
    }
}

void
TcpSendAfterCloseScenario::StartBlockingSend()
{
    m_blocked = true;
    CopyIntoSendBuffer();
}

void
TcpSendAfterCloseScenario::CopyIntoSendBuffer()
{
    // tcp_sendmsg(): copy what fits, sleep in sk_stream_wait_memory() until there is room.
    while (m_blocked && m_copied < m_blockingSize)
    {
        const uint32_t room = std::min(m_server->GetTxAvailable(), m_blockingSize - m_copied);
        if (room == 0)
        {
            return; // blocked; OnServerSendSpace wakes us
        }
        const int sent = m_server->Send(Create<Packet>(room), 0);
        if (sent < 0)
        {
            FinishBlockingSend(true);
            return;
        }
        m_copied += static_cast<uint32_t>(sent);
    }
    if (m_blocked)
    {
        FinishBlockingSend(false);
    }
}

void
TcpSendAfterCloseScenario::OnServerSendSpace(Ptr<Socket> /* socket */, uint32_t /* available */)
{
    if (m_blocked)
    {
        CopyIntoSendBuffer();
    }
}

void
TcpSendAfterCloseScenario::OnServerError(Ptr<Socket> /* socket */)
{
    if (m_blocked)
    {
        FinishBlockingSend(true);
    }
}

void
TcpSendAfterCloseScenario::FinishBlockingSend(bool interrupted)
{
    m_blocked = false;
    const std::string call = "blocked send(" + std::to_string(m_blockingSize) + ") -> ";
    if (!interrupted || m_copied > 0)
    {
        // The bytes copied before the error; the error stays pending for the next call.
        m_calls.push_back(call + std::to_string(m_copied));
        return;
    }
    m_calls.push_back(call + Outcome(-1, m_server->TakePendingError()));
}

void
TcpSendAfterCloseScenario::ServerCall(bool send)
{
    if (!m_server)
    {
        m_calls.push_back("no connection");
        return;
    }
    if (send)
    {
        const int result = m_server->Send(Create<Packet>(100), 0);
        m_calls.push_back("send(100) -> " + Outcome(result, m_server->GetLastError()));
        return;
    }
    Ptr<Packet> packet = m_server->Recv(100, 0);
    m_calls.push_back("recv -> " + (packet ? std::to_string(packet->GetSize())
                                           : Outcome(-1, m_server->GetLastError())));
}

std::string
TcpSendAfterCloseScenario::Outcome(int result, TcpCloseReason error)
{
    return result >= 0 ? std::to_string(result) : TcpCloseReasonName(error);
}

void
TcpSendAfterCloseScenario::SetStage(DataRate rate,
                                    Time delay,
                                    bool router,
                                    TcpTeardownRecorder* recorder)
{
    m_rate = rate;
    m_delay = delay;
    m_router = router;
    m_recorder = recorder;
}

void
TcpSendAfterCloseScenario::SetTeardownHelper(const TcpTeardownHelper& helper)
{
    m_helper = helper;
}

void
TcpSendAfterCloseScenario::SetPcapPrefix(const std::string& prefix)
{
    m_pcapPrefix = prefix;
}

} // namespace ns3
