// spf/plus-all: `+all` or bare `all` — anyone may send as the domain; also a `/0` network
// (`ip4:0.0.0.0/0`, `ip6:::/0`, `a/0`, `mx//0`) that passes every address of its family.
import type { Rule } from '../../rule';
import { removeTermEdits } from '../../spf/edit';
import type { SpfTerm } from '../../spf/parse';
import { qualifierFix, SPF_TYPES, spfView } from './util';

/** The address family a passing term with a `/0` prefix matches in full, if any. */
function everyAddress(t: SpfTerm): 'IPv4' | 'IPv6' | undefined {
  if (t.kind !== 'mechanism' || t.effectiveQualifier !== '+' || t.problems.length) return undefined;
  if (t.name === 'ip4' || t.name === 'a' || t.name === 'mx') if (t.cidr4 === 0) return 'IPv4';
  if (t.name === 'ip6' || t.name === 'a' || t.name === 'mx') if (t.cidr6 === 0) return 'IPv6';
  return undefined;
}

export const spfPlusAll: Rule = {
  id: 'spf/plus-all',
  severity: 'error',
  types: SPF_TYPES,
  docs: {
    summary: 'SPF record ends in `+all` (or bare `all`): anyone may send',
    details: [
      '`all` matches every sender; its qualifier is the result for everyone not matched before. With `+all` — and with a bare `all`, whose default qualifier is `+` (RFC 7208 §4.6.2, §5.1) — every server on the Internet passes SPF for the domain, which is worse than publishing nothing: spoofed mail gets an SPF pass that DMARC can align with.',
      '',
      'A network with prefix length 0 does the same for one address family: `ip4:0.0.0.0/0` (or any `ip4:…/0`) matches every IPv4 address, `ip6:::/0` every IPv6 address, and `a/0` or `mx//0` every address of the family as soon as the name has one (RFC 7208 §5.3, §5.6). With the default `+` qualifier such a term passes every server, whatever the record ends with.',
      '',
      'Fix: end the record with `-all` (or `~all` while you are still collecting the list of your senders); remove a `/0` term, or give it the prefix length of your own network.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 mx all"',
    good: 'example.com. TXT "v=spf1 mx -all"',
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf) return;
    const end = spf.allIndex < 0 ? spf.terms.length : spf.allIndex;
    for (let i = 0; i < end; i++) {
      const t = spf.terms[i];
      const fam = everyAddress(t);
      if (!fam) continue;
      const name = (t.domain ?? rec.owner).replace(/\.$/, '');
      const what =
        t.name === 'ip4' || t.name === 'ip6'
          ? `matches every ${fam} address`
          : `matches every ${fam} address as soon as ${t.name === 'mx' ? `one of ${name}'s MX hosts` : name} has one`;
      ctx.report({
        file: rec.file,
        message: `\`${t.text}\` ${what} (prefix length 0, RFC 7208 §5.6): every server on the Internet that connects over ${fam} passes SPF for ${rec.owner.replace(/\.$/, '')}, as with \`+all\`, so spoofed mail passes SPF and can pass DMARC. Remove it, or write the prefix length of your own network.`,
        fixes: [{ title: `Remove \`${t.text}\``, edits: removeTermEdits(rec, spf, t), preferred: true }],
        ...spf.span(t.from, t.to),
      });
    }
    if (spf.allIndex < 0) return;
    const t = spf.terms[spf.allIndex];
    if (t.effectiveQualifier !== '+' || t.problems.length) return;
    ctx.report({
      file: rec.file,
      message: `\`${t.text}\` lets every server on the Internet pass SPF for ${rec.owner.replace(/\.$/, '')}${t.qualifier ? '' : ' (a bare `all` means `+all`)'}: spoofed mail passes SPF and can pass DMARC (RFC 7208 §5.1). Change it to \`-all\`.`,
      fixes: [qualifierFix(rec, spf, t, '-', true), qualifierFix(rec, spf, t, '~')],
      ...spf.span(t.from, t.to),
    });
  },
};
