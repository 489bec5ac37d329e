/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TIME_WAIT_ASSASSINATION_SCENARIO_H
#define TCP_TIME_WAIT_ASSASSINATION_SCENARIO_H

#include "tcp-teardown-scenario.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Story "assassination": TIME_WAIT assassination, RFC 1337's hazards H1 to H3.
 *
 * Runs TcpAssassinationScenario on the story's stage. Hazard H1: an old duplicate provokes a
 * RST that ends the client's TIME_WAIT early, and the next connection on the same ports reads
 * old data. H2: the next connection receives an ACK of data never sent and the two ends
 * disagree until ETIMEDOUT. H3: the RST of a client in SYN_SENT kills the half-open connection
 * (only without RFC 5961). With Rfc1337 true, TIME_WAIT ignores RSTs and nothing goes wrong.
 * The verdict is the hazard's outcome as RFC 1337 describes it, or no harm with Rfc1337.
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
    void DoRun(TcpScenarioResult& result) override;

  private:
    std::string m_hazard;  //!< H1, H2 or H3
    bool m_rfc1337{false}; //!< tcp_rfc1337
    bool m_rfc5961{true};  //!< RFC 5961 RST checks
};

} // namespace ns3

#endif /* TCP_TIME_WAIT_ASSASSINATION_SCENARIO_H */
