// A DNS admin's quality pass over the DMARC rules: messages without doubled punctuation or stray
// trailing dots, one finding per problem, and the findings a parked or subdomain setup needs.
// Every test has a record that triggers and a twin that must not.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../dist/engine.js';
import { applied, of, one } from './helpers/findings.mjs';

const { SourceFile, Workspace, parseZone, parseOctodns, lintZone } = engine;

const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.53\n';

async function lint(body, opts = {}) {
  const origin = opts.origin ?? 'example.com.';
  const text = (origin === 'example.com.' ? HEAD : `$ORIGIN ${origin}\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n`) + body;
  const zone = parseZone(new SourceFile(`/ws/${origin}zone`, text), { origin });
  if (opts.workspace) opts.workspace.set(zone);
  const run = await lintZone(zone, { workspace: opts.workspace, options: opts.options });
  assert.deepEqual(run.ruleErrors, [], 'no rule may throw');
  assert.deepEqual(zone.problems, [], 'the test zone must parse cleanly');
  return { zone, text, findings: run.findings };
}

async function none(body, id, opts) {
  const r = await lint(body, opts);
  assert.deepEqual(of(r.findings, id).map((f) => f.message), [], `${id} must not trigger`);
  return r;
}

/** No doubled full stops, no names with their trailing dot followed by more punctuation. */
function cleanMessage(m) {
  assert.doesNotMatch(m, /\.\.(?!\.)|\.\s*\.$|[a-z0-9]\.[.,:;)]/i, `message has doubled or stray punctuation: ${m}`);
}

const GOOD = '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"\n';

test('dmarc/wrong-location: names in the message have no trailing dot and the target has no doubled dot', async () => {
  let r = await lint('www IN TXT "v=DMARC1; p=reject"\n' + GOOD);
  let f = one(r, 'dmarc/wrong-location', 'www');
  assert.match(f.message, /at www\.example\.com is never read/);
  assert.match(f.message, /Move it to _dmarc\.www\.example\.com\.$/);
  cleanMessage(f.message);
  r = await lint('_dmarc.g IN TXT "v=spf1 -all"\n' + GOOD);
  f = one(r, 'dmarc/wrong-location', '_dmarc.g IN TXT "v=spf1 -all"');
  assert.match(f.message, /\(g\.example\.com\)\. Move it there\.$/);
  cleanMessage(f.message);
  await none('www IN TXT "v=spf1 -all"\n_dmarc.www IN TXT "v=DMARC1; p=reject"\n' + GOOD, 'dmarc/wrong-location');
});

test('dmarc/multiple-records: the name in the message has no trailing dot', async () => {
  const r = await lint(GOOD + '_dmarc IN TXT "v=DMARC1; p=none"\n');
  const f = one(r, 'dmarc/multiple-records', '_dmarc IN TXT "v=DMARC1; p=none"');
  assert.match(f.message, /^_dmarc\.example\.com has 2 DMARC records/);
  cleanMessage(f.message);
  await none(GOOD, 'dmarc/multiple-records');
});

test('dmarc/version: a missing ";" after v=DMARC1 is named as such, with a fix; missing-policy does not repeat it', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1 p=reject; rua=mailto:d@example.com"\n');
  const f = one(r, 'dmarc/version', 'v=DMARC1 p=reject');
  assert.match(f.message, /A ";" is missing after v=DMARC1/);
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=reject; rua=mailto:d@example.com"/);
  assert.deepEqual(of(r.findings, 'dmarc/missing-policy'), []);
  // A real missing p= is still reported; a well-formed record is quiet.
  const r2 = await lint('_dmarc IN TXT "v=DMARC1; rua=mailto:d@example.com"\n');
  assert.equal(of(r2.findings, 'dmarc/missing-policy').length, 1);
  await none(GOOD, 'dmarc/version');
});

test('dmarc/invalid-value: a missing ";" between two tags, with a fix; rua-missing and uri-invalid do not repeat it', async () => {
  let r = await lint('_dmarc IN TXT "v=DMARC1; p=reject rua=mailto:d@example.com"\n');
  let f = one(r, 'dmarc/invalid-value', 'reject rua=mailto:d@example.com');
  assert.match(f.message, /^A ";" is missing before rua=/);
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=reject; rua=mailto:d@example.com"/);
  assert.deepEqual(of(r.findings, 'dmarc/rua-missing'), []);
  r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com fo=1"\n');
  f = one(r, 'dmarc/invalid-value', 'mailto:d@example.com fo=1');
  assert.match(f.message, /missing before fo=/);
  assert.deepEqual(of(r.findings, 'dmarc/uri-invalid'), []);
  // Free text with a space is not mistaken for a glued tag.
  await none('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com; fo=1; ruf=mailto:d@example.com"\n', 'dmarc/invalid-value');
});

test('dmarc/uri-invalid: the message names the problem once and the fix once', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; rua=d@example.com,https://r.example.com/x"\n');
  const fs = of(r.findings, 'dmarc/uri-invalid');
  assert.equal(fs.length, 2);
  assert.equal(r.text.slice(fs[0].start, fs[0].end), 'd@example.com');
  assert.equal(fs[0].message, 'rua entry: "d@example.com" is not a URI (the "mailto:" in front is missing). Receivers skip it, so these reports are lost. Write mailto:address@domain.');
  assert.equal(r.text.slice(fs[1].start, fs[1].end), 'https://r.example.com/x');
  assert.match(fs[1].message, /"https:" is not used for DMARC reports, which are sent only by email\./);
  for (const f of fs) assert.equal(f.message.match(/Write /g).length, 1);
  await none(GOOD, 'dmarc/uri-invalid');
});

test('dmarc/missing-policy: RFC 9989 §4.7 — with a valid rua the record means p=none (warning); without, it is ignored (error)', async () => {
  let r = await lint('_dmarc IN TXT "v=DMARC1; rua=mailto:d@example.com"\n');
  let f = one(r, 'dmarc/missing-policy', 'v=DMARC1');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /receivers treat it as p=none/);
  r = await lint('_dmarc IN TXT "v=DMARC1; adkim=s"\n');
  f = one(r, 'dmarc/missing-policy', 'v=DMARC1');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /no valid rua=, so receivers ignore it \(RFC 9989 §4\.7\)/);
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=none; adkim=s"/);
  await none(GOOD, 'dmarc/missing-policy');
});

test('dmarc/non-mail-domain: a parked domain (null MX) with no DMARC at all is reported on the MX, with a fix adding p=reject', async () => {
  const r = await lint('@ IN MX 0 .\n@ IN TXT "v=spf1 -all"\nwww IN A 192.0.2.80\n');
  const f = one(r, 'dmarc/non-mail-domain', '@', '@ IN MX 0 .');
  assert.match(f.message, /^example\.com has a null MX \(it takes no mail\) but no DMARC record \(_dmarc\.example\.com\)/);
  cleanMessage(f.message);
  assert.match(applied(f.fixes[0], r.zone.file), /@ IN MX 0 \.\n_dmarc IN TXT "v=DMARC1; p=reject;"\n@ IN TXT/);
  // Twins: the record present; a subdomain covered by its parent's record; a parent not in the workspace (cannot tell).
  await none('@ IN MX 0 .\n@ IN TXT "v=spf1 -all"\n_dmarc IN TXT "v=DMARC1; p=reject;"\n', 'dmarc/non-mail-domain');
  await none('parked IN MX 0 .\n' + GOOD, 'dmarc/non-mail-domain');
  await none('@ IN MX 0 .\n', 'dmarc/non-mail-domain', { origin: 'sub.example.org.' });
  // A real MX is dmarc/missing-record's business, not this rule's.
  await none('@ IN MX 10 mail.example.net.\n', 'dmarc/non-mail-domain');
});

test('dmarc/external-destination: the unchecked case says how to allow live DNS; names in messages have no trailing dot', async () => {
  const body = '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:reports@vendor.example"\n';
  let r = await lint(body, { options: { dns: 'off' } });
  let f = one(r, 'dmarc/external-destination', 'mailto:reports@vendor.example');
  assert.equal(f.severity, 'info');
  assert.match(f.message, /live DNS lookups are off \(setting `mailzone\.dns\.lookups`: `live`, or the CLI without `--offline`\)/);
  assert.match(f.message, /publish example\.com\._report\._dmarc\.vendor\.example TXT "v=DMARC1", or/);
  cleanMessage(f.message);
  // The destination's zone in the workspace without the record: a warning naming the record.
  const ws = new Workspace();
  ws.set(parseZone(new SourceFile('/ws/vendor.example.zone', '$ORIGIN vendor.example.\n@ 3600 IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 192.0.2.1\n'), { origin: 'vendor.example.' }));
  r = await lint(body, { workspace: ws });
  f = one(r, 'dmarc/external-destination', 'mailto:reports@vendor.example');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /Ask vendor\.example to publish example\.com\._report\._dmarc\.vendor\.example TXT "v=DMARC1"\.$/);
  cleanMessage(f.message);
  // Twin: reports to the domain itself need no authorization.
  await none(GOOD, 'dmarc/external-destination');
});

test('dmarc/removed-tag: the reason reads as a sentence, without nested parentheses', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com; pct=100; ri=3600"\n');
  const fs = of(r.findings, 'dmarc/removed-tag');
  assert.deepEqual(fs.map((f) => r.text.slice(f.start, f.end)), ['pct=100', 'ri=3600']);
  assert.equal(fs[0].message, 'pct= was removed from DMARC by RFC 9989: sampling a share of failing mail was replaced by t=y for testing. Receivers following it ignore the tag, so it only adds noise; remove it.');
  for (const f of fs) {
    assert.doesNotMatch(f.message, /\([^)]*\(/);
    cleanMessage(f.message);
  }
  await none(GOOD, 'dmarc/removed-tag');
});
