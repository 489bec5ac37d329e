/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Host crash, reboot and process crash: a crashed host sends and answers nothing; a rebooted
// host answers a dead connection's retransmission with a RST (ECONNRESET at the sender); a
// crashed process has its sockets closed by the kernel (a FIN, an orderly end).

#include "tcp-teardown-test-fixture.h"

#include "ns3/boolean.h"
#include "ns3/uinteger.h"

using namespace ns3;
using namespace ns3::tcpteardowntest;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// The server writes 1000 B every 100 ms; the client host crashes at 3 s and, optionally,
/// comes back at 10 s.
class HostCrashTestCase : public TeardownTestCase
{
  public:
    /// \param reboot whether the client host reboots at 10 s
    explicit HostCrashTestCase(bool reboot)
        : TeardownTestCase(reboot ? "peer reboot: RST to the next retransmission, ECONNRESET"
                                  : "peer crash: silence, ETIMEDOUT"),
          m_reboot(reboot)
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("Retries2", UintegerValue(8)); // 102.2 s budget
        BuildTopology(helper);
        Ptr<TcpTeardownApplication> server = InstallServerApp(5000);
        server->SetAttribute("SendBytes", UintegerValue(1000000));
        server->SetAttribute("SendInterval", TimeValue(MilliSeconds(100)));
        Ptr<TcpTeardownApplication> client = InstallClientApp(5000, Seconds(1));
        std::vector<SentSegment> clientSent;
        At(Seconds(2), [client, &clientSent]() {
            for (const auto& socket : client->GetConnections())
            {
                WatchTx(socket, &clientSent);
            }
        });
        TcpTeardownHelper::ScheduleCrash(m_client,
                                         Seconds(3),
                                         m_reboot ? Seconds(10) : Time::Max());
        RunUntil(Seconds(300));

        NS_TEST_ASSERT_MSG_GT(clientSent.size(), 0u, "the client's socket was watched");
        NS_TEST_ASSERT_MSG_EQ(
            std::count_if(clientSent.begin(),
                          clientSent.end(),
                          [](const SentSegment& s) { return s.time >= Seconds(3); }),
            0,
            "the crashed client's socket never sends again");
        const auto ends = m_recorder.GetEnds(m_server->GetId());
        const auto retx = m_recorder.GetRetransmissions(m_server->GetId());
        NS_TEST_ASSERT_MSG_EQ(ends.size(), 1u, "the server's connection ended");
        if (ends.empty())
        {
            return;
        }
        if (!m_reboot)
        {
            NS_TEST_ASSERT_MSG_EQ(ends.front().reason, TcpCloseReason::TIMEDOUT, "ETIMEDOUT");
            NS_TEST_ASSERT_MSG_GT(ends.front().time, Seconds(3 + 102.2), "after the budget");
            return;
        }
        // The first retransmission after the reboot reaches a host that has no socket for it.
        auto after = std::find_if(retx.begin(), retx.end(), [](const TcpRetransmissionRecord& r) {
            return r.time >= Seconds(10);
        });
        NS_TEST_ASSERT_MSG_EQ((after != retx.end()), true, "a retransmission after the reboot");
        if (after == retx.end())
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(ends.front().reason, TcpCloseReason::CONNRESET, "ECONNRESET");
        NS_TEST_ASSERT_MSG_EQ((after + 1 == retx.end()), true, "it was the last one");
        NS_TEST_ASSERT_MSG_GT(ends.front().time, after->time, "the RST comes back");
        NS_TEST_ASSERT_MSG_LT(ends.front().time - after->time,
                              MilliSeconds(25),
                              "one round trip (20 ms plus serialization) later");
        const auto calls = m_recorder.GetEnds(m_client->GetId());
        NS_TEST_ASSERT_MSG_EQ(calls.size(), 1u, "the client's connection ended at the crash");
        if (!calls.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(calls.front().time, Seconds(3), "at the crash");
            NS_TEST_ASSERT_MSG_EQ(calls.front().reason, TcpCloseReason::CONNABORTED, "dropped");
        }
    }

    bool m_reboot; //!< the client reboots
};

/// The client process crashes at 3 s: the kernel closes its socket with a FIN.
class ProcessCrashTestCase : public TeardownTestCase
{
  public:
    ProcessCrashTestCase()
        : TeardownTestCase("process crash: the kernel closes the sockets (FIN, orderly)")
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        InstallServerApp(5000);
        Ptr<TcpTeardownApplication> client = InstallClientApp(5000, Seconds(1));
        client->SetAttribute("SendBytes", UintegerValue(100000));
        client->SetAttribute("SendInterval", TimeValue(MilliSeconds(100)));
        At(Seconds(3), [client]() { TcpTeardownHelper::CrashProcess(client); });
        RunUntil(Seconds(200));

        NS_TEST_ASSERT_MSG_EQ(client->IsKilled(), true, "killed");
        NS_TEST_ASSERT_MSG_EQ(client->GetConnections().size(), 1u, "one connection");
        if (client->GetConnections().empty())
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(client->GetBytesSent(client->GetConnections().front()),
                              20000u,
                              "writes stop at the crash: 1000 B every 100 ms from 1 s to 3 s");
        NS_TEST_ASSERT_MSG_EQ(StatesToString(m_recorder.GetStateSequence(m_client->GetId())),
                              "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT CLOSED",
                              "the client's kernel closes: active close, TIME_WAIT");
        const auto ends = m_recorder.GetEnds(m_server->GetId());
        NS_TEST_ASSERT_MSG_EQ(ends.size(), 1u, "the server's connection ended");
        if (!ends.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(ends.front().reason, TcpCloseReason::NONE, "orderly");
        }
    }
};

/// The crash test suite.
class CrashTestSuite : public TestSuite
{
  public:
    CrashTestSuite()
        : TestSuite("tcp-teardown-crash", UNIT)
    {
        AddTestCase(new HostCrashTestCase(false), TestCase::QUICK);
        AddTestCase(new HostCrashTestCase(true), TestCase::QUICK);
        AddTestCase(new ProcessCrashTestCase(), TestCase::QUICK);
    }
};

/// Static instance that registers the suite.
static CrashTestSuite g_crashTestSuite;

} // namespace
