#!/usr/bin/env bash
# Measure, on this machine's Linux kernel, what an old duplicate does to a new connection on the
# same 4-tuple (RFC 1337 hazards H2 and H3), with hand-made segments standing in for the old
# duplicates.
#
#   sudo test/validation/linux-twa-hazards.sh
#
# Two network namespaces joined by a veth pair (created again for every case, always removed);
# A (10.99.0.1) is the client, B (10.99.0.2:5000) the server; timestamps off in both, A's
# tcp_retries2 = 3. A sniffer on A's device records every segment (before netfilter).
#   h2:         A sends 100 bytes. Five pure ACKs below B's RCV.NXT, 20 ms apart (raw socket
#               in A): B's answers to each. Then a stray data segment of 100 bytes lands in
#               B's window just beyond A's SND.NXT; A sends 100 more bytes, so B acknowledges
#               100 bytes A never sent: A's answer, A's retransmissions, how A's socket ends,
#               and which bytes B's application reads.
#   h2-overlap: the same, the stray 80 bytes at A's SND.NXT + 60 (RFC 1337 figure 2): which
#               copy of the overlapping 40 bytes B delivers.
#   h3, h3-far, h3-none: A connects; B's SYN-ACK is held back (iptables in A, the sniffer keeps
#               a copy). An old ACK (raw socket in B) acknowledging A.ISN + 102 (h3) or
#               A.ISN + 2^20 + 1 (h3-far), or none (h3-none), arrives in SYN_SENT; then the held
#               SYN-ACK is replayed. A's RST and its sequence number, A's next SYN, how
#               connect() and the first recv() end, and whether B's accept() gets a connection.
# Bounded: every wait has a limit; the script takes about 20 s. Needs root, iproute2,
# iptables, python3.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/netns-pair.sh"
work="$NETNS_WORK"
cp "$(dirname "${BASH_SOURCE[0]}")/netns_lab.py" "$work/lib.py"
cp "$(dirname "${BASH_SOURCE[0]}")/tcp_raw.py" "$work/tcp_raw.py"

cat > "$work/case.py" <<'PY'
import errno, select, socket, time
from lib import *
from tcp_raw import *

def rel(x, base):
    return (x - base + 2**31) % U32 - 2**31

def is_a(s):
    return s.src == IP["A"]

def h2(offset, length):
    enter("A"); sn = Sniffer("vA"); raw = raw_tcp()
    enter("B"); l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind((IP["B"], PORT)); l.listen(1)
    enter("A"); c = socket.socket(); c.bind((IP["A"], 40000)); c.settimeout(3)
    c.connect((IP["B"], PORT)); a, _ = l.accept(); a.settimeout(3)
    c.send(b"a" * 100); recvn(a, 100); time.sleep(0.05)
    last = [s for s in sn.segments() if is_a(s) and s.len > 0][-1]
    nxt, bnxt = last.seq + last.len, last.ack          # A's SND.NXT, B's SND.NXT
    # Pure ACKs below B's RCV.NXT: RFC 793 says answer each with an ACK.
    answers = []
    for _ in range(5):
        t = time.time()
        raw.sendto(segment(IP["A"], IP["B"], 40000, PORT, nxt - 50, bnxt, "A"), (IP["B"], 0))
        time.sleep(0.02)
        answers.append(sum(1 for s in sn.segments() if not is_a(s) and t < s.t < t + 0.02))
    print("%s: 5 pure ACKs 50 bytes below B's RCV.NXT, 20 ms apart: B answers %s"
          % (CASE, ",".join(map(str, answers))))
    time.sleep(0.6)  # past the out-of-window rate limit
    raw.sendto(segment(IP["A"], IP["B"], 40000, PORT, nxt + offset, bnxt, "PA", b"Z" * length),
               (IP["B"], 0))
    time.sleep(0.05)
    t0 = time.time(); c.send(b"b" * 100)
    beyond = sn.wait_for(lambda s: not is_a(s) and s.t > t0 and rel(s.ack, nxt + 100) > 0)
    if beyond is None:
        print("%s: B never acknowledged beyond A's SND.NXT" % CASE); return
    select.select([c], [], [], 10)
    try:
        c.recv(10); end = "recv() returned"
    except OSError as e:
        end = en(e)
    t_end = time.time(); time.sleep(0.05)
    segs = sn.segments()
    quick = [s for s in segs if is_a(s) and beyond.t <= s.t < beyond.t + 0.1]
    rtx = [s for s in segs if is_a(s) and s.t > t0 and s.seq == nxt and s.len == 100]
    a.setblocking(False); got = b""
    try:
        while True:
            d = a.recv(4096)
            if not d:
                break
            got += d
    except OSError:
        pass
    print("%s: wire: %s" % (CASE, "; ".join(
        "%s[%s] seq %+d ack %+d len %d @%+.3f" % (
            "A" if is_a(s) else "B", s.flags, rel(s.seq, nxt if is_a(s) else bnxt),
            rel(s.ack, bnxt if is_a(s) else nxt), s.len, s.t - t0) for s in segs if s.t > t0 - 0.1)))
    print("%s: stray %d bytes at SND.NXT+%d; B acknowledges SND.NXT+%d (%d beyond); A answers "
          "within 100 ms with %d segments; A sends the 100 bytes %d times (at +%s s); "
          "A's socket: %s at +%.2f s; B's answers to them: %d ACKs of SND.NXT+%d; "
          "B reads %d bytes: %s"
          % (CASE, length, offset, rel(beyond.ack, nxt), rel(beyond.ack, nxt + 100), len(quick),
             len(rtx), ",".join("%.2f" % (s.t - t0) for s in rtx), end, t_end - t0,
             sum(1 for s in segs if not is_a(s) and s.t > rtx[0].t and s.ack == beyond.ack),
             rel(beyond.ack, nxt), len(got),
             " + ".join("%d '%s'" % (len(run), run[:1].decode())
                        for run in runs(got))))
    sn.stop()

def runs(b):
    out, i = [], 0
    while i < len(b):
        j = i
        while j < len(b) and b[j] == b[i]:
            j += 1
        out.append(b[i:j]); i = j
    return out

def h3(off):
    nsrun("A", "iptables", "-A", "INPUT", "-p", "tcp", "--tcp-flags", "SYN,ACK", "SYN,ACK",
          "-j", "DROP")
    enter("A"); sn = Sniffer("vA")
    enter("B"); l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind((IP["B"], PORT)); l.listen(1); l.setblocking(False); raw = raw_tcp(); replay = raw_ip()
    enter("A"); c = socket.socket(); c.bind((IP["A"], 40001)); c.setblocking(False)
    t0 = time.time(); c.connect_ex((IP["B"], PORT))
    syn = sn.wait_for(lambda s: is_a(s) and s.flags == "S")
    synack = sn.wait_for(lambda s: not is_a(s) and s.flags == "SA")
    if off is not None:
        old = segment(IP["B"], IP["A"], PORT, 40001, synack.seq + 1 + 200, syn.seq + 1 + off, "A")
        raw.sendto(old, (IP["A"], 0))
        sn.wait_for(lambda s: is_a(s) and "R" in s.flags)
    time.sleep(0.05)
    nsrun("A", "iptables", "-D", "INPUT", "-p", "tcp", "--tcp-flags", "SYN,ACK", "SYN,ACK",
          "-j", "DROP")
    t_replay = time.time(); replay.sendto(with_checksum(synack.ip), (IP["A"], 0))
    select.select([], [c], [], 3)
    conn = en(OSError(c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), "")) \
        if c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) else "connected"
    time.sleep(0.1)
    try:
        first = c.recv(10); first = "returned %d" % len(first)
    except OSError as e:
        first = en(e)
    try:
        l.accept(); acc = "a connection"
    except OSError as e:
        acc = en(e)
    segs = [s for s in sn.segments() if s.t >= t0]
    def show(s):
        who = "A" if is_a(s) else "B"
        base = syn.seq if is_a(s) else synack.seq
        return "%s[%s] seq %+d @%+.3f" % (who, s.flags, rel(s.seq, base), s.t - t0)
    print("%s: old ACK of A.ISN%s; wire: %s; replay @%+.3f; connect(): %s; recv(): %s; "
          "B's accept(): %s"
          % (CASE, "+%d" % (off + 1) if off is not None else ": none",
             ", ".join(show(s) for s in segs), t_replay - t0, conn, first, acc))
    sn.stop()

if CASE == "h2":
    h2(100, 100)
elif CASE == "h2-overlap":
    h2(60, 80)
elif CASE == "h3":
    h3(101)
elif CASE == "h3-far":
    h3(2**20)
else:
    h3(None)
PY

# CASES="h2 h3" runs a subset.
for c in ${CASES:-h2 h2-overlap h3 h3-far h3-none}; do
    netns_pair_create
    for ns in "$NS_A" "$NS_B"; do ip netns exec "$ns" sysctl -qw net.ipv4.tcp_timestamps=0; done
    ip netns exec "$NS_A" sysctl -qw net.ipv4.tcp_retries2=3
    (cd "$work" && timeout 60 python3 case.py "$NS_A" "$NS_B" "$work" "$c") ||
        echo "$c: FAILED (exit $?)"
done
