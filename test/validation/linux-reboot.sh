#!/usr/bin/env bash
# Measure, on this machine's Linux kernel, what a sender sees when its peer crashes and reboots.
#
#   sudo test/validation/linux-reboot.sh [reboot_delay_s]          (default: 2.5)
#
# Two network namespaces joined by a veth pair (created here, always removed). The server in
# $NS_A (10.99.0.1:5000) sends 1000 B that the client in $NS_B reads; 0.5 s later iptables drops
# all TCP in and out of $NS_B ("crash"); 1 s after the first block the server sends another
# 1000 B, which it retransmits. reboot_delay_s after that send the client host "reboots":
#   1. the client process gets SIGTERM and closes with SO_LINGER {1,0} (abortive: its RST is
#      dropped by the OUTPUT rule, and the socket is freed at once, no FIN_WAIT/TIME_WAIT);
#   2. vB is moved to a parking namespace, $NS_B is deleted (with its iptables rules and all
#      its TCP state) and created again, and vB (same device, same MAC) is moved back, given
#      10.99.0.2/24 and brought up. $NS_A and vA are untouched (vA loses carrier meanwhile).
# The fresh stack answers the server's next retransmission with a RST. tcpdump on vA gives the
# retransmission times, the RST, and the server's error time; the server records the errno of
# poll-then-call sequences (recv first, send first). Times are relative to the second send.
# Bounded: each run stops within 30 s. Needs root, iproute2, iptables, tcpdump, python3.
set -euo pipefail
delay="${1:-2.5}"
. "$(dirname "${BASH_SOURCE[0]}")/netns-pair.sh"
work="$NETNS_WORK"
NS_P="tdP$$"
trap 'netns_pair_remove; ip netns del "$NS_P" 2>/dev/null || true; rm -rf "$NETNS_WORK"' EXIT

cp "$(dirname "${BASH_SOURCE[0]}")/pcap_segments.py" "$work/pcap.py"

cat > "$work/server.py" <<'PY'
import errno, select, socket, sys, time
order = sys.argv[1]
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.99.0.1", 5000)); s.listen(1)
c, _ = s.accept(); c.recv(100)
c.send(b"x" * 1000)
time.sleep(1.0)                       # the client host crashes during this second
print("send %.6f" % time.time())
c.send(b"y" * 1000)
p = select.poll(); p.register(c, select.POLLIN | select.POLLERR)
ev = p.poll(25000)
t = time.time()
if not ev:
    print("no_event %.6f" % t); sys.exit(0)
names = [n for n in ("POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLRDHUP")
         if ev[0][1] & getattr(select, n)]
print("event %.6f %s" % (t, "|".join(names)))
calls = ("recv", "send", "recv", "send") if order == "recv" else ("send", "recv", "send", "recv")
out = []
for call in calls:
    try:
        r = c.send(b"z") if call == "send" else c.recv(10)
        out.append("%s->%s" % (call, len(r) if call == "recv" else r))
    except OSError as e:
        out.append("%s->%s" % (call, errno.errorcode[e.errno]))
print("calls " + " ".join(out))
PY

cat > "$work/client.py" <<'PY'
import os, signal, socket, struct, time
c = socket.create_connection(("10.99.0.1", 5000)); c.send(b"hi")
n = 0
while n < 1000:
    n += len(c.recv(1000))
def crash(*_):
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
    os._exit(0)
signal.signal(signal.SIGTERM, crash)
time.sleep(60)
PY

cat > "$work/analyse.py" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from pcap import segments
label, pcapfile, outfile, reboot = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5].split()
segs = segments(pcapfile)
out = dict((l.split()[0], l.split()[1:]) for l in open(outfile).read().splitlines() if l)
A = ("10.99.0.1", 5000)
t0 = float(out["send"][0])
fromA = [s for s in segs if s.src == A]
fromB = [s for s in segs if s.dst == A]
first = [s for s in fromA if s.len == 1000 and s.t >= t0 - 0.01]
seq0 = first[0].seq
tx = [s for s in fromA if s.len > 0 and s.seq == seq0]
rel = lambda t: "%+.3f" % (t - t0)
r0, r1 = float(reboot[0]), float(reboot[1])
before = [s for s in tx if s.t < r0]
after = [s for s in tx if s.t >= r0]
rst = [s for s in fromB if "R" in s.flags and s.t >= r0]
line = "%s: transmissions of the 1000 B at %s s; reboot %s..%s s; " % (
    label, ",".join(rel(s.t) for s in before), rel(r0), rel(r1))
line += "after reboot: %s; " % (",".join(rel(s.t) for s in after) or "none")
if rst:
    r = rst[0]
    line += "RST from rebooted host at %s s [%s] seq=%s (server rcv_nxt%s); " % (
        rel(r.t), r.flags, r.seq,
        "" if r.seq == after[0].ack else " NOT matched")
else:
    line += "no RST; "
from_b_between = [s for s in fromB if first[0].t < s.t < r0]
line += "segments from the client between crash and reboot: %d; " % len(from_b_between)
if "event" in out:
    line += "error seen at %s s (poll revents %s); calls: %s" % (
        rel(float(out["event"][0])), out["event"][1], " ".join(out["calls"]))
else:
    line += "no error by %s s" % rel(float(out["no_event"][0]))
print(line)
PY

reboot_b() {
    ip -n "$NS_B" link set vB netns "$NS_P"
    ip netns del "$NS_B"
    ip netns add "$NS_B"
    ip -n "$NS_P" link set vB netns "$NS_B"
    ip -n "$NS_B" addr add 10.99.0.2/24 dev vB
    ip -n "$NS_B" link set vB up
}

run_case() { # label order
    local label="$1" order="$2"
    netns_pair_create
    ip netns del "$NS_P" 2>/dev/null || true
    ip netns add "$NS_P"
    ip netns exec "$NS_A" timeout 35 tcpdump --immediate-mode -i vA -nn -U -w "$work/cap.pcap" \
        'tcp port 5000' 2>/dev/null &
    local dump=$!
    sleep 0.5
    : > "$work/server.out"
    ip netns exec "$NS_A" timeout 30 python3 -u "$work/server.py" "$order" > "$work/server.out" &
    local server=$!
    sleep 0.3
    ip netns exec "$NS_B" timeout 30 python3 "$work/client.py" &
    local client=$!
    sleep 0.5
    ip netns exec "$NS_B" iptables -A INPUT -p tcp -j DROP
    ip netns exec "$NS_B" iptables -A OUTPUT -p tcp -j DROP
    for _ in $(seq 100); do grep -q '^send' "$work/server.out" && break; sleep 0.05; done
    local sent; sent="$(awk '/^send/ {print $2}' "$work/server.out")"
    sleep "$(python3 -c "import time; print(max(0, $sent + $delay - time.time()))")"
    local r0; r0="$(date +%s.%N)"
    kill -TERM "$client"; wait "$client" || true
    local left; left="$(ip netns exec "$NS_B" ss -tanH | wc -l)"
    reboot_b
    local r1; r1="$(date +%s.%N)"
    local fresh; fresh="$(ip netns exec "$NS_B" ss -tanH | wc -l)"
    wait "$server" || true
    local mib; mib="$(ip netns exec "$NS_A" nstat -az TcpExtTCPLossProbes TcpRetransSegs TcpExtTCPTimeouts \
        | awk '!/^#/ {printf "%s%s=%s", (n++ ? " " : ""), $1, $2}')"
    sleep 1.0; kill "$dump" 2>/dev/null || true; wait 2>/dev/null || true
    echo "$label: (TCP sockets in ns B before deletion: $left; after re-creation: $fresh; server MIB: $mib)"
    python3 "$work/analyse.py" "$work" "$label" "$work/cap.pcap" "$work/server.out" "$r0 $r1"
}

echo "kernel: $(uname -r); reboot method: abortive close under iptables DROP, then ip netns del/add" \
     "of the client namespace with vB parked and moved back (same device and MAC)"
run_case "reboot, recv first" recv
run_case "reboot, send first" send
