import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Globals only for configuration and the database (issue 18): every other module is imported by
 * the modules that use it (AccessModule, AuditModule, CryptoModule, RateLimitModule...), so that
 * a module's imports say what it depends on. (The logger is Nest's own, set once by createApp, not
 * a module.) This test fails on any other module of ours made global, by
 * `@Global()` or by a dynamic module's `global: true`.
 */
const ROOT = join(import.meta.dirname, '../..');
const ALLOWED = ['src/config/config.module.ts: AppConfigModule', 'src/database/database.module.ts: DatabaseModule'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** `path: ClassName` for each module made global, `path: global: true` for a dynamic module made global. */
export function globalModules(files: Array<{ path: string; text: string }>): string[] {
  return files.flatMap((f) => [
    ...[...f.text.matchAll(/@Global\(\)[\s\S]*?\bclass\s+(\w+)/g)].map((m) => `${f.path}: ${m[1]}`),
    ...[...f.text.matchAll(/\bglobal\s*:\s*true\b/g)].map(() => `${f.path}: global: true`),
  ]);
}

describe('global modules', () => {
  it('are only the configuration and the database', () => {
    const files = sources(join(ROOT, 'src')).map((p) => ({ path: relative(ROOT, p), text: readFileSync(p, 'utf8') }));
    expect(globalModules(files).sort()).toEqual(ALLOWED);
  });

  it('catch another module made global', () => {
    const found = globalModules([
      { path: 'src/access/access.module.ts', text: '@Global()\n@Module({ providers: [AccessPolicy], exports: [AccessPolicy] })\nexport class AccessModule {}\n' },
      { path: 'src/crypto/crypto.module.ts', text: 'static forRoot(): DynamicModule {\n  return { module: CryptoModule, global: true };\n}\n' },
      { path: 'src/topics/topics.module.ts', text: '@Module({ imports: [AccessModule] })\nexport class TopicsModule {}\n' },
    ]);
    expect(found).toEqual(['src/access/access.module.ts: AccessModule', 'src/crypto/crypto.module.ts: global: true']);
  });
});
