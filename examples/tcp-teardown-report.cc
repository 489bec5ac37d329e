/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The report: every story of the catalogue, simulated, checked and plotted.
//
// For each entry of TcpTeardownCatalogue it runs the story with its defaults, checks every
// state transition against RFC 9293's diagram, judges the outcome against Linux, writes the
// records as CSV (<output>/<story>/*.csv) and plots (state timelines; the backoff staircase
// to ETIMEDOUT; CLOSE_WAIT and TIME_WAIT populations; corrupted bytes against TIME_WAIT; the
// send-after-close table; the state diagram with the transitions the catalogue visited), and
// writes <output>/index.html, one section per story. Prints progress and a summary table;
// exits with 1 if a story's verdict fails or a transition is outside the diagram.
//
//   ./tcp-teardown-report
//   ./tcp-teardown-report --output=/tmp/report --stories=lost-final-ack,peer-reboot

#include "ns3/core-module.h"
#include "ns3/tcp-teardown-module.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <locale>
#include <map>
#include <sstream>
#include <sys/stat.h>

using namespace ns3;

namespace
{

const char* const PROGRAM = "tcp-teardown-report";

/// Text made safe for HTML.
std::string
Html(const std::string& text)
{
    std::string out;
    for (char c : text)
    {
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

/// Create a folder (and say why not).
bool
MakeFolder(const std::string& path)
{
    if (mkdir(path.c_str(), 0777) != 0 && errno != EEXIST)
    {
        std::cerr << PROGRAM << ": cannot create " << path << ": " << std::strerror(errno)
                  << std::endl;
        return false;
    }
    struct stat info;
    if (stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    {
        std::cerr << PROGRAM << ": cannot create " << path << ": it exists and is not a folder"
                  << std::endl;
        return false;
    }
    return true;
}

/// Split "a,b,c".
std::vector<std::string>
Split(const std::string& list)
{
    std::vector<std::string> items;
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ','))
    {
        if (!item.empty())
        {
            items.push_back(item);
        }
    }
    return items;
}

/// A number with fixed decimals.
std::string
Fixed(double value, int decimals)
{
    std::ostringstream os;
    os.imbue(std::locale::classic());
    os << std::fixed << std::setprecision(decimals) << value;
    return os.str();
}

/// What a section shows besides the timeline.
struct Section
{
    const TcpTeardownCatalogue::Entry* entry{nullptr};       //!< the story
    TcpScenarioResult result;                                //!< its result
    std::vector<std::pair<std::string, std::string>> images; //!< file (relative), caption
    std::string extraHtml;                                   //!< tables etc.
};

/// The state timeline of a result's endpoints.
void
PlotTimeline(const std::string& output, Section& section)
{
    std::vector<TcpTeardownPlot::StateSeries> series;
    for (const auto& endpoint : section.result.endpoints)
    {
        if (!endpoint.timeline.empty())
        {
            series.push_back({endpoint.label, endpoint.timeline});
        }
    }
    if (series.empty())
    {
        return;
    }
    const std::string name = section.entry->name + "/timeline";
    if (TcpTeardownPlot::StateTimeline(output + "/" + name,
                                       section.entry->title + ": states",
                                       series,
                                       section.result.stopTime,
                                       true))
    {
        section.images.emplace_back(name + ".svg",
                                    "State timeline of each end (time since the first event, "
                                    "log scale).");
    }
}

/// The backoff staircase: each retransmission and the RTO that followed it.
void
PlotStaircase(const std::string& output, Section& section)
{
    const TcpScenarioResult& r = section.result;
    TcpTeardownPlot::Series rto{"RTO after the retransmission", {}, "steps"};
    TcpTeardownPlot::Series sent{"retransmission", {}, "impulses"};
    for (const auto& record : r.retransmissions)
    {
        rto.points.emplace_back(record.time.GetSeconds(), record.rto.GetSeconds());
        sent.points.emplace_back(record.time.GetSeconds(), record.rto.GetSeconds());
    }
    std::vector<TcpTeardownPlot::Marker> markers;
    for (const auto& end : r.ends)
    {
        if (end.reason == TcpCloseReason::TIMEDOUT)
        {
            markers.push_back(
                {end.time.GetSeconds(), "ETIMEDOUT at " + Fixed(end.time.GetSeconds(), 2) + " s"});
        }
    }
    const std::string name = section.entry->name + "/backoff";
    if (TcpTeardownPlot::Lines(output + "/" + name,
                               "Retransmission backoff until ETIMEDOUT",
                               "time (s)",
                               "RTO (s)",
                               {rto, sent},
                               markers))
    {
        section.images.emplace_back(name + ".svg",
                                    "Each timeout retransmission of the server and the RTO "
                                    "armed after it; the vertical line is the give-up.");
    }
}

/// Populations of states over time, one series per (node, state).
void
PlotPopulations(const std::string& output,
                Section& section,
                const std::vector<std::tuple<std::string, uint32_t, TcpSocket::TcpStates_t>>& what)
{
    std::vector<TcpTeardownPlot::Series> series;
    for (const auto& [label, node, state] : what)
    {
        TcpTeardownPlot::Series s{label, {{0.0, 0.0}}, "steps"};
        for (const auto& point :
             TcpTeardownRecorder::Population(section.result.transitions, node, state))
        {
            s.points.emplace_back(point.first.GetSeconds(), point.second);
        }
        s.points.emplace_back(section.result.stopTime.GetSeconds(), s.points.back().second);
        series.push_back(s);
    }
    const std::string name = section.entry->name + "/population";
    if (TcpTeardownPlot::Lines(output + "/" + name,
                               section.entry->title + ": connections per state",
                               "time (s)",
                               "connections",
                               series))
    {
        section.images.emplace_back(name + ".svg", "How many connections are in each state.");
    }
}

/// Corrupted bytes against TIME_WAIT for the stray segment (a small sweep).
void
PlotCorruptionSweep(const std::string& output, Section& section)
{
    TcpTeardownPlot::Series bytes{"old bytes delivered (stray delayed 4 s)", {}, "linespoints"};
    std::ofstream csv(output + "/" + section.entry->name + "/time-wait-sweep.csv");
    csv << "time_wait_s,corrupted_bytes,corrupted_connections\n";
    std::string rows;
    for (int seconds = 0; seconds <= 6; ++seconds)
    {
        TcpScenarioResult r =
            TcpTeardownCatalogue::Run("stray-segment",
                                      {{"TimeWait", std::to_string(seconds) + "s"}});
        const std::string corrupted = r.GetFigure("corrupted bytes");
        csv << seconds << "," << corrupted << "," << r.GetFigure("corrupted connections") << "\n";
        bytes.points.emplace_back(seconds, std::stod(corrupted));
        rows += "<tr><td>" + std::to_string(seconds) + " s</td><td>" + corrupted + "</td><td>" +
                r.GetFigure("corrupted connections") + "</td></tr>";
    }
    section.extraHtml += "<table><tr><th>client TIME_WAIT</th><th>old bytes delivered</th>"
                         "<th>connections hit</th></tr>" +
                         rows + "</table>";
    const std::string name = section.entry->name + "/corruption-vs-time-wait";
    if (TcpTeardownPlot::Lines(output + "/" + name,
                               "Old bytes delivered against the client's TIME_WAIT",
                               "TIME_WAIT (s)",
                               "bytes of an old connection delivered",
                               {bytes}))
    {
        section.images.emplace_back(name + ".svg",
                                    "The same stray, delayed 4 s, against TIME_WAIT lengths "
                                    "0..6 s (time-wait-sweep.csv).");
    }
}

/// The send-after-close table as a figure and as HTML.
void
PlotSendAfterClose(const std::string& output,
                   Section& section,
                   const std::vector<TcpSendAfterCloseTableScenario::Cell>& cells)
{
    std::vector<std::string> rows = {"client closed with FIN", "client closed with RST"};
    std::vector<std::string> columns = {"server idle", "server blocked in send()"};
    std::vector<std::vector<std::string>> text(2, std::vector<std::string>(2));
    std::vector<std::vector<int>> shade(2, std::vector<int>(2));
    for (const auto& cell : cells)
    {
        std::string calls;
        for (const auto& call : cell.calls)
        {
            if (call.compare(0, 4, "recv") != 0 && calls.size() < 40)
            {
                calls += (calls.empty() ? "" : "; ") + call;
            }
        }
        text[cell.clientResets ? 1 : 0][cell.serverBlocked ? 1 : 0] = calls;
        shade[cell.clientResets ? 1 : 0][cell.serverBlocked ? 1 : 0] = cell.asLinux ? 1 : 2;
    }
    const std::string name = section.entry->name + "/outcomes";
    if (TcpTeardownPlot::Table(output + "/" + name,
                               "send() after the peer closed (green: as Linux)",
                               rows,
                               columns,
                               text,
                               shade))
    {
        section.images.emplace_back(name + ".svg", "The server's calls after the client closed.");
    }
}

/// Write index.html.
bool
WriteHtml(const std::string& output,
          const std::vector<Section>& sections,
          const TcpStateDiagram& diagram,
          bool diagramRendered)
{
    std::ofstream html(output + "/index.html");
    uint32_t passed = 0;
    for (const auto& s : sections)
    {
        passed += s.result.passed ? 1 : 0;
    }
    html << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         << "<title>tcp-teardown report</title><style>\n"
         << "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;"
            "line-height:1.45;color:#222}\n"
         << "table{border-collapse:collapse;margin:0.8em 0}td,th{border:1px solid #bbb;"
            "padding:0.25em 0.6em;text-align:left;vertical-align:top}th{background:#eee}\n"
         << ".pass{color:#176d2c;font-weight:bold;white-space:nowrap}.fail{color:#b00020;font-"
            "weight:bold;white-space:nowrap}\n"
         << "img{max-width:100%;border:1px solid #ddd;margin:0.5em 0}figure{margin:0}"
            "figcaption{font-size:0.9em;color:#555}\n"
         << "section{border-top:2px solid #ccc;margin-top:2em}.linux{background:#f4f7fb;"
            "padding:0.5em 0.8em;border-left:4px solid #6b8fc6}\n"
         << "</style></head><body>\n"
         << "<h1>tcp-teardown report</h1>\n<p>Every story of the catalogue, run with its "
            "defaults by <code>tcp-teardown-report</code>: client, router and server on "
            "point-to-point links of 10 Mb/s and 5 ms, the Linux profile of "
            "<code>TcpTeardownSocket</code>. Each verdict compares what the simulation did "
            "with what Linux does; every state transition is checked against RFC 9293's "
            "diagram.</p>\n"
         << "<p><b>" << passed << " of " << sections.size() << "</b> stories as Linux; "
         << diagram.GetVisitedEdgeCount() << " of " << diagram.GetEdgeCount()
         << " edges of the state diagram visited.</p>\n";
    html << "<h2>Summary</h2><table><tr><th>story</th><th>verdict</th><th>what happened</th>"
            "</tr>\n";
    for (const auto& s : sections)
    {
        html << "<tr><td><a href=\"#" << s.entry->name << "\">" << Html(s.entry->name)
             << "</a></td><td class=\""
             << (s.result.passed ? "pass\">as Linux"
                                 : "fail\">NOT as "
                                   "Linux")
             << "</td><td>" << Html(s.result.observed) << "</td></tr>\n";
    }
    html << "</table>\n";
    for (const auto& s : sections)
    {
        const TcpScenarioResult& r = s.result;
        html << "<section id=\"" << s.entry->name << "\"><h2>" << Html(s.entry->title)
             << "</h2>\n<p><code>" << Html(s.entry->name) << "</code>: " << Html(s.entry->typeId);
        for (const auto& attribute : s.entry->attributes)
        {
            html << " " << Html(attribute.first) << "=" << Html(attribute.second);
        }
        html << "</p>\n<p><b>Expected (Linux):</b> " << Html(r.expected) << ".<br><b>Observed:</b> "
             << Html(r.observed) << ". <span class=\""
             << (r.passed ? "pass\">As Linux." : "fail\">Not as Linux.") << "</span></p>\n";
        html << "<table><tr><th>figure</th><th>value</th></tr>\n";
        for (const auto& figure : r.figures)
        {
            html << "<tr><td>" << Html(figure.first) << "</td><td>" << Html(figure.second)
                 << "</td></tr>\n";
        }
        html << "</table>\n<table><tr><th>end</th><th>states</th><th>outcome</th>"
                "<th>retransmissions</th><th>bytes sent / delivered / corrupted</th></tr>\n";
        for (const auto& e : r.endpoints)
        {
            std::string states;
            for (const auto& step : e.timeline)
            {
                states += (states.empty() ? "" : " → ") +
                          std::string(TcpSocket::TcpStateName[step.second]);
            }
            html << "<tr><td>" << Html(e.label) << "</td><td>" << Html(states) << "</td><td>"
                 << (e.ended ? Html(TcpCloseReasonName(e.reason)) + " at " +
                                   Fixed(e.end.GetSeconds(), 3) + " s"
                             : std::string("still ") + TcpSocket::TcpStateName[e.finalState])
                 << "</td><td>" << e.retransmissions << "</td><td>" << e.bytesSent << " / "
                 << e.bytesDelivered << " / " << e.bytesCorrupted << "</td></tr>\n";
        }
        html << "</table>\n" << s.extraHtml << "\n";
        for (const auto& image : s.images)
        {
            html << "<figure><img src=\"" << image.first << "\" alt=\"" << Html(image.second)
                 << "\"><figcaption>" << Html(image.second) << "</figcaption></figure>\n";
        }
        if (!r.violations.empty())
        {
            html << "<p class=\"fail\">Transitions outside RFC 9293's diagram:</p><ul>";
            for (const auto& v : r.violations)
            {
                html << "<li>" << Html(v.ToString()) << "</li>";
            }
            html << "</ul>\n";
        }
        html << "<p class=\"linux\"><b>Linux:</b> " << Html(s.entry->linuxReference) << "</p>\n"
             << "<p>Records: <a href=\"" << s.entry->name << "/transitions.csv\">transitions</a>, "
             << "<a href=\"" << s.entry->name << "/retransmissions.csv\">retransmissions</a>, "
             << "<a href=\"" << s.entry->name << "/outcomes.csv\">outcomes</a>, <a href=\""
             << s.entry->name << "/impairments.csv\">impairment actions</a>, <a href=\""
             << s.entry->name << "/endpoints.csv\">endpoints</a>.</p></section>\n";
    }
    html << "<section id=\"state-diagram\"><h2>RFC 9293's state diagram, as the catalogue "
            "covered it</h2>\n<p>"
         << diagram.GetVisitedEdgeCount() << " of " << diagram.GetEdgeCount()
         << " transitions visited (bold); dashed: not visited by any story.</p>\n";
    if (diagramRendered)
    {
        html << "<figure><img src=\"state-diagram.svg\" alt=\"state diagram\"></figure>\n";
    }
    html << "<p>Graphviz source: <a href=\"state-diagram.dot\">state-diagram.dot</a>. Not "
            "visited:</p><ul>\n";
    for (const auto& edge : diagram.GetUnvisitedEdges())
    {
        html << "<li>" << TcpSocket::TcpStateName[edge.first] << " → "
             << TcpSocket::TcpStateName[edge.second] << ": "
             << Html(diagram.GetEvent(edge.first, edge.second)) << "</li>\n";
    }
    html << "</ul></section>\n</body></html>\n";
    if (!html)
    {
        std::cerr << PROGRAM << ": cannot write " << output << "/index.html" << std::endl;
        return false;
    }
    return true;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string output = "tcp-teardown-report";
    std::string stories = "all";
    bool plots = true;
    TcpTeardownCommandLine cmd(__FILE__); // strict: a value not of the option's type fails
    cmd.Usage("Runs every teardown story of the catalogue with its defaults, checks it against "
              "Linux and RFC 9293's state diagram, and writes an HTML report with plots and "
              "CSV records.");
    cmd.AddValue("output", "folder for the report (created if missing)", output);
    cmd.AddValue("stories",
                 "comma-separated story names, or all (names: see the catalogue, or any "
                 "wrong name lists them)",
                 stories);
    cmd.AddValue("plots", "draw plots (needs gnuplot)", plots);
    cmd.Parse(argc, argv);

    std::vector<const TcpTeardownCatalogue::Entry*> selected;
    if (stories == "all")
    {
        for (const auto& entry : TcpTeardownCatalogue::GetEntries())
        {
            selected.push_back(&entry);
        }
    }
    else
    {
        cmd.Apply("stories", [&]() {
            for (const auto& name : Split(stories))
            {
                selected.push_back(&TcpTeardownCatalogue::Get(name)); // an unknown name is fatal
            }
        });
        if (selected.empty())
        {
            std::cerr << PROGRAM << ": --stories='" << stories
                      << "' names no story: give names separated by commas, or all" << std::endl;
            return 1;
        }
    }
    if (output.empty() || !MakeFolder(output))
    {
        cmd.Fail("output", "it is not a folder this program can create (its parent must exist)");
    }
    if (plots && !TcpTeardownPlot::IsAvailable())
    {
        std::cerr << PROGRAM << ": plots are not available (gnuplot-iostream or gnuplot "
                  << "missing); the report will have tables only" << std::endl;
        plots = false;
    }

    TcpStateDiagram diagram;
    std::vector<Section> sections;
    uint32_t failed = 0;
    const auto started = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < selected.size(); ++i)
    {
        const auto& entry = *selected[i];
        std::cout << "[" << std::setw(2) << i + 1 << "/" << selected.size() << "] " << std::left
                  << std::setw(28) << entry.name << std::right << std::flush;
        const auto t0 = std::chrono::steady_clock::now();
        Section section;
        section.entry = &entry;
        Ptr<TcpTeardownScenario> scenario = TcpTeardownCatalogue::Create(entry);
        section.result = scenario->Run();
        section.result.variant = entry.name;
        diagram.Check(section.result.transitions);
        const std::string folder = output + "/" + entry.name;
        if (!section.result.WriteCsv(folder))
        {
            return 1;
        }
        if (plots)
        {
            PlotTimeline(output, section);
            if (!section.result.retransmissions.empty() && entry.name == "peer-crash-sending")
            {
                PlotStaircase(output, section);
            }
            if (entry.name == "close-wait-leak" || entry.name == "close-wait-fixed")
            {
                PlotPopulations(output,
                                section,
                                {{"server CLOSE_WAIT", 1, TcpSocket::CLOSE_WAIT},
                                 {"client FIN_WAIT_2", 0, TcpSocket::FIN_WAIT_2},
                                 {"client TIME_WAIT", 0, TcpSocket::TIME_WAIT}});
            }
            if (entry.name == "stray-segment")
            {
                PlotCorruptionSweep(output, section);
            }
            if (entry.name == "send-after-close")
            {
                auto table = DynamicCast<TcpSendAfterCloseTableScenario>(scenario);
                PlotSendAfterClose(output, section, table->GetCells());
            }
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::cout << (section.result.passed ? " as Linux    " : " NOT as Linux") << "  ("
                  << Fixed(seconds, 1) << " s)" << std::endl;
        failed += section.result.passed ? 0 : 1;
        sections.push_back(std::move(section));
    }

    bool rendered = false;
    {
        std::ofstream dot(output + "/state-diagram.dot");
        diagram.WriteGraphviz(dot);
    }
    if (plots)
    {
        rendered = TcpStateDiagram::Render(output + "/state-diagram.dot",
                                           output + "/state-diagram.svg",
                                           "svg") &&
                   TcpStateDiagram::Render(output + "/state-diagram.dot",
                                           output + "/state-diagram.png",
                                           "png");
    }
    if (!WriteHtml(output, sections, diagram, rendered))
    {
        return 1;
    }
    {
        std::ofstream summary(output + "/summary.csv");
        summary << "story,verdict,violations,observed\n";
        for (const auto& s : sections)
        {
            std::string observed = s.result.observed;
            for (char& c : observed)
            {
                c = c == ',' ? ';' : c;
            }
            summary << s.entry->name << "," << (s.result.passed ? "as-linux" : "not-as-linux")
                    << "," << s.result.violations.size() << "," << observed << "\n";
        }
    }

    std::cout << "\n"
              << std::left << std::setw(28) << "story" << std::setw(14) << "verdict"
              << "what happened\n";
    for (const auto& s : sections)
    {
        std::cout << std::setw(28) << s.entry->name << std::setw(14)
                  << (s.result.passed ? "as Linux" : "NOT as Linux") << s.result.observed << "\n";
    }
    std::cout
        << std::right << "\n"
        << sections.size() - failed << " of " << sections.size() << " stories as Linux; "
        << diagram.GetVisitedEdgeCount() << " of " << diagram.GetEdgeCount()
        << " diagram edges visited; "
        << Fixed(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                 1)
        << " s\nreport: " << output << "/index.html" << std::endl;
    return failed == 0 ? 0 : 1;
}
