import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { createOrganization, createUser, loginAdmin } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { clickAndWait, expectNoAxeViolations, launchBrowser, newRecordedContext, screenshot, signInPage } from '../support/browser.js';

const activeId = (page: Page) => page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');

/** Errors beside their fields, in the page's language, with what was typed kept; confirmation before deactivating; the HTML 404. */
describe('forms in a real browser (English and Arabic)', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: string;
  let org: { id: string };

  beforeAll(async () => {
    [t, browser] = await Promise.all([startApp({ MFA_REQUIRED_ROLES: '' }), launchBrowser()]);
    admin = await loginAdmin(t);
    org = await createOrganization(t, admin);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const lang of ['en', 'ar'] as const) {
    it(`shows a refused new query's errors beside the fields, focused, in ${lang}, keeping the query's language`, async () => {
      const requester = await createUser(t, admin, { role: 'requester', organizationId: org.id, languages: [lang] });
      const { context, page } = await newRecordedContext(browser);
      await signInPage(page, t, requester.email, requester.password);
      await page.goto(`${t.url}/inquiries/new?lang=${lang}`);
      // The query's language defaults to the interface language.
      expect(await page.inputValue('#language')).toBe(lang);
      await expectNoAxeViolations(page, `new query form (${lang})`);
      await page.selectOption('#language', 'fr');
      await page.fill('#body', 'Une question sur la garde à vue.');
      await clickAndWait(page, 'form[action^="/inquiries"] button[type="submit"]');

      // The subject is missing and no topic was chosen: both beside their fields, the first focused.
      expect(await page.getAttribute('#subject', 'aria-invalid')).toBe('true');
      expect(await page.getAttribute('#subject', 'aria-describedby')).toContain('subject-error');
      expect(await activeId(page)).toBe('subject');
      const message = (await page.textContent('#subject-error'))!;
      expect(message).not.toMatch(/must be|characters/);
      if (lang === 'ar') expect(message).toMatch(/[\u0600-\u06FF]/);
      else expect(message).toMatch(/Fill this in|character/);
      expect(await page.getAttribute('#primaryTopic', 'aria-invalid')).toBe('true');
      expect(await page.locator('.error-summary a[href="#subject"]').count()).toBe(1);
      // What was typed is kept, the query's language included.
      expect(await page.inputValue('#language')).toBe('fr');
      expect(await page.inputValue('#body')).toBe('Une question sur la garde à vue.');
      await expectNoAxeViolations(page, `new query form refused (${lang})`);
      await screenshot(page, `forms-new-query-refused-${lang}`);
      await context.close();
    });

    it(`answers an unknown page with the HTML 404 in ${lang}; /api stays JSON`, async () => {
      const { context, page } = await newRecordedContext(browser, { locale: lang });
      const answer = await page.goto(`${t.url}/no/such/page?lang=${lang}`);
      expect(answer?.status()).toBe(404);
      expect(answer?.headers()['content-type']).toContain('text/html');
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      if (lang === 'ar') expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      await expectNoAxeViolations(page, `404 page (${lang})`);
      const api = await page.request.get(`${t.url}/api/v1/no-such-thing`);
      expect(api.status()).toBe(404);
      expect(await api.json()).toMatchObject({ statusCode: 404, code: 'request.not-found' });
      await context.close();
    });
  }

  it('asks for confirmation before deactivating an account, and deactivates only then', async () => {
    const someone = await createUser(t, admin, { role: 'requester', organizationId: org.id });
    const secretariat = await createUser(t, admin, { role: 'secretariat' });
    const { context, page } = await newRecordedContext(browser);
    await signInPage(page, t, secretariat.email, secretariat.password);
    await page.goto(`${t.url}/admin/users?lang=ar`);
    await expectNoAxeViolations(page, 'accounts (ar)');
    const row = page.locator('tr', { hasText: someone.email });
    // Deactivating is not the first action of the row.
    const first = await row.locator('td.actions button').first().textContent();
    expect(first).not.toContain('عطّل');
    await Promise.all([page.waitForURL(/\/admin\/users\/.+\/active/), row.locator(`form[action$="/active"] button`).click()]);
    expect(await page.textContent('.confirm')).toContain(someone.email);
    await expectNoAxeViolations(page, 'deactivation confirmation (ar)');
    const before = await t.http.get(`/api/v1/users/${someone.id}`, admin);
    expect(before.body.active).toBe(true);
    await clickAndWait(page, '.confirm button[type="submit"]');
    const after = await t.http.get(`/api/v1/users/${someone.id}`, admin);
    expect(after.body.active).toBe(false);
    await context.close();
  });
});
