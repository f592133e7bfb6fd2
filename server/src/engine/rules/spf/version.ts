// spf/version: the first term is not exactly `v=spf1` followed by a space or the end.
import type { Rule } from '../../rule';
import { editJoined } from '../../spf/edit';
import { printable } from '../../spf/parse';
import { SPF_TYPES, spfView } from './util';

export const spfVersion: Rule = {
  id: 'spf/version',
  severity: 'error',
  types: SPF_TYPES,
  docs: {
    summary: 'SPF record does not start with exactly `v=spf1`',
    details: [
      'Receivers select the SPF record among a name\'s TXT records by its start: exactly `v=spf1` followed by a space or the end of the record (RFC 7208 §4.5). `v=spf1.0`, `v=spf10`, `v = spf1`, a leading space, or `v=spf1` glued to the next term (`"v=spf1" "mx"` joins to `v=spf1mx`) make the record invisible: the domain has **no SPF at all** and spoofed mail is not rejected.',
      '',
      '`V=SPF1` in another case is valid SPF: the version is the ABNF literal `"v=spf1"` (RFC 7208 §4.5, §12), and ABNF literal strings are case-insensitive (RFC 5234 §2.3; RFC 7208 §12 says so: `"mx"` matches `MX`), which the RFC 7208 test suite checks (`v=SpF1 ~all` is selected). Conforming receivers use the record, but some compare `v=spf1` byte for byte and would ignore it, so it is reported as a **warning**, not an error.',
      '',
      'Fix: start the record with `v=spf1 `.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1.0 mx -all"',
    good: 'example.com. TXT "v=spf1 mx -all"',
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf || spf.versionOk) return;
    const text = spf.text;
    const m = /^\s*v\s*=\s*spf[0-9.]*/i.exec(text) ?? /^\s*v=spf\S*/i.exec(text);
    const end = m ? m[0].length : spf.version.to;
    const next = text.charCodeAt(end);
    const replacement = 'v=spf1' + (end < text.length && next !== 32 ? ' ' : '');
    const fix = { title: 'Rewrite the version as `v=spf1`', edits: editJoined(rec, spf, 0, end, replacement), preferred: true };
    const span = spf.span(0, Math.max(end, 1));
    if (spf.versionCaseOnly) {
      ctx.report({
        file: rec.file,
        severity: 'warning',
        message: `The SPF version is written \`${printable(spf.version.text)}\`: valid, since RFC 7208 §12 makes it case-insensitive, and conforming receivers use the record, but some compare \`v=spf1\` byte for byte and would ignore it, leaving the domain without SPF. Write \`v=spf1\`.`,
        fixes: [fix],
        ...span,
      });
      return;
    }
    const written = printable(text.slice(0, Math.max(end, spf.version.to)));
    const why = /^\s/.test(text)
      ? 'starts with a space'
      : /^v=spf1/i.test(text)
        ? `has \`${printable(text.slice(6, Math.max(end, spf.version.to)))}\` glued to \`v=spf1\``
        : `starts with \`${written}\`, not \`v=spf1\``;
    ctx.report({
      file: rec.file,
      message: `This SPF record ${why}: receivers only use a TXT record that begins with exactly \`v=spf1\` and a space (RFC 7208 §4.5), so they ignore it and the domain has no SPF protection. Rewrite the version as \`v=spf1\`.`,
      fixes: [fix],
      ...span,
    });
  },
};
