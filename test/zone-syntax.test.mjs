// Master-file syntax: every feature has a record that must parse and a malformed twin that must
// give zone/syntax at the exact token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEAD, parse, span, recs, oneProblem, tokText } from './helpers/zone.mjs';

test('owner, TTL, class, type and fields with exact spans', () => {
  const text = HEAD + 'www 42 IN A 192.0.2.1\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  const [r] = recs(z);
  assert.equal(r.owner, 'www.example.com.');
  assert.equal(r.ttl, 42);
  assert.equal(r.class, 'IN');
  assert.equal(r.type, 'A');
  assert.equal(r.line, 4);
  const at = (needle) => {
    const i = text.indexOf(needle, HEAD.length);
    return { start: i, end: i + needle.length };
  };
  const sp = (t) => ({ start: t.start, end: t.end });
  assert.deepEqual(sp(r.ownerTok), at('www'));
  assert.deepEqual({ ...sp(r.ttlTok), text: r.ttlTok.text }, { ...at('42'), text: '42' });
  assert.deepEqual({ ...sp(r.classTok), text: r.classTok.text }, { ...at('IN'), text: 'IN' });
  assert.deepEqual({ ...sp(r.typeTok), text: r.typeTok.text }, { ...at('A'), text: 'A' });
  assert.deepEqual(r.fields.map((f) => ({ ...sp(f), text: f.text })), [{ ...at('192.0.2.1'), text: '192.0.2.1' }]);
  assert.deepEqual(sp(r), { start: at('www').start, end: at('192.0.2.1').end });
  assert.equal(r.format, 'zone');
  assert.equal(r.file, z.file);
});

test('bad rdata for A: zone/syntax on the field', () => {
  const text = HEAD + 'www 300 IN A 192.0.2.256\n';
  oneProblem(parse(text), text, '192.0.2.256', /expected an IPv4 address/);
});

test('TTL and class in either order, class optional, TTL optional', () => {
  const text = HEAD + 'a IN 300 A 192.0.2.1\nb 301 IN A 192.0.2.2\nc 302 A 192.0.2.3\nd IN A 192.0.2.4\ne A 192.0.2.5\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  assert.deepEqual(recs(z).map((r) => [r.owner, r.ttl, r.class, tokText(r.ttlTok), tokText(r.classTok)]), [
    ['a.example.com.', 300, 'IN', '300', 'IN'],
    ['b.example.com.', 301, 'IN', '301', 'IN'],
    ['c.example.com.', 302, 'IN', '302', undefined],
    ['d.example.com.', 3600, 'IN', undefined, 'IN'],
    ['e.example.com.', 3600, 'IN', undefined, undefined],
  ]);
});

test('CLASS0 is BIND\'s "no class": the zone\'s class, with the tokens in place; a second class after it is reported', () => {
  const text = HEAD + 'a CLASS0 TXT "x"\nb CLASS0 300 MX 10 mx\nc 301 CLASS00 A 192.0.2.3\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  assert.deepEqual(recs(z).map((r) => [r.owner, r.ttl, r.class, r.type, tokText(r.ttlTok), tokText(r.classTok), r.fields.map((f) => f.text).join(' ')]), [
    ['a.example.com.', 3600, 'IN', 'TXT', undefined, 'CLASS0', '"x"'],
    ['b.example.com.', 300, 'IN', 'MX', '300', 'CLASS0', '10 mx'],
    ['c.example.com.', 301, 'IN', 'A', '301', 'CLASS00', '192.0.2.3'],
  ]);
  // BIND reads `CLASS0 300 IN` too (class 0 lets a class follow); mailzone says it cannot, on the second class.
  const t2 = HEAD + 'd CLASS0 300 IN TXT "y"\n';
  oneProblem(parse(t2), t2, 'IN', /^a second class after 'CLASS0': BIND reads CLASS0 as no class.*write the class once \(just IN\)/, { nth: 2 });
  // A class other than the zone's after it is refused by BIND as any other would be.
  const t3 = HEAD + 'e CLASS0 CH TXT "y"\n';
  oneProblem(parse(t3), t3, 'CH', /^class 'CH' differs from the zone's class IN/);
});

test("an unknown class or type: 'expected a TTL, a class or a record type'", () => {
  const text = HEAD + 'www INN A 192.0.2.1\nok A 192.0.2.2\n';
  const z = parse(text);
  oneProblem(z, text, 'INN', /^expected a TTL, a class or a record type, found 'INN'/);
  assert.equal(recs(z).length, 1, 'the next record is still read');
  assert.equal(recs(z)[0].owner, 'ok.example.com.');
});

test('TTL units: 1h30m, 1W, 2d, case-insensitive, $TTL with units', () => {
  const text = '$ORIGIN example.com.\n$TTL 1h30m\n@ SOA ns1 hm 1 2 3 4 5\na A 192.0.2.1\nb 1W A 192.0.2.1\nc 2D3h A 192.0.2.1\nd 90s A 192.0.2.1\ne 1w2d3h4m5s A 192.0.2.1\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  assert.deepEqual(z.records.map((r) => r.ttl), [5400, 5400, 604800, 183600, 90, 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5]);
});

test('bad TTL: a number without a unit after units; a repeated unit adds up (BIND bind_ttl)', () => {
  const text = HEAD + 'a 1h30 A 192.0.2.1\n';
  oneProblem(parse(text), text, '1h30', /expected a TTL, a class or a record type, found '1h30' \(a TTL is a number of seconds or units like 1h30m\)/);
  const z = parse(HEAD + '$TTL 1h1h\na A 192.0.2.1\n');
  assert.deepEqual(z.problems, []);
  assert.equal(recs(z)[0].ttl, 7200);
});

test('a TTL over 2^31-1 becomes 0 (BIND: TTL > MAXTTL); over 2^32-1 is an error', () => {
  const text = HEAD + 'a 2147483648 A 192.0.2.1\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  assert.equal(recs(z)[0].ttl, 0);
  const text2 = HEAD + 'a 4294967296 A 192.0.2.1\n';
  oneProblem(parse(text2), text2, '4294967296', /over the largest possible value/);
});

test('default TTL: $TTL, else the previous explicit TTL, else the SOA minimum for the SOA itself', () => {
  const noTtl = '$ORIGIN example.com.\n@ SOA ns1 hm 1 2 3 4 300\na A 192.0.2.1\nb 60 A 192.0.2.2\nc A 192.0.2.3\n$TTL 120\nd A 192.0.2.4\n';
  const z = parse(noTtl);
  assert.deepEqual(z.problems, []);
  // BIND: the SOA minimum becomes the default TTL when nothing else is known.
  assert.deepEqual(z.records.map((r) => [r.owner.split('.')[0], r.ttl]), [['example', 300], ['a', 300], ['b', 60], ['c', 300], ['d', 120]]);
  const rfc1035 = '$ORIGIN example.com.\n@ 500 SOA ns1 hm 1 2 3 4 300\na A 192.0.2.1\nb 60 A 192.0.2.2\nc A 192.0.2.3\n';
  assert.deepEqual(parse(rfc1035).records.map((r) => r.ttl), [500, 500, 60, 60]);
});

test('no TTL at all: one zone/syntax problem at the first record without a TTL', () => {
  const text = '$ORIGIN example.com.\na A 192.0.2.1\nb A 192.0.2.2\n';
  const z = parse(text);
  oneProblem(z, text, 'A', /no TTL/);
  assert.equal(z.records.length, 2);
});

test('blank owner inherits the previous owner (same string), ownerTok undefined', () => {
  const text = HEAD + 'mail A 192.0.2.1\n  AAAA 2001:db8::1\n\tTXT "x"\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  const [a, b, c] = recs(z);
  assert.equal(b.owner, 'mail.example.com.');
  assert.equal(c.owner, 'mail.example.com.');
  assert.equal(b.ownerTok, undefined);
  assert.equal(b.start, span(text, 'AAAA').start);
  assert.equal(a.owner, b.owner);
});

test('blank owner with no previous record: zone/syntax', () => {
  const text = '$TTL 60\n  A 192.0.2.1\n';
  oneProblem(parse(text), text, 'A', /continues the previous record's owner, but there is none/);
});

test('@, relative and absolute names, case folding, escapes in names', () => {
  const text = HEAD + '@ A 192.0.2.1\nWWW.Sub A 192.0.2.2\nabs.Example.COM. A 192.0.2.3\na\\.b A 192.0.2.4\nsp\\032ace A 192.0.2.5\n\\065bc A 192.0.2.6\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  assert.deepEqual(recs(z).map((r) => r.owner), ['example.com.', 'www.sub.example.com.', 'abs.example.com.', 'a\\.b.example.com.', 'sp\\032ace.example.com.', 'abc.example.com.']);
});

test('bad names: empty label, label over 63 bytes', () => {
  const text = HEAD + 'a..b A 192.0.2.1\n';
  oneProblem(parse(text), text, 'a..b', /bad owner name 'a\.\.b': an empty label/);
  const long = 'x'.repeat(64);
  const text2 = HEAD + `www CNAME ${long}.example.net.\n`;
  oneProblem(parse(text2), text2, `${long}.example.net.`, /longer than 63/);
});

test('$ORIGIN: relative to the current origin; missing argument is an error', () => {
  const text = HEAD + '$ORIGIN sub\nx A 192.0.2.1\n$ORIGIN deep.example.com.\ny A 192.0.2.2\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  assert.deepEqual(recs(z).map((r) => r.owner), ['x.sub.example.com.', 'y.deep.example.com.']);
  assert.equal(z.origin, 'example.com.');
  const text2 = HEAD + '$ORIGIN\nx A 192.0.2.1\n';
  const z2 = parse(text2);
  oneProblem(z2, text2, '$ORIGIN', /needs a domain name/, { nth: 1 });
  assert.equal(recs(z2)[0].owner, 'x.example.com.');
});

test('$TTL: sets the default; a bad value is reported on the value', () => {
  const text = HEAD + '$TTL 60\nx A 192.0.2.1\n';
  assert.equal(recs(parse(text))[0].ttl, 60);
  const text2 = HEAD + '$TTL soon\nx A 192.0.2.1\n';
  const z = parse(text2);
  oneProblem(z, text2, 'soon', /expected a TTL/);
  assert.equal(recs(z)[0].ttl, 3600);
});

test('unknown directive, and directives only count in column 0', () => {
  const text = HEAD + '$DATE 1\n';
  oneProblem(parse(text), text, '$DATE', /unknown directive '\$DATE'/);
  const text2 = HEAD + 'x A 192.0.2.1\n  $TTL 60\n';
  oneProblem(parse(text2), text2, '$TTL', /expected a TTL, a class or a record type, found '\$TTL'/, { nth: 1 });
});

test('parentheses join lines, with comments inside; the span ends at the closing paren', () => {
  const text = HEAD + 'k TXT ( "one" ; first\n   "two" ; second\n  )\nnext A 192.0.2.1\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  const [r, n] = recs(z);
  assert.deepEqual(r.strings.map((s) => s.value), ['one', 'two']);
  assert.equal(r.line, 4);
  assert.equal(r.end, span(text, ')').end);
  assert.equal(n.line, 7);
});

test("an unclosed '(' is reported at the paren and the following records are still read", () => {
  const text = HEAD + 'k TXT ( "one"\nnext A 192.0.2.1\nlast A 192.0.2.2\n';
  const z = parse(text);
  oneProblem(z, text, '(', /unbalanced parenthesis: '\(' on line 4 is never closed/);
  assert.deepEqual(recs(z).map((r) => r.owner), ['next.example.com.', 'last.example.com.']);
});

test("a stray ')' is reported and its record dropped, the next is read", () => {
  const text = HEAD + 'k TXT "one" )\nnext A 192.0.2.1\n';
  const z = parse(text);
  oneProblem(z, text, ')', /unbalanced parenthesis: this '\)' has no matching '\('/);
  assert.deepEqual(recs(z).map((r) => r.owner), ['next.example.com.']);
});

test('quoted strings: \\" \\; \\\\ \\DDD escapes, ; inside quotes is not a comment, several strings', () => {
  const text = HEAD + 't TXT "a\\"b" "c\\;d" "e\\\\f" "\\065\\066" "g;h" plain \\"q\\"\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  const [r] = recs(z);
  assert.deepEqual(r.strings.map((s) => s.value), ['a"b', 'c;d', 'e\\f', 'AB', 'g;h', 'plain', '"q"']);
  assert.deepEqual(r.strings.map((s) => s.quoted), [true, true, true, true, true, false, false]);
  assert.deepEqual(r.fields.map((f) => f.text), ['"a\\"b"', '"c\\;d"', '"e\\\\f"', '"\\065\\066"', '"g;h"', 'plain', '\\"q\\"']);
  assert.deepEqual({ start: r.strings[0].start, end: r.strings[0].end }, span(text, '"a\\"b"'));
});

test('an unclosed quote is reported at the string, the next line is read', () => {
  const text = HEAD + 't TXT "abc\nnext A 192.0.2.1\n';
  const z = parse(text);
  oneProblem(z, text, '"abc', /unbalanced quotes/);
  assert.deepEqual(recs(z).map((r) => r.owner), ['next.example.com.']);
});

test('a bad \\DDD escape in a string is reported on the escape', () => {
  const text = HEAD + 't TXT "ab\\300cd"\n';
  oneProblem(parse(text), text, '\\300', /over 255/);
});

test('a string over 255 bytes is not a parse error (zone/string-too-long reports it)', () => {
  const long = 'x'.repeat(300);
  const z = parse(HEAD + `t TXT "${long}"\n`);
  assert.deepEqual(z.problems, []);
  assert.equal(recs(z)[0].strings[0].value.length, 300);
});

test('non-ASCII text is stored UTF-8 encoded (value length = bytes on the wire)', () => {
  const z = parse(HEAD + 't TXT "café"\n');
  const s = recs(z)[0].strings[0];
  assert.equal(s.value, 'caf\u00c3\u00a9');
  assert.equal(s.value.length, 5);
});

test('TYPEnnn and CLASSnnn with \\# generic rdata', () => {
  const text = HEAD + 'g CLASS1 TYPE65000 \\# 3 abcdef\nh TYPE1 \\# 4 c0000201\ni TYPE16 \\# 4 03616263\nj TYPE999 \\# 0\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  const [g, h, i, j] = recs(z);
  assert.equal(g.type, 'TYPE65000');
  assert.equal(g.class, 'IN');
  assert.deepEqual(g.fields.map((f) => f.text), ['\\#', '3', 'abcdef']);
  assert.equal(h.type, 'A');
  assert.equal(i.type, 'TXT');
  assert.deepEqual(i.strings.map((s) => s.value), ['abc']);
  assert.equal(j.type, 'TYPE999');
});

test('\\# generic rdata whose length does not match', () => {
  const text = HEAD + 'g TYPE65000 \\# 4 abcdef\n';
  oneProblem(parse(text), text, 'abcdef', /3 bytes but '\\# 4' announces 4/);
});

test('meta types are refused; class mismatch is refused', () => {
  const text = HEAD + 'x AXFR foo\n';
  oneProblem(parse(text), text, 'AXFR', /cannot appear in a zone file/);
  const text2 = HEAD + 'x CH A 192.0.2.1\n';
  oneProblem(parse(text2), text2, 'CH', /differs from the zone's class IN/);
});

test('CNAME/DNAME/NS/PTR/MX/SRV: target, targetTok and preference', () => {
  const text = HEAD + 'c CNAME Target.Example.net.\nd DNAME rel\nn NS ns1\np PTR host.example.org.\nm MX 10 mail\ns._tcp SRV 5 10 443 srv\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  assert.deepEqual(recs(z).map((r) => [r.type, r.target, r.targetTok?.text, r.preference]), [
    ['CNAME', 'target.example.net.', 'Target.Example.net.', undefined],
    ['DNAME', 'rel.example.com.', 'rel', undefined],
    ['NS', 'ns1.example.com.', 'ns1', undefined],
    ['PTR', 'host.example.org.', 'host.example.org.', undefined],
    ['MX', 'mail.example.com.', 'mail', 10],
    ['SRV', 'srv.example.com.', 'srv', 5],
  ]);
  const mx = recs(z)[4];
  assert.deepEqual({ start: mx.targetTok.start, end: mx.targetTok.end }, span(text, 'mail'));
});

test('wrong field counts: missing and extra fields', () => {
  const text = HEAD + 'm MX 10\n';
  oneProblem(parse(text), text, '10', /MX record is incomplete: expected the mail exchanger name after '10'/);
  const text2 = HEAD + 'c CNAME a.example. b.example.\n';
  oneProblem(parse(text2), text2, 'b.example.', /unexpected 'b\.example\.': the CNAME record has no more fields/);
  const text3 = HEAD + 'm MX 70000 mail\n';
  oneProblem(parse(text3), text3, '70000', /preference '70000' is out of range/);
});

test('errors recover at the next record: several bad lines, all good lines read', () => {
  const text = HEAD + 'a A 1.2.3\nb A 192.0.2.2\nc MX x y\nd A 192.0.2.4\ne BOGUS 1\nf A 192.0.2.6\n';
  const z = parse(text);
  assert.equal(z.problems.length, 3);
  assert.deepEqual(z.problems.map((p) => text.slice(p.start, p.end)), ['1.2.3', 'x', 'BOGUS']);
  assert.deepEqual(recs(z).map((r) => r.owner.split('.')[0]), ['b', 'd', 'f']);
});

test('comments: suppression directives are collected with their rule IDs', () => {
  const text = HEAD + '; mailzone-disable-next-line spf/soft-all\n@ TXT "v=spf1 ~all" ; mailzone-disable dmarc/p-none\n; a plain comment\n';
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  assert.deepEqual(z.directives.map((d) => [d.kind, d.rules.map((r) => r.id), d.line]), [
    ['disable-next-line', ['spf/soft-all'], 4],
    ['disable', ['dmarc/p-none'], 5],
  ]);
  assert.equal(z.directives[0].start, span(text, '; mailzone-disable-next-line').start);
});

test('CRLF line ends and a BOM', () => {
  const text = '\ufeff$ORIGIN example.com.\r\n$TTL 60\r\nwww A 192.0.2.1\r\n  TXT "x"\r\n';
  const z = parse(text);
  // The BOM is reported (BIND refuses the zone), the rest reads as without it.
  assert.deepEqual(z.problems.map((p) => [p.rule, p.start, p.end]), [['zone/syntax', 0, 1]]);
  assert.match(z.problems[0].message, /byte-order mark/);
  assert.deepEqual(z.records.map((r) => [r.owner, r.type, r.line]), [['www.example.com.', 'A', 3], ['www.example.com.', 'TXT', 4]]);
});

test('no origin given and no $ORIGIN: names are relative to the root', () => {
  const z = engine_parse('$TTL 60\nwww A 192.0.2.1\n');
  assert.equal(z.records[0].owner, 'www.');
});

import { engine } from './helpers/zone.mjs';
function engine_parse(text) {
  return engine.parseZone(new engine.SourceFile('/ws/x', text), {});
}

test('lazy tokens: re-read from the source, cached, aligned with the record on whole corpora', async () => {
  const fs = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const files = [
    ['dnspython/tests/example', 'example.'],
    ['octodns/tests/zones/unit.tests.tst', 'unit.tests.'],
  ].map(([p, o]) => [fileURLToPath(new URL('../../shared/corpora/' + p, import.meta.url)), o]);
  const extra = HEAD + 'a IN 60 TXT ( "x\\"y" ; c\n  z ) ; end\n  300 IN MX 10 mx\n$GENERATE 1-2 g$ 30 IN CNAME t$\n';
  let checked = 0;
  for (const [path, origin] of files) {
    const z = engine.parseZone(new engine.SourceFile(path, fs.readFileSync(path, 'utf8')), { origin });
    const z2 = parse(extra);
    for (const zone of [z, z2]) {
      for (const r of zone.records) {
        const src = r.file.text;
        const toks = [r.ownerTok, r.ttlTok, r.classTok, r.typeTok, ...r.fields].filter(Boolean);
        for (const t of toks) assert.equal(t.text, src.slice(t.start, t.end));
        for (let i = 1; i < toks.length; i++) assert.ok(toks[i].start >= toks[i - 1].end || toks[i].start === r.ttlTok?.start || toks[i].start === r.classTok?.start);
        assert.ok(toks.every((t) => t.start >= r.start && t.end <= r.end), `tokens inside the record span (line ${r.line})`);
        assert.equal(engine.typeFromText(r.typeTok.text), r.type);
        if (r.ttlTok) assert.equal(engine.parseTtl(r.ttlTok.text) > 0x7fffffff ? 0 : engine.parseTtl(r.ttlTok.text), r.ttl);
        if (r.classTok) assert.equal(engine.classFromText(r.classTok.text), r.class);
        if (r.ownerTok && !r.ownerTok.text.includes('$')) assert.ok(r.owner.startsWith(r.ownerTok.text.toLowerCase().replace(/^@$/, '').replace(/\.$/, '')) || r.ownerTok.text === '@' || r.ownerTok.text.includes('\\'));
        if (r.targetTok) assert.ok(r.fields.includes(r.targetTok));
        assert.equal(r.fields, r.fields, 'cached: the same array every time');
        checked++;
      }
    }
  }
  assert.ok(checked > 200);
  const z = parse(extra);
  const [txt, mx, g1] = recs(z);
  assert.deepEqual(txt.fields.map((f) => f.text), ['"x\\"y"', 'z']);
  assert.deepEqual([txt.ttlTok.text, txt.classTok.text], ['60', 'IN']);
  assert.deepEqual([mx.ownerTok, mx.ttlTok.text, mx.classTok.text, mx.typeTok.text, mx.targetTok.text], [undefined, '300', 'IN', 'MX', 'mx']);
  assert.deepEqual([g1.ownerTok.text, g1.ttlTok.text, g1.classTok.text, g1.typeTok.text, g1.fields.map((f) => f.text), g1.targetTok.text, g1.target], ['g$', '30', 'IN', 'CNAME', ['t$'], 't$', 't1.example.com.']);
});

test('single tokens asked before the fields are cut on their own and equal the cached ones', async () => {
  const fs = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const p = fileURLToPath(new URL('../../shared/corpora/dnspython/tests/example', import.meta.url));
  const text = fs.readFileSync(p, 'utf8');
  const first = engine.parseZone(new engine.SourceFile(p, text), { origin: 'example.' });
  const again = engine.parseZone(new engine.SourceFile(p, text), { origin: 'example.' });
  const single = (r) => [r.ownerTok, r.ttlTok, r.classTok, r.typeTok, r.targetTok].map((t) => (t ? { start: t.start, end: t.end, text: t.text } : null));
  let n = 0;
  for (let i = 0; i < first.records.length; i++) {
    const before = single(first.records[i]); // no fields read yet: each token cut on its own
    void again.records[i].fields; // cached
    assert.deepEqual(before, single(again.records[i]), `record on line ${first.records[i].line}`);
    n++;
  }
  assert.ok(n > 50);
});

test('hostile input stays bounded: many unclosed parens, a huge junk token (message cut)', () => {
  const lines = [];
  for (let i = 0; i < 2000; i++) lines.push(`r${i} TXT ( "x"`);
  lines.push('last A 192.0.2.1');
  const big = HEAD + lines.join('\n') + '\n' + 'pad A 192.0.2.2\n'.repeat(20000);
  const t0 = performance.now();
  const z = parse(big);
  assert.ok(performance.now() - t0 < 5000, 'rewinds are bounded');
  assert.ok(z.problems.length >= 1 && z.problems.every((p) => p.rule === 'zone/syntax'));
  const junk = HEAD + 'x'.repeat(1_000_000) + ' A 1.2.3.4.5\nok A 192.0.2.1\n';
  const zj = parse(junk);
  assert.equal(zj.problems.length, 1);
  assert.ok(zj.problems[0].message.length < 300, zj.problems[0].message.slice(0, 100));
  assert.equal(zj.records.at(-1).owner, 'ok.example.com.');
});

test("a word where the type goes that is no type: BIND's 'unknown RR type', said so", () => {
  const text = HEAD + 'x IN FOO bar\n';
  oneProblem(parse(text), text, 'FOO', /^'FOO' is not a record type BIND knows \("unknown RR type"\), so it refuses the zone: check the spelling .* TYPEnnn/);
  const t2 = HEAD + 'y 60 SPFF "v=spf1 -all"\n';
  oneProblem(parse(t2), t2, 'SPFF', /^'SPFF' is not a record type BIND knows/);
});

test('malformed twins of the TTL/class forms: a class twice, a class out of range, TTL twice', () => {
  let text = HEAD + 'www IN IN A 192.0.2.1\n';
  oneProblem(parse(text), text, 'IN', /^expected a TTL or a record type, found 'IN'; BIND refuses to load a zone with this error, so none of its records are served$/, { nth: 3 });
  text = HEAD + 'www CLASS70000 A 192.0.2.1\n';
  oneProblem(parse(text), text, 'CLASS70000', /^expected a TTL, a class or a record type, found 'CLASS70000'; BIND refuses to load a zone with this error, so none of its records are served$/);
  text = HEAD + 'www 60 IN 70 A 192.0.2.1\n';
  oneProblem(parse(text), text, '70', /^expected a record type, found '70'; BIND refuses to load a zone with this error, so none of its records are served$/);
  const ok = parse(HEAD + 'www CLASS1 TYPE1 192.0.2.1\n');
  assert.deepEqual(ok.problems, []);
  assert.deepEqual([recs(ok)[0].class, recs(ok)[0].type], ['IN', 'A']);
});

test('a backslash at the end of a line (outside quotes) is an error at the backslash; the next line is its own record', () => {
  // BIND: the line break ends the token even after '\' ("near 'a\': syntax error").
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = HEAD + `x TXT a\\${eol}b TXT c\n`;
    const z = parse(text);
    oneProblem(z, text, '\\', /backslash at the end of a line/);
    assert.deepEqual(recs(z).map((r) => [r.owner, r.strings.map((s) => s.value)]), [['b.example.com.', ['c']]], JSON.stringify(eol));
  }
  let text = HEAD + '\\\nsub TXT a\n';
  let z = parse(text);
  oneProblem(z, text, '\\', /backslash at the end of a line/);
  assert.deepEqual(recs(z).map((r) => r.owner), ['sub.example.com.']);
  // In parentheses too (BIND reads 'a\' as the TXT string and refuses it), and at the end of the file.
  text = HEAD + 'x TXT ( a\\\n b )\ny A 192.0.2.1\n';
  z = parse(text);
  oneProblem(z, text, '\\', /backslash at the end of a line/);
  assert.deepEqual(recs(z).map((r) => r.owner), ['y.example.com.']);
  text = HEAD + 'x TXT a\\';
  oneProblem(parse(text), text, '\\', /backslash at the end of a line/);
  // Inside quotes an escaped line break is part of the string, as before.
  z = parse(HEAD + 'x TXT "a\\\nb"\n');
  assert.deepEqual(z.problems, []);
  assert.deepEqual(recs(z)[0].strings.map((s) => s.value), ['a\nb']);
});

test('a lone CR is a character inside quotes and inside a comment (only a line feed ends them), as in BIND', () => {
  let z = parse(HEAD + 'x TXT "a\rb"\n');
  assert.deepEqual(z.problems, []);
  assert.deepEqual(recs(z)[0].strings.map((s) => s.value), ['a\rb']);
  // The comment runs to the line feed: no record y.
  z = parse(HEAD + 'x A 192.0.2.2 ; c\ry A 192.0.2.3\n');
  assert.deepEqual(z.problems, []);
  assert.deepEqual(recs(z).map((r) => r.owner), ['x.example.com.']);
  // In parentheses: '"b"' after the CR is comment, also when the record's tokens are read again.
  z = parse(HEAD + 'x TXT ( "a" ; c\r "b"\n )\n');
  assert.deepEqual(z.problems, []);
  assert.deepEqual(recs(z)[0].fields.map((f) => f.text), ['"a"']);
  assert.deepEqual(recs(z)[0].strings.map((s) => s.value), ['a']);
  // A suppression comment in a CRLF file does not take the CR into its text.
  z = parse(HEAD + 'x A 192.0.2.2 ; mailzone-disable-next-line dmarc/p-none\r\ny A 192.0.2.3\r\n');
  assert.deepEqual(z.problems, []);
  assert.equal(z.directives.length, 1);
  assert.equal(z.file.text.slice(z.directives[0].start, z.directives[0].end).includes('\r'), false);
});

test('a NUL byte outside quotes is an error at the byte (BIND: unexpected token); in quotes and comments it is data', () => {
  let text = HEAD + 'x TXT a\0b\ny A 192.0.2.1\n';
  let z = parse(text);
  oneProblem(z, text, '\0', /NUL byte/);
  assert.deepEqual(recs(z).map((r) => r.owner), ['y.example.com.']);
  text = HEAD + '\0\0 A 192.0.2.1\n';
  oneProblem(parse(text), text, '\0', /NUL byte/);
  text = HEAD + 'x TXT a\\\0b\n';
  oneProblem(parse(text), text, '\0', /NUL byte/);
  z = parse(HEAD + 'x TXT "a\0b" ; c\0\n');
  assert.deepEqual(z.problems, []);
  assert.deepEqual(recs(z)[0].strings.map((s) => s.value), ['a\0b']);
});

test('out-of-zone names: a warning at the owner, and the records are left out (BIND: "ignoring out-of-zone data")', () => {
  const text = HEAD + 'a.other. A 192.0.2.1\n\tTXT "same owner, no second warning"\nb A 192.0.2.2\n$ORIGIN .\nc.other A 192.0.2.3\nd.example.com A 192.0.2.4\n$ORIGIN example.com.\na\\.example.com. A 192.0.2.5\n$GENERATE 1-3 g$.other. A 192.0.2.$\nEXAMPLE.com. TXT apex\n';
  const z = parse(text);
  assert.deepEqual(z.problems.map((p) => [p.severity, text.slice(p.start, p.end)]), [
    ['warning', 'a.other.'],
    ['warning', 'c.other'],
    ['warning', 'a\\.example.com.'],
    ['warning', 'g$.other.'],
  ]);
  assert.ok(z.problems.every((p) => p.rule === 'zone/syntax' && /outside the zone example\.com\..*BIND ignores/.test(p.message)));
  assert.deepEqual(recs(z).map((r) => r.owner), ['b.example.com.', 'd.example.com.', 'example.com.']);
});

test('out-of-zone names: the zone is the origin given, or the $ORIGIN before the first record when it is not inside it', () => {
  // A file name's guess (example.com.) against a file that starts with its own $ORIGIN: the file wins.
  let z = parse('$TTL 60\n$ORIGIN example.net.\n@ SOA ns1 hm 1 2 3 4 5\nwww A 192.0.2.1\nx.example.com. A 192.0.2.2\n');
  assert.deepEqual(z.problems.map((p) => p.message.slice(0, 40)), ["'x.example.com.' is outside the zone exa"]);
  assert.deepEqual(z.records.map((r) => r.owner), ['example.net.', 'www.example.net.']);
  // A leading $ORIGIN inside the given zone does not narrow it.
  z = parse('$ORIGIN sub.example.com.\n$TTL 60\nwww A 192.0.2.1\n$ORIGIN example.com.\n@ TXT x\n');
  assert.deepEqual(z.problems, []);
  assert.equal(z.records.length, 2);
  // A later $ORIGIN does not change the zone; $ORIGIN . at the start leaves every name in it.
  z = parse('$TTL 60\nwww A 192.0.2.1\n$ORIGIN example.org.\nx A 192.0.2.2\n');
  assert.equal(z.problems.length, 1);
  z = parse('$ORIGIN .\n$TTL 60\nexample.org A 192.0.2.1\n');
  assert.deepEqual(z.problems, []);
  // No origin known: the first $ORIGIN before any record names the zone.
  z = parse('$TTL 60\n$ORIGIN example.com.\nwww A 192.0.2.1\nx.other. A 192.0.2.2\n', { origin: undefined, originUnknown: true, path: '/ws/weird' });
  assert.deepEqual(z.problems.map((p) => p.severity), ['warning']);
  assert.deepEqual(z.records.map((r) => r.owner), ['www.example.com.']);
  // In an $INCLUDEd file, against the zone of the main file.
  z = parse(HEAD + '$INCLUDE inc.zone\n', { readFile: () => '$ORIGIN other.\nx A 192.0.2.1\ny.example.com. A 192.0.2.2\n', workspaceRoot: '/ws' });
  assert.deepEqual(z.problems.map((p) => p.severity), ['warning']);
  assert.deepEqual(recs(z).map((r) => r.owner), ['y.example.com.']);
});

test('$TTL, $ORIGIN or $GENERATE on the last line with no line break after it: an error at the directive (BIND: extra input text)', () => {
  for (const last of ['$TTL 60', '$TTL 60 ; c', '$ORIGIN sub', '$GENERATE 1-2 h$ A 192.0.2.$']) {
    const text = HEAD + 'x A 192.0.2.1\n' + last;
    const z = parse(text);
    const name = last.split(' ')[0];
    oneProblem(z, text, name, /last line of the file with no line break.*newline/, { nth: text.split(name).length - 2 });
    assert.ok(recs(z).length >= 1);
  }
  // With the line break, or another last line, or $INCLUDE: as before.
  for (const text of [HEAD + '$TTL 60\n', HEAD + '$TTL 60\r', HEAD + 'x A 192.0.2.1', HEAD + '$TTL 60\n; c']) assert.deepEqual(parse(text).problems, [], JSON.stringify(text));
  const z = parse(HEAD + '$INCLUDE inc.zone', { readFile: () => 'i A 192.0.2.1\n$TTL 5', workspaceRoot: '/ws' });
  assert.deepEqual(z.problems.map((p) => [p.file.path, p.message.slice(0, 20)]), [['/ws/inc.zone', '$TTL on the last lin']]);
});

test('quoted names: a quoted owner is the name inside the quotes (BIND); in rdata, $ORIGIN or a $GENERATE owner it is an error', () => {
  let z = parse(HEAD + '"ab" A 192.0.2.1\n"a b" A 192.0.2.2\n"a\\"b" A 192.0.2.3\n"@" TXT x\n"$TTL" 60\nq A 192.0.2.4\n');
  assert.deepEqual(z.problems, []);
  assert.deepEqual(recs(z).map((r) => [r.owner, r.ttl]), [
    ['ab.example.com.', 3600],
    ['a\\032b.example.com.', 3600],
    ['a\\"b.example.com.', 3600],
    ['example.com.', 3600],
    ['q.example.com.', 60],
  ]);
  let text = HEAD + 'x CNAME "ab"\n';
  oneProblem(parse(text), text, '"ab"', /cannot be quoted/);
  text = HEAD + 'x SOA "ns1" hm 1 2 3 4 5\n';
  oneProblem(parse(text), text, '"ns1"', /cannot be quoted/);
  text = HEAD + '$ORIGIN "sub"\n';
  oneProblem(parse(text), text, '"sub"', /cannot be quoted/);
  text = HEAD + '$GENERATE 1-2 "h$" A 192.0.2.2\n';
  oneProblem(parse(text), text, '"h$"', /cannot be quoted/);
});
