import type { Rule } from '../../rule';
import { policyTags } from './view';

const KNOWN = new Set(['v', 'l', 'a', 's']);

export const bimiSyntax: Rule = {
  id: 'bimi/syntax',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`._bimi` TXT is not `v=BIMI1; l=…; a=…`',
    details:
      'The BIMI assertion record (draft-brand-indicators-for-message-identification §4.2) is a tag list starting with `v=BIMI1`, with `l=` (the logo URL, may be empty to decline) ' +
      'and optionally `a=` (the Verified Mark Certificate URL). Mail clients ignore a record they cannot read, and show no logo.\n\n' +
      'Fix: `v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem`.',
    bad: 'default._bimi IN TXT "l=https://example.com/logo.svg"',
    good: 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg"',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'bimi', ctx);
    if (!tl) return;
    const problems: string[] = tl.problems.map((p) => p.message);
    const first = tl.tags[0];
    if (!first || first.name !== 'v' || first.value !== 'BIMI1') problems.push('it must start with v=BIMI1');
    if (!tl.get('l') && !tl.get('a')) problems.push('there is no l= (logo) tag');
    for (const t of tl.tags) if (!KNOWN.has(t.key)) problems.push(`"${t.name}" is not a BIMI tag`);
    if (problems.length === 0) return;
    ctx.report({
      start: tl.span.start,
      end: tl.span.end,
      message: `BIMI record is not valid: ${problems.join('; ')}. Mail clients ignore it and show no logo. Write "v=BIMI1; l=https://…/logo.svg".`,
    });
  },
};
