import type { Rule } from '../../rule';
import { dmarcView, gluedTag, invalidValueReason } from '../../policy/dmarc';
import { replaceJoined } from '../../policy/edits';
import { printable } from '../../taglist';

export const dmarcInvalidValue: Rule = {
  id: 'dmarc/invalid-value',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'A DMARC tag with a value outside its grammar',
    details:
      'RFC 9989 §4.7 defines the values of each tag: `p`, `sp`, `np` are `none`, `quarantine` or `reject`; `adkim`, `aspf` are `r` or `s`; `fo` is `0`, `1`, `d`, `s` joined with `:`; ' +
      '`t` is `y` or `n`; `psd` is `y`, `n` or `u`. An invalid `p` makes receivers treat the record as `p=none` or ignore it; other invalid values fall back to their defaults.\n\n' +
      'Fix: use one of the listed values.',
    bad: '_dmarc IN TXT "v=DMARC1; p=rejected"',
    good: '_dmarc IN TXT "v=DMARC1; p=reject"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    for (const t of d.tl.tags) {
      if (t.key === 'v') continue;
      const what = t.key === 'p' ? 'receivers will not enforce this policy' : 'receivers will ignore it and use the default';
      const glued = gluedTag(t);
      if (glued) {
        const e = replaceJoined(rec, d.tl, glued.at, glued.at, ';');
        ctx.report({
          start: t.valueSpan.start,
          end: t.valueSpan.end,
          message: `A ";" is missing before ${glued.name}=: receivers read "${t.name}=${printable(t.value)}" as one tag with an invalid value, so both ${t.name}= and ${glued.name}= are lost${t.key === 'p' ? ' and the policy is not enforced' : ''}. Insert ";" before ${glued.name}=.`,
          fixes: e ? [{ title: 'Insert the missing ";"', edits: [e], preferred: true }] : [],
        });
        continue;
      }
      const why = invalidValueReason(t);
      if (!why) continue;
      ctx.report({
        start: t.valueSpan.end > t.valueSpan.start ? t.valueSpan.start : t.span.start,
        end: t.valueSpan.end > t.valueSpan.start ? t.valueSpan.end : t.span.end,
        message: `"${t.name}=${printable(t.value)}" is not valid: ${t.name} ${why}, so ${what}. Use one of the allowed values.`,
      });
    }
  },
};
