import { afterAll, describe, expect, it } from '@jest/globals';
import { loginAdmin, uniqueEmail } from '../support/actors.js';
import { ADMIN, startApp, type TestApp } from '../support/app.js';
import { WebClient } from '../support/browser.js';
import { freePort } from '../support/processes.js';
import { TestSmtpServer } from '../support/smtp.js';

/**
 * With the mail server down, a delivery shows in the secretariat's failed-mail API and page from
 * its first refusal, as retrying with the time of its next attempt (not only once parked, an hour
 * later); after NOTIFY_ALERT_MINUTES of nothing but refusals the secretariat's pages carry a
 * banner; the delivery is parked after its last attempt, and goes out on a retry once the server
 * is back, the banner gone. The clock is the app's fake one; the settings are the defaults.
 */
describe('mail that cannot be sent shows soon', () => {
  let t: TestApp;
  let smtp: TestSmtpServer | null = null;
  afterAll(async () => {
    await smtp?.stop();
    await t?.close();
  });

  it('lists a refused delivery at once as retrying, raises the banner after ten minutes of refusals, parks it after its last attempt', async () => {
    const port = await freePort();
    t = await startApp({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    let admin = await loginAdmin(t);
    let web = new WebClient(t.url);
    await web.signIn(ADMIN.email, ADMIN.password);
    const email = uniqueEmail('unmailed');
    expect((await t.http.post('/api/v1/users', { email, name: 'Unmailed', role: 'expert' }, admin)).status).toBe(201);

    const firstAttempt = t.clock.now().getTime();
    await t.notify();
    const failed = await t.http.get('/api/v1/notifications/failed', admin);
    expect(failed.status).toBe(200);
    expect(failed.body.total).toBe(1);
    const item = failed.body.items[0];
    expect(item).toMatchObject({ state: 'retrying', eventKind: 'user.invited', attempts: 1 });
    expect(item.lastError).toMatch(/ECONNREFUSED/);
    // NOTIFY_RETRY_BASE_MS (30 s) after the first attempt.
    expect(Date.parse(item.nextAttemptAt) - firstAttempt).toBeGreaterThanOrEqual(30_000);
    expect(Date.parse(item.nextAttemptAt) - firstAttempt).toBeLessThan(35_000);
    const page = await web.get('/admin/failed-mail');
    expect(page.status).toBe(200);
    expect(page.html).toContain(email);
    expect(page.html).toContain('Retrying; next attempt');
    expect(page.html).not.toContain('has refused every message');

    // Refused for nine minutes: no banner yet.
    t.clock.travel(9 * 60_000);
    await t.notify();
    expect((await web.get('/admin/failed-mail')).html).not.toContain('has refused every message');
    // Past ten minutes of nothing but refusals: the banner, on every page of the secretariat.
    t.clock.travel(2 * 60_000);
    await t.notify();
    const banner = await web.get('/inquiries');
    expect(banner.html).toContain('The mail server has refused every message for more than 10 minutes');
    expect(banner.html).toContain('href="/admin/failed-mail"');

    // Through the eight attempts of NOTIFY_MAX_ATTEMPTS: parked.
    for (let i = 0; i < 10; i++) {
      t.clock.travel(2 * 3_600_000);
      await t.notify();
    }
    // Twenty hours on, the sessions have ended: sign in again.
    admin = await loginAdmin(t);
    web = new WebClient(t.url);
    await web.signIn(ADMIN.email, ADMIN.password);
    const parked = (await t.http.get('/api/v1/notifications/failed', admin)).body.items[0];
    expect(parked).toMatchObject({ id: item.id, state: 'failed', attempts: 8, nextAttemptAt: null });
    expect((await web.get('/admin/failed-mail')).html).toContain('Parked after its last attempt');

    smtp = await new TestSmtpServer().start(port);
    expect((await t.http.post(`/api/v1/notifications/failed/${item.id}/retry`, {}, admin)).status).toBe(204);
    await t.notify();
    expect(smtp.received.map((m) => m.to)).toEqual([[email]]);
    expect((await t.http.get('/api/v1/notifications/failed', admin)).body.total).toBe(0);
    expect((await web.get('/inquiries')).html).not.toContain('has refused every message');
  });

  it('lets the secretariat send a retrying delivery at once', async () => {
    const port = await freePort();
    const app = await startApp({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    try {
      const admin = await loginAdmin(app);
      await app.http.post('/api/v1/users', { email: uniqueEmail('soon'), name: 'Soon', role: 'expert' }, admin);
      await app.notify();
      const item = (await app.http.get('/api/v1/notifications/failed', admin)).body.items[0];
      expect(item.state).toBe('retrying');
      const server = await new TestSmtpServer().start(port);
      try {
        expect((await app.http.post(`/api/v1/notifications/failed/${item.id}/retry`, {}, admin)).status).toBe(204);
        await app.notify();
        expect(server.received).toHaveLength(1);
      } finally {
        await server.stop();
      }
    } finally {
      await app.close();
    }
  });
});
