import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { pdfBytes } from '../support/files.js';
import { HttpClient } from '../support/http.js';
import { freePort, multipartBody, serviceEnv, sleep, slowRequest } from '../support/processes.js';
import { killServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

interface Outcome {
  startedAt: number;
  status: number | 'network-error';
  kind: string;
  id?: string;
}

/**
 * SIGTERM while several clients keep sending: the requests in flight are answered, nothing answers
 * 5xx, the process closes the database and exits 0 within the bound, and everything acknowledged
 * is there after a restart.
 */
describe('graceful shutdown under load', () => {
  let dir: string;
  let db: TestDatabase;
  let server: ServerProcess | null = null;

  afterAll(async () => {
    // Every server the test started, one still starting as well: none outlives the test (see killServerProcesses).
    await killServerProcesses();
    await server?.crash();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finishes what is in flight, answers no 5xx, closes the database and exits 0 within 10 s', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cti-drain-'));
    db = await createTestDatabase(dir);
    const env = serviceEnv(dir, db.url, { NOTIFY_INTERVAL_MS: '50', LOG_LEVEL: 'warn' });
    const port = await freePort();
    server = await startServerProcess(env, port);
    const http = new HttpClient(server.url);
    const admin = (await http.post('/api/v1/auth/login', ADMIN)).body.token as string;
    const org = (await http.post('/api/v1/organizations', { name: 'Drain ministry', country: 'XA', kind: 'government' }, admin)).body.id as string;
    const requester = await http.post('/api/v1/users', { email: 'drain.requester@example.org', name: 'Drain', role: 'requester', organizationId: org }, admin);
    expect(requester.status).toBe(201);
    const file = async () => {
      const res = await http.post(
        '/api/v1/inquiries',
        { subject: 'Drain subject', body: 'Drain body', topics: ['police-custody-safeguards'], language: 'en', onBehalfOf: requester.body.id },
        admin,
      );
      return res;
    };
    const inquiry = (await file()).body.id as string;

    const outcomes: Outcome[] = [];
    let stop = false;
    const loop = async (kind: string, once: () => Promise<{ status: number; body?: { id?: string } }>) => {
      while (!stop) {
        const startedAt = Date.now();
        try {
          const res = await once();
          outcomes.push({ startedAt, status: res.status, kind, id: res.body?.id });
        } catch {
          outcomes.push({ startedAt, status: 'network-error', kind });
          // Refused: the server has closed its port. Try a little longer, then give up.
          await sleep(20);
        }
      }
    };
    const loops = [
      loop('inquiry', file),
      loop('organization', () => http.post('/api/v1/organizations', { name: `Drain org ${Date.now()}`, country: 'XB', kind: 'other' }, admin)),
      loop('read', () => http.get(`/api/v1/inquiries/${inquiry}`, admin)),
      loop('list', () => http.get('/api/v1/inquiries?limit=10', admin)),
      loop('health', () => http.get('/health')),
    ];
    await sleep(800);

    // An upload whose body is still arriving when the signal comes: it must complete.
    const upload = multipartBody({ name: 'slow.pdf', bytes: Buffer.concat([pdfBytes('slow'), Buffer.alloc(64 * 1024, 0x20)]), type: 'application/pdf' });
    let firstChunk = 0;
    const slow = slowRequest(
      server.url,
      `/api/v1/inquiries/${inquiry}/attachments`,
      { authorization: `Bearer ${admin}`, 'content-type': upload.contentType },
      upload.body,
      10,
      100,
      () => (firstChunk = Date.now()),
    );
    await sleep(300);
    const signalledAt = Date.now();
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) =>
      server!.child.once('exit', (code, signal) => r({ code, signal, at: Date.now() })),
    );
    server.child.kill('SIGTERM');
    const slowResult = await slow;
    const exited = await exit;
    stop = true;
    await Promise.all(loops);
    server = null;

    expect(firstChunk).toBeLessThan(signalledAt);
    expect(slowResult.status).toBe(201);
    expect(exited).toMatchObject({ code: 0, signal: null });
    expect(exited.at - signalledAt).toBeLessThan(10_000);
    // No 5xx at any time: a request either got a real answer or found the port closed. The one
    // exception is /health, whose 503 while the service drains is its job (it tells a load
    // balancer to stop sending requests here).
    expect(outcomes.filter((o) => o.status !== 'network-error' && o.status >= 500 && !(o.kind === 'health' && o.status === 503))).toEqual([]);
    expect(outcomes.filter((o) => o.status !== 'network-error').length).toBeGreaterThan(20);
    // A request sent well before the signal was in flight when it came: it was answered.
    expect(outcomes.filter((o) => o.startedAt < signalledAt - 100 && o.status === 'network-error')).toEqual([]);
    // The database was closed: SQLite checkpoints and removes its write-ahead log on a clean close.
    if (db.kind === 'sqlite') expect(existsSync(join(dir, 'test.sqlite-wal'))).toBe(false);

    // Everything acknowledged is there after a restart, and the audit chain is whole.
    server = await startServerProcess(env, port);
    const again = new HttpClient(server.url);
    const token = (await again.post('/api/v1/auth/login', ADMIN)).body.token as string;
    for (const o of outcomes.filter((x) => x.kind === 'inquiry' && x.status === 201)) expect((await again.get(`/api/v1/inquiries/${o.id}`, token)).status).toBe(200);
    for (const o of outcomes.filter((x) => x.kind === 'organization' && x.status === 201)) expect((await again.get(`/api/v1/organizations/${o.id}`, token)).status).toBe(200);
    const attached = JSON.parse(slowResult.text) as { id: string };
    expect((await again.get(`/api/v1/attachments/${attached.id}`, token)).status).toBe(200);
    expect((await again.get('/api/v1/audit/verify', token)).body).toMatchObject({ ok: true });
  });
});
