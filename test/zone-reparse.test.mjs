// reparseZone (the editor's incremental re-parse) must give exactly what a full parse of the new
// text gives: records (owner, TTL, class, type, spans, lines, tokens, strings with their source
// maps, targets, rdata), problems, suppression comments, origin. Property tests apply random
// edits (chains of them, each re-parse building on the last) to generated and corpus zones.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { engine } from './helpers/zone.mjs';

const { SourceFile, parseZone, reparseZone, reparseStats, rdataText } = engine;
const corpus = (p) => fileURLToPath(new URL('../../shared/corpora/' + p, import.meta.url));
const GEN = fileURLToPath(new URL('../../shared/bench/gen-zone.mjs', import.meta.url));

function tok(t) {
  return t === undefined ? null : [t.start, t.end, t.text];
}

/** Everything observable about a zone, with offsets, as plain data. */
function snapshot(zone) {
  return {
    origin: zone.origin,
    files: zone.files.map((f) => f.path),
    records: zone.records.map((r) => ({
      sameFile: r.file === zone.file || zone.files.indexOf(r.file) > 0,
      path: r.file.path,
      owner: r.owner,
      ttl: r.ttl,
      class: r.class,
      type: r.type,
      span: [r.start, r.end, r.line],
      format: r.format,
      origin: r.meta?.origin,
      target: r.target ?? null,
      preference: r.preference ?? null,
      strings: r.strings?.map((s) => [s.value, s.quoted, s.start, s.end, Array.from({ length: s.value.length + 1 }, (_, i) => s.sourceOffset(i))]) ?? null,
      toks: [tok(r.ownerTok), tok(r.ttlTok), tok(r.classTok), tok(r.typeTok), r.fields.map(tok), tok(r.targetTok)],
      rdata: rdataText(r),
    })),
    problems: zone.problems.map((p) => [p.rule, p.severity, p.message, p.start, p.end, p.file === zone.file ? 'main' : p.file.path]),
    directives: zone.directives.map((d) => [d.kind, d.start, d.end, d.line, d.file === zone.file ? 'main' : d.file.path, d.rules.map((r) => [r.id, r.start, r.end])]),
  };
}

function applyEdit(text, { start, end, insert }) {
  return text.slice(0, start) + insert + text.slice(end);
}

/** Applies the edits one by one with reparseZone, comparing each result with a full parse. */
function check(name, text, edits, options) {
  let zone = parseZone(new SourceFile('/ws/' + name, text), options);
  let cur = text;
  for (const e of edits) {
    const start = Math.min(e.start, cur.length);
    const end = Math.min(cur.length, start + e.del);
    const next = applyEdit(cur, { start, end, insert: e.insert });
    const file = new SourceFile('/ws/' + name, next);
    // Touch the previous zone's lazy parts first, so moved records must drop or move their caches.
    for (const r of zone.records.slice(0, 50)) void r.fields;
    const got = reparseZone(zone, file, { start, end, newLength: e.insert.length });
    const want = parseZone(new SourceFile('/ws/' + name, next), options);
    assert.equal(got.file, file);
    for (const r of got.records) assert.ok(r.file === file || got.files.includes(r.file), 'records point at the new file');
    assert.deepStrictEqual(snapshot(got), snapshot(want), `edit ${JSON.stringify({ start, end, insert: e.insert })} (${reparseStats.reason || 'incremental'})`);
    zone = got;
    cur = next;
  }
}

const PIECES = [' ', '\t', '\n', '\n', '\r\n', '\r', '(', ')', '"', ';', '\\', '$', 'a', 'Z', '1', '0', '.', '@', '-', ' IN ', ' TXT ', ' A ', ' MX 10 ', '3600 ', '"v=spf1 -all"', '\\059', 'é', '*', '_dmarc', '$TTL 60\n', '\n\tIN A 192.0.2.1'];
const insertArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((a) => a.join(''));

/** Edits biased to land inside record lines: positions are fractions of the text. */
function editsArb(len) {
  return fc.array(
    fc.record({ start: fc.nat({ max: len + 20 }), del: fc.oneof(fc.constant(0), fc.constant(1), fc.nat({ max: 12 })), insert: insertArb }),
    { minLength: 1, maxLength: 4 },
  );
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mz-reparse-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function generated(n, seed) {
  const f = path.join(tmp, `g${n}-${seed}.zone`);
  const r = spawnSync(process.execPath, [GEN, String(n), f, '--seed', String(seed)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return fs.readFileSync(f, 'utf8');
}

test('reparseZone equals a full parse after random edits of a generated zone', () => {
  const text = generated(300, 3);
  reparseStats.incremental = reparseStats.full = 0;
  fc.assert(fc.property(editsArb(text.length), (edits) => check('gen.zone', text, edits, { origin: 'example.com.' })), { numRuns: 300, seed: 42 });
  // The shortcut must actually be taken most of the time, not only the fallback.
  assert.ok(reparseStats.incremental > reparseStats.full, `incremental ${reparseStats.incremental}, full ${reparseStats.full}`);
  console.log(`# generated zone: ${reparseStats.incremental} incremental re-parses, ${reparseStats.full} full`);
});

test('reparseZone equals a full parse after random edits of corpus zones', () => {
  const files = [
    ['dnspython/tests/example', 'example.'],
    ['octodns/tests/zones/unit.tests.tst', 'unit.tests.'],
    ['octodns/tests/zones/invalid.records.tst', 'invalid.records.'],
    ['dnspython/tests/example1.good', 'example.'],
  ].filter(([p]) => fs.existsSync(corpus(p)));
  assert.ok(files.length >= 3);
  for (const [p, origin] of files) {
    const text = fs.readFileSync(corpus(p), 'utf8');
    fc.assert(fc.property(editsArb(text.length), (edits) => check(path.basename(p), text, edits, { origin })), { numRuns: 120, seed: 7 });
  }
  console.log(`# corpus zones: ${reparseStats.incremental} incremental re-parses, ${reparseStats.full} full`);
  assert.ok(reparseStats.incremental > 0);
});

test('reparseZone equals a full parse around $INCLUDE, $GENERATE, $ORIGIN and $TTL changes mid-file', () => {
  const files = {
    '/ws/sub.inc': 'inc1 IN A 192.0.2.10\n\tIN TXT "from the include"\ninc2 IN MX 5 mail\n',
  };
  const readFile = (p) => files[p];
  const text = [
    '$ORIGIN example.com.',
    '@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300',
    'a IN A 192.0.2.1',
    '\tIN TXT "v=spf1 -all"',
    'b 60 IN MX 10 mx',
    '$INCLUDE sub.inc sub',
    '\tIN A 192.0.2.2',
    'c IN CNAME a',
    '$GENERATE 1-3 g$ 300 IN A 192.0.2.$',
    'd IN TXT ( "p1" ; one',
    '  "p2" )',
    '$ORIGIN other.example.com.',
    'e IN A 192.0.2.3',
    '$TTL 120',
    'f IN AAAA 2001:db8::1',
    '\tIN TXT "x"',
    'g IN NS ns1.example.com.',
    '',
  ].join('\n');
  reparseStats.incremental = reparseStats.full = 0;
  fc.assert(fc.property(editsArb(text.length), (edits) => check('mixed.zone', text, edits, { origin: 'example.com.', readFile, workspaceRoot: '/ws' })), { numRuns: 400, seed: 11 });
  console.log(`# mixed zone: ${reparseStats.incremental} incremental re-parses, ${reparseStats.full} full`);
  assert.ok(reparseStats.incremental > 0 && reparseStats.full > 0);
});

test('reparseZone: hand-picked edits (owner change with blank-owner lines after, TTL state, parens, CRLF)', () => {
  const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n';
  const body = 'a IN A 192.0.2.1\n\tIN AAAA 2001:db8::1\n\tIN TXT "x" ; c\nb 60 IN MX 10 mx\nc IN TXT ( "p1"\n  "p2" ) ; end\nd IN CNAME c\n';
  const noTtl = '$ORIGIN example.com.\n@ 300 IN SOA ns1 hostmaster 1 7200 3600 1209600 300\nx 60 A 192.0.2.1\ny A 192.0.2.2\nz A 192.0.2.3\n';
  const crlf = (HEAD + body).replace(/\n/g, '\r\n');
  const cases = [
    [HEAD + body, [{ start: (HEAD + 'a').length - 1, del: 1, insert: 'q' }]], // owner a -> q, the blank-owner lines follow it
    [HEAD + body, [{ start: (HEAD + body).indexOf('"p1"'), del: 0, insert: '"p0" ' }]], // inside a paren group
    [HEAD + body, [{ start: (HEAD + body).indexOf(') ; end'), del: 1, insert: '' }]], // breaks the group
    [HEAD + body, [{ start: (HEAD + body).indexOf('b 60'), del: 0, insert: '(' }]],
    [HEAD + body, [{ start: (HEAD + body).indexOf('\tIN TXT'), del: 1, insert: '' }]], // a blank owner becomes an owner
    [HEAD + body, [{ start: (HEAD + body).indexOf('d IN'), del: 0, insert: '$TTL 5\n' }]], // a directive: full parse
    [noTtl, [{ start: noTtl.indexOf('60 A'), del: 2, insert: '90' }]], // the remembered TTL changes for y and z
    [noTtl, [{ start: noTtl.indexOf('y A'), del: 0, insert: 'w 10 A 192.0.2.9\n' }]],
    [crlf, [{ start: crlf.indexOf('b 60') + 9, del: 0, insert: 'x' }, { start: crlf.indexOf('c IN') + 9, del: 3, insert: '\r\n' }]],
    [HEAD + body, [{ start: (HEAD + body).length, del: 0, insert: 'e IN A 192.0.2.5\n' }]], // at the end
    [HEAD + body, [{ start: 0, del: 0, insert: '; top\n' }]], // at the start, before the directives: full parse
  ];
  const how = [];
  for (const [text, edits] of cases) {
    check('hand.zone', text, edits, { origin: 'example.com.' });
    how.push(reparseStats.reason || 'incremental');
  }
  // Edits touching directives need the full parse; the others are read incrementally.
  const dir = 'directive in the edited lines';
  assert.deepEqual(how, ['incremental', 'incremental', 'incremental', 'incremental', 'incremental', dir, 'incremental', 'incremental', 'incremental', 'incremental', dir]);
});

test('reparseZone: an unclosed parenthesis before the edit, or one right after the edited record (found by random edits)', () => {
  const HEAD = '$ORIGIN zt.test.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n';
  const spf = '@ IN TXT "v=spf1 include:_spf.example.net ~all"\n';
  const three = HEAD + spf + spf + spf;
  const line6 = HEAD.length;
  // '(' at line 6 is never closed: the reader goes on from line 7. A ')' typed at the end closes
  // it, and lines 6-8 become one record.
  const open6 = three.slice(0, line6) + '(' + three.slice(line6);
  check('paren.zone', open6, [{ start: open6.length - 1, del: 0, insert: ')' }], { origin: 'zt.test.' });
  assert.equal(reparseStats.reason, 'an unclosed parenthesis before the edit');
  // A group closed at the end of line 8 and a '(' after it that is never closed; then an edit at
  // line 6: the edited record's reader reports that '(' too, and so did the old parse.
  const both = HEAD + '(' + spf + spf + spf.slice(0, -1) + ')(\n';
  check('paren.zone', both, [{ start: line6, del: 0, insert: '~' }], { origin: 'zt.test.' });
  assert.equal(reparseStats.reason, 'a problem past the edited lines');
});

test('reparseZone reuses the records and reads only the edited one in a 100k-record zone (and is fast)', () => {
  const text = generated(100000, 1);
  const file0 = new SourceFile('/ws/big.zone', text);
  let zone = parseZone(file0, { origin: 'example.com.' });
  let cur = text;
  const times = [];
  const at = cur.indexOf('\nhost-', cur.length >> 1) + 1;
  assert.ok(at > 0);
  let before = zone.records.slice();
  for (let k = 0; k < 21; k++) {
    // Type a character into an owner name, then delete it again.
    const insert = k % 2 === 0;
    const start = at + 4;
    const change = insert ? { start, end: start, newLength: 1 } : { start, end: start + 1, newLength: 0 };
    const next = insert ? cur.slice(0, start) + 'x' + cur.slice(start) : cur.slice(0, start) + cur.slice(start + 1);
    const file = new SourceFile('/ws/big.zone', next);
    const t0 = performance.now();
    const z = reparseZone(zone, file, change);
    times.push(performance.now() - t0);
    assert.equal(reparseStats.reason, '', 'incremental');
    assert.ok(reparseStats.reparsedRecords >= 1 && reparseStats.reparsedRecords <= 3, `re-read ${reparseStats.reparsedRecords} records`);
    const reused = z.records.filter((r, i) => r === before[i]).length;
    assert.ok(reused >= z.records.length - 3, `reused ${reused} of ${z.records.length}`);
    before = z.records.slice();
    zone = z;
    cur = next;
  }
  assert.deepStrictEqual(snapshot(zone).records.length, parseZone(new SourceFile('/ws/big.zone', cur), { origin: 'example.com.' }).records.length);
  times.sort((a, b) => a - b);
  console.log(`# reparse of a one-character edit in a 100k-record zone: median ${times[10].toFixed(2)} ms (min ${times[0].toFixed(2)}, max ${times[20].toFixed(2)})`);
});

test('reparseZone: names made out of zone and back (BIND ignores those records), a backslash at a line end, a lone CR in a comment', () => {
  const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n';
  const body = 'a IN A 192.0.2.1\n\tIN TXT "x" ; c\nb 60 IN MX 10 mx\nc.other. IN TXT "y"\n\tIN A 192.0.2.2\nd IN CNAME c\n';
  const t = HEAD + body;
  const cases = [
    [t, [{ start: t.indexOf('a IN') + 1, del: 0, insert: '.other.' }]], // a and its blank-owner line leave the zone
    [t, [{ start: t.indexOf('c.other.') + 1, del: 7, insert: '' }]], // c comes back into the zone
    [t, [{ start: t.indexOf('b 60'), del: 1, insert: 'example.com.' }]],
    [t, [{ start: t.indexOf('"x"') + 3, del: 0, insert: ' \\' }]], // a backslash before the line break
    [t, [{ start: t.indexOf('"x"') + 3, del: 0, insert: ' \\' }, { start: t.indexOf('"x"') + 3, del: 2, insert: '' }]],
    [t, [{ start: t.indexOf('; c') + 3, del: 0, insert: '\rz A 192.0.2.9' }]],
  ];
  for (const [text, edits] of cases) check('ooz.zone', text, edits, { origin: 'example.com.' });
  const z = parseZone(new SourceFile('/ws/ooz.zone', t), { origin: 'example.com.' });
  assert.deepEqual(z.records.map((r) => r.owner).filter((o) => o.startsWith('c')), []);
  assert.equal(z.problems.length, 1);
});
