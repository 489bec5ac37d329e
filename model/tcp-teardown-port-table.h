/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_PORT_TABLE_H
#define TCP_TEARDOWN_PORT_TABLE_H

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/sequence-number.h"

#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <vector>

namespace ns3
{

class Node;
class TcpTeardownSocket;
class TcpTimeWaitTable;
struct TcpTimeWaitRecord;

/**
 * \ingroup tcp-teardown
 *
 * \brief The ports of a node's TcpTeardownSockets: who may bind, connect or reuse which.
 *
 * One per node (TcpTeardownHelper::Install() aggregates it; a socket that finds none creates
 * one with the defaults). It follows Linux (net/ipv4/inet_connection_sock.c and
 * inet_hashtables.c) for the sockets of the Linux profile:
 *
 * - **bind()** to a port some other socket holds (bound, connected, listening, or in
 *   TIME_WAIT) with an overlapping address (the same, or either one the wildcard) fails with
 *   EADDRINUSE, unless both sockets set SO_REUSEADDR (TcpTeardownSocket \c ReuseAddress) and
 *   the other one is not listening.
 * - **connect()** of an unbound socket takes an ephemeral port from \c EphemeralPortFirst ..
 *   \c EphemeralPortLast (ip_local_port_range, 32768-60999): Linux's scan, ports of the range
 *   start's parity first, from a per-destination offset. A port is usable if no bind() owns
 *   it and its 4-tuple to this destination is free; so one port serves many destinations. A
 *   4-tuple held by TIME_WAIT is reused only under \c TwReuse (tcp_tw_reuse), once
 *   \c TwReuseDelay has passed since TIME_WAIT began, and only if that connection used
 *   timestamps. No usable port: EADDRNOTAVAIL.
 * - **connect()** of a socket bound to a port whose 4-tuple is held by TIME_WAIT succeeds
 *   when that connection used timestamps (the TIME_WAIT ends), else EADDRNOTAVAIL; any other
 *   holder of the 4-tuple gives EADDRNOTAVAIL.
 *
 * Either way a reused TIME_WAIT 4-tuple starts its new connection above the old sequence
 * space: ISN = old SND.NXT + 65537 (tcp_twsk_unique()). The table sees TcpTeardownSockets of
 * the Linux profile only; stock sockets on the same node keep ns-3's own rules. Connections
 * in compact TIME_WAIT (TcpTimeWaitTable records) hold their ports and 4-tuples as the full
 * sockets did.
 */
class TcpTeardownPortTable : public Object
{
  public:
    /// net.ipv4.tcp_tw_reuse: may connect() take an ephemeral 4-tuple held by TIME_WAIT?
    enum TwReuse
    {
        TW_REUSE_OFF,      //!< 0: never
        TW_REUSE_ON,       //!< 1: yes, TwReuseDelay after TIME_WAIT began
        TW_REUSE_LOOPBACK, //!< 2 (Linux default): only for loopback connections
    };

    /// Who holds a 4-tuple: a socket (in any state), or a compact TIME_WAIT record.
    struct Holder
    {
        TcpTeardownSocket* socket{nullptr};       //!< a socket, or nullptr
        const TcpTimeWaitRecord* record{nullptr}; //!< a compact TIME_WAIT, or nullptr

        /// \return whether anything holds the 4-tuple
        explicit operator bool() const
        {
            return socket != nullptr || record != nullptr;
        }
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TcpTeardownPortTable();
    ~TcpTeardownPortTable() override;

    /**
     * \brief The node's table, created with the defaults and aggregated if it has none.
     * \param node the node
     * \return the table
     */
    static Ptr<TcpTeardownPortTable> Get(Ptr<Node> node);

    /**
     * \brief Check that the ephemeral range is not empty; a fatal error naming it otherwise.
     */
    void CheckRange() const;

    /**
     * \brief Assign a fixed random stream number to the port scan offsets.
     * \param stream the first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Note that a socket holds a port (it bound it, connected from it, or was accepted
     *        on it). A socket holds one port at a time.
     * \param socket the socket
     * \param port the local port
     */
    void Add(TcpTeardownSocket* socket, uint16_t port);

    /**
     * \brief Forget a socket (it is being destroyed or takes another port).
     * \param socket the socket
     */
    void Remove(TcpTeardownSocket* socket);

    /**
     * \brief Would bind() of \p socket to \p address : \p port conflict (EADDRINUSE)?
     * \param socket the socket that binds (its ReuseAddress counts)
     * \param address the local address, possibly the wildcard
     * \param port the port, not 0
     * \return the socket or compact TIME_WAIT it conflicts with; empty if none (for a compact
     *         TIME_WAIT, \c record points to an empty record: bind() only needs to know)
     */
    Holder FindBindConflict(const TcpTeardownSocket* socket,
                            Ipv4Address address,
                            uint16_t port) const;

    /**
     * \brief A port for bind() to port 0 (inet_csk_get_port()): odd offsets first.
     * \param socket the socket that binds
     * \param address the local address
     * \return the port, or 0 if every port of the range conflicts (EADDRINUSE)
     */
    uint16_t PickBindPort(const TcpTeardownSocket* socket, Ipv4Address address);

    /**
     * \brief The socket or compact TIME_WAIT that holds a connection's 4-tuple, if any.
     * \param socket the socket asking (never returned)
     * \param local the local address
     * \param port the local port
     * \param peer the peer address
     * \param peerPort the peer port
     * \return the holder; empty if none
     */
    Holder FindConnection(const TcpTeardownSocket* socket,
                          Ipv4Address local,
                          uint16_t port,
                          Ipv4Address peer,
                          uint16_t peerPort) const;

    /**
     * \brief An ephemeral port for connect() of an unbound socket (__inet_hash_connect()).
     * \param socket the socket that connects
     * \param local the source address routing chose
     * \param peer the peer address
     * \param peerPort the peer port
     * \param [out] timeWait the TIME_WAIT whose 4-tuple the port reuses; empty if none
     * \return the port, or 0 if none is usable (EADDRNOTAVAIL)
     */
    uint16_t PickConnectPort(const TcpTeardownSocket* socket,
                             Ipv4Address local,
                             Ipv4Address peer,
                             uint16_t peerPort,
                             Holder& timeWait);

    /**
     * \brief May a new connection take the 4-tuple of this holder (a TIME_WAIT)?
     * \param holder the holder of the 4-tuple
     * \param boundByBind whether the new socket's port was bound by bind() (Linux then
     *        ignores TwReuse and its delay)
     * \return true if the holder is a TIME_WAIT that may end for the new connection
     */
    bool MayReuseTimeWait(const Holder& holder, bool boundByBind) const;

    /**
     * \brief End a TIME_WAIT so that a new connection takes its 4-tuple.
     * \param holder a TIME_WAIT that MayReuseTimeWait() allowed
     * \return the new connection's ISN (old SND.NXT + 65537, never 0)
     */
    SequenceNumber32 TakeOverTimeWait(const Holder& holder);

    /**
     * \brief The listening socket that takes a SYN for \p local : \p port (an exact address
     *        before the wildcard).
     * \param local the local address of the SYN
     * \param port its destination port
     * \return the listener, or nullptr
     */
    TcpTeardownSocket* FindListener(Ipv4Address local, uint16_t port) const;

  private:
    /// The sockets that hold a port, the live ones among those recorded.
    std::vector<TcpTeardownSocket*> Holders(uint16_t port) const;
    /// The holder of a 4-tuple among the sockets of its port.
    static TcpTeardownSocket* FindAmong(const std::vector<TcpTeardownSocket*>& holders,
                                        const TcpTeardownSocket* socket,
                                        Ipv4Address local,
                                        Ipv4Address peer,
                                        uint16_t peerPort);
    /// Whether a socket's port was bound by bind() (Linux: fastreuse >= 0), not by connect().
    static bool IsBoundByBind(const TcpTeardownSocket* socket);
    /// The node's compact TIME_WAIT records, if it has any table of them.
    Ptr<TcpTimeWaitTable> TimeWaits() const;
    /// The common rule of MayReuseTimeWait() for sockets and records.
    bool MayReuse(bool timestamps,
                  Ipv4Address local,
                  Ipv4Address peer,
                  Time start,
                  bool boundByBind) const;

    uint16_t m_first{32768};                                   //!< ip_local_port_range, low end
    uint16_t m_last{60999};                                    //!< ip_local_port_range, high end
    TwReuse m_twReuse{TW_REUSE_LOOPBACK};                      //!< net.ipv4.tcp_tw_reuse
    Time m_twReuseDelay;                                       //!< net.ipv4.tcp_tw_reuse_delay
    Ptr<UniformRandomVariable> m_random;                       //!< scan offsets (table_perturb)
    std::map<uint16_t, std::set<TcpTeardownSocket*>> m_byPort; //!< sockets by local port
    std::map<TcpTeardownSocket*, uint16_t> m_portOf;           //!< each socket's port
    std::map<std::tuple<uint32_t, uint32_t, uint16_t>, uint32_t>
        m_perturb; //!< scan offset per (source, destination, port)
};

} // namespace ns3

#endif /* TCP_TEARDOWN_PORT_TABLE_H */
