// spf/redirect-with-all: `redirect=` together with `all` — the redirect is ignored.
import type { Rule } from '../../rule';
import { removeTermEdits } from '../../spf/edit';
import { SPF_TYPES, spfView } from './util';

export const spfRedirectWithAll: Rule = {
  id: 'spf/redirect-with-all',
  severity: 'warning',
  types: SPF_TYPES,
  docs: {
    summary: '`redirect=` in a record that has `all`',
    details: [
      '`redirect=` is only used when no mechanism matches (RFC 7208 §6.1); `all` always matches, so with an `all` in the record the redirect is never followed. Whoever added it expected the other domain\'s policy to apply, and it does not.',
      '',
      'Fix: remove the redirect (the quick fix), or remove `all` if the redirect should decide.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 mx redirect=_spf.example.net -all"',
    good: 'example.com. TXT "v=spf1 mx redirect=_spf.example.net"',
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf || spf.allIndex < 0) return;
    const all = spf.terms[spf.allIndex];
    for (const t of spf.terms) {
      if (t.kind !== 'modifier' || t.name !== 'redirect') continue;
      ctx.report({
        file: rec.file,
        tags: ['unnecessary'],
        message: `\`${t.text}\` is never followed because \`${all.text}\` always matches first (RFC 7208 §6.1). Remove the redirect, or remove \`${all.text}\` if the redirected policy should apply.`,
        fixes: [{ title: `Remove \`${t.text}\``, edits: removeTermEdits(rec, spf, t), preferred: true }],
        ...spf.span(t.from, t.to),
      });
    }
  },
};
