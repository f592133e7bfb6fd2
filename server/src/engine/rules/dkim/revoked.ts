import type { Rule } from '../../rule';
import { dkimView } from '../../policy/dkim';
import { bare } from '../../policy/names';

export const dkimRevoked: Rule = {
  id: 'dkim/revoked',
  severity: 'info',
  types: ['TXT'],
  docs: {
    summary: '`p=` empty: the key is revoked',
    details:
      'An empty `p=` means the key has been revoked (RFC 6376 §3.6.1): signatures with this selector fail. That is right after a key rotation; make sure nothing still signs with it.',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    const p = d?.tl.get('p');
    if (!d || !p || p.value.replace(/\s+/g, '') !== '') return;
    if (d.selector === '*') {
      // `*._domainkey TXT "v=DKIM1; p="`: every selector without its own record is revoked — the
      // usual way for a domain that sends no mail to say "no DKIM key is valid here".
      ctx.report({
        start: p.span.start,
        end: p.span.end,
        message: `This wildcard revokes every DKIM selector of ${bare(d.domain)} that has no record of its own (empty p=), so mail signed with any other selector fails DKIM. Right for a domain that sends no mail; otherwise give each sending selector its own key record.`,
      });
      return;
    }
    ctx.report({
      start: p.span.start,
      end: p.span.end,
      message: `Selector "${d.selector}" is revoked (empty p=): every signature made with it fails. Fine after a key rotation; make sure no server still signs with this selector.`,
    });
  },
};
