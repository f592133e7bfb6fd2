#!/usr/bin/env node
// One measurement in its own process, so its peak RSS is its own.
// Usage: node bench/child.mjs <mode> <file> [origin]
//   mode: parse | lint | octodns-parse | octodns-lint | dns-zonefile
// Prints one JSON line: { ms, parseMs, lintMs, records, findings, ruleErrors, maxRssKB, error? }.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [mode, file, origin = 'example.com.'] = process.argv.slice(2);

function out(o) {
  o.maxRssKB = process.resourceUsage().maxRSS;
  process.stdout.write(JSON.stringify(o) + '\n');
}

async function main() {
  const t0 = performance.now();
  // Reading the file is part of the work every tool does.
  const text = fs.readFileSync(file, 'utf8');
  if (mode === 'dns-zonefile') {
    const zf = require('dns-zonefile').default ?? require('dns-zonefile');
    const r = zf.parse(text);
    let records = 0;
    for (const v of Object.values(r)) if (Array.isArray(v)) records += v.length;
    if (r.soa) records++;
    const ms = performance.now() - t0;
    return out({ ms, parseMs: ms, records });
  }
  const engine = require(path.join(root, 'dist/engine.js'));
  // Lint as the CLI lints: its heap setting, and no fixes kept (its text and JSON reports print none).
  if (mode.endsWith('lint')) engine.batchHeap();
  const abs = path.resolve(file);
  const sf = new engine.SourceFile(abs, text);
  const tp = performance.now();
  const zone = mode.startsWith('octodns')
    ? engine.parseOctodns(sf, { origin })
    : engine.parseZone(sf, { origin, workspaceRoot: path.dirname(abs), readFile: (p) => { try { return fs.readFileSync(p, 'utf8'); } catch { return undefined; } } });
  const parseMs = performance.now() - tp;
  const res = { parseMs, records: zone.records.length, problems: zone.problems.length };
  if (mode === 'lint' || mode === 'octodns-lint') {
    const tl = performance.now();
    const run = await engine.lintZone(zone, { options: { dns: 'off', fixes: false } });
    res.lintMs = performance.now() - tl;
    res.findings = run.findings.length;
    res.ruleErrors = run.ruleErrors.map((e) => `${e.rule}: ${String(e.error?.message ?? e.error).slice(0, 200)}`);
    const byRule = {};
    for (const f of run.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    res.byRule = byRule;
  }
  res.ms = performance.now() - t0;
  out(res);
}

main().catch((e) => {
  out({ error: String(e?.stack ?? e).split('\n').slice(0, 3).join(' | ') });
  process.exitCode = 1;
});
