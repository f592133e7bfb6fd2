import type { Rule } from '../../rule';
import { bare, isNullMx, siblings } from '../../policy/names';

export const mxNullMx: Rule = {
  id: 'mx/null-mx',
  severity: 'error',
  types: ['MX'],
  docs: {
    summary: 'Null MX mixed with other MX records, or with a preference other than 0',
    details:
      'RFC 7505 §3: a null MX (`MX 0 .`) says the domain accepts no mail; it must be the only MX record at the name and have preference 0. ' +
      'Mixed with other MX records, senders do not know whether to deliver.\n\nFix: keep either the null MX or the real MX records.',
    bad: '@ IN MX 0 .\n@ IN MX 10 mail',
    good: '@ IN MX 0 .',
  },
  onRecord(rec, ctx) {
    if (!isNullMx(rec)) return;
    const others = siblings(ctx, rec.owner, 'MX', (r) => !isNullMx(r), 'real');
    if (rec.preference !== undefined && rec.preference !== 0) {
      const tok = rec.fields[0] ?? rec.typeTok;
      ctx.report({
        start: tok.start,
        end: tok.end,
        message: `This null MX has preference ${rec.preference}, but RFC 7505 §3 requires 0: senders may not recognise it as "this domain accepts no mail" and keep retrying. Set the preference to 0.`,
        fixes: rec.fields[0] ? [{ title: 'Set the preference to 0', edits: [{ file: rec.file, start: tok.start, end: tok.end, newText: '0' }], preferred: true }] : [],
      });
    }
    if (others.length)
      ctx.report({
        start: rec.start,
        end: rec.end,
        message: `${bare(rec.owner)} has a null MX ("accepts no mail") and ${others.length} other MX record${others.length > 1 ? 's' : ''}: senders cannot tell whether to deliver. Keep either the null MX or the real MX records.`,
        related: others.map((o) => ({ file: o.file, start: o.start, end: o.end, message: 'another MX at this name' })),
      });
  },
};
