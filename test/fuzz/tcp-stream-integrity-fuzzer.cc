/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer target: the stream-integrity decoder (TcpStreamChecker, TcpStreamCode).
//
// Input: byte 0 is the checker's incarnation; then chunks, each a length byte and that many
// bytes, handed to TcpStreamChecker::Check() in order as a receiver would read them. Besides
// crashes and sanitizer reports, it stops on a broken property:
//  - every byte is counted once: delivered = right + from an old incarnation + misplaced,
//    and the old ones add up by age (1..3 incarnations back);
//  - a byte is right exactly when it is TcpStreamCode::Encode(incarnation, its offset);
//  - the first corruption is recorded exactly when something is wrong, at the offset of the
//    first wrong byte;
//  - the sender's own bytes (TcpStreamCode::MakePayload), cut at the same chunk boundaries,
//    are all right, with nothing missing.

#include "ns3/tcp-stream-integrity.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace ns3;

namespace
{

/// Stop the run with a message: libFuzzer saves the input that broke the property.
void
Require(bool condition, const char* property)
{
    if (!condition)
    {
        std::fprintf(stderr, "tcp-stream-integrity-fuzzer: property broken: %s\n", property);
        std::abort();
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
    {
        return 0;
    }
    const uint32_t incarnation = data[0];
    TcpStreamChecker checker(incarnation);
    TcpStreamChecker sender(incarnation);
    uint64_t offset = 0;
    uint64_t right = 0;
    uint64_t firstWrong = UINT64_MAX;
    size_t at = 1;
    while (at < size)
    {
        const size_t length = std::min<size_t>(data[at], size - at - 1);
        const uint8_t* chunk = data + at + 1;
        at += 1 + length;
        for (size_t i = 0; i < length; ++i)
        {
            if (chunk[i] == TcpStreamCode::Encode(incarnation, offset + i))
            {
                ++right;
            }
            else if (firstWrong == UINT64_MAX)
            {
                firstWrong = offset + i;
            }
        }
        checker.Check(Create<Packet>(chunk, static_cast<uint32_t>(length)));
        sender.Check(TcpStreamCode::MakePayload(incarnation, offset, static_cast<uint32_t>(length)));
        offset += length;
    }

    const TcpStreamChecker::Counts& c = checker.GetCounts();
    Require(c.delivered == offset, "every byte delivered is counted");
    Require(c.right + c.fromOldIncarnation + c.misplaced == c.delivered,
            "each byte is right, old or misplaced");
    Require(c.byAge[0] == 0 && c.byAge[1] + c.byAge[2] + c.byAge[3] == c.fromOldIncarnation,
            "old bytes add up by age");
    Require(c.right == right, "a byte is right exactly when it is the expected code");
    if (firstWrong == UINT64_MAX)
    {
        Require(!checker.IsCorrupted() && c.firstCorruption == Time::Max(),
                "not corrupted when every byte is right");
    }
    else
    {
        Require(checker.IsCorrupted() && c.firstCorruptionOffset == firstWrong,
                "corrupted, first at the first wrong byte, when a byte is wrong");
    }
    Require(checker.Missing(offset) == 0 && checker.Missing(offset + 7) == 7,
            "missing is what was written and not delivered");

    const TcpStreamChecker::Counts& s = sender.GetCounts();
    Require(s.delivered == offset && s.right == offset && !sender.IsCorrupted(),
            "the sender's own bytes are all right");
    return 0;
}
