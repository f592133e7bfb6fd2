import type { Rule } from '../../rule';
import { printable } from '../../taglist';
import { dkimTag, dkimView } from '../../policy/dkim';
import { removeTagFix, setValueFix } from '../../policy/edits';

export const dkimServiceType: Rule = {
  id: 'dkim/service-type',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`s=` lists neither `email` nor `*`: the key is not for email',
    details:
      'RFC 6376 §3.6.1: `s=` lists the services a key may be used for (default `*`, all of them). Verifiers of email must ignore a key record whose `s=` lists neither `email` nor `*`, ' +
      'and unknown service names are ignored, so a typo such as `s=mail`, or an empty `s=`, makes every signature with this selector fail.\n\n' +
      'Fix: write `s=email`, or remove `s=`.',
    bad: 'sel._domainkey IN TXT "v=DKIM1; s=mail; p=MIIB…"',
    good: 'sel._domainkey IN TXT "v=DKIM1; s=email; p=MIIB…"',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    const s = d && dkimTag(d, 's');
    if (!d || !s) return;
    // OpenDKIM's dkim_key_smtp: "*" exactly, or "email" in any case.
    for (const x of s.value.split(':')) {
      const t = x.trim();
      if (t === '*' || t.toLowerCase() === 'email') return;
    }
    const fixes = [setValueFix(rec, d.tl, s, 'email', 'Use s=email', true), removeTagFix(rec, d.tl, s, 'Remove s= (all services)')];
    ctx.report({
      start: s.span.start,
      end: s.span.end,
      message: `Selector "${d.selector}": ${s.name}=${printable(s.value)} lists neither email nor *, so email verifiers ignore this key (RFC 6376 §3.6.1) and every signature with this selector fails. Write s=email, or remove s= (its default * covers every service).`,
      fixes,
    });
  },
};
