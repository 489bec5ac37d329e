/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-socket.h"

#include "tcp-linux-rules.h"
#include "tcp-teardown-fatal.h"
#include "tcp-teardown-socket-factory.h"
#include "tcp-time-wait-table.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-end-point.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-end-point.h"
#include "ns3/log.h"
#include "ns3/rtt-estimator.h"
#include "ns3/simulator.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-option-ts.h"
#include "ns3/tcp-rx-buffer.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownSocket");

NS_OBJECT_ENSURE_REGISTERED(TcpTeardownSocket);

TypeId
TcpTeardownSocket::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpTeardownSocket")
            .SetParent<TcpSocketBase>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpTeardownSocket>()
            .AddAttribute("Profile",
                          "The kernel whose connection-ending behaviour the socket follows: Linux "
                          "(default), or Ns3 for stock ns-3.37 TcpSocketBase, unchanged.",
                          EnumValue(LINUX),
                          MakeEnumAccessor(&TcpTeardownSocket::m_profile),
                          MakeEnumChecker(LINUX, "Linux", NS3, "Ns3"))
            .AddAttribute("RtoMin",
                          "Minimum retransmission timeout: RTO = srtt + max(4*rttvar, RtoMin). "
                          "Linux TCP_RTO_MIN, 200 ms (RFC 6298 says 1 s). Linux profile; the Ns3 "
                          "profile uses MinRto.",
                          TimeValue(MilliSeconds(200)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_rtoMin),
                          MakeTimeChecker())
            .AddAttribute("RtoMax",
                          "Maximum retransmission timeout, the cap of exponential backoff. Linux "
                          "TCP_RTO_MAX and net.ipv4.tcp_rto_max_ms, 120 s. Linux profile.",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_rtoMax),
                          MakeTimeChecker())
            .AddAttribute("Jiffy",
                          "One tick of the kernel clock, 1/CONFIG_HZ: Linux holds an RTO as a "
                          "whole number of jiffies, rounded up (usecs_to_jiffies), so on a 5 ms "
                          "path its 202.5 ms RTO is 204 ms at HZ=250. 4 ms is HZ=250 (Debian's "
                          "kernels); 1 ms is HZ=1000; 0 keeps the RTO exact. At most RtoMin. "
                          "Linux profile.",
                          TimeValue(MilliSeconds(4)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_jiffy),
                          MakeTimeChecker())
            .AddAttribute("InitialRto",
                          "RTO of a SYN or SYN-ACK, and the base of the SYN give-up budget. Linux "
                          "TCP_TIMEOUT_INIT, 1 s (RFC 6298). Linux profile.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_initialRto),
                          MakeTimeChecker())
            .AddAttribute("GiveUpRtoBase",
                          "The rto_base of the give-up budget of data and FIN retransmissions "
                          "(tcp_model_timeout). Linux uses the constant TCP_RTO_MIN, 200 ms, "
                          "whatever the RtoMin in use. Linux profile.",
                          TimeValue(MilliSeconds(200)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_giveUpRtoBase),
                          MakeTimeChecker())
            .AddAttribute("Retries2",
                          "net.ipv4.tcp_retries2: the give-up budget of an established connection "
                          "is the time this many timeout retransmissions take with backoff from "
                          "GiveUpRtoBase to RtoMax (15: 924.6 s). Linux profile.",
                          UintegerValue(15),
                          MakeUintegerAccessor(&TcpTeardownSocket::m_retries2),
                          MakeUintegerChecker<uint32_t>(0, 255))
            .AddAttribute("OrphanRetries",
                          "net.ipv4.tcp_orphan_retries: Retries2 for a socket whose application "
                          "has called Close(); 0 means 8 while the RTO is below RtoMax. Linux "
                          "profile.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&TcpTeardownSocket::m_orphanRetries),
                          MakeUintegerChecker<uint32_t>(0, 255))
            .AddAttribute("SynAckRetries",
                          "net.ipv4.tcp_synack_retries: SYN-ACK retransmissions before a half-open "
                          "connection is dropped. Linux profile (SYN retransmissions use "
                          "ConnCount, ns-3's tcp_syn_retries).",
                          UintegerValue(5),
                          MakeUintegerAccessor(&TcpTeardownSocket::m_synAckRetries),
                          MakeUintegerChecker<uint32_t>(0, 255))
            .AddAttribute("SynLinearTimeouts",
                          "net.ipv4.tcp_syn_linear_timeouts: how many SYN retransmissions keep "
                          "the initial RTO before backoff starts (4 on Linux 6.x; 0 for older "
                          "kernels). Linux profile.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&TcpTeardownSocket::m_synLinearTimeouts),
                          MakeUintegerChecker<uint32_t>(0, 255))
            .AddAttribute("UserTimeout",
                          "TCP_USER_TIMEOUT (RFC 5482): when non-zero, the give-up budget of a "
                          "retransmitting connection, replacing Retries2. Linux profile.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_userTimeout),
                          MakeTimeChecker())
            .AddAttribute("TimeWaitPolicy",
                          "How long TIME_WAIT lasts: Fixed (TimeWaitDuration, Linux), TwoMsl "
                          "(2 * MaxSegLifetime, RFC 9293), or Disabled (no TIME_WAIT at all: a "
                          "counterfactual for experiments, not a real stack). Linux profile.",
                          EnumValue(TIME_WAIT_FIXED),
                          MakeEnumAccessor(&TcpTeardownSocket::m_timeWaitPolicy),
                          MakeEnumChecker(TIME_WAIT_FIXED,
                                          "Fixed",
                                          TIME_WAIT_2MSL,
                                          "TwoMsl",
                                          TIME_WAIT_DISABLED,
                                          "Disabled"))
            .AddAttribute("TimeWaitDuration",
                          "Length of TIME_WAIT under the Fixed policy. Linux TCP_TIMEWAIT_LEN, "
                          "60 s. Linux profile.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_timeWaitDuration),
                          MakeTimeChecker())
            .AddAttribute("CompactTimeWait",
                          "On entering TIME_WAIT, hand the connection over to a small record of "
                          "the node's TcpTimeWaitTable (4-tuple, sequence state, timestamps, "
                          "expiry) and release the socket, as Linux does (inet_timewait_sock). "
                          "The record answers segments, expires and holds the port as the "
                          "socket would. Linux profile, IPv4, sockets without a bound device, "
                          "IP TOS/TTL or priority; others keep the full socket.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_compactTimeWait),
                          MakeBooleanChecker())
            .AddAttribute("Rfc1337",
                          "net.ipv4.tcp_rfc1337: ignore a RST received in TIME_WAIT instead of "
                          "ending TIME_WAIT (Linux default: off). Linux profile.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_rfc1337),
                          MakeBooleanChecker())
            .AddAttribute("Rfc5961",
                          "RFC 5961 section 3 for RSTs in synchronized states (Linux since 3.6): "
                          "only a RST at exactly RCV.NXT resets the connection, one elsewhere in "
                          "the window is answered with a challenge ACK. Off: RFC 793, any RST in "
                          "the window resets it. Linux profile.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_rfc5961),
                          MakeBooleanChecker())
            .AddAttribute("InvalidRateLimit",
                          "net.ipv4.tcp_invalid_ratelimit: at most one answer per this interval "
                          "to segments without data that are out of window or acknowledge "
                          "unsent data, and to challenge ACKs (Linux default 500 ms; 0: every "
                          "one). Linux profile.",
                          TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_invalidRateLimit),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("Linger",
                          "SO_LINGER l_onoff: with LingerTime 0, Close() aborts with a RST; with "
                          "LingerTime > 0, Close() returns once the FIN is acknowledged or the "
                          "time runs out (see LingerStyle). Linux profile.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_linger),
                          MakeBooleanChecker())
            .AddAttribute("LingerTime",
                          "SO_LINGER l_linger as a time (SetSoLinger() takes the raw value in the "
                          "unit of LingerStyle). Linux profile.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_lingerTime),
                          MakeTimeChecker())
            .AddAttribute("LingerStyle",
                          "What a lingering Close() does when LingerTime runs out: Linux (returns "
                          "0; the connection carries on as an orphan) or Bsd (fails with "
                          "EWOULDBLOCK; unsent data is lost and the connection is reset). Linux "
                          "profile.",
                          EnumValue(LINGER_LINUX),
                          MakeEnumAccessor(&TcpTeardownSocket::m_lingerStyle),
                          MakeEnumChecker(LINGER_LINUX, "Linux", LINGER_BSD, "Bsd"))
            .AddAttribute("FinTimeout",
                          "net.ipv4.tcp_fin_timeout (TCP_LINGER2): how long an orphaned socket "
                          "waits in FIN_WAIT_2 for the peer's FIN before it vanishes silently; at "
                          "least 3.5 RTO. A socket that is only shut down for sending waits "
                          "forever. Linux profile.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_finTimeout),
                          MakeTimeChecker())
            .AddAttribute("KeepAlive",
                          "SO_KEEPALIVE: probe a connection that has been idle for KeepAliveTime "
                          "every KeepAliveInterval; after KeepAliveProbes unanswered probes send "
                          "a RST and end with ETIMEDOUT. Linux profile.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_keepAlive),
                          MakeBooleanChecker())
            .AddAttribute("KeepAliveTime",
                          "TCP_KEEPIDLE, net.ipv4.tcp_keepalive_time: idle time before the first "
                          "probe, 1 s .. 32767 s as on Linux (default 7200 s).",
                          TimeValue(Seconds(7200)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_keepAliveTime),
                          MakeTimeChecker())
            .AddAttribute("KeepAliveInterval",
                          "TCP_KEEPINTVL, net.ipv4.tcp_keepalive_intvl: time between probes, "
                          "1 s .. 32767 s as on Linux (default 75 s).",
                          TimeValue(Seconds(75)),
                          MakeTimeAccessor(&TcpTeardownSocket::m_keepAliveInterval),
                          MakeTimeChecker())
            .AddAttribute("KeepAliveProbes",
                          "TCP_KEEPCNT, net.ipv4.tcp_keepalive_probes: unanswered probes before "
                          "the connection is dropped, 1 .. 127 as on Linux (default 9).",
                          UintegerValue(9),
                          MakeUintegerAccessor(&TcpTeardownSocket::m_keepAliveProbes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("IsnPolicy",
                          "How a connection's initial sequence number is chosen: Zero (stock "
                          "ns-3: always 0), Rfc6528 (4 us clock plus a keyed hash of the "
                          "4-tuple), Linux (64 ns clock plus the hash, secure_tcp_seq()) or "
                          "Random. A connection that reuses a TIME_WAIT 4-tuple starts at the "
                          "old SND.NXT + 65537 whatever the policy. Linux profile, IPv4.",
                          EnumValue(TcpIsnGenerator::ZERO),
                          MakeEnumAccessor(&TcpTeardownSocket::m_isnPolicy),
                          MakeEnumChecker(TcpIsnGenerator::ZERO,
                                          "Zero",
                                          TcpIsnGenerator::RFC6528,
                                          "Rfc6528",
                                          TcpIsnGenerator::LINUX,
                                          "Linux",
                                          TcpIsnGenerator::RANDOM,
                                          "Random"))
            .AddAttribute("ReuseAddress",
                          "SO_REUSEADDR: Bind() may take a port that other sockets hold, if "
                          "they set it too and none of them listens (a port held by "
                          "TIME_WAIT above all). Linux profile, IPv4; see TcpTeardownPortTable.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&TcpTeardownSocket::m_reuseAddress),
                          MakeBooleanChecker())
            .AddTraceSource("StateTransition",
                            "A state change of this socket (sockets it accepts inherit the sinks).",
                            MakeTraceSourceAccessor(&TcpTeardownSocket::m_stateTransitionTrace),
                            "ns3::TcpTeardownSocket::StateTransitionTracedCallback")
            .AddTraceSource("ConnectionEnd",
                            "The connection ended: NONE for an orderly close, else its error.",
                            MakeTraceSourceAccessor(&TcpTeardownSocket::m_connectionEndTrace),
                            "ns3::TcpTeardownSocket::ConnectionEndTracedCallback")
            .AddTraceSource("Retransmission",
                            "A timeout retransmission (SYN, data or FIN), with the episode's "
                            "count and the delay until the next expiry.",
                            MakeTraceSourceAccessor(&TcpTeardownSocket::m_retransmissionTrace),
                            "ns3::TcpTeardownSocket::RetransmissionTracedCallback")
            .AddTraceSource("CloseReturn",
                            "Close() returned to the application: at once, or when a lingering "
                            "close completes or times out.",
                            MakeTraceSourceAccessor(&TcpTeardownSocket::m_closeReturnTrace),
                            "ns3::TcpTeardownSocket::CloseReturnTracedCallback")
            .AddTraceSource("KeepAliveProbe",
                            "A keepalive probe was sent, with the count of unanswered probes.",
                            MakeTraceSourceAccessor(&TcpTeardownSocket::m_keepAliveProbeTrace),
                            "ns3::TcpTeardownSocket::KeepAliveProbeTracedCallback");
    return tid;
}

TypeId
TcpTeardownSocket::GetInstanceTypeId() const
{
    return TcpTeardownSocket::GetTypeId();
}

TcpTeardownSocket::TcpTeardownSocket()
    : TcpSocketBase()
{
    NS_LOG_FUNCTION(this);
    m_state.ConnectWithoutContext(MakeCallback(&TcpTeardownSocket::OnStateChanged, this));
}

TcpTeardownSocket::TcpTeardownSocket(const TcpTeardownSocket& sock)
    : TcpSocketBase(sock),
      m_profile(sock.m_profile),
      m_rtoMin(sock.m_rtoMin),
      m_rtoMax(sock.m_rtoMax),
      m_jiffy(sock.m_jiffy),
      m_initialRto(sock.m_initialRto),
      m_giveUpRtoBase(sock.m_giveUpRtoBase),
      m_retries2(sock.m_retries2),
      m_orphanRetries(sock.m_orphanRetries),
      m_synAckRetries(sock.m_synAckRetries),
      m_synLinearTimeouts(sock.m_synLinearTimeouts),
      m_userTimeout(sock.m_userTimeout),
      m_timeWaitPolicy(sock.m_timeWaitPolicy),
      m_timeWaitDuration(sock.m_timeWaitDuration),
      m_rfc1337(sock.m_rfc1337),
      m_rfc5961(sock.m_rfc5961),
      m_invalidRateLimit(sock.m_invalidRateLimit),
      m_linger(sock.m_linger),
      m_lingerTime(sock.m_lingerTime),
      m_lingerStyle(sock.m_lingerStyle),
      m_finTimeout(sock.m_finTimeout),
      m_keepAlive(sock.m_keepAlive),
      m_keepAliveTime(sock.m_keepAliveTime),
      m_keepAliveInterval(sock.m_keepAliveInterval),
      m_keepAliveProbes(sock.m_keepAliveProbes),
      m_reuseAddress(sock.m_reuseAddress),
      m_compactTimeWait(sock.m_compactTimeWait),
      m_isnPolicy(sock.m_isnPolicy),
      m_portTable(sock.m_portTable),
      m_boundByBind(sock.m_boundByBind), // an accepted socket shares its listener's bind
      m_forked(true),
      m_stateTransitionTrace(sock.m_stateTransitionTrace),
      m_connectionEndTrace(sock.m_connectionEndTrace),
      m_retransmissionTrace(sock.m_retransmissionTrace),
      m_closeReturnTrace(sock.m_closeReturnTrace),
      m_keepAliveProbeTrace(sock.m_keepAliveProbeTrace),
      m_hub(sock.m_hub)
{
    NS_LOG_FUNCTION(this);
    // TracedValue copies do not carry their sinks: hook the copy's state again.
    m_state.ConnectWithoutContext(MakeCallback(&TcpTeardownSocket::OnStateChanged, this));
}

TcpTeardownSocket::~TcpTeardownSocket()
{
    NS_LOG_FUNCTION(this);
    m_lingerEvent.Cancel();
    CancelCloseTimers();
    if (m_portTable)
    {
        m_portTable->Remove(this);
    }
    if (m_timeWaitRecord)
    {
        m_timeWaitRecord->Disown(this); // the record reports its end without this socket
    }
}

void
TcpTeardownSocket::NotifyConstructionCompleted()
{
    TcpSocketBase::NotifyConstructionCompleted();
    ValidateConfiguration();
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

void
TcpTeardownSocket::ValidateConfiguration() const
{
    if (!IsLinux())
    {
        return;
    }
    TCP_TEARDOWN_REQUIRE(m_rtoMin.IsStrictlyPositive(),
                         "TcpTeardownSocket: RtoMin=" << m_rtoMin.As(Time::MS)
                                                      << " is invalid: it must be > 0");
    TCP_TEARDOWN_REQUIRE(m_rtoMax >= m_rtoMin,
                         "TcpTeardownSocket: RtoMax=" << m_rtoMax.As(Time::S) << " is invalid: it "
                                                      << "must be >= RtoMin="
                                                      << m_rtoMin.As(Time::MS));
    TCP_TEARDOWN_REQUIRE(!m_jiffy.IsStrictlyNegative() && m_jiffy <= m_rtoMin,
                         "TcpTeardownSocket: Jiffy="
                             << m_jiffy.As(Time::MS) << " is invalid: it must be >= 0 (0: exact "
                             << "RTO) and <= RtoMin=" << m_rtoMin.As(Time::MS));
    TCP_TEARDOWN_REQUIRE(m_initialRto.IsStrictlyPositive() && m_initialRto <= m_rtoMax,
                         "TcpTeardownSocket: InitialRto=" << m_initialRto.As(Time::S)
                                                          << " is invalid: it must be > 0 and "
                                                          << "<= RtoMax=" << m_rtoMax.As(Time::S));
    TCP_TEARDOWN_REQUIRE(m_giveUpRtoBase.IsStrictlyPositive() && m_giveUpRtoBase <= m_rtoMax,
                         "TcpTeardownSocket: GiveUpRtoBase="
                             << m_giveUpRtoBase.As(Time::MS)
                             << " is invalid: it must be > 0 and <= RtoMax="
                             << m_rtoMax.As(Time::S));
    TCP_TEARDOWN_REQUIRE(!m_userTimeout.IsStrictlyNegative(),
                         "TcpTeardownSocket: UserTimeout="
                             << m_userTimeout.As(Time::S)
                             << " is invalid: it must be >= 0 (0: off)");
    TCP_TEARDOWN_REQUIRE(!m_timeWaitDuration.IsStrictlyNegative(),
                         "TcpTeardownSocket: TimeWaitDuration=" << m_timeWaitDuration.As(Time::S)
                                                                << " is invalid: it must be >= 0");
    TCP_TEARDOWN_REQUIRE(m_msl >= 0,
                         "TcpTeardownSocket: MaxSegLifetime=" << m_msl
                                                              << " is invalid: it must be >= 0");
    TCP_TEARDOWN_REQUIRE(!m_lingerTime.IsStrictlyNegative(),
                         "TcpTeardownSocket: LingerTime=" << m_lingerTime.As(Time::S)
                                                          << " is invalid: it must be >= 0");
    TCP_TEARDOWN_REQUIRE(!m_finTimeout.IsStrictlyNegative(),
                         "TcpTeardownSocket: FinTimeout=" << m_finTimeout.As(Time::S)
                                                          << " is invalid: it must be >= 0");
    // Linux refuses TCP_KEEPIDLE and TCP_KEEPINTVL outside 1 .. 32767 s with EINVAL.
    TCP_TEARDOWN_REQUIRE(m_keepAliveTime >= Seconds(1) && m_keepAliveTime <= Seconds(32767),
                         "TcpTeardownSocket: KeepAliveTime="
                             << m_keepAliveTime.As(Time::S)
                             << " is invalid: it must be 1 s .. 32767 s (TCP_KEEPIDLE)");
    TCP_TEARDOWN_REQUIRE(m_keepAliveInterval >= Seconds(1) && m_keepAliveInterval <= Seconds(32767),
                         "TcpTeardownSocket: KeepAliveInterval="
                             << m_keepAliveInterval.As(Time::S)
                             << " is invalid: it must be 1 s .. 32767 s (TCP_KEEPINTVL)");
    TCP_TEARDOWN_REQUIRE(m_keepAliveProbes >= 1 && m_keepAliveProbes <= 127,
                         "TcpTeardownSocket: KeepAliveProbes="
                             << m_keepAliveProbes
                             << " is invalid: TCP_KEEPCNT ranges from 1 to 127");
    TCP_TEARDOWN_REQUIRE(m_synRetries >= 1 && m_synRetries <= 127,
                         "TcpTeardownSocket: ConnCount="
                             << m_synRetries
                             << " is invalid in the Linux profile: net.ipv4.tcp_syn_retries "
                                "ranges from 1 to 127");
}

bool
TcpTeardownSocket::IsLinux() const
{
    return m_profile == LINUX;
}

void
TcpTeardownSocket::ApplyProfile()
{
    ValidateConfiguration();
    if (IsLinux())
    {
        // The base computes RTO = max(srtt + max(ClockGranularity, 4 * rttvar), MinRto) in many
        // places. With both set to RtoMin that is srtt + max(4 * rttvar, RtoMin): Linux's rule.
        SetMinRto(m_rtoMin);
        SetClockGranularity(m_rtoMin);
    }
}

// ---------------------------------------------------------------------------------------------
// Connection bookkeeping and observation
// ---------------------------------------------------------------------------------------------

void
TcpTeardownSocket::StartConnection()
{
    NS_LOG_FUNCTION(this);
    ApplyProfile();
    m_synTransmissions = 0;
    m_finTransmissions = 0;
    m_retransmits = 0;
    m_retransStamp = Time(0);
    m_orphaned = false;
    m_closeCalled = false;
    m_lingering = false;
    m_lingerEvent.Cancel();
    CancelCloseTimers();
    m_probesOut = 0;
    m_lastHeard = Simulator::Now();
    m_connectionStarted = true;
    m_endReported = false;
    m_closeReason = TcpCloseReason::NONE;
    m_pendingError = TcpCloseReason::NONE;
    if (IsLinux())
    {
        m_rto = m_initialRto;
    }
}

void
TcpTeardownSocket::OnStateChanged(TcpStates_t from, TcpStates_t to)
{
    // Runs inside the assignment to m_state, before the new value is stored: record only.
    UpdateCachedAddresses();
    NS_LOG_INFO("node " << (m_node ? m_node->GetId() : 0) << " "
                        << (InetSocketAddress::IsMatchingType(m_localAddress)
                                ? InetSocketAddress::ConvertFrom(m_localAddress).GetIpv4()
                                : Ipv4Address())
                        << ":"
                        << (InetSocketAddress::IsMatchingType(m_localAddress)
                                ? InetSocketAddress::ConvertFrom(m_localAddress).GetPort()
                                : 0)
                        << " " << TcpStateName[from] << " -> " << TcpStateName[to]);
    if (m_hub)
    {
        m_hub->ForwardStateTransition(this, from, to); // the node's trace, as before the socket's
    }
    m_stateTransitionTrace(this, from, to);
    if (IsLinux())
    {
        if (to == ESTABLISHED && m_keepAlive)
        {
            m_lastHeard = Simulator::Now();
            ArmKeepAliveTimer(m_keepAliveTime);
        }
        if (to == CLOSED || to == TIME_WAIT)
        {
            RemoveTimer(m_finWait2Event);
            RemoveTimer(m_keepAliveEvent);
        }
        if (to == FIN_WAIT_2 && m_orphaned)
        {
            ArmFinWait2Timer();
        }
        if (m_lingering && (to == FIN_WAIT_2 || to == TIME_WAIT || to == CLOSED))
        {
            // sk_stream_wait_close() returns once the FIN is acknowledged or the connection
            // is gone; the application runs after this segment has been processed.
            m_lingering = false;
            m_lingerEvent.Cancel();
            Simulator::ScheduleNow(&TcpTeardownSocket::FinishClose,
                                   Ptr<TcpTeardownSocket>(this),
                                   TcpCloseReason::NONE);
        }
    }
    if (to == CLOSED && m_connectionStarted && !m_endReported)
    {
        ReportEnd(m_closeReason);
    }
}

void
TcpTeardownSocket::ReportEnd(TcpCloseReason reason)
{
    NS_LOG_FUNCTION(this << reason);
    m_endReported = true;
    m_closeReason = reason;
    if (m_hub)
    {
        m_hub->ForwardConnectionEnd(this, reason);
    }
    m_connectionEndTrace(this, reason);
}

void
TcpTeardownSocket::ReportRetransmission(uint32_t count, Time rto)
{
    if (m_hub)
    {
        m_hub->ForwardRetransmission(this, count, rto);
    }
    m_retransmissionTrace(this, count, rto);
}

void
TcpTeardownSocket::SetHub(Ptr<TcpTeardownSocketFactory> hub)
{
    m_hub = hub;
}

void
TcpTeardownSocket::ReportEndIfEndpointLost(bool hadEndpoint, TcpCloseReason reason)
{
    // Stock code frees the endpoint on some errors without leaving its state (Ns3 profile).
    if (hadEndpoint && !HasEndpoint() && m_connectionStarted && !m_endReported)
    {
        ReportEnd(reason);
    }
}

bool
TcpTeardownSocket::HasEndpoint() const
{
    return m_endPoint != nullptr || m_endPoint6 != nullptr;
}

void
TcpTeardownSocket::UpdateCachedAddresses()
{
    if (m_endPoint != nullptr)
    {
        m_localAddress =
            InetSocketAddress(m_endPoint->GetLocalAddress(), m_endPoint->GetLocalPort());
        m_peerAddress = InetSocketAddress(m_endPoint->GetPeerAddress(), m_endPoint->GetPeerPort());
    }
    else if (m_endPoint6 != nullptr)
    {
        m_localAddress =
            Inet6SocketAddress(m_endPoint6->GetLocalAddress(), m_endPoint6->GetLocalPort());
        m_peerAddress =
            Inet6SocketAddress(m_endPoint6->GetPeerAddress(), m_endPoint6->GetPeerPort());
    }
}

bool
TcpTeardownSocket::ConsumePendingError()
{
    if (m_pendingError == TcpCloseReason::NONE)
    {
        return false;
    }
    SetLastError(m_pendingError);
    m_pendingError = TcpCloseReason::NONE;
    return true;
}

void
TcpTeardownSocket::SetLastError(TcpCloseReason error)
{
    m_lastError = error;
    m_errno = TcpCloseReasonToSocketErrno(error);
}

void
TcpTeardownSocket::SetLastErrorFromErrno()
{
    m_lastError = TcpCloseReasonFromSocketErrno(m_errno);
}

TcpCloseReason
TcpTeardownSocket::GetPendingError() const
{
    return m_pendingError;
}

TcpCloseReason
TcpTeardownSocket::TakePendingError()
{
    const TcpCloseReason error = m_pendingError;
    m_pendingError = TcpCloseReason::NONE;
    return error;
}

TcpCloseReason
TcpTeardownSocket::GetLastError() const
{
    return m_lastError;
}

TcpCloseReason
TcpTeardownSocket::GetCloseReason() const
{
    return m_closeReason;
}

bool
TcpTeardownSocket::HasEnded() const
{
    return m_endReported;
}

TcpSocket::TcpStates_t
TcpTeardownSocket::GetState() const
{
    return m_state.Get();
}

TcpTeardownSocket::Profile
TcpTeardownSocket::GetProfile() const
{
    return m_profile;
}

Address
TcpTeardownSocket::GetLocalAddress() const
{
    return m_localAddress;
}

Address
TcpTeardownSocket::GetPeerAddress() const
{
    return m_peerAddress;
}

uint32_t
TcpTeardownSocket::GetRetransmissionCount() const
{
    return m_retransmits;
}

Time
TcpTeardownSocket::GetRetransmissionStart() const
{
    return m_retransStamp;
}

Time
TcpTeardownSocket::GetRto() const
{
    return m_rto.Get();
}

// ---------------------------------------------------------------------------------------------
// Socket API
// ---------------------------------------------------------------------------------------------

int
TcpTeardownSocket::Bind()
{
    if (IsLinux())
    {
        return BindPort(Ipv4Address::GetAny(), 0);
    }
    const int result = TcpSocketBase::Bind();
    if (result < 0)
    {
        SetLastErrorFromErrno();
    }
    UpdateCachedAddresses();
    return result;
}

int
TcpTeardownSocket::Bind6()
{
    const int result = TcpSocketBase::Bind6();
    if (result < 0)
    {
        SetLastErrorFromErrno();
    }
    UpdateCachedAddresses();
    return result;
}

int
TcpTeardownSocket::Bind(const Address& address)
{
    if (IsLinux() && InetSocketAddress::IsMatchingType(address))
    {
        const InetSocketAddress transport = InetSocketAddress::ConvertFrom(address);
        SetIpTos(transport.GetTos());
        return BindPort(transport.GetIpv4(), transport.GetPort());
    }
    const int result = TcpSocketBase::Bind(address);
    if (result < 0)
    {
        SetLastErrorFromErrno();
    }
    UpdateCachedAddresses();
    return result;
}

int
TcpTeardownSocket::Connect(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    if (IsLinux() && InetSocketAddress::IsMatchingType(address) &&
        ConnectFromPort(InetSocketAddress::ConvertFrom(address)) < 0)
    {
        return -1;
    }
    StartConnection();
    m_retransStamp = Simulator::Now(); // Linux: the SYN give-up clock starts at the first SYN
    const int result = TcpSocketBase::Connect(address);
    if (result < 0)
    {
        SetLastErrorFromErrno();
    }
    return result;
}

int
TcpTeardownSocket::Listen()
{
    NS_LOG_FUNCTION(this);
    ApplyProfile();
    if (IsLinux() && m_endPoint6 == nullptr)
    {
        // inet_csk_listen_start() takes the port again: a port-0 bind gets one now, and a
        // listener may not share its port with a socket bound beside it under SO_REUSEADDR.
        if (m_endPoint == nullptr)
        {
            const Ipv4Address address = m_portDeferred ? m_deferredAddress : Ipv4Address::GetAny();
            const uint16_t port = PortTable()->PickBindPort(this, address);
            if (port == 0 || HoldPort(address, port, Ipv4Address::GetAny(), 0) < 0)
            {
                return FailWith(ERROR_ADDRINUSE);
            }
            m_boundByBind = true;
            m_portDeferred = false;
        }
        else if (PortTable()->FindBindConflict(this,
                                               m_endPoint->GetLocalAddress(),
                                               m_endPoint->GetLocalPort()))
        {
            return FailWith(ERROR_ADDRINUSE);
        }
    }
    const int result = TcpSocketBase::Listen();
    if (result < 0)
    {
        SetLastErrorFromErrno();
    }
    return result;
}

int
TcpTeardownSocket::Close()
{
    NS_LOG_FUNCTION(this);
    Ptr<TcpTeardownSocket> self(this);
    if (!IsLinux())
    {
        const bool hadEndpoint = HasEndpoint();
        const int result = TcpSocketBase::Close();
        ReportEndIfEndpointLost(hadEndpoint, TcpCloseReason::CONNABORTED);
        FinishClose(result < 0 ? TcpCloseReasonFromSocketErrno(m_errno) : TcpCloseReason::NONE);
        return result;
    }
    if (m_closeCalled)
    {
        return 0; // the application has already let go of this socket
    }
    m_closeCalled = true;

    switch (m_state.Get())
    {
    case CLOSED:
    case LISTEN: {
        const int result = TcpSocketBase::Close();
        FinishClose(TcpCloseReason::NONE);
        return result;
    }
    case SYN_SENT:
        // tcp_close(): SYN_SENT goes straight to CLOSE, nothing is sent.
        m_state = CLOSED;
        DeallocateEndPoint();
        FinishClose(TcpCloseReason::NONE);
        return 0;
    default:
        break;
    }

    if (m_tcb->m_rxBuffer->Available() > 0 || (m_linger && m_lingerTime.IsZero()))
    {
        // tcp_close(): unread data is discarded and the peer is told so with a RST; SO_LINGER
        // {1, 0} does the same on purpose (both buffers discarded, no TIME_WAIT).
        AbortLocally();
        FinishClose(TcpCloseReason::NONE);
        return 0;
    }
    if (m_state == ESTABLISHED || m_state == SYN_RCVD || m_state == CLOSE_WAIT)
    {
        TcpSocketBase::Close(); // FIN now, or after the send buffer drains
    }
    const bool finPending = IsFinOutstanding() || m_closeOnEmpty;
    if (m_linger && finPending && m_state != CLOSED)
    {
        StartLinger(); // close() "blocks" until the FIN is acknowledged or the time runs out
        return 0;
    }
    FinishClose(TcpCloseReason::NONE);
    return 0;
}

void
TcpTeardownSocket::SetCloseReturnCallback(
    Callback<void, Ptr<TcpTeardownSocket>, TcpCloseReason> callback)
{
    m_closeReturn = callback;
}

void
TcpTeardownSocket::SetSoLinger(bool onoff, int32_t linger)
{
    NS_LOG_FUNCTION(this << onoff << linger);
    TCP_TEARDOWN_REQUIRE(linger >= 0,
                         "TcpTeardownSocket::SetSoLinger: l_linger=" << linger
                                                                     << " is invalid: it must be "
                                                                        ">= 0");
    m_linger = onoff;
    m_lingerTime = m_lingerStyle == LINGER_BSD ? MilliSeconds(10 * static_cast<int64_t>(linger))
                                               : Seconds(linger);
}

void
TcpTeardownSocket::SetReuseAddress(bool on)
{
    NS_LOG_FUNCTION(this << on);
    m_reuseAddress = on;
}

void
TcpTeardownSocket::SetKeepAlive(bool on)
{
    NS_LOG_FUNCTION(this << on);
    m_keepAlive = on;
    const bool synchronized = m_state != CLOSED && m_state != LISTEN && m_state != SYN_SENT &&
                              m_state != SYN_RCVD && m_state != TIME_WAIT;
    if (!IsLinux() || !synchronized)
    {
        return;
    }
    if (on)
    {
        ArmKeepAliveTimer(m_keepAliveTime); // tcp_set_keepalive()
    }
    else
    {
        m_keepAliveEvent.Cancel();
    }
}

bool
TcpTeardownSocket::IsLingering() const
{
    return m_lingering;
}

bool
TcpTeardownSocket::IsOrphaned() const
{
    return m_orphaned;
}

int
TcpTeardownSocket::Send(Ptr<Packet> p, uint32_t flags)
{
    NS_LOG_FUNCTION(this << p);
    if (!IsLinux())
    {
        return TcpSocketBase::Send(p, flags);
    }
    if (ConsumePendingError())
    {
        return -1;
    }
    const bool open = m_state == ESTABLISHED || m_state == CLOSE_WAIT || m_state == SYN_SENT;
    if (!open || m_shutdownSend || m_closeCalled)
    {
        SetLastError(TcpCloseReason::PIPE);
        return -1;
    }
    const int result = TcpSocketBase::Send(p, flags);
    if (result < 0)
    {
        m_lastError = TcpCloseReason::WOULDBLOCK; // send buffer full; errno as the base set it
    }
    return result;
}

Ptr<Packet>
TcpTeardownSocket::Recv(uint32_t maxSize, uint32_t flags)
{
    NS_LOG_FUNCTION(this << maxSize);
    if (!IsLinux() || m_tcb->m_rxBuffer->Available() > 0)
    {
        return TcpSocketBase::Recv(maxSize, flags); // data first, as tcp_recvmsg() does
    }
    // End of stream once the peer's FIN has been processed (tcp_recvmsg() checks SOCK_DONE
    // before sk_err: after a FIN, a pending EPIPE waits for the next send()). The base wakes
    // the reader while still ESTABLISHED when a FIN carries data; EOF then waits for
    // CLOSE_WAIT, as on Linux.
    const bool finProcessed = m_tcb->m_rxBuffer->Finished() && m_state != ESTABLISHED &&
                              m_state != SYN_RCVD && m_state != FIN_WAIT_1 && m_state != FIN_WAIT_2;
    if (finProcessed)
    {
        return Create<Packet>();
    }
    if (ConsumePendingError())
    {
        return nullptr;
    }
    if (m_endReported)
    {
        return Create<Packet>(); // end of stream
    }
    SetLastError(TcpCloseReason::WOULDBLOCK);
    return nullptr;
}

void
TcpTeardownSocket::Crash()
{
    NS_LOG_FUNCTION(this);
    if (m_state == CLOSED && !HasEndpoint())
    {
        return;
    }
    m_closeReason = TcpCloseReason::CONNABORTED;
    m_lingering = false; // nothing returns to an application that no longer exists
    m_lingerEvent.Cancel();
    CancelAllTimers(); // and CLOSED below cancels the keepalive and FIN_WAIT_2 timers
    m_state = CLOSED;
    DeallocateEndPoint();
}

// ---------------------------------------------------------------------------------------------
// Ports (Linux profile, IPv4): bind(), connect() and TIME_WAIT reuse; the rules are the
// node's TcpTeardownPortTable's.
// ---------------------------------------------------------------------------------------------

Ptr<TcpTeardownPortTable>
TcpTeardownSocket::PortTable()
{
    if (!m_portTable)
    {
        m_portTable = TcpTeardownPortTable::Get(m_node);
    }
    return m_portTable;
}

int
TcpTeardownSocket::FailWith(Socket::SocketErrno error)
{
    m_errno = error;
    SetLastErrorFromErrno();
    return -1;
}

int
TcpTeardownSocket::BindPort(Ipv4Address address, uint16_t port)
{
    NS_LOG_FUNCTION(this << address << port);
    if (m_endPoint != nullptr || m_endPoint6 != nullptr || m_portDeferred)
    {
        return FailWith(ERROR_INVAL); // inet_bind(): the socket is bound already
    }
    if (port == 0)
    {
        // IP_BIND_ADDRESS_NO_PORT: Connect() or Listen() chooses the port.
        m_portDeferred = true;
        m_deferredAddress = address;
        UpdateCachedAddresses();
        return 0;
    }
    if (const TcpTeardownPortTable::Holder holder =
            PortTable()->FindBindConflict(this, address, port))
    {
        NS_LOG_INFO("port " << port << " is held by "
                            << (holder.socket ? TcpStateName[holder.socket->m_state.Get()]
                                              : "a compact TIME_WAIT"));
        return FailWith(ERROR_ADDRINUSE);
    }
    if (HoldPort(address, port, Ipv4Address::GetAny(), 0) < 0)
    {
        return FailWith(ERROR_ADDRINUSE); // ns-3 keeps one unconnected endpoint per address
    }
    m_boundByBind = true;
    return 0;
}

int
TcpTeardownSocket::HoldPort(Ipv4Address local, uint16_t port, Ipv4Address peer, uint16_t peerPort)
{
    m_endPoint = m_tcp->Allocate(GetBoundNetDevice(), local, port, peer, peerPort);
    if (m_endPoint == nullptr)
    {
        return -1;
    }
    m_endPoint6 = nullptr;
    PortTable()->Add(this, port);
    m_tcp->AddSocket(this);
    UpdateCachedAddresses();
    return SetupCallback();
}

int
TcpTeardownSocket::ConnectFromPort(const InetSocketAddress& peer)
{
    NS_LOG_FUNCTION(this << peer.GetIpv4() << peer.GetPort());
    const Ipv4Address peerAddress = peer.GetIpv4();
    const uint16_t peerPort = peer.GetPort();

    // The source address, as TcpSocketBase::SetupEndpoint() will choose it.
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    Ipv4Header header;
    header.SetDestination(peerAddress);
    Socket::SocketErrno routeErrno = ERROR_NOTERROR;
    Ptr<Ipv4Route> route;
    if (ipv4 && ipv4->GetRoutingProtocol())
    {
        route = ipv4->GetRoutingProtocol()->RouteOutput(Ptr<Packet>(),
                                                        header,
                                                        m_boundnetdevice,
                                                        routeErrno);
    }
    if (!route)
    {
        return FailWith(routeErrno == ERROR_NOTERROR ? ERROR_NOROUTETOHOST : routeErrno);
    }
    const Ipv4Address local = route->GetSource();

    TcpTeardownPortTable::Holder timeWait;
    SequenceNumber32 isn;
    if (m_endPoint == nullptr)
    {
        // inet_hash_connect() with no port: an ephemeral one.
        const uint16_t port =
            PortTable()->PickConnectPort(this, local, peerAddress, peerPort, timeWait);
        if (port == 0)
        {
            NS_LOG_INFO("no ephemeral port left towards " << peerAddress << ":" << peerPort);
            return FailWith(ERROR_ADDRNOTAVAIL);
        }
        if (timeWait)
        {
            isn = PortTable()->TakeOverTimeWait(timeWait);
        }
        if (HoldPort(local, port, peerAddress, peerPort) < 0)
        {
            return FailWith(ERROR_ADDRNOTAVAIL);
        }
        m_boundByBind = false;
        m_portDeferred = false;
    }
    else
    {
        // A bound port: the 4-tuple must be free, or held by a TIME_WAIT that may go.
        timeWait = PortTable()->FindConnection(this,
                                               local,
                                               m_endPoint->GetLocalPort(),
                                               peerAddress,
                                               peerPort);
        if (timeWait && !PortTable()->MayReuseTimeWait(timeWait, true))
        {
            NS_LOG_INFO("4-tuple held by "
                        << (timeWait.socket ? TcpStateName[timeWait.socket->m_state.Get()]
                                            : "a compact TIME_WAIT"));
            return FailWith(ERROR_ADDRNOTAVAIL);
        }
        if (timeWait)
        {
            isn = PortTable()->TakeOverTimeWait(timeWait);
        }
    }
    if (timeWait)
    {
        StartSequenceAt(isn);
    }
    else if (m_isnPolicy != TcpIsnGenerator::ZERO)
    {
        StartSequenceAt(TcpIsnGenerator::Get(m_node)->Choose(m_isnPolicy,
                                                             local,
                                                             m_endPoint->GetLocalPort(),
                                                             peerAddress,
                                                             peerPort));
    }
    return 0;
}

void
TcpTeardownSocket::StartSequenceAt(SequenceNumber32 isn)
{
    // The SYN carries SND.NXT; the handshake's ACK moves both marks to isn + 1. The base
    // class compares ACKs with marks that start at 0: start them at the ISN too, or an ISN
    // 2^31 or more away from 0 would look older than they are.
    m_tcb->m_nextTxSequence = isn;
    m_tcb->m_highTxMark = isn;
    m_highRxAckMark = isn;
    m_recover = isn;
    m_ecnEchoSeq = isn;
    m_ecnCWRSeq = isn;
}

void
TcpTeardownSocket::NotePeerIsn(SequenceNumber32 peerIsn)
{
    // As StartSequenceAt(), for the marks in the peer's sequence space.
    m_highRxMark = peerIsn;
    m_ecnCESeq = peerIsn;
}

SequenceNumber32
TcpTeardownSocket::SendNext() const
{
    // The FIN is not in the send buffer: it takes the sequence number after the data.
    return m_tcb->m_highTxMark.Get() + (IsFinSent() ? 1 : 0);
}

SequenceNumber32
TcpTeardownSocket::GiveUpTimeWaitForReuse()
{
    NS_LOG_FUNCTION(this);
    Ptr<TcpTeardownSocket> self(this);
    // tcp_twsk_unique() and tcp_timewait_state_process(): tw_snd_nxt + 65535 + 2, never 0.
    SequenceNumber32 isn = SendNext() + 65537;
    if (isn == SequenceNumber32(0))
    {
        isn = SequenceNumber32(1);
    }
    m_timewaitEvent.Cancel();
    CloseAndNotify();
    return isn;
}

bool
TcpTeardownSocket::HandSynToListener(Ptr<Packet> packet,
                                     const TcpHeader& header,
                                     const Address& fromAddress,
                                     const Address& toAddress)
{
    // tcp_timewait_state_process(): a SYN above the old sequence space, or with a newer
    // timestamp, opens a new incarnation of the 4-tuple through the listener.
    const uint8_t flags = header.GetFlags();
    if (!(flags & TcpHeader::SYN) || (flags & (TcpHeader::ACK | TcpHeader::RST)) ||
        m_endPoint == nullptr || !InetSocketAddress::IsMatchingType(toAddress))
    {
        return false;
    }
    const bool hasTimestamp = m_timestampEnabled && header.HasOption(TcpOption::TS);
    int32_t age = 0; // ts_recent - TSval
    if (hasTimestamp)
    {
        const uint32_t tsval =
            DynamicCast<const TcpOptionTS>(header.GetOption(TcpOption::TS))->GetTimestamp();
        age = static_cast<int32_t>(m_timestampToEcho - tsval);
        if (age > 0)
        {
            return false; // PAWS: an old duplicate
        }
    }
    const bool above = header.GetSequenceNumber() > m_tcb->m_rxBuffer->NextRxSequence();
    if (!above && !(hasTimestamp && age < 0))
    {
        return false;
    }
    const InetSocketAddress local = InetSocketAddress::ConvertFrom(toAddress);
    Ptr<TcpTeardownSocket> listener = PortTable()->FindListener(local.GetIpv4(), local.GetPort());
    if (!listener)
    {
        return false; // Linux acknowledges it, like any other segment
    }
    NS_LOG_INFO("SYN " << header.GetSequenceNumber() << " ends TIME_WAIT for a new connection");
    const SequenceNumber32 isn = GiveUpTimeWaitForReuse();
    listener->AcceptInPlaceOfTimeWait(packet, fromAddress, toAddress, isn);
    return true;
}

void
TcpTeardownSocket::AcceptInPlaceOfTimeWait(Ptr<Packet> packet,
                                           const Address& fromAddress,
                                           const Address& toAddress,
                                           SequenceNumber32 isn)
{
    NS_LOG_FUNCTION(this << isn);
    m_hasForkIsn = true; // Fork() hands it to the accepted socket
    m_forkIsn = isn;
    DoForwardUp(packet, fromAddress, toAddress);
    m_hasForkIsn = false;
}

// ---------------------------------------------------------------------------------------------
// Segment arrival
// ---------------------------------------------------------------------------------------------

void
TcpTeardownSocket::DoForwardUp(Ptr<Packet> packet,
                               const Address& fromAddress,
                               const Address& toAddress)
{
    Ptr<TcpTeardownSocket> self(this); // the socket may lose its last owner while handling this
    ++m_segmentDepth;
    ProcessSegment(packet, fromAddress, toAddress);
    --m_segmentDepth;
    if (m_segmentDepth == 0 && m_handOverPending)
    {
        HandOverTimeWait(); // the segment that led to TIME_WAIT has been answered
    }
}

void
TcpTeardownSocket::ProcessSegment(Ptr<Packet> packet,
                                  const Address& fromAddress,
                                  const Address& toAddress)
{
    if (!IsLinux())
    {
        const bool hadEndpoint = HasEndpoint();
        TcpSocketBase::DoForwardUp(packet, fromAddress, toAddress);
        ReportEndIfEndpointLost(hadEndpoint, TcpCloseReason::CONNABORTED);
        return;
    }

    TcpHeader header;
    packet->PeekHeader(header);
    const uint8_t flags = header.GetFlags();

    // A RST is validated before anything else, timestamps included (RFC 7323 section 5.2).
    if (flags & TcpHeader::RST)
    {
        StripHeader(packet, header);
        if (m_state == TIME_WAIT)
        {
            ProcessTimeWait(packet, header);
        }
        else
        {
            ProcessReset(header);
        }
        return;
    }

    switch (m_state.Get())
    {
    case LISTEN:
        if ((flags & TcpHeader::ACK) && !(flags & TcpHeader::SYN))
        {
            // A segment of a connection this host does not know: tcp_v4_do_rcv() resets it.
            StripHeader(packet, header);
            SendResetFor(header, packet->GetSize(), fromAddress, toAddress);
            return;
        }
        break;
    case SYN_SENT:
        if ((flags & TcpHeader::ACK) &&
            header.GetAckNumber() != m_tcb->m_nextTxSequence + SequenceNumber32(1))
        {
            // RFC 9293 3.10.7.3: an ACK of something we never sent gets a RST; keep waiting.
            // Linux sends the SYN again almost at once if it has not been resent yet: the RST
            // may have reset the peer's half-open connection (RFC 1337 hazard H3).
            StripHeader(packet, header);
            SendResetFor(header, packet->GetSize(), fromAddress, toAddress);
            if (m_retransmits == 0)
            {
                m_retxEvent.Cancel();
                m_retxEvent = Simulator::Schedule(TcpLinuxRules::TimeoutMin(),
                                                  &TcpTeardownSocket::ReTxTimeout,
                                                  this);
            }
            return;
        }
        if (flags & TcpHeader::SYN)
        {
            NotePeerIsn(header.GetSequenceNumber());
        }
        break;
    case ESTABLISHED:
        if (flags & TcpHeader::SYN)
        {
            StripHeader(packet, header);
            SendChallengeAck(); // RFC 5961 section 4
            return;
        }
        if (DropOutOfWindow(header, packet->GetSize() - header.GetSerializedSize()))
        {
            StripHeader(packet, header);
            return;
        }
        if ((flags & TcpHeader::ACK) && header.GetAckNumber() > m_tcb->m_highTxMark)
        {
            // tcp_ack(): it acknowledges data never sent (an old duplicate, or the answer to
            // one); the segment is dropped, data included, and answered at a limited rate.
            StripHeader(packet, header);
            SendChallengeAck();
            return;
        }
        NoteSegmentHeard(header);
        break;
    case SYN_RCVD:
        if ((flags & (TcpHeader::SYN | TcpHeader::ACK)) == TcpHeader::SYN &&
            !OutOfWindowAckAllowed())
        {
            // tcp_check_req(): a retransmitted SYN gets the SYN-ACK again, at a limited rate.
            StripHeader(packet, header);
            return;
        }
        break;
    case FIN_WAIT_1:
    case FIN_WAIT_2:
    case CLOSING:
    case LAST_ACK:
    case CLOSE_WAIT:
        StripHeader(packet, header);
        if (DropOutOfWindow(header, packet->GetSize()))
        {
            return;
        }
        NoteSegmentHeard(header);
        ProcessClosingStates(packet, header);
        return;
    case TIME_WAIT:
        if (HandSynToListener(packet, header, fromAddress, toAddress))
        {
            return;
        }
        StripHeader(packet, header);
        ProcessTimeWait(packet, header);
        return;
    default:
        break;
    }
    TcpSocketBase::DoForwardUp(packet, fromAddress, toAddress);
}

void
TcpTeardownSocket::StripHeader(Ptr<Packet> packet, const TcpHeader& header)
{
    SocketPriorityTag priorityTag;
    packet->RemovePacketTag(priorityTag);
    // The header was read already (PeekHeader): removing its bytes spares a second parse,
    // which builds an object per TCP option.
    packet->RemoveAtStart(header.GetSerializedSize());
    m_rxTrace(packet, header, this);
}

bool
TcpTeardownSocket::ProcessAckOptions(const TcpHeader& header)
{
    if (m_timestampEnabled)
    {
        if (!header.HasOption(TcpOption::TS))
        {
            return false; // RFC 7323: drop a non-RST segment without timestamps
        }
        ProcessOptionTimestamp(header.GetOption(TcpOption::TS), header.GetSequenceNumber());
    }
    EstimateRtt(header);
    UpdateWindowSize(header);
    return true;
}

void
TcpTeardownSocket::ProcessReset(const TcpHeader& header)
{
    NS_LOG_FUNCTION(this << header);
    const SequenceNumber32 seq = header.GetSequenceNumber();
    switch (m_state.Get())
    {
    case CLOSED:
    case LISTEN:
        return; // RFC 9293: a RST is never answered
    case SYN_SENT:
        // Acceptable only if it acknowledges our SYN; without an ACK it is dropped.
        if ((header.GetFlags() & TcpHeader::ACK) &&
            header.GetAckNumber() == m_tcb->m_nextTxSequence + SequenceNumber32(1))
        {
            EndWithError(TcpCloseReason::CONNREFUSED);
        }
        return;
    default:
        break;
    }

    // Synchronized states (RFC 5961 section 3.2, Linux tcp_validate_incoming()): only a RST
    // at exactly RCV.NXT resets the connection; after our FIN-consuming states, RCV.NXT - 1 too.
    // A RST elsewhere in the window gets a challenge ACK, or, without RFC 5961, resets too.
    const SequenceNumber32 rcvNxt = m_tcb->m_rxBuffer->NextRxSequence();
    const bool finConsumed = m_state == CLOSE_WAIT || m_state == LAST_ACK || m_state == CLOSING;
    const bool exact = seq == rcvNxt || (finConsumed && seq == rcvNxt - 1);
    const bool inWindow = seq > rcvNxt && seq < m_tcb->m_rxBuffer->MaxRxSequence();
    if (exact || (inWindow && !m_rfc5961))
    {
        EndWithError(m_state == CLOSE_WAIT ? TcpCloseReason::PIPE : TcpCloseReason::CONNRESET);
    }
    else if (inWindow)
    {
        SendChallengeAck();
    }
}

void
TcpTeardownSocket::ProcessClosingStates(Ptr<Packet> packet, const TcpHeader& header)
{
    NS_LOG_FUNCTION(this << header);
    const uint8_t flags =
        header.GetFlags() & ~(TcpHeader::PSH | TcpHeader::URG | TcpHeader::CWR | TcpHeader::ECE);
    if (flags & TcpHeader::SYN)
    {
        SendChallengeAck();
        return;
    }
    if (!(flags & TcpHeader::ACK) || !ProcessAckOptions(header))
    {
        return; // RFC 9293: a segment without ACK is dropped
    }
    const SequenceNumber32 sndMax = m_tcb->m_highTxMark + SequenceNumber32(IsFinSent() ? 1 : 0);
    if (header.GetAckNumber() > sndMax)
    {
        SendChallengeAck(); // it acknowledges something never sent
        return;
    }

    if (AbortOnData(header, packet->GetSize()))
    {
        return;
    }

    // The base processes the acknowledgment and stores any payload. The FIN is handled below:
    // the flag is set on the copy so that the base's ESTABLISHED-only end-of-stream path
    // (ReceivedData -> DoPeerClose) stays out of the closing states.
    const uint32_t payloadSize = packet->GetSize();
    TcpHeader ackHeader = header;
    ackHeader.SetFlags(header.GetFlags() | TcpHeader::FIN);
    ReceivedAck(packet, ackHeader);

    if (IsFinOutstanding() && header.GetAckNumber() == m_tcb->m_highTxMark + SequenceNumber32(1))
    {
        ProcessOwnFinAcked();
    }
    if (m_state == CLOSED || m_state == TIME_WAIT)
    {
        return;
    }
    if (flags & TcpHeader::FIN)
    {
        ProcessPeerFin(header, payloadSize);
    }
    else if (IsFinOutstanding() && !m_retxEvent.IsRunning())
    {
        ArmRetransmitTimer(); // the base cancels the timer once data is acked, FIN or not
    }
}

void
TcpTeardownSocket::ProcessOwnFinAcked()
{
    NS_LOG_FUNCTION(this);
    m_retxEvent.Cancel();
    m_retransmits = 0;
    m_retransStamp = Time(0);
    switch (m_state.Get())
    {
    case FIN_WAIT_1:
        m_state = FIN_WAIT_2;
        break;
    case CLOSING:
        EnterTimeWait();
        break;
    case LAST_ACK:
        CloseAndNotify(); // the passive closer is done: CLOSED, orderly
        break;
    default:
        break;
    }
}

void
TcpTeardownSocket::ProcessPeerFin(const TcpHeader& header, uint32_t payloadSize)
{
    NS_LOG_FUNCTION(this << header);
    if (m_state == FIN_WAIT_1 || m_state == FIN_WAIT_2)
    {
        const SequenceNumber32 finSeq = header.GetSequenceNumber() + SequenceNumber32(payloadSize);
        if (m_tcb->m_rxBuffer->NextRxSequence() != finSeq)
        {
            return; // data before the FIN is missing: the peer will send the FIN again
        }
        m_tcb->m_rxBuffer->SetFinSequence(finSeq);
        if (m_state == FIN_WAIT_1)
        {
            m_state = CLOSING; // simultaneous close: our FIN is not acknowledged yet
            SendEmptyPacket(TcpHeader::ACK);
        }
        else
        {
            SendEmptyPacket(TcpHeader::ACK);
            EnterTimeWait();
        }
        if (!m_shutdownRecv)
        {
            NotifyDataRecv(); // the application reads the end of stream
        }
        return;
    }
    // CLOSE_WAIT, CLOSING, LAST_ACK: the FIN was received before; the peer retransmits it
    // because our ACK was lost.
    SendEmptyPacket(TcpHeader::ACK);
}

void
TcpTeardownSocket::ProcessTimeWait(Ptr<Packet> packet, const TcpHeader& header)
{
    NS_LOG_FUNCTION(this << header);
    // tcp_timewait_state_process()
    const uint8_t flags = header.GetFlags();
    const SequenceNumber32 seq = header.GetSequenceNumber();
    const SequenceNumber32 rcvNxt = m_tcb->m_rxBuffer->NextRxSequence();
    if (flags & TcpHeader::RST)
    {
        if (seq == rcvNxt && !m_rfc1337)
        {
            NS_LOG_INFO("RST ends TIME_WAIT (Rfc1337 off)");
            CloseAndNotify(); // TIME_WAIT assassination (RFC 1337)
        }
        return;
    }
    if (seq == rcvNxt && packet->GetSize() == 0 && !(flags & (TcpHeader::SYN | TcpHeader::FIN)))
    {
        RestartTimeWaitTimer(); // an in-window bare ACK
        return;
    }
    // Anything else, a retransmitted FIN above all, is acknowledged (RFC 9293 3.10.7.4) and
    // restarts the timer.
    if (flags & TcpHeader::ACK)
    {
        RestartTimeWaitTimer();
    }
    SendEmptyPacket(TcpHeader::ACK);
}

void
TcpTeardownSocket::SendChallengeAck()
{
    NS_LOG_FUNCTION(this);
    if (OutOfWindowAckAllowed())
    {
        SendEmptyPacket(TcpHeader::ACK);
    }
}

bool
TcpTeardownSocket::OutOfWindowAckAllowed()
{
    // __tcp_oow_rate_limited(): one answer to an unacceptable segment per
    // tcp_invalid_ratelimit, so two ends that disagree cannot ACK each other forever.
    const Time now = Simulator::Now();
    if (m_oowAckSent && now - m_lastOowAck < m_invalidRateLimit)
    {
        NS_LOG_INFO("answer to an unacceptable segment skipped (tcp_invalid_ratelimit)");
        return false;
    }
    m_oowAckSent = true;
    m_lastOowAck = now;
    return true;
}

void
TcpTeardownSocket::SendResetFor(const TcpHeader& incoming,
                                uint32_t payloadSize,
                                const Address& fromAddress,
                                const Address& toAddress)
{
    NS_LOG_FUNCTION(this << incoming);
    // RFC 9293 3.10.7.1: <SEQ=SEG.ACK><CTL=RST> if the segment has an ACK, else
    // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
    TcpHeader reset;
    if (incoming.GetFlags() & TcpHeader::ACK)
    {
        reset.SetFlags(TcpHeader::RST);
        reset.SetSequenceNumber(incoming.GetAckNumber());
    }
    else
    {
        uint32_t length = payloadSize;
        length += (incoming.GetFlags() & TcpHeader::SYN) ? 1 : 0;
        length += (incoming.GetFlags() & TcpHeader::FIN) ? 1 : 0;
        reset.SetFlags(TcpHeader::RST | TcpHeader::ACK);
        reset.SetSequenceNumber(SequenceNumber32(0));
        reset.SetAckNumber(incoming.GetSequenceNumber() + SequenceNumber32(length));
    }
    reset.SetSourcePort(incoming.GetDestinationPort());
    reset.SetDestinationPort(incoming.GetSourcePort());
    reset.SetWindowSize(0);
    Ptr<Packet> p = Create<Packet>();
    m_txTrace(p, reset, this);
    if (InetSocketAddress::IsMatchingType(fromAddress))
    {
        m_tcp->SendPacket(p,
                          reset,
                          InetSocketAddress::ConvertFrom(toAddress).GetIpv4(),
                          InetSocketAddress::ConvertFrom(fromAddress).GetIpv4(),
                          m_boundnetdevice);
    }
    else
    {
        m_tcp->SendPacket(p,
                          reset,
                          Inet6SocketAddress::ConvertFrom(toAddress).GetIpv6(),
                          Inet6SocketAddress::ConvertFrom(fromAddress).GetIpv6(),
                          m_boundnetdevice);
    }
}

// ---------------------------------------------------------------------------------------------
// Endings
// ---------------------------------------------------------------------------------------------

void
TcpTeardownSocket::EndWithError(TcpCloseReason reason)
{
    NS_LOG_FUNCTION(this << reason);
    // tcp_reset() and tcp_write_err(): nothing is sent; the error waits for the application.
    const TcpStates_t was = m_state;
    m_pendingError = reason;
    m_closeReason = reason;
    CancelAllTimers();
    m_state = CLOSED;
    DeallocateEndPoint();
    if (was == SYN_SENT)
    {
        NotifyConnectionFailed();
    }
    else if (was != SYN_RCVD || !m_forked)
    {
        NotifyErrorClose(); // a half-open connection nobody accepted yet ends silently
    }
}

void
TcpTeardownSocket::AbortLocally()
{
    NS_LOG_FUNCTION(this);
    // tcp_send_active_reset(): RST|ACK at SND.NXT, then CLOSED without TIME_WAIT.
    SendEmptyPacket(TcpHeader::RST | TcpHeader::ACK);
    m_closeReason = TcpCloseReason::CONNABORTED;
    CancelAllTimers();
    m_state = CLOSED;
    DeallocateEndPoint();
}

void
TcpTeardownSocket::EnterTimeWait()
{
    NS_LOG_FUNCTION(this);
    CancelAllTimers();
    m_state = TIME_WAIT;
    m_timeWaitStart = Simulator::Now();
    if (!m_closeNotified)
    {
        NotifyNormalClose();
        m_closeNotified = true;
    }
    if (TimeWaitLength().IsZero())
    {
        CloseAndNotify();
        return;
    }
    RestartTimeWaitTimer();
    if (m_compactTimeWait && CanCompactTimeWait())
    {
        if (m_segmentDepth > 0)
        {
            m_handOverPending = true; // the segment's processing may still send (its ACK)
        }
        else
        {
            Simulator::ScheduleNow(&TcpTeardownSocket::HandOverTimeWait,
                                   Ptr<TcpTeardownSocket>(this));
        }
    }
}

bool
TcpTeardownSocket::CanCompactTimeWait() const
{
    // The record rebuilds the ACK of TcpSocketBase::SendEmptyPacket() from a few fields:
    // nothing per socket may change that segment (device, IP tags, DCTCP, SACK blocks).
    const bool sackBlocks = m_sackEnabled && m_tcb->m_rxBuffer->GetSackListSize() > 0;
    return IsLinux() && m_endPoint != nullptr && m_endPoint6 == nullptr && !m_boundnetdevice &&
           GetIpTos() == 0 && !IsManualIpTtl() && GetPriority() == 0 &&
           m_tcb->m_ecnMode != TcpSocketState::DctcpEcn && !sackBlocks;
}

void
TcpTeardownSocket::HandOverTimeWait()
{
    NS_LOG_FUNCTION(this);
    m_handOverPending = false;
    if (m_state != TIME_WAIT || m_endPoint == nullptr || !m_timewaitEvent.IsRunning() ||
        !CanCompactTimeWait())
    {
        return; // it ended or changed in the meantime
    }
    Ptr<TcpTeardownSocket> self(this);
    TcpTimeWaitRecord record;
    record.local = m_endPoint->GetLocalAddress();
    record.peer = m_endPoint->GetPeerAddress();
    record.localPort = m_endPoint->GetLocalPort();
    record.peerPort = m_endPoint->GetPeerPort();
    record.window = AdvertisedWindowSize();
    record.timestamps = m_timestampEnabled;
    record.rfc1337 = m_rfc1337;
    record.reuseAddress = m_reuseAddress;
    record.boundByBind = m_boundByBind;
    record.tsRecent = m_timestampToEcho;
    record.sndNxt = m_tcb->m_nextTxSequence; // what SendEmptyPacket() puts in TIME_WAIT's ACKs
    record.rcvNxt = m_tcb->m_rxBuffer->NextRxSequence();
    record.rcvMax = m_tcb->m_rxBuffer->MaxRxSequence();
    record.reuseIsn = SendNext() + 65537; // as GiveUpTimeWaitForReuse()
    if (record.reuseIsn == SequenceNumber32(0))
    {
        record.reuseIsn = SequenceNumber32(1);
    }
    record.start = m_timeWaitStart;
    record.length = TimeWaitLength();
    record.expiry = Simulator::Now() + Simulator::GetDelayLeft(m_timewaitEvent);
    record.reason = m_closeReason;
    record.owner = this;
    RemoveTimer(m_timewaitEvent);
    m_timeWaitRecord = TcpTimeWaitTable::Get(m_node);
    m_timeWaitRecord->Add(this, record);
    // Released: no endpoint, no port, no timer; the record answers from now on.
    DeallocateEndPoint();
    if (m_portTable)
    {
        m_portTable->Remove(this);
    }
}

void
TcpTeardownSocket::EndHandedOverTimeWait()
{
    NS_LOG_FUNCTION(this);
    // The record's TIME_WAIT ended while the application (or a recorder) still holds this
    // socket: it leaves TIME_WAIT as the full socket would have (CloseAndNotify()).
    m_timeWaitRecord = nullptr;
    m_state = CLOSED;
}

void
TcpTeardownSocket::RestartTimeWaitTimer()
{
    m_timewaitEvent.Cancel();
    m_timewaitEvent =
        Simulator::Schedule(TimeWaitLength(), &TcpTeardownSocket::TimeWaitExpired, this);
}

void
TcpTeardownSocket::TimeWaitExpired()
{
    NS_LOG_FUNCTION(this);
    Ptr<TcpTeardownSocket> self(this);
    CloseAndNotify();
}

Time
TcpTeardownSocket::TimeWaitLength() const
{
    switch (m_timeWaitPolicy)
    {
    case TIME_WAIT_2MSL:
        return Seconds(2 * m_msl);
    case TIME_WAIT_DISABLED:
        return Time(0);
    case TIME_WAIT_FIXED:
    default:
        return m_timeWaitDuration;
    }
}

// ---------------------------------------------------------------------------------------------
// Retransmission timer
// ---------------------------------------------------------------------------------------------

void
TcpTeardownSocket::SendEmptyPacket(uint8_t flags)
{
    const bool control =
        (flags & (TcpHeader::SYN | TcpHeader::FIN)) != 0 && (flags & TcpHeader::RST) == 0;
    if (!IsLinux())
    {
        const bool hadEndpoint = HasEndpoint();
        if ((flags & TcpHeader::SYN) && m_synCount == 0)
        {
            m_closeReason = TcpCloseReason::TIMEDOUT; // the base gives up in this call
        }
        TcpSocketBase::SendEmptyPacket(flags);
        if (control && HasEndpoint())
        {
            CountStockRetransmission(flags);
        }
        ReportEndIfEndpointLost(hadEndpoint, TcpCloseReason::TIMEDOUT);
        return;
    }

    if (flags & TcpHeader::SYN)
    {
        // The base gives up when its SYN count runs out; in this profile the timer decides.
        m_synCount = m_synRetries;
    }
    const Time rto = m_rto;
    const bool timerWasRunning = m_retxEvent.IsRunning();
    TcpSocketBase::SendEmptyPacket(flags);
    // The base recomputes the RTO from the RTT estimate on every call; Linux keeps the
    // backed-off value until an ACK advances SND.UNA.
    m_rto = rto;
    if (control && !timerWasRunning && m_retxEvent.IsRunning())
    {
        ArmRetransmitTimer(); // replace the base's fixed-RTO resend with the Linux timer
    }
}

void
TcpTeardownSocket::CountStockRetransmission(uint8_t flags)
{
    // Ns3 profile: report the base's own SYN and FIN resends through the Retransmission trace.
    uint32_t& sent = (flags & TcpHeader::SYN) ? m_synTransmissions : m_finTransmissions;
    if (++sent > 1)
    {
        ++m_retransmits;
        ReportRetransmission(m_retransmits, m_rto.Get());
    }
}

void
TcpTeardownSocket::ReTxTimeout()
{
    Ptr<TcpTeardownSocket> self(this);
    if (IsLinux())
    {
        OnRetransmitTimer();
        return;
    }
    const bool hadEndpoint = HasEndpoint();
    const uint32_t retriesBefore = m_dataRetrCount;
    TcpSocketBase::ReTxTimeout();
    if (HasEndpoint() && m_dataRetrCount < retriesBefore)
    {
        ++m_retransmits;
        ReportRetransmission(m_retransmits, m_rto.Get());
    }
    ReportEndIfEndpointLost(hadEndpoint, TcpCloseReason::TIMEDOUT);
}

void
TcpTeardownSocket::OnRetransmitTimer()
{
    // tcp_retransmit_timer(): give up if the budget is spent, else retransmit and back off.
    const TcpStates_t state = m_state;
    const bool synState = state == SYN_SENT || state == SYN_RCVD;
    const bool dataOutstanding = !synState && UnAckDataCount() > 0;
    if (!synState && !dataOutstanding && !IsFinOutstanding())
    {
        return; // nothing unacknowledged
    }
    if (WriteTimeout(state))
    {
        return;
    }
    ++m_retransmits;
    if (m_retransmits == 1 && state != SYN_SENT)
    {
        m_retransStamp = Simulator::Now();
    }
    m_rto = TcpLinuxRules::BackoffRto(m_rto,
                                      m_rtoMax,
                                      m_retransmits,
                                      state == SYN_SENT ? m_synLinearTimeouts : 0);
    NS_LOG_INFO("timeout retransmission " << m_retransmits << " in " << TcpStateName[state]
                                          << ", next RTO " << m_rto.Get().As(Time::S));
    if (state == SYN_SENT)
    {
        SendEmptyPacket(m_tcb->m_useEcn == TcpSocketState::On
                            ? (TcpHeader::SYN | TcpHeader::ECE | TcpHeader::CWR)
                            : TcpHeader::SYN);
    }
    else if (state == SYN_RCVD)
    {
        SendEmptyPacket(TcpHeader::SYN | TcpHeader::ACK);
    }
    else if (dataOutstanding)
    {
        RetransmitData();
    }
    else
    {
        SendEmptyPacket(state == LAST_ACK ? (TcpHeader::FIN | TcpHeader::ACK) : TcpHeader::FIN);
    }
    ArmRetransmitTimer();
    ReportRetransmission(m_retransmits, Simulator::GetDelayLeft(m_retxEvent));
}

bool
TcpTeardownSocket::WriteTimeout(TcpStates_t state)
{
    // tcp_write_timeout(); retransmits_timed_out() is false before the first retransmission.
    if (m_retransmits == 0)
    {
        return false;
    }
    bool expired = false;
    if (state == SYN_RCVD)
    {
        expired = m_retransmits >= m_synAckRetries; // request sockets count their SYN-ACKs
    }
    else
    {
        Time budget;
        if (state == SYN_SENT)
        {
            budget = TcpLinuxRules::ModelTimeout(m_synRetries, m_initialRto, m_rtoMax);
        }
        else
        {
            const uint32_t boundary =
                m_orphaned ? TcpLinuxRules::OrphanRetries(m_orphanRetries, m_rto.Get() < m_rtoMax)
                           : m_retries2;
            budget = TcpLinuxRules::ModelTimeout(boundary, m_giveUpRtoBase, m_rtoMax);
        }
        if (m_userTimeout.IsStrictlyPositive())
        {
            budget = m_userTimeout;
        }
        expired = TcpLinuxRules::RetransmitsTimedOut(Simulator::Now(), m_retransStamp, budget);
    }
    if (expired)
    {
        NS_LOG_INFO("giving up in " << TcpStateName[state] << " after " << m_retransmits
                                    << " timeout retransmissions");
        EndWithError(TcpCloseReason::TIMEDOUT);
    }
    return expired;
}

void
TcpTeardownSocket::RetransmitData()
{
    // The base does the congestion response and resends the head (with a FIN if the buffer
    // ends in one). Its count-based give-up and 60 s cap are not Linux's: keep both out.
    const Time rto = m_rto;
    m_dataRetrCount = std::max<uint32_t>(m_dataRetrCount, 1);
    TcpSocketBase::ReTxTimeout();
    m_rto = rto;
}

void
TcpTeardownSocket::ArmRetransmitTimer()
{
    const Time sinceFirst = m_retransmits > 0 ? Simulator::Now() - m_retransStamp : Time(0);
    const Time delay = TcpLinuxRules::ClampToUserTimeout(m_rto, m_userTimeout, sinceFirst);
    m_retxEvent.Cancel();
    m_retxEvent = Simulator::Schedule(delay, &TcpTeardownSocket::ReTxTimeout, this);
}

bool
TcpTeardownSocket::IsFinOutstanding() const
{
    return m_state == FIN_WAIT_1 || m_state == CLOSING || m_state == LAST_ACK;
}

bool
TcpTeardownSocket::IsFinSent() const
{
    return IsFinOutstanding() || m_state == FIN_WAIT_2 || m_state == TIME_WAIT;
}

void
TcpTeardownSocket::LastAckTimeout()
{
    if (IsLinux())
    {
        return; // the retransmission timer resends the FIN of LAST_ACK, with backoff
    }
    Ptr<TcpTeardownSocket> self(this);
    const bool hadEndpoint = HasEndpoint();
    TcpSocketBase::LastAckTimeout();
    ReportEndIfEndpointLost(hadEndpoint, TcpCloseReason::TIMEDOUT);
}

void
TcpTeardownSocket::EstimateRtt(const TcpHeader& header)
{
    const Time before = m_rto;
    TcpSocketBase::EstimateRtt(header);
    if (IsLinux() && m_rto.Get() != before)
    {
        UpdateLinuxRto(); // the base took an RTT sample
    }
}

void
TcpTeardownSocket::UpdateLinuxRto()
{
    // tcp_set_rto(): the base's srtt + max(4 * rttvar, RtoMin), in whole jiffies, bounded.
    m_rto = TcpLinuxRules::Rto(m_rtt->GetEstimate(),
                               m_rtt->GetVariation(),
                               m_rtoMin,
                               m_rtoMax,
                               m_jiffy);
}

void
TcpTeardownSocket::NewAck(const SequenceNumber32& seq, bool resetRTO)
{
    const bool restartsTimer = resetRTO && m_state != SYN_RCVD;
    TcpSocketBase::NewAck(seq, resetRTO);
    // tcp_ack(): an ACK that advances SND.UNA ends the retransmission episode.
    m_retransmits = 0;
    m_retransStamp = Time(0);
    if (IsLinux() && restartsTimer)
    {
        // The base restarted the timer with its own exact RTO: use the kernel's.
        UpdateLinuxRto();
        if (m_retxEvent.IsRunning())
        {
            ArmRetransmitTimer();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Closing by the application: SO_LINGER and orphans
// ---------------------------------------------------------------------------------------------

void
TcpTeardownSocket::StartLinger()
{
    NS_LOG_FUNCTION(this);
    m_lingering = true;
    m_lingerEvent = Simulator::Schedule(m_lingerTime, &TcpTeardownSocket::LingerExpired, this);
}

void
TcpTeardownSocket::LingerExpired()
{
    NS_LOG_FUNCTION(this);
    if (!m_lingering)
    {
        return;
    }
    if (m_lingerStyle == LINGER_BSD)
    {
        // The linger time ran out: close() fails with EWOULDBLOCK, the data still unsent is
        // lost, and the connection is dropped with a RST.
        Ptr<TcpTeardownSocket> self(this);
        m_lingering = false; // this is the moment close() returns, not the coming CLOSED
        AbortLocally();
        FinishClose(TcpCloseReason::WOULDBLOCK);
        return;
    }
    FinishClose(TcpCloseReason::NONE); // Linux: close() returns 0; the orphan carries on
}

void
TcpTeardownSocket::FinishClose(TcpCloseReason result)
{
    NS_LOG_FUNCTION(this << result);
    m_lingering = false;
    m_lingerEvent.Cancel();
    BecomeOrphan();
    if (result != TcpCloseReason::NONE)
    {
        SetLastError(result);
    }
    m_closeReturnTrace(this, result);
    if (!m_closeReturn.IsNull())
    {
        m_closeReturn(this, result);
    }
}

void
TcpTeardownSocket::BecomeOrphan()
{
    // sock_orphan(): from now on the orphan limits apply.
    m_orphaned = true;
    if (IsLinux() && m_state == FIN_WAIT_2 && !m_finWait2Event.IsRunning())
    {
        ArmFinWait2Timer();
    }
}

bool
TcpTeardownSocket::AbortOnData(const TcpHeader& header, uint32_t payloadSize)
{
    // tcp_rcv_state_process(): after close() (RCV_SHUTDOWN) new data cannot be delivered to
    // anyone; RFC 1122 4.2.2.13 says to reset. The RST answers the segment (SEQ = its ACK).
    if (!m_closeCalled || payloadSize == 0)
    {
        return false;
    }
    const SequenceNumber32 seq = header.GetSequenceNumber();
    const SequenceNumber32 rcvNxt = m_tcb->m_rxBuffer->NextRxSequence();
    const bool finWait = m_state == FIN_WAIT_1 || m_state == FIN_WAIT_2;
    const bool finReceived = (m_state == CLOSING || m_state == LAST_ACK) && seq < rcvNxt;
    if (!(finWait || finReceived) || seq + SequenceNumber32(payloadSize) <= rcvNxt)
    {
        return false;
    }
    NS_LOG_INFO("data after close(): RST");
    SendResetFor(header, payloadSize, m_peerAddress, m_localAddress);
    EndWithError(TcpCloseReason::CONNRESET);
    return true;
}

void
TcpTeardownSocket::RemoveTimer(EventId& timer)
{
    // A cancelled ns-3 event stays queued, holding its memory, until its time comes: for a
    // busy server the 60 s timers of connections long gone (FIN_WAIT_2, TIME_WAIT handed to a
    // compact record) were most of the queue. Taken out, they cost nothing.
    if (!timer.IsExpired())
    {
        Simulator::Remove(timer);
    }
    timer = EventId();
}

void
TcpTeardownSocket::CancelCloseTimers()
{
    m_finWait2Event.Cancel();
    m_keepAliveEvent.Cancel();
}

// ---------------------------------------------------------------------------------------------
// FIN_WAIT_2 timeout (tcp_fin_timeout)
// ---------------------------------------------------------------------------------------------

void
TcpTeardownSocket::ArmFinWait2Timer()
{
    // tcp_fin_time(): tcp_fin_timeout, but at least 3.5 RTO.
    const Time rto = m_rto.Get();
    const Time timeout = std::max(m_finTimeout, rto * 4 - rto / 2);
    NS_LOG_FUNCTION(this << timeout);
    m_finWait2Event.Cancel();
    m_finWait2Event = Simulator::Schedule(timeout, &TcpTeardownSocket::FinWait2Expired, this);
}

void
TcpTeardownSocket::FinWait2Expired()
{
    NS_LOG_FUNCTION(this);
    if (m_state != FIN_WAIT_2)
    {
        return;
    }
    // The peer never sent its FIN: the orphan vanishes without a word (inet_twsk_kill()).
    Ptr<TcpTeardownSocket> self(this);
    m_closeReason = TcpCloseReason::TIMEDOUT;
    CancelAllTimers();
    m_state = CLOSED;
    DeallocateEndPoint();
}

// ---------------------------------------------------------------------------------------------
// Keepalive (tcp_keepalive_timer)
// ---------------------------------------------------------------------------------------------

void
TcpTeardownSocket::ArmKeepAliveTimer(Time delay)
{
    m_keepAliveEvent.Cancel();
    m_keepAliveEvent = Simulator::Schedule(delay, &TcpTeardownSocket::KeepAliveTimerFired, this);
}

void
TcpTeardownSocket::KeepAliveTimerFired()
{
    NS_LOG_FUNCTION(this);
    if (!m_keepAlive || m_state == CLOSED || m_state == LISTEN || m_state == SYN_SENT ||
        m_state == TIME_WAIT)
    {
        return;
    }
    // Data or a FIN in flight: the retransmission timer watches the peer.
    if (UnAckDataCount() > 0 || m_txBuffer->SizeFromSequence(m_tcb->m_nextTxSequence) > 0 ||
        IsFinOutstanding())
    {
        ArmKeepAliveTimer(m_keepAliveTime);
        return;
    }
    const Time idle = Simulator::Now() - m_lastHeard;
    if (idle < m_keepAliveTime)
    {
        ArmKeepAliveTimer(m_keepAliveTime - idle);
        return;
    }
    const bool spent = m_userTimeout.IsStrictlyPositive()
                           ? (idle >= m_userTimeout && m_probesOut > 0)
                           : m_probesOut >= m_keepAliveProbes;
    if (spent)
    {
        NS_LOG_INFO("keepalive: " << m_probesOut << " probes unanswered, giving up");
        Ptr<TcpTeardownSocket> self(this);
        SendEmptyPacket(TcpHeader::RST | TcpHeader::ACK); // tcp_send_active_reset()
        EndWithError(TcpCloseReason::TIMEDOUT);
        return;
    }
    SendKeepAliveProbe();
    ++m_probesOut;
    m_keepAliveProbeTrace(this, m_probesOut);
    ArmKeepAliveTimer(m_keepAliveInterval);
}

void
TcpTeardownSocket::SendKeepAliveProbe()
{
    // tcp_xmit_probe_skb(): an ACK at SND.UNA - 1, already acknowledged, which the peer
    // answers with an ACK of its own if it is alive.
    NS_LOG_FUNCTION(this);
    if (!HasEndpoint())
    {
        return;
    }
    TcpHeader header;
    header.SetFlags(TcpHeader::ACK);
    header.SetSequenceNumber(m_tcb->m_nextTxSequence - 1);
    header.SetAckNumber(m_tcb->m_rxBuffer->NextRxSequence());
    header.SetWindowSize(AdvertisedWindowSize());
    Ptr<Packet> p = Create<Packet>();
    if (m_endPoint != nullptr)
    {
        header.SetSourcePort(m_endPoint->GetLocalPort());
        header.SetDestinationPort(m_endPoint->GetPeerPort());
        AddOptions(header);
        m_txTrace(p, header, this);
        m_tcp->SendPacket(p,
                          header,
                          m_endPoint->GetLocalAddress(),
                          m_endPoint->GetPeerAddress(),
                          m_boundnetdevice);
    }
    else
    {
        header.SetSourcePort(m_endPoint6->GetLocalPort());
        header.SetDestinationPort(m_endPoint6->GetPeerPort());
        AddOptions(header);
        m_txTrace(p, header, this);
        m_tcp->SendPacket(p,
                          header,
                          m_endPoint6->GetLocalAddress(),
                          m_endPoint6->GetPeerAddress(),
                          m_boundnetdevice);
    }
}

void
TcpTeardownSocket::NoteSegmentHeard(const TcpHeader& header)
{
    // tcp_ack() and tcp_event_data_recv(): the peer is alive; the idle clock restarts.
    if ((header.GetFlags() & TcpHeader::ACK) && header.GetAckNumber() >= m_txBuffer->HeadSequence())
    {
        m_lastHeard = Simulator::Now();
        m_probesOut = 0;
    }
}

bool
TcpTeardownSocket::DropOutOfWindow(const TcpHeader& header, uint32_t payloadSize)
{
    // tcp_sequence() in tcp_validate_incoming(): a segment without data that lies wholly
    // before RCV.NXT (a keepalive probe, an old duplicate ACK) or beyond the window is not
    // acceptable. It is dropped and answered with a duplicate ACK, at most one per
    // tcp_invalid_ratelimit (tcp_oow_rate_limited()). Linux compares with RCV.NXT as of the
    // last ACK sent (rcv_wup); this uses RCV.NXT. Data is the base's business: it answers an
    // unacceptable data segment every time, as Linux does.
    const uint8_t flags = header.GetFlags();
    if (payloadSize != 0 || (flags & (TcpHeader::SYN | TcpHeader::FIN | TcpHeader::RST)))
    {
        return false;
    }
    const SequenceNumber32 seq = header.GetSequenceNumber();
    const SequenceNumber32 rcvNxt = m_tcb->m_rxBuffer->NextRxSequence();
    // After the peer's FIN the buffer's window end stays at the FIN; RCV.NXT is past it.
    if (seq >= rcvNxt && seq <= std::max(rcvNxt, m_tcb->m_rxBuffer->MaxRxSequence()))
    {
        return false;
    }
    if (OutOfWindowAckAllowed())
    {
        SendEmptyPacket(TcpHeader::ACK);
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Accepting connections
// ---------------------------------------------------------------------------------------------

Ptr<TcpTeardownSocket>
TcpTeardownSocket::Clone() const
{
    // A copy, as Fork() makes for a listener, but a socket of its own: not accepted, unbound.
    Ptr<TcpTeardownSocket> copy = CopyObject<TcpTeardownSocket>(this);
    copy->m_forked = false;
    copy->m_boundByBind = false;
    return copy;
}

Ptr<TcpSocketBase>
TcpTeardownSocket::Fork()
{
    Ptr<TcpTeardownSocket> child = CopyObject<TcpTeardownSocket>(this);
    // A SYN that replaced a TIME_WAIT: CompleteFork() starts above the old sequence space.
    child->m_hasForkIsn = m_hasForkIsn;
    child->m_forkIsn = m_forkIsn;
    return child;
}

void
TcpTeardownSocket::CompleteFork(Ptr<Packet> p,
                                const TcpHeader& tcpHeader,
                                const Address& fromAddress,
                                const Address& toAddress)
{
    NS_LOG_FUNCTION(this);
    StartConnection();
    if (IsLinux())
    {
        NotePeerIsn(tcpHeader.GetSequenceNumber());
    }
    if (IsLinux() && m_hasForkIsn)
    {
        StartSequenceAt(m_forkIsn);
        m_hasForkIsn = false;
    }
    else if (IsLinux() && m_isnPolicy != TcpIsnGenerator::ZERO &&
             InetSocketAddress::IsMatchingType(toAddress))
    {
        const InetSocketAddress local = InetSocketAddress::ConvertFrom(toAddress);
        const InetSocketAddress peer = InetSocketAddress::ConvertFrom(fromAddress);
        StartSequenceAt(TcpIsnGenerator::Get(m_node)->Choose(m_isnPolicy,
                                                             local.GetIpv4(),
                                                             local.GetPort(),
                                                             peer.GetIpv4(),
                                                             peer.GetPort()));
    }
    TcpSocketBase::CompleteFork(p, tcpHeader, fromAddress, toAddress);
    if (IsLinux() && m_endPoint != nullptr && m_portTable)
    {
        m_portTable->Add(this, m_endPoint->GetLocalPort());
    }
}

} // namespace ns3
