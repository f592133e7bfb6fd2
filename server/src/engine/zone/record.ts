// A zone-file record that keeps only its span: the tokens (ownerTok, ttlTok, classTok, typeTok,
// fields, targetTok) are read again from the source text on first access and then cached. A
// million-record zone thus holds one object per record instead of a dozen, which is most of the
// parser's speed: retaining token objects, not reading them, is what costs.
import type { CharString, DnsRecord, SourceFile, SourceFormat, Token } from '../model';

export const HAS_OWNER = 1;
export const HAS_TTL = 2;
export const HAS_CLASS = 4;
export const CLASS_FIRST = 8;
/** Tokens to skip before the owner ($GENERATE records: the directive and its range). */
export const SKIP_SHIFT = 4;

/** The tokens of [start, end) of text, as the parser's lexer cuts them (comments and parens skipped). */
export function relex(text: string, start: number, end: number): Token[] {
  const out: Token[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 40 || c === 41) {
      i++;
      continue;
    }
    if (c === 59) {
      while (i < end) {
        const d = text.charCodeAt(i);
        if (d === 10 || d === 13) break;
        i++;
      }
      continue;
    }
    const s = i;
    if (c === 34) {
      i++;
      while (i < end) {
        const d = text.charCodeAt(i);
        if (d === 92) {
          i += 2;
          continue;
        }
        i++;
        if (d === 34) break;
      }
    } else {
      while (i < end) {
        const d = text.charCodeAt(i);
        if (d === 32 || d === 9 || d === 10 || d === 13 || d === 59 || d === 40 || d === 41 || d === 34) break;
        i += d === 92 ? 2 : 1;
      }
    }
    if (i > end) i = end;
    out.push({ start: s, end: i, text: text.slice(s, i) });
  }
  return out;
}

interface Toks {
  owner: Token | undefined;
  ttl: Token | undefined;
  cls: Token | undefined;
  type: Token;
  fields: Token[];
}

export class ZoneRecord implements DnsRecord {
  readonly format: SourceFormat = 'zone';
  rdata: string | undefined = undefined;
  private toks: Toks | undefined = undefined;

  class: string;

  constructor(
    public start: number,
    public end: number,
    public file: SourceFile,
    public line: number,
    public owner: string,
    public ttl: number,
    cls: string,
    public type: string,
    public strings: CharString[] | undefined,
    public target: string | undefined,
    public preference: number | undefined,
    public meta: Record<string, unknown> | undefined,
    /** HAS_OWNER | HAS_TTL | HAS_CLASS | CLASS_FIRST | skip << SKIP_SHIFT */
    private readonly flags: number,
    /** Index in fields of the target name, -1 when none. */
    private readonly targetIndex: number,
  ) {
    this.class = cls;
  }

  /** The tokens, read fresh from the source (not cached): for one-off work like rdataText(). */
  readTokens(): Toks {
    const all = relex(this.file.text, this.start, this.end);
    const f = this.flags;
    let k = f >> SKIP_SHIFT;
    const owner = f & HAS_OWNER ? all[k++] : undefined;
    let ttl: Token | undefined;
    let cls: Token | undefined;
    if (f & CLASS_FIRST) {
      if (f & HAS_CLASS) cls = all[k++];
      if (f & HAS_TTL) ttl = all[k++];
    } else {
      if (f & HAS_TTL) ttl = all[k++];
      if (f & HAS_CLASS) cls = all[k++];
    }
    const type = all[k++];
    return { owner, ttl, cls, type, fields: all.slice(k) };
  }

  private t(): Toks {
    return this.toks ?? (this.toks = this.readTokens());
  }

  get ownerTok(): Token | undefined {
    return this.t().owner;
  }
  get ttlTok(): Token | undefined {
    return this.t().ttl;
  }
  get classTok(): Token | undefined {
    return this.t().cls;
  }
  get typeTok(): Token {
    return this.t().type;
  }
  get fields(): Token[] {
    return this.t().fields;
  }
  get targetTok(): Token | undefined {
    return this.targetIndex < 0 ? undefined : this.t().fields[this.targetIndex];
  }
}
