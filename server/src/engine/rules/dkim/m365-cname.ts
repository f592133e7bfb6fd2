import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { bare } from '../../policy/names';
import { dashed, m365Cname, mxDomainGuid, parseM365 } from './m365';

export const dkimM365Cname: Rule = {
  id: 'dkim/m365-cname',
  severity: 'error',
  types: ['CNAME'],
  docs: {
    summary: 'A Microsoft 365 selector CNAME that does not point at this domain\'s selector',
    details:
      'Microsoft 365 signs with `selector1` and `selector2`, published as CNAMEs to keys Microsoft hosts for this very domain: ' +
      '`selectorN-<domain-with-dashes>._domainkey.<tenant>.onmicrosoft.com.` (legacy form) or, for domains added since May 2025, ' +
      '`selectorN-<domain-with-dashes>._domainkey.<tenant>.<c>-v1.dkim.mail.microsoft.`. A wrong selector number, another domain\'s name (copied from a sibling domain), ' +
      'or a missing trailing dot (the zone origin gets appended) makes DKIM fail for all mail from Microsoft 365.\n\n' +
      'Fix: use the target the Microsoft 365 Defender portal (or `Get-DkimSigningConfig`) shows; the quick fix rewrites it for this domain.',
    bad: 'selector1._domainkey IN CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com',
    good: 'selector1._domainkey IN CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com.',
  },
  onRecord(rec, ctx) {
    const c = m365Cname(rec, ctx);
    if (!c) return;
    const domain = bare(c.domain);
    const problems: string[] = [];
    const canon = c.written.toLowerCase().replace(/\.?$/, '.');
    const parsed = parseM365(canon);
    const guid = mxDomainGuid(c.domain, ctx) ?? dashed(c.domain);
    const expected = c.tenant ? `selector${c.n}-${guid}._domainkey.${c.tenant.suffix}` : undefined;
    // octoDNS itself rejects a relative CNAME target (octodns/syntax reports it on the same span);
    // only a lenient record, which octoDNS publishes anyway, gets the trailing-dot problem here.
    if (c.relative && (rec.format === 'zone' || rec.meta?.lenient)) {
      problems.push(
        rec.format === 'zone'
          ? `the target has no trailing dot, so the zone origin is appended and it points at ${bare(c.target)}`
          : 'the target has no trailing dot (it must be an absolute name)',
      );
    }
    const tail = parsed ? undefined : /(?:\.onmicrosoft\.com|\.dkim\.mail\.microsoft)\.(.+)$/.exec(canon);
    if (tail && !c.relative)
      // Written absolute with a name after Microsoft's: the zone origin appended to a name that lacked its dot, then copied back.
      problems.push(`the target goes on after Microsoft's name with ".${bare(tail[1])}", as when the zone origin is appended to a target written without its trailing dot`);
    else if (!parsed) problems.push('the target is not in either form Microsoft uses (selectorN-<domain-with-dashes>._domainkey.<tenant>.onmicrosoft.com. or …<c>-v1.dkim.mail.microsoft.)');
    else {
      if (parsed.selector !== c.n) problems.push(`selector${c.n} points at Microsoft's selector${parsed.selector}`);
      if (parsed.dashed !== dashed(c.domain) && parsed.dashed !== guid) problems.push(`the target is for the domain "${parsed.dashed}", not this domain ("${guid}")`);
    }
    if (problems.length === 0) return;
    const fixes: Fix[] = [];
    if (expected) {
      if (canon === expected && c.relative) fixes.push({ title: 'Add the trailing dot', edits: [{ file: rec.file, start: c.tok.end, end: c.tok.end, newText: '.' }], preferred: true });
      else fixes.push({ title: `Point at ${expected}`, edits: [{ file: rec.file, start: c.tok.start, end: c.tok.end, newText: expected }], preferred: true });
    }
    ctx.report({
      start: c.tok.start,
      end: c.tok.end,
      message: `Microsoft 365 DKIM for ${domain}: ${problems.join('; ')}. DKIM fails for all mail sent through Microsoft 365. ${
        expected ? `Point it at \`${expected}\` (with its trailing dot).` : 'Copy the target from the Microsoft 365 Defender portal.'
      }`,
      fixes,
    });
  },
};
