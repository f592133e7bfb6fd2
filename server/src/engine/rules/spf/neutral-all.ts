// spf/neutral-all: `?all` — says nothing about other senders.
import type { Rule } from '../../rule';
import { onlyIncluded, qualifierFix, SPF_TYPES, spfView } from './util';

export const spfNeutralAll: Rule = {
  id: 'spf/neutral-all',
  severity: 'warning',
  types: SPF_TYPES,
  docs: {
    summary: 'SPF record ends in `?all` (neutral)',
    details: [
      '`?all` gives the result **neutral** to every sender not listed: receivers treat it exactly like having no SPF policy (RFC 7208 §2.6.2, §8.2), so spoofed mail is neither rejected nor marked.',
      '',
      'Not reported on a record that other SPF records of the workspace only `include:` (never `redirect=` to) and whose name is no mail domain itself (an underscore name, or no MX, A or AAAA): through an include, fail, softfail and neutral all mean "not match" (RFC 7208 §5.2), so the including record\'s own `all` decides.',
      '',
      'Fix: `-all` once every legitimate sender is listed (or `~all` while testing).',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 mx ?all"',
    good: 'example.com. TXT "v=spf1 mx -all"',
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf || spf.allIndex < 0) return;
    const t = spf.terms[spf.allIndex];
    if (t.effectiveQualifier !== '?' || t.problems.length) return;
    // Only used through include: (RFC 7208 §5.2: softfail/neutral/fail there all mean "not match").
    if (onlyIncluded(rec, ctx)) return;
    ctx.report({
      file: rec.file,
      message: '`?all` gives unlisted senders a neutral result, which receivers treat like no SPF policy at all (RFC 7208 §8.2): spoofed mail is delivered. Change it to `-all` (or `~all` while testing).',
      fixes: [qualifierFix(rec, spf, t, '-', true), qualifierFix(rec, spf, t, '~')],
      ...spf.span(t.from, t.to),
    });
  },
};
