import type { Rule } from '../../rule';
import { validHostname } from '../../policy/dmarc';
import { exactTag, policyTags } from './view';
import { commaEntries, printable } from '../../taglist';

export const tlsrptUriInvalid: Rule = {
  id: 'tlsrpt/uri-invalid',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'A TLS-RPT `rua` URI that is not `mailto:` or `https:`',
    details:
      'RFC 8460 §3: reports go to `mailto:` addresses or are POSTed to `https:` URLs; entries are separated by commas. Other entries are skipped.\n\n' +
      'Fix: write `mailto:tlsrpt@example.com` or `https://reports.example.com/tlsrpt`.',
    bad: '_smtp._tls IN TXT "v=TLSRPTv1; rua=tlsrpt@example.com"',
    good: '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'tlsrpt', ctx);
    const rua = tl && exactTag(tl, 'rua');
    if (!tl || !rua) return;
    const v = rua.value;
    for (const { a, z, comma } of commaEntries(v)) {
      const u = v.slice(a, z);
      let why: string | undefined;
      const m = /^mailto:([^@\s]+)@([^\s?]+)/i.exec(u);
      // tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri) (RFC 8460 §3): no empty entry, a trailing comma included.
      if (u === '') why = comma || v.trim() === '' ? 'an empty entry' : 'a comma with no URI after it';
      // A URI holds no white space (RFC 3986); only white space around the commas is allowed.
      else if (/\s/.test(u)) why = 'white space inside an entry: a URI has none (separate URIs with commas)';
      // DMARC's size limit is not TLS-RPT: "!" in a URI must be encoded (RFC 8460 §3).
      else if (/^mailto:[^!]*@[^!]*![0-9]+[kmgt]?$/i.test(u)) why = `"${printable(u.slice(u.lastIndexOf('!')))}" is DMARC's report size limit, which TLS-RPT does not have ("!" must be encoded, RFC 8460 §3)`;
      else if (/^mailto:/i.test(u)) why = m && validHostname(m[2]) ? undefined : 'not a valid mailto: address';
      else if (/^https:\/\//i.test(u)) {
        try {
          new URL(u);
        } catch {
          why = 'not a valid https: URL';
        }
      } else why = 'only mailto: and https: URIs are allowed';
      if (why) {
        const at = rua.valueAt + a;
        ctx.report({
          start: tl.toSource(at),
          end: z > a ? tl.toSource(rua.valueAt + z, true) : tl.toSource(at),
          message: `TLS-RPT rua entry "${printable(u, 120)}": ${why}, so no reports are sent there. Write mailto:address or an https:// URL.`,
        });
      }
    }
  },
};
