/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer target: the impairment model's frame parsing and rule matching
// (TcpSegmentImpairment::ParseFrame and TcpSegmentImpairment::Matches).
//
// Input: byte 0 chooses the framing (bit 0: CSMA, else point-to-point); bytes 1..24 are a
// rule (flow, kinds, sequence range, time window) and the arrival time; the rest is the frame
// as the device hands it over. Besides crashes and sanitizer reports, it stops on a broken
// property:
//  - a parsed segment's payload fits in the frame;
//  - the segment, framed again with ns-3's own headers, parses to the same fields;
//  - the default rule (every field a wildcard, every kind, no window) takes every segment;
//  - a rule that names the segment's own flow, kinds and sequence number takes it, and one
//    whose sequence range starts just past it does not;
//  - the fuzzed rule: a match survives widening its flow to wildcards, and there is no match
//    outside its time window.

#include "ns3/ethernet-header.h"
#include "ns3/ethernet-trailer.h"
#include "ns3/ipv4-header.h"
#include "ns3/ppp-header.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-segment-impairment.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace ns3;

namespace
{

/// Stop the run with a message: libFuzzer saves the input that broke the property.
void
Require(bool condition, const char* property)
{
    if (!condition)
    {
        std::fprintf(stderr, "tcp-segment-impairment-fuzzer: property broken: %s\n", property);
        std::abort();
    }
}

/// Read the input front to back; past its end every read gives 0.
class Reader
{
  public:
    Reader(const uint8_t* data, size_t size)
        : m_data(data),
          m_size(size)
    {
    }

    uint8_t U8()
    {
        return m_at < m_size ? m_data[m_at++] : 0;
    }

    uint16_t U16()
    {
        return static_cast<uint16_t>((U8() << 8) | U8());
    }

    uint32_t U32()
    {
        return (uint32_t{U16()} << 16) | U16();
    }

    const uint8_t* Rest() const
    {
        return m_data + std::min(m_at, m_size);
    }

    size_t RestSize() const
    {
        return m_size - std::min(m_at, m_size);
    }

  private:
    const uint8_t* m_data;
    size_t m_size;
    size_t m_at{0};
};

/// The segment framed again with ns-3's headers, as a device would hand it over.
Ptr<Packet>
Reframe(const TcpSegmentImpairment::Record& s, TcpSegmentImpairment::Framing framing)
{
    Ptr<Packet> p = Create<Packet>(s.payload);
    TcpHeader tcp;
    tcp.SetSourcePort(s.sourcePort);
    tcp.SetDestinationPort(s.destinationPort);
    tcp.SetFlags(s.flags);
    tcp.SetSequenceNumber(s.sequence);
    tcp.SetAckNumber(s.ack);
    p->AddHeader(tcp);
    Ipv4Header ip;
    ip.SetSource(s.source);
    ip.SetDestination(s.destination);
    ip.SetProtocol(6);
    ip.SetPayloadSize(p->GetSize());
    p->AddHeader(ip);
    if (framing == TcpSegmentImpairment::CSMA)
    {
        EthernetHeader ethernet(false);
        ethernet.SetLengthType(0x0800);
        p->AddHeader(ethernet);
        EthernetTrailer trailer;
        p->AddTrailer(trailer);
    }
    else
    {
        PppHeader ppp;
        ppp.SetProtocol(0x0021);
        p->AddHeader(ppp);
    }
    return p;
}

bool
Same(const TcpSegmentImpairment::Record& a, const TcpSegmentImpairment::Record& b)
{
    return a.source == b.source && a.destination == b.destination &&
           a.sourcePort == b.sourcePort && a.destinationPort == b.destinationPort &&
           a.flags == b.flags && a.sequence == b.sequence && a.ack == b.ack &&
           a.payload == b.payload;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Reader in(data, size);
    const auto framing =
        (in.U8() & 1) ? TcpSegmentImpairment::CSMA : TcpSegmentImpairment::POINT_TO_POINT;
    TcpSegmentImpairment::Rule rule;
    rule.source = Ipv4Address(in.U8() < 128 ? 0 : in.U32());
    rule.destination = Ipv4Address(in.U8() < 128 ? 0 : in.U32());
    rule.sourcePort = in.U16();
    rule.destinationPort = in.U16();
    rule.segments = in.U8() & TcpSegmentImpairment::ANY;
    rule.sequenceRange = in.U8() & 1;
    rule.sequenceFirst = SequenceNumber32(in.U32());
    rule.sequenceLast = SequenceNumber32(in.U32());
    rule.from = MilliSeconds(in.U8());
    rule.until = rule.from + MilliSeconds(in.U8());
    const Time now = MilliSeconds(in.U8());

    Ptr<Packet> frame = Create<Packet>(in.Rest(), static_cast<uint32_t>(in.RestSize()));
    TcpSegmentImpairment::Record segment{};
    if (!TcpSegmentImpairment::ParseFrame(frame, framing, segment))
    {
        return 0;
    }
    Require(segment.payload + 40 <= frame->GetSize(), "the payload fits in the frame");

    TcpSegmentImpairment::Record again{};
    Require(TcpSegmentImpairment::ParseFrame(Reframe(segment, framing), framing, again),
            "the segment framed again parses");
    Require(Same(segment, again), "the segment framed again parses to the same fields");

    Require(TcpSegmentImpairment::Matches(TcpSegmentImpairment::Rule(), segment, now),
            "the default rule takes every segment");

    TcpSegmentImpairment::Rule exact;
    exact.source = segment.source;
    exact.destination = segment.destination;
    exact.sourcePort = segment.sourcePort;
    exact.destinationPort = segment.destinationPort;
    exact.sequenceRange = true;
    exact.sequenceFirst = segment.sequence;
    exact.sequenceLast = segment.sequence;
    Require(TcpSegmentImpairment::Matches(exact, segment, now),
            "a rule naming the segment's flow and sequence number takes it");
    exact.sequenceFirst = segment.sequence + 1;
    exact.sequenceLast = segment.sequence + 1;
    Require(!TcpSegmentImpairment::Matches(exact, segment, now),
            "a sequence range starting past the segment does not take it");

    if (TcpSegmentImpairment::Matches(rule, segment, now))
    {
        Require(now >= rule.from && now < rule.until, "no match outside the time window");
        TcpSegmentImpairment::Rule wider = rule;
        wider.source = Ipv4Address::GetAny();
        wider.destination = Ipv4Address::GetAny();
        wider.sourcePort = 0;
        wider.destinationPort = 0;
        Require(TcpSegmentImpairment::Matches(wider, segment, now),
                "a match survives widening the flow to wildcards");
    }
    return 0;
}
