// The shared tag-list parser, MTA-STS, TLS-RPT, BIMI, DANE and MX rules, and the hovers and
// completions of the tag-list records.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../dist/engine.js';
import { applied, of, one, HEAD, lint, none } from './helpers/findings.mjs';

const { SourceFile, Workspace, parseZone, lintZone, parseTagListStrings, plainCharString, featureProviders, orgDomain } = engine;


// ---- tag-list parser ----------------------------------------------------------------------------

test('tag list: whitespace around = and ;, trailing ;, empty specs, names and values with spans', () => {
  const src = '  v = DMARC1 ;p=reject;; rua = mailto:a@example.com , mailto:b@example.com ; ';
  const tl = parseTagListStrings([plainCharString(src, 100)]);
  assert.deepEqual(tl.tags.map((t) => [t.name, t.value]), [['v', 'DMARC1'], ['p', 'reject'], ['rua', 'mailto:a@example.com , mailto:b@example.com']]);
  assert.deepEqual(tl.problems, []);
  const rua = tl.get('rua');
  assert.equal(src.slice(rua.nameSpan.start - 100, rua.nameSpan.end - 100), 'rua');
  assert.equal(src.slice(rua.valueSpan.start - 100, rua.valueSpan.end - 100), 'mailto:a@example.com , mailto:b@example.com');
});

test('tag list: problems for parts without = and bad names', () => {
  const tl = parseTagListStrings([plainCharString('v=DMARC1; p reject; 1x=2; =bare')]);
  assert.deepEqual(tl.problems.map((p) => tl.text.slice(p.at, p.endAt)), ['p reject', '1x', '=']);
  assert.deepEqual(tl.tags.map((t) => t.key), ['v']);
});

test('tag list: strings are joined with nothing between them, spans map back across the boundary', () => {
  // Source: "v=DKIM1; p=AB" "CD"  (quoted strings at known offsets)
  const src = '"v=DKIM1; p=AB" "CD"';
  const cs = (value, start) => ({ value, quoted: true, start, end: start + value.length + 2, sourceOffset: (i) => start + 1 + i });
  const tl = parseTagListStrings([cs('v=DKIM1; p=AB', 0), cs('CD', 16)]);
  const p = tl.get('p');
  assert.equal(p.value, 'ABCD');
  assert.equal(src.slice(p.valueSpan.start, p.valueSpan.end), 'AB" "CD');
  assert.equal(tl.inOneString(p.valueAt, p.endAt), false);
  assert.equal(tl.inOneString(0, 7), true);
});

test('tag list: never throws or hangs on hostile input', () => {
  const inputs = ['', ';', ';;;;', '=', '===', 'a', 'a=', '\x00\xff=\x01', 'x'.repeat(100000) + '=1', '; '.repeat(50000)];
  for (const s of inputs) {
    const tl = parseTagListStrings([plainCharString(s)]);
    assert.ok(Array.isArray(tl.tags));
  }
  assert.equal(parseTagListStrings([]).tags.length, 0);
});

test('organizational domain from the public suffix list', () => {
  assert.equal(orgDomain('mail.example.co.uk.'), 'example.co.uk.');
  assert.equal(orgDomain('_dmarc.a.b.example.com.'), 'example.com.');
  assert.equal(orgDomain('example.com'), 'example.com.');
});

// ---- MTA-STS and TLS-RPT ----------------------------------------------------------------------

const STS = '_mta-sts IN TXT "v=STSv1; id=20260101T000000"\nmta-sts IN CNAME sts.provider.example.\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"\n';

test('a complete MTA-STS + TLS-RPT setup raises nothing', async () => {
  const r = await lint(STS);
  assert.deepEqual(r.findings.filter((f) => /^(mta-sts|tlsrpt)\//.test(f.rule)).map((f) => f.message), []);
});

test('mta-sts/syntax: version not first, id missing, two records', async () => {
  let r = await lint('_mta-sts IN TXT "id=1; v=STSv1"\nmta-sts IN A 192.0.2.1\n');
  one(r, 'mta-sts/syntax', '"id=1; v=STSv1"');
  r = await lint('_mta-sts IN TXT "v=STSv1"\nmta-sts IN A 192.0.2.1\n');
  assert.match(one(r, 'mta-sts/syntax', '"v=STSv1"').message, /id= tag is missing/);
  r = await lint('_mta-sts IN TXT "v=STSv1; id=1"\n_mta-sts IN TXT "v=STSv1; id=2"\nmta-sts IN A 192.0.2.1\n');
  assert.match(one(r, 'mta-sts/syntax', '"v=STSv1; id=2"').message, /more than one/);
  await none(STS, 'mta-sts/syntax');
});

test('mta-sts/id-invalid: fix writes a fresh id of letters and digits', async () => {
  const r = await lint('_mta-sts IN TXT "v=STSv1; id=2026-01-01"\nmta-sts IN A 192.0.2.1\n');
  const f = one(r, 'mta-sts/id-invalid', 'id=2026-01-01');
  const fixed = applied(f.fixes[0], r.zone.file);
  const m = /_mta-sts IN TXT "v=STSv1; id=([A-Za-z0-9]+)"/.exec(fixed);
  assert.ok(m && m[1].length <= 32 && m[1].length >= 8, fixed);
  await none(STS, 'mta-sts/id-invalid');
});

test('mta-sts/policy-host-missing and mta-sts/tlsrpt-missing (fix adds _smtp._tls)', async () => {
  const r = await lint('_mta-sts IN TXT "v=STSv1; id=20260101"\n');
  one(r, 'mta-sts/policy-host-missing', '_mta-sts');
  const f = of(r.findings, 'mta-sts/tlsrpt-missing')[0];
  assert.equal(r.text.slice(f.start, f.end), '_mta-sts');
  assert.ok(applied(f.fixes[0], r.zone.file).endsWith('_mta-sts IN TXT "v=STSv1; id=20260101"\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"\n'));
  await none(STS, 'mta-sts/policy-host-missing');
  await none(STS, 'mta-sts/tlsrpt-missing');
});

test('tlsrpt/syntax and tlsrpt/uri-invalid', async () => {
  let r = await lint('_smtp._tls IN TXT "v=TLSRPTv1"\n');
  one(r, 'tlsrpt/syntax', '"v=TLSRPTv1"');
  r = await lint('_smtp._tls IN TXT "rua=mailto:a@example.com; v=TLSRPTv1"\n');
  assert.equal(of(r.findings, 'tlsrpt/syntax').length, 1);
  await none(STS, 'tlsrpt/syntax');
  r = await lint('_smtp._tls IN TXT "v=TLSRPTv1; rua=tlsrpt@example.com,https://reports.example.com/tls,http://x.example/r"\n');
  const fs = of(r.findings, 'tlsrpt/uri-invalid');
  assert.deepEqual(fs.map((f) => r.text.slice(f.start, f.end)), ['tlsrpt@example.com', 'http://x.example/r']);
  await none('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com,https://reports.example.com/v1"\n', 'tlsrpt/uri-invalid');
});

// ---- BIMI ----------------------------------------------------------------------------------------

const DMARC_REJECT = '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n';
const BIMI = 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem"\n';

test('bimi/syntax', async () => {
  const r = await lint(DMARC_REJECT + 'default._bimi IN TXT "l=https://example.com/logo.svg"\n');
  one(r, 'bimi/syntax', '"l=https://example.com/logo.svg"');
  await none(DMARC_REJECT + BIMI, 'bimi/syntax');
  await none(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; l=; a=;"\n', 'bimi/syntax');
});

test('bimi/https-required: http, not svg', async () => {
  const r = await lint(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; l=http://example.com/logo.svg; a=https://example.com/vmc.pem"\n');
  one(r, 'bimi/https-required', 'http://example.com/logo.svg');
  const r2 = await lint(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.png"\n');
  assert.match(one(r2, 'bimi/https-required', 'https://example.com/logo.png').message, /svg/);
  await none(DMARC_REJECT + BIMI, 'bimi/https-required');
});

test('bimi/dmarc-not-enforced: p=none, quarantine with pct<100, and subdomains inheriting sp', async () => {
  let r = await lint('_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@example.com"\n' + BIMI);
  one(r, 'bimi/dmarc-not-enforced', '"v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem"');
  // BIMI draft §7.1 step 9: pct below 100 matters with p=quarantine only (p=reject takes any pct).
  r = await lint('_dmarc IN TXT "v=DMARC1; p=quarantine; pct=50; rua=mailto:d@example.com"\n' + BIMI);
  assert.match(of(r.findings, 'bimi/dmarc-not-enforced')[0].message, /50%/);
  r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com"\ndefault._bimi.shop IN TXT "v=BIMI1; l=https://example.com/logo.svg"\n');
  assert.match(of(r.findings, 'bimi/dmarc-not-enforced')[0].message, /subdomains/);
  await none(DMARC_REJECT + BIMI, 'bimi/dmarc-not-enforced');
  await none('_dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:d@example.com"\ndefault._bimi.shop IN TXT "v=BIMI1; l=https://example.com/logo.svg"\n', 'bimi/dmarc-not-enforced');
});

// ---- DANE and MX -------------------------------------------------------------------------------------

const H64 = 'a'.repeat(64);

test('dane/tlsa-invalid: out-of-range fields and hash lengths', async () => {
  let r = await lint(`_25._tcp.mail IN TLSA 4 1 1 ${H64}\n`);
  one(r, 'dane/tlsa-invalid', '4', 'TLSA 4');
  r = await lint('_25._tcp.mail IN TLSA 3 1 1 abcd\n');
  assert.match(one(r, 'dane/tlsa-invalid', 'abcd').message, /64 hex digits/);
  r = await lint(`_25._tcp.mail IN TLSA 3 1 2 ${H64}\n`);
  assert.match(one(r, 'dane/tlsa-invalid', H64).message, /128/);
  await none(`_25._tcp.mail IN TLSA 3 1 1 ${H64}\n_25._tcp.mx2 IN TLSA 2 0 2 ${'b'.repeat(128)}\n`, 'dane/tlsa-invalid');
});

test('dane/smtp-usage and dane/matching-full', async () => {
  let r = await lint(`_25._tcp.mail IN TLSA 1 1 1 ${H64}\n`);
  one(r, 'dane/smtp-usage', '1', 'TLSA 1');
  await none(`_443._tcp.www IN TLSA 1 1 1 ${H64}\n_25._tcp.mail IN TLSA 3 1 1 ${H64}\n`, 'dane/smtp-usage');
  r = await lint('_25._tcp.mail IN TLSA 3 1 0 3059301306072a8648ce3d020106082a8648ce3d03010703420004\n');
  one(r, 'dane/matching-full', '0', 'TLSA 3 1 0');
  await none(`_25._tcp.mail IN TLSA 3 1 1 ${H64}\n`, 'dane/matching-full');
});

test('mx/null-mx, mx/target-cname, mx/target-ip', async () => {
  let r = await lint('@ IN MX 0 .\n@ IN MX 10 mail\nmail IN A 192.0.2.1\n');
  one(r, 'mx/null-mx', '@ IN MX 0 .');
  r = await lint('@ IN MX 10 .\n');
  one(r, 'mx/null-mx', '10', 'MX 10 .');
  await none('@ IN MX 0 .\n', 'mx/null-mx');

  r = await lint('@ IN MX 10 mail\nmail IN CNAME host.provider.example.\n');
  one(r, 'mx/target-cname', 'mail', '@ IN MX');
  await none('@ IN MX 10 mail\nmail IN A 192.0.2.1\n', 'mx/target-cname');

  r = await lint('@ IN MX 10 192.0.2.1\n');
  one(r, 'mx/target-ip', '192.0.2.1');
  await none('@ IN MX 10 mx1.example.net.\n', 'mx/target-ip');
});

// ---- hovers and completions -----------------------------------------------------------------------

async function hoverAt(zone, rec, needle, delta = 1) {
  const ctx = { zone, workspace: new Workspace(), options: {} };
  for (const p of featureProviders) {
    const h = await p.hover?.(rec, zone.file.text.indexOf(needle) + delta, ctx);
    if (h) return h;
  }
  return undefined;
}

test('hover on a DMARC record: effective policy with defaults filled in; on a tag: meaning, values, default, this value', async () => {
  const text = HEAD + '_dmarc IN TXT "v=DMARC1; p=reject; sp=quarantine; " "rua=mailto:d@example.com; adkim=s"\n';
  const zone = parseZone(new SourceFile('/ws/example.com.zone', text), { origin: 'example.com.' });
  const rec = zone.records.find((r) => r.owner === '_dmarc.example.com.');
  let h = await hoverAt(zone, rec, '_dmarc');
  assert.equal(text.slice(h.start, h.end), '_dmarc');
  assert.match(h.markdown, /Receivers reject mail from example\.com that fails DMARC/);
  assert.match(h.markdown, /Subdomains: quarantine/);
  assert.match(h.markdown, /Non-existent subdomains: quarantine/);
  assert.match(h.markdown, /Aggregate reports go to d@example\.com/);
  assert.match(h.markdown, /DKIM strict/);
  h = await hoverAt(zone, rec, 'v=DMARC1');
  assert.match(h.markdown, /Receivers reject/);
  h = await hoverAt(zone, rec, 'sp=');
  assert.equal(text.slice(h.start, h.end), 'sp=quarantine');
  assert.match(h.markdown, /Subdomain policy/);
  assert.match(h.markdown, /Default: the value of `p`/);
  assert.match(h.markdown, /Here: `quarantine`/);
  h = await hoverAt(zone, rec, 'adkim');
  assert.match(h.markdown, /strict: exactly the From domain/);
});

test('hover on a DKIM key tells the key type and size', async () => {
  const { generateKeyPairSync } = await import('node:crypto');
  const p = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const text = HEAD + `s1._domainkey IN TXT "v=DKIM1; k=rsa; p=${p}"\n`;
  const zone = parseZone(new SourceFile('/ws/example.com.zone', text), { origin: 'example.com.' });
  const rec = zone.records.find((r) => r.owner.startsWith('s1.'));
  const h = await hoverAt(zone, rec, 's1._domainkey');
  assert.match(h.markdown, /RSA key, 1024 bits — weak/);
  const hk = await hoverAt(zone, rec, 'k=rsa');
  assert.match(hk.markdown, /Key type/);
});

test('hover on a DKIM record reads its tags by their exact names (RFC 6376 §3.2): `P=` is no key', async () => {
  const { generateKeyPairSync } = await import('node:crypto');
  const p = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const text = HEAD + `s1._domainkey IN TXT "v=DKIM1; k=rsa; P=${p}"\ns2._domainkey IN TXT "v=DKIM1; k=rsa; p=${p}; T=y"\n`;
  const zone = parseZone(new SourceFile('/ws/example.com.zone', text), { origin: 'example.com.' });
  const h1 = await hoverAt(zone, zone.records.find((r) => r.owner.startsWith('s1.')), 's1._domainkey');
  assert.match(h1.markdown, /No `p=` tag: no key/);
  const h2 = await hoverAt(zone, zone.records.find((r) => r.owner.startsWith('s2.')), 's2._domainkey');
  assert.match(h2.markdown, /RSA key, 1024 bits/);
  assert.doesNotMatch(h2.markdown, /Testing/);
});

test('completion: tag names not yet present, then values of the tag at the cursor', async () => {
  const text = HEAD + '_dmarc IN TXT "v=DMARC1; p=none; "\n_mta-sts IN TXT "v=STSv1; id=1"\n';
  const zone = parseZone(new SourceFile('/ws/example.com.zone', text), { origin: 'example.com.' });
  const rec = zone.records.find((r) => r.owner === '_dmarc.example.com.');
  const ctx = { zone, workspace: new Workspace(), options: {} };
  const complete = (r, off) => featureProviders.map((p) => p.complete?.(r, off, ctx)).find((x) => x);
  const at = text.indexOf('p=none; ') + 'p=none; '.length;
  const names = complete(rec, at).map((c) => c.label);
  assert.ok(names.includes('rua') && names.includes('sp') && names.includes('adkim'));
  assert.ok(!names.includes('p') && !names.includes('v') && !names.includes('pct'), names.join());
  const vals = complete(rec, text.indexOf('p=none') + 2).map((c) => c.label);
  assert.deepEqual(vals, ['none', 'quarantine', 'reject']);
  const c = complete(rec, text.indexOf('p=none') + 2)[2];
  assert.equal(c.replaceStart, text.indexOf('p=none') + 2);
  const sts = zone.records.find((r) => r.owner === '_mta-sts.example.com.');
  assert.deepEqual(complete(sts, text.indexOf('v=STSv1') + 2).map((x) => x.label), ['STSv1']);
});

test('completion: in an empty record (or before its first tag) only the version, which must come first; an MTA-STS id is a fresh one, never empty', async () => {
  const text = HEAD + '_dmarc IN TXT ""\n_dmarc.sub IN TXT " p=none"\n_mta-sts IN TXT "v=STSv1; "\n_mta-sts.sub IN TXT "v=STSv1; id="\n';
  const zone = parseZone(new SourceFile('/ws/example.com.zone', text), { origin: 'example.com.' });
  const ctx = { zone, workspace: new Workspace(), options: {} };
  const complete = (r, off) => featureProviders.map((p) => p.complete?.(r, off, ctx)).find((x) => x);
  const rec = (o) => zone.records.find((r) => r.owner === o);
  assert.deepEqual(complete(rec('_dmarc.example.com.'), text.indexOf('""') + 1).map((c) => c.label), ['v']);
  assert.deepEqual(complete(rec('_dmarc.sub.example.com.'), text.indexOf('" p=none') + 1).map((c) => c.label), ['v']);
  const id = complete(rec('_mta-sts.example.com.'), text.indexOf('v=STSv1; "') + 'v=STSv1; '.length).find((c) => c.label === 'id');
  assert.match(id.insertText, /^id=[A-Za-z0-9]{1,32}$/);
  const val = complete(rec('_mta-sts.sub.example.com.'), text.indexOf('id="') + 3);
  assert.equal(val.length, 1);
  assert.match(val[0].label, /^[A-Za-z0-9]{1,32}$/);
});
