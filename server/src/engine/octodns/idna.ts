// octoDNS's idna_encode (octodns/idna.py): names and targets are lower-cased and, when not ASCII,
// encoded with the `idna` package (IDNA 2008): `bücher` → `xn--bcher-kva`. A name it cannot encode
// (a label with `_` or an emoji next to a non-ASCII one, an empty label) is an IdnaError, which
// octoDNS turns into a reason for rejecting the record. Encoding uses WHATWG's domainToASCII
// (UTS 46, non-transitional: `straße` → `xn--strae-oqa`, as IDNA 2008); the checks IDNA 2008 adds
// over it are approximated by letters, marks, digits and hyphens only.
import { domainToASCII } from 'node:url';

export interface IdnaResult {
  name: string;
  error?: string;
}

const ASCII = /^[\x00-\x7f]*$/;

export function idnaEncode(name: string): IdnaResult {
  const lower = name.toLowerCase();
  if (ASCII.test(lower)) return { name: lower };
  let body = lower;
  let prefix = '';
  if (body.startsWith('*')) {
    // octoDNS: `*.` is kept, the rest encoded.
    prefix = '*.';
    body = body.slice(2);
  }
  const trailing = body.endsWith('.') ? '.' : '';
  if (trailing) body = body.slice(0, -1);
  const out: string[] = [];
  for (const label of body.split('.')) {
    if (!label) return { name: lower, error: 'Empty Label' };
    if (ASCII.test(label)) {
      if (!/^[a-z0-9-]+$/.test(label)) {
        const bad = [...label].find((c) => !/[a-z0-9-]/.test(c))!;
        return { name: lower, error: `Codepoint U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at position ${label.indexOf(bad) + 1} of '${label}' not allowed` };
      }
      out.push(label);
      continue;
    }
    const bad = [...label].find((c) => !/[\p{L}\p{M}\p{N}-]/u.test(c));
    if (bad) return { name: lower, error: `Codepoint U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at position ${[...label].indexOf(bad) + 1} of '${label}' not allowed` };
    const a = domainToASCII(label);
    if (!a) return { name: lower, error: `'${label}' cannot be encoded` };
    out.push(a);
  }
  return { name: prefix + out.join('.') + trailing };
}
