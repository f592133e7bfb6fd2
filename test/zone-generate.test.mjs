// $GENERATE: BIND syntax with ${offset,width,base} modifiers, bounded expansion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEAD, parse, recs, oneProblem, engine } from './helpers/zone.mjs';

test('$GENERATE with $, modifiers, step, TTL and class; records point at the directive line', () => {
  const text = HEAD + '$GENERATE 1-3 host-${0,3,d} 60 IN A 10.0.0.$\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  const rs = recs(z);
  assert.deepEqual(rs.map((r) => [r.owner, r.ttl, r.type, engine.rdataText(r), r.line]), [
    ['host-001.example.com.', 60, 'A', '10.0.0.1', 4],
    ['host-002.example.com.', 60, 'A', '10.0.0.2', 4],
    ['host-003.example.com.', 60, 'A', '10.0.0.3', 4],
  ]);
  // Tokens are the source as written: the templates.
  const lhs = text.indexOf('host-${');
  assert.deepEqual({ start: rs[0].ownerTok.start, end: rs[0].ownerTok.end, text: rs[0].ownerTok.text }, { start: lhs, end: lhs + 'host-${0,3,d}'.length, text: 'host-${0,3,d}' });
  assert.deepEqual(rs[2].fields.map((f) => [f.text, text.slice(f.start, f.end)]), [['10.0.0.$', '10.0.0.$']]);
  assert.equal(rs[0].start, text.indexOf('$GENERATE'));
  assert.equal(rs[0].end, text.indexOf('10.0.0.$') + '10.0.0.$'.length);
});

test('$GENERATE bases o x X n N, negative offsets, step, $$ and \\$ literals', () => {
  const text = HEAD + [
    '$GENERATE 10-12 o${0,3,o} CNAME t',
    '$GENERATE 10-11 x${0,2,x}-X${0,2,X} CNAME t',
    '$GENERATE 20-24/2 s$ CNAME t${-20}',
    '$GENERATE 1-1 d\\$$ CNAME t',
    '$GENERATE 1-1 e$$ CNAME t',
    '$GENERATE 255-255 ${0,0,n} PTR r.',
    '$GENERATE 10-10 ${0,5,N} PTR r.',
    '$GENERATE 10-10 ${0,3,n}.c PTR r.',
  ].join('\n') + '\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  assert.deepEqual(recs(z).map((r) => r.owner), [
    'o012.example.com.', 'o013.example.com.', 'o014.example.com.',
    'x0a-x0a.example.com.', 'x0b-x0b.example.com.',
    's20.example.com.', 's22.example.com.', 's24.example.com.',
    'd\\$1.example.com.',
    'e\\$.example.com.',
    'f.f.example.com.',
    'a.0.0.example.com.',
    'a.0.c.example.com.',
  ]);
  assert.deepEqual(recs(z).slice(5, 8).map((r) => r.target), ['t0.example.com.', 't2.example.com.', 't4.example.com.']);
});

test('$GENERATE with a quoted multi-field rdata (MX)', () => {
  const text = HEAD + '$GENERATE 1-2 m$ MX "10 mx$"\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  assert.deepEqual(recs(z).map((r) => [r.owner, r.preference, r.target]), [
    ['m1.example.com.', 10, 'mx1.example.com.'],
    ['m2.example.com.', 10, 'mx2.example.com.'],
  ]);
});

test('$GENERATE range over 65536 records: a clear zone/syntax problem, nothing generated', () => {
  const text = HEAD + '$GENERATE 0-65536 h$ A 10.0.0.1\n';
  const z = parse(text);
  oneProblem(z, text, '0-65536', /would make 65537 records; mailzone reads at most 65536/);
  assert.equal(recs(z).length, 0);
  const t0 = performance.now();
  const text2 = HEAD + '$GENERATE 0-2147483647 h$ A 10.0.0.1\n';
  oneProblem(parse(text2), text2, '0-2147483647', /would make 2147483648 records/);
  assert.ok(performance.now() - t0 < 1000, 'no expansion attempted');
  // BIND reads each number of the range as a C int: past 2147483647 it wraps, here to a negative stop.
  const text3 = HEAD + '$GENERATE 0-4000000000 h$ A 10.0.0.1\n';
  oneProblem(parse(text3), text3, '0-4000000000', /invalid \$GENERATE range .*4000000000 becomes -294967296/);
  assert.equal(recs(parse(HEAD + '$GENERATE 0-65535 h$ A 10.0.0.1\n')).length, 65536);
});

test('$GENERATE lines together are bounded per zone', () => {
  assert.equal(engine.GENERATE_TOTAL_LIMIT, 262144);
  const n = 5;
  const text = HEAD + Array.from({ length: n }, (_, i) => `$GENERATE 0-65535 h$-${i} A 10.0.0.1`).join('\n') + '\n';
  const z = parse(text);
  assert.equal(recs(z).length, 262144);
  assert.equal(z.problems.length, 1);
  assert.match(z.problems[0].message, /over 262144/);
});

test('bad $GENERATE: range syntax, reversed range, bad modifier, bad rdata reported once', () => {
  let text = HEAD + '$GENERATE 1..5 h$ A 10.0.0.$\n';
  oneProblem(parse(text), text, '1..5', /invalid \$GENERATE range '1\.\.5' \(BIND: "invalid range"\)/);
  text = HEAD + '$GENERATE 5-1 h$ A 10.0.0.$\n';
  oneProblem(parse(text), text, '5-1', /the start 5 is after the stop 1/);
  text = HEAD + '$GENERATE 1-5 h${0,3,q} A 10.0.0.$\n';
  oneProblem(parse(text), text, 'h${0,3,q}', /bad \$GENERATE modifier/);
  text = HEAD + '$GENERATE 250-260 h$ A 10.0.0.$\n';
  const z = parse(text);
  oneProblem(z, text, '10.0.0.$', /expected an IPv4 address/);
  assert.equal(recs(z).length, 6, '250..255 read, stops at the first bad value');
  text = HEAD + '$GENERATE 1-2 h$ A\n';
  oneProblem(parse(text), text, 'A', /expected the rdata template after 'A'/, { nth: 2 });
});

test('a $GENERATE whose templates are huge is refused, not expanded', () => {
  const lhs = 'h$' + 'x'.repeat(2000);
  const text = HEAD + `$GENERATE 0-65535 ${lhs} TXT "y"\n`;
  const t0 = performance.now();
  oneProblem(parse(text), text, '0-65535', /would write over/);
  assert.ok(performance.now() - t0 < 1000);
});
