/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_ISN_GENERATOR_H
#define TCP_ISN_GENERATOR_H

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/sequence-number.h"

#include <cstdint>

namespace ns3
{

class Node;

/**
 * \ingroup tcp-teardown
 *
 * \brief A host's initial sequence numbers: where each new connection starts its sequence
 *        space (TcpTeardownSocket \c IsnPolicy selects the policy).
 *
 * One per node (created with the defaults when a socket first needs it). Policies:
 * - \c ZERO: stock ns-3, every connection starts at 0, so every incarnation of a 4-tuple
 *   shares one sequence space.
 * - \c RFC6528: M + F(local address, local port, remote address, remote port, secret), M a
 *   clock ticking every 4 microseconds, F a keyed hash (RFC 6528 section 3).
 * - \c LINUX: Linux's secure_tcp_seq(): the same keyed hash plus a clock ticking every 64 ns
 *   (ktime_get_real_ns() >> 6).
 * - \c RANDOM: a uniform 32-bit number per connection.
 *
 * The secret is the node's \c Secret attribute, or (0, the default) drawn once from the
 * node's random stream, so that runs are repeatable under RngRun.
 */
class TcpIsnGenerator : public Object
{
  public:
    /// How a connection's initial sequence number is chosen.
    enum Policy
    {
        ZERO,    //!< always 0 (stock ns-3)
        RFC6528, //!< 4 microsecond clock plus a keyed hash of the 4-tuple
        LINUX,   //!< 64 ns clock plus a keyed hash of the 4-tuple (secure_tcp_seq())
        RANDOM,  //!< uniformly random
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TcpIsnGenerator();
    ~TcpIsnGenerator() override;

    /**
     * \brief The node's generator, created with the defaults and aggregated if it has none.
     * \param node the node
     * \return the generator
     */
    static Ptr<TcpIsnGenerator> Get(Ptr<Node> node);

    /**
     * \brief Assign a fixed random stream number to the secret and the random policy.
     * \param stream the first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief The initial sequence number of a new connection, now.
     * \param policy the policy
     * \param local the local address
     * \param localPort the local port
     * \param peer the peer address
     * \param peerPort the peer port
     * \return the ISN
     */
    SequenceNumber32 Choose(Policy policy,
                            Ipv4Address local,
                            uint16_t localPort,
                            Ipv4Address peer,
                            uint16_t peerPort);

    /**
     * \brief F of RFC 6528: a keyed hash (Murmur3) of the secret and the 4-tuple.
     * \param secret the key
     * \param local the local address
     * \param localPort the local port
     * \param peer the peer address
     * \param peerPort the peer port
     * \return the hash
     */
    static uint32_t TupleHash(uint64_t secret,
                              Ipv4Address local,
                              uint16_t localPort,
                              Ipv4Address peer,
                              uint16_t peerPort);

    /**
     * \brief M of a policy: the clock, in its ticks, modulo 2^32.
     * \param policy RFC6528 (4 us ticks) or LINUX (64 ns ticks); 0 for the others
     * \param now the time
     * \return the clock value
     */
    static uint32_t Clock(Policy policy, Time now);

  private:
    /// The secret, drawn on first use unless set.
    uint64_t Secret();
    /// A uniform 32-bit number.
    uint32_t Random32();

    uint64_t m_secret{0};                //!< the key of F (0: draw one)
    Ptr<UniformRandomVariable> m_random; //!< the secret's and RANDOM's source
};

} // namespace ns3

#endif /* TCP_ISN_GENERATOR_H */
