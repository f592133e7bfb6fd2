// spf/include-no-spf: an include or redirect target with no usable SPF record (permerror): none,
// more than one, or one with a syntax error.
import type { Rule } from '../../rule';
import type { SpfTreeNode } from '../../spf/lookups';
import { chain, forEachProblem } from './tree-util';

/**
 * The include/redirect nodes whose target gives receivers no usable SPF record. A 'syntax' node
 * with a record is the target's record in error; one without is the term's own malformed text
 * (spf/syntax reports that).
 */
function unusableTarget(n: SpfTreeNode): boolean {
  if (n.kind !== 'include' && n.kind !== 'redirect') return false;
  return n.problem === 'no-spf' || n.problem === 'multiple-spf' || (n.problem === 'syntax' && n.spf !== undefined);
}

function advice(n: SpfTreeNode): string {
  const what = n.kind === 'redirect' ? 'redirect' : 'include';
  if (n.problem === 'multiple-spf') return `Every message then gets permerror, so SPF protects nothing. The target must publish exactly one SPF record (merge them), or remove the ${what}.`;
  if (n.problem === 'syntax') return `Every message then gets permerror, so SPF protects nothing. The target's record must be corrected, or remove the ${what}.`;
  return `Receivers then return permerror for every message, so SPF protects nothing. Correct the domain or remove the ${what}.`;
}

export const spfIncludeNoSpf: Rule = {
  id: 'spf/include-no-spf',
  severity: 'error',
  docs: {
    summary: 'include/redirect target has no SPF record',
    details: [
      'When the domain named by `include:` or `redirect=` has no usable SPF record, receivers return **permerror** for every message (RFC 7208 §5.2, §6.1) — not "no match". No usable record means: the domain does not exist, has no TXT, or no TXT that starts with `v=spf1`; it publishes more than one SPF record (RFC 7208 §4.5); or its SPF record has a syntax error (RFC 7208 §4.6). A provider that retired or broke its SPF name, or a typo in the include, breaks your whole record.',
      '',
      'Checked against the zones in the workspace (which are authoritative for their names: a missing name is NXDOMAIN) and, when allowed, live DNS. Names that cannot be resolved are not reported (see spf/too-many-lookups).',
      '',
      'Fix: correct the domain, or remove the include.',
    ].join('\n'),
  },
  types: ['TXT'],
  onRecord(record, ctx) {
    forEachProblem(record, ctx, unusableTarget, (n, path, loc) => {
      const via = loc.direct || path.length <= 1 || n.termRecord?.file === loc.file ? '' : ` (through ${chain(path, n)})`;
      ctx.report({
        file: loc.file,
        message: `\`${n.label}\`${via}: ${n.detail ?? 'the target has no SPF record'}. ${advice(n)}`,
        ...loc.span,
      });
    });
  },
};
