// A tiny LSP client for tests: starts `node dist/server.js --stdio` as a separate process and speaks
// JSON-RPC to it with vscode-jsonrpc, the way Neovim or Emacs would.
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, after } from 'node:test';
import rpc from 'vscode-jsonrpc/node';

const SERVER = fileURLToPath(new URL('../dist/server.js', import.meta.url));

export function fileUri(p) {
  return pathToFileURL(p).href;
}

export async function startServer({ rootPath, settings = {}, trusted, documentChanges = true, configuration = true, initializationOptions, execArgv = [] } = {}) {
  const proc = spawn(process.execPath, [...execArgv, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const diagnostics = new Map(); // uri → last params
  const waiters = [];
  const logs = [];
  const listeners = new Set();
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    diagnostics.set(p.uri, p);
    for (const l of listeners) l(p);
    for (const w of [...waiters]) if (w.check()) waiters.splice(waiters.indexOf(w), 1);
  });
  conn.onNotification('window/logMessage', (p) => logs.push(p.message));
  conn.onRequest('workspace/configuration', (p) => p.items.map((i) => (i.section === 'mailzone' ? settings : null)));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();

  const init = await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: rootPath ? fileUri(rootPath) : null,
    workspaceFolders: rootPath ? [{ uri: fileUri(rootPath), name: path.basename(rootPath) }] : null,
    initializationOptions: initializationOptions ?? (trusted === undefined ? undefined : { trusted }),
    capabilities: {
      workspace: {
        configuration,
        workspaceEdit: { documentChanges },
        didChangeWatchedFiles: { dynamicRegistration: true },
      },
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] } },
        hover: { contentFormat: ['markdown'] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        completion: { completionItem: { snippetSupport: true } },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      },
    },
  });
  conn.sendNotification('initialized', {});

  const versions = new Map();
  const api = {
    proc,
    conn,
    init,
    logs,
    diagnostics,
    get stderr() {
      return stderr;
    },
    /** Calls fn on every publishDiagnostics; returns a disposer. */
    onPublish(fn) {
      listeners.add(fn);
      return { dispose: () => listeners.delete(fn) };
    },
    open(uri, text, languageId = 'dns-zone', version = 1) {
      versions.set(uri, version);
      conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    change(uri, text) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      return version;
    },
    close(uri) {
      conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    version(uri) {
      return versions.get(uri);
    },
    /** Resolves with the diagnostics of `uri` once `pred(params)` holds (checked on every publish). */
    waitDiagnostics(uri, pred = () => true, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const p = diagnostics.get(uri);
          if (p && pred(p)) {
            clearTimeout(t);
            resolve(p);
            return true;
          }
          return false;
        };
        const t = setTimeout(() => {
          const i = waiters.findIndex((w) => w.check === check);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(diagnostics.get(uri))}\nlogs:\n${logs.join('\n')}\n${stderr}`));
        }, timeoutMs);
        if (!check()) waiters.push({ check });
      });
    },
    request(method, params) {
      return conn.sendRequest(method, params);
    },
    async stop() {
      try {
        await conn.sendRequest('shutdown');
        conn.sendNotification('exit');
      } catch {
        // already gone
      }
      await new Promise((r) => {
        const t = setTimeout(() => {
          proc.kill();
          r();
        }, 2000);
        proc.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
      conn.dispose();
    },
  };
  return api;
}

/**
 * Requests on documents under `dir` for tests that share one server (`server()` gives it, once
 * started): open a file's text and wait for its diagnostics, hover, completion items.
 */
export function docRequests(server, dir) {
  return {
    async open(name, text) {
      const uri = fileUri(path.join(dir, name));
      server().open(uri, text, name.endsWith('.yaml') ? 'yaml' : 'dns-zone');
      const p = await server().waitDiagnostics(uri);
      return { uri, text, diags: p.diagnostics };
    },
    hover: (doc, line, character) => server().request('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line, character } }),
    async complete(doc, line, character) {
      const r = await server().request('textDocument/completion', { textDocument: { uri: doc.uri }, position: { line, character } });
      return Array.isArray(r) ? r : (r?.items ?? []);
    },
  };
}

/** Applies LSP TextEdits (non-overlapping) to a text. */
export function applyEdits(text, edits) {
  const lines = [];
  let i = 0;
  lines.push(0);
  for (; i < text.length; i++) {
    if (text[i] === '\n') lines.push(i + 1);
    else if (text[i] === '\r') {
      if (text[i + 1] === '\n') i++;
      lines.push(i + 1);
    }
  }
  const off = (p) => Math.min((lines[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

/** The TextEdits of a WorkspaceEdit for one URI (documentChanges or changes), with the version asked for. */
export function editsFor(edit, uri) {
  if (edit.documentChanges) {
    const dc = edit.documentChanges.filter((c) => c.textDocument?.uri === uri);
    return { edits: dc.flatMap((c) => c.edits), versions: dc.map((c) => c.textDocument.version) };
  }
  return { edits: edit.changes?.[uri] ?? [], versions: [] };
}

/**
 * The server of a test file: one server over a fresh temporary workspace `dir`, started before the
 * file's tests (after `setup(dir)`, which may write files) and stopped after them, the folder
 * removed. `server` stands for the started server (its methods, called once tests run).
 */
export function serverForFile(prefix, { setup } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let started;
  before(async () => {
    await setup?.(dir);
    started = await startServer({ rootPath: dir });
  });
  after(async () => {
    await started?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const server = new Proxy(
    {},
    {
      get(_, k) {
        if (!started) throw new Error('the test server is not started yet (use it inside a test)');
        const v = started[k];
        return typeof v === 'function' ? v.bind(started) : v;
      },
    },
  );
  return { dir, server };
}
