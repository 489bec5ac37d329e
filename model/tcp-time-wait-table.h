/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TIME_WAIT_TABLE_H
#define TCP_TIME_WAIT_TABLE_H

#include "tcp-close-reason.h"

#include "ns3/event-id.h"
#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/sequence-number.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <functional>
#include <map>
#include <queue>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{

class Node;
class Packet;
class TcpHeader;
class TcpL4Protocol;
class TcpTeardownSocket;

/**
 * \ingroup tcp-teardown
 *
 * \brief What a connection in TIME_WAIT still needs once its socket is gone (Linux's
 *        struct inet_timewait_sock): 4-tuple, sequence state, timestamps, expiry, policies.
 */
struct TcpTimeWaitRecord
{
    Ipv4Address local;         //!< local address
    Ipv4Address peer;          //!< peer address
    uint16_t localPort{0};     //!< local port
    uint16_t peerPort{0};      //!< peer port
    uint16_t window{0};        //!< the window field of its ACKs
    bool timestamps{false};    //!< the connection used timestamps (TS option on its ACKs)
    bool rfc1337{false};       //!< a RST does not end it (net.ipv4.tcp_rfc1337)
    bool reuseAddress{false};  //!< SO_REUSEADDR of the socket it replaced
    bool boundByBind{false};   //!< its port came from bind(), not from connect()
    uint32_t tsRecent{0};      //!< TSecr of its ACKs (ts_recent)
    SequenceNumber32 sndNxt;   //!< SEQ of its ACKs
    SequenceNumber32 rcvNxt;   //!< RCV.NXT: the ACK of its ACKs
    SequenceNumber32 rcvMax;   //!< the right edge of the receive window
    SequenceNumber32 reuseIsn; //!< the ISN of a new incarnation of its 4-tuple
    Time start;                //!< when TIME_WAIT began (tw_entry_stamp)
    Time length;               //!< how long TIME_WAIT lasts (restarts use it again)
    Time expiry;               //!< when it ends unless restarted or ended earlier
    TcpCloseReason reason{TcpCloseReason::NONE}; //!< reported when it ends
    /// The socket it replaced while that object lives (something still holds it): the socket
    /// then reports the end of TIME_WAIT itself. nullptr once the socket is gone.
    TcpTeardownSocket* owner{nullptr};
};

/**
 * \ingroup tcp-teardown
 *
 * \brief A node's compact TIME_WAIT connections: their records, their timers, and the
 *        segments that reach them.
 *
 * A TcpTeardownSocket with \c CompactTimeWait hands its connection over when it enters
 * TIME_WAIT (after the segment that took it there is processed): a TcpTimeWaitRecord of about
 * a hundred bytes takes its place and the socket, with its buffers, endpoint and timers, is
 * released (Linux's tcp_time_wait()). The record behaves as the socket did in TIME_WAIT:
 *
 * - a retransmitted FIN, or any other segment but an in-window bare ACK, is acknowledged;
 *   a segment with an ACK restarts the timer (tcp_timewait_state_process());
 * - a RST at RCV.NXT ends it unless \c Rfc1337 was set (TIME_WAIT assassination);
 * - a SYN above its sequence space, or with a newer timestamp, ends it and opens a new
 *   connection through the listener, ISN = old SND.NXT + 65537;
 * - its 4-tuple keeps blocking bind() and connect() (TcpTeardownPortTable asks this table),
 *   and may be reused under the same rules as a full socket's.
 *
 * To see those segments first, the table puts itself in front of the node's TcpL4Protocol as
 * IPv4's handler of protocol 6; segments of other connections go on to TCP unchanged. Timers
 * are one simulator event for the earliest expiry, not one per connection.
 *
 * Trace sources TimeWaitStart and TimeWaitEnd tell recorders which connection a record
 * continues and when it ends. While something still holds the socket (an application, a
 * recorder), the record also fires the socket's Tx and Rx traces for what it sends and
 * receives, and tells the socket when TIME_WAIT ends, so that the socket reports
 * TIME_WAIT -> CLOSED and the end of its connection exactly as without a record.
 */
class TcpTimeWaitTable : public IpL4Protocol
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TcpTimeWaitTable();
    ~TcpTimeWaitTable() override;

    /**
     * \brief The node's table; created, aggregated and put in front of TCP if it has none.
     * \param node a node with an internet stack
     * \return the table
     */
    static Ptr<TcpTimeWaitTable> Get(Ptr<Node> node);

    /**
     * TracedCallback signature for a connection handed over to a record.
     * \param [in] socket the socket that was in TIME_WAIT (released right after)
     * \param [in] record the record that continues its TIME_WAIT
     */
    typedef void (*TimeWaitStartTracedCallback)(Ptr<const TcpTeardownSocket> socket,
                                                const TcpTimeWaitRecord& record);

    /**
     * TracedCallback signature for the end of a record's TIME_WAIT.
     * \param [in] record the record, removed right after
     * \param [in] reason how the connection ended (NONE: orderly)
     */
    typedef void (*TimeWaitEndTracedCallback)(const TcpTimeWaitRecord& record,
                                              TcpCloseReason reason);

    /**
     * \brief Take over a connection in TIME_WAIT.
     * \param socket the socket it replaces (for the trace only)
     * \param record its record; \c expiry must be in the future
     */
    void Add(Ptr<const TcpTeardownSocket> socket, const TcpTimeWaitRecord& record);

    /**
     * \brief The record of a 4-tuple.
     * \param local the local address
     * \param localPort the local port
     * \param peer the peer address
     * \param peerPort the peer port
     * \return the record, or nullptr; valid until the table changes
     */
    const TcpTimeWaitRecord* Find(Ipv4Address local,
                                  uint16_t localPort,
                                  Ipv4Address peer,
                                  uint16_t peerPort) const;

    /**
     * \brief Does a record hold \p port so that bind() to \p address fails (inet_bind_conflict)?
     * \param address the address to bind, possibly the wildcard
     * \param port the port
     * \param reuseAddress SO_REUSEADDR of the socket that binds
     * \return true if a record conflicts
     */
    bool HasBindConflict(Ipv4Address address, uint16_t port, bool reuseAddress) const;

    /**
     * \brief Does a record of a port that bind() gave hold \p port? (connect() then skips it)
     * \param port the port
     * \return true if so
     */
    bool HoldsBoundPort(uint16_t port) const;

    /**
     * \brief End a record so that a new connection takes its 4-tuple.
     * \param record a record of this table
     * \return the ISN of the new connection (old SND.NXT + 65537, never 0)
     */
    SequenceNumber32 GiveUpForReuse(const TcpTimeWaitRecord& record);

    /**
     * \brief A socket that handed its connection over is being destroyed: its record no
     *        longer tells it when TIME_WAIT ends.
     * \param socket the socket
     */
    void Disown(const TcpTeardownSocket* socket);

    /// \return the number of records
    uint32_t GetSize() const;

    /// \return the bytes one record costs in this table (record, hash node, timer entry, indexes)
    static uint32_t GetBytesPerRecord();

    // IpL4Protocol: segments of a record's 4-tuple are the table's, the rest goes to TCP

    /// \return 6, TCP's protocol number
    int GetProtocolNumber() const override;
    /**
     * \brief An IPv4 TCP segment: a record's, or passed on to TcpL4Protocol::Receive().
     * \param packet the segment, TCP header included
     * \param header its IPv4 header
     * \param incomingInterface the interface it arrived on
     * \return the receive status
     */
    enum IpL4Protocol::RxStatus Receive(Ptr<Packet> packet,
                                        const Ipv4Header& header,
                                        Ptr<Ipv4Interface> incomingInterface) override;
    /**
     * \brief An IPv6 TCP segment: passed on to TCP (records are IPv4 only).
     * \param packet the segment
     * \param header its IPv6 header
     * \param incomingInterface the interface it arrived on
     * \return the receive status
     */
    enum IpL4Protocol::RxStatus Receive(Ptr<Packet> packet,
                                        const Ipv6Header& header,
                                        Ptr<Ipv6Interface> incomingInterface) override;
    /**
     * \brief An ICMPv4 error about TCP: passed on to TCP.
     * \param icmpSource the source of the ICMP message
     * \param icmpTtl its TTL
     * \param icmpType its type
     * \param icmpCode its code
     * \param icmpInfo its information field
     * \param payloadSource the source of the segment it is about
     * \param payloadDestination the destination of that segment
     * \param payload the first 8 bytes of that segment
     */
    void ReceiveIcmp(Ipv4Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv4Address payloadSource,
                     Ipv4Address payloadDestination,
                     const uint8_t payload[8]) override;
    /**
     * \brief An ICMPv6 error about TCP: passed on to TCP.
     * \param icmpSource the source of the ICMP message
     * \param icmpTtl its hop limit
     * \param icmpType its type
     * \param icmpCode its code
     * \param icmpInfo its information field
     * \param payloadSource the source of the segment it is about
     * \param payloadDestination the destination of that segment
     * \param payload the first 8 bytes of that segment
     */
    void ReceiveIcmp(Ipv6Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv6Address payloadSource,
                     Ipv6Address payloadDestination,
                     const uint8_t payload[8]) override;
    /// \param cb TCP's IPv4 down target (set on TCP)
    void SetDownTarget(IpL4Protocol::DownTargetCallback cb) override;
    /// \param cb TCP's IPv6 down target (set on TCP)
    void SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb) override;
    /// \return TCP's IPv4 down target
    IpL4Protocol::DownTargetCallback GetDownTarget() const override;
    /// \return TCP's IPv6 down target
    IpL4Protocol::DownTargetCallback6 GetDownTarget6() const override;

  protected:
    /// Cancels the timer and forgets every record.
    void DoDispose() override;

  private:
    /// A 4-tuple packed in 96 bits: local address, peer address, local port, peer port.
    struct Key
    {
        uint32_t local; //!< local address
        uint32_t peer;  //!< peer address
        uint32_t ports; //!< local port << 16 | peer port

        /// \param other another key \return equality
        bool operator==(const Key& other) const
        {
            return local == other.local && peer == other.peer && ports == other.ports;
        }
    };

    /// Hash of a Key.
    struct KeyHash
    {
        /// \param key a key \return its hash
        size_t operator()(const Key& key) const;
    };

    /// How many records hold a port, for the port table's rules.
    struct PortUse
    {
        uint32_t records{0};     //!< records on the port
        uint32_t noReuse{0};     //!< of which without SO_REUSEADDR
        uint32_t boundByBind{0}; //!< of which bound by bind()
    };

    /// A timer entry: expiry and key. Entries whose record moved on are skipped.
    typedef std::pair<Time, Key> TimerEntry;

    /// Orders TimerEntry by expiry, earliest first in a std::priority_queue.
    struct Later
    {
        /// \param a an entry \param b an entry \return a expires after b
        bool operator()(const TimerEntry& a, const TimerEntry& b) const
        {
            return a.first > b.first;
        }
    };

    static Key MakeKey(Ipv4Address local, uint16_t localPort, Ipv4Address peer, uint16_t peerPort);
    void Process(TcpTimeWaitRecord& record,
                 Ptr<Packet> packet,
                 const Ipv4Header& ipHeader,
                 const TcpHeader& header,
                 uint32_t headerSize);
    bool HandSynToListener(const TcpTimeWaitRecord& record,
                           Ptr<Packet> packet,
                           const Ipv4Header& ipHeader,
                           const TcpHeader& header);
    void SendAck(const TcpTimeWaitRecord& record);
    void NoteReceived(const TcpTimeWaitRecord& record, Ptr<Packet> packet);
    void Restart(TcpTimeWaitRecord& record);
    void Arm(const Key& key, Time expiry);
    void Expire();
    void End(const TcpTimeWaitRecord& record);
    void CountPort(const TcpTimeWaitRecord& record, int delta);

    Ptr<Node> m_node;                                                //!< the node
    Ptr<TcpL4Protocol> m_tcp;                                        //!< the node's TCP
    std::unordered_map<Key, TcpTimeWaitRecord, KeyHash> m_records;   //!< by 4-tuple
    std::unordered_map<const TcpTeardownSocket*, Key> m_owned;       //!< records whose socket lives
    std::unordered_map<uint16_t, PortUse> m_ports;                   //!< by local port
    std::map<std::pair<uint32_t, uint16_t>, PortUse> m_addressPorts; //!< by address and port
    std::priority_queue<TimerEntry, std::vector<TimerEntry>, Later> m_timers; //!< expiries
    EventId m_timerEvent; //!< the earliest expiry
    Time m_timerAt;       //!< when m_timerEvent fires

    TracedCallback<Ptr<const TcpTeardownSocket>, const TcpTimeWaitRecord&>
        m_timeWaitStartTrace; //!< a connection handed over
    TracedCallback<const TcpTimeWaitRecord&, TcpCloseReason> m_timeWaitEndTrace; //!< a record ended
};

} // namespace ns3

#endif /* TCP_TIME_WAIT_TABLE_H */
