// spf/duplicate-modifier: `redirect=` or `exp=` more than once.
import type { Rule } from '../../rule';
import { SPF_TYPES, spfView } from './util';

export const spfDuplicateModifier: Rule = {
  id: 'spf/duplicate-modifier',
  severity: 'error',
  types: SPF_TYPES,
  docs: {
    summary: '`redirect=` or `exp=` appears more than once',
    details: [
      '`redirect` and `exp` may each appear at most once in a record; a second one makes the result **permerror** for every message (RFC 7208 §6).',
      '',
      'Fix: keep one of them.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 redirect=a.example.net redirect=b.example.net"',
    good: 'example.com. TXT "v=spf1 redirect=a.example.net"',
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf) return;
    const seen = new Map<string, string>();
    for (const t of spf.terms) {
      if (t.kind !== 'modifier' || (t.name !== 'redirect' && t.name !== 'exp')) continue;
      const first = seen.get(t.name);
      if (first === undefined) {
        seen.set(t.name, t.text);
        continue;
      }
      ctx.report({
        file: rec.file,
        message: `\`${t.name}=\` appears more than once (first \`${first}\`): receivers return permerror for every message (RFC 7208 §6). Keep only one.`,
        ...spf.span(t.from, t.to),
      });
    }
  },
};
