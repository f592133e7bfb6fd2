// spf/record-too-long: joined record over 450 bytes (§3.4).
import type { Rule } from '../../rule';
import { SPF_TYPES, spfView, valueSpan } from './util';

export const SPF_RECOMMENDED_MAX = 450;

export const spfRecordTooLong: Rule = {
  id: 'spf/record-too-long',
  severity: 'warning',
  types: SPF_TYPES,
  docs: {
    summary: 'SPF record longer than 450 bytes',
    details: [
      'RFC 7208 §3.4 recommends keeping the SPF record, together with the other TXT records at the name, small enough for a 512-byte UDP answer: about 450 bytes. Longer answers need EDNS or a TCP retry, which some receivers and middleboxes do not manage, and the check then fails with temperror.',
      '',
      'Fix: move groups of mechanisms into an `include:` of a name you control, or replace many `ip4:` hosts by networks.',
    ].join('\n'),
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf || spf.text.length <= SPF_RECOMMENDED_MAX) return;
    ctx.report({
      file: rec.file,
      message: `This SPF record is ${spf.text.length} bytes, over the ${SPF_RECOMMENDED_MAX} that fit a plain UDP DNS answer (RFC 7208 §3.4): some receivers will fail to fetch it and return temperror. Move mechanisms into an \`include:\` of a name you control, or merge addresses into networks.`,
      ...valueSpan(rec),
    });
  },
};
