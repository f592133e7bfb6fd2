// Language features computed from a parsed zone and its last lint: hover, code actions, completion,
// document symbols. Pure functions of engine data; the server wires them to the connection.
import {
  CodeActionKind,
  CompletionItemKind,
  CompletionItemTag,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type Range,
  type TextDocumentEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import {
  featureProviders,
  ruleById,
  ruleDocUrl,
  ruleHelpMarkdown,
  type CharString,
  valueIndexAt,
  type CompletionEntry,
  type DnsRecord,
  type FeatureContext,
  type Finding,
  type Fix,
  type SourceFile,
  type Zone,
} from '../engine';
import { spfOfRecord } from '../engine/spf/parse';
import type { Location } from 'vscode-languageserver/node';
import type { Workspace } from '../engine';
import { displayBytes, emailKind } from './classify';
import { findingToDiagnostic, rangesTouch, spanToRange, type UriOf } from './convert';

// ---------------------------------------------------------------------------------------------
// Records by position

const mainRecords = new WeakMap<Zone, DnsRecord[]>();

/** The zone's records written in its main file, in source order. */
export function recordsOfMainFile(zone: Zone): DnsRecord[] {
  let list = mainRecords.get(zone);
  if (!list) {
    list = zone.records.filter((r) => r.file === zone.file).sort((a, b) => a.start - b.start);
    mainRecords.set(zone, list);
  }
  return list;
}

/**
 * Whether a record's text contains the offset. Its end counts (a cursor right after the record),
 * except when the record ends at the start of a line (octoDNS records end after their line break):
 * column 0 of the next line is not in the record.
 */
function containsOffset(text: string, r: DnsRecord, offset: number): boolean {
  if (offset < r.start || offset > r.end) return false;
  if (offset < r.end || r.end === 0) return true;
  const c = text.charCodeAt(r.end - 1);
  return c !== 10 && c !== 13;
}

/**
 * The record whose text contains the offset; the innermost one where records nest (the values of
 * an octoDNS list item are records of their own inside the item's first record).
 */
export function recordAt(zone: Zone, offset: number): DnsRecord | undefined {
  const list = recordsOfMainFile(zone);
  let lo = 0;
  let hi = list.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start <= offset) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const text = zone.file.text;
  // A few steps back at most: only the records of one octoDNS list item overlap.
  for (let i = at; i >= 0 && i > at - 16; i--) if (containsOffset(text, list[i], offset)) return list[i];
  return undefined;
}

/** The source span of a record's owner: an octoDNS key with its quotes (`''` has an empty token). */
function ownerKeySpan(rec: DnsRecord): { start: number; end: number } | undefined {
  const tok = rec.ownerTok;
  if (!tok) return undefined;
  const text = rec.file.text;
  const q = text[tok.start - 1];
  if (rec.format === 'octodns' && (q === "'" || q === '"') && text[tok.end] === q) return { start: tok.start - 1, end: tok.end + 1 };
  return { start: tok.start, end: tok.end };
}

/**
 * octoDNS: the records listed under the owner key at the offset (`'':` followed by a list of
 * records, which start at their list items, after the key).
 */
function ownerKeyRecords(zone: Zone, offset: number): DnsRecord[] {
  if (zone.format !== 'octodns') return [];
  const out: DnsRecord[] = [];
  for (const r of recordsOfMainFile(zone)) {
    const k = ownerKeySpan(r);
    if (k && offset >= k.start && offset <= k.end) out.push(r);
  }
  return out;
}

/**
 * A span of the record that contains the offset, for a hover whose own range does not: the token
 * or string under the cursor, else the record's text (without its trailing line break).
 */
function spanAround(rec: DnsRecord, offset: number): { start: number; end: number } {
  const inside = (x: { start: number; end: number } | undefined) => !!x && offset >= x.start && offset <= x.end;
  const candidates = [rec.typeTok, ownerKeySpan(rec), rec.ttlTok, rec.classTok, ...(rec.strings ?? []), ...rec.fields];
  for (const c of candidates) if (c && inside(c)) return { start: c.start, end: c.end };
  let end = rec.end;
  const text = rec.file.text;
  while (end > rec.start && end > offset && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  const start = Math.min(rec.start, offset);
  return { start, end: Math.max(end, offset) };
}

// ---------------------------------------------------------------------------------------------
// Hover

export function formatTtl(ttl: number): string {
  const units: [number, string][] = [
    [604800, 'w'],
    [86400, 'd'],
    [3600, 'h'],
    [60, 'm'],
  ];
  let rest = ttl;
  let out = '';
  for (const [n, u] of units) {
    if (rest >= n) {
      out += Math.floor(rest / n) + u;
      rest %= n;
    }
  }
  if (rest || !out) out += rest + 's';
  return out;
}

export function recordHeader(rec: DnsRecord): string {
  const kind = emailKind(rec);
  const ttl = Number.isFinite(rec.ttl) ? `TTL ${rec.ttl}${rec.ttl >= 60 ? ` (${formatTtl(rec.ttl)})` : ''}` : 'TTL ?';
  return `**${rec.type}**${kind && kind !== rec.type ? ` (${kind})` : ''} at \`${rec.owner}\` · ${ttl} · class ${rec.class}`;
}

export async function hover(
  zone: Zone,
  offset: number,
  findings: readonly Finding[],
  fctx: FeatureContext,
): Promise<Hover | null> {
  const parts: string[] = [];
  let range: { start: number; end: number } | undefined;
  // 1. The documentation of the rules whose findings are under the cursor.
  const seen = new Set<string>();
  // The narrowest finding first: on `~all` its own finding before one about the whole record
  // (an SPF lookup count, a string length), and the hover's range is that term, not the record.
  const here = findings.filter((f) => f.file === zone.file && offset >= f.start && offset <= f.end).sort((a, b) => a.end - a.start - (b.end - b.start));
  for (const f of here) {
    if (seen.has(f.rule)) continue;
    seen.add(f.rule);
    const rule = ruleById(f.rule);
    const body = rule ? ruleHelpMarkdown(rule) : '';
    // The finding's message is on the diagnostic itself (editors show it above the hover): here the rule's docs.
    parts.push(`\`${f.rule}\` · ${f.severity}\n\n${body || f.message}\n\n[Rule documentation](${ruleDocUrl(f.rule)})`);
    if (!range) range = { start: f.start, end: f.end };
  }
  // 2. What the record's area says about the term under the cursor, else the record itself.
  const rec = recordAt(zone, offset);
  const keyGroup = rec ? [] : ownerKeyRecords(zone, offset);
  if (keyGroup.length) {
    // An octoDNS owner key over a list of records: what each record's area says about the whole
    // record (asked at the owner token), then every record's header.
    for (const r of keyGroup) {
      for (const p of featureProviders) {
        if (!p.hover) continue;
        try {
          const h = await p.hover(r, r.ownerTok!.start, fctx);
          if (h) {
            parts.push(h.markdown);
            break;
          }
        } catch {
          // as below
        }
      }
    }
    parts.push(keyGroup.map(recordHeader).join('\n\n'));
    if (!range) range = ownerKeySpan(keyGroup[0]);
  }
  if (rec) {
    let answered = false;
    for (const p of featureProviders) {
      if (!p.hover) continue;
      try {
        const h = await p.hover(rec, offset, fctx);
        if (h) {
          parts.push(h.markdown);
          // The term's span when it is narrower than the findings' and holds the cursor.
          if (!range || (offset >= h.start && offset <= h.end && h.end - h.start < range.end - range.start)) range = { start: h.start, end: h.end };
          answered = true;
          break;
        }
      } catch {
        // A provider that throws must not take the hover down; the next one may answer.
      }
    }
    parts.push(recordHeader(rec));
    if (!answered && !range) range = { start: rec.typeTok.start, end: rec.typeTok.end };
    // The range must contain the position (editors anchor the hover there): a provider may answer
    // for the whole record from its type token, a shared octoDNS type token is on another line …
    if (range && (offset < range.start || offset > range.end)) range = spanAround(rec, offset);
  }
  if (parts.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
    range: range ? spanToRange(zone.file, range) : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Code actions

export interface EditTarget {
  uriOf: UriOf;
  /** The version of an open document, so edits never apply to a stale text. */
  versionOf(file: SourceFile): number | null;
  /** Whether the client accepts documentChanges (versioned edits). */
  documentChanges: boolean;
}

export function workspaceEdit(edits: { file: SourceFile; start: number; end: number; newText: string }[], t: EditTarget): WorkspaceEdit {
  const byFile = new Map<SourceFile, LspTextEdit[]>();
  for (const e of edits) {
    const list = byFile.get(e.file) ?? byFile.set(e.file, []).get(e.file)!;
    list.push({ range: spanToRange(e.file, e), newText: e.newText });
  }
  if (t.documentChanges) {
    const documentChanges: TextDocumentEdit[] = [];
    for (const [file, list] of byFile) {
      documentChanges.push({ textDocument: { uri: t.uriOf(file), version: t.versionOf(file) }, edits: list });
    }
    return { documentChanges };
  }
  const changes: Record<string, LspTextEdit[]> = {};
  for (const [file, list] of byFile) changes[t.uriOf(file)] = list;
  return { changes };
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a.code === b.code &&
    a.message === b.message &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}

const DISABLE_LINE = /^([ \t]*)([;#])[ \t]*mailzone-disable-next-line[ \t]+([A-Za-z0-9_./-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_./-]+)*)/;

/** The file's line end (its first one): CRLF, LF, or the CR of old Mac files. */
function lineEnd(text: string): string {
  return /\r\n|\r|\n/.exec(text)?.[0] ?? '\n';
}

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  return i;
}

/** The edit that silences `rule` for the record containing `offset` (or the finding's line). */
export function disableForLineEdit(zone: Zone, f: Finding): { start: number; end: number; newText: string } {
  const text = zone.file.text;
  const marker = zone.format === 'octodns' ? '#' : ';';
  const rec = recordAt(zone, f.start);
  // Zone files: the record's first line (its owner). YAML: the record's own start — the owner key
  // is shared by every record of a list, and the suppression applies to the next record only.
  let anchor = rec ? (zone.format === 'zone' ? Math.min(rec.start, rec.ownerTok?.start ?? rec.start) : rec.start) : f.start;
  // YAML, the first of several `values:`: its record spans the whole entry (from the name or the
  // list item), so a directive above the entry would silence the later values too. Above the
  // value's own line it silences that value only (the reader narrows the record to it).
  if (rec && zone.format === 'octodns' && rec.meta?.valueIndex === 0) {
    const vs = rec.meta.valueStart as number;
    const ve = rec.meta.valueEnd as number;
    const list = recordsOfMainFile(zone);
    const i = list.indexOf(rec);
    const more = i >= 0 && list[i + 1]?.meta?.valueIndex === 1;
    if (more && f.start >= vs && f.start <= ve && lineStartOf(text, vs) !== lineStartOf(text, rec.start)) anchor = vs;
  }
  const ls = lineStartOf(text, anchor);
  // Already a suppression just above? Add the rule to its list.
  if (ls > 0) {
    const prevStart = lineStartOf(text, ls - 1 - (text.charCodeAt(ls - 1) === 10 && text.charCodeAt(ls - 2) === 13 ? 1 : 0));
    const prev = text.slice(prevStart, ls).replace(/\r?\n$|\r$/, '');
    const m = DISABLE_LINE.exec(prev);
    if (m) {
      const at = prevStart + m[0].length;
      return { start: at, end: at, newText: `, ${f.rule}` };
    }
  }
  let indentEnd = ls;
  while (indentEnd < text.length && (text.charCodeAt(indentEnd) === 32 || text.charCodeAt(indentEnd) === 9)) indentEnd++;
  const indent = text.slice(ls, indentEnd);
  const eol = lineEnd(text);
  return { start: ls, end: ls, newText: `${indent}${marker} mailzone-disable-next-line ${f.rule}${eol}` };
}

/** The edit that silences `rule` for the whole file: a `mailzone-disable` line at the top. */
export function disableForFileEdit(zone: Zone, rule: string): { start: number; end: number; newText: string } {
  const text = zone.file.text;
  const marker = zone.format === 'octodns' ? '#' : ';';
  const eol = lineEnd(text);
  let at = 0;
  // Keep a YAML document's leading comments and `---` first: insert after them.
  if (zone.format === 'octodns') {
    const m = /^(?:[ \t]*#[^\n]*\n|[ \t]*\n)*(?:---[ \t]*\r?\n)?/.exec(text);
    if (m) at = m[0].length;
  }
  return { start: at, end: at, newText: `${marker} mailzone-disable ${rule}${eol}` };
}

export function codeActions(
  zone: Zone,
  range: Range,
  contextDiagnostics: Diagnostic[],
  findings: readonly Finding[],
  t: EditTarget,
  only?: string[],
): CodeAction[] {
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  if (only && wants(FIX_ALL_KIND)) return fixAll(zone, findings, t);
  if (!wants(CodeActionKind.QuickFix)) return [];
  const actions: CodeAction[] = [];
  const disabledLine = new Set<string>();
  const disabledFile = new Set<string>();
  for (const f of findings) {
    if (f.file !== zone.file) continue;
    const diag = findingToDiagnostic(f, t.uriOf);
    // The client's copy of the diagnostic when it sent one (so the action attaches to it), else ours.
    const sent = contextDiagnostics.find((d) => sameDiagnostic(d, diag));
    if (!sent && !rangesTouch(diag.range, range)) continue;
    const attach = sent ?? diag;
    for (const fix of f.fixes ?? []) actions.push(fixAction(fix, attach, t));
    if (f.rule === 'mailzone/unused-suppression') continue;
    if (!disabledLine.has(f.rule)) {
      disabledLine.add(f.rule);
      const e = disableForLineEdit(zone, f);
      actions.push({
        title: `Disable ${f.rule} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [attach],
        edit: workspaceEdit([{ file: zone.file, ...e }], t),
      });
    }
    if (!disabledFile.has(f.rule)) {
      disabledFile.add(f.rule);
      const e = disableForFileEdit(zone, f.rule);
      actions.push({
        title: `Disable ${f.rule} for this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [attach],
        edit: workspaceEdit([{ file: zone.file, ...e }], t),
      });
    }
  }
  // Fixes first (preferred ones at the very top), then the suppressions.
  const rank = (a: CodeAction) => (a.isPreferred ? 0 : a.title.startsWith('Disable ') ? 2 : 1);
  return actions.map((a, i) => ({ a, i })).sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i).map((x) => x.a);
}

export const FIX_ALL_KIND = 'source.fixAll.mailzone';

/**
 * "Fix all": every finding's preferred fix in this file, in one edit (for editor.codeActionsOnSave).
 * A fix whose edits overlap one already taken waits for the next run, so the edit is always valid.
 */
export function fixAll(zone: Zone, findings: readonly Finding[], t: EditTarget): CodeAction[] {
  const taken: { start: number; end: number }[] = [];
  const edits: { file: SourceFile; start: number; end: number; newText: string }[] = [];
  for (const f of findings) {
    const fix = f.fixes?.find((x) => x.preferred);
    if (!fix || fix.edits.some((e) => e.file !== zone.file)) continue;
    // Overlapping edits clash; so does an insertion at either end of another edit (`v=spf1 ` replaced
    // by `v=spf1 -all` and `-all` appended at its end made `v=spf1 -all-all`).
    const clash = (e: { start: number; end: number }, r: { start: number; end: number }) =>
      e.start === e.end || r.start === r.end ? e.start <= r.end && r.start <= e.end : e.start < r.end && r.start < e.end;
    if (fix.edits.some((e) => taken.some((r) => clash(e, r)))) continue;
    for (const e of fix.edits) {
      taken.push({ start: e.start, end: e.end });
      edits.push(e);
    }
  }
  if (edits.length === 0) return [];
  return [{ title: 'Fix all mailzone problems that have a preferred fix', kind: FIX_ALL_KIND, edit: workspaceEdit(edits, t) }];
}

function fixAction(fix: Fix, diag: Diagnostic, t: EditTarget): CodeAction {
  const a: CodeAction = {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diag],
    edit: workspaceEdit(fix.edits, t),
  };
  if (fix.preferred) a.isPreferred = true;
  return a;
}

// ---------------------------------------------------------------------------------------------
// Completion

export const RECORD_TYPES: { type: string; detail: string }[] = [
  { type: 'A', detail: 'IPv4 address' },
  { type: 'AAAA', detail: 'IPv6 address' },
  { type: 'CNAME', detail: 'Alias to another name' },
  { type: 'MX', detail: 'Mail exchanger: preference and host' },
  { type: 'TXT', detail: 'Text: SPF, DMARC, DKIM, MTA-STS, TLS-RPT, BIMI …' },
  { type: 'NS', detail: 'Name server' },
  { type: 'SOA', detail: 'Start of authority' },
  { type: 'SRV', detail: 'Service locator' },
  { type: 'PTR', detail: 'Reverse pointer' },
  { type: 'CAA', detail: 'Certification authority authorization' },
  { type: 'TLSA', detail: 'DANE certificate association (_25._tcp for SMTP)' },
  { type: 'SSHFP', detail: 'SSH key fingerprint' },
  { type: 'DNAME', detail: 'Alias for a whole subtree' },
  { type: 'NAPTR', detail: 'Naming authority pointer' },
  { type: 'SVCB', detail: 'Service binding' },
  { type: 'HTTPS', detail: 'HTTPS service binding' },
  { type: 'DS', detail: 'Delegation signer' },
  { type: 'DNSKEY', detail: 'DNSSEC key' },
];

const DIRECTIVES: { label: string; snippet: string; detail: string }[] = [
  { label: '$ORIGIN', snippet: '\\$ORIGIN ${1:example.com.}', detail: 'Set the origin appended to relative names' },
  { label: '$TTL', snippet: '\\$TTL ${1:3600}', detail: 'Default TTL of the records that follow' },
  { label: '$INCLUDE', snippet: '\\$INCLUDE ${1:file}', detail: 'Read another file here (relative to this file)' },
  { label: '$GENERATE', snippet: '\\$GENERATE ${1:1-10} ${2:host-\\$} ${3:A} ${4:192.0.2.\\$}', detail: 'Generate a series of records' },
];

const TYPE_NAMES = new Set(RECORD_TYPES.map((t) => t.type).concat(['SPF', 'HINFO', 'RP', 'LOC', 'URI', 'CDS', 'CDNSKEY', 'NSEC', 'NSEC3', 'RRSIG', 'OPENPGPKEY', 'SMIMEA']));

function wordRange(text: string, offset: number, re = /[A-Za-z0-9_$-]/): { start: number; end: number } {
  let s = offset;
  while (s > 0 && re.test(text[s - 1])) s--;
  let e = offset;
  while (e < text.length && re.test(text[e])) e++;
  return { start: s, end: e };
}

function entryToItem(e: CompletionEntry, zone: Zone, offset: number, sort: number, rec?: DnsRecord): CompletionItem | undefined {
  const text = zone.file.text;
  const w = wordRange(text, offset);
  let start = e.replaceStart ?? w.start;
  let newText = e.insertText ?? e.label;
  let filterText: string | undefined;
  // The replaced word ends at the cursor and stays in the cursor's string: at the end of one string
  // of a record the next string's start maps to the same joined index, and a word begun in an
  // earlier string must not take the quotes between them with it.
  if (start > offset) start = offset;
  if (zone.format === 'zone') {
    for (let q = offset - 1; q >= start; q--) {
      if (text[q] !== '"') continue;
      let bs = 0;
      while (q - 1 - bs >= 0 && text[q - 1 - bs] === '\\') bs++;
      if (bs % 2 === 0) {
        // Resolvers join the strings with nothing between them, so the part of the word written in
        // the earlier strings stays part of it (`"p=qua" "|"` is in `quarantine`): the item inserts
        // only the rest of its text, and an item that does not go on from that part is not one
        // (`"p=none" "reject"` would read `p=nonereject`).
        const strings = rec?.strings ?? [];
        const from = valueIndexAt(strings, start)?.index;
        const to = valueIndexAt(strings, q + 1)?.index;
        const carried = from !== undefined && to !== undefined && to > from ? strings.map((x) => x.value).join('').slice(from, to) : '';
        if (carried) {
          const n = carried.length;
          if (newText.slice(0, n).toLowerCase() !== carried.toLowerCase() || /[$\\}]/.test(newText.slice(0, n))) return undefined;
          newText = newText.slice(n);
          filterText = e.label.toLowerCase().startsWith(carried.toLowerCase()) ? e.label.slice(n) : newText;
        }
        start = q + 1;
        break;
      }
    }
  }
  let end = Math.max(offset, e.replaceEnd ?? start);
  if (zone.format === 'zone') {
    for (let q = offset; q < end; q++) {
      if (text[q] === '\\') q++;
      else if (text[q] === '"') {
        end = q;
        break;
      }
    }
  }
  const item: CompletionItem = {
    label: e.label,
    kind: e.kind === 'keyword' ? CompletionItemKind.Keyword : e.kind === 'snippet' ? CompletionItemKind.Snippet : CompletionItemKind.Value,
    detail: e.detail,
    textEdit: { range: spanToRange(zone.file, { start, end }), newText },
    sortText: String(sort).padStart(4, '0'),
    filterText: filterText ?? (text.slice(start, Math.max(start, offset)) ? undefined : e.label),
  };
  if (item.filterText === undefined) delete item.filterText;
  if (e.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
  if (e.deprecated) item.tags = [CompletionItemTag.Deprecated];
  if (e.documentation) item.documentation = { kind: MarkupKind.Markdown, value: e.documentation };
  return item;
}

/** True when the cursor is inside a quoted string of the line (zone files). */
function insideQuotes(text: string, lineStart: number, offset: number): boolean {
  let inQ = false;
  for (let i = lineStart; i < offset; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') inQ = !inQ;
    else if (c === ';' && !inQ) return true; // in a comment: treat like a string (no suggestions)
  }
  return inQ;
}

/**
 * The record to complete in at the offset. A YAML plain scalar drops its trailing blanks, so after
 * `value: v=spf1 ` the cursor is past the record's value: complete in a copy of the record whose
 * value goes on with those blanks (mapped one to one to the source), as a zone file's quoted
 * string would.
 */
function completionRecord(zone: Zone, offset: number): DnsRecord | undefined {
  const text = zone.file.text;
  let p = offset;
  while (p > 0 && (text[p - 1] === ' ' || text[p - 1] === '\t')) p--;
  if (zone.format !== 'octodns' || p === offset) return recordAt(zone, offset);
  const rec = recordAt(zone, p);
  const strings = rec?.strings;
  const last = strings?.[strings.length - 1];
  const style = rec?.meta?.style;
  if (!rec || !strings || !last || last.quoted || (style !== undefined && style !== 'PLAIN') || last.sourceOffset(last.value.length) !== p) return recordAt(zone, offset);
  const n = last.value.length;
  const pad = text.slice(p, offset);
  const longer: CharString = {
    start: last.start,
    end: Math.max(last.end, offset),
    value: last.value + pad,
    quoted: false,
    sourceOffset: (i: number) => (i <= n ? last.sourceOffset(i) : p + (i - n)),
  };
  return { ...rec, strings: [...strings.slice(0, -1), longer], end: Math.max(rec.end, offset), rdata: undefined };
}

export function completion(zone: Zone | undefined, text: string, offset: number, fctx: FeatureContext | undefined, yaml: boolean): CompletionItem[] {
  const items: CompletionItem[] = [];
  if (zone && fctx) {
    const rec = completionRecord(zone, offset);
    if (rec) {
      // Inside an escape (between the `\` and the `;` of `\;`) the cursor stands before it: the
      // completion must neither split the escape nor take its backslash along.
      const inValue = valueIndexAt(rec.strings ?? [], offset);
      if (inValue) offset = inValue.at;
      for (const p of featureProviders) {
        if (!p.complete) continue;
        let entries: CompletionEntry[] | undefined;
        try {
          entries = p.complete(rec, offset, fctx);
        } catch {
          entries = undefined;
        }
        if (entries && entries.length) {
          entries.forEach((e, i) => {
            const item = entryToItem(e, zone, offset, i, rec);
            if (item) items.push(item);
          });
          return items;
        }
      }
    }
  }
  // Record types and directives where a zone line expects them.
  const ls = lineStartOf(text, offset);
  // Not on the continuation line of a record in parentheses: its data goes on there, not a type.
  const w = wordRange(text, offset);
  const rec = !yaml && zone ? recordAt(zone, offset) : undefined;
  if (rec && rec.typeTok.end <= offset && rec.typeTok.end < ls) return items;
  const before = text.slice(ls, offset);
  const toRange = (start: number, end: number): Range => {
    const pos = (o: number) => {
      const l = text.slice(0, o).split(/\r\n|\r|\n/);
      return { line: l.length - 1, character: l[l.length - 1].length };
    };
    return { start: pos(start), end: pos(end) };
  };
  if (yaml) {
    const m = /^\s*-?\s*type:\s*['"]?([A-Za-z]*)$/.exec(before);
    if (!m) return items;
    const start = offset - m[1].length;
    // The whole type word: completing at `type: |TXT` replaces `TXT`, not inserts before it.
    const typeEnd = offset + /^[A-Za-z]*/.exec(text.slice(offset))![0].length;
    const octoTypes = ['A', 'AAAA', 'ALIAS', 'CAA', 'CNAME', 'DNAME', 'DS', 'LOC', 'MX', 'NAPTR', 'NS', 'PTR', 'SPF', 'SRV', 'SSHFP', 'TLSA', 'TXT', 'URLFWD'];
    octoTypes.forEach((t, i) =>
      items.push({ label: t, kind: CompletionItemKind.TypeParameter, textEdit: { range: toRange(start, typeEnd), newText: t }, sortText: String(i).padStart(4, '0') }),
    );
    return items;
  }
  if (insideQuotes(text, ls, offset)) return items;
  if (/^\s*\$[A-Za-z]*$/.test(before)) {
    const start = ls + before.indexOf('$');
    DIRECTIVES.forEach((d, i) =>
      items.push({
        label: d.label,
        kind: CompletionItemKind.Keyword,
        detail: d.detail,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range: toRange(start, w.end), newText: d.snippet },
        sortText: String(i).padStart(4, '0'),
      }),
    );
    return items;
  }
  // Tokens before the cursor on this line: offer types while none of them is a type yet.
  const toks = before.slice(0, w.start - ls).split(/[ \t]+/).filter(Boolean);
  if (toks.some((t) => TYPE_NAMES.has(t.toUpperCase()) || t === '(' || t.startsWith('"'))) return items;
  const atLineStart = w.start === ls;
  if (atLineStart && !/^[ \t]/.test(before)) {
    // Column 0 is the owner; only directives make sense to suggest here.
    DIRECTIVES.forEach((d, i) =>
      items.push({
        label: d.label,
        kind: CompletionItemKind.Keyword,
        detail: d.detail,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range: toRange(w.start, w.end), newText: d.snippet },
        sortText: String(i).padStart(4, '0'),
      }),
    );
    return items;
  }
  // Nor where the record's type comes later on the line (the cursor on its TTL or class): a type
  // there would make the line a record with two types.
  if (rec && rec.typeTok.start >= w.end && lineStartOf(text, rec.typeTok.start) === ls) return items;
  RECORD_TYPES.forEach((t, i) =>
    items.push({
      label: t.type,
      kind: CompletionItemKind.TypeParameter,
      detail: t.detail,
      textEdit: { range: toRange(w.start, w.end), newText: t.type },
      sortText: String(i).padStart(4, '0'),
    }),
  );
  if (!toks.some((t) => /^(IN|CH|HS)$/i.test(t))) {
    items.push({ label: 'IN', kind: CompletionItemKind.Keyword, detail: 'Internet class', textEdit: { range: toRange(w.start, w.end), newText: 'IN' }, sortText: '0100' });
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Document symbols

function relativeOwner(owner: string, origin: string): string {
  if (owner === origin) return '@';
  if (origin !== '.' && owner.endsWith('.' + origin)) return owner.slice(0, owner.length - origin.length - 1);
  return owner;
}

function rdataSummary(rec: DnsRecord): string {
  let s: string;
  if (rec.strings && rec.strings.length) s = displayBytes(rec.strings.map((x) => x.value).join(''));
  else s = rec.fields.map((f) => f.text).join(' ');
  s = s.replace(/\s+/g, ' ');
  return s.length > 80 ? s.slice(0, 77) + '…' : s;
}

/**
 * The outline: one symbol per owner (consecutive records), a child per record. Every symbol's
 * selectionRange lies in its range and every child's range in its parent's (VS Code rejects the
 * whole outline otherwise). octoDNS records can share tokens: the values of a list are records of
 * their own whose type token is the item's (on another line), and the item's first record spans
 * the later values, so the spans are taken from the records themselves.
 */
export function documentSymbols(zone: Zone): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const file = zone.file;
  type SpanLike = { start: number; end: number };
  const inside = (x: SpanLike | undefined, r: SpanLike): x is SpanLike => !!x && x.start >= r.start && x.end <= r.end;
  let group: { owner: string; recs: DnsRecord[] } | undefined;
  const flush = () => {
    if (!group) return;
    const recs = group.recs;
    const kinds = [...new Set(recs.map(emailKind).filter((k): k is NonNullable<typeof k> => !!k && k !== 'MX'))];
    const first = recs[0];
    const spans: SpanLike[] = [];
    const children: DocumentSymbol[] = recs.map((r) => {
      const k = emailKind(r);
      const span = { start: r.start, end: Math.max(r.start, r.end) };
      spans.push(span);
      // The type token when it is the record's own; else its value, its first field, its start.
      const sel = [r.typeTok, ...(r.strings ?? []), ...r.fields].find((x) => inside(x, span)) ?? { start: span.start, end: span.start };
      return {
        name: r.type,
        detail: (k && k !== r.type ? `${k} · ` : '') + rdataSummary(r),
        kind: k && k !== 'MX' ? SymbolKind.Key : SymbolKind.Field,
        range: spanToRange(file, span),
        selectionRange: spanToRange(file, { start: sel.start, end: sel.end }),
      };
    });
    const range = { start: Math.min(...spans.map((x) => x.start)), end: Math.max(...spans.map((x) => x.end)) };
    // The owner as written: an octoDNS key with its quotes (the apex `''` has an empty token).
    const key = ownerKeySpan(first);
    if (key) {
      range.start = Math.min(range.start, key.start);
      range.end = Math.max(range.end, key.end);
    }
    const selTok = key ?? first.typeTok;
    out.push({
      name: relativeOwner(group.owner, zone.origin),
      detail: kinds.length ? `${group.owner} · ${kinds.join(', ')}` : group.owner,
      kind: SymbolKind.Namespace,
      range: spanToRange(file, range),
      selectionRange: inside(selTok, range) ? spanToRange(file, selTok) : children[0].selectionRange,
      children,
    });
    group = undefined;
  };
  for (const r of recordsOfMainFile(zone)) {
    if (!group || group.owner !== r.owner) {
      flush();
      group = { owner: r.owner, recs: [] };
    }
    group.recs.push(r);
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Go to definition: from a name a record points at to the records of the workspace that answer it

/**
 * The records a name under the cursor refers to: a CNAME/MX/NS/SRV/PTR target, or the domain of an
 * SPF `include:`, `redirect=`, `a:`, `mx:` or `exists:` term. Empty when the workspace has none.
 */
export function definition(zone: Zone, offset: number, ws: Workspace, uriOf: UriOf): Location[] {
  const rec = recordAt(zone, offset);
  if (!rec) return [];
  let name: string | undefined;
  let want: (r: DnsRecord) => boolean = () => true;
  if (rec.targetTok && rec.target && offset >= rec.targetTok.start && offset <= rec.targetTok.end) {
    name = rec.target;
  } else if (emailKind(rec) === 'SPF' && rec.strings) {
    const spf = spfOfRecord(rec);
    for (const t of spf?.terms ?? []) {
      if (!t.domain) continue;
      const sp = spf!.span(t.from, t.to);
      if (offset < sp.start || offset > sp.end) continue;
      name = t.domain;
      if (t.name === 'include' || t.name === 'redirect') want = (r) => emailKind(r) === 'SPF';
      else if (t.name === 'a') want = (r) => r.type === 'A' || r.type === 'AAAA';
      else if (t.name === 'mx') want = (r) => r.type === 'MX';
      break;
    }
  }
  if (!name) return [];
  const recs = ws.recordsAt(name).filter(want);
  return recs.map((r) => ({ uri: uriOf(r.file), range: spanToRange(r.file, { start: Math.min(r.start, r.ownerTok?.start ?? r.start), end: r.end }) }));
}
