import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ADMIN } from '../support/app.js';
import { WebClient } from '../support/browser.js';
import { pdfBytes, upload } from '../support/files.js';
import { HttpClient, type HttpResult } from '../support/http.js';
import { freePort, serviceEnv, sleep } from '../support/processes.js';
import { killServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { builtScript, runNode } from '../support/spawn.js';
import { sqliteIntegrity } from '../support/sqlite-locker.js';

const run = promisify(execFile);

/** Fills the filesystem with one file until it says ENOSPC; returns the file's path. */
async function fill(dir: string): Promise<string> {
  const path = join(dir, 'filler');
  const f = await open(path, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) await f.write(block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    await f.close().catch(() => undefined);
  }
  return path;
}

const expectFault = (res: HttpResult) => {
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
};

/**
 * The data directory on a small filesystem of its own (a tmpfs this test mounts; it needs root,
 * and fails without it rather than skip) that fills up: every write, sign-in included, answers 503
 * with Retry-After, never a 500; reads go on; /health names the disk; once space is freed, the
 * same requests sent again with their Idempotency-Keys complete, once each, and the file passes
 * integrity_check and the audit chain verifies. SQLite only: it is about the file.
 */
describe('a full disk on SQLite', () => {
  let dir: string;
  let mounted = false;
  let server: ServerProcess | null = null;

  afterAll(async () => {
    // Every server the test started, one still starting as well: none outlives the test (see killServerProcesses).
    await killServerProcesses();
    await server?.stop();
    if (mounted) await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while full, and works again, intact, once space is freed', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cti-full-'));
    try {
      await run('mount', ['-t', 'tmpfs', '-o', 'size=24m,mode=0700', 'tmpfs', dir]);
      mounted = true;
    } catch (err) {
      throw new Error(`this test mounts a small tmpfs for the data directory and needs root (mount): ${(err as Error).message}`, { cause: err });
    }
    const file = join(dir, 'cti.sqlite');
    server = await startServerProcess(serviceEnv(dir, `sqlite:${file}`, { DISK_MIN_FREE_MB: '1' }), await freePort());
    const http = new HttpClient(server.url);
    const admin = (await http.post('/api/v1/auth/login', ADMIN)).body.token as string;
    const org = (await http.post('/api/v1/organizations', { name: 'Full disk ministry', country: 'XA', kind: 'government' }, admin)).body.id;
    const requesterId = (await http.post('/api/v1/users', { email: 'full.requester@example.org', name: 'Full', role: 'requester', organizationId: org }, admin)).body.id;
    expect(requesterId).toBeDefined();
    const file_ = (key: string, n: number) =>
      http.request('POST', '/api/v1/inquiries', {
        token: admin,
        headers: { 'idempotency-key': key },
        body: { subject: `Full disk ${n}`, body: `Text ${n} `.repeat(2000), topics: ['police-custody-safeguards'], language: 'en', onBehalfOf: requesterId },
      });
    const acknowledged: string[] = [];
    const refused: { key: string; n: number }[] = [];
    for (let n = 0; n < 3; n++) {
      const res = await file_(`full-${n}`, n);
      expect(res.status).toBe(201);
      acknowledged.push(res.body.id);
    }

    const filler = await fill(dir);
    const health = await http.get('/health');
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('30');
    expect(health.body.message).toMatch(/disk/);

    // An upload needs the spool: refused at once.
    const inquiryId = acknowledged[0];
    const up = await upload(http, `/api/v1/inquiries/${inquiryId}/attachments`, admin, {
      name: 'a.pdf',
      bytes: Buffer.concat([pdfBytes('full'), Buffer.alloc(600_000, 3)]),
      type: 'application/pdf',
    });
    expectFault(up);
    expect(up.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });

    // Writes until the database cannot grow: each one is either done or a 503, never a 500.
    for (let n = 3; n < 300 && refused.length < 3; n++) {
      const res = await file_(`full-${n}`, n);
      if (res.status === 201) acknowledged.push(res.body.id);
      else {
        expectFault(res);
        expect(res.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
        refused.push({ key: `full-${n}`, n });
      }
    }
    expect(refused.length).toBe(3);
    // Sign-in writes a session: a 503 too, on the API and on the page (which keeps the address typed).
    const login = await http.post('/api/v1/auth/login', ADMIN);
    expectFault(login);
    const web = new WebClient(server.url);
    expect((await web.get('/login')).status).toBe(200);
    const page = await web.post('/login', { email: ADMIN.email, password: ADMIN.password });
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).not.toBeNull();
    expect(page.html).toContain(`value="${ADMIN.email}"`);
    expect(page.html).toContain('Send again');
    expect(page.html).not.toContain(ADMIN.password);
    // Reads go on where nothing is written (opening an inquiry is audited, so it is a write: a 503 too).
    expect((await http.get('/api/v1/inquiries?limit=5', admin)).status).toBe(200);
    expectFault(await http.get(`/api/v1/inquiries/${inquiryId}`, admin));

    await rm(filler);
    // The refused requests, sent again with their keys, complete once each (a first try may still meet the full WAL being reset).
    for (const r of refused) {
      let res = await file_(r.key, r.n);
      for (let i = 0; i < 20 && res.status === 503; i++) {
        await sleep(250);
        res = await file_(r.key, r.n);
      }
      expect(res.status).toBe(201);
      acknowledged.push(res.body.id);
      expect((await file_(r.key, r.n)).body.id).toBe(res.body.id);
    }
    expect((await http.get('/health')).status).toBe(200);
    expect((await http.post('/api/v1/auth/login', ADMIN)).status).toBe(200);
    for (const id of acknowledged) expect((await http.get(`/api/v1/inquiries/${id}`, admin)).status).toBe(200);
    const all = await http.get('/api/v1/inquiries?limit=100', admin);
    expect(all.body.total).toBe(acknowledged.length);
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
    const output = server.output();
    expect(output).not.toMatch(/"statusCode":500|unhandled error/);

    await server.stop();
    server = null;
    expect(await sqliteIntegrity(file)).toBe('ok');
    const verify = await runNode(builtScript('cli'), ['audit:verify'], { env: { DATA_DIR: dir, DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'silent' } });
    expect(verify.code).toBe(0);
  }, 120_000);
});
