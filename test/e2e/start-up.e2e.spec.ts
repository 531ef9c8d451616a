import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort } from '../support/processes.js';
import { killServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

/** What a person starting the service sees: one line with its address, and mailed links on the same port. */
describe('start-up', () => {
  let dir: string;
  let db: TestDatabase;
  let server: ServerProcess | undefined;

  afterAll(async () => {
    // Every server the test started, one still starting as well: none outlives the test (see killServerProcesses).
    await killServerProcesses();
    await server?.stop();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('logs one line with the address it listens on, and links in mails follow PORT unless PUBLIC_URL is set', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cti-start-'));
    db = await createTestDatabase(dir);
    const port = await freePort();
    server = await startServerProcess({ DATA_DIR: dir, DATABASE_URL: db.url, LOG_LEVEL: 'info', MFA_REQUIRED_ROLES: '' }, port);
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.includes('listening on'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`listening on http://127.0.0.1:${port} (links in mails: http://localhost:${port},`);
  });
});
