// The SPF lookup budget (RFC 7208 §4.6.4): the DNS-querying terms (include, a, mx, ptr, exists,
// redirect) counted recursively through include and redirect, as a tree whose every node says
// what it cost and where its answer came from. Never guesses: a name nobody could answer is
// "unresolved" and makes the total a lower bound.
import type { DnsRecord } from '../model';
import type { LintContext } from '../rule';
import type { LookupResult, LookupStatus, LookupType, Resolver } from '../resolver';
import type { Workspace } from '../workspace';
import { isSpfText, joinStrings, parseSpf, plainStrings, spfOf, spfOfRecord, type SpfParse, type SpfTerm } from './parse';

export const SPF_LOOKUP_LIMIT = 10;
export const SPF_VOID_LIMIT = 2;
export const SPF_MX_LIMIT = 10;
/** Guards: a hostile or huge include graph never hangs the linter. */
const MAX_NODES = 400;
const MAX_DEPTH = 20;

export type SpfNodeKind = 'root' | 'include' | 'redirect' | 'a' | 'mx' | 'ptr' | 'exists';

export type SpfNodeProblem =
  | 'loop'
  | 'no-spf'
  | 'multiple-spf'
  | 'macro'
  | 'void'
  | 'mx-too-many'
  | 'unresolved'
  | 'timeout'
  | 'servfail'
  | 'error'
  | 'syntax'
  | 'truncated';

export interface SpfTreeNode {
  kind: SpfNodeKind;
  /** What the node shows: "include:_spf.example.com", "mx", or the domain for the root. */
  label: string;
  /** The term that makes this lookup (undefined for the root). */
  term?: SpfTerm;
  /** The record the term is written in, when it is a record of the workspace. */
  termRecord?: DnsRecord;
  /** The parsed record the term belongs to (to show its text). */
  termSpf?: SpfParse;
  /** The name queried (absolute, lower-case), unknown for a term with a macro. */
  target?: string;
  /** Lookups this term costs on its own (1 for a DNS-querying term, 0 for the root). */
  own: number;
  /** own + the cost of everything below it. */
  cost: number;
  /** Where the answer came from. */
  source: 'workspace' | 'live' | 'unresolved' | 'none';
  status?: LookupStatus;
  /** For include/redirect/root: the SPF record found at the target. */
  record?: DnsRecord;
  spf?: SpfParse;
  /** Workspace location of the answer. */
  where?: { file: string; line: number };
  /** MX: number of hosts returned. */
  mxHosts?: number;
  /** a/mx/exists that returned NXDOMAIN or no data (§4.6.4 void lookup). */
  void?: boolean;
  problem?: SpfNodeProblem;
  /** Plain words for the problem (shown in hovers and used in findings). */
  detail?: string;
  children: SpfTreeNode[];
}

export interface SpfTree {
  root: SpfTreeNode;
  /** Lookups counted (root.cost). */
  total: number;
  /** False when some branch could not be followed (unresolved, timeout, macro include): total is a lower bound. */
  complete: boolean;
  /** Names that could not be resolved (not in the workspace, live DNS off) or timed out. */
  unresolved: { name: string; status: LookupStatus; node: SpfTreeNode }[];
  /** Void lookups seen (a/mx/exists returning NXDOMAIN or no data). */
  voidNodes: SpfTreeNode[];
  /** a/mx/exists lookups whose answer is unknown (so the void count is a lower bound too). */
  voidUnknown: number;
  loops: SpfTreeNode[];
  truncated: boolean;
}

export interface TreeContext {
  resolver: Resolver;
  workspace?: Workspace;
  /** Stops the walk (superseded edits in the editor); the tree is then marked truncated. */
  signal?: AbortSignal;
}

/** The lookup tree of an SPF record, memoized per lint run when given a LintContext. */
export function spfLookupTree(rec: DnsRecord, ctx: TreeContext & Partial<Pick<LintContext, 'memo'>>): Promise<SpfTree | undefined> {
  const t = spfLookupTreeNow(rec, ctx);
  return t instanceof Promise ? t : Promise.resolve(t);
}

/**
 * Like spfLookupTree, but the tree itself when every answer was at hand (the workspace's zones,
 * names nobody can answer offline): no promise per record for the 10,000 SPF records of a big zone.
 */
export function spfLookupTreeNow(rec: DnsRecord, ctx: TreeContext & Partial<Pick<LintContext, 'memo'>>): SpfTree | undefined | Promise<SpfTree | undefined> {
  return ctx.memo ? ctx.memo('spf-tree', rec, readTree) : readTree(rec, ctx);
}

function readTree(rec: DnsRecord, ctx: TreeContext & Partial<Pick<LintContext, 'memo'>>): SpfTree | undefined | Promise<SpfTree | undefined> {
  const spf = ctx.memo ? spfOf(rec, ctx as Pick<LintContext, 'memo'>) : spfOfRecord(rec);
  if (!spf || !isSpfText(spf.text)) return undefined;
  return new Walker(ctx).run(spf, rec.owner, rec);
}

/** The lookup tree of an SPF text published at `domain` (for live records and tests). */
export function buildTree(spf: SpfParse, domain: string, ctx: TreeContext, rec?: DnsRecord): Promise<SpfTree> {
  const t = new Walker(ctx).run(spf, domain, rec);
  return t instanceof Promise ? t : Promise.resolve(t);
}

/** Answers already given in this run (per lint context): each name is asked once per type. */
const answerCache = new WeakMap<TreeContext, Map<string, LookupResult | Promise<LookupResult>>>();

function errorResult(name: string, type: LookupType, e: unknown): LookupResult {
  return { name, type, status: 'error', source: 'none', message: e instanceof Error ? e.message : String(e) };
}

/** A term waiting for the answer to one query. */
interface Pending {
  task: Generator<Query, void, LookupResult | undefined>;
  q: Query;
  res?: LookupResult;
}

interface Query {
  name: string;
  type: 'TXT' | 'A' | 'AAAA' | 'MX';
  node: SpfTreeNode;
}

/**
 * Walks the include graph. Each term is a small generator that yields the queries it needs; the
 * walker answers them in rounds, in the order they were asked, synchronously when the resolver
 * can (the workspace) and awaiting only the answers that need the network. The rounds keep the
 * order the earlier promise-per-term walk gave (the order of `unresolved`, `voidNodes`, `loops`).
 */
class Walker {
  nodes = 0;
  truncated = false;
  unresolved: SpfTree['unresolved'] = [];
  voidNodes: SpfTreeNode[] = [];
  voidUnknown = 0;
  loops: SpfTreeNode[] = [];
  private pending: Pending[] = [];
  private arrived: Pending[] = [];
  private inflight = 0;
  private wake: (() => void) | undefined;
  private readonly cache: Map<string, LookupResult | Promise<LookupResult>>;
  constructor(private readonly ctx: TreeContext) {
    let c = answerCache.get(ctx);
    if (!c) answerCache.set(ctx, (c = new Map()));
    this.cache = c;
  }

  run(spf: SpfParse, domain: string, rec?: DnsRecord): SpfTree | Promise<SpfTree> {
    const root: SpfTreeNode = {
      kind: 'root',
      label: domain,
      target: domain,
      own: 0,
      cost: 0,
      source: rec ? 'workspace' : 'live',
      status: 'ok',
      record: rec,
      spf,
      where: rec ? { file: rec.file.path, line: rec.line } : undefined,
      children: [],
    };
    this.walk(root, spf, domain, [domain], rec, 0);
    const done = this.drain();
    return done === true ? this.finish(root) : done.then(() => this.finish(root));
  }

  private finish(root: SpfTreeNode): SpfTree {
    addCosts(root);
    // Live answers arrive in the network's order: list the nodes in the record's order instead,
    // so the same zone gives the same findings word for word from run to run.
    if (this.voidNodes.length > 1 || this.unresolved.length > 1 || this.loops.length > 1) {
      const order = new Map<SpfTreeNode, number>();
      const visit = (n: SpfTreeNode) => {
        order.set(n, order.size);
        for (const c of n.children) visit(c);
      };
      visit(root);
      const at = (n: SpfTreeNode) => order.get(n) ?? Number.MAX_SAFE_INTEGER;
      this.voidNodes.sort((a, b) => at(a) - at(b));
      this.loops.sort((a, b) => at(a) - at(b));
      this.unresolved.sort((a, b) => at(a.node) - at(b.node));
    }
    const incomplete = this.unresolved.length > 0 || this.truncated || hasMacroBranch(root);
    return {
      root,
      total: root.cost,
      complete: !incomplete,
      unresolved: this.unresolved,
      voidNodes: this.voidNodes,
      voidUnknown: this.voidUnknown,
      loops: this.loops,
      truncated: this.truncated,
    };
  }

  /** Add the lookups of `spf` (evaluated terms only) as children of `node`, each started now. */
  private walk(node: SpfTreeNode, spf: SpfParse, domain: string, path: string[], rec: DnsRecord | undefined, depth: number): void {
    for (const t of evaluatedLookupTerms(spf)) {
      const child: SpfTreeNode = {
        kind: t.name as SpfNodeKind,
        label: termLabel(t),
        term: t,
        termRecord: rec,
        termSpf: spf,
        own: 1,
        cost: 1,
        source: 'none',
        children: [],
      };
      node.children.push(child);
      this.step(this.term(child, t, domain, path, depth), undefined);
    }
  }

  /** Run a term until it asks a query (queued) or ends. */
  private step(task: Pending['task'], input: LookupResult | undefined): void {
    const r = task.next(input);
    if (!r.done) this.pending.push({ task, q: r.value });
  }

  /** Answer the queued queries round by round; true when all is done without waiting. */
  private drain(): true | Promise<void> {
    while (this.pending.length > 0 || this.arrived.length > 0) {
      const batch = this.arrived.length ? this.arrived.concat(this.pending) : this.pending;
      this.arrived = [];
      this.pending = [];
      const ready: Pending[] = [];
      for (const p of batch) {
        if (p.res) {
          ready.push(p);
          continue;
        }
        const a = this.answer(p.q.name, p.q.type);
        if (a instanceof Promise) {
          this.inflight++;
          a.then((res) => {
            this.inflight--;
            p.res = res;
            this.arrived.push(p);
            const w = this.wake;
            this.wake = undefined;
            w?.();
          });
        } else {
          p.res = a;
          ready.push(p);
        }
      }
      // First every answer is recorded on its node, then the terms go on (as the awaits did).
      const out = ready.map((p) => this.record(p.q, p.res!));
      for (let i = 0; i < ready.length; i++) this.step(ready[i].task, out[i]);
    }
    if (this.inflight === 0) return true;
    return new Promise<void>((resolve) => (this.wake = resolve)).then(() => {
      const r = this.drain();
      return r === true ? undefined : r;
    });
  }

  /** The answer to a query: from this run's cache, the resolver at once when it can, else a promise. */
  private answer(name: string, type: LookupType): LookupResult | Promise<LookupResult> {
    const key = type + ' ' + name;
    const hit = this.cache.get(key);
    const resolver = this.ctx.resolver;
    if (hit) {
      // The answer was looked up for another record: the resolver still learns that this walk used it.
      resolver.noteCached?.(name, type, hit instanceof Promise ? undefined : hit);
      return hit;
    }
    let a: LookupResult | Promise<LookupResult>;
    try {
      a = (resolver.lookupSync && resolver.lookupSync(name, type)) || resolver.lookup(name, type).catch((e: unknown) => errorResult(name, type, e));
    } catch (e) {
      a = errorResult(name, type, e);
    }
    this.cache.set(key, a);
    if (a instanceof Promise) a.then((res) => this.cache.set(key, res));
    return a;
  }

  private *term(node: SpfTreeNode, t: SpfTerm, domain: string, path: string[], depth: number): Generator<Query, void, LookupResult | undefined> {
    const kind = node.kind;
    if (++this.nodes > MAX_NODES || depth > MAX_DEPTH || this.ctx.signal?.aborted) {
      this.truncated = true;
      node.problem = 'truncated';
      node.detail = this.ctx.signal?.aborted ? 'not followed: the check was cancelled' : 'not followed: the include graph is too large to walk';
      return;
    }
    if (t.problems.length > 0) {
      node.problem = 'syntax';
      node.detail = 'not followed: the term has a syntax error';
      return;
    }
    if (kind === 'ptr') {
      node.detail = 'the lookup depends on the sending IP address';
      return;
    }
    // A macro-string whose only macro is %{d} (the current domain, RFC 7208 §7.3) names one
    // domain at lint time: followed like a literal name. Any other macro depends on the message.
    const expanded = t.hasMacro && t.value ? macroTarget(t.value.text, domain) : undefined;
    if (t.hasMacro && !expanded) {
      node.problem = 'macro';
      node.detail = 'contains a macro: the name is only known when a message arrives, so it is counted once and not followed';
      if (kind !== 'include' && kind !== 'redirect') this.voidUnknown++;
      return;
    }
    const target = expanded ?? (kind === 'a' || kind === 'mx' ? t.domain ?? domain : t.domain);
    if (!target) return;
    node.target = target;

    if (kind === 'include' || kind === 'redirect') {
      if (path.includes(target)) {
        node.problem = 'loop';
        node.detail = `loop: ${[...path, target].map(short).join(' → ')}`;
        this.loops.push(node);
        return;
      }
      const res = yield { name: target, type: 'TXT', node };
      if (!res) return;
      if (res.status === 'nxdomain' || res.status === 'nodata') {
        node.problem = 'no-spf';
        node.detail = `${short(target)} ${res.status === 'nxdomain' ? 'does not exist' : 'has no TXT record'}, so it has no SPF record (permerror, RFC 7208 §5.2, §6.1)`;
        return;
      }
      if (res.status !== 'ok') return;
      const found = spfRecordsIn(res);
      if (found.length === 0) {
        node.problem = 'no-spf';
        node.detail = `${short(target)} has TXT records but none is an SPF record (\`v=spf1 …\`) (permerror, RFC 7208 §5.2, §6.1)`;
        return;
      }
      if (found.length > 1) {
        node.problem = 'multiple-spf';
        node.detail = `${short(target)} publishes ${found.length} SPF records: receivers return permerror (RFC 7208 §4.5)`;
      }
      const first = found[0];
      node.record = first.record;
      node.spf = first.spf;
      if (first.record) node.where = { file: first.record.file.path, line: first.record.line };
      if (!node.problem && first.spf.problems.length > 0) {
        node.problem = 'syntax';
        const why = first.spf.problems[0].message.replace(/;? *receivers return permerror\b.*$/is, '').replace(/[.;:, ]+$/, '');
        node.detail = `${short(target)}'s SPF record has a syntax error (${why}): receivers return permerror (RFC 7208 §4.6)`;
      }
      // A second redirect= or exp= is a permerror wherever it is (RFC 7208 §6), even after `all`.
      const twice = !node.problem ? repeatedModifier(first.spf) : undefined;
      if (twice) {
        node.problem = 'syntax';
        node.detail = `${short(target)}'s SPF record has \`${twice}=\` more than once: receivers return permerror (RFC 7208 §6)`;
      }
      this.walk(node, first.spf, target, [...path, target], first.record, depth + 1);
      return;
    }

    if (kind === 'mx') {
      const res = yield { name: target, type: 'MX', node };
      if (!res) {
        this.voidUnknown++;
        return;
      }
      if (res.status === 'nxdomain' || res.status === 'nodata') {
        this.markVoid(node, res.status);
        return;
      }
      if (res.status === 'ok') {
        const hosts = (res.mx ?? []).filter((m) => m.exchange !== '.' && m.exchange !== '');
        node.mxHosts = hosts.length;
        // A null MX (`MX 0 .`, RFC 7505) is an answer with a record: not a void lookup (§4.6.4
        // counts only NXDOMAIN and empty answers); it names no host, so the term matches nothing.
        if (hosts.length === 0 && (res.mx ?? []).length === 0) this.markVoid(node, 'nodata');
        else if (hosts.length === 0) node.detail = `${short(target)} has a null MX (\`MX 0 .\`, RFC 7505): the term matches no address (not a void lookup)`;
        else if (hosts.length > SPF_MX_LIMIT) {
          node.problem = 'mx-too-many';
          node.detail = `${short(target)} has ${hosts.length} MX hosts; receivers look up at most ${SPF_MX_LIMIT} and return permerror (RFC 7208 §4.6.4)`;
        }
      } else this.voidUnknown++;
      return;
    }

    // a / exists: a void lookup is one where no address answers (A and AAAA both empty for `a`).
    const resA = yield { name: target, type: 'A', node };
    if (!resA) {
      this.voidUnknown++;
      return;
    }
    if (resA.status === 'ok') return;
    if (resA.status !== 'nxdomain' && resA.status !== 'nodata') {
      this.voidUnknown++;
      return;
    }
    if (kind === 'a' && resA.status === 'nodata') {
      const res6 = yield { name: target, type: 'AAAA', node };
      if (!res6) {
        this.voidUnknown++;
        return;
      }
      if (res6.status === 'ok') return;
      if (res6.status !== 'nxdomain' && res6.status !== 'nodata') {
        this.voidUnknown++;
        return;
      }
    }
    this.markVoid(node, resA.status);
  }

  private markVoid(node: SpfTreeNode, status: LookupStatus): void {
    node.void = true;
    node.problem = node.problem ?? 'void';
    node.detail = `void lookup: ${short(node.target ?? '')} ${status === 'nxdomain' ? 'does not exist (NXDOMAIN)' : 'has no ' + (node.kind === 'mx' ? 'MX' : 'address') + ' records'}`;
    this.voidNodes.push(node);
  }

  /** Records an answer's origin on the node. Undefined when the answer is unknown. */
  private record(q: Query, res: LookupResult): LookupResult | undefined {
    const { name, type, node } = q;
    node.status = res.status;
    node.source = res.source === 'none' ? 'unresolved' : res.source;
    if (res.source === 'workspace' && res.records && res.records[0] && !node.where) node.where = { file: res.records[0].file.path, line: res.records[0].line };
    if (res.status === 'unresolved' || res.status === 'timeout' || res.status === 'servfail' || res.status === 'error') {
      node.problem = res.status === 'unresolved' ? 'unresolved' : res.status;
      node.detail =
        res.status === 'unresolved'
          ? `${short(name)} ${res.message ?? 'is outside the workspace'} and live DNS is off: not counted below this point`
          : `${short(name)} ${type}: ${res.status === 'timeout' ? 'no answer (timeout)' : res.status === 'servfail' ? 'server failure (SERVFAIL)' : 'lookup error'}${res.message ? ` — ${res.message}` : ''}`;
      if (!this.unresolved.some((u) => u.name === name)) this.unresolved.push({ name, status: res.status, node });
      return undefined;
    }
    return res;
  }
}

/**
 * The name a domain-spec stands for when every macro in it is known at lint time: `%{d}` (the
 * domain being evaluated, RFC 7208 §7.3) with its transformers — digits, `r`, delimiters
 * `.-+,/_=`, an upper-case letter for URL escaping — and `%%`, `%_`, `%-`. Undefined when it uses
 * any other macro letter (only known when a message arrives) or is malformed. `domain` may end in
 * a dot; the result has none and is not checked as a DNS name (see macroTarget).
 */
export function expandDomainMacros(spec: string, domain: string): string | undefined {
  const d = domain.length > 1 && domain.endsWith('.') ? domain.slice(0, -1) : domain;
  let out = '';
  for (let i = 0; i < spec.length; ) {
    const c = spec[i];
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    const n = spec[i + 1];
    if (n === '%' || n === '_' || n === '-') {
      out += n === '%' ? '%' : n === '_' ? ' ' : '%20';
      i += 2;
      continue;
    }
    if (n !== '{') return undefined;
    const close = spec.indexOf('}', i + 2);
    if (close < 0) return undefined;
    const m = /^([dD])(\d*)([rR]?)([.\-+,/_=]*)$/.exec(spec.slice(i + 2, close));
    if (!m) return undefined;
    const delims = m[4] || '.';
    let parts: string[] = [''];
    for (const ch of d) {
      if (delims.includes(ch)) parts.push('');
      else parts[parts.length - 1] += ch;
    }
    if (m[3]) parts.reverse();
    if (m[2]) {
      const keep = Number(m[2]);
      if (keep < 1) return undefined;
      if (keep < parts.length) parts = parts.slice(parts.length - keep);
    }
    let v = parts.join('.');
    if (m[1] === 'D') v = v.replace(/[^A-Za-z0-9\-._~]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
    out += v;
    i = close + 1;
  }
  return out;
}

/**
 * The absolute, lower-case name a macro domain-spec queries when it is known at lint time
 * (expandDomainMacros), cut from the left to 253 bytes as receivers do (RFC 7208 §7.3); undefined
 * when it is only known when mail arrives or is not a name DNS can query.
 */
function macroTarget(spec: string, domain: string): string | undefined {
  let name = expandDomainMacros(spec, domain);
  if (name === undefined) return undefined;
  if (name.endsWith('.')) name = name.slice(0, -1);
  let labels = name.split('.');
  while (labels.length > 1 && labels.join('.').length > 253) labels = labels.slice(1);
  if (labels.some((l) => l === '' || l.length > 63 || /[\s]/.test(l))) return undefined;
  return labels.join('.').toLowerCase() + '.';
}

/** How many times the record has the modifier `name` (`redirect`, `exp`). */
export function modifierCount(spf: SpfParse, name: string): number {
  let n = 0;
  for (const t of spf.terms) if (t.kind === 'modifier' && t.name === name) n++;
  return n;
}

/** `redirect` or `exp` when the record has that modifier more than once (RFC 7208 §6: permerror). */
export function repeatedModifier(spf: SpfParse): 'redirect' | 'exp' | undefined {
  if (modifierCount(spf, 'redirect') > 1) return 'redirect';
  if (modifierCount(spf, 'exp') > 1) return 'exp';
  return undefined;
}

/** own + the cost of everything below, for every node (post-order). */
function addCosts(n: SpfTreeNode): number {
  let c = n.own;
  for (const k of n.children) c += addCosts(k);
  n.cost = c;
  return c;
}

/** The lookup terms a receiver evaluates: mechanisms up to the first `all`, then redirect if there is no `all`. */
export function evaluatedLookupTerms(spf: SpfParse): SpfTerm[] {
  const out: SpfTerm[] = [];
  const end = spf.allIndex >= 0 ? spf.allIndex : spf.terms.length;
  for (let i = 0; i < end; i++) {
    const t = spf.terms[i];
    if (t.kind === 'mechanism' && (t.name === 'include' || t.name === 'a' || t.name === 'mx' || t.name === 'ptr' || t.name === 'exists')) out.push(t);
  }
  if (spf.allIndex < 0 && spf.redirect) out.push(spf.redirect);
  return out;
}

export function spfRecordsIn(res: LookupResult): { spf: SpfParse; record?: DnsRecord }[] {
  const out: { spf: SpfParse; record?: DnsRecord }[] = [];
  const txt = res.txt ?? [];
  for (let i = 0; i < txt.length; i++) {
    const joined = txt[i].join('');
    if (!isSpfText(joined)) continue;
    const record = res.records?.[i];
    if (record && record.strings && joinStrings(record.strings) === joined) out.push({ spf: parseSpf(record.strings, joined), record });
    else out.push({ spf: parseSpf(plainStrings(txt[i]), joined) });
  }
  return out;
}

function termLabel(t: SpfTerm): string {
  const c = t.text.charCodeAt(0);
  return c === 43 || c === 45 || c === 126 || c === 63 ? t.text.slice(1) : t.text; // + - ~ ?
}

function short(name: string): string {
  return name.endsWith('.') && name.length > 1 ? name.slice(0, -1) : name;
}

function hasMacroBranch(n: SpfTreeNode): boolean {
  if (n.problem === 'macro' && (n.kind === 'include' || n.kind === 'redirect')) return true;
  return n.children.some(hasMacroBranch);
}

/**
 * Walk every node (pre-order) with its path of ancestors. `path` is one array reused for the
 * whole walk (no copy per node): read it during the call, copy it to keep it.
 */
export function forEachNode(root: SpfTreeNode, fn: (n: SpfTreeNode, path: SpfTreeNode[]) => void): void {
  const path: SpfTreeNode[] = [];
  const visit = (n: SpfTreeNode) => {
    fn(n, path);
    if (n.children.length === 0) return;
    path.push(n);
    for (const c of n.children) visit(c);
    path.pop();
  };
  visit(root);
}

/** Plain-text tree with the cost of each branch, for hovers, the CLI and the "show SPF tree" command. */
export function formatSpfTree(tree: SpfTree, opts: { markdown?: boolean } = {}): string {
  const lines: string[] = [];
  const where = (n: SpfTreeNode) =>
    n.where ? ` — ${baseName(n.where.file)}:${n.where.line}` : n.source === 'live' ? ' — live DNS' : n.source === 'unresolved' ? ' — unresolved' : '';
  const visit = (n: SpfTreeNode, prefix: string, last: boolean, top: boolean) => {
    const head = top ? '' : prefix + (last ? '└─ ' : '├─ ');
    const cost = top ? `${tree.complete ? '' : '≥'}${n.cost} lookup${n.cost === 1 ? '' : 's'}` : `${n.cost}${n.children.length ? ' (branch)' : ''}`;
    const note = n.problem && n.detail ? `  [${n.detail}]` : n.mxHosts !== undefined ? `  [${n.mxHosts} MX host${n.mxHosts === 1 ? '' : 's'}]` : '';
    lines.push(`${head}${n.label}  ${cost}${where(n)}${note}`);
    const childPrefix = top ? '' : prefix + (last ? '   ' : '│  ');
    n.children.forEach((c, i) => visit(c, childPrefix, i === n.children.length - 1, false));
  };
  visit(tree.root, '', true, true);
  const summary = tree.complete
    ? `Total: ${tree.total} of ${SPF_LOOKUP_LIMIT} DNS lookups.`
    : `Total: at least ${tree.total} of ${SPF_LOOKUP_LIMIT} DNS lookups (lower bound: ${tree.unresolved.length ? 'could not resolve ' + tree.unresolved.map((u) => short(u.name)).join(', ') : 'some branches were not followed'}).`;
  if (opts.markdown) return '```text\n' + lines.join('\n') + '\n```\n' + summary;
  return lines.join('\n') + '\n' + summary;
}

function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(i + 1) : p;
}
