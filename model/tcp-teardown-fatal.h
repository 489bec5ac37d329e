/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_FATAL_H
#define TCP_TEARDOWN_FATAL_H

#include "ns3/attribute.h"
#include "ns3/command-line.h"
#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/type-id.h"

#include <cstdint>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Report a configuration error and end the program with status 1.
 *
 * Bad input (an attribute out of range, an impossible combination) is the user's to fix, not
 * a crash: the message names the value and the rule, goes to stderr prefixed with
 * "tcp-teardown: error: " and the text of each live TcpTeardownErrorContext, and the process
 * exits with status 1 (no abort, no core dump).
 *
 * \param message what is wrong and what is allowed
 */
[[noreturn]] void TcpTeardownFatalError(const std::string& message);

/**
 * \ingroup tcp-teardown
 * \brief While it lives, TcpTeardownFatalError() messages start with its text: e.g. the
 *        command-line option whose value is being applied ("--every=0s: ").
 *
 * Contexts nest; the message carries all of them, outermost first.
 */
class TcpTeardownErrorContext
{
  public:
    /**
     * \brief Push a context.
     * \param context what is being done, e.g. "--every=0s"
     */
    explicit TcpTeardownErrorContext(const std::string& context);
    /// Pop it.
    ~TcpTeardownErrorContext();
    TcpTeardownErrorContext(const TcpTeardownErrorContext&) = delete;
    TcpTeardownErrorContext& operator=(const TcpTeardownErrorContext&) = delete;
};

/**
 * \ingroup tcp-teardown
 * \name Strict parsing of bad input
 *
 * ns-3 parses attribute and command-line text leniently or not at all: "1.2.3ms" is 1.2 ms,
 * "1448abc" is 1448, "-1" is 4294967295 for an unsigned option, and a time it cannot parse
 * ("fast") aborts the program. These parse the whole text or fail, without aborting.
 * \param text the text
 * \param [out] value the value, set only on success
 * \param [out] why on failure, what is wrong, e.g. "'fast' is not a time: ..."
 * \return whether the text is a value of the type
 * @{
 */
bool TcpTeardownParse(const std::string& text, Time& value, std::string& why);
bool TcpTeardownParse(const std::string& text, DataRate& value, std::string& why);
bool TcpTeardownParse(const std::string& text, bool& value, std::string& why);
bool TcpTeardownParse(const std::string& text, double& value, std::string& why);
bool TcpTeardownParse(const std::string& text, int64_t& value, std::string& why);
bool TcpTeardownParse(const std::string& text, int32_t& value, std::string& why);
bool TcpTeardownParse(const std::string& text, uint64_t& value, std::string& why);
bool TcpTeardownParse(const std::string& text, uint32_t& value, std::string& why);
bool TcpTeardownParse(const std::string& text, uint16_t& value, std::string& why);
/** @} */

/**
 * \ingroup tcp-teardown
 * \brief What an attribute checker accepts, for a reader.
 * \param checker the checker
 * \return e.g. "a whole number from 0 to 255", "a time from 10ms to 1h",
 *         "one of Linux, Ns3", "true or false"
 */
std::string TcpTeardownDescribeChecker(Ptr<const AttributeChecker> checker);

/**
 * \ingroup tcp-teardown
 * \brief Check an attribute value of a type without ending the program: the text of a
 *        StringValue is parsed strictly first (see TcpTeardownParse()), where ns-3 would abort
 *        on a time, number, data rate or address it cannot read.
 * \param tid the type
 * \param name the attribute name
 * \param value its value
 * \param [out] checked on success, the value as the attribute's checker accepts it
 * \param [out] why on failure, the message: the attribute and value, "is invalid: ", its help
 *        and what is allowed
 * \return whether the value is valid
 */
bool TcpTeardownValidateAttribute(TypeId tid,
                                  const std::string& name,
                                  const AttributeValue& value,
                                  Ptr<AttributeValue>& checked,
                                  std::string& why);

/**
 * \ingroup tcp-teardown
 * \brief Check an attribute of a type; an unknown name or an invalid value is a fatal error
 *        that names them, with the attribute's help and what is allowed
 *        (TcpTeardownValidateAttribute(), TcpTeardownFatalError()).
 * \param tid the type
 * \param name the attribute name
 * \param value its value
 * \return the value as the attribute's checker accepts it
 */
Ptr<AttributeValue> TcpTeardownCheckAttribute(TypeId tid,
                                              const std::string& name,
                                              const AttributeValue& value);

/**
 * \ingroup tcp-teardown
 * \brief Check the attribute arguments of a command line (--ns3::Type::Name=value, which
 *        CommandLine::Parse() hands to Config::SetDefault()) with TcpTeardownCheckAttribute(),
 *        so that a bad one is a fatal error naming the rule, where ns-3 would abort or print
 *        only "Invalid command-line argument".
 *
 * An attribute given under a type that inherits it (--ns3::TcpTeardownSocket::ConnCount) is a
 * fatal error too, naming the type that declares it: Config::SetDefault() takes it there only.
 * Global values (--RngRun=2) are checked the same way against their checker. Other arguments
 * are left alone.
 *
 * \param args the arguments, the program's name first
 */
void TcpTeardownCheckAttributeArguments(const std::vector<std::string>& args);

/**
 * \ingroup tcp-teardown
 * \brief ns-3's CommandLine with strict options: what the examples parse their arguments with.
 *
 * AddValue() of a Time, DataRate, bool, number or string registers an option that reads the
 * whole value strictly (TcpTeardownParse()): a value that is not of the option's type ends the
 * program with status 1 and "<program>: --name=<value> is invalid: <why>; --name: <help>",
 * then CommandLine's own "Invalid command-line argument" and the list of options. The help
 * (--PrintHelp) shows each option with its default, as CommandLine does. Parse() also
 * checks --ns3::Type::Name=value arguments (TcpTeardownCheckAttributeArguments()) and refuses
 * arguments that are not options (CommandLine would ignore "rtoMin=1s" without its dashes).
 * The example then checks its rules with Require() or Fail(), whose messages quote the value
 * as the user typed it.
 *
 * \code
 *   TcpTeardownCommandLine cmd(__FILE__);
 *   Time rtoMin = MilliSeconds(200);
 *   cmd.AddValue("rtoMin", "minimum RTO, > 0", rtoMin);
 *   cmd.Parse(argc, argv);
 *   cmd.Require(rtoMin.IsStrictlyPositive(), "rtoMin", "it must be > 0");
 * \endcode
 */
class TcpTeardownCommandLine : public CommandLine
{
  public:
    /**
     * \brief Create a command line.
     * \param filename the program's source file (__FILE__): its name is the program's
     */
    explicit TcpTeardownCommandLine(const std::string& filename);

    using CommandLine::AddValue;

    /**
     * \brief Add an option whose value must be a time: a number and a unit, e.g. 200ms.
     *
     * A time beyond what a simulation can hold is refused too.
     *
     * \param name the option's name, without "--"
     * \param help what it is and which values are allowed
     * \param [in,out] value the variable: its default, then the option's value
     */
    void AddValue(const std::string& name, const std::string& help, Time& value);

    /**
     * \brief Add an option whose value must be a data rate: a number and a unit, e.g. 10Mbps.
     * \param name the option's name, without "--"
     * \param help what it is and which values are allowed
     * \param [in,out] value the variable: its default, then the option's value
     */
    void AddValue(const std::string& name, const std::string& help, DataRate& value);

    /**
     * \brief Add an option whose value must be true or false (t, f, 1, 0).
     *
     * The option alone toggles it, as in CommandLine.
     *
     * \param name the option's name, without "--"
     * \param help what it is and which values are allowed
     * \param [in,out] value the variable: its default, then the option's value
     */
    void AddValue(const std::string& name, const std::string& help, bool& value);

    /**
     * \brief Add an option whose value must be a finite number.
     * \param name the option's name, without "--"
     * \param help what it is and which values are allowed
     * \param [in,out] value the variable: its default, then the option's value
     */
    void AddValue(const std::string& name, const std::string& help, double& value);

    /**
     * \brief Add an option whose value must be a whole number that fits 64 bits.
     * \param name the option's name, without "--"
     * \param help what it is and which values are allowed
     * \param [in,out] value the variable: its default, then the option's value
     */
    void AddValue(const std::string& name, const std::string& help, int64_t& value);

    /**
     * \brief Add an option whose value must be a whole number that fits 32 bits.
     * \param name the option's name, without "--"
     * \param help what it is and which values are allowed
     * \param [in,out] value the variable: its default, then the option's value
     */
    void AddValue(const std::string& name, const std::string& help, int32_t& value);

    /**
     * \brief Add an option whose value must be a whole number >= 0 that fits 64 bits.
     * \param name the option's name, without "--"
     * \param help what it is and which values are allowed
     * \param [in,out] value the variable: its default, then the option's value
     */
    void AddValue(const std::string& name, const std::string& help, uint64_t& value);

    /**
     * \brief Add an option whose value must be a whole number >= 0 that fits 32 bits.
     * \param name the option's name, without "--"
     * \param help what it is and which values are allowed
     * \param [in,out] value the variable: its default, then the option's value
     */
    void AddValue(const std::string& name, const std::string& help, uint32_t& value);

    /**
     * \brief Add an option whose value must be a whole number from 0 to 65535.
     * \param name the option's name, without "--"
     * \param help what it is and which values are allowed
     * \param [in,out] value the variable: its default, then the option's value
     */
    void AddValue(const std::string& name, const std::string& help, uint16_t& value);

    /**
     * \brief Add an option whose value must be any text (the example checks it).
     * \param name the option's name, without "--"
     * \param help what it is and which values are allowed
     * \param [in,out] value the variable: its default, then the option's value
     */
    void AddValue(const std::string& name, const std::string& help, std::string& value);

    /**
     * \brief Parse the arguments (see the class description).
     * \param argc the number of arguments
     * \param argv the arguments, the program's name first
     */
    void Parse(int argc, char* argv[]);

    /**
     * \brief An option as the user gave it, for a message.
     * \param name the option's name
     * \return "--name=<value as typed>", or "--name=<default>" if it was not given
     */
    std::string GetArgument(const std::string& name) const;

    /**
     * \brief End the program: "<program>: --name=<value as typed> is invalid: <rule> (see
     *        --help)" on stderr, exit status 1.
     * \param name the option's name
     * \param rule what is allowed, e.g. "it must be > 0"
     */
    [[noreturn]] void Fail(const std::string& name, const std::string& rule) const;

    /**
     * \brief Fail() unless a condition holds.
     * \param condition the option's rule holds
     * \param name the option's name
     * \param rule what is allowed
     */
    void Require(bool condition, const std::string& name, const std::string& rule) const;

    /**
     * \brief Apply an option: run \p apply (e.g. set the attribute the option gives) so that a
     *        fatal error it raises (TcpTeardownFatalError()) names the option as the user typed
     *        it: "--every=0s: ns3::TcpCloseWaitLeakScenario::Interval=0s is invalid: ...".
     * \param name the option's name
     * \param apply what to do with its value
     */
    void Apply(const std::string& name, const std::function<void()>& apply) const;

    /**
     * \brief Apply options that act together (e.g. a rule across them that the module checks
     *        when the story runs): fatal errors raised by \p apply name all of them.
     * \param names the options' names
     * \param apply what to do with their values
     */
    void ApplyAll(const std::vector<std::string>& names, const std::function<void()>& apply) const;

    /**
     * \brief Check a folder option: empty (none) or a folder that exists or can be created
     *        (it is created); otherwise Fail() with the reason.
     * \param name the option's name
     * \param folder its value
     */
    void RequireFolder(const std::string& name, const std::string& folder) const;

  private:
    /// Reads an option's text into its variable; false with the reason otherwise.
    using Reader = std::function<bool(const std::string& text, std::string& why)>;

    /**
     * \brief Register a strict option.
     * \param name its name
     * \param help its help
     * \param reader reads its text
     * \param defaultValue its default as the help shows it ("" for none)
     */
    void AddStrict(const std::string& name,
                   const std::string& help,
                   Reader reader,
                   const std::string& defaultValue);

    /**
     * \brief What CommandLine calls with an option's text.
     * \param cmd the command line
     * \param name the option
     * \param text its text
     * \return whether the text is of the option's type (false, after the message: CommandLine
     *         reports the argument too and exits with status 1)
     */
    static bool ReadOption(TcpTeardownCommandLine* cmd, std::string name, std::string text);

    std::map<std::string, Reader> m_readers;      //!< strict options, by name
    std::map<std::string, std::string> m_helps;   //!< their help
    std::map<std::string, std::string> m_default; //!< their defaults as text
    std::map<std::string, std::string> m_given;   //!< the text of each option given
};

} // namespace ns3

/**
 * \ingroup tcp-teardown
 * \brief End with TcpTeardownFatalError() unless \p condition holds.
 * \param condition what must be true
 * \param message a stream expression naming the value and the rule
 */
#define TCP_TEARDOWN_REQUIRE(condition, message)                                                   \
    do                                                                                             \
    {                                                                                              \
        if (!(condition))                                                                          \
        {                                                                                          \
            std::ostringstream tcpTeardownMessage_;                                                \
            tcpTeardownMessage_ << message;                                                        \
            ::ns3::TcpTeardownFatalError(tcpTeardownMessage_.str());                               \
        }                                                                                          \
    } while (false)

#endif /* TCP_TEARDOWN_FATAL_H */
