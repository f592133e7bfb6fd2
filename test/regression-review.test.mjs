// Regressions found by diffing the lint of realistic zones (Google Workspace, Microsoft 365,
// SendGrid, Mailgun, Amazon SES; DKIM, MTA-STS, TLS-RPT, BIMI, DANE, DMARC) before and after the
// rule changes of 2026-11-23 (03ffcd8..): each test is a finding that appeared or disappeared wrongly.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../dist/engine.js';
import { of } from './helpers/findings.mjs';

const { SourceFile, Workspace, parseZone, lintZone } = engine;

const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.53\n@ IN MX 10 ns1\n';

async function lint(body) {
  const zone = parseZone(new SourceFile('/ws/example.com.zone', HEAD + body), { origin: 'example.com.' });
  assert.deepEqual(zone.problems, [], 'the test zone must parse cleanly');
  const workspace = new Workspace();
  workspace.set(zone);
  const run = await lintZone(zone, { workspace });
  assert.deepEqual(run.ruleErrors, []);
  return { zone, text: zone.file.text, findings: run.findings };
}

test('dmarc/version: a DMARC record split over two TXT records (the second holds rua=, sp=, … but no v=DMARC1) is reported, though a DMARC record sits beside it: receivers discard the second, so its tags are not in effect (RFC 9989 policy discovery, RFC 7489 §6.6.3)', async () => {
  const dmarc = '_dmarc IN TXT "v=DMARC1; p=reject;"\n';
  for (const rest of ['rua=mailto:dmarc@example.com', 'sp=reject; rua=mailto:dmarc@example.com; ruf=mailto:f@example.com', 'adkim=s; aspf=s', 'pct=100; fo=1']) {
    const r = await lint(dmarc + `_dmarc IN TXT "${rest}"\n`);
    const fs = of(r.findings, 'dmarc/version');
    assert.equal(fs.length, 1, rest);
    // The message does not claim the domain has no policy: the record beside it is read.
    assert.doesNotMatch(fs[0].message, /no DMARC policy/, rest);
    assert.match(fs[0].message, /discard/, rest);
    // No fix inserting v=DMARC1: that would make two DMARC records, and receivers apply none.
    assert.deepEqual(fs[0].fixes ?? [], [], rest);
  }
  // Verification tokens beside the DMARC record are still not reported.
  const r = await lint(dmarc + '_dmarc IN TXT "google-site-verification=abc123"\n_dmarc IN TXT "MS=ms12345678"\n');
  assert.deepEqual(of(r.findings, 'dmarc/version'), []);
  assert.deepEqual(of(r.findings, 'dmarc/syntax'), []);
});

test('bimi/syntax: a tag name written in upper case is offered its own lower-case name, not another tag one letter away (V= got "did you mean a=?" and a preferred fix writing a=BIMI1)', async () => {
  const dmarc = '_dmarc IN TXT "v=DMARC1; p=reject"\n';
  let r = await lint(dmarc + 'default._bimi IN TXT "V=BIMI1; l=https://example.com/logo.svg"\n');
  let w = of(r.findings, 'bimi/syntax').filter((f) => f.severity === 'warning');
  assert.equal(w.length, 1);
  assert.match(w[0].message, /did you mean "v="/);
  assert.deepEqual(w[0].fixes.map((f) => f.edits.map((e) => e.newText)), [['v']]);
  // A= with no l= in the record: the rename is to a=, not to the missing l=.
  r = await lint(dmarc + 'default._bimi IN TXT "v=BIMI1; A=https://example.com/vmc.pem"\n');
  w = of(r.findings, 'bimi/syntax').filter((f) => f.severity === 'warning');
  assert.equal(w.length, 1);
  assert.match(w[0].message, /did you mean "a="/);
});
