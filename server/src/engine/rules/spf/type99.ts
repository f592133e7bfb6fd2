// spf/type99: an RR of type SPF (99), which RFC 7208 removed.
import type { Rule } from '../../rule';
import { deleteRecordEdits } from './util';

export const spfType99: Rule = {
  id: 'spf/type99',
  severity: 'warning',
  types: ['SPF'],
  docs: {
    summary: 'SPF published as record type SPF (99)',
    details: [
      'RFC 7208 §3.1 and §14.1 removed the SPF resource record type (99): receivers only query TXT. A policy published only as type SPF is invisible, and one published as both can drift apart.',
      '',
      'Fix: publish the policy as a TXT record (the quick fix changes the type) and delete the type SPF copy.',
    ].join('\n'),
    bad: 'example.com. SPF "v=spf1 mx -all"',
    good: 'example.com. TXT "v=spf1 mx -all"',
  },
  onRecord(rec, ctx) {
    if (rec.format === 'octodns') return; // octodns/spf-type reports it in YAML
    const hasTxtTwin = ctx.recordsAt(rec.owner, 'TXT').some((r) => (r.strings ?? []).map((s) => s.value).join('') === (rec.strings ?? []).map((s) => s.value).join(''));
    ctx.report({
      start: rec.typeTok.start,
      end: rec.typeTok.end,
      file: rec.file,
      message: hasTxtTwin
        ? 'Record type SPF (99) is obsolete and ignored by receivers (RFC 7208 §3.1); the same policy is already published as TXT, so delete this copy.'
        : 'Record type SPF (99) is obsolete: receivers only look up TXT (RFC 7208 §3.1), so this policy is not used at all. Change the type to TXT.',
      fixes: hasTxtTwin ? deleteFix(rec, ctx) : [{ title: 'Convert to a TXT record', edits: [{ file: rec.file, start: rec.typeTok.start, end: rec.typeTok.end, newText: 'TXT' }], preferred: true }],
    });
  },
};

function deleteFix(rec: Parameters<NonNullable<Rule['onRecord']>>[0], ctx: Parameters<NonNullable<Rule['onRecord']>>[1]) {
  const edits = deleteRecordEdits(rec, ctx);
  return edits ? [{ title: 'Delete the type SPF copy', edits, preferred: true }] : [];
}
