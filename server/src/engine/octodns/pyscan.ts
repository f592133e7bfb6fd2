// Where PyYAML's scanner (octoDNS reads record files with PyYAML's SafeLoader) parts from what the
// `yaml` package reads: found by the differential test against PyYAML (test/octodns-pyyaml). Each
// check runs on a document yaml read without errors, only when the text has the characters it is
// about, and gives the first place PyYAML refuses or reads otherwise.
import { isMap, isSeq, visit, type Document, type Scalar } from 'yaml';
import { anchorsOf } from './nodes';
import { decodeQuoted } from './scalar';

type Span = [start: number, end: number, type: Scalar['type']];

/** The source ranges of a document's scalars (keys too), in source order. */
function scalarSpans(doc: Document): Span[] {
  const out: Span[] = [];
  visit(doc, {
    Scalar(_k, n) {
      const r = n.range;
      if (r) out.push([r[0], r[1], n.type]);
    },
  });
  return out.sort((a, b) => a[0] - b[0]);
}

/** The span holding offset `at`, if one does. */
function spanAt(spans: Span[], at: number): Span | undefined {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid];
    if (at < s[0]) hi = mid - 1;
    else if (at >= s[1]) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/**
 * Two characters PyYAML reads otherwise than the yaml package in a plain scalar inside a flow
 * collection, found in one walk of the document (the offset of the first of each, or -1):
 *  - `question`: a `?` (`values: [v=spf1 ?all]`, `{value: a?b}`). PyYAML ends a plain scalar in a
 *    flow collection at `?` (its scanner stops at `,?[]{}` there) and reads `?` as a mapping key
 *    indicator, so it refuses the file ("expected ',' or ']', but got '?'") or, for a scalar
 *    starting with `?` (`[?all]`), reads a mapping;
 *  - `colon`: a scalar that starts with `:` (`[a, :b]`). PyYAML starts a plain scalar with `:`
 *    only outside flow collections, so it refuses the file ("expected the node content, but found
 *    ':'").
 * YAML 1.2 and the yaml package keep both in the string.
 */
export function flowPlainChars(text: string, doc: Document): { question: number; colon: number } {
  const out = { question: -1, colon: -1 };
  const q = text.indexOf('?') >= 0;
  const c = text.indexOf(':') >= 0;
  if ((!q && !c) || !/[[{]/.test(text)) return out;
  visit(doc, {
    Scalar(_k, n, path) {
      if (n.type !== 'PLAIN' || !n.range || typeof n.source !== 'string') return;
      const hasQ = q && n.source.indexOf('?') >= 0;
      const hasC = c && n.source.charCodeAt(0) === 58;
      if (!hasQ && !hasC) return;
      let parent: unknown;
      for (let i = path.length - 1; i >= 0 && parent === undefined; i--) if (isMap(path[i]) || isSeq(path[i])) parent = path[i];
      if (!(parent as { flow?: boolean } | undefined)?.flow) return;
      // (The source is the value as read: find the character in the text from the scalar's start.)
      const first = (ch: string, prev: number): number => {
        const at = text.indexOf(ch, n.range![0]);
        return at >= 0 && at < n.range![1] && (prev < 0 || at < prev) ? at : prev;
      };
      if (hasQ) out.question = first('?', out.question);
      if (hasC) out.colon = first(':', out.colon);
    },
  });
  return out;
}

/** The tags PyYAML's SafeLoader constructs, and octoDNS's own `!include`. */
const SAFE_TAGS = new Set([
  ...['null', 'bool', 'int', 'float', 'binary', 'timestamp', 'omap', 'pairs', 'set', 'str', 'seq', 'map', 'merge', 'value'].map((t) => `tag:yaml.org,2002:${t}`),
  '!include',
  '!',
]);

/**
 * A node with a tag PyYAML's SafeLoader has no constructor for (`!bang x`, `!!python/object`):
 * PyYAML refuses the file ("could not determine a constructor for the tag"); the yaml package
 * only warns and reads the value. The tag as written (`!!python/object`) and where it is written.
 */
export function unknownTag(text: string, doc: Document): { tag: string; at: number; end: number } | undefined {
  if (text.indexOf('!') < 0) return undefined;
  let found: { tag: string; at: number; end: number } | undefined;
  visit(doc, {
    Node(_k, n) {
      const tag = (n as { tag?: string }).tag;
      if (!tag || SAFE_TAGS.has(tag) || !n.range) return;
      // The node's range starts at its value: the tag is the last `!…` before it (white space,
      // line breaks too, between them: `values: !foo` above a block sequence).
      const v = n.range[0];
      const from = Math.max(0, v - 256);
      const bang = text.slice(from, v).search(/!\S*\s*$/);
      const at = bang >= 0 ? from + bang : v;
      let end = at;
      while (end < v && !/\s/.test(text[end])) end++;
      if (!found || at < found.at) found = { tag: tag.replace(/^tag:yaml\.org,2002:/, '!!'), at, end: Math.max(end, at + 1) };
    },
  });
  return found;
}

/**
 * An alias (`*name`) with no anchor of that name before it: PyYAML refuses the file ("found
 * undefined alias"); the yaml package reads it as null. Returns the alias's offset, or -1.
 */
export function undefinedAlias(text: string, doc: Document): number {
  if (text.indexOf('*') < 0) return -1;
  let at = -1;
  visit(doc, {
    Alias(_k, n) {
      if (!n.range || (at >= 0 && n.range[0] >= at)) return;
      const before = anchorsOf(doc).get(n.source)?.some((a) => (a.range?.[0] ?? Infinity) < n.range![0]);
      if (!before) at = n.range[0];
    },
  });
  return at;
}

/** Line breaks to PyYAML (YAML 1.1), not to YAML 1.2: NEL, LS, PS. */
const YAML11_BREAK = /[\x85\u2028\u2029]/;
/** An escaped line break followed by an empty line (`"a\<LF><LF>b"`). */
const ESCAPED_BREAK_EMPTY = /\\\r?\n[ \t]*[\r\n]/;

/**
 * Quoted scalars the yaml package reads otherwise than PyYAML, which get PyYAML's value:
 * - an escaped line break followed by empty lines (`"v=spf1\<LF><LF>-all"`): each empty line is a
 *   line feed (YAML 1.2 §7.3.1, and PyYAML), where the yaml package folds them into a space;
 * - NEL, LS, PS: line breaks to PyYAML (YAML 1.1), folded as a line feed (NEL) or kept as
 *   themselves (LS, PS); characters of the line to the yaml package.
 */
export function fixQuotedBreaks(text: string, doc: Document): void {
  if (!ESCAPED_BREAK_EMPTY.test(text) && !YAML11_BREAK.test(text)) return;
  visit(doc, {
    Scalar(_k, n) {
      if ((n.type !== 'QUOTE_DOUBLE' && n.type !== 'QUOTE_SINGLE') || !n.range) return;
      const src = text.slice(n.range[0], n.range[1]);
      if (!YAML11_BREAK.test(src) && !(n.type === 'QUOTE_DOUBLE' && ESCAPED_BREAK_EMPTY.test(src))) return;
      const v = decodeQuoted(text, n.range[0], n.range[1], n.type === 'QUOTE_DOUBLE');
      if (v === undefined || v === n.value) return;
      n.value = v;
      (n as { source?: string }).source = v;
    },
  });
}

/**
 * NEL, LS or PS outside a quoted scalar, where PyYAML reads a line break and the yaml package a
 * character: in a plain or block value (PyYAML's value differs), or before more text on its line
 * (a comment or the structure continues on a "new line" at column 0). At the end of a line, outside
 * values, it only makes an empty line. Returns its offset, or -1.
 */
export function yaml11Break(text: string, doc: Document): number {
  if (!YAML11_BREAK.test(text)) return -1;
  const spans = scalarSpans(doc);
  const re = /[\x85\u2028\u2029]/g;
  for (let m; (m = re.exec(text)); ) {
    const s = spanAt(spans, m.index);
    if (s && (s[2] === 'QUOTE_DOUBLE' || s[2] === 'QUOTE_SINGLE')) continue;
    if (s) return m.index;
    let j = m.index + 1;
    while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
    if (j < text.length && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13 && !YAML11_BREAK.test(text[j])) return m.index;
  }
  return -1;
}

/**
 * PyYAML loosens indentation inside flow collections and quoted scalars ("Indentation rules are
 * loosed for the flow context", its scanner says): a continuation line may start anywhere, at
 * column 0 too —
 *
 *     values: [
 *       "v=spf1 -all",
 *     ]                       <- column 0: octoDNS loads it
 *
 * — where YAML 1.2 and the yaml package want such lines indented deeper than the key they belong
 * to, and refuse the file. This gives the text with those lines indented just enough (one column
 * past the key; white space there is never part of a value) and a map from its offsets back to the
 * text's; undefined when no line needs it. A line starting with `---` or `...` is left alone:
 * PyYAML refuses it there too ("found unexpected document separator").
 */
export function relaxFlowIndent(text: string): { text: string; back: (offset: number) => number } | undefined {
  const n = text.length;
  const ins: [at: number, count: number][] = [];
  const isNl = (c: string | undefined) => c === '\n' || c === '\r';
  const afterBreak = (j: number) => (text[j] === '\r' && text[j + 1] === '\n' ? j + 2 : j + 1);
  const toEol = (j: number) => {
    while (j < n && !isNl(text[j])) j++;
    return j;
  };
  /** At the start of a continuation line (j): indents it when it is under `need`. */
  const continuation = (j: number, need: number): number => {
    let k = j;
    while (k < n && text[k] === ' ') k++;
    const ind = k - j;
    const blank = k >= n || isNl(text[k]);
    const separator = ind === 0 && /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/.test(text.slice(j, j + 4));
    if (!blank && !separator && ind < need) ins.push([j, need - ind]);
    return k;
  };
  const quoted = (i: number, need: number): number => {
    const q = text[i];
    let j = i + 1;
    while (j < n) {
      const c = text[j];
      if (c === q) {
        if (q === "'" && text[j + 1] === "'") {
          j += 2;
          continue;
        }
        return j + 1;
      }
      if (q === '"' && c === '\\' && !isNl(text[j + 1])) {
        j += 2;
        continue;
      }
      if (isNl(c)) {
        j = continuation(afterBreak(j), need);
        continue;
      }
      j++;
    }
    return n;
  };
  const flowColl = (i: number, need: number): number => {
    let depth = 0;
    let j = i;
    let prev = '';
    while (j < n) {
      const c = text[j];
      if (isNl(c)) {
        j = continuation(afterBreak(j), need);
        continue;
      }
      const spaced = j > i && /\s/.test(text[j - 1]);
      if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') {
        if (--depth === 0) return j + 1;
      } else if ((c === '&' || c === '!') && /^[[{,:]?$/.test(prev)) {
        // An anchor or tag before a node: the node still starts after it.
        while (j < n && !/\s/.test(text[j]) && text[j] !== ',' && text[j] !== ']' && text[j] !== '}') j++;
        continue;
      } else if ((c === '"' || c === "'") && /^[[{,:]?$/.test(prev)) {
        // A quoted scalar starts a node (after `[`, `{`, `,` or `:`); inside a plain one it is a character.
        j = quoted(j, need);
        prev = c;
        continue;
      } else if (c === '#' && spaced) {
        j = toEol(j);
        continue;
      }
      if (c !== ' ' && c !== '\t') prev = c;
      j++;
    }
    return n;
  };
  let i = 0;
  while (i < n) {
    // A line in block context.
    const ls = i;
    while (i < n && text[i] === ' ') i++;
    const ind = i - ls;
    if (i >= n || isNl(text[i]) || text[i] === '#') {
      i = afterBreak(toEol(i));
      continue;
    }
    while ((text[i] === '-' || text[i] === '?') && (text[i + 1] === ' ' || isNl(text[i + 1]))) {
      i++;
      while (text[i] === ' ') i++;
    }
    const need = i - ls + 1;
    let nodeStart = true;
    while (i < n && !isNl(text[i])) {
      const c = text[i];
      if (c === '#' && (i === ls || text[i - 1] === ' ' || text[i - 1] === '\t')) {
        i = toEol(i);
        break;
      }
      if (nodeStart && (c === '"' || c === "'")) {
        i = quoted(i, need);
        nodeStart = false;
        continue;
      }
      if (nodeStart && (c === '[' || c === '{')) {
        i = flowColl(i, need);
        nodeStart = false;
        continue;
      }
      if (nodeStart && (c === '|' || c === '>')) {
        // A block scalar: its lines (deeper than this one, or blank) are not ours.
        i = afterBreak(toEol(i));
        for (;;) {
          let k = i;
          while (k < n && text[k] === ' ') k++;
          if (k < n && !isNl(text[k]) && k - i <= ind) break;
          if (k >= n) {
            i = n;
            break;
          }
          i = afterBreak(toEol(k));
        }
        nodeStart = false;
        i--; // (the loop below steps over the line end it expects)
        break;
      }
      if (nodeStart && (c === '&' || c === '!')) {
        while (i < n && !/\s/.test(text[i])) i++;
        while (text[i] === ' ') i++;
        continue;
      }
      if (c === ':' && (text[i + 1] === ' ' || isNl(text[i + 1]) || i + 1 >= n)) {
        i++;
        while (text[i] === ' ') i++;
        nodeStart = true;
        continue;
      }
      if (c !== ' ' && c !== '\t') nodeStart = false;
      i++;
    }
    if (i < 0) i = 0;
    if (i < n && isNl(text[i])) i = afterBreak(i);
    else if (i < n) i++;
  }
  if (ins.length === 0) return undefined;
  let out = '';
  let prevAt = 0;
  const relStart: number[] = [];
  const shift: number[] = [];
  let total = 0;
  for (const [at, count] of ins) {
    out += text.slice(prevAt, at) + ' '.repeat(count);
    relStart.push(at + total);
    total += count;
    shift.push(total);
    prevAt = at;
  }
  out += text.slice(prevAt);
  const back = (o: number): number => {
    let lo = 0;
    let hi = relStart.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (relStart[mid] <= o) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (k < 0) return o;
    const inserted = shift[k] - (k > 0 ? shift[k - 1] : 0);
    if (o < relStart[k] + inserted) return ins[k][0];
    return o - shift[k];
  };
  return { text: out, back };
}

/** Maps every node's range of a document parsed from relaxFlowIndent's text back to the original text. */
export function remapRanges(doc: Document, back: (offset: number) => number): void {
  visit(doc, {
    Node(_k, node) {
      const r = node.range;
      if (r) node.range = [back(r[0]), back(r[1]), back(r[2])];
    },
  });
}
