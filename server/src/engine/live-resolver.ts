// PLACEHOLDER (owned by the SPF work, which replaces this whole file with LiveResolver on node:dns).
// Until then, lookups beyond the workspace are 'unresolved' in every mode.
import type { Resolver } from './resolver';
import { WorkspaceResolver } from './resolver';
import type { Workspace } from './workspace';

export function createResolver(ws: Workspace, _opts: { dns?: 'off' | 'workspace' | 'live'; servers?: string[]; timeoutMs?: number }): Resolver {
  return new WorkspaceResolver(ws);
}
