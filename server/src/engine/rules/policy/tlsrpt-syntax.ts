import type { Rule } from '../../rule';
import { notOfKind } from '../../policy/tags';
import { exactTag, missingTag, policyTags, strictTagProblems, versionRecords } from './view';

export const tlsrptSyntax: Rule = {
  id: 'tlsrpt/syntax',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`_smtp._tls` TXT is not `v=TLSRPTv1; rua=…`',
    details:
      'RFC 8460 §3: the TLS-RPT record is `v=TLSRPTv1; rua=<uri>[,<uri>]` — the version first, then `rua`. Field names are case-sensitive; other fields (extensions) are `name=value` ' +
      'with a name of letters, digits, `_`, `-` and `.` and a value without `=`, `;` or spaces. A record that does not match is ignored and no TLS reports are sent, ' +
      'and with more than one TLS-RPT record at the name senders use none (the same record written twice counts once). A TXT record there that is not a TLS-RPT record at all (a verification token: no `v=TLSRPTv1`, no `rua=`) is discarded by senders and not reported.\n\n' +
      'Fix: write `v=TLSRPTv1; rua=mailto:tlsrpt@example.com`.',
    bad: '_smtp._tls IN TXT "v=TLSRPTv1"',
    good: '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'tlsrpt', ctx);
    if (!tl || notOfKind('tlsrpt', tl)) return; // another protocol's TXT, discarded (RFC 8460 §3)
    const problems = strictTagProblems(tl, 'RFC 8460 §3', ['v', 'rua']);
    const first = tl.tags[0];
    if (!first || first.name !== 'v' || first.value !== 'TLSRPTv1') problems.push('it must start with v=TLSRPTv1');
    if (!exactTag(tl, 'rua')) problems.push(missingTag(tl, 'rua'));
    // Senders keep the records beginning with v=TLSRPTv1 and send no reports when more than one is left.
    const rpt = versionRecords(ctx, rec.owner, 'TLSRPTv1');
    const dup = rpt.length > 1 && rpt.indexOf(rec) > 0;
    if (problems.length === 0 && dup) {
      // The record itself is fine: the fault is that there are two (RFC 8460 §3). Several
      // destinations go in one record's rua, separated by commas.
      ctx.report({
        start: tl.span.start,
        end: tl.span.end,
        message: `There are ${rpt.length} TLS-RPT records at this name: senders use none when more than one begins with v=TLSRPTv1 (RFC 8460 §3), so you get no TLS failure reports. Keep one record and list every destination in its rua, separated by commas (rua=mailto:a@example.com,https://reports.example.com/tlsrpt).`,
        related: rpt.filter((r) => r !== rec).map((r) => ({ file: r.file, start: r.start, end: r.end, message: 'another TLS-RPT record' })),
      });
      return;
    }
    if (dup) problems.push('there is more than one TLS-RPT record at this name, so senders use none');
    if (problems.length === 0) return;
    ctx.report({
      start: tl.span.start,
      end: tl.span.end,
      message: `TLS-RPT record is not valid: ${problems.join('; ')}. Senders ignore it, so you get no TLS failure reports. Write "v=TLSRPTv1; rua=mailto:…"${dup ? ' and keep only one record' : ''}.`,
    });
  },
};
