import type { DnsRecord, Fix } from '../../model';
import type { Rule } from '../../rule';
import { nameIndex } from '../../workspace';

/** A key equal for two records that are the same RR (RFC 2181 §5: same owner, class, type and rdata). */
function rdataKey(r: DnsRecord): string {
  if (r.strings) return r.strings.map((s) => s.value).join('\u0000');
  if (r.target !== undefined) return (r.preference ?? '') + ' ' + r.target + ' ' + r.fields.map((f) => f.text.toLowerCase()).join(' ');
  if (r.type === 'AAAA' || r.type === 'A') return r.fields.map((f) => f.text.toLowerCase()).join(' ');
  return r.fields.map((f) => f.text).join(' ');
}

/**
 * Class, type, preference and target of a record with a target and no strings: equal for any two
 * records whose rdataKey is equal (a name without spaces ends where the fields start); undefined
 * when that cannot be relied on.
 */
function preKey(r: DnsRecord): string | undefined {
  if (r.strings || r.target === undefined || r.target.includes(' ')) return undefined;
  return r.class + ' ' + r.type + ' ' + (r.preference ?? '') + ' ' + r.target;
}

/** Deleting whole lines: from the start of the record's first line to after its last line's end. */
function deleteRecordFix(rec: DnsRecord, recs: DnsRecord[], pos: Map<DnsRecord, number>): Fix | undefined {
  if (rec.format !== 'zone') return undefined;
  const t = rec.file.text;
  let s = rec.start;
  while (s > 0 && t.charCodeAt(s - 1) !== 10 && t.charCodeAt(s - 1) !== 13) {
    const c = t.charCodeAt(s - 1);
    if (c !== 32 && c !== 9) return undefined; // something else shares the line
    s--;
  }
  let e = rec.end;
  while (e < t.length && t.charCodeAt(e) !== 10 && t.charCodeAt(e) !== 13) e++;
  if (t.charCodeAt(e) === 13) e++;
  if (t.charCodeAt(e) === 10) e++;
  // If the next record inherits its owner from this one (blank owner), deleting would change it.
  if (rec.ownerTok) {
    let next: DnsRecord | undefined;
    for (let i = (pos.get(rec) ?? recs.length) + 1; i < recs.length; i++) {
      if (recs[i].file === rec.file && recs[i].start >= rec.end) {
        next = recs[i];
        break;
      }
    }
    if (next && !next.ownerTok) return undefined;
  }
  return { title: 'Delete the duplicate record', preferred: true, edits: [{ file: rec.file, start: s, end: e, newText: '' }] };
}

export const duplicateRecord: Rule = {
  id: 'zone/duplicate-record',
  severity: 'warning',
  docs: {
    summary: 'The same resource record appears twice.',
    details:
      'Two records with the same owner, class, type and data are one RR: DNS has no duplicates within an RRset (RFC 2181 §5), ' +
      'so BIND silently keeps one. The copy usually means an edit went to the wrong line — for example a new SPF value added ' +
      'while the old one stayed, which is then reported as multiple SPF records — and a later change to only one copy ' +
      'will not do what you expect. Delete the duplicate.',
    bad: 'mail A 192.0.2.10\nmail A 192.0.2.10',
    good: 'mail A 192.0.2.10',
  },
  onZone(zone, ctx) {
    let pos: Map<DnsRecord, number> | undefined;
    for (const recs of nameIndex(zone).values()) {
      if (recs.length < 2) continue;
      // Only records sharing their type with another at this owner can repeat one: the others'
      // rdata is never read (reading it makes the zone's records keep their tokens).
      let shared: Set<string> | undefined;
      if (recs.length <= 16) {
        for (let i = 1; i < recs.length; i++)
          for (let j = 0; j < i; j++)
            if (recs[j].type === recs[i].type) {
              (shared ??= new Set()).add(recs[i].type);
              break;
            }
        if (!shared) continue;
      }
      // Records with a target (MX, CNAME, SRV …) whose preference and target no other record
      // here shares cannot repeat one either.
      // (Only for types where every record here has such a key.)
      let targets: Map<string, number> | undefined;
      let unsafe: Set<string> | undefined;
      for (const r of recs) {
        if (shared && !shared.has(r.type)) continue;
        const k = preKey(r);
        if (k !== undefined) (targets ??= new Map()).set(k, (targets.get(k) ?? 0) + 1);
        else (unsafe ??= new Set()).add(r.type);
      }
      const seen = new Map<string, DnsRecord>();
      for (const r of recs) {
        if (shared && !shared.has(r.type)) continue;
        if (targets && !unsafe?.has(r.type)) {
          const k = preKey(r);
          if (k !== undefined && targets.get(k) === 1) continue;
        }
        const key = r.class + ' ' + r.type + ' ' + rdataKey(r);
        const first = seen.get(key);
        if (!first) {
          seen.set(key, r);
          continue;
        }
        pos ??= new Map(zone.records.map((x, i) => [x, i]));
        const fix = deleteRecordFix(r, zone.records, pos);
        ctx.report({
          file: r.file,
          start: r.start,
          end: r.end,
          message: `This ${r.type} record repeats the one on line ${first.line} exactly; DNS keeps only one copy (RFC 2181 §5), and edits to one of them will not do what you expect. Delete the duplicate.`,
          related: [{ file: first.file, start: first.start, end: first.end, message: 'first occurrence' }],
          fixes: fix ? [fix] : undefined,
        });
      }
    }
  },
};
