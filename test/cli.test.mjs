// The command-line contract (../shared/spec/cli.md), run as a user runs it: a separate process.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, run, write, tmpDir as scratch } from './helpers/cli.mjs';
const tmpDir = () => scratch('mailzone-cli-');


const SOA = '@ SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )\n@ NS ns1\nns1 A 192.0.2.1\n';

test('lint --format json: one object per file, 1-based line/column in UTF-16 units, exit 1 on errors', () => {
  const dir = tmpDir();
  const long = 'v=DKIM1; k=rsa; p=' + 'A'.repeat(300);
  write(dir, 'example.com.zone', `$ORIGIN example.com.\n$TTL 3600\n${SOA}sel._domainkey TXT "${long}"\n`);
  const r = run(['lint', '--offline', '--format', 'json', 'example.com.zone'], { cwd: dir });
  assert.equal(r.code, 1, r.err);
  assert.equal(r.err, '', 'nothing on stderr (V8 takes the CLI\'s heap setting silently)');
  const json = JSON.parse(r.out);
  assert.equal(json.length, 1);
  assert.equal(json[0].file, 'example.com.zone');
  const f = json[0].findings.find((x) => x.rule === 'zone/string-too-long');
  assert.ok(f, JSON.stringify(json));
  assert.equal(f.severity, 'error');
  assert.equal(f.line, 6);
  assert.equal(f.column, 'sel._domainkey TXT '.length + 1);
  assert.equal(f.endLine, 6);
  assert.equal(f.endColumn, f.column + long.length + 2);
  assert.match(f.message, /255/);
});

test('lint text format: "file:line:col  severity  message  rule-id" and a summary', () => {
  const dir = tmpDir();
  write(dir, 'db.example.com', `${SOA}www CNAME web.example.net\nselector1._domainkey CNAME selector1-example-com._domainkey.contoso.onmicrosoft.com\n`);
  let r = run(['lint', '--offline', 'db.example.com'], { cwd: dir });
  let lines = r.out.trim().split('\n');
  const hits = lines.filter((l) => l.endsWith('zone/relative-target'));
  assert.equal(hits.length, 1, r.out + r.err);
  assert.match(hits[0], /^db\.example\.com:4:11  warning  .+trailing dot.+  zone\/relative-target$/);
  assert.match(lines.at(-1), /problems? \(\d+ errors?, \d+ warnings?/);
  // The Microsoft 365 selector is reported once, by dkim/m365-cname; without the M365 checks, by zone/relative-target.
  assert.ok(lines.some((l) => /^db\.example\.com:5:28 .* dkim\/m365-cname$/.test(l)), r.out);
  r = run(['lint', '--offline', '--no-m365', 'db.example.com'], { cwd: dir });
  lines = r.out.trim().split('\n');
  assert.ok(lines.some((l) => /^db\.example\.com:5:28  warning .* zone\/relative-target$/.test(l)), r.out);
  assert.ok(!lines.some((l) => l.includes('dkim/m365')), r.out);
});

test('--origin and the origin from the file name decide what relative names mean', () => {
  const dir = tmpDir();
  write(dir, 'zone.txt', `${SOA}www CNAME web\nwww TXT "x"\n`);
  const r = run(['lint', '--offline', '--format', 'json', '--origin', 'example.com', 'zone.txt'], { cwd: dir });
  const f = JSON.parse(r.out)[0].findings.find((x) => x.rule === 'zone/cname-and-other-data');
  assert.ok(f, r.out + r.err);
  assert.match(f.message, /www\.example\.com\./);
});

test('--rule overrides a severity or switches a rule off; --max-warnings turns warnings into failure', () => {
  const dir = tmpDir();
  write(dir, 'example.com.zone', `${SOA}a A 192.0.2.7\na A 192.0.2.7\n`);
  let r = run(['lint', '--offline', '--format', 'json', 'example.com.zone'], { cwd: dir });
  assert.equal(r.code, 0, r.err);
  assert.ok(JSON.parse(r.out)[0].findings.some((f) => f.rule === 'zone/duplicate-record' && f.severity === 'warning'));
  r = run(['lint', '--offline', '--max-warnings', '0', 'example.com.zone'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.err, /max-warnings/);
  r = run(['lint', '--offline', '--format', 'json', '--rule', 'zone/duplicate-record=error', 'example.com.zone'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.out)[0].findings.find((f) => f.rule === 'zone/duplicate-record').severity, 'error');
  r = run(['lint', '--offline', '--format', 'json', '--rule=zone/duplicate-record=off', 'example.com.zone'], { cwd: dir });
  assert.equal(r.code, 0);
  assert.ok(!JSON.parse(r.out)[0].findings.some((f) => f.rule === 'zone/duplicate-record'));
});

test('usage errors and unreadable input exit 2 with a message for people', () => {
  let r = run(['lint', '--format', 'xml', 'x.zone']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--format must be text, json or sarif/);
  r = run(['lint', '--rule', 'spf/nonsense=error', 'x.zone']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown rule 'spf\/nonsense'/);
  r = run(['lint', '--bogus']);
  assert.equal(r.code, 2);
  r = run(['lint', '--offline', '/nonexistent/zone.db']);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read \/nonexistent\/zone\.db/);
  r = run(['frobnicate']);
  assert.equal(r.code, 2);
});

test('sarif: SARIF 2.1.0 with one rule per rule ID and its help text, results pointing at them', () => {
  const dir = tmpDir();
  write(dir, 'example.com.zone', `${SOA}a A 192.0.2.7\na A 192.0.2.7\n`);
  const r = run(['lint', '--offline', '--format', 'sarif', 'example.com.zone'], { cwd: dir });
  const log = JSON.parse(r.out);
  assert.equal(log.version, '2.1.0');
  const driver = log.runs[0].tool.driver;
  assert.equal(driver.name, 'mailzone');
  const ids = driver.rules.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, 'one rule per ID');
  for (const id of ['zone/syntax', 'zone/duplicate-record', 'zone/string-too-long']) assert.ok(ids.includes(id), id);
  for (const rule of driver.rules) {
    assert.ok(rule.help.text.length > 40, `help text for ${rule.id}`);
    assert.ok(rule.shortDescription.text.length > 5);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
  }
  const res = log.runs[0].results.find((x) => x.ruleId === 'zone/duplicate-record');
  assert.ok(res);
  assert.equal(driver.rules[res.ruleIndex].id, 'zone/duplicate-record');
  assert.equal(res.level, 'warning');
  assert.equal(res.locations[0].physicalLocation.region.startLine, 5);
  assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'example.com.zone');
  assert.ok(res.fixes?.length, 'the delete-duplicate fix travels in SARIF');
});

test('directories are walked; files are detected by name and content; non-zone files are left alone', () => {
  const dir = tmpDir();
  write(dir, 'zones/example.com.zone', `${SOA}a A 192.0.2.7\na A 192.0.2.7\n`);
  write(dir, 'zones/README.md', '# not a zone\n');
  write(dir, 'zones/other.conf', 'options { directory "/var/named"; };\n');
  write(dir, 'node_modules/x/db.bad', 'garbage (\n');
  const r = run(['lint', '--offline', '--format', 'json', '.'], { cwd: dir });
  const files = JSON.parse(r.out).map((x) => x.file);
  assert.deepEqual(files, [path.join('zones', 'example.com.zone')]);
});

test('records: JSON lines with absolute lower-cased owners, TTL, class, type, rdata and decoded strings', () => {
  const dir = tmpDir();
  write(dir, 'example.com.zone', `$TTL 300\n${SOA}Mail 60 IN TXT "v=spf1 " "-all"\n`);
  const r = run(['records', 'example.com.zone'], { cwd: dir });
  assert.equal(r.code, 0, r.err);
  const recs = r.out.trim().split('\n').map((l) => JSON.parse(l));
  const txt = recs.find((x) => x.type === 'TXT');
  assert.deepEqual(txt, { owner: 'mail.example.com.', ttl: 60, class: 'IN', type: 'TXT', rdata: '"v=spf1 " "-all"', strings: ['v=spf1 ', '-all'], line: 5 });
  assert.equal(recs[0].type, 'SOA');
  assert.equal(recs[0].owner, 'example.com.');
});

test('suppression comments silence the next record; one that silences nothing is reported', () => {
  const dir = tmpDir();
  write(
    dir,
    'example.com.zone',
    `${SOA}a A 192.0.2.7\n; mailzone-disable-next-line zone/duplicate-record\na A 192.0.2.7\n; mailzone-disable-next-line zone/string-too-long\nb A 192.0.2.8\n`,
  );
  const r = run(['lint', '--offline', '--format', 'json', 'example.com.zone'], { cwd: dir });
  const fs_ = JSON.parse(r.out)[0].findings;
  assert.ok(!fs_.some((f) => f.rule === 'zone/duplicate-record'), r.out);
  const unused = fs_.find((f) => f.rule === 'mailzone/unused-suppression');
  assert.ok(unused, r.out);
  assert.equal(unused.severity, 'hint');
  assert.equal(unused.line, 7);
  assert.match(unused.message, /no zone\/string-too-long finding on the next record/);
});

test('a suppression comment naming a rule ID that does not exist says so, with the nearest ID', () => {
  const dir = tmpDir();
  write(dir, 'example.com.zone', `${SOA}a A 192.0.2.7\n; mailzone-disable-next-line zone/duplicat-record\na A 192.0.2.7\n`);
  const r = run(['lint', '--offline', '--format', 'json', 'example.com.zone'], { cwd: dir });
  const fs_ = JSON.parse(r.out)[0].findings;
  const unused = fs_.find((f) => f.rule === 'mailzone/unused-suppression');
  assert.match(unused.message, /^zone\/duplicat-record is not a mailzone rule ID \(did you mean "zone\/duplicate-record"\?\)/);
  assert.ok(fs_.some((f) => f.rule === 'zone/duplicate-record'), 'the misspelt ID silences nothing');
});

test('the hardened example zone: its only finding is the honest note that the count is a lower bound offline', () => {
  const r = run(['lint', '--offline', '--format', 'json', 'examples/example.org.zone']);
  assert.equal(r.code, 0, r.err);
  const [f, ...rest] = JSON.parse(r.out)[0].findings;
  assert.deepEqual(rest, [], r.out);
  assert.equal(f.rule, 'spf/too-many-lookups');
  assert.equal(f.severity, 'info');
  assert.match(f.message, /spf\.protection\.outlook\.com is outside the workspace/);
  assert.match(f.message, /setting `mailzone\.dns\.lookups`: `live`/);
});

test('reports of thousands of findings are written in pieces: JSON and SARIF exactly as JSON.stringify(…, null, 2), text complete', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mz-cli-big-'));
  try {
    const head = (o) => `$ORIGIN ${o}\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n`;
    let a = head('a.test.');
    for (let i = 0; i < 2600; i++) a += `h${i} IN TXT "v=spf1 ip4:192.0.2.${i % 250} ~all"\nh${i} IN MX 10 ns1.a.test.\n`;
    fs.writeFileSync(path.join(dir, 'a.test.zone'), a);
    fs.writeFileSync(path.join(dir, 'b.test.zone'), head('b.test.')); // no findings
    fs.writeFileSync(path.join(dir, 'c.test.zone'), head('c.test.') + 'x IN TXT "v=spf1 ~all"\nx IN MX 10 ns1.c.test.\n');
    const r = run(['lint', '--offline', '--format', 'json', dir]);
    assert.ok(r.code === 0 || r.code === 1, r.err);
    const parsed = JSON.parse(r.out);
    assert.equal(r.out, JSON.stringify(parsed, null, 2) + '\n');
    const soft = parsed.flatMap((f) => f.findings).filter((f) => f.rule === 'spf/soft-all');
    assert.equal(soft.length, 2601);
    assert.ok(parsed.some((f) => f.file.endsWith('b.test.zone') && f.findings.length === 0) || !parsed.some((f) => f.file.endsWith('b.test.zone')));
    const sr = run(['lint', '--offline', '--format', 'sarif', dir]);
    assert.equal(sr.code, r.code, sr.err);
    const sarif = JSON.parse(sr.out);
    assert.equal(sr.out, JSON.stringify(sarif, null, 2) + '\n');
    assert.equal(sarif.runs[0].results.length, parsed.reduce((n, f) => n + f.findings.length, 0));
    const t = run(['lint', '--offline', dir]);
    assert.equal(t.code, r.code, t.err);
    const lines = t.out.split('\n').filter((l) => l.includes('spf/soft-all'));
    assert.equal(lines.length, 2601);
    const total = parsed.reduce((n, f) => n + f.findings.length, 0);
    assert.match(t.out, new RegExp(`\\n${total} problems \\(\\d+ errors?, \\d+ warnings?, \\d+ info, \\d+ hints?\\) in \\d+ files\\.\\n$`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a reader that stops early (`mailzone lint … | head`) ends the CLI quietly with the lint exit code', async () => {
  const { spawn } = await import('node:child_process');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mz-cli-pipe-'));
  try {
    let z = '$ORIGIN p.test.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n@ IN TXT "v=spf1 ip4:300.1.1.1 -all"\n';
    for (let i = 0; i < 6000; i++) z += `h${i} IN TXT "v=spf1 ~all"\n`;
    fs.writeFileSync(path.join(dir, 'p.test.zone'), z);
    const child = spawn(process.execPath, [cli, 'lint', '--offline', '--format', 'json', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 1, stderr); // an spf/invalid-ip error: the exit code is the lint's
    assert.doesNotMatch(stderr, /EPIPE|Unhandled/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('mailzone-disable works on a line of its own only: after a record it silences nothing and says so', () => {
  const dir = tmpDir();
  write(dir, 'example.com.zone', `${SOA}@ MX 10 a\na A 192.0.2.7\n@ TXT "v=spf1 mx ~all" ; mailzone-disable spf/soft-all\nwww TXT "v=spf1 mx ~all"\n; mailzone-disable spf/soft-all -- for the rest of the file\nx TXT "v=spf1 mx ~all"\n`);
  const r = run(['lint', '--offline', '--format', 'json', 'example.com.zone'], { cwd: dir });
  const fs_ = JSON.parse(r.out)[0].findings;
  const soft = fs_.filter((f) => f.rule === 'spf/soft-all').map((f) => f.line);
  const base = SOA.split('\n').length - 1;
  assert.deepEqual(soft, [base + 3, base + 4], r.out); // the trailing one silenced nothing; the own-line one silences x
  const inert = fs_.filter((f) => f.rule === 'mailzone/unused-suppression');
  assert.equal(inert.length, 1, r.out);
  assert.match(inert[0].message, /only on a line of its own.*mailzone-disable-next-line spf\/soft-all/);
});
