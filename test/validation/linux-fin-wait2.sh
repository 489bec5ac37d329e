#!/usr/bin/env bash
# Measure FIN_WAIT_2 and CLOSE_WAIT lifetimes on this machine's Linux kernel, with
# net.ipv4.tcp_fin_timeout=3 in the closer's namespace.
#
#   sudo test/validation/linux-fin-wait2.sh [case ...]       (default: a b c1 c2)
#
# Two network namespaces joined by a veth pair (created afresh for each case, always removed):
# X = the closer (ns A, 10.99.0.1, tcp_fin_timeout=3), P = its peer (ns B, 10.99.0.2:5000),
# which never closes.
# Cases:  a   X close()s (orphan); X's and P's states polled with `ss -tan` every 0.1 s for
#             10 s; does X send anything when its entry disappears? Also prints line "d":
#             P (got the FIN, never closes) stays in CLOSE-WAIT?
#         b   X shutdown(SHUT_WR) only (not orphaned): still FIN-WAIT-2 after 10 s?
#         c1  X close()s; 0.5 s later P (CLOSE-WAIT) sends 100 B to the orphaned X: does X
#             answer with RST? then P calls send, send, recv, recv
#         c2  the same, P then calls recv, recv, send, send
# tcpdump runs on vA; times are seconds relative to X's close()/shutdown() call; ss prints
# e.g. 2.988 s as "2.988ms".
# Bounded: each case stops after 60 s at most (about 11 s for a and b). Needs root, iproute2,
# tcpdump, python3.
set -euo pipefail
cases=("$@"); [ ${#cases[@]} -gt 0 ] || cases=(a b c1 c2)
. "$(dirname "${BASH_SOURCE[0]}")/netns-pair.sh"
work="$NETNS_WORK"

cp "$(dirname "${BASH_SOURCE[0]}")/netns_lab.py" "$work/lib.py"
cat > "$work/case.py" <<'PY'
from lib import *
LAB.update({IP["A"]: "X", IP["B"]: "P"})      # X: the closer (ns A, tcp_fin_timeout=3), P: its peer (ns B)
cap = Capture()
x, p = pair("B", "A")
x.send(b"hi"); recvn(p, 2); time.sleep(0.1)

if CASE in ("a", "b"):
    if CASE == "a":
        r, dt, t0 = close(x); what = "close() returned %s" % r
    else:
        t0 = time.time(); what = "shutdown(SHUT_WR) returned %s" % call(lambda: x.shutdown(socket.SHUT_WR) or 0)
    time.sleep(0.05); first = ss("A", True)
    px, pp = [], []
    while time.time() < t0 + 10.0:
        t = time.time()
        px.append((t - t0, ss("A"))); pp.append((t - t0, ss("B")))
        time.sleep(max(0.0, 0.1 - (time.time() - t)))
    segs = cap.stop()
    gone = [t for t, s in px if s == "none"]
    print("%s.closer: %s; at +0.05 s: %s; closer state polled every 0.1 s for 10 s (%d polls): %s"
          % (CASE, what, first, len(px), timeline(px)))
    if gone:
        last = max(t for t, s in px if s != "none")
        print("%s.gone: closer's entry last seen %+.3f s, first absent %+.3f s; segments from the closer after +0.1 s: %s"
              % (CASE, last, gone[0], wire(segs, t0, t_from=t0 + 0.1, who="X")))
    print("%s.wire: %s" % (CASE, wire(segs, t0)))
    if CASE == "a":
        print("d.close-wait: the peer of run a (got the FIN, never closes), state polled over the same 10 s: %s"
              % timeline(pp))
    else:
        print("b.peer: peer (never closes) state over the same 10 s: %s" % timeline(pp))

elif CASE in ("c1", "c2"):
    r, dt, t0 = close(x); time.sleep(0.5)
    before = "X %s, P %s" % (ss("A", True), ss("B"))
    t1 = time.time() - t0; first = send(p); time.sleep(0.2)
    after = "X %s, P %s" % (ss("A"), ss("B"))
    order = "ssrr" if CASE == "c1" else "rrss"
    calls = ["%s->%s" % (("recv", recv(p)) if c == "r" else ("send(100)", send(p))) for c in order]
    segs = cap.stop()
    print("%s.send: closer close() returned %s; 0.5 s later: %s; peer send(100) @%+.3f -> %s; 0.2 s later: %s"
          % (CASE, r, before, t1, first, after))
    print("%s.peer: then %s" % (CASE, ", ".join(calls)))
    print("%s.wire: %s" % (CASE, wire(segs, t0)))
else:
    sys.exit("unknown case " + CASE)
PY

echo "kernel: $(uname -r)"
for c in "${cases[@]}"; do
    netns_pair_create
    ip netns exec "$NS_A" sysctl -qw net.ipv4.tcp_fin_timeout=3
    timeout 60 python3 "$work/case.py" "$NS_A" "$NS_B" "$work" "$c" || echo "$c: FAILED (exit $?)"
done
