/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// What the module costs: the busy-server workload (TcpBusyServerScenario) run side by side with
// stock ns-3 TCP (TcpSocketBase), TcpTeardownSocket, and TcpTeardownSocket with compact
// TIME_WAIT. Each run is a child process, so that its peak resident memory (getrusage) is its
// own. Printed per run: wall time, simulated events, events per second, peak resident memory,
// wall time and memory per connection; then the ratios to stock. A second run of each kind with
// a TIME_WAIT of TimeWaitShort gives the memory a connection in TIME_WAIT costs:
// (peak RSS with TIME_WAIT - peak RSS without) / peak TIME_WAIT population.
//
//   build/tcp-teardown-benchmark                       # 10,000 connections, the three kinds
//   build/tcp-teardown-benchmark --connections=1000000 --kinds=compact --short=false
//   build/tcp-teardown-benchmark --scaling=10000,100000,1000000 --kinds=compact
//       --output=scaling --plot=true   (one command: the figures of the scaling plot)
//
// Not a test: the figures depend on the machine. doc/tcp-teardown.rst has measured ones.

#include "ns3/core-module.h"
#include "ns3/tcp-busy-server-scenario.h"
#include "ns3/tcp-teardown-fatal.h"
#include "ns3/tcp-teardown-plot.h"
#include "ns3/tcp-time-wait-table.h"

#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <locale>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

/// One kind of socket under test.
struct Kind
{
    std::string name;   //!< as on the command line
    std::string label;  //!< as in the table
    std::string socket; //!< SocketKind attribute
    bool compact;       //!< CompactTimeWait
};

/// What one run measured.
struct Measure
{
    bool ok{false};        //!< the child finished
    double wall{0};        //!< seconds of Run()
    uint64_t events{0};    //!< simulator events
    uint64_t completed{0}; //!< connections completed
    uint64_t failed{0};    //!< connections failed
    uint64_t peakTw{0};    //!< peak TIME_WAIT, both sides
    long maxRssKiB{0};     //!< peak resident memory of the child
};

/// Settings shared by every run.
struct Workload
{
    uint64_t connections{10000};         //!< connections per run
    double rate{5000};                   //!< connections per second
    uint32_t clients{10};                //!< client nodes
    Time timeWait{Seconds(60)};          //!< TIME_WAIT length
    Time timeWaitShort{MilliSeconds(2)}; //!< the short TIME_WAIT of the baseline runs
    std::string closer{"Server"};        //!< who closes first
    bool router{true};                   //!< clients -> router -> server; false: a star
};

/// Runs the workload in this process; prints the measure as one line on fd.
void
RunChild(const Workload& w, const Kind& kind, Time timeWait, int fd)
{
    Ptr<TcpBusyServerScenario> scenario = CreateObject<TcpBusyServerScenario>();
    scenario->SetAttribute("Clients", UintegerValue(w.clients));
    scenario->SetAttribute("Rate", DoubleValue(w.rate));
    scenario->SetAttribute("Duration", TimeValue(Seconds(double(w.connections) / w.rate)));
    scenario->SetAttribute("Closer", StringValue(w.closer));
    scenario->SetAttribute("Router", BooleanValue(w.router));
    scenario->SetAttribute("TimeWaitDuration", TimeValue(timeWait));
    scenario->SetAttribute("SocketKind", StringValue(kind.socket));
    scenario->SetAttribute("CompactTimeWait", BooleanValue(kind.compact));
    const auto start = std::chrono::steady_clock::now();
    const TcpBusyServerResult result = scenario->Run();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const uint64_t peakTw = uint64_t(result.GetPeakTimeWait(true)) + result.GetPeakTimeWait(false);
    char line[256];
    const int n = std::snprintf(line,
                                sizeof(line),
                                "%.6f %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
                                wall,
                                result.events,
                                result.completed,
                                result.failed,
                                peakTw);
    if (write(fd, line, n) != n)
    {
        _exit(3);
    }
}

/// Runs the workload in a child process.
Measure
Run(const Workload& w, const Kind& kind, Time timeWait)
{
    int fds[2];
    if (pipe(fds) != 0)
    {
        TcpTeardownFatalError("tcp-teardown-benchmark: pipe() failed");
    }
    std::cout << std::flush;
    const pid_t pid = fork();
    if (pid == 0)
    {
        close(fds[0]);
        RunChild(w, kind, timeWait, fds[1]);
        close(fds[1]);
        _exit(0);
    }
    close(fds[1]);
    std::string text;
    char buffer[256];
    ssize_t got;
    while ((got = read(fds[0], buffer, sizeof(buffer))) > 0)
    {
        text.append(buffer, got);
    }
    close(fds[0]);
    int status = 0;

    struct rusage usage
    {
    };

    wait4(pid, &status, 0, &usage);
    Measure m;
    std::istringstream in(text);
    m.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
           static_cast<bool>(in >> m.wall >> m.events >> m.completed >> m.failed >> m.peakTw);
    m.maxRssKiB = usage.ru_maxrss;
    return m;
}

/// The kinds named in a comma-separated list.
std::vector<Kind>
ParseKinds(TcpTeardownCommandLine& cmd, const std::string& list)
{
    const std::vector<Kind> all{
        {"stock", "stock TcpSocketBase", "Stock", false},
        {"teardown", "TcpTeardownSocket", "Teardown", false},
        {"compact", "TcpTeardownSocket, compact TIME_WAIT", "Teardown", true}};
    std::vector<Kind> kinds;
    std::istringstream in(list);
    std::string name;
    while (std::getline(in, name, ','))
    {
        bool found = false;
        for (const auto& kind : all)
        {
            if (kind.name == name)
            {
                kinds.push_back(kind);
                found = true;
            }
        }
        cmd.Require(found, "kinds", "'" + name + "' is not stock, teardown or compact");
    }
    cmd.Require(!kinds.empty(), "kinds", "it names no kind");
    return kinds;
}

/// The connection counts of --scaling.
std::vector<uint64_t>
ParseCounts(TcpTeardownCommandLine& cmd, const std::string& list)
{
    std::vector<uint64_t> counts;
    std::istringstream in(list);
    std::string item;
    while (std::getline(in, item, ','))
    {
        uint64_t value = 0;
        std::string why;
        const bool number = TcpTeardownParse(item, value, why);
        cmd.Require(number && value > 0,
                    "scaling",
                    "'" + item + "' is not a whole number of connections > 0");
        counts.push_back(value);
    }
    return counts;
}

/// MiB from KiB.
double
MiB(long kib)
{
    return kib / 1024.0;
}

/// Runs every kind for one count; prints the table; returns the measures, one per kind.
std::vector<Measure>
Table(const Workload& w, const std::vector<Kind>& kinds, bool shortRuns)
{
    std::cout << std::defaultfloat << std::setprecision(6) << "\n"
              << w.connections << " connections, " << w.rate << "/s from " << w.clients
              << " clients" << (w.router ? " via a router, " : " on direct links, ") << w.closer
              << " closes first, TIME_WAIT " << w.timeWait.As(Time::S) << "\n";
    std::cout << std::left << std::setw(38) << "sockets" << std::right << std::setw(10) << "wall s"
              << std::setw(12) << "events" << std::setw(12) << "events/s" << std::setw(10)
              << "RSS MiB" << std::setw(12) << "us/conn" << std::setw(11) << "KiB/conn"
              << std::setw(10) << "peak TW" << std::setw(11) << "B per TW"
              << "\n";
    std::vector<Measure> measures;
    for (const auto& kind : kinds)
    {
        const Measure m = Run(w, kind, w.timeWait);
        Measure base;
        if (shortRuns)
        {
            base = Run(w, kind, w.timeWaitShort);
        }
        measures.push_back(m);
        std::cout << std::left << std::setw(38) << kind.label << std::right << std::fixed;
        if (!m.ok)
        {
            std::cout << "  the run failed\n";
            continue;
        }
        std::cout << std::setprecision(2) << std::setw(10) << m.wall << std::setw(12) << m.events
                  << std::setprecision(0) << std::setw(12) << m.events / m.wall
                  << std::setprecision(1) << std::setw(10) << MiB(m.maxRssKiB)
                  << std::setprecision(1) << std::setw(12) << 1e6 * m.wall / w.connections
                  << std::setprecision(2) << std::setw(11) << double(m.maxRssKiB) / w.connections
                  << std::setw(10) << m.peakTw;
        if (shortRuns && base.ok && m.peakTw > 0)
        {
            std::cout << std::setprecision(0) << std::setw(11)
                      << 1024.0 * (m.maxRssKiB - base.maxRssKiB) / m.peakTw;
        }
        else
        {
            std::cout << std::setw(11) << "-";
        }
        std::cout << "\n";
        if (m.failed > 0 || m.completed != w.connections)
        {
            std::cout << "    note: " << m.completed << " completed, " << m.failed << " failed\n";
        }
        if (shortRuns && base.ok)
        {
            std::cout << "    with TIME_WAIT " << w.timeWaitShort.As(Time::MS) << ": "
                      << std::setprecision(2) << base.wall << " s, " << std::setprecision(1)
                      << MiB(base.maxRssKiB) << " MiB, " << 1e6 * base.wall / w.connections
                      << " us/conn\n";
        }
        if (kind.compact)
        {
            // What the table's layout says a record costs, next to what RSS measured above.
            std::cout << "    a compact record by its layout: "
                      << TcpTimeWaitTable::GetBytesPerRecord()
                      << " B (TcpTimeWaitTable::GetBytesPerRecord(), allocator overhead "
                         "not included)\n";
        }
    }
    // Ratios to the first kind (stock when it ran).
    if (measures.size() > 1 && measures.front().ok)
    {
        std::cout << "ratios to " << kinds.front().label << " (wall, RSS):";
        for (size_t i = 1; i < measures.size(); ++i)
        {
            if (measures[i].ok)
            {
                std::cout << "  " << kinds[i].name << " " << std::setprecision(2)
                          << measures[i].wall / measures.front().wall << "x, "
                          << double(measures[i].maxRssKiB) / measures.front().maxRssKiB << "x";
            }
        }
        std::cout << "\n";
    }
    std::cout << std::flush;
    return measures;
}

/// Writes scaling.csv and, if asked, the two scaling figures (wall time, peak memory).
void
WriteScaling(const std::string& folder,
             bool plot,
             const std::vector<Kind>& kinds,
             const std::vector<uint64_t>& counts,
             const std::vector<std::vector<Measure>>& measures)
{
    std::ofstream csv(folder + "/scaling.csv");
    csv.imbue(std::locale::classic());
    csv << "sockets,connections,wall_s,events,peak_rss_mib,us_per_connection,peak_time_wait\n";
    std::vector<TcpTeardownPlot::Series> wall;
    std::vector<TcpTeardownPlot::Series> memory;
    for (size_t k = 0; k < kinds.size(); ++k)
    {
        TcpTeardownPlot::Series w{kinds[k].label, {}, "linespoints"};
        TcpTeardownPlot::Series m{kinds[k].label, {}, "linespoints"};
        for (size_t i = 0; i < counts.size(); ++i)
        {
            const Measure& x = measures[i][k];
            if (!x.ok)
            {
                continue;
            }
            csv << kinds[k].name << "," << counts[i] << "," << x.wall << "," << x.events << ","
                << MiB(x.maxRssKiB) << "," << 1e6 * x.wall / counts[i] << "," << x.peakTw << "\n";
            w.points.emplace_back(std::log10(double(counts[i])), x.wall);
            m.points.emplace_back(std::log10(double(counts[i])), MiB(x.maxRssKiB));
        }
        if (!w.points.empty())
        {
            wall.push_back(w);
            memory.push_back(m);
        }
    }
    std::cout << "written: " << folder << "/scaling.csv\n";
    if (plot && !wall.empty())
    {
        const bool ok =
            TcpTeardownPlot::Lines(folder + "/scaling-wall",
                                   "Busy server: wall time against connections",
                                   "connections (log10)",
                                   "wall time (s)",
                                   wall,
                                   true) &&
            TcpTeardownPlot::Lines(folder + "/scaling-memory",
                                   "Busy server: peak resident memory against connections",
                                   "connections (log10)",
                                   "peak RSS (MiB)",
                                   memory,
                                   true);
        std::cout << (ok ? "written: " + folder + "/scaling-wall.svg, scaling-memory.svg\n"
                         : std::string("plots not written (gnuplot unavailable?)\n"));
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    Workload w;
    std::string kindList = "stock,teardown,compact";
    std::string scaling;
    bool shortRuns = true;
    TcpTeardownCommandLine cmd(__FILE__);
    cmd.Usage("What tcp-teardown costs: the busy-server workload with stock ns-3 TCP, "
              "TcpTeardownSocket and compact TIME_WAIT, each in its own process.");
    cmd.AddValue("connections", "connections per run, > 0", w.connections);
    cmd.AddValue("rate", "connections per second, > 0", w.rate);
    cmd.AddValue("clients", "client nodes, 1..1000", w.clients);
    cmd.AddValue("timeWait", "TIME_WAIT length, > 0", w.timeWait);
    cmd.AddValue("timeWaitShort", "TIME_WAIT of the baseline runs, > 0", w.timeWaitShort);
    cmd.AddValue("closer", "who closes first: Server or Client", w.closer);
    cmd.AddValue("router",
                 "clients -> router -> server; false: each client on a direct link to the server",
                 w.router);
    cmd.AddValue("kinds", "comma-separated: stock, teardown, compact", kindList);
    cmd.AddValue("short",
                 "also run each kind with TimeWaitShort (memory per TIME_WAIT connection)",
                 shortRuns);
    cmd.AddValue("scaling", "comma-separated connection counts: one table each", scaling);
    std::string output;
    bool plot = false;
    cmd.AddValue("output", "folder for scaling.csv (created; its parent must exist)", output);
    cmd.AddValue("plot", "with --output: scaling-wall.svg and scaling-memory.svg", plot);
    cmd.Parse(argc, argv);
    cmd.Require(!plot || !output.empty(), "plot", "it needs --output");
    if (!output.empty())
    {
        cmd.RequireFolder("output", output);
    }
    cmd.Require(w.connections > 0, "connections", "it must be > 0");
    cmd.Require(w.rate > 0, "rate", "it must be > 0");
    cmd.Require(w.clients >= 1 && w.clients <= 1000, "clients", "it must be 1..1000");
    cmd.Require(w.timeWait.IsStrictlyPositive(), "timeWait", "it must be > 0");
    cmd.Require(w.timeWaitShort.IsStrictlyPositive(), "timeWaitShort", "it must be > 0");
    cmd.Require(w.closer == "Server" || w.closer == "Client",
                "closer",
                "it must be Server or Client");
    const std::vector<Kind> kinds = ParseKinds(cmd, kindList);
    std::vector<uint64_t> counts =
        scaling.empty() ? std::vector<uint64_t>{w.connections} : ParseCounts(cmd, scaling);

    std::cout << "tcp-teardown benchmark (" << sysconf(_SC_NPROCESSORS_ONLN)
              << " cores; one child process per run)\n";
    std::vector<std::vector<Measure>> measures;
    for (uint64_t n : counts)
    {
        w.connections = n;
        measures.push_back(Table(w, kinds, shortRuns));
    }
    if (!output.empty())
    {
        WriteScaling(output, plot, kinds, counts, measures);
    }
    return 0;
}
