import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { notOfKind } from '../../policy/tags';
import { replaceJoined } from '../../policy/edits';
import { oneEditAway } from '../../policy/similar';
import { printable, type Tag } from '../../taglist';
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
      'for `l=`, is a warning, as is an `avp` or `lps` value other than the lower-case ones (receivers must not fix capitalization: `avp=Brand` may be ignored, which is harmless as `brand` is the default, but a receiver may treat an invalid `avp` as a failing record and show no logo; `lps=True` turns no local-part lookup on). `s=` belongs in the BIMI-Selector header of a message, not in this record. A TXT record there that is not a BIMI record at all (a verification token: no `v=BIMI1`, no `l=` or `a=`) is discarded by mail clients and not reported.\n\n' +
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
    const dup = all.length > 1 && all.indexOf(rec) > 0;
    if (dup) problems.push('there is more than one BIMI record at this name, so receivers use none');
    if (problems.length > 0)
      ctx.report({
        start: tl.span.start,
        end: tl.span.end,
        message: `BIMI record is not valid: ${problems.join('; ')}. Mail clients ignore it and show no logo. ${
          problems.length === 1 && dup ? 'Keep one BIMI record at this name and delete the others.' : 'Write "v=BIMI1; l=https://…/logo.svg".'
        }`,
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
    // avp and lps (§4.3): the ABNF reads `%s "personal"/"brand"` and `%s "true"/"false"`. RFC 7405's
    // %s binds to the first string only, so "brand" and "false" are case-insensitive as written;
    // the prose gives the lower-case values and says receivers MUST NOT fix capitalization, so
    // another case is reported: it means the default at best, and no logo where a receiver takes
    // the MAY of treating an invalid avp as a failing record.
    const valueIssue = (tag: Tag | undefined, allowed: readonly string[], say: (v: string, meant: string | undefined) => string) => {
      if (!tag || allowed.includes(tag.value)) return;
      const meant = allowed.find((x) => x === tag.value.trim().toLowerCase());
      const empty = tag.valueSpan.end <= tag.valueSpan.start;
      const fixes: Fix[] = [];
      if (meant && !empty) {
        const e = replaceJoined(rec, tl, tag.valueAt, tag.valueAt + tag.value.length, meant);
        if (e) fixes.push({ title: `Write ${tag.name}=${meant}`, edits: [e], preferred: true });
      }
      ctx.report({
        start: empty ? tag.span.start : tag.valueSpan.start,
        end: empty ? tag.span.end : tag.valueSpan.end,
        severity: 'warning',
        message: say(printable(tag.value), meant),
        fixes,
      });
    };
    const avp = exactTag(tl, 'avp');
    valueIssue(avp, ['personal', 'brand'], (v, meant) =>
      meant === 'brand'
        ? `avp=${v} is not "brand": the draft's values are lower case and receivers must not fix capitalization (§4.3), so receivers may ignore it (no loss: brand is the default), and one that treats an invalid avp= as a failing record shows no logo at all. Write avp=brand, or remove the tag.`
        : meant === 'personal'
          ? `avp=${v} is not "personal": the value is case-sensitive (§4.3), so receivers ignore the avatar preference and show the brand logo (the default) rather than the sender's personal avatar, and one that treats an invalid avp= as a failing record shows no logo at all. Write avp=personal.`
          : `avp=${v} is not "personal" or "brand", so receivers ignore the avatar preference and show the brand logo (the default), and one that treats an invalid avp= as a failing record shows no logo at all (§4.3). Write avp=brand or avp=personal, or remove the tag.`,
    );
    // lps (§4.3, §4.5): "true" turns on local-part selectors.
    valueIssue(exactTag(tl, 'lps'), ['true', 'false'], (v, meant) =>
      meant === 'true'
        ? `lps=${v} is not "true": the value is case-sensitive (§4.3), so receivers do not look up local-part selectors and use this record for every sender. Write lps=true.`
        : meant === 'false'
          ? `lps=${v} is not "false": the draft's values are lower case (§4.3), so receivers ignore it, which is the same as lps=false, the default. Write lps=false, or remove the tag.`
          : `lps=${v} is not "true" or "false" (lower case), so receivers do not look up local-part selectors and use this record for every sender. Write lps=true to look up a selector named after the local-part of the From address, or remove the tag.`,
    );
  },
};
