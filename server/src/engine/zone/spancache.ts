// A small per-parse table of strings cut from the source, so that text repeated across records
// (the same MX exchanger, CNAME target or SPF/DMARC string on thousands of lines) is one string
// object rather than one per record. Direct-mapped: a slot keeps the last key that hashed there.

/** Spans longer than this are not looked up (long strings rarely repeat; hashing them costs). */
export const SPAN_CACHE_MAX = 96;

export class SpanCache {
  private readonly keys: (string | undefined)[];
  private readonly tags: (string | undefined)[];
  private readonly vals: (string | undefined)[];
  private readonly mask: number;
  /** The slot of the last get(): where set() stores. */
  private slot = 0;

  constructor(bits: number) {
    const size = 1 << bits;
    this.mask = size - 1;
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.tags = new Array<string | undefined>(size).fill(undefined);
    this.vals = new Array<string | undefined>(size).fill(undefined);
  }

  /**
   * The value stored for the text src[s, e) under `tag` (the key text itself when `tag` is ''),
   * else undefined; a following set() stores into the slot this looked at.
   */
  get(src: string, s: number, e: number, tag: string): string | undefined {
    const len = e - s;
    // Up to ~16 characters sampled (all of a short key): cheap for a miss, and a hit is compared in full.
    const step = len > 16 ? len >> 4 : 1;
    let h = len;
    for (let k = s; k < e; k += step) h = (Math.imul(h, 31) + src.charCodeAt(k)) | 0;
    h = (h ^ (h >>> 13) ^ (h >>> 23)) & this.mask;
    this.slot = h;
    const key = this.keys[h];
    if (key === undefined || key.length !== len || this.tags[h] !== tag) return undefined;
    for (let k = 0; k < len; k++) if (key.charCodeAt(k) !== src.charCodeAt(s + k)) return undefined;
    return this.vals[h];
  }

  /** Stores `val` for the key text `key` (= the span get() was asked about) under `tag`. */
  set(key: string, tag: string, val: string): void {
    const h = this.slot;
    this.keys[h] = key;
    this.tags[h] = tag;
    this.vals[h] = val;
  }

  /** src.slice(s, e), the same string object as the last time this text was cut. */
  cut(src: string, s: number, e: number): string {
    if (e - s > SPAN_CACHE_MAX) return src.slice(s, e);
    const v = this.get(src, s, e, '');
    if (v !== undefined) return v;
    const str = src.slice(s, e);
    this.set(str, '', str);
    return str;
  }
}
