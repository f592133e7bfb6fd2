// The language server keeps serving after hostile input and malformed requests: binary documents,
// huge lines, positions far outside the document, requests for documents it never saw, unknown
// methods, notifications with missing params. After all of it, a normal document still gets its
// diagnostics and hovers, and the process is alive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, fileUri } from './lsp-client.mjs';

let server;
let dir;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-robust-'));
  server = await startServer({ rootPath: dir, settings: { dns: 'off' } });
});
after(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const GOOD = '$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 192.0.2.1\n@ IN MX 10 ns1\n@ IN TXT "v=spf1 mx +all"\n';

/** Every request either answers or fails with a JSON-RPC error — it never kills the server. */
async function settle(p) {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    return { ok: false, error: e };
  }
}

async function stillServing(name) {
  const uri = fileUri(path.join(dir, `${name}.example.com.zone`));
  const text = GOOD.replace(/example\.com\./, `${name}.example.com.`);
  server.open(uri, text);
  const d = await server.waitDiagnostics(uri, (p) => p.diagnostics.some((x) => x.code === 'spf/plus-all'), 15_000);
  const plus = d.diagnostics.find((x) => x.code === 'spf/plus-all');
  assert.equal(plus.range.start.line, 6);
  const h = await server.request('textDocument/hover', { textDocument: { uri }, position: plus.range.start });
  assert.ok(h && JSON.stringify(h.contents).length > 20, 'hover still answers');
  assert.equal(server.proc.exitCode, null, 'the server process is alive');
  server.close(uri);
}

test('hostile documents get diagnostics and the server keeps serving', async () => {
  const cases = {
    binary: Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 2654435761) >>> 24)).toString('latin1'),
    parens: '$ORIGIN example.com.\nwww IN TXT ' + '('.repeat(10_000) + '"x"\n',
    longline: '$ORIGIN example.com.\n@ IN TXT "v=spf1 ' + 'a'.repeat(500_000) + ' -all"\n',
    nul: '\0'.repeat(10_000),
    surrogates: '$ORIGIN example.com.\n\uD800 IN TXT "\uDFFF v=spf1 -all"\n',
    include: '$ORIGIN example.com.\n$INCLUDE /etc/passwd\n$INCLUDE ../../../../etc/shadow\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    const uri = fileUri(path.join(dir, `${name}.zone`));
    server.open(uri, text);
    const d = await server.waitDiagnostics(uri, () => true, 20_000);
    assert.ok(Array.isArray(d.diagnostics), name);
    for (const x of d.diagnostics) assert.ok(x.range.start.line >= 0 && x.range.end.line >= x.range.start.line, `${name}: range`);
    // Requests on the hostile document answer.
    const pos = { line: 1, character: 5 };
    for (const [method, params] of [
      ['textDocument/hover', { textDocument: { uri }, position: pos }],
      ['textDocument/completion', { textDocument: { uri }, position: pos }],
      ['textDocument/documentSymbol', { textDocument: { uri } }],
      ['textDocument/codeAction', { textDocument: { uri }, range: { start: pos, end: pos }, context: { diagnostics: d.diagnostics.slice(0, 5) } }],
    ]) {
      const r = await settle(server.request(method, params));
      assert.ok(r.ok || r.error?.code !== undefined, `${name} ${method}: ${r.error}`);
    }
    server.close(uri);
  }
  await stillServing('after-hostile-docs');
});

test('malformed and out-of-range requests are answered or refused, never fatal', async () => {
  const uri = fileUri(path.join(dir, 'shape.zone'));
  server.open(uri, GOOD);
  await server.waitDiagnostics(uri, () => true, 15_000);
  const unknown = fileUri(path.join(dir, 'never-opened.zone'));
  const far = { line: 1e9, character: 1e9 };
  const neg = { line: -1, character: -5 };
  const calls = [
    ['textDocument/hover', { textDocument: { uri }, position: far }],
    ['textDocument/hover', { textDocument: { uri }, position: neg }],
    ['textDocument/hover', { textDocument: { uri: unknown }, position: { line: 0, character: 0 } }],
    ['textDocument/hover', { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 0, character: 0 } }],
    ['textDocument/hover', {}],
    ['textDocument/completion', { textDocument: { uri }, position: far }],
    ['textDocument/completion', { textDocument: { uri }, position: { line: 'x', character: null } }],
    ['textDocument/codeAction', { textDocument: { uri }, range: { start: far, end: neg }, context: { diagnostics: [{ range: { start: far, end: far }, message: 'x', code: 'spf/plus-all', source: 'mailzone' }] } }],
    ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: {} }],
    ['textDocument/documentSymbol', { textDocument: { uri: unknown } }],
    ['textDocument/codeLens', { textDocument: { uri: unknown } }],
    ['mailzone/doesNotExist', { anything: true }],
  ];
  for (const [method, params] of calls) {
    const r = await settle(server.request(method, params));
    assert.ok(r.ok || typeof r.error?.code === 'number', `${method} ${JSON.stringify(params).slice(0, 80)}: ${r.error}`);
  }
  // Notifications the server cannot use.
  server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: unknown, version: 7 }, contentChanges: [{ text: 'x' }] });
  server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [] });
  server.conn.sendNotification('textDocument/didClose', { textDocument: { uri: unknown } });
  server.conn.sendNotification('workspace/didChangeConfiguration', { settings: { mailzone: { dns: 42, rules: 'nonsense', m365: 'maybe' } } });
  server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri('/etc/passwd'), type: 2 }, { uri: 'not a uri', type: 1 }] });
  server.conn.sendNotification('mailzone/unknownNotification', null);
  server.close(uri);
  await stillServing('after-malformed');
});

test('a burst of 200 edits ends with the diagnostics of the last version', async () => {
  const uri = fileUri(path.join(dir, 'burst.example.com.zone'));
  const base = GOOD.replace(/example\.com\./, 'burst.example.com.');
  server.open(uri, base);
  await server.waitDiagnostics(uri, () => true, 15_000);
  let v;
  for (let i = 0; i < 200; i++) v = server.change(uri, base.replace('+all', i % 2 ? '~all' : '?all') + `; edit ${i}\n`);
  // The last edit (i = 199) has ~all: its diagnostics must say so, with its version.
  const d = await server.waitDiagnostics(uri, (p) => p.version === v, 20_000);
  assert.ok(d.diagnostics.some((x) => x.code === 'spf/soft-all'), JSON.stringify(d.diagnostics.map((x) => x.code)));
  assert.ok(!d.diagnostics.some((x) => x.code === 'spf/neutral-all' || x.code === 'spf/plus-all'), 'no finding of an older version');
  server.close(uri);
});
