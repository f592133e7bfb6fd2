// CharString.sourceOffset maps decoded bytes back through escapes to the source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEAD, parse, recs } from './helpers/zone.mjs';

function only(text) {
  const z = parse(text);
  assert.deepEqual(z.problems, []);
  return recs(z)[0];
}

test('plain quoted string: offsets by arithmetic, end before the closing quote', () => {
  const text = HEAD + 't TXT "v=spf1 -all"\n';
  const s = only(text).strings[0];
  const q = text.indexOf('"v=spf1');
  assert.equal(s.start, q);
  assert.equal(s.end, q + '"v=spf1 -all"'.length);
  for (let i = 0; i < s.value.length; i++) assert.equal(text[s.sourceOffset(i)], s.value[i]);
  assert.equal(s.sourceOffset(s.value.length), s.end - 1);
  assert.equal(text[s.sourceOffset(s.value.length)], '"');
});

test('unquoted string: no quote offset', () => {
  const text = HEAD + 't TXT abc\n';
  const s = only(text).strings[0];
  assert.equal(s.quoted, false);
  assert.equal(s.sourceOffset(0), text.indexOf('abc'));
  assert.equal(s.sourceOffset(3), text.indexOf('abc') + 3);
});

test('escapes: \\DDD and \\X map to the backslash, following bytes shift accordingly', () => {
  const text = HEAD + 't TXT "a\\059b\\"c\\\\d"\n';
  const s = only(text).strings[0];
  assert.equal(s.value, 'a;b"c\\d');
  const base = text.indexOf('"a\\059');
  const expected = [1, 2, 6, 7, 9, 10, 12].map((o) => base + o); // a \059 b \" c \\ d
  assert.deepEqual([...s.value].map((_, i) => s.sourceOffset(i)), expected);
  assert.equal(s.sourceOffset(s.value.length), base + 13);
  assert.equal(text[s.sourceOffset(1)], '\\');
  assert.equal(text.slice(s.sourceOffset(1), s.sourceOffset(2)), '\\059');
});

test('a finding inside the third string of a DKIM key lands on the right characters', () => {
  const text = HEAD + 'k._domainkey TXT ( "v=DKIM1; k=rsa; "\n   "p=MIIB"\n   "Ij\\065N" )\n';
  const r = only(text);
  assert.deepEqual(r.strings.map((s) => s.value), ['v=DKIM1; k=rsa; ', 'p=MIIB', 'IjAN']);
  const third = r.strings[2];
  const at = text.indexOf('"Ij\\065N"');
  assert.equal(third.start, at);
  // byte 2 ('A', written \065) and byte 3 ('N')
  assert.equal(third.sourceOffset(2), at + 3);
  assert.equal(third.sourceOffset(3), at + 7);
  assert.equal(text.slice(third.sourceOffset(0), third.sourceOffset(4)), 'Ij\\065N');
});

test('multi-byte UTF-8: every byte of one character maps to it', () => {
  const text = HEAD + 't TXT "xé€y"\n';
  const s = only(text).strings[0];
  assert.equal(s.value.length, 1 + 2 + 3 + 1);
  const base = text.indexOf('"xé€y"');
  assert.deepEqual([...Array(s.value.length + 1).keys()].map((i) => s.sourceOffset(i) - base), [1, 2, 2, 3, 3, 3, 4, 5]);
});

test('astral characters (surrogate pairs): 4 bytes on one source character', () => {
  const text = HEAD + 't TXT "a😀b"\n';
  const s = only(text).strings[0];
  assert.equal(s.value.length, 6);
  const base = text.indexOf('"a😀b"');
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((i) => s.sourceOffset(i) - base), [1, 2, 2, 2, 2, 4, 5]);
});

test('out-of-range indexes are clamped into the string', () => {
  const text = HEAD + 't TXT "ab\\099"\n';
  const s = only(text).strings[0];
  assert.equal(s.sourceOffset(-5), s.sourceOffset(0));
  assert.equal(s.sourceOffset(99), s.sourceOffset(s.value.length));
});
