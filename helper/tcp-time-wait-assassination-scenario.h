/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TIME_WAIT_ASSASSINATION_SCENARIO_H
#define TCP_TIME_WAIT_ASSASSINATION_SCENARIO_H

#include "tcp-assassination-scenario.h"
#include "tcp-teardown-scenario.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Story "assassination": TIME_WAIT assassination, RFC 1337's hazards H1 to H3.
 *
 * Runs TcpAssassinationScenario on the story's stage: two of the server's segments of
 * connection 1 reach the client again, TriggerDelay (1 s) and StrayDelay (1.5 s) late. Hazard
 * H1: the first duplicate provokes a RST that ends the client's TIME_WAIT early, and the next
 * connection on the same ports reads old data. H2: the next connection receives an ACK of data
 * never sent and the two ends disagree until ETIMEDOUT. H3: the RST of a client in SYN_SENT
 * (connection 2's SYN left SynSentOffset before the stray arrives) kills the half-open
 * connection, only without RFC 5961, and only if the SYN that the client resends
 * TCP_TIMEOUT_MIN (8 ms) after its RST reaches the server after the handshake's ACK, that is
 * if SynSentOffset + 8 ms exceeds the round trip (10 ms on one direct link, 20 ms behind the
 * router; the segments' transmission times move the boundary by a tenth of a millisecond or
 * two). With Rfc1337 true, TIME_WAIT ignores RSTs and nothing goes wrong. The verdict
 * is the hazard's outcome as RFC 1337 describes it, or no harm with Rfc1337.
 *
 * Socket attributes InvalidRateLimit (500 ms) and Retries2 (15) shape H2; SetSocketAttribute()
 * overrides them. Endpoints: the client's connections 1 and 2 (bytes read, bytes not its own)
 * and the server's connection 2. Figures: RSTs in TIME_WAIT, when TIME_WAIT ended and
 * connection 2 opened, old bytes read, how connection 2 ended, and per hazard the ACKs of
 * unsent data and the server's answers (H2), the client's RSTs from SYN_SENT (H3), the
 * connections the server accepted.
 */
class TcpTimeWaitAssassinationScenario : public TcpTeardownScenario
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    std::string GetStory() const override;

  protected:
    Time GetStopTime() const override;
    void DoConfigure(TcpTeardownHelper& teardown) override;
    void DoBuild(Stage& stage) override;
    void DoJudge(const Stage& stage, TcpScenarioResult& result) override;

  private:
    /// \return the stage's round-trip time: two (four behind the router) link delays
    Time GetRoundTripTime() const;

    TcpAssassinationScenario::Hazard m_hazard; //!< H1, H2 or H3
    bool m_rfc1337{false};                     //!< tcp_rfc1337
    bool m_rfc5961{true};                      //!< RFC 5961 RST checks
    Time m_triggerDelay;                       //!< the first duplicate's delay
    Time m_strayDelay;                         //!< the second duplicate's delay
    Time m_synSentOffset;                      //!< H3: the SYN this long before the stray
    TcpAssassinationScenario m_engine;         //!< the experiment
};

} // namespace ns3

#endif /* TCP_TIME_WAIT_ASSASSINATION_SCENARIO_H */
