/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_PEER_CRASH_SCENARIO_H
#define TCP_PEER_CRASH_SCENARIO_H

#include "tcp-teardown-scenario.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Stories "peer-crash-sending" and "peer-crash-idle": a host crashes (no FIN, no RST,
 *        no answer ever again) and the survivor has to notice.
 *
 * - Activity Sending: at 1 s the client connects and the server writes 2896 B every 100 ms;
 *   at CrashAt (3 s) the client host crashes. Linux: the server retransmits with exponential
 *   backoff and ends with ETIMEDOUT after tcp_retries2 (socket attribute Retries2, 15)
 *   retransmissions, about 15 minutes later.
 * - Activity Idle: at 1 s the client connects and nobody writes; at CrashAt (30 s) the server
 *   host crashes. Detection None: the client never learns it (ESTABLISHED for ever).
 *   KeepAlive: SO_KEEPALIVE with the socket's KeepAliveTime/Interval/Probes (Linux 7200 s,
 *   75 s, 9): ETIMEDOUT after idle + interval * probes. Heartbeat: the client writes 1 B every
 *   HeartbeatInterval, the server echoes it, and after HeartbeatMisses unanswered beats the
 *   client declares the peer dead and closes.
 *
 * SendsAfterError makes the server application of the Sending story call Send() that many
 * times after its connection ends with an error (Linux: the pending error once, then EPIPE);
 * every failed or closing call of the server application is a figure ("server socket calls").
 * StopAfterEnd stops the run that long after the surviving end's connection ends, so that a
 * program can give any parameters a generous Duration.
 */
class TcpPeerCrashScenario : public TcpTeardownScenario
{
  public:
    /// What the connection is doing when the peer crashes.
    enum Activity
    {
        SENDING, //!< the server is writing to the client, whose host crashes
        IDLE,    //!< nobody writes; the server's host crashes
    };

    /// How the client of an idle connection notices.
    enum Detection
    {
        NONE,      //!< it does not
        KEEPALIVE, //!< SO_KEEPALIVE
        HEARTBEAT, //!< an application heartbeat
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    std::string GetStory() const override;

  protected:
    void DoBuild(Stage& stage) override;
    Time GetStopTime() const override;
    void DoJudge(const Stage& stage, TcpScenarioResult& result) override;

  private:
    /**
     * \brief The idle client sent a keepalive probe.
     * \param socket the client's socket
     * \param unanswered the count of unanswered probes
     */
    void OnProbe(Ptr<const TcpTeardownSocket> socket, uint32_t unanswered);
    /**
     * \brief The idle client received a segment.
     * \param packet the segment's payload
     * \param header its TCP header
     * \param socket the client's socket
     */
    void OnClientRx(Ptr<const Packet> packet,
                    const TcpHeader& header,
                    Ptr<const TcpSocketBase> socket);
    /**
     * \brief A connection of the surviving host ended: stop StopAfterEnd later.
     * \param socket the socket
     * \param reason how it ended
     */
    void OnSurvivorEnd(Ptr<const TcpTeardownSocket> socket, TcpCloseReason reason);
    /// Send a heartbeat, or declare the peer dead.
    void Beat();
    /**
     * \brief The client reads echoes.
     * \param socket the client's socket
     */
    void OnEcho(Ptr<Socket> socket);
    /**
     * \brief The server accepted the heartbeat connection.
     * \param socket the accepted socket
     * \param from the client
     */
    void OnAccept(Ptr<Socket> socket, const Address& from);
    /**
     * \brief The server echoes what it reads.
     * \param socket the accepted socket
     */
    static void Echo(Ptr<Socket> socket);

    Activity m_activity{SENDING};         //!< sending or idle
    Detection m_detection{NONE};          //!< idle: how the client notices
    Time m_crashAt;                       //!< when the host crashes (0: the activity's default)
    Time m_heartbeatInterval;             //!< time between heartbeats
    uint32_t m_heartbeatMisses{3};        //!< unanswered heartbeats that mean "dead"
    Ptr<TcpTeardownSocket> m_idleClient;  //!< idle: the client's socket
    uint32_t m_unanswered{0};             //!< heartbeats since the last echo
    Time m_declaredDead{Time::Max()};     //!< when the heartbeat gave up
    uint64_t m_heartbeats{0};             //!< heartbeats sent
    Ptr<TcpTeardownApplication> m_server; //!< sending: the server application
    Ptr<TcpTeardownApplication> m_client; //!< sending: the client application
    uint32_t m_sendsAfterError{0};        //!< sending: Send() calls after an error end
    Time m_stopAfterEnd;                  //!< stop this long after the survivor's end, 0: never
    bool m_stopScheduled{false};          //!< the survivor's end scheduled the stop
    std::vector<Time> m_probes;           //!< idle, keepalive: when each probe went out
    Time m_lastHeard;                     //!< idle: when the client last received a segment
};

} // namespace ns3

#endif /* TCP_PEER_CRASH_SCENARIO_H */
