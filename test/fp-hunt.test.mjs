// False positives and negatives found by linting zones written the way organisations publish them
// (Google Workspace + ESPs, Microsoft 365, parked domains, universities, hosting providers with
// $GENERATE, MTA-STS + TLS-RPT + DANE, SPF macros, DMARC t=/np=/psd=, octoDNS): each test has a
// record that must trigger and one that must not.
import test from 'node:test';
import assert from 'node:assert/strict';
import { lint, none, of, one } from './helpers/findings.mjs';
import { engine, lintInWorkspace } from './helpers/zone.mjs';

const zoneOf = (origin, body) =>
  engine.parseZone(new engine.SourceFile(`/ws/${origin}zone`, `$ORIGIN ${origin}\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.53\n${body}`), { origin });

test('spf/non-mail-domain: an SPF fragment reached through a CNAME alias is an include target, not a mail domain', async () => {
  // A provider's zone: customers include `_spf.<customer>` which is a CNAME to the provider's fragment.
  const provider = zoneOf('provider.example.', 'spf-v1 IN TXT "v=spf1 ip4:198.51.100.0/24 ~all"\nunused IN TXT "v=spf1 ip4:198.51.100.0/24 ~all"\n');
  const customer = zoneOf('customer.example.', '@ IN MX 10 mx.provider.example.\n@ IN TXT "v=spf1 include:_spf.customer.example -all"\n_spf IN CNAME alias.provider.example.\n');
  const alias = zoneOf('alias.provider.example.', '@ IN CNAME spf-v1.provider.example.\n');
  const r = await lintInWorkspace(provider, { zones: [customer, alias] });
  const f = of(r.findings, 'spf/non-mail-domain');
  // The fragment the customers' include reaches through two aliases is not reported (its `~all`
  // neither: an include only matches on pass); the name nobody includes still is.
  assert.deepEqual(f.map((x) => r.text.slice(r.text.lastIndexOf('\n', x.start) + 1, x.start).split(' ')[0]), ['unused']);
  assert.deepEqual(of(r.findings, 'spf/soft-all').map((x) => r.text.slice(r.text.lastIndexOf('\n', x.start) + 1, x.start).split(' ')[0]), ['unused']);
  // In one zone too.
  await none('@ IN MX 10 mail\nmail IN A 192.0.2.25\n@ IN TXT "v=spf1 include:spf-alias.example.com -all"\nspf-alias IN CNAME a-spf\na-spf IN TXT "v=spf1 ip4:192.0.2.0/24 -all"\n', 'spf/non-mail-domain');
});

test('spf/plus-all: a /0 network passes every sender of its family like +all', async () => {
  for (const [term, fam] of [['ip4:0.0.0.0/0', 'IPv4'], ['ip6:::/0', 'IPv6'], ['+ip4:192.0.2.1/0', 'IPv4'], ['a/0', 'IPv4'], ['mx:example.com//0', 'IPv6']]) {
    const r = await lint(`@ IN MX 10 mail\nmail IN A 192.0.2.25\n@ IN TXT "v=spf1 ${term} ip4:192.0.2.0/24 -all"\n`);
    const f = one(r, 'spf/plus-all', term);
    assert.match(f.message, new RegExp(`every ${fam} address`));
    assert.equal(f.severity, 'error');
    assert.ok(f.fixes[0].edits.length > 0);
  }
  // Networks of one's own, a failing /0, and a /0 after `all` (never evaluated) are fine.
  for (const term of ['ip4:192.0.2.0/24', 'ip6:2001:db8::/32', '-ip4:0.0.0.0/0', '~ip6:::/0', 'a/24', 'mx//64', 'ip4:10.0.0.0/8']) {
    await none(`@ IN MX 10 mail\nmail IN A 192.0.2.25\n@ IN TXT "v=spf1 ${term} -all"\n`, 'spf/plus-all');
  }
});

test('mta-sts/syntax, tlsrpt/syntax: two valid records say the fault is that there are two, and how to keep one', async () => {
  let r = await lint('@ IN MX 10 mail\nmail IN A 192.0.2.25\nmta-sts IN A 192.0.2.80\n_mta-sts IN TXT "v=STSv1; id=20240101"\n_mta-sts IN TXT "v=STSv1; id=20240102"\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com"\n');
  let f = one(r, 'mta-sts/syntax', '"v=STSv1; id=20240102"');
  assert.match(f.message, /There are 2 MTA-STS records at this name: senders use none .*RFC 8461 §3\.1.*Keep one record/);
  assert.doesNotMatch(f.message, /not valid|Write "v=STSv1; id=<id>"/);
  assert.equal(f.related.length, 1);
  r = await lint('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com"\n_smtp._tls IN TXT "v=TLSRPTv1; rua=https://r.example.net/tlsrpt"\n');
  f = one(r, 'tlsrpt/syntax', '"v=TLSRPTv1; rua=https://r.example.net/tlsrpt"');
  assert.match(f.message, /There are 2 TLS-RPT records at this name: .*RFC 8460 §3.*separated by commas/);
  assert.doesNotMatch(f.message, /not valid/);
  // One record listing both destinations is fine; a broken second record still says what is broken.
  await none('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.net/tlsrpt"\n', 'tlsrpt/syntax');
  r = await lint('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com"\n_smtp._tls IN TXT "v=TLSRPTv1"\n');
  assert.match(one(r, 'tlsrpt/syntax', '"v=TLSRPTv1"').message, /not valid: .*rua.*keep only one record/);
});

test('dmarc/psd-misused: psd=y on a registrable domain splits the organization; a real public suffix or an unknown TLD is left alone', async () => {
  const r = await lint('@ IN MX 10 mail\nmail IN A 192.0.2.25\n_dmarc IN TXT "v=DMARC1; p=reject; psd=y; rua=mailto:d@example.com"\n');
  const f = one(r, 'dmarc/psd-misused', 'psd=y');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /psd=y declares example\.com a public suffix .*registrable domain.*relaxed alignment no longer joins example\.com/);
  assert.equal(f.fixes[0].title, 'Remove psd=y');
  // psd=n and psd=u are fine on an ordinary domain.
  await none('_dmarc IN TXT "v=DMARC1; p=reject; psd=n"\n', 'dmarc/psd-misused');
  await none('_dmarc IN TXT "v=DMARC1; p=reject; psd=u"\n', 'dmarc/psd-misused');
  // A public suffix operator (gov.uk on the list) and a name under a TLD the list does not know.
  for (const origin of ['gov.uk.', 'gov.example.']) {
    const z = engine.parseZone(new engine.SourceFile(`/ws/${origin}zone`, `$ORIGIN ${origin}\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.53\n_dmarc IN TXT "v=DMARC1; p=reject; psd=y; rua=mailto:psd@${origin.slice(0, -1)}"\n`), { origin });
    const run = await engine.lintZone(z);
    assert.deepEqual(of(run.findings, 'dmarc/psd-misused'), [], origin);
  }
  // Below a registrable domain: reported with the organization named.
  const s = await lint('_dmarc.sub IN TXT "v=DMARC1; p=reject; psd=y"\n');
  assert.match(one(s, 'dmarc/psd-misused', 'psd=y').message, /a name in example\.com/);
});

test('dmarc/missing-record: when the parent zone is not in the workspace, the note says what could not be checked instead of asserting there is no policy', async () => {
  const z = engine.parseZone(
    new engine.SourceFile('/ws/dept.example-u.edu.zone', '$ORIGIN dept.example-u.edu.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.53\n@ IN MX 10 mail\nmail IN A 192.0.2.25\n@ IN TXT "v=spf1 mx -all"\n'),
    { origin: 'dept.example-u.edu.' },
  );
  const r = await lintInWorkspace(z);
  const f = of(r.findings, 'dmarc/missing-record');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'info');
  assert.match(f[0].message, /example-u\.edu is not in the workspace, so whether it publishes a _dmarc record that covers dept\.example-u\.edu \(its sp=, RFC 9989 §4\.10\) could not be checked\. If none does/);
  assert.doesNotMatch(f[0].message, /: receivers get no policy/);
  assert.match(f[0].message, /no weaker than the parent's policy/);
  // With the parent in the workspace and its _dmarc there: covered, nothing reported.
  const parent = engine.parseZone(new engine.SourceFile('/ws/example-u.edu.zone', '$ORIGIN example-u.edu.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.53\ndept IN NS ns1.dept\nns1.dept IN A 192.0.2.54\n_dmarc IN TXT "v=DMARC1; p=reject"\n'), { origin: 'example-u.edu.' });
  const r2 = await lintInWorkspace(z, { zones: [parent] });
  assert.deepEqual(of(r2.findings, 'dmarc/missing-record'), []);
});

test('dmarc/non-mail-domain: a null-MX domain whose p=reject is in test mode (t=y acts as quarantine)', async () => {
  const r = await lint('@ IN MX 0 .\n@ IN TXT "v=spf1 -all"\n_dmarc IN TXT "v=DMARC1; p=reject; t=y"\n');
  const f = one(r, 'dmarc/non-mail-domain', 't=y');
  assert.match(f.message, /test mode: with t=y receivers apply one level lower \(RFC 9989 §4\.7\).*remove t=y/);
  assert.equal(f.fixes[0].title, 'Remove t=y');
  await none('@ IN MX 0 .\n@ IN TXT "v=spf1 -all"\n_dmarc IN TXT "v=DMARC1; p=reject; t=n"\n', 'dmarc/non-mail-domain');
  // A domain that takes mail may test its policy (dmarc/testing says so, not this rule).
  await none('@ IN MX 10 mail\nmail IN A 192.0.2.25\n_dmarc IN TXT "v=DMARC1; p=reject; t=y"\n', 'dmarc/non-mail-domain');
});

test('spf/no-all: a record receivers ignore for its version (v=spf1 glued to the next term) gets spf/version only, not an "append -all" fix', async () => {
  // What `$GENERATE 1-2 c$ TXT "v=spf1 include:_spf.example.com -all"` gives: three strings joined without spaces.
  const r = await lint('@ IN MX 10 mail\nmail IN A 192.0.2.25\n@ IN TXT "v=spf1" "include:_spf.example.com" "-all"\n');
  assert.equal(of(r.findings, 'spf/version').length, 1);
  assert.deepEqual(of(r.findings, 'spf/no-all'), []);
  // A real record without all, and one whose version differs only in case (receivers use it), still get it.
  for (const v of ['v=spf1', 'V=SPF1']) {
    const r2 = await lint(`@ IN MX 10 mail\nmail IN A 192.0.2.25\n@ IN TXT "${v} mx"\n`);
    assert.equal(of(r2.findings, 'spf/no-all').length, 1, v);
  }
});
