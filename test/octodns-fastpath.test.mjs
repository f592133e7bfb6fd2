// The fast octoDNS YAML reader (server/src/engine/octodns/fastyaml.ts) against the `yaml` package:
// on every input it either declines (the reader then uses yaml) or gives the very nodes yaml gives
// (kind, value, source, style, format, tag, all three range offsets) — and, one level up, the same
// zone: records with their tokens, spans, TXT source maps and rdata, the same problems and fixes,
// the same lint findings. Inputs: the octoDNS project's test configs, the examples, generated
// zones (bench/gen-octodns.mjs) and fast-check fuzzing (a grammar of octoDNS-like files with
// comments, blank lines, quoting, odd scalars and indentation, then random mutations).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SourceFile, parseOctodns, fastYaml, lintZone, octodnsKind, decodeScalar } from '../dist/engine.js';

const require = createRequire(import.meta.url);
const Y = require('yaml');
const fc = require('fast-check');
const OPTS = { uniqueKeys: false, version: '1.1', merge: true, prettyErrors: false, strict: false };

const CORPUS = fileURLToPath(new URL('../../shared/corpora/octodns/tests/', import.meta.url));
const GEN = fileURLToPath(new URL('../../shared/bench/gen-octodns.mjs', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));

// ---- node level -------------------------------------------------------------------------------

function kind(n) {
  return n == null ? 'null' : Y.isScalar(n) ? 'S' : Y.isMap(n) ? 'M' : Y.isSeq(n) ? 'Q' : 'other';
}

/** First difference between two yaml node trees, or null. */
function nodeDiff(a, b, at = '$') {
  if (kind(a) !== kind(b)) return `${at}: ${kind(a)} vs ${kind(b)}`;
  if (a == null) return null;
  if (JSON.stringify(a.range) !== JSON.stringify(b.range)) return `${at}: range ${JSON.stringify(a.range)} vs ${JSON.stringify(b.range)}`;
  if (kind(a) === 'S') {
    for (const k of ['source', 'type', 'format', 'tag']) if (a[k] !== b[k]) return `${at}: ${k} ${JSON.stringify(a[k])} vs ${JSON.stringify(b[k])}`;
    const va = a.value instanceof Date ? a.value.getTime() : a.value;
    const vb = b.value instanceof Date ? b.value.getTime() : b.value;
    if (typeof a.value !== typeof b.value || !Object.is(va, vb)) return `${at}: value ${String(a.value)} vs ${String(b.value)}`;
    if (String(a) !== String(b)) return `${at}: toString`;
    return null;
  }
  if (a.items.length !== b.items.length) return `${at}: ${a.items.length} vs ${b.items.length} items`;
  for (let i = 0; i < a.items.length; i++) {
    const d = kind(a) === 'M'
      ? nodeDiff(a.items[i].key, b.items[i].key, `${at}.key${i}`) ?? nodeDiff(a.items[i].value, b.items[i].value, `${at}.val${i}`)
      : nodeDiff(a.items[i], b.items[i], `${at}[${i}]`);
    if (d) return d;
  }
  return null;
}

/** Checks one text at the node level; returns true when the fast reader took it. */
function checkNodes(text, label) {
  const fast = fastYaml(text);
  if (!fast) return false;
  const ref = Y.parseDocument(text, OPTS);
  assert.deepEqual(ref.errors.map((e) => e.message), [], `${label}: the fast reader took a text yaml rejects:\n${text}`);
  const d = nodeDiff(fast.contents, ref.contents);
  assert.equal(d, null, `${label}: nodes differ: ${d}\n${text}`);
  assert.deepEqual(fast.toJS(), ref.toJS(), `${label}: toJS`);
  return true;
}

// ---- zone level -------------------------------------------------------------------------------

const tok = (t) => (t ? { start: t.start, end: t.end, text: t.text } : t);

function charString(s) {
  const offs = [];
  for (let i = 0; i <= s.value.length; i++) offs.push(s.sourceOffset(i));
  return { start: s.start, end: s.end, value: s.value, quoted: s.quoted, offs };
}

function meta(m) {
  const out = {};
  for (const [k, v] of Object.entries(m)) {
    if (k !== 'txt') out[k] = v;
    else {
      const raw = [];
      for (let i = 0; i <= v.raw.length; i++) raw.push(v.rawOffset(i));
      out.txt = { str: charString(v.str), raw: v.raw, rawOffsets: raw, bare: v.bareSemicolons, u: v.octodnsUnescaped, d: v.doubleEscaped, n: v.nonAscii };
    }
  }
  return out;
}

function edits(fixes) {
  return fixes?.map((f) => ({ title: f.title, preferred: f.preferred, edits: f.edits.map((e) => ({ file: e.file.path, start: e.start, end: e.end, newText: e.newText })) }));
}

function snapshot(z) {
  return {
    origin: z.origin,
    format: z.format,
    files: z.files.map((f) => f.path),
    records: z.records.map((r) => ({
      file: r.file.path, line: r.line, start: r.start, end: r.end, owner: r.owner, ownerTok: tok(r.ownerTok), ttl: r.ttl, ttlTok: tok(r.ttlTok),
      class: r.class, type: r.type, typeTok: tok(r.typeTok), fields: r.fields.map(tok), target: r.target, targetTok: tok(r.targetTok),
      preference: r.preference, rdata: r.rdata, strings: r.strings?.map(charString), meta: meta(r.meta),
    })),
    problems: z.problems.map((p) => ({ rule: p.rule, severity: p.severity, message: p.message, file: p.file.path, start: p.start, end: p.end, fixes: edits(p.fixes) })),
    directives: JSON.parse(JSON.stringify(z.directives, (k, v) => (v instanceof SourceFile ? v.path : v))),
  };
}

function readBoth(p, text, options = {}) {
  const a = parseOctodns(new SourceFile(p, text), { ...options, fastYaml: true });
  const b = parseOctodns(new SourceFile(p, text), { ...options, fastYaml: false });
  return [a, b];
}

/**
 * TXT values read without decoding (plain, or quoted without escapes): their source map is the one
 * the escape-aware decoder (decodeScalar) gives (its proportional map when yaml reported an error
 * in the scalar).
 */
function checkTxtMaps(z, label) {
  for (const r of z.records) {
    const t = r.meta.txt;
    const yamlValue = r.fields[0]?.text;
    // Pre-chunked values and values with a `" "` seam anywhere are remapped (octoDNS removes the seams).
    if (!t || yamlValue === undefined || yamlValue.startsWith('"') || yamlValue.includes('" "') || r.file !== z.file) continue;
    const d = decodeScalar(r.file.text, r.meta.valueStart, r.meta.valueEnd, r.meta.style ?? 'PLAIN', yamlValue);
    assert.equal(d.value, t.raw, label);
    for (let i = 0; i <= t.raw.length; i++) assert.equal(t.rawOffset(i), d.offs[i], `${label}: ${r.owner} offset ${i}`);
  }
}

function checkZone(p, text, label, options) {
  const [a, b] = readBoth(p, text, options);
  assert.deepEqual(snapshot(a), snapshot(b), `${label}: zones differ`);
  checkTxtMaps(a, label);
  return [a, b];
}

async function checkLint(a, b, label) {
  const ra = await lintZone(a, { options: { dns: 'off' } });
  const rb = await lintZone(b, { options: { dns: 'off' } });
  const f = (run) => run.findings.map((x) => ({ rule: x.rule, severity: x.severity, message: x.message, file: x.file.path, start: x.start, end: x.end, fixes: edits(x.fixes) }));
  assert.deepEqual(f(ra), f(rb), `${label}: findings differ`);
  return ra.findings.length;
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

test('octoDNS test configs and the examples: the fast reader declines or gives yaml\'s nodes, zone and findings', async () => {
  const files = [...walk(path.join(CORPUS, 'config')), ...walk(path.join(CORPUS, 'config-semis')), ...walk(path.join(CORPUS, 'config-txt-none')), ...walk(EXAMPLES)];
  assert.ok(files.length > 50, `corpus files: ${files.length}`);
  let records = 0;
  let findings = 0;
  // Each file as it is, as saved on Windows (CRLF line ends), and with CRLF on every other line:
  // each variant is taken exactly when the file is, with yaml's nodes, zone and findings.
  const takenBy = { '': 0, ' (CRLF)': 0, ' (mixed line ends)': 0 };
  for (const p of files) {
    const lfText = fs.readFileSync(p, 'utf8');
    let k = 0;
    const variants = [
      ['', lfText],
      [' (CRLF)', lfText.replace(/\r?\n/g, '\r\n')],
      [' (mixed line ends)', lfText.replace(/\r?\n/g, () => (k++ % 2 ? '\r\n' : '\n'))],
    ];
    for (const [variant, text] of variants) {
      const label = p + variant;
      if (checkNodes(text, label)) takenBy[variant]++;
      if (octodnsKind(p, text) !== 'records') continue;
      const readFile = (abs) => (fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : undefined);
      const [a, b] = checkZone(p, text, label, { readFile, workspaceRoot: CORPUS });
      records += a.records.length;
      findings += await checkLint(a, b, label);
    }
  }
  const taken = takenBy[''];
  assert.deepEqual(takenBy, { '': taken, ' (CRLF)': taken, ' (mixed line ends)': taken }, 'CRLF files are taken as their LF versions are');
  // Not vacuous: most record files are in the subset, and they hold records and findings.
  assert.ok(taken >= files.length / 2, `fast reader took ${taken} of ${files.length}`);
  assert.ok(records > 100 && findings > 10, `records ${records}, findings ${findings}`);
});

test('generated zones (seeds 1-3): taken by the fast reader, same nodes, zone and findings', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'octo-fast-'));
  try {
    for (const seed of [1, 2, 3]) {
      const p = path.join(tmp, 'example.com.yaml');
      execFileSync(process.execPath, [GEN, String(200 + seed * 100), p, '--seed', String(seed)]);
      const lfText = fs.readFileSync(p, 'utf8');
      for (const text of [lfText, lfText.replace(/\n/g, '\r\n')]) {
        const label = `seed ${seed}${text === lfText ? '' : ' (CRLF)'}`;
        assert.ok(checkNodes(text, label), `${label}: the fast reader declined a generated zone`);
        const [a, b] = checkZone(p, text, label);
        assert.ok(a.records.length >= 200 + seed * 100, `${label}: ${a.records.length} records`);
        assert.ok((await checkLint(a, b, label)) > 0);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

// ---- fuzzing ----------------------------------------------------------------------------------

// Each pool: ordinary spellings (most draws) and odd ones (YAML 1.1 typed scalars, indicators,
// escapes, what the fast reader declines), so most files are taken and every shape is tried.
const NAMES = ['', 'www', 'mail', '_dmarc', 's1._domainkey', '_sip._tcp', 'host-1', 'a.b'];
const ODD_NAMES = ['a b', 'yes', 'y', 'null', '~', '1', '0x1f', '010', '1:30', '<<', '-x', 'k:v', 'é', 'x#y', '2001-12-14', '.5', 'True', 'on', 'n', '[x]', 'a: b'];
const TYPES = ['TXT', 'A', 'AAAA', 'MX', 'CNAME', 'SPF', 'SRV', 'CAA', 'NS', 'ALIAS'];
const ODD_TYPES = ['txt', 'A/B', '', 'null', '1'];
const VALUES = [
  'v=spf1 -all', 'v=spf1 include:_spf.google.com ~all', '"v=spf1 ~all"', 'v=DMARC1\\; p=none\\; rua=mailto:d@example.com', 'v=DMARC1; p=reject',
  'v=DKIM1\\; k=rsa\\; p=MIIBIjANBgkq', '192.0.2.1', '10.0.0.256', '2001:db8::1', 'mx.example.com.', 'mx.example.com', '.', '10', 'a:b', 'x"y', "it's", 'é ü', '-all',
];
const ODD_VALUES = [
  '010', '0x10', '0o7', '1:30', '1_000', '1e3', '.5', '-1', '+1', '2001-12-14', '2001-12-14t21:59:43.10-05:00', 'yes', 'No', 'off', '~', 'null', '', 'a: b', 'a #b', 'a#b',
  'tab\there', '\\\\;', '@', '`x`', '%x', '!x', '&a', '*a', '|', '>', '[a, b]', '{a: b}', '- x', '? x', ':x', 'x:', '.inf', '-.NaN', '0b101', '190:20:30.15',
];

const quoteSingle = (s) => `'${s.replace(/'/g, "''")}'`;
const quoteDouble = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t')}"`;

const scalarArb = (pool, odd = []) =>
  fc.tuple(
    odd.length ? fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fc.constantFrom(...odd) }) : fc.constantFrom(...pool),
    fc.oneof({ weight: 30, arbitrary: fc.constantFrom('plain', 'plain', 'plain', 'single', 'double') }, { weight: 1, arbitrary: fc.constant('raw-double') }),
  ).map(([v, style]) =>
    style === 'single' ? quoteSingle(v) : style === 'double' ? quoteDouble(v) : style === 'raw-double' ? `"${v}"` : v,
  );

const trailer = fc.oneof({ weight: 200, arbitrary: fc.constantFrom('', '', '', '', '', '', ' ', '   ', ' # note', '  #x') }, { weight: 1, arbitrary: fc.constant('#x') });
const gapArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant([]) },
  {
    weight: 1,
    arbitrary: fc.array(fc.tuple(fc.constantFrom('blank', 'comment', 'comment', 'spaces'), fc.integer({ min: 0, max: 10 })), { minLength: 1, maxLength: 3 }).map((g) =>
      g.map(([k, n]) => (k === 'blank' ? '' : k === 'spaces' ? ' '.repeat(n) : ' '.repeat(n) + '# c')),
    ),
  },
);

/** One record as lines at indentation 0 (the caller indents). */
const recordArb = fc.record({
  type: scalarArb(TYPES, ODD_TYPES),
  ttl: fc.option(scalarArb(['300', '3600'], ['-1', 'x', '', '0x10', '1:00']), { nil: undefined }),
  valueKey: fc.constantFrom('value', 'values', 'vaule', 'value', 'values'),
  values: fc.array(scalarArb(VALUES, ODD_VALUES), { minLength: 0, maxLength: 3 }),
  list: fc.constantFrom('inline', 'block', 'block', 'indentless', 'null'),
  map: fc.option(fc.array(fc.tuple(scalarArb(['exchange', 'preference', 'flags', 'tag', 'value', 'priority', 'weight', 'port', 'target']), scalarArb(VALUES, ODD_VALUES)), { minLength: 1, maxLength: 4 }), { nil: undefined }),
  octodns: fc.option(fc.constantFrom('lenient: true', 'ignored: true', 'lenient: yes', 'ignored: false'), { nil: undefined }),
  tr: fc.array(trailer, { minLength: 8, maxLength: 8 }),
  gaps: fc.array(gapArb, { minLength: 8, maxLength: 8 }),
  step: fc.integer({ min: 1, max: 4 }),
});

function recordLines(r) {
  const s = ' '.repeat(r.step);
  const L = [];
  const gap = (i) => L.push(...r.gaps[i]);
  L.push(`type: ${r.type}${r.tr[0]}`);
  gap(0);
  if (r.ttl !== undefined) L.push(`ttl: ${r.ttl}${r.tr[1]}`), gap(1);
  if (r.octodns) L.push('octodns:', `${s}${r.octodns}${r.tr[2]}`), gap(2);
  if (r.map) {
    L.push(`value:${r.tr[3]}`);
    for (const [k, v] of r.map) L.push(`${s}${k}: ${v}${r.tr[4]}`);
    gap(3);
  } else if (r.list === 'null' || r.values.length === 0) {
    L.push(`${r.valueKey}:${r.tr[5]}`);
    gap(4);
  } else if (r.list === 'inline') {
    L.push(`${r.valueKey}: ${r.values[0]}${r.tr[5]}`);
    gap(4);
  } else {
    L.push(`${r.valueKey}:${r.tr[6]}`);
    gap(5);
    const ind = r.list === 'indentless' ? '' : s;
    r.values.forEach((v, i) => {
      L.push(`${ind}-${i % 2 ? '   ' : ' '}${v}${r.tr[7]}`);
      if (i === 0) gap(6);
    });
    gap(7);
  }
  return L;
}

const fileArb = fc.record({
  start: fc.oneof({ weight: 12, arbitrary: fc.constantFrom('', '---\n', '--- # zone\n', '# header\n', '\n') }, { weight: 1, arbitrary: fc.constantFrom('---\n---\n', '%YAML 1.1\n---\n', '--- x\n') }),
  entries: fc.array(
    fc.record({
      name: scalarArb(NAMES, ODD_NAMES),
      records: fc.array(recordArb, { minLength: 1, maxLength: 3 }),
      asList: fc.boolean(),
      step: fc.integer({ min: 1, max: 4 }),
      gap: gapArb,
      tr: trailer,
    }),
    { minLength: 1, maxLength: 5 },
  ),
  end: fc.oneof({ weight: 12, arbitrary: fc.constantFrom('', '\n', '\n\n', ' # end', '\n# end\n', '\n  # end\n', '\n   ') }, { weight: 1, arbitrary: fc.constantFrom('\n...\n', '\n---\n') }),
}).map(({ start, entries, end }) => {
  const L = [];
  for (const e of entries) {
    L.push(...e.gap);
    L.push(`${e.name === '' ? "''" : e.name}:${e.tr}`);
    const s = ' '.repeat(e.step);
    if (!e.asList && e.records.length === 1) for (const l of recordLines(e.records[0])) L.push(l === '' || l.trimStart().startsWith('#') ? l : s + l);
    else
      for (const r of e.records) {
        const lines = recordLines(r);
        lines.forEach((l, i) => {
          if (i === 0) L.push(`${s}- ${l}`);
          else L.push(l === '' ? l : l.trimStart().startsWith('#') ? s + l : `${s}  ${l}`);
        });
      }
  }
  return start + L.join('\n') + end;
});

const mutationArb = fc.array(
  fc.tuple(fc.constantFrom('insert', 'delete', 'dupline', 'indent', 'dedent', 'joinline'), fc.nat(), fc.constantFrom(' ', '\n', ':', '#', '-', "'", '"', '\\', '\t', '\r', '&', '*', '!', '|', '>', '[', '{', '?', ',', 'x', '0', '\u00e9', '\u2028', '\ufeff')),
  { maxLength: 3 },
);

function mutate(text, muts) {
  let t = text;
  for (const [op, at, ch] of muts) {
    const i = t.length ? at % (t.length + 1) : 0;
    const ls = t.lastIndexOf('\n', i - 1) + 1;
    let le = t.indexOf('\n', i);
    if (le < 0) le = t.length;
    if (op === 'insert') t = t.slice(0, i) + ch + t.slice(i);
    else if (op === 'delete') t = t.slice(0, i) + t.slice(i + 1);
    else if (op === 'dupline') t = t.slice(0, le) + '\n' + t.slice(ls, le) + t.slice(le);
    else if (op === 'indent') t = t.slice(0, ls) + ' ' + t.slice(ls);
    else if (op === 'dedent') t = t.charAt(ls) === ' ' ? t.slice(0, ls) + t.slice(ls + 1) : t;
    else if (op === 'joinline') t = le < t.length ? t.slice(0, le) + t.slice(le + 1) : t;
  }
  return t;
}

test('fuzzed octoDNS-like files and mutations: the fast reader declines or gives yaml\'s nodes and zone', () => {
  let runs = 0;
  let taken = 0;
  fc.assert(
    fc.property(fileArb, mutationArb, (text, muts) => {
      let k = 0;
      const mixed = text.replace(/\n/g, () => (k++ % 2 ? '\r\n' : '\n'));
      for (const t of [text, mutate(text, muts), text.replace(/\n/g, '\r\n'), mixed]) {
        runs++;
        if (checkNodes(t, 'fuzz')) taken++;
        checkZone('/ws/example.com.yaml', t, `fuzz:\n${t}`);
      }
    }),
    { numRuns: Number(process.env.FASTPATH_RUNS ?? 1500), seed: Number(process.env.FASTPATH_SEED ?? 20261122) },
  );
  // The grammar must exercise the fast path, not only its declines.
  assert.ok(taken > runs * 0.25, `fast reader took ${taken} of ${runs}`);
});

test('fast reader declines what it does not model (yaml reads those)', () => {
  const declined = [
    "a: &x 1\nb: *x\n", "a: !include x.yaml\n", "a: |\n  x\n", "a: >\n  x\n", "a: [1, 2]\n", "a: {b: 1}\n", "? a\n: b\n",
    "a:\n  b: 1\n  <<: {c: 2}\n", "%YAML 1.1\n---\na: 1\n", "a: 1\n---\nb: 2\n", "a:\tb\n", "a: b\rc: d\n", "a: b\r", "a: 'x\n  y'\n", "a: x\n  y\n",
    "a: b: c\n", "- a\n", "x\n", "", "# only a comment\n", "a:\n  x\n", "a: \"\\q\"\n", "a: 1\n b: 2\n", "a:\n- - x\n", "a: # c\nb: 1\n",
  ];
  for (const t of declined) assert.equal(fastYaml(t), undefined, JSON.stringify(t));
  // And takes the ordinary shapes.
  for (const t of ["a: 1\n", "a: b\r\nc:\r\n  - 1  # x\r\n", "'':\n  type: TXT\n  value: v=spf1 -all\n", "a:\n- 1\n- 2\nb: x\n", "a:\n  - type: A  # c\n    value: 1.2.3.4\n"]) {
    assert.ok(checkNodes(t, JSON.stringify(t)), `declined ${JSON.stringify(t)}`);
  }
});

/** Reference byte → raw-index map of octoDNS presentation escapes (txt.ts keeps it sparse). */
function naiveByteToRaw(raw) {
  const map = [];
  for (let i = 0; i < raw.length; ) {
    const c = raw.charCodeAt(i);
    if (c < 128 && !(c === 92 && i + 1 < raw.length)) {
      map.push(i++);
      continue;
    }
    let len;
    let ch;
    if (c === 92 && /^[0-9]{3}$/.test(raw.slice(i + 1, i + 4))) {
      map.push(i);
      i += 4;
      continue;
    }
    if (c === 92) {
      ch = String.fromCodePoint(raw.codePointAt(i + 1));
      len = 1 + ch.length;
    } else {
      ch = String.fromCodePoint(raw.codePointAt(i));
      len = ch.length;
    }
    const cp = ch.codePointAt(0);
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) map.push(i);
    i += len;
  }
  map.push(raw.length);
  return map;
}

test('TXT values with escapes and non-ASCII: every published byte maps to the source character that made it', () => {
  const unit = fc.constantFrom('a', 'b', ';', '\\;', '\\\\', '\\059', '\\12', '\\999', 'é', '€', '😀', ' ', 'x', 'v=DKIM1', 'p=');
  fc.assert(
    fc.property(fc.array(unit, { minLength: 1, maxLength: 20 }), fc.constantFrom('plain', 'single', 'double'), (parts, style) => {
      const raw = parts.join('').trim() || 'x';
      if (style === 'plain' && /^[-?:,[\]{}#&*!|>'"%@`]/.test(raw)) return;
      const written = style === 'single' ? quoteSingle(raw) : style === 'double' ? quoteDouble(raw) : raw;
      const text = `'':\n  type: TXT\n  value: ${written}\n`;
      const [a] = checkZone('/ws/example.com.yaml', text, text);
      const r = a.records[0];
      assert.ok(r && r.strings, text);
      const t = r.meta.txt;
      assert.equal(t.raw, raw, text);
      const map = naiveByteToRaw(raw);
      assert.equal(map.length, r.strings[0].value.length + 1, text);
      for (let i = 0; i < map.length; i++) assert.equal(r.strings[0].sourceOffset(i), t.rawOffset(map[i]), `${text} byte ${i}`);
    }),
    { numRuns: 1500, seed: 7 },
  );
});
