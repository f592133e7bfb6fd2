// Review of the zone/* rules against BIND 9 (named-checkzone / named-compilezone): each case is
// what BIND makes of the zone text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { engine, HEAD, parse, span } from './helpers/zone.mjs';

async function lint(text, options = {}) {
  const zone = parse(text);
  const run = await engine.lintZone(zone, { options });
  assert.deepEqual(run.ruleErrors, []);
  return run.findings;
}

function only(findings, rule) {
  return findings.filter((f) => f.rule === rule);
}

test('zone/cname-and-other-data: two identical CNAMEs are one RR (BIND loads the zone): only zone/duplicate-record reports the copy', async () => {
  const text = HEAD + 'c CNAME x.example.net.\nc CNAME X.Example.NET.\n';
  const f = await lint(text);
  assert.deepEqual(only(f, 'zone/cname-and-other-data'), []);
  assert.equal(only(f, 'zone/duplicate-record').length, 1);
  // Two different targets and a copy of the first: still two CNAMEs, reported on the different one.
  const two = HEAD + 'c CNAME x.example.net.\nc CNAME x.example.net.\nc CNAME y.example.net.\n';
  const [g, ...rest] = only(await lint(two), 'zone/cname-and-other-data');
  assert.equal(rest.length, 0);
  assert.deepEqual({ start: g.start, end: g.end }, span(two, 'CNAME', 2));
  assert.match(g.message, /2 CNAME records/);
});

test('zone/cname-and-other-data: NXT beside a CNAME is "CNAME and other data" to BIND 9; KEY, SIG, NSEC, RRSIG, NSEC3 are not', async () => {
  const nxt = HEAD + 'c CNAME x.example.net.\nc NXT c.example.com. A\n';
  const [f] = only(await lint(nxt), 'zone/cname-and-other-data');
  assert.ok(f, 'NXT (obsolete, RFC 3755) may not share a name with a CNAME in BIND');
  assert.match(f.message, /NXT/);
  const ok =
    HEAD +
    'c CNAME x.example.net.\nc KEY 256 3 8 AwEAAcdpZmbq\nc NSEC c.example.com. CNAME RRSIG NSEC\n' +
    'c RRSIG CNAME 8 3 3600 20300101000000 20200101000000 12345 example.com. AwEAAcdpZmbq\n' +
    'c SIG CNAME 8 3 3600 20300101000000 20200101000000 12345 example.com. AwEAAcdpZmbq\n';
  assert.deepEqual(only(await lint(ok), 'zone/cname-and-other-data'), []);
});

test('zone/relative-target: a target written in capitals is reported too (names are case-insensitive)', async () => {
  const text = HEAD + '@ MX 10 Example-Com.Mail.Protection.Outlook.COM\nwww CNAME WEB.AMAZONSES.COM\nx CNAME MX1.DEPT\n';
  const f = only(await lint(text), 'zone/relative-target');
  assert.deepEqual(
    f.map((x) => text.slice(x.start, x.end)),
    ['Example-Com.Mail.Protection.Outlook.COM', 'WEB.AMAZONSES.COM'],
  );
});

test('zone/duplicate-record: equal rdata written differently is one RR, as BIND keeps one (RFC 2181 §5, RFC 3597 §5)', async () => {
  // Each pair: BIND's named-compilezone prints one record for it.
  const pairs = [
    ['a A 192.0.2.1', 'a TYPE1 \\# 4 C0000201'],
    ['b AAAA 2001:db8::1', 'b AAAA 2001:DB8:0::1'],
    ['c AAAA 2001:db8::1', 'c AAAA 2001:0db8:0000:0000:0000:0000:0000:0001'],
    ['d MX 10 mail', 'd MX 010 mail.example.com.'],
    ['e MX 10 mail.example.com.', 'e TYPE15 \\# 20 000a046d61696c076578616d706c6503636f6d00'],
    ['f SRV 0 5 25 mail', 'f SRV 0 05 025 MAIL.example.com.'],
    ['g CAA 0 issue "letsencrypt.org"', 'g CAA 0 issue letsencrypt.org'],
    ['h TLSA 3 1 1 ABCDEF0123456789ABCDEF0123456789', 'h TLSA 3 1 1 abcdef0123456789 abcdef0123456789'],
    ['i DNSKEY 256 3 8 AwEAAcdpZmbq', 'i DNSKEY 256 3 8 AwEA AcdpZmbq'],
    ['j CNAME web', 'j CNAME web.example.com.'],
  ];
  for (const [a, b] of pairs) {
    const text = HEAD + a + '\n' + b + '\n';
    const f = only(await lint(text), 'zone/duplicate-record');
    assert.equal(f.length, 1, `${a} / ${b}`);
    assert.equal(text.slice(f[0].start, f[0].end), b);
  }
  // Not the same RR to BIND: CAA tags and TXT strings are case-sensitive, string boundaries count.
  const distinct = [
    ['k CAA 0 issue "letsencrypt.org"', 'k CAA 0 ISSUE "letsencrypt.org"'],
    ['l TXT "a"', 'l TXT "A"'],
    ['m TXT "a\\000" "b"', 'm TXT "a" "\\000b"'],
    ['n TXT "ab"', 'n TXT "a" "b"'],
  ];
  for (const [a, b] of distinct) {
    const text = HEAD + a + '\n' + b + '\n';
    assert.deepEqual(only(await lint(text), 'zone/duplicate-record'), [], `${a} / ${b}`);
  }
});

test('zone/duplicate-record: a name with many records compares rdata the same way', async () => {
  let text = HEAD;
  for (let i = 0; i < 20; i++) text += `many A 192.0.2.${i + 1}\n`;
  text += 'many AAAA 2001:db8::1\nmany AAAA 2001:DB8:0:0::1\nmany A 192.0.2.1\nmany TYPE1 \\# 4 C0000202\n';
  const f = only(await lint(text), 'zone/duplicate-record');
  assert.deepEqual(
    f.map((x) => text.slice(x.start, x.end)),
    ['many AAAA 2001:DB8:0:0::1', 'many A 192.0.2.1', 'many TYPE1 \\# 4 C0000202'],
  );
});

test('zone/string-too-long: the docs quote what named-checkzone (BIND 9) says of a string over 255 bytes', () => {
  // BIND 9.18: "dns_rdata_fromtext: <file>:<line>: syntax error", then "not loaded due to errors".
  const { details } = engine.ruleById('zone/string-too-long').docs;
  assert.doesNotMatch(details, /string too long/);
  assert.match(details, /syntax error/);
});
