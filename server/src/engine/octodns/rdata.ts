// Presentation form of an octoDNS record's rdata, as octoDNS publishes it and as
// `named-compilezone -o -` would print the same RR (for `mailzone records` and duplicate checks).
import type { DnsRecord } from '../model';
import { quoteCharString as quote } from '../presentation';
import { formatIpv6, parseIpv6 } from '../zone/rdata';

/** octoDNS splits a TXT value into 255-byte chunks when publishing (chunked.py). */
export function chunks(value: string, size = 255): string[] {
  if (value.length <= size) return [value];
  const out: string[] = [];
  for (let i = 0; i < value.length; i += size) out.push(value.slice(i, i + size));
  return out;
}

export function octodnsRdata(rec: DnsRecord): string {
  const f = rec.fields.map((t) => t.text);
  switch (rec.type) {
    case 'TXT':
    case 'SPF': {
      const strs = rec.strings ?? [];
      // One value of at most 255 bytes (nearly every record): one quoted string.
      if (strs.length === 1 && strs[0].value.length <= 255) return quote(strs[0].value);
      // Pieces of one value (its `" "` seams, removed by octoDNS) are published joined.
      return chunks(strs.map((s) => s.value).join('')).map(quote).join(' ');
    }
    case 'A':
      return f[0] ?? '';
    case 'AAAA': {
      // As a server publishes it (RFC 5952: lower case, zeros compressed), so `2001:DB8:0::1` and
      // `2001:db8::1` are one value.
      const w = f[0] !== undefined ? parseIpv6(f[0]) : undefined;
      return w ? formatIpv6(w) : (f[0] ?? '');
    }
    case 'CNAME':
    case 'DNAME':
    case 'ALIAS':
    case 'NS':
    case 'PTR':
      return rec.target ?? f[0] ?? '';
    case 'MX':
      return `${rec.preference ?? f[0]} ${rec.target ?? f[1] ?? ''}`;
    case 'SRV':
      return `${f[0]} ${f[1]} ${f[2]} ${rec.target ?? f[3] ?? ''}`;
    case 'CAA':
      return f.length === 3 ? `${f[0]} ${f[1]} ${quote(f[2])}` : `0 ${f[0]} ${quote(f[1] ?? '')}`;
    case 'NAPTR':
      return f.length === 6 ? `${f[0]} ${f[1]} ${quote(f[2])} ${quote(f[3])} ${quote(f[4])} ${f[5]}` : f.join(' ');
    case 'TLSA':
    case 'SSHFP':
    case 'DS':
      return f.map((x, i) => (i === f.length - 1 ? x.toUpperCase() : x)).join(' ');
    case 'LOC': {
      if (f.length !== 12) return f.join(' ');
      const n = (x: string, d: number) => (Number.isFinite(Number(x)) ? Number(x).toFixed(d) : x);
      const [ld, lm, ls, lh, gd, gm, gs, gh, alt, size, hp, vp] = f;
      return `${ld} ${lm} ${n(ls, 3)} ${lh} ${gd} ${gm} ${n(gs, 3)} ${gh} ${n(alt, 2)}m ${size}m ${hp}m ${vp}m`;
    }
    default:
      return f.join(' ');
  }
}
