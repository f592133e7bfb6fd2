// Which email-authentication mechanism a record belongs to, for symbols, posture and the generator.
// Cheap, by owner label and record prefix only: the rules do the real validation.
import type { DnsRecord } from '../engine';

export type EmailKind = 'SPF' | 'DMARC' | 'DKIM' | 'MTA-STS' | 'TLS-RPT' | 'BIMI' | 'DANE' | 'MX' | 'Sender ID';

/** The TXT strings of a record joined as a resolver would (RFC 7208 §3.3: no separator). */
export function joinedTxt(rec: DnsRecord): string {
  if (rec.strings) return rec.strings.map((s) => s.value).join('');
  return rec.fields.map((f) => f.text.replace(/^"|"$/g, '')).join('');
}

export function emailKind(rec: DnsRecord): EmailKind | undefined {
  const owner = rec.owner;
  switch (rec.type) {
    case 'MX':
      return 'MX';
    case 'SPF':
      return 'SPF';
    case 'TLSA':
      return /^_25\._tcp\./.test(owner) ? 'DANE' : undefined;
    case 'CNAME':
      if (owner.includes('._domainkey.')) return 'DKIM';
      if (owner.startsWith('_dmarc.')) return 'DMARC';
      if (owner.startsWith('_mta-sts.')) return 'MTA-STS';
      if (owner.startsWith('_smtp._tls.')) return 'TLS-RPT';
      return undefined;
    case 'TXT': {
      const t = joinedTxt(rec).trimStart().slice(0, 16).toLowerCase();
      if (t.startsWith('v=spf1')) return 'SPF';
      if (t.startsWith('spf2.0/')) return 'Sender ID';
      if (owner.startsWith('_dmarc.') || t.startsWith('v=dmarc1')) return 'DMARC';
      if (owner.includes('._domainkey.')) return 'DKIM';
      if (owner.startsWith('_mta-sts.')) return 'MTA-STS';
      if (owner.startsWith('_smtp._tls.')) return 'TLS-RPT';
      if (owner.includes('._bimi.')) return 'BIMI';
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Parses a DNS tag list (`v=DMARC1; p=reject`) loosely: last value wins, names lower-cased. */
export function tagList(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    out.set(part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim());
  }
  return out;
}
