import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder of the web assets (templates, catalogues, static files) in the source tree. The
 * compiled code runs from dist/src/web and the tests from src/web: both walk up to the package
 * root and read src/web from there, so nothing has to be copied at build time.
 */
export function webAssetsDir(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'web', 'views'))) return join(dir, 'src', 'web');
    if (dirname(dir) === dir) throw new Error(`web assets not found above ${from}`);
  }
}
