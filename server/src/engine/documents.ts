// Which reader a file needs, and its default origin. Shared by the CLI and the language server
// so both detect files the same way.
import * as path from 'node:path';
import type { SourceFile, Zone } from './model';
import { parseZone } from './zone';
import { octodnsKind, parseOctodns } from './octodns';

export type DocumentKind = 'zone' | 'octodns' | 'octodns-config' | 'other';

export interface ReadOptions {
  /** Origin for a zone file without $ORIGIN (CLI --origin). */
  origin?: string;
  readFile?: (absPath: string) => string | undefined;
  workspaceRoot?: string;
}

const ZONE_EXT = /\.(zone|db|tst|hosts|rev|arpa)$/i;
const ZONE_NAME = /^(db\.|named\.|zone\.)/i;

/** Decides by name first, then by content (an SOA, $ORIGIN or $TTL line makes a zone file). */
export function detectKind(filePath: string, text: string, languageId?: string): DocumentKind {
  const base = path.basename(filePath);
  if (languageId === 'dns-zone') return 'zone';
  if (/\.ya?ml$/i.test(base) || languageId === 'yaml') {
    const k = octodnsKind(filePath, text);
    return k === 'records' ? 'octodns' : k === 'config' ? 'octodns-config' : 'other';
  }
  if (ZONE_EXT.test(base) || ZONE_NAME.test(base)) return 'zone';
  const head = text.slice(0, 4096);
  if (/^\s*\$(ORIGIN|TTL)\b/m.test(head) || /^\S*\s+(\d+\s+)?(IN\s+)?SOA\s/m.test(head)) return 'zone';
  return 'other';
}

/**
 * The origin BIND users mean by a file name: `example.com.zone`, `db.example.com`,
 * `example.com`, `example.com.db`, `example.com.yaml` → "example.com.". Undefined when the name
 * does not look like a domain.
 */
export function originFromFileName(filePath: string): string | undefined {
  let base = path.basename(filePath);
  base = base.replace(/\.(zone|db|tst|hosts|ya?ml|txt)$/i, '');
  base = base.replace(/^(db|zone|named)\./i, '');
  if (base.endsWith('.')) base = base.slice(0, -1);
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/.test(base) && !/^[A-Za-z0-9-]+$/.test(base)) return undefined;
  if (!base.includes('.')) return undefined;
  return base.toLowerCase() + '.';
}

export function readDocument(file: SourceFile, kind: DocumentKind, options: ReadOptions = {}): Zone | undefined {
  if (kind === 'zone') {
    const origin = options.origin ?? originFromFileName(file.path);
    return parseZone(file, {
      origin,
      // Neither given nor in the name: say so rather than read '@' as the root.
      originUnknown: origin === undefined,
      readFile: options.readFile,
      workspaceRoot: options.workspaceRoot,
    });
  }
  if (kind === 'octodns') {
    return parseOctodns(file, { origin: options.origin, readFile: options.readFile, workspaceRoot: options.workspaceRoot });
  }
  return undefined;
}
