/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_HELPER_H
#define TCP_TEARDOWN_HELPER_H

#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/tcp-teardown-application.h"
#include "ns3/tcp-teardown-socket.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Installs TcpTeardownSocketFactory on nodes and sets their sockets' attributes.
 *
 * \code
 *   InternetStackHelper().Install(nodes);
 *   TcpTeardownHelper teardown;
 *   teardown.SetSocketAttribute("Retries2", UintegerValue(8));
 *   teardown.Install(nodes);
 *   BulkSendHelper bulk(TcpTeardownHelper::GetSocketFactoryName(), serverAddress);
 * \endcode
 *
 * Attributes set here apply to every socket the installed factories create; attributes set
 * with Config::SetDefault("ns3::TcpTeardownSocket::...") apply where this helper sets none.
 */
class TcpTeardownHelper
{
  public:
    TcpTeardownHelper();

    /**
     * \brief Set an attribute of every TcpTeardownSocket created on the installed nodes.
     *
     * An unknown name or an invalid value is a fatal error naming them.
     *
     * \param name the attribute name, e.g. "Retries2"
     * \param value its value
     */
    void SetSocketAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Set an attribute of the port table (TcpTeardownPortTable) of every installed
     *        node, e.g. "EphemeralPortFirst" or "TwReuse".
     *
     * An unknown name, an invalid value, or (at Install()) an empty ephemeral range is a fatal
     * error naming them.
     *
     * \param name the attribute name
     * \param value its value
     */
    void SetPortTableAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Check the socket attributes set so far together, as each socket does when it is
     *        created (TcpTeardownSocket's rules across attributes, e.g. RtoMax >= RtoMin, and
     *        on attributes whose checker accepts any time, e.g. KeepAliveTime): a bad value is
     *        a fatal error naming it now rather than when the first socket opens.
     */
    void CheckSocketAttributes() const;

    /**
     * \brief Aggregate a TcpTeardownSocketFactory and a TcpTeardownPortTable to a node that
     *        has an internet stack.
     * \param node the node
     */
    void Install(Ptr<Node> node) const;

    /**
     * \brief Install on every node of a container.
     * \param nodes the nodes
     */
    void Install(const NodeContainer& nodes) const;

    /**
     * \brief Fix the random streams of the nodes' port tables and ISN generators (ephemeral
     *        port scan offsets, ISN secrets, random ISNs), creating them where missing.
     * \param nodes the nodes
     * \param stream the first stream index
     * \return the number of streams used (two per node)
     */
    static int64_t AssignStreams(const NodeContainer& nodes, int64_t stream);

    /**
     * \brief Make a socket read everything and close once the peer has closed, like a small
     *        server process: its data is drained, and Close() runs right after TCP has
     *        handled the peer's FIN, in its own event (a process runs after the kernel; a
     *        Close() inside the callback would send the FIN before TCP's ACK of the peer's).
     * \param socket the socket, typically an accepted one
     */
    static void CloseWhenPeerCloses(Ptr<Socket> socket);

    /**
     * \brief The TypeId name applications take as their "Protocol".
     * \return "ns3::TcpTeardownSocketFactory"
     */
    static std::string GetSocketFactoryName();

    /**
     * \brief Create a TcpTeardownSocket on a node where the helper was installed.
     * \param node the node
     * \return the socket
     */
    static Ptr<TcpTeardownSocket> CreateSocket(Ptr<Node> node);

    /**
     * \brief Crash a host: it vanishes from the network without a word.
     *
     * Every TcpTeardownSocket of the node is dropped silently (TcpTeardownSocket::Crash()) and
     * every non-loopback IP interface goes down, so the host neither sends nor answers.
     * Schedule it with Simulator::Schedule(t, &TcpTeardownHelper::CrashHost, node).
     *
     * \param node the node
     */
    static void CrashHost(Ptr<Node> node);

    /**
     * \brief Bring a host back up with no memory of its connections.
     *
     * The host is crashed first if it is still up (a reboot without downtime), then its
     * interfaces come up again. It has no sockets: a segment of a connection it had before
     * is answered with a RST by TCP itself (no endpoint matches), so a peer that is still
     * retransmitting ends with ECONNRESET. Applications that should run again after the
     * reboot are installed with a start time after it.
     *
     * \param node the node
     */
    static void RebootHost(Ptr<Node> node);

    /**
     * \brief Schedule a crash and, optionally, a reboot.
     * \param node the node
     * \param crashAt when the host crashes (from now)
     * \param rebootAt when it comes back (from now); Time::Max() (the default) for never
     */
    static void ScheduleCrash(Ptr<Node> node, Time crashAt, Time rebootAt = Time::Max());

    /**
     * \brief A process crash: the kernel closes the process's sockets.
     *
     * The application stops at once (no more calls, callbacks ignored) and every socket it
     * had open is closed with close(2) semantics: a FIN after the queued data, or a RST where
     * received data was unread or SO_LINGER is {1, 0}. The host stays up and its other
     * sockets carry on.
     * \param app the application, the "process"
     */
    static void CrashProcess(Ptr<TcpTeardownApplication> app);

  private:
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_attributes; //!< socket attributes
    ObjectFactory m_portTableFactory; //!< creates each node's port table
};

} // namespace ns3

#endif /* TCP_TEARDOWN_HELPER_H */
