import type { DnsRecord, Fix } from '../../model';
import type { Rule } from '../../rule';
import { atSelector, dkimTag, dkimView, selectorTxt } from '../../policy/dkim';
import { dkimParts } from '../../policy/names';
import { notOfKind } from '../../policy/tags';
import { quoteTxt } from '../../policy/edits';

export const dkimMissingKey: Rule = {
  id: 'dkim/missing-key',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'DKIM key record without `p=`',
    details:
      'The `p` tag holds the public key and is required (RFC 6376 §3.6.1). Without it verifiers cannot check any signature of this selector (an empty `p=` is different: it revokes the key). ' +
      'In a zone file a frequent cause is a value written without quotes: the first `;` starts a comment, and the record ends there. ' +
      'A TXT record alone at the selector that is not a key record at all (a site-verification token: no `v=DKIM1`, no DKIM tag; or an SPF record) is reported here too: verifiers read it as the key record and find no key (RFC 6376 §6.1.2). Beside a key record, `dkim/multiple-records` reports it.\n\n' +
      'Fix: publish the public key your mail server or provider gives you in `p=`, the whole value in double quotes.',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    if (!d) {
      // At a selector dkimView leaves out only SPF records: alone there, verifiers get one as the key record.
      if (!atSelector(rec) || selectorTxt(rec.owner, ctx).keys.length > 0) return;
      const strings = rec.strings ?? [];
      const selector = dkimParts(rec.owner)?.selector ?? rec.owner;
      ctx.report({
        start: strings.length ? strings[0].start : rec.start,
        end: strings.length ? strings[strings.length - 1].end : rec.end,
        message:
          `The TXT record at selector "${selector}" is an SPF record, not a DKIM key record, so verifiers find no key and every signature with selector "${selector}" fails (RFC 6376 §6.1.2). ` +
          `SPF is read only at the domain that sends (RFC 7208 §4): if this selector signs mail, publish its key record here ("v=DKIM1; p=…" from your mail provider) and move the SPF record to the domain.`,
      });
      return;
    }
    if (dkimTag(d, 'p')) return;
    // A p= written with an upper-case name (P=): dkim/syntax reports it, with the fix to lower-case.
    if (d.tl.get('p')) return;
    if (notOfKind('dkim', d.tl)) {
      // Beside a key record dkim/multiple-records reports it; alone, the selector has no key.
      if (selectorTxt(rec.owner, ctx).keys.length > 0) return;
      ctx.report({
        start: d.tl.span.start,
        end: d.tl.span.end,
        message:
          `The TXT record at selector "${d.selector}" is not a DKIM key record (no v=DKIM1, no p= or other DKIM tag${d.tl.text.trim() ? ': a site-verification token or another service\'s record' : ''}), ` +
          `so verifiers find no key and every signature with selector "${d.selector}" fails (RFC 6376 §6.1.2: a record that does not parse is a key syntax error). ` +
          `If this selector signs mail, publish its key record here ("v=DKIM1; p=…" from your mail provider); if the record is for another service, publish it where that service says (usually the domain itself) and delete it here.`,
      });
      return;
    }
    if (d.tl.tags.length === 0) return;
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
