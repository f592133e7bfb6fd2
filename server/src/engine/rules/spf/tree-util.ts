// Shared by the rules that need the SPF lookup tree (not a rule).
import type { DnsRecord, RelatedInfo, SourceFile, Span } from '../../model';
import type { LintContext } from '../../rule';
import { spfLookupTreeNow, type SpfTree, type SpfTreeNode } from '../../spf/lookups';
import type { SpfParse } from '../../spf/parse';
import { once, shortName, valueSpan, zoneSpfRecords } from './util';

export interface RootTree {
  rec: DnsRecord;
  spf: SpfParse;
  tree: SpfTree;
}

/** The lookup tree of every SPF record of the zone (memoized per lint run). */
export function zoneTrees(ctx: LintContext): Promise<RootTree[]> {
  return once(ctx, 'zone-trees', () => computeTrees(ctx));
}

function computeTrees(ctx: LintContext): Promise<RootTree[]> {
  const list = zoneSpfRecords(ctx);
  // Identical records at one name have the same tree: walk once.
  type Walked = SpfTree | undefined | Promise<SpfTree | undefined>;
  const byOwner = new Map<string, Map<string, Walked>>();
  const trees: Walked[] = [];
  let waiting = false;
  for (const { rec, spf } of list) {
    let byText = byOwner.get(rec.owner);
    if (!byText) byOwner.set(rec.owner, (byText = new Map()));
    let t = byText.get(spf.text);
    if (t === undefined && !byText.has(spf.text)) byText.set(spf.text, (t = spfLookupTreeNow(rec, ctx)));
    if (t instanceof Promise) waiting = true;
    trees.push(t);
  }
  const collect = (done: (SpfTree | undefined)[]): RootTree[] => {
    const out: RootTree[] = [];
    list.forEach(({ rec, spf }, i) => {
      const tree = done[i];
      if (tree) out.push({ rec, spf, tree });
    });
    return out;
  };
  // Offline every answer is at hand: no promise per record.
  return waiting ? Promise.all(trees).then(collect) : Promise.resolve(collect(trees as (SpfTree | undefined)[]));
}

/** Where a node's problem is shown: on its own term when that is in this zone, else on the root's first hop. */
export function nodeLocation(ctx: LintContext, root: RootTree, node: SpfTreeNode, path: SpfTreeNode[]): { span: Span; file: SourceFile; direct: boolean } {
  if (node.term && node.termRecord && node.termSpf && ctx.zone.files.includes(node.termRecord.file)) {
    return { span: node.termSpf.span(node.term.from, node.term.to), file: node.termRecord.file, direct: node.termRecord === root.rec };
  }
  const hop = path[1] ?? node;
  if (hop.term) return { span: root.spf.span(hop.term.from, hop.term.to), file: root.rec.file, direct: false };
  return { span: valueSpan(root.rec), file: root.rec.file, direct: false };
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
  const names = tree.unresolved.map((u) => shortName(u.name) + (u.status === 'unresolved' ? '' : ` (${u.status})`));
  return names.length > max ? names.slice(0, max).join(', ') + ` and ${names.length - max} more` : names.join(', ');
}

export function whyUnresolved(ctx: LintContext, tree: SpfTree): string {
  const live = tree.unresolved.some((u) => u.status !== 'unresolved');
  const one = tree.unresolved.length === 1;
  if (live) return 'did not answer';
  if (ctx.options.dns === 'live') return 'could not be resolved';
  return `${one ? 'is' : 'are'} outside the workspace and live DNS lookups are off`;
}

/** Live rules stay silent when undecided if spf/too-many-lookups (which says so once) is on. */
export function lookupNoteIsOn(ctx: LintContext): boolean {
  return ctx.options.rules?.['spf/too-many-lookups'] !== 'off';
}
