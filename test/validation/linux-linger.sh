#!/usr/bin/env bash
# Measure SO_LINGER on this machine's Linux kernel: what close() returns, how long it blocks,
# what goes on the wire, and what the peer sees.
#
#   sudo test/validation/linux-linger.sh [case ...]     (default: a b b2 b3 c d d2 e)
#
# Two network namespaces joined by a veth pair (created afresh for each case, always removed):
# L = the socket that closes (ns A, 10.99.0.1), P = its peer (ns B, 10.99.0.2, listens on 5000).
# Cases:  a   linger off, ~80 KB unsent (peer's receive window small, peer not reading)
#         b   linger {1,0} after the peer read everything: peer calls recv, send, send, recv
#         b2  linger {1,0} with 100 B unread at the peer: recv, recv, send, send
#         b3  linger {1,0}, peer calls send, send, recv, recv
#         c   linger {1,2}, ~80 KB unsent, the peer starts reading as close() is called
#         d   linger {1,2}, ~80 KB unsent behind a zero window, peer black-holed (iptables DROP
#             in and out in ns B) just before close(); watched for 8 s after close() returns
#         d2  linger {1,2}, 10 KB sent after the black-hole (in flight, window open)
#         e   as d with the socket O_NONBLOCK
# tcpdump runs on vA (sees L's segments, and P's unless P is black-holed); times are seconds
# relative to the close() call; "x5 @t1,t2,.." is a run of 5 equal segments. ss states come
# from `ss -tano` inside the namespace; note ss prints e.g. 2.996 s as "2.996ms".
# Bounded: each case stops after 60 s at most (about 12 s for d, d2, e). Needs root, iproute2,
# iptables, tcpdump, python3.
set -euo pipefail
cases=("$@"); [ ${#cases[@]} -gt 0 ] || cases=(a b b2 b3 c d d2 e)
. "$(dirname "${BASH_SOURCE[0]}")/netns-pair.sh"
work="$NETNS_WORK"

cp "$(dirname "${BASH_SOURCE[0]}")/netns_lab.py" "$work/lib.py"
cat > "$work/case.py" <<'PY'
from lib import *
LAB.update({IP["A"]: "L", IP["B"]: "P"})      # L: the socket that closes (ns A), P: its peer (ns B)
SMALL_RCV = {socket.SO_RCVBUF: 4096}           # peer's receive window stays small
SNDBUF = {socket.SO_SNDBUF: 65536}
cap = Capture()

if CASE == "a":
    l, p = pair("B", "A", SMALL_RCV, SNDBUF)
    n = fill(l, 200000); time.sleep(0.2); q, u = outq(l)
    r, dt, t0 = close(l)
    s1 = ss("A", True)
    got, end, te = drain(p)
    time.sleep(0.1); s2 = ss("A")
    close(p); time.sleep(0.3); s3 = ss("A", True)
    segs = cap.stop()
    print("a.close: linger off, %d B queued (%d B unsent) at close: close() returned %s after %.3f ms"
          % (q, u, r, dt * 1e3))
    print("a.peer: read %d B of %d sent, then recv() returned %s (+%.3f s after close)" % (got, n, end, te - t0))
    print("a.ss: closer right after close: %s; after the peer saw EOF: %s; after the peer closed: %s" % (s1, s2, s3))
    print("a.wire: %s" % wire(segs, t0, ctl=True))

elif CASE in ("b", "b2", "b3"):
    l, p = pair("B", "A")
    l.send(b"x" * 100)
    if CASE != "b2":
        recvn(p, 100)
    linger(l, 1, 0)
    r, dt, t0 = close(l); time.sleep(0.2)
    sl, sp = ss("A"), ss("B")
    order = {"b": "rssr", "b2": "rrss", "b3": "ssrr"}[CASE]
    calls = ["%s->%s" % (("recv", recv(p)) if c == "r" else ("send(100)", send(p))) for c in order]
    segs = cap.stop()
    what = {"b": "peer had read everything", "b2": "100 B unread at the peer",
            "b3": "peer had read everything, calls send() first"}[CASE]
    print("%s.close: linger {1,0} (%s): close() returned %s after %.3f ms; 0.2 s later closer: %s, peer: %s"
          % (CASE, what, r, dt * 1e3, sl, sp))
    print("%s.peer: %s" % (CASE, ", ".join(calls)))
    print("%s.wire: %s" % (CASE, wire(segs, t0)))

elif CASE == "c":
    l, p = pair("B", "A", SMALL_RCV, SNDBUF)
    n = fill(l, 200000); time.sleep(0.2); q, u = outq(l)
    linger(l, 1, 2)
    res = []
    th = threading.Thread(target=lambda: res.append(drain(p)), daemon=True); th.start()
    r, dt, t0 = close(l)
    s1 = ss("A", True)
    th.join(10)
    segs = cap.stop()
    got, end, te = res[0]
    print("c.close: linger {1,2}, peer reading, %d B queued (%d B unsent) at close: close() returned %s after %.3f ms"
          % (q, u, r, dt * 1e3))
    print("c.peer: read %d B of %d sent, then recv() returned %s (+%.3f s after close)" % (got, n, end, te - t0))
    print("c.ss: closer right after close returned: %s" % s1)
    print("c.wire: %s" % wire(segs, t0, ctl=True))

elif CASE in ("d", "d2", "e"):
    if CASE == "d2":        # data in flight, window open
        l, p = pair("B", "A")
        l.send(b"x" * 100); recvn(p, 100)
        blackhole("B"); t_bh = time.time()
        n = l.send(b"x" * 10000); time.sleep(0.1)
    else:                   # peer's window full, data unsent
        l, p = pair("B", "A", SMALL_RCV, SNDBUF)
        n = fill(l, 200000); time.sleep(0.2)
        blackhole("B"); t_bh = time.time(); time.sleep(0.1)
    q, u = outq(l)
    linger(l, 1, 2)
    if CASE == "e":
        l.setblocking(False)
    fl = "O_NONBLOCK" if os.get_blocking(l.fileno()) is False else "blocking"
    r, dt, t0 = close(l)
    s1 = ss("A", True)
    time.sleep(8); s2 = ss("A", True)
    segs = cap.stop()
    after = [x for x in segs if x[0] > t0 + dt and x[1] == "L>P"]
    print("%s.close: linger {1,2}, %s, peer black-holed, %d B queued (%d B unsent) at close: close() returned %s after %.3f s"
          % (CASE, fl, q, u, r, dt))
    print("%s.ss: right after close returned: %s; 8 s later: %s" % (CASE, s1, s2))
    print("%s.wire: black-hole at %+.3f; %s" % (CASE, t_bh - t0, wire(segs, t0, t_from=t_bh)))
    print("%s.after-linger: segments sent after close returned (8 s): %d, RST among them: %s, at linger expiry (+-50 ms): %s"
          % (CASE, len(after), "yes" if any("R" in x[2] for x in after) else "no",
             wire([x for x in segs if abs(x[0] - (t0 + dt)) < 0.05], t0)))
else:
    sys.exit("unknown case " + CASE)
PY

echo "kernel: $(uname -r)"
for c in "${cases[@]}"; do
    netns_pair_create
    [ "$c" != a ] || echo "settings in the namespace: tcp_orphan_retries=$(ip netns exec "$NS_A" sysctl -n net.ipv4.tcp_orphan_retries) tcp_retries2=$(ip netns exec "$NS_A" sysctl -n net.ipv4.tcp_retries2) tcp_fin_timeout=$(ip netns exec "$NS_A" sysctl -n net.ipv4.tcp_fin_timeout)"
    timeout 60 python3 "$work/case.py" "$NS_A" "$NS_B" "$work" "$c" || echo "$c: FAILED (exit $?)"
done
