// SPF: parser spans, every spf/* rule (triggers / stays quiet, exact range, fix result), the
// lookup tree (§4.6.4 counting), hover and completion. Zones are linted with the workspace
// resolver only (no network).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../dist/engine.js';
import { lintInWorkspace } from './helpers/zone.mjs';

const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 host 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 192.0.2.1\n';

function zoneOf(body, { path = '/ws/example.com.zone', origin = 'example.com.', head = HEAD } = {}) {
  const text = head + body;
  const file = new E.SourceFile(path, text);
  return E.parseZone(file, { origin });
}

async function lint(body, { options, zones = [], resolver, head } = {}) {
  return lintInWorkspace(zoneOf(body, { head }), { zones, resolver, options });
}

function of(findings, rule) {
  return findings.filter((f) => f.rule === rule);
}

function applyEdits(text, edits) {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The one finding of `rule`; asserts its exact range is `slice` at its first (or nth) occurrence after `after`. */
function one(r, rule, slice, { after = HEAD.length, nth = 0 } = {}) {
  const fs = of(r.findings, rule);
  assert.equal(fs.length, 1, `${rule}: expected one finding, got ${fs.map((f) => f.message).join(' | ') || 'none'}`);
  const f = fs[0];
  let at = r.text.indexOf(slice, after);
  for (let i = 0; i < nth; i++) at = r.text.indexOf(slice, at + 1);
  assert.ok(at >= 0, `slice ${slice} not in text`);
  assert.equal(r.text.slice(f.start, f.end), slice, `${rule}: range text`);
  assert.equal(f.start, at, `${rule}: start offset`);
  return f;
}

function fixed(r, f, i = 0) {
  assert.ok(f.fixes && f.fixes.length > i, `${f.rule}: has a fix`);
  return applyEdits(r.text, f.fixes[i].edits).slice(HEAD.length);
}

async function quiet(body, rule, opts) {
  const r = await lint(body, opts);
  assert.deepEqual(of(r.findings, rule).map((f) => f.message), [], `${rule} must stay quiet on: ${body}`);
}

describe('parser', () => {
  test('terms, qualifiers, values and cidr with offsets in the joined value', () => {
    const p = E.parseSpfText('v=spf1 -ip4:192.0.2.0/24 a:mail.example.com/24//64 ~include:_spf.example.net redirect=x.example.org foo=bar -all');
    assert.equal(p.versionOk, true);
    assert.deepEqual(p.terms.map((t) => [t.kind, t.name, t.qualifier ?? '']), [
      ['mechanism', 'ip4', '-'],
      ['mechanism', 'a', ''],
      ['mechanism', 'include', '~'],
      ['modifier', 'redirect', ''],
      ['modifier', 'foo', ''],
      ['mechanism', 'all', '-'],
    ]);
    const a = p.terms[1];
    assert.equal(a.domain, 'mail.example.com.');
    assert.equal(a.cidr4, 24);
    assert.equal(a.cidr6, 64);
    assert.equal(p.text.slice(a.from, a.to), 'a:mail.example.com/24//64');
    assert.equal(p.terms[0].cidr4, 24);
    assert.equal(p.allIndex, 5);
    assert.equal(p.redirect.domain, 'x.example.org.');
    assert.deepEqual(p.problems, []);
  });

  test('a term cut by a string boundary maps to both strings in the source', () => {
    const r = zoneOf('@ IN TXT "v=spf1 include:spf.prot" "ection.outlook.com -all"\n');
    const rec = r.records.find((x) => x.type === 'TXT');
    const p = E.spfOfRecord(rec);
    const t = p.terms[0];
    assert.equal(t.text, 'include:spf.protection.outlook.com');
    const span = p.span(t.from, t.to);
    assert.equal(r.file.text.slice(span.start, span.end), 'include:spf.prot" "ection.outlook.com');
  });

  test('escapes map to their source text', () => {
    const r = zoneOf('@ IN TXT "v=spf1 a\\009-all"\n');
    const rec = r.records.find((x) => x.type === 'TXT');
    const p = E.spfOfRecord(rec);
    assert.equal(p.terms.length, 1);
    assert.equal(p.problems[0].rule, 'spf/syntax');
    const s = p.span(p.problems[0].from, p.problems[0].to);
    assert.equal(r.file.text.slice(s.start, s.end), '\\009');
  });

  test('domain-spec: toplabel, macros, empty and long labels', () => {
    const bad = ['a:museum', 'a:museum.', 'a:abc.123', 'a:example.-com', 'a:example.com:8080', 'a:', 'include:', 'exists', 'a:mail.example...com', `a:${'x'.repeat(64)}.example.com`, 'include:a.example.com/24', '-all.', '-all:x', 'ptr/0', 'a/24/64', 'ip4:1.2.3.4//32', 'ip4:1.2.3.4/032', 'ip6::CAFE::BABE', '1up=foo', '=all', 'redirect:x.example.com', 'exp=', 'exists:%(ir).x.com', 'foo=%abc', 'exp=%{r}.example.com', 'a:%{a}.example.com'];
    for (const b of bad) assert.ok(E.parseSpfText('v=spf1 ' + b).problems.length > 0, `should reject ${b}`);
    const good = ['a:foo:bar/baz.example.com', 'a:foo.example.xn--zckzah', 'a//0', 'a/0', 'mx//33', 'ip6:::1.1.1.1/0', 'ip6:Cafe:Babe:8000::/33', 'exists:%{i}.%{l2r-}.user.%{d2}', 'a:macro%%percent%_%_space%-url-space.example.com', 'moo.cow-far_out=man:dog/cat', 'default=+', 'a:%{H}.bar', 'include:o.spf.example.com.'];
    for (const g of good) assert.deepEqual(E.parseSpfText('v=spf1 ' + g).problems.map((p) => p.message), [], `should accept ${g}`);
  });
});

describe('rules', () => {
  test('spf/syntax: unknown mechanism, glued all, control byte', async () => {
    let r = await lint('@ IN TXT "v=spf1 moo -all"\n');
    one(r, 'spf/syntax', 'moo');
    r = await lint('@ IN TXT "v=spf1 include:_spf.example.com~all"\n_spf IN TXT "v=spf1 -all"\n');
    const f = one(r, 'spf/syntax', '~all');
    assert.match(f.message, /glued/);
    r = await lint('@ IN TXT "v=spf1 a\\009-all"\n');
    one(r, 'spf/syntax', '\\009');
    await quiet('@ IN TXT "v=spf1 mx -all"\n@ IN MX 10 mail\nmail IN A 192.0.2.2\n', 'spf/syntax');
  });

  test('spf/invalid-ip', async () => {
    let r = await lint('@ IN TXT "v=spf1 ip4:192.0.2 -all"\n');
    one(r, 'spf/invalid-ip', '192.0.2');
    r = await lint('@ IN TXT "v=spf1 ip4:192.0.2.1/33 -all"\n');
    one(r, 'spf/invalid-ip', '/33');
    await quiet('@ IN TXT "v=spf1 ip4:192.0.2.1/32 ip6:2001:db8::/32 -all"\n', 'spf/invalid-ip');
  });

  test('spf/macro-syntax', async () => {
    const r = await lint('@ IN TXT "v=spf1 exists:%(ir).sbl.example.com -all"\n');
    one(r, 'spf/macro-syntax', '%(');
    await quiet('@ IN TXT "v=spf1 exists:%{ir}.sbl.example.com -all"\n', 'spf/macro-syntax');
  });

  test('spf/version: rewrite; case-only is a warning', async () => {
    let r = await lint('@ IN TXT "v=spf1.0 ip4:192.0.2.1 -all"\n');
    let f = one(r, 'spf/version', 'v=spf1.0');
    assert.equal(f.severity, 'error');
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
    r = await lint('@ IN TXT "V=SPF1 -all"\n');
    f = one(r, 'spf/version', 'V=SPF1');
    assert.equal(f.severity, 'warning');
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 -all"\n');
    await quiet('@ IN TXT "v=spf1 -all"\n', 'spf/version');
  });

  test('spf/multiple-records', async () => {
    const r = await lint('@ IN TXT "v=spf1 -all"\n@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n@ IN TXT "google-site-verification=x"\n');
    const fs = of(r.findings, 'spf/multiple-records');
    assert.equal(fs.length, 2);
    assert.equal(r.text.slice(fs[0].start, fs[0].end), '"v=spf1 -all"');
    await quiet('@ IN TXT "v=spf1 -all"\n@ IN TXT "google-site-verification=x"\n@ IN SPF "v=spf1 -all"\n', 'spf/multiple-records');
  });

  test('spf/type99: convert to TXT', async () => {
    const r = await lint('old IN SPF "v=spf1 -all"\n');
    const f = one(r, 'spf/type99', 'SPF', { after: HEAD.length + 4 });
    assert.equal(fixed(r, f), 'old IN TXT "v=spf1 -all"\n');
    await quiet('old IN TXT "v=spf1 -all"\n', 'spf/type99');
  });

  test('spf/plus-all, neutral-all, soft-all: change to -all', async () => {
    let r = await lint('@ IN TXT "v=spf1 ip4:192.0.2.1 all"\n');
    let f = one(r, 'spf/plus-all', 'all', { after: HEAD.length + 20 });
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
    r = await lint('@ IN TXT "v=spf1 ip4:192.0.2.1 +all"\n');
    f = one(r, 'spf/plus-all', '+all');
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
    r = await lint('@ IN TXT "v=spf1 ip4:192.0.2.1 ?all"\n');
    f = one(r, 'spf/neutral-all', '?all');
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
    assert.equal(fixed(r, f, 1), '@ IN TXT "v=spf1 ip4:192.0.2.1 ~all"\n');
    r = await lint('@ IN TXT "v=spf1 ip4:192.0.2.1 ~all"\n');
    f = one(r, 'spf/soft-all', '~all');
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
    for (const rule of ['spf/plus-all', 'spf/neutral-all', 'spf/soft-all']) await quiet('@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n', rule);
  });

  test('spf/no-all: append -all', async () => {
    const r = await lint('@ IN TXT "v=spf1 ip4:192.0.2.1"\n');
    const f = one(r, 'spf/no-all', 'v=spf1');
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
    await quiet('@ IN TXT "v=spf1 redirect=_spf.example.com"\n_spf IN TXT "v=spf1 -all"\n', 'spf/no-all');
  });

  test('spf/too-many-lookups: counted through includes; the message names the count', async () => {
    const body = '@ IN TXT "v=spf1 include:_spf.example.com a -all"\n@ IN A 192.0.2.9\n_spf IN TXT "v=spf1 a a a a a a a a a a"\n_spf IN A 192.0.2.10\n';
    const r = await lint(body);
    const f = one(r, 'spf/too-many-lookups', '"v=spf1 include:_spf.example.com a -all"');
    assert.match(f.message, /needs 12 DNS lookups \(include:_spf\.example\.com 11, a 1\)/);
    assert.equal(f.severity, 'error');
    // The include target itself has exactly 10: near the limit, not over it.
    const near = of(r.findings, 'spf/lookups-near-limit');
    assert.equal(near.length, 1);
    assert.equal(r.text.slice(near[0].start, near[0].end), '"v=spf1 a a a a a a a a a a"');
    await quiet('@ IN TXT "v=spf1 a mx -all"\n@ IN A 192.0.2.9\n@ IN MX 10 @\n', 'spf/too-many-lookups');
  });

  test('spf/too-many-lookups offline: names outside the workspace give an info lower bound, never an error', async () => {
    const r = await lint('@ IN TXT "v=spf1 include:_spf.google.com include:spf.protection.outlook.com -all"\n');
    const f = one(r, 'spf/too-many-lookups', '"v=spf1 include:_spf.google.com include:spf.protection.outlook.com -all"');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /_spf\.google\.com, spf\.protection\.outlook\.com are outside the workspace/);
    assert.match(f.message, /at least 2/);
    assert.deepEqual(of(r.findings, 'spf/include-no-spf'), []);
    assert.deepEqual(of(r.findings, 'spf/void-lookups'), []);
  });

  test('spf/lookups-near-limit', async () => {
    const r = await lint('@ IN TXT "v=spf1 a a a a a a a a -all"\n@ IN A 192.0.2.9\n');
    one(r, 'spf/lookups-near-limit', '"v=spf1 a a a a a a a a -all"');
    await quiet('@ IN TXT "v=spf1 a a a a a a a -all"\n@ IN A 192.0.2.9\n', 'spf/lookups-near-limit');
  });

  test('spf/void-lookups: NXDOMAIN and empty answers from the workspace', async () => {
    const r = await lint('@ IN TXT "v=spf1 a:gone1.example.com mx:gone2.example.com exists:empty.example.com -all"\nempty IN TXT "x"\n');
    const f = one(r, 'spf/void-lookups', '"v=spf1 a:gone1.example.com mx:gone2.example.com exists:empty.example.com -all"');
    assert.match(f.message, /^3 lookups/);
    await quiet('@ IN TXT "v=spf1 a:gone1.example.com a:gone2.example.com -all"\n', 'spf/void-lookups');
  });

  test('spf/mx-too-many', async () => {
    let mx = '';
    for (let i = 0; i < 11; i++) mx += `big IN MX ${i} mx${i}.example.net.\n`;
    const r = await lint('@ IN TXT "v=spf1 mx:big.example.com -all"\n' + mx);
    const f = one(r, 'spf/mx-too-many', 'mx:big.example.com');
    assert.match(f.message, /11 MX hosts/);
    await quiet('@ IN TXT "v=spf1 mx:big.example.com -all"\n' + mx.split('\n').slice(1).join('\n'), 'spf/mx-too-many');
  });

  test('spf/include-loop: reported once per term, walk stops; a duplicate include is not a loop', async () => {
    const r = await lint('@ IN TXT "v=spf1 include:_a.example.com -all"\n_a IN TXT "v=spf1 include:_b.example.com"\n_b IN TXT "v=spf1 include:_a.example.com"\n');
    const fs = of(r.findings, 'spf/include-loop');
    // _a → _b → _a (closing term in _b) and _b → _a → _b (closing term in _a): each term once.
    assert.deepEqual(fs.map((f) => r.text.slice(f.start, f.end)).sort(), ['include:_a.example.com', 'include:_b.example.com']);
    assert.ok(fs.every((f) => f.start > r.text.indexOf('_a IN')));
    const self = await lint('@ IN TXT "v=spf1 ip4:192.0.2.1 redirect=example.com"\n');
    one(self, 'spf/include-loop', 'redirect=example.com');
    await quiet('@ IN TXT "v=spf1 include:_a.example.com include:_a.example.com -all"\n_a IN TXT "v=spf1 -all"\n', 'spf/include-loop');
  });

  test('spf/include-no-spf: NXDOMAIN, no TXT, TXT without v=spf1', async () => {
    const r = await lint('@ IN TXT "v=spf1 include:nothing.example.com include:notspf.example.com redirect=_x.example.com"\nnotspf IN TXT "v=spfl not spf"\n_x IN A 192.0.2.3\n');
    const fs = of(r.findings, 'spf/include-no-spf');
    assert.deepEqual(fs.map((f) => r.text.slice(f.start, f.end)), ['include:nothing.example.com', 'include:notspf.example.com', 'redirect=_x.example.com']);
    assert.match(fs[0].message, /does not exist/);
    assert.match(fs[1].message, /none is an SPF record/);
    await quiet('@ IN TXT "v=spf1 include:_spf.example.com -all"\n_spf IN TXT "v=spf1 -all"\n', 'spf/include-no-spf');
  });

  test('spf/ptr: remove the term', async () => {
    const r = await lint('@ IN TXT "v=spf1 ptr ip4:192.0.2.1 -all"\n');
    const f = one(r, 'spf/ptr', 'ptr');
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
    await quiet('@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n', 'spf/ptr');
  });

  test('spf/after-all: unnecessary, removed', async () => {
    const r = await lint('@ IN TXT "v=spf1 -all ip4:192.0.2.1"\n');
    const f = one(r, 'spf/after-all', 'ip4:192.0.2.1');
    assert.deepEqual(f.tags, ['unnecessary']);
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 -all"\n');
    await quiet('@ IN TXT "v=spf1 ip4:192.0.2.1 -all exp=explain.example.com"\n', 'spf/after-all');
  });

  test('spf/redirect-with-all: remove the redirect', async () => {
    const r = await lint('@ IN TXT "v=spf1 ip4:192.0.2.1 redirect=_spf.example.com -all"\n_spf IN TXT "v=spf1 -all"\n');
    const f = one(r, 'spf/redirect-with-all', 'redirect=_spf.example.com');
    assert.deepEqual(f.tags, ['unnecessary']);
    assert.equal(fixed(r, f).split('\n')[0], '@ IN TXT "v=spf1 ip4:192.0.2.1 -all"');
    await quiet('@ IN TXT "v=spf1 ip4:192.0.2.1 redirect=_spf.example.com"\n_spf IN TXT "v=spf1 -all"\n', 'spf/redirect-with-all');
  });

  test('spf/duplicate-modifier', async () => {
    const r = await lint('@ IN TXT "v=spf1 exp=a.example.com exp=b.example.com -all"\n');
    one(r, 'spf/duplicate-modifier', 'exp=b.example.com');
    await quiet('@ IN TXT "v=spf1 exp=a.example.com -all"\n', 'spf/duplicate-modifier');
  });

  test('spf/duplicate-term: remove the repeat', async () => {
    const r = await lint('@ IN TXT "v=spf1 ip4:192.0.2.1 ip4:192.0.2.1 -all"\n');
    const f = one(r, 'spf/duplicate-term', 'ip4:192.0.2.1', { nth: 1 });
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
    await quiet('@ IN TXT "v=spf1 ip4:192.0.2.1 -ip4:192.0.2.2 -all"\n', 'spf/duplicate-term');
  });

  test('spf/ip-host-bits: use the network address (v4 and v6)', async () => {
    let r = await lint('@ IN TXT "v=spf1 ip4:192.0.2.10/24 -all"\n');
    let f = one(r, 'spf/ip-host-bits', '192.0.2.10/24');
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 ip4:192.0.2.0/24 -all"\n');
    r = await lint('@ IN TXT "v=spf1 ip6:2001:db8::1/32 -all"\n');
    f = one(r, 'spf/ip-host-bits', '2001:db8::1/32');
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 ip6:2001:db8::/32 -all"\n');
    await quiet('@ IN TXT "v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.10 -all"\n', 'spf/ip-host-bits');
  });

  test('spf/split-mangled: glued terms, a cut term, the version; re-split at a space', async () => {
    let r = await lint('@ IN TXT "v=spf1 ip4:192.0.2.1" "ip4:192.0.2.2 -all"\n');
    let f = one(r, 'spf/split-mangled', 'ip4:192.0.2.1" "ip4:192.0.2.2');
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 ip4:192.0.2.1 " "ip4:192.0.2.2 -all"\n');
    r = await lint('@ IN TXT "v=spf1 ip4:192.0.2.1 include:spf.prot" " ection.outlook.com -all"\n');
    f = one(r, 'spf/split-mangled', 'include:spf.prot" " ection.outlook.com');
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 ip4:192.0.2.1 " "include:spf.protection.outlook.com -all"\n');
    r = await lint('@ IN TXT "v=spf1" "ip4:192.0.2.1 -all"\n');
    f = one(r, 'spf/split-mangled', 'v=spf1" "ip4:192.0.2.1');
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 " "ip4:192.0.2.1 -all"\n');
    // A cut inside a term that the join restores is fine.
    await quiet('@ IN TXT "v=spf1 ip4:192.0.2.1 include:spf.protection.outl" "ook.com -all"\n', 'spf/split-mangled');
    await quiet('@ IN TXT "v=spf1 ip4:192.0.2.1 " "ip4:192.0.2.2 -all"\n', 'spf/split-mangled');
  });

  test('spf/record-too-long', async () => {
    const ips = Array.from({ length: 40 }, (_, i) => `ip4:192.0.2.${i + 1}`);
    const s1 = 'v=spf1 ' + ips.slice(0, 20).join(' ') + ' ';
    const s2 = ips.slice(20).join(' ') + ' -all';
    const r = await lint(`@ IN TXT "${s1}" "${s2}"\n`);
    one(r, 'spf/record-too-long', `"${s1}" "${s2}"`);
    await quiet('@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n', 'spf/record-too-long');
  });

  test('spf/sender-id: delete the record', async () => {
    const r = await lint('@ IN TXT "spf2.0/pra ip4:192.0.2.1 -all"\n@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
    const f = one(r, 'spf/sender-id', '"spf2.0/pra ip4:192.0.2.1 -all"');
    assert.equal(fixed(r, f), '@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
    await quiet('@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n', 'spf/sender-id');
  });

  test('spf/unknown-modifier: info, with a typo hint', async () => {
    const r = await lint('@ IN TXT "v=spf1 ip4:192.0.2.1 redirct=_spf.example.com"\n');
    const f = one(r, 'spf/unknown-modifier', 'redirct');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /Did you mean `redirect=`/);
    await quiet('@ IN TXT "v=spf1 ip4:192.0.2.1 exp=explain.example.com -all"\n', 'spf/unknown-modifier');
  });

  test('spf/non-mail-domain: null MX, replace with v=spf1 -all', async () => {
    const r = await lint('www IN MX 0 .\nwww IN TXT "v=spf1 ~all"\nwww IN A 192.0.2.5\n');
    const f = one(r, 'spf/non-mail-domain', '"v=spf1 ~all"');
    assert.equal(fixed(r, f).split('\n')[1], 'www IN TXT "v=spf1 -all"');
    await quiet('www IN MX 0 .\nwww IN TXT "v=spf1 -all"\n', 'spf/non-mail-domain');
    // An include target is not a mail domain of its own.
    await quiet('@ IN MX 10 mail\nmail IN A 192.0.2.2\n@ IN TXT "v=spf1 include:spf.example.com -all"\nspf IN TXT "v=spf1 ip4:192.0.2.1 -all"\n', 'spf/non-mail-domain');
  });

  test('spf/m365-include-missing: add the include; off with m365=false', async () => {
    const body = '@ IN MX 0 example-com.mail.protection.outlook.com.\n@ IN TXT "v=spf1 ip4:192.0.2.1 -all"\n';
    const r = await lint(body);
    const f = one(r, 'spf/m365-include-missing', 'v=spf1');
    assert.equal(fixed(r, f).split('\n')[1], '@ IN TXT "v=spf1 ip4:192.0.2.1 include:spf.protection.outlook.com -all"');
    await quiet(body, 'spf/m365-include-missing', { options: { m365: false } });
    await quiet('@ IN MX 0 example-com.mail.protection.outlook.com.\n@ IN TXT "v=spf1 include:spf.protection.outlook.com -all"\n', 'spf/m365-include-missing');
    // No SPF at all: the finding is on the MX and the fix adds a record.
    const r2 = await lint('@ IN MX 0 example-com.mail.protection.outlook.com.\n');
    const f2 = one(r2, 'spf/m365-include-missing', '@ IN MX 0 example-com.mail.protection.outlook.com.');
    assert.match(fixed(r2, f2), /\nexample\.com\. IN TXT "v=spf1 include:spf\.protection\.outlook\.com -all"\n/);
  });

  test('every catalog SPF rule is registered with docs', () => {
    const ids = E.allRules.filter((r) => r.id.startsWith('spf/')).map((r) => r.id).sort();
    const expected = ['after-all', 'duplicate-modifier', 'duplicate-term', 'include-loop', 'include-no-spf', 'invalid-ip', 'ip-host-bits', 'lookups-near-limit', 'm365-include-missing', 'macro-syntax', 'multiple-records', 'mx-too-many', 'neutral-all', 'no-all', 'non-mail-domain', 'plus-all', 'ptr', 'record-too-long', 'redirect-with-all', 'sender-id', 'soft-all', 'split-mangled', 'syntax', 'too-many-lookups', 'type99', 'unknown-modifier', 'version', 'void-lookups'].map((x) => 'spf/' + x);
    assert.deepEqual(ids, expected.sort());
    for (const r of E.allRules.filter((x) => x.id.startsWith('spf/'))) {
      assert.ok(r.docs.summary.length > 10 && r.docs.details.includes('RFC'), `${r.id} docs`);
    }
  });
});

describe('shared parses', () => {
  test('records with the same SPF text but other string splits keep their own ranges', async () => {
    const r = await lint('a IN TXT "v=spf1 ip4:192.0.2.10/24 -all"\nb IN TXT "v=spf1 ip4:192.0.2.1" "0/24 -all"\nc IN TXT "v=spf1 ip4:192.0.2.10/24 -all"\n');
    const fs = of(r.findings, 'spf/ip-host-bits');
    assert.deepEqual(fs.map((f) => r.text.slice(f.start, f.end)), ['192.0.2.10/24', '192.0.2.1" "0/24', '192.0.2.10/24']);
    assert.equal(fs[0].start, r.text.indexOf('192.0.2.10/24'));
    assert.equal(fs[2].start, r.text.lastIndexOf('192.0.2.10/24'));
    const mangled = of(r.findings, 'spf/split-mangled');
    assert.deepEqual(mangled.map((f) => r.text.slice(f.start, f.end)), [], 'a cut inside an address is not a glue or a space cut');
  });
});

describe('lookup tree', () => {
  async function treeOf(body, extraZones = []) {
    const zone = zoneOf(body);
    const ws = new E.Workspace();
    ws.set(zone);
    for (const z of extraZones) ws.set(z);
    const rec = zone.records.find((r) => r.type === 'TXT' && r.owner === 'example.com.');
    return E.spfLookupTree(rec, { resolver: new E.WorkspaceResolver(ws), workspace: ws });
  }

  test('names are listed in the order of the record and its includes (depth first), whatever order the answers arrive in', async () => {
    const t = await treeOf(
      '@ IN TXT "v=spf1 include:_a.example.com a:noaddr.example.com mx:nomx.example.com include:x.example.net -all"\n' +
        '_a IN TXT "v=spf1 include:y.example.org a:gone.example.com ~all"\n' +
        'noaddr IN TXT "no address here"\nnomx IN A 192.0.2.3\n',
    );
    assert.deepEqual(t.unresolved.map((u) => u.name), ['y.example.org.', 'x.example.net.']);
    assert.deepEqual(t.voidNodes.map((n) => n.label), ['a:gone.example.com', 'a:noaddr.example.com', 'mx:nomx.example.com']);
    assert.deepEqual(t.root.children.map((c) => [c.label, c.cost]), [['include:_a.example.com', 3], ['a:noaddr.example.com', 1], ['mx:nomx.example.com', 1], ['include:x.example.net', 1]]);
    assert.equal(t.total, 6);
    assert.equal(t.complete, false);
  });

  test('a tree built from the workspace alone needs no promise per term, and a lookup error is a node problem', async () => {
    const zone = zoneOf('@ IN TXT "v=spf1 include:_i.example.com include:boom.example.net -all"\n_i IN TXT "v=spf1 a -all"\n_i IN A 192.0.2.8\n');
    const ws = new E.Workspace();
    ws.set(zone);
    const inner = new E.WorkspaceResolver(ws);
    let asked = 0;
    const resolver = {
      lookupSync: (n, ty) => (n.startsWith('boom.') ? undefined : inner.lookupSync(n, ty)),
      lookup: async (n) => {
        asked++;
        throw new Error(`no server for ${n}`);
      },
    };
    const rec = zone.records.find((r) => r.type === 'TXT' && r.owner === 'example.com.');
    const t = await E.spfLookupTree(rec, { resolver, workspace: ws });
    assert.equal(asked, 1, 'only the name the workspace cannot answer goes to lookup');
    assert.deepEqual(t.root.children.map((c) => [c.label, c.cost, c.problem ?? '']), [['include:_i.example.com', 2, ''], ['include:boom.example.net', 1, 'error']]);
    assert.match(t.root.children[1].detail, /lookup error — no server for boom\.example\.net\./);
    assert.deepEqual(t.unresolved.map((u) => [u.name, u.status]), [['boom.example.net.', 'error']]);
  });

  test('costs: include/a/mx/ptr/exists/redirect cost one; ip4/ip6/all/exp nothing; mx hosts are free', async () => {
    let mx = '';
    for (let i = 0; i < 5; i++) mx += `@ IN MX ${i} mx${i}\nmx${i} IN A 192.0.2.${i + 10}\n`;
    const t = await treeOf('@ IN TXT "v=spf1 ip4:192.0.2.1 ip6:2001:db8::1 mx a ptr exists:e.example.com include:_i.example.com exp=x.example.com -all"\n@ IN A 192.0.2.9\ne IN A 127.0.0.2\n_i IN TXT "v=spf1 a -all"\n_i IN A 192.0.2.8\n' + mx);
    assert.equal(t.complete, true);
    assert.deepEqual(t.root.children.map((c) => [c.label, c.cost]), [['mx', 1], ['a', 1], ['ptr', 1], ['exists:e.example.com', 1], ['include:_i.example.com', 2]]);
    assert.equal(t.root.children[0].mxHosts, 5);
    assert.equal(t.total, 6);
  });

  test('a duplicate include counts twice and is not a loop; terms after all and a redirect beside all cost nothing', async () => {
    const t = await treeOf('@ IN TXT "v=spf1 include:_i.example.com include:_i.example.com redirect=_i.example.com -all a"\n_i IN TXT "v=spf1 ip4:192.0.2.1 -all"\n');
    assert.equal(t.total, 2);
    assert.equal(t.loops.length, 0);
  });

  test('a macro term costs one and is not followed; the total is then a lower bound', async () => {
    const t = await treeOf('@ IN TXT "v=spf1 include:%{l}._spf.example.com exists:%{i}.x.example.com -all"\n');
    assert.equal(t.total, 2);
    assert.equal(t.complete, false);
    assert.equal(t.root.children[0].problem, 'macro');
    assert.equal(t.root.children[0].children.length, 0);
  });

  test('a loop is reported once and stops the walk', async () => {
    const t = await treeOf('@ IN TXT "v=spf1 include:_a.example.com -all"\n_a IN TXT "v=spf1 include:_b.example.com a"\n_b IN TXT "v=spf1 include:_a.example.com"\n_a IN A 192.0.2.1\n');
    assert.equal(t.loops.length, 1);
    assert.match(t.loops[0].detail, /example\.com → _a\.example\.com → _b\.example\.com → _a\.example\.com/);
    assert.equal(t.total, 4);
  });

  test('answers across workspace zones say where they came from; other names are unresolved', async () => {
    const other = zoneOf('_spf IN TXT "v=spf1 a mx -all"\n_spf IN A 198.51.100.1\n_spf IN MX 10 _spf\n', { path: '/ws/example.net.zone', origin: 'example.net.', head: '$ORIGIN example.net.\n@ IN SOA ns1 host 1 2 3 4 5\n' });
    const t = await treeOf('@ IN TXT "v=spf1 include:_spf.example.net include:_spf.elsewhere.org -all"\n', [other]);
    const [inc, out] = t.root.children;
    assert.equal(inc.source, 'workspace');
    assert.equal(inc.where.file, '/ws/example.net.zone');
    assert.equal(inc.cost, 3);
    assert.equal(out.source, 'unresolved');
    assert.equal(t.complete, false);
    assert.deepEqual(t.unresolved.map((u) => u.name), ['_spf.elsewhere.org.']);
    const text = E.formatSpfTree(t);
    assert.match(text, /include:_spf\.example\.net {2}3 \(branch\) — example\.net\.zone:3/);
    assert.match(text, /Total: at least 4 of 10 DNS lookups \(lower bound: could not resolve _spf\.elsewhere\.org\)/);
  });

  test('a huge include graph is cut off, never hangs', async () => {
    let body = '@ IN TXT "v=spf1 include:l0.example.com -all"\n';
    for (let i = 0; i < 30; i++) body += `l${i} IN TXT "v=spf1 include:l${i + 1}.example.com include:l${i + 1}.example.com"\n`;
    body += 'l30 IN TXT "v=spf1 -all"\n';
    const t0 = Date.now();
    const t = await treeOf(body);
    assert.ok(Date.now() - t0 < 5000);
    assert.equal(t.truncated, true);
    assert.equal(t.complete, false);
    assert.ok(t.total > 10);
  });
});

describe('hover and completion', () => {
  function ctxFor(zone) {
    const ws = new E.Workspace();
    ws.set(zone);
    return { zone, workspace: ws, resolver: new E.WorkspaceResolver(ws), options: {} };
  }

  test('hover on v=spf1 shows the tree with branch costs and the total', async () => {
    const zone = zoneOf('@ IN TXT "v=spf1 include:_spf.example.com mx -all"\n@ IN MX 10 mail\nmail IN A 192.0.2.2\n_spf IN TXT "v=spf1 a a -all"\n_spf IN A 192.0.2.3\n');
    const rec = zone.records.find((r) => r.type === 'TXT' && r.owner === 'example.com.');
    const at = zone.file.text.indexOf('v=spf1 include');
    const h = await E.spfFeatures.hover(rec, at + 2, ctxFor(zone));
    assert.equal(zone.file.text.slice(h.start, h.end), 'v=spf1');
    assert.match(h.markdown, /include:_spf\.example\.com {2}3 \(branch\)/);
    assert.match(h.markdown, /Total: 4 of 10 DNS lookups\./);
    assert.match(h.markdown, /Everyone else: \*\*fail\*\*/);
  });

  test('hover on v=spf1: a permerror on the path of unlisted senders (loop, no SPF at an include, over 10 lookups) is what they get, not the all', async () => {
    const cases = [
      ['@ IN TXT "v=spf1 include:_a.example.com -all"\n_a IN TXT "v=spf1 include:example.com -all"\n', /Everyone else: \*\*permerror\*\* — .*loop/],
      ['@ IN TXT "v=spf1 ip4:192.0.2.1 include:_none.example.com -all"\n_none IN TXT "hello"\n', /Everyone else: \*\*permerror\*\* — `include:_none\.example\.com`/],
      ['@ IN TXT "v=spf1 a:a1.example.com a:a2.example.com a:a3.example.com a:a4.example.com a:a5.example.com a:a6.example.com a:a7.example.com a:a8.example.com a:a9.example.com a:a10.example.com a:a11.example.com -all"\n' +
        Array.from({ length: 11 }, (_, i) => `a${i + 1} IN A 192.0.2.${i + 1}\n`).join(''), /Everyone else: \*\*permerror\*\* — 11 DNS lookups, over the 10 allowed/],
    ];
    for (const [body, want] of cases) {
      const zone = zoneOf(body);
      const rec = zone.records.find((r) => r.type === 'TXT' && r.owner === 'example.com.');
      const h = await E.spfFeatures.hover(rec, zone.file.text.indexOf('v=spf1') + 2, ctxFor(zone));
      assert.match(h.markdown, want, h.markdown);
      assert.doesNotMatch(h.markdown, /Everyone else: \*\*fail\*\*/);
    }
  });

  test('hover on a term: meaning, cost, qualifier', async () => {
    const zone = zoneOf('@ IN TXT "v=spf1 ~include:_spf.example.com -all"\n_spf IN TXT "v=spf1 a -all"\n_spf IN A 192.0.2.3\n');
    const rec = zone.records.find((r) => r.type === 'TXT' && r.owner === 'example.com.');
    const at = zone.file.text.indexOf('include:_spf');
    const h = await E.spfFeatures.hover(rec, at + 3, ctxFor(zone));
    assert.equal(zone.file.text.slice(h.start, h.end), '~include:_spf.example.com');
    assert.match(h.markdown, /include — another domain's SPF policy/);
    assert.match(h.markdown, /\*\*softfail\*\*/);
    assert.match(h.markdown, /This branch:\*\* 2 lookups/);
  });

  test('completion of mechanisms, qualifiers and modifiers inside an SPF string', () => {
    const zone = zoneOf('@ IN TXT "v=spf1 ip4:192.0.2.1 -"\n');
    const rec = zone.records.find((r) => r.type === 'TXT');
    const at = zone.file.text.indexOf(' -"') + 2;
    const items = E.spfFeatures.complete(rec, at, ctxFor(zone));
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('include:') && labels.includes('-all') && !labels.includes('~all'), labels.join(','));
    assert.equal(items.find((i) => i.label === '-all').insertText, 'all');
    assert.equal(items[0].replaceStart, at);
    const at2 = zone.file.text.indexOf('ip4:');
    const items2 = E.spfFeatures.complete(rec, at2, ctxFor(zone));
    assert.ok(items2.some((i) => i.label === 'redirect=') && items2.some((i) => i.label === '~'));
  });

  test('completion never glues text onto a term: no qualifier before a term that has one, nothing inside a term', () => {
    const zone = zoneOf('@ IN TXT "v=spf1 ip4:192.0.2.1 include:_spf.example.net -all"\n');
    const rec = zone.records.find((r) => r.type === 'TXT');
    const t = zone.file.text;
    // Before `-all`: mechanisms (with a space after them) but no `+`, `~` …, which would make `+-all`.
    const before = E.spfFeatures.complete(rec, t.indexOf('-all'), ctxFor(zone)).map((i) => i.label);
    assert.ok(before.includes('include:') && !before.some((l) => /^[+\-~?]$/.test(l)), before.join(','));
    // Between the qualifier and `all`, and inside `include`: nothing (`~aall`, `include:…clude:`).
    assert.deepEqual(E.spfFeatures.complete(rec, t.indexOf('-all') + 1, ctxFor(zone)), []);
    assert.deepEqual(E.spfFeatures.complete(rec, t.indexOf('include:') + 2, ctxFor(zone)), []);
    // At the end of a word the word is completed as before.
    const end = E.spfFeatures.complete(rec, t.indexOf('include:') + 0, ctxFor(zone)).map((i) => i.label);
    assert.ok(end.includes('~'), end.join(','));
  });
});
