import type { Rule } from '../../rule';
import { discardedBesideDmarc, dmarcView } from '../../policy/dmarc';

export const dmarcSyntax: Rule = {
  id: 'dmarc/syntax',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'DMARC record is not a tag list',
    details:
      'A DMARC record is a list of `tag=value` pairs separated by `;` (RFC 9989 §4.7, the tag-list syntax of RFC 6376 §3.2); whitespace around `=` and `;` is allowed. ' +
      'Receivers that cannot read the record ignore it, so the domain has no DMARC protection at all.\n\n' +
      'Fix: write every part as `name=value` and separate them with `;`.',
    bad: '_dmarc IN TXT "v=DMARC1; p reject"',
    good: '_dmarc IN TXT "v=DMARC1; p=reject"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || discardedBesideDmarc(d, ctx)) return;
    for (const p of d.tl.problems)
      ctx.report({
        start: p.span.start,
        end: p.span.end,
        message: `DMARC record is not a valid tag list: ${p.message}. Receivers may ignore the whole record; write each part as tag=value separated by ";".`,
      });
  },
};
