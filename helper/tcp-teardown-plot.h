/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_PLOT_H
#define TCP_TEARDOWN_PLOT_H

#include "ns3/nstime.h"
#include "ns3/tcp-socket.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Figures of the module's experiments, drawn by gnuplot through gnuplot-iostream.
 *
 * Every function writes two files, \<basePath\>.svg (terminal svg, dynamic size, no enhanced
 * text) and \<basePath\>.png (terminal pngcairo), both in DejaVu Sans 11, on a white background.
 * It returns true once gnuplot has written both; otherwise it prints a message naming the file
 * on std::cerr, removes what it may have written and returns false. Inputs are checked first
 * (sizes, styles, finite numbers...): a figure that cannot be drawn as asked is not drawn.
 *
 * Titles, labels, cell texts and paths are plain text: they go to gnuplot in single quotes
 * (nothing in them is substituted: backquotes, \@macros, backslashes), each ' joined in as a
 * string of its own, and are printed as they are (no enhanced-text markup: TIME_WAIT keeps
 * its underscore); control characters, newlines included, become spaces. Every number is
 * written by this class with the classic locale, so the files are byte-identical from one run
 * to the next for the same input, on one installation: other versions of gnuplot, cairo or
 * the fonts draw differently (the SVG names gnuplot's version in its \<desc\>). The PNG's
 * text is larger than the SVG's: pngcairo reads the font size in points, svg in pixels.
 *
 * gnuplot runs as "gnuplot -d" (no initialization file is read), with SIGPIPE ignored while
 * the data is sent (process-wide, for the length of the call), so that a gnuplot that exits
 * early cannot kill the simulation.
 *
 * Without gnuplot-iostream (a build that does not define TCP_TEARDOWN_HAVE_GNUPLOT_IOSTREAM,
 * e.g. ns-3.35's waf) every function returns false, and the first call says on std::cerr
 * that plots are unavailable in this build.
 *
 * \code
 *   TcpTeardownPlot::StateSeries client{"client", {{Seconds(1), TcpSocket::SYN_SENT},
 *                                                  {Seconds(1.01), TcpSocket::ESTABLISHED}}};
 *   TcpTeardownPlot::StateTimeline("/tmp/close", "four-way close", {client}, Seconds(70), true);
 * \endcode
 */
class TcpTeardownPlot
{
  public:
    /**
     * \brief Whether this build can draw: built with gnuplot-iostream, and a `gnuplot`
     *        executable is on PATH (looked up, not run).
     * \return true if the plot functions can work
     */
    static bool IsAvailable();

    /**
     * \brief The states one socket went through.
     */
    struct StateSeries
    {
        std::string label; //!< key entry, e.g. "client"
        /// The state entered at each time, times in non-decreasing order; the first entry is
        /// the initial state.
        std::vector<std::pair<Time, TcpSocket::TcpStates_t>> entered;
    };

    /**
     * \brief Draw states against time, one step line per series.
     *
     * The y axis holds the 11 states in TcpSocket's order, CLOSED at the bottom, TIME_WAIT at
     * the top, on alternately shaded horizontal bands; within a state's band each series has
     * its own height, so that two sockets in the same state stay visible. Each state is held
     * from its entry until the next one; the last one until \p end. Points mark the entries.
     *
     * With \p logTime the x axis is logarithmic: the time since the first event of all series
     * plus an offset (a power of ten no larger than the shortest gap between two events), as
     * its label says. The milliseconds of a handshake and the 60 s of a TIME_WAIT then both
     * read well.
     *
     * \param basePath the files to write, without .svg/.png
     * \param title the figure title
     * \param series one or more sockets, each with at least one entry
     * \param end the time the last states are held until, after the first event and not
     *        before any entry
     * \param logTime false: x = simulation time in s; true: log scale, as above
     * \return true if both files were written
     */
    static bool StateTimeline(const std::string& basePath,
                              const std::string& title,
                              const std::vector<StateSeries>& series,
                              Time end,
                              bool logTime = false);

    /**
     * \brief One curve of Lines().
     */
    struct Series
    {
        std::string label;                             //!< key entry ("" for none)
        std::vector<std::pair<double, double>> points; //!< (x, y), drawn in this order
        /// "lines", "steps", "linespoints", "points" or "impulses"
        std::string style{"lines"};
    };

    /**
     * \brief A labelled vertical line of Lines(), e.g. "ETIMEDOUT at 948.09 s".
     */
    struct Marker
    {
        double x;          //!< where, in x axis units
        std::string label; //!< text along the line
    };

    /**
     * \brief Draw curves, e.g. the retransmission backoff staircase, TIME_WAIT and CLOSE_WAIT
     *        populations over time, corrupted bytes against TIME_WAIT length.
     * \param basePath the files to write, without .svg/.png
     * \param title the figure title
     * \param xLabel the x axis label
     * \param yLabel the y axis label
     * \param series one or more curves, each with at least one point, all finite
     * \param logY whether the y axis is logarithmic (every y must then be > 0)
     * \return true if both files were written
     */
    static bool Lines(const std::string& basePath,
                      const std::string& title,
                      const std::string& xLabel,
                      const std::string& yLabel,
                      const std::vector<Series>& series,
                      bool logY = false);

    /**
     * \brief Draw curves and labelled vertical lines; the x axis reaches every marker.
     * \param basePath the files to write, without .svg/.png
     * \param title the figure title
     * \param xLabel the x axis label
     * \param yLabel the y axis label
     * \param series one or more curves, each with at least one point, all finite
     * \param markers vertical lines, each with a finite x
     * \param logY whether the y axis is logarithmic (every y must then be > 0)
     * \return true if both files were written
     */
    static bool Lines(const std::string& basePath,
                      const std::string& title,
                      const std::string& xLabel,
                      const std::string& yLabel,
                      const std::vector<Series>& series,
                      const std::vector<Marker>& markers,
                      bool logY = false);

    /**
     * \brief One point of ErrorBars(): a mean and its interval.
     */
    struct ErrorPoint
    {
        double x;    //!< where, in x axis units
        double y;    //!< the value (a mean)
        double low;  //!< the error bar's low end, <= y
        double high; //!< the error bar's high end, >= y
    };

    /**
     * \brief One curve of ErrorBars().
     */
    struct ErrorSeries
    {
        std::string label;              //!< key entry ("" for none)
        std::vector<ErrorPoint> points; //!< drawn in this order
    };

    /**
     * \brief Draw curves with vertical error bars, e.g. the mean of a sweep's metric and its
     *        95% confidence interval against a parameter, one curve per value of the others.
     * \param basePath the files to write, without .svg/.png
     * \param title the figure title
     * \param xLabel the x axis label
     * \param yLabel the y axis label
     * \param series one or more curves, each with at least one point, all finite, each with
     *        low <= y <= high
     * \param logY a logarithmic y axis (every low end must then be > 0)
     * \return true if both files were written
     */
    static bool ErrorBars(const std::string& basePath,
                          const std::string& title,
                          const std::string& xLabel,
                          const std::string& yLabel,
                          const std::vector<ErrorSeries>& series,
                          bool logY = false);

    /**
     * \brief Draw a table as a figure, e.g. the send-after-close outcomes: rows = what the
     *        peer did, columns = first send(), second send().
     *
     * The figure is as wide as its texts: each column fits its longest text.
     *
     * \param basePath the files to write, without .svg/.png
     * \param title the figure title
     * \param rowLabels one label per row, at least one
     * \param columnLabels one label per column, at least one
     * \param cells cells[row][column], rowLabels.size() rows of columnLabels.size() texts
     * \param shade the same shape as \p cells, each 0 (neutral, white), 1 (ok, green) or
     *        2 (error, red): the cell's background
     * \return true if both files were written; false, without drawing, if the sizes do not
     *         match or a shade is not 0, 1 or 2
     */
    static bool Table(const std::string& basePath,
                      const std::string& title,
                      const std::vector<std::string>& rowLabels,
                      const std::vector<std::string>& columnLabels,
                      const std::vector<std::vector<std::string>>& cells,
                      const std::vector<std::vector<int>>& shade);
};

} // namespace ns3

#endif /* TCP_TEARDOWN_PLOT_H */
