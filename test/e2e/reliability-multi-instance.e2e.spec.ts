import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractInvitationToken } from '../support/actors.js';
import { ADMIN } from '../support/app.js';
import { HttpClient, type HttpResult } from '../support/http.js';
import { createPostgresDatabase } from '../support/postgres.js';
import { freePort, serviceEnv, sleep, until } from '../support/processes.js';
import { killServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { TestSmtpServer } from '../support/smtp.js';

/**
 * Two instances of the service on one PostgreSQL database, used alternately, one of them killed
 * midway: sessions, rate limits, the outbox and the audit chain are shared, nothing acknowledged is
 * lost, every mail arrives (a resend only for what the dead instance had leased).
 */
describe('two instances on one PostgreSQL database', () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let smtp: TestSmtpServer;
  const servers: ServerProcess[] = [];
  let a: HttpClient;
  let b: HttpClient;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cti-multi-'));
    db = await createPostgresDatabase();
    smtp = await new TestSmtpServer().start();
    const env = serviceEnv(dir, db.url, {
      SMTP_URL: smtp.url,
      NOTIFY_INTERVAL_MS: '100',
      NOTIFY_LEASE_MS: '2000',
      LOGIN_ATTEMPTS_PER_ACCOUNT: '3',
      MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      LOG_LEVEL: 'warn',
    });
    // The first start runs the migrations; the second finds them done.
    servers.push(await startServerProcess(env, await freePort()));
    servers.push(await startServerProcess(env, await freePort()));
    a = new HttpClient(servers[0].url);
    b = new HttpClient(servers[1].url);
  });
  afterAll(async () => {
    // Every server the test started, one still starting as well: none outlives the test (see killServerProcesses).
    await killServerProcesses();
    for (const s of servers) await s.crash();
    await smtp?.stop();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('counts failed sign-ins together: three on A, the fourth on B answers 429', async () => {
    const email = 'nobody.here@example.org';
    for (const http of [a, a, a]) expect((await http.post('/api/v1/auth/login', { email, password: 'not the password at all' })).status).toBe(401);
    const fourth = await b.post('/api/v1/auth/login', { email, password: 'not the password at all' });
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account is not affected.
    expect((await b.post('/api/v1/auth/login', ADMIN)).status).toBe(200);
  });

  it('runs the whole scenario through both, survives losing one, and loses nothing', async () => {
    let turn = 0;
    let alive = [a, b];
    const next = () => alive[turn++ % alive.length];
    const acknowledged: { kind: 'inquiry' | 'message' | 'organization'; id: string; inquiryId?: string }[] = [];
    const ok = (res: HttpResult, what: string) => {
      if (res.status < 200 || res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
      return res.body;
    };

    const admin = ok(await next().post('/api/v1/auth/login', ADMIN), 'admin login').token as string;
    const org = ok(await next().post('/api/v1/organizations', { name: 'Multi ministry', country: 'XA', kind: 'government' }, admin), 'org');
    acknowledged.push({ kind: 'organization', id: org.id });
    const invite = async (role: 'requester' | 'expert', email: string) => {
      const user = ok(await next().post('/api/v1/users', { email, name: `Multi ${role}`, role, organizationId: role === 'requester' ? org.id : undefined }, admin), role);
      const mail = await smtp.waitFor((m) => m.to.includes(email), 15_000);
      const accepted = ok(
        await next().post('/api/v1/auth/accept-invitation', { token: extractInvitationToken(mail.raw), password: `a long passphrase for ${role} here` }),
        'accept',
      );
      return { id: user.id as string, token: accepted.token as string };
    };
    const requester = await invite('requester', 'multi.requester@example.org');
    const expert = await invite('expert', 'multi.expert@example.org');

    // One inquiry's whole life; every request goes to the next instance in turn.
    const lifecycle = async (i: number) => {
      const inquiry = ok(
        await next().post('/api/v1/inquiries', { subject: `Multi subject ${i}`, body: `Multi body ${i}`, topics: ['police-custody-safeguards'], language: 'en' }, requester.token),
        'file',
      );
      acknowledged.push({ kind: 'inquiry', id: inquiry.id });
      ok(await next().post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'triaged' }, admin), 'triage');
      const assignment = ok(await next().post(`/api/v1/inquiries/${inquiry.id}/assignments`, { expertId: expert.id, role: 'lead' }, admin), 'assign');
      ok(await next().post(`/api/v1/assignments/${assignment.id}/accept`, { noConflict: true }, expert.token), 'accept');
      const reply = ok(await next().post(`/api/v1/inquiries/${inquiry.id}/messages`, { body: `Expert advice ${i}` }, expert.token), 'reply');
      acknowledged.push({ kind: 'message', id: reply.id, inquiryId: inquiry.id });
      ok(await next().post(`/api/v1/messages/${reply.id}/clear`, {}, admin), 'clear');
      const answer = ok(await next().post(`/api/v1/inquiries/${inquiry.id}/messages`, { body: `Thank you ${i}` }, requester.token), 'requester reply');
      acknowledged.push({ kind: 'message', id: answer.id, inquiryId: inquiry.id });
    };
    for (let i = 1; i <= 3; i++) await lifecycle(i);

    // A dies in the middle of a request, with whatever outbox work it had claimed.
    const inFlight = a
      .post('/api/v1/inquiries', { subject: 'Multi subject in flight', body: 'In flight', topics: ['police-custody-safeguards'], language: 'en' }, requester.token)
      .catch(() => null);
    await sleep(5);
    const leasedAtKill = await db.query<{ n: string }>(`SELECT count(*) AS n FROM delivery WHERE channel = 'email' AND "leaseUntil" IS NOT NULL AND status = 'pending'`);
    await servers[0].crash();
    const lostOrNot = await inFlight;
    if (lostOrNot && lostOrNot.status === 201) acknowledged.push({ kind: 'inquiry', id: lostOrNot.body.id });
    alive = [b];
    for (let i = 4; i <= 5; i++) await lifecycle(i);

    // Everything due is delivered by the survivor (the dead one's leases expire).
    await until(
      async () => {
        const [pending] = await db.query<{ n: string }>(
          `SELECT (SELECT count(*) FROM delivery WHERE channel = 'email' AND status = 'pending') + (SELECT count(*) FROM outbox_event WHERE "processedAt" IS NULL) AS n`,
        );
        return Number(pending.n) === 0;
      },
      30_000,
      'the outbox to drain',
    );
    const expected = await db.query<{ email: string; n: string }>(
      `SELECT u.email, count(*) AS n FROM delivery d JOIN user_account u ON u.id = d."recipientId" WHERE d.channel = 'email' AND d.status = 'sent' GROUP BY u.email`,
    );
    expect(await db.query(`SELECT id FROM delivery WHERE channel = 'email' AND status NOT IN ('sent')`)).toEqual([]);
    let duplicates = 0;
    for (const row of expected) {
      const received = smtp.received.filter((m) => m.to.includes(row.email)).length;
      expect([row.email, received >= Number(row.n)]).toEqual([row.email, true]);
      duplicates += received - Number(row.n);
    }
    expect(smtp.received.length).toBe(expected.reduce((s, r) => s + Number(r.n), 0) + duplicates);
    expect(duplicates).toBeLessThanOrEqual(Number(leasedAtKill[0].n));
    process.stdout.write(`multi-instance: ${smtp.received.length} mails, ${duplicates} resent, ${leasedAtKill[0].n} leased at the kill\n`);

    // Every acknowledged request is there, seen through the survivor; the audit chain is whole.
    for (const x of acknowledged) {
      if (x.kind === 'organization') expect((await b.get(`/api/v1/organizations/${x.id}`, admin)).status).toBe(200);
      if (x.kind === 'inquiry') expect((await b.get(`/api/v1/inquiries/${x.id}`, admin)).status).toBe(200);
      if (x.kind === 'message') {
        const thread = (await b.get(`/api/v1/inquiries/${x.inquiryId}/messages`, admin)).body as { id: string }[];
        expect(thread.map((m) => m.id)).toContain(x.id);
      }
    }
    await until(async () => (await b.get('/api/v1/audit/verify', admin)).body.unsealed === 0, 10_000, 'the audit trail to be sealed');
    expect((await b.get('/api/v1/audit/verify', admin)).body).toMatchObject({ ok: true });
    const seqs = await db.query<{ n: string; max: string }>('SELECT count(*) AS n, max(seq) AS max FROM audit_entry');
    expect(Number(seqs[0].n)).toBe(Number(seqs[0].max));
  });
});
