// The record model shared by every reader (BIND zone files, octoDNS YAML) and every rule.
// No LSP or VS Code types here: the engine is parse → records → rules → findings.
//
// Positions are offsets into SourceFile.text in UTF-16 code units (JavaScript string indices);
// adapters turn them into line/column only at the edge (SourceFile.positionAt).

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** How many numbers of an ascending list are below x (where x would be inserted before equals). */
export function countBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when text[from, to) has a CR that does not start a CRLF (a line break of its own). */
export function hasLoneCr(text: string, from = 0, to = text.length): boolean {
  for (let i = text.indexOf('\r', from); i >= 0 && i < to; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return true;
  return false;
}

/** A half-open range [start, end) of offsets in one SourceFile. */
export interface Span {
  start: number;
  end: number;
}

/** A token as written in the source (for zone files: one master-file field; for YAML: one scalar). */
export interface Token extends Span {
  /** The raw text of the token as it appears in the source (escapes not resolved). */
  text: string;
}

/** A file the engine has read. */
export class SourceFile {
  private lineStarts: number[] | undefined;
  constructor(
    /** Absolute path (or an editor URI's path); used in output. */
    readonly path: string,
    readonly text: string,
    /** Editor document version when known (LSP), so fixes are never applied to a stale text. */
    readonly version?: number,
  ) {}

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const t = this.text;
    const s = [0];
    if (!hasLoneCr(t)) {
      // LF or CRLF line ends only (nearly every file): a line starts after each LF, found by
      // indexOf (~5× faster than a loop over the characters on a 74 MB zone).
      for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) s.push(i + 1);
      this.lineStarts = s;
      return s;
    }
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 10) s.push(i + 1);
      else if (c === 13) {
        if (t.charCodeAt(i + 1) === 10) i++;
        s.push(i + 1);
      }
    }
    this.lineStarts = s;
    return s;
  }

  /** 0-based line and UTF-16 character of an offset. */
  positionAt(offset: number): { line: number; character: number } {
    const s = this.starts();
    if (offset < 0) offset = 0;
    if (offset > this.text.length) offset = this.text.length;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - s[lo] };
  }

  /** Offset of a 0-based line/character (clamped to the text). */
  offsetAt(line: number, character: number): number {
    const s = this.starts();
    if (line < 0) return 0;
    if (line >= s.length) return this.text.length;
    const next = line + 1 < s.length ? s[line + 1] : this.text.length;
    return Math.min(s[line] + Math.max(0, character), next);
  }

  get lineCount(): number {
    return this.starts().length;
  }
}

/**
 * A decoded <character-string> (TXT, SPF, CAA value …) with a map back to its source.
 * `value` is a binary string: every char code is one byte (0..255). Literal non-ASCII text in the
 * source is stored UTF-8 encoded, so value.length is the length in bytes on the wire.
 */
export interface CharString extends Span {
  /** Span is the whole string as written, including quotes when quoted. */
  value: string;
  /** True when the source had quotes. */
  quoted: boolean;
  /**
   * Source offset of decoded byte index i (0 <= i <= value.length). For i == value.length, the
   * offset just after the last content character (before a closing quote). Escape-aware: a byte
   * written as `\059` maps to the backslash; bytes of one multi-byte character map to it.
   */
  sourceOffset(i: number): number;
}

/**
 * Where a source offset falls in the joined value of `strings`: `index`, the index in the joined value
 * of the character whose source holds the offset (a string's end for its end), and `at`, the source
 * offset where that character starts: the offset itself, except inside an escape (`\;`, `\059`, a
 * YAML `\\;`), where it is the escape's first character. Undefined outside the strings' values;
 * with `withQuotes`, a string's own quotes count as its first and last positions.
 */
export function valueIndexAt(strings: readonly CharString[], offset: number, withQuotes = false): { index: number; at: number } | undefined {
  let base = 0;
  for (const s of strings) {
    const n = s.value.length;
    const lo0 = s.sourceOffset(0);
    const hi0 = s.sourceOffset(n);
    if (offset >= lo0 && offset <= hi0) {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (s.sourceOffset(mid) <= offset) lo = mid;
        else hi = mid - 1;
      }
      // The first byte of a character written with several (they share its offset).
      const at = s.sourceOffset(lo);
      while (lo > 0 && s.sourceOffset(lo - 1) === at) lo--;
      return { index: base + lo, at };
    }
    if (withQuotes && offset >= s.start && offset <= s.end) return offset < lo0 ? { index: base, at: offset } : { index: base + n, at: offset };
    base += n;
  }
  return undefined;
}

export type SourceFormat = 'zone' | 'octodns';

/** One resource record, independent of the file format it came from. */
export interface DnsRecord extends Span {
  file: SourceFile;
  format: SourceFormat;
  /** 1-based line of the record's first token. */
  line: number;
  /** Absolute owner name, lower-cased, with the trailing dot ("mail.example.com."). */
  owner: string;
  /** Where the owner is written; undefined when inherited (blank owner). */
  ownerTok?: Token;
  ttl: number;
  ttlTok?: Token;
  /** "IN", "CH", "HS", or "CLASSnnn". */
  class: string;
  classTok?: Token;
  /** Upper-case mnemonic ("TXT") or "TYPEnnn" for types without one. */
  type: string;
  typeTok: Token;
  /** The rdata fields as written, in order (for `\#` generic data: `\#`, length, hex…). */
  fields: Token[];
  /** For types whose rdata is character-strings (TXT, SPF): the decoded strings. */
  strings?: CharString[];
  /** For CNAME, DNAME, NS, PTR, MX (exchange), SRV (target): the absolute target name. */
  target?: string;
  /** The token of the target name as written (to check for a missing trailing dot). */
  targetTok?: Token;
  /** MX preference, SRV priority. */
  preference?: number;
  /** Presentation form of the rdata, as `named-compilezone -o -` prints it (lazy: use rdataText()). */
  rdata?: string;
  /** Format-specific extra information (octoDNS: the YAML node path, lenient flag …). */
  meta?: Record<string, unknown>;
}

/** A comment that talks to mailzone (`; mailzone-disable-next-line spf/soft-all`). */
export interface Directive extends Span {
  file: SourceFile;
  kind: 'disable-next-line' | 'disable';
  rules: { id: string; start: number; end: number }[];
  line: number;
}

/** A parsed document: a zone file (with its $INCLUDEs) or an octoDNS record file. */
export interface Zone {
  /** The file the user opened (includes are in `files`). */
  file: SourceFile;
  /** Every file read for this zone: the main file first, then $INCLUDEd ones. */
  files: SourceFile[];
  format: SourceFormat;
  /** Absolute, lower-cased origin with a trailing dot ("example.com."). */
  origin: string;
  records: DnsRecord[];
  /** Problems found while reading (zone/syntax, zone/include-outside-workspace, octodns/syntax …). */
  problems: Finding[];
  directives: Directive[];
}

export interface TextEdit extends Span {
  file: SourceFile;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Shown first / applied by "fix all" when true. */
  preferred?: boolean;
}

export interface RelatedInfo extends Span {
  file: SourceFile;
  message: string;
}

export interface Finding extends Span {
  rule: string;
  severity: Severity;
  /** Names the problem, why it matters, and the fix, in one or two sentences. */
  message: string;
  file: SourceFile;
  fixes?: Fix[];
  /** 'unnecessary' greys the text out in editors (terms never evaluated, ignored tags). */
  tags?: ('unnecessary' | 'deprecated')[];
  related?: RelatedInfo[];
}

/** Lower-case a DNS name and make it absolute relative to an origin. Used by every reader. */
export function absoluteName(name: string, origin: string): string {
  if (name === '@') return origin;
  const lower = name.toLowerCase();
  if (lower.endsWith('.') && !lower.endsWith('\\.')) return lower;
  if (origin === '.') return lower + '.';
  return lower + '.' + origin;
}
