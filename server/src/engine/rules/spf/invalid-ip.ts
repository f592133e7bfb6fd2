// spf/invalid-ip: a bad ip4/ip6 address or prefix length (also a/mx prefix lengths).
import type { Rule } from '../../rule';
import { reportProblems, SPF_TYPES } from './util';

export const spfInvalidIp: Rule = {
  id: 'spf/invalid-ip',
  severity: 'error',
  types: SPF_TYPES,
  docs: {
    summary: 'Bad ip4/ip6 address or prefix length in SPF',
    details: [
      '`ip4:` takes a full dotted-quad address without leading zeros and an optional `/0`–`/32`; `ip6:` takes an IPv6 address and an optional `/0`–`/128`; `a` and `mx` take `/n` (IPv4) and `//n` (IPv6). Anything else — `ip4:192.0.2`, `ip4:192.0.2.1:25`, `ip4:192.0.2.0/33`, `/032`, `ip4:…//32`, `ip6::1::2` — is a syntax error and receivers return **permerror** for every message (RFC 7208 §5.6, §12).',
      '',
      'Fix: write the address in full, with a prefix length in range.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 ip4:192.0.2 -all"',
    good: 'example.com. TXT "v=spf1 ip4:192.0.2.0/24 -all"',
  },
  onRecord(rec, ctx) {
    reportProblems('spf/invalid-ip', rec, ctx);
  },
};
