/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// send() after the peer closed, the four cells of the table: the exact return of every call,
// as measured on Linux 6.18 by test/validation/linux-send-after-close.sh.

#include "ns3/tcp-send-after-close-scenario.h"
#include "ns3/test.h"

#include <sstream>

using namespace ns3;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// One cell: how the client closes and what the server is doing.
class SendAfterCloseTestCase : public TestCase
{
  public:
    /// \param resets the client closes with a RST \param blocked the server is blocked in send()
    SendAfterCloseTestCase(bool resets, bool blocked)
        : TestCase(std::string("client closes with ") + (resets ? "RST" : "FIN") + ", server " +
                   (blocked ? "blocked in send()" : "idle")),
          m_resets(resets),
          m_blocked(blocked)
    {
    }

  private:
    void DoRun() override
    {
        TcpSendAfterCloseScenario cell;
        cell.SetClientResets(m_resets);
        cell.SetServerBlocked(m_blocked);
        cell.Run();
        const std::vector<std::string>& calls = cell.GetCalls();
        std::vector<std::string> expected;
        std::string segments;
        if (!m_blocked && !m_resets)
        {
            // The first send succeeds; the orphan answers the data with a bare RST, which
            // hits a CLOSE_WAIT socket: EPIPE from then on, and recv() still reads the EOF.
            expected = {"send(100) -> 100",
                        "send(100) -> EPIPE",
                        "send(100) -> EPIPE",
                        "send(100) -> EPIPE",
                        "recv -> 0",
                        "recv -> 0"};
            segments = "FIN, RST";
        }
        else if (!m_blocked)
        {
            expected = {"send(100) -> ECONNRESET",
                        "send(100) -> EPIPE",
                        "send(100) -> EPIPE",
                        "send(100) -> EPIPE",
                        "recv -> 0",
                        "recv -> 0"};
            segments = "RST|ACK";
        }
        else
        {
            // A client that reads nothing has unread data when it closes: close() resets
            // whatever SO_LINGER says. The blocked send() returns the bytes it had copied;
            // the ECONNRESET waits for the next call.
            expected = {"blocked send(1000000) -> *",
                        "send(100) -> ECONNRESET",
                        "send(100) -> EPIPE",
                        "send(100) -> EPIPE",
                        "send(100) -> EPIPE",
                        "recv -> 0",
                        "recv -> 0"};
            segments = "RST|ACK";
        }
        NS_TEST_ASSERT_MSG_EQ(calls.size(), expected.size(), "one entry per call");
        for (std::size_t i = 0; i < std::min(calls.size(), expected.size()); ++i)
        {
            if (expected[i].back() == '*')
            {
                const std::string prefix = expected[i].substr(0, expected[i].size() - 1);
                NS_TEST_ASSERT_MSG_EQ(calls[i].substr(0, prefix.size()), prefix, "call " << i);
                const long copied = std::stol(calls[i].substr(prefix.size()));
                // At least the 128 KiB send buffer; less than the whole megabyte.
                NS_TEST_ASSERT_MSG_GT_OR_EQ(copied, 131072, "the bytes copied");
                NS_TEST_ASSERT_MSG_LT(copied, 1000000, "not all of them");
                continue;
            }
            NS_TEST_ASSERT_MSG_EQ(calls[i], expected[i], "call " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(cell.GetClientSegments(), segments, "the client's segments");
    }

    bool m_resets;  //!< the client closes with a RST
    bool m_blocked; //!< the server is blocked in send()
};

/// The send-after-close test suite.
class SendAfterCloseTestSuite : public TestSuite
{
  public:
    SendAfterCloseTestSuite()
        : TestSuite("tcp-teardown-send-after-close", UNIT)
    {
        for (bool blocked : {false, true})
        {
            for (bool resets : {false, true})
            {
                AddTestCase(new SendAfterCloseTestCase(resets, blocked), TestCase::QUICK);
            }
        }
    }
};

/// Static instance that registers the suite.
static SendAfterCloseTestSuite g_sendAfterCloseTestSuite;

} // namespace
