/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-segment-impairment.h"

#include "tcp-teardown-fatal.h"

#include "ns3/csma-net-device.h"
#include "ns3/ethernet-header.h"
#include "ns3/ethernet-trailer.h"
#include "ns3/ipv4-header.h"
#include "ns3/llc-snap-header.h"
#include "ns3/log.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/ppp-header.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpSegmentImpairment");

NS_OBJECT_ENSURE_REGISTERED(TcpSegmentImpairment);

namespace
{

constexpr uint16_t PPP_IPV4 = 0x0021;       //!< PPP protocol number of IPv4
constexpr uint16_t ETHERTYPE_IPV4 = 0x0800; //!< Ethernet type of IPv4
constexpr uint8_t TCP_PROTOCOL = 6;         //!< IP protocol number of TCP

/// The SegmentKind bits a segment has.
uint8_t
KindsOf(uint8_t flags, uint32_t payload)
{
    uint8_t kinds = 0;
    kinds |= (flags & TcpHeader::SYN) ? TcpSegmentImpairment::SYN : 0;
    kinds |= (flags & TcpHeader::FIN) ? TcpSegmentImpairment::FIN : 0;
    kinds |= (flags & TcpHeader::RST) ? TcpSegmentImpairment::RST : 0;
    // Every segment is at least one kind, so that ANY takes every segment: a segment without
    // payload, SYN, FIN or RST is a pure ACK whatever else is set (found by
    // test/fuzz/tcp-segment-impairment-fuzzer.cc: flags 0 or ACK|PSH used to be no kind).
    const uint8_t control = TcpHeader::SYN | TcpHeader::FIN | TcpHeader::RST;
    kinds |= ((flags & control) == 0 && payload == 0) ? TcpSegmentImpairment::PURE_ACK : 0;
    kinds |= payload > 0 ? TcpSegmentImpairment::DATA : 0;
    return kinds;
}

/**
 * Whether TCP options are well formed: each within the option space and, for the kinds ns-3
 * parses, of the length RFC 9293, 7323 and 2018 give them (MSS 4, window scale 3, SACK
 * permitted 2, timestamps 10, SACK 2 + 8n); other kinds at least 2. Kind 0 ends the list.
 */
bool
OptionsWellFormed(const uint8_t* options, uint32_t size)
{
    for (uint32_t at = 0; at < size && options[at] != 0;)
    {
        const uint8_t kind = options[at];
        if (kind == 1) // no-operation
        {
            ++at;
            continue;
        }
        if (at + 1 >= size)
        {
            return false;
        }
        const uint8_t length = options[at + 1];
        const bool fits = length >= 2 && at + length <= size;
        const bool right = (kind == 2 && length == 4) || (kind == 3 && length == 3) ||
                           (kind == 4 && length == 2) || (kind == 8 && length == 10) ||
                           (kind == 5 && length % 8 == 2) || kind == 6 || kind == 7 || kind > 8;
        if (!fits || !right)
        {
            return false;
        }
        at += length;
    }
    return true;
}

} // namespace

TypeId
TcpSegmentImpairment::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TcpSegmentImpairment")
            .SetParent<ErrorModel>()
            .SetGroupName("TcpTeardown")
            .AddConstructor<TcpSegmentImpairment>()
            .AddTraceSource("Action",
                            "A segment dropped, delayed or duplicated, with the rule that did it.",
                            MakeTraceSourceAccessor(&TcpSegmentImpairment::m_actionTrace),
                            "ns3::TcpSegmentImpairment::ActionTracedCallback");
    return tid;
}

TcpSegmentImpairment::TcpSegmentImpairment()
{
    NS_LOG_FUNCTION(this);
}

TcpSegmentImpairment::~TcpSegmentImpairment()
{
    NS_LOG_FUNCTION(this);
}

std::string
TcpSegmentImpairment::ActionName(Action action)
{
    switch (action)
    {
    case DROP:
        return "DROP";
    case DELAY:
        return "DELAY";
    case DUPLICATE:
        return "DUPLICATE";
    }
    return "?";
}

uint32_t
TcpSegmentImpairment::AddRule(const Rule& rule)
{
    const uint32_t index = m_rules.size();
    const std::string name = "TcpSegmentImpairment rule " + std::to_string(index) + ": ";
    TCP_TEARDOWN_REQUIRE((rule.segments & ANY) != 0 && (rule.segments & ~ANY) == 0,
                         name << "segments=" << unsigned(rule.segments)
                              << " is invalid: OR together SYN, FIN, RST, PURE_ACK, DATA (1..31)");
    TCP_TEARDOWN_REQUIRE(rule.from >= Time(0) && rule.from < rule.until,
                         name << "the time window [" << rule.from.As(Time::S) << ", "
                              << rule.until.As(Time::S)
                              << "[ is empty: it needs 0 <= from < until");
    TCP_TEARDOWN_REQUIRE(rule.source == Ipv4Address::GetAny() || rule.source != rule.destination,
                         name << "a flow from " << rule.source
                              << " to itself never crosses a link");
    TCP_TEARDOWN_REQUIRE(!rule.sequenceRange || rule.sequenceLast - rule.sequenceFirst >= 0,
                         name << "the sequence range " << rule.sequenceFirst << ".."
                              << rule.sequenceLast << " is empty");
    TCP_TEARDOWN_REQUIRE(rule.first > 0 || rule.count == 1,
                         name << "count=" << rule.count
                              << " needs first >= 1 (first=0 acts on every match)");
    if (rule.action == DROP)
    {
        TCP_TEARDOWN_REQUIRE(rule.delay.IsZero(),
                             name << "delay=" << rule.delay.As(Time::S)
                                  << " makes no sense for DROP: use DELAY");
    }
    else
    {
        TCP_TEARDOWN_REQUIRE(rule.delay > Time(0),
                             name << ActionName(rule.action) << " needs delay > 0, not "
                                  << rule.delay.As(Time::S));
    }
    m_rules.push_back(rule);
    m_matches.push_back(0);
    m_actions.push_back(0);
    return index;
}

void
TcpSegmentImpairment::Install(Ptr<NetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    TCP_TEARDOWN_REQUIRE(device, "TcpSegmentImpairment::Install: no device");
    if (DynamicCast<PointToPointNetDevice>(device))
    {
        m_framing = POINT_TO_POINT;
    }
    else if (DynamicCast<CsmaNetDevice>(device))
    {
        m_framing = CSMA;
    }
    else
    {
        TCP_TEARDOWN_REQUIRE(false,
                             "TcpSegmentImpairment::Install: a "
                                 << device->GetInstanceTypeId().GetName()
                                 << " is not supported: use a point-to-point or CSMA device");
    }
    m_device = device;
    device->SetAttribute("ReceiveErrorModel", PointerValue(this));
    Simulator::ScheduleDestroy(&TcpSegmentImpairment::ReleaseDevice,
                               Ptr<TcpSegmentImpairment>(this));
}

void
TcpSegmentImpairment::ReleaseDevice()
{
    NS_LOG_FUNCTION(this);
    m_device = nullptr;
}

const std::vector<TcpSegmentImpairment::Record>&
TcpSegmentImpairment::GetRecords() const
{
    return m_records;
}

uint32_t
TcpSegmentImpairment::GetActionCount(uint32_t rule) const
{
    return rule < m_actions.size() ? m_actions[rule] : 0;
}

bool
TcpSegmentImpairment::ParseFrame(Ptr<const Packet> frame, Framing framing, Record& segment)
{
    // Every length is checked on the bytes before a header is read: ns-3's Deserialize()
    // methods trust the buffer to be long enough.
    Ptr<Packet> copy = frame->Copy();
    if (framing == CSMA)
    {
        EthernetTrailer trailer;
        EthernetHeader ethernet(false);
        if (copy->GetSize() < ethernet.GetSerializedSize() + trailer.GetSerializedSize())
        {
            return false;
        }
        copy->RemoveTrailer(trailer);
        copy->RemoveHeader(ethernet);
        uint16_t type = ethernet.GetLengthType();
        if (type <= 1500)
        {
            LlcSnapHeader llc;
            if (type > copy->GetSize() || type < llc.GetSerializedSize())
            {
                return false;
            }
            copy->RemoveAtEnd(copy->GetSize() - type); // padding
            copy->RemoveHeader(llc);
            type = llc.GetType();
        }
        if (type != ETHERTYPE_IPV4)
        {
            return false;
        }
    }
    else
    {
        PppHeader ppp;
        if (copy->GetSize() < ppp.GetSerializedSize())
        {
            return false;
        }
        copy->RemoveHeader(ppp);
        if (ppp.GetProtocol() != PPP_IPV4)
        {
            return false;
        }
    }

    // IPv4: version 4, a header of 20..60 bytes within the frame, a total length that covers
    // it and fits, the first fragment (later ones carry no TCP header), protocol TCP.
    uint8_t ipBytes[20];
    if (copy->CopyData(ipBytes, sizeof(ipBytes)) < sizeof(ipBytes))
    {
        return false;
    }
    const uint32_t ipHeaderSize = (ipBytes[0] & 0x0f) * 4u;
    const uint32_t ipTotal = (uint32_t{ipBytes[2]} << 8) | ipBytes[3];
    const uint32_t fragmentOffset = ((uint32_t{ipBytes[6]} & 0x1f) << 8) | ipBytes[7];
    if ((ipBytes[0] >> 4) != 4 || ipHeaderSize < 20 || ipTotal < ipHeaderSize ||
        ipTotal > copy->GetSize() || fragmentOffset != 0 || ipBytes[9] != TCP_PROTOCOL)
    {
        return false;
    }
    copy->RemoveAtEnd(copy->GetSize() - ipTotal); // link-layer padding
    Ipv4Header ip;
    copy->RemoveHeader(ip);
    copy->RemoveAtStart(ipHeaderSize - ip.GetSerializedSize()); // IPv4 options

    // TCP: a data offset of 5..15 words within the datagram, and options that each fit and
    // have their kind's length. ns-3 3.37's TcpHeader::Deserialize() trusts them: it loops for
    // ever, allocating, on an unknown option of length 0, and aborts on an MSS option whose
    // length is not 4 (both found by test/fuzz/tcp-segment-impairment-fuzzer.cc).
    uint8_t tcpBytes[60];
    if (copy->CopyData(tcpBytes, 20) < 20)
    {
        return false;
    }
    const uint32_t tcpHeaderSize = (tcpBytes[12] >> 4) * 4u;
    if (tcpHeaderSize < 20 || tcpHeaderSize > copy->GetSize())
    {
        return false;
    }
    copy->CopyData(tcpBytes, tcpHeaderSize);
    if (!OptionsWellFormed(tcpBytes + 20, tcpHeaderSize - 20))
    {
        return false;
    }
    const uint32_t datagram = copy->GetSize();
    TcpHeader tcp;
    copy->RemoveHeader(tcp);

    segment.source = ip.GetSource();
    segment.destination = ip.GetDestination();
    segment.sourcePort = tcp.GetSourcePort();
    segment.destinationPort = tcp.GetDestinationPort();
    segment.flags = tcp.GetFlags();
    segment.sequence = tcp.GetSequenceNumber();
    segment.ack = tcp.GetAckNumber();
    segment.payload = datagram - tcpHeaderSize;
    return true;
}

bool
TcpSegmentImpairment::Matches(const Rule& rule, const Record& segment, Time now)
{
    if ((rule.source != Ipv4Address::GetAny() && rule.source != segment.source) ||
        (rule.destination != Ipv4Address::GetAny() && rule.destination != segment.destination) ||
        (rule.sourcePort != 0 && rule.sourcePort != segment.sourcePort) ||
        (rule.destinationPort != 0 && rule.destinationPort != segment.destinationPort))
    {
        return false;
    }
    if ((rule.segments & KindsOf(segment.flags, segment.payload)) == 0)
    {
        return false;
    }
    if (rule.sequenceRange &&
        (segment.sequence < rule.sequenceFirst || segment.sequence > rule.sequenceLast))
    {
        return false;
    }
    return now >= rule.from && now < rule.until;
}

bool
TcpSegmentImpairment::DoCorrupt(Ptr<Packet> p)
{
    auto passing = m_passing.find(p->GetUid());
    if (passing != m_passing.end())
    {
        // A copy this model delivers: past the rules.
        if (--passing->second == 0)
        {
            m_passing.erase(passing);
        }
        return false;
    }
    if (m_rules.empty())
    {
        return false;
    }

    Record segment{};
    if (!ParseFrame(p, m_framing, segment))
    {
        return false;
    }
    const Time now = Simulator::Now();
    segment.time = now;
    for (uint32_t i = 0; i < m_rules.size(); ++i)
    {
        const Rule& rule = m_rules[i];
        if (!Matches(rule, segment, now))
        {
            continue;
        }
        const uint32_t n = ++m_matches[i];
        const bool acts = rule.first == 0 ||
                          (n >= rule.first && (rule.count == 0 || n - rule.first < rule.count));
        if (!acts)
        {
            continue;
        }
        segment.rule = i;
        segment.action = rule.action;
        if (rule.action != DROP)
        {
            TCP_TEARDOWN_REQUIRE(m_device,
                                 "TcpSegmentImpairment rule "
                                     << i << ": " << ActionName(rule.action)
                                     << " delivers a copy later and needs the device: use "
                                        "Install(device), not the ReceiveErrorModel attribute");
            segment.deliveredAt = now + rule.delay;
            Simulator::Schedule(rule.delay, &TcpSegmentImpairment::Deliver, this, p->Copy());
        }
        ++m_actions[i];
        m_records.push_back(segment);
        NS_LOG_INFO(ActionName(rule.action)
                    << " " << segment.source << ":" << segment.sourcePort << " > "
                    << segment.destination << ":" << segment.destinationPort << " "
                    << TcpHeader::FlagsToString(segment.flags) << " seq " << segment.sequence
                    << " len " << segment.payload);
        m_actionTrace(m_records.back());
        return rule.action != DUPLICATE;
    }
    return false;
}

void
TcpSegmentImpairment::Deliver(Ptr<Packet> copy)
{
    NS_LOG_FUNCTION(this << copy);
    ++m_passing[copy->GetUid()];
    if (m_framing == CSMA)
    {
        DynamicCast<CsmaNetDevice>(m_device)->Receive(copy, nullptr);
    }
    else
    {
        DynamicCast<PointToPointNetDevice>(m_device)->Receive(copy);
    }
}

void
TcpSegmentImpairment::DoReset()
{
    std::fill(m_matches.begin(), m_matches.end(), 0);
}

} // namespace ns3
