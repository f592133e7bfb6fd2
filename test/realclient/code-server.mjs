// Runs the extension's integration suite (test/realclient/vscode-suite) inside code-server — VS Code's
// own workbench and Node extension host — driven by Debian's Chromium through playwright-core.
//
// code-server rejects --extensionDevelopmentPath, but with `--vscode-option enable-smoke-test-driver`
// the workbench takes the same thing through the `payload` URL parameter. The tests module's exit
// code arrives through window.codeAutomationExit and the extension host's console through
// window.codeAutomationLog. When the suite asks for it (a console line MAILZONE_SCREENSHOT_READY),
// a screenshot of the workbench is saved, then the suite is told to go on (a file in the run folder).
//
// Every step is bounded by a timeout and every process started here is killed at the end.
//
// With `vsix`, the extension is installed from that .vsix (code-server --install-extension) as a user
// would, and an empty stub extension (test/realclient/stub-extension) is the development extension
// that carries the tests: the suite then checks that mailzone runs from the installed package.
//
// CLI: node test/realclient/code-server.mjs [--screenshot docs/screenshot.png] [--vsix mailzone.vsix] [--keep]
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, dirname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { ROOT, paths, missingFor } from './tools.mjs';

export const SCREENSHOT_MARKER = 'MAILZONE_SCREENSHOT_READY';
export const SCREENSHOT_DONE = 'screenshot.done';

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(port, deadline, exited) {
  while (Date.now() < deadline) {
    if (exited()) throw new Error('code-server exited before it became healthy');
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error('code-server did not answer /healthz in time');
}

/** Runs a process to completion with a hard timeout (its whole process group is killed). */
function runBounded(cmd, args, env, timeoutMs) {
  return new Promise((res) => {
    const child = spawn(cmd, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      res({ code, out });
    });
  });
}

/**
 * @param {{ timeoutMs?: number, screenshot?: string|null, keep?: boolean, log?: (s: string) => void, vsix?: string,
 *           extensionPath?: string, suitePath?: string, workspace?: string }} opts
 * @returns {Promise<{ exitCode: number|null, logs: string[], timings: Record<string, number>, screenshot: string|null, error?: string }>}
 */
export async function runCodeServerSuite(opts = {}) {
  const missing = missingFor('code-server');
  if (missing.length) throw new Error(`missing tools: ${missing.join(', ')} — run scripts/setup-real-clients.sh`);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const log = opts.log ?? (() => {});
  const extensionPath = opts.extensionPath ?? (opts.vsix ? join(ROOT, 'test/realclient/stub-extension') : ROOT);
  const suitePath = opts.suitePath ?? join(ROOT, 'test/realclient/vscode-suite/index.js');
  const fixture = opts.workspace ?? join(ROOT, 'test/fixtures/realclient/workspace');
  const t0 = Date.now();
  const deadline = t0 + timeoutMs;
  const timings = {};
  const logs = [];

  // A private run folder: workspace copy (edits never touch the fixtures), profile, extensions.
  mkdirSync(join(ROOT, 'test/.tmp'), { recursive: true });
  const runDir = mkdtempSync(join(ROOT, 'test/.tmp', 'code-server-'));
  const ws = join(runDir, 'ws');
  cpSync(fixture, ws, { recursive: true });
  const userDir = join(runDir, 'user');
  mkdirSync(join(userDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDir, 'User/settings.json'),
    JSON.stringify(
      {
        'chat.disableAIFeatures': true,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'editor.hover.delay': 100,
        'window.zoomLevel': 0,
        'workbench.colorTheme': 'Default Dark Modern',
        'editor.wordBasedSuggestions': 'off',
        'files.autoSave': 'off',
        'editor.minimap.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.commandCenter.enabled': false,
        'git.enabled': false,
        'mailzone.dns.lookups': 'workspace',
      },
      null,
      2,
    ),
  );

  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const env = {
    ...process.env,
    PATH: `${dirname(paths.node24)}:${process.env.PATH}`,
    XDG_CONFIG_HOME: join(runDir, 'cfg'),
    XDG_DATA_HOME: join(runDir, 'data'),
    XDG_CACHE_HOME: join(runDir, 'cache'),
    MAILZONE_RC_RUN_DIR: runDir,
    MAILZONE_RC_SCREENSHOT: opts.screenshot ? '1' : '',
    MAILZONE_RC_FROM: opts.vsix ? 'vsix' : 'dev',
    MAILZONE_RC_ROOT: ROOT,
    // No extension gallery: nothing may reach beyond loopback.
    EXTENSIONS_GALLERY: '{}',
  };
  delete env.NODE_OPTIONS;
  const args = [
    join(paths.codeServer, 'out/node/entry.js'),
    '--auth', 'none',
    '--bind-addr', authority,
    '--user-data-dir', userDir,
    '--extensions-dir', join(runDir, 'ext'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver',
    ws,
  ];
  let server;
  if (opts.vsix) {
    const t = Date.now();
    const inst = await runBounded(
      paths.node24,
      [args[0], '--user-data-dir', userDir, '--extensions-dir', join(runDir, 'ext'), '--install-extension', resolve(opts.vsix)],
      env,
      Math.min(60_000, Math.max(1000, deadline - Date.now())),
    );
    timings.installVsixMs = Date.now() - t;
    log(`--install-extension: ${inst.out.trim().split('\n').slice(-2).join(' | ')}`);
    if (inst.code !== 0 || !/installed/i.test(inst.out)) {
      rmSync(runDir, { recursive: true, force: true });
      return { exitCode: null, logs: inst.out.split('\n'), timings, screenshot: null, error: `installing ${opts.vsix} failed (exit ${inst.code})`, runDir };
    }
  }
  server = spawn(paths.node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverExited = false;
  server.on('exit', () => (serverExited = true));
  const serverOut = [];
  server.stdout.on('data', (d) => serverOut.push(String(d)));
  server.stderr.on('data', (d) => serverOut.push(String(d)));

  let browser = null;
  let exitCode = null;
  let error;
  let shot = null;
  try {
    await waitHealthy(port, Math.min(deadline, Date.now() + 60_000), () => serverExited);
    timings.serverReadyMs = Date.now() - t0;
    log(`code-server healthy on ${authority} after ${timings.serverReadyMs} ms`);

    const { chromium } = await import(pathToFileURL(paths.playwright).href);
    browser = await chromium.launch({
      executablePath: paths.chromium,
      headless: true,
      timeout: 30_000,
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        // Nothing but loopback resolves: a link the workbench would open elsewhere goes nowhere.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });

    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    let shotPromise = null;
    const takeShot = async () => {
      if (!opts.screenshot) return;
      const out = resolve(opts.screenshot);
      mkdirSync(dirname(out), { recursive: true });
      await page.screenshot({ path: out, timeout: 15_000 });
      shot = out;
      log(`screenshot saved: ${out}`);
    };
    await page.exposeFunction('codeAutomationExit', (code) => {
      resolveExit(code);
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = (Array.isArray(args) ? args : [args])
        .map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))
        .join(' ');
      logs.push(line);
      log(`[ext-host ${type}] ${line}`);
      if (line.includes(SCREENSHOT_MARKER) && !shotPromise) {
        shotPromise = sleep(700)
          .then(takeShot)
          .catch((e) => log(`screenshot failed: ${e.message}`))
          .finally(() => writeFileSync(join(runDir, SCREENSHOT_DONE), 'ok'));
      }
    });
    page.on('pageerror', (e) => log(`[page error] ${e.message}`));

    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionPath}`],
      ['extensionTestsPath', `vscode-remote://${authority}${suitePath}`],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const url = `http://${authority}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const tNav = Date.now();
    await page.goto(url, { timeout: Math.max(1000, deadline - Date.now()) });

    const remaining = Math.max(1000, deadline - Date.now());
    let timer;
    const timedOut = new Promise((r) => (timer = setTimeout(() => r('timeout'), remaining)));
    const r = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    timings.suiteMs = Date.now() - tNav;
    if (r === 'timeout') {
      error = `the suite did not finish within ${timeoutMs} ms`;
      try {
        if (opts.screenshot) await page.screenshot({ path: join(runDir, 'timeout.png'), timeout: 5000 });
      } catch {
        /* best effort */
      }
    } else {
      exitCode = r;
    }
    if (shotPromise) await shotPromise;
  } catch (e) {
    error = e?.message ?? String(e);
  } finally {
    if (browser) await browser.close().catch(() => {});
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const killBy = Date.now() + 5000;
    while (!serverExited && Date.now() < killBy) await sleep(100);
    try {
      process.kill(-server.pid, 'SIGKILL'); // whatever is left of the group (extension host, language server)
    } catch {
      /* gone */
    }
    const goneBy = Date.now() + 3000;
    while (!serverExited && Date.now() < goneBy) await sleep(100);
    if (!opts.keep) {
      try {
        rmSync(runDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      } catch (e) {
        log(`could not remove ${runDir}: ${e.message}`);
      }
    }
  }
  timings.totalMs = Date.now() - t0;
  if (error && serverOut.length) logs.push('--- code-server output ---', ...serverOut.join('').split('\n').slice(-40));
  return { exitCode, logs, timings, screenshot: shot, error, runDir };
}

// CLI
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--screenshot');
  const screenshot = i >= 0 ? argv[i + 1] : null;
  const vi = argv.indexOf('--vsix');
  const res = await runCodeServerSuite({
    screenshot,
    vsix: vi >= 0 ? argv[vi + 1] : undefined,
    keep: argv.includes('--keep'),
    log: (s) => console.log(s),
  });
  console.log(JSON.stringify({ exitCode: res.exitCode, timings: res.timings, screenshot: res.screenshot, error: res.error }));
  if (res.error) console.log(res.logs.slice(-40).join('\n'));
  process.exit(res.exitCode === 0 && !res.error ? 0 : 1);
}
