// Suppression comments (catalog, "Suppression"):
//   ; mailzone-disable-next-line spf/soft-all, dmarc/p-none   (zone file)
//   # mailzone-disable-next-line spf/soft-all                 (YAML)
//   ; mailzone-disable spf/soft-all -- reason                 (rest of the file)
// The rule IDs end at the first later word that is not one (`-- reason`); the first word is taken
// as an ID unless it starts otherwise (`--`, `(`). With no rule ID, every rule is silenced. A
// suppression that silences nothing is itself reported.
import type { Directive, DnsRecord, Finding, Severity, SourceFile, Zone } from './model';
import { didYouMean } from './policy/similar';

export const UNUSED_SUPPRESSION = 'mailzone/unused-suppression';

/** The shape of a rule ID in a directive: `area/name` (`spf/soft-all`, `zone/string-too-long`). */
const RULE_ID = /^[A-Za-z][A-Za-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/**
 * The first word after the keyword is a rule ID when it looks like a try at one (a misspelt
 * `spf-soft-all`, `softall`): it is then reported as silencing nothing, where dropping it would
 * make the directive silence every rule without a word.
 */
const FIRST_ID = /^[A-Za-z][A-Za-z0-9_./-]*$/;

/**
 * Reads a comment as a directive. `start` is the offset of the comment marker (`;` or `#`), `end` the
 * end of the comment (the line end). Returns undefined when it is not a mailzone directive; cheap
 * enough to call on every comment of a million-record zone.
 */
export function parseDirective(file: SourceFile, start: number, end: number, line: number): Directive | undefined {
  const t = file.text;
  let i = start + 1;
  while (i < end && (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9)) i++;
  let kind: Directive['kind'];
  if (t.startsWith('mailzone-disable-next-line', i)) {
    kind = 'disable-next-line';
    i += 'mailzone-disable-next-line'.length;
  } else if (t.startsWith('mailzone-disable', i)) {
    kind = 'disable';
    i += 'mailzone-disable'.length;
  } else return undefined;
  const c = t.charCodeAt(i);
  if (i < end && c !== 32 && c !== 9) return undefined; // mailzone-disabled… is not ours
  // The rule IDs: words shaped like one (`area/name`), separated by white space or commas. The list
  // ends at the first other word (`-- why`, `(rest of the file)`, any explanation) or at a second
  // comment marker, so words of an explanation are never taken for rule IDs.
  const rules: Directive['rules'] = [];
  const word = /[^\s,]+/g;
  const body = t.slice(i, end);
  const cut = body.search(/[;#]/);
  const list = cut >= 0 ? body.slice(0, cut) : body;
  for (let m; (m = word.exec(list)); ) {
    if (!(rules.length === 0 ? FIRST_ID : RULE_ID).test(m[0])) break;
    rules.push({ id: m[0], start: i + m.index, end: i + m.index + m[0].length });
  }
  return { file, kind, rules, start, end, line };
}

/**
 * `knownIds`: the rule IDs there are; a directive naming another one is told so (with the nearest
 * ID) instead of "no such finding here".
 */
export function applySuppressions(zone: Zone, findings: Finding[], unusedSeverity: Severity | 'off', knownIds?: readonly string[]): Finding[] {
  if (zone.directives.length === 0) return findings;
  // Records of each file, in source order.
  const recsByFile = new Map<SourceFile, DnsRecord[]>();
  for (const r of zone.records) {
    const l = recsByFile.get(r.file);
    if (l) l.push(r);
    else recsByFile.set(r.file, [r]);
  }
  interface Active {
    d: Directive;
    from: number;
    to: number;
    ids: Set<string> | undefined;
    used: Set<string>;
  }
  const active: Active[] = [];
  /** `mailzone-disable` after a record, on its line: the catalog gives it effect on its own line only. */
  const inert: Directive[] = [];
  for (const d of zone.directives) {
    if (d.kind === 'disable' && !onOwnLine(d)) {
      inert.push(d);
      continue;
    }
    let from = d.end;
    let to = Number.MAX_SAFE_INTEGER;
    if (d.kind === 'disable-next-line') {
      const recs = recsByFile.get(d.file) ?? [];
      const next = firstAfter(recs, d.end);
      if (!next) {
        from = to = -1;
      } else {
        from = next.start;
        to = next.end;
      }
    }
    active.push({ d, from, to, ids: d.rules.length ? new Set(d.rules.map((r) => r.id)) : undefined, used: new Set() });
  }
  const out: Finding[] = [];
  for (const f of findings) {
    let silenced = false;
    for (const a of active) {
      if (a.d.file !== f.file || f.start < a.from || f.start > a.to) continue;
      if (a.ids && !a.ids.has(f.rule)) continue;
      a.used.add(a.ids ? f.rule : '*');
      silenced = true;
    }
    if (!silenced) out.push(f);
  }
  if (unusedSeverity !== 'off') {
    for (const d of inert) {
      const ids = d.rules.map((r) => r.id).join(', ');
      out.push({
        rule: UNUSED_SUPPRESSION,
        severity: unusedSeverity,
        message: `mailzone-disable silences a rule for the rest of the file only on a line of its own; after a record it silences nothing. Move it to a line of its own, or put \`mailzone-disable-next-line${ids ? ' ' + ids : ''}\` on the line above the record to silence only that one.`,
        file: d.file,
        start: d.start,
        end: d.end,
        tags: ['unnecessary'],
      });
    }
    for (const a of active) {
      if (a.ids) {
        const rules = a.d.rules;
        for (let j = 0; j < rules.length; j++) {
          const r = rules[j];
          if (a.used.has(r.id)) continue;
          // Remove only this ID with the separator before the next one (or after the previous one),
          // so the other IDs and the explanation stay; a directive with this ID alone goes whole
          // (without an ID it would silence every rule).
          const [rs, re] = rules.length === 1 ? directiveSpan(a.d) : j + 1 < rules.length ? [r.start, rules[j + 1].start] : [rules[j - 1].end, r.end];
          out.push({
            rule: UNUSED_SUPPRESSION,
            severity: unusedSeverity,
            message:
              knownIds && !knownIds.includes(r.id)
                ? `${r.id} is not a mailzone rule ID${didYouMean(r.id, knownIds)}, so this suppression silences nothing. Correct the ID (\`mailzone rules\` lists them) or remove it.`
                : `Suppression of ${r.id} silences nothing here: no ${r.id} finding on the ${a.d.kind === 'disable' ? 'rest of the file' : 'next record'}. Remove it so it does not hide a future problem.`,
            file: a.d.file,
            start: r.start,
            end: r.end,
            tags: ['unnecessary'],
            fixes: [{ title: `Remove the unused suppression of ${r.id}`, edits: [{ file: a.d.file, start: rs, end: re, newText: '' }] }],
          });
        }
      } else if (a.used.size === 0) {
        out.push({
          rule: UNUSED_SUPPRESSION,
          severity: unusedSeverity,
          message: 'This suppression silences nothing. Remove it so it does not hide a future problem.',
          file: a.d.file,
          start: a.d.start,
          end: a.d.end,
          tags: ['unnecessary'],
          fixes: [{ title: 'Remove the unused suppression', edits: [{ file: a.d.file, start: directiveSpan(a.d)[0], end: directiveSpan(a.d)[1], newText: '' }] }],
        });
      }
    }
  }
  return out;
}

/**
 * What removing a whole directive deletes: a comment on a line of its own goes with its line (no
 * blank line left where it stood); one after a record, with the blanks before it.
 */
function directiveSpan(d: Directive): [number, number] {
  const t = d.file.text;
  let s = d.start;
  while (s > 0 && (t[s - 1] === ' ' || t[s - 1] === '\t')) s--;
  let e = d.end;
  while (e < t.length && (t[e] === ' ' || t[e] === '\t' || t[e] === '\r')) e++;
  const lineStart = s === 0 || t[s - 1] === '\n';
  const lineEnd = e === t.length || t[e] === '\n';
  if (lineStart && lineEnd) return [s, e < t.length ? e + 1 : e];
  return lineEnd ? [s, d.end] : [d.start, d.end];
}

function firstAfter(recs: DnsRecord[], offset: number): DnsRecord | undefined {
  let lo = 0;
  let hi = recs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (recs[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return recs[lo];
}

/** True when only blanks come before the directive's comment marker on its line. */
function onOwnLine(d: Directive): boolean {
  const t = d.file.text;
  for (let i = d.start - 1; i >= 0; i--) {
    const c = t.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
