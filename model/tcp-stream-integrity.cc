/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-stream-integrity.h"

#include "ns3/simulator.h"

#include <vector>

namespace ns3
{

uint8_t
TcpStreamCode::Encode(uint32_t incarnation, uint64_t offset)
{
    // Six bits of offset: consecutive offsets differ, and so do offsets 64 apart (the second
    // term), so that a range shifted by a multiple of 64 is still seen as misplaced.
    const uint64_t mix = offset + 5 * (offset >> 6) + 3 * (offset >> 12);
    return static_cast<uint8_t>(((incarnation & 3U) << 6) | (mix & 0x3FU));
}

uint32_t
TcpStreamCode::IncarnationBits(uint8_t byte)
{
    return byte >> 6;
}

Ptr<Packet>
TcpStreamCode::MakePayload(uint32_t incarnation, uint64_t offset, uint32_t size)
{
    std::vector<uint8_t> bytes(size);
    for (uint32_t i = 0; i < size; ++i)
    {
        bytes[i] = Encode(incarnation, offset + i);
    }
    return Create<Packet>(bytes.data(), size);
}

TcpStreamChecker::TcpStreamChecker(uint32_t incarnation)
    : m_incarnation(incarnation)
{
}

void
TcpStreamChecker::Check(Ptr<const Packet> data)
{
    const uint32_t size = data->GetSize();
    std::vector<uint8_t> bytes(size);
    data->CopyData(bytes.data(), size);
    for (uint8_t byte : bytes)
    {
        const uint64_t offset = m_counts.delivered++;
        if (byte == TcpStreamCode::Encode(m_incarnation, offset))
        {
            ++m_counts.right;
            continue;
        }
        if (m_counts.firstCorruption == Time::Max())
        {
            m_counts.firstCorruption = Simulator::Now();
            m_counts.firstCorruptionOffset = offset;
        }
        const uint32_t age = (m_incarnation - TcpStreamCode::IncarnationBits(byte)) & 3U;
        if (age == 0)
        {
            ++m_counts.misplaced;
        }
        else
        {
            ++m_counts.fromOldIncarnation;
            ++m_counts.byAge[age];
        }
    }
}

const TcpStreamChecker::Counts&
TcpStreamChecker::GetCounts() const
{
    return m_counts;
}

uint32_t
TcpStreamChecker::GetIncarnation() const
{
    return m_incarnation;
}

bool
TcpStreamChecker::IsCorrupted() const
{
    return m_counts.fromOldIncarnation + m_counts.misplaced > 0;
}

uint64_t
TcpStreamChecker::Missing(uint64_t written) const
{
    return written > m_counts.delivered ? written - m_counts.delivered : 0;
}

} // namespace ns3
