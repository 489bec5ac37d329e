/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Keepalive (tcp_keepalive_timer): an idle connection to a crashed peer ends with ETIMEDOUT
// and a RST after idle + interval * probes; a live peer answers every probe; no probe while
// data is in flight.

#include "tcp-teardown-test-fixture.h"

#include "ns3/boolean.h"
#include "ns3/uinteger.h"

using namespace ns3;
using namespace ns3::tcpteardowntest;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// Keepalive probes: pure ACKs one below SND.NXT (the end of everything sent before).
std::vector<Time>
ProbeTimes(const std::vector<SentSegment>& sent)
{
    std::vector<Time> times;
    SequenceNumber32 next(0);
    for (const SentSegment& s : sent)
    {
        const bool pureAck = s.header.GetFlags() == TcpHeader::ACK && s.size == 0;
        if (pureAck && s.header.GetSequenceNumber() + SequenceNumber32(1) == next)
        {
            times.push_back(s.time);
        }
        const uint8_t flags = s.header.GetFlags();
        const uint32_t length = s.size + ((flags & (TcpHeader::SYN | TcpHeader::FIN)) ? 1 : 0);
        next = std::max(next, s.header.GetSequenceNumber() + SequenceNumber32(length));
    }
    return times;
}

/// Sockets with the keepalive settings, switched on by attribute or not.
TcpTeardownHelper
WithKeepAlive(bool on, Time idle, Time interval, uint32_t probes)
{
    TcpTeardownHelper helper;
    helper.SetSocketAttribute("KeepAlive", BooleanValue(on));
    helper.SetSocketAttribute("KeepAliveTime", TimeValue(idle));
    helper.SetSocketAttribute("KeepAliveInterval", TimeValue(interval));
    helper.SetSocketAttribute("KeepAliveProbes", UintegerValue(probes));
    return helper;
}

/// The time the client entered ESTABLISHED: the last segment it heard in these cases.
Time
Established(const TcpTeardownRecorder& recorder, uint32_t node)
{
    for (const auto& r : recorder.GetTransitions())
    {
        if (r.connection.node == node && r.to == TcpSocket::ESTABLISHED)
        {
            return r.time;
        }
    }
    return Time::Max();
}

/// The client connects at 1 s and stays idle with keepalive on; the server crashes at 2 s.
class KeepAliveDeadPeerTestCase : public TeardownTestCase
{
  public:
    /// \param idle KeepAliveTime \param interval KeepAliveInterval \param probes KeepAliveProbes
    /// \param perSocket set them with SetKeepAlive() on the socket instead of attributes
    KeepAliveDeadPeerTestCase(Time idle, Time interval, uint32_t probes, bool perSocket)
        : TeardownTestCase("keepalive, dead peer: idle " + std::to_string(idle.GetSeconds()) +
                           " s, interval " + std::to_string(interval.GetSeconds()) + " s, " +
                           std::to_string(probes) + " probes" + (perSocket ? ", per-socket" : "")),
          m_idle(idle),
          m_interval(interval),
          m_probes(probes),
          m_perSocket(perSocket)
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(WithKeepAlive(!m_perSocket, m_idle, m_interval, m_probes));
        Listener server;
        server.Start(m_server, 5000, nullptr);
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
        std::vector<SentSegment> sent;
        WatchTx(client, &sent);
        if (m_perSocket)
        {
            At(Seconds(1.5), [client]() { client->SetKeepAlive(true); });
        }
        At(Seconds(2), [this]() { TcpTeardownHelper::CrashHost(m_server); });
        RunUntil(m_idle + m_interval * m_probes + Seconds(100));

        // setsockopt(SO_KEEPALIVE) at 1.5 s arms the timer for the full idle time from then;
        // the attribute arms it on entering ESTABLISHED. Either way the first probe is due
        // idle after the last segment heard, ESTABLISHED here, once the timer looks.
        const Time heard = Established(m_recorder, m_client->GetId());
        const Time firstCheck = m_perSocket ? Seconds(1.5) + m_idle : heard + m_idle;
        const std::vector<Time> probes = ProbeTimes(sent);
        NS_TEST_ASSERT_MSG_EQ(probes.size(), m_probes, "every probe is sent");
        for (std::size_t i = 0; i < probes.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(probes[i],
                                  firstCheck + m_interval * static_cast<int64_t>(i),
                                  "probe " << i + 1 << " one interval after the previous");
        }
        const auto ends = m_recorder.GetEnds(m_client->GetId());
        NS_TEST_ASSERT_MSG_EQ(ends.size(), 1u, "the connection ended");
        if (ends.empty())
        {
            return;
        }
        const Time expectedEnd = firstCheck + m_interval * static_cast<int64_t>(m_probes);
        NS_TEST_ASSERT_MSG_EQ(ends.front().reason, TcpCloseReason::TIMEDOUT, "ETIMEDOUT");
        NS_TEST_ASSERT_MSG_EQ(ends.front().time, expectedEnd, "idle + interval * probes");
        NS_TEST_ASSERT_MSG_EQ(CountSent(sent, TcpHeader::RST | TcpHeader::ACK, expectedEnd),
                              1u,
                              "and a RST, as Linux sends");
        NS_TEST_ASSERT_MSG_EQ((client->Recv() == nullptr), true, "recv() fails");
        NS_TEST_ASSERT_MSG_EQ(client->GetLastError(), TcpCloseReason::TIMEDOUT, "ETIMEDOUT");
        NS_TEST_ASSERT_MSG_EQ(client->Send(Create<Packet>(1)), -1, "send() fails");
        NS_TEST_ASSERT_MSG_EQ(client->GetLastError(), TcpCloseReason::PIPE, "EPIPE after that");
    }

    Time m_idle;       //!< KeepAliveTime
    Time m_interval;   //!< KeepAliveInterval
    uint32_t m_probes; //!< KeepAliveProbes
    bool m_perSocket;  //!< switched on per socket
};

/// A live peer answers every probe: the connection stays up; the idle clock restarts at each
/// answer, so probes come every idle + RTT.
class KeepAliveLivePeerTestCase : public TeardownTestCase
{
  public:
    KeepAliveLivePeerTestCase()
        : TeardownTestCase("keepalive, live peer: probes answered, no error")
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(WithKeepAlive(true, Seconds(10), Seconds(2), 3));
        Listener server;
        server.Start(m_server, 5000, nullptr);
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
        std::vector<SentSegment> clientSent;
        WatchTx(client, &clientSent);
        RunUntil(Seconds(100));

        NS_TEST_ASSERT_MSG_EQ(m_recorder.GetEnds(m_client->GetId()).size(), 0u, "no end");
        NS_TEST_ASSERT_MSG_EQ(client->GetState(), TcpSocket::ESTABLISHED, "still up");
        NS_TEST_ASSERT_MSG_EQ((server.accepted != nullptr), true, "accepted");
        if (!server.accepted)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(server.accepted->GetState(), TcpSocket::ESTABLISHED, "both ends");
        const std::vector<Time> probes = ProbeTimes(clientSent);
        // Established at E; probe k at E + 10 s + (k - 1) * (10 s + RTT).
        NS_TEST_ASSERT_MSG_EQ(probes.size(), 9u, "one probe per 10 s + RTT in 99 s");
        for (const Time& probe : probes)
        {
            // The server's answer: a pure ACK half a round trip after the probe.
            const bool answered =
                std::any_of(server.sent.begin(), server.sent.end(), [&probe](const SentSegment& a) {
                    return a.header.GetFlags() == TcpHeader::ACK && a.size == 0 && a.time > probe &&
                           a.time < probe + MilliSeconds(15);
                });
            NS_TEST_ASSERT_MSG_EQ(answered,
                                  true,
                                  "the probe at " << probe.As(Time::S) << " is answered");
        }
        const Time established = Established(m_recorder, m_client->GetId());
        if (probes.size() >= 2)
        {
            NS_TEST_ASSERT_MSG_EQ(probes[0], established + Seconds(10), "first after 10 s idle");
            const Time rtt = probes[1] - probes[0] - Seconds(10);
            NS_TEST_ASSERT_MSG_GT(rtt, MilliSeconds(20), "a round trip: 4 x 5 ms + serialization");
            NS_TEST_ASSERT_MSG_LT(rtt, MilliSeconds(25), "no more");
        }
    }
};

/// No probe while data is unacknowledged: the retransmission timer is in charge.
class KeepAliveBusyTestCase : public TeardownTestCase
{
  public:
    KeepAliveBusyTestCase()
        : TeardownTestCase("keepalive: no probe while data is in flight")
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper = WithKeepAlive(true, Seconds(5), Seconds(1), 2);
        helper.SetSocketAttribute("Retries2", UintegerValue(6)); // 25.4 s budget
        BuildTopology(helper);
        Listener server;
        server.Start(m_server, 5000, nullptr);
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
        std::vector<SentSegment> sent;
        WatchTx(client, &sent);
        At(Seconds(2), [this]() { TcpTeardownHelper::CrashHost(m_server); });
        At(Seconds(3), [client]() { client->Send(Create<Packet>(1000)); });
        RunUntil(Seconds(200));

        NS_TEST_ASSERT_MSG_EQ(ProbeTimes(sent).size(), 0u, "no keepalive probe");
        const auto ends = m_recorder.GetEnds(m_client->GetId());
        NS_TEST_ASSERT_MSG_EQ(ends.size(), 1u, "ended");
        if (!ends.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(ends.front().reason, TcpCloseReason::TIMEDOUT, "ETIMEDOUT");
            NS_TEST_ASSERT_MSG_GT(ends.front().time, Seconds(3 + 25.4), "by the data budget");
            NS_TEST_ASSERT_MSG_EQ(CountSent(sent, TcpHeader::RST | TcpHeader::ACK, Seconds(0)),
                                  0u,
                                  "and silently, as a retransmission give-up");
        }
    }
};

/// The keepalive test suite.
class KeepAliveTestSuite : public TestSuite
{
  public:
    KeepAliveTestSuite()
        : TestSuite("tcp-teardown-keepalive", UNIT)
    {
        AddTestCase(new KeepAliveDeadPeerTestCase(Seconds(10), Seconds(2), 3, false),
                    TestCase::QUICK);
        AddTestCase(new KeepAliveDeadPeerTestCase(Seconds(10), Seconds(2), 3, true),
                    TestCase::QUICK);
        AddTestCase(new KeepAliveDeadPeerTestCase(Seconds(7200), Seconds(75), 9, false),
                    TestCase::QUICK);
        AddTestCase(new KeepAliveLivePeerTestCase(), TestCase::QUICK);
        AddTestCase(new KeepAliveBusyTestCase(), TestCase::QUICK);
    }
};

/// Static instance that registers the suite.
static KeepAliveTestSuite g_keepAliveTestSuite;

} // namespace
