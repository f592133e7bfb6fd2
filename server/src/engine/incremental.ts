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
import type { DnsRecord, Finding, Fix, RelatedInfo, SourceFile, Zone } from './model';
import type { LintContext, LintOptions, ReportInput, Rule } from './rule';
import { allRules } from './rules';
import { WorkspaceResolver, type Resolver } from './resolver';
import { Workspace, nameIndex } from './workspace';
import { applySuppressions } from './suppress';
import { effectiveSeverity, type LintRun } from './lint';

const M365_RULES = /^(dkim\/m365-|spf\/m365-)/;

export interface IncrementalLintOptions {
  workspace?: Workspace;
  resolver?: Resolver;
  options?: LintOptions;
  rules?: readonly Rule[];
  /** Yield to the event loop after this many ms of synchronous work (default 8; 0: never). */
  sliceMs?: number;
}

export interface IncrementalStats {
  /** Records given to the per-record rules in this run (all of them on a cold cache). */
  linted: number;
  /** Records whose findings came from the cache. */
  reused: number;
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

/** Cached per-record results: the findings of each cacheable rule, where the record was then. */
interface RecEntry {
  start: number;
  file: SourceFile;
  /** Findings per rule, only for rules with findings (in dispatch order). */
  groups: { rule: Rule; findings: Finding[] }[] | undefined;
  /** Rules whose findings on this record reach outside its lines: run each time. */
  volatile: Set<Rule> | undefined;
}

/**
 * One per open document. lint(zone) gives exactly lintZone(zone, same options)'s findings; the
 * zone may be a re-parse (zone/reparseZone) of the one linted before, reusing its record objects.
 */
export class IncrementalLinter {
  private key = '';
  private entries = new WeakMap<DnsRecord, RecEntry>();
  private crossRecord = new Set<Rule>();
  private cacheOff = false;

  /** Forget everything (a different document, settings, rules …). */
  reset(): void {
    this.key = '';
    this.entries = new WeakMap();
    this.crossRecord = new Set();
    this.cacheOff = false;
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
    const key = optionsKey(options, ruleSet, zone);
    if (key !== this.key || this.cacheOff) {
      this.reset();
      this.key = key;
    }
    const slice = opts.sliceMs ?? 8;
    const signal = options.signal;
    let full = true;
    const stats: IncrementalStats = { linted: 0, reused: 0, crossRecordRules: [], full: true, ms: 0, recordMs: 0, zoneMs: 0 };

    const findings: Finding[] = [];
    const ruleErrors: LintRun['ruleErrors'] = [];
    const memo = new Map<string, Map<DnsRecord, unknown>>();
    /** Memo entries whose computation read beyond their record. */
    const taintedMemo = new Map<string, Set<DnsRecord>>();
    let index: Map<string, DnsRecord[]> | undefined;

    // The record and rule being run, and whether that call read beyond the record.
    let curRec: DnsRecord | undefined;
    let touched = false;
    let out: Finding[] = findings;

    const makeCtx = (rule: Rule): LintContext => {
      const ctx: LintContext = {
        get zone() {
          touched = true;
          return zone;
        },
        get workspace() {
          touched = true;
          return workspace;
        },
        get resolver() {
          touched = true;
          return resolver;
        },
        options,
        report(f: ReportInput) {
          const sev = options.rules?.[rule.id] ?? f.severity ?? rule.severity;
          if (sev === 'off') return;
          const file = f.file ?? zone.file;
          const len = file.text.length;
          const start = Number.isFinite(f.start) ? Math.min(Math.max(0, Math.trunc(f.start)), len) : 0;
          const end = Number.isFinite(f.end) ? Math.min(Math.max(start, Math.trunc(f.end)), len) : start;
          out.push({
            rule: rule.id,
            severity: sev,
            message: f.message,
            file,
            start,
            end,
            fixes: f.fixes,
            tags: f.tags,
            related: f.related,
          });
        },
        memo<T>(k: string, rec: DnsRecord, compute: () => T): T {
          if (rec !== curRec) touched = true;
          let m = memo.get(k);
          if (!m) memo.set(k, (m = new Map()));
          if (m.has(rec)) {
            if (taintedMemo.get(k)?.has(rec)) touched = true;
            return m.get(rec) as T;
          }
          const outer = touched;
          touched = false;
          let v: T;
          try {
            v = compute();
          } finally {
            if (touched) {
              let s = taintedMemo.get(k);
              if (!s) taintedMemo.set(k, (s = new Set()));
              s.add(rec);
            }
            touched = touched || outer;
          }
          m.set(rec, v);
          return v;
        },
        recordsAt(name: string, type?: string): DnsRecord[] {
          touched = true;
          const list = (index ??= nameIndex(zone)).get(name) ?? [];
          return type ? list.filter((r) => r.type === type) : list;
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

    const entries = this.entries;
    const crossRecord = this.crossRecord;
    const records = zone.records;
    let lastYield = performance.now();
    let scratch: Finding[] = [];

    /** Runs one rule on one record; returns its findings (also pushed to `findings`). */
    const runOne = (r: Rule, rec: DnsRecord): { list: Finding[]; cross: boolean } | undefined => {
      scratch = [];
      out = scratch;
      curRec = rec;
      touched = false;
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
      return { list: scratch, cross: touched };
    };

    for (let k = 0; k < records.length; k++) {
      if (slice > 0 && (k & 255) === 255 && performance.now() - lastYield > slice) {
        await yieldNow();
        lastYield = performance.now();
        if (signal?.aborted) return abortedRun(stats, t0);
      }
      const rec = records[k];
      const list = byType.get(rec.type) ?? anyType;
      const cached = entries.get(rec);
      if (cached && failed.size === 0) {
        // Reused record: cached findings moved with it; cross-record and volatile rules run again.
        stats.reused++;
        const d = rec.start - cached.start;
        const fromFile = cached.file;
        const toFile = rec.file;
        const groups = cached.groups;
        let g = 0;
        for (let i = 0; i < list.length; i++) {
          const r = list[i];
          if (crossRecord.has(r) || cached.volatile?.has(r)) {
            // Skip a stale cached group of a rule that became cross-record since.
            if (groups && g < groups.length && groups[g].rule === r) g++;
            const res = runOne(r, rec);
            if (res?.cross) crossRecord.add(r);
            continue;
          }
          if (groups && g < groups.length && groups[g].rule === r) {
            const fs = groups[g++].findings;
            if (d === 0 && fromFile === toFile) for (const f of fs) findings.push(f);
            else {
              const moved = fs.map((f) => moveFinding(f, fromFile, toFile, d));
              groups[g - 1] = { rule: r, findings: moved };
              for (const f of moved) findings.push(f);
            }
          }
        }
        cached.start = rec.start;
        cached.file = toFile;
        continue;
      }
      // New record (or no cache): every rule of its type runs.
      stats.linted++;
      let groups: RecEntry['groups'];
      let volatile: RecEntry['volatile'];
      for (let i = 0; i < list.length; i++) {
        const r = list[i];
        const res = runOne(r, rec);
        if (!res) continue;
        if (res.cross) {
          crossRecord.add(r);
          continue;
        }
        if (crossRecord.has(r) || res.list.length === 0) continue;
        if (!withinRecord(res.list, rec)) {
          (volatile ??= new Set()).add(r);
          continue;
        }
        (groups ??= []).push({ rule: r, findings: res.list });
      }
      if (failed.size === 0) entries.set(rec, { start: rec.start, file: rec.file, groups, volatile });
    }
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
        const rule = current!;
        const sev = options.rules?.[rule.id] ?? f.severity ?? rule.severity;
        if (sev === 'off') return;
        const file = f.file ?? zone.file;
        const len = file.text.length;
        const start = Number.isFinite(f.start) ? Math.min(Math.max(0, Math.trunc(f.start)), len) : 0;
        const end = Number.isFinite(f.end) ? Math.min(Math.max(start, Math.trunc(f.end)), len) : start;
        findings.push({ rule: rule.id, severity: sev, message: f.message, file, start, end, fixes: f.fixes, tags: f.tags, related: f.related });
      },
      memo: memoFn,
      recordsAt(name: string, type?: string): DnsRecord[] {
        const list = (index ??= nameIndex(zone)).get(name) ?? [];
        return type ? list.filter((r) => r.type === type) : list;
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
      } catch (error) {
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

    const result = applySuppressions(zone, findings, effectiveSeverity('mailzone/unused-suppression', options, 'hint'));
    result.sort((a, b) => (a.file === b.file ? a.start - b.start || a.end - b.end : a.file.path < b.file.path ? -1 : 1));
    stats.full = full;
    stats.crossRecordRules = [...crossRecord].map((r) => r.id);
    stats.ms = performance.now() - t0;
    return { findings: result, ruleErrors, aborted: false, stats };
  }
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

function moveFinding(f: Finding, from: SourceFile, to: SourceFile, d: number): Finding {
  const inFile = f.file === from;
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    file: inFile ? to : f.file,
    start: inFile ? f.start + d : f.start,
    end: inFile ? f.end + d : f.end,
    fixes: f.fixes && f.fixes.map((x) => moveFix(x, from, to, d)),
    tags: f.tags,
    related: f.related && f.related.map((r): RelatedInfo => (r.file === from ? { ...r, file: to, start: r.start + d, end: r.end + d } : r)),
  };
}

function moveFix(x: Fix, from: SourceFile, to: SourceFile, d: number): Fix {
  const edits = x.edits.map((e) => (e.file === from ? { ...e, file: to, start: e.start + d, end: e.end + d } : e));
  const out: Fix = { ...x, edits };
  return out;
}

function yieldNow(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Settles with `p`, or resolves as soon as `signal` aborts. */
function untilAborted(p: Promise<void> | void, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(p).then(
      () => (signal.removeEventListener('abort', onAbort), resolve()),
      (e) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

function singleZoneWorkspace(zone: Zone): Workspace {
  const ws = new Workspace();
  ws.set(zone);
  return ws;
}

