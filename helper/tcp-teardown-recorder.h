/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_RECORDER_H
#define TCP_TEARDOWN_RECORDER_H

#include "ns3/address.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/tcp-connection-record.h"
#include "ns3/tcp-segment-impairment.h"
#include "ns3/tcp-teardown-socket.h"

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Turns the trace sources of TcpTeardownSocketFactory into records, one per event.
 *
 * Call Watch() after TcpTeardownHelper::Install() and before Simulator::Run(); the records
 * grow as the simulation runs, in event order. WriteCsv() writes them as tidy tables, one row
 * per event:
 *
 * | file | columns |
 * | --- | --- |
 * | transitions.csv | time_s, node, socket, local, peer, from, to |
 * | retransmissions.csv | time_s, node, socket, local, peer, count, rto_s |
 * | outcomes.csv | time_s, node, socket, local, peer, reason |
 * | impairments.csv | time_s, rule, action, source, source_port, destination, destination_port,
 * flags, seq, ack, payload, delivered_s |
 *
 * Times are seconds with 9 decimals; socket numbers the sockets from 1 in the order the
 * recorder first saw them (a listener's accepted connections get their own numbers); local and peer
 * are "address:port" as the socket knew them at the event (0.0.0.0:0 before it was bound); from, to
 * and reason are names (TcpSocket::TcpStateName, TcpCloseReasonName()); flags as
 * TcpHeader::FlagsToString; seq and ack are the raw 32-bit numbers; delivered_s is empty for a
 * DROP.
 */
class TcpTeardownRecorder
{
  public:
    /**
     * \brief Record every TcpTeardownSocket of these nodes, accepted ones included.
     * \param nodes nodes where TcpTeardownHelper was installed
     */
    void Watch(const NodeContainer& nodes);

    /// \return every state transition recorded
    const std::vector<TcpTransitionRecord>& GetTransitions() const;
    /// \return every connection end recorded
    const std::vector<TcpEndRecord>& GetEnds() const;
    /// \return every timeout retransmission recorded
    const std::vector<TcpRetransmissionRecord>& GetRetransmissions() const;

    /**
     * \brief Also record what an impairment does to segments (its Action trace).
     * \param impairment the impairment, installed or to be installed on a device
     */
    void WatchImpairment(Ptr<TcpSegmentImpairment> impairment);

    /// \return every impairment action recorded
    const std::vector<TcpSegmentImpairment::Record>& GetImpairments() const;

    /**
     * \brief Write transitions.csv, retransmissions.csv, outcomes.csv and impairments.csv.
     * \param folder an existing folder
     * \return false, with a message on std::cerr, if a file cannot be written
     */
    bool WriteCsv(const std::string& folder) const;

    /**
     * \brief Write the four CSV files of WriteCsv() from any records (e.g. a
     *        TcpScenarioResult's).
     * \param folder an existing folder
     * \param transitions state transitions
     * \param retransmissions timeout retransmissions
     * \param ends connection ends
     * \param impairments impairment actions
     * \return false, with a message on std::cerr, if a file cannot be written
     */
    static bool WriteCsv(const std::string& folder,
                         const std::vector<TcpTransitionRecord>& transitions,
                         const std::vector<TcpRetransmissionRecord>& retransmissions,
                         const std::vector<TcpEndRecord>& ends,
                         const std::vector<TcpSegmentImpairment::Record>& impairments);

    /**
     * \brief A time as the CSV files write it: seconds with 9 decimals, any locale.
     * \param t the time
     * \return e.g. "1.116000000"
     */
    static std::string FormatTime(Time t);

    /**
     * \brief A text as a CSV field (RFC 4180): quoted, quotes doubled, if it holds a comma, a
     *        quote or a line break, as the label "server, connection 2".
     * \param text the text
     * \return the field
     */
    static std::string CsvField(const std::string& text);

    /**
     * \brief Write transitions as CSV, header first.
     * \param os the stream
     * \param records the transitions
     */
    static void WriteTransitions(std::ostream& os, const std::vector<TcpTransitionRecord>& records);
    /**
     * \brief Write retransmissions as CSV, header first.
     * \param os the stream
     * \param records the retransmissions
     */
    static void WriteRetransmissions(std::ostream& os,
                                     const std::vector<TcpRetransmissionRecord>& records);
    /**
     * \brief Write connection ends as CSV, header first.
     * \param os the stream
     * \param records the ends
     */
    static void WriteOutcomes(std::ostream& os, const std::vector<TcpEndRecord>& records);
    /**
     * \brief Write impairment actions as CSV, header first.
     * \param os the stream
     * \param records the actions
     */
    static void WriteImpairments(std::ostream& os,
                                 const std::vector<TcpSegmentImpairment::Record>& records);

    /**
     * \brief Format an address as "address:port".
     * \param address an InetSocketAddress (anything else prints as "-")
     * \return the text
     */
    static std::string FormatAddress(const Address& address);

    /**
     * \brief The states one node's sockets went through, in order, starting with the first
     *        state left (e.g. CLOSED, SYN_SENT, ESTABLISHED, ...).
     * \param node the node id
     * \return the state sequence of all sockets of the node, listeners excluded
     */
    std::vector<TcpSocket::TcpStates_t> GetStateSequence(uint32_t node) const;

    /**
     * \brief How many of a node's connections are in a state now (their last transition
     *        entered it): CLOSE_WAIT connections that nobody will ever close are a leak.
     * \param node the node id
     * \param state the state
     * \return the number of connections (listening sockets are not connections)
     */
    uint32_t CountInState(uint32_t node, TcpSocket::TcpStates_t state) const;

    /**
     * \brief How many of a node's connections were in a state over time.
     * \param node the node id
     * \param state the state
     * \return (time, count) at each change of the count, in time order
     */
    std::vector<std::pair<Time, uint32_t>> GetPopulation(uint32_t node,
                                                         TcpSocket::TcpStates_t state) const;

    /**
     * \brief GetPopulation() over any list of transitions (e.g. a TcpScenarioResult's).
     * \param transitions the transitions, in time order
     * \param node the node id
     * \param state the state
     * \return (time, count) at each change of the count, in time order
     */
    static std::vector<std::pair<Time, uint32_t>> Population(
        const std::vector<TcpTransitionRecord>& transitions,
        uint32_t node,
        TcpSocket::TcpStates_t state);

    /**
     * \brief The retransmissions of one node.
     * \param node the node id
     * \return its retransmission records
     */
    std::vector<TcpRetransmissionRecord> GetRetransmissions(uint32_t node) const;

    /**
     * \brief The connection ends of one node.
     * \param node the node id
     * \return its end records
     */
    std::vector<TcpEndRecord> GetEnds(uint32_t node) const;

  private:
    /**
     * \brief The id of a socket's connection, numbered by this recorder.
     * \param socket the socket
     * \return its id
     */
    TcpConnectionId Identify(Ptr<const TcpTeardownSocket> socket);
    /// Trace sink for state transitions.
    void OnTransition(Ptr<const TcpTeardownSocket> socket,
                      TcpSocket::TcpStates_t from,
                      TcpSocket::TcpStates_t to);
    /// Trace sink for connection ends.
    void OnEnd(Ptr<const TcpTeardownSocket> socket, TcpCloseReason reason);
    /// Trace sink for retransmissions.
    void OnRetransmission(Ptr<const TcpTeardownSocket> socket, uint32_t count, Time rto);
    /// Trace sink for impairment actions.
    void OnImpairment(const TcpSegmentImpairment::Record& record);

    std::vector<TcpTransitionRecord> m_transitions;          //!< state transitions
    std::vector<TcpEndRecord> m_ends;                        //!< connection ends
    std::vector<TcpRetransmissionRecord> m_retransmissions;  //!< timeout retransmissions
    std::vector<TcpSegmentImpairment::Record> m_impairments; //!< impairment actions
    std::map<const TcpTeardownSocket*, uint32_t> m_serials;  //!< socket numbers
    std::vector<Ptr<const TcpTeardownSocket>> m_sockets;     //!< numbered sockets, kept alive
                                                             //!< so that no address is reused
};

} // namespace ns3

#endif /* TCP_TEARDOWN_RECORDER_H */
