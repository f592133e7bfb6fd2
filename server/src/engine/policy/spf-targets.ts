// The names SPF records of a zone point to with include: or redirect= (per-zone index, read through
// ctx.indexed so the editor's incremental lint knows when the answer to "is this name an SPF
// target?" changes).
import type { DnsRecord } from '../model';
import { defineIndex } from '../workspace';
import { joinedText } from '../taglist';
import { isSpfText } from './names';

/** The include:/redirect= targets of one SPF TXT record (absolute, lower-case). */
export function spfTargetsOf(rec: DnsRecord): string[] | undefined {
  if (rec.type !== 'TXT') return undefined;
  const t = joinedText(rec);
  if (!isSpfText(t)) return undefined;
  let out: string[] | undefined;
  for (const m of t.matchAll(/(?:include:|redirect=)([^\s]+)/gi)) (out ??= []).push(m[1].toLowerCase().replace(/\.?$/, '.'));
  return out;
}

/** Zone index: SPF include/redirect target name → the SPF records that name it. */
export const SPF_TARGETS = defineIndex('spf-targets', (rec) => spfTargetsOf(rec));
