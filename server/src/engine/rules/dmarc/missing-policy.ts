import type { Rule } from '../../rule';
import { dmarcView, effectivePolicy, gluedTag } from '../../policy/dmarc';
import { addTagAfterFix } from '../../policy/edits';

export const dmarcMissingPolicy: Rule = {
  id: 'dmarc/missing-policy',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'DMARC record without `p=`',
    details:
      'The `p` tag says what receivers should do with mail that fails DMARC (RFC 9989 §4.7, where it is RECOMMENDED). Without it, a receiver applies `p=none` when the record has a valid `rua` ' +
      '(reported as a warning), and otherwise ignores the record (an error): either way nothing is enforced.\n\nFix: add `p=none` to start monitoring, then raise it to `quarantine` and `reject`.',
    bad: '_dmarc IN TXT "v=DMARC1; rua=mailto:dmarc@example.com"',
    good: '_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:dmarc@example.com"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc || d.tl.get('p')) return;
    // `v=DMARC1 p=reject`: the p is there but glued to the tag before; dmarc/version or invalid-value reports the missing ";".
    if (d.tl.tags.some((t) => gluedTag(t)?.name.toLowerCase() === 'p')) return;
    const v = d.tl.get('v');
    const fixes = [
      addTagAfterFix(rec, d.tl, v ?? d.tl.tags[d.tl.tags.length - 1], 'p', 'none', 'Add p=none (monitor first)', true),
      addTagAfterFix(rec, d.tl, v ?? d.tl.tags[d.tl.tags.length - 1], 'p', 'reject', 'Add p=reject'),
    ];
    // RFC 9989 §4.7 makes p RECOMMENDED, not required: with a valid rua the record is read as
    // p=none (monitoring, a warning like dmarc/p-none); without one receivers ignore the record.
    const monitored = effectivePolicy(d.tl).rua.length > 0;
    ctx.report({
      start: v ? v.span.start : d.tl.span.start,
      end: v ? v.span.end : d.tl.span.end,
      severity: monitored ? 'warning' : undefined,
      message: monitored
        ? 'This DMARC record has no p= tag, so receivers treat it as p=none: they send reports, but mail that fails DMARC is delivered. Add p=none to say so, then move to quarantine and reject.'
        : 'This DMARC record has no p= tag and no valid rua=, so receivers ignore it (RFC 9989 §4.7): the domain has no DMARC policy. Add p=none to monitor, then move to quarantine and reject.',
      fixes,
    });
  },
};
