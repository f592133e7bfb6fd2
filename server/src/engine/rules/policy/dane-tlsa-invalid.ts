import type { Rule } from '../../rule';
import { readTlsa } from './dane';

export const daneTlsaInvalid: Rule = {
  id: 'dane/tlsa-invalid',
  severity: 'error',
  types: ['TLSA'],
  docs: {
    summary: 'TLSA usage/selector/matching type out of range, or wrong hash length',
    details:
      'RFC 6698 §2.1 and RFC 7218: usage is 0–3, selector 0 (full certificate) or 1 (public key), matching type 0 (full data), 1 (SHA-256: 64 hex digits) or 2 (SHA-512: 128 hex digits). ' +
      'A TLSA record that cannot match makes DANE-validating senders refuse to deliver.\n\nFix: regenerate the record from the certificate, e.g. `3 1 1 <sha256 of the public key>`.',
    bad: '_25._tcp.mail IN TLSA 3 1 1 abcd',
    good: '_25._tcp.mail IN TLSA 3 1 1 0123…(64 hex digits)',
  },
  onRecord(rec, ctx) {
    const t = readTlsa(rec);
    if (!t) return;
    const bad = (tok: { start: number; end: number }, msg: string) => ctx.report({ start: tok.start, end: tok.end, message: msg });
    const consequence = 'DANE-validating senders may refuse to deliver mail to this host. Regenerate the record from the certificate.';
    if (!(t.usage >= 0 && t.usage <= 3)) bad(t.usageTok, `TLSA usage ${t.usageTok.text} is not 0–3 (RFC 6698); ${consequence}`);
    if (!(t.selector === 0 || t.selector === 1)) bad(t.selectorTok, `TLSA selector ${t.selectorTok.text} is not 0 or 1; ${consequence}`);
    if (!(t.mtype >= 0 && t.mtype <= 2)) {
      bad(t.mtypeTok, `TLSA matching type ${t.mtypeTok.text} is not 0, 1 or 2; ${consequence}`);
      return;
    }
    const span = { start: t.dataStart, end: t.dataEnd };
    if (!/^[0-9a-f]*$/i.test(t.hex) || t.hex.length === 0 || t.hex.length % 2) bad(span, `TLSA data is not an even number of hex digits; ${consequence}`);
    else if (t.mtype === 1 && t.hex.length !== 64) bad(span, `matching type 1 (SHA-256) needs 64 hex digits, this has ${t.hex.length}; ${consequence}`);
    else if (t.mtype === 2 && t.hex.length !== 128) bad(span, `matching type 2 (SHA-512) needs 128 hex digits, this has ${t.hex.length}; ${consequence}`);
  },
};
