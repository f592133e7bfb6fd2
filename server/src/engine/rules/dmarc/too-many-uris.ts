import type { Rule } from '../../rule';
import { dmarcView, reportUris } from '../../policy/dmarc';

export const dmarcTooManyUris: Rule = {
  id: 'dmarc/too-many-uris',
  severity: 'info',
  types: ['TXT'],
  docs: {
    summary: 'More than 2 URIs in `rua` or `ruf`',
    details:
      'Receivers only have to send reports to two destinations per tag (RFC 7489 §6.2 set this limit and many receivers keep it); further addresses may get nothing.\n\n' +
      'Fix: keep at most two addresses per tag, or forward reports from one mailbox.',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    for (const key of ['rua', 'ruf']) {
      const tag = d.tl.get(key);
      if (!tag) continue;
      const uris = reportUris(d.tl, tag).filter((u) => u.text !== '');
      if (uris.length <= 2) continue;
      ctx.report({
        start: uris[2].span.start,
        end: uris[uris.length - 1].span.end,
        message: `${key} lists ${uris.length} addresses; receivers only have to report to two, so the ones after the second may get nothing. Keep two and forward from there.`,
      });
    }
  },
};
