/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TIME_WAIT assassination (RFC 1337, hazard H1) with net.ipv4.tcp_rfc1337 off and on.
//
//   client 10.1.1.1:40000 ---- server 10.1.1.2:5000    one point-to-point link, 10 Mbps, 5 ms
//
// Connection 1: the server writes 3 segments, the client reads them and closes first
// (TIME_WAIT, 60 s). Two of the server's segments arrive twice: the first copy --trigger
// later (TIME_WAIT acknowledges it, the server has forgotten the connection and answers with
// a RST), the second --stray later. With --rfc1337=false the RST ends TIME_WAIT; the client
// opens connection 2 from the same port and the stray, in the same sequence space (ISN 0),
// becomes connection 2's data. With --rfc1337=true TIME_WAIT ignores the RST.
//
//   ./tcp-teardown-assassination
//   ./tcp-teardown-assassination --rfc1337=true

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    bool rfc1337 = false;
    Time trigger = Seconds(1);
    Time stray = Seconds(1.5);
    CommandLine cmd(__FILE__);
    cmd.Usage("TIME_WAIT assassination: a RST provoked by an old duplicate ends TIME_WAIT, and "
              "a later old duplicate corrupts the next connection (RFC 1337 H1).");
    cmd.AddValue("rfc1337", "net.ipv4.tcp_rfc1337: TIME_WAIT ignores RSTs", rfc1337);
    cmd.AddValue("trigger", "delay of the duplicate that provokes the RST, > 0", trigger);
    cmd.AddValue("stray", "delay of the duplicate that lands later, > --trigger", stray);
    cmd.Parse(argc, argv);

    TcpAssassinationScenario scenario;
    scenario.SetRfc1337(rfc1337);
    scenario.SetTriggerDelay(trigger);
    scenario.SetStrayDelay(stray);
    scenario.Run(); // an impossible setting ends here with a message

    std::cout << "TIME_WAIT assassination: tcp_rfc1337 " << (rfc1337 ? "on" : "off")
              << ", duplicates " << trigger.As(Time::S) << " and " << stray.As(Time::S)
              << " late\n";
    for (const auto& d : scenario.GetDuplicates())
    {
        std::cout << "  the server's segment seq " << d.sequence << " arrives again at "
                  << d.deliveredAt.As(Time::S) << "\n";
    }
    std::cout << "  RSTs reaching the client's TIME_WAIT: " << scenario.GetResetsInTimeWait()
              << "\n  TIME_WAIT ended: "
              << (scenario.GetTimeWaitEnd() == Time::Max()
                      ? std::string("not within the run (60 s)")
                      : "at " + std::to_string(scenario.GetTimeWaitEnd().GetSeconds()) + " s")
              << "\n  connection 2 opened: "
              << (scenario.GetSecondConnection() == Time::Max()
                      ? std::string("no, the port stayed held")
                      : "at " + std::to_string(scenario.GetSecondConnection().GetSeconds()) + " s")
              << "\n";
    uint32_t n = 0;
    for (const auto& c : scenario.GetCounts())
    {
        std::cout << "  connection " << ++n << ": " << c.delivered << " B read, " << c.right
                  << " right, " << c.fromOldIncarnation << " from connection 1"
                  << (c.fromOldIncarnation ? " (corrupted)" : "") << "\n";
    }
    std::cout << std::flush;
    return 0;
}
