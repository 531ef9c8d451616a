import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ADMIN } from '../support/app.js';
import { HttpClient, type HttpResult } from '../support/http.js';
import { createPostgresDatabase } from '../support/postgres.js';
import { freePort, serviceEnv } from '../support/processes.js';
import { killServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

const BUSY = { statusCode: 503, error: 'Service Unavailable', message: 'The database is busy: try again in a moment', code: 'service.unavailable' };
// The service's lock timeout is 5 s; past this, a request still waiting is waiting for ever.
const GIVE_UP_MS = 15_000;

/**
 * Another session (a migration, an operator's psql, a stuck job) holds a PostgreSQL lock that a
 * request needs. The service waits up to its lock timeout, then answers 503 with Retry-After, never
 * a 500 and never an endless wait; nothing of the request is kept, and once the lock is gone the
 * same request succeeds. PostgreSQL only, like the multi-instance test: it runs on the server of
 * TEST_DATABASE_URL (else the local one) in both runs, and fails when there is none.
 */
describe('another session holding a PostgreSQL lock', () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let server: ServerProcess;
  let http: HttpClient;
  let admin: string;
  let requesterId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cti-pglock-'));
    db = await createPostgresDatabase();
    server = await startServerProcess(serviceEnv(dir, db.url, { LOG_LEVEL: 'warn' }), await freePort());
    http = new HttpClient(server.url);
    admin = (await http.post('/api/v1/auth/login', ADMIN)).body.token;
    const org = (await http.post('/api/v1/organizations', { name: 'Lock ministry', country: 'XA', kind: 'government' }, admin)).body.id;
    requesterId = (await http.post('/api/v1/users', { email: 'pglock.requester@example.org', name: 'Lock', role: 'requester', organizationId: org }, admin)).body.id;
  });
  afterAll(async () => {
    // Every server the test started, one still starting as well: none outlives the test (see killServerProcesses).
    await killServerProcesses();
    await server?.stop();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Runs `send` while a separate session holds the locks `lockSql` takes in an open transaction; releases them afterwards. */
  async function whileLocked(lockSql: string, params: unknown[], send: () => Promise<HttpResult>): Promise<{ res: HttpResult | 'still waiting'; ms: number }> {
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(lockSql, params);
      const started = Date.now();
      const pending = send();
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), GIVE_UP_MS)));
      const res = await Promise.race([pending, giveUp]);
      clearTimeout(timer);
      const ms = Date.now() - started;
      await locker.query('ROLLBACK');
      await pending;
      return { res, ms };
    } finally {
      await locker.end();
    }
  }

  function expectBusy(outcome: { res: HttpResult | 'still waiting'; ms: number }): void {
    expect(outcome.res === 'still waiting' ? 'still waiting' : outcome.res.status).toBe(503);
    const res = outcome.res as HttpResult;
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toEqual(BUSY);
    // It waited (a short lock would have been outlasted) but not for ever.
    expect(outcome.ms).toBeGreaterThanOrEqual(4_000);
  }

  const fileInquiry = (key: string) =>
    http.request('POST', '/api/v1/inquiries', {
      token: admin,
      headers: { 'idempotency-key': key },
      body: { subject: 'Lock subject', body: 'Lock body', topics: ['police-custody-safeguards'], language: 'en', onBehalfOf: requesterId },
    });
  const audit = async (inquiryId: string) => (await http.get(`/api/v1/audit?inquiryId=${inquiryId}&limit=100`, admin)).body.items.map((e: { action: string }) => e.action);

  it('a row lock on the inquiry: the move answers 503 with Retry-After, changes nothing, and succeeds once the lock is gone', async () => {
    const inquiry = (await fileInquiry('row-lock-setup')).body;
    const before = await audit(inquiry.id);
    const move = () => http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'triaged' }, admin);
    const health = http.get('/health');
    expectBusy(await whileLocked('SELECT id FROM inquiry WHERE id = $1 FOR UPDATE', [inquiry.id], move));
    expect((await health).status).toBe(200);
    const after = (await http.get(`/api/v1/inquiries/${inquiry.id}`, admin)).body;
    expect([after.status, after.version]).toEqual(['submitted', inquiry.version]);
    expect((await audit(inquiry.id)).filter((a: string) => a !== 'inquiry.read')).toEqual(before.filter((a: string) => a !== 'inquiry.read'));
    const retried = await move();
    expect([retried.status, retried.body.status]).toEqual([200, 'triaged']);
  });

  it('the audit table locked: filing answers 503, no inquiry is kept (its reference number may be skipped), and the same request (same Idempotency-Key) then succeeds', async () => {
    const list = async () => (await http.get('/api/v1/inquiries?limit=1', admin)).body;
    const before = await list();
    expectBusy(await whileLocked('LOCK TABLE audit_entry IN EXCLUSIVE MODE', [], () => fileInquiry('audit-lock')));
    expect((await list()).total).toBe(before.total);
    const retried = await fileInquiry('audit-lock');
    expect(retried.status).toBe(201);
    // Reference numbers come from a sequence on PostgreSQL (so that intakes never wait for each
    // other), and a sequence is not rolled back: the refused attempt may have used a number, leaving
    // a gap (documented in PERFORMANCE.md), never a repeat.
    const last = Number(before.items[0].reference.split('-').at(-1));
    const next = Number(retried.body.reference.split('-').at(-1));
    expect(next).toBeGreaterThan(last);
    expect(next).toBeLessThanOrEqual(last + 2);
    expect((await list()).total).toBe(before.total + 1);
  });

  it('leaves a sound audit chain, logged no unhandled error, and is still up', async () => {
    expect((await http.get('/api/v1/audit/verify', admin)).body).toMatchObject({ ok: true });
    expect(server.output()).not.toMatch(/unhandled error/);
    expect(server.child.exitCode).toBeNull();
    expect((await http.get('/health')).status).toBe(200);
  });
});
