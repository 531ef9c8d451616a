import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, loginAdmin, totpCode, uniqueEmail } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { mailText } from '../support/mail-text.js';
import { TestSmtpServer } from '../support/smtp.js';

/**
 * "Forgot your password?" over the API, with the mail through a real SMTP server, and the recovery
 * codes of the second factor. Each test asks from its own client address (X-Forwarded-For behind
 * TRUST_PROXY), so that the per-client limit of one test does not spill into the next.
 */
describe('password reset by mail and recovery codes', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let admin: string;
  let client = 0;

  beforeAll(async () => {
    smtp = await new TestSmtpServer().start();
    t = await startApp({ TRUST_PROXY: 'true' }, { smtp });
    admin = await loginAdmin(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const newClient = () => `198.51.100.${++client}`;
  const ask = (email: string, ip: string) => t.http.request('POST', '/api/v1/auth/password-reset', { body: { email }, headers: { 'x-forwarded-for': ip } });
  const confirm = (token: string, password: string) => t.http.post('/api/v1/auth/password-reset/confirm', { token, password });
  const login = (email: string, password: string, extra: Record<string, string> = {}) => t.http.post('/api/v1/auth/login', { email, password, ...extra });
  const resetMails = (email: string) => smtp.received.filter((m) => m.to.includes(email) && /\/password-reset\//.test(mailText(m.raw)));
  const tokenIn = (raw: string) => /http:\/\/advice\.test\/password-reset\/([A-Za-z0-9_-]{43})/.exec(mailText(raw))?.[1];
  async function newestToken(email: string, count = 1): Promise<string> {
    const deadline = Date.now() + 10_000;
    while (resetMails(email).length < count) {
      await t.notify();
      if (Date.now() > deadline) throw new Error(`no reset mail for ${email}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const token = tokenIn(resetMails(email).at(-1)!.raw);
    if (!token) throw new Error('no link in the reset mail');
    return token;
  }
  const auditActions = async () => (await t.http.get('/api/v1/audit?limit=100', admin)).body.items as Array<{ action: string; details: Record<string, unknown> }>;

  it('mails a content-free one-time link; the new password ends every session and the link works once', async () => {
    const user = await createUser(t, admin, { role: 'expert' });
    const other = (await login(user.email, user.password)).body.token as string;
    const res = await ask(user.email, newClient());
    expect(res.status).toBe(204);
    const token = await newestToken(user.email);
    const mail = resetMails(user.email)[0];
    expect(mail.to).toEqual([user.email]);
    // The body holds the link and fixed words: no name, no address, no greeting.
    const body = mailText(mail.raw)
      .split(/\r?\n\r?\n/)
      .slice(1)
      .join('\n\n');
    expect(body).toContain(`/password-reset/${token}`);
    expect(body).not.toContain('Test expert');
    expect(body).not.toContain(user.email.split('@')[0]);

    expect((await confirm(token, 'a brand new passphrase of mine')).status).toBe(204);
    expect((await t.http.get('/api/v1/me', other)).status).toBe(401);
    expect((await t.http.get('/api/v1/me', user.token)).status).toBe(401);
    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await login(user.email, 'a brand new passphrase of mine')).status).toBe(200);

    const again = await confirm(token, 'yet another passphrase here');
    expect(again.status).toBe(400);
    expect((await login(user.email, 'yet another passphrase here')).status).toBe(401);

    await t.notify();
    expect(smtp.received.some((m) => m.to.includes(user.email) && /password was changed/.test(mailText(m.raw)))).toBe(true);
    const audit = await auditActions();
    expect(audit.some((e) => e.action === 'user.password-reset' && e.details.userId === user.id)).toBe(true);
    expect(audit.some((e) => e.action === 'user.password-reset-requested' && e.details.userId === user.id && e.details.sent === true)).toBe(true);
  });

  it('answers an unknown and a deactivated address exactly as a known one, and mails neither', async () => {
    const known = await createUser(t, admin, {
      role: 'requester',
      organizationId: (await t.http.post('/api/v1/organizations', { name: 'Reset Org', country: 'XA', kind: 'other' }, admin)).body.id,
    });
    const gone = await createUser(t, admin, { role: 'expert' });
    expect((await t.http.patch(`/api/v1/users/${gone.id}`, { active: false }, admin)).status).toBe(200);
    const unknown = uniqueEmail('nobody');
    const ip = newClient();
    const answers = [await ask(known.email, ip), await ask(unknown, ip), await ask(gone.email, ip)];
    for (const a of answers) {
      expect(a.status).toBe(204);
      expect(a.text).toBe('');
    }
    await newestToken(known.email);
    await t.notify();
    expect(smtp.received.some((m) => m.to.includes(unknown))).toBe(false);
    expect(resetMails(gone.email)).toHaveLength(0);
  });

  it('takes about the same time for an address with an account and one without', async () => {
    const user = await createUser(t, admin, { role: 'expert' });
    const time = async (email: string) => {
      const start = process.hrtime.bigint();
      expect((await ask(email, newClient())).status).toBe(204);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time(user.email));
      unknown.push(await time(uniqueEmail('ghost')));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Both do a lookup and one transaction with an audit entry: no password hashing on either side.
    // The bound allows for a busy shared machine (PostgreSQL's few more statements on the known side).
    const [k, u] = [median(known), median(unknown)];
    expect(Math.abs(k - u)).toBeLessThan(Math.max(100, 0.5 * Math.max(k, u)));
  });

  it('expires after an hour (fake clock), and a newer link or a sign-in retires the older', async () => {
    const user = await createUser(t, admin, { role: 'expert' });
    const ip = newClient();
    await ask(user.email, ip);
    const first = await newestToken(user.email, 1);
    await ask(user.email, ip);
    const second = await newestToken(user.email, 2);
    expect(second).not.toBe(first);
    expect((await confirm(first, 'a passphrase for the old link')).status).toBe(400);

    t.clock.travel(61 * 60_000);
    try {
      expect((await confirm(second, 'a passphrase for an expired link')).status).toBe(400);
    } finally {
      t.clock.travel(-61 * 60_000);
    }

    await ask(user.email, ip);
    const third = await newestToken(user.email, 3);
    expect((await login(user.email, user.password)).status).toBe(200);
    expect((await confirm(third, 'a passphrase after signing in')).status).toBe(400);
    expect((await login(user.email, user.password)).status).toBe(200);
  });

  it('throttles per address and per client, whether an account has the address or not', async () => {
    const email = uniqueEmail('throttled');
    const ip = newClient();
    for (let i = 0; i < 5; i++) expect((await ask(email, ip)).status).toBe(204);
    const refused = await ask(email, newClient());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    const busy = newClient();
    for (let i = 0; i < 20; i++) expect((await ask(uniqueEmail('many'), busy)).status).toBe(204);
    expect((await ask(uniqueEmail('many'), busy)).status).toBe(429);
    expect((await ask(uniqueEmail('many'), newClient())).status).toBe(204);
  });

  it('refuses bad input with a 400 and changes nothing', async () => {
    const ip = newClient();
    expect((await ask('not an address', ip)).status).toBe(400);
    expect((await t.http.request('POST', '/api/v1/auth/password-reset', { body: { email: 'a@example.org', extra: 1 }, headers: { 'x-forwarded-for': ip } })).status).toBe(400);
    expect((await t.http.post('/api/v1/auth/password-reset/confirm', { token: 'x'.repeat(43), password: 'a fine passphrase indeed', more: true })).status).toBe(400);
    // Each refusal carries its stable code beside the English message (what the page translates).
    const unknown = await confirm('x'.repeat(43), 'a fine passphrase indeed');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'auth.reset-link-invalid', message: expect.stringContaining('reset link is not valid') });
    const short = await confirm('short', 'a fine passphrase indeed');
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({ code: 'validation.failed', errors: [expect.objectContaining({ field: 'token' })] });
    const user = await createUser(t, admin, { role: 'expert' });
    await ask(user.email, ip);
    const token = await newestToken(user.email);
    expect((await confirm(token, 'password1234')).status).toBe(400);
    expect((await confirm(token, 'too short')).body).toMatchObject({ statusCode: 400, code: 'password.too-short', params: { min: 12 } });
    expect((await confirm(token, 'abcabcabcabcabc')).body).toMatchObject({ code: 'password.too-common' });
    expect((await confirm(token, `my ${user.email.split('@')[0]} passphrase`)).body).toMatchObject({ code: 'password.contains-email' });
    // A refused password does not spend the link.
    expect((await confirm(token, 'a sturdy and long passphrase')).status).toBe(204);
  });

  it('still asks for the second factor after a reset, and a recovery code stands in for it once', async () => {
    const user = await createUser(t, admin, { role: 'expert' });
    const begun = await t.http.post('/api/v1/me/totp', {}, user.token);
    const confirmed = await t.http.post('/api/v1/me/totp/confirm', { code: await totpCode(begun.body.secret, t.clock.now().getTime()) }, user.token);
    expect(confirmed.status).toBe(200);
    const codes = confirmed.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);

    await ask(user.email, newClient());
    const token = await newestToken(user.email);
    expect((await confirm(token, 'the reset passphrase of mine')).status).toBe(204);
    expect((await login(user.email, 'the reset passphrase of mine')).status).toBe(401);

    // A recovery code, typed in capitals without its hyphen, signs in once.
    const typed = codes[0].replace('-', '').toUpperCase();
    const withCode = await login(user.email, 'the reset passphrase of mine', { recoveryCode: typed });
    expect(withCode.status).toBe(200);
    expect((await login(user.email, 'the reset passphrase of mine', { recoveryCode: codes[0] })).status).toBe(401);
    expect((await login(user.email, 'a wrong passphrase entirely', { recoveryCode: codes[1] })).status).toBe(401);
    const session = withCode.body.token as string;
    expect((await t.http.get('/api/v1/me/recovery-codes', session)).body).toEqual({ remaining: 9 });
    const audit = await auditActions();
    expect(audit.some((e) => e.action === 'user.recovery-code-used' && e.details.userId === user.id && e.details.left === 9)).toBe(true);

    // A new batch takes the password and a code (here another recovery code); the old ones stop working.
    expect((await t.http.post('/api/v1/me/recovery-codes', { currentPassword: 'the reset passphrase of mine' }, session)).status).toBe(400);
    expect((await t.http.post('/api/v1/me/recovery-codes', { currentPassword: 'wrong passphrase here', recoveryCode: codes[2] }, session)).status).toBe(400);
    const fresh = await t.http.post('/api/v1/me/recovery-codes', { currentPassword: 'the reset passphrase of mine', recoveryCode: codes[2] }, session);
    expect(fresh.status).toBe(200);
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    expect((await t.http.get('/api/v1/me/recovery-codes', session)).body).toEqual({ remaining: 10 });
    expect((await login(user.email, 'the reset passphrase of mine', { recoveryCode: codes[3] })).status).toBe(401);
    expect((await login(user.email, 'the reset passphrase of mine', { recoveryCode: fresh.body.recoveryCodes[0] })).status).toBe(200);
    expect((await t.http.post('/api/v1/me/recovery-codes', { currentPassword: 'x', recoveryCode: 'not-a-code!' }, session)).status).toBe(400);
  });
});
