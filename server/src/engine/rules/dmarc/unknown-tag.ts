import type { Fix } from '../../model';
import type { Rule } from '../../rule';
import { DMARC_KNOWN, DMARC_TAGS, dmarcView } from '../../policy/dmarc';
import { replaceJoined } from '../../policy/edits';
import { oneEditAway } from '../../policy/similar';

export const dmarcUnknownTag: Rule = {
  id: 'dmarc/unknown-tag',
  severity: 'warning',
  types: ['TXT'],
  docs: {
    summary: 'A tag DMARC does not define',
    details:
      'RFC 9989 defines `v`, `p`, `sp`, `np`, `adkim`, `aspf`, `fo`, `rua`, `ruf`, `t` and `psd`. Receivers ignore other tags (§4.7), so a typo such as `rau=` silently ' +
      'loses what it was meant to say — here, all aggregate reports.\n\nFix: correct the name (the quick fix offers the known tag one edit away) or remove the tag.',
    bad: '_dmarc IN TXT "v=DMARC1; p=reject; rau=mailto:dmarc@example.com"',
    good: '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"',
  },
  onRecord(rec, ctx) {
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    for (const t of d.tl.tags) {
      if (DMARC_KNOWN.has(t.key)) continue;
      const guess = DMARC_TAGS.find((k) => k !== 'v' && !d.tl.get(k) && oneEditAway(t.key, k)) ?? DMARC_TAGS.find((k) => k !== 'v' && oneEditAway(t.key, k));
      const fixes: Fix[] = [];
      if (guess) {
        const e = replaceJoined(rec, d.tl, t.nameAt, t.nameAt + t.name.length, guess);
        if (e) fixes.push({ title: `Rename to ${guess}=`, edits: [e], preferred: true });
      }
      ctx.report({
        start: t.nameSpan.start,
        end: t.nameSpan.end,
        message: `"${t.name}" is not a DMARC tag, so receivers ignore it${guess ? `; did you mean "${guess}"?` : '. Remove it or correct the name.'}`,
        fixes,
        tags: ['unnecessary'],
      });
    }
  },
};
