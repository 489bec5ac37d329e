/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The scenario catalogue end to end: every story runs with its defaults, every transition is
// in RFC 9293's diagram, every verdict is "as Linux", and the CSV records say what happened.

#include "ns3/boolean.h"
#include "ns3/pcap-file.h"
#include "ns3/string.h"
#include "ns3/tcp-teardown-module.h"
#include "ns3/test.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

using namespace ns3;

namespace
{

/// Lines of a file.
std::vector<std::string>
ReadLines(const std::string& path)
{
    std::ifstream in(path);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line))
    {
        lines.push_back(line);
    }
    return lines;
}

/// One story of the catalogue: verdict, diagram, records.
class StoryTestCase : public TestCase
{
  public:
    /// \param name the entry's name
    explicit StoryTestCase(const std::string& name)
        : TestCase("story " + name),
          m_name(name)
    {
    }

  private:
    void DoRun() override
    {
        TcpScenarioResult result = TcpTeardownCatalogue::Run(m_name);
        NS_TEST_ASSERT_MSG_EQ(result.variant, m_name, "the result names its entry");
        NS_TEST_EXPECT_MSG_EQ(
            result.violations.size(),
            0,
            "transitions outside the diagram: " << (result.violations.empty()
                                                        ? std::string()
                                                        : result.violations.front().ToString()));
        NS_TEST_EXPECT_MSG_EQ(result.passed,
                              true,
                              m_name << ": expected " << result.expected << "; observed "
                                     << result.observed);
        NS_TEST_ASSERT_MSG_GT(result.transitions.size(), 0, "transitions recorded");
        NS_TEST_ASSERT_MSG_GT(result.endpoints.size(), 0, "endpoints described");
        for (const auto& endpoint : result.endpoints)
        {
            NS_TEST_EXPECT_MSG_GT(endpoint.timeline.size(),
                                  0,
                                  m_name << ": " << endpoint.label << " has a timeline");
        }

        // The CSV files hold one row per record, with the documented header.
        const std::string folder = CreateTempDirFilename("catalogue-" + m_name);
        NS_TEST_ASSERT_MSG_EQ(result.WriteCsv(folder), true, "CSV written");
        std::vector<std::string> transitions = ReadLines(folder + "/transitions.csv");
        NS_TEST_ASSERT_MSG_EQ(transitions.size(), result.transitions.size() + 1, "rows");
        NS_TEST_EXPECT_MSG_EQ(transitions.front(), "time_s,node,socket,local,peer,from,to", "");
        const auto& first = result.transitions.front();
        std::ostringstream row;
        row << "," << TcpSocket::TcpStateName[first.from] << ","
            << TcpSocket::TcpStateName[first.to];
        NS_TEST_EXPECT_MSG_NE(transitions[1].find(row.str()), std::string::npos, "first row");
        std::vector<std::string> outcomes = ReadLines(folder + "/outcomes.csv");
        NS_TEST_EXPECT_MSG_EQ(outcomes.size(), result.ends.size() + 1, "outcome rows");
        NS_TEST_EXPECT_MSG_EQ(outcomes.front(), "time_s,node,socket,local,peer,reason", "");
        std::vector<std::string> retransmissions = ReadLines(folder + "/retransmissions.csv");
        NS_TEST_EXPECT_MSG_EQ(retransmissions.size(), result.retransmissions.size() + 1, "");
        std::vector<std::string> impairments = ReadLines(folder + "/impairments.csv");
        NS_TEST_EXPECT_MSG_EQ(impairments.size(), result.impairments.size() + 1, "");
        std::vector<std::string> endpoints = ReadLines(folder + "/endpoints.csv");
        NS_TEST_EXPECT_MSG_EQ(endpoints.size(), result.endpoints.size() + 1, "");
        for (std::size_t i = 0; i < result.endpoints.size() && i + 1 < endpoints.size(); ++i)
        {
            // A label with a comma ("server, connection 2") is quoted: ten fields in each row.
            const std::string& label = result.endpoints[i].label;
            const std::string field =
                label.find(',') == std::string::npos ? label : "\"" + label + "\"";
            const std::string& line = endpoints[i + 1];
            NS_TEST_EXPECT_MSG_EQ(line.rfind(field + ",", 0), 0, "row " << line);
            NS_TEST_EXPECT_MSG_EQ(std::count(line.begin() + field.size(), line.end(), ','),
                                  9,
                                  "row " << line);
        }
        for (const char* file : {"transitions.csv",
                                 "outcomes.csv",
                                 "retransmissions.csv",
                                 "impairments.csv",
                                 "endpoints.csv"})
        {
            std::remove((folder + "/" + file).c_str());
        }
        std::remove(folder.c_str());
    }

    std::string m_name; //!< the entry
};

/// The records carry the story's facts: the lost final ACK's drop and ECONNRESET rows.
class LostFinalAckCsvTestCase : public TestCase
{
  public:
    LostFinalAckCsvTestCase()
        : TestCase("lost-final-ack-no-time-wait: the drop and the ECONNRESET in the CSV")
    {
    }

  private:
    void DoRun() override
    {
        TcpScenarioResult result = TcpTeardownCatalogue::Run("lost-final-ack-no-time-wait");
        const std::string folder = CreateTempDirFilename("catalogue-lost-final-ack");
        NS_TEST_ASSERT_MSG_EQ(result.WriteCsv(folder), true, "CSV written");
        std::vector<std::string> impairments = ReadLines(folder + "/impairments.csv");
        NS_TEST_ASSERT_MSG_EQ(impairments.size(), 2, "one action");
        NS_TEST_EXPECT_MSG_NE(impairments[1].find(",DROP,10.1.1.1,"),
                              std::string::npos,
                              impairments[1]);
        std::vector<std::string> outcomes = ReadLines(folder + "/outcomes.csv");
        bool econnreset = false;
        for (const auto& line : outcomes)
        {
            econnreset = econnreset || line.find(",ECONNRESET") != std::string::npos;
        }
        NS_TEST_EXPECT_MSG_EQ(econnreset, true, "the server's ECONNRESET is a row");
    }
};

/// Overrides reach the scenario; a changed parameter changes the verdict's expectation.
class OverrideTestCase : public TestCase
{
  public:
    OverrideTestCase()
        : TestCase("overrides: TimeWait=6s stops the stray; TimeWaitDuration moves the verdict")
    {
    }

  private:
    void DoRun() override
    {
        TcpScenarioResult none = TcpTeardownCatalogue::Run("stray-segment");
        TcpScenarioResult held = TcpTeardownCatalogue::Run("stray-segment", {{"TimeWait", "6s"}});
        NS_TEST_EXPECT_MSG_NE(none.GetFigure("corrupted bytes"), "0", "no TIME_WAIT: corrupted");
        NS_TEST_EXPECT_MSG_EQ(held.GetFigure("corrupted bytes"), "0", "6 s: nothing");
        NS_TEST_EXPECT_MSG_EQ(held.passed, true, held.observed);
        // A socket attribute through the catalogue: RFC 9293's 2 MSL (240 s) at the client; the
        // story runs past it and judges the longer TIME_WAIT.
        TcpScenarioResult twoMsl =
            TcpTeardownCatalogue::Run("lost-final-ack", {{"TimeWaitPolicy", "TwoMsl"}});
        NS_TEST_EXPECT_MSG_EQ(twoMsl.passed, true, twoMsl.observed);
        NS_TEST_EXPECT_MSG_GT(twoMsl.stopTime, Seconds(240), "the run outlasts 2 MSL");
        NS_TEST_EXPECT_MSG_GT(twoMsl.endpoints[0].end, Seconds(240), "the client's TIME_WAIT");
        // The verdict follows the stray's timing: 3 s late it meets no connection still
        // awaiting its offset; 8 s late it meets one 4 incarnations younger, whose bytes there
        // are the same (TcpStreamCode); both deliver nothing visible, as Linux.
        for (const char* delay : {"3s", "8s"})
        {
            TcpScenarioResult late =
                TcpTeardownCatalogue::Run("stray-segment", {{"StrayDelay", delay}});
            NS_TEST_EXPECT_MSG_EQ(late.GetFigure("corrupted bytes"), "0", delay);
            NS_TEST_EXPECT_MSG_EQ(late.passed, true, late.expected);
        }
        TcpScenarioResult direct =
            TcpTeardownCatalogue::Run("graceful-close", {{"Router", "false"}});
        TcpScenarioResult routed = TcpTeardownCatalogue::Run("graceful-close");
        NS_TEST_EXPECT_MSG_LT(direct.endpoints[1].end,
                              routed.endpoints[1].end,
                              "one hop closes sooner than two");
        // A TIME_WAIT override changes what the verdict expects and how long the story runs.
        for (const Time& timeWait : {Seconds(5), Seconds(100)})
        {
            Ptr<TcpGracefulCloseScenario> story = CreateObject<TcpGracefulCloseScenario>();
            story->SetSocketAttribute("TimeWaitDuration", TimeValue(timeWait));
            TcpScenarioResult result = story->Run();
            NS_TEST_EXPECT_MSG_EQ(result.passed, true, result.observed);
            NS_TEST_EXPECT_MSG_GT(result.stopTime, timeWait, "the run outlasts TIME_WAIT");
            const auto& timeline = result.endpoints[0].timeline;
            NS_TEST_ASSERT_MSG_GT(timeline.size(), 2, "the client's states");
            NS_TEST_EXPECT_MSG_EQ(timeline.back().second, TcpSocket::CLOSED, "TIME_WAIT ended");
            NS_TEST_EXPECT_MSG_EQ(timeline[timeline.size() - 2].second,
                                  TcpSocket::TIME_WAIT,
                                  "from TIME_WAIT");
            NS_TEST_EXPECT_MSG_EQ(timeline.back().first - timeline[timeline.size() - 2].first,
                                  timeWait,
                                  "TIME_WAIT lasted the override");
        }
    }
};

/// Save() writes the records, the printed result and the timeline; PcapPrefix writes pcap.
class SaveAndPcapTestCase : public TestCase
{
  public:
    SaveAndPcapTestCase()
        : TestCase("Save() and PcapPrefix: result.txt is Print(), the client's pcap has 2 FINs")
    {
    }

  private:
    void DoRun() override
    {
        const std::string folder = CreateTempDirFilename("catalogue-save");
        NS_TEST_ASSERT_MSG_EQ(TcpScenarioResult::MakeFolder(folder), true, folder);
        Ptr<TcpGracefulCloseScenario> story = CreateObject<TcpGracefulCloseScenario>();
        story->SetStoryAttribute("PcapPrefix", StringValue(folder + "/graceful"));
        TcpScenarioResult result = story->Run();
        NS_TEST_ASSERT_MSG_EQ(result.Save(folder), true, "saved");

        std::ostringstream printed;
        result.Print(printed);
        std::ifstream text(folder + "/result.txt");
        std::ostringstream saved;
        saved << text.rdbuf();
        NS_TEST_EXPECT_MSG_EQ(saved.str(), printed.str(), "result.txt is Print()'s text");
        NS_TEST_EXPECT_MSG_NE(printed.str().find("verdict: as Linux"), std::string::npos, "");
        for (const char* name :
             {"transitions", "retransmissions", "outcomes", "impairments", "endpoints"})
        {
            NS_TEST_EXPECT_MSG_GT(ReadLines(folder + "/" + name + ".csv").size(), 0, name);
        }
        if (TcpTeardownPlot::IsAvailable())
        {
            NS_TEST_EXPECT_MSG_GT(ReadLines(folder + "/timeline.svg").size(), 0, "timeline");
        }

        // The client's device (node 0, device 0) saw both FINs: its own
        // and the server's. PPP header 2 bytes, IPv4 20, TCP flags at byte 13.
        PcapFile pcap;
        pcap.Open(folder + "/graceful-" + std::to_string(result.endpoints[0].node) + "-0.pcap",
                  std::ios::in);
        NS_TEST_ASSERT_MSG_EQ(pcap.Fail(), false, "the client's pcap file opens");
        uint32_t packets = 0;
        uint32_t fins = 0;
        while (true)
        {
            uint8_t data[2048];
            uint32_t sec = 0;
            uint32_t usec = 0;
            uint32_t inclLen = 0;
            uint32_t origLen = 0;
            uint32_t readLen = 0;
            pcap.Read(data, sizeof(data), sec, usec, inclLen, origLen, readLen);
            if (pcap.Fail())
            {
                break;
            }
            ++packets;
            if (readLen > 2 + 20 + 13 && (data[2 + 20 + 13] & 0x01) != 0)
            {
                ++fins;
            }
        }
        NS_TEST_EXPECT_MSG_GT(packets, 7, "handshake, data and close");
        NS_TEST_EXPECT_MSG_EQ(fins, 2, "one FIN each way, none lost");
        NS_TEST_EXPECT_MSG_EQ(TcpScenarioResult::MakeFolder("/nonexistent/tcp-teardown"),
                              false,
                              "a folder whose parent is missing");
        NS_TEST_EXPECT_MSG_EQ(TcpScenarioResult::MakeFolder(folder + "/result.txt"),
                              false,
                              "a file is not a folder");
    }
};

/// The catalogue suite.
class CatalogueTestSuite : public TestSuite
{
  public:
    CatalogueTestSuite()
        : TestSuite("tcp-teardown-catalogue", UNIT)
    {
        for (const auto& entry : TcpTeardownCatalogue::GetEntries())
        {
            AddTestCase(new StoryTestCase(entry.name), TestCase::QUICK);
        }
        AddTestCase(new LostFinalAckCsvTestCase, TestCase::QUICK);
        AddTestCase(new OverrideTestCase, TestCase::QUICK);
        AddTestCase(new SaveAndPcapTestCase, TestCase::QUICK);
    }
};

CatalogueTestSuite g_catalogueTestSuite; //!< registers the suite

} // namespace
