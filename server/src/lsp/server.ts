// The language server: documents, the workspace of zones, linting as the user types, and the
// language features. Any LSP client works over --stdio (Neovim, Emacs, Helix …); VS Code starts it
// over IPC. Custom requests (all optional for a client):
//   mailzone/posture       { textDocument }                      → Posture
//   mailzone/spfTree       { textDocument, position }            → SpfTreeResult | null
//   mailzone/lintWorkspace {}                                    → { files, errors, warnings, infos }
//   mailzone/detectKind    { uri, text, languageId? }            → { kind } ('plaintext': by content too)
//   mailzone/m365Records   { textDocument, domain, tenant }      → M365Result
//   mailzone/setTrust      (notification) { trusted }
// Commands (workspace/executeCommand, advertised unless initializationOptions.clientCommands lists
// them because the client runs them itself, as the VS Code extension does):
//   mailzone.showSpfTree   [position?, uri]                      → SpfTreeResult | null, and the
//                          tree as window/showMessage (the code lenses carry this command)
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeLens,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type Position,
  type TextDocumentIdentifier,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  detectKind,
  looksLikeZoneText,
  notAZoneReason,
  effectiveSeverity,
  IncrementalLinter,
  knownRuleIds,
  lintZone,
  readDocument,
  SourceFile,
  Workspace,
  WorkspaceResolver,
  type DocumentKind,
  type FeatureContext,
  type Finding,
  type Resolver,
  type Zone,
} from '../engine';
import { createResolver } from '../engine/live-resolver';
import * as zoneReader from '../engine/zone';
import { findingToDiagnostic, limitedDiagnostics, pathToUri, uriToPath } from './convert';
import { codeActions, completion, definition, documentSymbols, hover, type EditTarget } from './features';
import { apexSpfOffset, posture, SHOW_SPF_TREE, spfCodeLenses, spfTreeAt, type Posture, type SpfTreeResult } from './posture';
import { m365Records, type M365Params } from './m365';
import { defaultSettings, lintOptions, matchesAny, normaliseSettings, type Settings } from './settings';
import { readSmallFile, scanFolders } from './scan';
import { diskBomFinding, forgetDiskBom } from './bom';
import { insideRealRoot } from '../realroot';

/** A `type:` key naming a DNS record type, as in an octoDNS record (indented or a list item). */
const RECORD_TYPE_LINE =
  /^(?:[ \t]+|[ \t]*-[ \t]+)(['"]?)type\1[ \t]*:[ \t]*(['"]?)(A|AAAA|ALIAS|CAA|CNAME|DNAME|DS|HTTPS|LOC|MX|NAPTR|NS|OPENPGPKEY|PTR|SPF|SRV|SSHFP|SVCB|TLSA|TXT|URI|URLFWD)\2[ \t]*(?:#.*)?$/m;

const YAML_TYPE_KEY = /^(?:[ \t]+|[ \t]*-[ \t]+)(['"]?)type\1[ \t]*:[ \t]*(['"]?)([^'"#\s]+)\2[ \t]*(?:#.*)?$/gm;

/** True when a `type:` key of the YAML text, on another line than the offset's, names no DNS record type. */
function otherYamlType(text: string, offset: number): boolean {
  if (/^apiVersion[ \t]*:/m.test(text) && /^kind[ \t]*:/m.test(text)) return true; // a Kubernetes manifest
  for (const m of text.matchAll(YAML_TYPE_KEY)) {
    const at = m.index ?? 0;
    if (at <= offset && offset <= at + m[0].length) continue;
    RECORD_TYPE_LINE.lastIndex = 0;
    if (!RECORD_TYPE_LINE.test(m[0])) return true;
  }
  return false;
}

interface Parsed {
  version: number;
  kind: DocumentKind;
  zone: Zone | undefined;
  /** What other zones can see of this one (crossFileSignature), computed only when another document is open. */
  sig: string | undefined;
}

/** An edit in the old text's offsets ([start, end) replaced by newLength characters) and the text after it. */
interface Change {
  start: number;
  end: number;
  newLength: number;
  text: string;
}

type ReparseFn = (prev: Zone, file: SourceFile, change: { start: number; end: number; newLength: number }) => Zone;
/** zone/reparseZone (incremental re-parse) when the engine has it; otherwise every edit parses in full. */
const reparseZone: ReparseFn | undefined = (() => {
  const f = (zoneReader as Record<string, unknown>).reparseZone;
  return typeof f === 'function' ? (f as ReparseFn) : undefined;
})();

/** More pending edits than this since the last parse: parse in full. */
const MAX_PENDING_CHANGES = 64;

/**
 * A digest of everything another zone's rules can read from this one: the origin and every
 * record's owner, type and rdata as written. Editing a comment or spacing leaves it unchanged.
 */
export function crossFileSignature(zone: Zone | undefined): string {
  if (!zone) return '';
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const add = (str: string) => {
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 16777619);
      h2 = Math.imul(h2 + c, 2246822519) ^ (h2 >>> 13);
    }
    h1 = Math.imul(h1 ^ 0x1f, 16777619);
  };
  add(zone.origin);
  for (const r of zone.records) {
    add(r.owner);
    add(r.type);
    add(String(r.ttl));
    for (const f of r.fields) add(f.text);
  }
  return `${zone.records.length}:${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}`;
}

interface LintResult {
  version: number;
  zone: Zone;
  findings: Finding[];
}

export interface ServerOptions {
  /** Debounce for a document of this length (ms). */
  debounce?: (length: number) => number;
}

/** The workspace scan stops reading once the zones it holds reach this much text. */
export const MAX_WORKSPACE_BYTES = 256 * 1024 * 1024;

/** MAILZONE_TIMING=1: log where each lint's time went (parse, lint, publish) to the output channel. */
const TIMING = process.env.MAILZONE_TIMING === '1';

export function defaultDebounce(length: number): number {
  if (length < 20_000) return 40;
  if (length < 500_000) return 150;
  return 400;
}

/**
 * How long to wait after a change before linting, from what the last lint of the document cost.
 * A cheap lint (incremental lints of small and big zones alike) runs at once, coalesced with the
 * other changes already queued; only an expensive one waits for a pause in typing.
 */
export function lintDelay(lastCostMs: number | undefined, length: number, debounce: (length: number) => number): number {
  if (lastCostMs === undefined) return 0;
  if (lastCostMs <= 50) return 0;
  // The lint yields between chunks and stops when superseded, so a short pause is enough.
  return Math.min(250, Math.max(Math.min(debounce(length), 40), Math.round(lastCostMs / 8)));
}

export function startServer(connection: Connection, opts: ServerOptions = {}): void {
  const debounce = opts.debounce ?? defaultDebounce;
  /** Edits since the last parse of each open document, in order; 'full' when a parse must start over. */
  const pending = new Map<string, Change[] | 'full'>();
  /** MAILZONE_TIMING: when each document's last change arrived. */
  const changeArrived = new Map<string, number>();
  const updateDone = new Map<string, number>();
  const documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => {
      pending.set(uri, 'full');
      return TextDocument.create(uri, languageId, version, content);
    },
    update: (doc, changes, version) => {
      if (TIMING) changeArrived.set(doc.uri, performance.now());
      // Apply the changes one by one, noting each one's offsets in the text it applied to (this
      // is exactly what TextDocument.update does, which mutates the document in place).
      let list = pending.get(doc.uri);
      for (const c of changes) {
        if ('range' in c && c.range) {
          let { start, end } = c.range;
          if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
          const s = doc.offsetAt(start);
          const e = doc.offsetAt(end);
          TextDocument.update(doc, [c], version);
          if (list !== 'full') {
            list ??= [];
            if (list.length >= MAX_PENDING_CHANGES) list = 'full';
            else list.push({ start: s, end: Math.max(s, e), newLength: c.text.length, text: doc.getText() });
          }
        } else {
          TextDocument.update(doc, [c], version);
          list = 'full';
        }
      }
      // An empty change list still moves the version.
      if (changes.length === 0) TextDocument.update(doc, [], version);
      pending.set(doc.uri, list ?? []);
      if (TIMING) updateDone.set(doc.uri, performance.now());
      return doc;
    },
  });
  /** Incremental linters of open documents (findings cached per record). */
  const linters = new Map<string, IncrementalLinter>();
  /** Workspace changes made by each open document's own edits (not a reason to re-check its lookups). */
  const ownChanges = new Map<string, number>();
  const resolverIds = new WeakMap<Resolver, number>();
  let nextResolverId = 1;
  /** Changes when anything a document's rules may look up outside it changed: other zones, the resolver. */
  function dependencyKey(uri: string): string {
    let rid = resolverIds.get(resolverInst);
    if (rid === undefined) resolverIds.set(resolverInst, (rid = nextResolverId++));
    return `${ws.generation - (ownChanges.get(uri) ?? 0)}:${rid}`;
  }
  const ws = new Workspace();
  /** Workspace files read from disk (not open), by path, with their kind. */
  const diskKinds = new Map<string, DocumentKind>();
  const parsed = new Map<string, Parsed>(); // by uri, for open documents
  const lastLint = new Map<string, LintResult>(); // by uri
  const timers = new Map<string, NodeJS.Timeout>();
  const inflight = new Map<string, AbortController>();
  /** How long the last lint of each document took (ms), to pace re-lints of slow documents. */
  const lintCost = new Map<string, number>();
  /** Diagnostics published for other files (an $INCLUDEd file) on behalf of a document. */
  const published = new Map<string, Set<string>>();
  let settings: Settings = defaultSettings();
  let trusted = true;
  let roots: string[] = [];
  let hasConfiguration = false;
  /** What initializationOptions.settings had wrong, shown once the client is initialized. */
  let initProblems: string[] = [];
  let hasWatchedFilesDynamic = false;
  let hasConfigurationDynamic = false;
  let documentChanges = false;
  /** Workspace answers, then live DNS when the settings and trust allow (rebuilt when they change). */
  let resolverInst: Resolver = new WorkspaceResolver(ws);
  // Settled when the first workspace scan is done (lintWorkspace waits for it).
  let firstScanDone!: () => void;
  let scanDone: Promise<void> = new Promise<void>((resolve) => {
    firstScanDone = resolve;
    setTimeout(resolve, 10_000).unref();
  });
  // Nothing is linted before the settings are known (no flicker of default severities); a client
  // that never sends `initialized` still gets diagnostics after 2 s.
  let settingsLoaded!: () => void;
  const settingsReady = new Promise<void>((resolve) => {
    settingsLoaded = resolve;
    setTimeout(resolve, 2000).unref();
  });

  const log = (msg: string) => connection.console.log(`[mailzone] ${msg}`);
  const logError = (msg: string, err?: unknown) =>
    connection.console.error(`[mailzone] ${msg}${err ? ': ' + (err instanceof Error ? err.stack ?? err.message : String(err)) : ''}`);

  /** Runs a handler; an exception is logged and answered with `fallback`, never kills the server. */
  async function safe<T>(what: string, fallback: T, fn: () => T | Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      logError(`${what} failed`, err);
      return fallback;
    }
  }

  /** Open documents by engine path (kept by the open/close events below). */
  const openByPath = new Map<string, string>();
  const openUriByPath = (p: string): string | undefined => openByPath.get(p);
  const uriOf = (file: SourceFile): string => openUriByPath(file.path) ?? pathToUri(file.path);

  const editTarget: EditTarget = {
    uriOf,
    versionOf: (file) => {
      const uri = openUriByPath(file.path);
      const doc = uri ? documents.get(uri) : undefined;
      return doc ? doc.version : null;
    },
    get documentChanges() {
      return documentChanges;
    },
  };

  function readFileForInclude(abs: string): string | undefined {
    const uri = openUriByPath(abs);
    const doc = uri ? documents.get(uri) : undefined;
    if (doc) return doc.getText();
    try {
      const st = fs.statSync(abs);
      if (!st.isFile() || st.size > 16 * 1024 * 1024) return undefined;
      return fs.readFileSync(abs, 'utf8');
    } catch {
      return undefined;
    }
  }

  function rootFor(p: string): string | undefined {
    let best: string | undefined;
    for (const r of roots) if ((p === r || p.startsWith(r + path.sep)) && (!best || r.length > best.length)) best = r;
    return best;
  }

  /**
   * What a document is. The octoDNS file patterns only let a YAML file through; its content decides
   * (Rails' config/database.yml or a Kubernetes manifest under config/ is not octoDNS). Inside the
   * patterns a record file still being written counts from its first `type: <DNS type>` line.
   */
  function kindOf(p: string, text: string, languageId?: string): DocumentKind {
    let kind = detectKind(p, text, languageId);
    const isYaml = languageId === 'yaml' || /\.ya?ml$/i.test(p);
    if (kind === 'other' && isYaml && RECORD_TYPE_LINE.test(text.slice(0, 65536)) && matchesAny(p, settings.octodns.filePatterns)) kind = 'octodns';
    return kind;
  }

  function parse(p: string, text: string, kind: DocumentKind, version?: number): Zone | undefined {
    if (kind !== 'zone' && kind !== 'octodns') return undefined;
    try {
      const root = rootFor(p);
      return readDocument(new SourceFile(p, text, version), kind, { readFile: readFileForInclude, workspaceRoot: root, insideWorkspace: root ? insideRealRoot(root) : undefined });
    } catch (err) {
      logError(`reading ${p} failed`, err);
      return undefined;
    }
  }

  /** The parsed zone of an open document at its current version (parsed on demand). */
  function parsedOf(doc: TextDocument): Parsed {
    const cached = parsed.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const p = uriToPath(doc.uri);
    const text = doc.getText();
    const kind = kindOf(p, text, doc.languageId);
    const changes = pending.get(doc.uri);
    pending.set(doc.uri, []);
    let zone: Zone | undefined;
    // Re-parse only what the edits touched (zone files): the records elsewhere stay the same
    // objects, so their lint findings can be reused.
    if (reparseZone && cached?.zone && cached.kind === 'zone' && kind === 'zone' && Array.isArray(changes) && changes.length > 0) {
      try {
        let z = cached.zone;
        for (let i = 0; i < changes.length; i++) {
          const c = changes[i];
          const last = i === changes.length - 1;
          z = reparseZone(z, new SourceFile(p, last ? text : c.text, last ? doc.version : undefined), c);
        }
        zone = z;
      } catch (err) {
        logError(`re-parsing ${p} failed; reading it again`, err);
        zone = undefined;
      }
    }
    zone ??= parse(p, text, kind, doc.version);
    const others = documents.all().length > 1;
    const entry: Parsed = { version: doc.version, kind, zone, sig: others ? crossFileSignature(zone) : undefined };
    parsed.set(doc.uri, entry);
    const g0 = ws.generation;
    if (zone) ws.set(zone);
    else ws.delete(p);
    ownChanges.set(doc.uri, (ownChanges.get(doc.uri) ?? 0) + ws.generation - g0);
    // Other open documents may read this zone (SPF includes, DMARC inheritance …): re-lint them
    // when what they can see changed, not on every keystroke.
    if (others && (!cached || cached.sig !== entry.sig)) scheduleDependents(doc.uri);
    return entry;
  }

  function resolver(): Resolver {
    return resolverInst;
  }

  function featureContext(zone: Zone): FeatureContext {
    const options = lintOptions(settings, trusted);
    if (options.dns === 'off') {
      const single = new Workspace();
      single.set(zone);
      return { zone, workspace: single, resolver: new WorkspaceResolver(single), options };
    }
    return { zone, workspace: ws, resolver: resolver(), options };
  }

  // ---- Linting ----------------------------------------------------------------------------------

  function publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    void connection.sendDiagnostics({ uri, version, diagnostics });
  }

  function clearExtra(uri: string, keep: Set<string> = new Set()): void {
    const prev = published.get(uri);
    if (prev) for (const u of prev) if (!keep.has(u)) publish(u, undefined, []);
    if (keep.size) published.set(uri, keep);
    else published.delete(uri);
  }

  async function lintOpen(uri: string): Promise<void> {
    await settingsReady;
    const doc = documents.get(uri);
    if (!doc) return;
    inflight.get(uri)?.abort();
    const ctrl = new AbortController();
    inflight.set(uri, ctrl);
    const version = doc.version;
    try {
      const tStart = performance.now();
      const cpu0 = TIMING ? process.cpuUsage() : undefined;
      // Every open document's latest text is in the workspace before anything is linted.
      for (const d of documents.all()) parsedOf(d);
      const { zone } = parsedOf(doc);
      const tParsed = performance.now();
      if (!zone) {
        lastLint.delete(uri);
        // The client called it a zone file (a `db.*` name pattern, a user's choice) but it is not
        // one: one note saying so instead of zone errors on a Python or JSON file.
        const why = doc.languageId === 'dns-zone' ? notAZoneReason(uriToPath(uri), doc.getText()) : undefined;
        publish(
          uri,
          version,
          why
            ? [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: 'mailzone', message: `mailzone: not read as a DNS zone file: ${why}.` }]
            : [],
        );
        clearExtra(uri);
        return;
      }
      const options = lintOptions(settings, trusted, ctrl.signal);
      const t0 = Date.now();
      // Incremental: only the records the edit re-parsed go through the per-record rules; the
      // others' findings come from the cache (identical to a full lintZone). It yields to the
      // event loop between chunks (hovers stay fast) and stops when superseded.
      let linter = linters.get(uri);
      if (!linter) linters.set(uri, (linter = new IncrementalLinter()));
      const run =
        options.dns === 'off'
          ? await linter.lint(zone, { options })
          : await linter.lint(zone, { workspace: ws, resolver: resolver(), options, dependencyKey: dependencyKey(uri) });
      lintCost.set(uri, run.stats.full ? Date.now() - t0 : Math.min(Date.now() - t0, 50));
      const tLinted = performance.now();
      // Never publish stale results over fresh ones.
      if (run.aborted || ctrl.signal.aborted || documents.get(uri)?.version !== version || parsed.get(uri)?.zone !== zone) return;
      for (const e of run.ruleErrors) logError(`rule ${e.rule} threw on ${zone.file.path}`, e.error);
      lastLint.set(uri, { version, zone, findings: run.findings });
      // Findings by file: all in the document itself (the usual case) needs no map.
      const byFile = new Map<SourceFile, Finding[]>();
      const main = zone.file;
      let k = 0;
      const all = run.findings;
      while (k < all.length && all[k].file === main) k++;
      if (k === all.length) byFile.set(main, all);
      else for (const f of all) (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file)!).push(f);
      // Positions of the open document from its TextDocument (line offsets kept up to date by the
      // incremental sync) instead of scanning the new text for line starts.
      const docPos = (file: SourceFile, offset: number) => (file === zone.file ? doc.positionAt(offset) : file.positionAt(offset));
      // As many as the editor shows (errors first); a note says how many more there are.
      const max = settings.maxNumberOfProblems;
      let own = byFile.get(zone.file) ?? [];
      if (zone.format === 'zone') {
        const bom = diskBomFinding(zone.file, doc.getText(), effectiveSeverity('zone/syntax', options, 'error'));
        if (bom) own = [bom, ...own];
      }
      const diagnostics = limitedDiagnostics(own, max, (f) => findingToDiagnostic(f, uriOf, docPos));
      publish(uri, version, diagnostics);
      if (TIMING) log(`timing ${uri} v${version}: update ${((updateDone.get(uri) ?? 0) - (changeArrived.get(uri) ?? 0)).toFixed(1)} ms, queued ${(tStart - (updateDone.get(uri) ?? tStart)).toFixed(1)} ms, parse ${(tParsed - tStart).toFixed(1)} ms, lint ${(tLinted - tParsed).toFixed(1)} ms (${run.stats.full ? 'full' : 'incremental'}, ${run.stats.linted} records linted, ${run.stats.copied} copied, ${run.stats.crossRecordRules.length} cross-record rules), publish ${(performance.now() - tLinted).toFixed(1)} ms, ${diagnostics.length} of ${run.findings.length} findings; CPU ${(((c) => (c.user + c.system) / 1000)(process.cpuUsage(cpu0))).toFixed(1)} ms`);
      const extra = new Set<string>();
      for (const [file, list] of byFile) {
        if (file === zone.file || openUriByPath(file.path)) continue;
        const u = pathToUri(file.path);
        extra.add(u);
        publish(u, undefined, limitedDiagnostics(list, max, (f) => findingToDiagnostic(f, uriOf)));
      }
      clearExtra(uri, extra);
    } catch (err) {
      logError(`linting ${uri} failed`, err);
    } finally {
      if (inflight.get(uri) === ctrl) inflight.delete(uri);
    }
  }

  const lastChangeAt = new Map<string, number>();
  /** Documents to lint on the next turn of the event loop (changes already queued coalesce). */
  const immediate = new Set<string>();
  let immediateQueued = false;
  function schedule(uri: string, delay: number): void {
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    timers.delete(uri);
    inflight.get(uri)?.abort(); // superseded
    if (delay <= 0) {
      immediate.add(uri);
      if (!immediateQueued) {
        immediateQueued = true;
        setImmediate(() => {
          immediateQueued = false;
          const list = [...immediate];
          immediate.clear();
          for (const u of list) void lintOpen(u);
        });
      }
      return;
    }
    immediate.delete(uri);
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void lintOpen(uri);
      }, delay),
    );
  }

  /** Re-lint the other open documents: their cross-file findings may depend on what changed. */
  // A big document is re-linted only once typing elsewhere pauses (each keystroke resets its timer).
  function scheduleDependents(except?: string, delay = 300): void {
    for (const d of documents.all()) if (d.uri !== except) schedule(d.uri, Math.max(delay, 3 * debounce(d.getText().length)));
  }

  // Fired on open and on every change: lint this document soon (at once when just opened), and
  // the other open documents a little later, since their cross-file findings may depend on it.
  documents.onDidOpen((e) => {
    openByPath.set(uriToPath(e.document.uri), e.document.uri);
    forgetDiskBom(uriToPath(e.document.uri));
  });
  // Saving can add or remove a byte-order mark on disk (the editor's encoding) without changing
  // the text: read the file's first bytes again and lint (the records' findings come from the cache).
  documents.onDidSave((e) => {
    forgetDiskBom(uriToPath(e.document.uri));
    schedule(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    lastActivity = performance.now();
    const len = e.document.getText().length;
    // Zones that $INCLUDE this document read it again in full (their re-parse does not re-read includes).
    const p = uriToPath(uri);
    for (const [u, entry] of parsed) if (u !== uri && entry.zone?.files.some((f, i) => i > 0 && f.path === p)) parsed.delete(u);
    // Lint at once when the last lint was cheap; a slow document waits for a pause in typing.
    // Changes arriving back to back (a burst already queued, not typing) are coalesced by a
    // few milliseconds' wait, so only the last one is linted.
    const now = performance.now();
    const burst = now - (lastChangeAt.get(uri) ?? -Infinity) < 3;
    lastChangeAt.set(uri, now);
    const delay = parsed.has(uri) ? lintDelay(lintCost.get(uri), len, debounce) : 0;
    schedule(uri, burst ? Math.max(delay, 5) : delay);
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    openByPath.delete(uriToPath(uri));
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    timers.delete(uri);
    immediate.delete(uri);
    inflight.get(uri)?.abort();
    parsed.delete(uri);
    pending.delete(uri);
    linters.delete(uri);
    ownChanges.delete(uri);
    lastChangeAt.delete(uri);
    lastLint.delete(uri);
    lintCost.delete(uri);
    publish(uri, undefined, []);
    clearExtra(uri);
    // The workspace keeps the file as it is on disk.
    const p = uriToPath(uri);
    ws.delete(p);
    if (uri.startsWith('file:')) void loadFromDisk(p).then(() => scheduleDependents());
  });

  // ---- Workspace files --------------------------------------------------------------------------

  async function loadFromDisk(p: string): Promise<boolean> {
    if (openUriByPath(p)) return false;
    const text = await readSmallFile(p);
    if (text === undefined) {
      const had = diskKinds.delete(p);
      ws.delete(p);
      return had;
    }
    const kind = kindOf(p, text);
    if (kind !== 'zone' && kind !== 'octodns') {
      const had = diskKinds.delete(p);
      ws.delete(p);
      return had;
    }
    if (openUriByPath(p)) return false; // opened while reading
    const zone = parse(p, text, kind);
    diskKinds.set(p, kind);
    if (zone) ws.set(zone);
    else ws.delete(p);
    return true;
  }

  /** Last edit, hover or other request about an open document (performance.now()). */
  let lastActivity = -Infinity;
  const QUIET_MS = 300;
  async function quietPeriod(): Promise<void> {
    const until = performance.now() + 10_000;
    while (performance.now() < until) {
      const idle = performance.now() - lastActivity;
      if (idle >= QUIET_MS && inflight.size === 0 && immediate.size === 0 && timers.size === 0) return;
      await new Promise((r) => setTimeout(r, Math.max(10, Math.min(QUIET_MS - idle, 100))));
    }
  }

  /**
   * The workspace is read only when something needs it: lookups in the workspace or live (other
   * zones answer includes and inheritance) or the lint-workspace command. With DNS lookups off,
   * parsing every zone of the folders at startup (possibly hundreds of MB) would only compete with
   * the open document's lint.
   */
  let scanned = false;
  function ensureScan(): Promise<void> {
    if (!scanned) {
      scanned = true;
      scanDone = scanWorkspace().catch((err) => logError('workspace scan failed', err));
    }
    return scanDone;
  }
  const lookupsOn = () => lintOptions(settings, trusted).dns !== 'off';

  async function scanWorkspace(): Promise<void> {
    if (roots.length === 0) return;
    const t0 = Date.now();
    const { files, truncated } = await scanFolders(roots);
    let n = 0;
    let bytes = 0;
    let capped = truncated;
    for (const f of files) {
      if (bytes > MAX_WORKSPACE_BYTES) {
        capped = true;
        break;
      }
      // The user goes first: a big file's parse blocks the event loop while it runs, so each file
      // waits for a pause in editing and hovering with no lint pending (at most 10 s).
      await quietPeriod();
      if (await loadFromDisk(f)) {
        n++;
        bytes += ws.zones.get(f)?.file.text.length ?? 0;
      }
    }
    log(`workspace: ${n} zone/octoDNS files of ${files.length} candidates in ${Date.now() - t0} ms${capped ? ' (scan capped: not every file was read)' : ''}`);
  }

  /** Zones (on disk or open) that $INCLUDE the file. */
  function includers(p: string): string[] {
    const out: string[] = [];
    for (const z of ws.zones.values()) if (z.files.some((f, i) => i > 0 && f.path === p)) out.push(z.file.path);
    return out;
  }

  connection.onDidChangeWatchedFiles(async (params) => {
    await safe('didChangeWatchedFiles', undefined, async () => {
      let changed = false;
      for (const c of params.changes) {
        const p = uriToPath(c.uri);
        if (c.type === FileChangeType.Deleted) {
          if (!openUriByPath(p)) {
            diskKinds.delete(p);
            ws.delete(p);
            changed = true;
          }
        } else if (await loadFromDisk(p)) changed = true;
        for (const inc of includers(p)) {
          const uri = openUriByPath(inc);
          if (uri) parsed.delete(uri);
          else await loadFromDisk(inc);
          changed = true;
        }
      }
      if (changed) scheduleDependents();
    });
  });

  // ---- Settings ---------------------------------------------------------------------------------

  /** Takes the client's `mailzone` settings; returns what could not be used as given. */
  function applySettings(raw: unknown): string[] {
    const problems: string[] = [];
    settings = normaliseSettings(raw, problems, knownRuleIds());
    return problems;
  }

  /**
   * One warning per settings change naming each value that was not used as given and what is used
   * instead (a notification, as Neovim and Emacs show it; also in the log).
   */
  function reportSettingProblems(problems: string[]): void {
    if (!problems.length) return;
    const message = `mailzone: ${problems.length === 1 ? 'a setting is' : `${problems.length} settings are`} not used as given: ${problems.join('; ')}.`;
    log(message);
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  }

  async function pullSettings(): Promise<string[]> {
    let problems: string[] = [];
    if (!hasConfiguration) {
      updateResolver();
      return problems;
    }
    try {
      const [s] = await connection.workspace.getConfiguration([{ section: 'mailzone' }]);
      if (s) problems = applySettings(s);
    } catch (err) {
      logError('workspace/configuration failed', err);
    }
    updateResolver();
    return problems;
  }

  function updateResolver(): void {
    const dns = lintOptions(settings, trusted).dns;
    try {
      resolverInst = createResolver(ws, { dns, servers: settings.dns.servers.length ? settings.dns.servers : undefined, timeoutMs: settings.dns.timeoutMs });
    } catch (err) {
      logError('creating the DNS resolver failed', err);
      resolverInst = new WorkspaceResolver(ws);
    }
  }

  connection.onDidChangeConfiguration(async (params) => {
    await safe('didChangeConfiguration', undefined, async () => {
      const pushed = (params.settings as Record<string, unknown> | null)?.mailzone;
      const problems = pushed && !hasConfiguration ? applySettings(pushed) : [];
      problems.push(...(await pullSettings()));
      reportSettingProblems(problems);
      if (!hasConfiguration) updateResolver();
      for (const d of documents.all()) {
        parsed.delete(d.uri); // file patterns may have changed what a YAML file is
        schedule(d.uri, 0);
      }
      if (!scanned && lookupsOn()) void ensureScan().then(() => scheduleDependents());
    });
  });

  connection.onNotification('mailzone/setTrust', async (p: { trusted?: boolean }) => {
    trusted = p?.trusted !== false;
    updateResolver();
    scheduleDependents(undefined, 0);
    if (!scanned && lookupsOn()) void ensureScan().then(() => scheduleDependents());
  });

  // ---- Lifecycle --------------------------------------------------------------------------------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    hasConfiguration = !!caps.workspace?.configuration;
    hasWatchedFilesDynamic = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    hasConfigurationDynamic = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    const init = (params.initializationOptions ?? {}) as { trusted?: boolean; settings?: unknown; clientCommands?: unknown };
    // Clients without workspace trust (Neovim, Emacs …) run the server as the user chose.
    trusted = init.trusted !== false;
    // Reported once initialized (nothing may be shown before the initialize answer).
    initProblems = init.settings ? applySettings(init.settings) : [];
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? [];
    if (folders.length === 0 && params.rootUri) folders.push(uriToPath(params.rootUri));
    roots = folders.filter((f) => path.isAbsolute(f));
    // Commands the client registers itself must not be advertised: vscode-languageclient registers
    // every advertised command and VS Code throws on a second registration of the same ID.
    const clientCommands = Array.isArray(init.clientCommands) ? init.clientCommands : [];
    const commands = [SHOW_SPF_TREE].filter((c) => !clientCommands.includes(c));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.mailzone'] },
        completionProvider: { triggerCharacters: [':', '=', ' ', '$', ';'] },
        documentSymbolProvider: { label: 'mailzone' },
        definitionProvider: true,
        codeLensProvider: { resolveProvider: false },
        ...(commands.length ? { executeCommandProvider: { commands } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'mailzone', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    await safe('initialized', undefined, async () => {
      // Only where the client says it takes the registration (eglot warns on every start otherwise);
      // clients without it send workspace/didChangeConfiguration anyway, and the settings are pulled then.
      if (hasConfiguration && hasConfigurationDynamic) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'mailzone' });
      if (hasWatchedFilesDynamic) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: '**/*.{zone,db,tst,hosts,rev,arpa,yaml,yml,txt}' },
            { globPattern: '**/{db,named,zone}.*' },
          ],
        });
      }
      {
        try {
          connection.workspace.onDidChangeWorkspaceFolders(async (e) => {
            for (const f of e.removed) {
              const r = uriToPath(f.uri);
              roots = roots.filter((x) => x !== r);
              for (const p of [...diskKinds.keys()]) if (p.startsWith(r + path.sep)) (diskKinds.delete(p), ws.delete(p));
            }
            roots.push(...e.added.map((f) => uriToPath(f.uri)));
            if (!scanned) return; // read when first needed
            scanDone = scanWorkspace();
            await scanDone;
            scheduleDependents();
          });
        } catch {
          // The client does not send folder changes.
        }
      }
      const problems = await pullSettings();
      reportSettingProblems(hasConfiguration ? problems : initProblems);
      settingsLoaded();
      if (!lookupsOn()) {
        firstScanDone();
        return;
      }
      await ensureScan();
      firstScanDone();
      scheduleDependents(undefined, 0);
    });
  });

  // ---- Features ---------------------------------------------------------------------------------

  function zoneAndFindings(uri: string): { doc: TextDocument; zone: Zone; findings: Finding[] } | undefined {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const { zone } = parsedOf(doc);
    if (!zone) return undefined;
    const last = lastLint.get(uri);
    // Findings of an older version would point at the wrong characters: use them only when current.
    const findings = last && last.version === doc.version ? last.findings : [];
    return { doc, zone, findings };
  }

  connection.onHover((params) =>
    safe('hover', null, async () => {
      lastActivity = performance.now();
      const z = zoneAndFindings(params.textDocument.uri);
      if (!z) return null;
      const offset = z.doc.offsetAt(params.position);
      return hover(z.zone, offset, z.findings, featureContext(z.zone));
    }),
  );

  connection.onCodeAction((params) =>
    safe('codeAction', [], () => {
      const z = zoneAndFindings(params.textDocument.uri);
      if (!z) return [];
      return codeActions(z.zone, params.range, params.context.diagnostics, z.findings, editTarget, params.context.only);
    }),
  );

  connection.onCompletion((params) =>
    safe('completion', [], () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const p = parsedOf(doc);
      const offset = doc.offsetAt(params.position);
      const yaml = p.kind === 'octodns' || doc.languageId === 'yaml' || /\.ya?ml$/i.test(params.textDocument.uri);
      // A YAML file not read as octoDNS records (a Kubernetes manifest's `type: ClusterIP`, a
      // Rails config) gets no DNS record types: only a record file being written does, inside the
      // octoDNS file patterns and with no `type:` of another kind, as kindOf reads such a file.
      if (yaml && p.kind !== 'octodns' && !(p.kind === 'other' && matchesAny(uriToPath(doc.uri), settings.octodns.filePatterns) && !otherYamlType(doc.getText(), offset))) return [];
      return completion(p.zone, doc.getText(), offset, p.zone ? featureContext(p.zone) : undefined, yaml);
    }),
  );

  connection.onDefinition((params) =>
    safe('definition', [], () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const { zone } = parsedOf(doc);
      if (!zone) return [];
      const fctx = featureContext(zone);
      return definition(zone, doc.offsetAt(params.position), fctx.workspace, uriOf);
    }),
  );

  connection.onDocumentSymbol((params) =>
    safe('documentSymbol', [], () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const { zone } = parsedOf(doc);
      return zone ? documentSymbols(zone) : [];
    }),
  );

  connection.onCodeLens((params) =>
    safe('codeLens', [] as CodeLens[], async () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const { zone } = parsedOf(doc);
      return zone ? spfCodeLenses(zone, featureContext(zone), params.textDocument.uri) : [];
    }),
  );

  connection.onRequest('mailzone/posture', (params: { textDocument: TextDocumentIdentifier }) =>
    safe<Posture | null>('posture', null, async () => {
      const z = zoneAndFindings(params.textDocument.uri);
      if (!z) return null;
      return posture(z.zone, z.findings, featureContext(z.zone));
    }),
  );

  /** The SPF tree at a position, or without one the SPF record at the zone's apex. */
  async function spfTree(uri: string, position: Position | undefined): Promise<SpfTreeResult | null> {
    const doc = documents.get(uri);
    if (!doc) return null;
    const { zone } = parsedOf(doc);
    if (!zone) return null;
    let offset: number | undefined = position ? doc.offsetAt(position) : undefined;
    if (offset === undefined) offset = apexSpfOffset(zone);
    return offset === undefined ? null : spfTreeAt(zone, offset, featureContext(zone));
  }

  // Without a position: the SPF record at the zone's apex (the status bar item asks this way).
  connection.onRequest('mailzone/spfTree', (params: { textDocument: TextDocumentIdentifier; position?: Position }) =>
    safe('spfTree', null, () => spfTree(params.textDocument.uri, params.position)),
  );

  // The code lens command for clients that do not run it themselves: the tree as the answer and
  // as a message (Neovim and Emacs show window/showMessage; the answer is there for scripts).
  connection.onExecuteCommand((params) =>
    safe('executeCommand', null, async () => {
      if (params.command !== SHOW_SPF_TREE) return null;
      const [a0, a1] = params.arguments ?? [];
      const isPos = (x: unknown): x is Position =>
        !!x && typeof x === 'object' && typeof (x as Position).line === 'number' && typeof (x as Position).character === 'number';
      const uri = typeof a1 === 'string' ? a1 : typeof a0 === 'string' && a0 !== 'apex' ? a0 : undefined;
      const position = isPos(a0) ? a0 : undefined;
      // window/showMessage, a notification (connection.window.show*Message sends a request that
      // some clients answer only when the user dismisses it).
      const show = (type: MessageType, message: string) => void connection.sendNotification(ShowMessageNotification.type, { type, message });
      if (!uri) {
        show(MessageType.Warning, 'mailzone: showSpfTree needs the document URI (arguments: [position, uri]).');
        return null;
      }
      // Not on an SPF record: the zone's own (apex) SPF record instead, as the VS Code command does.
      const r = (await spfTree(uri, position)) ?? (position ? await spfTree(uri, undefined) : null);
      show(MessageType.Info, r ? r.text : 'mailzone: no SPF record here (place the cursor on a TXT record starting with v=spf1).');
      return r;
    }),
  );

  connection.onRequest('mailzone/detectKind', (params: { uri: string; text: string; languageId?: string }) =>
    safe('detectKind', { kind: 'other' as DocumentKind }, () => {
      const p = uriToPath(params.uri);
      const text = params.text ?? '';
      // Plain text (a client asking whether to make `db.example.xyz` a zone file): the content must
      // say so too, not the name alone.
      if (params.languageId === 'plaintext') {
        const zone = text.trim() !== '' && !notAZoneReason(p, text) && looksLikeZoneText(text) && detectKind(p, text) === 'zone';
        return { kind: zone ? 'zone' : ('other' as DocumentKind) };
      }
      return { kind: kindOf(p, text, params.languageId) };
    }),
  );

  connection.onRequest('mailzone/m365Records', (params: M365Params) =>
    safe('m365Records', null, () => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return null;
      const p = parsedOf(doc);
      return m365Records(doc.getText(), p.zone, p.kind === 'octodns' ? 'octodns' : 'zone', params, {
        uri: doc.uri,
        version: doc.version,
        documentChanges,
      });
    }),
  );

  connection.onRequest('mailzone/lintWorkspace', () =>
    safe('lintWorkspace', { files: 0, errors: 0, warnings: 0, infos: 0 }, async () => {
      await scanDone;
      await ensureScan();
      let files = 0;
      const counts = { errors: 0, warnings: 0, infos: 0 };
      for (const zone of [...ws.zones.values()]) {
        const openUri = openUriByPath(zone.file.path);
        files++;
        if (openUri) {
          await lintOpen(openUri);
          for (const f of lastLint.get(openUri)?.findings ?? []) count(f);
          continue;
        }
        const options = lintOptions(settings, trusted);
        const run = options.dns === 'off' ? await lintZone(zone, { options }) : await lintZone(zone, { workspace: ws, resolver: resolver(), options });
        for (const e of run.ruleErrors) logError(`rule ${e.rule} threw on ${zone.file.path}`, e.error);
        const byFile = new Map<SourceFile, Finding[]>();
        for (const f of run.findings) {
          count(f);
          (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file)!).push(f);
        }
        publish(pathToUri(zone.file.path), undefined, (byFile.get(zone.file) ?? []).map((f) => findingToDiagnostic(f, uriOf)));
      }
      function count(f: Finding) {
        if (f.severity === 'error') counts.errors++;
        else if (f.severity === 'warning') counts.warnings++;
        else counts.infos++;
      }
      return { files, ...counts };
    }),
  );

  documents.listen(connection);
  connection.listen();
}
