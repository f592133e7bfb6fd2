// octoDNS TXT/SPF values → the bytes published, with a map back to the YAML source.
//
// What octoDNS does with a TXT value (octodns/record/chunked.py):
//   1. A value that starts with `"` is taken as pre-chunked: the first and last characters are
//      dropped and every `" "` between chunks is removed (`"abc" "def"` → `abcdef`).
//   2. The value is kept in presentation form: `;` must be written `\;` (a `\w;` is rejected as an
//      "unescaped ;"), and on publishing the value is quoted and split into 255-byte chunks
//      (`"…" "…"`) that resolvers join again with nothing in between.
// So the published bytes are the value with presentation escapes resolved (`\;` → `;`, `\\` → `\`,
// `\DDD` → that byte) and literal non-ASCII text UTF-8 encoded.
//
// Representation in the record model: ONE CharString per octoDNS value, holding the whole joined
// value whatever its length. octoDNS's 255-byte chunking is mechanical and lossless for every
// consumer that joins the strings (SPF RFC 7208 §3.3, DKIM RFC 6376 §3.6.2.2, DMARC), so the email
// rules see exactly what a verifier reassembles, and zone/string-too-long (a zone-file concern) does
// not apply to octoDNS records. CharString.sourceOffset(i) maps byte i through octoDNS's escapes and
// the YAML scalar's own escapes to the source character that produced it.
import type { CharString } from '../model';
import type { DecodedScalar } from './scalar';

export interface OctoTxt {
  str: CharString;
  /** The octoDNS-level value (after YAML decoding, before presentation escapes). */
  raw: string;
  /** Map of raw[i] → source offset (length raw.length + 1). */
  rawOffs: number[];
  /** Indexes into raw of `;` that are not escaped by a backslash. */
  bareSemicolons: number[];
  /** True when octoDNS itself rejects the value for an unescaped `;` (regex `\w;`). */
  octodnsUnescaped: boolean;
  /** octoDNS rejects `\\;` ("double escaped ;"). */
  doubleEscaped: boolean;
  /** octoDNS rejects non-ASCII characters in TXT values. */
  nonAscii: boolean;
}

/** Builds the CharString for one octoDNS TXT/SPF value. `span` is the scalar's whole source range. */
export function octoTxt(d: DecodedScalar, spanStart: number, spanEnd: number, quoted: boolean): OctoTxt {
  // Step 1: pre-chunked values.
  let raw = d.value;
  let rawOffs = d.offs;
  if (raw.length > 0 && raw.charCodeAt(0) === 34) {
    const keepChars: string[] = [];
    const keepOffs: number[] = [];
    const inner = raw.slice(1, -1);
    for (let i = 0; i < inner.length; ) {
      if (inner.startsWith('" "', i)) {
        i += 3;
        continue;
      }
      keepChars.push(inner[i]);
      keepOffs.push(rawOffs[i + 1]);
      i++;
    }
    keepOffs.push(raw.length >= 2 ? rawOffs[raw.length - 1] : rawOffs[raw.length]);
    raw = keepChars.join('');
    rawOffs = keepOffs;
  }

  // Step 2: presentation escapes, then UTF-8.
  let value = '';
  const offs: number[] = [];
  const bare: number[] = [];
  let nonAscii = false;
  const n = raw.length;
  let fast = true;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c === 92 || c > 126 || c === 59) {
      fast = false;
      break;
    }
  }
  if (fast) {
    value = raw;
    for (let i = 0; i < n; i++) offs.push(rawOffs[i]);
  } else {
    const parts: string[] = [];
    for (let i = 0; i < n; ) {
      const c = raw.charCodeAt(i);
      if (c === 92 && i + 1 < n) {
        const at = rawOffs[i];
        if (/^[0-9]{3}$/.test(raw.slice(i + 1, i + 4))) {
          parts.push(String.fromCharCode(Number(raw.slice(i + 1, i + 4)) & 255));
          offs.push(at);
          i += 4;
          continue;
        }
        const next = raw.codePointAt(i + 1)!;
        const ch = String.fromCodePoint(next);
        i += 1 + ch.length;
        pushUtf8(ch, at, parts, offs);
        if (next > 126) nonAscii = true;
        continue;
      }
      if (c === 59) bare.push(i);
      const cp = raw.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (cp > 126) nonAscii = true;
      pushUtf8(ch, rawOffs[i], parts, offs);
      i += ch.length;
    }
    value = parts.join('');
  }
  offs.push(rawOffs[n]);

  const str: CharString = {
    start: spanStart,
    end: spanEnd,
    value,
    quoted,
    sourceOffset(i: number): number {
      if (i <= 0) return offs[0];
      if (i >= offs.length) return offs[offs.length - 1];
      return offs[i];
    },
  };
  return {
    str,
    raw,
    rawOffs,
    bareSemicolons: bare,
    octodnsUnescaped: /[\p{L}\p{N}_];/u.test(raw),
    doubleEscaped: /\\\\;/.test(raw),
    nonAscii,
  };
}

function pushUtf8(ch: string, at: number, parts: string[], offs: number[]): void {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) {
    parts.push(ch);
    offs.push(at);
    return;
  }
  const bytes: number[] =
    cp < 0x800
      ? [0xc0 | (cp >> 6), 0x80 | (cp & 63)]
      : cp < 0x10000
        ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]
        : [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  for (const b of bytes) {
    parts.push(String.fromCharCode(b));
    offs.push(at);
  }
}
