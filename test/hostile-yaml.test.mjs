// Hostile octoDNS YAML: alias bombs ("billion laughs"), deep nesting, !include loops and escapes,
// a 50 MB value, thousands of records at one name. Each must end in bounded time and memory with a
// clear finding (or a correct reading), keeping the model's invariants. Runs in bounded workers.
import { isMainThread, workerData, parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { zoneViolations, findingViolations, plain, runBounded } from './helpers/hostile-invariants.mjs';

const ROOT = '/nonexistent-ws/octodns';

function laughs(levels, width) {
  const lines = ['---', `l0: &l0 ["v=spf1 -all"${', "x"'.repeat(width - 1)}]`];
  for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]`);
  lines.push(`'':`, `  type: TXT`, `  values: *l${levels - 1}`, `www:`, `  type: A`, `  value: 192.0.2.1`);
  return lines.join('\n') + '\n';
}

const CASES = {
  // 10^9 values if expanded.
  'billion-laughs': () => ({ text: laughs(9, 10) }),
  // Aliases to a record used by thousands of names (legitimate YAML, must stay linear).
  'alias-fanout': () => ({
    text: ['---', "'':", '  type: TXT', '  values: &spf', '    - v=spf1 include:_spf.example.net -all', ...Array.from({ length: 5000 }, (_, i) => `n${i}:\n  type: TXT\n  values: *spf`)].join('\n') + '\n',
  }),
  'deep-flow': () => ({ text: "---\n'':\n  type: TXT\n  values: " + '['.repeat(10_000) + '"v=spf1 -all"' + ']'.repeat(10_000) + '\nwww:\n  type: A\n  value: 192.0.2.1\n' }),
  'deep-block': () => {
    let s = "---\nx:\n";
    for (let i = 1; i < 3000; i++) s += ' '.repeat(i) + `k${i}:\n`;
    return { text: s + "www:\n  type: A\n  value: 192.0.2.1\n" };
  },
  'unclosed-flow': () => ({ text: "---\n'':\n  type: TXT\n  values: " + '['.repeat(10_000) + '\nwww:\n  type: A\n  value: 192.0.2.1\n' }),
  'include-loop': () => ({
    path: `${ROOT}/example.com.yaml`,
    text: "---\n'': !include a.yaml\nwww:\n  type: A\n  value: 192.0.2.1\n",
    files: { [`${ROOT}/a.yaml`]: '!include b.yaml\n', [`${ROOT}/b.yaml`]: '!include a.yaml\n' },
  }),
  'include-escape': () => ({
    path: `${ROOT}/example.com.yaml`,
    text: "---\n'': !include /etc/passwd\nsub: !include ../../../etc/shadow\nwww:\n  type: A\n  value: 192.0.2.1\n",
    files: { '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\n', '/etc/shadow': 'root:*:1:0:99999:7:::\n' },
  }),
  'long-value': () => ({ text: "---\n'':\n  type: TXT\n  value: v=spf1 " + 'a'.repeat(50 * 1024 * 1024) + ' -all\nwww:\n  type: A\n  value: 192.0.2.1\n' }),
  // Distinct records (identical ones would be one record for DNS: zone/duplicate-record, not spf/multiple-records).
  'many-at-one-name': () => ({
    text: "---\n'':\n" + Array.from({ length: 20_000 }, (_, i) => `  - type: TXT\n    value: v=spf1 ip4:10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} -all`).join('\n') + '\n',
  }),
  binary: () => {
    const b = Buffer.alloc(64 * 1024);
    let s = 12345;
    for (let i = 0; i < b.length; i++) b[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    return { text: "---\nwww:\n  type: A\n  value: 192.0.2.1\n" + b.toString('latin1') };
  },
};

if (!isMainThread) {
  const require = createRequire(import.meta.url);
  const engine = require('../dist/engine.js');
  const c = CASES[workerData.name]();
  const path = c.path ?? `${ROOT}/example.com.yaml`;
  const readCalls = [];
  const t0 = performance.now();
  const zone = engine.parseOctodns(new engine.SourceFile(path, c.text), {
    origin: 'example.com.',
    workspaceRoot: ROOT,
    readFile: (p) => {
      readCalls.push(p);
      return c.files?.[p];
    },
  });
  const run = await engine.lintZone(zone, { options: { dns: 'off' } });
  parentPort.postMessage({
    ms: performance.now() - t0,
    records: zone.records.length,
    recordList: zone.records.slice(0, 20).map((r) => ({ owner: r.owner, type: r.type })),
    findings: run.findings.slice(0, 200).map(plain),
    rulesFound: [...new Set(run.findings.map((f) => f.rule))],
    findingCount: run.findings.length,
    ruleErrors: run.ruleErrors.map((e) => `${e.rule}: ${e.error?.stack ?? e.error}`),
    violations: [...zoneViolations(zone), ...findingViolations(run.findings)],
    readCalls,
  });
} else {
  const { test } = await import('node:test');
  const assert = (await import('node:assert/strict')).default;
  const run = (name) => runBounded(new URL(import.meta.url), { name }, { timeoutMs: 20_000, maxOldMb: 1536 });
  const sane = (r) => {
    assert.deepEqual(r.violations, [], 'model invariants');
    assert.deepEqual(r.ruleErrors, [], 'no rule may throw');
  };
  const www = (r) => r.recordList.some((x) => x.owner === 'www.example.com.' && x.type === 'A');
  const syntax = (r) => r.findings.some((f) => f.rule === 'octodns/syntax');

  test('billion laughs: aliases are not expanded a billion times', async () => {
    const r = await run('billion-laughs');
    sane(r);
    assert.ok(r.records <= 1_000_000, `${r.records} records`);
    assert.ok(www(r), 'the record after the bomb is read');
  });

  test('one alias shared by 5,000 names: read linearly, every name gets its record', async () => {
    const r = await run('alias-fanout');
    sane(r);
    assert.equal(r.records, 5001);
  });

  test('10k nested flow sequences: no stack overflow, a finding or a reading', async () => {
    const r = await run('deep-flow');
    sane(r);
    assert.ok(www(r) || syntax(r), 'www read, or octodns/syntax');
    const u = await run('unclosed-flow');
    sane(u);
    assert.ok(syntax(u), 'unclosed brackets: octodns/syntax');
  });

  test('3,000 levels of block nesting: returns', async () => {
    const r = await run('deep-block');
    sane(r);
    assert.ok(www(r) || syntax(r));
  });

  test('!include loop: a finding, bounded reads', async () => {
    const r = await run('include-loop');
    sane(r);
    assert.ok(r.readCalls.length <= 50, `${r.readCalls.length} reads`);
    assert.ok(r.findings.some((f) => f.rule === 'octodns/syntax' && /include/i.test(f.message)), JSON.stringify(r.findings.map((f) => f.message)));
    assert.ok(www(r));
  });

  test('!include of /etc/passwd and ../../../etc/shadow: refused and never read', async () => {
    const r = await run('include-escape');
    sane(r);
    assert.deepEqual(r.readCalls.filter((p) => !p.startsWith(ROOT + '/') || p.includes('..')), []);
    assert.equal(r.findings.filter((f) => /outside the workspace/.test(f.message)).length, 2, JSON.stringify(r.findings.map((f) => f.message)));
    assert.ok(www(r));
  });

  test('a 50 MB TXT value: read, string-length findings, bounded', async () => {
    const r = await run('long-value');
    sane(r);
    assert.ok(www(r));
    assert.ok(r.rulesFound.some((id) => id === 'spf/record-too-long' || id === 'zone/string-too-long' || id === 'octodns/syntax'), `rules: ${r.rulesFound}`);
  });

  test('20k SPF records at one name: multiple-records without quadratic work', async () => {
    const r = await run('many-at-one-name');
    sane(r);
    assert.equal(r.records, 20_000);
    assert.ok(r.rulesFound.includes('spf/multiple-records'), `rules: ${r.rulesFound}`);
  });

  test('64 KB of binary after a record: octodns/syntax, no crash', async () => {
    const r = await run('binary');
    sane(r);
    assert.ok(syntax(r));
  });
}
