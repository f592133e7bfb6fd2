// Live DNS for the checks that need answers beyond the workspace (SPF includes, void lookups,
// MX host counts, DMARC report authorizations). Node's dns.promises.Resolver (c-ares) with:
// configurable servers, a per-query timeout, a total budget per run, bounded parallelism and a
// cache. Used only when the user allows it (setting `mailzone.dns: live`, never in an untrusted
// workspace; the CLI unless --offline). Errors map to statuses, never exceptions.
import { Resolver as DnsResolver } from 'node:dns/promises';
import type { LookupResult, LookupStatus, LookupType, Resolver } from './resolver';
import { WorkspaceResolver } from './resolver';
import type { Workspace } from './workspace';

/**
 * The longest per-query timeout node:dns honours. c-ares (1.34 in Node 20) caps the time it waits
 * for one try at 5000 ms whatever `timeout` it is given (its MAX_TIMEOUT_MS; the `maxTimeout`
 * option that lifts the cap does not exist in Node 20's Resolver), and a late answer to a try it
 * gave up on is dropped even when it retries. Longer timeouts are clamped to this and said so.
 */
export const MAX_DNS_TIMEOUT_MS = 5000;

export interface LiveResolverOptions {
  /** DNS servers: "127.0.0.1", "127.0.0.1:5300", "[::1]:53". Default: the system's. */
  servers?: string[];
  /** Per query (c-ares timeout of the first try). Default 2000 ms, at most MAX_DNS_TIMEOUT_MS. */
  timeoutMs?: number;
  /**
   * All queries of one run together; after it, queries answer 'timeout' at once. A run is a burst
   * of queries: the budget starts again after a second with none in flight. Default 10000 ms.
   */
  totalBudgetMs?: number;
  /** Queries in flight at once. Default 8. */
  concurrency?: number;
  /** c-ares tries per query. Default 1. */
  tries?: number;
  /** Upper bound for a cached answer's age. Default 300000 ms (answers are re-used within a run). */
  cacheMs?: number;
}

const IDLE_RESET_MS = 1000;

/** How long a verdict on the servers' "does not exist" answers holds (the network may come back). */
const ROOT_CHECK_MS = 60_000;

interface CacheEntry {
  at: number;
  ttlMs: number;
  result: Promise<LookupResult>;
  /** The answer once it arrived (lookupSync). */
  settled?: LookupResult;
}

const ERROR_STATUS: Record<string, LookupStatus> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
  ETIMEOUT: 'timeout',
  ESERVFAIL: 'servfail',
  ECONNREFUSED: 'error',
  EREFUSED: 'error',
  ECANCELLED: 'timeout',
};

/** Normalise "host:port" / "[v6]:port" / "v6" for c-ares' setServers. */
export function normaliseServer(s: string): string {
  const t = s.trim();
  if (/^\[.*\](:\d+)?$/.test(t)) return t;
  const colons = (t.match(/:/g) ?? []).length;
  if (colons > 1) return t; // bare IPv6
  return t;
}

export class LiveResolver implements Resolver {
  private readonly dns: DnsResolver;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly timeoutMs: number;
  private readonly totalBudgetMs: number;
  private readonly concurrency: number;
  private readonly cacheMs: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private budgetStart: number | undefined;
  /** Number of queries sent to the network (for tests and diagnostics), the root check excepted. */
  queries = 0;
  /** Whether the servers answer "does not exist" for the root zone too (see rootLies). */
  private rootVerdict: { at: number; ttlMs: number; lies: Promise<boolean> } | undefined;

  constructor(opts: LiveResolverOptions = {}) {
    this.timeoutMs = Math.min(Math.max(1, opts.timeoutMs ?? 2000), MAX_DNS_TIMEOUT_MS);
    this.totalBudgetMs = opts.totalBudgetMs ?? 10000;
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
    this.cacheMs = opts.cacheMs ?? 300000;
    this.dns = new DnsResolver({ timeout: this.timeoutMs, tries: Math.max(1, opts.tries ?? 1) });
    if (opts.servers && opts.servers.length) this.dns.setServers(opts.servers.map(normaliseServer));
  }

  /** Start a new run: the total budget counts again from the next query. */
  resetBudget(): void {
    this.budgetStart = undefined;
  }

  clearCache(): void {
    this.cache.clear();
  }

  /** Stop every query in flight (they answer 'timeout'). */
  cancel(): void {
    this.dns.cancel();
  }

  lookup(name: string, type: LookupType): Promise<LookupResult> {
    let n = name.toLowerCase();
    if (!n.endsWith('.')) n += '.';
    const key = `${n}|${type}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < hit.ttlMs) return hit.result;
    const entry: CacheEntry = { at: now, ttlMs: this.cacheMs, result: Promise.resolve(undefined as unknown as LookupResult) };
    entry.result = this.query(n, type).then((r) => {
      // Failures are not kept long: a later run may get an answer.
      if (r.status === 'timeout' || r.status === 'servfail' || r.status === 'error') entry.ttlMs = Math.min(entry.ttlMs, 5000);
      entry.settled = r;
      return r;
    });
    this.cache.set(key, entry);
    return entry.result;
  }

  /** A cached answer that has arrived, at once (no I/O); undefined when only `lookup` can tell. */
  lookupSync(name: string, type: LookupType): LookupResult | undefined {
    let n = name.toLowerCase();
    if (!n.endsWith('.')) n += '.';
    const hit = this.cache.get(`${n}|${type}`);
    if (hit && hit.settled && Date.now() - hit.at < hit.ttlMs) return hit.settled;
    return undefined;
  }

  private lastEnd = 0;

  private budgetLeft(): number {
    // A run is a burst of queries: after a second with nothing in flight (a new lint in the
    // language server), the budget starts again.
    if (this.budgetStart !== undefined && this.running === 0 && this.waiting.length === 0 && Date.now() - this.lastEnd > IDLE_RESET_MS) this.budgetStart = undefined;
    if (this.budgetStart === undefined) this.budgetStart = Date.now();
    return this.totalBudgetMs - (Date.now() - this.budgetStart);
  }

  private async acquire(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
  }

  private release(): void {
    this.running--;
    this.lastEnd = Date.now();
    const next = this.waiting.shift();
    if (next) next();
  }

  private async query(name: string, type: LookupType): Promise<LookupResult> {
    if (this.budgetLeft() <= 0) return this.budgetExceeded(name, type);
    await this.acquire();
    try {
      const left = this.budgetLeft();
      if (left <= 0) return this.budgetExceeded(name, type);
      this.queries++;
      const q = name.endsWith('.') && name.length > 1 ? name.slice(0, -1) : name;
      let timer: NodeJS.Timeout | undefined;
      const guard = new Promise<LookupResult>((resolve) => {
        // c-ares has its own timeout; this guard also bounds the run's budget.
        timer = setTimeout(() => resolve({ name, type, status: 'timeout', source: 'live', message: `no answer within ${Math.min(left, this.timeoutMs * 2 + 500)} ms` }), Math.min(left, this.timeoutMs * 2 + 500));
      });
      let r: LookupResult;
      try {
        r = await Promise.race([this.ask(q, name, type), guard]);
      } finally {
        if (timer) clearTimeout(timer);
      }
      if (r.status === 'nxdomain' && (await this.rootLies())) {
        return {
          name,
          type,
          status: 'error',
          source: 'live',
          message:
            'the DNS server says that even the root zone does not exist, so its "does not exist" answers are not real ' +
            '(no internet access, or a filtering resolver); give a working server with --resolver or `mailzone.dns.servers`',
        };
      }
      return r;
    } finally {
      this.release();
    }
  }

  /**
   * True when the servers answer NXDOMAIN for the root zone itself. A real resolver always knows
   * the root; one that denies it (a sandbox or captive network without internet access, a
   * filtering resolver) answers NXDOMAIN for every name, and taking that as "does not exist" would
   * report every include as a permerror. Asked on the first NXDOMAIN, again after a minute; an
   * answer that is not NXDOMAIN (the root's NS records, REFUSED from an authoritative-only
   * server, a timeout) leaves NXDOMAIN answers trusted.
   */
  private rootLies(): Promise<boolean> {
    const now = Date.now();
    if (this.rootVerdict && now - this.rootVerdict.at < this.rootVerdict.ttlMs) return this.rootVerdict.lies;
    // An answer either way holds a minute; no answer (a timeout, a cancelled lint) only a few
    // seconds, so one lost query does not make a denying server's NXDOMAIN trusted for long.
    const verdict = { at: now, ttlMs: ROOT_CHECK_MS, lies: Promise.resolve(false) };
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<boolean>((resolve) =>
      (timer = setTimeout(() => {
        verdict.ttlMs = 5000;
        resolve(false);
      }, this.timeoutMs * 2 + 500)),
    );
    const asked = this.dns.resolveNs('.').then(
      () => false,
      (e: { code?: string }) => {
        if (e?.code === 'ENOTFOUND') return true;
        if (e?.code !== 'ENODATA' && e?.code !== 'EREFUSED') verdict.ttlMs = 5000;
        return false;
      },
    );
    verdict.lies = Promise.race([asked, guard]).finally(() => timer && clearTimeout(timer));
    this.rootVerdict = verdict;
    return verdict.lies;
  }

  private budgetExceeded(name: string, type: LookupType): LookupResult {
    return { name, type, status: 'timeout', source: 'live', message: `the DNS time budget of ${this.totalBudgetMs} ms for this run is used up` };
  }

  private async ask(q: string, name: string, type: LookupType): Promise<LookupResult> {
    try {
      switch (type) {
        case 'TXT': {
          const txt = await this.dns.resolveTxt(q);
          // c-ares hands strings decoded as Latin-1 per byte?  Node decodes as UTF-8; re-encode to one char per byte.
          return { name, type, status: 'ok', source: 'live', txt: txt.map((r) => r.map(toBinary)) };
        }
        case 'A': {
          const a = await this.dns.resolve4(q);
          return { name, type, status: a.length ? 'ok' : 'nodata', source: 'live', values: a };
        }
        case 'AAAA': {
          const a = await this.dns.resolve6(q);
          return { name, type, status: a.length ? 'ok' : 'nodata', source: 'live', values: a };
        }
        case 'MX': {
          const mx = await this.dns.resolveMx(q);
          return {
            name,
            type,
            status: mx.length ? 'ok' : 'nodata',
            source: 'live',
            mx: mx.map((m) => ({ preference: m.priority, exchange: m.exchange === '' ? '.' : m.exchange.toLowerCase().replace(/\.?$/, '.') })),
          };
        }
        case 'CNAME': {
          const c = await this.dns.resolveCname(q);
          return { name, type, status: c.length ? 'ok' : 'nodata', source: 'live', values: c.map((v) => v.toLowerCase().replace(/\.?$/, '.')) };
        }
        case 'PTR': {
          const p = await this.dns.resolvePtr(q);
          return { name, type, status: p.length ? 'ok' : 'nodata', source: 'live', values: p.map((v) => v.toLowerCase().replace(/\.?$/, '.')) };
        }
      }
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      const status = ERROR_STATUS[code] ?? 'error';
      if (status === 'timeout') return { name, type, status, source: 'live', message: `${code}: no answer within ${this.timeoutMs} ms` };
      return { name, type, status, source: 'live', message: code ? `${code}${status === 'error' ? ': ' + (e as Error).message : ''}` : String(e) };
    }
    return { name, type, status: 'error', source: 'live', message: `unsupported type ${type}` };
  }
}

/** UTF-8 text from Node back to one char per byte, as the record model stores strings. */
function toBinary(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  return Buffer.from(s, 'utf8').toString('latin1');
}

export interface CreateResolverOptions {
  /** 'off' and 'workspace': answers from the workspace only, every other name is 'unresolved'. */
  dns?: 'off' | 'workspace' | 'live';
  servers?: string[];
  timeoutMs?: number;
  totalBudgetMs?: number;
  concurrency?: number;
}

/**
 * The resolver the CLI and the language server use: the workspace first (authoritative for the
 * names under its zones' origins), then live DNS only in mode 'live'. Default mode: 'workspace'.
 */
export function createResolver(ws: Workspace, opts: CreateResolverOptions = {}): Resolver {
  const mode = opts.dns ?? 'workspace';
  if (mode !== 'live') return new WorkspaceResolver(ws);
  const live = new LiveResolver({ servers: opts.servers, timeoutMs: opts.timeoutMs, totalBudgetMs: opts.totalBudgetMs, concurrency: opts.concurrency });
  return new WorkspaceResolver(ws, live);
}
