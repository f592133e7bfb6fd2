#!/usr/bin/env node
// What any JavaScript zone reader must at least spend on a file, with no record and no rule:
// read it, decode it, find its lines and tokens, and make one string per token.
// Usage: node bench/floor.mjs <zone file>   (npm run bench generates bench/out/zone-1M.zone)
// It bounds what `parse + lint ≥ 100 MB/s` (issue 7) leaves for the real work.
import fs from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node bench/floor.mjs <zone file>\n');
  process.exit(2);
}
const t0 = performance.now();
const buf = fs.readFileSync(file);
const t1 = performance.now();
const text = buf.toString('latin1');
const t2 = performance.now();
// Lines and tokens over the bytes, nothing allocated.
let lines = 0;
let tokens = 0;
let inTok = false;
for (let i = 0; i < buf.length; i++) {
  const c = buf[i];
  if (c === 10) {
    lines++;
    inTok = false;
  } else if (c === 32 || c === 9) inTok = false;
  else if (!inTok) {
    inTok = true;
    tokens++;
  }
}
const t3 = performance.now();
// The same over the string, with one string per token (what any record model keeps at least).
let chars = 0;
let start = -1;
for (let i = 0; i <= text.length; i++) {
  const c = i < text.length ? text.charCodeAt(i) : 10;
  if (c === 10 || c === 32 || c === 9) {
    if (start >= 0) {
      chars += text.slice(start, i).length;
      start = -1;
    }
  } else if (start < 0) start = i;
}
const t4 = performance.now();
const mb = buf.length / 1e6;
const ms = (a, b) => `${(b - a).toFixed(0)} ms`;
process.stdout.write(
  `${file}: ${mb.toFixed(1)} MB, ${lines} lines, ${tokens} tokens (${chars} characters in tokens)\n` +
    `  read ${ms(t0, t1)}, decode ${ms(t1, t2)}, scan bytes for lines and tokens ${ms(t2, t3)}, one string per token ${ms(t3, t4)}\n` +
    `  total ${ms(t0, t4)}: at 100 MB/s the whole parse + lint may take ${(mb * 10).toFixed(0)} ms\n`,
);
