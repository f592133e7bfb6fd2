// spf/ip-host-bits: `ip4:192.0.2.10/24` — host bits set in a network.
import type { Rule } from '../../rule';
import { editJoined } from '../../spf/edit';
import { networkAddress } from '../../spf/parse';
import { SPF_TYPES, spfView } from './util';

export const spfIpHostBits: Rule = {
  id: 'spf/ip-host-bits',
  severity: 'info',
  types: SPF_TYPES,
  docs: {
    summary: 'ip4/ip6 network written with host bits set',
    details: [
      '`ip4:192.0.2.10/24` means the network 192.0.2.0/24: receivers ignore the bits past the prefix (RFC 7208 §5.6). It works, but it usually shows a mistake — either the prefix length is wrong (a single host was meant: `/32`) or the network is wider than the author thought.',
      '',
      'Fix: write the network address (the quick fix), or correct the prefix length.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 ip4:192.0.2.10/24 -all"',
    good: 'example.com. TXT "v=spf1 ip4:192.0.2.0/24 -all"',
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf) return;
    for (const t of spf.terms) {
      if (t.kind !== 'mechanism' || t.problems.length || !t.value) continue;
      const prefix = t.name === 'ip4' ? t.cidr4 : t.name === 'ip6' ? t.cidr6 : undefined;
      if (prefix === undefined) continue;
      const netw = networkAddress(t.value.text, prefix, t.name === 'ip6');
      if (!netw) continue;
      ctx.report({
        file: rec.file,
        message: `\`${t.text}\` has host bits set: receivers read it as the network ${netw}/${prefix} (RFC 7208 §5.6). Write \`${t.name}:${netw}/${prefix}\`, or use a longer prefix if one host was meant.`,
        fixes: [{ title: `Use the network address ${netw}/${prefix}`, edits: editJoined(rec, spf, t.value.from, t.value.to, netw), preferred: true }],
        ...spf.span(t.value.from, t.cidrPart?.to ?? t.value.to),
      });
    }
  },
};
