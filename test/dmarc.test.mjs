// DMARC (RFC 9989) rules: for every rule a record that triggers it and one that must not, with the
// exact range and the text a fix produces. Zones go through the real BIND reader.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../dist/engine.js';
import { applied, of, one } from './helpers/findings.mjs';

const { SourceFile, Workspace, parseZone, parseOctodns, lintZone } = engine;

const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.53\n';

function zoneOf(body, origin = 'example.com.', path = `/ws/${origin}zone`) {
  const text = (origin === 'example.com.' ? HEAD : `$ORIGIN ${origin}\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n`) + body;
  return parseZone(new SourceFile(path, text), { origin });
}

async function lint(body, opts = {}) {
  const zone = zoneOf(body, opts.origin);
  let workspace = opts.workspace;
  if (workspace) workspace.set(zone);
  const run = await lintZone(zone, { workspace, resolver: opts.resolver, options: opts.options });
  assert.deepEqual(run.ruleErrors, [], 'no rule may throw');
  assert.deepEqual(zone.problems, [], 'the test zone must parse cleanly');
  return { zone, text: zone.file.text, findings: run.findings };
}

/** Apply a fix's edits (descending order) to its file's text. */

/** Assert exactly one finding of `id` whose range is the first occurrence of `needle` (after `from`). */

async function none(body, id, opts) {
  const r = await lint(body, opts);
  assert.deepEqual(of(r.findings, id).map((f) => f.message), [], `${id} must not trigger`);
  return r;
}

const GOOD = '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"\n';

test('a hardened record raises nothing at all', async () => {
  const r = await lint('@ IN MX 10 mail\nmail IN A 192.0.2.1\n@ IN TXT "v=spf1 mx -all"\n' + GOOD);
  assert.deepEqual(r.findings.filter((f) => f.rule.startsWith('dmarc/')).map((f) => f.rule), []);
});

test('dmarc/syntax: a part that is not tag=value; whitespace around = and ; is fine', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p reject; rua=mailto:d@example.com"\n');
  const f = one(r, 'dmarc/syntax', 'p reject');
  assert.equal(f.severity, 'error');
  await none('_dmarc IN TXT "v = DMARC1 ;p= reject ;  rua =mailto:d@example.com ;"\n', 'dmarc/syntax');
});

test('dmarc/version: misspelt, missing, not first — with fixes', async () => {
  let r = await lint('_dmarc IN TXT "v=DMARC2; p=reject; rua=mailto:d@example.com"\n');
  let f = one(r, 'dmarc/version', 'v=DMARC2');
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=reject;/);

  r = await lint('_dmarc IN TXT "p=reject; v=DMARC1; rua=mailto:d@example.com"\n');
  f = one(r, 'dmarc/version', 'v=DMARC1');
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=reject; rua=mailto:d@example.com"/);

  r = await lint('_dmarc IN TXT "p=reject; rua=mailto:d@example.com"\n');
  f = one(r, 'dmarc/version', 'p=reject');
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=reject; rua/);

  await none(GOOD, 'dmarc/version');
});

test('dmarc/multiple-records: two v=DMARC1 records at one name', async () => {
  const body = '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n_dmarc IN TXT "v=DMARC1; p=none"\n';
  const r = await lint(body);
  const fs = of(r.findings, 'dmarc/multiple-records');
  assert.equal(fs.length, 1);
  assert.equal(r.text.slice(fs[0].start, fs[0].end), '_dmarc IN TXT "v=DMARC1; p=none"');
  await none(GOOD + '_dmarc IN TXT "some-verification=abc"\n', 'dmarc/multiple-records');
});

test('dmarc/wrong-location: DMARC at the apex or at sub._dmarc, SPF at _dmarc; report authorizations are fine', async () => {
  let r = await lint('@ IN TXT "v=DMARC1; p=reject"\n' + GOOD);
  one(r, 'dmarc/wrong-location', '@', '@ IN TXT "v=DMARC1');
  r = await lint('_dmarc IN TXT "v=spf1 -all"\n');
  one(r, 'dmarc/wrong-location', '_dmarc IN TXT "v=spf1 -all"');
  r = await lint('mail._dmarc IN TXT "v=DMARC1; p=reject"\n' + GOOD);
  const f = one(r, 'dmarc/wrong-location', 'mail._dmarc');
  assert.match(f.message, /_dmarc\.mail\.example\.com/);
  await none(GOOD + 'example.org._report._dmarc IN TXT "v=DMARC1"\n*._report._dmarc IN TXT "v=DMARC1;"\n', 'dmarc/wrong-location');
});

test('dmarc/missing-record: a mail domain without _dmarc; fixes insert monitor or enforce records after the owner', async () => {
  const body = '@ IN MX 10 mail\n@ IN TXT "v=spf1 mx -all"\nmail IN A 192.0.2.1\n';
  const r = await lint(body);
  const f = one(r, 'dmarc/missing-record', '@', '@ IN MX');
  assert.equal(f.severity, 'warning');
  assert.equal(f.fixes.length, 2);
  const fixed = applied(f.fixes[0], r.zone.file);
  assert.ok(fixed.includes('@ IN TXT "v=spf1 mx -all"\n_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"\nmail IN A'), fixed);
  assert.ok(applied(f.fixes[1], r.zone.file).includes('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com"'));
  // The fixed zone parses and is then quiet.
  const again = await lintZone(parseZone(new SourceFile('/ws/example.com.zone', fixed), { origin: 'example.com.' }));
  assert.deepEqual(of(again.findings, 'dmarc/missing-record'), []);

  // A subdomain is covered by the apex record; a -all-only name and include targets are not mail names.
  await none(
    '@ IN MX 10 mail\n' + GOOD + 'news IN MX 10 mail\nnews IN TXT "v=spf1 include:_spf.example.com -all"\n_spf IN TXT "v=spf1 ip4:192.0.2.0/24 -all"\nparked IN TXT "v=spf1 -all"\nmail IN A 192.0.2.1\n',
    'dmarc/missing-record',
  );
  // A wildcard MX is covered by the parent's sp/np: no `_dmarc.*` suggestion.
  await none('* IN MX 10 mail.example.com.\n', 'dmarc/missing-record', { origin: 'example.com.' });
});

test('dmarc/missing-record: an ancestor _dmarc in another zone of the workspace covers a subzone', async () => {
  const ws = new Workspace();
  ws.set(zoneOf(GOOD));
  const body = '@ IN MX 10 mx.example.com.\n@ IN TXT "v=spf1 mx ~all"\n';
  await none(body, 'dmarc/missing-record', { origin: 'eu.example.com.', workspace: ws });
  const r = await lint(body, { origin: 'eu.example.com.' });
  const f = of(r.findings, 'dmarc/missing-record');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'info', 'the parent zone is not in the workspace: could not check, says so');
  assert.match(f[0].message, /example\.com is not in the workspace/);
});

test('dmarc/missing-policy: no p=, fix adds p=none after v', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; rua=mailto:d@example.com"\n');
  const f = one(r, 'dmarc/missing-policy', 'v=DMARC1');
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=none; rua=mailto:d@example.com"/);
  assert.match(applied(f.fixes[1], r.zone.file), /"v=DMARC1; p=reject; rua=/);
  await none(GOOD, 'dmarc/missing-policy');
});

test('dmarc/invalid-value: values outside each grammar', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p=rejected; adkim=x; aspf=s; fo=2; t=maybe; psd=q; rua=mailto:d@example.com"\n');
  const fs = of(r.findings, 'dmarc/invalid-value');
  assert.deepEqual(fs.map((f) => r.text.slice(f.start, f.end)), ['rejected', 'x', '2', 'maybe', 'q']);
  await none('_dmarc IN TXT "v=DMARC1; p=Reject; sp=quarantine; np=reject; adkim=s; aspf=r; fo=0:1:d:s; t=n; psd=n; rua=mailto:d@example.com"\n', 'dmarc/invalid-value');
});

test('dmarc/duplicate-tag: the second occurrence is reported', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com; p=none"\n');
  one(r, 'dmarc/duplicate-tag', 'p=none');
  await none(GOOD, 'dmarc/duplicate-tag');
});

test('dmarc/unknown-tag: a typo one edit away is renamed', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; rau=mailto:d@example.com"\n');
  const f = one(r, 'dmarc/unknown-tag', 'rau');
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=reject; rua=mailto:d@example.com"/);
  const r2 = await lint('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com; foobar=1"\n');
  const f2 = one(r2, 'dmarc/unknown-tag', 'foobar');
  assert.equal(f2.fixes.length, 0);
  await none('_dmarc IN TXT "v=DMARC1; p=reject; pct=100; rua=mailto:d@example.com"\n', 'dmarc/unknown-tag');
});

test('dmarc/p-none: hardening fixes quarantine (preferred) then reject', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@example.com"\n');
  const f = one(r, 'dmarc/p-none', 'p=none');
  assert.equal(f.fixes[0].preferred, true);
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=quarantine; rua/);
  assert.match(applied(f.fixes[1], r.zone.file), /"v=DMARC1; p=reject; rua/);
  await none('_dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:d@example.com"\n', 'dmarc/p-none');
});

test('dmarc/sp-weaker: sp and np weaker than p are raised to p', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; sp=none; np=quarantine; rua=mailto:d@example.com"\n');
  const fs = of(r.findings, 'dmarc/sp-weaker');
  assert.deepEqual(fs.map((f) => r.text.slice(f.start, f.end)), ['sp=none', 'np=quarantine']);
  assert.match(applied(fs[0].fixes[0], r.zone.file), /sp=reject; np=quarantine/);
  assert.match(applied(fs[1].fixes[0], r.zone.file), /sp=none; np=reject/);
  await none('_dmarc IN TXT "v=DMARC1; p=quarantine; sp=reject; np=reject; rua=mailto:d@example.com"\n', 'dmarc/sp-weaker');
});

test('dmarc/pct-with-none and dmarc/pct-partial: remove pct; removed-tag does not double-report', async () => {
  let r = await lint('_dmarc IN TXT "v=DMARC1; p=none; pct=50; rua=mailto:d@example.com"\n');
  let f = one(r, 'dmarc/pct-with-none', 'pct=50');
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=none; rua=mailto:d@example.com"/);
  assert.deepEqual(of(r.findings, 'dmarc/removed-tag'), []);
  assert.deepEqual(of(r.findings, 'dmarc/pct-partial'), []);

  r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com; pct=25"\n');
  f = one(r, 'dmarc/pct-partial', 'pct=25');
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=reject; rua=mailto:d@example.com"\n/);
  await none('_dmarc IN TXT "v=DMARC1; p=reject; pct=100; rua=mailto:d@example.com"\n', 'dmarc/pct-partial');
  await none('_dmarc IN TXT "v=DMARC1; p=reject; pct=50; rua=mailto:d@example.com"\n', 'dmarc/pct-with-none');
});

test('dmarc/removed-tag: pct=100, rf and ri are flagged as removed, with a removal fix', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; pct=100; rf=afrf; ri=86400; rua=mailto:d@example.com"\n');
  const fs = of(r.findings, 'dmarc/removed-tag');
  assert.deepEqual(fs.map((f) => r.text.slice(f.start, f.end)), ['pct=100', 'rf=afrf', 'ri=86400']);
  assert.ok(fs.every((f) => f.severity === 'info'));
  assert.match(applied(fs[2].fixes[0], r.zone.file), /rf=afrf; rua=/);
  await none(GOOD, 'dmarc/removed-tag');
});

test('dmarc/testing: t=y', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; t=y; rua=mailto:d@example.com"\n');
  const f = one(r, 'dmarc/testing', 't=y');
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=reject; rua=/);
  await none('_dmarc IN TXT "v=DMARC1; p=reject; t=n; rua=mailto:d@example.com"\n', 'dmarc/testing');
});

test('dmarc/rua-missing: adds the domain\'s own address as a placeholder', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p=reject;"\n');
  const f = one(r, 'dmarc/rua-missing', 'v=DMARC1');
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com;"/);
  await none(GOOD, 'dmarc/rua-missing');
});

test('dmarc/uri-invalid: not mailto, bad address, and the old !size suffix (info)', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; rua=dmarc@example.com, https://example.com/r, mailto:nobody; ruf=mailto:f@example.com!10m"\n');
  const fs = of(r.findings, 'dmarc/uri-invalid');
  assert.deepEqual(fs.map((f) => [r.text.slice(f.start, f.end), f.severity]), [
    ['dmarc@example.com', 'error'],
    ['https://example.com/r', 'error'],
    ['mailto:nobody', 'error'],
    ['!10m', 'info'],
  ]);
  assert.match(applied(fs[0].fixes[0], r.zone.file), /rua=mailto:dmarc@example.com,/);
  assert.match(applied(fs[3].fixes[0], r.zone.file), /ruf=mailto:f@example.com"/);
  await none('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:a@example.com,mailto:b@sub.example.com"\n', 'dmarc/uri-invalid');
});

test('dmarc/external-destination: unchecked offline (says so), missing in the workspace (fix adds it there), wildcard counts, live answers', async () => {
  const body = '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:reports@vendor.example"\n';
  // Nothing known about vendor.example: could not check.
  let r = await lint(body);
  let f = one(r, 'dmarc/external-destination', 'mailto:reports@vendor.example');
  assert.equal(f.severity, 'info');
  assert.match(f.message, /Could not check/);
  assert.match(f.message, /example\.com\._report\._dmarc\.vendor\.example TXT "v=DMARC1"/);

  // vendor.example's zone is in the workspace without the authorization: warning, fix adds it to that zone.
  let ws = new Workspace();
  const vendor = zoneOf('@ IN MX 10 mx\nmx IN A 192.0.2.9\n', 'vendor.example.', '/ws/vendor.example.zone');
  ws.set(vendor);
  r = await lint(body, { workspace: ws });
  f = one(r, 'dmarc/external-destination', 'mailto:reports@vendor.example');
  assert.equal(f.severity, 'warning');
  const fix = f.fixes[0];
  assert.equal(fix.edits[0].file, vendor.file);
  const fixedVendor = applied(fix, vendor.file);
  assert.ok(fixedVendor.endsWith('example.com._report._dmarc.vendor.example. IN TXT "v=DMARC1"\n'));
  const vz = parseZone(new SourceFile('/ws/vendor.example.zone', fixedVendor), { origin: 'vendor.example.' });
  ws = new Workspace();
  ws.set(vz);
  await none(body, 'dmarc/external-destination', { workspace: ws });

  // A wildcard authorization counts.
  ws = new Workspace();
  ws.set(zoneOf('*._report._dmarc IN TXT "v=DMARC1"\n', 'vendor.example.', '/ws/vendor.example.zone'));
  await none(body, 'dmarc/external-destination', { workspace: ws });

  // Live answers through the Resolver interface.
  const live = (status, txt) => ({ lookup: async (name, type) => ({ name, type, status, source: 'live', txt }) });
  await none(body, 'dmarc/external-destination', { resolver: live('ok', [['v=DMARC1;']]) });
  r = await lint(body, { resolver: live('nxdomain') });
  f = one(r, 'dmarc/external-destination', 'mailto:reports@vendor.example');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /in DNS/);
  assert.match(applied(f.fixes[0], r.zone.file), /\n; vendor\.example must publish: example\.com\._report\._dmarc\.vendor\.example\. IN TXT "v=DMARC1"\n/);
  r = await lint(body, { resolver: live('timeout') });
  assert.match(one(r, 'dmarc/external-destination', 'mailto:reports@vendor.example').message, /Could not check.*timeout/);

  // Same organizational domain needs no authorization.
  await none('_dmarc.eu IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com,mailto:x@reports.example.com"\n' + GOOD, 'dmarc/external-destination');
});

test('dmarc/fo-without-ruf and dmarc/too-many-uris', async () => {
  let r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; fo=1; rua=mailto:d@example.com"\n');
  one(r, 'dmarc/fo-without-ruf', 'fo=1');
  await none('_dmarc IN TXT "v=DMARC1; p=reject; fo=1; rua=mailto:d@example.com; ruf=mailto:f@example.com"\n', 'dmarc/fo-without-ruf');
  r = await lint('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:a@example.com,mailto:b@example.com,mailto:c@example.com"\n');
  one(r, 'dmarc/too-many-uris', 'mailto:c@example.com');
  await none('_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:a@example.com,mailto:b@example.com"\n', 'dmarc/too-many-uris');
});

test('dmarc/non-mail-domain: null MX with a DMARC weaker than reject', async () => {
  const r = await lint('@ IN MX 0 .\n@ IN TXT "v=spf1 -all"\n_dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:d@example.com"\n');
  const f = one(r, 'dmarc/non-mail-domain', 'p=quarantine');
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=reject; rua=/);
  await none('@ IN MX 0 .\n@ IN TXT "v=spf1 -all"\n' + GOOD, 'dmarc/non-mail-domain');
  await none('@ IN MX 10 mail\nmail IN A 192.0.2.1\n_dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:d@example.com"\n', 'dmarc/non-mail-domain');
});

test('ranges and fixes work across string boundaries (zone) and on octoDNS escaped values', async () => {
  const r = await lint('_dmarc IN TXT "v=DMARC1; p=no" "ne; rua=mailto:d@example.com"\n');
  const f = of(r.findings, 'dmarc/p-none')[0];
  assert.equal(r.text.slice(f.start, f.end), 'p=no" "ne');
  // The edit stays inside the strings: the boundary is kept.
  assert.match(applied(f.fixes[0], r.zone.file), /"v=DMARC1; p=quarantine" "; rua=mailto:d@example.com"/);

  const yaml = "---\n_dmarc:\n  type: TXT\n  value: v=DMARC1\\; p=none\\; pct=50\\; rua=mailto:d@example.com\n";
  const file = new SourceFile('/ws/example.com.yaml', yaml);
  const zone = parseOctodns(file, { origin: 'example.com.' });
  const run = await lintZone(zone);
  const pn = of(run.findings, 'dmarc/p-none')[0];
  assert.equal(yaml.slice(pn.start, pn.end), 'p=none');
  // Hardening drops pct (RFC 9989 removed it; kept, it would be a new dmarc/pct-partial).
  assert.match(applied(pn.fixes[0], file), /value: v=DMARC1\\; p=quarantine\\; rua=mailto:d@example.com\n/);
  const pct = of(run.findings, 'dmarc/pct-with-none')[0];
  assert.equal(yaml.slice(pct.start, pct.end), 'pct=50');
  assert.match(applied(pct.fixes[0], file), /value: v=DMARC1\\; p=none\\; rua=mailto:d@example.com\n/);
  const rua = await lintZone(parseOctodns(new SourceFile('/ws/example.com.yaml', "---\n_dmarc:\n  type: TXT\n  value: v=DMARC1\\; p=reject\n"), { origin: 'example.com.' }));
  const add = of(rua.findings, 'dmarc/rua-missing')[0];
  assert.match(applied(add.fixes[0], add.file), /value: v=DMARC1\\; p=reject\\; rua=mailto:dmarc-reports@example.com\n/);
});

test('realistic vectors (checkdmarc/mox style): common published records', async () => {
  const cases = [
    ['v=DMARC1; p=reject; sp=reject; adkim=s; aspf=s; rua=mailto:dmarc@example.com; ruf=mailto:dmarc@example.com; fo=1', []],
    ['v=DMARC1;p=none;', ['dmarc/p-none', 'dmarc/rua-missing']],
    ['v=DMARC1; p=quarantine; pct=100; rua=mailto:dmarc@example.com', ['dmarc/removed-tag']],
    ['v=DMARC1; p=reject; rua=mailto:dmarc@example.com!10m', ['dmarc/uri-invalid']],
    ['v=DMARC1; p=reject; rua=mailto:dmarc@example.com; ruf=mailto:dmarc@example.com; rf=afrf; ri=3600', ['dmarc/removed-tag', 'dmarc/removed-tag']],
    ['V=DMARC1; p=reject; rua=mailto:dmarc@example.com', ['dmarc/version']],
    // The missing ";" is one problem: dmarc/version names it (missing-policy would repeat it on the same span).
    ['v=DMARC1 p=reject', ['dmarc/rua-missing', 'dmarc/version']],
    ['v=DMARC1; p=reject; sp=none; rua=mailto:dmarc@example.com', ['dmarc/sp-weaker']],
  ];
  for (const [value, expected] of cases) {
    const r = await lint(`_dmarc IN TXT "${value}"\n`);
    const got = r.findings.filter((f) => f.rule.startsWith('dmarc/')).map((f) => f.rule).sort();
    assert.deepEqual(got, [...expected].sort(), value);
  }
});
