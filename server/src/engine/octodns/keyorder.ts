// Key order: octoDNS's YamlProvider refuses a file whose mapping keys are not in natural sort
// order (enforce_order, the default); reported as an octodns/syntax warning.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YNode, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { SourceFile } from '../model';
import { pyResolve, pyScalar } from './pyyaml';
import { flattenMerges } from './merge';
import { clampSpan, endOf, isMergeKey, keyString, startOf, type Ctx } from './nodes';

// octoDNS's YamlProvider loads with enforce_order: true by default (octodns/yaml.py
// NaturalSortEnforcingLoader): every mapping's keys must be in natural sort order (natsort), or
// the file does not load ("keys out of order: expected exchange got preference").

const NON_ASCII = /[^\x00-\x7f]/;
/** Marks a date in a natsort key (`2024-01-01` as a name): compared only with other dates. */
const DATE = '\u0000date:';

/** Unicode NFD of a string (ASCII as it is). */
function nfd(s: string): string {
  return NON_ASCII.test(s) ? s.normalize('NFD') : s;
}

/**
 * natsort's key: text and numbers alternating, text first ('' when the key starts with digits);
 * text in Unicode NFD, as natsort normalizes it (`é` is `e` + U+0301: between `e` and `f`).
 */
function natKey(k: YNode): (string | number)[] | undefined {
  if (!isScalar(k) || typeof k.value === 'symbol') return undefined;
  const py = pyScalar(k);
  if (!py) return undefined;
  if (py.kind === 'int' || py.kind === 'float') return ['', Number(py.text)];
  if (py.kind === 'bool') return ['', py.text === 'True' ? 1 : 0];
  if (py.kind === 'null') return ['', -Infinity]; // natsort's key of None: ('', -inf), before every number
  // A date: natsort's key holds the date, ('', date). Python orders it with other dates and after
  // '' (so before names of letters); with a number it raises TypeError (see checkOrder). A time
  // stamp with a time may be naive or not: not ordered here.
  if (py.kind === 'timestamp') return py.text.length === 10 ? ['', DATE + py.text] : undefined;
  if (py.kind !== 'str') return undefined;
  const s = nfd(py.text);
  if (!/[0-9]/.test(s)) return s ? [s] : [];
  const parts: (string | number)[] = s.split(/([0-9]+)/);
  if (parts[parts.length - 1] === '') parts.pop();
  for (let i = 1; i < parts.length; i += 2) parts[i] = Number(parts[i]);
  return parts;
}

/**
 * natsort's order of two strings without building their keys: text compared by code point (in
 * NFD, as natsort normalizes it: `étoile` sorts before `f`, not after `z`), runs of digits by
 * value; where one side's text ends at a digit run (or at its end), it sorts first.
 */
export function cmpNatStr(a: string, b: string): number {
  a = nfd(a);
  b = nfd(b);
  let i = 0;
  let j = 0;
  const n = a.length;
  const m = b.length;
  for (;;) {
    if (i >= n || j >= m) return (i < n ? 1 : 0) - (j < m ? 1 : 0);
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const da = ca >= 48 && ca <= 57;
    const db = cb >= 48 && cb <= 57;
    if (da && db) {
      let ie = i;
      while (ie < n && a.charCodeAt(ie) >= 48 && a.charCodeAt(ie) <= 57) ie++;
      let je = j;
      while (je < m && b.charCodeAt(je) >= 48 && b.charCodeAt(je) <= 57) je++;
      let is = i;
      while (is < ie - 1 && a.charCodeAt(is) === 48) is++;
      let js = j;
      while (js < je - 1 && b.charCodeAt(js) === 48) js++;
      const la = ie - is;
      const lb = je - js;
      if (la !== lb) return la < lb ? -1 : 1;
      for (let k = 0; k < la; k++) {
        const x = a.charCodeAt(is + k);
        const y = b.charCodeAt(js + k);
        if (x !== y) return x < y ? -1 : 1;
      }
      i = ie;
      j = je;
      continue;
    }
    if (da !== db) return da ? -1 : 1;
    if (ca !== cb) {
      // Code points (a surrogate pair compares as its astral code point, as in Python).
      const pa = a.codePointAt(i)!;
      const pb = b.codePointAt(j)!;
      return pa < pb ? -1 : 1;
    }
    i++;
    j++;
  }
}

function cmpNat(a: (string | number)[], b: (string | number)[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** A plain scalar PyYAML leaves a string, cheaply for the usual keys (`type`, `value`, `www`). */
function plainStr(v: string): boolean {
  const c = v.charCodeAt(0);
  if (c === 95) return true; // _
  const lower = c | 32;
  if (lower >= 97 && lower <= 122 && lower !== 121 && lower !== 110 && lower !== 116 && lower !== 102 && lower !== 111) return true;
  return pyResolve(v) === 'str';
}

/** Notes the first key out of natural order in a mapping's keys (duplicates count once, first place). */
export function checkOrder(ctx: Ctx, file: SourceFile, keys: (YNode | null)[], top: boolean, at?: Map<YNode, YNode>): void {
  if (keys.length < 2) return;
  // Fast path: string keys already in order (a sequence in order stays so without duplicates).
  let prevName: string | undefined;
  let inOrder = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as Scalar | null;
    if (!k || !isScalar(k) || typeof k.value !== 'string' || (k.type === 'PLAIN' ? !plainStr(k.value) : k.type !== 'QUOTE_SINGLE' && k.type !== 'QUOTE_DOUBLE') || (k as { tag?: string }).tag) {
      inOrder = false;
      break;
    }
    if (prevName !== undefined && cmpNatStr(prevName, k.value) > 0) {
      inOrder = false;
      break;
    }
    prevName = k.value;
  }
  if (inOrder) return;
  const names: string[] = [];
  const nodes: YNode[] = [];
  const set = keys.length > 16 ? new Set<string>() : undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (!k || !isScalar(k) || typeof k.value === 'symbol') return; // merge keys (`<<`): not checked
    const name = keyString(k);
    if (set ? set.has(name) : names.includes(name)) continue;
    set?.add(name);
    names.push(name);
    nodes.push(k);
  }
  // Strings (nearly always): compared as they are; other keys through natsort's key.
  let allStr = true;
  for (let i = 0; i < nodes.length && allStr; i++) {
    const k = nodes[i] as Scalar;
    if (k.type === 'PLAIN' && !(typeof k.value === 'string' && plainStr(k.value))) allStr = pyScalar(k)?.kind === 'str';
  }
  let bad = false;
  let natKeys: (string | number)[][] | undefined;
  if (allStr) {
    for (let i = 1; i < names.length && !bad; i++) if (cmpNatStr(names[i - 1], names[i]) > 0) bad = true;
  } else {
    natKeys = [];
    let prev: (string | number)[] | undefined;
    let dates = false;
    let numbers = false;
    for (let i = 0; i < nodes.length; i++) {
      const nk = natKey(nodes[i]);
      if (!nk) return;
      natKeys.push(nk);
      if (nk[0] === '' && typeof nk[1] === 'number') numbers = true;
      else if (typeof nk[1] === 'string' && nk[1].startsWith(DATE)) dates = true;
      if (prev && cmpNat(prev, nk) > 0) bad = true;
      prev = nk;
    }
    // A date and a number (`2024-01-01:` and `10:`): Python's sort raises TypeError when it
    // compares those two, which depends on the other names; not decided here.
    if (dates && numbers) return;
  }
  if (!bad) return;
  let st = ctx.order.get(file);
  if (!st) ctx.order.set(file, (st = { seen: new Set(), count: 0 }));
  const at0 = startOf(nodes[0]);
  if (st.seen.has(at0)) return;
  st.seen.add(at0);
  st.count++;
  if (top ? st.top : st.first) return;
  if (!natKeys) natKeys = nodes.map((k) => natKey(k) ?? []);
  const nk = natKeys;
  const sorted = nodes.map((_, i) => i).sort((i, j) => cmpNat(nk[i], nk[j]) || i - j);
  let j = 0;
  while (j < sorted.length && sorted[j] === j) j++;
  const got = at?.get(nodes[j]) ?? nodes[j];
  const issue = { start: startOf(got), end: endOf(got), expected: names[sorted[j]], got: names[j], order: sorted.map((i) => names[i]) };
  if (top) st.top = issue;
  else st.first = issue;
}

export function walkOrder(ctx: Ctx, file: SourceFile, n: YNode | null | undefined, depth: number, doc?: Document): void {
  if (!n || depth > 32 || isAlias(n) || (n as { tag?: string }).tag === '!include') return;
  if (isMap(n)) {
    const items = n.items as Pair<YNode, YNode>[];
    for (let i = 0; i < items.length; i++) {
      const v = items[i].value;
      if (v && !isScalar(v)) walkOrder(ctx, file, v, depth + 1, doc);
    }
    let keys: (YNode | null)[] = new Array(items.length);
    let merged = false;
    for (let i = 0; i < items.length; i++) {
      keys[i] = items[i].key;
      if (isMergeKey(keys[i])) merged = true;
    }
    // With `<<`: the keys octoDNS sees, flattened (found out of place at the `<<` they came from).
    let at: Map<YNode, YNode> | undefined;
    if (merged && doc) {
      at = new Map();
      keys = [];
      for (const p of items) {
        if (!isMergeKey(p.key)) keys.push(p.key);
        else for (const e of flattenMerges({ items: [p] } as unknown as YAMLMap, doc)) {
          keys.push(e.key);
          if (e.key) at.set(e.key, p.key);
        }
      }
    }
    checkOrder(ctx, file, keys, false, at);
  } else if (isSeq(n)) {
    const items = n.items as YNode[];
    for (let i = 0; i < items.length; i++) if (items[i] && !isScalar(items[i])) walkOrder(ctx, file, items[i], depth + 1, doc);
  }
}

export function emitOrder(ctx: Ctx): void {
  for (const [file, st] of ctx.order) {
    const f = st.first ?? st.top;
    if (!f) continue;
    const more = st.count > 1 ? ` ${st.count - 1} more mapping${st.count > 2 ? 's' : ''} in this file ${st.count > 2 ? 'are' : 'is'} out of order too.` : '';
    const [s, e] = clampSpan(file, f.start, f.end);
    ctx.zone.problems.push({
      rule: 'octodns/syntax',
      severity: 'warning',
      file,
      start: s,
      end: Math.max(e, s),
      message: `Keys out of order: octoDNS's YamlProvider refuses this file unless the provider sets \`enforce_order: false\` ("keys out of order: expected ${f.expected} got ${f.got}"; keys must be in natural sort order by default). Expected order here: ${f.order.map((k) => `'${k}'`).join(', ')}.${more}`,
    });
  }
}
