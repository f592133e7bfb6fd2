// The language server as a separate process over --stdio, driven by a minimal JSON-RPC client:
// diagnostics at the right range, hover, quick fixes applied, completion, symbols, cross-file
// re-lint, stale-result protection, octoDNS YAML, and the custom requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer, fileUri, applyEdits, editsFor } from './lsp-client.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-lsp-'));
const write = (name, text) => {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};

const HEAD = '$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n';

// Line 5 (0-based) has an unknown type: the parser must say so at that token and read the rest.
const BROKEN = '$ORIGIN broken.test.\n' + HEAD + 'www IN FOO 192.0.2.2\nmail IN A 192.0.2.3\n';

const SELECTOR_LINE = 'www IN CNAME cdn.provider.net\n';
const FIXABLE = '$ORIGIN cross.test.\n' + HEAD + SELECTOR_LINE;

let s;
before(async () => {
  write('parent.test.zone', '$ORIGIN parent.test.\n' + HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@parent.test"\n');
  write('sub.parent.test.zone', '$ORIGIN sub.parent.test.\n' + HEAD + '@ IN MX 10 mail.sub.parent.test.\nmail IN A 192.0.2.25\n');
  write('node_modules/ignored.zone', '$ORIGIN ignored.test.\n' + HEAD);
  s = await startServer({ rootPath: tmp });
});
after(async () => {
  await s?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const codes = (p) => p.diagnostics.map((d) => d.code);

test('a broken line gives zone/syntax at the bad token, with code, link and source; the next record still reads', async () => {
  const uri = fileUri(path.join(tmp, 'broken.test.zone'));
  s.open(uri, BROKEN);
  const p = await s.waitDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'zone/syntax'));
  const d = p.diagnostics.find((d) => d.code === 'zone/syntax');
  assert.deepEqual(d.range, { start: { line: 5, character: 7 }, end: { line: 5, character: 10 } });
  assert.equal(d.source, 'mailzone');
  assert.equal(d.severity, 1);
  assert.equal(d.codeDescription.href, 'https://github.com/mailzone/mailzone/blob/main/docs/rules.md#zone-syntax');
  assert.equal(p.version, 1);
  // Recovery: the record after the bad line is in the outline.
  const syms = await s.request('textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok(syms.some((x) => x.name === 'mail' && x.children.some((c) => c.name === 'A')), JSON.stringify(syms.map((x) => x.name)));
  // Fixing the line clears it.
  s.change(uri, BROKEN.replace('FOO', 'A'));
  await s.waitDiagnostics(uri, (p) => p.version === 2 && !p.diagnostics.some((d) => d.code === 'zone/syntax'));
  s.close(uri);
});

test('hover over a finding shows the rule docs; a quick fix applies to the current version', async () => {
  const uri = fileUri(path.join(tmp, 'cross.test.zone'));
  s.open(uri, FIXABLE);
  const p = await s.waitDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'zone/relative-target'));
  const d = p.diagnostics.find((d) => d.code === 'zone/relative-target');
  const targetStart = SELECTOR_LINE.indexOf('cdn.');
  assert.deepEqual(d.range, { start: { line: 5, character: targetStart }, end: { line: 5, character: SELECTOR_LINE.length - 1 } });

  const h = await s.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: targetStart + 3 } });
  assert.equal(h.contents.kind, 'markdown');
  assert.match(h.contents.value, /zone\/relative-target/);
  assert.match(h.contents.value, /trailing dot/);
  assert.match(h.contents.value, /docs\/rules\.md#zone-relative-target/);
  assert.match(h.contents.value, /\*\*CNAME\*\* at `www\.cross\.test\.` · TTL 3600 \(1h\) · class IN/);

  const actions = await s.request('textDocument/codeAction', {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d] },
  });
  const fix = actions.find((a) => /trailing dot/i.test(a.title));
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(fix.kind, 'quickfix');
  assert.deepEqual(fix.diagnostics, [d]);
  const { edits, versions } = editsFor(fix.edit, uri);
  assert.deepEqual(versions, [1], 'the edit names the version it was computed for');
  const fixed = applyEdits(FIXABLE, edits);
  assert.equal(fixed, FIXABLE.replace('provider.net\n', 'provider.net.\n'));
  // Fix all (source.fixAll, for codeActionsOnSave): the preferred fix of every finding, versioned.
  const all = await s.request('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  });
  assert.equal(all.length, 1);
  assert.equal(all[0].kind, 'source.fixAll.mailzone');
  assert.deepEqual(editsFor(all[0].edit, uri).versions, [1]);
  assert.equal(applyEdits(FIXABLE, editsFor(all[0].edit, uri).edits), fixed);


  // Suppression for the line: a comment above the record with the record's indentation.
  const dis = actions.find((a) => a.title === 'Disable zone/relative-target for this line');
  assert.ok(dis);
  const suppressed = applyEdits(FIXABLE, editsFor(dis.edit, uri).edits);
  assert.equal(suppressed, FIXABLE.replace(SELECTOR_LINE, '; mailzone-disable-next-line zone/relative-target\n' + SELECTOR_LINE));
  s.change(uri, suppressed);
  await s.waitDiagnostics(uri, (p) => p.version === 2 && !codes(p).includes('zone/relative-target'));

  const file = actions.find((a) => a.title === 'Disable zone/relative-target for this file');
  assert.ok(file);
  assert.equal(applyEdits(FIXABLE, editsFor(file.edit, uri).edits), '; mailzone-disable zone/relative-target\n' + FIXABLE);
  s.close(uri);
});

test('edits in flight: only the newest version is published, never a stale one after it', async () => {
  const uri = fileUri(path.join(tmp, 'rapid.test.zone'));
  const seen = [];
  const listener = s.onPublish((p) => {
    if (p.uri === uri) seen.push(p.version);
  });
  const base = '$ORIGIN rapid.test.\n' + HEAD;
  s.open(uri, base);
  let v = 1;
  for (let i = 0; i < 20; i++) v = s.change(uri, base + `h${i} IN A 192.0.2.${i}\n`.repeat(i + 1));
  await s.waitDiagnostics(uri, (p) => p.version === v);
  await new Promise((r) => setTimeout(r, 300));
  listener.dispose();
  assert.equal(seen.at(-1), v, `versions published: ${seen}`);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1], `published out of order: ${seen}`);
  assert.ok(seen.length < 20, `debounce: ${seen.length} publishes for 21 versions`);
  s.close(uri);
});

test('cross-file: a DMARC record inherited from another zone of the workspace, and re-lint when that zone changes', async () => {
  const subUri = fileUri(path.join(tmp, 'sub.parent.test.zone'));
  const parentPath = path.join(tmp, 'parent.test.zone');
  const parentUri = fileUri(parentPath);
  const subText = fs.readFileSync(path.join(tmp, 'sub.parent.test.zone'), 'utf8');
  s.open(subUri, subText);
  // Covered by _dmarc.parent.test (read from disk by the workspace scan).
  await s.waitDiagnostics(subUri, (p) => !codes(p).includes('dmarc/missing-record'));
  // The parent, opened and edited: its _dmarc goes away, the sub zone is re-linted.
  const parentText = fs.readFileSync(parentPath, 'utf8');
  s.open(parentUri, parentText);
  s.change(parentUri, parentText.replace(/^_dmarc.*\n/m, ''));
  const p = await s.waitDiagnostics(subUri, (p) => codes(p).includes('dmarc/missing-record'));
  assert.equal(p.diagnostics.find((d) => d.code === 'dmarc/missing-record').range.start.line, 5);
  // Let the re-lints the open and the edit scheduled finish (on a loaded machine one may still be
  // on its way): no publish of the sub zone for 600 ms.
  let lastSubPublish = Date.now();
  const quiet = s.onPublish((p) => {
    if (p.uri === subUri) lastSubPublish = Date.now();
  });
  for (const t0 = Date.now(); Date.now() - lastSubPublish < 600 && Date.now() - t0 < 10_000; ) await new Promise((r) => setTimeout(r, 50));
  quiet.dispose();
  // A comment-only edit of the parent changes nothing another zone can see: no re-lint of the sub zone.
  let subPublishes = 0;
  const l = s.onPublish((p) => {
    if (p.uri === subUri) subPublishes++;
  });
  const pv = s.change(parentUri, '; just a comment\n' + parentText.replace(/^_dmarc.*\n/m, ''));
  await s.waitDiagnostics(parentUri, (p) => p.version === pv);
  await new Promise((r) => setTimeout(r, 800));
  assert.equal(subPublishes, 0, 'comment edit in another zone re-linted this one');
  l.dispose();
  // Closing the parent: the workspace goes back to the file on disk, which has _dmarc.
  s.close(parentUri);
  await s.waitDiagnostics(subUri, (p) => !codes(p).includes('dmarc/missing-record'));
  // A change on disk, reported by the client's file watcher.
  fs.writeFileSync(parentPath, parentText.replace(/^_dmarc.*\n/m, ''));
  s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: parentUri, type: 2 }] });
  await s.waitDiagnostics(subUri, (p) => codes(p).includes('dmarc/missing-record'));
  fs.writeFileSync(parentPath, parentText);
  s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: parentUri, type: 2 }] });
  await s.waitDiagnostics(subUri, (p) => !codes(p).includes('dmarc/missing-record'));
  s.close(subUri);
});

test('completion: record types after an owner, directives after $, SPF terms inside an SPF string', async () => {
  const uri = fileUri(path.join(tmp, 'complete.test.zone'));
  const text = '$ORIGIN complete.test.\n' + HEAD + 'www IN \n$\n@ IN TXT "v=spf1 "\n_dmarc IN TXT "v=DMARC1; p="\n';
  s.open(uri, text);
  await s.waitDiagnostics(uri);
  const types = await s.request('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 7 } });
  const labels = (r) => (Array.isArray(r) ? r : r.items).map((i) => i.label);
  for (const t of ['A', 'MX', 'TXT', 'CNAME']) assert.ok(labels(types).includes(t), t);
  const dirs = await s.request('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 1 } });
  assert.deepEqual(labels(dirs).sort(), ['$GENERATE', '$INCLUDE', '$ORIGIN', '$TTL']);
  const spf = await s.request('textDocument/completion', { textDocument: { uri }, position: { line: 7, character: 17 } });
  const l = labels(spf);
  assert.ok(l.some((x) => /^include/.test(x)), `SPF completion: ${l}`);
  assert.ok(l.some((x) => /all$/.test(x)), `SPF completion: ${l}`);
  assert.ok(!l.includes('CNAME'), 'no record types inside a string');
  // DMARC policy values after p= (the policy area's provider), replacing from the cursor.
  const dm = await s.request('textDocument/completion', { textDocument: { uri }, position: { line: 8, character: 27 } });
  for (const v of ['none', 'quarantine', 'reject']) assert.ok(labels(dm).includes(v), `DMARC completion: ${labels(dm)}`);
  const rej = (Array.isArray(dm) ? dm : dm.items).find((i) => i.label === 'reject');
  assert.deepEqual(rej.textEdit.range, { start: { line: 8, character: 27 }, end: { line: 8, character: 27 } });
  s.close(uri);
});

test('document symbols: owners with their records, email-auth records marked', async () => {
  const uri = fileUri(path.join(tmp, 'symbols.test.zone'));
  const text =
    '$ORIGIN symbols.test.\n' +
    HEAD +
    '@ IN MX 10 mail\n@ IN TXT "v=spf1 mx -all"\n_dmarc IN TXT "v=DMARC1; p=reject"\nmail IN A 192.0.2.25\n';
  s.open(uri, text);
  await s.waitDiagnostics(uri);
  const syms = await s.request('textDocument/documentSymbol', { textDocument: { uri } });
  const apex = syms.filter((x) => x.name === '@');
  assert.equal(apex.length, 2, 'the SOA/NS run and the MX/TXT run');
  const mailRun = apex[1];
  assert.deepEqual(mailRun.children.map((c) => c.name), ['MX', 'TXT']);
  assert.match(mailRun.children[1].detail, /^SPF · v=spf1 mx -all/);
  assert.match(mailRun.detail, /SPF/);
  const dmarc = syms.find((x) => x.name === '_dmarc');
  assert.match(dmarc.detail, /^_dmarc\.symbols\.test\. · DMARC/);
  assert.deepEqual(dmarc.range, { start: { line: 7, character: 0 }, end: { line: 7, character: 34 } });

  const posture = await s.request('mailzone/posture', { textDocument: { uri } });
  assert.match(posture.text, /^SPF .* · DMARC reject · DKIM none$/);
  s.close(uri);
});

test('SPF: a code lens with the lookup count of each SPF record, the tree request, and the count in the posture', async () => {
  const uri = fileUri(path.join(tmp, 'lens.test.zone'));
  const text =
    '$ORIGIN lens.test.\n' +
    HEAD +
    '@ IN MX 10 mail\nmail IN A 192.0.2.25\n@ IN TXT "v=spf1 mx a include:_spf.lens.test -all"\n_spf IN TXT "v=spf1 a -all"\n';
  s.open(uri, text);
  await s.waitDiagnostics(uri);
  const lenses = await s.request('textDocument/codeLens', { textDocument: { uri } });
  assert.deepEqual(
    lenses.map((l) => [l.range.start.line, l.command.title, l.command.command]),
    [
      [7, 'SPF: 4/10 DNS lookups', 'mailzone.showSpfTree'],
      [8, 'SPF: 1/10 DNS lookups', 'mailzone.showSpfTree'],
    ],
  );
  const tree = await s.request('mailzone/spfTree', { textDocument: { uri }, position: { line: 7, character: 12 } });
  assert.equal(tree.domain, 'lens.test.');
  assert.equal(tree.total, 4);
  assert.equal(tree.complete, true);
  assert.deepEqual(tree.tree.children.map((c) => [c.label, c.total]), [['mx', 1], ['a', 1], ['include:_spf.lens.test', 2]]);
  assert.match(tree.markdown, /include:_spf\.lens\.test/);
  // Go to definition: from the include to the record it names, from the MX target to its address.
  const def = await s.request('textDocument/definition', { textDocument: { uri }, position: { line: 7, character: 30 } });
  assert.deepEqual(def, [{ uri, range: { start: { line: 8, character: 0 }, end: { line: 8, character: 27 } } }]);
  const mx = await s.request('textDocument/definition', { textDocument: { uri }, position: { line: 5, character: 12 } });
  assert.deepEqual(mx.map((l) => l.range.start.line), [6]);
  const apex = await s.request('mailzone/spfTree', { textDocument: { uri } });
  assert.equal(apex.total, 4, 'without a position: the apex record');
  assert.equal(await s.request('mailzone/spfTree', { textDocument: { uri }, position: { line: 5, character: 2 } }), null);
  const p = await s.request('mailzone/posture', { textDocument: { uri } });
  assert.match(p.text, /^SPF 4\/10 · DMARC none · DKIM none$/);
  s.close(uri);
});

test('posture counts DKIM selectors and reads the DMARC policy', async () => {
  const uri = fileUri(path.join(tmp, 'posture.test.zone'));
  const text =
    '$ORIGIN posture.test.\n' +
    HEAD +
    '@ IN TXT "v=spf1 -all"\n_dmarc IN TXT "v=DMARC1; p=quarantine"\n' +
    'selector1._domainkey IN CNAME selector1-posture-test._domainkey.contoso.onmicrosoft.com.\n' +
    'selector2._domainkey IN CNAME selector2-posture-test._domainkey.contoso.onmicrosoft.com.\n' +
    // ADSP and failure-report records live under _domainkey too but are not selectors (RFC 6376 §3.1).
    '_adsp._domainkey IN TXT "dkim=unknown"\n_report._domainkey IN TXT "ra=dkim-reports; rp=100"\n';
  s.open(uri, text);
  await s.waitDiagnostics(uri);
  const p = await s.request('mailzone/posture', { textDocument: { uri } });
  assert.match(p.text, /DMARC quarantine · DKIM 2\/2$/);
  assert.deepEqual(p.dkim, { valid: 2, total: 2 });
  s.close(uri);
});

test('generate Microsoft 365 records into a zone: the result reads and has no syntax error', async () => {
  const uri = fileUri(path.join(tmp, 'm365.test.zone'));
  const text = '$ORIGIN m365.test.\n' + HEAD + '@ IN TXT "v=spf1 mx -all"\n';
  s.open(uri, text);
  await s.waitDiagnostics(uri);
  const r = await s.request('mailzone/m365Records', { textDocument: { uri }, domain: 'm365.test', tenant: 'contoso', stsId: '20260101' });
  assert.equal(r.error, undefined);
  const out = applyEdits(text, editsFor(r.edit, uri).edits);
  assert.match(out, /"v=spf1 include:spf\.protection\.outlook\.com mx -all"/);
  assert.match(out, /\n@\s+3600 IN MX\s+0 m365-test\.mail\.protection\.outlook\.com\.\n/);
  assert.match(out, /\nselector1\._domainkey\s+3600 IN CNAME selector1-m365-test\._domainkey\.contoso\.onmicrosoft\.com\.\n/);
  assert.match(out, /\nselector2\._domainkey\s+3600 IN CNAME selector2-m365-test\._domainkey\.contoso\.onmicrosoft\.com\.\n/);
  assert.match(out, /\n_dmarc\s+3600 IN TXT\s+"v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@m365\.test"\n/);
  assert.match(out, /\n_mta-sts\s+3600 IN TXT\s+"v=STSv1; id=20260101"\n/);
  assert.match(out, /\n_smtp\._tls\s+3600 IN TXT\s+"v=TLSRPTv1; rua=mailto:tls-reports@m365\.test"\n/);
  const v = s.change(uri, out);
  const p = await s.waitDiagnostics(uri, (p) => p.version === v);
  const bad = p.diagnostics.filter((d) => /^(zone\/syntax|dkim\/m365|spf\/m365|spf\/multiple|dmarc\/(syntax|multiple))/.test(d.code));
  assert.deepEqual(bad, []);
  s.close(uri);
});

test('octoDNS YAML: diagnostics, hover and a "#" suppression above the record', async () => {
  const p0 = write('config/octo.test.yaml', "---\n'':\n  - type: MX\n    value:\n      exchange: mx.octo.test.\n      preference: 10\n  - type: TXT\n    value: v=spf1 mx -all\n_dmarc:\n  type: TXT\n  value: v=DMARC1\\; p=none\\; rua=mailto:d@octo.test\n");
  const uri = fileUri(p0);
  const text = fs.readFileSync(p0, 'utf8');
  s.open(uri, text, 'yaml');
  const p = await s.waitDiagnostics(uri, (p) => codes(p).includes('dmarc/p-none'));
  const d = p.diagnostics.find((d) => d.code === 'dmarc/p-none');
  assert.equal(d.range.start.line, 10);
  const h = await s.request('textDocument/hover', { textDocument: { uri }, position: { line: 10, character: 20 } });
  assert.match(h.contents.value, /dmarc\/p-none/);
  assert.match(h.contents.value, /\*\*TXT\*\* \(DMARC\) at `_dmarc\.octo\.test\.`/);
  const syms = await s.request('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(syms.map((x) => x.name), ['@', '_dmarc']);
  const actions = await s.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const dis = actions.find((a) => a.title === 'Disable dmarc/p-none for this line');
  assert.ok(dis, JSON.stringify(actions.map((a) => a.title)));
  const out = applyEdits(text, editsFor(dis.edit, uri).edits);
  assert.ok(out.includes('# mailzone-disable-next-line dmarc/p-none\n'), out);
  const v = s.change(uri, out);
  await s.waitDiagnostics(uri, (p) => p.version === v && !codes(p).includes('dmarc/p-none') && !codes(p).includes('mailzone/unused-suppression'));
  s.close(uri);
});

test('a YAML file that is not octoDNS gets no diagnostics and no outline', async () => {
  const p0 = write('ci/workflow.yaml', 'name: build\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n');
  const uri = fileUri(p0);
  s.open(uri, fs.readFileSync(p0, 'utf8'), 'yaml');
  const p = await s.waitDiagnostics(uri);
  assert.deepEqual(p.diagnostics, []);
  assert.deepEqual(await s.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
  assert.deepEqual(await s.request('mailzone/detectKind', { uri, text: 'name: x\n', languageId: 'yaml' }), { kind: 'other' });
  s.close(uri);
});

test('requests about unknown documents answer empty and the server keeps serving', async () => {
  const uri = 'file:///nowhere/never-opened.zone';
  assert.equal(await s.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
  assert.deepEqual(await s.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }), []);
  assert.equal(await s.request('mailzone/posture', { textDocument: { uri } }), null);
  // Hostile text: never crashes, still answers.
  const huri = fileUri(path.join(tmp, 'hostile.zone'));
  s.open(huri, '$ORIGIN\n(((\n"unterminated\n\\\n$INCLUDE /etc/passwd\n' + '\u0000'.repeat(10) + '\n');
  await s.waitDiagnostics(huri);
  const h = await s.request('textDocument/hover', { textDocument: { uri: huri }, position: { line: 1, character: 1 } });
  assert.ok(h === null || typeof h.contents.value === 'string');
  s.close(huri);
  assert.equal(s.proc.exitCode, null);
});

test('settings: severities from workspace/configuration, pulled again on didChangeConfiguration', async () => {
  const settings = { rules: { 'zone/relative-target': 'error' }, dns: { lookups: 'off' } };
  const s2 = await startServer({ settings });
  try {
    const uri = fileUri(path.join(tmp, 'settings.test.zone'));
    s2.open(uri, FIXABLE);
    let p = await s2.waitDiagnostics(uri, (p) => codes(p).includes('zone/relative-target'));
    assert.equal(p.diagnostics.find((d) => d.code === 'zone/relative-target').severity, 1);
    settings.rules['zone/relative-target'] = 'off';
    s2.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    p = await s2.waitDiagnostics(uri, (p) => !codes(p).includes('zone/relative-target'));
    settings.rules = { 'zone/relative-target': 'hint' };
    s2.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    p = await s2.waitDiagnostics(uri, (p) => codes(p).includes('zone/relative-target'));
    assert.equal(p.diagnostics.find((d) => d.code === 'zone/relative-target').severity, 4);
  } finally {
    await s2.stop();
  }
});

test('a client without workspace/configuration or documentChanges: settings from initializationOptions, plain edits', async () => {
  const s3 = await startServer({ configuration: false, documentChanges: false, initializationOptions: { settings: { rules: { 'zone/relative-target': 'info' } } } });
  try {
    const uri = fileUri(path.join(tmp, 'plain.test.zone'));
    s3.open(uri, FIXABLE);
    const p = await s3.waitDiagnostics(uri, (p) => codes(p).includes('zone/relative-target'));
    const d = p.diagnostics.find((d) => d.code === 'zone/relative-target');
    assert.equal(d.severity, 3);
    const actions = await s3.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => /trailing dot/i.test(a.title));
    assert.ok(fix.edit.changes[uri], 'a changes map when documentChanges is not supported');
    assert.equal(applyEdits(FIXABLE, fix.edit.changes[uri]), FIXABLE.replace('provider.net\n', 'provider.net.\n'));
  } finally {
    await s3.stop();
  }
});

test('generate Microsoft 365 records into octoDNS YAML: merged under existing keys, values escaped', async () => {
  const { parse } = await import('yaml');
  const p0 = write('zones/m365y.test.yaml', "# keep this comment\n---\n'':\n  type: TXT\n  value: v=spf1 mx -all\n");
  const uri = fileUri(p0);
  const text = fs.readFileSync(p0, 'utf8');
  s.open(uri, text, 'yaml');
  await s.waitDiagnostics(uri);
  const r = await s.request('mailzone/m365Records', { textDocument: { uri }, domain: 'm365y.test', tenant: 'contoso.onmicrosoft.com', stsId: '7' });
  assert.equal(r.error, undefined);
  const out = applyEdits(text, editsFor(r.edit, uri).edits);
  assert.ok(out.startsWith('# keep this comment\n'), out);
  const y = parse(out);
  assert.deepEqual(y[''], [
    { type: 'TXT', value: 'v=spf1 include:spf.protection.outlook.com mx -all' },
    { type: 'MX', ttl: 3600, value: { exchange: 'm365y-test.mail.protection.outlook.com.', preference: 0 } },
  ]);
  assert.equal(y['selector1._domainkey'].value, 'selector1-m365y-test._domainkey.contoso.onmicrosoft.com.');
  assert.equal(y['selector2._domainkey'].value, 'selector2-m365y-test._domainkey.contoso.onmicrosoft.com.');
  assert.equal(y._dmarc.value, 'v=DMARC1\\; p=quarantine\\; rua=mailto:dmarc-reports@m365y.test');
  assert.equal(y['_mta-sts'].value, 'v=STSv1\\; id=7');
  const v = s.change(uri, out);
  const p = await s.waitDiagnostics(uri, (p) => p.version === v);
  assert.deepEqual(p.diagnostics.filter((d) => /^(octodns\/|dkim\/m365|spf\/m365|spf\/multiple)/.test(d.code)), []);
  s.close(uri);
});

test('diagnostic extras: Unnecessary tag on an unused suppression, relatedInformation to the other record', async () => {
  const uri = fileUri(path.join(tmp, 'extras.test.zone'));
  const text =
    '$ORIGIN extras.test.\n' +
    HEAD +
    '; mailzone-disable-next-line spf/soft-all\n' +
    '@ IN TXT "v=spf1 -all"\n' +
    '_dmarc IN TXT "v=DMARC1; p=reject"\n' +
    '_dmarc IN TXT "v=DMARC1; p=none"\n';
  s.open(uri, text);
  const p = await s.waitDiagnostics(uri, (p) => codes(p).includes('mailzone/unused-suppression') && codes(p).includes('dmarc/multiple-records'));
  const unused = p.diagnostics.find((d) => d.code === 'mailzone/unused-suppression');
  assert.deepEqual(unused.tags, [1], 'DiagnosticTag.Unnecessary');
  assert.deepEqual(unused.range, { start: { line: 5, character: 29 }, end: { line: 5, character: 41 } });
  const multi = p.diagnostics.filter((d) => d.code === 'dmarc/multiple-records');
  assert.ok(multi.length >= 1);
  const rel = multi.flatMap((d) => d.relatedInformation ?? []);
  assert.ok(rel.length >= 1, JSON.stringify(multi));
  assert.equal(rel[0].location.uri, uri);
  assert.ok([7, 8].includes(rel[0].location.range.start.line), JSON.stringify(rel));
  // The unused suppression's own fix removes it, and no "disable" action is offered for it.
  const actions = await s.request('textDocument/codeAction', { textDocument: { uri }, range: unused.range, context: { diagnostics: [unused] } });
  const titles = actions.map((a) => a.title);
  assert.ok(!titles.some((t) => t.startsWith('Disable mailzone/unused-suppression')), JSON.stringify(titles));
  const rm = actions.find((a) => a.diagnostics?.[0]?.code === 'mailzone/unused-suppression');
  assert.ok(rm, JSON.stringify(titles));
  const out = applyEdits(text, editsFor(rm.edit, uri).edits);
  assert.ok(!out.includes('mailzone-disable-next-line'), out);
  s.close(uri);
});

test('workspace trust: no live DNS while untrusted; trust granted later turns it on', async () => {
  // Live lookups go to a loopback port where nothing answers: they can only time out or fail.
  const settings = { dns: { lookups: 'live', servers: ['127.0.0.1:9'], timeoutMs: 300 } };
  const s4 = await startServer({ settings, trusted: false });
  try {
    const uri = fileUri(path.join(tmp, 'trust.test.zone'));
    s4.open(uri, '$ORIGIN trust.test.\n' + HEAD + '@ IN TXT "v=spf1 include:_spf.elsewhere.example -all"\n');
    await s4.waitDiagnostics(uri);
    const at = { textDocument: { uri }, position: { line: 5, character: 12 } };
    let tree = await s4.request('mailzone/spfTree', at);
    const inc = (t) => t.tree.children.find((c) => c.label === 'include:_spf.elsewhere.example');
    assert.match(inc(tree).status, /^unresolved\b.*live DNS is off/, JSON.stringify(tree.tree));
    assert.equal(tree.complete, false);
    s4.conn.sendNotification('mailzone/setTrust', { trusted: true });
    await new Promise((r) => setTimeout(r, 200));
    tree = await s4.request('mailzone/spfTree', at);
    assert.doesNotMatch(inc(tree).status ?? '', /live DNS is off/, `trusted: the live resolver was asked (${JSON.stringify(inc(tree))})`);
    assert.equal(tree.complete, false, 'a lookup that failed never counts as an answer');
  } finally {
    await s4.stop();
  }
});

test('$INCLUDE: findings in the included file are published for it, and its change on disk re-lints the includer', async () => {
  const incPath = write('inc/records.inc', 'www IN CNAME cdn.provider.net\n');
  const mainText = '$ORIGIN inc.test.\n' + HEAD + '$INCLUDE records.inc\n';
  const mainPath = write('inc/inc.test.zone', mainText);
  const uri = fileUri(mainPath);
  const incUri = fileUri(incPath);
  s.open(uri, mainText);
  const p = await s.waitDiagnostics(incUri, (p) => codes(p).includes('zone/relative-target'));
  assert.deepEqual(p.diagnostics.find((d) => d.code === 'zone/relative-target').range, {
    start: { line: 0, character: 13 },
    end: { line: 0, character: 29 },
  });
  fs.writeFileSync(incPath, 'www IN CNAME cdn.provider.net.\n');
  s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: incUri, type: 2 }] });
  await s.waitDiagnostics(incUri, (p) => p.diagnostics.length === 0);
  s.close(uri);
});

test('octoDNS YAML: "disable for this line" on the second record of a list goes above that list item and works', async () => {
  const p0 = write('config/list.test.yaml', "---\n'':\n  - type: MX\n    value:\n      exchange: mx.list.test.\n      preference: 10\n  - type: TXT\n    value: v=spf1 mx ~all\n_dmarc:\n  type: TXT\n  value: v=DMARC1\\; p=reject\n");
  const uri = fileUri(p0);
  const text = fs.readFileSync(p0, 'utf8');
  s.open(uri, text, 'yaml');
  const p = await s.waitDiagnostics(uri, (p) => codes(p).includes('spf/soft-all'));
  const d = p.diagnostics.find((d) => d.code === 'spf/soft-all');
  const actions = await s.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const dis = actions.find((a) => a.title === 'Disable spf/soft-all for this line');
  const out = applyEdits(text, editsFor(dis.edit, uri).edits);
  assert.equal(out, text.replace('  - type: TXT\n', '  # mailzone-disable-next-line spf/soft-all\n  - type: TXT\n'));
  const v = s.change(uri, out);
  await s.waitDiagnostics(uri, (p) => p.version === v && !codes(p).includes('spf/soft-all') && !codes(p).includes('mailzone/unused-suppression'));
  // And for the whole file: after the document start marker.
  const file = actions.find((a) => a.title === 'Disable spf/soft-all for this file');
  assert.equal(applyEdits(text, editsFor(file.edit, uri).edits), text.replace('---\n', '---\n# mailzone-disable spf/soft-all\n'));
  s.close(uri);
});

test('octoDNS YAML: "disable for this line" on the first of several values goes above that value and silences it alone', async () => {
  const p0 = write('config/values.test.yaml', "---\n'':\n  - type: MX\n    value:\n      exchange: mx.values.test.\n      preference: 10\n  - type: TXT\n    values:\n      - v=spf1 ip4:192.0.2.1 ~all\n      - v=spf1 ip4:192.0.2.2 ~all\n_dmarc:\n  type: TXT\n  value: v=DMARC1\\; p=reject\n");
  const uri = fileUri(p0);
  const text = fs.readFileSync(p0, 'utf8');
  s.open(uri, text, 'yaml');
  const soft = (p) => p.diagnostics.filter((d) => d.code === 'spf/soft-all');
  const p = await s.waitDiagnostics(uri, (p) => soft(p).length === 2);
  const d = soft(p).find((d) => d.range.start.line === 8);
  const actions = await s.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const dis = actions.find((a) => a.title === 'Disable spf/soft-all for this line');
  const out = applyEdits(text, editsFor(dis.edit, uri).edits);
  assert.equal(out, text.replace('      - v=spf1 ip4:192.0.2.1', '      # mailzone-disable-next-line spf/soft-all\n      - v=spf1 ip4:192.0.2.1'));
  const v = s.change(uri, out);
  // The first value is silenced; the second (now on line 9) still has its finding, and the directive is used.
  const after = await s.waitDiagnostics(uri, (p) => p.version === v && soft(p).length === 1);
  assert.equal(soft(after)[0].range.start.line, 10);
  assert.ok(!codes(after).includes('mailzone/unused-suppression'), JSON.stringify(after.diagnostics));
  s.close(uri);
});

test('workspace scan and "lint workspace": zone and octoDNS files only, node_modules, .git and backup copies skipped', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-lsp-ws-'));
  const put = (name, text) => {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  };
  put('a.test.zone', '$ORIGIN a.test.\n' + HEAD + '@ IN TXT "v=spf1 ~all"\n');
  put('zones/b.test.yaml', "---\n'':\n  type: TXT\n  value: v=spf1 ?all\n");
  put('node_modules/pkg/c.test.zone', '$ORIGIN c.test.\n' + HEAD);
  put('.git/d.test.zone', '$ORIGIN d.test.\n' + HEAD);
  put('ci/build.yaml', 'jobs:\n  build:\n    runs-on: ubuntu-latest\n');
  put('db.a.test.bak', '$ORIGIN a.test.\n' + HEAD + '@ IN TXT "v=spf1 +all"\n');
  put('a.test.zone~', '$ORIGIN a.test.\n' + HEAD + '@ IN TXT "v=spf1 +all"\n');
  // A zone kept elsewhere and linked in is followed; a link to a directory is not (it may loop).
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-lsp-ws-store-'));
  fs.writeFileSync(path.join(elsewhere, 'e.test.zone'), '$ORIGIN e.test.\n' + HEAD + '@ IN TXT "v=spf1 ~all"\n');
  fs.symlinkSync(path.join(elsewhere, 'e.test.zone'), path.join(root, 'zones/e.test.zone'));
  fs.symlinkSync(root, path.join(root, 'zones/loop'));
  const s5 = await startServer({ rootPath: root });
  try {
    const r = await s5.request('mailzone/lintWorkspace', {});
    assert.equal(r.files, 3, JSON.stringify(r));
    const a = await s5.waitDiagnostics(fileUri(path.join(root, 'a.test.zone')), (p) => codes(p).includes('spf/soft-all'));
    assert.ok(a.diagnostics.length > 0);
    await s5.waitDiagnostics(fileUri(path.join(root, 'zones/b.test.yaml')), (p) => codes(p).includes('spf/neutral-all'));
    assert.ok(![...s5.diagnostics.keys()].some((u) => /node_modules|\.git|build\.yaml|\.bak|~/.test(u)), [...s5.diagnostics.keys()].join('\n'));
  } finally {
    await s5.stop();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(elsewhere, { recursive: true, force: true });
  }
});
