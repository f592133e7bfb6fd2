// zone/check-names: BIND's check-names, which named applies to primary zones by default (and
// named-compilezone with its default -k fail): names standing for hosts must be host names, and an
// NSEC3 owner must start with a hash, or named refuses the whole zone. Each case says whether BIND
// loads it; with named-compilezone installed the test asks BIND too, so the table cannot drift.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as E from '../dist/engine.js';

const HAVE_BIND = spawnSync('named-compilezone', ['-v'], { encoding: 'utf8' }).status === 0;
if (!HAVE_BIND) console.log('# named-compilezone not installed: the table is checked against mailzone only');

const head = (origin) => `$ORIGIN ${origin}\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ NS ns1\nns1 A 192.0.2.1\n`;
const HASH = '2vptu5timamqttgl4luu9kg21e0aor3s';
const NSEC3 = `${HASH} NSEC3 1 1 12 aabbccdd 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG\n`;

// [name, origin, records, BIND loads it?, the text the one finding marks]
const CASES = [
  ['an A record at a name with an underscore', 'example.com.', 'web_1 A 192.0.2.9\n', false, 'web_1'],
  ['an A record at a name that starts with a hyphen', 'example.com.', '-web A 192.0.2.9\n', false, '-web'],
  ['an A record at a wildcard', 'example.com.', '*.w A 192.0.2.9\n', true],
  ['an A record with `*` as an inner label', 'example.com.', 'a.*.w A 192.0.2.9\n', false, 'a.*.w'],
  ['an A record at an escaped dot inside a label', 'example.com.', 'a\\.b A 192.0.2.9\n', false, 'a\\.b'],
  ['TXT, CNAME and SRV owners with underscores (not host names)', 'example.com.', '_spf TXT "v=spf1 -all"\n_dmarc TXT "v=DMARC1; p=reject"\ns1._domainkey CNAME s1.dkim.example.net.\n_sip._tcp SRV 0 0 5060 ns1\n', true],
  ['an MX at a name with an underscore', 'example.com.', '_x MX 10 ns1\n', false, '_x'],
  ['an MX naming a host with an underscore', 'example.com.', '@ MX 10 mail_x.example.net.\n', false, 'mail_x.example.net.'],
  ['an SRV naming a host with an underscore', 'example.com.', '_sip._tcp SRV 0 0 5060 sip_x.example.net.\n', false, 'sip_x.example.net.'],
  ['an NS naming a host with an underscore', 'example.com.', 'sub NS ns_x.example.net.\n', false, 'ns_x.example.net.'],
  ['a PTR naming a host with an underscore in a forward zone (not checked)', 'example.com.', 'p PTR web_1.example.net.\n', true],
  ['a PTR naming a host with an underscore in a reverse zone', '2.0.192.in-addr.arpa.', '9 PTR web_1.example.net.\n', false, 'web_1.example.net.'],
  ['an NSEC3 at a hash', 'example.com.', NSEC3, true],
  ['an NSEC3 at a name that is no hash', 'example.com.', NSEC3.replace(HASH + ' ', 'nsec301 '), false, 'nsec301'],
];

function lint(text, origin) {
  const zone = E.parseZone(new E.SourceFile('/ws/z.zone', text), { origin });
  return E.lintZone(zone, { options: { dns: 'off' } });
}

for (const [name, origin, body, loads, mark] of CASES) {
  test(`zone/check-names: ${name}: ${loads ? 'BIND loads it, no finding' : 'BIND refuses it, an error'}`, async () => {
    const text = head(origin) + body;
    if (HAVE_BIND) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mz-check-names-'));
      fs.writeFileSync(path.join(dir, 'z'), text);
      const r = spawnSync('named-compilezone', ['-i', 'none', '-o', '/dev/null', origin, path.join(dir, 'z')], { encoding: 'utf8' });
      fs.rmSync(dir, { recursive: true, force: true });
      assert.equal(r.status === 0, loads, `named-compilezone: ${r.stdout}${r.stderr}`);
      if (!loads) assert.match(r.stdout + r.stderr, /check-names/);
    }
    const run = await lint(text, origin);
    assert.deepEqual(run.ruleErrors, []);
    const f = run.findings.filter((x) => x.rule === 'zone/check-names');
    if (loads) {
      assert.deepEqual(f.map((x) => x.message), []);
      return;
    }
    assert.equal(f.length, 1, f.map((x) => x.message).join('\n'));
    assert.equal(f[0].severity, 'error');
    assert.equal(text.slice(f[0].start, f[0].end), mark);
    assert.match(f[0].message, /named refuses to load the zone/);
  });
}

test('zone/check-names: the SOA primary server must be a host name; its contact mailbox may have any printable first label', async () => {
  const soa = (mname, rname) => `$ORIGIN example.com.\n$TTL 3600\n@ SOA ${mname} ${rname} 1 7200 3600 1209600 3600\n@ NS ns1\nns1 A 192.0.2.1\n`;
  const of = async (t) => (await lint(t, 'example.com.')).findings.filter((x) => x.rule === 'zone/check-names');
  assert.deepEqual(await of(soa('ns1', 'john_doe')), []);
  assert.deepEqual(await of(soa('ns1', 'john\\.doe.example.net.')), []);
  const f = await of(soa('ns_1.example.net.', 'hostmaster'));
  assert.equal(f.length, 1);
  assert.match(f[0].message, /primary server ns_1\.example\.net/);
  const g = await of(soa('ns1', 'host.mas_ter'));
  assert.equal(g.length, 1);
  assert.match(g[0].message, /contact mailbox/);
});

test('zone/check-names: octoDNS YAML is not checked (its zones are not served by named from this file)', async () => {
  const y = E.parseOctodns(new E.SourceFile('/ws/example.com.yaml', "---\nweb_1:\n  type: A\n  value: 192.0.2.9\n"), { origin: 'example.com.' });
  assert.deepEqual((await E.lintZone(y)).findings.filter((x) => x.rule === 'zone/check-names'), []);
});
