import type { Rule } from '../../rule';
import { dkimView } from '../../policy/dkim';

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
    ctx.report({
      start: p.span.start,
      end: p.span.end,
      message: `Selector "${d.selector}" is revoked (empty p=): every signature made with it fails. Fine after a key rotation; make sure no server still signs with this selector.`,
    });
  },
};
