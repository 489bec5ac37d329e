/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TcpTeardownPlot: each figure in both formats, complete, naming what it was given, and the same
// bytes from one run to the next; quotes in texts and paths; inputs that cannot be drawn are
// refused without a file. Where plots are unavailable (a build without gnuplot-iostream, or no
// gnuplot on PATH) the suite says so and checks that every function refuses instead.

#include "ns3/tcp-teardown-plot.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <locale>
#include <memory>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

using Plot = TcpTeardownPlot;
using S = TcpSocket;

/// A fresh folder under $TMPDIR (or /tmp), removed with the files in it when it goes.
class TempFolder
{
  public:
    TempFolder()
    {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern =
            std::string(tmp && *tmp ? tmp : "/tmp") + "/tcp-teardown-plot-test-XXXXXX";
        std::vector<char> name(pattern.begin(), pattern.end());
        name.push_back('\0');
        if (mkdtemp(name.data()))
        {
            m_path = name.data();
        }
    }

    ~TempFolder()
    {
        if (m_path.empty())
        {
            return;
        }
        if (DIR* dir = opendir(m_path.c_str()))
        {
            while (const dirent* entry = readdir(dir))
            {
                const std::string name = entry->d_name;
                if (name != "." && name != "..")
                {
                    std::remove((m_path + "/" + name).c_str());
                }
            }
            closedir(dir);
        }
        rmdir(m_path.c_str());
    }

    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;

    /// \return whether the folder was created
    bool IsValid() const
    {
        return !m_path.empty();
    }

    /// \return the folder
    const std::string& GetPath() const
    {
        return m_path;
    }

    /// \return the path of \p name in the folder
    std::string Path(const std::string& name) const
    {
        return m_path + "/" + name;
    }

  private:
    std::string m_path; //!< the folder, "" if it could not be created
};

/// The whole content of a file, "" if there is none.
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Whether a file of that name exists.
bool
Exists(const std::string& path)
{
    struct stat status
    {
    };

    return stat(path.c_str(), &status) == 0;
}

/// How many times \p what occurs in \p text.
std::size_t
Occurrences(const std::string& text, const std::string& what)
{
    std::size_t count = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    {
        ++count;
    }
    return count;
}

/// The four-way close of a 10 ms link: client actively, server passively, 60 s of TIME_WAIT.
std::vector<Plot::StateSeries>
FourWayClose()
{
    Plot::StateSeries client{"client (active closer)",
                             {{Seconds(1.0), S::CLOSED},
                              {Seconds(1.0), S::SYN_SENT},
                              {Seconds(1.0101), S::ESTABLISHED},
                              {Seconds(1.5), S::FIN_WAIT_1},
                              {Seconds(1.5101), S::FIN_WAIT_2},
                              {Seconds(1.5202), S::TIME_WAIT},
                              {Seconds(61.5202), S::CLOSED}}};
    Plot::StateSeries server{"server (passive closer)",
                             {{Seconds(1.005), S::SYN_RCVD},
                              {Seconds(1.0151), S::ESTABLISHED},
                              {Seconds(1.5051), S::CLOSE_WAIT},
                              {Seconds(1.5151), S::LAST_ACK},
                              {Seconds(1.5252), S::CLOSED}}};
    return {client, server};
}

/// Linux's backoff: RTO from 200 ms, doubled up to 120 s, 15 retransmissions; \return the time
/// of ETIMEDOUT, when the last RTO expires.
double
Backoff(Plot::Series& staircase, Plot::Series& retransmissions)
{
    staircase = Plot::Series{"RTO after the retransmission", {}, "steps"};
    retransmissions = Plot::Series{"retransmissions", {}, "points"};
    double time = 0.2;
    double rto = 0.2;
    for (int i = 0; i < 15; ++i)
    {
        rto = std::min(2 * rto, 120.0);
        staircase.points.emplace_back(time, rto);
        retransmissions.points.emplace_back(time, rto);
        time += rto;
    }
    return time;
}

/// Seconds with 2 decimals, whatever the locale.
std::string
Seconds2(double seconds)
{
    std::ostringstream os;
    os.imbue(std::locale::classic());
    os << std::fixed << std::setprecision(2) << seconds;
    return os.str();
}

/// The send-after-close outcome table, as Plot::Table takes it.
struct TableInput
{
    std::vector<std::string> rows;               //!< row labels
    std::vector<std::string> columns;            //!< column labels
    std::vector<std::vector<std::string>> cells; //!< cells
    std::vector<std::vector<int>> shade;         //!< shades
};

/// \return the table of send() after the peer closed
TableInput
SendAfterClose()
{
    return TableInput{{"peer closed (FIN)", "peer reset (RST)", "peer closed, then crashed"},
                      {"first send()", "second send()"},
                      {{"OK, RST back", "EPIPE"}, {"ECONNRESET", "EPIPE"}, {"OK", "OK, no answer"}},
                      {{1, 2}, {2, 2}, {1, 0}}};
}

/// Draws a figure into a base path; \return what the plot function returned.
using Draw = std::function<bool(const std::string& basePath)>;

/// A test case with a temporary folder and the checks every figure gets.
class PlotTestCase : public TestCase
{
  public:
    /// \param name the test case name
    explicit PlotTestCase(const std::string& name)
        : TestCase(name)
    {
    }

  protected:
    /**
     * \brief Draw twice into one base path; check both files after each run, and that the
     *        second run wrote the same bytes.
     * \param basePath where
     * \param draw what
     * \param texts what the SVG must show (title, labels...)
     * \param svg set to the SVG of the first run
     */
    void DrawTwice(const std::string& basePath,
                   const Draw& draw,
                   const std::vector<std::string>& texts,
                   std::string* svg = nullptr)
    {
        NS_TEST_EXPECT_MSG_EQ(draw(basePath), true, "first run draws " << basePath);
        const std::string svg1 = ReadFile(basePath + ".svg");
        const std::string png1 = ReadFile(basePath + ".png");
        CheckFiles(basePath, svg1, png1, texts);
        NS_TEST_EXPECT_MSG_EQ(draw(basePath), true, "second run draws " << basePath);
        const std::string svg2 = ReadFile(basePath + ".svg");
        const std::string png2 = ReadFile(basePath + ".png");
        NS_TEST_EXPECT_MSG_EQ((svg1 == svg2), true, basePath << ".svg is the same in both runs");
        NS_TEST_EXPECT_MSG_EQ((png1 == png2), true, basePath << ".png is the same in both runs");
        if (svg)
        {
            *svg = svg1;
        }
    }

    /// Both files are there, complete, and the SVG shows every text.
    void CheckFiles(const std::string& basePath,
                    const std::string& svg,
                    const std::string& png,
                    const std::vector<std::string>& texts)
    {
        NS_TEST_EXPECT_MSG_EQ((svg.size() > 0), true, basePath << ".svg exists, not empty");
        NS_TEST_EXPECT_MSG_EQ((png.size() > 0), true, basePath << ".png exists, not empty");
        NS_TEST_EXPECT_MSG_EQ((svg.compare(0, 5, "<?xml") == 0), true, "an XML document");
        NS_TEST_EXPECT_MSG_EQ((svg.find("</svg>") != std::string::npos),
                              true,
                              basePath << ".svg is complete");
        NS_TEST_EXPECT_MSG_EQ((png.compare(0, 8, std::string("\x89PNG\r\n\x1a\n", 8)) == 0),
                              true,
                              basePath << ".png starts with the PNG signature");
        for (const auto& text : texts)
        {
            NS_TEST_EXPECT_MSG_EQ((svg.find(">" + text + "<") != std::string::npos),
                                  true,
                                  basePath << ".svg shows \"" << text << "\"");
        }
    }

    /// Neither file of \p basePath exists.
    void CheckNoFile(const std::string& basePath, const std::string& why)
    {
        NS_TEST_EXPECT_MSG_EQ(Exists(basePath + ".svg"),
                              false,
                              "no " << basePath << ".svg: " << why);
        NS_TEST_EXPECT_MSG_EQ(Exists(basePath + ".png"),
                              false,
                              "no " << basePath << ".png: " << why);
    }

    /// A fresh temporary folder for each run.
    void DoSetup() override
    {
        m_folder = std::make_unique<TempFolder>();
    }

    /// Remove the folder and the figures.
    void DoTeardown() override
    {
        m_folder.reset();
    }

    std::unique_ptr<TempFolder> m_folder; //!< where the figures go
};

/// The four-way close as a state timeline, simulation time or log time.
class StateTimelineTestCase : public PlotTestCase
{
  public:
    /// \param logTime whether the x axis is log time
    explicit StateTimelineTestCase(bool logTime)
        : PlotTestCase(std::string("StateTimeline, ") +
                       (logTime ? "log time since the first event" : "simulation time")),
          m_logTime(logTime)
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_folder->IsValid(), true, "a temporary folder");
        const std::string title = "Four-way close: states of both ends";
        std::vector<std::string> texts = {title,
                                          "client (active closer)",
                                          "server (passive closer)"};
        for (int state = S::CLOSED; state < S::LAST_STATE; ++state)
        {
            texts.emplace_back(S::TcpStateName[state]); // the y axis
        }
        if (m_logTime)
        {
            // The shortest gap between events is 5 ms: the offset is 1 ms.
            texts.emplace_back("time since the first event (at 1 s) + 1 ms, log scale");
            texts.emplace_back("1 ms");
            texts.emplace_back("10 s");
        }
        else
        {
            texts.emplace_back("time (s)");
        }
        const auto series = FourWayClose();
        DrawTwice(
            m_folder->Path(m_logTime ? "timeline-log" : "timeline"),
            [&](const std::string& basePath) {
                return Plot::StateTimeline(basePath, title, series, Seconds(65), m_logTime);
            },
            texts);
    }

    bool m_logTime; //!< whether the x axis is log time
};

/// The retransmission backoff until ETIMEDOUT, on a log y axis, with its marker.
class BackoffLinesTestCase : public PlotTestCase
{
  public:
    BackoffLinesTestCase()
        : PlotTestCase("Lines: backoff staircase, log y, ETIMEDOUT marker")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_folder->IsValid(), true, "a temporary folder");
        Plot::Series staircase;
        Plot::Series retransmissions;
        const double timeout = Backoff(staircase, retransmissions);
        const std::string marker = "ETIMEDOUT at " + Seconds2(timeout) + " s";
        NS_TEST_ASSERT_MSG_EQ(marker, "ETIMEDOUT at 924.60 s", "15 retransmissions from 200 ms");
        const std::string title = "Retransmission backoff until ETIMEDOUT";
        DrawTwice(m_folder->Path("backoff"),
                  [&](const std::string& basePath) {
                      return Plot::Lines(basePath,
                                         title,
                                         "time of the retransmission (s)",
                                         "RTO that follows (s)",
                                         {staircase, retransmissions},
                                         {{timeout, marker}},
                                         true);
                  },
                  {title,
                   "time of the retransmission (s)",
                   "RTO that follows (s)",
                   staircase.label,
                   retransmissions.label,
                   marker});
    }
};

/// Populations over time, in each of the five styles, no marker, linear axes.
class StylesLinesTestCase : public PlotTestCase
{
  public:
    StylesLinesTestCase()
        : PlotTestCase("Lines: steps, lines, linespoints, points, impulses")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_folder->IsValid(), true, "a temporary folder");
        std::vector<Plot::Series> series = {{"TIME_WAIT", {}, "steps"},
                                            {"CLOSE_WAIT", {}, "lines"},
                                            {"ESTABLISHED", {}, "linespoints"},
                                            {"FIN_WAIT_2", {}, "points"},
                                            {"RSTs sent", {}, "impulses"}};
        for (int i = 0; i <= 20; ++i)
        {
            series[0].points.emplace_back(5.0 * i, std::min(i, 12));
            series[1].points.emplace_back(5.0 * i, i / 2.0);
            series[2].points.emplace_back(5.0 * i, 3 + std::sin(i));
            series[3].points.emplace_back(5.0 * i, i % 3);
            series[4].points.emplace_back(5.0 * i + 2.5, i % 4);
        }
        std::vector<std::string> texts = {"Connections by state", "time (s)", "connections"};
        for (const auto& s : series)
        {
            texts.push_back(s.label);
        }
        DrawTwice(
            m_folder->Path("populations"),
            [&](const std::string& basePath) {
                return Plot::Lines(basePath, texts[0], texts[1], texts[2], series);
            },
            texts);
    }
};

/// The send-after-close table: every text, and one background per cell in its shade.
class TableTestCase : public PlotTestCase
{
  public:
    TableTestCase()
        : PlotTestCase("Table: send() after the peer closed, shaded cells")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_folder->IsValid(), true, "a temporary folder");
        const TableInput table = SendAfterClose();
        const std::string title = "send() after the peer closed";
        std::vector<std::string> texts = {title};
        texts.insert(texts.end(), table.rows.begin(), table.rows.end());
        texts.insert(texts.end(), table.columns.begin(), table.columns.end());
        for (const auto& row : table.cells)
        {
            texts.insert(texts.end(), row.begin(), row.end());
        }
        std::string svg;
        DrawTwice(
            m_folder->Path("send-after-close"),
            [&](const std::string& basePath) {
                return Plot::Table(basePath,
                                   title,
                                   table.rows,
                                   table.columns,
                                   table.cells,
                                   table.shade);
            },
            texts,
            &svg);
        // gnuplot's SVG fills each cell with fill = 'rgb(r, g, b)': #c8e6c9 ok, #ffcdd2 error.
        NS_TEST_EXPECT_MSG_EQ(Occurrences(svg, "rgb(200, 230, 201)"), 2u, "two ok cells, green");
        NS_TEST_EXPECT_MSG_EQ(Occurrences(svg, "rgb(255, 205, 210)"), 3u, "three error cells, red");
    }
};

/// A table whose sizes do not match is refused, without a file.
class TableMismatchTestCase : public PlotTestCase
{
  public:
    TableMismatchTestCase()
        : PlotTestCase("Table: cells, shades and labels of different sizes are refused")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_folder->IsValid(), true, "a temporary folder");
        const std::string basePath = m_folder->Path("mismatch");
        const auto refused = [&](TableInput table, const std::string& why) {
            NS_TEST_EXPECT_MSG_EQ(Plot::Table(basePath,
                                              "mismatch",
                                              table.rows,
                                              table.columns,
                                              table.cells,
                                              table.shade),
                                  false,
                                  why);
            CheckNoFile(basePath, why);
        };
        TableInput table = SendAfterClose();
        table.cells.pop_back();
        refused(table, "2 rows of cells for 3 row labels");
        table = SendAfterClose();
        table.cells[1].pop_back();
        refused(table, "a row of 1 cell for 2 column labels");
        table = SendAfterClose();
        table.columns.push_back("third send()");
        refused(table, "3 column labels for rows of 2 cells");
        table = SendAfterClose();
        table.shade.pop_back();
        refused(table, "2 rows of shades for 3 rows");
        table = SendAfterClose();
        table.shade[2].push_back(0);
        refused(table, "a row of 3 shades for 2 columns");
        table = SendAfterClose();
        table.shade[0][1] = 3;
        refused(table, "shade 3");
        refused(TableInput{}, "no row, no column");
    }
};

/// Quotes, backslashes, percent signs and newlines in texts and in the path.
class QuotesTestCase : public PlotTestCase
{
  public:
    QuotesTestCase()
        : PlotTestCase("texts and paths with quotes, backslashes and newlines")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_folder->IsValid(), true, "a temporary folder");
        const std::string title = "Bob's \"half-close\": 'it''s' \\ 100% {not} _enhanced_ @x";
        const std::string label = "server's end";
        Plot::Series series{label, {{0, 1}, {1, 2}}, "linespoints"};
        // A newline is not possible in a single-quoted gnuplot string: it becomes a space.
        DrawTwice(
            m_folder->Path("it's a \"figure\""),
            [&](const std::string& basePath) {
                return Plot::Lines(basePath, title, "x 'one'", "line one\nline two", {series});
            },
            {title, label, "x 'one'", "line one line two"});
        DrawTwice(m_folder->Path("quote-table"),
                  [&](const std::string& basePath) {
                      return Plot::Table(basePath,
                                         "it's a table",
                                         {"peer's FIN"},
                                         {"'first' send()"},
                                         {{"it's OK"}},
                                         {{1}});
                  },
                  {"it's a table", "peer's FIN", "'first' send()", "it's OK"});
        DrawTwice(m_folder->Path("quote-timeline"),
                  [&](const std::string& basePath) {
                      return Plot::StateTimeline(basePath,
                                                 "client's states",
                                                 {{"client's", {{Seconds(1), S::SYN_SENT}}}},
                                                 Seconds(2));
                  },
                  {"client's states", "client's"});
    }
};

/// Inputs that cannot be drawn are refused, without a file.
class InvalidInputTestCase : public PlotTestCase
{
  public:
    InvalidInputTestCase()
        : PlotTestCase("inputs that cannot be drawn are refused")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_folder->IsValid(), true, "a temporary folder");
        const std::string basePath = m_folder->Path("invalid");
        const auto lines = [&](std::vector<Plot::Series> series,
                               bool logY,
                               const std::string& why) {
            NS_TEST_EXPECT_MSG_EQ(Plot::Lines(basePath, "t", "x", "y", series, logY), false, why);
            CheckNoFile(basePath, why);
        };
        lines({}, false, "no series");
        lines({{"a", {}, "lines"}}, false, "a series without points");
        lines({{"a", {{0, 1}}, "bars"}}, false, "an unknown style");
        lines({{"a", {{0, 1}}, ""}}, false, "an empty style");
        lines({{"a", {{0, std::nan("")}}, "lines"}}, false, "a NaN");
        lines({{"a", {{HUGE_VAL, 1}}, "lines"}}, false, "an infinite x");
        lines({{"a", {{0, 1}, {1, 0}}, "lines"}}, true, "y = 0 on a log axis");
        NS_TEST_EXPECT_MSG_EQ(
            Plot::Lines(basePath, "t", "x", "y", {{"a", {{0, 1}}, "lines"}}, {{NAN, "m"}}),
            false,
            "a marker at NaN");
        CheckNoFile(basePath, "a marker at NaN");

        const auto timeline =
            [&](std::vector<Plot::StateSeries> series, Time end, const std::string& why) {
                NS_TEST_EXPECT_MSG_EQ(Plot::StateTimeline(basePath, "t", series, end), false, why);
                CheckNoFile(basePath, why);
            };
        timeline({}, Seconds(1), "no series");
        timeline({{"a", {}}}, Seconds(1), "a series without entries");
        timeline({{"a", {{Seconds(2), S::SYN_SENT}, {Seconds(1), S::ESTABLISHED}}}},
                 Seconds(3),
                 "times going backwards");
        timeline({{"a", {{Seconds(1), S::SYN_SENT}, {Seconds(2), S::ESTABLISHED}}}},
                 Seconds(1.5),
                 "end before the last entry");
        timeline({{"a", {{Seconds(1), S::SYN_SENT}}}}, Seconds(1), "end at the first event");
        timeline({{"a", {{Seconds(1), S::LAST_STATE}}}}, Seconds(2), "LAST_STATE is no state");

        const std::string nowhere = m_folder->Path("no-such-folder/figure");
        NS_TEST_EXPECT_MSG_EQ(
            Plot::Lines(nowhere, "t", "x", "y", {{"a", {{0, 1}, {1, 2}}, "lines"}}),
            false,
            "a folder that does not exist");
        CheckNoFile(nowhere, "a folder that does not exist");
    }
};

/// A gnuplot that fails is reported, and leaves no file: one that exits at once, before the
/// data (more than a pipe holds) is sent, and one that reads everything and draws nothing.
class FailingGnuplotTestCase : public PlotTestCase
{
  public:
    FailingGnuplotTestCase()
        : PlotTestCase("a gnuplot that fails is reported, without a file")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_folder->IsValid(), true, "a temporary folder");
        const std::string fake = m_folder->Path("gnuplot");
        const char* path = std::getenv("PATH");
        const std::string savedPath = path ? path : "";
        // Both fakes are shell scripts: keep the shell's own folder on PATH, after the fake.
        setenv("PATH", (m_folder->GetPath() + ":/usr/bin:/bin").c_str(), 1);
        Plot::Series big{"big", {}, "lines"};
        for (int i = 0; i < 20000; ++i)
        {
            big.points.emplace_back(i * 0.001, std::sin(i * 0.001));
        }
        const std::vector<std::pair<std::string, std::string>> fakes = {
            {"exits at once", "#!/bin/sh\nexit 1\n"},
            {"reads all, draws nothing", "#!/bin/sh\ncat > /dev/null\n"}};
        for (const auto& [what, script] : fakes)
        {
            {
                std::ofstream out(fake, std::ios::trunc);
                out << script;
            }
            chmod(fake.c_str(), 0755);
            NS_TEST_EXPECT_MSG_EQ(Plot::IsAvailable(), true, "the fake gnuplot is found");
            const std::string basePath = m_folder->Path("failing");
            NS_TEST_EXPECT_MSG_EQ(Plot::Lines(basePath, "t", "x", "y", {big}),
                                  false,
                                  "a gnuplot that " << what);
            CheckNoFile(basePath, "a gnuplot that " + what);
        }
        if (path)
        {
            setenv("PATH", savedPath.c_str(), 1);
        }
        else
        {
            unsetenv("PATH");
        }
    }
};

/// Every function refuses where plots are unavailable. With gnuplot at hand, PATH is emptied
/// for the test, as on a host without gnuplot.
class UnavailableTestCase : public PlotTestCase
{
  public:
    UnavailableTestCase()
        : PlotTestCase(Plot::IsAvailable()
                           ? "without gnuplot on PATH every function refuses"
                           : "PLOTS UNAVAILABLE in this build or on this PATH: every "
                             "function refuses")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_folder->IsValid(), true, "a temporary folder");
        const bool available = Plot::IsAvailable();
        const char* path = std::getenv("PATH");
        const std::string savedPath = path ? path : "";
        if (available)
        {
            // The temporary folder holds no gnuplot.
            setenv("PATH", m_folder->GetPath().c_str(), 1);
        }
        else
        {
            std::cerr << "tcp-teardown-plot: plots are unavailable (built without "
                         "gnuplot-iostream, or no gnuplot on PATH): no figure is drawn, the "
                         "suite only checks that every function returns false"
                      << std::endl;
        }
        const bool hidden = Plot::IsAvailable();
        const std::string basePath = m_folder->Path("unavailable");
        const TableInput table = SendAfterClose();
        const bool timeline = Plot::StateTimeline(basePath, "t", FourWayClose(), Seconds(65), true);
        const bool lines = Plot::Lines(basePath, "t", "x", "y", {{"a", {{0, 1}}, "lines"}});
        const bool marked =
            Plot::Lines(basePath, "t", "x", "y", {{"a", {{0, 1}}, "lines"}}, {{0.5, "m"}}, true);
        const bool drawn =
            Plot::Table(basePath, "t", table.rows, table.columns, table.cells, table.shade);
        if (available)
        {
            if (path)
            {
                setenv("PATH", savedPath.c_str(), 1);
            }
            else
            {
                unsetenv("PATH");
            }
            NS_TEST_EXPECT_MSG_EQ(Plot::IsAvailable(), true, "available again with PATH back");
        }
        NS_TEST_EXPECT_MSG_EQ(hidden, false, "IsAvailable() without gnuplot on PATH");
        NS_TEST_EXPECT_MSG_EQ(timeline, false, "StateTimeline() refuses");
        NS_TEST_EXPECT_MSG_EQ(lines, false, "Lines() refuses");
        NS_TEST_EXPECT_MSG_EQ(marked, false, "Lines() with markers refuses");
        NS_TEST_EXPECT_MSG_EQ(drawn, false, "Table() refuses");
        CheckNoFile(basePath, "plots are unavailable");
    }
};

/// The plot suite.
class TcpTeardownPlotTestSuite : public TestSuite
{
  public:
    TcpTeardownPlotTestSuite()
        : TestSuite("tcp-teardown-plot", UNIT)
    {
        // Where plots are unavailable, only the refusals can be checked; the name of the
        // remaining test case says so.
        if (Plot::IsAvailable())
        {
            AddTestCase(new StateTimelineTestCase(false), TestCase::QUICK);
            AddTestCase(new StateTimelineTestCase(true), TestCase::QUICK);
            AddTestCase(new BackoffLinesTestCase(), TestCase::QUICK);
            AddTestCase(new StylesLinesTestCase(), TestCase::QUICK);
            AddTestCase(new TableTestCase(), TestCase::QUICK);
            AddTestCase(new TableMismatchTestCase(), TestCase::QUICK);
            AddTestCase(new QuotesTestCase(), TestCase::QUICK);
            AddTestCase(new InvalidInputTestCase(), TestCase::QUICK);
            AddTestCase(new FailingGnuplotTestCase(), TestCase::QUICK);
        }
        AddTestCase(new UnavailableTestCase(), TestCase::QUICK);
    }
};

/// Static instance registering the suite.
static TcpTeardownPlotTestSuite g_tcpTeardownPlotTestSuite;

} // namespace
