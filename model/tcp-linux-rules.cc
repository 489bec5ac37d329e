/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-linux-rules.h"

#include "ns3/assert.h"

#include <algorithm>

namespace ns3
{

namespace TcpLinuxRules
{

namespace
{

/// Floor of the base-2 logarithm, ilog2() of the kernel; 0 for 0 and 1.
uint32_t
Ilog2(uint64_t value)
{
    uint32_t log = 0;
    while (value > 1)
    {
        value >>= 1;
        ++log;
    }
    return log;
}

} // namespace

Time
RoundUpToJiffies(Time duration, Time jiffy)
{
    if (!jiffy.IsStrictlyPositive())
    {
        return duration;
    }
    const int64_t step = jiffy.GetTimeStep();
    const int64_t jiffies = (duration.GetTimeStep() + step - 1) / step;
    return TimeStep(static_cast<uint64_t>(jiffies * step));
}

Time
Rto(Time srtt, Time rttvar, Time rtoMin, Time rtoMax, Time jiffy)
{
    return std::min(RoundUpToJiffies(srtt + std::max(rttvar * 4, rtoMin), jiffy), rtoMax);
}

Time
BackoffRto(Time rto, Time rtoMax, uint32_t retransmissions, uint32_t linearRetransmissions)
{
    if (retransmissions <= linearRetransmissions)
    {
        return rto;
    }
    return std::min(rto * 2, rtoMax);
}

Time
ModelTimeout(uint32_t boundary, Time rtoBase, Time rtoMax)
{
    NS_ASSERT_MSG(rtoBase.IsStrictlyPositive() && rtoBase <= rtoMax,
                  "ModelTimeout needs 0 < rtoBase <= rtoMax");
    const uint32_t linearBackoffThreshold =
        Ilog2(static_cast<uint64_t>(rtoMax.GetTimeStep() / rtoBase.GetTimeStep()));
    if (boundary <= linearBackoffThreshold)
    {
        return rtoBase * static_cast<int64_t>((uint64_t{2} << boundary) - 1);
    }
    return rtoBase * static_cast<int64_t>((uint64_t{2} << linearBackoffThreshold) - 1) +
           rtoMax * static_cast<int64_t>(boundary - linearBackoffThreshold);
}

bool
RetransmitsTimedOut(Time now, Time firstRetransmission, Time budget)
{
    return now - firstRetransmission >= budget;
}

uint32_t
OrphanRetries(uint32_t sysctlOrphanRetries, bool alive)
{
    if (sysctlOrphanRetries == 0 && alive)
    {
        return 8;
    }
    return sysctlOrphanRetries;
}

Time
ClampToUserTimeout(Time rto, Time userTimeout, Time sinceFirstRetransmission)
{
    if (userTimeout.IsZero())
    {
        return rto;
    }
    const Time remaining = userTimeout - sinceFirstRetransmission;
    if (!remaining.IsStrictlyPositive())
    {
        return MilliSeconds(1); // the user timeout has passed: fire at the next tick
    }
    return std::min(rto, remaining);
}

Time
TimeoutMin()
{
    return MilliSeconds(8); // 2 jiffies at HZ = 250
}

} // namespace TcpLinuxRules

} // namespace ns3
