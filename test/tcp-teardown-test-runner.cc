/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The test runner of the standalone build: the module's TestSuites are compiled into this
// program, and ns-3's own runner (exported by libns3-core) runs them.
// Usage: tcp-teardown-test-runner [--suite=NAME] [--verbose] [--list]

#include "ns3/test.h"

int
main(int argc, char** argv)
{
    return ns3::TestRunner::Run(argc, argv);
}
