/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_BUSY_SERVER_SCENARIO_H
#define TCP_BUSY_SERVER_SCENARIO_H

#include "ns3/attribute.h"
#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/tcp-busy-server-counters.h"
#include "ns3/tcp-close-reason.h"
#include "ns3/tcp-socket.h"
#include "ns3/tcp-teardown-socket.h"

#include <array>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief One sample of a busy-server run: the state populations of each side at a time, and
 *        the connection counters so far.
 */
struct TcpBusyServerSample
{
    Time time; //!< when
    /// Client sockets (all clients) per state, indexed by TcpSocket::TcpStates_t.
    std::array<uint32_t, TcpSocket::LAST_STATE> client{};
    /// Server sockets per state (accepted connections; the listener is not counted).
    std::array<uint32_t, TcpSocket::LAST_STATE> server{};
    uint64_t attempted{0}; //!< connections attempted so far
    uint64_t completed{0}; //!< connections completed so far
    uint64_t failed{0};    //!< connections failed so far
};

/**
 * \ingroup tcp-teardown
 *
 * \brief What a TcpBusyServerScenario run measured, and its CSV writers.
 */
struct TcpBusyServerResult
{
    // The run's configuration, as run
    uint32_t clients{0};              //!< client nodes
    double rate{0};                   //!< offered connections per second, all clients
    Time duration;                    //!< how long connections were opened
    Time stop;                        //!< when the simulation stopped (duration + drain)
    std::string closer;               //!< "Server" or "Client"
    std::string socketKind;           //!< "Teardown" or "Stock"
    std::string timeWaitPolicy;       //!< "Fixed", "TwoMsl" or "Disabled"
    Time timeWait;                    //!< the length of TIME_WAIT the sockets apply
    uint32_t ephemeralPorts{0};       //!< ports of each client's ephemeral range (Teardown)
    uint64_t expectedPeakTimeWait{0}; //!< the most connections opened within one TIME_WAIT

    // Time series
    std::vector<TcpBusyServerSample> samples; //!< every SampleInterval, from 0 to stop

    // Totals
    std::array<uint32_t, TcpSocket::LAST_STATE> clientPeak{}; //!< peak population per state
    std::array<uint32_t, TcpSocket::LAST_STATE> serverPeak{}; //!< peak population per state
    uint64_t attempted{0};  //!< connections attempted (connect() called)
    uint64_t completed{0};  //!< connections whose response was read
    uint64_t failed{0};     //!< connections that failed before the response was read
    uint64_t unfinished{0}; //!< attempted - completed - failed: still going at the stop
    uint64_t accepted{0};   //!< connections the server accepted
    std::map<TcpCloseReason, uint64_t> failures;     //!< failed connections by reason
    std::map<TcpCloseReason, uint64_t> clientErrors; //!< client errors once a connection was done
    std::map<TcpCloseReason, uint64_t> serverErrors; //!< server connection errors by reason
    Time firstFailure{Time::Max()}; //!< when the first connection failed (Max: never)
    double achievedRate{0};         //!< completed / duration
    uint64_t events{0};             //!< simulator events executed by the run
    uint64_t anomalies{0};          //!< population counting errors (0 when all is well)

    /**
     * \brief Peak TIME_WAIT population of a side.
     * \param server the server side (else all clients)
     * \return the peak
     */
    uint32_t GetPeakTimeWait(bool server) const;

    /**
     * \brief Failed connections for one reason.
     * \param reason the reason (NONE: failures without an errno)
     * \return the count
     */
    uint64_t GetFailures(TcpCloseReason reason) const;

    /**
     * \brief The states of the time series and the CSV files, in order: every state but
     *        CLOSED and LISTEN.
     * \return the states
     */
    static std::vector<TcpSocket::TcpStates_t> GetReportedStates();

    /**
     * \brief Write the time series: time_s, client_<STATE>..., server_<STATE>...,
     *        attempted, completed, failed; one line per sample.
     * \param os the stream
     */
    void WriteTimeSeriesCsv(std::ostream& os) const;

    /**
     * \brief Write the summary as one CSV line (configuration, totals, peaks, failures by
     *        reason), with the header line first if asked.
     * \param os the stream
     * \param header write the header line first
     */
    void WriteSummaryCsv(std::ostream& os, bool header) const;

    /**
     * \brief Write \<folder\>/\<name\>.csv (time series) and \<folder\>/\<name\>-summary.csv;
     *        the folder must exist. Prints a message on std::cerr on failure.
     * \param folder the folder
     * \param name the file name stem
     * \return whether both files were written
     */
    bool WriteCsv(const std::string& folder, const std::string& name) const;

    /**
     * \brief Print a short human summary.
     * \param os the stream
     */
    void Print(std::ostream& os) const;
};

/**
 * \ingroup tcp-teardown
 *
 * \brief A busy server at scale: many clients, one server, short request/response
 *        connections at a rate, TIME_WAIT piling up at whichever end closes first.
 *
 * Topology (Router true, the reference): Clients client nodes, each on its own point-to-point
 * link (LinkRate, LinkDelay) to one router, which has one more such link to the server. Router
 * false: a star, each client on a direct link to the server. Static routes, no queue discs.
 *
 * Workload: connections numbered i = 0, 1, ... open at i / Rate while i / Rate < Duration,
 * round robin over the clients (connection i from client i mod Clients). Each connects from an
 * ephemeral port to the server's port 80, writes RequestSize bytes, the server answers with
 * ResponseSize bytes; the Closer closes as soon as its part is done, the other end when the
 * FIN arrives (TcpBusyServerApplication). The simulation runs for Duration + Drain.
 *
 * Sockets (SocketKind): Teardown, TcpTeardownSocket through TcpTeardownSocketFactory with
 * TimeWaitPolicy, TimeWaitDuration and (CompactTimeWait true) CompactTimeWait set on every
 * socket, and EphemeralPortFirst..EphemeralPortLast on every node's TcpTeardownPortTable; or
 * Stock, ns-3's TcpSocketBase through ns3::TcpSocketFactory, the same workload for a
 * benchmark: its TIME_WAIT is 2 * MaxSegLifetime, set per socket to TimeWaitDuration / 2
 * (Fixed), 0 (Disabled) or left at ns-3's 120 s (TwoMsl); it takes ephemeral ports from
 * ns-3's own 49152-65535.
 *
 * Measured, with O(1) work per event and no per-connection record (TcpBusyServerCounters):
 * state populations per side every SampleInterval and their peaks, connections attempted,
 * completed and failed by reason (EADDRNOTAVAIL when a client has no ephemeral port left,
 * ECONNREFUSED, ETIMEDOUT...), the achieved rate and the simulator events executed.
 *
 * Stock ns-3 looks up every segment in a list of all endpoints of the node (TIME_WAIT ones
 * included), so with long TIME_WAITs the wall time grows with the square of the population.
 *
 * \code
 *   Ptr<TcpBusyServerScenario> busy = CreateObject<TcpBusyServerScenario>();
 *   busy->SetScenarioAttribute("Rate", DoubleValue(2000));
 *   busy->SetScenarioAttribute("Closer", StringValue("Client"));
 *   TcpBusyServerResult result = busy->Run();
 *   result.Print(std::cout);
 * \endcode
 */
class TcpBusyServerScenario : public Object
{
  public:
    /// Which end closes first.
    enum Closer
    {
        SERVER, //!< the server closes after writing the response: TIME_WAIT at the server
        CLIENT, //!< the client closes after reading it: TIME_WAIT at the clients
    };

    /// Which sockets run the workload.
    enum SocketKind
    {
        TEARDOWN, //!< TcpTeardownSocket (TcpTeardownSocketFactory)
        STOCK,    //!< ns-3's TcpSocketBase (ns3::TcpSocketFactory)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TcpBusyServerScenario();
    ~TcpBusyServerScenario() override;

    /**
     * \brief Set an attribute of the scenario, checked: an unknown name or an invalid value is
     *        a fatal error naming them, with the rule (TcpTeardownCheckAttribute()).
     * \param name the attribute name
     * \param value its value
     */
    void SetScenarioAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Check the rules across attributes (EphemeralPortFirst <= EphemeralPortLast,
     *        LinkRate > 0, at most 100000 samples, at most 10^9 connections): a fatal error
     *        names the attribute and the rule. Run() checks them first.
     */
    void CheckAttributes() const;

    /**
     * \brief Build the topology, run the workload and measure it. Rules across attributes
     *        are checked first (a fatal error names the attribute and the rule). Ends with
     *        Simulator::Destroy(); the scenario may run again.
     * \return the measurements
     */
    TcpBusyServerResult Run();

    /**
     * \brief The number of connections a run opens: every i >= 0 with i / rate < duration.
     * \param rate connections per second
     * \param duration how long connections are opened
     * \return the count
     */
    static uint64_t CountConnections(double rate, Time duration);

    /**
     * \brief The most connections of the schedule that open within any window of a length
     *        (half-open): with equal connection lifetimes, the peak population of a state that
     *        lasts \p window, e.g. the peak TIME_WAIT of the closer.
     * \param rate connections per second
     * \param count connections opened (CountConnections())
     * \param window the window
     * \return the count
     */
    static uint64_t PeakInWindow(double rate, uint64_t count, Time window);

    /**
     * \brief The length of TIME_WAIT the run's sockets apply.
     * \return TimeWaitDuration (Fixed), 2 * ns-3's MaxSegLifetime default (TwoMsl), 0 (Disabled)
     */
    Time GetTimeWaitLength() const;

  private:
    /**
     * \brief Take a sample of the populations and schedule the next one.
     * \param k the sample's number: it is taken at k * SampleInterval
     */
    void Sample(uint64_t k);
    /// \return the populations and counters now
    TcpBusyServerSample TakeSample() const;

    uint32_t m_clients{10};        //!< client nodes
    double m_rate{1000};           //!< connections per second, all clients
    Time m_duration;               //!< how long connections are opened
    Time m_drain;                  //!< how long the run goes on after
    uint32_t m_requestSize{100};   //!< bytes per request
    uint32_t m_responseSize{1000}; //!< bytes per response
    Closer m_closer{SERVER};       //!< who closes first
    DataRate m_linkRate;           //!< every link's rate
    Time m_linkDelay;              //!< every link's one-way delay
    bool m_router{true};           //!< clients -> router -> server
    TcpTeardownSocket::TimeWaitPolicy m_timeWaitPolicy{
        TcpTeardownSocket::TIME_WAIT_FIXED}; //!< TIME_WAIT policy (the socket attribute's)
    Time m_timeWaitDuration;                 //!< TIME_WAIT length (Fixed)
    uint16_t m_portFirst{32768};             //!< ephemeral range, low end
    uint16_t m_portLast{60999};              //!< ephemeral range, high end
    Time m_sampleInterval;                   //!< time between samples
    SocketKind m_socketKind{TEARDOWN};       //!< which sockets
    bool m_compactTimeWait{false};           //!< TcpTeardownSocket CompactTimeWait

    // During a run
    Ptr<TcpBusyServerCounters> m_counters;      //!< the run's counters
    std::vector<TcpBusyServerSample> m_samples; //!< the run's samples
    Time m_stop;                                //!< the run's stop time
};

} // namespace ns3

#endif /* TCP_BUSY_SERVER_SCENARIO_H */
