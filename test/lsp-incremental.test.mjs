// Incremental text sync through the real server: ranged didChange events (several per
// notification, several notifications back to back, edits with newlines, a delete, a full-text
// change in between) must give exactly the diagnostics a fresh open of the final text gives, and
// the server must say it takes incremental changes.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { startServer, fileUri } from './lsp-client.mjs';

const HEAD = '$ORIGIN inc.test.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n';
const BODY = [
  '@ IN TXT "v=spf1 include:_spf.example.net ~all"',
  'mail IN TXT "v=spf1 a mx ?all"',
  '_dmarc IN TXT "v=DMARC1; p=none; pct=50"',
  '@ IN MX 10 mail',
  'mail IN A 192.0.2.10',
  '; mailzone-disable-next-line spf/soft-all',
  'sub IN TXT "v=spf1 ~all"',
  'sel._domainkey IN TXT "v=DKIM1; p="',
  'alias IN CNAME mail',
  '@ IN MX 20 alias',
].join('\n');

let s;
let tmp;
test.before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mz-lspinc-'));
  s = await startServer({ rootPath: tmp });
});
test.after(async () => {
  await s?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Line/character of an offset (LF only here). */
function pos(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

const strip = (p) => p.diagnostics.map((d) => ({ code: d.code, range: d.range, message: d.message, severity: d.severity, tags: d.tags ?? null }));

let n = 0;
async function freshDiagnostics(text) {
  // Same file name (the origin comes from it), another folder.
  const dir = path.join(tmp, `fresh${n++}`);
  fs.mkdirSync(dir);
  const uri = fileUri(path.join(dir, 'inc.test.zone'));
  s.open(uri, text);
  const p = await s.waitDiagnostics(uri, (p) => p.version === 1, 20000);
  s.close(uri);
  return strip(p);
}

test('the server asks for incremental changes', () => {
  const sync = s.init.capabilities.textDocumentSync;
  assert.equal(typeof sync === 'number' ? sync : sync.change, 2);
});

test('ranged edits (several per notification, back to back) give the diagnostics of a fresh open', async () => {
  const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.integer({ min: 0, max: 3 }), ins: fc.constantFrom('-', '~', '?', ' ', '\n', 'x', '"', 'p=reject; ', 'a IN TXT "v=spf1 +all"\n', '') });
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), fc.boolean(), async (batches, fullInBetween) => {
      const uri = fileUri(path.join(tmp, `doc${n++}`, 'inc.test.zone'));
      let text = HEAD + BODY + '\n';
      s.open(uri, text);
      await s.waitDiagnostics(uri, (p) => p.version === 1, 20000);
      let version = 1;
      for (const [bi, batch] of batches.entries()) {
        const changes = [];
        for (const e of batch) {
          const from = HEAD.length + Math.floor(e.at * (text.length - HEAD.length));
          const to = Math.min(text.length, from + e.del);
          changes.push({ range: { start: pos(text, from), end: pos(text, to) }, text: e.ins });
          text = text.slice(0, from) + e.ins + text.slice(to);
        }
        version++;
        if (fullInBetween && bi === 1) s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
        else s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
      }
      const got = await s.waitDiagnostics(uri, (p) => p.version === version, 20000);
      s.close(uri);
      assert.deepEqual(strip(got), await freshDiagnostics(text), text);
    }),
    { numRuns: 25, seed: process.env.INCREMENTAL_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.INCREMENTAL_SEED ?? 20261122) },
  );
});

test('a one-character edit far into a document keeps its other diagnostics in place (moved lines)', async () => {
  const uri = fileUri(path.join(tmp, 'moved', 'inc.test.zone'));
  let text = HEAD + BODY + '\n' + 'late IN TXT "v=spf1 ~all"\n';
  s.open(uri, text);
  const first = await s.waitDiagnostics(uri, (p) => p.version === 1, 20000);
  const lateLine = text.split('\n').findIndex((l) => l.startsWith('late'));
  assert.ok(first.diagnostics.some((d) => d.code === 'spf/soft-all' && d.range.start.line === lateLine));
  // Insert a line at the top of the body: every later diagnostic moves down one line.
  const at = HEAD.length;
  s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: pos(text, at), end: pos(text, at) }, text: 'new IN A 192.0.2.99\n' }] });
  text = text.slice(0, at) + 'new IN A 192.0.2.99\n' + text.slice(at);
  const p = await s.waitDiagnostics(uri, (p) => p.version === 2, 20000);
  assert.ok(p.diagnostics.some((d) => d.code === 'spf/soft-all' && d.range.start.line === lateLine + 1));
  assert.deepEqual(strip(p), await freshDiagnostics(text));
  s.close(uri);
});
