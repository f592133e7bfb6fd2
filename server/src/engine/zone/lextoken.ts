// The lexer's scratch tokens: spans of the source whose text is only cut when asked for.
import type { Token } from '../model';

const INTERN_MAX = 8;
const INTERN_SIZE = 4096;
const internKeys = new Int32Array(INTERN_SIZE);
const internVals: (string | undefined)[] = new Array(INTERN_SIZE).fill(undefined);

/**
 * A token of the lexer's scratch list: a span of `src` whose text is cut (short ones from a table
 * of recent strings) on first access. `plain` when it is a quoted string of ASCII text without
 * escapes (its value is the text between the quotes).
 */
export class LexToken implements Token {
  src = '';
  start = 0;
  end = 0;
  plain = false;
  private s: string | undefined = undefined;
  set(src: string, start: number, end: number, plain: boolean): void {
    this.src = src;
    this.start = start;
    this.end = end;
    this.plain = plain;
    this.s = undefined;
  }
  get text(): string {
    let v = this.s;
    if (v === undefined) v = this.s = this.end - this.start <= INTERN_MAX ? intern(this.src, this.start, this.end) : this.src.slice(this.start, this.end);
    return v;
  }
}

/** t.slice(s, e) for a short token, from a small table of recently seen short strings. */
function intern(t: string, s: number, e: number): string {
  let h = 0;
  for (let k = s; k < e; k++) h = (h * 31 + t.charCodeAt(k)) | 0;
  const slot = (h ^ (h >>> 12) ^ (e - s)) & (INTERN_SIZE - 1);
  const v = internVals[slot];
  if (v !== undefined && internKeys[slot] === h && v.length === e - s) {
    let k = 0;
    while (k < v.length && v.charCodeAt(k) === t.charCodeAt(s + k)) k++;
    if (k === v.length) return v;
  }
  const str = t.slice(s, e);
  internKeys[slot] = h;
  internVals[slot] = str;
  return str;
}

