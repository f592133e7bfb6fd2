// Escape-aware decoding of one YAML scalar, with a map from every decoded character back to the
// source. The `yaml` package gives the value and the node's range but not where each character
// came from; this module re-reads the source slice of the scalar by its style (plain, single- or
// double-quoted, literal or folded block) and records, for each decoded UTF-16 unit, the offset of
// the source character (or escape sequence, or line break) that produced it.
//
// The result is checked against the value the `yaml` package computed; when the two differ (an
// exotic construct this reader does not model) the caller gets `exact: false` and a best-effort map.

export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

export interface DecodedScalar {
  /** The decoded value (JavaScript string). */
  value: string;
  /** offs[i] = source offset of value[i]; offs[value.length] = end of the content. */
  offs: number[];
  /** Start/end of the content (inside the quotes for quoted styles, after the header for blocks). */
  contentStart: number;
  contentEnd: number;
  /** True when the map was verified against the parser's value. */
  exact: boolean;
}

const isWs = (c: number) => c === 32 || c === 9;
const isBreak = (c: number) => c === 10 || c === 13;

/**
 * Decodes the scalar at [start, end) of `text` (the node's range[0], range[1]).
 * `expected` is the parser's string value, used to verify the map.
 */
export function decodeScalar(text: string, start: number, end: number, style: ScalarStyle, expected: string): DecodedScalar {
  let r: DecodedScalar | undefined;
  try {
    switch (style) {
      case 'PLAIN':
        r = fastPlain(text, start, end, expected) ?? flow(text, start, end, false, false);
        break;
      case 'QUOTE_SINGLE':
        r = flow(text, start + 1, end - 1, true, false);
        break;
      case 'QUOTE_DOUBLE':
        r = flow(text, start + 1, end - 1, false, true);
        break;
      case 'BLOCK_LITERAL':
      case 'BLOCK_FOLDED':
        r = block(text, start, end, style === 'BLOCK_FOLDED', expected);
        break;
    }
  } catch {
    r = undefined;
  }
  if (r && r.value === expected) return r;
  return approximate(text, start, end, style, expected);
}

/**
 * A quoted scalar's value as PyYAML reads it, unchecked against the yaml package's (which misreads
 * an escaped line break followed by empty lines, and takes NEL, LS, PS as characters of the line).
 * `start`/`end`: the node's range, quotes included.
 */
export function decodeQuoted(text: string, start: number, end: number, double: boolean): string | undefined {
  try {
    return flow(text, start + 1, end - 1, !double, double).value;
  } catch {
    return undefined;
  }
}

/** Single-line plain scalar equal to its source: the common case, no allocation beyond the map. */
function fastPlain(text: string, start: number, end: number, expected: string): DecodedScalar | undefined {
  if (end - start !== expected.length || !text.startsWith(expected, start)) return undefined;
  const offs = new Array<number>(expected.length + 1);
  for (let i = 0; i <= expected.length; i++) offs[i] = start + i;
  return { value: expected, offs, contentStart: start, contentEnd: end, exact: true };
}

/**
 * Plain, single-quoted or double-quoted scalar content in [s, e). Line folding (YAML 1.2 §6.5):
 * trailing white space of a line and leading white space of the next are dropped; one line break
 * becomes a space, n+1 line breaks become n newlines. Double-quoted: escapes, and `\` before a line
 * break joins the lines without a space.
 */
function flow(text: string, s: number, e: number, single: boolean, dbl: boolean): DecodedScalar {
  const out: string[] = [];
  const offs: number[] = [];
  const push = (ch: string, off: number) => {
    out.push(ch);
    offs.push(off);
  };
  let i = s;
  // Characters of the current line written so far that are white space (may be trimmed at a break).
  let pendingWsFrom = -1; // index into out where trailing white space began
  // Quoted scalars break lines as PyYAML (YAML 1.1) does: NEL (U+0085) is a line feed too, and LS,
  // PS (U+2028, U+2029) are line breaks kept in the value as themselves. (The yaml package takes the
  // three as characters; the octoDNS reader gives such nodes this value, see pyscan.ts.)
  const quoted = single || dbl;
  const brk = (at: number): number => {
    const d = text.charCodeAt(at);
    return d === 10 || d === 13 ? 10 : quoted && (d === 0x85 || d === 0x2028 || d === 0x2029) ? (d === 0x85 ? 10 : d) : 0;
  };
  const skipBreak = (at: number): number => (text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10 ? at + 2 : at + 1);
  while (i < e) {
    const c = text.charCodeAt(i);
    const first = brk(i);
    if (first) {
      // Drop trailing white space of this line.
      if (pendingWsFrom >= 0) {
        out.length = pendingWsFrom;
        offs.length = pendingWsFrom;
      }
      pendingWsFrom = -1;
      const breakOff = i;
      i = skipBreak(i);
      // The line breaks after it (white space of empty lines skipped): one line feed (or LS, PS)
      // each; a single line feed alone folds into a space.
      const more: [number, number][] = [];
      while (i < e) {
        const d = text.charCodeAt(i);
        const b = brk(i);
        if (b) {
          more.push([b, i]);
          i = skipBreak(i);
        } else if (isWs(d)) i++;
        else break;
      }
      if (first !== 10) push(String.fromCharCode(first), breakOff);
      else if (more.length === 0) push(' ', breakOff);
      for (const [b] of more) push(String.fromCharCode(b), breakOff);
      continue;
    }
    if (isWs(c)) {
      if (pendingWsFrom < 0) pendingWsFrom = out.length;
      push(text[i], i);
      i++;
      continue;
    }
    pendingWsFrom = -1;
    if (single && c === 39 && text.charCodeAt(i + 1) === 39) {
      push("'", i);
      i += 2;
      continue;
    }
    if (dbl && c === 92) {
      const at = i;
      const n = text[i + 1];
      i += 2;
      switch (n) {
        case '0': push('\0', at); break;
        case 'a': push('\x07', at); break;
        case 'b': push('\b', at); break;
        case 't': case '\t': push('\t', at); break;
        case 'n': push('\n', at); break;
        case 'v': push('\v', at); break;
        case 'f': push('\f', at); break;
        case 'r': push('\r', at); break;
        case 'e': push('\x1b', at); break;
        case ' ': push(' ', at); break;
        case '"': push('"', at); break;
        case '/': push('/', at); break;
        case '\\': push('\\', at); break;
        case 'N': push('\x85', at); break;
        case '_': push('\xa0', at); break;
        case 'L': push('\u2028', at); break;
        case 'P': push('\u2029', at); break;
        case 'x':
        case 'u':
        case 'U': {
          const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
          const hex = text.slice(i, i + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new Error('bad escape');
          const cp = parseInt(hex, 16);
          const str = String.fromCodePoint(cp);
          for (let k = 0; k < str.length; k++) push(str[k], at);
          i += len;
          break;
        }
        case '\r':
        case '\n':
        case '\x85':
        case '\u2028':
        case '\u2029': {
          // Escaped line break: joined without a space; leading white space of the next line
          // dropped; each empty line after it is a line feed (YAML 1.2 §7.3.1 s-double-escaped,
          // and PyYAML: `"a\<LF><LF>b"` is "a\nb"; the yaml package reads "a b").
          if (n === '\r' && text[i] === '\n') i++;
          for (;;) {
            while (i < e && isWs(text.charCodeAt(i))) i++;
            const b = i < e ? brk(i) : 0;
            if (!b) break;
            push(String.fromCharCode(b), i);
            i = skipBreak(i);
          }
          break;
        }
        default:
          throw new Error('bad escape');
      }
      continue;
    }
    push(text[i], i);
    i++;
  }
  offs.push(e);
  return { value: out.join(''), offs, contentStart: s, contentEnd: e, exact: true };
}

/** Literal (`|`) and folded (`>`) block scalars, with chomping and indentation indicators. */
function block(text: string, start: number, end: number, folded: boolean, expected: string): DecodedScalar | undefined {
  // Header: indicator characters up to the end of the line (a comment may follow).
  let i = start + 1;
  let chomp: 'clip' | 'strip' | 'keep' = 'clip';
  let explicit = 0;
  while (i < end && !isBreak(text.charCodeAt(i))) {
    const ch = text[i];
    if (ch === '-') chomp = 'strip';
    else if (ch === '+') chomp = 'keep';
    else if (ch >= '1' && ch <= '9' && explicit === 0) explicit = ch.charCodeAt(0) - 48;
    else if (ch === '#' || ch === ' ' || ch === '\t') {
      while (i < end && !isBreak(text.charCodeAt(i))) i++;
      break;
    }
    i++;
  }
  if (text.charCodeAt(i) === 13) i++;
  if (text.charCodeAt(i) === 10) i++;
  const bodyStart = i;
  // Split the body into lines: [lineStart, lineEnd) without the break.
  const lines: [number, number][] = [];
  let ls = bodyStart;
  for (let j = bodyStart; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13) {
      lines.push([ls, j]);
      if (c === 13 && text.charCodeAt(j + 1) === 10) j++;
      ls = j + 1;
    }
  }
  if (ls < end) lines.push([ls, end]);

  const tryIndent = (indent: number): DecodedScalar => decodeBlockLines(text, lines, indent, folded, chomp, bodyStart, end);
  // Auto-detected indentation: that of the first non-empty line.
  let auto = 0;
  for (const [a, b] of lines) {
    let k = a;
    while (k < b && text.charCodeAt(k) === 32) k++;
    if (k < b) {
      auto = k - a;
      break;
    }
  }
  const first = tryIndent(auto);
  if (first.value === expected || !explicit) return first;
  // An explicit indentation indicator counts from the parent's indentation, which is not known
  // here: try the plausible ones.
  for (let n = 0; n <= auto; n++) {
    const r = tryIndent(n);
    if (r.value === expected) return r;
  }
  return first;
}

function decodeBlockLines(
  text: string,
  lines: [number, number][],
  indent: number,
  folded: boolean,
  chomp: 'clip' | 'strip' | 'keep',
  bodyStart: number,
  end: number,
): DecodedScalar {
  const out: string[] = [];
  const offs: number[] = [];
  const push = (ch: string, off: number) => {
    out.push(ch);
    offs.push(off);
  };
  let pendingEmpty = 0;
  let pendingBreakOff = bodyStart;
  let started = false;
  let prevMore = false;
  const emptyBreaks: number[] = [];
  for (const [a, b] of lines) {
    // Content of the line after the indentation.
    let k = a;
    while (k < b && k - a < indent && text.charCodeAt(k) === 32) k++;
    let allWs = true;
    for (let q = a; q < b; q++) if (!isWs(text.charCodeAt(q))) { allWs = false; break; }
    if (allWs && b - a <= indent) {
      pendingEmpty++;
      emptyBreaks.push(b);
      continue;
    }
    const more = isWs(text.charCodeAt(k));
    if (!started) {
      for (let q = 0; q < pendingEmpty; q++) push('\n', emptyBreaks[q] ?? a);
    } else if (!folded) {
      push('\n', pendingBreakOff);
      for (let q = 0; q < pendingEmpty; q++) push('\n', emptyBreaks[q] ?? pendingBreakOff);
    } else if (!more && !prevMore) {
      if (pendingEmpty === 0) push(' ', pendingBreakOff);
      else for (let q = 0; q < pendingEmpty; q++) push('\n', emptyBreaks[q] ?? pendingBreakOff);
    } else {
      push('\n', pendingBreakOff);
      for (let q = 0; q < pendingEmpty; q++) push('\n', emptyBreaks[q] ?? pendingBreakOff);
    }
    for (let q = k; q < b; q++) push(text[q], q);
    started = true;
    prevMore = more;
    pendingEmpty = 0;
    emptyBreaks.length = 0;
    pendingBreakOff = b;
  }
  const contentEnd = started ? pendingBreakOff : bodyStart;
  if (started && chomp !== 'strip') {
    push('\n', pendingBreakOff);
    if (chomp === 'keep') for (let q = 0; q < pendingEmpty; q++) push('\n', emptyBreaks[q] ?? pendingBreakOff);
  } else if (!started && chomp === 'keep') {
    for (let q = 0; q < pendingEmpty; q++) push('\n', emptyBreaks[q] ?? bodyStart);
  }
  offs.push(Math.min(contentEnd, end));
  return { value: out.join(''), offs, contentStart: bodyStart, contentEnd: Math.min(contentEnd, end), exact: true };
}

/** Fallback: the value is right (the parser's), the map is proportional to the content span. */
function approximate(text: string, start: number, end: number, style: ScalarStyle, expected: string): DecodedScalar {
  let s = start;
  let e = end;
  if (style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE') {
    s++;
    e = Math.max(s, e - 1);
  } else if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') {
    while (s < e && !isBreak(text.charCodeAt(s))) s++;
    if (s < e) s++;
  }
  const n = expected.length;
  const offs = new Array<number>(n + 1);
  for (let i = 0; i < n; i++) offs[i] = Math.min(e - 1, s + i);
  offs[n] = e;
  return { value: expected, offs, contentStart: s, contentEnd: e, exact: false };
}
