// The set of zones the engine knows (the editor's workspace, or the CLI's files). A zone is
// authoritative for the names under its origin: a name under it with no record does not exist.
import type { DnsRecord, Zone } from './model';

import type { RecordIndex } from './rule';

/**
 * A zone's records by owner. A name with one record keeps the record itself rather than a list of
 * one (a million-record zone has ~650k names, most with one record: a list each is ~36 MB more),
 * and get() hands such a name a fresh list of one. Lists handed out are not to be changed except
 * through set().
 */
export class OwnerIndex {
  private readonly m = new Map<string, DnsRecord | DnsRecord[]>();

  get size(): number {
    return this.m.size;
  }

  get(name: string): DnsRecord[] | undefined {
    const v = this.m.get(name);
    if (v === undefined) return undefined;
    return Array.isArray(v) ? v : [v];
  }

  /** The first record of `type` at `name`, without making a list (the workspace resolver's walk). */
  firstOf(name: string, type: string): DnsRecord | undefined {
    const v = this.m.get(name);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return v.type === type ? v : undefined;
    for (let i = 0; i < v.length; i++) if (v[i].type === type) return v[i];
    return undefined;
  }
    has(name: string): boolean {
    return this.m.has(name);
  }

  keys(): IterableIterator<string> {
    return this.m.keys();
  }

  /** Files `list` (non-empty) as the records of `name`. */
  set(name: string, list: DnsRecord[]): void {
    this.m.set(name, list.length === 1 ? list[0] : list);
  }

  delete(name: string): void {
    this.m.delete(name);
  }

  /** Adds recs[from, to) (all at `name`, in order) after the records already filed there. */
  addRun(name: string, recs: readonly DnsRecord[], from: number, to: number): void {
    const cur = this.m.get(name);
    if (cur === undefined) {
      this.m.set(name, to - from === 1 ? recs[from] : recs.slice(from, to));
      return;
    }
    const list = Array.isArray(cur) ? cur : [cur];
    for (let k = from; k < to; k++) list.push(recs[k]);
    if (list !== cur) this.m.set(name, list);
  }
}

const indexes = new WeakMap<Zone, OwnerIndex>();

/** Records of a zone grouped by owner (built once per parsed zone, carried over re-parses). */
export function nameIndex(zone: Zone): OwnerIndex {
  let idx = indexes.get(zone);
  if (!idx) {
    idx = new OwnerIndex();
    // Records of one owner mostly come one after another (blank owners): each run of them is
    // filed with one lookup.
    const recs = zone.records;
    const n = recs.length;
    let i = 0;
    while (i < n) {
      const owner = recs[i].owner;
      let j = i + 1;
      while (j < n && recs[j].owner === owner) j++;
      idx.addRun(owner, recs, i, j);
      i = j;
    }
    indexes.set(zone, idx);
  }
  return idx;
}

/** The records of a name's list (none: []), or those of one type: what ctx.recordsAt answers. */
export function ofType(list: DnsRecord[] | undefined, type?: string): DnsRecord[] {
  if (!list) return [];
  if (!type) return list;
  const out: DnsRecord[] = [];
  for (let i = 0; i < list.length; i++) if (list[i].type === type) out.push(list[i]);
  return out;
}

/** DNAME records by owner: what a workspace answer depends on at a zone's origin (LookupResult.apex). */
export const DNAME_OWNERS: RecordIndex = defineIndex('dname', (r) => (r.type === 'DNAME' ? [r.owner] : undefined));

/** The owner index as a RecordIndex (what ctx.recordsAt reads). */
export const OWNER_INDEX: RecordIndex = { id: 'owner', keysOf: (r) => [r.owner] };

/** Defines a per-zone index: `keysOf` gives the keys a record is filed under. */
export function defineIndex(id: string, keysOf: (rec: DnsRecord) => readonly string[] | undefined): RecordIndex {
  return { id, keysOf };
}

const custom = new WeakMap<Zone, Map<RecordIndex, Map<string, DnsRecord[]>>>();

/** The zone's records by the keys of `index` (built once per parsed zone, carried over re-parses). */
/** What recordIndex gives: the records filed under a key. */
export interface RecordLists {
  get(key: string): DnsRecord[] | undefined;
}

export function recordIndex(zone: Zone, index: RecordIndex): RecordLists {
  if (index === OWNER_INDEX) return nameIndex(zone);
  let all = custom.get(zone);
  if (!all) custom.set(zone, (all = new Map()));
  let m = all.get(index);
  if (!m) {
    m = new Map();
    for (const r of zone.records) {
      const keys = index.keysOf(r);
      if (keys) for (const k of keys) (m.get(k) ?? m.set(k, []).get(k)!).push(r);
    }
    all.set(index, m);
  }
  return m;
}

/** A re-parse that changes more records than this rebuilds the indexes instead of carrying them. */
const MAX_CARRY = 4096;

/**
 * What changed between two parses of one document: the records of `prev` that are not in `next`
 * and the new ones, found as the common prefix and suffix of the record lists (by identity: an
 * editor re-parse keeps the records it did not touch). Undefined when they share too little.
 */
export function recordDiff(prev: Zone, next: Zone): { removed: DnsRecord[]; added: DnsRecord[] } | undefined {
  const a = prev.records;
  const b = next.records;
  let p = 0;
  const n = Math.min(a.length, b.length);
  while (p < n && a[p] === b[p]) p++;
  let s = 0;
  while (s < n - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  const removed = a.slice(p, a.length - s);
  const added = b.slice(p, b.length - s);
  if (removed.length + added.length > MAX_CARRY) return undefined;
  return { removed, added };
}

/**
 * Moves the indexes built for `prev` to `next`, a re-parse of the same single-file document,
 * updating them for the records that changed (a keystroke in a 100k-record zone then costs a few
 * map updates, not a rebuild). `prev` loses them and would rebuild its own if asked again.
 */
export function carryIndexes(prev: Zone, next: Zone): void {
  if (prev === next || indexes.has(next) || custom.has(next)) return;
  const owners = indexes.get(prev);
  const others = custom.get(prev);
  if (!owners && !others) return;
  if (prev.files.length !== 1 || next.files.length !== 1 || prev.file.path !== next.file.path || prev.origin !== next.origin) return;
  const diff = recordDiff(prev, next);
  if (!diff) return;
  // Lists hold a single file's records in text order: a new record goes in by its offset.
  const insert = (list: DnsRecord[], r: DnsRecord) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start <= r.start) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, r);
  };
  // (A list got from the owner index may be a fresh one: every change is filed back with set().)
  type Lists = { get(k: string): DnsRecord[] | undefined; set(k: string, l: DnsRecord[]): unknown; delete(k: string): unknown };
  const update = (m: Lists, keysOf: (r: DnsRecord) => readonly string[] | undefined): { gone: boolean; fresh: string[] } => {
    let gone = false;
    const fresh: string[] = [];
    for (const r of diff.removed) {
      const keys = keysOf(r);
      if (!keys) continue;
      for (const k of keys) {
        const list = m.get(k);
        if (!list) continue;
        const i = list.indexOf(r);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) {
          m.delete(k);
          gone = true;
        } else m.set(k, list);
      }
    }
    for (const r of diff.added) {
      const keys = keysOf(r);
      if (!keys) continue;
      for (const k of keys) {
        const list = m.get(k);
        if (list) {
          insert(list, r);
          m.set(k, list);
        } else {
          m.set(k, [r]);
          fresh.push(k);
        }
      }
    }
    return { gone, fresh };
  };
  if (owners) {
    indexes.delete(prev);
    const { gone, fresh } = update(owners, OWNER_INDEX.keysOf);
    indexes.set(next, owners);
    const inner = interiors.get(prev);
    interiors.delete(prev);
    // New owners only add interior names; a vanished owner may take some away: rebuild then.
    if (inner && !gone) {
      for (const o of fresh) addInterior(inner, o);
      interiors.set(next, inner);
    }
  }
  if (others) {
    custom.delete(prev);
    for (const [index, m] of others) update(m, index.keysOf);
    custom.set(next, others);
  }
}

/**
 * The index of the first dot at or after `from` that ends a label (-1: none). A dot written as
 * `\.` is part of a label (`a\.b` is one label), as is one after an escaped backslash's pair.
 */
export function labelDot(name: string, from = 0): number {
  for (let i = name.indexOf('.', from); i >= 0; i = name.indexOf('.', i + 1)) {
    let k = i - 1;
    while (k >= 0 && name.charCodeAt(k) === 92 /* \ */) k--;
    if ((i - 1 - k) % 2 === 0) return i;
  }
  return -1;
}

/** True when `name` is `origin` or below it (both absolute, lower-case). */
export function isUnder(name: string, origin: string): boolean {
  if (origin === '.') return true;
  if (name === origin) return true;
  if (!name.endsWith(origin)) return false;
  const dot = name.length - origin.length - 1;
  // The dot before the origin must end a label (not `x\.example.com.` under `example.com.`).
  return name.charCodeAt(dot) === 46 /* . */ && labelDot(name, dot) === dot;
}

export class Workspace {
  /** Zones by the path of their main file. */
  readonly zones = new Map<string, Zone>();
  /** Incremented on every change, so caches keyed on the workspace know when to drop. */
  generation = 0;

  set(zone: Zone): void {
    const prev = this.zones.get(zone.file.path);
    if (prev && prev !== zone) carryIndexes(prev, zone);
    this.zones.set(zone.file.path, zone);
    this.generation++;
  }

  delete(path: string): void {
    if (this.zones.delete(path)) this.generation++;
  }

  /** The zones authoritative for a name: those with the longest origin that contains it. */
  authorityFor(name: string): Zone[] {
    if (this.zones.size <= 8) {
      let best: Zone[] = [];
      let bestLen = -1;
      for (const z of this.zones.values()) {
        if (!isUnder(name, z.origin)) continue;
        if (z.origin.length > bestLen) {
          best = [z];
          bestLen = z.origin.length;
        } else if (z.origin.length === bestLen) best.push(z);
      }
      return best;
    }
    // Many zones (a hosting provider's workspace): look the name's suffixes up, longest first,
    // instead of testing every zone on every lookup.
    const idx = this.originIndex();
    for (let i = -1; ; ) {
      const cand = i < 0 ? name : name.slice(i + 1);
      if (cand) {
        const hit = idx.get(cand);
        if (hit) return hit.slice();
      }
      i = labelDot(name, i + 1);
      if (i < 0) break;
    }
    return idx.get('.')?.slice() ?? [];
  }

  private byOrigin: Map<string, Zone[]> | undefined;
  private byOriginGen = -1;

  /** Zones by origin, in the order of `zones` (rebuilt when the workspace changes). */
  private originIndex(): Map<string, Zone[]> {
    if (!this.byOrigin || this.byOriginGen !== this.generation) {
      const m = new Map<string, Zone[]>();
      for (const z of this.zones.values()) {
        const l = m.get(z.origin);
        if (l) l.push(z);
        else m.set(z.origin, [z]);
      }
      this.byOrigin = m;
      this.byOriginGen = this.generation;
    }
    return this.byOrigin;
  }

  /** Records at a name in the authoritative zones, optionally of one type. */
  recordsAt(name: string, type?: string): DnsRecord[] {
    const out: DnsRecord[] = [];
    for (const z of this.authorityFor(name)) {
      const list = nameIndex(z).get(name);
      if (!list) continue;
      for (const r of list) if (!type || r.type === type) out.push(r);
    }
    return out;
  }

  /**
   * Records that `index` files under `key` in every zone except those that read `file` (the
   * linted zone: its own records go through ctx.indexed, which the incremental lint tracks by key;
   * other zones change the workspace's generation, which re-checks everything that looked there).
   */
  indexedElsewhere(index: RecordIndex, key: string, file: string): DnsRecord[] {
    let out: DnsRecord[] | undefined;
    for (const z of this.zones.values()) {
      if (z.file.path === file || z.files.some((f) => f.path === file)) continue;
      const l = recordIndex(z, index).get(key);
      if (l) (out ??= []).push(...l);
    }
    return out ?? [];
  }

  /** True when some authoritative zone has a record at the name or below it (not NXDOMAIN). */
  nameExists(name: string): boolean {
    for (const z of this.authorityFor(name)) {
      const idx = nameIndex(z);
      if (idx.has(name)) return true;
      if (name === '') {
        for (const owner of idx.keys()) if (owner.endsWith('.')) return true;
      } else if (interiorNames(z).has(name)) return true;
    }
    return false;
  }
}

const interiors = new WeakMap<Zone, Set<string>>();

/**
 * Every name that has an owner of the zone below it (what follows each '.' of each owner): the
 * empty non-terminals, built once per parsed zone so that telling NXDOMAIN from NODATA does not
 * scan every owner of a million-record zone on each lookup.
 */
function interiorNames(zone: Zone): Set<string> {
  let set = interiors.get(zone);
  if (!set) {
    set = new Set();
    for (const owner of nameIndex(zone).keys()) addInterior(set, owner);
    interiors.set(zone, set);
  }
  return set;
}

function addInterior(set: Set<string>, owner: string): void {
  for (let i = labelDot(owner); i >= 0 && i + 1 < owner.length; i = labelDot(owner, i + 1)) {
    const up = owner.slice(i + 1);
    if (set.has(up)) break; // its ancestors are in already
    set.add(up);
  }
}
