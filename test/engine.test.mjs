// The lint runner itself: dispatch by type, severities, isolation of failing rules, suppression,
// the workspace resolver. Zones are built by hand here so these tests do not depend on a reader.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../dist/engine.js';

const { SourceFile, Workspace, WorkspaceResolver, lintZone, parseDirective, allRules, ruleById, nameIndex } = engine;

function zoneOf(text, recs, origin = 'example.com.') {
  const file = new SourceFile('/ws/example.com.zone', text);
  const records = recs.map((r) => ({
    file,
    format: 'zone',
    line: file.positionAt(r.start).line + 1,
    ttl: 3600,
    class: 'IN',
    fields: [],
    typeTok: { text: r.type, start: r.start, end: r.start + r.type.length },
    end: r.start + 10,
    ...r,
  }));
  return { file, files: [file], format: 'zone', origin, records, problems: [], directives: [] };
}

test('every catalog rule ID is registered once, with docs', () => {
  const ids = allRules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate rule IDs');
  for (const r of allRules) {
    assert.match(r.id, /^[a-z0-9-]+\/[a-z0-9-]+$/, r.id);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(r.severity), r.id);
    assert.ok(r.docs.summary.length > 10 && r.docs.details.length > 40, `docs of ${r.id}`);
  }
  assert.equal(ruleById('zone/syntax').severity, 'error');
});

test('rules receive only the record types they ask for; a throwing rule is isolated and the others still report', async () => {
  const z = zoneOf('x'.repeat(100), [
    { owner: 'example.com.', type: 'TXT', start: 0 },
    { owner: 'example.com.', type: 'A', start: 20 },
  ]);
  const seen = [];
  const good = {
    id: 'test/good',
    severity: 'warning',
    docs: { summary: 's', details: 'd' },
    types: ['TXT'],
    onRecord(rec, ctx) {
      seen.push(rec.type);
      ctx.report({ start: rec.start, end: rec.end, message: 'found' });
    },
  };
  const bad = {
    id: 'test/bad',
    severity: 'error',
    docs: { summary: 's', details: 'd' },
    onRecord() {
      throw new Error('boom');
    },
  };
  const run = await lintZone(z, { rules: [bad, good] });
  assert.deepEqual(seen, ['TXT']);
  assert.equal(run.findings.length, 1);
  assert.equal(run.findings[0].rule, 'test/good');
  assert.equal(run.findings[0].severity, 'warning');
  assert.equal(run.ruleErrors.length, 1);
  assert.equal(run.ruleErrors[0].rule, 'test/bad');

  const off = await lintZone(z, { rules: [good], options: { rules: { 'test/good': 'off' } } });
  assert.equal(off.findings.length, 0);
  const up = await lintZone(z, { rules: [good], options: { rules: { 'test/good': 'error' } } });
  assert.equal(up.findings[0].severity, 'error');
});

test('parseDirective reads mailzone comments only', () => {
  const text = '; mailzone-disable-next-line spf/soft-all, dmarc/p-none\n; mailzone-disabled x\n# mailzone-disable zone/duplicate-record -- reason\n';
  const file = new SourceFile('/x', text);
  const d = parseDirective(file, 0, text.indexOf('\n'), 1);
  assert.equal(d.kind, 'disable-next-line');
  assert.deepEqual(d.rules.map((r) => r.id), ['spf/soft-all', 'dmarc/p-none']);
  assert.equal(text.slice(d.rules[1].start, d.rules[1].end), 'dmarc/p-none');
  const l2 = text.indexOf('\n') + 1;
  assert.equal(parseDirective(file, l2, text.indexOf('\n', l2), 2), undefined);
  const l3 = text.indexOf('#');
  const d3 = parseDirective(file, l3, text.length - 1, 3);
  assert.equal(d3.kind, 'disable');
  assert.deepEqual(d3.rules.map((r) => r.id), ['zone/duplicate-record']);
});

test('workspace: the longest origin is authoritative; a name under it with no record is NXDOMAIN', async () => {
  const parent = zoneOf('', [{ owner: 'example.com.', type: 'TXT', start: 0, strings: [{ value: 'v=spf1 -all' }] }]);
  const child = zoneOf('', [{ owner: 'mail.sub.example.com.', type: 'A', start: 0, fields: [{ text: '192.0.2.1' }] }], 'sub.example.com.');
  child.file = new SourceFile('/ws/sub.example.com.zone', '');
  const ws = new Workspace();
  ws.set(parent);
  ws.set(child);
  assert.equal(ws.authorityFor('a.b.sub.example.com.')[0], child);
  assert.equal(ws.authorityFor('www.example.com.')[0], parent);
  assert.deepEqual(ws.authorityFor('example.net.'), []);
  const r = new WorkspaceResolver(ws);
  const txt = await r.lookup('Example.COM', 'TXT');
  assert.equal(txt.status, 'ok');
  assert.deepEqual(txt.txt, [['v=spf1 -all']]);
  assert.equal((await r.lookup('nope.example.com.', 'TXT')).status, 'nxdomain');
  assert.equal((await r.lookup('sub.example.com.', 'TXT')).status, 'nodata', 'empty non-terminal');
  assert.equal((await r.lookup('mail.sub.example.com.', 'TXT')).status, 'nodata');
  assert.deepEqual((await r.lookup('mail.sub.example.com.', 'A')).values, ['192.0.2.1']);
  const out = await r.lookup('example.net.', 'TXT');
  assert.equal(out.status, 'unresolved', 'outside the workspace and no live DNS: never a guess');
  assert.equal(nameIndex(parent).get('example.com.').length, 1);
});

test('SourceFile maps offsets to 0-based line/character across LF, CRLF and lone CR', () => {
  const f = new SourceFile('/x', 'ab\r\ncd\ref\ngh');
  assert.deepEqual(f.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(f.positionAt(4), { line: 1, character: 0 });
  assert.deepEqual(f.positionAt(7), { line: 2, character: 0 });
  assert.deepEqual(f.positionAt(10), { line: 3, character: 0 });
  assert.equal(f.offsetAt(2, 1), 8);
  assert.equal(f.lineCount, 4);
});
