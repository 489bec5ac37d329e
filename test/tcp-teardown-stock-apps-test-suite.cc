/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ns-3's own applications use TcpTeardownSockets when given the factory's TypeId, and the
// sockets a listener accepts are TcpTeardownSockets too.

#include "tcp-teardown-test-fixture.h"

#include "ns3/application-container.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/config.h"
#include "ns3/inet-socket-address.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

using namespace ns3;
using namespace ns3::tcpteardowntest;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// A stock sender (BulkSend or OnOff) to a PacketSink, both through TcpTeardownSocketFactory.
class StockAppsTestCase : public TeardownTestCase
{
  public:
    /// \param sender "BulkSend" or "OnOff"
    explicit StockAppsTestCase(std::string sender)
        : TeardownTestCase(sender + " to PacketSink over TcpTeardownSockets"),
          m_sender(std::move(sender))
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        const std::string factory = TcpTeardownHelper::GetSocketFactoryName();
        const uint32_t bytes = 200000;
        PacketSinkHelper sinkHelper(factory, InetSocketAddress(Ipv4Address::GetAny(), 5000));
        ApplicationContainer sinkApps = sinkHelper.Install(m_server);
        sinkApps.Start(Seconds(0));
        const InetSocketAddress remote(m_serverAddress, 5000);
        ApplicationContainer senderApps;
        if (m_sender == "BulkSend")
        {
            BulkSendHelper bulk(factory, remote);
            bulk.SetAttribute("MaxBytes", UintegerValue(bytes));
            senderApps = bulk.Install(m_client);
        }
        else
        {
            OnOffHelper onOff(factory, remote);
            onOff.SetConstantRate(DataRate("1Mbps"), 1000);
            onOff.SetAttribute("MaxBytes", UintegerValue(bytes));
            senderApps = onOff.Install(m_client);
        }
        senderApps.Start(Seconds(1));
        // The node-level hub through the configuration namespace, as the README shows it.
        uint32_t endsSeen = 0;
        Config::ConnectWithoutContext(
            "/NodeList/*/$ns3::TcpTeardownSocketFactory/ConnectionEnd",
            FunctionCallback<Ptr<const TcpTeardownSocket>, TcpCloseReason>(
                [&endsSeen](Ptr<const TcpTeardownSocket>, TcpCloseReason) { ++endsSeen; }));
        RunUntil(Seconds(300));

        Ptr<PacketSink> sink = DynamicCast<PacketSink>(sinkApps.Get(0));
        NS_TEST_ASSERT_MSG_EQ(sink->GetTotalRx(), bytes, "every byte delivered");
        // The sender closes when done, PacketSink closes on the end of stream: two ends, the
        // sink's at once (LAST_ACK), the sender's after its TIME_WAIT.
        NS_TEST_ASSERT_MSG_EQ(endsSeen, 2u, "Config path to the factory's ConnectionEnd");
        const auto accepted = sink->GetAcceptedSockets();
        NS_TEST_ASSERT_MSG_EQ(accepted.size(), 1u, "one accepted socket");
        for (const auto& socket : accepted)
        {
            NS_TEST_ASSERT_MSG_NE(DynamicCast<TcpTeardownSocket>(socket),
                                  nullptr,
                                  "the accepted socket is a TcpTeardownSocket");
        }
        const auto serverStates = m_recorder.GetStateSequence(m_server->GetId());
        const auto clientStates = m_recorder.GetStateSequence(m_client->GetId());
        NS_TEST_ASSERT_MSG_EQ(
            serverStates.empty() ? TcpSocket::CLOSED : serverStates.front(),
            TcpSocket::SYN_RCVD,
            "the accepted socket's transitions are observed: " << StatesToString(serverStates));
        const bool connected = clientStates.size() >= 3 && clientStates[1] == TcpSocket::SYN_SENT;
        NS_TEST_ASSERT_MSG_EQ(connected,
                              true,
                              "the client socket is ours: " << StatesToString(clientStates));
    }

    std::string m_sender; //!< which stock sender
};

/// The stock-applications suite.
class TcpTeardownStockAppsTestSuite : public TestSuite
{
  public:
    TcpTeardownStockAppsTestSuite()
        : TestSuite("tcp-teardown-stock-apps", UNIT)
    {
        AddTestCase(new StockAppsTestCase("BulkSend"), TestCase::QUICK);
        AddTestCase(new StockAppsTestCase("OnOff"), TestCase::QUICK);
    }
};

/// Static instance registering the suite.
static TcpTeardownStockAppsTestSuite g_tcpTeardownStockAppsTestSuite;

} // namespace
