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
      'Receivers skip an entry they cannot use, so those reports are lost. The RFC 7489 size limit suffix (`mailto:a@example.com!10m`) is gone from RFC 9989: it is reported as info.\n\n' +
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
          if (u.problem) {
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
