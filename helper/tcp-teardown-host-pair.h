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
 * \brief The stage of a story: a client and a server, on one point-to-point link or on two
 *        joined by a router.
 *
 * The constructor creates the hosts (client first, so node ids are 0 and 1), the link or
 * links (each \p rate, one-way \p delay), the internet stack and the addresses, and installs
 * \p teardown (a TcpTeardownSocketFactory with its socket attributes) on both hosts.
 *
 * - direct: client 10.1.1.1 -- 10.1.1.2 server
 * - with \p router: client 10.1.1.1 -- 10.1.1.2 router 10.1.2.1 -- 10.1.2.2 server, routes
 *   by Ipv4GlobalRoutingHelper; the router (node 2) forwards and runs no TCP of its own.
 *
 * Device 0 of each host is its link, so a TcpSegmentImpairment installed there sees what the
 * host receives.
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
     * \param router whether a router sits between the hosts (two links, each \p rate and
     *        \p delay)
     */
    explicit TcpTeardownHostPair(const TcpTeardownHelper& teardown,
                                 DataRate rate = DataRate("10Mbps"),
                                 Time delay = MilliSeconds(5),
                                 bool router = false);

    /// \return both hosts, client first
    NodeContainer GetNodes() const;
    /// \return the client host
    Ptr<Node> GetClient() const;
    /// \return the server host
    Ptr<Node> GetServer() const;
    /// \return the router, or nullptr on a direct link
    Ptr<Node> GetRouter() const;
    /// \return the client's address (10.1.1.1)
    Ipv4Address GetClientAddress() const;
    /// \return the server's address (10.1.1.2, or 10.1.2.2 behind a router)
    Ipv4Address GetServerAddress() const;

  private:
    NodeContainer m_nodes;       //!< client, server
    Ptr<Node> m_router;          //!< the router, if any
    Ipv4Address m_clientAddress; //!< the client's address
    Ipv4Address m_serverAddress; //!< the server's address
};

} // namespace ns3

#endif /* TCP_TEARDOWN_HOST_PAIR_H */
