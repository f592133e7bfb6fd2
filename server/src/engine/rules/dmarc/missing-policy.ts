import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { dmarcView, gluedTag } from '../../policy/dmarc';
import { addTagAfterFix } from '../../policy/edits';

export const dmarcMissingPolicy: Rule = {
  id: 'dmarc/missing-policy',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'DMARC record without `p=`',
    details:
      'The `p` tag says what receivers should do with mail that fails DMARC (RFC 9989 §4.7). Without it, a receiver applies `p=none` when the record has a valid `rua`, ' +
      'and otherwise ignores the record: either way nothing is enforced.\n\nFix: add `p=none` to start monitoring, then raise it to `quarantine` and `reject`.',
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
    ].filter((f): f is Fix => !!f);
    ctx.report({
      start: v ? v.span.start : d.tl.span.start,
      end: v ? v.span.end : d.tl.span.end,
      message: 'This DMARC record has no p= tag, so it asks receivers for nothing: mail that fails DMARC is delivered. Add p=none to monitor, then move to quarantine and reject.',
      fixes,
    });
  },
};
