/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-fatal.h"

#include "ns3/boolean.h"
#include "ns3/global-value.h"
#include "ns3/string.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iomanip>
#include <iostream>
#include <limits>
#include <locale>
#include <regex>
#include <sys/stat.h>

namespace ns3
{

namespace
{

/// The contexts of TcpTeardownErrorContext, outermost first.
std::vector<std::string>&
ErrorContexts()
{
    static std::vector<std::string> contexts;
    return contexts;
}

/// \return the checker's value type without "ns3::" (checkers name it either way)
std::string
ValueType(Ptr<const AttributeChecker> checker)
{
    const std::string name = checker->GetValueTypeName();
    return name.rfind("ns3::", 0) == 0 ? name.substr(5) : name;
}

/// \return the text quoted for a message
std::string
Quote(const std::string& text)
{
    return "'" + text + "'";
}

/// \return text in lower case
std::string
Lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return text;
}

/**
 * Parse a whole number.
 * \param text the text
 * \param [out] negative whether it has a minus sign
 * \param [out] magnitude its absolute value
 * \param [out] tooLarge whether it is a whole number beyond 2^64 - 1
 * \return false if it is not a whole number that fits 64 bits
 */
bool
ParseWhole(const std::string& text, bool& negative, uint64_t& magnitude, bool& tooLarge)
{
    static const std::regex whole("[+-]?[0-9]+");
    tooLarge = false;
    if (!std::regex_match(text, whole))
    {
        return false;
    }
    negative = text[0] == '-';
    const std::string digits = (text[0] == '+' || text[0] == '-') ? text.substr(1) : text;
    errno = 0;
    magnitude = std::strtoull(digits.c_str(), nullptr, 10);
    tooLarge = errno == ERANGE;
    return !tooLarge;
}

/**
 * Parse a whole number within bounds.
 * \param text the text
 * \param min the type's minimum
 * \param max the type's maximum
 * \param [out] value the value
 * \param [out] why what is wrong
 * \return success
 */
bool
ParseBounded(const std::string& text, int64_t min, uint64_t max, int64_t& value, std::string& why)
{
    bool negative = false;
    uint64_t magnitude = 0;
    bool tooLarge = false;
    const bool whole = ParseWhole(text, negative, magnitude, tooLarge);
    // The largest magnitude below zero: -min (computed without overflow).
    const uint64_t lowest = min < 0 ? uint64_t(-(min + 1)) + 1 : 0;
    if (!whole && !tooLarge)
    {
        why = Quote(text) + " is not a whole number";
        return false;
    }
    if (negative && (tooLarge || magnitude > lowest))
    {
        why = Quote(text) +
              (min == 0 ? " is negative: it must be a whole number >= 0"
                        : " is below the smallest value of its type, " + std::to_string(min));
        return false;
    }
    if (!negative && (tooLarge || magnitude > max))
    {
        why = Quote(text) + " is beyond the largest value of its type, " + std::to_string(max);
        return false;
    }
    value = negative ? (magnitude == lowest ? min : -int64_t(magnitude)) : int64_t(magnitude);
    return true;
}

/**
 * Parse an unsigned number of a type.
 * \param text the text
 * \param max the type's maximum
 * \param [out] value the value
 * \param [out] why what is wrong
 * \return success
 */
bool
ParseUnsigned(const std::string& text, uint64_t max, uint64_t& value, std::string& why)
{
    int64_t ignored = 0;
    if (!ParseBounded(text, 0, max, ignored, why))
    {
        return false;
    }
    // Values above 2^63 - 1 do not fit ParseBounded()'s result: read them again.
    value = std::strtoull(text.c_str() + (text[0] == '+' ? 1 : 0), nullptr, 10);
    return true;
}

/**
 * Parse a signed number of a type.
 * \param text the text
 * \param min the type's minimum
 * \param max the type's maximum
 * \param [out] value the value
 * \param [out] why what is wrong
 * \return success
 */
bool
ParseSigned(const std::string& text, int64_t min, int64_t max, int64_t& value, std::string& why)
{
    return ParseBounded(text, min, uint64_t(max), value, why);
}

/// \return whether text is a well-formed ns-3 Address ("TT-LL-XX:XX:...", LL <= 20 bytes)
bool
IsAddressText(const std::string& text)
{
    static const std::regex address("([0-9a-fA-F]{1,2})-([0-9a-fA-F]{1,2})-"
                                    "((?:[0-9a-fA-F]{1,2}:)*[0-9a-fA-F]{1,2})?");
    std::smatch match;
    if (!std::regex_match(text, match, address))
    {
        return false;
    }
    const unsigned long length = std::strtoul(match[2].str().c_str(), nullptr, 16);
    const std::string bytes = match[3].str();
    const unsigned long count = bytes.empty() ? 0 : 1 + std::count(bytes.begin(), bytes.end(), ':');
    return length <= 20 && count == length;
}

/// Whether \p text parses whole as a \p T (TcpTeardownParse()); \p why says why not.
template <typename T>
bool
ParsesAs(const std::string& text, std::string& why)
{
    T value;
    return TcpTeardownParse(text, value, why);
}

/**
 * Parse the text of a StringValue as the checker's type would, strictly.
 * \param checker the checker
 * \param text the text
 * \param [out] why what is wrong
 * \return whether ns-3 may be given the text
 */
bool
PreParse(Ptr<const AttributeChecker> checker, const std::string& text, std::string& why)
{
    const std::string type = ValueType(checker);
    if (type == "TimeValue")
    {
        return ParsesAs<Time>(text, why);
    }
    if (type == "DataRateValue")
    {
        return ParsesAs<DataRate>(text, why);
    }
    if (type == "UintegerValue")
    {
        return ParsesAs<uint64_t>(text, why);
    }
    if (type == "IntegerValue")
    {
        return ParsesAs<int64_t>(text, why);
    }
    if (type == "DoubleValue")
    {
        return ParsesAs<double>(text, why);
    }
    if (type == "BooleanValue")
    {
        return ParsesAs<bool>(text, why);
    }
    if (type == "AddressValue" && !IsAddressText(text))
    {
        why = Quote(text) + " is not an address (ns-3's form: type-length-bytes, e.g. "
                            "02-06-0a:01:01:01:00:50)";
        return false;
    }
    return true;
}

/**
 * Split "type min:max" (GetUnderlyingTypeInformation() of a number or time checker).
 * \param info the text
 * \param [out] min the minimum as text
 * \param [out] max the maximum as text
 * \return false if it is not of that form
 */
bool
SplitRange(const std::string& info, std::string& min, std::string& max)
{
    const std::size_t space = info.rfind(' ');
    const std::string range = space == std::string::npos ? info : info.substr(space + 1);
    // The minimum may be negative: split at the first ':' after its first character.
    const std::size_t colon = range.find(':', 1);
    if (colon == std::string::npos)
    {
        return false;
    }
    min = range.substr(0, colon);
    max = range.substr(colon + 1);
    return true;
}

/// \return how a Time prints itself (as checkers do)
std::string
Printed(Time t)
{
    std::ostringstream os;
    os << t;
    return os.str();
}

/// \return t with a unit that reads well, e.g. "10ms", "1.5s", "100s", "1h"
std::string
Readable(Time t)
{
    if (t.IsZero())
    {
        return "0s";
    }
    if (t == Time::Max() || t == Time::Min())
    {
        return t == Time::Max() ? "+inf" : "-inf";
    }
    // Hours and minutes when whole; else the largest of s, ms, us, ns that is not below 1.
    for (const auto& [unit, length] :
         std::vector<std::pair<std::string, Time>>{{"h", Hours(1)}, {"min", Minutes(1)}})
    {
        if ((t.GetTimeStep() % length.GetTimeStep()) == 0)
        {
            return std::to_string(t.GetTimeStep() / length.GetTimeStep()) + unit;
        }
    }
    for (const auto& [unit, length] :
         std::vector<std::pair<std::string, Time>>{{"s", Seconds(1)},
                                                   {"ms", MilliSeconds(1)},
                                                   {"us", MicroSeconds(1)},
                                                   {"ns", NanoSeconds(1)}})
    {
        if (Abs(t) >= length || unit == "ns")
        {
            std::ostringstream os;
            os.imbue(std::locale::classic());
            os << std::setprecision(12) << t.GetDouble() / length.GetDouble() << unit;
            return os.str();
        }
    }
    return "0s";
}

/// \return an attribute value as a message shows it: as given, or a time that reads well
std::string
Shown(const AttributeValue& value, Ptr<const AttributeChecker> checker)
{
    if (const auto* text = dynamic_cast<const StringValue*>(&value))
    {
        return text->Get();
    }
    if (const auto* time = dynamic_cast<const TimeValue*>(&value))
    {
        return Readable(time->Get());
    }
    return value.SerializeToString(checker);
}

/**
 * Check a value against a checker, strictly (PreParse() first).
 * \param checker the checker
 * \param label what the value is for, e.g. "ns3::TcpTeardownSocket::RtoMin"
 * \param help its help
 * \param value the value
 * \param [out] checked on success, the value as the checker accepts it
 * \param [out] why on failure, "<label>=<value> is invalid: <help> (...; allowed: ...)"
 * \return whether the value is valid
 */
bool
CheckValue(Ptr<const AttributeChecker> checker,
           const std::string& label,
           const std::string& help,
           const AttributeValue& value,
           Ptr<AttributeValue>& checked,
           std::string& why)
{
    const auto* text = dynamic_cast<const StringValue*>(&value);
    std::string wrong;
    bool ok = !text || PreParse(checker, text->Get(), wrong);
    if (ok)
    {
        try
        {
            checked = checker->CreateValidValue(value);
        }
        catch (const std::exception& e)
        {
            checked = nullptr;
            wrong = e.what();
        }
        ok = checked != nullptr;
    }
    if (!ok)
    {
        why = label + "=" + Shown(value, checker) + " is invalid: " + help + " (" +
              (wrong.empty() ? "" : wrong + "; ") +
              "allowed: " + TcpTeardownDescribeChecker(checker) + ")";
    }
    return ok;
}

} // namespace

void
TcpTeardownFatalError(const std::string& message)
{
    std::cout.flush();
    std::cerr << "tcp-teardown: error: ";
    for (const auto& context : ErrorContexts())
    {
        std::cerr << context << ": ";
    }
    std::cerr << message << std::endl;
    std::exit(EXIT_FAILURE);
}

TcpTeardownErrorContext::TcpTeardownErrorContext(const std::string& context)
{
    ErrorContexts().push_back(context);
}

TcpTeardownErrorContext::~TcpTeardownErrorContext()
{
    ErrorContexts().pop_back();
}

bool
TcpTeardownParse(const std::string& text, Time& value, std::string& why)
{
    // As Time(std::string) reads it, but all of it: a number, then an optional unit (seconds
    // without one).
    static const std::regex time("([+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
                                 "(s|ms|us|ns|ps|fs|min|h|d|y)?");
    std::smatch match;
    if (!std::regex_match(text, match, time))
    {
        why = Quote(text) + " is not a time: write a number and a unit (s, ms, us, ns, min, h, "
                            "d), e.g. 200ms or 1.5s";
        return false;
    }
    static const std::map<std::string, double> seconds = {{"", 1},
                                                          {"s", 1},
                                                          {"ms", 1e-3},
                                                          {"us", 1e-6},
                                                          {"ns", 1e-9},
                                                          {"ps", 1e-12},
                                                          {"fs", 1e-15},
                                                          {"min", 60},
                                                          {"h", 3600},
                                                          {"d", 86400},
                                                          {"y", 365 * 86400.0}};
    const double number = std::strtod(match[1].str().c_str(), nullptr);
    const double inSeconds = number * seconds.at(match[2].str());
    // Time holds a 64-bit count of its resolution unit; beyond that the conversion overflows
    // (half of it, to leave room for sums: 146 years at the default resolution, 1 ns).
    const double most = Time::Max().GetSeconds() / 2;
    if (!std::isfinite(inSeconds) || std::fabs(inSeconds) > most)
    {
        std::ostringstream os;
        os.imbue(std::locale::classic());
        os << Quote(text) << " is beyond what a simulation time can hold: at most "
           << std::setprecision(3) << most << " s, about " << std::fixed << std::setprecision(0)
           << most / (365 * 86400.0) << " years";
        why = os.str();
        return false;
    }
    value = Time(text);
    return true;
}

bool
TcpTeardownParse(const std::string& text, DataRate& value, std::string& why)
{
    // As DataRate reads it (digits and a point, then a unit; bit/s without one), all of it.
    static const std::regex rate("([0-9]+\\.?[0-9]*|\\.[0-9]+)([A-Za-z/]+)?");
    std::smatch match;
    std::istringstream is(text);
    DataRate parsed;
    if (!std::regex_match(text, match, rate) ||
        (!match[2].matched && text.find('.') != std::string::npos) || !(is >> parsed))
    {
        why = Quote(text) + " is not a data rate: write a number and a unit (bps, kbps, Mbps, "
                            "Gbps, Bps, ...), e.g. 10Mbps";
        return false;
    }
    // The unit's bit/s, to keep the product within 64 bits.
    double unit = 1;
    if (match[2].matched)
    {
        std::istringstream one("1" + match[2].str());
        DataRate perUnit;
        one >> perUnit;
        unit = static_cast<double>(perUnit.GetBitRate());
    }
    if (std::strtod(match[1].str().c_str(), nullptr) * unit > 1e18)
    {
        why = Quote(text) + " is beyond the data rates ns-3 can hold (1e18 bit/s)";
        return false;
    }
    value = parsed;
    return true;
}

bool
TcpTeardownParse(const std::string& text, bool& value, std::string& why)
{
    // As CommandLine and BooleanValue read it.
    const std::string word = Lower(text);
    if (word == "true" || word == "t" || word == "1")
    {
        value = true;
        return true;
    }
    if (word == "false" || word == "f" || word == "0")
    {
        value = false;
        return true;
    }
    why = Quote(text) + " is not a boolean: use true or false";
    return false;
}

bool
TcpTeardownParse(const std::string& text, double& value, std::string& why)
{
    static const std::regex number("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    const double parsed = std::strtod(text.c_str(), nullptr);
    if (!std::regex_match(text, number) || !std::isfinite(parsed))
    {
        why = Quote(text) + " is not a (finite) number";
        return false;
    }
    value = parsed;
    return true;
}

bool
TcpTeardownParse(const std::string& text, int64_t& value, std::string& why)
{
    return ParseSigned(text,
                       std::numeric_limits<int64_t>::min(),
                       std::numeric_limits<int64_t>::max(),
                       value,
                       why);
}

bool
TcpTeardownParse(const std::string& text, int32_t& value, std::string& why)
{
    int64_t wide = 0;
    if (!ParseSigned(text,
                     std::numeric_limits<int32_t>::min(),
                     std::numeric_limits<int32_t>::max(),
                     wide,
                     why))
    {
        return false;
    }
    value = static_cast<int32_t>(wide);
    return true;
}

bool
TcpTeardownParse(const std::string& text, uint64_t& value, std::string& why)
{
    return ParseUnsigned(text, std::numeric_limits<uint64_t>::max(), value, why);
}

bool
TcpTeardownParse(const std::string& text, uint32_t& value, std::string& why)
{
    uint64_t wide = 0;
    if (!ParseUnsigned(text, std::numeric_limits<uint32_t>::max(), wide, why))
    {
        return false;
    }
    value = static_cast<uint32_t>(wide);
    return true;
}

bool
TcpTeardownParse(const std::string& text, uint16_t& value, std::string& why)
{
    uint64_t wide = 0;
    if (!ParseUnsigned(text, std::numeric_limits<uint16_t>::max(), wide, why))
    {
        return false;
    }
    value = static_cast<uint16_t>(wide);
    return true;
}

std::string
TcpTeardownDescribeChecker(Ptr<const AttributeChecker> checker)
{
    const std::string type = ValueType(checker);
    const std::string info =
        checker->HasUnderlyingTypeInformation() ? checker->GetUnderlyingTypeInformation() : "";
    std::string min;
    std::string max;
    if (type == "UintegerValue" || type == "IntegerValue")
    {
        return SplitRange(info, min, max) ? "a whole number from " + min + " to " + max
                                          : "a whole number";
    }
    if (type == "DoubleValue")
    {
        return SplitRange(info, min, max) ? "a number from " + min + " to " + max : "a number";
    }
    if (type == "TimeValue")
    {
        if (!SplitRange(info, min, max))
        {
            return "a time";
        }
        const bool low = min != Printed(Time::Min());
        const bool high = max != Printed(Time::Max());
        std::string why;
        Time lo;
        Time hi;
        if (low && TcpTeardownParse(min, lo, why))
        {
            min = Readable(lo);
        }
        if (high && TcpTeardownParse(max, hi, why))
        {
            max = Readable(hi);
        }
        if (low && high)
        {
            return "a time from " + min + " to " + max;
        }
        if (low)
        {
            return "a time >= " + min;
        }
        return high ? "a time <= " + max : "a time (a number and a unit, e.g. 200ms)";
    }
    if (type == "EnumValue")
    {
        std::string names = info;
        std::replace(names.begin(), names.end(), '|', ',');
        std::string spaced;
        for (char c : names)
        {
            spaced += c;
            if (c == ',')
            {
                spaced += ' ';
            }
        }
        return "one of " + spaced;
    }
    if (type == "BooleanValue")
    {
        return "true or false";
    }
    if (type == "DataRateValue")
    {
        return "a data rate, e.g. 10Mbps";
    }
    if (type == "AddressValue")
    {
        return "an address";
    }
    if (type == "StringValue")
    {
        return "any text";
    }
    return "a value of type " + type + (info.empty() ? "" : " (" + info + ")");
}

bool
TcpTeardownValidateAttribute(TypeId tid,
                             const std::string& name,
                             const AttributeValue& value,
                             Ptr<AttributeValue>& checked,
                             std::string& why)
{
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(name, &info))
    {
        why = "\"" + name + "\" is not an attribute of " + tid.GetName();
        return false;
    }
    return CheckValue(info.checker, tid.GetName() + "::" + name, info.help, value, checked, why);
}

Ptr<AttributeValue>
TcpTeardownCheckAttribute(TypeId tid, const std::string& name, const AttributeValue& value)
{
    Ptr<AttributeValue> checked;
    std::string why;
    if (!TcpTeardownValidateAttribute(tid, name, value, checked, why))
    {
        TcpTeardownFatalError(why);
    }
    return checked;
}

void
TcpTeardownCheckAttributeArguments(const std::vector<std::string>& args)
{
    for (std::size_t i = 1; i < args.size(); ++i)
    {
        // What CommandLine hands to Config::SetDefault: [-]-ns3::Type::Name=value.
        std::string arg = args[i];
        arg.erase(0, arg.find_first_not_of('-'));
        const std::size_t equals = arg.find('=');
        const std::string path = arg.substr(0, equals);
        const std::size_t colons = path.rfind("::");
        if (args[i][0] != '-' || equals == std::string::npos)
        {
            continue;
        }
        if (colons == std::string::npos)
        {
            // A global value (--RngRun=2), which CommandLine hands to Config::SetGlobal().
            for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
            {
                Ptr<AttributeValue> checked;
                std::string why;
                if ((*it)->GetName() == path && !CheckValue((*it)->GetChecker(),
                                                            "--" + path,
                                                            (*it)->GetHelp(),
                                                            StringValue(arg.substr(equals + 1)),
                                                            checked,
                                                            why))
                {
                    TcpTeardownFatalError(why);
                }
            }
            continue;
        }
        TypeId tid;
        if (!TypeId::LookupByNameFailSafe(path.substr(0, colons), &tid))
        {
            continue; // a global value, or not an attribute: CommandLine's to judge
        }
        const std::string name = path.substr(colons + 2);
        TcpTeardownCheckAttribute(tid, name, StringValue(arg.substr(equals + 1)));
        // Config::SetDefault() takes an attribute under the type that declares it only.
        TypeId owner = tid;
        while (owner.GetParent() != owner)
        {
            bool declared = false;
            for (uint32_t j = 0; j < owner.GetAttributeN(); ++j)
            {
                declared = declared || owner.GetAttribute(j).name == name;
            }
            if (declared)
            {
                break;
            }
            owner = owner.GetParent();
        }
        if (owner != tid)
        {
            TcpTeardownFatalError("--" + arg + " is invalid: " + name + " is an attribute of " +
                                  owner.GetName() + ", which " + tid.GetName() +
                                  " inherits, and its default is set where it is declared: use "
                                  "--" +
                                  owner.GetName() + "::" + name + "=" + arg.substr(equals + 1));
        }
    }
}

namespace
{

/// A reader that parses an option's whole text into \p value (TcpTeardownParse()).
template <typename T>
std::function<bool(const std::string&, std::string&)>
StrictReader(T& value)
{
    return [&value](const std::string& text, std::string& why) {
        return TcpTeardownParse(text, value, why);
    };
}

} // namespace

TcpTeardownCommandLine::TcpTeardownCommandLine(const std::string& filename)
    : CommandLine(filename)
{
}

void
TcpTeardownCommandLine::AddStrict(const std::string& name,
                                  const std::string& help,
                                  Reader reader,
                                  const std::string& defaultValue)
{
    m_readers[name] = reader;
    m_helps[name] = help;
    m_default[name] = defaultValue;
    CommandLine::AddValue(name,
                          help,
                          MakeBoundCallback(&TcpTeardownCommandLine::ReadOption, this, name),
                          defaultValue);
}

bool
TcpTeardownCommandLine::ReadOption(TcpTeardownCommandLine* cmd, std::string name, std::string text)
{
    cmd->m_given[name] = text;
    std::string why;
    if (!cmd->m_readers.at(name)(text, why))
    {
        // Then CommandLine's own "Invalid command-line argument" and the options, exit 1.
        std::cerr << cmd->GetName() << ": --" << name << "=" << text << " is invalid: " << why
                  << "; --" << name << ": " << cmd->m_helps.at(name) << std::endl;
        return false;
    }
    return true;
}

void
TcpTeardownCommandLine::AddValue(const std::string& name, const std::string& help, Time& value)
{
    AddStrict(name, help, StrictReader(value), Readable(value));
}

void
TcpTeardownCommandLine::AddValue(const std::string& name, const std::string& help, DataRate& value)
{
    std::ostringstream os;
    os << value;
    AddStrict(name, help, StrictReader(value), os.str());
}

void
TcpTeardownCommandLine::AddValue(const std::string& name, const std::string& help, bool& value)
{
    AddStrict(
        name,
        help,
        [&value](const std::string& text, std::string& why) {
            if (text.empty())
            {
                value = !value; // "--name" alone toggles, as in CommandLine
                return true;
            }
            return TcpTeardownParse(text, value, why);
        },
        value ? "true" : "false");
}

void
TcpTeardownCommandLine::AddValue(const std::string& name, const std::string& help, double& value)
{
    std::ostringstream os;
    os << value;
    AddStrict(name, help, StrictReader(value), os.str());
}

void
TcpTeardownCommandLine::AddValue(const std::string& name, const std::string& help, int64_t& value)
{
    AddStrict(name, help, StrictReader(value), std::to_string(value));
}

void
TcpTeardownCommandLine::AddValue(const std::string& name, const std::string& help, int32_t& value)
{
    AddStrict(name, help, StrictReader(value), std::to_string(value));
}

void
TcpTeardownCommandLine::AddValue(const std::string& name, const std::string& help, uint64_t& value)
{
    AddStrict(name, help, StrictReader(value), std::to_string(value));
}

void
TcpTeardownCommandLine::AddValue(const std::string& name, const std::string& help, uint32_t& value)
{
    AddStrict(name, help, StrictReader(value), std::to_string(value));
}

void
TcpTeardownCommandLine::AddValue(const std::string& name, const std::string& help, uint16_t& value)
{
    AddStrict(name, help, StrictReader(value), std::to_string(value));
}

void
TcpTeardownCommandLine::AddValue(const std::string& name,
                                 const std::string& help,
                                 std::string& value)
{
    // The help shows the first word of the default, as CommandLine does.
    std::istringstream is(value);
    std::string first;
    is >> first;
    AddStrict(
        name,
        help,
        [&value](const std::string& text, std::string& /* why */) {
            value = text;
            return true;
        },
        first);
}

void
TcpTeardownCommandLine::Parse(int argc, char* argv[])
{
    const std::vector<std::string> args(argv, argv + argc);
    for (std::size_t i = 1; i < args.size(); ++i)
    {
        // CommandLine keeps words without dashes as unnamed arguments and ignores them: a
        // forgotten "--" would change nothing, silently.
        if (args[i].empty() || args[i][0] != '-')
        {
            std::cerr << GetName() << ": " << Quote(args[i])
                      << " is invalid: this program takes only options, --name=value (see --help)"
                      << std::endl;
            std::exit(1);
        }
    }
    TcpTeardownCheckAttributeArguments(args);
    CommandLine::Parse(argc, argv);
}

std::string
TcpTeardownCommandLine::GetArgument(const std::string& name) const
{
    const auto given = m_given.find(name);
    const auto fallback = m_default.find(name);
    return "--" + name + "=" +
           (given != m_given.end()
                ? given->second
                : (fallback != m_default.end() ? fallback->second : std::string()));
}

void
TcpTeardownCommandLine::Fail(const std::string& name, const std::string& rule) const
{
    std::cout.flush();
    std::cerr << GetName() << ": " << GetArgument(name) << " is invalid: " << rule
              << " (see --help)" << std::endl;
    std::exit(1);
}

void
TcpTeardownCommandLine::Require(bool condition,
                                const std::string& name,
                                const std::string& rule) const
{
    if (!condition)
    {
        Fail(name, rule);
    }
}

void
TcpTeardownCommandLine::Apply(const std::string& name, const std::function<void()>& apply) const
{
    TcpTeardownErrorContext context(GetArgument(name));
    apply();
}

void
TcpTeardownCommandLine::ApplyAll(const std::vector<std::string>& names,
                                 const std::function<void()>& apply) const
{
    std::string arguments;
    for (const auto& name : names)
    {
        arguments += (arguments.empty() ? "" : " ") + GetArgument(name);
    }
    TcpTeardownErrorContext context(arguments);
    apply();
}

void
TcpTeardownCommandLine::RequireFolder(const std::string& name, const std::string& folder) const
{
    if (folder.empty())
    {
        return;
    }
    if (mkdir(folder.c_str(), 0777) != 0 && errno != EEXIST)
    {
        const int error = errno;
        Fail(name,
             "cannot create the folder " + Quote(folder) + ": " + std::strerror(error) +
                 " (its parent must exist)");
    }
    struct stat info;
    if (stat(folder.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    {
        Fail(name, Quote(folder) + " is not a folder");
    }
}

} // namespace ns3
