// Where a file really is: an $INCLUDE or `!include` of a symbolic link inside the workspace that
// points outside it must be refused like `../x` (the readers' workspace check reads the path as
// written). Shared by the CLI and the language server; the engine itself reads no files.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `(abs) => true` when the file, symbolic links resolved, lies inside `root` (resolved too). */
export function insideRealRoot(root: string): (absPath: string) => boolean {
  let realRoot: string | undefined;
  return (abs: string): boolean => {
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      return true; // missing (or a dangling link): the read fails and says so
    }
    if (realRoot === undefined) {
      try {
        realRoot = fs.realpathSync(root);
      } catch {
        realRoot = path.resolve(root);
      }
    }
    const r = path.relative(realRoot, real);
    return !(r === '..' || r.startsWith('..' + path.sep) || path.isAbsolute(r));
  };
}
