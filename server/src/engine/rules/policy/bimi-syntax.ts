import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { notOfKind } from '../../policy/tags';
import { replaceJoined } from '../../policy/edits';
import { oneEditAway } from '../../policy/similar';
import { printable } from '../../taglist';
import { exactTag, policyTags, versionRecords } from './view';

/** The assertion-record tags of draft-brand-indicators-for-message-identification §4.3. */
const KNOWN = ['v', 'l', 'a', 'lps', 'avp'];

export const bimiSyntax: Rule = {
  id: 'bimi/syntax',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: '`._bimi` TXT is not `v=BIMI1; l=…; a=…`',
    details:
      'The BIMI assertion record (draft-brand-indicators-for-message-identification §4.3) is a tag list starting with `v=BIMI1`, with `l=` (the logo URL, may be empty to decline), ' +
      'optionally `a=` (the Verified Mark Certificate URL), `lps=` (local-part selectors: `true` or `false`) and `avp=` (avatar preference: `personal` or `brand`). Tag names are case-sensitive. ' +
      'Mail clients ignore a record they cannot read or without `l=`, and with more than one BIMI record at the name they use none (§7.2), so they show no logo (an error). Tags the draft does not define are ignored by receivers (it says they MUST be): such a tag, often a typo like `1=` or `I=` ' +
      'for `l=`, is a warning, as is an `avp` or `lps` value receivers ignore. `s=` belongs in the BIMI-Selector header of a message, not in this record. A TXT record there that is not a BIMI record at all (a verification token: no `v=BIMI1`, no `l=` or `a=`) is discarded by mail clients and not reported.\n\n' +
      'Fix: `v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem`.',
    bad: 'default._bimi IN TXT "l=https://example.com/logo.svg"',
    good: 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg"',
  },
  onRecord(rec, ctx) {
    const tl = policyTags(rec, 'bimi', ctx);
    if (!tl || notOfKind('bimi', tl)) return; // another protocol's TXT, discarded (BIMI draft §7.2)
    // Tag names are case-sensitive (§4.3: receivers MUST NOT fix capitalization errors): L= is not l=.
    // A known name in the wrong case is that tag (V= is v=, A= is a=), not another one a letter away.
    const missing = (k: string) => {
      const low = k.toLowerCase();
      if (KNOWN.includes(low)) return low !== k && !exactTag(tl, low) ? low : undefined;
      return KNOWN.find((x) => x !== 'v' && !exactTag(tl, x) && oneEditAway(k, x));
    };
    const problems: string[] = tl.problems.map((p) => {
      const name = /^"([^"]*)" is not a valid tag name/.exec(p.message)?.[1];
      const guess = name !== undefined ? missing(name.toLowerCase()) : undefined;
      return guess ? `${p.message} — did you mean "${guess}="?` : p.message;
    });
    const first = tl.tags[0];
    if (!first || first.name !== 'v' || first.value !== 'BIMI1') problems.push('it must start with v=BIMI1');
    // l= is REQUIRED (§4.3); an empty l= declines to show a logo.
    if (!exactTag(tl, 'l')) {
      const other = tl.get('l');
      problems.push(`there is no l= (logo) tag${other ? ` (${printable(other.name)}= is not l=: tag names are case-sensitive)` : ''}`);
    }
    // §7.2 step 9: with more than one BIMI record at the name receivers use none.
    const all = versionRecords(ctx, rec.owner, 'BIMI1', /^v[ \t]*=[ \t]*BIMI1[ \t]*(;|$)/);
    if (all.length > 1 && all.indexOf(rec) > 0) problems.push('there is more than one BIMI record at this name, so receivers use none');
    if (problems.length > 0)
      ctx.report({
        start: tl.span.start,
        end: tl.span.end,
        message: `BIMI record is not valid: ${problems.join('; ')}. Mail clients ignore it and show no logo. Write "v=BIMI1; l=https://…/logo.svg".`,
      });
    // Unknown tags: receivers ignore them (the draft says they MUST), so the record still works
    // without what the tag was meant to say.
    for (const t of tl.tags) {
      if (KNOWN.includes(t.name)) continue;
      const guess = missing(t.name);
      const fixes: Fix[] = [];
      if (guess) {
        const e = replaceJoined(rec, tl, t.nameAt, t.nameAt + t.name.length, guess);
        if (e) fixes.push({ title: `Rename to ${guess}=`, edits: [e], preferred: true });
      }
      const why =
        t.key === 's'
          ? 's= names a selector in the BIMI-Selector header of a message; in the assertion record it is not a tag, so receivers ignore it (the selector is the name before ._bimi)'
          : KNOWN.includes(t.key)
            ? `"${printable(t.name)}" is not a BIMI tag (tag names are case-sensitive), so receivers ignore it`
            : `"${printable(t.name)}" is not a BIMI tag, so receivers ignore it`;
      ctx.report({
        start: t.nameSpan.start,
        end: t.nameSpan.end,
        severity: 'warning',
        message: `${why}${guess ? `; did you mean "${guess}="?` : '. Remove it or correct the name.'}`,
        fixes,
        tags: ['unnecessary'],
      });
    }
    const avp = exactTag(tl, 'avp');
    if (avp && avp.value !== 'personal' && avp.value !== 'brand')
      ctx.report({
        start: avp.valueSpan.end > avp.valueSpan.start ? avp.valueSpan.start : avp.span.start,
        end: avp.valueSpan.end > avp.valueSpan.start ? avp.valueSpan.end : avp.span.end,
        severity: 'warning',
        message: `avp=${printable(avp.value)} is not "personal" or "brand" (lower case), so receivers ignore the avatar preference. Use avp=brand or avp=personal.`,
      });
    // lps (§4.3, §4.5): "true" turns on local-part selectors; the ABNF allows "true" or "false" only.
    const lps = exactTag(tl, 'lps');
    if (lps && lps.value !== 'true' && lps.value !== 'false')
      ctx.report({
        start: lps.valueSpan.end > lps.valueSpan.start ? lps.valueSpan.start : lps.span.start,
        end: lps.valueSpan.end > lps.valueSpan.start ? lps.valueSpan.end : lps.span.end,
        severity: 'warning',
        message: `lps=${printable(lps.value)} is not "true" or "false" (lower case), so receivers do not look up local-part selectors. Write lps=true to look up a selector named after the local-part of the From address, or remove the tag.`,
      });
  },
};
