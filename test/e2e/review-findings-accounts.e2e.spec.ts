import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile, stat } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrganization, createUser, invitationTokenFor, loginAdmin, totpCode } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { WebClient } from '../support/browser.js';
import { mailText } from '../support/mail-text.js';

/**
 * Issue 15, findings 4 to 10 and 12 of the adversarial review: account recovery, the logs, the
 * sign-in limits, the return paths of the pages and the files of the data directory. Each test
 * failed on the code before the fix.
 */
describe('review findings: accounts, limits, pages and files', () => {
  let t: TestApp;
  let admin: string;
  let org: string;
  const now = () => t.clock.now().getTime();

  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0' });
    admin = await loginAdmin(t);
    org = (await createOrganization(t, admin)).id;
  });
  afterAll(() => t.close());

  /** A requester who enrolled a second factor; its secret, for codes. */
  async function withSecondFactor() {
    const user = await createUser(t, admin, { role: 'requester', organizationId: org });
    const secret = (await t.http.post('/api/v1/me/totp', {}, user.token)).body.secret as string;
    expect((await t.http.post('/api/v1/me/totp/confirm', { code: await totpCode(secret, now()) }, user.token)).status).toBe(200);
    t.clock.travel(30_000);
    return { ...user, secret };
  }

  describe('4. an invitation does not skip the second factor', () => {
    it('asks a re-invited account that has a second factor for a current code (API), and keeps the link usable until then', async () => {
      const user = await withSecondFactor();
      expect((await t.http.post(`/api/v1/users/${user.id}/invitation`, {}, admin)).status).toBe(204);
      const token = await invitationTokenFor(t, user.email);
      const password = 'a brand new passphrase 4';
      expect((await t.http.post('/api/v1/auth/accept-invitation', { token, password })).status).toBe(400);
      expect((await t.http.post('/api/v1/auth/accept-invitation', { token, password, totp: '000000' })).status).toBe(400);
      const ok = await t.http.post('/api/v1/auth/accept-invitation', { token, password, totp: await totpCode(user.secret, now()) });
      expect(ok.status).toBe(200);
      expect(ok.body.user.mfaEnabled).toBe(true);
    });

    it('asks for the code on the invitation page too', async () => {
      const user = await withSecondFactor();
      expect((await t.http.post(`/api/v1/users/${user.id}/invitation`, {}, admin)).status).toBe(204);
      const token = await invitationTokenFor(t, user.email);
      const web = new WebClient(t.url);
      expect((await web.get(`/invitations/${token}`)).html).toContain('name="totp"');
      const password = 'a brand new passphrase 44';
      expect((await web.post(`/invitations/${token}`, { password, confirm: password })).status).toBe(400);
      await web.get(`/invitations/${token}`);
      const ok = await web.post(`/invitations/${token}`, { password, confirm: password, totp: await totpCode(user.secret, now()) });
      expect(ok.status).toBe(303);
    });

    it('lets the secretariat reset a lost second factor: audited, every session ended, the person mailed without content', async () => {
      const user = await withSecondFactor();
      const other = (await t.http.post('/api/v1/auth/login', { email: user.email, password: user.password, totp: await totpCode(user.secret, now()) })).body.token as string;
      expect((await t.http.delete(`/api/v1/users/${user.id}/totp`, user.token)).status).toBe(403);
      const adminId = (await t.http.get('/api/v1/me', admin)).body.id as string;
      expect((await t.http.delete(`/api/v1/users/${adminId}/totp`, admin)).status).toBe(409);
      expect((await t.http.delete(`/api/v1/users/${user.id}/totp`, admin)).status).toBe(204);
      for (const token of [user.token, other]) expect((await t.http.get('/api/v1/me', token)).status).toBe(401);
      expect((await t.http.get(`/api/v1/users/${user.id}`, admin)).body.mfaEnabled).toBe(false);
      expect((await t.http.delete(`/api/v1/users/${user.id}/totp`, admin)).status).toBe(409);
      const audit = await t.http.get(`/api/v1/audit?action=user.second-factor-reset`, admin);
      expect(audit.body.items.some((e: { details: { userId: string } }) => e.details.userId === user.id)).toBe(true);
      await t.notify();
      const mails = await Promise.all((await readdir(`${t.dataDir}/mail`)).map(async (f) => mailText(await readFile(`${t.dataDir}/mail/${f}`, 'utf8'))));
      const told = mails.filter((m) => m.includes(`To: ${user.email}`) && m.includes('second factor of your account was reset'));
      expect(told).toHaveLength(1);
      // Then a password is enough again, and the account enrols anew.
      expect((await t.http.post('/api/v1/auth/login', { email: user.email, password: user.password })).status).toBe(200);
    });
  });

  describe('5. invitation tokens never reach a log line', () => {
    it('logs the invitation pages with the token redacted, and the mailed link still works', async () => {
      const created = await t.http.post('/api/v1/users', { email: `log.${Date.now()}@example.org`, name: 'Log Test', role: 'requester', organizationId: org }, admin);
      const token = await invitationTokenFor(t, created.body.email);
      const web = new WebClient(t.url);
      expect((await web.get(`/invitations/${token}`)).status).toBe(200);
      const password = 'a passphrase for the log test';
      expect((await web.post(`/invitations/${token}`, { password, confirm: password })).status).toBe(303);
      expect(t.logs()).toContain('/invitations/[redacted]');
      expect(t.logs()).not.toContain(token);
    });
  });

  describe('6. replacing the second factor takes the password and a current code', () => {
    it('refuses a session alone, then replaces it and ends the other sessions (API)', async () => {
      const user = await withSecondFactor();
      const other = (await t.http.post('/api/v1/auth/login', { email: user.email, password: user.password, totp: await totpCode(user.secret, now()) })).body.token as string;
      t.clock.travel(30_000);
      expect((await t.http.post('/api/v1/me/totp', {}, user.token)).status).toBe(400);
      expect((await t.http.post('/api/v1/me/totp', { currentPassword: 'not my password at all', code: await totpCode(user.secret, now()) }, user.token)).status).toBe(400);
      t.clock.travel(30_000);
      const begun = await t.http.post('/api/v1/me/totp', { currentPassword: user.password, code: await totpCode(user.secret, now()) }, user.token);
      expect(begun.status).toBe(200);
      expect((await t.http.get('/api/v1/me', other)).status).toBe(200);
      const confirmed = await t.http.post('/api/v1/me/totp/confirm', { code: await totpCode(begun.body.secret, now()) }, user.token);
      expect(confirmed.status).toBe(200);
      expect((await t.http.get('/api/v1/me', other)).status).toBe(401);
      expect((await t.http.get('/api/v1/me', user.token)).status).toBe(200);
    });

    it('refuses it on the page without the password and code', async () => {
      const user = await withSecondFactor();
      const web = new WebClient(t.url);
      await web.get('/login');
      await web.post('/login', { email: user.email, password: user.password, totp: await totpCode(user.secret, now()) });
      expect((await web.get('/account/mfa')).html).toContain('/account/mfa/replace');
      const res = await web.post('/account/mfa/replace', { currentPassword: 'wrong wrong wrong', code: '000000' });
      // The same page again, its refusal in words, nothing replaced.
      expect(res.status).toBe(400);
      expect(res.html).toContain('class="error-summary"');
      expect(res.html).toContain('/account/mfa/replace');
    });
  });

  describe('7. the per-account sign-in limit holds under concurrent attempts', () => {
    it('answers at most 10 of 25 simultaneous wrong passwords with 401, the rest with 429', async () => {
      const user = await createUser(t, admin, { role: 'requester', organizationId: org });
      const results = await Promise.all(Array.from({ length: 25 }, () => t.http.post('/api/v1/auth/login', { email: user.email, password: 'definitely not the password' })));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
      expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
      expect((await t.http.post('/api/v1/auth/login', { email: user.email, password: user.password })).status).toBe(429);
    });

    it('does not count successful sign-ins against the account', async () => {
      const user = await createUser(t, admin, { role: 'requester', organizationId: org });
      for (let i = 0; i < 12; i++) expect((await t.http.post('/api/v1/auth/login', { email: user.email, password: user.password })).status).toBe(200);
    });
  });

  describe('9. control characters in a return path fall back to a safe one', () => {
    it('signs in with next=/%01 and lands on the home page; the language form with one goes home', async () => {
      const user = await createUser(t, admin, { role: 'requester', organizationId: org });
      const web = new WebClient(t.url);
      await web.get('/login?next=/%01');
      const signedIn = await web.post('/login', { email: user.email, password: user.password, next: '/\u0001' });
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe('/inquiries');
      const again = await web.get('/login?next=/%01');
      expect(again.status).toBe(303);
      expect(again.headers.get('location')).toBe('/inquiries');
      await web.get('/account');
      const language = await web.post('/language', { lang: 'fr', back: '/\u0001x' });
      expect(language.status).toBe(303);
      expect(language.headers.get('location')).toBe('/');
    });
  });

  describe('10. the layout links are built from the route, never the raw request path', () => {
    it('renders the refusal of a cross-site post to //another.site without a link off the site', async () => {
      const res = await fetch(`${t.url}//evil.example/x`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
        body: 'a=1',
      });
      const html = await res.text();
      expect(res.status).toBeLessThan(500);
      expect(html).not.toContain('evil.example');
      expect(html).toContain('href="/?lang=fr"');
    });

    it('keeps a page own path, with its parameters, in the language links', async () => {
      const html = await (await fetch(`${t.url}/invitations/${'a'.repeat(43)}`)).text();
      expect(html).toContain(`href="/invitations/${'a'.repeat(43)}?lang=fr"`);
    });
  });
});

describe('review finding 8: TRUST_PROXY names the proxies to believe', () => {
  it('with TRUST_PROXY=true takes the address the proxy appended, not one the client wrote, so the per-address limit holds', async () => {
    const t = await startApp({ TRUST_PROXY: 'true', LOGIN_ATTEMPTS_PER_ADDRESS: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await t.http.request('POST', '/api/v1/auth/login', {
          body: { email: `nobody${i}@example.org`, password: 'not a real password' },
          headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` },
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await t.close();
    }
  });

  it('with a list of proxy addresses believes only those', async () => {
    const t = await startApp({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16', LOGIN_ATTEMPTS_PER_ADDRESS: '2' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await t.http.request('POST', '/api/v1/auth/login', {
          body: { email: `nobody${i}@example.org`, password: 'not a real password' },
          headers: { 'x-forwarded-for': `198.51.100.${i}` },
        });
        statuses.push(res.status);
      }
      // The peer (127.0.0.1) is not a listed proxy: its header is not believed, all three count as one address.
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await t.close();
    }
  });
});

describe('review finding 12: the data directory and its files are private', () => {
  it('makes the data directory 0700 and the database (WAL and shared memory included), key and mail files 0600', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'cti-modes-'));
    const dataDir = join(parent, 'nested', 'data');
    const t = await startApp({ DATA_DIR: dataDir, ...(process.env.TEST_DATABASE_URL ? {} : { DATABASE_URL: `sqlite:${join(dataDir, 'cti.sqlite')}` }) });
    try {
      const admin = await loginAdmin(t);
      expect((await t.http.post('/api/v1/users', { email: 'modes@example.org', name: 'Modes', role: 'expert' }, admin)).status).toBe(201);
      expect((await t.notify()).sent).toBeGreaterThan(0);
      const mode = async (p: string) => (await stat(p)).mode & 0o777;
      expect(await mode(dataDir)).toBe(0o700);
      expect(await mode(join(dataDir, 'master.key'))).toBe(0o600);
      expect(await mode(join(dataDir, 'mail'))).toBe(0o700);
      for (const f of await readdir(join(dataDir, 'mail'))) expect(await mode(join(dataDir, 'mail', f))).toBe(0o600);
      if (t.db.kind === 'sqlite') {
        const files = (await readdir(dataDir)).filter((f) => f.startsWith('cti.sqlite'));
        expect(files.sort()).toEqual(['cti.sqlite', 'cti.sqlite-shm', 'cti.sqlite-wal']);
        for (const f of files) expect([f, await mode(join(dataDir, f))]).toEqual([f, 0o600]);
      }
    } finally {
      await t.close();
      await rm(parent, { recursive: true, force: true });
    }
  });
});
