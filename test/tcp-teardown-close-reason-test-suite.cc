/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Close reasons: their errno names, the host's errno values, and the ns-3 errno mapping.

#include "ns3/tcp-close-reason.h"
#include "ns3/test.h"

#include <cerrno>
#include <sstream>

using namespace ns3;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// Names, numbers and round trips.
class CloseReasonNamesTestCase : public TestCase
{
  public:
    CloseReasonNamesTestCase()
        : TestCase("each close reason has its errno name and number")
    {
    }

  private:
    void DoRun() override
    {
        struct Row
        {
            TcpCloseReason reason;
            const char* name;
            int number;
        };

        const Row rows[] = {
            {TcpCloseReason::NONE, "NONE", 0},
            {TcpCloseReason::TIMEDOUT, "ETIMEDOUT", ETIMEDOUT},
            {TcpCloseReason::CONNRESET, "ECONNRESET", ECONNRESET},
            {TcpCloseReason::CONNREFUSED, "ECONNREFUSED", ECONNREFUSED},
            {TcpCloseReason::PIPE, "EPIPE", EPIPE},
            {TcpCloseReason::CONNABORTED, "ECONNABORTED", ECONNABORTED},
            {TcpCloseReason::WOULDBLOCK, "EWOULDBLOCK", EWOULDBLOCK},
            {TcpCloseReason::ADDRINUSE, "EADDRINUSE", EADDRINUSE},
            {TcpCloseReason::ADDRNOTAVAIL, "EADDRNOTAVAIL", EADDRNOTAVAIL},
            {TcpCloseReason::HOSTUNREACH, "EHOSTUNREACH", EHOSTUNREACH},
            {TcpCloseReason::INVAL, "EINVAL", EINVAL},
        };
        for (const auto& row : rows)
        {
            NS_TEST_ASSERT_MSG_EQ(TcpCloseReasonName(row.reason), row.name, "name");
            NS_TEST_ASSERT_MSG_EQ(TcpCloseReasonToErrno(row.reason), row.number, row.name);
            TcpCloseReason parsed = TcpCloseReason::NONE;
            NS_TEST_ASSERT_MSG_EQ(TcpCloseReasonFromName(row.name, parsed), true, row.name);
            NS_TEST_ASSERT_MSG_EQ(parsed, row.reason, "round trip of " << row.name);
            std::ostringstream os;
            os << row.reason;
            NS_TEST_ASSERT_MSG_EQ(os.str(), row.name, "operator<<");
        }
        TcpCloseReason untouched = TcpCloseReason::PIPE;
        NS_TEST_ASSERT_MSG_EQ(TcpCloseReasonFromName("ETIMEOUT", untouched), false, "unknown");
        NS_TEST_ASSERT_MSG_EQ(untouched, TcpCloseReason::PIPE, "left untouched");
        // Linux numbers, the reference kernel: ETIMEDOUT 110, ECONNRESET 104, EPIPE 32.
        NS_TEST_ASSERT_MSG_EQ(TcpCloseReasonToErrno(TcpCloseReason::TIMEDOUT), 110, "Linux");
        NS_TEST_ASSERT_MSG_EQ(TcpCloseReasonToErrno(TcpCloseReason::CONNRESET), 104, "Linux");
        NS_TEST_ASSERT_MSG_EQ(TcpCloseReasonToErrno(TcpCloseReason::PIPE), 32, "Linux");
    }
};

/// The ns-3 errno mapping both ways.
class SocketErrnoMappingTestCase : public TestCase
{
  public:
    SocketErrnoMappingTestCase()
        : TestCase("close reasons map to and from ns-3's Socket::SocketErrno")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(TcpCloseReasonToSocketErrno(TcpCloseReason::NONE),
                              Socket::ERROR_NOTERROR,
                              "NONE");
        NS_TEST_ASSERT_MSG_EQ(TcpCloseReasonToSocketErrno(TcpCloseReason::PIPE),
                              Socket::ERROR_SHUTDOWN,
                              "EPIPE");
        NS_TEST_ASSERT_MSG_EQ(TcpCloseReasonToSocketErrno(TcpCloseReason::WOULDBLOCK),
                              Socket::ERROR_AGAIN,
                              "EWOULDBLOCK");
        for (auto reason : {TcpCloseReason::ADDRINUSE,
                            TcpCloseReason::ADDRNOTAVAIL,
                            TcpCloseReason::HOSTUNREACH,
                            TcpCloseReason::WOULDBLOCK,
                            TcpCloseReason::INVAL})
        {
            NS_TEST_ASSERT_MSG_EQ(
                TcpCloseReasonFromSocketErrno(TcpCloseReasonToSocketErrno(reason)),
                reason,
                "round trip of " << reason);
        }
        NS_TEST_ASSERT_MSG_EQ(TcpCloseReasonFromSocketErrno(Socket::ERROR_NOTCONN),
                              TcpCloseReason::NONE,
                              "no counterpart");
    }
};

/// The close-reason suite.
class TcpTeardownCloseReasonTestSuite : public TestSuite
{
  public:
    TcpTeardownCloseReasonTestSuite()
        : TestSuite("tcp-teardown-close-reason", UNIT)
    {
        AddTestCase(new CloseReasonNamesTestCase(), TestCase::QUICK);
        AddTestCase(new SocketErrnoMappingTestCase(), TestCase::QUICK);
    }
};

/// Static instance registering the suite.
static TcpTeardownCloseReasonTestSuite g_tcpTeardownCloseReasonTestSuite;

} // namespace
