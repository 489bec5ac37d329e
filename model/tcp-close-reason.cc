/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-close-reason.h"

#include <array>
#include <cerrno>
#include <utility>

namespace ns3
{

namespace
{

/// One row per close reason: its errno spelling, the host errno and the nearest ns-3 errno.
struct CloseReasonRow
{
    TcpCloseReason reason;           //!< the close reason
    const char* name;                //!< errno spelling
    int hostErrno;                   //!< numeric errno of this host
    Socket::SocketErrno socketErrno; //!< nearest ns-3 Socket::SocketErrno
};

const std::array<CloseReasonRow, 11> kRows = {{
    {TcpCloseReason::NONE, "NONE", 0, Socket::ERROR_NOTERROR},
    {TcpCloseReason::TIMEDOUT, "ETIMEDOUT", ETIMEDOUT, Socket::ERROR_NOTCONN},
    {TcpCloseReason::CONNRESET, "ECONNRESET", ECONNRESET, Socket::ERROR_NOTCONN},
    {TcpCloseReason::CONNREFUSED, "ECONNREFUSED", ECONNREFUSED, Socket::ERROR_NOTCONN},
    {TcpCloseReason::PIPE, "EPIPE", EPIPE, Socket::ERROR_SHUTDOWN},
    {TcpCloseReason::CONNABORTED, "ECONNABORTED", ECONNABORTED, Socket::ERROR_NOTCONN},
    {TcpCloseReason::WOULDBLOCK, "EWOULDBLOCK", EWOULDBLOCK, Socket::ERROR_AGAIN},
    {TcpCloseReason::ADDRINUSE, "EADDRINUSE", EADDRINUSE, Socket::ERROR_ADDRINUSE},
    {TcpCloseReason::ADDRNOTAVAIL, "EADDRNOTAVAIL", EADDRNOTAVAIL, Socket::ERROR_ADDRNOTAVAIL},
    {TcpCloseReason::HOSTUNREACH, "EHOSTUNREACH", EHOSTUNREACH, Socket::ERROR_NOROUTETOHOST},
    {TcpCloseReason::INVAL, "EINVAL", EINVAL, Socket::ERROR_INVAL},
}};

const CloseReasonRow&
RowOf(TcpCloseReason reason)
{
    return kRows.at(static_cast<std::size_t>(reason));
}

} // namespace

std::string
TcpCloseReasonName(TcpCloseReason reason)
{
    return RowOf(reason).name;
}

bool
TcpCloseReasonFromName(const std::string& name, TcpCloseReason& reason)
{
    for (const auto& row : kRows)
    {
        if (name == row.name)
        {
            reason = row.reason;
            return true;
        }
    }
    return false;
}

int
TcpCloseReasonToErrno(TcpCloseReason reason)
{
    return RowOf(reason).hostErrno;
}

Socket::SocketErrno
TcpCloseReasonToSocketErrno(TcpCloseReason reason)
{
    return RowOf(reason).socketErrno;
}

TcpCloseReason
TcpCloseReasonFromSocketErrno(Socket::SocketErrno socketErrno)
{
    switch (socketErrno)
    {
    case Socket::ERROR_ADDRINUSE:
        return TcpCloseReason::ADDRINUSE;
    case Socket::ERROR_ADDRNOTAVAIL:
        return TcpCloseReason::ADDRNOTAVAIL;
    case Socket::ERROR_NOROUTETOHOST:
        return TcpCloseReason::HOSTUNREACH;
    case Socket::ERROR_AGAIN:
        return TcpCloseReason::WOULDBLOCK;
    case Socket::ERROR_INVAL:
        return TcpCloseReason::INVAL;
    default:
        return TcpCloseReason::NONE;
    }
}

std::ostream&
operator<<(std::ostream& os, TcpCloseReason reason)
{
    return os << TcpCloseReasonName(reason);
}

} // namespace ns3
