import type { DnsRecord } from '../../model';
import type { Rule } from '../../rule';
import { dkimView } from '../../policy/dkim';
import { distinctTxt } from '../../policy/names';

export const dkimMultipleRecords: Rule = {
  id: 'dkim/multiple-records',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'More than one TXT record at a DKIM selector',
    details:
      'RFC 6376 §3.6.2.2: the TXT record of a selector must be unique; with several records at the name the result is undefined. ' +
      'Verifiers such as OpenDKIM fail every signature of the selector ("multiple DNS replies"), others pick one at random. ' +
      '(The same record written twice is one record: the server keeps one copy, RFC 2181 §5 — `zone/duplicate-record` reports the repeat.)\n\n' +
      'Fix: keep the one key record and delete the others; publish a new key under a new selector.',
    bad: 'sel._domainkey IN TXT "v=DKIM1; p=MIIB…old"\nsel._domainkey IN TXT "v=DKIM1; p=MIIB…new"',
    good: 'sel._domainkey IN TXT "v=DKIM1; p=MIIB…old"\nsel2._domainkey IN TXT "v=DKIM1; p=MIIB…new"',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    if (!d) return;
    const here = ctx.recordsAt(rec.owner);
    if (here.length < 2) return;
    // Every TXT at the name counts (a verifier gets them all), collected once per name and lint.
    const all = ctx.memo('dkim-txt-at-name', here[0], () => distinctTxt(here.filter((r) => r.type === 'TXT')));
    if (all.length < 2) return;
    const others: DnsRecord[] = [];
    for (const r of all) {
      if (r !== rec) others.push(r);
      if (others.length >= 5) break;
    }
    ctx.report({
      start: d.tl.span.start,
      end: d.tl.span.end,
      message: `Selector "${d.selector}" has ${all.length} TXT records: a selector must have exactly one (RFC 6376 §3.6.2.2), and verifiers such as OpenDKIM fail every signature with it ("multiple DNS replies") while others pick one at random. Keep one key record and delete the others (a new key goes under a new selector).`,
      related: others.map((o) => ({ file: o.file, start: o.start, end: o.end, message: `other TXT record (line ${o.line})` })),
    });
  },
};
