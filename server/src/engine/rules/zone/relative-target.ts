import { parse } from 'tldts';
import type { Rule } from '../../rule';
import { nameIndex } from '../../workspace';

/** True when a relative name written in a zone looks like it was meant to be absolute. */
export function looksLikeFqdn(text: string): boolean {
  if (text.indexOf('.') < 0 || text.endsWith('.')) return false;
  // Names are case-insensitive (RFC 4343); the public-suffix list is lower-case.
  const p = parse(text.toLowerCase(), { allowPrivateDomains: true, validateHostname: false, extractHostname: false });
  return p.domain !== null && (p.isIcann === true || p.isPrivate === true);
}

export const relativeTarget: Rule = {
  id: 'zone/relative-target',
  severity: 'warning',
  types: ['CNAME', 'MX', 'NS', 'SRV', 'PTR', 'DNAME'],
  docs: {
    summary: 'A target name that looks like a full domain name but has no trailing dot, so the origin is appended to it.',
    details:
      'In a zone file a name without a trailing dot is relative: `$ORIGIN` is appended (RFC 1035 §5.1). ' +
      '`selector1._domainkey CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com` therefore points at ' +
      '`…contoso.onmicrosoft.com.example.com.`, which does not exist: DKIM fails for every message, and an MX written this ' +
      'way loses all inbound mail. mailzone warns when the relative name ends in a public suffix (`.com`, `.onmicrosoft.com` …) ' +
      'and the zone has no such name under its origin. Add the trailing dot.',
    bad: 'selector1._domainkey CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com',
    good: 'selector1._domainkey CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com.',
  },
  onRecord(rec, ctx) {
    if (rec.format !== 'zone') return;
    const tok = rec.targetTok;
    if (!tok || !rec.target || !looksLikeFqdn(tok.text)) return;
    // Microsoft 365 DKIM selectors: dkim/m365-cname reports the missing dot with the right target.
    if (ctx.options.m365 !== false && /^selector[12]\._domainkey\./.test(rec.owner) && /\.(onmicrosoft\.com|dkim\.mail\.microsoft)$/i.test(tok.text)) return;
    // Deliberately relative when the zone itself has the resulting name.
    if (nameIndex(ctx.zone).has(rec.target)) return;
    ctx.report({
      file: rec.file,
      start: tok.start,
      end: tok.end,
      message: `'${tok.text}' has no trailing dot, so it means ${rec.target} — the origin is appended. It looks like a full domain name; add the trailing dot ('${tok.text}.') or ${rec.type === 'MX' ? 'mail' : 'lookups'} for it will fail.`,
      fixes: [{ title: `Add the trailing dot: '${tok.text}.'`, preferred: true, edits: [{ file: rec.file, start: tok.end, end: tok.end, newText: '.' }] }],
    });
  },
};
