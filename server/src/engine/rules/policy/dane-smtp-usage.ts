import type { Rule } from '../../rule';
import { readTlsa } from './dane';

export const daneSmtpUsage: Rule = {
  id: 'dane/smtp-usage',
  severity: 'warning',
  types: ['TLSA'],
  docs: {
    summary: 'TLSA usage 0 or 1 on an SMTP name',
    details:
      'RFC 7672 §3.1.3: TLSA records for SMTP SHOULD NOT use usages 0 (PKIX-TA) and 1 (PKIX-EE) — SMTP senders cannot be expected to have a complete list of trusted public CAs, so they may treat such records as unusable (Postfix and Exim do). ' +
      'Use 3 (DANE-EE, the server\'s own key) or 2 (DANE-TA, your CA).\n\nFix: publish `3 1 1 <sha256 of the public key>`.',
    bad: '_25._tcp.mail IN TLSA 1 1 1 …',
    good: '_25._tcp.mail IN TLSA 3 1 1 …',
  },
  onRecord(rec, ctx) {
    if (!rec.owner.startsWith('_25._tcp.')) return;
    const t = readTlsa(rec);
    if (!t || (t.usage !== 0 && t.usage !== 1)) return;
    ctx.report({
      start: t.usageTok.start,
      end: t.usageTok.end,
      message: `TLSA usage ${t.usage} (${t.usage === 0 ? 'PKIX-TA' : 'PKIX-EE'}) should not be published for SMTP (RFC 7672 §3.1.3): senders may treat it as unusable, so DANE may not protect this MX. Use usage 3 (DANE-EE) or 2 (DANE-TA).`,
    });
  },
};
