// Which email-authentication mechanism a record belongs to, for symbols, posture and the generator.
// Cheap, by owner label and record prefix only: the rules do the real validation.
import type { DnsRecord } from '../engine';

export type EmailKind = 'SPF' | 'DMARC' | 'DKIM' | 'MTA-STS' | 'TLS-RPT' | 'BIMI' | 'DANE' | 'MX' | 'Sender ID';

/** The TXT strings of a record joined as a resolver would (RFC 7208 §3.3: no separator). */
export function joinedTxt(rec: DnsRecord): string {
  if (rec.strings) return rec.strings.map((s) => s.value).join('');
  return rec.fields.map((f) => f.text.replace(/^"|"$/g, '')).join('');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Record bytes (one char code per byte, as the engine keeps TXT data) as a person reads them:
 * UTF-8 decoded when they are UTF-8 (`bücher`, not `bÃ¼cher`), every other non-ASCII byte and every
 * control character as `\DDD`, as a zone file writes them.
 */
export function displayBytes(bytes: string): string {
  let text: string | undefined;
  if (/[^\x00-\x7f]/.test(bytes)) {
    try {
      text = UTF8.decode(Buffer.from(bytes, 'latin1'));
    } catch {
      text = undefined;
    }
  } else text = bytes;
  const esc = (b: number) => '\\' + String(b).padStart(3, '0');
  let out = '';
  if (text === undefined) {
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes.charCodeAt(i);
      out += c < 0x20 || c > 0x7e ? esc(c) : bytes[i];
    }
    return out;
  }
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f) out += esc(c);
    else if (c >= 0x80 && c <= 0x9f) for (const b of Buffer.from(ch, 'utf8')) out += esc(b);
    else out += ch;
  }
  return out;
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
