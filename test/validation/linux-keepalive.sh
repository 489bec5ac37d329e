#!/usr/bin/env bash
# Measure, on this machine's Linux kernel, TCP keepalive on an idle established connection.
#
#   sudo test/validation/linux-keepalive.sh
#
# Two network namespaces joined by a veth pair (created here, always removed). The server in
# $NS_A (10.99.0.1:5000) sets SO_KEEPALIVE, TCP_KEEPIDLE=2, TCP_KEEPINTVL=1, TCP_KEEPCNT=3 on
# the accepted socket; the client in $NS_B sends "hi", the server answers "ok", then both idle.
# Cases:
#   dead peer: 0.5 s after the exchange iptables drops all TCP in and out of $NS_B; the server
#     polls for an error, then makes four calls (recv first, or send first) and records errnos.
#   live peer: nothing is dropped; 8.5 s of probes and their ACKs, no error expected.
#   dead peer with TCP_USER_TIMEOUT (2500 ms and 7500 ms) set as well.
# tcpdump captures on vA (the prober's side of the veth), so the give-up RST is seen even though
# the peer drops it (--immediate-mode and a 1 s wait before stopping it: without them the last
# packet, i.e. the RST, is sometimes never delivered to tcpdump). Times are relative to the last data segment ("ok"). A probe is a segment
# from the server with seq = snd_una-1 (snd_una = highest ACK from the peer).
# Also prints the keepalive sysctls (init namespace and a fresh namespace).
# Bounded: every case stops within 20 s. Needs root, iproute2, iptables, tcpdump, python3.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/netns-pair.sh"
work="$NETNS_WORK"

cp "$(dirname "${BASH_SOURCE[0]}")/pcap_segments.py" "$work/pcap.py"

cat > "$work/server.py" <<'PY'
import errno, select, socket, sys, time
order, user_timeout, wait = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.99.0.1", 5000)); s.listen(1)
c, _ = s.accept()
c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 2)
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 3)
if user_timeout:
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, user_timeout)
c.recv(100); c.send(b"ok")
p = select.poll(); p.register(c, select.POLLIN | select.POLLERR)
ev = p.poll(int(wait * 1000))
t = time.time()
if not ev:
    print("no_event %.6f" % t)
    sys.exit(0)
names = [n for n in ("POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLRDHUP")
         if ev[0][1] & getattr(select, n)]
print("event %.6f %s" % (t, "|".join(names)))
calls = ("recv", "send", "recv", "send") if order == "recv" else ("send", "recv", "send", "recv")
out = []
for call in calls:
    try:
        r = c.send(b"y") if call == "send" else c.recv(10)
        out.append("%s->%s" % (call, len(r) if call == "recv" else r))
    except OSError as e:
        out.append("%s->%s" % (call, errno.errorcode[e.errno]))
print("calls " + " ".join(out))
PY

cat > "$work/client.py" <<'PY'
import socket, time
c = socket.create_connection(("10.99.0.1", 5000)); c.send(b"hi"); c.recv(10); time.sleep(25)
PY

cat > "$work/analyse.py" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from pcap import segments
label, pcapfile, outfile = sys.argv[2:5]
segs = segments(pcapfile)
fin = [i for i, s in enumerate(segs) if "F" in s.flags]   # the live case ends with the server's close
segs = segs[:fin[0]] if fin else segs
out = open(outfile).read().split("\n")
A, B = ("10.99.0.1", 5000), ("10.99.0.2", None)
fromA = [s for s in segs if s.src == A]
fromB = [s for s in segs if s.dst == A]
t0 = [s for s in segs if s.len > 0][-1].t           # last data segment ("ok")
snd_una = max(s.ack for s in fromB if "." in s.flags)
probes = [s for s in fromA if s.t > t0 and not set(s.flags) & set("SFR")
          and s.seq == (snd_una - 1) % 2**32]
acks = [s for s in fromB if probes and s.t > probes[0].t]
rsts = [s for s in fromA if "R" in s.flags]
last_b = max(s.t for s in fromB if s.t < (probes[0].t if probes else 1e18))
rel = lambda ts: ",".join("+%.3f" % (t - t0) for t in ts) or "none"
line = "%s: peer's last ACK +%.3f s; probes at %s s (seq = snd_una-1, payload %s B)" % (
    label, last_b - t0, rel([s.t for s in probes]),
    "/".join(sorted({str(s.len) for s in probes})) or "-")
if acks:
    line += "; peer replies at %s s" % rel([s.t for s in acks])
ev = [l.split() for l in out if l.startswith(("event", "no_event"))][0]
if ev[0] == "no_event":
    line += "; no error by +%.3f s" % (float(ev[1]) - t0)
else:
    calls = [l for l in out if l.startswith("calls")][0][6:]
    line += "; error seen at +%.3f s (poll revents %s); calls: %s" % (float(ev[1]) - t0, ev[2], calls)
line += "; RST from prober: %s" % (
    ", ".join("+%.3f s [%s] seq=snd_una%+d" % (s.t - t0, s.flags, (s.seq - snd_una + 2**31) % 2**32 - 2**31)
              for s in rsts) or "none")
print(line)
PY

run_case() { # label dead(0/1) order user_timeout_ms wait_s
    local label="$1" dead="$2" order="$3" ut="$4" wait="$5"
    netns_pair_create
    ip netns exec "$NS_A" timeout 30 tcpdump --immediate-mode -i vA -nn -U -w "$work/cap.pcap" 'tcp port 5000' \
        2>/dev/null &
    local dump=$!
    sleep 0.5
    ip netns exec "$NS_A" timeout 25 python3 -u "$work/server.py" "$order" "$ut" "$wait" \
        > "$work/server.out" &
    local server=$!
    sleep 0.3
    ip netns exec "$NS_B" timeout 25 python3 "$work/client.py" &
    local client=$!
    sleep 0.5
    if [ "$dead" = 1 ]; then
        ip netns exec "$NS_B" iptables -A INPUT -p tcp -j DROP
        ip netns exec "$NS_B" iptables -A OUTPUT -p tcp -j DROP
    fi
    wait "$server" || true
    sleep 1.0; kill "$dump" "$client" 2>/dev/null || true; wait 2>/dev/null || true
    python3 "$work/analyse.py" "$work" "$label" "$work/cap.pcap" "$work/server.out"
}

echo "kernel: $(uname -r)"
echo "defaults (init namespace): $(sysctl -n net.ipv4.tcp_keepalive_time) s time," \
     "$(sysctl -n net.ipv4.tcp_keepalive_intvl) s intvl, $(sysctl -n net.ipv4.tcp_keepalive_probes) probes"
netns_pair_create
echo "defaults (fresh namespace): $(ip netns exec "$NS_A" sysctl -n net.ipv4.tcp_keepalive_time) s time," \
     "$(ip netns exec "$NS_A" sysctl -n net.ipv4.tcp_keepalive_intvl) s intvl," \
     "$(ip netns exec "$NS_A" sysctl -n net.ipv4.tcp_keepalive_probes) probes"
echo "socket options: TCP_KEEPIDLE=2 TCP_KEEPINTVL=1 TCP_KEEPCNT=3; times relative to the last data segment"
run_case "dead peer, recv first"                1 recv 0    15
run_case "dead peer, send first"                1 send 0    15
run_case "live peer"                            0 recv 0    8.5
run_case "dead peer, TCP_USER_TIMEOUT=2500 ms"  1 recv 2500 15
run_case "dead peer, TCP_USER_TIMEOUT=7500 ms"  1 recv 7500 15
