import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { createOrganization, createUser, loginAdmin } from '../support/actors.js';
import { ADMIN, startApp, type TestApp } from '../support/app.js';
import { clickAndWait, expectNoAxeViolations, launchBrowser, newRecordedContext, screenshot, signInPage } from '../support/browser.js';
import { fileInquiry } from '../support/world.js';

type User = { id: string; email: string; password: string; token: string };

/**
 * The query page of each role in Chromium, in English and in Arabic (issue 19): user text carries
 * its own language and direction, the requester is told when the query waits for it, a withdrawal
 * takes a second step, the secretariat finds the reply waiting for its clearance first. axe-core
 * checks every page visited; the main page of each role is kept as a screenshot.
 */
describe('the query page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: string;
  let requester: User;
  let expert: User;
  const SUBJECT = '¿Cómo se realiza las diligencias de registro en custodia policial?';
  const REPLY = 'Conviene registrar la hora exacta de la detención y el aviso al abogado.';

  beforeAll(async () => {
    [t, browser] = await Promise.all([startApp({ MFA_REQUIRED_ROLES: '' }), launchBrowser()]);
    admin = await loginAdmin(t);
    const org = await createOrganization(t, admin, 'XA');
    requester = await createUser(t, admin, { role: 'requester', organizationId: org.id, languages: ['en'] });
    expert = await createUser(t, admin, { role: 'expert', languages: ['es'] });
    const profile = await t.http.put(
      `/api/v1/experts/${expert.id}/profile`,
      { topics: ['police-custody-safeguards'], languages: ['es', 'en'], regions: [], conflictCountries: [], maxActive: 20, available: true },
      admin,
    );
    expect(profile.status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const ok = (res: { status: number; text?: string }, status = 200) => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  };

  /** A Spanish query waiting for its requester, with an expert's reply waiting for clearance. */
  async function waitingQuery(): Promise<string> {
    const q = await fileInquiry(t, requester.token, { subject: SUBJECT, body: 'Quisiera saber qué debe constar en el registro.', language: 'es' });
    ok(await t.http.post(`/api/v1/inquiries/${q.id}/transitions`, { to: 'triaged' }, admin));
    const a = await t.http.post(`/api/v1/inquiries/${q.id}/assignments`, { expertId: expert.id, role: 'lead' }, admin);
    ok(a, 201);
    ok(await t.http.post(`/api/v1/assignments/${a.body.id}/accept`, { noConflict: true }, expert.token));
    ok(await t.http.post(`/api/v1/inquiries/${q.id}/messages`, { body: REPLY }, expert.token), 201);
    ok(await t.http.post(`/api/v1/inquiries/${q.id}/transitions`, { to: 'awaiting-requester' }, expert.token));
    return q.id as string;
  }

  const status = async (id: string) => (await t.http.get(`/api/v1/inquiries/${id}`, admin)).body.status as string;

  async function signedIn(email: string, password: string, lang: string): Promise<Page> {
    const { page } = await newRecordedContext(browser, { locale: 'en-GB' });
    await signInPage(page, t, email, password);
    await page.goto(`${page.url()}?lang=${lang}`);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    return page;
  }

  for (const lang of ['en', 'ar'] as const) {
    describe(`in ${lang === 'en' ? 'English' : 'Arabic'}`, () => {
      let queryId = '';

      beforeAll(async () => {
        queryId = await waitingQuery();
      });

      it('the requester: its list marks the query that waits, whose page says so first and shows the Spanish text in its own language', async () => {
        const page = await signedIn(requester.email, requester.password, lang);
        expect(await page.locator('tr.waits').count()).toBeGreaterThan(0);
        await expect(page.locator('tr.waits').first().textContent()).resolves.toContain(SUBJECT);
        expect(await page.getAttribute('tr.waits td span[dir="auto"]', 'lang')).toBe('es');
        await expectNoAxeViolations(page, `my queries (${lang})`);
        await screenshot(page, `query-page-requester-my-queries-${lang}`);

        await page.goto(`${t.url}/inquiries/${queryId}`);
        expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        // The Spanish subject and body keep their own language; their direction comes from the text itself.
        expect(await page.getAttribute('h2#q-h', 'lang')).toBe('es');
        expect(await page.getAttribute('h2#q-h', 'dir')).toBe('auto');
        expect(await page.getAttribute('#q-h + .body', 'lang')).toBe('es');
        expect(await page.getAttribute('#q-h + .body', 'dir')).toBe('auto');
        expect(await page.evaluate('getComputedStyle(document.querySelector("h2#q-h")).direction')).toBe('ltr');
        // The banner comes before the query itself, with the reply form in it.
        const banner = page.locator('section[aria-labelledby="next-h"]');
        await expect(banner.locator('h2').textContent()).resolves.toBe(lang === 'ar' ? 'بانتظارك' : 'Waiting for you');
        expect(await banner.locator('form[action*="/messages?"] textarea').count()).toBe(1);
        const [bannerBox, queryBox] = await Promise.all([banner.boundingBox(), page.locator('h2#q-h').boundingBox()]);
        expect(bannerBox!.y).toBeLessThan(queryBox!.y);
        await expect(page.textContent('.status')).resolves.toBe(lang === 'ar' ? 'بانتظار ردّك' : 'Waiting for your reply');
        await expectNoAxeViolations(page, `the requester's query page (${lang})`);
        await screenshot(page, `query-page-requester-spanish-query-${lang}`);
        await page.context().close();
      });

      it('the requester: a reply refused as too long comes back with its text, the error beside it and the focus on it', async () => {
        const page = await signedIn(requester.email, requester.password, lang);
        await page.goto(`${t.url}/inquiries/${queryId}`);
        const typed = `KEPT-REPLY ${'x'.repeat(50_000)}`;
        // Set as a script would (typing stops at the field's maxlength): the server's rule is what refuses it.
        await page.$eval('#body-new', (el, v) => Object.assign(el, { value: v }), typed);
        const [response] = await Promise.all([page.waitForNavigation(), page.click('section[aria-labelledby="next-h"] form[action*="/messages?"] button[type="submit"]')]);
        expect(response?.status()).toBe(400);
        expect(await page.inputValue('#body-new')).toBe(typed);
        expect(await page.getAttribute('#body-new', 'aria-invalid')).toBe('true');
        expect(await page.getAttribute('#body-new', 'aria-describedby')).toBe('body-new-error');
        await expect(page.textContent('#body-new-error')).resolves.toContain(lang === 'ar' ? 'على الأكثر' : 'At most');
        expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('body-new');
        expect(await page.locator('.error-summary a[href="#body-new"]').count()).toBe(1);
        await expectNoAxeViolations(page, `a refused reply (${lang})`);
        await screenshot(page, `query-page-reply-refused-${lang}`);
        expect((await t.http.get(`/api/v1/inquiries/${queryId}/messages`, admin)).body).toHaveLength(1);
        await page.context().close();
      });

      it('the requester: withdrawing takes a second step, and going back withdraws nothing', async () => {
        const other = (await fileInquiry(t, requester.token, { subject: `A query to withdraw (${lang})` })).id as string;
        const page = await signedIn(requester.email, requester.password, lang);
        await page.goto(`${t.url}/inquiries/${other}`);
        await page.click('summary#st-h');
        await clickAndWait(page, 'form[action$="/transitions"]:has(input[value="withdrawn"]) button');
        expect(await status(other)).toBe('submitted');
        await expect(page.textContent('h1')).resolves.toContain(lang === 'ar' ? 'سحب الاستفسار' : 'Withdraw query');
        await expectNoAxeViolations(page, `the confirmation of a withdrawal (${lang})`);
        await clickAndWait(page, `a[href="/inquiries/${other}"].button`);
        expect(await status(other)).toBe('submitted');
        await page.click('summary#st-h');
        await clickAndWait(page, 'form[action$="/transitions"]:has(input[value="withdrawn"]) button');
        await clickAndWait(page, 'form[action$="/transitions"]:has(input[name="confirm"]) button');
        expect(await status(other)).toBe('withdrawn');
        await expect(page.textContent('.status')).resolves.toBe(lang === 'ar' ? 'مسحوب' : 'Withdrawn');
        await expectNoAxeViolations(page, `a withdrawn query (${lang})`);
        await page.context().close();
      });

      it('the secretariat: its queue, then the query page with the reply waiting for clearance first', async () => {
        const page = await signedIn(ADMIN.email, ADMIN.password, lang);
        await expectNoAxeViolations(page, `the queue (${lang})`);
        await screenshot(page, `query-page-secretariat-queue-${lang}`);
        expect(await page.getAttribute(`a[href="/inquiries/${queryId}"] >> xpath=../../td[2]/span`, 'lang')).toBe('es');

        await page.goto(`${t.url}/inquiries/${queryId}`);
        const first = page.locator('main section').first();
        expect(await first.getAttribute('aria-labelledby')).toBe('next-h');
        await expect(first.locator('li.message.pending .body').textContent()).resolves.toBe(REPLY);
        expect(await first.locator('li.message.pending .body').getAttribute('lang')).toBe('es');
        expect(await first.locator('form[action$="/clear"]').count()).toBe(1);
        // The thread shows the same reply without a second set of buttons.
        expect(await page.locator('section.thread form[action$="/clear"]').count()).toBe(0);
        await expectNoAxeViolations(page, `the secretariat's query page (${lang})`);
        await screenshot(page, `query-page-secretariat-query-${lang}`);

        await page.goto(`${t.url}/inquiries/${queryId}/audit`);
        const table = (await page.textContent('table'))!;
        expect(table).not.toMatch(/[{}]|"[a-z]+":/);
        expect(table).not.toContain(expert.id);
        expect(table).toContain('Test expert');
        await expectNoAxeViolations(page, `the audit page (${lang})`);
        await page.context().close();
      });

      it('the expert: its assignments', async () => {
        const page = await signedIn(expert.email, expert.password, lang);
        expect(page.url()).toContain('/assignments');
        await expectNoAxeViolations(page, `the expert's assignments (${lang})`);
        await screenshot(page, `query-page-expert-assignments-${lang}`);
        await page.goto(`${t.url}/inquiries/${queryId}`);
        await expectNoAxeViolations(page, `the expert's query page (${lang})`);
        await page.context().close();
      });
    });
  }
});
