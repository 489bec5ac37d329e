/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// send() after the peer closed: the four cells of the table.
//
//   client ---- server          one point-to-point link, 10 Mb/s, 5 ms
//
//   t = 1 s    the client connects (and never reads)
//   t = 1.5 s  "blocked" cells: the server starts a 1 MB send() and blocks on a full buffer
//   t = 3 s    the client closes first: with a FIN (SO_LINGER off) or a RST (SO_LINGER {1, 0})
//   t = 3.3 s  the server calls send(100) four times and recv() twice, 100 ms apart
//
// For each cell the example prints what every call returned, what the client put on the
// wire, the source document's expectation and what Linux 6.18 did on this path
// (test/validation/linux-send-after-close.sh). A blocked server is interrupted with the
// bytes it had copied; its client, which never read, had unread data, so its close() sends a
// RST whatever SO_LINGER says: that cell differs from the document's FIN row on Linux, and
// the module follows Linux.
//
//   ./tcp-teardown-send-after-close
//   ./tcp-teardown-send-after-close --cell=fin-idle

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <cstdlib>
#include <iostream>

using namespace ns3;

namespace
{

/// One cell of the table and its references.
struct Cell
{
    std::string name;     //!< --cell value
    bool resets;          //!< the client closes with a RST
    bool blocked;         //!< the server is blocked in send()
    std::string document; //!< the source document's expectation
    std::string onLinux;  //!< Linux 6.18, measured
};

const Cell kCells[] = {
    {"fin-idle",
     false,
     false,
     "first send succeeds, client answers RST; next send: EPIPE",
     "send 100, EPIPE, EPIPE, EPIPE; recv 0, 0; client FIN, then bare RST to the data"},
    {"rst-idle",
     true,
     false,
     "send: ECONNRESET; after that: EPIPE",
     "send ECONNRESET, EPIPE, EPIPE, EPIPE; recv 0, 0; client RST|ACK"},
    {"fin-blocked",
     false,
     true,
     "send returns the bytes copied; client answers the data with RST; next send: EPIPE",
     "blocked send 24616 (copied); send ECONNRESET, EPIPE, EPIPE; recv 0, 0; client RST|ACK "
     "(it had 4368 B unread)"},
    {"rst-blocked",
     true,
     true,
     "send returns the bytes copied; next send: ECONNRESET; after that: EPIPE",
     "blocked send 24616 (copied); send ECONNRESET, EPIPE, EPIPE; recv 0, 0; client RST|ACK"},
};

} // namespace

int
main(int argc, char* argv[])
{
    std::string only;
    CommandLine cmd(__FILE__);
    cmd.Usage("send() after the peer closed: the four cells of the table (client closes with "
              "FIN or RST; server idle or blocked in send()), with every call's return.");
    cmd.AddValue("cell", "run one cell: fin-idle, rst-idle, fin-blocked, rst-blocked", only);
    cmd.Parse(argc, argv);

    bool found = only.empty();
    for (const Cell& cell : kCells)
    {
        found = found || cell.name == only;
    }
    if (!found)
    {
        std::cerr << "tcp-teardown-send-after-close: --cell=" << only
                  << " is invalid: it must be fin-idle, rst-idle, fin-blocked or rst-blocked (see "
                     "--help)"
                  << std::endl;
        return 1;
    }

    for (const Cell& cell : kCells)
    {
        if (!only.empty() && cell.name != only)
        {
            continue;
        }
        TcpSendAfterCloseScenario scenario;
        scenario.SetClientResets(cell.resets);
        scenario.SetServerBlocked(cell.blocked);
        scenario.Run();
        std::cout << "== " << cell.name << ": client closes with " << (cell.resets ? "RST" : "FIN")
                  << ", server " << (cell.blocked ? "blocked in send()" : "idle, then sends")
                  << "\n";
        for (const auto& call : scenario.GetCalls())
        {
            std::cout << "   server " << call << "\n";
        }
        std::cout << "   client sent: " << scenario.GetClientSegments() << "\n";
        std::cout << "   document:    " << cell.document << "\n";
        std::cout << "   Linux 6.18:  " << cell.onLinux << "\n";
    }
    return 0;
}
