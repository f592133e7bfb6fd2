// Master-file presentation of a <character-string> (RFC 1035 §5.1), shared by every fix that writes
// strings (split a long string, re-split SPF, octoDNS rdata text): one quoting rule everywhere.

const NEEDS_ESCAPE = /["\\]|[^\x20-\x7e]/;

/** A byte string (one char code per byte) as one quoted string: `"` and `\` escaped, other non-printables as `\DDD`. */
export function quoteCharString(bytes: string): string {
  if (!NEEDS_ESCAPE.test(bytes)) return '"' + bytes + '"';
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c === 34 || c === 92) out += '\\' + bytes[i];
    else if (c >= 32 && c < 127) out += bytes[i];
    else out += '\\' + String(c).padStart(3, '0');
  }
  return out + '"';
}
