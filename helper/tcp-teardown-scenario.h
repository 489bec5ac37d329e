/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_SCENARIO_H
#define TCP_TEARDOWN_SCENARIO_H

#include "tcp-teardown-helper.h"
#include "tcp-teardown-host-pair.h"
#include "tcp-teardown-recorder.h"

#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/tcp-state-diagram.h"
#include "ns3/tcp-teardown-fatal.h"

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief One connection of a story, seen from one end: what it went through and how it ended.
 */
struct TcpEndpointOutcome
{
    std::string label;  //!< "client", "server", "client, connection 2", ...
    uint32_t node{0};   //!< the node id
    uint32_t socket{0}; //!< the recorder's socket number (TcpConnectionId::socket), 0: none
    std::vector<std::pair<Time, TcpSocket::TcpStates_t>> timeline; //!< state entered, by time;
                                                                   //!< the first is the state
                                                                   //!< before the first event
    TcpSocket::TcpStates_t finalState{TcpSocket::CLOSED}; //!< the state at the end of the run
    bool ended{false};                                    //!< the connection ended (ConnectionEnd)
    TcpCloseReason reason{TcpCloseReason::NONE};          //!< how it ended, if it did
    Time end;                                             //!< when it ended, if it did
    uint32_t retransmissions{0};                          //!< timeout retransmissions
    uint64_t bytesSent{0};      //!< bytes the application handed to Send()
    uint64_t bytesDelivered{0}; //!< bytes the application read
    uint64_t bytesCorrupted{0}; //!< bytes read that were not the right ones (stream integrity)
};

/**
 * \ingroup tcp-teardown
 *
 * \brief What one run of a story produced: the records, each end's outcome and the verdict.
 */
struct TcpScenarioResult
{
    std::string story;                         //!< the story's name, e.g. "lost-final-ack"
    std::string variant;                       //!< the parameters that differ from the defaults
    std::vector<TcpEndpointOutcome> endpoints; //!< the connections the story is about
    bool passed{false};                        //!< the verdict: observed == expected
    std::string expected;                      //!< what Linux does, in one sentence
    std::string observed;                      //!< what happened, in one sentence
    std::vector<std::pair<std::string, std::string>> figures; //!< named numbers, in order
    Time stopTime;                                            //!< the simulated time
    std::vector<TcpTransitionRecord> transitions;             //!< every state transition
    std::vector<TcpRetransmissionRecord> retransmissions;     //!< every timeout retransmission
    std::vector<TcpEndRecord> ends;                           //!< every connection end
    std::vector<TcpSegmentImpairment::Record> impairments;    //!< every impairment action
    std::vector<TcpStateDiagram::Violation> violations; //!< transitions not in RFC 9293's diagram

    /**
     * \brief Add a named number to the figures.
     * \param name what it is, with its unit
     * \param value its value, formatted
     */
    void AddFigure(const std::string& name, const std::string& value);

    /**
     * \brief Find a figure.
     * \param name its name
     * \return its value, or "" if there is none
     */
    std::string GetFigure(const std::string& name) const;

    /**
     * \brief Write the records (TcpTeardownRecorder::WriteCsv's four files) and
     *        endpoints.csv (label, node, socket, final_state, reason, end_s, retransmissions,
     *        bytes_sent, bytes_delivered, bytes_corrupted) into a folder, which is created.
     * \param folder the folder
     * \return false, with a message on std::cerr, if a file cannot be written
     */
    bool WriteCsv(const std::string& folder) const;

    /**
     * \brief Print the result for a reader: each endpoint's timeline, end, retransmissions and
     *        bytes, the figures, what Linux does, what happened and the verdict.
     * \param os where to print
     */
    void Print(std::ostream& os) const;

    /**
     * \brief Save the result into a folder (created): WriteCsv()'s five files, result.txt
     *        (Print()'s text) and, where TcpTeardownPlot can draw, timeline.svg and
     *        timeline.png (the endpoints' states over time).
     * \param folder the folder
     * \return false, with a message on std::cerr, if a file cannot be written (a plot that
     *         cannot be drawn is said on std::cerr and is not an error)
     */
    bool Save(const std::string& folder) const;

    /**
     * \brief What an example does with --output: nothing if \p output is empty, otherwise
     *        Save() there and print "records: <output>/" on \p os.
     * \param output the folder, "" for none
     * \param os where to say where the records went
     * \return false if Save() failed
     */
    bool SaveIfAsked(const std::string& output, std::ostream& os) const;

    /**
     * \brief Create a folder for Save() or WriteCsv() (its parent must exist); an example
     *        calls it before running so that a bad output folder fails at once.
     * \param folder the folder
     * \return false, with a message on std::cerr, if it cannot be created
     */
    static bool MakeFolder(const std::string& folder);

    /**
     * \brief Check an example's --output and --pcap options before it runs: --pcap needs a
     *        folder, and the folder (if any) is created.
     * \param output the folder, "" for none
     * \param pcap whether pcap files were asked for
     * \return false, with a message on std::cerr, if the options cannot be honoured
     */
    static bool PrepareOutput(const std::string& output, bool pcap);
};

/**
 * \ingroup tcp-teardown
 *
 * \brief A teardown story: builds its stage, runs it, and judges what happened.
 *
 * The stage is a TcpTeardownHostPair: by default client, router and server joined by two
 * point-to-point links (attributes LinkRate, LinkDelay, Router). Every story subclass adds its
 * own attributes; SetSocketAttribute() overrides any TcpTeardownSocket attribute on both
 * hosts after the story's own settings. Run() simulates, destroys the simulator, checks every
 * transition against RFC 9293's diagram (a transition outside it fails the verdict) and
 * returns the result, so stories run one after another in one program.
 *
 * \code
 *   Ptr<TcpLostFinalAckScenario> story = CreateObject<TcpLostFinalAckScenario>();
 *   story->SetAttribute("TimeWait", BooleanValue(false));
 *   TcpScenarioResult result = story->Run();
 *   std::cout << result.observed << (result.passed ? " (as Linux)" : " (NOT as Linux)");
 * \endcode
 */
class TcpTeardownScenario : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TcpTeardownScenario();
    ~TcpTeardownScenario() override;

    /**
     * \brief Override a TcpTeardownSocket attribute on both hosts.
     * \param name the attribute's name
     * \param value its value
     */
    void SetSocketAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Set one of the story's own attributes (or LinkRate, LinkDelay, ...), checked:
     *        an unknown name or a value outside the attribute's range is a fatal error that
     *        names the value and the rule (exit status 1), where SetAttribute() would abort.
     * \param name the attribute's name
     * \param value its value
     */
    void SetStoryAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Run the story once.
     * \return what happened and the verdict
     */
    TcpScenarioResult Run();

    /// \return the story's name (lower case, hyphens), e.g. "graceful-close"
    virtual std::string GetStory() const = 0;

    /**
     * \brief Format seconds with a fixed number of decimals.
     * \param t the time
     * \param decimals how many decimals
     * \return e.g. "948.090 s"
     */
    static std::string FormatSeconds(Time t, int decimals = 3);

  protected:
    /// \return the simulated time: the Duration attribute, or the story's GetStopTime()
    Time GetDuration() const;

    /// What a story builds on.
    struct Stage
    {
        const TcpTeardownHostPair* hosts{nullptr}; //!< client, server (and router)
        TcpTeardownRecorder* recorder{nullptr};    //!< records both hosts
        Ptr<Node> client;                          //!< the client host
        Ptr<Node> server;                          //!< the server host
        Ipv4Address serverAddress;                 //!< the server's address
    };

    /**
     * \brief Set the story's own socket attributes (before the user's overrides).
     * \param teardown the helper that installs the sockets
     */
    virtual void DoConfigure(TcpTeardownHelper& teardown);

    /**
     * \brief Install applications, impairments and events on the stage (stories that use the
     *        default DoRun() override this; the default does nothing).
     * \param stage the stage
     */
    virtual void DoBuild(Stage& stage);

    /// \return when the simulation stops, unless the Duration attribute says otherwise
    virtual Time GetStopTime() const = 0;

    /**
     * \brief Fill endpoints, figures, expected, observed and passed, after the run and before
     *        the simulator is destroyed.
     * \param stage the stage
     * \param result the result, records already filled in
     */
    virtual void DoJudge(const Stage& stage, TcpScenarioResult& result);

    /**
     * \brief Run the story. The default builds the stage and calls DoConfigure(), DoBuild(),
     *        Simulator::Run(), DoJudge(). A story that drives its own engine overrides this.
     * \param result the result to fill (records, endpoints, verdict)
     */
    virtual void DoRun(TcpScenarioResult& result);

    /**
     * \brief Install a server application on the stage: listens on \p port, accepts.
     * \param stage the stage
     * \param port the port
     * \param closeOnEndOfStream whether it closes when it reads the client's end of stream
     * \return the application
     */
    static Ptr<TcpTeardownApplication> InstallServer(const Stage& stage,
                                                     uint16_t port,
                                                     bool closeOnEndOfStream);

    /**
     * \brief Install a client application on the stage: connects to the server's \p port at
     *        \p start and writes \p bytes.
     * \param stage the stage
     * \param port the server's port
     * \param bytes bytes to write
     * \param closeWhenDone whether it closes after the last write
     * \param start when it connects
     * \return the application
     */
    static Ptr<TcpTeardownApplication> InstallClient(const Stage& stage,
                                                     uint16_t port,
                                                     uint64_t bytes,
                                                     bool closeWhenDone,
                                                     Time start);

    /**
     * \brief Fill an endpoint's byte counts from the application that owned its socket.
     * \param endpoint the endpoint (its socket is found among the application's connections
     *        by order: \p index)
     * \param app the application
     * \param index which of the application's connections
     */
    static void CountBytes(TcpEndpointOutcome& endpoint,
                           Ptr<TcpTeardownApplication> app,
                           uint32_t index = 0);

    /**
     * \brief The last SetSocketAttribute() override of a socket attribute, so that a story can
     *        size its run (e.g. a longer TIME_WAIT needs a longer run).
     * \param name the attribute's name
     * \return its value as the attribute's checker accepts it, or nullptr if not overridden
     */
    Ptr<const AttributeValue> GetSocketAttributeOverride(const std::string& name) const;

    /**
     * \brief How long a socket's TIME_WAIT lasts, as TcpTeardownSocket chooses it when it
     *        enters TIME_WAIT (profile, TimeWaitPolicy, TimeWaitDuration, MaxSegLifetime).
     * \param socket the socket
     * \return the length (0 when TIME_WAIT is disabled)
     */
    static Time TimeWaitOf(Ptr<TcpTeardownSocket> socket);

    /**
     * \brief The TIME_WAIT length the user's socket overrides give (TimeWaitOf() of a socket
     *        with the defaults and the SetSocketAttribute() overrides), so that a story can run
     *        long enough; the story's own settings are not included.
     * \return the length
     */
    Time GetConfiguredTimeWait() const;

    /// \return a TcpTeardownHelper with the story's and the user's socket attributes
    TcpTeardownHelper MakeTeardownHelper();

    /// \return the link rate
    DataRate GetLinkRate() const;
    /// \return the one-way delay of each link
    Time GetLinkDelay() const;
    /// \return whether a router joins the hosts
    bool HasRouter() const;

    /**
     * \brief Copy a recorder's records into a result.
     * \param recorder the recorder
     * \param result the result
     */
    static void CopyRecords(const TcpTeardownRecorder& recorder, TcpScenarioResult& result);

    /**
     * \brief Describe the n-th connection of a node from its records.
     * \param result the result, records filled in
     * \param label the endpoint's label
     * \param node the node id
     * \param index which of the node's connections (0: the first; listeners are skipped)
     * \return the endpoint: timeline, final state, end, retransmissions (bytes left at 0)
     */
    static TcpEndpointOutcome Describe(const TcpScenarioResult& result,
                                       const std::string& label,
                                       uint32_t node,
                                       uint32_t index = 0);

    /**
     * \brief Log an application's socket calls (its SocketCall trace) from now on, as
     *        "send() -> -1 ETIMEDOUT at 950.669 s"; clears the previous log.
     * \param app the application
     */
    void LogCalls(Ptr<TcpTeardownApplication> app);

    /// \return the logged calls joined by "; ", or "none"
    std::string GetLoggedCalls() const;

    /// \return whether any call was logged
    bool HasLoggedCalls() const;

  private:
    DataRate m_linkRate;      //!< each link's rate
    Time m_linkDelay;         //!< each link's one-way delay
    bool m_router{true};      //!< a router between the hosts
    double m_lossRate{0};     //!< frame loss at the router
    std::string m_pcapPrefix; //!< pcap file prefix, "" for none
    Time m_duration;          //!< simulated time, 0: the story's own
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_socketAttributes; //!< overrides
    std::vector<std::string> m_calls; //!< LogCalls()'s log

    /**
     * \brief One socket call of the application LogCalls() watches.
     * \param socket the socket
     * \param call the call, e.g. "send"
     * \param result what it returned
     * \param error its errno, if it failed
     */
    void OnCall(Ptr<const TcpTeardownSocket> socket,
                std::string call,
                int result,
                TcpCloseReason error);
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SCENARIO_H */
