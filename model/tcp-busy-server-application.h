/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_BUSY_SERVER_APPLICATION_H
#define TCP_BUSY_SERVER_APPLICATION_H

#include "tcp-busy-server-counters.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/socket.h"

#include <cstdint>
#include <functional>
#include <unordered_map>

namespace ns3
{

class TcpL4Protocol;

/**
 * \ingroup tcp-teardown
 *
 * \brief A fast client or server of short request/response connections, for a busy server at
 *        scale (TcpBusyServerScenario). Works with any ns-3 TcpSocket: the stock
 *        ns3::TcpSocketFactory or TcpTeardownSocketFactory.
 *
 * - Client: opens one connection per scheduled time (connect() of an unbound socket: an
 *   ephemeral port), writes the request, reads the response, then closes if it is the closer,
 *   or once the server's FIN has arrived.
 * - Server: listens, reads each request, writes the response, then closes at once if it is the
 *   closer, or once the client's FIN has arrived.
 *
 * Everything is counted by a shared TcpBusyServerCounters (state populations through each
 * socket's \c State trace, outcomes, failures by errno). The application holds a socket only
 * while its connection is in progress (connect() to close() or failure): a socket in
 * TIME_WAIT or LAST_ACK is TCP's alone. A close in answer to the peer's FIN runs in its own
 * event, after TCP has acknowledged the FIN (a process runs after the kernel).
 *
 * The client's schedule: connections are numbered i = 0, 1, 2 ... over the whole run, opened at
 * start + i / rate; this client opens i = first, first + stride, first + 2 * stride ... below
 * end (round robin over clients: first = the client's index, stride = the number of clients).
 *
 * Configured by Setup calls (TcpBusyServerScenario does it): the workload's attributes live on
 * the scenario.
 */
class TcpBusyServerApplication : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TcpBusyServerApplication();
    ~TcpBusyServerApplication() override;

    /**
     * \brief Make this a server.
     * \param socketFactory the TypeId of the node's socket factory
     * \param port the port to listen on
     * \param requestSize bytes of each request, > 0
     * \param responseSize bytes of each response, > 0
     * \param closesFirst whether the server closes as soon as the response is written
     * \param counters the counters
     */
    void SetupServer(TypeId socketFactory,
                     uint16_t port,
                     uint32_t requestSize,
                     uint32_t responseSize,
                     bool closesFirst,
                     Ptr<TcpBusyServerCounters> counters);

    /**
     * \brief Make this a client.
     * \param socketFactory the TypeId of the node's socket factory
     * \param server the server's address and port
     * \param requestSize bytes of each request, > 0
     * \param responseSize bytes of each response, > 0
     * \param closesFirst whether the client closes as soon as the response is read
     * \param rate connections per second of the whole schedule, > 0
     * \param first the first connection number of this client
     * \param stride the step between this client's connection numbers, > 0
     * \param end connection numbers stop below this
     * \param counters the counters
     */
    void SetupClient(TypeId socketFactory,
                     const Address& server,
                     uint32_t requestSize,
                     uint32_t responseSize,
                     bool closesFirst,
                     double rate,
                     uint64_t first,
                     uint64_t stride,
                     uint64_t end,
                     Ptr<TcpBusyServerCounters> counters);

    /**
     * \brief Run something on every socket this application creates (client sockets, the
     *        server's listener), before it is used: e.g. set an attribute.
     * \param configure the function
     */
    void SetSocketConfigurator(std::function<void(Ptr<Socket>)> configure);

    /**
     * \brief When connection number \p i of a schedule opens.
     * \param rate connections per second
     * \param i the connection number
     * \return i / rate, rounded to the nanosecond
     */
    static Time ConnectionTime(double rate, uint64_t i);

    /// \return the connections in progress (held by the application)
    std::size_t GetConnectionsInProgress() const;

  protected:
    /// Lets go of the connections in progress, the listener, the counters and the configurator.
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// What the application knows of a connection in progress.
    struct Connection
    {
        Ptr<Socket> socket;     //!< the socket
        uint32_t received{0};   //!< bytes read
        uint32_t toSend{0};     //!< bytes still to write
        bool responding{false}; //!< server: the response is being written
        bool completed{false};  //!< client: the response has been read
    };

    /// Schedule the next connection of the client, if any.
    void ScheduleNext();
    /// Open a connection (client).
    void OpenConnection();
    /**
     * \brief The handshake completed (client).
     * \param socket the socket
     */
    void ConnectionSucceeded(Ptr<Socket> socket);
    /**
     * \brief The handshake failed (client).
     * \param socket the socket
     */
    void ConnectionFailed(Ptr<Socket> socket);
    /**
     * \brief A connection request arrived (server).
     * \param socket the listener
     * \param from the client
     * \return true: accept it
     */
    bool AcceptRequest(Ptr<Socket> socket, const Address& from);
    /**
     * \brief A connection was accepted (server).
     * \param socket the new socket
     * \param from the client
     */
    void Accepted(Ptr<Socket> socket, const Address& from);
    /**
     * \brief Data arrived.
     * \param socket the socket
     */
    void DataReceived(Ptr<Socket> socket);
    /**
     * \brief Room in the send buffer.
     * \param socket the socket
     * \param available bytes of room
     */
    void SendReady(Ptr<Socket> socket, uint32_t available);
    /**
     * \brief Write what is left of a connection's request or response.
     * \param connection the connection
     */
    void SendMore(Connection& connection);
    /**
     * \brief The connection closed normally: the peer's FIN, or the end of our own close.
     * \param socket the socket
     */
    void NormalClose(Ptr<Socket> socket);
    /**
     * \brief The connection ended with an error.
     * \param socket the socket
     */
    void ErrorClose(Ptr<Socket> socket);
    /**
     * \brief Close a socket whose peer has closed (its own event).
     * \param socket the socket
     */
    void CloseAfterPeer(Ptr<Socket> socket);
    /**
     * \brief Close a connection and let go of it.
     * \param socket the socket
     */
    void Finish(Ptr<Socket> socket);
    /**
     * \brief Set the application's callbacks on a socket.
     * \param socket the socket
     */
    void SetCallbacks(Ptr<Socket> socket);
    /**
     * \brief The errno of a socket that failed.
     * \param socket the socket
     * \return TcpTeardownSocket: its close reason, pending or last error; stock: Socket::GetErrno()
     */
    static TcpCloseReason ErrorOf(Ptr<Socket> socket);

    bool m_server{false};                           //!< server or client
    TypeId m_socketFactory;                         //!< the socket factory
    Address m_remote;                               //!< client: the server
    uint16_t m_port{0};                             //!< server: the port
    uint32_t m_requestSize{0};                      //!< bytes per request
    uint32_t m_responseSize{0};                     //!< bytes per response
    bool m_closesFirst{false};                      //!< this side closes first
    double m_rate{0};                               //!< client: connections per second, all
    uint64_t m_next{0};                             //!< client: next connection number
    uint64_t m_stride{1};                           //!< client: step between numbers
    uint64_t m_end{0};                              //!< client: numbers stop below this
    Time m_start;                                   //!< client: when the schedule starts
    EventId m_nextEvent;                            //!< client: the next connection
    Ptr<Socket> m_listener;                         //!< server: the listening socket
    Ptr<TcpL4Protocol> m_tcp;                       //!< the node's TCP
    Ptr<TcpBusyServerCounters> m_counters;          //!< the counters
    std::function<void(Ptr<Socket>)> m_configure;   //!< runs on each new socket
    std::unordered_map<Socket*, Connection> m_open; //!< connections in progress
};

} // namespace ns3

#endif /* TCP_BUSY_SERVER_APPLICATION_H */
