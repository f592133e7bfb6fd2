// The TTL BIND serves each record of a zone file with. An RRset has one TTL (RFC 2181 §5.2), and
// BIND (lib/dns/master.c, load_text) decides it while reading:
//  - records are gathered in blocks: a block holds the records read while the owner name written
//    stays the same (compared case-sensitively; a blank owner continues the block); in a block the
//    first record of a type gives its TTL to the later ones ("TTL set to prior TTL");
//  - a block is committed when another owner is written, at each $INCLUDE (entering and leaving the
//    file) and at the end; records whose owner is an NS target of the block (glue) form a block of
//    their own that leaves the delegation's block open;
//  - each $GENERATE record is committed on its own, at once, with the TTL it was read with;
//  - committing merges into the RRset already loaded, and the RRset takes the TTL of the last
//    block committed: so with the same RRset in several places of the file, the last place wins;
//  - without $TTL (RFC 1035 semantics) a record without a TTL takes the last TTL read, as the rule
//    above changed it.
// named-compilezone -o - prints every record with its RRset's TTL; `mailzone records` does too.
// (Not modelled: BIND also commits a block when its rdata passes 64 KB.)
import type { DnsRecord, SourceFile, Zone } from '../model';
import { absName } from './names';
import { HAS_OWNER, HAS_TTL, SKIP_SHIFT, ZoneRecord } from './record';

/**
 * The TTL of each record of zone.records (same order) as BIND serves it: its RRset's. `covered(rec)`
 * gives the type an RRSIG/SIG record covers (its RRset is per covered type).
 */
export function bindRrsetTtls(zone: Zone, covered: (rec: DnsRecord) => string): number[] {
  const recs = zone.records;
  const n = recs.length;
  const keys: string[] = new Array(n);
  const final = new Map<string, number>();
  const out: number[] = new Array(n);
  if (zone.format !== 'zone') {
    for (let i = 0; i < n; i++) out[i] = recs[i].ttl;
    return out;
  }

  // The block being read (BIND's current_list) and the glue block (glue_list): RRset key, TTL, …
  // (a block holds few types: a flat array is cheaper than a Map per block).
  let current: string | undefined;
  let glue: string | undefined;
  const curList: (string | number)[] = [];
  const glueList: (string | number)[] = [];
  /** The NS targets of the current block (lower case): a name among them starts a glue block. */
  let nsTargets: Set<string> | undefined;
  const commit = (list: (string | number)[]) => {
    for (let j = 0; j < list.length; j += 2) final.set(list[j] as string, list[j + 1] as number);
    list.length = 0;
  };
  const commitAll = () => {
    commit(curList);
    commit(glueList);
    nsTargets = undefined;
  };
  /** A new owner name written (`name`: as BIND compares it, case kept; `lower`: the owner). */
  const ownerWritten = (name: string, lower: string) => {
    if (glue !== undefined && name !== glue) {
      commit(glueList);
      glue = undefined;
    }
    if (glue === undefined && name !== current) {
      if (nsTargets?.has(lower)) glue = name;
      else {
        commit(curList);
        nsTargets = undefined;
        current = name;
      }
    }
  };

  // BIND's lctx->ttl: the TTL a record without one gets when there is no $TTL.
  let lastTtl = 0;
  let lastWritten: number | undefined;
  const readTtl = (rec: DnsRecord, flags: number): number => {
    if (flags & HAS_TTL) {
      lastWritten = lastTtl = rec.ttl;
      return rec.ttl;
    }
    const meta = rec.meta as { defaultTtlKnown?: boolean } | undefined;
    if (meta?.defaultTtlKnown !== false) return rec.ttl;
    // The parser gave the last TTL written; another one than we saw was on a record it did not
    // keep (out of the zone), which BIND read all the same.
    if (rec.ttl !== lastWritten) lastWritten = lastTtl = rec.ttl;
    return lastTtl;
  };

  const outside = outsideOwners(zone);
  let prev: DnsRecord | undefined;
  for (let i = 0; i < n; i++) {
    const rec = recs[i];
    const flags = rec instanceof ZoneRecord ? rec.flags : rec.ownerTok ? HAS_OWNER | (rec.ttlTok ? HAS_TTL : 0) : rec.ttlTok ? HAS_TTL : 0;
    const file = rec.file;
    // $INCLUDE boundaries: another file than the previous record's, or an $INCLUDE line between
    // two records of one file (an included file without records).
    const pending = outside?.get(file);
    let skipped: number[] | undefined;
    if (pending) while (pending.length && pending[pending.length - 1] < rec.start) (skipped ??= []).push(pending.pop()!);
    if (!prev || prev.file !== file || (prev.end < rec.start && INCLUDE_LINE.test(file.text.slice(prev.end, rec.start)))) {
      commitAll();
      current = glue = undefined;
    } else if (skipped) {
      // Owners outside the zone that BIND read (and dropped) between the two records.
      const origin = (rec.meta as { origin?: string } | undefined)?.origin ?? '.';
      for (const at of skipped) {
        const name = ownerName(file, at, origin);
        ownerWritten(name ?? '\0', name?.toLowerCase() ?? '\0');
      }
    }
    prev = rec;
    const key = rrsetKey(rec, covered);
    keys[i] = key;
    const ttl = readTtl(rec, flags);
    if ((flags >> SKIP_SHIFT) & 3) {
      // $GENERATE: committed alone, the owner being read is not changed.
      final.set(key, ttl);
      continue;
    }
    if (flags & HAS_OWNER) {
      const tok = rec.ownerTok;
      const name = tok ? ownerName(file, tok.start, (rec.meta as { origin?: string } | undefined)?.origin ?? '.', tok.text) : undefined;
      ownerWritten(name ?? rec.owner, rec.owner);
    } else if (current === undefined && glue === undefined) current = rec.owner;
    const list = glue !== undefined ? glueList : curList;
    let j = 0;
    while (j < list.length && list[j] !== key) j += 2;
    if (j === list.length) list.push(key, ttl);
    else lastTtl = list[j + 1] as number; // "TTL set to prior TTL": also what a following record without TTL gets
    if (rec.type === 'NS' && glue === undefined && rec.target) (nsTargets ??= new Set()).add(rec.target.toLowerCase());
  }
  commitAll();
  for (let i = 0; i < n; i++) out[i] = final.get(keys[i]) ?? recs[i].ttl;
  return out;
}

const INCLUDE_LINE = /(?:^|\n)"?\$include(?=[\s"]|$)/i;

function rrsetKey(rec: DnsRecord, covered: (rec: DnsRecord) => string): string {
  const t = rec.type;
  return t === 'RRSIG' || t === 'SIG' ? `${rec.owner} ${rec.class} ${t} ${covered(rec).toUpperCase()}` : `${rec.owner} ${rec.class} ${t}`;
}

/** The owner written at `at` (its token text if known), absolute with its case, as BIND compares owners. */
function ownerName(file: SourceFile, at: number, origin: string, text?: string): string | undefined {
  let t = text ?? tokenAt(file.text, at);
  if (t.charCodeAt(0) === 34) {
    // A quoted owner: without the quotes, \" as ".
    const end = t.length > 1 && t.charCodeAt(t.length - 1) === 34 ? t.length - 1 : t.length;
    t = t.slice(1, end).replace(/\\(.)|\\$/gs, (m: string, c: string | undefined) => (c === '"' ? '"' : m));
  }
  return absName(t, origin, origin !== origin.toLowerCase());
}

/** The word at `at` (up to a blank, `;`, `(` or `)`; a quoted one whole). */
function tokenAt(text: string, at: number): string {
  let i = at;
  if (text.charCodeAt(i) === 34) {
    i++;
    while (i < text.length && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
    return text.slice(at, Math.min(i + 1, text.length));
  }
  while (i < text.length && !/[\s;()"]/.test(text[i])) i += text.charCodeAt(i) === 92 ? 2 : 1;
  return text.slice(at, i);
}

/**
 * Where owners outside the zone are written (the parser drops their records with a zone/syntax
 * warning on the owner, one per owner written), per file, in descending order (popped as the
 * records pass them).
 */
function outsideOwners(zone: Zone): Map<SourceFile, number[]> | undefined {
  let m: Map<SourceFile, number[]> | undefined;
  for (const p of zone.problems) {
    if (p.rule !== 'zone/syntax' || p.severity !== 'warning' || !OUTSIDE.test(p.message)) continue;
    m ??= new Map();
    const l = m.get(p.file);
    if (l) l.push(p.start);
    else m.set(p.file, [p.start]);
  }
  if (m) for (const l of m.values()) l.sort((a, b) => b - a);
  return m;
}

/** The parser's warning for an owner outside the zone (not the one for $GENERATE names: those change no block). */
const OUTSIDE = /^'.*' is outside the zone /s;
