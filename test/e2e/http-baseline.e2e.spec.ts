import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrganization, createUser, loginAdmin } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import type { HttpResult } from '../support/http.js';

/** What every answer carries, whatever its status, plus the health check and the API description. */
describe('HTTP baseline', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startApp();
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  const expectSecurityHeaders = (res: HttpResult) => {
    const h = res.headers;
    const csp = h.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    const scriptSrc =
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith('script-src')) ??
      csp.match(/default-src[^;]*/)?.[0] ??
      '';
    expect(scriptSrc).not.toBe('');
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(csp).toMatch(/frame-ancestors 'none'/);
    const maxAge = Number(h.get('strict-transport-security')?.match(/max-age=(\d+)/)?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(31_536_000);
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect((h.get('cache-control') ?? '').split(',').map((d) => d.trim())).toContain('no-store');
    expect(h.get('x-powered-by')).toBeNull();
    expect(h.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  };

  it('sets the security headers on a JSON 200', async () => {
    const res = await t.http.get('/api/v1/me', admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expectSecurityHeaders(res);
  });

  it('sets them on a 401', async () => {
    const res = await t.http.get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String), code: 'auth.sign-in-required' });
    expectSecurityHeaders(res);
  });

  it('answers a route that does not exist with a JSON 404 and the same headers', async () => {
    for (const token of [admin, undefined]) {
      const res = await t.http.get('/api/v1/no-such-thing', token);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String), code: 'request.not-found' });
      expectSecurityHeaders(res);
    }
    expect((await t.http.request('DELETE', '/api/v1/organizations', { token: admin })).status).toBe(404);
  });

  it('gives each request its own id', async () => {
    const a = await t.http.get('/health');
    const b = await t.http.get('/health');
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });

  it('reports health without signing in', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok' });
    expectSecurityHeaders(res);
  });

  it('shows the OpenAPI description to the secretariat only', async () => {
    expect((await t.http.get('/api/docs')).status).toBe(401);
    const org = await createOrganization(t, admin);
    const requester = await createUser(t, admin, { role: 'requester', organizationId: org.id });
    const refused = await t.http.get('/api/docs', requester.token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });

    const doc = await t.http.get('/api/docs', admin);
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-type')).toMatch(/^application\/json/);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/organizations']));
    expectSecurityHeaders(doc);
  });
});
