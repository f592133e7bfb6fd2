// A fast reader for the block-style YAML subset octoDNS record files are written in. It builds the
// very nodes the `yaml` package's Composer would build (Scalar / YAMLMap / YAMLSeq / Pair with the
// same value, source, type, format and range), so the octoDNS reader works on them unchanged — but
// without yaml's Lexer → CST → Composer pipeline, which costs ~0.5 s on a 10k-record file.
//
// Subset: block mappings and sequences (also a sequence at its key's indentation), plain and
// single-line quoted scalars, comments, one optional `---` at the top. Anything else — anchors,
// aliases, tags (`!include`), block scalars, flow collections, multi-line scalars, explicit keys,
// merge keys, directives, several documents, tabs, lone CRs, control characters, odd
// indentation — makes `fastYaml` return undefined, and the caller reads the file with `yaml` as
// before. So the fast path either gives what `parseDocument` gives or declines; the differential
// test (test/octodns-fastpath.test.mjs) checks this on the corpora, generated and fuzzed files.
//
// Ranges follow yaml's rules, including where trailing comment lines end up: a value's range[2]
// runs over the comment lines after it that are indented deeper than its collection (yaml's
// Parser attaches them to the value), and a collection that ends after comment lines indented at
// least as deep as itself ends where the next content starts (Parser.pop keeps them in it).
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, isMap, isPair, isScalar, isSeq, parseDocument, type Schema } from 'yaml';
import { countBelow, hasLoneCr } from '../model';

/** The options the octoDNS reader parses with (shared by both paths). */
export const YAML_OPTIONS = { uniqueKeys: false, version: '1.1', merge: true, prettyErrors: false, strict: false } as const;

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve(value: string, onError: (msg: string) => void, options: unknown): unknown;
}

interface Setup {
  tags: ScalarTag[];
  /** All the tags' tests as one alternation: no match, no tag (the string). */
  anyTag: RegExp | undefined;
  schema: Schema;
  options: unknown;
}

let setup: Setup | null | undefined;

function getSetup(): Setup | null {
  if (setup !== undefined) return setup;
  try {
    const d = parseDocument('', YAML_OPTIONS);
    const schema = d.schema;
    const all = (schema as unknown as { tags: (ScalarTag & { collection?: string })[] }).tags;
    // Same order as yaml's findScalarTagByTest: the first default tag whose test matches.
    const tags: ScalarTag[] = all.filter((t) => t.default === true && t.test && !t.collection && typeof t.resolve === 'function');
    const protos = makeProtos(schema);
    (FastScalarCtor as unknown as { prototype: object }).prototype = protos.scalar;
    (FastMapCtor as unknown as { prototype: object }).prototype = protos.map;
    (FastSeqCtor as unknown as { prototype: object }).prototype = protos.seq;
    (FastPairCtor as unknown as { prototype: object }).prototype = protos.pair;
    const probe = new FastScalarCtor('x', 'x', 'PLAIN', 0, 1, 1);
    const ok = isScalar(probe) && probe instanceof Scalar && isMap(new FastMapCtor()) && isSeq(new FastSeqCtor()) && isPair(new FastPairCtor(probe, probe)) && probe.range?.[1] === 1;
    const sameFlags = tags.every((t) => t.test!.flags === tags[0].test!.flags);
    const anyTag = sameFlags && tags.length ? new RegExp(tags.map((t) => `(?:${t.test!.source})`).join('|'), tags[0].test!.flags) : undefined;
    setup = (schema as unknown as { compat?: unknown }).compat || !ok ? null : { tags, schema, options: d.options, anyTag };
  } catch {
    setup = null;
  }
  return setup ?? null;
}

// Nodes: real yaml node objects (instanceof Scalar / YAMLMap / YAMLSeq / Pair, so isScalar & co.,
// toJSON and toString work) built without the classes' constructors, which define the node-type
// symbol on every instance with Object.defineProperty (a third of the cost of reading a big file).
// Here the symbol sits on a shared prototype.
const NODE_TYPE = Symbol.for('yaml.node.type');

interface Protos {
  scalar: object;
  map: object;
  seq: object;
  pair: object;
}

// The range is kept as three numbers and handed out as a fresh array: the node tree lives until
// the file is read, and 100k small arrays that survive young-generation collections cost more
// than the short-lived ones made when the reader asks.
const rangeAccessor: PropertyDescriptor = {
  get(this: { r0: number; r1: number; r2: number }) {
    return [this.r0, this.r1, this.r2];
  },
  set(this: { r0: number; r1: number; r2: number }, v: Range3) {
    this.r0 = v[0];
    this.r1 = v[1];
    this.r2 = v[2];
  },
  configurable: true,
};

function makeProtos(schema: Schema): Protos {
  const withType = (base: object, sym: string, extra: PropertyDescriptorMap = {}) =>
    Object.create(base, { [NODE_TYPE]: { value: Symbol.for(sym) }, range: rangeAccessor, ...extra });
  const schemaProp = { schema: { value: schema, configurable: true, enumerable: false, writable: true } };
  return {
    scalar: withType(Scalar.prototype, 'yaml.scalar'),
    map: withType(YAMLMap.prototype, 'yaml.map', schemaProp),
    seq: withType(YAMLSeq.prototype, 'yaml.seq', schemaProp),
    pair: Object.create(Pair.prototype, { [NODE_TYPE]: { value: Symbol.for('yaml.pair') } }),
  };
}

type Range3 = [number, number, number];

interface FastScalar {
  value: unknown;
  source: string;
  type: Scalar['type'];
  r0: number;
  r1: number;
  r2: number;
}
const FastScalarCtor = function (this: FastScalar, value: unknown, source: string, type: Scalar['type'], s: number, e: number, end: number) {
  this.value = value;
  this.source = source;
  this.type = type;
  this.r0 = s;
  this.r1 = e;
  this.r2 = end;
} as unknown as new (value: unknown, source: string, type: Scalar['type'], s: number, e: number, end: number) => Scalar;

interface FastCollection {
  items: unknown[];
  r0: number;
  r1: number;
  r2: number;
}
const FastMapCtor = function (this: FastCollection) {
  this.items = [];
  this.r0 = this.r1 = this.r2 = 0;
} as unknown as new () => YAMLMap;
const FastSeqCtor = function (this: FastCollection) {
  this.items = [];
  this.r0 = this.r1 = this.r2 = 0;
} as unknown as new () => YAMLSeq;

/** range[2] of a node (a fast one, or a Scalar a tag made). */
function endOf(n: Scalar | YAMLMap | YAMLSeq): number {
  return (n as unknown as FastScalar).r2 ?? (n.range as Range3)[2];
}

function setEnd(n: Scalar, end: number): void {
  const r = n.range as Range3;
  n.range = [r[0], r[1], end];
}

interface FastPair {
  key: unknown;
  value: unknown;
}
const FastPairCtor = function (this: FastPair, key: unknown, value: unknown) {
  this.key = key;
  this.value = value;
} as unknown as new (key: unknown, value: unknown) => Pair;

class Decline {}
const DECLINE = new Decline();

/**
 * Deepest nesting of collections the fast reader follows (a record file needs 4 or 5 levels): past
 * it the reader declines instead of running out of stack, and yaml reads (or reports) the file.
 */
const MAX_NESTING = 256;

// Characters the subset does not take anywhere: tabs, CR, other C0/C1 controls, DEL, BOM, the
// Unicode line/paragraph separators, lone surrogates are left to yaml.
const BAD_CHARS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

/**
 * The document yaml's parseDocument(text, YAML_OPTIONS) would give, for files in the subset;
 * undefined for anything else (the caller then uses yaml).
 */
export function fastYaml(text: string): Document | undefined {
  const st = getSetup();
  const lines = lineFeeds(text);
  if (!st || !lines || BAD_CHARS.test(lines.lf)) return undefined;
  let root: YAMLMap;
  try {
    root = new FastParser(lines.lf, st).parse();
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
  if (lines.back) remap(root, lines.back);
  const doc = new Document(null, YAML_OPTIONS);
  doc.contents = root as unknown as Document['contents'];
  return doc;
}

/**
 * The top-level entries of a record file one at a time, so the nodes of an entry can be dropped
 * once it is read (the whole tree of a big file would otherwise live through young-generation
 * collections). keys: all top-level keys first (the reader needs them for duplicates and the
 * origin). next() gives the entries in order, then undefined; it returns null when the file turns
 * out to be outside the subset (the caller then reads the file with yaml from the start).
 */
export interface FastEntries {
  keys: Scalar[];
  next(): Pair | undefined | null;
  /** A document to hand to code that wants one (no contents). */
  doc: Document;
}

export function fastEntries(text: string): FastEntries | undefined {
  const st = getSetup();
  const lines = lineFeeds(text);
  if (!st || !lines || BAD_CHARS.test(lines.lf)) return undefined;
  const back = lines.back;
  const parser = new FastParser(lines.lf, st);
  let keys: Scalar[];
  try {
    parser.begin();
    keys = parser.topKeys();
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
  if (back) for (const k of keys) remap(k, back);
  let failed = false;
  return {
    keys,
    doc: new Document(null, YAML_OPTIONS),
    next() {
      if (failed) return null;
      try {
        const pair = parser.nextEntry();
        if (pair && back) remap(pair, back);
        return pair;
      } catch (e) {
        if (e !== DECLINE) throw e;
        failed = true;
        return null;
      }
    },
  };
}

/**
 * The text with CRLF line ends read as LF (files saved on Windows, or lines of them pasted into
 * others), and `back`, which maps an offset of that text to the same place in the original: yaml
 * reads `\r\n` as one line break, so its nodes for the text are the LF text's with their ranges
 * mapped back (the differential test checks this). No `back` when the text has no CR; undefined
 * when it has a CR that does not start a CRLF (yaml reads those).
 */
function lineFeeds(text: string): { lf: string; back?: (offset: number) => number } | undefined {
  if (text.indexOf('\r') < 0) return { lf: text };
  if (hasLoneCr(text)) return undefined;
  const lf = text.replace(/\r\n/g, '\n');
  // breaks[k]: offset in `lf` of the LF of the k-th CRLF (a file may mix CRLF and LF lines); an
  // offset p of `lf` lies after the CRs of the CRLFs before it.
  const breaks: number[] = [];
  for (let j = text.indexOf('\r\n'), removed = 0; j >= 0; j = text.indexOf('\r\n', j + 2), removed++) breaks.push(j - removed);
  return { lf, back: (p) => p + countBelow(breaks, p) };
}

/** Maps the ranges of a node and everything in it with `back` (see lineFeeds). */
function remap(node: unknown, back: (offset: number) => number): void {
  if (node === null || typeof node !== 'object') return;
  if (isPair(node)) {
    remap(node.key, back);
    remap(node.value, back);
    return;
  }
  const n = node as Scalar | YAMLMap | YAMLSeq;
  const r = n.range;
  if (r) n.range = [back(r[0]), back(r[1]), back(r[2])];
  if (isMap(n) || isSeq(n)) for (const it of n.items) remap(it, back);
}

const SP = 32;
const NL = 10;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const SQ = 39;
const DQ = 34;

/** First characters a plain scalar may not start with (in this subset). */
function badPlainStart(c: number, next: number): boolean {
  switch (c) {
    case 91: case 93: case 123: case 125: case 44: // [ ] { } ,
    case HASH: case 38: case 42: case 33: case 124: case 62: // # & * ! | >
    case 37: case 64: case 96: case 63: case COLON: case SQ: case DQ: // % @ ` ? : ' "
      return true;
    case DASH:
      return next === SP || next === NL || Number.isNaN(next);
  }
  return false;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

class FastParser {
  private readonly n: number;
  // The current content line: its start, indentation, first character; eof when none is left.
  private lineStart = 0;
  private ind = 0;
  private cs = 0;
  private eof = false;
  // Comment lines skipped by the last advance(): indentation and end (after the line break).
  private gapInd: number[] = [];
  private gapEnd: number[] = [];
  private gapN = 0;
  /** Largest indentation of the comment lines waiting after the last value (-1: none). */
  private pend = -1;
  // Scratch result of the scalar readers.
  private sEnd = 0;
  private sValue = '';

  constructor(private readonly t: string, private readonly st: Setup) {
    this.n = t.length;
  }

  parse(): YAMLMap {
    this.begin();
    const root = this.parseMap(0);
    if (!this.eof) throw DECLINE;
    return root;
  }

  /** Moves to the first key of the top-level mapping (after comments and one `---`). */
  begin(): void {
    const t = this.t;
    this.advance(0);
    // One `---` before the content (with nothing but a comment after it).
    if (!this.eof && this.ind === 0 && t.startsWith('---', this.cs)) {
      const after = this.skipSpaces(this.cs + 3);
      const c = t.charCodeAt(after);
      if (!(after >= this.n || c === NL || (c === HASH && after > this.cs + 3))) throw DECLINE;
      this.seenDocStart = true;
      this.advance(this.eolAfter(after));
    }
    // An empty document: yaml is fast enough for it, and has its own shape for it.
    if (this.eof || this.ind !== 0 || !this.isKeyAt(this.cs)) throw DECLINE;
  }

  /**
   * The keys of the top-level mapping, by a scan of the lines that start in column 0 (cheap: no
   * values). The full read (entries()) checks the rest; a file this scan takes but the full read
   * declines is read by yaml.
   */
  topKeys(): Scalar[] {
    const t = this.t;
    const n = this.n;
    const keys: Scalar[] = [];
    let i = this.cs;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c !== SP && c !== NL && c !== HASH && !this.isDashAt(i)) {
        if (!this.isKeyAt(i)) throw DECLINE;
        keys.push(this.readKey(i));
      }
      const j = t.indexOf('\n', i);
      if (j < 0) break;
      i = j + 1;
    }
    return keys;
  }

  /** The next entry of the top-level mapping (after begin()); undefined at the end. */
  nextEntry(): Pair | undefined {
    if (this.eof) return undefined;
    if (this.ind !== 0 || !this.isKeyAt(this.cs)) throw DECLINE;
    this.pend = -1;
    return this.mapEntry(0);
  }

  private seenDocStart = false;

  private skipSpaces(i: number): number {
    const t = this.t;
    while (t.charCodeAt(i) === SP) i++;
    return i;
  }

  /** Offset just after the line break ending the line that contains i (or the end of the text). */
  private eolAfter(i: number): number {
    const j = this.t.indexOf('\n', i);
    return j < 0 ? this.n : j + 1;
  }

  /** Moves to the next content line at or after `from` (a line start), noting comment lines. */
  private advance(from: number): void {
    const t = this.t;
    const n = this.n;
    this.gapN = 0;
    for (;;) {
      if (from >= n) {
        this.eof = true;
        this.lineStart = this.cs = n;
        this.ind = -1;
        return;
      }
      let i = from;
      while (t.charCodeAt(i) === SP) i++;
      if (i >= n) {
        from = n;
        continue;
      }
      const c = t.charCodeAt(i);
      if (c === NL) {
        from = i + 1;
        continue;
      }
      if (c === HASH) {
        const e = this.eolAfter(i);
        this.gapInd[this.gapN] = i - from;
        this.gapEnd[this.gapN++] = e;
        from = e;
        continue;
      }
      if (i === from && (c === 37 /* % */ || ((c === DASH || c === 46) && (t.startsWith('---', i) || t.startsWith('...', i))))) {
        const d = t.charCodeAt(i + 3);
        if (c === 37 || i + 3 >= n || d === SP || d === NL) {
          // A directive, or a document marker: only one `---` before any content is taken.
          if (!(c === DASH && t.startsWith('---', i) && !this.seenDocStart && this.noContentYet)) throw DECLINE;
        }
      }
      this.lineStart = from;
      this.ind = i - from;
      this.cs = i;
      return;
    }
  }

  private noContentYet = true;

  /**
   * After a scalar value of a collection indented `c`: the comment lines that follow and are
   * indented deeper (with no shallower one before them) belong to the value; the rest wait.
   */
  private afterScalar(node: Scalar, c: number): void {
    let blocked = false;
    let pend = -1;
    for (let k = 0; k < this.gapN; k++) {
      const gi = this.gapInd[k];
      if (!blocked && gi > c) setEnd(node, this.gapEnd[k]);
      else {
        blocked = true;
        if (gi > pend) pend = gi;
      }
    }
    this.pend = pend;
  }

  /** Ends a collection indented `c`: waiting comments indented ≥ c (c > 0) stay in it. */
  private closeEnd(c: number, offset: number): number {
    if (this.pend >= 0 && c !== 0 && this.pend >= c) {
      this.pend = -1;
      return this.eof ? this.n : this.cs;
    }
    return offset;
  }

  /** How deep the collections being read are nested (see MAX_NESTING). */
  private nesting = 0;

  private parseMap(c: number): YAMLMap {
    if (++this.nesting > MAX_NESTING) throw DECLINE;
    try {
      return this.parseMapIn(c);
    } finally {
      this.nesting--;
    }
  }

  private parseMapIn(c: number): YAMLMap {
    this.noContentYet = false;
    const map = new FastMapCtor();
    const start = this.cs;
    let offset = start;
    for (;;) {
      // The current line holds a key at column c (checked by the caller or the loop).
      const pair = this.mapEntry(c);
      map.items.push(pair);
      offset = endOf(pair.value as Scalar);
      if (this.eof || this.ind < c) break;
      // Deeper than this mapping but shallower than the block that just ended: bad indentation.
      if (this.ind !== c || !this.isKeyAt(this.cs)) throw DECLINE;
      this.pend = -1;
    }
    map.range = [start, offset, this.closeEnd(c, offset)];
    return map;
  }

  /** One `key: value` of a mapping indented c, from the current line. */
  private mapEntry(c: number): Pair {
    const t = this.t;
    const key = this.readKey(this.cs);
    const p = this.skipSpaces(this.sEnd);
    const ch = t.charCodeAt(p);
    let value: Scalar | YAMLMap | YAMLSeq;
    if (p >= this.n || ch === NL || ch === HASH) {
      const comment = ch === HASH;
      this.advance(this.eolAfter(p));
      if (!this.eof && this.ind > c) value = this.parseBlock(this.ind);
      else if (!this.eof && this.ind === c && this.isDashAt(this.cs)) value = this.parseSeq(c, true);
      else value = this.nullScalar(p, comment);
    } else {
      value = this.readValueScalar(p);
      this.advance(this.eolAfter(this.sEnd));
      this.afterScalar(value, c);
      if (!this.eof && this.ind > c) throw DECLINE; // a continuation line or a nested block after a value
    }
    return new FastPairCtor(key, value);
  }

  private parseSeq(c: number, indentless: boolean): YAMLSeq {
    if (++this.nesting > MAX_NESTING) throw DECLINE;
    try {
      return this.parseSeqIn(c, indentless);
    } finally {
      this.nesting--;
    }
  }

  private parseSeqIn(c: number, indentless: boolean): YAMLSeq {
    const t = this.t;
    this.noContentYet = false;
    const seq = new FastSeqCtor();
    const start = this.cs;
    let offset = start;
    for (;;) {
      // The current line starts with `-` at column c.
      const q = this.skipSpaces(this.cs + 1);
      const ch = t.charCodeAt(q);
      let value: Scalar | YAMLMap | YAMLSeq;
      if (q >= this.n || ch === NL || ch === HASH) {
        const comment = ch === HASH;
        this.advance(this.eolAfter(q));
        if (!this.eof && this.ind > c) value = this.parseBlock(this.ind);
        else value = this.nullScalar(q, comment);
      } else if (this.isDashAt(q)) {
        throw DECLINE; // `- - x`
      } else if (this.isKeyAt(q)) {
        // A mapping that starts on the item's line (`- type: A`): its column is the key's.
        this.ind = q - this.lineStart;
        this.cs = q;
        value = this.parseMap(this.ind);
      } else {
        value = this.readValueScalar(q);
        this.advance(this.eolAfter(this.sEnd));
        this.afterScalar(value, c);
        if (!this.eof && this.ind > c) throw DECLINE;
      }
      seq.items.push(value);
      offset = endOf(value);
      if (this.eof || this.ind < c) break;
      if (this.ind !== c) throw DECLINE;
      if (!this.isDashAt(this.cs)) {
        if (indentless) break; // the next key of the mapping this list belongs to
        throw DECLINE;
      }
      this.pend = -1;
    }
    seq.range = [start, offset, this.closeEnd(c, offset)];
    return seq;
  }

  /** A node that starts on its own line, indented `c` (a value or list item's content). */
  private parseBlock(c: number): YAMLMap | YAMLSeq {
    if (this.isDashAt(this.cs)) return this.parseSeq(c, false);
    if (this.isKeyAt(this.cs)) return this.parseMap(c);
    throw DECLINE; // a scalar on its own line: left to yaml
  }

  private isDashAt(i: number): boolean {
    if (this.t.charCodeAt(i) !== DASH) return false;
    const d = this.t.charCodeAt(i + 1);
    return i + 1 >= this.n || d === SP || d === NL;
  }

  /** True when the line from i is `key:` (plain or quoted key followed by `:` and a space or the end). */
  private isKeyAt(i: number): boolean {
    const t = this.t;
    const c = t.charCodeAt(i);
    if (c === SQ || c === DQ) {
      const e = c === SQ ? this.scanSingle(i) : this.scanDouble(i);
      const p = this.skipSpaces(e);
      if (t.charCodeAt(p) !== COLON) return false;
      const d = t.charCodeAt(p + 1);
      return p + 1 >= this.n || d === SP || d === NL;
    }
    return this.plainKeyEnd(i) >= 0;
  }

  /** End of a plain key starting at i (before trailing spaces and the `:`), or -1 when the line is no key. */
  private plainKeyEnd(i: number): number {
    const t = this.t;
    const n = this.n;
    if (badPlainStart(t.charCodeAt(i), t.charCodeAt(i + 1))) return -1;
    for (let j = i; j < n; j++) {
      const c = t.charCodeAt(j);
      if (c === NL) return -1;
      if (c === COLON) {
        const d = t.charCodeAt(j + 1);
        if (j + 1 >= n || d === SP || d === NL) {
          let e = j;
          while (e > i && t.charCodeAt(e - 1) === SP) e--;
          return e;
        }
      } else if (c === HASH && t.charCodeAt(j - 1) === SP) return -1;
    }
    return -1;
  }

  private readKey(i: number): Scalar {
    const t = this.t;
    const c = t.charCodeAt(i);
    let node: Scalar;
    let e: number;
    if (c === SQ || c === DQ) {
      e = c === SQ ? this.scanSingle(i) : this.scanDouble(i);
      node = this.quoted(i, e, e, c === SQ);
    } else {
      e = this.plainKeyEnd(i);
      if (e < 0) throw DECLINE;
      const src = t.slice(i, e);
      if (src === '<<') throw DECLINE; // merge key
      node = this.plain(src, i, e, e);
    }
    // After the key: spaces, then the `:` (isKeyAt checked it).
    const p = this.skipSpaces(e);
    if (t.charCodeAt(p) !== COLON) throw DECLINE;
    this.sEnd = p + 1;
    return node;
  }

  /** A value scalar on the current line at p: quoted, or plain to the end of the line / a comment. */
  private readValueScalar(p: number): Scalar {
    const t = this.t;
    const c = t.charCodeAt(p);
    let e: number;
    let node: Scalar;
    if (c === SQ || c === DQ) {
      e = c === SQ ? this.scanSingle(p) : this.scanDouble(p);
      const after = this.skipSpaces(e);
      const d = t.charCodeAt(after);
      if (!(after >= this.n || d === NL || (d === HASH && after > e))) throw DECLINE;
      node = this.quoted(p, e, this.eolAfter(after), c === SQ);
    } else {
      if (badPlainStart(c, t.charCodeAt(p + 1))) throw DECLINE;
      let j = p;
      let last = p; // end of the last non-space character
      const n = this.n;
      for (; j < n; j++) {
        const ch = t.charCodeAt(j);
        if (ch === NL) break;
        if (ch === SP) continue;
        if (ch === HASH && t.charCodeAt(j - 1) === SP) break;
        if (ch === COLON) {
          const d = t.charCodeAt(j + 1);
          if (j + 1 >= n || d === SP || d === NL) throw DECLINE; // `key: a: b`
        }
        last = j + 1;
      }
      e = last;
      node = this.plain(t.slice(p, e), p, e, this.eolAfter(e));
    }
    this.sEnd = e;
    return node;
  }

  /**
   * An empty value at p. yaml keeps the comment lines after it with it, and where its range then
   * ends depends on the lexer's view of those lines: such files are left to yaml.
   */
  private nullScalar(p: number, comment: boolean): Scalar {
    if (comment || this.gapN) throw DECLINE;
    this.pend = -1;
    return this.plain('', p, p, p);
  }

  /** The tag of short plain scalars already seen (numbers, `ttl`, `TXT` …): null for the string. */
  private tagCache = new Map<string, ScalarTag | null>();

  /** The default tag whose test takes src (yaml's findScalarTagByTest), or null (the string). */
  private tagOf(src: string): ScalarTag | null {
    const c = src.charCodeAt(0);
    // Letters other than those that start booleans and nulls (y n t f o) and `_` start no tag
    // but the string; everything else asks the tags in order.
    const lower = c | 32;
    if (((lower >= 97 && lower <= 122) && lower !== 121 && lower !== 110 && lower !== 116 && lower !== 102 && lower !== 111) || c === 95) return null;
    const cacheable = src.length <= 12;
    if (cacheable) {
      const hit = this.tagCache.get(src);
      if (hit !== undefined) return hit;
    }
    let tag: ScalarTag | null = null;
    if (!this.st.anyTag || this.st.anyTag.test(src)) {
      for (const tg of this.st.tags) {
        if (tg.test!.test(src)) {
          tag = tg;
          break;
        }
      }
    }
    if (cacheable) this.tagCache.set(src, tag);
    return tag;
  }

  /** Plain scalar: resolved by the schema's default tags, as yaml's composeScalar does. */
  private plain(src: string, s: number, e: number, end: number): Scalar {
    const tag = this.tagOf(src);
    if (!tag) return new FastScalarCtor(src, src, 'PLAIN', s, e, end);
    let failed = false;
    const res = tag.resolve(src, () => (failed = true), this.st.options);
    if (failed) throw DECLINE;
    let node: Scalar;
    if (isScalar(res)) {
      // A tag that makes its own Scalar (floats keep their digits): used as yaml uses it.
      node = res as Scalar;
      node.range = [s, e, end];
      node.source = src as unknown as Scalar['source'];
      node.type = 'PLAIN';
    } else node = new FastScalarCtor(res, src, 'PLAIN', s, e, end);
    if (tag.format) node.format = tag.format as Scalar['format'];
    return node;
  }

  private quoted(s: number, e: number, end: number, single: boolean): Scalar {
    return new FastScalarCtor(this.sValue, this.sValue, single ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', s, e, end);
  }

  /** Single-quoted scalar on one line from i (at the quote); its value in sValue; returns the end (after the quote). */
  private scanSingle(i: number): number {
    const t = this.t;
    let j = i + 1;
    let from = j;
    let out = '';
    for (;;) {
      const k = t.indexOf("'", j);
      const nl = t.indexOf('\n', j);
      if (k < 0 || (nl >= 0 && nl < k)) throw DECLINE; // unterminated or on several lines
      if (t.charCodeAt(k + 1) === SQ) {
        out += t.slice(from, k + 1);
        j = from = k + 2;
        continue;
      }
      out += t.slice(from, k);
      this.sValue = out;
      return k + 1;
    }
  }

  /** Double-quoted scalar on one line from i; its value in sValue; returns the end (after the quote). */
  private scanDouble(i: number): number {
    const t = this.t;
    const n = this.n;
    let from = i + 1;
    let out = '';
    for (let j = i + 1; j < n; j++) {
      const c = t.charCodeAt(j);
      if (c === NL) break;
      if (c === DQ) {
        this.sValue = out + t.slice(from, j);
        return j + 1;
      }
      if (c === 92) {
        out += t.slice(from, j);
        const x = t[j + 1];
        if (x === 'x' || x === 'u' || x === 'U') {
          const len = x === 'x' ? 2 : x === 'u' ? 4 : 8;
          const hex = t.slice(j + 2, j + 2 + len);
          if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) throw DECLINE;
          const cp = parseInt(hex, 16);
          if (cp > 0x10ffff) throw DECLINE;
          out += String.fromCodePoint(cp);
          j += 1 + len;
        } else {
          const r = x === undefined ? undefined : ESCAPES[x];
          if (r === undefined) throw DECLINE;
          out += r;
          j += 1;
        }
        from = j + 1;
      }
    }
    throw DECLINE;
  }
}
