// $GENERATE as BIND 9.18 reads it (lib/dns/master.c: generate(), genname(), nibbles()).
//
// BIND reads the range with sscanf("%d-%d%1[/]%d"), each ${…} modifier with
// sscanf("{%d%1[,}]%u%1[,}]%1[doxXnN]%1[}]"), formats with snprintf into a 128-byte buffer, and
// reads each expanded rdata template with the master-file lexer as a line of its own (so a ';' in a
// quoted template starts a comment, a '"' starts a string, parentheses must balance).
import type { Token } from '../model';

const INT_MAX = 2147483647;

/** A C `long` (64 bits) read by strtol/strtoul clamps; storing it in an `int` keeps the low 32 bits. */
function toInt32(neg: boolean, digits: string): number {
  let v = BigInt(digits);
  const LONG_MAX = (1n << 63n) - 1n;
  if (neg) v = -v;
  if (v > LONG_MAX) v = LONG_MAX;
  if (v < -LONG_MAX - 1n) v = -LONG_MAX - 1n;
  return Number(BigInt.asIntN(32, v));
}

/** strtoul() stored in an `unsigned int`: a minus sign negates modulo 2^64, overflow gives ULONG_MAX. */
function toUint32(neg: boolean, digits: string): number {
  let v = BigInt(digits);
  const ULONG_MAX = (1n << 64n) - 1n;
  if (v > ULONG_MAX) v = ULONG_MAX;
  else if (neg) v = BigInt.asUintN(64, -v);
  return Number(BigInt.asUintN(32, v));
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** sscanf's %d / %u at s[i]: whitespace, a sign, digits. Undefined when there is no digit. */
function scanNumber(s: string, i: number, unsigned: boolean): { value: number; next: number } | undefined {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  const c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    neg = c === 45;
    i++;
  }
  const from = i;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === from) return undefined;
  const digits = s.slice(from, i);
  return { value: unsigned ? toUint32(neg, digits) : toInt32(neg, digits), next: i };
}

export interface GenerateRange {
  start: number;
  stop: number;
  step: number;
}

/**
 * BIND's reading of a $GENERATE range: `sscanf(range, "%d-%d%1[/]%d")` must fill 2 or 4 fields, so
 * text after the stop that does not start with '/' is ignored ("1-10x"), and after the step always
 * ("1-10/2x"); signs are allowed ("+1-+3"); each number is a C int, so one past 2147483647 wraps
 * (4294967296 reads as 0, 4000000000 as -294967296). Returns a message when BIND says "invalid range".
 */
export function parseRange(text: string): GenerateRange | string {
  const a = scanNumber(text, 0, false);
  if (!a) return 'it does not start with a number';
  if (text.charCodeAt(a.next) !== 45) return `no '-' after the start ${text.slice(0, a.next)}`;
  const b = scanNumber(text, a.next + 1, false);
  if (!b) return `no number after the '-'`;
  let step = 1;
  if (text.charCodeAt(b.next) === 47) {
    const c = scanNumber(text, b.next + 1, false);
    if (!c) return `no step number after the '/'`;
    step = c.value;
  }
  const start = a.value;
  const stop = b.value;
  const wrapped = (s: string, v: number) => {
    const digits = s.replace(/^\s*[+-]?/, '').replace(/^0+(?=\d)/, '');
    return digits.length > 10 || Number(digits) > INT_MAX ? ` (BIND reads each number as a 32-bit C int: ${s.trim()} becomes ${v})` : '';
  };
  if (start < 0) return `the start is negative${wrapped(text.slice(0, a.next), start)}`;
  if (stop < 0) return `the stop is negative${wrapped(text.slice(a.next + 1, b.next), stop)}`;
  if (step < 1) return 'the step must be at least 1';
  if (stop < start) return `the start ${start} is after the stop ${stop}`;
  return { start, stop, step };
}

/** A ${offset,width,base} substitution; `base` is 0 for BIND's plain %d of "${offset}" / "$". */
interface Subst {
  offset: number;
  width: number;
  base: string;
}
export type TemplatePart = string | Subst;

const PLAIN: Subst = { offset: 0, width: 0, base: 'd' };

/**
 * Parses a $GENERATE template as BIND's genname() reads it: `$$` is a literal '$', a backslash and
 * the character after it are copied as they are (`\$` stays `\$`, which is '$' in a name), `$` is
 * the value, `${offset[,width[,base]]}` a formatted one. Returns BIND's error text for a bad modifier.
 */
export function compileTemplate(s: string): TemplatePart[] | string {
  const parts: TemplatePart[] = [];
  let lit = '';
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) {
      lit += i + 1 < n ? s.slice(i, i + 2) : s[i];
      i++;
      continue;
    }
    if (c !== 36) {
      lit += s[i];
      continue;
    }
    if (s.charCodeAt(i + 1) === 36) {
      lit += '$';
      i++;
      continue;
    }
    let part = PLAIN;
    if (s.charCodeAt(i + 1) === 123) {
      const p = parseModifier(s, i + 2);
      if (typeof p === 'string') return p;
      part = p;
      // Past the first '}' (BIND skips to it whatever the modifier read).
      i = s.indexOf('}', i + 2);
    }
    if (lit) parts.push(lit);
    lit = '';
    parts.push(part);
  }
  if (lit || parts.length === 0) parts.push(lit);
  return parts;
}

/** sscanf("{%d%1[,}]%u%1[,}]%1[doxXnN]%1[}]") from s[i] (after the '{'), and BIND's three accepted forms. */
function parseModifier(s: string, i: number): Subst | string {
  const end = s.indexOf('}', i);
  const shown = `'\${${end < 0 ? s.slice(i) : s.slice(i, end + 1)}'`;
  const bad = `bad $GENERATE modifier ${shown} (BIND: "syntax error"): expected \${offset}, \${offset,width} or \${offset,width,base} with base d, o, x, X, n or N`;
  const d = scanNumber(s, i, false);
  if (!d) return bad;
  const c1 = s.charCodeAt(d.next);
  if (c1 === 125) return { offset: d.value, width: 0, base: 'd' };
  if (c1 !== 44) return bad;
  const w = scanNumber(s, d.next + 1, true);
  if (!w) return bad;
  const c2 = s.charCodeAt(w.next);
  if (c2 === 125) return { offset: d.value, width: w.value, base: 'd' };
  if (c2 !== 44) return bad;
  const mode = s[w.next + 1];
  if (mode === undefined || 'doxXnN'.indexOf(mode) < 0 || s.charCodeAt(w.next + 2) !== 125) return bad;
  return { offset: d.value, width: w.value, base: mode };
}

/** BIND formats each substitution into a 128-byte buffer: 128 characters or more is "ran out of space". */
const NUMBUF = 128;
/** BIND's buffers for an expanded owner template (DNS_MASTER_LHS) and rdata template (DNS_MASTER_RHS). */
export const LHS_BUFFER = 2048;
export const RHS_BUFFER = 65535;

/**
 * BIND's genname() over a compiled template for the value `value` (0 <= value <= 2147483647).
 * Returns undefined and sets expandOut.error to BIND's message when BIND fails on this value.
 */
export function expand(parts: TemplatePart[], value: number): string | undefined {
  let out = '';
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const offset = part.offset;
    if (value > 0 && offset > INT_MAX - value) {
      expandOut.error = `${value} plus the offset ${offset} is over 2147483647 (BIND: "out of range")`;
      return undefined;
    }
    const v = value + offset;
    const base = part.base;
    const width = part.width;
    let str: string;
    if (base === 'n' || base === 'N') {
      str = width >= NUMBUF ? '' : nibbles(v, width, base === 'N');
      if (width >= NUMBUF || str.length >= NUMBUF) {
        expandOut.error = `the nibble modifier makes ${NUMBUF} characters or more, and BIND refuses to load the zone ("ran out of space"); use a smaller width`;
        return undefined;
      }
    } else {
      if (width >= NUMBUF) {
        expandOut.error = `the width ${width} makes ${NUMBUF} characters or more, and BIND refuses to load the zone ("ran out of space"); use a width below ${NUMBUF}, like \${0,3,d}`;
        return undefined;
      }
      // printf's %o %x %X read the int as unsigned: -1 is ffffffff.
      const u = v >>> 0;
      str = base === 'o' ? u.toString(8) : base === 'x' ? u.toString(16) : base === 'X' ? u.toString(16).toUpperCase() : String(v);
      if (str.length < width) str = v < 0 && base === 'd' ? '-' + str.slice(1).padStart(width - 1, '0') : str.padStart(width, '0');
    }
    out += str;
  }
  return out;
}

/** Why the last expand() returned undefined. */
export const expandOut = { error: '' };

/** BIND's nibbles(): hex digits from the lowest, '.'-separated; width counts the separators. */
function nibbles(value: number, width: number, upper: boolean): string {
  const hex = upper ? '0123456789ABCDEF' : '0123456789abcdef';
  let out = '';
  let v = value >>> 0;
  do {
    out += hex[v & 15];
    v = Math.floor(v / 16);
    if (width > 0) width--;
    if (width > 0 || v !== 0) {
      out += '.';
      if (width > 0) width--;
    }
  } while (v !== 0 || width > 0);
  return out;
}

/**
 * The text BIND's lexer gives for a quoted $GENERATE rdata template: the text between the quotes
 * with `\"` made `"`; every other backslash stays, with the character after it (genname and then
 * the rdata reader see them).
 */
export function quotedTemplate(raw: string): string {
  const to = raw.length > 1 && raw.charCodeAt(raw.length - 1) === 34 ? raw.length - 1 : raw.length;
  let out = '';
  for (let i = 1; i < to; i++) {
    const c = raw.charCodeAt(i);
    if (c === 92 && i + 1 < to) {
      out += raw.charCodeAt(i + 1) === 34 ? '"' : raw.slice(i, i + 2);
      i++;
    } else out += raw[i];
  }
  return out;
}

/** What splitFields() found besides the fields. */
export const splitOut = { error: '', comment: -1 };

/**
 * Splits an expanded rdata template into fields as BIND's master-file lexer reads it: whitespace
 * separates, a backslash escapes the next character, '"' starts a string (unclosed: BIND says
 * "unexpected end of input"), '(' and ')' only group (unbalanced: "unbalanced parentheses"), and ';'
 * starts a comment to the end. `parens` is the number of '(' still open in the file before the
 * template. Undefined on an error (splitOut.error); splitOut.comment is where a comment starts, or -1.
 */
export function splitFields(s: string, start: number, end: number, parens: number): Token[] | undefined {
  const out: Token[] = [];
  const n = s.length;
  let depth = parens;
  splitOut.error = '';
  splitOut.comment = -1;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 59) {
      splitOut.comment = i;
      break;
    }
    if (c === 40) {
      depth++;
      i++;
      continue;
    }
    if (c === 41) {
      if (depth === 0) {
        splitOut.error = `its ')' has no '(' before it (BIND: "unbalanced parentheses")`;
        return undefined;
      }
      depth--;
      i++;
      continue;
    }
    const b = i;
    if (c === 34) {
      i++;
      while (i < n && s.charCodeAt(i) !== 34) i += s.charCodeAt(i) === 92 ? 2 : 1;
      if (i >= n) {
        splitOut.error = `its '"' at '${s.slice(b, b + 20)}' starts a string that is never closed (BIND: "unexpected end of input")`;
        return undefined;
      }
      i++;
    } else {
      while (i < n) {
        const d = s.charCodeAt(i);
        if (d === 32 || d === 9 || d === 10 || d === 13 || d === 34 || d === 40 || d === 41 || d === 59) break;
        i += d === 92 ? 2 : 1;
      }
      if (i > n) i = n;
    }
    out.push({ start, end, text: s.slice(b, i) });
  }
  if (depth !== 0) {
    splitOut.error =
      parens > 0
        ? `a '(' before the template is still open there and never closed ("unbalanced parentheses"); write the $GENERATE on one line without parentheses`
        : `its '(' is never closed (BIND: "unbalanced parentheses")`;
    return undefined;
  }
  return out;
}
