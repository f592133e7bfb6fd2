// BIND master-file reader: one pass over the text with charCodeAt, tokens with exact spans.
//
// Lexing follows BIND's isc_lex in master-file mode: a token ends at whitespace, '(' ')' '"' or
// ';' unless escaped with a backslash; a quoted string cannot span lines; parentheses join lines.
// Record semantics follow lib/dns/master.c: directives only at the start of a line, owner in
// column 0 (blank owner = previous owner), [TTL] [class] type or [class] [TTL] type, TTL
// defaults ($TTL, else the last explicit TTL, else the SOA minimum for the SOA itself).
import * as path from 'node:path';
import type { CharString, DnsRecord, Finding, SourceFile as SourceFileT, Token, Zone } from '../model';
import { SourceFile } from '../model';
import { parseDirective } from '../suppress';
import { decodeCharString, show } from './charstring';
import { absName, lowerName, nameError, nameHasUpper } from './names';
import { readRdata, type RdataSink } from './rdata';
import { classFromText, META_TYPES, parseTtl, typeFromText } from './types';
import { LexToken } from './lextoken';
import { compileTemplate, expand, expandOut, LHS_BUFFER, parseRange, quotedTemplate, RHS_BUFFER, splitFields, splitOut } from './generate';
import { CLASS_FIRST, HAS_CLASS, HAS_OWNER, HAS_TTL, recordBits, SKIP_SHIFT, ZoneRecord, type ZoneRecordMeta } from './record';

export interface ParseZoneOptions {
  /** Origin (absolute) for a file without $ORIGIN; default from the file name, else ".". */
  origin?: string;
  /** Reads an $INCLUDEd file by absolute path; undefined when unreadable. Default: none (report). */
  readFile?: (absPath: string) => string | undefined;
  /** $INCLUDE may not leave this directory (the workspace root). */
  workspaceRoot?: string;
  /**
   * Whether an included file (absolute path, already inside workspaceRoot as written) really lies
   * inside the workspace: the adapters resolve symbolic links here (a link in the workspace that
   * points outside it is then refused like `../x`). Default: the path as written decides.
   */
  insideWorkspace?: (absPath: string) => boolean;
  /**
   * No origin is known (none given, none in the file name): instead of reading relative names
   * against the root, records that need the origin before a $ORIGIN are left out and the file gets
   * one zone/syntax finding at its start saying so. Ignored when `origin` is given.
   */
  originUnknown?: boolean;
}

export const SYNTAX = 'zone/syntax';
/**
 * The origin relative names are read against while the real one is unknown (options.originUnknown):
 * a name no zone has (RFC 6761 .invalid), so that what used it can be found and left out.
 */
const UNKNOWN_ORIGIN = 'origin-unknown.mailzone.invalid.';
const BOM_MESSAGE =
  'the file starts with a UTF-8 byte-order mark (U+FEFF): BIND reads it as part of the first name and refuses the zone ("unknown RR type" or a bad owner name), so none of its records are served; save the file as UTF-8 without BOM';
export const INCLUDE_RULE = 'zone/include-outside-workspace';
/** What BIND does with a zone file that has a syntax error (named-checkzone: "not loaded due to errors"). */
export const REFUSED = '; BIND refuses to load a zone with this error, so none of its records are served';
const MENTIONS_EFFECT = /BIND|named-|mailzone|refuse|reject/;
/** Largest number of records one $GENERATE may produce. */
export const GENERATE_LIMIT = 65536;
/** Largest number of records all the $GENERATE lines of one zone may produce together. */
export const GENERATE_TOTAL_LIMIT = 262144;
const MAX_INCLUDE_DEPTH = 20;
/**
 * Most $INCLUDEs one zone follows, counting a file each time it is included: a few files that
 * each include the next twice make 2^20 reads (the zone-file "billion laughs"), which would keep
 * the linter (and BIND) busy for hours. Thousands of includes of one file stay well below.
 */
export const MAX_INCLUDES = 16384;
const GENERATE_TEXT_LIMIT = 1 << 26;
const MAX_REWINDS = 100;

export type { ZoneRecordMeta } from './record';

export class ZoneParser implements RdataSink {
  readonly zone: Zone;
  origin = '.';
  originUpper = false;
  private meta!: ZoneRecordMeta;
  private owner: string | undefined;
  private defaultTtl = 0;
  private defaultTtlKnown = false;
  private lastTtl = 0;
  private ttlKnown = false;
  private noTtlReported = false;
  private zclass: string | undefined;
  /** See ZoneRecordMeta.top. */
  private top: string | undefined;
  /** Whether the current $GENERATE line has reported an out-of-zone name. */
  private generatedOutside = false;
  private readonly stack: string[] = [];
  /** Each file $INCLUDEd so far, read once however often it is included (by absolute path). */
  private readonly included = new Map<string, SourceFileT>();
  /** $INCLUDEs followed so far, and whether the MAX_INCLUDES finding was given. */
  private includes = 0;
  private includesCut = false;
  private readonly scratch: LexToken[] = [];
  private file!: SourceFileT;
  private firstOrigin: string | undefined;
  // RdataSink outputs, reset before each record.
  strings: CharString[] | undefined;
  target: string | undefined;
  targetIndex: number | undefined;
  preference: number | undefined;
  private quiet = false;
  private generated = 0;
  /** A record was left out as out of zone (the zone's name can no longer change). */
  private sawOutside = false;
  /** The first SOA record read. */
  private soa: DnsRecord | undefined;
  /** Offsets in the main file of directive lines ($ORIGIN …) and of rewinds after an unclosed '('. */
  readonly directiveAt: number[] = [];
  readonly rewindAt: number[] = [];
  /** Set while reparseZone() reads a region: directives are not applied, only noted. */
  private region = false;
  private initialMeta!: ZoneRecordMeta;

  constructor(
    file: SourceFileT,
    private readonly options: ParseZoneOptions,
  ) {
    this.zone = { file, files: [file], format: 'zone', origin: '.', records: [], problems: [], directives: [] };
    this.file = file;
    let o = options.origin ?? (options.originUnknown ? UNKNOWN_ORIGIN : '.');
    if (o === '' || o === '@') o = '.';
    if (!o.endsWith('.')) o += '.';
    // BIND's zone is the origin it is given (named.conf, named-checkzone's argument).
    this.top = options.origin !== undefined && o !== '.' ? o.toLowerCase() : undefined;
    this.setOrigin(o);
    this.initialMeta = this.meta;
  }

  run(): Zone {
    const file = this.zone.file;
    this.stack.push(file.path);
    this.parseFile(file, 0);
    this.stack.pop();
    let soa = this.soa;
    let firstOrigin = this.firstOrigin;
    if (this.options.origin === undefined && this.options.originUnknown) {
      this.dropUnknownOrigin();
      if (soa?.owner.endsWith(UNKNOWN_ORIGIN)) soa = undefined;
      if (firstOrigin?.endsWith(UNKNOWN_ORIGIN)) firstOrigin = undefined;
    }
    const fallback = firstOrigin ?? this.initialOrigin().toLowerCase();
    this.zone.origin = soa ? soa.owner : fallback;
    PARSED.set(this.zone, {
      options: this.options,
      fallbackOrigin: fallback,
      initialMeta: this.initialMeta,
      directiveAt: this.directiveAt,
      rewindAt: this.rewindAt,
    });
    return this.zone;
  }

  /**
   * For reparseZone(): reads the logical lines of the main file from `from` (a logical line start
   * on line `line`, read in `meta` with `owner` and the last explicit TTL `lastTtl` (-1: none)
   * as the previous record left them) until one ends at or after `stopAt`. Records, problems and
   * suppression comments go to this.zone (a scratch zone). Returns where it stopped; undefined
   * when it met a directive (the caller then reads the whole file).
   */
  readRegion(meta: ZoneRecordMeta, owner: string | undefined, lastTtl: number, from: number, line: number, stopAt: number): number | undefined {
    // Right after a byte-order mark: whether the old text had it (and its finding) is not known
    // here, so the whole file is read again (only edits of a BOM file's first line get here).
    if (from === 1 && this.zone.file.text.charCodeAt(0) === 0xfeff) return undefined;
    // Where the origin is not known, what the lines mean depends on the whole file (and it has a
    // finding about that at its start): read it all again.
    if (meta.origin.endsWith(UNKNOWN_ORIGIN)) return undefined;
    this.region = true;
    this.loadState(meta);
    this.owner = owner;
    this.lastTtl = lastTtl < 0 ? 0 : lastTtl;
    this.ttlKnown = lastTtl >= 0;
    this.directiveAt.length = 0;
    const at = this.lex(this.zone.file, 0, from, line, stopAt);
    return this.directiveAt.length > 0 ? undefined : at;
  }

  /** Continues readRegion() from where it stopped. */
  continueRegion(from: number, stopAt: number): number | undefined {
    const at = this.lex(this.zone.file, 0, from, this.lexLine, stopAt);
    return this.directiveAt.length > 0 ? undefined : at;
  }

  /** The state a region read leaves, to compare with the old parse's at the same place. */
  regionState(): { meta: ZoneRecordMeta; owner: string | undefined; lastTtl: number; line: number } {
    return { meta: this.meta, owner: this.owner, lastTtl: this.ttlKnown ? this.lastTtl : -1, line: this.lexLine };
  }

  private loadState(m: ZoneRecordMeta): void {
    this.meta = m;
    this.file = m.file;
    this.origin = m.origin;
    this.originUpper = m.originUpper;
    this.zclass = m.zclass;
    this.top = m.top;
    this.defaultTtl = m.defaultTtl;
    this.defaultTtlKnown = m.defaultTtlKnown;
    this.noTtlReported = m.noTtlReported;
    this.generated = m.generated;
  }

  /**
   * Without a known origin: leaves out the records whose names were made absolute against the
   * stand-in (their real names are unknown) and reports it once, at the start of the file.
   */
  private dropUnknownOrigin(): void {
    const zone = this.zone;
    const recs = zone.records;
    let kept = 0;
    for (let i = 0; i < recs.length; i++) {
      const r = recs[i];
      if (!usesUnknownOrigin(r)) recs[kept++] = r;
    }
    const dropped = recs.length - kept;
    recs.length = kept;
    for (const p of zone.problems) if (p.message.includes(UNKNOWN_ORIGIN)) p.message = p.message.split('.' + UNKNOWN_ORIGIN).join('').split(UNKNOWN_ORIGIN).join('.');
    if (dropped === 0) return;
    const t = zone.file.text;
    const from = t.charCodeAt(0) === 0xfeff ? 1 : 0;
    let end = from;
    while (end < t.length && t.charCodeAt(end) !== 10 && t.charCodeAt(end) !== 13) end++;
    const base = zone.file.path.split(/[\\/]/).pop() ?? zone.file.path;
    zone.problems.unshift({
      rule: SYNTAX,
      severity: 'error',
      message:
        `the zone's origin is unknown: no $ORIGIN comes before the first relative name (like '@') and the file name '${base}' names no domain, ` +
        `so ${dropped} record${dropped === 1 ? '' : 's'} with relative names ${dropped === 1 ? 'is' : 'are'} not checked. ` +
        `Add '$ORIGIN example.com.' (your domain) as the first line, or lint with --origin example.com`,
      file: zone.file,
      start: from,
      end,
    });
  }

  private initialOrigin(): string {
    if (this.options.origin === undefined && this.options.originUnknown) return '.';
    let o = this.options.origin ?? '.';
    if (!o.endsWith('.')) o += '.';
    return o;
  }

  private setOrigin(o: string): void {
    this.origin = o;
    let up = false;
    for (let i = 0; i < o.length; i++) {
      const c = o.charCodeAt(i);
      if (c >= 65 && c <= 90) {
        up = true;
        break;
      }
    }
    this.originUpper = up;
    this.bump();
  }

  /** A new shared state object for the records read from now on (see ZoneRecordMeta). */
  private bump(): void {
    this.meta = Object.freeze({
      origin: this.origin,
      originUpper: this.originUpper,
      file: this.file,
      zclass: this.zclass,
      defaultTtl: this.defaultTtl,
      defaultTtlKnown: this.defaultTtlKnown,
      noTtlReported: this.noTtlReported,
      generated: this.generated,
      top: this.top,
    });
  }

  error(start: number, end: number, message: string): void {
    if (this.quiet) return;
    // Every message says why it matters: a message that does not already say what BIND does (or
    // that mailzone stopped) gets the consequence, which is the same for every syntax error.
    if (!MENTIONS_EFFECT.test(message)) message += REFUSED;
    this.problem(this.file, start, end, message, SYNTAX);
  }

  private problem(file: SourceFileT, start: number, end: number, message: string, rule: string): void {
    const f: Finding = { rule, severity: 'error', message, file, start, end };
    this.zone.problems.push(f);
  }

  // ---------------------------------------------------------------- lexer

  private parseFile(file: SourceFileT, depth: number): void {
    const prevFile = this.file;
    this.file = file;
    if (prevFile !== file) this.bump();
    const bom = file.text.charCodeAt(0) === 0xfeff;
    // The rest of the file is read as if the mark were not there (the editor hides it too), but
    // BIND does not skip it: it becomes part of the first owner name or directive.
    if (bom) this.problem(file, 0, 1, BOM_MESSAGE, SYNTAX);
    this.lex(file, depth, bom ? 1 : 0, 1, Infinity);
    if (prevFile !== file) {
      this.file = prevFile;
      this.bump();
    }
  }

  /** The logical line being read is the last of its file and no line break ends it. */
  private noFinalNewline = false;

  /** The line number where the last lex() call stopped. */
  private lexLine = 1;

  /**
   * Reads the logical lines of `file` from offset i (at the start of a logical line, on line
   * `line`) until the end of the text or, once a logical line ends at or after `stopAt`, there.
   * Returns where it stopped (lexLine is the line there).
   */
  private lex(file: SourceFileT, depth: number, i: number, line: number, stopAt: number): number {
    const zone = this.zone;
    const t = file.text;
    const n = t.length;
    // Each file level has its own scratch tokens ($INCLUDE parses while its line's tokens are live).
    const toks: LexToken[] = depth === 0 ? this.scratch : [];
    let rewinds = 0;
    let rewound = 0;
    while (i < n) {
      const c0 = t.charCodeAt(i);
      const blank = c0 === 32 || c0 === 9;
      let nt = 0;
      let depthP = 0;
      let parenAt = -1;
      let parenLine = 0;
      let resumeAt = -1;
      let resumeLine = 0;
      let resumeProblems = 0;
      let resumeDirectives = 0;
      let bad = false;
      let recLine = line;
      let lastEnd = i;
      for (;;) {
        if (i >= n) break;
        const c = t.charCodeAt(i);
        if (c === 32 || c === 9) {
          i++;
          continue;
        }
        if (c === 10 || c === 13) {
          if (c === 13 && t.charCodeAt(i + 1) === 10) i++;
          i++;
          line++;
          if (depthP === 0) break;
          if (resumeAt < 0) {
            resumeAt = i;
            resumeLine = line;
            resumeProblems = zone.problems.length;
            resumeDirectives = zone.directives.length;
          }
          continue;
        }
        if (c === 59) {
          // Only a line feed ends a comment (BIND): a lone CR is part of it.
          let j = t.indexOf('\n', i + 1);
          if (j < 0) j = n;
          const dir = parseDirective(file, i, t.charCodeAt(j - 1) === 13 ? j - 1 : j, line);
          if (dir) zone.directives.push(dir);
          i = j;
          continue;
        }
        if (c === 40) {
          if (depthP === 0) {
            parenAt = i;
            parenLine = line;
          }
          depthP++;
          i++;
          lastEnd = i;
          continue;
        }
        if (c === 41) {
          if (depthP === 0) {
            this.error(i, i + 1, "unbalanced parenthesis: this ')' has no matching '(' before it; delete it, or add the '(' where the record's data starts");
            bad = true;
          } else depthP--;
          i++;
          lastEnd = i;
          continue;
        }
        const s = i;
        let plain = false;
        if (c === 34) {
          let j = i + 1;
          let closed = false;
          // plain: ASCII without escapes, so the value is the text between the quotes (decodeCharString
          // is told through token.plain and does not read it again).
          let high = 0;
          while (j < n) {
            const d = t.charCodeAt(j);
            if (d === 92) {
              high = 128;
              const e = t.charCodeAt(j + 1);
              if (e === 10) line++;
              j += 2;
              continue;
            }
            if (d === 34) {
              closed = true;
              j++;
              break;
            }
            // A lone CR is a character of the string (BIND: "a\013b"); a line feed ends the line.
            if (d === 10) break;
            high |= d;
            j++;
          }
          plain = high < 128;
          if (!closed) {
            this.error(s, Math.min(j, n), 'unbalanced quotes: this string has no closing \'"\' on its line (a quoted string cannot span lines)');
            bad = true;
            i = j;
            continue;
          }
          i = j;
        } else {
          let j = i;
          while (j < n) {
            const d = t.charCodeAt(j);
            if (d < 128 && ENDS_TOKEN[d] !== 0) {
              if (d !== 92) {
                if (d !== 0) break;
                // A NUL byte outside quotes: BIND's lexer ends its C string there ("unexpected token").
                if (!bad) this.error(j, j + 1, 'a NUL byte (\\000) outside quotes: BIND refuses the zone ("unexpected token"); remove it, or write \\000 in a quoted string if it belongs to the data');
                bad = true;
                j++;
                continue;
              }
              const e = t.charCodeAt(j + 1);
              if (e === 0) {
                j++;
                continue;
              }
              if (e === 10 || e === 13 || j + 1 >= n) {
                // BIND's lexer ends an unquoted token at the line break even after a backslash: the
                // token keeps the backslash, which escapes nothing (BIND: "near 'a\': syntax error"
                // or "unexpected end of input"), and the next line is a line of its own.
                this.error(j, j + 1, 'a backslash at the end of a line escapes nothing: outside quotes a line break cannot be escaped, so BIND refuses the zone; remove the backslash (or, to join lines, put the record in parentheses)');
                bad = true;
                j++;
                break;
              }
              j += 2;
              continue;
            }
            j++;
          }
          if (j > n) j = n;
          i = j;
        }
        if (nt === 0) recLine = line;
        // Token objects are reused from line to line (records keep no tokens, see record.ts), and
        // their text is only cut from the source when something asks for it.
        let tk = toks[nt];
        if (tk === undefined) tk = toks[nt] = new LexToken();
        tk.set(t, s, i, plain);
        nt++;
        lastEnd = i;
      }
      if (depthP > 0) {
        // Never closed: report at the '(' and read again from the line after it, so one missing
        // ')' does not swallow the rest of the file.
        if (resumeAt >= 0 && rewinds < MAX_REWINDS && rewound + (n - resumeAt) <= 4 * n) {
          rewound += n - resumeAt;
          zone.problems.length = resumeProblems;
          zone.directives.length = resumeDirectives;
          this.error(parenAt, parenAt + 1, `unbalanced parenthesis: '(' on line ${parenLine} is never closed; add the matching ')'`);
          rewinds++;
          if (depth === 0) this.rewindAt.push(resumeAt);
          i = resumeAt;
          line = resumeLine;
          continue;
        }
        this.error(parenAt, parenAt + 1, `unbalanced parenthesis: '(' on line ${parenLine} is never closed; add the matching ')'`);
        bad = true;
      }
      if (nt > 0 && !bad) {
        this.noFinalNewline = i >= n && t.charCodeAt(n - 1) !== 10 && t.charCodeAt(n - 1) !== 13;
        this.logicalLine(file, toks, nt, blank, recLine, lastEnd, depth);
      }
      // Drop a scratch array that grew large on one giant record.
      if (toks.length > 4096) toks.length = 0;
      if (i >= stopAt) break;
    }
    this.lexLine = line;
    return i;
  }

  // ---------------------------------------------------------------- records

  private logicalLine(file: SourceFileT, toks: Token[], nt: number, blank: boolean, recLine: number, recEnd: number, depth: number): void {
    let k = 0;
    let ownerTok: Token | undefined;
    let owner: string;
    if (!blank) {
      const first = toks[0];
      const c0 = file.text.charCodeAt(first.start);
      // BIND reads the first word of a line as a quoted string too: "ab" is the owner ab, "$TTL" the directive.
      const text = c0 === 34 ? unquoteOwner(first.text) : first.text;
      if (c0 === 36 || (c0 === 34 && text.charCodeAt(0) === 36)) {
        if (depth === 0) this.directiveAt.push(first.start);
        // A re-parse of a few lines stops at any directive (reparseZone then reads the whole file).
        if (this.region) return;
        // Directives are rare: give them their own token objects.
        const dt = toks.slice(0, nt).map((x) => ({ start: x.start, end: x.end, text: x.text }));
        dt[0].text = text;
        this.directive(file, dt, recLine, depth);
        return;
      }
      const abs = absName(text, this.origin, this.originUpper);
      if (abs === undefined) {
        this.error(first.start, first.end, `bad owner name '${show(first.text)}': ${nameError}`);
        return;
      }
      owner = lowerName(abs, nameHasUpper);
      this.owner = owner;
      ownerTok = first;
      k = 1;
    } else {
      if (this.owner === undefined) {
        const f = toks[0];
        this.error(f.start, f.end, 'this line starts with a space or tab, so it continues the previous record\'s owner, but there is none: write the owner name at the start of the line');
        return;
      }
      owner = this.owner;
    }
    this.record(file, toks, k, nt, owner, ownerTok, recLine, toks[0].start, recEnd);
  }

  /** The part after the owner: [TTL] [class] type rdata. */
  private record(
    file: SourceFileT,
    toks: Token[],
    k: number,
    nt: number,
    owner: string,
    ownerTok: Token | undefined,
    recLine: number,
    recStart: number,
    recEnd: number,
  ): void {
    const head = this.head(toks, k, nt);
    if (!head) return;
    this.emit(file, owner, ownerTok, head.ttl, head.ttlTok, head.cls, head.classTok, head.type, head.typeTok, toks, head.next, nt, recLine, recStart, recEnd, 0, false);
  }

  /**
   * Checks the class and rdata (fields are toks[from..to)), settles the TTL as BIND does, and adds
   * the record. `skip` tokens of the span come before the owner ($GENERATE); `generated` records
   * were checked on their expanded rdata, which becomes rec.rdata (the span keeps the template).
   */
  private emit(
    file: SourceFileT,
    owner: string,
    ownerTok: Token | undefined,
    headTtl: number,
    ttlTok: Token | undefined,
    cls: string | undefined,
    classTok: Token | undefined,
    type: string,
    typeTok: Token,
    toks: Token[],
    from: number,
    to: number,
    recLine: number,
    recStart: number,
    recEnd: number,
    skip: number,
    generated: boolean,
  ): boolean {
    if (cls === 'NONE' || cls === 'ANY') {
      // Meta classes (RFC 2136 §2.4, RFC 1035 §3.2.5): no zone has them (BIND: "class 'NONE' != zone class 'IN'").
      if (classTok) this.error(classTok.start, classTok.end, `the class ${cls} exists only in queries and updates, never in a zone: BIND refuses the record ("class '${cls}' != zone class"); write IN or leave the class out`);
      return false;
    }
    if (cls === undefined) {
      cls = this.zclass ?? 'IN';
      if (this.zclass === undefined) {
        // The zone's class is the first record's: one without a class is read as IN, BIND's default
        // (named.conf, named-checkzone), and a later CH or HS record does not fit it.
        this.zclass = cls;
        this.bump();
      }
    } else if (this.zclass === undefined) {
      this.zclass = cls;
      this.bump();
    } else if (cls !== this.zclass && classTok) {
      this.error(classTok.start, classTok.end, `class '${show(classTok.text)}' differs from the zone's class ${this.zclass}: every record of a zone has the same class; write ${this.zclass} or leave the class out`);
      return false;
    }
    this.strings = undefined;
    this.target = undefined;
    this.targetIndex = undefined;
    this.preference = undefined;
    // BIND ignores a $GENERATE name outside the zone before it reads the record's rdata (a record
    // written out is read in full first).
    const skipRdata = generated && this.top !== undefined && owner !== this.top && !inZone(owner, this.top);
    if (!skipRdata && !readRdata(type, typeTok, toks, this, null, this.quiet, from, to)) return false;
    let ttl: number;
    if (headTtl >= 0) {
      ttl = headTtl;
      this.lastTtl = ttl;
      this.ttlKnown = true;
    } else if (this.defaultTtlKnown) ttl = this.defaultTtl;
    else if (this.ttlKnown) ttl = this.lastTtl;
    else if (type === 'SOA' && to - from === 7) {
      ttl = limitTtl(parseTtl(toks[from + 6].text));
      this.defaultTtl = ttl;
      this.defaultTtlKnown = true;
      this.bump();
    } else {
      ttl = 0;
      if (!this.noTtlReported && !this.quiet) {
        this.noTtlReported = true;
        this.bump();
        this.error(typeTok.start, typeTok.end, 'no TTL for this record (nor for the ones after it that have none): BIND rejects the zone; add a $TTL line at the top of the file or give the record a TTL');
      }
    }
    const top = this.top;
    if (type === 'NS' && owner.charCodeAt(0) === 42 && (owner.length === 2 || owner.charCodeAt(1) === 46)) {
      // RFC 4592 §4.2: NS at a wildcard is undefined; BIND refuses it ("invalid NS owner name (wildcard)").
      if (!this.quiet) this.error(ownerTok?.start ?? typeTok.start, ownerTok?.end ?? typeTok.end, `an NS record at the wildcard name '${show(owner)}': BIND refuses the zone ("invalid NS owner name (wildcard)"), as a delegation cannot be a wildcard (RFC 4592 §4.2); name the delegated zone instead`);
      return false;
    }
    if (type === 'DS' && !generated && owner === top) {
      // RFC 4035 §2.4: a DS record belongs in the parent zone, at the delegation. BIND refuses it at
      // the top of the zone it loads ("DS record at top of zone"; $GENERATE records are not checked).
      if (!this.quiet) this.error(ownerTok?.start ?? typeTok.start, typeTok.end, `a DS record at the top of the zone (${show(owner)}): it belongs in the parent zone, at the delegation (RFC 4035 §2.4), and BIND refuses the zone ("DS record at top of zone"); move it to the parent zone`);
      return false;
    }
    if (top !== undefined && owner !== top && !inZone(owner, top)) {
      this.sawOutside = true;
      // BIND reads the rdata of a record it then ignores: a TXT string over 255 bytes (which only the
      // string-too-long rule reports, on records that are kept) still stops the load.
      // (readRdata set this.strings: a cast, as TypeScript keeps the narrowing from before the call.)
      const strs = this.strings as CharString[] | undefined;
      if (strs && !this.quiet) {
        for (const s of strs) {
          if (s.value.length > 255) {
            this.error(s.start, s.end, `this string is ${s.value.length} bytes; a character-string holds at most 255, so BIND refuses the zone even though it ignores the record (out of zone); split it into several quoted strings`);
            return false;
          }
        }
      }
      // One warning per owner written (BIND's "ignoring out-of-zone data"), one per $GENERATE line.
      if (ownerTok && !this.quiet && (!generated || !this.generatedOutside)) {
        if (generated) this.generatedOutside = true;
        const what = generated ? `$GENERATE makes the name '${show(owner)}', which is` : `'${show(owner)}' is`;
        this.zone.problems.push({
          rule: SYNTAX,
          severity: 'warning',
          message: `${what} outside the zone ${top}: BIND ignores ${generated ? 'these records' : 'this record'} ("ignoring out-of-zone data"), so ${generated ? 'they are' : 'it is'} not served and mailzone does not check ${generated ? 'them' : 'it'}; put ${generated ? 'them' : 'it'} in the zone file of ${generated ? 'their' : 'its'} own domain, or fix the name (a trailing dot makes a name absolute)`,
          file,
          start: ownerTok.start,
          end: ownerTok.end,
        });
      }
      return true;
    }
    let flags = skip << SKIP_SHIFT;
    if (ownerTok) flags |= HAS_OWNER;
    if (ttlTok) flags |= HAS_TTL;
    if (classTok) {
      flags |= HAS_CLASS;
      if (!ttlTok || classTok.start < ttlTok.start) flags |= CLASS_FIRST;
    }
    let targetIndex = this.targetIndex ?? -1;
    if (generated && targetIndex >= 0) targetIndex = 0;
    const rec = ZoneRecord.make(recStart, recEnd, recLine, owner, ttl, type, this.meta, this.strings ?? this.target, recordBits(flags, targetIndex, this.preference, type));
    if (generated) {
      // $GENERATE: present the expanded rdata now; the record's only field is the template.
      const out: string[] = [];
      readRdata(type, typeTok, toks, this, out, true, from, to);
      rec.rdata = out.join(' ');
    }
    if (type === 'SOA' && this.soa === undefined) this.soa = rec;
    this.zone.records.push(rec);
    return true;
  }

  private headOut = { ttl: -1, ttlTok: undefined as Token | undefined, cls: undefined as string | undefined, classTok: undefined as Token | undefined, type: '', typeTok: undefined as unknown as Token, next: 0 };

  /** Reads [TTL] [class] type (either order) from toks[k…]; undefined after reporting a problem. */
  private head(toks: Token[], k: number, nt: number) {
    const h = this.headOut;
    h.ttl = -1;
    h.ttlTok = undefined;
    h.cls = undefined;
    h.classTok = undefined;
    let tok = k < nt ? toks[k] : undefined;
    if (tok === undefined) {
      const last = toks[k - 1];
      this.error(last.start, last.end, `expected ${expectedHead(h.ttlTok, h.classTok)} after '${show(last.text)}', found the end of the line`);
      return undefined;
    }
    // Class 0 (`CLASS0`) is BIND's "no class": the record takes the zone's class (h.cls stays
    // undefined while h.classTok is the token).
    let c = classOf(tok);
    if (c !== undefined) {
      if (c !== 'CLASS0') h.cls = c;
      h.classTok = tok;
      tok = ++k < nt ? toks[k] : undefined;
    }
    if (tok !== undefined) {
      const d = firstCode(tok);
      if (d >= 48 && d <= 57) {
        const v = ttlOf(tok);
        if (v === -2) {
          this.error(tok.start, tok.end, `the TTL '${show(tok.text)}' is over the largest possible value 4294967295; use a TTL in seconds up to 2147483647 (RFC 2181 §8), like 3600`);
          return undefined;
        }
        if (v >= 0) {
          h.ttl = limitTtl(v);
          h.ttlTok = tok;
          tok = ++k < nt ? toks[k] : undefined;
        }
      }
    }
    if (tok !== undefined && h.cls === undefined) {
      c = classOf(tok);
      if (c !== undefined) {
        if (h.classTok) {
          // BIND reads a class after CLASS0 too (`CLASS0 IN`, `CLASS0 300 IN`); a record here
          // keeps one class token, so mailzone cannot place its fields and says so.
          const zc = this.zclass ?? 'IN';
          if (c !== 'CLASS0' && c !== zc) this.error(tok.start, tok.end, `class '${show(tok.text)}' differs from the zone's class ${zc}: every record of a zone has the same class; write ${zc} or leave the class out`);
          else this.error(tok.start, tok.end, `a second class after '${show(h.classTok.text)}': BIND reads CLASS0 as no class and takes this one, but mailzone keeps one class per record and cannot read the rest of it; write the class once (${c === 'CLASS0' ? 'or leave both out' : `just ${c}`})`);
          return undefined;
        }
        if (c !== 'CLASS0') h.cls = c;
        h.classTok = tok;
        tok = ++k < nt ? toks[k] : undefined;
      }
    }
    if (tok === undefined) {
      const last = toks[k - 1];
      this.error(last.start, last.end, `expected ${expectedHead(h.ttlTok, h.classTok)} after '${show(last.text)}', found the end of the line`);
      return undefined;
    }
    const type = typeOf(tok);
    if (type === undefined) {
      const d = tok.text.charCodeAt(0);
      const hint = d >= 48 && d <= 57 && !h.ttlTok ? ' (a TTL is a number of seconds or units like 1h30m)' : '';
      // A word where the type goes: a type BIND does not know ("unknown RR type"), which it refuses.
      const word = /^[A-Za-z][A-Za-z0-9-]*$/.test(tok.text) && (h.classTok !== undefined || h.ttlTok !== undefined) && classOf(tok) === undefined;
      if (word)
        this.error(tok.start, tok.end, `'${show(tok.text)}' is not a record type BIND knows ("unknown RR type"), so it refuses the zone: check the spelling (A, AAAA, MX, TXT, CNAME …), or write a type without a name as TYPEnnn with \\# data (RFC 3597)`);
      else this.error(tok.start, tok.end, `expected ${expectedHead(h.ttlTok, h.classTok)}, found '${show(tok.text)}'${hint}`);
      return undefined;
    }
    if (META_TYPES.has(type)) {
      this.error(tok.start, tok.end, `the type ${type} cannot appear in a zone file (it exists only in queries or is obsolete); delete the record`);
      return undefined;
    }
    h.type = type;
    h.typeTok = tok;
    h.next = k + 1;
    return h;
  }

  // ---------------------------------------------------------------- directives

  private directive(file: SourceFileT, toks: Token[], recLine: number, depth: number): void {
    const d = toks[0];
    const name = d.text.toUpperCase();
    const arg = toks[1];
    const missing = (what: string) => this.error(d.start, d.end, `${d.text} needs ${what}; add it after ${d.text} on the same line`);
    const extra = (idx: number, what: string) => {
      const x = toks[idx];
      if (x) this.error(x.start, x.end, `unexpected '${show(x.text)}' after ${what}; delete it, or start it with ';' if it is a comment`);
      return x !== undefined;
    };
    if (arg && this.noFinalNewline && (name === '$ORIGIN' || name === '$TTL' || name === '$GENERATE')) {
      // BIND reads a directive's line up to its line break and fails without one ("extra input text").
      this.error(d.start, d.end, `${name} on the last line of the file with no line break after it: BIND refuses the zone ("extra input text"), so none of its records are served; end the file with a newline`);
    }
    switch (name) {
      case '$ORIGIN': {
        if (!arg) return missing('a domain name');
        if (arg.text.charCodeAt(0) === 34) {
          this.error(arg.start, arg.end, `the $ORIGIN name cannot be quoted (BIND: "unbalanced quotes"); remove the quotes`);
          return;
        }
        const o = absName(arg.text, this.origin, this.originUpper);
        if (o === undefined) {
          this.error(arg.start, arg.end, `bad $ORIGIN '${show(arg.text)}': ${nameError}`);
          return;
        }
        if (extra(2, 'the $ORIGIN name')) return;
        // An $ORIGIN before the first record of the main file names the zone when none is known,
        // or when it is not inside the given one (a file name's guess): the file is for that zone.
        if (depth === 0 && this.zone.records.length === 0 && !this.sawOutside) {
          const lo = lowerName(o, nameHasUpper);
          if ((this.top === undefined || !inZone(lo, this.top)) && !lo.endsWith(UNKNOWN_ORIGIN)) {
            this.top = lo === '.' ? undefined : lo;
            this.bump();
          }
        }
        this.setOrigin(o);
        if (this.firstOrigin === undefined && depth === 0) this.firstOrigin = lowerName(o, nameHasUpper);
        return;
      }
      case '$TTL': {
        if (!arg) return missing('a TTL');
        const v = parseTtl(arg.text);
        if (v < 0) {
          this.error(arg.start, arg.end, `expected a TTL (seconds, or units like 1h30m) after $TTL, found '${show(arg.text)}'`);
          return;
        }
        if (extra(2, 'the $TTL value')) return;
        this.defaultTtl = limitTtl(v);
        this.defaultTtlKnown = true;
        this.bump();
        return;
      }
      case '$INCLUDE':
        this.include(file, toks, depth);
        return;
      case '$GENERATE':
        this.generate(file, toks, recLine);
        return;
      default:
        this.error(d.start, d.end, `unknown directive '${show(d.text)}': expected $ORIGIN, $TTL, $INCLUDE or $GENERATE`);
    }
  }

  private include(file: SourceFileT, toks: Token[], depth: number): void {
    const d = toks[0];
    const ft = toks[1];
    if (!ft) {
      this.error(d.start, d.end, '$INCLUDE needs a file name; write $INCLUDE followed by the path of the file, like $INCLUDE zones/spf.inc');
      return;
    }
    const dec = decodeCharString(ft.text);
    const rel = dec.value;
    let newOrigin: string | undefined;
    if (toks[2]) {
      const o = absName(toks[2].text, this.origin, this.originUpper);
      if (o === undefined) {
        this.error(toks[2].start, toks[2].end, `bad origin '${show(toks[2].text)}' for $INCLUDE: ${nameError}`);
        return;
      }
      newOrigin = o;
      if (toks[3]) {
        this.error(toks[3].start, toks[3].end, `unexpected '${show(toks[3].text)}' after the $INCLUDE origin: $INCLUDE takes a file name and an optional origin; delete it, or start it with ';' if it is a comment`);
        return;
      }
    }
    // Where BIND looks depends on how it runs (named-checkzone: its working directory; named: its
    // `directory`), which in a zone repository is the repository root. mailzone tries the
    // including file's directory first, then the workspace root, and never reads outside the root.
    const root = this.options.workspaceRoot;
    const candidates = [path.resolve(path.dirname(file.path), rel)];
    if (root !== undefined && !path.isAbsolute(rel)) {
      const fromRoot = path.resolve(root, rel);
      if (fromRoot !== candidates[0]) candidates.push(fromRoot);
    }
    const inside = this.options.insideWorkspace;
    const allowed = root === undefined ? candidates : candidates.filter((c) => insideDir(root, c) && (!inside || inside(c)));
    if (allowed.length === 0) {
      this.problem(file, ft.start, ft.end, `$INCLUDE of '${show(rel)}' points outside the workspace (${root}): mailzone does not read it, so its records are not checked; keep included files inside the workspace`, INCLUDE_RULE);
      return;
    }
    if (depth + 1 > MAX_INCLUDE_DEPTH) {
      this.error(ft.start, ft.end, `$INCLUDE nested more than ${MAX_INCLUDE_DEPTH} levels deep: mailzone does not follow it, so the records of '${show(rel)}' are not checked (include chains that deep are usually a mistake); include the file from a file higher up`);
      return;
    }
    if (this.includes >= MAX_INCLUDES) {
      if (!this.includesCut) {
        this.includesCut = true;
        this.problem(
          file,
          ft.start,
          ft.end,
          `$INCLUDE not followed: this zone has already included files ${MAX_INCLUDES} times (files that include others several times multiply), more than mailzone follows, so the records of this and every later $INCLUDE are not checked; BIND reads them all and may take hours to load the zone. Include each file once`,
          INCLUDE_RULE,
        );
      }
      return;
    }
    let abs = allowed[0];
    let sub: SourceFileT | undefined;
    let why = '';
    for (const c of allowed) {
      if (this.stack.includes(c)) {
        const chain = [...this.stack.slice(this.stack.indexOf(c)), c].map((p) => path.basename(p)).join(' → ');
        // The catalog's rule for an $INCLUDE that cannot be followed ("… or back at itself").
        this.problem(file, ft.start, ft.end, `$INCLUDE cycle: ${chain}; a file cannot include itself, directly or through others (BIND never finishes loading it)`, INCLUDE_RULE);
        return;
      }
      sub = this.included.get(c);
      if (sub) {
        abs = c;
        break;
      }
      let text: string | undefined;
      try {
        text = this.options.readFile ? this.options.readFile(c) : undefined;
      } catch (e) {
        // A reader may say why it refused the file (a device, a pipe, too big).
        if (!why && e instanceof Error) why = e.message;
        text = undefined;
      }
      if (text !== undefined) {
        abs = c;
        sub = new SourceFile(c, text);
        this.included.set(c, sub);
        this.zone.files.push(sub);
        break;
      }
    }
    if (sub === undefined) {
      const tried =
        allowed.length === 1
          ? `(${allowed[0]})`
          : `(tried ${allowed[0]}, next to the including file, and ${allowed[1]}, in the workspace root)`;
      const outside = candidates.filter((c) => !allowed.includes(c));
      const skipped = outside.length > 0 ? `; ${outside.join(' and ')} ${outside.length === 1 ? 'is' : 'are'} outside the workspace (${root}) and ${outside.length === 1 ? 'was' : 'were'} not read` : '';
      const reason = why ? `: ${why}` : '';
      const fix = why ? 'include a regular file' : 'check the path';
      this.problem(file, ft.start, ft.end, `$INCLUDE of '${show(rel)}' cannot be read ${tried}${reason}${skipped}. Its records are missing from the zone, and BIND refuses to load a zone whose $INCLUDE fails; ${fix}`, INCLUDE_RULE);
      return;
    }
    this.includes++;
    const saveOrigin = this.origin;
    const saveOwner = this.owner;
    if (newOrigin !== undefined) this.setOrigin(newOrigin);
    this.stack.push(abs);
    this.parseFile(sub, depth + 1);
    this.stack.pop();
    this.setOrigin(saveOrigin);
    this.owner = saveOwner;
  }

  /** $GENERATE start-stop[/step] lhs [ttl] [class] type rhs */
  private generate(file: SourceFileT, toks: Token[], recLine: number): void {
    const d = toks[0];
    const rt = toks[1];
    if (!rt) {
      this.error(d.start, d.end, '$GENERATE needs a range (like 1-100), an owner template, a type and an rdata template');
      return;
    }
    const range = parseRange(rt.text);
    if (typeof range === 'string') {
      this.error(rt.start, rt.end, `invalid $GENERATE range '${show(rt.text)}' (BIND: "invalid range"): ${range}; write start-stop or start-stop/step, like 1-100 or 0-254/2`);
      return;
    }
    const { start, stop, step } = range;
    const count = Math.floor((stop - start) / step) + 1;
    if (count > GENERATE_LIMIT) {
      this.error(rt.start, rt.end, `$GENERATE range '${show(rt.text)}' would make ${count} records; mailzone reads at most ${GENERATE_LIMIT} per $GENERATE line (BIND loads them all), so none of them is checked; split the range`);
      return;
    }
    if (this.generated + count > GENERATE_TOTAL_LIMIT) {
      this.error(rt.start, rt.end, `this $GENERATE would bring the generated records of the zone over ${GENERATE_TOTAL_LIMIT}; mailzone stops expanding $GENERATE here, so these records are not checked`);
      return;
    }
    const lhs = toks[2];
    if (!lhs) {
      this.error(rt.start, rt.end, `expected an owner template after the $GENERATE range, found the end of the line`);
      return;
    }
    if (lhs.text.charCodeAt(0) === 34) {
      this.error(lhs.start, lhs.end, `the $GENERATE owner template cannot be quoted (BIND: "unbalanced quotes"); remove the quotes`);
      return;
    }
    const head = this.head(toks, 3, toks.length);
    if (!head) return;
    const { ttl: headTtl, ttlTok, cls, classTok, type, typeTok } = head;
    const typeIdx = head.next - 1;
    const rhs = toks[typeIdx + 1];
    if (!rhs) {
      this.error(typeTok.start, typeTok.end, `expected the rdata template after '${show(typeTok.text)}', found the end of the line`);
      return;
    }
    if (toks[typeIdx + 2]) {
      const x = toks[typeIdx + 2];
      this.error(x.start, x.end, `unexpected '${show(x.text)}': a $GENERATE rdata template is one field; quote it if it has spaces`);
      return;
    }
    const quoted = rhs.text.charCodeAt(0) === 34;
    const rhsText = quoted ? quotedTemplate(rhs.text) : rhs.text;
    const lt = compileTemplate(lhs.text);
    if (typeof lt === 'string') {
      this.error(lhs.start, lhs.end, lt);
      return;
    }
    const rtpl = compileTemplate(rhsText);
    if (typeof rtpl === 'string') {
      this.error(rhs.start, rhs.end, rtpl);
      return;
    }
    if (count * (lhs.text.length + rhsText.length) > GENERATE_TEXT_LIMIT) {
      this.error(rt.start, rt.end, `this $GENERATE would write over ${GENERATE_TEXT_LIMIT} characters of names and rdata; mailzone does not expand it, shorten the templates or the range`);
      return;
    }
    // BIND reads the expanded rdata template on its own while the '(' read before it are still open.
    const parens = openParens(file.text, toks, typeIdx + 1);
    this.generated += count;
    this.generatedOutside = false;
    this.bump();
    // Fields without a '$' are the same for every record: split them once.
    const constText = rtpl.length === 1 && typeof rtpl[0] === 'string' ? rtpl[0] : undefined;
    const constFields = constText !== undefined ? splitFields(constText, rhs.start, rhs.end, parens) : undefined;
    const before = this.zone.problems.length;
    let commentWarned = false;
    for (let v = start, c = 0; c < count; v += step, c++) {
      const ownerText = expand(lt, v);
      if (ownerText === undefined || ownerText.length >= LHS_BUFFER) {
        this.error(lhs.start, lhs.end, `$GENERATE cannot make the owner name for ${v}: ${ownerText === undefined ? expandOut.error : `it is ${LHS_BUFFER} characters or more, and BIND refuses to load the zone ("ran out of space"); shorten the owner template`}`);
        break;
      }
      const abs = absName(ownerText, this.origin, this.originUpper);
      if (abs === undefined) {
        this.error(lhs.start, lhs.end, `$GENERATE makes the bad owner name '${show(ownerText)}': ${nameError}`);
        break;
      }
      const owner = lowerName(abs, nameHasUpper);
      let fields: Token[] | undefined;
      if (constText !== undefined) fields = constFields?.slice();
      else {
        const text = expand(rtpl, v);
        if (text === undefined || text.length >= RHS_BUFFER) {
          this.error(rhs.start, rhs.end, `$GENERATE cannot make the rdata for ${v}: ${text === undefined ? expandOut.error : `it is ${RHS_BUFFER} characters or more, and BIND refuses to load the zone ("ran out of space"); shorten the rdata template`}`);
          break;
        }
        fields = splitFields(text, rhs.start, rhs.end, parens);
      }
      if (fields === undefined) {
        this.error(rhs.start, rhs.end, `BIND reads the expanded $GENERATE rdata template as a line of its own, and ${splitOut.error}`);
        break;
      }
      if (splitOut.comment >= 0 && quoted && !commentWarned && !this.quiet) {
        commentWarned = true;
        this.zone.problems.push({
          rule: SYNTAX,
          severity: 'warning',
          message: `the ';' in this quoted $GENERATE rdata template starts a comment: BIND reads the expanded template as a line of its own, so everything from the ';' on is dropped from the records. To keep it, put the data in escaped quotes inside the template ("\\"v=DKIM1; k=rsa\\""), which keeps it one string as written; \\; keeps the ';' but splits the data into strings at each space`,
          file,
          start: rhs.start,
          end: rhs.end,
        });
      }
      // Tokens keep the source text (the templates); the expanded rdata goes to rec.rdata.
      if (!this.emit(file, owner, lhs, headTtl, ttlTok, cls, classTok, type, typeTok, fields, 0, fields.length, recLine, d.start, rhs.end, 2, true)) {
        if (this.zone.problems.length > before) break; // one report per $GENERATE line: the template is wrong for every value
      }
    }
  }
}

/** The '(' still open before toks[upto] of a directive line (the text between its tokens, comments skipped). */
function openParens(t: string, toks: Token[], upto: number): number {
  let depth = 0;
  for (let k = 1; k <= upto && k < toks.length; k++) {
    const end = toks[k].start;
    for (let i = toks[k - 1].end; i < end; i++) {
      const c = t.charCodeAt(i);
      if (c === 40) depth++;
      else if (c === 41 && depth > 0) depth--;
      else if (c === 59) {
        while (i < end && t.charCodeAt(i) !== 10) i++;
      }
    }
  }
  return depth;
}

/** Characters that end an unquoted token (whitespace, ( ) " ;), escape the next one (\\) or are refused there (NUL). */
const ENDS_TOKEN = new Uint8Array(128);
for (const c of [32, 9, 10, 13, 59, 40, 41, 34, 92, 0]) ENDS_TOKEN[c] = 1;
/** What may come after the owner, given what has been read (no closure per record). */
function expectedHead(ttlTok: Token | undefined, classTok: Token | undefined): string {
  const parts: string[] = [];
  if (!ttlTok) parts.push('a TTL');
  if (!classTok) parts.push('a class');
  parts.push('a record type');
  return parts.length === 1 ? parts[0] : parts.slice(0, -1).join(', ') + ' or ' + parts[parts.length - 1];
}

function firstCode(tok: Token): number {
  return tok instanceof LexToken ? tok.src.charCodeAt(tok.start) : tok.text.charCodeAt(0);
}

/** classFromText(tok.text), without cutting the text of the tokens that are no class. */
function classOf(tok: Token): string | undefined {
  if (!(tok instanceof LexToken)) return classFromText(tok.text);
  const len = tok.end - tok.start;
  if (len === 2) {
    const a = tok.src.charCodeAt(tok.start) | 0x20;
    const b = tok.src.charCodeAt(tok.start + 1) | 0x20;
    if (a === 105 && b === 110) return 'IN';
    if (a === 99 && b === 104) return 'CH';
    if (a === 104 && b === 115) return 'HS';
    return undefined;
  }
  return len < 3 ? undefined : classFromText(tok.text);
}

/** parseTtl(tok.text); plain seconds are read in place. */
function ttlOf(tok: Token): number {
  if (tok instanceof LexToken && tok.end - tok.start <= 9) {
    const t = tok.src;
    let v = 0;
    let i = tok.start;
    for (; i < tok.end; i++) {
      const c = t.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
    }
    if (i === tok.end) return v;
  }
  return parseTtl(tok.text);
}

/** The common types, matched in place (any case); the rest through typeFromText. */
const COMMON_TYPES = ['A', 'NS', 'MX', 'TXT', 'AAAA', 'CNAME', 'SOA', 'SRV', 'PTR', 'CAA'];
function typeOf(tok: Token): string | undefined {
  if (tok instanceof LexToken) {
    const len = tok.end - tok.start;
    const t = tok.src;
    const s = tok.start;
    for (let k = 0; k < COMMON_TYPES.length; k++) {
      const name = COMMON_TYPES[k];
      if (name.length !== len) continue;
      let j = 0;
      while (j < len) {
        const c = t.charCodeAt(s + j);
        if (c >= 128 || (c & 0xdf) !== name.charCodeAt(j)) break;
        j++;
      }
      if (j === len) return name;
    }
  }
  return typeFromText(tok.text);
}

function limitTtl(v: number): number {
  // BIND: "TTL > MAXTTL, setting TTL to 0" (RFC 2181 §8).
  return v > 0x7fffffff ? 0 : v < 0 ? 0 : v;
}

/** What reparseZone() needs to know about how a zone was read. */
export interface ParseInfo {
  options: ParseZoneOptions;
  /** zone.origin when there is no SOA. */
  fallbackOrigin: string;
  /** The state before the first line. */
  initialMeta: ZoneRecordMeta;
  /** Offsets of the directive lines of the main file, in order. */
  directiveAt: number[];
  /** Offsets where reading resumed after an unclosed '(' in the main file, in order. */
  rewindAt: number[];
}

const quietSink: RdataSink = {
  origin: '.',
  originUpper: false,
  error() {
    /* only the names matter here */
  },
};

/** Whether a record's owner or a name in its rdata was made absolute against UNKNOWN_ORIGIN. */
function usesUnknownOrigin(r: DnsRecord): boolean {
  if (r.owner.endsWith(UNKNOWN_ORIGIN)) return true;
  const meta = r.meta as Partial<ZoneRecordMeta> | undefined;
  const origin = meta?.origin;
  if (typeof origin !== 'string' || !origin.endsWith(UNKNOWN_ORIGIN)) return false;
  if (r.target?.endsWith(UNKNOWN_ORIGIN)) return true;
  if (r.rdata !== undefined) return r.rdata.includes(UNKNOWN_ORIGIN);
  const toks = r instanceof ZoneRecord ? r.readTokens() : { type: r.typeTok, fields: r.fields };
  const out: string[] = [];
  quietSink.origin = origin;
  quietSink.originUpper = meta?.originUpper === true;
  readRdata(r.type, toks.type, toks.fields, quietSink, out, true);
  for (const x of out) if (x.includes(UNKNOWN_ORIGIN)) return true;
  return false;
}

/** A quoted first word of a line as BIND's lexer gives it: without the quotes, with \" as ". */
function unquoteOwner(q: string): string {
  const end = q.length > 1 && q.charCodeAt(q.length - 1) === 34 ? q.length - 1 : q.length;
  return q.slice(1, end).replace(/\\(.)|\\$/gs, (m: string, c: string | undefined) => (c === '"' ? '"' : m));
}

/** Whether the absolute lower-case name `name` is `top` or below it (an escaped dot separates no labels). */
function inZone(name: string, top: string): boolean {
  if (top === '.' || name === top) return true;
  const k = name.length - top.length - 1;
  if (k < 0 || name.charCodeAt(k) !== 46 || !name.endsWith(top)) return false;
  let b = 0;
  while (k - b - 1 >= 0 && name.charCodeAt(k - b - 1) === 92) b++;
  return b % 2 === 0;
}

/** Whether `p` (absolute) is `dir` or inside it. */
function insideDir(dir: string, p: string): boolean {
  const r = path.relative(path.resolve(dir), p);
  return !(r === '..' || r.startsWith('..' + path.sep) || path.isAbsolute(r));
}

/** Zones read by parseZoneFile() (or reparseZone()) → how. */
export const PARSED = new WeakMap<Zone, ParseInfo>();

export function parseZoneFile(file: SourceFileT, options: ParseZoneOptions): Zone {
  return new ZoneParser(file, options).run();
}
