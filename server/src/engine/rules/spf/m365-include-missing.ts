// spf/m365-include-missing: MX at *.mail.protection.outlook.com, but the SPF lacks
// include:spf.protection.outlook.com.
import type { Rule } from '../../rule';
import { editJoined } from '../../spf/edit';
import { forEachNode } from '../../spf/lookups';
import { withTree } from './tree-util';
import { activeSpf, shortName } from './util';

const M365_MX = /\.mail\.protection\.outlook\.com\.$/;
const M365_SPF = 'spf.protection.outlook.com.';
const INCLUDE = 'include:spf.protection.outlook.com';

export const spfM365IncludeMissing: Rule = {
  id: 'spf/m365-include-missing',
  severity: 'warning',
  types: ['MX'],
  docs: {
    summary: 'Microsoft 365 mail domain without `include:spf.protection.outlook.com`',
    details: [
      'When a name\'s MX points to `<tenant>.mail.protection.outlook.com`, its mail is handled by Microsoft 365, and Exchange Online sends from Microsoft\'s servers. Microsoft requires `include:spf.protection.outlook.com` in the SPF record (an `include` matches when the included policy passes the sender, RFC 7208 §5.2); without it, mail sent through Microsoft 365 fails SPF, and with `-all` it may be rejected.',
      '',
      'The check looks through the includes mailzone can resolve; when some cannot be resolved it stays silent rather than guess. Switch it off with the `m365` setting (`--no-m365`) for zones that only receive through Microsoft.',
      '',
      'Fix: add `include:spf.protection.outlook.com` before `all`.',
    ].join('\n'),
    bad: 'example.com. MX 0 example-com.mail.protection.outlook.com.\nexample.com. TXT "v=spf1 -all"',
    good: 'example.com. MX 0 example-com.mail.protection.outlook.com.\nexample.com. TXT "v=spf1 include:spf.protection.outlook.com -all"',
  },
  onRecord(mx, ctx) {
    if (ctx.options.m365 === false) return;
    if (!mx.target || !M365_MX.test(mx.target)) return;
    const owner = mx.owner;
    // One finding per name: the first Microsoft 365 MX of the name reports it.
    if (ctx.recordsAt(owner, 'MX').find((r) => !!r.target && M365_MX.test(r.target)) !== mx) return;
    const spfs = ctx.recordsAt(owner, 'TXT').filter((r) => activeSpf(r, ctx));
    if (spfs.length === 0) {
      const text = mx.file.text;
      const nl = text.indexOf('\n', mx.end);
      const at = nl < 0 ? text.length : nl + 1;
      const line = `${owner} IN TXT "v=spf1 ${INCLUDE} -all"\n`;
      ctx.report({
        start: mx.start,
        end: mx.end,
        file: mx.file,
        message: `${shortName(owner)} receives mail through Microsoft 365 (MX ${mx.target}) but publishes no SPF record: mail it sends through Exchange Online cannot pass SPF, and anyone can spoof it. Add \`v=spf1 ${INCLUDE} -all\`.`,
        fixes: mx.format === 'zone' ? [{ title: 'Add an SPF record with the Microsoft 365 include', edits: [{ file: mx.file, start: at, end: at, newText: (nl < 0 ? '\n' : '') + line }], preferred: true }] : [],
      });
      return;
    }
    if (spfs.length > 1) return; // spf/multiple-records
    const rec = spfs[0];
    const spf = activeSpf(rec, ctx)!;
    if (spf.terms.some((t) => t.name === 'include' && t.domain === M365_SPF)) return;
    withTree(rec, ctx, ({ tree }) => {
      let found = false;
      forEachNode(tree.root, (n) => {
        if ((n.kind === 'include' || n.kind === 'redirect') && n.target === M365_SPF) found = true;
      });
      if (found || !tree.complete) return;
      const allT = spf.allIndex >= 0 ? spf.terms[spf.allIndex] : spf.redirect;
      const at = allT ? allT.from : spf.text.length;
      const insert = allT ? INCLUDE + ' ' : (spf.text.endsWith(' ') ? '' : ' ') + INCLUDE;
      ctx.report({
        file: rec.file,
        message: `${shortName(owner)} receives mail through Microsoft 365 (MX ${mx.target}), but its SPF record does not include \`spf.protection.outlook.com\`, directly or through its includes: mail sent through Exchange Online fails SPF. Add \`${INCLUDE}\`.`,
        fixes: [{ title: `Add \`${INCLUDE}\``, edits: editJoined(rec, spf, at, at, insert), preferred: true }],
        ...spf.span(spf.version.from, spf.version.to),
      });
    });
  },
};
