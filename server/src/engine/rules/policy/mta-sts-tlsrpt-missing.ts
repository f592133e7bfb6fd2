import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { insertLineAfter, ownerTextNear, quoteTxt } from '../../policy/edits';
import { bare } from '../../policy/names';
import { policyDomain, policyTags } from './view';

export const mtaStsTlsrptMissing: Rule = {
  id: 'mta-sts/tlsrpt-missing',
  severity: 'info',
  types: ['TXT'],
  docs: {
    summary: 'MTA-STS without TLS-RPT',
    details:
      'With MTA-STS, a sender refuses to deliver when TLS fails. TLS reporting (RFC 8460, `_smtp._tls` TXT `v=TLSRPTv1; rua=…`) tells you when that happens — ' +
      'without it, a broken certificate silently stops your inbound mail.\n\nFix: add `_smtp._tls` TXT `v=TLSRPTv1; rua=mailto:tlsrpt@<domain>`.',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'mta-sts', ctx);
    if (!tl || tl.tags[0]?.value !== 'STSv1') return;
    const domain = policyDomain(rec.owner, 'mta-sts');
    const name = '_smtp._tls.' + domain;
    const isRpt = (t: string) => /^\s*v\s*=\s*TLSRPTv1/.test(t);
    const has = (rs: { strings?: { value: string }[] }[]) => rs.some((r) => isRpt((r.strings ?? []).map((s) => s.value).join('')));
    if (has(ctx.recordsAt(name, 'TXT')) || has(ctx.workspace.recordsAt(name, 'TXT'))) return;
    // _smtp._tls is often a CNAME to a reporting provider's record: ask as the zone's server answers
    // (CNAMEs followed, wildcards, delegations); a name the workspace cannot answer is not judged.
    const res = ctx.resolver.lookupSync?.(name, 'TXT');
    if (!res || res.source !== 'workspace' || res.txt?.some((strings) => isRpt(strings.join('')))) return;
    const cname = ctx.recordsAt(name, 'CNAME').length > 0 || ctx.workspace.recordsAt(name, 'CNAME').length > 0;
    const fixes: Fix[] = [];
    // A TXT beside a CNAME would break the zone (RFC 1034 §3.6.2): no fix then, the CNAME's target is to fix.
    const e = cname ? undefined : insertLineAfter(rec, `${ownerTextNear(rec, ctx.zone, name)} IN TXT ${quoteTxt(`v=TLSRPTv1; rua=mailto:tlsrpt@${bare(domain)}`)}`);
    // Not preferred: the report address is a placeholder to edit, and fix-all must not write it.
    if (e) fixes.push({ title: `Add ${bare(name)} TLS-RPT record (edit the address)`, edits: [e] });
    ctx.report({
      start: rec.ownerTok?.start ?? tl.span.start,
      end: rec.ownerTok?.end ?? tl.span.end,
      message: `MTA-STS is published without TLS reporting (${bare(name)}): when TLS to your MX fails, senders stop delivering and nobody tells you. Add a TLS-RPT record.`,
      fixes,
    });
  },
};
