import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';
import { HttpClient, type HttpResult } from '../support/http.js';
import { createPostgresDatabase } from '../support/postgres.js';
import { freePort, serviceEnv, sleep, until } from '../support/processes.js';
import { killServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

interface Entry {
  id: string;
  seq: number | null;
}

/** Every audit entry, newest first, through the API (a few hundred at most here). */
async function allEntries(http: HttpClient, token: string): Promise<Entry[]> {
  const out: Entry[] = [];
  let cursor = '';
  do {
    const page = await http.get(`/api/v1/audit?limit=100${cursor}`, token);
    out.push(...(page.body.items as Entry[]));
    cursor = page.body.nextCursor ? `&cursor=${page.body.nextCursor}` : '';
  } while (cursor);
  return out;
}

/** Each entry sealed once, at positions 1..n with no gap, and the chain verified. */
async function expectWholeChain(http: HttpClient, token: string, ids: string[]): Promise<void> {
  await until(async () => (await http.get('/api/v1/audit/verify', token)).body.unsealed === 0, 10_000, 'every entry to be sealed');
  const verify = (await http.get('/api/v1/audit/verify', token)).body;
  expect(verify).toMatchObject({ ok: true, unsealed: 0, problems: [] });
  const entries = await allEntries(http, token);
  const seqs = entries.map((e) => e.seq).sort((a, b) => (a as number) - (b as number));
  expect(seqs).toEqual(Array.from({ length: entries.length }, (_, i) => i + 1));
  expect(verify.sealed).toBe(entries.length);
  const sealed = new Set(entries.map((e) => e.id));
  expect(ids.filter((id) => !sealed.has(id))).toEqual([]);
}

/** The admin and a requester to file for (each filing is an audited command). */
async function setUp(http: HttpClient): Promise<{ admin: string; file(via: HttpClient, subject: string): Promise<HttpResult> }> {
  const admin = (await http.post('/api/v1/auth/login', ADMIN)).body.token as string;
  const org = (await http.post('/api/v1/organizations', { name: 'Sealer ministry', country: 'XA', kind: 'government' }, admin)).body.id as string;
  const requester = await http.post('/api/v1/users', { email: 'sealer.requester@example.org', name: 'Sealer', role: 'requester', organizationId: org }, admin);
  expect(requester.status).toBe(201);
  const file = (via: HttpClient, subject: string) =>
    via.post('/api/v1/inquiries', { subject, body: 'Sealer body', topics: ['police-custody-safeguards'], language: 'en', onBehalfOf: requester.body.id }, admin);
  return { admin, file };
}

describe('the audit sealer across crashes and instances', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  // Every server the tests started, one still starting as well: none outlives them (see killServerProcesses).
  afterAll(() => killServerProcesses());

  it('seals after a restart the entries written just before a SIGKILL: none lost, none sealed twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cti-seal-kill-'));
    const db = await createTestDatabase(dir);
    cleanup.push(
      () => rm(dir, { recursive: true, force: true }),
      () => db.drop(),
    );
    const port = await freePort();
    // A sealer that would first run in a minute: everything written below is still unsealed at the kill.
    const first = await startServerProcess(serviceEnv(dir, db.url, { AUDIT_SEAL_INTERVAL_MS: '60000' }), port);
    cleanup.push(() => first.crash());
    const http = new HttpClient(first.url);
    const { admin, file } = await setUp(http);
    for (let i = 0; i < 5; i++) expect((await file(http, `Before the kill ${i}`)).status).toBe(201);
    const before = await allEntries(http, admin);
    expect(before.length).toBeGreaterThanOrEqual(5);
    expect(before.every((e) => e.seq === null)).toBe(true);
    // One more in flight as the process dies: if it was acknowledged, its entry must be there too.
    const inFlight = file(http, 'In flight at the kill').catch(() => null);
    await sleep(5);
    await first.crash();
    const acknowledged = await inFlight;

    const second: ServerProcess = await startServerProcess(serviceEnv(dir, db.url, { AUDIT_SEAL_INTERVAL_MS: '200' }), port);
    cleanup.push(() => second.crash());
    await expectWholeChain(
      http,
      admin,
      before.map((e) => e.id),
    );
    if (acknowledged?.status === 201) {
      const id = acknowledged.body.id as string;
      expect((await http.get(`/api/v1/audit?inquiryId=${id}`, admin)).body.items).toEqual([expect.objectContaining({ action: 'inquiry.submitted', sealed: true })]);
    }
  });

  it('seals everything and writes a checkpoint at a graceful shutdown', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cti-seal-stop-'));
    const db = await createTestDatabase(dir);
    cleanup.push(
      () => rm(dir, { recursive: true, force: true }),
      () => db.drop(),
    );
    const port = await freePort();
    const first = await startServerProcess(serviceEnv(dir, db.url, { AUDIT_SEAL_INTERVAL_MS: '60000' }), port);
    cleanup.push(() => first.crash());
    const http = new HttpClient(first.url);
    const { admin, file } = await setUp(http);
    for (let i = 0; i < 3; i++) expect((await file(http, `Before the stop ${i}`)).status).toBe(201);
    expect((await http.get('/api/v1/audit/verify', admin)).body.unsealed).toBeGreaterThan(0);
    await first.stop();
    expect(first.child.exitCode).toBe(0);
    // Restarted with no sealer at all: whatever is sealed was sealed at the shutdown.
    const second = await startServerProcess(serviceEnv(dir, db.url, { AUDIT_SEAL_INTERVAL_MS: '0' }), port);
    cleanup.push(() => second.crash());
    const verify = (await http.get('/api/v1/audit/verify', admin)).body;
    expect(verify).toMatchObject({ ok: true, unsealed: 0, checkpoints: 1, problems: [] });
    expect(first.output()).not.toMatch(/sealing at shutdown failed/);
  });

  it('two instances on one PostgreSQL database append at once into one chain; the sealer is killed and the other takes over', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cti-seal-two-'));
    const db = await createPostgresDatabase();
    cleanup.push(
      () => rm(dir, { recursive: true, force: true }),
      () => db.drop(),
    );
    // The default sealing interval (1 s); a checkpoint after every sealing.
    const env = serviceEnv(dir, db.url, { MASTER_KEY: Buffer.alloc(32, 9).toString('base64'), AUDIT_CHECKPOINT_INTERVAL_MS: '0' });
    const servers = [await startServerProcess(env, await freePort()), await startServerProcess(env, await freePort())];
    cleanup.push(() => Promise.all(servers.map((s) => s.crash())));
    const clients = servers.map((s) => new HttpClient(s.url));
    const { admin, file } = await setUp(clients[0]);
    // This database's sealer: an instance on another database of the server (another test, a bench) holds a lock of the same number.
    const sealerPid = async (): Promise<number | null> => {
      const rows = await db.query<{ name: string }>(
        `SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.objid = 4242003 AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      return rows.length ? Number(rows[0].name.split(' ')[1]) : null;
    };

    const started = Date.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => file(clients[i % 2], `Together ${i}`).then((r) => expect(r.status).toBe(201))));
    await until(async () => (await clients[1].get('/api/v1/audit/verify', admin)).body.unsealed === 0, 5000, 'sealing');
    // Sealed within about a second of the last write.
    expect(Date.now() - started).toBeLessThan(4000);
    const leader = await sealerPid();
    expect(servers.map((s) => s.child.pid)).toContain(leader);

    const dead = servers.findIndex((s) => s.child.pid === leader);
    const survivor = clients[1 - dead];
    const lastWords = file(clients[dead], 'Written as the sealer dies').catch(() => null);
    await sleep(5);
    await servers[dead].crash();
    await lastWords;
    await until(async () => (await sealerPid()) === servers[1 - dead].child.pid, 10_000, 'the survivor to take the sealer over');
    for (let i = 0; i < 5; i++) expect((await file(survivor, `After ${i}`)).status).toBe(201);
    await expectWholeChain(survivor, admin, []);
    const [counts] = await db.query<{ n: string; max: string; distinct: string }>('SELECT count(*) AS n, max(seq) AS max, count(DISTINCT seq) AS distinct FROM audit_entry');
    expect([Number(counts.max), Number(counts.distinct)]).toEqual([Number(counts.n), Number(counts.n)]);
    expect((await survivor.get('/api/v1/audit/verify', admin)).body.checkpoints).toBeGreaterThan(1);
  });
});
