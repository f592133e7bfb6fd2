// The set of zones the engine knows (the editor's workspace, or the CLI's files). A zone is
// authoritative for the names under its origin: a name under it with no record does not exist.
import type { DnsRecord, Zone } from './model';

const indexes = new WeakMap<Zone, Map<string, DnsRecord[]>>();

/** Records of a zone grouped by owner (built once per parsed zone). */
export function nameIndex(zone: Zone): Map<string, DnsRecord[]> {
  let idx = indexes.get(zone);
  if (!idx) {
    idx = new Map();
    for (const r of zone.records) {
      const list = idx.get(r.owner);
      if (list) list.push(r);
      else idx.set(r.owner, [r]);
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
      const suffix = '.' + name;
      for (const owner of idx.keys()) if (owner.endsWith(suffix)) return true;
    }
    return false;
  }
}
