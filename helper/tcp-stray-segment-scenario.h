/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_STRAY_SEGMENT_SCENARIO_H
#define TCP_STRAY_SEGMENT_SCENARIO_H

#include "tcp-stray-corruption-scenario.h"
#include "tcp-teardown-scenario.h"

#include "ns3/tcp-isn-generator.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Story "stray-segment": a delayed segment of an old connection arrives in a new one
 *        on the same ports.
 *
 * Runs TcpStrayCorruptionScenario on the story's stage: the client reuses one source port for
 * connection after connection (the next one \c Gap after the previous one ended at the
 * client), each writing \c Chunks segments of stream-coded data, one every \c ChunkInterval,
 * and closing first; one data segment of the first connection is held back StrayDelay (4 s)
 * and delivered late. Whether a later incarnation reads its bytes as its own depends on the
 * client's TIME_WAIT (TimeWait; 0 disables it), the ISN policy and timestamps. Verdict, the
 * rule TIME_WAIT exists for: bytes are corrupted exactly when TIME_WAIT is shorter than the
 * stray's delay, the ISNs do not move apart (IsnPolicy Zero) and no timestamps let PAWS
 * (RFC 7323) drop the stray, as Linux does; otherwise none. The module does not model PAWS, so
 * with Timestamps the verdict says where it differs from Linux.
 *
 * Endpoints: the client's first connection and the server's first \c ServerEndpoints
 * connections (all with 0), each with the bytes it read and how many were not its own.
 * Figures: connections, bind() failures while the port was held, the stray (sequence number,
 * size, held back, delivered at), corrupted connections (how many, which) and bytes.
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
    void DoConfigure(TcpTeardownHelper& teardown) override;
    void DoBuild(Stage& stage) override;
    void DoJudge(const Stage& stage, TcpScenarioResult& result) override;

  private:
    Time m_timeWait;                     //!< client TIME_WAIT, 0: none
    Time m_strayDelay;                   //!< the stray's delay
    Time m_gap;                          //!< between one connection's end and the next
    bool m_reuse{false};                 //!< SO_REUSEADDR on the client
    uint32_t m_chunks{10};               //!< data segments per connection
    Time m_chunkInterval;                //!< between them
    TcpIsnGenerator::Policy m_isnPolicy; //!< IsnPolicy
    bool m_timestamps{false};            //!< the timestamp option
    uint32_t m_serverEndpoints{3};       //!< server connections described, 0: all
    TcpStrayCorruptionScenario m_engine; //!< the experiment
};

} // namespace ns3

#endif /* TCP_STRAY_SEGMENT_SCENARIO_H */
