// Tag-list views of the MTA-STS, TLS-RPT and BIMI records for the rules of this area.
import type { DnsRecord } from '../../model';
import type { LintContext } from '../../rule';
import { joinedText, printable, tagList, type Tag, type TagList } from '../../taglist';
import { distinctTxt, kindOfName, siblings } from '../../policy/names';
import { notOfKind } from '../../policy/tags';

export function policyTags(rec: DnsRecord, kind: 'mta-sts' | 'tlsrpt' | 'bimi', ctx: Pick<LintContext, 'memo'>): TagList | undefined {
  if (rec.type !== 'TXT' || kindOfName(rec.owner) !== kind) return undefined;
  return tagList(rec, ctx);
}

/** The domain a `_mta-sts.` / `_smtp._tls.` / `<sel>._bimi.` name is for. */
export function policyDomain(owner: string, kind: 'mta-sts' | 'tlsrpt' | 'bimi'): string {
  if (kind === 'mta-sts') return owner.slice('_mta-sts.'.length);
  if (kind === 'tlsrpt') return owner.slice('_smtp._tls.'.length);
  return owner.slice(owner.indexOf('._bimi.') + '._bimi.'.length);
}

/**
 * MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) have their own grammar, stricter than the DKIM
 * tag list in some ways and looser in others:
 *   record     = version 1*(field-delim field) [field-delim]
 *   field-delim = *WSP ";" *WSP
 *   ext-name   = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
 *   ext-value  = 1*(%x21-3A / %x3C / %x3E-7E)        ; no "=", ";", space or control
 * The record starts with `v=` (no leading space), there is no white space around `=` (`%s"v=STSv1"`,
 * `%s"id="`, `%s"rua="`: case-sensitive), and an extension name may start with a digit and hold
 * "-" and ".". The parts of the text that break this, in words; `known` are the field names
 * (exact case) whose values other checks read (v, id, rua).
 */
export function strictTagProblems(tl: TagList, rfc: string, known: readonly string[]): string[] {
  const out: string[] = [];
  const text = tl.text;
  const first = tl.tags[0];
  const lead = first && first.nameAt > 0 ? text.slice(0, first.nameAt) : '';
  if (lead && /^[ \t;]*$/.test(lead))
    out.push(`the record must start with "v=", not with ${lead.includes(';') ? '";"' : 'white space'} (${rfc})`);
  const spaced: string[] = [];
  const notField: string[] = [];
  const badName: string[] = [];
  const badValue: string[] = [];
  for (const seg of text.split(';')) {
    const s = seg.replace(/^[ \t]+|[ \t]+$/g, '');
    if (s === '') continue;
    const eq = s.indexOf('=');
    if (eq < 0) {
      notField.push(s);
      continue;
    }
    const rawName = s.slice(0, eq);
    const rawValue = s.slice(eq + 1);
    const name = rawName.replace(/[ \t]+$/, '');
    const value = rawValue.replace(/^[ \t]+/, '');
    if (name !== rawName || (value !== rawValue && value !== '')) spaced.push(`${name}=`);
    if (known.includes(name)) continue;
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/.test(name)) badName.push(name);
    else if (!/^[\x21-\x3a\x3c\x3e-\x7e]+$/.test(value)) badValue.push(name);
  }
  if (spaced.length) out.push(`no white space is allowed around "=" (${spaced.join(', ')}; ${rfc})`);
  for (const s of notField) out.push(`"${printable(s)}" is not a field: a field is written name=value`);
  for (const n of badName)
    out.push(
      n === ''
        ? `a field has no name before "=" (${rfc})`
        : `"${printable(n)}" is not a valid field name: a letter or digit, then up to 31 letters, digits, "_", "-" or "." (${rfc})`,
    );
  for (const n of badValue) out.push(`the value of ${printable(n)}= must be one or more printable characters other than "=", ";" and space (${rfc})`);
  return out;
}

/**
 * The two breaks of the delimiter grammar (`version 1*(field-delim field) [field-delim]`,
 * `field-delim = *WSP ";" *WSP`) that the senders whose code was read skip over: an empty field
 * (`;;`, `; ;`: one ";" between two fields, one at most at the end) and white space after the last
 * value with no ";" after it (`id=1 `). postfix-mta-sts-resolver, maddy's go-mtasts and Stalwart's
 * mail-auth split at ";" (or skip it) and trim, so they read such a record (KumoMTA skips `;;`
 * but refuses `; ;`); a sender that parses by the grammar need not. A ";" before v= is
 * strictTagProblems' (senders that find the record by its leading "v=" never see it).
 */
export function delimiterProblems(tl: TagList): DelimiterProblem[] {
  const out: DelimiterProblem[] = [];
  const segs = tl.text.split(';');
  let empty = 0;
  let k = 0;
  while (k < segs.length - 1 && /^[ \t]*$/.test(segs[k])) k++; // before v=: strictTagProblems
  for (k++; k < segs.length - 1; k++) if (/^[ \t]*$/.test(segs[k])) empty++;
  if (empty)
    out.push({
      message: `${empty === 1 ? 'there is an empty field' : `there are ${empty} empty fields`} (";;" or "; ;"): exactly one ";" goes between two fields, and at most one after the last`,
      lenient: 'skip an empty field',
      fix: 'the extra ";"',
    });
  const last = segs[segs.length - 1];
  if (/[^ \t][ \t]+$/.test(last))
    out.push({
      message: `there is white space after the last field ("${printable(last.trim(), 40)}") with no ";" after it: only a ";", with or without white space around it, may follow the last field`,
      lenient: 'trim the white space',
      fix: 'the white space after the last field (or end the record with ";")',
    });
  return out;
}

export interface DelimiterProblem {
  /** What is wrong, in words (without the RFC). */
  message: string;
  /** What lenient senders do with it: 'skip an empty field'. */
  lenient: string;
  /** What to remove: 'the extra ";"'. */
  fix: string;
}

/** The first field written with exactly this name (MTA-STS and TLS-RPT names are case-sensitive). */
export function exactTag(tl: TagList, name: string): Tag | undefined {
  for (const t of tl.tags) if (t.name === name) return t;
  return undefined;
}

/** "the id= tag is missing", with a word on a field that differs only in case (`ID=`). */
export function missingTag(tl: TagList, name: string): string {
  const other = tl.get(name);
  return `the ${name}= tag is missing${other ? ` (${printable(other.name)}= is not ${name}=: field names are case-sensitive)` : ''}`;
}

/**
 * The records at `owner` that senders keep (RFC 8461 §3.1, RFC 8460 §3: those beginning with the
 * version, then ";" or the end), the same record written twice counted once (RFC 2181 §5).
 */
export function versionRecords(ctx: Pick<LintContext, 'memo' | 'recordsAt'>, owner: string, version: string, re = new RegExp(`^v=${version}[ \\t]*(;|$)`)): DnsRecord[] {
  const found = siblings(ctx, owner, 'TXT', (r) => re.test(joinedText(r)), version);
  if (found.length < 2) return found;
  return ctx.memo(`distinct:${version}`, found[0], () => distinctTxt(found));
}

/** What tells the MTA-STS and TLS-RPT syntax checks apart (they are otherwise one check). */
export interface VersionedRecordSpec {
  kind: 'mta-sts' | 'tlsrpt';
  /** 'MTA-STS'. */
  label: string;
  /** 'RFC 8461 §3.1'. */
  rfc: string;
  /** 'STSv1'. */
  version: string;
  /** The tag that must follow the version: 'id'. */
  required: string;
  /** Who ignores a bad record: 'Sending servers ignore it'. */
  ignored: string;
  /** What a record senders ignore costs: 'so TLS is not enforced for mail to this domain'. */
  cost: string;
  /** The senders read to accept an empty field and trailing white space (delimiterProblems). */
  lenient: string;
  /** How to keep one record of several. */
  keepOne: string;
  /** The record to write: '"v=STSv1; id=<id>"'. */
  write: string;
}

/**
 * mta-sts/syntax and tlsrpt/syntax: the record's grammar (the version first, then the required
 * tag), and more than one record at the name — senders keep the records beginning with the
 * version and use none when more than one is left. A well-formed duplicate is reported as such.
 */
export function checkVersionedRecord(rec: DnsRecord, ctx: LintContext, spec: VersionedRecordSpec): void {
  const tl = policyTags(rec, spec.kind, ctx);
  if (!tl || notOfKind(spec.kind, tl)) return; // another protocol's TXT, discarded
  const problems = strictTagProblems(tl, spec.rfc, ['v', spec.required]);
  const loose = delimiterProblems(tl);
  const first = tl.tags[0];
  if (!first || first.name !== 'v' || first.value !== spec.version) problems.push(`it must start with v=${spec.version}`);
  if (!exactTag(tl, spec.required)) problems.push(missingTag(tl, spec.required));
  const kept = versionRecords(ctx, rec.owner, spec.version);
  const dup = kept.length > 1 && kept.indexOf(rec) > 0;
  if (problems.length === 0 && dup) {
    // The record itself is fine: the fault is that there are two.
    ctx.report({
      start: tl.span.start,
      end: tl.span.end,
      message: `There are ${kept.length} ${spec.label} records at this name: senders use none when more than one begins with v=${spec.version} (${spec.rfc}), ${spec.cost}. ${spec.keepOne}`,
      related: kept.filter((r) => r !== rec).map((r) => ({ file: r.file, start: r.start, end: r.end, message: `another ${spec.label} record` })),
    });
    return;
  }
  if (dup) problems.push(`there is more than one ${spec.label} record at this name, so senders use none`);
  if (problems.length === 0 && loose.length) {
    // Only the delimiters are off: the senders read take the record, a strict one need not.
    ctx.report({
      start: tl.span.start,
      end: tl.span.end,
      severity: 'warning',
      message: `${spec.label} record breaks the grammar of ${spec.rfc}: ${loose.map((l) => l.message).join('; ')}. ${spec.lenient} ${loose.map((l) => l.lenient).join(' and ')}, but a sender that parses the record by the grammar may ignore it, ${spec.cost}. Remove ${loose.map((l) => l.fix).join(' and ')}.`,
    });
    return;
  }
  for (const l of loose) problems.push(`${l.message} (${spec.rfc})`);
  if (problems.length === 0) return;
  ctx.report({
    start: tl.span.start,
    end: tl.span.end,
    message: `${spec.label} record is not valid: ${problems.join('; ')}. ${spec.ignored}, ${spec.cost}. Write ${spec.write}${dup ? ' and keep only one record' : ''}.`,
  });
}
