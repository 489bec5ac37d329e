/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_BUSY_SERVER_COUNTERS_H
#define TCP_BUSY_SERVER_COUNTERS_H

#include "tcp-close-reason.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket.h"

#include <array>
#include <cstdint>
#include <map>

namespace ns3
{

class TcpTimeWaitTable;
struct TcpTimeWaitRecord;

/**
 * \ingroup tcp-teardown
 *
 * \brief Counters of a busy-server run: TCP state populations of each side, connection
 *        outcomes, failures by reason. O(1) work per event, no per-connection record.
 *
 * A socket is watched through TcpSocketBase's \c State trace source, which both ns-3's
 * TcpSocketBase and TcpTeardownSocket have: each transition moves one unit of population from
 * the state left to the state entered, and updates that state's peak. CLOSED is not counted
 * (a socket is created CLOSED without a trace). The counters keep no pointer to a socket;
 * when a socket enters CLOSED they hold it until the current event has ended, so that a socket
 * nobody else owns any more is not destroyed while TCP is still inside one of its methods.
 *
 * The client side aggregates every client node; the server side is the server node.
 *
 * Compact TIME_WAIT (TcpTeardownSocket \c CompactTimeWait): a socket that hands its TIME_WAIT
 * over to a record of the node's TcpTimeWaitTable and is then released reports no end of
 * TIME_WAIT; WatchTimeWaitTable() counts those ends from the table's \c TimeWaitEnd.
 */
class TcpBusyServerCounters : public Object
{
  public:
    /// The side a socket belongs to.
    enum Side
    {
        CLIENT = 0, //!< a client socket (all client nodes together)
        SERVER = 1, //!< a socket the server accepted
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TcpBusyServerCounters();
    ~TcpBusyServerCounters() override;

    /**
     * \brief Count a socket in its current state and follow its \c State trace from now on.
     * \param socket a TcpSocketBase (stock) or TcpTeardownSocket
     * \param side its side
     * \param current its state now (not counted if CLOSED)
     */
    void Watch(Ptr<Socket> socket, Side side, TcpSocket::TcpStates_t current);

    /**
     * \brief Count the ends of compact TIME_WAITs whose socket is gone, from a node's table
     *        (a socket still alive reports TIME_WAIT -> CLOSED itself).
     * \param table the node's TcpTimeWaitTable
     * \param side the node's side
     */
    void WatchTimeWaitTable(Ptr<TcpTimeWaitTable> table, Side side);

    /// A client opened a connection (called connect()).
    void CountAttempt();
    /// A client read the whole response of a connection.
    void CountCompleted();
    /**
     * \brief A client connection failed before its response was read.
     * \param reason why (NONE when the socket gave no errno)
     */
    void CountFailure(TcpCloseReason reason);
    /**
     * \brief A client connection ended with an error after its response was read.
     * \param reason the error
     */
    void CountClientError(TcpCloseReason reason);
    /// The server accepted a connection.
    void CountAccepted();
    /**
     * \brief A server connection ended with an error.
     * \param reason the error
     */
    void CountServerError(TcpCloseReason reason);

    /**
     * \brief The population of a state.
     * \param side the side
     * \param state the state
     * \return the sockets of the side in the state now
     */
    uint32_t GetPopulation(Side side, TcpSocket::TcpStates_t state) const;
    /**
     * \brief The highest population a state reached.
     * \param side the side
     * \param state the state
     * \return the peak
     */
    uint32_t GetPeak(Side side, TcpSocket::TcpStates_t state) const;
    /// \return connections attempted
    uint64_t GetAttempted() const;
    /// \return connections completed (response read)
    uint64_t GetCompleted() const;
    /// \return connections failed (all reasons)
    uint64_t GetFailed() const;
    /// \return connections the server accepted
    uint64_t GetAccepted() const;
    /// \return failed connections by reason
    const std::map<TcpCloseReason, uint64_t>& GetFailures() const;
    /// \return client errors after the response was read, by reason
    const std::map<TcpCloseReason, uint64_t>& GetClientErrors() const;
    /// \return server connection errors by reason
    const std::map<TcpCloseReason, uint64_t>& GetServerErrors() const;
    /// \return when the first connection failed; Time::Max() if none did
    Time GetFirstFailure() const;
    /// \return when the last connection completed; zero if none did
    Time GetLastCompletion() const;
    /**
     * \brief Transitions out of a state whose population was already 0 (a socket watched in
     *        the wrong state): 0 when the counts are right.
     * \return the count
     */
    uint64_t GetAnomalies() const;

  private:
    /**
     * \brief A state transition of a client socket.
     * \param counters the counters
     * \param socket the socket (held until the event ends if it enters CLOSED)
     * \param from the state left
     * \param to the state entered
     */
    static void ClientStateChanged(Ptr<TcpBusyServerCounters> counters,
                                   Socket* socket,
                                   TcpSocket::TcpStates_t from,
                                   TcpSocket::TcpStates_t to);
    /**
     * \brief A state transition of a server socket.
     * \param counters the counters
     * \param socket the socket
     * \param from the state left
     * \param to the state entered
     */
    static void ServerStateChanged(Ptr<TcpBusyServerCounters> counters,
                                   Socket* socket,
                                   TcpSocket::TcpStates_t from,
                                   TcpSocket::TcpStates_t to);
    /**
     * \brief A compact TIME_WAIT of a client node ended.
     * \param counters the counters
     * \param record the record
     * \param reason how its connection had ended
     */
    static void ClientTimeWaitEnded(Ptr<TcpBusyServerCounters> counters,
                                    const TcpTimeWaitRecord& record,
                                    TcpCloseReason reason);
    /**
     * \brief A compact TIME_WAIT of the server node ended.
     * \param counters the counters
     * \param record the record
     * \param reason how its connection had ended
     */
    static void ServerTimeWaitEnded(Ptr<TcpBusyServerCounters> counters,
                                    const TcpTimeWaitRecord& record,
                                    TcpCloseReason reason);
    /**
     * \brief Leave TIME_WAIT for a record whose socket is gone.
     * \param side the side
     * \param record the record
     */
    void TimeWaitEnded(Side side, const TcpTimeWaitRecord& record);
    /**
     * \brief Move one unit of population.
     * \param side the side
     * \param socket the socket
     * \param from the state left
     * \param to the state entered
     */
    void Move(Side side, Socket* socket, TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to);
    /**
     * \brief Add one to a state's population.
     * \param side the side
     * \param state the state
     */
    void Enter(Side side, TcpSocket::TcpStates_t state);
    /// Does nothing: the event that calls it holds a socket until it runs.
    static void Release(Ptr<Socket>);

    /// Populations and peaks, per side and state.
    using Table = std::array<std::array<uint32_t, TcpSocket::LAST_STATE>, 2>;
    Table m_population{};                          //!< sockets per side and state now
    Table m_peak{};                                //!< the highest population per side and state
    uint64_t m_attempted{0};                       //!< connections attempted
    uint64_t m_completed{0};                       //!< connections completed
    uint64_t m_failed{0};                          //!< connections failed
    uint64_t m_accepted{0};                        //!< connections accepted by the server
    uint64_t m_anomalies{0};                       //!< decrements of an empty population
    std::map<TcpCloseReason, uint64_t> m_failures; //!< failures by reason
    std::map<TcpCloseReason, uint64_t> m_clientErrors; //!< client errors after completion
    std::map<TcpCloseReason, uint64_t> m_serverErrors; //!< server errors
    Time m_firstFailure{Time::Max()};                  //!< the first failure
    Time m_lastCompletion;                             //!< the last completion
};

} // namespace ns3

#endif /* TCP_BUSY_SERVER_COUNTERS_H */
