// The set of zones the engine knows (the editor's workspace, or the CLI's files). A zone is
// authoritative for the names under its origin: a name under it with no record does not exist.
import type { DnsRecord, Zone } from './model';

const indexes = new WeakMap<Zone, Map<string, DnsRecord[]>>();

/** Records of a zone grouped by owner (built once per parsed zone). */
export function nameIndex(zone: Zone): Map<string, DnsRecord[]> {
  let idx = indexes.get(zone);
  if (!idx) {
    idx = new Map();
    // Records of one owner mostly come one after another (blank owners): extend the last list
    // without hashing the name again.
    let lastOwner: string | undefined;
    let lastList: DnsRecord[] = [];
    for (const r of zone.records) {
      const owner = r.owner;
      if (owner === lastOwner) {
        lastList.push(r);
        continue;
      }
      const list = idx.get(owner);
      if (list) list.push(r);
      else idx.set(owner, (lastList = [r]));
      if (list) lastList = list;
      lastOwner = owner;
    }
    indexes.set(zone, idx);
  }
  return idx;
}

/** True when `name` is `origin` or below it (both absolute, lower-case). */
export function isUnder(name: string, origin: string): boolean {
  if (origin === '.') return true;
  return name === origin || (name.endsWith(origin) && name.charCodeAt(name.length - origin.length - 1) === 46 /* . */);
}

export class Workspace {
  /** Zones by the path of their main file. */
  readonly zones = new Map<string, Zone>();
  /** Incremented on every change, so caches keyed on the workspace know when to drop. */
  generation = 0;

  set(zone: Zone): void {
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
      i = name.indexOf('.', i + 1);
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
    for (const owner of nameIndex(zone).keys()) {
      for (let i = owner.indexOf('.'); i >= 0 && i + 1 < owner.length; i = owner.indexOf('.', i + 1)) {
        const up = owner.slice(i + 1);
        if (set.has(up)) break; // its ancestors are in already
        set.add(up);
      }
    }
    interiors.set(zone, set);
  }
  return set;
}
