// A DNS admin's quality pass over the MTA-STS, TLS-RPT, BIMI, DANE and MX rules: plain messages
// (no trailing dots, no doubled punctuation, the why and the fix), fixes, and no false positives.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../dist/engine.js';
import { applied, of, one, HEAD, lint, none } from './helpers/findings.mjs';

const { SourceFile, parseZone, parseOctodns, lintZone } = engine;

async function lintYaml(yaml) {
  const zone = parseOctodns(new SourceFile('/ws/example.com.yaml', yaml), { origin: 'example.com.' });
  const run = await lintZone(zone);
  assert.deepEqual(run.ruleErrors, []);
  return { zone, text: yaml, findings: run.findings };
}
function cleanMessage(m) {
  assert.doesNotMatch(m, /\.\.(?!\.)|[a-z0-9]\.[.,:;)"]|\.\s*\.$/i, `doubled or stray punctuation: ${m}`);
}

test('mx/null-mx: preference other than 0 says why and offers the fix; the mixed case names the domain without a trailing dot', async () => {
  let r = await lint('@ IN MX 10 .\n');
  const f = one(r, 'mx/null-mx', '10', 'MX 10 .');
  assert.match(f.message, /^This null MX has preference 10, but RFC 7505 §3 requires 0: senders may not recognise it/);
  cleanMessage(f.message);
  assert.match(applied(f.fixes[0], r.zone.file), /\n@ IN MX 0 \.\n$/);
  r = await lint('sub IN MX 0 .\nsub IN MX 10 mail\nmail IN A 192.0.2.1\n');
  const g = one(r, 'mx/null-mx', 'sub IN MX 0 .');
  assert.match(g.message, /^sub\.example\.com has a null MX/);
  cleanMessage(g.message);
  await none('@ IN MX 0 .\n', 'mx/null-mx');
  // octoDNS: the fix edits the preference scalar.
  const y = await lintYaml("'':\n  type: MX\n  value:\n    exchange: .\n    preference: 10\n");
  const h = one(y, 'mx/null-mx', '10');
  assert.match(applied(h.fixes[0], y.zone.file), /preference: 0\n$/);
});

test('mx/target-ip: the message names the host senders actually look up', async () => {
  const r = await lint('@ IN MX 10 192.0.2.1\n');
  const f = one(r, 'mx/target-ip', '192.0.2.1');
  assert.match(f.message, /senders look up the host name "192\.0\.2\.1\.example\.com", which does not exist/);
  assert.doesNotMatch(f.message, /…/);
  await none('@ IN MX 10 mx1.example.net.\n', 'mx/target-ip');
});

test('mta-sts/syntax and tlsrpt/syntax: RFC 8461 §3.1 and RFC 8460 §3 allow no white space around "=" nor before v=', async () => {
  let r = await lint('mta-sts IN A 192.0.2.1\n_mta-sts IN TXT "v = STSv1; id=1"\n');
  let f = one(r, 'mta-sts/syntax', '"v = STSv1; id=1"');
  assert.match(f.message, /no white space is allowed around "=" \(v=; RFC 8461 §3\.1\)/);
  r = await lint('mta-sts IN A 192.0.2.1\n_mta-sts IN TXT " v=STSv1; id=1"\n');
  f = one(r, 'mta-sts/syntax', '" v=STSv1; id=1"');
  assert.match(f.message, /must start with "v=", not with white space/);
  r = await lint('_smtp._tls IN TXT "v=TLSRPTv1; rua= mailto:a@example.com"\n');
  f = one(r, 'tlsrpt/syntax', '"v=TLSRPTv1; rua= mailto:a@example.com"');
  assert.match(f.message, /\(rua=; RFC 8460 §3\)/);
  // White space around ";" is allowed (sts-field-delim = *WSP ";" *WSP), and a trailing ";" too.
  await none('mta-sts IN A 192.0.2.1\n_mta-sts IN TXT "v=STSv1 ;id=20260101T000000 ;"\n', 'mta-sts/syntax');
  await none('_smtp._tls IN TXT "v=TLSRPTv1 ; rua=mailto:a@example.com"\n', 'tlsrpt/syntax');
});
