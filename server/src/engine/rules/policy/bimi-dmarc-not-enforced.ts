import type { DnsRecord } from '../../model';
import type { Rule } from '../../rule';
import { dmarcView, effectivePolicy, startsDmarc } from '../../policy/dmarc';
import { bare, orgDomain } from '../../policy/names';
import { joinedText } from '../../taglist';
import { isUnder } from '../../workspace';
import { policyDomain, policyTags } from './view';

export const bimiDmarcNotEnforced: Rule = {
  id: 'bimi/dmarc-not-enforced',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: 'BIMI while DMARC is not enforced',
    details:
      'Mail clients show a BIMI logo only when the domain enforces DMARC: `p=quarantine` or `p=reject` on the domain (and `sp` for subdomains), without `pct` below 100. ' +
      'With `p=none` the BIMI record does nothing.\n\nFix: move DMARC to `p=quarantine` or `p=reject` and remove `pct`.',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'bimi', ctx);
    if (!tl || tl.tags[0]?.value !== 'BIMI1' || !tl.get('l')?.value) return;
    const domain = policyDomain(rec.owner, 'bimi');
    const find = (name: string): DnsRecord | undefined => {
      const pick = (rs: DnsRecord[]) => rs.find((r) => startsDmarc(joinedText(r)));
      return pick(ctx.recordsAt(name, 'TXT')) ?? pick(ctx.workspace.recordsAt(name, 'TXT'));
    };
    let d = find('_dmarc.' + domain);
    let sub = false;
    const org = orgDomain(domain);
    if (!d && org !== domain) {
      d = find('_dmarc.' + org);
      sub = true;
    }
    let why: string | undefined;
    const related: DnsRecord | undefined = d;
    if (!d) {
      if (ctx.workspace.authorityFor('_dmarc.' + domain).length === 0 && !isUnder('_dmarc.' + domain, ctx.zone.origin)) return; // cannot tell
      why = `${bare(domain)} has no DMARC record`;
    } else {
      const v = dmarcView(d, ctx);
      if (!v) return;
      const e = effectivePolicy(v.tl);
      const p = sub ? e.sp : e.p;
      if (!p || p === 'none') why = `the DMARC policy${sub ? ' for subdomains' : ''} is ${p ? 'none' : 'missing'}`;
      else if (e.pct !== undefined && e.pct < 100) why = `DMARC applies to only ${e.pct}% of mail (pct=${e.pct})`;
      else if (e.testing) why = 'DMARC is in test mode (t=y)';
    }
    if (!why) return;
    ctx.report({
      start: tl.span.start,
      end: tl.span.end,
      message: `This BIMI record has no effect: ${why}, and mail clients show a logo only under an enforced DMARC policy (quarantine or reject). Harden DMARC first.`,
      related: related ? [{ file: related.file, start: related.start, end: related.end, message: 'the DMARC record' }] : undefined,
    });
  },
};
