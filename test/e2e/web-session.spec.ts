import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN, startApp, type TestApp } from '../support/app.js';
import { WebClient } from '../support/browser.js';
import { expectRefusedBeside } from '../support/form-html.js';
import { buildWorld, fileInquiry, type World } from '../support/world.js';
import { WebI18n } from '../../src/web/i18n.js';

/** The world's actors were made with a password (createUser returns it). */
const pass = (actor: unknown): string => (actor as { password: string }).password;
const cookieLine = (res: Response, name: string) => res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`)) ?? '';

describe('web pages over HTTP: sessions, anti-forgery, access, languages', () => {
  let t: TestApp;
  let w: World;
  let inquiry: { id: string; reference: string };

  beforeAll(async () => {
    t = await startApp();
    w = await buildWorld(t);
    inquiry = await fileInquiry(t, w.requester.token, { subject: 'Custody registers in the capital' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends a page request without a session to the sign-in page, while the API still answers 401', async () => {
    const web = new WebClient(t.url);
    const page = await web.get('/inquiries');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Finquiries');
    const form = await web.get('/login');
    expect(form.status).toBe(200);
    expect(form.html).toContain('<form method="post" action="/login"');
    expect((await t.http.get('/api/v1/me')).status).toBe(401);
    expect((await t.http.get('/api/v1/me', w.requester.token)).status).toBe(200);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie, new at every sign-in, dead after sign-out', async () => {
    const first = new WebClient(t.url);
    const signedIn = await first.signIn(w.requester.email, pass(w.requester));
    const line = cookieLine(signedIn, 'cti-session');
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Strict/);
    expect(line).toMatch(/; Path=\//);
    expect(line).not.toMatch(/Secure/);
    const firstValue = first.cookies.get('cti-session')!;
    expect((await first.get('/inquiries')).status).toBe(200);

    // Signing in again (same browser) gives a new session and ends the old one.
    await first.get('/login');
    await first.post('/login', { email: w.requester.email, password: pass(w.requester) });
    const secondValue = first.cookies.get('cti-session')!;
    expect(secondValue).not.toBe(firstValue);
    const stale = new WebClient(t.url);
    stale.cookies.set('cti-session', firstValue);
    expect((await stale.get('/inquiries')).status).toBe(303);

    // A web session is not a bearer token, and an API token is not a session cookie.
    expect((await t.http.get('/api/v1/me', secondValue)).status).toBe(401);
    const apiAsCookie = new WebClient(t.url);
    apiAsCookie.cookies.set('cti-session', w.requester.token);
    expect((await apiAsCookie.get('/inquiries')).status).toBe(303);

    await first.get('/inquiries');
    const out = await first.post('/logout', {});
    expect(out.status).toBe(303);
    expect(out.headers.get('clear-site-data')).toBe('"cookies"');
    expect(cookieLine(out, 'cti-session')).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
    const replay = new WebClient(t.url);
    replay.cookies.set('cti-session', secondValue);
    expect((await replay.get('/inquiries')).status).toBe(303);
  });

  it('ends a web session after the same idle time as an API token', async () => {
    const web = new WebClient(t.url);
    await web.signIn(w.colleague.email, pass(w.colleague));
    expect((await web.get('/inquiries')).status).toBe(200);
    t.clock.travel(t.config.sessionIdleMs + 60_000);
    try {
      expect((await web.get('/inquiries')).status).toBe(303);
    } finally {
      t.clock.travel(-(t.config.sessionIdleMs + 60_000));
    }
  });

  it('names the cookie with the __Host- prefix and marks it Secure when served over HTTPS', async () => {
    const secure = await startApp({ PUBLIC_URL: 'https://advice.test' });
    try {
      const web = new WebClient(secure.url);
      const res = await web.signIn(ADMIN.email, ADMIN.password);
      const line = cookieLine(res, '__Host-cti-session');
      expect(line).toMatch(/; Secure/);
      expect(line).toMatch(/; HttpOnly/);
      expect(line).toMatch(/; SameSite=Strict/);
      expect(line).toMatch(/; Path=\//);
      expect(line).not.toMatch(/Domain=/i);
    } finally {
      await secure.close();
    }
  });

  it("refuses a form without its token, with a wrong one, with another session's, or from another site, and changes nothing", async () => {
    const web = new WebClient(t.url);
    await web.signIn(w.requester.email, pass(w.requester));
    const page = await web.get(`/inquiries/${inquiry.id}`);
    expect(page.status).toBe(200);
    const token = web.csrf();
    const other = new WebClient(t.url);
    await other.signIn(w.colleague.email, pass(w.colleague));
    await other.get('/inquiries');

    const attempts = [
      await web.post(`/inquiries/${inquiry.id}/participants`, { userId: w.colleague.id }, { csrf: null }),
      await web.post(`/inquiries/${inquiry.id}/participants`, { userId: w.colleague.id }, { csrf: token.slice(0, -2) + 'xx' }),
      await web.post(`/inquiries/${inquiry.id}/participants`, { userId: w.colleague.id }, { csrf: other.csrf() }),
      await web.post(`/inquiries/${inquiry.id}/participants`, { userId: w.colleague.id }, { csrf: token, headers: { 'sec-fetch-site': 'cross-site' } }),
      await web.post(`/inquiries/${inquiry.id}/participants`, { userId: w.colleague.id }, { csrf: token, headers: { origin: 'https://evil.example' } }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.html).toContain('<html lang="en" dir="ltr">');
    }
    expect((await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.requester.token)).body.participantIds).toEqual([]);
    expect((await new WebClient(t.url).post('/login', { email: ADMIN.email, password: ADMIN.password }, { csrf: null })).status).toBe(403);

    // The same form with its token goes through.
    const ok = await web.post(`/inquiries/${inquiry.id}/participants`, { userId: w.colleague.id }, { csrf: token });
    expect(ok.status).toBe(303);
    expect((await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.requester.token)).body.participantIds).toEqual([w.colleague.id]);
  });

  it("answers another organisation's query with the very 404 page of a missing id", async () => {
    const web = new WebClient(t.url);
    await web.signIn(w.foreigner.email, pass(w.foreigner));
    const hidden = await web.get(`/inquiries/${inquiry.id}`);
    const missing = await web.get('/inquiries/8d1c1c59-1b36-4f7e-9a55-2b8f8f0a0a0a');
    const garbage = await web.get('/inquiries/not-an-id');
    // Equal but for the anti-forgery tokens and the path itself (in the language links).
    const strip = (html: string, id: string) => html.replace(/name="_csrf" value="[^"]+"/g, '').replaceAll(id, ':id');
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(garbage.status).toBe(404);
    expect(strip(hidden.html, inquiry.id)).toBe(strip(missing.html, '8d1c1c59-1b36-4f7e-9a55-2b8f8f0a0a0a'));
    expect(hidden.html).not.toContain(inquiry.reference);
    expect(hidden.html).not.toContain('Custody registers');
    const expert = new WebClient(t.url);
    await expert.signIn(w.expert.email, pass(w.expert));
    expect((await expert.get(`/inquiries/${inquiry.id}`)).status).toBe(404);
  });

  it('falls back to English for a key missing from a catalogue, and lays Arabic out right to left', async () => {
    const web = new WebClient(t.url);
    await web.signIn(w.requester.email, pass(w.requester));
    const french = await web.get('/inquiries?lang=fr');
    expect(french.html).toContain('<html lang="fr" dir="ltr">');
    expect(french.html).toContain('<h1>Mes demandes</h1>');
    const fr = t.app.get(WebI18n).catalogue('fr');
    const saved = fr['myQueries.title'];
    delete fr['myQueries.title'];
    try {
      const fallback = await web.get('/inquiries?lang=fr');
      expect(fallback.html).toContain('<h1>My queries</h1>');
      expect(fallback.html).toContain('Nouvelle demande');
    } finally {
      fr['myQueries.title'] = saved;
    }
    const arabic = await web.get('/inquiries?lang=ar');
    expect(arabic.html).toContain('<html lang="ar" dir="rtl">');
    // ?lang= is remembered for the next pages.
    expect((await web.get('/inquiries')).html).toContain('<html lang="ar" dir="rtl">');
  });

  it('shows a refused email preference beside its choices on the account page (400), in the page language, and changes nothing', async () => {
    const web = new WebClient(t.url);
    await web.signIn(w.colleague.email, pass(w.colleague));
    const preference = async () => (await t.http.get('/api/v1/me/notification-preferences', w.colleague.token)).body;
    const before = await preference();
    await web.get('/account?lang=fr');
    const refused = await web.post('/account/notifications', { email: 'hourly' });
    expect(refused.status).toBe(400);
    expectRefusedBeside(refused.html, 'pref-email', /Choisissez/);
    // Only this form of the page is marked: not the password change's, nor the recovery codes'.
    expect(refused.html.match(/aria-invalid="true"/g)).toHaveLength(1);
    expect(refused.html.match(/class="error-summary"/g)).toHaveLength(1);
    expect(await preference()).toEqual(before);
    expect((await web.post('/account/notifications', { email: 'daily' })).status).toBe(303);
    expect(await preference()).toEqual({ email: 'daily' });
  });

  it('offers the five languages on the account page, the current one chosen, and keeps the one picked there', async () => {
    const web = new WebClient(t.url);
    await web.signIn(w.expert.email, pass(w.expert));
    const account = (await web.get('/account?lang=en')).html;
    const select = account.slice(account.indexOf('<select id="lang"'), account.indexOf('</select>', account.indexOf('<select id="lang"')));
    expect([...select.matchAll(/<option value="(\w+)"/g)].map((m) => m[1]).sort()).toEqual(['ar', 'en', 'es', 'fr', 'pt']);
    expect(select).toMatch(/<option value="en" lang="en" selected>/);
    const picked = await web.post('/language', { lang: 'es', back: '/account' });
    expect(picked.status).toBe(303);
    const spanish = (await web.get('/account')).html;
    expect(spanish).toContain('<html lang="es" dir="ltr">');
    expect(spanish).toMatch(/<option value="es" lang="es" selected>/);
  });
});
