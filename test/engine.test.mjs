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

test('workspace with many zones: the origin index gives the longest origin, ties in workspace order, and follows set/delete', () => {
  const origins = ['example.com.', 'sub.example.com.', 'example.com.', 'com.', 'a.b.c.example.com.', 'example.net.', 'x.example.net.', 'b.c.example.com.', 'example.org.', 'org.', 'deep.sub.example.com.', 'zz.example.org.'];
  const ws = new Workspace();
  const zones = origins.map((o, i) => {
    const z = zoneOf('', [{ owner: 'www.' + o, type: 'A', start: 0 }], o);
    z.file = new SourceFile(`/ws/${i}.zone`, '');
    ws.set(z);
    return z;
  });
  assert.ok(ws.zones.size > 8, 'the indexed path is used');
  // Reference: every zone whose origin is the name or a dot-separated suffix of it, longest first.
  const expect = (name) => {
    const under = zones.filter((z) => ws.zones.get(z.file.path) === z && (name === z.origin || name.endsWith('.' + z.origin)));
    const best = Math.max(-1, ...under.map((z) => z.origin.length));
    return under.filter((z) => z.origin.length === best).map((z) => z.file.path);
  };
  const names = ['example.com.', 'www.example.com.', 'x.sub.example.com.', 'deep.sub.example.com.', 'q.a.b.c.example.com.', 'c.example.com.', 'com.', 'ample.com.', 'y.org.', 'www.x.example.net.', 'nope.', 'zz.example.org.'];
  for (const n of names) assert.deepEqual(ws.authorityFor(n).map((z) => z.file.path), expect(n), n);
  assert.deepEqual(ws.authorityFor('www.example.com.').map((z) => z.file.path), ['/ws/0.zone', '/ws/2.zone'], 'ties keep workspace order');
  ws.delete('/ws/0.zone');
  assert.deepEqual(ws.authorityFor('www.example.com.').map((z) => z.file.path), ['/ws/2.zone'], 'index rebuilt after delete');
  ws.delete('/ws/2.zone');
  assert.deepEqual(ws.authorityFor('www.example.com.').map((z) => z.file.path), ['/ws/3.zone'], 'then com. is the longest origin');
});

test('nameExists: a name with records below it exists (empty non-terminal); a label-suffix that is not a parent does not', () => {
  const z = zoneOf('', [
    { owner: 'a.b.c.example.com.', type: 'A', start: 0 },
    { owner: 'x.y.example.com.', type: 'A', start: 10 },
  ]);
  const ws = new Workspace();
  ws.set(z);
  assert.equal(ws.nameExists('a.b.c.example.com.'), true);
  assert.equal(ws.nameExists('b.c.example.com.'), true);
  assert.equal(ws.nameExists('c.example.com.'), true);
  assert.equal(ws.nameExists('y.example.com.'), true);
  assert.equal(ws.nameExists('bc.example.com.'), false);
  assert.equal(ws.nameExists('z.c.example.com.'), false);
  assert.equal(ws.nameExists('b.example.com.'), false, 'b.c… is not below b.example.com.');
});

test('WorkspaceResolver.lookupSync answers what the workspace knows at once, the same as lookup; names only a fallback knows wait for lookup', async () => {
  const z = zoneOf('', [
    { owner: 'example.com.', type: 'TXT', start: 0, strings: [{ value: 'v=spf1 -all' }] },
    { owner: 'mail.example.com.', type: 'MX', start: 10, preference: 10, target: 'mx.example.net.' },
  ]);
  const ws = new Workspace();
  ws.set(z);
  const offline = new WorkspaceResolver(ws);
  for (const [n, t] of [['example.com.', 'TXT'], ['Mail.Example.com', 'MX'], ['nope.example.com.', 'A'], ['mail.example.com.', 'A'], ['example.org.', 'TXT']]) {
    assert.deepEqual(offline.lookupSync(n, t), await offline.lookup(n, t), `${n} ${t}`);
  }
  let asked = 0;
  const live = new WorkspaceResolver(ws, { lookup: async (name, type) => (asked++, { name, type, status: 'ok', source: 'live', txt: [['x']] }) });
  assert.equal(live.lookupSync('example.org.', 'TXT'), undefined, 'only the network can tell');
  assert.equal(asked, 0);
  assert.equal((await live.lookup('example.org.', 'TXT')).source, 'live');
  assert.equal(live.lookupSync('example.com.', 'TXT').status, 'ok');
});

test('ctx.memo computes once per record and key, undefined results included, whichever record asks', async () => {
  const z = zoneOf('x'.repeat(100), [
    { owner: 'a.example.com.', type: 'TXT', start: 0 },
    { owner: 'b.example.com.', type: 'TXT', start: 20 },
    { owner: 'c.example.com.', type: 'TXT', start: 40 },
  ]);
  const calls = [];
  const compute = (key, rec) => () => (calls.push(key + ' ' + rec.owner), key === 'none' ? undefined : { key, owner: rec.owner });
  const seen = [];
  const ruleA = {
    id: 'test/a',
    severity: 'info',
    docs: { summary: 's', details: 'd' },
    types: ['TXT'],
    onRecord(rec, ctx) {
      seen.push(ctx.memo('v', rec, compute('v', rec)), ctx.memo('none', rec, compute('none', rec)));
      // Another record than the current one, and back.
      const other = z.records[(z.records.indexOf(rec) + 1) % 3];
      seen.push(ctx.memo('v', other, compute('v', other)), ctx.memo('v', rec, compute('v', rec)));
      // A record of another zone of the workspace.
      const far = elsewhere.records[0];
      assert.equal(ctx.memo('v', far, compute('v', far)), ctx.memo('v', far, compute('v', far)));
    },
  };
  const elsewhere = zoneOf('', [{ owner: 'x.example.net.', type: 'TXT', start: 0 }], 'example.net.');
  const ruleB = { ...ruleA, id: 'test/b' };
  await lintZone(z, { rules: [ruleA, ruleB] });
  assert.deepEqual(calls.sort(), ['none a.example.com.', 'none b.example.com.', 'none c.example.com.', 'v a.example.com.', 'v b.example.com.', 'v c.example.com.', 'v x.example.net.']);
  for (let i = 0; i < seen.length; i += 4) {
    assert.equal(seen[i + 1], undefined);
    assert.equal(seen[i], seen[i + 3], 'the same object each time');
  }
  const byOwner = new Map();
  for (const v of seen) if (v) assert.equal(byOwner.get(v.owner) ?? (byOwner.set(v.owner, v), v), v, 'one value per record');
});

test('SourceFile maps offsets to 0-based line/character across LF, CRLF and lone CR', () => {
  const f = new SourceFile('/x', 'ab\r\ncd\ref\ngh');
  assert.deepEqual(f.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(f.positionAt(4), { line: 1, character: 0 });
  assert.deepEqual(f.positionAt(7), { line: 2, character: 0 });
  assert.deepEqual(f.positionAt(10), { line: 3, character: 0 });
  assert.equal(f.offsetAt(2, 1), 8);
  assert.equal(f.lineCount, 4);
  // Every mix of LF, CRLF and lone CR: lines start where a reference walk over the characters says
  // (the reader takes a faster path when no CR stands alone).
  const reference = (t) => {
    const s = [0];
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '\n' || (t[i] === '\r' && t[i + 1] !== '\n')) s.push(i + 1);
    }
    return s;
  };
  const parts = ['a', 'bc', '\n', '\r\n', '\r', '\n\n', '\r\r\n'];
  for (let seed = 1; seed <= 300; seed++) {
    let x = seed;
    let t = '';
    const n = seed % 12;
    for (let k = 0; k < n; k++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      t += parts[x % (seed % 3 === 0 ? 4 : parts.length)];
    }
    const sf = new SourceFile('/x', t);
    const want = reference(t);
    assert.equal(sf.lineCount, want.length, JSON.stringify(t));
    for (let o = 0; o <= t.length; o++) {
      let line = 0;
      while (line + 1 < want.length && want[line + 1] <= o) line++;
      assert.deepEqual(sf.positionAt(o), { line, character: o - want[line] }, `${JSON.stringify(t)} @${o}`);
    }
  }
});

test('options.fixes false: the same findings without their fixes (what the CLI keeps for its text and JSON reports)', async () => {
  const text = '$ORIGIN example.com.\n@ IN TXT "v=spf1 mx ~all"\n_dmarc IN TXT "v=DMARC1; p=none; pct=50"\n';
  const zone = engine.parseZone(new SourceFile('/ws/example.com.zone', text), { origin: 'example.com.' });
  const withFixes = (await lintZone(zone, { options: { dns: 'off' } })).findings;
  const without = (await lintZone(zone, { options: { dns: 'off', fixes: false } })).findings;
  assert.ok(withFixes.filter((f) => f.fixes?.length).length >= 2, 'the fixture has fixable findings');
  assert.ok(without.every((f) => f.fixes === undefined));
  const strip = (fs) => fs.map(({ fixes, ...f }) => f);
  assert.deepEqual(strip(without), strip(withFixes));
});
