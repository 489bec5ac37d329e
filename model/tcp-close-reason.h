/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_CLOSE_REASON_H
#define TCP_CLOSE_REASON_H

#include "ns3/socket.h"

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief The POSIX-like outcome of a TCP connection or of one socket call.
 *
 * ns-3's Socket::SocketErrno has no ETIMEDOUT, ECONNRESET or EPIPE, yet those are exactly the
 * outcomes that tell how a connection ended. Each enumerator is named after the errno value it
 * stands for, without the leading E (the E-names are macros of \<cerrno\>); TcpCloseReasonName()
 * gives the errno spelling, TcpCloseReasonToErrno() the host's numeric errno.
 */
enum class TcpCloseReason : uint8_t
{
    NONE = 0,     //!< no error: the connection is alive or ended in an orderly close
    TIMEDOUT,     //!< ETIMEDOUT: retransmissions (or keepalive probes) went unanswered
    CONNRESET,    //!< ECONNRESET: the peer reset an established connection
    CONNREFUSED,  //!< ECONNREFUSED: the peer answered our SYN with a RST
    PIPE,         //!< EPIPE: the connection can no longer send (or a RST hit CLOSE_WAIT)
    CONNABORTED,  //!< ECONNABORTED: the connection was aborted locally
    WOULDBLOCK,   //!< EWOULDBLOCK: the operation could not complete in time
    ADDRINUSE,    //!< EADDRINUSE: the local address and port are taken
    ADDRNOTAVAIL, //!< EADDRNOTAVAIL: no local address or ephemeral port is available
    HOSTUNREACH,  //!< EHOSTUNREACH: no route to the peer
    INVAL,        //!< EINVAL: the call makes no sense in the socket's state (bind() twice)
};

/**
 * \brief The errno spelling of a close reason ("NONE", "ETIMEDOUT", ...).
 * \param reason the close reason
 * \return its name
 */
std::string TcpCloseReasonName(TcpCloseReason reason);

/**
 * \brief Parse a name produced by TcpCloseReasonName().
 * \param name an errno spelling such as "ECONNRESET"
 * \param[out] reason the parsed value, untouched on failure
 * \return true if the name is known
 */
bool TcpCloseReasonFromName(const std::string& name, TcpCloseReason& reason);

/**
 * \brief The host's numeric errno value (0 for NONE), to compare with a real kernel.
 * \param reason the close reason
 * \return the value of the matching \<cerrno\> macro
 */
int TcpCloseReasonToErrno(TcpCloseReason reason);

/**
 * \brief The nearest ns-3 Socket::SocketErrno, reported by Socket::GetErrno().
 * \param reason the close reason
 * \return the ns-3 errno value
 */
Socket::SocketErrno TcpCloseReasonToSocketErrno(TcpCloseReason reason);

/**
 * \brief The close reason matching an ns-3 Socket::SocketErrno, where there is one.
 * \param socketErrno the ns-3 errno value
 * \return the matching reason, NONE if there is no counterpart
 */
TcpCloseReason TcpCloseReasonFromSocketErrno(Socket::SocketErrno socketErrno);

/**
 * \brief Print the errno spelling of a close reason.
 * \param os the output stream
 * \param reason the close reason
 * \return the output stream
 */
std::ostream& operator<<(std::ostream& os, TcpCloseReason reason);

} // namespace ns3

#endif /* TCP_CLOSE_REASON_H */
