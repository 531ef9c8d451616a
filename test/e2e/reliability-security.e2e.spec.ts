import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createOrganization, createUser, loginAdmin } from '../support/actors.js';
import { ADMIN, startApp, type TestApp } from '../support/app.js';
import { WebClient } from '../support/browser.js';
import { download, pdfBytes, upload } from '../support/files.js';
import type { HttpResult } from '../support/http.js';
import { mailText } from '../support/mail-text.js';
import { TestSmtpServer } from '../support/smtp.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';

/** The security headers every response carries, whatever its class. */
function expectSecurityHeaders(headers: Headers, what: string, authenticated: boolean): void {
  const h = (name: string) => [what, name, headers.get(name)];
  const csp = headers.get('content-security-policy') ?? '';
  expect([what, csp.length > 0]).toEqual([what, true]);
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1] ?? '';
  expect([what, scriptSrc.includes("'unsafe-inline'")]).toEqual([what, false]);
  // A file download is sandboxed with default-src 'none', which is stricter than frame-ancestors.
  if (!/sandbox/.test(csp)) expect([what, /frame-ancestors 'none'/.test(csp)]).toEqual([what, true]);
  const maxAge = Number(/max-age=(\d+)/.exec(headers.get('strict-transport-security') ?? '')?.[1] ?? 0);
  expect([what, maxAge >= 31_536_000]).toEqual([what, true]);
  expect(h('x-content-type-options')).toEqual([what, 'x-content-type-options', 'nosniff']);
  expect(h('referrer-policy')).toEqual([what, 'referrer-policy', 'no-referrer']);
  expect(h('x-powered-by')).toEqual([what, 'x-powered-by', null]);
  if (authenticated) expect(h('cache-control')).toEqual([what, 'cache-control', 'no-store']);
}

describe('security headers, the login throttle, and no confidential text in logs, mails or the audit trail', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let w: World;
  let expert: Actor;
  const MARK = 'CANARY-7f3a';
  const markers = {
    subject: `${MARK}-subject`,
    body: `${MARK}-body`,
    reply: `${MARK}-reply`,
    note: `${MARK}-internal-note`,
    answer: `${MARK}-requester-answer`,
    file: `${MARK}-file-content`,
    filename: `${MARK}-filename`,
    reason: `${MARK}-return-reason`,
    tag: `${MARK}-tag`,
    closing: `${MARK}-closing-reason`,
  };

  beforeAll(async () => {
    smtp = await new TestSmtpServer().start();
    t = await startApp({ LOGIN_ATTEMPTS_PER_ADDRESS: '30', LOG_LEVEL: 'debug' }, { smtp });
    w = await buildWorld(t);
    expert = await createUser(t, w.admin, { role: 'expert' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('runs a whole scenario with a marker in every confidential field, and no marker reaches a log line, a mail or an audit entry', async () => {
    const s = w.secretariat.token;
    const filed = await t.http.post(
      '/api/v1/inquiries',
      { subject: markers.subject, body: markers.body, topics: ['police-custody-safeguards'], language: 'en' },
      w.requester.token,
    );
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    const ok = (res: HttpResult) => expect([res.status, res.status < 300 ? '' : res.text]).toEqual([res.status < 300 ? res.status : 0, '']);
    ok(await t.http.post(`/api/v1/inquiries/${id}/transitions`, { to: 'triaged' }, s));
    ok(await t.http.patch(`/api/v1/inquiries/${id}`, { version: (await t.http.get(`/api/v1/inquiries/${id}`, s)).body.version, tags: [markers.tag] }, s));
    const a = await t.http.post(`/api/v1/inquiries/${id}/assignments`, { expertId: expert.id, role: 'lead' }, s);
    ok(a);
    ok(await t.http.post(`/api/v1/assignments/${a.body.id}/accept`, { noConflict: true }, expert.token));
    ok(await t.http.post(`/api/v1/inquiries/${id}/messages`, { body: markers.note, visibility: 'internal' }, expert.token));
    const draft = await t.http.post(`/api/v1/inquiries/${id}/messages`, { body: `${markers.reply} draft` }, expert.token);
    ok(await t.http.post(`/api/v1/messages/${draft.body.id}/return`, { reason: markers.reason }, s));
    const reply = await t.http.post(`/api/v1/inquiries/${id}/messages`, { body: markers.reply }, expert.token);
    ok(await t.http.post(`/api/v1/messages/${reply.body.id}/clear`, {}, s));
    const answer = await t.http.post(`/api/v1/inquiries/${id}/messages`, { body: markers.answer, parentId: reply.body.id }, w.requester.token);
    ok(answer);
    const file = await upload(t.http, `/api/v1/messages/${answer.body.id}/attachments`, w.requester.token, { name: `${markers.filename}.pdf`, bytes: pdfBytes(markers.file) });
    ok(file);
    expect((await download(t.http, file.body.id, expert.token)).bytes.toString('latin1')).toContain(markers.file);
    ok(await t.http.get(`/api/v1/inquiries?q=${encodeURIComponent(markers.subject)}`, w.requester.token));
    ok(await t.http.post(`/api/v1/inquiries/${id}/transitions`, { to: 'answered' }, expert.token));
    ok(await t.http.post(`/api/v1/inquiries/${id}/transitions`, { to: 'closed', outcome: 'advice-provided', reason: markers.closing }, s));
    await t.notify();

    expect(smtp.received.length).toBeGreaterThan(5);
    const mails = smtp.received.map((m) => mailText(m.raw)).join('\n');
    expect(mails).not.toContain(MARK);
    expect(t.logs().length).toBeGreaterThan(1000);
    expect(t.logs()).not.toContain(MARK);
    const audit = await t.http.get('/api/v1/audit?limit=100', s);
    expect(audit.body.total).toBeGreaterThan(10);
    expect(audit.text).not.toContain(MARK);
    const trail = await t.http.get(`/api/v1/inquiries/${id}/audit?limit=100`, s);
    expect(trail.text).not.toContain(MARK);
  });

  it('sends the security headers on every class of response', async () => {
    const token = w.requester.token;
    const inquiry = (await t.http.post('/api/v1/inquiries', { subject: 'Headers', body: 'Headers', topics: ['police-custody-safeguards'], language: 'en' }, token)).body.id;
    const file = await upload(t.http, `/api/v1/inquiries/${inquiry}/attachments`, token, { name: 'h.pdf', bytes: pdfBytes('headers') });
    const cases: [string, Headers, boolean, number, number][] = [];
    const add = async (what: string, res: Promise<{ status: number; headers: Headers }>, authenticated: boolean, status: number) => {
      const r = await res;
      cases.push([what, r.headers, authenticated, r.status, status]);
    };
    await add('JSON 200', t.http.get('/api/v1/me', token), true, 200);
    await add('JSON 201', t.http.post(`/api/v1/inquiries/${inquiry}/messages`, { body: 'x' }, token), true, 201);
    await add('JSON 400', t.http.post('/api/v1/inquiries', { nope: 1 }, token), true, 400);
    await add('JSON 401', t.http.get('/api/v1/me'), false, 401);
    await add('JSON 403', t.http.get('/api/v1/audit', token), true, 403);
    await add('JSON 404', t.http.get('/api/v1/inquiries/00000000-0000-4000-8000-000000000000', token), true, 404);
    await add('route 404', t.http.get('/api/v1/no-such-route', token), true, 404);
    await add(
      'JSON 413',
      t.http.request('POST', '/api/v1/inquiries', { token, raw: `{"subject":"${'x'.repeat(1_100_000)}"}`, headers: { 'content-type': 'application/json' } }),
      true,
      413,
    );
    await add('JSON 415', t.http.request('POST', '/api/v1/inquiries', { token, raw: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), true, 415);
    await add('file download', download(t.http, file.body.id, token), true, 200);
    await add('health', t.http.get('/health'), false, 200);
    await add(
      'logout 204',
      t.http.post(
        '/api/v1/auth/logout',
        {},
        (await t.http.post('/api/v1/auth/login', { email: w.requester.email, password: (w.requester as Actor & { password: string }).password })).body.token,
      ),
      true,
      204,
    );
    for (const [what, headers, authenticated, status, expected] of cases) {
      expect([what, status]).toEqual([what, expected]);
      expectSecurityHeaders(headers, what, authenticated);
    }
  });

  it('throttles a burst of wrong passwords from one address with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 40; i++) {
      // A different account each time: the per-address limit, not the per-account one, must stop it.
      const res = await t.http.post('/api/v1/auth/login', { email: `guess.${i}@example.org`, password: 'wrong password number one' });
      statuses.push(res.status);
      if (res.status === 429) retryAfter ??= res.headers.get('retry-after');
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(-5)).toEqual([429, 429, 429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // The right password from the same address is throttled too until the window ends; then it works.
    expect((await t.http.post('/api/v1/auth/login', { email: w.requester.email, password: 'whatever it is' })).status).toBe(429);
    t.clock.travel(16 * 60_000);
    expect((await t.http.post('/api/v1/auth/login', { email: `guess.0@example.org`, password: 'wrong password number one' })).status).toBe(401);
  });
});

/**
 * The pages answer with HTML, redirects and files under the same headers as the API, and every
 * cookie they set is out of reach of scripts and of other sites; over HTTPS it is also Secure and,
 * for the session, its form secret and its messages, bound to this host (__Host-).
 */
describe.each(['http://advice.test', 'https://advice.test'])('security headers and cookies of the pages served as %s', (publicUrl) => {
  let t: TestApp;
  let requester: { email: string; password: string; token: string };
  let inquiry: string;
  let file: string;
  const secure = publicUrl.startsWith('https:');

  beforeAll(async () => {
    t = await startApp({ PUBLIC_URL: publicUrl });
    const admin = await loginAdmin(t);
    requester = await createUser(t, admin, { role: 'requester', organizationId: (await createOrganization(t, admin)).id });
    inquiry = (await fileInquiry(t, requester.token, { subject: 'HEADER-CHECK subject' })).id;
    file = (await upload(t.http, `/api/v1/inquiries/${inquiry}/attachments`, requester.token, { name: 'h.pdf', bytes: pdfBytes('HEADER-CHECK file') })).body.id;
  });
  afterAll(() => t.close());

  it('sends the security headers on every class of page answer, and flags every cookie it sets', async () => {
    const web = new WebClient(t.url);
    const cases: Array<{ what: string; res: Response & { html: string }; status: number; authenticated: boolean; html: boolean }> = [];
    const add = async (what: string, res: Promise<Response & { html: string }>, status: number, authenticated: boolean, html = true) => {
      cases.push({ what, res: await res, status, authenticated, html });
    };
    await add('HTML 200 sign-in page', web.get('/login'), 200, false);
    await add('redirect to sign-in', new WebClient(t.url).get(`/inquiries/${inquiry}`), 303, false, false);
    await add('sign-in redirect', web.post('/login', { email: requester.email, password: requester.password }), 303, true, false);
    await add('HTML 200 confidential page', web.get(`/inquiries/${inquiry}?lang=fr`), 200, true);
    await add('HTML 404 page', web.get(`/inquiries/${randomUUID()}`), 404, true);
    await add('HTML 403 page', web.get('/admin/users'), 403, true);
    await add('form refused without its token', web.post(`/inquiries/${inquiry}/participants`, { userId: randomUUID() }, { csrf: null }), 403, true);
    await web.get('/account');
    await add('command redirect with a message', web.post('/account/notifications', { email: 'immediate' }), 303, true, false);
    await add('page file download', web.get(`/attachments/${file}`), 200, true, false);
    await add('static file', web.get('/static/app.css'), 200, false, false);
    await add('sign-out redirect', web.post('/logout', {}), 303, true, false);
    const stranger = new WebClient(t.url);
    await stranger.get('/login');
    await add('HTML 401 sign-in refused', stranger.post('/login', { email: ADMIN.email, password: 'not the password at all' }), 401, false);

    expect(cases.find((c) => c.what === 'HTML 200 confidential page')!.res.html).toContain('HEADER-CHECK subject');
    expect(cases.find((c) => c.what === 'page file download')!.res.html).toContain('HEADER-CHECK file');
    const cookies: string[] = [];
    for (const { what, res, status, authenticated, html } of cases) {
      expect([what, res.status]).toEqual([what, status]);
      expectSecurityHeaders(res.headers, what, authenticated);
      if (html) {
        expect([what, res.headers.get('content-type')]).toEqual([what, 'text/html; charset=utf-8']);
        // CSP frame-ancestors 'none' governs; the older header must not allow framing by another site.
        expect([what, res.headers.get('x-frame-options') === 'DENY']).toEqual([what, true]);
      }
      cookies.push(...res.headers.getSetCookie().map((line) => `${what}: ${line}`));
    }

    const prefix = secure ? '__Host-' : '';
    const names = new Set(cookies.map((c) => c.split(': ')[1].split('=')[0]));
    expect([...names].sort()).toEqual([`${prefix}cti-csrf`, `${prefix}cti-flash`, `${prefix}cti-session`, 'cti-lang'].sort());
    for (const line of cookies) {
      const name = line.split(': ')[1].split('=')[0];
      expect([line, /; HttpOnly/i.test(line)]).toEqual([line, true]);
      expect([line, /; Path=\/(;|$)/i.test(line)]).toEqual([line, true]);
      expect([line, /; Domain=/i.test(line)]).toEqual([line, false]);
      expect([line, /; Secure/i.test(line)]).toEqual([line, secure]);
      // The language is a preference, the only cookie a link from another site may carry.
      expect([line, /; SameSite=(\w+)/i.exec(line)?.[1]]).toEqual([line, name === 'cti-lang' ? 'Lax' : 'Strict']);
    }
  });
});
