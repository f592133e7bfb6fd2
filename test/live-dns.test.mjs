// Live DNS against a real BIND 9 `named` on a loopback port (started here): includes across
// zones, NXDOMAIN and empty answers (void lookups), an mx with 11 hosts, a name that never
// answers (forwarded to a socket that drops queries), the LiveResolver's statuses, cache and
// budget, and the CLI's --resolver path. Skips with a visible message when `named` is absent.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { promises as dnsPromises } from 'node:dns';
import os from 'node:os';
import path from 'node:path';
import * as E from '../dist/engine.js';
import { namedPath, startNamed } from './helpers/named.mjs';

const SOA = '$TTL 300\n@ IN SOA ns hostmaster 1 3600 600 86400 300\n@ IN NS ns\nns IN A 127.0.0.1\n';
let mx11 = '';
for (let i = 0; i < 11; i++) mx11 += `big IN MX ${i} mx${i}.example.org.\n`;

const ZONES = {
  'example.net':
    SOA +
    '_spf IN TXT "v=spf1 ip4:192.0.2.0/24 include:_spf.example.org -all"\n' +
    '_ten IN TXT "v=spf1 a:h.example.org a:h.example.org a:h.example.org a:h.example.org a:h.example.org" " a:h.example.org a:h.example.org a:h.example.org a:h.example.org a:h.example.org"\n' +
    'empty IN TXT "not a host"\n' +
    'nospf IN TXT "google-site-verification=abc"\n' +
    mx11,
  'example.org': SOA + '_spf IN TXT "v=spf1 a:h.example.org mx:example.org -all"\nh IN A 198.51.100.7\n@ IN MX 10 h\n',
};

const LINTED = `$ORIGIN mail.test.
$TTL 300
@ IN SOA ns hostmaster 1 3600 600 86400 300
@ IN NS ns
ns IN A 192.0.2.1
@ IN TXT "v=spf1 include:_spf.example.net -all"
voids IN TXT "v=spf1 a:gone1.example.net mx:gone2.example.net exists:empty.example.net -all"
mxs IN TXT "v=spf1 mx:big.example.net -all"
slow IN TXT "v=spf1 include:spf.slow.example -all"
noinc IN TXT "v=spf1 include:nospf.example.net include:nothing.example.net -all"
many IN TXT "v=spf1 include:_ten.example.net a:h.example.org -all"
`;

const BIN = namedPath();
if (!BIN) console.log('# SKIP live-dns: BIND `named` is not installed (apt-get install bind9); these tests need a real DNS server');

describe('live DNS against BIND', { skip: BIN ? false : 'named (BIND 9) not installed' }, () => {
  let ns;
  let zone;
  let findings;
  before(async () => {
    ns = await startNamed({ zones: ZONES, forwardDrop: ['slow.example'] });
    const file = new E.SourceFile('/ws/mail.test.zone', LINTED);
    zone = E.parseZone(file, { origin: 'mail.test.' });
    const ws = new E.Workspace();
    ws.set(zone);
    const resolver = E.createResolver(ws, { dns: 'live', servers: [ns.server], timeoutMs: 700 });
    const run = await E.lintZone(zone, { workspace: ws, resolver, options: { dns: 'live' } });
    assert.deepEqual(run.ruleErrors, []);
    findings = run.findings.filter((f) => f.rule.startsWith('spf/'));
  });
  after(async () => {
    if (ns) await ns.stop();
  });

  const at = (owner) => {
    const line = LINTED.split('\n').findIndex((l) => l.startsWith(owner + ' '));
    return (f) => zone.file.positionAt(f.start).line === line;
  };

  test('includes across zones are followed live and counted', async () => {
    const rec = zone.records.find((r) => r.owner === 'mail.test.' && r.type === 'TXT');
    const ws = new E.Workspace();
    ws.set(zone);
    const tree = await E.spfLookupTree(rec, { resolver: E.createResolver(ws, { dns: 'live', servers: [ns.server], timeoutMs: 700 }) });
    assert.equal(tree.complete, true);
    assert.equal(tree.total, 4); // include:_spf.example.net → include:_spf.example.org → a, mx
    const inc = tree.root.children[0];
    assert.equal(inc.source, 'live');
    assert.equal(inc.children[0].label, 'include:_spf.example.org');
    assert.deepEqual(inc.children[0].children.map((c) => [c.label, c.source, c.status]), [
      ['a:h.example.org', 'live', 'ok'],
      ['mx:example.org', 'live', 'ok'],
    ]);
    assert.deepEqual(findings.filter(at('@')).map((f) => f.rule), []);
  });

  test('NXDOMAIN and empty answers are void lookups (3 > 2)', () => {
    const f = findings.filter(at('voids')).filter((x) => x.rule === 'spf/void-lookups');
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.match(f[0].message, /^3 lookups .*a:gone1\.example\.net, mx:gone2\.example\.net, exists:empty\.example\.net/);
  });

  test('an mx with 11 hosts', () => {
    const f = findings.filter(at('mxs')).filter((x) => x.rule === 'spf/mx-too-many');
    assert.equal(f.length, 1);
    assert.equal(LINTED.slice(f[0].start, f[0].end), 'mx:big.example.net');
    assert.match(f[0].message, /11 MX hosts/);
  });

  test('a name that never answers: the count is a lower bound, nothing is guessed', () => {
    const f = findings.filter(at('slow')).filter((x) => x.rule !== 'spf/non-mail-domain');
    assert.deepEqual(f.map((x) => [x.rule, x.severity]), [['spf/too-many-lookups', 'info']]);
    assert.match(f[0].message, /spf\.slow\.example \(timeout\) did not answer/);
    assert.ok(ns.drop.received >= 1, 'the query reached the dropping server');
  });

  test('include targets with no SPF record, live', () => {
    const f = findings.filter(at('noinc')).filter((x) => x.rule === 'spf/include-no-spf');
    assert.deepEqual(f.map((x) => LINTED.slice(x.start, x.end)), ['include:nospf.example.net', 'include:nothing.example.net']);
  });

  test('too many lookups through a live include (split record joined correctly)', () => {
    const f = findings.filter(at('many')).filter((x) => x.rule === 'spf/too-many-lookups');
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.match(f[0].message, /needs 12 DNS lookups \(include:_ten\.example\.net 11, a:h\.example\.org 1\)/);
  });

  test('LiveResolver: statuses, cache, budget', async () => {
    const r = new E.LiveResolver({ servers: [ns.server], timeoutMs: 600, totalBudgetMs: 5000 });
    assert.equal((await r.lookup('_spf.example.net', 'TXT')).status, 'ok');
    assert.deepEqual((await r.lookup('_spf.example.net', 'TXT')).txt, [['v=spf1 ip4:192.0.2.0/24 include:_spf.example.org -all']]);
    assert.equal(r.queries, 1, 'second lookup answered from the cache');
    assert.equal((await r.lookup('gone.example.net', 'A')).status, 'nxdomain');
    assert.equal((await r.lookup('empty.example.net', 'A')).status, 'nodata');
    const mx = await r.lookup('big.example.net', 'MX');
    assert.equal(mx.mx.length, 11);
    assert.equal(mx.mx[0].exchange.endsWith('.example.org.'), true);
    const t0 = Date.now();
    assert.equal((await r.lookup('x.slow.example', 'TXT')).status, 'timeout');
    assert.ok(Date.now() - t0 < 3000);
    // A tiny total budget: once used up, queries answer 'timeout' at once.
    const b = new E.LiveResolver({ servers: [ns.server], timeoutMs: 400, totalBudgetMs: 300 });
    await b.lookup('a.slow.example', 'TXT');
    const t1 = Date.now();
    const late = await b.lookup('h.example.org', 'A');
    assert.equal(late.status, 'timeout');
    assert.match(late.message, /budget/);
    assert.ok(Date.now() - t1 < 100);
  });

  test('LiveResolver: bounded concurrency', async () => {
    const r = new E.LiveResolver({ servers: [ns.server], timeoutMs: 500, concurrency: 2 });
    const names = Array.from({ length: 6 }, (_, i) => `c${i}.slow.example`);
    const t0 = Date.now();
    const res = await Promise.all(names.map((n) => r.lookup(n, 'A')));
    const took = Date.now() - t0;
    assert.ok(res.every((x) => x.status === 'timeout'));
    // 6 timeouts of ~500 ms, 2 at a time: at least 3 rounds.
    assert.ok(took >= 1400, `took ${took} ms`);
  });

  test('CLI: lint --resolver 127.0.0.1:PORT uses the server', () => {
    const cli = new URL('../dist/cli.js', import.meta.url).pathname;
    if (!fs.existsSync(cli) || fs.statSync(cli).size < 1000) {
      console.log('# SKIP CLI part: dist/cli.js not built');
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-cli-'));
    const file = path.join(dir, 'mail.test.zone');
    fs.writeFileSync(file, LINTED);
    const out = spawnSync(process.execPath, [cli, 'lint', file, '--resolver', ns.server, '--timeout', '700', '--format', 'json'], { encoding: 'utf8', timeout: 30000 });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(out.status, 1, out.stderr);
    const json = JSON.parse(out.stdout);
    const rules = JSON.stringify(json);
    for (const id of ['spf/void-lookups', 'spf/mx-too-many', 'spf/include-no-spf']) assert.ok(rules.includes(id), `${id} in CLI output`);
    // Offline: the live checks say they could not decide.
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-cli-'));
    const file2 = path.join(dir2, 'mail.test.zone');
    fs.writeFileSync(file2, LINTED);
    const off = spawnSync(process.execPath, [cli, 'lint', file2, '--offline', '--format', 'json'], { encoding: 'utf8', timeout: 30000 });
    fs.rmSync(dir2, { recursive: true, force: true });
    const offText = off.stdout;
    assert.ok(!offText.includes('spf/void-lookups') && !offText.includes('spf/mx-too-many'), 'nothing decided offline');
    assert.match(offText, /outside the workspace and live DNS lookups are off/);
  });

  test('CLI: --resolver takes a host name (looked up once, as dig does): localhost:PORT', async () => {
    // Only where localhost is 127.0.0.1 (the server listens on nothing else).
    const local = await dnsPromises.lookup('localhost').catch(() => undefined);
    if (local?.address !== '127.0.0.1') {
      console.log(`# SKIP: localhost is ${local?.address ?? 'not resolvable'} here, not 127.0.0.1`);
      return;
    }
    const cli = new URL('../dist/cli.js', import.meta.url).pathname;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-cli-'));
    const file = path.join(dir, 'mail.test.zone');
    fs.writeFileSync(file, LINTED);
    const port = ns.server.split(':')[1];
    const out = spawnSync(process.execPath, [cli, 'lint', file, '--resolver', `localhost:${port}`, '--timeout', '700', '--format', 'json'], { encoding: 'utf8', timeout: 30000 });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(out.status, 1, out.stderr);
    for (const id of ['spf/void-lookups', 'spf/mx-too-many', 'spf/include-no-spf']) assert.ok(out.stdout.includes(id), `${id} in CLI output`);
  });
});

test('createResolver: workspace and off modes never go to the network', async () => {
  const zone = E.parseZone(new E.SourceFile('/ws/mail.test.zone', LINTED), { origin: 'mail.test.' });
  const ws = new E.Workspace();
  ws.set(zone);
  for (const mode of ['off', 'workspace']) {
    const r = E.createResolver(ws, { dns: mode, servers: ['127.0.0.1:9'] });
    assert.equal((await r.lookup('_spf.example.net', 'TXT')).status, 'unresolved');
    assert.equal((await r.lookup('voids.mail.test', 'TXT')).status, 'ok');
    assert.equal((await r.lookup('nothing.mail.test', 'TXT')).status, 'nxdomain');
  }
});
