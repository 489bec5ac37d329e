/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_CONNECTION_RECORD_H
#define TCP_CONNECTION_RECORD_H

#include "tcp-close-reason.h"
#include "tcp-teardown-socket.h"

#include "ns3/address.h"
#include "ns3/nstime.h"

namespace ns3
{

// What happened to a connection, one record per event: the vocabulary shared by the recorder
// (helper/), the state diagram's checks (model/) and the scenarios' results.

/**
 * \ingroup tcp-teardown
 *
 * \brief Which connection an event belongs to: node and both ends.
 */
struct TcpConnectionId
{
    uint32_t node{0};   //!< id of the node that owns the socket
    uint32_t socket{0}; //!< TcpTeardownRecorder's number for the socket (0: not numbered)
    Address local;      //!< local address and port
    Address peer;       //!< peer address and port

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

} // namespace ns3

#endif /* TCP_CONNECTION_RECORD_H */
