import type { Rule } from '../../rule';
import { dmarcView } from '../../policy/dmarc';
import { removeTagFix } from '../../policy/edits';

export const dmarcTesting: Rule = {
  id: 'dmarc/testing',
  severity: 'info',
  types: ['TXT'],
  docs: {
    summary: '`t=y`: receivers apply one policy level lower',
    details:
      'RFC 9989 §4.7: with `t=y` the domain is testing its policy, and receivers apply one level lower (`reject` is treated as `quarantine`, `quarantine` as `none`).\n\n' +
      'Fix: when the reports look right, remove `t=y` so the policy applies in full.',
    bad: '_dmarc IN TXT "v=DMARC1; p=reject; t=y"',
    good: '_dmarc IN TXT "v=DMARC1; p=reject"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    const t = d.tl.get('t');
    if (!t || t.value.toLowerCase() !== 'y') return;
    ctx.report({
      start: t.span.start,
      end: t.span.end,
      message: 't=y marks this policy as a test: receivers apply one level lower (reject acts as quarantine, quarantine as none). Remove t=y when the reports look right.',
      fixes: [removeTagFix(rec, d.tl, t, 'Remove t=y', true)],
    });
  },
};
