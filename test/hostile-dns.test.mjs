// Hostile DNS against a real server on loopback (test/helpers/hostile-dns.mjs, UDP + TCP): include
// chains 1,000 deep, cycles across zones (live and in the workspace), thousands of includes, a
// ~64 KB TXT, SERVFAIL, timeouts and truncated UDP answers. Each lint must end in bounded time with
// a bounded number of queries and give clear findings — never a guess, never a hang.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startHostileDns } from './helpers/hostile-dns.mjs';
import { findingViolations } from './helpers/hostile-invariants.mjs';

const require = createRequire(import.meta.url);
const engine = require('../dist/engine.js');

const DEEP = 1000;
const WIDE = 2000;
let dns;

function handler({ name, type }) {
  if (type !== 'TXT') return { rcode: 0 }; // NODATA for A/AAAA/MX
  let m;
  if ((m = /^c(\d+)\.deep\.test$/.exec(name))) {
    const n = Number(m[1]);
    return { txt: [n < DEEP ? `v=spf1 include:c${n + 1}.deep.test -all` : 'v=spf1 -all'] };
  }
  if (name === 'a.cycle.test') return { txt: ['v=spf1 include:b.cycle.test -all'] };
  if (name === 'b.cycle.test') return { txt: ['v=spf1 ip4:192.0.2.1 include:a.cycle.test -all'] };
  if (name === 'wide.test') {
    const terms = Array.from({ length: WIDE }, (_, i) => `include:w${i}.wide.test`).join(' ');
    return { txt: [[`v=spf1 ${terms} -all`]] };
  }
  if (/^w\d+\.wide\.test$/.test(name)) return { txt: ['v=spf1 ip4:198.51.100.1 -all'] };
  if (name === 'big.test') {
    // ~64 KB in one TXT record (the largest that fits a DNS message), an SPF record of ip4 terms.
    let s = 'v=spf1';
    for (let i = 0; s.length < 64_000; i++) s += ` ip4:10.${(i >> 8) & 255}.${i & 255}.0/24`;
    return { txt: [[s + ' -all']] };
  }
  if (name === 'servfail.test') return { rcode: 2 };
  if (name === 'timeout.test' || /^t\d+\.timeout\.test$/.test(name)) return { drop: true };
  if (name === 'tc.test') return { tc: true, txt: ['v=spf1 ip4:203.0.113.0/24 -all'] };
  return { rcode: 3 };
}

before(async () => {
  dns = await startHostileDns(handler);
});
after(async () => {
  await dns?.close();
});

function zoneOf(origin, body) {
  const text = `$ORIGIN ${origin}\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n@ IN MX 10 mail\nmail IN A 192.0.2.25\n${body}\n`;
  return engine.parseZone(new engine.SourceFile(`/nonexistent-ws/${origin}zone`, text), { origin });
}

/** Lints zones with live DNS pointed at the hostile server; returns findings of the first zone, queries and time. */
async function lintLive(zones, { timeoutMs = 300, boundMs = 15_000 } = {}) {
  assert.equal(typeof engine.createResolver, 'function', 'the engine exports createResolver (live-resolver.ts)');
  const ws = new engine.Workspace();
  for (const z of zones) ws.set(z);
  const resolver = engine.createResolver(ws, { dns: 'live', servers: [dns.address], timeoutMs });
  const q0 = dns.queries.length;
  const t0 = performance.now();
  let timer;
  const guard = new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`lint did not return within ${boundMs} ms`)), boundMs)));
  const run = await Promise.race([engine.lintZone(zones[0], { workspace: ws, resolver, options: { dns: 'live' } }), guard]).finally(() => clearTimeout(timer));
  const ms = performance.now() - t0;
  assert.deepEqual(run.ruleErrors.map((e) => `${e.rule}: ${e.error?.message ?? e.error}`), [], 'no rule may throw');
  assert.deepEqual(findingViolations(run.findings), []);
  const queries = dns.queries.slice(q0);
  const show = () => run.findings.map((f) => `${f.rule}@${f.file.positionAt(f.start).line + 1}: ${f.message.slice(0, 100)}`).join('\n');
  return { run, findings: run.findings, queries, ms, show };
}

const count = (queries, re) => queries.filter((q) => re.test(q.name)).length;

test('an include chain 1,000 deep: too-many-lookups, bounded queries', async () => {
  const r = await lintLive([zoneOf('example.com.', '@ IN TXT "v=spf1 include:c1.deep.test -all"')]);
  assert.ok(r.findings.some((f) => f.rule === 'spf/too-many-lookups' && f.file.positionAt(f.start).line === 7 /* 0-based: line 8 */), r.show());
  const n = count(r.queries, /deep\.test$/);
  assert.ok(n >= 11, `followed the chain past the limit (${n} queries)`);
  assert.ok(n <= 60, `${n} queries for a 1,000-deep chain`);
});

test('an include cycle in live DNS: include-loop, bounded queries', async () => {
  const r = await lintLive([zoneOf('example.com.', '@ IN TXT "v=spf1 include:a.cycle.test -all"')]);
  assert.ok(r.findings.some((f) => f.rule === 'spf/include-loop'), r.show());
  assert.ok(count(r.queries, /cycle\.test$/) <= 20, `${count(r.queries, /cycle\.test$/)} queries for a 2-name cycle`);
});

test('an include cycle across two workspace zones: include-loop, no live queries for them', async () => {
  const a = zoneOf('example.com.', '@ IN TXT "v=spf1 include:_spf.example.org -all"\n_spf IN TXT "v=spf1 include:_spf.example.org -all"');
  const b = zoneOf('example.org.', '@ IN TXT "v=spf1 -all"\n_spf IN TXT "v=spf1 include:_spf.example.com -all"');
  const r = await lintLive([a, b]);
  assert.ok(r.findings.some((f) => f.rule === 'spf/include-loop'), r.show());
  assert.equal(count(r.queries, /example\.(com|org)$/), 0, 'workspace zones answer for themselves');
});

test(`${WIDE} includes in one record: too-many-lookups, bounded queries`, async () => {
  const r = await lintLive([zoneOf('example.com.', '@ IN TXT "v=spf1 include:wide.test -all"')]);
  assert.ok(r.findings.some((f) => f.rule === 'spf/too-many-lookups'), r.show());
  const n = count(r.queries, /wide\.test$/);
  assert.ok(n <= 500, `${n} queries for ${WIDE} includes`);
});

test('a ~64 KB TXT at an include target (TCP fallback): read, no crash, no "no SPF" guess', async () => {
  const r = await lintLive([zoneOf('example.com.', '@ IN TXT "v=spf1 include:big.test -all"')]);
  assert.ok(r.queries.some((q) => q.name === 'big.test' && q.proto === 'tcp'), 'retried over TCP after the truncated UDP answer');
  assert.ok(!r.findings.some((f) => f.rule === 'spf/include-no-spf'), r.show());
});

test('a truncated UDP answer is retried over TCP and used', async () => {
  const r = await lintLive([zoneOf('example.com.', '@ IN TXT "v=spf1 include:tc.test -all"')]);
  assert.ok(r.queries.some((q) => q.name === 'tc.test' && q.proto === 'tcp'), 'TCP retry');
  assert.ok(!r.findings.some((f) => f.rule === 'spf/include-no-spf'), r.show());
});

test('SERVFAIL: says it could not decide, never "no SPF record"', async () => {
  const r = await lintLive([zoneOf('example.com.', '@ IN TXT "v=spf1 include:servfail.test -all"')]);
  assert.ok(!r.findings.some((f) => f.rule === 'spf/include-no-spf'), `guessed from a SERVFAIL:\n${r.show()}`);
  assert.ok(r.findings.some((f) => /servfail\.test/i.test(f.message) && /servfail|could not|fail/i.test(f.message)), `a finding names the failing lookup:\n${r.show()}`);
});

test('timeouts: bounded time, no guess, the unanswered name is named', async () => {
  const includes = Array.from({ length: 8 }, (_, i) => `include:t${i}.timeout.test`).join(' ');
  const r = await lintLive([zoneOf('example.com.', `@ IN TXT "v=spf1 ${includes} -all"`)], { timeoutMs: 300, boundMs: 15_000 });
  assert.ok(!r.findings.some((f) => f.rule === 'spf/include-no-spf'), `guessed from a timeout:\n${r.show()}`);
  assert.ok(r.findings.some((f) => /timeout\.test/.test(f.message) && /time|answer|could not/i.test(f.message)), `a finding names the timed-out lookup:\n${r.show()}`);
  assert.ok(r.ms < 12_000, `${r.ms.toFixed(0)} ms`);
});
