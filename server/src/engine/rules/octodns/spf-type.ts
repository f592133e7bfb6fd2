import type { Fix } from '../../model';
import type { Rule } from '../../rule';

export const spfType: Rule = {
  id: 'octodns/spf-type',
  severity: 'warning',
  types: ['SPF'],
  docs: {
    summary: 'An octoDNS record with `type: SPF`.',
    details:
      'The SPF record type (99) is obsolete: RFC 7208 §3.1 says SPF records must be published as TXT, and receivers ' +
      'only look up TXT. Many octoDNS providers do not support type SPF at all. Change `type: SPF` to `type: TXT` — ' +
      'the value stays the same (semicolons escaped as `\\;` as usual). If the name already has a TXT record, move the ' +
      'SPF value into that record\'s `values:` instead, because octoDNS allows one record per type per name.',
    bad: "'':\n  type: SPF\n  value: v=spf1 mx -all",
    good: "'':\n  type: TXT\n  value: v=spf1 mx -all",
  },
  onRecord(rec, ctx) {
    if (rec.format !== 'octodns') return;
    // One finding per octoDNS record, not per value.
    if ((rec.meta?.valueIndex as number | undefined) ?? 0) return;
    // The type written in this file (not only a value list included from another one).
    if (rec.typeTok.end === rec.typeTok.start) return;
    const hasTxt = ctx.recordsAt(rec.owner, 'TXT').some((r) => r.file === rec.file);
    const fixes: Fix[] = hasTxt
      ? []
      : [{ title: 'Convert to type: TXT', preferred: true, edits: [{ file: rec.file, start: rec.typeTok.start, end: rec.typeTok.end, newText: 'TXT' }] }];
    ctx.report({
      file: rec.file,
      start: rec.typeTok.start,
      end: rec.typeTok.end,
      message: hasTxt
        ? 'type SPF is obsolete (RFC 7208 §3.1): receivers only read TXT. This name already has a TXT record, so move this value into its `values:` and delete this record.'
        : 'type SPF is obsolete (RFC 7208 §3.1): receivers only read TXT and many providers reject SPF. Change it to `type: TXT`.',
      fixes,
    });
  },
};
