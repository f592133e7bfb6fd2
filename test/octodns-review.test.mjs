// Review of the octoDNS reader against octoDNS's own loader (octodns/yaml.py, provider/yaml.py,
// record/*.py): files octoDNS writes or reads that mailzone missed or read differently.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SourceFile, parseOctodns, octodnsKind, lintZone, detectKind } from '../dist/engine.js';

const lines = (...l) => l.join('\n') + '\n';
const parse = (text, p = '/ws/example.com.yaml', opts = {}) => parseOctodns(new SourceFile(p, text), opts);
const lint = async (zone) => (await lintZone(zone, { options: { dns: 'off' } })).findings;
const ofRule = (findings, id) => findings.filter((f) => f.rule === id);
const syntax = (z) => z.problems.filter((p) => p.rule === 'octodns/syntax');
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
