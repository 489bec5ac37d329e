/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_SEND_AFTER_CLOSE_SCENARIO_H
#define TCP_SEND_AFTER_CLOSE_SCENARIO_H

#include "ns3/data-rate.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/tcp-teardown-helper.h"
#include "ns3/tcp-teardown-recorder.h"
#include "ns3/tcp-teardown-socket.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief send() after the peer closed: one cell of the table in the module documentation.
 *
 * A client and a server on one point-to-point link (10 Mb/s, 5 ms). The client connects at
 * 1 s and closes first at 3 s, with a FIN (SO_LINGER off) or a RST (SO_LINGER {1, 0}). The
 * server is either idle, or blocked in a 1 MB send() that started at 1.5 s while the client
 * reads nothing (ns-3 calls do not block: the scenario keeps copying into the send buffer as
 * space opens, as a blocking send() does, and the call "returns" the bytes copied when an
 * error interrupts it, or the error if nothing was copied). From 3.3 s the server calls
 * send(100) four times and recv() twice, 100 ms apart, and every return is recorded.
 *
 * \code
 *   TcpSendAfterCloseScenario cell;
 *   cell.SetClientResets(true);
 *   cell.Run();
 *   for (const auto& call : cell.GetCalls()) { std::cout << call << "\n"; }
 * \endcode
 */
class TcpSendAfterCloseScenario
{
  public:
    TcpSendAfterCloseScenario();

    /**
     * \brief How the client closes.
     * \param resets true: SO_LINGER {1, 0}, a RST; false: close() with a FIN
     */
    void SetClientResets(bool resets);

    /**
     * \brief What the server is doing when the client closes.
     * \param blocked true: blocked in a large send() to a client that reads nothing
     */
    void SetServerBlocked(bool blocked);

    /**
     * \brief Build the stage as a story does: link rate and delay, a router or not, and a
     *        recorder that watches both hosts and the impairment (by default: 10 Mb/s, 5 ms,
     *        one direct link, no recorder).
     * \param rate each link's data rate
     * \param delay each link's one-way delay
     * \param router whether a router joins the hosts
     * \param recorder a recorder to watch the hosts with, or nullptr
     */
    void SetStage(DataRate rate, Time delay, bool router, TcpTeardownRecorder* recorder);

    /**
     * \brief Set the sockets' attributes as a story does (by default: a TcpTeardownHelper
     *        with none set).
     * \param helper the helper that installs the socket factories on both hosts
     */
    void SetTeardownHelper(const TcpTeardownHelper& helper);

    /**
     * \brief Write a pcap file per device of both hosts, named \<prefix\>-\<node\>-\<device\>.pcap.
     * \param prefix the file prefix; empty (the default): none
     */
    void SetPcapPrefix(const std::string& prefix);

    /**
     * \brief Run the cell in a fresh simulation (Simulator::Destroy() at the end).
     */
    void Run();

    /**
     * \brief The server's calls and what each returned, in order.
     * \return entries like "send(100) -> 100", "send(100) -> EPIPE", "recv -> 0"
     */
    const std::vector<std::string>& GetCalls() const;

    /**
     * \brief What the client sent when it closed and what it answered to the server's data.
     * \return e.g. "FIN", "RST|ACK", "FIN; RST to data"
     */
    std::string GetClientSegments() const;

  private:
    void OnAccept(Ptr<Socket> socket, const Address& from);
    void OnServerSendSpace(Ptr<Socket> socket, uint32_t available);
    void OnServerError(Ptr<Socket> socket);
    void OnClientTx(Ptr<const Packet> packet,
                    const TcpHeader& header,
                    Ptr<const TcpSocketBase> socket);
    void StartBlockingSend();
    void CopyIntoSendBuffer();
    void FinishBlockingSend(bool interrupted);
    void ClientCloses();
    void ServerCall(bool send);
    static std::string Outcome(int result, TcpCloseReason error);

    bool m_clientResets{false};                //!< client closes with a RST
    bool m_serverBlocked{false};               //!< server blocked in send()
    Ptr<TcpTeardownSocket> m_server;           //!< the accepted socket
    Ptr<TcpTeardownSocket> m_client;           //!< the client socket
    uint32_t m_blockingSize{1000000};          //!< size of the blocking send()
    uint32_t m_copied{0};                      //!< bytes copied by the blocking send()
    bool m_blocked{false};                     //!< the blocking send() has not returned
    Time m_closeTime;                          //!< when the client closed
    std::vector<std::string> m_calls;          //!< the server's calls
    std::vector<std::string> m_clientSegments; //!< control segments the client sent
    DataRate m_rate{DataRate("10Mbps")};       //!< each link's rate
    Time m_delay{MilliSeconds(5)};             //!< each link's one-way delay
    bool m_router{false};                      //!< a router between the hosts
    TcpTeardownRecorder* m_recorder{nullptr};  //!< watches the hosts, if set
    TcpTeardownHelper m_helper;                //!< installs the socket factories
    std::string m_pcapPrefix;                  //!< pcap file prefix, "" for none
};

} // namespace ns3

#endif /* TCP_SEND_AFTER_CLOSE_SCENARIO_H */
