// BIND master-file reader (RFC 1035 §5 plus what BIND accepts). Owned by the zone-parser work.
import type { SourceFile, Zone } from '../model';

export interface ParseZoneOptions {
  /** Origin (absolute) for a file without $ORIGIN; default from the file name, else ".". */
  origin?: string;
  /** Reads an $INCLUDEd file by absolute path; undefined when unreadable. Default: none (report). */
  readFile?: (absPath: string) => string | undefined;
  /** $INCLUDE may not leave this directory (the workspace root). */
  workspaceRoot?: string;
}

export function parseZone(_file: SourceFile, _options: ParseZoneOptions = {}): Zone {
  throw new Error('parseZone: not yet written');
}

// PLACEHOLDER until the parser work lands the real one (see ../../../shared/spec/cli.md `records`).
export function recordsJson(_zone: Zone): object[] {
  throw new Error('recordsJson: not yet written');
}
