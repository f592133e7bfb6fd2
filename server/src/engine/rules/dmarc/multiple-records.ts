import type { DnsRecord } from '../../model';
import type { Rule } from '../../rule';
import { joinedText } from '../../taglist';
import { bare, distinctTxt, siblings, txtKey } from '../../policy/names';

/**
 * A record receivers keep: it starts with `v=DMARC1`, the version in exactly that case (RFC 9989's
 * ABNF writes it %x44 %x4d %x41 %x52 %x43 %x31); `v=dmarc1` is discarded (dmarc/version says so),
 * so it does not make a second record.
 */
function exactDmarc(r: DnsRecord): boolean {
  return /^\s*[vV]\s*=\s*DMARC1\s*(;|$)/.test(joinedText(r));
}

export const dmarcMultipleRecords: Rule = {
  id: 'dmarc/multiple-records',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'More than one DMARC record at one `_dmarc` name',
    details:
      'RFC 9989 §4.10 (policy discovery): when a `_dmarc` name has more than one record starting with `v=DMARC1`, receivers use none of them, ' +
      'so the domain has no DMARC policy at all. (The same record written twice is one record: the server keeps one copy, RFC 2181 §5.)\n\nFix: merge them into one record and delete the others.',
  },
  onRecord(rec, ctx) {
    if (!rec.owner.startsWith('_dmarc.') || !exactDmarc(rec)) return;
    const found = siblings(ctx, rec.owner, 'TXT', exactDmarc, 'dmarc-exact');
    if (found.length < 2 || found[0] === rec) return;
    // The same record written twice is one record (the server keeps one copy; zone/duplicate-record reports it).
    const all = ctx.memo('dmarc-distinct', found[0], () => distinctTxt(found));
    if (all.length < 2 || txtKey(rec) === txtKey(all[0])) return;
    ctx.report({
      start: rec.start,
      end: rec.end,
      message: `${bare(rec.owner)} has ${all.length} DMARC records; receivers then apply none of them. Merge them into one record and delete the rest.`,
      related: [{ file: all[0].file, start: all[0].start, end: all[0].end, message: 'the first DMARC record at this name' }],
    });
  },
};
