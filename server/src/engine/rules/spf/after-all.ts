// spf/after-all: terms after `all` are never evaluated.
import type { Rule } from '../../rule';
import { removeTermsEdits } from '../../spf/edit';
import { SPF_TYPES, spfView } from './util';

export const spfAfterAll: Rule = {
  id: 'spf/after-all',
  severity: 'warning',
  types: SPF_TYPES,
  docs: {
    summary: 'Mechanisms after `all` are never evaluated',
    details: [
      'Mechanisms are evaluated left to right and `all` always matches (RFC 7208 §4.6.2, §5.1), so every mechanism after it is dead: the senders it was meant to allow are not allowed. (`exp=` and `redirect=` are modifiers and are not affected by their place, but `redirect=` is ignored when there is an `all`: see spf/redirect-with-all.)',
      '',
      'Fix: move the mechanisms before `all`, or remove them.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 -all include:_spf.example.net"',
    good: 'example.com. TXT "v=spf1 include:_spf.example.net -all"',
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf || spf.allIndex < 0) return;
    const after = spf.terms.slice(spf.allIndex + 1).filter((t) => t.kind !== 'modifier');
    if (after.length === 0) return;
    const all = spf.terms[spf.allIndex];
    for (const t of after) {
      ctx.report({
        file: rec.file,
        tags: ['unnecessary'],
        message: `\`${t.text}\` comes after \`${all.text}\`, which matches every sender, so receivers never evaluate it (RFC 7208 §4.6.2). Move it before \`${all.text}\` if it is needed, or remove it.`,
        fixes: [{ title: after.length > 1 ? 'Remove the mechanisms after `all`' : `Remove \`${t.text}\``, edits: removeTermsEdits(rec, spf, after) }],
        ...spf.span(t.from, t.to),
      });
    }
  },
};
