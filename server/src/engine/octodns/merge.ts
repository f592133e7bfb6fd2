// YAML merge keys (`<<: *anchor`, `<<: [*a, *b]`, `<<: !include file.yaml`) as octoDNS's
// ContextLoader flattens them.
import { isMap, isSeq, type Document, type Node as YNode, type Pair, type YAMLMap } from 'yaml';
import type { SourceFile } from '../model';
import { deref, isMergeKey, keyString, type Loc } from './nodes';

export interface FlatEntry {
  key: YNode | null;
  value: YNode | null;
  file?: SourceFile;
  doc?: Document;
}

/**
 * A mapping's entries as octoDNS's ContextLoader.flatten_mapping gives them: each `<<` replaced,
 * where it stands, by the entries it merges (a mapping's, flattened in turn; a list of mappings'
 * in reverse order, so the first listed wins; an `!include`d file's); the caller keeps the last
 * entry of each key (Python's dict), so a later `<<` overrides earlier keys and a later key a
 * merged one. `include` resolves `!include` (top level only); `bad` hears of a merge of anything
 * else (PyYAML: "expected a mapping or list of mappings for merging").
 */
export function flattenMerges(
  m: YAMLMap,
  doc: Document,
  include?: (n: YNode) => Loc | undefined,
  bad?: (n: YNode) => void,
  file?: SourceFile,
  depth = 0,
): FlatEntry[] {
  const memo = flatMemo.get(m);
  if (memo) return memo;
  const out: FlatEntry[] = [];
  for (const p of m.items as Pair<YNode, YNode>[]) {
    if (!isMergeKey(p.key) || !p.value) {
      out.push({ key: p.key, value: p.value, file, doc });
      continue;
    }
    if (depth > 16) continue;
    const one = (n: YNode): FlatEntry[] | undefined => {
      if ((n as { tag?: string }).tag === '!include') {
        const l = include?.(n);
        if (!l) return [];
        return l.node && isMap(l.node) ? flattenMerges(l.node, l.doc, include, bad, l.file, depth + 1) : undefined;
      }
      const v = deref(n, doc);
      return v && isMap(v) ? flattenMerges(v, doc, include, bad, file, depth + 1) : undefined;
    };
    const src = (p.value as { tag?: string }).tag === '!include' ? p.value : deref(p.value, doc);
    if (src && isSeq(src) && (src as { tag?: string }).tag !== '!include') {
      const lists: FlatEntry[][] = [];
      for (const it of src.items as YNode[]) {
        const l = it ? one(it) : undefined;
        if (!l) {
          if (it) bad?.(it);
          continue;
        }
        lists.push(l);
      }
      lists.reverse();
      for (const l of lists) out.push(...l);
    } else {
      const l = src ? one(src) : undefined;
      if (l) out.push(...l);
      else bad?.(p.value);
    }
  }
  // Each key once, where it first came, with its last value: what a dict makes of the list, so
  // a mapping merged many times over (`<<: [*a, *a, …]` nested) stays as small as its keys.
  const seen = new Map<string, number>();
  const res: FlatEntry[] = [];
  for (const e of out) {
    const k = keyString(e.key);
    const i = seen.get(k);
    if (i === undefined) {
      seen.set(k, res.length);
      res.push(e);
    } else res[i] = e;
  }
  flatMemo.set(m, res);
  return res;
}

/** Flattened mappings (an aliased mapping is flattened once, however often it is merged). */
const flatMemo = new WeakMap<YAMLMap, FlatEntry[]>();
