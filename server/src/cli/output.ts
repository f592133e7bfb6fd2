// Output formats of `mailzone lint`: text, JSON and SARIF 2.1.0 (../shared/spec/cli.md).
// Lines and columns are 1-based, columns in UTF-16 code units (what an editor shows).
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Rule, Severity, SourceFile } from '../engine';
import { RULE_DOCS_URL, ruleDocUrl, ruleFullDescription, ruleHelpMarkdown, ruleHelpText } from '../engine/ruledocs';

export interface FileResult {
  /** Path as shown to the user (relative to the working directory when under it). */
  display: string;
  findings: Finding[];
}


interface Pos {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function position(f: Finding): Pos {
  const s = shownAt(f.file, f.start);
  const e = shownAt(f.file, Math.max(f.start, f.end));
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/**
 * Line and character of an offset as an editor shows them: a zone file's byte-order mark stays in
 * the text (the reader reports it) but editors hide it, so line 1 counts from after it.
 */
function shownAt(file: SourceFile, offset: number): { line: number; character: number } {
  const p = file.positionAt(offset);
  return p.line === 0 && p.character > 0 && file.text.charCodeAt(0) === 0xfeff ? { line: 0, character: p.character - 1 } : p;
}

/**
 * A file as a SARIF artifact URI (a URI reference, RFC 3986): relative to the working directory
 * when the file is under it, each segment percent-encoded (spaces, non-ASCII names), else a
 * file: URL. GitHub code scanning rejects a log whose URIs do not parse.
 */
export function sarifUri(p: string): string {
  return shownUri(displayPath(p));
}

/** The URI of a path as displayPath shows it. */
function shownUri(shown: string): string {
  if (path.isAbsolute(shown)) return pathToFileURL(shown).href;
  return shown.split(path.sep).map(encodeURIComponent).join('/');
}

export function displayPath(p: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** Findings grouped by the file they are in ($INCLUDEd files get their own entry). */
export function groupByFile(findings: Finding[], mainFiles: string[]): FileResult[] {
  const map = new Map<string, Finding[]>();
  for (const p of mainFiles) map.set(p, []);
  for (const f of findings) {
    const l = map.get(f.file.path);
    if (l) l.push(f);
    else map.set(f.file.path, [f]);
  }
  return [...map].map(([p, fs]) => ({ display: displayPath(p), findings: fs }));
}

export function counts(results: FileResult[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of results) for (const f of r.findings) c[f.severity]++;
  return c;
}

export function formatText(results: FileResult[], color = false): string {
  return [...textChunks(results, color)].join('');
}

/**
 * The text report in pieces of about CHUNK findings (a million findings are not one string).
 * `notRead`: how many inputs could not be read (their errors went to stderr); the summary says so
 * instead of claiming a clean result for files it never saw.
 */
export function* textChunks(results: FileResult[], color = false, notRead = 0): Generator<string> {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sevColor: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '90' };
  let lines: string[] = [];
  for (const r of results) {
    const shown = printable(r.display);
    for (const f of r.findings) {
      const p = position(f);
      lines.push(`${shown}:${p.line}:${p.column}  ${paint(sevColor[f.severity], f.severity)}  ${printable(f.message)}  ${paint('90', f.rule)}`);
      if (lines.length >= CHUNK) {
        yield lines.join('\n') + '\n';
        lines = [];
      }
    }
  }
  const c = counts(results);
  const total = c.error + c.warning + c.info + c.hint;
  const files = results.length;
  const unread = notRead > 0 ? ` ${notRead} input${notRead === 1 ? '' : 's'} could not be read and ${notRead === 1 ? 'was' : 'were'} not checked.` : '';
  if (files === 0 && notRead > 0) lines.push(`Nothing was linted:${unread}`);
  else if (total === 0) lines.push(`No problems found in ${files} file${files === 1 ? '' : 's'}.${unread}`);
  else
    lines.push(
      `\n${total} problem${total === 1 ? '' : 's'} (${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info, ${c.hint} hint${c.hint === 1 ? '' : 's'}) in ${files} file${files === 1 ? '' : 's'}.${unread}`,
    );
  yield lines.join('\n') + '\n';
}

/**
 * Text for a terminal or a CI log: control characters (an escape sequence written into a zone file,
 * a line break in a file name) as BIND writes them, \ddd, so a finding stays one line and a zone
 * under review cannot clear the screen, retitle the window or forge a line of the report.
 */
export function printable(s: string): string {
  return /[\x00-\x1f\x7f-\x9f]/.test(s) ? s.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => '\\' + String(c.charCodeAt(0)).padStart(3, '0')) : s;
}

/** Findings per piece of streamed output. */
const CHUNK = 2000;

export function formatJson(results: FileResult[]): string {
  return [...jsonChunks(results)].join('');
}

/**
 * The JSON report (exactly JSON.stringify(report, null, 2) + newline) in pieces of about CHUNK
 * findings, so that a million findings are never one 160 MB string.
 */
export function* jsonChunks(results: FileResult[]): Generator<string> {
  if (results.length === 0) {
    yield '[]\n';
    return;
  }
  let buf = '[\n';
  let n = 0;
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    buf += `  {\n    "file": ${JSON.stringify(r.display)},\n    "findings": [`;
    if (r.findings.length === 0) buf += ']';
    else {
      for (let j = 0; j < r.findings.length; j++) {
        const f = r.findings[j];
        buf += (j === 0 ? '\n      ' : ',\n      ') + findingJson(f);
        if (++n >= CHUNK) {
          yield buf;
          buf = '';
          n = 0;
        }
      }
      buf += '\n    ]';
    }
    buf += i === results.length - 1 ? '\n  }\n]\n' : '\n  },\n';
  }
  yield buf;
}

/**
 * One finding as JSON.stringify({ rule, severity, message, line, column, endLine, endColumn }, null, 2)
 * indented by six spaces gives it, written out (about twice as fast on a report of 378k findings).
 */
function findingJson(f: Finding): string {
  const p = position(f);
  const i = '\n        ';
  return `{${i}"rule": ${JSON.stringify(f.rule)},${i}"severity": ${JSON.stringify(f.severity)},${i}"message": ${JSON.stringify(f.message)},${i}"line": ${p.line},${i}"column": ${p.column},${i}"endLine": ${p.endLine},${i}"endColumn": ${p.endColumn}\n      }`;
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(results: FileResult[], rules: readonly Rule[], version: string): string {
  return [...sarifChunks(results, rules, version)].join('');
}

/**
 * The SARIF log (exactly JSON.stringify(log, null, 2) + newline) in pieces of about CHUNK results:
 * the log of a million findings would be longer than the longest string V8 can make.
 */
export function* sarifChunks(results: FileResult[], rules: readonly Rule[], version: string): Generator<string> {
  const index = new Map<string, number>();
  rules.forEach((r, i) => index.set(r.id, i));
  const sarifRules = rules.map((r) => ({
    id: r.id,
    name: r.id.replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase()),
    shortDescription: { text: r.docs.summary },
    fullDescription: { text: ruleFullDescription(r) },
    help: { text: ruleHelpText(r), markdown: ruleHelpMarkdown(r) },
    helpUri: ruleDocUrl(r.id),
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    properties: { tags: ['dns', 'email', r.id.split('/')[0]] },
  }));
  const total = results.reduce((n, r) => n + r.findings.length, 0);
  // The log around its results, with a marker where they go.
  const MARK = '\u0000mailzone-results\u0000';
  const shell = (res: unknown[]) => ({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mailzone', version, semanticVersion: version, informationUri: RULE_DOCS_URL, rules: sarifRules } },
        columnKind: 'utf16CodeUnits',
        results: res,
      },
    ],
  });
  if (total === 0) {
    yield JSON.stringify(shell([]), null, 2) + '\n';
    return;
  }
  const whole = JSON.stringify(shell([MARK]), null, 2) + '\n';
  const quoted = JSON.stringify(MARK);
  const at = whole.indexOf(quoted);
  const lineStart = whole.lastIndexOf('\n', at) + 1;
  const indent = whole.slice(lineStart, at);
  let buf = whole.slice(0, at);
  let n = 0;
  let first = true;
  for (const r of results) {
    for (const f of r.findings) {
      const p = position(f);
      const uri = shownUri(r.display);
      const result: Record<string, unknown> = {
        ruleId: f.rule,
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri },
              region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
            },
          },
        ],
      };
      const ri = index.get(f.rule);
      if (ri !== undefined) result.ruleIndex = ri;
      if (f.related?.length) {
        // The other places a finding names (the other SPF record, the key record beside a token …).
        result.relatedLocations = f.related.map((rel, id) => {
          const s = shownAt(rel.file, rel.start);
          const e = shownAt(rel.file, Math.max(rel.start, rel.end));
          return {
            id,
            message: { text: rel.message },
            physicalLocation: {
              artifactLocation: { uri: sarifUri(rel.file.path) },
              region: { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 },
            },
          };
        });
      }
      if (f.fixes?.length) {
        result.fixes = f.fixes.map((fix) => ({
          description: { text: fix.title },
          artifactChanges: groupEdits(fix.edits).map(([file, edits]) => ({
            artifactLocation: { uri: sarifUri(file.path) },
            replacements: edits.map((e) => {
              const s = shownAt(file, e.start);
              const en = shownAt(file, e.end);
              return {
                deletedRegion: { startLine: s.line + 1, startColumn: s.character + 1, endLine: en.line + 1, endColumn: en.character + 1 },
                insertedContent: { text: e.newText },
              };
            }),
          })),
        }));
      }
      buf += (first ? '' : ',\n' + indent) + JSON.stringify(result, null, 2).replace(/\n/g, '\n' + indent);
      first = false;
      if (++n >= CHUNK) {
        yield buf;
        buf = '';
        n = 0;
      }
    }
  }
  yield buf + whole.slice(at + quoted.length);
}

function groupEdits<T extends { file: { path: string } }>(edits: T[]): [T['file'], T[]][] {
  const m = new Map<T['file'], T[]>();
  for (const e of edits) (m.get(e.file) ?? m.set(e.file, []).get(e.file)!).push(e);
  return [...m];
}
