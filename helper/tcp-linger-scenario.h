/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_LINGER_SCENARIO_H
#define TCP_LINGER_SCENARIO_H

#include "tcp-teardown-scenario.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Story "linger": what close() does with data still queued, for each SO_LINGER mode.
 *
 * At 1 s the client connects; at 2 s it writes Bytes and calls close() at once.
 * - Mode Off: close() returns 0 at once; the kernel sends the data and the FIN; the server
 *   reads every byte.
 * - Mode Abort ({1, 0}): close() returns 0 at once, the queued data is discarded and a RST
 *   sent; the server's connection ends with ECONNRESET.
 * - Mode Timeout ({1, LingerTime}): close() blocks until the FIN is acknowledged (peer alive:
 *   every byte arrives first) or LingerTime runs out (PeerCrashed: the server host crashes at
 *   1.9 s), then returns 0 (Linux style).
 *
 * The client's socket decides l_linger's unit and what a linger timeout does: with the
 * socket attribute LingerStyle Bsd (SetSocketAttribute()) l_linger is LingerTime in 10 ms
 * ticks and close() fails with EWOULDBLOCK when it runs out, which is not what Linux does.
 */
class TcpLingerScenario : public TcpTeardownScenario
{
  public:
    /// The SO_LINGER setting.
    enum Mode
    {
        OFF,     //!< l_onoff = 0
        ABORT,   //!< {1, 0}
        TIMEOUT, //!< {1, l_linger}
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
    /// Write and close, with the SO_LINGER setting.
    void WriteAndClose();
    /**
     * \brief close() returned.
     * \param socket the client's socket
     * \param result its return value
     */
    void OnCloseReturn(Ptr<TcpTeardownSocket> socket, TcpCloseReason result);
    /**
     * \brief The server accepted the connection.
     * \param socket the accepted socket
     * \param from the client
     */
    void OnAccept(Ptr<Socket> socket, const Address& from);
    /**
     * \brief The server reads.
     * \param socket the accepted socket
     */
    void OnServerReadable(Ptr<Socket> socket);
    /**
     * \brief The client sends a segment: count its RSTs.
     * \param packet the segment's payload
     * \param header its TCP header
     * \param socket the client's socket
     */
    void OnClientTx(Ptr<const Packet> packet,
                    const TcpHeader& header,
                    Ptr<const TcpSocketBase> socket);

    Mode m_mode{OFF};                                   //!< the SO_LINGER mode
    Time m_lingerTime;                                  //!< l_linger for TIMEOUT
    Time m_lingerSet;                                   //!< l_linger as set, in its unit
    bool m_bsd{false};                                  //!< the client's LingerStyle is Bsd
    uint32_t m_clientResets{0};                         //!< RSTs the client sent
    bool m_peerCrashed{false};                          //!< the server host crashes at 1.9 s
    uint32_t m_bytes{0};                                //!< bytes written before close()
    Ptr<TcpTeardownSocket> m_client;                    //!< the client's socket
    Time m_closeCalled;                                 //!< when close() was called
    Time m_closeReturned{Time::Max()};                  //!< when it returned
    TcpCloseReason m_closeResult{TcpCloseReason::NONE}; //!< what it returned
    uint64_t m_serverRead{0};                           //!< bytes the server read
};

} // namespace ns3

#endif /* TCP_LINGER_SCENARIO_H */
