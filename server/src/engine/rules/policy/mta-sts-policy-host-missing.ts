import type { Rule } from '../../rule';
import { bare } from '../../policy/names';
import { policyDomain, policyTags } from './view';

export const mtaStsPolicyHostMissing: Rule = {
  id: 'mta-sts/policy-host-missing',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: '`_mta-sts` published but no `mta-sts.<domain>` host',
    details:
      'RFC 8461 §3.3: senders fetch the policy from `https://mta-sts.<domain>/.well-known/mta-sts.txt`. Without an address (A/AAAA or CNAME) for `mta-sts.<domain>`, ' +
      'the fetch fails and MTA-STS is not applied.\n\nFix: add `mta-sts.<domain>` pointing at the web server (or the hosting provider) that serves the policy file.',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'mta-sts', ctx);
    if (!tl || tl.tags[0]?.value !== 'STSv1') return;
    const host = 'mta-sts.' + policyDomain(rec.owner, 'mta-sts');
    const ok = (rs: { type: string }[]) => rs.some((r) => r.type === 'A' || r.type === 'AAAA' || r.type === 'CNAME');
    if (ok(ctx.recordsAt(host)) || ok(ctx.workspace.recordsAt(host))) return;
    // No record at the name itself: as the zone's server answers (a wildcard, a delegation).
    // Reported only when the workspace's zones answer that there is no address.
    for (const type of ['A', 'AAAA'] as const) {
      const res = ctx.resolver.lookupSync?.(host, type);
      if (!res || res.source !== 'workspace' || res.status === 'ok') return;
    }
    ctx.report({
      start: rec.ownerTok?.start ?? tl.span.start,
      end: rec.ownerTok?.end ?? tl.span.end,
      message: `MTA-STS is announced but ${bare(host)} has no A, AAAA or CNAME record in the zone: senders cannot fetch the policy file, so MTA-STS is not applied. Add ${bare(host)} pointing at the server of the policy file.`,
    });
  },
};
