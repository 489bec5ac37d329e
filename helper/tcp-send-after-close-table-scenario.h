/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_SEND_AFTER_CLOSE_TABLE_SCENARIO_H
#define TCP_SEND_AFTER_CLOSE_TABLE_SCENARIO_H

#include "tcp-teardown-scenario.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Story "send-after-close": what send() returns after the peer has closed, in the four
 *        cells of the source document's table.
 *
 * Runs TcpSendAfterCloseScenario once per cell: the client closes with a FIN or with a RST
 * (unread data, or SO_LINGER {1, 0}), while the server is idle or blocked in a large send().
 * Linux: idle server, FIN: the first send() succeeds (the peer answers it with a RST) and the
 * next fail with EPIPE; idle server, RST: ECONNRESET, then EPIPE; blocked server: the
 * blocked send() returns what it copied, then ECONNRESET, then EPIPE. The verdict compares
 * every call with that.
 */
class TcpSendAfterCloseTableScenario : public TcpTeardownScenario
{
  public:
    /// One cell of the table.
    struct Cell
    {
        bool clientResets{false};       //!< the client closes with a RST
        bool serverBlocked{false};      //!< the server is blocked in send()
        std::vector<std::string> calls; //!< the server's calls and their results
        std::string clientSegments;     //!< the control segments the client sent
        bool asLinux{false};            //!< the calls match Linux
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    std::string GetStory() const override;

    /// \return the cells of the last Run(), idle server first
    const std::vector<Cell>& GetCells() const;

  protected:
    Time GetStopTime() const override;
    void DoRun(TcpScenarioResult& result) override;

  private:
    std::vector<Cell> m_cells; //!< the last run's cells
};

} // namespace ns3

#endif /* TCP_SEND_AFTER_CLOSE_TABLE_SCENARIO_H */
