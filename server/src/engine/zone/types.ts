// RR type and class mnemonics, TTL syntax.

/** IANA RR type numbers of every mnemonic the reader knows. */
export const TYPE_NUMBERS: Record<string, number> = {
  A: 1, NS: 2, MD: 3, MF: 4, CNAME: 5, SOA: 6, MB: 7, MG: 8, MR: 9, NULL: 10, WKS: 11, PTR: 12, HINFO: 13,
  MINFO: 14, MX: 15, TXT: 16, RP: 17, AFSDB: 18, X25: 19, ISDN: 20, RT: 21, NSAP: 22, 'NSAP-PTR': 23, SIG: 24,
  KEY: 25, PX: 26, GPOS: 27, AAAA: 28, LOC: 29, NXT: 30, EID: 31, NIMLOC: 32, SRV: 33, ATMA: 34, NAPTR: 35,
  KX: 36, CERT: 37, A6: 38, DNAME: 39, SINK: 40, OPT: 41, APL: 42, DS: 43, SSHFP: 44, IPSECKEY: 45, RRSIG: 46,
  NSEC: 47, DNSKEY: 48, DHCID: 49, NSEC3: 50, NSEC3PARAM: 51, TLSA: 52, SMIMEA: 53, HIP: 55, NINFO: 56,
  RKEY: 57, TALINK: 58, CDS: 59, CDNSKEY: 60, OPENPGPKEY: 61, CSYNC: 62, ZONEMD: 63, SVCB: 64, HTTPS: 65,
  DSYNC: 66, HHIT: 67, BRID: 68, SPF: 99, UINFO: 100, UID: 101, GID: 102, UNSPEC: 103, NID: 104, L32: 105,
  L64: 106, LP: 107, EUI48: 108, EUI64: 109, TKEY: 249, TSIG: 250, IXFR: 251, AXFR: 252, MAILB: 253,
  MAILA: 254, ANY: 255, URI: 256, CAA: 257, AVC: 258, DOA: 259, AMTRELAY: 260, RESINFO: 261, WALLET: 262,
  TA: 32768, DLV: 32769,
};

export const TYPE_NAMES: Map<number, string> = new Map(Object.entries(TYPE_NUMBERS).map(([k, v]) => [v, k]));

/** Types that only exist in queries or transfers: never in a zone file. BIND's meta range is
 * TYPE0 and TYPE128 to TYPE255 ("invalid use of a meta type"), besides OPT and the obsolete MD, MF. */
export const META_TYPES = new Set(['OPT', 'TKEY', 'TSIG', 'IXFR', 'AXFR', 'MAILB', 'MAILA', 'ANY', 'MD', 'MF', 'TYPE0']);
for (let n = 128; n <= 248; n++) META_TYPES.add('TYPE' + n);

const typeCache = new Map<string, string>();

/** The canonical mnemonic of a type token ("txt" → "TXT", "TYPE16" → "TXT", "TYPE999" → "TYPE999"). */
export function typeFromText(text: string): string | undefined {
  const hit = typeCache.get(text);
  if (hit !== undefined) return hit;
  const up = text.toUpperCase();
  let r: string | undefined;
  if (TYPE_NUMBERS[up] !== undefined && Object.prototype.hasOwnProperty.call(TYPE_NUMBERS, up)) r = up;
  else if (up.length > 4 && up.startsWith('TYPE')) {
    const n = parseDecimal(up, 4, up.length);
    if (n >= 0 && n <= 65535) r = TYPE_NAMES.get(n) ?? 'TYPE' + n;
  }
  if (r !== undefined && typeCache.size < 1000) typeCache.set(text, r);
  return r;
}

export function typeNumber(type: string): number {
  const n = TYPE_NUMBERS[type];
  if (n !== undefined) return n;
  return parseDecimal(type, 4, type.length);
}

/** A class token ("IN", "in", "CH", "CLASS1") → its canonical form, or undefined. */
export function classFromText(text: string): string | undefined {
  const n = text.length;
  if (n === 2) {
    const a = text.charCodeAt(0) | 0x20;
    const b = text.charCodeAt(1) | 0x20;
    if (a === 105 && b === 110) return 'IN';
    if (a === 99 && b === 104) return 'CH';
    if (a === 104 && b === 115) return 'HS';
    return undefined;
  }
  if (n < 4) return undefined;
  const up = text.toUpperCase();
  if (up === 'CHAOS') return 'CH';
  if (up === 'HESIOD') return 'HS';
  if (up === 'NONE' || up === 'ANY') return up;
  if (n > 5 && up.startsWith('CLASS')) {
    const v = parseDecimal(up, 5, n);
    if (v < 0 || v > 65535) return undefined;
    return v === 1 ? 'IN' : v === 3 ? 'CH' : v === 4 ? 'HS' : v === 254 ? 'NONE' : v === 255 ? 'ANY' : 'CLASS' + v;
  }
  return undefined;
}

/** Decimal digits only in [from, to); -1 when not all digits or empty. Values up to 2^53. */
export function parseDecimal(s: string, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/**
 * BIND's TTL syntax (lib/dns/ttl.c, bind_ttl): a number of seconds, or numbers each followed by a
 * unit (w d h m s, any case) whose values add up, in any order and with repeats (`1h30m`, `1m1m`
 * = 120, `1s1h`). A bare number may end the text only when what comes before it adds up to 0
 * (`0h30` = 30, but `1h30` is refused). At most 63 characters; every number at most 2^32-1.
 * Returns -1 when the text is not a TTL, -2 when it is a TTL over 2^32-1.
 */
export function parseTtl(s: string): number {
  const n = s.length;
  if (n === 0 || n > 63) return -1;
  const c0 = s.charCodeAt(0);
  if (c0 < 48 || c0 > 57) return -1;
  let total = 0;
  let i = 0;
  while (i < n) {
    let cur = 0;
    const from = i;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      cur = cur * 10 + (c - 48);
    }
    if (i === from) return -1; // a unit without a number ("h", "1hh")
    if (cur > 0xffffffff) return i === n && total === 0 && from === 0 ? -2 : -1;
    if (i === n) {
      // A bare number: the whole TTL, or the end of one whose units add up to 0.
      if (total !== 0) return -1;
      total = cur;
      break;
    }
    let mul: number;
    switch (s.charCodeAt(i) | 0x20) {
      case 119: mul = 604800; break; // w
      case 100: mul = 86400; break; // d
      case 104: mul = 3600; break; // h
      case 109: mul = 60; break; // m
      case 115: mul = 1; break; // s
      default: return -1;
    }
    i++;
    total += cur * mul;
  }
  if (total > 0xffffffff) return -2;
  return total;
}
