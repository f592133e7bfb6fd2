import type { Rule } from '../../rule';
import { policyTags } from './view';

export const bimiHttpsRequired: Rule = {
  id: 'bimi/https-required',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`l=` or `a=` not an https URL (`l=` must end in .svg)',
    details:
      'BIMI fetches the logo (`l=`, an SVG Tiny PS file) and the Verified Mark Certificate (`a=`, a PEM file) over HTTPS only; other URLs are ignored and no logo is shown.\n\n' +
      'Fix: serve both over `https://`, the logo as `.svg`.',
    bad: 'default._bimi IN TXT "v=BIMI1; l=http://example.com/logo.png"',
    good: 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg"',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'bimi', ctx);
    if (!tl) return;
    for (const key of ['l', 'a']) {
      const t = tl.get(key);
      if (!t || t.value === '') continue;
      const urls = t.value.split(',').map((x) => x.trim());
      for (const u of urls) {
        let why: string | undefined;
        let url: URL | undefined;
        try {
          url = new URL(u);
        } catch {
          why = 'is not a URL';
        }
        if (url && url.protocol !== 'https:') why = 'is not an https:// URL';
        else if (url && key === 'l' && !/\.svg$/i.test(url.pathname)) why = 'does not point at an .svg file';
        if (!why) continue;
        ctx.report({
          start: t.valueSpan.start,
          end: t.valueSpan.end,
          message: `BIMI ${key}= "${u}" ${why}: mail clients fetch the ${key === 'l' ? 'logo (SVG)' : 'certificate'} only over HTTPS, so no logo is shown. Use an https:// URL${key === 'l' ? ' to an .svg file' : ''}.`,
        });
      }
    }
  },
};
