// Runs the same integration suite (test/realclient/vscode-suite) in VS Code desktop through
// @vscode/test-electron, for machines that can download VS Code.
//
//   npm run build && node test/realclient/electron-launcher.mjs [--version stable|1.91.0]
//
// @vscode/test-electron downloads VS Code into .vscode-test/ on first run (needs access to
// update.code.visualstudio.com), then starts it with the working tree as the extension under
// development (--extensionDevelopmentPath) and the suite as --extensionTestsPath, on a copy of
// test/fixtures/realclient/workspace, with a throwaway profile. On Linux without a display run it
// under `xvfb-run -a`. The exit code is the suite's.
//
// It is NOT part of `npm test`: the project's machines and CI cannot download VS Code (there the same
// suite runs inside code-server; see test/realclient/code-server.mjs and test/realclient.test.mjs).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './tools.mjs';

const argv = process.argv.slice(2);
const vi = argv.indexOf('--version');
const version = vi >= 0 ? argv[vi + 1] : 'stable';

const { runTests } = await import('@vscode/test-electron');

mkdirSync(join(ROOT, 'test/.tmp'), { recursive: true });
const runDir = mkdtempSync(join(ROOT, 'test/.tmp', 'electron-'));
const ws = join(runDir, 'ws');
cpSync(join(ROOT, 'test/fixtures/realclient/workspace'), ws, { recursive: true });
const userDir = join(runDir, 'user');
mkdirSync(join(userDir, 'User'), { recursive: true });
writeFileSync(
  join(userDir, 'User/settings.json'),
  JSON.stringify({
    'chat.disableAIFeatures': true,
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'editor.wordBasedSuggestions': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
  }),
);

let code = 1;
try {
  code = await runTests({
    version,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'test/realclient/vscode-suite/index.js'),
    launchArgs: [ws, '--user-data-dir', userDir, '--extensions-dir', join(runDir, 'ext'), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { MAILZONE_RC_RUN_DIR: runDir },
  });
} catch (e) {
  console.error(`VS Code run failed: ${e?.message ?? e}`);
} finally {
  rmSync(runDir, { recursive: true, force: true });
}
process.exit(code);
