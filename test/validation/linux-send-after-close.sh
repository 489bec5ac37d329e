#!/usr/bin/env bash
# Measure, on this machine's Linux kernel, what send() and recv() return on a server whose
# client has closed first, and what goes on the wire.
#
#   sudo test/validation/linux-send-after-close.sh [case ...]
#        (default: fin-idle rst-idle fin-blocked rst-blocked)
#
# Two network namespaces joined by a veth pair (created afresh for each case, always removed):
# S = server (ns A, 10.99.0.1:5000, accepts), C = client (ns B, 10.99.0.2).
# Cases:  fin-idle     C close()s normally; S idle; 0.3 s later S send(100) x4, 100 ms apart
#         rst-idle     the same with C closing with linger {1,0}
#         fin-blocked  S (SO_SNDBUF 16 KB) blocked in send(1 MB) in a thread because C
#                      (SO_RCVBUF 4 KB) never reads; after 1 s C close()s normally; then
#                      S send(100) x3
#         rst-blocked  the same with C closing with linger {1,0}
# Each case ends with two recv() on S. Every call is bounded (reported as blocked>Ns).
# tcpdump runs on vA; times are seconds relative to C's close() call; "x5 @t1,.." is a run
# of 5 equal segments. States come from `ss -tan` in each namespace ("none": no entry).
# Bounded: each case stops after 60 s at most (a few seconds normally). Needs root, iproute2,
# tcpdump, python3.
set -euo pipefail
cases=("$@"); [ ${#cases[@]} -gt 0 ] || cases=(fin-idle rst-idle fin-blocked rst-blocked)
. "$(dirname "${BASH_SOURCE[0]}")/netns-pair.sh"
work="$NETNS_WORK"

cp "$(dirname "${BASH_SOURCE[0]}")/netns_lab.py" "$work/lib.py"
cat > "$work/case.py" <<'PY'
from lib import *
LAB.update({IP["A"]: "S", IP["B"]: "C"})      # S: server (ns A, accepts), C: client (ns B, closes first)
cap = Capture()
rst = CASE.startswith("rst")
how = "close() with linger {1,0}" if rst else "close() (linger off)"

if CASE in ("fin-idle", "rst-idle"):
    c, s = pair("A", "B")
    c.send(b"hello"); recvn(s, 5); time.sleep(0.1)
    if rst:
        linger(c, 1, 0)
    r, dt, t0 = close(c); time.sleep(0.3)
    st1 = "S %s, C %s" % (ss("A"), ss("B"))
    calls = []
    for i in range(4):
        calls.append((time.time() - t0, send(s))); time.sleep(0.1)
    rc = [recv(s), recv(s)]
    st2 = "S %s, C %s" % (ss("A"), ss("B"))
    segs = cap.stop()
    print("%s.close: client %s returned %s; 0.3 s later: %s" % (CASE, how, r, st1))
    print("%s.sends: server idle, then send(100) x4: %s; then recv(): %s, %s; states after: %s"
          % (CASE, ", ".join("%s @%+.3f" % (v, t) for t, v in calls), rc[0], rc[1], st2))
    print("%s.wire: %s" % (CASE, wire(segs, t0)))

elif CASE in ("fin-blocked", "rst-blocked"):
    c, s = pair("A", "B", {socket.SO_SNDBUF: 16384}, {socket.SO_RCVBUF: 4096})
    big = []
    def blocked_send():
        big.append(call(lambda: s.send(b"x" * 1000000, socket.MSG_NOSIGNAL), 30)); big.append(time.time())
    th = threading.Thread(target=blocked_send, daemon=True); th.start()
    time.sleep(1.0)
    alive = th.is_alive(); q, u = outq(s); unread = inq(c)
    if rst:
        linger(c, 1, 0)
    r, dt, t0 = close(c)
    th.join(5)
    res = ("%s @%+.3f" % (big[0], big[1] - t0)) if big else "still blocked 5 s after the close"
    time.sleep(0.1)
    st1 = "S %s, C %s" % (ss("A"), ss("B"))
    calls = []
    for i in range(3):
        calls.append((time.time() - t0, send(s))); time.sleep(0.1)
    rc = [recv(s), recv(s)]
    segs = cap.stop()
    print("%s.close: server blocked in send(1000000) for 1 s: %s (server queue %d B, %d B unsent; client %d B unread); client %s returned %s; states 0.1 s after the blocked send returned: %s"
          % (CASE, "yes" if alive else "NO", q, u, unread, how, r, st1))
    print("%s.sends: the blocked send() returned %s; then send(100) x3: %s; then recv(): %s, %s"
          % (CASE, res, ", ".join("%s @%+.3f" % (v, t) for t, v in calls), rc[0], rc[1]))
    print("%s.wire: %s" % (CASE, wire(segs, t0)))
else:
    sys.exit("unknown case " + CASE)
PY

echo "kernel: $(uname -r)"
for c in "${cases[@]}"; do
    netns_pair_create
    timeout 60 python3 "$work/case.py" "$NS_A" "$NS_B" "$work" "$c" || echo "$c: FAILED (exit $?)"
done
