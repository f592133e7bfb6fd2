// An audit of the command line as a DNS admin and a CI pipeline use it (../shared/spec/cli.md):
// option values in their bad forms, `--`, exit statuses when the output streams fail, records from
// $INCLUDEd files, messages for people. Run as a user runs it: a separate process.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, root, run, write, tmpDir as scratch } from './helpers/cli.mjs';
const tmpDir = () => scratch('mailzone-audit-');


const ZONE = (origin) => `$ORIGIN ${origin}\n$TTL 3600\n@ SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )\n@ NS ns1\nns1 A 192.0.2.1\n`;
/** A zone with an error (an MX without a preference). */
const BAD = (origin) => ZONE(origin) + '@ MX mail\n';

/** A usage error: exit 2, a message that says what is wrong, no stack trace, nothing on stdout. */
function usageError(r, pattern) {
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, pattern);
  assert.doesNotMatch(r.err, /internal error|\n\s+at /);
  assert.equal(r.out, '');
}

test('--resolver: a bad port or address is a usage error that shows the accepted forms, not an internal error with a stack trace', () => {
  const dir = tmpDir();
  write(dir, 'example.com.zone', ZONE('example.com.'));
  for (const bad of ['nohost:99999', 'dns..example.net', '192.0.2.53:0', '192.0.2.53:65536', '192.0.2.53:', '[192.0.2.53]:53', '::1:53:x', '192.0.2.300']) {
    const r = run(['lint', '--resolver', bad, 'example.com.zone'], { cwd: dir });
    usageError(r, /--resolver takes a DNS server's address or host name.*\[2001:db8::53\]:5353/);
    assert.ok(r.err.includes(`'${bad}'`), r.err);
  }
  // The forms Node's resolver takes pass (offline: nothing is asked).
  for (const good of ['127.0.0.1', '127.0.0.1:5353', '::1', '[::1]:5353', '[::1]', '[2001:db8::53]', 'dns.example.net', 'ns1.example.net:5353']) {
    const r = run(['lint', '--offline', '--resolver', good, 'example.com.zone'], { cwd: dir });
    assert.equal(r.code, 0, good + ': ' + r.err);
  }
});

test('`--` ends the options: a file whose name starts with a dash can be linted', () => {
  const dir = tmpDir();
  write(dir, '-example.com.zone', BAD('example.com.'));
  let r = run(['lint', '--offline', '--', '-example.com.zone'], { cwd: dir });
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /^-example\.com\.zone:6:6 {2}error .* zone\/syntax$/m);
  r = run(['lint', '--offline', '--format', 'json', '--', '-example.com.zone', '--format'], { cwd: dir });
  assert.equal(r.code, 2, 'a file named --format after -- is a file (here: missing)');
  assert.match(r.err, /cannot read --format/);
  assert.equal(JSON.parse(r.out).length, 1);
  // Without --, the name is an option mailzone does not know, and the message says what to do.
  usageError(run(['lint', '--offline', '-example.com.zone'], { cwd: dir }), /unknown option -example\.com\.zone: .*goes after --/);
});

test('an option that takes no value, given one (`--offline=false`), is a usage error, not read as the option', () => {
  for (const arg of ['--offline=false', '--offline=', '--no-m365=no', '--help=1', '--version=x']) {
    usageError(run(['lint', arg, 'x.zone']), new RegExp(`${arg.split('=')[0]} takes no value`));
  }
});

test('--max-warnings and --timeout take decimal digits only: empty, hexadecimal and exponent forms are usage errors', () => {
  const dir = tmpDir();
  write(dir, 'example.com.zone', ZONE('example.com.') + '@ TXT "v=spf1 ~all"\n');
  for (const bad of ['', '0x10', '1e2', '1.5', '-1', ' 3', 'abc']) {
    usageError(run(['lint', '--offline', `--max-warnings=${bad}`, 'example.com.zone'], { cwd: dir }), /--max-warnings takes a whole number/);
    assert.ok(run(['lint', '--offline', `--max-warnings=${bad}`, 'example.com.zone'], { cwd: dir }).err.includes(`'${bad}'`), 'the message quotes the value');
    usageError(run(['lint', '--offline', `--timeout=${bad}`, 'example.com.zone'], { cwd: dir }), /--timeout takes a positive number of milliseconds/);
  }
  // The value given is the value used: 0 warnings allowed, and the zone has some.
  let r = run(['lint', '--offline', '--max-warnings', '0', 'example.com.zone'], { cwd: dir });
  assert.equal(r.code, 1, r.err);
  r = run(['lint', '--offline', '--max-warnings', '100', 'example.com.zone'], { cwd: dir });
  assert.equal(r.code, 0, r.err);
});

test('--origin: a name with an empty label or a label over 63 characters is a usage error; an IDN gets its IDNA form suggested', () => {
  const dir = tmpDir();
  write(dir, 'zone.txt', '$TTL 3600\n@ SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )\n@ NS ns1\nns1 A 192.0.2.1\nwww A 192.0.2.2\n');
  usageError(run(['records', '--origin', '.example.com', 'zone.txt'], { cwd: dir }), /--origin '\.example\.com' is not a domain name: it has an empty label/);
  usageError(run(['records', '--origin', 'a..example.com', 'zone.txt'], { cwd: dir }), /empty label/);
  usageError(run(['records', '--origin', 'x'.repeat(64) + '.com', 'zone.txt'], { cwd: dir }), /64 characters long; a label has at most 63/);
  usageError(run(['records', '--origin', Array(64).fill('abc').join('.'), 'zone.txt'], { cwd: dir }), /at most 255/);
  usageError(run(['records', '--origin', 'ex ample.com', 'zone.txt'], { cwd: dir }), /not a domain name/);
  usageError(run(['records', '--origin', 'bücher.de', 'zone.txt'], { cwd: dir }), /IDNA form: --origin xn--bcher-kva\.de/);
  // Good forms: with or without the trailing dot, any case, underscores.
  for (const [given, owner] of [
    ['Example.COM', 'www.example.com.'],
    ['example.com.', 'www.example.com.'],
    ['_internal.example', 'www._internal.example.'],
    ['x'.repeat(63) + '.com', `www.${'x'.repeat(63)}.com.`],
  ]) {
    const r = run(['records', '--origin', given, 'zone.txt'], { cwd: dir });
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.split('\n').some((l) => l && JSON.parse(l).owner === owner), given + ': ' + r.out);
  }
});

test('an octoDNS configuration file named alone is nothing linted: exit 2, not "No problems found in 0 files"', () => {
  const dir = tmpDir();
  write(
    dir,
    'config/production.yaml',
    'providers:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\nzones:\n  example.com.:\n    sources:\n      - config\n    targets:\n      - config\n',
  );
  write(dir, 'zones/example.com.yaml', "---\n'':\n  - type: A\n    value: 192.0.2.1\n");
  let r = run(['lint', '--offline', 'config/production.yaml'], { cwd: dir });
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, /is an octoDNS configuration file .*not linted/);
  assert.doesNotMatch(r.out, /No problems/);
  r = run(['lint', '--offline', '--format', 'json', 'config/production.yaml'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.deepEqual(JSON.parse(r.out), []);
  // Named with the zones: the zones are linted, and the exit status still says an input was not.
  r = run(['lint', '--offline', '--format', 'json', 'config/production.yaml', 'zones'], { cwd: dir });
  assert.equal(r.code, 2, r.err);
  assert.deepEqual(JSON.parse(r.out).map((f) => f.file), [path.join('zones', 'example.com.yaml')]);
});

test('stderr a closed pipe: the report is still written to stdout and the exit status is kept (no crash, no exit 1)', async () => {
  const dir = tmpDir();
  write(dir, 'good.test.zone', ZONE('good.test.') + '@ TXT "v=spf1 -all"\n');
  const outFile = path.join(dir, 'report.json');
  const fd = fs.openSync(outFile, 'w');
  // Unreadable input writes to stderr first; the reader of stderr is gone by then.
  const child = spawn(process.execPath, [cli, 'lint', '--offline', '--format', 'json', 'nonexist.zone', 'good.test.zone'], { cwd: dir, stdio: ['ignore', fd, 'pipe'] });
  child.stderr.destroy();
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
  fs.closeSync(fd);
  assert.equal(code, 2, 'an input could not be read');
  const report = JSON.parse(fs.readFileSync(outFile, 'utf8'));
  assert.deepEqual(report.map((f) => f.file), ['good.test.zone']);
});

test('a report that cannot be written (stdout on a full disk) exits 2, never 0', { skip: !fs.existsSync('/dev/full') }, () => {
  const dir = tmpDir();
  write(dir, 'good.test.zone', ZONE('good.test.') + '@ TXT "v=spf1 -all"\n');
  for (const args of [['lint', '--offline', 'good.test.zone'], ['lint', '--offline', '--format', 'sarif', 'good.test.zone'], ['records', 'good.test.zone'], ['rules']]) {
    const fd = fs.openSync('/dev/full', 'w');
    const r = run(args, { cwd: dir, stdio: ['ignore', fd, 'pipe'] });
    fs.closeSync(fd);
    assert.equal(r.code, 2, args.join(' ') + ': ' + r.err);
    assert.match(r.err, /cannot write the report: ENOSPC/);
    assert.equal(r.err.match(/cannot write/g).length, 1, 'said once');
  }
});

test('records: a record from an $INCLUDEd file names that file (its line is a line of that file); problems on stderr as lint shows them', () => {
  const dir = tmpDir();
  write(dir, 'example.org.zone', ZONE('example.org.') + '$INCLUDE inc/mail.inc\nwww A 192.0.2.9\n');
  write(dir, 'inc/mail.inc', 'mail A 192.0.2.3\n@ MX mail\n');
  const r = run(['records', 'example.org.zone'], { cwd: dir });
  assert.equal(r.code, 1, 'the included file has an error');
  const recs = r.out.trim().split('\n').map((l) => JSON.parse(l));
  const mail = recs.find((x) => x.owner === 'mail.example.org.');
  assert.deepEqual(mail, { owner: 'mail.example.org.', ttl: 3600, class: 'IN', type: 'A', rdata: '192.0.2.3', line: 1, file: path.join('inc', 'mail.inc') });
  const www = recs.find((x) => x.owner === 'www.example.org.');
  assert.equal(www.line, 7);
  assert.ok(!('file' in www), 'records of the file named carry no file key');
  // The problem is shown relative to the working directory, as lint shows it.
  assert.match(r.err, /^inc\/mail\.inc:2:6 {2}error {2}.* {2}zone\/syntax$/m);
  assert.doesNotMatch(r.err, new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const lint = run(['lint', '--offline', 'example.org.zone'], { cwd: dir });
  const line = (s) => s.split('\n').find((l) => l.endsWith('zone/syntax'));
  assert.equal(line(r.err), line(lint.out));
});

test('records: a problem after a byte-order mark is at the column an editor shows, as lint reports it', () => {
  const dir = tmpDir();
  write(dir, 'bom.test.zone', '\ufeff$ORIGIN bom.test.\n$TTL 1\nx TXT "a" ( "b"\n');
  const rec = run(['records', 'bom.test.zone'], { cwd: dir });
  const lint = run(['lint', '--offline', 'bom.test.zone'], { cwd: dir });
  const problems = (s) => s.split('\n').filter((l) => l.endsWith('zone/syntax'));
  assert.deepEqual(problems(rec.err), problems(lint.out));
  assert.ok(problems(rec.err).some((l) => l.startsWith('bom.test.zone:1:1 ')), rec.err);
});

test('usage messages for people: no command (usage on stderr), a file given as the command, a misspelt command, rule or option', () => {
  let r = run([]);
  assert.equal(r.code, 2);
  assert.equal(r.out, '', 'a usage error writes nothing to stdout (it may be a report file)');
  assert.match(r.err, /Usage:\n {2}mailzone lint/);
  r = run(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /Usage:/);
  const dir = tmpDir();
  write(dir, 'zones/example.com.zone', ZONE('example.com.'));
  usageError(run(['zones/'], { cwd: dir }), /unknown command 'zones\/'; to lint it: mailzone lint zones\//);
  usageError(run(['lnit', 'zones/'], { cwd: dir }), /unknown command 'lnit' \(did you mean "lint"\?\); the commands are lint, records, rules/);
  usageError(run(['lint', '--rule', 'spf/softall=off', 'x.zone']), /unknown rule 'spf\/softall' \(did you mean "spf\/soft-all"\?\)/);
  usageError(run(['lint', '--max-warning', '0', 'x.zone']), /unknown option --max-warning \(did you mean "--max-warnings"\?\)/);
  usageError(run(['lint', '-offline', 'x.zone']), /unknown option -offline: options are written with two dashes \(did you mean "--offline"\?\)/);
});

test('--root that does not exist is a usage error (every $INCLUDE would be refused as outside it)', () => {
  const dir = tmpDir();
  write(dir, 'example.com.zone', ZONE('example.com.'));
  usageError(run(['lint', '--offline', '--root', path.join(dir, 'nope'), 'example.com.zone'], { cwd: dir }), /--root .*nope: no such directory/);
  usageError(run(['lint', '--offline', '--root', 'example.com.zone', 'example.com.zone'], { cwd: dir }), /--root .*example\.com\.zone: not a directory/);
});

test('text report: control characters from a zone (an escape sequence, a line break in a file name) are written as \\ddd, one finding a line', () => {
  const dir = tmpDir();
  // ESC [2J clears a terminal; ESC ] 0; … BEL sets its title: a zone under review must not do either.
  write(dir, 'example.com.zone', ZONE('example.com.') + '@ MX \x1b[2Jmail\n@ TXT "v=spf1 \x1b]0;pwned\x07 -all"\n');
  const name = 'evil\nx.test.zone';
  write(dir, name, BAD('x.test.'));
  let r = run(['lint', '--offline', 'example.com.zone', name], { cwd: dir });
  assert.equal(r.code, 1, r.err);
  assert.doesNotMatch(r.out, /[\x00-\x09\x0b-\x1f\x7f]/, 'no control character but the line ends');
  assert.match(r.out, /^example\.com\.zone:6:6 {2}error {2}.*found '\\027\[2Jmail'.* {2}zone\/syntax$/m);
  assert.match(r.out, /^evil\\010x\.test\.zone:6:6 {2}error .* zone\/syntax$/m);
  for (const line of r.out.trim().split('\n')) if (line) assert.match(line, /^(\S.*:\d+:\d+ {2}(error|warning|info|hint) {2}.+ {2}[a-z0-9-]+\/[a-z0-9-]+|\d+ problems? .*)$/, line);
  // JSON keeps the message as it is (JSON escapes it); records' problems on stderr are escaped too.
  r = run(['lint', '--offline', '--format', 'json', 'example.com.zone'], { cwd: dir });
  assert.ok(JSON.parse(r.out)[0].findings.some((f) => f.message.includes('\x1b[2Jmail')));
  r = run(['records', 'example.com.zone'], { cwd: dir });
  assert.doesNotMatch(r.err, /\x1b/);
  assert.match(r.err, /\\027\[2Jmail/);
});

test('run from another directory than the zones\', a refused $INCLUDE comes with how to fix it (--root), once', () => {
  const dir = tmpDir();
  write(dir, 'bind/example.org.zone', ZONE('example.org.') + '$INCLUDE mail.inc\n$INCLUDE mail2.inc\n');
  write(dir, 'bind/mail.inc', 'mail A 192.0.2.3\n');
  write(dir, 'bind/mail2.inc', 'mail2 A 192.0.2.4\n');
  write(dir, 'home/.keep', '');
  let r = run(['lint', '--offline', '../bind/example.org.zone'], { cwd: path.join(dir, 'home') });
  assert.equal(r.code, 1);
  assert.match(r.out, /zone\/include-outside-workspace/);
  assert.equal(r.err.match(/give it with --root DIR/g)?.length, 1, r.err);
  r = run(['lint', '--offline', '--root', '../bind', '../bind/example.org.zone'], { cwd: path.join(dir, 'home') });
  assert.equal(r.code, 0, r.out + r.err);
  assert.equal(r.err, '');
});
