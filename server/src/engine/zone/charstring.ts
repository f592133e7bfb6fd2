// <character-string> decoding (RFC 1035 §5.1) with a lazy map back to the source.
import type { CharString } from '../model';

/**
 * A decoded character-string. `raw` is the token text as written (with quotes when quoted);
 * `base` the source offset of raw[0]. The offset map is only built when sourceOffset() is asked
 * about a string that had escapes or non-ASCII text; plain strings map by arithmetic.
 */
export class ZoneCharString implements CharString {
  declare value: string;
  declare start: number;
  declare end: number;
  /** The raw text (only when not simple), replaced by the offset map once one is asked for. */
  declare private aux: string | Int32Array | undefined;
  /** 1: quoted, 2: simple (raw between quotes is the value byte for byte: no escapes, ASCII only). */
  declare private bits: number;

  private constructor() {}

  /** Made as a prototype literal, like ZoneRecord.make (V8 pretenures what all survives). */
  static make(value: string, quoted: boolean, start: number, end: number, raw: string, simple: boolean): ZoneCharString {
    const bits = (quoted ? 1 : 0) | (simple ? 2 : 0);
    return { __proto__: CS_PROTO, value, start, end, aux: simple ? undefined : raw, bits } as unknown as ZoneCharString;
  }

  get quoted(): boolean {
    return (this.bits & 1) !== 0;
  }

  sourceOffset(i: number): number {
    const q = this.bits & 1;
    if (i < 0) i = 0;
    if (i > this.value.length) i = this.value.length;
    if (this.bits & 2) return this.clamp(this.start + q + i);
    let m = this.aux;
    if (typeof m !== 'object') m = this.aux = buildMap(m ?? '', q, this.value.length);
    return this.clamp(this.start + m[i]);
  }

  private clamp(o: number): number {
    // Generated ($GENERATE) strings have a raw text longer or shorter than their source span.
    const max = this.end - (this.bits & 1);
    return o > max ? Math.max(this.start, max) : o;
  }

  /** For JSON.stringify: the CharString fields. */
  toJSON(): { value: string; quoted: boolean; start: number; end: number } {
    return { value: this.value, quoted: this.quoted, start: this.start, end: this.end };
  }
}

const CS_PROTO = ZoneCharString.prototype;

/** Offsets (relative to raw[0]) of each decoded byte, plus the end offset at index len. */
function buildMap(raw: string, q: number, len: number): Int32Array {
  const m = new Int32Array(len + 1);
  const stop = raw.length - (q && raw.length > 1 && raw.charCodeAt(raw.length - 1) === 34 ? 1 : 0);
  let j = 0;
  let i = q;
  while (i < stop && j < len) {
    const c = raw.charCodeAt(i);
    if (c === 92 && i + 1 < stop) {
      const d1 = raw.charCodeAt(i + 1);
      if (isDigit(d1) && i + 3 < stop && isDigit(raw.charCodeAt(i + 2)) && isDigit(raw.charCodeAt(i + 3))) {
        m[j++] = i;
        i += 4;
      } else {
        const n = utf8Len(raw, i + 1);
        for (let k = 0; k < n.bytes && j < len; k++) m[j++] = i;
        i += 1 + n.units;
      }
    } else {
      const n = utf8Len(raw, i);
      for (let k = 0; k < n.bytes && j < len; k++) m[j++] = i;
      i += n.units;
    }
  }
  while (j <= len) m[j++] = i;
  return m;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const ONE = { bytes: 1, units: 1 };
const TWO = { bytes: 2, units: 1 };
const THREE = { bytes: 3, units: 1 };
const FOUR = { bytes: 4, units: 2 };
function utf8Len(s: string, i: number): { bytes: number; units: number } {
  const c = s.charCodeAt(i);
  if (c < 0x80) return ONE;
  if (c < 0x800) return TWO;
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return FOUR;
  }
  return THREE;
}

/** Result of decoding: the byte string, or an error message with the offset (in raw) of the bad part. */
export interface Decoded {
  value: string;
  simple: boolean;
  error?: string;
  errAt?: number;
  errEnd?: number;
}

const decodedScratch: Decoded = { value: '', simple: true };

/**
 * Decodes a character-string token (quoted or not) into a binary string. Escapes: \DDD (decimal
 * byte, at most 255) and \X (X literally). Non-ASCII characters are UTF-8 encoded. The result
 * object is reused between calls: copy what you need.
 */
export function decodeCharString(raw: string): Decoded {
  const r = decodedScratch;
  r.error = undefined;
  const n = raw.length;
  let from = 0;
  let to = n;
  if (n > 0 && raw.charCodeAt(0) === 34) {
    from = 1;
    if (n > 1 && raw.charCodeAt(n - 1) === 34) to = n - 1;
  }
  // Fast path: no backslash and ASCII only.
  let i = from;
  for (; i < to; i++) {
    const c = raw.charCodeAt(i);
    if (c === 92 || c >= 0x80) break;
  }
  if (i === to) {
    r.value = from === 0 && to === n ? raw : raw.slice(from, to);
    r.simple = true;
    return r;
  }
  let out = raw.slice(from, i);
  while (i < to) {
    const c = raw.charCodeAt(i);
    if (c === 92) {
      if (i + 1 >= to) {
        r.error = 'a backslash at the end of a string escapes nothing';
        r.errAt = i;
        r.errEnd = i + 1;
        i++;
        break;
      }
      const d1 = raw.charCodeAt(i + 1);
      if (isDigit(d1)) {
        if (i + 3 < to && isDigit(raw.charCodeAt(i + 2)) && isDigit(raw.charCodeAt(i + 3))) {
          const v = (d1 - 48) * 100 + (raw.charCodeAt(i + 2) - 48) * 10 + (raw.charCodeAt(i + 3) - 48);
          if (v > 255 && !r.error) {
            r.error = `the escape \\${raw.slice(i + 1, i + 4)} is over 255: a \\DDD escape is one byte in decimal`;
            r.errAt = i;
            r.errEnd = i + 4;
          }
          out += String.fromCharCode(v & 255);
          i += 4;
          continue;
        }
        if (!r.error) {
          r.error = 'a \\DDD escape needs exactly three decimal digits';
          r.errAt = i;
          r.errEnd = Math.min(to, i + 4);
        }
        out += String.fromCharCode(d1);
        i += 2;
        continue;
      }
      i++;
      const cp = raw.codePointAt(i)!;
      out += cp < 0x80 ? String.fromCharCode(cp) : utf8(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
    } else {
      const cp = raw.codePointAt(i)!;
      out += utf8(cp);
      i += cp > 0xffff ? 2 : 1;
    }
  }
  r.value = out;
  r.simple = false;
  return r;
}

function utf8(cp: number): string {
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

/** BIND's quoted presentation of a byte string (txt_totext with quotes). */
export function quoteCharString(v: string): string {
  let simple = true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 34 || c === 92) {
      simple = false;
      break;
    }
  }
  if (simple) return '"' + v + '"';
  let out = '"';
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) out += '\\' + (c < 10 ? '00' : c < 100 ? '0' : '') + c;
    else if (c === 34 || c === 92) out += '\\' + v[i];
    else out += v[i];
  }
  return out + '"';
}

/** A token as quoted in a message: long ones are cut, so a 50 MB junk line gives a short message. */
export function show(text: string): string {
  return text.length <= 64 ? text : text.slice(0, 60) + '…';
}
