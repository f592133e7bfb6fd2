import type { Rule } from '../../rule';
import { dmarcView, gluedTag, reportUris } from '../../policy/dmarc';
import { replaceJoined } from '../../policy/edits';

export const dmarcUriInvalid: Rule = {
  id: 'dmarc/uri-invalid',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'An `rua`/`ruf` entry that is not a valid `mailto:` URI',
    details:
      'Reports are sent by email only: every entry of `rua` and `ruf` must be a `mailto:` URI with a valid address, separated by commas (RFC 9989 §4.7). ' +
      'Receivers skip an entry they cannot use, so those reports are lost. The RFC 7489 size limit suffix (`mailto:a@example.com!10m`) is gone from RFC 9989: it is reported as info. ' +
      'An empty entry (a comma at the start or end, or two in a row) loses nothing but is outside the grammar: a warning.\n\n' +
      'Fix: write `mailto:address@domain`; separate several with commas.',
    bad: '_dmarc IN TXT "v=DMARC1; p=reject; rua=dmarc@example.com"',
    good: '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    for (const key of ['rua', 'ruf']) {
      for (const tag of d.tl.all(key)) {
        if (tag.value.trim() === '' || gluedTag(tag)) continue; // dmarc/invalid-value
        for (const u of reportUris(d.tl, tag)) {
          if (u.empty) {
            // dmarc-urilist = dmarc-uri *(*WSP "," *WSP dmarc-uri): no room for an empty entry, but
            // no address is lost either. The comma to remove is the one at the entry (a,|,b) or before it (a,|).
            const comma = d.tl.text.lastIndexOf(',', u.at);
            const e = comma >= tag.valueAt ? replaceJoined(rec, d.tl, comma, comma + 1, '') : undefined;
            ctx.report({
              start: comma >= tag.valueAt ? d.tl.toSource(comma) : u.span.start,
              end: comma >= tag.valueAt ? d.tl.toSource(comma + 1, true) : u.span.end,
              severity: 'warning',
              message: `${key} has ${u.problem}: the list of report URIs has no room for one (RFC 9989 §4.7 grammar). Receivers that skip it lose nothing, but one that parses strictly may ignore the whole ${key}. Remove the extra comma.`,
              fixes: e ? [{ title: 'Remove the extra comma', edits: [e], preferred: true }] : [],
            });
          } else if (u.problem) {
            const fixes = [];
            if (!u.scheme && /^[^\s:@]+@[^\s@]+$/.test(u.text)) {
              const e = replaceJoined(rec, d.tl, u.at, u.at, 'mailto:');
              if (e) fixes.push({ title: 'Add mailto:', edits: [e], preferred: true });
            }
            ctx.report({
              start: u.span.start,
              end: u.span.end,
              message: `${key} entry: ${u.problem}. Receivers skip it, so these reports are lost. Write mailto:address@domain.`,
              fixes,
            });
          } else if (u.sizeAt !== undefined) {
            const e = replaceJoined(rec, d.tl, u.sizeAt, u.endAt, '');
            ctx.report({
              start: d.tl.toSource(u.sizeAt),
              end: u.span.end,
              severity: 'info',
              message: `The size limit "${u.text.slice(u.sizeAt - u.at)}" is RFC 7489 syntax that RFC 9989 dropped; receivers may ignore it. Remove it.`,
              fixes: e ? [{ title: 'Remove the size limit', edits: [e], preferred: true }] : [],
              tags: ['deprecated'],
            });
          }
        }
      }
    }
  },
};
