// What a rule is. One rule = one small module exporting a Rule: its ID from the catalog
// (../shared/spec/rules.md), default severity, documentation (the one source for hover text,
// rule docs and SARIF help), its check and its fixes.
import type { DnsRecord, Fix, RelatedInfo, Severity, SourceFile, Span, Zone } from './model';
import type { Resolver } from './resolver';
import type { Workspace } from './workspace';

export interface RuleDocs {
  /** One line: what the rule finds ("SPF record ends in ~all"). */
  summary: string;
  /** Markdown: why it matters, what the standard says (with RFC section), how to fix it. */
  details: string;
  /** Optional examples: a record that triggers, the fixed record. */
  bad?: string;
  good?: string;
}

export interface Rule {
  /** Catalog ID, e.g. "spf/soft-all". A public contract: never rename. */
  id: string;
  /** Default severity from the catalog. */
  severity: Severity;
  docs: RuleDocs;
  /** Needs DNS answers beyond the workspace ("live" in the catalog). */
  live?: boolean;
  /**
   * Record types this rule wants in onRecord ("TXT", "MX", …). The engine dispatches each record
   * only to the rules that asked for its type, so a 1M-record zone costs one pass.
   */
  types?: readonly string[];
  onRecord?(rec: DnsRecord, ctx: LintContext): void;
  /** Called once per zone after all records (for cross-record checks). May be async (DNS). */
  onZone?(zone: Zone, ctx: LintContext): void | Promise<void>;
}

export interface ReportInput extends Span {
  /** Defaults to the rule being run. A rule module may report only its own ID. */
  message: string;
  /** Defaults to the zone's main file. */
  file?: SourceFile;
  /** Fixes to offer; an undefined entry (a fix helper that found nothing to edit) is left out. */
  fixes?: (Fix | undefined)[];
  tags?: ('unnecessary' | 'deprecated')[];
  related?: RelatedInfo[];
  /** Override the default severity for this finding (dkim/weak-key: error under 1024, warning under 2048). */
  severity?: Severity;
}

export type DnsLookupMode = 'off' | 'workspace' | 'live';

export interface LintOptions {
  /** Severity overrides by rule ID; 'off' disables. */
  rules?: Record<string, Severity | 'off'>;
  /** Where DNS answers may come from. 'off': nothing beyond the zone itself. Default 'workspace'. */
  dns?: DnsLookupMode;
  /** Microsoft 365 checks (dkim/m365-*, spf/m365-include-missing). Default true. */
  m365?: boolean;
  /**
   * Keep each finding's fixes (default true). The CLI's text and JSON reports print none, and on a
   * million-record zone they are ~100 MB of the findings' memory.
   */
  fixes?: boolean;
  /** Aborts long work (superseded edits in the editor). */
  signal?: AbortSignal;
}

export interface LintContext {
  zone: Zone;
  workspace: Workspace;
  resolver: Resolver;
  options: LintOptions;
  /** Report a finding for the current rule. */
  report(f: ReportInput): void;
  /**
   * Per-lint memo shared by all rules: parse a record's SPF/DMARC/… once, use it in every rule.
   * `key` names the analysis ("spf", "dmarc" …). `compute` is called with the record and this
   * context, so a view read for every record can pass one module-level function instead of
   * making a closure per call (millions on a big zone, all garbage once the memo has the value).
   */
  memo<T>(key: string, rec: DnsRecord, compute: (rec: DnsRecord, ctx: LintContext) => T): T;
  /** Records at a name in this zone (absolute, lower-case), optionally of one type. */
  recordsAt(name: string, type?: string): DnsRecord[];
  /**
   * Finish a check after an answer that needs I/O (live DNS): `then` runs with the same rule and
   * record once `p` settles, before the lint returns (or never, when the lint is superseded).
   * onRecord stays synchronous; a record with deferred work is not cached by the editor's
   * incremental lint, so the next lint (answers now cached) checks it again synchronously.
   */
  defer<T>(p: Promise<T>, then: (value: T) => void): void;
  /** Records of this zone that `index` files under `key` (see defineIndex in workspace.ts). */
  indexed(index: RecordIndex, key: string): DnsRecord[];
}

/**
 * A per-zone multimap from keys a record declares (its owner, the names its SPF includes …) to the
 * records. Built once per parsed zone and carried over an editor re-parse; lookups through
 * ctx.indexed are tracked, so the incremental lint re-checks a record when the records under a
 * key it read changed.
 */
export interface RecordIndex {
  readonly id: string;
  /** The keys of one record (none: undefined or []). Must depend on the record alone. */
  keysOf(rec: DnsRecord): readonly string[] | undefined;
}
