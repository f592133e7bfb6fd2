// Second pass on fidelity to octoDNS (record/base.py, record/*.py, provider/yaml.py): what the
// reader makes of a value must be what octoDNS makes of it, and octodns/syntax must match what
// octoDNS rejects.
import test from 'node:test';
import assert from 'node:assert/strict';
import { SourceFile, parseOctodns } from '../dist/engine.js';

const lines = (...l) => l.join('\n') + '\n';
const parse = (text, p = '/ws/example.com.yaml') => parseOctodns(new SourceFile(p, text));
const syntax = (z) => z.problems.filter((p) => p.rule === 'octodns/syntax' && !/^Keys out of order/.test(p.message));
const one = (ttl, extra = []) => lines('a:', ...extra, `  ttl: ${ttl}`, '  type: A', '  value: 192.0.2.1');

// octoDNS's TtlValidator: int(data['ttl']) of what PyYAML read; only a negative result is a
// reason ('invalid ttl'); int() raising (ValueError/TypeError) stops the load, lenient or not.
test('ttl: read as octoDNS reads it, int() of the PyYAML value', () => {
  for (const [ttl, want] of [
    ['300', 300],
    ['300.5', 300], // float, truncated
    ['1_000', 1000], // YAML 1.1 int with underscores
    ['0x12c', 300],
    ['017', 15], // YAML 1.1 octal
    ['1:30', 90], // YAML 1.1 sexagesimal
    ["' 300 '", 300], // Python's int() strips whitespace
    ["'+300'", 300],
    ['true', 1], // int(True)
    ['-0.5', 0], // int(-0.5) is 0: not negative
  ]) {
    const z = parse(one(ttl));
    assert.deepEqual(syntax(z).map((p) => p.message), [], ttl);
    assert.equal(z.records[0].ttl, want, ttl);
  }
});

test('ttl: a negative TTL is octoDNS\'s "invalid ttl" (lenient silences it); one int() cannot read stops the zone even when lenient', () => {
  const neg = parse(one('-1'));
  assert.equal(syntax(neg).length, 1);
  assert.match(syntax(neg)[0].message, /invalid ttl "-1"/);
  assert.equal(syntax(parse(one('-1', ['  octodns:', '    lenient: true']))).length, 0);
  for (const ttl of ['soon', "'3.5'", '0o17', '1e3', '2024-01-01', '.inf', '.nan', '', '[300]']) {
    for (const lenient of [false, true]) {
      const z = parse(one(ttl, lenient ? ['  octodns:', '    lenient: true'] : []));
      const p = syntax(z);
      assert.equal(p.length, 1, `${ttl} lenient=${lenient}: ${JSON.stringify(p.map((x) => x.message))}`);
      assert.match(p[0].message, /is not a number of seconds: octoDNS fails to load the zone/, ttl);
      assert.equal(p[0].severity, 'error');
    }
  }
});

// octoDNS's HealthcheckValidator: octodns.healthcheck.protocol in HTTP, HTTPS, ICMP, TCP, UDP.
test('octodns.healthcheck.protocol: an unknown protocol is "invalid healthcheck protocol"', () => {
  const hc = (proto, lenient = false) =>
    lines('a:', '  octodns:', '    healthcheck:', `      protocol: ${proto}`, ...(lenient ? ['    lenient: true'] : []), '  type: A', '  value: 192.0.2.1');
  for (const ok of ['HTTP', 'HTTPS', 'ICMP', 'TCP', 'UDP']) assert.deepEqual(syntax(parse(hc(ok))), [], ok);
  for (const bad of ['BOGUS', 'http', 'true', "''"]) {
    const text = hc(bad);
    const p = syntax(parse(text));
    assert.equal(p.length, 1, bad);
    assert.match(p[0].message, /invalid healthcheck protocol/);
    assert.equal(p[0].start, text.indexOf('protocol: ') + 10 + (bad === "''" ? 1 : 0), bad);
  }
  assert.deepEqual(syntax(parse(hc('BOGUS', true))), [], 'lenient');
  // No protocol: octoDNS's default (HTTPS).
  assert.deepEqual(syntax(parse(lines('a:', '  octodns:', '    healthcheck:', '      path: /x', '  type: A', '  value: 192.0.2.1'))), []);
});

// octoDNS's SshfpValueValidator: algorithm in 1-4, fingerprint_type in 1-2, and the fingerprint
// as long as its hash in hex (type 1 SHA-1: 40, type 2 SHA-256: 64).
test('SSHFP: unrecognized algorithm / fingerprint_type and a fingerprint of the wrong length are octoDNS reasons', () => {
  const sshfp = (a, t, fp) => lines("'':", '  type: SSHFP', '  value:', `    algorithm: ${a}`, `    fingerprint: ${fp}`, `    fingerprint_type: ${t}`);
  const h40 = 'a'.repeat(40);
  const h64 = 'b'.repeat(64);
  assert.deepEqual(syntax(parse(sshfp(1, 1, h40))), []);
  assert.deepEqual(syntax(parse(sshfp(4, 2, h64))), []);
  for (const [a, t, fp, re] of [
    [5, 1, h40, /unrecognized algorithm "5"/],
    [0, 2, h64, /unrecognized algorithm "0"/],
    [1, 3, h40, /unrecognized fingerprint_type "3"/],
    [1, 1, h64, /fingerprint length 64 does not match fingerprint_type 1 \(expected 40\)/],
    [3, 2, 'abcd', /fingerprint length 4 does not match fingerprint_type 2 \(expected 64\)/],
  ]) {
    const p = syntax(parse(sshfp(a, t, fp)));
    assert.equal(p.length, 1, `${a} ${t} ${fp}: ${JSON.stringify(p.map((x) => x.message))}`);
    assert.match(p[0].message, re);
  }
});

// octoDNS's MxValueValidator and SrvValueValidator only take int() of preference / priority,
// weight, port: a float is truncated, a string int() reads is that number, a word is 'invalid
// preference'; a number outside 16 bits passes octoDNS (mailzone said "octoDNS rejects") and is
// reported as what it is: unpublishable.
test('MX preference and SRV numbers: int() as octoDNS takes it; out of 16 bits is not an octoDNS rejection', () => {
  const mx = (pref) => lines("'':", '  type: MX', '  value:', '    exchange: mx.example.com.', `    preference: ${pref}`, 'mx:', '  type: A', '  value: 192.0.2.1');
  for (const [pref, want] of [['10', 10], ["' 20 '", 20], ['10.7', 10], ['0x10', 16], ['1_0', 10]]) {
    const z = parse(mx(pref));
    assert.deepEqual(syntax(z).map((p) => p.message), [], pref);
    assert.equal(z.records[0].preference, want, pref);
  }
  const bad = syntax(parse(mx('abc')));
  assert.equal(bad.length, 1);
  assert.match(bad[0].message, /^octoDNS rejects this MX record: invalid preference "abc"/);
  for (const pref of ['70000', '-1']) {
    const text = mx(pref);
    const p = syntax(parse(text));
    assert.equal(p.length, 1, pref);
    assert.doesNotMatch(p[0].message, /octoDNS rejects/, pref);
    assert.match(p[0].message, new RegExp(`MX preference ${pref} is outside 0-65535 \\(a 16-bit field on the wire\\): octoDNS accepts it`));
    assert.equal(p[0].start, text.indexOf(`preference: ${pref}`) + 12);
  }
  const srv = lines('_sip._tcp:', '  type: SRV', '  value:', '    port: 5060.0', '    priority: 10', '    target: sip.example.com.', '    weight: -1');
  const p = syntax(parse(srv));
  assert.equal(p.length, 1, JSON.stringify(p.map((x) => x.message)));
  assert.match(p[0].message, /SRV weight -1 is outside 0-65535 \(a 16-bit field on the wire\): octoDNS accepts it/);
});

// ChunkedValueValidator runs on the value as written, before _ChunkedValue.process drops the
// outer quotes and the `" "` seams: `"v=spf1 a" ";b"` has no `\w;` for octoDNS (the `;` follows
// a quote), and `x\" "\; y` has no `\\;`; both load (mailzone judged the joined value).
test('TXT `;` checks on the value as octoDNS validates it, before the seams are removed', async () => {
  const { lintZone } = await import('../dist/engine.js');
  const text = lines('a:', '  type: TXT', `  value: '"v=spf1 a" ";b"'`, 'b:', '  type: TXT', `  value: 'x\\" "\\; y'`, 'c:', '  type: TXT', `  value: '"v=DMARC1; p=none"'`);
  const z = parse(text);
  assert.deepEqual(syntax(z).map((p) => p.message), []);
  assert.deepEqual(z.records.map((r) => r.strings.map((s) => s.value).join('')), ['v=spf1 a;b', 'x\\; y', 'v=DMARC1; p=none']);
  const f = (await lintZone(z, { options: { dns: 'off' } })).findings.filter((x) => x.rule === 'octodns/unescaped-semicolon');
  assert.deepEqual(f.map((x) => x.file.positionAt(x.start).line + 1), [9], 'only c, whose `1;` octoDNS rejects');
});

test('split layout: a name and type defined in two files of the zone folder is "Duplicate record" to octoDNS; other folders and other types are not', async () => {
  const { Workspace, lintZone } = await import('../dist/engine.js');
  const lint = async (files) => {
    const ws = new Workspace();
    const zones = Object.entries(files).map(([p, text]) => parseOctodns(new SourceFile(p, text)));
    for (const z of zones) ws.set(z);
    const out = [];
    for (const z of zones) out.push(...(await lintZone(z, { workspace: ws, options: { dns: 'off' } })).findings.filter((f) => f.rule === 'octodns/syntax'));
    return out;
  };
  const apex = lines('---', "'':", '  type: TXT', '  value: v=spf1 -all', 'www:', '  type: A', '  value: 192.0.2.1');
  const www = lines('---', 'www:', '  type: A', '  value: 192.0.2.2');
  for (const folder of ['/ws/zones/example.com.', '/ws/zones/example.com.tst']) {
    const f = await lint({ [`${folder}/$example.com.yaml`]: apex, [`${folder}/www.yaml`]: www });
    assert.equal(f.length, 2, `${folder}: ${f.map((x) => x.message).join(' | ')}`);
    assert.match(f[0].message, /^A www\.example\.com\. is also defined in (www|\$example\.com)\.yaml of this split zone folder: .*"Duplicate record"/);
    assert.equal(f[0].related.length, 1);
  }
  // Another type at the name, or the same record in another provider's folder: octoDNS loads both.
  assert.deepEqual(await lint({ '/ws/zones/example.com./$example.com.yaml': apex, '/ws/zones/example.com./www.yaml': lines('---', 'www:', '  type: AAAA', '  value: 2001:db8::1') }), []);
  assert.deepEqual(await lint({ '/ws/prod/example.com.yaml': apex, '/ws/staging/example.com.yaml': apex }), []);
});

// octoDNS publishes a TXT value as 255-byte strings; it checks no total length. Past 65,510 bytes of
// record data BIND (octodns-bind) refuses the zone, past 65,535 no DNS server can hold the record.
test('a TXT value too long for one DNS record: octodns/syntax on the value, counted in published bytes', () => {
  const txt = (...values) => lines('big:', '  type: TXT', '  values:', ...values.map((v) => `  - ${v}`), 'ok:', '  type: TXT', '  value: v=spf1 -all');
  // 65,254 bytes are 256 strings: 65,510 bytes of record data, the most BIND loads.
  assert.deepEqual(syntax(parse(txt('a'.repeat(65254)))).map((p) => p.message), []);
  const text = txt('short', 'a'.repeat(65255));
  const p = syntax(parse(text));
  assert.equal(p.length, 1, JSON.stringify(p.map((x) => x.message)));
  assert.match(p[0].message, /^This TXT value is 65255 bytes; published as 255-byte strings it makes 65511 bytes of record data, more than one DNS record holds \(64 KB; BIND loads at most 65510\)\. octoDNS accepts it, but the provider or octodns-bind fails on this record\. Shorten the value or split it into several values\.$/);
  assert.equal(p[0].start, text.indexOf('aaa'));
  assert.equal(p[0].end, text.indexOf('\nok:'));
  // `\;` is one published byte: 65,254 bytes written with escapes stay within the limit.
  assert.deepEqual(syntax(parse(txt('a'.repeat(65252) + '\\;b'))).map((p) => p.message), []);
  // A 5 MB value: one finding, the other records still read.
  const z = parse(txt('b'.repeat(5e6)));
  assert.equal(syntax(z).length, 1);
  assert.ok(z.records.some((r) => r.owner.startsWith('ok.')));
});
