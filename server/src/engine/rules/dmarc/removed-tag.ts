import type { Rule } from '../../rule';
import { dmarcView, pctSampled, policyValue } from '../../policy/dmarc';
import { removeTagFix } from '../../policy/edits';

const WHY: Record<string, string> = {
  pct: 'sampling a share of failing mail was replaced by t=y for testing',
  rf: 'it named the failure-report format, and only one format is left',
  ri: 'it set the report interval, and aggregate reports are now daily',
};

export const dmarcRemovedTag: Rule = {
  id: 'dmarc/removed-tag',
  severity: 'info',
  types: ['TXT'],
  docs: {
    summary: '`pct`, `rf`, `ri`: removed in RFC 9989',
    details:
      'RFC 9989 (which obsoletes RFC 7489) removed `pct`, `rf` and `ri`. Receivers following the new standard ignore them. To test an enforcing policy, use `t=y` instead of `pct`.\n\n' +
      'Fix: remove the tag.',
    bad: '_dmarc IN TXT "v=DMARC1; p=reject; ri=86400"',
    good: '_dmarc IN TXT "v=DMARC1; p=reject"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    for (const t of d.tl.tags) {
      if (!(t.key in WHY)) continue;
      if (t.key === 'pct') {
        // pct=N<100 or pct with p=none get their own, stronger finding.
        const n = /^\d{1,3}$/.test(t.value) ? Number(t.value) : NaN;
        if (n < 100 || (policyValue(d.tl.get('p')) === 'none' && pctSampled(d.tl).length === 0)) continue;
      }
      ctx.report({
        start: t.span.start,
        end: t.span.end,
        message: `${t.name}= was removed from DMARC by RFC 9989: ${WHY[t.key]}. Receivers following it ignore the tag, so it only adds noise; remove it.`,
        fixes: [removeTagFix(rec, d.tl, t, `Remove ${t.name}`, true)],
        tags: ['deprecated'],
      });
    }
  },
};
