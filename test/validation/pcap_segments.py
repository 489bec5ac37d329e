# Minimal pcap reader (tcpdump -w, Ethernet or Linux cooked) -> TCP segments.
import socket, struct
class Seg:
    pass
def segments(path):
    d = open(path, "rb").read()
    if len(d) < 24:
        return []
    magic = d[:4]
    e = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    link = struct.unpack(e + "I", d[20:24])[0]
    off, out = 24, []
    while off + 16 <= len(d):
        sec, frac, incl, _ = struct.unpack(e + "IIII", d[off:off + 16])
        pkt = d[off + 16:off + 16 + incl]
        off += 16 + incl
        if link == 1:
            if pkt[12:14] != b"\x08\x00": continue
            ip = pkt[14:]
        elif link == 113:
            if pkt[14:16] != b"\x08\x00": continue
            ip = pkt[16:]
        else:
            continue
        if len(ip) < 20 or ip[9] != 6: continue
        ihl = (ip[0] & 15) * 4
        tot = struct.unpack(">H", ip[2:4])[0]
        tcp = ip[ihl:tot]
        s = Seg()
        s.t = sec + frac / (1e9 if nano else 1e6)
        s.src = (socket.inet_ntoa(ip[12:16]), struct.unpack(">H", tcp[0:2])[0])
        s.dst = (socket.inet_ntoa(ip[16:20]), struct.unpack(">H", tcp[2:4])[0])
        s.seq, s.ack, of = struct.unpack(">IIH", tcp[4:14])
        doff = (of >> 12) * 4
        s.flags = "".join(c for b, c in ((2, "S"), (1, "F"), (4, "R"), (8, "P"), (16, "."))
                          if of & b)
        s.len = tot - ihl - doff
        s.tsval = None
        opt, i = tcp[20:doff], 0
        while i < len(opt):
            if opt[i] == 0: break
            if opt[i] == 1: i += 1; continue
            if i + 1 >= len(opt) or opt[i + 1] < 2: break
            if opt[i] == 8: s.tsval = struct.unpack(">I", opt[i + 2:i + 6])[0]
            i += opt[i + 1]
        out.append(s)
    return out
def diff(a, b):
    """a - b in sequence space, as a signed number."""
    return (a - b + 2**31) % 2**32 - 2**31
