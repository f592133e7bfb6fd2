// The zone's email posture in one line for the status bar ("SPF 7/10 · DMARC reject · DKIM 2/2"),
// the SPF lookup-count code lenses, and the SPF tree for the record under the cursor.
import type { CodeLens } from 'vscode-languageserver/node';
import type { DnsRecord, FeatureContext, Finding, Zone } from '../engine';
import { emailKind, joinedTxt, tagList } from './classify';
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
  tree?: SpfTreeNode;
  /** Markdown rendering, for clients that just show text. */
  markdown: string;
}

function allQualifier(spf: string): string | undefined {
  const m = /(?:^|\s)([-~?+]?)all(?=\s|$)/i.exec(spf);
  if (!m) return /(?:^|\s)redirect=/i.test(spf) ? 'redirect' : undefined;
  return (m[1] || '+') + 'all';
}

function spfRecordsAt(zone: Zone, name: string): DnsRecord[] {
  return zone.records.filter((r) => r.owner === name && (r.type === 'TXT' || r.type === 'SPF') && emailKind(r) === 'SPF');
}

/**
 * Lookup count of an SPF record. TODO(spf): wire the SPF engine's exported lookup-tree function
 * here when it lands (spf/…); until then the count is unknown and nothing pretends otherwise.
 */
export async function spfLookupCount(_rec: DnsRecord, _ctx: FeatureContext): Promise<number | undefined> {
  return undefined;
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
    tips.push(`**SPF**: no \`v=spf1\` record at \`${origin}\``);
    out.spf = { records: 0 };
  } else {
    const text = joinedTxt(spf[0]);
    const all = allQualifier(text);
    const lookups = spf.length === 1 ? await spfLookupCount(spf[0], ctx) : undefined;
    out.spf = { records: spf.length, lookups, all };
    if (spf.length > 1) parts.push(`SPF ×${spf.length}`);
    else if (lookups !== undefined) parts.push(`SPF ${lookups}/10`);
    else parts.push(`SPF ${all ?? 'no all'}`);
    tips.push(
      `**SPF**: ${spf.length > 1 ? `${spf.length} records (permerror)` : `\`${text.length > 120 ? text.slice(0, 117) + '…' : text}\``}` +
        (lookups !== undefined ? ` — ${lookups} of 10 DNS lookups` : ''),
    );
  }

  // DMARC at _dmarc.<origin>, else inherited from a parent zone in the workspace.
  const dmarcName = '_dmarc.' + origin;
  let dmarc = zone.records.find((r) => r.owner === dmarcName && r.type === 'TXT' && /^\s*v\s*=\s*DMARC1/i.test(joinedTxt(r)));
  let inherited: string | undefined;
  if (!dmarc) {
    let name = origin;
    while (!dmarc && name.indexOf('.') < name.length - 1) {
      name = name.slice(name.indexOf('.') + 1);
      if (name === '' || name === '.') break;
      dmarc = ctx.workspace.recordsAt('_dmarc.' + name, 'TXT').find((r) => /^\s*v\s*=\s*DMARC1/i.test(joinedTxt(r)));
      if (dmarc) inherited = name;
    }
  }
  if (!dmarc) {
    parts.push('DMARC none');
    tips.push(`**DMARC**: no record at \`${dmarcName}\``);
    out.dmarc = {};
  } else {
    const tags = tagList(joinedTxt(dmarc));
    const p = tags.get('p')?.toLowerCase();
    out.dmarc = { policy: p, inherited };
    parts.push(`DMARC ${p ?? 'no policy'}${inherited ? ' (inherited)' : ''}`);
    tips.push(`**DMARC**: \`p=${p ?? '—'}\`${inherited ? ` inherited from \`_dmarc.${inherited}\`` : ''}`);
  }

  // DKIM: selectors under _domainkey.<origin>; a selector is valid when no dkim/* error is on it.
  const suffix = '._domainkey.' + origin;
  const selectors = new Map<string, DnsRecord[]>();
  for (const r of recordsOfMainFile(zone)) {
    if (!r.owner.endsWith(suffix) || (r.type !== 'TXT' && r.type !== 'CNAME')) continue;
    const sel = r.owner.slice(0, r.owner.length - suffix.length);
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
export async function spfCodeLenses(zone: Zone, ctx: FeatureContext): Promise<CodeLens[]> {
  const lenses: CodeLens[] = [];
  for (const r of recordsOfMainFile(zone)) {
    if (emailKind(r) !== 'SPF') continue;
    const n = await spfLookupCount(r, ctx);
    if (n === undefined) continue;
    lenses.push({
      range: spanToRange(zone.file, r.typeTok),
      command: { title: `SPF: ${n}/10 DNS lookups`, command: 'mailzone.showSpfTree', arguments: [zone.file.positionAt(r.typeTok.start)] },
    });
  }
  return lenses;
}

/** The SPF lookup tree for the SPF record under the cursor (null when the cursor is not on one). */
export async function spfTreeAt(zone: Zone, offset: number, ctx: FeatureContext): Promise<SpfTreeResult | null> {
  const rec = recordAt(zone, offset);
  if (!rec || emailKind(rec) !== 'SPF') return null;
  const text = joinedTxt(rec);
  const total = await spfLookupCount(rec, ctx);
  // TODO(spf): the tree itself comes from the SPF engine; until then only the record is shown.
  const markdown = `# SPF of \`${rec.owner}\`\n\n\`\`\`\n${text}\n\`\`\`\n\n${
    total !== undefined ? `${total} of 10 DNS lookups.` : 'The lookup tree is not available in this build.'
  }\n`;
  return { domain: rec.owner, record: text, total, markdown };
}
