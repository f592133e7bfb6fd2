// Helpers shared by the SPF rule modules (not a rule).
import type { DnsRecord, Fix, Span, TextEdit } from '../../model';
import { editJoined } from '../../spf/edit';
import type { LintContext } from '../../rule';
import { isSpfText, spfOf, type SpfParse, type SpfProblemRule } from '../../spf/parse';
import { CNAME_TARGETS, SPF_TARGETS } from '../../spf/targets';

export const SPF_TYPES = ['TXT', 'SPF'] as const;

/** The SPF view of a TXT/SPF record that looks like SPF (any version spelling). */
export function spfView(rec: DnsRecord, ctx: LintContext): SpfParse | undefined {
  return spfOf(rec, ctx);
}

/** The SPF view when the record is one receivers use: a TXT starting with `v=spf1` (§4.5). */
export function activeSpf(rec: DnsRecord, ctx: LintContext): SpfParse | undefined {
  if (rec.type !== 'TXT') return undefined;
  const spf = spfOf(rec, ctx);
  return spf && isSpfText(spf.text) ? spf : undefined;
}

/** Terms are checked on every record that looks like SPF (TXT or type SPF), whatever the version spelling. */
export function reportProblems(rule: SpfProblemRule, rec: DnsRecord, ctx: LintContext): void {
  const spf = spfOf(rec, ctx);
  if (!spf) return;
  for (const p of spf.problems) {
    if (p.rule !== rule) continue;
    ctx.report({ file: rec.file, message: p.message, ...spf.span(p.from, p.to) });
  }
}

/** Span of all the record's strings (the SPF text as written). */
export function valueSpan(rec: DnsRecord): Span {
  const s = rec.strings ?? [];
  if (s.length === 0) return { start: rec.start, end: rec.end };
  return { start: s[0].start, end: s[s.length - 1].end };
}

export function shortName(name: string): string {
  return name.endsWith('.') && name.length > 1 ? name.slice(0, -1) : name;
}

/**
 * Edits that delete a record's whole line(s), or undefined when that would change the meaning of
 * the next record (it inherits this record's owner) or the format is not a zone file.
 */
export function deleteRecordEdits(rec: DnsRecord, _ctx?: LintContext): TextEdit[] | undefined {
  if (rec.format !== 'zone') return undefined;
  const text = rec.file.text;
  if (rec.ownerTok && nextLineInheritsOwner(text, rec.end)) return undefined;
  let start = rec.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start = rec.start;
  let end = rec.end;
  const nl = text.indexOf('\n', end);
  end = nl < 0 ? text.length : nl + 1;
  return [{ file: rec.file, start, end, newText: '' }];
}

/**
 * True when the first line after `from` that holds a record or directive starts with a blank (the
 * master-file rule: it then has the previous line's owner). Read from the text, not the zone, so
 * that the rule stays a check of its own record.
 */
export function nextLineInheritsOwner(text: string, from: number): boolean {
  let i = text.indexOf('\n', from);
  while (i >= 0 && i + 1 < text.length) {
    const start = i + 1;
    let j = start;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    const c = text[j];
    if (j >= text.length) return false;
    if (c === '\n' || c === '\r' || c === ';') {
      i = text.indexOf('\n', j);
      continue;
    }
    return j > start;
  }
  return false;
}

/** The quick fix that changes the qualifier of `all` (or of any mechanism) to `q`. */
export function qualifierFix(rec: DnsRecord, spf: import('../../spf/parse').SpfParse, term: import('../../spf/parse').SpfTerm, q: '-' | '~' | '?', preferred = false): Fix {
  const edits = editJoined(rec, spf, term.from, term.from + (term.qualifier ? 1 : 0), q);
  return { title: `Change to \`${q}${term.text.replace(/^[+\-~?]/, '')}\``, edits, preferred };
}


/**
 * The SPF records of the workspace whose `include:` or `redirect=` names `owner`: this zone's
 * through ctx.indexed (tracked by key, so the incremental lint re-checks when one changes) and
 * every other zone's.
 */
export function spfReferrers(rec: DnsRecord, ctx: LintContext): DnsRecord[] {
  return referrerChain(rec, ctx).refs;
}

/** The referrers of spfReferrers, and the name they use for the record (its owner, or an alias of it). */
function referrerChain(rec: DnsRecord, ctx: LintContext): { refs: DnsRecord[]; name: string } {
  const direct = referrersOf(rec.owner, rec, ctx);
  if (direct.length) return { refs: direct, name: rec.owner };
  // An include/redirect that reaches the name through CNAMEs (`include:_spf.customer.example`
  // with `_spf.customer.example CNAME spf.provider.example.`): receivers follow the alias
  // (RFC 1034 §3.6.2), so the record is that include's target all the same. A few hops, each name once.
  const seen = new Set([rec.owner]);
  let names = [rec.owner];
  for (let hop = 0; hop < 8 && names.length; hop++) {
    const next: string[] = [];
    for (const n of names) {
      for (const c of referrersOf(n, rec, ctx, CNAME_TARGETS)) {
        if (seen.has(c.owner)) continue;
        seen.add(c.owner);
        const refs = referrersOf(c.owner, rec, ctx);
        if (refs.length) return { refs, name: c.owner };
        next.push(c.owner);
      }
    }
    names = next;
  }
  return { refs: [], name: rec.owner };
}

/** The records of the workspace (this zone's tracked through ctx.indexed) that `index` files under `name`. */
function referrersOf(name: string, rec: DnsRecord, ctx: LintContext, index = SPF_TARGETS): DnsRecord[] {
  const here = ctx.indexed(index, name);
  const elsewhere = ctx.workspace.indexedElsewhere(index, name, rec.file.path);
  return elsewhere.length ? [...here, ...elsewhere] : here;
}

/**
 * True when the record's `all` (or its lack) has no effect: its name is a policy fragment that
 * other SPF records of the workspace only `include:` (never `redirect=` to, which does use the
 * target's result), and it is no mail domain itself (an underscore name, or no MX, A or AAAA).
 * An include only matches on the target's pass; fail, softfail and neutral are all "not match"
 * (RFC 7208 §5.2), so `~all`, `?all` or no `all` there do not let spoofed mail through.
 */
export function onlyIncluded(rec: DnsRecord, ctx: LintContext): boolean {
  const owner = rec.owner;
  const underscore = owner.startsWith('_') || owner.includes('._');
  if (!underscore && ctx.recordsAt(owner).some((r) => r.type === 'MX' || r.type === 'A' || r.type === 'AAAA')) return false;
  const { refs, name } = referrerChain(rec, ctx);
  if (refs.length === 0) return false;
  let included = false;
  for (const r of refs) {
    const spf = spfOf(r, ctx);
    if (!spf) continue;
    for (const t of spf.terms) {
      if (t.domain !== name) continue;
      if (t.kind === 'modifier' && t.name === 'redirect') return false;
      if (t.kind === 'mechanism' && t.name === 'include') included = true;
    }
  }
  return included;
}
