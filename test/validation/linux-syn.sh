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
[ "$(id -u)" -eq 0 ] || { echo "$0: needs root (network namespaces)" >&2; exit 1; }
values=("$@"); [ ${#values[@]} -gt 0 ] || values=(1 2 3 4)
work="$(mktemp -d)"; nsA="tsA$$"; nsB="tsB$$"
remove_namespaces() { ip netns del "$nsA" 2>/dev/null || true; ip netns del "$nsB" 2>/dev/null || true; }
trap 'remove_namespaces; rm -rf "$work"' EXIT
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
    remove_namespaces
    ip netns add "$nsA"; ip netns add "$nsB"
    ip link add vA netns "$nsA" type veth peer name vB netns "$nsB"
    ip -n "$nsA" addr add 10.99.0.1/24 dev vA; ip -n "$nsB" addr add 10.99.0.2/24 dev vB
    ip -n "$nsA" link set vA up; ip -n "$nsB" link set vB up
    ip netns exec "$nsB" sysctl -qw net.ipv4.tcp_syn_retries="$r"
    refused="$(ip netns exec "$nsB" timeout 10 python3 "$work/connect.py")"
    ip netns exec "$nsA" iptables -A INPUT -p tcp -j DROP
    ip netns exec "$nsB" timeout 105 tcpdump -i vB -nn -tt -U \
        'tcp[tcpflags] & tcp-syn != 0' 2>/dev/null > "$work/syn.txt" &
    dump=$!
    sleep 0.5
    blackhole="$(ip netns exec "$nsB" timeout 102 python3 "$work/connect.py")"
    sleep 0.3; kill "$dump" 2>/dev/null || true; wait 2>/dev/null || true
    syns="$(awk 'NF>3 {print $1}' "$work/syn.txt" | awk 'NR==1{s=$1} {printf "%s%.3f", (NR>1?",":""), $1-s}')"
    echo "tcp_syn_retries=$r: closed port: $refused; black hole: SYNs at +$syns s, $blackhole"
done
