import type { Rule } from '../../rule';
import { printable } from '../../taglist';
import { dkimTags, dkimView } from '../../policy/dkim';

export const dkimVersion: Rule = {
  id: 'dkim/version',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`v=` present but not first, or not `DKIM1`',
    details:
      'RFC 6376 §3.6.1: `v` is optional, but when present it must be the first tag and exactly `DKIM1`; otherwise verifiers discard the key and every signature fails.\n\n' +
      'Fix: start the record with `v=DKIM1;` or remove the `v` tag.',
    bad: 'sel._domainkey IN TXT "k=rsa; v=DKIM1; p=MIIB…"',
    good: 'sel._domainkey IN TXT "v=DKIM1; k=rsa; p=MIIB…"',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    if (!d) return;
    for (const v of dkimTags(d, 'v')) {
      if (v.value !== 'DKIM1')
        ctx.report({
          start: v.span.start,
          end: v.span.end,
          message: `"${v.name}=${printable(v.value)}" is not a DKIM version: it must be exactly v=DKIM1, or verifiers discard the key and every signature fails. Write v=DKIM1.`,
        });
      else if (v.index !== 0)
        ctx.report({
          start: v.span.start,
          end: v.span.end,
          message: `v=DKIM1 must be the first tag of a DKIM key record (RFC 6376 §3.6.1): a verifier that checks this rejects the key record, and every signature of selector "${d.selector}" fails there. Move it to the front (or remove it: it is optional).`,
        });
    }
  },
};
