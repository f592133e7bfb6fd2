// octoDNS YAML reader. Owned by the octoDNS work.
import type { SourceFile, Zone } from '../model';

export interface ParseOctodnsOptions {
  /** Zone name (absolute); default from the file or folder name (`example.com.yaml`). */
  origin?: string;
  readFile?: (absPath: string) => string | undefined;
  workspaceRoot?: string;
}

/** What a YAML file is to mailzone: an octoDNS record file, octoDNS's main config, or not ours. */
export function octodnsKind(_path: string, _text: string): 'records' | 'config' | 'other' {
  return 'other';
}

export function parseOctodns(_file: SourceFile, _options: ParseOctodnsOptions = {}): Zone {
  throw new Error('parseOctodns: not yet written');
}
