// The lint runner survives failing rules: a rule that throws (an Error or anything else), rejects,
// reports garbage ranges or never finishes is isolated and logged, and every other finding still
// arrives. The zone is built by hand so this tests only the runner (lint.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const engine = require('../dist/engine.js');
const { SourceFile, lintZone } = engine;

function handZone() {
  const text = '@ IN TXT "v=spf1 -all"\nmail IN A 192.0.2.1\nwww IN A 192.0.2.2\n';
  const file = new SourceFile('/nonexistent-ws/example.com.zone', text);
  const tok = (s) => {
    const start = text.indexOf(s);
    return { start, end: start + s.length, text: s };
  };
  const rec = (lineText, owner, type, fieldTexts, line) => {
    const start = text.indexOf(lineText);
    return {
      file,
      format: 'zone',
      start,
      end: start + lineText.length,
      line,
      owner,
      ttl: 300,
      class: 'IN',
      type,
      typeTok: { start: start + lineText.indexOf(type), end: start + lineText.indexOf(type) + type.length, text: type },
      fields: fieldTexts.map(tok),
    };
  };
  const records = [
    rec('@ IN TXT "v=spf1 -all"', 'example.com.', 'TXT', ['"v=spf1 -all"'], 1),
    rec('mail IN A 192.0.2.1', 'mail.example.com.', 'A', ['192.0.2.1'], 2),
    rec('www IN A 192.0.2.2', 'www.example.com.', 'A', ['192.0.2.2'], 3),
  ];
  return { file, files: [file], format: 'zone', origin: 'example.com.', records, problems: [], directives: [] };
}

const docs = { summary: 'test rule', details: 'test rule' };
const reporter = (id) => ({
  id,
  severity: 'warning',
  docs,
  types: ['A'],
  onRecord(rec, ctx) {
    ctx.report({ start: rec.start, end: rec.end, message: `seen ${rec.owner}` });
  },
});

test('a rule that throws in onRecord is isolated; the others report every record', async () => {
  const zone = handZone();
  const boom = { id: 'test/boom', severity: 'error', docs, types: ['A'], onRecord() { throw new Error('boom'); } };
  const anyBoom = { id: 'test/any-boom', severity: 'error', docs, onRecord() { throw 'a string, not an Error'; } };
  const run = await lintZone(zone, { rules: [boom, reporter('test/a'), anyBoom, reporter('test/b')], options: { dns: 'off' } });
  assert.deepEqual(run.findings.map((f) => `${f.rule} ${f.message}`), [
    'test/a seen mail.example.com.',
    'test/b seen mail.example.com.',
    'test/a seen www.example.com.',
    'test/b seen www.example.com.',
  ]);
  assert.deepEqual(run.ruleErrors.map((e) => e.rule).sort(), ['test/any-boom', 'test/boom']);
  assert.equal(run.ruleErrors.find((e) => e.rule === 'test/boom').error.message, 'boom');
});

test('a rule that throws or rejects in onZone is isolated; later rules still run', async () => {
  const zone = handZone();
  const syncThrow = { id: 'test/zone-throw', severity: 'error', docs, onZone() { throw new TypeError('x is undefined'); } };
  const reject = { id: 'test/zone-reject', severity: 'error', docs, async onZone() { await null; throw new Error('rejected'); } };
  const after = { id: 'test/after', severity: 'info', docs, onZone(z, ctx) { ctx.report({ start: 0, end: 1, message: 'zone seen' }); } };
  const run = await lintZone(zone, { rules: [syncThrow, reject, after, reporter('test/a')], options: { dns: 'off' } });
  assert.deepEqual(run.findings.map((f) => f.rule), ['test/after', 'test/a', 'test/a']);
  assert.deepEqual(run.ruleErrors.map((e) => e.rule), ['test/zone-throw', 'test/zone-reject']);
});

test('a rule that throws after reporting keeps its earlier findings and does not block the real rules', async () => {
  const zone = handZone();
  let n = 0;
  const flaky = { id: 'test/flaky', severity: 'warning', docs, types: ['A'], onRecord(rec, ctx) { ctx.report({ start: rec.start, end: rec.end, message: 'before' }); if (++n === 1) throw new RangeError('late'); } };
  const run = await lintZone(zone, { rules: [flaky, ...engine.allRules], options: { dns: 'off' } });
  assert.ok(run.findings.some((f) => f.rule === 'test/flaky' && f.message === 'before'));
  assert.deepEqual(run.ruleErrors.map((e) => e.rule), ['test/flaky']);
});

test('a rule that reports a range outside the document cannot push it to the editor', async () => {
  const zone = handZone();
  const len = zone.file.text.length;
  const wild = {
    id: 'test/wild',
    severity: 'warning',
    docs,
    onZone(z, ctx) {
      ctx.report({ start: -5, end: 3, message: 'negative start' });
      ctx.report({ start: len - 2, end: len + 1000, message: 'past the end' });
      ctx.report({ start: 10, end: 4, message: 'reversed' });
      ctx.report({ start: NaN, end: NaN, message: 'NaN' });
    },
  };
  const run = await lintZone(zone, { rules: [wild], options: { dns: 'off' } });
  // Either dropped or clamped into the document, and the lint itself went on.
  for (const f of run.findings) {
    assert.ok(Number.isInteger(f.start) && Number.isInteger(f.end) && 0 <= f.start && f.start <= f.end && f.end <= len, `${f.message}: [${f.start}, ${f.end}) outside [0, ${len}]`);
  }
});

test('a rule whose onZone never settles does not hang the lint once it is aborted', async () => {
  const zone = handZone();
  const never = { id: 'test/never', severity: 'error', docs, onZone() { return new Promise(() => {}); } };
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 200);
  let timer;
  const guard = new Promise((_, rej) => (timer = setTimeout(() => rej(new Error('lintZone still pending 5 s after the abort: a never-settling onZone hangs the lint')), 5200)));
  const run = await Promise.race([lintZone(zone, { rules: [reporter('test/a'), never], options: { dns: 'off', signal: ac.signal } }), guard]).finally(() => clearTimeout(timer));
  assert.ok(run.findings.some((f) => f.rule === 'test/a'), 'the findings of the other rules arrive');
});
