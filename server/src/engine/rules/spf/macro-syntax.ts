// spf/macro-syntax: a malformed macro (RFC 7208 §7).
import type { Rule } from '../../rule';
import { reportProblems, SPF_TYPES } from './util';

export const spfMacroSyntax: Rule = {
  id: 'spf/macro-syntax',
  severity: 'error',
  types: SPF_TYPES,
  docs: {
    summary: 'Malformed SPF macro',
    details: [
      'Macros (`%{s}`, `%{ir}`, `%{d2}` …) are expanded by receivers while evaluating (RFC 7208 §7). A `%` must be followed by `{`, `%`, `_` or `-`; a macro is `%{` letter, optional digits, optional `r`, optional delimiters `.-+,/_=`, `}`; the letters are `s l o d i p v h` (`c r t` only in the explanation text an `exp=` record returns). Anything else is a syntax error: receivers return **permerror** for every message.',
      '',
      'Fix: write `%%` for a literal percent, close every `%{`, use a valid macro letter.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 exists:%(ir).sbl.example.com -all"',
    good: 'example.com. TXT "v=spf1 exists:%{ir}.sbl.example.com -all"',
  },
  onRecord(rec, ctx) {
    reportProblems('spf/macro-syntax', rec, ctx);
  },
};
