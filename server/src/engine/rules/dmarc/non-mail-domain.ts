import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { dmarcView, policyValue } from '../../policy/dmarc';
import { addTagAfterFix, setValueFix } from '../../policy/edits';
import { bare, isNullMx, siblings } from '../../policy/names';

export const dmarcNonMailDomain: Rule = {
  id: 'dmarc/non-mail-domain',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: 'A domain with a null MX whose DMARC is not `p=reject`',
    details:
      'A null MX (`MX 0 .`, RFC 7505) says the domain receives no mail; a domain that sends none either should tell receivers to reject all mail claiming to be from it. ' +
      'Anything weaker than `p=reject` lets spoofed mail through for a domain that never sends.\n\nFix: set `p=reject` (together with SPF `v=spf1 -all`).',
    bad: '@ IN MX 0 .\n_dmarc IN TXT "v=DMARC1; p=none"',
    good: '@ IN MX 0 .\n_dmarc IN TXT "v=DMARC1; p=reject"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    const mx = siblings(ctx, d.domain, 'MX');
    if (mx.length === 0 || !ctx.memo('null-mx-only', mx[0], () => mx.every(isNullMx))) return;
    const p = d.tl.get('p');
    if (policyValue(p) === 'reject') return;
    const fix = p
      ? setValueFix(rec, d.tl, p, 'reject', 'Set p=reject', true)
      : addTagAfterFix(rec, d.tl, d.tl.get('v') ?? d.tl.tags[d.tl.tags.length - 1], 'p', 'reject', 'Add p=reject', true);
    const at = p ?? d.tl.get('v') ?? d.tl.tags[0];
    ctx.report({
      start: at ? at.span.start : d.tl.span.start,
      end: at ? at.span.end : d.tl.span.end,
      message: `${bare(d.domain)} has a null MX (it takes no mail), yet its DMARC is ${p ? `p=${p.value}` : 'without p='}: spoofed mail in its name is let through. Set p=reject.`,
      fixes: [fix].filter((f): f is Fix => !!f),
      related: [{ file: mx[0].file, start: mx[0].start, end: mx[0].end, message: 'the null MX' }],
    });
  },
};
