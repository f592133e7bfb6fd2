// The editor's incremental lint (engine/incremental.ts) must give exactly what a full lintZone
// gives: same rules, ranges, messages, severities, tags, related ranges and fix edits, in the same
// order. Property tests make chains of random edits to generated zones, re-parse each edit with
// reparseZone (record objects reused) and compare the incremental result with lintZone's.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import * as E from '../dist/engine.js';

const { SourceFile, parseZone, reparseZone, lintZone, IncrementalLinter } = E;
const GEN = fileURLToPath(new URL('../../shared/bench/gen-zone.mjs', import.meta.url));
const OPTS = { options: { dns: 'off' } };
let moved = 0;
let copied = 0;
// Fixed seeds so that CI is repeatable; INCREMENTAL_SEED=random (or a number) and INCREMENTAL_RUNS
// explore further (a failure prints its seed and counterexample).
const SEED = process.env.INCREMENTAL_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.INCREMENTAL_SEED ?? 20261122);
const RUNS = (n) => Math.max(1, Math.round(n * Number(process.env.INCREMENTAL_RUNS ?? 1)));

/** A finding as plain data (files by path: a fresh parse has other SourceFile objects). */
function plain(f) {
  const span = (s) => [s.file.path, s.start, s.end];
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    at: span(f),
    tags: f.tags ?? null,
    related: f.related?.map((r) => [...span(r), r.message]) ?? null,
    fixes: f.fixes?.map((x) => ({ title: x.title, preferred: x.preferred ?? null, edits: x.edits.map((e) => [...span(e), e.newText]) })) ?? null,
  };
}

// Records that trigger per-record rules (SPF, DMARC, DKIM, MTA-STS, MX …), cross-record rules
// (multiple SPF/DMARC records, MX to a CNAME, missing TLS-RPT) and zone-wide ones (duplicates,
// lookup trees), suppressions, blank owners and multi-line records.
const LINES = [
  '@ IN TXT "v=spf1 include:_spf.example.net ~all"',
  '@ IN TXT "v=spf1 ip4:192.0.2.1/24 -all"',
  'mail IN TXT "v=spf1 a mx ?all"',
  'mail IN TXT "v=spf1 +all"',
  'sub IN TXT "v=spf1 include:mail.zt.test. redirect=mail.zt.test."',
  '_dmarc IN TXT "v=DMARC1; p=none; pct=50; rua=mailto:d@zt.test"',
  '_dmarc IN TXT "v=DMARC1; p=reject"',
  '_dmarc.sub IN TXT "v=DMARC1; p=quarantine; sp=none; ruf=mailto:x@other.test"',
  'sel._domainkey IN TXT "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC"',
  'old._domainkey IN TXT "v=DKIM1; p="',
  '_mta-sts IN TXT "v=STSv1; id=2024"',
  '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:t@zt.test"',
  '@ IN MX 10 mail',
  '@ IN MX 20 alias.zt.test.',
  'alias IN CNAME mail',
  'mail IN A 192.0.2.10',
  'mail IN A 192.0.2.10',
  '  IN AAAA 2001:db8::1',
  'www IN CNAME example.net',
  '; mailzone-disable-next-line spf/soft-all',
  '; a comment',
  '',
  'long IN TXT ( "v=spf1 ip4:192.0.2.0/24"\n   " ~all" )',
  'x IN TXT "v=spf1 exists:%{i}.zt.test ptr -all"',
  // Answers that depend on other names: a wildcard, a delegation, a hosted DMARC record.
  '*.w IN A 192.0.2.20',
  'eu IN NS ns.elsewhere.example.',
  'w IN TXT "v=spf1 a:h.w.zt.test a:relay.eu.zt.test mx:eu.zt.test include:spf.w.zt.test -all"',
  '*.w IN TXT "v=spf1 -all"',
  '_dmarc.w IN CNAME w.zt.test._dmarc.hosted.example.',
  // zone/integrity: apex NS targets and their addresses, aliases, DNAMEs, wildcards; SOAs.
  '@ IN NS ns2',
  'ns2 IN A 192.0.2.54',
  'ns2 IN CNAME ns1',
  '@ IN NS h.w',
  'dn IN DNAME example.net.',
  '@ IN NS ns.dn',
  '@ IN NS ns.eu',
  'deep IN SOA ns1 hostmaster 2 7200 3600 1209600 300',
  // zone/check-names: host names with underscores.
  'web_1 IN A 192.0.2.9',
  '@ IN MX 30 mail_x',
];

const HEAD = '$ORIGIN zt.test.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n';

const zoneText = fc.array(fc.integer({ min: 0, max: LINES.length - 1 }), { minLength: 3, maxLength: 40 }).map((ix) => HEAD + ix.map((i) => LINES[i]).join('\n') + '\n');

// Small edits that change findings: flip qualifiers, break and mend syntax, add lines.
const INSERTS = ['~', '-', '+', '?', ' ', '\n', '"', ';', 'a', 'x IN TXT "v=spf1 ~all"\n', 'p=reject; ', '\t', '(', ')', 'all', 'include:mail.zt.test '];
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.integer({ min: 0, max: 4 }),
  ins: fc.constantFrom(...INSERTS),
});

/** Applies an edit at a relative position; returns the new text and the change in old offsets. */
function apply(text, e, from = 0) {
  const start = Math.min(text.length, from + Math.floor(e.at * (text.length - from)));
  const end = Math.min(text.length, start + e.del);
  return { text: text.slice(0, start) + e.ins + text.slice(end), change: { start, end, newLength: e.ins.length } };
}

async function checkChain(text, edits, file = '/zt/zt.test.zone', from = 0) {
  let zone = parseZone(new SourceFile(file, text));
  const linter = new IncrementalLinter();
  const first = await linter.lint(zone, OPTS);
  assert.deepEqual(first.findings.map(plain), (await lintZone(zone, OPTS)).findings.map(plain), 'cold lint');
  let reused = 0;
  for (const e of edits) {
    const next = apply(text, e, Math.min(from, text.length));
    zone = reparseZone(zone, new SourceFile(file, next.text), next.change);
    text = next.text;
    const inc = await linter.lint(zone, OPTS);
    reused += inc.stats.reused;
    copied += inc.stats.copied;
    if (next.change.newLength !== next.change.end - next.change.start) moved += inc.stats.reused;
    const full = await lintZone(zone, OPTS);
    assert.deepEqual(inc.findings.map(plain), full.findings.map(plain), `after ${JSON.stringify(e)}:\n${text}`);
    // And the same as a fresh parse of the new text.
    const fresh = await lintZone(parseZone(new SourceFile(file, text)), OPTS);
    assert.deepEqual(inc.findings.map(plain), fresh.findings.map(plain), `fresh parse after ${JSON.stringify(e)}`);
  }
  return reused;
}

test('incremental lint equals lintZone after chains of random edits (generated zones)', async () => {
  let reused = 0;
  await fc.assert(
    fc.asyncProperty(zoneText, fc.array(edit, { minLength: 1, maxLength: 6 }), async (text, edits) => {
      // Edits below the $ORIGIN/$TTL head (an edit there re-reads everything: nothing to compare).
      reused += await checkChain(text, edits, '/zt/zt.test.zone', HEAD.length);
    }),
    { numRuns: RUNS(150), seed: SEED },
  );
  assert.ok(reused > 0, "the cache was never used");
  assert.ok(moved > 0, "no cached finding was ever moved by an edit");
  assert.ok(copied > 0, 'the bulk copy of unvisited records was never used');
});

test('incremental lint equals lintZone on a generated realistic zone (gen-zone.mjs), edits at SPF qualifiers and anywhere', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mz-inc-'));
  const out = path.join(dir, 'g.zone');
  const r = spawnSync(process.execPath, [GEN, '400', out, '--seed', '7'], { stdio: 'ignore' });
  assert.equal(r.status, 0, 'generator failed');
  const text = fs.readFileSync(out, 'utf8');
  const quals = [...text.matchAll(/[~-]all"/g)].map((m) => m.index);
  assert.ok(quals.length > 5);
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom(...quals.slice(0, 30)).map((i) => ({ at: i / text.length, del: 1, ins: '-' })), edit), { minLength: 1, maxLength: 5 }), async (edits) => {
      await checkChain(text, edits, out);
    }),
    { numRuns: RUNS(25), seed: SEED + 1 },
  );
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a one-character edit re-lints only the edited record; the others come from the cache, moved', async () => {
  const text = HEAD + 'a IN TXT "v=spf1 ~all"\nb IN TXT "v=spf1 ~all"\nc IN TXT "v=spf1 ~all"\n';
  let zone = parseZone(new SourceFile('/zt/zt.test.zone', text));
  const linter = new IncrementalLinter();
  const cold = await linter.lint(zone, OPTS);
  assert.equal(cold.stats.full, true);
  // Insert two characters in record a's value: b and c move by 2, their soft-all findings too.
  const at = text.indexOf('v=spf1') + 'v=spf1'.length;
  const next = text.slice(0, at) + ' a' + text.slice(at);
  zone = reparseZone(zone, new SourceFile('/zt/zt.test.zone', next), { start: at, end: at, newLength: 2 });
  const inc = await linter.lint(zone, OPTS);
  assert.equal(inc.stats.full, false);
  assert.ok(inc.stats.linted >= 1 && inc.stats.linted <= 2, `linted ${inc.stats.linted}`);
  assert.ok(inc.stats.reused >= zone.records.length - 2);
  const soft = inc.findings.filter((f) => f.rule === 'spf/soft-all');
  assert.equal(soft.length, 3);
  for (const f of soft) assert.equal(next.slice(f.start, f.end), '~all');
  const cFix = soft[2].fixes[0].edits[0];
  assert.equal(next.slice(cFix.start, cFix.end), '~');
  assert.equal(soft[2].file, zone.file);
});

test('lines inserted around a record that another record\'s message names by line: the message follows (the named record, with no finding, keeps no entry of its own)', async () => {
  // The duplicate names the line of the first copy; the first copy itself has no finding (its
  // entry is the shared clean one).
  const text = HEAD + 'x IN A 192.0.2.1\nfiller IN A 192.0.2.9\nx IN A 192.0.2.1\n' + Array.from({ length: 30 }, (_, i) => `h${i} IN A 192.0.2.${i + 10}\n`).join('');
  await checkChain(text, [
    { at: text.indexOf('filler') / text.length, del: 0, ins: '\n' },
    { at: text.indexOf('filler') / text.length, del: 0, ins: '\n\n; a comment\n' },
    { at: 0.99, del: 0, ins: '\n' },
  ]);
  // Lines inserted before the first copy move both; before the duplicate only it.
  await checkChain(text, [{ at: text.indexOf('x IN') / text.length, del: 0, ins: '\n\n' }]);
  await checkChain(text, [{ at: text.lastIndexOf('x IN') / text.length, del: 0, ins: '\n' }]);
});

test('a rule that throws on an edited record is isolated as lintZone isolates it; the next lints are exact', async () => {
  // Reports every TXT record and throws on one that ends in -all: lintZone then drops it for the
  // records after that one, which the incremental lint has cached findings of the rule for.
  const boom = {
    id: 'test/boom',
    severity: 'error',
    docs: { summary: 's', details: 'd' },
    types: ['TXT'],
    onRecord(rec, ctx) {
      if (rec.strings.some((x) => x.value.includes('-all'))) throw new Error('boom');
      ctx.report({ start: rec.start, end: rec.end, message: 'seen' });
    },
  };
  const rules = [...E.allRules, boom];
  const text = HEAD + 'a IN TXT "v=spf1 ~all"\nb IN TXT "v=spf1 ~all"\nc IN TXT "v=spf1 ?all"\n';
  let zone = parseZone(new SourceFile('/zt/zt.test.zone', text));
  const linter = new IncrementalLinter();
  const first = await linter.lint(zone, { ...OPTS, rules });
  assert.deepEqual(first.findings.map(plain), (await lintZone(zone, { ...OPTS, rules })).findings.map(plain));
  assert.equal(first.findings.filter((f) => f.rule === 'test/boom').length, 3);
  // a becomes -all (the rule throws there), then ~all again.
  for (const [from, to, booms] of [['~all', '-all', 0], ['-all', '~all', 3]]) {
    const at = zone.file.text.indexOf(from);
    const next = zone.file.text.slice(0, at) + to + zone.file.text.slice(at + from.length);
    zone = reparseZone(zone, new SourceFile('/zt/zt.test.zone', next), { start: at, end: at + from.length, newLength: to.length });
    const inc = await linter.lint(zone, { ...OPTS, rules });
    const ref = await lintZone(zone, { ...OPTS, rules });
    assert.deepEqual(inc.findings.map(plain), ref.findings.map(plain), to);
    assert.deepEqual(inc.ruleErrors.map((e) => e.rule), ref.ruleErrors.map((e) => e.rule), to);
    assert.equal(inc.findings.filter((f) => f.rule === 'test/boom').length, booms, to);
  }
});

test('an aborted incremental lint says so and the next lint is still exact', async () => {
  const text = HEAD + LINES.join('\n').repeat(30) + '\n';
  const zone = parseZone(new SourceFile('/zt/zt.test.zone', text));
  const linter = new IncrementalLinter();
  const ctrl = new AbortController();
  ctrl.abort();
  const run = await linter.lint(zone, { options: { dns: 'off', signal: ctrl.signal }, sliceMs: 0.0001 });
  assert.equal(run.aborted, true);
  const again = await linter.lint(zone, OPTS);
  assert.equal(again.aborted, false);
  assert.deepEqual(again.findings.map(plain), (await lintZone(zone, OPTS)).findings.map(plain));
});

// Rules that read other records by name (zone/cname-and-other-data, zone/duplicate-record,
// dmarc/missing-record, dmarc/external-destination): cached per record, re-checked when a name they
// read changes. `steps`: text replacements (or workspace changes) with the rule's finding count after.
async function namedSteps(rule, text, count0, steps, ws = { set() {} }, key = () => undefined, resolver = undefined) {
  const file = '/zt/zt.test.zone';
  let zone = parseZone(new SourceFile(file, text));
  ws.set(zone);
  const linter = new IncrementalLinter();
  const run = async (label, count) => {
    const opts = { ...OPTS, workspace: ws.zones ? ws : undefined, resolver, dependencyKey: key() };
    const inc = await linter.lint(zone, opts);
    const full = await lintZone(zone, opts);
    assert.deepEqual(inc.findings.map(plain), full.findings.map(plain), `${rule} ${label}`);
    assert.equal(inc.findings.filter((f) => f.rule === rule).length, count, `${rule} findings ${label}`);
    assert.ok(!inc.stats.crossRecordRules.includes(rule), `${rule} became cross-record ${label}`);
    return inc;
  };
  await run('cold', count0);
  for (const s of steps) {
    if (s.ws) s.ws();
    else {
      const at = text.indexOf(s.from);
      assert.ok(at >= 0, s.from);
      text = text.slice(0, at) + s.to + text.slice(at + s.from.length);
      zone = reparseZone(zone, new SourceFile(file, text), { start: at, end: at + s.from.length, newLength: s.to.length });
      ws.set(zone);
    }
    const inc = await run(s.label, s.count);
    if (s.elsewhere) assert.ok(inc.stats.linted <= 1, `${rule} ${s.label}: linted ${inc.stats.linted}`);
  }
}

test('zone/cname-and-other-data per record: cached, re-checked when its name changes', async () => {
  const text = HEAD + 'www IN CNAME host\nhost IN A 192.0.2.1\nwww IN TXT "hello"\nftp IN CNAME host\n';
  await namedSteps('zone/cname-and-other-data', text, 1, [
    { label: 'edit elsewhere', from: '192.0.2.1', to: '192.0.2.2', count: 1, elsewhere: true },
    { label: 'companion removed', from: 'www IN TXT "hello"\n', to: '', count: 0 },
    { label: 'second CNAME added', from: 'ftp IN CNAME host\n', to: 'ftp IN CNAME host\nftp IN CNAME www\n', count: 1 },
  ]);
});

test('zone/duplicate-record per record: cached, re-checked when its name changes', async () => {
  const text = HEAD + 'mail IN A 192.0.2.10\nx IN A 192.0.2.1\nmail IN A 192.0.2.10\n';
  await namedSteps('zone/duplicate-record', text, 1, [
    { label: 'edit elsewhere', from: 'x IN A 192.0.2.1', to: 'x IN A 192.0.2.3', count: 1, elsewhere: true },
    { label: 'copy changed', from: 'mail IN A 192.0.2.10\n', to: 'mail IN A 192.0.2.11\n', count: 0 },
    { label: 'copy again', from: 'mail IN A 192.0.2.11\n', to: 'mail IN A 192.0.2.10\n', count: 1 },
  ]);
});

test('dmarc/missing-record per record: _dmarc added or removed, SPF include targets, inherited policies', async () => {
  const text = HEAD + '@ IN MX 10 mx\nmx IN A 192.0.2.1\n_dmarc IN TXT "v=DMARC1; p=reject"\nsub IN MX 10 mx\nrelay IN TXT "v=spf1 ip4:192.0.2.1 -all"\nmail IN MX 10 mx\n';
  await namedSteps('dmarc/missing-record', text, 0, [
    { label: 'edit elsewhere', from: '192.0.2.1\n', to: '192.0.2.2\n', count: 0, elsewhere: true },
    // The apex policy covered sub, relay and mail: without it all four names are reported.
    { label: 'apex _dmarc removed', from: '_dmarc IN TXT "v=DMARC1; p=reject"\n', to: '', count: 4 },
    { label: '_dmarc.mail added', from: 'mail IN MX 10 mx\n', to: 'mail IN MX 10 mx\n_dmarc.mail IN TXT "v=DMARC1; p=none"\n', count: 3 },
    // relay becomes an include target of the apex SPF record: no longer reported.
    { label: 'relay included', from: '@ IN MX 10 mx\n', to: '@ IN MX 10 mx\n@ IN TXT "v=spf1 include:relay.zt.test. -all"\n', count: 2 },
    { label: 'edit elsewhere 2', from: 'mx IN A 192.0.2.2', to: 'mx IN A 192.0.2.3', count: 2, elsewhere: true },
    { label: 'include dropped', from: 'include:relay.zt.test. ', to: '', count: 3 },
  ]);
});

test('dmarc/missing-record per record: an SPF include target of another zone of the workspace, re-checked when that zone changes', async () => {
  // relay.zt.test sends nothing with its own From: once a customer's zone includes it in SPF.
  const text = HEAD + 'relay IN TXT "v=spf1 ip4:192.0.2.1 -all"\nx IN A 192.0.2.1\n';
  const ws = new E.Workspace();
  const chead = '$ORIGIN cust.test.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n@ IN MX 10 ns1\n_dmarc IN TXT "v=DMARC1; p=reject"\n';
  let cust = parseZone(new SourceFile('/zt/cust.test.zone', chead + '@ IN TXT "v=spf1 include:relay.zt.test -all"\n'));
  ws.set(cust);
  const setCust = (t) => () => {
    cust = parseZone(new SourceFile('/zt/cust.test.zone', chead + t));
    ws.set(cust);
  };
  await namedSteps('dmarc/missing-record', text, 0, [
    { label: 'edit elsewhere', from: 'x IN A 192.0.2.1', to: 'x IN A 192.0.2.4', count: 0, elsewhere: true },
    { label: 'include dropped in cust.test', ws: setCust('@ IN TXT "v=spf1 mx -all"\n'), count: 1 },
    { label: 'edit elsewhere 2', from: 'x IN A 192.0.2.4', to: 'x IN A 192.0.2.5', count: 1, elsewhere: true },
    { label: 'redirect in cust.test', ws: setCust('@ IN TXT "v=spf1 redirect=relay.zt.test."\n'), count: 0 },
    { label: 'relay gets an MX', from: 'x IN A', to: 'relay IN MX 10 x\nx IN A', count: 1 },
  ], ws, () => cust);
});

test('dmarc/external-destination per record: the destination authorizes in another zone of the workspace', async () => {
  const text = HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:r@vendor.test"\nx IN A 192.0.2.1\n';
  const ws = new E.Workspace();
  const vhead = '$ORIGIN vendor.test.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n';
  let vendor = parseZone(new SourceFile('/zt/vendor.test.zone', vhead));
  ws.set(vendor);
  const setVendor = (t) => () => {
    vendor = parseZone(new SourceFile('/zt/vendor.test.zone', vhead + t));
    ws.set(vendor);
  };
  await namedSteps('dmarc/external-destination', text, 1, [
    { label: 'edit elsewhere', from: '192.0.2.1', to: '192.0.2.4', count: 1, elsewhere: true },
    { label: 'authorized in vendor.test', ws: setVendor('zt.test._report._dmarc IN TXT "v=DMARC1"\n'), count: 0 },
    { label: 'edit elsewhere 2', from: '192.0.2.4', to: '192.0.2.5', count: 0, elsewhere: true },
    { label: 'authorization removed', ws: setVendor(''), count: 1 },
  ], ws, () => vendor);
  // Answers that need I/O (a resolver without lookupSync): finished through ctx.defer, same findings.
  const live = { lookup: async (name, type) => ({ name, type, status: 'nxdomain', source: 'live' }) };
  await namedSteps('dmarc/external-destination', text, 1, [
    { label: 'live, edit elsewhere', from: '192.0.2.1', to: '192.0.2.6', count: 1 },
  ], { set() {} }, () => undefined, live);
});

test('A $GENERATE line that makes the same problem in every record it makes gives it once, in both linters', async () => {
  const text = '$ORIGIN zt.test.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n$GENERATE 1-1000 host$ CNAME target.mail.protection.outlook.com\n';
  const zone = parseZone(new SourceFile('/zt/zt.test.zone', text));
  const full = await lintZone(zone, OPTS);
  const rel = full.findings.filter((f) => f.rule === 'zone/relative-target');
  assert.equal(rel.length, 1, `${rel.length} findings`);
  const inc = await new IncrementalLinter().lint(zone, OPTS);
  assert.deepEqual(inc.findings.map(plain), full.findings.map(plain));
  await checkChain(text, [{ at: text.indexOf('host$') / text.length, del: 0, ins: 'x' }]);
});

test('a DNAME added (and removed) at the zone origin redirects names below it: the records that looked them up are checked again', async () => {
  const text = HEAD + '@ IN MX 10 mail\nmail IN A 192.0.2.10\n@ IN TXT "v=spf1 include:a.zt.test -all"\na IN TXT "v=spf1 ip4:192.0.2.1 -all"\n';
  let zone = parseZone(new SourceFile('/zt/zt.test.zone', text));
  const linter = new IncrementalLinter();
  const before = await linter.lint(zone, OPTS);
  assert.deepEqual(before.findings.map(plain), (await lintZone(zone, OPTS)).findings.map(plain));
  const line = '@ IN DNAME other.example.\n';
  const at = text.length;
  // Added at the end of the file (no record moves), then removed.
  for (const [next, change] of [
    [text + line, { start: at, end: at, newLength: line.length }],
    [text, { start: at, end: at + line.length, newLength: 0 }],
  ]) {
    zone = reparseZone(zone, new SourceFile('/zt/zt.test.zone', next), change);
    const inc = await linter.lint(zone, OPTS);
    const full = await lintZone(zone, OPTS);
    assert.deepEqual(inc.findings.map(plain), full.findings.map(plain), next === text ? 'DNAME removed' : 'DNAME added');
  }
  // With the DNAME, include:a.zt.test leads out of the workspace: the full lint says so.
  const withDname = await lintZone(parseZone(new SourceFile('/zt/zt.test.zone', text + line)), OPTS);
  assert.ok(withDname.findings.some((f) => f.rule === 'spf/too-many-lookups' && /a\.zt\.test is outside the workspace/.test(f.message)), withDname.findings.map((f) => f.rule + ': ' + f.message).join('\n'));
});

test('zone/integrity: an SOA below the zone\'s name is re-checked when the name (the first $ORIGIN) or the SOA at it changes', async () => {
  // No origin given: the $ORIGIN before the first record names the zone (ZoneRecordMeta.top, part
  // of each record's own state); a record put before it un-names it (every record is read again).
  const F = '/zt/zt.test.zone';
  let text = '$ORIGIN zt.test.\n$TTL 3600\nsub IN SOA ns1 hostmaster 1 7200 3600 1209600 300\nsub IN NS ns1\nns1 IN A 192.0.2.53\n';
  let zone = parseZone(new SourceFile(F, text));
  const linter = new IncrementalLinter();
  const said = (run) => run.findings.filter((f) => f.rule === 'zone/integrity').map((f) => f.message);
  const first = await linter.lint(zone, OPTS);
  assert.match(said(first).join('\n'), /^An SOA at sub\.zt\.test, below the top of the zone zt\.test: .*move it there/);
  const before = 'x.zt.test. IN A 192.0.2.1\n';
  const apex = '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\n';
  const steps = [
    // The zone's name no longer known: sub.zt.test holds the first SOA, the top.
    { label: 'record before $ORIGIN', start: 0, del: 0, ins: before, expect: [] },
    { label: 'that record removed', start: 0, del: before.length, ins: '', expect: [/below the top of the zone zt\.test: .*move it there/] },
    // An SOA added at the top: the finding on the one below changes (remove it, not move it).
    { label: 'SOA at the top added', start: -1, del: 0, ins: apex, expect: [/below the top of the zone zt\.test: .*remove this one/] },
  ];
  for (const s of steps) {
    const start = s.start < 0 ? text.length : s.start;
    const next = text.slice(0, start) + s.ins + text.slice(start + s.del);
    zone = reparseZone(zone, new SourceFile(F, next), { start, end: start + s.del, newLength: s.ins.length });
    text = next;
    const inc = await linter.lint(zone, OPTS);
    assert.deepEqual(inc.findings.map(plain), (await lintZone(zone, OPTS)).findings.map(plain), s.label);
    assert.deepEqual(inc.findings.map(plain), (await lintZone(parseZone(new SourceFile(F, text)), OPTS)).findings.map(plain), `${s.label}: fresh parse`);
    const got = said(inc);
    assert.equal(got.length, s.expect.length, `${s.label}: ${got.join('\n')}`);
    s.expect.forEach((re, i) => assert.match(got[i], re, s.label));
  }
});
