/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_CATALOGUE_H
#define TCP_TEARDOWN_CATALOGUE_H

#include "tcp-teardown-scenario.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Every teardown story with its defaults, by name: one call runs one.
 *
 * An entry names a TcpTeardownScenario subclass and the attributes that make the variant
 * (e.g. "lost-final-ack-no-time-wait" is TcpLostFinalAckScenario with TimeWait false). The
 * report (examples/tcp-teardown-report.cc) runs them all.
 *
 * \code
 *   TcpScenarioResult result = TcpTeardownCatalogue::Run("peer-crash-sending");
 *   TcpScenarioResult longer = TcpTeardownCatalogue::Run("peer-crash-sending",
 *                                                        {{"LinkDelay", "50ms"}});
 * \endcode
 */
class TcpTeardownCatalogue
{
  public:
    /// One story of the catalogue.
    struct Entry
    {
        std::string name;   //!< unique, lower case with hyphens
        std::string title;  //!< a heading
        std::string typeId; //!< the TcpTeardownScenario subclass
        std::vector<std::pair<std::string, std::string>> attributes; //!< the variant's settings
        std::string linuxReference; //!< what Linux does, and where that was measured
    };

    /// \return every entry, in the report's order
    static const std::vector<Entry>& GetEntries();

    /**
     * \brief Find an entry.
     * \param name its name
     * \return the entry; an unknown name is a fatal error that lists the names
     */
    static const Entry& Get(const std::string& name);

    /**
     * \brief Create the entry's scenario with its attributes and \p overrides (attribute name,
     *        value as text; a bad name or value is a fatal error naming it). A name that is
     *        not the story's attribute but a TcpTeardownSocket attribute (e.g.
     *        "TimeWaitPolicy") is set on both hosts' sockets (SetSocketAttribute()).
     * \param entry the entry
     * \param overrides more attributes, applied after the entry's
     * \return the scenario, ready to Run()
     */
    static Ptr<TcpTeardownScenario> Create(
        const Entry& entry,
        const std::vector<std::pair<std::string, std::string>>& overrides = {});

    /**
     * \brief Run one story.
     * \param name the entry's name
     * \param overrides more attributes (see Create())
     * \return the result, its variant set to the entry's name
     */
    static TcpScenarioResult Run(
        const std::string& name,
        const std::vector<std::pair<std::string, std::string>>& overrides = {});
};

} // namespace ns3

#endif /* TCP_TEARDOWN_CATALOGUE_H */
