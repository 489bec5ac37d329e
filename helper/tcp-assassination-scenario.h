/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_ASSASSINATION_SCENARIO_H
#define TCP_ASSASSINATION_SCENARIO_H

#include "ns3/nstime.h"
#include "ns3/tcp-segment-impairment.h"
#include "ns3/tcp-stream-integrity.h"
#include "ns3/tcp-teardown-recorder.h"
#include "ns3/tcp-teardown-socket.h"

#include <vector>

namespace ns3
{

class TcpTeardownHelper;
class TcpTeardownHostPair;

/**
 * \ingroup tcp-teardown
 *
 * \brief TIME_WAIT assassination (RFC 1337): an old duplicate makes the peer send a RST that
 *        ends TIME_WAIT early, and a later old duplicate harms the connection that reuses the
 *        4-tuple, in one of the three ways RFC 1337 names (hazards H1, H2, H3).
 *
 * A client (10.1.1.1:40000) and a server (10.1.1.2:5000) on one point-to-point link
 * (10 Mb/s, 5 ms), ISN 0, no timestamps. In connection 1 the server writes 3 coded segments
 * (TcpStreamCode); the client reads them and closes first, entering TIME_WAIT (60 s); the
 * server closes. Two of the server's segments are duplicated on the way to the client
 * (TcpSegmentImpairment): the first arrives again \c TriggerDelay later, in TIME_WAIT, which
 * acknowledges it; the server, which no longer knows the connection, answers with a RST at
 * the client's RCV.NXT. With \c Rfc1337 off (Linux's default) that RST ends TIME_WAIT and the
 * client opens connection 2 from the same port. The second duplicate (the server's second
 * segment) arrives \c StrayDelay after the original, in connection 2's sequence space:
 *
 * - H1, old data accepted: connection 2 opens at the client's next bind() retry (every
 *   100 ms) and its server writes 3 segments a second later; the stray lands inside the
 *   window first and the client delivers it as connection 2's data.
 * - H2, desynchronized: the same, but connection 2's server writes one segment, so the
 *   client, holding the stray after it, acknowledges 536 bytes the server never sent. The
 *   server answers that ACK, the client answers the server's ACK (below its window), each at
 *   most once per \c InvalidRateLimit: no ACK storm, but the server's data is never
 *   acknowledged acceptably and it retransmits until it gives up (ETIMEDOUT after about
 *   15 minutes with Retries2 15).
 * - H3, the new connection dies: connection 1's client first sends a 100-byte request, so the
 *   server's segments acknowledge 101. Connection 2 opens \c SynSentOffset before the stray
 *   arrives; in SYN_SENT the stray's ACK (101) is unacceptable, so the client sends a RST at
 *   sequence 101, inside the server's new SYN_RCVD window. With \c Rfc5961 (Linux) that is
 *   answered with a challenge ACK and connection 2 opens; without it (RFC 793) the half-open
 *   connection is reset, the client's handshake ACK meets the listener, which resets it:
 *   connection 2 ends with ECONNRESET just after it opened (RFC 1337 figure 4).
 *
 * With \c Rfc1337 on, TIME_WAIT ignores the RST, the port stays held, and nothing happens to
 * a connection 2. Run() builds the stage (one direct link), runs a fresh simulation (10 s;
 * 1000 s for H2, to see the server give up) and destroys it. A story that builds its own
 * stage (TcpTimeWaitAssassinationScenario) calls the three steps instead: Configure() on its
 * socket helper, Install() on the hosts built with it, and Collect() after Simulator::Run().
 */
class TcpAssassinationScenario
{
  public:
    /// The RFC 1337 hazard the stray duplicate produces.
    enum Hazard
    {
        H1_OLD_DATA,       //!< old data delivered as new
        H2_DESYNCHRONIZED, //!< an ACK of unsent data: the two ends disagree
        H3_CONNECTION_DIES //!< a RST from SYN_SENT kills the half-open connection
    };

    TcpAssassinationScenario();

    /// \param hazard which hazard connection 2 meets
    void SetHazard(Hazard hazard);
    /// \param on net.ipv4.tcp_rfc1337 on the client
    void SetRfc1337(bool on);
    /// \param on RFC 5961 RST acceptance on both hosts (TcpTeardownSocket::Rfc5961)
    void SetRfc5961(bool on);
    /// \param interval net.ipv4.tcp_invalid_ratelimit on both hosts (0: answer every
    ///        unacceptable segment, so H2 becomes RFC 1337's endless ACK loop)
    void SetInvalidRateLimit(Time interval);
    /// \param retries2 net.ipv4.tcp_retries2 on both hosts (H2: when the server gives up)
    void SetRetries2(uint32_t retries2);
    /// \param delay how late the first duplicate (the trigger) arrives (> 0)
    void SetTriggerDelay(Time delay);
    /// \param delay how late the second duplicate (the stray) arrives (> trigger delay)
    void SetStrayDelay(Time delay);
    /// \param offset H3: connection 2's SYN leaves this long before the stray arrives
    ///        (> 0 and below the round-trip time, SetRoundTripTime(), so that it lands in
    ///        SYN_SENT)
    void SetSynSentOffset(Time offset);

    /// \param rtt the stage's round-trip time (default 10 ms, one direct link of 5 ms; 20 ms
    ///        behind a router), which bounds SetSynSentOffset()
    void SetRoundTripTime(Time rtt);

    /**
     * \brief Check the settings and set the socket attributes the experiment needs on the
     *        helper that will install the hosts' sockets (Rfc1337, Timestamp off, Rfc5961,
     *        InvalidRateLimit, Retries2); an impossible setting is a fatal error naming it.
     * \param teardown the helper
     */
    void Configure(TcpTeardownHelper& teardown) const;

    /**
     * \brief Install the experiment on hosts whose sockets come from a Configure()d helper:
     *        the server's listener, the duplicates' impairment on the client's link and
     *        connection 1 at 1 s. Simulator::Stop() is the caller's.
     * \param hosts the client and the server (client port 40000, server port 5000)
     * \param recorder a recorder that already watches the hosts, to watch the impairment
     *        too, or nullptr
     */
    void Install(const TcpTeardownHostPair& hosts, TcpTeardownRecorder* recorder);

    /// Read the duplicates and the client's byte counts, after Simulator::Run() and before
    /// Simulator::Destroy().
    void Collect();

    /// Run in a fresh simulation on one direct link (10 Mb/s, 5 ms); an impossible setting is
    /// a fatal error naming it.
    void Run();

    /// \return when the client's TIME_WAIT ended (Time::Max() if it had not by the end)
    Time GetTimeWaitEnd() const;
    /// \return RSTs connection 1 received in TIME_WAIT
    uint32_t GetResetsInTimeWait() const;
    /// \return when connection 2 connected (Time::Max() if never)
    Time GetSecondConnection() const;
    /// \return how the client's connection 2 ended (NONE if it had not by the end)
    TcpCloseReason GetSecondEndReason() const;
    /// \return when the client's connection 2 ended (Time::Max() if it had not)
    Time GetSecondEnd() const;
    /// \return connections the server accepted
    uint32_t GetAccepted() const;
    /// \return how the server's connection 2 ended (NONE if it had not by the end)
    TcpCloseReason GetServerSecondEndReason() const;
    /// \return when the server's connection 2 ended (Time::Max() if it had not)
    Time GetServerSecondEnd() const;
    /// \return the server's timeout retransmissions in connection 2
    uint32_t GetServerRetransmissions() const;
    /// \return ACKs the client sent in connection 2 for data its server never sent
    uint32_t GetAcksOfUnsentData() const;
    /// \return pure ACKs the server sent in connection 2 after its data (its answers)
    uint32_t GetServerAcks() const;
    /// \return RSTs the client sent from SYN_SENT in connection 2
    uint32_t GetSynSentResets() const;
    /// \return the client's byte counts, one per connection
    const std::vector<TcpStreamChecker::Counts>& GetCounts() const;
    /// \return the duplicates as the impairment recorded them
    const std::vector<TcpSegmentImpairment::Record>& GetDuplicates() const;

  private:
    void OpenConnection();
    void OnConnected(Ptr<Socket> socket);
    void OnClientReadable(Ptr<Socket> socket);
    void OnClientState(Ptr<const TcpTeardownSocket> socket,
                       TcpSocket::TcpStates_t from,
                       TcpSocket::TcpStates_t to);
    void OnClientEnd(Ptr<const TcpTeardownSocket> socket, TcpCloseReason reason);
    void OnAccept(Ptr<Socket> socket, const Address& from);
    void OnRequest(Ptr<Socket> socket);
    void ServerWrite(Ptr<Socket> socket, uint32_t incarnation);
    void OnServerEnd(Ptr<const TcpTeardownSocket> socket, TcpCloseReason reason);
    void OnServerRetransmission(Ptr<const TcpTeardownSocket> socket, uint32_t count, Time rto);
    void OnServerTx(Ptr<const Packet> packet,
                    const TcpHeader& header,
                    Ptr<const TcpSocketBase> socket);
    void OnClientTx(Ptr<const Packet> packet,
                    const TcpHeader& header,
                    Ptr<const TcpSocketBase> socket);
    void OnClientRx(Ptr<const Packet> packet,
                    const TcpHeader& header,
                    Ptr<const TcpSocketBase> socket);
    void OnImpairment(const TcpSegmentImpairment::Record& record);
    uint32_t SecondWriteBytes() const;

    Hazard m_hazard{H1_OLD_DATA};               //!< the hazard to produce
    bool m_rfc1337{false};                      //!< tcp_rfc1337
    bool m_rfc5961{true};                       //!< RFC 5961 RST acceptance
    Time m_invalidRateLimit{MilliSeconds(500)}; //!< tcp_invalid_ratelimit
    uint32_t m_retries2{15};                    //!< tcp_retries2
    Time m_triggerDelay{Seconds(1)};            //!< the first duplicate's delay
    Time m_strayDelay{Seconds(1.5)};            //!< the second duplicate's delay
    Time m_synSentOffset{MilliSeconds(5)};      //!< H3: SYN this long before the stray
    Time m_rtt{MilliSeconds(10)};               //!< the stage's round-trip time

    Ptr<Node> m_client;                                     //!< the client host
    Ptr<Node> m_server;                                     //!< the server host
    Ipv4Address m_clientAddress;                            //!< the client's address
    Ipv4Address m_serverAddress;                            //!< its address
    std::vector<Ptr<TcpTeardownSocket>> m_clients;          //!< connection 1, 2
    std::vector<TcpStreamChecker> m_checkers;               //!< the client's checkers
    std::vector<TcpStreamChecker::Counts> m_counts;         //!< their counts, after the run
    std::vector<TcpSegmentImpairment::Record> m_dups;       //!< the duplicates
    Ptr<TcpSegmentImpairment> m_impairment;                 //!< duplicates the segments
    Ptr<Socket> m_serverSecond;                             //!< the server's connection 2
    uint32_t m_accepted{0};                                 //!< connections the server accepted
    uint32_t m_resetsInTimeWait{0};                         //!< RSTs received in TIME_WAIT
    Time m_timeWaitEnd{Time::Max()};                        //!< end of connection 1's TIME_WAIT
    Time m_secondConnection{Time::Max()};                   //!< connection 2 connected
    Time m_secondEnd{Time::Max()};                          //!< the client's connection 2 ended
    TcpCloseReason m_secondEndReason{TcpCloseReason::NONE}; //!< how
    Time m_serverSecondEnd{Time::Max()};                    //!< the server's connection 2 ended
    TcpCloseReason m_serverSecondEndReason{TcpCloseReason::NONE}; //!< how
    uint32_t m_serverRetransmissions{0}; //!< the server's retransmissions in connection 2
    uint32_t m_acksOfUnsent{0};          //!< the client's ACKs beyond the server's data
    uint32_t m_serverAcks{0};            //!< the server's pure ACKs in connection 2
    uint32_t m_synSentResets{0};         //!< the client's RSTs from SYN_SENT
    bool m_serverWroteSecond{false};     //!< the server has written connection 2's data
};

} // namespace ns3

#endif /* TCP_ASSASSINATION_SCENARIO_H */
