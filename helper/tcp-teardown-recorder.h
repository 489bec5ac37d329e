/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_RECORDER_H
#define TCP_TEARDOWN_RECORDER_H

#include "ns3/address.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/tcp-teardown-socket.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Which connection an event belongs to: node and both ends.
 */
struct TcpConnectionId
{
    uint32_t node{0}; //!< id of the node that owns the socket
    Address local;    //!< local address and port
    Address peer;     //!< peer address and port

    /**
     * \brief Identify a socket's connection.
     * \param socket the socket
     * \return its node, local and peer address
     */
    static TcpConnectionId Of(Ptr<const TcpTeardownSocket> socket);

    /**
     * \brief Whether two ids name the same connection.
     * \param other the other id
     * \return true if node, local and peer addresses are equal
     */
    bool operator==(const TcpConnectionId& other) const;
};

/// A state transition of one socket.
struct TcpTransitionRecord
{
    Time time;                   //!< when
    TcpConnectionId connection;  //!< which connection
    TcpSocket::TcpStates_t from; //!< the state left
    TcpSocket::TcpStates_t to;   //!< the state entered
};

/// The end of one connection.
struct TcpEndRecord
{
    Time time;                  //!< when
    TcpConnectionId connection; //!< which connection
    TcpCloseReason reason;      //!< NONE or the error it ended with
};

/// One timeout retransmission.
struct TcpRetransmissionRecord
{
    Time time;                  //!< when the segment was resent
    TcpConnectionId connection; //!< which connection
    uint32_t count;             //!< retransmissions in the episode, this one included
    Time rto;                   //!< delay until the next expiry of the timer
};

/**
 * \ingroup tcp-teardown
 *
 * \brief Turns the trace sources of TcpTeardownSocketFactory into records, one per event.
 *
 * Call Watch() after TcpTeardownHelper::Install() and before Simulator::Run(); the records
 * grow as the simulation runs, in event order.
 */
class TcpTeardownRecorder
{
  public:
    /**
     * \brief Record every TcpTeardownSocket of these nodes, accepted ones included.
     * \param nodes nodes where TcpTeardownHelper was installed
     */
    void Watch(const NodeContainer& nodes);

    /// \return every state transition recorded
    const std::vector<TcpTransitionRecord>& GetTransitions() const;
    /// \return every connection end recorded
    const std::vector<TcpEndRecord>& GetEnds() const;
    /// \return every timeout retransmission recorded
    const std::vector<TcpRetransmissionRecord>& GetRetransmissions() const;

    /**
     * \brief The states one node's sockets went through, in order, starting with the first
     *        state left (e.g. CLOSED, SYN_SENT, ESTABLISHED, ...).
     * \param node the node id
     * \return the state sequence of all sockets of the node, listeners excluded
     */
    std::vector<TcpSocket::TcpStates_t> GetStateSequence(uint32_t node) const;

    /**
     * \brief How many of a node's connections are in a state now (their last transition
     *        entered it): CLOSE_WAIT connections that nobody will ever close are a leak.
     * \param node the node id
     * \param state the state
     * \return the number of connections (listening sockets are not connections)
     */
    uint32_t CountInState(uint32_t node, TcpSocket::TcpStates_t state) const;

    /**
     * \brief The retransmissions of one node.
     * \param node the node id
     * \return its retransmission records
     */
    std::vector<TcpRetransmissionRecord> GetRetransmissions(uint32_t node) const;

    /**
     * \brief The connection ends of one node.
     * \param node the node id
     * \return its end records
     */
    std::vector<TcpEndRecord> GetEnds(uint32_t node) const;

  private:
    /// Trace sink for state transitions.
    void OnTransition(Ptr<const TcpTeardownSocket> socket,
                      TcpSocket::TcpStates_t from,
                      TcpSocket::TcpStates_t to);
    /// Trace sink for connection ends.
    void OnEnd(Ptr<const TcpTeardownSocket> socket, TcpCloseReason reason);
    /// Trace sink for retransmissions.
    void OnRetransmission(Ptr<const TcpTeardownSocket> socket, uint32_t count, Time rto);

    std::vector<TcpTransitionRecord> m_transitions;         //!< state transitions
    std::vector<TcpEndRecord> m_ends;                       //!< connection ends
    std::vector<TcpRetransmissionRecord> m_retransmissions; //!< timeout retransmissions
};

} // namespace ns3

#endif /* TCP_TEARDOWN_RECORDER_H */
