// Shared by the rules that need the SPF lookup tree (not a rule).
import type { DnsRecord, RelatedInfo, SourceFile, Span } from '../../model';
import type { LintContext } from '../../rule';
import { MAX_DNS_TIMEOUT_MS } from '../../live-resolver';
import { forEachNode, spfLookupTreeNow, type SpfTree, type SpfTreeNode } from '../../spf/lookups';
import type { SpfParse } from '../../spf/parse';
import { activeSpf, shortName, valueSpan } from './util';

export interface RootTree {
  rec: DnsRecord;
  spf: SpfParse;
  tree: SpfTree;
}

/**
 * Runs `use` with the lookup tree of an SPF record (a TXT receivers use): at once when every
 * answer is at hand (the workspace's zones, cached live answers), or once live DNS has answered
 * (ctx.defer). The tree is memoized per record, so the rules that need it share one walk.
 */
export function withTree(rec: DnsRecord, ctx: LintContext, use: (root: RootTree) => void): void {
  const spf = activeSpf(rec, ctx);
  if (!spf) return;
  const t = spfLookupTreeNow(rec, ctx);
  if (t instanceof Promise) ctx.defer(t, (tree) => tree && use({ rec, spf, tree }));
  else if (t) use({ rec, spf, tree: t });
}

/**
 * Where a problem of a node of the root's tree is shown, or undefined when another record of
 * this zone shows it: each SPF record reports what is wrong in its own terms, so a problem is
 * reported once however many records reach it, and the record's findings depend on its tree alone.
 *  - a term of the root's own record: on that term;
 *  - a term of another record of this zone: that record reports it (undefined here), except a
 *    loop that comes back to the root, shown on the root's own first hop into it;
 *  - a term outside the zone (another workspace zone, live DNS): on the root's first hop.
 */
export function nodeLocation(ctx: LintContext, root: RootTree, node: SpfTreeNode, path: SpfTreeNode[]): { span: Span; file: SourceFile; direct: boolean } | undefined {
  if (node.term && node.termRecord && node.termSpf && node.termRecord === root.rec) {
    return { span: node.termSpf.span(node.term.from, node.term.to), file: root.rec.file, direct: true };
  }
  const other = node.termRecord;
  if (other && other !== root.rec && ctx.recordsAt(other.owner).includes(other)) {
    if (!(node.problem === 'loop' && node.target === root.rec.owner)) return undefined;
  }
  const hop = path[1] ?? node;
  if (hop.term) return { span: root.spf.span(hop.term.from, hop.term.to), file: root.rec.file, direct: false };
  return { span: valueSpan(root.rec), file: root.rec.file, direct: false };
}

/**
 * Calls `report` for each node of the record's lookup tree that has `problem`, where this record
 * shows it (nodeLocation), once per location: the walk shared by include-loop, include-no-spf and
 * mx-too-many.
 */
export function forEachProblem(
  rec: DnsRecord,
  ctx: LintContext,
  problem: Problem,
  report: (n: SpfTreeNode, path: SpfTreeNode[], loc: { span: Span; file: SourceFile; direct: boolean }) => void,
): void {
  // Called by three rules for every TXT record: most trees have no such node, and finding that
  // out allocates nothing.
  const spf = activeSpf(rec, ctx);
  if (!spf) return;
  const t = spfLookupTreeNow(rec, ctx);
  if (t instanceof Promise) ctx.defer(t, (tree) => tree && reportProblems(ctx, { rec, spf, tree }, problem, report));
  else if (t && hasProblem(t.root, problem)) reportProblems(ctx, { rec, spf, tree: t }, problem, report);
}

type Problem = SpfTreeNode['problem'] | ((n: SpfTreeNode) => boolean);

function isProblem(n: SpfTreeNode, problem: Problem): boolean {
  return typeof problem === 'function' ? problem(n) : n.problem === problem;
}

function hasProblem(n: SpfTreeNode, problem: Problem): boolean {
  if (isProblem(n, problem)) return true;
  const c = n.children;
  for (let i = 0; i < c.length; i++) if (hasProblem(c[i], problem)) return true;
  return false;
}

function reportProblems(
  ctx: LintContext,
  root: RootTree,
  problem: Problem,
  report: (n: SpfTreeNode, path: SpfTreeNode[], loc: { span: Span; file: SourceFile; direct: boolean }) => void,
): void {
  const done = new Set<string>();
  forEachNode(root.tree.root, (n, path) => {
    if (!isProblem(n, problem)) return;
    const loc = nodeLocation(ctx, root, n, path);
    if (!loc) return;
    const key = `${loc.file.path}:${loc.span.start}:${loc.span.end}`;
    if (done.has(key)) return;
    done.add(key);
    report(n, path, loc);
  });
}

/** "include:a → include:b" for a node's path below the root. */
export function chain(path: SpfTreeNode[], node: SpfTreeNode): string {
  return [...path.slice(1), node].map((n) => n.label).join(' → ');
}

export function related(ctx: LintContext, node: SpfTreeNode, message: string): RelatedInfo[] {
  if (!node.term || !node.termRecord || !node.termSpf) return [];
  void ctx;
  return [{ file: node.termRecord.file, ...node.termSpf.span(node.term.from, node.term.to), message }];
}

/** The names that could not be resolved, for messages. */
export function unresolvedList(tree: SpfTree, max = 4): string {
  const names = tree.unresolved.map((u) => shortName(u.name) + (u.status === 'unresolved' ? '' : ` (${u.status === 'servfail' ? 'SERVFAIL' : u.status})`));
  return names.length > max ? names.slice(0, max).join(', ') + ` and ${names.length - max} more` : names.join(', ');
}

export function whyUnresolved(ctx: LintContext, tree: SpfTree): string {
  const live = new Set(tree.unresolved.filter((u) => u.status !== 'unresolved').map((u) => u.status));
  const one = tree.unresolved.length === 1;
  if (live.size > 0) {
    if (live.size > 1) return 'got no usable answer';
    // A SERVFAIL is an answer: the server said it failed, it did not stay silent.
    if (live.has('servfail')) return 'got a server failure instead of an answer';
    if (live.has('error')) return `could not be looked up`;
    return 'did not answer';
  }
  if (ctx.options.dns === 'live') return 'could not be resolved';
  return `${one ? 'is' : 'are'} outside the workspace and live DNS lookups are off`;
}

/**
 * What to do about names that could not be resolved: allow live DNS when lookups were off, or,
 * when live DNS was on and the resolver failed or timed out, check the resolver and lint again.
 */
export function unresolvedAdvice(ctx: LintContext, tree: SpfTree): string {
  const one = tree.unresolved.length === 1;
  const live = ctx.options.dns === 'live' || tree.unresolved.some((u) => u.status !== 'unresolved');
  if (!live) return `Allow live DNS (setting \`mailzone.dns.lookups\`: \`live\`, or the CLI without \`--offline\`) to check ${one ? 'it' : 'them'}.`;
  const statuses = new Set(tree.unresolved.map((u) => u.status));
  const timedOut = statuses.has('timeout');
  const why = [timedOut ? 'timed out' : '', statuses.has('servfail') ? 'server failure' : ''].filter(Boolean).join(', ');
  // A longer timeout helps only below the longest node:dns waits (a timeout message says how long it waited).
  const waitedMax = tree.unresolved.some((u) => u.status === 'timeout' && Number(/within (\d+) ms/.exec(u.node.detail ?? '')?.[1]) >= MAX_DNS_TIMEOUT_MS);
  const longer = !timedOut
    ? ''
    : waitedMax
      ? `; mailzone already waited ${MAX_DNS_TIMEOUT_MS} ms, the longest Node's DNS resolver allows`
      : `; a slow server may need a longer timeout, up to ${MAX_DNS_TIMEOUT_MS} ms (\`--timeout\`, \`mailzone.dns.timeoutMs\`)`;
  return `Live DNS lookups were on, but the DNS server gave no usable answer for ${one ? 'this name' : 'these names'}${why ? ` (${why})` : ''}: check that the server answers (the CLI's \`--resolver\`, the setting \`mailzone.dns.servers\`) and lint again${longer}.`;
}

/** Live rules stay silent when undecided if spf/too-many-lookups (which says so once) is on. */
export function lookupNoteIsOn(ctx: LintContext): boolean {
  return ctx.options.rules?.['spf/too-many-lookups'] !== 'off';
}
