// Incremental re-parse for the editor: after an edit, read again only the logical lines the edit
// touches (with the parser state the previous record left) and reuse every other record object,
// moved by the edit's length. Falls back to a full parse whenever the shortcut could differ from it.
import { countBelow, hasLoneCr, type Directive, type DnsRecord, type Finding, type SourceFile, type Zone } from '../model';
import { PARSED, parseZoneFile, ZoneParser, type ParseInfo } from './parser';
import { HAS_TTL, SKIP_SHIFT, ZoneRecord, type ZoneRecordMeta } from './record';

/** An edit in the old text's offsets: [start, end) was replaced by newLength characters. */
export interface TextChange {
  start: number;
  end: number;
  newLength: number;
}

/** More rewinds after unclosed parentheses than this and the limits of a full parse could matter. */
const MAX_REWINDS = 3;

/** Counts of the last reparse, for tests and benchmarks. */
export const reparseStats = { incremental: 0, full: 0, reparsedRecords: 0, reason: '' };

/**
 * The zone of `file` (the new text) after `change`, equal to parseZone(file, options of prev) but
 * reading only the lines the change touches when it can. `prev` is consumed: its records (and
 * their strings) are moved to the new text and belong to the result; do not use prev afterwards.
 * $INCLUDEd files are not read again.
 */
export function reparseZoneFile(prev: Zone, file: SourceFile, change: TextChange): Zone {
  const info = PARSED.get(prev);
  const full = (reason: string): Zone => {
    reparseStats.full++;
    reparseStats.reason = reason;
    reparseStats.reparsedRecords = -1;
    return parseZoneFile(file, info?.options ?? {});
  };
  if (!info) return full('not a parsed zone');
  const old = prev.file.text;
  const neu = file.text;
  const { start, end, newLength } = change;
  const delta = newLength - (end - start);
  if (!(start >= 0 && start <= end && end <= old.length && newLength >= 0 && neu.length === old.length + delta)) return full('change does not fit the texts');
  if (info.rewindAt.length > MAX_REWINDS) return full('many unclosed parentheses');
  const oldFile = prev.file;
  const recs = prev.records as ZoneRecord[];
  const nrec = recs.length;

  // a: the last record of the main file whose logical line ends at or before the change.
  let aIdx = -1;
  let from = neu.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let k = lastBefore(recs, oldFile, start); k >= 0; k--) {
    const r = recs[k];
    if (r.meta.file !== oldFile) continue;
    const e = lineEnd(old, r.end);
    if (e < 0) return full('odd record end');
    // A last line without a newline is not finished: text typed at its end continues it.
    if (e <= start && !(e === start && e === old.length && old.charCodeAt(e - 1) !== 10)) {
      aIdx = k;
      from = e;
      break;
    }
  }
  let line = 1;
  let meta: ZoneRecordMeta = info.initialMeta;
  let owner: string | undefined;
  let lastTtl = -1;
  if (aIdx >= 0) {
    const a = recs[aIdx];
    if (a.flags >> SKIP_SHIFT) return full('after a $GENERATE');
    if (hasLoneCr(old, a.start, from)) return full('lone CR');
    line = a.line + countLf(old, a.start, from);
    meta = a.meta;
    owner = a.owner;
    lastTtl = lastExplicitTtl(recs, aIdx);
  }
  // A '(' before the region that was never closed (the reader went on from the line after it): a
  // ')' typed anywhere after it may close it now and join the lines between into one record.
  if (info.rewindAt.some((p) => p <= from)) return full('an unclosed parenthesis before the edit');
  const firstDirective = firstAtOrAfter(info.directiveAt, from);

  // Sync candidates: records after the change; the first logical line end, in the new text, where
  // the new reading stands in the same state as the old one did.
  let c = aIdx + 1; // next candidate index
  let cEnd = -1; // its logical line end (old offsets)
  const nextCandidate = (): boolean => {
    for (; c < nrec; c++) {
      const r = recs[c];
      if (r.meta.file !== oldFile || r.flags >> SKIP_SHIFT) return false; // an $INCLUDE or $GENERATE in between
      const e = lineEnd(old, r.end);
      if (e < 0) return false;
      if (e >= end) {
        cEnd = e;
        return true;
      }
    }
    cEnd = -1;
    return true;
  };
  if (!nextCandidate()) return full('directive records in the region');

  const mapped = new Map<ZoneRecordMeta, ZoneRecordMeta>();
  let lastFrom: ZoneRecordMeta | undefined;
  let lastTo: ZoneRecordMeta | undefined;
  const mapMeta = (m: ZoneRecordMeta): ZoneRecordMeta => {
    if (m === lastFrom) return lastTo!;
    if (m.file !== oldFile) return m;
    let v = mapped.get(m);
    if (!v) {
      v = Object.freeze({ ...m, file });
      mapped.set(m, v);
    }
    lastFrom = m;
    lastTo = v;
    return v;
  };
  const parser = new ZoneParser(file, info.options);
  const startMeta = mapMeta(meta);
  let at = parser.readRegion(startMeta, owner, lastTtl, from, line, cEnd < 0 ? Infinity : cEnd + delta);
  let syncIdx = -1; // last old record replaced
  for (;;) {
    if (at === undefined) return full('directive in the edited lines');
    if (cEnd < 0 || at >= neu.length) {
      // Read to the end of the text: every old record after a is replaced.
      if (at !== undefined && at < neu.length) at = parser.continueRegion(at, Infinity);
      if (at === undefined) return full('directive in the edited lines');
      if (firstDirective < old.length) return full('directive in the edited lines');
      for (let j = aIdx + 1; j < nrec; j++) if (recs[j].meta.file !== oldFile || recs[j].flags >> SKIP_SHIFT) return full('directive records in the region');
      syncIdx = nrec - 1;
      cEnd = old.length;
      break;
    }
    if (firstDirective < cEnd) return full('directive in the edited lines');
    const want = cEnd + delta;
    if (at === want) {
      const st = parser.regionState();
      const r = recs[c];
      if (st.meta === startMeta && r.meta === meta && st.owner === r.owner && (startMeta.defaultTtlKnown || st.lastTtl === lastExplicitTtl(recs, c))) {
        syncIdx = c;
        break;
      }
    }
    if (at >= want) {
      c++;
      if (!nextCandidate()) return full('directive records in the region');
      continue;
    }
    at = parser.continueRegion(at, want);
  }
  const oldStop = cEnd; // old offset where the reused text starts
  const newStop = cEnd + delta;
  if (hasLoneCr(old, from, oldStop) || hasLoneCr(neu, from, newStop)) return full('lone CR');
  // Lines: the parser counts every LF (no lone CR here), so the shift is the difference.
  const lineDelta = countLf(neu, from, newStop) - countLf(old, from, oldStop);
  const region = parser.zone;
  const rewinds = info.rewindAt.filter((p) => p < from).concat(parser.rewindAt, info.rewindAt.filter((p) => p >= oldStop).map((p) => p + delta));
  if (rewinds.length > MAX_REWINDS) return full('many unclosed parentheses');

  // Records: before the region keep their offsets, the region's are new, after it they move.
  const records: DnsRecord[] = new Array(aIdx + 1 + region.records.length + (nrec - syncIdx - 1));
  let o = 0;
  for (let j = 0; j <= aIdx; j++) {
    const r = recs[j];
    if (r.meta.file === oldFile) r.shift(0, 0, mapMeta(r.meta));
    records[o++] = r;
  }
  for (const r of region.records) records[o++] = r;
  for (let j = syncIdx + 1; j < nrec; j++) {
    const r = recs[j];
    if (r.meta.file === oldFile) r.shift(delta, lineDelta, mapMeta(r.meta));
    records[o++] = r;
  }

  // The region's reader may report on text past where it stopped (a '(' opened right after the
  // last record it read, never closed): the old problems there are kept too, so read it all again.
  if (region.problems.some((p) => p.file === file && p.start >= newStop)) return full('a problem past the edited lines');
  // A problem after the region whose message names a line ("'(' on line 8 is never closed") would
  // keep the old number: read everything again when lines moved under such a message.
  if (lineDelta !== 0 && prev.problems.some((p) => p.file === oldFile && p.start >= oldStop && /\bline \d/.test(p.message))) return full('a moved problem names a line');
  const problems = splice(prev.problems, region.problems, oldFile, file, from, oldStop, delta, (p) => moveProblem(p, file, delta, lineDelta), (p) => ({ ...p, file }));
  const directives = splice(prev.directives, region.directives, oldFile, file, from, oldStop, delta, (d) => moveDirective(d, file, delta, lineDelta), (d) => ({ ...d, file }));

  let origin = info.fallbackOrigin;
  for (let j = 0; j < records.length; j++) {
    if (records[j].type === 'SOA') {
      origin = records[j].owner;
      break;
    }
  }
  const zone: Zone = { file, files: [file, ...prev.files.slice(1)], format: 'zone', origin, records, problems, directives };
  const next: ParseInfo = {
    options: info.options,
    fallbackOrigin: info.fallbackOrigin,
    initialMeta: mapMeta(info.initialMeta),
    directiveAt: info.directiveAt.map((p) => (p >= oldStop ? p + delta : p)),
    rewindAt: rewinds,
  };
  PARSED.set(zone, next);
  reparseStats.incremental++;
  reparseStats.reparsedRecords = region.records.length;
  reparseStats.reason = '';
  return zone;
}

/** Items of the main file before the region (file replaced), the region's, then the rest moved. */
function splice<T extends { file: SourceFile; start: number }>(
  prev: T[],
  region: T[],
  oldFile: SourceFile,
  file: SourceFile,
  from: number,
  oldStop: number,
  delta: number,
  move: (x: T) => T,
  refile: (x: T) => T,
): T[] {
  const out: T[] = [];
  let i = 0;
  for (; i < prev.length; i++) {
    const p = prev[i];
    if (p.file === oldFile) {
      if (p.start >= from) break;
      out.push(refile(p));
    } else out.push(p);
  }
  for (const p of region) out.push(p);
  for (; i < prev.length; i++) {
    const p = prev[i];
    if (p.file !== oldFile) out.push(p);
    else if (p.start >= oldStop) out.push(delta === 0 ? refile(p) : move(p));
    // else: inside the region, replaced
  }
  void file;
  return out;
}

const PAREN_LINE = /^(unbalanced parenthesis: '\(' on line )(\d+)/;

function moveProblem(p: Finding, file: SourceFile, delta: number, lines: number): Finding {
  let message = p.message;
  if (lines !== 0) {
    const m = PAREN_LINE.exec(message);
    if (m) message = m[1] + (Number(m[2]) + lines) + message.slice(m[0].length);
  }
  return { ...p, file, start: p.start + delta, end: p.end + delta, message };
}

function moveDirective(d: Directive, file: SourceFile, delta: number, lines: number): Directive {
  return { ...d, file, start: d.start + delta, end: d.end + delta, line: d.line + lines, rules: d.rules.map((r) => ({ ...r, start: r.start + delta, end: r.end + delta })) };
}

/** The offset after the newline that ends the logical line whose last token ends at `e`; -1 if odd. */
function lineEnd(t: string, e: number): number {
  const n = t.length;
  let i = e;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === 32 || c === 9) i++;
    else break;
  }
  if (i < n && t.charCodeAt(i) === 59) {
    // Only a line feed ends a comment (a lone CR is part of it), as in the parser.
    while (i < n && t.charCodeAt(i) !== 10) i++;
    if (t.charCodeAt(i - 1) === 13) i--;
  }
  if (i >= n) return n;
  const c = t.charCodeAt(i);
  if (c === 10) return i + 1;
  if (c === 13) return t.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  return -1;
}

function countLf(t: string, from: number, to: number): number {
  let c = 0;
  for (let i = from; i < to; i++) if (t.charCodeAt(i) === 10) c++;
  return c;
}

/** The TTL the parser remembers after records[0..idx] (the last explicit one), -1 when none. */
function lastExplicitTtl(recs: ZoneRecord[], idx: number): number {
  for (let j = idx; j >= 0; j--) if (recs[j].flags & HAS_TTL) return recs[j].ttl;
  return -1;
}

/** The index of the last record of the main file that starts before `offset` (-1: none). */
function lastBefore(recs: ZoneRecord[], mainFile: SourceFile, offset: number): number {
  let lo = 0;
  let hi = recs.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    let m = mid;
    while (m >= lo && recs[m].meta.file !== mainFile) m--;
    if (m < lo) {
      lo = mid + 1;
      continue;
    }
    if (recs[m].start < offset) {
      ans = m;
      lo = mid + 1;
    } else hi = m - 1;
  }
  return ans;
}

function firstAtOrAfter(sorted: number[], x: number): number {
  const k = countBelow(sorted, x);
  return k < sorted.length ? sorted[k] : Infinity;
}
