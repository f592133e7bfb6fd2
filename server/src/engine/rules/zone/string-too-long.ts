import type { CharString, Fix } from '../../model';
import type { Rule } from '../../rule';
import { quoteCharString } from '../../presentation';

/**
 * Splits a byte string into chunks of at most `max` bytes. When the text has spaces, each chunk
 * ends just after a space where possible, so SPF terms are never cut (the join adds nothing
 * between strings: RFC 7208 §3.3).
 */
export function splitBytes(value: string, max = 255): string[] {
  const out: string[] = [];
  let i = 0;
  while (value.length - i > max) {
    let cut = i + max;
    // Look back at most half a chunk for a space (a bounded scan: a 50 MB value has none).
    for (let j = cut - 1, stop = i + (max >> 1); j >= stop; j--) {
      if (value.charCodeAt(j) === 32) {
        cut = j + 1;
        break;
      }
    }
    out.push(value.slice(i, cut));
    i = cut;
  }
  out.push(value.slice(i));
  return out;
}

export const stringTooLong: Rule = {
  id: 'zone/string-too-long',
  severity: 'error',
  types: ['TXT', 'SPF'],
  docs: {
    summary: 'A single character-string is longer than 255 bytes.',
    details:
      'On the wire each character-string has a one-byte length (RFC 1035 §3.3), so no string can exceed 255 bytes. ' +
      '`named-checkzone` rejects the zone ("string too long"), and some DNS providers silently truncate it — a 2048-bit ' +
      'DKIM key pasted as one 400-character string is the classic case. Split the value into several quoted strings ' +
      'in the same record; SPF and DKIM verifiers join them with nothing in between (RFC 7208 §3.3, RFC 6376 §3.6.2.2).',
    bad: 'sel._domainkey TXT "v=DKIM1; k=rsa; p=MIIBIjANBgkqh…(400 characters)…"',
    good: 'sel._domainkey TXT ( "v=DKIM1; k=rsa; p=MIIBIjANBgkqh…" "…rest of the key…" )',
  },
  onRecord(rec, ctx) {
    if (rec.format !== 'zone' || !rec.strings) return;
    for (const s of rec.strings as CharString[]) {
      if (s.value.length <= 255) continue;
      const chunks = splitBytes(s.value);
      const fix: Fix = {
        title: `Split into ${chunks.length} strings of at most 255 bytes`,
        preferred: true,
        edits: [{ file: rec.file, start: s.start, end: s.end, newText: chunks.map(quoteCharString).join(' ') }],
      };
      ctx.report({
        start: s.start,
        end: s.end,
        file: rec.file,
        message: `This string is ${s.value.length} bytes; a DNS character-string holds at most 255, so BIND rejects the zone and some providers truncate the record. Split it into several quoted strings in the same record.`,
        fixes: [fix],
      });
    }
  },
};
