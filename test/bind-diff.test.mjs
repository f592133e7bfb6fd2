// Differential test: mailzone's zone reader against BIND's own (`named-compilezone -o -`).
// For every record: owner, TTL, class, type and the decoded TXT strings must agree; the rdata
// presentation must agree too, except for the types listed in PRESENTATION_DIFFERS.
// Where BIND 9.18 rejects a record that mailzone reads (or rejects a whole file for a reason that
// has nothing to do with reading it), the case is listed below with the reason — never skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { compiledRecords, oneCopy, multisetDiff } from './helpers/bind.mjs';

const require = createRequire(import.meta.url);
const engine = require('../dist/engine.js');
const corpus = (p) => fileURLToPath(new URL('../../shared/corpora/' + p, import.meta.url));
const GEN = fileURLToPath(new URL('../../shared/bench/gen-zone.mjs', import.meta.url));

const probe = spawnSync('named-compilezone', ['-v'], { encoding: 'utf8' });
const HAVE_BIND = probe.status === 0;
if (!HAVE_BIND) {
  console.log('# SKIPPING the BIND differential test: named-compilezone is not installed (apt-get install -y bind9-utils)');
}

/** Types whose rdata text mailzone prints differently from BIND 9.18 (compared on everything else). */
const PRESENTATION_DIFFERS = new Set([]);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-bind-diff-'));

/**
 * Inputs. `drop`: lines BIND 9.18 refuses, removed from BIND's copy (BIND fails the whole file on
 * one bad record), each with the reason and what mailzone does with that line: 'reads' (its records
 * are left out of the comparison) or 'rejects' (mailzone must report zone/syntax on that line).
 * `append`: lines added to both copies, for BIND's zone-level checks that are not about reading.
 */
const CASES = [
  {
    name: 'dnspython example',
    file: corpus('dnspython/tests/example'),
    origin: 'example.',
    drop: [
      { line: 110, mailzone: 'rejects', reason: 'NAPTR regexp "blegh" is not !regex!replacement!: BIND and mailzone both reject it' },
      { line: 183, mailzone: 'reads', reason: "NSEC3 next-hash 'alkmaao' (7 base32hex digits): BIND's decoder says 'out of range', dnspython and mailzone read 4 bytes" },
      { line: 265, mailzone: 'reads', reason: "SVCB key 'ohttp' (RFC 9540): BIND 9.18 predates it ('syntax error'); mailzone reads it as key8" },
    ],
  },
  {
    name: 'octodns unit.tests.tst',
    file: corpus('octodns/tests/zones/unit.tests.tst'),
    origin: 'unit.tests.',
    // BIND refuses to load a zone whose in-zone NS names have no address (not a reading matter).
    append: ['ns1 3600 IN A 192.0.2.1', 'ns2 3600 IN A 192.0.2.2'],
  },
  {
    name: 'octodns invalid.records.tst',
    file: corpus('octodns/tests/zones/invalid.records.tst'),
    origin: 'invalid.records.',
    append: ['ns1 3600 IN A 192.0.2.1', 'ns2 3600 IN A 192.0.2.2'],
  },
  {
    name: 'octodns invalid.zone.tst',
    file: corpus('octodns/tests/zones/invalid.zone.tst'),
    origin: 'invalid.zone.',
    // BIND refuses a zone without NS records.
    append: ['@ 3600 IN NS ns1', 'ns1 3600 IN A 192.0.2.1'],
  },
];
for (const seed of [1, 2, 3]) {
  const out = path.join(tmp, `gen-${seed}.zone`);
  CASES.push({ name: `generated zone (2000 records, seed ${seed})`, origin: 'example.com.', gen: seed, file: out });
}

/** `cwd`: where BIND looks for a relative $INCLUDE (named-checkzone reads it from its working directory). */
function runBind(origin, file, cwd = undefined) {
  const r = spawnSync('named-compilezone', ['-k', 'ignore', '-i', 'none', '-o', '-', origin, file], { encoding: 'latin1', maxBuffer: 1 << 28, cwd });
  assert.equal(r.status, 0, `named-compilezone failed on ${file}:\n${r.stdout}\n${r.stderr}`);
  return compiledRecords(r.stdout);
}

function runMailzone(file, origin) {
  const sf = new engine.SourceFile(file, fs.readFileSync(file, 'utf8'));
  const zone = engine.parseZone(sf, { origin });
  const recs = [];
  const list = engine.recordsJson(zone);
  zone.records.forEach((r, i) => {
    const j = list[i];
    const rec = { owner: j.owner, ttl: j.ttl, class: j.class, type: j.type, rdata: j.rdata, line: j.line };
    if (r.strings) rec.strings = r.strings.map((s) => s.value);
    recs.push(rec);
  });
  // The TTLs compare as recordsJson gives them: every record its RRset's TTL, as BIND does (zone/rrset-ttl.ts).
  return { zone, recs: oneCopy(recs) };
}

const key = (r, withRdata) =>
  `${r.owner} ${r.ttl} ${r.class} ${r.type}` +
  (r.strings ? ' ' + JSON.stringify(r.strings) : '') +
  (withRdata && !PRESENTATION_DIFFERS.has(r.type) ? ' | ' + r.rdata : '');

for (const c of CASES) {
  test(`BIND agrees with mailzone: ${c.name}`, { skip: HAVE_BIND ? false : 'named-compilezone is not installed' }, () => {
    if (c.gen) {
      const r = spawnSync(process.execPath, [GEN, '2000', c.file, '--seed', String(c.gen)], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
    const lines = fs.readFileSync(c.file, 'latin1').split('\n');
    const drop = new Map((c.drop ?? []).map((d) => [d.line, d]));
    const both = [...lines];
    if (c.append) {
      if (both[both.length - 1] === '') both.pop();
      both.push(`$ORIGIN ${c.origin}`, ...c.append, '');
    }
    const mineFile = path.join(tmp, `${c.name.replace(/\W+/g, '_')}.mailzone.zone`);
    const bindFile = path.join(tmp, `${c.name.replace(/\W+/g, '_')}.bind.zone`);
    fs.writeFileSync(mineFile, both.join('\n'), 'latin1');
    // Dropped lines become comments in BIND's copy so line numbers stay the same.
    fs.writeFileSync(bindFile, both.map((l, i) => (drop.has(i + 1) ? '; dropped for BIND: ' + l : l)).join('\n'), 'latin1');

    const bind = runBind(c.origin, bindFile);
    const { zone, recs } = runMailzone(mineFile, c.origin);

    // Each expected difference is checked, not just tolerated.
    for (const d of drop.values()) {
      if (d.mailzone === 'rejects') {
        assert.ok(
          zone.problems.some((p) => p.rule === 'zone/syntax' && zone.file.positionAt(p.start).line + 1 === d.line),
          `mailzone should report zone/syntax on line ${d.line} (${d.reason})`,
        );
      } else {
        assert.ok(recs.some((r) => r.line === d.line), `mailzone should read line ${d.line} (${d.reason})`);
      }
    }
    const unexpected = zone.problems.filter((p) => ![...drop.values()].some((d) => d.mailzone === 'rejects' && zone.file.positionAt(p.start).line + 1 === d.line));
    assert.deepEqual(unexpected.map((p) => `${zone.file.positionAt(p.start).line + 1}: ${p.message}`), [], 'no other problems');

    const mine = recs.filter((r) => !drop.has(r.line));
    assert.ok(bind.length > 0 && mine.length > 0);
    const d1 = multisetDiff(mine.map((r) => key(r, false)), bind.map((r) => key(r, false)));
    assert.deepEqual(d1, { onlyA: [], onlyB: [] }, 'owner, TTL, class, type and TXT strings (onlyA: mailzone only, onlyB: BIND only)');
    const d2 = multisetDiff(mine.map((r) => key(r, true)), bind.map((r) => key(r, true)));
    assert.deepEqual(d2, { onlyA: [], onlyB: [] }, 'rdata presentation (onlyA: mailzone, onlyB: BIND)');
    assert.equal(mine.length, bind.length);
  });
}

test('BIND agrees on the tricky corners: escapes, TTL forms, $GENERATE, $INCLUDE-free syntax', { skip: HAVE_BIND ? false : 'named-compilezone is not installed' }, () => {
  const text = [
    '$ORIGIN example.net.',
    '$TTL 1h30m',
    '@ IN SOA ns1 hostmaster ( 1 ; serial',
    '   2h ; refresh',
    '   3600 1W 5M )',
    '  NS ns1',
    'ns1 A 192.0.2.1',
    'Mixed.Case 300 IN TXT "a\\"b" "c\\\\d" "\\059x" "\\255" unquoted\\ word',
    'semi IN 600 TXT "v=spf1 -all" ; trailing comment',
    'paren TXT ( "one" ; comment inside',
    '   "two" )',
    'multi 1d2h TXT "x"',
    'esc\\.dot A 192.0.2.2',
    'sp\\032ace A 192.0.2.3',
    '$GENERATE 1-5 host-${0,3,d} A 10.0.0.$',
    '$GENERATE 10-14/2 gen$ CNAME host-${-9,3,d}',
    '$GENERATE 0-3 ${0,2,x}.rev PTR h${10,0,X}.example.org.',
    '$GENERATE 10-11 ${0,5,N}.nib PTR r.example.org.',
    '$GENERATE 254-255 ${0,3,n}.nib2 PTR r.example.org.',
    '$GENERATE 1-2 dollar\\$$ CNAME t',
    '$GENERATE 1-2 m$ MX "10 mx$"',
    'blank-then A 192.0.2.7',
    '   AAAA 2001:db8::7',
    '\tTXT "tab owner"',
    'class-ttl IN 42 A 192.0.2.8',
    'ch1 A \\# 4 C0000209',
    'nsec NSEC next.example.net. A NS SOA MX TXT AAAA RRSIG NSEC',
    'v6 AAAA 2001:DB8:0:0:0:0:0:1',
    'v6b AAAA ::ffff:192.0.2.1',
    'mx MX 010 mail.example.org.',
    'srv._tcp SRV 0 5 443 srv',
    'caa CAA 0 issue "letsencrypt.org; validationmethods=dns-01"',
    'tlsa._25._tcp TLSA 3 1 1 ( 0123456789abcdef0123456789abcdef',
    '   0123456789abcdef0123456789abcdef )',
    'ds DS 12345 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF',
    'generic TYPE65000 \\# 3 abcdef',
    'generic-a TYPE1 \\# 4 c0000201',
    'generic-txt TXT \\# 4 03616263',
    'svc HTTPS 1 . alpn=h3,h2 port=443 ipv4hint=192.0.2.1 ipv6hint=2001:db8::1',
    'utf8 TXT "caf\u00e9"',
    '',
  ].join('\n');
  const file = path.join(tmp, 'corners.zone');
  fs.writeFileSync(file, text, 'utf8');
  const bind = runBind('example.net.', file);
  const { zone, recs } = runMailzone(file, 'example.net.');
  assert.deepEqual(zone.problems.map((p) => p.message), []);
  assert.deepEqual(multisetDiff(recs.map((r) => key(r, true)), bind.map((r) => key(r, true))), { onlyA: [], onlyB: [] });
});

test('BIND confirms the per-type cases of zone-rdata.test.mjs: good rdata printed as expected, bad rdata refused', { skip: HAVE_BIND ? false : 'named-compilezone is not installed' }, async () => {
  const { CASES } = await import('./helpers/zone-rdata-cases.mjs');
  const head = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ NS ns1\nns1 A 192.0.2.9\n';
  const good = CASES.map((c, i) => (c[0] === 'SOA' ? '' : `x${i} ${c[0]} ${c[1]}\n`)).join('');
  const file = path.join(tmp, 'rdata-cases.zone');
  fs.writeFileSync(file, head + good);
  const shown = new Map(runBind('example.com.', file).map((r) => [r.owner, r.rdata]));
  CASES.forEach((c, i) => {
    if (c[0] === 'SOA') return;
    assert.equal(shown.get(`x${i}.example.com.`), c[2], `${c[0]} ${c[1]}`);
  });
  // Each bad twin alone: BIND refuses the file.
  for (const c of CASES) {
    const bad = path.join(tmp, 'rdata-bad.zone');
    fs.writeFileSync(bad, head + (c[0] === 'SOA' ? '' : `x ${c[0]} ${c[3]}\n`));
    if (c[0] === 'SOA') continue;
    const r = spawnSync('named-compilezone', ['-k', 'ignore', '-i', 'none', '-o', '-', 'example.com.', bad], { encoding: 'utf8' });
    assert.notEqual(r.status, 0, `BIND should refuse ${c[0]} ${c[3]}:\n${r.stdout}`);
  }
});

// Small zones on their own, each compared with BIND: BIND reads it (then mailzone reports nothing
// and reads the same records, TTLs and rdata) or BIND refuses it (then mailzone reports zone/syntax).
const L256 = 'x'.repeat(256);
const SNIPPETS = [
  // RFC 3597 generic rdata of known types: decoded like BIND, or refused when the data does not fit the type.
  'x MX \\# 3 000A00', 'x CNAME \\# 3 016100', 'x NS \\# 5 03412062 00', 'x SRV \\# 9 000100020003016100', 'x CAA \\# 4 00016161',
  'x TLSA \\# 4 03010100', 'x DS \\# 5 0001080301', 'x PTR \\# 1 00', 'x DNAME \\# 3 016200', 'x HTTPS \\# 3 000100', 'x TYPE15 \\# 3 000A00',
  'x KEY \\# 4 C000030D', 'x HINFO \\# 2 0000', 'x NAPTR \\# 8 0001000100000000', 'x RRSIG \\# 34 00010D030000012C70DBD8805E0BE10004D2076578616d706c6503636f6d00000102',
  'x NSEC \\# 4 01610000 0140', 'x NSEC3PARAM \\# 5 0100000000', 'x SSHFP \\# 22 0101 0000000000000000000000000000000000000000', 'x EUI48 \\# 6 0000000000AB',
  'x HTTPS \\# 15 0001 00 0001 0003 026832 0003 0002 01BB', 'x AAAA \\# 16 20010db8000000000000000000000001', 'x TYPE65000 \\# 2 abcd',
  'x A \\# 3 C00002', 'x A \\# 5 C000020101', 'x MX \\# 0', 'x MX \\# 4 000A0100', 'x CNAME \\# 3 c00c00', 'x NSEC \\# 1 00', 'x CAA \\# 2 0000',
  'x DNSKEY \\# 4 01010D0D', 'x SSHFP \\# 3 010201', 'x TLSA \\# 3 030101', 'x SRV \\# 6 000100020003', 'x TXT \\# 0',
  // Types without a text form: only \\# (BIND: 'unknown class/type').
  'x TYPE1234 abc', 'x TYPE1234 \\# 1 00', 'x UID 1', 'x GID 1', 'x UINFO "a"', 'x UNSPEC \\# 1 00', 'x UID \\# 4 00000001',
  // Meta types (TYPE0, TYPE128 to TYPE255) cannot be in a zone.
  'x TYPE0 \\# 0', 'x TYPE128 \\# 0', 'x TYPE200 \\# 0', 'x TYPE248 \\# 0', 'x TYPE127 \\# 0',
  // TTL units add up, in any order, repeated; a bare number may end them only after a total of 0.
  'x 1m1m A 192.0.2.2', 'x 1h1s1h A 192.0.2.2', 'x 1s1h A 192.0.2.2', 'x 0h30 A 192.0.2.2', 'x 1h30 A 192.0.2.2', '$TTL 1h1h\nx A 192.0.2.2',
  'x RRSIG A 13 3 1h 20300101000000 20200101000000 1234 example.com. AAEC',
  // Character-strings are at most 255 bytes (URI's target and CAA's value are not character-strings).
  `x HINFO "${L256}" b`, `x NAPTR 1 1 "${L256}" "" "" .`, `x ISDN "${L256}"`, `x X25 "${L256}"`, `x URI 1 1 "${L256}"`, `x CAA 0 issue "${L256}"`,
  // SVCB/HTTPS keys as BIND 9.18 reads them.
  'x HTTPS 1 . alpn= "h2"', 'x HTTPS 1 . key3=443', 'x HTTPS 1 . Port=443', 'x HTTPS 1 . mandatory=port', 'x HTTPS 1 . no-default-alpn',
  'x HTTPS 1 . ech=', 'x HTTPS 1 . mandatory=port,alpn alpn=h2 port=1', 'x HTTPS 1 . key65000=""',
  // KEY without a key only with both NOKEY flag bits; IPSECKEY needs its key.
  'x KEY 49152 3 13', 'x KEY 256 3 13', 'x IPSECKEY 10 0 0 .',
  // RRset TTLs: the first TTL of a run of one owner's records, the last run committed wins.
  'x 10 A 192.0.2.2\ny A 192.0.2.3\nx 20 A 192.0.2.4\nx 30 A 192.0.2.5',
  'x 30 A 192.0.2.2\ny A 192.0.2.3\nx 20 A 192.0.2.4',
  'x 10 A 192.0.2.2\ny A 192.0.2.3\nx 20 A 192.0.2.4\nz A 192.0.2.3\nx A 192.0.2.5',
  'x 10 A 192.0.2.2\nx 20 TXT a\nx 30 A 192.0.2.5\n$TTL 5\nx 40 A 192.0.2.6',
  'x 10 A 192.0.2.2\n$GENERATE 1-1 x A 192.0.2.$',
  '$GENERATE 1-2 x 10 A 192.0.2.$\n$GENERATE 3-3 x 20 A 192.0.2.$',
  'x 10 A 192.0.2.2\n$GENERATE 1-1 x 20 A 192.0.2.$\nx 30 A 192.0.2.3',
  'g 90 TXT own\n$GENERATE 5-6 g 85 TXT t$\nh A 192.0.2.2\n$GENERATE 1-2 h 70 A 192.0.2.$',
  // Owners are compared case-sensitively: x then X is a new block (the later one wins).
  'x 10 A 192.0.2.2\nX 20 A 192.0.2.3', 'x 10 A 192.0.2.2\nx.example.com. 20 A 192.0.2.3', 'x 10 A 192.0.2.2\n"x" 20 A 192.0.2.3',
  // Glue: the records of an NS target leave the delegation's block open; another name closes it.
  'sub 100 NS ns.sub\nns.sub 10 A 192.0.2.3\nsub 200 NS ns2.sub\nns2.sub A 192.0.2.4',
  'sub 100 NS ns.sub\nns.sub 10 A 192.0.2.3\nns2.sub 10 A 192.0.2.3\nsub 200 NS ns2.sub\nns.sub 20 A 192.0.2.4',
  '@ 60 NS ns2\nns2 A 192.0.2.2\n@ 30 NS ns3\nns3 A 192.0.2.3',
  // An owner outside the zone (dropped) still ends the block.
  'x 10 A 192.0.2.2\na.other. 40 A 192.0.2.1\nx 20 A 192.0.2.3', 'x 10 A 192.0.2.2\na.other. 40 A 192.0.2.1\n A 192.0.2.9\nx 20 A 192.0.2.3',
  // $ORIGIN and $TTL do not end a block; blank owners continue it.
  'x 10 A 192.0.2.2\n$ORIGIN example.com.\nx 20 A 192.0.2.3', 'y 10 TXT a\n IN 30 TXT b\n$TTL 5\n TXT c',
  // RRSIGs: one RRset per covered type.
  'x 10 RRSIG A 13 3 300 20300101000000 20200101000000 1234 example.com. AAEC\nx 20 RRSIG TXT 13 3 300 20300101000000 20200101000000 1234 example.com. AAEC\nx 30 RRSIG A 13 3 300 20300101000000 20200101000000 1234 example.com. AAED',
  // A backslash before a line break outside quotes escapes nothing (BIND ends the token there).
  'x TXT a\\\nb TXT c', '\\\nsub TXT a', 'x TXT a\\\r\nb TXT c', 'x TXT ( a\\\n b )', 'x TXT "a\\\nb"', 'x TXT "a\\\rb"',
  // A lone CR is a character in quotes and in a comment (only a line feed ends a comment).
  'x TXT "a\rb"', 'x A 192.0.2.2 ; c\ry A 192.0.2.3', 'x TXT ( "a" ; c\r "b"\n )',
  // NUL outside quotes is refused (in quotes and in comments it is data).
  'x TXT a\0b', 'x TXT a \0 b', 'x\0y A 192.0.2.2', 'x TXT a\\\0b', '\0', 'x A 192.0.2.2 ; c\0d', 'x TXT "a\0b"',
  // Names outside the zone (example.com.): BIND ignores their records, with a warning.
  'a.other. A 192.0.2.2', 'a.other. 60 A 192.0.2.2\n A 192.0.2.3\nb A 192.0.2.4', 'x A 192.0.2.2\n$ORIGIN .\na.other A 192.0.2.2\nx.example.com A 192.0.2.3',
  '$GENERATE 1-2 h$.other. A 192.0.2.$', 'a\\.example.com. A 192.0.2.2', 'a.example.com. A 192.0.2.2', 'EXAMPLE.COM. TXT x', 'a.other. MX x',
  '$ORIGIN other.\n$ORIGIN example.com.\nq A 192.0.2.2', 'x A 192.0.2.2\n$ORIGIN sub\ny A 192.0.2.3\n$ORIGIN com.\nz A 192.0.2.4',
  // No line break at the end of the file: BIND refuses a last line that is $TTL, $ORIGIN or $GENERATE.
  { noNewline: 'x A 192.0.2.2\n$TTL 60' }, { noNewline: 'x A 192.0.2.2\n$TTL 60 ; c' }, { noNewline: 'x A 192.0.2.2\n$ORIGIN sub' },
  { noNewline: '$GENERATE 1-2 h$ A 192.0.2.$' }, { noNewline: 'x A 192.0.2.2' }, { noNewline: 'x A 192.0.2.2 ; c' }, { noNewline: '$TTL 60\r\n' },
  // Quoted names: an owner may be quoted ("$TTL" even is the directive), a name in rdata, $ORIGIN's or a $GENERATE owner may not.
  '"ab" A 192.0.2.2', '"@" A 192.0.2.2', '"a b" A 192.0.2.2', '"a;b" A 192.0.2.2', '"a\\"b" A 192.0.2.2', '"x\\065" A 192.0.2.2', '"" A 192.0.2.2',
  'x A 192.0.2.2\n"ab" 60 IN A 192.0.2.3', '"a.other." A 192.0.2.2', '"$TTL" 60\nx A 192.0.2.2', '"$ORIGIN" sub\nx A 192.0.2.2',
  'x CNAME "ab"', 'x MX 10 "ab"', 'x NS "ab"', 'x SOA "ns1" hm 1 2 3 4 5', 'x SRV 1 2 3 "t"', '$ORIGIN "sub"\nx A 192.0.2.2', '$GENERATE 1-2 "h$" A 192.0.2.2',
];

test('BIND agrees on small zones: generic rdata, meta types, TTL units, string lengths, SvcParams, RRset TTLs', { skip: HAVE_BIND ? false : 'named-compilezone is not installed' }, () => {
  const head = '$TTL 300\n@ SOA ns1 hm 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n';
  const failures = [];
  SNIPPETS.forEach((snippet, i) => {
    // { noNewline: text }: the file ends without a line break.
    const body = typeof snippet === 'string' ? snippet : snippet.noNewline;
    const file = path.join(tmp, `snippet-${i}.zone`);
    fs.writeFileSync(file, head + body + (typeof snippet === 'string' ? '\n' : ''), 'latin1');
    const b = spawnSync('named-compilezone', ['-k', 'ignore', '-i', 'none', '-o', '-', 'example.com.', file], { encoding: 'latin1' });
    const { zone, recs } = runMailzone(file, 'example.com.');
    // BIND's one warning that is about reading: out-of-zone names are dropped with "ignoring
    // out-of-zone data"; mailzone then warns (zone/syntax, severity warning) and drops them too.
    const bindIgnores = /ignoring out-of-zone data/.test(b.stdout + b.stderr);
    const outside = zone.problems.filter((p) => p.rule === 'zone/syntax' && p.severity === 'warning' && /outside the zone/.test(p.message));
    if (b.status === 0 && bindIgnores !== outside.length > 0) failures.push(`${JSON.stringify(body)}: BIND ${bindIgnores ? 'ignores' : 'keeps'} out-of-zone data, mailzone warns ${outside.length} times`);
    const problems = zone.problems.filter((p) => !outside.includes(p)).map((p) => `${p.rule}: ${p.message}`);
    if (b.status !== 0) {
      if (!zone.problems.some((p) => p.rule === 'zone/syntax')) failures.push(`${JSON.stringify(body)}: BIND refuses it (${b.stdout.trim().split('\n')[0]}), mailzone reads it: ${recs.map((r) => r.rdata).join(' | ')}`);
      return;
    }
    if (problems.length) {
      failures.push(`${JSON.stringify(body)}: BIND reads it, mailzone reports ${JSON.stringify(problems)}`);
      return;
    }
    const d = multisetDiff(recs.map((r) => key(r, true)), runBind('example.com.', file).map((r) => key(r, true)));
    if (d.onlyA.length || d.onlyB.length) failures.push(`${JSON.stringify(body)}: mailzone ${JSON.stringify(d.onlyA)}, BIND ${JSON.stringify(d.onlyB)}`);
  });
  assert.deepEqual(failures, []);
});

// `mailzone records` against `named-compilezone -o -` on whole files: one RRset's records far apart
// in the file (the last place wins), $GENERATE records, $INCLUDE (it ends the block being read,
// entering and leaving, even for a file without records), and a zone without $TTL, where a record
// without a TTL takes the last one read after BIND's "TTL set to prior TTL" (RFC 1035 semantics).
test('mailzone records prints the TTL BIND gives each RRset, as named-compilezone -o - does', { skip: HAVE_BIND ? false : 'named-compilezone is not installed' }, () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'records-'));
  fs.writeFileSync(path.join(dir, 'part.db'), 'x 25 A 192.0.2.30\nx 26 TXT "from part"\n');
  fs.writeFileSync(path.join(dir, 'empty.db'), '; nothing here\n');
  const files = {
    'far.example.com.zone': [
      '$ORIGIN far.example.com.', '$TTL 300', '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ NS ns1', 'ns1 A 192.0.2.1',
      '@ 3600 MX 10 mail', 'mail 60 A 192.0.2.10', 'www 120 A 192.0.2.20', 'mail 600 A 192.0.2.11', 'mail 30 TXT "v=spf1 -all"',
      '@ 86400 MX 20 mail2', 'mail2 A 192.0.2.12', '@ 7200 TXT "v=spf1 mx -all"', '@ 900 MX 30 mail3', 'mail3 A 192.0.2.13', '',
    ],
    'gen.example.com.zone': [
      '$ORIGIN gen.example.com.', '$TTL 300', '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ NS ns1', 'ns1 A 192.0.2.1',
      'h1 90 A 192.0.2.99', '$GENERATE 1-3 h$ 70 A 192.0.2.$', '$GENERATE 1-2 h1 80 TXT "t$"', 'h1 95 TXT "own"',
      'h2 50 TXT "own2"', '$GENERATE 5-6 h2 85 TXT "t$"', 'h3 TXT "last"', '',
    ],
    'inc.example.com.zone': [
      '$ORIGIN inc.example.com.', '$TTL 300', '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ NS ns1', 'ns1 A 192.0.2.1',
      'x 10 A 192.0.2.2', '$INCLUDE part.db', 'x 30 A 192.0.2.4', 'x 40 TXT "after"', 'y 10 A 192.0.2.5', '$INCLUDE empty.db', 'y 20 A 192.0.2.6', '',
    ],
    'rfc1035.example.com.zone': [
      '$ORIGIN rfc1035.example.com.', '@ 300 IN SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ NS ns1', 'ns1 A 192.0.2.1',
      'x 10 A 192.0.2.2', 'x 20 A 192.0.2.3', 'y A 192.0.2.9', 'other.test. 50 A 192.0.2.1', 'z A 192.0.2.8', '',
    ],
  };
  for (const [name, lines] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, lines.join('\n'));
    const origin = name.replace(/zone$/, '');
    const bind = oneCopy(runBind(origin, file, dir));
    const cli = spawnSync(process.execPath, [fileURLToPath(new URL('../dist/cli.js', import.meta.url)), 'records', '--root', dir, file], { cwd: dir, encoding: 'utf8' });
    const mine = oneCopy(cli.stdout.trim().split('\n').map((l) => JSON.parse(l)));
    const show = (list) => list.map((r) => `${r.owner} ${r.ttl} ${r.type} ${r.rdata}`).sort();
    assert.deepEqual(show(mine), show(bind), name);
  }
  // The records keep their lines (file order); only the TTL is the RRset's.
  const out = spawnSync(process.execPath, [fileURLToPath(new URL('../dist/cli.js', import.meta.url)), 'records', path.join(dir, 'far.example.com.zone')], { encoding: 'utf8' });
  const mx = out.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.type === 'MX');
  assert.deepEqual(mx.map((r) => [r.line, r.ttl]), [[6, 900], [11, 900], [14, 900]]);
});
