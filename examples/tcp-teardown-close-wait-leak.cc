/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// CLOSE_WAIT leak: a server that never calls close(). Story "close-wait-leak" of the
// catalogue, run through TcpCloseWaitLeakScenario.
//
//   client ---- router ---- server     two point-to-point links, 10 Mb/s, 5 ms each
//
//   from t = 1 s   --clients connections, one every --every, each writes 1000 B and closes
//   the server     reads the end of stream and, unless --serverCloses, never closes
//
// Every connection the server does not close stays in CLOSE_WAIT for ever; the client's
// orphan leaves FIN_WAIT_2 after tcp_fin_timeout (--finTimeout). Printed: the population of
// CLOSE_WAIT on the server and of FIN_WAIT_2 and TIME_WAIT on the client every --report, then
// the result (first connection's timelines, figures, verdict). With --output=DIR the records
// go to DIR as CSV, with the state timeline plot and the populations (populations.csv);
// --pcap adds a pcap file per host device.
//
//   ./tcp-teardown-close-wait-leak
//   ./tcp-teardown-close-wait-leak --serverCloses=true --output=close-wait

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <fstream>
#include <iostream>

using namespace ns3;

namespace
{

/// The count of a population (TcpTeardownRecorder::Population) at time t.
uint32_t
CountAt(const std::vector<std::pair<Time, uint32_t>>& population, Time t)
{
    uint32_t count = 0;
    for (const auto& point : population)
    {
        if (point.first > t)
        {
            break;
        }
        count = point.second;
    }
    return count;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t clients = 10;
    Time every = Seconds(5);
    bool serverCloses = false;
    Time finTimeout = Seconds(60);
    Time report = Seconds(20);
    Time duration = Seconds(200);
    std::string output;
    bool pcap = false;
    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("CLOSE_WAIT leak: clients close, a server that never calls close() keeps every "
              "connection in CLOSE_WAIT (story close-wait-leak, TcpCloseWaitLeakScenario).");
    cmd.AddValue("clients", "number of connections, 1..10000", clients);
    cmd.AddValue("every", "time between connections, 1 ms .. 1 h", every);
    cmd.AddValue("serverCloses", "whether the server closes on end of stream", serverCloses);
    cmd.AddValue("finTimeout", "net.ipv4.tcp_fin_timeout of the client, >= 0", finTimeout);
    cmd.AddValue("report",
                 "time between population reports, > 0, at most 10000 of them in --duration",
                 report);
    cmd.AddValue("duration", "simulated time, > 0", duration);
    cmd.AddValue("output",
                 "folder for the records (CSV), populations.csv, result.txt and the state "
                 "timeline plot; empty: print only",
                 output);
    cmd.AddValue("pcap",
                 "write a pcap file per host device to <output>/close-wait-leak-*; needs --output",
                 pcap);
    cmd.Parse(argc, argv);
    if (clients < 1 || clients > 10000 || !report.IsStrictlyPositive() ||
        !duration.IsStrictlyPositive())
    {
        std::cerr << "tcp-teardown-close-wait-leak: --clients=" << clients
                  << " --report=" << report.As(Time::S) << " --duration=" << duration.As(Time::S)
                  << " is invalid: clients 1..10000, report and duration > 0 (see --help)"
                  << std::endl;
        return 1;
    }
    // One line per report: a report every nanosecond of a long run would never end.
    const int64_t reports = duration.GetTimeStep() / report.GetTimeStep();
    cmd.Require(reports <= 10000,
                "report",
                "it prints " + std::to_string(reports) +
                    " population lines over --duration; use at most 10000 (report >= duration / "
                    "10000)");
    cmd.RequireFolder("output", output);
    if (!TcpScenarioResult::PrepareOutput(output, pcap))
    {
        return 1;
    }

    // Each option through its attribute: a bad value names the option and the attribute's rule.
    Ptr<TcpCloseWaitLeakScenario> story = CreateObject<TcpCloseWaitLeakScenario>();
    story->SetStoryAttribute("Clients", UintegerValue(clients));
    cmd.Apply("every", [&]() { story->SetStoryAttribute("Interval", TimeValue(every)); });
    story->SetStoryAttribute("ServerCloses", BooleanValue(serverCloses));
    story->SetStoryAttribute("Duration", TimeValue(duration));
    cmd.Apply("finTimeout", [&]() {
        TcpTeardownHelper probe; // the socket's own rule (>= 0), checked now
        probe.SetSocketAttribute("FinTimeout", TimeValue(finTimeout));
        probe.CheckSocketAttributes();
        story->SetSocketAttribute("FinTimeout", TimeValue(finTimeout));
    });
    if (pcap)
    {
        story->SetStoryAttribute("PcapPrefix", StringValue(output + "/close-wait-leak"));
    }
    std::cout << clients << " clients, one every " << every.GetSeconds() << " s; the server "
              << (serverCloses ? "closes" : "never closes") << "\n";
    TcpScenarioResult result = story->Run();

    const uint32_t client = result.endpoints.at(0).node;
    const uint32_t server = result.endpoints.at(1).node;
    const auto closeWait =
        TcpTeardownRecorder::Population(result.transitions, server, TcpSocket::CLOSE_WAIT);
    const auto finWait2 =
        TcpTeardownRecorder::Population(result.transitions, client, TcpSocket::FIN_WAIT_2);
    const auto timeWait =
        TcpTeardownRecorder::Population(result.transitions, client, TcpSocket::TIME_WAIT);
    std::ostringstream table;
    table << "time_s,server_close_wait,client_fin_wait_2,client_time_wait\n";
    for (Time t = report; t <= duration; t += report)
    {
        std::cout << "  " << t.GetSeconds() << " s  server CLOSE_WAIT " << CountAt(closeWait, t)
                  << ", client FIN_WAIT_2 " << CountAt(finWait2, t) << ", client TIME_WAIT "
                  << CountAt(timeWait, t) << "\n";
        table << t.GetSeconds() << "," << CountAt(closeWait, t) << "," << CountAt(finWait2, t)
              << "," << CountAt(timeWait, t) << "\n";
    }
    std::cout << "leaked (server CLOSE_WAIT at the end): " << CountAt(closeWait, duration)
              << "\n\n";
    result.Print(std::cout);
    if (!output.empty())
    {
        if (!result.Save(output))
        {
            return 1;
        }
        std::ofstream os(output + "/populations.csv");
        os << table.str();
        std::cout << "records: " << output << "/" << std::endl;
    }
    return 0;
}
