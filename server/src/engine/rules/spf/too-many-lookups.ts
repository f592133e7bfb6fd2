// spf/too-many-lookups: more than 10 DNS-querying terms, counted through include and redirect.
// Also the one place that says when the count is only a lower bound (names not resolved).
import type { Rule } from '../../rule';
import { SPF_LOOKUP_LIMIT, type SpfTreeNode } from '../../spf/lookups';
import { unresolvedAdvice, unresolvedList, whyUnresolved, withTree } from './tree-util';
import { valueSpan } from './util';

export function branchSummary(root: SpfTreeNode): string {
  return root.children.map((c) => `${c.label} ${c.cost}`).join(', ');
}

/** Thousands of records share the same few unresolved includes: one message string each. */
const notes = new Map<string, string>();

export const spfTooManyLookups: Rule = {
  id: 'spf/too-many-lookups',
  severity: 'error',
  docs: {
    summary: 'SPF needs more than 10 DNS lookups',
    details: [
      'Receivers stop after 10 DNS-querying terms — `include`, `a`, `mx`, `ptr`, `exists` and `redirect`, counted through every include and redirect — and return **permerror** (RFC 7208 §4.6.4): SPF then fails for all your mail, and DMARC can only pass through DKIM. `ip4`, `ip6`, `all` and `exp` cost nothing; the address lookups an `mx` makes for its hosts are not part of the 10. A term with a macro costs one lookup and cannot be followed.',
      '',
      'The hover on the record shows the tree with the cost of each branch. When some names cannot be resolved (outside the workspace with live DNS off, or no answer), the count is a lower bound: the rule then reports an **info** finding that names them instead of guessing; that note also covers the void-lookup and MX-host limits below those names.',
      '',
      'Fix: replace `a`/`mx` by `ip4:`/`ip6:` of the same hosts, drop includes of services you no longer use, or move senders to a subdomain with its own SPF.',
    ].join('\n'),
  },
  types: ['TXT'],
  onRecord(record, ctx) {
    withTree(record, ctx, ({ rec, tree }) => {
      const span = valueSpan(rec);
      const atLeast = tree.complete ? '' : 'at least ';
      if (tree.total > SPF_LOOKUP_LIMIT) {
        ctx.report({
          file: rec.file,
          message: `This SPF record needs ${atLeast}${tree.total} DNS lookups (${branchSummary(tree.root)}); receivers stop at ${SPF_LOOKUP_LIMIT} and return permerror, so SPF fails for all mail from ${rec.owner.replace(/\.$/, '')} (RFC 7208 §4.6.4). Replace \`a\`/\`mx\` by \`ip4:\`/\`ip6:\`, drop unused includes, or move senders to a subdomain.`,
          ...span,
        });
      } else if (!tree.complete) {
        const what = tree.unresolved.length
          ? `${unresolvedList(tree)} ${whyUnresolved(ctx, tree)}`
          : tree.truncated
            ? 'the include graph is too large to walk'
            : 'an include or redirect uses a macro, so its target is only known when mail arrives';
        // Thousands of records share the same few unresolved includes: one message string each.
        const key = `${what}\n${tree.total}\n${tree.unresolved.length === 1}\n${ctx.options.dns}`;
        let message = notes.get(key);
        if (notes.size > 256) notes.clear();
        if (message === undefined) {
          message = `Could not count every SPF lookup: ${what}. Counted ${tree.total} of the ${SPF_LOOKUP_LIMIT} allowed, so the real number is at least ${tree.total}; the void-lookup and MX-host limits below ${tree.unresolved.length === 1 ? 'that name' : 'those names'} were not checked either.${tree.unresolved.length ? ' ' + unresolvedAdvice(ctx, tree) : ''}`;
          notes.set(key, message);
        }
        ctx.report({ file: rec.file, severity: 'info', message, ...span });
      }
    });
  },
};
