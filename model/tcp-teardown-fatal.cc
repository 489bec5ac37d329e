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

} // namespace ns3
