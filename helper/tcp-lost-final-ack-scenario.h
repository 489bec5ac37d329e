/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_LOST_FINAL_ACK_SCENARIO_H
#define TCP_LOST_FINAL_ACK_SCENARIO_H

#include "tcp-teardown-scenario.h"

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
 * with a RST, and the server's connection ends with ECONNRESET.
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
    bool m_timeWait{true};                //!< the client keeps TIME_WAIT
    uint32_t m_drops{1};                  //!< final ACKs dropped
    uint64_t m_bytes{1000};               //!< bytes the client writes
    Ptr<TcpTeardownApplication> m_client; //!< the client application
    Ptr<TcpTeardownApplication> m_server; //!< the server application
};

} // namespace ns3

#endif /* TCP_LOST_FINAL_ACK_SCENARIO_H */
