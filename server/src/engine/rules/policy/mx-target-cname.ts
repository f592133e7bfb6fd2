import type { Rule } from '../../rule';
import { bare, siblings } from '../../policy/names';

export const mxTargetCname: Rule = {
  id: 'mx/target-cname',
  severity: 'warning',
  types: ['MX'],
  docs: {
    summary: 'An MX target that is a CNAME',
    details:
      'RFC 2181 §10.3 and RFC 5321 §5.1: an MX must name a host with A/AAAA records, not an alias. Many senders follow the CNAME, some do not, and DANE/MTA-STS name checks may fail.\n\n' +
      'Fix: point the MX at the canonical host name (the CNAME\'s target).',
  },
  onRecord(rec, ctx) {
    const t = rec.target;
    if (!t || t === '.') return;
    const c = siblings(ctx, t, 'CNAME')[0] ?? ctx.workspace.recordsAt(t, 'CNAME')[0];
    if (!c) return;
    const tok = rec.targetTok ?? rec.fields[1] ?? rec.typeTok;
    ctx.report({
      start: tok.start,
      end: tok.end,
      message: `The MX target ${bare(t)} is a CNAME (to ${bare(c.target ?? '?')}): an MX must name a host directly (RFC 2181 §10.3), and some senders will not deliver. Point the MX at ${bare(c.target ?? 'the canonical name')}.`,
      related: [{ file: c.file, start: c.start, end: c.end, message: 'the CNAME' }],
    });
  },
};
