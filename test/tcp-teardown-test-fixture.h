/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_TEST_FIXTURE_H
#define TCP_TEARDOWN_TEST_FIXTURE_H

#include "ns3/data-rate.h"
#include "ns3/error-model.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-teardown-application.h"
#include "ns3/tcp-teardown-helper.h"
#include "ns3/tcp-teardown-recorder.h"
#include "ns3/test.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace tcpteardowntest
{

/**
 * \ingroup tcp-teardown
 * \brief Test-only receive error model: drops the n-th TCP segment that matches a predicate.
 *
 * It sees point-to-point frames (PPP, IPv4 and TCP headers on). The module's own impairment
 * model replaces it once segment impairments exist.
 */
class SegmentDropper : public ErrorModel
{
  public:
    /// Which segments count.
    using Predicate = std::function<bool(const TcpHeader&, uint32_t payloadSize)>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Drop the \p occurrence -th segment that matches (1 = the first).
     * \param predicate the match
     * \param occurrence which match to drop
     */
    void DropNth(Predicate predicate, uint32_t occurrence);

    /// \return how many segments were dropped
    uint32_t GetDropped() const;

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;

    Predicate m_predicate;    //!< the match
    uint32_t m_occurrence{0}; //!< which match to drop
    uint32_t m_seen{0};       //!< matches so far
    uint32_t m_dropped{0};    //!< segments dropped
};

/// A segment sent by the fixture's TCP, as seen by a Tx trace.
struct SentSegment
{
    Time time;        //!< when
    TcpHeader header; //!< the header
    uint32_t size;    //!< payload bytes
};

/**
 * \ingroup tcp-teardown
 * \brief A TestCase that owns a client -- router -- server topology with TcpTeardownSockets.
 *
 * Stories read as timelines: configure sockets with a TcpTeardownHelper, BuildTopology(),
 * install applications or create sockets, schedule events, RunUntil(), then check the records.
 */
class TeardownTestCase : public TestCase
{
  protected:
    /**
     * \brief Constructor.
     * \param name the test case name
     */
    explicit TeardownTestCase(const std::string& name);

    /**
     * \brief Build client -- router -- server, point-to-point links, TcpTeardownSockets on the
     *        client and the server, a recorder on both.
     * \param helper the socket configuration
     * \param rate the rate of both links
     * \param delay the one-way delay of each link
     */
    void BuildTopology(const TcpTeardownHelper& helper,
                       DataRate rate = DataRate("10Mbps"),
                       Time delay = MilliSeconds(5));

    /**
     * \brief Install a server application on the server node.
     * \param port the listening port
     * \param start when it starts listening
     * \return the application, for further attributes before start
     */
    Ptr<TcpTeardownApplication> InstallServerApp(uint16_t port, Time start = Seconds(0));

    /**
     * \brief Install a client application connecting to the server.
     * \param port the server port
     * \param start when it connects
     * \return the application
     */
    Ptr<TcpTeardownApplication> InstallClientApp(uint16_t port, Time start = Seconds(1));

    /**
     * \brief A TcpTeardownSocket on the client that connects to the server at \p at.
     * \param port the server port
     * \param at when Connect() is called
     * \return the socket, to drive call by call
     */
    Ptr<TcpTeardownSocket> ConnectClientSocket(uint16_t port, Time at = Seconds(1));

    /**
     * \brief Make the client's TCP send a hand-made segment to the server.
     * \param header the TCP header (ports included)
     * \param payloadSize payload bytes
     */
    void InjectFromClient(TcpHeader header, uint32_t payloadSize = 0);

    /**
     * \brief Drop segments arriving at the server (client to server direction).
     * \return the dropper, to configure
     */
    Ptr<SegmentDropper> DropArrivingAtServer();

    /**
     * \brief Drop segments arriving at the client (server to client direction).
     * \return the dropper, to configure
     */
    Ptr<SegmentDropper> DropArrivingAtClient();

    /**
     * \brief Run the simulation until \p stop.
     * \param stop the stop time
     */
    void RunUntil(Time stop);

    void DoTeardown() override;

    Ptr<Node> m_client;              //!< the client host
    Ptr<Node> m_router;              //!< the router
    Ptr<Node> m_server;              //!< the server host
    Ipv4Address m_clientAddress;     //!< the client's address
    Ipv4Address m_serverAddress;     //!< the server's address
    NetDeviceContainer m_clientLink; //!< client, router devices
    NetDeviceContainer m_serverLink; //!< router, server devices
    TcpTeardownRecorder m_recorder;  //!< records of client and server
};

/**
 * \brief Run \p f at time \p t. ns-3 <= 3.35 schedules no lambdas; this works in every version.
 * \param t when
 * \param f what
 */
void At(Time t, std::function<void()> f);

/// \cond internal: keep a template argument out of deduction (std::type_identity, C++20)
template <typename T>
struct NonDeduced
{
    using type = T; //!< the type itself
};

/// A std::function bound into a Callback; Callbacks compare their bound arguments.
template <typename... Args>
struct BoundFunction
{
    std::shared_ptr<std::function<void(Args...)>> f; //!< the function

    /// \param other another bound function \return true if it is not the same one
    bool operator!=(const BoundFunction& other) const
    {
        return f != other.f;
    }
};

/**
 * \brief Call a bound std::function with the callback's arguments.
 * \param bound the function
 * \param args the arguments
 */
template <typename... Args>
void
InvokeFunction(BoundFunction<Args...> bound, Args... args)
{
    (*bound.f)(args...);
}

/// \endcond

/**
 * \brief A Callback that runs a lambda; ns-3 <= 3.35 builds no Callback from a lambda.
 * \param f the lambda, as a std::function
 * \return the callback
 */
template <typename... Args>
Callback<void, Args...>
FunctionCallback(typename NonDeduced<std::function<void(Args...)>>::type f)
{
    return MakeBoundCallback(
        &InvokeFunction<Args...>,
        BoundFunction<Args...>{std::make_shared<std::function<void(Args...)>>(std::move(f))});
}

/**
 * \brief Record every segment a socket sends (its Tx trace).
 * \param socket the socket
 * \param into where to append
 */
void WatchTx(Ptr<TcpTeardownSocket> socket, std::vector<SentSegment>* into);

/// A listening TcpTeardownSocket on the server whose accepted socket the test keeps.
struct Listener
{
    Ptr<TcpTeardownSocket> socket;   //!< the listening socket
    Ptr<TcpTeardownSocket> accepted; //!< the accepted connection
    uint32_t normalCloses{0};        //!< normal-close callbacks of the accepted socket
    uint32_t errorCloses{0};         //!< error-close callbacks of the accepted socket
    std::vector<SentSegment> sent;   //!< segments sent by the accepted socket

    /// Listen on \p port of \p node; \p onAccept runs for the accepted socket.
    void Start(Ptr<Node> node, uint16_t port, std::function<void(Ptr<TcpTeardownSocket>)> onAccept)
    {
        socket = TcpTeardownHelper::CreateSocket(node);
        socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        socket->Listen();
        socket->SetAcceptCallback(
            MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
            FunctionCallback<Ptr<Socket>, const Address&>(
                [this, onAccept](Ptr<Socket> s, const Address&) {
                    accepted = DynamicCast<TcpTeardownSocket>(s);
                    accepted->SetCloseCallbacks(
                        FunctionCallback<Ptr<Socket>>([this](Ptr<Socket>) { ++normalCloses; }),
                        FunctionCallback<Ptr<Socket>>([this](Ptr<Socket>) { ++errorCloses; }));
                    WatchTx(accepted, &sent);
                    if (onAccept)
                    {
                        onAccept(accepted);
                    }
                }));
    }
};

/// One socket call and what it returned.
struct CallResult
{
    int result{0};                              //!< return value
    TcpCloseReason error{TcpCloseReason::NONE}; //!< GetLastError() after the call
    bool endOfStream{false};                    //!< Recv() returned an empty packet
};

inline CallResult
SendOnce(Ptr<TcpTeardownSocket> socket)
{
    const int result = socket->Send(Create<Packet>(100));
    return {result, result < 0 ? socket->GetLastError() : TcpCloseReason::NONE, false};
}

inline CallResult
RecvOnce(Ptr<TcpTeardownSocket> socket)
{
    Ptr<Packet> packet = socket->Recv();
    CallResult r;
    r.result = packet ? static_cast<int>(packet->GetSize()) : -1;
    r.error = packet ? TcpCloseReason::NONE : socket->GetLastError();
    r.endOfStream = packet && packet->GetSize() == 0;
    return r;
}

/// Segments with flags exactly \p flags sent at or after \p from.
inline std::size_t
CountSent(const std::vector<SentSegment>& sent, uint8_t flags, Time from)
{
    return std::count_if(sent.begin(), sent.end(), [&](const SentSegment& s) {
        return s.time >= from && s.header.GetFlags() == flags;
    });
}

/// Expected timeout retransmissions and give-up of an unanswered sender.
struct Schedule
{
    std::vector<Time> retransmissions; //!< times of the timeout retransmissions
    Time giveUp;                       //!< time of the ETIMEDOUT
};

/**
 * \brief The Linux give-up rule computed step by step, independently of the module.
 *
 * The first retransmission happens at \p first; after each one the RTO doubles (capped at
 * \p rtoMax); at each expiry the sender gives up if the time since \p first has reached
 * \p budget, else it retransmits again. With a user timeout the timer is clamped so that an
 * expiry falls exactly on the budget.
 *
 * \param first time of the first timeout retransmission
 * \param firstRto the RTO that expired at \p first
 * \param rtoMax the maximum RTO
 * \param budget the give-up budget
 * \param clampToBudget true with a user timeout
 * \return the expected schedule
 */
Schedule ExpectedSchedule(Time first, Time firstRto, Time rtoMax, Time budget, bool clampToBudget);

/**
 * \brief The time \p retransmissions + 1 backed-off RTOs take, from \p base capped at \p max,
 *        summed term by term (the give-up budget of tcp_model_timeout()).
 * \param retransmissions the boundary R
 * \param base the first RTO of the model
 * \param max the maximum RTO
 * \return the budget
 */
Time Budget(uint32_t retransmissions, Time base, Time max);

/**
 * \brief Socket configuration with only the profile set.
 * \param profile "Linux" or "Ns3"
 * \return the helper
 */
TcpTeardownHelper WithProfile(const std::string& profile);

/**
 * \brief Format a state sequence for messages.
 * \param states the states
 * \return "CLOSED SYN_SENT ..."
 */
std::string StatesToString(const std::vector<TcpSocket::TcpStates_t>& states);

} // namespace tcpteardowntest
} // namespace ns3

#endif /* TCP_TEARDOWN_TEST_FIXTURE_H */
