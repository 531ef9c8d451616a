import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtScript, runNode } from '../support/spawn.js';

/** A bad variable stops the real entry point with one line naming it: no stack, exit code 1. */
describe('start-up with bad configuration', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cti-badconfig-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it.each([
    ['PORT', 'abc'],
    ['MASTER_KEY', 'short'],
    ['DATABASE_URL', 'mysql://x'],
    ['SMTP_URL', 'http://x'],
    ['LOG_LEVEL', 'loud'],
  ])('%s=%s', async (name, value) => {
    const result = await runNode(builtScript('main'), [], { env: { DATA_DIR: dataDir, PORT: '0', [name]: value } });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('    at ');
    const lines = result.stderr.split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(result.stdout).toBe('');
  });
});
