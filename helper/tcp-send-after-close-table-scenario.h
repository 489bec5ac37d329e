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
 * every call with that. The attribute Cell runs one cell instead of the four; the result's
 * records (timelines, CSV) are those of the first cell run, and PcapPrefix writes the files
 * of each cell as \<prefix\>-\<cell\>-\<node\>-\<device\>.pcap.
 */
class TcpSendAfterCloseTableScenario : public TcpTeardownScenario
{
  public:
    /// Which cells a run covers.
    enum Cells
    {
        ALL,         //!< the four, idle server first
        FIN_IDLE,    //!< the client closes with a FIN, the server is idle
        RST_IDLE,    //!< the client closes with a RST, the server is idle
        FIN_BLOCKED, //!< the client closes with a FIN, the server is blocked in send()
        RST_BLOCKED, //!< the client closes with a RST, the server is blocked in send()
    };

    /// One cell of the table.
    struct Cell
    {
        std::string name;               //!< "fin-idle", "rst-idle", "fin-blocked", "rst-blocked"
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

    /**
     * \brief The name of a cell.
     * \param clientResets the client closes with a RST
     * \param serverBlocked the server is blocked in send()
     * \return "fin-idle", "rst-idle", "fin-blocked" or "rst-blocked"
     */
    static std::string CellName(bool clientResets, bool serverBlocked);

  protected:
    Time GetStopTime() const override;
    void DoRun(TcpScenarioResult& result) override;

  private:
    std::vector<Cell> m_cells; //!< the last run's cells
    Cells m_only{ALL};         //!< the cells to run
};

} // namespace ns3

#endif /* TCP_SEND_AFTER_CLOSE_TABLE_SCENARIO_H */
