// A zone file saved with a UTF-8 byte-order mark: BIND refuses it, but editors hide the mark (VS
// Code shows "UTF-8 with BOM" in the status bar and sends the text without it; Neovim and Emacs do
// the same), so the reader's zone/syntax error never reaches the editor. The server looks at the
// file's first bytes on disk instead.
import * as fs from 'node:fs';
import type { Finding, Severity, SourceFile } from '../engine/model';

/** What the first bytes of each file said, read when the document was opened or saved (not per keystroke). */
const cache = new Map<string, boolean>();

export const DISK_BOM_MESSAGE =
  'The file on disk starts with a UTF-8 byte-order mark (U+FEFF) that the editor does not show: BIND reads it as part of the first name and refuses the zone ("unknown RR type" or a bad owner name), so none of its records are served. Save the file as UTF-8 without BOM (VS Code: click the encoding in the status bar, then "Save with Encoding" → UTF-8; Vim: `:set nobomb`; Emacs: `C-x RET f utf-8`).';

/** True when the file at `path` starts with a UTF-8 BOM on disk (read once, again after forgetDiskBom). */
export function diskHasBom(path: string): boolean {
  const known = cache.get(path);
  if (known !== undefined) return known;
  let bom = false;
  try {
    // O_NONBLOCK: a named pipe with no writer would otherwise block the server here for good.
    const fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    try {
      const b = Buffer.alloc(3);
      bom = fs.readSync(fd, b, 0, 3, 0) === 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    bom = false; // no such file (an unsaved document), a directory, no permission
  }
  if (cache.size > 1000) cache.clear();
  cache.set(path, bom);
  return bom;
}

/** The file was opened or saved: read its first bytes again at the next lint. */
export function forgetDiskBom(path: string): void {
  cache.delete(path);
}

/**
 * The zone/syntax finding for a document whose text has no BOM while its file on disk has one
 * (undefined otherwise: a BOM the editor does send is reported by the reader itself).
 */
export function diskBomFinding(file: SourceFile, text: string, severity: Severity | 'off'): Finding | undefined {
  if (severity === 'off' || text.charCodeAt(0) === 0xfeff || !diskHasBom(file.path)) return undefined;
  let end = 0;
  while (end < text.length && !/[\s;]/.test(text[end])) end++;
  return { rule: 'zone/syntax', severity, message: DISK_BOM_MESSAGE, file, start: 0, end };
}
