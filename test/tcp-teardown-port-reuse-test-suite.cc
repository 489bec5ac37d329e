/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Port reuse (Linux profile): bind() over TIME_WAIT and SO_REUSEADDR, a new connection on a
// TIME_WAIT 4-tuple (the client's own, or the server's) and its ISN, ephemeral ports, their
// exhaustion and tcp_tw_reuse, listeners sharing a port. Expected values come from the
// kernel's rules and from sequence numbers counted by hand (ns-3's ISN is 0), never from the
// module.

#include "tcp-teardown-test-fixture.h"

#include "ns3/boolean.h"
#include "ns3/string.h"
#include "ns3/tcp-linux-rules.h"
#include "ns3/tcp-teardown-port-table.h"
#include "ns3/uinteger.h"

#include <set>

using namespace ns3;
using namespace ns3::tcpteardowntest;

// Everything here is local to this suite: test classes of different suites may share names.
namespace
{

/// The client's fixed port in the 4-tuple cases.
constexpr uint16_t CLIENT_PORT = 40000;
/// Bytes the sending side writes before it closes.
constexpr uint32_t BYTES = 100;
/// Linux's distance between a TIME_WAIT's SND.NXT and the next ISN (65535 + 2).
constexpr uint32_t REUSE_GAP = 65537;

/// The local port of a socket.
uint16_t
PortOf(Ptr<TcpTeardownSocket> socket)
{
    return InetSocketAddress::ConvertFrom(socket->GetLocalAddress()).GetPort();
}

/// The result of one Bind/Connect/Listen call.
CallResult
Outcome(Ptr<TcpTeardownSocket> socket, int result)
{
    return {result, result < 0 ? socket->GetLastError() : TcpCloseReason::NONE, false};
}

/// A socket that reads what arrives and closes once the peer has closed (its FIN arrived).
void
CloseOnEndOfStream(Ptr<TcpTeardownSocket> socket)
{
    socket->SetRecvCallback(FunctionCallback<Ptr<Socket>>([](Ptr<Socket> s) {
        while (Ptr<Packet> p = s->Recv())
        {
            if (p->GetSize() == 0)
            {
                break;
            }
        }
    }));
    socket->SetCloseCallbacks(FunctionCallback<Ptr<Socket>>([](Ptr<Socket> s) { s->Close(); }),
                              MakeNullCallback<void, Ptr<Socket>>());
}

/// A server that writes BYTES and closes at once (the server closes first).
void
WriteAndClose(Ptr<TcpTeardownSocket> accepted)
{
    accepted->Send(Create<Packet>(BYTES));
    accepted->Close();
}

/// The first segment with exactly \p flags in \p sent at or after \p from, or nullptr.
const SentSegment*
FirstWith(const std::vector<SentSegment>& sent, uint8_t flags, Time from = Time(0))
{
    for (const auto& s : sent)
    {
        if (s.header.GetFlags() == flags && s.time >= from)
        {
            return &s;
        }
    }
    return nullptr;
}

/// A client connection from CLIENT_PORT that the client closes first, leaving TIME_WAIT.
class ClientTimeWaitTestCase : public TeardownTestCase
{
  protected:
    /// \param name the test case name
    explicit ClientTimeWaitTestCase(const std::string& name)
        : TeardownTestCase(name)
    {
    }

    /**
     * \brief Connect from CLIENT_PORT at 1 s, write BYTES at 1.1 s, close at 1.2 s.
     * \param reuse the old socket's ReuseAddress
     */
    void OpenOldConnection(bool reuse)
    {
        m_listener.Start(m_server, 5000, &CloseOnEndOfStream);
        m_old = TcpTeardownHelper::CreateSocket(m_client);
        m_old->SetReuseAddress(reuse);
        m_old->Bind(InetSocketAddress(m_clientAddress, CLIENT_PORT));
        WatchTx(m_old, &m_oldSent);
        At(Seconds(1), [this]() { m_old->Connect(InetSocketAddress(m_serverAddress, 5000)); });
        At(Seconds(1.1), [this]() { m_old->Send(Create<Packet>(BYTES)); });
        At(Seconds(1.2), [this]() { m_old->Close(); });
    }

    Listener m_listener;                //!< the server
    Ptr<TcpTeardownSocket> m_old;       //!< the first connection, TIME_WAIT from about 1.25 s
    std::vector<SentSegment> m_oldSent; //!< its segments
};

/// bind() to a port held by TIME_WAIT: EADDRINUSE unless both sockets set SO_REUSEADDR.
class BindOverTimeWaitTestCase : public ClientTimeWaitTestCase
{
  public:
    /**
     * \param oldReuse the TIME_WAIT socket's ReuseAddress
     * \param newReuse the new socket's ReuseAddress
     * \param wildcard bind the new socket to 0.0.0.0 rather than the client's address
     */
    BindOverTimeWaitTestCase(bool oldReuse, bool newReuse, bool wildcard)
        : ClientTimeWaitTestCase(std::string("bind over TIME_WAIT: old ") +
                                 (oldReuse ? "reuse" : "no reuse") + ", new " +
                                 (newReuse ? "reuse" : "no reuse") + ", " +
                                 (wildcard ? "0.0.0.0" : "10.1.1.1")),
          m_oldReuse(oldReuse),
          m_newReuse(newReuse),
          m_wildcard(wildcard)
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        OpenOldConnection(m_oldReuse);
        TcpSocket::TcpStates_t oldState = TcpSocket::CLOSED;
        CallResult bound;
        At(Seconds(2), [this, &oldState, &bound]() {
            oldState = m_old->GetState();
            Ptr<TcpTeardownSocket> fresh = TcpTeardownHelper::CreateSocket(m_client);
            fresh->SetReuseAddress(m_newReuse);
            const Ipv4Address address = m_wildcard ? Ipv4Address::GetAny() : m_clientAddress;
            bound = Outcome(fresh, fresh->Bind(InetSocketAddress(address, CLIENT_PORT)));
        });
        RunUntil(Seconds(3));

        NS_TEST_ASSERT_MSG_EQ(oldState, TcpSocket::TIME_WAIT, "the old connection holds the port");
        const bool allowed = m_oldReuse && m_newReuse;
        NS_TEST_ASSERT_MSG_EQ(bound.result, (allowed ? 0 : -1), "bind()");
        NS_TEST_ASSERT_MSG_EQ(bound.error,
                              (allowed ? TcpCloseReason::NONE : TcpCloseReason::ADDRINUSE),
                              "errno");
        NS_TEST_ASSERT_MSG_EQ(m_old->GetState(), TcpSocket::TIME_WAIT, "bind() leaves TIME_WAIT");
    }

    bool m_oldReuse; //!< the TIME_WAIT socket's ReuseAddress
    bool m_newReuse; //!< the new socket's ReuseAddress
    bool m_wildcard; //!< bind the wildcard address
};

/// connect() of a bound socket to its own TIME_WAIT 4-tuple: allowed iff timestamps were on.
class ReconnectOverTimeWaitTestCase : public ClientTimeWaitTestCase
{
  public:
    /// \param timestamps whether the sockets use the timestamp option
    explicit ReconnectOverTimeWaitTestCase(bool timestamps)
        : ClientTimeWaitTestCase(
              std::string("connect() over the client's TIME_WAIT, timestamps ") +
              (timestamps ? "on: ISN = old SND.NXT + 65537" : "off: EADDRNOTAVAIL")),
          m_timestamps(timestamps)
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("Timestamp", BooleanValue(m_timestamps));
        BuildTopology(helper);
        OpenOldConnection(true);
        Ptr<TcpTeardownSocket> fresh = TcpTeardownHelper::CreateSocket(m_client);
        std::vector<SentSegment> freshSent;
        WatchTx(fresh, &freshSent);
        CallResult bound;
        CallResult connected;
        TcpSocket::TcpStates_t oldBefore = TcpSocket::CLOSED;
        TcpSocket::TcpStates_t oldAfter = TcpSocket::CLOSED;
        At(Seconds(2), [&]() {
            oldBefore = m_old->GetState();
            fresh->SetReuseAddress(true);
            bound = Outcome(fresh, fresh->Bind(InetSocketAddress(m_clientAddress, CLIENT_PORT)));
            connected = Outcome(fresh, fresh->Connect(InetSocketAddress(m_serverAddress, 5000)));
            oldAfter = m_old->GetState();
        });
        RunUntil(Seconds(3));

        NS_TEST_ASSERT_MSG_EQ(oldBefore, TcpSocket::TIME_WAIT, "TIME_WAIT before connect()");
        NS_TEST_ASSERT_MSG_EQ(bound.result, 0, "bind() with SO_REUSEADDR on both");
        if (!m_timestamps)
        {
            NS_TEST_ASSERT_MSG_EQ(connected.result, -1, "connect()");
            NS_TEST_ASSERT_MSG_EQ(connected.error, TcpCloseReason::ADDRNOTAVAIL, "errno");
            NS_TEST_ASSERT_MSG_EQ(freshSent.size(), 0, "no SYN is sent");
            NS_TEST_ASSERT_MSG_EQ(oldAfter, TcpSocket::TIME_WAIT, "the TIME_WAIT stays");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(connected.result, 0, "connect()");
        NS_TEST_ASSERT_MSG_EQ(oldAfter, TcpSocket::CLOSED, "the TIME_WAIT gives way at once");
        // Old sequence space: SYN 0, data 1..BYTES, FIN BYTES + 1, so SND.NXT = BYTES + 2.
        const SentSegment* syn = FirstWith(freshSent, TcpHeader::SYN);
        NS_TEST_ASSERT_MSG_NE(syn, nullptr, "a SYN");
        NS_TEST_ASSERT_MSG_EQ(syn->header.GetSequenceNumber(),
                              SequenceNumber32(BYTES + 2 + REUSE_GAP),
                              "the new ISN is above the old sequence space");
        NS_TEST_ASSERT_MSG_EQ(syn->time, Seconds(2), "sent at connect()");
        NS_TEST_ASSERT_MSG_EQ(fresh->GetState(), TcpSocket::ESTABLISHED, "handshake done");
        NS_TEST_ASSERT_MSG_NE(m_listener.accepted, nullptr, "the server accepted it");
        NS_TEST_ASSERT_MSG_EQ(PortOf(m_listener.accepted), 5000, "on its port");
        NS_TEST_ASSERT_MSG_EQ(PortOf(fresh), CLIENT_PORT, "from the same client port");
    }

    bool m_timestamps; //!< the Timestamp attribute of all sockets
};

/// A SYN reaching the server's TIME_WAIT: a new connection if timestamps say it is newer,
/// else an ACK, the client's RST, and the SYN's retransmission (tcp_timewait_state_process()).
class ServerTimeWaitSynTestCase : public TeardownTestCase
{
  public:
    /// \param timestamps whether the sockets use the timestamp option
    explicit ServerTimeWaitSynTestCase(bool timestamps)
        : TeardownTestCase(std::string("a SYN at the server's TIME_WAIT, timestamps ") +
                           (timestamps ? "on: accepted, ISN = old SND.NXT + 65537"
                                       : "off: ACK, RST, SYN again after 1 s")),
          m_timestamps(timestamps)
    {
    }

  private:
    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetSocketAttribute("Timestamp", BooleanValue(m_timestamps));
        BuildTopology(helper);
        std::vector<Ptr<TcpTeardownSocket>> accepted;
        std::vector<SentSegment> serverSent;
        Listener listener;
        listener.Start(m_server, 5000, [&](Ptr<TcpTeardownSocket> socket) {
            accepted.push_back(socket);
            if (accepted.size() == 1)
            {
                WriteAndClose(socket);
            }
        });
        WatchTx(listener.socket, &serverSent); // accepted sockets inherit the sink
        Ptr<TcpTeardownSocket> old = TcpTeardownHelper::CreateSocket(m_client);
        old->Bind(InetSocketAddress(m_clientAddress, CLIENT_PORT));
        CloseOnEndOfStream(old);
        At(Seconds(1), [&]() { old->Connect(InetSocketAddress(m_serverAddress, 5000)); });

        Ptr<TcpTeardownSocket> fresh = TcpTeardownHelper::CreateSocket(m_client);
        std::vector<SentSegment> freshSent;
        WatchTx(fresh, &freshSent);
        TcpSocket::TcpStates_t serverBefore = TcpSocket::CLOSED;
        TcpSocket::TcpStates_t clientBefore = TcpSocket::SYN_SENT;
        CallResult connected;
        At(Seconds(2), [&]() {
            serverBefore = accepted.at(0)->GetState();
            clientBefore = old->GetState();
            fresh->Bind(InetSocketAddress(m_clientAddress, CLIENT_PORT));
            connected = Outcome(fresh, fresh->Connect(InetSocketAddress(m_serverAddress, 5000)));
        });
        RunUntil(Seconds(5));

        NS_TEST_ASSERT_MSG_EQ(serverBefore, TcpSocket::TIME_WAIT, "the server holds TIME_WAIT");
        NS_TEST_ASSERT_MSG_EQ(clientBefore, TcpSocket::CLOSED, "the client's old one is gone");
        NS_TEST_ASSERT_MSG_EQ(connected.result, 0, "connect()");
        NS_TEST_ASSERT_MSG_EQ(accepted.size(), 2, "the listener accepted a second connection");
        NS_TEST_ASSERT_MSG_EQ(accepted.at(0)->GetState(), TcpSocket::CLOSED, "TIME_WAIT ended");
        NS_TEST_ASSERT_MSG_EQ(fresh->GetState(), TcpSocket::ESTABLISHED, "connected");
        // One-way delay 10 ms (two 5 ms links) plus a few microseconds of transmission.
        const Time oneWay = MilliSeconds(10);
        const auto synAcks = CountSent(serverSent, TcpHeader::SYN | TcpHeader::ACK, Seconds(2));
        NS_TEST_ASSERT_MSG_EQ(synAcks, 1, "one SYN-ACK for the new connection");
        const SentSegment* synAck =
            FirstWith(serverSent, TcpHeader::SYN | TcpHeader::ACK, Seconds(2));
        NS_TEST_ASSERT_MSG_NE(synAck, nullptr, "a SYN-ACK");
        const auto freshSyns = CountSent(freshSent, TcpHeader::SYN, Seconds(2));
        if (m_timestamps)
        {
            // The server's old sequence space: SYN 0, data 1..BYTES, FIN BYTES + 1.
            NS_TEST_ASSERT_MSG_EQ(synAck->header.GetSequenceNumber(),
                                  SequenceNumber32(BYTES + 2 + REUSE_GAP),
                                  "SYN-ACK above the old sequence space");
            NS_TEST_ASSERT_MSG_EQ(freshSyns, 1, "the first SYN is taken");
            NS_TEST_ASSERT_MSG_EQ((synAck->time - Seconds(2) - oneWay < MilliSeconds(1)),
                                  true,
                                  "answered one way after the SYN, at " << synAck->time);
            NS_TEST_ASSERT_MSG_EQ(CountSent(freshSent, TcpHeader::RST, Seconds(0)), 0, "no RST");
            return;
        }
        // The SYN (seq 0) is below the TIME_WAIT's RCV.NXT (2): ACK with the old numbers.
        const SentSegment* ack = FirstWith(serverSent, TcpHeader::ACK, Seconds(2));
        NS_TEST_ASSERT_MSG_NE(ack, nullptr, "TIME_WAIT answers the SYN with an ACK");
        NS_TEST_ASSERT_MSG_EQ(ack->header.GetAckNumber(), SequenceNumber32(2), "ACK = RCV.NXT");
        NS_TEST_ASSERT_MSG_EQ(ack->header.GetSequenceNumber(),
                              SequenceNumber32(BYTES + 2),
                              "seq = the old SND.NXT");
        const SentSegment* rst = FirstWith(freshSent, TcpHeader::RST);
        NS_TEST_ASSERT_MSG_NE(rst, nullptr, "SYN_SENT resets the unacceptable ACK");
        NS_TEST_ASSERT_MSG_EQ(rst->header.GetSequenceNumber(),
                              SequenceNumber32(2),
                              "RST seq = the ACK's ack number: it kills the TIME_WAIT");
        NS_TEST_ASSERT_MSG_EQ(freshSyns, 2, "the SYN goes again");
        NS_TEST_ASSERT_MSG_EQ((freshSent.back().header.GetFlags() & TcpHeader::SYN),
                              0,
                              "the last segment is the handshake's ACK");
        const SentSegment* second = FirstWith(freshSent, TcpHeader::SYN, rst->time);
        NS_TEST_ASSERT_MSG_NE(second, nullptr, "a second SYN");
        NS_TEST_ASSERT_MSG_EQ(second->time,
                              rst->time + TcpLinuxRules::TimeoutMin(),
                              "resent TCP_TIMEOUT_MIN after the RST, not after InitialRto");
        NS_TEST_ASSERT_MSG_EQ(synAck->header.GetSequenceNumber(),
                              SequenceNumber32(0),
                              "a fresh connection: the listener's own ISN");
    }

    bool m_timestamps; //!< the Timestamp attribute of all sockets
};

/// Ephemeral ports: the range, parity, sharing between destinations, exhaustion, tw_reuse.
class EphemeralPortTestCase : public TeardownTestCase
{
  public:
    /// \param last the range's high end (the low end is 40000)
    /// \param twReuse the TwReuse value
    EphemeralPortTestCase(uint16_t last, const std::string& twReuse)
        : TeardownTestCase("ephemeral ports 40000-" + std::to_string(last) + ", TwReuse " +
                           twReuse),
          m_last(last),
          m_twReuse(twReuse)
    {
    }

  private:
    /// A client socket, bound as ns-3 applications bind (Bind(), port 0), connected to \p port.
    CallResult Connect(uint16_t port, Ptr<TcpTeardownSocket>* out = nullptr)
    {
        Ptr<TcpTeardownSocket> socket = TcpTeardownHelper::CreateSocket(m_client);
        socket->Bind();
        const CallResult r =
            Outcome(socket, socket->Connect(InetSocketAddress(m_serverAddress, port)));
        m_sockets.push_back(socket);
        if (out)
        {
            *out = socket;
        }
        return r;
    }

    void DoRun() override
    {
        TcpTeardownHelper helper;
        helper.SetPortTableAttribute("EphemeralPortFirst", UintegerValue(40000));
        helper.SetPortTableAttribute("EphemeralPortLast", UintegerValue(m_last));
        helper.SetPortTableAttribute("TwReuse", StringValue(m_twReuse));
        BuildTopology(helper);
        Listener listeners[3];
        for (uint16_t i = 0; i < 3; ++i)
        {
            listeners[i].Start(m_server, 5000 + i, &CloseOnEndOfStream);
        }
        // Linux scans [low, high + 1[ in steps of 2 over an even count of ports, so the last
        // port of an odd-sized range is never used: 40000-40002 gives 2 ports.
        const uint32_t usable = (m_last - 40000 + 1) & ~1U;

        std::vector<CallResult> toFirst;
        std::set<uint16_t> ports;
        CallResult toSecond;
        uint16_t secondPort = 0;
        At(Seconds(1), [&]() {
            for (uint32_t i = 0; i <= usable; ++i)
            {
                Ptr<TcpTeardownSocket> socket;
                toFirst.push_back(Connect(5000, &socket));
                if (toFirst.back().result == 0)
                {
                    ports.insert(PortOf(socket));
                }
            }
            Ptr<TcpTeardownSocket> socket;
            toSecond = Connect(5001, &socket);
            secondPort = PortOf(socket);
        });
        // The client closes those to 5000 first: their 4-tuples go to TIME_WAIT.
        At(Seconds(1.5), [&]() {
            for (uint32_t i = 0; i < usable; ++i)
            {
                m_sockets.at(i)->Close();
            }
        });
        std::vector<TcpSocket::TcpStates_t> statesAt2;
        CallResult againToFirst;
        CallResult toThird;
        At(Seconds(2), [&]() {
            for (uint32_t i = 0; i < usable; ++i)
            {
                statesAt2.push_back(m_sockets.at(i)->GetState());
            }
            againToFirst = Connect(5000);
            toThird = Connect(5002);
        });
        // TIME_WAIT began about 1.52 s: 2.1 s is within TwReuseDelay (1 s), 3.5 s after it.
        CallResult early;
        CallResult late;
        Ptr<TcpTeardownSocket> lateSocket;
        std::vector<SentSegment> lateSent;
        At(Seconds(2.1), [&]() { early = Connect(5000); });
        At(Seconds(3.5), [&]() {
            lateSocket = TcpTeardownHelper::CreateSocket(m_client);
            WatchTx(lateSocket, &lateSent);
            lateSocket->Bind();
            late =
                Outcome(lateSocket, lateSocket->Connect(InetSocketAddress(m_serverAddress, 5000)));
        });
        RunUntil(Seconds(5));

        for (uint32_t i = 0; i < usable; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(toFirst.at(i).result, 0, "connect() #" << i + 1);
        }
        NS_TEST_ASSERT_MSG_EQ(toFirst.back().result, -1, "one more than the usable ports");
        NS_TEST_ASSERT_MSG_EQ(toFirst.back().error, TcpCloseReason::ADDRNOTAVAIL, "exhausted");
        std::set<uint16_t> expected;
        for (uint32_t p = 40000; p < 40000 + usable; ++p)
        {
            expected.insert(static_cast<uint16_t>(p));
        }
        NS_TEST_ASSERT_MSG_EQ((ports == expected), true, "the ports used are the range's");
        NS_TEST_ASSERT_MSG_EQ(toSecond.result, 0, "another server port: the 4-tuple is free");
        NS_TEST_ASSERT_MSG_EQ(expected.count(secondPort), 1, "a port of the range, shared");
        for (auto state : statesAt2)
        {
            NS_TEST_ASSERT_MSG_EQ(state, TcpSocket::TIME_WAIT, "the client closed first");
        }
        NS_TEST_ASSERT_MSG_EQ(againToFirst.error,
                              TcpCloseReason::ADDRNOTAVAIL,
                              "every 4-tuple to 5000 is in TIME_WAIT");
        NS_TEST_ASSERT_MSG_EQ(toThird.result, 0, "to 5002 the ports are free");
        NS_TEST_ASSERT_MSG_EQ(early.error,
                              TcpCloseReason::ADDRNOTAVAIL,
                              "within TwReuseDelay of TIME_WAIT");
        if (m_twReuse != "On")
        {
            NS_TEST_ASSERT_MSG_EQ(late.error,
                                  TcpCloseReason::ADDRNOTAVAIL,
                                  "TwReuse " << m_twReuse << ": not on a non-loopback path");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(late.result, 0, "TwReuse On, 2 s into TIME_WAIT: reused");
        const uint16_t port = PortOf(lateSocket);
        Ptr<TcpTeardownSocket> previous;
        for (uint32_t i = 0; i < usable; ++i)
        {
            if (PortOf(m_sockets.at(i)) == port)
            {
                previous = m_sockets.at(i);
            }
        }
        NS_TEST_ASSERT_MSG_NE(previous, nullptr, "the port of a TIME_WAIT to 5000");
        NS_TEST_ASSERT_MSG_EQ(previous->GetState(), TcpSocket::CLOSED, "that TIME_WAIT ended");
        // The old connections sent no data: SYN 0, FIN 1, so SND.NXT = 2.
        NS_TEST_ASSERT_MSG_EQ(lateSent.at(0).header.GetSequenceNumber(),
                              SequenceNumber32(2 + REUSE_GAP),
                              "ISN above the old sequence space");
        NS_TEST_ASSERT_MSG_EQ(lateSocket->GetState(), TcpSocket::ESTABLISHED, "connected");
    }

    uint16_t m_last;                               //!< the range's high end
    std::string m_twReuse;                         //!< TwReuse
    std::vector<Ptr<TcpTeardownSocket>> m_sockets; //!< the client sockets, in order
};

/// Listeners and SO_REUSEADDR; a server restarting over its own TIME_WAIT connections.
class ListenerPortTestCase : public TeardownTestCase
{
  public:
    ListenerPortTestCase()
        : TeardownTestCase("listeners: a shared port, and a restart over TIME_WAIT")
    {
    }

  private:
    void DoRun() override
    {
        BuildTopology(TcpTeardownHelper());
        auto create = [this](bool reuse) {
            Ptr<TcpTeardownSocket> s = TcpTeardownHelper::CreateSocket(m_server);
            s->SetReuseAddress(reuse);
            return s;
        };
        const InetSocketAddress any6000(Ipv4Address::GetAny(), 6000);

        // Two sockets without SO_REUSEADDR on one port.
        Ptr<TcpTeardownSocket> a = create(false);
        NS_TEST_ASSERT_MSG_EQ(a->Bind(any6000), 0, "first bind");
        NS_TEST_ASSERT_MSG_EQ(a->Listen(), 0, "first listen");
        Ptr<TcpTeardownSocket> b = create(false);
        NS_TEST_ASSERT_MSG_EQ(b->Bind(InetSocketAddress(m_serverAddress, 6000)), -1, "overlap");
        NS_TEST_ASSERT_MSG_EQ(b->GetLastError(), TcpCloseReason::ADDRINUSE, "EADDRINUSE");
        // With SO_REUSEADDR on both, a listener still owns its port.
        Ptr<TcpTeardownSocket> c = create(true);
        NS_TEST_ASSERT_MSG_EQ(c->Bind(InetSocketAddress(Ipv4Address::GetAny(), 6001)), 0, "c");
        Ptr<TcpTeardownSocket> d = create(true);
        NS_TEST_ASSERT_MSG_EQ(d->Bind(InetSocketAddress(m_serverAddress, 6001)),
                              0,
                              "both reuse, neither listening");
        NS_TEST_ASSERT_MSG_EQ(c->Listen(), 0, "c listens");
        NS_TEST_ASSERT_MSG_EQ(d->Listen(), -1, "d may not listen beside a listener");
        NS_TEST_ASSERT_MSG_EQ(d->GetLastError(), TcpCloseReason::ADDRINUSE, "EADDRINUSE");
        Ptr<TcpTeardownSocket> e = create(true);
        NS_TEST_ASSERT_MSG_EQ(e->Bind(InetSocketAddress(Ipv4Address::GetAny(), 6001)),
                              -1,
                              "nor bind beside one");
        // bind() twice.
        NS_TEST_ASSERT_MSG_EQ(a->Bind(InetSocketAddress(Ipv4Address::GetAny(), 6002)),
                              -1,
                              "a second bind()");
        NS_TEST_ASSERT_MSG_EQ(a->GetLastError(), TcpCloseReason::INVAL, "EINVAL");
        // Port 0: Listen() picks an odd port of the range (connect() keeps the even ones).
        Ptr<TcpTeardownSocket> f = create(false);
        NS_TEST_ASSERT_MSG_EQ(f->Bind(), 0, "bind() to port 0");
        NS_TEST_ASSERT_MSG_EQ(f->Listen(), 0, "listen() takes a port");
        const uint16_t chosen = PortOf(f);
        NS_TEST_ASSERT_MSG_EQ((chosen >= 32768 && chosen <= 60999), true, "in the range");
        NS_TEST_ASSERT_MSG_EQ(chosen % 2, 1, "odd first");

        // Restart: the first server's connections are in TIME_WAIT (it closed first).
        Ptr<TcpTeardownSocket> first = create(true);
        std::vector<Ptr<TcpTeardownSocket>> accepted;
        first->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000));
        first->Listen();
        first->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                 FunctionCallback<Ptr<Socket>, const Address&>(
                                     [&accepted](Ptr<Socket> s, const Address&) {
                                         accepted.push_back(DynamicCast<TcpTeardownSocket>(s));
                                         WriteAndClose(accepted.back());
                                     }));
        Ptr<TcpTeardownSocket> client = ConnectClientSocket(5000, Seconds(1));
        CloseOnEndOfStream(client);
        At(Seconds(1.5), [&first]() { first->Close(); }); // the server process exits
        CallResult plain;
        CallResult reuseBind;
        CallResult reuseListen;
        TcpSocket::TcpStates_t acceptedState = TcpSocket::CLOSED;
        Ptr<TcpTeardownSocket> restarted;
        At(Seconds(2), [&]() {
            acceptedState = accepted.at(0)->GetState();
            Ptr<TcpTeardownSocket> p = create(false);
            plain = Outcome(p, p->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000)));
            restarted = create(true);
            reuseBind =
                Outcome(restarted, restarted->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000)));
            reuseListen = Outcome(restarted, restarted->Listen());
        });
        Ptr<TcpTeardownSocket> later = ConnectClientSocket(5000, Seconds(2.5));
        RunUntil(Seconds(3));

        NS_TEST_ASSERT_MSG_EQ(acceptedState, TcpSocket::TIME_WAIT, "the old server's TIME_WAIT");
        NS_TEST_ASSERT_MSG_EQ(plain.error, TcpCloseReason::ADDRINUSE, "restart without reuse");
        NS_TEST_ASSERT_MSG_EQ(reuseBind.result, 0, "restart with SO_REUSEADDR: bind()");
        NS_TEST_ASSERT_MSG_EQ(reuseListen.result, 0, "and listen()");
        NS_TEST_ASSERT_MSG_EQ(later->GetState(), TcpSocket::ESTABLISHED, "it serves again");
    }
};

/// The port-reuse suite.
class PortReuseTestSuite : public TestSuite
{
  public:
    PortReuseTestSuite()
        : TestSuite("tcp-teardown-port-reuse", UNIT)
    {
        for (bool oldReuse : {false, true})
        {
            for (bool newReuse : {false, true})
            {
                for (bool wildcard : {false, true})
                {
                    AddTestCase(new BindOverTimeWaitTestCase(oldReuse, newReuse, wildcard),
                                TestCase::QUICK);
                }
            }
        }
        AddTestCase(new ReconnectOverTimeWaitTestCase(true), TestCase::QUICK);
        AddTestCase(new ReconnectOverTimeWaitTestCase(false), TestCase::QUICK);
        AddTestCase(new ServerTimeWaitSynTestCase(true), TestCase::QUICK);
        AddTestCase(new ServerTimeWaitSynTestCase(false), TestCase::QUICK);
        AddTestCase(new EphemeralPortTestCase(40002, "Loopback"), TestCase::QUICK);
        AddTestCase(new EphemeralPortTestCase(40003, "Off"), TestCase::QUICK);
        AddTestCase(new EphemeralPortTestCase(40003, "On"), TestCase::QUICK);
        AddTestCase(new ListenerPortTestCase(), TestCase::QUICK);
    }
};

/// Static instance that registers the suite.
static PortReuseTestSuite g_portReuseTestSuite;

} // namespace
