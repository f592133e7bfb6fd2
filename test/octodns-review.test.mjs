// Review of the octoDNS reader against octoDNS's own loader (octodns/yaml.py, provider/yaml.py,
// record/*.py): files octoDNS writes or reads that mailzone missed or read differently.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SourceFile, parseOctodns, octodnsKind, lintZone, detectKind, cmpNatStr } from '../dist/engine.js';

const lines = (...l) => l.join('\n') + '\n';
const parse = (text, p = '/ws/example.com.yaml', opts = {}) => parseOctodns(new SourceFile(p, text), opts);
const lint = async (zone) => (await lintZone(zone, { options: { dns: 'off' } })).findings;
const ofRule = (findings, id) => findings.filter((f) => f.rule === id);
const syntax = (z) => z.problems.filter((p) => p.rule === 'octodns/syntax' && !/^Keys out of order/.test(p.message));
const order = (z) => z.problems.filter((p) => p.rule === 'octodns/syntax' && /^Keys out of order/.test(p.message));
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist/cli.js');

// 1. Detection: PyYAML's dump layout (lists at column 0) and flow mappings are record files.
test('detection: PyYAML dump layout (`- type:` at column 0) and flow-style records are octoDNS record files', () => {
  const dump = lines('---', 'mail:', '- type: MX', '  values:', '  - exchange: mx.example.com.', '    preference: 10', '- type: TXT', '  values:', '  - v=spf1 +all');
  assert.equal(octodnsKind('/x/example.com.yaml', dump), 'records');
  assert.equal(detectKind('/x/example.com.yaml', dump), 'octodns');
  const flow = lines('---', "'': {type: TXT, value: v=spf1 +all}", '_dmarc: {type: TXT, value: v=DMARC1\\; p=none}');
  assert.equal(octodnsKind('/x/example.com.yaml', flow), 'records');
  assert.equal(octodnsKind('/x/example.net.yaml', lines("'':", '- type: TXT', '  value: v=spf1 +all')), 'records');
  assert.equal(octodnsKind('/x/a.yaml', lines('www: {"type": "A", "values": [192.0.2.1]}')), 'records');
  // Still not other YAML.
  for (const o of [
    lines('steps:', '- type: A', '  name: x'),
    lines('items: {type: MX, name: v}'),
    lines('spec:', '  type: LoadBalancer', '  value: 1'),
    lines('- type: A', '  value: 1'),
    lines('type: TXT', 'value: x'),
  ]) assert.equal(octodnsKind('/x/other.yaml', o), 'other', o);
});

test('detection: a directory walk lints dump-layout and flow-style files (CI does not pass on their errors)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailzone-review-'));
  fs.writeFileSync(path.join(dir, 'example.com.yaml'), lines('---', "'': {type: TXT, value: v=spf1 +all}"));
  fs.writeFileSync(path.join(dir, 'example.net.yaml'), lines("'':", '- type: TXT', '  value: v=spf1 +all'));
  const r = spawnSync(process.execPath, [cli, 'lint', '--offline', '--format', 'json', dir], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const files = new Set(JSON.parse(r.stdout).filter((x) => x.findings.length).map((x) => path.basename(x.file)));
  assert.ok(files.has('example.com.yaml') && files.has('example.net.yaml'), r.stdout);
  fs.rmSync(dir, { recursive: true, force: true });
});

// 4. PyYAML's typing (YAML 1.1 resolvers) and Python's str(): names, and TXT values that are not strings.
test('names are what octoDNS makes of them: PyYAML types plain keys, Python str() names them', () => {
  const keys = ['n', 'y', '1.0', 'off', 'null', '~', '2001-12-14', '010', '0x1F', '1_0', '1:30', '1.50', '.5', '1e3', '1.0e+3', "'007'", 'MAIL.Sub'];
  const text = keys.map((k) => lines(`${k}:`, '  type: TXT', '  value: v=spf1 -all')).join('');
  const z = parse(text);
  const owners = z.records.map((r) => r.owner.replace('.example.com.', ''));
  assert.deepEqual(owners, ['n', 'y', '1.0', 'false', 'none', '2001-12-14', '8', '31', '10', '90', '1.5', '0.5', '1e3', '1000.0', '007', 'mail.sub']);
  // `null:` and `~:` are the same YAML key (None): the first is lost, as in PyYAML.
  assert.equal(syntax(z).length, 1);
  assert.match(syntax(z)[0].message, /appears twice/);
});

test('TXT/SPF values YAML types as numbers, booleans or dates: octoDNS fails to load (TypeError); quote them', async () => {
  const text = lines(
    '_github-challenge:', '  type: TXT', '  value: 2024061501',
    'b:', '  type: SPF', '  values: [v=spf1 -all, yes]',
    'c:', '  octodns:', '    lenient: true', '  type: TXT', '  value: 2024-01-01',
    'd:', '  type: TXT', '  values:', '    - 1.5', '    - n', '    - "123"', '    - y', '    - 1e3',
  );
  const z = parse(text);
  const p = syntax(z);
  assert.deepEqual(p.map((x) => text.slice(x.start, x.end)), ['2024061501', 'yes', '2024-01-01', '1.5']);
  assert.match(p[0].message, /as a number \(2024061501\).*Quote it: '2024061501'/);
  assert.match(p[1].message, /as a boolean/);
  assert.match(p[2].message, /as a date/);
  // The strings are still read and linted.
  assert.ok(z.records.some((r) => r.owner === 'd.example.com.' && r.strings[0].value === 'n'));
});

// 9. Characters PyYAML's reader refuses: octoDNS loads nothing from the file.
test('control characters outside YAML\'s printable set: one octodns/syntax error at the character, no records', () => {
  for (const [text, ch] of [
    [lines("'':", '  type: TXT', '  value: v=spf1 -all\x7f', '_dmarc:', '  type: TXT', '  value: v=DMARC1\\; p=none'), '\x7f'],
    [lines("'':", '  type: TXT', '  value: "v=spf1 -all\x1b"'), '\x1b'],
    [lines("'':", '  type: TXT', '  value: v=spf1 -all\x0c'), '\x0c'],
  ]) {
    const z = parse(text);
    assert.equal(z.records.length, 0);
    assert.equal(z.problems.length, 1);
    assert.equal(z.problems[0].rule, 'octodns/syntax');
    assert.equal(z.problems[0].start, text.indexOf(ch));
    assert.match(z.problems[0].message, /unacceptable character #x00/);
  }
  // Allowed: tab, NEL, non-ASCII letters, a byte-order mark, astral characters (in a comment).
  const ok = parse(lines('\ufeff# \u{1F600} caf\u00e9 \x85', "'':", '  type: TXT', '  value:\tv=spf1 -all'));
  assert.equal(ok.records.length, 1);
  assert.deepEqual(ok.problems, []);
  // In an included file: that file is refused.
  const inc = parse(lines('www: !include w.yaml'), '/ws/example.com.yaml', { readFile: () => lines('type: TXT', 'value: a\x01'), workspaceRoot: '/ws' });
  assert.equal(inc.records.length, 0);
  assert.match(inc.problems[0].message, /#x0001/);
  assert.equal(inc.problems[0].file.path, '/ws/w.yaml');
});

// 8. octoDNS lower-cases names: `WWW:` and `www:` are one name.
test('names that differ only in case, each with a TXT record: octoDNS refuses the duplicate record', () => {
  const text = lines('WWW:', '  type: TXT', '  value: v=spf1 -all', 'www:', '  - type: TXT', '    value: v=spf1 ~all', 'Www:', '  type: A', '  value: 192.0.2.1');
  const z = parse(text);
  const p = syntax(z);
  assert.equal(p.length, 1);
  assert.equal(p[0].start, text.indexOf('TXT', text.indexOf('www:')));
  assert.match(p[0].message, /'www' and 'WWW' are the same name.*Duplicate record www\.example\.com\., type TXT/);
  // A YAML duplicate key (dropped by YAML) is not also a duplicate record.
  const d = parse(lines('www:', '  type: TXT', '  value: a', 'www:', '  type: TXT', '  value: b'));
  assert.equal(syntax(d).length, 1);
  assert.match(syntax(d)[0].message, /appears twice/);
});

// 5. octoDNS's YamlProvider enforces natural key order by default (enforce_order: true).
test('keys out of natural sort order: a warning where octoDNS refuses the file (nested mappings first), with the expected order', () => {
  const mx = lines("'':", '  type: MX', '  value:', '    preference: 10', '    exchange: mx.example.net.');
  const p = order(parse(mx));
  assert.equal(p.length, 1);
  assert.equal(p[0].severity, 'warning');
  assert.equal(p[0].start, mx.indexOf('preference'));
  assert.match(p[0].message, /enforce_order: false.*expected exchange got preference.*'exchange', 'preference'/);
  // Names: natural order ('' < a2 < a10 < b); the record's own keys first (PyYAML checks nested mappings first).
  const names = lines('a10:', '  type: TXT', '  value: x', 'a2:', '  value: x', '  type: TXT', "'':", '  type: TXT', '  value: x');
  const q = order(parse(names));
  assert.equal(q.length, 1);
  assert.equal(q[0].start, names.indexOf('value: x', names.indexOf('a2:')));
  assert.match(q[0].message, /expected type got value.*1 more mapping/);
  // In order (natural sort: a2 before a10; octodns before ttl before type before value): nothing.
  const ok = lines("'':", '  octodns:', '    lenient: true', '  ttl: 60', '  type: TXT', '  value: x', 'a2:', '  type: TXT', '  value: x', 'a10:', '  type: MX', '  values:', '  - exchange: a.example.com.', '    preference: 1');
  assert.deepEqual(order(parse(ok)), []);
  // Only the names' order wrong: reported at the first name out of place, as octoDNS words it.
  const top = lines('b:', '  type: TXT', '  value: x', 'a:', '  type: TXT', '  value: x');
  const r = order(parse(top));
  assert.equal(r.length, 1);
  assert.equal(r[0].start, 0);
  assert.match(r[0].message, /expected a got b/);
});

// 2. octoDNS's _ChunkedValue.process: outer quotes of a pre-chunked value go, then every `" "`.
test('TXT `" "`: octoDNS removes every `" "` (and a pre-chunked value\'s outer quotes); spf/split-mangled at the seam', async () => {
  const text = lines(
    "'':", '  type: TXT', '  value: "\\"v=spf1 include:a.com\\" \\"include:b.com -all\\""',
    'x:', '  type: TXT', '  value: v=spf1 include:a.com" "include:b.com -all',
    'dk._domainkey:', '  type: TXT', '  value: v=DKIM1\\; k=rsa\\; p=MIIBIjAN" "BgkqhkiG9w0B',
  );
  const z = parse(text);
  const txt = z.records.filter((r) => r.type === 'TXT');
  assert.deepEqual(txt.map((r) => r.strings.map((s) => s.value).join('')), ['v=spf1 include:a.cominclude:b.com -all', 'v=spf1 include:a.cominclude:b.com -all', 'v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0B']);
  assert.deepEqual(txt.map((r) => r.rdata), ['"v=spf1 include:a.cominclude:b.com -all"', '"v=spf1 include:a.cominclude:b.com -all"', '"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0B"']);
  // The pieces map to their characters in the source.
  const s1 = txt[1].strings[1];
  assert.equal(s1.value, 'include:b.com -all');
  assert.equal(s1.sourceOffset(0), text.indexOf('include:b.com', text.indexOf('x:')));
  const f = ofRule(await lint(z), 'spf/split-mangled');
  assert.equal(f.length, 2);
  for (const [k, from] of [[0, 0], [1, text.indexOf('x:')]]) {
    assert.equal(f[k].start, text.indexOf('include:a.com', from));
    assert.equal(f[k].end, text.indexOf('include:b.com', from) + 'include:b.com'.length);
  }
  // A pre-chunked value without seams: just the outer quotes go.
  const q = parse(lines("'':", '  type: TXT', "  value: '\"v=spf1 -all\"'"));
  assert.equal(q.records[0].strings.length, 1);
  assert.equal(q.records[0].strings[0].value, 'v=spf1 -all');
});

// 11. A relative target: the fix writes the absolute name mailzone read it as (a single label), or adds the dot.
test('relative MX exchange / CNAME target: the preferred fix is the name mailzone read (mail.example.net.), the dot is offered too', async () => {
  const text = lines("'':", '  type: MX', '  value:', '    exchange: mail', '    preference: 10', 'www:', '  type: CNAME', "  value: 'web'", 'x:', '  type: CNAME', '  value: host.example.org');
  const z = parse(text, '/ws/example.net.yaml');
  assert.equal(z.records[0].target, 'mail.example.net.');
  const apply = (fix) => {
    let out = text;
    for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    return out;
  };
  const f = syntax(z).filter((p) => /missing trailing/.test(p.message));
  assert.equal(f.length, 3);
  assert.equal(f[0].fixes[0].title, 'Write the absolute name mail.example.net.');
  assert.ok(f[0].fixes[0].preferred && !f[0].fixes[1].preferred);
  assert.ok(apply(f[0].fixes[0]).includes('exchange: mail.example.net.\n'));
  assert.ok(apply(f[0].fixes[1]).includes('exchange: mail.\n'));
  assert.ok(apply(f[1].fixes[0]).includes("value: 'web.example.net.'\n"));
  // A name with dots is most likely a full name missing its dot: the dot first and preferred.
  assert.equal(f[2].fixes[0].title, 'Add the trailing dot');
  assert.ok(f[2].fixes[0].preferred && !f[2].fixes[1].preferred);
  assert.ok(apply(f[2].fixes[0]).includes('value: host.example.org.\n'));
  assert.ok(apply(f[2].fixes[1]).includes('value: host.example.org.example.net.\n'));
});

// 10. Suppression comments inside a record: above `value:`, above the first list item.
test('suppression inside a record: a directive above `value:` or above the first `- ` item covers that value', async () => {
  const text = lines(
    '_dmarc:', '  type: TXT', '  # mailzone-disable-next-line dmarc/p-none', '  value: v=DMARC1\\; p=none\\; rua=mailto:a@example.com',
    'sub:', '  type: TXT', '  values:', '    # mailzone-disable-next-line spf/soft-all', '    - v=spf1 ~all', '    - v=spf1 a ~all',
    'sub2:', '  type: TXT', '  values:', '    - v=spf1 a ~all', '    # mailzone-disable-next-line spf/soft-all', '    - v=spf1 ~all',
    '# mailzone-disable-next-line spf/soft-all', 'sub3:', '  type: TXT', '  values:', '    - v=spf1 ~all', '    - v=spf1 a ~all',
  );
  const f = await lint(parse(text));
  assert.deepEqual(ofRule(f, 'mailzone/unused-suppression'), []);
  assert.deepEqual(ofRule(f, 'dmarc/p-none'), []);
  // Only the values no directive is for: sub's and sub2's `a ~all`.
  const line = (x) => x.file.positionAt(x.start).line + 1;
  assert.deepEqual(ofRule(f, 'spf/soft-all').map(line), [10, 14]);
});

// 3. `<<` merge keys as octoDNS flattens them (yaml.py ContextLoader.flatten_mapping).
test('`<<` merge keys: record-level (later wins), top-level (aliases, flow mappings, !include), lists (first listed wins)', () => {
  const rec = parse(lines("'': &apex", '  type: TXT', '  value: v=spf1 include:_spf.example.net -all', 'sub:', '  type: TXT', '  value: v=spf1 -all', '  <<: *apex'));
  assert.deepEqual(rec.records.map((r) => `${r.owner} ${r.strings[0].value}`), ['example.com. v=spf1 include:_spf.example.net -all', 'sub.example.com. v=spf1 include:_spf.example.net -all']);
  const list = parse(lines('l:', '  <<: [{type: TXT, value: first}, {ttl: 5, type: TXT, value: second}]'));
  assert.deepEqual(list.records.map((r) => `${r.ttl} ${r.strings[0].value}`), ['5 first']);
  // Top level: names merged from a flow mapping or another file.
  const top = parse(lines("'': &all", '  type: TXT', '  value: v=spf1 -all', '<<: {_dmarc: {type: TXT, value: v=DMARC1\\; p=none}, www: *all}'));
  assert.deepEqual(syntax(top), []);
  assert.deepEqual(top.records.map((r) => r.owner), ['example.com.', '_dmarc.example.com.', 'www.example.com.']);
  const files = { '/ws/shared.yaml': lines('_dmarc:', '  type: TXT', '  value: v=DMARC1\\; p=none') };
  const inc = parse(lines("'':", '  type: TXT', '  value: v=spf1 -all', '<<: !include shared.yaml'), '/ws/example.com.yaml', { readFile: (p) => files[p], workspaceRoot: '/ws' });
  assert.deepEqual(syntax(inc), []);
  assert.deepEqual(inc.records.map((r) => `${r.owner} ${r.file.path}`), ['example.com. /ws/example.com.yaml', '_dmarc.example.com. /ws/shared.yaml']);
  // A later `<<` overrides a name before it.
  const over = parse(lines('www:', '  type: TXT', '  value: mine', '<<: {www: {type: TXT, value: merged}}'));
  assert.deepEqual(over.records.map((r) => r.strings[0].value), ['merged']);
  // The order check sees the flattened keys (octoDNS: "expected _dmarc got www").
  const unordered = parse(lines("'': &all", '  type: TXT', '  value: v=spf1 -all', '<<: {www: *all, _dmarc: {type: TXT, value: v=DMARC1\\; p=none}}'));
  assert.match(order(unordered)[0].message, /expected _dmarc got www/);
  // Merging a scalar: PyYAML refuses the file.
  assert.match(syntax(parse(lines('a:', '  type: TXT', '  value: x', '<<: 5')))[0].message, /expected a mapping or list of mappings/);
});

test('`<<` merge bomb (each mapping merges the previous one nine times): read in linear time', () => {
  const l = ['l0: &l0 {type: TXT, value: x}'];
  for (let i = 1; i < 40; i++) l.push(`l${i}: &l${i} {<<: [${Array(9).fill(`*l${i - 1}`).join(', ')}]}`);
  const t0 = performance.now();
  const z = parse(lines(...l));
  assert.equal(z.records.length, 40);
  assert.ok(performance.now() - t0 < 2000);
});

// 12. `octodns:` flags and MX preferences read as octoDNS reads them (Python values).
test('lenient: 1 is lenient, lenient: y fails octoDNS (TypeError); ignored by truth; MX preference 10.7 is int() 10', async () => {
  const text = lines(
    'a:', '  octodns:', '    lenient: 1', '  type: TXT', '  value: v=DMARC1; p=none',
    'b:', '  octodns:', '    lenient: y', '  type: TXT', '  value: v=spf1 -all',
    'c:', '  octodns:', '    ignored: 1', '  type: TXT', '  value: v=spf1 +all',
    'd:', '  type: MX', '  value:', '    exchange: mx.example.com.', '    preference: 10.7',
  );
  const z = parse(text);
  const f = await lint(z);
  assert.deepEqual(ofRule(f, 'octodns/unescaped-semicolon'), [], 'lenient: 1 is lenient');
  const p = syntax(z);
  assert.equal(p.length, 1);
  assert.equal(p[0].start, text.indexOf('y\n'));
  assert.match(p[0].message, /lenient:` must be true or false/);
  assert.ok(!z.records.some((r) => r.owner === 'c.example.com.'), 'ignored: 1 is ignored');
  const mx = z.records.find((r) => r.type === 'MX');
  assert.equal(mx.preference, 10);
  assert.equal(mx.rdata, '10 mx.example.com.');
});

// 6. IDNA: octoDNS encodes names and targets (octodns/idna.py, IDNA 2008).
test('IDN names and targets are read IDNA-encoded, as octoDNS publishes them; a name IDNA refuses is rejected', () => {
  const text = lines(
    '_dmarc.xn--bcher-kva:', '  type: TXT', '  value: v=DMARC1\\; p=none',
    'Bücher:', '  - type: MX', '    value:', '      exchange: mail.bücher.example.com.', '      preference: 10',
    '_dmarc.straße:', '  type: TXT', '  value: v=DMARC1\\; p=none',
  );
  const z = parse(text);
  assert.deepEqual(z.records.map((r) => `${r.owner} ${r.target ?? ''}`.trim()), [
    '_dmarc.xn--bcher-kva.example.com.',
    'xn--bcher-kva.example.com. mail.xn--bcher-kva.example.com.',
    '_dmarc.straße.example.com.', // refused by octoDNS (below): as written
  ]);
  const p = syntax(z);
  assert.equal(p.length, 1, JSON.stringify(p.map((x) => x.message)));
  assert.equal(p[0].start, text.indexOf('_dmarc.straße'));
  assert.match(p[0].message, /Codepoint U\+005F at position 1 of '_dmarc' not allowed/);
});

test('an IDN zone file name (bücher.de.yaml) is the encoded zone xn--bcher-kva.de.', () => {
  const z = parse(lines("'':", '  type: TXT', '  value: v=spf1 -all'), '/ws/bücher.de.yaml');
  assert.equal(z.origin, 'xn--bcher-kva.de.');
  assert.equal(z.records[0].owner, 'xn--bcher-kva.de.');
});

// 7. SplitYamlProvider with a custom extension: any file in `example.com.split/` is of that zone.
test('split folder with a custom extension: a file holding several names is of the folder\'s zone', () => {
  const z = parse(lines('_dmarc:', '  type: TXT', '  value: v=DMARC1\\; p=none', 'mail:', '  type: TXT', '  value: v=spf1 -all'), '/ws/example.com.split/mail.yaml');
  assert.equal(z.origin, 'example.com.');
  assert.deepEqual(z.records.map((r) => r.owner), ['_dmarc.example.com.', 'mail.example.com.']);
  // A YamlProvider file in a dotted folder is still named after its zone.
  assert.equal(parse(lines("'':", '  type: TXT', '  value: v=spf1 -all'), '/ws/zones.v1/example.org.yaml').origin, 'example.org.');
});

// 12. A record reached through several aliases: its octoDNS problem once at the anchor's text.
test('aliases: an octodns/syntax problem of an anchored record is reported once, not once per alias', () => {
  const text = lines('a: &x', '  type: CNAME', '  value: target', 'b: *x', 'c: *x');
  const z = parse(text);
  assert.equal(z.records.length, 3);
  const p = syntax(z);
  assert.equal(p.length, 1);
  assert.equal(p[0].start, text.indexOf('target'));
});

// natsort's order (octoDNS's enforce_order), checked against Python's natsort on random keys:
// [a, b, sign of natsort_keygen()(a) vs (b)].
const NATSORT_PAIRS = [["199","8-_1",1],["_b9.","b",-1],["xa809","8x_8a",1],["","8",-1],["","9",-1],["","b9x.0",-1],["b.Z-1.","b.Z-1.b",-1],["b.0","",1],["xa--a9","00b",1],["x","Zb",1],["","b_-",-1],["","",0],["_x1","9",1],["_0x0b","_0x0.",1],["","_",-1],["8x8ba_","8x8ba_8",-1],[".0","8",1],["-a8ZZ","9_89",1],["0","8",-1],["-","x",-1],["x","98b",1],["","-",-1],["0.089","1_",-1],["","-",-1],["88b.-","88b9",1],["a","a1",-1],["_bZ_","Zx1",1],["8","",1],["Z.a","",1],["","b",-1],["1Za","_ZZbx",-1],["","0a98a8",-1],["8a8",".",-1],["Z08",".",1],["b9a-","Z",1],["_x","-1_Z",1],["9-Z","x.-",-1],["--0-8Z","--a",-1],["b._b9",".-0",1],["9xZ8","9xZ8a",-1],[".8Z.x",".8-",1],["_axb9b","1xxZb",1],["9","_a",-1],["a_-.","Z1118_",1],["-b00_9","-xa",-1],["x1Z9","-",1],["0","",1],["Z.aZ","ba9Z",-1],[".9a-b0","a_1Zx_",-1],["1x99","b-91",-1],["1x_111",".x",-1],["8-._11","8-._b",-1],["a80a","a101",-1],["b9b_","",1],["00.","9",-1],["09","Zb-0",-1],["_a","a",-1],[".ZZ-8",".ZZ-8",0],["-1","a0x",-1],["8_1-","x1x-1-",-1],["8_-x","8b",-1],["-","0",1],["01_-0x","ab-8x",-1],["Zb1xZ1","Zb1x8",1],["89_-","8.",1],["b8a_x","bbZ",-1],["1Z0","8",-1],["a-_09","Z0",1],["_b1a","bx",-1],["8-18","..",-1],["_0_Z1","Z0_0-",1],["","Z.9baZ",-1],["a-.x","Z-",1],["_1b0","9x-b",1],["ab8b","ax",-1],["ab.",".Z",1],["018b","9xb18",1],["","_09",-1],["9188a0","0.1",1],["Z1","Zx",-1],[".aa-8","",1],["x0a","0a",1],["Zb-09","-a",1],["9_-8ba","09b-",-1],["1_","",1],["x","98.",1],["0Z1_.","_-9b1",-1],["18Z..8","88-x.",-1],["-","x-xa",-1],["","b",-1],["1","bb",-1],["1","x",-1],["9Z-","Z9",-1],["bb98-9",".0_",1],["8Z.1_","8Zb",-1],["b088","x9.",-1],["","",0],["8b.9Z","_-",-1],["ZZbZ9","8x.9",1],["9Z","0",1],["1-bZZ","",1],["80-","8Z01_",1],["__b9","__a",1],["0b81.","1bZb.b",-1],["","",0],["b","x0--9",-1],["Z90Z","Z901",-1],["b8a0xZ","b8a",1],["b00_-_","0x_Z-",1],["..a9","b.",-1],["_a9a89","_8",1],["981-9",".",-1],[".x119.","0Zx",1],["","0",-1],["1.ax","a",-1],["9-","08_0_",1],[".","1_x8.1",1],["8","_a-__b",-1],["1b99","",1],["11.a","11.a0",-1],["9_.Z","0b",1],["xbZ","",1],["","0x9bx",-1],["09-.8b","09-.80",-1],[".Z01","b.--0",-1],["..","9xZ9",1],["","_",-1],["x__-0","",1],["bb-a","b",1],["bZ01_x","_",1],["9Z0","a08Z",-1],["-x81a.","-Z",1],["b10","1",1],["b8","b81",-1],["_8-1","_",1],["9","0ZZb",1],[".9","",1],["_-811","b1._",-1],["Z8_ba.","Z8_bb",-1],["a0_","x_.x08",-1],["a_-09a","1",1],["0_Z1","0_a",-1],["ax_09","b9Z0",-1],["80.99","00b8b1",1],["00aZ","00aZ0",-1],["08Z.8","08Z-",1],["0a9b","-1.x",-1],["b","xZ108",-1],["x","08bbb",1],["b","ba",-1]];
test('key order compares as natsort does (Python natsort on 150 random key pairs)', () => {
  for (const [a, b, sign] of NATSORT_PAIRS) {
    assert.equal(Math.sign(cmpNatStr(a, b)), sign, JSON.stringify([a, b]));
    const z = parse(lines(`'${a}':`, '  type: TXT', '  value: x', `'${b}':`, '  type: TXT', '  value: y'));
    if (a !== b) assert.equal(order(z).length, sign > 0 ? 1 : 0, JSON.stringify([a, b]));
  }
});

test('AAAA values written differently that are one address (2001:DB8:0::1, 2001:db8::1) are one RR: zone/duplicate-record, and records prints the RFC 5952 form', async () => {
  const z = parse(lines('---', 'www:', '  type: AAAA', '  values:', '  - 2001:DB8:0::1', '  - 2001:db8::1'));
  assert.deepEqual(syntax(z), []);
  assert.equal(ofRule(await lint(z), 'zone/duplicate-record').length, 1);
  const { recordsJson } = await import('../dist/engine.js');
  assert.deepEqual([...recordsJson(z)].map((r) => r.rdata), ['2001:db8::1', '2001:db8::1']);
});
