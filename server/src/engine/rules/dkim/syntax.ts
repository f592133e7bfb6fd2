import type { Rule } from '../../rule';
import { dkimView } from '../../policy/dkim';

export const dkimSyntax: Rule = {
  id: 'dkim/syntax',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'A `_domainkey` TXT record that is not a tag list',
    details:
      'A DKIM key record is a list of `tag=value` pairs separated by `;` (RFC 6376 §3.2, §3.6.1). A verifier that cannot read it fails every signature made with this selector.\n\n' +
      'Fix: write each part as `name=value` separated by `;` (copy the record again from your mail provider).',
    bad: 'sel._domainkey IN TXT "v=DKIM1; k rsa; p=MIIB…"',
    good: 'sel._domainkey IN TXT "v=DKIM1; k=rsa; p=MIIB…"',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    if (!d) return;
    for (const p of d.tl.problems)
      ctx.report({
        start: p.span.start,
        end: p.span.end,
        message: `DKIM key record is not a valid tag list: ${p.message}. Verifiers may fail every signature of selector "${d.selector}"; write each part as tag=value separated by ";".`,
      });
  },
};
