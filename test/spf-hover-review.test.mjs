// Review of the SPF hovers and completions against RFC 7208: every hover says what the term means,
// its default (qualifier, prefix lengths), what it costs and what it does in this record (after
// `all`, a second modifier, a syntax error); the record hover gives the effective result; a record
// only reached through `include:` says its `all` does not end the including record's evaluation.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../dist/engine.js';

const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 host 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 192.0.2.1\n';

function setup(body, owner = 'example.com.') {
  const text = HEAD + body;
  const zone = E.parseZone(new E.SourceFile('/ws/example.com.zone', text), { origin: 'example.com.' });
  const ws = new E.Workspace();
  ws.set(zone);
  const ctx = { zone, workspace: ws, resolver: new E.WorkspaceResolver(ws), options: {} };
  const rec = zone.records.find((r) => r.type === 'TXT' && r.owner === owner);
  assert.ok(rec, `a TXT record at ${owner}`);
  return { text, zone, ctx, rec };
}

/** The hover on the first occurrence of `needle` after the zone head (cursor one char in). */
async function hoverOn(body, needle, { owner, nth = 0 } = {}) {
  const s = setup(body, owner);
  let at = s.text.indexOf(needle, HEAD.length);
  for (let i = 0; i < nth; i++) at = s.text.indexOf(needle, at + 1);
  assert.ok(at >= 0, needle);
  const h = await E.spfFeatures.hover(s.rec, at + 1, s.ctx);
  assert.ok(h, `a hover on ${needle}`);
  return { ...h, range: s.text.slice(h.start, h.end) };
}

function completeAt(body, marker) {
  const s = setup(body.replace('|', ''));
  const found = s.text.indexOf(marker.replace('|', ''), HEAD.length);
  assert.ok(found >= 0, marker);
  const at = found + marker.indexOf('|');
  const text = s.text;
  return { items: E.spfFeatures.complete(s.rec, at, s.ctx) ?? [], at, text };
}

describe('term hovers', () => {
  test('a macro in exp= costs no lookup (§4.6.4: exp is fetched after evaluation), so the hover does not say mailzone counts one', async () => {
    const h = await hoverOn('@ IN TXT "v=spf1 mx -all exp=%{l}.explain.example.com"\n', 'exp=');
    assert.doesNotMatch(h.markdown, /counts one lookup/);
    assert.match(h.markdown, /no lookup counted/);
  });

  test('include:%{d}… names one domain at lint time: the hover says it is followed as that name, not that it cannot be (§7.3)', async () => {
    const h = await hoverOn('@ IN TXT "v=spf1 include:%{d}._spf.example.com -all"\n', 'include:');
    assert.doesNotMatch(h.markdown, /cannot follow/);
    assert.match(h.markdown, /example\.com\._spf\.example\.com/);
  });

  test('the macros of a term are explained letter by letter (§7.2)', async () => {
    const h = await hoverOn('@ IN TXT "v=spf1 exists:%{ir}.%{v}._spf.%{d2} -all"\n', 'exists:');
    assert.match(h.markdown, /`%\{ir\}`.*IP address.*reversed/i);
    assert.match(h.markdown, /`%\{v\}`.*in-addr.*ip6/);
    assert.match(h.markdown, /`%\{d2\}`.*domain.*2/);
    assert.match(h.markdown, /only known when a message arrives/);
  });

  test('an unknown modifier with a syntax error is a permerror, not ignored (§4.6.1, §7.1)', async () => {
    const body = '@ IN TXT "v=spf1 mx foo=%{x} 1foo=bar bar=ok -all"\n';
    for (const needle of ['foo=%', '1foo']) {
      const h = await hoverOn(body, needle);
      assert.match(h.markdown, /permerror/, needle);
      assert.doesNotMatch(h.markdown, /Receivers ignore/, needle);
    }
    const ok = await hoverOn(body, 'bar=ok');
    assert.match(ok.markdown, /Receivers ignore/);
  });

  test('a second redirect= is a permerror (§6); a redirect= beside all is ignored (§6.1)', async () => {
    const two = await hoverOn('@ IN TXT "v=spf1 mx redirect=_a.example.com redirect=_b.example.com"\n', 'redirect=_b');
    assert.match(two.markdown, /more than once|second/i);
    assert.match(two.markdown, /permerror/);
    const withAll = await hoverOn('@ IN TXT "v=spf1 mx redirect=_a.example.com ~all"\n_a IN TXT "v=spf1 -all"\n', 'redirect=');
    assert.match(withAll.markdown, /Ignored here/);
    assert.match(withAll.markdown, /§6\.1/);
  });

  test('any mechanism after all is never evaluated (§5.1), not only the ones that look up DNS', async () => {
    const h = await hoverOn('@ IN TXT "v=spf1 mx -all ip4:192.0.2.9"\n', 'ip4:');
    assert.match(h.markdown, /Never evaluated/);
  });

  test('prefix lengths: the defaults /32 and /128 and a dual-cidr a/24//64 are spelled out (§5.3, §5.6)', async () => {
    const body = '@ IN TXT "v=spf1 a/24//64 mx ip4:192.0.2.1 ip6:2001:db8::1 ip4:198.51.100.0/24 -all"\n@ IN A 192.0.2.7\n@ IN MX 10 mail\nmail IN A 192.0.2.8\n';
    const a = await hoverOn(body, 'a/24');
    assert.match(a.markdown, /\/24.*IPv4/);
    assert.match(a.markdown, /\/64.*IPv6/);
    const mx = await hoverOn(body, 'mx ');
    assert.match(mx.markdown, /\/32/);
    assert.match(mx.markdown, /\/128/);
    const ip4 = await hoverOn(body, 'ip4:192');
    assert.match(ip4.markdown, /\/32/);
    const ip6 = await hoverOn(body, 'ip6:');
    assert.match(ip6.markdown, /\/128/);
    const net = await hoverOn(body, 'ip4:198');
    assert.match(net.markdown, /\/24/);
    assert.match(net.markdown, /256 addresses/);
  });

  test('a, mx and exists say that an empty answer is a void lookup, of which receivers allow 2 (§4.6.4)', async () => {
    for (const needle of ['a:', 'mx:', 'exists:']) {
      const h = await hoverOn('@ IN TXT "v=spf1 a:h.example.com mx:h.example.com exists:h.example.com -all"\nh IN A 192.0.2.5\n', needle);
      assert.match(h.markdown, /void lookup/, needle);
    }
  });

  test('+all: the hover says it lets every server send as the domain (§5.1, §8.3)', async () => {
    const h = await hoverOn('@ IN TXT "v=spf1 mx +all"\n', '+all');
    assert.match(h.markdown, /every server|any server/i);
    const r = await hoverOn('@ IN TXT "v=spf1 mx +all"\n', 'v=spf1');
    assert.match(r.markdown, /Everyone else: \*\*pass\*\*/);
    assert.match(r.markdown, /any server|every server/i);
  });
});

describe('record hovers: the effective result', () => {
  test('a record with a syntax error gives permerror for every sender, whatever its all says (§4.6)', async () => {
    const h = await hoverOn('@ IN TXT "v=spf1 ip4:192.0.2 -all"\n', 'v=spf1');
    assert.match(h.markdown, /permerror/);
    assert.doesNotMatch(h.markdown, /Everyone else: \*\*fail\*\*/);
  });

  test('a second redirect= makes the whole record a permerror (§6)', async () => {
    const h = await hoverOn('@ IN TXT "v=spf1 redirect=_a.example.com redirect=_b.example.com"\n_a IN TXT "v=spf1 -all"\n_b IN TXT "v=spf1 -all"\n', 'v=spf1');
    assert.match(h.markdown, /permerror/);
  });

  test('more than 2 void lookups: the record hover says receivers return permerror (§4.6.4)', async () => {
    const h = await hoverOn('@ IN TXT "v=spf1 a:x1.example.com a:x2.example.com a:x3.example.com -all"\n', 'v=spf1');
    assert.match(h.markdown, /3 void lookups/);
    assert.match(h.markdown, /permerror/);
  });

  test('two SPF records at the name: receivers return permerror (§4.5)', async () => {
    const h = await hoverOn('@ IN TXT "v=spf1 mx -all"\n@ IN TXT "v=spf1 a -all"\n', 'v=spf1');
    assert.match(h.markdown, /2 SPF records/);
    assert.match(h.markdown, /permerror/);
  });

  test('a record of type SPF (99) has no effect: receivers read TXT only (§3.1)', async () => {
    const text = HEAD + '@ IN SPF "v=spf1 -all"\n';
    const zone = E.parseZone(new E.SourceFile('/ws/example.com.zone', text), { origin: 'example.com.' });
    const ws = new E.Workspace();
    ws.set(zone);
    const rec = zone.records.find((r) => r.type === 'SPF');
    const h = await E.spfFeatures.hover(rec, text.indexOf('v=spf1') + 1, { zone, workspace: ws, resolver: new E.WorkspaceResolver(ws), options: {} });
    assert.match(h.markdown, /type SPF \(99\).*no effect/);
  });

  test('no all and no redirect: neutral (§4.7)', async () => {
    const h = await hoverOn('@ IN TXT "v=spf1 mx"\n', 'v=spf1');
    assert.match(h.markdown, /\*\*neutral\*\*/);
    assert.match(h.markdown, /§4\.7/);
  });

  test('a record only reached through include: its all does not end the including record\'s evaluation ("not match", §5.2)', async () => {
    const body = '@ IN TXT "v=spf1 include:_spf.example.com -all"\n_spf IN TXT "v=spf1 ip4:192.0.2.1 ~all"\n';
    const v = await hoverOn(body, 'v=spf1', { owner: '_spf.example.com.', nth: 1 });
    assert.match(v.markdown, /include:/);
    assert.match(v.markdown, /example\.com/);
    assert.match(v.markdown, /not match|no match/);
    assert.match(v.markdown, /§5\.2/);
    const all = await hoverOn(body, '~all', { owner: '_spf.example.com.' });
    assert.match(all.markdown, /not match|no match/);
    assert.match(all.markdown, /goes on/);
  });

  test('a record reached through redirect= gives its result to the redirecting domain (§6.1)', async () => {
    const body = '@ IN TXT "v=spf1 redirect=_spf.example.com"\n_spf IN TXT "v=spf1 ip4:192.0.2.1 -all"\n';
    const v = await hoverOn(body, 'v=spf1', { owner: '_spf.example.com.', nth: 1 });
    assert.match(v.markdown, /redirect=/);
    assert.doesNotMatch(v.markdown, /include:/);
    assert.match(v.markdown, /its result is their result/);
  });
});

describe('completion', () => {
  test('ptr is not offered: RFC 7208 §5.5 says it SHOULD NOT be published; +all is not either', () => {
    const { items } = completeAt('@ IN TXT "v=spf1 mx |"\n', 'mx |');
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('include:') && labels.includes('-all'), labels.join(','));
    assert.ok(!labels.includes('ptr') && !labels.includes('+all'), labels.join(','));
  });

  test('after all no mechanism is offered (never evaluated, §5.1) and no redirect= (ignored, §6.1); exp= still is', () => {
    const { items } = completeAt('@ IN TXT "v=spf1 mx -all |"\n', '-all |');
    const labels = items.map((i) => i.label);
    assert.deepEqual(labels, ['exp=']);
  });

  test('before all, mechanisms are offered', () => {
    const { items } = completeAt('@ IN TXT "v=spf1 mx | -all"\n', 'mx | ');
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('include:') && labels.includes('ip4:'), labels.join(','));
    assert.ok(!labels.some((l) => l.endsWith('all')), labels.join(','));
  });

  test('inside a term\'s value nothing is offered', () => {
    for (const m of ['include:_s|', 'ip4:192|', 'redirect=x|', 'a/2|']) {
      const body = `@ IN TXT "v=spf1 ${m} -all"\n`;
      const { items } = completeAt(body, m);
      assert.deepEqual(items, [], m);
    }
  });

  test('completing at the start of an existing term inserts a space after the new one', () => {
    const { items } = completeAt('@ IN TXT "v=spf1 |mx -all"\n', '|mx');
    const inc = items.find((i) => i.label === 'include:');
    assert.ok(inc, items.map((i) => i.label).join(','));
    assert.match(inc.insertText, / $/);
    const a = items.find((i) => i.label === 'a');
    assert.equal(a.insertText, 'a ');
  });
});
