/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_LOST_FINAL_ACK_SCENARIO_H
#define TCP_LOST_FINAL_ACK_SCENARIO_H

#include "tcp-teardown-scenario.h"

#include "ns3/ipv4.h"
#include "ns3/tcp-segment-impairment.h"

#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Story "lost-final-ack": the last ACK of a close is lost.
 *
 * At 1 s the client connects, writes Bytes and closes; the server closes on the end of
 * stream. A TcpSegmentImpairment on the server's link drops the client's ACK of the server's
 * FIN Drops times (the rule matches its sequence number, so the story sets IsnPolicy Zero).
 * With TIME_WAIT (Linux) the client re-acknowledges the retransmitted FIN and both ends close
 * without error; with TimeWait false the client has forgotten the connection, answers the FIN
 * with a RST, and the server's connection ends with ECONNRESET. The figures name the
 * segments of the client that reached the server after the first drop: its answers to the
 * retransmitted FIN (an ACK from TIME_WAIT, or a RST).
 */
class TcpLostFinalAckScenario : public TcpTeardownScenario
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    std::string GetStory() const override;

  protected:
    void DoConfigure(TcpTeardownHelper& teardown) override;
    void DoBuild(Stage& stage) override;
    Time GetStopTime() const override;
    void DoJudge(const Stage& stage, TcpScenarioResult& result) override;

  private:
    /**
     * \brief A packet reached the server's IPv4: note the client's segments after the first
     *        drop.
     * \param packet the packet, with its IPv4 header
     * \param ipv4 the server's IPv4
     * \param interface the interface
     */
    void OnServerRx(Ptr<const Packet> packet, Ptr<Ipv4> ipv4, uint32_t interface);

    bool m_timeWait{true};                           //!< the client keeps TIME_WAIT
    uint32_t m_drops{1};                             //!< final ACKs dropped
    uint64_t m_bytes{1000};                          //!< bytes the client writes
    Ptr<TcpTeardownApplication> m_client;            //!< the client application
    Ptr<TcpTeardownApplication> m_server;            //!< the server application
    Ptr<TcpSegmentImpairment> m_impairment;          //!< drops the final ACKs
    Ipv4Address m_clientAddress;                     //!< the client's address
    std::vector<std::pair<Time, uint8_t>> m_answers; //!< client segments (time, TCP flags)
                                                     //!< reaching the server after a drop
};

} // namespace ns3

#endif /* TCP_LOST_FINAL_ACK_SCENARIO_H */
