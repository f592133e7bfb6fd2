// Text edits for quick fixes on tag-list records. Every edit is made on the source text through
// CharString.sourceOffset, so it works on BIND zone files and octoDNS YAML alike. On octoDNS input
// only plain value edits inside one string are offered (a YAML scalar cannot be re-split here).
import type { CharString, DnsRecord, Fix, TextEdit, Zone } from '../model';
import type { Tag, TagList } from '../taglist';
import { relativeName } from './names';

/** Escape text for insertion into the character-string `cs` of `rec` as written in the source. */
export function escapeFor(rec: DnsRecord, cs: CharString | undefined, text: string): string {
  if (rec.format === 'octodns') {
    // octoDNS TXT values carry `\` and `;` escaped (`\\`, `\;`); then the YAML scalar's own
    // escaping: a double-quoted scalar escapes `\` and `"` again (so `\;` is written `\\;`), a
    // single-quoted one doubles `'`; plain and block scalars take the text as it is.
    const presented = text.replace(/\\/g, '\\\\').replace(/;/g, '\\;');
    const style = rec.meta?.style;
    if (style === 'QUOTE_DOUBLE') return presented.replace(/[\\"]/g, (c) => '\\' + c);
    if (style === 'QUOTE_SINGLE') return presented.replace(/'/g, "''");
    return presented;
  }
  if (cs && cs.quoted) return text.replace(/[\\"]/g, (c) => '\\' + c);
  return text.replace(/[\\"; \t()]/g, (c) => (c === ' ' ? '\\032' : c === '\t' ? '\\009' : '\\' + c));
}

/** Largest number of bytes in one character-string (RFC 1035 §3.3). */
const MAX_STRING = 255;

/**
 * Replace [la, lb) of the character-string `s` by `text`, as source edits inside the string (its
 * quotes and whatever surrounds it are kept). In a zone file, when the string would grow past 255
 * bytes, string boundaries are added every 255 bytes (the record's strings are joined with nothing
 * in between, so the value is the same) instead of creating a string that is too long: those that
 * fall in the new text are written into it, those in the old text after it are inserted there.
 */
function stringEdits(rec: DnsRecord, s: CharString, la: number, lb: number, text: string, split: boolean): TextEdit[] {
  const start = s.sourceOffset(la);
  const end = s.sourceOffset(lb);
  const esc = (x: string) => escapeFor(rec, s, x);
  const grown = s.value.length - (lb - la) + text.length;
  if (!split || rec.format !== 'zone' || grown <= MAX_STRING || s.value.length > MAX_STRING) return [{ file: rec.file, start, end, newText: esc(text) }];
  const sep = s.quoted ? '" "' : ' ';
  const rest = s.value.length - lb; // old bytes after the edit
  // Boundaries as offsets into text + old rest; the first after the bytes before the edit.
  let cut = MAX_STRING - la;
  let newText = '';
  let from = 0;
  while (cut < text.length || (cut === text.length && rest > 0)) {
    newText += esc(text.slice(from, cut)) + sep;
    from = cut;
    cut += MAX_STRING;
  }
  newText += esc(text.slice(from));
  const edits: TextEdit[] = [{ file: rec.file, start, end, newText }];
  while (cut < text.length + rest) {
    // A boundary in the old text, at old byte o, moved back to a character start.
    let o = lb + cut - text.length;
    while (o > lb && s.sourceOffset(o) === s.sourceOffset(o - 1)) o--;
    if (o === lb) edits[0].newText += sep;
    else {
      const at = s.sourceOffset(o);
      edits.push({ file: rec.file, start: at, end: at, newText: sep });
    }
    const next = o - lb + text.length + MAX_STRING;
    cut = next > cut ? next : cut + MAX_STRING;
  }
  return edits;
}

/**
 * Replace [a, b) of the joined text by `text` with edits inside each character-string touched (the
 * new text goes into the first one; an insertion goes at the end of the string before it), so the
 * boundaries between strings and any comments between them stay. Undefined when it cannot be done.
 */
export function joinedEdits(rec: DnsRecord, a: number, b: number, text: string, split = true): TextEdit[] | undefined {
  const strings = rec.strings;
  if (!strings || strings.length === 0) return undefined;
  if (b < a) b = a;
  const edits: TextEdit[] = [];
  let base = 0;
  let placed = false;
  for (const s of strings) {
    const from = base;
    const to = base + s.value.length;
    base = to;
    let la: number;
    let lb: number;
    if (a === b) {
      // An insertion: at the end of the string holding byte a-1 (the first string when a is 0).
      if (!(a === 0 ? true : a > from && a <= to)) continue;
      la = lb = a - from;
    } else {
      const x = Math.max(a, from);
      const y = Math.min(b, to);
      if (x >= y) continue;
      la = x - from;
      lb = y - from;
    }
    edits.push(...stringEdits(rec, s, la, lb, placed ? '' : text, split));
    placed = true;
    if (a === b) break;
  }
  if (!placed) return undefined;
  if (rec.format === 'octodns' && edits.length > 1) return undefined; // a YAML value is one string
  return edits;
}

/**
 * Several changes of the joined text ([a, b) → text, not overlapping) as one edit list. When the
 * string boundary that one change adds to stay within 255 bytes would fall into another change,
 * the changes are made without new boundaries (together they do not grow that string as much).
 */
export function joinedChanges(rec: DnsRecord, changes: readonly (readonly [number, number, string])[]): TextEdit[] | undefined {
  const build = (split: boolean): TextEdit[] | undefined => {
    const out: TextEdit[] = [];
    for (const [a, b, text] of changes) {
      const e = joinedEdits(rec, a, b, text, split);
      if (!e) return undefined;
      out.push(...e);
    }
    return out;
  };
  const edits = build(true);
  if (!edits) return undefined;
  const sorted = [...edits].sort((x, y) => x.start - y.start || x.end - y.end);
  for (let k = 1; k < sorted.length; k++) {
    const p = sorted[k - 1];
    const q = sorted[k];
    if (q.start < p.end || (q.start === p.start && (p.start === p.end || q.start === q.end))) return build(false);
  }
  return edits;
}

/** Replace [a, b) of the joined text. Undefined when the edit cannot be made safely. */
export function replaceJoined(rec: DnsRecord, tl: TagList, a: number, b: number, text: string): TextEdit | undefined {
  if (!rec.strings || rec.strings.length === 0) return undefined;
  if (b > a && !tl.inOneString(a, b)) {
    // Spans a string boundary: fine in a zone file (the strings merge), not in YAML.
    if (rec.format === 'octodns') return undefined;
  }
  const cs = tl.stringAt(a);
  const start = tl.toSource(a, false);
  const end = b > a ? tl.toSource(b, true) : start;
  return { file: rec.file, start, end, newText: escapeFor(rec, cs, text) };
}

/** Set a tag's value (edits inside the strings it spans; a string that would pass 255 bytes is split). */
export function setValueFix(rec: DnsRecord, tl: TagList, tag: Tag, value: string, title: string, preferred = false): Fix | undefined {
  void tl;
  const edits = joinedEdits(rec, tag.valueAt, tag.endAt, value);
  return edits ? { title, edits, preferred } : undefined;
}

/** The joined range that removes a tag with its separator. */
export function tagRemovalRange(tl: TagList, tag: Tag): [number, number] {
  const next = tl.tags[tag.index + 1];
  const prev = tl.tags[tag.index - 1];
  if (next) return [tag.nameAt, next.nameAt];
  if (prev) return [prev.endAt, tag.endAt];
  return [tag.nameAt, tag.endAt];
}

/** The edits that remove a tag with its separator, each inside the string it touches. */
export function removeTagEdits(rec: DnsRecord, tl: TagList, tag: Tag): TextEdit[] | undefined {
  const [a, b] = tagRemovalRange(tl, tag);
  return joinedEdits(rec, a, b, '');
}

/** Remove a tag with its separator. */
export function removeTagFix(rec: DnsRecord, tl: TagList, tag: Tag, title: string, preferred = false): Fix | undefined {
  const edits = removeTagEdits(rec, tl, tag);
  return edits ? { title, edits, preferred } : undefined;
}

/** Insert `; name=value` after a tag. */
export function addTagAfterFix(rec: DnsRecord, tl: TagList, after: Tag | undefined, name: string, value: string, title: string, preferred = false): Fix | undefined {
  if (!rec.strings || rec.strings.length === 0) return undefined;
  const at = after ? after.endAt : tl.text.length;
  const lead = after ? '; ' : tl.text.length > 0 && !/;\s*$/.test(tl.text) ? '; ' : '';
  const edits = joinedEdits(rec, at, at, `${lead}${name}=${value}`);
  return edits ? { title, edits, preferred } : undefined;
}

/** The origin in effect where a record is written, as far as the record's owner token tells. */
function originAt(rec: DnsRecord, zone: Zone): string | undefined {
  const tok = rec.ownerTok;
  if (!tok) return undefined;
  const text = tok.text.toLowerCase();
  if (text === '@') return rec.owner;
  if (text.endsWith('.')) return undefined;
  if (rec.owner.startsWith(text + '.')) return rec.owner.slice(text.length + 1);
  return zone.origin;
}

/** How to write `name` in a new line placed after `rec` in a zone file. */
export function ownerTextNear(rec: DnsRecord, zone: Zone, name: string): string {
  const origin = originAt(rec, zone);
  if (origin) {
    const rel = relativeName(name, origin);
    if (rel !== name) return rel;
  }
  return name;
}

/** A text edit that adds a whole line after the line where `rec` ends (zone files only). */
export function insertLineAfter(rec: DnsRecord, line: string): TextEdit | undefined {
  if (rec.format !== 'zone') return undefined;
  const t = rec.file.text;
  const nl = t.indexOf('\n', rec.end);
  if (nl < 0) return { file: rec.file, start: t.length, end: t.length, newText: '\n' + line + '\n' };
  return { file: rec.file, start: nl + 1, end: nl + 1, newText: line + '\n' };
}

/** Quote a TXT value for a zone file (splitting at 255 bytes). */
export function quoteTxt(value: string): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i += 255) parts.push(value.slice(i, i + 255));
  if (parts.length === 0) parts.push('');
  return parts.map((p) => '"' + p.replace(/[\\"]/g, (c) => '\\' + c) + '"').join(' ');
}
