import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { dkimKey, dkimView } from '../../policy/dkim';
import { setValueFix } from '../../policy/edits';

export const dkimInvalidKey: Rule = {
  id: 'dkim/invalid-key',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`p=` is not valid base64, or not a public key of the type `k=` names',
    details:
      'RFC 6376 §3.6.1: `p` is the base64 of the public key; for `k=rsa` (the default) an RSA SubjectPublicKeyInfo, for `k=ed25519` the raw 32-byte key (RFC 8463 §4.2). ' +
      'A key that does not decode, or of another type than `k=`, makes every signature fail. A common cause is a key cut or mangled while splitting it into 255-byte strings.\n\n' +
      'Fix: copy the key again from the signer; for Ed25519 publish the raw key (the quick fix converts a SubjectPublicKeyInfo).',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    if (!d) return;
    const key = dkimKey(d, ctx);
    if (!key || key.revoked || !key.problem) return;
    const p = d.tl.get('p')!;
    const fixes: Fix[] = [];
    if (key.rawEd25519) {
      const f = setValueFix(rec, d.tl, p, key.rawEd25519, 'Replace with the raw 32-byte Ed25519 key', true);
      if (f) fixes.push(f);
    }
    const kTag = d.tl.get('k');
    let todo = 'Publish the key again as the signer gives it.';
    if (key.matchingK && kTag) {
      todo = key.matchingK === 'ed25519' ? 'p= holds a raw 32-byte Ed25519 key: write k=ed25519.' : 'p= holds an RSA key: write k=rsa (or remove k=, rsa is the default).';
      const f = setValueFix(rec, d.tl, kTag, key.matchingK, `Change to k=${key.matchingK}`, true);
      if (f) fixes.push(f);
    } else if (kTag && !['rsa', 'ed25519'].includes(key.k)) {
      todo = 'Write k=rsa or k=ed25519, whichever the signer uses, and publish its key again.';
    }
    ctx.report({
      start: p.valueSpan.start < p.valueSpan.end ? p.valueSpan.start : p.span.start,
      end: p.valueSpan.end > p.valueSpan.start ? p.valueSpan.end : p.span.end,
      message: `Selector "${d.selector}": ${key.problem}, so verifiers cannot use the key and every signature fails (RFC 6376 §6.1.2). ${todo}`,
      fixes,
    });
  },
};
