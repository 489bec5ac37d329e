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
 */
class TcpPeerRebootScenario : public TcpTeardownScenario
{
  public:
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
    Time m_crashAt;                       //!< when the client host crashes
    Time m_rebootAt;                      //!< when it is back
    Ptr<TcpTeardownApplication> m_server; //!< the server application
};

} // namespace ns3

#endif /* TCP_PEER_REBOOT_SCENARIO_H */
