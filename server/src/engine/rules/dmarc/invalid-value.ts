import type { Rule } from '../../rule';
import { dmarcView, effectivePolicy, gluedTag, invalidValueReason } from '../../policy/dmarc';
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
      '`t` is `y` or `n`; `psd` is `y`, `n` or `u`. An invalid `p`, `sp` or `np` disables the whole policy (RFC 9989 §4.10.1, as RFC 7489 §6.6.3): ' +
      'receivers act as if the record said only `p=none` when it has a valid `rua`, and ignore it otherwise. Other invalid values fall back to their defaults.\n\n' +
      'Fix: use one of the listed values.',
    bad: '_dmarc IN TXT "v=DMARC1; p=rejected"',
    good: '_dmarc IN TXT "v=DMARC1; p=reject"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    // RFC 9989 §4.10.1: an invalid p, sp or np makes receivers read the whole record as p=none
    // (when it has a valid rua) or ignore it.
    const monitored = effectivePolicy(d.tl).rua.length > 0;
    const policyLost = monitored
      ? 'receivers act as if the whole record said only p=none (RFC 9989 §4.10.1): nothing is enforced, for this domain or its subdomains'
      : 'receivers ignore the whole record (RFC 9989 §4.10.1, and there is no valid rua=): the domain has no DMARC policy';
    for (const t of d.tl.tags) {
      if (t.key === 'v') continue;
      const isPolicy = t.key === 'p' || t.key === 'sp' || t.key === 'np';
      const what = isPolicy ? policyLost : 'receivers ignore it and use the default';
      const glued = gluedTag(t);
      if (glued) {
        const e = replaceJoined(rec, d.tl, glued.at, glued.at, ';');
        ctx.report({
          start: t.valueSpan.start,
          end: t.valueSpan.end,
          message: `A ";" is missing before ${glued.name}=: receivers read "${t.name}=${printable(t.value)}" as one tag with an invalid value, so both ${t.name}= and ${glued.name}= are lost${isPolicy ? `, and ${policyLost}` : ''}. Insert ";" before ${glued.name}=.`,
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
