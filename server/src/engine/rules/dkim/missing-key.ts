import type { DnsRecord, Fix } from '../../model';
import type { Rule } from '../../rule';
import { dkimView } from '../../policy/dkim';
import { quoteTxt } from '../../policy/edits';

export const dkimMissingKey: Rule = {
  id: 'dkim/missing-key',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'DKIM key record without `p=`',
    details:
      'The `p` tag holds the public key and is required (RFC 6376 §3.6.1). Without it verifiers cannot check any signature of this selector (an empty `p=` is different: it revokes the key). ' +
      'In a zone file a frequent cause is a value written without quotes: the first `;` starts a comment, and the record ends there.\n\n' +
      'Fix: publish the public key your mail server or provider gives you in `p=`, the whole value in double quotes.',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    if (!d || d.tl.get('p') || d.tl.tags.length === 0) return;
    const cut = commentCut(rec);
    if (cut) {
      const fixes: Fix[] = [{ title: 'Quote the whole value', edits: [{ file: rec.file, start: cut.start, end: cut.end, newText: quoteTxt(cut.value) }] }];
      ctx.report({
        start: d.tl.span.start,
        end: d.tl.span.end,
        message: `The DKIM record for selector "${d.selector}" has no p= tag: the value is not quoted, so the ";" after "${d.tl.text}" starts a comment in a zone file and the rest of the line, with p=, is not part of the record. Every signature with this selector fails. Put the whole value in double quotes.`,
        fixes,
      });
      return;
    }
    ctx.report({
      start: d.tl.span.start,
      end: d.tl.span.end,
      message: `The DKIM record for selector "${d.selector}" has no p= tag, so verifiers have no key and every signature with this selector fails. Add p= with the public key.`,
    });
  },
};

/**
 * An unquoted zone-file TXT value cut short by `;` (a master-file comment, RFC 1035 §5.1) that
 * goes on with a `p=` tag on the same line: the text from the value's start to the end of the
 * line, to be quoted as one value. Undefined when the record is not such a case.
 */
function commentCut(rec: DnsRecord): { start: number; end: number; value: string } | undefined {
  const strings = rec.strings;
  if (rec.format !== 'zone' || !strings || strings.length === 0 || strings.some((s) => s.quoted)) return undefined;
  const text = rec.file.text;
  let i = strings[strings.length - 1].end;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] !== ';') return undefined;
  let eol = text.indexOf('\n', i);
  if (eol < 0) eol = text.length;
  const start = strings[0].start;
  const value = text.slice(start, eol).trimEnd();
  // Only a plain value: escapes, quotes or parentheses would change meaning when quoted as is.
  if (!/;\s*p\s*=/.test(value) || /[\\"()]/.test(value)) return undefined;
  return { start, end: start + value.length, value };
}
