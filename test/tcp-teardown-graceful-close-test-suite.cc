/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The four-way close, end to end: who goes through which states, who holds TIME_WAIT and for
// how long, and that both ends report an orderly close.
//
//   t = 1 s    client connects, writes 10 kB, closes        (active closer)
//   then       server reads the end of stream and closes    (passive closer)
//   then       client sits in TIME_WAIT for the policy's length, then CLOSED

#include "tcp-teardown-test-fixture.h"

#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

using namespace ns3;
using namespace ns3::tcpteardowntest;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

using States = std::vector<TcpSocket::TcpStates_t>;

const States kActiveCloser = {TcpSocket::CLOSED,
                              TcpSocket::SYN_SENT,
                              TcpSocket::ESTABLISHED,
                              TcpSocket::FIN_WAIT_1,
                              TcpSocket::FIN_WAIT_2,
                              TcpSocket::TIME_WAIT,
                              TcpSocket::CLOSED};

const States kPassiveCloser = {TcpSocket::SYN_RCVD,
                               TcpSocket::ESTABLISHED,
                               TcpSocket::CLOSE_WAIT,
                               TcpSocket::LAST_ACK,
                               TcpSocket::CLOSED};

/// Time spent in \p state by the node's socket: entry to exit.
Time
TimeIn(const TcpTeardownRecorder& recorder, uint32_t node, TcpSocket::TcpStates_t state)
{
    Time entered = Time::Max();
    for (const auto& record : recorder.GetTransitions())
    {
        if (record.connection.node != node)
        {
            continue;
        }
        if (record.to == state)
        {
            entered = record.time;
        }
        else if (record.from == state && entered != Time::Max())
        {
            return record.time - entered;
        }
    }
    return Time::Max();
}

/// A graceful close with a given profile and TIME_WAIT policy.
class GracefulCloseTestCase : public TeardownTestCase
{
  public:
    /**
     * \param profile "Linux" or "Ns3"
     * \param policy the TimeWaitPolicy value
     * \param expectedTimeWait the TIME_WAIT length the client must show
     */
    GracefulCloseTestCase(std::string profile, std::string policy, Time expectedTimeWait)
        : TeardownTestCase("graceful close, profile " + profile + ", TIME_WAIT " + policy),
          m_profile(std::move(profile)),
          m_policy(std::move(policy)),
          m_expectedTimeWait(expectedTimeWait)
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("Profile", StringValue(m_profile));
        helper.SetSocketAttribute("TimeWaitPolicy", StringValue(m_policy));
        BuildTopology(helper);
        InstallServerApp(5000);
        Ptr<TcpTeardownApplication> client = InstallClientApp(5000, Seconds(1));
        client->SetAttribute("SendBytes", UintegerValue(10000));
        client->SetAttribute("CloseWhenDone", BooleanValue(true));
        RunUntil(Seconds(400));

        const States clientStates = m_recorder.GetStateSequence(m_client->GetId());
        const States serverStates = m_recorder.GetStateSequence(m_server->GetId());
        NS_TEST_ASSERT_MSG_EQ(StatesToString(clientStates),
                              StatesToString(kActiveCloser),
                              "active closer (client) states");
        NS_TEST_ASSERT_MSG_EQ(StatesToString(serverStates),
                              StatesToString(kPassiveCloser),
                              "passive closer (server) states");
        NS_TEST_ASSERT_MSG_EQ(TimeIn(m_recorder, m_client->GetId(), TcpSocket::TIME_WAIT),
                              m_expectedTimeWait,
                              "TIME_WAIT length of the active closer");
        NS_TEST_ASSERT_MSG_EQ(TimeIn(m_recorder, m_server->GetId(), TcpSocket::TIME_WAIT),
                              Time::Max(),
                              "the passive closer never enters TIME_WAIT");

        const auto clientEnds = m_recorder.GetEnds(m_client->GetId());
        const auto serverEnds = m_recorder.GetEnds(m_server->GetId());
        NS_TEST_ASSERT_MSG_EQ(clientEnds.size(), 1u, "one end reported by the client");
        NS_TEST_ASSERT_MSG_EQ(serverEnds.size(), 1u, "one end reported by the server");
        if (clientEnds.size() != 1 || serverEnds.size() != 1)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(clientEnds.front().reason, TcpCloseReason::NONE, "orderly");
        NS_TEST_ASSERT_MSG_EQ(serverEnds.front().reason, TcpCloseReason::NONE, "orderly");
        NS_TEST_ASSERT_MSG_EQ(m_recorder.GetRetransmissions().size(),
                              0u,
                              "a loss-free close retransmits nothing");
    }

    std::string m_profile;   //!< socket profile
    std::string m_policy;    //!< TIME_WAIT policy
    Time m_expectedTimeWait; //!< expected TIME_WAIT length
};

/// Every byte written before the close is delivered, and the server reads the end of stream.
class DeliveryBeforeCloseTestCase : public TeardownTestCase
{
  public:
    DeliveryBeforeCloseTestCase()
        : TeardownTestCase("data queued before Close() is delivered before the FIN")
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        Ptr<TcpTeardownApplication> server = InstallServerApp(5000);
        Ptr<TcpTeardownApplication> client = InstallClientApp(5000, Seconds(1));
        client->SetAttribute("SendBytes", UintegerValue(1000000));
        client->SetAttribute("CloseWhenDone", BooleanValue(true));
        RunUntil(Seconds(100));

        const auto accepted = server->GetConnections();
        NS_TEST_ASSERT_MSG_EQ(accepted.size(), 1u, "one accepted connection");
        if (accepted.size() != 1)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(server->GetBytesReceived(accepted.front()),
                              1000000u,
                              "every byte delivered");
        NS_TEST_ASSERT_MSG_EQ(server->HasReadEndOfStream(accepted.front()),
                              true,
                              "then the end of stream");
    }
};

/// A reader that calls Recv() inside the receive callback, while TCP is still processing a
/// segment that carries the last data and the FIN: it must see the data, then "would block",
/// and the end of stream only once the socket is in CLOSE_WAIT (Linux wakes readers after the
/// state change; stock ns-3 wakes them before it).
class EndOfStreamAfterFinTestCase : public TeardownTestCase
{
  public:
    EndOfStreamAfterFinTestCase()
        : TeardownTestCase("end of stream is reported only once the FIN is processed")
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        Ptr<TcpTeardownSocket> listener = TcpTeardownHelper::CreateSocket(m_server);
        listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000));
        listener->Listen();
        uint32_t bytes = 0;
        std::vector<TcpSocket::TcpStates_t> statesAtEndOfStream;
        auto drain = [&](Ptr<Socket> s) {
            Ptr<TcpTeardownSocket> socket = DynamicCast<TcpTeardownSocket>(s);
            while (Ptr<Packet> p = socket->Recv())
            {
                if (p->GetSize() == 0)
                {
                    statesAtEndOfStream.push_back(socket->GetState());
                    return;
                }
                bytes += p->GetSize();
            }
        };
        listener->SetAcceptCallback(
            MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
            FunctionCallback<Ptr<Socket>, const Address&>([&](Ptr<Socket> s, const Address&) {
                s->SetRecvCallback(FunctionCallback<Ptr<Socket>>(drain));
                s->SetCloseCallbacks(FunctionCallback<Ptr<Socket>>(drain),
                                     MakeNullCallback<void, Ptr<Socket>>());
            }));
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000);
        // Data and Close() in one call: the FIN rides on the last data segment.
        At(Seconds(2), [&]() {
            client->Send(Create<Packet>(500));
            client->Close();
        });
        RunUntil(Seconds(5));

        NS_TEST_ASSERT_MSG_EQ(bytes, 500u, "the data is read");
        NS_TEST_ASSERT_MSG_EQ(statesAtEndOfStream.size(), 1u, "the end of stream is read once");
        if (!statesAtEndOfStream.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(statesAtEndOfStream.front(),
                                  TcpSocket::CLOSE_WAIT,
                                  "and only in CLOSE_WAIT");
        }
    }
};

/// The graceful-close suite.
class TcpTeardownGracefulCloseTestSuite : public TestSuite
{
  public:
    TcpTeardownGracefulCloseTestSuite()
        : TestSuite("tcp-teardown-graceful-close", UNIT)
    {
        AddTestCase(new GracefulCloseTestCase("Linux", "Fixed", Seconds(60)), TestCase::QUICK);
        AddTestCase(new GracefulCloseTestCase("Linux", "TwoMsl", Seconds(240)), TestCase::QUICK);
        AddTestCase(new GracefulCloseTestCase("Linux", "Disabled", Seconds(0)), TestCase::QUICK);
        AddTestCase(new GracefulCloseTestCase("Ns3", "Fixed", Seconds(240)), TestCase::QUICK);
        AddTestCase(new DeliveryBeforeCloseTestCase(), TestCase::QUICK);
        AddTestCase(new EndOfStreamAfterFinTestCase(), TestCase::QUICK);
    }
};

/// Static instance registering the suite.
static TcpTeardownGracefulCloseTestSuite g_tcpTeardownGracefulCloseTestSuite;

} // namespace
