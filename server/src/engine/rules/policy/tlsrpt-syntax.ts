import type { Rule } from '../../rule';
import { policyTags, strictTagProblems } from './view';

export const tlsrptSyntax: Rule = {
  id: 'tlsrpt/syntax',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`_smtp._tls` TXT is not `v=TLSRPTv1; rua=…`',
    details:
      'RFC 8460 §3: the TLS-RPT record is `v=TLSRPTv1; rua=<uri>[,<uri>]` — the version first, then `rua`. A record that does not match is ignored and no TLS reports are sent.\n\n' +
      'Fix: write `v=TLSRPTv1; rua=mailto:tlsrpt@example.com`.',
    bad: '_smtp._tls IN TXT "v=TLSRPTv1"',
    good: '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'tlsrpt', ctx);
    if (!tl) return;
    const problems: string[] = tl.problems.map((p) => p.message);
    problems.push(...strictTagProblems(tl, 'RFC 8460 §3'));
    const first = tl.tags[0];
    if (!first || first.name !== 'v' || first.value !== 'TLSRPTv1') problems.push('it must start with v=TLSRPTv1');
    if (!tl.get('rua')) problems.push('the rua= tag is missing');
    if (problems.length === 0) return;
    ctx.report({
      start: tl.span.start,
      end: tl.span.end,
      message: `TLS-RPT record is not valid: ${problems.join('; ')}. Senders ignore it, so you get no TLS failure reports. Write "v=TLSRPTv1; rua=mailto:…".`,
    });
  },
};
