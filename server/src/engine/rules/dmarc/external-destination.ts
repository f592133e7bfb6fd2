import type { DnsRecord, Fix, SourceFile, TextEdit } from '../../model';
import { parentOf, recordAtOrAbove } from '../../policy/authority';
import type { LintContext, Rule } from '../../rule';
import { dmarcView, reportUris, startsDmarc, type ReportUri } from '../../policy/dmarc';
import { insertLineAfter } from '../../policy/edits';
import { bare, orgDomain } from '../../policy/names';
import { joinedText } from '../../taglist';
import type { LookupResult } from '../../resolver';

type Verdict = { status: 'authorized' } | { status: 'missing'; source: string } | { status: 'unknown'; why: string };

/**
 * Is `domain` allowed to send reports to `dest`? Workspace first (wildcard counts), then the
 * resolver: the verdict at once when that needs no I/O, else the name to look up (ctx.defer).
 * Reads only names (tracked by the editor's incremental lint), never ctx.zone or authorityFor.
 */
function authorization(domain: string, dest: string, ctx: LintContext): { verdict: Verdict } | { lookup: string } {
  const name = `${domain}_report._dmarc.${dest}`;
  const wild = `*._report._dmarc.${dest}`;
  const ws = ctx.workspace;
  const hasAuth = (recs: DnsRecord[]) => recs.some((r) => startsDmarc(joinedText(r)));
  if (hasAuth(ws.recordsAt(name, 'TXT')) || hasAuth(ws.recordsAt(wild, 'TXT'))) return { verdict: { status: 'authorized' } };
  // A zone of the workspace is authoritative for the name (it has a record there or above, or the
  // resolver answers from the workspace): missing.
  if (recordAtOrAbove(ctx, name)) return { verdict: { status: 'missing', source: 'the workspace' } };
  const res = ctx.resolver.lookupSync?.(name, 'TXT');
  if (res) return { verdict: verdictOf(res) };
  return { lookup: name };
}

/** The verdict a DNS answer for the authorization name gives. */
function verdictOf(res: LookupResult): Verdict {
  // A zone of the workspace is authoritative for the name (its answers come from there): missing.
  if (res.source === 'workspace') return { status: 'missing', source: 'the workspace' };
  if (res.status === 'ok') {
    if ((res.txt ?? []).some((t) => startsDmarc(t.join('')))) return { status: 'authorized' };
    return { status: 'missing', source: res.source === 'live' ? 'DNS' : 'the workspace' };
  }
  if (res.status === 'nxdomain' || res.status === 'nodata') return { status: 'missing', source: res.source === 'live' ? 'DNS' : 'the workspace' };
  const why =
    res.status === 'unresolved'
      ? 'its zone is not in the workspace and live DNS lookups are off (setting `mailzone.dns.lookups`: `live`, or the CLI without `--offline`)'
      : `the DNS lookup failed (${res.status}${res.message ? ': ' + res.message : ''})`;
  return { status: 'unknown', why };
}

export const dmarcExternalDestination: Rule = {
  id: 'dmarc/external-destination',
  severity: 'warning',
  live: true,
  docs: {
    summary: 'Reports sent to another domain without its authorization record',
    details:
      'When `rua`/`ruf` points to an address in another organizational domain, receivers first check that the destination agrees to get the reports: ' +
      'it must publish `<your-domain>._report._dmarc.<destination>` TXT `v=DMARC1` (RFC 9990 §4 / RFC 7489 §7.1; a `*._report._dmarc.<destination>` wildcard counts). ' +
      'Without it, receivers send no reports there.\n\n' +
      'Checked in the workspace first, then in live DNS when allowed; otherwise the finding says it could not check.\n\n' +
      'Fix: ask the destination (your DMARC report provider) to publish the record; when its zone is in the workspace, the quick fix adds it there, ' +
      'otherwise it inserts the record as a comment to copy.',
    bad: '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:reports@vendor.example"',
    good: 'example.com._report._dmarc.vendor.example. IN TXT "v=DMARC1"',
  },
  // Per _dmarc TXT record: the workspace's answers are read by name (cached by the editor's
  // incremental lint), answers that need live DNS finish through ctx.defer.
  types: ['TXT'],
  onRecord(rec, ctx) {
    if (!rec.owner.startsWith('_dmarc.')) return;
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    // Lookups asked once per lint and _dmarc name (rua and ruf often name the same destination;
    // the lookup name depends on the record's name, so other names never share one).
    let asked: Map<string, Promise<LookupResult>> | undefined;
    for (const key of ['rua', 'ruf']) {
      for (const tag of d.tl.all(key)) {
        for (const u of reportUris(d.tl, tag)) {
          if (u.problem || !u.domain) continue;
          if (orgDomain(u.domain) === orgDomain(d.domain)) continue;
          const a = authorization(d.domain, u.domain, ctx);
          if ('verdict' in a) {
            report(rec, d.domain, key, u, a.verdict, ctx);
            continue;
          }
          asked ??= ctx.memo('dmarc/external-destination:lookups', ctx.recordsAt(rec.owner)[0] ?? rec, () => new Map<string, Promise<LookupResult>>());
          let p = asked.get(a.lookup);
          if (!p) asked.set(a.lookup, (p = ctx.resolver.lookup(a.lookup, 'TXT')));
          ctx.defer(p, (res) => report(rec, d.domain, key, u, verdictOf(res), ctx));
        }
      }
    }
  },
};

/**
 * The zone file of the workspace authoritative for `name` (what authorityFor(name) finds), found by
 * the SOA at its origin through workspace.recordsAt. Only a workspace without such an SOA above the
 * name (a zone file without SOA) is asked directly, which the editor's incremental lint cannot track.
 */
function destinationZone(name: string, ctx: LintContext): { file: SourceFile; origin: string } | undefined {
  for (let a = name; a; a = parentOf(a)) {
    const recs = ctx.workspace.recordsAt(a);
    for (const r of recs) if (r.type === 'SOA' && r.format === 'zone') return { file: r.file, origin: a };
    if (recs.some((r) => r.format !== 'zone')) return undefined; // an octoDNS zone answers for the name
  }
  const z = ctx.workspace.authorityFor(name).find((x) => x.format === 'zone');
  return z && { file: z.file, origin: z.origin };
}

function report(rec: DnsRecord, domain: string, key: string, u: ReportUri, v: Verdict, ctx: LintContext): void {
  if (v.status === 'authorized') return;
  const dest = u.domain!;
  const authName = `${domain}_report._dmarc.${dest}`;
  const authRecord = `${authName} IN TXT "v=DMARC1"`;
  if (v.status === 'unknown') {
    ctx.report({
      start: u.span.start,
      end: u.span.end,
      severity: 'info',
      message: `Could not check whether ${bare(dest)} accepts ${key} reports for ${bare(domain)}: ${v.why}. It must publish ${bare(authName)} TXT "v=DMARC1", or receivers send no reports there.`,
    });
    return;
  }
  const fixes: Fix[] = [];
  const destZone = v.source === 'the workspace' ? destinationZone(authName, ctx) : undefined;
  if (destZone) {
    const f = destZone.file;
    const t = f.text;
    const edit: TextEdit = { file: f, start: t.length, end: t.length, newText: (t.length && !t.endsWith('\n') ? '\n' : '') + authRecord + '\n' };
    fixes.push({ title: `Add ${authName} TXT "v=DMARC1" to ${bare(destZone.origin)}'s zone`, edits: [edit], preferred: true });
  } else {
    const e = insertLineAfter(rec, `; ${bare(dest)} must publish: ${authRecord}`);
    if (e) fixes.push({ title: `Insert (as a comment to copy) the record ${bare(dest)} must publish`, edits: [e] });
  }
  ctx.report({
    start: u.span.start,
    end: u.span.end,
    message: `${bare(dest)} has not authorized ${key} reports for ${bare(domain)} (no ${bare(authName)} TXT "v=DMARC1" in ${v.source}), so receivers will not send them there. Ask ${bare(dest)} to publish ${bare(authName)} TXT "v=DMARC1".`,
    fixes,
  });
}
