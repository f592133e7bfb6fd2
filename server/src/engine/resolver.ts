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
  /** Workspace answers through a CNAME: the names it led to (what the answer depends on). */
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
    name = name.toLowerCase();
    if (!name.endsWith('.')) name += '.';
    if (this.ws.authorityFor(name).length === 0) {
      if (this.fallback) return this.fallback.lookup(name, type);
      return { name, type, status: 'unresolved', source: 'none' };
    }
    return workspaceAnswer(this.ws, name, type);
  }

  lookupSync(name: string, type: LookupType): LookupResult | undefined {
    name = name.toLowerCase();
    if (!name.endsWith('.')) name += '.';
    if (this.ws.authorityFor(name).length === 0) {
      if (this.fallback) return this.fallback.lookupSync?.(name, type);
      return { name, type, status: 'unresolved', source: 'none' };
    }
    return workspaceAnswer(this.ws, name, type);
  }
}

/** The answer the workspace's zones give for a name they are authoritative for. */
export function workspaceAnswer(ws: Workspace, name: string, type: LookupType, depth = 0): LookupResult {
  const all = ws.recordsAt(name);
  const recs = all.filter((r) => r.type === type);
  if (recs.length === 0) {
    const cname = all.find((r) => r.type === 'CNAME');
    if (cname && cname.target && type !== 'CNAME' && depth < 8) {
      const t = cname.target;
      if (ws.authorityFor(t).length > 0) {
        const res = workspaceAnswer(ws, t, type, depth + 1);
        return { ...res, name, via: [t, ...(res.via ?? [])] };
      }
      return { name, type, status: 'unresolved', source: 'none', message: `CNAME to ${t}, outside the workspace` };
    }
    const status = all.length > 0 || ws.nameExists(name) ? 'nodata' : 'nxdomain';
    return { name, type, status, source: 'workspace', records: [] };
  }
  const res: LookupResult = { name, type, status: 'ok', source: 'workspace', records: recs };
  if (type === 'TXT') res.txt = recs.map((r) => (r.strings ?? []).map((s) => s.value));
  else if (type === 'MX') res.mx = recs.map((r) => ({ preference: r.preference ?? 0, exchange: r.target ?? '' }));
  else if (type === 'CNAME' || type === 'PTR') res.values = recs.map((r) => r.target ?? '');
  else res.values = recs.map((r) => r.fields.map((f) => f.text).join(' '));
  return res;
}
