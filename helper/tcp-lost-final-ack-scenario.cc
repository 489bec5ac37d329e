/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-lost-final-ack-scenario.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-segment-impairment.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TcpLostFinalAckScenario);

TypeId
TcpLostFinalAckScenario::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpLostFinalAckScenario")
            .SetParent<TcpTeardownScenario>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpLostFinalAckScenario>()
            .AddAttribute("TimeWait",
                          "Whether the client keeps TIME_WAIT (Linux) or forgets the "
                          "connection at once (TimeWaitPolicy Disabled).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TcpLostFinalAckScenario::m_timeWait),
                          MakeBooleanChecker())
            .AddAttribute("Drops",
                          "How many of the client's final ACKs are lost, 1 .. 10.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&TcpLostFinalAckScenario::m_drops),
                          MakeUintegerChecker<uint32_t>(1, 10))
            .AddAttribute("Bytes",
                          "Bytes the client writes before it closes, 1 .. 10^6.",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&TcpLostFinalAckScenario::m_bytes),
                          MakeUintegerChecker<uint64_t>(1, 1000000));
    return tid;
}

std::string
TcpLostFinalAckScenario::GetStory() const
{
    return "lost-final-ack";
}

void
TcpLostFinalAckScenario::DoConfigure(TcpTeardownHelper& teardown)
{
    teardown.SetSocketAttribute("IsnPolicy", StringValue("Zero"));
    teardown.SetSocketAttribute("TimeWaitPolicy", StringValue(m_timeWait ? "Fixed" : "Disabled"));
}

void
TcpLostFinalAckScenario::DoBuild(Stage& stage)
{
    // ISN 0: the client's FIN is at 1 + bytes, so the ACK of the server's FIN, and only that
    // ACK, carries sequence number 2 + bytes.
    m_answers.clear();
    m_clientAddress = stage.hosts->GetClientAddress();
    Ptr<TcpSegmentImpairment> impairment = CreateObject<TcpSegmentImpairment>();
    m_impairment = impairment;
    TcpSegmentImpairment::Rule finalAck;
    finalAck.source = stage.hosts->GetClientAddress();
    finalAck.destinationPort = 80;
    finalAck.segments = TcpSegmentImpairment::PURE_ACK;
    finalAck.sequenceRange = true;
    finalAck.sequenceFirst = SequenceNumber32(2 + m_bytes);
    finalAck.sequenceLast = SequenceNumber32(2 + m_bytes);
    finalAck.first = 1;
    finalAck.count = m_drops;
    impairment->AddRule(finalAck);
    impairment->Install(stage.server->GetDevice(0));
    stage.recorder->WatchImpairment(impairment);
    stage.server->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
        "Rx",
        MakeCallback(&TcpLostFinalAckScenario::OnServerRx, this));
    m_server = InstallServer(stage, 80, true);
    m_client = InstallClient(stage, 80, m_bytes, true, Seconds(1));
}

void
TcpLostFinalAckScenario::OnServerRx(Ptr<const Packet> packet,
                                    Ptr<Ipv4> /* ipv4 */,
                                    uint32_t /* interface */)
{
    if (m_impairment->GetRecords().empty())
    {
        return; // the close has not reached the lost ACK yet
    }
    Ptr<Packet> copy = packet->Copy();
    Ipv4Header ip;
    copy->RemoveHeader(ip);
    if (ip.GetProtocol() != 6 || ip.GetSource() != m_clientAddress)
    {
        return;
    }
    TcpHeader tcp;
    copy->PeekHeader(tcp);
    m_answers.emplace_back(Simulator::Now(), tcp.GetFlags());
}

Time
TcpLostFinalAckScenario::GetStopTime() const
{
    // Past the client's TIME_WAIT (60 s unless overridden) and the server's FIN resends.
    return Seconds(40) + std::max(Seconds(60), GetConfiguredTimeWait());
}

void
TcpLostFinalAckScenario::DoJudge(const Stage& stage, TcpScenarioResult& result)
{
    TcpEndpointOutcome client = Describe(result, "client", stage.client->GetId());
    TcpEndpointOutcome server = Describe(result, "server", stage.server->GetId());
    CountBytes(client, m_client);
    CountBytes(server, m_server);
    result.AddFigure("final ACKs dropped", std::to_string(result.impairments.size()));
    result.AddFigure("server FIN retransmissions", std::to_string(server.retransmissions));
    result.AddFigure("server connection ended",
                     server.ended
                         ? FormatSeconds(server.end) + " with " + TcpCloseReasonName(server.reason)
                         : "never");
    std::string answers;
    for (const auto& answer : m_answers)
    {
        const uint8_t flags = answer.second;
        const std::string name = (flags & TcpHeader::RST)
                                     ? ((flags & TcpHeader::ACK) ? "RST|ACK" : "RST")
                                     : ((flags & TcpHeader::FIN) ? "FIN|ACK" : "ACK");
        answers += (answers.empty() ? "" : ", ") + name + " at " + FormatSeconds(answer.first);
    }
    result.AddFigure("client segments reaching the server after the drop",
                     answers.empty() ? "none" : answers);
    const TcpCloseReason want = m_timeWait ? TcpCloseReason::NONE : TcpCloseReason::CONNRESET;
    result.expected = m_timeWait ? "the client, in TIME_WAIT, re-acknowledges the retransmitted "
                                   "FIN; the server closes without error"
                                 : "the client has no connection left: it answers the "
                                   "retransmitted FIN with a RST and the server's connection "
                                   "ends with ECONNRESET";
    result.observed = std::to_string(result.impairments.size()) + " final ACK(s) lost, " +
                      std::to_string(server.retransmissions) +
                      " FIN retransmission(s); the server's connection " +
                      (server.ended ? "ended with " + TcpCloseReasonName(server.reason) + " at " +
                                          FormatSeconds(server.end)
                                    : "did not end");
    result.passed = server.ended && server.reason == want && result.impairments.size() == m_drops &&
                    server.retransmissions >= 1 && server.bytesDelivered == m_bytes;
    result.endpoints = {client, server};
}

} // namespace ns3
