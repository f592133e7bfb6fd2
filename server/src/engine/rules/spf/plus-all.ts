// spf/plus-all: `+all` or bare `all` — anyone may send as the domain.
import type { Rule } from '../../rule';
import { qualifierFix, SPF_TYPES, spfView } from './util';

export const spfPlusAll: Rule = {
  id: 'spf/plus-all',
  severity: 'error',
  types: SPF_TYPES,
  docs: {
    summary: 'SPF record ends in `+all` (or bare `all`): anyone may send',
    details: [
      '`all` matches every sender; its qualifier is the result for everyone not matched before. With `+all` — and with a bare `all`, whose default qualifier is `+` (RFC 7208 §4.6.2, §5.1) — every server on the Internet passes SPF for the domain, which is worse than publishing nothing: spoofed mail gets an SPF pass that DMARC can align with.',
      '',
      'Fix: end the record with `-all` (or `~all` while you are still collecting the list of your senders).',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 mx all"',
    good: 'example.com. TXT "v=spf1 mx -all"',
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf || spf.allIndex < 0) return;
    const t = spf.terms[spf.allIndex];
    if (t.effectiveQualifier !== '+' || t.problems.length) return;
    ctx.report({
      file: rec.file,
      message: `\`${t.text}\` lets every server on the Internet pass SPF for ${rec.owner.replace(/\.$/, '')}${t.qualifier ? '' : ' (a bare `all` means `+all`)'}: spoofed mail passes SPF and can pass DMARC (RFC 7208 §5.1). Change it to \`-all\`.`,
      fixes: [qualifierFix(rec, spf, t, '-', true), qualifierFix(rec, spf, t, '~')],
      ...spf.span(t.from, t.to),
    });
  },
};
