// spf/void-lookups (live): more than 2 lookups that return NXDOMAIN or no answer.
import type { Rule } from '../../rule';
import { SPF_VOID_LIMIT } from '../../spf/lookups';
import { lookupNoteIsOn, related, unresolvedList, whyUnresolved, withTree } from './tree-util';
import { valueSpan } from './util';

export const spfVoidLookups: Rule = {
  id: 'spf/void-lookups',
  severity: 'error',
  live: true,
  docs: {
    summary: 'More than 2 SPF lookups return nothing (void lookups)',
    details: [
      'A void lookup is an `a`, `mx` or `exists` query answered with NXDOMAIN or with no records. Receivers allow at most 2 per evaluation, counted through includes, and return **permerror** beyond that (RFC 7208 §4.6.4) — usually hosts or services that were retired but stayed in the record. (For `a`, mailzone counts a lookup as void only when neither A nor AAAA answers.)',
      '',
      'This check needs DNS answers. Names in the workspace are answered by its zones; others need live DNS. When names cannot be resolved, spf/too-many-lookups reports one info finding naming them (and this rule reports its own info finding only when that rule is switched off).',
      '',
      'Fix: remove the terms whose names no longer exist.',
    ].join('\n'),
  },
  types: ['TXT'],
  onRecord(record, ctx) {
    withTree(record, ctx, ({ rec, tree }) => {
      const n = tree.voidNodes.length;
      if (n > SPF_VOID_LIMIT) {
        ctx.report({
          file: rec.file,
          message: `${n} lookups of this SPF record return nothing (${tree.voidNodes.map((v) => v.label).join(', ')}); receivers allow ${SPF_VOID_LIMIT} such void lookups and then return permerror (RFC 7208 §4.6.4). Remove the terms whose names no longer exist.`,
          related: tree.voidNodes.flatMap((v) => related(ctx, v, v.detail ?? 'void lookup')),
          ...valueSpan(rec),
        });
      } else if ((tree.unresolved.length > 0 || tree.voidUnknown > 0) && !lookupNoteIsOn(ctx) && !tree.complete) {
        ctx.report({
          file: rec.file,
          severity: 'info',
          message: `Could not decide whether this SPF record exceeds ${SPF_VOID_LIMIT} void lookups: ${unresolvedList(tree) || 'some names'} ${whyUnresolved(ctx, tree)}. ${n} found so far.`,
          ...valueSpan(rec),
        });
      }
    });
  },
};
