#!/usr/bin/env node
// mailzone's benchmark against its peers, side by side on the same generated files.
//   npm run bench              10k, 100k and 1M-record zones + a 10k-record octoDNS file, then editor latency
//   npm run bench -- --quick   10k only (smoke run)
//   options: --runs N (default 5; 3 for 1M), --no-latency, --sizes 10000,100000
// Every measurement is one child process, timed from outside (wall clock) with its peak RSS from
// /usr/bin/time (%M), so node's startup counts against mailzone as a C tool's startup counts against it.
// Writes the markdown table to stdout and bench/out/results.md (+ results.json).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const outDir = path.join(here, 'out');
const shared = path.resolve(root, '../shared/bench');
fs.mkdirSync(outDir, { recursive: true });

const args = process.argv.slice(2);
const flag = (k) => args.includes(k);
const opt = (k, d) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : d;
};
const quick = flag('--quick');
const sizes = opt('--sizes', quick ? '10000' : '10000,100000,1000000').split(',').map(Number);
const runsOpt = opt('--runs', undefined);
const TIMEOUT_MS = Number(opt('--timeout', 600)) * 1000;
const log = (...a) => process.stderr.write(a.join(' ') + '\n');

const label = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

function generate(kind, n) {
  const ext = kind === 'zone' ? 'zone' : 'yaml';
  const file = path.join(outDir, `${kind}-${label(n)}.${ext}`);
  const meta = file + '.json';
  if (!fs.existsSync(file) || !fs.existsSync(meta)) {
    log(`generating ${path.basename(file)} …`);
    const gen = path.join(shared, kind === 'zone' ? 'gen-zone.mjs' : 'gen-octodns.mjs');
    const r = spawnSync(process.execPath, [gen, String(n), file, '--seed', '1'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`generator failed for ${file}`);
  }
  const m = JSON.parse(fs.readFileSync(meta, 'utf8'));
  return { file, n, records: m.records, bytes: fs.statSync(file).size };
}

const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();

function version(cmd, a) {
  const r = spawnSync(cmd, a, { encoding: 'utf8' });
  return (r.stdout + r.stderr).trim().split('\n')[0];
}

/** One timed child process. */
function measure(cmd, cmdArgs) {
  const tfile = path.join(outDir, `.time-${process.pid}`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-o', tfile, '-f', '%e %M %U %S', cmd, ...cmdArgs], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 64 << 20,
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  let rssKB;
  let cpuMs;
  try {
    const line = fs.readFileSync(tfile, 'utf8').trim().split('\n').pop();
    const parts = line.split(' ');
    rssKB = Number(parts[1]);
    cpuMs = (Number(parts[2]) + Number(parts[3])) * 1000;
    fs.rmSync(tfile);
  } catch {}
  if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM') return { wallMs, rssKB, cpuMs, error: `timeout after ${TIMEOUT_MS / 1000} s` };
  let json;
  const lastLine = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (lastLine.startsWith('{')) {
    try {
      json = JSON.parse(lastLine);
    } catch {}
  }
  if (json?.error) return { wallMs, rssKB, error: json.error.split(' | ')[0], json };
  if (r.status !== 0) return { wallMs, rssKB, error: `exit ${r.status}: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-2).join(' ')}`, json };
  return { wallMs, rssKB, cpuMs, json, stdout: r.stdout };
}

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Runs every tool on one input, round-robin (run 1 of each tool, then run 2 …), so changing load on
 * the machine hits every tool alike. A tool that fails stops; one that takes over a minute runs once.
 */
function benchAll(entries, runs) {
  const state = entries.map(([name, cmd, cmdArgs]) => ({ name, cmd, cmdArgs, samples: [], error: undefined, done: false }));
  for (let i = 0; i < runs; i++) {
    for (const st of state) {
      if (st.done) continue;
      const m = measure(st.cmd, st.cmdArgs);
      if (m.error) {
        log(`  ${st.name}: ${m.error}`);
        st.error = m.error;
        st.done = true;
        continue;
      }
      st.samples.push(m);
      if (m.wallMs > 60_000) st.done = true;
    }
  }
  return state.map((st) => {
    if (st.error) return { name: st.name, error: st.error };
    const s = st.samples;
    const wallMs = median(s.map((x) => x.wallMs));
    const cpuMs = median(s.map((x) => x.cpuMs ?? NaN));
    const rssKB = Math.max(...s.map((x) => x.rssKB ?? 0));
    const inProc = s.every((x) => x.json?.ms != null) ? median(s.map((x) => x.json.ms)) : undefined;
    log(`  ${st.name}: ${(wallMs / 1000).toFixed(3)} s wall, ${(cpuMs / 1000).toFixed(3)} s CPU, ${(rssKB / 1024).toFixed(0)} MB (${s.length} run${s.length > 1 ? 's' : ''})`);
    return { name: st.name, wallMs, cpuMs, rssKB, runs: s.length, inProcMs: inProc, info: s[s.length - 1].json };
  });
}

const child = path.join(here, 'child.mjs');
const cli = path.join(root, 'dist/cli.js');
const node = process.execPath;
const tools = {
  'mailzone parse': (f, origin) => [node, [child, 'parse', f, origin]],
  'mailzone parse+lint': (f, origin) => [node, [child, 'lint', f, origin]],
  // The command a user runs in CI, report written (to /dev/null): exit 1 (errors found) is success here.
  'mailzone CLI --format json': (f, origin) => ['/bin/sh', ['-c', '"$0" "$@" >/dev/null; [ $? -le 1 ]', node, cli, 'lint', '--offline', '--origin', origin, '--format', 'json', f]],
  'named-checkzone': (f, origin) => [which('named-checkzone'), ['-q', origin, f]],
  kzonecheck: (f, origin) => [which('kzonecheck'), ['-o', origin, f]],
  'dns-zonefile (npm)': (f, origin) => [node, [child, 'dns-zonefile', f, origin]],
};

const engineBuilt = fs.existsSync(path.join(root, 'dist/engine.js'));
if (!engineBuilt) log('dist/engine.js missing: run `npm run build` first (npm run bench does)');

const loadStart = os.loadavg()[0];
const results = [];
const origin = 'example.com.';
for (const n of sizes) {
  const z = generate('zone', n);
  const runs = Number(runsOpt ?? (n >= 1e6 ? 3 : 5));
  log(`zone ${label(n)}: ${z.records} records, ${(z.bytes / 1e6).toFixed(1)} MB, ${runs} runs`);
  const entries = [];
  for (const [name, mk] of Object.entries(tools)) {
    const [cmd, a] = mk(z.file, origin);
    if (!cmd) results.push({ input: `zone ${label(n)}`, z, name, error: 'not installed' });
    else entries.push([name, cmd, a]);
  }
  for (const r of benchAll(entries, runs)) results.push({ input: `zone ${label(n)}`, z, ...r });
}

// octoDNS: 10k-record file, parse and parse+lint.
const y = generate('octodns', 10000);
log(`octoDNS 10k: ${y.records} records, ${(y.bytes / 1e6).toFixed(1)} MB`);
for (const r of benchAll([
  ['mailzone parse', node, [child, 'octodns-parse', y.file, origin]],
  ['mailzone parse+lint', node, [child, 'octodns-lint', y.file, origin]],
], Number(runsOpt ?? 5))) results.push({ input: 'octoDNS 10k', z: y, ...r });
// The same file saved with CRLF line ends (as on Windows).
const yCrlf = { ...y, file: y.file.replace(/\.yaml$/, '-crlf.yaml') };
fs.writeFileSync(yCrlf.file, fs.readFileSync(y.file, 'utf8').replace(/\n/g, '\r\n'));
yCrlf.bytes = fs.statSync(yCrlf.file).size;
for (const r of benchAll([['mailzone parse+lint', node, [child, 'octodns-lint', yCrlf.file, origin]]], Number(runsOpt ?? 5)))
  results.push({ input: 'octoDNS 10k, CRLF', z: yCrlf, ...r });

// ---- report
const mb = (b) => b / 1e6;
const fmtS = (ms) => (ms >= 10_000 ? (ms / 1000).toFixed(1) : (ms / 1000).toFixed(3)) + ' s';
const lines = [];
lines.push('| input | tool | records read | wall (median) | CPU (user+sys) | in-process | MB/s (wall) | peak RSS | wall ÷ named | CPU ÷ named | RSS ÷ named |');
lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const namedOf = (input) => results.find((r) => r.input === input && r.name === 'named-checkzone' && !r.error);
for (const r of results) {
  const named = namedOf(r.input);
  if (r.error) {
    lines.push(`| ${r.input} (${mb(r.z.bytes).toFixed(1)} MB) | ${r.name} | — | ${r.error.replace(/\|/g, '\\|').slice(0, 120)} | | | | | | | |`);
    continue;
  }
  const recs = r.info?.records != null ? String(r.info.records) : r.name.startsWith('named') || r.name === 'kzonecheck' ? `${r.z.records}¹` : '—';
  const tput = mb(r.z.bytes) / (r.wallMs / 1000);
  lines.push(
    `| ${r.input} (${mb(r.z.bytes).toFixed(1)} MB) | ${r.name} | ${recs} | ${fmtS(r.wallMs)} | ${fmtS(r.cpuMs)} | ${r.inProcMs != null ? fmtS(r.inProcMs) : ''} | ${tput.toFixed(1)} | ${(r.rssKB / 1024).toFixed(0)} MB | ${named ? (r.wallMs / named.wallMs).toFixed(2) : ''} | ${named ? (r.cpuMs / named.cpuMs).toFixed(2) : ''} | ${named ? (r.rssKB / named.rssKB).toFixed(2) : ''} |`,
  );
}

// Targets from issue 7.
const targets = [];
const big = sizes.includes(1e6) ? 'zone 1M' : `zone ${label(Math.max(...sizes))}`;
const lint = results.find((r) => r.input === big && r.name === 'mailzone parse+lint');
const named = namedOf(big);
const verdict = (ok) => (ok ? '**met**' : '**missed**');
if (lint && !lint.error && named) {
  const ratio = lint.wallMs / named.wallMs;
  targets.push(`| parse+lint ${big} ≤ ⅓ of named-checkzone's wall time | ${fmtS(lint.wallMs)} vs ${fmtS(named.wallMs)} (×${ratio.toFixed(2)}; CPU ×${(lint.cpuMs / named.cpuMs).toFixed(2)}) | ${verdict(ratio <= 1 / 3)} |`);
  const tput = mb(lint.z.bytes) / (lint.wallMs / 1000);
  targets.push(`| parse+lint ${big} ≥ 100 MB/s | ${tput.toFixed(1)} MB/s | ${verdict(tput >= 100)} |`);
  const mr = lint.rssKB / named.rssKB;
  targets.push(`| peak memory ≤ 2× named-checkzone's | ${(lint.rssKB / 1024).toFixed(0)} MB vs ${(named.rssKB / 1024).toFixed(0)} MB (×${mr.toFixed(2)}) | ${verdict(mr <= 2)} |`);
} else {
  targets.push(`| parse+lint ${big} vs named-checkzone | ${lint?.error ?? 'not measured'} | **not measured** |`);
}
const oct = results.find((r) => r.input === 'octoDNS 10k' && r.name === 'mailzone parse+lint');
if (oct && !oct.error) targets.push(`| octoDNS 10k-record file parse+lint < 1 s | ${fmtS(oct.wallMs)} | ${verdict(oct.wallMs < 1000)} |`);
else targets.push(`| octoDNS 10k-record file parse+lint < 1 s | ${oct?.error ?? 'not measured'} | **not measured** |`);

// Editor latency through the real server.
let latency = '';
if (!flag('--no-latency')) {
  const r = spawnSync(node, [path.join(here, 'latency.mjs'), ...(quick ? ['--quick'] : [])], { encoding: 'utf8', timeout: 15 * 60_000, stdio: ['ignore', 'pipe', 'inherit'] });
  latency = (r.stdout ?? '').trim() || `latency benchmark failed (exit ${r.status}${r.error ? ', ' + r.error.message : ''})`;
}

const cpu = os.cpus();
const machine = [
  `- CPU: ${cpu[0]?.model ?? '?'} × ${cpu.length}, RAM ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
  `- Node ${process.version}; ${version('named-checkzone', ['-v'])} (named-checkzone); kzonecheck ${version('kzonecheck', ['-V']).replace(/^kzonecheck,?\s*/i, '')}; dns-zonefile ${JSON.parse(fs.readFileSync(path.join(root, 'node_modules/dns-zonefile/package.json'), 'utf8')).version}`,
  `- Runs are interleaved (run 1 of every tool, then run 2 …). Wall time: median of ${runsOpt ?? '5 (3 for 1M)'} runs of a fresh process each (startup included), timed from outside; peak RSS from \`/usr/bin/time -f %M\`. "in-process" is mailzone's own read+parse(+lint) time without node's startup. mailzone lint: all rules, \`dns: 'off'\`.`,
  `- Load average (1 min) at start ${loadStart.toFixed(1)}, at end ${os.loadavg()[0].toFixed(1)} on ${cpu.length} cores: other work on the machine slows every tool alike; compare the ratios.`,
  `- ¹ named-checkzone and kzonecheck print no record count; the generator's count is shown.`,
];

const md = [
  `## Benchmark (${new Date().toISOString().slice(0, 10)}${quick ? ', --quick' : ''})`,
  '',
  ...machine,
  '',
  ...lines,
  '',
  '### Targets (issue 7)',
  '',
  '| target | measured | |',
  '|---|---|---|',
  ...targets,
  '',
  latency,
  '',
].join('\n');
process.stdout.write(md);
fs.writeFileSync(path.join(outDir, 'results.md'), md);
fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results.map(({ z, ...r }) => ({ ...r, file: path.basename(z.file), bytes: z.bytes, generated: z.records })), null, 1));
