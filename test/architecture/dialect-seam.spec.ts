import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * One dialect seam (issue 18): only src/database/ (RawSql, the transaction runner, the data source
 * options) asks which database runs. Elsewhere code asks RawSql for what differs: placeholders,
 * row locks, skip-locked claims, or `postgres` for a planner's or a store's choice. This test
 * fails on a database type tested anywhere else, or on a placeholder rewritten by hand.
 */
const ROOT = join(import.meta.dirname, '../..');
const FORBIDDEN: Array<{ name: string; re: RegExp }> = [
  { name: 'the database type tested', re: /options\.type\b|=== 'better-sqlite3'|database\.type\s*[!=]==/ },
  { name: 'placeholders rewritten by hand', re: /replace\(\/\\\$\\d\+\/g|replace\(\/\\\?\/g/ },
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

export function dialectTests(files: Array<{ path: string; text: string }>): string[] {
  return files
    .filter((f) => !f.path.startsWith('src/database/'))
    .flatMap((f) => f.text.split('\n').flatMap((line, n) => FORBIDDEN.filter((p) => p.re.test(line)).map((p) => `${f.path}:${n + 1}: ${p.name}`)));
}

describe('the dialect seam', () => {
  it('is the only place that asks which database runs', () => {
    const files = sources(join(ROOT, 'src')).map((p) => ({ path: relative(ROOT, p), text: readFileSync(p, 'utf8') }));
    expect(dialectTests(files)).toEqual([]);
  });

  it('catches a dialect test outside it', () => {
    const found = dialectTests([
      { path: 'src/inquiries/x.ts', text: "if (this.dataSource.options.type === 'postgres') lock();" },
      { path: 'src/crypto/y.ts', text: "sql.replace(/\\$\\d+/g, '?')" },
      { path: 'src/database/raw-sql.ts', text: "this.postgres = dataSource.options.type === 'postgres';" },
    ]);
    expect(found).toEqual(['src/inquiries/x.ts:1: the database type tested', 'src/crypto/y.ts:1: placeholders rewritten by hand']);
  });
});
