// spf/unknown-modifier: a modifier other than redirect/exp.
import type { Rule } from '../../rule';
import { SPF_TYPES, spfView } from './util';

export const spfUnknownModifier: Rule = {
  id: 'spf/unknown-modifier',
  severity: 'info',
  types: SPF_TYPES,
  docs: {
    summary: 'SPF modifier other than `redirect=` and `exp=`',
    details: [
      'RFC 7208 defines two modifiers, `redirect=` and `exp=`; receivers ignore any other (§6) as long as it is well formed. An unknown modifier is often a typo (`redirct=`) or a leftover from drafts (`default=`), and then does not do what its author wanted.',
      '',
      'Fix: correct the name, or remove the modifier.',
    ].join('\n'),
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf) return;
    for (const t of spf.terms) {
      if (t.kind !== 'modifier' || t.name === 'redirect' || t.name === 'exp' || t.problems.some((p) => p.rule === 'spf/syntax')) continue;
      const near = close(t.name, 'redirect') ? 'redirect' : close(t.name, 'exp') ? 'exp' : undefined;
      const hint = near ? ` Did you mean \`${near}=\`?` : t.name === 'default' ? ' (`default=` comes from pre-RFC drafts and has no effect.)' : '';
      ctx.report({
        file: rec.file,
        message: `\`${t.name}=\` is not an SPF modifier: receivers ignore it (RFC 7208 §6).${hint}`,
        ...spf.span(t.namePart.from, t.namePart.to),
      });
    }
  },
};

function close(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 2) return false;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length] <= (b.length > 4 ? 2 : 1);
}
