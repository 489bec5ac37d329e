/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-connection-record.h"

#include "ns3/node.h"

namespace ns3
{

TcpConnectionId
TcpConnectionId::Of(Ptr<const TcpTeardownSocket> socket)
{
    TcpConnectionId id;
    id.node = socket->GetNode() ? socket->GetNode()->GetId() : 0;
    id.local = socket->GetLocalAddress();
    id.peer = socket->GetPeerAddress();
    return id;
}

bool
TcpConnectionId::operator==(const TcpConnectionId& other) const
{
    return node == other.node && local == other.local && peer == other.peer;
}

} // namespace ns3
