import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { HttpClient } from '../support/http.js';
import { killServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { freePort } from '../support/processes.js';
import { TestSmtpServer } from '../support/smtp.js';

describe('a dispatcher that dies between sending and recording', () => {
  let dir: string;
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let server: ServerProcess | null = null;

  afterAll(async () => {
    // Every server the test started, one still starting as well: none outlives the test (see killServerProcesses).
    await killServerProcesses();
    await server?.stop();
    await smtp?.stop();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('resends after a restart: at most a duplicate, never a loss', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cti-crash-'));
    db = await createTestDatabase(dir);
    let crashed = false;
    // The first message reaches the mail server, and the service dies before it hears back.
    smtp = await new TestSmtpServer().start(0, () => {
      if (!crashed) {
        crashed = true;
        server?.child.kill('SIGKILL');
      }
    });
    const port = await freePort();
    const env = {
      DATA_DIR: dir,
      DATABASE_URL: db.url,
      SMTP_URL: smtp.url,
      MFA_REQUIRED_ROLES: '',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      NOTIFY_INTERVAL_MS: '100',
      NOTIFY_LEASE_MS: '1000',
    };
    server = await startServerProcess(env, port);
    const http = new HttpClient(server.url);
    const admin = (await http.post('/api/v1/auth/login', ADMIN)).body.token as string;
    const emails = ['crash.one@example.org', 'crash.two@example.org', 'crash.three@example.org'];
    for (const email of emails) expect((await http.post('/api/v1/users', { email, name: 'Crash test', role: 'expert' }, admin)).status).toBe(201);

    const deadline = Date.now() + 15_000;
    while (!crashed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(crashed).toBe(true);
    await server.crash();

    server = await startServerProcess(env, port);
    const until = Date.now() + 20_000;
    while (!emails.every((e) => smtp.received.some((m) => m.to.includes(e))) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const counts = emails.map((e) => smtp.received.filter((m) => m.to.includes(e)).length);
    expect(counts.every((c) => c >= 1)).toBe(true);
    // Only what the dead dispatcher had in hand may come twice.
    expect(counts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(emails.length + 3);
    expect(counts.some((c) => c === 2)).toBe(true);
  });
});
