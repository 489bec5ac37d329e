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

cat > "$work/lib.py" <<'PY'
# Helpers shared by the case programs: sockets created inside a namespace (setns on this
# thread), ss/iptables inside a namespace, a tcpdump capture on vA, bounded socket calls.
import ctypes, errno, fcntl, os, re, select, socket, struct, subprocess, sys, threading, time
NSN = {"A": sys.argv[1], "B": sys.argv[2]}
WORK = sys.argv[3]
CASE = sys.argv[4]
IP = {"A": "10.99.0.1", "B": "10.99.0.2"}
LAB = {"10.99.0.1": "A", "10.99.0.2": "B"}      # names printed for the two ends
PORT = 5000
_libc = ctypes.CDLL(None, use_errno=True)

def enter(ns):
    fd = os.open("/var/run/netns/" + NSN[ns], os.O_RDONLY)
    try:
        if _libc.setns(fd, 0x40000000) != 0:           # CLONE_NEWNET
            e = ctypes.get_errno(); raise OSError(e, "setns: " + os.strerror(e))
    finally:
        os.close(fd)

def sock(ns, opts):
    enter(ns)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    for k, v in opts.items():
        s.setsockopt(socket.SOL_SOCKET, k, v)
    return s

def pair(lns, cns, lopts={}, copts={}):
    """Connected (client in cns, accepted socket in lns); both blocking; listener closed."""
    l = sock(lns, lopts); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind((IP[lns], PORT)); l.listen(1); l.settimeout(5)
    c = sock(cns, copts); c.settimeout(5); c.connect((IP[lns], PORT)); c.settimeout(None)
    a, _ = l.accept(); a.settimeout(None); l.close()
    return c, a

def linger(s, on, secs):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", on, secs))

def nsrun(ns, *cmd):
    return subprocess.run(["ip", "netns", "exec", NSN[ns], *cmd], capture_output=True,
                          text=True, timeout=10).stdout

def ss(ns, detail=False):
    """TCP sockets (not LISTEN) in the namespace: 'STATE' or 'STATE Send-Q=n timer:(..)'."""
    out = []
    for line in nsrun(ns, "ss", "-tanoH").splitlines():
        f = line.split()
        if not f or f[0] == "LISTEN":
            continue
        out.append((f[0] + (" Send-Q=%s %s" % (f[2], " ".join(f[5:])) if detail else "")).strip())
    return ",".join(out) or "none"

def blackhole(ns):
    nsrun(ns, "iptables", "-A", "INPUT", "-p", "tcp", "-j", "DROP")
    nsrun(ns, "iptables", "-A", "OUTPUT", "-p", "tcp", "-j", "DROP")

def en(e):
    return errno.errorcode.get(e.errno, repr(e)) if e.errno else repr(e)

def call(f, limit=3.0):
    """Run one socket call in a thread; its result, errno name, or 'blocked>3s'."""
    res = []
    def run():
        try:
            r = f(); res.append(str(len(r)) if isinstance(r, bytes) else str(r))
        except OSError as e:
            res.append(en(e))
    t = threading.Thread(target=run, daemon=True); t.start(); t.join(limit)
    return res[0] if res else "blocked>%gs" % limit

def send(s, n=100):
    return call(lambda: s.send(b"y" * n, socket.MSG_NOSIGNAL))

def recv(s, n=65536):
    return call(lambda: s.recv(n))

def recvn(s, n):
    got = 0
    while got < n:
        d = s.recv(n - got)
        if not d:
            raise RuntimeError("early EOF")
        got += len(d)

def drain(s, idle=5.0):
    """Read until recv() returns 0 or fails: (bytes, what ended it, wall time)."""
    got = 0
    while True:
        if not select.select([s], [], [], idle)[0]:
            return got, "nothing for %g s" % idle, time.time()
        try:
            d = s.recv(65536)
        except OSError as e:
            return got, en(e), time.time()
        if not d:
            return got, "0", time.time()
        got += len(d)

def fill(s, total):
    """Non-blocking sends until EAGAIN or total; bytes accepted."""
    s.setblocking(False); n = 0
    try:
        while n < total:
            n += s.send(b"x" * min(65536, total - n))
    except BlockingIOError:
        pass
    s.setblocking(True)
    return n

def outq(s):
    """(unacked+unsent bytes SIOCOUTQ, unsent bytes SIOCOUTQNSD)"""
    q = struct.unpack("i", fcntl.ioctl(s.fileno(), 0x5411, b"\0" * 4))[0]
    u = struct.unpack("i", fcntl.ioctl(s.fileno(), 0x894B, b"\0" * 4))[0]
    return q, u

def inq(s):
    return struct.unpack("i", fcntl.ioctl(s.fileno(), 0x541B, b"\0" * 4))[0]

def close(s):
    """close(2) on the descriptor: (return value or errno, seconds it took, wall time at call)."""
    fd = s.detach(); t0 = time.time(); m = time.monotonic()
    try:
        os.close(fd); r = "0"
    except OSError as e:
        r = en(e)
    return r, time.monotonic() - m, t0

class Capture:
    def __init__(self):
        self.pcap = os.path.join(WORK, CASE + ".pcap")
        self.p = subprocess.Popen(["timeout", "120", "ip", "netns", "exec", NSN["A"], "tcpdump",
                                   "-i", "vA", "-nn", "-U", "--immediate-mode", "-s", "128", "-B", "8192", "-w", self.pcap, "tcp port %d" % PORT],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        while "listening on" not in self.p.stderr.readline():
            pass
    def stop(self):
        time.sleep(0.2); self.p.terminate(); self.p.wait(10)
        out = subprocess.run(["tcpdump", "-r", self.pcap, "-nn", "-tt"], capture_output=True,
                             text=True, timeout=30).stdout
        self.segs = []
        rx = re.compile(r"^(\d+\.\d+) IP ([\d.]+)\.\d+ > ([\d.]+)\.\d+: Flags \[([^\]]*)\].*length (\d+)")
        for line in out.splitlines():
            m = rx.match(line)
            if m:
                self.segs.append((float(m[1]), LAB[m[2]] + ">" + LAB[m[3]], m[4], int(m[5])))
        return self.segs

def wire(segs, t0, t_from=None, t_to=None, ctl=False, who=None):
    """Segments from t_from (default t0) to t_to, times relative to t0, runs of equal
    (direction, flags, length) collapsed; ctl: only SYN/FIN/RST plus data-segment counts."""
    t_from = t0 if t_from is None else t_from
    sel = [x for x in segs if x[0] >= t_from and (t_to is None or x[0] <= t_to)
           and (who is None or x[1].startswith(who))]
    runs = []
    for t, d, f, l in sel:
        if ctl and not set(f) & set("SFR"):
            continue
        if runs and runs[-1][0] == (d, f, l):
            runs[-1][1].append(t)
        else:
            runs.append(((d, f, l), [t]))
    out = []
    for (d, f, l), ts in runs:
        when = ",".join("%+.3f" % (t - t0) for t in ts)
        out.append("%s [%s] len %d%s @%s" % (d, f, l, " x%d" % len(ts) if len(ts) > 1 else "", when))
    if ctl:
        for d in sorted({x[1] for x in sel}):
            data = [x for x in sel if x[1] == d and x[3] > 0]
            out.append("%s data segments %d (%d B)" % (d, len(data), sum(x[3] for x in data)))
    return "; ".join(out) or "nothing"

def timeline(polls):
    """[(t, state)] -> 'STATE +t1..+t2 -> STATE +t3..+t4'"""
    runs = []
    for t, s in polls:
        if runs and runs[-1][0] == s:
            runs[-1][2] = t
        else:
            runs.append([s, t, t])
    return " -> ".join("%s @%+.2f..%+.2f" % (s, a, b) for s, a, b in runs)
PY
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
