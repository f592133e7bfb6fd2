// spf/mx-too-many (live): an `mx` that returns more than 10 hosts.
import type { Rule } from '../../rule';
import { SPF_MX_LIMIT } from '../../spf/lookups';
import { chain, forEachProblem, lookupNoteIsOn, unresolvedList, whyUnresolved, withTree } from './tree-util';
import { valueSpan } from './util';

export const spfMxTooMany: Rule = {
  id: 'spf/mx-too-many',
  severity: 'error',
  live: true,
  docs: {
    summary: '`mx` mechanism whose domain has more than 10 MX hosts',
    details: [
      'For `mx`, receivers look up the MX records and then the address of each host; they must not look at more than 10 MX hosts and return **permerror** when there are more (RFC 7208 §4.6.4).',
      '',
      'This check needs DNS answers (the workspace, or live DNS); when they are missing, spf/too-many-lookups says so once.',
      '',
      'Fix: list the sending hosts with `ip4:`/`ip6:` (or `a:`) instead of `mx`.',
    ].join('\n'),
  },
  types: ['TXT'],
  onRecord(record, ctx) {
    forEachProblem(record, ctx, 'mx-too-many', (n, path, loc) => {
      ctx.report({
        file: loc.file,
        message: `\`${n.label}\`${loc.direct || path.length <= 1 ? '' : ` (through ${chain(path, n)})`}: ${n.detail}. List the sending hosts with \`ip4:\`/\`ip6:\` instead of \`mx\`.`,
        ...loc.span,
      });
    });
    withTree(record, ctx, (root) => {
      const mxUnknown = root.tree.unresolved.length > 0 && !root.tree.complete;
      if (mxUnknown && !lookupNoteIsOn(ctx)) {
        ctx.report({
          file: root.rec.file,
          severity: 'info',
          message: `Could not check the number of MX hosts below ${unresolvedList(root.tree)}: these names ${whyUnresolved(ctx, root.tree)}.`,
          ...valueSpan(root.rec),
        });
      }
    });
    void SPF_MX_LIMIT;
  },
};
