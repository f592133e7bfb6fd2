// Reading TLSA rdata (RFC 6698 §2.1): usage, selector, matching type, certificate association data.
import type { DnsRecord, Token } from '../../model';

export interface Tlsa {
  usage: number;
  selector: number;
  mtype: number;
  hex: string;
  /** Where each field is written (for generic `\#` rdata, its bytes in the hex). */
  usageTok: Token;
  selectorTok: Token;
  mtypeTok: Token;
  dataStart: number;
  dataEnd: number;
}

export function readTlsa(rec: DnsRecord): Tlsa | undefined {
  const f = rec.fields;
  if (f.length < 3) return undefined;
  if (f[0].text === '\\#') return readGeneric(f.slice(2));
  const num = (t: string) => (/^\d{1,3}$/.test(t) ? Number(t) : NaN);
  const data = f.slice(3);
  return {
    usage: num(f[0].text),
    selector: num(f[1].text),
    mtype: num(f[2].text),
    hex: data.map((t) => t.text).join(''),
    usageTok: f[0],
    selectorTok: f[1],
    mtypeTok: f[2],
    dataStart: data.length ? data[0].start : f[2].end,
    dataEnd: data.length ? data[data.length - 1].end : f[2].end,
  };
}

/**
 * RFC 3597 generic rdata (`\# <length> <hex>…`): the first three bytes are usage, selector and
 * matching type, the rest the data; each field's span is where its hex digits are written.
 */
function readGeneric(toks: Token[]): Tlsa | undefined {
  const hex = toks.map((t) => t.text).join('');
  if (hex.length < 6 || !/^[0-9a-f]*$/i.test(hex)) return undefined; // zone/syntax's business
  // Source offset of hex digit i (a token's text is its hex digits as written).
  const at = (i: number, isEnd = false): number => {
    let base = 0;
    for (const t of toks) {
      const n = t.text.length;
      if (i < base + n || (isEnd && i === base + n)) return t.start + (i - base);
      base += n;
    }
    return toks[toks.length - 1].end;
  };
  const tok = (a: number, z: number): Token => ({ start: at(a), end: at(z, true), text: hex.slice(a, z) });
  const byte = (i: number) => parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return {
    usage: byte(0),
    selector: byte(1),
    mtype: byte(2),
    hex: hex.slice(6),
    usageTok: tok(0, 2),
    selectorTok: tok(2, 4),
    mtypeTok: tok(4, 6),
    dataStart: hex.length > 6 ? at(6) : at(6, true),
    dataEnd: toks[toks.length - 1].end,
  };
}

/**
 * True when the bytes (hex) are one whole DER SEQUENCE, as a certificate (selector 0) or a
 * SubjectPublicKeyInfo (selector 1) is: tag 0x30, then a length that covers the rest exactly.
 */
export function isDerSequence(hex: string): boolean {
  const n = hex.length / 2;
  const b = (i: number) => parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  if (n < 2 || b(0) !== 0x30) return false;
  const first = b(1);
  if (first < 0x80) return 2 + first === n;
  const k = first & 0x7f;
  if (k === 0 || k > 4 || n < 2 + k) return false;
  let len = 0;
  for (let i = 0; i < k; i++) len = len * 256 + b(2 + i);
  return 2 + k + len === n;
}
