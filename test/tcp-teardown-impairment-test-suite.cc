/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TcpSegmentImpairment: drop, delay and duplicate chosen segments on point-to-point and CSMA
// devices; matching by flow, kind, sequence range, time window and occurrence; the records.

#include "tcp-teardown-test-fixture.h"

#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/string.h"
#include "ns3/tcp-segment-impairment.h"

using namespace ns3;
using namespace ns3::tcpteardowntest;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// ns-3's default SegmentSize.
constexpr uint32_t MSS = 536;

/// Reads everything that arrives into a byte count.
void
CountBytes(Ptr<TcpTeardownSocket> socket, uint64_t* bytes)
{
    socket->SetRecvCallback(FunctionCallback<Ptr<Socket>>([bytes](Ptr<Socket> s) {
        while (Ptr<Packet> p = s->Recv())
        {
            if (p->GetSize() == 0)
            {
                break;
            }
            *bytes += p->GetSize();
        }
    }));
}

/// The segments a socket (and the sockets it accepts) received.
void
WatchRx(Ptr<TcpTeardownSocket> socket, std::vector<SentSegment>* into)
{
    socket->TraceConnectWithoutContext(
        "Rx",
        MakeBoundCallback(
            +[](std::vector<SentSegment>* records,
                Ptr<const Packet> packet,
                const TcpHeader& header,
                Ptr<const TcpSocketBase>) {
                records->push_back({Simulator::Now(), header, packet->GetSize()});
            },
            into));
}

/// One action on the client-to-server direction of the fixture's point-to-point path.
class ImpairmentActionTestCase : public TeardownTestCase
{
  public:
    /// \param action what the rule does
    explicit ImpairmentActionTestCase(TcpSegmentImpairment::Action action)
        : TeardownTestCase("point-to-point: " + TcpSegmentImpairment::ActionName(action) +
                           " the second data segment"),
          m_action(action)
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        Ptr<TcpSegmentImpairment> impairment = CreateObject<TcpSegmentImpairment>();
        TcpSegmentImpairment::Rule rule;
        rule.source = m_clientAddress;
        rule.destinationPort = 5000;
        rule.segments = TcpSegmentImpairment::DATA;
        rule.first = 2;
        rule.action = m_action;
        rule.delay = m_action == TcpSegmentImpairment::DROP ? Time(0) : MilliSeconds(100); // < RTO
        const uint32_t index = impairment->AddRule(rule);
        impairment->Install(m_serverLink.Get(1));
        std::vector<TcpSegmentImpairment::Record> traced;
        impairment->TraceConnectWithoutContext(
            "Action",
            FunctionCallback<const TcpSegmentImpairment::Record&>(
                [&traced](const TcpSegmentImpairment::Record& r) { traced.push_back(r); }));

        uint64_t received = 0;
        std::vector<SentSegment> serverRx;
        Listener listener;
        listener.Start(m_server, 5000, [&received](Ptr<TcpTeardownSocket> s) {
            CountBytes(s, &received);
        });
        WatchRx(listener.socket, &serverRx);
        std::vector<SentSegment> serverTx;
        WatchTx(listener.socket, &serverTx);
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
        At(Seconds(1.1), [client]() { client->Send(Create<Packet>(3 * MSS)); });
        RunUntil(Seconds(5));

        NS_TEST_ASSERT_MSG_EQ(index, 0, "the first rule");
        NS_TEST_ASSERT_MSG_EQ(impairment->GetRecords().size(), 1, "one action");
        NS_TEST_ASSERT_MSG_EQ(impairment->GetActionCount(0), 1, "by rule 0");
        NS_TEST_ASSERT_MSG_EQ(traced.size(), 1, "traced once");
        const auto& r = impairment->GetRecords().at(0);
        NS_TEST_ASSERT_MSG_EQ(r.action, m_action, "the action");
        NS_TEST_ASSERT_MSG_EQ(r.sequence, SequenceNumber32(1 + MSS), "the second segment");
        NS_TEST_ASSERT_MSG_EQ(r.payload, MSS, "its payload");
        NS_TEST_ASSERT_MSG_EQ(r.source, m_clientAddress, "from the client");
        NS_TEST_ASSERT_MSG_EQ(r.destinationPort, 5000, "to the server port");
        NS_TEST_ASSERT_MSG_EQ(received, 3 * MSS, "TCP delivers every byte exactly once");
        uint32_t arrivals = 0; // how often the segment reached the server's socket
        Time firstArrival = Time::Max();
        Time lastArrival = Time(0);
        for (const auto& s : serverRx)
        {
            if (s.header.GetSequenceNumber() == SequenceNumber32(1 + MSS) && s.size == MSS)
            {
                ++arrivals;
                firstArrival = std::min(firstArrival, s.time);
                lastArrival = std::max(lastArrival, s.time);
            }
        }
        switch (m_action)
        {
        case TcpSegmentImpairment::DROP:
            // Only the retransmission arrives, after the dropped original.
            NS_TEST_ASSERT_MSG_EQ(arrivals, 1, "the retransmission only");
            NS_TEST_ASSERT_MSG_GT(firstArrival, r.time, "later than the lost one");
            NS_TEST_ASSERT_MSG_EQ(r.deliveredAt, Time(0), "nothing delivered");
            break;
        case TcpSegmentImpairment::DELAY:
            NS_TEST_ASSERT_MSG_EQ(r.deliveredAt, r.time + MilliSeconds(100), "D later");
            NS_TEST_ASSERT_MSG_EQ(firstArrival, r.deliveredAt, "it arrives D late");
            break;
        case TcpSegmentImpairment::DUPLICATE: {
            NS_TEST_ASSERT_MSG_EQ(firstArrival, r.time, "the original on time");
            // The copy is an old duplicate by then: TCP answers it with an ACK of everything
            // (RFC 9293 3.10.7.4) and does not pass it on.
            NS_TEST_ASSERT_MSG_EQ(arrivals, 1, "the copy is not data any more");
            const SentSegment* answer = nullptr;
            for (const auto& t : serverTx)
            {
                if (t.time == r.deliveredAt && t.header.GetFlags() == TcpHeader::ACK)
                {
                    answer = &t;
                }
            }
            NS_TEST_ASSERT_MSG_NE(answer, nullptr, "an ACK the instant the copy arrives");
            NS_TEST_ASSERT_MSG_EQ(answer->header.GetAckNumber(),
                                  SequenceNumber32(1 + 3 * MSS),
                                  "of every byte");
            break;
        }
        }
    }

    TcpSegmentImpairment::Action m_action; //!< what the rule does
};

/// A delayed FIN: the peer enters CLOSE_WAIT exactly D after the FIN reached its device.
class ImpairmentDelayedFinTestCase : public TeardownTestCase
{
  public:
    ImpairmentDelayedFinTestCase()
        : TeardownTestCase("point-to-point: a FIN delayed by 150 ms arrives 150 ms late")
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        Ptr<TcpSegmentImpairment> impairment = CreateObject<TcpSegmentImpairment>();
        TcpSegmentImpairment::Rule rule;
        rule.segments = TcpSegmentImpairment::FIN;
        rule.first = 1; // not a retransmission
        rule.action = TcpSegmentImpairment::DELAY;
        rule.delay = MilliSeconds(150); // less than the RTO
        impairment->AddRule(rule);
        impairment->Install(m_serverLink.Get(1));
        Time closeWait = Time::Max();
        Listener listener;
        listener.Start(m_server, 5000, [&closeWait](Ptr<TcpTeardownSocket> s) {
            s->TraceConnectWithoutContext(
                "StateTransition",
                FunctionCallback<Ptr<const TcpTeardownSocket>,
                                 TcpSocket::TcpStates_t,
                                 TcpSocket::TcpStates_t>([&closeWait](Ptr<const TcpTeardownSocket>,
                                                                      TcpSocket::TcpStates_t,
                                                                      TcpSocket::TcpStates_t to) {
                    if (to == TcpSocket::CLOSE_WAIT)
                    {
                        closeWait = Simulator::Now();
                    }
                }));
        });
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
        At(Seconds(2), [client]() { client->Close(); });
        RunUntil(Seconds(4));

        NS_TEST_ASSERT_MSG_EQ(impairment->GetRecords().size(), 1, "the FIN, once");
        const auto& r = impairment->GetRecords().at(0);
        NS_TEST_ASSERT_MSG_EQ((r.flags & TcpHeader::FIN), TcpHeader::FIN, "a FIN");
        // The FIN leaves at 2 s and crosses two 5 ms links (and two transmissions of its frame).
        NS_TEST_ASSERT_MSG_EQ((r.time > Seconds(2.01) && r.time < Seconds(2.0101)),
                              true,
                              "it reached the server's device at " << r.time.As(Time::S));
        NS_TEST_ASSERT_MSG_EQ(r.deliveredAt, r.time + MilliSeconds(150), "delivered D later");
        NS_TEST_ASSERT_MSG_EQ(closeWait, r.deliveredAt, "CLOSE_WAIT when it is delivered");
    }
};

/// Matching: flow, kind, sequence range, time window; the first rule that acts wins.
class ImpairmentMatchTestCase : public TeardownTestCase
{
  public:
    ImpairmentMatchTestCase()
        : TeardownTestCase("matching: flow, kind, sequence range, time window, first rule")
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        Ptr<TcpSegmentImpairment> impairment = CreateObject<TcpSegmentImpairment>();
        TcpSegmentImpairment::Rule otherPort;
        otherPort.destinationPort = 6000; // no such flow
        const uint32_t r0 = impairment->AddRule(otherPort);
        TcpSegmentImpairment::Rule lateWindow;
        lateWindow.from = Seconds(100); // never reached
        const uint32_t r1 = impairment->AddRule(lateWindow);
        TcpSegmentImpairment::Rule reverse;
        reverse.source = m_serverAddress; // the other direction
        const uint32_t r2 = impairment->AddRule(reverse);
        TcpSegmentImpairment::Rule third;
        third.segments = TcpSegmentImpairment::DATA;
        third.sequenceRange = true;
        third.sequenceFirst = SequenceNumber32(1 + 2 * MSS);
        third.sequenceLast = SequenceNumber32(1 + 2 * MSS);
        third.first = 1;
        third.count = 2; // the segment and its first retransmission
        const uint32_t r3 = impairment->AddRule(third);
        TcpSegmentImpairment::Rule allAcks; // the handshake's last ACK, about 1.02 s
        allAcks.segments = TcpSegmentImpairment::PURE_ACK;
        allAcks.from = Seconds(1);
        allAcks.until = Seconds(1.05);
        const uint32_t r4 = impairment->AddRule(allAcks);
        impairment->Install(m_serverLink.Get(1));

        uint64_t received = 0;
        Listener listener;
        listener.Start(m_server, 5000, [&received](Ptr<TcpTeardownSocket> s) {
            CountBytes(s, &received);
        });
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
        At(Seconds(1.1), [client]() { client->Send(Create<Packet>(4 * MSS)); });
        RunUntil(Seconds(5));

        NS_TEST_ASSERT_MSG_EQ(impairment->GetActionCount(r0), 0, "another port");
        NS_TEST_ASSERT_MSG_EQ(impairment->GetActionCount(r1), 0, "outside the window");
        NS_TEST_ASSERT_MSG_EQ(impairment->GetActionCount(r2), 0, "the other direction");
        NS_TEST_ASSERT_MSG_EQ(impairment->GetActionCount(r3),
                              2,
                              "the third segment and its first retransmission");
        NS_TEST_ASSERT_MSG_EQ(impairment->GetActionCount(r4), 1, "one pure ACK in the window");
        for (const auto& r : impairment->GetRecords())
        {
            if (r.rule == r3)
            {
                NS_TEST_ASSERT_MSG_EQ(r.sequence, SequenceNumber32(1 + 2 * MSS), "in range");
            }
            if (r.rule == r4)
            {
                NS_TEST_ASSERT_MSG_EQ((r.time >= Seconds(1) && r.time < Seconds(1.05)),
                                      true,
                                      "inside the window");
                NS_TEST_ASSERT_MSG_EQ(r.flags, TcpHeader::ACK, "a pure ACK");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(received, 4 * MSS, "the second retransmission fills the hole");
    }
};

/// CSMA: the first SYN is dropped; the connection comes up after the SYN's RTO (1 s).
class ImpairmentCsmaTestCase : public TestCase
{
  public:
    ImpairmentCsmaTestCase()
        : TestCase("CSMA: dropping the first SYN delays the handshake by InitialRto")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(2);
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        csma.SetChannelAttribute("Delay", TimeValue(MilliSeconds(2)));
        NetDeviceContainer devices = csma.Install(nodes);
        InternetStackHelper().Install(nodes);
        Ipv4AddressHelper addresses("10.2.0.0", "255.255.255.0");
        Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
        TcpTeardownHelper().Install(nodes);

        Ptr<TcpSegmentImpairment> impairment = CreateObject<TcpSegmentImpairment>();
        TcpSegmentImpairment::Rule rule;
        rule.segments = TcpSegmentImpairment::SYN;
        rule.first = 1;
        impairment->AddRule(rule);
        impairment->Install(devices.Get(1));

        Listener listener;
        listener.Start(nodes.Get(1), 5000, nullptr);
        Ptr<TcpTeardownSocket> client = TcpTeardownHelper::CreateSocket(nodes.Get(0));
        Time connected = Time::Max();
        client->SetConnectCallback(FunctionCallback<Ptr<Socket>>(
                                       [&connected](Ptr<Socket>) { connected = Simulator::Now(); }),
                                   MakeNullCallback<void, Ptr<Socket>>());
        const InetSocketAddress server(interfaces.GetAddress(1), 5000);
        At(Seconds(1), [client, server]() { client->Connect(server); });
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(impairment->GetRecords().size(), 1, "one SYN dropped");
        const auto& r = impairment->GetRecords().at(0);
        NS_TEST_ASSERT_MSG_EQ(r.flags, TcpHeader::SYN, "the client's SYN");
        NS_TEST_ASSERT_MSG_EQ(r.destination, interfaces.GetAddress(1), "to the server");
        NS_TEST_ASSERT_MSG_EQ((r.time > Seconds(1) && r.time < Seconds(1.1)),
                              true,
                              "the first SYN, at " << r.time.As(Time::S));
        // The SYN again at 2 s (after ARP, the first took about 15 ms), then the SYN-ACK.
        NS_TEST_ASSERT_MSG_EQ((connected > Seconds(2) && connected < Seconds(2.1)),
                              true,
                              "connected after the retransmission, at " << connected.As(Time::S));
        Simulator::Destroy();
    }
};

/// The impairment suite.
class ImpairmentTestSuite : public TestSuite
{
  public:
    ImpairmentTestSuite()
        : TestSuite("tcp-teardown-impairment", UNIT)
    {
        AddTestCase(new ImpairmentActionTestCase(TcpSegmentImpairment::DROP), TestCase::QUICK);
        AddTestCase(new ImpairmentActionTestCase(TcpSegmentImpairment::DELAY), TestCase::QUICK);
        AddTestCase(new ImpairmentActionTestCase(TcpSegmentImpairment::DUPLICATE), TestCase::QUICK);
        AddTestCase(new ImpairmentDelayedFinTestCase(), TestCase::QUICK);
        AddTestCase(new ImpairmentMatchTestCase(), TestCase::QUICK);
        AddTestCase(new ImpairmentCsmaTestCase(), TestCase::QUICK);
    }
};

/// Static instance that registers the suite.
static ImpairmentTestSuite g_impairmentTestSuite;

} // namespace
