/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The bad-input catalogue: every attribute and every command-line option of the module, given
// invalid values and impossible combinations, must be refused clearly.
//
// The project's rule for bad input: a message on stderr naming the value and the rule, exit
// status 1, never a crash (a signal) and never a silent default (status 0). Each case runs in
// a child process and is judged on exactly that:
//
//   status    the child exits with status 1 (a signal, 0 or another status fails the case);
//   names     stderr holds NAME=VALUE, NAME the attribute or option, VALUE the value given
//             (or the same quantity written otherwise: "-1ms" may read "-0.001 s");
//   rule      that line says what is allowed: "is invalid: <rule>", "must", "use", "needs".
//
// The cases are derived, not listed, so that a new attribute or option is not missed:
//
//   attributes    every attribute of every TypeId of the group TcpTeardown (the module's
//                 types, model/ and helper/), read from ns-3's TypeId registry. Its invalid
//                 values come from its checker (below the minimum, above the maximum, not of
//                 its type: "fast" for a time, "abc" and "-1" for a count, an unknown enum
//                 name, "maybe" for a boolean), from module-wide rules (no time is negative, no
//                 link rate is 0) and from kModuleRules, the rules the module applies beyond
//                 the checkers. An attribute with no value of its type to refuse must be in
//                 kAcceptsEveryValue with the reason. Each value is given twice, the ways a
//                 user gives it: through the module's setter for the type
//                 (TcpTeardownHelper::SetSocketAttribute, SetPortTableAttribute,
//                 TcpTeardownCatalogue::Create) and as --ns3::Type::Name=value on a command line
//                 (TcpTeardownCommandLine, hence Config::SetDefault); the object is then used
//                 as a script would use it (sockets connect, a story runs).
//   combinations  the cross-attribute rules the module enforces (TCP_TEARDOWN_REQUIRE in
//                 model/ and helper/), each broken once, and the API misuses those checks
//                 catch (a socket before Install, an impairment rule with an empty window...).
//   options       every option of every example program in --examples=DIR, read from its
//                 --PrintHelp: values not of the option's type (inferred from the default it
//                 shows; string options must be in kStringOptions), values outside the range
//                 its help states ("1.5 s .. 3600 s", "0..255", "> 0"), --pcap without
//                 --output, an unknown option, a word without "--", a bad --ns3:: attribute,
//                 and the combinations in kOptionCombinations.
//   controls      each type's exercise with valid input (its defaults) must run to the end
//                 with status 0: a case that exits 0 was accepted, not an exercise that fails.
//
// A case in kPending is a known defect whose fix is due elsewhere: it must still fail, and is
// reported as pending rather than counted (once it passes, it must leave the list).
//
//   tcp-teardown-bad-inputs --examples=DIR [--jobs=J] [--timeout=T] [--verbose] [--list]
//   tcp-teardown-bad-inputs --examples=DIR --case=ID --verbose   (one case, its message)
//   tcp-teardown-bad-inputs --examples=none     (no option cases: a build without examples)
//
// Exit status: 0 when every case is refused clearly, 1 when one is not (its reproduction is
// printed), 2 on bad usage.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simple-net-device.h"
#include "ns3/tcp-teardown-module.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

/// The program's name, in messages and reproductions.
const char* const kProgram = "tcp-teardown-bad-inputs";

/// Attribute values as text, in order.
using Settings = std::vector<std::pair<std::string, std::string>>;

/**
 * Rules of the module that the attribute checkers do not show, read from
 * TcpTeardownSocket::ValidateConfiguration, the stories' DoBuild and Configure, and
 * TcpTeardownPortTable::CheckRange: values of the attribute's type that the module refuses
 * (against the defaults of the other attributes).
 */
const std::map<std::string, std::vector<std::string>> kModuleRules = {
    {"ns3::TcpTeardownSocket::RtoMin", {"0s"}},             // > 0
    {"ns3::TcpTeardownSocket::RtoMax", {"100ms"}},          // >= RtoMin (200 ms)
    {"ns3::TcpTeardownSocket::Jiffy", {"1s"}},              // <= RtoMin (200 ms)
    {"ns3::TcpTeardownSocket::InitialRto", {"0s", "121s"}}, // > 0, <= RtoMax (120 s)
    {"ns3::TcpTeardownSocket::GiveUpRtoBase", {"0s", "121s"}},
    {"ns3::TcpTeardownSocket::KeepAliveTime", {"0s", "0.5s", "32768s"}}, // 1 .. 32767 s
    {"ns3::TcpTeardownSocket::KeepAliveInterval", {"0s", "0.5s", "32768s"}},
    {"ns3::TcpTeardownSocket::KeepAliveProbes", {"0", "128"}},       // 1 .. 127
    {"ns3::TcpTeardownPortTable::EphemeralPortFirst", {"61000"}},    // <= Last (60999)
    {"ns3::TcpTeardownPortTable::EphemeralPortLast", {"32767"}},     // >= First (32768)
    {"ns3::TcpBusyServerScenario::EphemeralPortFirst", {"61000"}},   // <= Last (60999)
    {"ns3::TcpBusyServerScenario::EphemeralPortLast", {"32767"}},    // >= First (32768)
    {"ns3::TcpPeerCrashScenario::CrashAt", {"1s"}},                  // 0 or >= 1.5 s
    {"ns3::TcpPeerRebootScenario::RebootAt", {"2s"}},                // after CrashAt (3 s)
    {"ns3::TcpTimeWaitAssassinationScenario::TriggerDelay", {"2s"}}, // < StrayDelay (1.5 s)
    {"ns3::TcpTimeWaitAssassinationScenario::StrayDelay", {"0.5s"}}, // > TriggerDelay (1 s)
    // A pcap file in a folder that does not exist cannot be written.
    {"ns3::TcpTeardownScenario::PcapPrefix", {"/nonexistent-tcp-teardown-folder/story"}},
};

/**
 * Attributes that accept every value of their type (booleans and enums are not listed: every
 * value of theirs is meaningful), with the reason. They still get values not of their type.
 */
const std::map<std::string, std::string> kAcceptsEveryValue = {
    {"ns3::TcpIsnGenerator::Secret", "any 64-bit key; 0 draws one from the node's stream"},
    {"ns3::TcpTeardownApplication::SendBytes", "any count of bytes to write, 0: none"},
    {"ns3::TcpTeardownApplication::SendsAfterError", "any count of send() calls, 0: none"},
    {"ns3::TcpTeardownApplication::Local", "any address; empty: an ephemeral port"},
    {"ns3::TcpTeardownApplication::Remote",
     "any address; an empty one is refused for a client (a combination case)"},
};

/**
 * Cases that fail today through code this change may not touch, with the fix that is due:
 * they run, and they must still fail (a pending case that passes is an error: take it off).
 */
const std::map<std::string, std::string> kPending = {};

/// How a string option of an example is given invalid values.
enum class StringKind
{
    WORD,    //!< one of some words: an unknown word
    FOLDER,  //!< an output folder: one that cannot be created, a file
    STORIES, //!< story names: an unknown one, none
    NUMBERS, //!< comma-separated positive numbers
    LINGER,  //!< "off" or an l_linger count
};

/// The string options of the examples (their type cannot be read from their default).
const std::map<std::string, StringKind> kStringOptions = {
    {"output", StringKind::FOLDER},
    {"stories", StringKind::STORIES},
    {"delays", StringKind::NUMBERS},
    {"linger", StringKind::LINGER},
    {"profile", StringKind::WORD},
    {"mode", StringKind::WORD},
    {"closer", StringKind::WORD},
    {"detection", StringKind::WORD},
    {"style", StringKind::WORD},
    {"peer", StringKind::WORD},
    {"cell", StringKind::WORD},
    {"hazard", StringKind::WORD},
    {"isn", StringKind::WORD},
    {"twReuse", StringKind::WORD},
    {"timeWait", StringKind::WORD}, // tcp-teardown-lost-final-ack's; the others' are times
    {"timeWaitPolicy", StringKind::WORD},
    {"socketKind", StringKind::WORD},
};

/// An impossible combination of an example's options, and the option it must name.
struct OptionCombination
{
    std::string program;           //!< the example
    std::vector<std::string> args; //!< its arguments
    std::string option;            //!< the option the message names
    std::string value;             //!< with this value
};

/// The examples' cross-option rules (read from their checks), each broken once.
const std::vector<OptionCombination> kOptionCombinations = {
    {"tcp-teardown-peer-crash", {"--rtoMin=2s", "--rtoMax=1s"}, "rtoMax", "1s"},
    {"tcp-teardown-crash-reboot", {"--crashAt=5s", "--rebootAt=4s"}, "rebootAt", "4s"},
    {"tcp-teardown-assassination", {"--trigger=2s", "--stray=1s"}, "trigger", "2s"},
    {"tcp-teardown-assassination",
     {"--hazard=H3", "--synSentOffset=20ms"},
     "synSentOffset",
     "20ms"},
    {"tcp-teardown-assassination",
     {"--hazard=H3", "--router=false", "--synSentOffset=10ms"},
     "synSentOffset",
     "10ms"},
    {"tcp-teardown-assassination",
     {"--hazard=H3", "--trigger=1s", "--stray=1.02s"},
     "stray",
     "1.02s"},
    {"tcp-teardown-port-reuse", {"--portFirst=40010", "--portLast=40000"}, "portFirst", "40010"},
    {"tcp-teardown-linger", {"--linger=100001", "--style=bsd"}, "linger", "100001"},
    {"tcp-teardown-linger", {"--linger=2", "--style=linux", "--rate=0bps"}, "rate", "0bps"},
    {"tcp-teardown-busy-server", {"--portFirst=40010", "--portLast=40000"}, "portFirst", "40010"},
    {"tcp-teardown-busy-server", {"--sweep=true", "--socketKind=Stock"}, "sweep", "true"},
    {"tcp-teardown-busy-server",
     {"--duration=2h", "--sampleInterval=1ms"},
     "sampleInterval",
     "1ms"},
};

/// What a case's message must hold.
struct Expect
{
    std::string subject;             //!< NAME of NAME=VALUE ("" for API cases)
    std::string value;               //!< VALUE as given
    std::vector<std::string> regexs; //!< further patterns (API cases: instead of NAME=VALUE)
};

/// One case.
struct Case
{
    std::string group;             //!< attribute, combination, api, option
    std::string id;                //!< unique; --case=ID runs it alone
    std::function<void()> body;    //!< in-process cases: what the child does
    std::vector<std::string> argv; //!< option cases: the program and its arguments
    Expect expect;                 //!< the message
    std::string pending;           //!< non-empty: a known defect (kPending)
    bool control{false};           //!< a valid input: it must run to the end (status 0)
};

// ---------------------------------------------------------------------------------------------
// What a user does with the module's objects
// ---------------------------------------------------------------------------------------------

/// Sockets on a stage connect, exchange a little data and close.
void
RunSockets(const TcpTeardownHostPair& pair)
{
    Ptr<TcpTeardownSocket> listener = TcpTeardownHelper::CreateSocket(pair.GetServer());
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
    listener->Listen();
    Ptr<TcpTeardownSocket> client = TcpTeardownHelper::CreateSocket(pair.GetClient());
    const InetSocketAddress server(pair.GetServerAddress(), 80);
    // Inside the run: the nodes' traffic control is set up when the simulation starts.
    Simulator::Schedule(MilliSeconds(100), [client, server]() { client->Connect(server); });
    Simulator::Schedule(Seconds(1), [client]() {
        client->Send(Create<Packet>(1000));
        client->Close();
    });
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    Simulator::Destroy();
}

/// Sockets of a helper connect and exchange a little data over the default stage.
void
ExerciseSockets(TcpTeardownHelper teardown)
{
    teardown.SetSocketAttribute("IsnPolicy", StringValue("Rfc6528")); // uses the ISN secret
    RunSockets(TcpTeardownHostPair(teardown));
}

/// A client and a server TcpTeardownApplication exchange data and close.
void
ExerciseApplications()
{
    TcpTeardownHelper teardown;
    TcpTeardownHostPair pair(teardown);
    Ptr<TcpTeardownApplication> server = CreateObject<TcpTeardownApplication>();
    server->SetAttribute("Role", StringValue("Server"));
    server->SetAttribute("Local", AddressValue(InetSocketAddress(Ipv4Address::GetAny(), 80)));
    pair.GetServer()->AddApplication(server);
    Ptr<TcpTeardownApplication> client = CreateObject<TcpTeardownApplication>();
    client->SetAttribute("Remote", AddressValue(InetSocketAddress(pair.GetServerAddress(), 80)));
    client->SetAttribute("SendBytes", UintegerValue(2000));
    client->SetAttribute("CloseWhenDone", BooleanValue(true));
    client->SetStartTime(Seconds(1));
    pair.GetClient()->AddApplication(client);
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    Simulator::Destroy();
}

/**
 * A busy-server scenario runs a small workload: the attributes given, and small values for
 * those the case does not set (a value given on the command line is the default then).
 * \param settings the attributes of the case
 * \param given those to give through the scenario's setter
 */
void
ExerciseBusyServer(const Settings& settings, const Settings& given)
{
    Ptr<TcpBusyServerScenario> busy = CreateObject<TcpBusyServerScenario>();
    for (const auto& setting : given)
    {
        busy->SetScenarioAttribute(setting.first, StringValue(setting.second));
    }
    const Settings small = {{"Clients", "2"},
                            {"Rate", "100"},
                            {"Duration", "100ms"},
                            {"Drain", "2s"},
                            {"TimeWaitDuration", "1s"}};
    for (const auto& setting : small)
    {
        const bool set = std::any_of(settings.begin(), settings.end(), [&setting](const auto& s) {
            return s.first == setting.first;
        });
        if (!set)
        {
            busy->SetScenarioAttribute(setting.first, StringValue(setting.second));
        }
    }
    busy->Run();
}

/// How an attribute value reaches the module.
enum class Path
{
    SET,          //!< the module's setter for the type
    COMMAND_LINE, //!< --ns3::Type::Name=value through TcpTeardownCommandLine
};

/// \return the name of a path, for case ids
std::string
PathName(Path path)
{
    return path == Path::SET ? "set" : "command-line";
}

/// \return whether a is b or derives from it
bool
IsA(TypeId a, TypeId b)
{
    return a == b || a.IsChildOf(b);
}

/**
 * The catalogue entry a story attribute is exercised with: the first whose story is the type
 * (or derives from it) and that does not set the attributes itself.
 * \param tid the story type
 * \param settings the attributes
 * \return the entry, or nullptr
 */
const TcpTeardownCatalogue::Entry*
EntryFor(TypeId tid, const Settings& settings)
{
    for (const auto& entry : TcpTeardownCatalogue::GetEntries())
    {
        if (!IsA(TypeId::LookupByName(entry.typeId), tid))
        {
            continue;
        }
        bool sets = false;
        for (const auto& [name, value] : entry.attributes)
        {
            for (const auto& setting : settings)
            {
                sets = sets || setting.first == name;
            }
        }
        if (!sets)
        {
            return &entry;
        }
    }
    return nullptr;
}

/// \return whether the module can be exercised with attributes of this type
bool
CanExercise(TypeId tid)
{
    return IsA(tid, TcpTeardownSocket::GetTypeId()) || tid == TcpTeardownPortTable::GetTypeId() ||
           tid == TcpIsnGenerator::GetTypeId() || tid == TcpTeardownApplication::GetTypeId() ||
           tid == TcpBusyServerScenario::GetTypeId() ||
           (IsA(tid, TcpTeardownScenario::GetTypeId()) && EntryFor(tid, {}));
}

/// \return whether the module has a checked setter for attributes of this type
bool
HasSetter(TypeId tid)
{
    return IsA(tid, TcpTeardownSocket::GetTypeId()) || tid == TcpTeardownPortTable::GetTypeId() ||
           IsA(tid, TcpTeardownScenario::GetTypeId()) || tid == TcpBusyServerScenario::GetTypeId();
}

/**
 * The type that declares an attribute (Config::SetDefault() takes it there only).
 * \param tid the type or a type derived from it
 * \param name the attribute
 * \return the declaring type's name
 */
std::string
DeclaringType(TypeId tid, const std::string& name)
{
    for (TypeId t = tid;; t = t.GetParent())
    {
        for (uint32_t i = 0; i < t.GetAttributeN(); ++i)
        {
            if (t.GetAttribute(i).name == name)
            {
                return t.GetName();
            }
        }
        if (t.GetParent() == t)
        {
            return tid.GetName();
        }
    }
}

/**
 * In the child: give attributes of a type by a path, then use the object as a script would.
 * \param type the type's name
 * \param settings the attributes
 * \param path how they are given
 * \param entryName for a story, the catalogue entry ("" for the first that fits)
 */
void
ApplyAndExercise(const std::string& type,
                 const Settings& settings,
                 Path path,
                 const std::string& entryName = "")
{
    const TypeId tid = TypeId::LookupByName(type);
    if (path == Path::COMMAND_LINE)
    {
        std::vector<std::string> args = {kProgram};
        for (const auto& [name, value] : settings)
        {
            args.push_back("--" + DeclaringType(tid, name) + "::" + name + "=" + value);
        }
        std::vector<char*> argv;
        for (auto& arg : args)
        {
            argv.push_back(arg.data());
        }
        TcpTeardownCommandLine cmd(kProgram);
        cmd.Parse(static_cast<int>(argv.size()), argv.data());
    }
    const Settings given = path == Path::SET ? settings : Settings();
    if (IsA(tid, TcpTeardownScenario::GetTypeId()))
    {
        const auto* entry =
            entryName.empty() ? EntryFor(tid, settings) : &TcpTeardownCatalogue::Get(entryName);
        TcpTeardownCatalogue::Create(*entry, given)->Run();
        return;
    }
    if (tid == TcpTeardownApplication::GetTypeId())
    {
        ExerciseApplications();
        return;
    }
    if (tid == TcpBusyServerScenario::GetTypeId())
    {
        ExerciseBusyServer(settings, given);
        return;
    }
    TcpTeardownHelper teardown;
    for (const auto& [name, value] : given)
    {
        if (tid == TcpTeardownPortTable::GetTypeId())
        {
            teardown.SetPortTableAttribute(name, StringValue(value));
        }
        else
        {
            teardown.SetSocketAttribute(name, StringValue(value));
        }
    }
    ExerciseSockets(teardown);
}

// ---------------------------------------------------------------------------------------------
// Invalid values
// ---------------------------------------------------------------------------------------------

/// One invalid value of an attribute or option.
struct Bad
{
    std::string value; //!< the text
    bool ofType;       //!< a value of the type that a rule refuses (else: not of the type)
};

/// \return a time as short text in a unit: "5ms", "7200s"
std::string
TimeText(double amount, const std::string& unit)
{
    std::ostringstream os;
    os << std::setprecision(15) << amount << unit;
    return os.str();
}

/// \return t as text in the largest unit that keeps it whole-ish, e.g. "5ms", "2h"
std::string
TimeText(Time t)
{
    const std::vector<std::pair<std::string, Time>> units = {{"h", Hours(1)},
                                                             {"min", Minutes(1)},
                                                             {"s", Seconds(1)},
                                                             {"ms", MilliSeconds(1)},
                                                             {"us", MicroSeconds(1)},
                                                             {"ns", NanoSeconds(1)}};
    for (const auto& [name, unit] : units)
    {
        if (Abs(t) >= unit || name == "ns")
        {
            return TimeText(t.GetDouble() / unit.GetDouble(), name);
        }
    }
    return "0s";
}

/// \return the maximum of an unsigned type named by a checker ("uint8_t" ... "uint64_t")
uint64_t
UnsignedMax(const std::string& name)
{
    if (name == "uint8_t")
    {
        return UINT8_MAX;
    }
    if (name == "uint16_t")
    {
        return UINT16_MAX;
    }
    if (name == "uint32_t")
    {
        return UINT32_MAX;
    }
    return UINT64_MAX;
}

/// \return (2^64 - 1) + 1 or max + 1 as text
std::string
PlusOne(uint64_t max)
{
    return max == UINT64_MAX ? "18446744073709551616" : std::to_string(max + 1);
}

/// \return a number as text, whole numbers without a point or an exponent
std::string
NumberText(double x)
{
    if (x == std::floor(x) && std::fabs(x) < 1e18)
    {
        return std::to_string(static_cast<long long>(x));
    }
    std::ostringstream os;
    os << std::setprecision(15) << x;
    return os.str();
}

/**
 * The invalid values of an attribute, from its checker, the module-wide rules and
 * kModuleRules.
 * \param key "Type::Name"
 * \param info the attribute
 * \param [out] problem set if the attribute's type is unknown here
 * \return the values
 */
std::vector<Bad>
InvalidValues(const std::string& key,
              const TypeId::AttributeInformation& info,
              std::string& problem)
{
    std::vector<Bad> bad;
    std::string type = info.checker->GetValueTypeName();
    type = type.rfind("ns3::", 0) == 0 ? type.substr(5) : type; // checkers write it either way
    const std::string range = info.checker->HasUnderlyingTypeInformation()
                                  ? info.checker->GetUnderlyingTypeInformation()
                                  : "";
    // "uint32_t 0:255", "Time +1e+06ns:+3.6e+12ns"
    std::smatch m;
    static const std::regex split("(\\S+) (.+):(.+)");
    const bool ranged = std::regex_match(range, m, split);
    if (type == "UintegerValue" && ranged)
    {
        const uint64_t typeMax = UnsignedMax(m[1]);
        const uint64_t min = std::stoull(m[2]);
        const uint64_t max = std::stoull(m[3]);
        bad.push_back({"abc", false});
        bad.push_back({"1.5", false});
        bad.push_back({"-1", false});
        bad.push_back({PlusOne(typeMax), false});
        if (min > 0)
        {
            bad.push_back({std::to_string(min - 1), true});
        }
        if (max < typeMax)
        {
            bad.push_back({std::to_string(max + 1), true});
        }
    }
    else if (type == "TimeValue" && ranged)
    {
        bad.push_back({"fast", false});
        bad.push_back({"1.2.3s", false});
        bad.push_back({"1e30s", false});
        bad.push_back({"-1s", true}); // no time of the module is negative
        std::string why;
        Time min;
        Time max;
        std::ostringstream top;
        top << Time::Max();
        if (TcpTeardownParse(m[2], min, why) && min.IsStrictlyPositive())
        {
            bad.push_back({TimeText(min / 2), true});
        }
        if (m[3] != top.str() && TcpTeardownParse(m[3], max, why))
        {
            bad.push_back({TimeText(max * 2), true});
        }
    }
    else if (type == "DoubleValue" && ranged)
    {
        bad.push_back({"abc", false});
        bad.push_back({"1.5x", false});
        bad.push_back({"1e400", false}); // beyond a double
        const double min = std::stod(m[2]);
        const double max = std::stod(m[3]);
        if (min > -std::numeric_limits<double>::max())
        {
            bad.push_back({NumberText(min - 1), true});
        }
        if (max < std::numeric_limits<double>::max())
        {
            bad.push_back({NumberText(max + 1), true});
        }
    }
    else if (type == "EnumValue")
    {
        bad.push_back({"NoSuchName", false});
    }
    else if (type == "BooleanValue")
    {
        bad.push_back({"maybe", false});
    }
    else if (type == "DataRateValue")
    {
        bad.push_back({"fast", false});
        bad.push_back({"10 Mbps", false});
        bad.push_back({"0bps", true}); // no link carries anything at 0 bit/s
    }
    else if (type == "AddressValue")
    {
        bad.push_back({"garbage", false});
    }
    else if (type != "StringValue")
    {
        problem = key + " has a value type this catalogue does not know (" + type + " " + range +
                  "): teach InvalidValues() its invalid values";
    }
    const auto rules = kModuleRules.find(key);
    if (rules != kModuleRules.end())
    {
        for (const auto& value : rules->second)
        {
            bad.push_back({value, true});
        }
    }
    const bool anyOfType =
        std::any_of(bad.begin(), bad.end(), [](const Bad& b) { return b.ofType; });
    if (problem.empty() && !anyOfType && type != "BooleanValue" && type != "EnumValue" &&
        kAcceptsEveryValue.count(key) == 0)
    {
        problem = key + " (" + type + " " + range +
                  ") has no value of its type to refuse: add its rule to kModuleRules, or it to "
                  "kAcceptsEveryValue with the reason";
    }
    if (problem.empty() && bad.empty())
    {
        problem = key + " has no invalid value at all";
    }
    return bad;
}

// ---------------------------------------------------------------------------------------------
// Judging a message
// ---------------------------------------------------------------------------------------------

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
 * Whether the text after "NAME=" in a message shows the value given: the same text, or the
 * same time, number or rate written otherwise ("-1ms" as "-0.001 s", "0s" as "+0ns").
 * \param after the message from just after "NAME=" (a quote there is skipped: "--stories=','")
 * \param given the value given
 * \return whether they agree
 */
bool
ShowsValue(const std::string& after, const std::string& given)
{
    const bool quoted = !after.empty() && (after[0] == '\'' || after[0] == '"');
    const std::string shown = quoted ? after.substr(1) : after;
    // The same text, not the start of a longer value ("0" is not "0.5s", "1" is not "15").
    if (Lower(shown).rfind(Lower(given), 0) == 0)
    {
        const std::string rest = shown.substr(given.size());
        const bool longer = !rest.empty() && (std::isalnum(static_cast<unsigned char>(rest[0])) ||
                                              (rest[0] == '.' && rest.size() > 1 &&
                                               std::isdigit(static_cast<unsigned char>(rest[1]))));
        if (!longer)
        {
            return true;
        }
    }
    // A quantity written otherwise: a number, an optional space, a unit.
    static const std::regex quantity("([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?) ?([a-zA-Z/]*)");
    std::smatch m;
    if (!std::regex_search(shown, m, quantity, std::regex_constants::match_continuous))
    {
        return false;
    }
    std::string why;
    Time a;
    Time b;
    if (TcpTeardownParse(m[1].str() + m[2].str(), a, why) && TcpTeardownParse(given, b, why))
    {
        return a == b;
    }
    double x = 0;
    double y = 0;
    if (m[2].str().empty() && TcpTeardownParse(m[1].str(), x, why) &&
        TcpTeardownParse(given, y, why))
    {
        return x == y;
    }
    return false;
}

/**
 * Judge a child's message.
 * \param expect what it must hold
 * \param err its stderr
 * \return "" if it does, else what is missing
 */
std::string
JudgeMessage(const Expect& expect, const std::string& err)
{
    for (const auto& pattern : expect.regexs)
    {
        if (!std::regex_search(err, std::regex(pattern)))
        {
            return "stderr does not match '" + pattern + "'";
        }
    }
    if (expect.subject.empty())
    {
        return "";
    }
    static const std::regex rule(
        "(is|are) invalid[^:\n]*: *[^ \n]|must |use |needs |give |is empty|takes only");
    const std::string key = expect.subject + "=";
    bool named = false;
    for (std::size_t at = err.find(key); at != std::string::npos; at = err.find(key, at + 1))
    {
        // NAME must not be the tail of a longer name ("--stray=" is not "StrayDelay=").
        const bool whole = at == 0 || !std::isalnum(static_cast<unsigned char>(err[at - 1]));
        if (!whole || !ShowsValue(err.substr(at + key.size()), expect.value))
        {
            continue;
        }
        named = true;
        const std::size_t begin =
            err.rfind('\n', at) == std::string::npos ? 0 : err.rfind('\n', at);
        const std::string line = err.substr(begin, err.find('\n', at) - begin);
        if (std::regex_search(line, rule))
        {
            return "";
        }
    }
    return named ? "the line naming " + key + expect.value + " does not say what is allowed"
                 : "stderr does not name " + key + expect.value;
}

// ---------------------------------------------------------------------------------------------
// Children
// ---------------------------------------------------------------------------------------------

/// A case running in a child.
struct Child
{
    pid_t pid{0};         //!< its process
    std::size_t index{0}; //!< its case
    std::string outPath;  //!< its stdout
    std::string errPath;  //!< its stderr
};

/// \return a file's content ("" if none)
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

/// Remove a folder tree (the scratch folder).
void
RemoveTree(const std::string& path)
{
    if (DIR* dir = opendir(path.c_str()))
    {
        while (dirent* e = readdir(dir))
        {
            const std::string name = e->d_name;
            if (name == "." || name == "..")
            {
                continue;
            }
            const std::string child = path + "/" + name;
            struct stat info;
            if (lstat(child.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
            {
                RemoveTree(child);
            }
            else
            {
                unlink(child.c_str());
            }
        }
        closedir(dir);
    }
    rmdir(path.c_str());
}

/**
 * Start a case in a child: in this process image (in-process cases) or a program (options).
 * Its stdout and stderr go to files in \p scratch, its working folder; \p timeout seconds later
 * SIGALRM ends it.
 * \return the child
 */
Child
StartCase(const Case& c, std::size_t index, const std::string& scratch, uint32_t timeout)
{
    Child child;
    child.index = index;
    child.outPath = scratch + "/case-" + std::to_string(index) + ".out";
    child.errPath = scratch + "/case-" + std::to_string(index) + ".err";
    std::cout.flush();
    std::cerr.flush();
    child.pid = fork();
    if (child.pid < 0)
    {
        std::perror("fork");
        std::exit(2);
    }
    if (child.pid == 0)
    {
        const int out = open(child.outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = open(child.errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out < 0 || err < 0 || chdir(scratch.c_str()) != 0)
        {
            _exit(3);
        }
        dup2(out, STDOUT_FILENO);
        dup2(err, STDERR_FILENO);
        close(out);
        close(err);
        alarm(timeout);
        if (!c.argv.empty())
        {
            std::vector<char*> argv;
            for (const auto& arg : c.argv)
            {
                argv.push_back(const_cast<char*>(arg.c_str()));
            }
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            std::perror("execv");
            _exit(4);
        }
        c.body();
        std::cout.flush();
        std::cerr.flush();
        _exit(0); // accepted: a silent default
    }
    return child;
}

/// The verdict on a finished case.
struct Verdict
{
    bool ok{false};  //!< refused clearly
    std::string why; //!< otherwise, what went wrong
    std::string err; //!< its stderr
};

/**
 * Wait for a child and judge it.
 * \param child the child
 * \param c its case
 * \param timeout its time limit, for the message
 * \return the verdict
 */
Verdict
FinishCase(const Child& child, const Case& c, uint32_t timeout)
{
    int status = 0;
    while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR)
    {
    }
    Verdict v;
    v.err = ReadFile(child.errPath);
    unlink(child.outPath.c_str());
    unlink(child.errPath.c_str());
    if (WIFSIGNALED(status))
    {
        v.why = WTERMSIG(status) == SIGALRM
                    ? "still running after " + std::to_string(timeout) + " s (a silent default?)"
                    : std::string("crashed: killed by signal ") + strsignal(WTERMSIG(status));
        return v;
    }
    const int code = WEXITSTATUS(status);
    if (c.control)
    {
        v.ok = code == 0;
        v.why = v.ok ? "" : "a valid input, refused: exit status " + std::to_string(code);
        return v;
    }
    if (code == 0)
    {
        v.why = "accepted: exit status 0 (a silent default)";
        return v;
    }
    if (code != 1)
    {
        v.why = "exit status " + std::to_string(code) + ", not 1";
        return v;
    }
    v.why = JudgeMessage(c.expect, v.err);
    v.ok = v.why.empty();
    return v;
}

// ---------------------------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------------------------

/// The module's types: the TypeIds of the group TcpTeardown, by name.
std::vector<TypeId>
ModuleTypes(std::vector<std::string>& problems)
{
    std::vector<TypeId> types;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        const TypeId tid = TypeId::GetRegistered(i);
        const std::string name = tid.GetName();
        if (tid.GetGroupName() == "TcpTeardown")
        {
            types.push_back(tid);
        }
        else if (name.rfind("ns3::Tcp", 0) == 0 && tid.GetGroupName() != "Internet")
        {
            // A module class that forgot SetGroupName("TcpTeardown") would be missed.
            problems.push_back(name + " has the group '" + tid.GetGroupName() +
                               "': the module's types are found by the group TcpTeardown");
        }
    }
    std::sort(types.begin(), types.end(), [](TypeId a, TypeId b) {
        return a.GetName() < b.GetName();
    });
    return types;
}

/// Counts for the summary.
struct Counts
{
    uint32_t types{0};      //!< module types
    uint32_t attributes{0}; //!< their attributes
    uint32_t programs{0};   //!< example programs
    uint32_t options{0};    //!< their options
};

/// The attribute cases.
void
AttributeCases(std::vector<Case>& cases, Counts& counts, std::vector<std::string>& problems)
{
    for (const TypeId& tid : ModuleTypes(problems))
    {
        ++counts.types;
        if (tid.GetAttributeN() > 0 && !CanExercise(tid))
        {
            problems.push_back(tid.GetName() + " has attributes but no way to exercise it here: "
                                               "teach ApplyAndExercise() how a script uses it");
            continue;
        }
        for (uint32_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            const TypeId::AttributeInformation info = tid.GetAttribute(i);
            if ((info.flags & TypeId::ATTR_SET) == 0 && (info.flags & TypeId::ATTR_CONSTRUCT) == 0)
            {
                continue; // read-only: no input
            }
            ++counts.attributes;
            const std::string key = tid.GetName() + "::" + info.name;
            std::string problem;
            const std::vector<Bad> values = InvalidValues(key, info, problem);
            if (!problem.empty())
            {
                problems.push_back(problem);
            }
            for (const Path path : {Path::SET, Path::COMMAND_LINE})
            {
                if (path == Path::SET && !HasSetter(tid))
                {
                    continue; // only Config::SetDefault and the command line set it
                }
                for (const auto& bad : values)
                {
                    Case c;
                    c.group = "attribute";
                    c.id = "attribute/" + PathName(path) + "/" + key + "=" + bad.value;
                    const std::string type = tid.GetName();
                    const Settings settings = {{info.name, bad.value}};
                    c.body = [type, settings, path]() { ApplyAndExercise(type, settings, path); };
                    c.expect.subject = info.name;
                    c.expect.value = bad.value;
                    cases.push_back(c);
                }
            }
        }
    }
}

/**
 * The control cases: each type's exercise with the defaults must run to the end (status 0), so
 * that a case that exits 0 means its value was accepted, not that the exercise is broken.
 */
void
ControlCases(std::vector<Case>& cases)
{
    std::vector<std::string> ignored;
    for (const TypeId& tid : ModuleTypes(ignored))
    {
        if (tid.GetAttributeN() == 0 || !CanExercise(tid))
        {
            continue;
        }
        for (const Path path : {Path::SET, Path::COMMAND_LINE})
        {
            if (path == Path::SET && !HasSetter(tid))
            {
                continue;
            }
            Case c;
            c.group = "control";
            c.id = "control/" + PathName(path) + "/" + tid.GetName();
            const std::string type = tid.GetName();
            c.body = [type, path]() { ApplyAndExercise(type, {}, path); };
            c.control = true;
            cases.push_back(c);
        }
    }
}

/// A combination of attributes that breaks a cross-attribute rule.
struct Combination
{
    std::string name;    //!< short name
    std::string type;    //!< the type the settings belong to (for the command line)
    std::string entry;   //!< for a story: the catalogue entry ("" for the first that fits)
    Settings settings;   //!< the attributes
    std::string subject; //!< the attribute the message must name
    std::string value;   //!< with this value
};

/// The combination and API cases: the module's TCP_TEARDOWN_REQUIRE checks, each broken once.
void
CombinationCases(std::vector<Case>& cases)
{
    const std::string socket = "ns3::TcpTeardownSocket";
    const std::vector<Combination> combinations = {
        // TcpTeardownSocket::ValidateConfiguration
        {"rto-max-below-rto-min", socket, "", {{"RtoMin", "2s"}, {"RtoMax", "1s"}}, "RtoMax", "1s"},
        {"jiffy-above-rto-min",
         socket,
         "",
         {{"RtoMin", "10ms"}, {"Jiffy", "20ms"}},
         "Jiffy",
         "20ms"},
        {"initial-rto-above-rto-max",
         socket,
         "",
         {{"RtoMax", "1s"}, {"InitialRto", "2s"}},
         "InitialRto",
         "2s"},
        {"give-up-base-above-rto-max",
         socket,
         "",
         {{"RtoMax", "1s"}, {"GiveUpRtoBase", "2s"}},
         "GiveUpRtoBase",
         "2s"},
        // Inherited attributes the Linux profile restricts.
        {"conn-count-zero", socket, "", {{"ConnCount", "0"}}, "ConnCount", "0"},
        {"conn-count-above-127", socket, "", {{"ConnCount", "128"}}, "ConnCount", "128"},
        {"max-seg-lifetime-negative",
         socket,
         "",
         {{"MaxSegLifetime", "-1"}},
         "MaxSegLifetime",
         "-1"},
        // TcpTeardownPortTable::CheckRange
        {"ephemeral-range-empty",
         "ns3::TcpTeardownPortTable",
         "",
         {{"EphemeralPortFirst", "40010"}, {"EphemeralPortLast", "40000"}},
         "EphemeralPortFirst",
         "40010"},
        // TcpPeerCrashScenario::DoBuild
        {"detection-while-sending",
         "ns3::TcpPeerCrashScenario",
         "peer-crash-sending",
         {{"Detection", "KeepAlive"}},
         "Detection",
         "KeepAlive"},
        {"crash-before-connection",
         "ns3::TcpPeerCrashScenario",
         "peer-crash-idle",
         {{"CrashAt", "1.2s"}},
         "CrashAt",
         "1.2s"},
        // TcpPeerRebootScenario::DoBuild
        {"reboot-before-crash",
         "ns3::TcpPeerRebootScenario",
         "peer-reboot",
         {{"CrashAt", "5s"}, {"RebootAt", "4s"}},
         "RebootAt",
         "4s"},
        // TcpAssassinationScenario::Configure
        {"trigger-after-stray",
         "ns3::TcpTimeWaitAssassinationScenario",
         "assassination-h1",
         {{"TriggerDelay", "2s"}, {"StrayDelay", "1s"}},
         "TriggerDelay",
         "2s"},
        {"h3-offset-not-below-rtt",
         "ns3::TcpTimeWaitAssassinationScenario",
         "assassination-h3",
         {{"SynSentOffset", "10ms"}},
         "SynSentOffset",
         "10ms"},
        {"h3-offset-zero",
         "ns3::TcpTimeWaitAssassinationScenario",
         "assassination-h3",
         {{"SynSentOffset", "0s"}},
         "SynSentOffset",
         "0s"},
        // TcpTeardownScenario::DoRun
        {"loss-without-router",
         "ns3::TcpTeardownScenario",
         "graceful-close",
         {{"Router", "false"}, {"LossRate", "0.1"}},
         "LossRate",
         "0.1"},
        {"h3-stray-before-reconnect",
         "ns3::TcpTimeWaitAssassinationScenario",
         "assassination-h3",
         {{"TriggerDelay", "1s"}, {"StrayDelay", "1.01s"}},
         "StrayDelay",
         "1.01s"},
    };
    for (const auto& combination : combinations)
    {
        for (const Path path : {Path::SET, Path::COMMAND_LINE})
        {
            Case c;
            c.group = "combination";
            c.id = "combination/" + PathName(path) + "/" + combination.name;
            c.body = [combination, path]() {
                ApplyAndExercise(combination.type, combination.settings, path, combination.entry);
            };
            c.expect.subject = combination.subject;
            c.expect.value = combination.value;
            cases.push_back(c);
        }
    }
    // A story's socket overrides meet the socket's rules too.
    {
        Case c;
        c.group = "combination";
        c.id = "combination/set/story-socket-rto-max-below-rto-min";
        c.body = []() {
            TcpTeardownCatalogue::Create(TcpTeardownCatalogue::Get("peer-crash-sending"),
                                         {{"RtoMin", "2s"}, {"RtoMax", "1s"}})
                ->Run();
        };
        c.expect.subject = "RtoMax";
        c.expect.value = "1s";
        cases.push_back(c);
    }

    // API misuse caught by TCP_TEARDOWN_REQUIRE: the message must name the mistake.
    struct Api
    {
        std::string name;                //!< short name
        std::function<void()> body;      //!< the misuse
        std::vector<std::string> regexs; //!< the message
    };

    auto bareNodes = []() {
        NodeContainer nodes;
        nodes.Create(2);
        return nodes;
    };
    auto stackNodes = []() {
        NodeContainer nodes;
        nodes.Create(2);
        InternetStackHelper().Install(nodes);
        return nodes;
    };
    auto addRule = [](std::function<void(TcpSegmentImpairment::Rule&)> edit) {
        TcpSegmentImpairment::Rule rule;
        edit(rule);
        CreateObject<TcpSegmentImpairment>()->AddRule(rule);
    };
    auto straySweep = [](std::function<void(TcpStrayCorruptionScenario&)> edit) {
        TcpStrayCorruptionScenario scenario;
        scenario.SetTimeWait(Seconds(1));
        scenario.SetStrayDelay(Seconds(2));
        scenario.SetGap(MilliSeconds(500));
        scenario.SetChunks(5, MilliSeconds(100));
        scenario.SetDuration(Seconds(10));
        edit(scenario);
        scenario.Run();
    };
    const std::vector<Api> apis = {
        {"helper-install-without-internet",
         [bareNodes]() { TcpTeardownHelper().Install(bareNodes()); },
         {"TcpTeardownHelper::Install: node [0-9]+ has no TCP; install an internet stack first"}},
        {"helper-install-twice",
         [stackNodes]() {
             NodeContainer nodes = stackNodes();
             TcpTeardownHelper().Install(nodes);
             TcpTeardownHelper().Install(nodes);
         },
         {"node [0-9]+ already has a TcpTeardownSocketFactory"}},
        {"helper-install-over-a-port-table",
         [stackNodes]() {
             NodeContainer nodes = stackNodes();
             TcpTeardownPortTable::Get(nodes.Get(0)); // aggregates a default one
             TcpTeardownHelper().Install(nodes);
         },
         {"node [0-9]+ already has a TcpTeardownPortTable"}},
        {"helper-socket-before-install",
         [stackNodes]() { TcpTeardownHelper::CreateSocket(stackNodes().Get(0)); },
         {"node [0-9]+ has no TcpTeardownSocketFactory; call Install"}},
        {"helper-unknown-socket-attribute",
         []() { TcpTeardownHelper().SetSocketAttribute("Retries", UintegerValue(3)); },
         {"\"Retries\" is not an attribute of ns3::TcpTeardownSocket"}},
        {"helper-unknown-port-table-attribute",
         []() { TcpTeardownHelper().SetPortTableAttribute("PortFirst", UintegerValue(3)); },
         {"\"PortFirst\" is not an attribute of ns3::TcpTeardownPortTable"}},
        {"helper-crash-in-the-past",
         [stackNodes]() {
             TcpTeardownHelper::ScheduleCrash(stackNodes().Get(0), Seconds(-1), Time::Max());
         },
         {"crashAt=-1(\\.0+)?s is in the past"}},
        {"helper-reboot-before-crash",
         [stackNodes]() {
             TcpTeardownHelper::ScheduleCrash(stackNodes().Get(0), Seconds(5), Seconds(4));
         },
         {"rebootAt=\\+?4(\\.0+)?s must be later than crashAt=\\+?5(\\.0+)?s"}},
        {"socket-factory-without-tcp",
         [bareNodes]() {
             Ptr<Node> node = bareNodes().Get(0);
             Ptr<TcpTeardownSocketFactory> factory = CreateObject<TcpTeardownSocketFactory>();
             node->AggregateObject(factory);
             factory->CreateSocket();
         },
         {"the node has no TCP; install an internet stack"}},
        {"socket-linger-negative",
         [stackNodes]() {
             NodeContainer nodes = stackNodes();
             TcpTeardownHelper().Install(nodes);
             TcpTeardownHelper::CreateSocket(nodes.Get(0))->SetSoLinger(true, -1);
         },
         {"l_linger=-1 is invalid: it must be >= 0"}},
        {"application-without-factory",
         [stackNodes]() {
             NodeContainer nodes = stackNodes();
             Ptr<TcpTeardownApplication> app = CreateObject<TcpTeardownApplication>();
             nodes.Get(0)->AddApplication(app);
             Simulator::Stop(Seconds(1));
             Simulator::Run();
         },
         {"node [0-9]+ has no TcpTeardownSocketFactory; use TcpTeardownHelper::Install"}},
        {"application-server-without-local",
         [stackNodes]() {
             NodeContainer nodes = stackNodes();
             TcpTeardownHelper().Install(nodes);
             Ptr<TcpTeardownApplication> app = CreateObject<TcpTeardownApplication>();
             app->SetAttribute("Role", StringValue("Server"));
             nodes.Get(0)->AddApplication(app);
             Simulator::Stop(Seconds(1));
             Simulator::Run();
         },
         {"a server needs Local, an address and port"}},
        {"application-client-without-remote",
         [stackNodes]() {
             NodeContainer nodes = stackNodes();
             TcpTeardownHelper().Install(nodes);
             nodes.Get(0)->AddApplication(CreateObject<TcpTeardownApplication>());
             Simulator::Stop(Seconds(1));
             Simulator::Run();
         },
         {"a client needs Remote, the server's address and port"}},
        {"recorder-without-factory",
         [stackNodes]() {
             TcpTeardownRecorder recorder;
             recorder.Watch(stackNodes());
         },
         {"TcpTeardownRecorder::Watch: node [0-9]+ has no TcpTeardownSocketFactory"}},
        {"impairment-no-segment-kind",
         [addRule]() { addRule([](TcpSegmentImpairment::Rule& r) { r.segments = 0; }); },
         {"segments=0 is invalid: OR together SYN, FIN, RST, PURE_ACK, DATA"}},
        {"impairment-empty-window",
         [addRule]() {
             addRule([](TcpSegmentImpairment::Rule& r) {
                 r.from = Seconds(5);
                 r.until = Seconds(2);
             });
         },
         {"the time window .* is empty: it needs 0 <= from < until"}},
        {"impairment-flow-to-itself",
         [addRule]() {
             addRule([](TcpSegmentImpairment::Rule& r) {
                 r.source = Ipv4Address("10.1.1.1");
                 r.destination = Ipv4Address("10.1.1.1");
             });
         },
         {"a flow from 10.1.1.1 to itself never crosses a link"}},
        {"impairment-empty-sequence-range",
         [addRule]() {
             addRule([](TcpSegmentImpairment::Rule& r) {
                 r.sequenceRange = true;
                 r.sequenceFirst = SequenceNumber32(100);
                 r.sequenceLast = SequenceNumber32(50);
             });
         },
         {"the sequence range 100..50 is empty"}},
        {"impairment-count-without-first",
         [addRule]() { addRule([](TcpSegmentImpairment::Rule& r) { r.count = 3; }); },
         {"count=3 needs first >= 1"}},
        {"impairment-drop-with-delay",
         [addRule]() { addRule([](TcpSegmentImpairment::Rule& r) { r.delay = Seconds(1); }); },
         {"delay=\\+?1(\\.0+)?s makes no sense for DROP: use DELAY"}},
        {"impairment-delay-without-delay",
         [addRule]() {
             addRule([](TcpSegmentImpairment::Rule& r) { r.action = TcpSegmentImpairment::DELAY; });
         },
         {"DELAY needs delay > 0, not \\+?0"}},
        {"impairment-delay-without-install",
         []() {
             TcpTeardownHelper teardown;
             TcpTeardownHostPair pair(teardown);
             Ptr<TcpSegmentImpairment> model = CreateObject<TcpSegmentImpairment>();
             TcpSegmentImpairment::Rule rule;
             rule.action = TcpSegmentImpairment::DELAY;
             rule.delay = MilliSeconds(10);
             model->AddRule(rule);
             // The error model set by hand: it cannot deliver the delayed copy.
             for (uint32_t i = 0; i < pair.GetServer()->GetNDevices(); ++i)
             {
                 Ptr<NetDevice> device = pair.GetServer()->GetDevice(i);
                 if (DynamicCast<PointToPointNetDevice>(device))
                 {
                     device->SetAttribute("ReceiveErrorModel", PointerValue(model));
                 }
             }
             RunSockets(pair);
         },
         {"DELAY delivers a copy later and needs the device: use Install\\(device\\)"}},
        {"impairment-install-nothing",
         []() { CreateObject<TcpSegmentImpairment>()->Install(nullptr); },
         {"TcpSegmentImpairment::Install: no device"}},
        {"impairment-install-unsupported-device",
         []() { CreateObject<TcpSegmentImpairment>()->Install(CreateObject<SimpleNetDevice>()); },
         {"a ns3::SimpleNetDevice is not supported: use a point-to-point or CSMA device"}},
        {"stray-engine-time-wait-negative",
         [straySweep]() {
             straySweep([](TcpStrayCorruptionScenario& s) { s.SetTimeWait(Seconds(-1)); });
         },
         {"TIME_WAIT -1(\\.0+)?s must be >= 0"}},
        {"stray-engine-delay-zero",
         [straySweep]() {
             straySweep([](TcpStrayCorruptionScenario& s) { s.SetStrayDelay(Time(0)); });
         },
         {"stray delay \\+?0(\\.0+)?s must be > 0"}},
        {"stray-engine-gap-negative",
         [straySweep]() {
             straySweep([](TcpStrayCorruptionScenario& s) { s.SetGap(Seconds(-1)); });
         },
         {"gap -1(\\.0+)?s must be >= 0"}},
        {"stray-engine-no-chunks",
         [straySweep]() {
             straySweep([](TcpStrayCorruptionScenario& s) { s.SetChunks(0, MilliSeconds(100)); });
         },
         {"0 chunks every .*: needs at least 1 chunk and an interval > 0"}},
        {"stray-engine-duration-zero",
         [straySweep]() {
             straySweep([](TcpStrayCorruptionScenario& s) { s.SetDuration(Time(0)); });
         },
         {"duration \\+?0(\\.0+)?s must be > 0"}},
        {"stray-engine-isn-unknown",
         [straySweep]() {
             straySweep([](TcpStrayCorruptionScenario& s) { s.SetIsnPolicy("Bsd"); });
         },
         {"IsnPolicy=Bsd is invalid: .*allowed: one of Zero, Rfc6528, Linux, Random"}},
        {"command-line-inherited-attribute",
         []() {
             std::vector<std::string> args = {kProgram, "--ns3::TcpTeardownSocket::ConnCount=3"};
             std::vector<char*> argv;
             for (auto& arg : args)
             {
                 argv.push_back(arg.data());
             }
             TcpTeardownCommandLine cmd(kProgram);
             cmd.Parse(static_cast<int>(argv.size()), argv.data());
         },
         {"ConnCount is an attribute of ns3::TcpSocket, which ns3::TcpTeardownSocket inherits.*"
          "use --ns3::TcpSocket::ConnCount=3"}},
        {"catalogue-unknown-story",
         []() { TcpTeardownCatalogue::Get("no-such-story"); },
         {"there is no story 'no-such-story'; the stories are: graceful-close, "}},
        {"catalogue-unknown-attribute",
         []() {
             TcpTeardownCatalogue::Create(TcpTeardownCatalogue::Get("graceful-close"),
                                          {{"NoSuchAttribute", "1"}});
         },
         {"has no attribute 'NoSuchAttribute', and TcpTeardownSocket has none of that name"}},
        {"host-pair-rate-zero",
         []() { TcpTeardownHostPair pair(TcpTeardownHelper(), DataRate(0)); },
         {"LinkRate=0bps is invalid: a link's rate must be > 0"}},
        {"host-pair-delay-negative",
         []() { TcpTeardownHostPair pair(TcpTeardownHelper(), DataRate("1Mbps"), Seconds(-1)); },
         {"LinkDelay=-1000(\\.0+)?ms is invalid: it must be >= 0"}},
    };
    for (const auto& api : apis)
    {
        Case c;
        c.group = "api";
        c.id = "api/" + api.name;
        c.body = api.body;
        c.expect.regexs = api.regexs;
        cases.push_back(c);
    }
}

/// One option of a program, as its --PrintHelp shows it.
struct Option
{
    std::string name;         //!< without "--"
    std::string help;         //!< its help
    std::string defaultValue; //!< its default as shown ("" if none)
};

/// \return the options a --PrintHelp text lists under "Program Options:"
std::vector<Option>
ParseHelp(const std::string& help)
{
    std::vector<Option> options;
    std::istringstream lines(help);
    bool inOptions = false;
    static const std::regex line("    --([A-Za-z0-9_-]+): +(.*)");
    static const std::regex withDefault("(.*) \\[([^\\[\\]]*)\\]");
    for (std::string text; std::getline(lines, text);)
    {
        if (text == "Program Options:")
        {
            inOptions = true;
            continue;
        }
        std::smatch m;
        if (!inOptions || text.empty() || !std::regex_match(text, m, line))
        {
            inOptions = inOptions && !text.empty();
            continue;
        }
        Option option{m[1], m[2], ""};
        std::smatch d;
        if (std::regex_match(option.help, d, withDefault))
        {
            // d points into option.help: read both parts before replacing it.
            std::string shortHelp = d[1];
            option.defaultValue = d[2];
            option.help = std::move(shortHelp);
        }
        options.push_back(option);
    }
    return options;
}

/// The type of an option, read from its default.
enum class OptionType
{
    BOOL,
    INTEGER,
    RATE,
    TIME,
    STRING,
};

/// \return the type an option's default shows
OptionType
TypeOf(const Option& option)
{
    std::string why;
    Time t;
    static const std::regex integer("[+-]?[0-9]+");
    static const std::regex unit(".*[0-9.](h|min|s|ms|us|ns|ps|fs|d|y)");
    if (option.defaultValue == "true" || option.defaultValue == "false")
    {
        return OptionType::BOOL;
    }
    if (std::regex_match(option.defaultValue, integer))
    {
        return OptionType::INTEGER;
    }
    if (option.defaultValue.size() > 3 &&
        option.defaultValue.compare(option.defaultValue.size() - 3, 3, "bps") == 0)
    {
        return OptionType::RATE;
    }
    if (std::regex_match(option.defaultValue, unit) &&
        TcpTeardownParse(option.defaultValue, t, why))
    {
        return OptionType::TIME;
    }
    return OptionType::STRING;
}

/// A bound an option's help states.
struct Bound
{
    bool present{false}; //!< stated
    bool open{false};    //!< "> x": x itself is out
    double number{0};    //!< x
    std::string unit;    //!< its unit ("" for a count)
};

/**
 * Read the range an option's help states: "a .. b" (units optional, "1.5 s .. 3600 s",
 * "0 (none) .. 600 s", "0..255"), "> a", ">= a", "<= b", "x..b".
 * \param help the help
 * \param [out] min the lower bound
 * \param [out] max the upper bound
 */
void
HelpRange(const std::string& help, Bound& min, Bound& max)
{
    const std::string number = "(-?[0-9]+(?:\\.[0-9]+)?)";
    const std::string unit = " ?(min|ms|us|ns|s|h)?(?![A-Za-z])";
    static const std::regex both(number + unit + " ?(?:\\([^)]*\\) ?)?\\.\\. ?" + number + unit);
    static const std::regex lower("(>=?) ?" + number + unit);
    static const std::regex upper("<= ?" + number + unit);
    static const std::regex upperOnly("[A-Za-z]\\.\\.([0-9]+)");
    std::smatch m;
    if (std::regex_search(help, m, both))
    {
        min = {true, false, std::stod(m[1]), m[2].matched ? m[2].str() : m[4].str()};
        max = {true, false, std::stod(m[3]), m[4].str()};
        return;
    }
    if (std::regex_search(help, m, lower))
    {
        min = {true, m[1] == ">", std::stod(m[2]), m[3].str()};
    }
    if (std::regex_search(help, m, upper))
    {
        max = {true, false, std::stod(m[1]), m[2].str()};
    }
    else if (std::regex_search(help, m, upperOnly))
    {
        max = {true, false, std::stod(m[1]), ""};
    }
}

/**
 * The invalid values of an example's option.
 * \param program the program's name
 * \param option the option
 * \param [out] problem set if the option's type is unknown
 * \return the values
 */
std::vector<std::string>
InvalidOptionValues(const std::string& program, const Option& option, std::string& problem)
{
    std::vector<std::string> bad;
    Bound min;
    Bound max;
    HelpRange(option.help, min, max);
    switch (TypeOf(option))
    {
    case OptionType::BOOL:
        bad = {"maybe", "2"};
        break;
    case OptionType::INTEGER:
        bad = {"abc", "1.5", "12abc", "-1", "99999999999999999999"};
        if (min.present)
        {
            bad.push_back(NumberText(min.open ? min.number : min.number - 1));
        }
        if (max.present)
        {
            bad.push_back(NumberText(max.number + 1));
        }
        break;
    case OptionType::RATE:
        bad = {"fast", "10 Mbps", "0bps"};
        break;
    case OptionType::TIME: {
        bad = {"fast", "1.2.3s", "s", "1e30s", "-1s"};
        const std::string minUnit = min.unit.empty() ? "s" : min.unit;
        if (min.present && min.open)
        {
            bad.push_back(TimeText(min.number, minUnit));
        }
        else if (min.present && min.number > 0)
        {
            bad.push_back(TimeText(min.number / 2, minUnit));
        }
        if (max.present)
        {
            bad.push_back(TimeText(max.number * 2, max.unit.empty() ? "s" : max.unit));
        }
        break;
    }
    case OptionType::STRING: {
        const auto kind = kStringOptions.find(option.name);
        if (kind == kStringOptions.end())
        {
            problem = program + " --" + option.name + " (default '" + option.defaultValue +
                      "') is a string option this catalogue does not know: add it to "
                      "kStringOptions";
            break;
        }
        switch (kind->second)
        {
        case StringKind::WORD:
            bad = {"no-such-value"};
            break;
        case StringKind::FOLDER:
            bad = {"/proc/tcp-teardown-bad-input/folder", "/dev/null"};
            break;
        case StringKind::STORIES:
            bad = {"no-such-story", ","};
            break;
        case StringKind::NUMBERS:
            bad = {"1,x", "0", "-1", "1e400"};
            break;
        case StringKind::LINGER:
            bad = {"x", "-1", "1001", "2.5"};
            break;
        }
        break;
    }
    }
    std::vector<std::string> unique;
    for (const auto& value : bad)
    {
        if (std::find(unique.begin(), unique.end(), value) == unique.end())
        {
            unique.push_back(value);
        }
    }
    return unique;
}

/// The option cases of every program in a folder.
void
OptionCases(const std::string& examples,
            std::vector<Case>& cases,
            Counts& counts,
            std::vector<std::string>& problems)
{
    std::vector<std::string> programs;
    if (DIR* dir = opendir(examples.c_str()))
    {
        while (dirent* e = readdir(dir))
        {
            const std::string name = e->d_name;
            const std::string path = examples + "/" + name;
            struct stat info;
            // The sweep tool is no ns-3 CommandLine program (sub-commands): its bad input is
            // checked by test/sweep/sweep-checks.cmake and its unit suite.
            if (name.rfind("tcp-teardown-", 0) == 0 && name != "tcp-teardown-sweep" &&
                stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && (info.st_mode & S_IXUSR))
            {
                programs.push_back(name);
            }
        }
        closedir(dir);
    }
    std::sort(programs.begin(), programs.end());
    if (programs.empty())
    {
        problems.push_back("no example program (tcp-teardown-*) in --examples=" + examples);
    }
    std::set<std::string> seen;
    for (const auto& program : programs)
    {
        ++counts.programs;
        const std::string path = examples + "/" + program;
        int status = 0;
        const std::vector<Option> options =
            ParseHelp(TcpTeardownSweep::CaptureOutput({path, "--PrintHelp"}, status, false));
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        {
            problems.push_back(program + " --PrintHelp did not exit with status 0");
            continue;
        }
        auto add = [&](const std::string& what,
                       const std::vector<std::string>& args,
                       const std::string& subject,
                       const std::string& value) {
            Case c;
            c.group = "option";
            c.id = "option/" + program + "/" + what;
            c.argv = {path};
            c.argv.insert(c.argv.end(), args.begin(), args.end());
            c.expect.subject = subject;
            c.expect.value = value;
            cases.push_back(c);
        };
        bool pcap = false;
        bool output = false;
        for (const auto& option : options)
        {
            ++counts.options;
            pcap = pcap || option.name == "pcap";
            output = output || (option.name == "output" && option.defaultValue.empty());
            std::string problem;
            for (const auto& value : InvalidOptionValues(program, option, problem))
            {
                const std::string arg = "--" + option.name + "=" + value;
                add(arg, {arg}, "--" + option.name, value);
            }
            if (!problem.empty())
            {
                problems.push_back(problem);
            }
        }
        // --pcap needs --output.
        if (pcap && output)
        {
            add("--pcap=true", {"--pcap=true"}, "--pcap", "true");
        }
        // What any program must refuse.
        add("--no-such-option=1", {"--no-such-option=1"}, "", "");
        cases.back().expect.regexs = {"Invalid command-line argument: --no-such-option=1",
                                      "Program Options:"};
        add("no-dashes=1", {"no-dashes=1"}, "", "");
        cases.back().expect.regexs = {"'no-dashes=1' is invalid: this program takes only options"};
        add("--ns3::TcpTeardownSocket::RtoMin=fast",
            {"--ns3::TcpTeardownSocket::RtoMin=fast"},
            "RtoMin",
            "fast");
        add("--ns3::TcpTeardownSocket::Retries2=300",
            {"--ns3::TcpTeardownSocket::Retries2=300"},
            "Retries2",
            "300");
        add("--RngRun=abc", {"--RngRun=abc"}, "--RngRun", "abc"); // a global value
        add("--RngRun=-1", {"--RngRun=-1"}, "--RngRun", "-1");
        for (const auto& combination : kOptionCombinations)
        {
            if (combination.program != program)
            {
                continue;
            }
            seen.insert(program);
            std::string what;
            for (const auto& arg : combination.args)
            {
                what += (what.empty() ? "" : " ") + arg;
            }
            add(what, combination.args, "--" + combination.option, combination.value);
        }
    }
    for (const auto& combination : kOptionCombinations)
    {
        if (seen.count(combination.program) == 0)
        {
            problems.push_back("kOptionCombinations names " + combination.program +
                               ", which is not in --examples");
        }
    }
}

/// \return a case's reproduction, one command
std::string
Reproduce(const Case& c, const std::string& examples)
{
    if (!c.argv.empty())
    {
        std::string command;
        for (const auto& arg : c.argv)
        {
            command += (command.empty() ? "" : " ") + ("'" + arg + "'");
        }
        return command;
    }
    return std::string(kProgram) + " --examples=" + examples + " --case='" + c.id + "' --verbose";
}

} // namespace

int
main(int argc, char* argv[])
{
    // Read as text and checked here: a bad value is bad usage (status 2), not a failed case.
    std::string examples;
    std::string jobsText = "2";
    std::string timeoutText = "30";
    std::string verboseText = "false";
    std::string listText = "false";
    std::string only;
    TcpTeardownCommandLine cmd(__FILE__);
    cmd.Usage("The bad-input catalogue: every attribute of the module's types and every option "
              "of its example programs, given invalid values and impossible combinations, must "
              "be refused with status 1 and a message naming the value and the rule.");
    cmd.AddValue("examples",
                 "folder of the example programs (build/examples); none: no option cases",
                 examples);
    cmd.AddValue("jobs", "cases run at once, 1 .. 64", jobsText);
    cmd.AddValue("timeout", "wall seconds a case may take, 1 .. 600", timeoutText);
    cmd.AddValue("verbose", "print every case and the message it got (true, false)", verboseText);
    cmd.AddValue("list", "print the case ids and stop (true, false)", listText);
    cmd.AddValue("case", "run the case with this id only", only);
    cmd.Parse(argc, argv);
    const auto usage = [](const std::string& message) {
        std::cerr << kProgram << ": error: " << message << std::endl;
        return 2;
    };
    std::string parseError;
    uint32_t jobs = 0;
    uint32_t timeout = 0;
    bool verbose = false;
    bool list = false;
    if (examples.empty())
    {
        return usage("--examples=DIR is required: the folder of the example programs, or none "
                     "(attributes, combinations and controls only)");
    }
    if (examples != "none")
    {
        // The children run in a scratch folder: a relative path must not depend on it.
        char resolved[PATH_MAX];
        if (realpath(examples.c_str(), resolved) == nullptr)
        {
            return usage("--examples=" + examples + " is invalid: no such folder");
        }
        examples = resolved;
    }
    if (!TcpTeardownParse(jobsText, jobs, parseError) || jobs < 1 || jobs > 64)
    {
        return usage("--jobs=" + jobsText + " is invalid: it must be 1 .. 64");
    }
    if (!TcpTeardownParse(timeoutText, timeout, parseError) || timeout < 1 || timeout > 600)
    {
        return usage("--timeout=" + timeoutText + " is invalid: it must be 1 .. 600 (seconds)");
    }
    // "--verbose" alone means true, as for a boolean option.
    verbose = verboseText.empty();
    if (!verbose && !TcpTeardownParse(verboseText, verbose, parseError))
    {
        return usage("--verbose=" + verboseText + " is invalid: use true or false");
    }
    list = listText.empty();
    if (!list && !TcpTeardownParse(listText, list, parseError))
    {
        return usage("--list=" + listText + " is invalid: use true or false");
    }

    const auto start = std::chrono::steady_clock::now();
    std::vector<Case> cases;
    Counts counts;
    std::vector<std::string> problems;
    ControlCases(cases);
    AttributeCases(cases, counts, problems);
    CombinationCases(cases);
    if (examples != "none")
    {
        OptionCases(examples, cases, counts, problems);
    }
    std::set<std::string> ids;
    for (auto& c : cases)
    {
        if (!ids.insert(c.id).second)
        {
            problems.push_back("two cases have the id " + c.id);
        }
        const auto pending = kPending.find(c.id);
        if (pending != kPending.end())
        {
            c.pending = pending->second;
        }
    }
    for (const auto& [id, why] : kPending)
    {
        if (ids.count(id) == 0)
        {
            problems.push_back("kPending names " + id + ", which is no case");
        }
    }
    if (list)
    {
        for (const auto& c : cases)
        {
            std::cout << c.id << "\n";
        }
        std::cout << cases.size() << " cases" << std::endl;
        return problems.empty() ? 0 : 1;
    }
    std::vector<std::size_t> selected;
    for (std::size_t i = 0; i < cases.size(); ++i)
    {
        if (only.empty() || cases[i].id == only)
        {
            selected.push_back(i);
        }
    }
    if (!only.empty() && selected.empty())
    {
        return usage("--case='" + only + "' is no case: --list prints them");
    }

    char scratchTemplate[] = "/tmp/tcp-teardown-bad-inputs-XXXXXX";
    if (!mkdtemp(scratchTemplate))
    {
        std::perror("mkdtemp");
        return 2;
    }
    const std::string scratch = scratchTemplate;
    std::map<std::string, uint32_t> perGroup;
    uint32_t failed = 0;
    uint32_t pendingCount = 0;
    std::vector<Child> running;
    std::size_t next = 0;
    while (next < selected.size() || !running.empty())
    {
        while (next < selected.size() && running.size() < jobs)
        {
            running.push_back(StartCase(cases[selected[next]], selected[next], scratch, timeout));
            ++next;
        }
        // The oldest first: the output is in case order.
        const Child child = running.front();
        running.erase(running.begin());
        const Case& c = cases[child.index];
        const Verdict v = FinishCase(child, c, timeout);
        ++perGroup[c.group];
        if (!c.pending.empty())
        {
            if (v.ok)
            {
                ++failed;
                std::cout << "FAIL " << c.id << ": refused clearly now, but listed in kPending: "
                          << "take it off the list" << std::endl;
            }
            else
            {
                ++pendingCount;
                std::cout << "PENDING " << c.id << ": " << v.why
                          << "\n  known defect: " << c.pending << std::endl;
            }
            continue;
        }
        if (!v.ok)
        {
            ++failed;
            std::cout << "FAIL " << c.id << ": " << v.why
                      << "\n  stderr: " << (v.err.empty() ? "(nothing)" : v.err.substr(0, 2000))
                      << (v.err.size() > 2000 ? "..." : "")
                      << "\n  reproduce: " << Reproduce(c, examples) << std::endl;
        }
        else if (verbose)
        {
            const std::string first = c.control ? "(a valid input: ran to the end, status 0)"
                                                : v.err.substr(0, v.err.find('\n'));
            std::cout << "ok   " << c.id << "\n       " << first << std::endl;
        }
    }
    RemoveTree(scratch);
    for (const auto& problem : problems)
    {
        ++failed;
        std::cout << "FAIL catalogue: " << problem << std::endl;
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "bad-input catalogue: " << counts.attributes << " attributes of " << counts.types
              << " types, " << counts.options << " options of " << counts.programs << " programs, "
              << selected.size() << " cases (";
    bool firstGroup = true;
    for (const auto& [group, count] : perGroup)
    {
        std::cout << (firstGroup ? "" : ", ") << group << " " << count;
        firstGroup = false;
    }
    std::cout << ")";
    if (failed == 0)
    {
        std::cout << ", all rejected clearly";
    }
    else
    {
        std::cout << ", " << failed << " FAILED";
    }
    if (pendingCount > 0)
    {
        std::cout << " (" << pendingCount << " pending known defects)";
    }
    std::cout << "; " << wall << " s" << std::endl;
    return failed == 0 ? 0 : 1;
}
