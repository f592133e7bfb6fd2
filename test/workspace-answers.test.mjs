// The workspace's zones answer lookups as their name servers would (SPF lookup counts, void
// lookups, include targets, the MTA-STS policy host): a wildcard answers names that do not exist
// (RFC 4592), and NS records below a zone's origin delegate names away (a referral: the zone
// cannot say NXDOMAIN or NODATA for them, so offline the answer is "could not decide"). Records
// written twice are one record (RFC 2181 §5), and a `_dmarc` CNAME is a published DMARC record.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../dist/engine.js';

const { SourceFile, parseZone, lintZone, Workspace, WorkspaceResolver } = E;
const HEAD = '$ORIGIN wa.test.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1.example.net.\n@ IN MX 10 mail\nmail IN A 192.0.2.1\n_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@wa.test"\n';

async function lint(text, files = {}) {
  const ws = new Workspace();
  const zone = parseZone(new SourceFile('/wa/wa.test.zone', HEAD + text), { origin: 'wa.test.' });
  ws.set(zone);
  for (const [origin, t] of Object.entries(files)) ws.set(parseZone(new SourceFile(`/wa/${origin}zone`, t), { origin }));
  const { findings } = await lintZone(zone, { workspace: ws, options: { dns: 'off' } });
  return findings.map((f) => `${f.rule}: ${f.message}`);
}

const rules = (fs, id) => fs.filter((f) => f.startsWith(id + ':'));

function resolver(text) {
  const ws = new Workspace();
  ws.set(parseZone(new SourceFile('/wa/wa.test.zone', HEAD + text), { origin: 'wa.test.' }));
  return new WorkspaceResolver(ws);
}

test('a wildcard answers a name that does not exist, not one that does', () => {
  const r = resolver('*.dev IN A 192.0.2.40\nx.dev IN TXT "here"\n*.dev IN TXT "v=spf1 -all"\n');
  const a = r.lookupSync('h1.dev.wa.test', 'A');
  assert.equal(a.status, 'ok');
  assert.deepEqual(a.values, ['192.0.2.40']);
  assert.equal(r.lookupSync('h1.dev.wa.test', 'TXT').txt[0][0], 'v=spf1 -all');
  assert.equal(r.lookupSync('h1.dev.wa.test', 'MX').status, 'nodata');
  // x.dev exists: the wildcard does not apply to it (NODATA for A).
  assert.equal(r.lookupSync('x.dev.wa.test', 'A').status, 'nodata');
  // Below an existing name without a wildcard of its own: NXDOMAIN (the closest encloser is x.dev).
  assert.equal(r.lookupSync('y.x.dev.wa.test', 'A').status, 'nxdomain');
  // No wildcard at all.
  assert.equal(r.lookupSync('nothing.wa.test', 'A').status, 'nxdomain');
});

test('names at or below a delegation are not answered by the parent zone', () => {
  const r = resolver('eu IN NS ns1.eu-dns.example.\nglue.eu IN A 192.0.2.9\n');
  for (const name of ['eu.wa.test', 'relay.eu.wa.test', 'glue.eu.wa.test']) {
    const res = r.lookupSync(name, 'A');
    assert.equal(res.status, 'unresolved', name);
    assert.equal(res.source, 'none', name);
    assert.match(res.message, /delegated at eu\.wa\.test/);
  }
  // The apex's own NS records delegate nothing.
  assert.equal(r.lookupSync('mail.wa.test', 'A').status, 'ok');
  // With a fallback (live DNS), a delegated name is asked there.
  const asked = [];
  const live = { lookup: async (n, t) => (asked.push(n), { name: n, type: t, status: 'ok', source: 'live', values: ['203.0.113.1'] }), lookupSync: () => undefined };
  const ws = new Workspace();
  ws.set(parseZone(new SourceFile('/wa/wa.test.zone', HEAD + 'eu IN NS ns1.eu-dns.example.\n'), { origin: 'wa.test.' }));
  return new WorkspaceResolver(ws, live).lookup('relay.eu.wa.test', 'A').then((res) => {
    assert.equal(res.source, 'live');
    assert.deepEqual(asked, ['relay.eu.wa.test.']);
  });
});

test('a child zone in the workspace answers for its delegated names', async () => {
  const text = '@ IN TXT "v=spf1 include:eu.wa.test -all"\neu IN NS ns1.eu.wa.test.\n';
  assert.equal(rules(await lint(text), 'spf/include-no-spf').length, 0);
  const child = '$TTL 300\n@ IN SOA ns1 hm 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 192.0.2.7\n@ IN TXT "not spf"\n';
  const fs = await lint(text, { 'eu.wa.test.': child });
  assert.equal(rules(fs, 'spf/include-no-spf').length, 1, fs.join('\n'));
});

test('spf/void-lookups and spf/include-no-spf: wildcards answer, delegated names are undecided', async () => {
  const fs = await lint(
    '@ IN TXT "v=spf1 a:h1.dev.wa.test a:relay.eu.wa.test mx:eu.wa.test include:us.spf.wa.test include:eu.wa.test -all"\n' +
      '*.dev IN A 192.0.2.40\n*.spf IN TXT "v=spf1 ip4:192.0.2.0/24 -all"\neu IN NS ns1.eu-dns.example.\n',
  );
  assert.deepEqual(rules(fs, 'spf/void-lookups'), []);
  assert.deepEqual(rules(fs, 'spf/include-no-spf'), []);
  const note = rules(fs, 'spf/too-many-lookups');
  assert.equal(note.length, 1);
  assert.match(note[0], /at least/);
  // Without the wildcard and the delegation, the same record has void lookups and a missing include.
  const bare = await lint('@ IN TXT "v=spf1 a:h1.dev.wa.test a:h2.dev.wa.test a:h3.dev.wa.test include:us.spf.wa.test -all"\n');
  assert.equal(rules(bare, 'spf/void-lookups').length, 1);
  assert.equal(rules(bare, 'spf/include-no-spf').length, 1);
});

test('mta-sts/policy-host-missing: a wildcard serves the policy host; a missing one is reported', async () => {
  const sts = '_mta-sts IN TXT "v=STSv1; id=20240101"\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls@wa.test"\n';
  assert.deepEqual(rules(await lint(sts + '* IN CNAME lb.hosting.example.\n'), 'mta-sts/policy-host-missing'), []);
  assert.equal(rules(await lint(sts), 'mta-sts/policy-host-missing').length, 1);
});

test('the same SPF or DMARC record written twice is one record: only zone/duplicate-record', async () => {
  const twice = '@ IN TXT "v=spf1 mx -all"\n@ IN TXT "v=spf1 mx -all"\n_dmarc.s IN TXT "v=DMARC1; p=reject"\n_dmarc.s IN TXT "v=DMARC1; p=reject"\n';
  const fs = await lint(twice);
  assert.deepEqual(rules(fs, 'spf/multiple-records'), []);
  assert.deepEqual(rules(fs, 'dmarc/multiple-records'), []);
  assert.equal(rules(fs, 'zone/duplicate-record').length, 2);
  // Split differently, the strings are other rdata: two records.
  const split = await lint('@ IN TXT "v=spf1 mx -all"\n@ IN TXT "v=spf1 mx" " -all"\n');
  assert.equal(rules(split, 'spf/multiple-records').length, 2);
  // Two different records plus a copy: still reported, with the count of distinct records.
  const three = await lint('_dmarc.s IN TXT "v=DMARC1; p=reject"\n_dmarc.s IN TXT "v=DMARC1; p=none"\n_dmarc.s IN TXT "v=DMARC1; p=reject"\n');
  const m = rules(three, 'dmarc/multiple-records');
  assert.equal(m.length, 1);
  assert.match(m[0], /has 2 DMARC records/);
});

test('dmarc/missing-record: a _dmarc CNAME (hosted DMARC) is a published record', async () => {
  const mx = 'shop IN MX 10 mx.provider.example.\n';
  const none = (fs) => rules(fs, 'dmarc/missing-record').filter((f) => f.includes('shop.wa.test'));
  // The parent's _dmarc covers shop; use a zone without it to see the rule.
  const head = (t) => t.replace('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@wa.test"\n', '');
  const lintNoParent = async (t) => {
    const ws = new Workspace();
    const zone = parseZone(new SourceFile('/wa/wa.test.zone', head(HEAD) + t), { origin: 'wa.test.' });
    ws.set(zone);
    return (await lintZone(zone, { workspace: ws, options: { dns: 'off' } })).findings.map((f) => `${f.rule}: ${f.message}`);
  };
  assert.equal(none(await lintNoParent(mx)).length, 1);
  assert.deepEqual(none(await lintNoParent(mx + '_dmarc.shop IN CNAME shop.wa.test._dmarc.hosted-dmarc.example.\n')), []);
  // A CNAME to a name of the workspace is followed: no DMARC record there, no DMARC.
  assert.equal(none(await lintNoParent(mx + '_dmarc.shop IN CNAME d.wa.test.\nd IN TXT "not dmarc"\n')).length, 1);
  assert.deepEqual(none(await lintNoParent(mx + '_dmarc.shop IN CNAME d.wa.test.\nd IN TXT "v=DMARC1; p=reject"\n')), []);
});
