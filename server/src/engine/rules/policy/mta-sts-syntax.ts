import type { Rule } from '../../rule';
import { checkVersionedRecord, type VersionedRecordSpec } from './view';

const STS: VersionedRecordSpec = {
  kind: 'mta-sts',
  label: 'MTA-STS',
  rfc: 'RFC 8461 §3.1',
  version: 'STSv1',
  required: 'id',
  ignored: 'Sending servers ignore it',
  cost: 'so TLS is not enforced for mail to this domain',
  lenient: 'postfix-mta-sts-resolver, maddy and Stalwart',
  keepOne: 'Keep one record, with the id of the policy file now served, and delete the others.',
  write: '"v=STSv1; id=<id>"',
};

export const mtaStsSyntax: Rule = {
  id: 'mta-sts/syntax',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`_mta-sts` TXT is not `v=STSv1; id=…`',
    details:
      'RFC 8461 §3.1: the `_mta-sts` TXT record is `v=STSv1; id=<id>;` — `v=STSv1` first, then an `id` that changes whenever the policy file changes. ' +
      'Field names are case-sensitive; other fields (extensions) are `name=value` with a name of letters, digits, `_`, `-` and `.` and a value without `=`, `;` or spaces. ' +
      'Senders ignore a record that does not start with `v=STSv1`, has no `id` or breaks this grammar, and more than one STS record means no policy at all (the same record written twice counts once). A TXT record there that is not an MTA-STS record at all (a verification token: no `v=STSv1`, no `id=`) is discarded by senders and not reported. ' +
      'An empty field (`v=STSv1;; id=1`) or white space after the last field with no `;` after it (`id=1 `) is also outside the grammar, a warning when it is all that is wrong: the senders whose code was read (postfix-mta-sts-resolver, maddy, Stalwart) skip the empty field and trim the space, but a sender that parses by the grammar may ignore the record. One `;` at the end is allowed.\n\nFix: publish exactly one record `v=STSv1; id=20260101T000000;`.',
    bad: '_mta-sts IN TXT "id=2026; v=STSv1"',
    good: '_mta-sts IN TXT "v=STSv1; id=20260101T000000"',
  },
  onRecord(rec, ctx) {
    checkVersionedRecord(rec, ctx, STS);
  },
};
