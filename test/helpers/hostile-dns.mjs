// A small, programmable authoritative DNS server on loopback (UDP and TCP, node:dgram / node:net),
// for tests that need a real server to misbehave: SERVFAIL, truncated answers, timeouts, huge TXT,
// deep or cyclic include chains. Never listens on anything but 127.0.0.1.
//
//   const dns = await startHostileDns((q) => ({ txt: ['v=spf1 -all'] }));
//   dns.port; dns.queries (list of {name, type, proto}); await dns.close();
//
// The handler gets { name (lower-case, no trailing dot), type ('TXT', 'A', …), proto } and returns:
//   { rcode?: number (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN), txt?: string[][] | string[],
//     a?: string[], aaaa?: string[], mx?: {preference, exchange}[], cname?: string,
//     drop?: true (never answer), tc?: true (UDP answer truncated: header only with TC set),
//     delayMs?: number }
import dgram from 'node:dgram';
import net from 'node:net';

export const TYPES = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SPF: 99, ANY: 255 };
const TYPE_NAMES = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));

function encodeName(name) {
  const parts = [];
  for (const label of name.replace(/\.$/, '').split('.')) {
    if (!label) continue;
    const b = Buffer.from(label, 'latin1');
    parts.push(Buffer.from([Math.min(b.length, 63)]), b.subarray(0, 63));
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

function decodeName(buf, off) {
  const labels = [];
  let jumped = false;
  let end = off;
  for (let guard = 0; guard < 128; guard++) {
    const len = buf[off];
    if (len === undefined) break;
    if ((len & 0xc0) === 0xc0) {
      if (!jumped) end = off + 2;
      off = ((len & 0x3f) << 8) | buf[off + 1];
      jumped = true;
      continue;
    }
    if (len === 0) {
      if (!jumped) end = off + 1;
      break;
    }
    labels.push(buf.toString('latin1', off + 1, off + 1 + len));
    off += 1 + len;
  }
  return { name: labels.join('.').toLowerCase(), end };
}

function u16(n) {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n & 0xffff);
  return b;
}
function u32(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function rr(name, type, rdata, ttl = 60) {
  return Buffer.concat([encodeName(name), u16(type), u16(1), u32(ttl), u16(rdata.length), rdata]);
}

/** TXT rdata from one record's strings; strings over 255 bytes are split. */
function txtRdata(strings) {
  const parts = [];
  for (const s of strings) {
    const b = Buffer.from(s, 'latin1');
    if (b.length === 0) parts.push(Buffer.from([0]));
    for (let i = 0; i < b.length; i += 255) {
      const c = b.subarray(i, i + 255);
      parts.push(Buffer.from([c.length]), c);
    }
  }
  return Buffer.concat(parts);
}

/** Builds the answer message for a parsed query and the handler's reply. */
export function buildResponse(query, reply, { truncated = false } = {}) {
  const { id, rd, qname, qtype, questionBytes } = query;
  const answers = [];
  if (!truncated && reply) {
    if (reply.cname) answers.push(rr(qname, TYPES.CNAME, encodeName(reply.cname)));
    if (reply.txt && (qtype === TYPES.TXT || qtype === TYPES.ANY)) {
      const recs = reply.txt.length && Array.isArray(reply.txt[0]) ? reply.txt : reply.txt.map((s) => [s]);
      for (const strings of recs) answers.push(rr(qname, TYPES.TXT, txtRdata(strings)));
    }
    if (reply.a && qtype === TYPES.A) for (const ip of reply.a) answers.push(rr(qname, TYPES.A, Buffer.from(ip.split('.').map(Number))));
    if (reply.aaaa && qtype === TYPES.AAAA)
      for (const ip of reply.aaaa) {
        const b = Buffer.alloc(16);
        const [head, tail = ''] = ip.split('::');
        const h = head ? head.split(':') : [];
        const t = tail ? tail.split(':') : [];
        const all = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
        all.forEach((g, i) => b.writeUInt16BE(parseInt(g || '0', 16), i * 2));
        answers.push(rr(qname, TYPES.AAAA, b));
      }
    if (reply.mx && qtype === TYPES.MX)
      for (const m of reply.mx) answers.push(rr(qname, TYPES.MX, Buffer.concat([u16(m.preference), encodeName(m.exchange)])));
  }
  const rcode = reply?.rcode ?? 0;
  // QR=1, AA=1, TC as asked, RD copied, RA=1.
  const flags = 0x8000 | 0x0400 | (truncated ? 0x0200 : 0) | (rd ? 0x0100 : 0) | 0x0080 | (rcode & 0xf);
  const header = Buffer.concat([u16(id), u16(flags), u16(1), u16(answers.length), u16(0), u16(0)]);
  return Buffer.concat([header, questionBytes, ...answers]);
}

export function parseQuery(msg) {
  const id = msg.readUInt16BE(0);
  const flags = msg.readUInt16BE(2);
  const { name, end } = decodeName(msg, 12);
  const qtype = msg.readUInt16BE(end);
  return { id, rd: (flags & 0x0100) !== 0, qname: name, qtype, type: TYPE_NAMES[qtype] ?? `TYPE${qtype}`, questionBytes: msg.subarray(12, end + 4) };
}

export async function startHostileDns(handler, { port = 0 } = {}) {
  const queries = [];
  let udp = dgram.createSocket('udp4');
  const tcp = net.createServer();
  const sockets = new Set();
  let closed = false;

  async function answer(msg, proto) {
    let q;
    try {
      q = parseQuery(msg);
    } catch {
      return undefined;
    }
    queries.push({ name: q.qname, type: q.type, proto });
    let reply;
    try {
      reply = await handler({ name: q.qname, type: q.type, proto });
    } catch {
      reply = { rcode: 2 };
    }
    if (reply?.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply?.drop || closed) return undefined;
    const truncated = proto === 'udp' && !!reply?.tc;
    let out = buildResponse(q, reply, { truncated });
    // Over UDP without EDNS a real server truncates anything beyond 512 bytes.
    if (proto === 'udp' && out.length > 512 && !reply?.noTruncate) out = buildResponse(q, reply, { truncated: true });
    return out;
  }

  const onMessage = async (msg, rinfo) => {
    const out = await answer(msg, 'udp');
    if (out && !closed) udp.send(out, rinfo.port, rinfo.address);
  };
  udp.on('message', onMessage);
  tcp.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    let buf = Buffer.alloc(0);
    sock.on('data', async (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const len = buf.readUInt16BE(0);
        const msg = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        const out = await answer(msg, 'tcp');
        if (out && !sock.destroyed) sock.write(Buffer.concat([u16(out.length), out]));
      }
    });
  });

  // UDP and TCP on the same port; a port free for UDP may be taken for TCP, so retry.
  let udpPort;
  for (let attempt = 0; ; attempt++) {
    await new Promise((res, rej) => {
      udp.once('error', rej);
      udp.bind(port, '127.0.0.1', () => res());
    });
    udpPort = udp.address().port;
    try {
      await new Promise((res, rej) => {
        tcp.once('error', rej);
        tcp.listen(udpPort, '127.0.0.1', () => res());
      });
      break;
    } catch (e) {
      if (attempt >= 10 || port) throw e;
      await new Promise((r) => udp.close(() => r()));
      udp = dgram.createSocket('udp4');
      udp.on('message', onMessage);
    }
  }

  return {
    port: udpPort,
    address: `127.0.0.1:${udpPort}`,
    queries,
    async close() {
      closed = true;
      for (const s of sockets) s.destroy();
      await new Promise((r) => udp.close(() => r()));
      await new Promise((r) => tcp.close(() => r()));
    },
  };
}
