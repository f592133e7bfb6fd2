// Shared reading of Microsoft 365 selector CNAMEs for the dkim/m365-* rules.
import type { DnsRecord, Token } from '../../model';
import type { LintContext } from '../../rule';
import { dashed, looksM365, looseTenant, m365Owner, parseM365 } from '../../policy/dkim';
import { siblings } from '../../policy/names';

export interface M365Cname {
  rec: DnsRecord;
  n: number;
  domain: string;
  /** The target as written (token text, quotes removed). */
  written: string;
  /** Text span of the target inside the source (without quotes). */
  tok: { start: number; end: number };
  /** Absolute target after the origin was appended. */
  target: string;
  /** Written without a trailing dot (zone files append the origin). */
  relative: boolean;
  /** Tenant and suffix, when recognizable. */
  tenant?: { tenant: string; suffix: string };
  /** The target Microsoft expects for this very domain and selector (when the tenant is known). */
  expected?: string;
}

export function m365Cname(rec: DnsRecord, ctx: Pick<LintContext, 'memo'>): M365Cname | undefined {
  if (rec.type !== 'CNAME') return undefined;
  const o = m365Owner(rec.owner);
  if (!o) return undefined;
  return ctx.memo('m365', rec, () => {
    const tok: Token | undefined = rec.targetTok ?? rec.fields[0];
    if (!tok) return undefined;
    let written = tok.text;
    let start = tok.start;
    let end = tok.end;
    if (/^["']/.test(written) && written.length >= 2 && written[written.length - 1] === written[0]) {
      written = written.slice(1, -1);
      start++;
      end--;
    }
    const target = (rec.target ?? written).toLowerCase();
    if (!looksM365(written) && !looksM365(target)) return undefined;
    const relative = !written.endsWith('.');
    const tenant = looseTenant(written);
    const expected = tenant ? `selector${o.n}-${dashed(o.domain)}._domainkey.${tenant.suffix}` : undefined;
    return { rec, n: o.n, domain: o.domain, written, tok: { start, end }, target, relative, tenant, expected };
  });
}

/**
 * The "domainGUID" Microsoft gave this domain, read from its MX `<guid>.mail.protection.outlook.com.`:
 * the DKIM targets use the same form (usually the domain with dashes, but Microsoft may add a suffix
 * such as `contoso-com01b`, or treat a domain with dashes differently), so a target matching the MX is right.
 */
export function mxDomainGuid(domain: string, ctx: LintContext): string | undefined {
  for (const mx of siblings(ctx, domain, 'MX')) {
    const m = /^([a-z0-9-]+)\.mail\.protection\.outlook\.com\.$/.exec(mx.target ?? '');
    if (m) return m[1];
  }
  return undefined;
}

/**
 * The domain part (`contoso-com`) the other selector's target should have: the one this selector's
 * target uses when it is right for the domain (its dashed name or the MX's domainGUID), else the
 * MX's domainGUID, else the domain with dashes.
 */
export function domainPartFor(c: M365Cname, ctx: LintContext): string {
  const guid = mxDomainGuid(c.domain, ctx) ?? dashed(c.domain);
  const parsed = parseM365(c.written.toLowerCase().replace(/\.?$/, '.'));
  return parsed && (parsed.dashed === guid || parsed.dashed === dashed(c.domain)) ? parsed.dashed : guid;
}

export function partitionKey(c: M365Cname): string | undefined {
  return c.tenant?.suffix;
}

export { parseM365, dashed };
