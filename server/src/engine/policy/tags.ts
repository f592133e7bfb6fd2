// What every tag of the tag-list records means: the single source for hovers and completions.
import type { TagList } from '../taglist';
import type { PolicyKind } from './names';

export interface TagDoc {
  title: string;
  meaning: string;
  /** Allowed values, each with what it does; `discouraged` ones are valid but must not be chosen (completion strikes them through and lists them last). */
  values?: { value: string; does: string; discouraged?: boolean }[];
  /** Free-form grammar when values are not a fixed set. */
  grammar?: string;
  default?: string;
  required?: boolean;
  /** RECOMMENDED rather than REQUIRED by the standard (RFC 9989's `p`). */
  recommended?: boolean;
  removed?: string;
  /** Text snippet inserted on completion (after `name=`). */
  example?: string;
  /** The values are case-sensitive: `Brand` is not `brand` (the hover says so, as the rules do). */
  exact?: boolean;
}

const POLICY_VALUES = [
  { value: 'none', does: 'deliver failing mail as usual (monitoring only)' },
  { value: 'quarantine', does: 'treat failing mail as suspicious (spam folder)' },
  { value: 'reject', does: 'reject failing mail during the SMTP transaction' },
];

export const DMARC_DOCS: Record<string, TagDoc> = {
  v: { title: 'Version', meaning: 'Marks the record as DMARC. Must be the first tag, exactly `DMARC1`.', values: [{ value: 'DMARC1', does: 'the only version' }], required: true },
  p: {
    title: 'Policy',
    meaning: 'What receivers should do with mail from this domain that fails DMARC. RFC 9989 §4.7 makes it RECOMMENDED, not required.',
    values: POLICY_VALUES,
    recommended: true,
    default: '`none` when the record has a valid `rua=` (monitoring only); a record with neither `p=` nor a valid `rua=` is ignored (RFC 9989 §4.10.1)',
  },
  sp: { title: 'Subdomain policy', meaning: 'The policy for mail from subdomains of this domain.', values: POLICY_VALUES, default: 'the value of `p`', example: 'reject' },
  np: {
    title: 'Non-existent subdomain policy',
    meaning: 'The policy for mail from subdomains that do not exist in DNS (they never send legitimate mail).',
    values: POLICY_VALUES,
    default: 'the value of `sp` (or `p`)',
    example: 'reject',
  },
  adkim: {
    title: 'DKIM alignment',
    meaning: 'How closely the DKIM signing domain must match the From domain.',
    values: [
      { value: 'r', does: 'relaxed: any domain of the same organizational domain' },
      { value: 's', does: 'strict: exactly the From domain' },
    ],
    default: 'r',
  },
  aspf: {
    title: 'SPF alignment',
    meaning: 'How closely the SPF (envelope sender) domain must match the From domain.',
    values: [
      { value: 'r', does: 'relaxed: any domain of the same organizational domain' },
      { value: 's', does: 'strict: exactly the From domain' },
    ],
    default: 'r',
  },
  fo: {
    title: 'Failure reporting options',
    meaning: 'When failure reports are generated (sent to `ruf`); several joined with `:`.',
    values: [
      { value: '0', does: 'report when all mechanisms fail to produce an aligned pass' },
      { value: '1', does: 'report when any mechanism fails' },
      { value: 'd', does: 'report every DKIM signature that fails to verify' },
      { value: 's', does: 'report every SPF evaluation that fails' },
    ],
    default: '0',
  },
  rua: {
    title: 'Aggregate report addresses',
    meaning: 'Where receivers send daily aggregate reports: comma-separated `mailto:` URIs. Another organization must authorize you with `<domain>._report._dmarc.<its-domain>`.',
    grammar: 'mailto:address[,mailto:address]',
    default: 'none (no reports)',
    example: 'mailto:dmarc-reports@',
  },
  ruf: {
    title: 'Failure report addresses',
    meaning: 'Where receivers send per-message failure reports (few receivers do): comma-separated `mailto:` URIs.',
    grammar: 'mailto:address[,mailto:address]',
    default: 'none',
    example: 'mailto:dmarc-failures@',
  },
  t: {
    title: 'Testing',
    meaning: 'Marks the policy as being tested (RFC 9989).',
    values: [
      { value: 'y', does: 'testing: receivers apply one level lower (reject → quarantine, quarantine → none)' },
      { value: 'n', does: 'the policy applies in full' },
    ],
    default: 'n',
    example: 'n',
  },
  psd: {
    title: 'Public suffix domain',
    meaning: 'Whether the record is published by a public suffix operator (RFC 9989 tree walk).',
    values: [
      { value: 'n', does: 'this is an organizational domain (the tree walk stops here)' },
      { value: 'u', does: 'unspecified: the tree walk decides' },
      { value: 'y', does: 'this is a public suffix domain (only for public suffix operators)' },
    ],
    default: 'u',
    // Completing the tag name must not declare the domain a public suffix (psd=y).
    example: 'n',
  },
  pct: {
    title: 'Percentage (removed)',
    meaning: 'Share of failing mail the policy applied to (RFC 7489); the rest got one policy level lower.',
    grammar: '0–100',
    default: '`100` (RFC 7489)',
    removed: 'RFC 9989 removed `pct`: receivers following it ignore the tag. Use `t=y` to test a policy.',
  },
  rf: {
    title: 'Failure report format (removed)',
    meaning: 'Format of failure reports (RFC 7489), several joined with `:`.',
    grammar: 'afrf',
    default: '`afrf` (RFC 7489)',
    removed: 'RFC 9989 removed `rf`: failure reports have one format; receivers following it ignore the tag.',
  },
  ri: {
    title: 'Report interval (removed)',
    meaning: 'Seconds between aggregate reports requested (RFC 7489).',
    grammar: 'seconds',
    default: '`86400` (one day, RFC 7489)',
    removed: 'RFC 9989 removed `ri`: aggregate reports are daily; receivers following it ignore the tag.',
  },
};

export const DKIM_DOCS: Record<string, TagDoc> = {
  v: { title: 'Version', meaning: 'Optional; when present must be first and exactly `DKIM1`.', values: [{ value: 'DKIM1', does: 'the only version' }], exact: true },
  k: {
    title: 'Key type',
    meaning: 'The algorithm of the public key in `p=`.',
    values: [
      { value: 'rsa', does: 'RSA key (SubjectPublicKeyInfo), at least 2048 bits recommended' },
      { value: 'ed25519', does: 'Ed25519 key, the raw 32 bytes (RFC 8463)' },
    ],
    default: 'rsa',
  },
  p: { title: 'Public key', meaning: 'The base64 public key. Empty means the key is revoked.', grammar: 'base64', required: true },
  h: {
    title: 'Hash algorithms',
    meaning: 'Hash algorithms this key may be used with, joined with `:`.',
    values: [
      { value: 'sha256', does: 'SHA-256 (the one to use)' },
      { value: 'sha1', does: 'SHA-1: must not be used (RFC 8301)', discouraged: true },
    ],
    default: 'all algorithms',
  },
  t: {
    title: 'Flags',
    meaning: 'Flags joined with `:`.',
    values: [
      { value: 'y', does: 'testing: verifiers treat signed mail like unsigned mail' },
      { value: 's', does: 'the signing domain must equal the i= domain exactly (no subdomains)' },
    ],
    default: 'no flags',
  },
  s: { title: 'Service type', meaning: 'Services this key may be used for.', values: [{ value: '*', does: 'all services' }, { value: 'email', does: 'email only' }], default: '*' },
  n: { title: 'Notes', meaning: 'Notes for humans; ignored by verifiers.', grammar: 'text' },
  g: { title: 'Granularity (obsolete)', meaning: 'RFC 4871 local-part restriction; removed in RFC 6376.', grammar: 'pattern' },
};

export const MTASTS_DOCS: Record<string, TagDoc> = {
  v: { title: 'Version', meaning: 'Must be first and exactly `STSv1`.', values: [{ value: 'STSv1', does: 'the only version' }], required: true, exact: true },
  id: {
    title: 'Policy id',
    meaning: 'Changes whenever the policy file at `https://mta-sts.<domain>/.well-known/mta-sts.txt` changes, so senders fetch it again.',
    grammar: '1–32 letters and digits (e.g. a date: 20260101T000000)',
    required: true,
  },
};

export const TLSRPT_DOCS: Record<string, TagDoc> = {
  v: { title: 'Version', meaning: 'Must be first and exactly `TLSRPTv1`.', values: [{ value: 'TLSRPTv1', does: 'the only version' }], required: true, exact: true },
  rua: {
    title: 'Report destinations',
    meaning: 'Where senders send daily reports about TLS failures when delivering to you: `mailto:` or `https:` URIs, comma-separated.',
    grammar: 'mailto:address or https://url',
    required: true,
    example: 'mailto:tlsrpt@',
  },
};

export const BIMI_DOCS: Record<string, TagDoc> = {
  v: { title: 'Version', meaning: 'Must be first and exactly `BIMI1`.', values: [{ value: 'BIMI1', does: 'the only version' }], required: true, exact: true },
  l: {
    title: 'Logo',
    meaning: 'HTTPS URL of the logo, an SVG Tiny PS file (`.svg`, or gzipped `.svgz`). Empty: the domain declines to show a logo (draft-brand-indicators-for-message-identification §4.3).',
    grammar: 'https://…/logo.svg, or empty',
    required: true,
    example: 'https://',
  },
  a: {
    title: 'Authority evidence',
    meaning: 'HTTPS URL of the Verified (or Common) Mark Certificate, a PEM file. Empty or absent: no evidence. Many mail clients show a logo only with it.',
    grammar: 'https://…/vmc.pem, or empty',
    default: 'empty (no evidence)',
    example: 'https://',
  },
  lps: {
    title: 'Local-part selectors',
    meaning:
      'With `true`, receivers also look up a selector named after the local-part of the From address (the part before `@`, normalized: `+…` removed, `.` and `_` made `-`) and use its record when there is one ' +
      '(draft-brand-indicators-for-message-identification §4.5).',
    values: [
      { value: 'true', does: 'look up `<local-part>._bimi.<domain>` first' },
      { value: 'false', does: 'use this record only' },
    ],
    default: 'false',
    exact: true,
  },
  avp: {
    title: 'Avatar preference',
    meaning:
      'Whether mail clients should show the brand logo or the sender\'s personal avatar when they have one (draft-brand-indicators-for-message-identification §4.3). ' +
      'The values are lower case (receivers must not fix capitalization); other values are ignored, and a receiver may treat the record as failing and show no logo.',
    values: [
      { value: 'brand', does: 'show the brand logo' },
      { value: 'personal', does: 'prefer the personal avatar of the sender, when the mail client has one' },
    ],
    default: 'brand',
    exact: true,
  },
};

export function docsFor(kind: PolicyKind): Record<string, TagDoc> {
  switch (kind) {
    case 'dmarc':
    case 'dmarc-auth':
      return DMARC_DOCS;
    case 'dkim':
      return DKIM_DOCS;
    case 'mta-sts':
      return MTASTS_DOCS;
    case 'tlsrpt':
      return TLSRPT_DOCS;
    case 'bimi':
      return BIMI_DOCS;
  }
}

export const KIND_TITLE: Record<PolicyKind, string> = {
  dmarc: 'DMARC record (RFC 9989)',
  'dmarc-auth': 'DMARC report authorization (RFC 9990)',
  dkim: 'DKIM public key (RFC 6376)',
  'mta-sts': 'MTA-STS record (RFC 8461)',
  tlsrpt: 'TLS-RPT record (RFC 8460)',
  bimi: 'BIMI assertion record',
};

/** Markdown for one tag, with what the value written does. */
/** Record kinds whose tag names are case-sensitive. */
const CASE_SENSITIVE = new Set<PolicyKind>(['dkim', 'mta-sts', 'tlsrpt', 'bimi']);

export function tagMarkdown(kind: PolicyKind, name: string, value: string | undefined): string {
  const docs = docsFor(kind);
  // DMARC tag names are read without regard to case; DKIM's (RFC 6376 §3.2), MTA-STS's and
  // TLS-RPT's (%s in their ABNF) and BIMI's are case-sensitive: `P=` is not `p=`.
  const d = CASE_SENSITIVE.has(kind) ? docs[name] : docs[name.toLowerCase()];
  if (!d) {
    const meant = CASE_SENSITIVE.has(kind) && docs[name.toLowerCase()] ? name.toLowerCase() : undefined;
    if (meant) return `**${name}** — not a tag of the ${KIND_TITLE[kind]}: tag names are case-sensitive, so receivers ignore it and do not read it as \`${meant}=\`. Write \`${meant}=\`.`;
    return `**${name}** — not a tag of the ${KIND_TITLE[kind]}; receivers ignore it.`;
  }
  const out: string[] = [`**${name}** — ${d.title}${d.required ? ' (required)' : d.recommended ? ' (recommended)' : ''}`, '', d.meaning];
  if (d.removed) out.push('', `⚠ ${d.removed}`);
  if (d.values) out.push('', 'Values:', ...d.values.map((v) => `- \`${v.value}\` — ${v.does}`));
  else if (d.grammar) out.push('', `Value: ${d.grammar}`);
  if (d.default) out.push('', `Default: ${d.default}`);
  if (value !== undefined && d.values) {
    const loose = d.values.find((v) => v.value.toLowerCase() === value.trim().toLowerCase());
    const hit = d.exact ? d.values.find((v) => v.value === value.trim()) : loose;
    const parts = value.split(':').map((x) => x.trim().toLowerCase());
    if (hit) out.push('', `Here: \`${value}\` — ${hit.does}.`);
    else if (loose) out.push('', `Here: \`${value}\` is not \`${loose.value}\`: the value is case-sensitive, so mail servers may not read it as \`${loose.value}\`. Write \`${loose.value}\`.`);
    else if (parts.length > 1 && parts.every((p) => d.values!.some((v) => v.value === p)))
      out.push('', `Here: ${parts.map((p) => `\`${p}\` — ${d.values!.find((v) => v.value === p)!.does}`).join('; ')}.`);
    else out.push('', `Here: \`${value}\` is not an allowed value.`);
  }
  return out.join('\n');
}

/**
 * The version and the tags that make a TXT record at a policy name a try at such a record. The tag
 * names come from the docs above (DMARC's with the removed pct/rf/ri: DMARC_KNOWN of policy/dmarc,
 * not imported from there, as dmarc.ts reads this table). `vNames`, when given, is what a `v=`
 * value must start with to count as a sign: a DMARC receiver discards a record naming another
 * protocol's version (`v=STSv1; id=…` pasted at `_dmarc`) like a token, and dmarc/version words
 * its finding for a record that tries to be DMARC; for the other kinds any `v=` counts, as their
 * syntax rules have always read it.
 */
export const KIND_SIGNS: Partial<Record<PolicyKind, { version: string; tags: readonly string[]; rfc: string; vNames?: RegExp }>> = {
  dmarc: { version: 'DMARC1', tags: Object.keys(DMARC_DOCS), rfc: 'RFC 9989', vNames: /^dmarc/i },
  dkim: { version: 'DKIM1', tags: Object.keys(DKIM_DOCS), rfc: 'RFC 6376 §3.6.2.2, §6.1.2' },
  'mta-sts': { version: 'STSv1', tags: ['id'], rfc: 'RFC 8461 §3.1' },
  tlsrpt: { version: 'TLSRPTv1', tags: ['rua'], rfc: 'RFC 8460 §3' },
  bimi: { version: 'BIMI1', tags: ['l', 'a'], rfc: 'BIMI draft §7.2' },
};

const VERSION_IN_TEXT = new Map<string, RegExp>();

/**
 * True when a TXT record at a DMARC, DKIM, MTA-STS, TLS-RPT or BIMI name is not such a record at
 * all: no `v=<version>` anywhere (spaces around `=` allowed) and no `v=` or other tag of the kind
 * (in any case). A site-verification token published there is one. What receivers do with it
 * differs, so each caller says it:
 * - DMARC, MTA-STS, TLS-RPT, BIMI: receivers discard the TXT records that do not begin with the
 *   version (see KIND_SIGNS[kind].rfc), so beside the real record it does no harm;
 * - DKIM: not so. A verifier gets every TXT record of the selector; RFC 6376 §3.6.2.2 leaves the
 *   result of more than one undefined, §6.1.2 lets it pick any one (a record that does not parse is
 *   a key syntax error, PERMFAIL), and OpenDKIM fails the signature on any second TXT record
 *   ("multiple DNS replies"). dkim/multiple-records reports the token beside a key, dkim/missing-key
 *   the token alone.
 * A record that tries to be one of the kind (a typo in the version, the tags in the wrong order) is
 * not such a record: the rules of the kind report what is wrong with it.
 */
export function notOfKind(kind: PolicyKind, tl: TagList): boolean {
  const signs = KIND_SIGNS[kind];
  if (!signs) return false;
  let re = VERSION_IN_TEXT.get(signs.version);
  if (!re) VERSION_IN_TEXT.set(signs.version, (re = new RegExp(`v\\s*=\\s*${signs.version}`, 'i')));
  if (re.test(tl.text)) return false;
  for (const t of tl.tags) {
    if (t.key === 'v' ? !signs.vNames || signs.vNames.test(t.value) : signs.tags.includes(t.key)) return false;
  }
  return true;
}
