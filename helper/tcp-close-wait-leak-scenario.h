/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_CLOSE_WAIT_LEAK_SCENARIO_H
#define TCP_CLOSE_WAIT_LEAK_SCENARIO_H

#include "tcp-teardown-scenario.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Story "close-wait-leak": a server that never calls close().
 *
 * From 1 s, Clients connections, one every Interval; each client writes 1000 B and closes.
 * With ServerCloses false the server reads the end of stream and never closes: every
 * connection stays in CLOSE_WAIT for ever, and the client's orphan leaves FIN_WAIT_2 after
 * tcp_fin_timeout (socket attribute FinTimeout, 60 s). The verdict: the server's CLOSE_WAIT
 * population at the end equals Clients (0 when the server closes), and no client connection
 * is left in FIN_WAIT_2 longer than FinTimeout.
 */
class TcpCloseWaitLeakScenario : public TcpTeardownScenario
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
    uint32_t m_clients{0};                     //!< number of connections
    Time m_interval;                           //!< time between connections
    bool m_serverCloses{false};                //!< the server closes on end of stream
    Ptr<TcpTeardownApplication> m_server;      //!< the server application
    Ptr<TcpTeardownApplication> m_firstClient; //!< the first connection's client application
};

} // namespace ns3

#endif /* TCP_CLOSE_WAIT_LEAK_SCENARIO_H */
