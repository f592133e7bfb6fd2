// TXT records at a policy name that are not records of that kind (verification tokens, SPF), and
// the BIMI avp/lps values: what receivers do with them decides what mailzone reports, and the rules
// and the hover must say the same thing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as engine from '../dist/engine.js';
import { of, one, HEAD, lint } from './helpers/findings.mjs';

const { SourceFile, parseZone, featureProviders, Workspace } = engine;

const KEY = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).subarray(12).toString('base64');
const KEYREC = `sel._domainkey IN TXT "v=DKIM1; k=ed25519; p=${KEY}"\n`;
const dkim = (r) => r.findings.filter((f) => f.rule.startsWith('dkim/'));

async function hover(body, needle) {
  const zone = parseZone(new SourceFile('/ws/example.com.zone', HEAD + body), { origin: 'example.com.' });
  const ctx = { zone, workspace: new Workspace(), options: {} };
  const at = zone.file.text.indexOf(needle) + 1;
  const rec = zone.records.find((r) => r.start <= at && at < r.end);
  for (const p of featureProviders) {
    const h = await p.hover?.(rec, at, ctx);
    if (h) return h.markdown;
  }
}

test('DKIM: a verification token beside the key record gets one finding, dkim/multiple-records on the token (RFC 6376 §3.6.2.2, §6.1.2: verifiers do not skip it), not dkim/syntax', async () => {
  for (const token of ['google-site-verification=abcDEF123_xyz-456', 'MS=ms12345678', 'hello world']) {
    const r = await lint(KEYREC + `sel._domainkey IN TXT "${token}"\n`);
    assert.deepEqual(
      dkim(r).map((f) => f.rule),
      ['dkim/multiple-records'],
      `${token}: ${dkim(r).map((f) => `${f.rule}: ${f.message}`).join(' | ')}`,
    );
    const f = one(r, 'dkim/multiple-records', `"${token}"`);
    assert.match(f.message, /not a DKIM key record/);
    assert.match(f.message, /OpenDKIM fails every signature/);
    assert.match(f.message, /usually the domain itself/);
    assert.equal(f.related.length, 1, 'points at the key record');
    assert.equal(r.text.slice(f.related[0].start, f.related[0].end).trim(), KEYREC.trim());
  }
  // An SPF record at the selector is the same case, with its own fix.
  const spf = await lint(KEYREC + 'sel._domainkey IN TXT "v=spf1 -all"\n');
  const f = one(spf, 'dkim/multiple-records', '"v=spf1 -all"');
  assert.match(f.message, /SPF record/);
  assert.match(f.message, /RFC 7208/);
  assert.deepEqual(dkim(spf).length, 1);
  // Two key records stay two findings, one on each.
  const two = await lint(KEYREC + `sel._domainkey IN TXT "v=DKIM1; p=${KEY}"\nsel._domainkey IN TXT "ms=1"\n`);
  assert.equal(of(two.findings, 'dkim/multiple-records').length, 3);
  assert.match(of(two.findings, 'dkim/multiple-records')[0].message, /2 key records \(and 1 other TXT record\)/);
});

test('DKIM: a token alone at a selector is one dkim/missing-key (verifiers find no key there), never dkim/syntax; a record that tries to be a key keeps its findings', async () => {
  for (const token of ['google-site-verification=abc123', 'MS=ms12345678']) {
    const r = await lint(`s3._domainkey IN TXT "${token}"\n`);
    assert.deepEqual(dkim(r).map((f) => f.rule), ['dkim/missing-key'], token);
    assert.match(dkim(r)[0].message, /is not a DKIM key record .* every signature with selector "s3" fails/);
  }
  // An SPF record alone at a selector: verifiers get it as the key record, so no key either.
  const spf = await lint('s4._domainkey IN TXT "v=spf1 include:_spf.example.net -all"\n');
  assert.deepEqual(dkim(spf).map((f) => f.rule), ['dkim/missing-key']);
  const m = one(spf, 'dkim/missing-key', '"v=spf1 include:_spf.example.net -all"');
  assert.match(m.message, /selector "s4" is an SPF record, not a DKIM key record/);
  assert.match(m.message, /RFC 7208 §4/);
  // Tries to be a key (DKIM tags, a typo): the grammar problem is still dkim/syntax.
  const r = await lint(`s._domainkey IN TXT "v=DKIM1; k rsa; p=${KEY}"\n`);
  one(r, 'dkim/syntax', 'k rsa');
});

test('DKIM hover on a token at a selector says what the rules say: verifiers do not skip it', async () => {
  const beside = await hover(KEYREC + 'sel._domainkey IN TXT "google-site-verification=abc"\n', 'google-site');
  assert.match(beside, /^\*\*Not a DKIM public key/);
  assert.match(beside, /do not skip it/);
  assert.match(beside, /OpenDKIM fails every signature/);
  assert.doesNotMatch(beside, /can stay/);
  const alone = await hover('s3._domainkey IN TXT "google-site-verification=abc"\n', 'google-site');
  assert.match(alone, /find no key, and every signature with this selector fails/);
  // The key record keeps its own hover.
  assert.doesNotMatch(await hover(KEYREC + 'sel._domainkey IN TXT "ms=1"\n', 'k=ed25519'), /Not a DKIM/);
});

test('One notion of "not a DMARC record": the hover agrees with dmarc/version on another protocol\'s record and on "v = DMARC1"', async () => {
  const dmarc = '@ IN MX 10 ns1\n_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n';
  // An MTA-STS record pasted at _dmarc beside the DMARC record: discarded by receivers, not reported ...
  const r = await lint(dmarc + '_dmarc IN TXT "v=STSv1; id=20240101"\n');
  assert.deepEqual(r.findings.filter((f) => f.rule.startsWith('dmarc/')).map((f) => f.rule), []);
  // ... and the hover says it is not a DMARC record (it used to describe it as one).
  assert.match(await hover(dmarc + '_dmarc IN TXT "v=STSv1; id=20240101"\n', 'STSv1'), /^\*\*Not a DMARC record/);
  // A record that names DMARC, spaces around "=" or not, is one: reported, and the hover reads it.
  const spaced = await lint(dmarc + '_dmarc IN TXT "p=none; v = DMARC1"\n');
  assert.equal(of(spaced.findings, 'dmarc/version').length, 1);
  assert.doesNotMatch(await hover(dmarc + '_dmarc IN TXT "p=none; v = DMARC1"\n', 'p=none'), /Not a DMARC/);
});

const DMARC_REJECT = '@ IN MX 10 ns1\n_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n';
const bimi = (tags) => `${DMARC_REJECT}default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg; ${tags}"\n`;

test('BIMI avp= (draft §4.3): values are lower case; avp=Brand/BRAND may be ignored (brand is the default anyway) or fail the record, avp=Personal loses the avatar; a fix writes the lower-case value, and the hover agrees', async () => {
  for (const v of ['Brand', 'BRAND']) {
    const r = await lint(bimi(`avp=${v}`));
    const f = one(r, 'bimi/syntax', v);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, new RegExp(`^avp=${v} is not "brand"`));
    assert.match(f.message, /no loss: brand is the default/);
    assert.match(f.message, /failing record shows no logo/);
    assert.match(f.message, /Write avp=brand/);
    assert.equal(f.fixes[0].edits[0].newText, 'brand');
    const h = await hover(bimi(`avp=${v}`), 'avp=');
    assert.match(h, new RegExp(`Here: \`${v}\` is not \`brand\`: the value is case-sensitive`));
    assert.doesNotMatch(h, /show the brand logo\./);
  }
  const p = one(await lint(bimi('avp=Personal')), 'bimi/syntax', 'Personal');
  assert.match(p.message, /rather than the sender's personal avatar/);
  assert.equal(p.fixes[0].edits[0].newText, 'personal');
  const other = one(await lint(bimi('avp=logo')), 'bimi/syntax', 'logo', 'avp=');
  assert.match(other.message, /is not "personal" or "brand", so receivers ignore the avatar preference and show the brand logo \(the default\)/);
  assert.deepEqual(other.fixes, []);
  for (const ok of ['avp=brand', 'avp=personal', 'lps=true', 'lps=false']) assert.deepEqual(of((await lint(bimi(ok))).findings, 'bimi/syntax'), [], ok);
  assert.match(await hover(bimi('avp=brand'), 'avp='), /Here: `brand` — show the brand logo\./);
});

test('BIMI lps= (draft §4.3, §4.5): lps=True turns nothing on, lps=FALSE is the default anyway; each says so and offers the lower-case value', async () => {
  const t = one(await lint(bimi('lps=True')), 'bimi/syntax', 'True');
  assert.match(t.message, /^lps=True is not "true": .* do not look up local-part selectors/);
  assert.equal(t.fixes[0].edits[0].newText, 'true');
  const f = one(await lint(bimi('lps=FALSE')), 'bimi/syntax', 'FALSE');
  assert.match(f.message, /same as lps=false, the default/);
  assert.match(await hover(bimi('lps=True'), 'lps='), /Here: `True` is not `true`/);
});

test('DKIM and BIMI messages name the problem, what receivers do, and the fix for this very case', async () => {
  // dkim/syntax: what a verifier does with a key record it cannot parse.
  let r = await lint(`s._domainkey IN TXT "v=DKIM1; k rsa; p=${KEY}"\n`);
  assert.match(one(r, 'dkim/syntax', 'k rsa').message, /key syntax error \(RFC 6376 §6\.1\.2\) and fail every signature of selector "s"\. Write each part as tag=value/);
  // dkim/version, v= not first: which selector fails.
  r = await lint(`s._domainkey IN TXT "k=ed25519; v=DKIM1; p=${KEY}"\n`);
  assert.match(one(r, 'dkim/version', 'v=DKIM1').message, /every signature of selector "s" fails there\. Move it to the front/);
  // bimi/https-required: a .png logo is a permanent error (§4.3.2), not an HTTPS problem.
  r = await lint(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.png"\n');
  const png = one(r, 'bimi/https-required', 'https://example.com/logo.png').message;
  assert.match(png, /permanent error \(draft §4\.3\.2\)/);
  assert.doesNotMatch(png, /only over HTTPS/);
  r = await lint(DMARC_REJECT + 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg; a=http://example.com/vmc.pem"\n');
  assert.match(one(r, 'bimi/https-required', 'http://example.com/vmc.pem').message, /mark certificate only over HTTPS .* show no logo\. Use an https:\/\/ URL to the certificate's PEM file/);
  // bimi/dmarc-not-enforced: the fix for the reason found, not a generic "harden DMARC".
  const LOGO = 'default._bimi IN TXT "v=BIMI1; l=https://example.com/logo.svg"\n';
  for (const [dmarc, fix] of [
    ['_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@example.com"\n', /Set p=quarantine or p=reject in the DMARC record of example\.com\.$/],
    ['_dmarc IN TXT "v=DMARC1; p=reject; sp=none"\n', /Remove sp=none from the DMARC record of example\.com/],
    ['_dmarc IN TXT "v=DMARC1; p=quarantine; pct=50"\n', /Remove pct=50 from the DMARC record of example\.com \(or move it to p=reject\)\.$/],
    ['_dmarc IN TXT "v=DMARC1; p=reject; t=y"\n', /test mode \(t=y\), so receivers apply one policy level lower.* Remove t=y/],
    ['', /example\.com has no DMARC record.* Publish one at _dmarc\.example\.com with p=quarantine or p=reject\.$/],
  ]) {
    const m = one(await lint('@ IN MX 10 ns1\n' + dmarc + LOGO), 'bimi/dmarc-not-enforced', '"v=BIMI1; l=https://example.com/logo.svg"').message;
    assert.match(m, fix, dmarc);
    assert.doesNotMatch(m, /Harden DMARC first/);
  }
  // bimi/syntax: two BIMI records are fixed by keeping one, not by rewriting the record.
  r = await lint(DMARC_REJECT + LOGO + 'default._bimi IN TXT "v=BIMI1; l=https://example.com/l2.svg"\n');
  assert.match(one(r, 'bimi/syntax', '"v=BIMI1; l=https://example.com/l2.svg"').message, /Keep one BIMI record at this name and delete the others\.$/);
});

test('MTA-STS and TLS-RPT versions are case-sensitive in the hover too (RFC 8461 §3.1, RFC 8460 §3: %x hex in the ABNF), as in their rules', async () => {
  const sts = await hover('_mta-sts IN TXT "v=stsv1; id=20260101"\n', 'stsv1');
  assert.match(sts, /`stsv1` is not `STSv1`: the value is case-sensitive/);
  const rpt = await hover('_smtp._tls IN TXT "v=tlsrptv1; rua=mailto:t@example.com"\n', 'tlsrptv1');
  assert.match(rpt, /`tlsrptv1` is not `TLSRPTv1`: the value is case-sensitive/);
  assert.doesNotMatch(await hover('_mta-sts IN TXT "v=STSv1; id=20260101"\n', 'STSv1'), /case-sensitive, so/);
  const r = await lint('_mta-sts IN TXT "v=stsv1; id=20260101"\n_smtp._tls IN TXT "v=tlsrptv1; rua=mailto:t@example.com"\n');
  one(r, 'mta-sts/syntax', '"v=stsv1; id=20260101"');
  one(r, 'tlsrpt/syntax', '"v=tlsrptv1; rua=mailto:t@example.com"');
});

test('dkim/revoked: a wildcard revocation is not reported on a domain that says it sends no mail (null MX, or v=spf1 -all); on a sending domain it is', async () => {
  const wild = '*._domainkey IN TXT "v=DKIM1; p="\n';
  for (const parked of ['@ IN MX 0 .\n', '@ IN TXT "v=spf1 -all"\n', '@ IN MX 0 .\n@ IN TXT "v=spf1 -all"\n']) {
    const r = await lint(parked + wild);
    assert.deepEqual(of(r.findings, 'dkim/revoked'), [], parked);
  }
  for (const sending of ['@ IN MX 10 ns1\n@ IN TXT "v=spf1 mx -all"\n', '@ IN TXT "v=spf1 include:_spf.example.net -all"\n', '@ IN TXT "v=spf1 ~all"\n', '']) {
    const r = await lint(sending + wild);
    assert.equal(of(r.findings, 'dkim/revoked').length, 1, sending);
    assert.match(of(r.findings, 'dkim/revoked')[0].message, /revokes every DKIM selector/);
  }
});
