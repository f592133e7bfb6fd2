// dmarc/psd-misused: `psd=y` at a domain the public suffix list has as a registrable domain (or below one).
import type { Rule } from '../../rule';
import { dmarcView } from '../../policy/dmarc';
import { removeTagFix, setValueFix } from '../../policy/edits';
import { bare, orgDomain, suffixStatus } from '../../policy/names';

export const dmarcPsdMisused: Rule = {
  id: 'dmarc/psd-misused',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: '`psd=y` on a domain that is not a public suffix',
    details:
      'RFC 9989 §4.7: `psd=y` is for Public Suffix Operators (a registry such as `gov.uk` or `.bank`): it tells the DNS tree walk (§4.10) that the domain is a public suffix, ' +
      'so the organizational domain of every name below it is the name one label below it. Published by an ordinary domain it splits the organization: ' +
      '`mail.example.com` and `bounce.example.com` each become an organizational domain of their own, so relaxed alignment no longer joins them to `example.com`, ' +
      'and mail From `example.com` signed with `d=mail.example.com` or sent with a MAIL FROM at `bounce.example.com` fails DMARC.\n\n' +
      'Reported when the public suffix list has the domain as a registrable domain or a name below one; domains under a top-level label the list does not know are not checked.\n\n' +
      'Fix: remove `psd=y` (or write `psd=n`, which declares the domain an organizational domain).',
    bad: '_dmarc.example.com. TXT "v=DMARC1; p=reject; psd=y"',
    good: '_dmarc.example.com. TXT "v=DMARC1; p=reject"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    const psd = d.tl.get('psd');
    if (!psd || psd.value.toLowerCase() !== 'y') return;
    if (suffixStatus(d.domain) !== 'below') return;
    const name = bare(d.domain);
    const org = bare(orgDomain(d.domain));
    const sub = `mail.${name}`;
    ctx.report({
      start: psd.span.start,
      end: psd.span.end,
      message:
        `psd=y declares ${name} a public suffix (RFC 9989 §4.7), but the public suffix list has it as ${org === name ? 'a registrable domain' : `a name in ${org}`}: ` +
        `receivers then take each name below it as an organizational domain of its own (§4.10), so relaxed alignment no longer joins ${name} and its subdomains ` +
        `(mail From ${name} signed with d=${sub}, or with a MAIL FROM at ${sub}, fails DMARC). Remove psd=y, or write psd=n.`,
      fixes: [removeTagFix(rec, d.tl, psd, 'Remove psd=y', true), setValueFix(rec, d.tl, psd, 'n', 'Change to psd=n')],
    });
  },
};
