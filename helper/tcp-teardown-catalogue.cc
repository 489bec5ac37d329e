/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tcp-teardown-catalogue.h"

#include "ns3/object-factory.h"
#include "ns3/string.h"
#include "ns3/tcp-teardown-fatal.h"

namespace ns3
{

const std::vector<TcpTeardownCatalogue::Entry>&
TcpTeardownCatalogue::GetEntries()
{
    static const std::vector<Entry> entries = {
        {"graceful-close",
         "Graceful close: the four-way handshake and TIME_WAIT",
         "ns3::TcpGracefulCloseScenario",
         {},
         "The active closer holds TIME_WAIT for TCP_TIMEWAIT_LEN, 60 s (include/net/tcp.h); the "
         "passive closer goes CLOSE_WAIT, LAST_ACK, CLOSED."},
        {"close-wait-leak",
         "CLOSE_WAIT leak: a server that never closes",
         "ns3::TcpCloseWaitLeakScenario",
         {},
         "A socket stays in CLOSE_WAIT until the application calls close(): the kernel never "
         "times it out. The client's orphan in FIN_WAIT_2 is dropped after tcp_fin_timeout "
         "(60 s), measured by test/validation/linux-fin-wait2.sh."},
        {"close-wait-fixed",
         "The same load with a server that closes: TIME_WAIT moves to the clients",
         "ns3::TcpCloseWaitLeakScenario",
         {{"ServerCloses", "true"}},
         "The side that closes first holds TIME_WAIT: here the clients, 60 s each."},
        {"lost-final-ack",
         "Lost final ACK, with TIME_WAIT",
         "ns3::TcpLostFinalAckScenario",
         {},
         "In TIME_WAIT Linux answers a retransmitted FIN with an ACK and restarts the timer "
         "(tcp_timewait_state_process)."},
        {"lost-final-ack-no-time-wait",
         "Lost final ACK, without TIME_WAIT",
         "ns3::TcpLostFinalAckScenario",
         {{"TimeWait", "false"}},
         "A segment for a connection the host no longer has gets a RST (tcp_v4_send_reset); "
         "the peer's connection ends with ECONNRESET."},
        {"stray-segment",
         "A stray segment of an old connection, ports reused without TIME_WAIT",
         "ns3::TcpStraySegmentScenario",
         {},
         "Without TIME_WAIT (or PAWS, or ISNs that move apart) nothing stops an old segment "
         "whose sequence number fits the new connection's window."},
        {"stray-segment-time-wait",
         "The same stray, with a TIME_WAIT longer than its delay",
         "ns3::TcpStraySegmentScenario",
         {{"TimeWait", "5s"}},
         "TIME_WAIT keeps the 4-tuple busy until old segments have died out: connect() on the "
         "held port fails or waits, and the stray finds no connection."},
        {"peer-crash-sending",
         "Peer crash while sending: retransmissions until ETIMEDOUT",
         "ns3::TcpPeerCrashScenario",
         {},
         "tcp_retries2 = 15: give up at the first timer expiry after 924.6 s of backoff budget "
         "(tcp_write_timeout, retransmits_timed_out), about 15 minutes; measured by "
         "test/validation/linux-giveup.sh."},
        {"peer-crash-idle",
         "Peer crash while idle, no keepalive",
         "ns3::TcpPeerCrashScenario",
         {{"Activity", "Idle"}},
         "An idle connection without keepalive sends nothing, so it never learns that its "
         "peer is gone."},
        {"peer-crash-idle-keepalive",
         "Peer crash while idle, SO_KEEPALIVE",
         "ns3::TcpPeerCrashScenario",
         {{"Activity", "Idle"}, {"Detection", "KeepAlive"}},
         "tcp_keepalive_time 7200 s, tcp_keepalive_intvl 75 s, tcp_keepalive_probes 9: "
         "ETIMEDOUT 2 h 11 min 15 s after the last segment; measured by "
         "test/validation/linux-keepalive.sh (with short settings)."},
        {"peer-crash-idle-heartbeat",
         "Peer crash while idle, application heartbeat",
         "ns3::TcpPeerCrashScenario",
         {{"Activity", "Idle"}, {"Detection", "Heartbeat"}},
         "An application heartbeat notices within its own period, whatever the kernel's "
         "keepalive settings."},
        {"peer-reboot",
         "Peer reboot: ECONNRESET",
         "ns3::TcpPeerRebootScenario",
         {},
         "A host without the connection answers a segment with a RST; the sender's next call "
         "fails with ECONNRESET; measured by test/validation/linux-reboot.sh."},
        {"linger-off",
         "SO_LINGER off",
         "ns3::TcpLingerScenario",
         {},
         "close() returns at once; the kernel sends queued data and the FIN in the background."},
        {"linger-abort",
         "SO_LINGER {1, 0}: abortive close",
         "ns3::TcpLingerScenario",
         {{"Mode", "Abort"}},
         "close() discards the send queue and sends a RST (tcp_close, tcp_disconnect); "
         "measured by test/validation/linux-linger.sh."},
        {"linger-timeout",
         "SO_LINGER {1, 2}: lingering close with a crashed peer",
         "ns3::TcpLingerScenario",
         {{"Mode", "Timeout"}, {"PeerCrashed", "true"}},
         "close() sleeps until the FIN is acknowledged or l_linger runs out, then returns 0 "
         "and the connection carries on as an orphan (Linux; BSD returns EWOULDBLOCK); "
         "measured by test/validation/linux-linger.sh."},
        {"send-after-close",
         "send() after the peer closed: the four cells",
         "ns3::TcpSendAfterCloseTableScenario",
         {},
         "Measured by test/validation/linux-send-after-close.sh: FIN -> first send() succeeds, "
         "then EPIPE; RST -> ECONNRESET, then EPIPE."},
        {"assassination-h1",
         "TIME_WAIT assassination, hazard H1: old data accepted",
         "ns3::TcpTimeWaitAssassinationScenario",
         {},
         "With net.ipv4.tcp_rfc1337 = 0 (the default) a RST in TIME_WAIT ends it "
         "(tcp_timewait_state_process)."},
        {"assassination-h1-rfc1337",
         "TIME_WAIT assassination prevented: tcp_rfc1337 = 1",
         "ns3::TcpTimeWaitAssassinationScenario",
         {{"Rfc1337", "true"}},
         "With net.ipv4.tcp_rfc1337 = 1 TIME_WAIT ignores RSTs."},
        {"assassination-h2",
         "TIME_WAIT assassination, hazard H2: desynchronized connection",
         "ns3::TcpTimeWaitAssassinationScenario",
         {{"Hazard", "H2"}},
         "An ACK of unsent data is dropped and answered, at most once per "
         "tcp_invalid_ratelimit (500 ms); measured by test/validation/linux-twa-hazards.sh."},
        {"assassination-h3",
         "TIME_WAIT assassination, hazard H3, without RFC 5961",
         "ns3::TcpTimeWaitAssassinationScenario",
         {{"Hazard", "H3"}, {"Rfc5961", "false"}, {"Router", "false"}},
         "Linux applies RFC 5961: a RST inside the window but not at RCV.NXT gets a challenge "
         "ACK and the connection survives; measured by test/validation/linux-twa-hazards.sh. "
         "This variant shows what RFC 1337 feared, without RFC 5961, on one direct link (10 ms "
         "round trip): behind the router (20 ms) the SYN that Linux resends 8 ms after its RST "
         "rebuilds the half-open connection in time and connection 2 survives."},
    };
    return entries;
}

const TcpTeardownCatalogue::Entry&
TcpTeardownCatalogue::Get(const std::string& name)
{
    std::string names;
    for (const auto& entry : GetEntries())
    {
        if (entry.name == name)
        {
            return entry;
        }
        names += (names.empty() ? "" : ", ") + entry.name;
    }
    TcpTeardownFatalError("TcpTeardownCatalogue: there is no story '" + name +
                          "'; the stories are: " + names + "; use one of them");
}

Ptr<TcpTeardownScenario>
TcpTeardownCatalogue::Create(const Entry& entry,
                             const std::vector<std::pair<std::string, std::string>>& overrides)
{
    ObjectFactory factory(entry.typeId);
    Ptr<TcpTeardownScenario> scenario = factory.Create<TcpTeardownScenario>();
    TypeId tid = scenario->GetInstanceTypeId();
    std::vector<std::pair<std::string, std::string>> all = entry.attributes;
    all.insert(all.end(), overrides.begin(), overrides.end());
    for (const auto& attribute : all)
    {
        TypeId::AttributeInformation info;
        if (!tid.LookupAttributeByName(attribute.first, &info))
        {
            // Not the story's: a socket attribute, for both hosts (checked there).
            if (!TcpTeardownSocket::GetTypeId().LookupAttributeByName(attribute.first, &info))
            {
                TcpTeardownFatalError("story '" + entry.name + "' (" + entry.typeId +
                                      ") has no attribute '" + attribute.first +
                                      "', and TcpTeardownSocket has none of that name");
            }
            scenario->SetSocketAttribute(attribute.first, StringValue(attribute.second));
            continue;
        }
        // Checked strictly: ns-3 would abort on a time or number it cannot read.
        Ptr<AttributeValue> checked;
        std::string why;
        if (!TcpTeardownValidateAttribute(tid,
                                          attribute.first,
                                          StringValue(attribute.second),
                                          checked,
                                          why))
        {
            TcpTeardownFatalError("story '" + entry.name + "': " + why);
        }
        scenario->SetAttribute(attribute.first, *checked);
    }
    return scenario;
}

TcpScenarioResult
TcpTeardownCatalogue::Run(const std::string& name,
                          const std::vector<std::pair<std::string, std::string>>& overrides)
{
    const Entry& entry = Get(name);
    TcpScenarioResult result = Create(entry, overrides)->Run();
    result.variant = entry.name;
    return result;
}

} // namespace ns3
