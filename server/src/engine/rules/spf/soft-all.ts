// spf/soft-all: `~all` — spoofed mail is only marked.
import type { Rule } from '../../rule';
import { onlyIncluded, qualifierFix, SPF_TYPES, spfView } from './util';

export const spfSoftAll: Rule = {
  id: 'spf/soft-all',
  severity: 'warning',
  types: SPF_TYPES,
  docs: {
    summary: 'SPF record ends in `~all` (softfail)',
    details: [
      '`~all` gives unlisted senders **softfail**: receivers should accept the message and may only mark it (RFC 7208 §2.6.5, §8.5). It is meant for a transition period. With DMARC at `p=reject` the difference matters less, but on its own `~all` does not stop spoofing.',
      '',
      'Not reported on a record that other SPF records of the workspace only `include:` (never `redirect=` to) and whose name is no mail domain itself (an underscore name, or no MX, A or AAAA): through an include, fail, softfail and neutral all mean "not match" (RFC 7208 §5.2), so the including record\'s own `all` decides.',
      '',
      'Fix: once every legitimate sender is listed, change it to `-all`.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 mx ~all"',
    good: 'example.com. TXT "v=spf1 mx -all"',
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf || spf.allIndex < 0) return;
    const t = spf.terms[spf.allIndex];
    if (t.effectiveQualifier !== '~' || t.problems.length) return;
    // Only used through include: (RFC 7208 §5.2: softfail/neutral/fail there all mean "not match").
    if (onlyIncluded(rec, ctx)) return;
    ctx.report({
      file: rec.file,
      message: '`~all` only marks mail from unlisted servers as suspicious (softfail, RFC 7208 §8.5): receivers still accept spoofed mail. Once every legitimate sender is listed, change it to `-all`.',
      fixes: [qualifierFix(rec, spf, t, '-', true)],
      ...spf.span(t.from, t.to),
    });
  },
};
