import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { insertLineAfter } from '../../policy/edits';
import { bare } from '../../policy/names';
import { domainPartFor, m365Cname } from './m365';

export const dkimM365SelectorMissing: Rule = {
  id: 'dkim/m365-selector-missing',
  severity: 'warning',
  types: ['CNAME'],
  docs: {
    summary: 'Only one of the Microsoft 365 selectors is published',
    details:
      'Microsoft 365 rotates DKIM keys between `selector1` and `selector2`: both CNAMEs must be published, or DKIM breaks at the next rotation.\n\n' +
      'Fix: add the other selector, pointing at the same tenant (the quick fix derives it from the one present).',
    bad: 'selector1._domainkey IN CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com.',
    good: 'selector1._domainkey IN CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com.\nselector2._domainkey IN CNAME selector2-example-com._domainkey.contoso.onmicrosoft.com.',
  },
  onRecord(rec, ctx) {
    const c = m365Cname(rec, ctx);
    if (!c) return;
    const other = 3 - c.n;
    const otherName = `selector${other}._domainkey.${c.domain}`;
    if (ctx.recordsAt(otherName).length > 0 || ctx.workspace.recordsAt(otherName).length > 0) return;
    const fixes: Fix[] = [];
    if (c.tenant) {
      const target = `selector${other}-${domainPartFor(c, ctx)}._domainkey.${c.tenant.suffix}`;
      let owner = rec.ownerTok?.text;
      owner = owner && /selector[12]/i.test(owner) ? owner.replace(/selector[12]/i, `selector${other}`) : otherName;
      const e = insertLineAfter(rec, `${owner} IN CNAME ${target}`);
      if (e) fixes.push({ title: `Add ${bare(otherName)} CNAME ${target}`, edits: [e], preferred: true });
    }
    ctx.report({
      start: rec.ownerTok?.start ?? c.tok.start,
      end: rec.ownerTok?.end ?? c.tok.end,
      message: `selector${c.n} is published for Microsoft 365 but selector${other} is not: DKIM breaks when Microsoft rotates to selector${other}. Add ${bare(otherName)} pointing at the same tenant.`,
      fixes,
    });
  },
};
