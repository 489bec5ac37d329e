/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The first reason for TIME_WAIT: the last ACK of a close is lost.
//
//   client 10.1.1.1 ---- server 10.1.1.2      one point-to-point link, 10 Mbps, 5 ms
//
//   t = 1 s    the client connects; at 1.1 s it writes --bytes and closes (active close)
//   the server reads to the end and closes; the client's final ACK (the one that
//   acknowledges the server's FIN) is dropped --drops times by a TcpSegmentImpairment on the
//   server's device, so the server, in LAST_ACK, retransmits its FIN.
//
// With TIME_WAIT (--timeWait=fixed, Linux's 60 s, or 2msl) the client is still there to
// acknowledge the retransmitted FIN and both ends close cleanly. Without it (disabled) the
// client has forgotten the connection: its TCP answers the FIN with a RST, and the server's
// close ends in ECONNRESET.
//
// Printed: the impairment's actions, both ends' states, the server's FIN retransmissions and
// how each end's connection ended.
//
//   ./tcp-teardown-lost-final-ack
//   ./tcp-teardown-lost-final-ack --timeWait=disabled
//   ./tcp-teardown-lost-final-ack --drops=3

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iostream>

using namespace ns3;

namespace
{

/// The server reads to the end of the stream, then closes (the passive close).
void
OnAccept(Ptr<Socket> socket, const Address&)
{
    TcpTeardownHelper::CloseWhenPeerCloses(socket);
}

void
WriteAndClose(Ptr<TcpTeardownSocket> client, uint32_t bytes)
{
    client->Send(Create<Packet>(bytes), 0);
    client->Close();
}

void
PrintStates(const TcpTeardownRecorder& recorder, Ptr<Node> node, const std::string& who)
{
    std::cout << "  " << who << " states:";
    for (auto state : recorder.GetStateSequence(node->GetId()))
    {
        std::cout << " " << TcpSocket::TcpStateName[state];
    }
    std::cout << "\n";
    for (const auto& end : recorder.GetEnds(node->GetId()))
    {
        std::cout << "  " << who << " connection ended at " << end.time.As(Time::S) << " with "
                  << end.reason << "\n";
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string timeWait = "fixed";
    uint32_t drops = 1;
    uint32_t bytes = 1000;
    CommandLine cmd(__FILE__);
    cmd.Usage("The last ACK of a close is lost: TIME_WAIT re-acknowledges the retransmitted "
              "FIN; without TIME_WAIT the FIN meets a RST.");
    cmd.AddValue("timeWait", "TIME_WAIT at the client: fixed (60 s), 2msl or disabled", timeWait);
    cmd.AddValue("drops", "how many final ACKs are lost, 1..10", drops);
    cmd.AddValue("bytes", "bytes the client writes before it closes, 1..1000000", bytes);
    cmd.Parse(argc, argv);

    const char* program = "tcp-teardown-lost-final-ack";
    if (timeWait != "fixed" && timeWait != "2msl" && timeWait != "disabled")
    {
        std::cerr << program << ": --timeWait=" << timeWait
                  << " is invalid: use fixed, 2msl or disabled" << std::endl;
        return 1;
    }
    if (drops < 1 || drops > 10 || bytes < 1 || bytes > 1000000)
    {
        std::cerr << program << ": --drops=" << drops << " / --bytes=" << bytes
                  << " is invalid: drops from 1 to 10, bytes from 1 to 1000000" << std::endl;
        return 1;
    }

    TcpTeardownHelper teardown;
    teardown.SetSocketAttribute(
        "TimeWaitPolicy",
        StringValue(timeWait == "fixed" ? "Fixed" : (timeWait == "2msl" ? "TwoMsl" : "Disabled")));
    TcpTeardownHostPair pair(teardown);
    TcpTeardownRecorder recorder;
    recorder.Watch(pair.GetNodes());

    // ISN 0 (the default policy): the client's FIN is at 1 + bytes, so the ACK of the
    // server's FIN, and only that ACK, carries sequence number 2 + bytes.
    Ptr<TcpSegmentImpairment> impairment = CreateObject<TcpSegmentImpairment>();
    TcpSegmentImpairment::Rule finalAck;
    finalAck.source = pair.GetClientAddress();
    finalAck.destinationPort = 5000;
    finalAck.segments = TcpSegmentImpairment::PURE_ACK;
    finalAck.sequenceRange = true;
    finalAck.sequenceFirst = SequenceNumber32(2 + bytes);
    finalAck.sequenceLast = SequenceNumber32(2 + bytes);
    finalAck.first = 1;
    finalAck.count = drops;
    impairment->AddRule(finalAck);
    impairment->Install(pair.GetServer()->GetDevice(0));

    Ptr<TcpTeardownSocket> listener = TcpTeardownHelper::CreateSocket(pair.GetServer());
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000));
    listener->Listen();
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeCallback(&OnAccept));
    Ptr<TcpTeardownSocket> client = TcpTeardownHelper::CreateSocket(pair.GetClient());
    Simulator::Schedule(Seconds(1),
                        &TcpTeardownSocket::Connect,
                        client,
                        InetSocketAddress(pair.GetServerAddress(), 5000));
    Simulator::Schedule(Seconds(1.1), &WriteAndClose, client, bytes);
    Simulator::Stop(Seconds(300));
    Simulator::Run();

    std::cout << "Lost final ACK: TIME_WAIT " << timeWait << ", " << drops
              << " final ACK(s) dropped, " << bytes << " B written\n";
    for (const auto& r : impairment->GetRecords())
    {
        std::cout << "  " << r.time.As(Time::S) << " " << TcpSegmentImpairment::ActionName(r.action)
                  << " the client's ACK seq " << r.sequence << " ack " << r.ack << "\n";
    }
    PrintStates(recorder, pair.GetClient(), "client");
    PrintStates(recorder, pair.GetServer(), "server");
    std::cout << "  server FIN retransmissions: "
              << recorder.GetRetransmissions(pair.GetServer()->GetId()).size() << std::endl;
    Simulator::Destroy();
    return 0;
}
