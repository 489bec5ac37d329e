#!/usr/bin/env bash
# Measure, on this machine's Linux kernel, connect() to a closed port and to a black hole.
#
#   sudo test/validation/linux-syn.sh [tcp_syn_retries ...]        (default: 1 2 3 4)
#
# Two network namespaces joined by a veth pair (created here, always removed). For each
# tcp_syn_retries value: connect() to a port nobody listens on (errno and time), then to a host
# whose iptables drops everything (the SYN times, from tcpdump, and the errno and time).
# Bounded: each connect gives up by itself or is stopped after 100 s.
set -euo pipefail
values=("$@"); [ ${#values[@]} -gt 0 ] || values=(1 2 3 4)
. "$(dirname "${BASH_SOURCE[0]}")/netns-pair.sh"
work="$NETNS_WORK"
cat > "$work/connect.py" <<'PY'
import errno, socket, sys, time
t0 = time.time()
try:
    socket.create_connection(("10.99.0.1", 5001), timeout=100)
    print("connected")
except OSError as e:
    print("%s after %.3f s" % (errno.errorcode.get(e.errno, e), time.time() - t0))
PY
echo "linear SYN timeouts (net.ipv4.tcp_syn_linear_timeouts): $(cat /proc/sys/net/ipv4/tcp_syn_linear_timeouts 2>/dev/null || echo absent)"
for r in "${values[@]}"; do
    netns_pair_create
    ip netns exec "$NS_B" sysctl -qw net.ipv4.tcp_syn_retries="$r"
    refused="$(ip netns exec "$NS_B" timeout 10 python3 "$work/connect.py")"
    ip netns exec "$NS_A" iptables -A INPUT -p tcp -j DROP
    ip netns exec "$NS_B" timeout 105 tcpdump -i vB -nn -tt -U \
        'tcp[tcpflags] & tcp-syn != 0' 2>/dev/null > "$work/syn.txt" &
    dump=$!
    sleep 0.5
    blackhole="$(ip netns exec "$NS_B" timeout 102 python3 "$work/connect.py")"
    sleep 0.3; kill "$dump" 2>/dev/null || true; wait 2>/dev/null || true
    syns="$(awk 'NF>3 {print $1}' "$work/syn.txt" | awk 'NR==1{s=$1} {printf "%s%.3f", (NR>1?",":""), $1-s}')"
    echo "tcp_syn_retries=$r: closed port: $refused; black hole: SYNs at +$syns s, $blackhole"
done
