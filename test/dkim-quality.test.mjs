// A DNS admin's quality pass over the DKIM rules: one finding per problem across the octoDNS
// reader and the Microsoft 365 rules, Microsoft's domainGUID as the MX shows it, and plain words
// for a wildcard revocation. Each test has a record that triggers and a twin that must not.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../dist/engine.js';
import { applied, of, one, HEAD, lint } from './helpers/findings.mjs';

const { SourceFile, parseZone, parseOctodns, lintZone } = engine;

async function lintYaml(yaml) {
  const zone = parseOctodns(new SourceFile('/ws/example.com.yaml', yaml), { origin: 'example.com.' });
  const run = await lintZone(zone);
  assert.deepEqual(run.ruleErrors, []);
  return { zone, text: yaml, findings: run.findings };
}

const S2 = 'selector2._domainkey:\n  type: CNAME\n  value: selector2-example-com._domainkey.contoso.onmicrosoft.com.\n';

test('octoDNS: a relative Microsoft 365 target is reported once (octodns/syntax, with the fix), not again by dkim/m365-cname', async () => {
  const target = 'selector1-example-com._domainkey.contoso.onmicrosoft.com';
  for (const written of [target, `'${target}'`, `"${target}"`]) {
    const yaml = `---\nselector1._domainkey:\n  type: CNAME\n  value: ${written}\n` + S2;
    const r = await lintYaml(yaml);
    assert.deepEqual(of(r.findings, 'dkim/m365-cname').map((f) => f.message), [], written);
    const f = of(r.findings, 'octodns/syntax');
    assert.equal(f.length, 1, written);
    assert.equal(yaml.slice(f[0].start, f[0].end), target, 'the range is the name, inside any quotes');
    assert.equal(f[0].fixes[0].title, 'Add the trailing dot');
    assert.ok(applied(f[0].fixes[0], r.zone.file).includes(`value: ${written.replace(target, target + '.')}\n`), written);
  }
  // A lenient record is published as written, so the Microsoft rule does report the missing dot.
  // (`octodns:` first: octoDNS wants every mapping's keys in natural order.)
  const lenient = `---\nselector1._domainkey:\n  octodns:\n    lenient: true\n  type: CNAME\n  value: ${target}\n` + S2;
  const r = await lintYaml(lenient);
  assert.deepEqual(of(r.findings, 'octodns/syntax'), []);
  const f = one(r, 'dkim/m365-cname', target);
  assert.match(f.message, /no trailing dot/);
  // The twin with the dot is quiet.
  const ok = await lintYaml(`---\nselector1._domainkey:\n  type: CNAME\n  value: ${target}.\n` + S2);
  assert.deepEqual(ok.findings.filter((x) => x.rule === 'octodns/syntax' || x.rule.startsWith('dkim/')), []);
});

test('dkim/m365-cname: a domainGUID with a suffix is right when the domain\'s MX uses it', async () => {
  const cn = (n) => `selector${n}._domainkey IN CNAME selector${n}-example-com01b._domainkey.contoso.onmicrosoft.com.\n`;
  // Quiet: the MX shows Microsoft named this domain example-com01b.
  let r = await lint('@ IN MX 0 example-com01b.mail.protection.outlook.com.\n' + cn(1) + cn(2));
  assert.deepEqual(of(r.findings, 'dkim/m365-cname'), []);
  // Without that MX the same targets look like another domain's, and the fix uses the domain's own form.
  r = await lint('@ IN MX 10 mail.example.net.\n' + cn(1) + cn(2));
  const fs = of(r.findings, 'dkim/m365-cname');
  assert.equal(fs.length, 2);
  assert.match(fs[0].message, /"example-com01b", not this domain \("example-com"\)/);
  assert.ok(applied(fs[0].fixes[0], r.zone.file).includes('CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com.\n'));
  // The MX's form is what the fix writes when the target names another domain.
  r = await lint('@ IN MX 0 example-com01b.mail.protection.outlook.com.\nselector1._domainkey IN CNAME selector1-example-org._domainkey.contoso.onmicrosoft.com.\n' + cn(2));
  const g = one(r, 'dkim/m365-cname', 'selector1-example-org._domainkey.contoso.onmicrosoft.com.');
  assert.ok(applied(g.fixes[0], r.zone.file).includes('CNAME selector1-example-com01b._domainkey.contoso.onmicrosoft.com.\n'));
});

test('dkim/revoked: a wildcard revocation is explained as such; a single revoked selector keeps its message', async () => {
  // (A domain with a null MX says itself that it sends no mail: that case is not reported, see record-kinds.)
  let r = await lint('@ IN MX 10 ns1\n*._domainkey IN TXT "v=DKIM1; p="\n');
  let f = one(r, 'dkim/revoked', 'p=');
  assert.match(f.message, /^This wildcard revokes every DKIM selector of example\.com that has no record of its own/);
  assert.doesNotMatch(f.message, /Selector "\*"/);
  r = await lint('old._domainkey IN TXT "v=DKIM1; p="\n');
  f = one(r, 'dkim/revoked', 'p=');
  assert.match(f.message, /^Selector "old" is revoked/);
  r = await lint('*._domainkey IN TXT "v=DKIM1; p=MCowBQYDK2VwAyEA"\n');
  assert.deepEqual(of(r.findings, 'dkim/revoked'), []);
});

test('DKIM keys: a DER shape check rejects cut keys before node:crypto, and results are cached by key text', async () => {
  const { generateKeyPairSync } = await import('node:crypto');
  const der = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' });
  assert.equal(engine.derShape(der), 'spki');
  const pkcs1 = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'pkcs1', format: 'der' });
  assert.equal(engine.derShape(pkcs1), 'pkcs1');
  // The same length with the RSAPublicKey inside replaced by noise: the shape check says no.
  const noise = Buffer.from(der);
  for (let i = 30; i < noise.length; i++) noise[i] = (i * 37) & 0xff;
  assert.equal(engine.derShape(noise), undefined);
  assert.equal(engine.derShape(der.subarray(0, der.length - 10)), undefined);
  // Findings are the same for a good key, a cut key and a noisy key, cached or not.
  const good = der.toString('base64');
  for (let round = 0; round < 2; round++) {
    const r = await lint(`a._domainkey IN TXT ( "v=DKIM1; k=rsa; p=${good.slice(0, 200)}" "${good.slice(200)}" )\nb._domainkey IN TXT "v=DKIM1; p=${noise.toString('base64').slice(0, 200)}" "${noise.toString('base64').slice(200)}"\n`);
    assert.deepEqual(r.findings.filter((f) => f.rule.startsWith('dkim/')).map((f) => [f.rule, r.text.slice(f.start, f.start + 12)]), [['dkim/invalid-key', 'MIIBIjANBgkq']]);
    assert.match(of(r.findings, 'dkim/invalid-key')[0].message, /Selector "b": p= does not decode to an RSA public key/);
  }
});
