#!/usr/bin/env node
// The editor's edit path in-process, without the server: reparseZone + IncrementalLinter on a zone,
// N one-character edits at an SPF qualifier in the middle of the file, medians of each part.
// Usage: node bench/typing.mjs [zone file] [N] [--same-length]
//   default zone: bench/out/zone-100k.zone (npm run bench generates it); N: 200.
//   Typing (default): insert a character, delete it — every later record moves.
//   --same-length: `~` ↔ `-` — nothing moves.
// ROOT=<checkout> measures another build (its dist/engine.js) on the same file.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const same = process.argv.includes('--same-length');
const E = require(path.join(process.env.ROOT ?? path.resolve(here, '..'), 'dist/engine.js'));
const file = path.resolve(args[0] ?? path.join(here, 'out/zone-100k.zone'));
const N = Number(args[1] ?? 200);
let text = fs.readFileSync(file, 'utf8');
let zone = E.parseZone(new E.SourceFile(file, text), { origin: 'example.com.' });
const OPTS = { options: { dns: 'off' } };
const linter = new E.IncrementalLinter();
await linter.lint(zone, OPTS);
const at = text.indexOf('~all', text.length >> 1);
if (at < 0) {
  process.stderr.write('no `~all` in the second half of the file\n');
  process.exit(2);
}
const T = { reparse: [], lint: [], records: [], finish: [], copied: [] };
for (let i = 0; i < N; i++) {
  const first = i % 2 === 0;
  const change = same ? { start: at, end: at + 1, newLength: 1 } : first ? { start: at, end: at, newLength: 1 } : { start: at, end: at + 1, newLength: 0 };
  const next = same ? text.slice(0, at) + (first ? '-' : '~') + text.slice(at + 1) : first ? text.slice(0, at) + 'x' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
  const t0 = performance.now();
  zone = E.reparseZone(zone, new E.SourceFile(file, next), change);
  const t1 = performance.now();
  const r = await linter.lint(zone, OPTS);
  const t2 = performance.now();
  text = next;
  T.reparse.push(t1 - t0);
  T.lint.push(t2 - t1);
  T.records.push(r.stats.recordMs);
  T.finish.push(r.stats.ms - r.stats.recordMs - r.stats.zoneMs);
  T.copied.push(r.stats.copied ?? 0);
}
const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
console.log(
  `${path.basename(file)}, ${N} ${same ? 'same-length' : 'typing'} edits, medians: reparse ${med(T.reparse).toFixed(2)} ms, lint ${med(T.lint).toFixed(2)} ms ` +
    `(record pass ${med(T.records).toFixed(2)}, finishing ${med(T.finish).toFixed(2)}), records copied without a visit ${med(T.copied)}`,
);
