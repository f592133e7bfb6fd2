// $INCLUDE: relative to the including file, never outside the workspace root, cycles reported,
// unreadable files reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEAD, parse, span, oneProblem } from './helpers/zone.mjs';

function reader(files, calls = []) {
  return (p) => {
    calls.push(p);
    return files[p];
  };
}

test('$INCLUDE relative to the including file, with its own origin; origin restored after', () => {
  const text = HEAD + '$INCLUDE sub/mail.inc mail.example.com.\nafter A 192.0.2.9\n';
  const calls = [];
  const z = parse(text, {
    path: '/ws/zones/example.com.zone',
    workspaceRoot: '/ws',
    readFile: reader({ '/ws/zones/sub/mail.inc': '@ MX 10 mx1\nmx1 A 192.0.2.1\n  TXT "v=spf1 -all"\n' }, calls),
  });
  assert.deepEqual(z.problems, []);
  assert.deepEqual(calls, ['/ws/zones/sub/mail.inc']);
  assert.deepEqual(z.files.map((f) => f.path), ['/ws/zones/example.com.zone', '/ws/zones/sub/mail.inc']);
  const rs = z.records.slice(1);
  assert.deepEqual(rs.map((r) => [r.owner, r.type, r.line, r.file.path.split('/').pop()]), [
    ['mail.example.com.', 'MX', 1, 'mail.inc'],
    ['mx1.mail.example.com.', 'A', 2, 'mail.inc'],
    ['mx1.mail.example.com.', 'TXT', 3, 'mail.inc'],
    ['after.example.com.', 'A', 5, 'example.com.zone'],
  ]);
  assert.equal(rs[0].target, 'mx1.mail.example.com.');
  assert.equal(rs[0].file.text.slice(rs[0].start, rs[0].end), '@ MX 10 mx1');
});

test('$INCLUDE outside the workspace root: zone/include-outside-workspace on the file name, nothing read', () => {
  const text = HEAD + '$INCLUDE ../../etc/secrets.zone\nok A 192.0.2.1\n';
  const calls = [];
  const z = parse(text, { path: '/ws/zones/example.com.zone', workspaceRoot: '/ws', readFile: reader({}, calls) });
  oneProblem(z, text, '../../etc/secrets.zone', /outside the workspace/, { rule: 'zone/include-outside-workspace' });
  assert.deepEqual(calls, []);
  assert.equal(z.records.at(-1).owner, 'ok.example.com.');
});

test('$INCLUDE of an absolute path outside the root is refused too', () => {
  const text = HEAD + '$INCLUDE /etc/passwd\n';
  const z = parse(text, { path: '/ws/example.com.zone', workspaceRoot: '/ws', readFile: reader({ '/etc/passwd': 'x A 1.2.3.4\n' }) });
  oneProblem(z, text, '/etc/passwd', /outside the workspace/, { rule: 'zone/include-outside-workspace' });
});

test('unreadable $INCLUDE: zone/include-outside-workspace (cannot be read)', () => {
  const text = HEAD + '$INCLUDE missing.inc\nok A 192.0.2.1\n';
  const z = parse(text, { path: '/ws/example.com.zone', workspaceRoot: '/ws', readFile: reader({}) });
  oneProblem(z, text, 'missing.inc', /cannot be read/, { rule: 'zone/include-outside-workspace' });
  // Without a readFile at all, the same.
  const z2 = parse(text, { path: '/ws/example.com.zone' });
  oneProblem(z2, text, 'missing.inc', /cannot be read/, { rule: 'zone/include-outside-workspace' });
});

test('$INCLUDE cycle: reported at the include that closes the loop, no endless reading', () => {
  const text = HEAD + '$INCLUDE a.inc\n';
  const a = 'a1 A 192.0.2.1\n$INCLUDE b.inc\n';
  const b = 'b1 A 192.0.2.2\n$INCLUDE a.inc\n';
  const z = parse(text, { path: '/ws/example.com.zone', workspaceRoot: '/ws', readFile: reader({ '/ws/a.inc': a, '/ws/b.inc': b }) });
  assert.equal(z.problems.length, 1);
  const p = z.problems[0];
  assert.equal(p.rule, 'zone/include-outside-workspace', 'the catalog rule for an include "back at itself"');
  assert.equal(p.file.path, '/ws/b.inc');
  assert.deepEqual({ start: p.start, end: p.end }, span(b, 'a.inc'));
  assert.match(p.message, /\$INCLUDE cycle: a\.inc → b\.inc → a\.inc/);
  assert.deepEqual(z.records.slice(1).map((r) => r.owner), ['a1.example.com.', 'b1.example.com.']);
});

test('a file including itself', () => {
  const text = HEAD + '$INCLUDE example.com.zone\n';
  const z = parse(text, { path: '/ws/example.com.zone', workspaceRoot: '/ws', readFile: reader({ '/ws/example.com.zone': text }) });
  oneProblem(z, text, 'example.com.zone', /\$INCLUDE cycle/, { rule: 'zone/include-outside-workspace' });
});

test('$INCLUDE without a file name; with a bad origin', () => {
  const text = HEAD + '$INCLUDE\n';
  oneProblem(parse(text), text, '$INCLUDE', /needs a file name/);
  const text2 = HEAD + '$INCLUDE x.inc a..b\n';
  oneProblem(parse(text2, { readFile: () => '' }), text2, 'a..b', /bad origin/);
});

test('problems inside an included file carry that file', () => {
  const text = HEAD + '$INCLUDE bad.inc\n';
  const inc = 'x A 999.1.1.1\n';
  const z = parse(text, { path: '/ws/example.com.zone', readFile: reader({ '/ws/bad.inc': inc }) });
  assert.equal(z.problems.length, 1);
  assert.equal(z.problems[0].file.path, '/ws/bad.inc');
  assert.deepEqual({ start: z.problems[0].start, end: z.problems[0].end }, span(inc, '999.1.1.1'));
});
