/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Compact TIME_WAIT (TcpTeardownSocket CompactTimeWait, TcpTimeWaitTable): every story of the
// catalogue gives the same records and the same packets on the wire with and without it, the
// compact path is really taken, and a socket nobody holds is released at TIME_WAIT while its
// record still answers, holds the port and expires on time.

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-teardown-catalogue.h"
#include "ns3/tcp-teardown-helper.h"
#include "ns3/tcp-teardown-host-pair.h"
#include "ns3/tcp-teardown-socket.h"
#include "ns3/tcp-time-wait-table.h"
#include "ns3/test.h"

#include <algorithm>
#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace ns3;

namespace
{

/// The whole content of a file ("" if it cannot be read).
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The names of the files in a folder, sorted.
std::set<std::string>
ListFolder(const std::string& folder)
{
    std::set<std::string> names;
    if (DIR* dir = opendir(folder.c_str()))
    {
        while (dirent* entry = readdir(dir))
        {
            const std::string name = entry->d_name;
            if (name != "." && name != "..")
            {
                names.insert(name);
            }
        }
        closedir(dir);
    }
    return names;
}

/// Accept callback: close once the peer has closed.
void
CloseWhenPeerCloses(Ptr<Socket> socket, const Address&)
{
    TcpTeardownHelper::CloseWhenPeerCloses(socket);
}

/// Remove a folder's files and the folder.
void
RemoveFolder(const std::string& folder)
{
    for (const auto& name : ListFolder(folder))
    {
        std::remove((folder + "/" + name).c_str());
    }
    std::remove(folder.c_str());
}

uint32_t g_handOvers = 0; //!< TimeWaitStart events of the current run

/// Counts hand-overs.
void
CountHandOver(Ptr<const TcpTeardownSocket>, const TcpTimeWaitRecord&)
{
    ++g_handOvers;
}

/// Watches every node's table (scheduled at time 0, once the story has built its nodes).
void
WatchTables()
{
    Config::ConnectWithoutContextFailSafe("/NodeList/*/$ns3::TcpTimeWaitTable/TimeWaitStart",
                                          MakeCallback(&CountHandOver));
}

/// One story, run with full and with compact TIME_WAIT: records and pcap files identical.
class CompactStoryTestCase : public TestCase
{
  public:
    /// \param name the catalogue entry
    explicit CompactStoryTestCase(const std::string& name)
        : TestCase("story " + name + ": full and compact TIME_WAIT agree"),
          m_name(name)
    {
    }

  private:
    /// Runs the story into \p folder; returns its result and counts hand-overs.
    TcpScenarioResult RunInto(const std::string& folder, bool compact)
    {
        mkdir(folder.c_str(), 0755);
        std::vector<std::pair<std::string, std::string>> overrides{
            {"PcapPrefix", folder + "/pcap"}};
        if (compact)
        {
            overrides.emplace_back("CompactTimeWait", "true");
        }
        g_handOvers = 0;
        Simulator::Schedule(Seconds(0), &WatchTables);
        TcpScenarioResult result = TcpTeardownCatalogue::Run(m_name, overrides);
        result.Save(folder);
        return result;
    }

    void DoRun() override
    {
        const std::string full = CreateTempDirFilename("compact-full-" + m_name);
        const std::string compact = CreateTempDirFilename("compact-" + m_name);
        const TcpScenarioResult a = RunInto(full, false);
        NS_TEST_EXPECT_MSG_EQ(g_handOvers, 0, "no record without CompactTimeWait");
        const TcpScenarioResult b = RunInto(compact, true);
        // Connections that stay in TIME_WAIT for a while (TimeWaitPolicy Disabled leaves it
        // at once: no record).
        uint32_t timeWaits = 0;
        for (auto t = a.transitions.begin(); t != a.transitions.end(); ++t)
        {
            if (t->to != TcpSocket::TIME_WAIT)
            {
                continue;
            }
            auto next = std::find_if(t + 1, a.transitions.end(), [&t](const auto& u) {
                return u.connection.socket == t->connection.socket &&
                       u.connection.node == t->connection.node;
            });
            timeWaits += (next == a.transitions.end() || next->time > t->time) ? 1 : 0;
        }
        NS_TEST_EXPECT_MSG_EQ(g_handOvers,
                              timeWaits,
                              "every connection entering TIME_WAIT is handed over to a record");
        NS_TEST_EXPECT_MSG_EQ(b.passed, a.passed, "the same verdict");

        const std::set<std::string> names = ListFolder(full);
        NS_TEST_EXPECT_MSG_EQ((names == ListFolder(compact)), true, "the same files");
        NS_TEST_EXPECT_MSG_GT(names.size(), 6, "records and pcap files written");
        for (const auto& name : names)
        {
            const std::string x = ReadFile(full + "/" + name);
            const std::string y = ReadFile(compact + "/" + name);
            NS_TEST_EXPECT_MSG_EQ((x == y), true, m_name << ": " << name << " differs");
        }
        RemoveFolder(full);
        RemoveFolder(compact);
    }

    std::string m_name; //!< the entry
};

/// A client whose socket nobody holds after close(): released at TIME_WAIT; its record keeps
/// the 4-tuple and the port, answers a retransmitted FIN, and ends after TimeWaitDuration.
class ReleasedSocketTestCase : public TestCase
{
  public:
    ReleasedSocketTestCase()
        : TestCase("a released socket's record answers, holds its port and expires")
    {
    }

  private:
    void OnEnd(const TcpTimeWaitRecord& record, TcpCloseReason reason)
    {
        m_ended.push_back(Simulator::Now());
        m_endReason = reason;
        m_endOwner = record.owner != nullptr;
    }

    void OnStart(Ptr<const TcpTeardownSocket>, const TcpTimeWaitRecord& record)
    {
        m_started = Simulator::Now();
        m_localPort = record.localPort;
    }

    void Connect(Ipv4Address server)
    {
        m_client->Connect(InetSocketAddress(server, 5000));
    }

    void SendAndClose()
    {
        m_client->Send(Create<Packet>(100), 0);
        m_client->Close();
    }

    void Check(Ipv4Address clientAddress, Ipv4Address server)
    {
        // Only this test holds the socket: no endpoint, no TCP list, no timer keeps it.
        m_referencesInTimeWait = m_client->GetReferenceCount();
        m_tableSize = m_table->GetSize();
        const TcpTimeWaitRecord* record = m_table->Find(clientAddress, m_localPort, server, 5000);
        m_found = record != nullptr;
        // The port is held: bind() fails with EADDRINUSE, as over a full TIME_WAIT socket.
        Ptr<TcpTeardownSocket> other = TcpTeardownHelper::CreateSocket(m_clientNode);
        m_bindResult = other->Bind(InetSocketAddress(clientAddress, m_localPort));
        m_bindError = other->GetLastError();
        m_client = nullptr; // released now
    }

    void DoRun() override
    {
        TcpTeardownHelper teardown;
        teardown.SetSocketAttribute("CompactTimeWait", BooleanValue(true));
        teardown.SetSocketAttribute("TimeWaitDuration", TimeValue(Seconds(10)));
        TcpTeardownHostPair pair(teardown);
        m_clientNode = pair.GetClient();
        m_table = m_clientNode->GetObject<TcpTimeWaitTable>();
        NS_TEST_ASSERT_MSG_NE(m_table, nullptr, "TcpTeardownHelper installs the table");
        m_table->TraceConnectWithoutContext("TimeWaitStart",
                                            MakeCallback(&ReleasedSocketTestCase::OnStart, this));
        m_table->TraceConnectWithoutContext("TimeWaitEnd",
                                            MakeCallback(&ReleasedSocketTestCase::OnEnd, this));

        Ptr<TcpTeardownSocket> listener = TcpTeardownHelper::CreateSocket(pair.GetServer());
        listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000));
        listener->Listen();
        listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeCallback(&CloseWhenPeerCloses));
        m_client = TcpTeardownHelper::CreateSocket(m_clientNode);
        m_client->Bind(InetSocketAddress(pair.GetClientAddress(), 50000));
        Simulator::Schedule(Seconds(1),
                            &ReleasedSocketTestCase::Connect,
                            this,
                            pair.GetServerAddress());
        Simulator::Schedule(Seconds(1.1), &ReleasedSocketTestCase::SendAndClose, this);
        Simulator::Schedule(Seconds(3),
                            &ReleasedSocketTestCase::Check,
                            this,
                            pair.GetClientAddress(),
                            pair.GetServerAddress());
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        const uint32_t left = m_table->GetSize();
        listener = nullptr;
        m_table = nullptr;
        m_clientNode = nullptr;
        Simulator::Destroy();

        NS_TEST_EXPECT_MSG_EQ(m_localPort, 50000, "the client's connection was handed over");
        NS_TEST_EXPECT_MSG_EQ(m_referencesInTimeWait, 1, "nothing but the test holds the socket");
        NS_TEST_EXPECT_MSG_EQ(m_tableSize, 1, "one record");
        NS_TEST_EXPECT_MSG_EQ(m_found, true, "found by its 4-tuple");
        NS_TEST_EXPECT_MSG_EQ(m_bindResult, -1, "bind() over the record fails");
        NS_TEST_EXPECT_MSG_EQ(m_bindError, TcpCloseReason::ADDRINUSE, "with EADDRINUSE");
        NS_TEST_ASSERT_MSG_EQ(m_ended.size(), 1, "the record ended once");
        NS_TEST_EXPECT_MSG_EQ(m_ended.front() - m_started, Seconds(10), "after TimeWaitDuration");
        NS_TEST_EXPECT_MSG_EQ(m_endReason, TcpCloseReason::NONE, "an orderly end");
        NS_TEST_EXPECT_MSG_EQ(m_endOwner, false, "the socket was gone when it ended");
        NS_TEST_EXPECT_MSG_EQ(left, 0, "no record left");
    }

    Ptr<Node> m_clientNode;                           //!< the client host
    Ptr<TcpTimeWaitTable> m_table;                    //!< the client's table
    Ptr<TcpTeardownSocket> m_client;                  //!< the client, until Check()
    Time m_started;                                   //!< TimeWaitStart
    uint16_t m_localPort{0};                          //!< the record's port
    std::vector<Time> m_ended;                        //!< TimeWaitEnd times
    TcpCloseReason m_endReason{TcpCloseReason::NONE}; //!< TimeWaitEnd reason
    bool m_endOwner{true};              //!< the record still had its socket at the end
    uint32_t m_referencesInTimeWait{0}; //!< the socket's references during TIME_WAIT
    uint32_t m_tableSize{0};            //!< records during TIME_WAIT
    bool m_found{false};                //!< Find() found the record
    int m_bindResult{0};                //!< bind() over the record
    TcpCloseReason m_bindError{TcpCloseReason::NONE}; //!< its error
};

/// The suite.
class CompactTimeWaitTestSuite : public TestSuite
{
  public:
    CompactTimeWaitTestSuite()
        : TestSuite("tcp-teardown-compact-time-wait", UNIT)
    {
        AddTestCase(new ReleasedSocketTestCase(), TestCase::QUICK);
        for (const auto& entry : TcpTeardownCatalogue::GetEntries())
        {
            AddTestCase(new CompactStoryTestCase(entry.name), TestCase::QUICK);
        }
    }
};

/// Static instance.
CompactTimeWaitTestSuite g_compactTimeWaitTestSuite;

} // namespace
