import type { DnsRecord } from '../../model';
import type { Rule } from '../../rule';
import { atSelector, notDkim, selectorTxt } from '../../policy/dkim';
import { dkimParts, isSpfRecord } from '../../policy/names';
import { tagList } from '../../taglist';

export const dkimMultipleRecords: Rule = {
  id: 'dkim/multiple-records',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'More than one TXT record at a DKIM selector',
    details:
      'RFC 6376 §3.6.2.2: the TXT record of a selector must be unique; with several records at the name the result is undefined. ' +
      'Verifiers such as OpenDKIM fail every signature of the selector ("multiple DNS replies"); others pick one record (§6.1.2: the order is unspecified), and fail when it is not the key they need. ' +
      'This holds for any TXT record there, not only key records: unlike DMARC receivers, which discard TXT records that do not start with `v=DMARC1`, a DKIM verifier does not skip a site-verification token or an SPF record published at the selector. ' +
      'Such a record beside the key is reported on itself (the key record is fine); two key records are each reported. ' +
      '(The same record written twice is one record: the server keeps one copy, RFC 2181 §5 — `zone/duplicate-record` reports the repeat.)\n\n' +
      'Fix: keep the one key record and delete the others; publish a new key under a new selector, and a verification token where the service that asked for it says (usually the domain itself).',
    bad: 'sel._domainkey IN TXT "v=DKIM1; p=MIIB…"\nsel._domainkey IN TXT "google-site-verification=…"',
    good: 'sel._domainkey IN TXT "v=DKIM1; p=MIIB…"\n@ IN TXT "google-site-verification=…"',
  },
  onRecord(rec, ctx) {
    if (!atSelector(rec)) return;
    const at = selectorTxt(rec.owner, ctx);
    // Without a key record the selector has no key: dkim/missing-key says so on each record.
    if (at.all.length < 2 || at.keys.length === 0) return;
    const selector = dkimParts(rec.owner)!.selector;
    const span = tagList(rec, ctx).span;
    if (notDkim(rec, ctx)) {
      const spf = isSpfRecord(rec);
      const what = spf ? 'it is an SPF record' : 'no v=DKIM1 and no DKIM tag: a site-verification token or another service\'s record';
      const fix = spf
        ? 'Delete it here: SPF is read at the domain that sends the mail (RFC 7208 §4), never at a _domainkey name.'
        : 'Publish it where the service that asked for it says (usually the domain itself) and delete it here.';
      ctx.report({
        start: span.start,
        end: span.end,
        message:
          `This TXT record at selector "${selector}" is not a DKIM key record (${what}), but verifiers get it together with the key record: ` +
          `RFC 6376 §3.6.2.2 leaves the result undefined, OpenDKIM fails every signature of the selector ("multiple DNS replies"), and a verifier that picks this record finds no key (§6.1.2), so signatures fail at some receivers or all of them. ` +
          fix,
        related: at.keys.slice(0, 5).map((o) => ({ file: o.file, start: o.start, end: o.end, message: `the key record (line ${o.line})` })),
      });
      return;
    }
    // A key record beside records that are not keys: those are reported, each on itself.
    if (at.keys.length < 2) return;
    const others: DnsRecord[] = [];
    for (const r of at.all) {
      if (r !== rec) others.push(r);
      if (others.length >= 5) break;
    }
    ctx.report({
      start: span.start,
      end: span.end,
      message: `Selector "${selector}" has ${at.keys.length} key records${at.others.length ? ` (and ${at.others.length} other TXT record${at.others.length > 1 ? 's' : ''})` : ''}: a selector must have exactly one TXT record (RFC 6376 §3.6.2.2), and verifiers such as OpenDKIM fail every signature with it ("multiple DNS replies") while others pick one at random. Keep one key record and delete the others (a new key goes under a new selector).`,
      related: others.map((o) => ({ file: o.file, start: o.start, end: o.end, message: `other TXT record (line ${o.line})` })),
    });
  },
};
