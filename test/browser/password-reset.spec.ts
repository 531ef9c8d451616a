import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { createOrganization, createUser, loginAdmin, totpCode } from '../support/actors.js';
import { ADMIN, startApp, type TestApp } from '../support/app.js';
import { clickAndWait, expectNoAxeViolations, launchBrowser, newRecordedContext, screenshot, signInPage } from '../support/browser.js';
import { mailText, subjectOf } from '../support/mail-text.js';
import { TestSmtpServer } from '../support/smtp.js';

const activeId = (page: Page) => page.evaluate<string>('document.activeElement && document.activeElement.id ? document.activeElement.id : ""');

/** A refused control: marked invalid, described by its message, focused, linked from the summary; the message in the page's language. */
async function expectErrorBeside(page: Page, control: string, lang: 'en' | 'ar', english: RegExp): Promise<void> {
  expect(await page.getAttribute(`#${control}`, 'aria-invalid')).toBe('true');
  expect((await page.getAttribute(`#${control}`, 'aria-describedby'))!.split(' ')).toContain(`${control}-error`);
  expect(await activeId(page)).toBe(control);
  expect(await page.locator(`.error-summary a[href="#${control}"]`).count()).toBe(1);
  const message = (await page.textContent(`#${control}-error`))!;
  if (lang === 'ar') {
    expect(message).toMatch(/[\u0600-\u06FF]/);
    expect(message).not.toMatch(english);
  } else expect(message).toMatch(english);
}

/**
 * "Forgot your password?" in Chromium, through a real SMTP server, in English and in Arabic; a
 * sign-in with a recovery code in place of the authenticator's; axe-core on every page visited.
 */
describe('password reset and recovery codes in a real browser', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let browser: Browser;
  let admin: string;

  beforeAll(async () => {
    smtp = await new TestSmtpServer().start();
    [t, browser] = await Promise.all([startApp({ MFA_REQUIRED_ROLES: 'expert' }, { smtp }), launchBrowser()]);
    admin = await loginAdmin(t);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.stop();
  });

  async function visit(page: Page, label: string): Promise<void> {
    await expectNoAxeViolations(page, label);
    await screenshot(page, label);
  }

  /** The newest reset link mailed to `email`, on the test's own address rather than PUBLIC_URL's. */
  async function resetLink(email: string, count: number): Promise<{ path: string; text: string; subject: string }> {
    const deadline = Date.now() + 10_000;
    const mails = () => smtp.received.filter((m) => m.to.includes(email) && /\/password-reset\//.test(mailText(m.raw)));
    while (mails().length < count) {
      if (Date.now() > deadline) throw new Error(`no reset mail for ${email}`);
      await t.notify();
      await new Promise((r) => setTimeout(r, 20));
    }
    const raw = mails().at(-1)!.raw;
    const path = /http:\/\/advice\.test(\/password-reset\/[A-Za-z0-9_-]{43})/.exec(mailText(raw))![1];
    return { path, text: mailText(raw), subject: subjectOf(raw) };
  }

  for (const lang of ['en', 'ar'] as const) {
    it(`resets a forgotten password through the mail (${lang})`, async () => {
      const org = await createOrganization(t, admin);
      const user = await createUser(t, admin, { role: 'requester', organizationId: org.id, languages: ['en'] });
      const { context, page } = await newRecordedContext(browser);
      await page.goto(`${t.url}/login?lang=${lang}`);
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      await visit(page, `reset-${lang}-1-login`);

      await clickAndWait(page, 'a[href="/password-reset"]');
      await visit(page, `reset-${lang}-2-ask`);
      await page.fill('#email', user.email);
      await clickAndWait(page, 'form[action="/password-reset"] button');
      const sent = (await page.textContent('.flash.ok'))!;
      expect(sent).toContain(lang === 'ar' ? 'رابط' : 'link');
      await visit(page, `reset-${lang}-3-sent`);

      // Written in the language of the page where it was asked for; the link and nothing personal.
      const mail = await resetLink(user.email, 1);
      if (lang === 'ar') expect(mail.subject).toContain('كلمة مرور');
      else expect(mail.subject).toBe('CTI Advice: choose a new password');
      expect(
        mail.text
          .split(/\r?\n\r?\n/)
          .slice(1)
          .join('\n'),
      ).not.toContain('Test requester');

      await page.goto(`${t.url}${mail.path}`);
      await visit(page, `reset-${lang}-4-new-password`);
      await page.fill('#password', 'one passphrase typed');
      await page.fill('#confirm', 'another passphrase typed');
      const [mismatch] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form[action^="/password-reset/"] button')]);
      expect(mismatch?.status()).toBe(400);
      // Beside the confirmation, in the page's language, focused; no password is echoed.
      await expectErrorBeside(page, 'confirm', lang, /passwords differ/);
      expect(await page.inputValue('#password')).toBe('');
      await visit(page, `reset-${lang}-5-mismatch`);
      // A password the rules refuse: beside the new password, with its hint.
      await page.fill('#password', 'abcabcabcabcabc');
      await page.fill('#confirm', 'abcabcabcabcabc');
      await clickAndWait(page, 'form[action^="/password-reset/"] button');
      await expectErrorBeside(page, 'password', lang, /too common/);
      expect((await page.getAttribute('#password', 'aria-describedby'))!.split(' ')).toContain('password-hint');
      // Neither refusal spent the link: it sets the password next.
      await page.fill('#password', `the chosen passphrase in ${lang}`);
      await page.fill('#confirm', `the chosen passphrase in ${lang}`);
      await clickAndWait(page, 'form[action^="/password-reset/"] button');
      expect(page.url()).toBe(`${t.url}/login`);
      expect(await page.isVisible('.flash.ok')).toBe(true);
      await visit(page, `reset-${lang}-6-done`);

      await signInPage(page, t, user.email, user.password);
      expect(page.url()).toBe(`${t.url}/login`);
      await signInPage(page, t, user.email, `the chosen passphrase in ${lang}`);
      expect(page.url()).toBe(`${t.url}/inquiries`);

      // The link worked once.
      await page.goto(`${t.url}${mail.path}`);
      await page.fill('#password', 'a second try at the link');
      await page.fill('#confirm', 'a second try at the link');
      await clickAndWait(page, 'form[action^="/password-reset/"] button');
      const spent = (await page.textContent('.error-summary'))!;
      if (lang === 'ar') expect(spent).toMatch(/[\u0600-\u06FF]/);
      expect(spent).toMatch(lang === 'ar' ? /الرابط غير صالح/ : /This link is not valid/);
      expect(await page.evaluate<string>('document.activeElement ? document.activeElement.className : ""')).toBe('error-summary');
      await context.close();
    });
  }

  it('signs in with a recovery code in place of the authenticator, shows how many are left, and makes a new set', async () => {
    const expert = await createUser(t, admin, { role: 'expert' });
    const secret = (await t.http.post('/api/v1/me/totp', {}, expert.token)).body.secret as string;
    const confirmed = await t.http.post('/api/v1/me/totp/confirm', { code: await totpCode(secret, t.clock.now().getTime()) }, expert.token);
    const codes = confirmed.body.recoveryCodes as string[];
    const { context, page } = await newRecordedContext(browser);

    await signInPage(page, t, expert.email, expert.password, codes[0]);
    expect(page.url()).toBe(`${t.url}/assignments`);
    await page.goto(`${t.url}/account`);
    await expect(page.textContent('#recovery-left')).resolves.toContain('9');
    await visit(page, 'recovery-1-account');

    await page.fill('#recovery-password', expert.password);
    await page.fill('#recovery-code', codes[1]);
    await clickAndWait(page, 'form[action="/account/recovery-codes"] button');
    const fresh = await page.locator('.recovery-codes code').allTextContents();
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(codes[2]);
    await visit(page, 'recovery-2-new-codes');
    await clickAndWait(page, 'a.button[href="/account"]');
    await expect(page.textContent('#recovery-left')).resolves.toContain('10');

    // The old set no longer signs in; the new one does, once.
    await clickAndWait(page, 'form[action="/logout"] button');
    await signInPage(page, t, expert.email, expert.password, codes[2]);
    expect(page.url()).toBe(`${t.url}/login`);
    await signInPage(page, t, expert.email, expert.password, fresh[0].toUpperCase().replace('-', ' '));
    expect(page.url()).toBe(`${t.url}/assignments`);
    await context.close();
  });

  it('opens /api/docs in the browser a member of the secretariat is signed in with', async () => {
    const { context, page } = await newRecordedContext(browser);
    await signInPage(page, t, ADMIN.email, ADMIN.password);
    const res = await page.goto(`${t.url}/api/docs`);
    expect(res?.status()).toBe(200);
    expect(JSON.parse((await res?.text()) ?? '{}')).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
    await context.close();
  });
});
