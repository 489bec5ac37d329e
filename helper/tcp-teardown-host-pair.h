/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_HOST_PAIR_H
#define TCP_TEARDOWN_HOST_PAIR_H

#include "tcp-teardown-helper.h"

#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief The smallest stage of a story: a client and a server on one point-to-point link.
 *
 * The constructor creates both nodes, the link (\p rate, one-way \p delay), the internet
 * stack, addresses 10.1.1.1 (client) and 10.1.1.2 (server), and installs \p teardown (a
 * TcpTeardownSocketFactory with its socket attributes) on both.
 *
 * \code
 *   TcpTeardownHelper teardown;
 *   teardown.SetSocketAttribute("KeepAlive", BooleanValue(true));
 *   TcpTeardownHostPair pair(teardown);
 *   Ptr<TcpTeardownSocket> client = TcpTeardownHelper::CreateSocket(pair.GetClient());
 *   client->Connect(InetSocketAddress(pair.GetServerAddress(), 5000)); // from an event
 * \endcode
 */
class TcpTeardownHostPair
{
  public:
    /**
     * \brief Build the two hosts and their link.
     * \param teardown the socket configuration installed on both hosts
     * \param rate the link's data rate
     * \param delay the link's one-way delay
     */
    explicit TcpTeardownHostPair(const TcpTeardownHelper& teardown,
                                 DataRate rate = DataRate("10Mbps"),
                                 Time delay = MilliSeconds(5));

    /// \return both hosts, client first
    NodeContainer GetNodes() const;
    /// \return the client host
    Ptr<Node> GetClient() const;
    /// \return the server host
    Ptr<Node> GetServer() const;
    /// \return the client's address (10.1.1.1)
    Ipv4Address GetClientAddress() const;
    /// \return the server's address (10.1.1.2)
    Ipv4Address GetServerAddress() const;

  private:
    NodeContainer m_nodes;       //!< client, server
    Ipv4Address m_clientAddress; //!< the client's address
    Ipv4Address m_serverAddress; //!< the server's address
};

} // namespace ns3

#endif /* TCP_TEARDOWN_HOST_PAIR_H */
