import type { DnsRecord, Fix } from '../../model';
import type { LintContext, Rule } from '../../rule';
import { rdataKey } from '../../zone';

/**
 * Class, type, preference and target of a record with a target and no strings: equal for any two
 * records whose rdataKey is equal (a name without spaces ends where the fields start); undefined
 * when that cannot be relied on.
 */
function preKey(r: DnsRecord): string | undefined {
  if (r.strings || r.target === undefined || r.target.includes(' ')) return undefined;
  return r.class + ' ' + r.type + ' ' + (r.preference ?? '') + ' ' + r.target;
}

/** True when preKey(r) is defined (a record with a target, no strings, no space in the target). */
function hasPreKey(r: DnsRecord): boolean {
  if (r.strings) return false;
  const t = r.target;
  return t !== undefined && !t.includes(' ');
}

/** A record written by a $GENERATE line: its owner token (the template) is not where it starts. */
function generated(r: DnsRecord): boolean {
  return r.ownerTok !== undefined && r.ownerTok.start !== r.start;
}

/**
 * True when the next record line after offset `e` of a zone file has a blank owner (it starts with
 * a space or tab), skipping empty and comment lines, the directives that make no record here and
 * $GENERATE lines (which set no owner for later lines).
 */
function nextLineHasBlankOwner(t: string, e: number): boolean {
  let i = e;
  while (i < t.length) {
    let j = i;
    while (j < t.length && (t.charCodeAt(j) === 32 || t.charCodeAt(j) === 9)) j++;
    const c = t.charCodeAt(j);
    const skip = j >= t.length || c === 10 || c === 13 || c === 59 /* ; */ || (j === i && /^\$(TTL|ORIGIN|INCLUDE|GENERATE)\b/i.test(t.slice(j, j + 10)));
    if (!skip) return j > i;
    const nl = t.indexOf('\n', j);
    if (nl < 0) return false;
    i = nl + 1;
  }
  return false;
}

/**
 * Deleting whole lines: from the start of the record's first line to after its last line's end.
 * `recs`: the records at its owner (what it may read without reading the whole zone).
 */
function deleteRecordFix(rec: DnsRecord, recs: readonly DnsRecord[], ctx: LintContext): Fix | undefined {
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
  // A $GENERATE line makes other records too: deleting it would delete them.
  if (generated(rec)) return undefined;
  // If the next record inherits its owner from this one (blank owner), deleting would change it.
  // A blank owner is the owner of the record before it in the file, so that next record is the
  // nearest record of the same file after this one among those at this owner. (A $GENERATE line
  // does not set the owner later lines inherit: after one, the text tells.)
  if (rec.ownerTok) {
    let next: DnsRecord | undefined;
    if (recs.length > 16) next = ctx.memo('zone/duplicate-record:next', recs[0], () => nextInFile(recs)).get(rec);
    else for (const r of recs) if (r.file === rec.file && r.start >= rec.end && (!next || r.start < next.start)) next = r;
    if (next && !next.ownerTok) return undefined;
    if (next && generated(next) && nextLineHasBlankOwner(t, rec.end)) return undefined;
  }
  if (!ttlsKept(rec, recs, ctx)) return undefined;
  return { title: 'Delete the duplicate record', preferred: true, edits: [{ file: rec.file, start: s, end: e, newText: '' }] };
}

/**
 * True when deleting `rec` leaves every TTL BIND serves as it was (how BIND decides them: see
 * zone/rrset-ttl.ts). An RRset has one TTL (RFC 2181 §5.2): in a run of lines of one owner the
 * first record of a type gives its TTL to the later ones, and with the RRset in several places the
 * last place's wins. So deleting is safe when the copy follows a record of its RRset in the same
 * run of lines (its own TTL was not used), or when every record of the RRset has the copy's TTL.
 * Without $TTL (RFC 1035 TTL semantics) a later record without a TTL takes the last one read, which
 * the copy may have set: no fix then.
 */
function ttlsKept(rec: DnsRecord, recs: readonly DnsRecord[], ctx: LintContext): boolean {
  if ((rec.meta as { defaultTtlKnown?: boolean } | undefined)?.defaultTtlKnown === false) return false;
  let prev: DnsRecord | undefined;
  let equal = true;
  if (recs.length > 16) {
    // Many records at the name: one pass for all of its findings (once per name and lint).
    const info = ctx.memo('zone/duplicate-record:ttls', recs[0], () => ttlInfo(recs));
    equal = !info.uneven.has(rec.class + ' ' + rec.type);
    prev = info.prev.get(rec);
  } else {
    for (const r of recs) {
      if (r === rec || r.type !== rec.type || r.class !== rec.class) continue;
      if (r.ttl !== rec.ttl) equal = false;
      if (r.file === rec.file && r.end <= rec.start && (!prev || r.start > prev.start)) prev = r;
    }
  }
  return equal || (prev !== undefined && !generated(prev) && sameRun(prev, rec));
}

/**
 * For the records of a name: the class-and-type keys whose records do not all have one TTL, and
 * for each record the nearest earlier one of its class and type in its file (a file's records
 * come in text order).
 */
function ttlInfo(recs: readonly DnsRecord[]): { uneven: Set<string>; prev: Map<DnsRecord, DnsRecord> } {
  const ttl = new Map<string, number>();
  const uneven = new Set<string>();
  const last = new Map<unknown, Map<string, DnsRecord>>();
  const prev = new Map<DnsRecord, DnsRecord>();
  for (const r of recs) {
    const k = r.class + ' ' + r.type;
    const t = ttl.get(k);
    if (t === undefined) ttl.set(k, r.ttl);
    else if (t !== r.ttl) uneven.add(k);
    let m = last.get(r.file);
    if (!m) last.set(r.file, (m = new Map()));
    const p = m.get(k);
    if (p) prev.set(r, p);
    m.set(k, r);
  }
  return { uneven, prev };
}

/**
 * True when `b` is read in the same run of lines of one owner as the earlier `a` (same file): every
 * line after a's first line, up to b's, is empty, a comment, has a blank owner or writes a's owner
 * exactly as a writes it. Anything else (another owner, a directive, a continuation line starting
 * in the first column) is taken as the end of the run.
 */
function sameRun(a: DnsRecord, b: DnsRecord): boolean {
  const owner = a.ownerTok?.text;
  const t = a.file.text;
  let i = t.indexOf('\n', a.start);
  while (i >= 0 && i < b.start) {
    i++;
    const c = t.charCodeAt(i);
    if (!(c === 32 || c === 9 || c === 10 || c === 13 || c === 59)) {
      if (owner === undefined) return false;
      const end = i + owner.length;
      if (t.slice(i, end) !== owner) return false;
      const d = t.charCodeAt(end);
      if (!(d === 32 || d === 9)) return false;
    }
    i = t.indexOf('\n', i);
  }
  return true;
}

/**
 * For each record of a name: the nearest record of the same file that starts after it ends (a
 * file's records come in text order: one pass per file).
 */
function nextInFile(recs: readonly DnsRecord[]): Map<DnsRecord, DnsRecord> {
  const byFile = new Map<unknown, DnsRecord[]>();
  for (const r of recs) {
    const l = byFile.get(r.file);
    if (l) l.push(r);
    else byFile.set(r.file, [r]);
  }
  const out = new Map<DnsRecord, DnsRecord>();
  for (const l of byFile.values()) {
    let k = 0;
    for (let j = 0; j < l.length; j++) {
      if (k <= j) k = j + 1;
      while (k < l.length && l[k].start < l[j].end) k++;
      if (k < l.length) out.set(l[j], l[k]);
    }
  }
  return out;
}

/**
 * For each record of a name that repeats an earlier one there: that earlier one (the first
 * occurrence). Used for names with many records, computed once per name and lint.
 */
function repeatsAt(recs: readonly DnsRecord[]): Map<DnsRecord, DnsRecord> {
  const out = new Map<DnsRecord, DnsRecord>();
  // Only records sharing their type with another at this owner can repeat one: the others'
  // rdata is never read (reading it makes the zone's records keep their tokens).
  const count = new Map<string, number>();
  for (const r of recs) count.set(r.type, (count.get(r.type) ?? 0) + 1);
  // Records with a target (MX, CNAME, SRV …) whose preference and target no other record
  // here shares cannot repeat one either (only for types where every record here has such a key).
  let targets: Map<string, number> | undefined;
  let unsafe: Set<string> | undefined;
  for (const r of recs) {
    if (count.get(r.type)! < 2) continue;
    const k = preKey(r);
    if (k !== undefined) (targets ??= new Map()).set(k, (targets.get(k) ?? 0) + 1);
    else (unsafe ??= new Set()).add(r.type);
  }
  const seen = new Map<string, DnsRecord>();
  for (const r of recs) {
    if (count.get(r.type)! < 2) continue;
    if (targets && !unsafe?.has(r.type)) {
      const k = preKey(r);
      if (k !== undefined && targets.get(k) === 1) continue;
    }
    const key = r.class + ' ' + r.type + ' ' + rdataKey(r);
    const first = seen.get(key);
    if (first) out.set(r, first);
    else seen.set(key, r);
  }
  return out;
}

/** True when two records' rdata is written alike (only for the message: read when reporting). */
function sameText(a: DnsRecord, b: DnsRecord): boolean {
  if (a.format !== 'zone' || b.format !== 'zone' || generated(a) || generated(b)) return true;
  const fa = a.fields;
  const fb = b.fields;
  return fa.length === fb.length && fa.every((f, i) => f.text === fb[i].text);
}

/** The first record before `rec` at its name that is the same RR, if any. */
function firstOccurrence(rec: DnsRecord, recs: readonly DnsRecord[], ctx: LintContext): DnsRecord | undefined {
  if (recs.length > 16) return ctx.memo('zone/duplicate-record:repeats', recs[0], () => repeatsAt(recs)).get(rec);
  // Few records: compare with the earlier ones of the same type, reading rdata only then.
  let key: string | undefined;
  // Preference and target first (MX, SRV …): different ones cannot be the same RR, and their
  // fields are then never read (reading them makes the records keep their tokens). Compared one
  // by one, as preKey() would, without making its string for every MX of the zone.
  const type = rec.type;
  const pk = hasPreKey(rec);
  for (const r of recs) {
    if (r === rec) return undefined;
    if (r.type !== type || r.class !== rec.class) continue;
    if (pk && hasPreKey(r) && (r.preference !== rec.preference || r.target !== rec.target)) continue;
    key ??= rdataKey(rec);
    if (rdataKey(r) === key) return r;
  }
  return undefined;
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
  // Per record, reading only the records at its own name: the editor's incremental lint caches it
  // and checks a record again only when its name's records change.
  onRecord(rec, ctx) {
    const recs = ctx.recordsAt(rec.owner);
    if (recs.length < 2) return;
    const first = firstOccurrence(rec, recs, ctx);
    if (!first) return;
    const fix = deleteRecordFix(rec, recs, ctx);
    ctx.report({
      file: rec.file,
      start: rec.start,
      end: rec.end,
      message: `This ${rec.type} record is the same as the one on line ${first.line}${first.file !== rec.file ? ` of ${first.file.path.slice(first.file.path.lastIndexOf('/') + 1)}` : ''}${sameText(rec, first) ? '' : ' (the same data, written differently)'}; DNS keeps only one copy (RFC 2181 §5), and edits to one of them will not do what you expect. Delete the duplicate.`,
      related: [{ file: first.file, start: first.start, end: first.end, message: 'first occurrence' }],
      fixes: fix ? [fix] : undefined,
    });
  },
};
