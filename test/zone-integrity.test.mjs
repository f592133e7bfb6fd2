// zone/integrity: the checks BIND makes when it loads a zone (one SOA, at the top; NS records at
// the top; every name server named inside the zone has an address and is no alias). BIND refuses
// the whole zone when one fails, so every mail record in it is gone. Each case says whether BIND
// loads it; with named-checkzone installed the test asks BIND too, so the table cannot drift.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as E from '../dist/engine.js';

const HEAD = '$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ NS ns1\nns1 A 192.0.2.1\n';
const HAVE_BIND = spawnSync('named-checkzone', ['-v'], { encoding: 'utf8' }).status === 0;
if (!HAVE_BIND) console.log('# named-checkzone not installed: the table is checked against mailzone only');

// [name, zone text, BIND loads it?, text the finding marks (when it does not)]
const CASES = [
  ['apex NS target with an address', HEAD + '@ NS ns2\nns2 AAAA 2001:db8::2\n', true],
  ['apex NS target without an address', HEAD + '@ NS ns2\n', false, 'ns2'],
  ['apex NS target with only a TXT', HEAD + '@ NS ns2\nns2 TXT "x"\n', false, 'ns2'],
  ['apex NS target that is an empty non-terminal', HEAD + '@ NS ns2\nsub.ns2 A 192.0.2.9\n', false, 'ns2'],
  ['apex NS target that is a CNAME', HEAD + '@ NS ns2\nns2 CNAME ns1\n', false, 'ns2'],
  ['apex NS target below a DNAME', HEAD + '@ NS ns2.x\nx DNAME example.net.\n', false, 'ns2.x'],
  ['apex NS target answered by a wildcard', HEAD + '@ NS ns2\n* A 192.0.2.9\n', true],
  ['apex NS target answered by a deeper wildcard', HEAD + '@ NS a.b.c\n*.c A 192.0.2.9\n', true],
  ['apex NS target below a delegation (glue: BIND only warns)', HEAD + '@ NS ns.sub\nsub NS ns.sub\n', true],
  // Found by test/bind-load-fuzz.test.mjs:
  ['apex NS target that is itself a delegation (BIND only warns)', HEAD + '@ NS sub\nsub NS ns.example.net.\n', true],
  ['apex NS target below a name with a delegation and a DNAME (the delegation counts)', HEAD + '@ NS ns.x\nx DNAME example.net.\nx NS ns.example.net.\n', true],
  ['apex NS target at a DNAME (only names below it are redirected)', HEAD + '@ NS ns2\nns2 DNAME example.net.\nns2 A 192.0.2.2\n', true],
  ['apex NS target below a DNAME at the top of the zone', '$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1.example.net. hostmaster 1 7200 3600 1209600 3600\n@ NS ns.example.net.\n@ NS ns2\nns2 A 192.0.2.2\n@ DNAME example.org.\n', false, 'ns2'],
  ['two DNAMEs with different targets at one name', HEAD + 'x DNAME example.net.\nx DNAME example.org.\n', false, 'DNAME'],
  ['the same DNAME twice (one RR)', HEAD + 'x DNAME example.net.\nx DNAME EXAMPLE.net.\n', true],
  ['apex NS target outside the zone', HEAD + '@ NS ns.example.net.\n', true],
  ['an NS address written as an IP', HEAD + '@ NS 192.0.2.7\n', false, '192.0.2.7'],
  ['delegation NS target without an address (BIND only warns)', HEAD + 'sub NS ns.other\n', true],
  ['SOA and no NS', '$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\nns1 A 192.0.2.1\n', false, 'SOA'],
  ['a second, different SOA', HEAD + '@ SOA ns1 hostmaster 2 7200 3600 1209600 3600\n', false, 'SOA'],
  ['the same SOA twice (one RR)', HEAD + '@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n', true],
  ['an SOA below the top', HEAD + 'www SOA ns1 hostmaster 2 7200 3600 1209600 3600\n', false, 'SOA'],
  // The zone's name is the one BIND is given (here example.com), with or without an SOA at it.
  ['the only SOA below the top (none at the top)', '$ORIGIN example.com.\n$TTL 3600\nsub SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ NS ns1\nns1 A 192.0.2.1\n', false, 'SOA'],
  ['the only SOA below the top, with NS beside it', '$ORIGIN example.com.\n$TTL 3600\nsub SOA ns1 hostmaster 1 7200 3600 1209600 3600\nsub NS ns1\nns1 A 192.0.2.1\n', false, 'SOA'],
  ['an $ORIGIN below the zone before the only SOA', '$ORIGIN sub.example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ NS ns1\nns1 A 192.0.2.1\n', false, 'SOA'],
];

function lint(text) {
  const zone = E.parseZone(new E.SourceFile('/ws/example.com.zone', text), { origin: 'example.com.' });
  return E.lintZone(zone, { options: { dns: 'off' } });
}

for (const [name, text, loads, mark] of CASES) {
  test(`zone/integrity: ${name}: ${loads ? 'BIND loads it, no finding' : 'BIND refuses it, an error'}`, async () => {
    if (HAVE_BIND) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mz-integrity-'));
      fs.writeFileSync(path.join(dir, 'z'), text);
      const r = spawnSync('named-checkzone', ['example.com', path.join(dir, 'z')], { encoding: 'utf8' });
      fs.rmSync(dir, { recursive: true, force: true });
      assert.equal(r.status === 0, loads, `named-checkzone: ${r.stdout}${r.stderr}`);
    }
    const run = await lint(text);
    assert.deepEqual(run.ruleErrors, []);
    const f = run.findings.filter((x) => x.rule === 'zone/integrity');
    if (loads) {
      assert.deepEqual(f.map((x) => x.message), []);
      return;
    }
    assert.equal(f.length, 1, f.map((x) => x.message).join('\n'));
    assert.equal(f[0].severity, 'error');
    // The case's own NS target (its last NS naming it), or its last record of the type.
    const at = /^[A-Z]+$/.test(mark) ? text.lastIndexOf(mark) : text.lastIndexOf('@ NS ' + mark) + 5;
    assert.equal(text.slice(f[0].start, f[0].end), mark);
    assert.equal(f[0].start, at);
    assert.match(f[0].message, /BIND refuses to load/);
    assert.match(f[0].message, /none of its records/);
  });
}

test('zone/integrity: a file without an SOA (a fragment another file $INCLUDEs) and octoDNS YAML get no finding', async () => {
  assert.deepEqual((await lint('$ORIGIN example.com.\n@ 300 NS ns2\n@ 300 TXT "v=spf1 -all"\n')).findings.filter((x) => x.rule === 'zone/integrity'), []);
  const y = E.parseOctodns(new E.SourceFile('/ws/example.com.yaml', "---\n'':\n  type: NS\n  values: [ns2.example.com.]\n"), { origin: 'example.com.' });
  assert.deepEqual((await E.lintZone(y)).findings.filter((x) => x.rule === 'zone/integrity'), []);
});

test('zone/integrity: the address added in another $INCLUDEd file counts', async () => {
  const files = { '/ws/hosts.inc': 'ns2 A 192.0.2.2\n' };
  const zone = E.parseZone(new E.SourceFile('/ws/example.com.zone', HEAD + '@ NS ns2\n$INCLUDE hosts.inc\n'), {
    origin: 'example.com.',
    workspaceRoot: '/ws',
    readFile: (p) => files[p],
  });
  assert.deepEqual(zone.problems, []);
  assert.deepEqual((await E.lintZone(zone)).findings.filter((x) => x.rule === 'zone/integrity'), []);
});

test('zone/integrity: an SOA only below the zone\'s name is "not at top of zone", as named-checkzone says, not an SOA without NS records', async () => {
  const text = '$ORIGIN example.com.\n$TTL 3600\nsub SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ NS ns1\nns1 A 192.0.2.1\n';
  const check = (findings) => {
    const f = findings.filter((x) => x.rule === 'zone/integrity');
    assert.equal(f.length, 1, f.map((x) => x.message).join('\n'));
    assert.match(f[0].message, /^An SOA at sub\.example\.com, below the top of the zone example\.com: BIND refuses to load the zone \("SOA record not at top of zone"\)/);
    assert.match(f[0].message, /The zone's SOA belongs at example\.com: move it there, or, if this file is the zone sub\.example\.com, load and lint it as that zone \(--origin sub\.example\.com\)\.$/);
    assert.doesNotMatch(f[0].message, /no NS records/);
  };
  // The zone's name given (--origin), or read from the file name as the CLI and the editor do.
  check((await lint(text.replace('$ORIGIN example.com.\n', ''))).findings);
  const zone = E.readDocument(new E.SourceFile('/ws/example.com.zone', text.replace('$ORIGIN example.com.\n', '')), 'zone');
  check((await E.lintZone(zone, { options: { dns: 'off' } })).findings);
  // With an SOA at the top as well, the one below is to be removed.
  const both = await lint(HEAD + 'sub SOA ns1 hostmaster 1 7200 3600 1209600 3600\n');
  assert.match(both.findings.find((x) => x.rule === 'zone/integrity')?.message ?? '', /below the top of the zone example\.com.*remove this one/);
});

test('zone/integrity: where the zone\'s name is not known (no origin given, none in the file name, absolute names), the first SOA\'s name is its top', async () => {
  // BIND given sub.example.com loads this; given example.com it would not, but nothing says which.
  const text = '$TTL 3600\nsub.example.com. SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 3600\nsub.example.com. NS ns1.example.com.\nns1.example.com. A 192.0.2.1\n';
  const zone = E.parseZone(new E.SourceFile('/ws/zone.txt', text), { originUnknown: true });
  assert.deepEqual(zone.problems.map((p) => p.message), []);
  assert.deepEqual((await E.lintZone(zone, { options: { dns: 'off' } })).findings.filter((x) => x.rule === 'zone/integrity').map((x) => x.message), []);
  // An SOA below that one still is below the top.
  const deeper = E.parseZone(new E.SourceFile('/ws/zone.txt', text + 'www.sub.example.com. SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 3600\n'), { originUnknown: true });
  const f = (await E.lintZone(deeper, { options: { dns: 'off' } })).findings.filter((x) => x.rule === 'zone/integrity');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /An SOA at www\.sub\.example\.com, below the top of the zone sub\.example\.com/);
});
