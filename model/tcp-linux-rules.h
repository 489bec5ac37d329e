/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_LINUX_RULES_H
#define TCP_LINUX_RULES_H

#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief The timer rules of the Linux TCP stack, one small function each.
 *
 * These are the formulas of net/ipv4/tcp_timer.c and tcp_input.c, written from their public
 * behaviour and checked against a real kernel (see doc/tcp-teardown.rst, Validation).
 * TcpTeardownSocket calls them; the tests compute the same figures independently.
 */
namespace TcpLinuxRules
{

/**
 * \brief A duration as the kernel's timers hold it: a whole number of jiffies, rounded up.
 *
 * Linux keeps timeouts in jiffies (1/CONFIG_HZ s: 4 ms at HZ=250) and converts microseconds
 * with usecs_to_jiffies(), which rounds up: an RTO of 202.5 ms becomes 51 jiffies, 204 ms.
 *
 * \param duration the duration
 * \param jiffy one jiffy; 0 returns \p duration unchanged
 * \return the smallest whole number of jiffies not shorter than \p duration
 */
Time RoundUpToJiffies(Time duration, Time jiffy);

/**
 * \brief The retransmission timeout of a connection with a fresh RTT estimate.
 *
 * Linux (__tcp_set_rto, tcp_bound_rto): RTO = srtt + max(4 * rttvar, rto_min) in whole
 * jiffies, rounded up, at most rto_max. On a quiet path that is about RTT + rto_min, never
 * rto_min itself.
 *
 * \param srtt the smoothed round-trip time
 * \param rttvar the round-trip time variation (RFC 6298 RTTVAR)
 * \param rtoMin the minimum RTO (Linux TCP_RTO_MIN, 200 ms)
 * \param rtoMax the maximum RTO (Linux TCP_RTO_MAX, 120 s)
 * \param jiffy one kernel clock tick (4 ms at HZ=250); 0 keeps the RTO exact
 * \return the RTO
 */
Time Rto(Time srtt, Time rttvar, Time rtoMin, Time rtoMax, Time jiffy);

/**
 * \brief The RTO after a retransmission timer expiry.
 *
 * Exponential backoff, rto = min(2 * rto, rto_max), except that an active opener in SYN_SENT
 * keeps its initial RTO for its first \p linearRetransmissions retransmissions
 * (net.ipv4.tcp_syn_linear_timeouts).
 *
 * \param rto the RTO that just expired
 * \param rtoMax the maximum RTO
 * \param retransmissions the number of timeout retransmissions so far, this one included
 * \param linearRetransmissions how many of the first retransmissions keep the RTO unchanged
 * \return the RTO for the next expiry
 */
Time BackoffRto(Time rto, Time rtoMax, uint32_t retransmissions, uint32_t linearRetransmissions);

/**
 * \brief The time budget of \p boundary timeout retransmissions (tcp_model_timeout()).
 *
 * The time that \p boundary retransmissions would take if the RTO started at \p rtoBase and
 * doubled up to \p rtoMax:
 *
 *     T = ilog2(rtoMax / rtoBase)
 *     budget = ((2 << min(R, T)) - 1) * rtoBase + max(0, R - T) * rtoMax
 *
 * For R = tcp_retries2 = 15, rtoBase = 200 ms, rtoMax = 120 s: T = 9 and the budget is
 * 1023 * 0.2 s + 6 * 120 s = 924.6 s.
 *
 * \param boundary the number of retransmissions R (tcp_retries2, tcp_syn_retries, ...)
 * \param rtoBase the RTO the model starts from (TCP_RTO_MIN for data, 1 s for SYN)
 * \param rtoMax the maximum RTO
 * \return the budget
 */
Time ModelTimeout(uint32_t boundary, Time rtoBase, Time rtoMax);

/**
 * \brief Whether a connection retransmitting since \p firstRetransmission has used its budget.
 *
 * retransmits_timed_out(): checked at each retransmission timer expiry, before retransmitting.
 * Because the check runs only at an expiry, the error lands on a backed-off expiry, at or after
 * firstRetransmission + budget. With a user timeout (TCP_USER_TIMEOUT) the budget is the
 * user timeout instead of the model.
 *
 * \param now the current time
 * \param firstRetransmission the time of the first timeout retransmission of this episode
 * \param budget ModelTimeout() or the user timeout
 * \return true if the connection must give up
 */
bool RetransmitsTimedOut(Time now, Time firstRetransmission, Time budget);

/**
 * \brief The retransmission boundary of an orphaned socket (tcp_orphan_retries()).
 *
 * A socket the application has closed (an orphan, e.g. in FIN_WAIT_1 or LAST_ACK) gives up
 * after net.ipv4.tcp_orphan_retries instead of tcp_retries2; the default 0 means 8 as long as
 * the RTO has not reached rto_max.
 *
 * \param sysctlOrphanRetries the value of net.ipv4.tcp_orphan_retries
 * \param alive true if the RTO is still below rto_max
 * \return the boundary to pass to ModelTimeout()
 */
uint32_t OrphanRetries(uint32_t sysctlOrphanRetries, bool alive);

/**
 * \brief The delay of the next retransmission timer, clamped to a user timeout.
 *
 * tcp_clamp_rto_to_user_timeout(): with TCP_USER_TIMEOUT set, the timer never runs past the
 * moment the user timeout expires, so the error is reported on time.
 *
 * \param rto the backed-off RTO
 * \param userTimeout the user timeout (zero: none)
 * \param sinceFirstRetransmission time elapsed since the first timeout retransmission
 * \return the delay to arm the timer with
 */
Time ClampToUserTimeout(Time rto, Time userTimeout, Time sinceFirstRetransmission);

/**
 * \brief TCP_TIMEOUT_MIN: the shortest timer the stack arms, 2 jiffies.
 *
 * Linux re-arms the SYN retransmission timer with it when SYN_SENT answers an unacceptable ACK
 * with a RST (tcp_rcv_synsent_state_process()), so that the SYN goes out again at once.
 * Debian's kernels run at HZ = 250 (CONFIG_HZ), so 2 jiffies are 8 ms.
 *
 * \return 8 ms
 */
Time TimeoutMin();

} // namespace TcpLinuxRules

} // namespace ns3

#endif /* TCP_LINUX_RULES_H */
