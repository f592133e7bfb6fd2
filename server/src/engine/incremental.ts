// Incremental lint for the editor: the same findings as lintZone (lint.ts), but after an edit only
// the records the edit created are given to the per-record rules (onRecord); every other record's
// findings come from a cache, moved by how far the record moved in the text.
//
// What may be cached is decided by watching each rule, not by trusting it:
//  - a rule that, in onRecord, reads anything beyond its record (ctx.zone, ctx.workspace,
//    ctx.resolver, ctx.recordsAt, a memo of another record, or a memo value that was computed that
//    way) is "cross-record" from then on: it runs again on every record it wants, on every lint;
//  - a finding whose range, fix edits or related ranges in the record's own file reach outside the
//    record's lines is not cached either (that rule runs again on that record every time);
//  - a rule that throws turns caching off for the document (lintZone's isolation order is kept).
// Each rule gets its own LintContext, so caches that rules keep per context (spf/util `once`)
// cannot leak another rule's cross-record reads into it.
// The zone-wide rules (onZone) and the readers' problems run in full each time; suppressions and
// the final order are applied exactly as lintZone does. Between chunks of records the lint yields
// to the event loop (hovers stay fast) and stops when options.signal aborts.
import type { DnsRecord, Finding, SourceFile, Span, Zone } from './model';
import type { LintContext, LintOptions, RecordIndex, ReportInput, Rule } from './rule';
import { allRules } from './rules';
import { WorkspaceResolver, type LookupResult, type LookupType, type Resolver } from './resolver';
import { DNAME_OWNERS, Workspace, carryIndexes, nameIndex, ofType, recordIndex, type OwnerIndex } from './workspace';
import { effectiveSeverity, finishFindings, settleDeferred, singleZoneWorkspace, toFinding, untilAborted, type Deferred, type LintRun } from './lint';

const M365_RULES = /^(dkim\/m365-|spf\/m365-)/;

export interface IncrementalLintOptions {
  workspace?: Workspace;
  resolver?: Resolver;
  options?: LintOptions;
  rules?: readonly Rule[];
  /** Yield to the event loop after this many ms of synchronous work (default 8; 0: never). */
  sliceMs?: number;
  /**
   * Changes whenever something outside this zone that rules may look up changed (the other zones
   * of the workspace, the resolver's answers): then every cached finding that came from a name
   * lookup is computed again. Leave undefined when the workspace is this zone alone.
   */
  dependencyKey?: unknown;
}

export interface IncrementalStats {
  /** Records given to the per-record rules in this run (all of them on a cold cache). */
  linted: number;
  /** Records whose findings came from the cache. */
  reused: number;
  /** Of those, records not visited at all: their findings copied from the last run in bulk. */
  copied: number;
  /** Rules that read beyond their record and therefore always run. */
  crossRecordRules: string[];
  /** Time of the per-record pass and of the zone-wide rules (ms). */
  recordMs: number;
  zoneMs: number;
  /** True when the cache could not be used (first lint, other options, a rule error …). */
  full: boolean;
  ms: number;
}

export interface IncrementalRun extends LintRun {
  /** True when options.signal aborted the run: its findings are incomplete, do not publish them. */
  aborted: boolean;
  stats: IncrementalStats;
}

/** Findings of one rule on one record; `deps`: the names it looked up ('=name' exact, '*name' that name or below). */
interface Group {
  rule: Rule;
  findings: Finding[];
  deps?: string[];
}

/** Cached per-record results: the findings of each cacheable rule, where the record was then. */
interface RecEntry {
  start: number;
  /** Per rule, in dispatch order: rules with findings, and rules that looked names up. */
  groups: Group[] | undefined;
  /** Rules whose findings on this record reach outside its lines: run each time. */
  volatile: Set<Rule> | undefined;
  /** Every name the groups looked up (their deps, once each), filed in the linter's depIndex. */
  deps: string[] | undefined;
  /** The run that found one of `deps` changed (set through depIndex). */
  mark: number;
  /** The record is gone: depIndex drops the entry when it meets it. */
  dead?: boolean;
  /** The record's position in the records of the run that last visited it. */
  pos: number;
  /** All the groups' findings in order (undefined when none): the fast path pushes only these. */
  flat: Finding[] | undefined;
  /** The ranges in the document of those findings (the findings, fix edits, related): what moves. */
  spans: Span[] | undefined;
}

/**
 * The entry of every record whose rules found nothing, looked up no name and have nothing to run
 * again (most records of a big zone): one shared object, so the pass over a 100k-record zone after
 * an edit skips them without reading an entry of their own. Never changed and never filed in
 * depIndex; a record that needs an entry of its own gets a new one.
 */
const CLEAN: RecEntry = Object.freeze({ start: 0, groups: undefined, volatile: undefined, deps: undefined, mark: 0, flat: undefined, spans: undefined, pos: -1 }) as RecEntry;

/** What one rule call read beyond its record. */
interface Reads {
  global: boolean;
  names: string[] | undefined;
}

/**
 * One per open document. lint(zone) gives exactly lintZone(zone, same options)'s findings; the
 * zone may be a re-parse (zone/reparseZone) of the one linted before, reusing its record objects.
 */
export class IncrementalLinter {
  private key = '';
  /** Cached results of the last run's records, by position (aligned with prevRecords). */
  private prevEntries: (RecEntry | undefined)[] = [];
  /** Cached entries by the deps they looked up: a changed name finds its dependents directly. */
  private depIndex = new Map<string, RecEntry[]>();
  private interned = new Map<string, string>();
  /**
   * The document's current SourceFile. Cached findings, fix edits and related ranges in the
   * document inherit their `file` from this object, so a re-parse (a new SourceFile for every
   * edit) moves none of them unless their offsets change.
   */
  private docFile: { file: SourceFile } | undefined;
  private runs = 0;
  private crossRecord = new Set<Rule>();
  private cacheOff = false;
  private prevRecords: DnsRecord[] = [];
  /** The line of prevRecords' last record when it was linted (to tell whether an edit moved lines). */
  private lastLine = 0;
  private prevZone: Zone | undefined;
  /** Indexes rules have read through ctx.indexed (their keys of changed records are changes too). */
  private usedIndexes = new Set<RecordIndex>();
  private depKey: unknown = undefined;
  /** What an aborted run had found changed (its propagation was not finished). */
  private pendingChanged = new Set<string>();
  private pendingStale = false;
  /**
   * The last complete run's record-phase findings in record order, with prevOff[k]..prevOff[k+1]
   * the ones of record k (its entry's `flat` when not volatile), and the positions of its volatile
   * entries: what lets the next run copy the findings of the records it does not revisit in bulk.
   * `fast` is false when they cannot be trusted (no complete run since, work left deferred …).
   */
  private prevOut: Finding[] = [];
  private prevOff: Int32Array = new Int32Array(1);
  private volatilePos: number[] = [];
  private fast = false;

  /** Forget everything (a different document, settings, rules …). */
  reset(): void {
    this.key = '';
    this.prevEntries = [];
    this.depIndex = new Map();
    this.interned = new Map();
    this.docFile = undefined;
    this.crossRecord = new Set();
    this.cacheOff = false;
    this.prevRecords = [];
    this.prevZone = undefined;
    this.usedIndexes = new Set();
    this.depKey = undefined;
    this.pendingChanged = new Set();
    this.pendingStale = false;
    this.prevOut = [];
    this.prevOff = new Int32Array(1);
    this.volatilePos = [];
    this.fast = false;
  }

  async lint(zone: Zone, opts: IncrementalLintOptions = {}): Promise<IncrementalRun> {
    const t0 = performance.now();
    const options = opts.options ?? {};
    const workspace = opts.workspace ?? singleZoneWorkspace(zone);
    const resolver = opts.resolver ?? new WorkspaceResolver(workspace);
    const ruleSet = opts.rules ?? allRules;
    const rules = ruleSet.filter((r) => {
      if (effectiveSeverity(r, options) === 'off') return false;
      if (options.m365 === false && M365_RULES.test(r.id)) return false;
      return true;
    });
    // The previous parse's indexes (owners …) move to this one, updated for what the edit changed.
    if (this.prevZone && this.prevZone !== zone) carryIndexes(this.prevZone, zone);
    const key = optionsKey(options, ruleSet, zone);
    if (key !== this.key || this.cacheOff) {
      this.reset();
      this.key = key;
    }
    if (this.docFile) this.docFile.file = zone.file;
    else this.docFile = { file: zone.file };
    const docFile = this.docFile;
    const slice = opts.sliceMs ?? 8;
    const signal = options.signal;
    let full = true;
    const stats: IncrementalStats = { linted: 0, reused: 0, copied: 0, crossRecordRules: [], full: true, ms: 0, recordMs: 0, zoneMs: 0 };

    const findings: Finding[] = [];
    const ruleErrors: LintRun['ruleErrors'] = [];
    const memo = new Map<string, Map<DnsRecord, unknown>>();
    /** Memo entries whose computation read beyond their record, and what it read. */
    const taintedMemo = new Map<string, Map<DnsRecord, Reads>>();
    let index: OwnerIndex | undefined;

    // The record being run, and what the call read beyond it: `global` (the zone, the resolver,
    // the workspace as a whole) or only the records at some names.
    let curRec: DnsRecord | undefined;
    /** The file of the record whose deferred work is running (where its reports without a file go). */
    let deferFile: SourceFile | undefined;
    let reads: Reads = { global: false, names: undefined };
    let out: Finding[] = findings;
    // Dep keys are kept once each (thousands of records read the same names): one string per key.
    const interned = this.interned;
    const touchName = (n: string) => {
      let k = interned.get(n);
      if (k === undefined) interned.set(n, (k = n));
      (reads.names ??= []).push(k);
    };
    const usedIndexes = this.usedIndexes;
    /** Work deferred until an answer arrives (ctx.defer); records with some are not cached. */
    let deferred: Deferred[] = [];
    const deferredRecs = new Set<DnsRecord>();
    // The resolver as rules see it: a workspace answer depends on the records at the name and
    // below it (NXDOMAIN vs NODATA) and at the names a CNAME led to; other answers (live DNS)
    // change only with the resolver, which opts.dependencyKey covers.
    const touchLookup = (name: string, res: LookupResult | undefined) => {
      let n = name.toLowerCase();
      if (!n.endsWith('.')) n += '.';
      touchName('*' + n);
      if (res?.via) for (const v of res.via) touchName('*' + v);
      // A DNAME added at a zone's origin redirects every name below it: the answer depends on the
      // DNAME records there (an index key, so other edits at the origin do not count).
      if (res?.apex) {
        usedIndexes.add(DNAME_OWNERS);
        for (const a of res.apex) touchName('#' + DNAME_OWNERS.id + '\n' + a);
      }
    };
    const trackedResolver: Resolver = {
      lookup(name: string, type: LookupType): Promise<LookupResult> {
        touchLookup(name, undefined);
        return resolver.lookup(name, type);
      },
      lookupSync(name: string, type: LookupType): LookupResult | undefined {
        const res = resolver.lookupSync?.(name, type);
        touchLookup(name, res);
        return res;
      },
      noteCached(name: string, _type: LookupType, res: LookupResult | undefined): void {
        touchLookup(name, res);
      },
    };
    // The workspace as rules see it: lookups by name are noted, anything else counts as global.
    const trackedWorkspace = new Proxy(workspace, {
      get(target, prop) {
        if (prop === 'recordsAt')
          return (name: string, type?: string) => {
            touchName('=' + name);
            return target.recordsAt(name, type);
          };
        // Other zones only (this zone's index is ctx.indexed): they change the dependency key.
        if (prop === 'indexedElsewhere') return target.indexedElsewhere.bind(target);
        if (prop === 'nameExists')
          return (name: string) => {
            touchName('*' + name);
            return target.nameExists(name);
          };
        reads.global = true;
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });

    const makeCtx = (rule: Rule): LintContext => {
      const ctx: LintContext = {
        get zone() {
          reads.global = true;
          return zone;
        },
        get workspace() {
          return trackedWorkspace;
        },
        get resolver() {
          return trackedResolver;
        },
        options,
        report(f: ReportInput) {
          const finding = toFinding(rule, options, zone, f, curRec ? curRec.file : deferFile);
          if (finding) out.push(onDocFile(finding, zone.file, docFile));
        },
        defer<T>(p: Promise<T>, then: (value: T) => void): void {
          deferred.push({ rule, p, then: then as (v: unknown) => void, file: curRec?.file });
          if (curRec) deferredRecs.add(curRec);
        },
        indexed(idx: RecordIndex, k: string): DnsRecord[] {
          usedIndexes.add(idx);
          touchName('#' + idx.id + '\n' + k);
          return recordIndex(zone, idx).get(k) ?? [];
        },
        memo<T>(k: string, rec: DnsRecord, compute: (rec: DnsRecord, ctx: LintContext) => T): T {
          // A view of another record: that record came from a lookup already noted.
          let m = memo.get(k);
          if (!m) memo.set(k, (m = new Map()));
          if (m.has(rec)) {
            const t = taintedMemo.get(k)?.get(rec);
            if (t) {
              if (t.global) reads.global = true;
              if (t.names) for (const n of t.names) touchName(n);
            }
            return m.get(rec) as T;
          }
          const outer = reads;
          reads = { global: false, names: undefined };
          let v: T;
          try {
            v = compute(rec, this);
          } finally {
            const inner = reads;
            reads = outer;
            if (inner.global || inner.names) {
              let t = taintedMemo.get(k);
              if (!t) taintedMemo.set(k, (t = new Map()));
              t.set(rec, inner);
              if (inner.global) reads.global = true;
              if (inner.names) for (const n of inner.names) touchName(n);
            }
          }
          m.set(rec, v);
          return v;
        },
        recordsAt(name: string, type?: string): DnsRecord[] {
          touchName('=' + name);
          return ofType((index ??= nameIndex(zone)).get(name), type);
        },
      };
      return ctx;
    };

    // Dispatch table, as lintZone builds it.
    const byType = new Map<string, Rule[]>();
    let anyType: Rule[] = [];
    for (const r of rules) {
      if (!r.onRecord) continue;
      if (!r.types) anyType.push(r);
      else for (const t of r.types) (byType.get(t) ?? byType.set(t, []).get(t)!).push(r);
    }
    if (anyType.length) for (const [t, list] of byType) byType.set(t, list.concat(anyType));
    const ctxs = new Map<Rule, LintContext>();
    for (const r of rules) ctxs.set(r, makeCtx(r));

    const failed = new Set<Rule>();
    const fail = (r: Rule, error: unknown) => {
      failed.add(r);
      ruleErrors.push({ rule: r.id, error });
      for (const [t, list] of byType) byType.set(t, list.filter((x) => x !== r));
      anyType = anyType.filter((x) => x !== r);
    };

    const crossRecord = this.crossRecord;
    const records = zone.records;
    let lastYield = performance.now();
    let scratch: Finding[] = [];

    /** Runs one rule on one record; returns its findings (also pushed to `findings`). */
    const runOne = (r: Rule, rec: DnsRecord): { list: Finding[]; reads: Reads } | undefined => {
      scratch = [];
      out = scratch;
      curRec = rec;
      reads = { global: false, names: undefined };
      try {
        r.onRecord!(rec, ctxs.get(r)!);
      } catch (error) {
        out = findings;
        for (const f of scratch) findings.push(f);
        fail(r, error);
        return undefined;
      }
      out = findings;
      for (const f of scratch) findings.push(f);
      return { list: scratch, reads };
    };

    // What changed since the last lint: the records between the common start and end of the two
    // record lists (an editor re-parse keeps the records it did not touch, as the same objects);
    // their owners (and keys of the indexes rules read) are the names that changed.
    const prev = this.prevRecords;
    const prevEntries = this.prevEntries;
    const changed = new Set<string>();
    let linesMoved = false;
    const changedRec = (r: DnsRecord) => {
      changed.add(r.owner);
      for (const idx of usedIndexes) {
        const keys = idx.keysOf(r);
        if (keys) for (const k of keys) changed.add('#' + idx.id + '\n' + k);
      }
    };
    let head = 0;
    const n = Math.min(prev.length, records.length);
    while (head < n && prev[head] === records[head]) head++;
    let tail = 0;
    while (tail < n - head && prev[prev.length - 1 - tail] === records[records.length - 1 - tail]) tail++;
    // The cached entry of record k: the same position before the edit, shifted after it, none in
    // between (new records). This run's new entries are kept apart and written back only when the
    // run completes (an aborted run leaves the cache as it was).
    const shift = prev.length - records.length;
    const midEnd = records.length - tail;
    const entryAt = (k: number): RecEntry | undefined => (k < head ? prevEntries[k] : k >= midEnd ? prevEntries[k + shift] : undefined);
    const mid: (RecEntry | undefined)[] = new Array(midEnd - head);
    const patches: [number, RecEntry | undefined][] = [];
    const setEntry = (k: number, e: RecEntry | undefined) => {
      if (k >= head && k < midEnd) mid[k - head] = e;
      else patches.push([k < head ? k : k + shift, e]);
    };
    // A single-file re-parse shifts every record after the edit by the same number of lines (the
    // same objects, moved in place): the last one tells whether lines moved. Records after the edit
    // in another file than the last record ($INCLUDE): taken as moved.
    if (midEnd < records.length) {
      const last = records[records.length - 1];
      if (last.line !== this.lastLine || records[midEnd].file !== last.file) linesMoved = true;
    }
    for (let k = head; k < records.length - tail; k++) changedRec(records[k]);
    for (let k = head; k < prev.length - tail; k++) changedRec(prev[k]);
    const run = ++this.runs;
    const depIndex = this.depIndex;
    /** Files a (new or re-run) entry's deps in depIndex; only the ones it did not have before. */
    const fileDeps = (e: RecEntry, before: string[] | undefined) => {
      if (!e.deps) return;
      for (const d of e.deps) {
        if (before && before.includes(d)) continue;
        const l = depIndex.get(d);
        if (l) l.push(e);
        else depIndex.set(d, [e]);
      }
    };
    // Changes seen by a run that was then aborted are still to be propagated.
    for (const n of this.pendingChanged) changed.add(n);
    const depsStale = this.depKey !== opts.dependencyKey || linesMoved || this.pendingStale;
    this.depKey = opts.dependencyKey;
    this.pendingChanged = changed;
    this.pendingStale = depsStale;
    // Every dep that an owner or key in `changed` makes stale, in one set: '=name' for the records
    // at a name, '#index\nkey' for index keys, '*name' for a name or anything below it (every
    // ancestor of a changed owner, and '*' — the whole tree — for any owner).
    const staleDeps = new Set<string>();
    for (const o of changed) {
      if (o.charCodeAt(0) === 35 /* '#' */) {
        staleDeps.add(o);
        continue;
      }
      staleDeps.add('=' + o);
      staleDeps.add('*' + o);
      if (o !== '') staleDeps.add('*');
      for (let i = o.indexOf('.'); i >= 0 && i + 1 < o.length; i = o.indexOf('.', i + 1)) staleDeps.add('*' + o.slice(i + 1));
    }
    // The entries that depend on a stale dep are marked with this run (dead ones dropped).
    const marked: RecEntry[] = [];
    if (!depsStale)
      for (const d of staleDeps) {
        const l = depIndex.get(d);
        if (!l) continue;
        let w = 0;
        for (let i = 0; i < l.length; i++) {
          const e = l[i];
          if (e.dead) continue;
          if (e.mark !== run) marked.push(e);
          e.mark = run;
          l[w++] = e;
        }
        if (w === 0) depIndex.delete(d);
        else l.length = w;
      }
    const depsChanged = (deps: string[]): boolean => {
      if (depsStale) return true;
      if (staleDeps.size === 0) return false;
      for (let i = 0; i < deps.length; i++) if (staleDeps.has(deps[i])) return true;
      return false;
    };
    // Per dispatch list: does it hold a cross-record rule (recomputed when that set grows)?
    const listCross = new Map<Rule[], number>();
    const hasCross = (list: Rule[]): boolean => {
      const v = listCross.get(list);
      if (v !== undefined && (v & 0xffff) === crossRecord.size) return v >> 16 === 1;
      let any = false;
      for (const r of list) if (crossRecord.has(r)) any = true;
      listCross.set(list, ((any ? 1 : 0) << 16) | crossRecord.size);
      return any;
    };

    /** Runs rule r on rec and files the result: cross-record, volatile, cached (with its name lookups) or nothing. */
    const runAndFile = (r: Rule, rec: DnsRecord, groups: Group[], vol: { set: Set<Rule> | undefined }): void => {
      const res = runOne(r, rec);
      if (!res) return;
      if (res.reads.global) {
        crossRecord.add(r);
        return;
      }
      if (crossRecord.has(r)) return;
      if (res.list.length && !withinRecord(res.list, rec)) {
        (vol.set ??= new Set()).add(r);
        return;
      }
      if (res.reads.names) groups.push({ rule: r, findings: res.list, deps: res.reads.names.length > 1 ? [...new Set(res.reads.names)] : res.reads.names });
      else if (res.list.length) groups.push({ rule: r, findings: res.list });
    };

    /** Lints record k: reuses, re-runs or runs its rules, pushing its findings to `findings`. */
    const visit = (k: number): void => {
      const rec = records[k];
      let cached = entryAt(k);
      if (cached === CLEAN && failed.size === 0 && (crossRecord.size === 0 || !hasCross(byType.get(rec.type) ?? anyType))) {
        // Nothing found, nothing looked up, nothing to run again: nothing to do (most records).
        stats.reused++;
        return;
      }
      if (cached && failed.size === 0) {
        // Reused record: cached findings moved with it; cross-record and volatile rules, and
        // rules whose looked-up names changed, run again.
        stats.reused++;
        if (cached === CLEAN) {
          // Its cross-record rules run again: it gets an entry of its own.
          cached = { start: rec.start, groups: undefined, volatile: undefined, deps: undefined, mark: 0, flat: undefined, spans: undefined, pos: k };
          setEntry(k, cached);
        }
        cached.pos = k;
        const rerun = cached.volatile !== undefined || (crossRecord.size > 0 && hasCross(byType.get(rec.type) ?? anyType)) || (cached.deps !== undefined && (depsStale || cached.mark === run));
        if (!rerun) {
          // The common case: nothing to run, the cached findings move with the record (where it
          // was is kept only for records with findings: nothing else moves).
          const flat = cached.flat;
          if (flat) {
            const d = rec.start - cached.start;
            if (d !== 0) {
              shiftSpans(cached.spans, d);
              cached.start = rec.start;
            }
            for (let i = 0; i < flat.length; i++) findings.push(flat[i]);
          }
          return;
        }
        const list = byType.get(rec.type) ?? anyType;
        const d = rec.start - cached.start;
        if (d !== 0) shiftSpans(cached.spans, d);
        const old = cached.groups;
        cached.start = rec.start;
        const groups: Group[] = [];
        const vol: { set: Set<Rule> | undefined } = { set: undefined };
        let g = 0;
        for (let i = 0; i < list.length; i++) {
          const r = list[i];
          const grp = old && g < old.length && old[g].rule === r ? old[g++] : undefined;
          if (crossRecord.has(r) || cached.volatile?.has(r) || (grp?.deps && depsChanged(grp.deps))) {
            runAndFile(r, rec, groups, vol);
            continue;
          }
          if (!grp) continue;
          for (const f of grp.findings) findings.push(f);
          groups.push(grp);
        }
        cached.groups = groups.length ? groups : undefined;
        cached.volatile = vol.set;
        if (vol.set) volatileNow.push(k);
        const before = cached.deps;
        cached.deps = depsOf(groups);
        cached.flat = flatOf(groups);
        cached.spans = spansOf(cached.flat, docFile);
        fileDeps(cached, before);
        return;
      }
      const groups: Group[] = [];
      const vol: { set: Set<Rule> | undefined } = { set: undefined };
      // New record (or no cache): every rule of its type runs.
      stats.linted++;
      const list = byType.get(rec.type) ?? anyType;
      for (let i = 0; i < list.length; i++) runAndFile(list[i], rec, groups, vol);
      if (failed.size === 0) {
        const flat = flatOf(groups);
        if (groups.length === 0 && !vol.set) {
          setEntry(k, CLEAN);
          return;
        }
        const e: RecEntry = { start: rec.start, groups: groups.length ? groups : undefined, volatile: vol.set, deps: depsOf(groups), mark: 0, flat, spans: spansOf(flat, docFile), pos: k };
        if (vol.set) volatileNow.push(k);
        setEntry(k, e);
        fileDeps(e, undefined);
      }
    };

    // Where record k's findings start in `findings` (for the next run's bulk copies), and the
    // positions of volatile entries.
    const off = new Int32Array(records.length + 1);
    const volatileNow: number[] = [];
    // The fast path: when the records kept their positions (as many records as before), nothing
    // runs across records and every record has an entry, only the edited records, the ones whose
    // looked-up names changed and the volatile ones are visited; the findings of the others are
    // copied from the last run in bulk (moved with their records), as visiting them would.
    let work: number[] | undefined;
    if (this.fast && shift === 0 && !depsStale && crossRecord.size === 0 && this.prevOff.length === records.length + 1) {
      work = [];
      for (const e of marked) {
        const p = e.pos;
        if (p >= head && p < midEnd) continue;
        if (prevEntries[p] !== e) {
          work = undefined;
          break;
        }
        work.push(p);
      }
      if (work) {
        for (const p of this.volatilePos) if (p < head || p >= midEnd) work.push(p);
        for (let p = head; p < midEnd; p++) work.push(p);
        work.sort((x, y) => x - y);
      }
    }
    const prevOut = this.prevOut;
    const prevOff = this.prevOff;
    /** Records [a, b) as visiting them would take them when nothing of theirs runs again. */
    const reuseRange = (a: number, b: number): void => {
      const base = findings.length - prevOff[a];
      for (let j = a; j < b; j++) off[j] = prevOff[j] + base;
      for (let i = prevOff[a], end = prevOff[b]; i < end; i++) findings.push(prevOut[i]);
      // Records after the edit moved: their findings move with them (the entry knows where it was).
      for (let j = Math.max(a, midEnd); j < b; j++) {
        if (prevOff[j + 1] === prevOff[j]) continue;
        const e = prevEntries[j]!;
        const d = records[j].start - e.start;
        if (d !== 0) {
          shiftSpans(e.spans, d);
          e.start = records[j].start;
        }
      }
      stats.reused += b - a;
      stats.copied += b - a;
    };
    let wi = 0;
    for (let k = 0; k < records.length; ) {
      if (slice > 0 && performance.now() - lastYield > slice) {
        await yieldNow();
        lastYield = performance.now();
        if (signal?.aborted) {
          this.fast = false;
          return abortedRun(stats, t0);
        }
      }
      // A rule that failed or turned out to read beyond its record (cross-record) changes what every
      // later record needs: from there on each record is visited.
      const jump = work !== undefined && failed.size === 0 && crossRecord.size === 0;
      if (jump) {
        while (wi < work!.length && work![wi] < k) wi++;
        const next = wi < work!.length ? work![wi] : records.length;
        if (next > k) {
          reuseRange(k, next);
          k = next;
          continue;
        }
      }
      // One visit at a time between yield checks, 256 when every record is visited.
      const stop = Math.min(records.length, jump ? k + 1 : (k | 255) + 1);
      for (; k < stop; k++) {
        off[k] = findings.length;
        visit(k);
      }
    }
    off[records.length] = findings.length;
    const recordPhaseEnd = findings.length;
    // Deferred work (answers that needed I/O): its findings join this run, its records are not cached.
    out = findings;
    curRec = undefined;
    const takeDeferred = (): Deferred[] => {
      const batch = deferred;
      deferred = [];
      return batch;
    };
    const ok = await settleDeferred(
      takeDeferred,
      signal,
      (d) => failed.has(d.rule),
      (d, error) => fail(d.rule, error),
      (d) => {
        deferFile = d.file;
      },
    );
    deferFile = undefined;
    if (!ok) {
      this.fast = false;
      return abortedRun(stats, t0);
    }
    // The run is complete: write its entries into the cache (the new ones, then the middle).
    for (const [i, e] of patches) {
      const was = prevEntries[i];
      if (was && was !== e && was !== CLEAN) was.dead = true;
      prevEntries[i] = e;
    }
    // The records that are gone leave depIndex (marked dead).
    for (let k = head; k < prev.length - tail; k++) {
      const gone = prevEntries[k];
      if (gone && gone !== CLEAN) gone.dead = true;
    }
    // In place for a small edit; a new array when much changed (spreading 100k arguments fails).
    const entries = mid.length <= 4096 ? prevEntries : prevEntries.slice(0, head).concat(mid, prevEntries.slice(prev.length - tail));
    if (entries === prevEntries) prevEntries.splice(head, prev.length - tail - head, ...mid);
    this.prevEntries = entries;
    if (deferredRecs.size)
      for (let k = 0; k < records.length; k++)
        if (deferredRecs.has(records[k]) && entries[k]) {
          if (entries[k] !== CLEAN) entries[k]!.dead = true;
          entries[k] = undefined;
        }
    if (failed.size) {
      this.prevEntries = [];
      depIndex.clear();
    }
    // The same records but the edited ones (an edit within records): patched in place.
    if (prev.length === records.length) for (let k = head; k < midEnd; k++) prev[k] = records[k];
    else this.prevRecords = records.slice();
    this.prevOut = findings.slice(0, recordPhaseEnd);
    this.prevOff = off;
    this.volatilePos = volatileNow;
    this.fast = deferredRecs.size === 0 && failed.size === 0;
    this.lastLine = records.length ? records[records.length - 1].line : 0;
    this.prevZone = zone;
    this.pendingChanged = new Set();
    this.pendingStale = false;
    if (stats.reused > 0) full = false;
    const tz = performance.now();
    stats.recordMs = tz - t0;

    // Zone-wide rules: in full, with one context shared by all of them (as lintZone does).
    let current: Rule | undefined;
    const memoFn = makeCtx(rules[0] as Rule).memo;
    const shared: LintContext = {
      zone,
      workspace,
      resolver,
      options,
      report(f: ReportInput) {
        const finding = toFinding(current!, options, zone, f);
        if (finding) findings.push(finding);
      },
      memo: memoFn,
      recordsAt(name: string, type?: string): DnsRecord[] {
        return ofType((index ??= nameIndex(zone)).get(name), type);
      },
      defer<T>(p: Promise<T>, then: (value: T) => void): void {
        deferred.push({ rule: current!, p, then: then as (v: unknown) => void });
      },
      indexed(idx: RecordIndex, k: string): DnsRecord[] {
        return recordIndex(zone, idx).get(k) ?? [];
      },
    };
    out = findings;
    curRec = undefined;
    for (const r of rules) {
      if (!r.onZone || failed.has(r)) continue;
      if (signal?.aborted) return abortedRun(stats, t0);
      if (slice > 0 && performance.now() - lastYield > slice) {
        await yieldNow();
        lastYield = performance.now();
        if (signal?.aborted) return abortedRun(stats, t0);
      }
      current = r;
      try {
        const p = r.onZone(zone, shared);
        if (p && signal) await untilAborted(p, signal);
        else await p;
        // Its deferred work: the first error fails the rule (the rest of it is skipped).
        let error: { e: unknown } | undefined;
        if (!(await settleDeferred(takeDeferred, signal, () => error !== undefined, (_d, e) => (error = { e })))) return abortedRun(stats, t0);
        if (error) throw error.e;
      } catch (error) {
        deferred = [];
        failed.add(r);
        ruleErrors.push({ rule: r.id, error });
      }
    }
    if (signal?.aborted) return abortedRun(stats, t0);

    stats.zoneMs = performance.now() - tz;
    for (const p of zone.problems) {
      const sev = effectiveSeverity(p.rule, options, p.severity);
      if (sev === 'off') continue;
      findings.push(sev === p.severity ? p : { ...p, severity: sev });
    }
    if (ruleErrors.length) this.cacheOff = true; // next lint starts cold, with lintZone's isolation order

    const result = finishFindings(zone, findings, options);
    stats.full = full;
    stats.crossRecordRules = [...crossRecord].map((r) => r.id);
    stats.ms = performance.now() - t0;
    return { findings: result, ruleErrors, aborted: false, stats };
  }
}

/** The findings of a record's groups, in order (undefined when there are none). */
function flatOf(groups: Group[]): Finding[] | undefined {
  let out: Finding[] | undefined;
  for (const g of groups) if (g.findings.length) (out ??= []).push(...g.findings);
  return out;
}

/** The names a record's groups looked up, each once (undefined when none did). */
function depsOf(groups: Group[]): string[] | undefined {
  let only: string[] | undefined;
  let set: Set<string> | undefined;
  for (const g of groups) {
    if (!g.deps) continue;
    if (!only) only = g.deps;
    else if (g.deps !== only) {
      set ??= new Set(only);
      for (const d of g.deps) set.add(d);
    }
  }
  return set ? [...set] : only;
}

function abortedRun(stats: IncrementalStats, t0: number): IncrementalRun {
  stats.ms = performance.now() - t0;
  return { findings: [], ruleErrors: [], aborted: true, stats };
}

/** What the cache depends on besides the records: options, rule set, the document. */
function optionsKey(options: LintOptions, rules: readonly Rule[], zone: Zone): string {
  const sev = options.rules ? Object.keys(options.rules).sort().map((k) => `${k}=${options.rules![k]}`).join(',') : '';
  return `${zone.file.path}\n${zone.format}\n${options.dns ?? ''}\n${options.m365 ?? ''}\n${sev}\n${ruleSetId(rules)}`;
}

const ruleSetIds = new WeakMap<readonly Rule[], number>();
let nextRuleSetId = 1;
function ruleSetId(rules: readonly Rule[]): number {
  let id = ruleSetIds.get(rules);
  if (id === undefined) ruleSetIds.set(rules, (id = nextRuleSetId++));
  return id;
}

/** The record's lines: from the start of its first line to after the end of its last line. */
function recordExtent(rec: DnsRecord): { from: number; to: number } {
  const t = rec.file.text;
  let from = rec.start;
  while (from > 0) {
    const c = t.charCodeAt(from - 1);
    if (c === 10 || c === 13) break;
    from--;
  }
  let to = rec.end;
  while (to < t.length) {
    const c = t.charCodeAt(to);
    if (c === 10 || c === 13) break;
    to++;
  }
  if (t.charCodeAt(to) === 13) to++;
  if (t.charCodeAt(to) === 10) to++;
  return { from, to };
}

/** True when every range of these findings in the record's file lies within the record's lines. */
function withinRecord(list: Finding[], rec: DnsRecord): boolean {
  let ext: { from: number; to: number } | undefined;
  const file = rec.file;
  const ok = (s: { file: SourceFile; start: number; end: number }) => {
    if (s.file !== file) return s.file.path !== file.path; // another file: not moved by edits here
    ext ??= recordExtent(rec);
    return s.start >= ext.from && s.end <= ext.to;
  };
  for (const f of list) {
    if (!ok(f)) return false;
    if (f.fixes) for (const fx of f.fixes) for (const e of fx.edits) if (!ok(e)) return false;
    if (f.related) for (const r of f.related) if (!ok(r)) return false;
  }
  return true;
}

/**
 * The finding with its ranges in the document (`file` === docFile.file) inheriting `file` from
 * docFile: when the next re-parse brings a new SourceFile, they follow it without being touched.
 * Ranges in other files ($INCLUDEd files, other zones) stay as they are. Objects shared inside the
 * finding (one edit in two fixes) stay shared.
 */
function onDocFile(f: Finding, main: SourceFile, docFile: { file: SourceFile }): Finding {
  let seen: Map<object, object> | undefined;
  const conv = <T extends { file: SourceFile }>(o: T): T => {
    if (o.file !== main) return o;
    let c = seen?.get(o) as T | undefined;
    if (c) return c;
    c = Object.create(docFile) as T;
    for (const k in o) if (k !== 'file' && Object.prototype.hasOwnProperty.call(o, k)) (c as Record<string, unknown>)[k] = (o as Record<string, unknown>)[k];
    (seen ??= new Map()).set(o, c);
    return c;
  };
  const out = f.file === main ? conv(f) : { ...f };
  if (f.fixes) out.fixes = f.fixes.map((x) => ({ ...x, edits: x.edits.map(conv) }));
  if (f.related) out.related = f.related.map(conv);
  return out;
}

/** The ranges of these findings that follow docFile (each once): what an edit before them moves. */
function spansOf(flat: Finding[] | undefined, docFile: { file: SourceFile }): Span[] | undefined {
  if (!flat) return undefined;
  const set = new Set<Span>();
  const add = (o: Span & { file: SourceFile }) => {
    if (Object.getPrototypeOf(o) === docFile) set.add(o);
  };
  for (const f of flat) {
    add(f);
    if (f.fixes) for (const x of f.fixes) for (const e of x.edits) add(e);
    if (f.related) for (const r of f.related) add(r);
  }
  return set.size ? [...set] : undefined;
}

function shiftSpans(spans: Span[] | undefined, d: number): void {
  if (!spans) return;
  for (let i = 0; i < spans.length; i++) {
    const o = spans[i];
    o.start += d;
    o.end += d;
  }
}

function yieldNow(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}


