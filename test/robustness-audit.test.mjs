// Inputs a DNS admin hits that the hostile-* tests did not cover (issue 7, Robustness): files that
// are not files (devices, pipes, directories), the same file twice, a pattern that matched nothing,
// include "bombs" (files that include the next several times), YAML nested deeper than the stack,
// a TXT record over BIND's 64 KB. Each must end quickly with a clear finding or message and an
// exit status that tells the truth — never a hang, a runaway, a stack trace.
// Run as a user runs it: a separate process, with a time limit.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HEAD, parse, oneProblem } from './helpers/zone.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist/cli.js');

/** Runs the CLI; a hang fails the test (SIGKILL after 30 s) instead of blocking the suite. */
function run(args, opts = {}) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: opts.cwd ?? root, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL', input: opts.input, maxBuffer: 64 << 20 });
  assert.notEqual(r.signal, 'SIGKILL', `mailzone ${args.join(' ')} did not finish in 30 s`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'no internal error, no stack trace');
  return { code: r.status, out: r.stdout, err: r.stderr, ms: Date.now() - t0 };
}

function tmpDir() {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-audit-')));
}

function write(dir, name, text) {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

function mkfifo(p) {
  try {
    execFileSync('mkfifo', [p]);
    return true;
  } catch {
    return false;
  }
}

const ZONE = (origin) => `$ORIGIN ${origin}\n$TTL 3600\n@ SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )\n@ NS ns1\nns1 A 192.0.2.1\n`;

test('a device named on the command line (/dev/zero, /dev/urandom): refused at once, exit 2, never read', { skip: !fs.existsSync('/dev/zero') }, () => {
  for (const dev of ['/dev/zero', '/dev/urandom']) {
    for (const cmd of [['lint', '--offline', '--origin', 'example.com'], ['records', '--origin', 'example.com']]) {
      const r = run([...cmd, dev]);
      assert.equal(r.code, 2, `${cmd[0]} ${dev}: ${r.out}${r.err}`);
      assert.match(r.err, new RegExp(`cannot read ${dev}: it is a device or socket, not a file`));
      assert.ok(r.ms < 10_000, `${r.ms} ms`);
    }
  }
});

test('a pipe named on the command line (/dev/stdin, `<(git show …)`) is read to its end', { skip: !fs.existsSync('/bin/sh') || !fs.existsSync('/dev/stdin') }, () => {
  const text = ZONE('example.com.') + '@ TXT "v=spf1 ~all"\n';
  // Through `cat |`: node's own stdin for a child is a socket, a shell's is a pipe.
  const r = spawnSync('sh', ['-c', 'cat | "$0" "$1" lint --offline --origin example.com --format json /dev/stdin', process.execPath, cli], { input: text, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(JSON.parse(r.stdout)[0].findings.some((f) => f.rule === 'spf/soft-all'), r.stdout);
});

test('$INCLUDE of a named pipe, or of /dev/zero with --root /: a finding that says why, no hang, no runaway', { skip: process.platform === 'win32' }, () => {
  const dir = tmpDir();
  const haveFifo = mkfifo(path.join(dir, 'pipe.inc'));
  write(dir, 'a.test.zone', ZONE('a.test.') + (haveFifo ? '$INCLUDE pipe.inc\n' : '') + '$INCLUDE /dev/zero\n');
  const r = run(['lint', '--offline', '--root', '/', '--format', 'json', 'a.test.zone'], { cwd: dir });
  assert.equal(r.code, 1, r.err);
  const f = JSON.parse(r.out)[0].findings.filter((x) => x.rule === 'zone/include-outside-workspace');
  assert.equal(f.length, haveFifo ? 2 : 1, r.out);
  if (haveFifo) assert.match(f[0].message, /'pipe\.inc' cannot be read .*: it is a named pipe \(FIFO\), not a file.*BIND refuses to load a zone whose \$INCLUDE fails; include a regular file/);
  assert.match(f.at(-1).message, /'\/dev\/zero' cannot be read .*: it is a device or socket, not a file/);
});

test('octoDNS `!include` of a named pipe: a finding that says why, no hang', { skip: process.platform === 'win32' }, () => {
  const dir = tmpDir();
  if (!mkfifo(path.join(dir, 'pipe.yaml'))) return;
  write(dir, 'a.test.yaml', 'www: !include pipe.yaml\n');
  const r = run(['lint', '--offline', '--format', 'json', 'a.test.yaml'], { cwd: dir });
  const f = JSON.parse(r.out)[0].findings.filter((x) => /!include pipe\.yaml/.test(x.message));
  assert.equal(f.length, 1, r.out);
  assert.match(f[0].message, /cannot be read \(it is a named pipe \(FIFO\), not a file\); include a regular file/);
});

test('the same file named twice, or named and inside a named directory: linted once, findings once', () => {
  const dir = tmpDir();
  write(dir, 'z/a.test.zone', ZONE('a.test.') + '@ TXT "v=spf1 ~all"\n');
  const once = run(['lint', '--offline', '--format', 'json', 'z/a.test.zone'], { cwd: dir });
  const many = run(['lint', '--offline', '--format', 'json', 'z/a.test.zone', 'z/a.test.zone', './z/a.test.zone', 'z'], { cwd: dir });
  assert.equal(many.code, once.code);
  assert.deepEqual(JSON.parse(many.out), JSON.parse(once.out));
  const text = run(['lint', '--offline', 'z/a.test.zone', path.join(dir, 'z/a.test.zone')], { cwd: dir });
  assert.equal(text.out.match(/spf\/soft-all/g).length, 1, text.out);
});

test('a directory with nothing to lint, or a pattern that matched nothing: said so, exit 2 (not "no problems")', () => {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'empty'));
  write(dir, 'docs/README.md', '# zones\n');
  let r = run(['lint', '--offline', 'empty'], { cwd: dir });
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, /empty has no zone files or octoDNS record files \(0 other files\): nothing in it was linted; check the path/);
  assert.doesNotMatch(r.out, /No problems/);
  r = run(['lint', '--offline', 'docs'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.err, /docs has no zone files .*\(1 other file\)/);
  // Beside a directory that has zones, the empty one still makes the exit 2.
  write(dir, 'zones/a.test.zone', ZONE('a.test.'));
  r = run(['lint', '--offline', 'zones', 'empty'], { cwd: dir });
  assert.equal(r.code, 2);
  r = run(['lint', '--offline', 'zones'], { cwd: dir });
  assert.equal(r.code, 0, r.err);
  r = run(['lint', '--offline', 'zones/*.nomatch'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read zones\/\*\.nomatch: no such file \(a shell pattern that matched no file is passed on as it is written\)/);
  r = run(['lint', '--offline', 'nosuch.zone'], { cwd: dir });
  assert.match(r.err, /cannot read nosuch\.zone: no such file or directory$/m);
  r = run(['records', 'zones'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read zones: it is a directory/);
});

test('an $INCLUDE bomb (20 files, each including the next twice: 2^20 reads) stops at the budget with one finding', () => {
  const dir = tmpDir();
  for (let i = 0; i < 20; i++) write(dir, `f${i}.inc`, `$INCLUDE f${i + 1}.inc\n$INCLUDE f${i + 1}.inc\n`);
  write(dir, 'f20.inc', 'h TXT "v=spf1 -all"\n');
  write(dir, 'bomb.test.zone', ZONE('bomb.test.') + '$INCLUDE f0.inc\n');
  const r = run(['lint', '--offline', '--format', 'json', 'bomb.test.zone'], { cwd: dir });
  assert.equal(r.code, 1);
  const all = JSON.parse(r.out).flatMap((x) => x.findings);
  const cut = all.filter((f) => /not followed: this zone has already included files 16384 times/.test(f.message));
  assert.equal(cut.length, 1, JSON.stringify(all.map((f) => f.message)));
  assert.match(cut[0].message, /Include each file once/);
  assert.ok(r.ms < 20_000, `${r.ms} ms`);
});

test('5,000 $INCLUDEs of one file: read once, the duplicate-record warning given once', () => {
  const dir = tmpDir();
  write(dir, 'part.inc', 'www TXT "v=spf1 -all"\n');
  write(dir, 'many.test.zone', ZONE('many.test.') + '$INCLUDE part.inc\n'.repeat(5000));
  const r = run(['lint', '--offline', '--format', 'json', 'many.test.zone'], { cwd: dir });
  const all = JSON.parse(r.out).flatMap((x) => x.findings);
  assert.equal(all.filter((f) => f.rule === 'zone/duplicate-record').length, 1, r.out.slice(0, 2000));
});

test('an octoDNS `!include` bomb (each file includes the next ten times, seven deep: 10^7) stops at the budget', () => {
  const dir = tmpDir();
  for (let i = 1; i < 8; i++) write(dir, `f${i}.yaml`, `!include [${Array(10).fill(`f${i + 1}.yaml`).join(', ')}]\n`);
  write(dir, 'f8.yaml', 'type: TXT\nvalue: v=spf1 -all\n');
  write(dir, 'bomb.test.yaml', 'www: !include f1.yaml\n');
  const r = run(['lint', '--offline', '--format', 'json', 'bomb.test.yaml'], { cwd: dir });
  const all = JSON.parse(r.out).flatMap((x) => x.findings);
  assert.equal(all.filter((f) => /not followed: this zone has already included files 16384 times/.test(f.message)).length, 1, r.out);
  assert.ok(r.ms < 20_000, `${r.ms} ms`);
});

test('YAML nested 5,000 levels deep (block mappings): a finding for people, no internal error', () => {
  const dir = tmpDir();
  let t = 'www:\n';
  for (let i = 1; i <= 5000; i++) t += ' '.repeat(2 * i) + 'k:\n';
  write(dir, 'deep.test.yaml', t);
  const r = run(['lint', '--offline', '--format', 'json', 'deep.test.yaml'], { cwd: dir });
  assert.equal(r.code, 1, r.err);
  const all = JSON.parse(r.out).flatMap((x) => x.findings);
  assert.ok(all.some((f) => /nests lists or mappings inside each other too deeply .* Remove the extra nesting/.test(f.message)), JSON.stringify(all));
  assert.ok(!all.some((f) => /call stack/.test(f.message)), 'no engine jargon');
});

test('a TXT record of more than 65,510 bytes: zone/syntax (named-checkzone: "ran out of space"); 65,510 is fine', () => {
  const rec = (total) => {
    const parts = [];
    let t = 0;
    while (t + 256 <= total) {
      parts.push('a'.repeat(255));
      t += 256;
    }
    if (total > t) parts.push('b'.repeat(total - t - 1));
    return 'big IN TXT ( ' + parts.map((p) => `"${p}"`).join(' ') + ' )\n';
  };
  assert.equal(parse(HEAD + rec(65510)).problems.length, 0);
  const text = HEAD + rec(65511) + 'ok IN TXT "v=spf1 -all"\n';
  const z = parse(text);
  const p = oneProblem(z, text, text.slice(text.indexOf('"a'), text.lastIndexOf('"', text.indexOf(' )')) + 1), /this record's data is 65511 bytes .* named-checkzone refuses the zone \("ran out of space"\), so it does not load; shorten the data/);
  assert.ok(p);
  assert.ok(z.records.some((r) => r.owner === 'ok.example.com.'), 'the next record is read');
  // A 64 KB string of its own is zone/string-too-long's, not a second finding here.
  assert.equal(parse(HEAD + `big IN TXT "${'a'.repeat(70000)}"\n`).problems.length, 0);
});

test('generic rdata (\\# n) of more than 65,510 bytes, TXT or an unknown type: zone/syntax, as named-checkzone refuses it', () => {
  // A valid TXT wire image of `total` bytes (strings of at most 255 bytes), or zeros for TYPE65280.
  const hexOf = (total, txt) => {
    let h = '';
    let n = 0;
    while (n < total) {
      const l = txt ? Math.min(255, total - n - 1) : Math.min(1000, total - n);
      h += txt ? l.toString(16).padStart(2, '0') + '61'.repeat(l) : '00'.repeat(l);
      n += txt ? l + 1 : l;
    }
    return h.match(/.{1,64}/g).join(' ');
  };
  for (const [type, txt] of [['TXT', true], ['TYPE65280', false]]) {
    for (const total of [65510, 65511, 65535]) {
      const text = HEAD + `big IN ${type} \\# ${total} ( ${hexOf(total, txt)} )\nok IN TXT "v=spf1 -all"\n`;
      const z = parse(text);
      if (total === 65510) {
        assert.equal(z.problems.length, 0, `${type} ${total}: ${z.problems.map((x) => x.message)}`);
        continue;
      }
      const p = oneProblem(z, text, text.slice(text.indexOf('\\#'), text.indexOf(' )')), new RegExp(`this record's data is ${total} bytes, more than BIND fits in one record .*"ran out of space"`));
      assert.ok(p);
      assert.ok(z.records.some((r) => r.owner === 'ok.example.com.'), 'the next record is read');
    }
  }
});

test('zone/syntax messages say what BIND does and how to fix it, not only what is wrong', () => {
  const cases = [
    ['www IN A 192.0.2.1 )\n', ')', /no matching '\(' before it; delete it, or add the '\('.*BIND refuses to load a zone with this error/],
    ['$INCLUDE\n', '$INCLUDE', /^\$INCLUDE needs a file name; write \$INCLUDE followed by the path.*BIND refuses/],
    ['$TTL\n', '$TTL', /^\$TTL needs .*; add it after \$TTL on the same line; BIND refuses/, 1],
    ['$ORIGIN example.com. extra\n', 'extra', /^unexpected 'extra' after .*; delete it, or start it with ';' if it is a comment; BIND refuses/],
    ['www IN A 192.0.2.1big\n', '192.0.2.1big', /like 192\.0\.2\.1\), found '192\.0\.2\.1big'; BIND refuses to load a zone with this error, so none of its records are served$/],
    ['www 4294967296 IN A 192.0.2.1\n', '4294967296', /largest possible value 4294967295; use a TTL in seconds up to 2147483647.*BIND refuses/],
    ['www CH A 192.0.2.1\n', 'CH', /every record of a zone has the same class; write IN or leave the class out; BIND refuses/],
  ];
  for (const [line, needle, re, nth = 0] of cases) {
    const text = HEAD + line;
    oneProblem(parse(text), text, needle, re, { nth });
  }
  // A message that already says what BIND does is not given the consequence twice.
  const t = HEAD + '$GENERATE 1-2 h$ A 192.0.2.${0,999,d}\n';
  const p = parse(t).problems;
  assert.equal(p.length, 1, JSON.stringify(p));
  assert.match(p[0].message, /the width 999 makes 128 characters or more, and BIND refuses to load the zone \("ran out of space"\); use a width below 128/);
  assert.doesNotMatch(p[0].message, /none of its records are served/);
});
