// Hover and completion for DMARC, DKIM, MTA-STS, TLS-RPT and BIMI tag-list records (owned by the policy work).
import type { CompletionEntry, FeatureContext, FeatureProvider, HoverResult } from '../features';
import { valueIndexAt, type DnsRecord } from '../model';
import { tagList, type TagList } from '../taglist';
import { describePolicy, effectivePolicy } from './dmarc';
import { analyseKey, atSelector, notDkim } from './dkim';
import { bare, kindOfName, orgDomain, type PolicyKind } from './names';
import { escapeFor } from './edits';
import { KIND_SIGNS, KIND_TITLE, docsFor, notOfKind, tagMarkdown } from './tags';

function kindOf(rec: DnsRecord): PolicyKind | undefined {
  if (rec.type !== 'TXT') return undefined;
  const k = kindOfName(rec.owner);
  if (!k) return undefined;
  const text = (rec.strings ?? []).map((s) => s.value).join('');
  if (/^v=spf1(\s|$)/i.test(text)) return undefined;
  return k;
}

function otherRecordNote(rec: DnsRecord, kind: PolicyKind, tl: TagList, ctx?: FeatureContext): string | undefined {
  const own = KIND_SIGNS[kind];
  if (!own || !notOfKind(kind, tl)) return undefined;
  if (kind === 'dkim') return dkimOtherNote(rec, ctx);
  return `**Not a ${KIND_TITLE[kind]}**: it does not begin with \`v=${own.version}\` and has no tag of one. Receivers discard such TXT records here (${own.rfc}), so it has no effect on ${kind === 'dmarc' ? 'DMARC' : kind === 'mta-sts' ? 'MTA-STS' : kind === 'tlsrpt' ? 'TLS reporting' : 'BIMI'} — a site-verification token, for example, can stay.`;
}

/**
 * A TXT record at a DKIM selector that is not a key record: what dkim/multiple-records (beside a
 * key record) or dkim/missing-key (alone) says about it. Verifiers do not discard it.
 */
function dkimOtherNote(rec: DnsRecord, ctx?: FeatureContext): string {
  const sel = rec.owner.slice(0, rec.owner.indexOf('._domainkey.'));
  const beside = ctx?.zone.records.some((r) => r !== rec && r.owner === rec.owner && atSelector(r) && !notDkim(r));
  const head = `**Not a ${KIND_TITLE.dkim}**: it does not begin with \`v=DKIM1\` and has no tag of one. Unlike DMARC receivers, DKIM verifiers do not skip it (RFC 6376 §3.6.2.2, §6.1.2).`;
  return beside
    ? `${head} They get it together with the key record of selector \`${sel}\`: OpenDKIM fails every signature of the selector ("multiple DNS replies"), and a verifier that picks this record finds no key. Publish it where the service that asked for it says (usually the domain itself) and delete it here.`
    : `${head} Verifiers read it as the key record of selector \`${sel}\`, find no key, and every signature with this selector fails. If the selector signs mail, publish its key record here; if the record is for another service, publish it where that service says (usually the domain itself).`;
}

function domainOf(rec: DnsRecord, kind: PolicyKind): string {
  const o = rec.owner;
  switch (kind) {
    case 'dmarc':
      return o.slice(7);
    case 'dkim':
      return o.slice(o.indexOf('._domainkey.') + 12);
    case 'mta-sts':
      return o.slice(9);
    case 'tlsrpt':
      return o.slice(11);
    case 'bimi':
      return o.slice(o.indexOf('._bimi.') + 7);
    case 'dmarc-auth':
      return o;
  }
}

/** Plain-words summary of the whole record. */
export function recordSummary(rec: DnsRecord, kind: PolicyKind, tl: TagList): string {
  const domain = bare(domainOf(rec, kind));
  const head = `**${KIND_TITLE[kind]}** for \`${domain}\``;
  switch (kind) {
    case 'dmarc': {
      const e = effectivePolicy(tl);
      return `${head}\n\n${describePolicy(domainOf(rec, kind), e, orgDomain(domainOf(rec, kind)))}`;
    }
    case 'dkim': {
      // DKIM tag names are case-sensitive (RFC 6376 §3.2): `P=` is an unknown tag, not the key.
      const exact = (name: string) => tl.tags.find((t) => t.name === name);
      const p = exact('p');
      if (!p) return `${head}\n\nNo \`p=\` tag: no key.`;
      const key = analyseKey(p, exact('k'));
      const sel = rec.owner.slice(0, rec.owner.indexOf('._domainkey.'));
      if (key.revoked) return `${head}, selector \`${sel}\`\n\nRevoked (empty \`p=\`): signatures with this selector fail.`;
      if (key.problem) return `${head}, selector \`${sel}\`\n\nUnusable key: ${key.problem}.`;
      const what = key.k === 'ed25519' ? 'Ed25519 key (RFC 8463)' : `RSA key, ${key.bits} bits${key.bits !== undefined && key.bits < 2048 ? ' — weak, rotate to 2048' : ''}`;
      const test = exact('t')?.value.split(':').some((f) => f.trim().toLowerCase() === 'y') ? '\n\nTesting (`t=y`): verifiers treat signatures as unverified.' : '';
      return `${head}, selector \`${sel}\`\n\n${what}. Signatures \`d=${domain}; s=${sel}\` verify against it.${test}`;
    }
    case 'mta-sts':
      return `${head}\n\nSending servers fetch the policy from \`https://mta-sts.${domain}/.well-known/mta-sts.txt\` and refetch when \`id\` (${tl.get('id')?.value ?? 'missing'}) changes.`;
    case 'tlsrpt':
      return `${head}\n\nSenders report TLS failures when delivering to ${domain} to: ${tl.get('rua')?.value ?? '(no rua)'}.`;
    case 'bimi': {
      const l = tl.get('l')?.value;
      return `${head}\n\n${l ? `Logo: ${l}` : 'Declines to show a logo (empty l=).'}${tl.get('a')?.value ? `\n\nVerified Mark Certificate: ${tl.get('a')!.value}` : ''}\n\nShown only when DMARC is enforced (quarantine or reject).`;
    }
    case 'dmarc-auth':
      return `${head}\n\nAuthorizes sending DMARC reports for another domain to addresses at this domain.`;
  }
}

/** A new MTA-STS policy id (RFC 8461 §3.1: 1–32 letters and digits): the time now, UTC. */
function stsIdNow(): string {
  return new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
}

function within(offset: number, s: { start: number; end: number }): boolean {
  return offset >= s.start && offset <= s.end;
}

export const policyFeatures: FeatureProvider = {
  hover(rec: DnsRecord, offset: number, ctx: FeatureContext): HoverResult | undefined {
    const kind = kindOf(rec);
    if (!kind) return undefined;
    const tl = tagList(rec);
    const other = otherRecordNote(rec, kind, tl, ctx);
    if (other) {
      if (rec.ownerTok && within(offset, rec.ownerTok)) return { markdown: other, start: rec.ownerTok.start, end: rec.ownerTok.end };
      if (within(offset, tl.span)) return { markdown: other, start: tl.span.start, end: tl.span.end };
      if (within(offset, rec.typeTok)) return { markdown: other, start: rec.typeTok.start, end: rec.typeTok.end };
      return undefined;
    }
    if (rec.ownerTok && within(offset, rec.ownerTok)) return { markdown: recordSummary(rec, kind, tl), start: rec.ownerTok.start, end: rec.ownerTok.end };
    for (const t of tl.tags) {
      if (!within(offset, t.span)) continue;
      if (t.key === 'v' && t.index === 0) return { markdown: recordSummary(rec, kind, tl) + '\n\n---\n\n' + tagMarkdown(kind, t.name, t.value), start: t.span.start, end: t.span.end };
      let md = tagMarkdown(kind, t.name, t.value);
      if (kind === 'dkim' && t.name === 'p') md += '\n\n' + recordSummary(rec, kind, tl).split('\n\n').slice(1).join('\n\n');
      return { markdown: md, start: t.span.start, end: t.span.end };
    }
    if (within(offset, tl.span) || within(offset, rec.typeTok)) return { markdown: recordSummary(rec, kind, tl), start: tl.span.start, end: tl.span.end };
    return undefined;
  },

  complete(rec: DnsRecord, offset: number, _ctx: FeatureContext): CompletionEntry[] | undefined {
    const kind = kindOf(rec);
    if (!kind || !rec.strings || rec.strings.length === 0) return undefined;
    const i = valueIndexAt(rec.strings, offset)?.index;
    if (i === undefined) return undefined;
    const tl = tagList(rec);
    const text = tl.text;
    const segStart = text.lastIndexOf(';', i - 1) + 1;
    const seg = text.slice(segStart, i);
    const docs = docsFor(kind);
    const eq = seg.indexOf('=');
    if (eq < 0) {
      // Tag names not yet present.
      const lead = seg.length - seg.trimStart().length;
      const wordStart = segStart + lead;
      const present = new Set(tl.tags.map((t) => t.key));
      // Before a tag of the same segment (`v=DMARC1;  p=reject`, the cursor between the spaces) the
      // inserted tag needs its own separator, escaped as the source writes it (`\;` in octoDNS).
      const semi = text.indexOf(';', i);
      const rest = text.slice(i, semi < 0 ? text.length : semi);
      // In the name of a tag that has its `=` already (`p|=none`): complete the name alone, over the
      // rest of the name, so the value stays the tag's.
      const nameTail = /^[A-Za-z0-9_-]*/.exec(rest)![0];
      // At the start of a name (`; |rua=`) a new tag goes in before it, as elsewhere.
      const renaming = seg.trim() !== '' && /^\s*=/.test(rest.slice(nameTail.length));
      const sep = renaming ? '' : rest.trim() ? escapeFor(rec, tl.stringAt(i), /^\s/.test(rest) ? ';' : '; ') : '';
      const replaceEnd = renaming && nameTail ? Math.max(offset, tl.toSource(i + nameTail.length, true)) : offset;
      const out: CompletionEntry[] = [];
      // Before the first tag (or in an empty record) only the version may go: it must be first.
      const first0 = tl.tags.length === 0 || tl.tags[0].nameAt >= wordStart;
      for (const [name, d] of Object.entries(docs)) {
        if (d.removed || (present.has(name) && !(seg.trim() + (renaming ? nameTail : '')).toLowerCase().startsWith(name))) continue;
        if (name === 'v' && !first0) continue;
        if (name !== 'v' && first0 && docs.v?.required && !renaming) continue;
        let first = d.example ?? d.values?.[0]?.value ?? '';
        // An MTA-STS policy id: a fresh one (the time now, as most publishers write it).
        if (kind === 'mta-sts' && name === 'id' && !first) first = stsIdNow();
        // A report address: at the record's own domain, as the value completion offers it.
        if (first.endsWith('@')) first += bare(domainOf(rec, kind));
        out.push({
          label: name,
          insertText: renaming ? name : `${name}=${first}${sep}`,
          detail: d.title,
          documentation: tagMarkdown(kind, name, undefined),
          kind: 'keyword',
          replaceStart: tl.toSource(wordStart),
          replaceEnd,
        });
      }
      return out;
    }
    const name = seg.slice(0, eq).trim().toLowerCase();
    const d = docs[name];
    if (!d) return [];
    const valStart = segStart + eq + 1;
    const before = text.slice(valStart, i);
    const lastSep = Math.max(before.lastIndexOf(':'), before.lastIndexOf(','));
    const wordStart = valStart + (name === 'fo' || name === 'h' || name === 't' ? lastSep + 1 : 0) + (before.length - before.trimStart().length > 0 && lastSep < 0 ? before.length - before.trimStart().length : 0);
    const domain = bare(domainOf(rec, kind));
    // A value replaces the value word under the cursor whole (`p=|none` → `p=reject`, not `p=rejectnone`).
    const list = name === 'fo' || name === 'h' || name === 't';
    let j = i;
    while (j < text.length && text[j] !== ';' && !/\s/.test(text[j]) && !(list && (text[j] === ':' || text[j] === ','))) j++;
    const replaceEnd = j > i ? Math.max(offset, tl.toSource(j, true)) : offset;
    if (d.values)
      // Discouraged values (h=sha1) last, so the first offered is one to choose.
      return [...d.values.filter((v) => !v.discouraged), ...d.values.filter((v) => v.discouraged)].map((v) => ({
        label: v.value,
        detail: v.does,
        documentation: tagMarkdown(kind, name, v.value),
        kind: 'value' as const,
        replaceStart: tl.toSource(wordStart),
        replaceEnd,
        ...(v.discouraged ? { deprecated: true } : {}),
      }));
    if (d.example && d.example.endsWith('@') && !d.values)
      return [{ label: `${d.example}${domain}`, detail: d.title, kind: 'value', replaceStart: tl.toSource(wordStart), replaceEnd }];
    if (kind === 'mta-sts' && name === 'id') return [{ label: stsIdNow(), detail: 'a new policy id: the time now (UTC)', kind: 'value', replaceStart: tl.toSource(wordStart), replaceEnd }];
    return [];
  },
};
