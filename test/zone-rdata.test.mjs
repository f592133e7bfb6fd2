// Per-type rdata: a valid record (with its BIND presentation from rdataText) and a malformed twin
// that gives zone/syntax on the exact field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

// Rare types as BIND 9.18 reads and prints them (`named-compilezone -o -`): [record, BIND's rdata,
// or null when BIND refuses the zone]. mailzone must print the same or report zone/syntax; with
// BIND installed the table itself is checked against it.
const RARE = [
  ["LOC 42 21 .5 N 71 06 18 E 0m", "42 21 0.500 N 71 6 18.000 E 0.00m 1m 10000m 10m"],
  ["LOC 42 21 +5 N 71 06 18 E 0m", "42 21 5.000 N 71 6 18.000 E 0.00m 1m 10000m 10m"],
  ["LOC 42 21 -0 N 71 06 18 W 0", "42 21 0.000 N 71 6 18.000 W 0.00m 1m 10000m 10m"],
  ["LOC 42 21 -1 N 71 06 18 W 0", null],
  ["LOC 42 21 59.9999 N 71 0 0 W 0", null],
  ["LOC 42 21 54 n 71 06 18 w 0m", null],
  ["LOC 90 1 0 N 71 06 18 W 0", null],
  ["LOC 90 0 0.001 N 71 06 18 W 0", null],
  ["LOC 42 21 54 N 180 0 1 W 0", null],
  ["LOC 42 21 54 N 71 06 18 W 1.", "42 21 54.000 N 71 6 18.000 W 1.00m 1m 10000m 10m"],
  ["LOC 42 21 54 N 71 06 18 W .5", "42 21 54.000 N 71 6 18.000 W 0.50m 1m 10000m 10m"],
  ["LOC 42 21 54 N 71 06 18 W +5m", "42 21 54.000 N 71 6 18.000 W 5.00m 1m 10000m 10m"],
  ["LOC 42 21 54 N 71 06 18 W -+5m", "42 21 54.000 N 71 6 18.000 W -5.00m 1m 10000m 10m"],
  ["LOC 42 21 54 N 71 06 18 W -0m", "42 21 54.000 N 71 6 18.000 W 0.00m 1m 10000m 10m"],
  ["LOC 42 21 54 N 71 06 18 W 0M", null],
  ["LOC 42 21 54 N 71 06 18 W 0 +5m .5 5.", "42 21 54.000 N 71 6 18.000 W 0.00m 5m 0.50m 5m"],
  ["LOC 42 21 54 N 71 06 18 W 0 -0", "42 21 54.000 N 71 6 18.000 W 0.00m 0.00m 10000m 10m"],
  ["LOC 42 21 54 N 71 06 18 W 0m 1.234m", null],
  ["LOC 42 21 54 N 71 06 18 W 0m 0.15m 100.5m 12345678.99m", "42 21 54.000 N 71 6 18.000 W 0.00m 0.10m 100m 10000000m"],
  ["LOC 42 21 54 N 71 06 18 W 42849672.96m", null],
  ["WKS 192.0.2.1 tcp smtp http", "192.0.2.1 6 25 80"],
  ["WKS 192.0.2.1 TCP SMTP 25 domain", "192.0.2.1 6 25 53"],
  ["WKS 192.0.2.1 udp domain ntp", "192.0.2.1 17 53 123"],
  ["WKS 192.0.2.1 icmp", "192.0.2.1 1"],
  ["WKS 192.0.2.1 tcp 25 25", "192.0.2.1 6 25"],
  ["WKS 192.0.2.1 tcp nosuchservice", null],
  ["WKS 192.0.2.1 udp ssh", null],
  ["WKS 192.0.2.1 Tcp 25", null],
  ["NSEC next", null],
  ["NSEC next A", "next.example.com. A"],
  ["URI 10 1 http://example.com/", null],
  ["URI 10 1 \"http://example.com/\"", "10 1 \"http://example.com/\""],
  ["NXT next A NS", "next.example.com. A NS"],
  ["NXT next", "next.example.com."],
  ["NXT next 1 2 127", "next.example.com. A NS 127"],
  ["NXT next NS A A nsec TYPE100", "next.example.com. A NS NSEC UINFO"],
  ["NXT next 0", null],
  ["NXT next 128", null],
  ["A6 64 ::1 prefix", "64 ::1 prefix.example.com."],
  ["A6 0 2001:DB8::1", "0 2001:db8::1"],
  ["A6 64 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff prefix", "64 ::ffff:ffff:ffff:ffff prefix.example.com."],
  ["A6 127 ::ffff prefix", "127 ::1 prefix.example.com."],
  ["A6 128 prefix", "128  prefix.example.com."],
  ["A6 129 ::1 p", null],
  ["A6 0 ::1 p", null],
  ["EID 0a0b", "0A0B"],
  ["EID 0A0B 0c", "0A0B0C"],
  ["EID 0a0", null],
  ["EID", null],
  ["NIMLOC ABCD ef", "ABCDEF"],
  ["NINFO a b", "\"a\" \"b\""],
  ["TALINK a b", "a.example.com. b.example.com."],
  ["SINK 1 2 3 AA EC", "1 2 3 AAEC"],
  ["NULL \\# 3 abcdef", "\\# 3 ABCDEF"],
  ["LOC \\# 16 00121613 89173F70 70BE6E96 00989680", "42 21 58.512 N 71 5 55.306 W 0.00m 1m 10000m 10m"],
  ["LOC \\# 16 00121613 7FFFFFFF 80000000 FFFFFFFF", "0 0 0.001 S 0 0 0.000 E 42849672.95m 1m 10000m 10m"],
  ["LOC \\# 4 01000000", "\\# 4 01000000"],
  ["LOC \\# 15 00121613 89173F70 70BE6E96 009896", null],
  ["LOC \\# 17 00121613 89173F70 70BE6E96 0098968000", null],
  ["LOC \\# 16 00A21613 89173F70 70BE6E96 00989680", null],
  ["LOC \\# 16 00121613 FFFFFFFF 70BE6E96 00989680", null],
  ["APL \\# 0", ""],
  ["APL \\# 8 000101 84C0A82001", "!1:192.168.32.1/1"],
  ["APL \\# 6 00020802FF01", "2:ff01::/8"],
  ["APL \\# 8 00010104C0A82000", null],
  ["APL \\# 9 00010105C0A8200101", null],
  ["APL \\# 7 00010104C0A820", null],
  ["IPSECKEY \\# 4 0a000002", "10 0 0 . Ag=="],
  ["IPSECKEY \\# 8 0a010002C0000226", "10 1 0 2.192.0.2 Jg=="],
  ["IPSECKEY \\# 3 0a0000", null],
  ["IPSECKEY \\# 4 0a040002", null],
  ["HIP \\# 6 01020001AA11", "2 AA EQ=="],
  ["HIP \\# 9 01020001AA11 016100", "2 AA EQ== a."],
  ["HIP \\# 5 0102000100", null],
  ["HIP \\# 8 01020001AA11 0161", null],
  ["HIP \\# 0", null],
  ["EID \\# 2 0a0b", "0A0B"],
  ["EID \\# 0", null],
  ["TALINK \\# 4 01610000", "a. ."],
];

test('rare types read and printed as BIND does: LOC number forms, WKS services, NSEC/URI/NXT/A6/EID/NIMLOC, generic LOC/APL/IPSECKEY/HIP', () => {
  const failures = [];
  for (const [rec, want] of RARE) {
    const z = parse(HEAD + `x ${rec}\n`);
    const errors = z.problems.filter((p) => p.severity === 'error');
    const got = errors.length ? null : recs(z).map((r) => engine.rdataText(r)).join(' | ');
    if (got !== want) failures.push(`${rec}: BIND ${JSON.stringify(want)}, mailzone ${got === null ? 'refuses: ' + errors[0].message : JSON.stringify(got)}`);
    if (got === null && errors.some((p) => p.rule !== 'zone/syntax')) failures.push(`${rec}: refused with ${errors[0].rule}`);
  }
  assert.deepEqual(failures, []);
});

test('the rare-type table agrees with BIND', { skip: spawnSync('named-compilezone', ['-v']).status === 0 ? false : 'named-compilezone is not installed' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-rare-'));
  const failures = [];
  RARE.forEach(([rec, want], i) => {
    const file = path.join(dir, `r${i}.zone`);
    fs.writeFileSync(file, HEAD + '@ NS ns1\nns1 A 192.0.2.1\n' + `x ${rec}\n`);
    const r = spawnSync('named-compilezone', ['-k', 'ignore', '-i', 'none', '-o', '-', 'example.com.', file], { encoding: 'latin1' });
    const line = r.status === 0 ? r.stdout.split('\n').find((l) => l.startsWith('x.example.com.')) : undefined;
    const got = r.status !== 0 ? null : line.replace(/^(\S+\s+){4}/, '').replace(/\s+$/, '');
    if (got !== want) failures.push(`${rec}: table ${JSON.stringify(want)}, BIND ${JSON.stringify(got)}`);
  });
  assert.deepEqual(failures, []);
});
