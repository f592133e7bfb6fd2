// DKIM key records (RFC 6376, 8301, 8463) and the Microsoft 365 selector CNAMEs. Keys are generated
// here with node:crypto, so the sizes and types are real.
import test from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as engine from '../dist/engine.js';
import { applied, of, one } from './helpers/findings.mjs';

const { SourceFile, parseZone, parseOctodns, lintZone } = engine;

const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.53\n';

async function lint(body, options) {
  const zone = parseZone(new SourceFile('/ws/example.com.zone', HEAD + body), { origin: 'example.com.' });
  assert.deepEqual(zone.problems, [], 'the test zone must parse cleanly');
  const run = await lintZone(zone, { options });
  assert.deepEqual(run.ruleErrors, []);
  return { zone, text: zone.file.text, findings: run.findings };
}
async function none(body, id) {
  const r = await lint(body);
  assert.deepEqual(of(r.findings, id).map((f) => f.message), [], `${id} must not trigger`);
}

const spki = (key) => key.export({ type: 'spki', format: 'der' }).toString('base64');
const rsa = (bits) => spki(generateKeyPairSync('rsa', { modulusLength: bits }).publicKey);
const RSA512 = rsa(512);
const RSA1024 = rsa(1024);
const RSA2048 = rsa(2048);
const edPub = generateKeyPairSync('ed25519').publicKey;
const ED_SPKI = spki(edPub);
const ED_RAW = edPub.export({ type: 'spki', format: 'der' }).subarray(12).toString('base64');
const EC = spki(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey);

/** A TXT record with the key split into 255-byte strings, as BIND users publish it. */
function txt(owner, value) {
  const parts = [];
  for (let i = 0; i < value.length; i += 255) parts.push(`"${value.slice(i, i + 255)}"`);
  return `${owner} IN TXT ( ${parts.join('\n    ')} )\n`;
}

test('a good 2048-bit RSA key and a raw ed25519 key raise nothing', async () => {
  const r = await lint(txt('s2048._domainkey', `v=DKIM1; k=rsa; p=${RSA2048}`) + txt('ed._domainkey', `v=DKIM1; k=ed25519; p=${ED_RAW}`));
  assert.deepEqual(r.findings.filter((f) => f.rule.startsWith('dkim/')).map((f) => f.message), []);
});

test('dkim/weak-key: 512 bits is an error, 1024 a warning, with the size in the message; range covers p= across strings', async () => {
  let r = await lint(txt('old._domainkey', `v=DKIM1; k=rsa; p=${RSA512}`));
  let f = one(r, 'dkim/weak-key', RSA512);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /512-bit/);
  r = await lint(txt('mid._domainkey', `v=DKIM1; p=${RSA1024}`));
  const fs = of(r.findings, 'dkim/weak-key');
  assert.equal(fs.length, 1);
  assert.equal(fs[0].severity, 'warning');
  assert.match(fs[0].message, /1024-bit/);
  // The 1024-bit key is 216 base64 chars plus "v=DKIM1; p=" → crosses the 255-byte split: the range spans both strings.
  const joined = r.text.slice(fs[0].start, fs[0].end).replace(/"\s*"/g, '').replace(/\s+/g, '');
  assert.equal(joined, RSA1024);
  await none(txt('s._domainkey', `v=DKIM1; p=${RSA2048}`), 'dkim/weak-key');
});

test('dkim/invalid-key: bad base64, wrong type for k=, SPKI given for ed25519 (fix converts to raw)', async () => {
  let r = await lint('a._domainkey IN TXT "v=DKIM1; p=MIGf$$notbase64"\n');
  one(r, 'dkim/invalid-key', 'MIGf$$notbase64');
  r = await lint(txt('b._domainkey', `v=DKIM1; k=rsa; p=${EC}`));
  assert.match(one(r, 'dkim/invalid-key', EC).message, /EC key/);
  r = await lint(txt('c._domainkey', `v=DKIM1; k=ed25519; p=${ED_SPKI}`));
  const f = one(r, 'dkim/invalid-key', ED_SPKI);
  assert.match(f.message, /raw 32-byte/);
  assert.ok(applied(f.fixes[0], r.zone.file).includes(`p=${ED_RAW}"`));
  r = await lint(txt('d._domainkey', `v=DKIM1; k=ed25519; p=${RSA2048}`));
  assert.equal(of(r.findings, 'dkim/invalid-key').length, 1);
  r = await lint(txt('e._domainkey', `v=DKIM1; p=${ED_RAW}`));
  assert.match(of(r.findings, 'dkim/invalid-key')[0].message, /k=ed25519/);
  await none(txt('g._domainkey', `v=DKIM1; k=ed25519; p=${ED_RAW}`), 'dkim/invalid-key');
});

test('dkim/revoked, dkim/missing-key, dkim/syntax, dkim/version', async () => {
  let r = await lint('old._domainkey IN TXT "v=DKIM1; k=rsa; p="\n');
  one(r, 'dkim/revoked', 'p=');
  assert.deepEqual(of(r.findings, 'dkim/invalid-key'), []);
  await none(txt('s._domainkey', `v=DKIM1; p=${RSA2048}`), 'dkim/revoked');

  r = await lint('s._domainkey IN TXT "v=DKIM1; k=rsa"\n');
  one(r, 'dkim/missing-key', '"v=DKIM1; k=rsa"');
  await none(txt('s._domainkey', `p=${RSA2048}`), 'dkim/missing-key');

  r = await lint(txt('s._domainkey', `v=DKIM1; k rsa; p=${RSA2048}`));
  one(r, 'dkim/syntax', 'k rsa');
  await none(txt('s._domainkey', `v=DKIM1 ; k = rsa ; p=${RSA2048} ;`), 'dkim/syntax');

  r = await lint(txt('s._domainkey', `k=rsa; v=DKIM1; p=${RSA2048}`));
  one(r, 'dkim/version', 'v=DKIM1');
  r = await lint(txt('s._domainkey', `v=DKIM2; p=${RSA2048}`));
  one(r, 'dkim/version', 'v=DKIM2');
  await none(txt('s._domainkey', `k=rsa; p=${RSA2048}`), 'dkim/version');
});

test('dkim/testing and dkim/sha1 with their fixes', async () => {
  let r = await lint(txt('s._domainkey', `v=DKIM1; t=y; h=sha1; p=${RSA2048}`));
  let f = one(r, 'dkim/testing', 't=y');
  assert.ok(applied(f.fixes[0], r.zone.file).includes('"v=DKIM1; h=sha1; p='));
  f = one(r, 'dkim/sha1', 'h=sha1');
  assert.ok(applied(f.fixes[0], r.zone.file).includes('"v=DKIM1; t=y; h=sha256; p='));
  assert.ok(applied(f.fixes[1], r.zone.file).includes('"v=DKIM1; t=y; p='));
  r = await lint(txt('s._domainkey', `v=DKIM1; t=y:s; p=${RSA2048}`));
  f = one(r, 'dkim/testing', 't=y:s');
  assert.ok(applied(f.fixes[0], r.zone.file).includes('"v=DKIM1; t=s; p='));
  await none(txt('s._domainkey', `v=DKIM1; t=s; h=sha1:sha256; p=${RSA2048}`), 'dkim/testing');
  await none(txt('s._domainkey', `v=DKIM1; h=sha1:sha256; p=${RSA2048}`), 'dkim/sha1');
});

const LEGACY1 = 'selector1._domainkey IN CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com.\n';
const LEGACY2 = 'selector2._domainkey IN CNAME selector2-example-com._domainkey.contoso.onmicrosoft.com.\n';
const NEW1 = 'selector1._domainkey IN CNAME selector1-example-com._domainkey.contoso.n-v1.dkim.mail.microsoft.\n';
const NEW2 = 'selector2._domainkey IN CNAME selector2-example-com._domainkey.contoso.n-v1.dkim.mail.microsoft.\n';

test('dkim/m365-cname: both Microsoft forms are accepted for this very domain', async () => {
  await none(LEGACY1 + LEGACY2, 'dkim/m365-cname');
  await none(NEW1 + NEW2, 'dkim/m365-cname');
  // Other providers' selector1 CNAMEs are not Microsoft's business.
  await none('selector1._domainkey IN CNAME selector1.dkim.other-provider.example.\n', 'dkim/m365-cname');
});

test('dkim/m365-cname: missing trailing dot, another domain, wrong selector number — fixes rewrite', async () => {
  let r = await lint('selector1._domainkey IN CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com\n' + LEGACY2);
  let f = one(r, 'dkim/m365-cname', 'selector1-example-com._domainkey.contoso.onmicrosoft.com');
  assert.match(f.message, /trailing dot/);
  // The name to use is quoted, so its trailing dot does not run into the sentence's full stop.
  assert.match(f.message, /Point it at `selector1-example-com\._domainkey\.contoso\.onmicrosoft\.com\.` \(with its trailing dot\)\.$/);
  assert.equal(f.fixes[0].title, 'Add the trailing dot');
  assert.ok(applied(f.fixes[0], r.zone.file).includes(LEGACY1));

  r = await lint('selector1._domainkey IN CNAME selector1-example-org._domainkey.contoso.n-v1.dkim.mail.microsoft.\n' + NEW2);
  f = one(r, 'dkim/m365-cname', 'selector1-example-org._domainkey.contoso.n-v1.dkim.mail.microsoft.');
  assert.match(f.message, /example-org/);
  assert.ok(applied(f.fixes[0], r.zone.file).includes(NEW1));

  r = await lint('selector1._domainkey IN CNAME selector2-example-com._domainkey.contoso.onmicrosoft.com.\n' + LEGACY2);
  f = one(r, 'dkim/m365-cname', 'selector2-example-com._domainkey.contoso.onmicrosoft.com.');
  assert.match(f.message, /selector1 points at Microsoft's selector2/);
  assert.ok(applied(f.fixes[0], r.zone.file).includes(LEGACY1));

  // options.m365 === false switches the Microsoft checks off.
  r = await lint('selector1._domainkey IN CNAME selector2-example-com._domainkey.contoso.onmicrosoft.com.\n', { m365: false });
  assert.deepEqual(r.findings.filter((x) => x.rule.startsWith('dkim/m365')), []);
});

test('dkim/m365-selector-missing: fix adds selector2 derived from selector1', async () => {
  const r = await lint(NEW1 + 'www IN A 192.0.2.80\n');
  const f = one(r, 'dkim/m365-selector-missing', 'selector1._domainkey');
  const fixed = applied(f.fixes[0], r.zone.file);
  assert.ok(fixed.includes(NEW1 + NEW2 + 'www IN A'), fixed);
  await none(NEW1 + NEW2, 'dkim/m365-selector-missing');
});

test('dkim/m365-tenant-mismatch: selectors in different tenants or partitions', async () => {
  let r = await lint(LEGACY1 + 'selector2._domainkey IN CNAME selector2-example-com._domainkey.fabrikam.onmicrosoft.com.\n');
  one(r, 'dkim/m365-tenant-mismatch', 'selector2-example-com._domainkey.fabrikam.onmicrosoft.com.');
  r = await lint(NEW1 + 'selector2._domainkey IN CNAME selector2-example-com._domainkey.contoso.p-v1.dkim.mail.microsoft.\n');
  assert.equal(of(r.findings, 'dkim/m365-tenant-mismatch').length, 1);
  await none(LEGACY1 + LEGACY2, 'dkim/m365-tenant-mismatch');
});

test('octoDNS: the M365 rewrite is a plain value edit; selector2 is not inserted into YAML', async () => {
  const yaml = '---\nselector1._domainkey:\n  type: CNAME\n  value: selector1-example-org._domainkey.contoso.onmicrosoft.com.\n';
  const file = new SourceFile('/ws/example.com.yaml', yaml);
  const run = await lintZone(parseOctodns(file, { origin: 'example.com.' }));
  const f = of(run.findings, 'dkim/m365-cname')[0];
  assert.equal(yaml.slice(f.start, f.end), 'selector1-example-org._domainkey.contoso.onmicrosoft.com.');
  assert.ok(applied(f.fixes[0], file).includes('value: selector1-example-com._domainkey.contoso.onmicrosoft.com.\n'));
  const miss = of(run.findings, 'dkim/m365-selector-missing')[0];
  assert.ok(miss, 'selector2 missing is still reported');
  assert.deepEqual(miss.fixes, []);
});
