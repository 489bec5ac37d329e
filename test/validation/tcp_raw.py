# Hand-made TCP segments and a packet sniffer, for the validation cases that need a segment no
# socket would send (an old duplicate, a stray) or need to hold a segment back and replay it.
#
#   r = raw_tcp()                                   # in the namespace that sends
#   r.sendto(segment(src, dst, sport, dport, seq, ack, "A", b"..."), (dst, 0))
#   s = Sniffer("vA"); ...; s.segments()            # every TCP segment on the device
import socket, struct, threading, time

FLAG_BITS = {"F": 0x01, "S": 0x02, "R": 0x04, "P": 0x08, "A": 0x10}
U32 = 2**32


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def segment(src, dst, sport, dport, seq, ack, flags, payload=b"", window=64240):
    """TCP header (no options) + payload with its checksum; flags like "PA"."""
    bits = sum(FLAG_BITS[f] for f in flags)
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq % U32, ack % U32, 5 << 4, bits,
                      window, 0, 0)
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack(
        "!BBH", 0, 6, len(hdr) + len(payload))
    c = csum(pseudo + hdr + payload)
    return hdr[:16] + struct.pack("!H", c) + hdr[18:] + payload


def with_checksum(ip):
    """The IP packet with its TCP checksum computed again: a segment captured on a veth device
    may carry only the pseudo-header sum (checksum offload), which a replay must not keep."""
    ihl = (ip[0] & 15) * 4
    tot = struct.unpack("!H", ip[2:4])[0]
    tcp = bytearray(ip[ihl:tot])
    tcp[16:18] = b"\0\0"
    pseudo = ip[12:20] + struct.pack("!BBH", 0, 6, len(tcp))
    tcp[16:18] = struct.pack("!H", csum(pseudo + bytes(tcp)))
    return bytes(ip[:ihl]) + bytes(tcp)


def raw_tcp():
    """A raw socket the kernel puts an IP header on (source: the route's)."""
    return socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)


def raw_ip():
    """A raw socket that sends whole IP packets as given (a replay)."""
    return socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)


class Seg:
    """One TCP segment as seen on the wire."""

    def __init__(self, t, ip):
        ihl = (ip[0] & 15) * 4
        tot = struct.unpack("!H", ip[2:4])[0]
        tcp = ip[ihl:tot]
        self.t, self.ip = t, bytes(ip[:tot])
        self.src, self.dst = socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20])
        self.sport, self.dport, self.seq, self.ack, off = struct.unpack("!HHIIH", tcp[:14])
        self.flags = "".join(f for f, b in FLAG_BITS.items() if off & b)
        self.len = len(tcp) - (off >> 12) * 4
        self.payload = tcp[(off >> 12) * 4:]

    def __repr__(self):
        return "%.6f %s:%d>%s:%d [%s] seq %d ack %d len %d" % (
            self.t, self.src, self.sport, self.dst, self.dport, self.flags, self.seq, self.ack,
            self.len)


class Sniffer:
    """Every IPv4 TCP segment on one device of the current namespace, both directions, seen
    before netfilter's INPUT (so a segment iptables drops is still recorded)."""

    def __init__(self, device):
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))  # ETH_P_ALL: outgoing too
        self.s.bind((device, 0))
        self.s.settimeout(0.05)
        self.segs, self.lock, self.running = [], threading.Lock(), True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            try:
                frame = self.s.recv(65535)
            except socket.timeout:
                continue
            ip = frame[14:]
            if frame[12:14] == b"\x08\x00" and len(ip) >= 40 and ip[0] >> 4 == 4 and ip[9] == 6:
                with self.lock:
                    self.segs.append(Seg(time.time(), ip))

    def segments(self):
        with self.lock:
            return list(self.segs)

    def wait_for(self, pred, limit=3.0):
        """The first segment satisfying pred, waiting up to limit seconds (None if none)."""
        end = time.time() + limit
        while time.time() < end:
            for s in self.segments():
                if pred(s):
                    return s
            time.sleep(0.005)
        return None

    def stop(self):
        self.running = False
        self.thread.join(2)
        self.s.close()
