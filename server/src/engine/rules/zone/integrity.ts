import type { DnsRecord } from '../../model';
import type { LintContext, Rule } from '../../rule';
import { bare } from '../../policy/names';
import { rdataText } from '../../zone';

// BIND's checks when it loads a zone (named-checkzone with its default -i full, named with
// check-integrity): a zone that fails one is not loaded at all, so every record in it (MX, SPF,
// DMARC, DKIM) stops being served. Only the checks that refuse the zone are here; the ones BIND
// merely warns about (an MX or SRV target without an address) belong to other rules.
// Each record reads only the names it needs (ctx.recordsAt, nameExists), so the editor's
// incremental lint checks it again only when those names change.

const parent = (n: string): string => n.slice(n.indexOf('.') + 1);

/**
 * The zone's name as BIND is given it (named.conf, named-checkzone's argument), as the reader
 * knows it for this record: the origin given or read from the file name, or the $ORIGIN before
 * the first record (ZoneRecordMeta.top). It is part of the record's own parser state, not a read
 * of the zone: a change of it (an edit of that $ORIGIN, other options) makes every record a new
 * object, so the editor's incremental lint runs this rule on all of them again. Undefined when
 * not known (and in octoDNS YAML, which has no SOA).
 */
function zoneTop(rec: DnsRecord): string | undefined {
  const top = (rec as { meta?: { top?: unknown } }).meta?.top;
  return typeof top === 'string' ? top : undefined;
}

/**
 * The apex of the zone when `owner` holds its SOA and, where the zone's name is known, is that
 * name (an SOA below it is reported on its own: BIND stops there).
 */
function isApex(owner: string, rec: DnsRecord, ctx: LintContext): boolean {
  const top = zoneTop(rec);
  if (top !== undefined && owner !== top) return false;
  return ctx.recordsAt(owner, 'SOA').length > 0;
}

/** Why BIND refuses the apex NS target `t` (a name inside the zone `apex`) and the fix, or undefined if it does not. */
function nsTargetProblem(t: string, apex: string, ctx: LintContext): { why: string; fix: string } | undefined {
  // From the apex down to the target, as BIND's lookup walks it: a DNAME (at the apex too) makes
  // every name below it unusable; a delegation (an NS set below the apex, the target's own
  // included) makes the address glue, which BIND only warns about. Where a name has both, the
  // delegation counts (BIND: "NS has precedence over DNAME if both exist in a zone").
  if (t === apex) return addressProblem(t, apex, ctx);
  const path: string[] = [];
  for (let n = t; n !== apex && n.length > apex.length; n = parent(n)) path.push(n);
  path.push(apex);
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i];
    if (n !== apex && ctx.recordsAt(n, 'NS').length) return undefined;
    if (n !== t && ctx.recordsAt(n, 'DNAME').length)
      return { why: `is below the DNAME at ${bare(n)}, so it cannot have addresses of its own ("is below a DNAME (illegal)")`, fix: 'Name a server outside the DNAME\'s subtree' };
  }
  return addressProblem(t, apex, ctx);
}

/** The problem of the NS target `t` from the records at it (or the wildcard that answers for it). */
function addressProblem(t: string, apex: string, ctx: LintContext): { why: string; fix: string } | undefined {
  let recs: DnsRecord[] = ctx.recordsAt(t);
  if (recs.length === 0 && !ctx.workspace.nameExists(t)) {
    // A name that does not exist is answered by the wildcard of its closest existing ancestor.
    let e = parent(t);
    while (e !== apex && e.length > apex.length && !ctx.workspace.nameExists(e)) e = parent(e);
    recs = ctx.recordsAt('*.' + e);
  }
  if (recs.some((r) => r.type === 'CNAME'))
    return { why: 'is a CNAME, and a name server must be named by its own name, not an alias ("is a CNAME (illegal)", RFC 2181 §10.3)', fix: 'Point the NS at the host name the CNAME leads to' };
  if (recs.some((r) => r.type === 'A' || r.type === 'AAAA')) return undefined;
  return { why: 'has no address records (A or AAAA), so nobody could reach that name server', fix: `Add an A or AAAA record for ${bare(t)}, or name a server that has one` };
}

export const integrity: Rule = {
  id: 'zone/integrity',
  severity: 'error',
  types: ['SOA', 'NS', 'DNAME'],
  docs: {
    summary: 'The zone fails a check BIND makes when it loads a zone (SOA, apex NS and their addresses, one DNAME per name), so BIND refuses the whole zone.',
    details:
      'When BIND loads a zone it checks its top: exactly one SOA, at the top of the zone; NS records there; and every name server named inside the zone has an address (A or AAAA), is no alias (CNAME) and is not below a DNAME (one at the top of the zone included) — `named-checkzone` reports "has no NS records", "has no address records (A or AAAA)", "is a CNAME (illegal)", "is below a DNAME (illegal)", "multiple RRs of singleton type" or "not at top of zone" and does not load the zone. ' +
      'A name has at most one DNAME, as it has at most one CNAME: two with different targets are "multiple RRs of singleton type" too. ' +
      'A zone that is not loaded serves nothing: its MX, SPF, DMARC and DKIM records are all gone, and mail from the domain fails authentication everywhere. ' +
      'A name server at or below a delegation (glue) is only warned about by BIND, so it is not reported here; nor is a file without an SOA (a fragment that another file `$INCLUDE`s). ' +
      'The top of the zone is its name as BIND is given it: the origin given (`--origin`), else the one in the file name (`example.com.zone`), else the `$ORIGIN` before the first record; where none of these names it, the name of the first SOA.\n\n' +
      'Fix: add the missing NS records or the name server\'s A/AAAA record, point the NS at a host name instead of an alias or a name below a DNAME, keep one SOA, at the top of the zone, and one DNAME per name.',
    bad: '@ IN NS ns2',
    good: '@ IN NS ns2\nns2 IN A 192.0.2.54',
  },
  onRecord(rec, ctx) {
    const owner = rec.owner;
    if (rec.type === 'SOA') {
      // An SOA below the top of the zone: BIND's "SOA record not at top of zone". The top is the
      // zone's name where the reader knows it (with or without an SOA there), else an SOA above.
      const top = zoneTop(rec);
      let above: string | undefined;
      if (top !== undefined) {
        if (owner !== top) above = top;
      } else {
        for (let n = parent(owner); n.length > 0 && n !== '.'; n = parent(n)) {
          if (isApex(n, rec, ctx)) {
            above = n;
            break;
          }
        }
      }
      if (above !== undefined) {
        ctx.report({
          start: rec.typeTok.start,
          end: rec.typeTok.end,
          message:
            `An SOA at ${bare(owner)}, below the top of the zone ${bare(above)}: BIND refuses to load the zone ("SOA record not at top of zone"), so none of its records are served. ` +
            (top !== undefined && ctx.recordsAt(top, 'SOA').length === 0
              ? `The zone's SOA belongs at ${bare(top)}: move it there, or, if this file is the zone ${bare(owner)}, load and lint it as that zone (--origin ${bare(owner)}).`
              : 'An SOA belongs only at the top: remove this one (a subdomain with its own SOA is a zone of its own, delegated with NS records).'),
        });
        return;
      }
      const soas = ctx.recordsAt(owner, 'SOA');
      if (soas.length > 1 && rec !== soas[0] && rdataText(rec).toLowerCase() !== rdataText(soas[0]).toLowerCase()) {
        ctx.report({
          start: rec.typeTok.start,
          end: rec.typeTok.end,
          message: `A second, different SOA at ${bare(owner)}: a zone has exactly one SOA, so BIND refuses to load it ("multiple RRs of singleton type") and none of its records are served. Keep one SOA.`,
          related: [{ file: soas[0].file, start: soas[0].typeTok.start, end: soas[0].typeTok.end, message: 'the first SOA' }],
        });
      }
      if (rec === soas[0] && ctx.recordsAt(owner, 'NS').length === 0) {
        ctx.report({
          start: rec.typeTok.start,
          end: rec.typeTok.end,
          message: `${bare(owner)} has an SOA but no NS records: BIND refuses to load the zone ("has no NS records"), so none of its records (MX, SPF, DMARC, DKIM) are served. Add NS records at ${bare(owner)} naming the zone's name servers.`,
        });
      }
      return;
    }
    if (rec.type === 'DNAME') {
      // DNAME is a singleton type like CNAME: two with different targets at one name (reported on
      // the first that differs from the first DNAME; copies of one RR are zone/duplicate-record's).
      const dnames = ctx.recordsAt(owner, 'DNAME');
      if (dnames.length < 2 || rec === dnames[0] || rec.target === dnames[0].target) return;
      if (dnames.find((r) => r.target !== dnames[0].target) !== rec) return;
      ctx.report({
        start: rec.typeTok.start,
        end: rec.typeTok.end,
        message: `${bare(owner)} has DNAME records with different targets, but a name's subtree can be an alias for only one other, so BIND refuses to load the zone ("multiple RRs of singleton type") and none of its records are served. Keep one.`,
        related: [{ file: dnames[0].file, start: dnames[0].typeTok.start, end: dnames[0].typeTok.end, message: 'the first DNAME' }],
      });
      return;
    }
    // NS at the top of the zone, naming a server inside it.
    const t = rec.target;
    if (!t || !isApex(owner, rec, ctx)) return;
    if (t !== owner && !t.endsWith('.' + owner)) return;
    const p = nsTargetProblem(t, owner, ctx);
    if (!p) return;
    ctx.report({
      start: rec.targetTok?.start ?? rec.start,
      end: rec.targetTok?.end ?? rec.end,
      message: `The name server ${bare(t)} ${p.why}: BIND refuses to load ${bare(owner)}, so none of its records (MX, SPF, DMARC, DKIM) are served. ${p.fix}.`,
    });
  },
};
