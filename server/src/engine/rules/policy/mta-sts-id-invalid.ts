import type { Rule } from '../../rule';
import { printable } from '../../taglist';
import { setValueFix } from '../../policy/edits';
import { exactTag, policyTags } from './view';

/** A new policy id from the current time: letters and digits only (RFC 8461 §3.1). */
export function idFromDate(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
}

export const mtaStsIdInvalid: Rule = {
  id: 'mta-sts/id-invalid',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`id` is not 1–32 letters and digits',
    details:
      'RFC 8461 §3.1: `id` is 1 to 32 letters and digits (no dots, dashes or spaces). Senders compare it to decide whether to fetch the policy file again; ' +
      'an invalid id makes them ignore the record.\n\nFix: use a date and time such as `20260101T000000` and change it whenever the policy file changes.',
    bad: '_mta-sts IN TXT "v=STSv1; id=2026-01-01"',
    good: '_mta-sts IN TXT "v=STSv1; id=20260101T000000"',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'mta-sts', ctx);
    const id = tl && exactTag(tl, 'id');
    if (!tl || !id || /^[A-Za-z0-9]{1,32}$/.test(id.value)) return;
    const fresh = idFromDate();
    ctx.report({
      start: id.span.start,
      end: id.span.end,
      message: `id=${printable(id.value)} is not 1–32 letters and digits (RFC 8461), so senders ignore this MTA-STS record. Use a date such as ${fresh}, and change it whenever the policy changes.`,
      fixes: [setValueFix(rec, tl, id, fresh, `Use id=${fresh}`, true)],
    });
  },
};
