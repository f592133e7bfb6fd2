// Hover and completion for SPF records (owned by the SPF work). The hover on the version (or the
// record's owner/type) shows the lookup tree with the cost of each branch and the total; the hover
// on a term says what it means, what it costs and what its qualifier does.
import type { CompletionEntry, FeatureContext, FeatureProvider, HoverResult } from '../features';
import { valueIndexAt, type DnsRecord } from '../model';
import { buildTree, evaluatedLookupTerms, expandDomainMacros, formatSpfTree, forEachNode, modifierCount, SPF_LOOKUP_LIMIT, SPF_VOID_LIMIT, type SpfTree } from './lookups';
import { SPF_TARGETS } from './targets';
import { isSpfText, joinStrings, spfOfRecord, type SpfParse, type SpfTerm } from './parse';

interface TermDoc {
  title: string;
  syntax: string;
  meaning: string;
  cost: string;
}

const VOID_NOTE = 'an answer with no records, or a name that does not exist, is also a *void lookup*: receivers allow 2 per evaluation and return permerror beyond that';

export const SPF_TERM_DOCS: Record<string, TermDoc> = {
  all: {
    title: 'all — matches every sender',
    syntax: '`-all` · `~all` · `?all` · `+all`',
    meaning: 'Always matches, so evaluation stops here: its qualifier is the result for every sender no earlier mechanism matched (RFC 7208 §5.1). Terms after it are never evaluated, and a `redirect=` anywhere in the record is ignored (§6.1). Put it last; use `-all` (`+all` lets any server on the Internet send as the domain).',
    cost: 'no DNS lookup',
  },
  include: {
    title: 'include — another domain\'s SPF policy',
    syntax: '`include:<domain>`',
    meaning: 'Evaluates the SPF record of `<domain>` and matches only when it gives **pass** (RFC 7208 §5.2). A fail, softfail or neutral there (its `-all`, `~all`, `?all`) means this term does not match, and evaluation goes on with the next term here. If the domain has no SPF record, or its record has an error, the result is permerror. Used for providers (`include:spf.protection.outlook.com`).',
    cost: '1 DNS lookup, plus every lookup of the included record',
  },
  a: {
    title: 'a — the addresses of a domain',
    syntax: '`a` · `a:<domain>` · `a/24` · `a:<domain>/24//64`',
    meaning: 'Matches when the sender\'s IP is one of the domain\'s addresses — its A records for an IPv4 sender, its AAAA records for an IPv6 sender — or in the network a prefix length makes of one. Without a domain it is the domain being checked: this record\'s own name (RFC 7208 §5.3).',
    cost: `1 DNS lookup (${VOID_NOTE}, RFC 7208 §4.6.4)`,
  },
  mx: {
    title: 'mx — the mail servers of a domain',
    syntax: '`mx` · `mx:<domain>` · `mx/24//64`',
    meaning: 'Matches when the sender\'s IP is an address (A for IPv4, AAAA for IPv6) of one of the domain\'s MX hosts, or in the network a prefix length makes of one; without a domain it is this record\'s own name (RFC 7208 §5.4). Receivers look up at most 10 MX hosts: more is a permerror (§4.6.4). Only useful when your inbound servers also send.',
    cost: `1 DNS lookup (the address lookups of the MX hosts are not counted in the 10; ${VOID_NOTE}, RFC 7208 §4.6.4)`,
  },
  ptr: {
    title: 'ptr — reverse DNS (do not use)',
    syntax: '`ptr` · `ptr:<domain>`',
    meaning: 'Matches when the sender\'s reverse DNS name, verified forward, is the domain or under it (RFC 7208 §5.5). Slow and unreliable: RFC 7208 says it SHOULD NOT be published, and some receivers ignore it. List the senders with `ip4:`/`ip6:` or `include:` instead.',
    cost: '1 DNS lookup (plus reverse and forward lookups per sender)',
  },
  ip4: {
    title: 'ip4 — an IPv4 address or network',
    syntax: '`ip4:192.0.2.1` · `ip4:192.0.2.0/24`',
    meaning: 'Matches when the sender\'s IPv4 address is in the network; without a prefix length it is the one address (`/32`) (RFC 7208 §5.6). Never matches an IPv6 sender.',
    cost: 'no DNS lookup',
  },
  ip6: {
    title: 'ip6 — an IPv6 address or network',
    syntax: '`ip6:2001:db8::1` · `ip6:2001:db8::/32`',
    meaning: 'Matches when the sender\'s IPv6 address is in the network; without a prefix length it is the one address (`/128`) (RFC 7208 §5.6). Never matches an IPv4 sender.',
    cost: 'no DNS lookup',
  },
  exists: {
    title: 'exists — a name exists',
    syntax: '`exists:<domain>` (usually with macros: `exists:%{i}._spf.example.com`)',
    meaning: 'Matches when the domain, after macro expansion (RFC 7208 §7), has an A record, whatever its value — an A query even for an IPv6 sender (RFC 7208 §5.7).',
    cost: `1 DNS lookup (${VOID_NOTE}, RFC 7208 §4.6.4)`,
  },
  redirect: {
    title: 'redirect= — use another domain\'s policy',
    syntax: '`redirect=<domain>`',
    meaning: 'When no mechanism matched, the result is that of the other domain\'s SPF record, evaluated as if it were this one — its `all` decides (RFC 7208 §6.1). Ignored when the record has `all` anywhere. If the domain has no SPF record the result is permerror. At most one per record (§6).',
    cost: '1 DNS lookup, plus every lookup of the target record',
  },
  exp: {
    title: 'exp= — explanation for rejected mail',
    syntax: '`exp=<domain>`',
    meaning: 'Only when the result is fail: receivers may fetch a TXT record at the domain and show its text (with macros) to the sender (RFC 7208 §6.2). Not used from a record reached through `include:`. At most one per record (§6).',
    cost: 'no lookup counted (fetched after evaluation, RFC 7208 §4.6.4)',
  },
};

const QUALIFIER_DOCS: Record<string, string> = {
  '+': '**pass** (`+`, the default when no qualifier is written): a match authorizes the sender (RFC 7208 §8.3)',
  '-': '**fail** (`-`): a match means the sender is not authorized; receivers may reject the mail (RFC 7208 §8.4)',
  '~': '**softfail** (`~`): a match means probably not authorized; receivers should not reject on this alone — they accept and may mark the mail (RFC 7208 §8.5)',
  '?': '**neutral** (`?`): a match says nothing; receivers treat it like no policy (RFC 7208 §8.2)',
};

/** What `all` with each qualifier does to every sender the record does not list (record hover). */
const ALL_RESULT: Record<string, (name: string) => string> = {
  '-': () => '**fail** (`-all`): receivers may reject mail from any other server (RFC 7208 §8.4)',
  '~': () => '**softfail** (`~all`): mail from other servers is accepted and may be marked as suspicious (RFC 7208 §8.5)',
  '?': () => '**neutral** (`?all`): receivers treat it as if there were no policy (RFC 7208 §8.2)',
  '+': (name) => `**pass** (\`+all\`): any server on the Internet may send mail as ${name} (RFC 7208 §8.3)`,
};

/** Macro letters (RFC 7208 §7.2). */
const MACRO_LETTERS: Record<string, string> = {
  s: 'the sender: the MAIL FROM address (postmaster@ the HELO name when it is empty)',
  l: 'the local-part of the sender (before the `@`)',
  o: 'the domain of the sender (after the `@`)',
  d: 'the domain being checked (this record\'s own name)',
  i: 'the sending IP address (IPv4 dotted; IPv6 as 32 dot-separated hex nibbles)',
  p: 'the verified reverse-DNS name of the sending IP (slow; RFC 7208 says it SHOULD NOT be used)',
  v: '`in-addr` for an IPv4 sender, `ip6` for an IPv6 sender',
  h: 'the HELO/EHLO name',
};

/** One line per macro in a macro-string: what it expands to (RFC 7208 §7.2, §7.3). */
function macroLines(value: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const re = /%(?:\{([A-Za-z])(\d*)([rR]?)([.\-+,/_=]*)\}|([%_-]))/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    if (seen.has(m[0])) continue;
    seen.add(m[0]);
    if (m[5]) {
      out.push(`\`${m[0]}\`: ${m[5] === '%' ? 'a literal `%`' : m[5] === '_' ? 'a space' : 'a URL-encoded space (`%20`)'}`);
      continue;
    }
    const letter = m[1].toLowerCase();
    const what = MACRO_LETTERS[letter];
    if (!what) continue;
    const how: string[] = [];
    if (m[4]) how.push(`split at \`${m[4]}\` instead of \`.\``);
    if (m[3]) how.push('its parts reversed');
    if (m[2]) how.push(`only its last ${m[2]} part${m[2] === '1' ? '' : 's'}`);
    if (m[1] !== letter) how.push('URL-encoded');
    out.push(`\`${m[0]}\`: ${what}${how.length ? ', ' + how.join(', ') : ''}`);
  }
  return out;
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

/** What the prefix lengths of an a/mx/ip4/ip6 term mean (RFC 7208 §5.3, §5.6). */
function prefixLine(t: SpfTerm): string | undefined {
  if (t.problems.length) return undefined;
  if (t.name === 'ip4') {
    const c = t.cidr4 ?? 32;
    if (c === 32) return `Prefix: \`/32\`${t.cidr4 === undefined ? ' (the default)' : ''} — exactly this one address (RFC 7208 §5.6).`;
    if (c === 0) return 'Prefix: `/0` — **every IPv4 address on the Internet** (RFC 7208 §5.6).';
    return `Prefix: \`/${c}\` — a network of ${(2 ** (32 - c)).toLocaleString('en-US')} addresses (RFC 7208 §5.6).`;
  }
  if (t.name === 'ip6') {
    const c = t.cidr6 ?? 128;
    if (c === 128) return `Prefix: \`/128\`${t.cidr6 === undefined ? ' (the default)' : ''} — exactly this one address (RFC 7208 §5.6).`;
    if (c === 0) return 'Prefix: `/0` — **every IPv6 address on the Internet** (RFC 7208 §5.6).';
    return `Prefix: \`/${c}\` — a network of 2^${128 - c} addresses (RFC 7208 §5.6).`;
  }
  if (t.name !== 'a' && t.name !== 'mx') return undefined;
  const whose = t.name === 'mx' ? 'of an MX host' : '';
  const c4 = t.cidr4 ?? 32;
  const c6 = t.cidr6 ?? 128;
  const side = (c: number, max: number, v: 'IPv4' | 'IPv6', written: boolean, slash: string) =>
    `\`${slash}${c}\`${written ? '' : ' (the default)'} for an ${v} sender — ${c === max ? `the sender must be an address ${whose || 'of the domain'} exactly` : c === 0 ? `**any ${v} address** matches once there is one` : `anywhere in the /${c} network around each address${whose ? ' ' + whose : ''}`}`;
  return `Prefix: ${side(c4, 32, 'IPv4', t.cidr4 !== undefined, '/')}; ${side(c6, 128, 'IPv6', t.cidr6 !== undefined, t.cidr6 !== undefined ? '//' : '/')} (RFC 7208 §5.3).`;
}

function termAt(spf: SpfParse, i: number): SpfTerm | undefined {
  return spf.terms.find((t) => i >= t.from && i < t.to) ?? spf.terms.find((t) => i === t.to);
}

/** How the record is reached from other SPF records of the workspace (include:, redirect=). */
interface Referrers {
  include: string[];
  redirect: string[];
}

/** The SPF records of the workspace whose include: or redirect= names `rec`'s owner. */
function referrersOf(rec: DnsRecord, ctx: FeatureContext | undefined): Referrers {
  const out: Referrers = { include: [], redirect: [] };
  if (!ctx?.workspace) return out;
  let refs: DnsRecord[];
  try {
    refs = ctx.workspace.indexedElsewhere(SPF_TARGETS, rec.owner, '');
  } catch {
    return out;
  }
  // A fragment a whole hosting workspace includes: the first records tell the story.
  for (const r of refs.length > 200 ? refs.slice(0, 200) : refs) {
    if (r === rec || r.owner === rec.owner) continue;
    const spf = spfOfRecord(r);
    if (!spf || !isSpfText(spf.text)) continue;
    const name = r.owner.replace(/\.$/, '');
    const evaluated = new Set(evaluatedLookupTerms(spf));
    for (const t of spf.terms) {
      if (t.domain !== rec.owner || !evaluated.has(t)) continue;
      const list = t.name === 'include' && t.kind === 'mechanism' ? out.include : t.name === 'redirect' && t.kind === 'modifier' ? out.redirect : undefined;
      if (list && !list.includes(name)) list.push(name);
    }
  }
  return out;
}

function nameList(names: string[]): string {
  const shown = names.slice(0, 3).map((n) => `\`${n}\``);
  return shown.join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
}

/** What a record reached through include:/redirect= means to the records that reach it. */
function referrersMarkdown(refs: Referrers, allText: string | undefined): string {
  let md = '';
  if (refs.include.length)
    md += `\n\nReached through \`include:\` from ${nameList(refs.include)}: there ${allText ? `this \`${allText}\`` : 'this record\'s result'} only decides whether the \`include\` matches. Only a **pass** matches; fail, softfail and neutral mean the include does not match, and the including record's evaluation goes on with its next term (RFC 7208 §5.2).`;
  if (refs.redirect.length) md += `\n\nReached through \`redirect=\` from ${nameList(refs.redirect)}: its result is their result for the senders their own mechanisms do not match (RFC 7208 §6.1).`;
  return md;
}

/**
 * Markdown for one term: what it means, its defaults and cost, and — given the record — what it
 * does there (after `all`, a redirect beside `all`, a modifier written twice, a macro).
 */
export function termMarkdown(t: SpfTerm, spf?: SpfParse, domain?: string): string {
  const d = SPF_TERM_DOCS[t.name];
  const problems = t.problems.length ? '\n\n⚠ ' + t.problems.map((p) => p.message).join('\n\n⚠ ') : '';
  if (!d || t.kind === 'unknown') {
    if (t.kind === 'modifier' && !t.problems.length)
      return `**${t.name}=** — unknown modifier\n\nReceivers ignore modifiers other than \`redirect=\` and \`exp=\` (RFC 7208 §6), so it changes nothing.`;
    if (t.kind === 'modifier') return `**\`${t.text}\`** — not a valid modifier\n\nReceivers return permerror for the whole record (RFC 7208 §4.6).${problems}`;
    return `**\`${t.text}\`** — not an SPF term\n\nReceivers return permerror for the whole record (RFC 7208 §4.6).${problems}`;
  }
  let md = `**${d.title}**\n\n${d.meaning}\n\nSyntax: ${d.syntax}\n\nCost: ${d.cost}.`;
  const prefix = prefixLine(t);
  if (prefix) md += `\n\n${prefix}`;
  if (t.kind === 'mechanism') {
    md += `\n\nQualifier: ${QUALIFIER_DOCS[t.effectiveQualifier]}.`;
    if (t.name === 'all' && t.effectiveQualifier === '+') md += '\n\n`+all` passes **every** sender: any server on the Internet may send mail as this domain (RFC 7208 §5.1).';
  }
  if (t.hasMacro && t.value) {
    const lines = macroLines(t.value.text);
    if (lines.length) md += `\n\nMacros (RFC 7208 §7.2):\n${lines.map((l) => `- ${l}`).join('\n')}`;
    if (t.name === 'exp') md += '\n\nThe name is only known when a message fails; fetching the explanation costs no lookup of the 10.';
    else {
      const known = domain ? expandDomainMacros(t.value.text, domain) : undefined;
      if (known !== undefined) md += `\n\nIts only macro is the domain being checked, so the name is known now: \`${known.replace(/\.$/, '')}\`; mailzone follows it like a written name.`;
      else md += '\n\nThe name is only known when a message arrives, so mailzone counts one lookup and cannot follow it.';
    }
  }
  if (spf) {
    if (t.kind === 'mechanism' && spf.allIndex >= 0 && t.index > spf.allIndex) md += `\n\nNever evaluated: it comes after \`${spf.terms[spf.allIndex].text}\` (RFC 7208 §5.1).`;
    if (t.kind === 'modifier' && t.name === 'redirect' && spf.allIndex >= 0) md += `\n\nIgnored here: the record has \`${spf.terms[spf.allIndex].text}\`, and receivers ignore \`redirect=\` in a record with \`all\` anywhere (RFC 7208 §6.1).`;
    if (t.kind === 'modifier' && (t.name === 'redirect' || t.name === 'exp') && modifierCount(spf, t.name) > 1) md += `\n\n⚠ \`${t.name}=\` appears more than once in this record: receivers return permerror for every message (RFC 7208 §6).`;
  }
  return md + problems;
}

async function treeFor(rec: DnsRecord, spf: SpfParse, ctx: FeatureContext): Promise<SpfTree | undefined> {
  if (!isSpfText(spf.text)) return undefined;
  try {
    return await buildTree(spf, rec.owner, { resolver: ctx.resolver, workspace: ctx.workspace }, rec);
  } catch {
    return undefined;
  }
}

/** Distinct SPF texts (receivers' view) published at the record's name, this record's included (RFC 2181 §5: a record written twice is one). */
function spfTextsAt(rec: DnsRecord, ctx: FeatureContext): number {
  const texts = new Set<string>([joinStrings(rec.strings ?? [])]);
  try {
    for (const r of ctx.workspace?.recordsAt(rec.owner, 'TXT') ?? []) {
      if (!r.strings) continue;
      const text = joinStrings(r.strings);
      if (isSpfText(text)) texts.add(text);
    }
  } catch {
    // No workspace answer: this record alone.
  }
  return texts.size;
}

/** What makes the evaluation of every term a permerror (lookup and void limits, a loop, a target without one SPF record, an MX set over 10, a target's syntax error). */
function pathPermerrors(tree: SpfTree): string[] {
  const out: string[] = [];
  if (tree.total > SPF_LOOKUP_LIMIT) out.push(`${tree.complete ? '' : 'at least '}${tree.total} DNS lookups, over the ${SPF_LOOKUP_LIMIT} allowed`);
  if (tree.voidNodes.length > SPF_VOID_LIMIT) out.push(`${tree.voidNodes.length} void lookups, over the ${SPF_VOID_LIMIT} allowed`);
  const seen = new Set<string>();
  forEachNode(tree.root, (n) => {
    if (n.problem !== 'loop' && n.problem !== 'no-spf' && n.problem !== 'multiple-spf' && n.problem !== 'mx-too-many' && n.problem !== 'syntax') return;
    const what = `\`${n.label}\`: ${n.detail ?? n.problem}`;
    if (seen.has(what) || seen.size >= 3) return;
    seen.add(what);
    out.push(what);
  });
  return out;
}

/**
 * Markdown for the whole record: its effective result for the senders it does not list, what
 * makes it a permerror for every sender, how other records reach it, and the lookup tree with
 * costs, total and void lookups.
 */
export async function recordMarkdown(rec: DnsRecord, spf: SpfParse, ctx: FeatureContext): Promise<string> {
  const name = rec.owner.replace(/\.$/, '');
  if (!isSpfText(spf.text)) return `**Not an SPF record for receivers**: it does not start with exactly \`v=spf1\` and a space, so ${name} has no SPF policy from it (RFC 7208 §4.5).`;
  let md = `**SPF policy of \`${name}\`**`;
  if (rec.type === 'SPF') md += '\n\n⚠ This is a record of type SPF (99): receivers only read TXT records, so it has no effect (RFC 7208 §3.1, §14.1).';
  // What makes the whole record a permerror before any term is evaluated (§4.5, §4.6, §6).
  const perm: string[] = [];
  if (spf.problems.length) perm.push('it has a syntax error, so receivers evaluate none of its terms (RFC 7208 §4.6)');
  for (const m of ['redirect', 'exp']) if (modifierCount(spf, m) > 1) perm.push(`\`${m}=\` appears more than once (RFC 7208 §6)`);
  if (rec.type !== 'SPF') {
    const n = spfTextsAt(rec, ctx);
    if (n > 1) perm.push(`${name} publishes ${n} SPF records, and receivers need exactly one (RFC 7208 §4.5)`);
  }
  const all = spf.allIndex >= 0 ? spf.terms[spf.allIndex] : undefined;
  const tree = perm.length ? undefined : await treeFor(rec, spf, ctx);
  // A sender no term lists makes receivers evaluate every term up to `all`: a permerror anywhere
  // on that path (RFC 7208 §4.6.4 limits, §5.2 and §6.1 targets) is the result it gets instead.
  const onPath = tree ? pathPermerrors(tree) : [];
  if (perm.length) md += `\n\nEvery sender: **permerror** — ${perm.join('; ')}.${spf.problems.length ? `\n\n⚠ ${spf.problems[0].message}` : ''}`;
  else if (onPath.length) md += `\n\nEveryone else: **permerror** — ${onPath.join('; ')}, and receivers stop there. Only senders a term before that point lists get its result.`;
  else if (all) md += `\n\nEveryone else: ${ALL_RESULT[all.effectiveQualifier](name)}.`;
  else if (spf.redirect) md += `\n\nEveryone else: the result of \`${spf.redirect.value?.text ?? ''}\`'s SPF record (\`redirect=\`, RFC 7208 §6.1).`;
  else md += '\n\nEveryone else: **neutral** — no `all` and no `redirect=`, and a record where no term matches gives neutral, as if there were no policy (RFC 7208 §4.7).';
  md += referrersMarkdown(referrersOf(rec, ctx), undefined);
  if (tree) {
    const verdict =
      tree.total > SPF_LOOKUP_LIMIT
        ? `**Over the limit**: ${tree.complete ? '' : 'at least '}${tree.total} lookups, receivers return permerror.`
        : tree.complete
          ? `${tree.total} of ${SPF_LOOKUP_LIMIT} DNS lookups.`
          : `At least ${tree.total} of ${SPF_LOOKUP_LIMIT} DNS lookups: the rest could not be counted.`;
    const v = tree.voidNodes.length;
    const voids =
      v > SPF_VOID_LIMIT
        ? ` **${plural(v, 'void lookup')}** (answers with no records): receivers allow ${SPF_VOID_LIMIT} and then return permerror.`
        : v > 0
          ? ` ${plural(v, 'void lookup')} (answers with no records; receivers allow ${SPF_VOID_LIMIT}).`
          : '';
    md += `\n\n**DNS lookups** (RFC 7208 §4.6.4) — ${verdict}${voids}\n\n${formatSpfTree(tree, { markdown: true })}`;
  }
  return md;
}

export const spfFeatures: FeatureProvider = {
  async hover(rec: DnsRecord, offset: number, ctx: FeatureContext): Promise<HoverResult | undefined> {
    const spf = spfOfRecord(rec);
    if (!spf) return undefined;
    const i = valueIndexAt(rec.strings ?? [], offset, true)?.index;
    const strings = rec.strings ?? [];
    const whole = { start: strings[0].start, end: strings[strings.length - 1].end };
    if (i === undefined) {
      const onHead = (rec.ownerTok && offset >= rec.ownerTok.start && offset <= rec.ownerTok.end) || (offset >= rec.typeTok.start && offset <= rec.typeTok.end);
      if (!onHead) return undefined;
      // The range is the token under the cursor (an octoDNS type token is not next to the value).
      const head = rec.ownerTok && offset >= rec.ownerTok.start && offset <= rec.ownerTok.end ? rec.ownerTok : rec.typeTok;
      return { markdown: await recordMarkdown(rec, spf, ctx), start: head.start, end: head.end };
    }
    if (i >= spf.version.from && i <= spf.version.to && spf.version.to > 0) {
      return { markdown: await recordMarkdown(rec, spf, ctx), ...spf.span(spf.version.from, spf.version.to) };
    }
    // A term the cursor touches in the source: at a string boundary the joined index of the next
    // string's opening quote is also the end of the previous string's last term, on another line.
    const found = termAt(spf, i);
    const foundSpan = found && spf.span(found.from, found.to);
    const t = foundSpan && offset >= foundSpan.start && offset <= foundSpan.end ? found : undefined;
    if (!t) return { markdown: await recordMarkdown(rec, spf, ctx), ...whole };
    let md = termMarkdown(t, spf, rec.owner);
    if (t.kind === 'mechanism' && t.name === 'all' && t.index === spf.allIndex) md += referrersMarkdown(referrersOf(rec, ctx), t.text);
    if (t.name === 'include' || t.name === 'redirect' || t.name === 'a' || t.name === 'mx' || t.name === 'exists' || t.name === 'ptr') {
      const tree = await treeFor(rec, spf, ctx);
      let found = false;
      if (tree)
        forEachNode(tree.root, (n) => {
          if (found || n.term !== t) return;
          found = true;
          const sub: SpfTree = { ...tree, root: n, total: n.cost };
          md += `\n\n**This branch:** ${n.cost} lookup${n.cost === 1 ? '' : 's'}${n.detail ? ` — ${n.detail}` : ''}\n\n${formatSpfTree(sub, { markdown: true }).replace(/\nTotal:.*$/s, '')}`;
        });
    }
    return { markdown: md, ...spf.span(t.from, t.to) };
  },

  complete(rec: DnsRecord, offset: number, _ctx: FeatureContext): CompletionEntry[] | undefined {
    const spf = spfOfRecord(rec);
    if (!spf) return undefined;
    // Only between a string's quotes: after the closing quote a term would become a string of its own.
    if (!(rec.strings ?? []).some((s) => offset >= s.sourceOffset(0) && offset <= s.sourceOffset(s.value.length))) return undefined;
    const i = valueIndexAt(rec.strings ?? [], offset, true)?.index;
    if (i === undefined) return undefined;
    const text = spf.text;
    let ws = i;
    while (ws > 0 && text.charCodeAt(ws - 1) !== 32) ws--;
    const word = text.slice(ws, i);
    if (ws === 0) return undefined; // the version
    if (/[:=/]/.test(word)) return [];
    // Inside a term (`~|all`, `in|clude:…`): whatever is inserted would be glued to the rest of it.
    if (word !== '' && i < text.length && text.charCodeAt(i) !== 32) return [];
    const q = /^[+\-~?]/.test(word) ? word[0] : '';
    const replaceStart = spf.sourceAt(ws + q.length);
    const out: CompletionEntry[] = [];
    const hasAll = spf.allIndex >= 0;
    // After `all` nothing is evaluated (RFC 7208 §5.1) and `redirect=` is ignored (§6.1): only exp= is of use there.
    const afterAll = hasAll && ws >= spf.terms[spf.allIndex].to;
    const present = new Set(spf.terms.filter((t) => t.kind === 'modifier').map((t) => t.name));
    // At the start of an existing term (the cursor before `mx`), the new term needs a space after it.
    const sep = word === '' && i < text.length && text.charCodeAt(i) !== 32 ? ' ' : '';
    if (afterAll) {
      if (!q && !present.has('exp')) out.push({ label: 'exp=', insertText: 'exp=${1:explain._spf.example.com}' + sep, snippet: true, kind: 'keyword', detail: SPF_TERM_DOCS.exp.title, documentation: SPF_TERM_DOCS.exp.meaning, replaceStart, replaceEnd: offset });
      return out;
    }
    // No `ptr`: RFC 7208 §5.5 says it SHOULD NOT be published.
    const mech: [string, string, boolean][] = [
      ['include:', 'include:${1:_spf.example.com}', true],
      ['ip4:', 'ip4:${1:192.0.2.0/24}', true],
      ['ip6:', 'ip6:${1:2001:db8::/32}', true],
      ['a', 'a', false],
      ['mx', 'mx', false],
      // Inside a placeholder an unescaped `}` closes it (LSP snippet grammar), so the macro's `}` is written `\\}`.
      ['exists:', 'exists:${1:%{i\\}._spf.example.com}', true],
    ];
    for (const [label, snippet, isSnippet] of mech) {
      const name = label.replace(':', '');
      out.push({ label, insertText: snippet + sep, snippet: isSnippet, kind: 'keyword', detail: SPF_TERM_DOCS[name].title, documentation: SPF_TERM_DOCS[name].meaning + `\n\nCost: ${SPF_TERM_DOCS[name].cost}.`, replaceStart, replaceEnd: offset });
    }
    if (!hasAll) {
      for (const [qq, label] of [['-', '-all'], ['~', '~all'], ['?', '?all']] as const) {
        if (q && q !== qq) continue;
        out.push({ label, insertText: (q ? 'all' : label) + sep, kind: 'keyword', detail: QUALIFIER_DOCS[qq].replace(/\*\*/g, ''), documentation: SPF_TERM_DOCS.all.meaning, replaceStart, replaceEnd: offset });
      }
    }
    if (!q) {
      if (!present.has('redirect') && !hasAll) out.push({ label: 'redirect=', insertText: 'redirect=${1:_spf.example.com}' + sep, snippet: true, kind: 'keyword', detail: SPF_TERM_DOCS.redirect.title, documentation: SPF_TERM_DOCS.redirect.meaning, replaceStart, replaceEnd: offset });
      if (!present.has('exp')) out.push({ label: 'exp=', insertText: 'exp=${1:explain._spf.example.com}' + sep, snippet: true, kind: 'keyword', detail: SPF_TERM_DOCS.exp.title, documentation: SPF_TERM_DOCS.exp.meaning, replaceStart, replaceEnd: offset });
      // At the start of an existing term a qualifier attaches to it (`~` before `ip4:…`): no space.
      // Not before a term that has a qualifier already (`|-all` would become `+-all`).
      if (word === '' && !/[+\-~?]/.test(text[i] ?? ''))
        for (const [qq, doc] of Object.entries(QUALIFIER_DOCS)) out.push({ label: qq, kind: 'value', detail: 'qualifier', documentation: doc, replaceStart, replaceEnd: offset });
    }
    return out;
  },
};
