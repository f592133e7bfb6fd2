import type { Rule } from '../../rule';

// Reported by the zone-file reader when it meets a $INCLUDE it must not or cannot follow.
export const includeOutsideWorkspace: Rule = {
  id: 'zone/include-outside-workspace',
  severity: 'error',
  docs: {
    summary: '`$INCLUDE` points outside the workspace, at a file that cannot be read, or back at itself.',
    details:
      'mailzone reads a relative `$INCLUDE` from the including file\'s directory, else from the workspace root (where BIND run in the repository looks), and never outside the workspace root: a zone ' +
      'that includes `/etc/passwd` or `../../secrets` is either a mistake or an attack on whoever lints it. ' +
      'A missing file makes `named` refuse the whole zone, and an include cycle never loads. ' +
      'Keep included files (DKIM keys, generated records) inside the repository and include them by a relative path.',
    bad: '$INCLUDE ../../keys/dkim.txt',
    good: '$INCLUDE keys/dkim.txt',
  },
};
