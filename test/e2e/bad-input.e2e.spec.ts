import { ERROR_CODES } from '../../src/common/errors/error-codes.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrganization, loginAdmin, uniqueEmail } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import type { HttpResult } from '../support/http.js';

/** DESIGN rule 6: bad input gets a clear 4xx, in the one error shape, and changes nothing. */
describe('bad input', () => {
  let t: TestApp;
  let admin: string;
  let orgId: string;
  const seen: HttpResult[] = [];

  beforeAll(async () => {
    t = await startApp();
    admin = await loginAdmin(t);
    orgId = (await createOrganization(t, admin)).id;
  });
  afterEach(() => {
    // Whatever else a test checks, the service never answered with a 5xx.
    expect(seen.filter((r) => r.status >= 500).map((r) => `${r.status} ${r.text}`)).toEqual([]);
  });
  afterAll(() => t.close());

  const send = async (method: string, path: string, options: { body?: unknown; raw?: string; headers?: Record<string, string> } = {}) => {
    const res = await t.http.request(method, path, { token: admin, ...options });
    seen.push(res);
    return res;
  };
  const json = { 'content-type': 'application/json' };
  /** A 4xx with exactly the documented error shape. */
  const expectError = (res: HttpResult, status: number) => {
    expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { statusCode: status } });
    // The contract's three fields, and the stable code beside them (with its values and, for a body that broke its DTO, the fields).
    expect(
      Object.keys(res.body)
        .filter((k) => !['params', 'errors'].includes(k))
        .sort(),
    ).toEqual(['code', 'error', 'message', 'statusCode']);
    expect(Object.keys(ERROR_CODES)).toContain(res.body.code);
    expect(typeof res.body.error).toBe('string');
    expect(typeof res.body.message === 'string' || Array.isArray(res.body.message)).toBe(true);
  };
  const messageOf = (res: HttpResult) => [res.body.message].flat().join('; ');
  const totals = async () => ({
    organizations: (await send('GET', '/api/v1/organizations')).body.total as number,
    users: (await send('GET', '/api/v1/users')).body.total as number,
  });
  const org = (extra: Record<string, unknown> = {}) => ({ name: 'Ministry of Justice', country: 'XA', kind: 'government', ...extra });

  it('rejects an unknown field by name and stores nothing', async () => {
    const before = await totals();
    const res = await send('POST', '/api/v1/organizations', { body: org({ isTrusted: true }) });
    expectError(res, 400);
    expect(messageOf(res)).toContain('isTrusted');
    const user = await send('POST', '/api/v1/users', { body: { email: uniqueEmail(), name: 'X', role: 'expert', admin: true } });
    expectError(user, 400);
    expect(messageOf(user)).toContain('admin');
    expect(await totals()).toEqual(before);
  });

  it('rejects wrong types and missing fields', async () => {
    const before = await totals();
    for (const body of [org({ name: 42 }), org({ country: ['XA'] }), org({ kind: null }), { name: 'No country' }, [], 'a string']) {
      expectError(await send('POST', '/api/v1/organizations', { body }), 400);
    }
    expectError(await send('PATCH', `/api/v1/users/${orgId}`, { body: { active: 'yes' } }), 400);
    expectError(await send('POST', '/api/v1/users', { body: { email: uniqueEmail(), name: 'X', role: 'expert', languages: 'en' } }), 400);
    expectError(await send('POST', '/api/v1/users', { body: { email: 'not an email', name: 'X', role: 'expert' } }), 400);
    expectError(await send('POST', '/api/v1/users', { body: { email: uniqueEmail(), name: 'X', role: 'admin' } }), 400);
    expectError(await send('POST', '/api/v1/users', { body: { email: uniqueEmail(), name: 'x'.repeat(201), role: 'expert' } }), 400);
    expect(await totals()).toEqual(before);
  });

  it('accepts ISO 3166-1 alpha-2 and XA–XZ codes only', async () => {
    for (const country of ['ZZ', 'xa', 'KEN', 'K', '', 'UK']) {
      const res = await send('POST', '/api/v1/organizations', { body: org({ country }) });
      expectError(res, 400);
      expect(messageOf(res)).toMatch(/country/);
    }
    for (const country of ['XA', 'XZ', 'KE', 'CH']) {
      expect((await send('POST', '/api/v1/organizations', { body: org({ country }) })).status).toBe(201);
    }
  });

  it('accepts only the documented kinds of organisation', async () => {
    for (const kind of ['ngo', 'Government', '']) {
      const res = await send('POST', '/api/v1/organizations', { body: org({ kind }) });
      expectError(res, 400);
      expect(messageOf(res)).toMatch(/kind/);
    }
    expect((await send('POST', '/api/v1/organizations', { body: org({ kind: 'national-preventive-mechanism' }) })).status).toBe(201);
  });

  it('answers an id that is not a UUID with 400', async () => {
    for (const path of ['/api/v1/organizations/abc', '/api/v1/users/1', "/api/v1/users/1'%20OR%20'1'='1"]) {
      expectError(await send('GET', path), 400);
    }
    expectError(await send('PATCH', '/api/v1/users/not-a-uuid', { body: { name: 'X' } }), 400);
    expectError(await send('POST', '/api/v1/users/not-a-uuid/invitation', { body: {} }), 400);
    // A well-formed id that names nothing is a 404, not a 400.
    expectError(await send('GET', '/api/v1/organizations/00000000-0000-4000-8000-000000000000'), 404);
  });

  it('answers a JSON body over 1 MB with 413 and stores nothing', async () => {
    const before = await totals();
    const res = await send('POST', '/api/v1/organizations', { raw: JSON.stringify(org({ name: 'x'.repeat(1024 * 1024) })), headers: json });
    expectError(res, 413);
    expect(await totals()).toEqual(before);
  });

  it('refuses prototype pollution and malformed JSON with 400', async () => {
    const before = await totals();
    const bodies = [
      '{"__proto__": {"role": "secretariat"}, "name": "Polluter", "country": "XA", "kind": "government"}',
      '{"constructor": {"prototype": {"role": "secretariat"}}, "name": "Polluter", "country": "XA", "kind": "government"}',
      '{"name": "Broken", ',
      '',
    ];
    for (const raw of bodies) expectError(await send('POST', '/api/v1/organizations', { raw, headers: json }), 400);
    expect(await totals()).toEqual(before);
  });

  it('answers a body that is not JSON with 415', async () => {
    const before = await totals();
    for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/xml']) {
      const res = await send('POST', '/api/v1/organizations', { raw: 'name=X&country=XA&kind=government', headers: { 'content-type': type } });
      expectError(res, 415);
    }
    expect(await totals()).toEqual(before);
  });

  it('validates list parameters', async () => {
    for (const query of [
      'limit=0',
      'limit=101',
      'limit=-1',
      'limit=abc',
      'limit=1.5',
      'cursor=garbage!',
      `cursor=${'a'.repeat(201)}`,
      'cursor=bm9wZQ',
      'role=admin',
      'unknown=1',
    ]) {
      const path = query.startsWith('role') ? '/api/v1/users' : '/api/v1/organizations';
      const res = await send('GET', `${path}?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expectError(res, 400);
    }
    const page = await send('GET', '/api/v1/organizations?limit=100');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
  });

  it('answers a duplicate email with 409, whatever its case', async () => {
    const email = uniqueEmail('twice');
    expect((await send('POST', '/api/v1/users', { body: { email, name: 'First', role: 'expert' } })).status).toBe(201);
    const before = await totals();
    const again = await send('POST', '/api/v1/users', { body: { email: email.toUpperCase(), name: 'Second', role: 'expert' } });
    expectError(again, 409);
    expect(messageOf(again)).toMatch(/email/);
    expect(await totals()).toEqual(before);
  });

  it('requires an existing organisation for a requester', async () => {
    const before = await totals();
    const none = await send('POST', '/api/v1/users', { body: { email: uniqueEmail(), name: 'Orphan', role: 'requester' } });
    expectError(none, 400);
    expect(messageOf(none)).toMatch(/organizationId/);
    const ghost = await send('POST', '/api/v1/users', {
      body: { email: uniqueEmail(), name: 'Orphan', role: 'requester', organizationId: '00000000-0000-4000-8000-000000000000' },
    });
    expectError(ghost, 400);
    expect(await totals()).toEqual(before);
    expect((await send('POST', '/api/v1/users', { body: { email: uniqueEmail(), name: 'Official', role: 'requester', organizationId: orgId } })).status).toBe(201);
  });
});
