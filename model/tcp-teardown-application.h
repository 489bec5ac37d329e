/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_APPLICATION_H
#define TCP_TEARDOWN_APPLICATION_H

#include "tcp-teardown-socket.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief One end of a teardown story: a client that connects or a server that accepts,
 *        writing and reading like a small POSIX program, and recording every socket call.
 *
 * On each connection, once established, the application writes \c SendBytes in pieces of
 * \c SendSize: as fast as the send buffer takes them, or one piece every \c SendInterval.
 * It reads everything that arrives. When the peer's end of stream arrives it calls Close()
 * if \c CloseOnEndOfStream is set (a well-behaved program; unset, the socket stays in
 * CLOSE_WAIT). With \c CloseWhenDone it calls Close() after its last write.
 *
 * When the connection ends with an error, the application calls Send() \c SendsAfterError
 * times, as a program that ignores the error would, and records what each call returns:
 * on Linux, the pending error once (e.g. ETIMEDOUT), then EPIPE.
 *
 * The sockets come from the node's TcpTeardownSocketFactory (TcpTeardownHelper::Install()).
 */
class TcpTeardownApplication : public Application
{
  public:
    /// Which end of the connection this application is.
    enum Role
    {
        CLIENT, //!< connects to Remote
        SERVER, //!< listens on Local and accepts
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TcpTeardownApplication();
    ~TcpTeardownApplication() override;

    /**
     * TracedCallback signature for socket calls and their outcome.
     * \param [in] socket the socket
     * \param [in] call what the application did: "send", "recv", "close", "connect"...
     * \param [in] result the call's return value (bytes, 0, or -1)
     * \param [in] error the socket's error for this call (TcpCloseReason::NONE on success)
     */
    typedef void (*SocketCallTracedCallback)(Ptr<const TcpTeardownSocket> socket,
                                             std::string call,
                                             int result,
                                             TcpCloseReason error);

    /**
     * \brief The sockets of the connections this application has had, in order.
     * \return the connected sockets (a server's accepted sockets, or a client's one socket)
     */
    std::vector<Ptr<TcpTeardownSocket>> GetConnections() const;

    /**
     * \brief Bytes accepted by Send() on a connection.
     * \param socket one of GetConnections()
     * \return the byte count
     */
    uint64_t GetBytesSent(Ptr<TcpTeardownSocket> socket) const;

    /**
     * \brief Bytes returned by Recv() on a connection.
     * \param socket one of GetConnections()
     * \return the byte count
     */
    uint64_t GetBytesReceived(Ptr<TcpTeardownSocket> socket) const;

    /**
     * \brief Whether Recv() has returned the end of stream on a connection.
     * \param socket one of GetConnections()
     * \return true once the end of stream was read
     */
    bool HasReadEndOfStream(Ptr<TcpTeardownSocket> socket) const;

    /**
     * \brief The process crashes: the kernel closes every socket it had open.
     *
     * Each connection and the listening socket get Close() (close(2) semantics, SO_LINGER
     * included); the application makes no further calls and ignores its callbacks.
     */
    void Kill();

    /**
     * \brief Whether Kill() was called.
     * \return true once the process has crashed
     */
    bool IsKilled() const;

  protected:
    /// Releases the sockets.
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// Per-connection progress.
    struct Connection
    {
        uint64_t sent{0};        //!< bytes accepted by Send()
        uint64_t received{0};    //!< bytes returned by Recv()
        bool endOfStream{false}; //!< Recv() returned the end of stream
        bool closed{false};      //!< Close() was called
        EventId nextWrite;       //!< next paced write
    };

    /// Which handler of which application a socket callback wakes up.
    struct WakeUpTarget
    {
        TcpTeardownApplication* app;                          //!< the application
        void (TcpTeardownApplication::*handler)(Ptr<Socket>); //!< its handler

        /**
         * \brief Callbacks compare their bound arguments.
         * \param other another target
         * \return true if it wakes a different handler or application
         */
        bool operator!=(const WakeUpTarget& other) const
        {
            return app != other.app || handler != other.handler;
        }
    };

    void Adopt(Ptr<Socket> socket);
    static void WakeUp(WakeUpTarget target, Ptr<Socket> socket);
    void OnConnected(Ptr<Socket> socket);
    void OnConnectFailed(Ptr<Socket> socket);
    void OnAccepted(Ptr<Socket> socket, const Address& from);
    void OnReadable(Ptr<Socket> socket);
    void OnWritable(Ptr<Socket> socket, uint32_t available);
    void OnNormalClose(Ptr<Socket> socket);
    void OnErrorClose(Ptr<Socket> socket);
    void OnCloseReturn(Ptr<TcpTeardownSocket> socket, TcpCloseReason result);
    void Write(Ptr<TcpTeardownSocket> socket);
    void PacedWrite(Ptr<TcpTeardownSocket> socket);
    void CloseConnection(Ptr<TcpTeardownSocket> socket);
    void Record(Ptr<TcpTeardownSocket> socket,
                const std::string& call,
                int result,
                TcpCloseReason error);
    Connection* Find(Ptr<Socket> socket);
    const Connection* Find(Ptr<Socket> socket) const;

    // Attributes
    Role m_role{CLIENT};             //!< client or server
    Address m_local;                 //!< server: listening address; client: optional bind address
    Address m_remote;                //!< client: the server's address
    uint64_t m_sendBytes{0};         //!< bytes to write on each connection
    uint32_t m_sendSize{1000};       //!< bytes per Send() call
    Time m_sendInterval;             //!< pause between writes (zero: as fast as possible)
    bool m_closeWhenDone{false};     //!< Close() after the last write
    bool m_closeOnEndOfStream{true}; //!< Close() when the peer's end of stream is read
    uint32_t m_sendsAfterError{0};   //!< Send() calls made after an error close
    bool m_killed{false};            //!< the process has crashed

    Ptr<TcpTeardownSocket> m_listener;               //!< server's listening socket
    std::vector<Ptr<TcpTeardownSocket>> m_sockets;   //!< connections, in order
    std::map<Ptr<Socket>, Connection> m_connections; //!< progress per connection
    TracedCallback<Ptr<const TcpTeardownSocket>, std::string, int, TcpCloseReason>
        m_socketCallTrace; //!< socket calls and their outcome
};

} // namespace ns3

#endif /* TCP_TEARDOWN_APPLICATION_H */
