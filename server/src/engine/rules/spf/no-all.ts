// spf/no-all: no `all` and no `redirect=`: the default result for unlisted senders is neutral.
import type { Rule } from '../../rule';
import { editJoined } from '../../spf/edit';
import { onlyIncluded, SPF_TYPES, spfView } from './util';

export const spfNoAll: Rule = {
  id: 'spf/no-all',
  severity: 'warning',
  types: SPF_TYPES,
  docs: {
    summary: 'SPF record has neither `all` nor `redirect=`',
    details: [
      'When no mechanism matches and there is no `redirect=`, the result is **neutral** (RFC 7208 §4.7): receivers treat unlisted senders as if the domain had no SPF policy, so spoofed mail is not rejected.',
      '',
      'Not reported on a record that other SPF records of the workspace only `include:` (never `redirect=` to) and whose name is no mail domain itself (an underscore name, or no MX, A or AAAA): through an include, fail, softfail and neutral all mean "not match" (RFC 7208 §5.2), so the including record\'s own `all` decides.',
      '',
      'Fix: end the record with `-all`.',
    ].join('\n'),
    bad: 'example.com. TXT "v=spf1 mx"',
    good: 'example.com. TXT "v=spf1 mx -all"',
  },
  onRecord(rec, ctx) {
    const spf = spfView(rec, ctx);
    if (!spf || spf.allIndex >= 0 || spf.redirect) return;
    // A record whose version is not `v=spf1` and a space (`v=spf1include:…-all`, joined from
    // unquoted $GENERATE data or strings without a space): receivers do not use it at all, which
    // spf/version says; appending `-all` to it would not make it a policy.
    if (!spf.versionOk && !spf.versionCaseOnly) return;
    if (spf.terms.some((t) => t.kind === 'modifier' && t.name === 'redirect')) return;
    // `ip4:192.0.2.1-all`, `mx-all`: the `all` is there, glued to a term; spf/syntax says to add
    // the space (appending another `-all` would be the wrong fix).
    if (spf.terms.some((t) => t.gluedAll)) return;
    // Only used through include: (RFC 7208 §5.2): the neutral default there means "not match".
    if (onlyIncluded(rec, ctx)) return;
    const len = spf.text.length;
    const insert = spf.text.endsWith(' ') ? '-all' : ' -all';
    const strings = rec.strings ?? [];
    const lastLen = strings.length ? strings[strings.length - 1].value.length : 0;
    const fixes =
      lastLen + insert.length <= 255
        ? [{ title: 'Append `-all`', edits: editJoined(rec, spf, len, len, insert), preferred: true }]
        : rec.format === 'zone' && strings.length
          ? [{ title: 'Append `-all`', edits: [{ file: rec.file, start: strings[strings.length - 1].end, end: strings[strings.length - 1].end, newText: ' " -all"' }], preferred: true }]
          : [];
    const span = spf.span(spf.version.from, spf.version.to);
    ctx.report({
      file: rec.file,
      message: 'This SPF record has no `all` and no `redirect=`: mail from servers it does not list gets a neutral result, which receivers treat like no SPF policy (RFC 7208 §4.7). Append `-all`.',
      fixes,
      ...span,
    });
  },
};
