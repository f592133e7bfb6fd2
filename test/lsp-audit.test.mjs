// Fresh-eyes audit of the editor features over --stdio, as a DNS admin uses them in any LSP client:
// the status bar posture, completion at string boundaries and in the record-type position, the
// outline's text, suppressions in files with old Mac line ends. One server, small documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverForFile, applyEdits, editsFor, docRequests } from './lsp-client.mjs';

const { dir: tmp, server: s } = serverForFile('mailzone-lsp-audit-');
const { open, complete } = docRequests(() => s, tmp);

const H = (o) => `$ORIGIN ${o}.\n$TTL 3600\n@ IN SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )\n@ IN NS ns1\nns1 IN A 192.0.2.1\n@ IN MX 10 ns1\n`; // 6 lines

/** The document's text with `|` removed, and the position of the `|`. */
function marked(text) {
  const off = text.indexOf('|');
  const before = text.slice(0, off).split('\n');
  return { text: text.slice(0, off) + text.slice(off + 1), pos: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** The TXT strings of a zone line joined as a resolver joins them (no escapes in these tests). */
function joined(line) {
  return [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]).join('');
}

const posture = (doc) => s.request('mailzone/posture', { textDocument: { uri: doc.uri } });

test('posture: a type SPF (99) record beside the TXT one is not a second SPF record (receivers read TXT only, RFC 7208 §3.1)', async () => {
  const d = await open('p1.example.zone', H('p1.example') + '@ IN TXT "v=spf1 mx -all"\n@ IN SPF "v=spf1 mx -all"\n');
  const p = await posture(d);
  assert.equal(p.spf.records, 1, JSON.stringify(p.spf));
  assert.doesNotMatch(p.text, /SPF ×2/);
  assert.doesNotMatch(p.tooltip, /permerror/);
  assert.match(p.text, /SPF 1\/10/);
});

test('posture: a zone with only a type SPF (99) record has no SPF policy for receivers', async () => {
  const d = await open('p2.example.zone', H('p2.example') + '@ IN SPF "v=spf1 mx -all"\n');
  const p = await posture(d);
  assert.equal(p.spf.records, 0, JSON.stringify(p.spf));
  assert.match(p.text, /SPF none/);
  assert.match(p.tooltip, /type SPF \(99\)/);
  // Its lookup tree and code lens say receivers do not read it.
  const tree = await s.request('mailzone/spfTree', { textDocument: { uri: d.uri }, position: { line: 6, character: 3 } });
  assert.match(tree.markdown, /type SPF \(99\).*no effect/);
  const lenses = await s.request('textDocument/codeLens', { textDocument: { uri: d.uri } });
  assert.match(lenses[0].command.title, /type 99, not read by receivers/);
});

test('posture: the same SPF record written twice is one record (RFC 2181 §5), not a permerror', async () => {
  const d = await open('p3.example.zone', H('p3.example') + '@ IN TXT "v=spf1 mx -all"\n@ IN TXT "v=spf1 mx -all"\n');
  const p = await posture(d);
  assert.equal(p.spf.records, 1, JSON.stringify(p.spf));
  assert.doesNotMatch(p.tooltip, /permerror/);
});

test('posture: hosted DMARC (_dmarc is a CNAME) is read where it points, or said to be hosted — not "DMARC none"', async () => {
  const provider = await open('dmarc-provider.example.zone', H('dmarc-provider.example') + 'p4.example._d IN TXT "v=DMARC1; p=reject; rua=mailto:r@dmarc-provider.example"\n');
  assert.ok(provider);
  const d = await open('p4.example.zone', H('p4.example') + '_dmarc IN CNAME p4.example._d.dmarc-provider.example.\n');
  const p = await posture(d);
  assert.equal(p.dmarc.policy, 'reject', JSON.stringify(p));
  assert.match(p.text, /DMARC reject/);
  assert.match(p.tooltip, /CNAME/);
  const far = await open('p5.example.zone', H('p5.example') + '_dmarc IN CNAME _dmarc.hosted.invalid.\n');
  const q = await posture(far);
  assert.doesNotMatch(q.text, /DMARC none/);
  assert.match(q.tooltip, /hosted\.invalid/);
});

test('completion at the start of a later string does not glue a value onto the previous string\'s word', async () => {
  // Resolvers join the strings with nothing between them: `"p=none" "reject"` is `p=nonereject`,
  // `"v=spf1 a" "include:…"` is `v=spf1 ainclude:…`.
  for (const [name, line] of [
    ['c1.example', '_dmarc IN TXT "v=DMARC1; p=none" "|"'],
    ['c2.example', '@ IN TXT "v=spf1 a" "|"'],
    ['c3.example', '@ IN TXT ( "v=spf1 a"\n     "|" )'],
  ]) {
    const { text, pos } = marked(H(name) + line + '\n');
    const d = await open(name + '.zone', text);
    for (const it of await complete(d, pos.line, pos.character)) {
      const out = applyEdits(text, [it.textEdit]);
      const rec = joined(out.split('\n').slice(6).join(' '));
      assert.doesNotMatch(rec, /nonereject|nonequarantine|ainclude|aip4|aip6|amx|aexists|aredirect|aexp|a[-~?+]all/, `${name} ${it.label}: ${rec}`);
    }
  }
});

test('completion at the start of a later string finishes the word begun in the previous one', async () => {
  const { text, pos } = marked(H('c4.example') + '_dmarc IN TXT "v=DMARC1; p=qua" "|"\n');
  const d = await open('c4.example.zone', text);
  const items = await complete(d, pos.line, pos.character);
  const q = items.find((i) => i.label === 'quarantine');
  assert.ok(q, items.map((i) => i.label).join(' '));
  assert.equal(joined(applyEdits(text, [q.textEdit]).split('\n')[6]), 'v=DMARC1; p=quarantine');
  assert.ok(!items.some((i) => i.label === 'reject'), 'reject does not continue `qua`');
  // Part of the word typed in the new string too: it is replaced, the rest follows.
  const m = marked(H('c5.example') + '_dmarc IN TXT "v=DMARC1; p=qu" "ar|"\n');
  const d2 = await open('c5.example.zone', m.text);
  const q2 = (await complete(d2, m.pos.line, m.pos.character)).find((i) => i.label === 'quarantine');
  assert.equal(joined(applyEdits(m.text, [q2.textEdit]).split('\n')[6]), 'v=DMARC1; p=quarantine');
  assert.ok(q2.filterText === undefined || q2.filterText.startsWith('ar'), `filterText ${q2.filterText} matches the typed "ar"`);
});

test('no record types offered where the line already has its type after the cursor', async () => {
  for (const line of ['_dmarc 3600 |IN TXT "v=DMARC1; p=none"', '_dmarc |3600 IN TXT "v=DMARC1; p=none"', 'www |IN A 192.0.2.7']) {
    const { text, pos } = marked(H('t1.example') + line + '\n');
    const d = await open('t1.example.zone', text);
    const items = await complete(d, pos.line, pos.character);
    for (const it of items) {
      const out = applyEdits(text, [it.textEdit]).split('\n')[6];
      assert.ok(!/\s(A|AAAA|CNAME|MX|TXT|NS|SOA|SRV|PTR|CAA|TLSA|SSHFP|DNAME|NAPTR|SVCB|HTTPS|DS|DNSKEY)\s+(IN\s+)?(TXT|A)\s/.test(out), `${line}: ${it.label} → ${out}`);
    }
    s.close(d.uri);
  }
  // Where the type is still to be written, types are offered.
  const { text, pos } = marked(H('t2.example') + 'www 3600 IN |\n');
  const d = await open('t2.example.zone', text);
  assert.ok((await complete(d, pos.line, pos.character)).some((i) => i.label === 'TXT'));
});

test('outline: TXT text written in UTF-8 reads as written, not as Latin-1 bytes', async () => {
  const d = await open('o1.example.zone', H('o1.example') + '_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@bücher.example"\nnote IN TXT "Grüße\\009x"\n');
  const syms = await s.request('textDocument/documentSymbol', { textDocument: { uri: d.uri } });
  const details = syms.flatMap((x) => x.children.map((c) => c.detail));
  const dmarc = details.find((x) => /DMARC1/.test(x));
  assert.match(dmarc, /bücher\.example/);
  const note = details.find((x) => /Gr/.test(x));
  assert.match(note, /^Grüße\\009x$/, 'a control byte is shown as \\DDD');
  const y = await open('o2.example.yaml', "_dmarc:\n  type: TXT\n  value: v=DMARC1\\; p=none\\; rua=mailto:d@bücher.example\n");
  const ysyms = await s.request('textDocument/documentSymbol', { textDocument: { uri: y.uri } });
  assert.match(ysyms[0].children[0].detail, /bücher\.example/);
});

test('"disable for this line" in a file with CR line ends inserts a CR-ended line', async () => {
  const text = (H('cr.example') + '@ IN TXT "v=spf1 ~all"\n').replace(/\n/g, '\r');
  const d = await open('cr.example.zone', text);
  const diag = d.diags.find((x) => x.code === 'spf/soft-all');
  assert.ok(diag, JSON.stringify(d.diags));
  const actions = await s.request('textDocument/codeAction', { textDocument: { uri: d.uri }, range: diag.range, context: { diagnostics: [diag] } });
  const line = actions.find((a) => a.title === 'Disable spf/soft-all for this line');
  const out = applyEdits(text, editsFor(line.edit, d.uri).edits);
  assert.ok(!out.includes('\n'), JSON.stringify(out.slice(-80)));
  assert.match(out, /\r; mailzone-disable-next-line spf\/soft-all\r@ IN TXT/);
});

test('a YAML file that is not octoDNS records gets no DNS record types at its `type:` keys; a record file being written does', async () => {
  const k8s = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: \n  ports:\n  - port: 80\n';
  for (const name of ['k8s/service.yaml', 'config/service.yaml']) {
    const d = await open(name, k8s);
    assert.deepEqual((await complete(d, 5, 8)).map((i) => i.label), [], name);
  }
  const compose = 'services:\n  db:\n    type: postgres\n    volume:\n      type: \n';
  const c = await open('zones/compose.yaml', compose);
  assert.deepEqual((await complete(c, 4, 12)).map((i) => i.label), []);
  // A new octoDNS record file under zones/: its first `type:` is offered the DNS types.
  const n = await open('zones/new.example.yaml', "'':\n  type: \n");
  assert.ok((await complete(n, 1, 8)).some((i) => i.label === 'TXT'));
});
