import type { DnsRecord } from '../../model';
import { ipTarget } from './mx-target-ip';
import type { LintContext, Rule } from '../../rule';
import { bare } from '../../policy/names';

/**
 * How the workspace answers A and AAAA for an MX host, as the zone's servers would (CNAME chains,
 * wildcards, delegations: see workspaceAnswer): 'ok' with an address, 'nxdomain' / 'nodata' when
 * the zone says there is none, undefined when the workspace cannot tell (outside it, delegated).
 */
function addressOf(ctx: LintContext, host: string): 'ok' | 'nxdomain' | 'nodata' | undefined {
  const a = ctx.resolver.lookupSync?.(host, 'A');
  const aaaa = ctx.resolver.lookupSync?.(host, 'AAAA');
  if (!a || !aaaa || a.source !== 'workspace' || aaaa.source !== 'workspace') return undefined;
  if (a.status === 'ok' || aaaa.status === 'ok') return 'ok';
  if (a.status === 'nxdomain' && aaaa.status === 'nxdomain') return 'nxdomain';
  if ((a.status === 'nodata' || a.status === 'nxdomain') && (aaaa.status === 'nodata' || aaaa.status === 'nxdomain')) return 'nodata';
  return undefined;
}

/** addressOf, once per lint for a host of this zone (kept with its first record). */
function hostAnswer(ctx: LintContext, host: string): 'ok' | 'nxdomain' | 'nodata' | undefined {
  const here = ctx.recordsAt(host);
  return here.length ? ctx.memo('mx/target-no-address:host', here[0], () => addressOf(ctx, host)) : addressOf(ctx, host);
}

function isNull(r: DnsRecord): boolean {
  return r.target === '.' || r.target === '';
}

export const mxTargetNoAddress: Rule = {
  id: 'mx/target-no-address',
  severity: 'warning',
  types: ['MX'],
  docs: {
    summary: 'An MX host of the workspace with no address record',
    details:
      'RFC 5321 §5.1: a sender looks up the A and AAAA records of each MX host and skips a host that has none; when no MX host of a domain has an address, mail to it cannot be delivered. ' +
      'The check asks the workspace as its servers would answer (following CNAMEs and wildcards), and only for hosts in a zone of the workspace: a host delegated elsewhere or outside the workspace is not judged. ' +
      'A warning when another MX of the name has an address (senders use that one), an error when none has.\n\n' +
      'Fix: add an A (and AAAA) record for the host, or point the MX at a host that has one.',
    bad: '@ IN MX 10 mail\n; no record for mail',
    good: '@ IN MX 10 mail\nmail IN A 192.0.2.25',
  },
  onRecord(rec, ctx) {
    const t = rec.target;
    // An address written as the target is mx/target-ip's: "add an A record for 192.0.2.1.example.com" is no fix.
    if (!t || isNull(rec) || ipTarget(rec)) return;
    const answer = hostAnswer(ctx, t);
    if (answer !== 'nxdomain' && answer !== 'nodata') return;
    const others = ctx.recordsAt(rec.owner, 'MX').filter((r) => r !== rec && !isNull(r) && r.target !== t);
    const reachable = others.some((r) => hostAnswer(ctx, r.target!) === 'ok');
    const tok = rec.targetTok ?? rec.fields[1] ?? rec.typeTok;
    const what = answer === 'nxdomain' ? 'does not exist in the zone' : 'has no A or AAAA record in the zone';
    ctx.report({
      start: tok.start,
      end: tok.end,
      severity: reachable ? 'warning' : 'error',
      message: reachable
        ? `The MX host ${bare(t)} ${what}: senders skip it and use the other MX hosts of ${bare(rec.owner)} (RFC 5321 §5.1). Add an A/AAAA record for ${bare(t)} or remove this MX.`
        : `The MX host ${bare(t)} ${what}, and no other MX host of ${bare(rec.owner)} has an address: senders cannot deliver mail to it (RFC 5321 §5.1). Add an A/AAAA record for ${bare(t)} or point the MX at a host that has one.`,
    });
  },
};
