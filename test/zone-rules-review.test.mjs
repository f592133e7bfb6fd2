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
