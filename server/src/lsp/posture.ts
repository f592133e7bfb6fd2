// The zone's email posture in one line for the status bar ("SPF 7/10 · DMARC reject · DKIM 2/2"),
// the SPF lookup-count code lenses, and the SPF tree for the record under the cursor.
import type { CodeLens } from 'vscode-languageserver/node';
import type { DnsRecord, FeatureContext, Finding, Zone } from '../engine';
import { formatSpfTree, spfLookupTree, type SpfTree, type SpfTreeNode as EngineNode } from '../engine/spf/lookups';
import { displayBytes, emailKind, joinedTxt, tagList } from './classify';
import { isSpfText } from '../engine/spf/parse';
import { recordAt, recordsOfMainFile } from './features';
import { spanToRange } from './convert';

export interface Posture {
  /** Status bar text. */
  text: string;
  /** Markdown tooltip, one line per mechanism. */
  tooltip: string;
  spf?: { records: number; lookups?: number; all?: string };
  dmarc?: { policy?: string; inherited?: string };
  dkim?: { valid: number; total: number };
  errors: number;
  warnings: number;
}

/** The lookup tree of one SPF record, as the SPF engine computes it. */
export interface SpfTreeNode {
  /** The term as written ("include:_spf.example.net"), or the domain at the root. */
  label: string;
  /** DNS lookups this term costs itself. */
  lookups: number;
  /** Total lookups of this subtree. */
  total?: number;
  status?: string;
  children?: SpfTreeNode[];
}

export interface SpfTreeResult {
  domain: string;
  record: string;
  total?: number;
  /** False when some branch could not be followed: total is a lower bound. */
  complete?: boolean;
  tree?: SpfTreeNode;
  /** Markdown rendering, for clients that just show text. */
  markdown: string;
  /** Plain-text rendering (window/showMessage from workspace/executeCommand). */
  text: string;
}

/**
 * The code lens command: the VS Code client registers it itself (a Markdown view beside the
 * editor) and says so in initializationOptions.clientCommands; for every other client the server
 * advertises it in executeCommandProvider and answers workspace/executeCommand itself.
 * Arguments: [position, uri] (the VS Code command reads only the position).
 */
export const SHOW_SPF_TREE = 'mailzone.showSpfTree';

function allQualifier(spf: string): string | undefined {
  const m = /(?:^|\s)([-~?+]?)all(?=\s|$)/i.exec(spf);
  if (!m) return /(?:^|\s)redirect=/i.test(spf) ? 'redirect' : undefined;
  return (m[1] || '+') + 'all';
}

/**
 * The SPF records receivers see at a name: TXT records that start with `v=spf1` (RFC 7208 §4.5),
 * the same text written twice counted once (one record, RFC 2181 §5). Type SPF (99) records are
 * not among them: receivers read TXT only (§3.1).
 */
function spfRecordsAt(zone: Zone, name: string): DnsRecord[] {
  const seen = new Set<string>();
  return zone.records.filter((r) => {
    if (r.owner !== name || r.type !== 'TXT') return false;
    const text = joinedTxt(r);
    if (!isSpfText(text) || seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/** True when the record starts a DMARC policy record (`v=DMARC1`). */
function isDmarc(r: DnsRecord): boolean {
  return r.type === 'TXT' && /^\s*v\s*=\s*DMARC1/i.test(joinedTxt(r));
}

async function treeOf(rec: DnsRecord, ctx: FeatureContext): Promise<SpfTree | undefined> {
  return spfLookupTree(rec, { resolver: ctx.resolver, workspace: ctx.workspace, signal: ctx.options.signal });
}

/** "7/10", or "≥3/10" when some branch could not be followed (then the count is a lower bound). */
function countText(t: SpfTree): string {
  return `${t.complete ? '' : '≥'}${t.total}/10`;
}

function toNode(n: EngineNode): SpfTreeNode {
  const out: SpfTreeNode = { label: n.label, lookups: n.own, total: n.cost };
  if (n.problem) out.status = n.detail ? `${n.problem}: ${n.detail}` : n.problem;
  else if (n.source === 'unresolved') out.status = 'unresolved';
  if (n.children.length) out.children = n.children.map(toNode);
  return out;
}

export async function posture(zone: Zone, findings: readonly Finding[], ctx: FeatureContext): Promise<Posture> {
  const origin = zone.origin;
  const parts: string[] = [];
  const tips: string[] = [];
  const out: Posture = { text: '', tooltip: '', errors: 0, warnings: 0 };
  for (const f of findings) {
    if (f.severity === 'error') out.errors++;
    else if (f.severity === 'warning') out.warnings++;
  }

  // SPF at the apex.
  const spf = spfRecordsAt(zone, origin);
  if (spf.length === 0) {
    parts.push('SPF none');
    const type99 = zone.records.some((r) => r.owner === origin && r.type === 'SPF');
    tips.push(
      `**SPF**: no \`v=spf1\` TXT record at \`${origin}\`` +
        (type99 ? ' — its record of type SPF (99) is not read by receivers, which look up TXT only (RFC 7208 §3.1)' : ''),
    );
    out.spf = { records: 0 };
  } else {
    const text = displayBytes(joinedTxt(spf[0]));
    const all = allQualifier(text);
    const tree = spf.length === 1 ? await treeOf(spf[0], ctx) : undefined;
    const lookups = tree?.total;
    out.spf = { records: spf.length, lookups, all };
    if (spf.length > 1) parts.push(`SPF ×${spf.length}`);
    else if (tree) parts.push(`SPF ${countText(tree)}`);
    else parts.push(`SPF ${all ?? 'no all'}`);
    tips.push(
      `**SPF**: ${spf.length > 1 ? `${spf.length} records (permerror)` : `\`${text.length > 120 ? text.slice(0, 117) + '…' : text}\``}` +
        (tree ? ` — ${tree.complete ? '' : 'at least '}${tree.total} of 10 DNS lookups` : ''),
    );
  }

  // DMARC at _dmarc.<origin>, else inherited from a parent zone in the workspace.
  const dmarcName = '_dmarc.' + origin;
  let dmarc = zone.records.find((r) => r.owner === dmarcName && isDmarc(r));
  let inherited: string | undefined;
  // Hosted DMARC: `_dmarc` is a CNAME to the provider's record, read where it points when the
  // workspace has it (as dmarc/missing-record does); elsewhere its policy cannot be read here.
  const cname = dmarc ? undefined : (zone.records.find((r) => r.owner === dmarcName && r.type === 'CNAME') ?? ctx.workspace.recordsAt(dmarcName, 'CNAME')[0]);
  const hostedAt = cname?.target;
  if (hostedAt) dmarc = ctx.workspace.recordsAt(hostedAt, 'TXT').find(isDmarc);
  if (!dmarc && !hostedAt) {
    let name = origin;
    while (!dmarc && name.indexOf('.') < name.length - 1) {
      name = name.slice(name.indexOf('.') + 1);
      if (name === '' || name === '.') break;
      dmarc = ctx.workspace.recordsAt('_dmarc.' + name, 'TXT').find(isDmarc);
      if (dmarc) inherited = name;
    }
  }
  if (!dmarc && hostedAt) {
    parts.push('DMARC hosted');
    tips.push(`**DMARC**: \`${dmarcName}\` is a CNAME to \`${hostedAt}\`; the workspace has no DMARC record there, so its policy cannot be read here`);
    out.dmarc = {};
  } else if (!dmarc) {
    parts.push('DMARC none');
    tips.push(`**DMARC**: no record at \`${dmarcName}\``);
    out.dmarc = {};
  } else {
    const tags = tagList(joinedTxt(dmarc));
    const p = tags.get('p')?.toLowerCase();
    out.dmarc = { policy: p, inherited };
    parts.push(`DMARC ${p ?? 'no policy'}${inherited ? ' (inherited)' : ''}`);
    tips.push(`**DMARC**: \`p=${p ?? '—'}\`${inherited ? ` inherited from \`_dmarc.${inherited}\`` : ''}${hostedAt ? ` (\`${dmarcName}\` is a CNAME to \`${hostedAt}\`)` : ''}`);
  }

  // DKIM: selectors under _domainkey.<origin>; a selector is valid when no dkim/* error is on it.
  const suffix = '._domainkey.' + origin;
  const selectors = new Map<string, DnsRecord[]>();
  for (const r of recordsOfMainFile(zone)) {
    if (!r.owner.endsWith(suffix) || (r.type !== 'TXT' && r.type !== 'CNAME')) continue;
    const sel = r.owner.slice(0, r.owner.length - suffix.length);
    // `_adsp`, `_report` …: other protocols' records under _domainkey, not selectors (RFC 6376 §3.1).
    if (sel.startsWith('_')) continue;
    (selectors.get(sel) ?? selectors.set(sel, []).get(sel)!).push(r);
  }
  let valid = 0;
  const bad: string[] = [];
  for (const [sel, recs] of selectors) {
    const broken = findings.some(
      (f) => f.severity === 'error' && f.rule.startsWith('dkim/') && f.file === zone.file && recs.some((r) => f.start >= r.start && f.start <= r.end),
    );
    if (broken) bad.push(sel);
    else valid++;
  }
  out.dkim = { valid, total: selectors.size };
  parts.push(selectors.size ? `DKIM ${valid}/${selectors.size}` : 'DKIM none');
  tips.push(
    selectors.size
      ? `**DKIM**: ${selectors.size} selector(s)${bad.length ? `, with errors: ${bad.map((s) => `\`${s}\``).join(', ')}` : ', no errors'}`
      : `**DKIM**: no selector under \`_domainkey.${origin}\``,
  );

  out.text = parts.join(' · ');
  out.tooltip = tips.join('\n\n') + `\n\n${out.errors} error(s), ${out.warnings} warning(s) in this file`;
  return out;
}

/** One code lens per SPF record with its DNS lookup count (only when the count is known). */
export async function spfCodeLenses(zone: Zone, ctx: FeatureContext, uri: string): Promise<CodeLens[]> {
  const lenses: CodeLens[] = [];
  for (const r of recordsOfMainFile(zone)) {
    if (emailKind(r) !== 'SPF') continue;
    const t = await treeOf(r, ctx);
    if (!t) continue;
    const unresolved = t.unresolved.length ? ` (unresolved: ${t.unresolved.map((u) => u.name.replace(/\.$/, '')).slice(0, 3).join(', ')}${t.unresolved.length > 3 ? ', …' : ''})` : '';
    lenses.push({
      range: spanToRange(zone.file, r.typeTok),
      command: { title: `SPF${r.type === 'SPF' ? ' (type 99, not read by receivers)' : ''}: ${countText(t)} DNS lookups${unresolved}`, command: SHOW_SPF_TREE, arguments: [zone.file.positionAt(r.typeTok.start), uri] },
    });
  }
  return lenses;
}

/** The SPF lookup tree for the SPF record under the cursor (null when the cursor is not on one). */
export async function spfTreeAt(zone: Zone, offset: number, ctx: FeatureContext): Promise<SpfTreeResult | null> {
  const rec = recordAt(zone, offset);
  if (!rec || emailKind(rec) !== 'SPF') return null;
  const text = displayBytes(joinedTxt(rec));
  const t = await treeOf(rec, ctx);
  const ignored = rec.type === 'SPF' ? 'This record is of type SPF (99): receivers look up TXT records only (RFC 7208 §3.1), so it has no effect.' : '';
  const markdown = `# SPF of \`${rec.owner}\`\n\n\`\`\`\n${text}\n\`\`\`\n\n${ignored ? ignored + '\n\n' : ''}${t ? formatSpfTree(t, { markdown: true }) : 'This record does not parse as SPF.'}\n`;
  const plain = `SPF of ${rec.owner}: ${text}\n${ignored ? ignored + '\n' : ''}${t ? formatSpfTree(t) : 'This record does not parse as SPF.'}`;
  return { domain: rec.owner, record: text, total: t?.total, complete: t?.complete, tree: t ? toNode(t.root) : undefined, markdown, text: plain };
}

/** Offset of the SPF record at the zone's apex (for "show the SPF tree" without a cursor). */
export function apexSpfOffset(zone: Zone): number | undefined {
  const recs = recordsOfMainFile(zone).filter((r) => r.owner === zone.origin && emailKind(r) === 'SPF');
  // The TXT record receivers read before a type SPF (99) one written above it.
  const rec = recs.find((r) => r.type === 'TXT') ?? recs[0];
  return rec?.typeTok.start;
}
