/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_FATAL_H
#define TCP_TEARDOWN_FATAL_H

#include "ns3/attribute.h"
#include "ns3/type-id.h"

#include <sstream>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Report a configuration error and end the program with status 1.
 *
 * Bad input (an attribute out of range, an impossible combination) is the user's to fix, not
 * a crash: the message names the value and the rule, goes to stderr prefixed with
 * "tcp-teardown: error: ", and the process exits with status 1 (no abort, no core dump).
 *
 * \param message what is wrong and what is allowed
 */
[[noreturn]] void TcpTeardownFatalError(const std::string& message);

/**
 * \ingroup tcp-teardown
 * \brief Check an attribute of a type; an unknown name or an invalid value is a fatal error
 *        that names them (TcpTeardownFatalError()).
 * \param tid the type
 * \param name the attribute name
 * \param value its value
 * \return the value as the attribute's checker accepts it
 */
Ptr<AttributeValue> TcpTeardownCheckAttribute(TypeId tid,
                                              const std::string& name,
                                              const AttributeValue& value);

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
