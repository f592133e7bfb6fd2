// A review of the DKIM rules against RFC 6376 §3.2/§3.6.1, RFC 8301, RFC 8463 and what verifiers
// (OpenDKIM, dkimpy) do with a key record: each test has records that must trigger and twins that
// must stay quiet. Keys are generated with node:crypto, so their sizes and types are real.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import * as engine from '../dist/engine.js';
import { applied, of, one, HEAD, lint } from './helpers/findings.mjs';

const { SourceFile, parseZone, lintZone } = engine;

const dkim = (r) => r.findings.filter((f) => f.rule.startsWith('dkim/')).map((f) => `${f.rule}: ${f.message}`);
async function quiet(body) {
  assert.deepEqual(dkim(await lint(body)), [], body);
}

const spki = (key) => key.export({ type: 'spki', format: 'der' }).toString('base64');
const rsaPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const RSA2048 = spki(rsaPair.publicKey);
const PKCS1 = rsaPair.publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64');
const edPub = generateKeyPairSync('ed25519').publicKey;
const ED_RAW = edPub.export({ type: 'spki', format: 'der' }).subarray(12).toString('base64');

/** A TXT record with the value split into 255-byte strings, as BIND users publish it. */
function txt(owner, value) {
  const parts = [];
  for (let i = 0; i < value.length; i += 255) parts.push(`"${value.slice(i, i + 255)}"`);
  return `${owner} IN TXT ( ${parts.join('\n    ')} )\n`;
}
/** The joined TXT value of the record at `owner` in a fixed zone text. */
function valueIn(text, owner) {
  const zone = parseZone(new SourceFile('/ws/example.com.zone', text), { origin: 'example.com.' });
  assert.deepEqual(zone.problems, []);
  const rec = zone.records.find((r) => r.owner === owner && r.type === 'TXT');
  return rec.strings.map((s) => s.value).join('');
}

test('RFC 6376 §3.6.1: valid key records in their allowed variety raise nothing', async () => {
  await quiet(txt('a._domainkey', `k=rsa; p=${RSA2048}`)); // v= is optional
  await quiet(txt('b._domainkey', `v=DKIM1; p=${RSA2048}; k=rsa; h=sha256:sha1; s=email; t=s; n=rotated 2026; x=unknown`));
  await quiet(txt('c._domainkey', `v=DKIM1; s=*:email; h=sha1:sha256; p=${RSA2048.slice(0, 100)} ${RSA2048.slice(100, 200)}\t${RSA2048.slice(200)}`));
  await quiet(txt('d._domainkey', `v=DKIM1; k=ed25519; h=sha256; p=${ED_RAW}`));
  await quiet(`e._domainkey IN CNAME e.dkim.provider.example.\n`);
});

test('not key records: _adsp._domainkey (RFC 5617) and _report._domainkey (RFC 6651) are not selectors', async () => {
  // A selector is a sub-domain of letters, digits and hyphens (RFC 6376 §3.1, RFC 5321 sub-domain),
  // so a name starting with "_" under _domainkey is another protocol's record, never a key.
  await quiet('_adsp._domainkey IN TXT "dkim=all"\n');
  await quiet('_report._domainkey IN TXT "ra=dkim-errors; rp=100; rr=v"\n');
  // A real selector without p= is still reported.
  const r = await lint('sel._domainkey IN TXT "dkim=all"\n');
  one(r, 'dkim/missing-key', '"dkim=all"');
});

test('dkim/syntax: a tag given twice makes the whole key record invalid (RFC 6376 §3.2)', async () => {
  let r = await lint(txt('a._domainkey', `v=DKIM1; k=rsa; p=${RSA2048}; k=ed25519`));
  const f = one(r, 'dkim/syntax', 'k=ed25519');
  assert.match(f.message, /k= is given twice/);
  assert.match(f.message, /RFC 6376 §3\.2/);
  r = await lint(`b._domainkey IN TXT "v=DKIM1; p=; p=${ED_RAW}; k=ed25519"\n`);
  one(r, 'dkim/syntax', `p=${ED_RAW}`);
  // Tags that differ are fine, and so is a tag name that only repeats inside a value.
  await quiet(txt('c._domainkey', `v=DKIM1; n=p=1 k=2; p=${RSA2048}`));
});

test('dkim/syntax: tag names are case-sensitive (RFC 6376 §3.2): P= is not p=, with a fix to lower-case', async () => {
  const r = await lint(txt('a._domainkey', `v=DKIM1; K=rsa; P=${RSA2048}`));
  const fs = of(r.findings, 'dkim/syntax');
  assert.equal(fs.length, 2, fs.map((f) => f.message).join(' | '));
  const p = fs.find((f) => r.text.slice(f.start, f.end) === 'P');
  assert.ok(p, 'the range is the tag name');
  assert.match(p.message, /"P" is not "p"/);
  assert.match(p.message, /no key/);
  const fixed = applied(p.fixes[0], r.zone.file);
  assert.equal(valueIn(fixed, 'a._domainkey.example.com.'), `v=DKIM1; K=rsa; p=${RSA2048}`);
  await quiet(txt('b._domainkey', `v=DKIM1; k=rsa; p=${RSA2048}; X=unknown`)); // an unknown tag in any case is ignored
});

test('dkim/sha1: an h= with no sha256 — sha1 with unknown names, or no known algorithm at all', async () => {
  // Unknown algorithms are ignored (RFC 6376 §3.6.1), so h=sha1:md5 allows SHA-1 only.
  let r = await lint(txt('a._domainkey', `v=DKIM1; h=sha1:md5; p=${RSA2048}`));
  let f = one(r, 'dkim/sha1', 'h=sha1:md5');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /only SHA-1/);
  // No algorithm a verifier knows: the key verifies nothing.
  for (const h of ['sha-256', 'md5', 'SHA_256']) {
    r = await lint(txt('b._domainkey', `v=DKIM1; h=${h}; p=${RSA2048}`));
    f = one(r, 'dkim/sha1', `h=${h}`);
    assert.equal(f.severity, 'error', h);
    assert.match(f.message, /no hash algorithm/, h);
    assert.match(f.message, /every signature/, h);
    assert.ok(applied(f.fixes[0], r.zone.file).includes('"v=DKIM1; h=sha256; p='), h);
  }
  await quiet(txt('c._domainkey', `v=DKIM1; h=sha256:md5; p=${RSA2048}`));
});

test('dkim/invalid-key: a bare PKCS#1 RSAPublicKey is a warning with a fix that wraps it in SubjectPublicKeyInfo', async () => {
  // RFC 6376 is inconsistent (erratum 3017); OpenDKIM (d2i_PUBKEY) and dkimpy read only SubjectPublicKeyInfo.
  const r = await lint(txt('a._domainkey', `v=DKIM1; k=rsa; p=${PKCS1}`));
  const fs = of(r.findings, 'dkim/invalid-key');
  assert.equal(fs.length, 1);
  const f = fs[0];
  assert.equal(r.text.slice(f.start, f.end).replace(/"\s*"/g, ''), PKCS1, 'the range is p= across both strings');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /PKCS#1/);
  assert.match(f.message, /SubjectPublicKeyInfo/);
  const fixed = valueIn(applied(f.fixes[0], r.zone.file), 'a._domainkey.example.com.');
  assert.equal(fixed, `v=DKIM1; k=rsa; p=${RSA2048}`);
  assert.equal(createPublicKey({ key: Buffer.from(fixed.slice(fixed.indexOf('p=') + 2), 'base64'), format: 'der', type: 'spki' }).asymmetricKeyDetails.modulusLength, 2048);
  // The fixed record is quiet.
  await quiet(txt('a._domainkey', `v=DKIM1; k=rsa; p=${RSA2048}`));
});

test('dkim/invalid-key: a raw Ed25519 key without k= says to add k=ed25519 and offers it', async () => {
  const r = await lint(txt('a._domainkey', `v=DKIM1; p=${ED_RAW}`));
  const f = one(r, 'dkim/invalid-key', ED_RAW);
  assert.match(f.message, /raw 32-byte Ed25519 key/);
  assert.match(f.message, /k=ed25519/);
  assert.doesNotMatch(f.message, /Publish the key again/);
  assert.equal(f.fixes[0].title, 'Add k=ed25519');
  const fixed = valueIn(applied(f.fixes[0], r.zone.file), 'a._domainkey.example.com.');
  assert.equal(fixed, `v=DKIM1; k=ed25519; p=${ED_RAW}`);
  // The message names the key type with the right article.
  const ec = spki(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey);
  const r2 = await lint(txt('b._domainkey', `v=DKIM1; p=${ec}`));
  assert.match(one(r2, 'dkim/invalid-key', ec).message, /holds an EC key/);
});

test('dkim/service-type: s= without email or * makes verifiers ignore the key (RFC 6376 §3.6.1)', async () => {
  let r = await lint(txt('a._domainkey', `v=DKIM1; s=mail; p=${RSA2048}`));
  const f = one(r, 'dkim/service-type', 's=mail');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /email/);
  assert.ok(applied(f.fixes[0], r.zone.file).includes('"v=DKIM1; s=email; p='));
  r = await lint(txt('b._domainkey', `v=DKIM1; s=; p=${RSA2048}`));
  one(r, 'dkim/service-type', 's=');
  await quiet(txt('c._domainkey', `v=DKIM1; s=email; p=${RSA2048}`));
  await quiet(txt('d._domainkey', `v=DKIM1; s=*; p=${RSA2048}`));
  await quiet(txt('e._domainkey', `v=DKIM1; s=tlsrpt:email; p=${RSA2048}`));
});

test('dkim/missing-key: an unquoted value cut by ";" (a zone-file comment) is named as the cause', async () => {
  const r = await lint(`a._domainkey IN TXT v=DKIM1; k=rsa; p=${RSA2048}\n`);
  const f = one(r, 'dkim/missing-key', 'v=DKIM1');
  assert.match(f.message, /starts a comment/);
  assert.match(f.message, /double quotes/);
  const fixed = applied(f.fixes[0], r.zone.file);
  assert.equal(valueIn(fixed, 'a._domainkey.example.com.'), `v=DKIM1; k=rsa; p=${RSA2048}`);
  assert.deepEqual(dkim(await lint(fixed.slice(HEAD.length))), []);
  // A quoted record without p= keeps the plain message.
  const r2 = await lint('b._domainkey IN TXT "v=DKIM1; k=rsa" ; no key yet\n');
  assert.doesNotMatch(one(r2, 'dkim/missing-key', '"v=DKIM1; k=rsa"').message, /comment/);
});

test('dkim/m365-selector-missing: the added selector uses the domainGUID of the one present', async () => {
  const mx = '@ IN MX 0 example-com01b.mail.protection.outlook.com.\n';
  const s1 = 'selector1._domainkey IN CNAME selector1-example-com01b._domainkey.contoso.onmicrosoft.com.\n';
  const r = await lint(mx + s1);
  const f = one(r, 'dkim/m365-selector-missing', 'selector1._domainkey');
  const fixed = applied(f.fixes[0], r.zone.file);
  assert.ok(fixed.includes('selector2._domainkey IN CNAME selector2-example-com01b._domainkey.contoso.onmicrosoft.com.\n'), fixed);
  // The fixed zone is quiet.
  assert.deepEqual(dkim(await lint(fixed.slice(HEAD.length))), []);
});

test('dkim/multiple-records: two TXT records at one selector (RFC 6376 §3.6.2.2); the same record twice is one', async () => {
  const r = await lint(txt('a._domainkey', `v=DKIM1; p=${RSA2048}`) + `a._domainkey IN TXT "v=DKIM1; k=ed25519; p=${ED_RAW}"\n`);
  const fs = of(r.findings, 'dkim/multiple-records');
  assert.equal(fs.length, 2, 'each record of the selector is marked');
  assert.match(fs[0].message, /2 key records/);
  assert.match(fs[0].message, /RFC 6376 §3\.6\.2\.2/);
  assert.equal(fs[0].related.length, 1);
  // Identical records are one RR (the server keeps one copy); other selectors are separate.
  const dup = await lint(`b._domainkey IN TXT "v=DKIM1; k=ed25519; p=${ED_RAW}"\nb._domainkey IN TXT "v=DKIM1; k=ed25519; p=${ED_RAW}"\n`);
  assert.deepEqual(of(dup.findings, 'dkim/multiple-records'), []);
  await quiet(`c._domainkey IN TXT "v=DKIM1; k=ed25519; p=${ED_RAW}"\nd._domainkey IN TXT "v=DKIM1; k=ed25519; p=${ED_RAW}"\n`);
});

test('dkim/sha1: h=sha1 on an Ed25519 key leaves no algorithm at all (RFC 8463 §3: ed25519-sha256 only)', async () => {
  const r = await lint(`a._domainkey IN TXT "v=DKIM1; k=ed25519; h=sha1; p=${ED_RAW}"\n`);
  const f = one(r, 'dkim/sha1', 'h=sha1');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /ed25519-sha256/);
  const rsa = await lint(txt('b._domainkey', `v=DKIM1; h=sha1; p=${RSA2048}`));
  assert.equal(one(rsa, 'dkim/sha1', 'h=sha1').severity, 'warning');
});

test('a 2048-bit key pasted as one string: BIND gets zone/string-too-long with a split that keeps the key; octoDNS splits it itself', async () => {
  const value = `v=DKIM1; k=rsa; p=${RSA2048}`;
  const r = await lint(`a._domainkey IN TXT "${value}"\n`);
  const f = one(r, 'zone/string-too-long', `"${value}"`);
  assert.deepEqual(dkim(r), [], 'the key itself is fine: no DKIM finding besides the string length');
  const fixed = applied(f.fixes[0], r.zone.file);
  assert.equal(valueIn(fixed, 'a._domainkey.example.com.'), value, 'the strings join back to the same key record (RFC 6376 §3.6.2.2)');
  const again = await lint(fixed.slice(HEAD.length));
  assert.deepEqual(again.findings.filter((x) => x.rule.startsWith('dkim/') || x.rule.startsWith('zone/')).map((x) => x.rule), []);
  // octoDNS chunks a long TXT value into 255-byte strings when it pushes it (its _ChunkedValue): nothing to report.
  const yaml = `---\na._domainkey:\n  type: TXT\n  value: v=DKIM1\\; k=rsa\\; p=${RSA2048}\n`;
  const run = await lintZone(engine.parseOctodns(new SourceFile('/ws/example.com.yaml', yaml), { origin: 'example.com.' }));
  assert.deepEqual(run.findings.map((x) => `${x.rule}: ${x.message}`), []);
});

test('dkim/testing: the message says what t=y asks of verifiers, not that every receiver ignores the signature', async () => {
  // RFC 6376 §3.6.1 asks verifiers to treat test-mode mail like unsigned mail; OpenDKIM still reports dkim=pass.
  const r = await lint(txt('a._domainkey', `v=DKIM1; t=y; p=${RSA2048}`));
  const f = one(r, 'dkim/testing', 't=y');
  assert.match(f.message, /RFC 6376 §3\.6\.1/);
  assert.match(f.message, /receivers that follow it/);
  assert.doesNotMatch(f.message, /DKIM does not help DMARC/);
});

test('a fix that writes a long key (PKCS#1 → SubjectPublicKeyInfo of a 4096-bit key) splits it into strings of at most 255 bytes', async () => {
  const P4096 = generateKeyPairSync('rsa', { modulusLength: 4096 }).publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64');
  const r = await lint(txt('a._domainkey', `v=DKIM1; k=rsa; p=${P4096}`));
  const f = of(r.findings, 'dkim/invalid-key')[0];
  const fixed = applied(f.fixes[0], r.zone.file);
  const zone = parseZone(new SourceFile('/ws/example.com.zone', fixed), { origin: 'example.com.' });
  const rec = zone.records.find((x) => x.owner === 'a._domainkey.example.com.');
  assert.ok(rec.strings.every((s) => s.value.length <= 255), rec.strings.map((s) => s.value.length).join(' '));
  const again = await lint(fixed.slice(HEAD.length));
  assert.deepEqual(again.findings.filter((x) => x.rule.startsWith('dkim/') || x.rule.startsWith('zone/')).map((x) => `${x.rule}: ${x.message}`), []);
});

test('dkim/m365-cname: a target written absolute with the origin after Microsoft\'s name says so', async () => {
  const r = await lint('selector1._domainkey IN CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com.example.com.\nselector2._domainkey IN CNAME selector2-example-com._domainkey.contoso.onmicrosoft.com.\n');
  const f = one(r, 'dkim/m365-cname', 'selector1-example-com._domainkey.contoso.onmicrosoft.com.example.com.');
  assert.match(f.message, /goes on after Microsoft's name with "\.example\.com"/);
  assert.ok(applied(f.fixes[0], r.zone.file).includes('selector1._domainkey IN CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com.\n'));
});
