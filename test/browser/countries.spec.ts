import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { loginAdmin } from '../support/actors.js';
import { ADMIN, startApp, type TestApp } from '../support/app.js';
import { clickAndWait, expectNoAxeViolations, launchBrowser, newRecordedContext, screenshot, signInPage } from '../support/browser.js';

/**
 * The secretariat's countries page in a real browser: the States filtered, one State corrected in
 * English (the version check holds against a second tab, the change is audited as the API's), the
 * same State read in Arabic, right to left. Every page visited passes axe-core.
 */
describe('the countries page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: string;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startApp({ MFA_REQUIRED_ROLES: '' }), launchBrowser()]);
    admin = await loginAdmin(t);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('filters the States and corrects one in English, audited, a stale form refused', async () => {
    const { context, page, requests } = await newRecordedContext(browser);
    await signInPage(page, t, ADMIN.email, ADMIN.password);
    await page.goto(`${t.url}/admin/countries?lang=en`);
    await expect(page.textContent('h1')).resolves.toBe('States: reference data');
    expect(await page.locator('tbody tr').count()).toBe(221);
    // Listed by name as people look for a State, not by code: the United Arab Emirates (AE) among the U.
    const names = await page.locator('tbody th[scope="row"] a').allTextContents();
    expect(names).toEqual([...names].sort(new Intl.Collator('en').compare));
    expect(names.indexOf('United Arab Emirates')).toBeGreaterThan(names.indexOf('Uganda'));
    expect(await page.locator('header.site nav a[href="/admin/countries"]').count()).toBe(1);
    await expectNoAxeViolations(page, 'countries (en)');
    // The filter: the African group, then a name.
    await page.selectOption('#country-group', 'african');
    await page.fill('#country-q', 'keny');
    await clickAndWait(page, 'form[action="/admin/countries"] button[type="submit"]');
    expect(new URL(page.url()).searchParams.get('group')).toBe('african');
    expect(await page.locator('tbody tr').count()).toBe(1);
    await expectNoAxeViolations(page, 'countries filtered (en)');
    await clickAndWait(page, 'tbody a[href="/admin/countries/KE"]');
    await expect(page.textContent('h1')).resolves.toBe('Reference data: Kenya');
    await expectNoAxeViolations(page, 'Kenya (en)');
    const before = (await t.http.get('/api/v1/countries', admin)).body.find((c: { code: string }) => c.code === 'KE');
    // A second tab opens the same form before the first saves.
    const stale = await context.newPage();
    await stale.goto(`${t.url}/admin/countries/KE`);

    await page.check('#f-tag-ldc');
    await page.fill('#f-other-tags', 'east-african-community');
    await page.selectOption('#f-art22Declared', 'true');
    await page.selectOption('#f-opcat', 'signatory');
    await page.selectOption('#f-intermediate', '');
    await page.fill('#f-as-of', '2026-06-30');
    await clickAndWait(page, 'form[action="/admin/countries/KE"] button[type="submit"]');
    await expect(page.textContent('.flash.ok')).resolves.toContain("The State's reference data is saved.");
    expect(await page.isChecked('#f-tag-east-african-community')).toBe(true);
    expect(await page.inputValue('#f-art22Declared')).toBe('true');
    await expectNoAxeViolations(page, 'Kenya saved (en)');
    await screenshot(page, 'countries-edit-en');

    const after = (await t.http.get('/api/v1/countries', admin)).body.find((c: { code: string }) => c.code === 'KE');
    expect(after).toEqual({
      ...before,
      tags: [...before.tags, 'east-african-community', 'ldc'].sort(),
      art22Declared: true,
      opcatStatus: 'signatory',
      m49IntermediateRegion: null,
      asOf: '2026-06-30',
      version: before.version + 1,
      uncertain: before.uncertain.filter((f: string) => !['declarations', 'opcatStatus'].includes(f)),
    });
    // Audited through the same service as the API: only what changed is named.
    const audit = await t.http.get('/api/v1/audit?action=country.updated', admin);
    expect(audit.body.items.map((e: { details: unknown }) => e.details)).toEqual([
      { code: 'KE', asOf: '2026-06-30', fields: ['m49IntermediateRegion', 'art22Declared', 'opcatStatus', 'tags'] },
    ]);

    // The stale tab's form still carries the old version: refused (409), nothing changed, its choices kept.
    await stale.selectOption('#f-npm', 'false');
    await stale.fill('#f-as-of', '2026-07-01');
    const [refused] = await Promise.all([stale.waitForNavigation({ waitUntil: 'load' }), stale.click('form[action="/admin/countries/KE"] button[type="submit"]')]);
    expect(refused?.status()).toBe(409);
    await expect(stale.textContent('.error-summary')).resolves.toContain('Someone changed this country meanwhile');
    expect(await stale.isVisible('#stale-kept')).toBe(true);
    expect(await stale.inputValue('#f-npm')).toBe('false');
    expect(await stale.inputValue('#f-as-of')).toBe('2026-07-01');
    await expectNoAxeViolations(stale, 'Kenya stale (en)');
    expect((await t.http.get('/api/v1/countries', admin)).body.find((c: { code: string }) => c.code === 'KE')).toEqual(after);
    expect((await t.http.get('/api/v1/audit?action=country.updated', admin)).body.items).toHaveLength(1);

    // Arabic: the list and the State, right to left.
    await page.goto(`${t.url}/admin/countries?lang=ar&tag=ldc`);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await expect(page.textContent('h1')).resolves.toBe('الدول: البيانات المرجعية');
    expect(await page.locator('tbody a[href="/admin/countries/KE"]').textContent()).toBe('كينيا');
    const arabicNames = await page.locator('tbody th[scope="row"] a').allTextContents();
    expect(arabicNames.length).toBeGreaterThan(10);
    expect(arabicNames).toEqual([...arabicNames].sort(new Intl.Collator('ar').compare));
    await expectNoAxeViolations(page, 'countries (ar)');
    await clickAndWait(page, 'tbody a[href="/admin/countries/KE"]');
    await expect(page.textContent('h1')).resolves.toBe('البيانات المرجعية: كينيا');
    expect(await page.locator('#f-art22Declared option:checked').textContent()).toBe('نعم');
    expect(await page.locator('#f-opcat option:checked').textContent()).toBe('دولة موقّعة');
    expect(await page.inputValue('#f-as-of')).toBe('2026-06-30');
    await expectNoAxeViolations(page, 'Kenya (ar)');
    await screenshot(page, 'countries-edit-ar');
    expect(requests.filter((u) => !u.startsWith(t.url + '/'))).toEqual([]);
    await context.close();
  });

  it('answers a bad code and an unknown State as the API does, and refuses a bad correction', async () => {
    const { context, page } = await newRecordedContext(browser);
    await signInPage(page, t, ADMIN.email, ADMIN.password);
    expect((await page.goto(`${t.url}/admin/countries/ZZ`))!.status()).toBe(404);
    expect((await page.goto(`${t.url}/admin/countries/ke`))!.status()).toBe(400);
    expect((await page.goto(`${t.url}/admin/countries?group=nowhere`))!.status()).toBe(400);
    // A bad correction, in Arabic: the page again (400), the error beside the box of other groups, focused, every choice kept.
    const before = (await t.http.get('/api/v1/countries', admin)).body.find((c: { code: string }) => c.code === 'FR');
    await page.goto(`${t.url}/admin/countries/FR?lang=ar`);
    await page.fill('#f-other-tags', 'Not A Tag');
    await page.check('#f-tag-ldc');
    await page.selectOption('#f-npm', 'true');
    const [refused] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form[action="/admin/countries/FR"] button[type="submit"]')]);
    expect(refused?.status()).toBe(400);
    expect(await page.getAttribute('#f-other-tags', 'aria-invalid')).toBe('true');
    expect((await page.getAttribute('#f-other-tags', 'aria-describedby'))!.split(' ')).toEqual(expect.arrayContaining(['f-other-tags-error', 'f-other-tags-hint']));
    expect(await page.evaluate<string>('document.activeElement ? document.activeElement.id : ""')).toBe('f-other-tags');
    expect(await page.locator('.error-summary a[href="#f-other-tags"]').count()).toBe(1);
    const message = (await page.textContent('#f-other-tags-error'))!;
    expect(message).toMatch(/[\u0600-\u06FF]/);
    expect(message).not.toMatch(/must|tag|[a-z]{4}/);
    expect(await page.inputValue('#f-other-tags')).toBe('Not A Tag');
    expect(await page.isChecked('#f-tag-ldc')).toBe(true);
    expect(await page.inputValue('#f-npm')).toBe('true');
    await expectNoAxeViolations(page, 'France refused (ar)');
    expect((await t.http.get('/api/v1/countries', admin)).body.find((c: { code: string }) => c.code === 'FR')).toEqual(before);
    expect((await t.http.get('/api/v1/audit?action=country.updated', admin)).body.items).toHaveLength(1);
    await context.close();
  });
});
