// Where DNS answers come from, in order: the workspace's own zones (authoritative for the names
// under their origins), then live DNS when the user allows it, else "unresolved" — never a guess.
import type { DnsRecord, Zone } from './model';
import { labelDot, nameIndex, type Workspace } from './workspace';
import { rdataKey } from './zone';

export type LookupType = 'TXT' | 'A' | 'AAAA' | 'MX' | 'CNAME' | 'PTR';

export type LookupStatus =
  | 'ok'
  | 'nxdomain'
  | 'nodata'
  | 'timeout'
  | 'servfail'
  /** Not in the workspace, and live DNS is not allowed (offline, untrusted workspace). */
  | 'unresolved'
  | 'error';

export interface LookupResult {
  name: string;
  type: LookupType;
  status: LookupStatus;
  source: 'workspace' | 'live' | 'none';
  /** TXT: one entry per record, each the list of its character-strings (decoded). */
  txt?: string[][];
  /** A/AAAA: addresses. CNAME/PTR: target names. */
  values?: string[];
  /** MX: preference and exchange (absolute, lower-case). */
  mx?: { preference: number; exchange: string }[];
  /** When answered from the workspace: the records that answered (for "go to" and hovers). */
  records?: DnsRecord[];
  /** Human-readable detail for timeouts and errors. */
  message?: string;
  /**
   * Workspace answers: other names whose records (at them or below) the answer depends on — the
   * targets a CNAME led to, the closest encloser a wildcard was looked for under, the names between
   * the zone's origin and the name where NS records would delegate it away.
   */
  via?: string[];
  /**
   * Workspace answers: the origins of the zones the answer was looked up in. A DNAME added at an
   * origin would redirect the name (RFC 6672), so the answer depends on the DNAME records there
   * (not on every record at the origin, which `via` would make it).
   */
  apex?: string[];
}

export interface Resolver {
  lookup(name: string, type: LookupType): Promise<LookupResult>;
  /**
   * The same answer at once when it needs no I/O (the workspace's zones, or a name nobody can
   * answer offline); undefined when only `lookup` can tell. Lets a big zone's 10,000 SPF trees
   * be walked without a promise per query.
   */
  lookupSync?(name: string, type: LookupType): LookupResult | undefined;
  /**
   * A caller answered this query from its own cache (an answer it got from this resolver before).
   * Lets a resolver that records what each check depends on (the editor's incremental lint) see it.
   */
  noteCached?(name: string, type: LookupType, res: LookupResult | undefined): void;
}

/** Answers from the workspace only; names outside every zone are "unresolved". */
export class WorkspaceResolver implements Resolver {
  constructor(private readonly ws: Workspace, private readonly fallback?: Resolver) {}

  async lookup(name: string, type: LookupType): Promise<LookupResult> {
    name = absolute(name);
    const res = workspaceAnswer(this.ws, name, type);
    if (res.source !== 'none' || !this.fallback) return res;
    const live = await this.fallback.lookup(name, type);
    return res.via ? { ...live, via: res.via } : live;
  }

  lookupSync(name: string, type: LookupType): LookupResult | undefined {
    name = absolute(name);
    const res = workspaceAnswer(this.ws, name, type);
    if (res.source !== 'none' || !this.fallback) return res;
    const live = this.fallback.lookupSync?.(name, type);
    return live && res.via ? { ...live, via: res.via } : live;
  }
}

function absolute(name: string): string {
  name = name.toLowerCase();
  return name.endsWith('.') ? name : name + '.';
}

/**
 * The answer the workspace's zones give for `name` (absolute, lower-case), as their servers would
 * give it: source 'none' (status 'unresolved') when no zone of the workspace is authoritative for
 * it — none holds it, or the one that does delegates it (NS records below its origin: a server
 * answers with a referral, not with NXDOMAIN or NODATA). A DNAME above the name redirects it
 * (RFC 6672: a CNAME to the same name under the DNAME's target, followed like one). A name that
 * does not exist is answered from a wildcard at its closest encloser when there is one (RFC 4592).
 * A chain of CNAMEs (and DNAMEs) that comes back to a name has no answer: 'servfail', as a
 * resolver (and BIND serving the zones) answers.
 */
export function workspaceAnswer(ws: Workspace, name: string, type: LookupType, depth = 0, seen?: Set<string>): LookupResult {
  const zones = ws.authorityFor(name);
  if (zones.length === 0) return { name, type, status: 'unresolved', source: 'none' };
  const origin = zones[0].origin;
  const res = answerIn(ws, zones, name, type, depth, seen);
  // Each answer object is new (follow() spreads the one it got): the origins collect along a chain.
  res.apex = res.apex ? (res.apex.includes(origin) ? res.apex : [origin, ...res.apex]) : [origin];
  return res;
}

function answerIn(ws: Workspace, zones: Zone[], name: string, type: LookupType, depth: number, seen: Set<string> | undefined): LookupResult {
  const origin = zones[0].origin;
  // The names between the origin and this one (a delegation there cuts the zone), top first.
  const between = namesBetween(name, origin);
  let via: string[] | undefined = between.length ? between : undefined;
  // RFC 1034 §4.3.2 step 3, down from the origin label by label: NS records below the origin
  // delegate the rest away (also at the name itself); a DNAME redirects the names below it (at the
  // origin too). Whichever comes first (the higher name) decides; at one name, the delegation.
  // (Every name from the origin down to this one has the same authoritative zones as this one.)
  for (let k = -1; k <= between.length; k++) {
    const n = k < 0 ? origin : k < between.length ? between[k] : name;
    if (n !== origin && firstOf(zones, n, 'NS')) {
      const message = `is delegated at ${n.slice(0, -1)} (NS records) to a zone that is not in the workspace`;
      return { name, type, status: 'unresolved', source: 'none', message, via };
    }
    if (n === name) break;
    const dname = firstOf(zones, n, 'DNAME');
    if (dname?.target) {
      const t = (n === '.' ? name : name.slice(0, name.length - n.length)) + dname.target!;
      // (The answer depends on the DNAME: at the origin, which `via` does not otherwise name.)
      const dv = n === origin ? [...(via ?? []), origin] : via;
      if (type === 'CNAME') return { name, type, status: 'ok', source: 'workspace', records: [dname], values: [t], via: [t, ...(dv ?? [])], message: `synthesized from the DNAME at ${n.slice(0, -1)}` };
      return follow(ws, name, type, t, dv, depth, seen, `the DNAME at ${n.slice(0, -1)} redirects it to`);
    }
  }
  let all = ws.recordsAt(name);
  let wildcard: string | undefined;
  if (all.length === 0 && !ws.nameExists(name)) {
    // RFC 4592: the closest encloser is the nearest existing ancestor; its `*` child answers.
    const encloser = [...between].reverse().find((n) => ws.nameExists(n)) ?? origin;
    via = [...(via ?? []), encloser];
    const w = '*.' + encloser;
    // A wildcard with no records of its own but names below it (`y.*.a`) still exists: it matches,
    // with no data (RFC 4592 §2.2.1).
    if (!ws.nameExists(w)) return { name, type, status: 'nxdomain', source: 'workspace', records: [], via };
    all = ws.recordsAt(w);
    wildcard = w;
  }
  const recs = distinct(all.filter((r) => r.type === type));
  if (recs.length === 0) {
    const cname = all.find((r) => r.type === 'CNAME');
    if (cname && cname.target && type !== 'CNAME') return follow(ws, name, type, cname.target, via, depth, seen, 'is a CNAME to');
    return { name, type, status: 'nodata', source: 'workspace', records: [], via, ...(wildcard ? { message: `answered by the wildcard ${wildcard}` } : {}) };
  }
  const res: LookupResult = { name, type, status: 'ok', source: 'workspace', records: recs };
  if (via) res.via = via;
  if (wildcard) res.message = `answered by the wildcard ${wildcard}`;
  if (type === 'TXT') res.txt = recs.map((r) => (r.strings ?? []).map((s) => s.value));
  else if (type === 'MX') res.mx = recs.map((r) => ({ preference: r.preference ?? 0, exchange: r.target ?? '' }));
  else if (type === 'CNAME' || type === 'PTR') res.values = recs.map((r) => r.target ?? '');
  else res.values = recs.map((r) => r.fields.map((f) => f.text).join(' '));
  return res;
}

/** The first record of `type` at `name` in these zones (no lists made: this runs for every name of every lookup). */
function firstOf(zones: Zone[], name: string, type: string): DnsRecord | undefined {
  for (const z of zones) {
    const r = nameIndex(z).firstOf(name, type);
    if (r) return r;
  }
  return undefined;
}

/**
 * The records without the ones written again: an RRset is a set, a record written twice is one
 * record (RFC 2181 §5), and a server sends it once: the same RR as zone/duplicate-record decides it.
 */
function distinct(recs: DnsRecord[]): DnsRecord[] {
  if (recs.length < 2) return recs;
  const seen = new Set<string>();
  return recs.filter((r) => {
    const key = rdataKey(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Most CNAMEs (and DNAMEs) followed in a row; a longer chain is answered as a loop is (BIND's
 * max-restarts: it answers SERVFAIL for the 12th, and so do resolvers).
 */
const MAX_CHAIN = 11;

/** The answer for `name` that a CNAME (or a DNAME's synthesized one) to `t` gives. */
function follow(ws: Workspace, name: string, type: LookupType, t: string, via: string[] | undefined, depth: number, seen: Set<string> | undefined, how: string): LookupResult {
  seen ??= new Set([name]);
  if (seen.has(t) || depth >= MAX_CHAIN) {
    const message = seen.has(t) ? `${how} ${t.slice(0, -1)}: a loop of CNAMEs, which has no answer` : `${how} ${t.slice(0, -1)}: more than ${MAX_CHAIN} CNAMEs in a row`;
    return { name, type, status: 'servfail', source: 'workspace', records: [], message, via: [t, ...(via ?? [])] };
  }
  seen.add(t);
  const res = workspaceAnswer(ws, t, type, depth + 1, seen);
  const allVia = [t, ...(via ?? []), ...(res.via ?? [])];
  if (res.source === 'none') {
    const which = how === 'is a CNAME to' ? `is a CNAME to ${t.slice(0, -1)}` : `${how} ${t.slice(0, -1)}`;
    return { name, type, status: 'unresolved', source: 'none', message: `${which}, which ${res.message ?? 'is outside the workspace'}`, via: allVia };
  }
  return { ...res, name, via: allVia };
}

/** The names strictly between `origin` and `name` (below `origin`, above `name`), nearest to the origin first. */
function namesBetween(name: string, origin: string): string[] {
  const out: string[] = [];
  for (let i = labelDot(name); i >= 0 && i + 1 < name.length; i = labelDot(name, i + 1)) {
    const up = name.slice(i + 1);
    if (up.length <= origin.length) break;
    out.push(up);
  }
  return out.reverse();
}
