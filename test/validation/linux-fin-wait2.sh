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
