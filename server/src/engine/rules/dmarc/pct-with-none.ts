import type { Rule } from '../../rule';
import { dmarcView, pctSampled, policyValue } from '../../policy/dmarc';
import { removeTagFix } from '../../policy/edits';

export const dmarcPctWithNone: Rule = {
  id: 'dmarc/pct-with-none',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: '`pct` with `p=none` has no effect at all',
    details:
      '`pct` sampled which share of failing mail got the policy; with `p=none` (and no stronger `sp`) there is nothing to sample, so the tag does nothing. RFC 9989 removed `pct` altogether ' +
      '(use `t=y` while testing an enforcing policy).\n\nFix: remove `pct`.',
    bad: '_dmarc IN TXT "v=DMARC1; p=none; pct=50"',
    good: '_dmarc IN TXT "v=DMARC1; p=none"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    const pct = d.tl.get('pct');
    if (!pct || policyValue(d.tl.get('p')) !== 'none') return;
    // An enforcing sp is sampled by pct too (dmarc/pct-partial, or removed-tag for pct=100).
    if (pctSampled(d.tl).length > 0) return;
    ctx.report({
      start: pct.span.start,
      end: pct.span.end,
      message: `${pct.name}=${pct.value} does nothing with p=none (there is no action to sample), and RFC 9989 removed pct. Remove it.`,
      fixes: [removeTagFix(rec, d.tl, pct, 'Remove pct', true)],
      tags: ['unnecessary'],
    });
  },
};
