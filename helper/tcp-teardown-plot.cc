/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-plot.h"

#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <locale>
#include <sstream>

#ifdef TCP_TEARDOWN_HAVE_GNUPLOT_IOSTREAM
#include <cstdlib>
#include <gnuplot-iostream.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownPlot");

namespace
{

/// The font of every figure, SVG and PNG: an explicit one, not the terminal's default.
const char* const kFont = "DejaVu Sans,11";
/// The font of a table's row and column labels.
const char* const kBoldFont = "DejaVu Sans Bold,11";

/// The gnuplot variable that holds a single quote, for Quote().
const char* const kQuoteVariable = "tcpTeardownQuote";

/// Series colours, in order, then again.
const char* const kColours[] =
    {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};

/// The colour of series \p i.
std::string
Colour(std::size_t i)
{
    return kColours[i % (sizeof(kColours) / sizeof(kColours[0]))];
}

/// One figure: gnuplot commands and the data of its plot command, every number formatted.
struct Figure
{
    std::string basePath; //!< <basePath>.svg and <basePath>.png
    uint32_t width{0};    //!< pixels
    uint32_t height{0};   //!< pixels
    std::string settings; //!< commands before the plot command, one a line
    std::string plot;     //!< the plot command, one '-' per data set
    /// The data sets, in the order of the plot command: rows of columns, already formatted.
    std::vector<std::vector<std::vector<std::string>>> data;
};

/// A number with 12 significant digits, whatever the locale: "1.058", "60", "1e-06".
std::string
Num(double value)
{
    std::ostringstream os;
    os.imbue(std::locale::classic());
    os << std::setprecision(12) << value;
    return os.str();
}

/// Seconds with 6 decimals, whatever the locale, for axis labels.
std::string
SecondsText(Time t)
{
    std::ostringstream os;
    os.imbue(std::locale::classic());
    os << std::fixed << std::setprecision(6) << t.GetSeconds() << " s";
    return os.str();
}

/**
 * \brief \p text as a gnuplot string: single-quoted, so that nothing in it is substituted
 *        (backquotes, macros, backslashes); each ' becomes the variable kQuoteVariable, which
 *        Render() defines, joined by gnuplot's . operator; control characters, newlines
 *        included, become spaces.
 *
 * gnuplot's own '' escape fails next to another quote (''' or it''''s), and a literal "'"
 * in the line makes gnuplot expand @macros in the single-quoted text that follows.
 *
 * \param text any text
 * \return a gnuplot string expression, e.g. 'it'.tcpTeardownQuote.'s' for it's
 */
std::string
Quote(const std::string& text)
{
    std::string quoted = "'";
    for (char c : text)
    {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\'')
        {
            quoted += std::string("'.") + kQuoteVariable + ".'";
        }
        else if (byte < 0x20 || byte == 0x7f)
        {
            quoted += ' ';
        }
        else
        {
            quoted += c;
        }
    }
    return quoted + "'";
}

/// Characters (UTF-8 code points) in \p text.
std::size_t
Length(const std::string& text)
{
    return std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    });
}

/// Say why a figure is not drawn; \return false
bool
Fail(const std::string& basePath, const std::string& why)
{
    std::cerr << "TcpTeardownPlot: cannot write " << basePath << ".svg and " << basePath
              << ".png: " << why << std::endl;
    return false;
}

/// Whether plots can be drawn; if not, say so (in a build without gnuplot-iostream, once).
bool
CheckAvailable(const std::string& basePath)
{
#ifdef TCP_TEARDOWN_HAVE_GNUPLOT_IOSTREAM
    return TcpTeardownPlot::IsAvailable() || Fail(basePath, "no gnuplot executable on PATH");
#else
    static bool told = false;
    if (!told)
    {
        told = true;
        std::cerr << "TcpTeardownPlot: plots are unavailable in this build (built without "
                     "gnuplot-iostream): "
                  << basePath << ".svg/.png and any later figure are not drawn" << std::endl;
    }
    return false;
#endif
}

#ifdef TCP_TEARDOWN_HAVE_GNUPLOT_IOSTREAM

/// A formatted number or text, sent by gnuplot-iostream as it is.
struct Text
{
    std::string text; //!< what to send
};

/**
 * \brief Print a Text as it is.
 * \param os the stream
 * \param t the text
 * \return the stream
 */
std::ostream&
operator<<(std::ostream& os, const Text& t)
{
    return os << t.text;
}

/// SIGPIPE ignored for its lifetime: a gnuplot that exits early makes writes fail instead.
class SigpipeIgnored
{
  public:
    SigpipeIgnored()
    {
        struct sigaction ignore
        {
        };

        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        m_restore = sigaction(SIGPIPE, &ignore, &m_previous) == 0;
    }

    ~SigpipeIgnored()
    {
        if (m_restore)
        {
            sigaction(SIGPIPE, &m_previous, nullptr);
        }
    }

    SigpipeIgnored(const SigpipeIgnored&) = delete;
    SigpipeIgnored& operator=(const SigpipeIgnored&) = delete;

  private:
    struct sigaction m_previous
    {
    }; //!< the disposition to restore

    bool m_restore{false}; //!< whether m_previous is valid
};

/// The whole content of a file; false if it cannot be read.
bool
ReadFile(const std::string& path, std::string& content)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        return false;
    }
    content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

/// Whether \p content is a complete SVG document (gnuplot ends it when the output closes).
bool
IsCompleteSvg(const std::string& content)
{
    const std::string endTag = "</svg>";
    const auto last = content.find_last_not_of(" \t\r\n");
    return content.compare(0, 5, "<?xml") == 0 && last != std::string::npos &&
           last + 1 >= endTag.size() &&
           content.compare(last + 1 - endTag.size(), endTag.size(), endTag) == 0;
}

/// Whether \p content is a PNG from its signature to its IEND chunk.
bool
IsCompletePng(const std::string& content)
{
    const std::string signature("\x89PNG\r\n\x1a\n", 8);
    const std::string iend("\0\0\0\0IEND\xae\x42\x60\x82", 12);
    return content.size() >= signature.size() + iend.size() &&
           content.compare(0, signature.size(), signature) == 0 &&
           content.compare(content.size() - iend.size(), iend.size(), iend) == 0;
}

/// What gnuplot said, if it replaced \p content with its error message; else "".
std::string
GnuplotError(const std::string& content)
{
    const std::string prefix = "gnuplot error: ";
    if (content.compare(0, prefix.size(), prefix) != 0)
    {
        return "";
    }
    return content.substr(0, content.find('\n'));
}

#endif

/// Draw \p figure into <basePath>.svg and <basePath>.png; say why not and \return false.
bool
Render(const Figure& figure)
{
    NS_LOG_FUNCTION(figure.basePath << figure.width << figure.height);
    NS_LOG_DEBUG("gnuplot script for " << figure.basePath << ":\n"
                                       << figure.settings << figure.plot);
#ifndef TCP_TEARDOWN_HAVE_GNUPLOT_IOSTREAM
    return Fail(figure.basePath, "plots are unavailable in this build");
#else
    const std::string svg = figure.basePath + ".svg";
    const std::string png = figure.basePath + ".png";
    const auto removeBoth = [&]() {
        std::remove(svg.c_str());
        std::remove(png.c_str());
    };
    // gnuplot goes on after a failed "set output", into the previous output: create the files
    // here first, so that a path that cannot be written fails before gnuplot runs.
    for (const std::string& path : {svg, png})
    {
        std::ofstream probe(path, std::ios::binary | std::ios::trunc);
        if (!probe)
        {
            removeBoth();
            return Fail(figure.basePath, "cannot create " + path);
        }
    }

    std::ostringstream size;
    size.imbue(std::locale::classic());
    size << "size " << figure.width << "," << figure.height;
    const std::string look = " font " + Quote(kFont) + " background rgb 'white'\n";
    const std::string terminals[] = {
        "set terminal svg " + size.str() + " dynamic noenhanced" + look + "set output " +
            Quote(svg) + "\n",
        "set terminal pngcairo " + size.str() + " noenhanced" + look + "set output " + Quote(png) +
            "\n",
    };
    std::vector<std::vector<std::vector<Text>>> data;
    for (const auto& set : figure.data)
    {
        std::vector<std::vector<Text>> rows;
        for (const auto& row : set)
        {
            std::vector<Text> columns;
            for (const auto& column : row)
            {
                columns.push_back(Text{column});
            }
            rows.push_back(columns);
        }
        data.push_back(rows);
    }

    bool sent = false;
    std::string exception;
    {
        SigpipeIgnored sigpipeIgnored;
        try
        {
            // "-d": no initialization file, so that the user's ~/.gnuplot changes nothing.
            Gnuplot gnuplot("gnuplot -d");
            gnuplot.imbue(std::locale::classic());
            gnuplot << "set encoding utf8\n" << kQuoteVariable << " = \"'\"\n" << figure.settings;
            for (const std::string& terminal : terminals)
            {
                gnuplot << terminal << figure.plot << "\n";
                for (const auto& set : data)
                {
                    gnuplot.send1d(set);
                }
                gnuplot << "unset output\n";
            }
            // gnuplot goes on after an error and its exit status does not reach us: replace
            // the figures with its last error message, which the checks below report.
            gnuplot << "if (GPVAL_ERRNO != 0) { set print " << Quote(svg)
                    << "; print 'gnuplot error: ', GPVAL_ERRMSG; set print " << Quote(png)
                    << "; print 'gnuplot error: ', GPVAL_ERRMSG; unset print }\n";
            gnuplot.flush();
            sent = static_cast<bool>(gnuplot);
        } // ~Gnuplot waits for gnuplot to finish
        catch (const std::exception& e)
        {
            exception = e.what();
        }
    }

    std::string svgContent;
    std::string pngContent;
    const bool read = ReadFile(svg, svgContent) && ReadFile(png, pngContent);
    if (read && IsCompleteSvg(svgContent) && IsCompletePng(pngContent))
    {
        return true;
    }
    removeBoth();
    std::string why;
    if (!exception.empty())
    {
        why = "cannot run gnuplot: " + exception;
    }
    else if (!sent)
    {
        why = "gnuplot stopped reading its commands (is it installed and working?)";
    }
    else if (!GnuplotError(svgContent).empty())
    {
        why = GnuplotError(svgContent);
    }
    else if (!read)
    {
        why = "gnuplot's output cannot be read";
    }
    else
    {
        why = "gnuplot left an incomplete " + (IsCompleteSvg(svgContent) ? png : svg);
    }
    return Fail(figure.basePath, why);
#endif
}

/// The settings every figure starts with.
std::string
Common(const std::string& title)
{
    return "set title " + Quote(title) +
           "\nset key outside below center horizontal height 1\nset grid lc rgb '#d8d8d8'\n";
}

/// The settings of a figure with x and y axes: labels, number formats, a logarithmic y axis
/// or, for values that are never negative (counts, sizes, durations), a y axis from 0.
std::string
Axes(const std::string& title,
     const std::string& xLabel,
     const std::string& yLabel,
     bool logY,
     bool nonNegative)
{
    std::string text = Common(title) + "set xlabel " + Quote(xLabel) + "\nset ylabel " +
                       Quote(yLabel) + "\nset format x '%g'\nset format y '%g'\n";
    if (logY)
    {
        text += "set logscale y 10\n";
    }
    else if (nonNegative)
    {
        text += "set yrange [*<0:*]\n";
    }
    return text;
}

/// The plot clause of a Lines() style, or "" if the style is unknown.
std::string
StyleClause(const std::string& style)
{
    if (style == "lines")
    {
        return "with lines lw 2";
    }
    if (style == "steps")
    {
        return "with steps lw 2";
    }
    if (style == "linespoints")
    {
        return "with linespoints lw 2 pt 7 ps 0.7";
    }
    if (style == "points")
    {
        return "with points pt 7 ps 0.8";
    }
    if (style == "impulses")
    {
        return "with impulses lw 3";
    }
    return "";
}

/// A power of ten of seconds for a log axis: "1 us", "10 ms", "100 s".
std::string
DecadeLabel(int exponent)
{
    const char* units[] = {"ns", "us", "ms", "s"};
    int unit = std::min(3, std::max(0, (exponent + 9) / 3));
    if (exponent < -9)
    {
        unit = 0;
    }
    int digits = exponent + 9 - 3 * unit; // 10^digits of the unit
    std::string number = "1";
    if (digits >= 0)
    {
        number += std::string(digits, '0');
    }
    else
    {
        number = "0." + std::string(-digits - 1, '0') + "1";
    }
    return number + " " + units[unit];
}

/// The largest power of ten of nanoseconds not longer than \p gap (at least 1 ns).
Time
DecadeNotLongerThan(Time gap)
{
    int64_t step = 1;
    while (step <= gap.GetNanoSeconds() / 10)
    {
        step *= 10;
    }
    return NanoSeconds(step);
}

} // namespace

bool
TcpTeardownPlot::IsAvailable()
{
#ifdef TCP_TEARDOWN_HAVE_GNUPLOT_IOSTREAM
    std::string path;
    if (const char* env = std::getenv("PATH"))
    {
        path = env;
    }
    else
    {
        // The shell behind popen() searches its default path then.
        const std::size_t length = confstr(_CS_PATH, nullptr, 0);
        if (length > 0)
        {
            std::vector<char> buffer(length);
            confstr(_CS_PATH, buffer.data(), length);
            path = buffer.data();
        }
    }
    std::string::size_type start = 0;
    while (true)
    {
        const std::string::size_type colon = path.find(':', start);
        const std::string dir =
            path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/gnuplot";

        struct stat status
        {
        };

        if (stat(candidate.c_str(), &status) == 0 && S_ISREG(status.st_mode) &&
            access(candidate.c_str(), X_OK) == 0)
        {
            return true;
        }
        if (colon == std::string::npos)
        {
            return false;
        }
        start = colon + 1;
    }
#else
    return false;
#endif
}

bool
TcpTeardownPlot::StateTimeline(const std::string& basePath,
                               const std::string& title,
                               const std::vector<StateSeries>& series,
                               Time end,
                               bool logTime)
{
    NS_LOG_FUNCTION(basePath << title << series.size() << end << logTime);
    if (!CheckAvailable(basePath))
    {
        return false;
    }
    if (series.empty())
    {
        return Fail(basePath, "no series to draw");
    }
    Time first = Time::Max();
    std::vector<Time> times{end};
    for (const auto& s : series)
    {
        if (s.entered.empty())
        {
            return Fail(basePath, "series '" + s.label + "' has no entry");
        }
        for (std::size_t i = 0; i < s.entered.size(); ++i)
        {
            const auto& [time, state] = s.entered[i];
            if (i > 0 && time < s.entered[i - 1].first)
            {
                return Fail(basePath,
                            "series '" + s.label + "': entry " + std::to_string(i) +
                                " is earlier than the one before");
            }
            if (static_cast<int>(state) < 0 || state >= TcpSocket::LAST_STATE)
            {
                return Fail(basePath,
                            "series '" + s.label + "': entry " + std::to_string(i) +
                                " is not a TCP state");
            }
            times.push_back(time);
        }
        if (end < s.entered.back().first)
        {
            return Fail(basePath,
                        "end (" + SecondsText(end) + ") precedes the last entry of series '" +
                            s.label + "'");
        }
        first = std::min(first, s.entered.front().first);
    }
    if (end <= first)
    {
        return Fail(basePath,
                    "end (" + SecondsText(end) + ") must come after the first event (" +
                        SecondsText(first) + ")");
    }

    // Log scale: x = t - first + offset, offset a power of ten no longer than the shortest gap
    // between two distinct event times (end included), so that the first two events are
    // apart by at least log10(2) of a decade.
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    Time shortestGap = Time::Max();
    for (std::size_t i = 1; i < times.size(); ++i)
    {
        shortestGap = std::min(shortestGap, times[i] - times[i - 1]);
    }
    const Time offset = DecadeNotLongerThan(shortestGap);
    const auto x = [&](Time t) {
        return Num(logTime ? (t - first + offset).GetSeconds() : t.GetSeconds());
    };

    std::ostringstream settings;
    settings.imbue(std::locale::classic());
    settings << Common(title) << "set grid noytics\n";
    if (logTime)
    {
        const double lowest = offset.GetSeconds();
        const double highest = (end - first + offset).GetSeconds();
        settings << "set xlabel "
                 << Quote("time since the first event (at " + Num(first.GetSeconds()) + " s) + " +
                          DecadeLabel(static_cast<int>(std::lround(std::log10(lowest)))) +
                          ", log scale")
                 << "\nset logscale x 10\nset xrange [" << Num(lowest) << ":" << Num(highest)
                 << "]\nset xtics (";
        const int from = static_cast<int>(std::lround(std::log10(lowest)));
        const int to = static_cast<int>(std::ceil(std::log10(highest)));
        for (int e = from; e <= to; ++e)
        {
            settings << (e > from ? ", " : "") << Quote(DecadeLabel(e)) << " 1e" << e;
        }
        settings << ")\n";
    }
    else
    {
        settings << "set xlabel 'time (s)'\nset format x '%g'\nset xrange [" << x(first) << ":"
                 << x(end) << "]\n";
    }
    settings << "set yrange [-0.5:" << Num(TcpSocket::LAST_STATE - 0.5) << "]\nset ytics scale 0 (";
    for (int state = TcpSocket::CLOSED; state < TcpSocket::LAST_STATE; ++state)
    {
        settings << (state > 0 ? ", " : "") << Quote(TcpSocket::TcpStateName[state]) << " "
                 << state;
    }
    settings << ")\n";
    // A shaded band for every other state.
    for (int state = 1; state < TcpSocket::LAST_STATE; state += 2)
    {
        settings << "set object " << state << " rectangle from graph 0, first " << Num(state - 0.5)
                 << " to graph 1, first " << Num(state + 0.5)
                 << " behind fillcolor rgb '#efefef' fillstyle solid 1.0 noborder\n";
    }

    Figure figure;
    figure.basePath = basePath;
    figure.width = 960;
    figure.height = 540;
    figure.settings = settings.str();
    figure.plot = "plot";
    // Each series at its own height within a state's band.
    const double spacing = std::min(0.2, 0.6 / series.size());
    for (std::size_t i = 0; i < series.size(); ++i)
    {
        const double lift = (i - (series.size() - 1) / 2.0) * spacing;
        std::vector<std::vector<std::string>> steps;
        for (const auto& [time, state] : series[i].entered)
        {
            steps.push_back({x(time), Num(state + lift)});
        }
        std::vector<std::vector<std::string>> entries = steps;
        steps.push_back({x(end), Num(series[i].entered.back().second + lift)});
        figure.plot += std::string(i > 0 ? "," : "") + " '-' using 1:2 with steps lw 2 lc rgb " +
                       Quote(Colour(i)) + " title " + Quote(series[i].label) +
                       ", '-' using 1:2 with points pt 7 ps 0.6 lc rgb " + Quote(Colour(i)) +
                       " notitle";
        figure.data.push_back(steps);
        figure.data.push_back(entries);
    }
    return Render(figure);
}

bool
TcpTeardownPlot::Lines(const std::string& basePath,
                       const std::string& title,
                       const std::string& xLabel,
                       const std::string& yLabel,
                       const std::vector<Series>& series,
                       bool logY)
{
    return Lines(basePath, title, xLabel, yLabel, series, std::vector<Marker>(), logY);
}

bool
TcpTeardownPlot::Lines(const std::string& basePath,
                       const std::string& title,
                       const std::string& xLabel,
                       const std::string& yLabel,
                       const std::vector<Series>& series,
                       const std::vector<Marker>& markers,
                       bool logY)
{
    NS_LOG_FUNCTION(basePath << title << series.size() << markers.size() << logY);
    if (!CheckAvailable(basePath))
    {
        return false;
    }
    if (series.empty())
    {
        return Fail(basePath, "no series to draw");
    }
    bool nonNegative = true;
    for (const auto& s : series)
    {
        if (StyleClause(s.style).empty())
        {
            return Fail(basePath,
                        "series '" + s.label + "' has style '" + s.style +
                            "': use lines, steps, linespoints, points or impulses");
        }
        if (s.points.empty())
        {
            return Fail(basePath, "series '" + s.label + "' has no point");
        }
        for (const auto& [px, py] : s.points)
        {
            if (!std::isfinite(px) || !std::isfinite(py))
            {
                return Fail(basePath, "series '" + s.label + "' has a point that is not finite");
            }
            if (logY && py <= 0)
            {
                return Fail(basePath,
                            "series '" + s.label + "' has y = " + Num(py) +
                                " on a logarithmic y axis");
            }
            nonNegative = nonNegative && py >= 0;
        }
    }
    for (const auto& marker : markers)
    {
        if (!std::isfinite(marker.x))
        {
            return Fail(basePath, "marker '" + marker.label + "' is not at a finite x");
        }
    }

    std::ostringstream settings;
    settings.imbue(std::locale::classic());
    settings << Axes(title, xLabel, yLabel, logY, nonNegative);
    if (!logY)
    {
        settings << "set offsets 0, 0, graph 0.05, 0\n"; // a curve at the top stays visible
    }
    if (!markers.empty())
    {
        // Autoscaled, but at least from the leftmost to the rightmost marker.
        double lowest = markers.front().x;
        double highest = markers.front().x;
        for (std::size_t i = 0; i < markers.size(); ++i)
        {
            lowest = std::min(lowest, markers[i].x);
            highest = std::max(highest, markers[i].x);
            settings << "set arrow " << i + 1 << " from " << Num(markers[i].x) << ", graph 0 to "
                     << Num(markers[i].x) << ", graph 1 nohead back lw 1.5 dt 2 lc rgb '#404040'\n"
                     << "set label " << i + 1 << " " << Quote(markers[i].label) << " at "
                     << Num(markers[i].x)
                     << ", graph 0.98 right rotate by 90 front boxed "
                        "textcolor rgb '#404040'\n";
        }
        // The labels lie on their lines, on an opaque box that interrupts the line.
        settings << "set style textbox opaque noborder margins 2, 2\nset xrange [*<" << Num(lowest)
                 << ":" << Num(highest) << "<*]\n";
    }

    Figure figure;
    figure.basePath = basePath;
    figure.width = 960;
    figure.height = 540;
    figure.settings = settings.str();
    figure.plot = "plot";
    for (std::size_t i = 0; i < series.size(); ++i)
    {
        figure.plot += std::string(i > 0 ? "," : "") + " '-' using 1:2 " +
                       StyleClause(series[i].style) + " lc rgb " + Quote(Colour(i)) +
                       (series[i].label.empty() ? " notitle" : " title " + Quote(series[i].label));
        std::vector<std::vector<std::string>> rows;
        for (const auto& [px, py] : series[i].points)
        {
            rows.push_back({Num(px), Num(py)});
        }
        figure.data.push_back(rows);
    }
    return Render(figure);
}

bool
TcpTeardownPlot::ErrorBars(const std::string& basePath,
                           const std::string& title,
                           const std::string& xLabel,
                           const std::string& yLabel,
                           const std::vector<ErrorSeries>& series,
                           bool logY)
{
    NS_LOG_FUNCTION(basePath << title << series.size());
    if (!CheckAvailable(basePath))
    {
        return false;
    }
    if (series.empty())
    {
        return Fail(basePath, "no series to draw");
    }
    bool nonNegative = true;
    for (const auto& s : series)
    {
        if (s.points.empty())
        {
            return Fail(basePath, "series '" + s.label + "' has no point");
        }
        for (const auto& p : s.points)
        {
            if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.low) ||
                !std::isfinite(p.high))
            {
                return Fail(basePath, "series '" + s.label + "' has a point that is not finite");
            }
            if (p.low > p.y || p.high < p.y)
            {
                return Fail(basePath,
                            "series '" + s.label + "' has a point at x = " + Num(p.x) +
                                " whose error bar [" + Num(p.low) + ", " + Num(p.high) +
                                "] does not hold its y = " + Num(p.y));
            }
            nonNegative = nonNegative && p.low >= 0;
            if (logY && p.low <= 0)
            {
                return Fail(basePath,
                            "series '" + s.label + "' has a point at x = " + Num(p.x) +
                                " whose error bar reaches " + Num(p.low) +
                                ", which a logarithmic y axis cannot show (it needs > 0)");
            }
        }
    }

    std::ostringstream settings;
    settings.imbue(std::locale::classic());
    settings << Axes(title, xLabel, yLabel, logY, nonNegative);
    // The bars at both ends and a curve at the top stay visible.
    settings << "set offsets graph 0.05, graph 0.05, graph 0.05, 0\n";

    Figure figure;
    figure.basePath = basePath;
    figure.width = 960;
    figure.height = 540;
    figure.settings = settings.str();
    figure.plot = "plot";
    for (std::size_t i = 0; i < series.size(); ++i)
    {
        figure.plot += std::string(i > 0 ? "," : "") +
                       " '-' using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 0.7 lc rgb " +
                       Quote(Colour(i)) +
                       (series[i].label.empty() ? " notitle" : " title " + Quote(series[i].label));
        std::vector<std::vector<std::string>> rows;
        for (const auto& p : series[i].points)
        {
            rows.push_back({Num(p.x), Num(p.y), Num(p.low), Num(p.high)});
        }
        figure.data.push_back(rows);
    }
    return Render(figure);
}

bool
TcpTeardownPlot::Table(const std::string& basePath,
                       const std::string& title,
                       const std::vector<std::string>& rowLabels,
                       const std::vector<std::string>& columnLabels,
                       const std::vector<std::vector<std::string>>& cells,
                       const std::vector<std::vector<int>>& shade)
{
    NS_LOG_FUNCTION(basePath << title << rowLabels.size() << columnLabels.size());
    if (!CheckAvailable(basePath))
    {
        return false;
    }
    const std::size_t rows = rowLabels.size();
    const std::size_t columns = columnLabels.size();
    if (rows == 0 || columns == 0)
    {
        return Fail(basePath, "a table needs at least one row and one column label");
    }
    if (cells.size() != rows || shade.size() != rows)
    {
        return Fail(basePath,
                    std::to_string(rows) + " row labels, but " + std::to_string(cells.size()) +
                        " rows of cells and " + std::to_string(shade.size()) + " rows of shades");
    }
    for (std::size_t r = 0; r < rows; ++r)
    {
        if (cells[r].size() != columns || shade[r].size() != columns)
        {
            return Fail(basePath,
                        std::to_string(columns) + " column labels, but row " + std::to_string(r) +
                            " has " + std::to_string(cells[r].size()) + " cells and " +
                            std::to_string(shade[r].size()) + " shades");
        }
        for (std::size_t c = 0; c < columns; ++c)
        {
            if (shade[r][c] < 0 || shade[r][c] > 2)
            {
                return Fail(basePath,
                            "shade " + std::to_string(shade[r][c]) + " of row " +
                                std::to_string(r) + ", column " + std::to_string(c) +
                                " is not 0 (neutral), 1 (ok) or 2 (error)");
            }
        }
    }

    // Layout in characters and rows, y upwards: the column labels on row `rows`, data row r
    // on row rows - 1 - r. Each column fits its longest text and 3 characters of padding.
    std::vector<std::size_t> width(columns + 1, 0);
    for (std::size_t r = 0; r < rows; ++r)
    {
        width[0] = std::max(width[0], Length(rowLabels[r]));
        for (std::size_t c = 0; c < columns; ++c)
        {
            width[c + 1] = std::max(width[c + 1], Length(cells[r][c]));
        }
    }
    for (std::size_t c = 0; c < columns; ++c)
    {
        width[c + 1] = std::max(width[c + 1], Length(columnLabels[c]));
    }
    std::vector<double> left(columns + 2, 0); // left edge of each column, then the right end
    for (std::size_t c = 0; c <= columns; ++c)
    {
        width[c] += 3;
        left[c + 1] = left[c] + width[c];
    }
    const double total = left[columns + 1];

    // Pixels: 9 per character, enough for 11 pt DejaVu Sans Bold capitals in the PNG; 30 per row.
    const uint32_t characterPixels = 9;
    const uint32_t rowPixels = 30;
    const uint32_t padPixels = 12;
    const uint32_t titlePixels = title.empty() ? padPixels : 44;
    const uint32_t tableWidth = static_cast<uint32_t>(total) * characterPixels;
    const uint32_t titleWidth = static_cast<uint32_t>(Length(title) + 2) * (characterPixels + 1);
    Figure figure;
    figure.basePath = basePath;
    figure.width = std::max(tableWidth, titleWidth) + 2 * padPixels;
    figure.height = titlePixels + static_cast<uint32_t>(rows + 1) * rowPixels + padPixels;

    std::ostringstream settings;
    settings.imbue(std::locale::classic());
    settings << "set title " << Quote(title)
             << "\nunset key\nunset border\nunset xtics\nunset ytics\n"
             << "set xrange [0:" << Num(total) << "]\nset yrange [0:" << rows + 1 << "]\n"
             << "set lmargin at screen " << Num(1.0 * padPixels / figure.width)
             << "\nset rmargin at screen " << Num(1.0 - 1.0 * padPixels / figure.width)
             << "\nset bmargin at screen " << Num(1.0 * padPixels / figure.height)
             << "\nset tmargin at screen " << Num(1.0 - 1.0 * titlePixels / figure.height) << "\n";
    uint32_t label = 0;
    const auto text = [&](const std::string& what, double cx, double cy, bool bold) {
        settings << "set label " << ++label << " " << Quote(what) << " at " << Num(cx) << ", "
                 << Num(cy) << " center front font " << Quote(bold ? kBoldFont : kFont) << "\n";
    };
    // Backgrounds: x, y, half width, half height, colour.
    const char* const fills[] = {"16777215", "13166281", "16764370"}; // white, #c8e6c9, #ffcdd2
    const std::string header = "14737632";                            // #e0e0e0
    std::vector<std::vector<std::string>> boxes;
    const auto box = [&](std::size_t c, double cy, const std::string& colour) {
        boxes.push_back(
            {Num(left[c] + width[c] / 2.0), Num(cy), Num(width[c] / 2.0), "0.5", colour});
    };
    box(0, rows + 0.5, header);
    for (std::size_t c = 0; c < columns; ++c)
    {
        box(c + 1, rows + 0.5, header);
        text(columnLabels[c], left[c + 1] + width[c + 1] / 2.0, rows + 0.5, true);
    }
    for (std::size_t r = 0; r < rows; ++r)
    {
        const double cy = rows - r - 0.5;
        box(0, cy, header);
        text(rowLabels[r], left[0] + width[0] / 2.0, cy, true);
        for (std::size_t c = 0; c < columns; ++c)
        {
            box(c + 1, cy, fills[shade[r][c]]);
            text(cells[r][c], left[c + 1] + width[c + 1] / 2.0, cy, false);
        }
    }
    figure.settings = settings.str();
    figure.plot = "plot '-' using 1:2:3:4:5 with boxxyerror fillstyle solid 1.0 border lc rgb "
                  "'#808080' lc rgb variable notitle";
    figure.data.push_back(boxes);
    return Render(figure);
}

} // namespace ns3
