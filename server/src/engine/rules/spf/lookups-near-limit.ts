// spf/lookups-near-limit: 8 to 10 lookups.
import type { Rule } from '../../rule';
import { SPF_LOOKUP_LIMIT } from '../../spf/lookups';
import { withTree } from './tree-util';
import { branchSummary } from './too-many-lookups';
import { valueSpan } from './util';

export const spfLookupsNearLimit: Rule = {
  id: 'spf/lookups-near-limit',
  severity: 'info',
  docs: {
    summary: 'SPF needs 8 to 10 of the 10 allowed DNS lookups',
    details: [
      'The record is within the limit of 10 DNS lookups (RFC 7208 §4.6.4), but close to it: a provider that adds one `include` inside its own record pushes you over without any change on your side, and SPF then fails with permerror.',
      '',
      'Fix: leave headroom — replace `a`/`mx` by addresses, remove includes you no longer need.',
    ].join('\n'),
  },
  types: ['TXT'],
  onRecord(record, ctx) {
    withTree(record, ctx, ({ rec, tree }) => {
      if (tree.total < 8 || tree.total > SPF_LOOKUP_LIMIT) return;
      ctx.report({
        file: rec.file,
        message: `This SPF record needs ${tree.complete ? '' : 'at least '}${tree.total} of the ${SPF_LOOKUP_LIMIT} DNS lookups receivers allow (${branchSummary(tree.root)}): one more include in a provider's record and SPF fails with permerror (RFC 7208 §4.6.4). Leave headroom by replacing \`a\`/\`mx\` with addresses or removing unused includes.`,
        ...valueSpan(rec),
      });
    });
  },
};
