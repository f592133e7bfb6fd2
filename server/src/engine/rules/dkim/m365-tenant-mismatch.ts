import type { Rule } from '../../rule';
import { m365Cname } from './m365';
import { siblings } from '../../policy/names';

export const dkimM365TenantMismatch: Rule = {
  id: 'dkim/m365-tenant-mismatch',
  severity: 'warning',
  types: ['CNAME'],
  docs: {
    summary: 'selector1 and selector2 point to different Microsoft 365 tenants or partitions',
    details:
      'Both Microsoft 365 selectors of a domain belong to the one tenant that sends its mail. When they point to different tenants (or to different `<c>-v1` partitions), ' +
      'one of them is stale — typically left over from a tenant migration — and DKIM breaks at the next key rotation.\n\nFix: point both at the tenant the Microsoft 365 portal shows.',
  },
  onRecord(rec, ctx) {
    const c = m365Cname(rec, ctx);
    if (!c || c.n !== 2 || !c.tenant) return;
    const s1 = siblings(ctx, `selector1._domainkey.${c.domain}`, 'CNAME')[0];
    const o = s1 ? m365Cname(s1, ctx) : undefined;
    if (!o || !o.tenant || o.tenant.suffix === c.tenant.suffix) return;
    ctx.report({
      start: c.tok.start,
      end: c.tok.end,
      message: `selector2 points at ${c.tenant.suffix} but selector1 at ${o.tenant.suffix}: one of them is stale, and DKIM breaks when Microsoft rotates keys. Point both at the tenant the Microsoft 365 portal shows.`,
      related: [{ file: s1.file, start: o.tok.start, end: o.tok.end, message: 'selector1 target' }],
    });
  },
};
