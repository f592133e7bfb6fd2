// Per-type rdata validation and BIND presentation (what `named-compilezone -o -` prints).
//
// One function, readRdata(), walks the fields of a record for both jobs: at parse time it only
// validates (and fills strings/target/preference); rdataText() runs it again with `out` set to
// build the presentation text. Field tokens carry their own text, so generated ($GENERATE)
// records go through the same code.
import type { CharString, Token } from '../model';
import { decodeCharString, quoteCharString, show, ZoneCharString } from './charstring';
import { LexToken } from './lextoken';
import { absName, lowerName, nameError, nameHasUpper } from './names';
import { parseTtl, typeFromText, typeNumber, TYPE_NUMBERS } from './types';

export interface RdataSink {
  origin: string;
  originUpper: boolean;
  /** Report a zone/syntax problem on a span. */
  error(start: number, end: number, message: string): void;
  /** Filled by readRdata at parse time. */
  strings?: CharString[];
  target?: string;
  /** Index in the fields of the target name. */
  targetIndex?: number;
  preference?: number;
}

/** Longest character-string rdata BIND 9 loads from a zone file (checked with named-checkzone 9.18: 65,511 gives "ran out of space"). */
export const MAX_TXT_RDATA = 65510;

const plainOut: { value: string; simple: boolean; error?: string; errAt?: number; errEnd?: number } = { value: '', simple: true };
/** decodeCharString() of a quoted string known to hold plain ASCII text without escapes. */
function plainString(src: string, start: number, end: number): typeof plainOut {
  plainOut.value = src.slice(start + 1, end - 1);
  return plainOut;
}

class Bad extends Error {}
const BAD = new Bad('bad rdata');

/** The walker's state; one instance is reused (no closures per record). */
class Walker {
  f!: Token[];
  k = 0;
  /** The fields are f[from..n). */
  from = 0;
  n = 0;
  type = '';
  typeTok!: Token;
  sink!: RdataSink;
  out: string[] | null = null;
  quiet = false;
  /** Set while reading the fields decoded from generic rdata: a prefix for messages. */
  decoded = '';

  fail(tok: Token, msg: string): never {
    if (!this.quiet) this.sink.error(tok.start, tok.end, this.decoded ? this.decoded + msg : msg);
    throw BAD;
  }
  lastTok(): Token {
    return this.n > this.from ? this.f[this.n - 1] : this.typeTok;
  }
  next(what: string): Token {
    if (this.k >= this.n) {
      const t = this.lastTok();
      this.fail(t, `${this.type} record is incomplete: expected ${what} after '${show(t.text)}', found the end of the record`);
    }
    return this.f[this.k++];
  }
  more(): boolean {
    return this.k < this.n;
  }
  end(): void {
    if (this.k < this.n) {
      const t = this.f[this.k];
      const c = this.k - this.from;
      this.fail(t, `unexpected '${show(t.text)}': the ${this.type} record has no more fields (${this.type} takes ${c} field${c === 1 ? '' : 's'} here)`);
    }
  }
  emit(s: string): void {
    if (this.out) this.out.push(s);
  }

  int(what: string, max: number): number {
    const t = this.next(what);
    return this.intOf(t, what, max);
  }
  intOf(t: Token, what: string, max: number): number {
    if (t instanceof LexToken && !this.out) {
      // In place: digits only, at most 9 of them.
      const src = t.src;
      let v = 0;
      let i = t.start;
      if (t.end - i <= 9 && t.end > i) {
        for (; i < t.end; i++) {
          const c = src.charCodeAt(i);
          if (c < 48 || c > 57) break;
          v = v * 10 + (c - 48);
        }
        if (i === t.end && v <= max) return v;
      }
    }
    const s = t.text;
    let v = 0;
    const n = s.length;
    if (n === 0 || n > 12) this.fail(t, `expected ${what} (a number from 0 to ${max}), found '${show(s)}'`);
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) this.fail(t, `expected ${what} (a number from 0 to ${max}), found '${show(s)}'`);
      v = v * 10 + (c - 48);
    }
    if (v > max) this.fail(t, `${what} '${show(s)}' is out of range: it must be from 0 to ${max}`);
    this.emit(String(v));
    return v;
  }
  /** A number or a mnemonic from a table (DNSSEC algorithms, CERT types). */
  intOrMnemonic(what: string, max: number, table: Record<string, number>, keepMnemonic = false): number {
    const t = this.next(what);
    const c = t.text.charCodeAt(0);
    if (c >= 48 && c <= 57) return this.intOf(t, what, max);
    const v = table[t.text.toUpperCase()];
    if (v === undefined) this.fail(t, `expected ${what} (a number from 0 to ${max} or a mnemonic), found '${show(t.text)}'`);
    this.emit(keepMnemonic ? t.text.toUpperCase() : String(v));
    return v;
  }
  ttl(what: string): number {
    const t = this.next(what);
    const v = parseTtl(t.text);
    if (v < 0) this.fail(t, `expected ${what} (seconds, or units like 1h30m), found '${show(t.text)}'`);
    this.emit(String(v));
    return v;
  }
  name(what: string, setTarget = false): string {
    const t = this.next(what);
    const s = this.sink;
    if (t.text.charCodeAt(0) === 34) this.fail(t, `expected ${what} (a domain name), found the quoted string ${show(t.text)}: a name in rdata cannot be quoted (BIND: "unexpected token"); remove the quotes`);
    const n = absName(t.text, s.origin, s.originUpper);
    if (n === undefined) this.fail(t, `expected ${what} (a domain name), found '${show(t.text)}': ${nameError}`);
    if (setTarget && !this.out) {
      s.target = lowerName(n, nameHasUpper);
      s.targetIndex = this.k - 1 - this.from;
    }
    this.emit(n);
    return n;
  }
  ipv4(what: string): void {
    const t = this.next(what);
    if (t instanceof LexToken && !this.out) {
      if (!isIpv4In(t.src, t.start, t.end)) this.fail(t, `expected ${what} (four numbers from 0 to 255 joined by dots, like 192.0.2.1), found '${show(t.text)}'`);
      return;
    }
    if (!isIpv4(t.text)) this.fail(t, `expected ${what} (four numbers from 0 to 255 joined by dots, like 192.0.2.1), found '${show(t.text)}'`);
    this.emit(t.text);
  }
  ipv6(what: string): void {
    const t = this.next(what);
    if (!this.out) {
      if (!(t instanceof LexToken ? isIpv6In(t.src, t.start, t.end) : isIpv6(t.text))) this.fail(t, `expected ${what} (an IPv6 address like 2001:db8::1), found '${show(t.text)}'`);
      return;
    }
    const w = parseIpv6(t.text);
    if (!w) this.fail(t, `expected ${what} (an IPv6 address like 2001:db8::1), found '${show(t.text)}'`);
    this.emit(formatIpv6(w));
  }
  /** One character-string (at most 255 bytes unless `long`: URI's target is the rest of the rdata). */
  str(what: string, long = false): string {
    const t = this.next(what);
    return this.strOf(t, long);
  }
  strOf(t: Token, long = false): string {
    const d = decodeCharString(t.text);
    if (d.error) {
      const a = t.start + (d.errAt ?? 0);
      if (!this.quiet) this.sink.error(Math.min(a, t.end), Math.min(t.start + (d.errEnd ?? t.text.length), t.end), d.error);
      throw BAD;
    }
    const v = d.value;
    if (v.length > 255 && !long) this.fail(t, `this character-string is ${v.length} bytes, but one holds at most 255 (its length is one byte on the wire)`);
    this.emit(this.out ? quoteCharString(v) : '');
    return v;
  }
  /** One or more character-strings to the end (TXT, SPF …); fills sink.strings at parse time. */
  strings(): void {
    if (!this.more()) this.next('at least one character-string');
    // Exactly as long as it needs to be: `[]` + push would reserve room for 16 strings per record.
    const list: CharString[] | null = this.out || (this.type !== 'TXT' && this.type !== 'SPF') ? null : new Array<CharString>(this.n - this.k);
    let li = 0;
    const first = this.f[this.k];
    let bytes = 0;
    let longest = 0;
    while (this.k < this.n) {
      const t = this.f[this.k++];
      // The lexer marks quoted ASCII strings without escapes: their value is the text inside the quotes.
      const d = t instanceof LexToken && t.plain ? plainString(t.src, t.start, t.end) : decodeCharString(t.text);
      if (d.error) {
        if (!this.quiet) this.sink.error(Math.min(t.start + (d.errAt ?? 0), t.end), Math.min(t.start + (d.errEnd ?? t.text.length), t.end), d.error);
        throw BAD;
      }
      bytes += d.value.length + 1;
      if (d.value.length > longest) longest = d.value.length;
      const quoted = t instanceof LexToken ? t.src.charCodeAt(t.start) === 34 : t.text.charCodeAt(0) === 34;
      if (list) list[li++] = ZoneCharString.make(d.value, quoted, t.start, t.end, d.simple ? '' : t.text, d.simple);
      else if (this.out) this.emit(quoteCharString(d.value));
    }
    if (list) this.sink.strings = list;
    // (A string over 255 bytes has its own finding, zone/string-too-long.)
    if (bytes > MAX_TXT_RDATA && longest <= 255 && !this.out && !this.quiet)
      this.sink.error(
        first.start,
        this.lastTok().end,
        `this record's data is ${bytes} bytes (each string plus its length byte), more than BIND fits in one record (${MAX_TXT_RDATA}; DNS allows 64 KB): named-checkzone refuses the zone ("ran out of space"), so it does not load; shorten the data`,
      );
  }
  /** Hex to the end of the record (whitespace allowed between tokens). */
  hexRest(what: string, split: boolean, allowEmpty = false, exactBytes = 0, minBytes = 0, why = ''): void {
    if (!this.more()) {
      if (allowEmpty) return;
      this.next(what);
    }
    let all = '';
    let len = 0;
    while (this.k < this.n) {
      const t = this.f[this.k++];
      if (!isHex(t.text)) this.fail(t, `expected ${what} (hexadecimal digits), found '${show(t.text)}'`);
      len += t.text.length;
      if (this.out) all += t.text;
    }
    if (len % 2 !== 0) this.fail(this.lastTok(), `${what} has an odd number of hexadecimal digits: every byte is two digits`);
    if (exactBytes && len !== exactBytes * 2) this.fail(this.lastTok(), `${what} is ${len / 2} bytes, but ${why} is ${exactBytes} bytes (${exactBytes * 2} hex digits)`);
    if (minBytes && len < minBytes * 2) this.fail(this.lastTok(), `${what} is ${len / 2} bytes, but ${why} is at least ${minBytes} bytes (${minBytes * 2} hex digits)`);
    if (this.out) this.emit(chunk(all.toUpperCase(), split ? 56 : 0));
  }
  hexOne(what: string): string {
    const t = this.next(what);
    if (!isHex(t.text) || t.text.length % 2) this.fail(t, `expected ${what} (an even number of hexadecimal digits), found '${show(t.text)}'`);
    this.emit(t.text.toUpperCase());
    return t.text;
  }
  base64Rest(what: string, split: boolean): void {
    if (!this.more()) this.next(what);
    let all = '';
    const first = this.k;
    while (this.k < this.n) {
      const t = this.f[this.k++];
      if (!isBase64Chars(t.text)) this.fail(t, `expected ${what} (base64), found '${show(t.text)}'`);
      all += t.text;
    }
    if (!isBase64(all)) this.fail(this.f[first], `${what} is not valid base64: the length or the '=' padding is wrong`);
    this.emit(chunk(all, split ? 56 : 0));
  }
  typeList(): number {
    const nums: number[] = [];
    while (this.k < this.n) {
      const t = this.f[this.k++];
      const ty = typeFromText(t.text);
      if (ty === undefined) this.fail(t, `expected a record type in the type list, found '${show(t.text)}'`);
      nums.push(typeNumber(ty));
    }
    if (this.out) {
      nums.sort((a, b) => a - b);
      const seen: string[] = [];
      let prev = -1;
      for (const n of nums) {
        if (n === prev) continue;
        prev = n;
        seen.push(typeName(n));
      }
      if (seen.length) this.emit(seen.join(' '));
    }
    return nums.length;
  }
}

function typeName(n: number): string {
  for (const k in TYPE_NUMBERS) if (TYPE_NUMBERS[k] === n) return k;
  return 'TYPE' + n;
}

function chunk(s: string, w: number): string {
  if (w === 0 || s.length <= w) return s;
  let r = s.slice(0, w);
  for (let i = w; i < s.length; i += w) r += ' ' + s.slice(i, i + w);
  return r;
}

function isHex(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function isBase64Chars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61)) return false;
  }
  return s.length > 0;
}

function isBase64(s: string): boolean {
  if (s.length % 4 !== 0) return false;
  const p = s.indexOf('=');
  if (p < 0) return true;
  if (p < s.length - 2) return false;
  for (let i = p; i < s.length; i++) if (s.charCodeAt(i) !== 61) return false;
  return true;
}

/** Unpadded base32hex (RFC 4648 §7), as NSEC3 hashes are written. */
export function isBase32Hex(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 118))) return false;
  }
  // Unpadded base32: the length mod 8 must be one of 0, 2, 4, 5, 7.
  const r = s.length % 8;
  return r === 0 || r === 2 || r === 4 || r === 5 || r === 7;
}

export function isIpv4(s: string): boolean {
  return isIpv4In(s, 0, s.length);
}

/** isIpv4(t.slice(from, to)) without the slice. */
export function isIpv4In(t: string, from: number, to: number): boolean {
  const n = to - from;
  if (n < 7 || n > 15) return false;
  let parts = 0;
  let v = 0;
  let digits = 0;
  for (let i = from; i <= to; i++) {
    const c = i < to ? t.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || v > 255) return false;
      parts++;
      v = 0;
      digits = 0;
      continue;
    }
    if (c < 48 || c > 57) return false;
    if (digits > 0 && v === 0) return false; // leading zero: BIND's "bad dotted quad"
    v = v * 10 + (c - 48);
    digits++;
  }
  return parts === 4;
}

/** parseIpv6(s) !== undefined, without allocating (the common case: plain hex groups). */
export function isIpv6(s: string): boolean {
  return isIpv6In(s, 0, s.length);
}

/** isIpv6(t.slice(from, to)) without the slice (unless there is an embedded IPv4 address). */
export function isIpv6In(t: string, from: number, to: number): boolean {
  const n = to - from;
  if (n < 2 || n > 45) return false;
  let groups = 0;
  let gap = false;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(from + i);
    if (c === 58) {
      if (digits === 0) {
        // "::" (at the start, or after a group's ':' already consumed)
        if (i + 1 < n && t.charCodeAt(from + i + 1) === 58 && (i === 0 || t.charCodeAt(from + i - 1) !== 58)) {
          if (gap) return false;
          gap = true;
          i++;
          if (i === n - 1) return groups <= 7;
          continue;
        }
        return false;
      }
      groups++;
      digits = 0;
      if (i + 1 < n && t.charCodeAt(from + i + 1) === 58) {
        if (gap) return false;
        gap = true;
        i++;
        if (i === n - 1) return groups <= 7;
      } else if (i === n - 1) return false;
      continue;
    }
    if (c === 46) return parseIpv6(t.slice(from, to)) !== undefined; // embedded IPv4: the full parser
    const l = c | 0x20;
    if (!((c >= 48 && c <= 57) || (l >= 97 && l <= 102))) return false;
    if (++digits > 4) return false;
  }
  if (digits > 0) groups++;
  return gap ? groups <= 7 : groups === 8;
}

/** Eight 16-bit words, or undefined. */
export function parseIpv6(s: string): number[] | undefined {
  const n = s.length;
  if (n < 2 || n > 45) return undefined;
  const words: number[] = [];
  let gap = -1;
  let i = 0;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return undefined;
    gap = 0;
    i = 2;
    if (i === n) return [0, 0, 0, 0, 0, 0, 0, 0];
  }
  while (i < n) {
    // A trailing dotted quad.
    if (s.indexOf('.', i) >= 0 && s.indexOf(':', i) < 0) {
      const rest = s.slice(i);
      if (!isIpv4(rest) || words.length > 6) return undefined;
      const p = rest.split('.').map(Number);
      words.push((p[0] << 8) | p[1], (p[2] << 8) | p[3]);
      i = n;
      break;
    }
    let v = 0;
    let d = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      const h = c >= 48 && c <= 57 ? c - 48 : (c | 0x20) >= 97 && (c | 0x20) <= 102 ? (c | 0x20) - 87 : -1;
      if (h < 0) break;
      v = v * 16 + h;
      d++;
      i++;
    }
    if (d === 0 || d > 4) return undefined;
    words.push(v);
    if (i === n) break;
    if (s.charCodeAt(i) !== 58) return undefined;
    i++;
    if (i < n && s.charCodeAt(i) === 58) {
      if (gap >= 0) return undefined;
      gap = words.length;
      i++;
      if (i === n) break;
    } else if (i === n) return undefined;
  }
  if (gap >= 0) {
    if (words.length > 7) return undefined;
    const fill = 8 - words.length;
    words.splice(gap, 0, ...new Array(fill).fill(0));
  }
  return words.length === 8 ? words : undefined;
}

/** inet_ntop's form (RFC 5952): lower case, longest run of two or more zero words as "::". */
export function formatIpv6(w: number[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) best = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === best) {
      out += i === 0 ? '::' : ':';
      i += bestLen - 1;
      continue;
    }
    // Embedded IPv4 (::a.b.c.d and ::ffff:a.b.c.d), as inet_ntop prints them.
    if (i === 6 && best === 0 && (bestLen === 6 || (bestLen === 7 && w[7] !== 1) || (bestLen === 5 && w[5] === 0xffff))) {
      out += `${w[6] >> 8}.${w[6] & 255}.${w[7] >> 8}.${w[7] & 255}`;
      break;
    }
    out += w[i].toString(16);
    if (i < 7) out += ':';
  }
  return out;
}

const DNSSEC_ALGS: Record<string, number> = {
  RSAMD5: 1, DH: 2, DSA: 3, ECC: 4, RSASHA1: 5, 'DSA-NSEC3-SHA1': 6, NSEC3DSA: 6, 'RSASHA1-NSEC3-SHA1': 7, NSEC3RSASHA1: 7,
  RSASHA256: 8, RSASHA512: 10, 'ECC-GOST': 12, ECDSAP256SHA256: 13, ECDSAP384SHA384: 14, ED25519: 15, ED448: 16,
  INDIRECT: 252, PRIVATEDNS: 253, PRIVATEOID: 254,
};
const CERT_TYPES: Record<string, number> = {
  PKIX: 1, SPKI: 2, PGP: 3, IPKIX: 4, ISPKI: 5, IPGP: 6, ACPKIX: 7, IACPKIX: 8, URI: 253, OID: 254,
};
const CERT_NAMES: Record<number, string> = { 1: 'PKIX', 2: 'SPKI', 3: 'PGP', 4: 'IPKIX', 5: 'ISPKI', 6: 'IPGP', 7: 'ACPKIX', 8: 'IACPKIX', 253: 'URI', 254: 'OID' };
const ALG_NAMES: Record<number, string> = {
  1: 'RSAMD5', 2: 'DH', 3: 'DSA', 5: 'RSASHA1', 6: 'NSEC3DSA', 7: 'NSEC3RSASHA1', 8: 'RSASHA256', 10: 'RSASHA512',
  12: 'ECCGOST', 13: 'ECDSAP256SHA256', 14: 'ECDSAP384SHA384', 15: 'ED25519', 16: 'ED448', 252: 'INDIRECT', 253: 'PRIVATEDNS', 254: 'PRIVATEOID',
};

const SVC_KEYS: Record<string, number> = { mandatory: 0, alpn: 1, 'no-default-alpn': 2, port: 3, ipv4hint: 4, ech: 5, ipv6hint: 6, dohpath: 7, ohttp: 8 };
/** How BIND 9.18 prints each key (it predates dohpath and ohttp names). */
const SVC_NAMES = ['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ech', 'ipv6hint'];

function svcKeyNum(k: string): number {
  const v = SVC_KEYS[k];
  if (v !== undefined) return v;
  if (k.length > 3 && k.startsWith('key')) {
    let n = 0;
    for (let i = 3; i < k.length; i++) {
      const c = k.charCodeAt(i);
      if (c < 48 || c > 57) return -1;
      n = n * 10 + c - 48;
      if (n > 65535) return -1;
    }
    return n;
  }
  return -1;
}
function svcKeyName(n: number): string {
  return n < SVC_NAMES.length ? SVC_NAMES[n] : 'key' + n;
}

const W = new Walker();

/**
 * Validates (out === null) or presents (out = []) the rdata of one record.
 * Returns false when the rdata is bad (the problem was reported through sink.error unless quiet).
 */
export function readRdata(type: string, typeTok: Token, fields: Token[], sink: RdataSink, out: string[] | null, quiet = false, from = 0, to = fields.length): boolean {
  const w = W;
  w.f = fields;
  w.k = from;
  w.from = from;
  w.n = to;
  w.type = type;
  w.typeTok = typeTok;
  w.sink = sink;
  w.out = out;
  w.quiet = quiet;
  try {
    // For TXT, '\\#' is the generic form only when a number follows; else it is the text "#" (BIND).
    if (to > from && isGenericMarker(fields[from]) && (type !== 'TXT' || (from + 1 < to && isLexNumber(fields[from + 1].text)))) {
      generic(w);
      return true;
    }
    body(w, type);
    w.end();
    return true;
  } catch (e) {
    if (e === BAD) return false;
    throw e;
  } finally {
    w.f = EMPTY;
    w.sink = undefined as unknown as RdataSink;
  }
}
const EMPTY: Token[] = [];

/** What BIND's lexer reads as a number: decimal digits, at most 2^32-1. */
function isLexNumber(s: string): boolean {
  return s.length > 0 && s.length <= 10 && isDigits(s) && Number(s) <= 4294967295;
}

/** tok.text === '\\#' (RFC 3597 generic rdata), read in place for the lexer's tokens (no string cut per record). */
function isGenericMarker(tok: Token): boolean {
  if (tok instanceof LexToken) return tok.end - tok.start === 2 && tok.src.charCodeAt(tok.start) === 92 && tok.src.charCodeAt(tok.start + 1) === 35;
  return tok.text === '\\#';
}

/**
 * The wire layout of the types whose generic (RFC 3597) rdata is decoded into the text form, as
 * BIND does: each character one field. 1 2 4: unsigned 8/16/32-bit number; n: an uncompressed
 * domain name; c: a character-string; o: an optional character-string (at the end); r: the rest
 * as one string; g: a CAA tag (length byte and text); x: hex, the rest (at least one byte);
 * b / B: base64, the rest (at least one byte / possibly none); a / A: an IPv4 / IPv6 address;
 * y: a record type; V: SVCB parameters; t / T: a type bitmap to the end (possibly empty / not empty); P: a WKS port
 * bitmap; S: an NSEC3 salt; H: an NSEC3 next hashed name; e / E: EUI-48 / EUI-64; l: a 64-bit
 * locator; L: a LOC (version 0); p: APL items; G: IPSECKEY's gateway and key; h: HIP. The decoded fields then go through the text reader (body), so a decoded record is
 * checked, printed and gets its target and preference exactly like one written as text.
 */
// More, for types rarely seen: N: NSAP (0x and hex, at least one byte); M: AMTRELAY (precedence,
// D bit and relay type, the relay); D: DOA's data (base64, or '-' when there is none); Q: ATMA
// (format 0: hex, format 1: '+' and E.164 digits); 6: A6 (prefix length, address suffix, prefix
// name); X: an NXT type bitmap (types 1-127).
const WIRE: Record<string, string> = {
  A: 'a', AAAA: 'A', NS: 'n', CNAME: 'n', DNAME: 'n', PTR: 'n', MB: 'n', MG: 'n', MR: 'n', 'NSAP-PTR': 'n',
  MX: '2n', AFSDB: '2n', RT: '2n', KX: '2n', LP: '2n', SRV: '222n', PX: '2nn', RP: 'nn', MINFO: 'nn',
  SOA: 'nn44444', HINFO: 'cc', X25: 'c', ISDN: 'co', GPOS: 'ccc', NAPTR: '22cccn', URI: '22r', CAA: '1gr',
  TLSA: '111x', SMIMEA: '111x', SSHFP: '11z', DS: '211x', CDS: '211x', DLV: '211x', TA: '211x',
  DNSKEY: '211b', CDNSKEY: '211b', KEY: '211B', RRSIG: 'y114442nb', SIG: 'y114442nb', NSEC: 'nT',
  NSEC3: '112SHt', NSEC3PARAM: '112S', CSYNC: '42t', ZONEMD: '411x', DHCID: 'b', OPENPGPKEY: 'b',
  EUI48: 'e', EUI64: 'E', L32: '2a', L64: '2l', NID: '2l', CERT: '221b', WKS: 'a1P',
  AVC: 'C', RESINFO: 'C', WALLET: 'C', SVCB: '2nV', HTTPS: '2nV',
  LOC: 'L', APL: 'p', IPSECKEY: '111G', HIP: 'h', EID: 'x', NIMLOC: 'x', NINFO: 'C', TALINK: 'nn',
  HHIT: 'b', BRID: 'b', RKEY: '211b', SINK: '111B', DSYNC: 'y12n', NSAP: 'N', AMTRELAY: 'M', DOA: '441cD',
  ATMA: 'Q', A6: '6', NXT: 'nX',
};

const HEXD = '0123456789ABCDEF';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32H = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

function hexOf(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += HEXD[b[i] >> 4] + HEXD[b[i] & 15];
  return s;
}
function base64Of(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i += 3) {
    const n = (b[i] << 16) | ((i + 1 < to ? b[i + 1] : 0) << 8) | (i + 2 < to ? b[i + 2] : 0);
    s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < to ? B64[(n >> 6) & 63] : '=') + (i + 2 < to ? B64[n & 63] : '=');
  }
  return s;
}
function base32HexOf(b: Uint8Array, from: number, to: number): string {
  let s = '';
  let acc = 0;
  let bits = 0;
  for (let i = from; i < to; i++) {
    acc = ((acc << 8) | b[i]) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      s += B32H[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) s += B32H[(acc << (5 - bits)) & 31];
  return s;
}
function bytesStr(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
  return s;
}

class WireShort extends Error {}
const SHORT = new WireShort('short');
/** decodeWire's answer for data BIND reads but prints only in the generic form (an APL item of another family). */
const KEEP_GENERIC = '\0generic';

/** An uncompressed name in wire form at b[at]: its text and where it ends; an error message; throws SHORT. */
function wireName(b: Uint8Array, at: number): { name: string; next: number } | string {
  let p = at;
  let name = '';
  let wire = 0;
  for (;;) {
    if (p >= b.length) throw SHORT;
    const l = b[p++];
    wire++;
    if (l === 0) break;
    if (l >= 0xc0) return 'it holds a compressed name (a pointer), which zone data cannot have';
    if (l >= 0x40) return `it holds a name with an unknown label type (length byte ${l})`;
    if (p + l > b.length) throw SHORT;
    for (let i = p; i < p + l; i++) {
      const ch = b[i];
      if (ch === 34 || ch === 40 || ch === 41 || ch === 46 || ch === 59 || ch === 92 || ch === 64 || ch === 36) name += '\\' + String.fromCharCode(ch);
      else if (ch > 0x20 && ch < 0x7f) name += String.fromCharCode(ch);
      else name += '\\' + String(ch).padStart(3, '0');
    }
    name += '.';
    p += l;
    wire += l;
    if (wire > 255) return 'it holds a name longer than 255 bytes';
  }
  return { name: name === '' ? '.' : name, next: p };
}

/** Decodes rdata bytes by a WIRE layout into text fields; throws SHORT, or returns an error message. */
function decodeWire(spec: string, b: Uint8Array, out: string[]): string | undefined {
  let p = 0;
  const need = (k: number) => {
    if (p + k > b.length) throw SHORT;
  };
  const u16 = () => {
    need(2);
    p += 2;
    return (b[p - 2] << 8) | b[p - 1];
  };
  const u32 = () => {
    need(4);
    p += 4;
    return ((b[p - 4] << 24) >>> 0) + ((b[p - 3] << 16) | (b[p - 2] << 8) | b[p - 1]);
  };
  /** IPSECKEY's gateway and AMTRELAY's relay, by their type: 0 none, 1 IPv4, 2 IPv6, 3 a name. */
  const gateway = (type: number): string | undefined => {
    if (type === 0) out.push('.');
    else if (type === 1) {
      need(4);
      out.push(`${b[p]}.${b[p + 1]}.${b[p + 2]}.${b[p + 3]}`);
      p += 4;
    } else if (type === 2) {
      need(16);
      const words: number[] = [];
      for (let i = 0; i < 16; i += 2) words.push((b[p + i] << 8) | b[p + i + 1]);
      out.push(formatIpv6(words));
      p += 16;
    } else {
      const r = wireName(b, p);
      if (typeof r === 'string') return r;
      out.push(r.name);
      p = r.next;
    }
    return undefined;
  };
  for (let si = 0; si < spec.length; si++) {
    const c = spec[si];
    switch (c) {
      case '1':
        need(1);
        out.push(String(b[p++]));
        break;
      case '2':
        out.push(String(u16()));
        break;
      case '4':
        out.push(String(u32()));
        break;
      case 'y':
        out.push(typeName(u16()));
        break;
      case 'n': {
        const r = wireName(b, p);
        if (typeof r === 'string') return r;
        out.push(r.name);
        p = r.next;
        break;
      }
      case 'L': {
        // LOC version 0 (other versions are kept as unknown data by generic()). BIND: fromwire_loc.
        need(16);
        for (let i = 1; i < 4; i++) {
          const v = b[p + i];
          if (v !== 0 && ((v & 15) > 9 || v >> 4 > 9 || v >> 4 === 0)) return `its ${['', 'size', 'horizontal precision', 'vertical precision'][i]} byte 0x${hexOf(b, p + i, p + i + 1)} is not a mantissa 1-9 and an exponent 0-9 (BIND: out of range)`;
        }
        const at = (k: number) => ((b[p + k] << 24) >>> 0) + ((b[p + k + 1] << 16) | (b[p + k + 2] << 8) | b[p + k + 3]);
        const lat = at(4);
        const lon = at(8);
        if (lat < 0x80000000 - 90 * 3600000 || lat > 0x80000000 + 90 * 3600000) return 'its latitude is beyond 90 degrees (BIND: out of range)';
        if (lon < 0x80000000 - 180 * 3600000 || lon > 0x80000000 + 180 * 3600000) return 'its longitude is beyond 180 degrees (BIND: out of range)';
        const coord = (v: number, pos: string, neg: string) => {
          const north = v >= 0x80000000;
          let a = north ? v - 0x80000000 : 0x80000000 - v;
          const ms = a % 60000;
          a = (a - ms) / 60000;
          out.push(String(Math.floor(a / 60)), String(a % 60), `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`, north ? pos : neg);
        };
        coord(lat, 'N', 'S');
        coord(lon, 'E', 'W');
        out.push(locAltitudeText(at(12)));
        for (let i = 1; i < 4; i++) out.push(locPrecisionText(b[p + i]));
        p += 16;
        break;
      }
      case 'p': {
        // APL items to the end. BIND: fromwire_in_apl.
        let unknownFamily = false;
        while (p < b.length) {
          need(4);
          const afi = (b[p] << 8) | b[p + 1];
          const prefix = b[p + 2];
          const neg = b[p + 3] & 0x80 ? '!' : '';
          const len = b[p + 3] & 0x7f;
          p += 4;
          need(len);
          if (afi === 1 ? prefix > 32 || len > 4 : afi === 2 ? prefix > 128 || len > 16 : false) return `an APL item's prefix length ${prefix} or address length ${len} is too long for address family ${afi} (BIND: out of range)`;
          if (len > 0 && b[p + len - 1] === 0) return "an APL item's address ends in a zero byte, which its length must leave out (BIND: FORMERR)";
          if (afi !== 1 && afi !== 2) {
            // BIND reads an item of another family from wire data and then prints the whole record
            // in the generic form (it refuses one only in text: "not implemented").
            unknownFamily = true;
            p += len;
            continue;
          }
          const a = new Uint8Array(afi === 1 ? 4 : 16);
          a.set(b.subarray(p, p + len));
          if (afi === 1) out.push(`${neg}1:${a[0]}.${a[1]}.${a[2]}.${a[3]}/${prefix}`);
          else {
            const words: number[] = [];
            for (let i = 0; i < 16; i += 2) words.push((a[i] << 8) | a[i + 1]);
            out.push(`${neg}2:${formatIpv6(words)}/${prefix}`);
          }
          p += len;
        }
        if (unknownFamily) return KEEP_GENERIC;
        break;
      }
      case 'G': {
        // IPSECKEY's gateway, by the gateway type (its second byte), then the public key (at least one byte).
        const gt = b[1];
        if (gt > 3) return `its gateway type is ${gt}; BIND knows 0 (none), 1 (IPv4), 2 (IPv6) and 3 (name) (BIND: not implemented)`;
        const bad = gateway(gt);
        if (bad) return bad;
        if (p === b.length) throw SHORT;
        out.push(base64Of(b, p, b.length));
        p = b.length;
        break;
      }
      case 'h': {
        // HIP: HIT length, algorithm, public key length, HIT, public key. BIND: fromwire_hip.
        if (b.length - p < 4) return 'it is shorter than the 4 bytes of the HIP header (BIND: FORMERR)';
        const hitLen = b[p];
        const keyLen = (b[p + 2] << 8) | b[p + 3];
        if (hitLen === 0 || keyLen === 0) return `its ${hitLen === 0 ? 'host identity tag' : 'public key'} is empty (BIND: FORMERR)`;
        if (b.length - p - 4 < hitLen + keyLen) return 'it is shorter than its host identity tag and public key lengths say (BIND: FORMERR)';
        out.push(String(b[p + 1]), hexOf(b, p + 4, p + 4 + hitLen), base64Of(b, p + 4 + hitLen, p + 4 + hitLen + keyLen));
        p += 4 + hitLen + keyLen;
        while (p < b.length) {
          const r = wireName(b, p);
          if (typeof r === 'string') return r;
          out.push(r.name);
          p = r.next;
        }
        break;
      }
      case 'c':
      case 'o': {
        if (c === 'o' && p === b.length) break;
        need(1);
        const l = b[p++];
        need(l);
        out.push(quoteCharString(bytesStr(b, p, p + l)));
        p += l;
        break;
      }
      case 'C':
        if (p === b.length) throw SHORT;
        while (p < b.length) {
          const l = b[p++];
          need(l);
          out.push(quoteCharString(bytesStr(b, p, p + l)));
          p += l;
        }
        break;
      case 'r':
        out.push(quoteCharString(bytesStr(b, p, b.length)));
        p = b.length;
        break;
      case 'g': {
        need(1);
        const l = b[p++];
        need(l);
        if (l === 0) return 'the CAA tag is empty';
        const tag = bytesStr(b, p, p + l);
        if (!/^[A-Za-z0-9]+$/.test(tag)) return `the CAA tag ${quoteCharString(tag)} may only contain letters and digits`;
        out.push(tag);
        p += l;
        break;
      }
      case 'x':
        if (p === b.length) throw SHORT;
        out.push(hexOf(b, p, b.length));
        p = b.length;
        break;
      case 'b':
      case 'B':
        if (p === b.length) {
          if (c === 'b') throw SHORT;
          break;
        }
        out.push(base64Of(b, p, b.length));
        p = b.length;
        break;
      case 'a':
        need(4);
        out.push(`${b[p]}.${b[p + 1]}.${b[p + 2]}.${b[p + 3]}`);
        p += 4;
        break;
      case 'A': {
        need(16);
        const words: number[] = [];
        for (let i = 0; i < 16; i += 2) words.push((b[p + i] << 8) | b[p + i + 1]);
        out.push(formatIpv6(words));
        p += 16;
        break;
      }
      case 'e':
      case 'E': {
        const k = c === 'e' ? 6 : 8;
        need(k);
        const g: string[] = [];
        for (let i = 0; i < k; i++) g.push(hexOf(b, p + i, p + i + 1).toLowerCase());
        out.push(g.join('-'));
        p += k;
        break;
      }
      case 'l': {
        need(8);
        const g: string[] = [];
        for (let i = 0; i < 8; i += 2) g.push(hexOf(b, p + i, p + i + 2).toLowerCase());
        out.push(g.join(':'));
        p += 8;
        break;
      }
      case 'S': {
        need(1);
        const l = b[p++];
        need(l);
        out.push(l === 0 ? '-' : hexOf(b, p, p + l));
        p += l;
        break;
      }
      case 'H': {
        need(1);
        const l = b[p++];
        need(l);
        if (l === 0) return 'the NSEC3 next hashed owner name is empty';
        out.push(base32HexOf(b, p, p + l));
        p += l;
        break;
      }
      case 't':
      case 'T': {
        if (c === 'T' && p === b.length) return 'the type bitmap is empty';
        let last = -1;
        while (p < b.length) {
          need(2);
          const win = b[p];
          const l = b[p + 1];
          p += 2;
          if (l === 0 || l > 32) return `a type bitmap window has length ${l} (1 to 32)`;
          if (win <= last) return 'the type bitmap windows are out of order';
          last = win;
          need(l);
          if (b[p + l - 1] === 0) return 'a type bitmap window ends in a zero byte';
          for (let i = 0; i < l; i++) for (let j = 0; j < 8; j++) if (b[p + i] & (0x80 >> j)) out.push(typeName(win * 256 + i * 8 + j));
          p += l;
        }
        break;
      }
      case 'V': {
        // SvcParams: key, length, value; keys in increasing order (RFC 9460 §2.2).
        let last = -1;
        while (p < b.length) {
          const key = u16();
          const l = u16();
          need(l);
          if (key <= last) return 'the SvcParam keys are not in increasing order';
          last = key;
          const v = b.subarray(p, p + l);
          p += l;
          const name = svcKeyName(key);
          let text: string;
          if (key === 0) {
            if (l === 0 || l % 2) return 'the mandatory SvcParam is not a list of keys';
            const ks: string[] = [];
            for (let i = 0; i < l; i += 2) ks.push(svcKeyName((v[i] << 8) | v[i + 1]));
            text = ks.join(',');
          } else if (key === 1) {
            const ids: string[] = [];
            for (let i = 0; i < l; ) {
              const k = v[i];
              if (k === 0 || i + 1 + k > l) return 'the alpn SvcParam is malformed';
              ids.push(bytesStr(v, i + 1, i + 1 + k).replace(/\\/g, '\\\\').replace(/,/g, '\\,'));
              i += 1 + k;
            }
            if (ids.length === 0) return 'the alpn SvcParam is empty';
            text = quoteCharString(ids.join(','));
          } else if (key === 2) {
            if (l !== 0) return 'the no-default-alpn SvcParam has a value';
            out.push(name);
            continue;
          } else if (key === 3) {
            if (l !== 2) return 'the port SvcParam is not 2 bytes';
            text = String((v[0] << 8) | v[1]);
          } else if (key === 4) {
            if (l === 0 || l % 4) return 'the ipv4hint SvcParam is not a list of IPv4 addresses';
            const a: string[] = [];
            for (let i = 0; i < l; i += 4) a.push(`${v[i]}.${v[i + 1]}.${v[i + 2]}.${v[i + 3]}`);
            text = a.join(',');
          } else if (key === 6) {
            if (l === 0 || l % 16) return 'the ipv6hint SvcParam is not a list of IPv6 addresses';
            const a: string[] = [];
            for (let i = 0; i < l; i += 16) {
              const words: number[] = [];
              for (let j = 0; j < 16; j += 2) words.push((v[i + j] << 8) | v[i + j + 1]);
              a.push(formatIpv6(words));
            }
            text = a.join(',');
          } else if (key === 5) {
            if (l === 0) {
              out.push(name);
              continue;
            }
            text = base64Of(v, 0, l);
          } else {
            if (l === 0) {
              out.push(name);
              continue;
            }
            text = quoteCharString(bytesStr(v, 0, l));
          }
          out.push(name + '=' + text);
        }
        break;
      }
      case 'N':
        if (p === b.length) throw SHORT;
        out.push('0x' + hexOf(b, p, b.length).toLowerCase());
        p = b.length;
        break;
      case 'M': {
        // BIND: fromwire_amtrelay (relay types over 3 are kept as generic data by generic()).
        need(2);
        const rt = b[p + 1] & 0x7f;
        out.push(String(b[p]), String(b[p + 1] >> 7), String(rt));
        p += 2;
        const bad = gateway(rt);
        if (bad) return bad;
        break;
      }
      case 'D':
        out.push(p === b.length ? '-' : base64Of(b, p, b.length));
        p = b.length;
        break;
      case 'Q': {
        // BIND: fromwire_atma (formats over 1 are kept as generic data by generic()).
        need(2);
        const fmt = b[p++];
        if (fmt === 0) out.push(hexOf(b, p, b.length).toLowerCase());
        else {
          for (let i = p; i < b.length; i++) if (b[i] < 48 || b[i] > 57) return `its E.164 address holds a byte that is not a digit (0x${hexOf(b, i, i + 1)}) (BIND: FORMERR)`;
          out.push('+' + bytesStr(b, p, b.length));
        }
        p = b.length;
        break;
      }
      case '6': {
        // BIND: fromwire_in_a6: the prefix length, the address bytes after the prefix (the prefix's
        // bits in the first of them zero), the prefix name unless the length is 0.
        need(1);
        const plen = b[p++];
        if (plen > 128) return `its prefix length ${plen} is over 128 (BIND: out of range)`;
        out.push(String(plen));
        const octets = 16 - (plen >> 3);
        need(octets);
        if (octets > 0 && (b[p] & ~(0xff >> (plen & 7)) & 0xff) !== 0) return `its address suffix has bits set inside the ${plen}-bit prefix (BIND: FORMERR)`;
        if (plen !== 128) {
          const full = new Array<number>(16).fill(0);
          for (let i = 0; i < octets; i++) full[16 - octets + i] = b[p + i];
          const w16: number[] = [];
          for (let i = 0; i < 16; i += 2) w16.push((full[i] << 8) | full[i + 1]);
          out.push(formatIpv6(w16));
        }
        p += octets;
        if (plen !== 0) {
          const r = wireName(b, p);
          if (typeof r === 'string') return r;
          out.push(r.name);
          p = r.next;
        }
        break;
      }
      case 'X': {
        // BIND: fromwire_nxt: at most 16 bytes, no bit for type 0, no zero byte at the end.
        const n = b.length - p;
        if (n > 0 && ((b[p] & 0x80) !== 0 || n > 16 || b[b.length - 1] === 0)) return 'its type bitmap is not a valid NXT bitmap (BIND: bad bitmap)';
        for (let i = p; i < b.length; i++) for (let j = 0; j < 8; j++) if (b[i] & (0x80 >> j)) out.push(String((i - p) * 8 + j));
        p = b.length;
        break;
      }
      case 'z':
        // Hex, the rest, possibly none (BIND's fromwire_sshfp checks the length of SHA-1 and SHA-256
        // fingerprints only).
        if (p < b.length) out.push(hexOf(b, p, b.length));
        p = b.length;
        break;
      case 'P': {
        if (b.length - p > 8192) return 'the WKS port bitmap is over 8192 bytes';
        if (b.length > p && b[b.length - 1] === 0) return 'its port bitmap ends with a zero byte (BIND: FORMERR)';
        for (let i = p; i < b.length; i++) for (let j = 0; j < 8; j++) if (b[i] & (0x80 >> j)) out.push(String((i - p) * 8 + j));
        p = b.length;
        break;
      }
    }
  }
  if (p < b.length) return `${b.length - p} byte${b.length - p === 1 ? ' is' : 's are'} left over after the last field (BIND: extra input data)`;
  return undefined;
}

function generic(w: Walker): void {
  w.k = w.from + 1;
  const lenTok = w.next('the rdata length in bytes');
  const len = intQuiet(w, lenTok, 'the rdata length in bytes', 65535);
  let hex = '';
  while (w.more()) {
    const t = w.f[w.k++];
    if (!isHex(t.text)) w.fail(t, `expected hexadecimal rdata after '\\# ${len}', found '${show(t.text)}'`);
    hex += t.text;
  }
  if (hex.length !== len * 2) {
    w.fail(w.lastTok(), `the generic rdata is ${hex.length / 2} bytes but '\\# ${len}' announces ${len}`);
  }
  // BIND's buffer for one record's data holds 65,510 bytes however it is written (named-checkzone 9.18:
  // `\# 65511 …` "ran out of space" for TXT and unknown types alike; 65,535 TXT bytes: FORMERR).
  if (len > MAX_TXT_RDATA && !w.out && !w.quiet)
    w.sink.error(
      w.f[w.from].start,
      w.lastTok().end,
      `this record's data is ${len} bytes, more than BIND fits in one record (${MAX_TXT_RDATA}; DNS allows 64 KB): named-checkzone refuses the zone ("ran out of space"), so it does not load; shorten the data`,
    );
  const type = w.type;
  if (type === 'TXT' || type === 'SPF') {
    const bytes: number[] = [];
    for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
    const strs: string[] = [];
    let i = 0;
    while (i < bytes.length) {
      const l = bytes[i];
      if (i + 1 + l > bytes.length) w.fail(w.lastTok(), `the generic TXT rdata is malformed: a string of ${l} bytes overruns the data`);
      strs.push(String.fromCharCode(...bytes.slice(i + 1, i + 1 + l)));
      i += 1 + l;
    }
    if (strs.length === 0) w.fail(w.lastTok(), 'a TXT record needs at least one character-string');
    if (w.out) w.emit(strs.map(quoteCharString).join(' '));
    else {
      const t = w.f[w.from];
      w.sink.strings = strs.map((s) => ZoneCharString.make(s, false, t.start, w.lastTok().end, s, true));
    }
    return;
  }
  let spec: string | undefined = WIRE[type];
  // A LOC of a version other than 0: BIND keeps its data as it is (and prints it in the generic form).
  if (type === 'LOC' && len > 0 && hex.slice(0, 2) !== '00') spec = undefined;
  // So does BIND with an AMTRELAY relay type over 3 and an ATMA format over 1.
  if (type === 'AMTRELAY' && len >= 2 && (parseInt(hex.slice(2, 4), 16) & 0x7f) > 3) spec = undefined;
  if (type === 'ATMA' && len >= 2 && parseInt(hex.slice(0, 2), 16) > 1) spec = undefined; // (BIND wants a byte after the format)
  if (spec === undefined) {
    if (w.out) w.emit(len === 0 ? '\\# 0' : `\\# ${len} ${chunk(hex.toUpperCase(), 56)}`);
    return;
  }
  // Decode as BIND does (dns_rdata_fromwire), then read the fields as if written as text.
  const bytes = new Uint8Array(len);
  for (let i = 0; i < len; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  const fields: string[] = [];
  const first = w.f[w.from];
  const last = w.lastTok();
  let err: string | undefined;
  try {
    err = decodeWire(spec, bytes, fields);
    // A key of the private algorithm PRIVATEDNS (253) starts with the algorithm's domain name, in
    // wire form without compression (RFC 4034 Appendix A.1.1); BIND checks it in wire data only.
    if (err === undefined && (type === 'DNSKEY' || type === 'CDNSKEY' || type === 'KEY') && len >= 4 && bytes[3] === 253) {
      const n = wireName(bytes, 4);
      if (typeof n === 'string') err = `its key, of the private algorithm PRIVATEDNS, starts with the algorithm's name, and ${n}`;
    }
  } catch (e) {
    if (e !== SHORT) throw e;
    err = `it ends before all of the ${type} record's fields (BIND: unexpected end of input)`;
  }
  if (err === KEEP_GENERIC) {
    if (w.out) w.emit(`\\# ${len} ${chunk(hex.toUpperCase(), 56)}`);
    return;
  }
  if (err !== undefined) w.fail({ text: '', start: first.start, end: last.end }, `the generic rdata '\\# ${len}' is not a valid ${type} record: ${err}`);
  const toks: Token[] = fields.map((text) => ({ text, start: first.start, end: last.end }));
  const sink = w.sink;
  const saved = [w.f, w.from, w.n] as const;
  w.f = toks;
  w.from = 0;
  w.k = 0;
  w.n = toks.length;
  w.decoded = `the generic rdata '\\# ${len}' decodes to the ${type} record '${show(fields.join(' '))}': `;
  try {
    body(w, type);
    w.end();
  } finally {
    w.decoded = '';
    [w.f, w.from, w.n] = saved;
    w.k = w.n;
  }
  // The target was read from decoded data, not from a token of the record.
  sink.targetIndex = undefined;
}

function body(w: Walker, type: string): void {
  switch (type) {
    case 'A':
      w.ipv4('an IPv4 address');
      return;
    case 'AAAA':
      w.ipv6('an IPv6 address');
      return;
    case 'NS':
    case 'CNAME':
    case 'DNAME':
    case 'PTR':
      w.name('the target name', true);
      return;
    case 'MB':
    case 'MG':
    case 'MR':
    case 'NSAP-PTR':
      w.name('a domain name');
      return;
    case 'MX':
      if (!w.out) w.sink.preference = w.int('the preference', 65535);
      else w.int('the preference', 65535);
      w.name('the mail exchanger name', true);
      return;
    case 'AFSDB':
    case 'RT':
    case 'KX':
    case 'LP':
      w.int('the preference', 65535);
      w.name('a domain name');
      return;
    case 'SRV': {
      const p = w.int('the priority', 65535);
      if (!w.out) w.sink.preference = p;
      w.int('the weight', 65535);
      w.int('the port', 65535);
      w.name('the target name', true);
      return;
    }
    case 'PX':
      w.int('the preference', 65535);
      w.name('the MAP822 name');
      w.name('the MAPX400 name');
      return;
    case 'RP':
      w.name('the mailbox name');
      w.name('the TXT name');
      return;
    case 'MINFO':
      w.name('the responsible mailbox');
      w.name('the error mailbox');
      return;
    case 'SOA':
      w.name('the primary name server (MNAME)');
      w.name('the responsible mailbox (RNAME)');
      w.int('the serial', 4294967295);
      w.ttl('the refresh interval');
      w.ttl('the retry interval');
      w.ttl('the expire time');
      w.ttl('the minimum (negative caching) TTL');
      return;
    case 'TXT':
    case 'SPF':
    case 'AVC':
    case 'RESINFO':
    case 'WALLET':
      w.strings();
      return;
    case 'HINFO':
      w.str('the CPU string');
      w.str('the OS string');
      return;
    case 'X25': {
      // RFC 1183 §3.1: the PSDN address is at least 4 digits (BIND: "syntax error" when shorter,
      // "out of range" for another character; FORMERR in generic data).
      const t = w.next('the PSDN address');
      const v = w.strOf(t);
      if (v.length < 4) w.fail(t, `the X25 PSDN address ${quoteCharString(v)} is shorter than the 4 digits it needs at least (RFC 1183 §3.1)`);
      if (!/^[0-9]+$/.test(v)) w.fail(t, `the X25 PSDN address ${quoteCharString(v)} must be digits only (RFC 1183 §3.1)`);
      return;
    }
    case 'ISDN':
      w.str('the ISDN address');
      if (w.more()) w.str('the subaddress');
      return;
    case 'GPOS':
      w.str('the longitude');
      w.str('the latitude');
      w.str('the altitude');
      return;
    case 'NAPTR':
      w.int('the order', 65535);
      w.int('the preference', 65535);
      w.str('the flags');
      w.str('the service');
      naptrRegexp(w);
      w.name('the replacement name');
      return;
    case 'URI': {
      w.int('the priority', 65535);
      w.int('the weight', 65535);
      const t = w.next('the target URI');
      // BIND reads the target only as a quoted string ("syntax error" otherwise).
      if (t.text.charCodeAt(0) !== 34) w.fail(t, `the URI target must be in double quotes, like "${show(t.text)}" (BIND refuses it unquoted: "syntax error")`);
      w.strOf(t, true);
      return;
    }
    case 'CAA': {
      w.int('the flags', 255);
      const t = w.next('the property tag (issue, issuewild, iodef …)');
      const tag = t.text;
      if (tag.length === 0 || tag.length > 255) w.fail(t, `expected a CAA tag, found '${show(tag)}'`);
      for (let i = 0; i < tag.length; i++) {
        const c = tag.charCodeAt(i);
        if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) {
          w.fail(t, `the CAA tag '${show(tag)}' may only contain letters and digits (RFC 8659 §4.1)`);
        }
      }
      w.emit(tag);
      const v = w.next('the property value');
      const d = decodeCharString(v.text);
      if (d.error) w.fail(v, d.error);
      w.emit(quoteCharString(d.value));
      return;
    }
    case 'TLSA':
    case 'SMIMEA':
      w.int('the certificate usage', 255);
      w.int('the selector', 255);
      w.int('the matching type', 255);
      w.hexRest('the certificate association data', true);
      return;
    case 'SSHFP':
      w.int('the algorithm', 255);
      const fp = w.int('the fingerprint type', 255);
      // Decoded from generic data, a fingerprint of another type than SHA-1 or SHA-256 may be empty (BIND).
      w.hexRest('the fingerprint', true, w.decoded !== '' && fp !== 1 && fp !== 2, fp === 1 ? 20 : fp === 2 ? 32 : 0, 0, `a ${fp === 1 ? 'SHA-1' : 'SHA-256'} fingerprint`);
      return;
    case 'DS':
    case 'CDS':
    case 'DLV':
    case 'TA':
      w.int('the key tag', 65535);
      w.intOrMnemonic('the algorithm', 255, DNSSEC_ALGS);
      const dt = w.int('the digest type', 255);
      w.hexRest('the digest', true, false, dt === 1 ? 20 : dt === 2 ? 32 : dt === 4 ? 48 : 0, 0, `a digest of type ${dt} (${dt === 1 ? 'SHA-1' : dt === 2 ? 'SHA-256' : 'SHA-384'})`);
      return;
    case 'DNSKEY':
    case 'CDNSKEY':
    case 'KEY': {
      const flags = w.int('the flags', 65535);
      w.int('the protocol', 255);
      w.intOrMnemonic('the algorithm', 255, DNSSEC_ALGS);
      // A KEY with both "no key" flag bits set (0xC000) has no key (BIND: nothing may follow).
      if (type === 'KEY' && (flags & 0xc000) === 0xc000) return;
      w.base64Rest('the public key', true);
      return;
    }
    case 'RRSIG':
    case 'SIG': {
      const t = w.next('the type covered');
      let ty = typeFromText(t.text);
      if (!ty) {
        // BIND also takes the type as a number (strtol): RRSIG prints it as its type, SIG as the number
        // when it is a type without a name.
        const m = /^\+?(\d{1,15})$/.exec(t.text) ?? /^-(0+)$/.exec(t.text);
        if (!m) w.fail(t, `expected the type covered (a record type), found '${show(t.text)}'`);
        const n = Number(m[1]);
        if (n > 65535) w.fail(t, `the type covered '${show(t.text)}' is out of range: it must be from 0 to 65535`);
        ty = typeName(n);
      }
      w.emit(type === 'SIG' && ty.startsWith('TYPE') ? ty.slice(4) : ty);
      w.intOrMnemonic('the algorithm', 255, DNSSEC_ALGS);
      w.int('the number of labels', 255);
      w.int('the original TTL', 4294967295); // seconds only: BIND takes no units here
      sigTime(w, 'the signature expiration');
      sigTime(w, 'the signature inception');
      w.int('the key tag', 65535);
      w.name("the signer's name");
      w.base64Rest('the signature', true);
      return;
    }
    case 'NSEC':
      w.name('the next owner name');
      // BIND refuses an NSEC whose type bitmap is empty ("FORMERR"): the record's own NSEC (and RRSIG) are always in it.
      if (w.typeList() === 0) w.fail(w.lastTok(), 'an NSEC record lists the types at its owner, at least NSEC itself: BIND refuses one without types ("FORMERR")');
      return;
    case 'NSEC3': {
      w.int('the hash algorithm', 255);
      w.int('the flags', 255);
      w.int('the iterations', 65535);
      salt(w);
      const t = w.next('the next hashed owner name (base32hex)');
      if (!isBase32Hex(t.text)) w.fail(t, `expected the next hashed owner name (base32hex, as in 2t7b4g4vsa5smi47k61mv5bv1a22bojr), found '${show(t.text)}'`);
      w.emit(t.text.toUpperCase());
      w.typeList();
      return;
    }
    case 'NSEC3PARAM':
      w.int('the hash algorithm', 255);
      w.int('the flags', 255);
      w.int('the iterations', 65535);
      salt(w);
      return;
    case 'CSYNC':
      w.int('the SOA serial', 4294967295);
      w.int('the flags', 65535);
      w.typeList();
      return;
    case 'ZONEMD':
      w.int('the serial', 4294967295);
      w.int('the scheme', 255);
      const ha = w.int('the hash algorithm', 255);
      if (ha === 1 || ha === 2) w.hexRest('the digest', true, false, ha === 1 ? 48 : 64, 0, `a ${ha === 1 ? 'SHA-384' : 'SHA-512'} digest`);
      else w.hexRest('the digest', true, false, 0, 12, 'a ZONEMD digest (RFC 8976 §2.2.4)');
      return;
    case 'RKEY': {
      // BIND: the flags are reserved and must be 0 (FORMERR otherwise); the key is required.
      const ft = w.f[w.k];
      const flags = w.int('the flags', 65535);
      if (flags !== 0) w.fail(ft, `the RKEY flags must be 0 (BIND: FORMERR), found '${show(ft.text)}'`);
      w.int('the protocol', 255);
      w.intOrMnemonic('the algorithm', 255, DNSSEC_ALGS);
      w.base64Rest('the public key', true);
      return;
    }
    case 'DOA': {
      w.int('the enterprise number', 4294967295);
      w.int('the type', 4294967295);
      w.int('the location', 255);
      w.str('the media type');
      // The data: base64, or '-' alone for none.
      if (w.more() && w.f[w.k].text === '-') {
        w.k++;
        w.emit('-');
      } else w.base64Rest("the data (base64, or '-' for none)", false);
      return;
    }
    case 'ATMA': {
      const t = w.next('the ATM address');
      const a = t.text;
      if (a.charCodeAt(0) === 43) {
        if (a.length === 1 || !isDigits(a.slice(1))) w.fail(t, `expected an E.164 ATM address ('+' and digits), found '${show(a)}'`);
        w.emit(a);
      } else {
        const h = a.replace(/\./g, '');
        if (!isHex(h) || h.length % 2 || h.length === 0) w.fail(t, `expected an ATM address (an even number of hex digits, dots allowed, or '+' and E.164 digits), found '${show(a)}'`);
        w.emit(h.toLowerCase());
      }
      return;
    }
    case 'DHCID':
    case 'OPENPGPKEY':
    case 'HHIT':
    case 'BRID':
      w.base64Rest('the data', true);
      return;
    case 'EUI48':
    case 'EUI64': {
      const t = w.next('the address');
      const groups = type === 'EUI48' ? 6 : 8;
      const bytes = euiBytes(t.text, groups);
      if (!bytes) w.fail(t, `expected ${groups} two-digit hex groups separated by '-' (like ${type === 'EUI48' ? '00-00-5e-00-53-2a' : '00-00-5e-ef-10-00-00-2a'}), found '${show(t.text)}'`);
      w.emit(bytes.map((b) => b.toString(16).padStart(2, '0')).join('-'));
      return;
    }
    case 'CERT': {
      const t = w.next('the certificate type');
      let v: number;
      const c = t.text.charCodeAt(0);
      if (c >= 48 && c <= 57) {
        v = intQuiet(w, t, 'the certificate type', 65535);
      } else {
        const m = CERT_TYPES[t.text.toUpperCase()];
        if (m === undefined) w.fail(t, `expected the certificate type (a number or PKIX, SPKI, PGP, IPKIX, ISPKI, IPGP, ACPKIX, IACPKIX, URI, OID), found '${show(t.text)}'`);
        v = m;
      }
      w.emit(CERT_NAMES[v] ?? String(v));
      w.int('the key tag', 65535);
      const a = w.next('the algorithm');
      let alg: number;
      if (a.text.charCodeAt(0) >= 48 && a.text.charCodeAt(0) <= 57) alg = intQuiet(w, a, 'the algorithm', 255);
      else {
        const m = DNSSEC_ALGS[a.text.toUpperCase()];
        if (m === undefined) w.fail(a, `expected the algorithm (a number or a mnemonic like RSASHA256), found '${show(a.text)}'`);
        alg = m;
      }
      w.emit(ALG_NAMES[alg] ?? String(alg));
      w.base64Rest('the certificate', true);
      return;
    }
    case 'IPSECKEY': {
      w.int('the precedence', 255);
      const gt = w.int('the gateway type', 3);
      w.int('the algorithm', 255);
      gateway(w, gt);
      w.base64Rest('the public key', true);
      return;
    }
    case 'AMTRELAY': {
      w.int('the precedence', 255);
      w.int('the discovery optional bit', 1);
      const rt = w.int('the relay type', 127);
      gateway(w, rt);
      return;
    }
    case 'HIP': {
      w.int('the algorithm', 255);
      w.hexOne('the host identity tag');
      const t = w.next('the public key');
      if (!isBase64Chars(t.text) || !isBase64(t.text)) w.fail(t, `expected the public key (base64), found '${show(t.text)}'`);
      w.emit(t.text);
      while (w.more()) w.name('a rendezvous server');
      return;
    }
    case 'NID':
    case 'L64':
      w.int('the preference', 65535);
      locator64(w);
      return;
    case 'L32':
      w.int('the preference', 65535);
      w.ipv4('the locator');
      return;
    case 'APL':
      while (w.more()) apItem(w);
      return;
    case 'WKS':
      wks(w);
      return;
    case 'NSAP': {
      const t = w.next('the NSAP address');
      const s = t.text;
      if (!(s.startsWith('0x') || s.startsWith('0X'))) w.fail(t, `expected an NSAP address starting with 0x, found '${show(s)}'`);
      const h = s.slice(2).replace(/\./g, '');
      if (!isHex(h) || h.length % 2) w.fail(t, `expected an NSAP address (0x and an even number of hex digits, dots allowed), found '${show(s)}'`);
      w.emit('0x' + h.toLowerCase());
      return;
    }
    case 'LOC':
      loc(w);
      return;
    case 'SVCB':
    case 'HTTPS':
      svcb(w);
      return;
    case 'DSYNC': {
      const t = w.next('the record type');
      const ty = typeFromText(t.text);
      if (!ty) w.fail(t, `expected a record type, found '${show(t.text)}'`);
      w.emit(ty);
      const s = w.next('the scheme');
      if (s.text.toUpperCase() === 'NOTIFY') w.emit('NOTIFY');
      else {
        const v = intQuiet(w, s, 'the scheme', 255);
        w.emit(v === 1 ? 'NOTIFY' : String(v));
      }
      w.int('the port', 65535);
      w.name('the target name');
      return;
    }
    case 'NXT':
      nxt(w);
      return;
    case 'A6':
      a6(w);
      return;
    case 'EID':
    case 'NIMLOC':
      w.hexRest('the data', true);
      return;
    case 'NINFO':
      w.strings();
      return;
    case 'TALINK':
      w.name('the previous name in the trust anchor list');
      w.name('the next name in the trust anchor list');
      return;
    case 'SINK':
      w.int('the meaning', 255);
      w.int('the coding', 255);
      w.int('the subcoding', 255);
      if (w.more()) w.base64Rest('the data', true);
      return;
    case 'NULL':
      w.fail(w.n > w.from ? w.f[w.from] : w.typeTok, "a NULL record can only be written in the generic form '\\# length hex'");
      return;
    case 'UINFO':
    case 'UID':
    case 'GID':
    case 'UNSPEC':
      w.fail(w.n > w.from ? w.f[w.from] : w.typeTok, `BIND has no text form for ${type} records: write the rdata in the generic form '\\# length hex'`);
      return;
    default:
      // A type known only by number (TYPE1234): only the generic form (BIND: 'unknown class/type').
      if (type.startsWith('TYPE')) w.fail(w.n > w.from ? w.f[w.from] : w.typeTok, `the rdata of a ${type} record can only be written in the generic form '\\# length hex'`);
      // Known but rare types (NXT, A6, SINK …): accept the fields as written.
      while (w.more()) w.emit(w.f[w.k++].text);
      return;
  }
}

function intQuiet(w: Walker, t: Token, what: string, max: number): number {
  const out = w.out;
  w.out = null;
  try {
    return w.intOf(t, what, max);
  } finally {
    w.out = out;
  }
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A signature time: seconds since 1970 (up to 10 digits) or YYYYMMDDHHmmSS (BIND's
 * dns_time32_fromtext: each field in its range, a leap second allowed). On the wire it is 32 bits,
 * so BIND prints it as the time nearest to now with those 32 bits (RFC 4034 §3.1.5, serial number
 * arithmetic): what is written more than 68 years from now is printed 136 years off.
 */
function sigTime(w: Walker, what: string): void {
  const t = w.next(what);
  const s = t.text;
  let v: number;
  if (isDigits(s) && s.length <= 10) {
    v = Number(s);
    if (v > 4294967295) w.fail(t, `${what} '${show(s)}' is out of range: in seconds it is at most 4294967295`);
  } else if (s.length === 14 && isDigits(s)) {
    const f = (a: number, b: number) => Number(s.slice(a, b));
    const [year, month, day, hour, minute, second] = [f(0, 4), f(4, 6), f(6, 8), f(8, 10), f(10, 12), f(12, 14)];
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    if (month < 1 || month > 12 || day < 1 || day > MONTH_DAYS[month - 1] + (month === 2 && leap ? 1 : 0) || hour > 23 || minute > 59 || second > 60)
      w.fail(t, `${what} '${show(s)}' is not a valid date and time (YYYYMMDDHHmmSS, BIND: out of range)`);
    const d = new Date(0);
    d.setUTCFullYear(year, month - 1, day);
    d.setUTCHours(hour, minute, second);
    v = ((Math.floor(d.getTime() / 1000) % 4294967296) + 4294967296) % 4294967296;
  } else {
    w.fail(t, `expected ${what} (YYYYMMDDHHmmSS or seconds since 1970), found '${show(s)}'`);
  }
  if (w.out) {
    const now = Math.floor(Date.now() / 1000);
    const ahead = (v - (now % 4294967296) + 4294967296) % 4294967296;
    const at = ahead !== 0 && ahead < 2147483648 ? now + ahead : now - ((4294967296 - ahead) % 4294967296);
    const d = new Date(at * 1000);
    const p = (n: number, l = 2) => String(n).padStart(l, '0');
    w.emit(`${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`);
  }
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function salt(w: Walker): void {
  const t = w.next('the salt (hex, or - for none)');
  if (t.text === '-') {
    w.emit('-');
    return;
  }
  if (!isHex(t.text) || t.text.length % 2 || t.text.length > 510) w.fail(t, `expected the salt (an even number of hex digits, or - for none), found '${show(t.text)}'`);
  w.emit(t.text.toUpperCase());
}

function gateway(w: Walker, gt: number): void {
  if (gt === 0) {
    const t = w.next("the gateway ('.' for none)");
    if (t.text !== '.') w.fail(t, `gateway type 0 means no gateway: write '.', found '${show(t.text)}'`);
    w.emit('.');
  } else if (gt === 1) w.ipv4('the gateway (an IPv4 address for gateway type 1)');
  else if (gt === 2) w.ipv6('the gateway (an IPv6 address for gateway type 2)');
  else if (gt === 3) w.name('the gateway name');
  else {
    const t = w.next('the gateway');
    w.fail(t, `unknown gateway type ${gt}: use 0 (none), 1 (IPv4), 2 (IPv6) or 3 (name)`);
  }
}

/**
 * An EUI-48/EUI-64 address as BIND reads it: sscanf("%2x-%2x-…"), so each group is one or two hex
 * digits (a sign or a 0x prefix count in the width), and whatever follows the last group is ignored.
 */
function euiBytes(s: string, groups: number): number[] | undefined {
  const out: number[] = [];
  let i = 0;
  const hex = (c: number) => (c >= 48 && c <= 57 ? c - 48 : (c | 0x20) >= 97 && (c | 0x20) <= 102 ? (c | 0x20) - 87 : -1);
  for (let g = 0; g < groups; g++) {
    if (g > 0) {
      if (s.charCodeAt(i) !== 45) return undefined;
      i++;
    }
    while (s.charCodeAt(i) === 32 || (s.charCodeAt(i) >= 9 && s.charCodeAt(i) <= 13)) i++;
    let width = 2;
    let neg = false;
    const c0 = s.charCodeAt(i);
    if (c0 === 43 || c0 === 45) {
      neg = c0 === 45;
      i++;
      width--;
    }
    let v = 0;
    let digits = 0;
    if (width === 2 && s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 0x20) === 120) {
      // glibc: "0x" is the prefix and fills the width: the value is 0.
      i += 2;
      digits = 1;
      width = 0;
    }
    for (; width > 0 && i < s.length && hex(s.charCodeAt(i)) >= 0; width--, i++, digits++) v = v * 16 + hex(s.charCodeAt(i));
    if (digits === 0) return undefined;
    if (neg && v !== 0) return undefined; // a negative number is over 255 as unsigned
    out.push(v);
  }
  return out;
}

function locator64(w: Walker): void {
  const t = w.next('the locator (four hex groups like 2001:0db8:1140:1000)');
  const p = t.text.split(':');
  if (p.length !== 4 || p.some((g) => g.length === 0 || g.length > 4 || !isHex(g))) {
    w.fail(t, `expected four groups of 1 to 4 hex digits separated by ':' (like 2001:0db8:1140:1000), found '${show(t.text)}'`);
  }
  w.emit(p.map((g) => parseInt(g, 16).toString(16)).join(':'));
}

function apItem(w: Walker): void {
  const t = w.f[w.k++];
  let s = t.text;
  let neg = '';
  if (s.startsWith('!')) {
    neg = '!';
    s = s.slice(1);
  }
  const colon = s.indexOf(':');
  const slash = s.lastIndexOf('/');
  const bad = () => w.fail(t, `expected an APL item like 1:192.0.2.0/24 or !2:2001:db8::/32, found '${show(t.text)}'`);
  if (colon < 1 || slash < colon) bad();
  const fam = s.slice(0, colon);
  const addr = s.slice(colon + 1, slash);
  const pre = s.slice(slash + 1);
  if (!isDigits(pre)) bad();
  const plen = Number(pre);
  if (fam === '1') {
    if (!isIpv4(addr) || plen > 32) bad();
    w.emit(`${neg}1:${addr}/${plen}`);
  } else if (fam === '2') {
    const ws = parseIpv6(addr);
    if (!ws || plen > 128) bad();
    if (w.out) w.emit(`${neg}2:${formatIpv6(ws!)}/${plen}`);
  } else bad();
}

/**
 * BIND's loc_getdecimal(): strtoul's number (a '+' may come first; after a '-' any number but 0 is
 * huge, so out of range), then '.' and at most `precision` digits, then `unit` (if any). The value
 * is in 10^-precision units, or 'syntax' / 'range' (BIND's two errors).
 */
function locDecimal(s: string, max: number, precision: number, unit: string): number | 'syntax' | 'range' {
  const n = s.length;
  let i = 0;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
  }
  const from = i;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  let e = i > from ? i : 0;
  let value = i > from ? Number(s.slice(from, i)) : 0;
  if (neg && value !== 0) value = Infinity;
  if (e < n && s[e] !== '.' && s[e] !== unit) return 'syntax';
  if (value > max) return 'range';
  let ok = i > from;
  let k = 0;
  if (s[e] === '.') {
    e++;
    for (; k < precision; k++) {
      if (e >= n || s[e] === unit) break;
      const d = s.charCodeAt(e++) - 48;
      if (d < 0 || d > 9) return 'syntax';
      ok = true;
      value = value * 10 + d;
    }
  }
  for (; k < precision; k++) value *= 10;
  if (e < n && s[e] === unit) e++;
  if (!ok || e !== n) return 'syntax';
  return value;
}

/** A LOC altitude as stored (centimetres above -100000 m), printed as BIND does. */
function locAltitudeText(alt: number): string {
  const below = alt < 10000000;
  const cm = below ? 10000000 - alt : alt - 10000000;
  return `${below ? '-' : ''}${Math.floor(cm / 100)}.${String(cm % 100).padStart(2, '0')}m`;
}

/** A LOC size or precision byte (mantissa << 4 | exponent, in centimetres), printed as BIND does. */
function locPrecisionText(v: number): string {
  const man = v >> 4;
  const exp = v & 15;
  return exp > 1 ? `${man * 10 ** (exp - 2)}m` : `0.${String(man * 10 ** exp).padStart(2, '0')}m`;
}

/** BIND's loc_getprecision(): meters (at most 90000000) and at most two decimals, stored as one digit times a power of ten. */
function locPrecision(w: Walker, t: Token, what: string): number {
  const s = t.text;
  const v = locDecimal(s, 90000000, 2, 'm');
  if (v === 'syntax') w.fail(t, `expected ${what} in meters (like 10m, 0.5m or 10), found '${show(s)}' (BIND: syntax error)`);
  if (v === 'range') w.fail(t, `${what} '${show(s)}' is out of range: at most 90000000m (BIND: out of range)`);
  // Whole meters keep only their first digit; below 1 m the centimetres do.
  const m = Math.floor(v / 100);
  const cm = v % 100;
  if (m > 0) {
    let exp = 0;
    while (exp < 7 && m >= 10 ** (exp + 1)) exp++;
    return (Math.floor(m / 10 ** exp) << 4) | (exp + 2);
  }
  return cm >= 10 ? (Math.floor(cm / 10) << 4) | 1 : cm << 4;
}

function loc(w: Walker): void {
  // d1 [m1 [s1]] {N|S} d2 [m2 [s2]] {E|W} alt[m] [siz[m] [hp[m] [vp[m]]]], read as BIND's fromtext_loc:
  // hemispheres in capitals, degrees and minutes as plain numbers, seconds and meters with strtoul.
  const parts: string[] = [];
  const coord = (max: number, dirs: string, what: string) => {
    const hemi = `the ${what} hemisphere (${dirs[0]} or ${dirs[1]})`;
    const number = (t: Token, part: string, limit: number): number => {
      if (!isDigits(t.text) || t.text.length > 10) w.fail(t, `expected the ${what} ${part} (a whole number) or ${hemi}, found '${show(t.text)}'`);
      const v = Number(t.text);
      if (v > limit) w.fail(t, `the ${what} ${part} '${show(t.text)}' is out of range: at most ${limit} (BIND: out of range)`);
      return v;
    };
    const isDir = (t: Token) => t.text.length === 1 && dirs.includes(t.text);
    const d = number(w.next(`the ${what} degrees`), 'degrees', max);
    let m = 0;
    let ms = 0;
    let t = w.next(hemi);
    if (!isDir(t)) {
      m = number(t, 'minutes', 59);
      if (d === max && m !== 0) w.fail(t, `the ${what} is at most ${max} degrees: with ${max} degrees the minutes must be 0 (BIND: out of range)`);
      t = w.next(hemi);
      if (!isDir(t)) {
        const v = locDecimal(t.text, 59, 3, '');
        if (v === 'syntax') w.fail(t, `expected the ${what} seconds (0 to 59.999) or ${hemi}, found '${show(t.text)}'`);
        if (v === 'range') w.fail(t, `the ${what} seconds '${show(t.text)}' are out of range: below 60 (BIND: out of range)`);
        if (d === max && v !== 0) w.fail(t, `the ${what} is at most ${max} degrees: with ${max} degrees the seconds must be 0 (BIND: out of range)`);
        ms = v;
        t = w.next(hemi);
        if (!isDir(t)) w.fail(t, `expected ${hemi}, in capitals, found '${show(t.text)}'`);
      }
    }
    parts.push(`${d} ${m} ${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')} ${t.text}`);
  };
  coord(90, 'NS', 'latitude');
  coord(180, 'EW', 'longitude');
  const at = w.next('the altitude');
  const s = at.text;
  const below = s.charCodeAt(0) === 45;
  const cm = below ? locDecimal(s.slice(1), 100000, 2, 'm') : locDecimal(s, 42849672, 2, 'm');
  if (cm === 'syntax') w.fail(at, `expected the altitude in meters (like -24m or 10.5), found '${show(s)}' (BIND: syntax error)`);
  if (cm === 'range' || cm > (below ? 10000000 : 4284967295)) w.fail(at, `the altitude '${show(s)}' is out of range: from -100000m to 42849672.95m (BIND: out of range)`);
  parts.push(locAltitudeText(below ? 10000000 - cm : 10000000 + cm));
  const defaults = [0x12, 0x16, 0x13];
  const names = ['the size', 'the horizontal precision', 'the vertical precision'];
  for (let i = 0; i < 3; i++) parts.push(locPrecisionText(w.more() ? locPrecision(w, w.f[w.k++], names[i]) : defaults[i]));
  w.emit(parts.join(' '));
}

// WKS protocols and services, as BIND finds them with getprotobyname() and getservbyname() in
// /etc/protocols and /etc/services: these are Debian's (netbase 6.4), where the reference BIND runs.
// Services: ';'-separated entries in file order, each a protocol letter (t tcp, u udp, b both,
// s sctp, d ddp), the port, then the name and its aliases. Protocols: number, name, aliases.
const SERVICES =
  't1 tcpmux;b7 echo;b9 discard sink null;t11 systat users;b13 daytime;t15 netstat;t17 qotd quote;b19 chargen ' +
  'ttytst source;t20 ftp-data;t21 ftp;u21 fsp fspd;t22 ssh;t23 telnet;t25 smtp mail;b37 time timserver;t43 whois ' +
  'nicname;b49 tacacs;b53 domain;u67 bootps;u68 bootpc;u69 tftp;t70 gopher;t79 finger;t80 http www;b88 kerberos ' +
  'kerberos5 krb5 kerberos-sec;t102 iso-tsap tsap;t104 acr-nema dicom;t110 pop3 pop-3;b111 sunrpc portmapper;t113 ' +
  'auth authentication tap ident;t119 nntp readnews untp;u123 ntp;t135 epmap loc-srv;u137 netbios-ns;u138 ' +
  'netbios-dgm;t139 netbios-ssn;t143 imap2 imap;b161 snmp;b162 snmp-trap snmptrap;b163 cmip-man;b164 ' +
  'cmip-agent;t174 mailq;u177 xdmcp;t179 bgp;t199 smux;t209 qmtp;t210 z3950 wais;u213 ipx;u319 ptp-event;u320 ' +
  'ptp-general;t345 pawserv;t346 zserv;b369 rpc2portmap;b370 codaauth2;u371 clearcase Clearcase;b389 ldap;b427 ' +
  'svrloc;b443 https;t444 snpp;t445 microsoft-ds;b464 kpasswd;t465 submissions ssmtp smtps urd;t487 saft;u500 ' +
  'isakmp;b554 rtsp;t607 nqs;u623 asf-rmcp;t628 qmqp;t631 ipp;b646 ldp;t512 exec;u512 biff comsat;t513 login;u513 ' +
  'who whod;t514 shell cmd syslog;u514 syslog;t515 printer spooler;u517 talk;u518 ntalk;u520 route router ' +
  'routed;b538 gdomap;t540 uucp uucpd;t543 klogin;t544 kshell krcmd;u546 dhcpv6-client;u547 dhcpv6-server;t548 ' +
  'afpovertcp;t563 nntps snntp;t587 submission;b636 ldaps;b655 tinc;t706 silc;t749 kerberos-adm;b853 ' +
  'domain-s;t873 rsync;t989 ftps-data;t990 ftps;t992 telnets;t993 imaps;t995 pop3s;t1080 socks;t1093 proofd;t1094 ' +
  'rootd;b1194 openvpn;t1099 rmiregistry;t1352 lotusnote lotusnotes;t1433 ms-sql-s;u1434 ms-sql-m;t1524 ' +
  'ingreslock;b1645 datametrics old-radius;b1646 sa-msg-port old-radacct;t1649 kermit;t1677 groupwise;u1701 l2f ' +
  'l2tp;b1812 radius;b1813 radius-acct radacct;t2000 cisco-sccp;b2049 nfs;b2086 gnunet;b2101 rtcm-sc104;t2119 ' +
  'gsigatekeeper;t2135 gris;t2401 cvspserver;b2430 venus;b2431 venus-se;b2432 codasrv;b2433 codasrv-se;b2583 ' +
  'mon;t2628 dict;t2792 f5-globalsite;t2811 gsiftp;t2947 gpsd;t3050 gds-db gds_db;u3130 icpv2 icp;b3205 ' +
  'isns;t3260 iscsi-target;t3306 mysql;t3389 ms-wbt-server;b3493 nut;t3632 distcc;t3689 daap;t3690 svn ' +
  'subversion;t4031 suucp;t4094 sysrqd;t4190 sieve;t4369 epmd;t4373 remctl;t4353 f5-iquery;t4460 ntske;u4500 ' +
  'ipsec-nat-t;u4569 iax;t4691 mtn;t4899 radmin-port;b5060 sip;b5061 sip-tls;t5222 xmpp-client ' +
  'jabber-client;t5269 xmpp-server jabber-server;t5308 cfengine;u5353 mdns;t5432 postgresql postgres;t5556 ' +
  'freeciv rptp;t5671 amqps;t5672 amqp;s5672 amqp;t6000 x11 x11-0;t6001 x11-1;t6002 x11-2;t6003 x11-3;t6004 ' +
  'x11-4;t6005 x11-5;t6006 x11-6;t6007 x11-7;b6346 gnutella-svc;b6347 gnutella-rtr;t6379 redis;t6444 sge-qmaster ' +
  'sge_qmaster;t6445 sge-execd sge_execd;t6446 mysql-proxy;u6696 babel;t6697 ircs-u;t7000 bbs;u7000 ' +
  'afs3-fileserver;u7001 afs3-callback;u7002 afs3-prserver;u7003 afs3-vlserver;u7004 afs3-kaserver;u7005 ' +
  'afs3-volser;u7007 afs3-bos;u7008 afs3-update;u7009 afs3-rmtsys;t7100 font-service xfs;t8080 http-alt ' +
  'webcache;t8140 puppet;t9101 bacula-dir;t9102 bacula-fd;t9103 bacula-sd;t9667 xmms2;t10809 nbd;t10050 ' +
  'zabbix-agent;t10051 zabbix-trapper;t10080 amanda;t11112 dicom;t11371 hkp;t17500 db-lsp;t22125 dcap;t22128 ' +
  'gsidcap;t22273 wnn6;d1 rtmp;d2 nbp;d4 echo;d6 zip;u750 kerberos4 kerberos-iv kdc;t750 kerberos4 kerberos-iv ' +
  'kdc;u751 kerberos-master kerberos_master;t751 kerberos-master;u752 passwd-server passwd_server;t754 krb-prop ' +
  'krb_prop krb5_prop hprop;u2102 zephyr-srv;u2103 zephyr-clt;u2104 zephyr-hm;t2121 iprop;t871 supfilesrv;t1127 ' +
  'supfiledbg;t106 poppassd;t775 moira-db moira_db;t777 moira-update moira_update;u779 moira-ureg moira_ureg;t783 ' +
  'spamd;t1178 skkserv;u1210 predict;t1236 rmtcfg;t1313 xtel;t1314 xtelw;t2600 zebrasrv;t2601 zebra;t2602 ' +
  'ripd;t2603 ripngd;t2604 ospfd;t2605 bgpd;t2606 ospf6d;t2607 ospfapi;t2608 isisd;t4557 fax;t4559 hylafax;t4949 ' +
  'munin lrrd;u5555 rplay;t5666 nrpe;t5667 nsca;t5680 canna;t6514 syslog-tls;t6566 sane-port sane saned;t6667 ' +
  'ircd;t8021 zope-ftp;t8081 tproxy;t8088 omniorb;t8990 clc-build-daemon;t9098 xinetd;t9418 git;t9673 zope;t10000 ' +
  'webmin;t10081 kamanda;t10082 amandaidx;t10083 amidxtape;u17001 sgi-cmsd;u17002 sgi-crsd;u17003 sgi-gcd;t17004 ' +
  'sgi-cad;t24554 binkp;b27374 asp;t30865 csync2;t57000 dircproxy;t60177 tfido;t60179 fido';
const PROTOCOLS =
  '0 ip IP;0 hopopt HOPOPT;1 icmp ICMP;2 igmp IGMP;3 ggp GGP;4 ipencap IP-ENCAP;5 st ST;6 tcp TCP;8 egp EGP;9 igp ' +
  'IGP;12 pup PUP;17 udp UDP;20 hmp HMP;22 xns-idp XNS-IDP;27 rdp RDP;29 iso-tp4 ISO-TP4;33 dccp DCCP;36 xtp ' +
  'XTP;37 ddp DDP;38 idpr-cmtp IDPR-CMTP;41 ipv6 IPv6;43 ipv6-route IPv6-Route;44 ipv6-frag IPv6-Frag;45 idrp ' +
  'IDRP;46 rsvp RSVP;47 gre GRE;50 esp IPSEC-ESP;51 ah IPSEC-AH;57 skip SKIP;58 ipv6-icmp IPv6-ICMP;59 ipv6-nonxt ' +
  'IPv6-NoNxt;60 ipv6-opts IPv6-Opts;73 rspf RSPF CPHB;81 vmtp VMTP;88 eigrp EIGRP;89 ospf OSPFIGP;93 ax.25 ' +
  'AX.25;94 ipip IPIP;97 etherip ETHERIP;98 encap ENCAP;103 pim PIM;108 ipcomp IPCOMP;112 vrrp VRRP;115 l2tp ' +
  'L2TP;124 isis ISIS;132 sctp SCTP;133 fc FC;135 mobility-header Mobility-Header;136 udplite UDPLite;137 ' +
  'mpls-in-ip MPLS-in-IP;138 manet;139 hip HIP;140 shim6 Shim6;141 wesp WESP;142 rohc ROHC;143 ethernet ' +
  'Ethernet;262 mptcp MPTCP';

let services: { names: string[]; port: number; protos: string }[] | undefined;
let protocols: Map<string, number> | undefined;

function serviceByName(name: string, proto: string | undefined): number | undefined {
  services ??= SERVICES.split(';').map((e) => {
    const f = e.split(' ');
    const c = f[0][0];
    return { names: f.slice(1), port: Number(f[0].slice(1)), protos: c === 'b' ? 'tu' : c };
  });
  for (const e of services) if (e.names.includes(name) && (proto === undefined || e.protos.includes(proto))) return e.port;
  return undefined;
}

function protocolByName(name: string): number | undefined {
  protocols ??= new Map(PROTOCOLS.split(';').flatMap((e) => {
    const f = e.split(' ');
    return f.slice(1).map((n) => [n, Number(f[0])] as [string, number]);
  }));
  return protocols.get(name);
}

/** strtol(s, &e, 10) with *e == 0: an optional sign and digits, nothing else. */
function cInteger(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

function wks(w: Walker): void {
  // BIND's fromtext_in_wks: a protocol number or name, then port numbers or service names (looked
  // up for that protocol if it is TCP or UDP, lower-cased first); the ports become a bitmap.
  w.ipv4('the address');
  const t = w.next('the protocol');
  const proto = cInteger(t.text) ?? protocolByName(t.text);
  if (proto === undefined) w.fail(t, `unknown protocol '${show(t.text)}': write its number (6 for TCP, 17 for UDP) or a name from /etc/protocols like tcp or udp (BIND: unknown protocol)`);
  if (proto < 0 || proto > 255) w.fail(t, `the protocol '${show(t.text)}' is out of range: it must be from 0 to 255 (BIND: out of range)`);
  w.emit(String(proto));
  const ps = proto === 6 ? 't' : proto === 17 ? 'u' : undefined;
  const ports = new Set<number>();
  while (w.more()) {
    const s = w.f[w.k++];
    const port = cInteger(s.text) ?? serviceByName(s.text.toLowerCase(), ps) ?? serviceByName(s.text, ps);
    if (port === undefined) w.fail(s, `unknown service '${show(s.text)}'${ps ? ` for ${ps === 't' ? 'TCP' : 'UDP'}` : ''}: write the port number or a service name from /etc/services (BIND: unknown service)`);
    if (port < 0 || port > 65535) w.fail(s, `the port '${show(s.text)}' is out of range: it must be from 0 to 65535 (BIND: out of range)`);
    ports.add(port);
  }
  if (w.out && ports.size) w.emit([...ports].sort((a, b) => a - b).join(' '));
}

function nxt(w: Walker): void {
  // BIND's fromtext_nxt: the next name, then types 1 to 127 (by name or number); BIND prints the
  // types it knows by name and the others as numbers.
  w.name('the next owner name');
  const types = new Set<number>();
  while (w.more()) {
    const t = w.f[w.k++];
    let n = cInteger(t.text);
    if (n === undefined) {
      const ty = typeFromText(t.text);
      if (ty === undefined) w.fail(t, `expected a record type, found '${show(t.text)}' (BIND: unknown class/type)`);
      n = typeNumber(ty);
    }
    if (n < 1 || n > 127) w.fail(t, `'${show(t.text)}' cannot be in an NXT type list: NXT covers only the types 1 to 127 (BIND: out of range)`);
    types.add(n);
  }
  if (w.out && types.size) {
    const names = [...types].sort((a, b) => a - b).map((n) => {
      const name = typeName(n);
      return name.startsWith('TYPE') ? String(n) : name;
    });
    w.emit(names.join(' '));
  }
}

function a6(w: Walker): void {
  // BIND's fromtext_in_a6: the prefix length; unless 128, the address, of which only the bits
  // after the prefix are kept (the rest print as zeros); unless 0, the prefix name.
  const t = w.next('the prefix length (0 to 128)');
  if (!isDigits(t.text) || t.text.length > 10) w.fail(t, `expected the prefix length (a number from 0 to 128), found '${show(t.text)}'`);
  const plen = Number(t.text);
  if (plen > 128) w.fail(t, `the prefix length '${show(t.text)}' is out of range: it must be from 0 to 128 (BIND: out of range)`);
  w.emit(String(plen));
  if (plen !== 128) {
    const a = w.next('the address suffix (an IPv6 address)');
    const words = parseIpv6(a.text);
    if (!words) w.fail(a, `expected the address suffix (an IPv6 address like ::1), found '${show(a.text)}'`);
    if (w.out) {
      const bytes: number[] = [];
      for (const x of words) bytes.push(x >> 8, x & 255);
      const octets = plen >> 3;
      for (let i = 0; i < octets; i++) bytes[i] = 0;
      bytes[octets] &= 0xff >> (plen & 7);
      const kept: number[] = [];
      for (let i = 0; i < 16; i += 2) kept.push((bytes[i] << 8) | bytes[i + 1]);
      w.emit(formatIpv6(kept));
    }
  } else w.emit(''); // BIND prints the empty suffix too: "128  prefix."
  if (plen !== 0) w.name('the prefix name');
}

function svcb(w: Walker): void {
  const prio = w.int('the priority', 65535);
  w.name('the target name', true);
  if (!w.out) w.sink.preference = prio;
  const params: { key: number; text: string }[] = [];
  const seen = new Set<number>();
  let mandatory: number[] = [];
  while (w.more()) {
    const t = w.f[w.k++];
    const s = t.text;
    const eq = s.indexOf('=');
    const key = eq < 0 ? s : s.slice(0, eq);
    // Keys are case-sensitive, and keyNNNNN cannot name a key that has a name (BIND: FORMERR).
    const kn = svcKeyNum(key);
    if (kn >= 0 && kn < SVC_NAMES.length && key !== SVC_NAMES[kn]) w.fail(t, `the SvcParam key '${show(key)}' must be written '${SVC_NAMES[kn]}' (lower case, by its name)`);
    if (kn < 0) w.fail(t, `unknown SvcParam key '${show(key)}': expected mandatory, alpn, no-default-alpn, port, ipv4hint, ech, ipv6hint, dohpath, ohttp or keyNNNNN`);
    if (seen.has(kn)) w.fail(t, `the SvcParam '${show(key)}' appears twice`);
    seen.add(kn);
    // `key="value"`: the lexer cuts it in two tokens at the quote; with space between (`key= "value"`)
    // it is a syntax error for BIND. `key=` and `key=""` have no value.
    let raw = eq < 0 ? '' : s.slice(eq + 1);
    if (eq === s.length - 1 && w.more() && w.f[w.k].start === t.end && w.f[w.k].text.charCodeAt(0) === 34) raw = w.f[w.k++].text;
    const d = decodeCharString(raw);
    const hasValue = d.value.length > 0;
    if (d.error) w.fail(t, d.error);
    const v = d.value;
    let text = svcKeyName(kn);
    const needValue = kn !== 2 && kn !== 5 && kn !== 8;
    if (needValue && !hasValue && kn < 8) w.fail(t, `the SvcParam '${show(key)}' needs a value (${key}=…)`);
    if ((kn === 2 || kn === 8) && hasValue) w.fail(t, `the SvcParam '${show(key)}' takes no value`);
    switch (kn) {
      case 0: {
        const list = v.split(',').map((k) => {
          const n = svcKeyNum(k);
          if (n < 0) w.fail(t, `mandatory lists an unknown key '${show(k)}'`);
          return n;
        });
        mandatory = list;
        text += '=' + list.sort((a, b) => a - b).map(svcKeyName).join(',');
        break;
      }
      case 1: {
        // BIND prints the list quoted, with commas inside an ALPN ID escaped as \\,
        const ids = splitAlpn(v);
        if (ids.some((x) => x.length === 0)) w.fail(t, 'alpn has an empty protocol ID');
        text += '=' + quoteCharString(ids.map((x) => x.replace(/\\/g, '\\\\').replace(/,/g, '\\,')).join(','));
        break;
      }
      case 3:
        if (!isDigits(v) || Number(v) > 65535) w.fail(t, `port must be a number from 0 to 65535, found '${show(v)}'`);
        text += '=' + Number(v);
        break;
      case 4: {
        const list = v.split(',');
        for (const a of list) if (!isIpv4(a)) w.fail(t, `ipv4hint must be IPv4 addresses separated by commas, found '${show(a)}'`);
        text += '=' + list.join(',');
        break;
      }
      case 5:
        if (!hasValue) break;
        if (!isBase64(v) || !isBase64Chars(v)) w.fail(t, 'ech must be base64 (the ECHConfigList)');
        text += '=' + v;
        break;
      case 6: {
        const list = v.split(',');
        const outs: string[] = [];
        for (const a of list) {
          const ws = parseIpv6(a);
          if (!ws) w.fail(t, `ipv6hint must be IPv6 addresses separated by commas, found '${show(a)}'`);
          outs.push(formatIpv6(ws));
        }
        text += '=' + outs.join(',');
        break;
      }
      case 7:
        if (!v.includes('{?dns}')) w.fail(t, "dohpath must be a URI template containing '{?dns}' (RFC 9461 §5)");
        text += '=' + quoteCharString(v);
        break;
      case 2:
      case 8:
        break;
      default:
        if (hasValue) text += '=' + quoteCharString(v);
    }
    params.push({ key: kn, text });
  }
  // BIND: "disallowed (by application policy)".
  const last = w.lastTok();
  for (const k of mandatory) if (!seen.has(k)) w.fail(last, `mandatory lists '${svcKeyName(k)}', but the record has no ${svcKeyName(k)} SvcParam`);
  if (seen.has(2) && !seen.has(1)) w.fail(last, 'no-default-alpn needs an alpn SvcParam in the same record');
  if (w.out) {
    params.sort((a, b) => a.key - b.key);
    for (const p of params) w.emit(p.text);
  }
}

function splitAlpn(v: string): string[] {
  // Value-list escaping (RFC 9460 Appendix A.1): "\," is a literal comma inside one ID.
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '\\' && i + 1 < v.length) {
      cur += v[++i];
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * NAPTR regexp (RFC 3402 §3.2): empty, or delim ERE delim replacement delim flags. As BIND reads
 * it: the delimiters are found without regard to brackets, the ERE must be one BIND's validator
 * takes (ereGroups), the replacement may refer only to groups the ERE has (\1…\9, never \0), and
 * the flags are any number of `i`.
 */
function naptrRegexp(w: Walker): void {
  const t = w.next('the regular expression');
  const v = w.strOf(t);
  if (v.length === 0) return;
  const delim = v[0];
  const bad = (why: string) => w.fail(t, `the NAPTR regular expression ${quoteCharString(v)} is malformed: ${why} (expected !regex!replacement! with the same delimiter three times)`);
  if (delim === '\\' || (delim >= '0' && delim <= '9') || delim === 'i' || delim === '\0') return bad(`'${show(delim)}' cannot be the delimiter`);
  let part = 0; // 0: the ERE, 1: the replacement, 2: the flags
  let re = '';
  let groups = 0;
  for (let i = 1; i < v.length; i++) {
    const c = v[i];
    if (c === '\0') return bad('it holds a NUL byte');
    if (c === delim) {
      if (part === 2) return bad('it has more than three delimiters');
      if (part === 0) {
        const g = ereGroups(re);
        if (typeof g === 'string') return bad(`the regular expression ${g}`);
        groups = g;
      }
      part++;
      continue;
    }
    if (part === 2) {
      if (c !== 'i') return bad(`unknown flag '${show(c)}' (only i)`);
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= v.length) return bad('it ends with a lone backslash');
      const d = v[++i];
      if (part === 1 && d >= '0' && d <= '9' && (d === '0' || Number(d) > groups))
        return bad(d === '0' ? 'the replacement refers to \\0 (only \\1 to \\9)' : `the replacement refers to group ${d}, but the regular expression has ${groups}`);
      if (part === 0) re += c + d;
      continue;
    }
    if (part === 0) re += c;
  }
  if (part < 2) bad('it does not have three delimiters');
}

const ERE_CLASSES = new Set(['alnum', 'digit', 'punct', 'alpha', 'graph', 'space', 'blank', 'lower', 'upper', 'cntrl', 'print', 'xdigit']);

/**
 * The number of groups of a POSIX extended regular expression, or what is wrong with it, checked
 * as strictly as BIND checks a NAPTR's: not empty; every `(` closed (a stray `)` is a literal);
 * `*`, `+`, `?` and `{m,n}` (bounds up to 255, m ≤ n) each after something to repeat and never
 * two in a row; no `|` or `)` after nothing; back references only to groups already opened;
 * brackets closed, with known `[:classes:]`, non-empty `[. .]`/`[= =]` and ranges in order.
 */
function ereGroups(re: string): number | string {
  if (re === '') return 'is empty';
  let atom = false; // something a repetition can apply to
  let repeated = false; // the last item was a repetition (or an anchor)
  let emptyOk = false; // right after '(': ')' may close an empty group
  let open = 0;
  let groups = 0;
  let i = 0;
  while (i < re.length) {
    const c = re[i];
    if (c === '\\') {
      const d = re[i + 1];
      if (d === undefined) return 'ends with a lone backslash';
      if (d >= '1' && d <= '9' && Number(d) > groups) return `refers to group ${d} before there is one`;
      atom = true;
      repeated = false;
      i += 2;
    } else if (c === '[') {
      const end = bracketEnd(re, i + 1);
      if (typeof end === 'string') return end;
      atom = true;
      i = end;
    } else if (c === '{' && re[i + 1] >= '0' && re[i + 1] <= '9') {
      if (!atom) return `has a bound {…} with nothing to repeat`;
      if (repeated) return 'has two repetitions in a row';
      const m = /^\{([0-9]*)(,([0-9]*))?\}/.exec(re.slice(i));
      if (!m) return i + 1 < re.length && re.indexOf('}', i) < 0 ? 'has an unclosed bound {…}' : 'has a malformed bound {…} (digits and one comma)';
      const lo = Number(m[1]);
      const hi = m[3] ? Number(m[3]) : undefined;
      if (lo > 255 || (hi !== undefined && hi > 255)) return 'has a bound over 255';
      if (hi !== undefined && lo > hi) return `has the bound {${m[1]},${m[3]}}, whose minimum is over its maximum`;
      repeated = true;
      i += m[0].length;
    } else if (c === '(') {
      atom = false;
      repeated = false;
      emptyOk = true;
      open++;
      groups++;
      i++;
    } else if (c === ')') {
      if (open > 0 && !atom && !emptyOk) return 'has an empty alternative before )';
      if (open > 0) open--;
      atom = true;
      repeated = false;
      i++;
    } else if (c === '|') {
      if (!atom) return 'has | with nothing before it';
      atom = false;
      emptyOk = false;
      repeated = false;
      i++;
    } else if (c === '^' || c === '$') {
      atom = true;
      repeated = true;
      i++;
    } else if (c === '*' || c === '+' || c === '?') {
      if (repeated) return 'has two repetitions in a row';
      if (!atom) return `has '${c}' with nothing to repeat`;
      repeated = true;
      i++;
    } else {
      atom = true;
      repeated = false;
      i++;
    }
  }
  if (open > 0) return 'has a ( that is not closed';
  if (!atom) return 'ends with nothing to match';
  return groups;
}

/** The index after the `]` closing a bracket expression whose body starts at `i`, or what is wrong. */
function bracketEnd(re: string, i: number): number | string {
  if (re[i] === '^') i++;
  let first = true;
  let prev = -1; // the last single character (a range's start), -1 after a class or a range
  let dash = false; // a '-' after a character: the next one ends a range
  for (; i < re.length; i++) {
    const c = re[i];
    if (c === ']' && !first) return i + 1;
    if (c === '[' && (re[i + 1] === ':' || re[i + 1] === '.' || re[i + 1] === '=')) {
      const k = re[i + 1];
      const close = re.indexOf(k + ']', i + 2);
      if (close < 0) return 'has an unclosed bracket expression';
      const body = re.slice(i + 2, close);
      if (k === ':' && !ERE_CLASSES.has(body)) return `has the unknown class [:${body}:]`;
      if (k !== ':' && body === '') return `has an empty [${k}${k}]`;
      if (dash && k !== '.') return `has a range ending in [${k}…${k}]`;
      prev = k === '.' && body.length === 1 ? body.charCodeAt(0) : -1;
      dash = false;
      first = false;
      i = close + 1;
      continue;
    }
    if (c === '-' && !first && prev >= 0 && !dash && re[i + 1] !== ']') {
      dash = true;
      continue;
    }
    const code = c.charCodeAt(0);
    if (dash) {
      if (code < prev) return `has the range ${String.fromCharCode(prev)}-${c} out of order`;
      dash = false;
      prev = -1;
    } else prev = code;
    first = false;
  }
  return 'has an unclosed bracket expression';
}
