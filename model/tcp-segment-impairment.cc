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
    kinds |= (flags == TcpHeader::ACK && payload == 0) ? TcpSegmentImpairment::PURE_ACK : 0;
    kinds |= payload > 0 ? TcpSegmentImpairment::DATA : 0;
    return kinds;
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
        m_link = POINT_TO_POINT;
    }
    else if (DynamicCast<CsmaNetDevice>(device))
    {
        m_link = CSMA;
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

    // The device hands over the frame: strip the link layer, then IPv4, then TCP.
    Ptr<Packet> copy = p->Copy();
    if (m_link == CSMA)
    {
        EthernetTrailer trailer;
        copy->RemoveTrailer(trailer);
        EthernetHeader ethernet(false);
        copy->RemoveHeader(ethernet);
        uint16_t type = ethernet.GetLengthType();
        if (type <= 1500)
        {
            copy->RemoveAtEnd(copy->GetSize() - type); // padding
            LlcSnapHeader llc;
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
        copy->RemoveHeader(ppp);
        if (ppp.GetProtocol() != PPP_IPV4)
        {
            return false;
        }
    }
    Ipv4Header ip;
    copy->RemoveHeader(ip);
    if (ip.GetProtocol() != TCP_PROTOCOL)
    {
        return false;
    }
    TcpHeader tcp;
    copy->RemoveHeader(tcp);

    const Time now = Simulator::Now();
    Record segment{now,
                   0,
                   DROP,
                   ip.GetSource(),
                   ip.GetDestination(),
                   tcp.GetSourcePort(),
                   tcp.GetDestinationPort(),
                   tcp.GetFlags(),
                   tcp.GetSequenceNumber(),
                   tcp.GetAckNumber(),
                   copy->GetSize(),
                   Time(0)};
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
    if (m_link == CSMA)
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
