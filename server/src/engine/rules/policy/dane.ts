// Reading TLSA rdata (RFC 6698 §2.1): usage, selector, matching type, certificate association data.
import type { DnsRecord } from '../../model';

export interface Tlsa {
  usage: number;
  selector: number;
  mtype: number;
  hex: string;
  /** Token indexes. */
  usageTok: DnsRecord['fields'][number];
  selectorTok: DnsRecord['fields'][number];
  mtypeTok: DnsRecord['fields'][number];
  dataStart: number;
  dataEnd: number;
}

export function readTlsa(rec: DnsRecord): Tlsa | undefined {
  const f = rec.fields;
  if (f.length < 3 || f[0].text === '\\#') return undefined;
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
