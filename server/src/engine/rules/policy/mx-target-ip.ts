import type { Rule } from '../../rule';
import { bare } from '../../policy/names';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}\.?$/;

export const mxTargetIp: Rule = {
  id: 'mx/target-ip',
  severity: 'error',
  types: ['MX'],
  docs: {
    summary: 'An MX target that is an IP address',
    details:
      'RFC 5321 §5.1: an MX names a host, never an address. `MX 10 192.0.2.1` is read as the host name `192.0.2.1.<origin>`, which does not exist, so mail is not delivered.\n\n' +
      'Fix: add an A record for a host name (`mail IN A 192.0.2.1`) and point the MX at it.',
    bad: '@ IN MX 10 192.0.2.1',
    good: '@ IN MX 10 mail\nmail IN A 192.0.2.1',
  },
  onRecord(rec, ctx) {
    const tok = rec.targetTok ?? rec.fields[1];
    if (!tok) return;
    const text = tok.text.replace(/^["']|["']$/g, '');
    if (!IPV4.test(text) && !(text.includes(':') && /^[0-9a-f:.]+$/i.test(text))) return;
    ctx.report({
      start: tok.start,
      end: tok.end,
      message: `The MX target "${text}" is an IP address, but an MX must name a host: senders look up the host name "${bare(rec.target ?? text)}", which does not exist, so mail is not delivered. Add an A record for a host name and point the MX at it.`,
    });
  },
};
