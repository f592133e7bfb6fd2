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
    { numRuns: 150 },
  );
  assert.ok(reused > 0, "the cache was never used");
  assert.ok(moved > 0, "no cached finding was ever moved by an edit");
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
    { numRuns: 25 },
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
