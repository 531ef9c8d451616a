import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN } from '../support/app.js';
import { HttpClient, type HttpResult } from '../support/http.js';
import { freePort, serviceEnv } from '../support/processes.js';
import { killServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { holdSqliteWriteLock, sqliteIntegrity } from '../support/sqlite-locker.js';

/**
 * Another process (a backup, the CLI, an operator's sqlite3 shell) holds SQLite's write lock. The
 * service waits up to its busy timeout (5 s): requests either succeed once the lock is free or get
 * 503 with Retry-After, never a 500, and the file stays sound. This is about the SQLite file
 * itself, so it runs on SQLite whatever TEST_DATABASE_URL says.
 */
describe('another process holding the SQLite write lock', () => {
  let dir: string;
  let file: string;
  let server: ServerProcess;
  let http: HttpClient;
  let admin: string;
  let requesterId: string;
  let n = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cti-lock-'));
    file = join(dir, 'lock.sqlite');
    server = await startServerProcess(serviceEnv(dir, `sqlite:${file}`, { NOTIFY_INTERVAL_MS: '200' }), await freePort());
    http = new HttpClient(server.url);
    admin = (await http.post('/api/v1/auth/login', ADMIN)).body.token;
    const org = (await http.post('/api/v1/organizations', { name: 'Lock ministry', country: 'XA', kind: 'government' }, admin)).body.id;
    requesterId = (await http.post('/api/v1/users', { email: 'lock.requester@example.org', name: 'Lock', role: 'requester', organizationId: org }, admin)).body.id;
  });
  afterAll(async () => {
    // Every server the test started, one still starting as well: none outlives the test (see killServerProcesses).
    await killServerProcesses();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const file_ = () =>
    http.post('/api/v1/inquiries', { subject: `Lock subject ${++n}`, body: 'Lock body', topics: ['police-custody-safeguards'], language: 'en', onBehalfOf: requesterId }, admin);
  const organization = () => http.post('/api/v1/organizations', { name: `Lock org ${++n}`, country: 'XB', kind: 'other' }, admin);

  /** Fires a burst of writes and reads while the lock is held; returns every answer. */
  async function burstDuring(holdMs: number): Promise<{ results: { kind: string; res: HttpResult }[]; releasedAt: number }> {
    const { released } = await holdSqliteWriteLock(file, holdMs);
    const kinds: [string, () => Promise<HttpResult>][] = [
      ['inquiry', file_],
      ['organization', organization],
      ['inquiry', file_],
      ['list', () => http.get('/api/v1/organizations?limit=5', admin)],
      ['health', () => http.get('/health')],
      ['organization', organization],
    ];
    const results = await Promise.all(kinds.map(async ([kind, send]) => ({ kind, res: await send() })));
    return { results, releasedAt: await released };
  }

  async function stillThere(results: { kind: string; res: HttpResult }[]): Promise<void> {
    for (const { kind, res } of results) {
      if (res.status !== 201) continue;
      const path = kind === 'inquiry' ? `/api/v1/inquiries/${res.body.id}` : `/api/v1/organizations/${res.body.id}`;
      expect((await http.get(path, admin)).status).toBe(200);
    }
  }

  it('a lock shorter than the busy timeout: every request waits and succeeds', async () => {
    const { results } = await burstDuring(2000);
    expect(results.map((r) => [r.kind, r.res.status])).toEqual(results.map((r) => [r.kind, r.kind === 'list' || r.kind === 'health' ? 200 : 201]));
    await stillThere(results);
  });

  it('a lock longer than the busy timeout: 503 with Retry-After for what could not wait, never a 500; the service recovers', async () => {
    // More than twice the busy timeout, so that at least one write must give up, however late it starts.
    const { results } = await burstDuring(11_000);
    const statuses = results.map((r) => r.res.status);
    expect(statuses.every((s) => s === 200 || s === 201 || s === 503)).toBe(true);
    const busy = results.filter((r) => r.res.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const b of busy) {
      expect(b.res.headers.get('retry-after')).toBe('1');
      expect(b.res.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'The database is busy: try again in a moment', code: 'service.unavailable' });
    }
    await stillThere(results);
    // The lock is gone: the same requests succeed again, and nothing was half-written.
    expect((await file_()).status).toBe(201);
    expect((await organization()).status).toBe(201);
    expect((await http.get('/api/v1/audit/verify', admin)).body).toMatchObject({ ok: true });
    expect(server.output()).not.toMatch(/unhandled error/);
  });

  it('leaves a sound file', async () => {
    await server.stop();
    expect(server.child.exitCode).toBe(0);
    expect(await sqliteIntegrity(file)).toBe('ok');
  });
});
