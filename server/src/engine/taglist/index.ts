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
  /** One value its reader derives from the tag, kept with it (DMARC's report URIs). */
  memo?: unknown;
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
  /** One value its reader derives from the whole list, kept with it (DMARC's effective policy). */
  memo?: unknown;
}

const isWs = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number) => isAlpha(c) || (c >= 48 && c <= 57) || c === 95;

/**
 * A tag: its source spans are worked out when first read (most tags of a big zone are never
 * reported, and each span maps two offsets through the strings).
 */
class TagImpl implements Tag {
  private ns: Span | undefined = undefined;
  private vs: Span | undefined = undefined;
  private ws: Span | undefined = undefined;
  memo: unknown = undefined;
  constructor(
    private readonly tl: TagListImpl,
    readonly name: string,
    readonly key: string,
    readonly value: string,
    readonly nameAt: number,
    readonly valueAt: number,
    readonly endAt: number,
    readonly index: number,
  ) {}
  get nameSpan(): Span {
    return (this.ns ??= this.tl.spanOf(this.nameAt, this.nameAt + this.name.length));
  }
  get valueSpan(): Span {
    return (this.vs ??= this.tl.spanOf(this.valueAt, this.endAt));
  }
  get span(): Span {
    if (this.ws) return this.ws;
    const n = this.nameSpan;
    return (this.ws = { start: n.start, end: Math.max(n.end, this.valueSpan.end) });
  }
}

/** A tag list: one object with its methods on the prototype (no closures per record). */
class TagListImpl implements TagList {
  readonly tags: Tag[] = [];
  readonly problems: TagListProblem[] = [];
  readonly span: Span;
  memo: unknown = undefined;
  /** Byte offset in text where each string starts. */
  private readonly bases: number[];
  constructor(
    readonly text: string,
    bases: number[],
    private readonly strings: readonly CharString[],
    private readonly fallback: Span | (() => Span) | undefined,
  ) {
    this.bases = bases;
    const first = strings[0];
    const last = strings[strings.length - 1];
    this.span = first ? { start: first.start, end: last.end } : this.fallbackSpan() ?? { start: 0, end: 0 };
  }

  private fallbackSpan(): Span | undefined {
    const f = this.fallback;
    return typeof f === 'function' ? f() : f;
  }

  /** Index k of the string holding byte i; for an end offset, the string holding byte i-1. */
  private findString(i: number, isEnd: boolean): number {
    const bases = this.bases;
    const j = isEnd && i > 0 ? i - 1 : i;
    let lo = 0;
    let hi = bases.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bases[mid] <= j) lo = mid;
      else hi = mid - 1;
    }
    // Skip empty strings at the same base.
    if (!isEnd) while (lo + 1 < bases.length && bases[lo + 1] === bases[lo] && this.strings[lo].value.length === 0) lo++;
    return lo;
  }

  toSource(i: number, isEnd = false): number {
    const strings = this.strings;
    if (strings.length === 0) return this.fallbackSpan()?.start ?? 0;
    if (i < 0) i = 0;
    if (i > this.text.length) i = this.text.length;
    const k = strings.length === 1 ? 0 : this.findString(i, isEnd);
    const s = strings[k];
    const local = Math.min(Math.max(0, i - this.bases[k]), s.value.length);
    return s.sourceOffset(local);
  }

  spanOf(a: number, b: number): Span {
    const start = this.toSource(a, false);
    const end = b > a ? this.toSource(b, true) : start;
    return { start, end: Math.max(start, end) };
  }

  get(key: string): Tag | undefined {
    const tags = this.tags;
    for (let i = 0; i < tags.length; i++) if (tags[i].key === key) return tags[i];
    return undefined;
  }

  all(key: string): Tag[] {
    return this.tags.filter((t) => t.key === key);
  }

  inOneString(a: number, b: number): boolean {
    if (this.strings.length === 0) return false;
    return this.findString(a, false) === this.findString(Math.max(a, b), true) || b <= a;
  }

  stringAt(i: number): CharString | undefined {
    return this.strings.length ? this.strings[this.findString(i, false)] : undefined;
  }
}

/**
 * Parse a list of character-strings (or a plain string, for tests and completion) as a tag list.
 * `fallback`: the span to use when there are no strings (or a function that makes it).
 */
export function parseTagListStrings(strings: readonly CharString[], fallback?: Span | (() => Span)): TagList {
  // Join the strings (nothing between them) and note where each starts.
  const bases: number[] = [];
  let text = '';
  for (const s of strings) {
    bases.push(text.length);
    text += s.value;
  }
  const tl = new TagListImpl(text, bases, strings, fallback);
  const tags = tl.tags;
  const problem = (message: string, at: number, endAt: number) =>
    tl.problems.push({ message, at, endAt, span: tl.spanOf(at, Math.max(at, endAt)) });

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
      let lower = true;
      for (let k = 0; k < name.length; k++) {
        const c = name.charCodeAt(k);
        if (k > 0 && !isNameChar(c)) ok = false;
        if (c >= 65 && c <= 90) lower = false;
      }
      if (!ok) {
        problem(
          name.length === 0
            ? 'a tag has no name before "="'
            : `"${printable(name)}" is not a valid tag name (letters, digits and "_", starting with a letter)`,
          a,
          Math.max(ne, a + 1),
        );
      } else {
        tags.push(new TagImpl(tl, name, lower ? name : name.toLowerCase(), value, a, va, z, tags.length));
      }
    }
    if (semi >= len) break;
    i = semi + 1;
  }
  return tl;
}

/** The tag list of a TXT record, parsed once per lint run. */
export function tagList(rec: DnsRecord, ctx?: Pick<LintContext, 'memo'>): TagList {
  return ctx ? ctx.memo('taglist', rec, readTagList) : readTagList(rec);
}

function readTagList(rec: DnsRecord): TagList {
  const strings = rec.strings;
  if (strings && strings.length) return parseTagListStrings(strings);
  return parseTagListStrings([], () => (rec.typeTok ? { start: rec.typeTok.end, end: rec.end } : { start: rec.start, end: rec.end }));
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
