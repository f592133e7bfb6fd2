// Entry point of the language server (dist/server.js). VS Code starts it over IPC (--node-ipc);
// any other LSP client runs `node dist/server.js --stdio`. The work is in ./lsp/server.ts.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

const connection = createConnection(ProposedFeatures.all);

// Bad input must never take the server down: log and keep serving.
process.on('uncaughtException', (err) => {
  try {
    connection.console.error(`[mailzone] uncaught exception: ${err?.stack ?? String(err)}`);
  } catch {
    // the connection itself is gone
  }
});
process.on('unhandledRejection', (reason) => {
  try {
    connection.console.error(`[mailzone] unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
  } catch {
    // the connection itself is gone
  }
});

startServer(connection);
