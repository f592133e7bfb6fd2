// The extension's integration suite. It runs INSIDE VS Code's extension host (code-server here, or
// VS Code desktop through @vscode/test-electron), with the real LanguageClient talking to the real
// dist/server.js, on the workspace copied from test/fixtures/realclient/workspace.
//
// It exports run() as @vscode/test-electron expects: the returned promise rejects when a check fails.
// Each check prints one line `MAILZONE_RC RESULT {"name","ok","ms","error"}`, which
// the node test (test/realclient.test.mjs) reads back. At the end it arranges the workbench for the
// README screenshot and, when run by test/realclient/code-server.mjs, waits until it has been taken.
'use strict';
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

const TAG = 'MAILZONE_RC';
const results = [];

function log(line) {
  console.log(`${TAG} ${line}`);
}

async function check(name, fn) {
  const t = Date.now();
  try {
    await fn();
    results.push({ name, ok: true, ms: Date.now() - t });
    log(`RESULT ${JSON.stringify(results[results.length - 1])}`);
  } catch (e) {
    const why = e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : String(e);
    results.push({ name, ok: false, ms: Date.now() - t, error: why });
    log(`RESULT ${JSON.stringify(results[results.length - 1])}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

function eq(actual, expected, msg) {
  const a = JSON.stringify(actual);
  const b = JSON.stringify(expected);
  if (a !== b) throw new Error(`${msg}: expected ${b}, got ${a}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(fn, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

function codeOf(d) {
  if (d.code === undefined || d.code === null) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function rangeOf(r) {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

function describeDiags(diags) {
  return diags.map((d) => `${codeOf(d)}@${rangeOf(d.range).join(':')}`).join(', ');
}

function hoverText(hovers) {
  const parts = [];
  for (const h of hovers || []) {
    for (const c of h.contents) parts.push(typeof c === 'string' ? c : c.value);
  }
  return parts.join('\n');
}

/** Range of `needle` on the line (0-based) of `doc`; fails loudly if the fixture changed. */
function rangeOfText(doc, line, needle) {
  const text = doc.lineAt(line).text;
  const i = text.indexOf(needle);
  assert(i >= 0, `fixture line ${line} should contain ${JSON.stringify(needle)}: ${text}`);
  return new vscode.Range(line, i, line, i + needle.length);
}

function lineOf(doc, needle) {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
  throw new Error(`fixture should contain ${JSON.stringify(needle)}`);
}

async function diagnosticsWith(uri, code, timeoutMs = 15000) {
  return waitFor(
    () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.some((x) => codeOf(x) === code) ? d : undefined;
    },
    timeoutMs,
    `a ${code} diagnostic on ${path.basename(uri.fsPath)} (now: ${describeDiags(vscode.languages.getDiagnostics(uri))})`,
  );
}

async function ourActions(uri, range) {
  const all = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range)) || [];
  // A fresh profile may add built-in chat actions; keep the ones our server made (they carry a kind
  // under quickfix and the diagnostics they fix, or a mailzone title).
  return all.filter((a) => a && a.title && !/copilot|chat|explain/i.test(a.title));
}

async function applyAction(action) {
  if (action.edit) {
    const ok = await vscode.workspace.applyEdit(action.edit);
    assert(ok, `applyEdit of "${action.title}" returned false`);
  }
  if (action.command) {
    const cmd = typeof action.command === 'string' ? action.command : action.command.command;
    const args = typeof action.command === 'string' ? [] : action.command.arguments || [];
    await vscode.commands.executeCommand(cmd, ...args);
  }
}

// The fixture texts as they were when the suite started: revert() puts them back.
const originals = new Map();

async function remember(uri) {
  if (!originals.has(uri.toString())) {
    originals.set(uri.toString(), Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'));
  }
}

/** Puts the fixture's original text back into the document and saves it (the workspace is a throwaway copy). */
async function revert(doc) {
  const text = originals.get(doc.uri.toString());
  assert(text !== undefined, `no original text remembered for ${doc.uri.fsPath}`);
  if (doc.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    assert(await vscode.workspace.applyEdit(edit), `revert of ${doc.uri.fsPath} failed`);
  }
  if (doc.isDirty) await doc.save();
  eq(doc.getText(), text, `text of ${path.basename(doc.uri.fsPath)} after revert`);
}

exports.run = async function run() {
  const t0 = Date.now();
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert(folder, 'the workbench should have opened the fixture workspace');
  const ws = folder.uri;
  const zoneUri = vscode.Uri.joinPath(ws, 'example.com.zone');
  const yamlUri = vscode.Uri.joinPath(ws, 'octodns/example.org.yaml');
  let zoneDoc;
  for (const f of ['example.com.zone', 'fabrikam.example.zone', 'shop.example.com.zone', 'octodns/example.org.yaml', 'octodns/example.net.yaml']) {
    await remember(vscode.Uri.joinPath(ws, f));
  }

  await check('extension is installed from the working tree and activates', async () => {
    const ext = vscode.extensions.getExtension('mailzone.mailzone');
    assert(ext, 'extension mailzone.mailzone not found');
    zoneDoc = await vscode.workspace.openTextDocument(zoneUri);
    await vscode.window.showTextDocument(zoneDoc);
    await ext.activate();
    assert(ext.isActive, 'extension did not activate');
    // Where it runs from: the working tree (extensionDevelopmentPath) or the installed .vsix.
    const from = process.env.MAILZONE_RC_FROM;
    const root = process.env.MAILZONE_RC_ROOT;
    if (from === 'vsix') {
      assert(/[\\/]ext[\\/]mailzone\.mailzone-/.test(ext.extensionPath), `should run from the installed .vsix, runs from ${ext.extensionPath}`);
    } else if (from === 'dev' && root) {
      eq(ext.extensionPath, root, 'extension path (the working tree)');
    }
  });

  await check('zone file gets the dns-zone language', async () => {
    eq(zoneDoc.languageId, 'dns-zone', 'languageId of example.com.zone');
  });

  const spfLine = lineOf(zoneDoc, 'v=spf1 mx');
  const dmarcLine = lineOf(zoneDoc, 'v=DMARC1');

  await check('zone diagnostics: spf/soft-all on ~all, dmarc/p-none on p=none', async () => {
    const diags = await diagnosticsWith(zoneUri, 'spf/soft-all');
    await diagnosticsWith(zoneUri, 'dmarc/p-none');
    const all = vscode.languages.getDiagnostics(zoneUri);
    const soft = all.find((d) => codeOf(d) === 'spf/soft-all');
    eq(rangeOf(soft.range), rangeOf(rangeOfText(zoneDoc, spfLine, '~all')), 'spf/soft-all range');
    eq(soft.severity, vscode.DiagnosticSeverity.Warning, 'spf/soft-all severity');
    eq(soft.source, 'mailzone', 'diagnostic source');
    assert(soft.message.length > 20, `message should explain the problem: ${soft.message}`);
    const target = soft.code && typeof soft.code === 'object' ? soft.code.target : undefined;
    assert(target && String(target).includes('soft-all'), `codeDescription link should name the rule, got ${target}`);
    const pnone = all.find((d) => codeOf(d) === 'dmarc/p-none');
    eq(rangeOf(pnone.range), rangeOf(rangeOfText(zoneDoc, dmarcLine, 'p=none')), 'dmarc/p-none range');
    assert(!diags.some((d) => codeOf(d) === 'zone/syntax'), `no syntax errors expected: ${describeDiags(diags)}`);
  });

  await check('a term that has no effect is tagged Unnecessary (pct with p=none)', async () => {
    const d = (await diagnosticsWith(zoneUri, 'dmarc/pct-with-none')).find((x) => codeOf(x) === 'dmarc/pct-with-none');
    eq(rangeOf(d.range), rangeOf(rangeOfText(zoneDoc, dmarcLine, 'pct=50')), 'dmarc/pct-with-none range');
    assert((d.tags || []).includes(vscode.DiagnosticTag.Unnecessary), `tags: ${JSON.stringify(d.tags)}`);
  });

  await check('hover on ~all explains the rule', async () => {
    const pos = rangeOfText(zoneDoc, spfLine, '~all').start.translate(0, 1);
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', zoneUri, pos);
    const text = hoverText(hovers);
    assert(/~all|soft ?fail/i.test(text), `hover should explain ~all, got: ${text.slice(0, 300)}`);
  });

  await check('quick fix on spf/soft-all rewrites ~all to -all', async () => {
    const soft = vscode.languages.getDiagnostics(zoneUri).find((d) => codeOf(d) === 'spf/soft-all');
    assert(soft, 'spf/soft-all diagnostic should be present');
    const actions = await ourActions(zoneUri, soft.range);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => /-all/.test(a.title) && !/disable/i.test(a.title));
    assert(fix, `a "-all" quick fix should be offered, got: ${JSON.stringify(titles)}`);
    assert(
      titles.some((t) => /disable/i.test(t) && /soft-all/.test(t) && /this line/i.test(t)),
      `a "disable spf/soft-all for this line" action should be offered, got: ${JSON.stringify(titles)}`,
    );
    await applyAction(fix);
    const line = zoneDoc.lineAt(spfLine).text;
    eq(line, '@       IN TXT  "v=spf1 mx include:_spf.example.com -all"', 'SPF line after the fix');
    await waitFor(
      () => !vscode.languages.getDiagnostics(zoneUri).some((d) => codeOf(d) === 'spf/soft-all'),
      10000,
      'spf/soft-all to disappear after the fix',
    );
    await revert(zoneDoc);
    await diagnosticsWith(zoneUri, 'spf/soft-all');
  });

  await check('typing: after a burst of edits the diagnostics match the final text (nothing stale)', async () => {
    const editor = await vscode.window.showTextDocument(zoneDoc);
    const qualifiers = ['?', '+', '~', '?', '-', '~', '?', '+', '?', '+'];
    for (const q of qualifiers) {
      const r = new vscode.Range(spfLine, 0, spfLine, zoneDoc.lineAt(spfLine).text.length);
      const text = zoneDoc.lineAt(spfLine).text.replace(/[~?+-]all"/, `${q}all"`);
      assert(await editor.edit((b) => b.replace(r, text)), 'edit');
      await sleep(15);
    }
    assert(zoneDoc.lineAt(spfLine).text.endsWith('+all"'), 'the last edit leaves +all');
    const plus = rangeOfText(zoneDoc, spfLine, '+all');
    await waitFor(
      () => {
        const ds = vscode.languages.getDiagnostics(zoneUri);
        const p = ds.find((d) => codeOf(d) === 'spf/plus-all');
        return p && p.range.isEqual(plus) && !ds.some((d) => /^spf\/(soft|neutral)-all$/.test(codeOf(d)));
      },
      15000,
      `spf/plus-all on +all and no soft/neutral finding (have ${describeDiags(vscode.languages.getDiagnostics(zoneUri))})`,
    );
    // And it stays that way: no late publication of an older version's results.
    await sleep(1500);
    const ds = vscode.languages.getDiagnostics(zoneUri);
    assert(!ds.some((d) => /^spf\/(soft|neutral)-all$/.test(codeOf(d))), `stale findings appeared: ${describeDiags(ds)}`);
    await revert(zoneDoc);
    await diagnosticsWith(zoneUri, 'spf/soft-all');
  });

  await check('quick fix "disable for this line" inserts a suppression comment', async () => {
    const pnone = vscode.languages.getDiagnostics(zoneUri).find((d) => codeOf(d) === 'dmarc/p-none');
    assert(pnone, 'dmarc/p-none diagnostic should be present');
    const actions = await ourActions(zoneUri, pnone.range);
    const dis = actions.find((a) => /disable/i.test(a.title) && /p-none/.test(a.title) && /this line/i.test(a.title));
    assert(dis, `a disable action should be offered, got: ${JSON.stringify(actions.map((a) => a.title))}`);
    await applyAction(dis);
    const text = zoneDoc.getText();
    assert(/;\s*mailzone-disable-next-line\s+dmarc\/p-none/.test(text), 'suppression comment should be inserted');
    await waitFor(
      () => !vscode.languages.getDiagnostics(zoneUri).some((d) => codeOf(d) === 'dmarc/p-none'),
      10000,
      'dmarc/p-none to be silenced',
    );
    await revert(zoneDoc);
  });

  await check('across files: shop.example.com inherits DMARC from example.com, and loses it when that record goes', async () => {
    const shopUri = vscode.Uri.joinPath(ws, 'shop.example.com.zone');
    const shop = await vscode.workspace.openTextDocument(shopUri);
    await vscode.window.showTextDocument(shop, { preview: false });
    await sleep(1500);
    const missing = () => vscode.languages.getDiagnostics(shopUri).some((d) => codeOf(d) === 'dmarc/missing-record');
    assert(!missing(), `no dmarc/missing-record while example.com has _dmarc: ${describeDiags(vscode.languages.getDiagnostics(shopUri))}`);
    // Delete example.com's _dmarc record (unsaved edit in the other file).
    const edit = new vscode.WorkspaceEdit();
    edit.delete(zoneUri, new vscode.Range(dmarcLine, 0, dmarcLine + 1, 0));
    assert(await vscode.workspace.applyEdit(edit), 'deleting the _dmarc line');
    await waitFor(missing, 15000, `dmarc/missing-record on shop.example.com (have ${describeDiags(vscode.languages.getDiagnostics(shopUri))})`);
    const d = vscode.languages.getDiagnostics(shopUri).find((x) => codeOf(x) === 'dmarc/missing-record');
    eq(d.range.start.line, lineOf(shop, 'IN MX'), 'dmarc/missing-record is on the MX line');
    await revert(zoneDoc);
    await waitFor(() => !missing(), 15000, 'dmarc/missing-record to go once example.com has _dmarc again');
  });

  await check('octoDNS YAML: spf/neutral-all on ?all', async () => {
    const doc = await vscode.workspace.openTextDocument(yamlUri);
    await vscode.window.showTextDocument(doc);
    await diagnosticsWith(yamlUri, 'spf/neutral-all');
    const d = vscode.languages.getDiagnostics(yamlUri).find((x) => codeOf(x) === 'spf/neutral-all');
    const line = lineOf(doc, 'v=spf1');
    eq(rangeOf(d.range), rangeOf(rangeOfText(doc, line, '?all')), 'spf/neutral-all range in YAML');
  });

  await check('octoDNS YAML: dmarc/p-none, hardened to p=reject with the \\; escapes kept', async () => {
    const uri = vscode.Uri.joinPath(ws, 'octodns/example.net.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await diagnosticsWith(uri, 'dmarc/p-none');
    const line = lineOf(doc, 'v=DMARC1');
    const d = vscode.languages.getDiagnostics(uri).find((x) => codeOf(x) === 'dmarc/p-none');
    eq(rangeOf(d.range), rangeOf(rangeOfText(doc, line, 'p=none')), 'dmarc/p-none range in YAML');
    const actions = await ourActions(uri, d.range);
    const fix = actions.find((a) => /p=reject/.test(a.title));
    assert(fix, `a p=reject fix should be offered, got ${JSON.stringify(actions.map((a) => a.title))}`);
    await applyAction(fix);
    eq(doc.lineAt(line).text, '  value: v=DMARC1\\; p=reject\\; rua=mailto:dmarc@example.net', 'DMARC line after the fix');
    await waitFor(
      () => !vscode.languages.getDiagnostics(uri).some((x) => codeOf(x) === 'dmarc/p-none'),
      10000,
      'dmarc/p-none to disappear after the fix',
    );
    await revert(doc);
  });

  await check('document symbols list the zone names', async () => {
    const syms = (await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', zoneUri)) || [];
    const names = [];
    const walk = (s) => {
      for (const x of s) {
        names.push(x.name);
        if (x.children) walk(x.children);
      }
    };
    walk(syms);
    assert(names.some((n) => n.includes('_dmarc')), `symbols should include _dmarc, got ${JSON.stringify(names)}`);
  });

  await check('code lens shows the SPF lookup count', async () => {
    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', zoneUri)) || [];
    const spf = lenses.find((l) => l.command && /SPF/.test(l.command.title) && l.range.start.line === spfLine);
    assert(spf, `a lens on the SPF line (${spfLine}), got ${JSON.stringify(lenses.map((l) => [l.range.start.line, l.command && l.command.title]))}`);
    // mx + include:_spf.example.com (which itself needs none) = 2 lookups.
    assert(/\b2\/10\b/.test(spf.command.title), `lens should count 2/10 lookups: ${spf.command.title}`);
  });

  async function completionLabels(uri, pos) {
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, pos);
    // Word-based suggestions (kind Text) are not ours.
    const items = (list ? list.items : []).filter((i) => i.kind !== vscode.CompletionItemKind.Text);
    return items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  }

  await check('completion offers DMARC policy values after p=', async () => {
    await vscode.window.showTextDocument(zoneDoc);
    const pos = rangeOfText(zoneDoc, dmarcLine, 'p=none').start.translate(0, 2);
    const labels = await completionLabels(zoneUri, pos);
    for (const v of ['none', 'quarantine', 'reject']) {
      assert(labels.includes(v), `completion after p= should offer ${v}, got ${JSON.stringify(labels.slice(0, 30))}`);
    }
  });

  await check('completion offers SPF mechanisms inside the SPF string', async () => {
    const pos = rangeOfText(zoneDoc, spfLine, '~all').start;
    const labels = await completionLabels(zoneUri, pos);
    for (const m of ['include:', 'ip4:', 'ip6:', 'exists:']) {
      assert(labels.some((l) => l.startsWith(m)), `completion should offer ${m}, got ${JSON.stringify(labels.slice(0, 40))}`);
    }
  });

  await check('commands are registered and showSpfTree runs on the SPF record', async () => {
    const cmds = await vscode.commands.getCommands(true);
    const ours = cmds.filter((c) => c.startsWith('mailzone.'));
    assert(ours.includes('mailzone.showSpfTree'), `mailzone.showSpfTree should be registered, have ${JSON.stringify(ours)}`);
    const editor = await vscode.window.showTextDocument(zoneDoc);
    const p = rangeOfText(zoneDoc, spfLine, 'include').start;
    editor.selection = new vscode.Selection(p, p);
    const before = vscode.workspace.textDocuments.length;
    const res = await vscode.commands.executeCommand('mailzone.showSpfTree');
    const docs = vscode.workspace.textDocuments;
    const tree = [res, ...docs.map((d) => d.getText())]
      .map((x) => (typeof x === 'string' ? x : x ? JSON.stringify(x) : ''))
      .join('\n');
    assert(/_spf\.example\.com/.test(tree), `the SPF tree should show the include (docs ${before}→${docs.length})`);
  });

  await check('status bar posture (mailzone/posture) for the zone', async () => {
    const api = vscode.extensions.getExtension('mailzone.mailzone').exports;
    const client = api && typeof api.client === 'function' ? api.client() : undefined;
    assert(client, 'activate() should return { client }');
    const posture = await client.sendRequest('mailzone/posture', { textDocument: { uri: zoneUri.toString() } });
    const text = posture && (posture.text || '');
    assert(/SPF 2\/10/.test(text) && /DMARC none/.test(text) && /DKIM/.test(text), `posture text: ${JSON.stringify(posture)}`);
  });

  await check('generate Microsoft 365 records into an empty zone (no prompts: domain and tenant given)', async () => {
    const uri = vscode.Uri.joinPath(ws, 'fabrikam.example.zone');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('mailzone.generateM365Records', 'fabrikam.example', 'fabrikam');
    const text = await waitFor(() => (doc.getText().includes('_domainkey') ? doc.getText() : undefined), 10000, 'the records to be inserted');
    const want = [
      /\bMX\s+0\s+fabrikam-example\.mail\.protection\.outlook\.com\./,
      /"v=spf1 include:spf\.protection\.outlook\.com -all"/,
      /selector1\._domainkey\s.*CNAME\s+selector1-fabrikam-example\._domainkey\.fabrikam\.onmicrosoft\.com\./,
      /selector2\._domainkey\s.*CNAME\s+selector2-fabrikam-example\._domainkey\.fabrikam\.onmicrosoft\.com\./,
      /_dmarc\s.*"v=DMARC1; p=/,
    ];
    for (const re of want) assert(re.test(text), `generated records should match ${re}:\n${text}`);
    // What it generates must satisfy the linter's own Microsoft 365 rules.
    await sleep(1500);
    const bad = vscode.languages
      .getDiagnostics(uri)
      .filter((d) => /^(dkim\/m365|spf\/m365|zone\/syntax|zone\/relative-target)/.test(codeOf(d)));
    assert(bad.length === 0, `generated records should pass the M365 rules: ${describeDiags(bad)}`);
    await revert(doc);
    // After the revert the findings about the generated records must go: no stale results.
    await waitFor(
      () => vscode.languages.getDiagnostics(uri).every((d) => d.range.end.line < doc.lineCount && !/^(mta-sts|spf|dmarc|dkim)\//.test(codeOf(d))),
      10000,
      `diagnostics of the reverted file to be fresh (have ${describeDiags(vscode.languages.getDiagnostics(uri))}, ${doc.lineCount} lines)`,
    );
  });

  await check('open rule documentation shows docs/rules.md at the rule', async () => {
    await vscode.commands.executeCommand('mailzone.openRuleDoc', 'spf/soft-all');
    const tab = await waitFor(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /rules\.md/i.test(t.label)),
      10000,
      `a rules.md tab (tabs: ${JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label))})`,
    );
    assert(tab, 'rules.md tab');
  });

  await check('lint workspace command reports the YAML file too', async () => {
    const cmds = await vscode.commands.getCommands(true);
    assert(cmds.includes('mailzone.lintWorkspace'), 'mailzone.lintWorkspace should be registered');
    await vscode.commands.executeCommand('mailzone.lintWorkspace');
    await diagnosticsWith(yamlUri, 'spf/neutral-all');
  });

  await check('db.py, db.ts, db.json and db.yaml keep their own language; db.<domain> files are zone files', async () => {
    const zoneText = '$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n@ IN TXT "v=spf1 +all"\n';
    const files = {
      'src/db.py': 'import sqlite3\n\ndef connect():\n    return sqlite3.connect("app.db")\n',
      'src/db.ts': 'export const db = 1;\n',
      'db.json': '{ "host": "localhost" }\n',
      'db.yaml': 'host: localhost\n',
      'db.example.com': zoneText,
      // A top-level domain the manifest does not list: the client asks the server and promotes it.
      'db.example.xyz': zoneText,
    };
    const docs = {};
    for (const [name, text] of Object.entries(files)) {
      const uri = vscode.Uri.joinPath(ws, name);
      fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
      fs.writeFileSync(uri.fsPath, text);
      docs[name] = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(docs[name], { preview: false });
    }
    for (const name of ['src/db.py', 'src/db.ts', 'db.json', 'db.yaml']) {
      assert(docs[name].languageId !== 'dns-zone', `${name} opened as ${docs[name].languageId}`);
    }
    eq(docs['db.example.com'].languageId, 'dns-zone', 'languageId of db.example.com');
    await diagnosticsWith(vscode.Uri.joinPath(ws, 'db.example.com'), 'spf/plus-all');
    await waitFor(
      async () => (await vscode.workspace.openTextDocument(vscode.Uri.joinPath(ws, 'db.example.xyz'))).languageId === 'dns-zone',
      10000,
      'db.example.xyz to become dns-zone',
    );
    await diagnosticsWith(vscode.Uri.joinPath(ws, 'db.example.xyz'), 'spf/plus-all');
    await sleep(500);
    for (const name of ['src/db.py', 'src/db.ts', 'db.json', 'db.yaml']) {
      const d = vscode.languages.getDiagnostics(vscode.Uri.joinPath(ws, name)).filter((x) => x.source === 'mailzone');
      assert(d.length === 0, `${name} has mailzone diagnostics: ${describeDiags(d)}`);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  // Arrange the workbench for the README screenshot: zone file, cursor and hover on ~all, Problems open.
  try {
    await revert(zoneDoc);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar').then(undefined, () => undefined);
    const editor = await vscode.window.showTextDocument(zoneDoc, { preview: false });
    await diagnosticsWith(zoneUri, 'spf/soft-all', 5000).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.window.showTextDocument(zoneDoc, { preserveFocus: false });
    const p = rangeOfText(zoneDoc, spfLine, '~all').start.translate(0, 1);
    editor.selection = new vscode.Selection(p, p);
    await sleep(300);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(1200);
    const runDir = process.env.MAILZONE_RC_RUN_DIR;
    log('MAILZONE_SCREENSHOT_READY');
    log(`run dir ${runDir || '(none)'}, screenshot wanted: ${process.env.MAILZONE_RC_SCREENSHOT === '1'}`);
    if (runDir && process.env.MAILZONE_RC_SCREENSHOT === '1') {
      const done = path.join(runDir, 'screenshot.done');
      await waitFor(() => fs.existsSync(done), 20000, 'the screenshot').catch(() => undefined);
    }
  } catch (e) {
    log(`screenshot setup failed: ${e.message}`);
  }

  const failed = results.filter((r) => !r.ok);
  log(`summary ${results.length - failed.length} passed, ${failed.length} failed in ${Date.now() - t0} ms`);
  if (failed.length) throw new Error(`${failed.length} check(s) failed: ${failed.map((f) => f.name).join('; ')}`);
};
