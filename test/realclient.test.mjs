// The extension and the language server in real clients:
//   1. VS Code's own workbench (code-server + Debian's Chromium): the integration suite in
//      test/realclient/vscode-suite runs inside the real extension host with the real LanguageClient;
//   2. Neovim 0.7 headless, driving `node dist/server.js --stdio`;
//   3. Emacs 28 + eglot, same.
// The tools are installed by `bash scripts/setup-real-clients.sh`. When they are missing, this file
// fails in CI (CI=true) and skips with a visible message elsewhere.
// The workbench screenshot goes to test/.tmp/workbench.png; set MAILZONE_SCREENSHOT=docs/screenshot.png
// (or run `node test/realclient/code-server.mjs --screenshot docs/screenshot.png`) to refresh README's.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, paths, missingFor } from './realclient/tools.mjs';
import { runCodeServerSuite } from './realclient/code-server.mjs';

const CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const FIXTURE = join(ROOT, 'test/fixtures/realclient/workspace');
const SERVER = join(ROOT, 'dist/server.js');

/** True when the client can run; otherwise fails (CI) or skips loudly (local). */
function ready(t, client) {
  const missing = missingFor(client);
  if (!existsSync(SERVER)) missing.push('dist/server.js (npm run build)');
  if (!missing.length) return true;
  const msg = `${client} real-client test needs: ${missing.join(', ')}. Install with: bash scripts/setup-real-clients.sh`;
  if (CI) assert.fail(msg);
  console.log(`# SKIPPED (not installed): ${msg}`);
  process.stderr.write(`\n*** ${msg}\n`);
  t.skip(msg);
  return false;
}

function workspaceCopy(name) {
  mkdirSync(join(ROOT, 'test/.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'test/.tmp', `${name}-`));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** Runs a command with a hard timeout, killing its whole process group. */
function run(cmd, args, { env, cwd, timeoutMs }) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid, 'SIGKILL'); // the language server, if it outlived its client
      } catch {
        /* gone */
      }
      resolve({ code, out, err, timedOut, ms: Date.now() - t0 });
    });
  });
}

function facts(output, prefix) {
  const f = {};
  for (const line of output.split('\n')) {
    const i = line.indexOf(prefix + ' ');
    if (i < 0) continue;
    try {
      const { kind, value } = JSON.parse(line.slice(i + prefix.length + 1));
      f[kind] = value;
    } catch {
      /* partial line */
    }
  }
  return f;
}

/** [line, start, end] (0-based) of `needle` on the first line of `file` containing `lineNeedle`. */
function locate(file, lineNeedle, needle) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(lineNeedle));
  assert.ok(line >= 0, `fixture ${file} should contain ${lineNeedle}`);
  const col = lines[line].indexOf(needle);
  assert.ok(col >= 0, `fixture line should contain ${needle}`);
  return { line, col, end: col + needle.length, text: lines[line] };
}

// Cases the LSP clients (Neovim, Emacs) check: the rule, where it must point, the fix and its result.
const CASES = [
  {
    file: 'example.com.zone',
    code: 'spf/soft-all',
    lineNeedle: 'v=spf1',
    term: '~all',
    fix: '-all',
    hover: /~all|soft ?fail/i,
    after: (text) => text.replace('~all', '-all'),
  },
  {
    file: 'octodns/example.org.yaml',
    code: 'spf/neutral-all',
    lineNeedle: 'v=spf1',
    term: '?all',
    fix: '-all',
    hover: /\?all|neutral/i,
    after: (text) => text.replace('?all', '-all'),
  },
  {
    file: 'octodns/example.net.yaml',
    code: 'dmarc/p-none',
    lineNeedle: 'v=DMARC1',
    term: 'p=none',
    fix: 'p=reject',
    // The finding's text, or the p= tag's own documentation (both are about this term).
    hover: /p=none|\*\*p\*\* — Policy/,
    // The YAML escapes (\;) must survive the edit.
    after: (text) => text.replace('p=none', 'p=reject'),
  },
];

function checkLspFacts(f, c, file, raw) {
  const ctx = `\n--- client output ---\n${raw.slice(-3000)}`;
  assert.equal(f.error, undefined, `client reported an error: ${f.error}${ctx}`);
  assert.ok(Array.isArray(f.diagnostics), `no diagnostics reported${ctx}`);
  const where = locate(file, c.lineNeedle, c.term);
  const d = f.diagnostics.find((x) => x.code === c.code);
  assert.ok(d, `${c.code} should be published, got ${JSON.stringify(f.diagnostics.map((x) => x.code))}`);
  const got = 'lnum' in d ? [d.lnum, d.col, d.end_lnum, d.end_col] : [d.line, d.character, d.endLine, d.endCharacter];
  assert.deepEqual(got, [where.line, where.col, where.line, where.end], `${c.code} range`);
  assert.match(f.hover ?? '', c.hover, 'hover text');
  assert.ok(Array.isArray(f.actions) && f.actions.some((t) => t.includes(c.fix)), `a "${c.fix}" action: ${JSON.stringify(f.actions)}`);
  assert.ok(f.actions.some((t) => /disable/i.test(t)), `a "disable for this line" action: ${JSON.stringify(f.actions)}`);
  assert.equal(f.applied?.line, c.after(where.text), 'line after applying the fix');
  assert.equal(f.after?.cleared, true, `${c.code} should be gone after the fix: ${JSON.stringify(f.after)}`);
  assert.equal(f.done, true, `client did not finish${ctx}`);
}

test('VS Code workbench (code-server + Chromium): integration suite in the real extension host', { timeout: 200_000 }, async (t) => {
  if (!ready(t, 'code-server')) return;
  assert.ok(existsSync(join(ROOT, 'dist/client.js')), 'dist/client.js (npm run build)');
  const screenshot = process.env.MAILZONE_SCREENSHOT || join(ROOT, 'test/.tmp/workbench.png');
  const res = await runCodeServerSuite({
    timeoutMs: 170_000,
    screenshot,
    log: process.env.MAILZONE_RC_VERBOSE ? (s) => console.log(s) : undefined,
  });
  console.log(`# code-server timings: ${JSON.stringify(res.timings)}`);
  const checks = [];
  for (const line of res.logs) {
    const i = line.indexOf('MAILZONE_RC RESULT ');
    if (i >= 0) checks.push(JSON.parse(line.slice(i + 'MAILZONE_RC RESULT '.length)));
  }
  for (const c of checks) {
    await t.test(`vscode: ${c.name}`, () => {
      assert.ok(c.ok, c.error);
    });
  }
  assert.equal(res.error, undefined, `${res.error}\n${res.logs.slice(-30).join('\n')}`);
  assert.ok(checks.length >= 10, `the suite should report all its checks, got ${checks.length}`);
  assert.equal(res.exitCode, 0, 'the suite exit code');
  assert.ok(existsSync(screenshot) && statSync(screenshot).size > 10_000, 'the workbench screenshot was saved');
  assert.deepEqual([...readFileSync(screenshot).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'screenshot is a PNG');
});

test('VS Code workbench: the packaged .vsix installs and passes the same suite', { timeout: 200_000 }, async (t) => {
  if (!ready(t, 'code-server')) return;
  // The same flags as `npm run package`, into test/.tmp so the working tree stays clean.
  mkdirSync(join(ROOT, 'test/.tmp'), { recursive: true });
  const vsix = join(ROOT, 'test/.tmp/mailzone-test.vsix');
  rmSync(vsix, { force: true });
  const pack = await run(
    process.execPath,
    [join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix],
    { cwd: ROOT, env: {}, timeoutMs: 60_000 },
  );
  console.log(`# vsce package: ${pack.ms} ms`);
  assert.equal(pack.code, 0, `vsce package failed\n${pack.out}\n${pack.err}`);
  for (const f of ['dist/client.js', 'dist/server.js', 'syntaxes/zone.tmLanguage.json', 'language-configuration.json', 'docs/rules.md', 'LICENSE']) {
    assert.match(pack.out, new RegExp(f.split('/').pop().replace(/\./g, '\\.')), `the .vsix should contain ${f}`);
  }
  const res = await runCodeServerSuite({ timeoutMs: 170_000, vsix });
  console.log(`# code-server (.vsix) timings: ${JSON.stringify(res.timings)}`);
  const failed = res.logs
    .filter((l) => l.includes('MAILZONE_RC RESULT '))
    .map((l) => JSON.parse(l.slice(l.indexOf('MAILZONE_RC RESULT ') + 'MAILZONE_RC RESULT '.length)))
    .filter((c) => !c.ok);
  assert.equal(res.error, undefined, `${res.error}\n${res.logs.slice(-30).join('\n')}`);
  assert.deepEqual(failed.map((c) => `${c.name}: ${c.error}`), [], 'checks failing with the installed .vsix');
  assert.equal(res.exitCode, 0, 'the suite exit code with the installed .vsix');
  rmSync(vsix, { force: true });
});

test('Neovim 0.7 headless: diagnostics, hover, code action applied', { timeout: 90_000 }, async (t) => {
  if (!ready(t, 'nvim')) return;
  const ws = workspaceCopy('nvim');
  try {
    for (const c of CASES) {
      await t.test(c.file, async () => {
        const file = join(ws, c.file);
        const r = await run(paths.nvim, ['--headless', '-i', 'NONE', '-n', '-u', join(ROOT, 'test/realclient/nvim/init.lua'), file], {
          cwd: ws,
          env: { MAILZONE_SERVER: SERVER, MAILZONE_CODE: c.code, MAILZONE_FIX: c.fix, XDG_STATE_HOME: join(ws, '.state'), XDG_DATA_HOME: join(ws, '.data') },
          timeoutMs: 40_000,
        });
        console.log(`# nvim ${c.file}: ${r.ms} ms`);
        const f = facts(r.out + r.err, 'MAILZONE_NVIM');
        assert.equal(r.timedOut, false, `nvim timed out\n${r.out}\n${r.err}`);
        checkLspFacts(f, c, file, r.out + r.err);
        assert.equal(r.code, 0, `nvim exit code\n${r.err}`);
      });
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('Emacs 28 eglot: diagnostics, hover, code action applied', { timeout: 90_000 }, async (t) => {
  if (!ready(t, 'emacs')) return;
  const ws = workspaceCopy('emacs');
  try {
    for (const c of CASES) {
      await t.test(c.file, async () => {
        const file = join(ws, c.file);
        const r = await run(paths.emacs, ['--batch', '-Q', '-l', join(ROOT, 'test/realclient/emacs/test.el')], {
          cwd: ws,
          env: { MAILZONE_SERVER: SERVER, MAILZONE_FILE: file, MAILZONE_CODE: c.code, MAILZONE_FIX: c.fix, HOME: ws },
          timeoutMs: 40_000,
        });
        console.log(`# emacs ${c.file}: ${r.ms} ms`);
        const f = facts(r.out + r.err, 'MAILZONE_EMACS');
        assert.equal(r.timedOut, false, `emacs timed out\n${r.out}\n${r.err}`);
        checkLspFacts(f, c, file, r.out + r.err);
        assert.equal(r.code, 0, `emacs exit code\n${r.err.slice(-2000)}`);
      });
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
