import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN, startApp, type TestApp } from '../support/app.js';
import { createOrganization, createUser, loginAdmin } from '../support/actors.js';

describe('sign-in, sessions and accounts', () => {
  let t: TestApp;
  let admin: string;
  let orgId: string;

  beforeAll(async () => {
    t = await startApp({ LOGIN_ATTEMPTS_PER_ACCOUNT: '5', LOGIN_ATTEMPTS_PER_ADDRESS: '1000' });
    admin = await loginAdmin(t);
    orgId = (await createOrganization(t, admin)).id;
  });
  afterAll(() => t.close());

  it('signs the bootstrap admin in and tells who it is', async () => {
    const me = await t.http.get('/api/v1/me', admin);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: ADMIN.email, role: 'secretariat', organizationId: null, mfaEnabled: false });
    expect(Object.keys(me.body).sort()).toEqual(['active', 'createdAt', 'email', 'headOfSecretariat', 'id', 'languages', 'mfaEnabled', 'name', 'organizationId', 'role'].sort());
  });

  it('answers a wrong password and an unknown email exactly alike', async () => {
    const wrong = await t.http.post('/api/v1/auth/login', { email: ADMIN.email, password: 'not the right passphrase' });
    const unknown = await t.http.post('/api/v1/auth/login', { email: 'nobody.at.all@example.org', password: 'not the right passphrase' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.text).toBe(wrong.text);
  });

  it('takes about as long for an unknown email as for a known one (a dummy hash is checked)', async () => {
    const time = async (email: string) => {
      const started = process.hrtime.bigint();
      await t.http.post('/api/v1/auth/login', { email, password: 'not the right passphrase' });
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time(ADMIN.email));
      unknown.push(await time(`ghost.${i}@example.org`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
    // argon2 dominates both; without the dummy hash the unknown case would answer in ~1 ms.
    expect(median(unknown)).toBeGreaterThan(median(known) / 3);
  });

  it('throttles repeated attempts on one account with 429, whatever the password', async () => {
    const email = 'throttled.target@example.org';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.http.post('/api/v1/auth/login', { email, password: `guess number ${i}` })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await t.http.post('/api/v1/auth/login', { email, password: 'x' });
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    // Another account from the same address is not locked by it.
    expect((await t.http.post('/api/v1/auth/login', ADMIN)).status).toBe(200);
  });

  it('throttles one address that tries many accounts', async () => {
    const other = await startApp({ LOGIN_ATTEMPTS_PER_ADDRESS: '4' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await other.http.post('/api/v1/auth/login', { email: `spray${i}@example.org`, password: 'x' })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    } finally {
      await other.close();
    }
  });

  it('limits each signed-in user on its own, not everyone behind one address', async () => {
    const limited = await startApp({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const one = (await limited.http.post('/api/v1/auth/login', ADMIN)).body.token;
      const two = (await limited.http.post('/api/v1/auth/login', ADMIN)).body.token;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.http.get('/api/v1/me', one)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await limited.http.get('/api/v1/me', one);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Same user: same bucket, whichever token. Another minute: a fresh one.
      expect((await limited.http.get('/api/v1/me', two)).status).toBe(429);
      limited.clock.travel(61_000);
      expect((await limited.http.get('/api/v1/me', two)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('ends the token at logout', async () => {
    const login = await t.http.post('/api/v1/auth/login', ADMIN);
    const token = login.body.token as string;
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect((await t.http.get('/api/v1/me', token)).status).toBe(200);
    expect((await t.http.post('/api/v1/auth/logout', {}, token)).status).toBe(204);
    expect((await t.http.get('/api/v1/me', token)).status).toBe(401);
  });

  it('ends every live token of a user the moment it is deactivated', async () => {
    const requester = await createUser(t, admin, { role: 'requester', organizationId: orgId });
    expect((await t.http.get('/api/v1/me', requester.token)).status).toBe(200);
    const off = await t.http.patch(`/api/v1/users/${requester.id}`, { active: false }, admin);
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await t.http.get('/api/v1/me', requester.token)).status).toBe(401);
    const again = await t.http.post('/api/v1/auth/login', { email: requester.email, password: requester.password });
    expect(again.status).toBe(401);
  });

  it('expires a session after the idle limit and after the absolute limit', async () => {
    const idle = (await t.http.post('/api/v1/auth/login', ADMIN)).body.token;
    t.clock.travel(31 * 60_000);
    expect((await t.http.get('/api/v1/me', idle)).status).toBe(401);

    const busy = (await t.http.post('/api/v1/auth/login', ADMIN)).body.token;
    for (let h = 0; h < 12; h++) {
      t.clock.travel(25 * 60_000);
      expect((await t.http.get('/api/v1/me', busy)).status).toBe(200);
      t.clock.travel(25 * 60_000);
      expect((await t.http.get('/api/v1/me', busy)).status).toBe(200);
      t.clock.travel(10 * 60_000);
      if (h < 11) expect((await t.http.get('/api/v1/me', busy)).status).toBe(200);
    }
    expect((await t.http.get('/api/v1/me', busy)).status).toBe(401);
    admin = await loginAdmin(t);
  });

  it('changes a password only with the current one, ends the other sessions and refuses weak ones', async () => {
    const user = await createUser(t, admin, { role: 'requester', organizationId: orgId });
    const other = (await t.http.post('/api/v1/auth/login', { email: user.email, password: user.password })).body.token;
    const bad = await t.http.post('/api/v1/auth/password', { currentPassword: 'not it at all', newPassword: 'another fine passphrase' }, user.token);
    expect(bad.status).toBe(400);
    const weak = await t.http.post('/api/v1/auth/password', { currentPassword: user.password, newPassword: 'qwerty123456' }, user.token);
    expect(weak.status).toBe(400);
    expect(weak.body.message).toMatch(/too common/);
    const short = await t.http.post('/api/v1/auth/password', { currentPassword: user.password, newPassword: 'short one' }, user.token);
    expect(short.status).toBe(400);
    const ok = await t.http.post('/api/v1/auth/password', { currentPassword: user.password, newPassword: 'another fine passphrase' }, user.token);
    expect(ok.status).toBe(204);
    expect((await t.http.get('/api/v1/me', user.token)).status).toBe(200);
    expect((await t.http.get('/api/v1/me', other)).status).toBe(401);
    expect((await t.http.post('/api/v1/auth/login', { email: user.email, password: 'another fine passphrase' })).status).toBe(200);
  });

  it('keeps requesters, experts and strangers away from secretariat endpoints', async () => {
    const user = await createUser(t, admin, { role: 'expert' });
    expect((await t.http.get('/api/v1/users', user.token)).status).toBe(403);
    expect((await t.http.post('/api/v1/organizations', { name: 'X', country: 'XB', kind: 'other' }, user.token)).status).toBe(403);
    expect((await t.http.get('/api/v1/users')).status).toBe(401);
    expect((await t.http.get('/api/v1/users', 'not-a-real-token-but-long-enough')).status).toBe(401);
  });

  it('never writes a password or a token to the log', async () => {
    const login = await t.http.post('/api/v1/auth/login', ADMIN);
    await t.http.get('/api/v1/me', login.body.token);
    const logs = t.logs();
    expect(logs).toContain('request completed');
    expect(logs).not.toContain(ADMIN.password);
    expect(logs).not.toContain(login.body.token);
  });
});
