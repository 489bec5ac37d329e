/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_SEGMENT_IMPAIRMENT_H
#define TCP_SEGMENT_IMPAIRMENT_H

#include "ns3/error-model.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/sequence-number.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief A receive ErrorModel that drops, delays or duplicates chosen TCP segments.
 *
 * Installed on a point-to-point or CSMA device (Install()), it looks at every IPv4 TCP
 * segment the device receives and applies the first rule that matches it:
 *
 * - **match**: the flow (source and destination address and port; the wildcard address or
 *   port 0 matches any), the kind of segment (SYN, FIN, RST, pure ACK, data; any of those
 *   chosen), a sequence number range, a time window, and which matches count (the
 *   \c first -th and the \c count - 1 after it; first = 0: all);
 * - **act**: DROP it; DELAY it (drop it now, deliver a copy \c delay later); DUPLICATE it
 *   (deliver it, and a copy \c delay later).
 *
 * Delivered copies bypass the rules. Every action is a record (GetRecords()) and fires the
 * \c Action trace source. A rule that cannot match or makes no sense (an empty time window, a
 * delay on a drop, no delay on a delay, a flow from an address to itself, no kind of segment)
 * is a fatal error that names it.
 */
class TcpSegmentImpairment : public ErrorModel
{
  public:
    /// What a rule does to the segments it matches.
    enum Action
    {
        DROP,      //!< the segment is lost
        DELAY,     //!< the segment arrives \c delay later (and out of order)
        DUPLICATE, //!< the segment arrives, and once more \c delay later
    };

    /// Kinds of segment, to OR together in Rule::segments.
    enum SegmentKind : uint8_t
    {
        SYN = 1,      //!< SYN set (SYN or SYN-ACK)
        FIN = 2,      //!< FIN set
        RST = 4,      //!< RST set
        PURE_ACK = 8, //!< no payload and none of SYN, FIN, RST (ACK, PSH, ECE... may be set)
        DATA = 16,    //!< carries payload
        ANY = 31,     //!< every segment
    };

    /// Which segments a rule takes, and what it does to them.
    struct Rule
    {
        Ipv4Address source{Ipv4Address::GetAny()};      //!< sender address (any: wildcard)
        Ipv4Address destination{Ipv4Address::GetAny()}; //!< receiver address (any: wildcard)
        uint16_t sourcePort{0};                         //!< sender port (0: wildcard)
        uint16_t destinationPort{0};                    //!< receiver port (0: wildcard)
        uint8_t segments{ANY};                          //!< SegmentKind bits
        bool sequenceRange{false};                      //!< match first..last sequence only
        SequenceNumber32 sequenceFirst;                 //!< lowest sequence number matched
        SequenceNumber32 sequenceLast;                  //!< highest sequence number matched
        Time from{Time(0)};                             //!< window start (inclusive)
        Time until{Time::Max()};                        //!< window end (exclusive)
        uint32_t first{0};   //!< the first match acted on, 1-based; 0: every match
        uint32_t count{1};   //!< matches acted on from \c first (0: all from there)
        Action action{DROP}; //!< what to do
        Time delay{Time(0)}; //!< for DELAY and DUPLICATE: when the copy arrives (> 0)
    };

    /// One action taken.
    struct Record
    {
        Time time;                 //!< when the segment arrived
        uint32_t rule;             //!< index of the rule (AddRule()'s return value)
        Action action;             //!< what was done
        Ipv4Address source;        //!< sender address
        Ipv4Address destination;   //!< receiver address
        uint16_t sourcePort;       //!< sender port
        uint16_t destinationPort;  //!< receiver port
        uint8_t flags;             //!< TCP flags
        SequenceNumber32 sequence; //!< sequence number
        SequenceNumber32 ack;      //!< acknowledgment number
        uint32_t payload;          //!< payload bytes
        Time deliveredAt;          //!< DELAY, DUPLICATE: when the copy is delivered
    };

    /// How a device frames what it hands to its receive error model.
    enum Framing
    {
        POINT_TO_POINT, //!< a PppHeader first
        CSMA,           //!< an Ethernet header (DIX, or length and LLC/SNAP) and trailer
    };

    /**
     * TracedCallback signature for an action.
     * \param [in] record what was done
     */
    typedef void (*ActionTracedCallback)(const Record& record);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TcpSegmentImpairment();
    ~TcpSegmentImpairment() override;

    /**
     * \brief Add a rule; a rule that cannot match or makes no sense is a fatal error.
     * \param rule the rule
     * \return its index, as in the records
     */
    uint32_t AddRule(const Rule& rule);

    /**
     * \brief Become the receive error model of a point-to-point or CSMA device.
     * \param device the device whose received segments the rules see
     */
    void Install(Ptr<NetDevice> device);

    /**
     * \brief Read a frame as a device hands it to its receive error model: link layer, IPv4,
     *        TCP.
     *
     * Anything but one TCP segment over IPv4 is not a segment: another protocol, a fragment
     * other than the first, or headers cut short or with impossible lengths (an IPv4 header
     * length under 20 bytes or past the frame, a total length past the frame, a TCP data
     * offset under 5 words or past the datagram). The payload size is the IPv4 total length
     * less both headers, so link-layer padding is not counted.
     *
     * \param frame the frame
     * \param framing its link layer
     * \param [out] segment on success, its addresses, ports, flags, sequence and
     *        acknowledgment numbers and payload size (the other fields are left alone)
     * \return whether the frame holds a TCP segment
     */
    static bool ParseFrame(Ptr<const Packet> frame, Framing framing, Record& segment);

    /**
     * \brief Whether a segment falls under a rule: its flow, kinds, sequence range and time
     *        window (not Rule::first and Rule::count, which count the matches before).
     * \param rule the rule
     * \param segment the segment, as ParseFrame() read it
     * \param now the time it arrives
     * \return whether the rule takes the segment
     */
    static bool Matches(const Rule& rule, const Record& segment, Time now);

    /// \return every action taken so far, in order
    const std::vector<Record>& GetRecords() const;

    /**
     * \brief How many times a rule acted.
     * \param rule the rule's index
     * \return the number of records of that rule
     */
    uint32_t GetActionCount(uint32_t rule) const;

    /**
     * \brief The name of an action ("DROP", "DELAY", "DUPLICATE").
     * \param action the action
     * \return its name
     */
    static std::string ActionName(Action action);

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;
    /// Deliver a copy to the device, past the rules.
    void Deliver(Ptr<Packet> copy);
    /**
     * Drop the reference to the device at Simulator::Destroy(). The device holds this model
     * as its ReceiveErrorModel and a CsmaNetDevice never lets it go, so the two would keep
     * each other alive (and leak) if the model kept its device past the simulation.
     */
    void ReleaseDevice();

    std::vector<Rule> m_rules;                   //!< the rules, in order
    std::vector<uint32_t> m_matches;             //!< matches so far, per rule
    std::vector<uint32_t> m_actions;             //!< actions so far, per rule
    std::vector<Record> m_records;               //!< every action
    std::map<uint64_t, uint32_t> m_passing;      //!< copies to let through, by packet UID
    Ptr<NetDevice> m_device;                     //!< where copies are delivered
    Framing m_framing{POINT_TO_POINT};           //!< the device's framing
    TracedCallback<const Record&> m_actionTrace; //!< every action
};

} // namespace ns3

#endif /* TCP_SEGMENT_IMPAIRMENT_H */
