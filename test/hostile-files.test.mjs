// Hostile zone files: each must give a clear finding (or be read correctly) in bounded time and
// memory — never a crash, a hang or a runaway. Every case runs parse + lint (all rules, offline) in a
// worker thread with a heap limit and a generous time bound, and keeps the model's invariants.
import { isMainThread, workerData, parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { zoneViolations, findingViolations, plain, runBounded } from './helpers/hostile-invariants.mjs';

const ROOT = '/nonexistent-ws/zones';
const LF_ZONE = [
  '$ORIGIN example.com.',
  '$TTL 300',
  '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300',
  '@ IN NS ns1',
  'ns1 IN A 192.0.2.1',
  '@ IN MX 10 mail',
  'mail IN A 192.0.2.2',
  '@ IN TXT "v=spf1 mx -all"',
  '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"',
  '',
].join('\n');

/** Deterministic bytes (xorshift32), so a failure reproduces. */
function bytes(n, seed = 7) {
  const b = Buffer.alloc(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    b[i] = s & 0xff;
  }
  return b;
}

const HEAD = '$ORIGIN example.com.\n$TTL 300\n';
const MB50 = 50 * 1024 * 1024;

// name → () => { text, files?, lint? }; built inside the worker so big strings never cross threads.
const CASES = {
  'long-line-txt': () => ({ text: HEAD + 'www IN A 192.0.2.1\n@ IN TXT "v=spf1 ' + 'a'.repeat(MB50) + ' -all"\nmail IN A 192.0.2.2\n' }),
  'long-line-junk': () => ({ text: HEAD + 'www IN A 192.0.2.1\n' + 'x'.repeat(MB50) }),
  'nested-parens': () => ({ text: HEAD + 'www IN TXT ' + '('.repeat(10000) + ' "v=spf1 -all" ' + ')'.repeat(10000) + '\nmail IN A 192.0.2.2\n' }),
  'unbalanced-parens': () => ({ text: HEAD + 'mail IN A 192.0.2.2\nwww IN TXT ' + '('.repeat(10000) + ' "v=spf1 -all"\nmore IN A 192.0.2.3\n' }),
  'close-parens': () => ({ text: HEAD + 'www IN TXT "v=spf1 -all" ' + ')'.repeat(10000) + '\nmail IN A 192.0.2.2\n' }),
  binary: () => ({ text: HEAD + 'www IN A 192.0.2.1\n' + bytes(64 * 1024).toString('latin1') + '\nmail IN A 192.0.2.2\n' }),
  'binary-utf8': () => ({ text: HEAD + new TextDecoder().decode(bytes(64 * 1024, 99)) }),
  nul: () => ({ text: HEAD + 'www IN A 192.0.2.1\0\n@ IN TXT "v=spf1\0 -all"\n\0\0\0\nmail IN A 192.0.2.2\n' }),
  crlf: () => ({ text: LF_ZONE.replace(/\n/g, '\r\n') }),
  'lone-cr': () => ({ text: LF_ZONE.replace(/\n/g, '\r') }),
  lf: () => ({ text: LF_ZONE }),
  bom: () => ({ text: '\uFEFF' + LF_ZONE }),
  'broken-utf8': () => ({
    text: new TextDecoder().decode(
      Buffer.concat([Buffer.from(HEAD + 'w'), Buffer.from([0xc3]), Buffer.from('x IN TXT "v=spf1 '), Buffer.from([0xff, 0xe2, 0x82]), Buffer.from(' -all"\nmail IN A 192.0.2.2\n')]),
    ),
  }),
  surrogates: () => ({ text: HEAD + 'w\uDFFFw IN TXT "v=spf1 \uD800 include:\uDBFFx.example.com -all"\n@ IN TXT "\uD83D"\nmail IN A 192.0.2.2\n' }),
  'include-loop': () => ({
    path: `${ROOT}/a.zone`,
    text: HEAD + 'a IN A 192.0.2.1\n$INCLUDE b.zone\n',
    files: { [`${ROOT}/b.zone`]: 'b IN A 192.0.2.2\n$INCLUDE a.zone\n' },
  }),
  'include-self': () => ({ path: `${ROOT}/a.zone`, text: HEAD + 'a IN A 192.0.2.1\n$INCLUDE a.zone\n$INCLUDE ./a.zone\nz IN A 192.0.2.9\n', files: {} }),
  'include-passwd': () => ({ path: `${ROOT}/a.zone`, text: HEAD + 'a IN A 192.0.2.1\n$INCLUDE /etc/passwd\nz IN A 192.0.2.9\n', files: { '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\n' } }),
  'include-dotdot': () => ({ path: `${ROOT}/a.zone`, text: HEAD + 'a IN A 192.0.2.1\n$INCLUDE ../../x\nz IN A 192.0.2.9\n', files: { '/x': 'evil IN A 192.0.2.66\n', [`${ROOT}/../../x`]: 'evil IN A 192.0.2.66\n' } }),
  'generate-billion': () => ({ text: HEAD + 'a IN A 192.0.2.1\n$GENERATE 1-1000000000 host-$ A 10.0.0.1\nz IN A 192.0.2.9\n' }),
  'generate-many': () => ({ text: HEAD + Array.from({ length: 300 }, (_, i) => `$GENERATE 0-65535 h$-${i} A 10.0.0.1`).join('\n') + '\nz IN A 192.0.2.9\n' }),
  // Half of them copies of one record (one record for DNS: zone/duplicate-record), half distinct (spf/multiple-records).
  'same-owner-50k': () => ({
    text:
      HEAD +
      '@ IN MX 10 mail\n' +
      Array.from({ length: 50_000 }, (_, i) => (i % 2 ? `@ IN TXT "v=spf1 ip4:10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} -all"\n` : '@ IN TXT "v=spf1 mx -all"\n')).join(''),
  }),
  'spf-5000-includes': () => {
    const terms = Array.from({ length: 5000 }, (_, i) => `include:s${i}.example.com`).join(' ');
    const spf = `v=spf1 ${terms} -all`;
    const strings = spf.match(/.{1,255}/gs).map((s) => `"${s}"`).join(' ');
    return { text: HEAD + `@ IN MX 10 mail\n@ IN TXT ( ${strings} )\n` };
  },
};

if (!isMainThread) {
  const require = createRequire(import.meta.url);
  const engine = require('../dist/engine.js');
  const { name } = workerData;
  const c = CASES[name]();
  const path = c.path ?? `${ROOT}/example.com.zone`;
  const readCalls = [];
  const t0 = performance.now();
  const sf = new engine.SourceFile(path, c.text);
  const zone = engine.parseZone(sf, {
    origin: 'example.com.',
    workspaceRoot: ROOT,
    readFile: (p) => {
      readCalls.push(p);
      return c.files?.[p];
    },
  });
  const parseMs = performance.now() - t0;
  const run = await engine.lintZone(zone, { options: { dns: 'off' } });
  const ms = performance.now() - t0;
  const cap = (a) => a.slice(0, 200).map(plain);
  parentPort.postMessage({
    ms,
    parseMs,
    textLength: c.text.length,
    records: zone.records.length,
    recordList: zone.records.slice(0, 50).map((r) => ({ owner: r.owner, type: r.type, line: r.line, path: r.file.path, fields: r.fields.map((f) => f.text).join(' ').slice(0, 80) })),
    files: zone.files.map((f) => f.path),
    problems: cap(zone.problems),
    findings: cap(run.findings),
    findingCount: run.findings.length,
    rulesFound: [...new Set(run.findings.map((f) => f.rule))],
    ruleErrors: run.ruleErrors.map((e) => `${e.rule}: ${e.error?.stack ?? e.error}`),
    violations: [...zoneViolations(zone), ...findingViolations(run.findings)],
    readCalls,
  });
} else {
  const { test } = await import('node:test');
  const assert = (await import('node:assert/strict')).default;
  const run = (name, bounds) => runBounded(new URL(import.meta.url), { name }, { timeoutMs: 20_000, maxOldMb: 1536, ...bounds });

  /** The common contract: returned, invariants kept, no rule crashed. */
  const sane = (r) => {
    assert.deepEqual(r.violations, [], 'model invariants');
    assert.deepEqual(r.ruleErrors, [], 'no rule may throw');
  };
  const has = (r, pred, what) =>
    assert.ok(
      r.findings.some(pred),
      `expected ${what}; got ${JSON.stringify(r.findings.slice(0, 8).map((f) => `${f.rule}@${f.line}: ${f.message.slice(0, 60)}`))}`,
    );
  const rec = (r, owner, type) => r.recordList.some((x) => x.owner === owner && x.type === type);
  const syntaxAt = (line) => (f) => f.rule === 'zone/syntax' && f.line === line;

  test('a 50 MB TXT line: string-too-long on it, records around it still read', async () => {
    const r = await run('long-line-txt');
    sane(r);
    assert.ok(rec(r, 'www.example.com.', 'A') && rec(r, 'mail.example.com.', 'A'), 'records before and after the long line');
    has(r, (f) => f.rule === 'zone/string-too-long' && f.line === 4, 'zone/string-too-long on line 4');
  });

  test('a 50 MB junk line: zone/syntax on it', async () => {
    const r = await run('long-line-junk');
    sane(r);
    assert.ok(rec(r, 'www.example.com.', 'A'));
    has(r, syntaxAt(4), 'zone/syntax on line 4');
  });

  test('10k nested parentheses: read (BIND nests them) or a syntax finding, next record intact', async () => {
    const r = await run('nested-parens');
    sane(r);
    assert.ok(rec(r, 'mail.example.com.', 'A'), 'the record after the parentheses');
    assert.ok(rec(r, 'www.example.com.', 'TXT') || r.findings.some(syntaxAt(3)), 'TXT read, or zone/syntax on line 3');
  });

  test('10k unclosed parentheses: zone/syntax (unbalanced), earlier records kept', async () => {
    const r = await run('unbalanced-parens');
    sane(r);
    assert.ok(rec(r, 'mail.example.com.', 'A'));
    has(r, (f) => f.rule === 'zone/syntax' && f.line >= 4, 'zone/syntax for the unbalanced parenthesis');
  });

  test('10k stray closing parentheses: zone/syntax, next record intact', async () => {
    const r = await run('close-parens');
    sane(r);
    assert.ok(rec(r, 'mail.example.com.', 'A'));
    has(r, syntaxAt(3), 'zone/syntax on line 3');
  });

  test('64 KB of binary data with NUL bytes: zone/syntax, records around it read', async () => {
    const r = await run('binary');
    sane(r);
    assert.ok(rec(r, 'www.example.com.', 'A'));
    assert.ok(rec(r, 'mail.example.com.', 'A') || r.recordList.length >= 50, 'the record after the binary block');
    has(r, (f) => f.rule === 'zone/syntax' && f.line >= 4, 'zone/syntax in the binary block');
  });

  test('64 KB of binary decoded as UTF-8: returns with findings, invariants kept', async () => {
    const r = await run('binary-utf8');
    sane(r);
    assert.ok(r.findings.some((f) => f.rule === 'zone/syntax'), 'zone/syntax somewhere');
  });

  test('NUL bytes inside records: zone/syntax on the bad A record, later records read', async () => {
    const r = await run('nul');
    sane(r);
    has(r, syntaxAt(3), 'zone/syntax on line 3 (A record with a NUL)');
    assert.ok(rec(r, 'mail.example.com.', 'A'));
  });

  test('CRLF, lone CR and a BOM read like the LF file (or say why not)', async () => {
    const lf = await run('lf');
    sane(lf);
    const key = (r) => r.recordList.map((x) => `${x.owner} ${x.type} ${x.fields}`).join('\n');
    assert.ok(lf.records >= 7, 'the plain LF zone reads');
    const crlf = await run('crlf');
    sane(crlf);
    assert.equal(key(crlf), key(lf), 'CRLF: same records');
    assert.deepEqual(crlf.recordList.map((x) => x.line), lf.recordList.map((x) => x.line), 'CRLF: same lines');
    assert.deepEqual(crlf.rulesFound.sort(), lf.rulesFound.sort(), 'CRLF: same findings');
    const cr = await run('lone-cr');
    sane(cr);
    // BIND reads lone-CR files as lines; never drop records silently.
    assert.ok(key(cr) === key(lf) || cr.findings.some((f) => f.rule === 'zone/syntax'), 'lone CR: same records, or a zone/syntax finding');
    const bom = await run('bom');
    sane(bom);
    // BIND refuses a zone that starts with a BOM: reported on line 1, and the rest still read.
    assert.equal(key(bom), key(lf), 'BOM: same records');
    assert.ok(bom.findings.some((f) => f.line === 1 && f.rule === 'zone/syntax' && /byte-order mark/.test(f.message)), 'BOM: a zone/syntax finding on line 1');
    assert.ok(!bom.findings.some((f) => f.line > 1 && f.rule === 'zone/syntax'), 'BOM: nothing after line 1 breaks');
  });

  test('broken UTF-8 and lone surrogates: records read, bytes stay bytes', async () => {
    const b = await run('broken-utf8');
    sane(b);
    assert.ok(rec(b, 'mail.example.com.', 'A'));
    assert.ok(b.recordList.some((x) => x.type === 'TXT'), 'the TXT with broken UTF-8 is read');
    const s = await run('surrogates');
    sane(s);
    assert.ok(rec(s, 'mail.example.com.', 'A'));
  });

  test('$INCLUDE loop and self-include: a finding on the $INCLUDE, bounded reads', async () => {
    const r = await run('include-loop');
    sane(r);
    assert.ok(r.readCalls.length <= 10, `read ${r.readCalls.length} files`);
    assert.ok(r.files.length <= 3, `files: ${r.files.join(', ')}`);
    has(r, (f) => /include/i.test(f.message) && (f.rule.startsWith('zone/')), 'an include finding');
    const s = await run('include-self');
    sane(s);
    assert.ok(s.readCalls.length <= 10);
    assert.ok(rec(s, 'z.example.com.', 'A'), 'the record after the includes');
    has(s, (f) => f.line === 4 && f.rule.startsWith('zone/'), 'a finding on the self-include (line 4)');
  });

  test('$INCLUDE /etc/passwd and ../../x: include-outside-workspace, the file is never read', async () => {
    for (const [name, line] of [['include-passwd', 4], ['include-dotdot', 4]]) {
      const r = await run(name);
      sane(r);
      assert.deepEqual(r.readCalls.filter((p) => !p.startsWith(ROOT + '/') || p.includes('..')), [], `${name}: no read outside the workspace`);
      assert.ok(!r.recordList.some((x) => x.owner.startsWith('evil') || x.owner.startsWith('root')), `${name}: no record from outside`);
      has(r, (f) => f.rule === 'zone/include-outside-workspace' && f.line === line, `${name}: zone/include-outside-workspace on line ${line}`);
      assert.ok(rec(r, 'z.example.com.', 'A'), `${name}: the record after the include`);
    }
  });

  test('$GENERATE over a billion: a finding on the line, bounded records', async () => {
    const r = await run('generate-billion');
    sane(r);
    assert.ok(r.records <= 1_000_000, `${r.records} records`);
    assert.ok(rec(r, 'z.example.com.', 'A'), 'the record after it');
    has(r, (f) => f.line === 4 && f.rule.startsWith('zone/'), 'a zone finding on the $GENERATE line');
  });

  test('300 × $GENERATE 0-65535: bounded in total (time, memory, records)', async () => {
    const r = await run('generate-many');
    sane(r);
    assert.ok(r.records <= 5_000_000, `${r.records} records`);
  });

  test('50k SPF records at one name, half of them copies: duplicate and multiple-records findings without quadratic work', async () => {
    const r = await run('same-owner-50k');
    sane(r);
    assert.equal(r.records, 50_001);
    assert.ok(r.rulesFound.includes('zone/duplicate-record'), `rules: ${r.rulesFound}`);
    assert.ok(r.rulesFound.includes('spf/multiple-records'), `rules: ${r.rulesFound}`);
    assert.ok(r.findingCount <= 200_000, `${r.findingCount} findings`);
  });

  test('an SPF record with 5000 includes: too-many-lookups, bounded', async () => {
    const r = await run('spf-5000-includes');
    sane(r);
    has(r, (f) => f.rule === 'spf/too-many-lookups', 'spf/too-many-lookups');
  });
}
