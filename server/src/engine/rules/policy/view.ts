// Tag-list views of the MTA-STS, TLS-RPT and BIMI records for the rules of this area.
import type { DnsRecord } from '../../model';
import type { LintContext } from '../../rule';
import { tagList, type TagList } from '../../taglist';
import { kindOfName } from '../../policy/names';

export function policyTags(rec: DnsRecord, kind: 'mta-sts' | 'tlsrpt' | 'bimi', ctx: Pick<LintContext, 'memo'>): TagList | undefined {
  if (rec.type !== 'TXT' || kindOfName(rec.owner) !== kind) return undefined;
  return tagList(rec, ctx);
}

/** The domain a `_mta-sts.` / `_smtp._tls.` / `<sel>._bimi.` name is for. */
export function policyDomain(owner: string, kind: 'mta-sts' | 'tlsrpt' | 'bimi'): string {
  if (kind === 'mta-sts') return owner.slice('_mta-sts.'.length);
  if (kind === 'tlsrpt') return owner.slice('_smtp._tls.'.length);
  return owner.slice(owner.indexOf('._bimi.') + '._bimi.'.length);
}

/**
 * MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) are stricter than the DKIM tag list: the record
 * starts with `v=` (no leading space) and there is no white space around `=` (`%s"v=STSv1"`,
 * `%s"id="`, `%s"rua="`); only `;` may have white space around it. The tags that break this.
 */
export function strictTagProblems(tl: TagList, rfc: string): string[] {
  const out: string[] = [];
  const first = tl.tags[0];
  if (first && first.nameAt > 0 && tl.text.slice(0, first.nameAt).trim() === '') out.push(`the record must start with "v=", not with white space (${rfc})`);
  const spaced = tl.tags.filter((t) => tl.text.charCodeAt(t.nameAt + t.name.length) !== 61 || (t.value !== '' && t.valueAt !== t.nameAt + t.name.length + 1));
  if (spaced.length) out.push(`no white space is allowed around "=" (${spaced.map((t) => `${t.name}=`).join(', ')}; ${rfc})`);
  return out;
}
