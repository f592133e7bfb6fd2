import type { Rule } from '../../rule';
import { POLICY_STRENGTH, dmarcView, policyValue } from '../../policy/dmarc';
import { setValueFix } from '../../policy/edits';

export const dmarcSpWeaker: Rule = {
  id: 'dmarc/sp-weaker',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: '`sp` or `np` weaker than `p`',
    details:
      '`sp` is the policy for subdomains and `np` for subdomains that do not exist (RFC 9989 §4.7). When they are weaker than `p`, an attacker simply sends as ' +
      '`anything.example.com` instead of `example.com` and gets the weaker treatment. Non-existent subdomains never send legitimate mail, so `np=reject` is safe.\n\n' +
      'A record below the organizational domain counts too: the RFC 9989 tree walk (§4.10.1) finds it first for its own subdomains, so its `sp`/`np` apply to them.\n\n' +
      'Fix: raise `sp`/`np` to the value of `p` (or remove them: they default to `p`).',
    bad: '_dmarc IN TXT "v=DMARC1; p=reject; sp=none"',
    good: '_dmarc IN TXT "v=DMARC1; p=reject; sp=reject"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    const pTag = d.tl.get('p');
    const p = policyValue(pTag);
    if (!p) return;
    if (!d.tl.get('sp') && !d.tl.get('np')) return;
    for (const key of ['sp', 'np']) {
      const t = d.tl.get(key);
      const v = policyValue(t);
      if (!t || !v || POLICY_STRENGTH[v] >= POLICY_STRENGTH[p]) continue;
      const what = key === 'sp' ? 'subdomains' : 'non-existent subdomains';
      const fixes = [setValueFix(rec, d.tl, t, p, `Raise ${key} to ${p}`, true)];
      ctx.report({
        start: t.span.start,
        end: t.span.end,
        message: `${key}=${v} is weaker than p=${p}: mail from ${what} of ${d.domain.replace(/\.$/, '')} that fails DMARC gets only "${v}", so spoofers use a subdomain. Raise ${key} to ${p}.`,
        fixes,
      });
    }
  },
};
