/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TcpTeardownSweep: the sweep file (every keyword, comments, quotes), the expansion (order,
// count, arguments, folder names), a sweep folder run with a fake program (jobs complete
// atomically, resume skips complete jobs and removes what an interrupted run left, a failing
// job is reported with its command and log and left partial, a different sweep is refused),
// metric extraction (figures and CSV columns, every reducer and every failure), the statistics
// against hand-computed values, the aggregate CSV, the error-bar plot, and every bad-input
// rule, each with the value and the rule in its message.

#include "ns3/tcp-teardown-plot.h"
#include "ns3/tcp-teardown-sweep.h"
#include "ns3/test.h"

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

namespace fs = std::filesystem;
using Sweep = TcpTeardownSweep;

/// A fresh folder under $TMPDIR (or /tmp), removed with everything in it when it goes.
class TempFolder
{
  public:
    TempFolder()
    {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern =
            std::string(tmp && *tmp ? tmp : "/tmp") + "/tcp-teardown-sweep-test-XXXXXX";
        std::vector<char> name(pattern.begin(), pattern.end());
        name.push_back('\0');
        if (mkdtemp(name.data()))
        {
            m_path = name.data();
        }
    }

    ~TempFolder()
    {
        if (!m_path.empty())
        {
            std::error_code ec;
            fs::remove_all(m_path, ec);
        }
    }

    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;

    /// \return the folder ("" if it could not be created)
    const std::string& Path() const
    {
        return m_path;
    }

  private:
    std::string m_path; //!< the folder
};

/// Write a file whole.
void
Write(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

/// A file's content ("" if unreadable).
std::string
Read(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// Whether \p text contains \p part.
bool
Has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

/// The sweep of the issue, every keyword once or more.
const char* const kExample =
    "# ETIMEDOUT against tcp_retries2\n"
    "scenario   peer-crash                    # the example tcp-teardown-peer-crash\n"
    "fixed      --rtoMin=200ms  --delay='7 ms'  # extra arguments\n"
    "fixed      --pcap=false\n"
    "\n"
    "param      retries2 = 3, 5, 8, 15        # option --retries2=V\n"
    "param      ns3::TcpTeardownScenario::LossRate = 0, 0.02\n"
    "runs       1..10\n"
    "metric     give_up_s = figure \"first retransmission to ETIMEDOUT\"\n"
    "metric     retransmissions = csv endpoints.csv retransmissions where label=server\n"
    "metric     corrupted = csv endpoints.csv bytes_corrupted sum\n"
    "metric     hash = figure \"a # in quotes\"   # a comment\n"
    "plot       give_up_s against retries2\n"
    "plot       retransmissions against retries2 log\n";

/// Parsing: every keyword, comments, quotes, values verbatim.
class ParseTestCase : public TestCase
{
  public:
    ParseTestCase()
        : TestCase("sweep file: every keyword, comments, quotes, values verbatim")
    {
    }

  private:
    void DoRun() override
    {
        Sweep sweep;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(sweep.Parse(kExample, "example.sweep", error), true, error);
        NS_TEST_EXPECT_MSG_EQ(sweep.GetScenario(), "peer-crash", "scenario");
        const std::vector<std::string> fixed{"--rtoMin=200ms", "--delay=7 ms", "--pcap=false"};
        NS_TEST_EXPECT_MSG_EQ((sweep.GetFixed() == fixed), true, "fixed arguments, in order");
        NS_TEST_ASSERT_MSG_EQ(sweep.GetParams().size(), 2, "two params");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetParams()[0].name, "retries2", "first param");
        const std::vector<std::string> retries{"3", "5", "8", "15"};
        NS_TEST_EXPECT_MSG_EQ((sweep.GetParams()[0].values == retries), true, "its values");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetParams()[0].line, 6, "its line");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetParams()[1].name,
                              "ns3::TcpTeardownScenario::LossRate",
                              "an attribute param");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetParams()[1].values[1], "0.02", "verbatim");
        NS_TEST_ASSERT_MSG_EQ(sweep.GetRuns().size(), 10, "runs 1..10");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetRuns().front(), 1, "first run");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetRuns().back(), 10, "last run");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetPoints(), 8, "4 x 2 points");
        NS_TEST_ASSERT_MSG_EQ(sweep.GetMetrics().size(), 4, "four metrics");
        const auto& figure = sweep.GetMetrics()[0];
        NS_TEST_EXPECT_MSG_EQ(figure.figure, true, "a figure");
        NS_TEST_EXPECT_MSG_EQ(figure.source, "first retransmission to ETIMEDOUT", "its name");
        const auto& where = sweep.GetMetrics()[1];
        NS_TEST_EXPECT_MSG_EQ(where.figure, false, "a CSV metric");
        NS_TEST_EXPECT_MSG_EQ(where.source, "endpoints.csv", "its file");
        NS_TEST_EXPECT_MSG_EQ(where.column, "retransmissions", "its column");
        NS_TEST_EXPECT_MSG_EQ(where.whereColumn, "label", "its filter column");
        NS_TEST_EXPECT_MSG_EQ(where.whereValue, "server", "its filter value");
        NS_TEST_EXPECT_MSG_EQ(where.reducer, "", "no reducer");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetMetrics()[2].reducer, "sum", "a reducer");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetMetrics()[3].source, "a # in quotes", "# in quotes");
        NS_TEST_ASSERT_MSG_EQ(sweep.GetPlots().size(), 2, "two plots");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetPlots()[0].metric, "give_up_s", "plot metric");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetPlots()[0].param, "retries2", "plot param");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetPlots()[0].logY, false, "a linear y axis");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetPlots()[1].logY, true, "'log': a logarithmic y axis");

        NS_TEST_ASSERT_MSG_EQ(
            sweep.Parse("scenario x\nparam a = 1\nruns 7, 2,3\nmetric m = figure \"f\"\n",
                        "list.sweep",
                        error),
            true,
            error);
        const std::vector<uint64_t> runs{7, 2, 3};
        NS_TEST_EXPECT_MSG_EQ((sweep.GetRuns() == runs), true, "a runs list, in its order");
    }
};

/// Expansion: order, count, arguments, folder names, command lines.
class ExpansionTestCase : public TestCase
{
  public:
    ExpansionTestCase()
        : TestCase("expansion: order, count, arguments, job folder names, command lines")
    {
    }

  private:
    void DoRun() override
    {
        Sweep sweep;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(sweep.Parse("scenario s\nfixed --f=1\nparam a = 1, 2\n"
                                          "param b = x, y, z\nruns 3, 7\nmetric m = figure "
                                          "\"f\"\n",
                                          "grid.sweep",
                                          error),
                              true,
                              error);
        const auto jobs = sweep.Expand();
        NS_TEST_ASSERT_MSG_EQ(jobs.size(), 12, "2 x 3 points x 2 runs");
        NS_TEST_EXPECT_MSG_EQ(sweep.GetPoints(), 6, "6 points");
        // Job i = point * runs + run position; the first param varies slowest.
        const char* const expected[][2] =
            {{"1", "x"}, {"1", "y"}, {"1", "z"}, {"2", "x"}, {"2", "y"}, {"2", "z"}};
        for (uint32_t i = 0; i < jobs.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(jobs[i].index, i, "index");
            NS_TEST_EXPECT_MSG_EQ(jobs[i].point, i / 2, "point of job " << i);
            NS_TEST_EXPECT_MSG_EQ(jobs[i].run, (i % 2 == 0 ? 3 : 7), "run of job " << i);
            NS_TEST_EXPECT_MSG_EQ(jobs[i].values[0], expected[i / 2][0], "a of job " << i);
            NS_TEST_EXPECT_MSG_EQ(jobs[i].values[1], expected[i / 2][1], "b of job " << i);
        }
        const std::vector<std::string> args{"--f=1", "--a=2", "--b=y", "--RngRun=7"};
        NS_TEST_EXPECT_MSG_EQ((jobs[9].args == args), true, "job 9's arguments");

        NS_TEST_EXPECT_MSG_EQ(Sweep::JobFolderName(0, 1), "0000", "at least 4 digits");
        NS_TEST_EXPECT_MSG_EQ(Sweep::JobFolderName(7, 12), "0007", "12 jobs");
        NS_TEST_EXPECT_MSG_EQ(Sweep::JobFolderName(9999, 10000), "9999", "10000 jobs");
        NS_TEST_EXPECT_MSG_EQ(Sweep::JobFolderName(5, 10001), "00005", "10001 jobs");
        NS_TEST_EXPECT_MSG_EQ(Sweep::JobFolderName(10000, 10001), "10000", "the last");

        const std::vector<std::string> argv{"/a b/prog", "--x=1", "--y=it's", "--z=\"q\"", ""};
        const std::string text = Sweep::CommandText(argv);
        NS_TEST_EXPECT_MSG_EQ(text,
                              "'/a b/prog' --x=1 '--y=it'\\''s' '--z=\"q\"' ''",
                              "quoted where needed");
        std::vector<std::string> back;
        NS_TEST_EXPECT_MSG_EQ(Sweep::SplitCommand(text, back), true, "splits");
        NS_TEST_EXPECT_MSG_EQ((back == argv), true, "round trip");
        NS_TEST_EXPECT_MSG_EQ(Sweep::SplitCommand("a 'b", back), false, "an open quote");
    }
};

/// A fake example program: writes result.txt and endpoints.csv from its arguments; --mode=fail
/// makes it fail, --mode=nofigure leaves the figure out.
const char* const kFakeProgram =
    "#!/bin/sh\n"
    "out=; run=; mode=ok\n"
    "for a in \"$@\"; do\n"
    "  case \"$a\" in\n"
    "    --output=*) out=${a#--output=} ;;\n"
    "    --RngRun=*) run=${a#--RngRun=} ;;\n"
    "    --mode=*) mode=${a#--mode=} ;;\n"
    "  esac\n"
    "done\n"
    "echo \"fake program: $*\"\n"
    "if [ \"$mode\" = fail ]; then echo boom; exit 3; fi\n"
    "mkdir -p \"$out\" || exit 4\n"
    "printf 'story: fake\\nvalue: %s.5 s\\n' \"$run\" > \"$out/result.txt\"\n"
    "printf 'label,n\\nserver,%s\\nclient,1\\n' \"$run\" > \"$out/endpoints.csv\"\n";

/// The sweep over the fake program.
const char* const kFakeSweep = "scenario fake\n"
                               "param x = 1, 2\n"
                               "param mode = ok, fail\n"
                               "runs 1..2\n"
                               "metric value = figure \"value\"\n"
                               "metric n = csv endpoints.csv n where label=server\n";

/// A sweep folder with the fake program: run, resume, failures, aggregate.
class FolderTestCase : public TestCase
{
  public:
    FolderTestCase()
        : TestCase("sweep folder: jobs complete atomically, resume, a failing job, aggregate")
    {
    }

  private:
    void DoRun() override
    {
        TempFolder temp;
        NS_TEST_ASSERT_MSG_NE(temp.Path(), "", "temporary folder");
        const std::string program = temp.Path() + "/fake program";
        Write(program, kFakeProgram);
        chmod(program.c_str(), 0755);
        const std::string dir = temp.Path() + "/sweep";

        Sweep sweep;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(sweep.Parse(kFakeSweep, "fake.sweep", error), true, error);
        sweep.SetProgram(program);
        NS_TEST_ASSERT_MSG_EQ(sweep.WriteFolder(dir, kFakeSweep, error), true, error);
        NS_TEST_EXPECT_MSG_EQ(Read(dir + "/sweep.sweep"), kFakeSweep, "the sweep's copy");
        const std::string jobsCsv = Read(dir + "/jobs.csv");
        NS_TEST_EXPECT_MSG_EQ(Has(jobsCsv, "index,point,run,x,mode,command\n"), true, jobsCsv);
        NS_TEST_EXPECT_MSG_EQ(Has(jobsCsv,
                                  "\n5,2,2,2,ok,'" + program +
                                      "' --x=2 --mode=ok "
                                      "--RngRun=2\n"),
                              true,
                              jobsCsv);
        NS_TEST_EXPECT_MSG_EQ(sweep.WriteFolder(dir, kFakeSweep, error), true, "the same again");
        NS_TEST_EXPECT_MSG_EQ(sweep.WriteFolder(dir, std::string(kFakeSweep) + "# new\n", error),
                              false,
                              "another sweep into the same folder");
        NS_TEST_EXPECT_MSG_EQ(Has(error, "already holds another sweep"), true, error);

        Sweep opened;
        NS_TEST_ASSERT_MSG_EQ(opened.OpenFolder(dir, error), true, error);
        NS_TEST_EXPECT_MSG_EQ(opened.GetProgram(), program, "the program from jobs.csv");
        for (uint32_t i = 0; i < 8; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(opened.GetJobState(dir, i), Sweep::PENDING, "job " << i);
        }

        // A complete job: its folder, its output, its metrics (exact: 17 digits).
        NS_TEST_ASSERT_MSG_EQ(opened.RunJob(dir, 1, error), true, error);
        NS_TEST_EXPECT_MSG_EQ(opened.GetJobState(dir, 1), Sweep::DONE, "job 1 done");
        NS_TEST_EXPECT_MSG_EQ(Read(dir + "/jobs/0001/metrics.csv"),
                              "metric,value\nvalue,2.5\nn,2\n",
                              "metrics.csv");
        NS_TEST_EXPECT_MSG_EQ(fs::exists(dir + "/jobs/0001/out/result.txt"), true, "output");
        NS_TEST_EXPECT_MSG_EQ(Has(Read(dir + "/jobs/0001/log.txt"), "fake program: --x=1"),
                              true,
                              "log.txt");
        NS_TEST_EXPECT_MSG_EQ(fs::exists(dir + "/jobs/0001.partial"), false, "renamed");

        // Resume: a complete job is not run again (its output is left as it is).
        Write(dir + "/jobs/0001/out/marker", "kept");
        NS_TEST_EXPECT_MSG_EQ(opened.RunJob(dir, 1, error), true, error);
        NS_TEST_EXPECT_MSG_EQ(Read(dir + "/jobs/0001/out/marker"), "kept", "not run again");

        // What an interrupted run left: partial, pending, removed by the next run.
        fs::create_directories(dir + "/jobs/0000.partial/out");
        Write(dir + "/jobs/0000.partial/out/stale", "stale");
        NS_TEST_EXPECT_MSG_EQ(opened.GetJobState(dir, 0), Sweep::PARTIAL, "left partial");
        NS_TEST_EXPECT_MSG_EQ(opened.RunJob(dir, 0, error), true, error);
        NS_TEST_EXPECT_MSG_EQ(opened.GetJobState(dir, 0), Sweep::DONE, "job 0 done");
        NS_TEST_EXPECT_MSG_EQ(fs::exists(dir + "/jobs/0000/out/stale"), false, "stale removed");
        NS_TEST_EXPECT_MSG_EQ(fs::exists(dir + "/jobs/0000.partial"), false, "partial gone");

        // A failing program: the job, its command, the log's last lines; the folder kept.
        NS_TEST_EXPECT_MSG_EQ(opened.RunJob(dir, 2, error), false, "job 2 fails");
        NS_TEST_EXPECT_MSG_EQ(Has(error, "job 2 failed"), true, error);
        NS_TEST_EXPECT_MSG_EQ(Has(error, "exit status 3"), true, error);
        NS_TEST_EXPECT_MSG_EQ(Has(error, "--mode=fail --RngRun=1 --output="), true, error);
        NS_TEST_EXPECT_MSG_EQ(Has(error, "boom"), true, error);
        NS_TEST_EXPECT_MSG_EQ(opened.GetJobState(dir, 2), Sweep::PARTIAL, "kept partial");

        // A job another runner holds (its lock taken): skipped, its folder left alone; run
        // once the lock is free.
        fs::create_directories(dir + "/jobs/0004.partial/out");
        Write(dir + "/jobs/0004.partial/out/theirs", "being written");
        const int lock = open((dir + "/jobs/0004.lock").c_str(), O_RDWR | O_CREAT, 0644);
        NS_TEST_ASSERT_MSG_EQ((lock >= 0 && flock(lock, LOCK_EX | LOCK_NB) == 0),
                              true,
                              "the other runner's lock");
        NS_TEST_EXPECT_MSG_EQ(opened.RunJob(dir, 4, error), true, error);
        NS_TEST_EXPECT_MSG_EQ(opened.GetJobState(dir, 4), Sweep::PARTIAL, "still theirs");
        NS_TEST_EXPECT_MSG_EQ(Read(dir + "/jobs/0004.partial/out/theirs"),
                              "being written",
                              "their output untouched");
        close(lock);
        NS_TEST_ASSERT_MSG_EQ(opened.RunJob(dir, 4, error), true, error);
        NS_TEST_EXPECT_MSG_EQ(opened.GetJobState(dir, 4), Sweep::DONE, "run once free");
        NS_TEST_EXPECT_MSG_EQ(fs::exists(dir + "/jobs/0004.lock"), false, "lock file removed");
        NS_TEST_ASSERT_MSG_EQ(opened.RunJob(dir, 5, error), true, error);

        // Aggregate: 4 of 8 complete, pending -> 3; the failing points have count 0.
        // value: 1.5 and 2.5 -> mean 2, sd sqrt(((-0.5)^2 + 0.5^2) / 1) = 0.70710678118,
        // t(0.975, 1) = 12.706204736, half-width 12.706204736 * 0.70710678118 / sqrt(2)
        // = 6.353102368 -> [-4.353102368, 8.353102368]; n: 1 and 2 -> 1.5, the same sd.
        std::ostringstream said;
        NS_TEST_EXPECT_MSG_EQ(opened.Aggregate(dir, said, error), 3, "pending jobs: 3");
        NS_TEST_EXPECT_MSG_EQ(Has(said.str(), "4 of 8 jobs complete, 4 pending"), true, said.str());
        NS_TEST_EXPECT_MSG_EQ(Read(dir + "/aggregate.csv"),
                              "x,mode,metric,count,mean,sd,ci95_low,ci95_high\n"
                              "1,ok,value,2,2,0.7071067812,-4.353102368,8.353102368\n"
                              "1,ok,n,2,1.5,0.7071067812,-4.853102368,7.853102368\n"
                              "1,fail,value,0,,,,\n"
                              "1,fail,n,0,,,,\n"
                              "2,ok,value,2,2,0.7071067812,-4.353102368,8.353102368\n"
                              "2,ok,n,2,1.5,0.7071067812,-4.853102368,7.853102368\n"
                              "2,fail,value,0,,,,\n"
                              "2,fail,n,0,,,,\n",
                              "aggregate.csv");
        NS_TEST_EXPECT_MSG_EQ(opened.RunJob(dir, 99, error), false, "no job 99");

        // A failing metric: the job fails, naming the metric, the figure and the file.
        const std::string other = "scenario fake\nparam x = 1\nruns 1\nmetric v = figure nope\n";
        const std::string dir2 = temp.Path() + "/other";
        Sweep second;
        NS_TEST_ASSERT_MSG_EQ(second.Parse(other, "other.sweep", error), true, error);
        second.SetProgram(program);
        NS_TEST_ASSERT_MSG_EQ(second.WriteFolder(dir2, other, error), true, error);
        Sweep secondOpened;
        NS_TEST_ASSERT_MSG_EQ(secondOpened.OpenFolder(dir2, error), true, error);
        NS_TEST_EXPECT_MSG_EQ(secondOpened.RunJob(dir2, 0, error), false, "no such figure");
        NS_TEST_EXPECT_MSG_EQ(Has(error,
                                  "job 0 failed: metric 'v': figure 'nope' is not in " + dir2 +
                                      "/jobs/0000.partial/out/result.txt"),
                              true,
                              error);
        NS_TEST_EXPECT_MSG_EQ(secondOpened.GetJobState(dir2, 0), Sweep::PARTIAL, "kept partial");
    }
};

/// Metric extraction: figures, CSV columns, reducers, failures.
class MetricTestCase : public TestCase
{
  public:
    MetricTestCase()
        : TestCase("metrics: figures, CSV columns with filters and reducers, and their errors")
    {
    }

  private:
    /// Extract metric \p definition; \return the value, or NaN with \p error set.
    double Extract(const std::string& folder, const std::string& definition, std::string& error)
    {
        Sweep sweep;
        const std::string text = "scenario s\nparam a = 1\nruns 1\nmetric m = " + definition;
        if (!sweep.Parse(text, "m.sweep", error))
        {
            return -12345;
        }
        double value = 0;
        error.clear();
        if (!Sweep::ExtractMetric(sweep.GetMetrics()[0], folder, value, error))
        {
            return -99999;
        }
        return value;
    }

    void DoRun() override
    {
        TempFolder temp;
        const std::string out = temp.Path();
        Write(out + "/result.txt",
              "story: x\nfirst retransmission to ETIMEDOUT: 13.888 s\nverdict: as Linux\n"
              "count: 7\nsigned: -2.5e-3 s\n");
        Write(out + "/endpoints.csv",
              "label,node,retransmissions,bytes_corrupted\n"
              "\"client (crashed)\",0,0,10\nserver,1,5,20\n\"a, b\",2,1,30\n");
        Write(out + "/bad.csv", "label,value\nserver, connection 1,3\n");
        std::string error;
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "figure \"first retransmission to ETIMEDOUT\"", error),
                              13.888,
                              error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "figure count", error), 7, error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "figure signed", error), -0.0025, error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "figure \"no such\"", error), -99999, "missing");
        NS_TEST_EXPECT_MSG_EQ(
            Has(error, "metric 'm': figure 'no such' is not in " + out + "/result.txt"),
            true,
            error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "figure verdict", error), -99999, "not a number");
        NS_TEST_EXPECT_MSG_EQ(Has(error, "'as Linux', which does not start with a number"),
                              true,
                              error);

        NS_TEST_EXPECT_MSG_EQ(
            Extract(out, "csv endpoints.csv retransmissions where label=server", error),
            5,
            error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out,
                                      "csv endpoints.csv retransmissions where "
                                      "label=\"client (crashed)\"",
                                      error),
                              0,
                              error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv endpoints.csv node where \"label=a, b\"", error),
                              2,
                              error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv endpoints.csv bytes_corrupted sum", error),
                              60,
                              error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv endpoints.csv bytes_corrupted min", error),
                              10,
                              error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv endpoints.csv bytes_corrupted max", error),
                              30,
                              error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv endpoints.csv bytes_corrupted mean", error),
                              20,
                              error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv endpoints.csv label count", error), 3, error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv endpoints.csv label where label=none count", error),
                              0,
                              error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv endpoints.csv node where label=none sum", error),
                              0,
                              error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv endpoints.csv node", error), -99999, "3 rows");
        NS_TEST_EXPECT_MSG_EQ(Has(error,
                                  "3 rows of " + out +
                                      "/endpoints.csv match; without a "
                                      "reducer"),
                              true,
                              error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv endpoints.csv node where label=none", error),
                              -99999,
                              "no row");
        NS_TEST_EXPECT_MSG_EQ(Has(error, "0 rows of"), true, error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv endpoints.csv node where label=none max", error),
                              -99999,
                              "max of nothing");
        NS_TEST_EXPECT_MSG_EQ(Has(error, "max needs at least one"), true, error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv endpoints.csv nodes sum", error),
                              -99999,
                              "no column");
        NS_TEST_EXPECT_MSG_EQ(Has(error, "has no column 'nodes': its columns are label, node"),
                              true,
                              error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv endpoints.csv label where node=1", error),
                              -99999,
                              "not a number");
        NS_TEST_EXPECT_MSG_EQ(Has(error, "holds 'server', which is not a number"), true, error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv bad.csv value sum", error), -99999, "bad row");
        NS_TEST_EXPECT_MSG_EQ(Has(error, "bad.csv:2 has 3 fields, the header 2"), true, error);
        NS_TEST_EXPECT_MSG_EQ(Extract(out, "csv none.csv value sum", error), -99999, "no file");
        NS_TEST_EXPECT_MSG_EQ(Has(error, "cannot read " + out + "/none.csv"), true, error);
    }
};

/// The statistics against hand-computed values; the number format; the aggregate CSV.
class StatisticsTestCase : public TestCase
{
  public:
    StatisticsTestCase()
        : TestCase("statistics: mean, sd, t quantile, 95% CI against hand-computed values")
    {
    }

  private:
    void DoRun() override
    {
        // 1, 2, 3, 4: mean 2.5; squares 2.25 + 0.25 + 0.25 + 2.25 = 5, sd = sqrt(5 / 3)
        // = 1.2909944487; t(0.975, 3) = 3.1824463053; half-width = 3.1824463053 * 1.2909944487
        // / sqrt(4) = 2.0542602568; CI [0.4457397432, 4.5542602568].
        auto s = Sweep::Summarize({1, 2, 3, 4});
        NS_TEST_EXPECT_MSG_EQ(s.count, 4, "count");
        NS_TEST_EXPECT_MSG_EQ_TOL(s.mean, 2.5, 1e-12, "mean");
        NS_TEST_EXPECT_MSG_EQ_TOL(s.sd, 1.2909944487, 1e-9, "sample sd (n - 1)");
        NS_TEST_EXPECT_MSG_EQ_TOL(s.ciLow, 0.4457397432, 1e-9, "CI low");
        NS_TEST_EXPECT_MSG_EQ_TOL(s.ciHigh, 4.5542602568, 1e-9, "CI high");
        // 10, 12: mean 11, sd sqrt(2) = 1.4142135624, t(0.975, 1) = 12.7062047362,
        // half-width 12.7062047362 * 1.4142135624 / sqrt(2) = 12.7062047362.
        s = Sweep::Summarize({10, 12});
        NS_TEST_EXPECT_MSG_EQ_TOL(s.sd, 1.4142135624, 1e-9, "sd of two");
        NS_TEST_EXPECT_MSG_EQ_TOL(s.ciLow, 11 - 12.7062047362, 1e-9, "CI low, 1 df");
        NS_TEST_EXPECT_MSG_EQ_TOL(s.ciHigh, 11 + 12.7062047362, 1e-9, "CI high, 1 df");
        // 30 values 0..29: mean 14.5, sd sqrt(sum (i - 14.5)^2 / 29) = sqrt(2247.5 / 29)
        // = 8.8034084308; t(0.975, 29) = 2.0452296421; half = 2.0452296421 * 8.8034084308 /
        // sqrt(30) = 3.2872467325.
        std::vector<double> many;
        for (int i = 0; i < 30; ++i)
        {
            many.push_back(i);
        }
        s = Sweep::Summarize(many);
        NS_TEST_EXPECT_MSG_EQ_TOL(s.sd, 8.8034084308, 1e-9, "sd of 30");
        NS_TEST_EXPECT_MSG_EQ_TOL(s.ciHigh - s.mean, 3.2872467325, 1e-9, "half-width, 29 df");
        s = Sweep::Summarize({7});
        NS_TEST_EXPECT_MSG_EQ(s.count, 1, "one value");
        NS_TEST_EXPECT_MSG_EQ(s.mean, 7, "its mean");
        s = Sweep::Summarize({});
        NS_TEST_EXPECT_MSG_EQ(s.count, 0, "no value");

        NS_TEST_EXPECT_MSG_EQ(Sweep::FormatNumber(2.5), "2.5", "plain");
        NS_TEST_EXPECT_MSG_EQ(Sweep::FormatNumber(-0.0), "0", "no -0");
        NS_TEST_EXPECT_MSG_EQ(Sweep::FormatNumber(0.1 + 0.2), "0.3", "10 digits");
        NS_TEST_EXPECT_MSG_EQ(Sweep::FormatNumber(1.0 / 3), "0.3333333333", "10 digits");
        NS_TEST_EXPECT_MSG_EQ(Sweep::FormatNumber(1e-7), "1e-07", "%g");
        NS_TEST_EXPECT_MSG_EQ(Sweep::FormatNumber(123456789012.0), "1.23456789e+11", "%g");

        // The CSV: one row per point x metric, in expansion order; n = 1: no sd, no CI.
        Sweep sweep;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(sweep.Parse("scenario s\nparam a = 1, 2\nruns 1..4\n"
                                          "metric m = figure f\nmetric k = figure g\n",
                                          "csv.sweep",
                                          error),
                              true,
                              error);
        std::map<uint32_t, std::vector<double>> metrics{{0, {1, 5}},
                                                        {1, {2, 5}},
                                                        {2, {3, 5}},
                                                        {3, {4, 5}},
                                                        {6, {9, 1}}};
        NS_TEST_EXPECT_MSG_EQ(sweep.AggregateCsv(metrics),
                              "a,metric,count,mean,sd,ci95_low,ci95_high\n"
                              "1,m,4,2.5,1.290994449,0.4457397432,4.554260257\n"
                              "1,k,4,5,0,5,5\n"
                              "2,m,1,9,,,\n"
                              "2,k,1,1,,,\n",
                              "aggregate CSV");
    }
};

/// The error-bar plot.
class ErrorBarsTestCase : public TestCase
{
  public:
    ErrorBarsTestCase()
        : TestCase("plot: lines with error bars, svg and png; bad input refused")
    {
    }

  private:
    void DoRun() override
    {
        TempFolder temp;
        const std::string base = temp.Path() + "/bars";
        const std::vector<TcpTeardownPlot::ErrorSeries> series{
            {"loss = 0", {{3, 1.5, 1.5, 1.5}, {5, 13.9, 13.9, 13.9}}},
            {"loss = 0.05", {{3, 3.6, -2.2, 9.4}, {5, 14.5, 6.3, 22.8}}}};
        if (!TcpTeardownPlot::IsAvailable())
        {
            std::cout << "SKIPPED drawing: plots are unavailable here" << std::endl;
            NS_TEST_EXPECT_MSG_EQ(TcpTeardownPlot::ErrorBars(base, "t", "x", "y", series),
                                  false,
                                  "refused where plots are unavailable");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(TcpTeardownPlot::ErrorBars(base, "t", "retries2", "s", series),
                              true,
                              "drawn");
        const std::string svg = Read(base + ".svg");
        NS_TEST_EXPECT_MSG_EQ(Has(svg, "</svg>"), true, "a complete svg");
        NS_TEST_EXPECT_MSG_EQ(Has(svg, "loss = 0.05"), true, "the key");
        NS_TEST_EXPECT_MSG_EQ((fs::file_size(base + ".png") > 1000), true, "a png");
        NS_TEST_EXPECT_MSG_EQ(TcpTeardownPlot::ErrorBars(temp.Path() + "/bad",
                                                         "t",
                                                         "x",
                                                         "y",
                                                         {{"s", {{1, 5, 6, 7}}}}),
                              false,
                              "a bar that does not hold its mean");
        NS_TEST_EXPECT_MSG_EQ(fs::exists(temp.Path() + "/bad.svg"), false, "nothing written");
        NS_TEST_EXPECT_MSG_EQ(TcpTeardownPlot::ErrorBars(temp.Path() + "/bad", "t", "x", "y", {}),
                              false,
                              "no series");
        // A logarithmic y axis: drawn when every bar stays above 0, refused otherwise.
        NS_TEST_EXPECT_MSG_EQ(
            TcpTeardownPlot::ErrorBars(temp.Path() + "/log", "t", "x", "y", {series[0]}, true),
            true,
            "log y");
        NS_TEST_EXPECT_MSG_EQ(Has(Read(temp.Path() + "/log.svg"), "</svg>"), true, "its svg");
        NS_TEST_EXPECT_MSG_EQ(
            TcpTeardownPlot::ErrorBars(temp.Path() + "/badlog", "t", "x", "y", series, true),
            false,
            "a bar reaching -2.2 on a log axis");
        NS_TEST_EXPECT_MSG_EQ(fs::exists(temp.Path() + "/badlog.svg"), false, "nothing written");
    }
};

/// Every bad-input rule: refused, naming the value and the rule.
class BadInputTestCase : public TestCase
{
  public:
    BadInputTestCase()
        : TestCase("bad input: every rule refused with FILE:LINE, the value and the rule")
    {
    }

  private:
    /// One bad sweep: its text and what its message must contain.
    struct Bad
    {
        std::string text;                //!< the sweep file
        std::vector<std::string> expect; //!< parts of the message
    };

    void DoRun() override
    {
        const std::string ok = "runs 1..2\nmetric m = figure \"f\"\n";
        const std::string head = "scenario s\nparam a = 1, 2\n";
        const std::vector<Bad> bad{
            {"scenario s\nparm a = 1\n" + ok,
             {"sweep b.sweep:2: unknown keyword 'parm'", "scenario, fixed, param"}},
            {"param a = 1\n" + ok, {"sweep b.sweep: no scenario line"}},
            {"scenario s\nscenario t\n", {"b.sweep:2: a second scenario 't'", "line 1"}},
            {"scenario s t\n", {"b.sweep:1: scenario 's t' is invalid"}},
            {"scenario s\nparam a\n", {"b.sweep:2: param 'a' is invalid", "NAME = V1, V2"}},
            {"scenario s\nparam RngRun = 1, 2\n" + ok,
             {"b.sweep:2: param 'RngRun' is invalid", "sets --RngRun", "runs"}},
            {"scenario s\nparam output = x\n" + ok, {"param 'output' is invalid", "--output"}},
            {"scenario s\nparam a = 1\nparam a = 2\n" + ok,
             {"b.sweep:3: param 'a' appears twice (first on line 2)"}},
            {"scenario s\nparam a =\n" + ok, {"b.sweep:2: param 'a' has an empty value list"}},
            {"scenario s\nparam a = 1,,2\n" + ok, {"'1,,2' has an empty value"}},
            {"scenario s\nparam a = 1,2,\n" + ok, {"'1,2,' has an empty value"}},
            {"scenario s\nparam a = 1, 1\n" + ok, {"lists the value '1' twice"}},
            {"scenario s\n" + ok, {"b.sweep: the grid is empty: no param line"}},
            {head + "metric m = figure f\n", {"b.sweep: no runs line"}},
            {head + "runs\n", {"b.sweep:3: runs is empty", "each >= 1"}},
            {head + "runs 0\n", {"runs value '0' is < 1", "each >= 1"}},
            {head + "runs 0..3\n", {"runs '0..3' starts at 0"}},
            {head + "runs 5..2\n", {"b.sweep:3: runs '5..2' is empty (b < a)", "a <= b"}},
            {head + "runs 1,x\n", {"runs value 'x' is invalid"}},
            {head + "runs -1\n", {"runs value '-1' is invalid"}},
            {head + "runs 1,2,1\n", {"runs value 1 appears twice"}},
            {head + "runs 1\nruns 2\n", {"b.sweep:4: a second runs line"}},
            {head + "runs 1..2000000\n", {"is too many"}},
            {head + "runs 1..2\n", {"b.sweep: no metric line"}},
            {head + ok + "metric m = figure g\n",
             {"b.sweep:5: metric 'm' is defined twice (first on line 4)"}},
            {head + "runs 1\nmetric m = figure\n",
             {"b.sweep:4: metric 'm' = 'figure' is malformed"}},
            {head + "runs 1\nmetric m = table x\n", {"metric 'm' = 'table x' is malformed"}},
            {head + "runs 1\nmetric m = csv f.csv\n", {"metric 'm' = 'csv f.csv' is malformed"}},
            {head + "runs 1\nmetric m = csv f.csv c avg\n", {"'avg' is not a reducer"}},
            {head + "runs 1\nmetric m = csv f.csv c where c\n", {"'where c' is malformed"}},
            {head + "runs 1\nmetric m = csv f.csv c sum x\n", {"'x' is extra"}},
            {head + "runs 1\nmetric m = csv ../f.csv c sum\n", {"file '../f.csv' is invalid"}},
            {head + "runs 1\nmetric m = figure \"open\n", {"metric 'm' is malformed"}},
            {head + "runs 1\nmetric a b = figure f\n", {"metric 'a b = figure f' is invalid"}},
            {head + ok + "plot n against a\n",
             {"b.sweep:5: plot names the metric 'n', which is not defined", "metrics are m"}},
            {head + ok + "plot m against b\n",
             {"plot names the param 'b', which is not a param", "params are a"}},
            {head + ok + "plot m versus a\n", {"plot 'm versus a' is malformed"}},
            {head + ok + "plot m against a linear\n",
             {"plot 'm against a linear' is malformed", "optionally followed by 'log'"}},
            {"scenario s\nparam a = x, 2\n" + ok + "plot m against a\n",
             {"its value 'x' does not start with a number"}},
            {"scenario s\nfixed --RngRun=3\n", {"fixed argument '--RngRun=3' is invalid"}},
            {"scenario s\nfixed --output=/tmp\n", {"fixed argument '--output=/tmp' is invalid"}},
            {"scenario s\nfixed rtoMin=1s\n", {"fixed argument 'rtoMin=1s' is invalid"}},
        };
        for (const auto& b : bad)
        {
            Sweep sweep;
            std::string error;
            NS_TEST_EXPECT_MSG_EQ(sweep.Parse(b.text, "b.sweep", error), false, b.text);
            for (const auto& part : b.expect)
            {
                NS_TEST_EXPECT_MSG_EQ(Has(error, part),
                                      true,
                                      "'" << error << "' lacks '" << part << "'");
            }
        }

        // The rules that need the program: its options and attributes.
        Sweep sweep;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(
            sweep.Parse("scenario prog\nparam retries3 = 1\n" + ok, "b.sweep", error),
            true,
            error);
        Sweep::ProgramInfo info;
        info.path = "/x/tcp-teardown-prog";
        info.options = {"retries2", "rtoMin"};
        info.attributes["ns3::TcpTeardownScenario"] = {"LossRate", "LinkDelay"};
        NS_TEST_EXPECT_MSG_EQ(sweep.Check(info, error), false, "unknown option");
        NS_TEST_EXPECT_MSG_EQ(Has(error,
                                  "b.sweep:2: param 'retries3' is not an option of "
                                  "tcp-teardown-prog (from its --PrintHelp): its options are "
                                  "retries2, rtoMin"),
                              true,
                              error);
        NS_TEST_ASSERT_MSG_EQ(
            sweep.Parse("scenario prog\nparam ns3::TcpTeardownScenario::Loss = 1\n" + ok,
                        "b.sweep",
                        error),
            true,
            error);
        NS_TEST_EXPECT_MSG_EQ(sweep.Check(info, error), false, "unknown attribute");
        NS_TEST_EXPECT_MSG_EQ(Has(error,
                                  "param 'ns3::TcpTeardownScenario::Loss' is not an attribute of "
                                  "ns3::TcpTeardownScenario"),
                              true,
                              error);
        NS_TEST_EXPECT_MSG_EQ(Has(error, "its attributes are LinkDelay, LossRate"), true, error);
        NS_TEST_ASSERT_MSG_EQ(
            sweep.Parse("scenario prog\nparam ns3::NoSuch::X = 1\n" + ok, "b.sweep", error),
            true,
            error);
        NS_TEST_EXPECT_MSG_EQ(sweep.Check(info, error), false, "unknown type");
        NS_TEST_EXPECT_MSG_EQ(Has(error, "'ns3::NoSuch' is not a type tcp-teardown-prog knows"),
                              true,
                              error);
        NS_TEST_ASSERT_MSG_EQ(sweep.Parse("scenario prog\nparam retries2 = 1\nparam "
                                          "ns3::TcpTeardownScenario::LossRate = 0\n" +
                                              ok,
                                          "b.sweep",
                                          error),
                              true,
                              error);
        NS_TEST_EXPECT_MSG_EQ(sweep.Check(info, error), true, error);

        // Fixed arguments follow the same rules, and may not set a param; global values
        // (RngSeed) are options too.
        info.globals = {"RngSeed", "SchedulerType"};
        NS_TEST_ASSERT_MSG_EQ(
            sweep.Parse("scenario prog\nfixed --retriez=3\nparam retries2 = 1\n" + ok,
                        "b.sweep",
                        error),
            true,
            error);
        NS_TEST_EXPECT_MSG_EQ(sweep.Check(info, error), false, "unknown fixed option");
        NS_TEST_EXPECT_MSG_EQ(Has(error,
                                  "b.sweep:2: fixed argument 'retriez' is not an option of "
                                  "tcp-teardown-prog"),
                              true,
                              error);
        NS_TEST_EXPECT_MSG_EQ(Has(error, "ns-3's global values are RngSeed, SchedulerType"),
                              true,
                              error);
        NS_TEST_ASSERT_MSG_EQ(sweep.Parse("scenario prog\nparam retries2 = 1\nfixed "
                                          "--ns3::TcpTeardownScenario::Delay=1ms\n" +
                                              ok,
                                          "b.sweep",
                                          error),
                              true,
                              error);
        NS_TEST_EXPECT_MSG_EQ(sweep.Check(info, error), false, "unknown fixed attribute");
        NS_TEST_EXPECT_MSG_EQ(Has(error,
                                  "b.sweep:3: fixed argument 'ns3::TcpTeardownScenario::Delay' "
                                  "is not an attribute"),
                              true,
                              error);
        NS_TEST_ASSERT_MSG_EQ(
            sweep.Parse("scenario prog\nparam retries2 = 1, 2\nfixed --retries2=3\n" + ok,
                        "b.sweep",
                        error),
            true,
            error);
        NS_TEST_EXPECT_MSG_EQ(sweep.Check(info, error), false, "a fixed argument over a param");
        NS_TEST_EXPECT_MSG_EQ(Has(error,
                                  "b.sweep:3: fixed argument '--retries2=3' sets retries2, which "
                                  "line 2 sweeps"),
                              true,
                              error);
        NS_TEST_ASSERT_MSG_EQ(
            sweep.Parse("scenario prog\nparam RngSeed = 1, 2\nfixed "
                        "--rtoMin=1s --ns3::TcpTeardownScenario::LinkDelay=1ms\n" +
                            ok,
                        "b.sweep",
                        error),
            true,
            error);
        NS_TEST_EXPECT_MSG_EQ(sweep.Check(info, error), true, error);

        // An unknown scenario: the programs that exist are listed (the tool is not one).
        TempFolder temp;
        for (const std::string name :
             {"tcp-teardown-alpha", "tcp-teardown-beta", "tcp-teardown-sweep", "other"})
        {
            Write(temp.Path() + "/" + name, "#!/bin/sh\n");
            chmod((temp.Path() + "/" + name).c_str(), 0755);
        }
        const std::vector<std::string> programs{"alpha", "beta"};
        NS_TEST_EXPECT_MSG_EQ((Sweep::ListPrograms(temp.Path()) == programs), true, "programs");
        NS_TEST_ASSERT_MSG_EQ(sweep.Parse("scenario gamma\nparam a = 1\n" + ok, "b.sweep", error),
                              true,
                              error);
        NS_TEST_EXPECT_MSG_EQ(sweep.Resolve(temp.Path(), error), false, "unknown scenario");
        NS_TEST_EXPECT_MSG_EQ(Has(error,
                                  "b.sweep:1: scenario 'gamma' is no example program in " +
                                      temp.Path() + ": a scenario is one of alpha, beta"),
                              true,
                              error);
    }
};

/// The suite.
class TcpTeardownSweepTestSuite : public TestSuite
{
  public:
    TcpTeardownSweepTestSuite()
        : TestSuite("tcp-teardown-sweep", UNIT)
    {
        AddTestCase(new ParseTestCase(), TestCase::QUICK);
        AddTestCase(new ExpansionTestCase(), TestCase::QUICK);
        AddTestCase(new FolderTestCase(), TestCase::QUICK);
        AddTestCase(new MetricTestCase(), TestCase::QUICK);
        AddTestCase(new StatisticsTestCase(), TestCase::QUICK);
        AddTestCase(new ErrorBarsTestCase(), TestCase::QUICK);
        AddTestCase(new BadInputTestCase(), TestCase::QUICK);
    }
};

/// The suite's instance.
TcpTeardownSweepTestSuite g_tcpTeardownSweepTestSuite;

} // namespace
