import type { Rule } from '../../rule';
import { dkimTag, dkimView } from '../../policy/dkim';
import { removeTagFix, setValueFix } from '../../policy/edits';

export const dkimTesting: Rule = {
  id: 'dkim/testing',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: '`t=y`: the domain is testing DKIM',
    details:
      'RFC 6376 §3.6.1: `t=y` means the domain is testing DKIM, and verifiers must not treat signed mail differently from unsigned mail — so a DMARC policy gets no DKIM pass it can rely on from some receivers.\n\n' +
      'Fix: remove `y` from `t=` once signing works.',
    bad: 'sel._domainkey IN TXT "v=DKIM1; t=y; p=MIIB…"',
    good: 'sel._domainkey IN TXT "v=DKIM1; p=MIIB…"',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    const t = d && dkimTag(d, 't');
    if (!d || !t) return;
    const flags = t.value.split(':').map((x) => x.trim());
    if (!flags.some((f) => f.toLowerCase() === 'y')) return;
    const rest = flags.filter((f) => f.toLowerCase() !== 'y' && f !== '');
    const fix = rest.length ? setValueFix(rec, d.tl, t, rest.join(':'), 'Remove the y flag', true) : removeTagFix(rec, d.tl, t, 'Remove t=y', true);
    ctx.report({
      start: t.span.start,
      end: t.span.end,
      message: `Selector "${d.selector}" is in test mode (t=y): RFC 6376 §3.6.1 tells verifiers to treat its mail like unsigned mail, so receivers that follow it give DMARC no DKIM pass from this selector (others ignore the flag). Remove t=y once signing works.`,
      fixes: [fix],
    });
  },
};
