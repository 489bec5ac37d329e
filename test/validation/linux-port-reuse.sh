#!/usr/bin/env bash
# Measure, on this machine's Linux kernel, port reuse around TIME_WAIT and ephemeral exhaustion.
#
#   sudo test/validation/linux-port-reuse.sh
#
# Two network namespaces joined by a veth pair (created again for every case, so no TIME_WAIT
# survives from one case to the next; always removed). Server S in $NS_A (10.99.0.1, ports
# 5000-5002), client C in $NS_B (10.99.0.2). Cases:
#   a. C binds 10.99.0.2:40000, connects to S:5000 and closes first (C holds TIME_WAIT); a new
#      socket binds 10.99.0.2:40000 and 0.0.0.0:40000 without / with SO_REUSEADDR, with the old
#      socket without / with SO_REUSEADDR: errno of each bind().
#   b. Same TIME_WAIT (both sockets SO_REUSEADDR), the new socket bound to 10.99.0.2:40000
#      connects to S:5000 (the TIME_WAIT 4-tuple) 0.5 s after TIME_WAIT began: result, and
#      the new SYN's sequence number against the old connection's snd_nxt (FIN seq + 1), for
#      tcp_tw_reuse = default / 1 and tcp_timestamps = 1 / 0 (set in both namespaces).
#   c. S closes first (S holds TIME_WAIT 10.99.0.1:5000 <-> 10.99.0.2:40000); C (new socket,
#      SO_REUSEADDR, bound to 40000) connects again within it: S's answer to the SYN (SYN-ACK
#      sequence number against S's old snd_nxt, or an ACK), and whether connect() succeeds;
#      timestamps on / off. With timestamps off also a hand-made SYN (raw socket, no options)
#      with a sequence number 2^20 below / above S's TIME_WAIT rcv_nxt.
#   d. ip_local_port_range "40000 40002" in $NS_B: connect() to S:5000 until it fails, then one
#      to S:5001; the client closes those to S:5000 first (TIME_WAIT), then connect() to S:5000
#      and to S:5002; then tcp_tw_reuse=1 and connect() to S:5000 at once and 1.5 s later.
#      Then, with the range "40000 40003", only the count of connect() to S:5000 that succeed.
# Sequence numbers are absolute (read from the pcap). Bounded: each step has a timeout; the
# whole script takes well under a minute. Needs root, iproute2, tcpdump, python3, ss.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/netns-pair.sh"
work="$NETNS_WORK"

cp "$(dirname "${BASH_SOURCE[0]}")/pcap_segments.py" "$work/pcap.py"
cp "$(dirname "${BASH_SOURCE[0]}")/tcp_raw.py" "$work/tcp_raw.py"

cat > "$work/server.py" <<'PY'
# S: listens on the given ports; mode "eof": read until EOF, then close (the client closes
# first); mode "first": read "hi", send "ok", close (the server closes first).
import select, socket, sys, threading
mode, ports = sys.argv[1], [int(p) for p in sys.argv[2:]]
ls = []
for p in ports:
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("10.99.0.1", p)); s.listen(16); ls.append(s)
def handle(c):
    try:
        if mode == "first":
            c.recv(100); c.send(b"ok")
        else:
            while c.recv(1000):
                pass
    except OSError:
        pass
    c.close()
while True:
    for s in select.select(ls, [], [])[0]:
        c, _ = s.accept()
        threading.Thread(target=handle, args=(c,), daemon=True).start()
PY

cat > "$work/common.py" <<'PY'
import errno, socket, subprocess, time
S = ("10.99.0.1", 5000)
def err(e):
    return errno.errorcode.get(e.errno, str(e))
def tw(port):
    """TIME_WAIT sockets in this namespace with local or remote port `port`."""
    r = subprocess.run(["ss", "-tanH", "state", "time-wait"], capture_output=True, text=True)
    return [" ".join(l.split()[-2:]) for l in r.stdout.splitlines() if ":%d " % port in l + " "]
def sock(reuse):
    s = socket.socket()
    if reuse:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    return s
def old_connection(reuse, mode):
    """Bound to 10.99.0.2:40000; mode "eof": C closes first; "first": S closes first."""
    o = sock(reuse); o.bind(("10.99.0.2", 40000)); o.connect(S); o.send(b"hi")
    if mode == "eof":
        time.sleep(0.2)
    else:
        while o.recv(100):
            pass
    o.close()
PY

cat > "$work/bindtest.py" <<'PY'
import sys, time
from common import *
old_reuse = int(sys.argv[1])
old_connection(old_reuse, "eof"); time.sleep(0.5)
res = []
for new_reuse in (0, 1):
    for addr in ("10.99.0.2", "0.0.0.0"):
        s = sock(new_reuse)
        try:
            s.bind((addr, 40000)); r = "ok"
        except OSError as e:
            r = err(e)
        s.close()
        res.append("new %s SO_REUSEADDR bind %s:40000 -> %s"
                   % ("with" if new_reuse else "without", addr, r))
print("a: old %s SO_REUSEADDR (TIME_WAIT in ns B: %s): %s"
      % ("with" if old_reuse else "without", ", ".join(tw(40000)) or "none", "; ".join(res)))
PY

cat > "$work/reconnect.py" <<'PY'
import sys, time
from common import *
old_connection(1, "eof"); time.sleep(0.5)
t = tw(40000)
n = sock(1); n.bind(("10.99.0.2", 40000))
print("marker %.6f" % time.time())
n.settimeout(5)
try:
    n.connect(S); n.send(b"hi"); r = "connected"
    time.sleep(0.2)
except OSError as e:
    r = err(e)
n.close()
print("result TIME_WAIT in ns B before connect: %s; connect() -> %s" % (", ".join(t) or "none", r))
PY

cat > "$work/cnew.py" <<'PY'
import sys, time
from common import *
if sys.argv[1] == "old":
    old_connection(1, "first"); sys.exit(0)
n = sock(1); n.bind(("10.99.0.2", 40000))
print("marker %.6f" % time.time())
n.settimeout(5)
t0 = time.time()
try:
    n.connect(S); dt = time.time() - t0; n.send(b"hi"); data = n.recv(100)
    r = "connected after %.3f s, received %r" % (dt, data)
except OSError as e:
    r = err(e)
n.close()
print("result connect() -> %s" % r)
PY

cat > "$work/rawsyn.py" <<'PY'
# A SYN without options from 10.99.0.2:40000 to 10.99.0.1:5000 with the given sequence number.
import sys, time
from tcp_raw import raw_tcp, segment
syn = segment("10.99.0.2", "10.99.0.1", 40000, 5000, int(sys.argv[1]), 0, "S")
print("marker %.6f" % time.time())
raw_tcp().sendto(syn, ("10.99.0.1", 0))
time.sleep(0.5)
PY

cat > "$work/exhaust.py" <<'PY'
import sys, time
from common import *
conns, fail = [], None
for _ in range(10):
    s = socket.socket()
    try:
        s.connect(S); conns.append(s)
    except OSError as e:
        fail = err(e); s.close(); break
ports = [s.getsockname()[1] for s in conns]
print("d: connect() to S:5000: %d succeed (local ports %s), the next -> %s"
      % (len(conns), ",".join(map(str, ports)), fail))
if sys.argv[1:] == ["short"]:
    sys.exit(0)
def attempt(port):
    s = socket.socket()
    try:
        s.connect((S[0], port)); return s, "ok (local port %d)" % s.getsockname()[1]
    except OSError as e:
        s.close(); return None, err(e)
x, r = attempt(5001)
print("d: while the %d are open, connect() to S:5001 -> %s" % (len(conns), r))
for s in conns:
    s.close()
time.sleep(0.5)
print("d: after the client closed the %d first: TIME_WAIT in ns B: %s"
      % (len(conns), ", ".join(tw(5000)) or "none"))
y, r = attempt(5000)
print("d: connect() to S:5000 (same server port) -> %s" % r)
z, r = attempt(5002)
print("d: connect() to S:5002 (different server port) -> %s" % r)
open("/proc/sys/net/ipv4/tcp_tw_reuse", "w").write("1\n")
v, r = attempt(5000)
print("d: tcp_tw_reuse=1, about 0.5 s after TIME_WAIT began: connect() to S:5000 -> %s" % r)
time.sleep(1.5)
w, r = attempt(5000)
print("d: tcp_tw_reuse=1, about 2.0 s after TIME_WAIT began: connect() to S:5000 -> %s" % r)
PY

cat > "$work/analyse.py" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from pcap import segments, diff
what, pcapfile, outfile = sys.argv[2], sys.argv[3], sys.argv[4]
segs = segments(pcapfile)
lines = open(outfile).read().splitlines() if outfile != "-" else []
marker = float([l for l in lines if l.startswith("marker")][0].split()[1]) if lines else 1e18
result = ([l[7:] for l in lines if l.startswith("result")] or [""])[0]
C, S = ("10.99.0.2", 40000), ("10.99.0.1", 5000)
old = [s for s in segs if s.t < marker]
new = [s for s in segs if s.t >= marker]
oc = [s for s in old if s.src == C]; os_ = [s for s in old if s.src == S]
fin_c = [s.seq for s in oc if "F" in s.flags][0]
fin_s = [s.seq for s in os_ if "F" in s.flags][0]
if what == "tw_rcv_nxt":          # S's TIME_WAIT rcv_nxt = C's FIN seq + 1
    print((fin_c + 1) % 2**32); sys.exit(0)
syn_old = [s for s in oc if "S" in s.flags][0]
ts_old = [s.tsval for s in oc if s.tsval is not None]
nsyn = [s for s in new if s.src == C and "S" in s.flags]
ans = [s for s in new if s.src == S]
def seg(s):
    return "[%s] seq=%d ack=%d" % (s.flags, s.seq, s.ack)
if what == "client_tw":            # case b: C holds the TIME_WAIT
    out = "%s; old ISN %d, old snd_nxt (FIN seq+1) %d" % (result, syn_old.seq, fin_c + 1)
    if nsyn:
        out += "; new SYN seq %d = old snd_nxt %+d" % (nsyn[0].seq, diff(nsyn[0].seq, fin_c + 1))
        out += "; answer: %s" % (seg(ans[0]) if ans else "none")
    else:
        out += "; no SYN sent"
    print(out)
else:                              # case c: S holds the TIME_WAIT
    tw_snd, tw_rcv = (fin_s + 1) % 2**32, (fin_c + 1) % 2**32
    out = "%sS's TIME_WAIT snd_nxt %d, rcv_nxt %d" % (result + "; " if result else "", tw_snd, tw_rcv)
    for i, s in enumerate(nsyn):
        out += "; SYN#%d seq=rcv_nxt%+d %s" % (i + 1, diff(s.seq, tw_rcv),
            "TSval=last old TSval%+d" % diff(s.tsval, ts_old[-1]) if s.tsval is not None and ts_old
            else ("TSval %d" % s.tsval if s.tsval is not None else "no timestamp"))
        reply = [a for a in ans if a.t >= s.t and (i + 1 == len(nsyn) or a.t < nsyn[i + 1].t)][:1]
        for a in reply:
            if "S" in a.flags:
                out += " -> S: [%s] ISN=snd_nxt%+d" % (a.flags, diff(a.seq, tw_snd))
            else:
                out += " -> S: [%s] seq=snd_nxt%+d ack=rcv_nxt%+d" % (
                    a.flags, diff(a.seq, tw_snd), diff(a.ack, tw_rcv))
        if not reply:
            out += " -> S: nothing"
    rst = [s for s in new if s.src == C and "R" in s.flags and s.t < nsyn[-1].t + 0.1]
    if rst:
        out += "; C sent %s" % ", ".join("[%s] seq=rcv_nxt%+d" % (r.flags, diff(r.seq, tw_rcv))
                                          for r in rst)
    print(out)
PY

dump=
start() { # mode ports... : server in ns A and tcpdump on vA
    local mode="$1"; shift
    ip netns exec "$NS_A" timeout 40 tcpdump --immediate-mode -i vA -nn -U -w "$work/cap.pcap" \
        'tcp' 2>/dev/null &
    dump=$!
    ip netns exec "$NS_A" timeout 30 python3 "$work/server.py" "$mode" "$@" &
    server=$!
    sleep 0.7
}
stop() {
    sleep 1.0; kill "$dump" "$server" 2>/dev/null || true; wait 2>/dev/null || true
}
inB() { ip netns exec "$NS_B" env PYTHONPATH="$work" timeout 20 python3 -u "$@"; }
setboth() { ip netns exec "$NS_A" sysctl -qw "$1"; ip netns exec "$NS_B" sysctl -qw "$1"; }

echo "kernel: $(uname -r)"
netns_pair_create
echo "defaults (fresh namespace): tcp_tw_reuse=$(ip netns exec "$NS_B" sysctl -n net.ipv4.tcp_tw_reuse)" \
     "tcp_tw_reuse_delay=$(ip netns exec "$NS_B" sysctl -n net.ipv4.tcp_tw_reuse_delay 2>/dev/null || echo absent)" \
     "tcp_timestamps=$(ip netns exec "$NS_B" sysctl -n net.ipv4.tcp_timestamps)" \
     "tcp_rfc1337=$(ip netns exec "$NS_B" sysctl -n net.ipv4.tcp_rfc1337)" \
     "ip_local_port_range=$(ip netns exec "$NS_B" sysctl -n net.ipv4.ip_local_port_range | tr '\t' ' ')" \
     "(init namespace: $(sysctl -n net.ipv4.ip_local_port_range | tr '\t' ' '))"

# a. bind() over the client's own TIME_WAIT
for old_reuse in 0 1; do
    netns_pair_create; start eof 5000
    inB "$work/bindtest.py" "$old_reuse"
    stop
done

# b. connect() over the client's own TIME_WAIT (same 4-tuple)
for cfg in "2 1" "1 1" "2 0" "1 0"; do
    set -- $cfg
    netns_pair_create
    ip netns exec "$NS_B" sysctl -qw net.ipv4.tcp_tw_reuse="$1"
    setboth net.ipv4.tcp_timestamps="$2"
    start eof 5000
    inB "$work/reconnect.py" > "$work/out.txt"
    stop
    echo "b: tcp_tw_reuse=$1 tcp_timestamps=$2: $(python3 "$work/analyse.py" "$work" client_tw \
        "$work/cap.pcap" "$work/out.txt")"
done

# c. SYN to the server's TIME_WAIT
for ts in 1 0; do
    netns_pair_create; setboth net.ipv4.tcp_timestamps="$ts"
    start first 5000
    inB "$work/cnew.py" old; sleep 0.3
    t="$(ip netns exec "$NS_A" ss -tanH state time-wait | awk '{print $(NF-1), $NF}' | paste -sd,)"
    inB "$work/cnew.py" new > "$work/out.txt"
    stop
    echo "c: tcp_timestamps=$ts, connect(): TIME_WAIT in ns A: ${t:-none}; $(python3 "$work/analyse.py" \
        "$work" server_tw "$work/cap.pcap" "$work/out.txt")"
done
for off in -1048576 1048576; do
    netns_pair_create; setboth net.ipv4.tcp_timestamps=0
    start first 5000
    inB "$work/cnew.py" old; sleep 0.3
    t="$(ip netns exec "$NS_A" ss -tanH state time-wait | awk '{print $(NF-1), $NF}' | paste -sd,)"
    rcv="$(python3 "$work/analyse.py" "$work" tw_rcv_nxt "$work/cap.pcap" -)"
    inB "$work/rawsyn.py" "$((rcv + off))" > "$work/out.txt"
    stop
    echo "c: tcp_timestamps=0, raw SYN at rcv_nxt$( [ "$off" -ge 0 ] && echo +)$off: TIME_WAIT in ns A: ${t:-none};" \
         "$(python3 "$work/analyse.py" "$work" server_tw "$work/cap.pcap" "$work/out.txt")"
done

# d. ephemeral port exhaustion
netns_pair_create
ip netns exec "$NS_B" sysctl -qw net.ipv4.ip_local_port_range="40000 40002"
start eof 5000 5001 5002
echo "d: ip_local_port_range=$(ip netns exec "$NS_B" sysctl -n net.ipv4.ip_local_port_range | tr '\t' ' ')" \
     "tcp_tw_reuse=$(ip netns exec "$NS_B" sysctl -n net.ipv4.tcp_tw_reuse)"
inB "$work/exhaust.py"
stop
netns_pair_create
ip netns exec "$NS_B" sysctl -qw net.ipv4.ip_local_port_range="40000 40003"
start eof 5000
echo "d: ip_local_port_range=$(ip netns exec "$NS_B" sysctl -n net.ipv4.ip_local_port_range | tr '\t' ' ')"
inB "$work/exhaust.py" short
stop
