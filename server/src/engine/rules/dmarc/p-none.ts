import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { dmarcView, policyValue } from '../../policy/dmarc';
import { joinedChanges, tagRemovalRange } from '../../policy/edits';

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
    // Hardening also drops pct: RFC 9989 removed it, and with an enforcing policy a pct below 100
    // would be a new problem (dmarc/pct-partial).
    const pct = d.tl.get('pct');
    const harden = (value: string, title: string, preferred: boolean): Fix | undefined => {
      const changes: [number, number, string][] = [[p.valueAt, p.endAt, value]];
      if (pct) changes.push([...tagRemovalRange(d.tl, pct), '']);
      const edits = joinedChanges(rec, changes);
      return edits ? { title: pct ? `${title} and remove pct` : title, edits, preferred } : undefined;
    };
    const fixes = [harden('quarantine', 'Harden to p=quarantine (next step)', true), harden('reject', 'Harden to p=reject', false)].filter(
      (f): f is Fix => !!f,
    );
    ctx.report({
      start: p.span.start,
      end: p.span.end,
      message: `p=none only monitors: mail that spoofs ${d.domain.replace(/\.$/, '')} and fails DMARC is still delivered. When your reports show every legitimate sender passing, move to p=quarantine, then p=reject.`,
      fixes,
    });
  },
};
