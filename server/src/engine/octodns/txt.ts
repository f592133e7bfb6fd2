// octoDNS TXT/SPF values → the bytes published, with a map back to the YAML source.
//
// What octoDNS does with a TXT value (octodns/record/chunked.py, _ChunkedValue.process):
//   1. A value that starts with `"` is taken as pre-chunked: the first and last characters are
//      dropped. Then every `" "` is removed, whether the value started with `"` or not
//      (`"abc" "def"` → `abcdef`, `abc" "def` → `abcdef`).
//   2. The value is kept in presentation form: `;` must be written `\;` (a `\w;` is rejected as an
//      "unescaped ;"), and on publishing the value is quoted and split into 255-byte chunks
//      (`"…" "…"`) that resolvers join again with nothing in between.
// So the published bytes are the value with presentation escapes resolved (`\;` → `;`, `\\` → `\`,
// `\DDD` → that byte) and literal non-ASCII text UTF-8 encoded.
//
// Representation in the record model: one CharString per octoDNS value, holding the whole joined
// value whatever its length — or, when the value had `" "` seams, one per piece between them, so
// the rules see where octoDNS glued pieces together (spf/split-mangled at the seam, as for the
// strings of a BIND record; the join is the same). octoDNS's 255-byte chunking is mechanical and lossless for every
// consumer that joins the strings (SPF RFC 7208 §3.3, DKIM RFC 6376 §3.6.2.2, DMARC), so the email
// rules see exactly what a verifier reassembles, and zone/string-too-long (a zone-file concern) does
// not apply to octoDNS records. CharString.sourceOffset(i) maps byte i through octoDNS's escapes and
// the YAML scalar's own escapes to the source character that produced it.
import type { CharString } from '../model';
import type { DecodedScalar } from './scalar';

export interface OctoTxt {
  /** The whole value. */
  str: CharString;
  /** The value's pieces between `" "` seams (just `str` when there are none). */
  strs: CharString[];
  /** The octoDNS-level value (after YAML decoding, before presentation escapes). */
  raw: string;
  /** Source offset of raw[i] (0 <= i <= raw.length). */
  rawOffset(i: number): number;
  /** Indexes into raw of `;` that are not escaped by a backslash. */
  bareSemicolons: number[];
  /** True when octoDNS itself rejects the value for an unescaped `;` (regex `\w;`). */
  octodnsUnescaped: boolean;
  /**
   * octoDNS's `\w;` check matches the value as written (before its outer quotes are dropped), with
   * or without a bare `;` in what it publishes (`"abc;` publishes `abc`: the `;` went with the quote).
   */
  unescapedInSource: boolean;
  /** octoDNS rejects `\\;` ("double escaped ;"). */
  doubleEscaped: boolean;
  /** octoDNS rejects non-ASCII characters in TXT values. */
  nonAscii: boolean;
}

/**
 * Builds the CharString for one octoDNS TXT/SPF value. `decode` gives the YAML-decoded scalar with
 * its map (called lazily when the value is a one-line plain scalar equal to its source, the common
 * case: `value` is then the source text from `plainStart`).
 */
export function octoTxt(
  decode: () => DecodedScalar,
  fastPlain: { value: string; start: number } | undefined,
  spanStart: number,
  spanEnd: number,
  quoted: boolean,
): OctoTxt {
  let raw: string;
  let rawOffset: (i: number) => number;
  /** Raw indexes where a `" "` was removed (the piece after it starts there). */
  let seams: number[] | undefined;
  /** The value as octoDNS validates it: before process() drops outer quotes and `" "` seams. */
  let orig: string;
  if (fastPlain && fastPlain.value.charCodeAt(0) !== 34 && fastPlain.value.indexOf('" "') < 0) {
    raw = orig = fastPlain.value;
    const st = fastPlain.start;
    rawOffset = (i) => st + Math.max(0, Math.min(i, raw.length));
  } else {
    const d = decode();
    raw = orig = d.value;
    let offs = d.offs;
    // Step 1: pre-chunked values lose their outer quotes (Python's v[1:-1]); every `" "` goes.
    const pre = raw.length > 0 && raw.charCodeAt(0) === 34;
    if (pre || raw.indexOf('" "') >= 0) {
      const keepChars: string[] = [];
      const keepOffs: number[] = [];
      const from = pre ? 1 : 0;
      const inner = pre ? raw.slice(1, -1) : raw;
      for (let i = 0; i < inner.length; ) {
        if (inner.charCodeAt(i) === 34 && inner.startsWith('" "', i)) {
          (seams ??= []).push(keepChars.length);
          i += 3;
          continue;
        }
        keepChars.push(inner[i]);
        keepOffs.push(offs[i + from]);
        i++;
      }
      keepOffs.push(pre ? (raw.length >= 2 ? offs[raw.length - 1] : offs[raw.length]) : offs[raw.length]);
      raw = keepChars.join('');
      offs = keepOffs;
    }
    const o = offs;
    rawOffset = (i) => o[Math.max(0, Math.min(i, o.length - 1))];
  }

  // Step 2: presentation escapes, then UTF-8. Bytes map to raw indexes one to one except at the
  // escapes and non-ASCII characters, which decodePresentation lists (few per value).
  // No backslash, `;` or character above `~`: the bytes are the text.
  const simple = !NOT_SIMPLE.test(raw);
  let value: string;
  let bare: number[] = [];
  let nonAscii = false;
  let ev: number[] | undefined;
  if (simple) value = raw;
  else {
    const d = decodePresentation(raw);
    value = d.value;
    bare = d.bare;
    nonAscii = d.nonAscii;
    if (d.events.length) ev = d.events;
  }
  const sourceOffset = (i: number): number => {
    if (i < 0) i = 0;
    if (i > value.length) i = value.length;
    return rawOffset(ev ? rawIndexOf(ev, i) : i);
  };
  const str: CharString = { start: spanStart, end: spanEnd, value, quoted, sourceOffset };
  let strs = [str];
  if (seams) {
    // Byte positions of the seams (a seam inside an escape, `\" "059`, goes after it).
    const at: number[] = [];
    let b = 0;
    for (const r of seams) {
      while (b < value.length && (ev ? rawIndexOf(ev, b) : b) < r) b++;
      if (b > 0 && b < value.length && b !== at[at.length - 1]) at.push(b);
    }
    if (at.length) {
      strs = [];
      const cuts = [0, ...at, value.length];
      for (let k = 0; k + 1 < cuts.length; k++) {
        const a = cuts[k];
        const z = cuts[k + 1];
        strs.push({
          start: k === 0 ? spanStart : sourceOffset(a),
          end: k === cuts.length - 2 ? spanEnd : sourceOffset(z - 1) + 1,
          value: value.slice(a, z),
          quoted,
          sourceOffset: (i) => sourceOffset(a + Math.max(0, Math.min(i, z - a))),
        });
      }
    }
  }
  return {
    str,
    strs,
    raw,
    rawOffset,
    bareSemicolons: bare,
    // octoDNS validates the value as written (ChunkedValueValidator runs before process()).
    octodnsUnescaped: bare.length > 0 && /[\p{L}\p{N}_];/u.test(orig),
    unescapedInSource: orig.indexOf(';') >= 0 && /[\p{L}\p{N}_];/u.test(orig),
    doubleEscaped: !simple && /\\\\;/.test(orig),
    // (As written, too: a non-ASCII last character goes with the quotes of a pre-chunked value.)
    nonAscii: nonAscii || (orig !== raw && /[^\x00-\x7f]/.test(orig)),
  };
}

const NOT_SIMPLE = /[;\\\u007f-\uffff]/;
const SPECIAL = /[;\\\u0080-\uffff]/g;

/**
 * Resolves presentation escapes (`\\X` → X, `\\DDD` → that byte) and UTF-8 encodes the rest.
 * Runs of plain ASCII are copied as slices. events lists each escape or non-ASCII character as
 * four numbers: its first byte, its byte count, its raw index and its raw length; between them
 * bytes and raw characters correspond one to one.
 */
function decodePresentation(raw: string): { value: string; bare: number[]; nonAscii: boolean; events: number[] } {
  const n = raw.length;
  const parts: string[] = [];
  const bare: number[] = [];
  const events: number[] = [];
  let nonAscii = false;
  let bytes = 0; // bytes written so far
  let run = 0; // start of the current run of plain ASCII
  const flush = (end: number) => {
    if (end > run) {
      parts.push(raw.slice(run, end));
      bytes += end - run;
    }
  };
  for (let i = 0; i < n; ) {
    // Plain ASCII up to the next `;`, backslash or non-ASCII character.
    SPECIAL.lastIndex = i;
    if (!SPECIAL.test(raw)) break;
    i = SPECIAL.lastIndex - 1;
    const c = raw.charCodeAt(i);
    if (c === 59) bare.push(i);
    if (c < 128 && !(c === 92 && i + 1 < n)) {
      i++;
      continue;
    }
    flush(i);
    const before = parts.length;
    let rawLen: number;
    if (c === 92) {
      const d1 = raw.charCodeAt(i + 1);
      if (d1 >= 48 && d1 <= 57 && /^[0-9]{3}$/.test(raw.slice(i + 1, i + 4))) {
        parts.push(String.fromCharCode(Number(raw.slice(i + 1, i + 4)) & 255));
        rawLen = 4;
      } else {
        const next = raw.codePointAt(i + 1)!;
        const ch = String.fromCodePoint(next);
        pushUtf8(ch, parts);
        if (next > 126) nonAscii = true;
        rawLen = 1 + ch.length;
      }
    } else {
      const ch = String.fromCodePoint(raw.codePointAt(i)!);
      nonAscii = true;
      pushUtf8(ch, parts);
      rawLen = ch.length;
    }
    const made = parts.length - before; // one part per byte
    events.push(bytes, made, i, rawLen);
    bytes += made;
    i += rawLen;
    run = i;
  }
  flush(n);
  return { value: parts.join(''), bare, nonAscii, events };
}

/** The raw index of byte b (0 <= b <= bytes), from decodePresentation's events. */
function rawIndexOf(ev: number[], b: number): number {
  // The last event starting at or before b.
  let lo = 0;
  let hi = ev.length / 4 - 1;
  if (hi < 0 || ev[0] > b) return b;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ev[mid * 4] <= b) lo = mid;
    else hi = mid - 1;
  }
  const k = lo * 4;
  const byteStart = ev[k];
  const byteLen = ev[k + 1];
  const rawStart = ev[k + 2];
  const rawLen = ev[k + 3];
  return b < byteStart + byteLen ? rawStart : rawStart + rawLen + (b - byteStart - byteLen);
}

function pushUtf8(ch: string, parts: string[]): void {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) {
    parts.push(ch);
    return;
  }
  if (cp < 0x800) parts.push(String.fromCharCode(0xc0 | (cp >> 6)), String.fromCharCode(0x80 | (cp & 63)));
  else if (cp < 0x10000) parts.push(String.fromCharCode(0xe0 | (cp >> 12)), String.fromCharCode(0x80 | ((cp >> 6) & 63)), String.fromCharCode(0x80 | (cp & 63)));
  else parts.push(String.fromCharCode(0xf0 | (cp >> 18)), String.fromCharCode(0x80 | ((cp >> 12) & 63)), String.fromCharCode(0x80 | ((cp >> 6) & 63)), String.fromCharCode(0x80 | (cp & 63)));
}
