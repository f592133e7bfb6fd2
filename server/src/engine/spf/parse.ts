// SPF parser (RFC 7208 §4.5, §4.6.1, §5, §6, §7, §12). Works on the joined value of a TXT
// record's character-strings (§3.3: joined with nothing between them) and keeps, for every
// term and every part of a term, its span in the source across string boundaries, so a term that
// a split glued or cut is shown where it is written.
import * as net from 'node:net';
import type { CharString, DnsRecord, Span } from '../model';
import type { LintContext } from '../rule';

export type SpfQualifier = '+' | '-' | '~' | '?';
export type SpfMechanism = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';
export const SPF_MECHANISMS: readonly SpfMechanism[] = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'];
/** Terms that make a DNS query and count against the limit of 10 (§4.6.4). */
export const LOOKUP_TERMS: ReadonlySet<string> = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

export type SpfProblemRule = 'spf/syntax' | 'spf/invalid-ip' | 'spf/macro-syntax';

export interface SpfProblem {
  rule: SpfProblemRule;
  message: string;
  /** Offsets in the joined value. */
  from: number;
  to: number;
}

/** A piece of a term: offsets in the joined value. */
export interface SpfPart {
  from: number;
  to: number;
  text: string;
}

export interface SpfTerm {
  /** Offsets in the joined value [from, to). */
  from: number;
  to: number;
  /** The term as written (joined bytes). */
  text: string;
  /** Position among the record's terms (the version is not a term). */
  index: number;
  kind: 'mechanism' | 'modifier' | 'unknown';
  /** Lower-case mechanism or modifier name ('' when none could be read). */
  name: string;
  namePart: SpfPart;
  /** Explicit qualifier, when written. */
  qualifier?: SpfQualifier;
  qualifierPart?: SpfPart;
  /** The effective qualifier of a mechanism ('+' when not written). */
  effectiveQualifier: SpfQualifier;
  /** After ':' (mechanism) or '=' (modifier): domain-spec, address or macro-string, without the cidr. */
  value?: SpfPart;
  /** `/24`, `//64`, `/24//64` as written. */
  cidrPart?: SpfPart;
  cidr4?: number;
  cidr6?: number;
  /** The value contains a macro (`%{…}`): its target is only known at evaluation time. */
  hasMacro: boolean;
  /**
   * An `all` glued to the end of this term (`ip4:192.0.2.1-all`, `include:x.example~all`, `mx-all`):
   * most likely a missing space. Reported as spf/syntax; the record's own `all` is then this one.
   */
  gluedAll?: SpfPart;
  /** Static target (no macro), absolute and lower-case with a trailing dot. */
  domain?: string;
  problems: SpfProblem[];
}

export interface SpfParse {
  /** The joined value (binary string: one char per byte). */
  text: string;
  /** The first term as written ("v=spf1"). */
  version: SpfPart;
  /** True when the record starts with exactly "v=spf1" followed by a space or the end. */
  versionOk: boolean;
  /** True when the version matches only ignoring case ("V=SPF1"). */
  versionCaseOnly: boolean;
  terms: SpfTerm[];
  /** Problems of all terms, in order. */
  problems: SpfProblem[];
  /** Index of the first `all` mechanism in terms, or -1. */
  allIndex: number;
  redirect?: SpfTerm;
  exp?: SpfTerm;
  /** Joined offsets where a new character-string starts (excluding 0). */
  boundaries: number[];
  /** Source offset of a joined offset (start of that byte). */
  sourceAt(i: number): number;
  /** Source span of a joined range [from, to). */
  span(from: number, to: number): Span;
  /** The strings this was parsed from (source spans), when parsed from a record. */
  strings: readonly StringLike[];
}

/** The parts of CharString the parser needs; plain strings (live DNS) are wrapped. */
export interface StringLike {
  value: string;
  start: number;
  end: number;
  sourceOffset(i: number): number;
}

/** Wrap plain strings (from a live answer) as contiguous pseudo-sources. */
export function plainStrings(parts: readonly string[]): StringLike[] {
  let pos = 0;
  return parts.map((value) => {
    const start = pos;
    pos += value.length;
    return { value, start, end: pos, sourceOffset: (i: number) => start + i };
  });
}

/** Record text starts with the SPF version a receiver accepts (§4.5; case-insensitive per ABNF). */
export function isSpfText(text: string): boolean {
  return /^v=spf1( |$)/i.test(text);
}

/** Looks like an attempt at an SPF record (for spf/version): `v=spf…`, `v = spf1`, leading spaces. */
export function looksLikeSpf(text: string): boolean {
  return /^\s*v\s*=\s*spf\d/i.test(text) || /^\s*v=spf/i.test(text);
}

export function joinStrings(strings: readonly { value: string }[]): string {
  if (strings.length === 1) return strings[0].value;
  let s = '';
  for (const x of strings) s += x.value;
  return s;
}

/** The parsed SPF view of a TXT/SPF record, shared by all rules of one lint run. */
export function spfOf(rec: DnsRecord, ctx: Pick<LintContext, 'memo'>): SpfParse | undefined {
  // Called by ~25 rules for every TXT record. Most TXT records plainly are not SPF: their text
  // starts with a visible character other than v/V, so looksLikeSpf() is false — no memo needed.
  if (rec.type !== 'TXT' && rec.type !== 'SPF') return undefined;
  const c = firstChar(rec.strings);
  if (c < 0 || (c > 0x20 && c < 0x7f && c !== 0x76 && c !== 0x56)) return undefined;
  return ctx.memo('spf', rec, spfOfRecord);
}

/** The first char code of the strings joined, or -1 when they are absent or all empty. */
export function firstChar(strings: readonly { value: string }[] | undefined): number {
  if (!strings) return -1;
  for (let i = 0; i < strings.length; i++) if (strings[i].value.length > 0) return strings[i].value.charCodeAt(0);
  return -1;
}

/**
 * Parses of one lint run by text. A big zone repeats the same SPF texts (and terms) thousands of
 * times; records with the same joined text share the terms and problems of one parse (they are
 * never changed after parsing, and every offset in them is into the joined text), each record
 * keeping its own strings for the source positions.
 */
const byText = new WeakMap<object, Map<string, Parsed>>();
const BY_TEXT_MAX = 4096;

/** Parse a record when it looks like SPF (undefined otherwise). Not memoized; `run` shares parses within a lint run. */
export function spfOfRecord(rec: DnsRecord, run?: object): SpfParse | undefined {
  if (rec.type !== 'TXT' && rec.type !== 'SPF') return undefined;
  const strings = rec.strings;
  if (!strings || strings.length === 0) return undefined;
  const text = joinStrings(strings);
  if (!looksLikeSpf(text)) return undefined;
  if (typeof run !== 'object' || run === null) return parseSpf(strings, text);
  let m = byText.get(run);
  if (!m) byText.set(run, (m = new Map()));
  const hit = m.get(text);
  if (hit) return hit.sharedWith(strings);
  const p = parseSpf(strings, text) as Parsed;
  // Bounded: a zone of distinct SPF texts (each with its own address) would otherwise keep every
  // parse until the end of the lint (~100 MB on a million records); repeats are mostly close.
  if (m.size >= BY_TEXT_MAX) m.clear();
  m.set(text, p);
  return p;
}

export function parseSpfText(text: string): SpfParse {
  return parseSpf(plainStrings([text]), text);
}

/** Joined offsets where each string starts (undefined for one string) and the boundaries (excluding 0). */
function stringStarts(strings: readonly { value: string }[]): { starts: number[] | undefined; boundaries: number[] } {
  const boundaries: number[] = [];
  if (strings.length <= 1) return { starts: undefined, boundaries };
  const starts: number[] = [];
  let pos = 0;
  for (const s of strings) {
    starts.push(pos);
    if (pos > 0) boundaries.push(pos);
    pos += s.value.length;
  }
  return { starts, boundaries };
}

export function parseSpf(strings: readonly (StringLike | CharString)[], joined?: string): SpfParse {
  const text = joined ?? joinStrings(strings);
  const { starts, boundaries } = stringStarts(strings);
  const out = new Parsed(text, strings, boundaries, starts);
  // Split on SP only (§4.6.1); any other whitespace is part of a term and a syntax error.
  let i = 0;
  let first = true;
  const n = text.length;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    const b = i;
    while (i < n && text.charCodeAt(i) !== 32) i++;
    const w: SpfPart = { from: b, to: i, text: text.slice(b, i) };
    if (first) {
      first = false;
      out.version = w;
      if (isVersionWord(w.text)) continue;
    }
    const t = parseTerm(w, out.terms.length);
    out.terms.push(t);
    if (t.problems.length) for (const p of t.problems) out.problems.push(p);
    if (t.kind === 'mechanism' && t.name === 'all' && out.allIndex < 0) out.allIndex = t.index;
    if (t.kind === 'modifier' && t.name === 'redirect' && !out.redirect) out.redirect = t;
    if (t.kind === 'modifier' && t.name === 'exp' && !out.exp) out.exp = t;
  }
  if (first) out.version = { from: 0, to: 0, text: '' };
  out.versionOk = /^v=spf1( |$)/.test(text);
  out.versionCaseOnly = !out.versionOk && /^v=spf1( |$)/i.test(text);
  return out;
}

/** /^v=/i on the first word. */
function isVersionWord(w: string): boolean {
  return w.length >= 2 && (w.charCodeAt(0) | 32) === 118 && w.charCodeAt(1) === 61;
}

class Parsed implements SpfParse {
  version!: SpfPart;
  versionOk = false;
  versionCaseOnly = false;
  terms: SpfTerm[] = [];
  problems: SpfProblem[] = [];
  allIndex = -1;
  redirect: SpfTerm | undefined = undefined;
  exp: SpfTerm | undefined = undefined;
  constructor(
    readonly text: string,
    readonly strings: readonly StringLike[],
    readonly boundaries: number[],
    /** Joined offset where each string starts (undefined for a single string). */
    private readonly starts: number[] | undefined,
  ) {}

  /** The same analysis (terms, problems … shared, not copied) over another record's strings of the same joined text. */
  sharedWith(strings: readonly StringLike[]): Parsed {
    const { starts, boundaries } = stringStarts(strings);
    const p = new Parsed(this.text, strings, boundaries, starts);
    p.version = this.version;
    p.versionOk = this.versionOk;
    p.versionCaseOnly = this.versionCaseOnly;
    p.terms = this.terms;
    p.problems = this.problems;
    p.allIndex = this.allIndex;
    p.redirect = this.redirect;
    p.exp = this.exp;
    return p;
  }

  /** The string holding joined byte i (the last string for i == text.length) and the offset in it. */
  private locate(i: number): number {
    const starts = this.starts;
    if (!starts) return 0;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    // Skip empty strings so a position maps into a string that has the byte.
    const strings = this.strings;
    while (lo < starts.length - 1 && i - starts[lo] >= strings[lo].value.length && i >= starts[lo + 1]) lo++;
    return lo;
  }

  sourceAt(i: number): number {
    const strings = this.strings;
    if (strings.length === 0) return 0;
    const k = this.locate(i);
    const local = i - (this.starts ? this.starts[k] : 0);
    return strings[k].sourceOffset(Math.min(local, strings[k].value.length));
  }

  /** Source offset just after joined byte i-1 (end of a range ending at i). */
  private sourceEnd(i: number): number {
    const strings = this.strings;
    if (strings.length === 0 || i <= 0) return this.sourceAt(0);
    const k = this.locate(i - 1);
    const local = i - 1 - (this.starts ? this.starts[k] : 0);
    const s = strings[k];
    const len = s.value.length;
    // Bytes of one multi-byte character all map to its start: end after the whole character, so
    // a range ending inside `é` (2 bytes) still covers it instead of being empty.
    const at = s.sourceOffset(Math.min(local, len));
    let j = Math.min(local + 1, len);
    while (j < len && s.sourceOffset(j) === at) j++;
    return s.sourceOffset(j);
  }

  span(from: number, to: number): Span {
    const start = this.sourceAt(from);
    const end = to > from ? this.sourceEnd(to) : start;
    return { start, end: Math.max(start, end) };
  }
}

const QUALIFIERS = '+-~?';
const MAX_TERM = 1024;

function part(w: SpfPart, from: number, to: number): SpfPart {
  return { from: w.from + from, to: w.from + to, text: w.text.slice(from, to) };
}

function parseTerm(w: SpfPart, index: number): SpfTerm {
  const t = w.text;
  const term: SpfTerm = {
    from: w.from,
    to: w.to,
    text: t,
    index,
    kind: 'unknown',
    name: '',
    namePart: part(w, 0, 0),
    effectiveQualifier: '+',
    hasMacro: false,
    problems: [],
  };
  // A problem never gets an empty range (`~` alone, `=value` with no name): it marks the whole term then.
  const problem = (rule: SpfProblemRule, message: string, from = 0, to = t.length) =>
    term.problems.push(from < to ? { rule, message, from: w.from + from, to: w.from + to } : { rule, message, from: w.from, to: w.to });

  // No SPF term is this long (a domain is at most 253 bytes): report it without deeper parsing,
  // so a hostile multi-megabyte "term" costs linear time.
  if (t.length > MAX_TERM) {
    term.name = /^[+\-~?]?([a-z0-9]{0,16})/i.exec(t)?.[1]?.toLowerCase() ?? '';
    problem('spf/syntax', `A term of ${t.length} bytes (\`${printable(t.slice(0, 40))}…\`) is not valid SPF: no mechanism or modifier is that long; receivers return permerror.`);
    return term;
  }

  // Bytes outside printable ASCII (§3.1 and §4.6.1: the record is 7-bit ASCII, terms are split on SP).
  const bad = /[^\x21-\x7e][\x80-\xbf]*/.exec(t);
  if (bad) {
    const c = bad[0].charCodeAt(0);
    // A UTF-8 character is one lead byte and its continuation bytes: shown and marked whole.
    const seq = c >= 0xc0 ? bad[0] : bad[0].slice(0, 1);
    const what =
      c === 9 ? 'a tab' : c === 10 ? 'a line feed' : c === 13 ? 'a carriage return' : c === 0 ? 'a NUL byte' : c < 32 || c === 127 ? `a control character (\\${String(c).padStart(3, '0')})` : seq.length > 1 ? `a non-ASCII character (bytes ${printable(seq)})` : `a non-ASCII byte (\\${String(c).padStart(3, '0')})`;
    problem(
      'spf/syntax',
      `\`${printable(t)}\` contains ${what}: SPF records are plain ASCII with terms separated by single spaces (RFC 7208 §3.1, §4.6.1), so receivers return permerror. Remove it${c < 32 ? ' or replace it with a space' : ''}.`,
      bad.index,
      bad.index + seq.length,
    );
    term.name = /^[+\-~?]?([a-z0-9]+)/i.exec(t)?.[1]?.toLowerCase() ?? '';
    return term;
  }

  let p = 0;
  if (QUALIFIERS.includes(t[0] ?? '')) {
    term.qualifier = t[0] as SpfQualifier;
    term.qualifierPart = part(w, 0, 1);
    term.effectiveQualifier = term.qualifier;
    p = 1;
  }
  // A modifier has '=' before any ':' or '/' (§4.6.1).
  const m = /[=:/]/.exec(t.slice(p));
  const sep = m ? p + m.index : t.length;
  const sepChar = m ? m[0] : '';
  const rawName = t.slice(p, sep);
  const name = rawName.toLowerCase();
  term.namePart = part(w, p, sep);

  if (sepChar === '=') {
    term.kind = 'modifier';
    term.name = name;
    term.value = part(w, sep + 1, t.length);
    if (term.qualifier) problem('spf/syntax', `\`${printable(t)}\`: a modifier takes no qualifier (\`${term.qualifier}\`); receivers return permerror. Remove the \`${term.qualifier}\`.`, 0, 1);
    if (!/^[A-Za-z][A-Za-z0-9\-_.]*$/.test(rawName)) {
      problem(
        'spf/syntax',
        rawName === ''
          ? `\`${printable(t)}\` has no modifier name before \`=\` (RFC 7208 §12: name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )); receivers return permerror.`
          : `\`${printable(rawName)}\` is not a valid modifier name: it must start with a letter and contain only letters, digits, \`-\`, \`_\` and \`.\` (RFC 7208 §12); receivers return permerror.`,
        p,
        sep,
      );
      return term;
    }
    if (name === 'redirect' || name === 'exp') {
      checkDomainSpec(term, term.value, name, problem, w.from, name === 'exp' ? 'exp' : 'domain');
    } else {
      // unknown-modifier = name "=" macro-string: the macro syntax must still be valid.
      const res = checkMacroString(term.value.text, false);
      term.hasMacro = res.hasMacro;
      if (res.error) problem('spf/macro-syntax', `\`${printable(t)}\`: ${res.error.message}`, sep + 1 + res.error.at, sep + 1 + res.error.end);
    }
    return term;
  }

  term.name = name;
  if (!(SPF_MECHANISMS as readonly string[]).includes(name)) {
    term.kind = 'unknown';
    // `mx-all`, `a~all`: a bare mechanism with `all` glued to it.
    const glued = /^(a|mx|ptr)([+\-~?]?all)$/i.exec(t.slice(p));
    if (glued) term.gluedAll = part(w, p + glued[1].length, t.length);
    problem('spf/syntax', unknownMechanismMessage(t, rawName, sepChar), p, t.length);
    return term;
  }
  term.kind = 'mechanism';
  const mech = name as SpfMechanism;
  if (mech !== 'all') {
    // `ip4:192.0.2.1-all`, `a:mail.example.com/24~all`, `include:_spf.example.net-all`: an `all`
    // glued to the argument (a missing space). Report that alone and check the rest as written
    // before it; the term gets no target (receivers do not query the name as intended).
    const g = gluedAllOf(t, sep, mech);
    if (g !== undefined) {
      const inner = parseTerm(part(w, 0, g), index);
      term.gluedAll = part(w, g, t.length);
      term.problems.push({ rule: 'spf/syntax', message: gluedAllMessage(t, mech, t.slice(sep, g), t.slice(g)), from: w.from + g, to: w.to });
      for (const q of inner.problems) term.problems.push(q);
      term.value = inner.value;
      term.cidrPart = inner.cidrPart;
      term.hasMacro = inner.hasMacro;
      return term;
    }
  }
  const rest = t.slice(sep); // starts with ':' or '/' or is empty
  const restOff = sep;
  switch (mech) {
    case 'all': {
      if (rest) problem('spf/syntax', `\`${printable(t)}\`: \`all\` takes no argument (RFC 7208 §5.1); receivers return permerror. Write \`${term.qualifier ?? ''}all\` followed by a space.`, restOff, t.length);
      break;
    }
    case 'include':
    case 'exists': {
      if (!rest.startsWith(':')) {
        problem('spf/syntax', `\`${printable(t)}\`: \`${mech}\` needs a domain (\`${mech}:example.com\`, RFC 7208 §5.${mech === 'include' ? 2 : 7}); receivers return permerror.`, p, t.length);
        break;
      }
      term.value = part(w, restOff + 1, t.length);
      const cidr = /\/\/?\d+$/.exec(term.value.text);
      if (cidr && !term.value.text.includes('%') && term.value.text.length > cidr[0].length) {
        problem('spf/syntax', `\`${printable(t)}\`: \`${mech}\` takes no prefix length (RFC 7208 §5.${mech === 'include' ? 2 : 7}); receivers return permerror. Remove \`${cidr[0]}\`.`, restOff + 1 + cidr.index, t.length);
        break;
      }
      checkDomainSpec(term, term.value, mech, problem, w.from, 'domain');
      break;
    }
    case 'a':
    case 'mx':
    case 'ptr': {
      let body = rest;
      let bodyOff = restOff;
      if (mech !== 'ptr') {
        // dual-cidr-length at the end: [ "/" ip4 ] [ "//" ip6 ]
        const cm = /(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(body);
        if (cm && cm[0]) {
          // Only take it as cidr when what precedes is empty or a ':' domain-spec.
          const before = body.slice(0, cm.index);
          if (before === '' || before.startsWith(':')) {
            term.cidrPart = part(w, bodyOff + cm.index, bodyOff + body.length);
            checkCidr(term, cm[1], cm[2], problem, bodyOff + cm.index, t.length);
            body = before;
          }
        }
      }
      if (body === '') break;
      if (!body.startsWith(':')) {
        const why = mech === 'ptr' && body.startsWith('/') ? '`ptr` takes no prefix length' : body.startsWith('/') ? 'bad prefix length: the IPv4 length is `/n` and the IPv6 length `//n`' : 'expected `:` and a domain, or a prefix length';
        problem('spf/syntax', `\`${printable(t)}\`: ${why} (RFC 7208 §5.${mech === 'a' ? 3 : mech === 'mx' ? 4 : 5}); receivers return permerror.`, bodyOff, bodyOff + body.length);
        break;
      }
      term.value = part(w, bodyOff + 1, bodyOff + body.length);
      checkDomainSpec(term, term.value, mech, problem, w.from, 'domain');
      break;
    }
    case 'ip4':
    case 'ip6': {
      if (!rest.startsWith(':') || rest.length === 1) {
        problem('spf/invalid-ip', `\`${printable(t)}\`: \`${mech}\` needs an address (\`${mech === 'ip4' ? 'ip4:192.0.2.0/24' : 'ip6:2001:db8::/32'}\`, RFC 7208 §5.6); receivers return permerror.`, p, t.length);
        break;
      }
      const body = rest.slice(1);
      const slash = body.indexOf('/');
      const addr = slash < 0 ? body : body.slice(0, slash);
      term.value = part(w, restOff + 1, restOff + 1 + addr.length);
      if (slash >= 0) term.cidrPart = part(w, restOff + 1 + slash, t.length);
      const ok = mech === 'ip4' ? isIp4(addr) : isIp6(addr);
      if (!ok) {
        let hint = '';
        if (mech === 'ip4' && /^\d+\.\d+\.\d+\.\d+:\d+$/.test(addr)) hint = ' A port is not part of an SPF address.';
        else if (mech === 'ip4' && /^\d+(\.\d+){0,2}$/.test(addr)) hint = ' All four parts are required; use a prefix length for a network (`ip4:192.0.2.0/24`).';
        else if (mech === 'ip4' && isIp6(addr)) hint = ' This is an IPv6 address: use `ip6:`.';
        else if (mech === 'ip6' && isIp4(addr)) hint = ' This is an IPv4 address: use `ip4:`.';
        else if (mech === 'ip4' && /(^|\.)0\d/.test(addr)) hint = ' Leading zeros are not allowed.';
        problem('spf/invalid-ip', `\`${printable(t)}\`: \`${printable(addr)}\` is not a valid ${mech === 'ip4' ? 'IPv4' : 'IPv6'} address (RFC 7208 §5.6); receivers return permerror.${hint}`, restOff + 1, restOff + 1 + addr.length);
      }
      if (slash >= 0) {
        const c = body.slice(slash);
        const max = mech === 'ip4' ? 32 : 128;
        const mm = /^\/(0|[1-9]\d{0,2})$/.exec(c);
        if (!mm || Number(mm[1]) > max) {
          const why = c.startsWith('//') ? `\`${mech}\` takes a single \`/n\` prefix length (\`//\` is only for \`a\` and \`mx\`)` : `\`${printable(c)}\` is not a prefix length from 0 to ${max} (no leading zeros)`;
          problem('spf/invalid-ip', `\`${printable(t)}\`: ${why} (RFC 7208 §5.6); receivers return permerror.`, restOff + 1 + slash, t.length);
        } else if (mech === 'ip4') term.cidr4 = Number(mm[1]);
        else term.cidr6 = Number(mm[1]);
      }
      break;
    }
  }
  return term;
}

function checkCidr(
  term: SpfTerm,
  c4: string | undefined,
  c6: string | undefined,
  problem: (rule: SpfProblemRule, message: string, from?: number, to?: number) => void,
  from: number,
  to: number,
): void {
  const bad = (v: string, max: number) => !/^(0|[1-9]\d{0,2})$/.test(v) || Number(v) > max;
  if (c4 !== undefined) {
    if (bad(c4, 32)) problem('spf/invalid-ip', `\`${printable(term.text)}\`: \`/${c4}\` is not an IPv4 prefix length from 0 to 32 (no leading zeros; RFC 7208 §5.3, §12); receivers return permerror.`, from, to);
    else term.cidr4 = Number(c4);
  }
  if (c6 !== undefined) {
    if (bad(c6, 128)) problem('spf/invalid-ip', `\`${printable(term.text)}\`: \`//${c6}\` is not an IPv6 prefix length from 0 to 128 (no leading zeros; RFC 7208 §5.3, §12); receivers return permerror.`, from, to);
    else term.cidr6 = Number(c6);
  }
}

/**
 * Offset in `t` where an `all` glued to the end of a term starts (`192.0.2.1-all`), when it is
 * after the mechanism name (from `argFrom` on); undefined otherwise. A bare name with `all`
 * glued (`mx-all`) reads as an unknown mechanism instead.
 */
function gluedAllOf(t: string, argFrom: number, mech: string): number | undefined {
  const m = /[+\-~?]?all$/i.exec(t);
  if (!m || m.index <= argFrom) return undefined;
  if (/^[+\-~?]/.test(m[0])) return m.index;
  // Without a qualifier only right after an address or a prefix length (`192.0.2.1all`,
  // `/24all`): a name may well end in "all" (`include:spf.example.ball` is not glued).
  const before = t.slice(0, m.index);
  return ((mech === 'ip4' || mech === 'ip6') && /[0-9a-f]$/i.test(before)) || /\/\d+$/.test(before) ? m.index : undefined;
}

/**
 * The message for `all` glued to a term's argument: what receivers read instead, why it matters,
 * and the fix (a space). `arg` is the argument before the `all` with its `:`, `=` or `/`.
 */
function gluedAllMessage(t: string, name: string, arg: string, all: string): string {
  const cidr = /\/\/?\d*$/.exec(arg);
  const ip = name === 'ip4' || name === 'ip6';
  const head = `\`${printable(t)}\`: \`${printable(all)}\` is glued to the ${cidr ? 'prefix length' : ip ? 'address' : 'domain'} (a missing space?).`;
  const fix = ` Put a space before \`${printable(all)}\`.`;
  const whole = printable(arg.slice(1) + all);
  if (cidr) return `${head} As written, \`${printable(cidr[0] + all)}\` is not a prefix length, so receivers return permerror for every message (RFC 7208 §5.3, §5.6).${fix}`;
  if (ip) return `${head} As written, \`${whole}\` is not an IP address, so receivers return permerror for every message (RFC 7208 §5.6).${fix}`;
  // The argument is a domain: `foo.example~all` has no valid top-level label (permerror), while
  // `foo.example-all` is a valid name (top-level label `example-all`) that most likely does not exist.
  const top = (arg.slice(1) + all).replace(/\.$/, '').split('.').pop() ?? '';
  const validTop = /^(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])$/.test(top) && whole.includes('.');
  if (!validTop) return `${head} As written, \`${whole}\` is not a valid domain (the last label \`${printable(top)}\` is not a top-level label), so receivers return permerror for every message (RFC 7208 §7.1).${fix}`;
  const effect =
    name === 'include' || name === 'redirect'
      ? `and a name without an SPF record makes the ${name === 'include' ? 'include' : 'redirect'} a permerror (RFC 7208 §${name === 'include' ? '5.2' : '6.1'})`
      : name === 'exp'
        ? 'so no explanation is given'
        : `so the mechanism never matches, and the record has no \`all\` of its own (RFC 7208 §4.7)`;
  return `${head} As written, receivers look up the name \`${whole}\`, which most likely does not exist, ${effect}.${fix}`;
}

function unknownMechanismMessage(t: string, rawName: string, sepChar: string): string {
  const n = rawName.toLowerCase();
  const tail = 'receivers return permerror for every message (RFC 7208 §4.6.1, §5).';
  if ((n === 'redirect' || n === 'exp') && sepChar === ':') return `\`${printable(t)}\`: \`${n}\` is a modifier and is written with \`=\` (\`${n}=${printable(t.slice(t.indexOf(':') + 1))}\`); as written it is an unknown mechanism, and ${tail}`;
  if (n === 'ipv4' || n === 'ipv6') return `\`${printable(t)}\`: the mechanism is \`${n === 'ipv4' ? 'ip4' : 'ip6'}\`, not \`${n}\`; ${tail}`;
  if (n === 'includes' || n === 'inlcude' || n === 'incude' || n === 'inclde') return `\`${printable(t)}\`: unknown mechanism \`${printable(rawName)}\` (did you mean \`include\`?); ${tail}`;
  const glued = /^(.*?)([+\-~?]?all)$/i.exec(t);
  if (glued && glued[1] && !/[+\-~?]$/.test(glued[1])) return `\`${printable(t)}\`: \`${glued[2]}\` is glued to the previous term; put a space before it. As written, ${tail}`;
  if (/^[+\-~?]$/.test(t)) return `\`${t}\` is a qualifier with no mechanism after it: a space separates it from its mechanism (write \`${t}all\`, not \`${t} all\`); as written, ${tail}`;
  if (rawName === '') return `\`${printable(t)}\` is not an SPF term: ${tail}`;
  return `\`${printable(t)}\`: \`${printable(rawName)}\` is not an SPF mechanism (all, include, a, mx, ptr, ip4, ip6, exists) nor a modifier (\`name=value\`); ${tail}`;
}

type Problem = (rule: SpfProblemRule, message: string, from?: number, to?: number) => void;

/** domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand (§7.1, §12). */
function checkDomainSpec(term: SpfTerm, v: SpfPart, what: string, problem: Problem, base: number, mode: 'domain' | 'exp'): void {
  const off = v.from - base;
  const s = v.text;
  if (s === '') {
    problem('spf/syntax', `\`${printable(term.text)}\`: the domain after \`${what}${term.kind === 'modifier' ? '=' : ':'}\` is empty (RFC 7208 §${what === 'exp' ? '6.2' : what === 'redirect' ? '6.1' : '7.1'}); receivers return permerror. Write a domain or remove the term.`, 0, term.text.length);
    return;
  }
  const res = checkMacroString(s, mode === 'exp' ? false : false);
  term.hasMacro = res.hasMacro;
  if (res.error) {
    problem('spf/macro-syntax', `\`${printable(term.text)}\`: ${res.error.message}`, off + res.error.at, off + res.error.end);
    return;
  }
  if (res.endsWithMacro) return;
  // Glued `all` on a modifier: "redirect=_spf.example.net~all" (mechanisms are handled in parseTerm).
  const glued = /([+\-~?]all)$/i.exec(s);
  if (glued && s.length > glued[0].length) {
    problem('spf/syntax', gluedAllMessage(term.text, what, (term.kind === 'modifier' ? '=' : ':') + s.slice(0, glued.index), glued[1]), off + glued.index, off + s.length);
    return;
  }
  const d = s.endsWith('.') ? s.slice(0, -1) : s;
  const dot = d.lastIndexOf('.');
  const top = d.slice(dot + 1);
  const toplabelOk = /^(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])$/.test(top);
  if (dot < 0 || !toplabelOk) {
    let why: string;
    if (isIp4(s)) why = `\`${printable(s)}\` is an IP address, not a domain: write \`ip4:${printable(s)}\``;
    else if (isIp6(s)) why = `\`${printable(s)}\` is an IP address, not a domain: write \`ip6:${printable(s)}\``;
    else if (dot < 0) why = `\`${printable(s)}\` is not a fully qualified domain (a domain-spec needs a dot and a top-level label)`;
    else if (/^\d+$/.test(top)) why = `the last label \`${printable(top)}\` is all digits, which no top-level domain is`;
    else if (/:\d+$/.test(top)) why = `\`${printable(top)}\` ends in a port, which SPF does not take`;
    else why = `the last label \`${printable(top)}\` is not a valid top-level label (letters, digits and inner hyphens)`;
    problem('spf/syntax', `\`${printable(term.text)}\`: ${why} (RFC 7208 §7.1); receivers return permerror.`, off, off + s.length);
    return;
  }
  if (!res.hasMacro) {
    // A static name must also be a name DNS can query (empty or long labels, over 253 bytes).
    const labels = d.split('.');
    if (labels.some((l) => l === '')) {
      problem('spf/syntax', `\`${printable(term.text)}\`: \`${printable(s)}\` has an empty label (two dots in a row), so no DNS query can be made for it: some receivers return permerror for the whole record and others skip the term (RFC 7208 leaves it undefined). Correct the name.`, off, off + s.length);
      return;
    }
    const long = labels.find((l) => l.length > 63);
    if (long) {
      problem('spf/syntax', `\`${printable(term.text)}\`: the label \`${printable(long.slice(0, 20))}…\` is ${long.length} bytes, over DNS's 63 (RFC 1035 §2.3.4), so no DNS query can be made for it: some receivers return permerror for the whole record and others skip the term (RFC 7208 leaves it undefined). Correct the name.`, off, off + s.length);
      return;
    }
    if (d.length > 253) {
      problem('spf/syntax', `\`${printable(term.text)}\`: the domain is ${d.length} bytes, over DNS's 253, so no DNS query can be made for it: some receivers return permerror for the whole record and others skip the term (RFC 7208 leaves it undefined). Correct the name.`, off, off + s.length);
      return;
    }
    term.domain = d.toLowerCase() + '.';
  }
}

export interface MacroCheck {
  hasMacro: boolean;
  /** The string ends in a macro-expand (so domain-end is satisfied). */
  endsWithMacro: boolean;
  error?: { at: number; end: number; message: string };
}

/**
 * macro-string = *( macro-expand / macro-literal ) (§7.1). `explanation` allows the c, r, t
 * letters (only in the TXT explanation text that exp= points to, never in a record).
 */
export function checkMacroString(s: string, explanation: boolean): MacroCheck {
  let hasMacro = false;
  let endsWithMacro = false;
  const letters = explanation ? 'slodipvhcrt' : 'slodipvh';
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c !== '%') {
      const code = s.charCodeAt(i);
      if (code < 0x21 || code > 0x7e) {
        if (!explanation) return { hasMacro, endsWithMacro, error: { at: i, end: i + 1, message: `a byte outside visible ASCII is not allowed in a macro-string (RFC 7208 §7.1); receivers return permerror.` } };
      }
      endsWithMacro = false;
      i++;
      continue;
    }
    const n = s[i + 1];
    if (n === '%' || n === '_' || n === '-') {
      hasMacro = true;
      endsWithMacro = true;
      i += 2;
      continue;
    }
    if (n !== '{') {
      return {
        hasMacro,
        endsWithMacro,
        error: {
          at: i,
          end: Math.min(s.length, i + 2),
          message: `\`%\` must be followed by \`{\`, \`%\`, \`_\` or \`-\` (RFC 7208 §7.1); write \`%%\` for a literal percent sign. Receivers return permerror.`,
        },
      };
    }
    const close = s.indexOf('}', i + 2);
    if (close < 0) return { hasMacro, endsWithMacro, error: { at: i, end: s.length, message: `the macro \`${printable(s.slice(i))}\` is not closed with \`}\` (RFC 7208 §7.1); receivers return permerror.` } };
    const body = s.slice(i + 2, close);
    const mm = /^([A-Za-z])(\d*)(r?)([.\-+,/_=]*)$/i.exec(body);
    if (!mm) {
      return { hasMacro, endsWithMacro, error: { at: i, end: close + 1, message: `\`%{${printable(body)}}\` is not a valid macro: \`%{\` letter, optional digits, optional \`r\`, optional delimiters from \`.-+,/_=\`, \`}\` (RFC 7208 §7.1); receivers return permerror.` } };
    }
    const letter = mm[1].toLowerCase();
    if (!letters.includes(letter)) {
      const msg = 'crt'.includes(letter)
        ? `the macro letter \`${mm[1]}\` is only allowed in the explanation text an \`exp=\` record returns, not in the SPF record itself (RFC 7208 §7.2); receivers return permerror.`
        : `\`${mm[1]}\` is not a macro letter (s, l, o, d, i, p, v, h; RFC 7208 §7.2); receivers return permerror.`;
      return { hasMacro, endsWithMacro, error: { at: i, end: close + 1, message: msg } };
    }
    if (mm[2] !== '' && Number(mm[2]) === 0) {
      return { hasMacro, endsWithMacro, error: { at: i, end: close + 1, message: `\`%{${printable(body)}}\`: the number of labels to keep must be at least 1 (RFC 7208 §7.3); receivers return permerror.` } };
    }
    hasMacro = true;
    endsWithMacro = true;
    i = close + 1;
  }
  return { hasMacro, endsWithMacro };
}

export function isIp4(s: string): boolean {
  return /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(s);
}

export function isIp6(s: string): boolean {
  if (s.includes('%') || !s.includes(':')) return false;
  return net.isIPv6(s);
}

/** Bytes shown safely in a message: control and non-ASCII bytes as \DDD. */
export function printable(s: string): string {
  let out = '';
  for (let i = 0; i < s.length && out.length <= 120; i++) {
    const c = s.charCodeAt(i);
    out += c < 0x20 || c > 0x7e ? '\\' + String(c).padStart(3, '0') : s[i];
  }
  return out.length > 120 ? out.slice(0, 117) + '…' : out;
}

/** The network address of an ip4/ip6 value with its prefix, or undefined when the host bits are clear. */
export function networkAddress(addr: string, prefix: number, v6: boolean): string | undefined {
  if (!v6) {
    const parts = addr.split('.').map(Number);
    const n = ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const netw = (n & mask) >>> 0;
    if (netw === n) return undefined;
    return [netw >>> 24, (netw >>> 16) & 255, (netw >>> 8) & 255, netw & 255].join('.');
  }
  const big = ip6ToBigInt(addr);
  if (big === undefined) return undefined;
  const mask = prefix === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n);
  const netw = big & mask;
  if (netw === big) return undefined;
  return bigIntToIp6(netw);
}

function ip6ToBigInt(addr: string): bigint | undefined {
  let a = addr;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (v4) {
    const p = v4[1].split('.').map(Number);
    a = a.slice(0, v4.index) + ((p[0] << 8) | p[1]).toString(16) + ':' + ((p[2] << 8) | p[3]).toString(16);
  }
  const [head, tail] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const groups = tail !== undefined ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  if (groups.length !== 8) return undefined;
  let n = 0n;
  for (const g of groups) n = (n << 16n) + BigInt(parseInt(g || '0', 16));
  return n;
}

function bigIntToIp6(n: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zeros (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return groups.slice(0, best).join(':') + '::' + groups.slice(best + bestLen).join(':');
}
