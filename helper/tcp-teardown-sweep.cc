/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-sweep.h"

#include "tcp-teardown-plot.h"
#include "tcp-teardown-recorder.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <locale>
#include <regex>
#include <sstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ns3
{

namespace fs = std::filesystem;

const char* const TcpTeardownSweep::kToolName = "tcp-teardown-sweep";

namespace
{

/// The prefix of the example programs' names.
const std::string kPrefix = "tcp-teardown-";

/// The largest number of jobs a sweep may have.
const uint64_t kMaxJobs = 1000000;

/// \p text without leading and trailing blanks.
std::string
Trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
    {
        return "";
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

/// \p line without its comment: from the first '#' outside double quotes.
std::string
StripComment(const std::string& line)
{
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i)
    {
        if (line[i] == '"')
        {
            quoted = !quoted;
        }
        else if (line[i] == '#' && !quoted)
        {
            return line.substr(0, i);
        }
    }
    return line;
}

/// The whole of \p text as an unsigned integer; false if it is not one.
bool
ParseUnsigned(const std::string& text, uint64_t& value)
{
    if (text.empty())
    {
        return false;
    }
    const char* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, value);
    return result.ec == std::errc() && result.ptr == end;
}

/// The whole of \p text as a finite number (C locale); false if it is not one.
bool
ParseNumber(const std::string& text, double& value)
{
    const std::string t = Trim(text);
    const std::size_t start = !t.empty() && t[0] == '+' ? 1 : 0;
    if (t.size() <= start)
    {
        return false;
    }
    const char* end = t.data() + t.size();
    const auto result = std::from_chars(t.data() + start, end, value);
    return result.ec == std::errc() && result.ptr == end && std::isfinite(value);
}

/// The number \p text starts with ("13.888 s" -> 13.888; C locale); false if none.
bool
LeadingNumber(const std::string& text, double& value)
{
    const std::string t = Trim(text);
    const std::size_t start = !t.empty() && t[0] == '+' ? 1 : 0;
    if (t.size() <= start)
    {
        return false;
    }
    const auto result = std::from_chars(t.data() + start, t.data() + t.size(), value);
    return result.ec == std::errc() && std::isfinite(value);
}

/// A value with 17 significant digits, which reads back as the same double.
std::string
ExactNumber(double value)
{
    std::ostringstream os;
    os.imbue(std::locale::classic());
    os << std::setprecision(17) << value;
    return os.str();
}

/// A CSV field (RFC 4180 quoting).
std::string
CsvField(const std::string& field)
{
    return TcpTeardownRecorder::CsvField(field);
}

/// The fields of one CSV line (RFC 4180 quotes); false if a quote is not closed.
bool
SplitCsvLine(const std::string& line, std::vector<std::string>& fields)
{
    fields.clear();
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i)
    {
        const char c = line[i];
        if (quoted)
        {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
            {
                field += '"';
                ++i;
            }
            else if (c == '"')
            {
                quoted = false;
            }
            else
            {
                field += c;
            }
        }
        else if (c == '"')
        {
            quoted = true;
        }
        else if (c == ',')
        {
            fields.push_back(field);
            field.clear();
        }
        else if (c != '\r')
        {
            field += c;
        }
    }
    fields.push_back(field);
    return !quoted;
}

/// The whole content of a file; false if it cannot be read.
bool
ReadText(const std::string& path, std::string& text)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        return false;
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

/// Write a file whole, through a temporary file renamed over it; false with \p error if not.
bool
WriteText(const std::string& path, const std::string& text, std::string& error)
{
    const std::string temporary = path + ".tmp" + std::to_string(getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out)
        {
            error = "cannot write " + temporary + ": " + std::strerror(errno);
            std::remove(temporary.c_str());
            return false;
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
    {
        error = "cannot rename " + temporary + " to " + path + ": " + std::strerror(errno);
        std::remove(temporary.c_str());
        return false;
    }
    return true;
}

/// \p items joined by \p separator.
std::string
Join(const std::vector<std::string>& items, const std::string& separator)
{
    std::string text;
    for (const auto& item : items)
    {
        text += (text.empty() ? "" : separator) + item;
    }
    return text;
}

/// \p items joined by ", ".
std::string
Join(const std::set<std::string>& items)
{
    return Join(std::vector<std::string>(items.begin(), items.end()), ", ");
}

/// The last \p count lines of a file, each indented; "(empty)" or "(unreadable)".
std::string
LastLines(const std::string& path, std::size_t count)
{
    std::string text;
    if (!ReadText(path, text))
    {
        return "    (unreadable)";
    }
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
    {
        lines.push_back(line);
    }
    if (lines.empty())
    {
        return "    (empty)";
    }
    std::string tail;
    for (std::size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i)
    {
        tail += (tail.empty() ? "    " : "\n    ") + lines[i];
    }
    return tail;
}

/// The short name of a param: an attribute's last component ("LossRate"), an option as it is.
std::string
ShortName(const std::string& name)
{
    const auto colon = name.rfind("::");
    return colon == std::string::npos ? name : name.substr(colon + 2);
}

/// \p text with every character but letters, digits, '_', '.' and '-' replaced by '_'.
std::string
FileSafe(const std::string& text)
{
    std::string safe = text;
    for (char& c : safe)
    {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
        {
            c = '_';
        }
    }
    return safe;
}

/// Whether \p name is made of letters, digits and \p others only, and is not empty.
bool
IsName(const std::string& name, const std::string& others)
{
    return !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || others.find(c) != std::string::npos;
    });
}

} // namespace

std::string
TcpTeardownSweep::At(uint32_t line, const std::string& what) const
{
    return "sweep " + m_file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
           what;
}

bool
TcpTeardownSweep::Parse(const std::string& text, const std::string& file, std::string& error)
{
    *this = TcpTeardownSweep();
    m_file = file;
    std::istringstream lines(text);
    uint32_t number = 0;
    uint32_t runsLine = 0;
    const std::string keywords = "scenario, fixed, param, runs, metric or plot";
    for (std::string raw; std::getline(lines, raw);)
    {
        ++number;
        const std::string line = Trim(StripComment(raw));
        if (line.empty())
        {
            continue;
        }
        const auto space = line.find_first_of(" \t");
        const std::string keyword = line.substr(0, space);
        const std::string rest = space == std::string::npos ? "" : Trim(line.substr(space));
        if (keyword == "scenario")
        {
            if (!m_scenario.empty())
            {
                error = At(number,
                           "a second scenario '" + rest + "': a sweep has one scenario (line " +
                               std::to_string(m_scenarioLine) + " names '" + m_scenario + "')");
                return false;
            }
            if (rest.empty() || rest.find_first_of(" \t") != std::string::npos)
            {
                error = At(number,
                           "scenario '" + rest +
                               "' is invalid: name one example program, e.g. 'scenario "
                               "peer-crash'");
                return false;
            }
            m_scenario = rest;
            m_scenarioLine = number;
        }
        else if (keyword == "fixed")
        {
            std::vector<std::string> args;
            if (!SplitCommand(rest, args) || args.empty())
            {
                error = At(number,
                           "fixed '" + rest +
                               "' is invalid: give one or more --name=value arguments (quotes "
                               "closed)");
                return false;
            }
            for (const auto& arg : args)
            {
                const std::string name = arg.substr(0, arg.find('='));
                if (arg.size() < 3 || arg.compare(0, 2, "--") != 0)
                {
                    error = At(number,
                               "fixed argument '" + arg +
                                   "' is invalid: every fixed argument is an option, --name=value");
                    return false;
                }
                if (name == "--RngRun" || name == "--output")
                {
                    error = At(number,
                               "fixed argument '" + arg + "' is invalid: the sweep sets " + name +
                                   " of every job itself (runs, and the job's folder)");
                    return false;
                }
                m_fixed.push_back(arg);
                m_fixedLines.push_back(number);
            }
        }
        else if (keyword == "param")
        {
            const auto equals = rest.find('=');
            Param param;
            param.line = number;
            param.name = Trim(rest.substr(0, equals));
            if (equals == std::string::npos || !IsName(param.name, "_-:.") || param.name[0] == '-')
            {
                error = At(number,
                           "param '" + rest +
                               "' is invalid: write 'param NAME = V1, V2, ...' with NAME an "
                               "option of the program without '--' (e.g. retries2) or an "
                               "attribute (ns3::Type::Attribute)");
                return false;
            }
            if (param.name == "RngRun" || param.name == "output")
            {
                error = At(number,
                           "param '" + param.name + "' is invalid: the sweep sets --" + param.name +
                               " of every job itself (use 'runs' for RngRun values)");
                return false;
            }
            for (const auto& other : m_params)
            {
                if (other.name == param.name)
                {
                    error =
                        At(number,
                           "param '" + param.name + "' appears twice (first on line " +
                               std::to_string(other.line) + "): give all its values on one line");
                    return false;
                }
            }
            const std::string list = Trim(rest.substr(equals + 1));
            if (list.empty())
            {
                error = At(number,
                           "param '" + param.name +
                               "' has an empty value list: give one or more values, "
                               "comma-separated");
                return false;
            }
            std::istringstream items(list);
            for (std::string item; std::getline(items, item, ',');)
            {
                item = Trim(item);
                if (item.empty())
                {
                    error = At(number,
                               "param '" + param.name + "' = '" + list +
                                   "' has an empty value: values are comma-separated, none empty");
                    return false;
                }
                if (std::find(param.values.begin(), param.values.end(), item) != param.values.end())
                {
                    error = At(number,
                               "param '" + param.name + "' lists the value '" + item +
                                   "' twice: each point of the grid runs once");
                    return false;
                }
                param.values.push_back(item);
            }
            if (list.back() == ',')
            {
                error = At(number,
                           "param '" + param.name + "' = '" + list +
                               "' has an empty value: values are comma-separated, none empty");
                return false;
            }
            m_params.push_back(param);
        }
        else if (keyword == "runs")
        {
            if (runsLine != 0)
            {
                error = At(number,
                           "a second runs line: a sweep has one (line " + std::to_string(runsLine) +
                               ")");
                return false;
            }
            runsLine = number;
            const std::string rule = "runs are RngRun values, each >= 1: a range a..b (a <= b) "
                                     "or a list 1,2,7";
            if (rest.empty())
            {
                error = At(number, "runs is empty: " + rule);
                return false;
            }
            const auto dots = rest.find("..");
            if (dots != std::string::npos)
            {
                uint64_t first = 0;
                uint64_t last = 0;
                if (!ParseUnsigned(Trim(rest.substr(0, dots)), first) ||
                    !ParseUnsigned(Trim(rest.substr(dots + 2)), last))
                {
                    error = At(number, "runs '" + rest + "' is invalid: " + rule);
                    return false;
                }
                if (first < 1)
                {
                    error = At(number, "runs '" + rest + "' starts at 0: " + rule);
                    return false;
                }
                if (last < first)
                {
                    error = At(number, "runs '" + rest + "' is empty (b < a): " + rule);
                    return false;
                }
                if (last - first >= kMaxJobs)
                {
                    error = At(number,
                               "runs '" + rest + "' is too many: at most " +
                                   std::to_string(kMaxJobs) + " jobs in a sweep");
                    return false;
                }
                for (uint64_t run = first; run <= last; ++run)
                {
                    m_runs.push_back(run);
                }
            }
            else
            {
                std::istringstream items(rest + ",");
                for (std::string item; std::getline(items, item, ',');)
                {
                    uint64_t run = 0;
                    if (!ParseUnsigned(Trim(item), run))
                    {
                        error = At(number, "runs value '" + Trim(item) + "' is invalid: " + rule);
                        return false;
                    }
                    if (run < 1)
                    {
                        error = At(number, "runs value '" + Trim(item) + "' is < 1: " + rule);
                        return false;
                    }
                    if (std::find(m_runs.begin(), m_runs.end(), run) != m_runs.end())
                    {
                        error = At(number,
                                   "runs value " + std::to_string(run) +
                                       " appears twice: each run would be counted twice");
                        return false;
                    }
                    m_runs.push_back(run);
                }
            }
        }
        else if (keyword == "metric")
        {
            const auto equals = rest.find('=');
            Metric metric;
            metric.line = number;
            metric.name = Trim(rest.substr(0, equals));
            const std::string forms =
                "write 'metric NAME = figure \"FIGURE\"' or 'metric NAME = csv FILE COLUMN "
                "[where COL=VALUE] [sum|min|max|count|mean]'";
            if (equals == std::string::npos || !IsName(metric.name, "_.-"))
            {
                error = At(number,
                           "metric '" + rest + "' is invalid: " + forms +
                               ", NAME of letters, digits, _ . -");
                return false;
            }
            for (const auto& other : m_metrics)
            {
                if (other.name == metric.name)
                {
                    error = At(number,
                               "metric '" + metric.name + "' is defined twice (first on line " +
                                   std::to_string(other.line) + "): metric names are unique");
                    return false;
                }
            }
            std::vector<std::string> words;
            const std::string definition = Trim(rest.substr(equals + 1));
            if (!SplitCommand(definition, words) || words.empty())
            {
                error = At(number, "metric '" + metric.name + "' is malformed: " + forms);
                return false;
            }
            if (words[0] == "figure" && words.size() == 2 && !words[1].empty())
            {
                metric.figure = true;
                metric.source = words[1];
            }
            else if (words[0] == "csv" && words.size() >= 3)
            {
                metric.figure = false;
                metric.source = words[1];
                metric.column = words[2];
                std::size_t next = 3;
                if (words.size() > next && words[next] == "where")
                {
                    const std::string condition = words.size() > next + 1 ? words[next + 1] : "";
                    const auto is = condition.find('=');
                    if (is == std::string::npos || is == 0)
                    {
                        error = At(number,
                                   "metric '" + metric.name + "': 'where " + condition +
                                       "' is malformed: write where COLUMN=VALUE");
                        return false;
                    }
                    metric.whereColumn = condition.substr(0, is);
                    metric.whereValue = condition.substr(is + 1);
                    next += 2;
                }
                if (words.size() > next)
                {
                    metric.reducer = words[next++];
                    const std::set<std::string> reducers{"sum", "min", "max", "count", "mean"};
                    if (reducers.count(metric.reducer) == 0)
                    {
                        error = At(number,
                                   "metric '" + metric.name + "': '" + metric.reducer +
                                       "' is not a reducer: sum, min, max, count or mean");
                        return false;
                    }
                }
                if (words.size() > next)
                {
                    error = At(number,
                               "metric '" + metric.name + "': '" + words[next] +
                                   "' is extra: " + forms);
                    return false;
                }
                const fs::path csvPath(metric.source);
                if (csvPath.is_absolute() ||
                    std::any_of(csvPath.begin(), csvPath.end(), [](const fs::path& part) {
                        return part == "..";
                    }))
                {
                    error = At(number,
                               "metric '" + metric.name + "': file '" + metric.source +
                                   "' is invalid: name a file of the job's output folder");
                    return false;
                }
            }
            else
            {
                error = At(number,
                           "metric '" + metric.name + "' = '" + definition +
                               "' is malformed: " + forms);
                return false;
            }
            m_metrics.push_back(metric);
        }
        else if (keyword == "plot")
        {
            std::vector<std::string> words;
            if (!SplitCommand(rest, words) || words.size() < 3 || words.size() > 4 ||
                words[1] != "against" || (words.size() == 4 && words[3] != "log"))
            {
                error = At(number,
                           "plot '" + rest +
                               "' is malformed: write 'plot METRIC against PARAM', optionally "
                               "followed by 'log' (a logarithmic y axis)");
                return false;
            }
            m_plots.push_back({words[0], words[2], words.size() == 4, number});
        }
        else
        {
            error = At(number, "unknown keyword '" + keyword + "': a line starts with " + keywords);
            return false;
        }
    }

    if (m_scenario.empty())
    {
        error = At(0, "no scenario line: name the example program, e.g. 'scenario peer-crash'");
        return false;
    }
    if (m_params.empty())
    {
        error = At(0,
                   "the grid is empty: no param line (give at least one, e.g. 'param "
                   "retries2 = 3, 5')");
        return false;
    }
    if (runsLine == 0)
    {
        error = At(0,
                   "no runs line: give the RngRun values, a range a..b or a list 1,2,7 "
                   "(e.g. 'runs 1..10')");
        return false;
    }
    if (m_metrics.empty())
    {
        error = At(0,
                   "no metric line: name at least one metric, e.g. 'metric give_up_s = figure "
                   "\"first retransmission to ETIMEDOUT\"'");
        return false;
    }
    uint64_t jobs = m_runs.size();
    for (const auto& param : m_params)
    {
        jobs *= param.values.size();
        if (jobs > kMaxJobs)
        {
            error = At(param.line,
                       "the grid is too large: more than " + std::to_string(kMaxJobs) +
                           " jobs in a sweep");
            return false;
        }
    }
    for (const auto& plot : m_plots)
    {
        const auto metric = std::find_if(m_metrics.begin(), m_metrics.end(), [&](const Metric& m) {
            return m.name == plot.metric;
        });
        if (metric == m_metrics.end())
        {
            std::vector<std::string> names;
            for (const auto& m : m_metrics)
            {
                names.push_back(m.name);
            }
            error = At(plot.line,
                       "plot names the metric '" + plot.metric +
                           "', which is not defined: the metrics are " + Join(names, ", "));
            return false;
        }
        const auto param = std::find_if(m_params.begin(), m_params.end(), [&](const Param& p) {
            return p.name == plot.param;
        });
        if (param == m_params.end())
        {
            std::vector<std::string> names;
            for (const auto& p : m_params)
            {
                names.push_back(p.name);
            }
            error = At(plot.line,
                       "plot names the param '" + plot.param +
                           "', which is not a param: the params are " + Join(names, ", "));
            return false;
        }
        for (const auto& value : param->values)
        {
            double x = 0;
            if (!LeadingNumber(value, x))
            {
                error = At(plot.line,
                           "plot against '" + plot.param + "': its value '" + value +
                               "' does not start with a number (the x axis is numeric)");
                return false;
            }
        }
    }
    return true;
}

bool
TcpTeardownSweep::Load(const std::string& path, std::string& error)
{
    std::string text;
    if (!ReadText(path, text))
    {
        error = "sweep " + path + ": cannot read it: " + std::strerror(errno);
        return false;
    }
    return Parse(text, path, error);
}

bool
TcpTeardownSweep::Check(const ProgramInfo& program, std::string& error) const
{
    const std::string name = fs::path(program.path).filename().string();
    // One rule for a param and a fixed argument: an option, a global value or an attribute.
    const auto known = [&](const std::string& what, const std::string& option, uint32_t line) {
        if (option.compare(0, 5, "ns3::") == 0)
        {
            const auto colon = option.rfind("::");
            const std::string type = option.substr(0, colon);
            const std::string attribute = option.substr(colon + 2);
            const auto found = program.attributes.find(type);
            if (colon < 5 || attribute.empty() || found == program.attributes.end())
            {
                error = At(line,
                           what + " '" + option + "': '" + type + "' is not a type " + name +
                               " knows (" + name + " --PrintAttributes=" + type +
                               " fails): an attribute is ns3::Type::Attribute");
                return false;
            }
            if (found->second.count(attribute) == 0)
            {
                error = At(line,
                           what + " '" + option + "' is not an attribute of " + type + " (from " +
                               name + " --PrintAttributes=" + type + "): its attributes are " +
                               Join(found->second));
                return false;
            }
            return true;
        }
        if (program.options.count(option) == 0 && program.globals.count(option) == 0)
        {
            error = At(line,
                       what + " '" + option + "' is not an option of " + name +
                           " (from its --PrintHelp): its options are " + Join(program.options) +
                           (program.globals.empty()
                                ? std::string()
                                : "; ns-3's global values are " + Join(program.globals)));
            return false;
        }
        return true;
    };
    for (const auto& param : m_params)
    {
        if (!known("param", param.name, param.line))
        {
            return false;
        }
    }
    for (std::size_t i = 0; i < m_fixed.size(); ++i)
    {
        const std::string option = m_fixed[i].substr(2, m_fixed[i].find('=') - 2);
        if (!known("fixed argument", option, m_fixedLines[i]))
        {
            return false;
        }
        for (const auto& param : m_params)
        {
            if (param.name == option)
            {
                error = At(m_fixedLines[i],
                           "fixed argument '" + m_fixed[i] + "' sets " + option + ", which line " +
                               std::to_string(param.line) +
                               " sweeps: give it as a fixed argument or as a param, not both");
                return false;
            }
        }
    }
    return true;
}

std::vector<std::string>
TcpTeardownSweep::ListPrograms(const std::string& examples)
{
    std::vector<std::string> programs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(examples, ec))
    {
        const std::string name = entry.path().filename().string();
        if (name.compare(0, kPrefix.size(), kPrefix) != 0 || name == kToolName)
        {
            continue;
        }
        struct stat info;
        if (stat(entry.path().c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
            (info.st_mode & S_IXUSR))
        {
            programs.push_back(name.substr(kPrefix.size()));
        }
    }
    std::sort(programs.begin(), programs.end());
    return programs;
}

bool
TcpTeardownSweep::Probe(const std::string& path,
                        const std::vector<std::string>& types,
                        ProgramInfo& info,
                        std::string& error)
{
    info = ProgramInfo();
    info.path = path;
    int status = 0;
    const std::string help = CaptureOutput({path, "--PrintHelp"}, status, true);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
        error = path + " --PrintHelp failed (" + StatusText(status) + ")";
        return false;
    }
    static const std::regex option("    --([A-Za-z0-9_-]+):.*");
    bool inOptions = false;
    std::istringstream lines(help);
    for (std::string line; std::getline(lines, line);)
    {
        std::smatch m;
        if (line == "Program Options:")
        {
            inOptions = true;
        }
        else if (line.empty())
        {
            inOptions = false;
        }
        else if (inOptions && std::regex_match(line, m, option))
        {
            info.options.insert(m[1]);
        }
    }
    const std::string globals = CaptureOutput({path, "--PrintGlobals"}, status, true);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    {
        static const std::regex global("    --([A-Za-z0-9_]+)=.*");
        std::istringstream globalLines(globals);
        for (std::string line; std::getline(globalLines, line);)
        {
            std::smatch m;
            if (std::regex_match(line, m, global) && m[1] != "RngRun")
            {
                info.globals.insert(m[1]);
            }
        }
    }
    for (const auto& type : types)
    {
        const std::string text = CaptureOutput({path, "--PrintAttributes=" + type}, status, true);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        {
            continue;
        }
        std::set<std::string>& attributes = info.attributes[type];
        const std::string prefix = "    --" + type + "::";
        std::istringstream attributeLines(text);
        for (std::string line; std::getline(attributeLines, line);)
        {
            const auto equals = line.find('=');
            if (line.compare(0, prefix.size(), prefix) == 0 && equals != std::string::npos)
            {
                attributes.insert(line.substr(prefix.size(), equals - prefix.size()));
            }
        }
    }
    return true;
}

bool
TcpTeardownSweep::Resolve(const std::string& examples, std::string& error)
{
    std::string name = m_scenario;
    if (name.compare(0, kPrefix.size(), kPrefix) == 0)
    {
        name = name.substr(kPrefix.size());
    }
    const std::vector<std::string> programs = ListPrograms(examples);
    if (std::find(programs.begin(), programs.end(), name) == programs.end())
    {
        error = At(m_scenarioLine,
                   "scenario '" + m_scenario + "' is no example program in " + examples +
                       ": a scenario is one of " +
                       (programs.empty() ? std::string("(none there: is --examples right?)")
                                         : Join(programs, ", ")) +
                       " (the tcp-teardown- prefix is optional)");
        return false;
    }
    std::error_code ec;
    const fs::path path = fs::absolute(fs::path(examples) / (kPrefix + name), ec);
    std::vector<std::string> types;
    for (const auto& param : m_params)
    {
        const auto colon = param.name.rfind("::");
        if (param.name.compare(0, 5, "ns3::") == 0 && colon > 3)
        {
            types.push_back(param.name.substr(0, colon));
        }
    }
    for (const auto& arg : m_fixed)
    {
        const std::string option = arg.substr(2, arg.find('=') - 2);
        const auto colon = option.rfind("::");
        if (option.compare(0, 5, "ns3::") == 0 && colon > 3)
        {
            types.push_back(option.substr(0, colon));
        }
    }
    ProgramInfo info;
    if (!Probe(path.lexically_normal().string(), types, info, error))
    {
        error = At(m_scenarioLine, "scenario '" + m_scenario + "': " + error);
        return false;
    }
    if (!Check(info, error))
    {
        return false;
    }
    m_program = info.path;
    return true;
}

std::vector<TcpTeardownSweep::Job>
TcpTeardownSweep::Expand() const
{
    std::vector<Job> jobs;
    const uint32_t points = GetPoints();
    uint32_t index = 0;
    for (uint32_t point = 0; point < points; ++point)
    {
        // Mixed radix, the last param fastest.
        std::vector<std::string> values(m_params.size());
        uint32_t rest = point;
        for (std::size_t p = m_params.size(); p-- > 0;)
        {
            values[p] = m_params[p].values[rest % m_params[p].values.size()];
            rest /= m_params[p].values.size();
        }
        for (uint64_t run : m_runs)
        {
            Job job;
            job.index = index++;
            job.point = point;
            job.run = run;
            job.values = values;
            job.args = m_fixed;
            for (std::size_t p = 0; p < m_params.size(); ++p)
            {
                job.args.push_back("--" + m_params[p].name + "=" + values[p]);
            }
            job.args.push_back("--RngRun=" + std::to_string(run));
            jobs.push_back(job);
        }
    }
    return jobs;
}

uint32_t
TcpTeardownSweep::GetPoints() const
{
    uint32_t points = m_params.empty() ? 0 : 1;
    for (const auto& param : m_params)
    {
        points *= static_cast<uint32_t>(param.values.size());
    }
    return points;
}

const std::vector<uint64_t>&
TcpTeardownSweep::GetRuns() const
{
    return m_runs;
}

const std::vector<TcpTeardownSweep::Param>&
TcpTeardownSweep::GetParams() const
{
    return m_params;
}

const std::vector<TcpTeardownSweep::Metric>&
TcpTeardownSweep::GetMetrics() const
{
    return m_metrics;
}

const std::vector<TcpTeardownSweep::Plot>&
TcpTeardownSweep::GetPlots() const
{
    return m_plots;
}

const std::vector<std::string>&
TcpTeardownSweep::GetFixed() const
{
    return m_fixed;
}

const std::string&
TcpTeardownSweep::GetScenario() const
{
    return m_scenario;
}

const std::string&
TcpTeardownSweep::GetProgram() const
{
    return m_program;
}

void
TcpTeardownSweep::SetProgram(const std::string& path)
{
    m_program = path;
}

std::string
TcpTeardownSweep::JobFolderName(uint32_t index, uint32_t jobs)
{
    const std::size_t width =
        std::max<std::size_t>(4, std::to_string(jobs > 0 ? jobs - 1 : 0).size());
    const std::string digits = std::to_string(index);
    return std::string(width > digits.size() ? width - digits.size() : 0, '0') + digits;
}

std::string
TcpTeardownSweep::CommandText(const std::vector<std::string>& argv)
{
    std::string text;
    for (const auto& arg : argv)
    {
        const bool plain = !arg.empty() && std::all_of(arg.begin(), arg.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) ||
                   std::string("_./:=,+@%-").find(c) != std::string::npos;
        });
        std::string word = arg;
        if (!plain)
        {
            word = "'";
            for (char c : arg)
            {
                word += c == '\'' ? std::string("'\\''") : std::string(1, c);
            }
            word += "'";
        }
        text += (text.empty() ? "" : " ") + word;
    }
    return text;
}

bool
TcpTeardownSweep::SplitCommand(const std::string& text, std::vector<std::string>& argv)
{
    argv.clear();
    std::string word;
    bool inWord = false;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
            if (inWord)
            {
                argv.push_back(word);
                word.clear();
                inWord = false;
            }
            continue;
        }
        inWord = true;
        if (c == '\'')
        {
            const auto end = text.find('\'', i + 1);
            if (end == std::string::npos)
            {
                return false;
            }
            word += text.substr(i + 1, end - i - 1);
            i = end;
        }
        else if (c == '"')
        {
            bool closed = false;
            for (++i; i < text.size(); ++i)
            {
                if (text[i] == '"')
                {
                    closed = true;
                    break;
                }
                if (text[i] == '\\' && i + 1 < text.size() &&
                    (text[i + 1] == '"' || text[i + 1] == '\\'))
                {
                    ++i;
                }
                word += text[i];
            }
            if (!closed)
            {
                return false;
            }
        }
        else if (c == '\\' && i + 1 < text.size())
        {
            word += text[++i];
        }
        else
        {
            word += c;
        }
    }
    if (inWord)
    {
        argv.push_back(word);
    }
    return true;
}

bool
TcpTeardownSweep::WriteFolder(const std::string& dir,
                              const std::string& sweepText,
                              std::string& error) const
{
    std::error_code ec;
    fs::create_directories(fs::path(dir) / "jobs", ec);
    if (ec)
    {
        error = "cannot create the sweep folder " + dir + ": " + ec.message();
        return false;
    }
    const std::string copy = dir + "/sweep.sweep";
    std::string existing;
    if (fs::exists(copy) && ReadText(copy, existing))
    {
        if (existing != sweepText)
        {
            error = dir + " already holds another sweep (" + copy + " differs from " + m_file +
                    "): expand a sweep into a folder of its own, or remove " + dir +
                    " to start over";
            return false;
        }
    }
    else if (!WriteText(copy, sweepText, error))
    {
        return false;
    }
    std::string csv = "index,point,run";
    for (const auto& param : m_params)
    {
        csv += "," + CsvField(param.name);
    }
    csv += ",command\n";
    for (const auto& job : Expand())
    {
        csv += std::to_string(job.index) + "," + std::to_string(job.point) + "," +
               std::to_string(job.run);
        for (const auto& value : job.values)
        {
            csv += "," + CsvField(value);
        }
        std::vector<std::string> argv{m_program};
        argv.insert(argv.end(), job.args.begin(), job.args.end());
        csv += "," + CsvField(CommandText(argv)) + "\n";
    }
    return WriteText(dir + "/jobs.csv", csv, error);
}

bool
TcpTeardownSweep::OpenFolder(const std::string& dir, std::string& error)
{
    const std::string copy = dir + "/sweep.sweep";
    if (!fs::exists(copy))
    {
        error = dir +
                " is not a sweep folder (no sweep.sweep): run 'tcp-teardown-sweep expand "
                "SWEEP " +
                dir + "' first";
        return false;
    }
    if (!Load(copy, error))
    {
        return false;
    }
    std::string text;
    const std::string jobsCsv = dir + "/jobs.csv";
    if (!ReadText(jobsCsv, text))
    {
        error =
            "cannot read " + jobsCsv + ": run 'tcp-teardown-sweep expand SWEEP " + dir + "' again";
        return false;
    }
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line);
    std::vector<std::string> header;
    SplitCsvLine(line, header);
    const std::size_t columns = 3 + m_params.size() + 1;
    if (header.size() != columns || header[0] != "index" || header.back() != "command")
    {
        error = jobsCsv + " does not match " + copy + ": expand the sweep again";
        return false;
    }
    const uint32_t jobs = GetPoints() * static_cast<uint32_t>(m_runs.size());
    uint32_t expected = 0;
    while (std::getline(lines, line))
    {
        std::vector<std::string> fields;
        uint64_t index = 0;
        std::vector<std::string> argv;
        if (!SplitCsvLine(line, fields) || fields.size() != columns ||
            !ParseUnsigned(fields[0], index) || index != expected ||
            !SplitCommand(fields.back(), argv) || argv.empty())
        {
            error = jobsCsv + ": row " + std::to_string(expected + 2) +
                    " is not a job row: expand the sweep again";
            return false;
        }
        m_commands[expected++] = argv;
    }
    if (expected != jobs)
    {
        error = jobsCsv + " lists " + std::to_string(expected) + " jobs, " + copy + " makes " +
                std::to_string(jobs) + ": expand the sweep again";
        return false;
    }
    m_program = m_commands.empty() ? "" : m_commands.begin()->second.front();
    return true;
}

TcpTeardownSweep::JobState
TcpTeardownSweep::GetJobState(const std::string& dir, uint32_t index) const
{
    const uint32_t jobs = GetPoints() * static_cast<uint32_t>(m_runs.size());
    const fs::path folder = fs::path(dir) / "jobs" / JobFolderName(index, jobs);
    std::error_code ec;
    if (fs::is_directory(folder, ec))
    {
        return DONE;
    }
    fs::path partial = folder;
    partial += ".partial";
    return fs::is_directory(partial, ec) ? PARTIAL : PENDING;
}

bool
TcpTeardownSweep::RunJob(const std::string& dir, uint32_t index, std::string& error) const
{
    const auto command = m_commands.find(index);
    if (command == m_commands.end())
    {
        error = "job " + std::to_string(index) + " is not a job of " + dir + " (0.." +
                std::to_string(m_commands.size() - 1) + ")";
        return false;
    }
    if (GetJobState(dir, index) == DONE)
    {
        return true;
    }
    const uint32_t jobs = static_cast<uint32_t>(m_commands.size());
    const std::string final = dir + "/jobs/" + JobFolderName(index, jobs);
    const std::string partial = final + ".partial";
    // The job's lock: whoever holds it owns <index>.partial. Runners on the same folder (two
    // 'local's, 'local' and Slurm tasks) skip a job another one is running. The lock goes with
    // the last process holding the descriptor, the program included (it inherits it): a
    // runner killed while its program still writes does not give the job away.
    const std::string lockPath = final + ".lock";
    const int lock = open(lockPath.c_str(), O_RDWR | O_CREAT, 0644);
    if (lock < 0)
    {
        error = "job " + std::to_string(index) + ": cannot open " + lockPath + ": " +
                std::strerror(errno);
        return false;
    }

    struct LockHolder
    {
        int fd;

        ~LockHolder()
        {
            close(fd);
        }
    } holder{lock};

    if (flock(lock, LOCK_EX | LOCK_NB) != 0)
    {
        if (errno == EWOULDBLOCK)
        {
            std::cout << "job " << index << " is running elsewhere: skipped" << std::endl;
            return true;
        }
        error = "job " + std::to_string(index) + ": cannot lock " + lockPath + ": " +
                std::strerror(errno);
        return false;
    }
    if (GetJobState(dir, index) == DONE)
    {
        fs::remove(lockPath);
        return true; // completed by another runner before the lock was ours
    }
    std::error_code ec;
    fs::remove_all(partial, ec); // left over from an interrupted run
    if (ec)
    {
        error = "job " + std::to_string(index) + ": cannot remove " + partial +
                " (left by an interrupted run): " + ec.message();
        return false;
    }
    fs::create_directories(partial, ec);
    if (ec)
    {
        error = "job " + std::to_string(index) + ": cannot create " + partial + ": " + ec.message();
        return false;
    }
    std::vector<std::string> argv = command->second;
    argv.push_back("--output=" + partial + "/out");
    const std::string log = partial + "/log.txt";
    const int status = RunProgram(argv, log);
    const auto fail = [&](const std::string& why) {
        error = "job " + std::to_string(index) + " failed: " + why +
                "\n  command: " + CommandText(argv) + "\n  last lines of " + log + ":\n" +
                LastLines(log, 10) + "\n  (the folder " + partial + " is kept for debugging)";
        return false;
    };
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
        return fail(status == -1 ? std::string("the program could not start")
                                 : "the program ended with " + StatusText(status));
    }
    std::string csv = "metric,value\n";
    for (const auto& metric : m_metrics)
    {
        double value = 0;
        std::string why;
        if (!ExtractMetric(metric, partial + "/out", value, why))
        {
            return fail(why);
        }
        csv += metric.name + "," + ExactNumber(value) + "\n";
    }
    if (!WriteText(partial + "/metrics.csv", csv, error))
    {
        return fail(error);
    }
    if (std::rename(partial.c_str(), final.c_str()) != 0)
    {
        if ((errno == ENOTEMPTY || errno == EEXIST) && GetJobState(dir, index) == DONE)
        {
            fs::remove_all(partial, ec); // another run completed it meanwhile
            return true;
        }
        return fail("cannot rename " + partial + " to " + final + ": " + std::strerror(errno));
    }
    fs::remove(lockPath, ec); // a runner that opens it later still finds the job done
    return true;
}

bool
TcpTeardownSweep::ExtractMetric(const Metric& metric,
                                const std::string& output,
                                double& value,
                                std::string& error)
{
    const std::string what = "metric '" + metric.name + "'";
    if (metric.figure)
    {
        const std::string file = output + "/result.txt";
        std::string text;
        if (!ReadText(file, text))
        {
            error = what + ": cannot read " + file + " (figure '" + metric.source + "')";
            return false;
        }
        const std::string prefix = metric.source + ":";
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);)
        {
            if (line.compare(0, prefix.size(), prefix) == 0)
            {
                const std::string figure = Trim(line.substr(prefix.size()));
                if (!LeadingNumber(figure, value))
                {
                    error = what + ": figure '" + metric.source + "' of " + file + " is '" +
                            figure + "', which does not start with a number";
                    return false;
                }
                return true;
            }
        }
        error = what + ": figure '" + metric.source + "' is not in " + file + " (no line '" +
                metric.source + ": ...')";
        return false;
    }

    const std::string file = output + "/" + metric.source;
    std::string text;
    if (!ReadText(file, text))
    {
        error = what + ": cannot read " + file;
        return false;
    }
    std::istringstream lines(text);
    std::string line;
    std::vector<std::string> header;
    if (!std::getline(lines, line) || !SplitCsvLine(line, header))
    {
        error = what + ": " + file + " has no header line";
        return false;
    }
    const auto columnOf = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) -
                                        header.begin());
    };
    const std::size_t column = columnOf(metric.column);
    const std::size_t where = metric.whereColumn.empty() ? 0 : columnOf(metric.whereColumn);
    for (const auto& [name, index] :
         {std::make_pair(metric.column, column), std::make_pair(metric.whereColumn, where)})
    {
        if (!name.empty() && index >= header.size())
        {
            error = what + ": " + file + " has no column '" + name + "': its columns are " +
                    Join(header, ", ");
            return false;
        }
    }
    std::vector<std::string> matched;
    uint32_t row = 1;
    while (std::getline(lines, line))
    {
        ++row;
        if (Trim(line).empty())
        {
            continue;
        }
        std::vector<std::string> fields;
        if (!SplitCsvLine(line, fields) || fields.size() != header.size())
        {
            error = what + ": " + file + ":" + std::to_string(row) + " has " +
                    std::to_string(fields.size()) + " fields, the header " +
                    std::to_string(header.size()) + " (an unquoted comma in a field?)";
            return false;
        }
        if (metric.whereColumn.empty() || fields[where] == metric.whereValue)
        {
            matched.push_back(fields[column]);
        }
    }
    const std::string filter =
        metric.whereColumn.empty() ? "" : " where " + metric.whereColumn + "=" + metric.whereValue;
    if (metric.reducer == "count")
    {
        value = static_cast<double>(matched.size());
        return true;
    }
    if (metric.reducer.empty() && matched.size() != 1)
    {
        error = what + ": " + std::to_string(matched.size()) + " rows of " + file + filter +
                " match; without a reducer (sum, min, max, count, mean) exactly one must";
        return false;
    }
    if (matched.empty() && metric.reducer != "sum")
    {
        error = what + ": no row of " + file + filter + " matches: " + metric.reducer +
                " needs at least one";
        return false;
    }
    std::vector<double> numbers;
    for (const auto& field : matched)
    {
        double number = 0;
        if (!ParseNumber(field, number))
        {
            error = what + ": column '" + metric.column + "' of " + file + filter + " holds '" +
                    field + "', which is not a number";
            return false;
        }
        numbers.push_back(number);
    }
    if (metric.reducer.empty())
    {
        value = numbers.front();
    }
    else if (metric.reducer == "min")
    {
        value = *std::min_element(numbers.begin(), numbers.end());
    }
    else if (metric.reducer == "max")
    {
        value = *std::max_element(numbers.begin(), numbers.end());
    }
    else
    {
        value = 0;
        for (double number : numbers)
        {
            value += number;
        }
        if (metric.reducer == "mean")
        {
            value /= numbers.size();
        }
    }
    return true;
}

TcpTeardownSweep::Statistics
TcpTeardownSweep::Summarize(const std::vector<double>& values)
{
    Statistics s;
    s.count = static_cast<uint32_t>(values.size());
    if (values.empty())
    {
        return s;
    }
    double sum = 0;
    for (double value : values)
    {
        sum += value;
    }
    s.mean = sum / s.count;
    if (std::all_of(values.begin(), values.end(), [&](double v) { return v == values[0]; }))
    {
        // Equal values: exactly that mean, sd 0 (sum / n may be off by an ulp, and the sd then
        // a tiny 1e-16 instead of 0).
        s.mean = values[0];
        s.ciLow = s.ciHigh = s.mean;
        return s;
    }
    if (s.count < 2)
    {
        return s;
    }
    double squares = 0;
    for (double value : values)
    {
        squares += (value - s.mean) * (value - s.mean);
    }
    s.sd = std::sqrt(squares / (s.count - 1));
    const boost::math::students_t t(s.count - 1);
    const double half = boost::math::quantile(t, 0.975) * s.sd / std::sqrt(double(s.count));
    s.ciLow = s.mean - half;
    s.ciHigh = s.mean + half;
    return s;
}

std::string
TcpTeardownSweep::FormatNumber(double value)
{
    if (value == 0)
    {
        return "0"; // and not "-0"
    }
    std::ostringstream os;
    os.imbue(std::locale::classic());
    os << std::setprecision(10) << value;
    return os.str();
}

std::string
TcpTeardownSweep::AggregateCsv(const std::map<uint32_t, std::vector<double>>& metrics) const
{
    std::string csv;
    for (const auto& param : m_params)
    {
        csv += CsvField(param.name) + ",";
    }
    csv += "metric,count,mean,sd,ci95_low,ci95_high\n";
    const auto jobs = Expand();
    const std::size_t runs = m_runs.size();
    for (uint32_t point = 0; point < GetPoints(); ++point)
    {
        std::string values;
        for (const auto& value : jobs[point * runs].values)
        {
            values += CsvField(value) + ",";
        }
        for (std::size_t m = 0; m < m_metrics.size(); ++m)
        {
            std::vector<double> sample;
            for (std::size_t r = 0; r < runs; ++r)
            {
                const auto done = metrics.find(static_cast<uint32_t>(point * runs + r));
                if (done != metrics.end() && m < done->second.size())
                {
                    sample.push_back(done->second[m]);
                }
            }
            const Statistics s = Summarize(sample);
            csv += values + m_metrics[m].name + "," + std::to_string(s.count) + ",";
            csv += s.count >= 1 ? FormatNumber(s.mean) : "";
            if (s.count >= 2)
            {
                csv += "," + FormatNumber(s.sd) + "," + FormatNumber(s.ciLow) + "," +
                       FormatNumber(s.ciHigh) + "\n";
            }
            else
            {
                csv += ",,,\n";
            }
        }
    }
    return csv;
}

int
TcpTeardownSweep::Aggregate(const std::string& dir, std::ostream& out, std::string& error) const
{
    const auto jobs = Expand();
    std::map<uint32_t, std::vector<double>> metrics;
    uint32_t partial = 0;
    for (const auto& job : jobs)
    {
        const JobState state = GetJobState(dir, job.index);
        if (state != DONE)
        {
            partial += state == PARTIAL ? 1 : 0;
            continue;
        }
        const std::string file = dir + "/jobs/" +
                                 JobFolderName(job.index, static_cast<uint32_t>(jobs.size())) +
                                 "/metrics.csv";
        std::string text;
        if (!ReadText(file, text))
        {
            error = "cannot read " + file + " of a complete job";
            return 1;
        }
        std::map<std::string, double> read;
        std::istringstream lines(text);
        std::string line;
        std::getline(lines, line); // header
        while (std::getline(lines, line))
        {
            const auto comma = line.find(',');
            double value = 0;
            if (comma != std::string::npos && ParseNumber(line.substr(comma + 1), value))
            {
                read[line.substr(0, comma)] = value;
            }
        }
        std::vector<double>& values = metrics[job.index];
        for (const auto& metric : m_metrics)
        {
            const auto found = read.find(metric.name);
            if (found == read.end())
            {
                error = file + " has no value of metric '" + metric.name + "'";
                return 1;
            }
            values.push_back(found->second);
        }
    }
    const std::string path = dir + "/aggregate.csv";
    if (!WriteText(path, AggregateCsv(metrics), error))
    {
        return 1;
    }
    const std::size_t pending = jobs.size() - metrics.size();
    out << "aggregate: " << metrics.size() << " of " << jobs.size() << " jobs complete, " << pending
        << " pending";
    if (partial > 0)
    {
        out << " (" << partial << " with a .partial folder: interrupted or failed)";
    }
    out << ": " << path << std::endl;

    // The plots: one line per combination of the other params' values.
    const std::size_t runs = m_runs.size();
    for (const auto& plot : m_plots)
    {
        std::size_t x = 0;
        std::size_t m = 0;
        while (m_params[x].name != plot.param)
        {
            ++x;
        }
        while (m_metrics[m].name != plot.metric)
        {
            ++m;
        }
        std::vector<TcpTeardownPlot::ErrorSeries> series;
        std::map<std::string, std::size_t> seriesOf;
        for (uint32_t point = 0; point < GetPoints(); ++point)
        {
            const Job& first = jobs[point * runs];
            std::vector<std::string> others;
            for (std::size_t p = 0; p < m_params.size(); ++p)
            {
                if (p != x)
                {
                    others.push_back(ShortName(m_params[p].name) + " = " + first.values[p]);
                }
            }
            const std::string label = Join(others, ", ");
            if (seriesOf.count(label) == 0)
            {
                seriesOf[label] = series.size();
                series.push_back({label, {}});
            }
            std::vector<double> sample;
            for (std::size_t r = 0; r < runs; ++r)
            {
                const auto done = metrics.find(static_cast<uint32_t>(point * runs + r));
                if (done != metrics.end())
                {
                    sample.push_back(done->second[m]);
                }
            }
            if (sample.empty())
            {
                continue;
            }
            const Statistics s = Summarize(sample);
            double px = 0;
            LeadingNumber(first.values[x], px);
            const bool interval = s.count >= 2;
            series[seriesOf[label]].points.push_back(
                {px, s.mean, interval ? s.ciLow : s.mean, interval ? s.ciHigh : s.mean});
        }
        for (auto& line : series)
        {
            // A line runs from left to right, whatever the order of the values in the file.
            std::stable_sort(line.points.begin(),
                             line.points.end(),
                             [](const TcpTeardownPlot::ErrorPoint& a,
                                const TcpTeardownPlot::ErrorPoint& b) { return a.x < b.x; });
        }
        series.erase(
            std::remove_if(series.begin(),
                           series.end(),
                           [](const TcpTeardownPlot::ErrorSeries& s) { return s.points.empty(); }),
            series.end());
        const std::string base =
            dir + "/" + FileSafe(plot.metric) + "-vs-" + FileSafe(ShortName(plot.param));
        if (series.empty())
        {
            out << "plot " << base << ".svg: no complete job yet" << std::endl;
            continue;
        }
        const std::string title = m_scenario + ": " + plot.metric + " against " +
                                  ShortName(plot.param) + " (mean and 95% CI of " +
                                  std::to_string(runs) + " runs)";
        if (TcpTeardownPlot::ErrorBars(base, title, plot.param, plot.metric, series, plot.logY))
        {
            out << "plot: " << base << ".svg" << std::endl;
        }
        else
        {
            out << "plot " << base << ".svg not drawn (see above)" << std::endl;
        }
    }
    return pending > 0 ? 3 : 0;
}

std::string
TcpTeardownSweep::CaptureOutput(const std::vector<std::string>& argv, int& status, bool withErrors)
{
    int fds[2];
    if (pipe(fds) != 0)
    {
        status = -1;
        return "";
    }
    std::cout.flush();
    std::cerr.flush();
    const pid_t pid = fork();
    if (pid < 0)
    {
        close(fds[0]);
        close(fds[1]);
        status = -1;
        return "";
    }
    if (pid == 0)
    {
        close(fds[0]);
        dup2(fds[1], STDOUT_FILENO);
        if (withErrors)
        {
            dup2(fds[1], STDERR_FILENO);
        }
        close(fds[1]);
        const int null = open("/dev/null", O_RDONLY);
        if (null >= 0)
        {
            dup2(null, STDIN_FILENO);
            close(null);
        }
        alarm(60); // a program that hangs (on --PrintHelp, say) is killed
        std::vector<char*> args;
        for (const auto& arg : argv)
        {
            args.push_back(const_cast<char*>(arg.c_str()));
        }
        args.push_back(nullptr);
        execvp(args[0], args.data()); // a name without '/' is looked up on PATH
        _exit(127);
    }
    close(fds[1]);
    std::string text;
    char buffer[4096];
    ssize_t n;
    while ((n = read(fds[0], buffer, sizeof(buffer))) > 0 || (n < 0 && errno == EINTR))
    {
        if (n > 0)
        {
            text.append(buffer, static_cast<std::size_t>(n));
        }
    }
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    {
    }
    return text;
}

int
TcpTeardownSweep::RunProgram(const std::vector<std::string>& argv, const std::string& log)
{
    std::cout.flush();
    std::cerr.flush();
    const pid_t pid = fork();
    if (pid < 0)
    {
        return -1;
    }
    if (pid == 0)
    {
        if (!log.empty())
        {
            const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0)
            {
                _exit(126);
            }
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
            const int null = open("/dev/null", O_RDONLY);
            if (null >= 0)
            {
                dup2(null, STDIN_FILENO);
                close(null);
            }
        }
        std::vector<char*> args;
        for (const auto& arg : argv)
        {
            args.push_back(const_cast<char*>(arg.c_str()));
        }
        args.push_back(nullptr);
        execvp(args[0], args.data());
        const std::string message = "cannot run " + argv[0] + ": " + std::strerror(errno) + "\n";
        if (write(STDERR_FILENO, message.data(), message.size()) < 0)
        {
            _exit(127);
        }
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
    {
        if (errno != EINTR)
        {
            return -1;
        }
    }
    return status;
}

std::string
TcpTeardownSweep::StatusText(int status)
{
    if (status == -1)
    {
        return "no status (it could not start)";
    }
    if (WIFEXITED(status))
    {
        return "exit status " + std::to_string(WEXITSTATUS(status));
    }
    if (WIFSIGNALED(status))
    {
        return "signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) +
               ")";
    }
    return "wait status " + std::to_string(status);
}

} // namespace ns3
