// DKIM key records (RFC 6376 §3.6.1, RFC 8301, RFC 8463) on the shared tag-list parser, and the
// public key decoded with node:crypto: RSA modulus size, key type against k=, raw ed25519 keys.
import { createPublicKey } from 'node:crypto';
import type { DnsRecord } from '../model';
import type { LintContext } from '../rule';
import { tagList, type Tag, type TagList } from '../taglist';
import { dkimParts, isSpfText } from './names';

export interface DkimView {
  rec: DnsRecord;
  tl: TagList;
  selector: string;
  domain: string;
}

type Ctx = Pick<LintContext, 'memo'>;

/** The DKIM reading of a TXT record at `<selector>._domainkey.<domain>`; undefined otherwise. */
export function dkimView(rec: DnsRecord, ctx?: Ctx): DkimView | undefined {
  if (rec.type !== 'TXT') return undefined;
  const parts = dkimParts(rec.owner);
  if (!parts) return undefined;
  const compute = (): DkimView | undefined => {
    const tl = tagList(rec, ctx);
    if (isSpfText(tl.text)) return undefined;
    return { rec, tl, selector: parts.selector, domain: parts.domain };
  };
  return ctx ? ctx.memo('dkim', rec, compute) : compute();
}

export interface DkimKey {
  /** k= value (lower-case), default "rsa". */
  k: string;
  /** p= with whitespace removed. */
  b64: string;
  /** Empty p= : revoked. */
  revoked: boolean;
  /** Why the key cannot be used (undefined when fine). */
  problem?: string;
  /** RSA modulus size in bits. */
  bits?: number;
  /** The key type node:crypto found ("rsa", "ed25519", "ec" …). */
  actualType?: string;
  /** For k=ed25519 written as SubjectPublicKeyInfo: the raw key RFC 8463 wants, base64. */
  rawEd25519?: string;
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decode and check the key of a DKIM record (memoized per record). */
export function dkimKey(view: DkimView, ctx?: Ctx): DkimKey | undefined {
  const p = view.tl.get('p');
  if (!p) return undefined;
  const compute = () => analyseKey(p, view.tl.get('k'));
  return ctx ? ctx.memo('dkim-key', view.rec, compute) : compute();
}

export function analyseKey(p: Tag, kTag: Tag | undefined): DkimKey {
  const k = (kTag?.value ?? 'rsa').trim().toLowerCase();
  const b64 = p.value.replace(/\s+/g, '');
  const out: DkimKey = { k, b64, revoked: b64 === '' };
  if (out.revoked) return out;
  if (!B64.test(b64) || b64.length % 4 === 1) {
    out.problem = 'p= is not valid base64';
    return out;
  }
  const der = Buffer.from(b64, 'base64');
  if (k === 'ed25519') {
    if (der.length === 32) {
      out.actualType = 'ed25519';
      return out;
    }
    const spki = tryKey(der, 'spki');
    if (spki && spki.asymmetricKeyType === 'ed25519' && der.length === 44) {
      out.actualType = 'ed25519';
      out.rawEd25519 = der.subarray(12).toString('base64');
      out.problem = 'for k=ed25519, p= must be the raw 32-byte key (RFC 8463 §4.2), not a SubjectPublicKeyInfo';
      return out;
    }
    out.actualType = spki?.asymmetricKeyType;
    out.problem = spki
      ? `p= holds a ${spki.asymmetricKeyType?.toUpperCase()} key, but k=ed25519 needs a raw 32-byte Ed25519 key`
      : `for k=ed25519, p= must be a raw 32-byte key (this one is ${der.length} bytes)`;
    return out;
  }
  if (k !== 'rsa') {
    out.problem = `k=${k} is not a DKIM key type (rsa or ed25519), so verifiers cannot use this key`;
    return out;
  }
  const key = tryKey(der, 'spki') ?? tryKey(der, 'pkcs1');
  if (!key) {
    out.problem = der.length === 32 ? 'this looks like a raw Ed25519 key: add k=ed25519' : 'p= does not decode to an RSA public key (SubjectPublicKeyInfo)';
    return out;
  }
  out.actualType = key.asymmetricKeyType;
  if (key.asymmetricKeyType !== 'rsa') {
    out.problem = `p= holds a ${String(key.asymmetricKeyType).toUpperCase()} key, but k=rsa (the default) needs an RSA key`;
    return out;
  }
  out.bits = key.asymmetricKeyDetails?.modulusLength;
  return out;
}

function tryKey(der: Buffer, type: 'spki' | 'pkcs1') {
  try {
    return createPublicKey({ key: der, format: 'der', type });
  } catch {
    return undefined;
  }
}

// ---- Microsoft 365 -----------------------------------------------------------------------------

export interface M365Target {
  /** 1 or 2 from the target's `selectorN-` prefix. */
  selector: number;
  /** The domain part with dashes, as written (`contoso-com`). */
  dashed: string;
  tenant: string;
  /** 'legacy' = <tenant>.onmicrosoft.com, 'new' = <tenant>.<c>-v1.dkim.mail.microsoft. */
  form: 'legacy' | 'new';
  /** For the new form: the partition letter(s) before `-v1`. */
  partition?: string;
}

/** The name Microsoft uses for a domain in selector targets: dots become dashes. */
export function dashed(domain: string): string {
  return domain.replace(/\.$/, '').toLowerCase().replace(/\./g, '-');
}

/** Does a CNAME target look like a Microsoft 365 DKIM target (either form, with or without the trailing dot)? */
export function looksM365(text: string): boolean {
  return /\.onmicrosoft\.com\.?$/i.test(text) || /\.dkim\.mail\.microsoft\.?$/i.test(text) || /onmicrosoft\.com\./i.test(text) || /dkim\.mail\.microsoft\./i.test(text);
}

/** Read a Microsoft 365 selector target (absolute, lower-case, with the trailing dot). */
export function parseM365(target: string): M365Target | undefined {
  let m = /^selector([12])-([a-z0-9-]+)\._domainkey\.([a-z0-9-]+)\.onmicrosoft\.com\.$/.exec(target);
  if (m) return { selector: Number(m[1]), dashed: m[2], tenant: m[3], form: 'legacy' };
  m = /^selector([12])-([a-z0-9-]+)\._domainkey\.([a-z0-9-]+)\.([a-z0-9]+)-v1\.dkim\.mail\.microsoft\.$/.exec(target);
  if (m) return { selector: Number(m[1]), dashed: m[2], tenant: m[3], form: 'new', partition: m[4] };
  return undefined;
}

/** The tenant part of a loose Microsoft target (for repairs): `<x>.onmicrosoft.com` or `<x>.<c>-v1.dkim.mail.microsoft`. */
export function looseTenant(target: string): { tenant: string; suffix: string } | undefined {
  let m = /\.([a-z0-9-]+)\.onmicrosoft\.com\.?/.exec(target.toLowerCase());
  if (m) return { tenant: m[1], suffix: `${m[1]}.onmicrosoft.com.` };
  m = /\.([a-z0-9-]+)\.([a-z0-9]+)-v1\.dkim\.mail\.microsoft\.?/.exec(target.toLowerCase());
  if (m) return { tenant: m[1], suffix: `${m[1]}.${m[2]}-v1.dkim.mail.microsoft.` };
  return undefined;
}

/** `selector1` / `selector2` of a `_domainkey` CNAME owner, with the domain. */
export function m365Owner(owner: string): { n: number; domain: string } | undefined {
  const m = /^selector([12])\._domainkey\.(.+)$/.exec(owner);
  return m ? { n: Number(m[1]), domain: m[2] } : undefined;
}
