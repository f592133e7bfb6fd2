// DMARC (RFC 9989) on top of the shared tag-list parser: which TXT records are DMARC records, the
// grammar of each tag, report URIs, and the effective policy with defaults filled in.
import type { DnsRecord, Span } from '../model';
import type { LintContext } from '../rule';
import { commaEntries, joinedText, printable, tagList, type Tag, type TagList } from '../taglist';
import { isUnder } from '../workspace';
import { knownNames, parentOf } from './authority';
import { dmarcDomain, isSpfText, orgDomain, siblings } from './names';
import { notOfKind } from './tags';

export const DMARC_TAGS = ['v', 'p', 'sp', 'np', 'adkim', 'aspf', 'fo', 'rua', 'ruf', 't', 'psd'] as const;
export const DMARC_REMOVED = ['pct', 'rf', 'ri'] as const;
export const DMARC_KNOWN = new Set<string>([...DMARC_TAGS, ...DMARC_REMOVED]);

export type PolicyValue = 'none' | 'quarantine' | 'reject';
export const POLICY_STRENGTH: Record<PolicyValue, number> = { none: 0, quarantine: 1, reject: 2 };

export interface DmarcView {
  rec: DnsRecord;
  tl: TagList;
  /** The domain the record is for (`_dmarc.` removed), absolute. */
  domain: string;
  /** The record names itself DMARC (some `v` tag that starts with "DMARC", or a `p` tag). */
  looksDmarc: boolean;
  /** First tag is exactly v=DMARC1. */
  versionOk: boolean;
}

type Ctx = Pick<LintContext, 'memo'>;

/** The DMARC reading of a TXT record at a `_dmarc.` name (not SPF); undefined for anything else. */
export function dmarcView(rec: DnsRecord, ctx?: Ctx): DmarcView | undefined {
  if (rec.type !== 'TXT' || !rec.owner.startsWith('_dmarc.')) return undefined;
  return ctx ? ctx.memo('dmarc', rec, readDmarc) : readDmarc(rec);
}

function readDmarc(rec: DnsRecord, ctx?: Ctx): DmarcView | undefined {
  const tl = tagList(rec, ctx);
  if (isSpfText(tl.text)) return undefined;
  const v = tl.get('v');
  const looksDmarc = (v !== undefined && /^dmarc/i.test(v.value)) || tl.get('p') !== undefined;
  const first = tl.tags[0];
  const versionOk = first !== undefined && first.name === 'v' && first.value === 'DMARC1' && first.nameAt === firstNonWs(tl.text);
  return { rec, tl, domain: dmarcDomain(rec.owner), looksDmarc, versionOk };
}

function firstNonWs(s: string): number {
  let i = 0;
  while (i < s.length && /\s/.test(s[i])) i++;
  return i;
}

/**
 * True for a TXT record at a `_dmarc` name that is not a DMARC record at all (notOfKind of
 * policy/tags: no `v=DMARC1` anywhere, no DMARC tag, no `v=` naming DMARC: a verification token)
 * beside one that is: receivers discard the TXT records that do not start with `v=DMARC1` (RFC 9989
 * policy discovery, as RFC 7489 §6.6.3), so it does no harm. Alone at the name it is reported: the
 * domain then has no DMARC record. A record with DMARC tags but no `v=DMARC1` (`rua=…` written as a
 * TXT record of its own, a DMARC record split over two records) is reported too: its tags are
 * discarded with it.
 */
export function discardedBesideDmarc(d: DmarcView, ctx: Pick<LintContext, 'memo' | 'recordsAt'>): boolean {
  return notOfKind('dmarc', d.tl) && besideDmarc(d, ctx);
}

/** True when a DMARC record (a TXT record starting with `v=DMARC1`) sits at the name of `d`. */
export function besideDmarc(d: DmarcView, ctx: Pick<LintContext, 'memo' | 'recordsAt'>): boolean {
  return siblings(ctx, d.rec.owner, 'TXT', (r) => startsDmarc(joinedText(r)), 'dmarc').length > 0;
}

/** True when a TXT text starts as a DMARC record does (`v=DMARC1`, spaces around `=` allowed). */
export function startsDmarc(text: string): boolean {
  return /^\s*v\s*=\s*DMARC1\s*(;|$)/i.test(text);
}

export function policyValue(tag: Tag | undefined): PolicyValue | undefined {
  if (!tag) return undefined;
  const v = tag.value.toLowerCase();
  return v === 'none' || v === 'quarantine' || v === 'reject' ? v : undefined;
}

/** Why a tag's value is outside its grammar (undefined when fine). */
export function invalidValueReason(tag: Tag): string | undefined {
  const v = tag.value;
  const lv = v.toLowerCase();
  switch (tag.key) {
    case 'p':
    case 'sp':
    case 'np':
      return policyValue(tag) ? undefined : `must be none, quarantine or reject`;
    case 'adkim':
    case 'aspf':
      return lv === 'r' || lv === 's' ? undefined : 'must be r (relaxed) or s (strict)';
    case 'fo': {
      const parts = v.split(':').map((x) => x.trim().toLowerCase());
      return parts.length > 0 && parts.every((x) => x === '0' || x === '1' || x === 'd' || x === 's')
        ? undefined
        : 'must be 0, 1, d or s, or several of them joined with ":"';
    }
    case 't':
      return lv === 'y' || lv === 'n' ? undefined : 'must be y or n';
    case 'psd':
      return lv === 'y' || lv === 'n' || lv === 'u' ? undefined : 'must be y, n or u';
    case 'rua':
    case 'ruf':
      return v.trim() === '' ? 'must list at least one mailto: URI' : undefined;
    case 'pct':
      return /^\d{1,3}$/.test(v) && Number(v) <= 100 ? undefined : 'must be a whole number from 0 to 100';
    case 'ri':
      return /^\d{1,10}$/.test(v) ? undefined : 'must be a number of seconds';
    case 'rf':
      return v.split(':').every((x) => /^[a-z0-9-]+$/i.test(x.trim())) ? undefined : 'must be report formats joined with ":" (afrf)';
    default:
      return undefined;
  }
}

/**
 * A tag written into the value of the one before it because a `;` is missing (`v=DMARC1 p=reject`,
 * `p=reject rua=mailto:…`): the offset in the joined text of the whitespace before the glued tag,
 * and the glued tag's name. Only known DMARC tag names count, so free text is not misread.
 */
export function gluedTag(tag: Tag): { at: number; name: string } | undefined {
  const m = /^(\S+?)(\s+)([A-Za-z][A-Za-z0-9_]*)\s*=/.exec(tag.value);
  if (!m || !DMARC_KNOWN.has(m[3].toLowerCase())) return undefined;
  return { at: tag.valueAt + m[1].length, name: m[3] };
}

export interface ReportUri {
  /** The entry as written (trimmed). */
  text: string;
  /** Byte offsets in the joined text. */
  at: number;
  endAt: number;
  span: Span;
  scheme: string;
  /** For mailto: the address, decoded, and its domain (absolute, lower-case). */
  address?: string;
  domain?: string;
  /** The old RFC 7489 `!size` suffix, when present (offset in joined text). */
  sizeAt?: number;
  /** Why it is invalid (undefined when valid). */
  problem?: string;
  /** The entry is empty (a doubled or trailing comma): nothing to send to, so nothing lost. */
  empty?: boolean;
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;

export function validHostname(d: string): boolean {
  if (d.endsWith('.')) d = d.slice(0, -1);
  if (d.length === 0 || d.length > 253) return false;
  const labels = d.split('.');
  if (labels.length < 2) return false;
  return labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]);
}

/** The URIs of a `rua`/`ruf` tag, with ranges and checks (read once per tag: do not change the list). */
export function reportUris(tl: TagList, tag: Tag): ReportUri[] {
  if (tag.memo) return tag.memo as ReportUri[];
  return (tag.memo = readReportUris(tl, tag));
}

function readReportUris(tl: TagList, tag: Tag): ReportUri[] {
  const out: ReportUri[] = [];
  const v = tag.value;
  const entries = commaEntries(v);
  for (const [i, { a, z, comma }] of entries.entries()) {
    // An empty entry: between two commas, or after a last comma (`rua=mailto:a@example.com,`).
    if (a < z || comma || entries.length > 1) {
      const text = v.slice(a, z);
      const at = tag.valueAt + a;
      const endAt = tag.valueAt + z;
      const u: ReportUri = { text, at, endAt, span: { start: tl.toSource(at), end: z > a ? tl.toSource(endAt, true) : tl.toSource(at) }, scheme: '' };
      let body = text;
      const bang = body.lastIndexOf('!');
      if (bang > 0 && /^!\d+[kmgt]?$/i.test(body.slice(bang))) {
        u.sizeAt = at + bang;
        body = body.slice(0, bang);
      }
      const m = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(body);
      if (text === '') {
        u.problem = `an empty entry (${!comma ? 'a comma at the end' : i === 0 ? 'a comma at the start' : 'two commas in a row'})`;
        u.empty = true;
      }
      else if (!m) u.problem = `"${printable(text, 120)}" is not a URI${/^[^\s:@]+@[^\s@]+$/.test(text) ? ' (the "mailto:" in front is missing)' : ''}`;
      else {
        u.scheme = m[1].toLowerCase();
        if (u.scheme !== 'mailto') u.problem = `"${printable(m[1])}:" is not used for DMARC reports, which are sent only by email`;
        else {
          let addr = m[2].replace(/\?.*$/, '');
          try {
            addr = decodeURIComponent(addr);
          } catch {
            /* keep as written */
          }
          const at2 = addr.lastIndexOf('@');
          if (at2 <= 0 || /\s/.test(addr)) u.problem = `"${printable(addr, 120)}" is not an email address`;
          // RFC 6068 §2: an "@" in the local part is written %40 (inside quotes); a second bare one is no address.
          else if ((m[2].replace(/\?.*$/, '').match(/@/g) ?? []).length > 1) u.problem = `"${printable(m[2].replace(/\?.*$/, ''), 120)}" has more than one "@", so it is not an email address`;
          else {
            const dom = addr.slice(at2 + 1);
            const bad = /!([^!]*)$/.exec(dom);
            // RFC 7489's size limit is "!" digits and one of k, m, g, t: `!10x`, `!abc` are not.
            if (bad && validHostname(dom.slice(0, bad.index)))
              u.problem = `the size limit "!${printable(bad[1], 40)}" is not a number with an optional unit k, m, g or t (RFC 7489 §6.2), so the address reads as "${printable(dom, 120)}", no mail domain; remove the size limit`;
            else if (!validHostname(dom)) u.problem = `"${printable(dom, 120)}" is not a valid mail domain`;
            else {
              u.address = addr;
              u.domain = dom.toLowerCase().replace(/\.?$/, '.');
            }
          }
        }
      }
      out.push(u);
    }
  }
  return out;
}

export interface EffectivePolicy {
  /**
   * The policies receivers apply (RFC 9989 §4.7, §4.10.1), before `t=y` lowers them: an absent `p`
   * with a valid `rua` reads as `p=none`; an invalid `p`, `sp` or `np` makes receivers act as if the
   * record said only `p=none` (valid `rua`), or ignore the record (no valid `rua`); `sp` defaults
   * to `p`, `np` to `sp`. All undefined when receivers ignore the record.
   */
  p?: PolicyValue;
  sp?: PolicyValue;
  np?: PolicyValue;
  /** Receivers ignore the record: no usable policy and no valid `rua`. */
  ignored: boolean;
  /** `p`, `sp`, `np` tags written with a value outside none/quarantine/reject. */
  invalid: Tag[];
  /** `p` absent (not just invalid). */
  pMissing: boolean;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  testing: boolean;
  rua: string[];
  ruf: string[];
  fo: string;
  psd: 'y' | 'n' | 'u';
  pct?: number;
}

/** The policy a receiver applies, with RFC 9989 defaults filled in (worked out once per list: do not change it). */
export function effectivePolicy(tl: TagList): EffectivePolicy {
  if (tl.memo) return tl.memo as EffectivePolicy;
  return (tl.memo = readEffectivePolicy(tl));
}

function readEffectivePolicy(tl: TagList): EffectivePolicy {
  const rv = (k: string): 'r' | 's' => (tl.get(k)?.value.toLowerCase() === 's' ? 's' : 'r');
  const uris = (k: string) => {
    const t = tl.get(k);
    return t ? reportUris(tl, t).filter((u) => !u.problem).map((u) => u.address!) : [];
  };
  const rua = uris('rua');
  const invalid = (['p', 'sp', 'np'] as const).map((k) => tl.get(k)).filter((t): t is Tag => !!t && !policyValue(t));
  const pMissing = !tl.get('p');
  let p = policyValue(tl.get('p'));
  let sp = policyValue(tl.get('sp'));
  let np = policyValue(tl.get('np'));
  let ignored = false;
  if (invalid.length > 0) {
    // RFC 9989 §4.10.1 (as RFC 7489 §6.6.3): act as if the record were "p=none", or not there.
    p = sp = np = rua.length > 0 ? 'none' : undefined;
    ignored = !p;
  } else if (!p) {
    // §4.7: a record without p is read as if it said p=none; §4.10.1: without a valid rua it is ignored.
    if (rua.length > 0) p = 'none';
    else {
      sp = np = undefined;
      ignored = true;
    }
  }
  if (p) {
    sp ??= p;
    np ??= sp;
  }
  const psd = tl.get('psd')?.value.toLowerCase();
  const pctTag = tl.get('pct');
  return {
    p,
    sp,
    np,
    ignored,
    invalid,
    pMissing,
    adkim: rv('adkim'),
    aspf: rv('aspf'),
    testing: tl.get('t')?.value.toLowerCase() === 'y',
    rua,
    ruf: uris('ruf'),
    fo: tl.get('fo')?.value ?? '0',
    psd: psd === 'y' || psd === 'n' ? psd : 'u',
    pct: pctTag && /^\d+$/.test(pctTag.value) ? Number(pctTag.value) : undefined,
  };
}

/**
 * The policies `pct` samples (RFC 7489 §6.3: "the DMARC policy" that applies, so `sp` for
 * subdomains too): `p` and `sp` when their effective value is quarantine or reject. `np` is left
 * out: it is RFC 9989's, and the receivers that still honour `pct` (RFC 7489) do not know it.
 * Empty when pct has nothing to act on.
 */
export function pctSampled(tl: TagList): { key: 'p' | 'sp'; value: PolicyValue }[] {
  const e = effectivePolicy(tl);
  const out: { key: 'p' | 'sp'; value: PolicyValue }[] = [];
  for (const key of ['p', 'sp'] as const) {
    const v = e[key];
    if (v && v !== 'none') out.push({ key, value: v });
  }
  return out;
}

const LOWER: Record<PolicyValue, PolicyValue> = { none: 'none', quarantine: 'none', reject: 'quarantine' };

/** The policy receivers apply: `t=y` (RFC 9989 §4.7) takes each of p, sp and np one level lower. */
export function applied(v: PolicyValue, testing: boolean): PolicyValue {
  return testing ? LOWER[v] : v;
}

/** What the zone and the workspace say about names: TXT records, and whether an absent record is known absent. */
export interface PolicyLookup {
  txt(name: string): DnsRecord[];
  /** True when the zone or a workspace zone is authoritative for the name. */
  known(name: string): boolean;
  view?(rec: DnsRecord): DmarcView | undefined;
}

/**
 * The lookup of a lint context, for a record at `from`: its zone and the workspace, read through the
 * tracked reads of policy/authority (a per-record rule reading ctx.zone or authorityFor would be
 * re-run on every edit by the incremental lint).
 */
export function lookupOf(ctx: Pick<LintContext, 'workspace' | 'memo' | 'recordsAt' | 'resolver'>, from: string): PolicyLookup {
  return {
    txt: (name) => uniq(ctx.recordsAt(name, 'TXT'), ctx.workspace.recordsAt(name, 'TXT')),
    known: knownNames(ctx, from),
    view: (rec) => dmarcView(rec, ctx),
  };
}

function uniq(a: DnsRecord[], b: DnsRecord[]): DnsRecord[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = a.slice();
  for (const r of b) if (!out.includes(r)) out.push(r);
  return out;
}

/** The DMARC record at `_dmarc.<domain>` receivers use: undefined when none, or several (RFC 9989 §4.10 discards them all). */
export function dmarcRecordAt(domain: string, look: PolicyLookup): DmarcView | undefined {
  const rs = look.txt('_dmarc.' + domain).filter((r) => startsDmarc(joinedText(r)));
  if (rs.length !== 1) return undefined;
  return look.view ? look.view(rs[0]) : dmarcView(rs[0]);
}

export type InheritedPolicy =
  /** The record whose sp/np apply; `certain` is false when a record might exist at an ancestor the workspace does not hold. */
  | { kind: 'found'; domain: string; view: DmarcView; certain: boolean }
  /** No record in view, and ancestors up to the organizational domain are outside the zone and workspace. */
  | { kind: 'unknown'; org: string }
  | { kind: 'none' };

/**
 * RFC 9989 §4.10.1 (policy discovery): the DMARC record that applies to mail from a name without a
 * record of its own is the first one the DNS tree walk finds, walking up from `start` (the next
 * name after the author domain: see nextInWalk). Its `sp` (`np` for a name that does not exist,
 * else `p`) applies. A record below the organizational domain thus sets the policy of its own
 * subdomains; receivers still on RFC 7489 skip to the organizational domain's record instead.
 * `certain` is false when a name walked past is outside the zone and workspace.
 */
export function inheritedPolicy(start: string, look: PolicyLookup): InheritedPolicy {
  const org = orgDomain(start);
  let unseen = false;
  for (let n: string | undefined = start; n && n !== '.'; n = nextInWalk(n)) {
    const v = dmarcRecordAt(n, look);
    if (v) return { kind: 'found', domain: n, view: v, certain: !unseen };
    if (!look.known('_dmarc.' + n) && isUnder(n, org)) unseen = true;
  }
  return unseen ? { kind: 'unknown', org } : { kind: 'none' };
}

/**
 * The name the RFC 9989 tree walk queries after `n` (§4.10): one label up, but from a name of five
 * labels or more straight to its last four (at most eight queries in all).
 */
export function nextInWalk(n: string): string | undefined {
  const labels = n.replace(/\.$/, '').split('.');
  if (labels.length >= 5) return labels.slice(-4).join('.') + '.';
  return parentOf(n) || undefined;
}

const ACTION: Record<PolicyValue, [string, string]> = {
  none: ['deliver', ' as usual (monitoring only)'],
  quarantine: ['quarantine (spam folder)', ''],
  reject: ['reject', ''],
};

/** `quarantine`, or `quarantine (sp=reject, one level lower for t=y)` when testing lowers it. */
function level(key: string, v: PolicyValue, testing: boolean): string {
  const a = applied(v, testing);
  return a === v ? a : `${a} (${key}=${v}, one level lower because of \`t=y\`)`;
}

/** The effective policy in plain words. */
export function describePolicy(domain: string, e: EffectivePolicy, org?: string): string {
  const d = domain.replace(/\.$/, '');
  const lines: string[] = [];
  const bad = e.invalid.map((t) => `\`${t.name}=${t.value}\``).join(', ');
  if (e.ignored)
    lines.push(
      e.invalid.length
        ? `${bad} is not a valid policy (none, quarantine or reject) and there is no valid \`rua=\`, so receivers ignore this whole record (RFC 9989 §4.10.1): ${d} has no DMARC policy.`
        : `No \`p=\` tag and no valid \`rua=\`: receivers ignore this record (RFC 9989 §4.10.1).`,
    );
  else if (e.invalid.length)
    lines.push(
      `${bad} is not a valid policy (none, quarantine or reject), so receivers act as if the record said only \`p=none\` (RFC 9989 §4.10.1): they deliver mail from ${d} that fails DMARC as usual (monitoring only), for its subdomains too.`,
    );
  else if (e.pMissing) lines.push(`No \`p=\` tag: receivers treat this as \`p=none\` (monitoring only) for ${d}.`);
  else if (e.p) {
    const a = applied(e.p, e.testing);
    lines.push(`Receivers ${ACTION[a][0]} mail from ${d} that fails DMARC${ACTION[a][1]}${a !== e.p ? ` — \`p=${e.p}\`, applied one level lower because \`t=y\` (testing)` : ''}.`);
  }
  if (!e.ignored && !e.invalid.length) {
    if (e.sp) lines.push(`Subdomains: ${level('sp', e.sp, e.testing)}${e.sp === e.p && applied(e.sp, e.testing) === e.sp ? ' (same as p)' : ''}.`);
    if (e.np) lines.push(`Non-existent subdomains: ${level('np', e.np, e.testing)}.`);
    if (org && org !== domain)
      lines.push(
        `For subdomains of ${d} without a record of their own, RFC 9989 receivers find this record first (tree walk, §4.10.1) and apply its \`sp\`/\`np\`; receivers still on RFC 7489 use the organizational domain's record (${org.replace(/\.$/, '')}) instead.`,
      );
  }
  lines.push(`Alignment: DKIM ${e.adkim === 's' ? 'strict (exact domain)' : 'relaxed (same organizational domain)'}, SPF ${e.aspf === 's' ? 'strict' : 'relaxed'}.`);
  lines.push(e.rua.length ? `Aggregate reports go to ${e.rua.join(', ')}.` : 'No aggregate reports (no `rua=`).');
  if (e.ruf.length) lines.push(`Failure reports go to ${e.ruf.join(', ')} (fo=${e.fo}).`);
  if (e.psd !== 'u') lines.push(e.psd === 'y' ? 'Published by a public suffix operator (psd=y).' : 'This domain is an organizational domain (psd=n).');
  if (e.pct !== undefined && e.pct < 100) lines.push(`\`pct=${e.pct}\` is no longer honoured (RFC 9989 removed it).`);
  return lines.join('  \n');
}
