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
