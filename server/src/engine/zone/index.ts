// BIND master-file reader (RFC 1035 §5 plus what BIND accepts). Owned by the zone-parser work.
import type { DnsRecord, SourceFile, Zone } from '../model';
import { parseZoneFile, type ParseZoneOptions, type ZoneRecordMeta } from './parser';
import { readRdata, type RdataSink } from './rdata';
import { ZoneRecord } from './record';
import { reparseZoneFile, type TextChange } from './reparse';
import { bindRrsetTtls } from './rrset-ttl';

export type { ParseZoneOptions } from './parser';
export { GENERATE_LIMIT, GENERATE_TOTAL_LIMIT } from './parser';
export { quoteCharString, decodeCharString, ZoneCharString } from './charstring';
export { parseTtl, classFromText, typeFromText, TYPE_NUMBERS } from './types';
export { isBase32Hex, isIpv4, isIpv6, parseIpv6, formatIpv6 } from './rdata';
export { ZoneRecord, relex } from './record';
export { reparseStats, type TextChange } from './reparse';
export { bindRrsetTtls } from './rrset-ttl';

/**
 * Reads a BIND zone file (with its $INCLUDEs through options.readFile). Never throws on bad
 * input: problems are in zone.problems (zone/syntax, zone/include-outside-workspace).
 *
 * Records are ZoneRecord objects: start, end, line, owner, ttl and type are plain fields; file,
 * class, strings, target and preference are prototype getters over a shared state object
 * (rec.meta: origin, file, class, $TTL … one frozen object per parser state) and one data slot;
 * the tokens are getters over the record's span: `fields` reads all the tokens again and caches
 * them (the same array every time); ownerTok, ttlTok, classTok, typeTok and targetTok come from
 * that cache when it exists and are otherwise cut on their own each time (equal, not identical),
 * so a rule that only needs one span does not make the record keep all its tokens. Spreading a
 * record copies none of the getters: read the properties you need.
 * $GENERATE records keep the templates as tokens; their expanded rdata is in rec.rdata.
 */
export function parseZone(file: SourceFile, options: ParseZoneOptions = {}): Zone {
  return parseZoneFile(file, options);
}

/**
 * The zone after an edit, for the editor: equal to parseZone(file, the options prev was read
 * with), but when the edit lies inside record lines only those lines are read again and every
 * other record object is reused (moved by the edit's length). `change` is in the OLD text's
 * offsets: [start, end) was replaced by newLength characters, now in file.text. Falls back to a
 * full parse when the edit touches a directive, a $GENERATE/$INCLUDE, or changes the parser state
 * for the lines after it beyond the next records. `prev` is consumed (its records now belong to
 * the result); $INCLUDEd files are not read again. Several edits: apply them one at a time.
 * Finish or abandon any work still reading prev (a lint in flight) first: its records move to the
 * new text and file while they are re-used.
 */
export function reparseZone(prev: Zone, file: SourceFile, change: TextChange): Zone {
  return reparseZoneFile(prev, file, change);
}

const quietSink: RdataSink = {
  origin: '.',
  originUpper: false,
  error() {
    /* rdataText never reports */
  },
};

// Types whose rdata is a preference (MX) and a name, or only a name: the preference and the
// target (absolute, lower-case; also read from `\#` generic data) are the whole rdata.
const TARGET_ONLY = new Set(['CNAME', 'DNAME', 'NS', 'PTR', 'MX']);
// Types whose rdata is only numbers and domain names, compared case-insensitively (RFC 4343; BIND
// compares them so): their presentation text is compared lower-cased.
const NAMES_AND_NUMBERS = new Set(['SRV', 'KX', 'AFSDB', 'RT', 'PX', 'MB', 'MD', 'MF', 'MG', 'MR', 'MINFO', 'RP', 'NSEC', 'SOA']);

/**
 * A key equal for two records that are the same RR (RFC 2181 §5: same owner, class, type and
 * rdata), as BIND decides it: the rdata as named-compilezone prints it, so `A 192.0.2.1` and
 * `TYPE1 \# 4 C0000201` (RFC 3597 §5), `AAAA 2001:DB8:0::1` and `2001:db8::1`, `MX 010 mail`
 * and `MX 10 mail.example.com.`, hex and base64 in one piece or several are one RR each. Names
 * compare case-insensitively; character-strings byte for byte, their boundaries included.
 */
export function rdataKey(r: DnsRecord): string {
  const strings = r.strings;
  if (strings) {
    // Each string with its length, so "a\000" "b" and "a" "\000b" differ.
    let k = '';
    for (const x of strings) k += x.value.length + ':' + x.value;
    return k;
  }
  if (r.target !== undefined && TARGET_ONLY.has(r.type)) return (r.preference ?? '') + ' ' + r.target;
  const text = rdataText(r);
  return NAMES_AND_NUMBERS.has(r.type) ? text.toLowerCase() : text;
}

/**
 * The rdata in presentation form, as `named-compilezone -o -` prints it: names absolute (case
 * kept), TXT re-quoted with BIND's escapes, numbers normalised, hex upper-case, base64 and hex of
 * DNSSEC-style types split in 56-character chunks. Cached on rec.rdata.
 */
export function rdataText(rec: DnsRecord): string {
  if (rec.rdata !== undefined) return rec.rdata;
  const meta = rec.meta as Partial<ZoneRecordMeta> | undefined;
  const origin = typeof meta?.origin === 'string' ? meta.origin : '.';
  quietSink.origin = origin;
  quietSink.originUpper = origin !== origin.toLowerCase();
  const out: string[] = [];
  // Zone records read their tokens afresh (not cached: printing every record should not keep them).
  const toks = rec instanceof ZoneRecord ? rec.readTokens() : { type: rec.typeTok, fields: rec.fields };
  const ok = readRdata(rec.type, toks.type, toks.fields, quietSink, out, true);
  const text = ok ? out.join(' ') : toks.fields.map((f) => f.text).join(' ');
  rec.rdata = text;
  return text;
}

/** A decoded byte string as text: UTF-8 when it is valid UTF-8, else one character per byte. */
function bytesToText(v: string): string {
  let ascii = true;
  for (let i = 0; i < v.length; i++) {
    if (v.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return v;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(v, 'latin1'));
  } catch {
    return v;
  }
}

export interface RecordJson {
  owner: string;
  ttl: number;
  class: string;
  type: string;
  rdata: string;
  strings?: string[];
  line: number;
}

/**
 * The objects `mailzone records` prints, one per record in file order (see spec/cli.md), each with
 * the TTL BIND serves it with: its RRset's (zone/rrset-ttl.ts), as `named-compilezone -o -` prints.
 */
export function recordsJson(zone: Zone): RecordJson[] {
  const out: RecordJson[] = [];
  const ttls = bindRrsetTtls(zone, coveredType);
  for (let i = 0; i < zone.records.length; i++) {
    const r = zone.records[i];
    const o: RecordJson = { owner: r.owner, ttl: ttls[i], class: r.class, type: r.type, rdata: rdataText(r), line: r.line };
    if (r.strings && (r.type === 'TXT' || r.type === 'SPF')) {
      o.strings = r.strings.map((s) => bytesToText(s.value));
      // keep the key order of the spec: strings before line
      out.push({ owner: o.owner, ttl: o.ttl, class: o.class, type: o.type, rdata: o.rdata, strings: o.strings, line: o.line });
    } else out.push(o);
  }
  return out;
}

/** The type an RRSIG (or SIG) record covers: the first word of its rdata. */
function coveredType(rec: DnsRecord): string {
  const t = rdataText(rec);
  const sp = t.indexOf(' ');
  return sp < 0 ? t : t.slice(0, sp);
}
