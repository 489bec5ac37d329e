/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-state-diagram.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"

#include <boost/graph/graphviz.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <spawn.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ; // the environment dot runs with (POSIX)

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpStateDiagram");

namespace
{

/// Number of states in the diagram: CLOSED .. TIME_WAIT.
constexpr uint32_t STATE_COUNT = TcpSocket::LAST_STATE;

/// Name of a state, also for values outside the enumeration.
std::string
StateName(TcpSocket::TcpStates_t state)
{
    if (static_cast<uint32_t>(state) < STATE_COUNT)
    {
        return TcpSocket::TcpStateName[state];
    }
    return "state " + std::to_string(static_cast<int>(state));
}

/// Seconds with up to nine decimals, trailing zeros dropped: "2.031", "61", "1.0660048".
std::string
FormatSeconds(Time time)
{
    const int64_t ns = time.GetNanoSeconds();
    const uint64_t magnitude = ns < 0 ? -static_cast<uint64_t>(ns) : static_cast<uint64_t>(ns);
    std::ostringstream os;
    os << (ns < 0 ? "-" : "") << magnitude / 1000000000;
    const uint64_t fraction = magnitude % 1000000000;
    if (fraction != 0)
    {
        std::ostringstream digits;
        digits << std::setw(9) << std::setfill('0') << fraction;
        std::string text = digits.str();
        text.erase(text.find_last_not_of('0') + 1);
        os << "." << text;
    }
    return os.str();
}

/// "address:port" of an InetSocketAddress, "[address]:port" of an Inet6SocketAddress.
std::string
FormatAddress(const Address& address)
{
    std::ostringstream os;
    if (InetSocketAddress::IsMatchingType(address))
    {
        const InetSocketAddress inet = InetSocketAddress::ConvertFrom(address);
        os << inet.GetIpv4() << ":" << inet.GetPort();
    }
    else if (Inet6SocketAddress::IsMatchingType(address))
    {
        const Inet6SocketAddress inet6 = Inet6SocketAddress::ConvertFrom(address);
        os << "[" << inet6.GetIpv6() << "]:" << inet6.GetPort();
    }
    else
    {
        os << "?";
    }
    return os.str();
}

/// Text for a DOT double-quoted string: quotes and backslashes escaped.
std::string
DotEscape(const std::string& text)
{
    std::string escaped;
    for (const char c : text)
    {
        if (c == '"' || c == '\\')
        {
            escaped += '\\';
        }
        escaped += c;
    }
    return escaped;
}

/// An edge label: one reason per line ("; " separates reasons in the event text).
std::string
DotLabel(const std::string& event)
{
    std::string label = DotEscape(event);
    std::string::size_type at = 0;
    while ((at = label.find("; ", at)) != std::string::npos)
    {
        label.replace(at, 2, "\\n");
        at += 2;
    }
    return label;
}

/// boost::write_graphviz vertex writer: the state's name.
class StateWriter
{
  public:
    /// \param graph the graph
    explicit StateWriter(const TcpStateDiagram::Graph& graph)
        : m_graph(graph)
    {
    }

    /// \param os the stream \param vertex the vertex
    template <typename Vertex>
    void operator()(std::ostream& os, const Vertex& vertex) const
    {
        os << "[label=\"" << DotEscape(m_graph[vertex].name) << "\"]";
    }

  private:
    const TcpStateDiagram::Graph& m_graph; //!< the graph
};

/// boost::write_graphviz edge writer: event as label, visits, source as tooltip.
class TransitionWriter
{
  public:
    /// \param graph the graph
    explicit TransitionWriter(const TcpStateDiagram::Graph& graph)
        : m_graph(graph)
    {
    }

    /// \param os the stream \param edge the edge
    template <typename Edge>
    void operator()(std::ostream& os, const Edge& edge) const
    {
        const TcpStateDiagram::TransitionProperties& t = m_graph[edge];
        os << "[label=\"" << DotLabel(t.event);
        if (t.visits > 0)
        {
            os << "\\nvisits: " << t.visits
               << "\", style=bold, penwidth=2, color=\"#1f4e9c\", fontcolor=\"#1f4e9c\"";
        }
        else
        {
            os << "\", style=dashed, color=grey60, fontcolor=grey50";
        }
        os << ", tooltip=\"" << DotEscape(t.source) << "\"]";
    }

  private:
    const TcpStateDiagram::Graph& m_graph; //!< the graph
};

/// boost::write_graphviz graph writer: title, layout and default styles.
class DiagramWriter
{
  public:
    /// \param visited visited edges \param edges all edges
    DiagramWriter(uint32_t visited, uint32_t edges)
        : m_visited(visited),
          m_edges(edges)
    {
    }

    /// \param os the stream
    void operator()(std::ostream& os) const
    {
        os << "label=\"TCP state diagram, RFC 9293: " << m_visited << " of " << m_edges
           << " transitions visited\";\n"
           << "labelloc=t;\n"
           << "node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
           << "edge [fontname=\"Helvetica\", fontsize=9];\n";
    }

  private:
    uint32_t m_visited; //!< visited edges
    uint32_t m_edges;   //!< all edges
};

/// Where an executable is on the PATH, "" if it is not.
std::string
FindOnPath(const std::string& program)
{
    const char* path = std::getenv("PATH");
    if (path == nullptr)
    {
        return "";
    }
    std::istringstream directories(path);
    std::string directory;
    while (std::getline(directories, directory, ':'))
    {
        const std::string candidate = (directory.empty() ? "." : directory) + "/" + program;
        struct stat info;
        if (stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
            access(candidate.c_str(), X_OK) == 0)
        {
            return candidate;
        }
    }
    return "";
}

} // namespace

std::string
TcpStateDiagram::Violation::ToString() const
{
    std::ostringstream os;
    os << "t=" << FormatSeconds(time) << " s node " << connection.node << " "
       << FormatAddress(connection.local) << " -> " << FormatAddress(connection.peer) << ": "
       << StateName(from) << " -> " << StateName(to) << " is not in RFC 9293's diagram";
    return os.str();
}

TcpStateDiagram::TcpStateDiagram()
    : m_graph(STATE_COUNT)
{
    NS_LOG_FUNCTION(this);
    for (uint32_t s = 0; s < STATE_COUNT; ++s)
    {
        const auto state = static_cast<TcpSocket::TcpStates_t>(s);
        m_graph[s].state = state;
        m_graph[s].name = TcpSocket::TcpStateName[state];
    }

    // Sources, shared by several transitions.
    const std::string figure = "RFC 9293 figure 5";
    const std::string crash = "module: host crash (TcpTeardownSocket::Crash)";
    // RST (3.10.7.4), ABORT (3.10.5), user timeout (3.10.8), retransmission give-up (3.8.3).
    const std::string endings = "3.10.7.4, 3.10.5, 3.10.8, 3.8.3";

    // The arrows of figure 5, in the figure's order from top to bottom.
    AddTransition(TcpSocket::CLOSED, TcpSocket::LISTEN, "passive OPEN, create TCB", figure);
    AddTransition(TcpSocket::CLOSED,
                  TcpSocket::SYN_SENT,
                  "active OPEN, create TCB, snd SYN",
                  figure);
    AddTransition(TcpSocket::LISTEN,
                  TcpSocket::CLOSED,
                  "CLOSE, delete TCB; ABORT; host crash",
                  figure + ", 3.10.5; " + crash);
    AddTransition(TcpSocket::SYN_RCVD,
                  TcpSocket::LISTEN,
                  "rcv RST or SYN (passive OPEN)",
                  figure + " note 1, 3.10.7.4");
    AddTransition(TcpSocket::LISTEN,
                  TcpSocket::SYN_RCVD,
                  "rcv SYN, snd SYN,ACK",
                  figure + "; ns-3: taken by the listener's forked socket");
    AddTransition(TcpSocket::LISTEN, TcpSocket::SYN_SENT, "SEND, snd SYN", figure);
    AddTransition(TcpSocket::SYN_SENT,
                  TcpSocket::SYN_RCVD,
                  "rcv SYN, snd SYN,ACK (simultaneous open)",
                  figure);
    AddTransition(TcpSocket::SYN_SENT,
                  TcpSocket::CLOSED,
                  "CLOSE, delete TCB; rcv RST acking our SYN; ABORT; user timeout; SYN give-up; "
                  "host crash",
                  figure + ", 3.10.7.3, 3.10.5, 3.10.8, 3.8.3; " + crash);
    AddTransition(TcpSocket::SYN_RCVD, TcpSocket::ESTABLISHED, "rcv ACK of SYN", figure);
    AddTransition(TcpSocket::SYN_SENT, TcpSocket::ESTABLISHED, "rcv SYN,ACK, snd ACK", figure);
    AddTransition(TcpSocket::SYN_RCVD, TcpSocket::FIN_WAIT_1, "CLOSE, snd FIN", figure);
    AddTransition(TcpSocket::ESTABLISHED, TcpSocket::FIN_WAIT_1, "CLOSE, snd FIN", figure);
    AddTransition(TcpSocket::ESTABLISHED, TcpSocket::CLOSE_WAIT, "rcv FIN, snd ACK", figure);
    AddTransition(TcpSocket::FIN_WAIT_1, TcpSocket::FIN_WAIT_2, "rcv ACK of FIN", figure);
    AddTransition(TcpSocket::FIN_WAIT_1, TcpSocket::CLOSING, "rcv FIN, snd ACK", figure);
    AddTransition(TcpSocket::CLOSE_WAIT, TcpSocket::LAST_ACK, "CLOSE, snd FIN", figure);
    AddTransition(TcpSocket::FIN_WAIT_2, TcpSocket::TIME_WAIT, "rcv FIN, snd ACK", figure);
    AddTransition(TcpSocket::CLOSING, TcpSocket::TIME_WAIT, "rcv ACK of FIN", figure);
    AddTransition(TcpSocket::LAST_ACK,
                  TcpSocket::CLOSED,
                  "rcv ACK of FIN; rcv RST; ABORT; user timeout; FIN give-up; data after close(): "
                  "snd RST; host crash",
                  figure + ", " + endings + "; Linux: RST for data after close(); " + crash);
    AddTransition(TcpSocket::TIME_WAIT,
                  TcpSocket::CLOSED,
                  "timeout 2MSL, delete TCB; rcv RST (assassination, RFC 1337); ABORT; "
                  "4-tuple reused by a new connection; host crash",
                  figure +
                      ", 3.10.8, 3.10.7.4, 3.10.5; Linux: TIME_WAIT reuse "
                      "(tcp_twsk_unique, tcp_timewait_state_process); " +
                      crash);

    // Transitions the text of RFC 9293 adds.
    AddTransition(TcpSocket::FIN_WAIT_1,
                  TcpSocket::TIME_WAIT,
                  "rcv FIN and ACK of our FIN, snd ACK",
                  "RFC 9293 3.3.2 note 2, 3.10.7.4");
    AddTransition(TcpSocket::SYN_RCVD,
                  TcpSocket::CLOSE_WAIT,
                  "rcv FIN, snd ACK",
                  "RFC 9293 3.10.7.4");
    AddTransition(TcpSocket::SYN_RCVD,
                  TcpSocket::CLOSED,
                  "rcv RST (active OPEN); ABORT; user timeout; SYN,ACK give-up; host crash",
                  "RFC 9293 " + endings +
                      "; ns-3, Linux: a RST also ends a passive open's child socket, the "
                      "listener stays in LISTEN; " +
                      crash);
    AddTransition(TcpSocket::ESTABLISHED,
                  TcpSocket::CLOSED,
                  "rcv RST; ABORT, snd RST; user timeout; retransmission give-up; keepalive "
                  "give-up; host crash",
                  "RFC 9293 " + endings +
                      "; Linux: keepalive give-up, close() with unread data or SO_LINGER "
                      "{1, 0} (ABORT); " +
                      crash);
    AddTransition(TcpSocket::CLOSE_WAIT,
                  TcpSocket::CLOSED,
                  "rcv RST; ABORT, snd RST; user timeout; retransmission give-up; keepalive "
                  "give-up; host crash",
                  "RFC 9293 " + endings +
                      "; Linux: keepalive give-up, close() with unread data or SO_LINGER "
                      "{1, 0} (ABORT); " +
                      crash);
    AddTransition(TcpSocket::FIN_WAIT_1,
                  TcpSocket::CLOSED,
                  "rcv RST; ABORT, snd RST; user timeout; FIN give-up; data after close(): "
                  "snd RST; host crash",
                  "RFC 9293 " + endings +
                      "; Linux: orphan FIN give-up (tcp_orphan_retries), RST for data after "
                      "close(); " +
                      crash);
    AddTransition(TcpSocket::FIN_WAIT_2,
                  TcpSocket::CLOSED,
                  "rcv RST; ABORT, snd RST; user timeout; orphan: tcp_fin_timeout; keepalive "
                  "give-up; data after close(): snd RST; host crash",
                  "RFC 9293 3.10.7.4, 3.10.5, 3.10.8; Linux: tcp_fin_timeout, keepalive "
                  "give-up, RST for data after close(); " +
                      crash);
    AddTransition(TcpSocket::CLOSING,
                  TcpSocket::CLOSED,
                  "rcv RST; ABORT; user timeout; FIN give-up; data after close(): snd RST; host "
                  "crash",
                  "RFC 9293 " + endings + "; Linux: RST for data after close(); " + crash);
}

void
TcpStateDiagram::AddTransition(TcpSocket::TcpStates_t from,
                               TcpSocket::TcpStates_t to,
                               const std::string& event,
                               const std::string& source)
{
    TransitionProperties properties;
    properties.event = event;
    properties.source = source;
    const auto added =
        boost::add_edge(static_cast<Vertex>(from), static_cast<Vertex>(to), properties, m_graph);
    NS_ASSERT_MSG(added.second, "adjacency_list with vecS edges accepts every edge");
    (void)added;
}

bool
TcpStateDiagram::FindEdge(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to, Edge& edge) const
{
    if (static_cast<uint32_t>(from) >= STATE_COUNT || static_cast<uint32_t>(to) >= STATE_COUNT)
    {
        return false; // LAST_STATE or an out-of-range value: no such vertex
    }
    const auto found = boost::edge(static_cast<Vertex>(from), static_cast<Vertex>(to), m_graph);
    edge = found.first;
    return found.second;
}

bool
TcpStateDiagram::IsLegal(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to) const
{
    Edge edge;
    return FindEdge(from, to, edge);
}

std::string
TcpStateDiagram::GetEvent(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to) const
{
    Edge edge;
    return FindEdge(from, to, edge) ? m_graph[edge].event : std::string();
}

std::string
TcpStateDiagram::GetSource(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to) const
{
    Edge edge;
    return FindEdge(from, to, edge) ? m_graph[edge].source : std::string();
}

std::vector<TcpStateDiagram::Violation>
TcpStateDiagram::Check(const std::vector<TcpTransitionRecord>& transitions)
{
    NS_LOG_FUNCTION(this << transitions.size());
    std::vector<Violation> violations;
    for (const auto& record : transitions)
    {
        if (Visit(record.from, record.to))
        {
            continue;
        }
        Violation violation;
        violation.time = record.time;
        violation.connection = record.connection;
        violation.from = record.from;
        violation.to = record.to;
        NS_LOG_WARN(violation.ToString());
        violations.push_back(violation);
    }
    return violations;
}

bool
TcpStateDiagram::Visit(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to)
{
    Edge edge;
    if (!FindEdge(from, to, edge))
    {
        return false;
    }
    ++m_graph[edge].visits;
    NS_LOG_LOGIC(StateName(from) << " -> " << StateName(to) << ": visit " << m_graph[edge].visits);
    return true;
}

uint32_t
TcpStateDiagram::GetVisitCount(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to) const
{
    Edge edge;
    return FindEdge(from, to, edge) ? m_graph[edge].visits : 0;
}

uint32_t
TcpStateDiagram::GetEdgeCount() const
{
    return static_cast<uint32_t>(boost::num_edges(m_graph));
}

uint32_t
TcpStateDiagram::GetVisitedEdgeCount() const
{
    uint32_t visited = 0;
    boost::graph_traits<Graph>::edge_iterator it;
    boost::graph_traits<Graph>::edge_iterator end;
    for (boost::tie(it, end) = boost::edges(m_graph); it != end; ++it)
    {
        visited += m_graph[*it].visits > 0 ? 1 : 0;
    }
    return visited;
}

double
TcpStateDiagram::GetCoverage() const
{
    const uint32_t edges = GetEdgeCount();
    return edges == 0 ? 0.0 : static_cast<double>(GetVisitedEdgeCount()) / edges;
}

std::vector<TcpStateDiagram::Transition>
TcpStateDiagram::GetEdges() const
{
    std::vector<Transition> transitions;
    boost::graph_traits<Graph>::edge_iterator it;
    boost::graph_traits<Graph>::edge_iterator end;
    for (boost::tie(it, end) = boost::edges(m_graph); it != end; ++it)
    {
        transitions.emplace_back(m_graph[boost::source(*it, m_graph)].state,
                                 m_graph[boost::target(*it, m_graph)].state);
    }
    return transitions;
}

std::vector<TcpStateDiagram::Transition>
TcpStateDiagram::GetUnvisitedEdges() const
{
    std::vector<Transition> transitions;
    boost::graph_traits<Graph>::edge_iterator it;
    boost::graph_traits<Graph>::edge_iterator end;
    for (boost::tie(it, end) = boost::edges(m_graph); it != end; ++it)
    {
        if (m_graph[*it].visits == 0)
        {
            transitions.emplace_back(m_graph[boost::source(*it, m_graph)].state,
                                     m_graph[boost::target(*it, m_graph)].state);
        }
    }
    return transitions;
}

void
TcpStateDiagram::ResetCoverage()
{
    NS_LOG_FUNCTION(this);
    boost::graph_traits<Graph>::edge_iterator it;
    boost::graph_traits<Graph>::edge_iterator end;
    for (boost::tie(it, end) = boost::edges(m_graph); it != end; ++it)
    {
        m_graph[*it].visits = 0;
    }
}

void
TcpStateDiagram::WriteGraphviz(std::ostream& os) const
{
    NS_LOG_FUNCTION(this);
    // Vertices are named by their states ("FIN_WAIT_1"), so the DOT reads like the figure.
    boost::write_graphviz(os,
                          m_graph,
                          StateWriter(m_graph),
                          TransitionWriter(m_graph),
                          DiagramWriter(GetVisitedEdgeCount(), GetEdgeCount()),
                          boost::get(&StateProperties::name, m_graph));
}

bool
TcpStateDiagram::Render(const std::string& dotFile,
                        const std::string& outputFile,
                        std::string format)
{
    NS_LOG_FUNCTION(dotFile << outputFile << format);
    if (format != "svg" && format != "png")
    {
        std::cerr << "TcpStateDiagram::Render: format \"" << format
                  << "\" is not supported; use \"svg\" or \"png\"" << std::endl;
        return false;
    }
    const std::string dot = FindOnPath("dot");
    if (dot.empty())
    {
        std::cerr << "TcpStateDiagram::Render: Graphviz's dot is not on the PATH; install "
                     "Graphviz (e.g. apt-get install graphviz) to render "
                  << dotFile << std::endl;
        return false;
    }

    // dot -T<format> -o <output> <input>, without a shell: file names are passed as they are.
    std::string formatArgument = "-T" + format;
    std::string outputArgument = "-o" + outputFile;
    std::string input = dotFile;
    std::string program = dot;
    std::vector<char*> argv = {&program[0], &formatArgument[0], &outputArgument[0], &input[0]};
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, dot.c_str(), nullptr, nullptr, argv.data(), environ);
    if (spawned != 0)
    {
        std::cerr << "TcpStateDiagram::Render: cannot run " << dot << ": " << std::strerror(spawned)
                  << std::endl;
        return false;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
    {
        if (errno != EINTR)
        {
            std::cerr << "TcpStateDiagram::Render: waiting for " << dot << ": "
                      << std::strerror(errno) << std::endl;
            return false;
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
        std::cerr << "TcpStateDiagram::Render: " << dot << " " << formatArgument << " "
                  << outputArgument << " " << input << " failed ("
                  << (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                        : std::string("killed by a signal"))
                  << ")" << std::endl;
        return false;
    }
    NS_LOG_INFO("rendered " << dotFile << " to " << outputFile);
    return true;
}

const TcpStateDiagram::Graph&
TcpStateDiagram::GetGraph() const
{
    return m_graph;
}

} // namespace ns3
