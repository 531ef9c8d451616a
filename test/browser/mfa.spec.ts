import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { createUser, loginAdmin, totpCode } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { ARTIFACTS, clickAndWait, launchBrowser, newRecordedContext, signInPage } from '../support/browser.js';

/** Where the role must use a second factor, the first sign-in leads to the enrolment page. */
describe('second-factor enrolment in a real browser', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startApp({ MFA_REQUIRED_ROLES: 'expert' }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('enrols with a QR code made on the server, then signs in with a code', async () => {
    const expert = await createUser(t, await loginAdmin(t), { role: 'expert' });
    const { context, page, requests } = await newRecordedContext(browser);
    await signInPage(page, t, expert.email, expert.password);
    expect(page.url()).toBe(`${t.url}/account/mfa`);
    // Any other page sends back to the enrolment until it is done.
    await page.goto(`${t.url}/assignments`);
    expect(page.url()).toBe(`${t.url}/account/mfa`);
    await expect(page.locator('figure.qr svg path').count()).resolves.toBeGreaterThan(0);
    const secret = (await page.getAttribute('#totp-secret', 'data-secret'))!;
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect((await page.textContent('#totp-secret'))!.replace(/\s/g, '')).toBe(secret);
    await page.screenshot({ path: `${ARTIFACTS}/expert-mfa-enrolment.png`, fullPage: true });

    await page.fill('#code', '000000');
    await clickAndWait(page, 'form[action="/account/mfa"] button');
    // The refusal beside the code, in words (the secret being enrolled is kept).
    await expect(page.textContent('#code-error')).resolves.toContain('not valid');
    expect(await page.getAttribute('#code', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#totp-secret', 'data-secret')).toBe(secret);

    await page.fill('#code', await totpCode(secret, t.clock.now().getTime()));
    await clickAndWait(page, 'form[action="/account/mfa"] button');
    // The recovery codes are shown once, then the person goes on to the home page.
    await expect(page.textContent('.flash.ok')).resolves.toContain('second factor is on');
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    await clickAndWait(page, 'a.button[href="/assignments"]');
    expect(page.url()).toBe(`${t.url}/assignments`);

    await clickAndWait(page, 'form[action="/logout"] button');
    expect(page.url()).toBe(`${t.url}/login?signedOut=1`);
    await signInPage(page, t, expert.email, expert.password);
    expect(page.url()).toBe(`${t.url}/login`);
    t.clock.travel(30_000);
    await signInPage(page, t, expert.email, expert.password, await totpCode(secret, t.clock.now().getTime()));
    expect(page.url()).toBe(`${t.url}/assignments`);
    expect(requests.filter((u) => !u.startsWith(t.url + '/'))).toEqual([]);
    await context.close();
  });
});
