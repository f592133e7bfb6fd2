import type { Rule } from '../../rule';
import { dmarcView, pctSampled, policyValue } from '../../policy/dmarc';
import { removeTagFix } from '../../policy/edits';

export const dmarcPctPartial: Rule = {
  id: 'dmarc/pct-partial',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: '`pct` below 100: the policy covers only part of failing mail',
    details:
      'With `pct` under 100, receivers that still honour it apply `quarantine`/`reject` to only that share of failing mail and the next lower policy to the rest. ' +
      'RFC 9989 removed `pct`: new receivers ignore it and apply the full policy, old ones sample — the result depends on the receiver. ' +
      'With `p=none`, `pct` still samples an enforcing `sp` (the policy for subdomains), so it is reported then too.\n\n' +
      'Fix: remove `pct` (to test an enforcing policy, use `t=y`).',
    bad: '_dmarc IN TXT "v=DMARC1; p=reject; pct=25"',
    good: '_dmarc IN TXT "v=DMARC1; p=reject"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    const pct = d.tl.get('pct');
    if (!pct || !/^\d{1,3}$/.test(pct.value) || Number(pct.value) >= 100) return;
    const p = policyValue(d.tl.get('p'));
    let applies = `p=${p ?? '?'}`;
    if (p === 'none') {
      // pct samples whichever policy applies: with p=none, an enforcing sp (RFC 7489 §6.3).
      const sp = pctSampled(d.tl).find((x) => x.key === 'sp');
      if (!sp) return; // dmarc/pct-with-none
      applies = `sp=${sp.value} (the policy for subdomains)`;
    }
    ctx.report({
      start: pct.span.start,
      end: pct.span.end,
      message: `${pct.name}=${pct.value}: older receivers apply ${applies} to only ${Number(pct.value)}% of failing mail, and RFC 9989 removed pct so newer ones apply it to all. Remove pct (use t=y to test).`,
      fixes: [removeTagFix(rec, d.tl, pct, 'Remove pct', true)],
    });
  },
};
