/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TcpStateDiagram: RFC 9293's state diagram as a graph, and the transitions real simulations
// take checked against it.
//
//   - the diagram: figure 5's arrows and the text's additions are legal, nothing else is
//   - Check(): a hand-made illegal transition is reported with its time, node and states
//   - coverage: visits accumulate, ResetCoverage() forgets them
//   - WriteGraphviz() and Render()
//   - scenarios (graceful close, abort, lost final ACK, peer crash, orphan timeout, ...): no
//     violation, and exactly the transitions each one should take are visited

#include "tcp-teardown-test-fixture.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/string.h"
#include "ns3/tcp-state-diagram.h"
#include "ns3/uinteger.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>

using namespace ns3;
using namespace ns3::tcpteardowntest;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

using State = TcpSocket::TcpStates_t;
using Transition = TcpStateDiagram::Transition;
using Transitions = std::set<Transition>;

// Abbreviations for the tables below.
constexpr State CLOSED = TcpSocket::CLOSED;           //!< CLOSED
constexpr State LISTEN = TcpSocket::LISTEN;           //!< LISTEN
constexpr State SYN_SENT = TcpSocket::SYN_SENT;       //!< SYN_SENT
constexpr State SYN_RCVD = TcpSocket::SYN_RCVD;       //!< SYN_RCVD
constexpr State ESTABLISHED = TcpSocket::ESTABLISHED; //!< ESTABLISHED
constexpr State CLOSE_WAIT = TcpSocket::CLOSE_WAIT;   //!< CLOSE_WAIT
constexpr State LAST_ACK = TcpSocket::LAST_ACK;       //!< LAST_ACK
constexpr State FIN_WAIT_1 = TcpSocket::FIN_WAIT_1;   //!< FIN_WAIT_1
constexpr State FIN_WAIT_2 = TcpSocket::FIN_WAIT_2;   //!< FIN_WAIT_2
constexpr State CLOSING = TcpSocket::CLOSING;         //!< CLOSING
constexpr State TIME_WAIT = TcpSocket::TIME_WAIT;     //!< TIME_WAIT

/// The arrows of RFC 9293 figure 5, read off the figure.
const Transitions kFigure5 = {
    {CLOSED, LISTEN},          {CLOSED, SYN_SENT},       {LISTEN, CLOSED},
    {LISTEN, SYN_RCVD},        {LISTEN, SYN_SENT},       {SYN_RCVD, LISTEN},
    {SYN_SENT, SYN_RCVD},      {SYN_SENT, ESTABLISHED},  {SYN_SENT, CLOSED},
    {SYN_RCVD, ESTABLISHED},   {SYN_RCVD, FIN_WAIT_1},   {ESTABLISHED, FIN_WAIT_1},
    {ESTABLISHED, CLOSE_WAIT}, {FIN_WAIT_1, FIN_WAIT_2}, {FIN_WAIT_1, CLOSING},
    {FIN_WAIT_2, TIME_WAIT},   {CLOSING, TIME_WAIT},     {CLOSE_WAIT, LAST_ACK},
    {LAST_ACK, CLOSED},        {TIME_WAIT, CLOSED},
};

/// What the text adds (3.3.2 note 2, 3.10.5, 3.10.7.4, 3.10.8, 3.8.3).
const Transitions kText = {
    {FIN_WAIT_1, TIME_WAIT},
    {SYN_RCVD, CLOSE_WAIT},
    {SYN_RCVD, CLOSED},
    {ESTABLISHED, CLOSED},
    {CLOSE_WAIT, CLOSED},
    {FIN_WAIT_1, CLOSED},
    {FIN_WAIT_2, CLOSED},
    {CLOSING, CLOSED},
};

/// Transitions no TCP takes.
const Transitions kImpossible = {
    {CLOSED, ESTABLISHED},    {CLOSED, TIME_WAIT},       {CLOSED, SYN_RCVD},
    {CLOSED, CLOSED},         {LISTEN, ESTABLISHED},     {SYN_SENT, FIN_WAIT_1},
    {SYN_SENT, LISTEN},       {ESTABLISHED, SYN_SENT},   {ESTABLISHED, ESTABLISHED},
    {ESTABLISHED, TIME_WAIT}, {ESTABLISHED, LAST_ACK},   {ESTABLISHED, FIN_WAIT_2},
    {CLOSE_WAIT, FIN_WAIT_1}, {CLOSE_WAIT, ESTABLISHED}, {CLOSE_WAIT, TIME_WAIT},
    {LAST_ACK, TIME_WAIT},    {LAST_ACK, ESTABLISHED},   {FIN_WAIT_2, FIN_WAIT_1},
    {FIN_WAIT_2, CLOSING},    {CLOSING, FIN_WAIT_2},     {CLOSING, ESTABLISHED},
    {TIME_WAIT, ESTABLISHED}, {TIME_WAIT, SYN_RCVD},     {TIME_WAIT, FIN_WAIT_2},
    {TIME_WAIT, LISTEN},      {FIN_WAIT_1, ESTABLISHED}, {FIN_WAIT_1, LAST_ACK},
};

/// "FROM -> TO, FROM -> TO" for messages.
template <typename Container>
std::string
ToString(const Container& transitions)
{
    std::ostringstream os;
    bool first = true;
    for (const auto& t : transitions)
    {
        os << (first ? "" : ", ") << TcpSocket::TcpStateName[t.first] << " -> "
           << TcpSocket::TcpStateName[t.second];
        first = false;
    }
    return os.str();
}

/// The transitions of a diagram visited at least once.
Transitions
Visited(const TcpStateDiagram& diagram)
{
    Transitions visited;
    for (const auto& t : diagram.GetEdges())
    {
        if (diagram.GetVisitCount(t.first, t.second) > 0)
        {
            visited.insert(t);
        }
    }
    return visited;
}

/// A record of node 1's connection 10.1.1.2:80 -> 10.1.1.1:49153.
TcpTransitionRecord
Record(Time time, State from, State to)
{
    TcpTransitionRecord record;
    record.time = time;
    record.connection.node = 1;
    record.connection.local = InetSocketAddress(Ipv4Address("10.1.1.2"), 80);
    record.connection.peer = InetSocketAddress(Ipv4Address("10.1.1.1"), 49153);
    record.from = from;
    record.to = to;
    return record;
}

/// Count the lines of \p text that contain \p needle.
uint32_t
CountLines(const std::string& text, const std::string& needle)
{
    std::istringstream lines(text);
    std::string line;
    uint32_t count = 0;
    while (std::getline(lines, line))
    {
        count += line.find(needle) != std::string::npos ? 1 : 0;
    }
    return count;
}

/// The line of \p text that starts with \p prefix, "" if none.
std::string
LineStartingWith(const std::string& text, const std::string& prefix)
{
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
    {
        if (line.compare(0, prefix.size(), prefix) == 0)
        {
            return line;
        }
    }
    return "";
}

/// The whole content of a file, "" if it cannot be read.
std::string
ReadFile(const std::string& name)
{
    std::ifstream in(name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The diagram itself: which transitions are legal, and where each comes from.
class DiagramTestCase : public TestCase
{
  public:
    DiagramTestCase()
        : TestCase("figure 5 and the text are legal, impossible transitions are not")
    {
    }

  private:
    void DoRun() override
    {
        TcpStateDiagram diagram;
        const TcpStateDiagram::Graph& graph = diagram.GetGraph();
        NS_TEST_ASSERT_MSG_EQ(boost::num_vertices(graph), 11u, "CLOSED .. TIME_WAIT");
        for (uint32_t v = 0; v < boost::num_vertices(graph); ++v)
        {
            NS_TEST_ASSERT_MSG_EQ(graph[v].state, static_cast<State>(v), "vertex " << v);
            NS_TEST_ASSERT_MSG_EQ(graph[v].name,
                                  std::string(TcpSocket::TcpStateName[v]),
                                  "vertex " << v);
        }

        for (const auto& t : kFigure5)
        {
            const std::string name = ToString(std::vector<Transition>{t});
            NS_TEST_ASSERT_MSG_EQ(diagram.IsLegal(t.first, t.second), true, name);
            NS_TEST_ASSERT_MSG_EQ(
                diagram.GetSource(t.first, t.second).rfind("RFC 9293 figure 5", 0),
                0u,
                name << ": source " << diagram.GetSource(t.first, t.second));
            NS_TEST_ASSERT_MSG_NE(diagram.GetEvent(t.first, t.second), "", name);
        }
        for (const auto& t : kText)
        {
            const std::string name = ToString(std::vector<Transition>{t});
            const std::string source = diagram.GetSource(t.first, t.second);
            NS_TEST_ASSERT_MSG_EQ(diagram.IsLegal(t.first, t.second), true, name);
            NS_TEST_ASSERT_MSG_EQ(source.rfind("RFC 9293 3.", 0), 0u, name << ": " << source);
            NS_TEST_ASSERT_MSG_EQ((source.find("figure") == std::string::npos),
                                  true,
                                  name << ": not an arrow of the figure: " << source);
        }
        // Nothing else: the diagram has exactly the figure's and the text's transitions.
        NS_TEST_ASSERT_MSG_EQ(diagram.GetEdgeCount(),
                              kFigure5.size() + kText.size(),
                              "edges: " << ToString(diagram.GetEdges()));
        const auto edges = diagram.GetEdges();
        NS_TEST_ASSERT_MSG_EQ(Transitions(edges.begin(), edges.end()).size(),
                              edges.size(),
                              "one edge per transition");

        for (const auto& t : kImpossible)
        {
            const std::string name = ToString(std::vector<Transition>{t});
            NS_TEST_ASSERT_MSG_EQ(diagram.IsLegal(t.first, t.second), false, name);
            NS_TEST_ASSERT_MSG_EQ(diagram.GetEvent(t.first, t.second), "", name);
            NS_TEST_ASSERT_MSG_EQ(diagram.GetSource(t.first, t.second), "", name);
            NS_TEST_ASSERT_MSG_EQ(diagram.Visit(t.first, t.second), false, name);
        }
        NS_TEST_ASSERT_MSG_EQ(diagram.IsLegal(CLOSED, TcpSocket::LAST_STATE),
                              false,
                              "LAST_STATE is no state");
        NS_TEST_ASSERT_MSG_EQ(diagram.IsLegal(TcpSocket::LAST_STATE, CLOSED),
                              false,
                              "LAST_STATE is no state");

        // Every state can end in CLOSED (RST, ABORT, timeouts); only LISTEN and SYN_SENT
        // leave CLOSED.
        for (uint32_t s = 0; s < TcpSocket::LAST_STATE; ++s)
        {
            const auto state = static_cast<State>(s);
            if (state != CLOSED)
            {
                NS_TEST_ASSERT_MSG_EQ(diagram.IsLegal(state, CLOSED),
                                      true,
                                      TcpSocket::TcpStateName[s] << " -> CLOSED");
            }
            NS_TEST_ASSERT_MSG_EQ(diagram.IsLegal(CLOSED, state),
                                  (state == LISTEN || state == SYN_SENT),
                                  "CLOSED -> " << TcpSocket::TcpStateName[s]);
        }

        NS_TEST_ASSERT_MSG_EQ(diagram.GetEvent(LISTEN, SYN_RCVD), "rcv SYN, snd SYN,ACK", "");
        NS_TEST_ASSERT_MSG_EQ(diagram.GetEvent(TIME_WAIT, CLOSED).rfind("timeout 2MSL", 0),
                              0u,
                              diagram.GetEvent(TIME_WAIT, CLOSED));
        NS_TEST_ASSERT_MSG_EQ(diagram.GetSource(SYN_RCVD, LISTEN),
                              "RFC 9293 figure 5 note 1, 3.10.7.4",
                              "");
        NS_TEST_ASSERT_MSG_NE(diagram.GetSource(FIN_WAIT_2, CLOSED).find("Linux: tcp_fin_timeout"),
                              std::string::npos,
                              diagram.GetSource(FIN_WAIT_2, CLOSED));
    }
};

/// Check() and the coverage counts on hand-made records.
class CheckTestCase : public TestCase
{
  public:
    CheckTestCase()
        : TestCase("Check(): an illegal record is a Violation with time, node and states")
    {
    }

  private:
    void DoRun() override
    {
        TcpStateDiagram diagram;
        NS_TEST_ASSERT_MSG_EQ(diagram.GetVisitedEdgeCount(), 0u, "nothing visited yet");
        NS_TEST_ASSERT_MSG_EQ(diagram.GetUnvisitedEdges().size(),
                              diagram.GetEdgeCount(),
                              "all unvisited");

        const std::vector<TcpTransitionRecord> records = {
            Record(MilliSeconds(1000), FIN_WAIT_2, TIME_WAIT),
            Record(MilliSeconds(2031), TIME_WAIT, ESTABLISHED),
            Record(MilliSeconds(61000), TIME_WAIT, CLOSED),
            Record(MilliSeconds(62000), TIME_WAIT, CLOSED),
        };
        const auto violations = diagram.Check(records);
        NS_TEST_ASSERT_MSG_EQ(violations.size(), 1u, "one illegal record");
        if (violations.size() == 1)
        {
            const auto& v = violations.front();
            NS_TEST_ASSERT_MSG_EQ(v.time, MilliSeconds(2031), "when");
            NS_TEST_ASSERT_MSG_EQ(v.connection.node, 1u, "where");
            NS_TEST_ASSERT_MSG_EQ(v.from, TIME_WAIT, "from");
            NS_TEST_ASSERT_MSG_EQ(v.to, ESTABLISHED, "to");
            NS_TEST_ASSERT_MSG_EQ(v.ToString(),
                                  "t=2.031 s node 1 10.1.1.2:80 -> 10.1.1.1:49153: TIME_WAIT -> "
                                  "ESTABLISHED is not in RFC 9293's diagram",
                                  "the message");
        }
        NS_TEST_ASSERT_MSG_EQ(diagram.GetVisitCount(FIN_WAIT_2, TIME_WAIT), 1u, "legal: visited");
        NS_TEST_ASSERT_MSG_EQ(diagram.GetVisitCount(TIME_WAIT, CLOSED), 2u, "twice");
        NS_TEST_ASSERT_MSG_EQ(diagram.GetVisitCount(TIME_WAIT, ESTABLISHED), 0u, "illegal");
        NS_TEST_ASSERT_MSG_EQ(diagram.GetVisitedEdgeCount(), 2u, "two distinct edges");
        NS_TEST_ASSERT_MSG_EQ_TOL(diagram.GetCoverage(), 2.0 / 28, 1e-12, "2 of 28");
        NS_TEST_ASSERT_MSG_EQ(diagram.GetUnvisitedEdges().size(), 26u, "26 left");

        // Coverage accumulates across calls, and Visit() counts like Check().
        NS_TEST_ASSERT_MSG_EQ(diagram.Check({Record(Seconds(70), FIN_WAIT_1, CLOSING)}).size(),
                              0u,
                              "legal");
        NS_TEST_ASSERT_MSG_EQ(diagram.Visit(CLOSING, TIME_WAIT), true, "legal");
        NS_TEST_ASSERT_MSG_EQ(diagram.GetVisitedEdgeCount(), 4u, "accumulated");
        const auto unvisited = diagram.GetUnvisitedEdges();
        const Transitions left(unvisited.begin(), unvisited.end());
        NS_TEST_ASSERT_MSG_EQ(left.count({FIN_WAIT_1, CLOSING}), 0u, "visited");
        NS_TEST_ASSERT_MSG_EQ(left.count({FIN_WAIT_1, FIN_WAIT_2}), 1u, "not visited");

        diagram.ResetCoverage();
        NS_TEST_ASSERT_MSG_EQ(diagram.GetVisitedEdgeCount(), 0u, "forgotten");
        NS_TEST_ASSERT_MSG_EQ(diagram.GetVisitCount(TIME_WAIT, CLOSED), 0u, "forgotten");
        NS_TEST_ASSERT_MSG_EQ(diagram.GetCoverage(), 0.0, "forgotten");

        // A time with nanoseconds, an unbound socket and a value outside the enumeration.
        TcpTransitionRecord odd = Record(NanoSeconds(61066004800), ESTABLISHED, TIME_WAIT);
        odd.connection.local = Address();
        const auto more = diagram.Check({odd, Record(Seconds(3), CLOSED, TcpSocket::LAST_STATE)});
        NS_TEST_ASSERT_MSG_EQ(more.size(), 2u, "both illegal");
        if (more.size() == 2)
        {
            NS_TEST_ASSERT_MSG_EQ(more[0].ToString(),
                                  "t=61.0660048 s node 1 ? -> 10.1.1.1:49153: ESTABLISHED -> "
                                  "TIME_WAIT is not in RFC 9293's diagram",
                                  "nanoseconds kept, unknown address");
            NS_TEST_ASSERT_MSG_EQ(more[1].ToString(),
                                  "t=3 s node 1 10.1.1.2:80 -> 10.1.1.1:49153: CLOSED -> state 11 "
                                  "is not in RFC 9293's diagram",
                                  "no such state");
        }
    }
};

/// WriteGraphviz(): DOT with the visited edges marked; Render() with or without Graphviz.
class GraphvizTestCase : public TestCase
{
  public:
    GraphvizTestCase()
        : TestCase("WriteGraphviz() marks visited edges; Render() runs dot if installed")
    {
    }

  private:
    void DoRun() override
    {
        TcpStateDiagram diagram;
        diagram.Visit(FIN_WAIT_2, TIME_WAIT);
        diagram.Visit(FIN_WAIT_2, TIME_WAIT);
        std::ostringstream dot;
        diagram.WriteGraphviz(dot);
        const std::string text = dot.str();

        NS_TEST_ASSERT_MSG_EQ(text.rfind("digraph G {", 0), 0u, text.substr(0, 40));
        NS_TEST_ASSERT_MSG_EQ(CountLines(text, "->"), 28u, "one line per edge");
        NS_TEST_ASSERT_MSG_EQ(CountLines(text, "style=bold"), 1u, "one visited edge");
        NS_TEST_ASSERT_MSG_EQ(CountLines(text, "style=dashed"), 27u, "27 unvisited edges");
        NS_TEST_ASSERT_MSG_EQ(CountLines(text, "1 of 28 transitions visited"), 1u, "title");
        const std::string visited = LineStartingWith(text, "FIN_WAIT_2->TIME_WAIT ");
        NS_TEST_ASSERT_MSG_EQ(visited.rfind("FIN_WAIT_2->TIME_WAIT [label=\"rcv FIN, snd "
                                            "ACK\\nvisits: 2\", style=bold",
                                            0),
                              0u,
                              "visited edge: " << visited);
        const std::string unvisited = LineStartingWith(text, "FIN_WAIT_1->CLOSING ");
        NS_TEST_ASSERT_MSG_EQ(unvisited.rfind("FIN_WAIT_1->CLOSING [label=\"rcv FIN, snd ACK\", "
                                              "style=dashed",
                                              0),
                              0u,
                              "unvisited edge: " << unvisited);
        NS_TEST_ASSERT_MSG_NE(unvisited.find("tooltip=\"RFC 9293 figure 5\""),
                              std::string::npos,
                              "the source as tooltip: " << unvisited);
        NS_TEST_ASSERT_MSG_EQ(CountLines(text, "TIME_WAIT[label=\"TIME_WAIT\"];"), 1u, "vertex");

        // Deterministic: the same visits give the same text.
        TcpStateDiagram again;
        again.Check(
            {Record(Seconds(1), FIN_WAIT_2, TIME_WAIT), Record(Seconds(2), FIN_WAIT_2, TIME_WAIT)});
        std::ostringstream dotAgain;
        again.WriteGraphviz(dotAgain);
        NS_TEST_ASSERT_MSG_EQ(dotAgain.str(), text, "same visits, same DOT");

        // Render(): an unknown format is refused whether or not Graphviz is installed.
        const std::string dotFile = CreateTempDirFilename("tcp-state-diagram.dot");
        {
            std::ofstream out(dotFile);
            out << text;
        }
        const std::string svg = CreateTempDirFilename("tcp-state-diagram.svg");
        const std::string png = CreateTempDirFilename("tcp-state-diagram.png");
        std::remove(svg.c_str());
        std::remove(png.c_str());
        NS_TEST_ASSERT_MSG_EQ(TcpStateDiagram::Render(dotFile, svg, "pdf"), false, "pdf");

        // Whether dot is installed, asked of the shell rather than of the class under test.
        const bool haveDot = std::system("command -v dot > /dev/null 2>&1") == 0;
        if (!haveDot)
        {
            NS_TEST_ASSERT_MSG_EQ(TcpStateDiagram::Render(dotFile, svg, "svg"),
                                  false,
                                  "no Graphviz: Render() says so");
            NS_TEST_ASSERT_MSG_EQ(ReadFile(svg), "", "and writes nothing");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(TcpStateDiagram::Render(dotFile, svg, "svg"), true, "svg");
        const std::string image = ReadFile(svg);
        NS_TEST_ASSERT_MSG_NE(image.find("<svg"), std::string::npos, "an SVG image");
        NS_TEST_ASSERT_MSG_NE(image.find("FIN_WAIT_2"), std::string::npos, "with the states");
        NS_TEST_ASSERT_MSG_EQ(TcpStateDiagram::Render(dotFile, png, "png"), true, "png");
        NS_TEST_ASSERT_MSG_EQ(ReadFile(png).rfind("\x89PNG\r\n\x1a\n", 0), 0u, "a PNG image");
        NS_TEST_ASSERT_MSG_EQ(TcpStateDiagram::Render(dotFile + ".missing", svg, "svg"),
                              false,
                              "dot fails on a missing file");
    }
};

/// The scenarios, each a short simulation on the fixture's topology.
enum class Story
{
    GRACEFUL_LINUX,     //!< client closes, server closes on end of stream (Linux profile)
    GRACEFUL_NS3,       //!< the same with stock ns-3
    ABORT,              //!< SO_LINGER {1, 0}: RST, both ends CLOSED from ESTABLISHED
    LOST_FINAL_ACK,     //!< the client's last ACK is lost: LAST_ACK resends its FIN
    FIN_GIVE_UP,        //!< the server host crashes, the client's FIN is never acknowledged
    ORPHAN_FIN_WAIT_2,  //!< the server never closes: the orphan times out in FIN_WAIT_2
    SIMULTANEOUS_CLOSE, //!< both ends close at once: their FINs cross, CLOSING
    FIN_IN_SYN_RCVD,    //!< the handshake's ACK is lost, the client's FIN reaches SYN_RCVD
};

/// Every story, in the order the suite runs them.
const std::vector<Story> kStories = {Story::GRACEFUL_LINUX,
                                     Story::GRACEFUL_NS3,
                                     Story::ABORT,
                                     Story::LOST_FINAL_ACK,
                                     Story::FIN_GIVE_UP,
                                     Story::ORPHAN_FIN_WAIT_2,
                                     Story::SIMULTANEOUS_CLOSE,
                                     Story::FIN_IN_SYN_RCVD};

/// Name of a story.
std::string
StoryName(Story story)
{
    switch (story)
    {
    case Story::GRACEFUL_LINUX:
        return "graceful close (Linux)";
    case Story::GRACEFUL_NS3:
        return "graceful close (Ns3)";
    case Story::ABORT:
        return "abortive close, SO_LINGER {1, 0}";
    case Story::LOST_FINAL_ACK:
        return "lost final ACK";
    case Story::FIN_GIVE_UP:
        return "peer crash, FIN give-up";
    case Story::ORPHAN_FIN_WAIT_2:
        return "orphan in FIN_WAIT_2, tcp_fin_timeout";
    case Story::SIMULTANEOUS_CLOSE:
        return "simultaneous close";
    case Story::FIN_IN_SYN_RCVD:
        return "handshake ACK lost, FIN in SYN_RCVD";
    }
    return "?";
}

/// \return \p a and \p b
Transitions
Union(Transitions a, const Transitions& b)
{
    a.insert(b.begin(), b.end());
    return a;
}

/// The opening of a connection to a listener.
const Transitions kOpen = {
    {CLOSED, LISTEN},
    {CLOSED, SYN_SENT},
    {LISTEN, SYN_RCVD},
    {SYN_SENT, ESTABLISHED},
};

/// The handshake: the opening, and the accepted connection established.
const Transitions kHandshake = Union(kOpen, {{SYN_RCVD, ESTABLISHED}});

/// The active closer's side of a four-way close.
const Transitions kActiveClose = {
    {ESTABLISHED, FIN_WAIT_1},
    {FIN_WAIT_1, FIN_WAIT_2},
    {FIN_WAIT_2, TIME_WAIT},
    {TIME_WAIT, CLOSED},
};

/// The passive closer's side, after CLOSE_WAIT.
const Transitions kPassiveClose = {
    {CLOSE_WAIT, LAST_ACK},
    {LAST_ACK, CLOSED},
};

/// The transitions a story must visit, and no others.
Transitions
Expected(Story story)
{
    switch (story)
    {
    case Story::GRACEFUL_LINUX:
    case Story::GRACEFUL_NS3:
    case Story::LOST_FINAL_ACK:
        return Union(Union(kHandshake, kActiveClose),
                     Union(kPassiveClose, {{ESTABLISHED, CLOSE_WAIT}}));
    case Story::ABORT:
        return Union(kHandshake, {{ESTABLISHED, CLOSED}});
    case Story::FIN_GIVE_UP:
        return Union(kHandshake,
                     {{LISTEN, CLOSED}, // the crash takes the listener too
                      {ESTABLISHED, CLOSED},
                      {ESTABLISHED, FIN_WAIT_1},
                      {FIN_WAIT_1, CLOSED}});
    case Story::ORPHAN_FIN_WAIT_2:
        return Union(kHandshake,
                     {{ESTABLISHED, FIN_WAIT_1},
                      {FIN_WAIT_1, FIN_WAIT_2},
                      {FIN_WAIT_2, CLOSED},
                      {ESTABLISHED, CLOSE_WAIT}});
    case Story::SIMULTANEOUS_CLOSE:
        return Union(kHandshake,
                     {{ESTABLISHED, FIN_WAIT_1},
                      {FIN_WAIT_1, CLOSING},
                      {CLOSING, TIME_WAIT},
                      {TIME_WAIT, CLOSED}});
    case Story::FIN_IN_SYN_RCVD:
        // No SYN_RCVD -> ESTABLISHED: the FIN takes the accepted connection to CLOSE_WAIT.
        return Union(Union(kOpen, kActiveClose), Union(kPassiveClose, {{SYN_RCVD, CLOSE_WAIT}}));
    }
    return {};
}

/// A simulation whose recorded transitions must all be in the diagram.
class StoryTestCase : public TeardownTestCase
{
  public:
    /**
     * \param story the story
     * \param total the suite's diagram, where every story's visits add up
     */
    StoryTestCase(Story story, std::shared_ptr<TcpStateDiagram> total)
        : TeardownTestCase("Check() on a simulation: " + StoryName(story)),
          m_story(story),
          m_total(std::move(total))
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("Profile",
                                  StringValue(m_story == Story::GRACEFUL_NS3 ? "Ns3" : "Linux"));
        switch (m_story)
        {
        case Story::ABORT:
            helper.SetSocketAttribute("Linger", BooleanValue(true));
            helper.SetSocketAttribute("LingerTime", TimeValue(Seconds(0)));
            break;
        case Story::FIN_GIVE_UP:
            helper.SetSocketAttribute("OrphanRetries", UintegerValue(3));
            break;
        case Story::ORPHAN_FIN_WAIT_2:
            helper.SetSocketAttribute("FinTimeout", TimeValue(Seconds(30)));
            break;
        default:
            break;
        }
        BuildTopology(helper);

        Ptr<SegmentDropper> dropper;
        Listener listener;
        switch (m_story)
        {
        case Story::FIN_GIVE_UP: {
            // t = 1 s connect, t = 2 s the server host crashes, t = 3 s the client closes.
            InstallServerApp(5000);
            Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
            Simulator::Schedule(Seconds(2), &TcpTeardownHelper::CrashHost, m_server);
            At(Seconds(3), [client]() { client->Close(); });
            break;
        }
        case Story::SIMULTANEOUS_CLOSE: {
            // Both ends close at t = 2 s: each FIN leaves before the other arrives.
            listener.Start(m_server, 5000, nullptr);
            Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
            At(Seconds(2), [client, &listener]() {
                client->Close();
                if (listener.accepted)
                {
                    listener.accepted->Close();
                }
            });
            break;
        }
        case Story::FIN_IN_SYN_RCVD: {
            // The client closes as soon as it is connected; its ACK of the SYN-ACK, the first
            // bare ACK the server receives, is lost: the FIN arrives in SYN_RCVD.
            InstallServerApp(5000);
            dropper = DropArrivingAtServer();
            dropper->DropNth(
                [](const TcpHeader& h, uint32_t size) {
                    return size == 0 && h.GetFlags() == TcpHeader::ACK;
                },
                1);
            Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
            client->SetConnectCallback(
                FunctionCallback<Ptr<Socket>>([](Ptr<Socket> socket) { socket->Close(); }),
                MakeNullCallback<void, Ptr<Socket>>());
            break;
        }
        default: {
            Ptr<TcpTeardownApplication> server = InstallServerApp(5000);
            Ptr<TcpTeardownApplication> client = InstallClientApp(5000, Seconds(1));
            client->SetAttribute("SendBytes", UintegerValue(10000));
            client->SetAttribute("CloseWhenDone", BooleanValue(true));
            if (m_story == Story::ORPHAN_FIN_WAIT_2)
            {
                server->SetAttribute("CloseOnEndOfStream", BooleanValue(false));
            }
            if (m_story == Story::LOST_FINAL_ACK)
            {
                // The server sends no data: the client's first bare ACK of 2 acknowledges
                // the server's FIN (ISN 0), the last segment of the close.
                dropper = DropArrivingAtServer();
                dropper->DropNth(
                    [](const TcpHeader& h, uint32_t size) {
                        return size == 0 && h.GetFlags() == TcpHeader::ACK &&
                               h.GetAckNumber() == SequenceNumber32(2);
                    },
                    1);
            }
            break;
        }
        }
        RunUntil(Seconds(1000));

        TcpStateDiagram diagram;
        const auto& transitions = m_recorder.GetTransitions();
        NS_TEST_ASSERT_MSG_GT(transitions.size(), 5u, "the story took transitions");
        const auto violations = diagram.Check(transitions);
        std::ostringstream messages;
        for (const auto& v : violations)
        {
            messages << "\n  " << v.ToString();
        }
        NS_TEST_ASSERT_MSG_EQ(violations.size(), 0u, "violations:" << messages.str());
        m_total->Check(transitions);

        const Transitions expected = Expected(m_story);
        NS_TEST_ASSERT_MSG_EQ(ToString(Visited(diagram)),
                              ToString(expected),
                              "visited transitions");
        NS_TEST_ASSERT_MSG_EQ(diagram.GetVisitedEdgeCount(), expected.size(), "visited count");
        if (dropper)
        {
            NS_TEST_ASSERT_MSG_EQ(dropper->GetDropped(), 1u, "the ACK was dropped");
        }
        switch (m_story)
        {
        case Story::ABORT:
            NS_TEST_ASSERT_MSG_EQ(diagram.GetVisitCount(ESTABLISHED, CLOSED),
                                  2u,
                                  "both ends leave ESTABLISHED for CLOSED");
            break;
        case Story::LOST_FINAL_ACK:
            NS_TEST_ASSERT_MSG_GT(m_recorder.GetRetransmissions(m_server->GetId()).size(),
                                  0u,
                                  "LAST_ACK resent its FIN");
            break;
        case Story::FIN_GIVE_UP:
            NS_TEST_ASSERT_MSG_EQ(LastEnd(m_client->GetId()), "ETIMEDOUT", "the client gave up");
            break;
        case Story::ORPHAN_FIN_WAIT_2:
            NS_TEST_ASSERT_MSG_EQ(LastEnd(m_client->GetId()), "ETIMEDOUT", "the orphan timed out");
            break;
        case Story::SIMULTANEOUS_CLOSE:
            NS_TEST_ASSERT_MSG_EQ(diagram.GetVisitCount(FIN_WAIT_1, CLOSING), 2u, "both CLOSING");
            NS_TEST_ASSERT_MSG_EQ(diagram.GetVisitCount(TIME_WAIT, CLOSED), 2u, "both TIME_WAIT");
            break;
        default:
            break;
        }
        if (Expected(m_story).count({FIN_WAIT_2, TIME_WAIT}) > 0)
        {
            NS_TEST_ASSERT_MSG_EQ(diagram.GetVisitCount(FIN_WAIT_2, TIME_WAIT),
                                  1u,
                                  "one active closer went through TIME_WAIT");
            NS_TEST_ASSERT_MSG_EQ(LastEnd(m_server->GetId()), "NONE", "orderly close");
        }
    }

    /// \param node a node id \return the errno name of its last connection end, "" if none
    std::string LastEnd(uint32_t node) const
    {
        const auto ends = m_recorder.GetEnds(node);
        return ends.empty() ? "" : TcpCloseReasonName(ends.back().reason);
    }

    Story m_story;                            //!< the story
    std::shared_ptr<TcpStateDiagram> m_total; //!< visits of every story
};

/// After every story: what the simulations visited together, and what none of them did.
class TotalCoverageTestCase : public TestCase
{
  public:
    /// \param total the diagram the stories checked their transitions into
    explicit TotalCoverageTestCase(std::shared_ptr<TcpStateDiagram> total)
        : TestCase("coverage accumulates across the stories"),
          m_total(std::move(total))
    {
    }

  private:
    void DoRun() override
    {
        Transitions expected;
        for (const Story story : kStories)
        {
            expected = Union(expected, Expected(story));
        }
        NS_TEST_ASSERT_MSG_EQ(ToString(Visited(*m_total)), ToString(expected), "union");
        // What no story takes: opening variants, the RFC's own corner cases, and endings
        // from CLOSE_WAIT, CLOSING and FIN_WAIT_1 straight to TIME_WAIT.
        const Transitions neverTaken = {{LISTEN, SYN_SENT},
                                        {SYN_RCVD, LISTEN},
                                        {SYN_SENT, SYN_RCVD},
                                        {SYN_SENT, CLOSED},
                                        {SYN_RCVD, FIN_WAIT_1},
                                        {SYN_RCVD, CLOSED},
                                        {FIN_WAIT_1, TIME_WAIT},
                                        {CLOSE_WAIT, CLOSED},
                                        {CLOSING, CLOSED}};
        const auto unvisited = m_total->GetUnvisitedEdges();
        NS_TEST_ASSERT_MSG_EQ(ToString(Transitions(unvisited.begin(), unvisited.end())),
                              ToString(neverTaken),
                              "unvisited");
        NS_TEST_ASSERT_MSG_EQ(m_total->GetVisitedEdgeCount() + unvisited.size(),
                              m_total->GetEdgeCount(),
                              "visited and unvisited make up the diagram");
        // Four stories went through FIN_WAIT_2 -> TIME_WAIT: two graceful closes, the lost
        // final ACK and the lost handshake ACK.
        NS_TEST_ASSERT_MSG_EQ(m_total->GetVisitCount(FIN_WAIT_2, TIME_WAIT), 4u, "TIME_WAIT");
        std::ostringstream dot;
        m_total->WriteGraphviz(dot);
        NS_TEST_ASSERT_MSG_EQ(CountLines(dot.str(), "style=bold"),
                              expected.size(),
                              "every visited edge drawn bold");
    }

    std::shared_ptr<TcpStateDiagram> m_total; //!< visits of every story
};

/// The state-diagram suite.
class TcpTeardownStateDiagramTestSuite : public TestSuite
{
  public:
    TcpTeardownStateDiagramTestSuite()
        : TestSuite("tcp-teardown-state-diagram", UNIT)
    {
        AddTestCase(new DiagramTestCase(), TestCase::QUICK);
        AddTestCase(new CheckTestCase(), TestCase::QUICK);
        AddTestCase(new GraphvizTestCase(), TestCase::QUICK);
        // The stories share one diagram, where their visits add up; the last case reads it.
        auto total = std::make_shared<TcpStateDiagram>();
        for (const Story story : kStories)
        {
            AddTestCase(new StoryTestCase(story, total), TestCase::QUICK);
        }
        AddTestCase(new TotalCoverageTestCase(total), TestCase::QUICK);
    }
};

/// Static instance registering the suite.
static TcpTeardownStateDiagramTestSuite g_tcpTeardownStateDiagramTestSuite;

} // namespace
