import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { createOrganization, createUser, loginAdmin, totpCode } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { clickAndWait, expectNoAxeViolations, launchBrowser, newRecordedContext, screenshot, signInPage } from '../support/browser.js';

const activeId = (page: Page) => page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');

/**
 * A refused form's control: marked invalid, described by its message beside it, focused (it is the
 * first in error), linked from the summary; the message in the page's language, never the
 * validator's or the service's English.
 */
async function expectErrorBeside(page: Page, control: string, lang: 'en' | 'ar', english: RegExp): Promise<string> {
  expect(await page.getAttribute(`#${control}`, 'aria-invalid')).toBe('true');
  expect((await page.getAttribute(`#${control}`, 'aria-describedby'))!.split(' ')).toContain(`${control}-error`);
  expect(await activeId(page)).toBe(control);
  expect(await page.locator(`.error-summary a[href="#${control}"]`).count()).toBe(1);
  const message = (await page.textContent(`#${control}-error`))!;
  expect(message).not.toMatch(/must be|must not|characters|should not|currentPassword|recoveryCode|invalid credentials/);
  if (lang === 'ar') {
    expect(message).toMatch(/[\u0600-\u06FF]/);
    expect(message).not.toMatch(english);
  } else expect(message).toMatch(english);
  return message;
}

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

    it(`keeps the email of a refused sign-in, never the password, with the refusal beside the password in ${lang}`, async () => {
      const someone = await createUser(t, admin, { role: 'requester', organizationId: org.id });
      const { context, page } = await newRecordedContext(browser);
      await page.goto(`${t.url}/login?lang=${lang}`);
      await page.fill('#email', someone.email);
      await page.fill('#password', 'not the password at all');
      await clickAndWait(page, 'form[action="/login"] button[type="submit"]');
      await expectErrorBeside(page, 'password', lang, /email, password or code is not correct/);
      expect(await page.getAttribute('#email', 'aria-invalid')).toBeNull();
      expect(await page.inputValue('#email')).toBe(someone.email);
      expect(await page.inputValue('#password')).toBe('');
      await expectNoAxeViolations(page, `sign-in refused (${lang})`);
      await screenshot(page, `forms-login-refused-${lang}`);
      await context.close();
    });

    it(`keeps a refused address on the forgotten-password page, the error beside it, in ${lang}`, async () => {
      const { context, page } = await newRecordedContext(browser);
      await page.goto(`${t.url}/password-reset?lang=${lang}`);
      await page.fill('#email', 'not an address');
      await clickAndWait(page, 'form[action="/password-reset"] button[type="submit"]');
      await expectErrorBeside(page, 'email', lang, /Enter an email address/);
      expect(await page.inputValue('#email')).toBe('not an address');
      await expectNoAxeViolations(page, `forgotten password refused (${lang})`);
      await context.close();
    });

    it(`shows a refused password change beside the current password in ${lang}, echoing no password`, async () => {
      const someone = await createUser(t, admin, { role: 'requester', organizationId: org.id });
      const { context, page } = await newRecordedContext(browser);
      await signInPage(page, t, someone.email, someone.password);
      await page.goto(`${t.url}/account?lang=${lang}`);
      await page.fill('#currentPassword', 'not my current password');
      await page.fill('#newPassword', 'a long new passphrase 42');
      await page.fill('#confirm', 'a long new passphrase 42');
      await clickAndWait(page, 'form[action="/account/password"] button[type="submit"]');
      await expectErrorBeside(page, 'currentPassword', lang, /current password is not correct/);
      for (const id of ['currentPassword', 'newPassword', 'confirm']) expect(await page.inputValue(`#${id}`)).toBe('');
      // The password is unchanged: the old one still signs in.
      expect((await t.http.post('/api/v1/auth/login', { email: someone.email, password: someone.password })).status).toBe(200);
      await expectNoAxeViolations(page, `password change refused (${lang})`);
      await screenshot(page, `forms-password-refused-${lang}`);
      await context.close();
    });

    it(`shows a refused second-factor replacement and recovery-code request beside the code in ${lang}`, async () => {
      const someone = await createUser(t, admin, { role: 'requester', organizationId: org.id });
      const secret = (await t.http.post('/api/v1/me/totp', {}, someone.token)).body.secret as string;
      expect((await t.http.post('/api/v1/me/totp/confirm', { code: await totpCode(secret, t.clock.now().getTime()) }, someone.token)).status).toBe(200);
      t.clock.travel(30_000);
      const { context, page } = await newRecordedContext(browser);
      await signInPage(page, t, someone.email, someone.password, await totpCode(secret, t.clock.now().getTime()));
      await page.goto(`${t.url}/account/mfa?lang=${lang}`);
      await page.fill('#replace-password', someone.password);
      await page.fill('#replace-code', 'abc');
      await clickAndWait(page, 'form[action="/account/mfa/replace"] button[type="submit"]');
      await expectErrorBeside(page, 'replace-code', lang, /not have the expected form|not valid/);
      expect(await page.inputValue('#replace-password')).toBe('');
      expect(await page.inputValue('#replace-code')).toBe('');
      await expectNoAxeViolations(page, `second-factor replacement refused (${lang})`);
      await screenshot(page, `forms-mfa-replace-refused-${lang}`);

      // The account page's recovery codes: the error in that form only, not in the password change's.
      await page.goto(`${t.url}/account`);
      await page.fill('#recovery-password', someone.password);
      await page.fill('#recovery-code', 'abc');
      await clickAndWait(page, 'form[action="/account/recovery-codes"] button[type="submit"]');
      await expectErrorBeside(page, 'recovery-code', lang, /not have the expected form|not valid/);
      expect(await page.getAttribute('#currentPassword', 'aria-invalid')).toBeNull();
      expect(await page.locator('.error-summary').count()).toBe(1);
      expect(await page.inputValue('#recovery-password')).toBe('');
      await expectNoAxeViolations(page, `recovery codes refused (${lang})`);
      await context.close();
    });

    it(`keeps a refused organisation and topic in ${lang}, the error beside the field`, async () => {
      const secretariat = await createUser(t, admin, { role: 'secretariat' });
      const { context, page } = await newRecordedContext(browser);
      await signInPage(page, t, secretariat.email, secretariat.password);
      await page.goto(`${t.url}/admin/organizations?lang=${lang}`);
      await page.fill('#org-name', `Ministère de la justice ${lang}`);
      await page.selectOption('#org-kind', 'judiciary');
      await clickAndWait(page, 'form[action="/admin/organizations"] button[type="submit"]');
      await expectErrorBeside(page, 'org-country', lang, /Fill this in|Choose one/);
      expect(await page.inputValue('#org-name')).toBe(`Ministère de la justice ${lang}`);
      expect(await page.inputValue('#org-kind')).toBe('judiciary');
      await expectNoAxeViolations(page, `organisation refused (${lang})`);
      await screenshot(page, `forms-organisation-refused-${lang}`);

      await page.goto(`${t.url}/admin/topics`);
      await page.fill('#topic-slug', 'Not A Slug');
      await page.fill('#topic-group', 'criminal-law');
      await page.fill('#topic-label', `Extradition ${lang}`);
      await page.fill('#topic-covers', 'Requests between States.');
      await clickAndWait(page, 'form[action="/admin/topics"] button[type="submit"]');
      await expectErrorBeside(page, 'topic-slug', lang, /not have the expected form|not valid|lower-case/);
      expect(await page.inputValue('#topic-slug')).toBe('Not A Slug');
      expect(await page.inputValue('#topic-label')).toBe(`Extradition ${lang}`);
      expect(await page.inputValue('#topic-covers')).toBe('Requests between States.');
      // Only the refused form is marked: the rename forms of the rows are not.
      expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
      await expectNoAxeViolations(page, `topic refused (${lang})`);
      await screenshot(page, `forms-topic-refused-${lang}`);
      await context.close();
    });

    it(`keeps every choice of a refused expert profile in ${lang}, the error beside the number`, async () => {
      const expert = await createUser(t, admin, { role: 'expert' });
      const { context, page } = await newRecordedContext(browser);
      await signInPage(page, t, expert.email, expert.password);
      await page.goto(`${t.url}/profile?lang=${lang}`);
      await page.check('#pl-fr');
      await page.check('#pr-europe');
      await page.fill('#maxActive', '500');
      await clickAndWait(page, 'form[action="/profile"] button[type="submit"]');
      await expectErrorBeside(page, 'maxActive', lang, /out of the allowed range|at most/i);
      expect(await page.inputValue('#maxActive')).toBe('500');
      expect(await page.isChecked('#pl-fr')).toBe(true);
      expect(await page.isChecked('#pr-europe')).toBe(true);
      // Nothing was saved.
      expect((await t.http.get(`/api/v1/experts/${expert.id}/profile`, admin)).body.languages ?? []).not.toContain('fr');
      await expectNoAxeViolations(page, `expert profile refused (${lang})`);
      await screenshot(page, `forms-profile-refused-${lang}`);
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
