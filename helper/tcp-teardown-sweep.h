/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_SWEEP_H
#define TCP_TEARDOWN_SWEEP_H

#include <cstdint>
#include <iosfwd>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief A parameter sweep over one example program: the sweep file, its jobs, their
 *        metrics and the aggregated statistics (no simulation runs in this process: every job
 *        is a child process of its own).
 *
 * A sweep file is line-based; '#' starts a comment (outside double quotes), blank lines are
 * ignored:
 *
 * \code
 *   scenario   peer-crash                    # the example tcp-teardown-peer-crash
 *   fixed      --rtoMin=200ms                # arguments of every job (repeatable)
 *   param      retries2 = 3, 5, 8, 15        # option --retries2=V; grid = cross product
 *   param      ns3::TcpTeardownScenario::LossRate = 0, 0.05   # an attribute
 *   runs       1..10                         # RngRun values: a..b or a list 1,2,7
 *   metric     give_up_s = figure "first retransmission to ETIMEDOUT"
 *   metric     retransmissions = csv endpoints.csv retransmissions where label=server
 *   metric     corrupted = csv endpoints.csv bytes_corrupted sum
 *   plot       give_up_s against retries2 log   # 'log': a logarithmic y axis
 * \endcode
 *
 * The grid's points are the cross product of the param lists, the first param varying
 * slowest; each point runs once per RngRun value. Job i = point * runs + run position. A
 * sweep folder holds sweep.sweep (the sweep file), jobs.csv (one row per job, with the
 * command) and jobs/\<index\> (a complete job: its output out/, log.txt and metrics.csv);
 * a job runs in jobs/\<index\>.partial, renamed once complete, so that a folder without
 * .partial is always complete and nothing half-done is counted.
 */
class TcpTeardownSweep
{
  public:
    /// The name of the program of this class, which the example programs' folder holds too.
    static const char* const kToolName;

    /// One param line: an option or an attribute and its values.
    struct Param
    {
        std::string name;                //!< option name without "--", or ns3::Type::Attribute
        std::vector<std::string> values; //!< passed verbatim, in order
        uint32_t line{0};                //!< line in the sweep file
    };

    /// One metric line.
    struct Metric
    {
        std::string name;        //!< the metric's name
        bool figure{true};       //!< true: a result.txt figure; false: a CSV column
        std::string source;      //!< the figure's name, or the CSV file (relative to the output)
        std::string column;      //!< the CSV column
        std::string whereColumn; //!< the CSV filter's column ("" for no filter)
        std::string whereValue;  //!< the value a row's whereColumn must have
        std::string reducer;     //!< "" (exactly one row), sum, min, max, count or mean
        uint32_t line{0};        //!< line in the sweep file
    };

    /// One plot line: a metric against a param.
    struct Plot
    {
        std::string metric; //!< the metric (y)
        std::string param;  //!< the param (x); the other params make one line each
        bool logY{false};   //!< a logarithmic y axis ("plot METRIC against PARAM log")
        uint32_t line{0};   //!< line in the sweep file
    };

    /// One job: one point of the grid with one RngRun value.
    struct Job
    {
        uint32_t index{0};               //!< 0-based, expansion order
        uint32_t point{0};               //!< the point of the grid, 0-based
        uint64_t run{0};                 //!< the RngRun value
        std::vector<std::string> values; //!< one value per param
        std::vector<std::string> args;   //!< the program's arguments, without --output
    };

    /// What a program accepts, as its --PrintHelp and --PrintAttributes say.
    struct ProgramInfo
    {
        std::string path;              //!< the program
        std::set<std::string> options; //!< its Program Options, without "--"
        std::set<std::string> globals; //!< ns-3's global values (--PrintGlobals), e.g. RngSeed
        /// For each type asked about, its attribute names; a type the program does not know
        /// is absent.
        std::map<std::string, std::set<std::string>> attributes;
    };

    /// Statistics of one metric at one point.
    struct Statistics
    {
        uint32_t count{0}; //!< values
        double mean{0};    //!< their mean (count >= 1)
        double sd{0};      //!< sample standard deviation (count >= 2)
        double ciLow{0};   //!< 95% confidence interval of the mean, low end (count >= 2)
        double ciHigh{0};  //!< its high end (count >= 2)
    };

    /// The state of a job in a sweep folder.
    enum JobState
    {
        PENDING, //!< not run, or its run did not complete
        PARTIAL, //!< pending, with a \<index\>.partial folder left by an interrupted or failed run
        DONE,    //!< complete: jobs/\<index\> exists
    };

    /**
     * \brief Read a sweep file's text and check every rule that needs no program.
     * \param text the file's content
     * \param file the file's name, for messages
     * \param [out] error "sweep FILE:LINE: ..." naming the value and the rule
     * \return true if the text is a valid sweep
     */
    bool Parse(const std::string& text, const std::string& file, std::string& error);

    /**
     * \brief Read and Parse() a sweep file.
     * \param path the file
     * \param [out] error why not
     * \return true if read and valid
     */
    bool Load(const std::string& path, std::string& error);

    /**
     * \brief Check the params against what the scenario's program accepts.
     * \param program the program, probed (see Probe())
     * \param [out] error "sweep FILE:LINE: ..." naming the param and the rule
     * \return true if every param is an option or an attribute of the program
     */
    bool Check(const ProgramInfo& program, std::string& error) const;

    /**
     * \brief Find the scenario's program in \p examples, probe it and Check() the params; on
     *        success the jobs run that program.
     * \param examples the folder of the example programs
     * \param [out] error why not (an unknown scenario lists the programs there)
     * \return true if valid
     */
    bool Resolve(const std::string& examples, std::string& error);

    /**
     * \brief The example programs of a folder: executables named tcp-teardown-*, this tool
     *        excepted.
     * \param examples the folder
     * \return their names without the tcp-teardown- prefix, sorted
     */
    static std::vector<std::string> ListPrograms(const std::string& examples);

    /**
     * \brief Ask a program for its options (--PrintHelp) and the attributes of some types
     *        (--PrintAttributes=TYPE each).
     * \param path the program
     * \param types the types to ask about
     * \param [out] info what it said
     * \param [out] error why it could not be asked
     * \return true if --PrintHelp worked (an unknown type is absent from info.attributes)
     */
    static bool Probe(const std::string& path,
                      const std::vector<std::string>& types,
                      ProgramInfo& info,
                      std::string& error);

    /// \return the jobs, in expansion order
    std::vector<Job> Expand() const;

    /// \return the points of the grid
    uint32_t GetPoints() const;

    /// \return the RngRun values
    const std::vector<uint64_t>& GetRuns() const;

    /// \return the params, in file order
    const std::vector<Param>& GetParams() const;

    /// \return the metrics, in file order
    const std::vector<Metric>& GetMetrics() const;

    /// \return the plots, in file order
    const std::vector<Plot>& GetPlots() const;

    /// \return the fixed arguments
    const std::vector<std::string>& GetFixed() const;

    /// \return the scenario as written
    const std::string& GetScenario() const;

    /// \return the program's absolute path ("" before Resolve() or SetProgram())
    const std::string& GetProgram() const;

    /**
     * \brief Set the program the jobs run, without probing it.
     * \param path the program's path
     */
    void SetProgram(const std::string& path);

    /**
     * \brief The name of a job's folder: the index zero-padded to the width of the largest
     *        index, at least 4 digits ("0007").
     * \param index the job
     * \param jobs the number of jobs of the sweep
     * \return the name
     */
    static std::string JobFolderName(uint32_t index, uint32_t jobs);

    /**
     * \brief A job's command line as a shell reads it: the program and its arguments, each
     *        single-quoted where it needs to be.
     * \param argv the program and its arguments
     * \return the text
     */
    static std::string CommandText(const std::vector<std::string>& argv);

    /**
     * \brief The inverse of CommandText(): split a shell-quoted command line into words.
     * \param text the command line (' and " quotes, \\ escapes)
     * \param [out] argv the words
     * \return false if a quote is not closed
     */
    static bool SplitCommand(const std::string& text, std::vector<std::string>& argv);

    /**
     * \brief Create (or reuse) a sweep folder: the copy of the sweep file and jobs.csv.
     *        A folder that holds a different sweep is refused.
     * \param dir the folder
     * \param sweepText the sweep file's content (that Parse() read)
     * \param [out] error why not
     * \return true if written
     */
    bool WriteFolder(const std::string& dir,
                     const std::string& sweepText,
                     std::string& error) const;

    /**
     * \brief Read a sweep folder: its sweep.sweep and the job commands of jobs.csv.
     * \param dir the folder
     * \param [out] error why not
     * \return true if read
     */
    bool OpenFolder(const std::string& dir, std::string& error);

    /**
     * \brief The state of a job of a sweep folder.
     * \param dir the folder
     * \param index the job
     * \return its state
     */
    JobState GetJobState(const std::string& dir, uint32_t index) const;

    /**
     * \brief Run one job of an opened folder, unless it is done: the program with
     *        --RngRun and --output=DIR/jobs/\<index\>.partial/out, its output in log.txt, then
     *        the metrics into metrics.csv, then the folder renamed to DIR/jobs/\<index\>.
     * \param dir the folder
     * \param index the job
     * \param [out] error why it failed: the job, its command and the log's last lines (the
     *        .partial folder is kept)
     * \return true if the job is done
     */
    bool RunJob(const std::string& dir, uint32_t index, std::string& error) const;

    /**
     * \brief Extract one metric from a job's output folder.
     * \param metric the metric
     * \param output the folder the program wrote (result.txt, CSV files)
     * \param [out] value its value
     * \param [out] error why not, naming the metric, the figure or column, and the file
     * \return true if extracted
     */
    static bool ExtractMetric(const Metric& metric,
                              const std::string& output,
                              double& value,
                              std::string& error);

    /**
     * \brief Mean, sample standard deviation and the 95% confidence interval of the mean
     *        (Student's t with n - 1 degrees of freedom, Boost.Math).
     * \param values the values, summed in this order
     * \return the statistics (count 0: nothing else set; 1: the mean, and an interval of zero
     *         width that AggregateCsv() leaves out; equal values: sd 0, the interval [mean, mean])
     */
    static Statistics Summarize(const std::vector<double>& values);

    /**
     * \brief A number as the files of this class write it: 10 significant digits, C locale
     *        ("%.10g"); -0 is written 0.
     * \param value the number
     * \return its text
     */
    static std::string FormatNumber(double value);

    /**
     * \brief Write DIR/aggregate.csv from the complete jobs of an opened folder, then the
     *        plots of the sweep file.
     * \param dir the folder
     * \param out where to say what was done
     * \param [out] error why not
     * \return 0 if every job is complete, 3 if some are pending (the CSV of what is complete
     *         is written), 1 on error
     */
    int Aggregate(const std::string& dir, std::ostream& out, std::string& error) const;

    /**
     * \brief The aggregate CSV text of given job metrics.
     * \param metrics for each complete job (by index), its metric values in metric order
     * \return the CSV: param columns, metric, count, mean, sd, ci95_low, ci95_high
     */
    std::string AggregateCsv(const std::map<uint32_t, std::vector<double>>& metrics) const;

    /**
     * \brief Run a program (looked up on PATH if its name has no '/'), stdin /dev/null,
     *        killed after 60 s, and return what it printed.
     * \param argv the program and its arguments
     * \param [out] status its wait status, -1 if it could not be started
     * \param withErrors capture its standard error too (else it goes where ours goes)
     * \return its standard output (and error)
     */
    static std::string CaptureOutput(const std::vector<std::string>& argv,
                                     int& status,
                                     bool withErrors);

    /**
     * \brief Run a program and wait for it, its standard output and error into a file.
     * \param argv the program and its arguments
     * \param log the file ("" : inherit this process's output)
     * \return the wait status (waitpid), or -1 if it could not start
     */
    static int RunProgram(const std::vector<std::string>& argv, const std::string& log);

    /**
     * \brief A wait status in words: "exit status 2", "killed by signal 9 (Killed)".
     * \param status the wait status
     * \return the text
     */
    static std::string StatusText(int status);

  private:
    /**
     * \brief Format an error at a line of the sweep file.
     * \param line the line (0: the file as a whole)
     * \param what the message
     * \return "sweep FILE:LINE: what"
     */
    std::string At(uint32_t line, const std::string& what) const;

    std::string m_file;                 //!< the sweep file's name, for messages
    std::string m_scenario;             //!< the scenario as written
    uint32_t m_scenarioLine{0};         //!< its line
    std::vector<std::string> m_fixed;   //!< fixed arguments
    std::vector<uint32_t> m_fixedLines; //!< the line of each fixed argument
    std::vector<Param> m_params;        //!< the grid
    std::vector<uint64_t> m_runs;       //!< RngRun values
    std::vector<Metric> m_metrics;      //!< metrics
    std::vector<Plot> m_plots;          //!< plots
    std::string m_program;              //!< the program's absolute path
    std::map<uint32_t, std::vector<std::string>> m_commands; //!< from jobs.csv, per job
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SWEEP_H */
