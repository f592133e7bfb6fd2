// Engine ↔ LSP conversions: offsets ↔ positions, Finding → Diagnostic, paths ↔ URIs.
// The engine speaks offsets into SourceFile.text (UTF-16 code units), LSP speaks line/character in
// UTF-16 too, so SourceFile.positionAt is exact.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
} from 'vscode-languageserver/node';
import { ruleDocUrl, type Finding, type Severity, type SourceFile, type Span } from '../engine';

export const SOURCE = 'mailzone';
// Rule documentation links come from the engine (ruledocs.ts), the same anchors docs/rules.md uses.
export { ruleDocUrl, ruleAnchor } from '../engine';

/** The engine's path for a document URI (a file path for file: URIs, the URI itself otherwise). */
export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return uri;
}

export function pathToUri(p: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(p) && !/^[a-z]:[\\/]/i.test(p)) return p; // already a URI (untitled: …)
  return pathToFileURL(p).href;
}

/** Line/character of an offset in a file (SourceFile.positionAt unless the caller knows better). */
export type PositionAt = (file: SourceFile, offset: number) => { line: number; character: number };
const filePositionAt: PositionAt = (file, offset) => file.positionAt(offset);

export function spanToRange(file: SourceFile, span: Span, positionAt: PositionAt = filePositionAt): Range {
  return { start: positionAt(file, span.start), end: positionAt(file, span.end) };
}

export function toLspSeverity(s: Severity): DiagnosticSeverity {
  switch (s) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'info':
      return DiagnosticSeverity.Information;
    default:
      return DiagnosticSeverity.Hint;
  }
}

/** Maps engine file paths to the URI the client knows them by (open documents keep their own URI). */
export type UriOf = (file: SourceFile) => string;

const docUrls = new Map<string, string>();
function docUrl(rule: string): string {
  let u = docUrls.get(rule);
  if (u === undefined) docUrls.set(rule, (u = ruleDocUrl(rule)));
  return u;
}

export function findingToDiagnostic(f: Finding, uriOf: UriOf, positionAt: PositionAt = filePositionAt): Diagnostic {
  const d: Diagnostic = {
    range: spanToRange(f.file, f, positionAt),
    severity: toLspSeverity(f.severity),
    code: f.rule,
    codeDescription: { href: docUrl(f.rule) },
    source: SOURCE,
    message: f.message,
  };
  const tags: DiagnosticTag[] = [];
  if (f.tags?.includes('unnecessary')) tags.push(DiagnosticTag.Unnecessary);
  if (f.tags?.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
  if (tags.length) d.tags = tags;
  if (f.related?.length) {
    d.relatedInformation = f.related.map(
      (r): DiagnosticRelatedInformation => ({
        location: { uri: uriOf(r.file), range: spanToRange(r.file, r, positionAt) },
        message: r.message,
      }),
    );
  }
  return d;
}

const SEVERITY_ORDER = ['error', 'warning', 'info', 'hint'] as const;

/**
 * At most `max` findings of a file (0: all), chosen as VS Code chooses the markers it shows: errors
 * first, then warnings, information, hints; kept in document order. `hidden` counts the rest by
 * severity, for the note that says they exist.
 */
export function limitFindings(list: readonly Finding[], max: number): { shown: Finding[]; hidden: Record<(typeof SEVERITY_ORDER)[number], number> } {
  const hidden = { error: 0, warning: 0, info: 0, hint: 0 };
  if (max <= 0 || list.length <= max) return { shown: list.slice(), hidden };
  // Counts by severity (error, warning, info, hint), then how many of each fit, most severe first.
  const count = [0, 0, 0, 0];
  for (let i = 0; i < list.length; i++) count[sevIndex(list[i].severity)]++;
  const take = [0, 0, 0, 0];
  let left = max;
  for (let s = 0; s < 4; s++) {
    take[s] = Math.min(count[s], left);
    left -= take[s];
    hidden[SEVERITY_ORDER[s]] = count[s] - take[s];
  }
  const shown: Finding[] = [];
  for (let i = 0; i < list.length; i++) {
    const s = sevIndex(list[i].severity);
    if (take[s] > 0) {
      take[s]--;
      shown.push(list[i]);
    }
  }
  return { shown, hidden };
}

function sevIndex(s: Severity): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : s === 'info' ? 2 : 3;
}

/** The note published with a file's diagnostics when some were left out (undefined when none were). */
export function limitNote(hidden: Record<string, number>, max: number): Diagnostic | undefined {
  const total = Object.values(hidden).reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const parts = SEVERITY_ORDER.filter((s) => hidden[s] > 0).map((s) => `${hidden[s]} ${s === 'info' ? 'information' : s}${hidden[s] === 1 || s === 'info' ? '' : 's'}`);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `mailzone shows the ${max} most severe findings of this file; ${total} more are not shown (${parts.join(', ')}). Fix these first, run \`mailzone lint\` on the file for the full list, or raise the setting \`mailzone.maxNumberOfProblems\` (0 shows all).`,
  };
}

/** A file's diagnostics as published: the most severe `max` findings (0: all), then the note on the rest first. */
export function limitedDiagnostics(list: readonly Finding[], max: number, toDiagnostic: (f: Finding) => Diagnostic): Diagnostic[] {
  const { shown, hidden } = limitFindings(list, max);
  const out = shown.map(toDiagnostic);
  const note = limitNote(hidden, max);
  if (note) out.unshift(note);
  return out;
}

/** True when two ranges overlap or touch (a zero-width cursor at the end of a range counts). */
export function rangesTouch(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
