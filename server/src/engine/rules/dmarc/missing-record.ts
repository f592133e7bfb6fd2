import type { DnsRecord, Fix } from '../../model';
import type { Rule } from '../../rule';
import { startsDmarc } from '../../policy/dmarc';
import { insertLineAfter, ownerTextNear, quoteTxt } from '../../policy/edits';
import { bare, isNullMx, isSpfText, orgDomain } from '../../policy/names';
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
      'Fix: add `_dmarc.<name>` TXT — start with `v=DMARC1; p=none; rua=mailto:…` to monitor, or publish `p=reject` directly when no mail is sent.',
    bad: '@ IN MX 10 mail\n@ IN TXT "v=spf1 mx -all"',
    good: '@ IN MX 10 mail\n@ IN TXT "v=spf1 mx -all"\n_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"',
  },
  onZone(zone, ctx) {
    // Names that handle mail, and names only used as SPF include/redirect targets.
    const mail = new Map<string, DnsRecord>();
    const spfTargets = new Set<string>();
    for (const rec of zone.records) {
      if (rec.type === 'MX') {
        if (!isNullMx(rec) && !mail.has(rec.owner)) mail.set(rec.owner, rec);
      } else if (rec.type === 'TXT') {
        const t = joinedText(rec);
        if (!isSpfText(t)) continue;
        for (const m of t.matchAll(/(?:include:|redirect=)([^\s]+)/gi)) spfTargets.add(m[1].toLowerCase().replace(/\.?$/, '.'));
        if (/^v=spf1\s+-all\s*$/i.test(t)) continue;
        if (!mail.has(rec.owner)) mail.set(rec.owner, rec);
      }
    }
    for (const [name, rec] of mail) {
      if (name.startsWith('*.')) continue; // wildcards: covered by the parent's sp/np, `_dmarc.*` means nothing
      if (name.split('.').some((l) => l.startsWith('_'))) continue; // _spf., _domainkey. … never send as From
      if (spfTargets.has(name) && ctx.recordsAt(name, 'MX').length === 0) continue;
      if (has(ctx, '_dmarc.' + name)) continue;
      // Ancestors up to the organizational domain.
      const org = orgDomain(name);
      let covered = false;
      let unknown: string | undefined;
      let n = name;
      while (n !== org && isUnder(n, org)) {
        n = n.slice(n.indexOf('.') + 1);
        const auth = '_dmarc.' + n;
        if (ctx.workspace.authorityFor(auth).length === 0 && !isUnder(auth, zone.origin)) {
          unknown = n;
          continue;
        }
        if (has(ctx, auth)) {
          covered = true;
          break;
        }
      }
      if (covered) continue;
      const dmarcName = '_dmarc.' + name;
      const addr = `mailto:dmarc-reports@${bare(name)}`;
      const last = lastRecordOf(ctx.recordsAt(name), rec);
      const owner = ownerTextNear(last, zone, dmarcName);
      const fixes: Fix[] = [];
      const monitor = insertLineAfter(last, `${owner} IN TXT ${quoteTxt(`v=DMARC1; p=none; rua=${addr}`)}`);
      const enforce = insertLineAfter(last, `${owner} IN TXT ${quoteTxt(`v=DMARC1; p=reject; rua=${addr}`)}`);
      if (monitor) fixes.push({ title: `Add ${bare(dmarcName)} to monitor (p=none, reports to ${addr.slice(7)} — edit it)`, edits: [monitor], preferred: true });
      if (enforce) fixes.push({ title: `Add ${bare(dmarcName)} enforcing (p=reject)`, edits: [enforce] });
      const tok = rec.ownerTok ?? rec.typeTok;
      const why = rec.type === 'MX' ? 'receives mail (MX)' : 'sends mail (SPF)';
      ctx.report({
        start: tok.start,
        end: tok.end,
        severity: unknown ? 'info' : undefined,
        message:
          `${bare(name)} ${why} but has no DMARC record (${bare(dmarcName)})${unknown ? `, and ${bare(unknown)} is not in the workspace, so an inherited one could not be checked` : ' and none is inherited from a parent domain'}: ` +
          'receivers get no policy for mail that spoofs it. Add a _dmarc TXT record (p=none with rua to start monitoring).',
        fixes,
      });
    }
  },
};

function has(ctx: Parameters<NonNullable<Rule['onZone']>>[1], name: string): boolean {
  const recs = ctx.recordsAt(name, 'TXT');
  if (recs.some((r) => startsDmarc(joinedText(r)))) return true;
  return ctx.workspace.recordsAt(name, 'TXT').some((r) => startsDmarc(joinedText(r)));
}

/** The owner's last record in the same file (a new line goes after it, so blank-owner lines keep their owner). */
function lastRecordOf(records: readonly DnsRecord[], fallback: DnsRecord): DnsRecord {
  let last = fallback;
  for (const r of records) if (r.file === fallback.file && r.end > last.end) last = r;
  return last;
}
