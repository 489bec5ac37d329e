/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-busy-server-counters.h"

#include "tcp-time-wait-table.h"

#include "ns3/callback.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpBusyServerCounters");

NS_OBJECT_ENSURE_REGISTERED(TcpBusyServerCounters);

TypeId
TcpBusyServerCounters::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TcpBusyServerCounters")
                            .SetParent<Object>()
                            .SetGroupName("TcpTeardown")
                            .AddConstructor<TcpBusyServerCounters>();
    return tid;
}

TcpBusyServerCounters::TcpBusyServerCounters()
{
    NS_LOG_FUNCTION(this);
}

TcpBusyServerCounters::~TcpBusyServerCounters()
{
    NS_LOG_FUNCTION(this);
}

void
TcpBusyServerCounters::Watch(Ptr<Socket> socket, Side side, TcpSocket::TcpStates_t current)
{
    Enter(side, current);
    Ptr<TcpBusyServerCounters> self(this);
    if (side == CLIENT)
    {
        socket->TraceConnectWithoutContext(
            "State",
            MakeBoundCallback(&TcpBusyServerCounters::ClientStateChanged,
                              self,
                              PeekPointer(socket)));
    }
    else
    {
        socket->TraceConnectWithoutContext(
            "State",
            MakeBoundCallback(&TcpBusyServerCounters::ServerStateChanged,
                              self,
                              PeekPointer(socket)));
    }
}

void
TcpBusyServerCounters::WatchTimeWaitTable(Ptr<TcpTimeWaitTable> table, Side side)
{
    Ptr<TcpBusyServerCounters> self(this);
    table->TraceConnectWithoutContext(
        "TimeWaitEnd",
        side == CLIENT ? MakeBoundCallback(&TcpBusyServerCounters::ClientTimeWaitEnded, self)
                       : MakeBoundCallback(&TcpBusyServerCounters::ServerTimeWaitEnded, self));
}

void
TcpBusyServerCounters::ClientTimeWaitEnded(Ptr<TcpBusyServerCounters> counters,
                                           const TcpTimeWaitRecord& record,
                                           TcpCloseReason)
{
    counters->TimeWaitEnded(CLIENT, record);
}

void
TcpBusyServerCounters::ServerTimeWaitEnded(Ptr<TcpBusyServerCounters> counters,
                                           const TcpTimeWaitRecord& record,
                                           TcpCloseReason)
{
    counters->TimeWaitEnded(SERVER, record);
}

void
TcpBusyServerCounters::TimeWaitEnded(Side side, const TcpTimeWaitRecord& record)
{
    if (record.owner != nullptr)
    {
        return; // the socket lives and reports TIME_WAIT -> CLOSED itself
    }
    uint32_t& population = m_population[side][TcpSocket::TIME_WAIT];
    if (population == 0)
    {
        ++m_anomalies;
    }
    else
    {
        --population;
    }
}

void
TcpBusyServerCounters::ClientStateChanged(Ptr<TcpBusyServerCounters> counters,
                                          Socket* socket,
                                          TcpSocket::TcpStates_t from,
                                          TcpSocket::TcpStates_t to)
{
    counters->Move(CLIENT, socket, from, to);
}

void
TcpBusyServerCounters::ServerStateChanged(Ptr<TcpBusyServerCounters> counters,
                                          Socket* socket,
                                          TcpSocket::TcpStates_t from,
                                          TcpSocket::TcpStates_t to)
{
    counters->Move(SERVER, socket, from, to);
}

void
TcpBusyServerCounters::Move(Side side,
                            Socket* socket,
                            TcpSocket::TcpStates_t from,
                            TcpSocket::TcpStates_t to)
{
    if (from == to)
    {
        return;
    }
    if (from != TcpSocket::CLOSED && from < TcpSocket::LAST_STATE)
    {
        uint32_t& population = m_population[side][from];
        if (population == 0)
        {
            ++m_anomalies;
        }
        else
        {
            --population;
        }
    }
    Enter(side, to);
    if (to == TcpSocket::CLOSED)
    {
        // TCP frees the endpoint (and with it, maybe, the last owner of the socket) right after
        // this: keep the socket until the current event is over.
        Simulator::ScheduleNow(&TcpBusyServerCounters::Release, Ptr<Socket>(socket));
    }
}

void
TcpBusyServerCounters::Enter(Side side, TcpSocket::TcpStates_t state)
{
    if (state == TcpSocket::CLOSED || state >= TcpSocket::LAST_STATE)
    {
        return;
    }
    uint32_t& population = m_population[side][state];
    ++population;
    if (population > m_peak[side][state])
    {
        m_peak[side][state] = population;
    }
}

void
TcpBusyServerCounters::Release(Ptr<Socket>)
{
}

void
TcpBusyServerCounters::CountAttempt()
{
    ++m_attempted;
}

void
TcpBusyServerCounters::CountCompleted()
{
    ++m_completed;
    m_lastCompletion = Simulator::Now();
}

void
TcpBusyServerCounters::CountFailure(TcpCloseReason reason)
{
    ++m_failed;
    ++m_failures[reason];
    if (m_firstFailure == Time::Max())
    {
        m_firstFailure = Simulator::Now();
    }
}

void
TcpBusyServerCounters::CountClientError(TcpCloseReason reason)
{
    ++m_clientErrors[reason];
}

void
TcpBusyServerCounters::CountAccepted()
{
    ++m_accepted;
}

void
TcpBusyServerCounters::CountServerError(TcpCloseReason reason)
{
    ++m_serverErrors[reason];
}

uint32_t
TcpBusyServerCounters::GetPopulation(Side side, TcpSocket::TcpStates_t state) const
{
    return state < TcpSocket::LAST_STATE ? m_population[side][state] : 0;
}

uint32_t
TcpBusyServerCounters::GetPeak(Side side, TcpSocket::TcpStates_t state) const
{
    return state < TcpSocket::LAST_STATE ? m_peak[side][state] : 0;
}

uint64_t
TcpBusyServerCounters::GetAttempted() const
{
    return m_attempted;
}

uint64_t
TcpBusyServerCounters::GetCompleted() const
{
    return m_completed;
}

uint64_t
TcpBusyServerCounters::GetFailed() const
{
    return m_failed;
}

uint64_t
TcpBusyServerCounters::GetAccepted() const
{
    return m_accepted;
}

const std::map<TcpCloseReason, uint64_t>&
TcpBusyServerCounters::GetFailures() const
{
    return m_failures;
}

const std::map<TcpCloseReason, uint64_t>&
TcpBusyServerCounters::GetClientErrors() const
{
    return m_clientErrors;
}

const std::map<TcpCloseReason, uint64_t>&
TcpBusyServerCounters::GetServerErrors() const
{
    return m_serverErrors;
}

Time
TcpBusyServerCounters::GetFirstFailure() const
{
    return m_firstFailure;
}

Time
TcpBusyServerCounters::GetLastCompletion() const
{
    return m_lastCompletion;
}

uint64_t
TcpBusyServerCounters::GetAnomalies() const
{
    return m_anomalies;
}

} // namespace ns3
