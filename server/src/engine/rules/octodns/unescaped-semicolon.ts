import type { TextEdit } from '../../model';
import type { Rule } from '../../rule';
import type { OctoTxt } from '../../octodns';

export const unescapedSemicolon: Rule = {
  id: 'octodns/unescaped-semicolon',
  severity: 'error',
  types: ['TXT', 'SPF'],
  docs: {
    summary: 'A TXT/SPF value in octoDNS YAML with a `;` not written as `\\;`.',
    details:
      'octoDNS keeps TXT values in zone-file presentation form, where `;` starts a comment, so it requires every ' +
      'semicolon to be escaped as `\\;` and rejects a value with a bare one after a letter or digit ("unescaped ; in …"): ' +
      'the whole zone then fails to sync. DMARC (`v=DMARC1; p=reject`) and DKIM (`v=DKIM1; k=rsa; p=…`) records are ' +
      'the usual victims. The published value has plain `;` — octoDNS removes the backslashes. Escape every `;` in the ' +
      'value (in a double-quoted YAML string the backslash itself is escaped: `"v=DMARC1\\\\; p=reject"`).',
    bad: '_dmarc:\n  type: TXT\n  value: v=DMARC1; p=reject',
    good: '_dmarc:\n  type: TXT\n  value: v=DMARC1\\; p=reject',
  },
  onRecord(rec, ctx) {
    if (rec.format !== 'octodns' || rec.meta?.lenient) return;
    const txt = rec.meta?.txt as OctoTxt | undefined;
    if (!txt || !txt.octodnsUnescaped || txt.bareSemicolons.length === 0) return;
    const t = rec.file.text;
    const dbl = rec.meta?.style === 'QUOTE_DOUBLE';
    const edits: TextEdit[] = [];
    for (const i of txt.bareSemicolons) {
      const off = txt.rawOffset(i);
      if (t.charCodeAt(off) === 59) edits.push({ file: rec.file, start: off, end: off, newText: dbl ? '\\\\' : '\\' });
      else {
        // The `;` came from an escape sequence (`\x3b` in a double-quoted string): replace it.
        const next = txt.rawOffset(i + 1) > off ? txt.rawOffset(i + 1) : off + 1;
        edits.push({ file: rec.file, start: off, end: next, newText: dbl ? '\\\\;' : '\\;' });
      }
    }
    const first = txt.rawOffset(txt.bareSemicolons[0]);
    const n = txt.bareSemicolons.length;
    ctx.report({
      file: rec.file,
      start: first,
      end: first + 1,
      message: `This ${rec.type} value has ${n === 1 ? 'a bare `;`' : `${n} bare \`;\``}: octoDNS requires \`\\;\` and rejects the value ("unescaped ;"), so the zone will not sync. Escape every semicolon as \`\\;\`.`,
      fixes: [{ title: `Escape ${n === 1 ? 'the semicolon' : `all ${n} semicolons`} as \\;`, preferred: true, edits }],
    });
  },
};
