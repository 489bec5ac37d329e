/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Parameter sweeps of the example programs: a sweep file (see TcpTeardownSweep) expands into
// independent jobs, each one run of an example with its own output folder, run locally with
// GNU parallel or on a cluster as a Slurm job array, and aggregated into one CSV (mean, sd,
// count, 95% confidence interval per point and metric) and plots with error bars.
//
//   tcp-teardown-sweep run examples/sweeps/retries2-etimedout.sweep /tmp/retries2
//   tcp-teardown-sweep expand SWEEP DIR && tcp-teardown-sweep slurm DIR --wait
//
// Sub-commands do not suit ns-3's CommandLine: the arguments are read here; --help lists them.

#include "ns3/tcp-teardown-sweep.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

namespace fs = std::filesystem;

/// The program's name in messages.
const char* const kProgram = "tcp-teardown-sweep";

/// Exit statuses.
enum Status
{
    OK = 0,         //!< done
    BAD_INPUT = 1,  //!< a bad sweep file, command or option: nothing ran
    JOB_FAILED = 2, //!< a job (or Slurm) failed
    PARTIAL = 3,    //!< aggregated, but some jobs are pending
};

/// The usage text.
const char* const kUsage =
    "Usage: tcp-teardown-sweep COMMAND ARGUMENTS [OPTIONS]\n"
    "\n"
    "Parameter sweeps of the tcp-teardown example programs: a sweep file names the scenario,\n"
    "the parameter grid, the RngRun values and the metrics; every job is one run of the example\n"
    "with its own folder; reruns skip complete jobs.\n"
    "\n"
    "Commands (DIR is the sweep's folder):\n"
    "  run SWEEP DIR [--jobs=N]      expand, then local: the one-liner\n"
    "  expand SWEEP DIR              check the sweep file, write DIR/sweep.sweep and\n"
    "                                DIR/jobs.csv, print how many jobs are done and pending\n"
    "  local DIR [--jobs=N]          run the pending jobs with GNU parallel (N at a time,\n"
    "                                default: the number of CPUs), then aggregate\n"
    "  slurm DIR [--wait] [--sbatch=ARGS]\n"
    "                                submit the pending jobs as a Slurm job array (sbatch\n"
    "                                --array; ARGS are passed to sbatch); --wait: wait for it,\n"
    "                                then aggregate\n"
    "  job DIR INDEX...              run these jobs (skipping complete ones): what parallel\n"
    "                                and the Slurm tasks call\n"
    "  aggregate DIR                 write DIR/aggregate.csv and the plots of the sweep file\n"
    "  status DIR                    count the jobs done, pending and left partial\n"
    "\n"
    "Options:\n"
    "  --examples=DIR   the folder of the example programs (expand, run; default: this\n"
    "                   program's own folder)\n"
    "  --help           this text\n"
    "\n"
    "Exit status: 0 done; 1 bad input (nothing ran); 2 a job failed (its .partial folder is\n"
    "kept); 3 aggregated, but jobs are pending.\n";

/// Say what is wrong with the command line; \return BAD_INPUT
int
Usage(const std::string& what)
{
    std::cerr << kProgram << ": " << what << "\n(" << kProgram << " --help lists the commands)"
              << std::endl;
    return BAD_INPUT;
}

/// Say an error; \return \p status
int
Error(const std::string& what, int status = BAD_INPUT)
{
    std::cerr << kProgram << ": " << what << std::endl;
    return status;
}

/// This program's absolute path.
std::string
Self()
{
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string(kProgram) : self.string();
}

/// Whether \p name is an executable on PATH.
bool
OnPath(const std::string& name)
{
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');)
    {
        const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
        struct stat info;
        if (stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
            access(candidate.c_str(), X_OK) == 0)
        {
            return true;
        }
    }
    return false;
}

/// The jobs of an opened folder in a state.
std::vector<uint32_t>
JobsIn(const TcpTeardownSweep& sweep, const std::string& dir, bool pending)
{
    std::vector<uint32_t> jobs;
    for (const auto& job : sweep.Expand())
    {
        if ((sweep.GetJobState(dir, job.index) != TcpTeardownSweep::DONE) == pending)
        {
            jobs.push_back(job.index);
        }
    }
    return jobs;
}

/// "N jobs (P points x R runs): D done, M pending[ (K partial)]"
std::string
Counts(const TcpTeardownSweep& sweep, const std::string& dir)
{
    uint32_t done = 0;
    uint32_t partial = 0;
    const auto jobs = sweep.Expand();
    for (const auto& job : jobs)
    {
        const auto state = sweep.GetJobState(dir, job.index);
        done += state == TcpTeardownSweep::DONE ? 1 : 0;
        partial += state == TcpTeardownSweep::PARTIAL ? 1 : 0;
    }
    std::ostringstream os;
    os << jobs.size() << " jobs (" << sweep.GetPoints() << " points x " << sweep.GetRuns().size()
       << " runs): " << done << " done, " << jobs.size() - done << " pending";
    if (partial > 0)
    {
        os << " (" << partial << " left partial by an interrupted or failed run)";
    }
    return os.str();
}

/// The expand command.
int
Expand(const std::string& file, const std::string& dir, const std::string& examples)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
    {
        return Error("sweep " + file + ": cannot read it: " + std::strerror(errno));
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    TcpTeardownSweep sweep;
    std::string error;
    if (!sweep.Parse(text, file, error) || !sweep.Resolve(examples, error) ||
        !sweep.WriteFolder(dir, text, error))
    {
        return Error(error);
    }
    std::cout << Counts(sweep, dir) << std::endl;
    return OK;
}

/// Open a sweep folder or say why not.
bool
Open(TcpTeardownSweep& sweep, const std::string& dir)
{
    std::string error;
    if (!sweep.OpenFolder(dir, error))
    {
        Error(error);
        return false;
    }
    return true;
}

/// The aggregate command, on an opened folder.
int
Aggregate(const TcpTeardownSweep& sweep, const std::string& dir)
{
    std::string error;
    const int status = sweep.Aggregate(dir, std::cout, error);
    if (status == BAD_INPUT)
    {
        return Error(error);
    }
    return status;
}

/// The job command.
int
Job(const std::string& dir, const std::vector<std::string>& indices)
{
    TcpTeardownSweep sweep;
    if (!Open(sweep, dir))
    {
        return BAD_INPUT;
    }
    const std::size_t jobs = sweep.Expand().size();
    std::vector<uint32_t> list;
    for (const auto& text : indices)
    {
        char* end = nullptr;
        errno = 0;
        const unsigned long index = std::strtoul(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno != 0 || text[0] == '-' || index >= jobs)
        {
            return Error("job index '" + text + "' is invalid: a job of " + dir + " is 0.." +
                         std::to_string(jobs - 1));
        }
        list.push_back(static_cast<uint32_t>(index));
    }
    int status = OK;
    for (uint32_t index : list)
    {
        std::string error;
        const bool done = sweep.GetJobState(dir, index) == TcpTeardownSweep::DONE;
        const auto start = std::chrono::steady_clock::now();
        if (!sweep.RunJob(dir, index, error))
        {
            std::cerr << kProgram << ": " << error << std::endl;
            status = JOB_FAILED;
        }
        else if (!done && sweep.GetJobState(dir, index) == TcpTeardownSweep::DONE &&
                 !std::getenv("TCP_TEARDOWN_SWEEP_QUIET"))
        {
            const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
            std::cout << "job " << index << " done (" << std::fixed << std::setprecision(1)
                      << wall.count() << " s)" << std::endl;
        }
    }
    return status;
}

/// The local command.
int
Local(const std::string& dir, uint32_t jobs, bool counted = false)
{
    TcpTeardownSweep sweep;
    if (!Open(sweep, dir))
    {
        return BAD_INPUT;
    }
    const auto pending = JobsIn(sweep, dir, true);
    if (!counted)
    {
        std::cout << Counts(sweep, dir) << std::endl;
    }
    bool failed = false;
    if (!pending.empty())
    {
        if (!OnPath("parallel"))
        {
            return Error("GNU parallel is not on PATH (Debian: apt-get install parallel): it runs "
                         "the jobs of 'local'; or run them one by one with '" +
                         std::string(kProgram) + " job " + dir + " INDEX...'");
        }
        std::cout << "running " << pending.size() << " jobs, " << jobs
                  << " at a time (GNU parallel)" << std::endl;
        int fds[2];
        if (pipe(fds) != 0)
        {
            return Error(std::string("cannot create a pipe: ") + std::strerror(errno), JOB_FAILED);
        }
        std::cout.flush();
        const pid_t pid = fork();
        if (pid == 0)
        {
            close(fds[1]);
            dup2(fds[0], STDIN_FILENO);
            close(fds[0]);
            // --quote: the command is not read by a shell (paths with blanks stay whole).
            // On a terminal, parallel draws a progress bar and the jobs are quiet; otherwise
            // (a log, CTest) each job says when it is done, one line each.
            std::vector<std::string> args{"parallel",
                                          "--will-cite",
                                          "--jobs",
                                          std::to_string(jobs)};
            if (isatty(STDERR_FILENO))
            {
                args.push_back("--bar");
                setenv("TCP_TEARDOWN_SWEEP_QUIET", "1", 1);
            }
            for (const std::string& arg :
                 {std::string("--quote"), Self(), std::string("job"), dir, std::string("{}")})
            {
                args.push_back(arg);
            }
            std::vector<char*> pointers;
            for (auto& arg : args)
            {
                pointers.push_back(arg.data());
            }
            pointers.push_back(nullptr);
            execvp("parallel", pointers.data());
            std::cerr << kProgram << ": cannot run parallel: " << std::strerror(errno) << std::endl;
            _exit(127);
        }
        close(fds[0]);
        // If parallel ends early, writing the list must fail with EPIPE, not kill this process.
        signal(SIGPIPE, SIG_IGN);
        std::string list;
        for (uint32_t index : pending)
        {
            list += std::to_string(index) + "\n";
        }
        const char* data = list.data();
        std::size_t left = list.size();
        while (left > 0)
        {
            const ssize_t n = write(fds[1], data, left);
            if (n < 0 && errno == EINTR)
            {
                continue;
            }
            if (n <= 0)
            {
                break;
            }
            data += n;
            left -= static_cast<std::size_t>(n);
        }
        close(fds[1]);
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        {
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        {
            failed = true;
            std::cerr << kProgram << ": GNU parallel ended with "
                      << TcpTeardownSweep::StatusText(status)
                      << " (for parallel: the number of failed jobs, 255 for another error); "
                         "their messages are above"
                      << std::endl;
        }
    }
    const int status = Aggregate(sweep, dir);
    // Jobs ran: an aggregate that cannot be made is no bad input any more.
    return failed || status == BAD_INPUT ? JOB_FAILED : status;
}

/// The slurm command.
int
Slurm(const std::string& relativeDir, bool wait, const std::string& sbatchArgs)
{
    std::error_code ec;
    const std::string dir = fs::absolute(relativeDir, ec).lexically_normal().string();
    std::vector<std::string> extra;
    if (!TcpTeardownSweep::SplitCommand(sbatchArgs, extra))
    {
        return Usage("--sbatch='" + sbatchArgs + "' is invalid: a quote is not closed");
    }
    TcpTeardownSweep sweep;
    if (!Open(sweep, dir))
    {
        return BAD_INPUT;
    }
    const auto pending = JobsIn(sweep, dir, true);
    std::cout << Counts(sweep, dir) << std::endl;
    if (pending.empty())
    {
        std::cout << "nothing to submit" << std::endl;
        return Aggregate(sweep, dir);
    }
    if (!OnPath("sbatch"))
    {
        return Error("sbatch is not on PATH (Slurm's client, Debian: slurm-client): it submits "
                     "the jobs of 'slurm'; 'local' runs them on this machine");
    }
    const std::string slurmDir = dir + "/slurm";
    fs::create_directories(slurmDir, ec);
    if (ec)
    {
        return Error("cannot create " + slurmDir + ": " + ec.message());
    }
    const std::size_t tasks = std::min<std::size_t>(pending.size(), 1000);
    // One script per submission, its job list inside: sbatch keeps a copy of the script, so a
    // later submission (of what is still pending then) cannot change what an earlier array's
    // queued tasks run. Jobs another runner holds are skipped by their lock.
    std::string script;
    for (uint32_t n = 1;; ++n)
    {
        script = slurmDir + "/job-array-" + std::to_string(n) + ".sh";
        if (!fs::exists(script, ec))
        {
            break;
        }
    }
    {
        std::ofstream os(script, std::ios::trunc);
        os << "#!/bin/sh\n"
           << "# Written by " << kProgram << " slurm: array task k runs the jobs at positions "
           << "k, k+" << tasks << ", k+2*" << tasks << ", ... (0-based) of the list below.\n"
           << "#SBATCH --job-name=tcp-teardown-sweep\n"
           << "set -eu\n"
           << "k=${SLURM_ARRAY_TASK_ID:?this script runs as a Slurm array task}\n"
           << "indices=$(awk -v k=\"$k\" -v t=" << tasks << " '(NR - 1) % t == k' <<'END'\n";
        for (uint32_t index : pending)
        {
            os << index << "\n";
        }
        os << "END\n"
           << ")\n"
           << "exec " << TcpTeardownSweep::CommandText({Self(), "job", dir}) << " $indices\n";
        os.close();
        if (!os)
        {
            return Error("cannot write " + script);
        }
    }
    chmod(script.c_str(), 0755);
    // The task logs: on sbatch's command line (no #SBATCH line, which Slurm splits at blanks),
    // with '%' doubled so that only %A and %a are Slurm's.
    std::string logs;
    for (char c : slurmDir)
    {
        logs += c == '%' ? std::string("%%") : std::string(1, c);
    }
    logs += "/task-%A_%a.log";
    std::vector<std::string> argv{"sbatch",
                                  "--array=0-" + std::to_string(tasks - 1),
                                  "--output=" + logs};
    if (wait)
    {
        argv.push_back("--wait");
    }
    else
    {
        argv.push_back("--parsable");
    }
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(script);
    std::cout << "submitting " << pending.size() << " jobs as " << tasks
              << " Slurm array tasks: " << TcpTeardownSweep::CommandText(argv) << std::endl;
    if (wait)
    {
        const int status = TcpTeardownSweep::RunProgram(argv, "");
        if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        {
            std::cerr << kProgram << ": sbatch ended with " << TcpTeardownSweep::StatusText(status)
                      << ": a task failed or the job was not submitted (task logs: " << slurmDir
                      << "/task-*.log)" << std::endl;
            Aggregate(sweep, dir);
            return JOB_FAILED;
        }
        return Aggregate(sweep, dir);
    }
    int status = 0;
    std::string id = TcpTeardownSweep::CaptureOutput(argv, status, false);
    id = id.substr(0, id.find_first_of(";\n"));
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
        return Error("sbatch ended with " + TcpTeardownSweep::StatusText(status) +
                         ": nothing was submitted",
                     JOB_FAILED);
    }
    std::cout << "submitted Slurm job " << id << " (logs in " << slurmDir
              << "/); once it is finished: " << kProgram << " aggregate " << dir << std::endl;
    return OK;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h" || arg == "--PrintHelp")
        {
            std::cout << kUsage;
            return OK;
        }
        if (arg.compare(0, 2, "--") == 0)
        {
            const auto equals = arg.find('=');
            const std::string name =
                arg.substr(2, equals == std::string::npos ? arg.npos : equals - 2);
            if (options.count(name))
            {
                return Usage("option --" + name + " is given twice");
            }
            options[name] = equals == std::string::npos ? "" : arg.substr(equals + 1);
            if ((equals == std::string::npos) != (name == "wait"))
            {
                return Usage(name == "wait"
                                 ? "option '" + arg + "' takes no value: --wait"
                                 : "option '" + arg + "' needs a value: --" + name + "=...");
            }
        }
        else
        {
            positional.push_back(arg);
        }
    }
    if (positional.empty())
    {
        return Usage("no command: give run, expand, local, slurm, job, aggregate or status");
    }
    const std::string command = positional[0];
    positional.erase(positional.begin());

    // The options and the arguments of each command.
    struct Form
    {
        std::vector<std::string> options; //!< the options it takes
        std::size_t arguments;            //!< the positional arguments (job: at least)
        const char* usage;                //!< its usage
    };

    const std::map<std::string, Form> forms{
        {"run", {{"jobs", "examples"}, 2, "run SWEEP DIR [--jobs=N] [--examples=DIR]"}},
        {"expand", {{"examples"}, 2, "expand SWEEP DIR [--examples=DIR]"}},
        {"local", {{"jobs"}, 1, "local DIR [--jobs=N]"}},
        {"slurm", {{"wait", "sbatch"}, 1, "slurm DIR [--wait] [--sbatch=ARGS]"}},
        {"job", {{}, 2, "job DIR INDEX..."}},
        {"aggregate", {{}, 1, "aggregate DIR"}},
        {"status", {{}, 1, "status DIR"}},
    };
    const auto form = forms.find(command);
    if (form == forms.end())
    {
        return Usage("unknown command '" + command +
                     "': the commands are run, expand, local, slurm, job, aggregate and status");
    }
    for (const auto& [name, value] : options)
    {
        const auto& allowed = form->second.options;
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
        {
            std::string list;
            for (const auto& option : allowed)
            {
                list += (list.empty() ? "--" : ", --") + option;
            }
            return Usage("option '--" + name + "' is invalid for " + command + ": it takes " +
                         (list.empty() ? std::string("no option") : list) + " (" +
                         form->second.usage + ")");
        }
    }
    if (command == "job" ? positional.size() < 2 : positional.size() != form->second.arguments)
    {
        return Usage(command + " takes " + std::to_string(form->second.arguments) +
                     (command == "job" ? " or more" : "") +
                     (form->second.arguments == 1 ? " argument" : " arguments") + ", not " +
                     std::to_string(positional.size()) + ": " + form->second.usage);
    }

    uint32_t jobs = 0;
    if (options.count("jobs"))
    {
        const std::string& text = options["jobs"];
        char* end = nullptr;
        errno = 0;
        const unsigned long n = std::strtoul(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno != 0 || text[0] == '-' || n < 1 || n > 1024)
        {
            return Usage("--jobs=" + text + " is invalid: the jobs run at once, 1..1024");
        }
        jobs = static_cast<uint32_t>(n);
    }
    else
    {
        const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = static_cast<uint32_t>(std::max(1L, std::min(1024L, cpus)));
    }
    std::string examples = fs::path(Self()).parent_path().string();
    if (options.count("examples"))
    {
        examples = options["examples"];
        std::error_code ec;
        if (!fs::is_directory(examples, ec))
        {
            return Usage("--examples=" + examples +
                         " is invalid: no such folder (the folder of the example programs)");
        }
    }

    if (command == "expand")
    {
        return Expand(positional[0], positional[1], examples);
    }
    if (command == "run")
    {
        const int status = Expand(positional[0], positional[1], examples);
        return status == OK ? Local(positional[1], jobs, true) : status;
    }
    if (command == "local")
    {
        return Local(positional[0], jobs);
    }
    if (command == "slurm")
    {
        return Slurm(positional[0], options.count("wait") > 0, options["sbatch"]);
    }
    if (command == "job")
    {
        return Job(positional[0],
                   std::vector<std::string>(positional.begin() + 1, positional.end()));
    }
    TcpTeardownSweep sweep;
    if (!Open(sweep, positional[0]))
    {
        return BAD_INPUT;
    }
    if (command == "aggregate")
    {
        return Aggregate(sweep, positional[0]);
    }
    std::cout << Counts(sweep, positional[0]) << std::endl; // status
    return OK;
}
