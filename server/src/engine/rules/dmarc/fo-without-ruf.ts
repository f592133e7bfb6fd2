import type { Rule } from '../../rule';
import { printable } from '../../taglist';
import { dmarcView } from '../../policy/dmarc';

export const dmarcFoWithoutRuf: Rule = {
  id: 'dmarc/fo-without-ruf',
  severity: 'info',
  types: ['TXT'],
  docs: {
    summary: '`fo` without `ruf`',
    details:
      '`fo` chooses when failure reports are generated (RFC 9989 §4.7, RFC 9991); failure reports are sent only to `ruf` addresses. Without `ruf`, `fo` does nothing.\n\n' +
      'Fix: add `ruf=mailto:` if you want failure reports, or remove `fo`.',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    const fo = d.tl.get('fo');
    if (!fo || d.tl.get('ruf')) return;
    ctx.report({
      start: fo.span.start,
      end: fo.span.end,
      message: `${fo.name}=${printable(fo.value)} has no effect without ruf=: failure reports go only to ruf addresses. Add ruf=mailto:… or remove fo.`,
      tags: ['unnecessary'],
    });
  },
};
