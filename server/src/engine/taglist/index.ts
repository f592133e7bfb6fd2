// The tag-list parser shared by DMARC, DKIM, MTA-STS, TLS-RPT and BIMI (RFC 6376 §3.2 style):
//   tag-list  = tag-spec *( ";" tag-spec ) [ ";" ]
//   tag-spec  = [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
//   tag-name  = ALPHA *( ALPHA / DIGIT / "_" )
// A TXT record's character-strings are joined with nothing between them (RFC 7208 §3.3, RFC 6376
// §3.6.2.2), and every tag name and value keeps a map back to the source through
// CharString.sourceOffset, so ranges work across string boundaries and in both file formats.
import type { CharString, DnsRecord, Span } from '../model';
import type { LintContext } from '../rule';

export interface Tag {
  /** Tag name as written (case kept); compare with `key`. */
  name: string;
  /** Lower-cased name. */
  key: string;
  /** Value with surrounding whitespace removed. */
  value: string;
  /** Byte offsets in the joined text. */
  nameAt: number;
  valueAt: number;
  /** End (exclusive) of the whole tag-spec in the joined text (before the `;`). */
  endAt: number;
  /** Source spans (offsets in rec.file.text). */
  nameSpan: Span;
  valueSpan: Span;
  /** From the tag name's start to the value's end. */
  span: Span;
  /** Index of this tag in the list. */
  index: number;
}

export interface TagListProblem {
  message: string;
  /** Byte offsets in the joined text. */
  at: number;
  endAt: number;
  span: Span;
}

export interface TagList {
  /** The joined text of the record (binary string, one char per byte). */
  text: string;
  tags: Tag[];
  problems: TagListProblem[];
  /** Span of the whole record's strings in the source. */
  span: Span;
  /** Map a byte offset (0..text.length) of the joined text to a source offset. */
  toSource(i: number, isEnd?: boolean): number;
  /** The first tag with this (lower-case) name. */
  get(key: string): Tag | undefined;
  /** Every tag with this (lower-case) name. */
  all(key: string): Tag[];
  /** True when [a, b) of the joined text lies inside one character-string (a plain edit inside it is safe). */
  inOneString(a: number, b: number): boolean;
  /** The character-string holding byte offset i. */
  stringAt(i: number): CharString | undefined;
}

const isWs = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number) => isAlpha(c) || (c >= 48 && c <= 57) || c === 95;

/** Join the strings of a TXT record and build the byte → source map. */
function joined(strings: readonly CharString[]): {
  text: string;
  bases: number[];
} {
  const bases: number[] = [];
  let text = '';
  let n = 0;
  for (const s of strings) {
    bases.push(n);
    text += s.value;
    n += s.value.length;
  }
  return { text, bases };
}

/** Parse a list of character-strings (or a plain string, for tests and completion) as a tag list. */
export function parseTagListStrings(strings: readonly CharString[], fallback?: Span): TagList {
  const { text, bases } = joined(strings);
  const findString = (i: number, isEnd: boolean): number => {
    // Index k of the string holding byte i; for an end offset, the string holding byte i-1.
    const j = isEnd && i > 0 ? i - 1 : i;
    let lo = 0;
    let hi = bases.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bases[mid] <= j) lo = mid;
      else hi = mid - 1;
    }
    // Skip empty strings at the same base.
    if (!isEnd) while (lo + 1 < bases.length && bases[lo + 1] === bases[lo] && strings[lo].value.length === 0) lo++;
    return lo;
  };
  const toSource = (i: number, isEnd = false): number => {
    if (strings.length === 0) return fallback ? fallback.start : 0;
    if (i < 0) i = 0;
    if (i > text.length) i = text.length;
    const k = findString(i, isEnd);
    const s = strings[k];
    const local = Math.min(Math.max(0, i - bases[k]), s.value.length);
    return s.sourceOffset(local);
  };
  const span = (a: number, b: number): Span => {
    const start = toSource(a, false);
    const end = b > a ? toSource(b, true) : start;
    return { start, end: Math.max(start, end) };
  };

  const tags: Tag[] = [];
  const problems: TagListProblem[] = [];
  const problem = (message: string, at: number, endAt: number) =>
    problems.push({ message, at, endAt, span: span(at, Math.max(at, endAt)) });

  const len = text.length;
  let i = 0;
  while (i <= len) {
    // One tag-spec: from i to the next ';' (or the end).
    let semi = text.indexOf(';', i);
    if (semi < 0) semi = len;
    let a = i;
    while (a < semi && isWs(text.charCodeAt(a))) a++;
    let z = semi;
    while (z > a && isWs(text.charCodeAt(z - 1))) z--;
    if (a === z) {
      // Empty spec: allowed after a trailing ';' and tolerated between two (receivers accept `;;`).
      if (semi >= len) break;
      i = semi + 1;
      continue;
    }
    const eq = text.indexOf('=', a);
    if (eq < 0 || eq >= z) {
      problem(`"${printable(text.slice(a, z))}" is not a tag: a tag is written name=value`, a, z);
    } else {
      let ne = eq;
      while (ne > a && isWs(text.charCodeAt(ne - 1))) ne--;
      const name = text.slice(a, ne);
      let va = eq + 1;
      while (va < z && isWs(text.charCodeAt(va))) va++;
      const value = text.slice(va, z);
      let ok = name.length > 0 && isAlpha(name.charCodeAt(0));
      for (let k = 1; ok && k < name.length; k++) if (!isNameChar(name.charCodeAt(k))) ok = false;
      if (!ok) {
        problem(
          name.length === 0
            ? 'a tag has no name before "="'
            : `"${printable(name)}" is not a valid tag name (letters, digits and "_", starting with a letter)`,
          a,
          Math.max(ne, a + 1),
        );
      } else {
        const nameSpan = span(a, ne);
        const valueSpan = span(va, z);
        tags.push({
          name,
          key: name.toLowerCase(),
          value,
          nameAt: a,
          valueAt: va,
          endAt: z,
          nameSpan,
          valueSpan,
          span: { start: nameSpan.start, end: Math.max(nameSpan.end, valueSpan.end) },
          index: tags.length,
        });
      }
    }
    if (semi >= len) break;
    i = semi + 1;
  }

  const first = strings[0];
  const last = strings[strings.length - 1];
  const whole: Span = first ? { start: first.start, end: last.end } : fallback ?? { start: 0, end: 0 };
  return {
    text,
    tags,
    problems,
    span: whole,
    toSource,
    get: (key) => tags.find((t) => t.key === key),
    all: (key) => tags.filter((t) => t.key === key),
    inOneString(a, b) {
      if (strings.length === 0) return false;
      return findString(a, false) === findString(Math.max(a, b), true) || b <= a;
    },
    stringAt(i) {
      return strings.length ? strings[findString(i, false)] : undefined;
    },
  };
}

/** The tag list of a TXT record, parsed once per lint run. */
export function tagList(rec: DnsRecord, ctx?: Pick<LintContext, 'memo'>): TagList {
  return ctx ? ctx.memo('taglist', rec, readTagList) : readTagList(rec);
}

function readTagList(rec: DnsRecord): TagList {
  return parseTagListStrings(rec.strings ?? [], rec.typeTok ? { start: rec.typeTok.end, end: rec.end } : rec);
}

/** The joined text of a TXT record (no separator between strings). */
export function joinedText(rec: DnsRecord): string {
  const s = rec.strings;
  if (!s || s.length === 0) return '';
  if (s.length === 1) return s[0].value;
  let t = '';
  for (const x of s) t += x.value;
  return t;
}

/** Show a binary string in a message: control bytes escaped, long text cut. */
export function printable(s: string, max = 60): string {
  let out = s.length > max ? s.slice(0, max) + '…' : s;
  out = out.replace(/[\x00-\x1f\x7f-\xff]/g, (c) => `\\${c.charCodeAt(0).toString().padStart(3, '0')}`);
  return out;
}

/** A CharString over a plain source text (for tests and for parsing text typed in the editor). */
export function plainCharString(value: string, start = 0): CharString {
  return {
    value,
    quoted: false,
    start,
    end: start + value.length,
    sourceOffset: (i: number) => start + Math.max(0, Math.min(i, value.length)),
  };
}

/**
 * The entries of a comma-separated tag value (`rua=mailto:a@x, mailto:b@y`): each [a, z) trimmed of
 * white space, with `comma` true when a comma follows it (so an empty last entry can be told apart).
 */
export function commaEntries(v: string): { a: number; z: number; comma: boolean }[] {
  const out: { a: number; z: number; comma: boolean }[] = [];
  for (let i = 0; ; ) {
    let c = v.indexOf(',', i);
    if (c < 0) c = v.length;
    let a = i;
    let z = c;
    while (a < z && /\s/.test(v[a])) a++;
    while (z > a && /\s/.test(v[z - 1])) z--;
    out.push({ a, z, comma: c < v.length });
    if (c >= v.length) return out;
    i = c + 1;
  }
}
