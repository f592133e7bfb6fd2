// Helpers shared by the SPF rule modules (not a rule).
import type { DnsRecord, Fix, Span, TextEdit } from '../../model';
import { editJoined } from '../../spf/edit';
import type { LintContext } from '../../rule';
import { isSpfText, spfOf, type SpfParse, type SpfProblemRule } from '../../spf/parse';

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

/** SPF records (TXT, receivers' view) of the zone being linted. */
export function zoneSpfRecords(ctx: LintContext): { rec: DnsRecord; spf: SpfParse }[] {
  return once(ctx, 'zone-spf', () => collectSpf(ctx));
}

function collectSpf(ctx: LintContext): { rec: DnsRecord; spf: SpfParse }[] {
  const out: { rec: DnsRecord; spf: SpfParse }[] = [];
  for (const rec of ctx.zone.records) {
    if (rec.type !== 'TXT') continue;
    const spf = activeSpf(rec, ctx);
    if (spf) out.push({ rec, spf });
  }
  return out;
}

export function shortName(name: string): string {
  return name.endsWith('.') && name.length > 1 ? name.slice(0, -1) : name;
}

/**
 * Edits that delete a record's whole line(s), or undefined when that would change the meaning of
 * the next record (it inherits this record's owner) or the format is not a zone file.
 */
export function deleteRecordEdits(rec: DnsRecord, ctx: LintContext): TextEdit[] | undefined {
  if (rec.format !== 'zone') return undefined;
  const recs = ctx.zone.records;
  const i = recs.indexOf(rec);
  const next = i >= 0 ? recs[i + 1] : undefined;
  if (rec.ownerTok && next && next.file === rec.file && !next.ownerTok) return undefined;
  const text = rec.file.text;
  let start = rec.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start = rec.start;
  let end = rec.end;
  const nl = text.indexOf('\n', end);
  end = nl < 0 ? text.length : nl + 1;
  return [{ file: rec.file, start, end, newText: '' }];
}

/** The quick fix that changes the qualifier of `all` (or of any mechanism) to `q`. */
export function qualifierFix(rec: DnsRecord, spf: import('../../spf/parse').SpfParse, term: import('../../spf/parse').SpfTerm, q: '-' | '~' | '?', preferred = false): Fix {
  const edits = editJoined(rec, spf, term.from, term.from + (term.qualifier ? 1 : 0), q);
  return { title: `Change to \`${q}${term.text.replace(/^[+\-~?]/, '')}\``, edits, preferred };
}

const perRun = new WeakMap<LintContext, Map<string, unknown>>();

/** A value computed once per lint run (shared by the rules of this area). */
export function once<T>(ctx: LintContext, key: string, compute: () => T): T {
  let m = perRun.get(ctx);
  if (!m) perRun.set(ctx, (m = new Map()));
  if (m.has(key)) return m.get(key) as T;
  const v = compute();
  m.set(key, v);
  return v;
}

/** Active SPF records of the zone grouped by owner (one pass, shared). */
export function spfByOwner(ctx: LintContext): Map<string, DnsRecord[]> {
  return once(ctx, 'spf-by-owner', () => {
    const m = new Map<string, DnsRecord[]>();
    for (const { rec } of zoneSpfRecords(ctx)) {
      const l = m.get(rec.owner);
      if (l) l.push(rec);
      else m.set(rec.owner, [rec]);
    }
    return m;
  });
}
