import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { createUser, loginAdmin } from '../support/actors.js';
import { ADMIN, startApp, type TestApp } from '../support/app.js';
import { ARTIFACTS, expectNoAxeViolations, launchBrowser, newRecordedContext, signInPage } from '../support/browser.js';

/**
 * The reports page in a real browser, in English for the head of the secretariat and in Arabic
 * (right to left) for an observer: figures, charts drawn as SVG with their tables, nothing from
 * any other host. Screenshots go to test-artifacts/ to be looked at.
 */
describe('the reports page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let observer: { email: string; password: string };
  const requests: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([startApp({ MFA_REQUIRED_ROLES: '' }), launchBrowser()]);
    const admin = await loginAdmin(t);
    observer = await createUser(t, admin, { role: 'observer' });
    const plan: Array<[string, string, string, number]> = [
      ['XE', 'government', 'fr', 6],
      ['XC', 'government', 'en', 4],
      ['XF', 'judiciary', 'es', 3],
      ['XO', 'national-preventive-mechanism', 'en', 5],
      ['XQ', 'national-human-rights-institution', 'ar', 1],
    ];
    const topics = ['police-custody-safeguards', 'cat-reporting', 'ratification-process', 'opcat-npm'];
    let n = 0;
    for (const [country, kind, language, count] of plan) {
      const org = await t.http.post('/api/v1/organizations', { name: `Institution ${country}`, country, kind }, admin);
      const requester = await createUser(t, admin, { role: 'requester', organizationId: org.body.id });
      for (let i = 0; i < count; i++) {
        const res = await t.http.post('/api/v1/inquiries', { subject: 'A question', body: 'Its details', topics: [topics[n++ % topics.length]], language }, requester.token);
        expect(res.status).toBe(201);
        if (i % 2 === 0) await t.http.post(`/api/v1/inquiries/${res.body.id}/transitions`, { to: 'triaged' }, admin);
      }
    }
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const from = () => `${t.clock.iso().slice(0, 4)}-01-01`;
  const to = () => t.clock.iso().slice(0, 10);

  it('shows the head of the secretariat the report in English, with charts and their tables, and the CSV link', async () => {
    const { page, requests: seen } = await newRecordedContext(browser);
    await signInPage(page, t, ADMIN.email, ADMIN.password);
    await page.goto(`${t.url}/reports?from=${from()}&to=${to()}&lang=en`);
    await expect(page.textContent('h1')).resolves.toBe('Reports');
    expect(await page.locator('svg[role="img"]').count()).toBe(12);
    expect(await page.locator('svg[role="img"] title').first().textContent()).toBe('By month');
    // A State with one inquiry: its language and region are "fewer than 3", never a 1.
    const arabic = page.locator('section:has(#h-language) tbody tr', { hasText: 'Arabic' });
    await expect(arabic.locator('td').textContent()).resolves.toBe('fewer than 3');
    expect(await page.locator('a[href^="/reports/export"]').count()).toBe(1);
    // The annual pack's button, for the head only, on this year.
    expect(await page.inputValue('#pack-year')).toBe(from().slice(0, 4));
    await expectNoAxeViolations(page, 'reports (en)');
    await page.screenshot({ path: `${ARTIFACTS}/reports-en.png`, fullPage: true });
    await page.locator('#h-region').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/reports-en-charts.png` });
    await page.close();
    requests.push(...seen);
  });

  it('shows an observer the same report in Arabic, right to left, without the CSV link', async () => {
    const { page, requests: seen } = await newRecordedContext(browser);
    await signInPage(page, t, observer.email, observer.password);
    expect(new URL(page.url()).pathname).toBe('/reports');
    await page.goto(`${t.url}/reports?from=${from()}&to=${to()}&lang=ar`);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await expect(page.textContent('h1')).resolves.toBe('التقارير');
    expect(await page.locator('svg[role="img"]').count()).toBe(12);
    expect(await page.locator('a[href^="/reports/export"]').count()).toBe(0);
    expect(await page.locator('form[action="/reports/annual-pack"]').count()).toBe(0);
    await expectNoAxeViolations(page, 'reports (ar)');
    // Bars grow from the right: a bar's right edge is further right than its left one is in English.
    const bar = await page.locator('section:has(#h-region) svg rect').first().boundingBox();
    const svg = await page.locator('section:has(#h-region) svg').boundingBox();
    expect(bar!.x + bar!.width).toBeGreaterThan(svg!.x + svg!.width * 0.5);
    // The observer's navigation holds the reports and the account, nothing else.
    expect(await page.locator('header.site nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['/reports', '/account']);
    await page.screenshot({ path: `${ARTIFACTS}/reports-ar.png`, fullPage: true });
    await page.locator('#h-region').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/reports-ar-charts.png` });
    await page.goto(`${t.url}/inquiries`);
    await expect(page.textContent('h1')).resolves.not.toBe('التقارير');
    await page.close();
    requests.push(...seen);
    expect(requests.filter((u) => !u.startsWith(t.url + '/'))).toEqual([]);
  });
});
