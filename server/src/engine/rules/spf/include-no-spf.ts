// spf/include-no-spf: an include or redirect target with no SPF record (permerror).
import type { Rule } from '../../rule';
import { chain, forEachProblem } from './tree-util';

export const spfIncludeNoSpf: Rule = {
  id: 'spf/include-no-spf',
  severity: 'error',
  docs: {
    summary: 'include/redirect target has no SPF record',
    details: [
      'When the domain named by `include:` or `redirect=` has no SPF record (it does not exist, has no TXT, or no TXT that starts with `v=spf1`), receivers return **permerror** for every message (RFC 7208 §5.2, §6.1) — not "no match". A provider that retired its SPF name, or a typo in the include, breaks your whole record.',
      '',
      'Checked against the zones in the workspace (which are authoritative for their names: a missing name is NXDOMAIN) and, when allowed, live DNS. Names that cannot be resolved are not reported (see spf/too-many-lookups).',
      '',
      'Fix: correct the domain, or remove the include.',
    ].join('\n'),
  },
  types: ['TXT'],
  onRecord(record, ctx) {
    forEachProblem(record, ctx, 'no-spf', (n, path, loc) => {
      const via = loc.direct || path.length <= 1 || n.termRecord?.file === loc.file ? '' : ` (through ${chain(path, n)})`;
      ctx.report({
        file: loc.file,
        message: `\`${n.label}\`${via}: ${n.detail ?? 'the target has no SPF record'}. Receivers then return permerror for every message, so SPF protects nothing. Correct the domain or remove the ${n.kind === 'redirect' ? 'redirect' : 'include'}.`,
        ...loc.span,
      });
    });
  },
};
