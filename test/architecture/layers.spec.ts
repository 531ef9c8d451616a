import { describe, expect, it } from '@jest/globals';
import { cruise, type IForbiddenRuleType, type IModule, type IViolation } from 'dependency-cruiser';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The layers hold by themselves (issue 18): features publish events through src/events and never
 * import notifications, which subscribes from above them; src/events sits below every feature;
 * nothing below the pages imports them; no file-level import cycle, and no cycle between folders
 * (src/access reads the workflow, the roles and the statuses from src/common, not from the
 * features that call it). Checked with dependency-cruiser over the TypeScript sources.
 */
const ROOT = join(import.meta.dirname, '../..');
const FEATURES =
  'access|attachments|audit|backup|common|config|countries|crypto|database|duplicates|events|experts|identity|inquiries|knowledge|messages|rate-limit|reports|retention|topics|health|openapi';

const RULES: IForbiddenRuleType[] = [
  { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  { name: 'features-publish-not-deliver', severity: 'error', from: { path: `^src/(${FEATURES})/` }, to: { path: '^src/notifications/' } },
  { name: 'events-at-the-bottom', severity: 'error', from: { path: '^src/events/' }, to: { path: '^src/', pathNot: '^src/(events|common|database|config)/' } },
  { name: 'nothing-below-imports-pages', severity: 'error', from: { path: '^src/', pathNot: '^src/(web/|app\\.)' }, to: { path: '^src/web/' } },
];

/**
 * The two sibling folders an import crosses: src/a/x.ts -> src/b/dto/y.ts crosses src/a -> src/b,
 * and src/b/dto/y.ts -> src/b/links/z.ts crosses src/b/dto -> src/b/links. An import inside one
 * folder, or between a folder's own files and its sub-folders, crosses none.
 */
function crossing(from: string, to: string): [string, string] | null {
  const a = dirname(from).split('/');
  const b = dirname(to).split('/');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common < a.length && common < b.length ? [a.slice(0, common + 1).join('/'), b.slice(0, common + 1).join('/')] : null;
}

/**
 * `no-folder-cycle`: the folders that import each other, directly or round a loop, one message per
 * loop (a strongly connected set, found with Tarjan's algorithm) naming one import for each step.
 * Worked out here from the modules the cruise returns rather than with dependency-cruiser's own
 * `scope: 'folder'` rule, because that rule names a folder's dependency after the imported file's
 * own folder: src/a importing src/b/dto/x.ts is an edge to src/b/dto, not to src/b, so a loop
 * through a sub-folder (src/a -> src/b/dto, src/b -> src/a) goes unseen (tried with 17.4).
 */
function folderCycles(modules: IModule[]): string[] {
  const edges = new Map<string, Map<string, string>>();
  for (const m of modules) {
    for (const d of m.dependencies) {
      const crossed = d.resolved.startsWith('src/') ? crossing(m.source, d.resolved) : null;
      if (!crossed) continue;
      const [from, to] = crossed;
      const out = edges.get(from) ?? new Map<string, string>();
      edges.set(from, out);
      if (!out.has(to)) out.set(to, `${m.source} -> ${d.resolved}`);
    }
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const loops: string[][] = [];
  const visit = (folder: string): void => {
    index.set(folder, index.size);
    low.set(folder, index.get(folder)!);
    stack.push(folder);
    for (const next of edges.get(folder)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(folder, Math.min(low.get(folder)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(folder, Math.min(low.get(folder)!, index.get(next)!));
    }
    if (low.get(folder) !== index.get(folder)) return;
    const loop = stack.splice(stack.indexOf(folder));
    if (loop.length > 1) loops.push(loop.sort());
  };
  for (const folder of [...edges.keys()].sort()) if (!index.has(folder)) visit(folder);
  return loops.map((loop) => {
    const steps = loop.flatMap((from) => [...(edges.get(from) ?? [])].filter(([to]) => loop.includes(to)).map(([, example]) => example));
    return `no-folder-cycle: ${loop.join(', ')} (${steps.sort().join('; ')})`;
  });
}

async function violations(baseDir: string): Promise<string[]> {
  const result = await cruise(
    ['src'],
    { baseDir, validate: true, ruleSet: { forbidden: RULES }, tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' }, exclude: { path: 'node_modules' } },
    { extensions: ['.ts', '.js'] },
  );
  if (typeof result.output === 'string') throw new Error('dependency-cruiser returned text, not a result');
  return [...result.output.summary.violations.map((v: IViolation) => `${v.rule.name}: ${v.from} -> ${v.to}`), ...folderCycles(result.output.modules)];
}

describe('module layers', () => {
  it('hold in the sources', async () => {
    expect(await violations(ROOT)).toEqual([]);
  }, 120_000);

  it('are caught when broken (a feature importing notifications, a cycle, events importing a feature, two folders importing each other)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layers-'));
    const file = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    try {
      file('src/notifications/dispatcher.ts', 'export const d = 1;\n');
      file('src/identity/users.ts', "import { d } from '../notifications/dispatcher.js';\nexport const u = d;\n");
      file('src/inquiries/a.ts', "import { b } from './b.js';\nexport const a = () => b;\n");
      file('src/inquiries/b.ts', "import { a } from './a.js';\nexport const b = () => a;\n");
      file('src/events/outbox.ts', "import { u } from '../identity/users.js';\nexport const o = u;\n");
      // Two folders that import each other, one of them through its sub-folder (no file-level cycle).
      file('src/topics/dto/topic.dto.ts', 'export const t = 1;\n');
      file('src/topics/topics.ts', "import { e } from '../experts/experts.js';\nexport const s = e;\n");
      file('src/experts/experts.ts', "import { t } from '../topics/dto/topic.dto.js';\nexport const e = t;\n");
      const found = await violations(dir);
      expect(found).toEqual(
        expect.arrayContaining([
          'features-publish-not-deliver: src/identity/users.ts -> src/notifications/dispatcher.ts',
          'events-at-the-bottom: src/events/outbox.ts -> src/identity/users.ts',
          expect.stringMatching(/^no-circular: src\/inquiries\/[ab]\.ts -> src\/inquiries\/[ab]\.ts$/),
          'no-folder-cycle: src/experts, src/topics (src/experts/experts.ts -> src/topics/dto/topic.dto.ts; src/topics/topics.ts -> src/experts/experts.ts)',
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
