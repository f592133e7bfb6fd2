// The lint engine: runs every enabled rule over a parsed zone and returns findings, with the
// user's severities and the file's suppression comments applied. One pass over the records:
// each record goes only to the rules that asked for its type.
import type { DnsRecord, Finding, Fix, Severity, SourceFile, Zone } from './model';
import type { LintContext, LintOptions, RecordIndex, ReportInput, Rule } from './rule';
import { allRules, knownRuleIds } from './rules';
import { WorkspaceResolver, type Resolver } from './resolver';
import { Workspace, nameIndex, ofType, recordIndex, type OwnerIndex } from './workspace';
import { applySuppressions } from './suppress';

export interface LintRun {
  findings: Finding[];
  /** Rules that threw: isolated, logged, the other findings still arrive. */
  ruleErrors: { rule: string; error: unknown }[];
}

/** The severity a rule runs at under these options, or 'off'. */
export function effectiveSeverity(rule: Rule | string, options: LintOptions, fallback: Severity = 'error'): Severity | 'off' {
  const id = typeof rule === 'string' ? rule : rule.id;
  const o = options.rules?.[id];
  if (o) return o;
  return typeof rule === 'string' ? fallback : rule.severity;
}

/**
 * Records behind the one being linted whose memoized views are kept (freed every 1,024 records).
 * The records of one name sit together, so a small window keeps what the next records ask for; a
 * view asked for again later (the apex's DMARC record, an include target) is made again and then
 * kept. Views that die young stay in V8's young generation: on a 1M-record zone a window of 64
 * instead of 4,096 takes ~70 MB off the peak at the same speed.
 */
const MEMO_WINDOW = 64;

/** Distinct finding messages kept for sharing (a run with more keeps the later ones as they are). */
const MESSAGES_MAX = 50_000;

/** Marks a memo entry whose computed value is undefined. */
const UNDEF: unknown = Symbol('undefined');

/**
 * A rule's report as a Finding under the user's severities (undefined when switched off). A buggy
 * rule must not push a range outside the document to the editor: the range is clamped. A report
 * that names no file is in `fallback` — the file of the record being checked (a record of an
 * $INCLUDEd file has its offsets in that file) — or else the zone's main file.
 */
export function toFinding(rule: Rule, options: LintOptions, zone: Zone, f: ReportInput, fallback?: SourceFile): Finding | undefined {
  const sev = options.rules?.[rule.id] ?? f.severity ?? rule.severity;
  if (sev === 'off') return undefined;
  const file = f.file ?? fallback ?? zone.file;
  const len = file.text.length;
  const start = Number.isFinite(f.start) ? Math.min(Math.max(0, Math.trunc(f.start)), len) : 0;
  const end = Number.isFinite(f.end) ? Math.min(Math.max(start, Math.trunc(f.end)), len) : start;
  const fixes = options.fixes === false || !f.fixes ? undefined : f.fixes.includes(undefined) ? f.fixes.filter((x): x is Fix => x !== undefined) : (f.fixes as Fix[]);
  return { rule: rule.id, severity: sev, message: f.message, file, start, end, fixes, tags: f.tags, related: f.related };
}

const M365_RULES = /^(dkim\/m365-|spf\/m365-)/;

export async function lintZone(
  zone: Zone,
  opts: { workspace?: Workspace; resolver?: Resolver; options?: LintOptions; rules?: readonly Rule[] } = {},
): Promise<LintRun> {
  const options = opts.options ?? {};
  const workspace = opts.workspace ?? singleZoneWorkspace(zone);
  const resolver = opts.resolver ?? new WorkspaceResolver(workspace);
  const rules = (opts.rules ?? allRules).filter((r) => {
    if (effectiveSeverity(r, options) === 'off') return false;
    if (options.m365 === false && M365_RULES.test(r.id)) return false;
    if (r.live && options.dns === 'off') return true; // live rules still run: they must say they could not decide
    return true;
  });

  const findings: Finding[] = [];
  const messages = new Map<string, string>();
  const ruleErrors: LintRun['ruleErrors'] = [];
  // Memo storage: for each record one array of values by key number. A record of the zone is
  // found by its position (the one being dispatched, or near the last one found: rules scan
  // the records in order or ask for the first record of a name), so most accesses hash nothing.
  const records = zone.records;
  const keyIds = new Map<string, number>();
  let lastKey = '';
  let lastKi = -1;
  const slots: (unknown[] | undefined)[] = [];
  for (let i = 0; i < records.length; i++) slots.push(undefined);
  let other: Map<DnsRecord, unknown[]> | undefined;
  let positions: Map<DnsRecord, number> | undefined;
  let cursor = 0;
  let hint = 0;
  let curRec: DnsRecord | undefined;
  let curSlots: unknown[] = [];
  // One file's records in source order (the usual zone): a record is found by binary search on
  // its start offset, checked by identity; otherwise through a Map of positions.
  let sorted: boolean | undefined;
  const byStart = (rec: DnsRecord): number => {
    if (sorted === undefined) {
      sorted = true;
      for (let k = 1; k < records.length && sorted; k++) if (records[k].file !== records[0].file || records[k].start <= records[k - 1].start) sorted = false;
    }
    if (!sorted) return -1;
    const at = rec.start;
    let lo = 0;
    let hi = records.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const st = records[mid].start;
      if (st === at) return records[mid] === rec ? mid : -1;
      if (st < at) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  const slotsOf = (rec: DnsRecord): unknown[] => {
    let i = -1;
    if (records[cursor] === rec) i = cursor;
    else if (records[hint] === rec) i = hint;
    else {
      for (let d = 1; d <= 64; d++) {
        if (records[hint + d] === rec) {
          i = hint + d;
          break;
        }
        if (d <= 8 && records[cursor - d] === rec) {
          i = cursor - d;
          break;
        }
      }
      if (i < 0) i = byStart(rec);
      if (i < 0) {
        if (!positions) {
          positions = new Map();
          for (let k = 0; k < records.length; k++) if (!positions.has(records[k])) positions.set(records[k], k);
        }
        i = positions.get(rec) ?? -1;
      }
    }
    if (i < 0) {
      // A record of another zone of the workspace.
      other ??= new Map();
      let s = other.get(rec);
      if (!s) other.set(rec, (s = []));
      return s;
    }
    hint = i;
    return (slots[i] ??= []);
  };
  let index: OwnerIndex | undefined;
  let lastName: string | undefined;
  let lastList: DnsRecord[] | undefined;
  let prevName: string | undefined;
  let prevList: DnsRecord[] | undefined;
  let current: Rule = rules[0];
  /** The file of the record being checked (onRecord and its deferred work), else undefined. */
  let curFile: SourceFile | undefined;
  /** Work rules deferred until an answer arrives (ctx.defer), with the rule that asked. */
  let deferred: Deferred[] = [];

  const ctx: LintContext = {
    zone,
    workspace,
    resolver,
    options,
    report(f: ReportInput) {
      const finding = toFinding(current, options, zone, f, curFile);
      if (!finding) return;
      // Most messages of a big zone repeat word for word (a rule's advice, the same include
      // outside the workspace): one copy of each instead of one per finding.
      const m = messages.get(finding.message);
      if (m !== undefined) finding.message = m;
      else if (messages.size < MESSAGES_MAX) messages.set(finding.message, finding.message);
      findings.push(finding);
    },
    memo<T>(key: string, rec: DnsRecord, compute: (rec: DnsRecord, ctx: LintContext) => T): T {
      // Called by every rule for every record it sees (~1.5M calls on a 100k-record zone).
      let ki: number;
      if (key === lastKey) ki = lastKi;
      else {
        const known = keyIds.get(key);
        if (known === undefined) keyIds.set(key, (ki = keyIds.size));
        else ki = known;
        lastKey = key;
        lastKi = ki;
      }
      let s: unknown[];
      if (rec === curRec) s = curSlots;
      else {
        s = slotsOf(rec);
        curRec = rec;
        curSlots = s;
      }
      // `undefined` results are stored as UNDEF: an empty slot means "not computed".
      const got = s[ki];
      if (got !== undefined) return (got === UNDEF ? undefined : got) as T;
      const v = compute(rec, this);
      s[ki] = v === undefined ? UNDEF : v;
      return v;
    },
    recordsAt(name: string, type?: string): DnsRecord[] {
      // The rules of one record mostly ask for the same name (its owner) one after another.
      // (Two names: a record's rules ask for its owner and for one other name in turn, e.g. the
      // `_dmarc.` name above it.)
      let list: DnsRecord[] | undefined;
      if (name === lastName) list = lastList;
      else if (name === prevName) {
        list = prevList;
        prevName = lastName;
        prevList = lastList;
        lastName = name;
        lastList = list;
      } else {
        list = (index ??= nameIndex(zone)).get(name);
        prevName = lastName;
        prevList = lastList;
        lastName = name;
        lastList = list;
      }
      return ofType(list, type);
    },
    defer<T>(p: Promise<T>, then: (value: T) => void): void {
      deferred.push({ rule: current, p, then: then as (v: unknown) => void, file: curFile });
    },
    indexed(idx: RecordIndex, key: string): DnsRecord[] {
      return recordIndex(zone, idx).get(key) ?? [];
    },
  };

  /** Runs the deferred work as its answers arrive (and whatever that defers in turn). */
  const settle = (): Promise<boolean> =>
    settleDeferred(
      () => {
        const batch = deferred;
        deferred = [];
        return batch;
      },
      options.signal,
      (d) => failed.has(d.rule),
      (d, error) => {
        failed.add(d.rule);
        ruleErrors.push({ rule: d.rule.id, error });
      },
      (d) => {
        current = d.rule;
        curFile = d.file;
      },
    );

  // Dispatch table: record type → rules that want it (then the rules that want every type).
  const byType = new Map<string, Rule[]>();
  let anyType: Rule[] = [];
  for (const r of rules) {
    if (!r.onRecord) continue;
    if (!r.types) anyType.push(r);
    else for (const t of r.types) (byType.get(t) ?? byType.set(t, []).get(t)!).push(r);
  }
  if (anyType.length) for (const [t, list] of byType) byType.set(t, list.concat(anyType));

  const failed = new Set<Rule>();
  const fail = (r: Rule, error: unknown) => {
    failed.add(r);
    ruleErrors.push({ rule: r.id, error });
    // A failed rule is isolated: drop it from the dispatch lists (no per-call check).
    for (const [t, list] of byType) byType.set(t, list.filter((x) => x !== r));
    anyType = anyType.filter((x) => x !== r);
  };

  // The hot loop (records × rules of their type): no closure or promise per call.
  // Views of records far behind the cursor are dropped (a memo is only a cache: a rule that needs
  // one again, e.g. an include target met earlier, computes it again), so a million-record zone
  // does not keep a parsed view of every record until the end of the lint.
  let freed = 0;
  for (let k = 0; k < records.length; k++) {
    if ((k & 1023) === 0 && k - MEMO_WINDOW > freed) {
      for (; freed < k - MEMO_WINDOW; freed++) slots[freed] = undefined;
      curRec = undefined;
    }
    const rec = records[k];
    cursor = k;
    curFile = rec.file;
    const list = byType.get(rec.type) ?? anyType;
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      current = r;
      try {
        r.onRecord!(rec, ctx);
      } catch (error) {
        fail(r, error); // later records get the new lists; this one goes on with the old
      }
    }
  }
  curFile = undefined;
  await settle();
  for (const r of rules) {
    if (!r.onZone || failed.has(r)) continue;
    if (options.signal?.aborted) break;
    current = r;
    curFile = undefined;
    try {
      const p = r.onZone(zone, ctx);
      // A superseded lint must return even if a rule's promise never settles.
      if (p && options.signal) await untilAborted(p, options.signal);
      else await p;
    } catch (error) {
      failed.add(r);
      ruleErrors.push({ rule: r.id, error });
    }
    await settle();
  }

  // Problems found by the readers (zone/syntax …) take the user's severities too.
  for (const p of zone.problems) {
    const sev = effectiveSeverity(p.rule, options, p.severity);
    if (sev === 'off') continue;
    findings.push(sev === p.severity ? p : { ...p, severity: sev });
  }

  return { findings: finishFindings(zone, findings, options), ruleErrors };
}

/** Every rule ID (for suppression comments that name one that does not exist). */
let knownIds: string[] | undefined;

/**
 * The findings as both linters return them: suppression comments applied, in source order, and a
 * finding repeated word for word at the same place given once — a `$GENERATE` line makes many
 * records at one place, and `$GENERATE 1-1000 … CNAME x.outlook.com` is one problem, not 1,000.
 */
export function finishFindings(zone: Zone, findings: Finding[], options: LintOptions): Finding[] {
  const out = applySuppressions(zone, findings, effectiveSeverity('mailzone/unused-suppression', options, 'hint'), (knownIds ??= knownRuleIds()));
  out.sort((a, b) => (a.file === b.file ? a.start - b.start || a.end - b.end : a.file.path < b.file.path ? -1 : 1));
  let w = 0;
  let group = 0; // where the findings at the current place start in the output
  let seen: Set<string> | undefined;
  for (let i = 0; i < out.length; i++) {
    const f = out[i];
    const g = out[group];
    if (w > group && g.file === f.file && g.start === f.start && g.end === f.end) {
      if (!seen) {
        seen = new Set();
        for (let k = group; k < w; k++) seen.add(sameKey(out[k]));
      }
      const key = sameKey(f);
      if (seen.has(key)) continue;
      seen.add(key);
    } else {
      group = w;
      seen = undefined;
    }
    out[w++] = f;
  }
  out.length = w;
  return out;
}

function sameKey(f: Finding): string {
  let k = f.rule + '\0' + f.severity + '\0' + f.message;
  if (f.related) for (const r of f.related) k += '\0' + r.file.path + ':' + r.start + '-' + r.end + ':' + r.message;
  return k;
}

export interface Deferred {
  rule: Rule;
  p: Promise<unknown>;
  then: (value: unknown) => void;
  /** The file of the record whose check deferred this work (where its reports without a file go). */
  file?: SourceFile;
}

/**
 * Runs deferred work (ctx.defer) as its answers arrive, and whatever that defers in turn: `take`
 * hands over the queue. A continuation is skipped when `skip` says so; one that throws, or whose
 * promise rejected, goes to `failed`; `before` runs ahead of each (to set the current rule).
 * False when `signal` aborted first.
 */
export async function settleDeferred(
  take: () => Deferred[],
  signal: AbortSignal | undefined,
  skip: (d: Deferred) => boolean,
  failed: (d: Deferred, error: unknown) => void,
  before?: (d: Deferred) => void,
): Promise<boolean> {
  for (let batch = take(); batch.length; batch = take()) {
    const all = Promise.all(batch.map((d) => d.p.then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e }))));
    const results = signal ? await untilAbortedValue(all, signal) : await all;
    if (!results || signal?.aborted) return false;
    batch.forEach((d, i) => {
      if (skip(d)) return;
      const r = results[i];
      before?.(d);
      try {
        if (!r.ok) throw r.e;
        d.then(r.v);
      } catch (error) {
        failed(d, error);
      }
    });
  }
  return true;
}

/** `p`'s value, or undefined as soon as `signal` aborts. */
export function untilAbortedValue<T>(p: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

/** Settles with `p`, or resolves as soon as `signal` aborts. */
export function untilAborted(p: Promise<void> | void, signal: AbortSignal): Promise<void> {
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

export function singleZoneWorkspace(zone: Zone): Workspace {
  const ws = new Workspace();
  ws.set(zone);
  return ws;
}
