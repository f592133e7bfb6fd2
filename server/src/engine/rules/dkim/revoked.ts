import type { Rule } from '../../rule';
import { dkimTag, dkimView } from '../../policy/dkim';
import type { LintContext } from '../../rule';
import { bare, isNullMx } from '../../policy/names';
import { spfOf } from '../../spf/parse';

export const dkimRevoked: Rule = {
  id: 'dkim/revoked',
  severity: 'info',
  types: ['TXT'],
  docs: {
    summary: '`p=` empty: the key is revoked',
    details:
      'An empty `p=` means the key has been revoked (RFC 6376 §3.6.1): signatures with this selector fail. That is right after a key rotation; make sure nothing still signs with it. A wildcard `*._domainkey` record with an empty `p=` revokes every selector without a record of its own: the usual way for a domain that sends no mail to say so, and not reported when the domain says it sends no mail (a null MX, RFC 7505, or `v=spf1 -all`).',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    const p = d && dkimTag(d, 'p');
    if (!d || !p || p.value.replace(/\s+/g, '') !== '') return;
    if (d.selector === '*') {
      // `*._domainkey TXT "v=DKIM1; p="`: every selector without its own record is revoked — the
      // usual way for a domain that sends no mail to say "no DKIM key is valid here". When the
      // domain says so itself (a null MX, or SPF that authorizes nobody), there is nothing to tell.
      if (sendsNoMail(d.domain, ctx)) return;
      ctx.report({
        start: p.span.start,
        end: p.span.end,
        message: `This wildcard revokes every DKIM selector of ${bare(d.domain)} that has no record of its own (empty p=), so mail signed with any other selector fails DKIM. Right for a domain that sends no mail; otherwise give each sending selector its own key record.`,
      });
      return;
    }
    ctx.report({
      start: p.span.start,
      end: p.span.end,
      message: `Selector "${d.selector}" is revoked (empty p=): every signature made with it fails. Fine after a key rotation; make sure no server still signs with this selector.`,
    });
  },
};

/**
 * The domain says in this zone that it sends no mail: only a null MX (RFC 7505), or an SPF record
 * that authorizes no sender (`v=spf1 -all`: no mechanism before the `-all`).
 */
function sendsNoMail(domain: string, ctx: LintContext): boolean {
  const here = ctx.recordsAt(domain);
  const mx = here.filter((r) => r.type === 'MX');
  if (mx.length > 0 && mx.every(isNullMx)) return true;
  for (const r of here) {
    if (r.type !== 'TXT') continue;
    const spf = spfOf(r, ctx);
    if (spf && spf.versionOk && spf.problems.length === 0 && spf.allIndex === 0 && spf.terms.length === 1 && spf.terms[0].qualifier === '-') return true;
  }
  return false;
}
