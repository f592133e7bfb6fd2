// Which names SPF records of a zone point at with include: or redirect= (an index for rules that
// must tell a policy fragment other records include from a name that sends mail itself).
import type { DnsRecord } from '../model';
import { defineIndex } from '../workspace';
import { firstChar, isSpfText, joinStrings } from './parse';

const NONE: readonly string[] = [];

/** The absolute, lower-case include/redirect targets of an SPF text receivers use. */
export function spfTargetsOf(rec: DnsRecord): readonly string[] | undefined {
  if (rec.type !== 'TXT') return undefined;
  const c = firstChar(rec.strings);
  if (c !== 0x76 && c !== 0x56) return undefined; // not "v…"
  const text = joinStrings(rec.strings!);
  if (!isSpfText(text)) return undefined;
  return scanTargets(text);
}

/**
 * The static domains of `include:` and `redirect=` terms (absolute, lower-case), read by a scan of
 * the terms rather than a full parse (this runs for every SPF record of a zone when the index is
 * built). Terms with a macro have no static target; odd domains are kept as written, they only
 * ever match a name of the zone if they are one.
 */
function scanTargets(text: string): readonly string[] {
  let list: string[] | undefined;
  for (const raw of text.split(' ')) {
    if (raw.length < 9) continue;
    let t = raw;
    const q = t.charCodeAt(0);
    if (q === 43 || q === 45 || q === 126 || q === 63) t = t.slice(1); // + - ~ ?
    const lower = t.slice(0, 9).toLowerCase();
    let d: string;
    if (lower.startsWith('include:')) d = t.slice(8);
    else if (lower === 'redirect=') d = t.slice(9);
    else continue;
    if (d === '' || d.includes('%')) continue;
    if (d.endsWith('.')) d = d.slice(0, -1);
    if (!d.includes('.')) continue;
    (list ??= []).push(d.toLowerCase() + '.');
  }
  return list ?? NONE;
}

/** SPF records (TXT, receivers' view) by the targets of their include/redirect terms. */
export const SPF_TARGETS = defineIndex('spf-targets', spfTargetsOf);

/**
 * CNAME records by their target (absolute, lower-case): the aliases through which an SPF
 * `include:`/`redirect=` of another name reaches a record (`_spf.customer CNAME _spf.provider.`).
 */
export const CNAME_TARGETS = defineIndex('cname-targets', (rec) => (rec.type === 'CNAME' && rec.target ? [rec.target.toLowerCase()] : undefined));
