import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { dkimKey, dkimTag, dkimTags, dkimView } from '../../policy/dkim';
import { addTagAfterFix, setValueFix } from '../../policy/edits';

export const dkimInvalidKey: Rule = {
  id: 'dkim/invalid-key',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`p=` is not valid base64, or not a public key of the type `k=` names',
    details:
      'RFC 6376 §3.6.1: `p` is the base64 of the public key; for `k=rsa` (the default) an RSA SubjectPublicKeyInfo, for `k=ed25519` the raw 32-byte key (RFC 8463 §4.2). ' +
      'A key that does not decode, or of another type than `k=`, makes every signature fail. A common cause is a key cut or mangled while splitting it into 255-byte strings. ' +
      'An RSA key written as a bare PKCS#1 RSAPublicKey (`MIIBCgKCAQEA…`) is a warning: RFC 6376 names both forms (erratum 3017), but OpenDKIM reads only SubjectPublicKeyInfo (`MIIBIjANBgkq…`), so signatures fail there (dkimpy reads both).\n\n' +
      'Fix: copy the key again from the signer. The quick fixes convert an Ed25519 SubjectPublicKeyInfo to the raw key, a PKCS#1 key to SubjectPublicKeyInfo, and write the `k=` that matches the key.',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    if (!d) return;
    const key = dkimKey(d, ctx);
    if (!key || key.revoked) return;
    if (!key.problem && !key.pkcs1ToSpki) return;
    const p = dkimTag(d, 'p')!;
    const start = p.valueSpan.start < p.valueSpan.end ? p.valueSpan.start : p.span.start;
    const end = p.valueSpan.end > p.valueSpan.start ? p.valueSpan.end : p.span.end;
    if (!key.problem && key.pkcs1ToSpki) {
      const f = setValueFix(rec, d.tl, p, key.pkcs1ToSpki, 'Convert to SubjectPublicKeyInfo', true);
      ctx.report({
        start,
        end,
        severity: 'warning',
        message: `Selector "${d.selector}": p= is a bare PKCS#1 RSAPublicKey, not the SubjectPublicKeyInfo that OpenDKIM and most verifiers read (RFC 6376 §3.6.1 names both, erratum 3017), so signatures with this selector fail there (dkimpy reads both). Publish the same key as SubjectPublicKeyInfo (it starts with MIIB…/MIGf…; the quick fix converts it).`,
        fixes: f ? [f] : [],
      });
      return;
    }
    const fixes: Fix[] = [];
    if (key.rawEd25519) {
      const f = setValueFix(rec, d.tl, p, key.rawEd25519, 'Replace with the raw 32-byte Ed25519 key', true);
      if (f) fixes.push(f);
    }
    const kTags = dkimTags(d, 'k');
    const kTag = kTags[0];
    let todo = key.rawEd25519 ? 'Publish only the raw key, its last 32 bytes (the quick fix writes it).' : 'Publish the key again as the signer gives it.';
    if (key.padded) {
      // Lenient decoders read the key anyway; strict ones (dkimpy) do not.
      todo = `Add the missing "=" at the end of p= (the quick fix does): verifiers that decode base64 strictly, such as dkimpy, reject the key without it.`;
      const f = setValueFix(rec, d.tl, p, key.padded, 'Add the base64 padding', true);
      if (f) fixes.push(f);
    }
    if (key.matchingK && kTags.length > 1) {
      todo = `Keep one k= tag, k=${key.matchingK}.`;
    } else if (key.matchingK && kTag) {
      // For k=rsa the problem already says the key is Ed25519; for an unknown k= it does not.
      const what = key.k === 'rsa' ? '' : key.matchingK === 'ed25519' ? 'p= holds a raw 32-byte Ed25519 key: ' : 'p= holds an RSA key: ';
      todo = key.matchingK === 'ed25519' ? `${what}write k=ed25519.` : `${what}write k=rsa (or remove k=, rsa is the default).`;
      if (!what) todo = todo[0].toUpperCase() + todo.slice(1);
      const f = setValueFix(rec, d.tl, kTag, key.matchingK, `Change to k=${key.matchingK}`, true);
      if (f) fixes.push(f);
    } else if (key.matchingK === 'ed25519') {
      todo = 'Add k=ed25519.';
      // Before p= (after the tag in front of it), or at the end when p= comes first.
      const f = addTagAfterFix(rec, d.tl, d.tl.tags[p.index - 1], 'k', 'ed25519', 'Add k=ed25519', true);
      if (f) fixes.push(f);
    } else if (kTag && !['rsa', 'ed25519'].includes(key.k)) {
      todo = 'Write k=rsa or k=ed25519, whichever the signer uses, and publish its key again.';
    }
    ctx.report({
      start,
      end,
      message: `Selector "${d.selector}": ${key.problem}, so verifiers cannot use the key and every signature fails (RFC 6376 §6.1.2). ${todo}`,
      fixes,
    });
  },
};
