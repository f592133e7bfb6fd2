// spf/include-loop: an include or redirect chain that reaches itself.
import type { Rule } from '../../rule';
import { chain, forEachProblem } from './tree-util';

export const spfIncludeLoop: Rule = {
  id: 'spf/include-loop',
  severity: 'error',
  docs: {
    summary: 'SPF include/redirect chain loops back to itself',
    details: [
      'An `include:` or `redirect=` that leads, directly or through other records, back to a record already being evaluated never ends; receivers stop it with the lookup limit and return **permerror** (RFC 7208 §4.6.4, §5.2). Including the same domain twice side by side is not a loop (it only costs lookups).',
      '',
      'Fix: remove the include or redirect that points back up the chain.',
    ].join('\n'),
  },
  types: ['TXT'],
  onRecord(record, ctx) {
    forEachProblem(record, ctx, 'loop', (n, path, loc) => {
      const names = n.detail?.replace(/^loop: /, '') ?? chain(path, n);
      ctx.report({
        file: loc.file,
        message: `SPF loop: ${names}. Receivers never finish evaluating it and return permerror (RFC 7208 §4.6.4). Remove the ${n.kind === 'redirect' ? 'redirect' : 'include'} that points back up the chain${loc.direct || path.length <= 1 ? '' : ` (reached through ${chain(path, n)})`}.`,
        ...loc.span,
      });
    });
  },
};
