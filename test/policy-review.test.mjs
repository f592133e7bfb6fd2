// A DNS admin's and RFC reader's review of the MTA-STS (RFC 8461), TLS-RPT (RFC 8460), BIMI
// (draft-brand-indicators-for-message-identification-10), DANE (RFC 6698, 7671, 7672) and MX
// (RFC 7505, 2181 §10.3, 5321 §5.1) rules: each test is a defect found in review.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../dist/engine.js';
import { applied, of, one, HEAD, lint, none } from './helpers/findings.mjs';

const { SourceFile, parseZone, lintZone } = engine;


const STS_OK = 'mta-sts IN A 192.0.2.1\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"\n';

// ---- MTA-STS and TLS-RPT ---------------------------------------------------------------------

test('mta-sts/syntax, tlsrpt/syntax: extension names may start with a digit and hold "-", "_" and "." (RFC 8461 §3.1 sts-ext-name, RFC 8460 §3 tlsrpt-ext-name)', async () => {
  await none(STS_OK + '_mta-sts IN TXT "v=STSv1; id=20260101; x-ext=1; a.b=c; 9z=ok"\n', 'mta-sts/syntax');
  await none('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com; x-ext=1; 1x=y"\n', 'tlsrpt/syntax');
});

test('mta-sts/syntax, tlsrpt/syntax: an extension value with "=" or a space, or empty, breaks the grammar (sts-ext-value = 1*(%x21-3A / %x3C / %x3E-7E))', async () => {
  let r = await lint(STS_OK + '_mta-sts IN TXT "v=STSv1; id=20260101; ext=a=b"\n');
  assert.match(one(r, 'mta-sts/syntax', '"v=STSv1; id=20260101; ext=a=b"').message, /ext=.*RFC 8461 §3\.1/);
  r = await lint('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com; ext=a b"\n');
  assert.match(one(r, 'tlsrpt/syntax', '"v=TLSRPTv1; rua=mailto:a@example.com; ext=a b"').message, /ext=.*RFC 8460 §3/);
  r = await lint('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com; ext="\n');
  assert.equal(of(r.findings, 'tlsrpt/syntax').length, 1);
  const long = 'x' + '-'.repeat(40);
  r = await lint(`_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com; ${long}=1"\n`);
  assert.match(one(r, 'tlsrpt/syntax', `"v=TLSRPTv1; rua=mailto:a@example.com; ${long}=1"`).message, /not a valid field name/);
});

test('mta-sts/syntax, tlsrpt/syntax: id= and rua= are case-sensitive (%s"id=", %s"rua="): ID= is an extension, so the id is missing', async () => {
  let r = await lint(STS_OK + '_mta-sts IN TXT "v=STSv1; ID=20260101"\n');
  assert.match(one(r, 'mta-sts/syntax', '"v=STSv1; ID=20260101"').message, /id= tag is missing.*ID=/);
  r = await lint('_smtp._tls IN TXT "v=TLSRPTv1; RUA=mailto:a@example.com"\n');
  assert.match(one(r, 'tlsrpt/syntax', '"v=TLSRPTv1; RUA=mailto:a@example.com"').message, /rua= tag is missing.*RUA=/);
  // The id checks look at id= only.
  r = await lint(STS_OK + '_mta-sts IN TXT "v=STSv1; id=20260101; ID=a-b"\n');
  assert.deepEqual(of(r.findings, 'mta-sts/id-invalid'), []);
});

test('mta-sts/syntax: the same record written twice is one record (RFC 2181 §5), not two policies', async () => {
  await none(STS_OK + '_mta-sts IN TXT "v=STSv1; id=1"\n_mta-sts IN TXT "v=STSv1; id=1"\n', 'mta-sts/syntax');
  // A record that does not begin with v=STSv1 is discarded before counting (RFC 8461 §3.1).
  let r = await lint(STS_OK + '_mta-sts IN TXT "v=STSv1; id=1"\n_mta-sts IN TXT "v=STSv10; id=2"\n');
  assert.deepEqual(of(r.findings, 'mta-sts/syntax').map((f) => r.text.slice(f.start, f.end)), ['"v=STSv10; id=2"']);
  assert.doesNotMatch(of(r.findings, 'mta-sts/syntax')[0].message, /more than one/);
  r = await lint(STS_OK + '_mta-sts IN TXT "v=STSv1; id=1"\n_mta-sts IN TXT "v=STSv1; id=1"\n_mta-sts IN TXT "v=STSv1; id=2"\n');
  assert.match(one(r, 'mta-sts/syntax', '"v=STSv1; id=2"').message, /more than one/);
});

test('tlsrpt/syntax: two TLS-RPT records at one name mean no TLS-RPT at all (RFC 8460 §3)', async () => {
  const r = await lint('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com"\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:b@example.com"\n');
  assert.match(one(r, 'tlsrpt/syntax', '"v=TLSRPTv1; rua=mailto:b@example.com"').message, /2 TLS-RPT records at this name/);
  await none('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com"\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com"\n', 'tlsrpt/syntax');
});

test('mta-sts/tlsrpt-missing: _smtp._tls as a CNAME (delegated to a reporting provider) is TLS-RPT, and the fix must not add a TXT beside a CNAME', async () => {
  await none('mta-sts IN A 192.0.2.1\n_mta-sts IN TXT "v=STSv1; id=1"\n_smtp._tls IN CNAME _smtp._tls.provider.example.\n', 'mta-sts/tlsrpt-missing');
  await none('mta-sts IN A 192.0.2.1\n_mta-sts IN TXT "v=STSv1; id=1"\n_smtp._tls IN CNAME tlsrpt\ntlsrpt IN TXT "v=TLSRPTv1; rua=mailto:a@example.com"\n', 'mta-sts/tlsrpt-missing');
  // A CNAME to a name of this zone without TLS-RPT: still missing, and no fix that breaks the CNAME.
  const r = await lint('mta-sts IN A 192.0.2.1\n_mta-sts IN TXT "v=STSv1; id=1"\n_smtp._tls IN CNAME other\nother IN TXT "hello"\n');
  const f = one(r, 'mta-sts/tlsrpt-missing', '_mta-sts');
  assert.deepEqual(f.fixes, []);
});

test('tlsrpt/uri-invalid: white space inside an entry is not a URI; the DMARC "!size" suffix is named', async () => {
  let r = await lint('_smtp._tls IN TXT "v=TLSRPTv1; rua=https://reports.example.com/a b"\n');
  assert.match(one(r, 'tlsrpt/uri-invalid', 'https://reports.example.com/a b').message, /white space/);
  r = await lint('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com x"\n');
  one(r, 'tlsrpt/uri-invalid', 'mailto:a@example.com x');
  r = await lint('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com!10m"\n');
  assert.match(one(r, 'tlsrpt/uri-invalid', 'mailto:a@example.com!10m').message, /!10m/);
  await none('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com , https://r.example.com/v1"\n', 'tlsrpt/uri-invalid');
});

// ---- BIMI (draft-brand-indicators-for-message-identification-10) ------------------------------

const DMARC_REJECT = '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n';
const LOGO = 'l=https://example.com/logo.svg';

test('bimi/syntax: l= is REQUIRED (§4.3; empty declines): a record with only a= has no logo', async () => {
  const r = await lint(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; a=https://example.com/vmc.pem"\n');
  assert.match(one(r, 'bimi/syntax', '"v=BIMI1; a=https://example.com/vmc.pem"').message, /there is no l= \(logo\) tag/);
  await none(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; l=; a=https://example.com/vmc.pem"\n', 'bimi/syntax');
});

test('bimi/syntax: tag names are case-sensitive (§4.3: receivers MUST NOT fix capitalization errors): L= is not l=', async () => {
  const r = await lint(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; L=https://example.com/logo.svg"\n');
  const fs = of(r.findings, 'bimi/syntax');
  assert.deepEqual(fs.map((f) => [r.text.slice(f.start, f.end), f.severity]), [['"v=BIMI1; L=https://example.com/logo.svg"', 'error'], ['L', 'warning']]);
  assert.match(fs[0].message, /there is no l= \(logo\) tag \(L= is not l=/);
  assert.match(fs[1].message, /did you mean "l="\?/);
  assert.match(applied(fs[1].fixes[0], r.zone.file), /"v=BIMI1; l=https:/);
  // The other BIMI rules do not read L= as l= either.
  assert.deepEqual(of((await lint('_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@example.com"\ndefault._bimi IN TXT "v=BIMI1; L=http://x"\n')).findings, 'bimi/https-required'), []);
});

test('bimi/syntax: lps is "true" or "false" (§4.3, §4.5); another value is ignored by receivers', async () => {
  await none(DMARC_REJECT + `default._bimi IN TXT "v=BIMI1; ${LOGO}; lps=true"\n`, 'bimi/syntax');
  const r = await lint(DMARC_REJECT + `default._bimi IN TXT "v=BIMI1; ${LOGO}; lps=ceo"\n`);
  const f = one(r, 'bimi/syntax', 'ceo');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /lps=ceo is not "true" or "false"/);
});

test('bimi/syntax: two BIMI records at one selector mean no logo (§7.2 step 9); the same record twice is one', async () => {
  const r = await lint(DMARC_REJECT + `default._bimi IN TXT "v=BIMI1; ${LOGO}"\ndefault._bimi IN TXT "v=BIMI1; l=https://example.com/l2.svg"\n`);
  assert.match(one(r, 'bimi/syntax', '"v=BIMI1; l=https://example.com/l2.svg"').message, /more than one BIMI record/);
  await none(DMARC_REJECT + `default._bimi IN TXT "v=BIMI1; ${LOGO}"\ndefault._bimi IN TXT "v=BIMI1; ${LOGO}"\n`, 'bimi/syntax');
});

test('bimi/https-required: an SVGZ logo is allowed (§4.3.2: "only SVG and SVGZ")', async () => {
  await none(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svgz"\n', 'bimi/https-required');
  const r = await lint(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.png"\n');
  assert.match(one(r, 'bimi/https-required', 'https://example.com/logo.png').message, /\.svg or \.svgz/);
});

test('bimi/dmarc-not-enforced: §7.1 — reject with any pct is enforced; sp=none or p=none at the organizational domain is not', async () => {
  const BIMI = `default._bimi IN TXT "v=BIMI1; ${LOGO}"\n`;
  const SUB = `default._bimi.shop IN TXT "v=BIMI1; ${LOGO}"\n`;
  // Step 9: only p=quarantine needs pct=100.
  await none('_dmarc IN TXT "v=DMARC1; p=reject; pct=50; rua=mailto:d@example.com"\n' + BIMI, 'bimi/dmarc-not-enforced');
  let r = await lint('_dmarc IN TXT "v=DMARC1; p=quarantine; pct=50; rua=mailto:d@example.com"\n' + BIMI);
  assert.match(of(r.findings, 'bimi/dmarc-not-enforced')[0].message, /quarantines only 50% of failing mail/);
  // Step 8: sp=none in the domain's record, even for a logo of the domain itself.
  r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com"\n' + BIMI);
  assert.match(one(r, 'bimi/dmarc-not-enforced', `"v=BIMI1; ${LOGO}"`).message, /says sp=none/);
  // Step 7: a subdomain with its own p=reject, under an organizational domain at p=none.
  r = await lint('_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@example.com"\n_dmarc.shop IN TXT "v=DMARC1; p=reject"\n' + SUB);
  const f = one(r, 'bimi/dmarc-not-enforced', `"v=BIMI1; ${LOGO}"`);
  assert.match(f.message, /organizational domain example\.com is none/);
  assert.equal(f.related[0].start, r.text.indexOf('_dmarc IN TXT'));
  // Inherited: the organizational domain's sp; p=none with sp=reject still fails step 7.
  r = await lint('_dmarc IN TXT "v=DMARC1; p=none; sp=reject; rua=mailto:d@example.com"\n' + SUB);
  assert.equal(of(r.findings, 'bimi/dmarc-not-enforced').length, 1);
  await none('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n_dmarc.shop IN TXT "v=DMARC1; p=quarantine"\n' + SUB, 'bimi/dmarc-not-enforced');
});

test('BIMI hovers: lps is true/false with default false (§4.3, §4.5), avp defaults to brand, l= is required and may be .svgz', async () => {
  const { featureProviders, Workspace } = engine;
  const body = DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg; lps=true; avp=brand"\n';
  const zone = parseZone(new SourceFile('/ws/example.com.zone', HEAD + body), { origin: 'example.com.' });
  const rec = zone.records.find((r) => r.owner === 'default._bimi.example.com.');
  const ctx = { zone, workspace: new Workspace(), options: {} };
  const hover = async (needle) => {
    for (const p of featureProviders) {
      const h = await p.hover?.(rec, zone.file.text.indexOf(needle) + 1, ctx);
      if (h) return h.markdown;
    }
  };
  const lps = await hover('lps=');
  assert.match(lps, /Default: false/);
  assert.match(lps, /Here: `true`/);
  assert.doesNotMatch(lps, /Comma-separated/);
  assert.match(await hover('avp='), /Default: brand/);
  assert.match(await hover('l=https'), /\(required\)[\s\S]*svgz/);
});

// ---- DANE (RFC 6698, RFC 7671, RFC 7672) ------------------------------------------------------

const H64 = 'a'.repeat(64);
// A P-256 SubjectPublicKeyInfo in DER (91 bytes).
const SPKI = '3059301306072a8648ce3d020106082a8648ce3d030107034200049b6ee1b9b670237f065e4160b260b9093d1d98ac571e8074d789ad13187028e367ea18294376a16564c2e503804b430800a3fe78d149fc78189d763049ffd210';

test('dane/tlsa-invalid: full data (matching type 0) must be the DER certificate or key itself (RFC 6698 §2.1.3)', async () => {
  let r = await lint('_25._tcp.mail IN TLSA 3 1 0 abcd\n');
  assert.match(one(r, 'dane/tlsa-invalid', 'abcd').message, /DER SubjectPublicKeyInfo .* these 2 bytes are not one/);
  r = await lint(`_25._tcp.mail IN TLSA 3 1 0 ${SPKI.slice(0, 60)}\n`);
  one(r, 'dane/tlsa-invalid', SPKI.slice(0, 60));
  await none(`_25._tcp.mail IN TLSA 3 1 0 ${SPKI}\n_25._tcp.mx2 IN TLSA 3 1 0 ( ${SPKI.slice(0, 40)}\n ${SPKI.slice(40)} )\n`, 'dane/tlsa-invalid');
});

test('dane/tlsa-invalid: an unknown usage/selector/matching type makes the record unusable (RFC 7672 §2.2), not a refusal; 255 is private use (RFC 6698 §7)', async () => {
  let r = await lint(`_25._tcp.mail IN TLSA 4 1 1 ${H64}\n`);
  const f = one(r, 'dane/tlsa-invalid', '4', 'TLSA 4');
  assert.match(f.message, /unusable/);
  assert.doesNotMatch(f.message, /refuse/);
  r = await lint(`_25._tcp.mail IN TLSA 3 255 1 ${H64}\n`);
  assert.match(one(r, 'dane/tlsa-invalid', '255').message, /reserved for private use \(PrivSel/);
  r = await lint('_25._tcp.mail IN TLSA 3 1 1 abcd\n');
  assert.match(one(r, 'dane/tlsa-invalid', 'abcd').message, /32-byte hash \(64 hex digits\).*discard it as malformed \(RFC 7671 §9\)/);
});

test('dane: TLSA written as generic rdata (RFC 3597 \\#) is checked too, with ranges on its bytes', async () => {
  let r = await lint('_25._tcp.mail IN TLSA \\# 5 0301010abc\n');
  one(r, 'dane/tlsa-invalid', '0abc');
  r = await lint(`_25._tcp.mail IN TLSA \\# 35 010101${H64}\n`);
  one(r, 'dane/smtp-usage', '01', '\\# 35');
  await none(`_25._tcp.mail IN TLSA \\# 35 030101${H64}\n`, 'dane/tlsa-invalid');
});

// ---- MX ----------------------------------------------------------------------------------------------

test('mx/target-cname: a chain of CNAMEs is followed to the canonical name the fix names; a wildcard CNAME answering the target counts (RFC 4592)', async () => {
  let r = await lint('@ IN MX 10 mail\nmail IN CNAME mail2\nmail2 IN CNAME mail3\nmail3 IN A 192.0.2.1\n');
  const f = one(r, 'mx/target-cname', 'mail', '@ IN MX');
  assert.match(f.message, /Point the MX at mail3\.example\.com\.$/);
  r = await lint('@ IN MX 10 mail.example.com.\n* IN CNAME host.example.net.\n');
  assert.match(one(r, 'mx/target-cname', 'mail.example.com.', '@ IN MX').message, /Point the MX at host\.example\.net/);
  r = await lint('@ IN MX 10 a\na IN CNAME b\nb IN CNAME a\n');
  assert.match(one(r, 'mx/target-cname', 'a', '@ IN MX').message, /loop of CNAMEs.*canonical host name/);
  await none('@ IN MX 10 mail\n* IN CNAME host.example.net.\nmail IN A 192.0.2.1\n', 'mx/target-cname');
});

test('mx/target-ip: an SMTP address literal ([192.0.2.1]) is no host name; an IPv6 target asks for an AAAA record', async () => {
  let r = await lint('@ IN MX 10 [192.0.2.1]\n');
  one(r, 'mx/target-ip', '[192.0.2.1]');
  r = await lint('@ IN MX 10 2001:db8::25\n');
  assert.match(one(r, 'mx/target-ip', '2001:db8::25').message, /Add an AAAA record/);
  await none('@ IN MX 10 10.0.0.1.in-addr.arpa.\n@ IN MX 20 mx-192-0-2-1.example.net.\n', 'mx/target-ip');
});

test('tlsrpt/uri-invalid: a trailing comma leaves an empty URI, which the rua grammar has no room for (RFC 8460 §3)', async () => {
  const r = await lint('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com,"\n');
  const fs = of(r.findings, 'tlsrpt/uri-invalid');
  assert.equal(fs.length, 1);
  assert.match(fs[0].message, /a comma with no URI after it/);
  assert.equal(fs[0].start, r.text.indexOf('com,"') + 4);
});

test('Tag hovers follow each record\'s case rule: DKIM P= is not p= (RFC 6376 §3.2), DMARC P= is p=', async () => {
  const { featureProviders, Workspace } = engine;
  const body = '_dmarc IN TXT "v=DMARC1; P=reject"\nsel._domainkey IN TXT "v=DKIM1; k=rsa; P=MIIBIjANBgkq"\nok._domainkey IN TXT "v=DKIM1; p="\n';
  const zone = parseZone(new SourceFile('/ws/example.com.zone', HEAD + body), { origin: 'example.com.' });
  const ctx = { zone, workspace: new Workspace(), options: {} };
  const hover = async (owner, needle) => {
    const rec = zone.records.find((r) => r.owner === owner);
    const at = zone.file.text.indexOf(needle, rec.start) + 1;
    for (const p of featureProviders) {
      const h = await p.hover?.(rec, at, ctx);
      if (h) return h.markdown;
    }
  };
  const dkimP = await hover('sel._domainkey.example.com.', 'P=');
  assert.match(dkimP, /not a tag of the DKIM public key.*case-sensitive.*Write `p=`/s);
  assert.doesNotMatch(dkimP, /Revoked|RSA key/);
  assert.match(await hover('ok._domainkey.example.com.', 'p='), /^\*\*p\*\* — /);
  assert.match(await hover('_dmarc.example.com.', 'P='), /^\*\*P\*\* — .*polic/i);
});

test('A TXT record at _mta-sts, _smtp._tls or a ._bimi name that is not such a record at all (a verification token) is discarded by receivers and not reported (RFC 8461 §3.1, RFC 8460 §3); one that tries to be one still is', async () => {
  const base =
    '@ IN MX 10 ns1\n_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\nmta-sts IN A 192.0.2.2\n' +
    '_mta-sts IN TXT "v=STSv1; id=20240101"\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls@example.com"\ndefault._bimi IN TXT "v=BIMI1; l=https://example.com/l.svg"\n';
  const tokens = '_mta-sts IN TXT "hello world"\n_smtp._tls IN TXT "google-site-verification=abc123"\ndefault._bimi IN TXT "some-verification=xyz"\n';
  for (const id of ['mta-sts/syntax', 'tlsrpt/syntax', 'bimi/syntax']) await none(base + tokens, id);
  // Alone at the name too: nothing of the kind is published, and nothing is wrong with the token.
  await none('_smtp._tls IN TXT "google-site-verification=abc123"\n', 'tlsrpt/syntax');
  // Broken records of the kind are still reported.
  for (const [body, id] of [
    ['_mta-sts IN TXT "id=2024; v=STSv1"\n', 'mta-sts/syntax'],
    ['_smtp._tls IN TXT "v=TLSRPT1; rua=mailto:tls@example.com"\n', 'tlsrpt/syntax'],
    ['default._bimi IN TXT "l=https://example.com/l.svg"\n', 'bimi/syntax'],
  ]) {
    const r = await lint(body);
    assert.equal(of(r.findings, id).length, 1, `${id}: ${body}`);
  }
});

test('mx/target-no-address: an MX host of the zone with no address (RFC 5321 §5.1): error when it is the only way in, warning beside a working one, quiet where the zone cannot tell', async () => {
  const errs = (r) => of(r.findings, 'mx/target-no-address').map((f) => [f.severity, /does not exist/.test(f.message) ? 'nx' : 'nodata']);
  assert.deepEqual(errs(await lint('@ IN MX 10 mail\n')), [['error', 'nx']]);
  assert.deepEqual(errs(await lint('@ IN MX 10 mail\nmail IN TXT "x"\n')), [['error', 'nodata']]);
  assert.deepEqual(errs(await lint('@ IN MX 10 mail\n@ IN MX 20 mx2\nmx2 IN A 192.0.2.2\n')), [['warning', 'nx']]);
  // Quiet: an address through a CNAME or a wildcard, only AAAA, outside the workspace, delegated, null MX.
  for (const body of [
    '@ IN MX 10 mail\nmail IN CNAME host\nhost IN A 192.0.2.2\n',
    '@ IN MX 10 mail\n* IN A 192.0.2.2\n',
    '@ IN MX 10 mail\nmail IN AAAA 2001:db8::25\n',
    '@ IN MX 10 mx.example.net.\n',
    '@ IN MX 10 mail.sub\nsub IN NS ns1.example.net.\n',
    '@ IN MX 0 .\n',
  ])
    await none(body, 'mx/target-no-address');
});

test('Hover on a verification token at _dmarc, _mta-sts, _smtp._tls or a ._bimi name says it is not such a record and is discarded; the real records keep their hovers', async () => {
  const { featureProviders, Workspace } = engine;
  const body =
    '_dmarc IN TXT "v=DMARC1; p=reject"\n_dmarc IN TXT "google-site-verification=abc123"\n' +
    '_mta-sts IN TXT "hello-token"\n_smtp._tls IN TXT "ms=ms123456"\ndefault._bimi IN TXT "some-verification=xyz"\n';
  const zone = parseZone(new SourceFile('/ws/example.com.zone', HEAD + body), { origin: 'example.com.' });
  const ctx = { zone, workspace: new Workspace(), options: {} };
  const hover = async (needle) => {
    const at = zone.file.text.indexOf(needle) + 1;
    const rec = zone.records.find((r) => r.start <= at && at < r.end);
    for (const p of featureProviders) {
      const h = await p.hover?.(rec, at, ctx);
      if (h) return h;
    }
  };
  for (const [needle, title] of [['google-site', 'DMARC record'], ['hello-token', 'MTA-STS record'], ['ms=ms', 'TLS-RPT record'], ['some-verification', 'BIMI assertion record']]) {
    const h = await hover(needle);
    assert.match(h.markdown, new RegExp(`^\\*\\*Not a ${title}`), needle);
    assert.match(h.markdown, /Receivers discard such TXT records here/);
    const at = zone.file.text.indexOf(needle) + 1;
    assert.ok(h.start <= at && at <= h.end, 'the range holds the position');
  }
  assert.doesNotMatch((await hover('p=reject')).markdown, /Not a DMARC/);
});
