import type { DnsRecord } from '../../model';
import type { Rule } from '../../rule';
import { OWNER_INDEX } from '../../workspace';

// Reported by the octoDNS reader (octodns/index.ts) while parsing; this module carries its docs,
// and checks what only the workspace shows: a record defined in two files of a split directory.
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
      '- in the split layout (a folder per zone, `example.com./` with `$example.com.yaml` and a file per name), a name and ' +
      'type defined in two files of the folder: octoDNS loads the files one after another and stops at the second ' +
      '("Duplicate record");\n' +
      '- as a **warning**, keys out of natural sort order (`type:` before `ttl:`, `preference:` before `exchange:`): ' +
      'octoDNS\'s YamlProvider refuses such a file by default, and loads it only when the provider sets ' +
      '`enforce_order: false`.\n\n' +
      'A record marked `octodns: {lenient: true}` is accepted by octoDNS with a warning, so mailzone does not report its ' +
      'value problems either.',
    bad: "mail:\n  type: MX\n  value: mail.example.com.",
    good: "mail:\n  type: MX\n  value:\n    exchange: mail.example.com.\n    preference: 10",
  },
  onRecord(rec, ctx) {
    if (rec.format !== 'octodns') return;
    // (From the record alone: the editor's incremental lint takes reading ctx.zone as depending on every record.)
    const dir = splitFolder(rec.file.path, rec.owner);
    if (dir === undefined) return;
    const twins = ctx.workspace
      .indexedElsewhere(OWNER_INDEX, rec.owner, rec.file.path)
      .filter((r: DnsRecord) => r.format === 'octodns' && r.type === rec.type && r.file.path.slice(0, r.file.path.lastIndexOf('/')) === dir);
    if (twins.length === 0) return;
    const names = [...new Set(twins.map((r) => r.file.path.slice(dir.length + 1)))];
    ctx.report({
      file: rec.file,
      start: rec.start,
      end: rec.end,
      message:
        `${rec.type} ${rec.owner} is also defined in ${names.join(', ')} of this split zone folder: octoDNS loads the folder's files one after another and refuses the zone at the second ("Duplicate record"), so none of its records sync. Keep the record in one file.`,
      related: twins.map((r) => ({ file: r.file, start: r.start, end: r.end, message: `the same ${r.type} record` })),
    });
  },
};

/**
 * The folder of a file of octoDNS's split layout (YamlProvider `split_extension`): a folder named
 * after the zone (`example.com.`, or with the extension: `example.com.tst`) holding a file per
 * name, the zone being the owner or one of its ancestors. Undefined for any other file.
 */
function splitFolder(file: string, owner: string): string | undefined {
  const slash = file.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const dir = file.slice(0, slash);
  const folder = dir.slice(dir.lastIndexOf('/') + 1).toLowerCase();
  // Ancestors with at least two labels (`example.com.`): a folder named after a TLD is no zone folder.
  for (let a = owner.toLowerCase(); a.indexOf('.') < a.length - 1; a = a.slice(a.indexOf('.') + 1)) {
    if (folder === a || folder === a.slice(0, -1) || folder.startsWith(a)) return dir;
  }
  return undefined;
}
