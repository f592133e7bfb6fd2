// Second review pass over the editor features, as a DNS admin uses them: hover ranges on records
// with a whole-record finding, completion at string boundaries of parenthesised records, in tag
// names that already have their `=`, over values, in octoDNS quoted scalars; outline, quick fixes,
// suppressions. One server over --stdio, small documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverForFile, applyEdits, editsFor, docRequests } from './lsp-client.mjs';

const { dir: tmp, server: s } = serverForFile('mailzone-lsp-second-');

const H = (o) => `$ORIGIN ${o}.\n$TTL 3600\n@ IN SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )\n@ IN NS ns1\nns1 IN A 192.0.2.1\n@ IN MX 10 ns1\n`; // 6 lines

const { open, hover, complete } = docRequests(() => s, tmp);
/** The source text a range covers. */
function textOf(text, r) {
  const lines = text.split('\n');
  if (r.start.line === r.end.line) return lines[r.start.line].slice(r.start.character, r.end.character);
  return [lines[r.start.line].slice(r.start.character), ...lines.slice(r.start.line + 1, r.end.line), lines[r.end.line].slice(0, r.end.character)].join('\n');
}
/** The document after accepting a completion item. */
const accept = (doc, item) => applyEdits(doc.text, [item.textEdit]);
/** The line and column of the `|` in a line written with one, and the line without it. */
function at(lines, mark = '|') {
  const line = lines.findIndex((l) => l.includes(mark));
  const character = lines[line].indexOf(mark);
  lines[line] = lines[line].replace(mark, '');
  return { line, character };
}

test('hover on an SPF term answers for the term, with its own finding first, when a finding covers the whole record', async () => {
  // _spf.google.com is outside the workspace: spf/too-many-lookups (info) covers the whole string.
  const d = await open('h1.example.zone', H('h1.example') + '@ IN TXT "v=spf1 include:_spf.google.com ~all"\n');
  assert.ok(d.diags.some((x) => x.code === 'spf/too-many-lookups'), JSON.stringify(d.diags.map((x) => x.code)));
  const line = 6;
  const col = (t) => d.text.split('\n')[line].indexOf(t) + 1;
  const onAll = await hover(d, line, col('~all'));
  assert.equal(textOf(d.text, onAll.range), '~all');
  assert.match(onAll.contents.value, /^`spf\/soft-all`/, 'the term\'s own finding comes first');
  const onInclude = await hover(d, line, col('include:'));
  assert.equal(textOf(d.text, onInclude.range), 'include:_spf.google.com');
  assert.match(onInclude.contents.value, /include — another domain's SPF policy/);
  // On the opening quote the whole record's finding still answers, with its range.
  const onSpace = await hover(d, line, col('"v=spf1') - 1);
  assert.match(textOf(d.text, onSpace.range), /^"v=spf1 .* ~all"$/);
});

test('completion at the end of one string of a parenthesised record replaces nothing on another line', async () => {
  const lines = (H('c1.example') + '_dmarc IN TXT ( "v=DMARC1; p=none; |"\n                 "rua=mailto:d@c1.example" )\nsel._domainkey IN TXT ( "v=DKIM1; k=rsa; "\n  "p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDYA2rOjdkzT59mB7uKXozG+pZlUJtA9LaobY4LJINM0moHDsbl466twg/lBVD/6WNanyBI/FKwmvQe6WjHbTqRycV3vpjyXVsRAv2a3DMBm6EICA0GuRPy4SFf7/jGGyaP4rXRxQGahxcMLMynkuqwDHgt+Nu7S/9ZZJGv/qMorwIDAQAB" )\n').split('\n');
  const pos = at(lines);
  const d = await open('c1.example.zone', lines.join('\n'));
  const dkimLine = pos.line + 2;
  const dkimEnd = { line: dkimLine, character: d.text.split('\n')[dkimLine].lastIndexOf('"') };
  for (const p of [pos, dkimEnd]) {
    const items = await complete(d, p.line, p.character);
    assert.ok(items.length > 0, `tags offered at ${JSON.stringify(p)}`);
    for (const it of items) assert.deepEqual(it.textEdit.range, { start: p, end: p }, `${it.label} at ${JSON.stringify(p)}: ${JSON.stringify(it.textEdit.range)}`);
  }
  const sp = (await complete(d, pos.line, pos.character)).find((i) => i.label === 'sp');
  assert.match(accept(d, sp), /"v=DMARC1; p=none; sp=reject; "\n {17}"rua=mailto:d@c1\.example" \)/);
});

test('no completion outside a value: after a closing quote, on the continuation line of a record in parentheses', async () => {
  const d = await open('c2.example.zone', H('c2.example') + '@ IN TXT ( "v=spf1 ip4:192.0.2.1 "\n  "-all" )\n_dmarc IN TXT ( "v=DMARC1; p=none; "\n    "rua=mailto:d@c2.example" )\n');
  const L = d.text.split('\n');
  assert.deepEqual(await complete(d, 6, L[6].length), [], 'after the closing quote of an SPF string');
  assert.deepEqual(await complete(d, 7, 2), [], 'before the second string of an SPF record');
  assert.deepEqual(await complete(d, 9, 4), [], 'before the second string of a DMARC record');
  assert.deepEqual(await complete(d, 2, 30), [], 'inside the SOA parentheses');
  // Inside the strings it still completes.
  assert.ok((await complete(d, 6, L[6].length - 1)).some((i) => i.label === 'include:'));
  assert.ok((await complete(d, 7, 3)).some((i) => i.label === 'include:'));
});

test('completion in a tag name that has its `=` completes the name only; a value replaces the value under the cursor', async () => {
  const d = await open('c3.example.zone', H('c3.example') + '_dmarc IN TXT ( "v=DMARC1; p=none; ru=mailto:d@c3.example; fo=0:d" "1; adkim=r" )\n');
  const L = d.text.split('\n');
  const c = (t, k = 0) => L[6].indexOf(t) + k;
  const name = await complete(d, 6, c('ru=', 2));
  const rua = name.find((i) => i.label === 'rua');
  assert.ok(rua, name.map((i) => i.label).join(' '));
  assert.match(accept(d, rua), /p=none; rua=mailto:d@c3\.example; fo=0:d"/);
  const inP = await complete(d, 6, c('p=none') + 1);
  assert.ok(inP.some((i) => i.label === 'p'), 'the tag itself is offered in its own name');
  const vals = await complete(d, 6, c('p=none') + 2);
  assert.match(accept(d, vals.find((i) => i.label === 'reject')), /"v=DMARC1; p=reject; ru=/);
  // fo: a colon-separated list; the value word ends at the string's end, never past its quote.
  const fo = await complete(d, 6, c('0:d"') + 3);
  assert.match(accept(d, fo.find((i) => i.label === 's')), /fo=0:s" "1; adkim=r" \)/);
});

test('octoDNS: completion after `\\;` in single- and double-quoted scalars, names before `=` escaped as the scalar needs', async () => {
  const text = [
    '---',
    '_dmarc:',
    '  type: TXT',
    "  value: 'v=DMARC1\\; p=none\\; '",
    '_dmarc.a:',
    '  type: TXT',
    '  value: "v=DMARC1\\\\; p=reject\\\\;  ru=mailto:a@c4.example"',
    '_dmarc.b:',
    '  type: TXT',
    '  value: v=DMARC1\\; p=quarantine\\; ',
    '',
  ].join('\n');
  const d = await open('c4.example.yaml', text);
  const L = text.split('\n');
  const single = await complete(d, 3, L[3].length - 1);
  assert.match(accept(d, single.find((i) => i.label === 'rua')), /value: 'v=DMARC1\\; p=none\\; rua=mailto:dmarc-reports@c4\.example'/);
  const dq = await complete(d, 6, L[6].indexOf('ru=') + 2);
  assert.match(accept(d, dq.find((i) => i.label === 'rua')), /"v=DMARC1\\\\; p=reject\\\\;  rua=mailto:a@c4\.example"/);
  const dqv = await complete(d, 6, L[6].indexOf('p=reject') + 2);
  assert.match(accept(d, dqv.find((i) => i.label === 'none')), /"v=DMARC1\\\\; p=none\\\\;  ru=/);
  const plain = await complete(d, 9, L[9].length);
  assert.match(accept(d, plain.find((i) => i.label === 'sp')), /value: v=DMARC1\\; p=quarantine\\; sp=reject\n/);
});

test('outline: the octoDNS apex key `\'\'` is the owner symbol\'s selection, with its quotes, inside its range', async () => {
  const text = "---\n'':\n  - type: MX\n    value:\n      exchange: mx.o1.example.\n      preference: 10\n  - type: TXT\n    value: v=spf1 mx -all\n_dmarc:\n  type: TXT\n  value: v=DMARC1\\; p=reject\\; rua=mailto:d@o1.example\n";
  const d = await open('o1.example.yaml', text);
  const syms = await s.request('textDocument/documentSymbol', { textDocument: { uri: d.uri } });
  assert.equal(syms[0].name, '@');
  assert.equal(textOf(text, syms[0].selectionRange), "''");
  assert.deepEqual(syms[0].range.start, { line: 1, character: 0 });
  assert.equal(textOf(text, syms[1].selectionRange), '_dmarc');
});

test('fix all: an insertion at the end of another fix\'s replacement waits for the next run (no `-all-all`)', async () => {
  // No MX and no address: spf/non-mail-domain replaces the value by `v=spf1 -all`, and spf/no-all
  // appends `-all` at the very end of it; both are preferred.
  for (const [name, text, want] of [
    ['f1.example.yaml', "---\n'':\n  - type: TXT\n    value: 'v=spf1 '\n", /value: 'v=spf1 -all'\n/],
    ['f1.example.zone', '$ORIGIN f1.example.\n$TTL 300\n@ IN SOA ns1.f1.example. h ( 1 2 3 4 5 )\n@ IN NS ns1.f1.example.\nns1 IN A 192.0.2.53\n@ IN TXT "v=spf1 "\n', /@ IN TXT "v=spf1 -all"\n/],
  ]) {
    const d = await open(name, text);
    const codes = d.diags.map((x) => x.code);
    assert.ok(codes.includes('spf/non-mail-domain') && codes.includes('spf/no-all'), `${name}: ${codes}`);
    const [all] = await s.request('textDocument/codeAction', {
      textDocument: { uri: d.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.mailzone'] },
    });
    const { edits, versions } = editsFor(all.edit, d.uri);
    assert.deepEqual(versions, [1]);
    const out = applyEdits(text, edits);
    assert.match(out, want, out);
    const after = await open('fixed-' + name, out);
    assert.deepEqual(after.diags.filter((x) => x.severity <= 2).map((x) => x.code), [], JSON.stringify(after.diags));
  }
});

test('octoDNS: completing a record type over an existing one replaces the whole type word', async () => {
  const text = "---\nwww:\n  type: TXT\n  value: hello\n";
  const d = await open('t1.example.yaml', text);
  for (const character of [8, 9, 11]) {
    const items = await complete(d, 2, character);
    const a = items.find((i) => i.label === 'A');
    assert.equal(textOf(text, a.textEdit.range), 'TXT', `at 2:${character}`);
    assert.match(accept(d, a), /\n {2}type: A\n/);
  }
});

test('DKIM h= completion offers sha256 first and sha1 last, struck through as deprecated (RFC 8301)', async () => {
  const lines = (H('c6.example') + 'sel._domainkey IN TXT "v=DKIM1; h=|; p="\n').split('\n');
  const p = at(lines);
  const d = await open('c6.example.zone', lines.join('\n'));
  const items = await complete(d, p.line, p.character);
  const labels = items.map((i) => i.label);
  assert.deepEqual(labels, ['sha256', 'sha1'], labels.join(' '));
  const byLabel = Object.fromEntries(items.map((i) => [i.label, i]));
  assert.ok(byLabel.sha256.sortText < byLabel.sha1.sortText);
  assert.deepEqual(byLabel.sha1.tags, [1], 'CompletionItemTag.Deprecated');
  assert.equal(byLabel.sha256.tags, undefined);
  assert.match(accept(d, byLabel.sha256), /"v=DKIM1; h=sha256; p="/);
});

test('octoDNS: completion with the cursor between the `\\` and the `;` of an escape acts as before the escape', async () => {
  const text = ['---', '_dmarc:', '  type: TXT', '  value: v=DMARC1\\; p=none\\; rua=mailto:d@c7.example', ''].join('\n');
  const d = await open('c7.example.yaml', text);
  const L = text.split('\n');
  const inEscape = L[3].indexOf('none') + 5; // between `\` and `;`
  assert.equal(L[3].slice(inEscape - 1, inEscape + 1), '\\;');
  const items = await complete(d, 3, inEscape);
  const before = await complete(d, 3, inEscape - 1);
  assert.deepEqual(items.map((i) => i.label), before.map((i) => i.label));
  const reject = items.find((i) => i.label === 'reject');
  assert.ok(reject, items.map((i) => i.label).join(' '));
  assert.match(accept(d, reject), /value: v=DMARC1\\; p=reject\\; rua=mailto:d@c7\.example\n/);
});
