// octoDNS YAML reader: record files (YamlProvider `<zone>.yaml`, SplitYamlProvider folders with one
// file per name and `$<zone>.yaml` for the apex, `!include`) into the same record model the zone
// parser fills, so every rule works on both formats.
//
// Model choices (see also txt.ts for TXT/SPF strings):
// - One DnsRecord per published RR: `values: [a, b]` gives two records. The first record of an
//   octoDNS record spans the whole entry (from its name, or its `-` list item, to its end) so a
//   `# mailzone-disable-next-line` above the name covers the record; records for the second and later
//   values span their list item, so a directive above an item covers that value.
// - Tokens (fields, targetTok, typeTok …) cover a scalar's content, inside the quotes; their text is
//   the YAML-decoded value (identical to the source for plain scalars).
// - A target written without the trailing dot is read as the zone parser reads it (origin
//   appended), which is what octodns-bind would publish; octoDNS itself rejects it (octodns/syntax).
// - Records marked `octodns: ignored: true` are validated but not published, so not in `records`.
// - `octodns: lenient: true` makes octoDNS log value problems instead of rejecting the record; so do
//   we: no octodns/syntax for them (structural problems — no type, unknown type — still count).
import * as path from 'node:path';
import { isIPv4, isIPv6 } from 'node:net';
import { parseDocument, isMap, isScalar, isSeq, type Document, type Node as YNode, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { DnsRecord, Fix, SourceFile, Token, Zone } from '../model';
import { SourceFile as SourceFileClass } from '../model';
import { parseDirective } from '../suppress';
import { decodeScalar, type DecodedScalar, type ScalarStyle } from './scalar';
import { octoTxt, type OctoTxt } from './txt';
import { octodnsRdata } from './rdata';
import { MAX_TXT_RDATA } from '../zone/rdata';
import { pyScalar } from './pyyaml';
import { idnaEncode } from './idna';
import { fastEntries, fastYaml, YAML_OPTIONS } from './fastyaml';
import { clampSpan, deref, endOf, isMergeKey, keyId, keyString, problem, rangeOf, seenProblem, startOf, type Ctx, type Loc } from './nodes';
import { checkOrder, emitOrder, walkOrder } from './keyorder';
import { flattenMerges } from './merge';
import { fixQuotedBreaks, flowPlainChars, relaxFlowIndent, remapRanges, undefinedAlias, unknownTag, yaml11Break } from './pyscan';

export { decodeScalar } from './scalar';
export { fastYaml } from './fastyaml';
export { cmpNatStr } from './keyorder';
export type { OctoTxt } from './txt';

export interface ParseOctodnsOptions {
  /** Zone name (absolute); default from the file or folder name (`example.com.yaml`). */
  origin?: string;
  readFile?: (absPath: string) => string | undefined;
  workspaceRoot?: string;
  /**
   * Whether an included file (absolute path, already inside workspaceRoot as written) really lies
   * inside the workspace: the adapters resolve symbolic links here (a link in the workspace that
   * points outside it is then refused like `../x`). Default: the path as written decides.
   */
  insideWorkspace?: (absPath: string) => boolean;
  /**
   * Read plain block-style files with the fast reader (fastyaml.ts) instead of the `yaml` package;
   * default true. It gives the same nodes or declines, so this only changes speed (tests compare).
   */
  fastYaml?: boolean;
}

/** octoDNS's default TTL when a record has none (YamlProvider default_ttl). */
export const OCTODNS_DEFAULT_TTL = 3600;

/** Record types octoDNS knows (octodns/record/*.py). */
export const OCTODNS_TYPES = new Set([
  'A', 'AAAA', 'ALIAS', 'CAA', 'CNAME', 'DNAME', 'DS', 'HTTPS', 'LOC', 'MX', 'NAPTR', 'NS', 'OPENPGPKEY',
  'PTR', 'SPF', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT', 'URI', 'URLFWD',
]);
/** Types that take a single `value` (ValueMixin); the rest take `values` (or one `value`). */
const SINGLE_VALUE = new Set(['ALIAS', 'CNAME', 'DNAME']);
/** Pseudo types that are not DNS RRs (provider features): validated, not published as records. */
const PSEUDO = new Set(['URLFWD']);

const CONFIG_KEYS = new Set(['providers', 'zones', 'manager', 'processors', 'validators', 'secret_handlers', 'plan_outputs', 'post_processors']);
const TYPE_NAMES = '(A|AAAA|ALIAS|CAA|CNAME|DNAME|DS|HTTPS|LOC|MX|NAPTR|NS|OPENPGPKEY|PTR|SPF|SRV|SSHFP|SVCB|TLSA|TXT|URI|URLFWD)';
// `type:` inside a record: indented (`  type: TXT`), or a list item, also at column 0 as PyYAML's
// own dump writes lists (`mail:` / `- type: MX`), or in a flow mapping (`'': {type: TXT, value: …}`).
const TYPE_LINE = new RegExp(`^(?:[ \\t]+|[ \\t]*-[ \\t]+)(['"]?)type\\1[ \\t]*:[ \\t]*(['"]?)${TYPE_NAMES}\\2[ \\t]*(?:#.*)?$`, 'm');
const TYPE_FLOW = new RegExp(`[{,][ \\t]*(['"]?)type\\1[ \\t]*:[ \\t]*(['"]?)${TYPE_NAMES}\\2[ \\t]*[,}]`);
const VALUE_LINE = /^(?:[ \t]+|[ \t]*-[ \t]+)(['"]?)values?\1[ \t]*:/m;
const VALUE_FLOW = /[{,][ \t]*(['"]?)values?\1[ \t]*:/;

/**
 * What a YAML file is to mailzone: an octoDNS record file, octoDNS's main config, or not ours.
 * Decided by content (a mapping of names to records with a `type:` of a DNS type and a `value(s):`,
 * or the main config's top-level keys) and by the split layout's names (`$example.com.yaml`, files in
 * an `example.com.` folder). Any other YAML is 'other', so other YAML tools keep working.
 */
export function octodnsKind(filePath: string, text: string): 'records' | 'config' | 'other' {
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  const top = topLevelKeys(head);
  if (top.some((k) => k === 'providers' || k === 'zones') && top.every((k) => CONFIG_KEYS.has(k))) return 'config';
  if (top.length > 0 && top.every((k) => CONFIG_KEYS.has(k)) && top.some((k) => k === 'manager' || k === 'validators')) return 'config';
  if (firstContentIsSequenceOrScalar(head)) return 'other';
  if ((TYPE_LINE.test(head) || TYPE_FLOW.test(head)) && (VALUE_LINE.test(head) || VALUE_FLOW.test(head))) return 'records';
  // Split layout: `$zone.yaml` (the apex file) or a file in a `zone.` folder, even when empty.
  const base = path.basename(filePath);
  const dir = path.basename(path.dirname(filePath));
  if (/\.ya?ml$/i.test(base) && (/^\$[A-Za-z0-9_.-]+\.ya?ml$/.test(base) || /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+\.$/.test(dir))) {
    if (top.length === 0 && /^\s*(---\s*)?(#.*\s*)*$/.test(head)) return 'records';
  }
  return 'other';
}

function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  const re = /^(?:'([^'\n]*)'|"([^"\n]*)"|([^\s#'"\-?:][^:\n]*?|\?))[ \t]*:(?:[ \t]|$)/gm;
  for (let m; (m = re.exec(text)); ) keys.push(m[1] ?? m[2] ?? m[3]);
  return keys;
}

function firstContentIsSequenceOrScalar(text: string): boolean {
  const re = /^([^\n]*)$/gm;
  for (let m; (m = re.exec(text)); ) {
    const l = m[1].trim();
    if (re.lastIndex === m.index) re.lastIndex++;
    if (!l || l.startsWith('#') || l === '---' || l.startsWith('%')) continue;
    return l.startsWith('- ') || l === '-' || (!l.includes(':') && !l.startsWith('?') && !l.startsWith('{'));
  }
  return false;
}

/** The zone an octoDNS record file describes, from its name or its folder's (split layout). */
export function octodnsOriginFromPath(filePath: string, names: string[] = []): string | undefined {
  const base = path.basename(filePath).replace(/\.ya?ml$/i, '');
  const dirName = path.basename(path.dirname(filePath));
  const asDomain = (s: string, singleLabel = false): string | undefined => {
    let b = s;
    if (b.endsWith('.')) b = b.slice(0, -1);
    // An IDN zone (`bücher.de.yaml`): octoDNS works with the encoded name (xn--bcher-kva.de.).
    if (/[^\x00-\x7f]/.test(b)) {
      const e = idnaEncode(b.normalize('NFC'));
      if (e.error) return undefined;
      b = e.name;
    }
    if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(b) || (!singleLabel && !b.includes('.'))) return undefined;
    return b.toLowerCase() + '.';
  };
  if (base.startsWith('$')) return asDomain(base.slice(1));
  // A folder named after a zone: `example.com.` (SplitYamlProvider's default extension) …
  if (dirName.endsWith('.') && asDomain(dirName)) return asDomain(dirName);
  // … or `example.com.tst` (a custom extension) holding one file per name, named after it.
  const folderZone = asDomain(dirName.replace(/\.[A-Za-z0-9]+$/, ''), true);
  if (folderZone && dirName.includes('.') && names.length === 1 && names[0] === base) return folderZone;
  // … or holding files with any names (`mail.yaml` with `_dmarc:` and `mail:`): a file named with a
  // single label is a split file (a YamlProvider file is named after a zone, `example.com.yaml`),
  // when the folder without its extension is a name of two labels or more.
  if (folderZone && folderZone.split('.').length > 2 && /^[A-Za-z0-9_-]+$/.test(base)) return folderZone;
  // YamlProvider: `<zone>.yaml`, the zone's name without its trailing dot (`empty.yaml` is `empty.`).
  return asDomain(base, true);
}

// ---------------------------------------------------------------------------------------------

/**
 * Why octoDNS rejects a record. `hard`: the exception octoDNS raises on it even when the record is
 * lenient (building the value: `int(value['preference'])`, a TXT check on a null value), so the
 * zone does not load either way.
 */
type Reason = { message: string; start: number; end: number; file: SourceFile; addDot?: boolean; hard?: string };

export function parseOctodns(file: SourceFile, options: ParseOctodnsOptions = {}): Zone {
  if (NON_PRINTABLE.test(file.text)) {
    // PyYAML refuses the whole file: octoDNS loads nothing from it.
    const zone = newZone(file);
    zone.origin = zoneOrigin(file, options, []);
    nonPrintable(file, zone);
    return zone;
  }
  if (options.fastYaml !== false) {
    const z = parseOctodnsStreamed(file, options);
    if (z) return z;
  }
  // (The fast reader declined this file as a whole; included files may still be in its subset.)
  return parseOctodnsDocument(file, options, false);
}

function newZone(file: SourceFile): Zone {
  return { file, files: [file], format: 'octodns', origin: '.', records: [], problems: [], directives: [] };
}

function zoneOrigin(file: SourceFile, options: ParseOctodnsOptions, names: string[]): string {
  let origin = options.origin ?? octodnsOriginFromPath(file.path, names) ?? '.';
  origin = origin.toLowerCase();
  if (!origin.endsWith('.')) origin += '.';
  return origin;
}

/**
 * A plain block-style file read by the fast reader one top-level entry at a time (fastyaml.ts);
 * undefined when the file is outside its subset, even half-way: the caller then reads it with yaml.
 */
function parseOctodnsStreamed(file: SourceFile, options: ParseOctodnsOptions): Zone | undefined {
  const s = fastEntries(file.text);
  if (!s) return undefined;
  const zone = newZone(file);
  scanDirectives(file, zone);
  const keys = s.keys as unknown as YNode[];
  zone.origin = zoneOrigin(file, options, keys.map((k) => keyString(k)));
  const ctx: Ctx = { zone, options, origin: zone.origin, depth: 0, docs: new Map(), types: new Map(), order: new Map() };
  const ok = readEntries(ctx, file, s.doc, keys, (i) => {
    const p = s.next() as Pair<YNode, YNode> | null | undefined;
    return p && rangeOf(p.key)[0] === rangeOf(keys[i])[0] ? p : undefined;
  });
  if (!ok || s.next() !== undefined) return undefined;
  emitOrder(ctx);
  directiveSpans(zone);
  return zone;
}

function parseOctodnsDocument(file: SourceFile, options: ParseOctodnsOptions, fast: boolean): Zone {
  const zone = newZone(file);
  const doc = readYaml(file, zone, fast);
  const root = doc ? deref(doc.contents as YNode | null, doc) : null;

  const names: string[] = [];
  if (root && isMap(root)) for (const p of root.items) names.push(keyString(p.key as YNode | null));
  zone.origin = zoneOrigin(file, options, names);
  const ctx: Ctx = { zone, options, origin: zone.origin, depth: 0, docs: new Map(), types: new Map(), order: new Map() };
  if (!doc) return zone;

  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) return zone;
  let top: Loc = { node: root, file, doc };
  top = resolveInclude(top, ctx);
  if (!top.node) return zone;
  if (!isMap(top.node)) {
    const r = rangeOf(top.node);
    problem(zone, top.file, r[0], r[1], 'An octoDNS record file must be a mapping of record names to records (`www:` → `type:`, `value:`); octoDNS cannot load this file.');
    return zone;
  }
  const entries = top.node.items as Pair<YNode, YNode>[];
  if (entries.some((p) => isMergeKey(p.key))) readMergedEntries(ctx, top as Loc & { node: YAMLMap });
  else readEntries(ctx, top.file, top.doc, entries.map((p) => p.key), (i) => entries[i]);
  emitOrder(ctx);
  directiveSpans(zone);
  return zone;
}

/**
 * The names of a record file: keys[i] is the key of the i-th entry; entry(i), asked in order,
 * gives the entry (undefined: stop, the reading failed).
 */
function readEntries(ctx: Ctx, file: SourceFile, doc: Document, keys: (YNode | null)[], entry: (i: number) => Pair<YNode, YNode> | undefined): boolean {
  // Names: YAML keeps only the last of duplicate keys (octoDNS loads with PyYAML), so the earlier
  // entries are silently lost. Keys are compared as Python compares them (keyId: `1:` and `1.0:`
  // are one key), and the name is the first key's (a dict keeps the first key, the last value).
  const lastIndex = new Map<string, number>();
  const firstKey = new Map<string, YNode>();
  const names: string[] = new Array(keys.length);
  const ids: string[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const own = keyString(key);
    const id = (ids[i] = keyId(key, own));
    const seen = firstKey.get(id);
    names[i] = seen ? keyString(seen) : own;
    if (seen && key) twice(ctx, file, key, own, seen);
    else if (!seen && key) firstKey.set(id, key);
    lastIndex.set(id, i);
  }
  checkOrder(ctx, file, keys, true);
  for (let i = 0; i < keys.length; i++) {
    const pair = entry(i);
    if (!pair) return false;
    walkOrder(ctx, file, pair.value, 0, doc);
    readName(ctx, names[i], pair, file, doc, lastIndex.get(ids[i]) === i);
  }
  return true;
}

/** A name written again (`key`, after `seen`): YAML keeps the last entry, octoDNS never sees the first. */
function twice(ctx: Ctx, file: SourceFile, key: YNode, name: string, seen: YNode): void {
  const r = rangeOf(key);
  const first = file.positionAt(rangeOf(seen)[0]).line + 1;
  const firstName = keyString(seen);
  const same = firstName === name ? '' : `, as '${firstName}': YAML reads both as the same key, as Python compares them`;
  problem(ctx.zone, file, r[0], r[1], `The name '${name}' appears twice (first on line ${first}${same}); YAML keeps only the last entry, so octoDNS silently drops the records of the first. Merge them into one entry, a list of records.`);
}

/**
 * Characters outside YAML's printable set, which PyYAML's reader refuses before parsing
 * ("unacceptable character #x0001: special characters are not allowed"): #x9 #xA #xD #x20-#x7E
 * #x85 #xA0-#xD7FF #xE000-#xFFFD and astral characters (surrogate pairs here) are allowed.
 */
const NON_PRINTABLE = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\uD800-\uDFFF]/;

/** Reports the first character PyYAML refuses; true when there is one. */
function nonPrintable(file: SourceFile, zone: Zone): boolean {
  const m = NON_PRINTABLE.exec(file.text);
  if (!m) return false;
  const hex = m[0].charCodeAt(0).toString(16).padStart(4, '0');
  const esc = m[0].charCodeAt(0) < 0x100 ? `\\x${hex.slice(2)}` : `\\u${hex}`;
  problem(zone, file, m.index, m.index + 1, `Character U+${hex.toUpperCase()} is not allowed in YAML: PyYAML refuses the file ("unacceptable character #x${hex}: special characters are not allowed"), so octoDNS loads none of its records. Delete it, or write it as an escape in a double-quoted string ("${esc}").`);
  return true;
}

/**
 * Names with `<<` merge keys among them (`<<: *shared`, `<<: !include common.yaml`): octoDNS
 * flattens them in place (a later entry of a name replaces an earlier one, so a later `<<`
 * overrides the names before it). Names written twice outside merges are still reported.
 */
function readMergedEntries(ctx: Ctx, top: Loc & { node: YAMLMap }): void {
  const own = new Map<string, YNode>();
  for (const p of top.node.items as Pair<YNode, YNode>[]) {
    if (isMergeKey(p.key) || !p.key) continue;
    const name = keyString(p.key);
    const id = keyId(p.key, name);
    const seen = own.get(id);
    if (seen) twice(ctx, top.file, p.key, name, seen);
    else own.set(id, p.key);
  }
  const flat = flattenMerges(
    top.node,
    top.doc,
    (n) => resolveInclude({ node: n, file: top.file, doc: top.doc }, ctx),
    (n) => {
      const r = rangeOf(n);
      problem(ctx.zone, top.file, r[0], Math.max(r[1], r[0] + 1), '`<<` merges a mapping (an alias `*name`, `!include file.yaml`) or a list of them; octoDNS cannot load this file ("expected a mapping or list of mappings for merging").');
    },
    top.file,
  );
  const last = new Map<string, number>();
  const firstName = new Map<string, string>();
  const flatIds = flat.map((e) => {
    const name = keyString(e.key);
    const id = keyId(e.key, name);
    if (!firstName.has(id)) firstName.set(id, name);
    return id;
  });
  for (let i = 0; i < flat.length; i++) last.set(flatIds[i], i);
  // The names octoDNS sees, in order; one merged from another file is found at its `<<`.
  const at = new Map<YNode, YNode>();
  const mergeKey = (top.node.items as Pair<YNode, YNode>[]).find((p) => isMergeKey(p.key))?.key;
  for (const e of flat) if (e.key && e.file && e.file !== top.file && mergeKey) at.set(e.key, mergeKey);
  checkOrder(ctx, top.file, flat.map((e) => e.key), true, at);
  for (let i = 0; i < flat.length; i++) {
    const e = flat[i];
    if (last.get(flatIds[i]) !== i) continue;
    const name = firstName.get(flatIds[i])!;
    const file = e.file ?? top.file;
    const doc = e.doc ?? top.doc;
    const pair = { key: e.key, value: e.value } as Pair<YNode, YNode>;
    if (file === top.file) walkOrder(ctx, file, e.value, 0, doc);
    readName(ctx, name, pair, file, doc, true);
  }
}

const TOO_DEEP =
  'The YAML nests lists or mappings inside each other too deeply to be read (a record needs only a few levels), so its records are not checked; octoDNS cannot load it either (PyYAML stops at about 1,000 levels). Remove the extra nesting.';

function readYaml(file: SourceFile, zone: Zone, fast: boolean): Document | undefined {
  if (nonPrintable(file, zone)) return undefined;
  let doc: Document | undefined;
  try {
    doc = (fast ? fastYaml(file.text) : undefined) ?? parseDocument(file.text, YAML_OPTIONS);
    if (doc.errors.length) doc = relaxedDocument(file.text) ?? doc;
  } catch (e) {
    const m = (e as Error).message;
    problem(zone, file, 0, Math.min(file.text.length, 1), /Maximum call stack/i.test(m) ? TOO_DEEP : `The YAML could not be read (${m}), so its records are not checked; octoDNS may not load it either.`);
    return undefined;
  }
  for (const err of doc.errors) {
    const [s, e] = err.pos;
    const msg = /Maximum call stack/i.test(err.message)
      ? TOO_DEEP
      : `YAML error: ${firstLine(err.message)}. octoDNS cannot load this file until it is fixed.`;
    problem(zone, file, s, Math.max(e, s + 1), msg);
  }
  if (doc.errors.length === 0) {
    fixQuotedBreaks(file.text, doc);
    pyyamlRefusals(file, zone, doc);
  }
  scanDirectives(file, zone);
  return doc;
}

/**
 * The document PyYAML's looser indentation in flow collections and quoted scalars reads (a `]` or a
 * continuation line at column 0), when the yaml package refused the text only for that: parsed
 * from the text with those lines indented (relaxFlowIndent), ranges mapped back to the text.
 */
function relaxedDocument(text: string): Document | undefined {
  const r = relaxFlowIndent(text);
  if (!r) return undefined;
  const doc = parseDocument(r.text, YAML_OPTIONS);
  if (doc.errors.length) return undefined;
  remapRanges(doc, r.back);
  return doc;
}

/** What PyYAML refuses or reads otherwise in a document the yaml package reads without errors (pyscan.ts). */
function pyyamlRefusals(file: SourceFile, zone: Zone, doc: Document): void {
  const nel = yaml11Break(file.text, doc);
  if (nel >= 0) {
    const hex = file.text.charCodeAt(nel).toString(16).toUpperCase().padStart(4, '0');
    problem(zone, file, nel, nel + 1, `Character U+${hex} is a line break to PyYAML (YAML 1.1), which octoDNS reads YAML with, not a character of the line: octoDNS reads this value or the text after it otherwise than it looks, or refuses the file. Delete it (in a double-quoted string, write it as an escape).`);
  }
  const { question: q, colon } = flowPlainChars(file.text, doc);
  if (q >= 0)
    problem(zone, file, q, q + 1, "PyYAML, which octoDNS reads YAML with, ends a plain value inside [ ] or { } at `?` and takes `?` as a mapping key, so octoDNS refuses the file (\"expected ',' or ']', but got '?'\") or reads something else. Quote the value: 'v=spf1 ?all'.");
  if (colon >= 0)
    problem(zone, file, colon, colon + 1, "PyYAML, which octoDNS reads YAML with, does not start a plain value with `:` inside [ ] or { }, so octoDNS refuses the file (\"expected the node content, but found ':'\"). Quote the value.");
  const tag = unknownTag(file.text, doc);
  if (tag)
    problem(zone, file, tag.at, tag.end, `The tag \`${tag.tag}\`: PyYAML, which octoDNS reads YAML with, has no constructor for it and refuses the file ("could not determine a constructor for the tag '${tag.tag}'"). Remove the tag, or quote the value if it starts with \`!\`.`);
  const alias = undefinedAlias(file.text, doc);
  if (alias >= 0)
    problem(zone, file, alias, alias + 1, 'This alias names no anchor (`&name`) before it: PyYAML, which octoDNS reads YAML with, refuses the file ("found undefined alias"). Define the anchor above, or quote the value if it starts with `*`.');
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i >= 0 ? s.slice(0, i) : s).replace(/\s+at line \d+, column \d+:?$/, '').replace(/[.:]$/, '');
}

/** `# mailzone-disable…` comments. */
function scanDirectives(file: SourceFile, zone: Zone): void {
  const t = file.text;
  let from = 0;
  for (;;) {
    const at = t.indexOf('mailzone-disable', from);
    if (at < 0) break;
    from = at + 16;
    let h = at - 1;
    while (h >= 0 && (t.charCodeAt(h) === 32 || t.charCodeAt(h) === 9)) h--;
    if (h < 0 || t.charCodeAt(h) !== 35) continue;
    const before = h > 0 ? t.charCodeAt(h - 1) : 10;
    if (!(before === 10 || before === 13 || before === 32 || before === 9)) continue;
    let end = at;
    while (end < t.length && t.charCodeAt(end) !== 10 && t.charCodeAt(end) !== 13) end++;
    const d = parseDirective(file, h, end, file.positionAt(h).line + 1);
    if (d) zone.directives.push(d);
    from = end;
  }
}

// ---- suppression comments inside a record ------------------------------------------------------

/**
 * A `# mailzone-disable-next-line` inside an entry — above `value:`, or above the first item of
 * `values:` — is meant for what follows it, but the entry's first record spans the whole entry
 * from its name (so a directive above the name covers it), which starts before the directive:
 * the suppression would skip to the next record. Such a record now starts at the line after the
 * directive (and, when that line is the first list item, ends with that item), so the directive
 * covers it as it covers a later item.
 */
function directiveSpans(zone: Zone): void {
  if (zone.directives.length === 0) return;
  const byFile = new Map<SourceFile, OctoRecord[]>();
  for (const r of zone.records as OctoRecord[]) {
    const l = byFile.get(r.file);
    if (l) l.push(r);
    else byFile.set(r.file, [r]);
  }
  for (const d of zone.directives) {
    if (d.kind !== 'disable-next-line') continue;
    const recs = byFile.get(d.file);
    if (!recs) continue;
    const t = d.file.text;
    // The next line with content (blank lines and further comments skipped).
    let next = d.end;
    for (;;) {
      while (next < t.length && /[ \t\r\n]/.test(t[next])) next++;
      if (t[next] !== '#') break;
      while (next < t.length && t[next] !== '\n') next++;
    }
    if (next >= t.length) continue;
    // The last record starting before the directive.
    let lo = 0;
    let hi = recs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (recs[mid].start < d.start) lo = mid + 1;
      else hi = mid;
    }
    const r = recs[lo - 1];
    if (!r || r.end <= next || r.meta.valueIndex !== 0) continue;
    // A record already starts on that line (a later list item): the directive reaches it as is.
    if (lo < recs.length && recs[lo].start <= next) continue;
    const vs = r.meta.valueStart as number;
    const ve = r.meta.valueEnd as number;
    if (vs < next) continue; // the directive is below this record's value
    r.start = next;
    r.line = d.file.positionAt(next).line + 1;
    if (t[next] === '-' && /^-[ \t]*$/.test(t.slice(next, vs).replace(/[\s"']+$/, ''))) r.end = Math.max(ve, next);
  }
}

// ---- !include -------------------------------------------------------------------------------

/** Most `!include`s one zone follows, counting a file each time it is included. */
export const MAX_INCLUDES = 16384;

/** Follows `!include file.yaml` (and `!include [a.yaml, b.yaml]`) to the included file's node. */
function resolveInclude(loc: Loc, ctx: Ctx): Loc {
  const n = loc.node;
  if (!n || (n as { tag?: string }).tag !== '!include') return loc;
  const paths: { p: string; s: number; e: number }[] = [];
  if (isScalar(n)) {
    const r = rangeOf(n);
    paths.push({ p: String(n.value ?? ''), s: r[0], e: r[1] });
  } else if (isSeq(n)) {
    for (const it of n.items as YNode[]) {
      if (isScalar(it)) {
        const r = rangeOf(it);
        paths.push({ p: String(it.value ?? ''), s: r[0], e: r[1] });
      }
    }
  }
  if (paths.length === 0) {
    const r = rangeOf(n);
    problem(ctx.zone, loc.file, r[0], r[1], '`!include` takes a file name or a list of file names.');
    return { ...loc, node: null };
  }
  if (ctx.depth > 8) {
    problem(ctx.zone, loc.file, paths[0].s, paths[0].e, '`!include` nests too deep (a loop?); octoDNS would not finish loading it.');
    return { ...loc, node: null };
  }
  const loaded: Loc[] = [];
  for (const { p, s, e } of paths) {
    // Files that each include the next several times multiply (`!include [b.yaml, b.yaml, …]`
    // eight levels deep is 10^8 reads): past the budget, one finding and no more following.
    const n = (ctx.includes = (ctx.includes ?? 0) + 1);
    if (n > MAX_INCLUDES) {
      if (n === MAX_INCLUDES + 1)
        problem(ctx.zone, loc.file, s, e, `\`!include ${p}\` not followed: this zone has already included files ${MAX_INCLUDES} times (files that include others several times multiply), more than mailzone follows, so the records it brings in are not checked. Include each file once.`);
      continue;
    }
    const abs = path.resolve(path.dirname(loc.file.path), p);
    const root = ctx.options.workspaceRoot ? path.resolve(ctx.options.workspaceRoot) : undefined;
    if (root && ((abs !== root && !abs.startsWith(root + path.sep)) || ctx.options.insideWorkspace?.(abs) === false)) {
      problem(ctx.zone, loc.file, s, e, `\`!include ${p}\` points outside the workspace; mailzone does not read it. Keep included files inside the project.`);
      continue;
    }
    let file = ctx.zone.files.find((f) => f.path === abs);
    if (!file) {
      let text: string | undefined;
      let why = '';
      try {
        text = ctx.options.readFile?.(abs);
      } catch (err) {
        // A reader may say why it refused the file (a device, a pipe, too big).
        why = err instanceof Error ? err.message : '';
      }
      if (text === undefined) {
        const fix = why ? `It cannot be read (${why}); include a regular file.` : 'Check the path (relative to this file).';
        problem(ctx.zone, loc.file, s, e, `\`!include ${p}\`: the file cannot be read, so octoDNS would fail to load this zone. ${fix}`);
        continue;
      }
      file = new SourceFileClass(abs, text);
      ctx.zone.files.push(file);
    }
    let doc = ctx.docs.get(abs);
    if (!ctx.docs.has(abs)) {
      ctx.docs.set(abs, (doc = readYaml(file, ctx.zone, ctx.options.fastYaml !== false)));
      if (doc) walkOrder(ctx, file, doc.contents as YNode | null, 0, doc);
    }
    if (!doc) continue;
    ctx.depth++;
    loaded.push(resolveInclude({ node: deref(doc.contents as YNode | null, doc), file, doc }, ctx));
    ctx.depth--;
  }
  if (loaded.length === 0) return { ...loc, node: null };
  if (loaded.length === 1) return loaded[0];
  // Several files: lists are concatenated, mappings merged (octoDNS's include of a list of files).
  return { ...loaded[0], merged: loaded } as Loc & { merged: Loc[] };
}

// ---- names and records ------------------------------------------------------------------------

function readName(ctx: Ctx, name: string, pair: Pair<YNode, YNode>, file: SourceFile, doc: Document, keep: boolean): void {
  const keyNode = pair.key;
  const kr = rangeOf(keyNode);
  let loc: Loc = { node: deref(pair.value, doc), file, doc };
  loc = resolveInclude(loc, ctx);
  const merged = (loc as Loc & { merged?: Loc[] }).merged;
  const parts: Loc[] = merged ?? [loc];
  const recordLocs: { loc: Loc; entryStart: number }[] = [];
  for (let pi = 0; pi < parts.length; pi++) {
    const part = parts[pi];
    const v = part.node;
    if (!v) continue;
    if (isMap(v)) recordLocs.push({ loc: part, entryStart: part.file === file && !merged ? kr[0] : startOf(v) });
    else if (isSeq(v)) {
      const its = v.items as YNode[];
      for (let ii = 0; ii < its.length; ii++) {
        const item = deref(its[ii], part.doc);
        if (!item) continue;
        const l2 = resolveInclude({ node: item, file: part.file, doc: part.doc }, ctx);
        if (l2.node && isMap(l2.node)) recordLocs.push({ loc: l2, entryStart: startOf(l2.node) });
        else {
          const r = rangeOf(item);
          problem(ctx.zone, part.file, r[0], r[1], `Each record under '${name}' must be a mapping with \`type:\` and \`value:\`/\`values:\`; octoDNS cannot load this entry.`);
        }
      }
    } else {
      const r = rangeOf(v);
      problem(ctx.zone, part.file, r[0], Math.max(r[1], r[0] + 1), `'${name}' must map to a record (a mapping with \`type:\` and \`value:\`/\`values:\`) or a list of records; octoDNS cannot load this entry.`);
    }
  }
  if (recordLocs.length === 0 && parts.every((p) => !p.node) && !pair.value) {
    problem(ctx.zone, file, kr[0], Math.max(kr[1], kr[0] + 1), `'${name}' has no record; octoDNS cannot load an empty entry. Add \`type:\` and \`value:\`, or delete the name.`);
  }
  // octoDNS encodes names (IDNA) before validating them: `bücher` is `xn--bcher-kva`.
  const enc = idnaEncode(name);
  const nameReasons = validateName(enc.error ? name : enc.name, ctx.origin);
  if (enc.error) nameReasons.unshift(`invalid name "${name}": ${enc.error} (octoDNS encodes non-ASCII names with IDNA 2008)`);
  // (An entry YAML drops, a duplicate key, is checked on its own.)
  const seenTypes = keep ? ctx.types : new Map<string, string>();
  for (let ri = 0; ri < recordLocs.length; ri++) {
    readRecord(ctx, name, keyNode, file, recordLocs[ri].loc, recordLocs[ri].entryStart, keep, nameReasons, seenTypes);
  }
}

function validateName(name: string, origin: string): string[] {
  const reasons: string[] = [];
  if (name === '@') reasons.push('invalid name "@", use "" instead');
  if (/[ \t]/.test(name)) reasons.push('invalid record, whitespace is not allowed');
  const fqdnLength = name ? name.length + 1 + origin.length : origin.length;
  const fqdn = () => (name ? `${name}.${origin}` : origin);
  if (fqdnLength > 253) reasons.push(`invalid fqdn, "${fqdn()}" is too long at ${fqdnLength} chars, max is 253`);
  // (No label is longer than the name.)
  if (name.length > 63) for (const label of name.split('.')) if (label.length > 63) reasons.push(`invalid label, "${label}" is too long at ${label.length} chars, max is 63`);
  if (name.includes('..') || name.endsWith('.')) reasons.push(`invalid name, double \`.\` in "${fqdn()}"`);
  return reasons;
}

interface RecMap {
  get(key: string): YNode | null | undefined;
  keyNode(key: string): YNode | undefined;
  has(key: string): boolean;
  keys(): string[];
}

function recMap(m: YAMLMap, doc: Document, dupes: (k: YNode) => void): RecMap {
  const items = m.items as Pair<YNode, YNode>[];
  const n = items.length;
  if (n > 16) return recMapIndexed(m, doc, dupes);
  // A record's few keys: looked up by a scan (no Maps per record). Same answers as the indexed
  // version: the last entry of a key wins, keys() in first-seen order; merge keys go there.
  const names: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = keyString(items[i].key);
    if (k === '<<' && items[i].value) return recMapIndexed(m, doc, dupes);
    names[i] = k;
  }
  for (let i = 1; i < n; i++) {
    const key = items[i].key;
    if (!key) continue;
    for (let j = 0; j < i; j++) {
      if (names[j] === names[i]) {
        dupes(key);
        break;
      }
    }
  }
  return new ScanRecMap(items, names, doc);
}

/** RecMap over a record's few keys (methods on the prototype: no closures per record). */
class ScanRecMap implements RecMap {
  constructor(
    private readonly items: Pair<YNode, YNode>[],
    private readonly names: string[],
    private readonly doc: Document,
  ) {}
  private last(k: string): number {
    const names = this.names;
    for (let i = names.length - 1; i >= 0; i--) if (names[i] === k) return i;
    return -1;
  }
  get(k: string): YNode | null | undefined {
    const i = this.last(k);
    return i < 0 ? undefined : deref(this.items[i].value, this.doc);
  }
  keyNode(k: string): YNode | undefined {
    for (let i = this.names.length - 1; i >= 0; i--) if (this.names[i] === k && this.items[i].key) return this.items[i].key;
    return undefined;
  }
  has(k: string): boolean {
    return this.last(k) >= 0;
  }
  keys(): string[] {
    return this.names.filter((k, i) => this.names.indexOf(k) === i);
  }
}

function recMapIndexed(m: YAMLMap, doc: Document, dupes: (k: YNode) => void): RecMap {
  const vals = new Map<string, YNode | null>();
  const keys = new Map<string, YNode>();
  const ownKeys = new Set<string>();
  for (const p of m.items as Pair<YNode, YNode>[]) {
    if (isMergeKey(p.key)) continue;
    const k = keyString(p.key);
    if (ownKeys.has(k) && p.key) dupes(p.key);
    ownKeys.add(k);
  }
  // octoDNS's flattening (octodns/yaml.py): merged keys in place of `<<`, the last one wins.
  for (const e of flattenMerges(m, doc)) {
    const k = keyString(e.key);
    vals.set(k, deref(e.value, doc));
    if (e.key) keys.set(k, e.key);
  }
  return {
    get: (k) => vals.get(k),
    keyNode: (k) => keys.get(k),
    has: (k) => vals.has(k),
    keys: () => [...vals.keys()],
  };
}


/** A token for a scalar node: its content inside quotes, text = the decoded YAML value. */
function tokenOf(n: YNode, file: SourceFile): Token {
  const s = startOf(n);
  const e = endOf(n);
  if (isScalar(n)) {
    const style = (n as Scalar).type;
    const text = n.value === null || n.value === undefined ? '' : typeof n.source === 'string' ? n.source : String(n.value);
    if (style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE') return { start: s + 1, end: Math.max(s + 1, e - 1), text };
    if (style === 'BLOCK_FOLDED' || style === 'BLOCK_LITERAL') return { start: s, end: e, text };
    return { start: s, end: e, text };
  }
  return { start: s, end: e, text: file.text.slice(s, e) };
}

function scalarString(n: YNode | null | undefined): string | undefined {
  if (!n || !isScalar(n)) return undefined;
  if (n.value === null || n.value === undefined) return undefined;
  return typeof n.source === 'string' ? n.source : String(n.value);
}

function readRecord(
  ctx: Ctx,
  name: string,
  keyNode: YNode | null,
  keyFile: SourceFile,
  loc: Loc,
  entryStart: number,
  keep: boolean,
  nameReasons: string[],
  seenTypes: Map<string, string>,
): void {
  const file = loc.file;
  const m = loc.node as YAMLMap;
  const ms = startOf(m);
  const me = endOf(m);
  const rm = recMap(m, loc.doc, (k) => {
    const r = rangeOf(k);
    problem(ctx.zone, file, r[0], r[1], `'${keyString(k)}' appears twice in this record; YAML keeps only the last one. Delete one of them.`);
  });
  const typeNode = rm.get('type');
  const anchorTok = keyNode && keyFile === file ? tokenOf(keyNode, keyFile) : { start: ms, end: ms + 1, text: '' };
  if (typeNode === undefined || typeNode === null) {
    const at = rm.keyNode('type') ?? null;
    const r = at ? rangeOf(at) : [anchorTok.start, anchorTok.end];
    problem(ctx.zone, file, r[0], Math.max(r[1], r[0] + 1), `This record has no \`type:\`; octoDNS refuses to load the zone ("missing type"). Add \`type: TXT\` (or the record's type).`);
    return;
  }
  const typeTok = tokenOf(typeNode, file);
  const typeText = scalarString(typeNode);
  if (!typeText || !isScalar(typeNode)) {
    problem(ctx.zone, file, typeTok.start, typeTok.end, '`type:` must be a record type such as TXT, MX or CNAME.');
    return;
  }
  if (typeText.includes('/')) return; // provider-specific type (e.g. Route53Provider/ALIAS): not ours
  if (!OCTODNS_TYPES.has(typeText)) {
    const hint = OCTODNS_TYPES.has(typeText.toUpperCase()) ? ` octoDNS types are upper case: \`${typeText.toUpperCase()}\`.` : '';
    problem(ctx.zone, file, typeTok.start, typeTok.end, `Unknown record type "${typeText}": octoDNS refuses to load the zone.${hint}`);
    return;
  }
  const type = typeText;
  const lower = idnaEncode(name).name;
  const typeKey = lower + '\0' + type;
  const prevName = seenTypes.get(typeKey);
  if (prevName === undefined) seenTypes.set(typeKey, name);
  else if (prevName === name) {
    problem(ctx.zone, file, typeTok.start, typeTok.end, `'${name}' already has a ${type} record; octoDNS allows one record per type per name (it rejects the zone as a duplicate). Put all values in one record's \`values:\`.`);
  } else {
    const fqdn = lower ? `${lower}.${ctx.origin === '.' ? '' : ctx.origin}` : ctx.origin;
    problem(ctx.zone, file, typeTok.start, typeTok.end, `'${name}' and '${prevName}' are the same name to octoDNS (it lower-cases names), and both have a ${type} record: octoDNS refuses the zone ("Duplicate record ${fqdn}, type ${type}"). Put all values in one record under one name.`);
  }

  const octo = rm.get('octodns');
  let lenient = false;
  let ignored = false;
  if (octo && isMap(octo)) {
    const om = recMap(octo, loc.doc, () => {});
    // octoDNS: `lenient |= data['octodns']['lenient']` — True or a non-zero int is lenient, False
    // or 0 is not, anything else (a string such as `y`, a float, null) is a TypeError: no load.
    const l = om.get('lenient');
    if (om.has('lenient')) {
      const py = l && isScalar(l) ? pyScalar(l) : undefined;
      if (py && py.kind === 'bool') lenient = py.text === 'True';
      else if (py && py.kind === 'int') lenient = py.text !== '0';
      else {
        const at = l ?? om.keyNode('lenient') ?? octo;
        const r = rangeOf(at);
        const shown = l && isScalar(l) ? (typeof l.source === 'string' ? l.source : String(l.value)) : '';
        problem(ctx.zone, file, r[0], Math.max(r[1], r[0] + 1), `\`lenient:\` must be true or false: octoDNS fails to load the zone on \`${shown}\` (TypeError: it ORs the value into a boolean). Write \`lenient: true\`.`);
      }
    }
    // `ignored` is read for its truth (Python): any non-empty, non-zero value ignores the record.
    const ig = om.get('ignored');
    if (ig) {
      if (!isScalar(ig)) ignored = (isMap(ig) || isSeq(ig)) && ig.items.length > 0;
      else {
        const py = pyScalar(ig);
        if (py) ignored = py.kind === 'bool' ? py.text === 'True' : py.kind === 'null' ? false : py.kind === 'int' || py.kind === 'float' ? Number(py.text) !== 0 : py.text !== '';
        else ignored = ig.value === true;
      }
    }
  }
  const reasons: Reason[] = [];
  const reason = (message: string, n: YNode | Token | null | undefined, inFile: SourceFile = file, addDot = false, hard?: string) => {
    let s: number, e: number;
    if (!n) [s, e] = [typeTok.start, typeTok.end];
    else if ('text' in n && 'start' in n) [s, e] = [n.start, n.end];
    else {
      const t = tokenOf(n as YNode, inFile);
      [s, e] = [t.start, t.end];
    }
    reasons.push({ message, start: s, end: Math.max(e, s + 1), file: n ? inFile : file, addDot: addDot && !!n, hard });
  };
  for (let i = 0; i < nameReasons.length; i++) reason(nameReasons[i], keyNode && keyFile === file ? anchorTok : null);

  // TTL: octoDNS's TtlValidator takes int(data['ttl']) of what PyYAML read: a float is truncated
  // (300.5 → 300), True is 1, a string Python's int() reads (' 300 ', '1_000') is that number; only
  // a negative result is a validation reason ("invalid ttl"). int() failing (a word, null, a date, a
  // mapping) raises ValueError/TypeError out of the validator: the zone does not load, lenient or not.
  let ttl = OCTODNS_DEFAULT_TTL;
  let ttlTok: Token | undefined;
  const ttlNode = rm.get('ttl');
  if (ttlNode !== undefined) {
    ttlTok = ttlNode ? tokenOf(ttlNode, file) : undefined;
    const t = pyIntOf(ttlNode);
    if (typeof t === 'string') {
      const at = ttlNode ?? rm.keyNode('ttl') ?? m;
      const r = rangeOf(at);
      problem(ctx.zone, file, r[0], Math.max(r[1], r[0] + 1), `${ttlTok?.text ? `\`ttl: ${ttlTok.text}\`` : 'An empty `ttl:`'} is not a number of seconds: octoDNS fails to load the zone on it (${t} in int(ttl)), even for a lenient record. Write a whole number, \`ttl: 3600\`.`);
    } else if (t < 0n) reason(`invalid ttl "${ttlTok?.text ?? ''}": a TTL is a whole number of seconds, not negative`, ttlNode ?? null);
    else ttl = t > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(t);
  }

  // octoDNS's HealthcheckValidator: `octodns: healthcheck: protocol:` must be one it knows.
  const hc = octo && isMap(octo) ? recMap(octo, loc.doc, () => {}).get('healthcheck') : undefined;
  if (hc && isMap(hc)) {
    const hm = recMap(hc, loc.doc, () => {});
    if (hm.has('protocol')) {
      const pn = hm.get('protocol');
      const py = pn && isScalar(pn) ? pyScalar(pn) : undefined;
      if (!py || py.kind !== 'str' || !HEALTHCHECK_PROTOCOLS.includes(py.text)) {
        reason(`invalid healthcheck protocol${py ? ` "${py.text}"` : ''}: octoDNS knows ${HEALTHCHECK_PROTOCOLS.join(', ')}`, pn ?? hm.keyNode('protocol') ?? hc);
      }
    }
  }

  // value / values
  const hasValue = rm.has('value');
  const hasValues = rm.has('values');
  const valueNode = rm.get('value');
  const valuesNode = rm.get('values');
  // `value: !include x.yaml` / `values: !include x.yaml`: the values live in another file.
  const here = (n: YNode | null | undefined): Loc => hereLoc(n, file, loc.doc, ctx);
  let items: Loc[] = [];
  let itemsFrom: 'value' | 'values' = 'value';
  /** The values are a YAML list (`values: [a, b]`), not one value. */
  let listed = false;
  if (hasValue && hasValues) {
    const k = rm.keyNode('values');
    problem(ctx.zone, file, rangeOf(k)[0], rangeOf(k)[1], 'This record has both `value:` and `values:`; octoDNS reads only `values:` and silently ignores `value:`. Keep one of them.');
  }
  if (SINGLE_VALUE.has(type)) {
    if (!hasValue) {
      reason(`missing value: a ${type} record takes a single \`value:\`${hasValues ? ', not `values:`' : ''}`, hasValues ? rm.keyNode('values') : null);
    } else items = [here(valueNode)];
  } else if (hasValues) {
    itemsFrom = 'values';
    const l = here(valuesNode);
    listed = !!l.node && isSeq(l.node);
    items = listOf(l);
  } else if (hasValue) {
    const l = here(valueNode);
    listed = !!l.node && isSeq(l.node);
    items = listOf(l);
  } else {
    const typo = rm.keys().find((k) => k !== 'type' && (near(k, 'value') || near(k, 'values')));
    if (typo) reason(`missing value(s): \`${typo}:\` is not an octoDNS key — did you mean \`value:\` or \`values:\`?`, rm.keyNode(typo));
    else reason('missing value(s): add `value:` (one) or `values:` (a list)', null);
  }
  // octoDNS's TXT checks (a regex on each value) and MX checks (`value['preference']`) fail with
  // TypeError on a null entry of a list, lenient or not (`value: ~` alone is "missing value(s)").
  const nullFails = listed && (type === 'TXT' || type === 'SPF' || type === 'MX' || type === 'SRV') ? 'TypeError' : undefined;
  if ((hasValue || hasValues) && (items.length === 0 || items.every((x) => isNull(x.node)))) {
    reason('missing value(s): the value is empty', rm.keyNode(itemsFrom) ?? null, file, false, items.length ? nullFails : undefined);
    items = [];
  }

  if (type === 'CNAME' && name === '') reason('root CNAME not allowed: the apex has SOA and NS records, and a CNAME cannot share a name with other data (RFC 1034 §3.6.2). Use ALIAS if your provider supports it.', typeTok);
  if (type === 'ALIAS' && name !== '') reason('non-root ALIAS not allowed: octoDNS accepts ALIAS only at the apex (`\'\'`); use a CNAME here.', typeTok);
  if (type === 'SRV' && !/^(\*|_[^.]+)\.[^.]+/.test(name)) reason(`invalid name for SRV record: an SRV name is \`_service._proto\` (\`_sip._tcp\`), not "${name}"`, keyNode && keyFile === file ? anchorTok : null);

  const owner = name ? `${lower}.${ctx.origin === '.' ? '' : ctx.origin}` : ctx.origin;
  const recs: OctoRecord[] = [];
  for (let k = 0; k < items.length; k++) {
    const { node: item, file: itemFile, doc: itemDoc } = items[k];
    if (item === null || isNull(item)) {
      if (items.length > 1) reason('missing value(s): an empty (null) entry in the list; delete it', item ?? rm.keyNode(itemsFrom) ?? null, itemFile, false, nullFails);
      continue;
    }
    const shaped = shapeValue(type, item, itemFile, itemDoc, ctx, (msg, n, _f, addDot, hard) => reason(msg, n, itemFile, addDot, hard));
    if (!shaped) continue;
    // A bare `;` is octodns/unescaped-semicolon's (a rule, with fixes), but an ignored record is not
    // published, so no rule sees it: octoDNS validates it all the same and rejects the zone. Nor
    // does the rule see a `;` octoDNS drops with the outer quotes of a pre-chunked value (`"abc;`),
    // which octoDNS's check still matches.
    const unescaped = shaped.txt?.unescapedInSource && (ignored || shaped.txt.bareSemicolons.length === 0);
    if (unescaped) reason(`unescaped ; in the value (${ignored ? 'octoDNS checks ignored records too' : 'octoDNS checks the value before it drops its outer quotes'}): write a semicolon as \`\\;\``, item, itemFile);
    const is = startOf(item);
    const ie = endOf(item);
    const first = recs.length === 0;
    const inFile = itemFile === file;
    const start = first && inFile ? Math.min(entryStart, ms) : is;
    const end = first && inFile ? me : ie;
    const rec = new OctoRecord(
      itemFile,
      itemFile.positionAt(start).line + 1,
      start,
      end,
      owner,
      keyNode && keyFile === itemFile ? anchorTok : undefined,
      ttl,
      inFile ? ttlTok : undefined,
      type,
      // The type is written in another file than the value: an empty token at the value.
      inFile ? typeTok : { start: is, end: is, text: type },
      shaped.fields,
      { name, lenient, ignored, valueIndex: k, valueKey: itemsFrom, valueStart: is, valueEnd: ie },
    );
    if (shaped.txt) {
      rec.strings = shaped.txt.strs;
      rec.meta.txt = shaped.txt;
      rec.meta.style = (item as Scalar).type;
    }
    rec.target = shaped.target;
    rec.targetTok = shaped.targetTok;
    rec.preference = shaped.preference;
    recs.push(rec);
  }

  if (reasons.length) {
    for (const r of reasons) {
      if (lenient && !r.hard) continue;
      const [cs, ce] = clampSpan(r.file, r.start, r.end);
      const message = lenient
        ? `octoDNS fails to load the zone on this ${type} record although it is lenient (${r.hard} when it reads the value): ${r.message}. Fix it.`
        : `octoDNS rejects this ${type} record: ${r.message}. Fix it, or mark the record \`octodns: {lenient: true}\` if this is deliberate.`;
      if (seenProblem(ctx.zone, r.file, cs, ce, message)) continue;
      const fixes = r.addDot ? addDotFixes(r.file, cs, ce, ctx.origin) : undefined;
      ctx.zone.problems.push({
        rule: 'octodns/syntax',
        severity: 'error',
        file: r.file,
        start: cs,
        end: ce,
        message,
        fixes,
      });
    }
  }
  if (!keep || ignored || PSEUDO.has(type)) return;
  for (let i = 0; i < recs.length; i++) ctx.zone.records.push(recs[i]);
}

/** octoDNS's HealthcheckValidator's protocols (record/base.py). */
const HEALTHCHECK_PROTOCOLS = ['HTTP', 'HTTPS', 'ICMP', 'TCP', 'UDP'];

/**
 * Python's int() of the value PyYAML reads from a node: the number, or the exception it raises
 * ('ValueError', 'TypeError', 'OverflowError').
 */
function pyIntOf(n: YNode | null): bigint | string {
  if (!n || !isScalar(n)) return 'TypeError';
  const py = pyScalar(n);
  if (!py) {
    // An explicit tag (`!!int 300`): what the yaml package made of it.
    const v = n.value;
    return typeof v === 'number' && Number.isFinite(v) ? BigInt(Math.trunc(v)) : typeof v === 'string' ? pyIntStr(v) : 'TypeError';
  }
  switch (py.kind) {
    case 'int':
      return /^-?\d+$/.test(py.text) ? BigInt(py.text) : 'ValueError';
    case 'float': {
      if (py.text === 'nan') return 'ValueError';
      if (/inf$/.test(py.text)) return 'OverflowError';
      const x = Number(py.text);
      return Number.isFinite(x) ? BigInt(Math.trunc(x)) : 'ValueError';
    }
    case 'bool':
      return py.text === 'True' ? 1n : 0n;
    case 'str':
      return pyIntStr(typeof n.value === 'string' ? n.value : py.text);
    default:
      return 'TypeError'; // None, a date
  }
}

/** Python's int(str): surrounding whitespace, a sign, decimal digits with single `_` between. */
function pyIntStr(s: string): bigint | string {
  const m = /^[\s]*([-+]?)(\d+(?:_\d+)*)[\s]*$/.exec(s);
  if (!m) return 'ValueError';
  const v = BigInt(m[2].replace(/_/g, ''));
  return m[1] === '-' ? -v : v;
}

/** A record read from octoDNS YAML; `rdata` (presentation form) is computed on first use. */
class OctoRecord implements DnsRecord {
  readonly format = 'octodns' as const;
  readonly class = 'IN';
  strings?: DnsRecord['strings'] = undefined;
  target?: string = undefined;
  targetTok?: Token = undefined;
  preference?: number = undefined;
  private rdataCache: string | undefined = undefined;
  constructor(
    public file: SourceFile,
    public line: number,
    public start: number,
    public end: number,
    public owner: string,
    public ownerTok: Token | undefined,
    public ttl: number,
    public ttlTok: Token | undefined,
    public type: string,
    public typeTok: Token,
    public fields: Token[],
    public meta: Record<string, unknown>,
  ) {}
  get rdata(): string {
    return (this.rdataCache ??= octodnsRdata(this));
  }
  set rdata(v: string) {
    this.rdataCache = v;
  }
}

/** `value: !include x.yaml` / `values: !include x.yaml`: the values live in another file. */
function hereLoc(n: YNode | null | undefined, file: SourceFile, doc: Document, ctx: Ctx): Loc {
  const l: Loc = { node: n ?? null, file, doc };
  return n && (n as { tag?: string }).tag === '!include' ? resolveInclude(l, ctx) : l;
}

/** The values of a `values:` list (each with its file), or the one value. */
function listOf(l: Loc): Loc[] {
  if (!l.node || !isSeq(l.node)) return [l];
  const its = l.node.items as YNode[];
  const out: Loc[] = new Array(its.length);
  for (let i = 0; i < its.length; i++) out[i] = { node: deref(its[i], l.doc), file: l.file, doc: l.doc };
  return out;
}

function isNull(x: YNode | null): boolean {
  // (`value: !` is None to PyYAML: the non-specific tag resolves the empty scalar as plain.)
  return x === null || (isScalar(x) && (x.value === null || ((x as { tag?: string }).tag === '!' && pyScalar(x)?.kind === 'null')));
}

/** True when a is within one edit (or one swap) of b: `vaule`, `valeus`, `Value`. */
function near(a: string, b: string): boolean {
  a = a.toLowerCase();
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const ra = a.slice(i);
  const rb = b.slice(i);
  return ra.slice(1) === rb.slice(1) || ra.slice(1) === rb || ra === rb.slice(1) || (ra.length > 1 && ra[0] === rb[1] && ra[1] === rb[0] && ra.slice(2) === rb.slice(2));
}

interface Shaped {
  fields: Token[];
  target?: string;
  targetTok?: Token;
  preference?: number;
  txt?: OctoTxt;
}

type ReasonFn = (message: string, n: YNode | Token | null | undefined, inFile?: SourceFile, addDot?: boolean, hard?: string) => void;

/**
 * Fixes for a target written without the trailing dot (plain or quoted on one line; not block
 * scalars): the absolute name mailzone read it as (origin appended, what octodns-bind publishes
 * and what the other findings use: `mail` → `mail.example.net.`), and "Add the trailing dot"
 * (`mail.`). A single label is the zone's own name (preferred: the absolute name); a name with
 * dots is most likely a full name missing its dot (preferred: the dot).
 */
function addDotFixes(file: SourceFile, start: number, end: number, origin: string): Fix[] | undefined {
  const t = file.text.slice(start, end);
  if (t.length === 0 || /[\r\n]/.test(t) || t[0] === '|' || t[0] === '>') return undefined;
  const q = t[0] === '"' || t[0] === "'" ? t[0] : '';
  if (q && (t.length < 2 || t[t.length - 1] !== q)) return undefined;
  const at = q ? end - 1 : end;
  const name = q ? t.slice(1, -1) : t;
  const dot: Fix = { title: 'Add the trailing dot', edits: [{ file, start: at, end: at, newText: '.' }], preferred: true };
  if (origin === '.') return [dot];
  const abs: Fix = { title: `Write the absolute name ${targetName(name, origin)}`, edits: [{ file, start: at, end: at, newText: '.' + origin }], preferred: true };
  if (name.includes('.')) {
    abs.preferred = false;
    return [dot, abs];
  }
  dot.preferred = false;
  return [abs, dot];
}

function targetName(text: string, origin: string): string {
  if (text === '.') return '.';
  const lower = idnaEncode(text).name;
  if (lower.endsWith('.')) return lower;
  return origin === '.' ? lower + '.' : lower + '.' + origin;
}

const FQDN_LABEL = /^(?!-)[A-Za-z0-9_*-]{1,63}(?<!-)$/;

function validateTarget(text: string, type: string, key: string, n: YNode | Token, reason: ReasonFn): void {
  if (!text) return reason(`missing ${key}`, n);
  if (text === '.' && ['HTTPS', 'MX', 'SVCB', 'SRV'].includes(type)) return;
  if (text.includes('{') && text.includes('}')) return; // octoDNS templating
  // octoDNS validates the IDNA-encoded target (`mail.bücher.example.` is `mail.xn--bcher-kva.example.`).
  const enc = idnaEncode(text);
  if (enc.error) return reason(`${type} ${key} "${text}" cannot be encoded as an internationalized name: ${enc.error}`, n);
  const body = enc.name.endsWith('.') ? enc.name.slice(0, -1) : enc.name;
  if (!body || body.length > 253 || !body.split('.').every((l) => FQDN_LABEL.test(l))) reason(`${type} ${key} "${text}" is not a valid FQDN`, n);
  if (!text.endsWith('.')) reason(`${type} ${key} "${text}" missing trailing . (octoDNS needs absolute names: write "${text}.")`, n, undefined, true);
}

function intOf(n: YNode | null | undefined): number | undefined {
  if (!n || !isScalar(n)) return undefined;
  const v = n.value;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v);
  return undefined;
}

/** Checks one value against its type's shape; returns its tokens and model fields. */
function shapeValue(type: string, item: YNode, file: SourceFile, doc: Document, ctx: Ctx, reason: ReasonFn): Shaped | undefined {
  const scalarOnly = (what: string): Token | undefined => {
    if (!isScalar(item)) {
      reason(`a ${type} value is ${what}, not a ${isMap(item) ? 'mapping' : 'list'}`, item);
      return undefined;
    }
    return tokenOf(item, file);
  };
  switch (type) {
    case 'A':
    case 'AAAA': {
      const tok = scalarOnly(type === 'A' ? 'an IPv4 address' : 'an IPv6 address');
      if (!tok) return undefined;
      const ok = type === 'A' ? isIPv4(tok.text) : isIPv6(tok.text);
      if (!ok) reason(`invalid ${type === 'A' ? 'IPv4' : 'IPv6'} address "${tok.text}"`, tok);
      return { fields: [tok] };
    }
    case 'CNAME':
    case 'DNAME':
    case 'ALIAS':
    case 'NS':
    case 'PTR': {
      const tok = scalarOnly('a domain name');
      if (!tok) return undefined;
      validateTarget(tok.text, type, 'value', tok, reason);
      return { fields: [tok], target: targetName(tok.text, ctx.origin), targetTok: tok };
    }
    case 'TXT':
    case 'SPF': {
      if (!isScalar(item)) {
        // octoDNS's checks run a regex on it: TypeError, lenient or not.
        reason(`a ${type} value is a string, not a ${isMap(item) ? 'mapping' : 'list'}`, item, undefined, false, 'TypeError');
        return undefined;
      }
      const s = startOf(item);
      const e = endOf(item);
      const style = ((item as Scalar).type ?? 'PLAIN') as ScalarStyle;
      if (style === 'PLAIN' || (item as { tag?: string }).tag === '!') {
        // PyYAML types `2024061501`, `yes`, `1.5`, `2024-01-01` (YAML 1.1): octoDNS's TXT checks
        // then fail on a non-string (TypeError) and the zone does not load, lenient or not.
        const py = pyScalar(item);
        if (py && py.kind !== 'str' && py.kind !== 'null') {
          const what = py.kind === 'bool' ? 'a boolean' : py.kind === 'timestamp' ? 'a date' : 'a number';
          const src = typeof item.source === 'string' ? item.source : String(item.value);
          problem(ctx.zone, file, s, Math.max(e, s + 1), `YAML reads this ${type} value as ${what} (${py.text}), not a string: octoDNS fails to load the zone on it (TypeError in its TXT value checks). Quote it: '${src}'.`);
        }
      }
      const expected = typeof item.source === 'string' ? item.source : String(item.value);
      // The value is its source text (a plain scalar, or a quoted one without escapes or line
      // breaks: then each character maps to itself, as decodeScalar would map it).
      const quoted = style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE';
      const from = quoted ? s + 1 : s;
      const fast = (style === 'PLAIN' || quoted) && e - from - (quoted ? 1 : 0) === expected.length && file.text.startsWith(expected, from) ? { value: expected, start: from } : undefined;
      const decode = (): DecodedScalar => decodeScalar(file.text, s, e, style, expected);
      const txt = octoTxt(decode, fast, s, e, quoted);
      if (txt.doubleEscaped) reason('double escaped ; (`\\\\;`): write a semicolon as `\\;`', tokenOf(item, file));
      if (txt.nonAscii) reason('non ASCII character in the value: octoDNS accepts only ASCII in TXT values', tokenOf(item, file));
      // Published as 255-byte strings, each with its length byte: past 65,510 bytes of data BIND (octodns-bind)
      // refuses the zone ("ran out of space"), past 65,535 no DNS server can hold the record at all.
      const bytes = txt.str.value.length;
      const wire = bytes + Math.max(1, Math.ceil(bytes / 255));
      if (wire > MAX_TXT_RDATA)
        problem(ctx.zone, file, s, Math.max(e, s + 1), `This ${type} value is ${bytes} bytes; published as 255-byte strings it makes ${wire} bytes of record data, more than one DNS record holds (64 KB; BIND loads at most ${MAX_TXT_RDATA}). octoDNS accepts it, but the provider or octodns-bind fails on this record. Shorten the value or split it into several values.`);
      return { fields: [tokenOf(item, file)], txt };
    }
    case 'OPENPGPKEY': {
      const tok = scalarOnly('a base64 key');
      return tok ? { fields: [tok] } : undefined;
    }
  }
  // Mapping-shaped values.
  // MX and SRV values are built with `int(value['preference'])` and the like (octodns/record/mx.py,
  // srv.py): a missing key (KeyError), a value int() refuses (ValueError, TypeError) or a
  // non-mapping (TypeError) stops the load even for a lenient record.
  const builds = type === 'MX' || type === 'SRV';
  if (!isMap(item)) {
    reason(`a ${type} value is a mapping (${SHAPES[type]?.join(', ') ?? 'fields'}), not a ${isSeq(item) ? 'list' : 'plain value'}`, item, undefined, false, builds ? 'TypeError' : undefined);
    return undefined;
  }
  const m = recMap(item, doc, () => {});
  const tok = (k: string): Token | undefined => {
    const n = m.get(k);
    return n && isScalar(n) && n.value !== null ? tokenOf(n, file) : undefined;
  };
  // `intOnly`: octoDNS only takes int() of the field (MX preference, SRV priority/weight/port): a
  // float is truncated, a negative or too large number passes its validation (and fails at the
  // provider or the server); other fields it range-checks as well (CAA flags, TLSA, SSHFP).
  const needInt = (k: string, min: number, max: number, alt?: string, intOnly = false): number | undefined => {
    const key = m.has(k) || !alt ? k : alt;
    const n = m.get(key);
    if (n === undefined || n === null) {
      reason(`missing ${k}`, item, undefined, false, builds ? (n === null ? 'TypeError' : 'KeyError') : undefined);
      return undefined;
    }
    if (intOnly) {
      const t = pyIntOf(n);
      const shown = tokenOf(n, file).text;
      if (typeof t === 'string') {
        reason(`invalid ${key} "${shown}": a whole number from ${min} to ${max}`, n, undefined, false, builds ? t : undefined);
        return undefined;
      }
      if (t < BigInt(min) || t > BigInt(max)) {
        const r = tokenOf(n, file);
        problem(ctx.zone, file, r.start, Math.max(r.end, r.start + 1), `${type} ${key} ${t} is outside ${min}-${max} (a 16-bit field on the wire): octoDNS accepts it (it only checks that it is a number), but no DNS server can publish it, so the provider or octodns-bind fails on this record. Write a number from ${min} to ${max}.`);
        return undefined;
      }
      return Number(t);
    }
    const v = intOf(n);
    if (v === undefined || v < min || v > max) {
      reason(`invalid ${key} "${tokenOf(n, file).text}": a whole number from ${min} to ${max}`, n);
      return undefined;
    }
    return v;
  };
  const needStr = (k: string, alt?: string): Token | undefined => {
    const key = m.has(k) || !alt ? k : alt;
    const t = tok(key);
    // (An empty string is "missing" to the checks, but builds: only a missing key or null fails.)
    const fails = builds && (!m.has(key) ? 'KeyError' : m.get(key) === null || isNull(m.get(key) ?? null) ? 'AttributeError' : undefined);
    if (!t || t.text === '') reason(`missing ${k}`, m.get(key) ?? item, undefined, false, fails || undefined);
    return t;
  };
  const fieldsOf = (...ks: string[]) => ks.map((k) => tok(k)).filter((t): t is Token => !!t);
  switch (type) {
    case 'MX': {
      const pk = m.has('preference') ? 'preference' : 'priority';
      const pref = needInt('preference', 0, 65535, 'priority', true);
      const ek = m.has('exchange') ? 'exchange' : 'value';
      const ex = needStr('exchange', 'value');
      if (ex) validateTarget(ex.text, type, 'exchange', ex, reason);
      return { fields: fieldsOf(pk, ek), preference: pref, target: ex ? targetName(ex.text, ctx.origin) : undefined, targetTok: ex };
    }
    case 'SRV': {
      const pri = needInt('priority', 0, 65535, undefined, true);
      needInt('weight', 0, 65535, undefined, true);
      needInt('port', 0, 65535, undefined, true);
      const t = needStr('target');
      if (t) validateTarget(t.text, type, 'target', t, reason);
      return { fields: fieldsOf('priority', 'weight', 'port', 'target'), preference: pri, target: t ? targetName(t.text, ctx.origin) : undefined, targetTok: t };
    }
    case 'CAA': {
      if (m.has('flags')) needInt('flags', 0, 255);
      needStr('tag');
      if (!m.has('value')) reason('missing value', item);
      return { fields: fieldsOf('flags', 'tag', 'value') };
    }
    case 'TLSA': {
      needInt('certificate_usage', 0, 3);
      needInt('selector', 0, 1);
      needInt('matching_type', 0, 2);
      needStr('certificate_association_data');
      return { fields: fieldsOf('certificate_usage', 'selector', 'matching_type', 'certificate_association_data') };
    }
    case 'SSHFP': {
      // octoDNS's SshfpValueValidator: algorithms 1-4 and fingerprint types 1-2 only, and the
      // fingerprint as long as its type's hash (SHA-1: 40 hex digits, SHA-256: 64).
      const alg = needInt('algorithm', 0, 255);
      if (alg !== undefined && !(alg >= 1 && alg <= 4)) reason(`unrecognized algorithm "${alg}" (octoDNS knows 1 RSA, 2 DSA, 3 ECDSA, 4 Ed25519)`, m.get('algorithm'));
      const fpt = needInt('fingerprint_type', 0, 255);
      if (fpt !== undefined && fpt !== 1 && fpt !== 2) reason(`unrecognized fingerprint_type "${fpt}" (octoDNS knows 1 SHA-1, 2 SHA-256)`, m.get('fingerprint_type'));
      const fp = needStr('fingerprint');
      const want = fpt === 1 ? 40 : fpt === 2 ? 64 : 0;
      if (fp && fp.text && want && fp.text.length !== want) reason(`fingerprint length ${fp.text.length} does not match fingerprint_type ${fpt} (expected ${want})`, fp);
      return { fields: fieldsOf('algorithm', 'fingerprint_type', 'fingerprint') };
    }
    case 'NAPTR': {
      needInt('order', 0, 65535);
      needInt('preference', 0, 65535);
      for (const k of ['flags', 'service', 'regexp', 'replacement']) if (!m.has(k)) reason(`missing ${k}`, item);
      return { fields: fieldsOf('order', 'preference', 'flags', 'service', 'regexp', 'replacement') };
    }
    case 'URI': {
      needInt('priority', 0, 65535);
      needInt('weight', 0, 65535);
      needStr('target');
      return { fields: fieldsOf('priority', 'weight', 'target') };
    }
    case 'DS': {
      if (m.has('key_tag')) {
        needInt('key_tag', 0, 65535);
        needInt('algorithm', 0, 255);
        needInt('digest_type', 0, 255);
        needStr('digest');
        return { fields: fieldsOf('key_tag', 'algorithm', 'digest_type', 'digest') };
      }
      needInt('flags', 0, 65535);
      needInt('protocol', 0, 255);
      needInt('algorithm', 0, 255);
      needStr('public_key');
      return { fields: fieldsOf('flags', 'protocol', 'algorithm', 'public_key') };
    }
    case 'HTTPS':
    case 'SVCB': {
      const pri = needInt('svcpriority', 0, 65535);
      const t = needStr('targetname');
      if (t) validateTarget(t.text, type, 'targetname', t, reason);
      return { fields: fieldsOf('svcpriority', 'targetname'), preference: pri };
    }
    case 'LOC': {
      for (const k of ['lat_degrees', 'lat_direction', 'long_degrees', 'long_direction', 'altitude']) if (!m.has(k)) reason(`missing ${k}`, item);
      return { fields: fieldsOf(...LOC_ORDER) };
    }
    case 'URLFWD': {
      for (const k of ['path', 'target', 'code', 'masking', 'query']) if (!m.has(k)) reason(`missing ${k}`, item);
      return { fields: fieldsOf('path', 'target', 'code', 'masking', 'query') };
    }
  }
  return { fields: [] };
}

/** LOC fields in presentation order (RFC 1876 §3). */
const LOC_ORDER = [
  'lat_degrees', 'lat_minutes', 'lat_seconds', 'lat_direction', 'long_degrees', 'long_minutes', 'long_seconds',
  'long_direction', 'altitude', 'size', 'precision_horz', 'precision_vert',
];

const SHAPES: Record<string, string[]> = {
  MX: ['exchange', 'preference'],
  SRV: ['priority', 'weight', 'port', 'target'],
  CAA: ['flags', 'tag', 'value'],
  TLSA: ['certificate_usage', 'selector', 'matching_type', 'certificate_association_data'],
  SSHFP: ['algorithm', 'fingerprint_type', 'fingerprint'],
  NAPTR: ['order', 'preference', 'flags', 'service', 'regexp', 'replacement'],
  URI: ['priority', 'weight', 'target'],
  DS: ['key_tag', 'algorithm', 'digest_type', 'digest'],
  HTTPS: ['svcpriority', 'targetname', 'svcparams'],
  SVCB: ['svcpriority', 'targetname', 'svcparams'],
  LOC: ['lat_degrees', 'lat_minutes', 'lat_seconds', 'lat_direction', 'long_degrees', '…'],
  URLFWD: ['path', 'target', 'code', 'masking', 'query'],
};
