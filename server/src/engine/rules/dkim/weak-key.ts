import type { Rule } from '../../rule';
import { dkimKey, dkimTag, dkimView } from '../../policy/dkim';

export const dkimWeakKey: Rule = {
  id: 'dkim/weak-key',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'RSA key under 1024 bits (error) or under 2048 bits (warning)',
    details:
      'RFC 8301 §3.2: verifiers must not accept RSA keys under 1024 bits, so signatures with them fail; signers should use at least 2048 bits, ' +
      'since 1024-bit RSA is within reach of well-funded attackers.\n\nFix: generate a 2048-bit key (or Ed25519 next to it), publish it under a new selector, switch the signer, then revoke the old one.',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    if (!d) return;
    const key = dkimKey(d, ctx);
    if (!key || key.problem || key.bits === undefined || key.bits >= 2048) return;
    const p = dkimTag(d, 'p')!;
    const broken = key.bits < 1024;
    ctx.report({
      start: p.valueSpan.start,
      end: p.valueSpan.end,
      severity: broken ? 'error' : 'warning',
      message: broken
        ? `Selector "${d.selector}" has a ${key.bits}-bit RSA key: verifiers must reject keys under 1024 bits (RFC 8301), so every signature with this selector fails. Publish a 2048-bit key (under a new selector, then switch the signer to it).`
        : `Selector "${d.selector}" has a ${key.bits}-bit RSA key: under the 2048 bits RFC 8301 recommends, and within reach of attackers. Rotate to a 2048-bit key.`,
    });
  },
};
