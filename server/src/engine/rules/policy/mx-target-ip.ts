import type { Rule } from '../../rule';
import type { DnsRecord, Token } from '../../model';
import { bare } from '../../policy/names';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}\.?$/;

/** The MX's target when it is written as an IP address (or an SMTP address literal), else undefined. */
export function ipTarget(rec: DnsRecord): { tok: Token; text: string; v6: boolean } | undefined {
  const tok = rec.targetTok ?? rec.fields[1];
  if (!tok) return undefined;
  const text = tok.text.replace(/^["']|["']$/g, '');
  // SMTP's address literal ([192.0.2.1], RFC 5321 §4.1.3) is no host name in DNS either.
  const addr = text.replace(/^\[(?:IPv6:)?(.*)\]\.?$/i, '$1');
  const v6 = addr.includes(':') && /^[0-9a-f:.]+\.?$/i.test(addr);
  return IPV4.test(addr) || v6 ? { tok, text, v6 } : undefined;
}

export const mxTargetIp: Rule = {
  id: 'mx/target-ip',
  severity: 'error',
  types: ['MX'],
  docs: {
    summary: 'An MX target that is an IP address',
    details:
      'RFC 5321 §5.1: an MX names a host, never an address (nor an address literal such as `[192.0.2.1]`). `MX 10 192.0.2.1` is read as the host name `192.0.2.1.<origin>`, which does not exist, so mail is not delivered.\n\n' +
      'Fix: add an A record for a host name (`mail IN A 192.0.2.1`) and point the MX at it.',
    bad: '@ IN MX 10 192.0.2.1',
    good: '@ IN MX 10 mail\nmail IN A 192.0.2.1',
  },
  onRecord(rec, ctx) {
    const ip = ipTarget(rec);
    if (!ip) return;
    const { tok, text, v6 } = ip;
    ctx.report({
      start: tok.start,
      end: tok.end,
      message: `The MX target "${text}" is an IP address, but an MX must name a host: senders look up the host name "${bare(rec.target ?? text)}", which does not exist, so mail is not delivered. Add an ${v6 ? 'AAAA' : 'A'} record for a host name and point the MX at it.`,
    });
  },
};
