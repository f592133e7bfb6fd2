// spf/sender-id: an `spf2.0/…` record (Sender ID, obsolete).
import type { Rule } from '../../rule';
import { deleteRecordEdits, SPF_TYPES, valueSpan } from './util';
import { firstChar } from '../../spf/parse';

export const spfSenderId: Rule = {
  id: 'spf/sender-id',
  severity: 'warning',
  types: SPF_TYPES,
  docs: {
    summary: 'Sender ID (`spf2.0/…`) record',
    details: [
      '`spf2.0/pra`, `spf2.0/mfrom` records belong to Sender ID (RFC 4406), an experiment that was abandoned; RFC 7208 §A.4 and the IESG moved it to Historic. No receiver uses them today, and a `spf2.0` record that copies an old SPF policy only confuses whoever maintains the zone.',
      '',
      'Fix: delete the record; keep the `v=spf1` record.',
    ].join('\n'),
    bad: 'example.com. TXT "spf2.0/pra mx -all"',
  },
  onRecord(rec, ctx) {
    const c = firstChar(rec.strings);
    if (c !== 0x73 && c !== 0x53) return; // s/S: only `spf2.0/…` can match below
    const v = (rec.strings ?? []).map((s) => s.value).join('');
    if (!/^spf2\.0\//i.test(v)) return;
    const edits = deleteRecordEdits(rec, ctx);
    ctx.report({
      file: rec.file,
      message: 'This is a Sender ID record (`spf2.0/…`, RFC 4406): Sender ID was abandoned and no receiver uses it. Delete it; the `v=spf1` record is the one that counts.',
      fixes: edits ? [{ title: 'Delete the Sender ID record', edits, preferred: true }] : [],
      ...valueSpan(rec),
    });
  },
};
