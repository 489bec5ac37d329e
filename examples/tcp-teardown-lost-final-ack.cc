/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The first reason for TIME_WAIT: the last ACK of a close is lost. Stories "lost-final-ack"
// and "lost-final-ack-no-time-wait" of the catalogue, run through TcpLostFinalAckScenario.
//
//   client ---- router ---- server     two point-to-point links, 10 Mb/s, 5 ms each
//
//   t = 1 s    the client connects, writes --bytes and closes (active close)
//   the server reads to the end and closes; the client's final ACK (the one that acknowledges
//   the server's FIN) is dropped --drops times by a TcpSegmentImpairment on the server's
//   device, so the server, in LAST_ACK, retransmits its FIN.
//
// With TIME_WAIT (--timeWait=fixed, Linux's 60 s, or 2msl, 240 s) the client is still there
// to acknowledge the retransmitted FIN, which restarts its TIME_WAIT, and both ends close
// cleanly. Without it (disabled) the client has forgotten the connection: its TCP answers the
// FIN with a RST, and the server's close ends in ECONNRESET.
//
// Printed: the impairment's actions, the server's FIN retransmissions, what the client sent
// back that reached the server, the client's time in TIME_WAIT, how each end's connection
// ended, then the result (timelines, figures, what Linux does, verdict). The run lasts 100 s
// (280 s with 2msl: 40 s past the TIME_WAIT). With --output=DIR the records go to DIR as CSV,
// with result.txt and the state timeline plot; --pcap adds a pcap file per device there.
//
//   ./tcp-teardown-lost-final-ack
//   ./tcp-teardown-lost-final-ack --timeWait=disabled --drops=3 --output=lost --pcap=true

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iostream>

using namespace ns3;

namespace
{

/**
 * Print how an endpoint's connection ended.
 * \param endpoint the endpoint
 */
void
PrintEnd(const TcpEndpointOutcome& endpoint)
{
    std::cout << "  " << endpoint.label << " connection ";
    if (endpoint.ended)
    {
        std::cout << "ended at " << TcpTeardownRecorder::FormatTime(endpoint.end) << " s with "
                  << TcpCloseReasonName(endpoint.reason) << "\n";
    }
    else
    {
        std::cout << "did not end, in " << TcpSocket::TcpStateName[endpoint.finalState] << "\n";
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string timeWait = "fixed";
    uint32_t drops = 1;
    uint32_t bytes = 1000;
    std::string output;
    bool pcap = false;
    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("The last ACK of a close is lost: TIME_WAIT re-acknowledges the retransmitted "
              "FIN; without TIME_WAIT the FIN meets a RST (stories lost-final-ack, "
              "lost-final-ack-no-time-wait; TcpLostFinalAckScenario).");
    cmd.AddValue("timeWait",
                 "TIME_WAIT at the client: fixed (60 s), 2msl (2 x 120 s) or disabled",
                 timeWait);
    cmd.AddValue("drops", "how many final ACKs are lost, 1..10", drops);
    cmd.AddValue("bytes", "bytes the client writes before it closes, 1..1000000", bytes);
    cmd.AddValue("output",
                 "folder for the records (CSV), result.txt and the state timeline plot; empty: "
                 "print only",
                 output);
    cmd.AddValue("pcap",
                 "write a pcap file per device to <output>/lost-final-ack-*; needs --output",
                 pcap);
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
    cmd.RequireFolder("output", output);
    if (!TcpScenarioResult::PrepareOutput(output, pcap))
    {
        return 1;
    }

    Ptr<TcpLostFinalAckScenario> story = CreateObject<TcpLostFinalAckScenario>();
    story->SetStoryAttribute("TimeWait", BooleanValue(timeWait != "disabled"));
    if (timeWait == "2msl")
    {
        story->SetSocketAttribute("TimeWaitPolicy", StringValue("TwoMsl"));
    }
    story->SetStoryAttribute("Drops", UintegerValue(drops));
    story->SetStoryAttribute("Bytes", UintegerValue(bytes));
    if (pcap)
    {
        story->SetStoryAttribute("PcapPrefix", StringValue(output + "/" + story->GetStory()));
    }
    TcpScenarioResult result = story->Run();

    const TcpEndpointOutcome& client = result.endpoints.at(0);
    const TcpEndpointOutcome& server = result.endpoints.at(1);
    std::cout << "Lost final ACK: TIME_WAIT " << timeWait << ", " << drops
              << " final ACK(s) dropped, " << bytes << " B written\n";
    for (const auto& r : result.impairments)
    {
        std::cout << "  " << TcpTeardownRecorder::FormatTime(r.time) << " s "
                  << TcpSegmentImpairment::ActionName(r.action) << " the client's ACK seq "
                  << r.sequence << " ack " << r.ack << "\n";
    }
    std::cout << "  server FIN retransmissions: " << server.retransmissions;
    for (const auto& r : result.retransmissions)
    {
        if (r.connection.node == server.node && r.connection.socket == server.socket)
        {
            std::cout << (r.count == 1 ? " at " : ", ") << TcpTeardownRecorder::FormatTime(r.time)
                      << " s";
        }
    }
    std::cout << "\n  client segments reaching the server after the drop: "
              << result.GetFigure("client segments reaching the server after the drop") << "\n";
    Time entered;
    Time left;
    bool held = false;
    for (std::size_t i = 1; i < client.timeline.size(); ++i)
    {
        if (client.timeline[i - 1].second == TcpSocket::TIME_WAIT)
        {
            entered = client.timeline[i - 1].first;
            left = client.timeline[i].first;
            held = true;
        }
    }
    if (held)
    {
        std::cout << "  client TIME_WAIT from " << TcpTeardownRecorder::FormatTime(entered)
                  << " s to " << TcpTeardownRecorder::FormatTime(left)
                  << " s: " << TcpTeardownRecorder::FormatTime(left - entered) << " s";
        const Time length = Seconds(timeWait == "2msl" ? 240 : (timeWait == "fixed" ? 60 : 0));
        if (left - entered > length)
        {
            std::cout << ", its " << length.GetSeconds() << " s restarted at "
                      << TcpTeardownRecorder::FormatTime(left - length)
                      << " s by the retransmitted FIN";
        }
        std::cout << "\n";
    }
    else
    {
        std::cout << "  client TIME_WAIT: none\n";
    }
    PrintEnd(client);
    PrintEnd(server);
    std::cout << "\n";
    result.Print(std::cout);
    return result.SaveIfAsked(output, std::cout) ? 0 : 1;
}
