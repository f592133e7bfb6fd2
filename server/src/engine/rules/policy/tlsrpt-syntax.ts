import type { Rule } from '../../rule';
import { checkVersionedRecord, type VersionedRecordSpec } from './view';

const RPT: VersionedRecordSpec = {
  kind: 'tlsrpt',
  label: 'TLS-RPT',
  rfc: 'RFC 8460 §3',
  version: 'TLSRPTv1',
  required: 'rua',
  ignored: 'Senders ignore it',
  cost: 'so you get no TLS failure reports',
  lenient: 'Senders such as Stalwart',
  // Several destinations go in one record's rua, separated by commas.
  keepOne: 'Keep one record and list every destination in its rua, separated by commas (rua=mailto:a@example.com,https://reports.example.com/tlsrpt).',
  write: '"v=TLSRPTv1; rua=mailto:…"',
};

export const tlsrptSyntax: Rule = {
  id: 'tlsrpt/syntax',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`_smtp._tls` TXT is not `v=TLSRPTv1; rua=…`',
    details:
      'RFC 8460 §3: the TLS-RPT record is `v=TLSRPTv1; rua=<uri>[,<uri>]` — the version first, then `rua`. Field names are case-sensitive; other fields (extensions) are `name=value` ' +
      'with a name of letters, digits, `_`, `-` and `.` and a value without `=`, `;` or spaces. A record that does not match is ignored and no TLS reports are sent, ' +
      'and with more than one TLS-RPT record at the name senders use none (the same record written twice counts once). A TXT record there that is not a TLS-RPT record at all (a verification token: no `v=TLSRPTv1`, no `rua=`) is discarded by senders and not reported. ' +
      'An empty field (`v=TLSRPTv1;; rua=…`) or white space after the last field with no `;` after it is also outside the grammar, a warning when it is all that is wrong: senders such as Stalwart skip the empty field and trim the space, but a sender that parses by the grammar may ignore the record. One `;` at the end is allowed.\n\n' +
      'Fix: write `v=TLSRPTv1; rua=mailto:tlsrpt@example.com`.',
    bad: '_smtp._tls IN TXT "v=TLSRPTv1"',
    good: '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"',
  },
  onRecord(rec, ctx) {
    checkVersionedRecord(rec, ctx, RPT);
  },
};
