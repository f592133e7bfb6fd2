import { parse } from 'tldts';
import type { LintContext, Rule } from '../../rule';
import { nameIndex } from '../../workspace';

/** True when a relative name written in a zone looks like it was meant to be absolute. */
export function looksLikeFqdn(text: string): boolean {
  if (text.indexOf('.') < 0 || text.endsWith('.')) return false;
  // Names are case-insensitive (RFC 4343); the public-suffix list is lower-case.
  const p = parse(text.toLowerCase(), { allowPrivateDomains: true, validateHostname: false, extractHostname: false });
  return p.domain !== null && (p.isIcann === true || p.isPrivate === true);
}

/**
 * True when the absolute `name` under the zone's origin may be served although the zone has no
 * records at it: below a delegation (NS records at an ancestor: the child zone has it, RFC 1034
 * §4.2.1) or a wildcard (RFC 4592) of the zone. Only ancestors below the apex count: the apex's NS
 * are the zone's own, and an apex wildcard would cover the very mistake this rule is about.
 */
function servedElsewhere(name: string, origin: string, ctx: LintContext): boolean {
  if (!name.endsWith('.' + origin)) return false;
  const stop = name.length - origin.length;
  for (let i = name.indexOf('.') + 1; i > 0 && i < stop; i = name.indexOf('.', i) + 1) {
    const anc = name.slice(i);
    if (ctx.recordsAt(anc, 'NS').length > 0 || ctx.recordsAt('*.' + anc).length > 0) return true;
  }
  return false;
}

export const relativeTarget: Rule = {
  id: 'zone/relative-target',
  severity: 'warning',
  types: ['CNAME', 'MX', 'NS', 'SRV', 'PTR', 'DNAME'],
  docs: {
    summary: 'A target name that looks like a full domain name but has no trailing dot, so the origin is appended to it.',
    details:
      'In a zone file a name without a trailing dot is relative: `$ORIGIN` is appended (RFC 1035 §5.1). ' +
      '`s1._domainkey CNAME s1.domainkey.u1234.wl.sendgrid.net` therefore points at ' +
      '`s1.domainkey.u1234.wl.sendgrid.net.example.com.`, which does not exist: DKIM fails for every message, and an MX written this ' +
      'way loses all inbound mail. mailzone warns when the relative name ends in a public suffix (`.com`, `.net` …) ' +
      'and the zone has no such name under its origin (nor a delegation or wildcard that would serve it). Add the trailing dot. ' +
      '(For the Microsoft 365 selector CNAMEs, `dkim/m365-cname` reports it, with the target Microsoft expects.)',
    bad: 's1._domainkey CNAME s1.domainkey.u1234.wl.sendgrid.net',
    good: 's1._domainkey CNAME s1.domainkey.u1234.wl.sendgrid.net.',
  },
  onRecord(rec, ctx) {
    if (rec.format !== 'zone') return;
    const tok = rec.targetTok;
    if (!tok || !rec.target || !looksLikeFqdn(tok.text)) return;
    // Microsoft 365 DKIM selectors: dkim/m365-cname reports the missing dot with the right target.
    if (ctx.options.m365 !== false && /^selector[12]\._domainkey\./.test(rec.owner) && /\.(onmicrosoft\.com|dkim\.mail\.microsoft)$/i.test(tok.text)) return;
    // Deliberately relative when the zone itself has the resulting name.
    if (nameIndex(ctx.zone).has(rec.target)) return;
    // Or when it lies in a delegated child zone or under a wildcard: relative on purpose.
    if (servedElsewhere(rec.target, ctx.zone.origin, ctx)) return;
    ctx.report({
      file: rec.file,
      start: tok.start,
      end: tok.end,
      message: `'${tok.text}' has no trailing dot, so it means ${rec.target} — the origin is appended. It looks like a full domain name; add the trailing dot ('${tok.text}.') or ${rec.type === 'MX' ? 'mail' : 'lookups'} for it will fail.`,
      fixes: [{ title: `Add the trailing dot: '${tok.text}.'`, preferred: true, edits: [{ file: rec.file, start: tok.end, end: tok.end, newText: '.' }] }],
    });
  },
};
