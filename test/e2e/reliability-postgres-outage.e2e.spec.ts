import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN } from '../support/app.js';
import { HttpClient, type HttpResult } from '../support/http.js';
import { createOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';
import { freePort, serviceEnv, sleep, until } from '../support/processes.js';
import { killServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

const WRITERS = 4;

/**
 * PostgreSQL restarted, then stopped for five seconds, under four concurrent writers: every answer
 * is a 201 or a 503 with Retry-After (never a 500); /health says the database is down while it is;
 * every 503 sent again with its Idempotency-Key completes; in the end each key made exactly one
 * inquiry, everything acknowledged is readable and the audit chain verifies, without restarting
 * the service. The server is a cluster of the test's own (the shared one is never stopped).
 */
describe('a PostgreSQL outage under concurrent writes', () => {
  let dir: string;
  let db: OwnPostgres | null = null;
  let server: ServerProcess | null = null;

  afterAll(async () => {
    // Every server the test started, one still starting as well: none outlives the test (see killServerProcesses).
    await killServerProcesses();
    await server?.stop();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers only 201 or 503 with Retry-After, loses and doubles nothing, and recovers by itself', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cti-pgout-'));
    db = await createOwnPostgres();
    server = await startServerProcess(serviceEnv(dir, db.url), await freePort());
    const http = new HttpClient(server.url);
    const admin = (await http.post('/api/v1/auth/login', ADMIN)).body.token as string;
    const org = (await http.post('/api/v1/organizations', { name: 'Outage ministry', country: 'XA', kind: 'government' }, admin)).body.id;
    const requesterId = (await http.post('/api/v1/users', { email: 'outage.requester@example.org', name: 'Outage', role: 'requester', organizationId: org }, admin)).body.id;
    const file = (key: string): Promise<HttpResult | Error> =>
      http
        .request('POST', '/api/v1/inquiries', {
          token: admin,
          headers: { 'idempotency-key': key },
          body: { subject: `Outage ${key}`, body: `Written during an outage (${key})`, topics: ['police-custody-safeguards'], language: 'en', onBehalfOf: requesterId },
        })
        .catch((err: Error) => err);

    const done = new Map<string, string>();
    const toRetry: string[] = [];
    const unexpected: string[] = [];
    const retryAfters = new Set<string>();
    let writing = true;
    const record = (key: string, res: HttpResult | Error) => {
      if (res instanceof Error) unexpected.push(`${key}: ${res.message}`);
      else if (res.status === 201) done.set(key, res.body.id);
      else if (res.status === 503 && res.headers.get('retry-after')) {
        retryAfters.add(res.headers.get('retry-after')!);
        toRetry.push(key);
      } else unexpected.push(`${key}: ${res.status} ${res.text.slice(0, 200)}`);
    };
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      for (let n = 0; writing; n++) {
        const key = `w${w}-${n}`;
        record(key, await file(key));
        await sleep(20);
      }
    });

    await sleep(1_000);
    await db.restart();
    await sleep(2_000);
    await db.stop();
    await sleep(500);
    const down = await http.get('/health');
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(down.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(down.body.message).toMatch(/database/);
    await sleep(4_500);
    await db.start();
    await until(async () => (await http.get('/health')).status === 200, 30_000, 'the service to find the database again');
    await sleep(1_000);
    writing = false;
    await Promise.all(writers);

    // The log line of any 500, for whoever reads a failure.
    if (unexpected.length > 0)
      process.stderr.write(
        server
          .output()
          .split('\n')
          .filter((l) => l.includes('unhandled error'))
          .join('\n')
          .slice(0, 4000),
      );
    expect(unexpected).toEqual([]);
    expect(toRetry.length).toBeGreaterThan(0);
    expect([...retryAfters].every((s) => Number(s) >= 1)).toBe(true);
    // Every refused request, sent again with its key, completes.
    for (const key of toRetry) {
      let res = await file(key);
      for (let i = 0; i < 20 && !(res instanceof Error) && res.status === 503; i++) {
        await sleep(500);
        res = await file(key);
      }
      expect(res instanceof Error ? res.message : res.status).toBe(201);
      const id = (res as HttpResult).body.id as string;
      if (done.has(key)) expect(id).toBe(done.get(key));
      done.set(key, id);
    }
    // Sent once more, an acknowledged key gives the same inquiry back: nothing doubled.
    const [someKey, someId] = [...done.entries()][0];
    expect(((await file(someKey)) as HttpResult).body.id).toBe(someId);

    const ids = [...done.values()];
    expect(new Set(ids).size).toBe(ids.length);
    const listed = await http.get('/api/v1/inquiries?limit=1', admin);
    expect(listed.body.total).toBe(ids.length);
    for (const id of ids.slice(-20)) expect((await http.get(`/api/v1/inquiries/${id}`, admin)).status).toBe(200);
    const submitted = await http.get('/api/v1/audit?action=inquiry.submitted&limit=1', admin);
    expect(submitted.body.total).toBe(ids.length);
    expect((await http.get('/api/v1/audit/verify', admin)).body).toMatchObject({ ok: true });
    expect(server.output()).not.toMatch(/unhandled error|"statusCode":500/);
  }, 180_000);
});
