// Finds the zone files and octoDNS YAML files of the workspace folders, so cross-file findings
// (an SPF include, a DMARC record inherited from a parent zone) work without opening every file.
// Bounded: skips node_modules/.git and friends, caps the number of entries and the file size.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { BACKUP_NAME } from '../engine/documents';

export const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test', '.tools']);
export const MAX_ENTRIES = 50_000;
export const MAX_CANDIDATES = 2_000;
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

const ZONE_LIKE = /\.(zone|db|tst|hosts|rev|arpa|ya?ml)$|^(db|named|zone)\.|^[^.]+$|\.txt$/i;

export interface ScanResult {
  files: string[];
  truncated: boolean;
}

/** Candidate files under the roots, by name; the caller decides by content (detectKind). */
export async function scanFolders(roots: string[], signal?: AbortSignal): Promise<ScanResult> {
  const files: string[] = [];
  let entries = 0;
  let truncated = false;
  const queue = [...roots];
  while (queue.length) {
    if (signal?.aborted) break;
    const dir = queue.shift()!;
    let list: import('node:fs').Dirent[];
    try {
      list = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of list) {
      if (++entries > MAX_ENTRIES || files.length >= MAX_CANDIDATES) {
        truncated = true;
        return { files, truncated };
      }
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) queue.push(p);
      } else if ((e.isFile() || (e.isSymbolicLink() && (await isFileLink(p)))) && ZONE_LIKE.test(e.name) && !BACKUP_NAME.test(e.name)) files.push(p);
    }
  }
  return { files, truncated };
}

/** A symbolic link to a file (followed); links to directories are not followed (they may loop). */
async function isFileLink(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Reads a file when it is small enough; undefined otherwise (too big, binary, unreadable). */
export async function readSmallFile(p: string, maxBytes = MAX_FILE_BYTES): Promise<string | undefined> {
  try {
    const st = await fs.stat(p);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    const buf = await fs.readFile(p);
    if (buf.subarray(0, 8192).includes(0)) return undefined; // binary
    return buf.toString('utf8');
  } catch {
    return undefined;
  }
}
