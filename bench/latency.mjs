#!/usr/bin/env node
// Editor latency through the real language server over stdio (a benchmark client, not an editor).
//   node bench/latency.mjs [--quick] [--edits N] [--sizes 1000,100000] [--server-prof]
// Starts `node dist/server.js --stdio`, opens a 1k-record and a 100k-record zone (10k only with
// --quick), then makes one-character edits and measures edit → the first publishDiagnostics for the
// new version (median, p95), and hover round trips on an SPF record. Prints a markdown section.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const outDir = path.join(here, 'out');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const EDITS = Number(args[args.indexOf('--edits') + 1] || 0) || (quick ? 10 : 30);
const log = (...a) => process.stderr.write(a.join(' ') + '\n');

const server = path.join(root, 'dist/server.js');

class Client {
  constructor() {
    // --server-prof: CPU profile of the server into bench/out/prof (to see where edit latency goes).
    const prof = args.includes('--server-prof') ? ['--cpu-prof', '--cpu-prof-dir', path.join(outDir, 'prof')] : [];
    this.proc = spawn(process.execPath, [...prof, server, '--stdio'], { cwd: outDir, stdio: ['pipe', 'pipe', 'pipe'] });
    this.parts = [];
    this.have = 0;
    this.need = 0;
    this.id = 0;
    this.pending = new Map();
    this.listeners = new Set();
    this.stderr = '';
    this.exited = new Promise((res) => this.proc.on('exit', (code, sig) => res({ code, sig })));
    this.proc.stderr.on('data', (d) => (this.stderr = (this.stderr + d).slice(-4000)));
    this.proc.stdout.on('data', (d) => this.onData(d));
  }
  onData(d) {
    // Chunks are joined only once a whole message is there: a 18 MB publishDiagnostics arrives in
    // hundreds of chunks, and joining on every chunk made the client itself quadratic.
    this.parts.push(d);
    this.have += d.length;
    if (this.need > 0 && this.have < this.need) return;
    let buf = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    this.need = 0;
    for (;;) {
      const h = buf.indexOf('\r\n\r\n');
      if (h < 0) break;
      const m = /Content-Length: *(\d+)/i.exec(buf.subarray(0, h).toString());
      const len = Number(m?.[1] ?? 0);
      if (buf.length < h + 4 + len) {
        this.need = h + 4 + len;
        break;
      }
      const msg = JSON.parse(buf.subarray(h + 4, h + 4 + len).toString('utf8'));
      buf = buf.subarray(h + 4 + len);
      this.onMessage(msg);
    }
    this.parts = [buf];
    this.have = buf.length;
  }
  onMessage(msg) {
    const t = performance.now();
    if (msg.id != null && (msg.result !== undefined || msg.error) && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      msg.error ? p.reject(new Error(msg.error.message)) : p.resolve(msg.result);
      return;
    }
    if (msg.id != null && msg.method) {
      // Server → client request (configuration, registerCapability, workDoneProgress …).
      let result = null;
      if (msg.method === 'workspace/configuration') result = (msg.params?.items ?? []).map(() => ({ dns: { lookups: 'off' } }));
      this.send({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    // MAILZONE_TIMING=1 (inherited by the server): show the server's own split of each lint.
    if (process.env.MAILZONE_TIMING === '1' && msg.method === 'window/logMessage' && /timing/.test(msg.params?.message ?? '')) log(msg.params.message);
    for (const l of this.listeners) l(msg, t);
  }
  send(obj) {
    const s = JSON.stringify(obj);
    this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`);
  }
  request(method, params, timeoutMs = 120_000) {
    const id = ++this.id;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }
  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }
  /** Resolves with the time of the first publishDiagnostics for `uri` accepted by `accept`. */
  waitDiagnostics(uri, accept, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(l);
        reject(new Error(`no diagnostics for ${path.basename(uri)} in ${timeoutMs} ms`));
      }, timeoutMs);
      const l = (msg, t) => {
        if (msg.method !== 'textDocument/publishDiagnostics' || msg.params.uri !== uri) return;
        if (!accept(msg.params)) return;
        clearTimeout(timer);
        this.listeners.delete(l);
        resolve({ t, params: msg.params });
      };
      this.listeners.add(l);
    });
  }
}

const pct = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function ensureZone(n) {
  const label = n >= 1000 ? `${n / 1000}k` : String(n);
  const file = path.join(outDir, `zone-${label}.zone`);
  if (!fs.existsSync(file)) {
    const r = spawnSync(process.execPath, [path.resolve(root, '../shared/bench/gen-zone.mjs'), String(n), file, '--seed', '1'], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error('generator failed');
  }
  return file;
}

async function measureZone(client, sync, n) {
  const file = ensureZone(n);
  let text = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  let version = 1;
  const opened = client.waitDiagnostics(uri, () => true, 300_000);
  const t0 = performance.now();
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dns-zone', version, text } });
  const first = await opened;
  const openMs = first.t - t0;
  const diagCount = first.params.diagnostics.length;
  // The server publishes the most severe findings (setting mailzone.maxNumberOfProblems, 1000 by
  // default, as VS Code shows) and a note that counts the others.
  const note = first.params.diagnostics.find((d) => !d.code && /more are not shown/.test(d.message));
  const findingCount = diagCount - (note ? 1 : 0) + (note ? Number(/(\d+) more are not shown/.exec(note.message)[1]) : 0);

  // The edit site: the first SPF record's "~all" (flip ~ ↔ -), which changes findings, and its
  // hover position on "include:" of the same line.
  const lines = text.split('\n');
  let line = lines.findIndex((l) => /"v=spf1 .*[~-]all"/.test(l) && !l.startsWith('@'));
  if (line < 0) line = lines.findIndex((l) => l.includes('v=spf1'));
  const col = lines[line].search(/[~-]all"/);
  const hoverCol = lines[line].indexOf('include:') >= 0 ? lines[line].indexOf('include:') + 2 : lines[line].indexOf('v=spf1') + 2;
  const lineStart = lines.slice(0, line).reduce((a, l) => a + l.length + 1, 0);

  const editMs = [];
  const edits = EDITS;
  for (let i = 0; i < edits; i++) {
    const ch = text[lineStart + col] === '~' ? '-' : '~';
    text = text.slice(0, lineStart + col) + ch + text.slice(lineStart + col + 1);
    version++;
    const v = version;
    const waiting = client.waitDiagnostics(uri, (p) => p.version === undefined || p.version === null || p.version >= v, 120_000);
    const te = performance.now();
    const change =
      sync === 2
        ? [{ range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: ch }]
        : [{ text }];
    client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: change });
    const got = await waiting;
    editMs.push(got.t - te);
    await sleep(20);
  }

  // Typing: insert a character before the qualifier, then delete it again (every record after
  // the edit moves by one character; with full-text sync the same texts are sent whole).
  const typeMs = [];
  for (let i = 0; i < edits; i++) {
    const ins = i % 2 === 0;
    const at = lineStart + col;
    text = ins ? text.slice(0, at) + 'x' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    version++;
    const v = version;
    const waiting = client.waitDiagnostics(uri, (p) => p.version === undefined || p.version === null || p.version >= v, 120_000);
    const te = performance.now();
    const range = { start: { line, character: col }, end: { line, character: ins ? col : col + 1 } };
    const change = sync === 2 ? [{ range, text: ins ? 'x' : '' }] : [{ text }];
    client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: change });
    const got = await waiting;
    typeMs.push(got.t - te);
    await sleep(20);
  }

  const hoverMs = [];
  let hoverEmpty = 0;
  for (let i = 0; i < edits; i++) {
    const th = performance.now();
    const h = await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: hoverCol } });
    hoverMs.push(performance.now() - th);
    if (!h) hoverEmpty++;
  }
  client.notify('textDocument/didClose', { textDocument: { uri } });
  return { n, bytes: Buffer.byteLength(text), openMs, diagCount, findingCount, editMs, typeMs, hoverMs, hoverEmpty };
}

async function main() {
  if (!fs.existsSync(server)) {
    process.stdout.write('### Editor latency\n\nNot measured: dist/server.js does not exist (run `npm run build`).\n');
    return;
  }
  fs.mkdirSync(outDir, { recursive: true });
  const client = new Client();
  const init = await Promise.race([
    client.request('initialize', { processId: process.pid, rootUri: pathToFileURL(outDir).href, capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown', 'plaintext'] } }, workspace: { configuration: true } }, workspaceFolders: null }, 30_000),
    client.exited.then((e) => {
      throw new Error(`server exited (${e.code ?? e.sig}): ${client.stderr.trim().split('\n').slice(-3).join(' ')}`);
    }),
  ]);
  client.notify('initialized', {});
  const tds = init.capabilities.textDocumentSync;
  const sync = typeof tds === 'number' ? tds : tds?.change ?? 1;
  const rows = [];
  const only = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1].split(',').map(Number) : undefined;
  for (const n of only ?? (quick ? [1000, 10000] : [1000, 100000])) {
    log(`latency: ${n} records …`);
    try {
      rows.push(await measureZone(client, sync, n));
    } catch (e) {
      rows.push({ n, error: e.message });
    }
  }
  await client.request('shutdown', null, 10_000).catch(() => {});
  client.notify('exit', null);
  // Give the server time to exit on its own (it writes its CPU profile on exit).
  await Promise.race([client.exited, sleep(5000)]);
  if (client.proc.exitCode === null) client.proc.kill();

  const target = (n) => (n >= 100000 ? 50 : n <= 1000 ? 10 : undefined);
  const out = ['### Editor latency (real server over stdio)', ''];
  out.push(`Server sync mode: ${sync === 2 ? 'incremental' : 'full text'}; ${EDITS} one-character edits (\`~all\` ↔ \`-all\` in an SPF record) per zone, each waiting for the publishDiagnostics of its version; then as many typing edits (insert a character before the qualifier, delete it: every later record moves); then as many hovers on the same record.`, '');
  out.push('| zone | open → first diagnostics | edit → diagnostics median | p95 | target | typing median | p95 | hover median | p95 | hover target |');
  out.push('|---|---:|---:|---:|---|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const label = r.n >= 1000 ? `${r.n / 1000}k records` : `${r.n} records`;
    if (r.error) {
      out.push(`| ${label} | ${r.error} | | | | | | | | |`);
      continue;
    }
    const med = pct(r.editMs, 50);
    const t = target(r.n);
    const hm = pct(r.hoverMs, 50);
    out.push(
      `| ${label} (${(r.bytes / 1e6).toFixed(1)} MB, ${r.findingCount} findings, ${r.diagCount} diagnostics published) | ${r.openMs.toFixed(0)} ms | ${med.toFixed(1)} ms | ${pct(r.editMs, 95).toFixed(1)} ms | ${t ? `≤ ${t} ms: **${med <= t ? 'met' : `missed by ${(med - t).toFixed(0)} ms (×${(med / t).toFixed(1)})`}**` : '—'} | ${pct(r.typeMs, 50).toFixed(1)} ms | ${pct(r.typeMs, 95).toFixed(1)} ms | ${hm.toFixed(1)} ms${r.hoverEmpty ? ` (${r.hoverEmpty} empty)` : ''} | ${pct(r.hoverMs, 95).toFixed(1)} ms | ≤ 20 ms: **${hm <= 20 ? 'met' : 'missed'}** |`,
    );
  }
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((e) => {
  process.stdout.write(`### Editor latency\n\nFailed: ${e.message}\n`);
  process.exitCode = 0;
});
