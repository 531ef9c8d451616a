import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { createOrganization, createUser, loginAdmin } from '../support/actors.js';
import { ADMIN, startApp, type TestApp } from '../support/app.js';
import { ARTIFACTS, clickAndWait, expectNoAxeViolations, launchBrowser, newRecordedContext, screenshot, signInPage } from '../support/browser.js';
import { pdfBytes } from '../support/files.js';

/**
 * The whole journey in headless Chromium: a requester files a query with a file, the secretariat
 * triages and assigns, the expert accepts and writes a note and a reply, the secretariat clears
 * the reply, and the requester reads it (and not the note) in French. Every page is served by the
 * service alone: no request leaves its origin.
 */
describe('the web application in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let requester: { id: string; email: string; password: string };
  let expert: { id: string; email: string; password: string };
  const requests: string[] = [];
  const SUBJECT = 'Registres de garde à vue dans les commissariats';
  const NOTE = 'Internal note: check the 2019 custody decree before answering.';
  const REPLY = 'Les registres doivent être tenus dès la première minute de privation de liberté.';
  let inquiryUrl = '';
  let adminToken = '';
  let approver: { email: string; password: string };
  let entryUrl = '';
  const KB_QUESTION = 'Which entries must a custody register hold from the first minute?';

  const open = async (locale?: string): Promise<Page> => {
    const { page, requests: seen } = await newRecordedContext(browser, { locale });
    page.on('close', () => requests.push(...seen));
    pages.push({ page, seen });
    return page;
  };
  const pages: Array<{ page: Page; seen: string[] }> = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([startApp({ MFA_REQUIRED_ROLES: '' }), launchBrowser()]);
    const admin = await loginAdmin(t);
    adminToken = admin;
    approver = await createUser(t, admin, { role: 'secretariat' });
    const org = await createOrganization(t, admin, 'XA');
    requester = await createUser(t, admin, { role: 'requester', organizationId: org.id, languages: ['fr'] });
    expert = await createUser(t, admin, { role: 'expert', languages: ['en'] });
    const profile = await t.http.put(
      `/api/v1/experts/${expert.id}/profile`,
      { topics: ['police-custody-safeguards'], languages: ['fr', 'en'], regions: ['africa'], conflictCountries: [], maxActive: 5, available: true },
      admin,
    );
    expect(profile.status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a requester files a query with an attachment (in French, from the account language)', async () => {
    const page = await open('en-GB');
    await signInPage(page, t, requester.email, requester.password);
    expect(page.url()).toBe(`${t.url}/inquiries`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.click('a[href="/inquiries/new"] >> nth=0');
    await page.fill('#subject', SUBJECT);
    await page.fill('#body', 'Quelles mentions un registre de garde à vue doit-il contenir ?');
    await page.selectOption('#primaryTopic', 'police-custody-safeguards');
    await page.check('#topic-investigative-interviewing');
    await page.selectOption('#language', 'fr');
    await page.check('#urgency-high');
    await page.check('#publicationConsent');
    await page.setInputFiles('#file', { name: 'decret-garde-a-vue.pdf', mimeType: 'application/pdf', buffer: pdfBytes('decree') });
    await Promise.all([page.waitForURL(/\/inquiries\/[0-9a-f-]{36}$/), page.click('form[enctype="multipart/form-data"] button[type="submit"]')]);
    inquiryUrl = page.url();
    await expect(page.textContent('h2#q-h')).resolves.toBe(SUBJECT);
    await expect(page.textContent('.flash.ok')).resolves.toContain('Votre demande est déposée');
    await expect(page.textContent('ul.files')).resolves.toContain('decret-garde-a-vue.pdf');
    await page.goto(`${t.url}/inquiries`);
    await expect(page.textContent('table')).resolves.toContain(SUBJECT);
    await page.screenshot({ path: `${ARTIFACTS}/requester-my-queries.png`, fullPage: true });
    await page.close();
  });

  it('the secretariat triages and assigns the expert from the ranked suggestions', async () => {
    const page = await open();
    await signInPage(page, t, ADMIN.email, ADMIN.password);
    expect(page.url()).toBe(`${t.url}/inquiries`);
    await expect(page.textContent('table')).resolves.toContain(SUBJECT);
    await page.screenshot({ path: `${ARTIFACTS}/secretariat-queue.png`, fullPage: true });
    await expectNoAxeViolations(page, 'the secretariat queue');
    await page.goto(inquiryUrl);
    await page.selectOption('#priority', 'high');
    await page.fill('#dueAt', '2030-01-15');
    await page.fill('#tags', 'custody, registers');
    // One form: what is typed is saved with the move to "triaged" (issue 19).
    await clickAndWait(page, 'form[action$="/triage"] button[name="markTriaged"]');
    await expect(page.textContent('.flash.ok')).resolves.toContain('The triage is saved.');
    await expect(page.textContent('.status')).resolves.toBe('Triaged');
    const suggestion = page.locator('li.suggestion', { hasText: 'Test expert' });
    await expect(suggestion.textContent()).resolves.toContain('main topic: Safeguards in the first hours of police custody');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), suggestion.locator('button[type="submit"]').click()]);
    await expect(page.textContent('.flash.ok')).resolves.toContain('The expert is proposed.');
    await expect(page.textContent('section[aria-labelledby="as-h"] table')).resolves.toContain('Proposed');
    await page.close();
  });

  it('the expert sees a summary, accepts with the declaration, writes a note and a reply', async () => {
    const page = await open();
    await signInPage(page, t, expert.email, expert.password);
    expect(page.url()).toBe(`${t.url}/assignments`);
    await page.screenshot({ path: `${ARTIFACTS}/expert-assignments.png`, fullPage: true });
    await page.click('section[aria-labelledby="g-proposed"] a');
    expect(await page.content()).not.toContain(SUBJECT);
    await page.check('#noConflict');
    await Promise.all([page.waitForURL(inquiryUrl), page.click('form[action$="/accept"] button')]);
    await expect(page.textContent('h2#q-h')).resolves.toBe(SUBJECT);
    await expect(page.textContent('.status')).resolves.toBe('In progress');
    await page.fill('#body-new', NOTE);
    await page.check('#vis-internal-new');
    await clickAndWait(page, 'section.thread > form button[type="submit"]');
    await expect(page.textContent('.flash.ok')).resolves.toContain('Your note is saved.');
    await page.fill('#body-new', REPLY);
    await clickAndWait(page, 'section.thread > form button[type="submit"]');
    await expect(page.textContent('li.message.pending')).resolves.toContain(REPLY);
    await page.close();
  });

  it('the secretariat clears the reply', async () => {
    const page = await open();
    await signInPage(page, t, ADMIN.email, ADMIN.password);
    await page.goto(`${t.url}/inquiries?tab=clearance`);
    await clickAndWait(page, `a[href="${new URL(inquiryUrl).pathname}"]`);
    const pending = page.locator('li.message.pending');
    await expect(pending.textContent()).resolves.toContain(REPLY);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), pending.locator('form[action$="/clear"] button').click()]);
    await expect(page.textContent('.flash.ok')).resolves.toContain('The reply is cleared');
    await expect(page.locator('li.message.pending').count()).resolves.toBe(0);
    await page.close();
  });

  it('the requester reads the reply, not the note, in French', async () => {
    const page = await open();
    await signInPage(page, t, requester.email, requester.password);
    await page.goto(inquiryUrl);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect(page.textContent('#th-h')).resolves.toBe('Échanges');
    const thread = await page.textContent('section.thread');
    expect(thread).toContain(REPLY);
    expect(thread).not.toContain(NOTE);
    expect(await page.content()).not.toContain('Internal note');
    await page.close();
  });

  it('an Arabic page is laid out right to left', async () => {
    const page = await open();
    await signInPage(page, t, requester.email, requester.password);
    await page.goto(`${t.url}/inquiries?lang=ar`);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    expect(await page.evaluate('getComputedStyle(document.body).direction')).toBe('rtl');
    await expect(page.textContent('h1')).resolves.toBe('استفساراتي');
    // The navigation starts on the right.
    const nav = await page.locator('header.site nav li').first().boundingBox();
    const last = await page.locator('header.site nav li').last().boundingBox();
    expect(nav!.x).toBeGreaterThan(last!.x);
    await page.screenshot({ path: `${ARTIFACTS}/requester-arabic.png`, fullPage: true });
    await page.close();
  });

  it('a form posted without its anti-forgery token is refused and changes nothing', async () => {
    const page = await open();
    await signInPage(page, t, requester.email, requester.password);
    await page.goto(inquiryUrl);
    const before = await page.locator('li.message').count();
    await page.fill('#body-new', 'A message sent without its token');
    await page.evaluate(`(() => {
      const form = document.querySelector('section.thread > form');
      form.querySelector('input[name="_csrf"]').remove();
      form.action = form.action.replace(/\\?_csrf=[^&]*/, '');
    })()`);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('section.thread > form button[type="submit"]')]);
    expect(response.status()).toBe(403);
    await page.goto(inquiryUrl);
    expect(await page.locator('li.message').count()).toBe(before);
    expect(await page.content()).not.toContain('A message sent without its token');
    await page.close();
  });

  it('the requester confirms, at closure, the consent it gave when filing', async () => {
    const id = new URL(inquiryUrl).pathname.split('/').pop();
    const closed = await t.http.post(`/api/v1/inquiries/${id}/transitions`, { to: 'closed', outcome: 'advice-provided', reason: 'Journey' }, adminToken);
    expect(closed.status).toBe(200);
    const page = await open();
    await signInPage(page, t, requester.email, requester.password);
    await page.goto(inquiryUrl);
    await expect(page.textContent('#pc-h')).resolves.toBe('Réutilisation anonymisée');
    await clickAndWait(page, 'form[action$="/publication-consent"]:has(input[value="true"]) button');
    await expect(page.textContent('.flash.ok')).resolves.toContain('Votre réponse est enregistrée.');
    await expect(page.locator('form[action$="/publication-consent"]:has(input[value="false"]) button').textContent()).resolves.toBe('Retirer mon consentement');
    await page.close();
  });

  it('the secretariat drafts an anonymised entry, ticks the checklist and submits; a second member publishes it', async () => {
    const page = await open();
    await signInPage(page, t, ADMIN.email, ADMIN.password);
    await page.goto(inquiryUrl);
    await clickAndWait(page, 'a[href^="/knowledge/new"]');
    await expectNoAxeViolations(page, 'the knowledge draft form');
    await page.selectOption('#ktopics', ['police-custody-safeguards']);
    await page.fill('#q-en', KB_QUESTION);
    await page.fill('#a-en', 'Identity, time of arrest, lawyer and doctor contacted, relatives informed.');
    await page.fill('#q-fr', 'Quelles mentions un registre de garde à vue doit-il contenir dès la première minute ?');
    // Sent without the French answer: the form again, the error beside it and focused, every text kept.
    const [refused] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form[action="/knowledge"] button[type="submit"]')]);
    expect(refused?.status()).toBe(400);
    expect(await page.getAttribute('#a-fr', 'aria-invalid')).toBe('true');
    expect(await page.evaluate<string>('document.activeElement ? document.activeElement.id : ""')).toBe('a-fr');
    expect(await page.locator('.error-summary a[href="#a-fr"]').count()).toBe(1);
    expect(await page.inputValue('#a-en')).toBe('Identity, time of arrest, lawyer and doctor contacted, relatives informed.');
    expect(await page.inputValue('#ktopics')).toBe('police-custody-safeguards');
    await expectNoAxeViolations(page, 'the knowledge draft form refused');
    await page.fill('#a-fr', "L'identité, l'heure de l'arrestation, l'avocat et le médecin contactés, les proches informés.");
    await Promise.all([page.waitForURL(/\/knowledge\/[0-9a-f-]{36}$/), page.click('form[action="/knowledge"] button[type="submit"]')]);
    entryUrl = page.url();
    await expect(page.textContent('.flash.ok')).resolves.toContain('The draft is saved.');
    await expectNoAxeViolations(page, 'a knowledge draft');
    // The draft's edit page, in Arabic too.
    await clickAndWait(page, 'a[href$="/edit"]');
    await expectNoAxeViolations(page, 'the draft edit page');
    await page.goto(`${page.url()}?lang=ar`);
    await expectNoAxeViolations(page, 'the draft edit page (ar)');
    await page.fill('#a-en', 'Identity, time of arrest, lawyer and doctor contacted, relatives informed, in a bound register.');
    await Promise.all([page.waitForURL(/\/knowledge\/[0-9a-f-]{36}$/), page.click('form[action$="/edit"] button[type="submit"]')]);
    await page.goto(`${entryUrl}?lang=en`);
    // Submitted with one item of the checklist left: the error beside the checklist, the ticks kept.
    for (const item of ['state', 'institution', 'names', 'dates', 'citations']) await page.check(`input[name="${item}"]`);
    await clickAndWait(page, 'form[action$="/submit"] button[type="submit"]');
    expect(await page.getAttribute('#k-checklist', 'aria-invalid')).toBe('true');
    expect(await page.evaluate<string>('document.activeElement ? document.activeElement.id : ""')).toBe('k-checklist');
    expect(await page.isChecked('#k-citations')).toBe(true);
    await expectNoAxeViolations(page, 'a knowledge submission refused');
    await page.check('input[name="otherIdentifiers"]');
    await clickAndWait(page, 'form[action$="/submit"] button[type="submit"]');
    await expect(page.textContent('.flash.ok')).resolves.toContain('awaits the second approval');
    // The drafter is not offered the second approval.
    await expect(page.locator('form[action$="/approve"]').count()).resolves.toBe(0);
    await page.close();

    const second = await open();
    await signInPage(second, t, approver.email, approver.password);
    await second.goto(entryUrl);
    await expectNoAxeViolations(second, 'a knowledge entry awaiting approval');
    await clickAndWait(second, 'form[action$="/approve"] button[type="submit"]');
    await expect(second.textContent('.flash.ok')).resolves.toContain('The entry is published.');
    await second.close();
  });

  it('an expert finds the published entry by its words, with the CTI tools of its topic, and nothing of its source', async () => {
    const page = await open();
    await signInPage(page, t, expert.email, expert.password);
    await page.click('a[href="/knowledge"]');
    await page.fill('#kq', 'custody register');
    await clickAndWait(page, 'form[role="search"] button[type="submit"]');
    await expectNoAxeViolations(page, 'knowledge search results');
    await clickAndWait(page, `a[href="${new URL(entryUrl).pathname}"]`);
    await expectNoAxeViolations(page, 'a published knowledge entry');
    await expect(page.textContent('article[lang="en"] h2')).resolves.toBe(KB_QUESTION);
    await expect(page.textContent('#tools-h + ul')).resolves.toContain('2/2017');
    const html = await page.content();
    expect(html).not.toContain(SUBJECT);
    expect(html).not.toContain(new URL(inquiryUrl).pathname);
    await page.screenshot({ path: `${ARTIFACTS}/knowledge-entry.png`, fullPage: true });
    // The same pages in Arabic, right to left.
    await page.goto(`${t.url}/knowledge?q=custody&lang=ar`);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await expectNoAxeViolations(page, 'knowledge search results (ar)');
    await page.goto(`${entryUrl}?lang=ar`);
    await expectNoAxeViolations(page, 'a published knowledge entry (ar)');
    await page.close();
  });

  it('a requester filing a query is shown questions like yours once it chooses a topic', async () => {
    const page = await open();
    await signInPage(page, t, requester.email, requester.password);
    await page.goto(`${t.url}/inquiries/new?lang=en`);
    await page.selectOption('#primaryTopic', 'police-custody-safeguards');
    await expect(page.locator('#similar-list a').first().textContent({ timeout: 10_000 })).resolves.toBe(KB_QUESTION);
    await expectNoAxeViolations(page, 'the new query form with questions like yours');
    await screenshot(page, 'questions-like-yours');
    await page.goto(`${t.url}/knowledge/similar?topics=police-custody-safeguards&lang=ar`);
    await expectNoAxeViolations(page, 'questions like yours (ar)');
    await page.goto(`${t.url}/inquiries/new?lang=en`);
    await page.close();
  });

  it('made no request to any host but the service', async () => {
    for (const p of pages) if (!p.page.isClosed()) await p.page.close();
    expect(requests.length).toBeGreaterThan(20);
    expect(requests.filter((u) => !u.startsWith(t.url + '/'))).toEqual([]);
  });
});
