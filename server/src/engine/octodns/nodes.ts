// Shared by the octoDNS reader's modules: the reading context, where a YAML node is, aliases, keys
// as octoDNS sees them, and octodns/syntax problems (reported once per place).
import { visit, isAlias, isScalar, type Document, type Node as YNode } from 'yaml';
import type { Finding, SourceFile, Zone } from '../model';
import type { ParseOctodnsOptions } from './index';
import { pyScalar } from './pyyaml';

export interface Ctx {
  zone: Zone;
  options: ParseOctodnsOptions;
  origin: string;
  depth: number;
  /** Included files already read (each is parsed, and reports its problems, once). */
  docs: Map<string, Document | undefined>;
  /**
   * Record types per name as octoDNS keys them (lower case): `name\0TYPE` → the name as written.
   * octoDNS lower-cases names, so `WWW:` and `www:` with a TXT each are a duplicate record.
   */
  types: Map<string, string>;
  /** Mappings whose keys are out of octoDNS's order, per file (see checkOrder). */
  order: Map<SourceFile, OrderState>;
  /** `!include`s followed so far, counting a file each time (see MAX_INCLUDES in index.ts). */
  includes?: number;
}

export interface OrderState {
  seen: Set<number>;
  count: number;
  /** The first mapping PyYAML would refuse (it checks nested mappings before the one holding them). */
  first?: { start: number; end: number; expected: string; got: string; order: string[] };
  top?: OrderState['first'];
}

export interface Loc {
  node: YNode | null;
  file: SourceFile;
  doc: Document;
}

export function problem(zone: Zone, file: SourceFile, start: number, end: number, message: string): void {
  const [s, e] = clampSpan(file, start, end);
  if (seenProblem(zone, file, s, e, message)) return;
  const f: Finding = { rule: 'octodns/syntax', severity: 'error', message, file, start: s, end: e };
  zone.problems.push(f);
}

const problemKeys = new WeakMap<Zone, Set<string>>();

/**
 * True when this problem is already reported at this place: a record reached through several
 * aliases (`b: *x`, `c: *x`) is checked once per name, with the same words at the anchor's text.
 */
export function seenProblem(zone: Zone, file: SourceFile, s: number, e: number, message: string): boolean {
  let set = problemKeys.get(zone);
  if (!set) problemKeys.set(zone, (set = new Set()));
  const k = `${zone.files.indexOf(file)}:${s}:${e}:${message}`;
  if (set.has(k)) return true;
  set.add(k);
  return false;
}

/** Keeps a problem's span inside its file (a YAML error at the very end points past it). */
export function clampSpan(file: SourceFile, start: number, end: number): [number, number] {
  const n = file.text.length;
  const s = Math.max(0, Math.min(start, n));
  return [s, Math.max(s, Math.min(end, n))];
}

export const NO_RANGE: readonly [number, number] = [0, 0];

/** range[0] / range[1] of a node without making an array (the fast reader's nodes keep numbers). */
export function startOf(n: YNode | null | undefined): number {
  const f = n as unknown as { r0?: number } | null | undefined;
  return f?.r0 ?? rangeOf(n)[0];
}
export function endOf(n: YNode | null | undefined): number {
  const f = n as unknown as { r1?: number } | null | undefined;
  return f?.r1 ?? rangeOf(n)[1];
}

/** The node's range (not a copy: callers only read it). */
export function rangeOf(n: YNode | null | undefined): readonly [number, number, ...number[]] {
  return n?.range ?? NO_RANGE;
}

/** Anchors of a document by name, in source order (built once: yaml's Alias.resolve walks the whole document per alias). */
const anchorIndex = new WeakMap<Document, Map<string, YNode[]>>();

export function anchorsOf(doc: Document): Map<string, YNode[]> {
  let idx = anchorIndex.get(doc);
  if (idx) return idx;
  idx = new Map();
  const m = idx;
  visit(doc, {
    Node(_key, node) {
      const a = (node as { anchor?: string }).anchor;
      if (a) (m.get(a) ?? m.set(a, []).get(a)!).push(node as YNode);
    },
  });
  anchorIndex.set(doc, idx);
  return idx;
}

export function deref(n: YNode | null | undefined, doc: Document): YNode | null {
  if (!n) return null;
  if (isAlias(n)) {
    // YAML: an alias names the closest anchor of that name before it.
    const list = anchorsOf(doc).get(n.source);
    if (!list) return null;
    const at = n.range?.[0] ?? Number.MAX_SAFE_INTEGER;
    let found: YNode | null = null;
    for (const a of list) {
      if ((a.range?.[0] ?? 0) < at) found = a;
      else break;
    }
    return found && !isAlias(found) ? found : null;
  }
  return n;
}

/**
 * A key as octoDNS sees it: Python's str() of what PyYAML makes of it (`1.0` stays `1.0`, `n`
 * stays `n`, `on` is `True`, `null` is `None`, a date is its text; see pyyaml.ts).
 */
export function keyString(k: YNode | null | undefined): string {
  if (!k) return '';
  if (isScalar(k)) {
    if (typeof k.value === 'symbol') return typeof k.source === 'string' ? k.source : '<<'; // the merge key
    if (k.type === 'PLAIN' && typeof k.value === 'string' && !(k as { tag?: string }).tag) {
      const c = k.value.charCodeAt(0);
      // Letters other than y/n/t/f/o (the only ones PyYAML types): a string, as yaml read it.
      if (c >= 97 && c <= 122 && c !== 121 && c !== 110 && c !== 116 && c !== 102 && c !== 111) return k.value;
    }
    const py = pyScalar(k);
    if (py) return py.text;
    if (k.value === null || k.value === undefined) return '';
    return String(k.value);
  }
  return String(k);
}

/** A `<<` merge key (plain `<<`; a quoted '<<' is a string for YAML and PyYAML alike). */
export function isMergeKey(k: YNode | null | undefined): boolean {
  return !!k && isScalar(k) && (typeof k.value === 'symbol' || (k.type === 'PLAIN' && k.value === '<<'));
}

/** Numbers in keyId: a prefix no string key starts with. */
const NUM = '\u0000n:';
let nanKeys = 0;

/**
 * When two keys are one key to octoDNS: Python's dict compares the values PyYAML made, and 1, 1.0
 * and True are equal (so are 0, 0.0, False), while the string '1' is not 1. Keys with the same id
 * are one name; `name` is keyString(k). Strings (nearly every name) keep their name as id.
 */
export function keyId(k: YNode | null | undefined, name: string): string {
  if (!k || !isScalar(k) || k.type !== 'PLAIN') return name;
  if (typeof k.value === 'string' && !(k as { tag?: string }).tag) {
    const c = k.value.charCodeAt(0);
    if (c === 95 || (c >= 97 && c <= 122 && c !== 121 && c !== 110 && c !== 116 && c !== 102 && c !== 111)) return name;
  }
  const py = pyScalar(k);
  if (!py) return name;
  switch (py.kind) {
    case 'int':
      return NUM + py.text;
    case 'bool':
      return NUM + (py.text === 'True' ? '1' : '0');
    case 'float': {
      const x = Number(py.text);
      if (Number.isNaN(x)) return `\u0000nan:${nanKeys++}`; // nan is never equal to itself
      return NUM + (Number.isInteger(x) ? BigInt(x).toString() : String(x));
    }
    case 'null':
      return '\u0000None';
    case 'timestamp':
      return '\u0000t:' + py.text;
    default:
      return name;
  }
}
