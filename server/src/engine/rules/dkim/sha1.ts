import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { dkimTag, dkimView } from '../../policy/dkim';
import { removeTagFix, setValueFix } from '../../policy/edits';

export const dkimSha1: Rule = {
  id: 'dkim/sha1',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: '`h=sha1` only, or an `h=` that names no hash algorithm verifiers know',
    details:
      'RFC 8301 §3.1: signers must not use rsa-sha1 and verifiers must treat its signatures as failing. A key restricted to `h=sha1` can only make such signatures. ' +
      'Names a verifier does not know are ignored (RFC 6376 §3.6.1), so `h=sha1:md5` allows SHA-1 only, and an `h=` with no known name at all (`h=sha-256`, `h=md5`, empty) ' +
      'leaves no algorithm: verifiers cannot use the key, and every signature fails (reported as an error, as is `h=sha1` on a `k=ed25519` key, which signs only with SHA-256, RFC 8463 §3).\n\n' +
      'Fix: `h=sha256`, or drop `h=` (all algorithms allowed).',
    bad: 'sel._domainkey IN TXT "v=DKIM1; h=sha1; p=MIIB…"',
    good: 'sel._domainkey IN TXT "v=DKIM1; h=sha256; p=MIIB…"',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    const h = d && dkimTag(d, 'h');
    if (!d || !h) return;
    // Unknown names are ignored (RFC 6376 §3.6.1): what counts is whether sha256 is listed.
    const algs = h.value.split(':').map((x) => x.trim().toLowerCase());
    if (algs.includes('sha256')) return;
    // Ed25519 signs only as ed25519-sha256 (RFC 8463 §3): with SHA-1 alone there is nothing to verify.
    const ed = (dkimTag(d, 'k')?.value ?? '').trim().toLowerCase() === 'ed25519';
    const sha1 = algs.includes('sha1') && !ed;
    const fixes = [setValueFix(rec, d.tl, h, 'sha256', 'Use h=sha256', true), removeTagFix(rec, d.tl, h, 'Remove h= (allow every algorithm)')].filter(
      (f): f is Fix => !!f,
    );
    const written = `${h.name}=${h.value}`;
    ctx.report({
      start: h.span.start,
      end: h.span.end,
      severity: sha1 ? undefined : 'error',
      message: sha1
        ? `Selector "${d.selector}" allows only SHA-1 (${written}${algs.length > 1 ? '; names verifiers do not know are ignored' : ''}): verifiers must treat rsa-sha1 signatures as failing (RFC 8301). Use h=sha256 or drop h=.`
        : ed && algs.includes('sha1')
          ? `Selector "${d.selector}": ${written} allows only SHA-1, but an Ed25519 key signs only as ed25519-sha256 (RFC 8463 §3), so verifiers cannot use this key and every signature fails. Use h=sha256 or drop h=.`
          : `Selector "${d.selector}": ${written} names no hash algorithm verifiers know (sha256), and unknown names are ignored (RFC 6376 §3.6.1), so verifiers cannot use this key and every signature fails. Use h=sha256 or drop h=.`,
      fixes,
    });
  },
};
