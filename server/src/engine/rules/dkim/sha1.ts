import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { dkimView } from '../../policy/dkim';
import { removeTagFix, setValueFix } from '../../policy/edits';

export const dkimSha1: Rule = {
  id: 'dkim/sha1',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: '`h=sha1` only',
    details:
      'RFC 8301 §3.1: signers must not use rsa-sha1 and verifiers must treat its signatures as failing. A key restricted to `h=sha1` can only make such signatures.\n\n' +
      'Fix: `h=sha256`, or drop `h=` (all algorithms allowed).',
    bad: 'sel._domainkey IN TXT "v=DKIM1; h=sha1; p=MIIB…"',
    good: 'sel._domainkey IN TXT "v=DKIM1; h=sha256; p=MIIB…"',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    const h = d?.tl.get('h');
    if (!d || !h) return;
    const algs = h.value.split(':').map((x) => x.trim().toLowerCase()).filter(Boolean);
    if (algs.length === 0 || algs.some((a) => a !== 'sha1')) return;
    const fixes = [setValueFix(rec, d.tl, h, 'sha256', 'Use h=sha256', true), removeTagFix(rec, d.tl, h, 'Remove h= (allow every algorithm)')].filter(
      (f): f is Fix => !!f,
    );
    ctx.report({
      start: h.span.start,
      end: h.span.end,
      message: `Selector "${d.selector}" allows only SHA-1 (h=sha1): verifiers must treat rsa-sha1 signatures as failing (RFC 8301). Use h=sha256 or drop h=.`,
      fixes,
    });
  },
};
