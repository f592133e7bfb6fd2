import type { Rule } from '../../rule';
import { notOfKind } from '../../policy/tags';
import { exactTag, missingTag, policyTags, strictTagProblems, versionRecords } from './view';

export const mtaStsSyntax: Rule = {
  id: 'mta-sts/syntax',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`_mta-sts` TXT is not `v=STSv1; id=…`',
    details:
      'RFC 8461 §3.1: the `_mta-sts` TXT record is `v=STSv1; id=<id>;` — `v=STSv1` first, then an `id` that changes whenever the policy file changes. ' +
      'Field names are case-sensitive; other fields (extensions) are `name=value` with a name of letters, digits, `_`, `-` and `.` and a value without `=`, `;` or spaces. ' +
      'Senders ignore a record that does not start with `v=STSv1`, has no `id` or breaks this grammar, and more than one STS record means no policy at all (the same record written twice counts once). A TXT record there that is not an MTA-STS record at all (a verification token: no `v=STSv1`, no `id=`) is discarded by senders and not reported.\n\nFix: publish exactly one record `v=STSv1; id=20260101T000000;`.',
    bad: '_mta-sts IN TXT "id=2026; v=STSv1"',
    good: '_mta-sts IN TXT "v=STSv1; id=20260101T000000"',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'mta-sts', ctx);
    if (!tl || notOfKind('mta-sts', tl)) return; // another protocol's TXT, discarded (RFC 8461 §3.1)
    const problems = strictTagProblems(tl, 'RFC 8461 §3.1', ['v', 'id']);
    const first = tl.tags[0];
    if (!first || first.name !== 'v' || first.value !== 'STSv1') problems.push('it must start with v=STSv1');
    if (!exactTag(tl, 'id')) problems.push(missingTag(tl, 'id'));
    // Senders keep the records beginning with v=STSv1 and use none when more than one is left.
    const sts = versionRecords(ctx, rec.owner, 'STSv1');
    const dup = sts.length > 1 && sts.indexOf(rec) > 0;
    if (problems.length === 0 && dup) {
      // The record itself is fine: the fault is that there are two (RFC 8461 §3.1).
      ctx.report({
        start: tl.span.start,
        end: tl.span.end,
        message: `There are ${sts.length} MTA-STS records at this name: senders use none when more than one begins with v=STSv1 (RFC 8461 §3.1), so TLS is not enforced for mail to this domain. Keep one record, with the id of the policy file now served, and delete the others.`,
        related: sts.filter((r) => r !== rec).map((r) => ({ file: r.file, start: r.start, end: r.end, message: 'another MTA-STS record' })),
      });
      return;
    }
    if (dup) problems.push('there is more than one MTA-STS record at this name, so senders use none');
    if (problems.length === 0) return;
    ctx.report({
      start: tl.span.start,
      end: tl.span.end,
      message: `MTA-STS record is not valid: ${problems.join('; ')}. Sending servers ignore it, so TLS is not enforced for mail to this domain. Write "v=STSv1; id=<id>"${dup ? ' and keep only one record' : ''}.`,
    });
  },
};
