import type { Rule } from '../../rule';

// Reported by the octoDNS reader (octodns/index.ts) while parsing; this module carries its docs.
export const syntax: Rule = {
  id: 'octodns/syntax',
  severity: 'error',
  docs: {
    summary: 'The octoDNS YAML is malformed, or a record is one octoDNS itself rejects.',
    details:
      'octoDNS validates every record before it plans a change, and one invalid record stops the whole zone from ' +
      'syncing — so **none** of its records, SPF, DMARC and DKIM included, are updated until it is fixed. ' +
      'mailzone reports what octoDNS would reject, with octoDNS\'s own reason:\n\n' +
      '- YAML errors (bad indentation, an unclosed quote), a name that appears twice (YAML keeps only the last entry, ' +
      'so the first is silently lost), a key twice in one record;\n' +
      '- a record without `type:`, an unknown type, two records of the same type at one name;\n' +
      '- `value:` and `values:` both (octoDNS reads only `values:`) or neither ("missing value(s)");\n' +
      '- a value of the wrong shape for its type: an MX needs `exchange` and `preference` (or the older `value` and ' +
      '`priority`), an SRV `priority`, `weight`, `port`, `target`, a CAA `flags`, `tag`, `value`, a TLSA ' +
      '`certificate_usage`, `selector`, `matching_type`, `certificate_association_data`; names (CNAME, NS, MX exchange, ' +
      'SRV target) must be absolute, with the trailing dot; a CNAME cannot be at the apex (RFC 1034 §3.6.2) and an ALIAS ' +
      'only can; SRV names are `_service._proto`; a TTL is read as Python\'s `int()` reads it (`300.5` is 300, a negative one is ' +
      'rejected, a word or an empty `ttl:` stops the load even for a lenient record); `octodns: healthcheck: protocol:` is one of ' +
      'HTTP, HTTPS, ICMP, TCP, UDP;\n' +
      '- in TXT values: `\\\\;` (double escaped) and non-ASCII text; a value YAML reads as a number, boolean or date ' +
      '(`2024061501`, `yes`, `2024-01-01`: octoDNS fails on it, quote it);\n' +
      '- characters YAML does not allow (control characters): PyYAML refuses the whole file;\n' +
      '- as a **warning**, keys out of natural sort order (`type:` before `ttl:`, `preference:` before `exchange:`): ' +
      'octoDNS\'s YamlProvider refuses such a file by default, and loads it only when the provider sets ' +
      '`enforce_order: false`.\n\n' +
      'A record marked `octodns: {lenient: true}` is accepted by octoDNS with a warning, so mailzone does not report its ' +
      'value problems either.',
    bad: "mail:\n  type: MX\n  value: mail.example.com.",
    good: "mail:\n  type: MX\n  value:\n    exchange: mail.example.com.\n    preference: 10",
  },
};
