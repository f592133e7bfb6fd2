import type { DnsRecord } from '../../model';
import type { Rule } from '../../rule';

// Types that may live beside a CNAME: the DNSSEC records RRSIG and NSEC (RFC 4035 §2.5), SIG and
// KEY (RFC 2535 §2.3.5, RFC 2181 §10.1), as BIND 9 allows them; NSEC3 lives at a hashed name
// (RFC 5155), where BIND lets it be beside a CNAME. The obsolete NXT (RFC 3755) is "CNAME and
// other data" to BIND 9, which rejects the zone, so it is other data here too.
const ALLOWED = new Set(['CNAME', 'RRSIG', 'NSEC', 'NSEC3', 'KEY', 'SIG']);

/**
 * The CNAMEs of a name (first; second: the first whose target differs from the first's; count of
 * distinct targets) and its records of other types. Two CNAMEs with one target are one RR (RFC
 * 2181 §5: BIND keeps one and loads the zone); zone/duplicate-record reports the copy.
 */
function summary(recs: readonly DnsRecord[]): { cname?: DnsRecord; second?: DnsRecord; other?: DnsRecord[]; cnames: number } {
  let cname: DnsRecord | undefined;
  let second: DnsRecord | undefined;
  let other: DnsRecord[] | undefined;
  let targets: Set<string | undefined> | undefined;
  for (const r of recs) {
    if (r.type === 'CNAME') {
      if (!cname) cname = r;
      else if (r.target !== cname.target) {
        second ??= r;
        (targets ??= new Set([cname.target])).add(r.target);
      }
    } else if (!ALLOWED.has(r.type)) (other ??= []).push(r);
  }
  const cnames = targets ? targets.size : cname ? 1 : 0;
  return { cname, second, other, cnames };
}

export const cnameAndOtherData: Rule = {
  id: 'zone/cname-and-other-data',
  severity: 'error',
  docs: {
    summary: 'A CNAME at a name that also has other records.',
    details:
      'A CNAME says "this name is another name": it cannot share its owner with any other data (RFC 1034 §3.6.2, RFC 2181 §10.1). ' +
      '`named-checkzone` rejects the zone, and resolvers that receive both return one or the other unpredictably — a `_dmarc` ' +
      'CNAME next to a TXT, or a CNAME at the apex beside SOA/NS/MX, breaks mail authentication. Keep the CNAME alone at its name, ' +
      'or replace it with the records it points to.',
    bad: 'www CNAME web.example.net.\nwww TXT "v=spf1 -all"',
    good: 'www CNAME web.example.net.',
  },
  // Per CNAME record, reading only the records at its own name (so the editor's incremental lint
  // caches it and checks it again only when that name changes). One finding per name: on the
  // first CNAME when other data is there, else on the second CNAME when there are several.
  types: ['CNAME'],
  onRecord(rec, ctx) {
    const owner = rec.owner;
    const recs = ctx.recordsAt(owner);
    if (recs.length < 2) return;
    // Once per name and lint when it holds many records (every CNAME there asks the same).
    const { cname, second, other, cnames } = recs.length > 16 ? ctx.memo('zone/cname-and-other-data', recs[0], () => summary(recs)) : summary(recs);
    if (!cname) return;
    if (other) {
      if (rec !== cname) return;
      const types = [...new Set(other.map((r) => r.type))].join(', ');
      ctx.report({
        file: cname.file,
        start: cname.typeTok.start,
        end: cname.typeTok.end,
        message: `${owner} has a CNAME and also ${types} data. A CNAME must be the only record at its name (RFC 1034 §3.6.2): BIND rejects the zone and resolvers answer unpredictably. Remove the CNAME or the other records.`,
        related: other.map((r) => ({ file: r.file, start: r.typeTok.start, end: r.typeTok.end, message: `${r.type} record at the same name` })),
      });
    } else if (cnames > 1 && rec === second) {
      ctx.report({
        file: second.file,
        start: second.typeTok.start,
        end: second.typeTok.end,
        message: `${owner} has ${cnames} CNAME records with different targets; a name can be an alias for only one name (RFC 2181 §10.1), so BIND rejects the zone ("multiple RRs of singleton type") and resolvers answer with either. Keep one.`,
        related: [{ file: cname.file, start: cname.typeTok.start, end: cname.typeTok.end, message: 'first CNAME' }],
      });
    }
  },
};
