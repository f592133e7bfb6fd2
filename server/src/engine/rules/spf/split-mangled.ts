// spf/split-mangled: a TXT split into strings where the join (nothing between, RFC 7208 §3.3)
// glues two terms together or cuts one in two.
import type { Rule } from '../../rule';
import { rewriteStrings, splitAtSpaces } from '../../spf/edit';
import { parseSpfText, type SpfParse } from '../../spf/parse';
import { SPF_TYPES, spfView } from './util';

const TERM_START = /^[+\-~?]?(all(?=$| )|include:|exists:|ip4:|ip6:|a(?=$|[:/ ])|mx(?=$|[:/ ])|ptr(?=$|[: ])|redirect=|exp=|v=spf1)/i;

/** A single term, parsed alone, has no problem. */
function validAlone(text: string): boolean {
  if (!text || /\s/.test(text)) return false;
  const p = parseSpfText('v=spf1 ' + text);
  return p.terms.length === 1 && p.problems.length === 0 && p.terms[0].kind !== 'unknown';
}

interface Mangle {
  kind: 'glue' | 'cut';
  /** Joined range shown. */
  from: number;
  to: number;
  /** The joined value after repair and where the boundary should go. */
  value: string;
  boundary: number;
  message: string;
}

export function findMangles(spf: SpfParse): Mangle[] {
  const text = spf.text;
  const out: Mangle[] = [];
  const seen = new Set<number>();
  for (const b of spf.boundaries) {
    if (b <= 0 || b >= text.length || seen.has(b)) continue;
    seen.add(b);
    const left = text.charCodeAt(b - 1);
    const right = text.charCodeAt(b);
    if (left !== 32 && right !== 32) {
      // Glue: the word spanning the boundary.
      let ws = b;
      while (ws > 0 && text.charCodeAt(ws - 1) !== 32) ws--;
      let we = b;
      while (we < text.length && text.charCodeAt(we) !== 32) we++;
      const word = text.slice(ws, we);
      const l = text.slice(ws, b);
      const r = text.slice(b, we);
      const isVersion = ws === 0;
      const wordBad = isVersion ? !/^v=spf1$/i.test(word) : !validAlone(word);
      const leftOk = isVersion ? /^v=spf1$/i.test(l) : validAlone(l);
      const rightStarts = TERM_START.test(r) && validAlone(r);
      if ((wordBad && leftOk && (rightStarts || validAlone(r))) || (leftOk && rightStarts)) {
        out.push({
          kind: 'glue',
          from: ws,
          to: we,
          value: text.slice(0, b) + ' ' + text.slice(b),
          boundary: b + 1,
          message: `The strings of this TXT record are joined with nothing between them (RFC 7208 §3.3), so \`${l}\` and \`${r}\` become one term \`${word}\`${isVersion ? ' and the record is not recognised as SPF' : ': receivers return permerror'}. End the first string with a space (re-split at a space).`,
        });
      }
      continue;
    }
    // Cut: a space at the boundary splits what was one term.
    let ls = b;
    while (ls > 0 && text.charCodeAt(ls - 1) === 32) ls--;
    let rs = b;
    while (rs < text.length && text.charCodeAt(rs) === 32) rs++;
    if (ls === 0 || rs >= text.length || rs - ls > 2) continue;
    let ws = ls;
    while (ws > 0 && text.charCodeAt(ws - 1) !== 32) ws--;
    let we = rs;
    while (we < text.length && text.charCodeAt(we) !== 32) we++;
    const l = text.slice(ws, ls);
    const r = text.slice(rs, we);
    if (ws === 0) continue;
    const joined = l + r;
    if ((validAlone(l) && (validAlone(r) || TERM_START.test(r))) || !validAlone(joined)) continue;
    out.push({
      kind: 'cut',
      from: ws,
      to: we,
      value: text.slice(0, ls) + text.slice(rs),
      boundary: ws,
      message: `The split between the strings of this TXT record puts a space inside \`${joined}\`: receivers read \`${l}\` and \`${r}\` as two terms (RFC 7208 §3.3) and return permerror. Remove the space and re-split at a space between terms.`,
    });
  }
  return out;
}

export const spfSplitMangled: Rule = {
  id: 'spf/split-mangled',
  severity: 'error',
  types: SPF_TYPES,
  docs: {
    summary: 'TXT string split glues or cuts SPF terms',
    details: [
      'A TXT record longer than 255 bytes must be written as several character-strings, and receivers join them with **nothing** between (RFC 7208 §3.3). `"v=spf1 include:a.example" "include:b.example -all"` joins to `include:a.exampleinclude:b.example`: one invalid term, so receivers return **permerror**. A space added at the split inside a term (`"…include:spf.prot" " ection.outlook.com"`) cuts it in two.',
      '',
      'Fix: put every split right after a space between two terms (the quick fix re-splits the strings).',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 include:a.example" "include:b.example -all"',
    good: 'example.com. TXT "v=spf1 include:a.example " "include:b.example -all"',
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    const strings = rec.strings ?? [];
    if (!spf || strings.length < 2) return;
    for (const m of findMangles(spf)) {
      const hints: number[] = [];
      for (const b of spf.boundaries) {
        const shift = m.kind === 'glue' ? (b >= m.boundary ? 1 : 0) : b > m.boundary ? -(spf.text.length - m.value.length) : 0;
        hints.push(b === m.boundary - 1 && m.kind === 'glue' ? m.boundary : b + shift);
      }
      const values = splitAtSpaces(m.value, strings.length, hints);
      const edits = rewriteStrings(rec, values);
      ctx.report({
        file: rec.file,
        message: m.message,
        fixes: edits.length ? [{ title: 'Re-split the strings at a space', edits, preferred: true }] : [],
        ...spf.span(m.from, m.to),
      });
    }
  },
};
