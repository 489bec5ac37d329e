/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The four-way close and TIME_WAIT. Story "graceful-close" of the catalogue, run through
// TcpGracefulCloseScenario.
//
//   client ---- router ---- server     two point-to-point links, 10 Mb/s, 5 ms each
//
//   t = 1 s    the client connects; the active closer (--closer: the client, or the server)
//              writes --bytes and closes: FIN_WAIT_1, FIN_WAIT_2 once its FIN is ACKed
//   the other end reads the data and the end of stream, and closes: CLOSE_WAIT, LAST_ACK
//   the active closer ACKs that FIN and holds TIME_WAIT for --timeWait (the socket attribute
//   TimeWaitDuration; Linux's TCP_TIMEWAIT_LEN is 60 s), then CLOSED
//
// Printed: when each FIN left (entry into FIN_WAIT_1 and LAST_ACK), when the passive closer
// reached CLOSED, when TIME_WAIT began and ended and how long it lasted against the configured
// length, then the result (both ends' timelines, bytes, figures, what Linux does, verdict). The
// run lasts 80 s, or --timeWait + 20 s if that is longer. With --output=DIR the records go to
// DIR as CSV, with result.txt and the state timeline plot; --pcap adds a pcap file per device.
//
//   ./tcp-teardown-graceful-close
//   ./tcp-teardown-graceful-close --closer=server --timeWait=5s --output=graceful --pcap=true

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iostream>

using namespace ns3;

namespace
{

/**
 * When an endpoint entered a state.
 * \param endpoint the endpoint
 * \param state the state
 * \param to set to when it entered it
 * \return whether it did
 */
bool
Entered(const TcpEndpointOutcome& endpoint, TcpSocket::TcpStates_t state, Time& to)
{
    for (std::size_t i = 1; i < endpoint.timeline.size(); ++i)
    {
        if (endpoint.timeline[i].second == state)
        {
            to = endpoint.timeline[i].first;
            return true;
        }
    }
    return false;
}

/**
 * A time for the printout.
 * \param endpoint the endpoint
 * \param state the state it entered
 * \return "1.0305 s", or "never"
 */
std::string
When(const TcpEndpointOutcome& endpoint, TcpSocket::TcpStates_t state)
{
    Time t;
    return Entered(endpoint, state, t) ? TcpTeardownRecorder::FormatTime(t) + " s" : "never";
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string closer = "client";
    uint64_t bytes = 10000;
    Time timeWait = Seconds(60);
    std::string output;
    bool pcap = false;
    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("The four-way close: the active closer passes FIN_WAIT_1, FIN_WAIT_2 and "
              "TIME_WAIT, the other end CLOSE_WAIT and LAST_ACK (story graceful-close, "
              "TcpGracefulCloseScenario).");
    cmd.AddValue("closer", "who writes and closes first: client or server", closer);
    cmd.AddValue("bytes",
                 "bytes the active closer writes before it closes, 1..10000000 (8 s at 10 Mb/s)",
                 bytes);
    cmd.AddValue("timeWait",
                 "TIME_WAIT length (socket attribute TimeWaitDuration), 0 s .. 3600 s",
                 timeWait);
    cmd.AddValue("output",
                 "folder for the records (CSV), result.txt and the state timeline plot; empty: "
                 "print only",
                 output);
    cmd.AddValue("pcap",
                 "write a pcap file per device to <output>/graceful-close-*; needs --output",
                 pcap);
    cmd.Parse(argc, argv);

    const char* program = "tcp-teardown-graceful-close";
    if (closer != "client" && closer != "server")
    {
        std::cerr << program << ": --closer=" << closer << " is invalid: use client or server"
                  << std::endl;
        return 1;
    }
    if (bytes < 1 || bytes > 10000000)
    {
        std::cerr << program << ": --bytes=" << bytes << " is invalid: it ranges from 1 to 10000000"
                  << std::endl;
        return 1;
    }
    if (timeWait.IsStrictlyNegative() || timeWait > Seconds(3600))
    {
        std::cerr << program << ": --timeWait=" << timeWait.As(Time::S)
                  << " is invalid: it ranges from 0 s to 3600 s" << std::endl;
        return 1;
    }
    cmd.RequireFolder("output", output);
    if (!TcpScenarioResult::PrepareOutput(output, pcap))
    {
        return 1;
    }

    Ptr<TcpGracefulCloseScenario> story = CreateObject<TcpGracefulCloseScenario>();
    story->SetStoryAttribute("Closer", StringValue(closer == "client" ? "Client" : "Server"));
    story->SetStoryAttribute("Bytes", UintegerValue(bytes));
    if (timeWait != Seconds(60))
    {
        story->SetSocketAttribute("TimeWaitDuration", TimeValue(timeWait));
    }
    if (pcap)
    {
        story->SetStoryAttribute("PcapPrefix", StringValue(output + "/" + story->GetStory()));
    }
    TcpScenarioResult result = story->Run();

    const bool clientCloses = closer == "client";
    const TcpEndpointOutcome& active = result.endpoints.at(clientCloses ? 0 : 1);
    const TcpEndpointOutcome& passive = result.endpoints.at(clientCloses ? 1 : 0);
    const std::string other = clientCloses ? "server" : "client";
    std::cout << "four-way close, the " << closer << " closes first after " << bytes << " B\n"
              << "  " << closer << " FIN (FIN_WAIT_1) at " << When(active, TcpSocket::FIN_WAIT_1)
              << ", its ACK (FIN_WAIT_2) at " << When(active, TcpSocket::FIN_WAIT_2) << "\n"
              << "  " << other << " CLOSE_WAIT at " << When(passive, TcpSocket::CLOSE_WAIT)
              << ", FIN (LAST_ACK) at " << When(passive, TcpSocket::LAST_ACK) << ", CLOSED at "
              << (passive.ended ? TcpTeardownRecorder::FormatTime(passive.end) + " s"
                                : std::string("never"))
              << "\n"
              << "  " << closer << " TIME_WAIT from " << When(active, TcpSocket::TIME_WAIT)
              << " to "
              << (active.ended ? TcpTeardownRecorder::FormatTime(active.end) + " s"
                               : std::string("the end of the run"))
              << ": " << result.GetFigure(closer + " time in TIME_WAIT") << "; configured "
              << result.GetFigure(closer + " TIME_WAIT configured") << "\n\n";
    result.Print(std::cout);
    return result.SaveIfAsked(output, std::cout) ? 0 : 1;
}
