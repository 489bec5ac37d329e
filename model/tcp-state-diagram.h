/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_STATE_DIAGRAM_H
#define TCP_STATE_DIAGRAM_H

#include "tcp-connection-record.h"

#include "ns3/nstime.h"
#include "ns3/tcp-socket.h"

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief The TCP state diagram of RFC 9293 as a Boost.Graph graph, to check the transitions a
 *        simulation takes and to measure which of them it exercised.
 *
 * Vertices are the eleven states of TcpSocket::TcpStates_t, CLOSED to TIME_WAIT. There is one
 * edge per legal (from, to) pair; its event text names what makes the connection take it and
 * its source says where the rule comes from:
 *
 * - "RFC 9293 figure 5": the twenty arrows of the figure (section 3.3.2), SYN_RCVD -> LISTEN
 *   on a RST (note 1) included;
 * - "RFC 9293 3.x.y": transitions the text adds: FIN_WAIT_1 -> TIME_WAIT (note 2, 3.10.7.4),
 *   SYN_RCVD -> CLOSE_WAIT on a FIN (3.10.7.4), and CLOSED from every state by a RST
 *   (3.10.7.3, 3.10.7.4), ABORT (3.10.5), the user timeout (3.10.8) or the retransmission
 *   give-up (3.8.3).
 *
 * Other reasons for the same pair are appended to its event and source: Linux's
 * tcp_fin_timeout for an orphan in FIN_WAIT_2, keepalive give-up, close() with unread data or
 * SO_LINGER {1, 0}, a host crash (TcpTeardownSocket::Crash()), and a passive open's child
 * socket that a RST ends instead of returning it to LISTEN (ns-3 and Linux keep the listener
 * in LISTEN and discard the child). None of these needs a pair the RFC does not have.
 *
 * Left out on purpose: note 3's transition to TIME_WAIT of an endpoint that sends a RST (no
 * stack does it; it would make ESTABLISHED -> TIME_WAIT legal), and a TIME_WAIT connection
 * reopened in place by a new SYN (3.10.7.4, RFC 6191): the module ends the TIME_WAIT socket
 * (TIME_WAIT -> CLOSED) and the listener forks a new one (LISTEN -> SYN_RCVD).
 *
 * Check() looks up every recorded transition with boost::edge(): a pair without an edge is a
 * Violation; a pair with one counts as a visit of that edge. Visits accumulate across calls
 * until ResetCoverage(), so that several simulations can add up to one coverage figure.
 * WriteGraphviz() draws the diagram with the visits (boost::write_graphviz) and Render()
 * turns the drawing into SVG or PNG with Graphviz's dot.
 *
 * \code
 *   TcpStateDiagram diagram;
 *   for (const auto& violation : diagram.Check(recorder.GetTransitions()))
 *   {
 *       std::cout << violation.ToString() << "\n";
 *   }
 *   std::cout << diagram.GetVisitedEdgeCount() << " of " << diagram.GetEdgeCount() << "\n";
 *   std::ofstream dot("diagram.dot");
 *   diagram.WriteGraphviz(dot);
 *   dot.close();
 *   TcpStateDiagram::Render("diagram.dot", "diagram.svg", "svg");
 * \endcode
 */
class TcpStateDiagram
{
  public:
    /// A state, vertex property of the graph.
    struct StateProperties
    {
        TcpSocket::TcpStates_t state{TcpSocket::CLOSED}; //!< the state
        std::string name;                                //!< TcpSocket::TcpStateName
    };

    /// A legal transition, edge property of the graph.
    struct TransitionProperties
    {
        std::string event;  //!< what makes a connection take it, e.g. "rcv SYN, snd SYN,ACK"
        std::string source; //!< where the rule comes from, e.g. "RFC 9293 figure 5"
        uint32_t visits{0}; //!< how many recorded transitions took it since ResetCoverage()
    };

    /// The graph: states and legal transitions (bidirectional, for in-edge queries).
    typedef boost::adjacency_list<boost::vecS,
                                  boost::vecS,
                                  boost::bidirectionalS,
                                  StateProperties,
                                  TransitionProperties>
        Graph;

    /// A transition, from and to.
    typedef std::pair<TcpSocket::TcpStates_t, TcpSocket::TcpStates_t> Transition;

    /// A recorded transition that the diagram does not have.
    struct Violation
    {
        Time time;                   //!< when
        TcpConnectionId connection;  //!< which connection
        TcpSocket::TcpStates_t from; //!< the state left
        TcpSocket::TcpStates_t to;   //!< the state entered

        /**
         * \brief Where and when, for a message.
         * \return e.g. "t=2.031 s node 1 10.1.1.2:80 -> 10.1.1.1:49153: TIME_WAIT ->
         *         ESTABLISHED is not in RFC 9293's diagram"
         */
        std::string ToString() const;
    };

    /// \brief Build the graph: 11 states, 28 transitions, none visited.
    TcpStateDiagram();

    /**
     * \brief Whether the diagram has the transition.
     * \param from the state left
     * \param to the state entered
     * \return true if there is an edge from \p from to \p to
     */
    bool IsLegal(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to) const;

    /**
     * \brief What makes a connection take the transition.
     * \param from the state left
     * \param to the state entered
     * \return the event text, "" if the transition is not legal
     */
    std::string GetEvent(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to) const;

    /**
     * \brief Where the transition comes from.
     * \param from the state left
     * \param to the state entered
     * \return "RFC 9293 figure 5", "RFC 9293 <section>", followed by other sources after
     *         "; " (e.g. "Linux: tcp_fin_timeout"); "" if the transition is not legal
     */
    std::string GetSource(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to) const;

    /**
     * \brief Check recorded transitions against the diagram; count the legal ones as visits.
     * \param transitions transitions, e.g. TcpTeardownRecorder::GetTransitions()
     * \return the transitions that are not in the diagram, in the order given (empty if all
     *         are legal)
     */
    std::vector<Violation> Check(const std::vector<TcpTransitionRecord>& transitions);

    /**
     * \brief Count one visit of a transition.
     * \param from the state left
     * \param to the state entered
     * \return true if the transition is legal (and was counted), false otherwise
     */
    bool Visit(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to);

    /**
     * \brief Visits of one transition since the last ResetCoverage().
     * \param from the state left
     * \param to the state entered
     * \return the visits, 0 if the transition is not legal
     */
    uint32_t GetVisitCount(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to) const;

    /// \return the number of legal transitions (edges)
    uint32_t GetEdgeCount() const;

    /// \return the number of legal transitions visited at least once
    uint32_t GetVisitedEdgeCount() const;

    /// \return visited edges / all edges, in [0, 1]
    double GetCoverage() const;

    /// \return every legal transition, in the graph's edge order
    std::vector<Transition> GetEdges() const;

    /// \return the legal transitions never visited, in the graph's edge order
    std::vector<Transition> GetUnvisitedEdges() const;

    /// \brief Forget every visit.
    void ResetCoverage();

    /**
     * \brief Write the diagram in Graphviz's DOT language (boost::write_graphviz).
     *
     * Vertices are named after the states; edge labels are the events. A visited edge is drawn
     * bold and blue, its label followed by its visit count; an unvisited one dashed and grey.
     * The source of each edge is its tooltip. The output depends only on the visits.
     * \param os the stream
     */
    void WriteGraphviz(std::ostream& os) const;

    /**
     * \brief Run Graphviz's dot on a DOT file.
     * \param dotFile the DOT file, e.g. written by WriteGraphviz()
     * \param outputFile the image to write
     * \param format "svg" or "png"
     * \return true if dot wrote the image; false, with the reason on std::cerr, if \p format
     *         is not supported, dot is not on the PATH (Graphviz is not installed) or dot
     *         failed
     */
    static bool Render(const std::string& dotFile,
                       const std::string& outputFile,
                       std::string format);

    /// \return the graph, for Boost.Graph algorithms
    const Graph& GetGraph() const;

  private:
    /// Vertex of the graph.
    typedef boost::graph_traits<Graph>::vertex_descriptor Vertex;
    /// Edge of the graph.
    typedef boost::graph_traits<Graph>::edge_descriptor Edge;

    /**
     * \brief Add a legal transition.
     * \param from the state left
     * \param to the state entered
     * \param event what makes a connection take it
     * \param source where the rule comes from
     */
    void AddTransition(TcpSocket::TcpStates_t from,
                       TcpSocket::TcpStates_t to,
                       const std::string& event,
                       const std::string& source);

    /**
     * \brief Look an edge up.
     * \param from the state left
     * \param to the state entered
     * \param[out] edge the edge, if found
     * \return true if the transition is legal
     */
    bool FindEdge(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to, Edge& edge) const;

    Graph m_graph; //!< states and legal transitions
};

} // namespace ns3

#endif /* TCP_STATE_DIAGRAM_H */
