// Per-type rdata: a valid record (with its BIND presentation from rdataText) and a malformed twin
// that gives zone/syntax on the exact field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEAD, parse, recs, oneProblem, engine } from './helpers/zone.mjs';

import { CASES } from './helpers/zone-rdata-cases.mjs';

for (const [type, good, shown, bad, badTok, re, last] of CASES) {
  test(`${type}: '${good}' reads and prints as BIND does; '${bad}' is refused`, () => {
    const text = HEAD + `x ${type} ${good}\n`;
    const z = parse(text);
    assert.deepEqual(z.problems.map((p) => p.message), []);
    const [r] = recs(z);
    assert.equal(r.type, type);
    assert.equal(engine.rdataText(r), shown);
    assert.equal(r.rdata, shown, 'cached on the record');

    const btext = HEAD + `x ${type} ${bad}\n`;
    const bz = parse(btext);
    assert.equal(recs(bz).length, 0, 'the bad record is not kept');
    if (badTok === null) oneProblem(bz, btext, type, re, { nth: type === 'SOA' ? 1 : (HEAD.match(new RegExp(type, 'g')) ?? []).length });
    else {
      const lineStart = btext.indexOf(`x ${type}`);
      const at = last ? btext.lastIndexOf(badTok) : btext.indexOf(badTok, lineStart + 2 + type.length);
      const p = bz.problems[0];
      assert.equal(bz.problems.length, 1, JSON.stringify(bz.problems.map((x) => x.message)));
      assert.equal(p.rule, 'zone/syntax');
      assert.deepEqual([p.start, p.end], [at, at + badTok.length], `flagged '${btext.slice(p.start, p.end)}': ${p.message}`);
      assert.match(p.message, re);
    }
  });
}

test('recordsJson: the shape of `mailzone records` (spec/cli.md)', () => {
  const z = parse(HEAD + 'mail 60 IN TXT "v=spf1 " "-all"\n_dmarc TXT "v=DMARC1; p=none" ; c\nx A 192.0.2.1\nu TXT "café"\n');
  const rows = engine.recordsJson(z);
  assert.deepEqual(rows[1], { owner: 'mail.example.com.', ttl: 60, class: 'IN', type: 'TXT', rdata: '"v=spf1 " "-all"', strings: ['v=spf1 ', '-all'], line: 4 });
  assert.deepEqual(Object.keys(rows[1]), ['owner', 'ttl', 'class', 'type', 'rdata', 'strings', 'line']);
  assert.deepEqual(rows[3], { owner: 'x.example.com.', ttl: 3600, class: 'IN', type: 'A', rdata: '192.0.2.1', line: 6 });
  assert.deepEqual(rows[4].strings, ['café']);
  assert.equal(rows[4].rdata, '"caf\\195\\169"');
  assert.equal(rows[0].type, 'SOA');
  assert.equal(JSON.stringify(rows[0]), '{"owner":"example.com.","ttl":3600,"class":"IN","type":"SOA","rdata":"ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300","line":3}');
});

test('rdataText: names keep their case and become absolute; TXT re-quoted with BIND escapes', () => {
  const z = parse(HEAD + 'c CNAME Mail.Example.NET\nt TXT "q\\"" back\\\\slash "\\009tab" "\\255"\n');
  const [c, t] = recs(z);
  assert.equal(engine.rdataText(c), 'Mail.Example.NET.example.com.');
  assert.equal(c.target, 'mail.example.net.example.com.');
  assert.equal(engine.rdataText(t), '"q\\"" "back\\\\slash" "\\009tab" "\\255"');
});

test('the allocation-free IPv6 check agrees with the full parser (deterministic random forms)', () => {
  let s32 = 12345;
  const rnd = (n) => {
    s32 ^= s32 << 13;
    s32 ^= s32 >>> 17;
    s32 ^= s32 << 5;
    return (s32 >>> 0) % n;
  };
  let valid = 0;
  for (let k = 0; k < 50000; k++) {
    const parts = [];
    for (let i = 0, g = 1 + rnd(9); i < g; i++) {
      let x = '';
      for (let j = 0, l = rnd(6); j < l; j++) x += '0123456789abcdefABCG'[rnd(20)];
      parts.push(x);
    }
    let s = parts.join(':');
    if (rnd(2)) {
      const p = rnd(s.length + 1);
      s = s.slice(0, p) + '::' + s.slice(p);
    }
    if (rnd(10) === 0) s += (s.endsWith(':') ? '' : ':') + '192.0.2.1';
    const full = engine.parseIpv6(s) !== undefined;
    if (full) valid++;
    assert.equal(engine.isIpv6(s), full, s);
  }
  assert.ok(valid > 1000);
});

test('generic rdata (\\# len hex) of MX, SRV, CNAME, HTTPS: decoded, with the target and preference of the text form', () => {
  const z = parse(HEAD + 'm MX \\# 8 000A 046d61696c 00\ns SRV \\# 9 0001 0002 0019 016100\nc CNAME \\# 3 016200\nh HTTPS \\# 3 000100\n');
  assert.deepEqual(z.problems.map((p) => p.message), []);
  const [m, s, c, h] = recs(z);
  assert.deepEqual([m.target, m.preference, engine.rdataText(m)], ['mail.', 10, '10 mail.']);
  assert.deepEqual([s.target, s.preference, engine.rdataText(s)], ['a.', 1, '1 2 25 a.']);
  assert.deepEqual([c.target, engine.rdataText(c)], ['b.', 'b.']);
  assert.deepEqual([h.target, h.preference, engine.rdataText(h)], ['.', 1, '1 .']);
  assert.equal(m.targetTok, undefined, 'no token of the record is the target');
  const bad = parse(HEAD + 'x MX \\# 2 000A\n');
  assert.equal(recs(bad).length, 0);
  assert.match(bad.problems[0].message, /not a valid MX record: it ends before all of the MX record's fields/);
});
