/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Why 2*MSL: the stray-segment experiment (TcpStrayCorruptionScenario) swept over the
// client's TIME_WAIT, 0 to 2*MSL in --steps, for the longest stray delays D of --delays (in
// MSL): an old segment lives at most that long. Each cell runs --trials times with the stray
// delayed D/trials, 2D/trials, ..., D, so that it meets later connections in every phase. A
// trial is corrupted when any connection delivers a byte of an older one. Corruption ends
// once TIME_WAIT reaches D: with D = 2*MSL (a segment and its answer), at 2*MSL.
//
// Writes <output>/time-wait-sweep.csv and <output>/time-wait-sweep.svg (gnuplot, through
// gnuplot-iostream) and prints the table.
//
//   ./tcp-teardown-time-wait-sweep
//   ./tcp-teardown-time-wait-sweep --msl=4s --steps=16 --trials=16 --output=/tmp

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <fstream>
#include <gnuplot-iostream.h>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <tuple>
#include <vector>

using namespace ns3;

namespace
{

/// One cell of the sweep.
struct Cell
{
    double timeWaitMsl;       //!< TIME_WAIT in MSL
    double delayMsl;          //!< stray delay in MSL
    uint32_t trials;          //!< runs
    uint32_t corruptedTrials; //!< runs with a corrupted connection
    uint64_t corruptedBytes;  //!< bytes of older connections delivered, all runs
};

/// "0.5,1,2" as numbers; false if it is not a list of numbers in ]0, 4].
bool
ParseDelays(const std::string& text, std::vector<double>& delays)
{
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        std::stringstream number(item);
        double value = 0;
        if (!(number >> value) || !number.eof() || value <= 0 || value > 4)
        {
            return false;
        }
        delays.push_back(value);
    }
    return !delays.empty();
}

} // namespace

int
main(int argc, char* argv[])
{
    Time msl = Seconds(2);
    uint32_t steps = 8;
    std::string delaysText = "0.5,1,2";
    uint32_t trials = 8;
    std::string output = ".";
    std::string isn = "Zero";
    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("Corrupted connections against TIME_WAIT (0 to 2*MSL) for several stray delays: "
              "the picture of why TIME_WAIT lasts 2*MSL.");
    cmd.AddValue("msl", "the maximum segment lifetime of the sweep, > 0 and <= 120 s", msl);
    cmd.AddValue("steps", "TIME_WAIT values: 0 to 2*MSL in this many steps, 1..100", steps);
    cmd.AddValue("delays",
                 "longest stray delays in MSL, comma-separated, each > 0 and <= 4",
                 delaysText);
    cmd.AddValue("trials", "runs per cell, stray delays spread up to the longest, 1..100", trials);
    cmd.AddValue("output", "directory for time-wait-sweep.csv and .svg", output);
    cmd.AddValue("isn", "IsnPolicy: Zero, Rfc6528, Linux or Random", isn);
    cmd.Parse(argc, argv);

    const char* program = "tcp-teardown-time-wait-sweep";
    std::vector<double> delays;
    if (!ParseDelays(delaysText, delays))
    {
        std::cerr << program << ": --delays=" << delaysText
                  << " is invalid: use positive numbers separated by commas, e.g. 0.5,1,2, "
                     "each at most 4 (MSL)"
                  << std::endl;
        return 1;
    }
    if (msl <= Time(0) || msl > Seconds(120) || steps < 1 || steps > 100 || trials < 1 ||
        trials > 100)
    {
        // A longer MSL opens a connection every 2.5 s of ever longer runs: no end in sight.
        std::cerr << program << ": --msl=" << msl.As(Time::S) << " / --steps=" << steps
                  << " / --trials=" << trials
                  << " is invalid: msl > 0 and <= 120 s, steps and trials from 1 to 100"
                  << std::endl;
        return 1;
    }
    if (isn != "Zero" && isn != "Rfc6528" && isn != "Linux" && isn != "Random")
    {
        std::cerr << program << ": --isn=" << isn
                  << " is invalid: use Zero, Rfc6528, Linux or Random" << std::endl;
        return 1;
    }
    std::ofstream csv(output + "/time-wait-sweep.csv");
    if (!csv)
    {
        std::cerr << program << ": --output=" << output
                  << " is invalid: cannot write time-wait-sweep.csv there" << std::endl;
        return 1;
    }

    // Each connection writes 20 segments 100 ms apart and opens 0.5 s after the previous one
    // ended: about 2.5 s from one connection to the next.
    const uint32_t chunks = 20;
    const Time interval = MilliSeconds(100);
    const Time gap = MilliSeconds(500);
    const Time cycle = interval * chunks + gap;
    std::vector<Cell> cells;
    for (double delay : delays)
    {
        for (uint32_t step = 0; step <= steps; ++step)
        {
            const double timeWaitMsl = 2.0 * step / steps;
            Cell cell{timeWaitMsl, delay, trials, 0, 0};
            for (uint32_t trial = 0; trial < trials; ++trial)
            {
                const Time timeWait = msl * timeWaitMsl;
                const Time strayDelay = msl * (delay * (trial + 1) / trials);
                TcpStrayCorruptionScenario scenario;
                scenario.SetTimeWait(timeWait);
                scenario.SetStrayDelay(strayDelay);
                scenario.SetGap(gap);
                scenario.SetIsnPolicy(isn);
                scenario.SetTimestamps(false);
                scenario.SetChunks(chunks, interval);
                scenario.SetDuration(Seconds(3) + Max(timeWait, strayDelay) + cycle * 3);
                scenario.Run();
                cell.corruptedTrials += scenario.GetCorruptedConnections() > 0 ? 1 : 0;
                cell.corruptedBytes += scenario.GetCorruptedBytes();
            }
            cells.push_back(cell);
        }
    }

    csv << "time_wait_msl,time_wait_s,delay_msl,trials,corrupted_trials,corrupted_bytes\n";
    std::cout << "TIME_WAIT sweep: MSL " << msl.As(Time::S) << ", ISN " << isn << ", " << trials
              << " trials per cell (stray delays D/" << trials << " ... D)\n"
              << "  delay/MSL  TIME_WAIT/MSL  corrupted trials  corrupted bytes\n";
    for (const auto& c : cells)
    {
        csv << c.timeWaitMsl << "," << (msl * c.timeWaitMsl).GetSeconds() << "," << c.delayMsl
            << "," << c.trials << "," << c.corruptedTrials << "," << c.corruptedBytes << "\n";
        std::cout << "  " << std::setw(9) << c.delayMsl << "  " << std::setw(13) << c.timeWaitMsl
                  << "  " << std::setw(9) << c.corruptedTrials << " of " << c.trials << "  "
                  << std::setw(15) << c.corruptedBytes << "\n";
    }

    // Every number in the script is formatted here: gnuplot-iostream's stream prints doubles
    // with 18 digits.
    std::ostringstream script;
    script << "set terminal svg size 720,440 dynamic noenhanced\n"
           << "set output '" << output << "/time-wait-sweep.svg'\n"
           << "set title 'Old segments delayed up to D: corrupted trials against TIME_WAIT (ISN "
           << isn << ")'\n"
           << "set xlabel 'TIME_WAIT / MSL'\nset ylabel 'corrupted trials (of " << trials << ")'\n"
           << "set xrange [0:2]\nset yrange [0:" << trials + 0.5 << "]\nset key top right\n"
           << "plot";
    for (std::size_t d = 0; d < delays.size(); ++d)
    {
        script << (d ? "," : "") << " '-' with linespoints title 'D = " << delays[d] << " MSL'";
    }
    script << "\n";
    Gnuplot plot("gnuplot");
    plot << script.str();
    for (double delay : delays)
    {
        std::vector<std::pair<double, double>> points;
        for (const auto& c : cells)
        {
            if (c.delayMsl == delay)
            {
                points.emplace_back(c.timeWaitMsl, c.corruptedTrials);
            }
        }
        plot.send1d(points);
    }
    std::cout << "  wrote " << output << "/time-wait-sweep.csv and " << output
              << "/time-wait-sweep.svg" << std::endl;
    return 0;
}
