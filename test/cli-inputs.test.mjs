// What `mailzone lint` does with the inputs it is given (../shared/spec/cli.md): unreadable files,
// YAML that is not octoDNS, zone files without a known origin, $INCLUDE paths, a byte-order mark.
// Run as a user runs it: a separate process.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { HEAD, parse, oneProblem } from './helpers/zone.mjs';
import { cli, root, run, write, tmpDir as scratch } from './helpers/cli.mjs';
const tmpDir = () => scratch('mailzone-inputs-');


const ZONE = (origin) =>
  `$ORIGIN ${origin}\n$TTL 3600\n@ SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )\n@ NS ns1\nns1 A 192.0.2.1\n`;
/** A zone with an error (an MX without a preference). */
const BAD = (origin) => ZONE(origin) + '@ MX mail\n';

test('unreadable input: exit 2 even when a readable file has errors; no "No problems" claim', () => {
  const dir = tmpDir();
  write(dir, 'bad.test.zone', BAD('bad.test.'));
  let r = run(['lint', '--offline', 'nonexist.zone', 'bad.test.zone'], { cwd: dir });
  assert.equal(r.code, 2, 'an input could not be read: exit 2, not 1 (cli.md)');
  assert.match(r.err, /cannot read nonexist\.zone/);
  assert.match(r.out, /zone\/syntax/, 'the readable file is still reported');
  assert.match(r.out, /1 input could not be read/);
  r = run(['lint', '--offline', '--format', 'json', 'nonexist.zone', 'bad.test.zone'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.equal(JSON.parse(r.out).length, 1);
  // Only an unreadable file: nothing linted, and the text report does not say all is well.
  r = run(['lint', '--offline', 'nonexist.zone'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.out, /No problems/);
  assert.match(r.out, /Nothing was linted/);
  // A clean file and an unreadable one: 2 as well, and the summary says what was not checked.
  write(dir, 'good.test.zone', ZONE('good.test.'));
  r = run(['lint', '--offline', '--rule', 'dmarc/missing-record=off', 'nonexist.zone', 'good.test.zone'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.out, /could not be read/);
});

test('a YAML file named on the command line is linted even when it does not look like octoDNS', () => {
  const dir = tmpDir();
  write(dir, 'a.test.yaml', 'foo: bar\n');
  write(dir, 'b.test.yaml', '- a\n- b\n');
  write(dir, 'c.test.yaml', '---\n');
  let r = run(['lint', '--offline', 'a.test.yaml'], { cwd: dir });
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /^a\.test\.yaml:1:\d+  error  .*octoDNS cannot load.*  octodns\/syntax$/m);
  r = run(['lint', '--offline', 'b.test.yaml'], { cwd: dir });
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /^b\.test\.yaml:1:1  error  .*mapping of record names.*  octodns\/syntax$/m);
  // An empty document is an empty zone to octoDNS: linted, and counted.
  r = run(['lint', '--offline', 'c.test.yaml'], { cwd: dir });
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /No problems found in 1 file\./);
  // An octoDNS configuration named explicitly: not a zone, and we say so.
  write(dir, 'config.yaml', 'providers:\n  x:\n    class: y\nzones:\n  a.test.:\n    sources: [x]\n');
  r = run(['lint', '--offline', 'config.yaml'], { cwd: dir });
  assert.match(r.err, /config\.yaml is an octoDNS configuration file/);
});

test('a directory walk skips YAML that is not octoDNS, and says how many (hidden directories are not walked)', () => {
  const dir = tmpDir();
  write(dir, 'z/a.test.yaml', 'foo: bar\n');
  write(dir, 'z/.github/ci.yml', 'on: push\njobs: {}\n');
  write(dir, 'z/ok.test.yaml', 'www:\n  type: A\n  value: 192.0.2.1\n');
  const r = run(['lint', '--offline', '--format', 'json', 'z'], { cwd: dir });
  assert.equal(r.code, 0, r.out + r.err);
  assert.deepEqual(JSON.parse(r.out).map((x) => x.file), [path.join('z', 'ok.test.yaml')]);
  assert.match(r.err, /skipped 1 YAML file\b.* not look like octoDNS zone files/);
});

test('a directory walk passes over hidden directories and backup copies; named on the command line they are linted', () => {
  const dir = tmpDir();
  write(dir, 'repo/zones/ok.test.zone', ZONE('ok.test.'));
  // The README's CI example checks mailzone out as .mailzone inside the repository.
  write(dir, 'repo/.mailzone/examples/bad.test.zone', BAD('bad.test.'));
  write(dir, 'repo/zones/db.ok.test.bak', BAD('ok.test.'));
  write(dir, 'repo/zones/ok.test.zone~', BAD('ok.test.'));
  write(dir, 'repo/zones/ok.test.zone.old', BAD('ok.test.'));
  let r = run(['lint', '--offline', '--format', 'json', 'repo'], { cwd: dir });
  assert.equal(r.code, 0, r.out + r.err);
  assert.deepEqual(JSON.parse(r.out).map((x) => x.file), [path.join('repo', 'zones', 'ok.test.zone')]);
  r = run(['lint', '--offline', '--format', 'json', 'repo/.mailzone', 'repo/zones/db.ok.test.bak'], { cwd: dir });
  assert.equal(r.code, 1, r.out + r.err);
  assert.deepEqual(JSON.parse(r.out).map((x) => x.file).sort(), [path.join('repo', '.mailzone', 'examples', 'bad.test.zone'), path.join('repo', 'zones', 'db.ok.test.bak')]);
});

test('a directory walk follows links to files (zones kept elsewhere and linked in), not links to directories', { skip: process.platform === 'win32' }, () => {
  const dir = tmpDir();
  write(dir, 'store/bad.test.zone', BAD('bad.test.'));
  fs.mkdirSync(path.join(dir, 'zones'));
  fs.symlinkSync(path.join(dir, 'store/bad.test.zone'), path.join(dir, 'zones/bad.test.zone'));
  fs.symlinkSync(path.join(dir, 'zones'), path.join(dir, 'zones/loop'));
  fs.symlinkSync(path.join(dir, 'nowhere.zone'), path.join(dir, 'zones/dangling.zone'));
  let r = run(['lint', '--offline', '--format', 'json', 'zones'], { cwd: dir });
  assert.equal(r.code, 1, r.out + r.err);
  assert.deepEqual(JSON.parse(r.out).map((x) => x.file), [path.join('zones', 'bad.test.zone')]);
  // The link and what it points at, both walked: one file, linted once.
  r = run(['lint', '--offline', '--format', 'json', 'zones', 'store'], { cwd: dir });
  assert.deepEqual(JSON.parse(r.out).map((x) => x.file), [path.join('zones', 'bad.test.zone')]);
});

test('a signed zone file (dnssec-signzone writes <input>.signed) takes its origin from the name before .signed', () => {
  const dir = tmpDir();
  const body = '$TTL 3600\n@ SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )\n@ NS ns1\nns1 A 192.0.2.1\n';
  write(dir, 'example.com.zone.signed', body);
  write(dir, 'db.example.org.signed', body);
  for (const [f, owner] of [['example.com.zone.signed', 'example.com.'], ['db.example.org.signed', 'example.org.']]) {
    const r = run(['records', f], { cwd: dir });
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal(JSON.parse(r.out.split('\n')[0]).owner, owner, f);
  }
});

test('a zone that $INCLUDEs itself: zone/include-outside-workspace, the catalog rule for an include back at itself', () => {
  const dir = tmpDir();
  write(dir, 'self.test.zone', ZONE('self.test.') + '$INCLUDE self.test.zone\n');
  const r = run(['lint', '--offline', '--format', 'json', 'self.test.zone'], { cwd: dir });
  const f = JSON.parse(r.out)[0].findings.filter((x) => /\$INCLUDE cycle/.test(x.message));
  assert.equal(f.length, 1, r.out);
  assert.equal(f[0].rule, 'zone/include-outside-workspace');
  assert.equal(f[0].line, 6);
});

test('relative $INCLUDE: next to the including file, else from the workspace root (where BIND run in the repo looks)', () => {
  const text = HEAD + '$INCLUDE zones/spf.inc\nz A 192.0.2.9\n';
  const calls = [];
  const files = { '/ws/zones/spf.inc': '@ TXT "v=spf1 -all"\n' };
  const reader = (p) => (calls.push(p), files[p]);
  let z = parse(text, { path: '/ws/zones/example.com.zone', workspaceRoot: '/ws', readFile: reader });
  assert.deepEqual(z.problems, []);
  assert.deepEqual(calls, ['/ws/zones/zones/spf.inc', '/ws/zones/spf.inc']);
  assert.deepEqual(z.files.map((f) => f.path), ['/ws/zones/example.com.zone', '/ws/zones/spf.inc']);
  assert.ok(z.records.some((r) => r.type === 'TXT' && r.file.path === '/ws/zones/spf.inc'));
  // Both exist: the one next to the including file wins.
  files['/ws/zones/zones/spf.inc'] = '@ TXT "v=spf1 mx -all"\n';
  z = parse(text, { path: '/ws/zones/example.com.zone', workspaceRoot: '/ws', readFile: reader });
  assert.equal(z.files[1].path, '/ws/zones/zones/spf.inc');
  // Neither: the message names both paths that were tried.
  const p = oneProblem(parse(text, { path: '/ws/zones/example.com.zone', workspaceRoot: '/ws', readFile: () => undefined }), text, 'zones/spf.inc', /cannot be read/, {
    rule: 'zone/include-outside-workspace',
  });
  assert.match(p.message, /tried \/ws\/zones\/zones\/spf\.inc, next to the including file, and \/ws\/zones\/spf\.inc, in the workspace root/);
  // A file including itself by its path from the root is a cycle, not a second read.
  const self = HEAD + '$INCLUDE zones/example.com.zone\n';
  const seen = [];
  const zs = parse(self, { path: '/ws/zones/example.com.zone', workspaceRoot: '/ws', readFile: (q) => (seen.push(q), q === '/ws/zones/example.com.zone' ? self : undefined) });
  oneProblem(zs, self, 'zones/example.com.zone', /\$INCLUDE cycle/, { rule: 'zone/include-outside-workspace' });
  assert.deepEqual(seen, ['/ws/zones/zones/example.com.zone']);
});

test('relative $INCLUDE from the root never leaves the root; nothing outside it is read', () => {
  for (const rel of ['../../etc/passwd', 'zones/../../../etc/passwd', '/etc/passwd', '../../ws/../etc/passwd']) {
    const text = HEAD + `$INCLUDE ${rel}\n`;
    const calls = [];
    const z = parse(text, { path: '/ws/zones/example.com.zone', workspaceRoot: '/ws', readFile: (p) => (calls.push(p), 'evil A 192.0.2.66\n') });
    oneProblem(z, text, rel, /outside the workspace/, { rule: 'zone/include-outside-workspace' });
    assert.deepEqual(calls, [], rel);
  }
  // '../x' from zones/ is inside the root (/ws/x); the root candidate (/x) is not, and is not read.
  const text = HEAD + '$INCLUDE ../x.inc\n';
  const calls = [];
  const z = parse(text, { path: '/ws/zones/example.com.zone', workspaceRoot: '/ws', readFile: (p) => (calls.push(p), undefined) });
  const p = oneProblem(z, text, '../x.inc', /cannot be read \(\/ws\/x\.inc\)/, { rule: 'zone/include-outside-workspace' });
  assert.ok(p);
  assert.deepEqual(calls, ['/ws/x.inc']);
});

test('lint: a zone in a subdirectory that $INCLUDEs a path from the repository root (as named-checkzone run there reads it)', () => {
  const dir = tmpDir();
  write(dir, 'zones/inc2.test.zone', ZONE('inc2.test.') + '$INCLUDE zones/spf.inc\n');
  write(dir, 'zones/spf.inc', '@ TXT "v=spf1 ~all"\n');
  const r = run(['lint', '--offline', '--format', 'json', 'zones/inc2.test.zone'], { cwd: dir });
  const json = JSON.parse(r.out);
  const all = json.flatMap((x) => x.findings.map((f) => ({ ...f, file: x.file })));
  assert.ok(!all.some((f) => f.rule === 'zone/include-outside-workspace'), JSON.stringify(all));
  assert.ok(all.some((f) => f.rule === 'spf/soft-all' && f.file === path.join('zones', 'spf.inc')), 'the include is linted');
  // --root elsewhere: the copy next to the zone is outside it, so it is not read, and the message says so.
  fs.mkdirSync(path.join(dir, 'other'));
  const r2 = run(['lint', '--offline', '--format', 'json', '--root', 'other', 'zones/inc2.test.zone'], { cwd: dir });
  const j2 = JSON.parse(r2.out);
  assert.equal(j2.length, 1, 'spf.inc not read');
  const f2 = j2[0].findings.filter((f) => f.rule === 'zone/include-outside-workspace');
  assert.equal(f2.length, 1, r2.out);
  assert.match(f2[0].message, /cannot be read \(.*other\/zones\/spf\.inc\).*zones\/zones\/spf\.inc is outside the workspace/);
});

test('a zone file starting with a UTF-8 BOM: zone/syntax at 1:1 (BIND refuses it), the rest still linted', () => {
  const dir = tmpDir();
  write(dir, 'bom.test.zone', '\ufeff' + ZONE('bom.test.') + '@ MX 10 mail\nmail A 192.0.2.2\n@ TXT "v=spf1 mx ~all"\n');
  const r = run(['lint', '--offline', '--format', 'json', 'bom.test.zone'], { cwd: dir });
  assert.equal(r.code, 1, r.err);
  const f = JSON.parse(r.out)[0].findings;
  const bom = f.filter((x) => /byte-order mark/.test(x.message));
  assert.equal(bom.length, 1, JSON.stringify(f));
  assert.deepEqual([bom[0].rule, bom[0].line, bom[0].column], ['zone/syntax', 1, 1]);
  assert.match(bom[0].message, /BIND .*refuses the zone.*without BOM/);
  assert.ok(f.some((x) => x.rule === 'spf/soft-all'), 'the records after it are linted');
  // `records` reads the same records as without the mark, and reports it on stderr.
  const rec = run(['records', 'bom.test.zone'], { cwd: dir });
  assert.equal(rec.code, 1);
  assert.match(rec.err, /:1:1  error  the file starts with a UTF-8 byte-order mark/);
  assert.equal(rec.out.trim().split('\n').length, 6);
  // Columns on line 1 are counted as editors show the line, without the mark.
  const line1 = '@ 300 IN TXT "v=spf1 mx ~all"\n';
  write(dir, 'first.test.zone', '\ufeff' + line1 + ZONE('first.test.') + '@ MX 10 mail\nmail A 192.0.2.2\n');
  const soft = JSON.parse(run(['lint', '--offline', '--format', 'json', 'first.test.zone'], { cwd: dir }).out)[0].findings.filter((x) => x.rule === 'spf/soft-all');
  assert.deepEqual(soft.map((x) => [x.line, x.column, x.endColumn]), [[1, line1.indexOf('~all') + 1, line1.indexOf('~all') + 5]]);
  // octoDNS YAML may start with a BOM (YAML allows it): no finding for it.
  write(dir, 'bom.test.yaml', '\ufeffwww:\n  type: A\n  value: 192.0.2.1\n');
  const y = run(['lint', '--offline', '--rule', 'dmarc/missing-record=off', 'bom.test.yaml'], { cwd: dir });
  assert.doesNotMatch(y.out, /byte-order|octodns\/syntax/);
});

test('BOM finding and the editor\'s incremental re-parse: same as a full parse when the mark is added, kept or removed', async () => {
  const { engine } = await import('./helpers/zone.mjs');
  // Records from the first line (a directive there would make every such edit a full parse anyway).
  const plain = 'www 60 A 192.0.2.1\nmail 60 A 192.0.2.2\nx 60 A 192.0.2.3\n';
  const snap = (z) => ({
    problems: z.problems.map((p) => [p.rule, p.start, p.end, p.message]),
    records: z.records.map((r) => [r.owner, r.type, r.start, r.line]),
  });
  const edits = [
    ['add the BOM', plain, 0, 0, '\ufeff'],
    ['remove the BOM', '\ufeff' + plain, 0, 1, ''],
    ['edit the first line after the BOM', '\ufeff' + plain, 1, 1, ' '],
    ['edit a later line', '\ufeff' + plain, ('\ufeff' + plain).indexOf('www'), ('\ufeff' + plain).indexOf('www') + 3, 'web'],
    ['type before the BOM', '\ufeff' + plain, 0, 0, 'x'],
  ];
  for (const [what, before, start, end, insert] of edits) {
    const prev = engine.parseZone(new engine.SourceFile('/ws/example.com.zone', before), { origin: 'example.com.' });
    const after = before.slice(0, start) + insert + before.slice(end);
    const file = new engine.SourceFile('/ws/example.com.zone', after);
    const got = engine.reparseZone(prev, file, { start, end, newLength: insert.length });
    const want = engine.parseZone(new engine.SourceFile('/ws/example.com.zone', after), { origin: 'example.com.' });
    assert.deepEqual(snap(got), snap(want), what);
    assert.equal(got.problems.some((p) => /byte-order mark/.test(p.message)), after.startsWith('\ufeff'), what);
  }
});

test('no $ORIGIN and no origin in the file name: one zone/syntax finding at the start, no root-based findings', () => {
  const dir = tmpDir();
  for (const name of ['weird.zone', 'weird.txt']) {
    write(dir, name, '$TTL 3600\n@ IN MX 10 mail\nmail IN A 192.0.2.1\n');
    const r = run(['lint', '--offline', '--format', 'json', name], { cwd: dir });
    assert.equal(r.code, 1, r.err);
    const f = JSON.parse(r.out)[0].findings;
    assert.deepEqual(f.map((x) => [x.rule, x.line, x.column]), [['zone/syntax', 1, 1]], JSON.stringify(f));
    assert.match(f[0].message, /origin is unknown.*\$ORIGIN.*--origin/);
    assert.doesNotMatch(r.out, /_dmarc\.\)|receives mail/);
  }
  // --origin, a $ORIGIN line or a telling file name: linted as before, no such finding.
  const withOrigin = run(['lint', '--offline', '--format', 'json', '--origin', 'example.com', 'weird.zone'], { cwd: dir });
  assert.ok(JSON.parse(withOrigin.out)[0].findings.some((x) => x.rule === 'dmarc/missing-record' && /_dmarc\.example\.com/.test(x.message)), withOrigin.out);
  write(dir, 'primary', '$ORIGIN example.com.\n$TTL 3600\n@ IN MX 10 mail\nmail IN A 192.0.2.1\n');
  const named = run(['lint', '--offline', '--format', 'json', 'primary'], { cwd: dir });
  assert.doesNotMatch(named.out, /origin is unknown/);
  assert.match(named.out, /_dmarc\.example\.com/);
});

test('unknown origin in the engine: only records that need it are left out; absolute names and names after $ORIGIN are read', async () => {
  const { engine } = await import('./helpers/zone.mjs');
  const read = (text, p = '/ws/weird.zone') => engine.readDocument(new engine.SourceFile(p, text), 'zone', {});
  // Only absolute names: nothing needs the origin, no finding.
  let z = read('$TTL 60\nexample.com. MX 10 mail.example.com.\n');
  assert.deepEqual(z.problems, []);
  assert.deepEqual(z.records.map((r) => r.owner), ['example.com.']);
  // An absolute owner with a relative MX target needs it too; records after $ORIGIN are fine.
  z = read('$TTL 60\nexample.com. MX 10 mail\nwww A 192.0.2.1\n$ORIGIN example.org.\n@ MX 10 mx.example.org.\n');
  assert.equal(z.problems.length, 1);
  assert.equal(z.problems[0].rule, 'zone/syntax');
  assert.equal(z.problems[0].start, 0);
  assert.match(z.problems[0].message, /2 records with relative names are not checked/);
  assert.deepEqual(z.records.map((r) => `${r.owner} ${r.type}`), ['example.org. MX']);
  assert.equal(z.origin, 'example.org.');
  assert.ok(!JSON.stringify(z.records.map((r) => [r.owner, r.target])).includes('invalid'));
  // Editing such a file in the editor gives what a full read gives.
  // Absolute names, then one is made relative: now it needs the origin (the finding appears).
  const text = '$TTL 60\nexample.com. A 192.0.2.1\nwww.example.com. A 192.0.2.2\nftp.example.com. A 192.0.2.3\n';
  const prev = read(text);
  assert.deepEqual(prev.problems, []);
  const after = text.replace('www.example.com. A', 'www A');
  const at = text.indexOf('www.example.com. A') + 3;
  const got = engine.reparseZone(prev, new engine.SourceFile('/ws/weird.zone', after), { start: at, end: at + 13, newLength: 0 });
  const want = read(after);
  assert.equal(want.problems.length, 1);
  assert.deepEqual(got.problems.map((p) => [p.start, p.message]), want.problems.map((p) => [p.start, p.message]));
  assert.deepEqual(got.records.map((r) => r.owner), want.records.map((r) => r.owner));
  // parseZone without any origin keeps its documented default (the root).
  assert.equal(engine.parseZone(new engine.SourceFile('/ws/x', '$TTL 60\nwww A 192.0.2.1\n'), {}).records[0].owner, 'www.');
});
