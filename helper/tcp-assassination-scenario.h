/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_ASSASSINATION_SCENARIO_H
#define TCP_ASSASSINATION_SCENARIO_H

#include "ns3/nstime.h"
#include "ns3/tcp-segment-impairment.h"
#include "ns3/tcp-stream-integrity.h"
#include "ns3/tcp-teardown-socket.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief TIME_WAIT assassination (RFC 1337, hazard H1): an old duplicate makes the peer
 *        send a RST that ends TIME_WAIT early, and a later old duplicate corrupts the
 *        connection that reuses the 4-tuple.
 *
 * A client (10.1.1.1:40000) and a server (10.1.1.2:5000) on one point-to-point link
 * (10 Mb/s, 5 ms), ISN 0, no timestamps. In connection 1 the server writes 3 coded segments
 * (TcpStreamCode); the client reads them and closes first, entering TIME_WAIT (60 s); the
 * server closes. Two of the server's segments are duplicated on the way to the client
 * (TcpSegmentImpairment): the first arrives again \c TriggerDelay later, in TIME_WAIT, which
 * acknowledges it; the server, which no longer knows the connection, answers with a RST at
 * the client's RCV.NXT. With \c Rfc1337 off (Linux's default) that RST ends TIME_WAIT. The
 * client tries to open connection 2 from the same port every 100 ms; once it can, the server
 * accepts and writes its own 3 segments a second later. The second duplicate (the server's
 * second segment) arrives \c StrayDelay after the original: in connection 2 it lands inside
 * the window, in the same sequence space, and the client delivers it as connection 2's data.
 * With \c Rfc1337 on, TIME_WAIT ignores the RST, the port stays held, and nothing is corrupted.
 *
 * Run() builds and runs a fresh simulation for 10 s and destroys it.
 */
class TcpAssassinationScenario
{
  public:
    TcpAssassinationScenario();

    /// \param on net.ipv4.tcp_rfc1337 on the client
    void SetRfc1337(bool on);
    /// \param delay how late the first duplicate (the trigger) arrives (> 0)
    void SetTriggerDelay(Time delay);
    /// \param delay how late the second duplicate (the stray) arrives (> trigger delay)
    void SetStrayDelay(Time delay);

    /// Run in a fresh simulation; an impossible setting is a fatal error naming it.
    void Run();

    /// \return when the client's TIME_WAIT ended (Time::Max() if it had not by the end)
    Time GetTimeWaitEnd() const;
    /// \return RSTs connection 1 received in TIME_WAIT
    uint32_t GetResetsInTimeWait() const;
    /// \return when connection 2 connected (Time::Max() if never)
    Time GetSecondConnection() const;
    /// \return the client's byte counts, one per connection
    const std::vector<TcpStreamChecker::Counts>& GetCounts() const;
    /// \return the duplicates as the impairment recorded them
    const std::vector<TcpSegmentImpairment::Record>& GetDuplicates() const;

  private:
    void OpenConnection();
    void OnConnected(Ptr<Socket> socket);
    void OnClientReadable(Ptr<Socket> socket);
    void OnClientState(Ptr<const TcpTeardownSocket> socket,
                       TcpSocket::TcpStates_t from,
                       TcpSocket::TcpStates_t to);
    void OnAccept(Ptr<Socket> socket, const Address& from);
    void ServerWrite(Ptr<Socket> socket, uint32_t incarnation);
    void OnClientRx(Ptr<const Packet> packet,
                    const TcpHeader& header,
                    Ptr<const TcpSocketBase> socket);

    bool m_rfc1337{false};           //!< tcp_rfc1337
    Time m_triggerDelay{Seconds(1)}; //!< the first duplicate's delay
    Time m_strayDelay{Seconds(1.5)}; //!< the second duplicate's delay

    Ptr<Node> m_client;                               //!< the client host
    Ptr<Node> m_server;                               //!< the server host
    Ipv4Address m_clientAddress;                      //!< the client's address
    Ipv4Address m_serverAddress;                      //!< its address
    std::vector<Ptr<TcpTeardownSocket>> m_clients;    //!< connection 1, 2
    std::vector<TcpStreamChecker> m_checkers;         //!< the client's checkers
    std::vector<TcpStreamChecker::Counts> m_counts;   //!< their counts, after the run
    std::vector<TcpSegmentImpairment::Record> m_dups; //!< the duplicates
    uint32_t m_accepted{0};                           //!< connections the server accepted
    uint32_t m_resetsInTimeWait{0};                   //!< RSTs received in TIME_WAIT
    Time m_timeWaitEnd{Time::Max()};                  //!< end of connection 1's TIME_WAIT
    Time m_secondConnection{Time::Max()};             //!< connection 2 connected
};

} // namespace ns3

#endif /* TCP_ASSASSINATION_SCENARIO_H */
