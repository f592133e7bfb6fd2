import type { DnsRecord } from '../../model';
import type { Rule } from '../../rule';
import { dmarcView, effectivePolicy, startsDmarc } from '../../policy/dmarc';
import { bare, orgDomain } from '../../policy/names';
import { joinedText } from '../../taglist';
import { isUnder } from '../../workspace';
import { exactTag, policyDomain, policyTags } from './view';

export const bimiDmarcNotEnforced: Rule = {
  id: 'bimi/dmarc-not-enforced',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: 'BIMI while DMARC is not enforced',
    details:
      'Receivers show a BIMI logo only when DMARC is enforced (draft-brand-indicators-for-message-identification §7.1): the policy for the domain is `p=quarantine` or `p=reject`, ' +
      'neither the domain\'s record nor its organizational domain\'s record says `p=none` or `sp=none`, and a `p=quarantine` record has no `pct` below 100 (`p=reject` with any `pct` is enough). ' +
      'Otherwise the BIMI record does nothing. A record in test mode (`t=y`, RFC 9989) is reported too: receivers apply one policy level lower.\n\n' +
      'Fix: move DMARC to `p=quarantine` or `p=reject`, without `sp=none`, and remove `pct`.',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'bimi', ctx);
    if (!tl || tl.tags[0]?.name !== 'v' || tl.tags[0].value !== 'BIMI1' || !exactTag(tl, 'l')?.value) return;
    const domain = policyDomain(rec.owner, 'bimi');
    const find = (name: string): DnsRecord | undefined => {
      const pick = (rs: DnsRecord[]) => rs.find((r) => startsDmarc(joinedText(r)));
      return pick(ctx.recordsAt(name, 'TXT')) ?? pick(ctx.workspace.recordsAt(name, 'TXT'));
    };
    const org = orgDomain(domain);
    const own = find('_dmarc.' + domain);
    const orgRec = org !== domain ? find('_dmarc.' + org) : undefined;
    let why: string | undefined;
    let fix = 'Move DMARC to p=quarantine or p=reject.';
    let related: DnsRecord | undefined;
    if (!own && !orgRec) {
      if (ctx.workspace.authorityFor('_dmarc.' + domain).length === 0 && !isUnder('_dmarc.' + domain, ctx.zone.origin)) return; // cannot tell
      why = `${bare(domain)} has no DMARC record`;
      fix = `Publish one at _dmarc.${bare(org)} with p=quarantine or p=reject.`;
    } else {
      const read = (d: DnsRecord | undefined) => {
        const v = d && dmarcView(d, ctx);
        return v ? { rec: d!, tl: v.tl, e: effectivePolicy(v.tl) } : undefined;
      };
      const o = read(own);
      const g = read(orgRec);
      const name = (r: { rec: DnsRecord }) => bare(r.rec.owner.slice('_dmarc.'.length));
      // §7.1 step 7: the policy for this domain (its own p, else the organizational domain's sp),
      // and the organizational domain's own p, must not be none.
      const applicable = o ?? g;
      const p = o ? o.e.p : g?.e.sp;
      const reasons: [string, DnsRecord, string][] = [];
      if (applicable && (!p || p === 'none'))
        reasons.push([
          o ? `the DMARC policy of ${name(o)} is ${p ? 'none' : 'missing'}` : `the DMARC policy for subdomains of ${name(g!)} (sp) is ${p ? 'none' : 'missing'}`,
          applicable.rec,
          o ? `Set p=quarantine or p=reject in the DMARC record of ${name(o)}.` : `Set p=quarantine or p=reject in the DMARC record of ${name(g!)}, without sp=none.`,
        ]);
      if (g && (!g.e.p || g.e.p === 'none'))
        reasons.push([`the DMARC policy of the organizational domain ${name(g)} is ${g.e.p ? 'none' : 'missing'}`, g.rec, `Set p=quarantine or p=reject in the DMARC record of ${name(g)}.`]);
      // Step 8: a subdomain policy, where written, must not be none.
      for (const r of [o, g])
        if (r && r.tl.get('sp')?.value.trim().toLowerCase() === 'none')
          reasons.push([`the DMARC record of ${name(r)} says sp=none`, r.rec, `Remove sp=none from the DMARC record of ${name(r)} (or raise it to quarantine or reject).`]);
      // Step 9: p=quarantine needs pct=100 when pct is written (p=reject takes any pct).
      for (const r of [o, g]) {
        const pol = r === applicable ? p : r?.e.p;
        if (r && pol === 'quarantine' && r.e.pct !== undefined && r.e.pct < 100)
          reasons.push([
            `the DMARC record of ${name(r)} quarantines only ${r.e.pct}% of failing mail (pct=${r.e.pct})`,
            r.rec,
            `Remove pct=${r.e.pct} from the DMARC record of ${name(r)} (or move it to p=reject).`,
          ]);
      }
      if (applicable?.e.testing)
        reasons.push([`the DMARC record of ${name(applicable)} is in test mode (t=y), so receivers apply one policy level lower`, applicable.rec, `Remove t=y from the DMARC record of ${name(applicable)}.`]);
      if (reasons.length) [why, related, fix] = reasons[0];
    }
    if (!why) return;
    ctx.report({
      start: tl.span.start,
      end: tl.span.end,
      message: `This BIMI record has no effect: ${why}, and receivers show a logo only under an enforced DMARC policy (quarantine or reject, draft §7.1). ${fix}`,
      related: related ? [{ file: related.file, start: related.start, end: related.end, message: 'the DMARC record' }] : undefined,
    });
  },
};
