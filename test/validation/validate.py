#!/usr/bin/env python3
# Validate the module against this machine's Linux kernel: pass/fail, in network namespaces.
#
#   sudo test/validation/validate.py --examples BUILD/examples [--output DIR] [--cases a,b,...]
#
# For each case the driver creates two network namespaces joined by a veth pair (10.99.0.1 in
# ns A on vA, 10.99.0.2 in ns B on vB; names carry this run's PID and the case number, so
# parallel cases and parallel runs do not collide; no link leaves them, so no traffic leaves
# them), runs the kernel side in a child process (sockets made in either namespace by setns,
# tcpdump on vA, iptables/sysctl inside the namespaces), and ALWAYS deletes the namespaces
# (try/finally, atexit and SIGTERM/SIGINT/SIGHUP handlers). It runs the module's prediction for
# the same parameters through the example programs in --examples, and compares each quantity
# with a tolerance derived from the kernel's timer granularity (wheel_gran, timer_slack and the
# cmp_* functions: every tolerance carries its reason, printed in the table's notes).
# Cases (independent ones run in parallel, each in its own namespaces):
#   giveup-r3, giveup-r5, giveup-r6   tcp_retries2 = 3, 5, 6: the RTO before the crash (ss -ti),
#                        the retransmission count, each timeout retransmission's time and the
#                        time to ETIMEDOUT after the first (tcp-teardown-peer-crash --delay=0s);
#                        giveup-r3 also checks the errno sequence after the give-up (ETIMEDOUT,
#                        then EPIPE). The module runs with TcpTeardownSocket::Jiffy = 1/HZ of
#                        this kernel, so both hold the RTO in the same whole jiffies.
#   giveup-r6-rtomax1s   tcp_retries2 = 6 with net.ipv4.tcp_rto_max_ms = 1000 (only when the
#                        kernel has that sysctl; module: --rtoMax=1s): the linear part of the budget
#   keepalive            TCP_KEEPIDLE 2 s, TCP_KEEPINTVL 1 s, TCP_KEEPCNT 3, peer black-holed:
#                        probe times and ETIMEDOUT (tcp-teardown-keepalive)
#   fin-wait2            orphan FIN_WAIT_2 lifetime with tcp_fin_timeout = 3 (tcp-teardown-close-
#                        wait-leak --clients=1 --finTimeout=3s)
#   errno-rst            the errno sequence of an idle socket whose peer sent a RST (SO_LINGER
#                        {1, 0}): send x4, recv x2 (tcp-teardown-send-after-close --cell=rst-idle)
#   lost-ack-tw          iptables drops exactly the final ACK of the client's close; the client's
#                        TIME_WAIT answers the retransmitted FIN with an ACK (tcp-teardown-lost-
#                        final-ack)
#   lost-ack-notw        the same with net.ipv4.tcp_max_tw_buckets = 0 in the client's namespace:
#                        RST, ECONNRESET at the server (tcp-teardown-lost-final-ack --timeWait=disabled);
#                        tcp_fin_timeout = 61 there, so the orphaned FIN_WAIT_2 stays a full
#                        socket (at <= 60 s it needs a bucket too, and timing decides)
#   time-wait            the client's TIME_WAIT length (TCP_TIMEWAIT_LEN, 60 s; `ss state time-wait`
#                        polled every 0.5 s, bounded at 70 s; tcp-teardown-graceful-close); the
#                        longest case, it sets the run time
#   reboot               peer reboot: the server's data is retransmitted into a black-holed client,
#                        whose socket is then deleted (SO_LINGER {1,0} close while black-holed, its
#                        RST dropped) and the rules flushed; the bare RST answers the first
#                        retransmission after the reboot; ECONNRESET then EPIPE (tcp-teardown-crash-
#                        reboot --crashAt=3s --rebootAt=5.5s)
#   linger-abort, linger-timeout, linger-live   SO_LINGER {1,0}: RST|ACK at close, no TIME_WAIT,
#                        peer ECONNRESET; {1,2} against a black-holed peer: close() 0 after 2 s;
#                        {1,5} against a live peer: close() returns when the FIN is acked
#                        (tcp-teardown-linger --linger=0 / --linger=2 --peer=crashed / --linger=5)
#   send-after-close     the four cells (client FIN or RST; server idle or blocked in send()):
#                        every call's return, the blocked send()'s byte count excluded (it depends
#                        on buffer sizes) (tcp-teardown-send-after-close --cell=...)
#   port-reuse           bind() over the client's TIME_WAIT without/with SO_REUSEADDR on both
#                        sockets; ephemeral exhaustion with ip_local_port_range 40000..40002
#                        (tcp-teardown-port-reuse --reuse=false/true, --portLast=40002)
#   tw-connect-ts, tw-connect-nots   tcp_timestamps = 1 / 0: a new connection over the client's
#                        own TIME_WAIT (bind() and connect() results, the new SYN's sequence
#                        number against the old SND.NXT) and over the server's (connect(), the
#                        server's answer and its sequence number) (tcp-teardown-port-reuse
#                        --timestamps=true/false with IsnPolicy=Linux, the kernel's ISN rule)
#   rfc1337-off, rfc1337-on   RFC 1337 hazard H1 (TIME_WAIT assassination) with net.ipv4.
#                        tcp_rfc1337 = 0 / 1 in the client's namespace: the client closes first
#                        and holds TIME_WAIT, the server has forgotten the connection; two copies
#                        of the server's first data segment, hand-made (tcp_raw.py, raw socket in
#                        the server's namespace) 0.6 s apart, reach the TIME_WAIT, which ACKs each;
#                        the server's kernel answers with a bare RST at the client's RCV.NXT.
#                        Exact: each answer chain, the RSTs received in TIME_WAIT, and whether the
#                        RST ends TIME_WAIT at once (ss polled every 20 ms, bound 0.1 s) or it
#                        holds (>= 1 s after the last RST) (tcp-teardown-assassination --hazard=H1
#                        --rfc1337=false/true --trigger=+1s --stray=+1.6s)
# Output: a table on stdout (case, parameters, quantity, kernel, module, difference, tolerance,
# PASS/FAIL, then the notes), validation.csv and validation.rst in --output.
# Exit: 0 every row within tolerance; 1 any row not (or a case failed to measure); 2 bad usage
# (e.g. no example programs); 77 with "SKIPPED: <reason>" when it cannot run here (not root,
# `ip netns add` fails, iptables/tcpdump/ss missing or iptables unusable in a namespace).
# Bounded: each example program is killed after 30 s, each case's child after at most 90 s (the
# cases run together), nothing starts after 240 s; every loop is bounded in count and time. Needs root, iproute2 (ip, ss), iptables, tcpdump,
# python3 (stdlib only). Takes about 65 s (the longest case, time-wait, ~63 s; then
# tcp_retries2 = 6, ~28 s).
import argparse, atexit, csv, ctypes, errno, gzip, json, os, re, select, shutil, signal, socket
import struct, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
IP_A, IP_B, PORT = "10.99.0.1", "10.99.0.2", 5000
RUN_LIMIT = 240.0          # whole run, seconds
DEADLINE = [time.time() + RUN_LIMIT]
MEAS = 0.010               # measurement noise: tcpdump time stamps vs time.time() after poll()
                           # wakes up in a (possibly busy, 2-core) machine: 10 ms

# ----------------------------------------------------------------------------------------------
# Kernel timer granularity: the basis of every time tolerance.
def kernel_hz():
    """CONFIG_HZ of the running kernel, from /proc/config.gz or /boot/config-*; 250 if unknown."""
    for path in ("/proc/config.gz", "/boot/config-" + os.uname().release):
        try:
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt") as f:
                for line in f:
                    if line.startswith("CONFIG_HZ="):
                        return int(line.split("=")[1]), path
        except (OSError, ValueError):
            pass
    return 250, "assumed (no kernel config found)"

HZ, HZ_FROM = kernel_hz()
J = 1.0 / HZ               # one jiffy in seconds

def wheel_gran(t):
    """Timer wheel granularity (s) for a timer t seconds ahead: level n holds timeouts below
    63 << 3n jiffies and fires them at the next multiple of 8**n jiffies (kernel/time/timer.c,
    LVL_CLK_SHIFT 3, LVL_BITS 6), i.e. late by up to about 1/8 of their length."""
    d = max(1, int(round(t * HZ)))
    lvl = 0
    while lvl < 8 and d >= (63 << (3 * lvl)):
        lvl += 1
    return (8 ** lvl) * J

def timer_slack(t, rounding_jiffies=1.0):
    """How much later than an exact timer of t seconds the kernel's may fire: its length is a
    whole number of jiffies (rounding_jiffies of error, 1 unless backed off), +1 jiffy because
    it starts mid-jiffy, + the timer wheel granularity of its level."""
    return rounding_jiffies * J + J + wheel_gran(t)

# ----------------------------------------------------------------------------------------------
# Namespaces: created and always removed by the driver.
_created, _created_lock = [], threading.Lock()
_children, _children_lock = set(), threading.Lock()

def _run(cmd, timeout=10, check=False):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=check)

def ns_create(a, b):
    with _created_lock:
        _created.extend([a, b])
    _run(["ip", "netns", "add", a], check=True)
    _run(["ip", "netns", "add", b], check=True)
    _run(["ip", "link", "add", "vA", "netns", a, "type", "veth", "peer", "name", "vB", "netns", b],
         check=True)
    for ns, dev, ip in ((a, "vA", IP_A), (b, "vB", IP_B)):
        _run(["ip", "-n", ns, "addr", "add", ip + "/24", "dev", dev], check=True)
        _run(["ip", "-n", ns, "link", "set", "lo", "up"], check=True)
        _run(["ip", "-n", ns, "link", "set", dev, "up"], check=True)

def ns_remove_all():
    with _children_lock:
        kids = list(_children)
    for p in kids:                              # only the children this run started, by pgid
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
    with _created_lock:
        names = list(_created); _created.clear()
    for n in names:
        try:
            _run(["ip", "netns", "del", n], timeout=10)
        except Exception:
            pass

def _on_signal(signum, frame):
    ns_remove_all()
    sys.exit(128 + signum)

# ----------------------------------------------------------------------------------------------
# Kernel side: runs in a child process ("--run-case"), prints one JSON line.
_libc = ctypes.CDLL(None, use_errno=True)

class Lab:
    def __init__(self, spec):
        self.ns = {"A": spec["nsA"], "B": spec["nsB"]}
        self.work = spec["work"]
        self.ip = {"A": IP_A, "B": IP_B}
        self.cap = None

    def enter(self, side):
        fd = os.open("/var/run/netns/" + self.ns[side], os.O_RDONLY)
        try:
            if _libc.setns(fd, 0x40000000) != 0:       # CLONE_NEWNET
                e = ctypes.get_errno(); raise OSError(e, "setns: " + os.strerror(e))
        finally:
            os.close(fd)

    def sock(self, side):
        self.enter(side)
        return socket.socket(socket.AF_INET, socket.SOCK_STREAM)

    def pair(self, lside, cside):
        """(client socket in cside, accepted socket in lside), both blocking."""
        l = self.sock(lside); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        l.bind((self.ip[lside], PORT)); l.listen(1); l.settimeout(5)
        c = self.sock(cside); c.settimeout(5); c.connect((self.ip[lside], PORT)); c.settimeout(None)
        a, _ = l.accept(); a.settimeout(None); l.close()
        return c, a

    def nsrun(self, side, *cmd):
        r = _run(["ip", "netns", "exec", self.ns[side], *cmd])
        if r.returncode != 0:
            raise RuntimeError("%s in ns %s: %s" % (" ".join(cmd), side, r.stderr.strip()))
        return r.stdout

    def sysctl(self, side, key, value):
        self.nsrun(side, "sysctl", "-qw", "%s=%s" % (key, value))

    def blackhole(self, side):
        self.nsrun(side, "iptables", "-A", "INPUT", "-p", "tcp", "-j", "DROP")
        self.nsrun(side, "iptables", "-A", "OUTPUT", "-p", "tcp", "-j", "DROP")

    def capture(self):
        self.pcap = os.path.join(self.work, "cap.pcap")
        self.cap = subprocess.Popen(
            ["timeout", "--foreground", "100", "ip", "netns", "exec", self.ns["A"], "tcpdump", "-i", "vA", "-nn",
             "-U", "--immediate-mode", "-s", "128", "-w", self.pcap, "tcp port %d" % PORT],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 5                # wait (bounded) for "listening on"
        for _ in range(50):
            if time.time() >= deadline:
                break
            if select.select([self.cap.stderr], [], [], max(0.0, deadline - time.time()))[0]:
                if "listening on" in self.cap.stderr.readline():
                    return
            if self.cap.poll() is not None:
                break
        raise RuntimeError("tcpdump did not start")

    def stop(self):
        """Stop tcpdump (1 s later: the last packet, e.g. a RST, may reach it late); segments."""
        time.sleep(1.0); self.cap.terminate()
        try:
            self.cap.wait(5)
        except subprocess.TimeoutExpired:
            self.cap.kill(); self.cap.wait(5)
        sys.path.insert(0, HERE)
        from pcap_segments import segments
        return segments(self.pcap)

def en(e):
    return errno.errorcode.get(e.errno, repr(e)) if e.errno else repr(e)

def call(f, limit=2.0):
    """One socket call in a thread (bounded): bytes count, errno name, or 'blocked'."""
    res = []
    def run():
        try:
            r = f(); res.append(str(len(r)) if isinstance(r, bytes) else str(r))
        except OSError as e:
            res.append(en(e))
    t = threading.Thread(target=run, daemon=True); t.start(); t.join(limit)
    return res[0] if res else "blocked"

def send(s):
    return call(lambda: s.send(b"y" * 100, socket.MSG_NOSIGNAL))

def recv(s):
    return call(lambda: s.recv(65536))

def wait_error(s, limit):
    """Poll (bounded) until the socket reports POLLERR; wall time, or None."""
    p = select.poll(); p.register(s, select.POLLERR)
    deadline, n = time.time() + limit, 0
    while time.time() < deadline and n < 1000:
        n += 1
        ev = p.poll(int(max(1, (deadline - time.time()) * 1000)))
        if ev and ev[0][1] & (select.POLLERR | select.POLLHUP):
            return time.time()
    return None

def k_giveup(lab, p):
    lab.sysctl("A", "net.ipv4.tcp_retries2", p["retries2"])
    if p.get("rto_max_ms"):
        lab.sysctl("A", "net.ipv4.tcp_rto_max_ms", p["rto_max_ms"])
    lab.capture()
    c, a = lab.pair("A", "B")                  # server (sender) in A, client in B
    c.send(b"hi"); a.recv(10); time.sleep(0.2)
    info = _run(["ss", "-N", lab.ns["A"], "-tinH", "sport = :%d" % PORT]).stdout
    rto_ms = re.search(r"\brto:([\d.]+)", info)   # icsk_rto, jiffies_to_msecs
    if not rto_ms:
        raise RuntimeError("ss -ti shows no rto for the sender: %r" % info[:200])
    lab.blackhole("B"); time.sleep(0.3)
    a.send(b"x" * 1000)
    t_err = wait_error(a, p["limit"])
    calls = [send(a), send(a)] if t_err else []
    segs = lab.stop()
    data = [s.t for s in segs if s.src == (IP_A, PORT) and s.len == 1000]
    if t_err is None or len(data) < 3:
        raise RuntimeError("no ETIMEDOUT within %g s (%d data segments)" % (p["limit"], len(data)))
    orig, rtx = data[0], data[1:]
    # The kernel's first resend is a tail loss probe (RFC 8985) when it comes about as long
    # after the original as the next resend after it (a timeout retransmission doubles).
    tlp = len(rtx) >= 2 and (rtx[1] - rtx[0]) < 1.5 * (rtx[0] - orig)
    rto = rtx[1:] if tlp else rtx
    sent_after = [s for s in segs if s.src == (IP_A, PORT) and s.t >= t_err - 0.001]
    return {"count": len(rto), "elapsed": t_err - rto[0], "tlp": tlp, "calls": calls,
            "rto0": float(rto_ms[1]) / 1000.0,
            "times": [t - rto[0] for t in rto],
            "schedule": ["%.3f" % (t - rto[0]) for t in rto], "sent_after_error": len(sent_after)}

def k_keepalive(lab, p):
    lab.capture()
    c, a = lab.pair("A", "B")                  # prober (server) in A, client in B
    a.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    a.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, p["idle"])
    a.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, p["interval"])
    a.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, p["probes"])
    c.send(b"hi"); a.recv(10); a.send(b"ok"); c.recv(10)
    time.sleep(0.3); lab.blackhole("B")
    t_err = wait_error(a, p["idle"] + p["interval"] * p["probes"] + 5)
    err = en(OSError(a.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), "")) if t_err else None
    segs = lab.stop()
    fromB = [s for s in segs if s.dst == (IP_A, PORT)]
    fromA = [s for s in segs if s.src == (IP_A, PORT)]
    if t_err is None or not fromB:
        raise RuntimeError("no error within the keepalive budget + 5 s")
    snd_una = max(s.ack for s in fromB if "." in s.flags)
    t0 = max(s.t for s in fromB)               # the peer's last segment (black-holed after it)
    probes = [s.t - t0 for s in fromA if s.t > t0 and not set(s.flags) & set("SFR")
              and s.seq == (snd_una - 1) % 2**32]
    rst = [s.t - t0 for s in fromA if "R" in s.flags]
    return {"probes": probes, "etimedout": t_err - t0, "error": err, "rst": rst}

def k_fin_wait2(lab, p):
    lab.sysctl("A", "net.ipv4.tcp_fin_timeout", p["fin_timeout"])
    lab.capture()
    x, peer = lab.pair("B", "A")               # closer X in A, its peer (never closes) in B
    x.send(b"hi"); peer.recv(10); time.sleep(0.1)
    fd = x.detach(); t0 = time.time(); os.close(fd)
    last_seen = first_gone = None; states = set(); polls = 0
    while time.time() < t0 + p["fin_timeout"] + 5 and polls < 2000:
        t = time.time(); polls += 1
        out = _run(["ss", "-N", lab.ns["A"], "-tanH"]).stdout.split("\n")
        st = [l.split()[0] for l in out if l.split() and l.split()[0] != "LISTEN"]
        if st:
            last_seen = t; states.update(st)
        else:
            first_gone = time.time(); break
        time.sleep(max(0.0, 0.02 - (time.time() - t)))
    segs = lab.stop()
    if first_gone is None or last_seen is None:
        raise RuntimeError("closer's entry still present after fin_timeout + 5 s")
    # FIN_WAIT_2 begins when the peer's ACK of X's FIN arrives: the peer enters CLOSE_WAIT in
    # ping-pong (delayed ACK) mode, so that can be tens of ms after close()
    fin = [s for s in segs if s.src[0] == IP_A and "F" in s.flags]
    if not fin:
        raise RuntimeError("no FIN from the closer captured")
    fin_end = (fin[0].seq + fin[0].len + 1) % 2**32
    acked = [s.t for s in segs if s.src[0] == IP_B and "." in s.flags and s.ack == fin_end]
    if not acked:
        raise RuntimeError("the peer's ACK of the FIN was not captured")
    t_fw2 = acked[0]
    late = [s for s in segs if s.src[0] == IP_A and s.t > t_fw2 + 0.01]
    return {"last_seen": last_seen - t_fw2, "first_gone": first_gone - t_fw2, "states": sorted(states),
            "sent_at_expiry": len(late), "polls": polls, "fin_wait1": t_fw2 - t0}

def k_errno_rst(lab, p):
    c, a = lab.pair("A", "B")                  # idle server in A, client in B aborts
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.send(b"hi"); a.recv(10); time.sleep(0.1)
    c.close(); time.sleep(0.2)
    return {"calls": [send(a) for _ in range(4)] + [recv(a) for _ in range(2)]}

def k_lost_ack(lab, p):
    if not p["time_wait"]:
        lab.sysctl("B", "net.ipv4.tcp_max_tw_buckets", 0)
        # With tcp_fin_timeout <= 60 s Linux keeps an orphaned FIN_WAIT_2 as a timewait bucket
        # too (tcp_rcv_state_process: tcp_time_wait(sk, TCP_FIN_WAIT2, tmo)) unless the ACK of
        # the FIN arrives while close() still holds the socket. Without buckets the socket is
        # then destroyed in FIN_WAIT_2, so the server's FIN meets no socket (RST, no final ACK):
        # a race the CI machine lost. 61 s keeps the full socket in FIN_WAIT_2 whatever the
        # timing, as the module does.
        lab.sysctl("B", "net.ipv4.tcp_fin_timeout", 61)
    lab.capture()
    c, a = lab.pair("A", "B")                  # server in A, closing client in B
    cport = c.getsockname()[1]
    c.sendall(b"x" * 1000); c.close(); t_close = time.time()
    got, deadline = 0, time.time() + 5
    for _ in range(1000):                      # read to the end of stream (the client's FIN)
        if time.time() >= deadline:
            break
        if not select.select([a], [], [], max(0.0, deadline - time.time()))[0]:
            break
        d = a.recv(65536)
        if not d:
            break
        got += len(d)
    # drop exactly one segment: the next pure ACK from the client, i.e. its final ACK
    rule = ["OUTPUT", "-p", "tcp", "--sport", str(cport), "--tcp-flags", "SYN,ACK,FIN,RST,PSH",
            "ACK", "-m", "limit", "--limit", "1/hour", "--limit-burst", "1", "-j", "DROP"]
    lab.nsrun("B", "iptables", "-A", *rule)
    a.shutdown(socket.SHUT_WR); t_fin = time.time()
    state, deadline = None, time.time() + 5    # wait (bounded) for the server's socket to close
    for _ in range(500):
        if time.time() >= deadline:
            break
        info = a.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
        state = info[0]
        if state == 7:                         # TCP_CLOSE
            break
        time.sleep(0.01)
    # The pending error (sk_err) is read with SO_ERROR: recv() would return 0 here, since the
    # server has already seen the client's FIN (end of stream is reported before sk_err).
    pend = a.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    outcome = errno.errorcode.get(pend, str(pend)) if pend else "NONE"
    after = recv(a)
    segs = lab.stop()
    counters = lab.nsrun("B", "iptables", "-L", "OUTPUT", "-v", "-x", "-n")
    drops = [int(l.split()[0]) for l in counters.splitlines() if "limit:" in l]
    fins = [s.t for s in segs if s.src == (IP_A, PORT) and "F" in s.flags]
    answers = [s for s in segs if s.src[0] == IP_B and fins and s.t > fins[0]]
    return {"bytes": got, "drops": drops[0] if drops else None, "fin_retx": len(fins) - 1,
            "answer": "+".join(sorted({"RST" if "R" in s.flags else "ACK" for s in answers})) or "none",
            "server": outcome, "closed": state == 7, "recv_after": after,
            "fin_retx_after": ["%.3f" % (t - fins[0]) for t in fins[1:]]}

def pair_opts(lab, lside, cside, lopts=None, copts=None):
    """lab.pair with socket options: lopts on the listener (the accepted socket inherits them),
    copts on the client before connect()."""
    l = lab.sock(lside); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    for k, v in (lopts or {}).items():
        l.setsockopt(socket.SOL_SOCKET, k, v)
    l.bind((lab.ip[lside], PORT)); l.listen(1); l.settimeout(5)
    c = lab.sock(cside)
    for k, v in (copts or {}).items():
        c.setsockopt(socket.SOL_SOCKET, k, v)
    c.settimeout(5); c.connect((lab.ip[lside], PORT)); c.settimeout(None)
    a, _ = l.accept(); a.settimeout(None); l.close()
    return c, a

def ss_entries(lab, side, *filt):
    """TCP entries (state, local, peer) in a namespace, listeners excluded."""
    out = _run(["ss", "-N", lab.ns[side], "-tanH", *filt]).stdout
    return [l.split() for l in out.splitlines() if l.split() and l.split()[0] != "LISTEN"]

def k_reboot(lab, p):
    lab.capture()
    c, a = lab.pair("A", "B")                  # server (sender) in A, client in B
    c.send(b"hi"); a.recv(10)
    a.send(b"x" * 1000); got = 0
    for _ in range(100):
        got += len(c.recv(1000))
        if got >= 1000:
            break
    time.sleep(0.3)
    lab.blackhole("B"); time.sleep(0.5)         # the client host crashes
    t0 = time.time(); a.send(b"y" * 1000)      # retransmitted into the black hole
    time.sleep(max(0.0, t0 + p["reboot"] - time.time()))
    # "reboot": the client's socket state is deleted (abortive close: its RST is dropped by the
    # OUTPUT rule, the socket is freed at once), then the host is reachable again
    r0 = time.time()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)); c.close()
    left = ss_entries(lab, "B")
    lab.nsrun("B", "iptables", "-F")
    r1 = time.time()
    t_err = wait_error(a, 30)
    calls = [send(a), send(a)] if t_err else []
    segs = lab.stop()
    if t_err is None:
        raise RuntimeError("no error at the server within 30 s of the reboot")
    fromA = [s for s in segs if s.src == (IP_A, PORT)]
    first = [s for s in fromA if s.len == 1000 and s.t >= t0 - 0.01]
    tx = [s for s in fromA if s.len > 0 and first and s.seq == first[0].seq]
    after = [s for s in tx if s.t >= r1]
    rst = [s for s in segs if s.src[0] == IP_B and "R" in s.flags and s.t >= r0]
    leaked = [s for s in segs if s.src[0] == IP_B and s.t >= t0 - 0.4 and s.t < r1]
    if not rst or not after:
        raise RuntimeError("no RST (%d) or no retransmission after the reboot (%d)" % (len(rst), len(after)))
    r = rst[0]
    answers = [i + 1 for i, s in enumerate(after) if s.t <= r.t]
    return {"calls": calls, "rst_flags": r.flags, "rst_seq_ok": r.seq == after[0].ack,
            "answered": answers[-1] if answers else 0, "rst_delay": r.t - after[0].t,
            "tx": ["%.3f" % (s.t - t0) for s in tx], "reboot": [r0 - t0, r1 - t0],
            "left": len(left), "leaked": len(leaked), "err_after_rst": t_err - r.t}

def k_linger(lab, p):
    lab.capture()
    big = {socket.SO_SNDBUF: 262144}
    # closer L in A (the client of the module's story), its peer P in B
    l, pp = pair_opts(lab, "B", "A", None, big)
    l.send(b"hi"); pp.recv(10)
    res = {}
    if p["mode"] == "abort":
        l.sendall(b"x" * 50000); time.sleep(0.2)      # the peer does not read
        l.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        t0 = time.time(); r = l.close(); dt = time.time() - t0
        t_err = wait_error(pp, 2)
        pend = pp.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        res["peer"] = errno.errorcode.get(pend, str(pend)) if pend else "NONE"
        time.sleep(0.1)
        res["closer_entries"] = " ".join(e[0] for e in ss_entries(lab, "A")) or "none"
    elif p["mode"] == "timeout":
        lab.blackhole("B"); time.sleep(0.1)
        n = call(lambda: l.send(b"x" * 50000))
        l.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, p["linger"]))
        t0 = time.time(); r = l.close(); dt = time.time() - t0
        res["sent"] = n
    else:                                         # live peer reading everything
        got = []
        def drain():
            n, deadline = 0, time.time() + 10
            for _ in range(10000):
                if time.time() >= deadline:
                    break
                d = pp.recv(65536)
                if not d:
                    break
                n += len(d)
            got.append(n)
        l.sendall(b"x" * 50000)
        l.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, p["linger"]))
        th = threading.Thread(target=drain, daemon=True); th.start()
        t0 = time.time(); r = l.close(); t1 = time.time(); dt = t1 - t0
        res["state_at_return"] = " ".join(e[0] for e in ss_entries(lab, "A")) or "none"
        th.join(10)
        res["read"] = got[0] if got else None
    segs = lab.stop()
    fromL = [s for s in segs if s.src[0] == IP_A and s.t >= t0 - 0.001]
    res.update({"ret": "0" if r is None else str(r), "blocked": dt,
                "rst": ["RST|ACK" if "." in s.flags else "RST" for s in fromL if "R" in s.flags]})
    if p["mode"] == "live":
        fin = [s for s in fromL if "F" in s.flags]
        if not fin:
            raise RuntimeError("no FIN from the closer captured")
        fin_end = (fin[0].seq + fin[0].len + 1) % 2**32
        acked = [s.t for s in segs if s.src[0] == IP_B and "." in s.flags and s.ack == fin_end]
        if not acked:
            raise RuntimeError("the peer's ACK of the FIN was not captured")
        res["after_fin_ack"] = (t0 + dt) - acked[0]
        res["fin_ack_after_close"] = acked[0] - t0
    return res

def k_send_after_close(lab, p):
    out = {}
    for cell in ("fin-idle", "rst-idle", "fin-blocked", "rst-blocked"):
        rst = cell.startswith("rst")
        if cell.endswith("idle"):
            c, s = lab.pair("A", "B")          # server S in A, client C in B closes first
            c.send(b"hello"); s.recv(10); time.sleep(0.1)
            first = []
        else:
            c, s = pair_opts(lab, "A", "B", {socket.SO_SNDBUF: 16384}, {socket.SO_RCVBUF: 4096})
            big = []
            def blocked():
                big.append(call(lambda: s.send(b"x" * 1000000, socket.MSG_NOSIGNAL), 30))
            th = threading.Thread(target=blocked, daemon=True); th.start()
            time.sleep(1.0)
            if not th.is_alive():
                raise RuntimeError("%s: the server's send(1000000) did not block" % cell)
        if rst:
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.close()
        if cell.endswith("blocked"):
            th.join(5)
            first = ["n" if big and big[0].isdigit() else (big[0] if big else "blocked")]
            out[cell + ".copied"] = big[0] if big else "blocked"
            time.sleep(0.1)
        else:
            time.sleep(0.3)
        calls = []
        for _ in range(4):
            calls.append(send(s)); time.sleep(0.1)
        out[cell] = first + calls + [recv(s), recv(s)]
        s.close()
        time.sleep(0.1)
    return out

def k_time_wait(lab, p):
    lab.capture()
    c, a = lab.pair("A", "B")                  # server in A, client in B closes first
    c.sendall(b"x" * 10000)
    got, deadline = 0, time.time() + 5
    c.close()
    for _ in range(1000):
        if time.time() >= deadline or not select.select([a], [], [], max(0.0, deadline - time.time()))[0]:
            break
        d = a.recv(65536)
        if not d:
            break
        got += len(d)
    a.close(); t_close = time.time()
    last_seen = first_gone = None; polls = 0
    while time.time() < t_close + p["limit"] and polls < 400:
        t = time.time(); polls += 1
        if ss_entries(lab, "B", "state", "time-wait"):
            last_seen = t
        elif last_seen is not None:
            first_gone = t; break
        time.sleep(max(0.0, p["poll"] - (time.time() - t)))
    segs = lab.stop()
    if last_seen is None:
        raise RuntimeError("the client's TIME_WAIT was never seen")
    if first_gone is None:
        raise RuntimeError("the client's TIME_WAIT still present after %g s" % p["limit"])
    # TIME_WAIT begins when the server's FIN reaches the client: its ACK of that FIN
    fin = [s for s in segs if s.src == (IP_A, PORT) and "F" in s.flags]
    if not fin:
        raise RuntimeError("no FIN from the server captured")
    fin_end = (fin[0].seq + fin[0].len + 1) % 2**32
    ack = [s.t for s in segs if s.src[0] == IP_B and "." in s.flags and s.ack == fin_end]
    if not ack:
        raise RuntimeError("the client's final ACK was not captured")
    return {"last_seen": last_seen - ack[0], "first_gone": first_gone - ack[0], "polls": polls,
            "bytes": got}

def serve(lab, handle, accepts, timeout):
    """A listener in A on PORT (SO_REUSEADDR) accepting at most `accepts` connections in a
    thread; each is handed to handle(conn, peer) in a thread of its own, bounded by `timeout` s
    per call, and closed afterwards. Returns the listener."""
    lst = lab.sock("A"); lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind((IP_A, PORT)); lst.listen(16); lst.settimeout(10)
    def one(cn, peer):
        try:
            cn.settimeout(timeout); handle(cn, peer)
        except OSError:
            pass
        cn.close()
    def loop():
        for _ in range(accepts):
            try:
                conn, peer = lst.accept()
            except OSError:
                return
            threading.Thread(target=one, args=(conn, peer), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()
    return lst

def read_to_end(cn, peer):
    while cn.recv(1000):
        pass

def k_port_reuse(lab, p):
    # server in A on port 5000: reads each connection to its end, then closes (so the client,
    # which closes first, holds the TIME_WAIT)
    serve(lab, read_to_end, 20, 20)
    res = {}
    for reuse, port in ((False, 41000), (True, 41001)):
        o = lab.sock("B")
        if reuse:
            o.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        o.bind((IP_B, port)); o.settimeout(5); o.connect((IP_A, PORT)); o.send(b"hi")
        time.sleep(0.1); o.close(); time.sleep(0.3)
        tw = [e for e in ss_entries(lab, "B", "state", "time-wait") if e[-2].endswith(":%d" % port)]
        n = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if reuse:
            n.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            n.bind((IP_B, port)); r = "0"
        except OSError as e:
            r = en(e)
        n.close()
        res["bind_reuse" if reuse else "bind_noreuse"] = r
        res["tw_reuse" if reuse else "tw_noreuse"] = len(tw)
    lab.sysctl("B", "net.ipv4.ip_local_port_range", "%d %d" % (p["first"], p["last"]))
    keep, ports, end = [], [], "none"
    for _ in range(p["last"] - p["first"] + 3):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM); s.settimeout(5)
        try:
            s.connect((IP_A, PORT)); keep.append(s); ports.append(s.getsockname()[1])
        except OSError as e:
            end = en(e); s.close(); break
    res.update({"connects": len(ports), "ports": ports, "then": end})
    for s in keep:
        s.close()
    return res


def k_tw_connect(lab, p):
    """A new connection over a TIME_WAIT 4-tuple: (1) the client's own TIME_WAIT (the client
    closed first), (2) the server's (the server closed first). The new SYN's, or the server's
    answer's, sequence number against the old connection's SND.NXT, from the capture."""
    for side in ("A", "B"):
        lab.sysctl(side, "net.ipv4.tcp_timestamps", p["ts"])
    lab.capture()
    def handle(cn, peer):
        if peer[1] == p["port2"]:              # story 2: answer, then close first
            cn.recv(100); cn.send(b"x" * 100)
        else:                                  # story 1: read to the end, then close
            read_to_end(cn, peer)
    lst = serve(lab, handle, 6, 5)
    def reuse_sock(port):
        s = lab.sock("B"); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((IP_B, port)); s.settimeout(3)
        return s
    def connect(s):
        try:
            s.connect((IP_A, PORT)); return "0"
        except OSError as e:
            return en(e)
    res = {}
    # 1. the client closes first and holds TIME_WAIT; a new socket binds and connects over it
    o = reuse_sock(p["port1"]); o.connect((IP_A, PORT)); o.send(b"y" * 100)
    time.sleep(0.1); o.close(); time.sleep(0.3)
    tw1 = len([e for e in ss_entries(lab, "B", "state", "time-wait") if e[-2].endswith(":%d" % p["port1"])])
    try:
        n = reuse_sock(p["port1"]); res["bind1"] = "0"
        res["connect1"] = connect(n); n.close()
    except OSError as e:
        res["bind1"], res["connect1"] = en(e), "-"
    # 2. the server closes first and holds TIME_WAIT; the client connects again from the port
    o = reuse_sock(p["port2"]); o.connect((IP_A, PORT)); o.send(b"hi")
    while o.recv(1000):
        pass
    o.close(); time.sleep(0.3)
    tw2 = len([e for e in ss_entries(lab, "A", "state", "time-wait") if e[-1].endswith(":%d" % p["port2"])])
    n = reuse_sock(p["port2"]); res["connect2"] = connect(n); time.sleep(0.1); n.close()
    lst.close()
    segs = lab.stop()
    cli1, cli2 = (IP_B, p["port1"]), (IP_B, p["port2"])
    def old_snd_nxt(src):
        fins = [x for x in segs if x.src == src and "F" in x.flags]
        return (fins[0].seq + fins[0].len + 1) % 2**32 if fins else None
    syns1 = [x for x in segs if x.src == cli1 and x.flags == "S"]
    nxt1 = old_snd_nxt(cli1)
    res["syn1"] = ("%d" % ((syns1[-1].seq - nxt1) % 2**32)) if len(syns1) > 1 and nxt1 is not None else "no SYN"
    srv = (IP_A, PORT)
    to2 = [x for x in segs if x.src == srv and x.dst == cli2]
    fins2 = [x for x in to2 if "F" in x.flags]
    syn_t = [x.t for x in segs if x.src == cli2 and x.flags == "S"]
    answer = [x for x in to2 if len(syn_t) > 1 and x.t >= syn_t[1] - 1e-6]
    if fins2 and answer:
        nxt2 = (fins2[0].seq + fins2[0].len + 1) % 2**32
        kind = "SYN-ACK" if "S" in answer[0].flags else ("RST" if "R" in answer[0].flags else "ACK")
        res["answer2"] = "%s, seq old SND.NXT + %d" % (kind, (answer[0].seq - nxt2) % 2**32)
    else:
        res["answer2"] = "none"
    res.update({"tw1": tw1, "tw2": tw2})
    return res

def k_rfc1337(lab, p):
    """RFC 1337 hazard H1 on the kernel: the client (B) closes first and holds TIME_WAIT; the
    server (A) has closed and forgotten the connection. Old duplicates of the server's first data
    segment, hand-made with a raw socket in A, reach the client's TIME_WAIT; its ACK makes A's
    kernel answer with a RST at the client's RCV.NXT."""
    sys.path.insert(0, HERE)
    from tcp_raw import raw_tcp, segment
    from pcap_segments import segments as read_pcap
    lab.sysctl("B", "net.ipv4.tcp_rfc1337", p["rfc1337"])
    lab.capture()
    c, a = lab.pair("A", "B")                  # server in A, client in B closes first
    cport = c.getsockname()[1]
    payload = b"d" * 1000
    a.sendall(payload); got, deadline = 0, time.time() + 5
    for _ in range(100):
        if time.time() >= deadline or not select.select([c], [], [], max(0.0, deadline - time.time()))[0]:
            break
        got += len(c.recv(65536))
        if got >= len(payload):
            break
    c.close()
    deadline = time.time() + 5
    for _ in range(100):                       # the server reads to the client's FIN, then closes
        if time.time() >= deadline or not select.select([a], [], [], max(0.0, deadline - time.time()))[0]:
            break
        if not a.recv(65536):
            break
    a.close()
    tw = srv = None
    deadline = time.time() + 3                 # client in TIME_WAIT, server's entry gone (bounded)
    for _ in range(150):
        tw, srv = ss_entries(lab, "B", "state", "time-wait"), ss_entries(lab, "A")
        if (tw and not srv) or time.time() >= deadline:
            break
        time.sleep(0.02)
    if not tw or srv:
        raise RuntimeError("no clean start: client TIME_WAIT %s, server entries %s" % (tw, srv))
    time.sleep(0.1)
    segs = read_pcap(lab.pcap)
    data = [s for s in segs if s.src == (IP_A, PORT) and s.len == len(payload)]
    fin = [s for s in segs if s.src == (IP_A, PORT) and "F" in s.flags]
    if not data or not fin:
        raise RuntimeError("server's data segment (%d) or FIN (%d) not captured" % (len(data), len(fin)))
    rcv_nxt = (fin[0].seq + fin[0].len + 1) % 2**32   # the client's RCV.NXT in TIME_WAIT
    dup = segment(IP_A, IP_B, PORT, cport, data[0].seq, data[0].ack, "A", payload)
    lab.enter("A"); raw = raw_tcp()
    # dup 1 at t0, dup 2 at t0 + gap; ss polled every 20 ms until hold + 0.1 s after dup 2
    t0 = time.time(); sent, polls = [], []
    for _ in range(int((p["gap"] + p["hold"]) / 0.02) + 50):
        t = time.time()
        if t >= t0 + p["gap"] + p["hold"] + 0.1:
            break
        x = bool(ss_entries(lab, "B", "state", "time-wait")); polls.append((t, time.time(), x))
        if len(sent) < 2 and time.time() >= t0 + p["gap"] * len(sent):   # after a poll: the
            raw.sendto(dup, (IP_B, 0)); sent.append(time.time())         # RST follows in us
        time.sleep(max(0.0, 0.02 - (time.time() - t)))
    raw.close()
    segs = lab.stop()
    gone = [(t, e) for t, e, x in polls if not x]
    first_gone = gone[0] if gone else None    # (start, end) of the first poll not seeing it
    pre = [(t, e) for t, e, x in polls if x and (first_gone is None or t < first_gone[0])]
    fromS = [s for s in segs if s.src == (IP_A, PORT) and s.dst == (IP_B, cport) and s.t >= t0 - 0.01]
    fromC = [s for s in segs if s.src == (IP_B, cport) and s.t >= t0 - 0.01]
    dups = [s for s in fromS if s.len == len(payload)]
    rsts = [s for s in fromS if "R" in s.flags]
    in_tw = [r for r in rsts if first_gone is None or r.t <= first_gone[1]]
    chain = []
    for i, d in enumerate(dups):
        if first_gone is not None and d.t > first_gone[1]:
            continue                            # reached no TIME_WAIT
        end = dups[i + 1].t if i + 1 < len(dups) else d.t + 0.5
        ans = [s for s in fromC if d.t <= s.t < end]
        rst = [s for s in in_tw if d.t <= s.t < end]
        chain.append(describe_h1(ans[0].flags if ans else None, ans[0].ack if ans else None,
                                 rst[0].flags if rst else None, rst[0].seq if rst else None, rcv_nxt))
    return {"dups": ["%.3f" % (d.t - t0) for d in dups], "sent": ["%.3f" % (t - t0) for t in sent],
            "rsts": ["%.3f" % (r.t - t0) for r in rsts], "in_tw": len(in_tw), "chain": chain,
            "first_rst": rsts[0].t - t0 if rsts else None, "last_rst": rsts[-1].t - t0 if rsts else None,
            "seen_end": pre[-1][1] - t0 if pre else None, "seen_start": pre[-1][0] - t0 if pre else None,
            "gone_end": None if first_gone is None else first_gone[1] - t0,
            "observed_until": polls[-1][0] - t0 if polls else None, "polls": len(polls),
            "client_after": ["%s@%.3f" % (s.flags, s.t - t0) for s in fromC]}

def describe_h1(aflags, aack, rflags, rseq, rcv_nxt):
    """One old duplicate's chain in TIME_WAIT: the client's answer, then the server's."""
    if aflags is None:
        a = "no answer"
    elif aflags == "." and aack == rcv_nxt:
        a = "ACK of RCV.NXT"
    else:
        a = "[%s] ack RCV.NXT%+d" % (aflags, (aack - rcv_nxt + 2**31) % 2**32 - 2**31)
    if rflags is None:
        r = "no RST"
    elif rflags == "R" and rseq == rcv_nxt:
        r = "bare RST at RCV.NXT"
    else:
        r = "[%s] seq RCV.NXT%+d" % (rflags, (rseq - rcv_nxt + 2**31) % 2**32 - 2**31)
    return a + " -> " + r

def h1_outcome(r, hold, bound):
    """TIME_WAIT after the RST(s), from times on one origin: "ended by the RST" when a poll that
    ended before the first RST saw the entry and the first poll not seeing it ended within bound
    after that RST; "held" when no poll missed it up to hold s after the last RST."""
    if r["first_rst"] is None:
        return "no RST"
    if r["gone_end"] is not None and r["seen_end"] is not None and r["seen_end"] < r["first_rst"] \
            and r["first_rst"] <= r["gone_end"] <= r["first_rst"] + bound:
        return "ended by the RST"
    if r["gone_end"] is None and r["observed_until"] - r["last_rst"] >= hold:
        return "held"
    return "other (last seen by a poll ending %s s, first miss ending %s s, RSTs %s s)" % (
        r["seen_end"], r["gone_end"], ",".join(r.get("rsts", [])))

KERNEL = {"giveup": k_giveup, "keepalive": k_keepalive, "fin-wait2": k_fin_wait2,
          "errno-rst": k_errno_rst, "lost-ack": k_lost_ack,
          "reboot": k_reboot, "linger": k_linger, "send-after-close": k_send_after_close,
          "time-wait": k_time_wait, "tw-connect": k_tw_connect, "port-reuse": k_port_reuse, "rfc1337": k_rfc1337}

def run_case_child(spec):
    lab = Lab(spec)
    try:
        res = {"ok": True, "result": KERNEL[spec["kind"]](lab, spec["params"])}
    except Exception as e:                     # report, do not hide: the case becomes a FAIL
        res = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
    finally:
        if lab.cap and lab.cap.poll() is None:
            lab.cap.kill()
    print(json.dumps(res)); sys.stdout.flush()

# ----------------------------------------------------------------------------------------------
# Module side: the example programs.
def example(examples, name, *args, output=None):
    # the module's RTO in whole jiffies of this kernel (TcpTeardownSocket::Jiffy, 1/CONFIG_HZ)
    cmd = [os.path.join(examples, "tcp-teardown-" + name), *args,
           "--ns3::TcpTeardownSocket::Jiffy=%dus" % round(1e6 / HZ)]
    if output:
        cmd.append("--output=" + output)
    r = _run(cmd, timeout=max(1.0, min(30.0, DEADLINE[0] - time.time())))
    if r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), r.returncode, r.stderr[-300:]))
    return r.stdout

def m_giveup(examples, p, work):
    args = ["--retries2=%d" % p["retries2"], "--delay=0s"]
    if p.get("rto_max_ms"):
        args.append("--rtoMax=%dms" % p["rto_max_ms"])
    out = example(examples, "peer-crash", *args, output=work)
    m = re.search(r"ETIMEDOUT at t = ([\d.]+) s, ([\d.]+) s after the first retransmission, "
                  r"after (\d+) timeout retransmissions", out)
    budget = float(re.search(r"at least ([\d.]+) s \(the budget", out)[1])
    calls = re.search(r"Server application after the error: (.*)", out)[1]
    with open(os.path.join(work, "retransmissions.csv")) as f:
        rows = [r for r in csv.DictReader(f) if r["node"] == "1"]
    t1 = float(rows[0]["time_s"])
    retx = [float(r["time_s"]) - t1 for r in rows]
    end = float(m[1]) - t1
    rto_max = p.get("rto_max_ms", 120000) / 1000.0
    nxt = end + min(2 * (end - retx[-1]), rto_max)
    return {"count": int(m[3]), "elapsed": float(m[2]), "budget": budget,
            "expiries": retx[1:] + [end, nxt],          # e_1 .. e_N, e_N+1 (times after the 1st)
            # base RTO: the first timeout retransmission backs it off, so the first interval
            # after it is twice the base
            "rto0": (retx[1] if len(retx) > 1 else end) / 2, "rto_max": rto_max,
            "calls": re.findall(r"-> -1 (\w+)", calls)}

def m_keepalive(examples, p, work):
    out = example(examples, "keepalive", "--idle=%ds" % p["idle"], "--interval=%ds" % p["interval"],
                  "--probes=%d" % p["probes"], "--crashAt=1.5s", "--detection=keepalive")
    heard = float(re.search(r"last segment heard: ([\d.]+) s", out)[1])
    probes = [float(x) - heard for x in
              re.findall(r"([\d.]+) s", re.search(r"keepalive probes: \d+: (.*)", out)[1])]
    end = float(re.search(r"client connection ended: ([\d.]+) s with (\w+)", out)[1])
    err = re.search(r"client connection ended: ([\d.]+) s with (\w+)", out)[2]
    return {"probes": probes, "etimedout": end - heard, "error": err}

def m_fin_wait2(examples, p, work):
    out = example(examples, "close-wait-leak", "--clients=1", "--finTimeout=%ds" % p["fin_timeout"],
                  "--duration=%ds" % (p["fin_timeout"] + 10))
    return {"lifetime": float(re.search(r"longest client FIN_WAIT_2: ([\d.]+) s", out)[1])}

def m_errno_rst(examples, p, work):
    out = example(examples, "send-after-close", "--cell=rst-idle")
    return {"calls": [x for _, x in re.findall(r"server (send\(100\)|recv) -> (\w+)", out)]}

def m_lost_ack(examples, p, work):
    args = [] if p["time_wait"] else ["--timeWait=disabled"]
    out = example(examples, "lost-final-ack", *args)
    ans = re.search(r"client segments reaching the server after the drop: (\w+)", out)[1]
    return {"answer": ans, "server": re.search(r"server connection ended: [\d.]+ s with (\w+)", out)[1],
            "fin_retx": int(re.search(r"server FIN retransmissions: (\d+)", out)[1]),
            "drops": int(re.search(r"final ACKs dropped: (\d+)", out)[1])}

def module_pcap(path):
    """Segments of a module pcap (PPP link type; read with tcpdump): (t, src, dst, flags, seq, ack)."""
    r = _run(["tcpdump", "-nn", "-tt", "-r", path], timeout=20)
    out = []
    for line in r.stdout.splitlines():
        m = re.match(r"([\d.]+) IP ([\d.]+\.\d+) > ([\d.]+\.\d+): Flags \[([^\]]*)\](?:, seq (\d+)(?::\d+)?)?"
                     r"(?:, ack (\d+))?", line)
        if m:
            out.append((float(m[1]), m[2], m[3], m[4], m[5] and int(m[5]), m[6] and int(m[6])))
    return out

def m_reboot(examples, p, work):
    crash, reboot = 3.0, 3.0 + p["reboot"]
    out = example(examples, "crash-reboot", "--crashAt=%gs" % crash, "--rebootAt=%gs" % reboot,
                  "--pcap", output=work)
    retx = [float(t) for t in re.findall(r"^\s+([\d.]+) s\s+server retransmission \d+", out, re.M)]
    end = float(re.search(r"server connection ended: ([\d.]+) s with (\w+)", out)[1])
    calls = re.findall(r"-> -1 (\w+)", re.search(r"server socket calls: (.*)", out)[1])
    rst = [s for s in module_pcap(os.path.join(work, "peer-reboot-0-0.pcap")) if "R" in s[3]]
    srv = module_pcap(os.path.join(work, "peer-reboot-1-0.pcap"))
    after = [t for t in retx if t >= reboot]
    if not rst or not after:
        raise RuntimeError("no RST or no retransmission after the reboot in the module's run")
    r = rst[0]
    answers = [i + 1 for i, t in enumerate(after) if t <= r[0] + 1e-9]
    last_tx = [s for s in srv if s[0] <= after[0] + 1e-6 and s[1].endswith(".80")]
    return {"calls": calls, "rst_flags": r[3].replace("R", "R").replace(".", "."),
            "rst_seq_ok": bool(last_tx) and r[4] == last_tx[-1][5],
            "answered": answers[-1] if answers else 0, "rst_delay": r[0] - after[0],
            "err_after_rst": end - r[0], "tx": ["%.3f" % t for t in retx]}

def m_linger(examples, p, work):
    args = ["--linger=%d" % p["linger"]]
    if p["mode"] == "timeout":
        args.append("--peer=crashed")
    out = example(examples, "linger", *args, "--pcap", output=work)
    called = float(re.search(r"close\(\) called at: ([\d.]+) s", out)[1])
    ret_at = float(re.search(r"close\(\) returned at: ([\d.]+) s", out)[1])
    ret = re.search(r"close\(\) returned: (\w+)", out)[1]
    res = {"ret": "0" if ret == "NONE" else ret, "blocked": ret_at - called}
    segs = module_pcap(os.path.join(work, "linger-0-0.pcap"))
    res["rst"] = ["RST|ACK" if "." in s[3] else "RST" for s in segs
                  if "R" in s[3] and s[1].startswith("10.1.1.1.") and s[0] >= called - 1e-9]
    with open(os.path.join(work, "transitions.csv")) as f:
        tr = [r for r in csv.DictReader(f) if r["node"] == "0" and r["socket"] == "2"]
    states = [r["to"] for r in tr]
    if p["mode"] == "abort":
        res["peer"] = re.search(r"server connection ended: [\d.]+ s with (\w+)", out)[1]
        res["closer_entries"] = "TIME-WAIT" if "TIME_WAIT" in states else "none"
    elif p["mode"] == "live":
        # close() returned at a printed 1 ms resolution; FIN_WAIT_2 = the ACK of the FIN
        fw2 = [float(r["time_s"]) for r in tr if r["to"] == "FIN_WAIT_2"]
        if not fw2:
            raise RuntimeError("the module's closer never reached FIN_WAIT_2")
        res["after_fin_ack"] = ret_at - fw2[0]
        before = [r["to"] for r in tr if float(r["time_s"]) <= ret_at + 0.0005]
        res["state_at_return"] = before[-1].replace("_", "-") if before else "none"
        res["read"] = int(re.search(r"bytes read by the server: (\d+)", out)[1])
    return res

def m_send_after_close(examples, p, work):
    out = {}
    for cell in ("fin-idle", "rst-idle", "fin-blocked", "rst-blocked"):
        txt = example(examples, "send-after-close", "--cell=" + cell)
        calls = []
        for what, r in re.findall(r"^\s+server (blocked send\(\d+\)|send\(100\)|recv) -> (\w+)", txt, re.M):
            if what.startswith("blocked"):
                out[cell + ".copied"] = r
                r = "n" if r.isdigit() else r
            calls.append(r)
        out[cell] = calls
    return out

def m_time_wait(examples, p, work):
    out = example(examples, "graceful-close")
    return {"span": float(re.search(r"client time in TIME_WAIT: ([\d.]+) s", out)[1])}

def m_port_reuse(examples, p, work):
    res = {}
    for reuse in (False, True):
        out = example(examples, "port-reuse", "--reuse=%s" % ("true" if reuse else "false"))
        b = re.search(r"bind\([\d.]+:\d+\)(?: SO_REUSEADDR)?\s+(-1 )?(\w+)", out)
        res["bind_reuse" if reuse else "bind_noreuse"] = b[2]
    out = example(examples, "port-reuse", "--portFirst=%d" % p["first"], "--portLast=%d" % p["last"])
    m = re.search(r"connect\(:\d+\) until it fails\s+(\d+) x 0 \(ports ([\d ]+)\), then -1 (\w+)", out)
    res.update({"connects": int(m[1]), "ports": [int(x) for x in m[2].split()], "then": m[3]})
    return res

def m_tw_connect(examples, p, work):
    # the kernel's ISN choice (secure_tcp_seq: clock + keyed hash), so that a SYN over the
    # server's TIME_WAIT lies above its RCV.NXT as the kernel's does
    out = example(examples, "port-reuse", "--timestamps=%s" % ("true" if p["ts"] else "false"),
                  "--ns3::TcpTeardownSocket::IsnPolicy=Linux")
    one = out[out.index("1. the client's"):out.index("2. the server's")]
    two = out[out.index("2. the server's"):out.index("3. ephemeral")]
    res = {"bind1": re.search(r"bind\([\d.:]+\)(?: SO_REUSEADDR)?\s+(-1 )?(\w+)", one)[2]}
    c = re.search(r"connect\([\d.:]+\)\s+(-1 )?(\w+)", one)
    res["connect1"] = c[2]
    syn = re.search(r"SYN seq \d+ = old SND.NXT \d+ \+ (\d+)", one)
    res["syn1"] = syn[1] if syn else "no SYN"
    res["connect2"] = re.search(r"bind\([\d.:]+\), connect\s+\S+, (-1 )?(\w+)", two)[2]
    ans = re.search(r"the server sent (\S+) seq \d+ = its old SND.NXT \d+ \+ (\d+)", two)
    res["answer2"] = "%s, seq old SND.NXT + %s" % (ans[1], ans[2]) if ans else "none"
    return res

def m_rfc1337(examples, p, work):
    out = example(examples, "assassination", "--hazard=H1", "--rfc1337=%s" % ("true" if p["rfc1337"] else "false"),
                  "--trigger=+1s", "--stray=+%gs" % (1 + p["gap"]), "--pcap", output=work)
    n = int(re.search(r"RSTs received in TIME_WAIT: (\d+)", out)[1])
    run_end = float(re.search(r"story: \S+, ([\d.]+) s simulated", out)[1])
    with open(os.path.join(work, "transitions.csv")) as f:
        tr = [r for r in csv.DictReader(f) if r["node"] == "0"]
    tw = [r for r in tr if r["to"] == "TIME_WAIT"]
    if not tw:
        raise RuntimeError("the module's client never reached TIME_WAIT")
    sock = tw[0]["socket"]
    ends = [float(r["time_s"]) for r in tr if r["socket"] == sock and r["from"] == "TIME_WAIT"]
    tw_end = ends[0] if ends else None
    with open(os.path.join(work, "impairments.csv")) as f:
        dups = sorted(float(r["delivered_s"]) for r in csv.DictReader(f) if r["action"] == "DUPLICATE")
    segs = module_pcap(os.path.join(work, "assassination-0-0.pcap"))   # the client's device
    cli = tw[0]["local"].replace(":", ".")
    fromC = [s for s in segs if s[1] == cli]
    fromS = [s for s in segs if s[2] == cli]
    eps = 2e-6                                           # pcap times: 1 us resolution
    before = [s for s in fromC if dups and s[0] < dups[0] - eps]
    rcv_nxt = before[-1][5] if before else None          # the client's ACK of the server's FIN
    rsts = [s for s in fromS if "R" in s[3] and (not dups or s[0] >= dups[0] - eps)]
    chain = []
    for i, d in enumerate(dups):
        if tw_end is not None and d > tw_end + eps:
            continue
        end = dups[i + 1] - eps if i + 1 < len(dups) else d + 0.5
        ans = [s for s in fromC if d - eps <= s[0] < end]
        rst = [s for s in rsts if d - eps <= s[0] < end]
        chain.append(describe_h1(ans[0][3] if ans else None, ans[0][5] if ans else None,
                                 rst[0][3] if rst else None, rst[0][4] if rst else None, rcv_nxt))
    # the module is exact: the RST ends TIME_WAIT at the instant it arrives (pcap: 1 us resolution)
    if not rsts:
        outcome = "no RST"
    elif tw_end is not None and abs(tw_end - rsts[0][0]) <= 2e-6:
        outcome = "ended by the RST"
    elif tw_end is None and run_end - rsts[-1][0] >= p["hold"]:
        outcome = "held"
    else:
        outcome = "other (TIME_WAIT end %s s, RSTs at %s s)" % (tw_end, ",".join("%.6f" % s[0] for s in rsts))
    return {"in_tw": n, "chain": chain, "outcome": outcome, "tw_end": tw_end, "run_end": run_end,
            "dups": ["%.3f" % d for d in dups], "rsts": ["%.6f" % s[0] for s in rsts]}

MODULE = {"giveup": m_giveup, "keepalive": m_keepalive, "fin-wait2": m_fin_wait2,
          "errno-rst": m_errno_rst, "lost-ack": m_lost_ack,
          "reboot": m_reboot, "linger": m_linger, "send-after-close": m_send_after_close,
          "time-wait": m_time_wait, "tw-connect": m_tw_connect, "port-reuse": m_port_reuse, "rfc1337": m_rfc1337}

# ----------------------------------------------------------------------------------------------
# Comparison: rows (case, parameters, quantity, kernel, module, difference, tolerance, result, note)
def row(case, params, qty, k, m, tol=None, note="", fmt="%.3f s"):
    if tol is None:                            # exact comparison (counts, errnos, flags)
        ok = k == m
        return [case, params, qty, str(k), str(m), "-" if ok else "differs", "exact",
                "PASS" if ok else "FAIL", note]
    d = k - m
    return [case, params, qty, fmt % k, fmt % m, ("%+.3f s" % d), "%.3f s" % tol,
            "PASS" if abs(d) <= tol else "FAIL", note]

def row_range(case, params, qty, k, m, lo, hi, note=""):
    """A row whose kernel figure k may lie from m - lo to m + hi (seconds)."""
    d = k - m
    return [case, params, qty, "%.3f s" % k, "%.3f s" % m, "%+.3f s" % d, "-%.3f/+%.3f s" % (lo, hi),
            "PASS" if -lo <= d <= hi else "FAIL", note]

def cmp_giveup(case, params, k, m):
    """The give-up, expiry by expiry. Both hold the RTO in whole jiffies (the module rounds up to
    this kernel's jiffy, TcpTeardownSocket::Jiffy) and double it up to rto_max, so from the
    kernel's own base RTO (ss -ti before the crash) the kernel's arithmetic gives each expiry
    k_j. Its timers then fire late, never early: by up to 1 jiffy (armed mid-jiffy) + the timer
    wheel granularity of the interval's length (up to 1/8 of it), summed over the intervals."""
    rows = []
    if k["tlp"]:
        tlp = "the kernel's first resend was a tail loss probe (not modelled), excluded"
    else:
        tlp = "no tail loss probe seen"
    e, budget, rto_max = m["expiries"], m["budget"], m["rto_max"]
    rows.append(row(case, params, "RTO before the crash", k["rto0"], m["rto0"], J + 1e-6,
                    note="kernel: icsk_rto from ss -ti; both srtt + max(4 rttvar, 200 ms) in whole "
                         "jiffies; tolerance 1 jiffy (1/HZ = %.0f ms): the RTT estimates differ "
                         "(veth vs the module's 10 Mb/s link)" % (J * 1000)))
    # the kernel's arithmetic k_j and its lateness bound late_j, from the module's intervals
    karith, late, prev, kt, lt = [], [], 0.0, 0.0, MEAS
    for x in e:
        T = x - prev; prev = x
        Tk = rto_max if T >= rto_max - 1e-6 else min(T / m["rto0"] * k["rto0"], rto_max)
        kt += Tk; lt += J + wheel_gran(Tk)
        karith.append(kt); late.append(lt)
    first_past = next((j for j, x in enumerate(karith, 1) if x >= budget - 1e-9), len(karith))
    allowed = [j for j in range(1, first_past + 1) if karith[j - 1] + late[j - 1] >= budget]
    N, kc = m["count"], k["count"]
    why = ("budget %.3f s; the kernel's arithmetic (base RTO %.0f ms) reaches it at expiry %d (%.3f s)"
           % (budget, k["rto0"] * 1e3, first_past, karith[first_past - 1]))
    if len(allowed) > 1:
        why += ("; expiry %d (%.3f s) is short of it by less than the %.3f s its timers may be late, "
                "so the clock phase decides: %s retransmissions allowed"
                % (allowed[0], karith[allowed[0] - 1], late[allowed[0] - 1],
                   " or ".join(str(j) for j in allowed)))
    ok = kc == N or kc in allowed
    rows.append([case, params, "timeout retransmissions", str(kc), str(N),
                 "-" if kc == N else "%+d" % (kc - N),
                 "exact" if len(allowed) == 1 else "one of " + ",".join(map(str, allowed)),
                 "PASS" if ok else "FAIL", why + "; " + tlp])
    def span(j):                               # tolerance of expiry j: arithmetic gap + lateness
        gap = karith[j - 1] - e[j - 1]
        return MEAS + max(0.0, -gap), late[j - 1] + max(0.0, gap)
    note = ("the kernel's arithmetic %.3f s; its timers fire late by up to 1 jiffy + the wheel "
            "granularity per interval (1/HZ = %.0f ms), early by at most the %.0f ms measurement")
    for j, kt_j in enumerate(k["times"][1:min(kc, N)], 1):
        lo, hi = span(j)
        rows.append(row_range(case, params, "timeout retransmission %d after the 1st" % (j + 1),
                              kt_j, e[j - 1], lo, hi, note % (karith[j - 1], J * 1e3, MEAS * 1e3)))
    g = kc if kc <= len(e) else N             # the module's expiry the kernel gave up at
    lo, hi = span(g)
    r = row_range(case, params, "ETIMEDOUT after the 1st timeout retransmission", k["elapsed"],
                  e[g - 1], lo, hi, (note % (karith[g - 1], J * 1e3, MEAS * 1e3)) +
                  "; kernel schedule %s s" % ",".join(k["schedule"]))
    if g != N:                                 # say which module figure the kernel was held to
        r[4] += " (expiry %d; own ETIMEDOUT %.3f s)" % (g, m["elapsed"])
    rows.append(r)
    rows.append(row(case, params, "segments sent at or after ETIMEDOUT", k["sent_after_error"], 0,
                    note="Linux rule: nothing is sent on give-up"))
    if params.startswith("tcp_retries2=3 "):
        rows.append(row(case.replace("giveup", "errno-giveup"), params, "calls after give-up",
                        " ".join(k["calls"]), " ".join(m["calls"]), note="send, send after ETIMEDOUT"))
    return rows

def cmp_keepalive(case, params, k, m, p):
    rows = []
    idle, intvl = float(p["idle"]), float(p["interval"])
    note = ("tolerance: the idle timer's slack (1 jiffy rounding + 1 jiffy re-arm at the end of "
            "idle + wheel granularity of %g s) + per interval 2 jiffies + wheel granularity of %g s "
            "(1/HZ = %.0f ms) + %.0f ms measurement" % (idle, intvl, J * 1000, MEAS * 1000))
    rows.append(row(case, params, "probes sent", len(k["probes"]), len(m["probes"])))
    for i, (kp, mp) in enumerate(zip(k["probes"], m["probes"])):
        t = MEAS + timer_slack(idle) + J + i * timer_slack(intvl)
        rows.append(row(case, params, "probe %d after the peer's last segment" % (i + 1), kp, mp, t, note))
    n = len(m["probes"])
    t = MEAS + timer_slack(idle) + J + n * timer_slack(intvl)
    rows.append(row(case, params, "ETIMEDOUT after the peer's last segment", k["etimedout"],
                    m["etimedout"], t, note))
    rows.append(row(case, params, "error", k["error"], m["error"]))
    return rows

def cmp_fin_wait2(case, params, k, m, p):
    # the lifetime lies between the last poll that saw the entry and the first that did not;
    # take the midpoint, +- half the gap plus the tw timer's slack
    mid = (k["last_seen"] + k["first_gone"]) / 2
    half = (k["first_gone"] - k["last_seen"]) / 2
    t = MEAS + timer_slack(float(p["fin_timeout"])) + half
    note = ("kernel: from the peer's ACK of the FIN (FIN_WAIT_1 lasted %.3f s: the peer delays it), "
            "entry last seen %+.3f s, gone %+.3f s (ss every 20 ms, %d polls; states %s); "
            "tolerance: 2 jiffies + timer wheel granularity of %g s (1/HZ = %.0f ms) + half the poll "
            "gap + %.0f ms" % (k["fin_wait1"], k["last_seen"], k["first_gone"], k["polls"],
                               "/".join(k["states"]), float(p["fin_timeout"]), J * 1000, MEAS * 1000))
    return [row(case, params, "orphan FIN_WAIT_2 lifetime", mid, m["lifetime"], t, note),
            row(case, params, "segments from the closer at expiry", k["sent_at_expiry"], 0,
                note="Linux rule: the orphan disappears silently")]

def cmp_errno_rst(case, params, k, m, p):
    return [row(case, params, "send x4, recv x2 after the RST", " ".join(k["calls"]),
                " ".join(m["calls"]), note="idle socket; calls 0.2 s after the RST")]

def cmp_lost_ack(case, params, k, m, p):
    valid = "iptables dropped %s segment(s)" % k["drops"]
    return [row(case, params, "final ACKs dropped", k["drops"], m["drops"], note="must be exactly 1"),
            row(case, params, "client's answer to the retransmitted FIN", k["answer"], m["answer"],
                note=valid),
            row(case, params, "server FIN retransmissions", k["fin_retx"], m["fin_retx"],
                note="kernel FIN resent %s s after the first (module path has 20 ms RTT: times not "
                     "compared)" % ",".join(k["fin_retx_after"])),
            row(case, params, "server's connection ends with", k["server"], m["server"],
                note="the server half-closes (shutdown SHUT_WR) after the client's FIN and keeps its "
                     "socket: kernel = its pending error (SO_ERROR, NONE if 0) once it is CLOSED (%s); "
                     "recv() then returns %s (end of stream was already read)"
                     % ("reached" if k["closed"] else "NOT reached within 5 s", k["recv_after"]))]

def rst_txt(r):
    return "%s, SEQ %s the server's ACK" % ("bare RST" if r["rst_flags"] == "R" else r["rst_flags"],
                                           "=" if r["rst_seq_ok"] else "!=")

def cmp_reboot(case, params, k, m, p):
    how = ("kernel: client socket closed with SO_LINGER {1,0} under iptables DROP (its RST "
           "dropped; %d TCP entries left in its namespace), then the rules flushed; %d segments "
           "from the client escaped between the crash and the reboot; server 1000 B sent at 0, "
           "transmissions at %s s, reboot %.3f..%.3f s" % (k["left"], k["leaked"], ",".join(k["tx"]),
                                                           k["reboot"][0], k["reboot"][1]))
    ordinal = lambda n: {0: "none", 1: "1st"}.get(n, "%dth" % n)
    return [row(case, params, "retransmission after the reboot the RST answers", ordinal(k["answered"]),
                ordinal(m["answered"]), note=how + "; module retransmissions at %s s, reboot at %g s"
                % (",".join(m["tx"]), 3.0 + p["reboot"])),
            row(case, params, "the RST: flags, sequence number", rst_txt(k), rst_txt(m),
                note="a bare RST (no ACK flag) from a host with no socket; kernel RST %.1f ms after the "
                     "retransmission (module %.1f ms: its path has a 10 ms one-way delay; not compared)"
                     % (k["rst_delay"] * 1e3, m["rst_delay"] * 1e3)),
            row(case, params, "server send, send after the RST", " ".join(k["calls"]), " ".join(m["calls"]),
                note="after poll() reports POLLERR")]

def cmp_linger(case, params, k, m, p):
    rows = [row(case, params, "close() returns", k["ret"], m["ret"]),
            row(case, params, "resets from the closer at/after close()", " ".join(k["rst"]) or "none",
                " ".join(m["rst"]) or "none", note="module: from its pcap")]
    if p["mode"] == "abort":
        rows.append(row(case, params, "close() blocked", k["blocked"], m["blocked"], MEAS,
                        note="no wait: an abortive close returns at once; tolerance %.0f ms "
                             "measurement" % (MEAS * 1e3)))
        rows.append(row(case, params, "closer's TCP entries after close()", k["closer_entries"],
                        m["closer_entries"], note="no TIME_WAIT (kernel: ss 0.1 s later)"))
        rows.append(row(case, params, "peer's connection ends with", k["peer"], m["peer"],
                        note="kernel: SO_ERROR once poll() reports POLLERR (50000 B unread)"))
    elif p["mode"] == "timeout":
        t = MEAS + timer_slack(float(p["linger"]))
        rows.append(row(case, params, "close() blocked (peer black-holed)", k["blocked"], m["blocked"], t,
                        note="l_linger * HZ jiffies slept with schedule_timeout (a wheel timer): "
                             "tolerance 1 jiffy rounding + 1 jiffy start + wheel granularity of %g s "
                             "(1/HZ = %.0f ms) + %.0f ms measurement; kernel send() before close: %s"
                             % (float(p["linger"]), J * 1e3, MEAS * 1e3, k["sent"])))
    else:
        rows.append(row(case, params, "close() return after the ACK of the FIN", k["after_fin_ack"],
                        m["after_fin_ack"], MEAS + 0.001,
                        note="no timer: close() sleeps until the ACK of its FIN moves the socket out "
                             "of FIN_WAIT_1 (kernel ACK %.3f s after close(), close() blocked %.3f s; "
                             "module blocked %.3f s); tolerance %.0f ms measurement + 1 ms, the "
                             "module's printed resolution" % (k["fin_ack_after_close"], k["blocked"],
                                                               m["blocked"], MEAS * 1e3)))
        rows.append(row(case, params, "closer's state when close() returned", k["state_at_return"],
                        m["state_at_return"], note="kernel: ss right after close()"))
        rows.append(row(case, params, "bytes the peer read", k["read"], m["read"]))
    return rows

def cmp_send_after_close(case, params, k, m, p):
    rows = []
    for cell in ("fin-idle", "rst-idle", "fin-blocked", "rst-blocked"):
        blocked = cell.endswith("blocked")
        note = ("client closes %s; the server %s; " % ("with linger {1,0}" if cell.startswith("rst")
                else "normally", "blocked in send(1000000) (SO_SNDBUF 16 KB, client SO_RCVBUF 4 KB)"
                if blocked else "idle") + "then send(100) x4, recv x2")
        if blocked:
            note += ("; n = the blocked send()'s return, a byte count that depends on the buffer "
                     "sizes, so not compared (kernel %s, module %s)" % (k[cell + ".copied"],
                                                                        m[cell + ".copied"]))
        rows.append(row(case, params, cell + ": " + ("blocked send, " if blocked else "") +
                        "send x4, recv x2", " ".join(k[cell]), " ".join(m[cell]), note=note))
    return rows

def cmp_time_wait(case, params, k, m, p):
    mid = (k["last_seen"] + k["first_gone"]) / 2
    half = (k["first_gone"] - k["last_seen"]) / 2
    t = MEAS + timer_slack(m["span"]) + half
    note = ("kernel: from the client's ACK of the server's FIN, entry last seen %+.3f s, gone %+.3f s "
            "(ss state time-wait every %g s, %d polls); TCP_TIMEWAIT_LEN (60 s, not a sysctl) is a "
            "timer on the wheel (inet_twsk_schedule: mod_timer of 60*HZ jiffies, level 3 at HZ=%d), "
            "so it may expire up to its granularity later; tolerance: 2 jiffies + wheel granularity "
            "of %g s (%.3f s) + half the poll gap + %.0f ms" % (k["last_seen"], k["first_gone"],
            p["poll"], k["polls"], HZ, m["span"], wheel_gran(m["span"]), MEAS * 1e3))
    # one-sided: a wheel timer fires late, never early, so the kernel may not be shorter than the
    # module's 60 s by more than the poll gap's half, 1 jiffy and the measurement
    lo = MEAS + J + half
    note += ("; one-sided: the timer never fires early, so below 60 s only -(1 jiffy + half the poll "
             "gap + %.0f ms)" % (MEAS * 1e3))
    return [row_range(case, params, "client TIME_WAIT length", mid, m["span"], lo, t, note)]

def cmp_port_reuse(case, params, k, m, p):
    return [row(case, params, "bind over TIME_WAIT, SO_REUSEADDR on neither", k["bind_noreuse"],
                m["bind_noreuse"], note="kernel: TIME_WAIT entries on the port %d" % k["tw_noreuse"]),
            row(case, params, "bind over TIME_WAIT, SO_REUSEADDR on both", k["bind_reuse"],
                m["bind_reuse"], note="kernel: TIME_WAIT entries on the port %d" % k["tw_reuse"]),
            row(case, params, "connects before exhaustion, then", "%d, %s" % (k["connects"], k["then"]),
                "%d, %s" % (m["connects"], m["then"]),
                note="ip_local_port_range %d..%d, connections kept open; ports kernel %s, module %s "
                     "(the order depends on a random offset: not compared)"
                     % (p["first"], p["last"], k["ports"], m["ports"]))]

def cmp_tw_connect(case, params, k, m, p):
    why = ("tcp_twsk_unique(): with timestamps the new connection may take over the TIME_WAIT and "
           "starts at the old SND.NXT + 65537 (65535 + 2); the port is bound, so tcp_tw_reuse does "
           "not matter"
           if p["ts"] else "without timestamps connect() may not take over its own TIME_WAIT: "
           "EADDRNOTAVAIL, no SYN")
    srv = ("tcp_timewait_state_process(): a SYN above RCV.NXT (or with a newer timestamp) opens a "
           "new connection, ISN = old SND.NXT + 65537; module with IsnPolicy=Linux (the kernel's "
           "clock + hash ISN; ns-3's ISN 0 would fall below RCV.NXT)")
    return [row(case, params, "own TIME_WAIT: bind() with SO_REUSEADDR", k["bind1"], m["bind1"],
                note="kernel: TIME_WAIT entries on the port before: %d" % k["tw1"]),
            row(case, params, "own TIME_WAIT: connect()", k["connect1"], m["connect1"], note=why),
            row(case, params, "own TIME_WAIT: new SYN's seq - old SND.NXT", k["syn1"], m["syn1"],
                note=why),
            row(case, params, "server's TIME_WAIT: connect()", k["connect2"], m["connect2"],
                note="kernel: server TIME_WAIT entries before: %d" % k["tw2"]),
            row(case, params, "server's TIME_WAIT: its answer to the SYN", k["answer2"], m["answer2"],
                note=srv)]

def cmp_rfc1337(case, params, k, m, p):
    bound = 0.1
    ko = h1_outcome(k, p["hold"], bound)
    why = ("the kernel kills TIME_WAIT in the RST's receive path (tcp_timewait_state_process: a RST "
           "at exactly RCV.NXT, inet_twsk_deschedule_put unless tcp_rfc1337), no timer: the first "
           "`ss state time-wait` poll (every 20 ms) reading after it must miss the entry; bound "
           "%.1f s = poll gap + ss run time + scheduling, far below the 60 s TIME_WAIT timer, the "
           "only other way out; 'held' = present at every poll until >= %.1f s after the last RST"
           % (bound, p["hold"]))
    if k["first_rst"] is not None:
        why += ("; kernel (s from the first poll; duplicates sent at %s, captured at %s): RST(s) "
                "at %s, entry last seen by a poll started %s / ended %s, first missed by a poll "
                "ending %s, observed until %.3f (%d polls)"
                % (",".join(k["sent"]), ",".join(k["dups"]), ",".join(k["rsts"]), fmt_opt(k["seen_start"]),
                   fmt_opt(k["seen_end"]), fmt_opt(k["gone_end"]), k["observed_until"], k["polls"]))
    why += ("; module: RSTs reach the client at %s s, TIME_WAIT ends %s (run %g s)"
            % (",".join(m["rsts"]) or "-", "at %.6f s" % m["tw_end"] if m["tw_end"] is not None
               else "never", m["run_end"]))
    return [row(case, params, "old duplicates reaching TIME_WAIT: client's answer -> server's answer",
                "; ".join(k["chain"]) or "none", "; ".join(m["chain"]) or "none",
                note="two copies of the server's first data segment (kernel: raw socket in the "
                     "server's namespace, at %s s; module: delivered at %s s), %.1f s apart, beyond "
                     "tcp_invalid_ratelimit (500 ms, both) so each may be answered; only those "
                     "arriving while the client's TIME_WAIT exists are listed; RCV.NXT = the "
                     "client's ACK of the server's FIN; the server has no connection left"
                     % (",".join(k["dups"]), ",".join(m["dups"]), p["gap"])),
            row(case, params, "RSTs received in TIME_WAIT", k["in_tw"], m["in_tw"],
                note="kernel: RSTs from the server's port to the client's captured (on the server's "
                     "veth) no later than the end of the first ss poll missing the entry"),
            row(case, params, "TIME_WAIT after the RST", ko, m["outcome"], note=why)]

def fmt_opt(x):
    return "-" if x is None else "%.3f" % x

# ----------------------------------------------------------------------------------------------
def case_list(have_rto_max):
    cases = []
    for r in (3, 5, 6):
        cases.append(("giveup-r%d" % r, "giveup", {"retries2": r, "limit": 60},
                      "tcp_retries2=%d delay=0" % r))
    if have_rto_max:
        cases.append(("giveup-r6-rtomax1s", "giveup", {"retries2": 6, "rto_max_ms": 1000, "limit": 30},
                      "tcp_retries2=6 tcp_rto_max_ms=1000"))
    cases.append(("keepalive", "keepalive", {"idle": 2, "interval": 1, "probes": 3},
                  "idle=2s interval=1s probes=3"))
    cases.append(("fin-wait2", "fin-wait2", {"fin_timeout": 3}, "tcp_fin_timeout=3"))
    cases.append(("errno-rst", "errno-rst", {}, "SO_LINGER {1,0} peer"))
    cases.append(("lost-ack-tw", "lost-ack", {"time_wait": True}, "TIME_WAIT on"))
    cases.append(("lost-ack-notw", "lost-ack", {"time_wait": False}, "tcp_max_tw_buckets=0 fin_timeout=61"))
    cases.append(("time-wait", "time-wait", {"poll": 0.5, "limit": 70}, "client closes first"))
    cases.append(("reboot", "reboot", {"reboot": 2.5}, "reboot 2.5 s after the send"))
    cases.append(("linger-abort", "linger", {"mode": "abort", "linger": 0}, "SO_LINGER {1,0}"))
    cases.append(("linger-timeout", "linger", {"mode": "timeout", "linger": 2},
                  "SO_LINGER {1,2} peer black-holed"))
    cases.append(("linger-live", "linger", {"mode": "live", "linger": 5}, "SO_LINGER {1,5} peer alive"))
    cases.append(("send-after-close", "send-after-close", {}, "four cells"))
    cases.append(("port-reuse", "port-reuse", {"first": 40000, "last": 40002},
                  "TIME_WAIT bind; ports 40000-40002"))
    for ts in (1, 0):
        cases.append(("tw-connect-" + ("ts" if ts else "nots"), "tw-connect",
                      {"ts": ts, "port1": 41010, "port2": 41011},
                      "tcp_timestamps=%d, connect over TIME_WAIT" % ts))
    for on in (0, 1):
        cases.append(("rfc1337-" + ("on" if on else "off"), "rfc1337",
                      {"rfc1337": on, "gap": 0.6, "hold": 1.0},
                      "tcp_rfc1337=%d, 2 old duplicates 0.6 s apart" % on))
    return cases

CMP = {"giveup": lambda c, pa, k, m, p: cmp_giveup(c, pa, k, m), "keepalive": cmp_keepalive,
       "fin-wait2": cmp_fin_wait2, "errno-rst": cmp_errno_rst, "lost-ack": cmp_lost_ack,
       "reboot": cmp_reboot, "linger": cmp_linger, "send-after-close": cmp_send_after_close,
       "time-wait": cmp_time_wait, "tw-connect": cmp_tw_connect, "port-reuse": cmp_port_reuse, "rfc1337": cmp_rfc1337}

def skip(reason):
    print("SKIPPED: " + reason); sys.stdout.flush()
    sys.exit(77)

def preflight():
    for d in ("/usr/sbin", "/sbin"):           # ip, iptables, tcpdump live there; PATH may lack them
        if d not in os.environ.get("PATH", "").split(":"):
            os.environ["PATH"] = os.environ.get("PATH", "") + ":" + d
    if os.geteuid() != 0:
        skip("needs root (network namespaces)")
    for tool in ("ip", "ss", "iptables", "tcpdump", "timeout"):
        if not shutil.which(tool):
            skip(tool + " not found")
    probe = "tvp%d" % os.getpid()
    with _created_lock:
        _created.append(probe)
    r = _run(["ip", "netns", "add", probe])
    if r.returncode != 0:
        skip("`ip netns add` fails: " + r.stderr.strip())
    r = _run(["ip", "netns", "exec", probe, "iptables", "-L", "-n"])
    if r.returncode != 0:
        skip("iptables does not work in a namespace: " + r.stderr.strip()[:200])
    have = _run(["ip", "netns", "exec", probe, "sysctl", "-n", "net.ipv4.tcp_rto_max_ms"]).returncode == 0
    _run(["ip", "netns", "del", probe])
    return have

def run_kernel_case(idx, name, kind, params, work, deadline):
    a, b = "tv%dc%dA" % (os.getpid(), idx), "tv%dc%dB" % (os.getpid(), idx)
    cwork = os.path.join(work, name); os.makedirs(cwork, exist_ok=True)
    try:
        ns_create(a, b)
        spec = {"kind": kind, "params": params, "nsA": a, "nsB": b, "work": cwork}
        limit = max(5.0, min(90.0, deadline - time.time()))
        p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--run-case", json.dumps(spec)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
        with _children_lock:
            _children.add(p)
        try:
            out, err = p.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL); p.communicate()
            return {"ok": False, "error": "killed after %.0f s" % limit}
        finally:
            with _children_lock:
                _children.discard(p)
        try:
            return json.loads(out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            return {"ok": False, "error": "child exit %s: %s" % (p.returncode, err.strip()[-300:])}
    except Exception as e:
        return {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
    finally:
        for n in (a, b):
            _run(["ip", "netns", "del", n])
        with _created_lock:
            for n in (a, b):
                if n in _created:
                    _created.remove(n)

HEAD = ["case", "parameters", "quantity", "kernel", "module", "difference", "tolerance", "result", "note"]

def write_outputs(rows, outdir, info):
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "validation.csv"), "w", newline="") as f:
        w = csv.writer(f); w.writerow(HEAD); w.writerows(rows)
    esc = lambda s: str(s).replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`").replace("|", "\\|")
    with open(os.path.join(outdir, "validation.rst"), "w") as f:
        title = "Validation against Linux %s (HZ=%d)" % (info["kernel"], HZ)
        f.write("%s\n%s\n\n%s\n\n" % (title, "=" * len(title), info["summary"]))
        f.write(".. list-table::\n   :header-rows: 1\n\n")
        for r in [HEAD] + rows:
            f.write("   * - %s\n" % esc(r[0]))
            for c in r[1:]:
                f.write("     - %s\n" % (esc(c) if c != "" else "\\"))
        f.write("\n")

def print_table(rows):
    cols = HEAD[:-1]
    w = [max(len(str(r[i])) for r in [cols] + rows) for i in range(len(cols))]
    fmt = "  ".join("%%-%ds" % x for x in w)
    print(fmt % tuple(cols)); print("  ".join("-" * x for x in w))
    for r in rows:
        print(fmt % tuple(r[:-1]))
    print("\nnotes:")
    for i, r in enumerate(rows):
        if r[-1]:
            print("  %s / %s: %s" % (r[0], r[2], r[-1]))

def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--run-case":
        run_case_child(json.loads(sys.argv[2])); return 0
    ap = argparse.ArgumentParser(description="Validate tcp-teardown against the Linux kernel.")
    ap.add_argument("--examples", required=True, help="folder with the tcp-teardown-* example programs")
    ap.add_argument("--output", default="validation-out", help="folder for validation.csv/.rst")
    ap.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    args = ap.parse_args()
    t_start = time.time(); deadline = DEADLINE[0] = t_start + RUN_LIMIT
    missing = [n for n in ("peer-crash", "keepalive", "close-wait-leak", "send-after-close",
                           "lost-final-ack", "crash-reboot", "linger", "graceful-close",
                           "port-reuse", "assassination") if not os.access(os.path.join(args.examples,
                                                              "tcp-teardown-" + n), os.X_OK)]
    if missing:
        print("error: no example programs %s in %s" % (", ".join(missing), args.examples))
        return 2
    atexit.register(ns_remove_all)
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, _on_signal)
    work = tempfile.mkdtemp(prefix="tcp-teardown-validate-")
    atexit.register(shutil.rmtree, work, True)
    try:
        have_rto_max = preflight()
        cases = case_list(have_rto_max)
        if args.cases:
            want = set(args.cases.split(","))
            cases = [c for c in cases if c[0] in want]
        kernel = os.uname().release
        print("kernel %s, HZ=%d (%s): 1 jiffy = %.0f ms; %d cases; tcp_rto_max_ms %s"
              % (kernel, HZ, HZ_FROM, J * 1000, len(cases), "present" if have_rto_max else
                 "absent (case giveup-r6-rtomax1s not run)"))
        sys.stdout.flush()
        # module predictions first (about 0.1 s each), then all kernel cases in parallel
        mres = {}
        for name, kind, params, _ in cases:
            mw = os.path.join(work, "module-" + name); os.makedirs(mw, exist_ok=True)
            try:
                mres[name] = {"ok": True, "result": MODULE[kind](args.examples, params, mw)}
            except Exception as e:
                mres[name] = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
        with ThreadPoolExecutor(max_workers=len(cases) or 1) as pool:
            futs = {c[0]: pool.submit(run_kernel_case, i, c[0], c[1], c[2], work, deadline)
                    for i, c in enumerate(cases)}
            kres = {n: f.result() for n, f in futs.items()}
    finally:
        ns_remove_all()
    rows = []
    for name, kind, params, ptxt in cases:
        k, m = kres[name], mres[name]
        if not (k["ok"] and m["ok"]):
            rows.append([name, ptxt, "(case)", "" if k["ok"] else "ERROR", "" if m["ok"] else "ERROR",
                         "-", "-", "FAIL", "kernel: %s; module: %s" % (k.get("error", "ok"), m.get("error", "ok"))])
            continue
        try:
            rows.extend(CMP[kind](name, ptxt, k["result"], m["result"], params))
        except Exception as e:
            rows.append([name, ptxt, "(comparison)", "", "", "-", "-", "FAIL", "%s: %s; kernel %s; module %s"
                         % (type(e).__name__, e, k["result"], m["result"])])
    fails = [r for r in rows if r[7] != "PASS"]
    summary = ("%d rows, %d PASS, %d FAIL; run time %.1f s; tolerances from the kernel's timer "
               "granularity (HZ=%d, %s)" % (len(rows), len(rows) - len(fails), len(fails),
                                             time.time() - t_start, HZ, HZ_FROM))
    print_table(rows)
    print("\n" + summary)
    write_outputs(rows, args.output, {"kernel": os.uname().release, "summary": summary})
    print("written: %s/validation.csv, %s/validation.rst" % (args.output, args.output))
    return 1 if fails or not rows else 0

if __name__ == "__main__":
    sys.exit(main())
