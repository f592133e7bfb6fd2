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

/** True when two ranges overlap or touch (a zero-width cursor at the end of a range counts). */
export function rangesTouch(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
