// spf/syntax: a term that is neither a known mechanism nor a well-formed modifier, a bad domain-spec,
// bytes outside printable ASCII, `all` glued to the previous term.
import type { Rule } from '../../rule';
import { reportProblems, SPF_TYPES } from './util';

export const spfSyntax: Rule = {
  id: 'spf/syntax',
  severity: 'error',
  types: SPF_TYPES,
  docs: {
    summary: 'SPF term that receivers cannot parse',
    details: [
      'A receiver parses the whole SPF record before evaluating it; any term it cannot parse makes the result **permerror** for every message, so the record protects nothing (RFC 7208 §4.6, §4.6.1).',
      '',
      'Triggers: an unknown mechanism (`moo`, `ipv4:`, `redirect:` written with a colon), a modifier name that does not start with a letter, a domain-spec without a valid top-level label (`a:museum`, `a:abc.123`, `a:example.com:8080`), an empty domain (`include:`), an argument on `all` (`-all:x`, `-all/8`), a prefix length on `include`/`exists`/`ptr`, `~all` glued to the previous term, and tabs, line breaks or non-ASCII bytes (terms are separated by single spaces, the record is 7-bit ASCII: §3.1, §4.6.1).',
      '',
      'Fix: correct the term as the message says, or remove it.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 include:_spf.example.net~all"',
    good: 'example.com. TXT "v=spf1 include:_spf.example.net ~all"',
  },
  onRecord(rec, ctx) {
    reportProblems('spf/syntax', rec, ctx);
  },
};
