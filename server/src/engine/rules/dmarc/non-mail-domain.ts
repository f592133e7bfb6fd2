import type { DnsRecord } from '../../model';
import type { LintContext, Rule } from '../../rule';
import { dmarcView, effectivePolicy, inheritedPolicy, lookupOf, nextInWalk, policyValue, startsDmarc, type EffectivePolicy } from '../../policy/dmarc';
import { addTagAfterFix, insertLineAfter, ownerTextNear, quoteTxt, removeTagFix, setValueFix } from '../../policy/edits';
import { bare, isNullMx, orgDomain, siblings } from '../../policy/names';
import { joinedText } from '../../taglist';
import { isUnder } from '../../workspace';

export const dmarcNonMailDomain: Rule = {
  id: 'dmarc/non-mail-domain',
  severity: 'warning',
  types: ['TXT', 'MX'],
  docs: {
    summary: 'A domain with a null MX whose DMARC is not `p=reject`',
    details:
      'A null MX (`MX 0 .`, RFC 7505) says the domain receives no mail; a domain that sends none either should tell receivers to reject all mail claiming to be from it. ' +
      'With `p=none` receivers deliver mail that spoofs it as usual; with `p=quarantine` they put it in the spam folder instead of rejecting it. ' +
      'A null-MX name without a `_dmarc` record of its own gets the subdomain policy (`sp`, else `p`) of the record the DMARC tree walk finds above it (RFC 9989 §4.10.1), ' +
      'and is reported on its null MX when that policy is weaker than `reject`, or when there is no DMARC record at all (none at `_dmarc`, none inherited from a parent in the workspace).\n\n' +
      'A `p=reject` in test mode (`t=y`) is reported too: receivers apply one level lower (§4.7), so it acts as `quarantine`, and a domain that sends no mail has nothing to test.\n\n' +
      'Fix: set `p=reject` (together with SPF `v=spf1 -all`) and remove `t=y`; the quick fix adds a `_dmarc` record with `p=reject` for the null-MX name when it has none.',
    bad: '@ IN MX 0 .\n_dmarc IN TXT "v=DMARC1; p=none"',
    good: '@ IN MX 0 .\n_dmarc IN TXT "v=DMARC1; p=reject"',
  },
  onRecord(rec, ctx) {
    if (rec.type === 'MX') return missingDmarc(rec, ctx);
    const d = dmarcView(rec, ctx);
    if (!d || !d.looksDmarc) return;
    const mx = siblings(ctx, d.domain, 'MX');
    if (mx.length === 0 || !ctx.memo('null-mx-only', mx[0], () => mx.every(isNullMx))) return;
    const p = d.tl.get('p');
    if (policyValue(p) === 'reject') {
      // t=y: receivers apply one level lower (RFC 9989 §4.7), so reject acts as quarantine. A
      // domain that sends no mail has nothing to test.
      const t = d.tl.get('t');
      if (!t || t.value.toLowerCase() !== 'y') return;
      ctx.report({
        start: t.span.start,
        end: t.span.end,
        message: `${bare(d.domain)} has a null MX (it takes no mail), yet its p=reject is in test mode: with t=y receivers apply one level lower (RFC 9989 §4.7), so mail that spoofs it is put in the spam folder instead of rejected. A domain that sends no mail has nothing to test: remove t=y.`,
        fixes: [removeTagFix(rec, d.tl, t, 'Remove t=y', true)],
        related: [{ file: mx[0].file, start: mx[0].start, end: mx[0].end, message: 'the null MX' }],
      });
      return;
    }
    const fix = p
      ? setValueFix(rec, d.tl, p, 'reject', 'Set p=reject', true)
      : addTagAfterFix(rec, d.tl, d.tl.get('v') ?? d.tl.tags[d.tl.tags.length - 1], 'p', 'reject', 'Add p=reject', true);
    const at = p ?? d.tl.get('v') ?? d.tl.tags[0];
    ctx.report({
      start: at ? at.span.start : d.tl.span.start,
      end: at ? at.span.end : d.tl.span.end,
      message: `${bare(d.domain)} has a null MX (it takes no mail), yet its DMARC is ${p ? `p=${p.value}` : 'without p='}: ${outcome(effectivePolicy(d.tl), 'p')}. A domain that sends no mail can have all of it rejected: set p=reject.`,
      fixes: [fix],
      related: [{ file: mx[0].file, start: mx[0].start, end: mx[0].end, message: 'the null MX' }],
    });
  },
};

const hasDmarc = (ctx: LintContext, name: string): boolean =>
  ctx.recordsAt(name, 'TXT').some((r) => startsDmarc(joinedText(r))) || ctx.workspace.recordsAt(name, 'TXT').some((r) => startsDmarc(joinedText(r)));

/** What receivers do with mail that spoofs a domain under this policy (which is not reject). */
function outcome(e: EffectivePolicy, key: 'p' | 'sp'): string {
  const v = key === 'p' ? e.p : e.sp;
  if (e.ignored) return 'receivers ignore that record (no valid policy and no valid rua=), so mail that spoofs it is delivered as usual';
  if (e.invalid.length) return `${e.invalid.map((t) => `${t.name}=${t.value}`).join(', ')} is not a valid policy, so receivers act as if it said p=none and deliver mail that spoofs it as usual`;
  if (v === 'quarantine') return 'receivers put mail that spoofs it in the spam folder instead of rejecting it';
  return 'receivers deliver mail that spoofs it as usual (monitoring only)';
}

/**
 * A null MX at a name with no DMARC record of its own (a parked domain): receivers use the
 * subdomain policy of the record the tree walk finds above it (RFC 9989 §4.10.1), or none at all.
 * Only when every ancestor up to the organizational domain is in the zone or the workspace, so an
 * inherited record is never guessed missing.
 */
function missingDmarc(rec: DnsRecord, ctx: LintContext): void {
  if (!isNullMx(rec) || rec.owner.startsWith('*.')) return;
  const mx = siblings(ctx, rec.owner, 'MX');
  if (mx[0] !== rec || !ctx.memo('null-mx-only', mx[0], () => mx.every(isNullMx))) return;
  if (hasDmarc(ctx, '_dmarc.' + rec.owner)) return; // its own record: reported there
  const org = orgDomain(rec.owner);
  const name = '_dmarc.' + rec.owner;
  const e = insertLineAfter(rec, `${ownerTextNear(rec, ctx.zone, name)} IN TXT ${quoteTxt('v=DMARC1; p=reject;')}`);
  const fixes = e ? [{ title: `Add ${bare(name)} with p=reject`, edits: [e], preferred: true }] : [];
  const tok = rec.ownerTok ?? rec.typeTok;
  if (rec.owner !== org && isUnder(rec.owner, org)) {
    const inh = inheritedPolicy(nextInWalk(rec.owner) ?? '.', lookupOf(ctx, rec.owner));
    if (inh.kind === 'unknown' || (inh.kind === 'found' && !inh.certain)) return; // cannot tell
    if (inh.kind === 'found') {
      const pol = effectivePolicy(inh.view.tl);
      if (pol.sp === 'reject') return;
      const from = bare(inh.domain);
      const which = pol.ignored || pol.invalid.length ? '' : inh.view.tl.get('sp') ? ` (sp=${pol.sp})` : ` (no sp=, so its p=${pol.p})`;
      const r = inh.view.rec;
      ctx.report({
        start: tok.start,
        end: tok.end,
        message:
          `${bare(rec.owner)} has a null MX (it takes no mail) and no DMARC record of its own, so it gets the subdomain policy of ${from}'s record${which}: ${outcome(pol, 'sp')}. ` +
          `Publish ${bare(name)} TXT "v=DMARC1; p=reject;" (or set sp=reject on ${from}'s record, which applies to all its subdomains).`,
        fixes,
        related: [{ file: r.file, start: r.start, end: r.end, message: `the DMARC record of ${from}, whose subdomain policy applies` }],
      });
      return;
    }
  }
  ctx.report({
    start: tok.start,
    end: tok.end,
    message: `${bare(rec.owner)} has a null MX (it takes no mail) but no DMARC record (${bare(name)}): receivers get no policy for mail that spoofs it. Publish ${bare(name)} TXT "v=DMARC1; p=reject;".`,
    fixes,
  });
}
