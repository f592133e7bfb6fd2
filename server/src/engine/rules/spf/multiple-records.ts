// spf/multiple-records: more than one `v=spf1` TXT record at one name (permerror for everyone).
import type { DnsRecord } from '../../model';
import type { Rule } from '../../rule';
import { distinctTxt } from '../../policy/names';
import { activeSpf, shortName } from './util';

export const spfMultipleRecords: Rule = {
  id: 'spf/multiple-records',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'More than one SPF record at a name',
    details: [
      'A name may publish only one TXT record that starts with `v=spf1` (in any case). With two or more, receivers return **permerror** for every message (RFC 7208 §4.5), so SPF protects nothing. ' +
        '(The same record written twice is one record: the server keeps one copy, RFC 2181 §5 — `zone/duplicate-record` reports the repeat.)',
      '',
      'Fix: merge the records into one (all mechanisms in a single `v=spf1 … -all`) and delete the others. Type SPF (99) records do not count: receivers ignore them.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 mx -all"\nexample.com. TXT "v=spf1 include:_spf.example.net -all"',
    good: 'example.com. TXT "v=spf1 mx include:_spf.example.net -all"',
  },
  onRecord(rec, ctx) {
    if (!activeSpf(rec, ctx)) return;
    // The SPF records at the name, collected once per name and lint (keyed on the name's first
    // record): thousands of SPF records at one name stay linear.
    const here = ctx.recordsAt(rec.owner);
    const all = here.length === 1 ? here : ctx.memo('spf-at-name', here[0], () => distinctTxt(here.filter((r) => r.type === 'TXT' && !!activeSpf(r, ctx))));
    if (all.length < 2) return;
    const others: DnsRecord[] = [];
    for (const r of all) {
      if (r !== rec) others.push(r);
      if (others.length >= 5) break;
    }
    const s = rec.strings ?? [];
    const span = s.length ? { start: s[0].start, end: s[s.length - 1].end } : { start: rec.start, end: rec.end };
    ctx.report({
      file: rec.file,
      message: `${shortName(rec.owner)} has ${all.length} SPF records: receivers return permerror for every message when a name publishes more than one \`v=spf1\` record (RFC 7208 §4.5). Merge them into one record and delete the others.`,
      related: others.map((o: DnsRecord) => ({ file: o.file, start: o.start, end: o.end, message: `other SPF record (line ${o.line})` })),
      ...span,
    });
  },
};
