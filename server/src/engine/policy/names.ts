// Name helpers for the policy records: organizational domains (public suffix list, via tldts),
// what kind of tag-list record lives at a name, and how to write a name relative to an origin.
import { getDomain, parse as parseDomain } from 'tldts';
import type { DnsRecord } from '../model';
import { joinedText } from '../taglist';

const orgCache = new Map<string, string>();

/**
 * The organizational domain of a name (absolute or not; result absolute, lower-case, with the
 * trailing dot): the registrable domain under the public suffix list. Falls back to the last two
 * labels for names the list does not know.
 */
export function orgDomain(name: string): string {
  let n = name.toLowerCase();
  if (n.endsWith('.')) n = n.slice(0, -1);
  const hit = orgCache.get(n);
  if (hit) return hit;
  let d: string | null = null;
  try {
    d = getDomain(n, { allowPrivateDomains: true });
  } catch {
    d = null;
  }
  if (!d) {
    const labels = n.split('.').filter(Boolean);
    d = labels.slice(-2).join('.');
  }
  const out = d + '.';
  if (orgCache.size > 10000) orgCache.clear();
  orgCache.set(n, out);
  return out;
}

/**
 * Where a name stands on the public suffix list (ICANN and private sections): a public suffix
 * itself, a registrable domain or a name below one ('below'), or 'unknown' when its top-level
 * label is not on the list (test and internal names: `.example`, `.corp`), where nothing can be told.
 */
export function suffixStatus(name: string): 'suffix' | 'below' | 'unknown' {
  let n = name.toLowerCase();
  if (n.endsWith('.')) n = n.slice(0, -1);
  let p;
  try {
    p = parseDomain(n, { allowPrivateDomains: true });
  } catch {
    return 'unknown';
  }
  if (!p.isIcann && !p.isPrivate) return 'unknown';
  return p.publicSuffix === n ? 'suffix' : 'below';
}

/** The name without its trailing dot, for messages. */
export function bare(name: string): string {
  return name.endsWith('.') && name.length > 1 ? name.slice(0, -1) : name;
}

export type PolicyKind = 'dmarc' | 'dmarc-auth' | 'dkim' | 'mta-sts' | 'tlsrpt' | 'bimi';

/** What a TXT record at this owner is meant to be, from its name alone. */
export function kindOfName(owner: string): PolicyKind | undefined {
  if (owner.startsWith('_dmarc.')) return 'dmarc';
  if (owner.includes('._report._dmarc.')) return 'dmarc-auth';
  if (owner.startsWith('_mta-sts.')) return 'mta-sts';
  if (owner.startsWith('_smtp._tls.')) return 'tlsrpt';
  const dk = owner.indexOf('._domainkey.');
  if (dk > 0) return 'dkim';
  const bi = owner.indexOf('._bimi.');
  if (bi > 0) return 'bimi';
  return undefined;
}

/** The domain a `_dmarc.<domain>` record is for. */
export function dmarcDomain(owner: string): string {
  return owner.slice('_dmarc.'.length);
}

/** The domain of a `<selector>._domainkey.<domain>` name and the selector. */
export function dkimParts(owner: string): { selector: string; domain: string } | undefined {
  const i = owner.indexOf('._domainkey.');
  if (i <= 0) return undefined;
  return { selector: owner.slice(0, i), domain: owner.slice(i + '._domainkey.'.length) };
}

/** True for a TXT record that starts like SPF (`v=spf1` then space or end). */
export function isSpfText(text: string): boolean {
  return /^v=spf1(\s|$)/i.test(text);
}

/** True when a TXT record is an SPF record. */
export function isSpfRecord(rec: DnsRecord): boolean {
  return (rec.type === 'TXT' || rec.type === 'SPF') && isSpfText(joinedText(rec));
}

/**
 * A key equal for two TXT/SPF records with the same rdata: the same character-strings, byte for
 * byte (`"a" "b"` and `"ab"` differ). A server keeps one copy of identical records (RFC 2181 §5).
 */
export function txtKey(rec: DnsRecord): string {
  return (rec.strings ?? []).map((s) => s.value).join('\u0000');
}

/** The records less those repeating an earlier one's TXT rdata (what a server serves). */
export function distinctTxt(recs: readonly DnsRecord[]): DnsRecord[] {
  if (recs.length < 2) return recs.slice();
  const seen = new Set<string>();
  return recs.filter((r) => {
    const k = txtKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** True for a null MX (RFC 7505): `MX 0 .`. */
export function isNullMx(rec: DnsRecord): boolean {
  return rec.type === 'MX' && rec.target === '.';
}

/** Write an absolute name relative to an origin for a zone file (`@`, `_dmarc`, `_dmarc.sub`). */
export function relativeName(name: string, origin: string): string {
  if (name === origin) return '@';
  if (origin !== '.' && name.endsWith('.' + origin)) return name.slice(0, name.length - origin.length - 1);
  return name;
}

/**
 * Records of one type at a name, computed once per lint run (memoized on the name's first record),
 * so a rule that looks at its siblings stays linear when a name holds thousands of records.
 */
export function siblings(
  ctx: { recordsAt(name: string, type?: string): DnsRecord[]; memo<T>(key: string, rec: DnsRecord, compute: () => T): T },
  name: string,
  type: string,
  filter?: (r: DnsRecord) => boolean,
  filterKey = '',
): DnsRecord[] {
  const all = ctx.recordsAt(name);
  if (all.length === 0) return [];
  return ctx.memo(siblingsKey(type, filterKey), all[0], () => all.filter((r) => r.type === type && (!filter || filter(r))));
}

const siblingsKeys = new Map<string, Map<string, string>>();

/**
 * The memo key of siblings(type, filterKey), made once: the callers' literals hash at no cost,
 * a key built per call (hundreds of thousands on a big zone) is hashed anew each time.
 */
function siblingsKey(type: string, filterKey: string): string {
  let byFilter = siblingsKeys.get(type);
  if (!byFilter) siblingsKeys.set(type, (byFilter = new Map()));
  let key = byFilter.get(filterKey);
  if (key === undefined) byFilter.set(filterKey, (key = `siblings:${type}:${filterKey}`));
  return key;
}
