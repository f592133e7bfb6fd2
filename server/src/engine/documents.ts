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
  /** See ParseZoneOptions.insideWorkspace. */
  insideWorkspace?: (absPath: string) => boolean;
}

/** Editor and admin backup copies of a file (`db.example.com.bak`, `example.com.zone~`): never the live zone, so directory walks pass over them. */
export const BACKUP_NAME = /(~|\.(bak|old|orig|rej|swp|save|tmp|dpkg-old|dpkg-dist|dpkg-new|ucf-old|ucf-dist))$/i;
const ZONE_EXT = /\.(zone|db|tst|hosts|rev|arpa)$/i;
const ZONE_NAME = /^(db\.|named\.|zone\.)/i;
/**
 * Names that are source, data or documentation files, never zone files, whatever a name pattern
 * or the editor's language says: `db.py`, `db.ts`, `db.json`, `zone.yaml`, `named.conf.md` ….
 * (`db.*` patterns catch them; VS Code lets file-name patterns outrank extensions.)
 */
const SOURCE_EXT =
  /\.(py|pyi|pyc|ts|tsx|mts|cts|js|jsx|mjs|cjs|json|jsonc|json5|ya?ml|toml|ini|cfg|conf|md|markdown|rst|txt|html?|css|scss|less|xml|csv|tsv|sql|sqlite3?|sh|bash|zsh|fish|ps1|bat|cmd|go|rb|rs|java|kt|kts|scala|groovy|gradle|c|cc|cpp|cxx|h|hh|hpp|cs|fs|vb|swift|m|mm|php|pl|pm|lua|r|dart|ex|exs|erl|hs|clj|vue|svelte|lock|log|pdf|png|jpe?g|gif|svg|zip|gz|tgz|bz2|xz|tar|patch|diff|env|example|sample|dist|orig|rej|swp|tmpl|tpl|j2|jinja2?|erb|ejs|hbs|mustache|proto|graphql|tf|tfvars|hcl|nix|dockerfile|mk|cmake|ipynb|sum|mod)$/i;
/** A directive, an SOA, or a resource record line: `www 300 IN A 192.0.2.1`, `@ MX 10 mail`. */
const ZONE_DIRECTIVE = /^\$(ORIGIN|TTL|INCLUDE|GENERATE)\b/i;
const ZONE_RR =
  /^(\S+\s+|\s+)?((\d+[smhdw]?|IN|CH|HS)\s+){0,3}(A|AAAA|NS|SOA|CNAME|DNAME|MX|TXT|SPF|PTR|SRV|CAA|TLSA|SSHFP|DS|DNSKEY|RRSIG|NSEC3?|NSEC3PARAM|HINFO|NAPTR|SVCB|HTTPS|LOC|RP|AFSDB|CERT|OPENPGPKEY|SMIMEA|URI|CDS|CDNSKEY|ZONEMD|TYPE\d+)\s+\S/i;

/**
 * Why a file named `filePath` with this text is not read as a zone file, though a name pattern or
 * the editor said so; undefined when it may be one. A well-known source or data extension
 * (`db.py`, `db.json`) never is; a zone file name (`*.zone`, `db.example.com`) is trusted whatever
 * its content (a zone being written has syntax errors to report); any other name (`zone.bak`, a
 * file the user set to the language) needs zone file lines among its first significant ones.
 */
export function notAZoneReason(filePath: string, text: string): string | undefined {
  const base = path.basename(filePath);
  const ext = ZONE_EXT.test(base) ? null : SOURCE_EXT.exec(base);
  if (ext && !namedAfterDomain(filePath, text)) return `its name ends in ${ext[0]}, not a zone file name`;
  if (ZONE_EXT.test(base) || ZONE_NAME.test(base)) return undefined;
  if (!looksLikeZoneText(text)) return 'its content does not look like a zone file (no $ORIGIN, $TTL, SOA or resource record lines)';
  return undefined;
}

/** Zone file lines ($ORIGIN, $TTL, records) among the first significant ones, or nothing yet. */
export function looksLikeZoneText(text: string): boolean {
  const head = text.slice(0, 8192);
  let seen = 0;
  let zoneLike = 0;
  let depth = 0; // inside ( … ) of a multi-line record
  for (const raw of head.split(/\r?\n/)) {
    const line = raw.replace(/;.*$/, '');
    if (!line.trim()) continue;
    const wasInside = depth > 0;
    for (const c of line) if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    if (wasInside) continue; // continuation of a record
    seen++;
    if (ZONE_DIRECTIVE.test(line.trim()) || ZONE_RR.test(line)) zoneLike++;
    if (seen >= 40) break;
  }
  if (seen === 0) return true;
  return zoneLike > 0 && zoneLike * 2 >= seen;
}

/** Decides by name first, then by content (an SOA, $ORIGIN or $TTL line makes a zone file). */
export function detectKind(filePath: string, text: string, languageId?: string): DocumentKind {
  const base = path.basename(filePath);
  if (languageId === 'dns-zone') return notAZoneReason(filePath, text) ? 'other' : 'zone';
  if (/\.ya?ml$/i.test(base) || languageId === 'yaml') {
    const k = octodnsKind(filePath, text);
    return k === 'records' ? 'octodns' : k === 'config' ? 'octodns-config' : 'other';
  }
  const ext = SOURCE_EXT.exec(base);
  // `db.py`, `zone.ts`: never a zone; a file named after its domain that ends in a country code
  // that is also an extension (`example.pl`, `db.example.sh`) is one when it has a zone's header.
  if (ext && !ZONE_EXT.test(base) && !/^\.txt$/i.test(ext[0])) return namedAfterDomain(filePath, text) ? 'zone' : 'other';
  if (ZONE_EXT.test(base) || (!ext && ZONE_NAME.test(base))) return 'zone';
  return hasZoneHeader(text) ? 'zone' : 'other';
}

/**
 * A file named after its domain whose last label is also a file extension (`example.pl`,
 * `db.example.sh`, `example.com.py`: country codes), with a zone's header: a zone file. `db.py`
 * names no domain, so it never is.
 */
function namedAfterDomain(filePath: string, text: string): boolean {
  return originFromFileName(filePath) !== undefined && hasZoneHeader(text);
}

/** An $ORIGIN or $TTL directive or an SOA record near the top. */
function hasZoneHeader(text: string): boolean {
  const head = text.slice(0, 4096);
  return /^\s*\$(ORIGIN|TTL)\b/m.test(head) || /^\S*\s+(\d+\s+)?(IN\s+)?SOA\s/m.test(head);
}

/**
 * The origin BIND users mean by a file name: `example.com.zone`, `db.example.com`,
 * `example.com`, `example.com.db`, `example.com.yaml`, `example.com.zone.signed` → "example.com.". Undefined when the name
 * does not look like a domain.
 */
export function originFromFileName(filePath: string): string | undefined {
  let base = path.basename(filePath);
  // dnssec-signzone writes the signed zone to `<input>.signed`.
  base = base.replace(/\.signed$/i, '');
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
      insideWorkspace: options.insideWorkspace,
    });
  }
  if (kind === 'octodns') {
    return parseOctodns(file, { origin: options.origin, readFile: options.readFile, workspaceRoot: options.workspaceRoot, insideWorkspace: options.insideWorkspace });
  }
  return undefined;
}
