import type { Rule } from '../../rule';
import { policyTags, strictTagProblems } from './view';
import { siblings } from '../../policy/names';

export const mtaStsSyntax: Rule = {
  id: 'mta-sts/syntax',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`_mta-sts` TXT is not `v=STSv1; id=…`',
    details:
      'RFC 8461 §3.1: the `_mta-sts` TXT record is `v=STSv1; id=<id>;` — `v=STSv1` first, then an `id` that changes whenever the policy file changes. ' +
      'Senders ignore a record that does not start with `v=STSv1` or has no `id`, and more than one STS record means no policy at all.\n\nFix: publish exactly one record `v=STSv1; id=20260101T000000;`.',
    bad: '_mta-sts IN TXT "id=2026; v=STSv1"',
    good: '_mta-sts IN TXT "v=STSv1; id=20260101T000000"',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'mta-sts', ctx);
    if (!tl) return;
    const problems: string[] = tl.problems.map((p) => p.message);
    problems.push(...strictTagProblems(tl, 'RFC 8461 §3.1'));
    const first = tl.tags[0];
    if (!first || first.name !== 'v' || first.value !== 'STSv1') problems.push('it must start with v=STSv1');
    if (!tl.get('id')) problems.push('the id= tag is missing');
    const sts = siblings(ctx, rec.owner, 'TXT', (r) => /^\s*v\s*=\s*STSv1/.test((r.strings ?? []).map((s) => s.value).join('')), 'sts');
    if (sts.length > 1 && sts[0] !== rec) problems.push('there is more than one MTA-STS record at this name, so senders use none');
    if (problems.length === 0) return;
    ctx.report({
      start: tl.span.start,
      end: tl.span.end,
      message: `MTA-STS record is not valid: ${problems.join('; ')}. Sending servers ignore it, so TLS is not enforced for mail to this domain. Write "v=STSv1; id=<id>".`,
    });
  },
};
