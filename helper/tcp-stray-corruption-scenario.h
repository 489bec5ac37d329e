/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_STRAY_CORRUPTION_SCENARIO_H
#define TCP_STRAY_CORRUPTION_SCENARIO_H

#include "ns3/nstime.h"
#include "ns3/tcp-segment-impairment.h"
#include "ns3/tcp-stream-integrity.h"
#include "ns3/tcp-teardown-recorder.h"
#include "ns3/tcp-teardown-socket.h"

#include <string>
#include <vector>

namespace ns3
{

class TcpTeardownHelper;
class TcpTeardownHostPair;

/**
 * \ingroup tcp-teardown
 *
 * \brief The second reason for TIME_WAIT: a delayed segment of an old connection arriving in
 *        a new one on the same 4-tuple.
 *
 * A client (10.1.1.1, always port 40000) and a server (10.1.1.2:5000) on one point-to-point
 * link (10 Mb/s, 5 ms). Connection after connection ("incarnations" 1, 2, ...) opens from the
 * same port: each writes \c Chunks segments of TcpStreamCode payload, one every
 * \c ChunkInterval, then closes (the client closes first, so the client holds TIME_WAIT); the
 * next opens \c Gap after the previous one ended at the client. While TIME_WAIT holds the
 * port, bind() fails with EADDRINUSE (unless SO_REUSEADDR allows the reuse) and the client
 * tries again every 100 ms. The last data segment of incarnation 1 is delayed by
 * \c StrayDelay on its way to the server (TcpSegmentImpairment). The server checks every
 * byte it reads (TcpStreamChecker): bytes of an older incarnation are corruption.
 *
 * Run() builds the stage (one direct link), runs a fresh simulation until \c Duration and
 * destroys it. A story that builds its own stage (TcpStraySegmentScenario) calls the three
 * steps instead: Configure() on its socket helper, Install() on the hosts built with it, and
 * Collect() after Simulator::Run().
 */
class TcpStrayCorruptionScenario
{
  public:
    /// One incarnation, as the server saw it.
    struct Incarnation
    {
        uint32_t number{0};              //!< 1, 2, ... (accept order)
        Time opened;                     //!< when the client's connect() succeeded
        uint32_t bindRetries{0};         //!< bind() failures (port held) before it
        TcpStreamChecker::Counts counts; //!< the server's byte counts
    };

    TcpStrayCorruptionScenario();

    /// \param length client TIME_WAIT length; 0 disables TIME_WAIT
    void SetTimeWait(Time length);
    /// \param delay how late the stray segment arrives (> 0)
    void SetStrayDelay(Time delay);
    /// \param gap time between one incarnation's end at the client and the next connect
    void SetGap(Time gap);
    /// \param policy the IsnPolicy ("Zero", "Rfc6528", "Linux", "Random")
    void SetIsnPolicy(const std::string& policy);
    /// \param on the timestamp option
    void SetTimestamps(bool on);
    /// \param on SO_REUSEADDR on the client's sockets
    void SetReuseAddress(bool on);
    /// \param chunks data segments per incarnation (>= 1)
    /// \param interval time between them (> 0)
    void SetChunks(uint32_t chunks, Time interval);
    /// \param duration how long the run lasts (> 0)
    void SetDuration(Time duration);

    /**
     * \brief Check the settings and set the socket attributes the experiment needs on the
     *        helper that will install the hosts' sockets (TIME_WAIT, IsnPolicy, Timestamp);
     *        an impossible setting is a fatal error naming it.
     * \param teardown the helper
     */
    void Configure(TcpTeardownHelper& teardown) const;

    /**
     * \brief Install the experiment on hosts whose sockets come from a Configure()d helper:
     *        the server's listener, the stray's impairment on the server's link and the first
     *        connection at 1 s. Simulator::Stop() is the caller's.
     * \param hosts the client and the server (client port 40000, server port 5000)
     * \param recorder a recorder that already watches the hosts, to watch the impairment
     *        too, or nullptr
     */
    void Install(const TcpTeardownHostPair& hosts, TcpTeardownRecorder* recorder);

    /// Read the server's byte counts, after Simulator::Run() and before Simulator::Destroy().
    void Collect();

    /**
     * \brief Run in a fresh simulation on one direct link (10 Mb/s, 5 ms); an impossible
     *        setting is a fatal error naming it.
     */
    void Run();

    /// \return every incarnation the server accepted, in order
    const std::vector<Incarnation>& GetIncarnations() const;
    /// \return bytes of an older incarnation delivered, over all incarnations
    uint64_t GetCorruptedBytes() const;
    /// \return incarnations that delivered at least one wrong byte
    uint32_t GetCorruptedConnections() const;
    /// \return bind() (or connect()) failures while the port was held, over all incarnations
    ///         and the one still waiting at the end of the run
    uint32_t GetBindFailures() const;
    /// \return the impairment's record of the stray segment (time Time::Max() if none)
    TcpSegmentImpairment::Record GetStray() const;

  private:
    void OpenNext();
    void OnConnected(Ptr<Socket> socket);
    void OnConnectFailed(Ptr<Socket> socket);
    void WriteChunk(Ptr<TcpTeardownSocket> socket, uint32_t incarnation, uint32_t chunk);
    void OnClientState(Ptr<const TcpTeardownSocket> socket,
                       TcpSocket::TcpStates_t from,
                       TcpSocket::TcpStates_t to);
    void OnAccept(Ptr<Socket> socket, const Address& from);
    void OnServerReadable(Ptr<Socket> socket);
    void OnServerClosed(Ptr<Socket> socket);

    Time m_timeWait{Seconds(60)};            //!< client TIME_WAIT length
    Time m_strayDelay{Seconds(10)};          //!< the stray's delay
    Time m_gap{Seconds(1)};                  //!< between incarnations
    std::string m_isnPolicy{"Zero"};         //!< IsnPolicy
    bool m_timestamps{true};                 //!< the timestamp option
    bool m_reuse{false};                     //!< SO_REUSEADDR
    uint32_t m_chunks{10};                   //!< data segments per incarnation
    Time m_chunkInterval{MilliSeconds(100)}; //!< between them
    Time m_duration{Seconds(30)};            //!< run length

    Ptr<Node> m_client;                                  //!< the client host
    Ptr<Node> m_server;                                  //!< the server host
    Ipv4Address m_clientAddress;                         //!< the client's address
    Ipv4Address m_serverAddress;                         //!< its address
    uint32_t m_opened{0};                                //!< incarnations connected so far
    uint32_t m_retries{0};                               //!< bind() failures for the next one
    Time m_firstWrite;                                   //!< incarnation 1's first chunk
    std::vector<Incarnation> m_incarnations;             //!< as the server saw them
    std::vector<TcpStreamChecker> m_checkers;            //!< one per accepted connection
    std::vector<Ptr<Socket>> m_accepted;                 //!< the server's connections, in order
    std::vector<Ptr<TcpTeardownSocket>> m_clientSockets; //!< the client's, kept for the run
    Ptr<TcpSegmentImpairment> m_impairment;              //!< delays the stray
};

} // namespace ns3

#endif /* TCP_STRAY_CORRUPTION_SCENARIO_H */
