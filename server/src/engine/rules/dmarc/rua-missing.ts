import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { dmarcView, gluedTag } from '../../policy/dmarc';
import { addTagAfterFix } from '../../policy/edits';
import { bare } from '../../policy/names';

export const dmarcRuaMissing: Rule = {
  id: 'dmarc/rua-missing',
  severity: 'info',
  types: ['TXT'],
  docs: {
    summary: 'No `rua`: no aggregate reports',
    details:
      'Aggregate reports (RFC 9989 §4.7, RFC 9990) tell you who sends mail as your domain and whether it passes. Without `rua` you cannot tell when it is safe to ' +
      'harden the policy, or notice a new legitimate sender failing.\n\nFix: add `rua=mailto:` with an address that collects reports (the quick fix inserts ' +
      '`dmarc-reports@<domain>` as a placeholder to edit).',
    bad: '_dmarc IN TXT "v=DMARC1; p=none"',
    good: '_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc || d.tl.get('rua')) return;
    if (d.tl.tags.some((t) => gluedTag(t)?.name.toLowerCase() === 'rua')) return; // a missing ";", reported by dmarc/invalid-value

    const after = d.tl.get('p') ?? d.tl.tags[d.tl.tags.length - 1];
    const addr = `mailto:dmarc-reports@${bare(d.domain)}`;
    // Not preferred: the address is a placeholder that someone has to edit, so "fix all" must not write it.
    const fixes = [addTagAfterFix(rec, d.tl, d.tl.tags[d.tl.tags.length - 1] ?? after, 'rua', addr, `Add rua=${addr} (edit the address)`)].filter(
      (f): f is Fix => !!f,
    );
    const v = d.tl.get('v') ?? d.tl.tags[0];
    ctx.report({
      start: v ? v.span.start : d.tl.span.start,
      end: v ? v.span.end : d.tl.span.end,
      message: `No rua= tag: nobody receives aggregate reports for ${bare(d.domain)}, so you cannot see who sends as you or when it is safe to harden the policy. Add rua=mailto:<address>.`,
      fixes,
    });
  },
};
