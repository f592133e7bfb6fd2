import type { Fix, Severity } from '../../model';
import type { Rule } from '../../rule';
import type { Tag } from '../../taglist';
import { dkimKey, dkimTag, dkimView } from '../../policy/dkim';
import { joinedEdits } from '../../policy/edits';
import { notOfKind } from '../../policy/tags';

/** The tags of a DKIM key record (RFC 6376 §3.6.1; g= from RFC 4871). */
const KEY_TAGS = new Set(['v', 'g', 'h', 'k', 'n', 'p', 's', 't']);

export const dkimSyntax: Rule = {
  id: 'dkim/syntax',
  severity: 'error',
  types: ['TXT'],
  docs: {
    summary: 'A `_domainkey` TXT record that is not a tag list',
    details:
      'A DKIM key record is a list of `tag=value` pairs separated by `;` (RFC 6376 §3.2, §3.6.1). A verifier that cannot read it fails every signature made with this selector. ' +
      'A tag may appear only once (a repeated tag makes the whole record invalid), and tag names are case-sensitive: `P=` is not `p=`, so a verifier finds no key in it.\n\n' +
      'Fix: write each part as `name=value` separated by `;`, each tag once and in lower case (copy the record again from your mail provider).',
    bad: 'sel._domainkey IN TXT "v=DKIM1; k rsa; p=MIIB…"',
    good: 'sel._domainkey IN TXT "v=DKIM1; k=rsa; p=MIIB…"',
  },
  onRecord(rec, ctx) {
    const d = dkimView(rec, ctx);
    // Not a key record at all (a verification token): its grammar is not the problem, its place is
    // (dkim/multiple-records beside a key record, dkim/missing-key alone).
    if (!d || notOfKind('dkim', d.tl)) return;
    for (const p of d.tl.problems)
      ctx.report({
        start: p.span.start,
        end: p.span.end,
        message: `DKIM key record is not a valid tag list: ${p.message}. Verifiers that cannot parse the key record treat it as a key syntax error (RFC 6376 §6.1.2) and fail every signature of selector "${d.selector}". Write each part as tag=value, separated by ";".`,
      });
    const tags = d.tl.tags;
    // A key record has a handful of tags: compare pairwise, with a set for long (hostile) lists.
    const seen = tags.length > 8 ? new Set<string>() : undefined;
    for (let i = 0; i < tags.length; i++) {
      const t = tags[i];
      if (t.name !== t.key && KEY_TAGS.has(t.key)) reportCase(t);
      let again = false;
      if (seen) {
        again = seen.has(t.name);
        seen.add(t.name);
      } else for (let j = 0; j < i && !again; j++) again = tags[j].name === t.name;
      if (again)
        ctx.report({
          start: t.span.start,
          end: t.span.end,
          message: `${t.name}= is given twice: a key record with a repeated tag is invalid (RFC 6376 §3.2), so verifiers may discard it and fail every signature of selector "${d.selector}" (others take one of the two). Keep the one you mean and remove the other.`,
        });
    }

    /**
     * p= holds a usable key of the type `k` that a verifier, reading no k= (it ignores K=), does
     * not take it for: the upper-case name is then why every signature fails. Otherwise K= is only
     * ignored (what else is wrong with the key, dkim/invalid-key says).
     */
    function keyIsOf(k: string): boolean {
      if (k === 'rsa') return false;
      const key = dkimKey(d!, ctx);
      return !!key && key.matchingK === k;
    }

    function reportCase(t: Tag) {
      // An upper-case name is an unknown tag to a verifier, which ignores it (RFC 6376 §3.2, §3.6.1).
      let effect: string;
      let severity: Severity | undefined;
      // Beside the lower-case tag it is only ignored; K= on a key that is RSA anyway changes nothing.
      const shadowed = !!dkimTag(d!, t.key);
      if (t.key === 'p' && !shadowed) effect = 'so verifiers find no key here and every signature with this selector fails';
      else if (t.key === 'k' && !shadowed && keyIsOf(t.value.trim().toLowerCase()))
        effect = `so verifiers ignore it and read the key as RSA (the default), not ${t.value}`;
      else {
        effect = `so verifiers ignore it, as if there were no ${t.key}= tag`;
        severity = 'warning';
      }
      const edits = joinedEdits(rec, t.nameAt, t.nameAt + t.name.length, t.key);
      const fixes: Fix[] = edits ? [{ title: `Write ${t.key}= in lower case`, edits, preferred: true }] : [];
      ctx.report({
        start: t.nameSpan.start,
        end: t.nameSpan.end,
        severity,
        message: `"${t.name}" is not "${t.key}": DKIM tag names are case-sensitive (RFC 6376 §3.2), ${effect}. Write ${t.key}= in lower case.`,
        fixes,
      });
    }
  },
};
