/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A busy server: --clients client nodes open short connections to one server at --rate per
// second (all clients together, round robin) for --duration; each writes --requestSize bytes,
// reads --responseSize bytes, and --closer closes first and so holds TIME_WAIT
// (TcpBusyServerScenario).
//
//   client 1 --+
//   client 2 --+-- router -- server      point-to-point links, --linkRate, --linkDelay each
//   ...      --+                         (--router=false: each client linked to the server)
//
// Printed for each run: connections attempted, completed and failed by errno (EADDRNOTAVAIL
// when a client has no ephemeral port left), the achieved rate, the peak TIME_WAIT of each
// side against the schedule's arithmetic (the connections opened within one TIME_WAIT), other
// peaks, and the simulator's events. --compare runs the server-closes-first and the
// client-closes-first workloads one after the other.
//
// --sweep measures the highest rate one client address sustains before its ephemeral ports
// run out: one client, --sweepPorts ports (50000 up), the client closes first, TIME_WAIT as
// configured; rates from half to twice ports / TIME_WAIT, then a bisection on where
// EADDRNOTAVAIL starts. Printed: measured against the theory, ports / TIME_WAIT.
//
// --output=DIR writes the time series of every run (busy-server-<closer>-closes.csv: state
// populations of clients and server every --sampleInterval, connections so far), a summary
// line per run (*-summary.csv) and the sweep (port-exhaustion.csv); --plot draws
// busy-server-time-wait.svg/.png (TIME_WAIT population against time, for each closer) and
// port-exhaustion.svg/.png (achieved rate and EADDRNOTAVAIL against the offered rate).
//
//   ./tcp-teardown-busy-server
//   ./tcp-teardown-busy-server --compare=true --sweep=true --output=busy --plot=true
//   ./tcp-teardown-busy-server --rate=1000 --duration=20s --closer=client --timeWait=60s
//   ./tcp-teardown-busy-server --socketKind=Stock

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// The program's name, in messages.
const char* const kProgram = "tcp-teardown-busy-server";

/// The first port of the sweep's range.
const uint16_t kSweepFirstPort = 50000;

/// \return the text with its first letter in upper case ("server" -> "Server")
std::string
Capitalized(std::string text)
{
    if (!text.empty())
    {
        text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    }
    return text;
}

/// \return a number with a few significant digits
std::string
Number(double x, int digits = 6)
{
    std::ostringstream os;
    os << std::setprecision(digits) << x;
    return os.str();
}

/// One rate of the sweep.
struct SweepPoint
{
    double rate;           //!< offered connections per second
    uint64_t attempted;    //!< connections attempted
    uint64_t completed;    //!< connections completed
    uint64_t addrNotAvail; //!< EADDRNOTAVAIL failures
    double achieved;       //!< completed per second of the run
    Time firstFailure;     //!< the first failure (Max: none)
};

/// Runs the sweep's scenarios: the configured scenario, one client closing first.
class Sweep
{
  public:
    /**
     * \param scenario the configured scenario (changed by each run)
     * \param ports ports of the client's range
     * \param timeWait the TIME_WAIT length
     */
    Sweep(Ptr<TcpBusyServerScenario> scenario, uint32_t ports, Time timeWait)
        : m_scenario(scenario),
          m_ports(ports),
          m_timeWait(timeWait)
    {
    }

    /// \return one run at a rate
    SweepPoint Run(double rate) const
    {
        // The first failure, if any, comes once the first port's TIME_WAIT would have had to
        // end: ports / rate, at most 2 TIME_WAITs at half the theory. Three TIME_WAITs of
        // connections show the steady state too.
        const Time duration = m_timeWait * 3;
        m_scenario->SetScenarioAttribute("Clients", UintegerValue(1));
        m_scenario->SetScenarioAttribute("Closer", StringValue("Client"));
        m_scenario->SetScenarioAttribute("Rate", DoubleValue(rate));
        m_scenario->SetScenarioAttribute("Duration", TimeValue(duration));
        m_scenario->SetScenarioAttribute("Drain", TimeValue(Seconds(0)));
        m_scenario->SetScenarioAttribute("SampleInterval",
                                         TimeValue(Max(MilliSeconds(100), duration / 1000)));
        m_scenario->SetScenarioAttribute("EphemeralPortFirst", UintegerValue(kSweepFirstPort));
        m_scenario->SetScenarioAttribute("EphemeralPortLast",
                                         UintegerValue(kSweepFirstPort + m_ports - 1));
        const TcpBusyServerResult r = m_scenario->Run();
        return {rate,
                r.attempted,
                r.completed,
                r.GetFailures(TcpCloseReason::ADDRNOTAVAIL),
                r.achievedRate,
                r.firstFailure};
    }

  private:
    Ptr<TcpBusyServerScenario> m_scenario; //!< the scenario
    uint32_t m_ports;                      //!< ports of the client
    Time m_timeWait;                       //!< TIME_WAIT
};

/// \return the TIME_WAIT population series of a run's side, in seconds
TcpTeardownPlot::Series
TimeWaitSeries(const TcpBusyServerResult& r, bool server, const std::string& label)
{
    TcpTeardownPlot::Series series{label, {}, "lines"};
    for (const auto& sample : r.samples)
    {
        const auto& populations = server ? sample.server : sample.client;
        series.points.emplace_back(sample.time.GetSeconds(), populations[TcpSocket::TIME_WAIT]);
    }
    return series;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t clients = 10;
    uint32_t rate = 1000;
    Time duration = Seconds(2);
    Time drain = Seconds(65);
    uint32_t requestSize = 100;
    uint32_t responseSize = 1000;
    std::string closer = "server";
    bool compare = false;
    DataRate linkRate("1Gbps");
    Time linkDelay = MilliSeconds(1);
    bool router = true;
    std::string timeWaitPolicy = "Fixed";
    Time timeWait = Seconds(60);
    uint16_t portFirst = 32768;
    uint16_t portLast = 60999;
    Time sampleInterval = MilliSeconds(100);
    std::string socketKind = "Teardown";
    bool compactTimeWait = false;
    bool sweep = false;
    uint32_t sweepPorts = 100;
    std::string output;
    bool plot = false;
    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("A busy server: many clients, short request/response connections at a rate; "
              "TIME_WAIT and other state populations on each side, failures by errno, the "
              "achieved rate (TcpBusyServerScenario). --sweep: the highest rate a client "
              "address sustains before its ephemeral ports run out.");
    cmd.AddValue("clients", "client nodes, 1 .. 10000", clients);
    cmd.AddValue("rate", "connections per second over all clients, 1 .. 1000000", rate);
    cmd.AddValue("duration", "how long connections are opened, 1 ms .. 24 h", duration);
    cmd.AddValue("drain", "simulated time after --duration, 0 .. 24 h", drain);
    cmd.AddValue("requestSize", "bytes each client writes, 1 .. 10000000", requestSize);
    cmd.AddValue("responseSize", "bytes the server answers, 1 .. 10000000", responseSize);
    cmd.AddValue("closer", "who closes first (and holds TIME_WAIT): server or client", closer);
    cmd.AddValue("compare",
                 "run with each closer, server first (--closer is then ignored)",
                 compare);
    cmd.AddValue("linkRate", "data rate of every link, > 0", linkRate);
    cmd.AddValue("linkDelay", "one-way delay of every link, 0 .. 10 s", linkDelay);
    cmd.AddValue("router",
                 "clients -> router -> server; false: a link from each client to the "
                 "server",
                 router);
    cmd.AddValue("timeWaitPolicy",
                 "Fixed (--timeWait), TwoMsl (2 * MaxSegLifetime) or Disabled",
                 timeWaitPolicy);
    cmd.AddValue("timeWait", "TIME_WAIT under the Fixed policy, 0 .. 1 h", timeWait);
    cmd.AddValue("portFirst", "ephemeral range, low end, 1..65535 (Teardown sockets)", portFirst);
    cmd.AddValue("portLast", "ephemeral range, high end, portFirst..65535", portLast);
    cmd.AddValue("sampleInterval",
                 "time between population samples, 1 ms .. 1 h, at most 100000 in the run",
                 sampleInterval);
    cmd.AddValue("socketKind",
                 "Teardown (TcpTeardownSocket) or Stock (ns-3's TcpSocketBase)",
                 socketKind);
    cmd.AddValue("compactTimeWait",
                 "set TcpTeardownSocket CompactTimeWait on every socket",
                 compactTimeWait);
    cmd.AddValue("sweep",
                 "also find the highest rate one client sustains before EADDRNOTAVAIL "
                 "(Teardown sockets, TIME_WAIT > 0)",
                 sweep);
    cmd.AddValue("sweepPorts",
                 "ephemeral ports of the sweep's client (50000 up), 1 .. 10000",
                 sweepPorts);
    cmd.AddValue("output", "folder for the CSV files (and plots); empty: print only", output);
    cmd.AddValue("plot", "draw the figures into --output (gnuplot); needs --output", plot);
    cmd.Parse(argc, argv);

    // Rules of the options that no attribute carries.
    cmd.Require(clients >= 1 && clients <= 10000, "clients", "it ranges from 1 to 10000");
    cmd.Require(rate >= 1 && rate <= 1000000, "rate", "it ranges from 1 to 1000000");
    cmd.Require(linkRate.GetBitRate() > 0, "linkRate", "it must be > 0");
    cmd.Require(portFirst >= 1, "portFirst", "ports are 1..65535");
    cmd.Require(portFirst <= portLast,
                "portFirst",
                "it must not be above --portLast=" + std::to_string(portLast) +
                    " (the port range would be empty)");
    cmd.Require(sweepPorts >= 1 && sweepPorts <= 10000, "sweepPorts", "it ranges from 1 to 10000");
    const std::string closerName = Capitalized(closer);
    if (closerName != "Server" && closerName != "Client")
    {
        cmd.Fail("closer", "use server or client");
    }
    cmd.RequireFolder("output", output);
    cmd.Require(!plot || !output.empty(), "plot", "--plot=true is invalid without --output");

    // Each option through its attribute: a bad value names the option and the attribute's rule.
    Ptr<TcpBusyServerScenario> scenario = CreateObject<TcpBusyServerScenario>();
    cmd.Apply("clients",
              [&]() { scenario->SetScenarioAttribute("Clients", UintegerValue(clients)); });
    cmd.Apply("rate", [&]() { scenario->SetScenarioAttribute("Rate", DoubleValue(rate)); });
    cmd.Apply("duration",
              [&]() { scenario->SetScenarioAttribute("Duration", TimeValue(duration)); });
    cmd.Apply("drain", [&]() { scenario->SetScenarioAttribute("Drain", TimeValue(drain)); });
    cmd.Apply("requestSize",
              [&]() { scenario->SetScenarioAttribute("RequestSize", UintegerValue(requestSize)); });
    cmd.Apply("responseSize", [&]() {
        scenario->SetScenarioAttribute("ResponseSize", UintegerValue(responseSize));
    });
    cmd.Apply("linkRate",
              [&]() { scenario->SetScenarioAttribute("LinkRate", DataRateValue(linkRate)); });
    cmd.Apply("linkDelay",
              [&]() { scenario->SetScenarioAttribute("LinkDelay", TimeValue(linkDelay)); });
    scenario->SetScenarioAttribute("Router", BooleanValue(router));
    cmd.Apply("timeWaitPolicy", [&]() {
        scenario->SetScenarioAttribute("TimeWaitPolicy", StringValue(Capitalized(timeWaitPolicy)));
    });
    cmd.Apply("timeWait",
              [&]() { scenario->SetScenarioAttribute("TimeWaitDuration", TimeValue(timeWait)); });
    cmd.Apply("portFirst", [&]() {
        scenario->SetScenarioAttribute("EphemeralPortFirst", UintegerValue(portFirst));
    });
    cmd.Apply("portLast", [&]() {
        scenario->SetScenarioAttribute("EphemeralPortLast", UintegerValue(portLast));
    });
    cmd.Apply("sampleInterval", [&]() {
        scenario->SetScenarioAttribute("SampleInterval", TimeValue(sampleInterval));
    });
    cmd.Apply("socketKind", [&]() {
        scenario->SetScenarioAttribute("SocketKind", StringValue(Capitalized(socketKind)));
    });
    scenario->SetScenarioAttribute("CompactTimeWait", BooleanValue(compactTimeWait));
    const bool stock = Capitalized(socketKind) == "Stock";
    // The rules across options, checked now so that a message names the options.
    cmd.ApplyAll({"rate", "duration", "drain", "sampleInterval", "portFirst", "portLast"},
                 [&]() { scenario->CheckAttributes(); });
    const Time timeWaitLength = scenario->GetTimeWaitLength();
    cmd.Require(!sweep || !stock,
                "sweep",
                "--sweep=true is invalid with --socketKind=Stock: ns-3's stock sockets take "
                "their ephemeral ports from a fixed 49152-65535");
    cmd.Require(!sweep || timeWaitLength.IsStrictlyPositive(),
                "sweep",
                "--sweep=true needs a TIME_WAIT > 0 (--timeWait, --timeWaitPolicy)");
    if (plot && !TcpTeardownPlot::IsAvailable())
    {
        std::cerr << kProgram << ": plots are not available (gnuplot-iostream or gnuplot "
                  << "missing); writing CSV files only" << std::endl;
        plot = false;
    }

    std::cout << kProgram << ": " << clients << " clients " << (router ? "-> router " : "")
              << "-> server, " << Number(linkRate.GetBitRate() / 1e6) << " Mb/s, "
              << Number(linkDelay.GetSeconds() * 1000) << " ms links; " << rate
              << " connections/s for " << Number(duration.GetSeconds()) << " s ("
              << TcpBusyServerScenario::CountConnections(rate, duration)
              << " connections), request " << requestSize << " B, response " << responseSize
              << " B; TIME_WAIT " << Capitalized(timeWaitPolicy) << " "
              << Number(timeWaitLength.GetSeconds()) << " s; " << Capitalized(socketKind)
              << " sockets";
    if (!stock)
    {
        std::cout << ", ephemeral ports " << portFirst << "-" << portLast;
    }
    std::cout << (compactTimeWait ? ", CompactTimeWait" : "") << "\n\n";

    // The runs
    std::vector<std::string> closers = {closerName};
    if (compare)
    {
        closers = {"Server", "Client"};
    }
    std::vector<TcpBusyServerResult> results;
    for (const auto& who : closers)
    {
        scenario->SetScenarioAttribute("Closer", StringValue(who));
        results.push_back(scenario->Run());
        results.back().Print(std::cout);
        std::cout << "\n";
        if (!output.empty())
        {
            std::string name = who;
            name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
            if (!results.back().WriteCsv(output, "busy-server-" + name + "-closes"))
            {
                return 1;
            }
        }
    }
    if (plot)
    {
        // The closer's TIME_WAIT (the other side holds none); the second run in points, so
        // that two equal curves stay visible.
        std::vector<TcpTeardownPlot::Series> series;
        for (const auto& r : results)
        {
            const bool server = r.closer == "Server";
            series.push_back(TimeWaitSeries(r,
                                            server,
                                            server ? "server closes first: TIME_WAIT at the server"
                                                   : "client closes first: TIME_WAIT at the "
                                                     "clients"));
            series.back().style = series.size() == 1 ? "lines" : "points";
        }
        if (!TcpTeardownPlot::Lines(output + "/busy-server-time-wait",
                                    "TIME_WAIT population, " + std::to_string(rate) +
                                        " connections/s for " + Number(duration.GetSeconds()) +
                                        " s, TIME_WAIT " + Number(timeWaitLength.GetSeconds()) +
                                        " s (the other side: none)",
                                    "time (s)",
                                    "sockets in TIME_WAIT",
                                    series))
        {
            return 1;
        }
    }

    if (sweep)
    {
        const double theory = sweepPorts / timeWaitLength.GetSeconds();
        std::cout << "Ephemeral port exhaustion: one client, " << sweepPorts << " ports ("
                  << kSweepFirstPort << "-" << kSweepFirstPort + sweepPorts - 1
                  << "), the client closes first, TIME_WAIT " << Number(timeWaitLength.GetSeconds())
                  << " s"
                  << ", each rate for 3 TIME_WAITs\n"
                  << "  theory: ports / TIME_WAIT = " << Number(theory) << " connections/s\n"
                  << "     offered/s   attempted   completed   EADDRNOTAVAIL   achieved/s\n";
        const Sweep runner(scenario, sweepPorts, timeWaitLength);
        std::vector<SweepPoint> grid;
        for (uint32_t k = 5; k <= 20; ++k)
        {
            grid.push_back(runner.Run(theory * k / 10));
            const SweepPoint& p = grid.back();
            std::cout << std::setw(14) << Number(p.rate) << std::setw(12) << p.attempted
                      << std::setw(12) << p.completed << std::setw(16) << p.addrNotAvail
                      << std::setw(13) << Number(p.achieved) << "\n";
        }
        // Bisection between the highest rate without a failure and the next one.
        double low = 0;
        double high = 0;
        for (const auto& p : grid)
        {
            if (p.addrNotAvail == 0)
            {
                low = p.rate;
            }
            else if (high == 0 && p.rate > low)
            {
                high = p.rate;
            }
        }
        if (low == 0 || high == 0)
        {
            std::cout << "  no change from sustained to failing between " << Number(theory / 2)
                      << " and " << Number(theory * 2) << "/s: no bisection\n";
        }
        else
        {
            for (int i = 0; i < 12; ++i)
            {
                const double middle = (low + high) / 2;
                (runner.Run(middle).addrNotAvail == 0 ? low : high) = middle;
            }
            // The port is held for the connection's own life before TIME_WAIT too.
            const double held = sweepPorts / low;
            std::cout << "  highest sustainable rate for one client address: measured "
                      << Number(low, 7) << "/s (EADDRNOTAVAIL from " << Number(high, 7)
                      << "/s); theory ports / TIME_WAIT = " << Number(theory, 7) << "/s\n"
                      << "  measured / theory = " << Number(low / theory, 4)
                      << ": each port is held for TIME_WAIT plus the connection's life before "
                         "it, about "
                      << Number((held - timeWaitLength.GetSeconds()) * 1000, 3) << " ms\n";
        }
        if (!output.empty())
        {
            std::ofstream csv(output + "/port-exhaustion.csv");
            csv << "offered_rate,attempted,completed,eaddrnotavail,achieved_rate,theory_rate\n";
            for (const auto& p : grid)
            {
                csv << Number(p.rate) << "," << p.attempted << "," << p.completed << ","
                    << p.addrNotAvail << "," << Number(p.achieved) << "," << Number(theory) << "\n";
            }
            if (!csv)
            {
                std::cerr << kProgram << ": cannot write " << output << "/port-exhaustion.csv"
                          << std::endl;
                return 1;
            }
        }
        if (plot)
        {
            TcpTeardownPlot::Series achieved{"completed per second", {}, "linespoints"};
            TcpTeardownPlot::Series failures{"EADDRNOTAVAIL per second", {}, "linespoints"};
            const double seconds = timeWaitLength.GetSeconds() * 3;
            for (const auto& p : grid)
            {
                achieved.points.emplace_back(p.rate, p.achieved);
                failures.points.emplace_back(p.rate, p.addrNotAvail / seconds);
            }
            std::string label = "ports / TIME_WAIT = " + Number(theory, 5) + "/s";
            if (low > 0 && high > 0)
            {
                label += " (measured " + Number(low, 5) + "/s)";
            }
            const std::vector<TcpTeardownPlot::Marker> markers = {{theory, label}};
            if (!TcpTeardownPlot::Lines(output + "/port-exhaustion",
                                        "One client, " + std::to_string(sweepPorts) +
                                            " ephemeral ports, TIME_WAIT " +
                                            Number(timeWaitLength.GetSeconds()) + " s",
                                        "offered connections per second",
                                        "per second",
                                        {achieved, failures},
                                        markers))
            {
                return 1;
            }
        }
        std::cout << "\n";
    }
    if (!output.empty())
    {
        std::cout << "files: " << output << "/" << std::endl;
    }
    return 0;
}
