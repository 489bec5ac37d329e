/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_GRACEFUL_CLOSE_SCENARIO_H
#define TCP_GRACEFUL_CLOSE_SCENARIO_H

#include "tcp-teardown-scenario.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Story "graceful-close": the four-way close.
 *
 * At 1 s the client connects, writes Bytes and closes (the active closer); the server reads
 * the end of stream and closes. Linux: the client goes FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT for
 * 60 s, CLOSED; the server CLOSE_WAIT, LAST_ACK, CLOSED; both end without error and every
 * byte arrives. The verdict checks exactly that.
 */
class TcpGracefulCloseScenario : public TcpTeardownScenario
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
    uint64_t m_bytes{0};                  //!< bytes the client writes
    Ptr<TcpTeardownApplication> m_client; //!< the client application
    Ptr<TcpTeardownApplication> m_server; //!< the server application
};

} // namespace ns3

#endif /* TCP_GRACEFUL_CLOSE_SCENARIO_H */
