/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_TEARDOWN_SOCKET_FACTORY_H
#define TCP_TEARDOWN_SOCKET_FACTORY_H

#include "tcp-teardown-socket.h"

#include "ns3/object-factory.h"
#include "ns3/socket-factory.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief Creates TcpTeardownSockets on a node; the node's hub for their trace sources.
 *
 * Aggregated to a node that has an internet stack (TcpTeardownHelper::Install() does it).
 * Applications use it by its TypeId, e.g.
 * `BulkSendHelper("ns3::TcpTeardownSocketFactory", address)`; sockets created by
 * `Socket::CreateSocket(node, TcpTeardownSocketFactory::GetTypeId())` are TcpTeardownSockets.
 * They use the node's TcpL4Protocol, its RTT estimator, congestion control and recovery
 * types, like sockets of the stock ns3::TcpSocketFactory.
 *
 * The factory's \c StateTransition, \c ConnectionEnd and \c Retransmission trace sources fire
 * for every socket it created and every socket those accepted, whenever they were created:
 * `Config::Connect("/NodeList/<i>/$ns3::TcpTeardownSocketFactory/StateTransition", ...)` sees
 * every connection of the node.
 *
 * Sockets are copies of a prototype built at the first CreateSocket() (TcpTeardownSocket::
 * Clone()): SetSocketAttribute() or other TCP algorithm types renew it, but Config::SetDefault()
 * values set after a node's first socket do not reach that node's later sockets.
 */
class TcpTeardownSocketFactory : public SocketFactory
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TcpTeardownSocketFactory();
    ~TcpTeardownSocketFactory() override;

    /**
     * \brief Create a TcpTeardownSocket bound to this node's TCP.
     * \return the socket
     */
    Ptr<Socket> CreateSocket() override;

    /**
     * \brief Check a TcpTeardownSocket attribute; an unknown name or an invalid value is a
     *        fatal error that names them.
     * \param name the attribute name
     * \param value its value
     * \return the value as the attribute's checker accepts it
     */
    static Ptr<AttributeValue> CheckSocketAttribute(const std::string& name,
                                                    const AttributeValue& value);

    /**
     * \brief Set an attribute of every socket created from now on.
     * \param name the name of a TcpTeardownSocket attribute
     * \param value its value
     */
    void SetSocketAttribute(const std::string& name, const AttributeValue& value);

  protected:
    /// Releases the prototype socket (it holds the node).
    void DoDispose() override;

  private:
    friend class TcpTeardownSocket; // feeds the node-level traces (SetHub())

    /// Forward a socket's state transition to the node-level trace.
    void ForwardStateTransition(Ptr<const TcpTeardownSocket> socket,
                                TcpSocket::TcpStates_t from,
                                TcpSocket::TcpStates_t to);
    /// Forward a socket's connection end to the node-level trace.
    void ForwardConnectionEnd(Ptr<const TcpTeardownSocket> socket, TcpCloseReason reason);
    /// Forward a socket's retransmission to the node-level trace.
    void ForwardRetransmission(Ptr<const TcpTeardownSocket> socket, uint32_t count, Time rto);

    ObjectFactory m_socketFactory;      //!< creates sockets with the configured attributes
    Ptr<TcpTeardownSocket> m_prototype; //!< what new sockets are copies of
    Ptr<TcpL4Protocol> m_prototypeTcp;  //!< the TCP the prototype was made for
    TypeId m_rttType;                   //!< its RTT estimator type
    TypeId m_congestionType;            //!< its congestion control type
    TypeId m_recoveryType;              //!< its recovery type
    TracedCallback<Ptr<const TcpTeardownSocket>, TcpSocket::TcpStates_t, TcpSocket::TcpStates_t>
        m_stateTransitionTrace; //!< state changes of all sockets of the node
    TracedCallback<Ptr<const TcpTeardownSocket>, TcpCloseReason>
        m_connectionEndTrace; //!< connection ends of all sockets of the node
    TracedCallback<Ptr<const TcpTeardownSocket>, uint32_t, Time>
        m_retransmissionTrace; //!< timeout retransmissions of all sockets of the node
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SOCKET_FACTORY_H */
