// Where DNS answers come from, in order: the workspace's own zones (authoritative for the names
// under their origins), then live DNS when the user allows it, else "unresolved" — never a guess.
import type { DnsRecord } from './model';
import type { Workspace } from './workspace';

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
 * answers with a referral, not with NXDOMAIN or NODATA). A name that does not exist is answered
 * from a wildcard at its closest encloser when there is one (RFC 4592).
 */
export function workspaceAnswer(ws: Workspace, name: string, type: LookupType, depth = 0): LookupResult {
  const zones = ws.authorityFor(name);
  if (zones.length === 0) return { name, type, status: 'unresolved', source: 'none' };
  const origin = zones[0].origin;
  let all = ws.recordsAt(name);
  // The names between the origin and this one (a delegation there cuts the zone), top first.
  const between = namesBetween(name, origin);
  let via: string[] | undefined = between.length ? between : undefined;
  const cut = between.find((n) => ws.recordsAt(n, 'NS').length > 0) ?? (name !== origin && all.some((r) => r.type === 'NS') ? name : undefined);
  if (cut) {
    const message = `is delegated at ${cut.slice(0, -1)} (NS records) to a zone that is not in the workspace`;
    return { name, type, status: 'unresolved', source: 'none', message, via };
  }
  let wildcard: string | undefined;
  if (all.length === 0 && !ws.nameExists(name)) {
    // RFC 4592: the closest encloser is the nearest existing ancestor; its `*` child answers.
    const encloser = [...between].reverse().find((n) => ws.nameExists(n)) ?? origin;
    via = [...(via ?? []), encloser];
    const w = '*.' + encloser;
    const recs = ws.recordsAt(w);
    if (recs.length === 0) return { name, type, status: 'nxdomain', source: 'workspace', records: [], via };
    all = recs;
    wildcard = w;
  }
  const recs = all.filter((r) => r.type === type);
  if (recs.length === 0) {
    const cname = all.find((r) => r.type === 'CNAME');
    if (cname && cname.target && type !== 'CNAME' && depth < 8) {
      const t = cname.target;
      const res = workspaceAnswer(ws, t, type, depth + 1);
      if (res.source === 'none') return { name, type, status: 'unresolved', source: 'none', message: `is a CNAME to ${t.slice(0, -1)}, which ${res.message ?? 'is outside the workspace'}`, via: [t, ...(via ?? []), ...(res.via ?? [])] };
      return { ...res, name, via: [t, ...(via ?? []), ...(res.via ?? [])] };
    }
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

/** The names strictly between `origin` and `name` (below `origin`, above `name`), nearest to the origin first. */
function namesBetween(name: string, origin: string): string[] {
  const out: string[] = [];
  for (let i = name.indexOf('.'); i >= 0 && i + 1 < name.length; i = name.indexOf('.', i + 1)) {
    const up = name.slice(i + 1);
    if (up.length <= origin.length) break;
    out.push(up);
  }
  return out.reverse();
}
