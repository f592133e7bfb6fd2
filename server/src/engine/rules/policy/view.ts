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
