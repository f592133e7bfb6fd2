// Hover and completion for SPF records (owned by the SPF work). The hover on the version (or the
// record's owner/type) shows the lookup tree with the cost of each branch and the total; the hover
// on a term says what it means, what it costs and what its qualifier does.
import type { CompletionEntry, FeatureContext, FeatureProvider, HoverResult } from '../features';
import type { DnsRecord } from '../model';
import { buildTree, formatSpfTree, forEachNode, SPF_LOOKUP_LIMIT, type SpfTree } from './lookups';
import { isSpfText, spfOfRecord, type SpfParse, type SpfTerm } from './parse';

interface TermDoc {
  title: string;
  syntax: string;
  meaning: string;
  cost: string;
}

export const SPF_TERM_DOCS: Record<string, TermDoc> = {
  all: {
    title: 'all — matches every sender',
    syntax: '`-all` · `~all` · `?all` · `+all`',
    meaning: 'Always matches, so it ends evaluation: its qualifier is the result for every sender not matched before (RFC 7208 §5.1). Put it last; use `-all`.',
    cost: 'no DNS lookup',
  },
  include: {
    title: 'include — another domain\'s SPF policy',
    syntax: '`include:<domain>`',
    meaning: 'Evaluates the SPF record of `<domain>`; matches when that record passes the sender (RFC 7208 §5.2). If the domain has no SPF record the result is permerror. Used for providers (`include:spf.protection.outlook.com`).',
    cost: '1 DNS lookup, plus every lookup of the included record',
  },
  a: {
    title: 'a — the addresses of a domain',
    syntax: '`a` · `a:<domain>` · `a/24` · `a:<domain>/24//64`',
    meaning: 'Matches when the sender\'s IP is one of the A/AAAA addresses of the domain (this domain when none is given), optionally widened to a network (RFC 7208 §5.3).',
    cost: '1 DNS lookup',
  },
  mx: {
    title: 'mx — the mail servers of a domain',
    syntax: '`mx` · `mx:<domain>` · `mx/24//64`',
    meaning: 'Matches when the sender\'s IP is an address of one of the domain\'s MX hosts (RFC 7208 §5.4). More than 10 MX hosts is a permerror. Only useful when your inbound servers also send.',
    cost: '1 DNS lookup (the address lookups of the MX hosts are not counted in the 10)',
  },
  ptr: {
    title: 'ptr — reverse DNS (do not use)',
    syntax: '`ptr` · `ptr:<domain>`',
    meaning: 'Matches when the sender\'s reverse DNS name, verified forward, is under the domain (RFC 7208 §5.5). Slow and unreliable: RFC 7208 says it SHOULD NOT be used.',
    cost: '1 DNS lookup (plus reverse and forward lookups per sender)',
  },
  ip4: {
    title: 'ip4 — an IPv4 address or network',
    syntax: '`ip4:192.0.2.1` · `ip4:192.0.2.0/24`',
    meaning: 'Matches when the sender\'s IPv4 address is in the network (RFC 7208 §5.6).',
    cost: 'no DNS lookup',
  },
  ip6: {
    title: 'ip6 — an IPv6 address or network',
    syntax: '`ip6:2001:db8::1` · `ip6:2001:db8::/32`',
    meaning: 'Matches when the sender\'s IPv6 address is in the network (RFC 7208 §5.6).',
    cost: 'no DNS lookup',
  },
  exists: {
    title: 'exists — a name exists',
    syntax: '`exists:<domain>` (usually with macros: `exists:%{i}._spf.example.com`)',
    meaning: 'Matches when the domain, after macro expansion, has an A record, whatever its value (RFC 7208 §5.7).',
    cost: '1 DNS lookup',
  },
  redirect: {
    title: 'redirect= — use another domain\'s policy',
    syntax: '`redirect=<domain>`',
    meaning: 'When no mechanism matched, the result is that of the other domain\'s SPF record, as if it were this one (RFC 7208 §6.1). Ignored when the record has `all`. If the domain has no SPF record the result is permerror.',
    cost: '1 DNS lookup, plus every lookup of the target record',
  },
  exp: {
    title: 'exp= — explanation for rejected mail',
    syntax: '`exp=<domain>`',
    meaning: 'When the result is fail, receivers may fetch a TXT record at the domain and show its text (with macros) to the sender (RFC 7208 §6.2).',
    cost: 'no lookup counted (fetched after evaluation)',
  },
};

const QUALIFIER_DOCS: Record<string, string> = {
  '+': '**pass** (`+`, the default): a match authorizes the sender',
  '-': '**fail** (`-`): a match means the sender is not authorized; receivers may reject',
  '~': '**softfail** (`~`): a match means probably not authorized; receivers accept and mark',
  '?': '**neutral** (`?`): a match says nothing, like no policy',
};

/** Offset in the joined value of a source offset inside the record's strings, or undefined. */
export function joinedIndexAt(rec: DnsRecord, offset: number): number | undefined {
  const strings = rec.strings ?? [];
  let base = 0;
  for (const s of strings) {
    if (offset >= s.start && offset <= s.end) {
      const n = s.value.length;
      for (let i = 0; i < n; i++) if (s.sourceOffset(i + 1) > offset) return base + i;
      return base + n;
    }
    base += s.value.length;
  }
  return undefined;
}

function termAt(spf: SpfParse, i: number): SpfTerm | undefined {
  return spf.terms.find((t) => i >= t.from && i < t.to) ?? spf.terms.find((t) => i === t.to);
}

export function termMarkdown(t: SpfTerm): string {
  const d = SPF_TERM_DOCS[t.name];
  if (!d) {
    if (t.kind === 'modifier') return `**${t.name}=** — unknown modifier\n\nReceivers ignore modifiers other than \`redirect=\` and \`exp=\` (RFC 7208 §6).`;
    return `**\`${t.text}\`** — not an SPF term\n\nReceivers return permerror for the whole record.`;
  }
  let md = `**${d.title}**\n\n${d.meaning}\n\nSyntax: ${d.syntax}\n\nCost: ${d.cost}.`;
  if (t.kind === 'mechanism') md += `\n\nQualifier: ${QUALIFIER_DOCS[t.effectiveQualifier]}.`;
  if (t.hasMacro) md += '\n\nContains a macro: the name is only known when a message arrives, so mailzone counts one lookup and cannot follow it.';
  if (t.problems.length) md += '\n\n⚠ ' + t.problems.map((p) => p.message).join('\n\n⚠ ');
  return md;
}

async function treeFor(rec: DnsRecord, spf: SpfParse, ctx: FeatureContext): Promise<SpfTree | undefined> {
  if (!isSpfText(spf.text)) return undefined;
  try {
    return await buildTree(spf, rec.owner, { resolver: ctx.resolver, workspace: ctx.workspace }, rec);
  } catch {
    return undefined;
  }
}

/** Markdown for the whole record: what it allows and the lookup tree with costs and total. */
export async function recordMarkdown(rec: DnsRecord, spf: SpfParse, ctx: FeatureContext): Promise<string> {
  const name = rec.owner.replace(/\.$/, '');
  if (!isSpfText(spf.text)) return `**Not an SPF record for receivers**: it does not start with exactly \`v=spf1\` and a space, so ${name} has no SPF policy from it (RFC 7208 §4.5).`;
  const all = spf.allIndex >= 0 ? spf.terms[spf.allIndex] : undefined;
  const end = all ? `Everyone else: ${QUALIFIER_DOCS[all.effectiveQualifier]}.` : spf.redirect ? `Everyone else: the policy of \`${spf.redirect.value?.text ?? ''}\` (redirect).` : 'Everyone else: **neutral** (no `all`), like no policy.';
  let md = `**SPF policy of \`${name}\`**\n\n${end}`;
  const tree = await treeFor(rec, spf, ctx);
  if (tree) {
    const verdict =
      tree.total > SPF_LOOKUP_LIMIT
        ? `**Over the limit**: ${tree.complete ? '' : 'at least '}${tree.total} lookups, receivers return permerror.`
        : tree.complete
          ? `${tree.total} of ${SPF_LOOKUP_LIMIT} DNS lookups.`
          : `At least ${tree.total} of ${SPF_LOOKUP_LIMIT} DNS lookups: the rest could not be counted.`;
    md += `\n\n**DNS lookups** (RFC 7208 §4.6.4) — ${verdict}\n\n${formatSpfTree(tree, { markdown: true })}`;
  }
  return md;
}

export const spfFeatures: FeatureProvider = {
  async hover(rec: DnsRecord, offset: number, ctx: FeatureContext): Promise<HoverResult | undefined> {
    const spf = spfOfRecord(rec);
    if (!spf) return undefined;
    const i = joinedIndexAt(rec, offset);
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
    let md = termMarkdown(t);
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
      if (tree && !found && t.kind === 'mechanism' && spf.allIndex >= 0 && t.index > spf.allIndex) md += '\n\nNever evaluated: it comes after `all`.';
    }
    return { markdown: md, ...spf.span(t.from, t.to) };
  },

  complete(rec: DnsRecord, offset: number, _ctx: FeatureContext): CompletionEntry[] | undefined {
    const spf = spfOfRecord(rec);
    if (!spf) return undefined;
    const i = joinedIndexAt(rec, offset);
    if (i === undefined) return undefined;
    const text = spf.text;
    let ws = i;
    while (ws > 0 && text.charCodeAt(ws - 1) !== 32) ws--;
    const word = text.slice(ws, i);
    if (ws === 0) return undefined; // the version
    if (/[:=/]/.test(word)) return [];
    const q = /^[+\-~?]/.test(word) ? word[0] : '';
    const replaceStart = spf.sourceAt(ws + q.length);
    const out: CompletionEntry[] = [];
    const hasAll = spf.allIndex >= 0;
    const present = new Set(spf.terms.map((t) => t.name));
    const mech: [string, string, boolean][] = [
      ['include:', 'include:${1:_spf.example.com}', true],
      ['ip4:', 'ip4:${1:192.0.2.0/24}', true],
      ['ip6:', 'ip6:${1:2001:db8::/32}', true],
      ['a', 'a', false],
      ['mx', 'mx', false],
      // Inside a placeholder an unescaped `}` closes it (LSP snippet grammar), so the macro's `}` is written `\\}`.
      ['exists:', 'exists:${1:%{i\\}._spf.example.com}', true],
      ['ptr', 'ptr', false],
    ];
    for (const [label, snippet, isSnippet] of mech) {
      const name = label.replace(':', '');
      out.push({ label, insertText: snippet, snippet: isSnippet, kind: 'keyword', detail: SPF_TERM_DOCS[name].title, documentation: SPF_TERM_DOCS[name].meaning + `\n\nCost: ${SPF_TERM_DOCS[name].cost}.`, replaceStart, replaceEnd: offset });
    }
    if (!hasAll) {
      for (const [qq, label] of [['-', '-all'], ['~', '~all'], ['?', '?all']] as const) {
        if (q && q !== qq) continue;
        out.push({ label, insertText: q ? 'all' : label, kind: 'keyword', detail: QUALIFIER_DOCS[qq].replace(/\*\*/g, ''), documentation: SPF_TERM_DOCS.all.meaning, replaceStart, replaceEnd: offset });
      }
    }
    if (!q) {
      if (!present.has('redirect') && !hasAll) out.push({ label: 'redirect=', insertText: 'redirect=${1:_spf.example.com}', snippet: true, kind: 'keyword', detail: SPF_TERM_DOCS.redirect.title, documentation: SPF_TERM_DOCS.redirect.meaning, replaceStart, replaceEnd: offset });
      if (!present.has('exp')) out.push({ label: 'exp=', insertText: 'exp=${1:explain._spf.example.com}', snippet: true, kind: 'keyword', detail: SPF_TERM_DOCS.exp.title, documentation: SPF_TERM_DOCS.exp.meaning, replaceStart, replaceEnd: offset });
      if (word === '')
        for (const [qq, doc] of Object.entries(QUALIFIER_DOCS)) out.push({ label: qq, kind: 'value', detail: 'qualifier', documentation: doc, replaceStart, replaceEnd: offset });
    }
    return out;
  },
};
