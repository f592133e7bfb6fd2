// SPF lookup-tree findings from a review against a real BIND on loopback, reproduced in the
// workspace (the provider's zone is a second file, answered like DNS) and, for timeouts, with the
// loopback DNS helper: an include target with two SPF records or a syntax error (permerror), a
// null MX (not a void lookup), %{d} macros (known at lint time), the live timeout's maximum and the
// wording of a SERVFAIL.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../dist/engine.js';
import { startHostileDns } from './helpers/hostile-dns.mjs';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The longest per-query timeout node:dns (c-ares 1.34 in Node 20) honours. */
const MAX_TIMEOUT = 5000;

const head = (origin) => `$ORIGIN ${origin}\n$TTL 300\n@ IN SOA ns hostmaster 1 3600 600 86400 300\n@ IN NS ns\nns IN A 192.0.2.53\n`;

function zoneOf(origin, body) {
  const text = head(origin) + body;
  return E.parseZone(new E.SourceFile(`/ws/${origin}zone`, text), { origin });
}

/** Lints the customer zone with the provider zone in the workspace (no network). */
async function lint(customer, provider = '', { resolver, options } = {}) {
  const zone = zoneOf('customer.test.', customer);
  const ws = new E.Workspace();
  ws.set(zone);
  ws.set(zoneOf('provider.test.', provider));
  const run = await E.lintZone(zone, { workspace: ws, resolver, options });
  assert.deepEqual(run.ruleErrors, [], 'no rule may throw');
  return { text: zone.file.text, findings: run.findings, ws, zone };
}

const of = (findings, rule) => findings.filter((f) => f.rule === rule);
const show = (r) => r.findings.map((f) => `${f.rule}: ${f.message}`).join('\n');

/** The one finding of `rule`, on exactly the first `slice` after the zone head. */
function one(r, rule, slice) {
  const fs = of(r.findings, rule);
  assert.equal(fs.length, 1, `${rule}: expected one finding, got:\n${show(r)}`);
  const at = r.text.indexOf(slice, head('customer.test.').length);
  assert.ok(at >= 0, `slice ${slice}`);
  assert.equal(r.text.slice(fs[0].start, fs[0].end), slice);
  assert.equal(fs[0].start, at);
  return fs[0];
}

async function tree(r, owner) {
  const rec = r.zone.records.find((x) => x.type === 'TXT' && x.owner === owner);
  return E.spfLookupTree(rec, { resolver: E.createResolver(r.ws), workspace: r.ws });
}

describe('include/redirect target without a usable SPF record (spf/include-no-spf)', () => {
  test('a target with two SPF records is permerror (RFC 7208 §4.5), reported on the include and the redirect', async () => {
    const r = await lint(
      '@ IN TXT "v=spf1 include:twospf.provider.test -all"\nred IN TXT "v=spf1 redirect=twospf.provider.test"\n',
      'twospf IN TXT "v=spf1 ip4:192.0.2.10 -all"\ntwospf IN TXT "v=spf1 ip4:192.0.2.11 -all"\n',
    );
    const fs = of(r.findings, 'spf/include-no-spf');
    assert.deepEqual(fs.map((f) => r.text.slice(f.start, f.end)), ['include:twospf.provider.test', 'redirect=twospf.provider.test'], show(r));
    assert.match(fs[0].message, /twospf\.provider\.test publishes 2 SPF records: receivers return permerror \(RFC 7208 §4\.5\)/);
    assert.match(fs[0].message, /exactly one SPF record/);
    assert.match(fs[1].message, /remove the redirect/);
    assert.equal(fs[0].severity, 'error');
  });

  test("a syntax error in the target's SPF record is permerror (RFC 7208 §4.6), reported on the include", async () => {
    const r = await lint('@ IN TXT "v=spf1 include:badsyn.provider.test -all"\n', 'badsyn IN TXT "v=spf1 ip4:999.1.1.1 -all"\n');
    const f = one(r, 'spf/include-no-spf', 'include:badsyn.provider.test');
    assert.match(f.message, /badsyn\.provider\.test's SPF record has a syntax error \(`ip4:999\.1\.1\.1`: .*\): receivers return permerror/);
    assert.doesNotMatch(f.message, /permerror\): receivers return permerror/, 'says permerror once');
    // The record's own malformed term stays spf/syntax's (or invalid-ip's) alone.
    const own = await lint('@ IN TXT "v=spf1 include:bad..provider.test ip4:999.1.1.1 -all"\n');
    assert.deepEqual(of(own.findings, 'spf/include-no-spf'), [], show(own));
    // A good target stays quiet.
    const ok = await lint('@ IN TXT "v=spf1 include:good.provider.test -all"\n', 'good IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
    assert.deepEqual(of(ok.findings, 'spf/include-no-spf'), [], show(ok));
  });

  test('a bad target two hops away is shown on the first hop, once', async () => {
    const r = await lint(
      '@ IN TXT "v=spf1 include:_spf.provider.test -all"\n',
      '_spf IN TXT "v=spf1 include:twospf.provider.test include:badsyn.provider.test -all"\ntwospf IN TXT "v=spf1 -all"\ntwospf IN TXT "v=spf1 ?all"\nbadsyn IN TXT "v=spf1 ip4:1.2.3.4/33 -all"\n',
    );
    const f = one(r, 'spf/include-no-spf', 'include:_spf.provider.test');
    assert.match(f.message, /through include:_spf\.provider\.test → include:twospf\.provider\.test/);
  });
});

describe('null MX at an mx: target (RFC 7208 §4.6.4, RFC 7505)', () => {
  test('is not a void lookup: two other voids stay within the limit', async () => {
    const r = await lint('@ IN TXT "v=spf1 mx:nullmx.provider.test a:gone.provider.test exists:gone.provider.test -all"\n', 'nullmx IN MX 0 .\n');
    assert.deepEqual(of(r.findings, 'spf/void-lookups'), [], show(r));
    const t = await tree(r, 'customer.test.');
    assert.equal(t.voidNodes.length, 2);
    const mx = t.root.children[0];
    assert.equal(mx.void, undefined);
    assert.equal(mx.mxHosts, 0);
    assert.match(mx.detail, /null MX/);
    // An empty MX answer (the name exists, no MX) and NXDOMAIN still are void lookups.
    const v = await lint('@ IN TXT "v=spf1 mx:hostonly.provider.test a:gone.provider.test exists:gone.provider.test -all"\n', 'hostonly IN A 192.0.2.5\n');
    one(v, 'spf/void-lookups', '"v=spf1 mx:hostonly.provider.test a:gone.provider.test exists:gone.provider.test -all"');
  });
});

describe('%{d} macros are known at lint time (RFC 7208 §7.3)', () => {
  test('expandDomainMacros: the RFC 7208 §7.4 examples of d', () => {
    const d = 'email.example.com';
    const x = (s) => E.expandDomainMacros(s, d);
    assert.equal(x('%{d}'), 'email.example.com');
    assert.equal(x('%{d4}'), 'email.example.com');
    assert.equal(x('%{d3}'), 'email.example.com');
    assert.equal(x('%{d2}'), 'example.com');
    assert.equal(x('%{d1}'), 'com');
    assert.equal(x('%{dr}'), 'com.example.email');
    assert.equal(x('%{d2r}'), 'example.email');
    assert.equal(E.expandDomainMacros('%{d}', 'email.example.com.'), 'email.example.com', 'a trailing dot is not part of the domain');
  });

  test('expandDomainMacros: delimiters, upper case (URL escape), %%, %_, %-, other letters', () => {
    assert.equal(E.expandDomainMacros('%{d-}', 'a-b.example.com'), 'a.b.example.com');
    assert.equal(E.expandDomainMacros('%{dr-}', 'a-b.example.com'), 'b.example.com.a');
    assert.equal(E.expandDomainMacros('%{d2.-}', 'x-a-b.example.com'), 'example.com');
    assert.equal(E.expandDomainMacros('%{D}', 'example.com'), 'example.com');
    assert.equal(E.expandDomainMacros('%{D}', 'a~b_c/d.example'), 'a~b_c%2Fd.example');
    assert.equal(E.expandDomainMacros('_spf.%{d2}', 'mail.example.com'), '_spf.example.com');
    assert.equal(E.expandDomainMacros('a%%b%_c%-d', 'x'), 'a%b c%20d');
    assert.equal(E.expandDomainMacros('plain.example.com', 'x'), 'plain.example.com');
    for (const s of ['%{i}.example.com', '%{d}.%{s}', '%{l}', '%{o}', '%{h}', '%{v}', '%{p}', '%{ir}.%{d}', '%x', '%{d'])
      assert.equal(E.expandDomainMacros(s, 'example.com'), undefined, s);
  });

  test('include:_spf1.%{d} in the provider record is an include of _spf1.<provider domain>', async () => {
    const r = await lint('@ IN TXT "v=spf1 include:dspf.provider.test -all"\n', 'dspf IN TXT "v=spf1 include:_spf1.%{d} -all"\n');
    const f = one(r, 'spf/include-no-spf', 'include:dspf.provider.test');
    assert.match(f.message, /_spf1\.dspf\.provider\.test does not exist/, show(r));
    // A target that exists is followed and counted; the count is complete (no macro branch).
    const ok = await lint('@ IN TXT "v=spf1 include:dspf.provider.test -all"\n', 'dspf IN TXT "v=spf1 include:_spf1.%{d} -all"\n_spf1.dspf IN TXT "v=spf1 a:many.provider.test mx -all"\nmany IN A 192.0.2.1\n');
    assert.deepEqual(of(ok.findings, 'spf/include-no-spf'), [], show(ok));
    assert.deepEqual(of(ok.findings, 'spf/too-many-lookups'), [], show(ok));
    const t = await tree(ok, 'customer.test.');
    assert.equal(t.complete, true);
    assert.equal(t.total, 4);
    assert.equal(t.root.children[0].children[0].target, '_spf1.dspf.provider.test.');
  });

  test('%{d} in a, mx, exists and redirect targets; %{d} alone at the record is a loop; other letters stay unknown', async () => {
    const r = await lint('@ IN TXT "v=spf1 a:gone.%{d} mx:gone2.%{d} exists:%{d2r}.gone3.customer.test -all"\n');
    const v = one(r, 'spf/void-lookups', '"v=spf1 a:gone.%{d} mx:gone2.%{d} exists:%{d2r}.gone3.customer.test -all"');
    assert.match(v.message, /^3 lookups/);
    const t = await tree(r, 'customer.test.');
    assert.deepEqual(t.root.children.map((c) => c.target), ['gone.customer.test.', 'gone2.customer.test.', 'test.customer.gone3.customer.test.']);
    const red = await lint('@ IN TXT "v=spf1 redirect=_spf.%{d}"\n_spf IN TXT "v=spf1 -all"\n');
    assert.deepEqual(of(red.findings, 'spf/include-no-spf'), [], show(red));
    assert.equal((await tree(red, 'customer.test.')).complete, true);
    const loop = await lint('@ IN TXT "v=spf1 include:%{d} -all"\n');
    one(loop, 'spf/include-loop', 'include:%{d}');
    const unknown = await lint('@ IN TXT "v=spf1 include:%{i}._spf.%{d} -all"\n');
    const u = await tree(unknown, 'customer.test.');
    assert.equal(u.root.children[0].problem, 'macro');
    assert.equal(u.complete, false);
  });
});

describe('live DNS on loopback', () => {
  /** Lints the customer zone with live DNS at a loopback server answering with `handler`. */
  async function lintLive(customer, handler, { timeoutMs = 1000 } = {}) {
    const dns = await startHostileDns(handler);
    try {
      const zone = zoneOf('customer.test.', customer);
      const ws = new E.Workspace();
      ws.set(zone);
      const resolver = E.createResolver(ws, { dns: 'live', servers: [dns.address], timeoutMs });
      const run = await E.lintZone(zone, { workspace: ws, resolver, options: { dns: 'live' } });
      assert.deepEqual(run.ruleErrors, [], 'no rule may throw');
      return { text: zone.file.text, findings: run.findings, queries: dns.queries };
    } finally {
      await dns.close();
    }
  }

  test('a SERVFAIL is worded as a server failure, not as "did not answer"', async () => {
    const r = await lintLive('@ IN TXT "v=spf1 include:spf.broken.test -all"\n', ({ name }) => (name === 'spf.broken.test' ? { rcode: 2 } : { rcode: 3 }));
    const f = one(r, 'spf/too-many-lookups', '"v=spf1 include:spf.broken.test -all"');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /spf\.broken\.test \(SERVFAIL\) got a server failure instead of an answer/, f.message);
    assert.doesNotMatch(f.message, /did not answer|\(servfail\)/);
    assert.match(f.message, /gave no usable answer for this name \(server failure\)/);
    assert.doesNotMatch(f.message, /longer timeout/, 'a server failure is not helped by waiting longer');
  });

  test('--timeout above the maximum: a note on stderr, 5000 ms is used (not more), and the advice does not ask for more', async () => {
    const dns = await startHostileDns(({ name }) => (name === 'spf.slow.test' ? { drop: true } : { rcode: 3 }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-timeout-'));
    try {
      const file = path.join(dir, 'customer.test.zone');
      fs.writeFileSync(file, head('customer.test.') + '@ IN TXT "v=spf1 include:spf.slow.test -all"\n');
      const t0 = performance.now();
      const r = await new Promise((resolve) => {
        const p = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'lint', '--format', 'json', '--resolver', dns.address, '--timeout', '8000', file], { cwd: root });
        let out = '';
        let err = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (err += d));
        p.on('close', (code) => resolve({ code, out, err }));
      });
      const ms = performance.now() - t0;
      assert.match(r.err, /--timeout 8000: Node's DNS resolver \(c-ares\) waits at most 5000 ms for an answer, so 5000 ms is used/, r.err);
      const note = JSON.stringify(JSON.parse(r.out));
      assert.match(note, /spf\.slow\.test \(timeout\) did not answer/);
      assert.match(note, /already waited 5000 ms, the longest Node's DNS resolver allows/);
      assert.doesNotMatch(note, /longer timeout/);
      assert.ok(ms < 9000, `gave up after the real maximum, not 8 s per try (${Math.round(ms)} ms)`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await dns.close();
    }
  });

  test('below the maximum, the advice suggests a longer timeout of at most 5000 ms', async () => {
    const r = await lintLive('@ IN TXT "v=spf1 include:spf.slow.test -all"\n', () => ({ drop: true }), { timeoutMs: 300 });
    const f = one(r, 'spf/too-many-lookups', '"v=spf1 include:spf.slow.test -all"');
    assert.match(f.message, /a slow server may need a longer timeout, up to 5000 ms \(`--timeout`, `mailzone\.dns\.timeoutMs`\)/, f.message);
  });

  test('the resolver, the setting and the docs say the same maximum', async () => {
    const res = new E.LiveResolver({ timeoutMs: 60000 });
    assert.equal(res.timeoutMs, MAX_TIMEOUT);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const setting = pkg.contributes.configuration.properties?.['mailzone.dns.timeoutMs'] ?? [].concat(pkg.contributes.configuration).map((c) => c.properties?.['mailzone.dns.timeoutMs']).find(Boolean);
    assert.equal(setting.maximum, MAX_TIMEOUT);
    assert.match(setting.markdownDescription, /at most 5000/);
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.match(readme, /\| `--timeout MS` \| per-query DNS timeout \(default 2000, at most 5000/);
    assert.match(readme, /\| `mailzone\.dns\.timeoutMs` \| `2000` \| per-query timeout for live lookups, at most `5000`/);
    const settings = fs.readFileSync(path.join(root, 'server/src/lsp/settings.ts'), 'utf8');
    assert.match(settings, /Math\.min\(timeout, MAX_DNS_TIMEOUT_MS\)/);
  });
});
