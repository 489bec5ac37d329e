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
