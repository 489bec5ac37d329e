/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_STRAY_SEGMENT_SCENARIO_H
#define TCP_STRAY_SEGMENT_SCENARIO_H

#include "tcp-teardown-scenario.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Story "stray-segment": a delayed segment of an old connection arrives in a new one
 *        on the same ports.
 *
 * Runs TcpStrayCorruptionScenario on the story's stage: the client reuses one source port for
 * connection after connection, each writing chunks of stream-coded data; one data segment of
 * the first connection is held back StrayDelay (4 s) and delivered late. Whether a later
 * incarnation reads its bytes as its own depends on the client's TIME_WAIT (TimeWait; 0
 * disables it), the ISN policy and timestamps. Verdict, the rule TIME_WAIT exists for: bytes
 * are corrupted exactly when TIME_WAIT is shorter than the stray's delay and the ISNs do not
 * move apart (IsnPolicy Zero); otherwise none.
 */
class TcpStraySegmentScenario : public TcpTeardownScenario
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
    Time m_timeWait;          //!< client TIME_WAIT, 0: none
    Time m_strayDelay;        //!< the stray's delay
    std::string m_isnPolicy;  //!< IsnPolicy
    bool m_timestamps{false}; //!< the timestamp option
};

} // namespace ns3

#endif /* TCP_STRAY_SEGMENT_SCENARIO_H */
