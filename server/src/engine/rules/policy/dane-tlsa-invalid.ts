import type { Rule } from '../../rule';
import { isDerSequence, readTlsa } from './dane';

/** Names of the values RFC 6698 §7.2–7.4 reserves for private use. */
const PRIVATE: Record<'usage' | 'selector' | 'mtype', string> = { usage: 'PrivCert', selector: 'PrivSel', mtype: 'PrivMatch' };

export const daneTlsaInvalid: Rule = {
  id: 'dane/tlsa-invalid',
  severity: 'error',
  types: ['TLSA'],
  docs: {
    summary: 'TLSA usage/selector/matching type out of range, or data of the wrong length or form',
    details:
      'RFC 6698 §2.1 and RFC 7218: usage is 0–3, selector 0 (full certificate) or 1 (public key), matching type 0 (full data), 1 (SHA-256: 32 bytes, 64 hex digits) or 2 (SHA-512: 64 bytes, 128 hex digits); ' +
      'with matching type 0 the data is the DER certificate or SubjectPublicKeyInfo itself. 255 is reserved for private use. ' +
      'A record with a value senders do not know is unusable to them (RFC 7672 §2.2: with no usable record DANE authenticates nothing); ' +
      'a hash of the wrong length is malformed and discarded the same way (RFC 7671 §9); full data that is no certificate or key never matches, so DANE-validating senders refuse to deliver when no other record matches.\n\n' +
      'Fix: regenerate the record from the certificate, e.g. `3 1 1 <sha256 of the public key>`.',
    bad: '_25._tcp.mail IN TLSA 3 1 1 abcd',
    good: '_25._tcp.mail IN TLSA 3 1 1 0123…(64 hex digits)',
  },
  onRecord(rec, ctx) {
    const t = readTlsa(rec);
    if (!t) return;
    const bad = (tok: { start: number; end: number }, msg: string) => ctx.report({ start: tok.start, end: tok.end, message: msg });
    const regenerate = 'Regenerate the record from the certificate, e.g. 3 1 1 <SHA-256 of the public key>.';
    const unusable = (what: string, value: number, text: string, allowed: string, field: 'usage' | 'selector' | 'mtype') =>
      `TLSA ${what} ${Number.isNaN(value) ? text : value} ${value === 255 ? `is reserved for private use (${PRIVATE[field]}, RFC 6698 §7)` : `is not ${allowed} (RFC 6698 §2.1)`}: ` +
      `senders treat this record as unusable (RFC 7672 §2.2), and with no usable TLSA record DANE does not authenticate this host. ${regenerate}`;
    const outOfRange = !(t.usage >= 0 && t.usage <= 3) || !(t.selector === 0 || t.selector === 1) || !(t.mtype >= 0 && t.mtype <= 2);
    if (!(t.usage >= 0 && t.usage <= 3)) bad(t.usageTok, unusable('usage', t.usage, t.usageTok.text, '0–3', 'usage'));
    if (!(t.selector === 0 || t.selector === 1)) bad(t.selectorTok, unusable('selector', t.selector, t.selectorTok.text, '0 or 1', 'selector'));
    if (!(t.mtype >= 0 && t.mtype <= 2)) bad(t.mtypeTok, unusable('matching type', t.mtype, t.mtypeTok.text, '0, 1 or 2', 'mtype'));
    if (outOfRange) return;
    const span = { start: t.dataStart, end: t.dataEnd };
    const never = 'it can never match, so DANE-validating senders refuse to deliver mail to this host unless another TLSA record matches.';
    // RFC 7671 §9: a digest of the wrong length is malformed, and senders discard it like an unusable record.
    const malformed = 'senders discard it as malformed (RFC 7671 §9), and with no other usable TLSA record DANE does not authenticate this host (RFC 7672 §2.2).';
    const bytes = t.hex.length / 2;
    if (!/^[0-9a-f]*$/i.test(t.hex) || t.hex.length === 0 || t.hex.length % 2) bad(span, `TLSA data is not an even number of hex digits; ${never} ${regenerate}`);
    else if (t.mtype === 1 && bytes !== 32) bad(span, `matching type 1 (SHA-256) needs a 32-byte hash (64 hex digits), this has ${t.hex.length} hex digits: ${malformed} ${regenerate}`);
    else if (t.mtype === 2 && bytes !== 64) bad(span, `matching type 2 (SHA-512) needs a 64-byte hash (128 hex digits), this has ${t.hex.length} hex digits: ${malformed} ${regenerate}`);
    else if (t.mtype === 0 && !isDerSequence(t.hex))
      bad(
        span,
        `matching type 0 (full data) publishes the ${t.selector === 0 ? 'whole DER certificate' : 'DER SubjectPublicKeyInfo (the public key)'} itself (RFC 6698 §2.1.2–2.1.3), and these ${bytes} bytes are not one (cut or pasted wrong?): ${never} ${regenerate}`,
      );
  },
};
