// The VS Code side of mailzone, kept thin: it starts the language server (dist/server.js over IPC),
// hands it zone files and octoDNS YAML, and adds commands, a status bar item and workspace trust.
// Everything else (diagnostics, hovers, fixes, completion, symbols, code lenses) is the server's.
//
// Command IDs (a public contract: keybindings, tests and docs use them; never rename):
//   mailzone.showSpfTree           Show the SPF lookup tree of the record under the cursor
//                                  (optional argument: a position {line, character}, from a code
//                                  lens, or 'apex' for the zone's own SPF record, from the status bar;
//                                  a code lens adds the document URI as a second argument, which the
//                                  server needs when it runs the command for other LSP clients)
//   mailzone.lintWorkspace         Lint every zone and octoDNS file of the workspace into Problems
//   mailzone.generateM365Records   Insert MX, SPF, DKIM CNAMEs, DMARC, MTA-STS and TLS-RPT for a
//                                  Microsoft 365 domain (optional arguments: domain, tenant)
//   mailzone.openRuleDoc           Open a rule's documentation (optional argument: the rule ID)
//   mailzone.showOutput            Show the server's log
//   mailzone.restartServer         Restart the language server
// Custom server requests used here: mailzone/posture, mailzone/spfTree, mailzone/lintWorkspace,
// mailzone/detectKind, mailzone/m365Records; notification mailzone/setTrust.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentFilter,
  type LanguageClientOptions,
  type ServerOptions,
  type WorkspaceEdit as LspWorkspaceEdit,
} from 'vscode-languageclient/node';

const CLIENT_ID = 'mailzone';
const RULE_DOCS_URL = 'https://github.com/mailzone/mailzone/blob/main/docs/rules.md';
const DEFAULT_PATTERNS = ['**/config/**/*.{yaml,yml}', '**/zones/**/*.{yaml,yml}', '**/octodns/**/*.{yaml,yml}'];
const CLAIMED_KEY = 'mailzone.octodnsFiles';
const SPF_SCHEME = 'mailzone-spf';

interface Posture {
  text: string;
  tooltip: string;
}

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let statusBar: vscode.StatusBarItem;
let ctx: vscode.ExtensionContext;
/** octoDNS files found by content (not by pattern), handed to the server by exact path. */
let claimed = new Set<string>();
const spfDocs = new Map<string, string>();
const spfChanged = new vscode.EventEmitter<vscode.Uri>();

function octodnsPatterns(): string[] {
  const p = vscode.workspace.getConfiguration('mailzone').get<string[]>('octodns.filePatterns');
  return Array.isArray(p) && p.length ? p : DEFAULT_PATTERNS;
}

function documentSelector(): DocumentFilter[] {
  const sel: DocumentFilter[] = [
    { language: 'dns-zone', scheme: 'file' },
    { language: 'dns-zone', scheme: 'untitled' },
  ];
  // YAML only by pattern or by content: other YAML tools must keep working on every other file.
  for (const pattern of octodnsPatterns()) sel.push({ language: 'yaml', scheme: 'file', pattern });
  for (const p of claimed) sel.push({ language: 'yaml', scheme: 'file', pattern: p.replace(/[[\]{}*?]/g, '?') });
  return sel;
}

function isOurs(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(documentSelector() as vscode.DocumentSelector, doc) > 0;
}

async function startClient(): Promise<void> {
  const serverModule = ctx.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    traceOutputChannel: output,
    // clientCommands: commands this extension registers itself, so the server does not advertise
    // them in executeCommandProvider (vscode-languageclient would register them again and VS Code
    // throws "command already exists"). Other LSP clients get them executed by the server.
    initializationOptions: { trusted: vscode.workspace.isTrusted, clientCommands: ['mailzone.showSpfTree'] },
    diagnosticCollectionName: CLIENT_ID,
  };
  client = new LanguageClient(CLIENT_ID, 'mailzone', serverOptions, clientOptions);
  await client.start();
}

let restarting: Promise<void> | undefined;
async function restartClient(): Promise<void> {
  if (restarting) return restarting;
  restarting = (async () => {
    try {
      if (client) await client.stop();
    } catch (err) {
      output.appendLine(`[client] stopping the server: ${String(err)}`);
    }
    await startClient();
  })().finally(() => (restarting = undefined));
  return restarting;
}

/** A YAML file outside the patterns: ask the server whether it is an octoDNS record file. */
async function considerYaml(doc: vscode.TextDocument): Promise<void> {
  if (!client || doc.languageId !== 'yaml' || doc.uri.scheme !== 'file' || isOurs(doc)) return;
  if (doc.getText().length > 4 * 1024 * 1024) return;
  try {
    const r = await client.sendRequest<{ kind: string }>('mailzone/detectKind', {
      uri: doc.uri.toString(),
      text: doc.getText(),
      languageId: doc.languageId,
    });
    if (r?.kind !== 'octodns' || claimed.has(doc.uri.fsPath)) return;
    claimed.add(doc.uri.fsPath);
    await ctx.workspaceState.update(CLAIMED_KEY, [...claimed]);
    output.appendLine(`[client] ${doc.uri.fsPath} reads as octoDNS records: handing it to the server`);
    await restartClient();
  } catch (err) {
    output.appendLine(`[client] detectKind failed: ${String(err)}`);
  }
}

/**
 * A plain-text file named like a BIND zone file the manifest does not claim (`db.example.xyz`,
 * `example.com.zone.bak`): the manifest's name patterns stay narrow (VS Code lets them outrank
 * extensions, so `db.*` would turn db.py into a zone file), and the server decides by name and
 * content whether it is one.
 */
async function considerPlainText(doc: vscode.TextDocument): Promise<void> {
  if (!client || doc.languageId !== 'plaintext' || doc.uri.scheme !== 'file') return;
  if (!/^(db|named|zone)\.|\.zone\./i.test(path.basename(doc.uri.fsPath))) return;
  if (doc.getText().length > 4 * 1024 * 1024) return;
  try {
    const r = await client.sendRequest<{ kind: string }>('mailzone/detectKind', { uri: doc.uri.toString(), text: doc.getText(), languageId: doc.languageId });
    if (r?.kind !== 'zone' || doc.isClosed || doc.languageId !== 'plaintext') return;
    output.appendLine(`[client] ${doc.uri.fsPath} reads as a zone file: setting its language to dns-zone`);
    await vscode.languages.setTextDocumentLanguage(doc, 'dns-zone');
  } catch (err) {
    output.appendLine(`[client] detectKind failed: ${String(err)}`);
  }
}

// ---- Status bar --------------------------------------------------------------------------------

let postureTimer: NodeJS.Timeout | undefined;
function schedulePosture(): void {
  if (postureTimer) clearTimeout(postureTimer);
  postureTimer = setTimeout(() => void updatePosture(), 250);
}

async function updatePosture(): Promise<void> {
  const ed = vscode.window.activeTextEditor;
  if (!client || !ed || !isOurs(ed.document)) {
    statusBar.hide();
    return;
  }
  try {
    const p = await client.sendRequest<Posture | null>('mailzone/posture', { textDocument: { uri: ed.document.uri.toString() } });
    if (!p || vscode.window.activeTextEditor !== ed) {
      if (!p) statusBar.hide();
      return;
    }
    statusBar.text = `$(mail) ${p.text}`;
    statusBar.tooltip = new vscode.MarkdownString(p.tooltip);
    statusBar.show();
  } catch {
    statusBar.hide();
  }
}

// ---- Commands ----------------------------------------------------------------------------------

function asPosition(arg: unknown, ed: vscode.TextEditor): vscode.Position {
  if (arg instanceof vscode.Position) return arg;
  if (arg && typeof arg === 'object' && 'line' in arg && 'character' in arg) {
    const a = arg as { line: number; character: number };
    return new vscode.Position(a.line, a.character);
  }
  return ed.selection.active;
}

async function showSpfTree(arg?: unknown): Promise<void> {
  const ed = vscode.window.activeTextEditor;
  if (!client || !ed || !isOurs(ed.document)) {
    void vscode.window.showInformationMessage('mailzone: open a zone file or octoDNS YAML and place the cursor on an SPF record.');
    return;
  }
  // 'apex' (from the status bar): the SPF record at the zone's apex; else the record at a position.
  const pos = arg === 'apex' ? undefined : asPosition(arg, ed);
  const ask = (p?: vscode.Position) =>
    client!.sendRequest<{ domain: string; markdown: string } | null>('mailzone/spfTree', {
      textDocument: { uri: ed.document.uri.toString() },
      position: p ? { line: p.line, character: p.character } : undefined,
    });
  // Not on an SPF record: the zone's own (apex) SPF record instead.
  const r = (await ask(pos)) ?? (pos ? await ask(undefined) : null);
  if (!r) {
    void vscode.window.showInformationMessage('mailzone: no SPF record here (place the cursor on a TXT record starting with v=spf1).');
    return;
  }
  const uri = vscode.Uri.from({ scheme: SPF_SCHEME, path: `/SPF ${r.domain.replace(/\.$/, '')}.md` });
  spfDocs.set(uri.toString(), r.markdown);
  spfChanged.fire(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
}

async function lintWorkspace(): Promise<void> {
  if (!client) return;
  const c = client;
  const r = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'mailzone: linting the workspace…' },
    () => c.sendRequest<{ files: number; errors: number; warnings: number; infos: number }>('mailzone/lintWorkspace', {}),
  );
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  void vscode.window.showInformationMessage(
    `mailzone: ${r.files} file(s) linted — ${r.errors} error(s), ${r.warnings} warning(s), ${r.infos} info(s).`,
  );
}

function guessDomain(doc: vscode.TextDocument): string {
  const m = /^\$ORIGIN\s+(\S+)/m.exec(doc.getText());
  if (m) return m[1].replace(/\.$/, '');
  return path
    .basename(doc.uri.fsPath)
    .replace(/\.(zone|db|ya?ml|txt)$/i, '')
    .replace(/^(db|zone|named)\./i, '');
}

async function generateM365Records(domainArg?: string, tenantArg?: string): Promise<void> {
  const ed = vscode.window.activeTextEditor;
  if (!client || !ed || !isOurs(ed.document)) {
    void vscode.window.showInformationMessage('mailzone: open the zone file or octoDNS YAML to add the records to.');
    return;
  }
  const domain =
    domainArg ??
    (await vscode.window.showInputBox({
      title: 'Microsoft 365 records (1/2)',
      prompt: 'The mail domain',
      value: guessDomain(ed.document),
      validateInput: (v) => (/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+\.?$/.test(v.trim()) ? undefined : 'A domain name such as example.com'),
    }));
  if (!domain) return;
  const tenant =
    tenantArg ??
    (await vscode.window.showInputBox({
      title: 'Microsoft 365 records (2/2)',
      prompt: 'The tenant: "contoso" for contoso.onmicrosoft.com, or the DKIM host the Defender portal shows (contoso.n-v1.dkim.mail.microsoft)',
      placeHolder: 'contoso',
      validateInput: (v) => (/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(v.trim()) ? undefined : 'A tenant name such as contoso'),
    }));
  if (!tenant) return;
  const r = await client.sendRequest<{ edit: LspWorkspaceEdit; added: string[]; skipped: string[]; error?: string } | null>(
    'mailzone/m365Records',
    { textDocument: { uri: ed.document.uri.toString() }, domain: domain.trim(), tenant: tenant.trim() },
  );
  if (!r) return;
  if (r.error) {
    void vscode.window.showErrorMessage(`mailzone: ${r.error}`);
    return;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(r.edit);
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) {
    void vscode.window.showErrorMessage('mailzone: the document changed meanwhile; run the command again.');
    return;
  }
  const msg = [r.added.length ? `added ${r.added.join(', ')}` : 'nothing to add', r.skipped.length ? `kept existing: ${r.skipped.join('; ')}` : '']
    .filter(Boolean)
    .join(' — ');
  void vscode.window.showInformationMessage(`mailzone: ${msg}`);
}

function ruleAnchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

async function openRuleDoc(ruleArg?: unknown): Promise<void> {
  let rule = typeof ruleArg === 'string' ? ruleArg : undefined;
  if (!rule) {
    const ed = vscode.window.activeTextEditor;
    const here = ed
      ? vscode.languages
          .getDiagnostics(ed.document.uri)
          .filter((d) => d.source === 'mailzone' && d.range.contains(ed.selection.active))
          .map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)))
      : [];
    const all = ed ? [...new Set(vscode.languages.getDiagnostics(ed.document.uri).filter((d) => d.source === 'mailzone').map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code))))] : [];
    const items = [...new Set([...here, ...all])];
    rule = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items.length ? items : [''], { placeHolder: 'Rule ID (e.g. spf/soft-all)' });
    if (!rule) {
      rule = await vscode.window.showInputBox({ prompt: 'Rule ID', placeHolder: 'spf/soft-all' });
      if (!rule) return;
    }
  }
  const local = ctx.asAbsolutePath(path.join('docs', 'rules.md'));
  if (fs.existsSync(local)) {
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(local).with({ fragment: ruleAnchor(rule) }));
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(`${RULE_DOCS_URL}#${ruleAnchor(rule)}`));
}

// ---- Activation --------------------------------------------------------------------------------

export async function activate(context: vscode.ExtensionContext): Promise<{ client: () => LanguageClient | undefined }> {
  ctx = context;
  output = vscode.window.createOutputChannel('mailzone', { log: true });
  claimed = new Set(context.workspaceState.get<string[]>(CLAIMED_KEY, []).filter((p) => fs.existsSync(p)));
  statusBar = vscode.window.createStatusBarItem('mailzone.posture', vscode.StatusBarAlignment.Left, 50);
  statusBar.name = 'mailzone posture';
  statusBar.command = { command: 'mailzone.showSpfTree', title: 'Show the SPF lookup tree', arguments: ['apex'] };
  context.subscriptions.push(output, statusBar, spfChanged);

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SPF_SCHEME, {
      onDidChange: spfChanged.event,
      provideTextDocumentContent: (uri) => spfDocs.get(uri.toString()) ?? '',
    }),
    vscode.commands.registerCommand('mailzone.showSpfTree', (arg?: unknown) => showSpfTree(arg)),
    vscode.commands.registerCommand('mailzone.lintWorkspace', () => lintWorkspace()),
    vscode.commands.registerCommand('mailzone.generateM365Records', (d?: string, t?: string) => generateM365Records(d, t)),
    vscode.commands.registerCommand('mailzone.openRuleDoc', (rule?: unknown) => openRuleDoc(rule)),
    vscode.commands.registerCommand('mailzone.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('mailzone.restartServer', () => restartClient()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification('mailzone/setTrust', { trusted: true });
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mailzone.octodns.filePatterns')) void restartClient();
    }),
    vscode.workspace.onDidOpenTextDocument((doc) => {
      void considerYaml(doc);
      void considerPlainText(doc);
    }),
    vscode.window.onDidChangeActiveTextEditor(() => schedulePosture()),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const ed = vscode.window.activeTextEditor;
      if (ed && e.uris.some((u) => u.toString() === ed.document.uri.toString())) schedulePosture();
    }),
  );

  await startClient();
  for (const doc of vscode.workspace.textDocuments) {
    void considerYaml(doc);
    void considerPlainText(doc);
  }
  schedulePosture();
  // For the integration tests: the running client.
  return { client: () => client };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
