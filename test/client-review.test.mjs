// Review findings on what the editor side hands the server: zone file names in the manifest (no
// `db.*` catching db.py), the server refusing source files and non-zone text it is told are zones,
// YAML under config/ decided by content, feedback on wrong settings, and dynamic registration only
// where the client supports it. Servers over --stdio, small documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, serverForFile, fileUri } from './lsp-client.mjs';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const { dir: tmp, server: s } = serverForFile('mailzone-client-review-');
for (const d of ['src', 'config', 'k8s', '.github/workflows', 'zones']) fs.mkdirSync(path.join(tmp, d), { recursive: true });

// A zone with a finding on every run (SPF +all), so "linted" is visible.
const ZONE = `$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n@ IN TXT "v=spf1 +all"\n`;
const BARE_ZONE = ZONE.replace(/^\$ORIGIN.*\n/, '');


async function open(name, text, languageId) {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const uri = fileUri(file);
  s.open(uri, text, languageId);
  const p = await s.waitDiagnostics(uri);
  return p.diagnostics;
}

// ---- 1. db.* names ------------------------------------------------------------------------------

/** VS Code's glob semantics for a file-name pattern without '/': *, ?, [...] ([!...]), {a,b}. */
function vscodeGlob(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i);
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += `[${body}]`;
      i = close;
    } else if (c === '{') {
      const close = glob.indexOf('}', i);
      re += '(?:' + glob.slice(i + 1, close).split(',').map((a) => a.replace(/[.+^$()|\\]/g, '\\$&')).join('|') + ')';
      i = close;
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

/** Whether VS Code would give this file name the dns-zone language (patterns, names, extensions). */
function claimedAsZone(name) {
  const lang = manifest.contributes.languages.find((l) => l.id === 'dns-zone');
  if ((lang.filenamePatterns ?? []).some((g) => vscodeGlob(g).test(name))) return true;
  if ((lang.filenames ?? []).includes(name)) return true;
  return (lang.extensions ?? []).some((e) => name.toLowerCase().endsWith(e));
}

test('the manifest claims zone file names, not db.py, db.ts, db.json, db.yaml or other source files', () => {
  for (const name of ['db.py', 'db.ts', 'db.js', 'db.json', 'db.yaml', 'db.yml', 'db.md', 'db.go', 'db.rb', 'db.sh', 'db.txt', 'db.config.ts', 'db.test.js', 'db.module.ts', 'time.zone.ts', 'zone.config.json', 'db.sqlite3']) {
    assert.equal(claimedAsZone(name), false, `${name} must not open as dns-zone`);
  }
  for (const name of ['example.com.zone', 'example.db', 'example.tst', 'db.example.com', 'db.mail.example.org', 'db.example.net', 'db.168.192.in-addr.arpa', 'db.192.168.1', 'db.10', 'db.local', 'db.root', 'db.empty', 'db.127', 'example.com.zone.signed', 'named.example.zone']) {
    assert.equal(claimedAsZone(name), true, `${name} should open as dns-zone`);
  }
  const activation = manifest.activationEvents.filter((e) => e.startsWith('workspaceContains:'));
  for (const e of activation) {
    const g = e.slice('workspaceContains:'.length).replace(/^\*\*\//, '');
    assert.equal(vscodeGlob(g).test('db.py'), false, `${e} activates on db.py`);
  }
});

test('a source file the client calls dns-zone gets no zone diagnostics, at most one note', async () => {
  const py = 'import sqlite3\n\ndef connect():\n    return sqlite3.connect("app.db")\n';
  const cases = [
    ['src/db.py', py],
    ['src/db.ts', 'export const db = new Pool({ host: "localhost" });\n'],
    ['db.json', '{ "host": "localhost", "port": 5432 }\n'],
    ['db.yaml', 'host: localhost\nport: 5432\n'],
    // Even zone-looking text: a .txt/.json name is not a zone file name when the client insists.
    ['src/db.js', BARE_ZONE],
  ];
  for (const [name, text] of cases) {
    const diags = await open(name, text, 'dns-zone');
    assert.ok(diags.length <= 1, `${name}: ${JSON.stringify(diags)}`);
    for (const d of diags) {
      assert.equal(d.severity, 3, `${name}: only an information note: ${JSON.stringify(d)}`);
      assert.equal(d.code, undefined, `${name}: no rule finding: ${JSON.stringify(d)}`);
      assert.match(d.message, /not read as a DNS zone file/);
    }
  }
});

test('a file of another name that is not zone text is refused; zone text under such a name is linted', async () => {
  const conf = await open('named.conf', 'options {\n  directory "/var/cache/bind";\n  recursion no;\n};\nzone "example.com" {\n  type master;\n  file "/etc/bind/db.example.com";\n};\n', 'dns-zone');
  assert.equal(conf.length, 1, JSON.stringify(conf));
  assert.equal(conf[0].severity, 3);
  assert.match(conf[0].message, /not read as a DNS zone file: its name ends in \.conf/);
  const notes = await open('example.org.zone.bak', 'Moved to Route 53 on 2024-01-01.\nSee the wiki for details.\n', 'dns-zone');
  assert.equal(notes.length, 1, JSON.stringify(notes));
  assert.match(notes[0].message, /content does not look like a zone file/);
  const bak = await open('example.com.zone.bak', ZONE, 'dns-zone');
  assert.ok(bak.some((d) => d.code && d.severity <= 2), `zone text in example.com.zone.bak is linted: ${JSON.stringify(bak)}`);
});

test('db.<domain>, *.zone and *.db stay zone files', async () => {
  for (const name of ['db.example.com', 'example.com.zone', 'example.com.db', 'db.example.xyz']) {
    const diags = await open(name, BARE_ZONE, 'dns-zone');
    assert.ok(diags.some((d) => d.code && d.severity <= 2), `${name} is linted: ${JSON.stringify(diags)}`);
  }
  // A zone file being written (empty, or still broken) is still one by its name.
  const broken = await open('broken.example.zone', 'this is not yet a record\n', 'dns-zone');
  assert.ok(broken.some((d) => d.code), `a broken zone file gets its syntax errors: ${JSON.stringify(broken)}`);
});

test('detectKind for plain text (the VS Code client promoting db.example.xyz) needs zone content', async () => {
  const kind = async (name, text) => (await s.request('mailzone/detectKind', { uri: fileUri(path.join(tmp, name)), text, languageId: 'plaintext' })).kind;
  assert.equal(await kind('db.example.xyz', BARE_ZONE), 'zone');
  assert.equal(await kind('example.com.zone.bak', ZONE), 'zone');
  assert.equal(await kind('db.notes', 'Remember to rotate the DB password.\nAsk Bob.\n'), 'other');
  assert.equal(await kind('db.example.xyz', ''), 'other');
  assert.equal(await kind('db.py', BARE_ZONE), 'other');
});

// ---- 2. YAML under config/ ----------------------------------------------------------------------

test('YAML under config/ and other octoDNS patterns is octoDNS only when its content says so', async () => {
  const rails = 'default: &default\n  adapter: postgresql\n  encoding: unicode\n  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>\n\ndevelopment:\n  <<: *default\n  database: app_development\n';
  const k8s = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n          env:\n            - name: MODE\n              value: production\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n';
  const workflow = 'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n';
  for (const [name, text] of [
    ['config/database.yml', rails],
    ['config/k8s/deployment.yaml', k8s],
    ['config/.github/workflows/ci.yaml', workflow],
    ['zones/docker-compose.yml', 'version: "3"\nservices:\n  web:\n    image: nginx\n'],
  ]) {
    const diags = await open(name, text, 'yaml');
    assert.deepEqual(diags, [], `${name} is not octoDNS: ${JSON.stringify(diags)}`);
    const { kind } = await s.request('mailzone/detectKind', { uri: fileUri(path.join(tmp, name)), text, languageId: 'yaml' });
    assert.equal(kind, 'other', name);
  }
  const records = "---\n'':\n  - type: TXT\n    value: v=spf1 +all\n  - type: MX\n    value:\n      exchange: mail.example.com.\n      preference: 10\nmail:\n  type: A\n  value: 192.0.2.25\n";
  const diags = await open('config/example.com.yaml', records, 'yaml');
  assert.ok(diags.some((d) => String(d.code).startsWith('spf/')), `octoDNS records in config/ are linted: ${JSON.stringify(diags)}`);
  // A record file still being written inside the patterns (a type, no value yet) is octoDNS too.
  const partial = await open('zones/example.org.yaml', "'':\n  type: TXT\n", 'yaml');
  const { kind } = await s.request('mailzone/detectKind', { uri: fileUri(path.join(tmp, 'zones/example.org.yaml')), text: "'':\n  type: TXT\n", languageId: 'yaml' });
  assert.equal(kind, 'octodns', JSON.stringify(partial));
});

// ---- 3. Wrong setting values --------------------------------------------------------------------

/** A server of its own with `settings`, collecting window/showMessage. */
async function serverWith(settings, extra = {}) {
  const srv = await startServer({ rootPath: tmp, settings, ...extra });
  const messages = [];
  srv.conn.onNotification('window/showMessage', (p) => messages.push(p));
  return { srv, messages };
}

const settle = (ms = 800) => new Promise((r) => setTimeout(r, ms));

test('wrong setting values are named in one warning with what is used instead, and the server keeps working', async () => {
  const { srv, messages } = await serverWith({
    rules: { 'spf/soft-all': 'fatal', 'spf/sofft-all': 'error', 'spf/plus-all': 'warning' },
    maxNumberOfProblems: 'abc',
    dns: { lookups: 'bogus', timeoutMs: '300', servers: ['192.0.2.53', 'dns.example.com', 42] },
    m365: { enabled: 'yes' },
  });
  try {
    const uri = fileUri(path.join(tmp, 'settings.example.zone'));
    srv.open(uri, BARE_ZONE.replace('+all', '~all'), 'dns-zone');
    const p = await srv.waitDiagnostics(uri);
    assert.ok(p.diagnostics.some((d) => d.code === 'spf/soft-all'), 'still lints with the defaults');
    await settle();
    assert.equal(messages.length, 1, JSON.stringify(messages));
    const [m] = messages;
    assert.equal(m.type, 2, 'a warning');
    for (const want of [
      /rules\.spf\/soft-all: "fatal" is not error, warning, info, hint or off: the rule's default severity is used/,
      /rules\.spf\/sofft-all: "error" names no mailzone rule \(did you mean "spf\/soft-all"\?\): ignored/,
      /maxNumberOfProblems: "abc" is not a number ≥ 0 \(0: no limit\): 1000 is used/,
      /dns\.lookups: "bogus" is not off, workspace or live: "workspace" is used/,
      /dns\.timeoutMs: "300" is not a number of milliseconds \(100 to 5000\): 2000 is used/,
      /dns\.servers: "dns\.example\.com" is not an IP address .*: left out/,
      /dns\.servers: 42 is not an IP address/,
      /m365\.enabled: "yes" is not true or false: true is used/,
    ]) {
      assert.match(m.message, want);
    }
    assert.doesNotMatch(m.message, /spf\/plus-all/, 'a valid rule setting is not reported');
    assert.ok(srv.logs.some((l) => l.includes('not used as given')), 'logged too');
    assert.ok(!srv.logs.some((l) => /TypeError/.test(l)) && !/TypeError/.test(srv.stderr), srv.logs.join('\n'));
  } finally {
    await srv.stop();
  }
});

test('dns.servers as a string, a negative maxNumberOfProblems, misspelt keys: each reported, per settings change', async () => {
  const { srv, messages } = await serverWith({}, { configuration: false, initializationOptions: { settings: { dns: { servers: '192.0.2.53', mode: 'workspace' } } } });
  try {
    await settle();
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.match(messages[0].message, /dns\.servers: "192\.0\.2\.53" is not a list: read as \["192\.0\.2\.53"\]/);
    assert.match(messages[0].message, /dns\.mode: not a mailzone setting \(did you mean "dns\.lookups"\?\)|dns\.mode: not a mailzone setting/);
    srv.conn.sendNotification('workspace/didChangeConfiguration', { settings: { mailzone: { maxNumberOfProblems: -5, dns: { servers: ['not-an-ip'], timeoutMs: 60000 } } } });
    await settle();
    assert.equal(messages.length, 2, JSON.stringify(messages));
    assert.match(messages[1].message, /maxNumberOfProblems: -5 is not a number ≥ 0 \(0: no limit\): 1000 is used/);
    assert.match(messages[1].message, /dns\.servers: "not-an-ip" is not an IP address/);
    assert.match(messages[1].message, /dns\.servers: no usable address: the system resolver is used/);
    assert.match(messages[1].message, /dns\.timeoutMs: 60000 is above 5000 .*: 5000 is used/);
    // Good settings: nothing to say.
    srv.conn.sendNotification('workspace/didChangeConfiguration', { settings: { mailzone: { rules: { 'spf/soft-all': 'error' }, dns: { lookups: 'off', servers: ['192.0.2.53:5353', '[2001:db8::53]:53', '2001:db8::1'] } } } });
    await settle();
    assert.equal(messages.length, 2, JSON.stringify(messages.slice(2)));
    assert.ok(!/TypeError/.test(srv.stderr) && !srv.logs.some((l) => /TypeError/.test(l)), srv.logs.join('\n'));
  } finally {
    await srv.stop();
  }
});

// ---- 4. Dynamic registration only where the client supports it ---------------------------------

/** The capabilities the server registers after `initialized` for a client with these capabilities. */
async function registrationsFor(workspaceCaps) {
  const { spawn } = await import('node:child_process');
  const rpc = (await import('vscode-jsonrpc/node')).default;
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const methods = [];
  conn.onRequest('client/registerCapability', (p) => {
    for (const r of p.registrations) methods.push(r.method);
    return null;
  });
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  conn.onNotification('window/logMessage', () => {});
  conn.listen();
  try {
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: fileUri(tmp), workspaceFolders: [{ uri: fileUri(tmp), name: 'ws' }], capabilities: { workspace: workspaceCaps } });
    conn.sendNotification('initialized', {});
    await settle(1000);
    return methods;
  } finally {
    await conn.sendRequest('shutdown').catch(() => {});
    conn.sendNotification('exit');
    setTimeout(() => proc.kill(), 1000).unref();
  }
}

test('workspace/didChangeConfiguration is registered only for a client that supports its dynamic registration (eglot does not)', async () => {
  // eglot: workspace/configuration, no dynamic registration of didChangeConfiguration.
  const eglot = await registrationsFor({ configuration: true, didChangeConfiguration: { dynamicRegistration: false } });
  assert.ok(!eglot.includes('workspace/didChangeConfiguration'), JSON.stringify(eglot));
  const none = await registrationsFor({ configuration: true });
  assert.ok(!none.includes('workspace/didChangeConfiguration'), JSON.stringify(none));
  // VS Code: both.
  const vscode = await registrationsFor({ configuration: true, didChangeConfiguration: { dynamicRegistration: true } });
  assert.ok(vscode.includes('workspace/didChangeConfiguration'), JSON.stringify(vscode));
});

// ---- 5. README and the real-client harness -----------------------------------------------------

test('the README links work inside the .vsix, its CI recipe does not install from npm, the harness sets real settings', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const packaged = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1));
  for (const m of readme.matchAll(/\]\(([^)#\s]+)/g)) {
    const target = m[1];
    if (/^https?:/.test(target)) continue;
    assert.ok(packaged.includes(target), `relative link ${target} is not in the .vsix (.vscodeignore)`);
  }
  assert.doesNotMatch(readme, /\.\.\/shared\//, 'paths outside the repository');
  assert.doesNotMatch(readme, /npm install --no-save mailzone|npx --yes mailzone/, 'mailzone is not on npm');
  const props = manifest.contributes.configuration.properties;
  const harness = fs.readFileSync(path.join(ROOT, 'test/realclient/code-server.mjs'), 'utf8');
  for (const [, key] of harness.matchAll(/'(mailzone\.[A-Za-z.]+)'/g)) assert.ok(props[key], `${key} is not a setting of the manifest`);
  assert.equal(props['mailzone.dns.timeoutMs'].minimum, 100, 'the server takes values below 100 as 100 (settings.ts MIN_DNS_TIMEOUT_MS)');
});

test('a zone file named after a domain whose country code is also a file extension is still a zone (example.pl, db.example.sh)', async () => {
  const kind = async (name, text, languageId = 'plaintext') => (await s.request('mailzone/detectKind', { uri: fileUri(path.join(tmp, name)), text, languageId })).kind;
  for (const name of ['example.pl', 'db.example.sh', 'example.com.py', 'shop.example.cc']) {
    assert.equal(await kind(name, ZONE), 'zone', name);
    const diags = await open(name, ZONE, 'dns-zone');
    assert.ok(diags.some((d) => d.code && d.severity <= 2), `${name} is linted: ${JSON.stringify(diags)}`);
  }
  // Without a zone's header, or without a domain in the name, such names stay other files.
  assert.equal(await kind('example.pl', 'use strict;\nprint "hello";\n'), 'other');
  assert.equal(await kind('db.py', ZONE), 'other');
});
