import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { dmarcView, policyValue } from '../../policy/dmarc';
import { setValueFix } from '../../policy/edits';

export const dmarcPNone: Rule = {
  id: 'dmarc/p-none',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: '`p=none`: monitoring only, spoofed mail is delivered',
    details:
      '`p=none` asks receivers to take no action on mail that fails DMARC (RFC 9989 §4.7): it is useful while you read the aggregate reports, ' +
      'but while it stays, anyone can send mail as your domain and it will be delivered.\n\n' +
      'Fix: once the reports show that all your legitimate senders pass, move to `p=quarantine`, then to `p=reject`.',
    bad: '_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:dmarc@example.com"',
    good: '_dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    const p = d.tl.get('p');
    if (!p || policyValue(p) !== 'none') return;
    const fixes = [
      setValueFix(rec, d.tl, p, 'quarantine', 'Harden to p=quarantine (next step)', true),
      setValueFix(rec, d.tl, p, 'reject', 'Harden to p=reject'),
    ].filter((f): f is Fix => !!f);
    ctx.report({
      start: p.span.start,
      end: p.span.end,
      message: `p=none only monitors: mail that spoofs ${d.domain.replace(/\.$/, '')} and fails DMARC is still delivered. When your reports show every legitimate sender passing, move to p=quarantine, then p=reject.`,
      fixes,
    });
  },
};
