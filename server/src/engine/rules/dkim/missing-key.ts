import type { Rule } from '../../rule';
import { dkimView } from '../../policy/dkim';

export const dkimMissingKey: Rule = {
  id: 'dkim/missing-key',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'DKIM key record without `p=`',
    details:
      'The `p` tag holds the public key and is required (RFC 6376 §3.6.1). Without it verifiers cannot check any signature of this selector (an empty `p=` is different: it revokes the key).\n\n' +
      'Fix: publish the public key your mail server or provider gives you in `p=`.',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    if (!d || d.tl.get('p') || d.tl.tags.length === 0) return;
    ctx.report({
      start: d.tl.span.start,
      end: d.tl.span.end,
      message: `The DKIM record for selector "${d.selector}" has no p= tag, so verifiers have no key and every signature with this selector fails. Add p= with the public key.`,
    });
  },
};
