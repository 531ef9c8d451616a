import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { createOrganization, createUser, loginAdmin } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { clickAndWait, expectNoAxeViolations, launchBrowser, newRecordedContext, screenshot, signInPage } from '../support/browser.js';
import { fileInquiry } from '../support/world.js';

const DAY = 86_400_000;

/**
 * The secretariat's queue in Chromium, in English and in Arabic: the overdue, critical query with
 * no expert stands out in words; the menu's unread count goes down when the query is opened. axe
 * finds nothing on any page visited.
 */
describe('the queue and the unread count in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  const clerks: Record<'en' | 'ar', { email: string; password: string }> = {} as never;
  let late: { id: string; reference: string };

  beforeAll(async () => {
    [t, browser] = await Promise.all([startApp({ MFA_REQUIRED_ROLES: '' }), launchBrowser()]);
    const admin = await loginAdmin(t);
    // Made before the queries, so that each hears of them.
    clerks.en = await createUser(t, admin, { role: 'secretariat', languages: ['en'] });
    clerks.ar = await createUser(t, admin, { role: 'secretariat', languages: ['ar'] });
    const org = await createOrganization(t, admin, 'XA');
    const requester = await createUser(t, admin, { role: 'requester', organizationId: org.id });
    await fileInquiry(t, requester.token, { subject: 'Visits to places of detention' });
    late = await fileInquiry(t, requester.token, { subject: 'Registers of police custody', urgency: 'urgent' });
    expect((await t.http.post(`/api/v1/inquiries/${late.id}/transitions`, { to: 'triaged' }, admin)).status).toBe(200);
    const due = new Date(Date.now() - 3.5 * DAY).toISOString();
    expect((await t.http.patch(`/api/v1/inquiries/${late.id}`, { version: 2, priority: 'critical', dueAt: due }, admin)).status).toBe(200);
    await t.notify();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const unread = async (page: Page): Promise<number> => {
    const text = await page.locator('header nav a[href="/notifications"] .count').textContent();
    return Number(/\d+/.exec(text ?? '')?.[0] ?? 0);
  };

  for (const lang of ['en', 'ar'] as const) {
    it(`marks the overdue row and lowers the unread count on opening the query (${lang})`, async () => {
      const { page, context } = await newRecordedContext(browser, { locale: lang === 'ar' ? 'ar' : 'en-GB' });
      await signInPage(page, t, clerks[lang].email, clerks[lang].password);
      await page.goto(`${t.url}/inquiries?tab=open`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      const row = page.locator('table.queue tr.overdue');
      await expect(row.count()).resolves.toBe(1);
      await expect(row.locator('a').first().textContent()).resolves.toBe(late.reference);
      const words = lang === 'ar' ? ['متأخر 3 أيام', 'لا خبير بعد'] : ['3 days overdue', 'No expert yet', 'Urgent', 'Critical'];
      for (const w of words) await expect(row.textContent()).resolves.toContain(w);
      // The tab counts: two open, one overdue.
      await expect(page.locator('nav.tabs a[href="/inquiries?tab=overdue"] .count').textContent()).resolves.toBe('1');
      await expect(page.locator('nav.tabs a[href="/inquiries?tab=open"] .count').textContent()).resolves.toBe('2');
      await expectNoAxeViolations(page, `queue (${lang})`);
      await screenshot(page, `secretariat-queue-${lang}`);

      const before = await unread(page);
      expect(before).toBeGreaterThan(0);
      await clickAndWait(page, `table.queue a[href="/inquiries/${late.id}"]`);
      const after = await unread(page);
      expect(after).toBeLessThan(before);
      await expectNoAxeViolations(page, `query page (${lang})`);

      await page.goto(`${t.url}/notifications`);
      await expectNoAxeViolations(page, `notifications (${lang})`);
      await clickAndWait(page, 'form[action="/notifications/read-all"] button');
      await expect(page.locator('header nav a[href="/notifications"] .count').count()).resolves.toBe(0);
      await expectNoAxeViolations(page, `notifications, all read (${lang})`);
      await context.close();
    });
  }
});
