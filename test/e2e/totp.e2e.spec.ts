import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { totpCode } from '../support/actors.js';
import { ADMIN, startApp, type TestApp } from '../support/app.js';

/** The second factor for the roles that must have one (the default MFA_REQUIRED_ROLES). */
describe('TOTP second factor', () => {
  let t: TestApp;
  let secret: string;
  const now = () => t.clock.now().getTime();
  const login = (totp?: string) => t.http.post('/api/v1/auth/login', totp === undefined ? ADMIN : { ...ADMIN, totp });

  beforeAll(async () => {
    t = await startApp({ MFA_REQUIRED_ROLES: 'secretariat,expert' });
  });
  afterAll(() => t.close());

  it('lets a secretariat member who has not enrolled reach only /me and the TOTP endpoints', async () => {
    const res = await login();
    expect(res.status).toBe(200);
    expect(res.body.mfaEnrollmentRequired).toBe(true);
    const limited = res.body.token as string;
    expect((await t.http.get('/api/v1/me', limited)).status).toBe(200);
    const refused = await t.http.get('/api/v1/users', limited);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect((await t.http.post('/api/v1/organizations', { name: 'X', country: 'XA', kind: 'other' }, limited)).status).toBe(403);
  });

  it('enrols with a code from the secret, after which a password alone is not enough', async () => {
    const limited = (await login()).body.token as string;
    const begun = await t.http.post('/api/v1/me/totp', {}, limited);
    expect(begun.status).toBe(200);
    secret = begun.body.secret;
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(begun.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/);
    expect(decodeURIComponent(begun.body.otpauthUrl)).toContain(ADMIN.email);

    const wrong = await t.http.post('/api/v1/me/totp/confirm', { code: await otherCode(secret, now()) }, limited);
    expect(wrong.status).toBe(400);
    expect((await t.http.get('/api/v1/me', limited)).body.mfaEnabled).toBe(false);

    const confirmed = await t.http.post('/api/v1/me/totp/confirm', { code: await totpCode(secret, now()) }, limited);
    expect(confirmed.status).toBe(200);
    expect((await t.http.get('/api/v1/me', limited)).body.mfaEnabled).toBe(true);

    t.clock.travel(30_000);
    const passwordOnly = await login();
    expect(passwordOnly.status).toBe(401);
    expect(passwordOnly.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('signs in with a fresh code, to a token that works everywhere', async () => {
    t.clock.travel(30_000);
    const code = await totpCode(secret, now());
    const res = await login(code);
    expect(res.status).toBe(200);
    expect(res.body.mfaEnrollmentRequired).toBeUndefined();
    expect(res.body.user.mfaEnabled).toBe(true);
    expect((await t.http.get('/api/v1/users', res.body.token)).status).toBe(200);

    // Each code is good once: the same code again, still within its 30 s step, is refused.
    const replay = await login(code);
    expect(replay.status).toBe(401);
  });

  it('refuses a wrong code with the same answer as a wrong password', async () => {
    t.clock.travel(30_000);
    const wrongCode = await login(await otherCode(secret, now()));
    const wrongPassword = await t.http.post('/api/v1/auth/login', { ...ADMIN, password: 'not the passphrase at all', totp: await totpCode(secret, now()) });
    expect(wrongCode.status).toBe(401);
    expect(wrongPassword.status).toBe(401);
    expect(wrongCode.text).toBe(wrongPassword.text);
    // A code that is not six digits is bad input, not a bad credential.
    expect((await login('12ab56')).status).toBe(400);
  });

  it('refuses a code from long ago and accepts the current one', async () => {
    t.clock.travel(30_000);
    expect((await login(await totpCode(secret, now() - 10 * 60_000))).status).toBe(401);
    expect((await login(await totpCode(secret, now()))).status).toBe(200);
  });
});

/** A six-digit code that is valid in none of the steps the server tolerates around `atMs`. */
async function otherCode(secret: string, atMs: number): Promise<string> {
  const near = new Set(await Promise.all([-30_000, 0, 30_000].map((d) => totpCode(secret, atMs + d))));
  const current = Number(await totpCode(secret, atMs));
  for (let n = 1; ; n++) {
    const candidate = String((current + n) % 1_000_000).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}
