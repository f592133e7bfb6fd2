import type { CharString, Fix } from '../../model';
import type { Rule } from '../../rule';

/**
 * Where to cut a byte string into chunks of at most `max` bytes (the byte offsets of the cuts). When
 * the text has spaces, each chunk ends just after a space where possible, so SPF terms are never cut
 * (the join adds nothing between strings: RFC 7208 §3.3). `boundary(i)` says whether byte i starts a
 * character as written (a cut never falls inside a multi-byte character or an escape).
 */
export function cutPoints(value: string, max = 255, boundary: (i: number) => boolean = () => true): number[] {
  const out: number[] = [];
  let i = 0;
  while (value.length - i > max) {
    let cut = i + max;
    // Look back at most half a chunk for a space (a bounded scan: a 50 MB value has none).
    let spaced = false;
    for (let j = cut - 1, stop = i + (max >> 1); j >= stop; j--) {
      if (value.charCodeAt(j) === 32 && boundary(j + 1)) {
        cut = j + 1;
        spaced = true;
        break;
      }
    }
    if (!spaced) while (cut > i + 1 && !boundary(cut)) cut--;
    out.push(cut);
    i = cut;
  }
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
      '`named-checkzone` rejects the zone (it reports a "syntax error" at the record\'s line), and some DNS providers silently truncate it — a 2048-bit ' +
      'DKIM key pasted as one 400-character string is the classic case. Split the value into several quoted strings ' +
      'in the same record; SPF and DKIM verifiers join them with nothing in between (RFC 7208 §3.3, RFC 6376 §3.6.2.2).',
    bad: 'sel._domainkey TXT "v=DKIM1; k=rsa; p=MIIBIjANBgkqh…(400 characters)…"',
    good: 'sel._domainkey TXT ( "v=DKIM1; k=rsa; p=MIIBIjANBgkqh…" "…rest of the key…" )',
  },
  onRecord(rec, ctx) {
    if (rec.format !== 'zone' || !rec.strings) return;
    for (const s of rec.strings as CharString[]) {
      if (s.value.length <= 255) continue;
      // The string is cut where it is written: a string boundary goes in at each cut, and the text
      // between stays as written (non-ASCII characters and escapes included).
      const cuts = cutPoints(s.value, 255, (i) => s.sourceOffset(i) !== s.sourceOffset(i - 1));
      const sep = s.quoted ? '" "' : ' ';
      const fix: Fix = {
        title: `Split into ${cuts.length + 1} strings of at most 255 bytes`,
        preferred: true,
        edits: cuts.map((c) => {
          const at = s.sourceOffset(c);
          return { file: rec.file, start: at, end: at, newText: sep };
        }),
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
