import type { Rule } from '../../rule';
import { startsDmarc } from '../../policy/dmarc';
import { bare, isSpfText } from '../../policy/names';
import { joinedText } from '../../taglist';

export const dmarcWrongLocation: Rule = {
  id: 'dmarc/wrong-location',
  severity: 'error',
  types: ['TXT', 'SPF'],
  docs: {
    summary: 'A DMARC record outside a `_dmarc` name, or SPF at `_dmarc`',
    details:
      'Receivers look for DMARC only at `_dmarc.<domain>` (RFC 9989 §4.10): a `v=DMARC1` record at the domain itself or at `sub._dmarc.<domain>` is never read. ' +
      'An SPF record at `_dmarc` is never read either (SPF belongs at the domain itself).\n\n' +
      'Fix: move the record — DMARC to `_dmarc.<domain>` (for a subdomain: `_dmarc.sub`), SPF to the domain.',
    bad: '@ IN TXT "v=DMARC1; p=reject"',
    good: '_dmarc IN TXT "v=DMARC1; p=reject"',
  },
  onRecord(rec, ctx) {
    const text = joinedText(rec);
    if (rec.owner.startsWith('_dmarc.')) {
      if (isSpfText(text))
        ctx.report({
          start: rec.start,
          end: rec.end,
          message: `An SPF record at ${bare(rec.owner)} is never read: receivers look up SPF at the sending domain itself (${bare(rec.owner.slice(7))}). Move it there.`,
        });
      return;
    }
    if (rec.type !== 'TXT' || !startsDmarc(text)) return;
    if (rec.owner.includes('._report._dmarc.')) return; // a report-destination authorization
    const labels = rec.owner.split('.');
    const i = labels.indexOf('_dmarc');
    // `sub._dmarc.example.com.` is meant for `_dmarc.sub.example.com.`; a name under a DKIM key
    // (`*._domainkey`, `s1._domainkey`) or another service label (`_mta-sts`, `_smtp._tls`) for
    // the domain it serves; any other name for `_dmarc.<name>`.
    let where: string;
    if (i > 0) where = ['_dmarc', ...labels.slice(0, i), ...labels.slice(i + 1)].join('.');
    else {
      const dk = labels.indexOf('_domainkey');
      let k = dk >= 0 ? dk + 1 : 0;
      while (k < labels.length - 1 && (labels[k] === '*' || labels[k].startsWith('_'))) k++;
      where = ['_dmarc', ...labels.slice(k)].join('.');
    }
    ctx.report({
      start: rec.ownerTok?.start ?? rec.start,
      end: rec.ownerTok?.end ?? rec.end,
      message: `A DMARC record at ${bare(rec.owner)} is never read: receivers look for DMARC only at _dmarc.<domain>, so this domain has no policy from it. Move it to ${bare(where)}.`,
    });
  },
};
