// spf/duplicate-term: the same mechanism twice.
import type { Rule } from '../../rule';
import { removeTermEdits } from '../../spf/edit';
import { SPF_TYPES, spfView } from './util';

export const spfDuplicateTerm: Rule = {
  id: 'spf/duplicate-term',
  severity: 'info',
  types: SPF_TYPES,
  docs: {
    summary: 'The same SPF mechanism appears twice',
    details: [
      'A mechanism repeated with the same qualifier and argument can never match where the first did not. For `include`, `a`, `mx`, `ptr` and `exists` the repeat still costs a DNS lookup of the 10 allowed (RFC 7208 §4.6.4).',
      '',
      'Fix: remove the repeat.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 include:_spf.example.net include:_spf.example.net -all"',
    good: 'example.com. TXT "v=spf1 include:_spf.example.net -all"',
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf) return;
    let n = 0;
    for (const t of spf.terms) if (t.kind === 'mechanism' && !t.problems.length) n++;
    if (n < 2) return;
    const seen = new Set<string>();
    for (const t of spf.terms) {
      if (t.kind !== 'mechanism' || t.problems.length) continue;
      const key = t.effectiveQualifier + termKey(t.text);
      if (!seen.has(key)) {
        seen.add(key);
        continue;
      }
      const costs = ['include', 'a', 'mx', 'ptr', 'exists'].includes(t.name);
      ctx.report({
        file: rec.file,
        message: `\`${t.text}\` is already in this record: the repeat never matches anything new${costs ? ' and costs one more DNS lookup of the 10 allowed' : ''}. Remove it.`,
        fixes: [{ title: `Remove the repeated \`${t.text}\``, edits: removeTermEdits(rec, spf, t), preferred: true }],
        ...spf.span(t.from, t.to),
      });
    }
  },
};

/**
 * The term without its qualifier, lower-case, without the first '.' that ends the domain (before
 * the end or a '/'): what `t.text.replace(/^[+\-~?]/, '').toLowerCase().replace(/\.(?=$|\/)/, '')` gives.
 */
function termKey(text: string): string {
  const c = text.charCodeAt(0);
  let s = (c === 43 || c === 45 || c === 126 || c === 63 ? text.slice(1) : text).toLowerCase();
  for (let i = s.indexOf('.'); i >= 0; i = s.indexOf('.', i + 1)) {
    if (i + 1 === s.length || s.charCodeAt(i + 1) === 47) {
      s = s.slice(0, i) + s.slice(i + 1);
      break;
    }
  }
  return s;
}
