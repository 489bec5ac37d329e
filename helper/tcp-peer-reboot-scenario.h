/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_PEER_REBOOT_SCENARIO_H
#define TCP_PEER_REBOOT_SCENARIO_H

#include "tcp-teardown-scenario.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Story "peer-reboot": the peer's host crashes and comes back without its connections.
 *
 * At 1 s the client connects and the server writes 1000 B every 100 ms; at CrashAt (3 s) the
 * client host crashes, at RebootAt (10 s) it is back with no connection state. Linux: the
 * server's next retransmission reaches the rebooted host, which answers with a RST; the
 * server's connection ends with ECONNRESET.
 *
 * Variants: RebootAt 0, the host never comes back (story "peer-crash-no-reboot": the server
 * gives up with ETIMEDOUT after tcp_retries2's budget); Mode Process, only the client process
 * crashes at CrashAt (story "peer-process-crash": its kernel closes the socket with a FIN, the
 * server reads the end of stream, closes, and its connection ends without error).
 * SendsAfterError makes the server application call Send() that many times after its
 * connection ends with an error (Linux: the error once, then EPIPE); every failed or closing
 * call of the server application is a figure ("server socket calls").
 */
class TcpPeerRebootScenario : public TcpTeardownScenario
{
  public:
    /// What crashes.
    enum Mode
    {
        HOST,    //!< the client host: silence, then (RebootAt) a host without the connection
        PROCESS, //!< the client process: its kernel closes the socket
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
    Mode m_mode{HOST};                    //!< host or process crash
    Time m_crashAt;                       //!< when the client crashes
    Time m_rebootAt;                      //!< when the host is back, 0: never
    uint32_t m_sendsAfterError{0};        //!< Send() calls after an error end
    Ptr<TcpTeardownApplication> m_server; //!< the server application
    Ptr<TcpTeardownApplication> m_client; //!< the client application
};

} // namespace ns3

#endif /* TCP_PEER_REBOOT_SCENARIO_H */
