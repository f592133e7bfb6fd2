import type { Rule } from '../../rule';
import { setValueFix } from '../../policy/edits';
import { printable } from '../../taglist';
import { exactTag, policyTags } from './view';

export const bimiHttpsRequired: Rule = {
  id: 'bimi/https-required',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`l=` or `a=` not an https URL (`l=` must end in .svg or .svgz)',
    details:
      'BIMI fetches the logo (`l=`, an SVG Tiny PS file, `.svg` or gzipped `.svgz`: draft-brand-indicators-for-message-identification §4.3.2) and the Verified Mark Certificate (`a=`, a PEM file) over HTTPS only; other URLs are ignored and no logo is shown. ' +
      'Each tag holds a single URL (§4.3: a comma inside a URI must be written `%2C`); a comma-separated list, which early drafts allowed, is read as one URL that fetches nothing.\n\n' +
      'Fix: serve both over `https://`, the logo as `.svg`.',
    bad: 'default._bimi IN TXT "v=BIMI1; l=http://example.com/logo.png"',
    good: 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg"',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'bimi', ctx);
    if (!tl) return;
    for (const key of ['l', 'a']) {
      const t = exactTag(tl, key);
      if (!t || t.value === '') continue;
      // §4.3: l= and a= each hold one URI ("commas within a URI MUST be encoded"): the list of
      // URLs older drafts allowed is now a single URL with a comma in its path, which fetches nothing.
      if (t.value.includes(',')) {
        const urls = t.value.split(',').map((x) => x.trim()).filter((x) => x !== '');
        const first = urls[0];
        ctx.report({
          start: t.valueSpan.start,
          end: t.valueSpan.end,
          message: `BIMI ${key}= holds ${urls.length > 1 ? `${urls.length} comma-separated URLs` : 'a comma'}: the draft allows a single URI (§4.3; a comma inside a URI must be written %2C), so receivers read "${printable(t.value, 120)}" as one URL, ${key === 'l' ? 'find no logo there and show none' : 'find no mark certificate there, and those that require one show no logo'}. Keep one URL.`,
          fixes: first ? [setValueFix(rec, tl, t, first, `Keep ${printable(first, 80)}`, true)] : [],
        });
        continue;
      }
      const urls = [t.value.trim()];
      for (const u of urls) {
        let why: string | undefined;
        let url: URL | undefined;
        try {
          url = new URL(u);
        } catch {
          why = 'is not a URL';
        }
        if (url && url.protocol !== 'https:') why = 'is not an https:// URL';
        // §4.3.2: SVG and SVGZ are the formats of the BIMI-formats registry; another suffix is a
        // permanent error for the whole record, not just a fetch that fails.
        else if (url && key === 'l' && !/\.svgz?$/i.test(url.pathname)) {
          ctx.report({
            start: t.valueSpan.start,
            end: t.valueSpan.end,
            message: `BIMI l= "${printable(u, 120)}" does not point at an .svg or .svgz file: receivers treat a logo URL with another image suffix as a permanent error (draft §4.3.2), so no logo is shown. Publish the logo as SVG Tiny PS and point l= at the .svg (or .svgz) file over https://.`,
          });
          continue;
        }
        if (!why) continue;
        ctx.report({
          start: t.valueSpan.start,
          end: t.valueSpan.end,
          message:
            key === 'l'
              ? `BIMI l= "${printable(u, 120)}" ${why}: receivers fetch the logo only over HTTPS (draft §4.3), so no logo is shown. Use an https:// URL to the .svg (or .svgz) file.`
              : `BIMI a= "${printable(u, 120)}" ${why}: receivers fetch the mark certificate only over HTTPS (draft §4.3), so those that require one (Gmail and Apple Mail do) show no logo. Use an https:// URL to the certificate's PEM file.`,
        });
      }
    }
  },
};
