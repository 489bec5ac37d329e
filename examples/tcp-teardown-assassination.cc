/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TIME_WAIT assassination (RFC 1337, hazards H1 to H3) with net.ipv4.tcp_rfc1337 off and on.
//
//   client 10.1.1.1:40000 ---- server 10.1.1.2:5000    one point-to-point link, 10 Mbps, 5 ms
//
// Connection 1: the server writes 3 segments, the client reads them and closes first
// (TIME_WAIT, 60 s). Two of the server's segments arrive twice: the first copy --trigger
// later (TIME_WAIT acknowledges it, the server has forgotten the connection and answers with
// a RST), the second --stray later. With --rfc1337=false the RST ends TIME_WAIT, the client
// opens connection 2 from the same port, and the stray, in the same sequence space (ISN 0):
//   H1: becomes connection 2's data;
//   H2: makes the client acknowledge data the server never sent; the server retransmits
//       until it gives up (ETIMEDOUT after about 15 minutes);
//   H3: reaches connection 2 in SYN_SENT; the client's RST hits the server's half-open
//       connection: with --rfc5961=false (RFC 793) it is reset and connection 2 dies.
// With --rfc1337=true TIME_WAIT ignores the RST and the port stays held.
//
//   ./tcp-teardown-assassination
//   ./tcp-teardown-assassination --rfc1337=true
//   ./tcp-teardown-assassination --hazard=H2
//   ./tcp-teardown-assassination --hazard=H2 --invalidRateLimit=0s --retries2=3   (ACK loop)
//   ./tcp-teardown-assassination --hazard=H3 --rfc5961=false

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <iostream>
#include <map>

using namespace ns3;

namespace
{

/// "at 2.031000 s", or what a Time::Max() stands for
std::string
At(Time t, const std::string& never)
{
    return t == Time::Max() ? never : "at " + std::to_string(t.GetSeconds()) + " s";
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string hazardName = "H1";
    bool rfc1337 = false;
    bool rfc5961 = true;
    Time trigger = Seconds(1);
    Time stray = Seconds(1.5);
    Time offset = MilliSeconds(5);
    Time invalidRateLimit = MilliSeconds(500);
    uint32_t retries2 = 15;
    CommandLine cmd(__FILE__);
    cmd.Usage("TIME_WAIT assassination: a RST provoked by an old duplicate ends TIME_WAIT, and "
              "a later old duplicate harms the next connection on the 4-tuple (RFC 1337 "
              "hazards H1 old data accepted, H2 desynchronized, H3 connection dies).");
    cmd.AddValue("hazard", "H1, H2 or H3", hazardName);
    cmd.AddValue("rfc1337", "net.ipv4.tcp_rfc1337: TIME_WAIT ignores RSTs", rfc1337);
    cmd.AddValue("rfc5961", "RFC 5961 RST acceptance (off: RFC 793, any RST in window)", rfc5961);
    cmd.AddValue("trigger", "delay of the duplicate that provokes the RST, > 0", trigger);
    cmd.AddValue("stray", "delay of the duplicate that lands later, > --trigger", stray);
    cmd.AddValue("invalidRateLimit",
                 "net.ipv4.tcp_invalid_ratelimit (0s: answer every unacceptable segment)",
                 invalidRateLimit);
    cmd.AddValue("retries2", "net.ipv4.tcp_retries2 (H2: when the server gives up)", retries2);
    cmd.AddValue("synSentOffset",
                 "H3: connection 2's SYN leaves this long before the stray arrives, in "
                 "(0, 10ms)",
                 offset);
    cmd.Parse(argc, argv);

    const std::map<std::string, TcpAssassinationScenario::Hazard> hazards{
        {"H1", TcpAssassinationScenario::H1_OLD_DATA},
        {"H2", TcpAssassinationScenario::H2_DESYNCHRONIZED},
        {"H3", TcpAssassinationScenario::H3_CONNECTION_DIES}};
    const auto hazard = hazards.find(hazardName);
    if (hazard == hazards.end())
    {
        std::cerr << "tcp-teardown: error: --hazard=" << hazardName
                  << " is invalid: one of H1, H2, H3\n";
        return 1;
    }

    TcpAssassinationScenario scenario;
    scenario.SetHazard(hazard->second);
    scenario.SetRfc1337(rfc1337);
    scenario.SetRfc5961(rfc5961);
    scenario.SetTriggerDelay(trigger);
    scenario.SetStrayDelay(stray);
    scenario.SetSynSentOffset(offset);
    scenario.SetInvalidRateLimit(invalidRateLimit);
    scenario.SetRetries2(retries2);
    scenario.Run(); // an impossible setting ends here with a message

    std::cout << "TIME_WAIT assassination, hazard " << hazardName << ": tcp_rfc1337 "
              << (rfc1337 ? "on" : "off") << ", RFC 5961 " << (rfc5961 ? "on" : "off")
              << ", duplicates " << trigger.As(Time::S) << " and " << stray.As(Time::S)
              << " late\n";
    for (const auto& d : scenario.GetDuplicates())
    {
        std::cout << "  the server's segment seq " << d.sequence << " ack " << d.ack
                  << " arrives again at " << d.deliveredAt.As(Time::S) << "\n";
    }
    std::cout << "  RSTs reaching the client's TIME_WAIT: " << scenario.GetResetsInTimeWait()
              << "\n  TIME_WAIT ended: " << At(scenario.GetTimeWaitEnd(), "not within the run")
              << "\n  connection 2 opened: "
              << At(scenario.GetSecondConnection(), "no, the port stayed held") << "\n";
    uint32_t n = 0;
    for (const auto& c : scenario.GetCounts())
    {
        std::cout << "  connection " << ++n << ": " << c.delivered << " B read, " << c.right
                  << " right, " << c.fromOldIncarnation << " from connection 1"
                  << (c.fromOldIncarnation ? " (corrupted)" : "") << "\n";
    }
    if (hazard->second == TcpAssassinationScenario::H2_DESYNCHRONIZED)
    {
        std::cout << "  client ACKs of data the server never sent: "
                  << scenario.GetAcksOfUnsentData()
                  << "\n  server's ACKs in answer: " << scenario.GetServerAcks()
                  << "\n  server retransmissions: " << scenario.GetServerRetransmissions()
                  << "\n  server's connection 2 ended: "
                  << At(scenario.GetServerSecondEnd(), "not within the run") << " with "
                  << scenario.GetServerSecondEndReason() << "\n";
    }
    if (hazard->second == TcpAssassinationScenario::H3_CONNECTION_DIES)
    {
        std::cout << "  client RSTs from SYN_SENT: " << scenario.GetSynSentResets()
                  << "\n  connections the server accepted: " << scenario.GetAccepted()
                  << "\n  client's connection 2 ended: "
                  << At(scenario.GetSecondEnd(), "no, it is open") << " with "
                  << scenario.GetSecondEndReason() << "\n";
    }
    std::cout << std::flush;
    return 0;
}
