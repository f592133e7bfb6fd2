// Text edits on an SPF record expressed on its joined value, turned into edits of the
// character-strings as written (each string keeps its quotes and its place in the file).
import type { CharString, DnsRecord, TextEdit } from '../model';
import type { SpfParse, SpfTerm } from './parse';

/** A character-string in zone-file presentation form (quoted, escapes for `"`, `\` and non-printables). */
export { quoteCharString as quoteZoneString } from '../presentation';
import { quoteCharString as quoteZoneString } from '../presentation';

function escapeFor(rec: DnsRecord, text: string): string {
  if (rec.format !== 'zone') return text;
  return quoteZoneString(text).slice(1, -1);
}

/**
 * Replace the joined range [from, to) by `newText`. Edits stay inside the strings (quotes and
 * separators untouched); an unquoted string that would get a space is rewritten quoted.
 */
export function editJoined(rec: DnsRecord, spf: SpfParse, from: number, to: number, newText: string): TextEdit[] {
  const strings = (rec.strings ?? []) as readonly CharString[];
  if (strings.length === 0) return [];
  const edits: TextEdit[] = [];
  let pos = 0;
  let inserted = false;
  for (let k = 0; k < strings.length; k++) {
    const s = strings[k];
    const sFrom = pos;
    const sTo = pos + s.value.length;
    pos = sTo;
    const last = k === strings.length - 1;
    // Overlap of [from, to) with this string; an insertion goes to the first string that reaches it.
    const a = Math.max(from, sFrom);
    const b = Math.min(to, sTo);
    const touches = from === to ? !inserted && from >= sFrom && from <= sTo : a < b;
    if (!touches) continue;
    void last;
    const la = a - sFrom;
    const lb = Math.max(la, b - sFrom);
    const text = inserted ? '' : newText;
    inserted = true;
    if (!s.quoted && /[\s;"()]/.test(text) && rec.format === 'zone') {
      const v = s.value.slice(0, la) + text + s.value.slice(lb);
      edits.push({ file: rec.file, start: s.start, end: s.end, newText: quoteZoneString(v) });
    } else {
      edits.push({ file: rec.file, start: s.sourceOffset(la), end: s.sourceOffset(lb), newText: escapeFor(rec, text) });
    }
  }
  void spf;
  return edits;
}

/** Joined range that removes a term with one separating space (the following one, else the preceding one). */
export function termRemovalRange(spf: SpfParse, term: SpfTerm): [number, number] {
  const t = spf.text;
  let to = term.to;
  while (to < t.length && t.charCodeAt(to) === 32) to++;
  if (to < t.length) return [term.from, to];
  let from = term.from;
  while (from > 0 && t.charCodeAt(from - 1) === 32) from--;
  return [from, term.to];
}

export function removeTermEdits(rec: DnsRecord, spf: SpfParse, term: SpfTerm): TextEdit[] {
  const [a, b] = termRemovalRange(spf, term);
  return editJoined(rec, spf, a, b, '');
}

/** Remove several terms (e.g. everything after `all`): one edit set over their combined range. */
export function removeTermsEdits(rec: DnsRecord, spf: SpfParse, terms: readonly SpfTerm[]): TextEdit[] {
  if (terms.length === 0) return [];
  const first = terms[0];
  const last = terms[terms.length - 1];
  const t = spf.text;
  let from = first.from;
  while (from > 0 && t.charCodeAt(from - 1) === 32) from--;
  let to = last.to;
  if (from === 0) while (to < t.length && t.charCodeAt(to) === 32) to++;
  return editJoined(rec, spf, from, to, '');
}

/** Rewrite every string of the record with new values (same count), each quoted (zone files only). */
export function rewriteStrings(rec: DnsRecord, values: readonly string[]): TextEdit[] {
  const strings = rec.strings ?? [];
  if (rec.format !== 'zone' || strings.length === 0) return [];
  const edits: TextEdit[] = [];
  if (values.length === strings.length) {
    for (let k = 0; k < strings.length; k++) {
      if (strings[k].value === values[k] && strings[k].quoted) continue;
      edits.push({ file: rec.file, start: strings[k].start, end: strings[k].end, newText: quoteZoneString(values[k]) });
    }
    return edits;
  }
  return [{ file: rec.file, start: strings[0].start, end: strings[strings.length - 1].end, newText: values.map(quoteZoneString).join(' ') }];
}

/**
 * Split a value into character-strings of at most 255 bytes, each boundary right after a space
 * (so the join, which adds nothing, gives the value back and no term is cut). `hint` are the
 * preferred boundaries (the old ones); each moves back to the nearest space.
 */
export function splitAtSpaces(value: string, count: number, hint: readonly number[] = []): string[] {
  const out: string[] = [];
  let start = 0;
  const wanted = hint.length === count - 1 ? hint : [];
  for (let k = 0; k < count - 1 && start < value.length; k++) {
    let target = wanted[k] ?? Math.min(value.length, start + 255);
    target = Math.min(target, start + 255, value.length);
    // The boundary goes right after a space at or before target.
    let b = target;
    while (b > start && value.charCodeAt(b - 1) !== 32) b--;
    if (b <= start) {
      // No space before: take the next space after target (within 255), else cut at 255.
      b = target;
      while (b < value.length && b - start < 255 && value.charCodeAt(b - 1) !== 32) b++;
    }
    out.push(value.slice(start, b));
    start = b;
  }
  let rest = value.slice(start);
  while (rest.length > 255) {
    let b = 255;
    while (b > 0 && rest.charCodeAt(b - 1) !== 32) b--;
    if (b === 0) b = 255;
    out.push(rest.slice(0, b));
    rest = rest.slice(b);
  }
  out.push(rest);
  return out;
}
