/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-fatal.h"

#include <cstdlib>
#include <iostream>

namespace ns3
{

void
TcpTeardownFatalError(const std::string& message)
{
    std::cout.flush();
    std::cerr << "tcp-teardown: error: " << message << std::endl;
    std::exit(EXIT_FAILURE);
}

Ptr<AttributeValue>
TcpTeardownCheckAttribute(TypeId tid, const std::string& name, const AttributeValue& value)
{
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(name, &info))
    {
        TcpTeardownFatalError("\"" + name + "\" is not an attribute of " + tid.GetName());
    }
    Ptr<AttributeValue> checked = info.checker->CreateValidValue(value);
    if (!checked)
    {
        TcpTeardownFatalError(tid.GetName() + "::" + name + "=" +
                              value.SerializeToString(info.checker) + " is invalid: " + info.help);
    }
    return checked;
}

} // namespace ns3
