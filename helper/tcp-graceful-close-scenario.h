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
 * At 1 s the client connects. The active closer (attribute Closer: the client, by default, or
 * the server) writes Bytes and closes; the other end reads the end of stream and closes.
 * Linux: the active closer goes FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT for 60 s, CLOSED; the passive
 * closer CLOSE_WAIT, LAST_ACK, CLOSED; both end without error and every byte arrives. The
 * verdict checks exactly that, with the TIME_WAIT length the active closer's socket was
 * configured with (TimeWaitDuration, TimeWaitPolicy, Profile; e.g. SetSocketAttribute(
 * "TimeWaitDuration", ...)), read from the socket after the run: 60 s unless overridden. A
 * TIME_WAIT longer than the run (Duration, 80 s by default) cannot be judged and fails the
 * verdict.
 */
class TcpGracefulCloseScenario : public TcpTeardownScenario
{
  public:
    /// Which end closes first.
    enum Closer
    {
        CLIENT, //!< the client writes and closes; the server closes on the end of stream
        SERVER, //!< the server writes and closes; the client closes on the end of stream
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
    uint64_t m_bytes{0};                  //!< bytes the active closer writes
    Closer m_closer{CLIENT};              //!< which end closes first
    Ptr<TcpTeardownApplication> m_client; //!< the client application
    Ptr<TcpTeardownApplication> m_server; //!< the server application
};

} // namespace ns3

#endif /* TCP_GRACEFUL_CLOSE_SCENARIO_H */
