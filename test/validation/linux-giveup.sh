#!/usr/bin/env bash
# Measure, on this machine's Linux kernel, how a sender gives up when its peer vanishes.
#
#   sudo test/validation/linux-giveup.sh [tcp_retries2 ...]       (default: 3 4 5 6)
#
# Two network namespaces joined by a veth pair (created here, always removed); the server
# sends 1000 B, then iptables black-holes the client. For each tcp_retries2 value the script
# prints the data transmissions seen by tcpdump (original, tail-loss probe, timeout
# retransmissions), the time of ETIMEDOUT after the first timeout retransmission, the errno
# sequence of the next calls, and whether anything was sent at or after the error.
# Bounded: each run stops after 120 s. Needs root, iproute2, iptables, tcpdump, python3.
set -euo pipefail
values=("$@"); [ ${#values[@]} -gt 0 ] || values=(3 4 5 6)
. "$(dirname "${BASH_SOURCE[0]}")/netns-pair.sh"
work="$NETNS_WORK"

cat > "$work/server.py" <<'PY'
import errno, select, socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.99.0.1", 5000)); s.listen(1)
c, _ = s.accept(); c.recv(100)
time.sleep(1.0)                       # the client is black-holed during this second
c.send(b"x" * 1000)
p = select.poll(); p.register(c, select.POLLERR)
p.poll(110000)
print("error_at", "%.6f" % time.time())
out = []
for call in ("send", "send", "recv"):
    try:
        r = c.send(b"y") if call == "send" else c.recv(10)
        out.append("%s->%s" % (call, len(r) if call == "recv" else r))
    except OSError as e:
        out.append("%s->%s" % (call, errno.errorcode[e.errno]))
print("calls", " ".join(out))
PY
cat > "$work/client.py" <<'PY'
import socket, time
c = socket.create_connection(("10.99.0.1", 5000)); c.send(b"hi"); time.sleep(115)
PY

for r in "${values[@]}"; do
    netns_pair_create
    ip netns exec "$NS_A" sysctl -qw net.ipv4.tcp_retries2="$r"
    ip netns exec "$NS_A" timeout 125 tcpdump -i vA -nn -tt -U -w "$work/cap.pcap" \
        'tcp port 5000' 2>/dev/null &
    dump=$!
    sleep 0.5
    ip netns exec "$NS_A" timeout 120 python3 "$work/server.py" > "$work/server.out" &
    server=$!
    sleep 0.3
    ip netns exec "$NS_B" timeout 120 python3 "$work/client.py" &
    client=$!
    sleep 0.5
    ip netns exec "$NS_B" iptables -A INPUT -p tcp -j DROP
    ip netns exec "$NS_B" iptables -A OUTPUT -p tcp -j DROP
    wait "$server" || true
    sleep 0.3; kill "$dump" "$client" 2>/dev/null || true; wait 2>/dev/null || true
    tcpdump -nn -tt -r "$work/cap.pcap" 2>/dev/null | awk '/10.99.0.1.5000 >/' > "$work/sent.txt"
    python3 - "$r" "$work/sent.txt" "$work/server.out" <<'PY'
import sys
r, sent, out = sys.argv[1], open(sys.argv[2]).read().splitlines(), open(sys.argv[3]).read()
data = [float(l.split()[0]) for l in sent if "length 1000" in l]
err = float(out.split("error_at")[1].split()[0])
calls = out.split("calls")[1].strip()
after = [l for l in sent if float(l.split()[0]) >= err - 0.001]
# data[0] original, data[1] tail-loss probe, data[2:] timeout retransmissions
rto = data[2:]
print("tcp_retries2=%s: %d timeout retransmissions at +%s s after the first; ETIMEDOUT %.3f s "
      "after the first; next calls: %s; segments sent at or after the error: %d"
      % (r, len(rto), ",".join("%.3f" % (t - rto[0]) for t in rto), err - rto[0], calls, len(after)))
PY
done
