/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_STREAM_INTEGRITY_H
#define TCP_STREAM_INTEGRITY_H

#include "ns3/nstime.h"
#include "ns3/packet.h"

#include <array>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 *
 * \brief The payload code that lets a receiver tell, byte by byte, where each delivered byte
 *        came from.
 *
 * Byte k (from 0) of the stream of incarnation i (the i-th connection on a 4-tuple, from 1)
 * is Encode(i, k): the two high bits are i mod 4, the six low bits a mix of k. A byte of an
 * older incarnation therefore never looks like a byte of the current one (for the three
 * incarnations before it), and a byte of the right incarnation at the wrong place (a
 * shifted or duplicated range) differs from the expected one except when its offset mix
 * agrees by chance (6 bits: at most 1 in 64, for the "misplaced" count only).
 */
class TcpStreamCode
{
  public:
    /**
     * \brief The byte at \p offset of incarnation \p incarnation.
     * \param incarnation the connection's number on its 4-tuple, from 1
     * \param offset the byte's offset in the stream, from 0
     * \return the byte
     */
    static uint8_t Encode(uint32_t incarnation, uint64_t offset);

    /**
     * \brief The incarnation bits (i mod 4) of a byte.
     * \param byte a byte of an encoded stream
     * \return i mod 4
     */
    static uint32_t IncarnationBits(uint8_t byte);

    /**
     * \brief \p size bytes of incarnation \p incarnation from \p offset.
     * \param incarnation the connection's number, from 1
     * \param offset the offset of the first byte
     * \param size the number of bytes
     * \return the payload
     */
    static Ptr<Packet> MakePayload(uint32_t incarnation, uint64_t offset, uint32_t size);
};

/**
 * \ingroup tcp-teardown
 *
 * \brief Checks every byte a receiver reads from one connection against TcpStreamCode.
 *
 * Feed it the data in the order Recv() returns it. Each byte is counted once as right (the
 * expected incarnation and offset), from an older incarnation (corruption by a stray segment
 * of an earlier connection on the same 4-tuple; also counted by age, 1 to 3 incarnations
 * back), or misplaced (the right incarnation, the wrong offset). Missing() compares the
 * delivered count with what the sender wrote.
 */
class TcpStreamChecker
{
  public:
    /// The counts so far.
    struct Counts
    {
        uint64_t delivered{0};             //!< bytes checked
        uint64_t right{0};                 //!< expected incarnation and offset
        uint64_t fromOldIncarnation{0};    //!< bytes of an earlier connection
        std::array<uint64_t, 4> byAge{};   //!< [a]: bytes from a incarnations back (1..3)
        uint64_t misplaced{0};             //!< this incarnation, another offset
        Time firstCorruption{Time::Max()}; //!< when the first wrong byte was read
        uint64_t firstCorruptionOffset{0}; //!< its offset in the stream
    };

    /**
     * \param incarnation the connection's number on its 4-tuple, from 1
     */
    explicit TcpStreamChecker(uint32_t incarnation = 1);

    /**
     * \brief Check the next bytes read, at the current simulation time.
     * \param data what Recv() returned
     */
    void Check(Ptr<const Packet> data);

    /// \return the counts so far
    const Counts& GetCounts() const;

    /// \return the connection's incarnation
    uint32_t GetIncarnation() const;

    /// \return whether any byte was wrong (from an old incarnation or misplaced)
    bool IsCorrupted() const;

    /**
     * \brief Bytes the sender wrote that were never delivered.
     * \param written the bytes the sender's application wrote
     * \return written - delivered, or 0 if more were delivered
     */
    uint64_t Missing(uint64_t written) const;

  private:
    uint32_t m_incarnation; //!< the expected incarnation
    Counts m_counts;        //!< the counts
};

} // namespace ns3

#endif /* TCP_STREAM_INTEGRITY_H */
