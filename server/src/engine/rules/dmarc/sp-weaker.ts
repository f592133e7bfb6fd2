import type { Rule } from '../../rule';
import { POLICY_STRENGTH, dmarcView, inheritedPolicy, lookupOf, policyValue } from '../../policy/dmarc';
import { setValueFix } from '../../policy/edits';
import type { Fix } from '../../model';

export const dmarcSpWeaker: Rule = {
  id: 'dmarc/sp-weaker',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: '`sp` or `np` weaker than `p`',
    details:
      '`sp` is the policy for subdomains and `np` for subdomains that do not exist (RFC 9989 §4.7). When they are weaker than `p`, an attacker simply sends as ' +
      '`anything.example.com` instead of `example.com` and gets the weaker treatment. Non-existent subdomains never send legitimate mail, so `np=reject` is safe.\n\n' +
      'Receivers read `sp` and `np` only from the organizational domain\'s record (RFC 9989 §4.10: the one the DNS tree walk selects, or one with `psd=n`), so a record below ' +
      'the organizational domain whose parent domain publishes DMARC in the workspace is not checked: its `sp`/`np` are not used.\n\n' +
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
    // sp/np of a record that is not the organizational domain's are not used (RFC 9989 §4.10.1):
    // subdomains without a record take the policy of the record the tree walk selects.
    const inh = inheritedPolicy(d.domain, lookupOf(ctx));
    if (inh.kind === 'found' && inh.domain !== d.domain) return;
    for (const key of ['sp', 'np']) {
      const t = d.tl.get(key);
      const v = policyValue(t);
      if (!t || !v || POLICY_STRENGTH[v] >= POLICY_STRENGTH[p]) continue;
      const what = key === 'sp' ? 'subdomains' : 'non-existent subdomains';
      const fixes = [setValueFix(rec, d.tl, t, p, `Raise ${key} to ${p}`, true)].filter((f): f is Fix => !!f);
      ctx.report({
        start: t.span.start,
        end: t.span.end,
        message: `${key}=${v} is weaker than p=${p}: mail from ${what} of ${d.domain.replace(/\.$/, '')} that fails DMARC gets only "${v}", so spoofers use a subdomain. Raise ${key} to ${p}.`,
        fixes,
      });
    }
  },
};
