// DKIM key records (RFC 6376 §3.6.1, RFC 8301, RFC 8463) on the shared tag-list parser, and the
// public key decoded with node:crypto: RSA modulus size, key type against k=, raw ed25519 keys.
import { createPublicKey } from 'node:crypto';
import type { DnsRecord } from '../model';
import type { LintContext } from '../rule';
import { tagList, type Tag, type TagList } from '../taglist';
import { dkimParts, distinctTxt, isSpfText } from './names';
import { notOfKind } from './tags';

export interface DkimView {
  rec: DnsRecord;
  tl: TagList;
  selector: string;
  domain: string;
}

type Ctx = Pick<LintContext, 'memo'>;

/**
 * The DKIM reading of a TXT record at `<selector>._domainkey.<domain>`; undefined otherwise. A
 * selector is a sub-domain of letters, digits and hyphens (RFC 6376 §3.1), so a name starting with
 * `_` is another protocol's record under `_domainkey` — ADSP's `_adsp` (RFC 5617), the failure
 * reporting `_report` (RFC 6651) — never a key record.
 */
export function dkimView(rec: DnsRecord, ctx?: Ctx): DkimView | undefined {
  // dkimParts' test, without making its parts on each of the ~10 calls per record.
  if (rec.type !== 'TXT' || rec.owner.charCodeAt(0) === 95 || rec.owner.indexOf('._domainkey.') <= 0) return undefined;
  return ctx ? ctx.memo('dkim', rec, readDkim) : readDkim(rec);
}

function readDkim(rec: DnsRecord, ctx?: Ctx): DkimView | undefined {
  const parts = dkimParts(rec.owner)!;
  const tl = tagList(rec, ctx);
  if (isSpfText(tl.text)) return undefined;
  return { rec, tl, selector: parts.selector, domain: parts.domain };
}

/**
 * The first tag of a key record named exactly `name`. DKIM tag names are case-sensitive (RFC 6376
 * §3.2): a verifier reads `P=` or `K=` as an unknown tag and ignores it, so the rules read only
 * lower-case names (TagList.get matches any case, as DMARC wants). dkim/syntax reports the others.
 */
export function dkimTag(view: DkimView, name: string): Tag | undefined {
  const tags = view.tl.tags;
  for (let i = 0; i < tags.length; i++) if (tags[i].name === name) return tags[i];
  return undefined;
}

/** Every tag of a key record named exactly `name` (see dkimTag). */
export function dkimTags(view: DkimView, name: string): Tag[] {
  return view.tl.tags.filter((t) => t.name === name);
}

/** True for a TXT record at a selector name: `<selector>._domainkey.<domain>`, the selector not starting with `_`. */
export function atSelector(rec: DnsRecord): boolean {
  return rec.type === 'TXT' && rec.owner.charCodeAt(0) !== 95 && rec.owner.indexOf('._domainkey.') > 0;
}

/**
 * True for a TXT record at a selector that is not a DKIM key record at all: an SPF record, or one
 * with no `v=DKIM1` and no DKIM tag (notOfKind of policy/tags), such as a site-verification token.
 * Verifiers do not skip it as DMARC receivers do: see dkim/multiple-records and dkim/missing-key.
 */
export function notDkim(rec: DnsRecord, ctx?: Ctx): boolean {
  if (!atSelector(rec)) return false;
  const d = dkimView(rec, ctx);
  return !d || notOfKind('dkim', d.tl);
}

export interface SelectorTxt {
  /** The TXT records a verifier gets at the name (a record written twice once, RFC 2181 §5). */
  all: DnsRecord[];
  /** Those that are, or try to be, DKIM key records. */
  keys: DnsRecord[];
  /** The others: verification tokens, SPF. */
  others: DnsRecord[];
}

const NO_TXT: SelectorTxt = { all: [], keys: [], others: [] };

/** The TXT records at a selector name, sorted into key records and others (once per name and lint). */
export function selectorTxt(owner: string, ctx: Pick<LintContext, 'memo' | 'recordsAt'>): SelectorTxt {
  const here = ctx.recordsAt(owner);
  if (here.length === 0) return NO_TXT;
  return ctx.memo('dkim-txt-at-name', here[0], () => {
    const all = distinctTxt(here.filter((r) => r.type === 'TXT'));
    const keys: DnsRecord[] = [];
    const others: DnsRecord[] = [];
    for (const r of all) (notDkim(r, ctx) ? others : keys).push(r);
    return { all, keys, others };
  });
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
  /** For a k= whose p= is a usable key of another type: the k= value that matches it. */
  matchingK?: 'rsa' | 'ed25519';
  /**
   * For an RSA key written as a bare PKCS#1 RSAPublicKey: the same key as the SubjectPublicKeyInfo
   * OpenDKIM reads (base64; dkimpy reads both). The key is usable otherwise, so `problem` stays unset.
   */
  pkcs1ToSpki?: string;
  /** For a key whose base64 lacks its "=" padding: the padded text, when it is a usable key. */
  padded?: string;
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decode and check the key of a DKIM record (memoized per record). */
export function dkimKey(view: DkimView, ctx?: Ctx): DkimKey | undefined {
  if (!dkimTag(view, 'p')) return undefined;
  return ctx ? ctx.memo('dkim-key', view.rec, () => keyOf(view)) : keyOf(view);
}

function keyOf(view: DkimView): DkimKey {
  return analyseKey(dkimTag(view, 'p')!, dkimTag(view, 'k'));
}

export function analyseKey(p: Tag, kTag: Tag | undefined): DkimKey {
  const k = (kTag?.value ?? 'rsa').trim().toLowerCase();
  const b64 = p.value.includes(' ') || p.value.includes('\t') || p.value.includes('\n') || p.value.includes('\r') ? p.value.replace(/\s+/g, '') : p.value;
  return analyseKeyText(k, b64);
}

// Decoding a key costs node:crypto ~0.2 ms, and a key that does not parse costs two failed
// attempts (SPKI, then PKCS#1) with exceptions. Results are cached by (k, key text), so an editor's
// re-lint and the same key published at many selectors are free, and a DER structure check first
// rejects keys that cannot parse (cut or mangled keys) without calling node:crypto at all.
const keyCache = new Map<string, DkimKey>();
const KEY_CACHE_MAX = 4096;

/** Analyse a DKIM key given its k= (lower-case) and its base64 text without white space. */
export function analyseKeyText(k: string, b64: string): DkimKey {
  const cacheKey = k + ' ' + b64;
  const hit = keyCache.get(cacheKey);
  if (hit) return { ...hit };
  const out = computeKey(k, b64);
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(cacheKey, out);
  return { ...out };
}

function computeKey(k: string, b64: string): DkimKey {
  const out: DkimKey = { k, b64, revoked: b64 === '' };
  if (out.revoked) return out;
  if (!B64.test(b64) || b64.length % 4 === 1) {
    out.problem = 'p= is not valid base64';
    return out;
  }
  if (b64.length % 4 !== 0) {
    // Base64 as RFC 6376 §2.7 takes it from MIME (RFC 2045 §6.8) ends in "=" padding to a multiple
    // of 4 characters; a strict decoder (dkimpy's base64.b64decode: "Incorrect padding") rejects
    // the key without it, though a lenient one reads it.
    const padded = b64 + '='.repeat(4 - (b64.length % 4));
    out.problem = 'p= is not valid base64: the "=" padding at its end is missing (RFC 2045 §6.8)';
    if (!computeKey(k, padded).problem) out.padded = padded;
    return out;
  }
  const der = Buffer.from(b64, 'base64');
  const shape = derShape(der);
  if (k === 'ed25519') {
    if (der.length === 32) {
      out.actualType = 'ed25519';
      return out;
    }
    const spki = shape ? tryKey(der, 'spki') : undefined;
    if (spki && spki.asymmetricKeyType === 'ed25519' && der.length === 44) {
      out.actualType = 'ed25519';
      out.rawEd25519 = der.subarray(12).toString('base64');
      out.problem = 'for k=ed25519, p= must be the raw 32-byte key (RFC 8463 §4.2), not a SubjectPublicKeyInfo';
      return out;
    }
    out.actualType = spki?.asymmetricKeyType;
    out.problem = spki
      ? `p= holds ${article(String(spki.asymmetricKeyType).toUpperCase())} key, but k=ed25519 needs a raw 32-byte Ed25519 key`
      : `for k=ed25519, p= must be a raw 32-byte key (this one is ${der.length} bytes)`;
    return out;
  }
  if (k !== 'rsa') {
    // The rule adds the consequence ("so verifiers cannot use the key …"): only the cause here.
    out.problem = `k=${k} is not a DKIM key type (rsa or ed25519)`;
    if (der.length === 32) out.matchingK = 'ed25519';
    else if (shape === 'spki' && tryKey(der, 'spki')?.asymmetricKeyType === 'rsa') out.matchingK = 'rsa';
    return out;
  }
  const key = shape ? tryKey(der, shape) : undefined;
  if (!key) {
    if (der.length === 32) {
      out.matchingK = 'ed25519';
      out.problem = 'p= holds a raw 32-byte Ed25519 key, not the RSA key k=rsa (the default) needs';
    } else out.problem = 'p= does not decode to an RSA public key (SubjectPublicKeyInfo)';
    return out;
  }
  out.actualType = key.asymmetricKeyType;
  if (key.asymmetricKeyType !== 'rsa') {
    out.problem = `p= holds ${article(String(key.asymmetricKeyType).toUpperCase())} key, but k=rsa (the default) needs an RSA key`;
    return out;
  }
  out.bits = key.asymmetricKeyDetails?.modulusLength;
  // RFC 6376 names both RSAPublicKey and SubjectPublicKeyInfo (erratum 3017); OpenDKIM
  // (d2i_PUBKEY) reads only the latter, as Gmail and the key generators publish it (dkimpy 1.1
  // falls back to RSAPublicKey).
  if (shape === 'pkcs1') out.pkcs1ToSpki = key.export({ type: 'spki', format: 'der' }).toString('base64');
  return out;
}

/** "a DSA", "an EC", "an RSA": the article for a key type read letter by letter. */
function article(type: string): string {
  return (/^[AEFHILMNORSX]/.test(type) ? 'an ' : 'a ') + type;
}

/**
 * The DER shape of a public key without decoding it: 'spki' for SEQUENCE { SEQUENCE { OID … },
 * BIT STRING }, 'pkcs1' for SEQUENCE { INTEGER, INTEGER } (a bare RSAPublicKey), each spanning the
 * whole buffer; undefined when neither can parse, so node:crypto is not asked.
 */
export function derShape(der: Uint8Array): 'spki' | 'pkcs1' | undefined {
  const top = tlv(der, 0);
  if (!top || top.tag !== 0x30 || top.end !== der.length) return undefined;
  const a = tlv(der, top.body);
  if (!a) return undefined;
  if (a.tag === 0x30) {
    const oid = tlv(der, a.body);
    const bits = tlv(der, a.end);
    if (!oid || oid.tag !== 0x06 || oid.end > a.end || !bits || bits.tag !== 0x03 || bits.end !== top.end || bits.end - bits.body < 2) return undefined;
    // rsaEncryption (1.2.840.113549.1.1.1): the BIT STRING holds an RSAPublicKey, SEQUENCE { n, e }.
    if (oid.end - oid.body === RSA_OID.length && RSA_OID.every((x, i) => der[oid.body + i] === x)) {
      if (der[bits.body] !== 0) return undefined;
      const seq = tlv(der, bits.body + 1);
      if (!seq || seq.tag !== 0x30 || seq.end !== bits.end) return undefined;
      const n = tlv(der, seq.body);
      const e = n && n.tag === 0x02 ? tlv(der, n.end) : undefined;
      if (!e || e.tag !== 0x02 || e.end !== seq.end) return undefined;
    }
    return 'spki';
  }
  if (a.tag === 0x02) {
    const b = tlv(der, a.end);
    return b && b.tag === 0x02 && b.end === top.end ? 'pkcs1' : undefined;
  }
  return undefined;
}

const RSA_OID = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/** One DER tag-length-value at `at`: its tag, where its content starts and where it ends. */
function tlv(d: Uint8Array, at: number): { tag: number; body: number; end: number } | undefined {
  if (at + 2 > d.length) return undefined;
  const tag = d[at];
  let len = d[at + 1];
  let body = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || body + n > d.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + d[body + i];
    body += n;
  }
  const end = body + len;
  return end <= d.length ? { tag, body, end } : undefined;
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
