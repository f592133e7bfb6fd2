// A DNS server that answers "does not exist" (NXDOMAIN) for every name, the root zone included —
// what a sandbox or captive network without internet access, or a filtering resolver, gives. Its
// NXDOMAIN answers are not real: mailzone must not report every include as a permerror, but say it
// could not decide. A server that knows the root keeps its NXDOMAIN answers trusted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { startHostileDns } from './helpers/hostile-dns.mjs';

const require = createRequire(import.meta.url);
const engine = require('../dist/engine.js');
const cli = new URL('../dist/cli.js', import.meta.url).pathname;

let liar;
let honest;
before(async () => {
  liar = await startHostileDns(() => ({ rcode: 3 }));
  // Knows the root (and nothing else): its NXDOMAIN answers are real.
  honest = await startHostileDns(({ name }) => (name === '' ? { rcode: 0 } : { rcode: 3 }));
});
after(async () => {
  await liar?.close();
  await honest?.close();
});

const ZONE =
  '$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n' +
  '@ IN MX 10 mail\nmail IN A 192.0.2.25\n' +
  '@ IN TXT "v=spf1 include:_spf.mail.example.net include:spf.other.example.org a:gone.example.org -all"\n' +
  '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@reports.example.net"\n';

async function lintVia(server) {
  const zone = engine.parseZone(new engine.SourceFile('/nonexistent-ws/example.com.zone', ZONE), { origin: 'example.com.' });
  const ws = new engine.Workspace();
  ws.set(zone);
  const resolver = engine.createResolver(ws, { dns: 'live', servers: [server.address], timeoutMs: 500 });
  const run = await engine.lintZone(zone, { workspace: ws, resolver, options: { dns: 'live' } });
  assert.deepEqual(run.ruleErrors, []);
  return run.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message }));
}

test('a server that denies even the root zone: its NXDOMAIN is "could not decide", not "does not exist"', async () => {
  const q0 = liar.queries.length;
  const live = new engine.LiveResolver({ servers: [liar.address], timeoutMs: 500 });
  const r = await live.lookup('_spf.mail.example.net', 'TXT');
  assert.equal(r.status, 'error');
  assert.match(r.message, /even the root zone does not exist/);
  assert.match(r.message, /--resolver/);
  const again = await live.lookup('other.example.net', 'TXT');
  assert.equal(again.status, 'error');
  const rootAsked = liar.queries.slice(q0).filter((q) => q.name === '').length;
  assert.equal(rootAsked, 1, 'the root is asked once, not once per answer');

  const f = await lintVia(liar);
  const rules = f.map((x) => x.rule);
  assert.ok(!rules.includes('spf/include-no-spf'), `no include reported as missing:\n${JSON.stringify(f, null, 1)}`);
  assert.ok(!rules.includes('spf/void-lookups'), 'no void lookup counted');
  assert.ok(!f.some((x) => x.severity === 'error'), `nothing is an error:\n${JSON.stringify(f, null, 1)}`);
  const note = f.find((x) => x.rule === 'spf/too-many-lookups');
  assert.equal(note?.severity, 'info');
  assert.match(note.message, /could not be looked up/);
  const dmarc = f.find((x) => x.rule === 'dmarc/external-destination');
  assert.equal(dmarc?.severity, 'info');
  assert.match(dmarc.message, /Could not check .*even the root zone does not exist/);
});

test('a server that knows the root: its NXDOMAIN answers are trusted', async () => {
  const live = new engine.LiveResolver({ servers: [honest.address], timeoutMs: 500 });
  assert.equal((await live.lookup('_spf.mail.example.net', 'TXT')).status, 'nxdomain');
  const f = await lintVia(honest);
  assert.equal(f.filter((x) => x.rule === 'spf/include-no-spf').length, 2);
  assert.equal(f.find((x) => x.rule === 'spf/include-no-spf').severity, 'error');
});

test('CLI: linting through a server that denies everything exits 0, with the reason in the findings', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-liar-'));
  try {
    const file = path.join(dir, 'example.com.zone');
    fs.writeFileSync(file, ZONE);
    // Not spawnSync: the server answers from this process's event loop.
    const out = await new Promise((resolve) =>
      execFile(process.execPath, [cli, 'lint', file, '--resolver', liar.address, '--timeout', '500'], { encoding: 'utf8', timeout: 30000 }, (err, stdout, stderr) =>
        resolve({ status: err ? err.code : 0, stdout, stderr }),
      ),
    );
    assert.equal(out.status, 0, out.stdout + out.stderr);
    assert.doesNotMatch(out.stdout, /include-no-spf/);
    assert.match(out.stdout, /even the root zone does not exist/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
