/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Randomized fault schedules: a test driver that searches for failures.
//
// For each seed it draws a story of the catalogue and that story's parameters (topology, link
// rate and delay, random loss at the router, who closes first, crash and reboot times, linger mode,
// keepalive and heartbeat settings, stray delays and port-reuse gaps, ISN policy, timestamps,
// tcp_retries2, TIME_WAIT length), runs it in a child process and checks invariants on the result:
//
//   legal    every state transition is an edge of RFC 9293's diagram;
//   ended    at the end of the run every socket is CLOSED (its end recorded) or in a state
//            that persists by design: LISTEN, ESTABLISHED (idle, nothing detects a dead peer;
//            not with keepalive or heartbeats and a crashed peer)
//            or CLOSE_WAIT, only where the story's server never closes (close-wait-leak
//            without ServerCloses, linger);
//   intact   a connection both of whose ends closed in order delivered every byte the other
//            end sent, exactly once and in order (no byte missing, none corrupted);
//   fenced   with RFC 6528 or Linux ISNs, no old-incarnation byte is delivered when every
//            TIME_WAIT of the client lasted at least the stray's delay;
//   no abort the child exits normally: a crash, an abort, a fatal error or a hang (killed
//            after --timeout) is a failure, and so is an impossible draw, since the generators
//            must respect every story's rules.
//
//   tcp-teardown-random-schedules [--seeds=N] [--first=S] [--jobs=J] [--timeout=T]
//   tcp-teardown-random-schedules --seeds=1 --first=S --verbose       (one seed, explained)
//
// The draw depends on the seed alone (std::mt19937_64), and the seed is also the run's RngRun,
// so a failing seed reproduces with the one command printed next to it. Exit status: 0 when
// every seed passes, 1 when one fails, 2 on bad usage.

#include "ns3/command-line.h"
#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

/// One draw: the story, its parameters, and what the invariants need to know about them.
struct Draw
{
    std::string entry;                                          //!< the catalogue entry
    std::vector<std::pair<std::string, std::string>> overrides; //!< drawn attributes
    bool strays{false};             //!< the story delivers old segments on purpose
    bool lossy{false};              //!< random loss at the router
    bool closeWaitByDesign{false};  //!< an application that never closes (CLOSE_WAIT stays)
    bool establishedByDesign{true}; //!< nothing detects a dead peer (ESTABLISHED may stay)
    bool fenceExpected{false};      //!< ISNs that fence off old incarnations (RFC 6528, Linux)
    Time strayDelay;                //!< the stray's delay, if any
    Time settle;                    //!< a socket may still be closing if it changed state this late
};

/// The seed's random numbers.
class Dice
{
  public:
    explicit Dice(uint64_t seed)
        : m_engine(seed)
    {
    }

    /// \return an integer in [lo, hi]
    int64_t Int(int64_t lo, int64_t hi)
    {
        return std::uniform_int_distribution<int64_t>(lo, hi)(m_engine);
    }

    /// \return true with probability p
    bool Chance(double p)
    {
        return std::uniform_real_distribution<double>(0, 1)(m_engine) < p;
    }

    /// \return one of the choices
    std::string Pick(const std::vector<std::string>& choices)
    {
        return choices[Int(0, static_cast<int64_t>(choices.size()) - 1)];
    }

    /// \return a duration in [lo, hi] microseconds, as an attribute string
    std::string Micros(int64_t lo, int64_t hi)
    {
        return std::to_string(Int(lo, hi)) + "us";
    }

  private:
    std::mt19937_64 m_engine; //!< the generator
};

/// \return the microseconds of an attribute string written by Dice::Micros
int64_t
MicrosOf(const std::string& value)
{
    return std::stoll(value.substr(0, value.size() - 2));
}

/**
 * Draw a story and its parameters. Every value respects the story's documented ranges and
 * rules, so that an impossible-scenario error is a finding, not noise.
 */
Draw
DrawSchedule(uint64_t seed)
{
    Dice dice(seed);
    const auto& entries = TcpTeardownCatalogue::GetEntries();
    const auto& entry = entries[dice.Int(0, static_cast<int64_t>(entries.size()) - 1)];
    Draw draw;
    draw.entry = entry.name;
    auto set = [&draw](const std::string& name, const std::string& value) {
        draw.overrides.emplace_back(name, value);
    };
    const std::string& type = entry.typeId;
    const bool assassination = type == "ns3::TcpTimeWaitAssassinationScenario";
    // The topology. The assassination hazards time their duplicates against the round trip,
    // so they keep their own path.
    if (!assassination)
    {
        const bool router = dice.Chance(0.5);
        set("Router", router ? "true" : "false");
        set("LinkDelay", dice.Micros(100, 30000));
        set("LinkRate", dice.Pick({"1Mbps", "10Mbps", "100Mbps"}));
        // Random loss at the router, in both directions, on a third of the routed runs.
        if (router && dice.Chance(0.33))
        {
            set("LossRate", dice.Pick({"0.01", "0.03", "0.05"}));
            draw.lossy = true;
            // Retransmissions stretch a story past the duration it chose for a lossless path:
            // a close that began in the last 70 s (a TIME_WAIT and some RTOs) may still run.
            draw.settle = Seconds(70);
        }
    }
    if (type == "ns3::TcpGracefulCloseScenario")
    {
        set("Closer", dice.Pick({"Client", "Server"}));
        set("Bytes", std::to_string(dice.Int(1, 200000)));
    }
    else if (type == "ns3::TcpCloseWaitLeakScenario")
    {
        set("Clients", std::to_string(dice.Int(1, 20)));
        set("Interval", dice.Micros(10000, 5000000));
        const bool serverCloses = dice.Chance(0.5);
        set("ServerCloses", serverCloses ? "true" : "false");
        draw.closeWaitByDesign = !serverCloses;
    }
    else if (type == "ns3::TcpLostFinalAckScenario")
    {
        set("Bytes", std::to_string(dice.Int(1, 20000)));
        set("Drops", std::to_string(dice.Int(1, 5)));
        set("TimeWait", dice.Chance(0.5) ? "true" : "false");
    }
    else if (type == "ns3::TcpStraySegmentScenario")
    {
        draw.strays = true;
        const std::string isn = dice.Pick({"Zero", "Rfc6528", "Linux", "Random"});
        set("IsnPolicy", isn);
        set("Chunks", std::to_string(dice.Int(1, 30)));
        set("ChunkInterval", dice.Micros(1000, 500000));
        set("Gap", dice.Micros(0, 5000000));
        set("ReuseAddress", dice.Chance(0.5) ? "true" : "false");
        set("Timestamps", dice.Chance(0.5) ? "true" : "false");
        const std::string delay = dice.Micros(1000, 20000000);
        set("StrayDelay", delay);
        set("TimeWait", dice.Chance(0.2) ? "0s" : dice.Micros(1000000, 30000000));
        draw.strayDelay = MicroSeconds(MicrosOf(delay));
        // The client connects again and again until the run stops: its last connection may
        // still be closing then.
        draw.settle = std::max(draw.settle, Seconds(35));
        draw.fenceExpected = isn == "Rfc6528" || isn == "Linux";
    }
    else if (type == "ns3::TcpPeerCrashScenario")
    {
        const std::string activity = dice.Pick({"Sending", "Idle"});
        set("Activity", activity);
        const bool crashes = !dice.Chance(0.3);
        set("CrashAt", crashes ? dice.Micros(1500000, 60000000) : "0s");
        if (activity == "Idle")
        {
            const std::string detection = dice.Pick({"None", "KeepAlive", "Heartbeat"});
            set("Detection", detection);
            // A dead peer that keepalive or the heartbeat looks for is found: no socket may
            // stay ESTABLISHED.
            draw.establishedByDesign = !crashes || detection == "None";
            set("HeartbeatInterval", dice.Micros(500000, 20000000));
            set("HeartbeatMisses", std::to_string(dice.Int(1, 5)));
            if (detection == "KeepAlive")
            {
                set("KeepAliveTime", dice.Micros(1000000, 60000000));
                set("KeepAliveInterval", dice.Micros(1000000, 10000000));
                set("KeepAliveProbes", std::to_string(dice.Int(1, 9)));
            }
        }
        else
        {
            set("Detection", "None"); // the Idle entries' detection does not apply
            set("SendsAfterError", std::to_string(dice.Int(0, 3)));
        }
        set("Retries2", std::to_string(dice.Int(3, 15)));
    }
    else if (type == "ns3::TcpPeerRebootScenario")
    {
        const std::string mode = dice.Pick({"Host", "Process"});
        set("Mode", mode);
        const int64_t crash = dice.Int(1500000, 20000000);
        set("CrashAt", std::to_string(crash) + "us");
        if (mode == "Host")
        {
            set("RebootAt",
                dice.Chance(0.2) ? "0s"
                                 : std::to_string(crash + dice.Int(100000, 100000000)) + "us");
        }
        set("Retries2", std::to_string(dice.Int(3, 15)));
    }
    else if (type == "ns3::TcpLingerScenario")
    {
        set("Mode", dice.Pick({"Off", "Abort", "Timeout"}));
        set("LingerTime", dice.Micros(10000, 10000000));
        set("Bytes", std::to_string(dice.Int(1, 100000)));
        set("PeerCrashed", dice.Chance(0.5) ? "true" : "false");
        draw.closeWaitByDesign = true; // the story's server only reads: it never closes
    }
    else if (type == "ns3::TcpSendAfterCloseTableScenario")
    {
        set("Cell", dice.Pick({"All", "FinIdle", "RstIdle", "FinBlocked", "RstBlocked"}));
    }
    else if (assassination)
    {
        draw.strays = true;
        set("Hazard", dice.Pick({"H1", "H2", "H3"}));
        set("Rfc1337", dice.Chance(0.5) ? "true" : "false");
        set("Rfc5961", dice.Chance(0.5) ? "true" : "false");
        const int64_t trigger = dice.Int(1000, 5000000);
        set("TriggerDelay", std::to_string(trigger) + "us");
        // H3's rule: the stray comes after the trigger's RST, a round trip (at most 20 ms
        // here) and the SYN_SENT offset (5 ms) later.
        set("StrayDelay", std::to_string(trigger + dice.Int(50000, 5000000)) + "us");
        set("Duration", "1100s"); // past TIME_WAIT and a give-up after tcp_retries2 = 15
    }
    // Half the runs keep TIME_WAIT in compact records (drawn last: the draws above are those
    // of the seeds before it was added).
    set("CompactTimeWait", dice.Chance(0.5) ? "true" : "false");
    return draw;
}

/// \return the draw as the catalogue's overrides, "name=value ..."
std::string
Describe(const Draw& draw)
{
    std::ostringstream os;
    os << draw.entry;
    for (const auto& [name, value] : draw.overrides)
    {
        os << " " << name << "=" << value;
    }
    return os.str();
}

/// \return a socket's label for a message
std::string
Where(const TcpConnectionId& id)
{
    std::ostringstream os;
    os << "node " << id.node << " socket " << id.socket;
    return os.str();
}

/**
 * Check the invariants on one result.
 * \return one line per violation; empty when all hold
 */
std::vector<std::string>
CheckInvariants(const Draw& draw,
                const TcpScenarioResult& result,
                std::map<std::string, uint64_t>& checked)
{
    std::vector<std::string> failures;
    checked["legal (transitions)"] += result.transitions.size();
    checked["lossy (runs with random loss at the router)"] += draw.lossy ? 1 : 0;
    // legal
    for (const auto& v : result.violations)
    {
        failures.push_back("legal: " + v.ToString());
    }
    // ended: the last state of every socket the recorder numbered
    std::map<std::pair<uint32_t, uint32_t>, const TcpTransitionRecord*> last;
    for (const auto& t : result.transitions)
    {
        last[{t.connection.node, t.connection.socket}] = &t;
    }
    checked["ended (sockets)"] += last.size();
    for (const auto& [key, t] : last)
    {
        const TcpSocket::TcpStates_t state = t->to;
        const bool settling = result.stopTime - t->time < draw.settle;
        const bool persists = state == TcpSocket::CLOSED || state == TcpSocket::LISTEN ||
                              (state == TcpSocket::ESTABLISHED && draw.establishedByDesign) ||
                              (state == TcpSocket::CLOSE_WAIT && draw.closeWaitByDesign);
        if (!persists && !settling)
        {
            std::ostringstream os;
            os << "ended: " << Where(t->connection) << " still in "
               << TcpSocket::TcpStateName[state] << " at the end of the run ("
               << result.stopTime.As(Time::S) << "), entered at " << t->time.As(Time::S);
            failures.push_back(os.str());
        }
    }
    // intact: pairs of endpoints that both ended in order
    if (!draw.strays)
    {
        for (std::size_t i = 0; i < result.endpoints.size(); ++i)
        {
            const auto& e = result.endpoints[i];
            if (e.bytesCorrupted > 0)
            {
                failures.push_back("intact: " + e.label + " read " +
                                   std::to_string(e.bytesCorrupted) + " wrong bytes");
            }
        }
    }
    std::map<std::pair<uint32_t, uint32_t>, TcpConnectionId> ids;
    for (const auto& t : result.transitions)
    {
        ids[{t.connection.node, t.connection.socket}] = t.connection;
    }
    for (std::size_t i = 0; i < result.endpoints.size(); ++i)
    {
        for (std::size_t j = 0; j < result.endpoints.size(); ++j)
        {
            const auto& a = result.endpoints[i];
            const auto& b = result.endpoints[j];
            const auto ia = ids.find({a.node, a.socket});
            const auto ib = ids.find({b.node, b.socket});
            if (i == j || ia == ids.end() || ib == ids.end() ||
                !(ia->second.local == ib->second.peer && ia->second.peer == ib->second.local))
            {
                continue;
            }
            const bool orderly = a.ended && b.ended && a.reason == TcpCloseReason::NONE &&
                                 b.reason == TcpCloseReason::NONE;
            if (orderly && !draw.strays)
            {
                ++checked["intact (directions closed in order)"];
            }
            if (orderly && !draw.strays && b.bytesDelivered != a.bytesSent)
            {
                failures.push_back("intact: " + a.label + " sent " + std::to_string(a.bytesSent) +
                                   " B, " + b.label + " read " + std::to_string(b.bytesDelivered) +
                                   " B, both closed in order");
            }
        }
    }
    // fenced: every TIME_WAIT of the client outlasted the stray
    if (draw.strays && draw.fenceExpected)
    {
        std::map<std::pair<uint32_t, uint32_t>, Time> entered;
        bool outlasted = true;
        for (const auto& t : result.transitions)
        {
            const std::pair<uint32_t, uint32_t> key{t.connection.node, t.connection.socket};
            if (t.to == TcpSocket::TIME_WAIT)
            {
                entered[key] = t.time;
            }
            else if (t.from == TcpSocket::TIME_WAIT && t.time - entered[key] < draw.strayDelay)
            {
                outlasted = false;
            }
        }
        uint64_t corrupted = 0;
        for (const auto& e : result.endpoints)
        {
            corrupted += e.bytesCorrupted;
        }
        if (outlasted && !entered.empty())
        {
            ++checked["fenced (runs whose TIME_WAITs outlasted the stray)"];
        }
        if (outlasted && !entered.empty() && corrupted > 0)
        {
            failures.push_back("fenced: " + std::to_string(corrupted) +
                               " old bytes delivered although every TIME_WAIT outlasted the " +
                               "stray's delay");
        }
    }
    return failures;
}

/// Run one seed in this process and report; \return the exit status (0 pass, 3 violated)
int
RunSeed(uint64_t seed, bool verbose)
{
    const Draw draw = DrawSchedule(seed);
    RngSeedManager::SetRun(seed);
    const auto& entry = TcpTeardownCatalogue::Get(draw.entry);
    Ptr<TcpTeardownScenario> story = TcpTeardownCatalogue::Create(entry, draw.overrides);
    const TcpScenarioResult result = story->Run();
    std::map<std::string, uint64_t> checked;
    const auto failures = CheckInvariants(draw, result, checked);
    if (verbose)
    {
        std::cout << "seed " << seed << ": " << Describe(draw) << "\n";
        result.Print(std::cout);
    }
    for (const auto& f : failures)
    {
        std::cout << f << "\n";
    }
    for (const auto& [what, count] : checked)
    {
        std::cout << "#checked " << count << " " << what << "\n";
    }
    std::cout.flush();
    return failures.empty() ? 0 : 3;
}

/// A child running one seed.
struct Child
{
    pid_t pid{0};     //!< its process
    int out{-1};      //!< read end of its stdout/stderr
    uint64_t seed{0}; //!< its seed
    std::string text; //!< what it printed
};

/// \return everything left to read on fd, which is then closed
std::string
Drain(int fd)
{
    std::string text;
    char buffer[4096];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof(buffer))) > 0 || (n < 0 && errno == EINTR))
    {
        if (n > 0)
        {
            text.append(buffer, static_cast<std::size_t>(n));
        }
    }
    close(fd);
    return text;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint64_t seeds = 100;
    uint64_t first = 1;
    uint32_t jobs = 2;
    uint32_t timeout = 120;
    bool verbose = false;
    CommandLine cmd(__FILE__);
    cmd.Usage("Randomized fault schedules: draw a story and its parameters per seed, run it, "
              "check the invariants (legal transitions, documented ends, intact streams, "
              "fenced old incarnations, no abort).");
    cmd.AddValue("seeds", "how many seeds, 1 .. 10^9", seeds);
    cmd.AddValue("first", "the first seed (also its RngRun), >= 1", first);
    cmd.AddValue("jobs", "seeds run at once, 1 .. 64", jobs);
    cmd.AddValue("timeout",
                 "wall seconds a seed may take before it counts as a hang, 1 .. 3600",
                 timeout);
    cmd.AddValue("verbose", "print each seed's draw and result (for one seed)", verbose);
    cmd.Parse(argc, argv);
    std::ostringstream bad;
    if (seeds < 1 || seeds > 1000000000)
    {
        bad << "--seeds=" << seeds << " is invalid: it must be 1 .. 10^9";
    }
    else if (first < 1)
    {
        bad << "--first=" << first << " is invalid: it must be >= 1 (it is the RngRun)";
    }
    else if (jobs < 1 || jobs > 64)
    {
        bad << "--jobs=" << jobs << " is invalid: it must be 1 .. 64";
    }
    else if (timeout < 1 || timeout > 3600)
    {
        bad << "--timeout=" << timeout << " is invalid: it must be 1 .. 3600 s";
    }
    if (!bad.str().empty())
    {
        std::cerr << "tcp-teardown-random-schedules: error: " << bad.str() << std::endl;
        return 2;
    }

    const auto start = std::chrono::steady_clock::now();
    std::map<uint64_t, std::string> failed; // seed -> why
    std::map<std::string, uint64_t> perStory;
    std::map<std::string, uint64_t> checked; // invariant -> how many things it was checked on
    std::vector<Child> running;
    uint64_t next = first;
    const uint64_t end = first + seeds;
    uint64_t done = 0;
    while (next < end || !running.empty())
    {
        while (next < end && running.size() < jobs)
        {
            int fds[2];
            if (pipe(fds) != 0)
            {
                std::perror("pipe");
                return 2;
            }
            std::cout.flush();
            const pid_t pid = fork();
            if (pid < 0)
            {
                std::perror("fork");
                return 2;
            }
            if (pid == 0)
            {
                close(fds[0]);
                dup2(fds[1], STDOUT_FILENO);
                dup2(fds[1], STDERR_FILENO);
                close(fds[1]);
                alarm(timeout);
                _exit(RunSeed(next, verbose));
            }
            close(fds[1]);
            running.push_back(Child{pid, fds[0], next, ""});
            ++perStory[DrawSchedule(next).entry];
            ++next;
        }
        // Collect the oldest child (seeds finish in order: deterministic output).
        Child child = running.front();
        running.erase(running.begin());
        child.text.clear();
        std::istringstream lines(Drain(child.out));
        for (std::string line; std::getline(lines, line);)
        {
            if (line.rfind("#checked ", 0) == 0)
            {
                std::istringstream is(line.substr(9));
                uint64_t count = 0;
                is >> count;
                std::string what;
                std::getline(is >> std::ws, what);
                checked[what] += count;
            }
            else
            {
                child.text += line + "\n";
            }
        }
        int status = 0;
        while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR)
        {
        }
        ++done;
        std::string why;
        if (WIFSIGNALED(status))
        {
            why = WTERMSIG(status) == SIGALRM
                      ? "hang: still running after " + std::to_string(timeout) + " s"
                      : std::string("abort: killed by signal ") + strsignal(WTERMSIG(status));
        }
        else if (WEXITSTATUS(status) == 3)
        {
            why = "invariant violated";
        }
        else if (WEXITSTATUS(status) != 0)
        {
            why = "abort: exit status " + std::to_string(WEXITSTATUS(status));
        }
        if (verbose || !why.empty())
        {
            std::cout << child.text;
        }
        if (!why.empty())
        {
            failed[child.seed] = why;
            std::cout << "FAIL seed " << child.seed << " (" << why
                      << "): " << Describe(DrawSchedule(child.seed))
                      << "\n  reproduce: tcp-teardown-random-schedules --seeds=1 --first="
                      << child.seed << " --verbose" << std::endl;
        }
        else if (done % 100 == 0 || done == seeds)
        {
            std::cout << "[" << done << "/" << seeds
                      << "] seeds passed so far: " << done - failed.size() << std::endl;
        }
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << seeds << " seeds (" << first << " .. " << end - 1 << "), " << seeds - failed.size()
              << " passed, " << failed.size() << " failed; " << wall << " s wall\n  stories:";
    for (const auto& [story, count] : perStory)
    {
        std::cout << " " << story << " " << count;
    }
    std::cout << "\n  checked:";
    for (const auto& [what, count] : checked)
    {
        std::cout << " " << what << " " << count << ";";
    }
    std::cout << std::endl;
    return failed.empty() ? 0 : 1;
}
