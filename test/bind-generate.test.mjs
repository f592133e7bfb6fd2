// $GENERATE against BIND (`named-compilezone -o -`): each small zone below is one that BIND 9.18
// reads (then mailzone must read the same records and report nothing, or only the warning named)
// or refuses (then mailzone must report a zone/syntax error). The lists say which BIND does, and
// the test checks BIND still agrees, so they document BIND's behaviour as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const engine = require('../dist/engine.js');

const HAVE_BIND = spawnSync('named-compilezone', ['-v'], { encoding: 'utf8' }).status === 0;
const skip = HAVE_BIND ? false : 'named-compilezone is not installed (apt-get install -y bind9-utils)';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-bind-generate-'));
const HEAD = '$TTL 300\n@ SOA ns1 hm 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n';

// BIND reads these. { text, warn }: mailzone reads the same records and reports only a warning matching `warn`.
const READS = [
  // The rdata template is read as a line of its own: ';' starts a comment there, even inside the quotes.
  { text: '$GENERATE 1-2 h$ TXT "a;b"', warn: /the ';' in this quoted \$GENERATE rdata template starts a comment.*put the data in escaped quotes inside the template/ },
  // The advice of that warning: escaped quotes keep the data one string with its ';' (BIND agrees).
  '$GENERATE 1-2 h$ TXT "\\"v=DKIM1; k=rsa\\""',
  { text: '$GENERATE 1-2 h$ TXT "\\"a;b\\" c;d"', warn: /starts a comment/ },
  '$GENERATE 1-2 h$ TXT "\\"v=DKIM1\\; k=rsa\\""',
  '$GENERATE 1-2 h$ TXT "v=DKIM1\\; k=rsa"',
  '$GENERATE 1-2 h$ TXT "\\"a b\\" c"',
  '$GENERATE 1-2 h$ TXT "(a b) c"',
  '$GENERATE 1-2 h$ MX "10 (mx$ )"',
  // In the quoted template only \" loses its backslash; \\ and \$ stay for genname and the rdata reader.
  '$GENERATE 1-2 h$ TXT "a\\\\b\\\\$ \\$"',
  '$GENERATE 1-2 h$ TXT "a\\\\\\\\"',
  '$GENERATE 1-2 h$ TXT "a\\\\"',
  '$GENERATE 1-2 h$ TXT "\\"\\""',
  // Parentheses closed before the template, or opened after it.
  '$GENERATE 1-2 ( h$ ) A 10.0.0.$',
  '$GENERATE 1-2 h$ A 10.0.0.$ ( )',
  '$GENERATE 1-2 h$ A 10.0.0.$ ; comment',
  // sscanf("%d-%d%1[/]%d"): signs, leading zeros, anything after the stop that is not '/…', anything after the step.
  '$GENERATE 1-3x h$ A 10.0.0.1', '$GENERATE 1-3/2x h$ A 10.0.0.1', '$GENERATE +1-3 h$ A 10.0.0.1', '$GENERATE 1-+3 h$ A 10.0.0.1',
  '$GENERATE 1-3/+2 h$ A 10.0.0.1', '$GENERATE 1-3/1/2 h$ A 10.0.0.1', '$GENERATE 1-3,4 h$ A 10.0.0.1', '$GENERATE 01-03 h$ A 10.0.0.1',
  '$GENERATE 3-3 h$ A 10.0.0.1', '$GENERATE 2147483646-2147483647 h$ A 10.0.0.1', '$GENERATE 1-2147483647/1073741824 h$ A 10.0.0.1',
  // Each number is a C int: 4294967296 wraps to 0.
  '$GENERATE 4294967296-4294967297 h$ A 10.0.0.1',
  // Modifiers: %o %x %X print the int as unsigned, so -1 is ffffffff; nibbles too.
  '$GENERATE 0-1 a${-1,3,d} A 10.0.0.1', '$GENERATE 0-1 a${-1,3,x} A 10.0.0.1', '$GENERATE 0-1 a${-1,0,o} A 10.0.0.1',
  '$GENERATE 0-1 a${-1,3,X} A 10.0.0.1', '$GENERATE 0-1 a${-2,0,n} A 10.0.0.1', '$GENERATE 0-1 a${0,0,x} A 10.0.0.1',
  '$GENERATE 0-1 a${0,0,N} A 10.0.0.1', '$GENERATE 0-1 a${+1} A 10.0.0.1', '$GENERATE 0-1 a${-0} A 10.0.0.1', '$GENERATE 0-1 a${1,3} A 10.0.0.1',
  '$GENERATE 0-1 a${1}5,x} A 10.0.0.1', '$GENERATE 0-1 a${0}} A 10.0.0.1', '$GENERATE 0-1 a${1,3,d}x} A 10.0.0.1',
  '$GENERATE 0-1 a${4294967296} A 10.0.0.1', '$GENERATE 0-1 a${0,4294967299,d} A 10.0.0.1', '$GENERATE 0-1 a${0,127,n} A 10.0.0.1',
  '$GENERATE 0-1 a$$ A 10.0.0.1', '$GENERATE 0-1 a\\$ A 10.0.0.1', '$GENERATE 0-1 a$$$ A 10.0.0.1', '$GENERATE 0-1 a A "10.0.0.${ 1}"',
  // [TTL] [class] in either order.
  '$GENERATE 1-2 h$ 60 IN A 10.0.0.$', '$GENERATE 1-2 h$ IN 60 A 10.0.0.$', '$GENERATE 1-2 h$ 1h30m A 10.0.0.$',
  '$GENERATE 1-2 h$ TYPE1 10.0.0.$', '$GENERATE 1-2 h$ a 10.0.0.$', '$GENERATE 1-2 IN A 10.0.0.$',
];

// BIND refuses these.
const REFUSES = [
  // The expanded rdata template: an unclosed string, unbalanced parentheses, nothing left before the comment.
  '$GENERATE 1-2 h$ TXT "a\\"b$"', '$GENERATE 1-2 h$ TXT "\\""', '$GENERATE 1-2 h$ TXT "( a"', '$GENERATE 1-2 h$ TXT "a )"',
  '$GENERATE 1-2 h$ TXT "; c"', '$GENERATE 1-2 h$ ( A 10.0.0.$ )', '$GENERATE 1-2 h$ A (\n  10.0.0.$ )', '$GENERATE ( 1-2 h$ A 10.0.0.$ )',
  '$GENERATE 1-2 h$ A "10.0.0.$ junk"', '$GENERATE 1-2 h$ A 10.0.0.$ junk',
  // Ranges.
  '$GENERATE 1-3/x h$ A 10.0.0.1', '$GENERATE 1-3/0 h$ A 10.0.0.1', '$GENERATE 1-3/-1 h$ A 10.0.0.1', '$GENERATE 1-3/ h$ A 10.0.0.1',
  '$GENERATE 0x1-3 h$ A 10.0.0.1', '$GENERATE -1-3 h$ A 10.0.0.1', '$GENERATE 1- h$ A 10.0.0.1', '$GENERATE 1 h$ A 10.0.0.1',
  '$GENERATE 5-1 h$ A 10.0.0.1', '$GENERATE 4294967295-4294967295 h$ A 10.0.0.1', '$GENERATE 0-4000000000 h$ A 10.0.0.1',
  // Modifiers.
  '$GENERATE 0-1 a${1,} A 10.0.0.1', '$GENERATE 0-1 a${1,3,} A 10.0.0.1', '$GENERATE 0-1 a${1,3,d A 10.0.0.1', '$GENERATE 0-1 a${1,3,dx} A 10.0.0.1',
  '$GENERATE 0-1 a${} A 10.0.0.1', '$GENERATE 0-1 a${ A 10.0.0.1', '$GENERATE 0-1 a${,3} A 10.0.0.1', '$GENERATE 0-1 a${0,1,q} A 10.0.0.1',
  '$GENERATE 0-1 a${0,128,d} A 10.0.0.1', '$GENERATE 0-1 a${0,128,n} A 10.0.0.1', '$GENERATE 0-1 a${0,-1,d} A 10.0.0.1',
  '$GENERATE 0-1 a${0,127,x} A 10.0.0.1', '$GENERATE 0-1 a${2147483647} A 10.0.0.1', '$GENERATE 0-1 a A "10.0.0.${ 1, 2}"',
  // Class and TTL: at most one of each, before the type.
  '$GENERATE 1-2 h$ IN 60 IN A 10.0.0.$', '$GENERATE 1-2 h$ 60 IN 70 A 10.0.0.$', '$GENERATE 1-2 "h$" TXT a', '$GENERATE 1-2 h$ "TXT" a',
];

function bind(file) {
  const r = spawnSync('named-compilezone', ['-k', 'ignore', '-i', 'none', '-o', '-', 'example.com.', file], { encoding: 'latin1', timeout: 20000 });
  if (r.status !== 0) return { ok: false, out: (r.stdout + r.stderr).trim().split('\n')[0] };
  const recs = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (m) recs.push(`${m[1].toLowerCase()} ${m[2]} ${m[3]} ${m[4]} ${m[5]}`);
  }
  return { ok: true, recs };
}

function mailzone(file) {
  const zone = engine.parseZone(new engine.SourceFile(file, fs.readFileSync(file, 'utf8')), { origin: 'example.com.' });
  // BIND keeps one copy of identical records.
  const recs = [...new Set(engine.recordsJson(zone).map((r) => `${r.owner} ${r.ttl} ${r.class} ${r.type} ${r.rdata}`))];
  return { zone, recs };
}

function check(body, i) {
  const file = path.join(tmp, `g${i}.zone`);
  fs.writeFileSync(file, HEAD + body + '\n', 'latin1');
  return { b: bind(file), m: mailzone(file) };
}

test('$GENERATE zones BIND reads: mailzone reads the same records', { skip }, () => {
  const failures = [];
  READS.forEach((c, i) => {
    const { text, warn } = typeof c === 'string' ? { text: c } : c;
    const { b, m } = check(text, i);
    if (!b.ok) {
      failures.push(`${JSON.stringify(text)}: listed as read, but BIND refuses it: ${b.out}`);
      return;
    }
    const problems = m.zone.problems.map((p) => `${p.severity} ${p.rule}: ${p.message}`);
    const expected = warn ? problems.filter((p) => p.startsWith('warning zone/syntax: ') && warn.test(p)) : [];
    if (warn && expected.length !== 1) failures.push(`${JSON.stringify(text)}: expected one warning ${warn}, got ${JSON.stringify(problems)}`);
    const other = problems.filter((p) => !expected.includes(p));
    if (other.length) failures.push(`${JSON.stringify(text)}: BIND reads it, mailzone reports ${JSON.stringify(other)}`);
    const onlyM = m.recs.filter((r) => !b.recs.includes(r));
    const onlyB = b.recs.filter((r) => !m.recs.includes(r));
    if (onlyM.length || onlyB.length) failures.push(`${JSON.stringify(text)}: mailzone only ${JSON.stringify(onlyM)}, BIND only ${JSON.stringify(onlyB)}`);
  });
  assert.deepEqual(failures, []);
});

test('$GENERATE zones BIND refuses: mailzone reports a zone/syntax error', { skip }, () => {
  const failures = [];
  REFUSES.forEach((text, i) => {
    const { b, m } = check(text, 1000 + i);
    if (b.ok) failures.push(`${JSON.stringify(text)}: listed as refused, but BIND reads it`);
    if (!m.zone.problems.some((p) => p.rule === 'zone/syntax' && p.severity === 'error')) {
      failures.push(`${JSON.stringify(text)}: BIND refuses it (${b.out}), mailzone reads ${JSON.stringify(m.recs.slice(3))}`);
    }
  });
  assert.deepEqual(failures, []);
});
