// Review findings on the language features: hover ranges on continuation strings and octoDNS YAML,
// outline ranges, snippet escaping, YAML completion after a space and before a tag, and the code
// lens command executed by the server. One server over --stdio, small documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startServer, serverForFile, fileUri, applyEdits, docRequests } from './lsp-client.mjs';

const { dir: tmp, server: s } = serverForFile('mailzone-lsp-review-');
fs.mkdirSync(path.join(tmp, 'zones'), { recursive: true });

const H = (o) =>
  `$ORIGIN ${o}.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n@ IN MX 10 mail\nmail IN A 192.0.2.25\n`; // 7 lines


const { open, hover, complete } = docRequests(() => s, tmp);
const le = (a, b) => a.line < b.line || (a.line === b.line && a.character <= b.character);
const contains = (r, p) => le(r.start, p) && le(p, r.end);
const within = (inner, outer) => le(outer.start, inner.start) && le(inner.end, outer.end);

/**
 * The text a snippet inserts, parsed by the LSP snippet grammar: `$n`, `${n}`, `${n:placeholder}`
 * (nested), escapes `\$`, `\}`, `\\`; inside a placeholder an unescaped `}` closes it. Throws on a
 * variable (`$name`) or an unclosed placeholder.
 */
function expandSnippet(src) {
  let i = 0;
  const any = (depth) => {
    let out = '';
    while (i < src.length) {
      const c = src[i];
      if (c === '\\' && i + 1 < src.length && '$}\\'.includes(src[i + 1])) {
        out += src[i + 1];
        i += 2;
      } else if (c === '}' && depth > 0) {
        return out;
      } else if (c === '$') {
        const m = /^\$(?:(\d+)|\{(\d+)(\}|:))/.exec(src.slice(i));
        if (!m) throw new Error(`variable or stray $ at ${i} in ${src}`);
        i += m[0].length;
        if (m[3] === ':') {
          out += any(depth + 1);
          if (src[i] !== '}') throw new Error(`unclosed placeholder in ${src}`);
          i++;
        }
      } else {
        out += c;
        i++;
      }
    }
    if (depth > 0) throw new Error(`unclosed placeholder in ${src}`);
    return out;
  };
  return any(0);
}

test('D17: every snippet expands by the LSP grammar; exists: inserts %{i} whole', async () => {
  assert.equal(expandSnippet('exists:${1:%{i}._spf.example.com}'), 'exists:%{i._spf.example.com}'); // the defect, as parsed
  const d = await open('d17.zone', H('d17.example') + '@ IN TXT "v=spf1 "\n_dmarc IN TXT "v=DMARC1; p=reject; "\n');
  const spf = await complete(d, 7, 17);
  const ex = spf.find((i) => i.label === 'exists:');
  assert.equal(ex.insertTextFormat, 2);
  assert.equal(expandSnippet(ex.textEdit.newText), 'exists:%{i}._spf.example.com');
  const all = [...spf, ...(await complete(d, 8, 35)), ...(await complete(d, 7, 0))];
  assert.ok(all.some((i) => i.label === '$GENERATE'));
  for (const it of all) {
    const text = it.textEdit?.newText ?? it.insertText ?? it.label;
    if (it.insertTextFormat !== 2) continue;
    const out = expandSnippet(text);
    assert.ok(!/[{}]/.test(out.replace(/%\{[a-z]\}/g, '')), `${it.label}: ${text} -> ${out}`);
  }
  assert.equal(expandSnippet(all.find((i) => i.label === '$GENERATE').textEdit.newText), '$GENERATE 1-10 host-$ A 192.0.2.$');
});

test('D21: the code lens command is advertised and executed by the server for any LSP client, and not advertised to a client that runs it itself', async () => {
  assert.ok(s.init.capabilities.executeCommandProvider?.commands?.includes('mailzone.showSpfTree'), JSON.stringify(s.init.capabilities.executeCommandProvider));
  const messages = [];
  s.conn.onNotification('window/showMessage', (p) => messages.push(p));
  const d = await open('d21.zone', H('d21.example') + '@ IN TXT "v=spf1 mx include:_spf.d21.example -all"\n_spf IN TXT "v=spf1 a -all"\n_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@d21.example"\n');
  const lenses = await s.request('textDocument/codeLens', { textDocument: { uri: d.uri } });
  assert.equal(lenses[0].command.command, 'mailzone.showSpfTree');
  const r = await s.request('workspace/executeCommand', { command: lenses[0].command.command, arguments: lenses[0].command.arguments });
  assert.equal(r.domain, 'd21.example.');
  assert.equal(r.total, 3);
  assert.match(r.text, /^SPF of d21\.example\.: v=spf1 mx include:_spf\.d21\.example -all\n/);
  assert.match(r.text, /include:_spf\.d21\.example/);
  assert.match(r.text, /Total: 3 of 10 DNS lookups/);
  for (let i = 0; i < 50 && messages.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
  assert.equal(messages.length, 1);
  assert.equal(messages[0].message, r.text);
  // The second lens: the _spf record's own tree.
  const r2 = await s.request('workspace/executeCommand', { command: 'mailzone.showSpfTree', arguments: lenses[1].command.arguments });
  assert.equal(r2.domain, '_spf.d21.example.');
  // The VS Code client registers the command itself: the server must not advertise it (a second
  // registration of the same ID throws in VS Code), and the lens keeps the same command ID.
  const s2 = await startServer({ rootPath: tmp, initializationOptions: { trusted: true, clientCommands: ['mailzone.showSpfTree'] } });
  try {
    assert.ok(!s2.init.capabilities.executeCommandProvider?.commands?.includes('mailzone.showSpfTree'), JSON.stringify(s2.init.capabilities.executeCommandProvider));
    s2.open(d.uri, d.text);
    await s2.waitDiagnostics(d.uri);
    const l2 = await s2.request('textDocument/codeLens', { textDocument: { uri: d.uri } });
    assert.equal(l2[0].command.command, 'mailzone.showSpfTree');
    assert.deepEqual(l2[0].command.arguments[0], { line: 7, character: 5 });
  } finally {
    await s2.stop();
  }
});

const CORPORA = new URL('../../shared/corpora/', import.meta.url).pathname;
/** Corpus documents: octoDNS YAML (as `yaml`) and zone files (as `dns-zone`), copied under tmp. */
function corpusDocs() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push({ p, lang: 'yaml' });
    }
  };
  walk(path.join(CORPORA, 'octodns'));
  for (const d of ['octodns/tests/zones', 'dnspython/tests'])
    for (const e of fs.readdirSync(path.join(CORPORA, d), { withFileTypes: true }))
      if (e.isFile() && !/LICENSE|SOURCE|\.is-needed/.test(e.name)) out.push({ p: path.join(CORPORA, d, e.name), lang: 'dns-zone' });
  return out;
}
async function openCorpus(server, { p, lang }) {
  const rel = path.relative(CORPORA, p);
  const dest = path.join(tmp, 'corpus', rel);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const text = fs.readFileSync(p, 'utf8');
  const uri = fileUri(dest);
  server.open(uri, text, lang);
  await server.waitDiagnostics(uri).catch(() => undefined); // files that are not ours get none
  return { uri, text };
}

/** Every hover over the document (every `step`-th character of each line, and each line's end) has a range containing its position. */
async function checkHoverRanges(doc, step = 1) {
  const lines = doc.text.split(/\r\n|\r|\n/);
  let n = 0;
  for (let line = 0; line < lines.length; line++) {
    const cols = new Set([lines[line].length]);
    for (let c = 0; c < lines[line].length; c += step) cols.add(c);
    for (const character of cols) {
      const h = await hover(doc, line, character);
      if (!h?.range) continue;
      n++;
      assert.ok(contains(h.range, { line, character }), `${doc.uri} ${line}:${character} hover range ${JSON.stringify(h.range)}: ${h.contents.value.slice(0, 60)}`);
    }
  }
  return n;
}

test('D6: hover on the opening quote of a continuation string answers for that line, not the previous string\'s last term', async () => {
  const t = H('d6.example') + '@ IN TXT ( "v=spf1 mx ptr"\n           " ip4:192.0.2.1 -all" )\n_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@d6.example"\n';
  const d = await open('d6.zone', t);
  const h = await hover(d, 8, 11);
  assert.ok(h, 'a hover (the record summary) at the opening quote');
  assert.ok(contains(h.range, { line: 8, character: 11 }), JSON.stringify(h.range));
  assert.ok(!/\*\*ptr/.test(h.contents.value), h.contents.value.slice(0, 80));
  // The term hovers still work: ptr at its end on line 7, ip4 on line 8.
  assert.match((await hover(d, 7, 25)).contents.value, /\*\*ptr/);
  const ip4 = await hover(d, 8, 14);
  assert.match(ip4.contents.value, /\*\*ip4/);
  assert.equal(ip4.range.start.line, 8);
  // Hover on the type token: its own range, not the strings'.
  const ty = await hover(d, 7, 6);
  assert.match(ty.contents.value, /SPF policy/);
  assert.ok(contains(ty.range, { line: 7, character: 6 }), JSON.stringify(ty.range));
  assert.ok((await checkHoverRanges(d)) > 50);
});

test('D7: octoDNS hovers belong to the record under the cursor and their ranges contain the position; the apex key has a hover', async () => {
  const t = "---\n'':\n  - type: MX\n    values:\n      - exchange: mail.d7.example.\n        preference: 10\n  - type: TXT\n    values:\n      - v=spf1 mx -all\n      - some-verification=xyz\nmail:\n  type: A\n  value: 192.0.2.25\n_dmarc:\n  type: TXT\n  value: v=DMARC1\\; p=reject\\; rua=mailto:d@d7.example\n";
  const d = await open('zones/d7.example.yaml', t);
  const indent = await hover(d, 6, 0);
  assert.ok(!indent || !/\*\*MX\*\*/.test(indent.contents.value), `indentation before "- type: TXT": ${indent?.contents.value.slice(0, 60)}`);
  const ty = await hover(d, 6, 10);
  assert.match(ty.contents.value, /SPF policy/);
  assert.deepEqual(ty.range, { start: { line: 6, character: 10 }, end: { line: 6, character: 13 } });
  const second = await hover(d, 9, 10);
  assert.deepEqual(second.range, { start: { line: 9, character: 8 }, end: { line: 9, character: 29 } });
  assert.ok(!/SPF/.test(second.contents.value), second.contents.value);
  const mx = await hover(d, 8, 16); // `mx` of the SPF value
  assert.match(mx.contents.value, /\*\*mx/);
  assert.equal(mx.range.start.line, 8);
  const apex = await hover(d, 1, 0);
  assert.ok(apex, "a hover on the '' key");
  assert.match(apex.contents.value, /\*\*MX\*\* at `d7\.example\.`/);
  assert.match(apex.contents.value, /SPF policy of `d7\.example`/);
  assert.deepEqual(apex.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } });
  assert.ok(await hover(d, 13, 2), 'the _dmarc key still has its hover');
  assert.ok((await checkHoverRanges(d)) > 100);
});

test('hover ranges contain the position over corpus files', async () => {
  const docs = corpusDocs().filter(({ p }) => /unit\.tests\.(yaml|tst)$|split\/unit\.tests\.tst\/|dnspython\/tests\/example$/.test(p));
  assert.ok(docs.length >= 10, String(docs.length));
  let n = 0;
  for (const c of docs) n += await checkHoverRanges(await openCorpus(s, c), 3);
  assert.ok(n > 500, String(n));
});

test('D16: outline ranges: selectionRange within range within the parent, over the octoDNS and zone corpora', async () => {
  const check = (syms, where, parent) => {
    for (const x of syms ?? []) {
      assert.ok(within(x.selectionRange, x.range), `${where} ${x.name} ${x.detail}: selectionRange ${JSON.stringify(x.selectionRange)} not in range ${JSON.stringify(x.range)}`);
      if (parent) assert.ok(within(x.range, parent.range), `${where} ${x.name} ${x.detail}: range ${JSON.stringify(x.range)} not in parent ${parent.name} ${JSON.stringify(parent.range)}`);
      check(x.children, where, x);
    }
  };
  const d = await open('zones/d16.example.yaml', "---\nwww:\n  type: TXT\n  values:\n    - v=spf1 -all\n    - some-verification=xyz\n'':\n  - type: MX\n    value:\n      exchange: mail.d16.example.\n      preference: 10\n  - type: TXT\n    values:\n      - v=spf1 mx -all\n      - other=1\n");
  const syms = await s.request('textDocument/documentSymbol', { textDocument: { uri: d.uri } });
  assert.deepEqual(syms.map((x) => [x.name, x.children.length]), [['www', 2], ['@', 3]]);
  assert.deepEqual(syms[0].children[1].selectionRange, { start: { line: 5, character: 6 }, end: { line: 5, character: 27 } });
  check(syms, 'd16');
  let files = 0;
  let symbols = 0;
  for (const c of corpusDocs()) {
    const doc = await openCorpus(s, c);
    const got = await s.request('textDocument/documentSymbol', { textDocument: { uri: doc.uri } });
    if (got?.length) files++;
    symbols += got?.length ?? 0;
    check(got, c.p);
    s.close(doc.uri);
  }
  assert.ok(files >= 20 && symbols > 100, `${files} files, ${symbols} symbols`);
});

test('D18: completion after a trailing blank of a YAML plain scalar offers what the zone file offers there', async () => {
  const labels = (items) => items.map((i) => i.label).sort();
  const z = await open('d18.zone', H('d18.example') + '@ IN TXT "v=spf1 "\n_dmarc IN TXT "v=DMARC1; p=reject; "\n');
  const zSpf = await complete(z, 7, 17);
  const zDmarc = await complete(z, 8, 34);
  assert.ok(zSpf.some((i) => i.label === 'include:') && zDmarc.some((i) => i.label === 'rua'));
  const cases = [
    ["---\n'':\n  type: TXT\n  value: v=spf1 \n", 3, zSpf, 'mx', '  value: v=spf1 mx'],
    ["---\n'':\n  - type: TXT\n    values:\n      - v=spf1 ip4:192.0.2.1 \n      - other=1\n", 4, zSpf, 'mx', '      - v=spf1 ip4:192.0.2.1 mx'],
    ["---\n_dmarc:\n  type: TXT\n  value: v=DMARC1\\; p=reject\\; \n", 3, zDmarc, 'rua', '  value: v=DMARC1\\; p=reject\\; rua=mailto:'],
  ];
  let k = 0;
  for (const [t, line, want, pick, after] of cases) {
    const d = await open(`zones/d18-${k++}.example.yaml`, t);
    const L = t.split('\n')[line];
    const got = await complete(d, line, L.length);
    assert.deepEqual(labels(got), labels(want), L);
    const it = got.find((i) => i.label === pick);
    const o = applyEdits(t, [it.textEdit]).split('\n')[line];
    assert.ok(o.startsWith(after), `${JSON.stringify(o)} should start with ${JSON.stringify(after)}`);
  }
  // A comment after the value is not the value.
  const c = await open('zones/d18-c.example.yaml', "---\n'':\n  type: TXT\n  value: v=spf1 # note \n");
  assert.ok(!(await complete(c, 3, 23)).some((i) => i.label === 'include:'));
});

test('D19: a tag completed before an existing tag gets its own separator, escaped for the source', async () => {
  const cases = [
    ['zones/d19a.example.yaml', "---\n_dmarc:\n  type: TXT\n  value: v=DMARC1\\;  p=reject\n", 3, 20, '  value: v=DMARC1\\; sp=reject\\; p=reject'],
    ['zones/d19b.example.yaml', '---\n_dmarc:\n  type: TXT\n  value: "v=DMARC1\\\\;  p=reject"\n', 3, 22, '  value: "v=DMARC1\\\\; sp=reject\\\\; p=reject"'],
    ['d19c.zone', H('d19c.example') + '_dmarc IN TXT "v=DMARC1;  p=reject"\n', 7, 25, '_dmarc IN TXT "v=DMARC1; sp=reject; p=reject"'],
    ['d19d.zone', H('d19d.example') + '_dmarc IN TXT "v=DMARC1; p=reject; "\n', 7, 35, '_dmarc IN TXT "v=DMARC1; p=reject; sp=reject"'],
  ];
  for (const [name, t, line, ch, want] of cases) {
    const d = await open(name, t);
    const it = (await complete(d, line, ch)).find((i) => i.label === 'sp');
    assert.ok(it, `${name}: sp offered`);
    const o = applyEdits(t, [it.textEdit]);
    assert.equal(o.split('\n')[line], want, name);
    // The result reads as three tags, with no syntax error.
    const v = s.change(d.uri, o);
    const p = await s.waitDiagnostics(d.uri, (x) => x.version === v);
    assert.ok(!p.diagnostics.some((x) => /syntax|invalid-value|unknown-tag/.test(String(x.code))), `${name}: ${p.diagnostics.map((x) => x.code + ' ' + x.message).join(' | ')}`);
  }
});

test('D20: a zone file saved with a UTF-8 BOM gets the zone/syntax error in the editor, which hides the mark; saving without it clears it', async () => {
  const text = H('d20.example') + '@ IN TXT "v=spf1 -all"\n';
  const file = path.join(tmp, 'd20.zone');
  fs.writeFileSync(file, '\ufeff' + text); // on disk with the mark; the editor sends the text without it
  const d = await open('d20.zone', text);
  const bom = d.diags.filter((x) => x.code === 'zone/syntax');
  assert.equal(bom.length, 1, JSON.stringify(d.diags));
  assert.match(bom[0].message, /byte-order mark.*BIND.*refuses the zone.*without BOM/s);
  assert.equal(bom[0].severity, 1);
  assert.deepEqual(bom[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } }); // `$ORIGIN`
  // "Save with Encoding → UTF-8": same text, no mark on disk, then didSave.
  fs.writeFileSync(file, text);
  const t = fs.statSync(file);
  fs.utimesSync(file, t.atime, new Date(t.mtimeMs + 2000));
  const before = s.diagnostics.get(d.uri);
  s.conn.sendNotification('textDocument/didSave', { textDocument: { uri: d.uri } });
  const p = await s.waitDiagnostics(d.uri, (x) => x !== before);
  assert.deepEqual(p.diagnostics.filter((x) => x.code === 'zone/syntax'), []);
  // A file without the mark never gets it.
  fs.writeFileSync(path.join(tmp, 'd20b.zone'), text);
  const e = await open('d20b.zone', text);
  assert.deepEqual(e.diags.filter((x) => x.code === 'zone/syntax'), []);
});
