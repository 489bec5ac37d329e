/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-send-after-close-table-scenario.h"

#include "tcp-send-after-close-scenario.h"

#include "ns3/enum.h"
#include "ns3/string.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(TcpSendAfterCloseTableScenario);

namespace
{

/**
 * The server's calls on Linux, as TcpSendAfterCloseScenario::GetCalls() writes them; a
 * trailing '*' matches any rest (the blocked send() returns how much it copied).
 */
std::vector<std::string>
LinuxCalls(bool resets, bool blocked)
{
    if (blocked)
    {
        return {"blocked send(1000000) -> *",
                "send(100) -> ECONNRESET",
                "send(100) -> EPIPE",
                "send(100) -> EPIPE",
                "send(100) -> EPIPE",
                "recv -> 0",
                "recv -> 0"};
    }
    return {resets ? "send(100) -> ECONNRESET" : "send(100) -> 100",
            "send(100) -> EPIPE",
            "send(100) -> EPIPE",
            "send(100) -> EPIPE",
            "recv -> 0",
            "recv -> 0"};
}

/// Whether calls match the expected list.
bool
Matches(const std::vector<std::string>& calls, const std::vector<std::string>& expected)
{
    if (calls.size() != expected.size())
    {
        return false;
    }
    for (std::size_t i = 0; i < calls.size(); ++i)
    {
        const std::string& want = expected[i];
        if (want.back() == '*' ? calls[i].compare(0, want.size() - 1, want, 0, want.size() - 1) != 0
                               : calls[i] != want)
        {
            return false;
        }
    }
    return true;
}

} // namespace

TypeId
TcpSendAfterCloseTableScenario::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpSendAfterCloseTableScenario")
            .SetParent<TcpTeardownScenario>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpSendAfterCloseTableScenario>()
            .AddAttribute("Cell",
                          "The cells to run: All (the four), FinIdle, RstIdle, FinBlocked or "
                          "RstBlocked (client closes with FIN or RST; server idle or blocked in "
                          "send()).",
                          EnumValue(ALL),
                          MakeEnumAccessor(&TcpSendAfterCloseTableScenario::m_only),
                          MakeEnumChecker(ALL,
                                          "All",
                                          FIN_IDLE,
                                          "FinIdle",
                                          RST_IDLE,
                                          "RstIdle",
                                          FIN_BLOCKED,
                                          "FinBlocked",
                                          RST_BLOCKED,
                                          "RstBlocked"));
    return tid;
}

std::string
TcpSendAfterCloseTableScenario::GetStory() const
{
    return "send-after-close";
}

const std::vector<TcpSendAfterCloseTableScenario::Cell>&
TcpSendAfterCloseTableScenario::GetCells() const
{
    return m_cells;
}

std::string
TcpSendAfterCloseTableScenario::CellName(bool clientResets, bool serverBlocked)
{
    return std::string(clientResets ? "rst" : "fin") + (serverBlocked ? "-blocked" : "-idle");
}

Time
TcpSendAfterCloseTableScenario::GetStopTime() const
{
    return Seconds(10);
}

void
TcpSendAfterCloseTableScenario::DoRun(TcpScenarioResult& result)
{
    m_cells.clear();
    result.stopTime = GetStopTime();
    StringValue pcapPrefix;
    GetAttribute("PcapPrefix", pcapPrefix);
    uint32_t asLinux = 0;
    for (bool blocked : {false, true})
    {
        for (bool resets : {false, true})
        {
            const Cells which =
                blocked ? (resets ? RST_BLOCKED : FIN_BLOCKED) : (resets ? RST_IDLE : FIN_IDLE);
            if (m_only != ALL && m_only != which)
            {
                continue;
            }
            TcpTeardownRecorder recorder;
            TcpSendAfterCloseScenario engine;
            engine.SetStage(GetLinkRate(), GetLinkDelay(), HasRouter(), &recorder);
            engine.SetTeardownHelper(MakeTeardownHelper());
            if (!pcapPrefix.Get().empty())
            {
                engine.SetPcapPrefix(pcapPrefix.Get() + "-" + CellName(resets, blocked));
            }
            engine.SetClientResets(resets);
            engine.SetServerBlocked(blocked);
            engine.Run();
            Cell cell;
            cell.name = CellName(resets, blocked);
            cell.clientResets = resets;
            cell.serverBlocked = blocked;
            cell.calls = engine.GetCalls();
            cell.clientSegments = engine.GetClientSegments();
            cell.asLinux = Matches(cell.calls, LinuxCalls(resets, blocked));
            asLinux += cell.asLinux ? 1 : 0;
            const std::string name = std::string(blocked ? "blocked" : "idle") + " server, " +
                                     (resets ? "RST" : "FIN") + " from the client";
            std::string first;
            for (const auto& call : cell.calls)
            {
                if (call.compare(0, 4, "send") == 0 || call.compare(0, 7, "blocked") == 0)
                {
                    first += (first.empty() ? "" : "; ") + call;
                    if (first.size() > 40)
                    {
                        break;
                    }
                }
            }
            result.AddFigure(name, first);
            m_cells.push_back(cell);
            // Keep the records of the first cell only: one timeline per story.
            if (result.transitions.empty())
            {
                CopyRecords(recorder, result);
                result.endpoints = {Describe(result, "client", 0), Describe(result, "server", 1)};
            }
        }
    }
    result.expected = "idle server: FIN -> the first send() succeeds, then EPIPE; RST -> "
                      "ECONNRESET, then EPIPE; blocked server: the blocked send() returns what "
                      "it copied, then ECONNRESET, then EPIPE";
    result.observed = std::to_string(asLinux) + " of " + std::to_string(m_cells.size()) +
                      (m_cells.size() == 1 ? " cell" : " cells") + " call for call as Linux";
    result.passed = asLinux == m_cells.size();
}

} // namespace ns3
