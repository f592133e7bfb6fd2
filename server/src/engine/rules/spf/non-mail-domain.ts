// spf/non-mail-domain: a name with a null MX (or no MX and no address) whose SPF is not `v=spf1 -all`.
import type { DnsRecord } from '../../model';
import type { Rule } from '../../rule';
import { editJoined } from '../../spf/edit';
import { activeSpf, shortName, spfReferrers, valueSpan } from './util';

/** How a name takes mail: a null MX, no MX and no address (none), or otherwise (mail). */
function mailKind(here: readonly DnsRecord[]): 'null-mx' | 'none' | 'mail' {
  let mx = 0;
  let addr = false;
  for (const r of here) {
    const t = r.type;
    if (t === 'MX') {
      if (r.target === '.' || r.target === '') return 'null-mx';
      mx++;
    } else if (t === 'A' || t === 'AAAA' || t === 'CNAME') addr = true;
  }
  return mx === 0 && !addr ? 'none' : 'mail';
}

export const spfNonMailDomain: Rule = {
  id: 'spf/non-mail-domain',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: 'Name that sends no mail has an SPF policy other than `v=spf1 -all`',
    details: [
      'A name with a null MX (`MX 0 .`, RFC 7505), or with no MX and no A/AAAA at all, cannot receive mail and should not send any. Its SPF record should say so: `v=spf1 -all` (M3AAWG and RFC 7505 §4 advice), so every message claiming to come from it fails. Anything else (`~all`, includes, addresses) leaves room for spoofing a name you never use for mail.',
      '',
      'Names that are `include:`/`redirect=` targets of another SPF record in any zone of the workspace (directly or through CNAME aliases: `_spf.customer.example CNAME spf.provider.example.`), and underscore names (`_spf…`), are not checked.',
      '',
      'Fix: replace the record with `v=spf1 -all`.',
    ].join('\n'),
    bad: 'www.example.com. MX 0 .\nwww.example.com. TXT "v=spf1 ~all"',
    good: 'www.example.com. MX 0 .\nwww.example.com. TXT "v=spf1 -all"',
  },
  onRecord(rec, ctx) {
    const spf = activeSpf(rec, ctx);
    if (!spf) return;
    const owner = rec.owner;
    if (owner.startsWith('_') || owner.startsWith('*.') || owner.includes('._')) return;
    const norm = spf.text.trim().replace(/ +/g, ' ').toLowerCase();
    if (norm === 'v=spf1 -all') return;
    const here = ctx.recordsAt(owner);
    // Once per name when it has many records (thousands of SPF records at one name stay linear).
    const kind = here.length > 16 ? ctx.memo('spf/non-mail-domain:mail', here[0], () => mailKind(here)) : mailKind(here);
    if (kind === 'mail') return;
    const nullMx = kind === 'null-mx';
    // A policy fragment other SPF records include (or redirect to) is not a mail domain: a
    // provider's `include:` target in another zone of the workspace too (its customers' records
    // would all fail with `v=spf1 -all`). Looked up last: it scans every zone of the workspace.
    if (spfReferrers(rec, ctx).length > 0) return;
    // `v=spf1 +all` / `?all` / `~all` alone: spf/plus-all, neutral-all or soft-all already offers
    // "Change to `-all`" as its preferred fix, which makes the same record; one preferred fix is enough.
    const onlyAll = /^v=spf1 [+?~]?all$/.test(norm);
    ctx.report({
      file: rec.file,
      message: nullMx
        ? `${shortName(owner)} has a null MX (it accepts no mail), so it should not send mail either; its SPF record should be exactly \`v=spf1 -all\` so every message claiming to come from it fails (RFC 7505 §4). Replace the record with \`v=spf1 -all\`.`
        : `${shortName(owner)} has no MX and no address record, so it cannot receive mail, not even bounces (RFC 5321 §5.1); a name that sends no mail should publish exactly \`v=spf1 -all\` so every message claiming to come from it fails. Replace the record with \`v=spf1 -all\`, or add an MX if the name does send mail.`,
      fixes: [{ title: 'Replace with `v=spf1 -all`', edits: editJoined(rec, spf, 0, spf.text.length, 'v=spf1 -all'), preferred: !onlyAll }],
      ...valueSpan(rec),
    });
  },
};
