import type { DnsRecord } from '../../model';
import type { LintContext, Rule } from '../../rule';
import { bare, siblings } from '../../policy/names';

/** The CNAME record answering `name` in the workspace: at the name itself, or from a wildcard (RFC 4592). */
function cnameAt(ctx: LintContext, name: string): DnsRecord | undefined {
  const c = siblings(ctx, name, 'CNAME')[0] ?? ctx.workspace.recordsAt(name, 'CNAME')[0];
  if (c) return c;
  const res = ctx.resolver.lookupSync?.(name, 'CNAME');
  return res && res.source === 'workspace' && res.status === 'ok' ? res.records?.find((r) => r.type === 'CNAME') : undefined;
}

export const mxTargetCname: Rule = {
  id: 'mx/target-cname',
  severity: 'warning',
  types: ['MX'],
  docs: {
    summary: 'An MX target that is a CNAME',
    details:
      'RFC 2181 §10.3: the host name an MX names MUST NOT be an alias (a CNAME, also one a wildcard `*` CNAME answers). Many senders follow the CNAME, some do not, and DANE/MTA-STS name checks may fail.\n\n' +
      'Fix: point the MX at the canonical host name (where the CNAME chain ends).',
  },
  onRecord(rec, ctx) {
    const t = rec.target;
    if (!t || t === '.') return;
    // The MX records of a zone name a few hosts: the answer for a host of this zone is worked out
    // once per lint (kept with its first record), not once per MX.
    const here = ctx.recordsAt(t);
    const c = here.length ? ctx.memo('mx/target-cname:at', here[0], () => cnameAt(ctx, t)) : cnameAt(ctx, t);
    if (!c) return;
    // Follow the chain (bounded) to the canonical name: pointing the MX at another alias fixes nothing.
    let canonical = c.target;
    let loop = false;
    const seen = new Set([t]);
    for (let i = 0; canonical; i++) {
      if (seen.has(canonical) || i >= 8) {
        loop = true;
        break;
      }
      seen.add(canonical);
      const next = cnameAt(ctx, canonical)?.target;
      if (!next) break;
      canonical = next;
    }
    const chain = canonical && canonical !== c.target ? `, which is itself an alias of ${bare(canonical)}` : '';
    const tok = rec.targetTok ?? rec.fields[1] ?? rec.typeTok;
    ctx.report({
      start: tok.start,
      end: tok.end,
      message:
        `The MX target ${bare(t)} is a CNAME (to ${bare(c.target ?? '?')}${loop ? ', in a loop of CNAMEs' : chain}): an MX must name a host directly (RFC 2181 §10.3), and some senders will not deliver. ` +
        `Point the MX at ${loop || !canonical ? 'the canonical host name' : bare(canonical)}.`,
      related: [{ file: c.file, start: c.start, end: c.end, message: c.owner === t ? 'the CNAME' : `the wildcard CNAME answering ${bare(t)}` }],
    });
  },
};
