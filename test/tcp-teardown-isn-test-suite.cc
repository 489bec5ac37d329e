/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Initial sequence numbers (IsnPolicy): stock 0, RFC 6528's 4 microsecond clock plus a keyed
// hash, Linux's 64 ns clock plus the hash, random; and what a policy changes for a SYN that
// meets the server's TIME_WAIT without timestamps.

#include "tcp-teardown-test-fixture.h"

#include "ns3/boolean.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/string.h"
#include "ns3/tcp-isn-generator.h"
#include "ns3/uinteger.h"

#include <set>

using namespace ns3;
using namespace ns3::tcpteardowntest;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// The clocks and the hash: differences over time are the clock's ticks exactly.
class IsnClockTestCase : public TestCase
{
  public:
    IsnClockTestCase()
        : TestCase("ISN clocks: 4 us ticks (RFC 6528), 64 ns ticks (Linux); per-tuple hash")
    {
    }

  private:
    void DoRun() override
    {
        using G = TcpIsnGenerator;
        NS_TEST_ASSERT_MSG_EQ(G::Clock(G::RFC6528, Seconds(1)), 250000, "1 s / 4 us");
        NS_TEST_ASSERT_MSG_EQ(G::Clock(G::LINUX, Seconds(1)), 15625000, "1 s / 64 ns");
        NS_TEST_ASSERT_MSG_EQ(G::Clock(G::RFC6528, MicroSeconds(7)), 1, "whole ticks");
        // 2^32 ticks of 4 us are 4.77 hours: the clock wraps.
        NS_TEST_ASSERT_MSG_EQ(G::Clock(G::RFC6528, MicroSeconds(4 * (uint64_t(1) << 32) + 8)),
                              2,
                              "modulo 2^32");

        Ptr<G> generator = CreateObject<G>();
        generator->SetAttribute("Secret", UintegerValue(0x0123456789abcdefULL));
        const Ipv4Address a("10.1.1.1");
        const Ipv4Address b("10.1.2.2");
        std::vector<uint32_t> at1;
        std::vector<uint32_t> at3;
        auto draw = [&](std::vector<uint32_t>* into) {
            into->push_back(generator->Choose(G::RFC6528, a, 40000, b, 5000).GetValue());
            into->push_back(generator->Choose(G::RFC6528, a, 40001, b, 5000).GetValue());
            into->push_back(generator->Choose(G::LINUX, a, 40000, b, 5000).GetValue());
            into->push_back(generator->Choose(G::ZERO, a, 40000, b, 5000).GetValue());
        };
        At(Seconds(1), [&]() { draw(&at1); });
        At(Seconds(3), [&]() { draw(&at3); });
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(at3[0] - at1[0], 500000u, "RFC 6528: 2 s are 500000 ticks");
        NS_TEST_ASSERT_MSG_EQ(at3[1] - at1[1], 500000u, "for every 4-tuple");
        NS_TEST_ASSERT_MSG_NE(at1[0], at1[1], "another port, another hash");
        NS_TEST_ASSERT_MSG_EQ(at3[2] - at1[2], 31250000u, "Linux: 2 s are 31250000 ticks");
        NS_TEST_ASSERT_MSG_EQ(at1[2] - at1[0],
                              15625000u - 250000u,
                              "the same hash under both clocks");
        NS_TEST_ASSERT_MSG_EQ(at1[3], 0u, "Zero");
        NS_TEST_ASSERT_MSG_EQ(at3[3], 0u, "Zero");
        NS_TEST_ASSERT_MSG_NE(G::TupleHash(1, a, 40000, b, 5000),
                              G::TupleHash(2, a, 40000, b, 5000),
                              "another secret, another hash");
    }
};

/// Connections under each policy: the SYN and SYN-ACK carry the chosen ISN.
class IsnConnectionTestCase : public TeardownTestCase
{
  public:
    /// \param policy the IsnPolicy value
    explicit IsnConnectionTestCase(const std::string& policy)
        : TeardownTestCase("ISN policy " + policy + ": the SYN and the SYN-ACK"),
          m_policy(policy)
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("IsnPolicy", StringValue(m_policy));
        BuildTopology(helper);
        TcpIsnGenerator::Get(m_client)->SetAttribute("Secret", UintegerValue(11));
        TcpIsnGenerator::Get(m_server)->SetAttribute("Secret", UintegerValue(22));
        std::vector<SentSegment> serverSent;
        Listener listener;
        listener.Start(m_server, 5000, nullptr);
        WatchTx(listener.socket, &serverSent);
        std::vector<std::vector<SentSegment>> clientSent(3);
        std::vector<Ptr<TcpTeardownSocket>> clients;
        for (uint32_t i = 0; i < 3; ++i)
        {
            clients.push_back(ConnectClientSocket(5000, Seconds(1 + i)));
            WatchTx(clients.back(), &clientSent[i]);
        }
        RunUntil(Seconds(5));

        std::set<uint32_t> isns;
        for (uint32_t i = 0; i < 3; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(clients[i]->GetState(), TcpSocket::ESTABLISHED, "connected");
            const TcpHeader& syn = clientSent[i].at(0).header;
            NS_TEST_ASSERT_MSG_EQ(syn.GetFlags(), TcpHeader::SYN, "the first segment");
            isns.insert(syn.GetSequenceNumber().GetValue());
            if (m_policy == "Zero")
            {
                NS_TEST_ASSERT_MSG_EQ(syn.GetSequenceNumber(), SequenceNumber32(0), "stock");
                continue;
            }
            if (m_policy == "Rfc6528")
            {
                const InetSocketAddress local =
                    InetSocketAddress::ConvertFrom(clients[i]->GetLocalAddress());
                const uint32_t expected =
                    250000 * (1 + i) + TcpIsnGenerator::TupleHash(11,
                                                                  m_clientAddress,
                                                                  local.GetPort(),
                                                                  m_serverAddress,
                                                                  5000);
                NS_TEST_ASSERT_MSG_EQ(syn.GetSequenceNumber(),
                                      SequenceNumber32(expected),
                                      "M (ticks of 4 us at " << 1 + i << " s) + F");
            }
        }
        std::vector<SequenceNumber32> synAcks;
        for (const auto& s : serverSent)
        {
            if (s.header.GetFlags() == (TcpHeader::SYN | TcpHeader::ACK))
            {
                synAcks.push_back(s.header.GetSequenceNumber());
            }
        }
        NS_TEST_ASSERT_MSG_EQ(synAcks.size(), 3, "three SYN-ACKs");
        if (m_policy == "Zero")
        {
            NS_TEST_ASSERT_MSG_EQ(isns.size(), 1, "all 0");
            NS_TEST_ASSERT_MSG_EQ(synAcks[2], SequenceNumber32(0), "the server too");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(isns.size(), 3, "three different ISNs");
        NS_TEST_ASSERT_MSG_NE(synAcks[0], synAcks[1], "the server's differ too");
        NS_TEST_ASSERT_MSG_NE(synAcks[0], SequenceNumber32(0), "not stock");
    }

    std::string m_policy; //!< the IsnPolicy value
};

/// The same run twice gives the same ISNs (the secret and RANDOM come from the RNG streams).
class IsnDeterminismTestCase : public TeardownTestCase
{
  public:
    IsnDeterminismTestCase()
        : TeardownTestCase("ISN policies Rfc6528 and Random repeat under the same RngRun")
    {
    }

  private:
    std::vector<uint32_t> RunOnce(const std::string& policy)
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("IsnPolicy", StringValue(policy));
        BuildTopology(helper);
        TcpTeardownHelper::AssignStreams(NodeContainer(m_client, m_server), 100);
        Listener listener;
        listener.Start(m_server, 5000, nullptr);
        std::vector<SentSegment> sent;
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
        WatchTx(client, &sent);
        RunUntil(Seconds(2));
        std::vector<uint32_t> isns;
        isns.push_back(sent.at(0).header.GetSequenceNumber().GetValue());
        DoTeardown();
        return isns;
    }

    void DoRun() override
    {
        for (const std::string policy : {"Rfc6528", "Random"})
        {
            RngSeedManager::SetRun(7);
            const auto first = RunOnce(policy);
            RngSeedManager::SetRun(7);
            const auto second = RunOnce(policy);
            RngSeedManager::SetRun(8);
            const auto other = RunOnce(policy);
            NS_TEST_ASSERT_MSG_EQ((first == second), true, policy << ": same run, same ISN");
            NS_TEST_ASSERT_MSG_EQ((first != other), true, policy << ": another run, another");
        }
        RngSeedManager::SetRun(1);
    }
};

/// Without timestamps, a SYN at the server's TIME_WAIT is accepted at once only if its ISN
/// is above the old RCV.NXT: Rfc6528 makes it so, Zero does not (ACK, RST, SYN again).
class IsnTimeWaitTestCase : public TeardownTestCase
{
  public:
    IsnTimeWaitTestCase()
        : TeardownTestCase("Rfc6528, no timestamps: a SYN at the server's TIME_WAIT is taken")
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("IsnPolicy", StringValue("Rfc6528"));
        helper.SetSocketAttribute("Timestamp", BooleanValue(false));
        BuildTopology(helper);
        std::vector<Ptr<TcpTeardownSocket>> accepted;
        std::vector<SentSegment> serverSent;
        Listener listener;
        listener.Start(m_server, 5000, [&accepted](Ptr<TcpTeardownSocket> s) {
            accepted.push_back(s);
            if (accepted.size() == 1)
            {
                s->Send(Create<Packet>(100));
                s->Close(); // the server closes first: TIME_WAIT on its side
            }
        });
        WatchTx(listener.socket, &serverSent);
        Ptr<TcpTeardownSocket> old = TcpTeardownHelper::CreateSocket(m_client);
        old->Bind(InetSocketAddress(m_clientAddress, 40000));
        old->SetRecvCallback(FunctionCallback<Ptr<Socket>>([](Ptr<Socket> s) {
            while (Ptr<Packet> p = s->Recv())
            {
                if (p->GetSize() == 0)
                {
                    break;
                }
            }
        }));
        old->SetCloseCallbacks(FunctionCallback<Ptr<Socket>>([](Ptr<Socket> s) { s->Close(); }),
                               MakeNullCallback<void, Ptr<Socket>>());
        At(Seconds(1), [&]() { old->Connect(InetSocketAddress(m_serverAddress, 5000)); });
        Ptr<TcpTeardownSocket> fresh = TcpTeardownHelper::CreateSocket(m_client);
        std::vector<SentSegment> freshSent;
        WatchTx(fresh, &freshSent);
        TcpSocket::TcpStates_t serverBefore = TcpSocket::CLOSED;
        At(Seconds(2), [&]() {
            serverBefore = accepted.at(0)->GetState();
            fresh->Bind(InetSocketAddress(m_clientAddress, 40000));
            fresh->Connect(InetSocketAddress(m_serverAddress, 5000));
        });
        RunUntil(Seconds(4));

        NS_TEST_ASSERT_MSG_EQ(serverBefore, TcpSocket::TIME_WAIT, "the server's TIME_WAIT");
        NS_TEST_ASSERT_MSG_EQ(fresh->GetState(), TcpSocket::ESTABLISHED, "connected");
        NS_TEST_ASSERT_MSG_EQ(CountSent(freshSent, TcpHeader::SYN, Seconds(0)), 1, "one SYN");
        NS_TEST_ASSERT_MSG_EQ(CountSent(freshSent, TcpHeader::RST, Seconds(0)), 0, "no RST");
        // The server's old sequence space: its SYN-ACK at about 1.01 s, 100 B, its FIN.
        SequenceNumber32 oldIsn;
        SequenceNumber32 newIsn;
        for (const auto& s : serverSent)
        {
            if (s.header.GetFlags() == (TcpHeader::SYN | TcpHeader::ACK))
            {
                (s.time < Seconds(2) ? oldIsn : newIsn) = s.header.GetSequenceNumber();
            }
        }
        NS_TEST_ASSERT_MSG_EQ(newIsn, oldIsn + 1 + 100 + 1 + 65537, "old SND.NXT + 65537");
    }
};

/// A sender whose ISN is 2^31 or more away from 0 still obeys the receiver's window: the
/// base class's ACK and window marks start at the ISN, not at 0. (A build with asserts, ns-3
/// debug, also checks the marks themselves in SendDataPacket.)
class IsnFarWindowTestCase : public TeardownTestCase
{
  public:
    IsnFarWindowTestCase()
        : TeardownTestCase("an ISN in the upper half of the space: the window is respected")
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("IsnPolicy", StringValue("Rfc6528"));
        BuildTopology(helper);
        // A secret that puts the client's ISN at 1 s (port 40000) in [2^31, 2^32).
        uint64_t secret = 1;
        while (
            250000 +
                TcpIsnGenerator::TupleHash(secret, m_clientAddress, 40000, m_serverAddress, 5000) <
            (1U << 31))
        {
            ++secret;
        }
        TcpIsnGenerator::Get(m_client)->SetAttribute("Secret", UintegerValue(secret));
        const uint32_t buffer = 4000;
        Listener listener;
        listener.Start(m_server, 5000, nullptr); // the server never reads
        listener.socket->SetAttribute("RcvBufSize", UintegerValue(buffer));
        Ptr<TcpTeardownSocket> client = TcpTeardownHelper::CreateSocket(m_client);
        client->Bind(InetSocketAddress(m_clientAddress, 40000));
        std::vector<SentSegment> sent;
        WatchTx(client, &sent);
        At(Seconds(1), [&]() { client->Connect(InetSocketAddress(m_serverAddress, 5000)); });
        At(Seconds(1.1), [&]() { client->Send(Create<Packet>(20000)); });
        RunUntil(Seconds(5));

        NS_TEST_ASSERT_MSG_EQ((sent.at(0).header.GetSequenceNumber().GetValue() >= (1U << 31)),
                              true,
                              "the ISN is in the upper half");
        SequenceNumber32 highest = sent.at(0).header.GetSequenceNumber();
        for (const auto& s : sent)
        {
            highest = std::max(highest, s.header.GetSequenceNumber() + s.size);
        }
        const uint32_t reached = highest - sent.at(0).header.GetSequenceNumber() - 1;
        NS_TEST_ASSERT_MSG_EQ((reached + 536 > buffer && reached <= buffer + 1),
                              true,
                              "sent up to the window (whole segments, maybe a 1-byte probe), not "
                                  << reached);
    }
};

/// The ISN suite.
class IsnTestSuite : public TestSuite
{
  public:
    IsnTestSuite()
        : TestSuite("tcp-teardown-isn", UNIT)
    {
        AddTestCase(new IsnClockTestCase(), TestCase::QUICK);
        AddTestCase(new IsnConnectionTestCase("Zero"), TestCase::QUICK);
        AddTestCase(new IsnConnectionTestCase("Rfc6528"), TestCase::QUICK);
        AddTestCase(new IsnConnectionTestCase("Linux"), TestCase::QUICK);
        AddTestCase(new IsnConnectionTestCase("Random"), TestCase::QUICK);
        AddTestCase(new IsnDeterminismTestCase(), TestCase::QUICK);
        AddTestCase(new IsnTimeWaitTestCase(), TestCase::QUICK);
        AddTestCase(new IsnFarWindowTestCase(), TestCase::QUICK);
    }
};

/// Static instance that registers the suite.
static IsnTestSuite g_isnTestSuite;

} // namespace
