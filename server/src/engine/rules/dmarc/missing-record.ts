import type { DnsRecord, Fix } from '../../model';
import type { LintContext, Rule } from '../../rule';
import { inWorkspace, knownNames, soaOriginAbove } from '../../policy/authority';
import { startsDmarc } from '../../policy/dmarc';
import { insertLineAfter, quoteTxt } from '../../policy/edits';
import { bare, isNullMx, isSpfText, orgDomain, relativeName } from '../../policy/names';
import { SPF_TARGETS } from '../../spf/targets';
import { spfReferrers } from '../spf/util';
import { joinedText } from '../../taglist';
import { isUnder } from '../../workspace';

export const dmarcMissingRecord: Rule = {
  id: 'dmarc/missing-record',
  severity: 'warning',
  docs: {
    summary: 'A mail domain without a DMARC record',
    details:
      'A name that receives mail (MX) or sends it (an SPF record other than `v=spf1 -all`) needs a DMARC policy, or receivers have no instruction for mail that ' +
      'spoofs it and you get no reports. A subdomain is covered by a `_dmarc` record of an ancestor up to its organizational domain (RFC 9989 §4.10), ' +
      'so this rule looks for one in the zone and in the other zones of the workspace.\n\n' +
      'A name without MX that SPF records of any zone of the workspace name in `include:` or `redirect=` is a policy fragment (such as a provider\'s `spf.provider.example`, which its customers include), not a domain that sends mail with its own From:, and is not checked.\n\n' +
      'Fix: add `_dmarc.<name>` TXT — start with `v=DMARC1; p=none; rua=mailto:…` to monitor, or publish `p=reject` directly when no mail is sent.',
    bad: '@ IN MX 10 mail\n@ IN TXT "v=spf1 mx -all"',
    good: '@ IN MX 10 mail\n@ IN TXT "v=spf1 mx -all"\n_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"',
  },
  // Per MX / SPF record, reported on the first of them at a name. It reads only names (the
  // records at its own name, the _dmarc names, this zone's SPF target index) and the other zones'
  // SPF target indexes (workspace.indexedElsewhere, which the editor's dependency key covers), so
  // the editor's incremental lint caches it and checks a record again only when one of those changes.
  types: ['MX', 'TXT'],
  onRecord(rec, ctx) {
    if (!handlesMail(rec)) return;
    const name = rec.owner;
    if (name.startsWith('*.')) return; // wildcards: covered by the parent's sp/np, `_dmarc.*` means nothing
    if (name.split('.').some((l) => l.startsWith('_'))) return; // _spf., _domainkey. … never send as From
    // One finding per name: on its first record that receives or sends mail.
    const recs = ctx.recordsAt(name);
    if (recs.length > 16) {
      if (ctx.memo('dmarc/missing-record:first', recs[0], () => recs.find(handlesMail)) !== rec) return;
    } else
      for (const r of recs) {
        if (r === rec) break;
        if (handlesMail(r)) return;
      }
    // Names only used as SPF include/redirect targets (a policy fragment such as a provider's
    // `spf.provider.example`, not a domain that sends with its own From:): by an SPF record of
    // this zone here, of any other zone of the workspace below (that scans every zone, so last).
    const receives = recs.some((r) => r.type === 'MX');
    if (!receives && ctx.indexed(SPF_TARGETS, name).length > 0) return;
    if (has(ctx, '_dmarc.' + name)) return;
    // Ancestors up to the organizational domain.
    const org = orgDomain(name);
    const known = knownNames(ctx, name);
    let covered = false;
    let unknown: string | undefined;
    let n = name;
    while (n !== org && isUnder(n, org)) {
      n = n.slice(n.indexOf('.') + 1);
      const auth = '_dmarc.' + n;
      if (!known(auth)) {
        unknown = n;
        continue;
      }
      if (has(ctx, auth)) {
        covered = true;
        break;
      }
    }
    if (covered) return;
    if (!receives && spfReferrers(rec, ctx).length > 0) return;
    const dmarcName = '_dmarc.' + name;
    const addr = `mailto:dmarc-reports@${bare(name)}`;
    const last = lastRecordOf(recs, rec);
    const fixes: Fix[] = [];
    if (last.format === 'zone') {
      const owner = ownerTextNear(last, dmarcName, ctx);
      const monitor = insertLineAfter(last, `${owner} IN TXT ${quoteTxt(`v=DMARC1; p=none; rua=${addr}`)}`);
      const enforce = insertLineAfter(last, `${owner} IN TXT ${quoteTxt(`v=DMARC1; p=reject; rua=${addr}`)}`);
      // Not preferred: the report address is a placeholder to edit, and fix-all must not write it.
      if (monitor) fixes.push({ title: `Add ${bare(dmarcName)} to monitor (p=none, reports to ${addr.slice(7)} — edit it)`, edits: [monitor] });
      if (enforce) fixes.push({ title: `Add ${bare(dmarcName)} enforcing (p=reject)`, edits: [enforce] });
    }
    const tok = rec.ownerTok ?? rec.typeTok;
    const why = rec.type === 'MX' ? 'receives mail (MX)' : 'sends mail (SPF)';
    ctx.report({
      start: tok.start,
      end: tok.end,
      severity: unknown ? 'info' : undefined,
      message: unknown
        ? `${bare(name)} ${why} but has no DMARC record (${bare(dmarcName)})${unknown === org ? '' : ' and no parent below ' + bare(org) + ' in the workspace has one'}; ` +
          `${bare(unknown)} is not in the workspace, so whether ${unknown === org ? 'it' : 'a parent from ' + bare(unknown) + ' up'} publishes a _dmarc record that covers ${bare(name)} (its sp=, RFC 9989 §4.10) could not be checked. ` +
          `If none does, receivers get no policy for mail that spoofs ${bare(name)}. Lint ${bare(unknown)}'s zone together with this one, or add a _dmarc TXT record here (no weaker than the parent's policy).`
        : `${bare(name)} ${why} but has no DMARC record (${bare(dmarcName)}) and none is inherited from a parent domain: ` +
          'receivers get no policy for mail that spoofs it. Add a _dmarc TXT record (p=none with rua to start monitoring).',
      fixes,
    });
  },
};

/** A record saying its name handles mail: a non-null MX, or an SPF record other than `v=spf1 -all`. */
function handlesMail(rec: DnsRecord): boolean {
  if (rec.type === 'MX') return !isNullMx(rec);
  if (rec.type !== 'TXT') return false;
  const t = joinedText(rec);
  return isSpfText(t) && !/^v=spf1\s+-all\s*$/i.test(t);
}

/**
 * How to write `name` in a new line placed after `rec` (policy/edits ownerTextNear, with the
 * zone's origin taken from its SOA rather than from ctx.zone, which a per-record rule must not read).
 */
function ownerTextNear(rec: DnsRecord, name: string, ctx: LintContext): string {
  const tok = rec.ownerTok;
  if (!tok) return name;
  const text = tok.text.toLowerCase();
  let origin: string | undefined;
  if (text === '@') origin = rec.owner;
  else if (text.endsWith('.')) return name;
  else if (rec.owner.startsWith(text + '.')) origin = rec.owner.slice(text.length + 1);
  else origin = soaOriginAbove(ctx, rec.owner); // a $GENERATE template: the zone's origin
  return origin ? relativeName(name, origin) : name;
}

function has(ctx: LintContext, name: string): boolean {
  const recs = ctx.recordsAt(name, 'TXT');
  if (recs.some((r) => startsDmarc(joinedText(r)))) return true;
  if (ctx.workspace.recordsAt(name, 'TXT').some((r) => startsDmarc(joinedText(r)))) return true;
  // Hosted DMARC: `_dmarc` is a CNAME to the provider's record. Checked where it points when
  // that is in the workspace; elsewhere it cannot be read here, so it counts as published.
  const cname = ctx.recordsAt(name, 'CNAME')[0] ?? ctx.workspace.recordsAt(name, 'CNAME')[0];
  const target = cname?.target;
  if (!target) return false;
  if (!inWorkspace(ctx, target)) return true;
  return ctx.workspace.recordsAt(target, 'TXT').some((r) => startsDmarc(joinedText(r)));
}

/** The owner's last record in the same file (a new line goes after it, so blank-owner lines keep their owner). */
function lastRecordOf(records: readonly DnsRecord[], fallback: DnsRecord): DnsRecord {
  let last = fallback;
  for (const r of records) if (r.file === fallback.file && r.end > last.end) last = r;
  return last;
}
