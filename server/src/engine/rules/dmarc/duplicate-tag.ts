import type { Rule } from '../../rule';
import { dmarcView } from '../../policy/dmarc';

export const dmarcDuplicateTag: Rule = {
  id: 'dmarc/duplicate-tag',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'A DMARC tag appears twice',
    details:
      'A tag list must not repeat a tag (RFC 6376 §3.2, used by RFC 9989): receivers differ on which value they take, and some discard the whole record.\n\n' +
      'Fix: keep one of them.',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    const seen = new Map<string, number>();
    for (const t of d.tl.tags) {
      const first = seen.get(t.key);
      if (first === undefined) {
        seen.set(t.key, t.index);
        continue;
      }
      const f = d.tl.tags[first];
      ctx.report({
        start: t.span.start,
        end: t.span.end,
        message: `The tag "${t.name}" appears twice in this DMARC record; receivers may take either value or discard the record. Keep one.`,
        related: [{ file: rec.file, start: f.span.start, end: f.span.end, message: 'first occurrence' }],
      });
    }
  },
};
