// Which names SPF records of a zone point at with include: or redirect= (an index for rules that
// must tell a policy fragment other records include from a name that sends mail itself).
import type { DnsRecord } from '../model';
import { defineIndex } from '../workspace';
import { firstChar, isSpfText, joinStrings, parseSpfText } from './parse';

/** Targets by SPF text: a big zone repeats the same few texts (bounded). */
const byText = new Map<string, readonly string[]>();
const NONE: readonly string[] = [];

/** The absolute, lower-case include/redirect targets of an SPF text receivers use. */
export function spfTargetsOf(rec: DnsRecord): readonly string[] | undefined {
  if (rec.type !== 'TXT') return undefined;
  const c = firstChar(rec.strings);
  if (c !== 0x76 && c !== 0x56) return undefined; // not "v…"
  const text = joinStrings(rec.strings!);
  if (!isSpfText(text)) return undefined;
  let out = byText.get(text);
  if (!out) {
    const list: string[] = [];
    for (const t of parseSpfText(text).terms) if ((t.name === 'include' || t.name === 'redirect') && t.domain) list.push(t.domain);
    out = list.length ? list : NONE;
    if (byText.size >= 4096) byText.clear();
    byText.set(text, out);
  }
  return out;
}

/** SPF records (TXT, receivers' view) by the targets of their include/redirect terms. */
export const SPF_TARGETS = defineIndex('spf-targets', spfTargetsOf);
