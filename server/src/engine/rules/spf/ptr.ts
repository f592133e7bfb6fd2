// spf/ptr: the `ptr` mechanism (RFC 7208 §5.5: do not use).
import type { Rule } from '../../rule';
import { removeTermEdits } from '../../spf/edit';
import { SPF_TYPES, spfView } from './util';

export const spfPtr: Rule = {
  id: 'spf/ptr',
  severity: 'warning',
  types: SPF_TYPES,
  docs: {
    summary: 'SPF uses the `ptr` mechanism',
    details: [
      '`ptr` makes receivers do reverse lookups of the sending address and then forward lookups of every name returned: it is slow, unreliable, loads the DNS of the sender\'s network, and costs a lookup of the 10 allowed. RFC 7208 §5.5 says it **SHOULD NOT** be used, and large receivers ignore or penalize it.',
      '',
      'Fix: replace it by `ip4:`/`ip6:` ranges or `a`/`mx` of your sending hosts, then remove `ptr`.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 ptr -all"',
    good: 'example.com. TXT "v=spf1 ip4:192.0.2.0/24 -all"',
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf) return;
    for (const t of spf.terms) {
      if (t.kind !== 'mechanism' || t.name !== 'ptr') continue;
      ctx.report({
        file: rec.file,
        message: `\`${t.text}\` asks receivers for reverse DNS of every sender: slow, unreliable and a lookup of the 10 allowed; RFC 7208 §5.5 says not to use it. List your senders with \`ip4:\`/\`ip6:\`, \`a\` or \`mx\` and remove \`ptr\`.`,
        fixes: [{ title: `Remove \`${t.text}\``, edits: removeTermEdits(rec, spf, t) }],
        ...spf.span(t.from, t.to),
      });
    }
  },
};
