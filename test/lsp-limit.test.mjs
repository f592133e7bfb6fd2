// A file with more findings than the editor shows: the server publishes the most severe ones
// (as VS Code keeps at most 1000 per file, errors first) and a note that counts the rest; the
// setting mailzone.maxNumberOfProblems changes the number, 0 publishes all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer, fileUri } from './lsp-client.mjs';

const HEAD = '$ORIGIN limit.test.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n';
// Each name: a `~all` SPF (spf/soft-all, a warning) and a bad IPv4 (spf/invalid-ip, an error).
let text = HEAD;
for (let i = 0; i < 30; i++) text += `h${i} IN TXT "v=spf1 ip4:192.0.2.${i} ~all"\nh${i} IN MX 10 mx.limit.test.\n`;
text += 'bad IN TXT "v=spf1 ip4:300.1.1.1 -all"\nbad IN MX 10 mx.limit.test.\nmx IN A 192.0.2.25\n';

test('at most mailzone.maxNumberOfProblems diagnostics, errors first, and a note counting the rest', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-limit-'));
  const settings = { dns: { lookups: 'off' }, maxNumberOfProblems: 5 };
  const s = await startServer({ rootPath: tmp, settings });
  try {
    const uri = fileUri(path.join(tmp, 'limit.test.zone'));
    s.open(uri, text);
    const p = await s.waitDiagnostics(uri, (x) => x.version === 1);
    const shown = p.diagnostics.filter((d) => d.code);
    const notes = p.diagnostics.filter((d) => !d.code);
    assert.equal(shown.length, 5, JSON.stringify(p.diagnostics.map((d) => d.code)));
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /shows the 5 most severe findings of this file; \d+ more are not shown \(.*warnings.*\)/);
    assert.match(notes[0].message, /mailzone\.maxNumberOfProblems/);
    // The error is among the ones shown although it comes last in the file.
    assert.ok(shown.some((d) => d.code === 'spf/invalid-ip' && d.severity === 1), JSON.stringify(shown.map((d) => d.code)));
    // Shown in document order.
    const lines = shown.map((d) => d.range.start.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b));

    // 0: everything, no note.
    settings.maxNumberOfProblems = 0;
    s.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const all = await s.waitDiagnostics(uri, (x) => x.diagnostics.length > 6);
    assert.ok(all.diagnostics.every((d) => d.code), 'no note when everything is shown');
    assert.ok(all.diagnostics.filter((d) => d.code === 'spf/soft-all').length === 30);
  } finally {
    await s.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
