import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { createUser, uniqueEmail } from '../support/actors.js';
import { freePort } from '../support/processes.js';
import { TestSmtpServer } from '../support/smtp.js';
import { buildWorld, fileInquiry } from '../support/world.js';
import { SlaSweep } from '../../src/notifications/sla-sweep.js';

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('notifications when mail fails', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('keeps answering while SMTP is down, and delivers every mail once it is back', async () => {
    const port = await freePort();
    const t = await startApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, NOTIFY_INTERVAL_MS: '50', NOTIFY_RETRY_BASE_MS: '100', NOTIFY_MAX_ATTEMPTS: '30' });
    cleanups.push(() => t.close());
    const { loginAdmin, createOrganization } = await import('../support/actors.js');
    const admin = await loginAdmin(t);
    const org = await createOrganization(t, admin);
    const emails = [uniqueEmail('down'), uniqueEmail('down'), uniqueEmail('down')];
    const slowest: number[] = [];
    for (const email of emails) {
      const started = Date.now();
      const res = await t.http.post('/api/v1/users', { email, name: 'Outage', role: 'requester', organizationId: org.id }, admin);
      slowest.push(Date.now() - started);
      expect(res.status).toBe(201);
    }
    // Nothing waited for the mail server (a synchronous send would have waited for its timeouts).
    expect(Math.max(...slowest)).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 500));
    const smtp = await new TestSmtpServer().start(port);
    cleanups.push(() => smtp.stop());
    await until(() => emails.every((e) => smtp.received.some((m) => m.to.includes(e))));
  });

  it('parks a delivery that keeps failing, lists it for the secretariat without content, and retries it on demand', async () => {
    const port = await freePort();
    const t = await startApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, NOTIFY_RETRY_BASE_MS: '1000', NOTIFY_MAX_ATTEMPTS: '2' });
    cleanups.push(() => t.close());
    const w = await (async () => {
      const { loginAdmin } = await import('../support/actors.js');
      return { admin: await loginAdmin(t) };
    })();
    const email = uniqueEmail('parked');
    await t.http.post('/api/v1/users', { email, name: 'Parked', role: 'expert' }, w.admin);
    await t.notify();
    t.clock.travel(1500);
    await t.notify();
    const failed = await t.http.get('/api/v1/notifications/failed', w.admin);
    expect(failed.status).toBe(200);
    expect(failed.body.total).toBe(1);
    expect(failed.body.items[0]).toMatchObject({ eventKind: 'user.invited', attempts: 2 });
    expect(failed.body.items[0].lastError).toMatch(/ECONNREFUSED/);
    expect(failed.text).not.toContain('/invitations/');
    const smtp = await new TestSmtpServer().start(port);
    cleanups.push(() => smtp.stop());
    await t.notify();
    expect(smtp.received).toHaveLength(0);
    expect((await t.http.post(`/api/v1/notifications/failed/${failed.body.items[0].id}/retry`, {}, w.admin)).status).toBe(204);
    expect((await t.http.post(`/api/v1/notifications/failed/${failed.body.items[0].id}/retry`, {}, w.admin)).status).toBe(404);
    await t.notify();
    expect(smtp.received.map((m) => m.to)).toEqual([[email]]);
    expect((await t.http.get('/api/v1/notifications/failed', w.admin)).body.total).toBe(0);
  });

  it('raises one overdue event per breach however often the sweep runs, and lists the inquiry as overdue', async () => {
    const smtp = await new TestSmtpServer().start();
    cleanups.push(() => smtp.stop());
    const t: TestApp = await startApp({}, { smtp });
    cleanups.push(() => t.close());
    const w = await buildWorld(t);
    const sweep = t.app.get(SlaSweep);
    const inquiry = await fileInquiry(t, w.requester.token);
    expect(await sweep.run()).toBe(0);
    t.clock.travel(5 * 86_400_000);
    expect(await sweep.run()).toBe(1);
    expect(await sweep.run()).toBe(0);
    const { loginAdmin } = await import('../support/actors.js');
    const admin = await loginAdmin(t);
    const audit = await t.http.get(`/api/v1/audit?inquiryId=${inquiry.id}&action=inquiry.overdue`, admin);
    expect(audit.body.items.map((e: { details: { kind: string } }) => e.details.kind)).toEqual(['acknowledge']);
    await t.notify();
    expect(smtp.received.filter((m) => /overdue/.test(m.raw)).length).toBeGreaterThan(0);

    t.clock.travel(30 * 86_400_000);
    expect(await sweep.run()).toBe(1);
    const again = await loginAdmin(t);
    const overdue = await t.http.get('/api/v1/inquiries?overdue=true', again);
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(inquiry.id);
    await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'triaged' }, again);
    // A new due date is a new breach, once.
    await t.http.patch(`/api/v1/inquiries/${inquiry.id}`, { version: 2, dueAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() }, again);
    expect((await t.http.get('/api/v1/inquiries?overdue=true', again)).body.items.map((i: { id: string }) => i.id)).not.toContain(inquiry.id);
    t.clock.travel(2 * 86_400_000);
    expect(await sweep.run()).toBe(1);
    expect(await sweep.run()).toBe(0);
  });

  it('mails an Arabic-speaking requester in its own language when its inquiry moves', async () => {
    const smtp = await new TestSmtpServer().start();
    cleanups.push(() => smtp.stop());
    const t = await startApp({}, { smtp });
    cleanups.push(() => t.close());
    const { loginAdmin, createOrganization } = await import('../support/actors.js');
    const admin = await loginAdmin(t);
    const org = await createOrganization(t, admin);
    const requester = await createUser(t, admin, { role: 'requester', organizationId: org.id, languages: ['ar'] });
    const inquiry = await fileInquiry(t, requester.token);
    await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'triaged' }, admin);
    await t.notify();
    const mine = smtp.received.filter((m) => m.to.includes(requester.email));
    expect(mine).toHaveLength(2);
    expect(mine[1].raw).toMatch(/Subject: =\?UTF-8\?/i);
  });
});
