// mta-sts/syntax and tlsrpt/syntax against the delimiter grammar of RFC 8461 §3.1 and RFC 8460 §3:
//   record      = version 1*(field-delim field) [field-delim]
//   field-delim = *WSP ";" *WSP
// so exactly one ";" goes between two fields (no empty field: ";;", "; ;"), and after the last
// field only one optional delimiter, which holds a ";", may follow (no bare trailing white space).
// The senders whose code was read (postfix-mta-sts-resolver, maddy's go-mtasts, Stalwart) skip an
// empty field and trim the space: alone, these are warnings; beside another break, part of the error.
import test from 'node:test';
import assert from 'node:assert/strict';
import { of, one, lint, none } from './helpers/findings.mjs';

const STS = 'mta-sts IN A 192.0.2.1\n_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tls@example.com"\n';

test('mta-sts/syntax: an empty field (";;", "; ;", two ";" at the end) is outside RFC 8461 §3.1', async () => {
  for (const rec of ['"v=STSv1;; id=123"', '"v=STSv1; ; id=123"', '"v=STSv1; id=123;;"']) {
    const r = await lint(STS + `_mta-sts IN TXT ${rec}\n`);
    const f = one(r, 'mta-sts/syntax', rec);
    assert.equal(f.severity, 'warning', rec);
    assert.match(f.message, /^MTA-STS record breaks the grammar of RFC 8461 §3\.1: there is an empty field/);
    assert.match(f.message, /postfix-mta-sts-resolver.*skip an empty field, but a sender that parses the record by the grammar may ignore it, so TLS is not enforced/);
    assert.match(f.message, /Remove the extra ";"\.$/);
  }
});

test('mta-sts/syntax: white space after the last field with no ";" after it is outside RFC 8461 §3.1', async () => {
  const r = await lint(STS + '_mta-sts IN TXT "v=STSv1; id=123 "\n');
  const f = one(r, 'mta-sts/syntax', '"v=STSv1; id=123 "');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /white space after the last field \("id=123"\) with no ";" after it/);
  assert.match(f.message, /trim the white space/);
  assert.match(f.message, /Remove the white space after the last field \(or end the record with ";"\)\.$/);
  // Both at once: one finding naming both.
  const b = await lint(STS + '_mta-sts IN TXT "v=STSv1;;id=1\t"\n');
  assert.match(one(b, 'mta-sts/syntax', '"v=STSv1;;id=1\t"').message, /empty field.*white space after the last field.*Remove the extra ";" and the white space/);
});

test('mta-sts/syntax: beside another break of the grammar the delimiters join the error', async () => {
  const r = await lint(STS + '_mta-sts IN TXT "v = STSv1;; id=1"\n');
  const f = one(r, 'mta-sts/syntax', '"v = STSv1;; id=1"');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /no white space is allowed around "=".*; there is an empty field .*\(RFC 8461 §3\.1\)\. Sending servers ignore it/);
  // A ";" before v=: senders keep only records that begin with v=STSv1 (RFC 8461 §3.1).
  const s = await lint(STS + '_mta-sts IN TXT ";v=STSv1; id=1"\n');
  const g = one(s, 'mta-sts/syntax', '";v=STSv1; id=1"');
  assert.equal(g.severity, 'error');
  assert.match(g.message, /must start with "v=", not with ";"/);
});

test('mta-sts/syntax: one trailing delimiter, with or without white space around it, is valid', async () => {
  for (const rec of ['"v=STSv1; id=20240101;"', '"v=STSv1; id=20240101; "', '"v=STSv1 ;id=20240101 ;"', '"v=STSv1;id=20240101"', '"v=STSv1; id=20240101\t; x-ext=1;"'])
    await none(STS + `_mta-sts IN TXT ${rec}\n`, 'mta-sts/syntax');
  // Split across character-strings: the joined text is what counts.
  await none(STS + '_mta-sts IN TXT "v=STSv1; " "id=20240101"\n', 'mta-sts/syntax');
  const r = await lint(STS + '_mta-sts IN TXT "v=STSv1; id=20240101" " "\n');
  assert.equal(of(r.findings, 'mta-sts/syntax').length, 1);
});

test('tlsrpt/syntax: the same two gaps under RFC 8460 §3', async () => {
  let r = await lint('_smtp._tls IN TXT "v=TLSRPTv1;; rua=mailto:a@example.com"\n');
  let f = one(r, 'tlsrpt/syntax', '"v=TLSRPTv1;; rua=mailto:a@example.com"');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /^TLS-RPT record breaks the grammar of RFC 8460 §3: there is an empty field.*so you get no TLS failure reports\. Remove the extra ";"\.$/);
  r = await lint('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com "\n');
  f = one(r, 'tlsrpt/syntax', '"v=TLSRPTv1; rua=mailto:a@example.com "');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /white space after the last field \("rua=mailto:a@example\.com"\)/);
  r = await lint('_smtp._tls IN TXT "v=TLSRPTv1;; rua=ftp://x"\n');
  assert.equal(of(r.findings, 'tlsrpt/syntax')[0]?.severity, 'warning'); // rua's scheme is tlsrpt/uri-invalid's
  await none('_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:a@example.com, mailto:b@example.com;"\n', 'tlsrpt/syntax');
  await none('_smtp._tls IN TXT "v=TLSRPTv1 ; rua=mailto:a@example.com ; "\n', 'tlsrpt/syntax');
});
