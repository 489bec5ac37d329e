/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The second reason for TIME_WAIT: an old segment arriving late in a new connection.
//
//   client 10.1.1.1:40000 ---- server 10.1.1.2:5000    one point-to-point link, 10 Mbps, 5 ms
//
// Connections open one after another from the same client port (--gap after the previous
// one ended at the client), each writing --chunks segments of coded payload, one every
// --interval, then closing (the client closes first and holds TIME_WAIT, --timeWait; 0
// disables it). The last data segment of the first connection is delayed by --delay. The
// server checks every byte it reads: a byte of an older connection is corruption.
//
// Printed: each connection (when it opened, how often bind() found the port held, its byte
// counts), when the stray arrived, and the corrupted bytes and connections.
//
//   ./tcp-teardown-stray-segment                                   TIME_WAIT 60 s: clean
//   ./tcp-teardown-stray-segment --timeWait=0s --timestamps=false  corruption
//   ./tcp-teardown-stray-segment --timeWait=0s --isn=Rfc6528       the ISN saves it

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    Time timeWait = Seconds(60);
    Time delay = Seconds(4);
    Time gap = Seconds(0.5);
    std::string isn = "Zero";
    bool timestamps = true;
    bool reuse = false;
    uint32_t chunks = 20;
    Time interval = MilliSeconds(100);
    Time duration = Seconds(20);
    CommandLine cmd(__FILE__);
    cmd.Usage("A delayed segment of an old connection in a new one on the same 4-tuple: "
              "corrupted bytes with and without TIME_WAIT.");
    cmd.AddValue("timeWait", "the client's TIME_WAIT, >= 0 (0: none)", timeWait);
    cmd.AddValue("delay", "how late the stray segment arrives, > 0", delay);
    cmd.AddValue("gap", "from one connection's end to the next connect, >= 0", gap);
    cmd.AddValue("isn", "IsnPolicy: Zero, Rfc6528, Linux or Random", isn);
    cmd.AddValue("timestamps", "the TCP timestamp option", timestamps);
    cmd.AddValue("reuse", "SO_REUSEADDR on the client", reuse);
    cmd.AddValue("chunks", "data segments per connection, >= 1", chunks);
    cmd.AddValue("interval", "time between them, > 0", interval);
    cmd.AddValue("duration", "length of the run, > 0", duration);
    cmd.Parse(argc, argv);

    if (isn != "Zero" && isn != "Rfc6528" && isn != "Linux" && isn != "Random")
    {
        std::cerr << "tcp-teardown-stray-segment: --isn=" << isn
                  << " is invalid: use Zero, Rfc6528, Linux or Random" << std::endl;
        return 1;
    }
    TcpStrayCorruptionScenario scenario;
    scenario.SetTimeWait(timeWait);
    scenario.SetStrayDelay(delay);
    scenario.SetGap(gap);
    scenario.SetIsnPolicy(isn);
    scenario.SetTimestamps(timestamps);
    scenario.SetReuseAddress(reuse);
    scenario.SetChunks(chunks, interval);
    scenario.SetDuration(duration);
    scenario.Run(); // an impossible setting ends here with a message

    std::cout << "Stray segment: TIME_WAIT " << timeWait.As(Time::S) << ", delay "
              << delay.As(Time::S) << ", gap " << gap.As(Time::S) << ", ISN " << isn
              << ", timestamps " << (timestamps ? "on" : "off") << ", SO_REUSEADDR "
              << (reuse ? "on" : "off") << "\n";
    const auto stray = scenario.GetStray();
    if (stray.time != Time::Max())
    {
        std::cout << "  stray: connection 1's segment seq " << stray.sequence << " ("
                  << stray.payload << " B) sent at " << stray.time.As(Time::S) << ", delivered at "
                  << stray.deliveredAt.As(Time::S) << "\n";
    }
    std::cout << "  conn  opened       port busy  delivered  right  old  misplaced\n";
    for (const auto& i : scenario.GetIncarnations())
    {
        std::cout << "  " << i.number << "     " << i.opened.As(Time::S) << "  " << i.bindRetries
                  << "         " << i.counts.delivered << "      " << i.counts.right << "  "
                  << i.counts.fromOldIncarnation << "  " << i.counts.misplaced << "\n";
    }
    std::cout << "  corrupted: " << scenario.GetCorruptedBytes() << " bytes in "
              << scenario.GetCorruptedConnections() << " of " << scenario.GetIncarnations().size()
              << " connections" << std::endl;
    return 0;
}
