import type { Rule } from '../../rule';

// Reported by the zone-file reader (zone/index.ts) while parsing; this module carries its docs.
export const syntax: Rule = {
  id: 'zone/syntax',
  severity: 'error',
  docs: {
    summary: 'The zone file does not follow the master-file grammar.',
    details:
      'BIND (`named-checkzone`) refuses to load a zone with a syntax error, so **none** of its records — ' +
      'SPF, DMARC and DKIM included — are served until it is fixed. Typical causes: an unbalanced `(` or `"`, ' +
      'a TTL such as `1hour` (use `1h` or `3600`), an unknown type or class, the wrong number of rdata fields ' +
      '(an MX without a preference), or a malformed address. The message names what was expected at the exact token. ' +
      'Grammar: RFC 1035 §5, as extended by BIND ($TTL, $GENERATE, TTL units, `TYPEnnn` and `\\#` generic data, RFC 3597).\n\n' +
      'One finding is a warning, because BIND loads the zone anyway: a record whose name lies outside the zone (BIND ignores it, ' +
      '"ignoring out-of-zone data", so mailzone does not check it either). A file that starts with a UTF-8 byte-order mark is an error: BIND refuses it.',
    bad: 'mail  IN  MX  mail.example.com.',
    good: 'mail  IN  MX  10 mail.example.com.',
  },
};
