/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_SOCKET_H
#define TCP_TEARDOWN_SOCKET_H

#include "tcp-close-reason.h"
#include "tcp-isn-generator.h"
#include "tcp-teardown-port-table.h"

#include "ns3/tcp-socket-base.h"
#include "ns3/traced-callback.h"

#include <cstdint>

namespace ns3
{

/**
 * \defgroup tcp-teardown TCP connection teardown
 *
 * Sockets, scenarios and measurements for the ways a TCP connection ends: orderly close,
 * peer crash, lost final ACK, delayed stray segments and port reuse.
 */

class TcpTimeWaitTable;
class TcpTeardownSocketFactory;

/**
 * \ingroup tcp-teardown
 *
 * \brief A TcpSocketBase that ends connections the way a real kernel does.
 *
 * Everything the module adds to ns-3's TCP lives here, behind the \c Profile attribute:
 *
 * - \c Linux (default): the socket follows the Linux kernel wherever a connection ends.
 *   - Retransmission: RTO = srtt + max(4 * rttvar, RtoMin) in whole jiffies (\c Jiffy),
 *     doubled at each timer expiry up to RtoMax; one timer for SYN, data and FIN. The
 *     connection gives up with ETIMEDOUT when, at an expiry, the time since the first timeout
 *     retransmission has reached the budget of \c Retries2 retransmissions
 *     (TcpLinuxRules::ModelTimeout(), 924.6 s for 15), or \c UserTimeout when set. Nothing is
 *     sent on give-up. SYN_SENT counts from its first SYN
 *     with \c ConnCount (tcp_syn_retries); an orphaned socket (closed by its application) uses
 *     \c OrphanRetries.
 *   - Errors: a received RST ends the connection with ECONNRESET (ECONNREFUSED in SYN_SENT,
 *     EPIPE in CLOSE_WAIT) and is reported through the error-close callback. The next Send()
 *     or Recv() returns the pending error once; afterwards Send() fails with EPIPE and Recv()
 *     returns an empty packet (end of stream). GetLastError() tells the error of the last
 *     failed call.
 *   - RST acceptance (RFC 5961): a RST is accepted only at RCV.NXT; one elsewhere in the
 *     window gets a challenge ACK. A SYN on a synchronized connection gets a challenge ACK.
 *   - Closing states: FIN retransmissions back off and give up like data; LAST_ACK ends on
 *     the ACK of its FIN; TIME_WAIT re-ACKs a retransmitted FIN and restarts its timer
 *     (RFC 9293 3.10.7.4) and follows \c TimeWaitPolicy. A RST in TIME_WAIT ends it unless
 *     \c Rfc1337 is set. With \c CompactTimeWait the socket hands the connection over to a
 *     TcpTimeWaitRecord of the node's TcpTimeWaitTable when it enters TIME_WAIT, and releases
 *     its endpoint and port; if something still holds the socket, it stays in TIME_WAIT until
 *     the record ends, then reports CLOSED as a full socket would.
 *   - A listener answers a stray ACK with a RST; SYN_SENT answers an unacceptable ACK with a
 *     RST and keeps waiting.
 *   - Ports (IPv4): Bind(), Connect() and Listen() follow Linux's port rules, kept per node
 *     by TcpTeardownPortTable (EADDRINUSE, SO_REUSEADDR as \c ReuseAddress, ephemeral ports,
 *     EADDRNOTAVAIL). A TIME_WAIT 4-tuple reused by a new connection, from either end, starts
 *     it at the old SND.NXT + 65537.
 * - \c Ns3: the behaviour of stock TcpSocketBase in ns-3.37, unchanged, for comparison. Only the
 *   observation below is added; the module's other attributes are ignored.
 *
 * Observation, in both profiles: the \c StateTransition, \c ConnectionEnd and
 * \c Retransmission trace sources (also offered for every socket of a node by
 * TcpTeardownSocketFactory), GetCloseReason(), GetPendingError(), GetLastError(), and the
 * cached local and peer addresses, which outlive the endpoint.
 *
 * Sockets accepted by a listener are copies of it (Fork()): they have its attributes and the
 * sinks connected to its trace sources.
 */
class TcpTeardownSocket : public TcpSocketBase
{
    friend class TcpTeardownPortTable; // reads the endpoint, state and reuse flags
    friend class TcpTimeWaitTable;     // hands a SYN that ends a compact TIME_WAIT to a listener,
                                       // and tells a held socket that its TIME_WAIT ended

  public:
    /// The kernel whose behaviour the socket follows.
    enum Profile
    {
        LINUX, //!< Linux (tcp_timer.c, tcp_input.c, tcp_minisocks.c)
        NS3,   //!< stock ns-3.37 TcpSocketBase
    };

    /// How long TIME_WAIT lasts (Linux profile).
    enum TimeWaitPolicy
    {
        TIME_WAIT_FIXED,    //!< a fixed length, TimeWaitDuration (Linux: 60 s)
        TIME_WAIT_2MSL,     //!< 2 * MaxSegLifetime (RFC 9293)
        TIME_WAIT_DISABLED, //!< no TIME_WAIT: a counterfactual for experiments, not a real stack
    };

    /// What a lingering close does when its time runs out (SO_LINGER {1, t}).
    enum LingerStyle
    {
        LINGER_LINUX, //!< close() returns 0 and the connection carries on as an orphan; l_linger
                      //!< in seconds
        LINGER_BSD,   //!< close() fails with EWOULDBLOCK and unsent data is lost; l_linger in
                      //!< clock ticks (4.4BSD, hz = 100)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Get the instance's type ID.
     * \return the object TypeId
     */
    TypeId GetInstanceTypeId() const override;

    TcpTeardownSocket();
    /**
     * \brief Copy constructor, used by Fork() for accepted sockets.
     * \param sock the listening socket to copy
     */
    TcpTeardownSocket(const TcpTeardownSocket& sock);
    ~TcpTeardownSocket() override;

    /**
     * TracedCallback signature for state transitions.
     * \param [in] socket the socket; its state becomes \p to right after the callback returns
     * \param [in] from the state left
     * \param [in] to the state entered
     */
    typedef void (*StateTransitionTracedCallback)(Ptr<const TcpTeardownSocket> socket,
                                                  TcpSocket::TcpStates_t from,
                                                  TcpSocket::TcpStates_t to);

    /**
     * TracedCallback signature for the end of a connection.
     * \param [in] socket the socket
     * \param [in] reason NONE for an orderly close, else the error the connection ended with
     */
    typedef void (*ConnectionEndTracedCallback)(Ptr<const TcpTeardownSocket> socket,
                                                TcpCloseReason reason);

    /**
     * TracedCallback signature for timeout retransmissions.
     * \param [in] socket the socket
     * \param [in] count the number of timeout retransmissions in this episode, this one included
     * \param [in] rto the delay until the next expiry of the retransmission timer
     */
    typedef void (*RetransmissionTracedCallback)(Ptr<const TcpTeardownSocket> socket,
                                                 uint32_t count,
                                                 Time rto);

    /**
     * TracedCallback signature for the moment Close() returns to the application.
     * \param [in] socket the socket
     * \param [in] result NONE when close() returned 0, else its error (EWOULDBLOCK)
     */
    typedef void (*CloseReturnTracedCallback)(Ptr<const TcpTeardownSocket> socket,
                                              TcpCloseReason result);

    /**
     * TracedCallback signature for keepalive probes.
     * \param [in] socket the socket
     * \param [in] probes unanswered probes, this one included
     */
    typedef void (*KeepAliveProbeTracedCallback)(Ptr<const TcpTeardownSocket> socket,
                                                 uint32_t probes);

    // Socket API; the convenience overloads of Socket stay visible
    using Socket::Recv;
    using Socket::Send;

    /**
     * \brief Bind to the wildcard address and port 0 (see Bind(const Address&)).
     * \return 0 on success, -1 on failure (GetLastError())
     */
    int Bind() override;
    /// As TcpSocketBase::Bind6(); a failure also sets GetLastError().
    /// \return 0 on success, -1 on failure
    int Bind6() override;
    /**
     * \brief Bind to a local address and port; a failure also sets GetLastError().
     *
     * Linux profile, IPv4: a port held by another socket of the node with an overlapping
     * address fails with EADDRINUSE, unless both sockets have \c ReuseAddress and the other
     * is not listening (TcpTeardownPortTable). Port 0 defers the choice of the port, as
     * Linux's IP_BIND_ADDRESS_NO_PORT does (ns-3 applications bind before every connect): to
     * Connect(), which takes an ephemeral port, or Listen(). A second bind fails with EINVAL.
     * Ns3 profile and IPv6: as TcpSocketBase::Bind().
     * \param address the local address and port
     * \return 0 on success, -1 on failure
     */
    int Bind(const Address& address) override;
    /**
     * \brief Start a connection; starts a new record (close reason, errors, retransmissions).
     *
     * Linux profile: SYNs follow the retransmission timer (InitialRto, SynLinearTimeouts) and
     * give up with ETIMEDOUT after ConnCount's budget, counted from the first SYN; a RST
     * acknowledging the SYN fails the connection with ECONNREFUSED. Either way the connect
     * callback's failure branch runs and TakePendingError() tells why.
     *
     * Linux profile, IPv4: an unbound socket takes an ephemeral port from the node's
     * TcpTeardownPortTable; none free fails with EADDRNOTAVAIL. A 4-tuple another socket
     * holds fails with EADDRNOTAVAIL, except a TIME_WAIT that may be reused: it ends, and the
     * new connection's ISN is the old SND.NXT + 65537.
     * \param address the peer's address and port
     * \return 0 if the SYN is on its way, -1 on failure (GetLastError())
     */
    int Connect(const Address& address) override;
    /**
     * \brief As TcpSocketBase::Listen(); applies the profile's RTO rules first.
     *
     * Linux profile, IPv4: a socket bound to port 0 takes a free port now; a port that
     * another socket holds gives EADDRINUSE, as in Bind(), with or without \c ReuseAddress
     * if that socket is listening.
     * \return 0 on success, -1 on failure (GetLastError())
     */
    int Listen() override;
    /**
     * \brief Close the socket, as close(2) on Linux (Linux profile).
     *
     * The socket becomes an orphan: its FIN retransmissions give up after OrphanRetries, an
     * orphan in FIN_WAIT_2 ends silently after FinTimeout, and data arriving afterwards is
     * answered with a RST. With unread received data it sends a RST instead of a FIN and ends
     * at once (ECONNABORTED in the record). In SYN_SENT it ends silently. In a state that has
     * already sent its FIN it does nothing more.
     *
     * SO_LINGER (\c Linger, \c LingerTime, \c LingerStyle): off, the FIN follows the queued
     * data and the call returns at once. {1, 0}: a RST, both buffers discarded, no TIME_WAIT.
     * {1, t}: the call "blocks" until the FIN is acknowledged or t runs out. ns-3 calls do not
     * block, so the moment close() would have returned, and its result, are reported through
     * SetCloseReturnCallback() and the \c CloseReturn trace source (at once, inside this call,
     * when the close does not linger).
     * \return 0
     */
    int Close() override;

    /**
     * \brief Set the callback run when Close() returns to the application (see Close()).
     * \param callback receives the socket and NONE (close() returned 0) or EWOULDBLOCK
     */
    void SetCloseReturnCallback(Callback<void, Ptr<TcpTeardownSocket>, TcpCloseReason> callback);

    /**
     * \brief setsockopt(SO_LINGER), with l_linger in the unit of \c LingerStyle.
     *
     * Linux: seconds. BSD: clock ticks of 10 ms (4.4BSD, hz = 100). Equivalent to setting the
     * \c Linger and \c LingerTime attributes. A negative \p linger is a fatal error.
     * \param onoff l_onoff
     * \param linger l_linger
     */
    void SetSoLinger(bool onoff, int32_t linger);

    /**
     * \brief setsockopt(SO_KEEPALIVE): switch keepalive on or off on this socket.
     *
     * On an established connection the keepalive timer starts (or stops) at once; otherwise
     * it starts when the connection is established. Same as the \c KeepAlive attribute.
     * \param on whether to probe an idle connection
     */
    void SetKeepAlive(bool on);

    /**
     * \brief setsockopt(SO_REUSEADDR), before Bind(); same as the \c ReuseAddress attribute.
     * \param on whether the socket may bind a port that non-listening sockets hold
     */
    void SetReuseAddress(bool on);

    /**
     * \brief Whether a lingering Close() is waiting for its FIN to be acknowledged.
     * \return true between Close() and the moment it returns, for SO_LINGER {1, t}
     */
    bool IsLingering() const;

    /**
     * \brief Whether the application has released the socket (close(2) has returned).
     * \return true for an orphan
     */
    bool IsOrphaned() const;
    /**
     * \brief Queue data, as send(2) on Linux (Linux profile).
     *
     * Returns -1 with GetLastError(): the pending error once (ETIMEDOUT, ECONNRESET, EPIPE),
     * then EPIPE once the connection cannot send (ended, shut down, closed); EWOULDBLOCK when
     * the send buffer is full.
     * \param p the data
     * \param flags must be 0
     * \return the bytes queued, or -1
     */
    int Send(Ptr<Packet> p, uint32_t flags) override;
    /**
     * \brief Read data, as recv(2) on Linux (Linux profile).
     *
     * Buffered data first; then the pending error once (nullptr, GetLastError()); then an
     * empty packet, the end of stream, once the peer's FIN has been processed or the
     * connection has ended; otherwise nullptr with EWOULDBLOCK.
     * \param maxSize the most bytes to return
     * \param flags must be 0
     * \return data, an empty packet (end of stream), or nullptr
     */
    Ptr<Packet> Recv(uint32_t maxSize, uint32_t flags) override;

    /**
     * \brief The error waiting to be returned by the next Send() or Recv() (SO_ERROR).
     * \return the pending error, NONE if there is none
     */
    TcpCloseReason GetPendingError() const;

    /**
     * \brief Read and clear the pending error, as getsockopt(SO_ERROR) does.
     * \return the pending error, NONE if there was none
     */
    TcpCloseReason TakePendingError();

    /**
     * \brief The error of the last failed socket call, the module's errno.
     * \return the error, NONE if no call has failed
     */
    TcpCloseReason GetLastError() const;

    /**
     * \brief How the last connection of this socket ended.
     * \return NONE while connected or after an orderly close, else the error
     */
    TcpCloseReason GetCloseReason() const;

    /**
     * \brief Whether the last connection of this socket has ended.
     * \return true once ConnectionEnd has fired for it
     */
    bool HasEnded() const;

    /**
     * \brief The current TCP state.
     * \return the state
     */
    TcpStates_t GetState() const;

    /**
     * \brief The profile the socket follows.
     * \return the profile
     */
    Profile GetProfile() const;

    /**
     * \brief Local address and port of the connection, kept after the endpoint is freed.
     * \return an InetSocketAddress or Inet6SocketAddress; port 0 before Bind
     */
    Address GetLocalAddress() const;

    /**
     * \brief Peer address and port of the connection, kept after the endpoint is freed.
     * \return an InetSocketAddress or Inet6SocketAddress; port 0 before Connect
     */
    Address GetPeerAddress() const;

    /**
     * \brief Timeout retransmissions in the current episode (Linux icsk_retransmits).
     * \return the count, reset when an ACK advances SND.UNA
     */
    uint32_t GetRetransmissionCount() const;

    /**
     * \brief When the give-up clock of the current episode started (Linux retrans_stamp).
     * \return the time of the first timeout retransmission (SYN_SENT: of the first SYN)
     */
    Time GetRetransmissionStart() const;

    /**
     * \brief The current retransmission timeout.
     * \return the RTO, backed off during a retransmission episode
     */
    Time GetRto() const;

    /**
     * \brief Silently drop the connection, as if the host had crashed.
     *
     * Nothing is sent and no application callback runs; the connection ends with
     * ECONNABORTED and the endpoint is freed, so that later segments meet no socket.
     */
    void Crash();

    /**
     * \brief Feed the node-level traces of \p hub (StateTransition, ConnectionEnd,
     *        Retransmission) from this socket and the sockets it accepts: what
     *        TcpTeardownSocketFactory::CreateSocket() does, without a trace connection by name.
     * \param hub the node's factory
     */
    void SetHub(Ptr<TcpTeardownSocketFactory> hub);

    /**
     * \brief A new unconnected socket with this one's attributes, node, TCP and algorithms
     *        (TcpTeardownSocketFactory makes every socket so, from a prototype: copying is far
     *        cheaper than constructing a socket's attributes).
     * \return the copy, in CLOSED, not registered with TCP
     */
    Ptr<TcpTeardownSocket> Clone() const;

  protected:
    /// Checks the attributes once they are all set.
    void NotifyConstructionCompleted() override;

    // TcpSocketBase hooks. Linux profile: the closing states, TIME_WAIT, RST processing and
    // the retransmission timer are this class's; the rest is the base's.

    /// Segment arrival: RST validation first, then the per-state handling.
    void DoForwardUp(Ptr<Packet> packet,
                     const Address& fromAddress,
                     const Address& toAddress) override;
    /// The base's segment, with the Linux retransmission timer armed for SYN and FIN.
    void SendEmptyPacket(uint8_t flags) override;
    /// The retransmission timer's expiry: give up or retransmit and back off.
    void ReTxTimeout() override;
    /// Linux profile: unused, LAST_ACK's FIN is on the retransmission timer.
    void LastAckTimeout() override;
    /// Linux profile: an RTT sample sets the RTO in whole jiffies (UpdateLinuxRto).
    void EstimateRtt(const TcpHeader& header) override;
    /// An ACK that advances SND.UNA ends the retransmission episode.
    void NewAck(const SequenceNumber32& seq, bool resetRTO) override;
    /// Accepted sockets are copies of the listener, attributes and trace sinks included.
    Ptr<TcpSocketBase> Fork() override;
    /// Starts the accepted connection's record before the base sends the SYN-ACK.
    void CompleteFork(Ptr<Packet> p,
                      const TcpHeader& tcpHeader,
                      const Address& fromAddress,
                      const Address& toAddress) override;

  private:
    // Configuration
    void ValidateConfiguration() const;
    void ApplyProfile();
    bool IsLinux() const;

    // Connection bookkeeping
    void StartConnection();
    void OnStateChanged(TcpStates_t from, TcpStates_t to);
    void ReportEnd(TcpCloseReason reason);
    void ReportRetransmission(uint32_t count, Time rto);
    void ReportEndIfEndpointLost(bool hadEndpoint, TcpCloseReason reason);
    bool HasEndpoint() const;
    void UpdateCachedAddresses();
    bool ConsumePendingError();
    void SetLastError(TcpCloseReason error);
    void SetLastErrorFromErrno();

    // Ports (Linux profile, IPv4)
    Ptr<TcpTeardownPortTable> PortTable();
    int BindPort(Ipv4Address address, uint16_t port);
    int HoldPort(Ipv4Address local, uint16_t port, Ipv4Address peer, uint16_t peerPort);
    int FailWith(Socket::SocketErrno error);
    int ConnectFromPort(const InetSocketAddress& peer);
    SequenceNumber32 SendNext() const;
    void StartSequenceAt(SequenceNumber32 isn);
    void NotePeerIsn(SequenceNumber32 peerIsn);
    SequenceNumber32 GiveUpTimeWaitForReuse();
    bool HandSynToListener(Ptr<Packet> packet,
                           const TcpHeader& header,
                           const Address& fromAddress,
                           const Address& toAddress);
    void AcceptInPlaceOfTimeWait(Ptr<Packet> packet,
                                 const Address& fromAddress,
                                 const Address& toAddress,
                                 SequenceNumber32 isn);

    // Segment arrival (Linux profile)
    void StripHeader(Ptr<Packet> packet, const TcpHeader& header);
    bool ProcessAckOptions(const TcpHeader& header);
    void ProcessReset(const TcpHeader& header);
    void ProcessClosingStates(Ptr<Packet> packet, const TcpHeader& header);
    void ProcessOwnFinAcked();
    void ProcessPeerFin(const TcpHeader& header, uint32_t payloadSize);
    void ProcessTimeWait(Ptr<Packet> packet, const TcpHeader& header);
    void SendChallengeAck();
    bool OutOfWindowAckAllowed();
    void SendResetFor(const TcpHeader& incoming,
                      uint32_t payloadSize,
                      const Address& fromAddress,
                      const Address& toAddress);

    // Endings (Linux profile)
    void EndWithError(TcpCloseReason reason);
    void AbortLocally();
    void EnterTimeWait();
    void RestartTimeWaitTimer();
    void TimeWaitExpired();
    Time TimeWaitLength() const;
    bool CanCompactTimeWait() const;
    void HandOverTimeWait();
    void EndHandedOverTimeWait();
    void ProcessSegment(Ptr<Packet> packet, const Address& fromAddress, const Address& toAddress);

    // Retransmission timer (Linux profile)
    void OnRetransmitTimer();
    bool WriteTimeout(TcpStates_t state);
    void RetransmitData();
    void ArmRetransmitTimer();
    bool IsFinOutstanding() const;
    bool IsFinSent() const;
    void CountStockRetransmission(uint8_t flags);

    // Closing by the application (Linux profile)
    void StartLinger();
    void LingerExpired();
    void FinishClose(TcpCloseReason result);
    void BecomeOrphan();
    bool AbortOnData(const TcpHeader& header, uint32_t payloadSize);

    // FIN_WAIT_2 and keepalive timers (Linux profile)
    void ArmFinWait2Timer();
    void FinWait2Expired();
    void ArmKeepAliveTimer(Time delay);
    void KeepAliveTimerFired();
    void SendKeepAliveProbe();
    void NoteSegmentHeard(const TcpHeader& header);
    bool DropOutOfWindow(const TcpHeader& header, uint32_t payloadSize);
    void CancelCloseTimers();
    /**
     * \brief Stop a timer and take its event out of the simulator's queue (a cancelled event
     *        stays queued until its time). Not for destructors: it needs the simulator.
     * \param timer the timer; empty afterwards
     */
    static void RemoveTimer(EventId& timer);
    /// Sets m_rto from the RTT estimate as Linux does: rounded up to jiffies, at most RtoMax.
    void UpdateLinuxRto();

    // Attributes
    Profile m_profile{LINUX};        //!< the kernel followed
    Time m_rtoMin;                   //!< minimum RTO (Linux TCP_RTO_MIN)
    Time m_rtoMax;                   //!< maximum RTO (Linux TCP_RTO_MAX)
    Time m_jiffy;                    //!< one kernel clock tick, 1/CONFIG_HZ
    Time m_initialRto;               //!< RTO of SYNs (Linux TCP_TIMEOUT_INIT)
    Time m_giveUpRtoBase;            //!< rto_base of the give-up model for data and FIN
    uint32_t m_retries2{15};         //!< net.ipv4.tcp_retries2
    uint32_t m_orphanRetries{0};     //!< net.ipv4.tcp_orphan_retries
    uint32_t m_synAckRetries{5};     //!< net.ipv4.tcp_synack_retries
    uint32_t m_synLinearTimeouts{4}; //!< net.ipv4.tcp_syn_linear_timeouts
    Time m_userTimeout;              //!< TCP_USER_TIMEOUT (zero: off)
    TimeWaitPolicy m_timeWaitPolicy{TIME_WAIT_FIXED}; //!< TIME_WAIT length policy
    Time m_timeWaitDuration;                          //!< TIME_WAIT length for TIME_WAIT_FIXED
    bool m_rfc1337{false};                            //!< net.ipv4.tcp_rfc1337
    bool m_rfc5961{true};                             //!< RFC 5961 RST acceptance
    Time m_invalidRateLimit;                          //!< net.ipv4.tcp_invalid_ratelimit
    bool m_linger{false};                             //!< SO_LINGER l_onoff
    Time m_lingerTime;                                //!< SO_LINGER l_linger
    LingerStyle m_lingerStyle{LINGER_LINUX};          //!< what a linger timeout does
    Time m_finTimeout;                                //!< net.ipv4.tcp_fin_timeout
    bool m_keepAlive{false};                          //!< SO_KEEPALIVE
    Time m_keepAliveTime;                             //!< TCP_KEEPIDLE
    Time m_keepAliveInterval;                         //!< TCP_KEEPINTVL
    uint32_t m_keepAliveProbes{9};                    //!< TCP_KEEPCNT
    bool m_reuseAddress{false};                       //!< SO_REUSEADDR
    bool m_compactTimeWait{false};                    //!< TIME_WAIT as a TcpTimeWaitRecord
    TcpIsnGenerator::Policy m_isnPolicy{TcpIsnGenerator::ZERO}; //!< initial sequence numbers

    // Ports
    Ptr<TcpTeardownPortTable> m_portTable;  //!< the node's ports (Linux profile)
    bool m_boundByBind{false};              //!< the port came from bind(), not connect()
    bool m_portDeferred{false};             //!< bound to port 0: the port comes later
    Ipv4Address m_deferredAddress;          //!< the address bound with port 0
    bool m_forked{false};                   //!< a listener's copy (passive open)
    bool m_hasForkIsn{false};               //!< the next accepted socket takes m_forkIsn
    SequenceNumber32 m_forkIsn;             //!< ISN for a SYN that replaced a TIME_WAIT
    Time m_timeWaitStart;                   //!< when TIME_WAIT began (tw_entry_stamp)
    uint32_t m_segmentDepth{0};             //!< nesting of DoForwardUp() calls
    bool m_handOverPending{false};          //!< hand TIME_WAIT over once the segment is done
    Ptr<TcpTimeWaitTable> m_timeWaitRecord; //!< the table whose record continues this TIME_WAIT

    // Per connection
    uint32_t m_synTransmissions{0}; //!< SYN-bearing segments sent (Ns3 profile counting)
    uint32_t m_finTransmissions{0}; //!< FIN-bearing segments sent (Ns3 profile counting)
    uint32_t m_retransmits{0};      //!< timeout retransmissions in this episode
    Time m_retransStamp;            //!< start of the give-up clock
    bool m_orphaned{false};         //!< the application has released the socket
    bool m_closeCalled{false};      //!< Close() was called (RCV_SHUTDOWN)
    bool m_lingering{false};        //!< a lingering Close() has not returned yet
    EventId m_lingerEvent;          //!< the end of the linger time
    EventId m_finWait2Event;        //!< the orphan's FIN_WAIT_2 timeout
    EventId m_keepAliveEvent;       //!< the keepalive timer
    Time m_lastHeard;               //!< last acceptable segment (keepalive idle clock)
    uint32_t m_probesOut{0};        //!< unanswered keepalive probes
    bool m_oowAckSent{false};       //!< an out-of-window or challenge ACK was sent
    Time m_lastOowAck;              //!< when (last_oow_ack_time)
    Callback<void, Ptr<TcpTeardownSocket>, TcpCloseReason> m_closeReturn; //!< close() returned
    bool m_connectionStarted{false}; //!< a connection was attempted or accepted
    bool m_endReported{false};       //!< ConnectionEnd has fired for this connection
    TcpCloseReason m_closeReason{TcpCloseReason::NONE};  //!< how the connection ended
    TcpCloseReason m_pendingError{TcpCloseReason::NONE}; //!< SO_ERROR
    TcpCloseReason m_lastError{TcpCloseReason::NONE};    //!< errno of the last failed call
    Address m_localAddress;                              //!< cached local address and port
    Address m_peerAddress;                               //!< cached peer address and port

    // Trace sources
    TracedCallback<Ptr<const TcpTeardownSocket>, TcpStates_t, TcpStates_t>
        m_stateTransitionTrace; //!< every state change
    TracedCallback<Ptr<const TcpTeardownSocket>, TcpCloseReason>
        m_connectionEndTrace; //!< the end of a connection, with its reason
    TracedCallback<Ptr<const TcpTeardownSocket>, uint32_t, Time>
        m_retransmissionTrace; //!< timeout retransmissions
    TracedCallback<Ptr<const TcpTeardownSocket>, TcpCloseReason>
        m_closeReturnTrace; //!< Close() returned to the application
    TracedCallback<Ptr<const TcpTeardownSocket>, uint32_t>
        m_keepAliveProbeTrace; //!< keepalive probes sent
    /// The node's factory, whose node-level traces this socket feeds (sockets it accepts too).
    Ptr<TcpTeardownSocketFactory> m_hub;
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SOCKET_H */
