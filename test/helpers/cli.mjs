// Running the command line as a user runs it (a separate process), and the scratch directories
// the CLI tests lint.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const cli = path.join(root, 'dist/cli.js');

/** `mailzone ARGS` in `opts.cwd` (default: the checkout): { code, out, err }. */
export function run(args, opts = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: opts.cwd ?? root, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024, stdio: opts.stdio });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export function tmpDir(prefix = 'mailzone-cli-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes dir/name (making its directories); returns the path. */
export function write(dir, name, text) {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}
