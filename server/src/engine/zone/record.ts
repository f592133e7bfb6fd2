// A zone-file record that keeps only what rules read on every record: its span, line, owner, TTL,
// type, and one slot for the type's decoded data (TXT strings or a target name). Everything shared
// by the records of one parser state (file, origin, class, $TTL …) is in `meta`, one frozen object
// per state; format/file/class/strings/target/preference are prototype getters. The tokens
// (ownerTok, ttlTok, classTok, typeTok, fields, targetTok) are read again from the source text on
// first access and then cached. A million-record zone thus holds one small object per record (plus
// its strings) instead of a dozen: retaining objects, not reading them, is what costs.
import type { CharString, DnsRecord, SourceFile, SourceFormat, Token } from '../model';

export const HAS_OWNER = 1;
export const HAS_TTL = 2;
export const HAS_CLASS = 4;
export const CLASS_FIRST = 8;
/** Tokens to skip before the owner ($GENERATE records: the directive and its range). */
export const SKIP_SHIFT = 4;
const SKIP_MASK = 3 << SKIP_SHIFT;
/** The index in fields of the target name: 0 none, 1: index 0 (NS, CNAME …), 2: index 1 (MX), 3: index 3 (SRV). */
const TARGET_SHIFT = 6;
const TARGET_MASK = 3;
const TARGET_CODE = [1, 2, 0, 3];
const TARGET_INDEX = [-1, 0, 1, 3];
/** The type's code in RECORD_TYPES, 0 for a type kept in the record's extra object. */
const TYPE_SHIFT = 8;
const TYPE_MASK = 15;
/** Set when the record's data slot holds an Extra. */
const HAS_EXTRA = 1 << 12;
/** preference + 1, 0 when none (17 bits: the whole word stays under 2^30, a small integer for V8). */
const PREF_SHIFT = 13;

/** The types a record stores as a 4-bit code (index + 1); others are kept in ZoneRecord's extra object. */
const RECORD_TYPES = ['A', 'AAAA', 'TXT', 'MX', 'CNAME', 'NS', 'SRV', 'PTR', 'CAA', 'SOA', 'SPF', 'TLSA', 'DS', 'HTTPS', 'SVCB'];
const TYPE_CODE = new Map<string, number>(RECORD_TYPES.map((t, i) => [t, i + 1]));
const TYPE_BY_CODE: (string | undefined)[] = [undefined, ...RECORD_TYPES];

/**
 * The parser state shared by consecutive records (rec.meta). A new object is made whenever any of
 * it changes ($ORIGIN, $TTL, the zone's class, …), so two records with the same meta object were
 * read in the same state. rdataText() needs `origin`; reparseZone() compares states by identity.
 */
export type ZoneRecordMeta = {
  readonly origin: string;
  readonly originUpper: boolean;
  readonly file: SourceFile;
  /** The zone's class once a record named one, else undefined (records read as IN). */
  readonly zclass: string | undefined;
  readonly defaultTtl: number;
  readonly defaultTtlKnown: boolean;
  readonly noTtlReported: boolean;
  /** Records produced by $GENERATE so far. */
  readonly generated: number;
  /**
   * The zone (lower case, absolute) whose records are kept: others are out of zone, which BIND
   * ignores. Undefined: not known, every name is kept.
   */
  readonly top: string | undefined;
};

/** Packs the flags, the target index, the type's code and the preference into one small integer. */
export function recordBits(flags: number, targetIndex: number, preference: number | undefined, type: string): number {
  const ti = targetIndex >= 0 && targetIndex < TARGET_CODE.length ? TARGET_CODE[targetIndex] : 0;
  const pref = preference === undefined || preference < 0 || preference > 65535 ? 0 : preference + 1;
  const code = TYPE_CODE.get(type) ?? 0;
  return flags | (ti << TARGET_SHIFT) | (code << TYPE_SHIFT) | (pref << PREF_SHIFT);
}

/** The tokens of [start, end) of text, as the parser's lexer cuts them (comments and parens skipped). */
export function relex(text: string, start: number, end: number): Token[] {
  const out: Token[] = [];
  relexInto(text, start, end, out, -1);
  return out;
}

/** relex(text, start, end)[nth] without making the others. */
export function relexNth(text: string, start: number, end: number, nth: number): Token | undefined {
  const out: Token[] = [];
  relexInto(text, start, end, out, nth);
  return out[0];
}

/** Pushes the tokens to out (only the nth when nth >= 0). */
function relexInto(text: string, start: number, end: number, out: Token[], nth: number): void {
  let k = 0;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 40 || c === 41) {
      i++;
      continue;
    }
    if (c === 59) {
      while (i < end && text.charCodeAt(i) !== 10) i++;
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
    if (nth < 0) out.push({ start: s, end: i, text: text.slice(s, i) });
    else if (k++ === nth) {
      out.push({ start: s, end: i, text: text.slice(s, i) });
      return;
    }
  }
}

interface Toks {
  owner: Token | undefined;
  ttl: Token | undefined;
  cls: Token | undefined;
  type: Token;
  fields: Token[];
}

type Data = CharString[] | string | undefined;

/**
 * What few records need, in the record's data slot: a type without a code, the presentation text
 * once rdataText() set it, the tokens once asked for (and the data the slot held before).
 */
class Extra {
  constructor(
    public data: Data,
    public type: string | undefined,
    public rdata: string | undefined,
    public lz: Toks | undefined,
  ) {}
}

export class ZoneRecord implements DnsRecord {
  declare start: number;
  declare end: number;
  declare line: number;
  declare owner: string;
  declare ttl: number;
  declare meta: ZoneRecordMeta;
  /**
   * TXT/SPF: the strings; NS, CNAME, MX …: the absolute target; else undefined. Or an Extra that
   * holds that data and the rarely needed rest: one slot for what most records never use.
   */
  declare private d: Data | Extra;
  /** HAS_OWNER | HAS_TTL | HAS_CLASS | CLASS_FIRST | skip, target index, type code, preference (recordBits). */
  declare private bits: number;

  private constructor() {}

  /**
   * A record, made as an object literal with the class's prototype rather than with `new`: V8
   * tracks how long literal-made objects live and allocates them straight in the old generation
   * once it sees they all survive, which saves copying every record twice through the young one.
   * `bits` comes from recordBits() (with the same type).
   */
  static make(
    start: number,
    end: number,
    line: number,
    owner: string,
    ttl: number,
    type: string,
    meta: ZoneRecordMeta,
    data: Data,
    bits: number,
  ): ZoneRecord {
    let d: Data | Extra = data;
    if (((bits >> TYPE_SHIFT) & TYPE_MASK) === 0) {
      d = new Extra(data, type, undefined, undefined);
      bits |= HAS_EXTRA;
    }
    return { __proto__: PROTO, start, end, line, owner, ttl, meta, d, bits } as unknown as ZoneRecord;
  }

  /** The Extra of the record, made when it has none. */
  private extra(): Extra {
    if (this.bits & HAS_EXTRA) return this.d as Extra;
    this.bits |= HAS_EXTRA;
    return (this.d = new Extra(this.d as Data, undefined, undefined, undefined));
  }

  private get data(): Data {
    return this.bits & HAS_EXTRA ? (this.d as Extra).data : (this.d as Data);
  }

  /** Upper-case mnemonic ("TXT") or "TYPEnnn". */
  get type(): string {
    return TYPE_BY_CODE[(this.bits >> TYPE_SHIFT) & TYPE_MASK] ?? (this.d as Extra).type!;
  }

  /** Presentation form of the rdata, set by rdataText() (or at parse time for $GENERATE). */
  get rdata(): string | undefined {
    return this.bits & HAS_EXTRA ? (this.d as Extra).rdata : undefined;
  }
  set rdata(v: string | undefined) {
    if (v !== undefined || this.bits & HAS_EXTRA) this.extra().rdata = v;
  }

  /** The cached tokens, if any. */
  private get lz(): Toks | undefined {
    return this.bits & HAS_EXTRA ? (this.d as Extra).lz : undefined;
  }
  private set lz(v: Toks | undefined) {
    if (v !== undefined || this.bits & HAS_EXTRA) this.extra().lz = v;
  }

  get format(): SourceFormat {
    return 'zone';
  }
  get file(): SourceFile {
    return this.meta.file;
  }
  get class(): string {
    return this.meta.zclass ?? 'IN';
  }
  get strings(): CharString[] | undefined {
    const d = this.data;
    return typeof d === 'object' ? d : undefined;
  }
  get target(): string | undefined {
    const d = this.data;
    return typeof d === 'string' ? d : undefined;
  }
  get preference(): number | undefined {
    const p = this.bits >>> PREF_SHIFT;
    return p === 0 ? undefined : p - 1;
  }
  /** HAS_OWNER | HAS_TTL | HAS_CLASS | CLASS_FIRST and the skip count (see the constants). */
  get flags(): number {
    return this.bits & (SKIP_MASK | 15);
  }

  /** The tokens, read fresh from the source (not cached): for one-off work like rdataText(). */
  readTokens(): Toks {
    const all = relex(this.meta.file.text, this.start, this.end);
    const f = this.bits;
    let k = (f & SKIP_MASK) >> SKIP_SHIFT;
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
    return this.lz ?? (this.lz = this.readTokens());
  }

  /**
   * Moves the record by `delta` characters (and `lines` lines) into `meta` (the same state for
   * the new text): reparseZone() reuses the records after an edit this way. Cached tokens are
   * dropped; the strings' spans move with the record.
   */
  shift(delta: number, lines: number, meta: ZoneRecordMeta): void {
    this.meta = meta;
    this.line += lines;
    if (delta === 0) return;
    this.start += delta;
    this.end += delta;
    this.lz = undefined;
    const d = this.data;
    if (typeof d === 'object') for (let i = 0; i < d.length; i++) {
      const s = d[i];
      s.start += delta;
      s.end += delta;
    }
  }

  // The single tokens come from the cache when the tokens were read; else only that token is cut
  // (not cached): rules that only need a span for a finding should not make a record keep them all.
  get ownerTok(): Token | undefined {
    if (this.lz) return this.lz.owner;
    return this.bits & HAS_OWNER ? this.nth(0) : undefined;
  }
  get ttlTok(): Token | undefined {
    if (this.lz) return this.lz.ttl;
    const f = this.bits;
    if (!(f & HAS_TTL)) return undefined;
    return this.nth((f & HAS_OWNER) + (f & CLASS_FIRST && f & HAS_CLASS ? 1 : 0));
  }
  get classTok(): Token | undefined {
    if (this.lz) return this.lz.cls;
    const f = this.bits;
    if (!(f & HAS_CLASS)) return undefined;
    return this.nth((f & HAS_OWNER) + (!(f & CLASS_FIRST) && f & HAS_TTL ? 1 : 0));
  }
  get typeTok(): Token {
    if (this.lz) return this.lz.type;
    const f = this.bits;
    return this.nth((f & HAS_OWNER) + ((f & HAS_TTL) >> 1) + ((f & HAS_CLASS) >> 2))!;
  }
  /** The nth token after the skipped ones, cut fresh. */
  private nth(n: number): Token | undefined {
    return relexNth(this.meta.file.text, this.start, this.end, ((this.bits & SKIP_MASK) >> SKIP_SHIFT) + n);
  }
  get fields(): Token[] {
    return this.t().fields;
  }
  /** From the cached tokens when there are; else only this token is cut (not cached). */
  get targetTok(): Token | undefined {
    const ti = TARGET_INDEX[(this.bits >> TARGET_SHIFT) & TARGET_MASK];
    if (ti < 0) return undefined;
    if (this.lz) return this.lz.fields[ti];
    const f = this.bits;
    return this.nth((f & HAS_OWNER) + ((f & HAS_TTL) >> 1) + ((f & HAS_CLASS) >> 2) + 1 + ti);
  }
}

const PROTO = ZoneRecord.prototype;
