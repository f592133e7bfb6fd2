import type { DnsRecord, Fix, TextEdit } from '../../model';
import type { LintContext, Rule } from '../../rule';
import { dmarcView, reportUris, startsDmarc, type ReportUri } from '../../policy/dmarc';
import { insertLineAfter } from '../../policy/edits';
import { bare, orgDomain } from '../../policy/names';
import { joinedText } from '../../taglist';

type Verdict = { status: 'authorized' } | { status: 'missing'; source: string } | { status: 'unknown'; why: string };

/** Is `domain` allowed to send reports to `dest`? Workspace first (wildcard counts), then the resolver. */
async function authorization(domain: string, dest: string, ctx: LintContext): Promise<Verdict> {
  const name = `${domain}_report._dmarc.${dest}`;
  const wild = `*._report._dmarc.${dest}`;
  const ws = ctx.workspace;
  const hasAuth = (recs: DnsRecord[]) => recs.some((r) => startsDmarc(joinedText(r)));
  if (hasAuth(ws.recordsAt(name, 'TXT')) || hasAuth(ws.recordsAt(wild, 'TXT'))) return { status: 'authorized' };
  if (ws.authorityFor(name).length > 0) return { status: 'missing', source: 'the workspace' };
  const res = await ctx.resolver.lookup(name, 'TXT');
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
  async onZone(zone, ctx) {
    const cache = new Map<string, Promise<Verdict>>();
    const jobs: Promise<void>[] = [];
    for (const rec of zone.records) {
      if (rec.type !== 'TXT' || !rec.owner.startsWith('_dmarc.')) continue;
      const d = dmarcView(rec, ctx);
      if (!d || !d.looksDmarc) continue;
      for (const key of ['rua', 'ruf']) {
        for (const tag of d.tl.all(key)) {
          for (const u of reportUris(d.tl, tag)) {
            if (u.problem || !u.domain) continue;
            if (orgDomain(u.domain) === orgDomain(d.domain)) continue;
            const k = d.domain + ' ' + u.domain;
            let p = cache.get(k);
            if (!p) cache.set(k, (p = authorization(d.domain, u.domain, ctx)));
            jobs.push(p.then((v) => report(rec, d.domain, key, u, v, ctx)));
          }
        }
      }
    }
    await Promise.all(jobs);
  },
};

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
  const destZones = ctx.workspace.authorityFor(authName);
  const destZone = destZones.find((z) => z.format === 'zone');
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
