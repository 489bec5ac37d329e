/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// send() after the peer closed: the four cells of the table. Story "send-after-close" of the
// catalogue, run through TcpSendAfterCloseTableScenario (one TcpSendAfterCloseScenario per
// cell).
//
//   client ---- router ---- server     two point-to-point links, 10 Mb/s, 5 ms each
//
//   t = 1 s    the client connects (and never reads)
//   t = 1.5 s  "blocked" cells: the server starts a 1 MB send() and blocks on a full buffer
//   t = 3 s    the client closes first: with a FIN (SO_LINGER off) or a RST (SO_LINGER {1, 0})
//   t = 3.3 s  the server calls send(100) four times and recv() twice, 100 ms apart
//
// For each cell (--cell: one of them) the example prints what every call returned, what the
// client put on the wire, whether the calls are Linux's, the source document's expectation
// and what Linux 6.18 did on this path (test/validation/linux-send-after-close.sh). A blocked
// server is interrupted with the bytes it had copied; its client, which never read, had unread
// data, so its close() sends a RST whatever SO_LINGER says: that cell differs from the
// document's FIN row on Linux, and the module follows Linux. Then the result (the first cell's
// timelines, figures, verdict). With --output=DIR the records of the first cell go to DIR as
// CSV, with result.txt, the state timeline plot and cells.csv (every call of every cell);
// --pcap adds a pcap file per device and cell there.
//
//   ./tcp-teardown-send-after-close
//   ./tcp-teardown-send-after-close --cell=fin-idle --output=send-after-close --pcap=true

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <fstream>
#include <iostream>

using namespace ns3;

namespace
{

/// One cell of the table and its references.
struct Reference
{
    std::string name;      //!< --cell value
    std::string attribute; //!< the scenario's Cell value
    std::string document;  //!< the source document's expectation
    std::string onLinux;   //!< Linux 6.18, measured
};

const Reference kCells[] = {
    {"fin-idle",
     "FinIdle",
     "first send succeeds, client answers RST; next send: EPIPE",
     "send 100, EPIPE, EPIPE, EPIPE; recv 0, 0; client FIN, then bare RST to the data"},
    {"rst-idle",
     "RstIdle",
     "send: ECONNRESET; after that: EPIPE",
     "send ECONNRESET, EPIPE, EPIPE, EPIPE; recv 0, 0; client RST|ACK"},
    {"fin-blocked",
     "FinBlocked",
     "send returns the bytes copied; client answers the data with RST; next send: EPIPE",
     "blocked send 24616 (copied); send ECONNRESET, EPIPE, EPIPE; recv 0, 0; client RST|ACK "
     "(it had 4368 B unread)"},
    {"rst-blocked",
     "RstBlocked",
     "send returns the bytes copied; next send: ECONNRESET; after that: EPIPE",
     "blocked send 24616 (copied); send ECONNRESET, EPIPE, EPIPE; recv 0, 0; client RST|ACK"},
};

/**
 * The references of a cell.
 * \param name the cell's name
 * \return its references, or nullptr
 */
const Reference*
Find(const std::string& name)
{
    for (const Reference& reference : kCells)
    {
        if (reference.name == name)
        {
            return &reference;
        }
    }
    return nullptr;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string only;
    std::string output;
    bool pcap = false;
    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("send() after the peer closed: the four cells of the table (client closes with "
              "FIN or RST; server idle or blocked in send()), with every call's return (story "
              "send-after-close, TcpSendAfterCloseTableScenario).");
    cmd.AddValue("cell",
                 "run one cell: fin-idle, rst-idle, fin-blocked or rst-blocked; empty: all four",
                 only);
    cmd.AddValue("output",
                 "folder for the records (CSV), cells.csv, result.txt and the state timeline "
                 "plot; empty: print only",
                 output);
    cmd.AddValue("pcap",
                 "write a pcap file per device and cell to <output>/send-after-close-<cell>-*; "
                 "needs --output",
                 pcap);
    cmd.Parse(argc, argv);

    const char* program = "tcp-teardown-send-after-close";
    if (!only.empty() && Find(only) == nullptr)
    {
        std::cerr << program << ": --cell=" << only
                  << " is invalid: it must be fin-idle, rst-idle, fin-blocked or rst-blocked (see "
                     "--help)"
                  << std::endl;
        return 1;
    }
    cmd.RequireFolder("output", output);
    if (!TcpScenarioResult::PrepareOutput(output, pcap))
    {
        return 1;
    }

    Ptr<TcpSendAfterCloseTableScenario> story = CreateObject<TcpSendAfterCloseTableScenario>();
    story->SetStoryAttribute("Cell", StringValue(only.empty() ? "All" : Find(only)->attribute));
    if (pcap)
    {
        story->SetStoryAttribute("PcapPrefix", StringValue(output + "/" + story->GetStory()));
    }
    TcpScenarioResult result = story->Run();

    std::ostringstream table;
    table << "cell,as_linux,client_sent,step,call,returned\n";
    for (const auto& cell : story->GetCells())
    {
        const Reference* reference = Find(cell.name);
        std::cout << "== " << cell.name << ": client closes with "
                  << (cell.clientResets ? "RST" : "FIN") << ", server "
                  << (cell.serverBlocked ? "blocked in send()" : "idle, then sends") << "\n";
        for (std::size_t i = 0; i < cell.calls.size(); ++i)
        {
            std::cout << "   server " << cell.calls[i] << "\n";
            const std::size_t arrow = cell.calls[i].find(" -> ");
            table << cell.name << "," << (cell.asLinux ? "yes" : "no") << ",\""
                  << cell.clientSegments << "\"," << i + 1 << "," << cell.calls[i].substr(0, arrow)
                  << "," << (arrow == std::string::npos ? "" : cell.calls[i].substr(arrow + 4))
                  << "\n";
        }
        std::cout << "   client sent: " << cell.clientSegments << "\n";
        std::cout << "   as Linux:    " << (cell.asLinux ? "yes" : "no") << "\n";
        std::cout << "   document:    " << reference->document << "\n";
        std::cout << "   Linux 6.18:  " << reference->onLinux << "\n";
    }
    std::cout << "\n";
    result.Print(std::cout);
    if (!output.empty())
    {
        if (!result.Save(output))
        {
            return 1;
        }
        std::ofstream os(output + "/cells.csv");
        os << table.str();
        os.close();
        if (!os)
        {
            std::cerr << program << ": cannot write " << output << "/cells.csv" << std::endl;
            return 1;
        }
        std::cout << "records: " << output << "/" << std::endl;
    }
    return 0;
}
