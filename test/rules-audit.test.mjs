// False positives and negatives found by linting records as real domains publish them (Google
// Workspace, Microsoft 365, ESPs, report services, parked domains) and by probing the ABNF of
// RFC 7208, RFC 7489 / RFC 9989, RFC 6376, RFC 8461, RFC 8460 and the BIMI draft at its edges.
// Each test has a record that must trigger (or must not) and fails without its fix.
import test from 'node:test';
import assert from 'node:assert/strict';
import { applied, lint, none, of, one } from './helpers/findings.mjs';

const MAIL = '@ IN MX 10 mail\nmail IN A 192.0.2.25\n@ IN TXT "v=spf1 mx -all"\n';

test('dmarc/pct-with-none: with p=none but sp=quarantine/reject, pct samples the subdomain policy (RFC 7489 §6.3): not "does nothing"', async () => {
  // p=none for the organizational domain while subdomains are already enforced, rolled out with pct.
  let r = await lint(`${MAIL}_dmarc IN TXT "v=DMARC1; p=none; sp=reject; pct=50; rua=mailto:d@example.com"\n`);
  assert.deepEqual(of(r.findings, 'dmarc/pct-with-none').map((f) => f.message), []);
  const f = one(r, 'dmarc/pct-partial', 'pct=50');
  assert.match(f.message, /sp=reject/);
  assert.match(f.message, /subdomains/);
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=none; sp=reject; rua=mailto:d@example.com"/);
  assert.deepEqual(of(r.findings, 'dmarc/removed-tag'), []);

  // pct=100 samples nothing away: it is just a removed tag.
  r = await lint(`${MAIL}_dmarc IN TXT "v=DMARC1; p=none; sp=quarantine; pct=100; rua=mailto:d@example.com"\n`);
  assert.deepEqual(of(r.findings, 'dmarc/pct-with-none'), []);
  one(r, 'dmarc/removed-tag', 'pct=100');

  // np is RFC 9989's, unknown to the RFC 7489 receivers that still honour pct: there pct does nothing.
  r = await lint(`${MAIL}_dmarc IN TXT "v=DMARC1; p=none; np=reject; pct=50; rua=mailto:d@example.com"\n`);
  one(r, 'dmarc/pct-with-none', 'pct=50');
  assert.deepEqual(of(r.findings, 'dmarc/pct-partial'), []);
  await none(`${MAIL}_dmarc IN TXT "v=DMARC1; p=none; sp=none; pct=50; rua=mailto:d@example.com"\n`, 'dmarc/pct-partial');
});

test('spf/syntax: a bare qualifier (`~ all`) and a modifier with no name (`=foo`) are marked over the term, not at an empty range', async () => {
  const r = await lint(`@ IN MX 10 mail\nmail IN A 192.0.2.25\n@ IN TXT "v=spf1 mx ~ all"\n`);
  const f = of(r.findings, 'spf/syntax');
  assert.equal(f.length, 1);
  assert.equal(r.text.slice(f[0].start, f[0].end), '~');
  assert.match(f[0].message, /qualifier with no mechanism after it/);
  assert.match(f[0].message, /`~all`, not `~ all`/);
  const r2 = await lint(`@ IN MX 10 mail\nmail IN A 192.0.2.25\n@ IN TXT "v=spf1 mx =foo -all"\n`);
  one(r2, 'spf/syntax', '=foo');
});

test('messages show a non-ASCII value as its bytes (\\DDD, as spf/* does), not as mojibake ("bÃ¼cher")', async () => {
  const r = await lint(
    `${MAIL}mta-sts IN A 192.0.2.1\n` +
      '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:a@bücher.example"\n' +
      '_mta-sts IN TXT "v=STSv1; id=ü1"\n' +
      '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls@bücher.example"\n' +
      'default._bimi IN TXT "v=BIMI1; l=http://bücher.example/l.svg"\n' +
      '_dmarc.sub IN TXT "v=DMARC1ü; p=reject"\n' +
      's._domainkey IN TXT "v=DKIM1ü; s=ü; p="\n',
  );
  for (const id of ['dmarc/uri-invalid', 'mta-sts/id-invalid', 'tlsrpt/uri-invalid', 'bimi/https-required', 'dmarc/version', 'dkim/version', 'dkim/service-type']) {
    const f = of(r.findings, id);
    assert.equal(f.length, 1, id);
    assert.doesNotMatch(f[0].message, /Ã/, id);
    assert.match(f[0].message, /\\195\\188/, id);
  }
});

test('bimi/https-required: l= and a= hold one URL (draft §4.3: commas in a URI must be encoded); a comma-separated list is reported with a fix keeping the first', async () => {
  const DMARC = `${MAIL}_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n`;
  const r = await lint(`${DMARC}default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg,https://example.com/logo2.svg; a=https://example.com/vmc.pem"\n`);
  const f = one(r, 'bimi/https-required', 'https://example.com/logo.svg,https://example.com/logo2.svg');
  assert.match(f.message, /single URI/);
  assert.match(applied(f.fixes[0], r.zone.file), /"v=BIMI1; l=https:\/\/example.com\/logo.svg; a=https:\/\/example.com\/vmc.pem"/);
  one(await lint(`${DMARC}default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem,"\n`), 'bimi/https-required', 'https://example.com/vmc.pem,');
  await none(`${DMARC}default._bimi IN TXT "v=BIMI1; l=https://example.com/lo%2Cgo.svg; a=https://example.com/vmc.pem"\n`, 'bimi/https-required');
});

test('mx/target-no-address leaves an IP written as the MX target to mx/target-ip (its "add an A record for 192.0.2.1.example.com" is no fix)', async () => {
  const r = await lint('@ IN MX 10 192.0.2.1\n@ IN MX 20 [192.0.2.2]\n@ IN MX 30 nohost\n@ IN TXT "v=spf1 -all"\n');
  assert.equal(of(r.findings, 'mx/target-ip').length, 2);
  const f = of(r.findings, 'mx/target-no-address');
  assert.deepEqual(f.map((x) => r.text.slice(x.start, x.end)), ['nohost']);
});

test('dmarc/uri-invalid: an empty entry (trailing, leading or doubled comma) is a warning that loses no reports, with a fix removing the comma; the trailing one was missed', async () => {
  const cases = [
    ['mailto:a@example.com,', 'a comma at the end', 'rua=mailto:a@example.com"'],
    [',mailto:a@example.com', 'a comma at the start', 'rua=mailto:a@example.com"'],
    ['mailto:a@example.com,,mailto:b@example.com', 'two commas in a row', 'rua=mailto:a@example.com,mailto:b@example.com"'],
  ];
  for (const [rua, why, after] of cases) {
    const r = await lint(`${MAIL}_dmarc IN TXT "v=DMARC1; p=reject; rua=${rua}"\n`);
    const f = of(r.findings, 'dmarc/uri-invalid');
    assert.equal(f.length, 1, rua);
    assert.equal(r.text.slice(f[0].start, f[0].end), ',');
    assert.equal(f[0].severity, 'warning');
    assert.match(f[0].message, new RegExp(why));
    assert.doesNotMatch(f[0].message, /reports are lost/);
    assert.ok(applied(f[0].fixes[0], r.zone.file).includes(after), rua);
  }
});

test('dmarc/uri-invalid: a mailto with two bare "@" (mailto:a@b@example.com) is no address (RFC 6068: %40 in the local part)', async () => {
  const r = await lint(`${MAIL}_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com,mailto:a@b@example.com"\n`);
  const f = one(r, 'dmarc/uri-invalid', 'mailto:a@b@example.com');
  assert.match(f.message, /more than one "@"/);
  await none(`${MAIL}_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:a%40b@example.com,mailto:d@example.com?cc=x@example.com"\n`, 'dmarc/uri-invalid');
});

test('dmarc/wrong-location: a DMARC record under a DKIM key or another service label is meant for the domain it serves', async () => {
  for (const [owner, where] of [
    ['*._domainkey', '_dmarc.example.com'],
    ['s1._domainkey.shop', '_dmarc.shop.example.com'],
    ['_mta-sts', '_dmarc.example.com'],
    ['_smtp._tls.shop', '_dmarc.shop.example.com'],
    ['shop', '_dmarc.shop.example.com'],
    ['x._dmarc.shop', '_dmarc.x.shop.example.com'],
  ]) {
    const r = await lint(`${MAIL}${owner} IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n`);
    const f = one(r, 'dmarc/wrong-location', owner);
    assert.ok(f.message.endsWith(`Move it to ${where}.`), `${owner}: ${f.message}`);
  }
});

test('dmarc/uri-invalid: a malformed size limit (!10x) is named as such, not as "not a valid mail domain"', async () => {
  const r = await lint(`${MAIL}_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com!10x"\n`);
  const f = one(r, 'dmarc/uri-invalid', 'mailto:d@example.com!10x');
  assert.match(f.message, /the size limit "!10x" is not a number with an optional unit k, m, g or t/);
  assert.doesNotMatch(f.message, /^rua entry: "example.com!10x" is not a valid mail domain/);
});

test('spf/syntax: a name no DNS query can be made for (empty or long label) says what receivers do: permerror or a skipped term, RFC 7208 leaves it undefined', async () => {
  for (const term of ['a:bad..example.com', `mx:${'x'.repeat(64)}.example.com`]) {
    const r = await lint(`${MAIL.replace('"v=spf1 mx -all"', `"v=spf1 ${term} -all"`)}`);
    const f = of(r.findings, 'spf/syntax');
    assert.equal(f.length, 1, term);
    assert.match(f[0].message, /some receivers return permerror for the whole record and others skip the term \(RFC 7208 leaves it undefined\)/);
  }
});
