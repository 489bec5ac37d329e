/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Stream integrity: the payload code and the checker count every byte exactly, on streams
// built by hand (right, old incarnation by age, misplaced, missing), and on a real
// connection, where TCP delivers the code intact.

#include "tcp-teardown-test-fixture.h"

#include "ns3/boolean.h"
#include "ns3/string.h"
#include "ns3/tcp-segment-impairment.h"
#include "ns3/tcp-stream-integrity.h"

#include <vector>

using namespace ns3;
using namespace ns3::tcpteardowntest;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// Bytes of a packet.
std::vector<uint8_t>
BytesOf(Ptr<const Packet> p)
{
    std::vector<uint8_t> bytes(p->GetSize());
    p->CopyData(bytes.data(), bytes.size());
    return bytes;
}

/// A packet of bytes.
Ptr<Packet>
PacketOf(const std::vector<uint8_t>& bytes)
{
    return Create<Packet>(bytes.data(), bytes.size());
}

/// The code: incarnation bits, distinct neighbours, shifts seen.
class StreamCodeTestCase : public TestCase
{
  public:
    StreamCodeTestCase()
        : TestCase("the code: incarnation in the high bits, offsets and shifts told apart")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t incarnation = 1; incarnation <= 8; ++incarnation)
        {
            for (uint64_t k :
                 {uint64_t(0), uint64_t(1), uint64_t(63), uint64_t(4096), uint64_t(1) << 40})
            {
                NS_TEST_ASSERT_MSG_EQ(
                    TcpStreamCode::IncarnationBits(TcpStreamCode::Encode(incarnation, k)),
                    incarnation % 4,
                    "incarnation " << incarnation << " offset " << k);
            }
        }
        // Every shift of a 1000-byte range by 1..2000 bytes changes some byte.
        for (uint64_t shift = 1; shift <= 2000; ++shift)
        {
            bool differs = false;
            for (uint64_t k = 0; k < 1000 && !differs; ++k)
            {
                differs = TcpStreamCode::Encode(1, k) != TcpStreamCode::Encode(1, k + shift);
            }
            NS_TEST_ASSERT_MSG_EQ(differs, true, "shift " << shift);
        }
        const auto payload = BytesOf(TcpStreamCode::MakePayload(2, 100, 5));
        NS_TEST_ASSERT_MSG_EQ(payload.size(), 5, "size");
        for (uint32_t i = 0; i < 5; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(unsigned(payload[i]),
                                  unsigned(TcpStreamCode::Encode(2, 100 + i)),
                                  "byte " << i);
        }
    }
};

/// The checker on hand-built streams: each kind of byte counted exactly.
class StreamCheckerTestCase : public TestCase
{
  public:
    StreamCheckerTestCase()
        : TestCase("the checker: right, old incarnation by age, misplaced, missing, first time")
    {
    }

  private:
    void DoRun() override
    {
        // Incarnation 2 writes 3000 bytes; bytes 1000..1535 are replaced by a segment of
        // incarnation 1 (offsets 500..1035), bytes 2000..2099 by its own bytes 2100..2199,
        // and the last 200 bytes never arrive.
        std::vector<uint8_t> stream = BytesOf(TcpStreamCode::MakePayload(2, 0, 3000));
        const auto old = BytesOf(TcpStreamCode::MakePayload(1, 500, 536));
        std::copy(old.begin(), old.end(), stream.begin() + 1000);
        const auto shifted = BytesOf(TcpStreamCode::MakePayload(2, 2100, 100));
        std::copy(shifted.begin(), shifted.end(), stream.begin() + 2000);
        stream.resize(2800);
        // Incarnation 5 sees a byte of incarnation 2 (3 back) and of 4 (1 back).
        TcpStreamChecker five(5);
        five.Check(PacketOf({TcpStreamCode::Encode(5, 0),
                             TcpStreamCode::Encode(2, 1),
                             TcpStreamCode::Encode(4, 2)}));

        TcpStreamChecker checker(2);
        At(Seconds(1), [&]() { checker.Check(PacketOf({stream.begin(), stream.begin() + 700})); });
        At(Seconds(2), [&]() { checker.Check(PacketOf({stream.begin() + 700, stream.end()})); });
        Simulator::Run();
        Simulator::Destroy();

        const auto& c = checker.GetCounts();
        NS_TEST_ASSERT_MSG_EQ(c.delivered, 2800, "delivered");
        NS_TEST_ASSERT_MSG_EQ(c.fromOldIncarnation, 536, "the stray segment");
        NS_TEST_ASSERT_MSG_EQ(c.byAge[1], 536, "one incarnation back");
        NS_TEST_ASSERT_MSG_EQ(c.misplaced, 100, "the shifted range");
        NS_TEST_ASSERT_MSG_EQ(c.right, 2800 - 536 - 100, "the rest");
        NS_TEST_ASSERT_MSG_EQ(c.firstCorruption, Seconds(2), "read in the second call");
        NS_TEST_ASSERT_MSG_EQ(c.firstCorruptionOffset, 1000, "at offset 1000");
        NS_TEST_ASSERT_MSG_EQ(checker.Missing(3000), 200, "missing");
        NS_TEST_ASSERT_MSG_EQ(checker.IsCorrupted(), true, "corrupted");
        NS_TEST_ASSERT_MSG_EQ(five.GetCounts().right, 1, "5");
        NS_TEST_ASSERT_MSG_EQ(five.GetCounts().byAge[3], 1, "2 is three back");
        NS_TEST_ASSERT_MSG_EQ(five.GetCounts().byAge[1], 1, "4 is one back");
    }
};

/// A real connection: 200000 encoded bytes arrive right, none missing.
class StreamOverTcpTestCase : public TeardownTestCase
{
  public:
    StreamOverTcpTestCase()
        : TeardownTestCase("over TCP: every byte right, nothing missing")
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        TcpStreamChecker checker(3);
        Listener listener;
        listener.Start(m_server, 5000, [&checker](Ptr<TcpTeardownSocket> s) {
            s->SetRecvCallback(FunctionCallback<Ptr<Socket>>([&checker](Ptr<Socket> r) {
                while (Ptr<Packet> p = r->Recv())
                {
                    if (p->GetSize() == 0)
                    {
                        break;
                    }
                    checker.Check(p);
                }
            }));
        });
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
        const uint32_t total = 200000;
        const uint32_t chunk = 10000;
        uint32_t written = 0;
        // The socket comes in as the argument: a callback that held it would keep it alive.
        auto write = [&written](Ptr<Socket> socket, uint32_t) {
            while (written < total && socket->GetTxAvailable() >= chunk)
            {
                socket->Send(TcpStreamCode::MakePayload(3, written, chunk));
                written += chunk;
            }
        };
        client->SetSendCallback(FunctionCallback<Ptr<Socket>, uint32_t>(write));
        At(Seconds(1.1), [&write, client]() { write(client, 0); });
        RunUntil(Seconds(10));

        NS_TEST_ASSERT_MSG_EQ(written, total, "written, as the send buffer allowed");
        NS_TEST_ASSERT_MSG_EQ(checker.GetCounts().delivered, total, "delivered");
        NS_TEST_ASSERT_MSG_EQ(checker.GetCounts().right, total, "all right");
        NS_TEST_ASSERT_MSG_EQ(checker.IsCorrupted(), false, "no corruption");
        NS_TEST_ASSERT_MSG_EQ(checker.Missing(total), 0, "nothing missing");
    }
};

/// The constructed corruption: no TIME_WAIT, ISN 0, no timestamps. A data segment of the
/// first connection is delayed 1.5 s; a second connection on the same 4-tuple starts in the
/// same sequence space and takes the stray segment as its own bytes 536..1071.
class StrayCorruptionTestCase : public TeardownTestCase
{
  public:
    StrayCorruptionTestCase()
        : TeardownTestCase("TIME_WAIT disabled, ISN 0: a stray segment corrupts 536 bytes")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t mss = 536;
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("TimeWaitPolicy", StringValue("Disabled"));
        helper.SetSocketAttribute("Timestamp", BooleanValue(false));
        BuildTopology(helper);
        Ptr<TcpSegmentImpairment> impairment = CreateObject<TcpSegmentImpairment>();
        TcpSegmentImpairment::Rule stray;
        stray.source = m_clientAddress;
        stray.segments = TcpSegmentImpairment::DATA;
        stray.sequenceRange = true;
        stray.sequenceFirst = SequenceNumber32(1 + mss);
        stray.sequenceLast = SequenceNumber32(1 + mss);
        stray.first = 1;
        stray.action = TcpSegmentImpairment::DELAY;
        stray.delay = Seconds(1.5);
        impairment->AddRule(stray);
        impairment->Install(m_serverLink.Get(1));

        std::vector<TcpStreamChecker> checkers;
        checkers.reserve(2);
        Listener listener;
        listener.Start(m_server, 5000, [&checkers](Ptr<TcpTeardownSocket> s) {
            checkers.emplace_back(checkers.size() + 1); // incarnations in accept order
            TcpStreamChecker* checker = &checkers.back();
            s->SetRecvCallback(FunctionCallback<Ptr<Socket>>([checker](Ptr<Socket> r) {
                while (Ptr<Packet> p = r->Recv())
                {
                    if (p->GetSize() == 0)
                    {
                        break;
                    }
                    checker->Check(p);
                }
            }));
            s->SetCloseCallbacks(FunctionCallback<Ptr<Socket>>([](Ptr<Socket> r) {
                                     Simulator::ScheduleNow(&Socket::Close, r);
                                 }),
                                 MakeNullCallback<void, Ptr<Socket>>());
        });
        std::vector<Ptr<TcpTeardownSocket>> clients;
        for (uint32_t incarnation = 1; incarnation <= 2; ++incarnation)
        {
            Ptr<TcpTeardownSocket> c = TcpTeardownHelper::CreateSocket(m_client);
            clients.push_back(c);
            const Time start = Seconds(incarnation == 1 ? 1 : 2);
            const Time write = incarnation == 1 ? Seconds(1.1) : Seconds(3);
            At(start, [this, c]() {
                c->Bind(InetSocketAddress(m_clientAddress, 40000));
                c->Connect(InetSocketAddress(m_serverAddress, 5000));
            });
            At(write, [c, incarnation, mss]() {
                c->Send(TcpStreamCode::MakePayload(incarnation, 0, 3 * mss));
            });
            At(write + Seconds(0.2), [c]() { c->Close(); });
        }
        RunUntil(Seconds(6));

        NS_TEST_ASSERT_MSG_EQ(impairment->GetRecords().size(), 1, "one segment delayed");
        const auto& r = impairment->GetRecords().at(0);
        NS_TEST_ASSERT_MSG_EQ((r.deliveredAt > Seconds(2.1) && r.deliveredAt < Seconds(3)),
                              true,
                              "the stray arrives in the second connection, before its data");
        NS_TEST_ASSERT_MSG_EQ(checkers.size(), 2, "two incarnations");
        const auto& first = checkers.at(0).GetCounts();
        NS_TEST_ASSERT_MSG_EQ(first.right, 3 * mss, "the first: intact (retransmission)");
        const auto& second = checkers.at(1).GetCounts();
        NS_TEST_ASSERT_MSG_EQ(second.delivered, 3 * mss, "the second: all delivered");
        NS_TEST_ASSERT_MSG_EQ(second.fromOldIncarnation, mss, "one segment of old bytes");
        NS_TEST_ASSERT_MSG_EQ(second.byAge[1], mss, "from the previous incarnation");
        NS_TEST_ASSERT_MSG_EQ(second.right, 2 * mss, "the rest right");
        NS_TEST_ASSERT_MSG_EQ(second.misplaced, 0, "nothing misplaced");
        NS_TEST_ASSERT_MSG_EQ(second.firstCorruptionOffset, mss, "at the stray's offset");
    }
};

/// The stream-integrity suite.
class StreamIntegrityTestSuite : public TestSuite
{
  public:
    StreamIntegrityTestSuite()
        : TestSuite("tcp-teardown-stream-integrity", UNIT)
    {
        AddTestCase(new StreamCodeTestCase(), TestCase::QUICK);
        AddTestCase(new StreamCheckerTestCase(), TestCase::QUICK);
        AddTestCase(new StreamOverTcpTestCase(), TestCase::QUICK);
        AddTestCase(new StrayCorruptionTestCase(), TestCase::QUICK);
    }
};

/// Static instance that registers the suite.
static StreamIntegrityTestSuite g_streamIntegrityTestSuite;

} // namespace
