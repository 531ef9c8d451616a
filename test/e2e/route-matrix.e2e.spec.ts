import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createUser } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { pdfBytes, upload } from '../support/files.js';
import type { HttpResult } from '../support/http.js';
import { declaredRoutes } from '../support/routes.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';
import { EXPECTED, ROLES, type Role } from '../support/route-matrix-expected.js';

type Target = 'own' | 'foreign' | 'missing' | 'any';

/**
 * Page routes (paths outside /api/ and /health) that must have rows here. Empty until the pages
 * are merged: the lead adds each page route and its rows then.
 */
const WEB_ROUTES_IN_MATRIX: string[] = [];

interface Fixtures {
  w: World;
  assigned: Actor;
  other: Actor;
  inq: { own: string; foreign: string };
  assignment: { own: string; foreign: string; spare: string };
  message: { own: string; foreign: string; spare: string; requesters: string };
  attachment: { own: string; foreign: string };
  notification: { own: string; foreign: string };
  user: { own: string; foreign: string };
  org: { own: string; foreign: string };
  profile: { own: string; foreign: string };
}

interface Call {
  method: string;
  path: string;
  body?: unknown;
  file?: boolean;
  /** A token of the caller's own, for a request that ends it (logout). */
  freshToken?: boolean;
}

/** One row per route: the request, by target. Its expected statuses are in test/support/route-matrix-expected.ts. */
type Row = { targets: Target[]; call: (id: (t: Target) => string, f: Fixtures, role: Role) => Call };

const ofm: Target[] = ['own', 'foreign', 'missing'];
const any: Target[] = ['any'];
const pick = (f: { own: string; foreign: string }) => (t: Target) => (t === 'own' ? f.own : t === 'foreign' ? f.foreign : randomUUID());

export const ROWS: Record<string, Row & { ids?: (f: Fixtures) => (t: Target) => string }> = {
  'GET /health': { targets: any, call: () => ({ method: 'GET', path: '/health' }) },
  'GET /api/docs': { targets: any, call: () => ({ method: 'GET', path: '/api/docs' }) },
  'POST /api/v1/auth/login': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/auth/login', body: { email: `nobody.${randomUUID()}@example.org`, password: 'not a real password' } }) },
  'POST /api/v1/auth/accept-invitation': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/auth/accept-invitation', body: { token: 'x'.repeat(43), password: 'a long enough passphrase 42' } }) },
  'POST /api/v1/auth/logout': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/auth/logout', freshToken: true }) },
  'POST /api/v1/auth/password': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/auth/password', body: { currentPassword: 'wrong wrong wrong', newPassword: 'another long passphrase 77' } }) },
  'GET /api/v1/me': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/me' }) },
  'POST /api/v1/me/totp': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/me/totp' }) },
  'POST /api/v1/me/totp/confirm': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/me/totp/confirm', body: { code: '000000' } }) },
  'GET /api/v1/me/notification-preferences': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/me/notification-preferences' }) },
  'PUT /api/v1/me/notification-preferences': { targets: any, call: () => ({ method: 'PUT', path: '/api/v1/me/notification-preferences', body: { email: 'immediate' } }) },
  'POST /api/v1/users': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/users', body: { email: `matrix.${randomUUID()}@example.org`, name: 'Matrix', role: 'expert' } }) },
  'GET /api/v1/users': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/users' }) },
  'GET /api/v1/users/:id': { targets: ofm, ids: (f) => pick(f.user), call: (id) => ({ method: 'GET', path: `/api/v1/users/${id('own')}` }) },
  'PATCH /api/v1/users/:id': { targets: ofm, ids: (f) => pick(f.user), call: (id) => ({ method: 'PATCH', path: `/api/v1/users/${id('own')}`, body: { languages: ['en'] } }) },
  'POST /api/v1/users/:id/invitation': { targets: ofm, ids: (f) => pick(f.user), call: (id) => ({ method: 'POST', path: `/api/v1/users/${id('own')}/invitation` }) },
  'POST /api/v1/organizations': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/organizations', body: { name: 'Matrix org', country: 'XC', kind: 'other' } }) },
  'GET /api/v1/organizations': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/organizations' }) },
  'GET /api/v1/organizations/:id': { targets: ofm, ids: (f) => pick(f.org), call: (id) => ({ method: 'GET', path: `/api/v1/organizations/${id('own')}` }) },
  'GET /api/v1/topics': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/topics' }) },
  'POST /api/v1/topics': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/topics', body: { slug: 'police-custody-safeguards', group: 'matrix', label: 'Taken' } }) },
  'PATCH /api/v1/topics/:slug': {
    targets: ['own', 'missing'],
    ids: () => (t) => (t === 'own' ? 'police-custody-safeguards' : 'no-such-topic-here'),
    call: (id) => ({ method: 'PATCH', path: `/api/v1/topics/${id('own')}`, body: { retired: false } }),
  },
  'POST /api/v1/inquiries': { targets: any, call: () => ({ method: 'POST', path: '/api/v1/inquiries', body: { subject: 'Matrix filing', body: 'Matrix body', topics: ['police-custody-safeguards'], language: 'en' } }) },
  'GET /api/v1/inquiries': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/inquiries?limit=100' }) },
  'GET /api/v1/inquiries/:id': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id('own')}` }) },
  'PATCH /api/v1/inquiries/:id': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'PATCH', path: `/api/v1/inquiries/${id('own')}`, body: { version: 999, priority: 'high' } }) },
  'POST /api/v1/inquiries/:id/transitions': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'POST', path: `/api/v1/inquiries/${id('own')}/transitions`, body: { to: 'submitted' } }) },
  'POST /api/v1/inquiries/:id/participants': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    call: (id, f) => ({ method: 'POST', path: `/api/v1/inquiries/${id('own')}/participants`, body: { userId: f.w.secretariat.id } }),
  },
  'GET /api/v1/inquiries/:id/audit': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id('own')}/audit` }) },
  'GET /api/v1/inquiries/:id/expert-suggestions': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id('own')}/expert-suggestions` }) },
  'POST /api/v1/inquiries/:id/assignments': {
    targets: ofm,
    ids: (f) => pick(f.inq),
    // The expert is already on both inquiries: allowed callers get a conflict, nothing changes.
    call: (id, f) => ({ method: 'POST', path: `/api/v1/inquiries/${id('own')}/assignments`, body: { expertId: id('own') === f.inq.own ? f.assigned.id : f.other.id, role: 'lead' } }),
  },
  'GET /api/v1/inquiries/:id/messages': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id('own')}/messages` }) },
  'POST /api/v1/inquiries/:id/messages': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'POST', path: `/api/v1/inquiries/${id('own')}/messages`, body: { body: 'Matrix message' } }) },
  'POST /api/v1/inquiries/:id/attachments': { targets: ofm, ids: (f) => pick(f.inq), call: (id) => ({ method: 'POST', path: `/api/v1/inquiries/${id('own')}/attachments`, file: true }) },
  'GET /api/v1/attachments/:id': { targets: ofm, ids: (f) => pick(f.attachment), call: (id) => ({ method: 'GET', path: `/api/v1/attachments/${id('own')}` }) },
  'POST /api/v1/messages/:id/attachments': {
    targets: ofm,
    ids: (f) => (t) => (t === 'own' ? f.message.requesters : t === 'foreign' ? f.message.foreign : randomUUID()),
    call: (id) => ({ method: 'POST', path: `/api/v1/messages/${id('own')}/attachments`, file: true }),
  },
  'POST /api/v1/messages/:id/clear': { targets: ofm, ids: (f) => pick(f.message), call: (id) => ({ method: 'POST', path: `/api/v1/messages/${id('own')}/clear` }) },
  'POST /api/v1/messages/:id/return': {
    targets: ofm,
    ids: (f) => (t) => (t === 'own' ? f.message.spare : t === 'foreign' ? f.message.foreign : randomUUID()),
    call: (id) => ({ method: 'POST', path: `/api/v1/messages/${id('own')}/return`, body: { reason: 'Please shorten' } }),
  },
  'GET /api/v1/experts/:userId/profile': { targets: ofm, ids: (f) => pick(f.profile), call: (id) => ({ method: 'GET', path: `/api/v1/experts/${id('own')}/profile` }) },
  'PUT /api/v1/experts/:userId/profile': {
    targets: ofm,
    ids: (f) => pick(f.profile),
    call: (id) => ({
      method: 'PUT',
      path: `/api/v1/experts/${id('own')}/profile`,
      body: { topics: ['police-custody-safeguards'], languages: ['en'], regions: [], conflictCountries: [], maxActive: 5, available: true },
    }),
  },
  'GET /api/v1/assignments': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/assignments' }) },
  'POST /api/v1/assignments/:id/accept': { targets: ofm, ids: (f) => pick(f.assignment), call: (id) => ({ method: 'POST', path: `/api/v1/assignments/${id('own')}/accept`, body: { noConflict: true } }) },
  'POST /api/v1/assignments/:id/decline': {
    targets: ofm,
    ids: (f) => pick(f.assignment),
    call: (id) => ({ method: 'POST', path: `/api/v1/assignments/${id('own')}/decline`, body: { reason: 'Matrix' } }),
  },
  'GET /api/v1/notifications': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/notifications' }) },
  'GET /api/v1/notifications/failed': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/notifications/failed' }) },
  'POST /api/v1/notifications/failed/:id/retry': { targets: ['missing'], call: () => ({ method: 'POST', path: `/api/v1/notifications/failed/${randomUUID()}/retry` }) },
  'POST /api/v1/notifications/:id/read': { targets: ofm, ids: (f) => pick(f.notification), call: (id) => ({ method: 'POST', path: `/api/v1/notifications/${id('own')}/read` }) },
  'GET /api/v1/audit': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/audit?limit=100' }) },
  'GET /api/v1/audit/verify': { targets: any, call: () => ({ method: 'GET', path: '/api/v1/audit/verify' }) },
  // Last: these change who holds what.
  'POST /api/v1/assignments/:id/complete': { targets: ofm, ids: (f) => pick(f.assignment), call: (id) => ({ method: 'POST', path: `/api/v1/assignments/${id('own')}/complete` }) },
  'DELETE /api/v1/assignments/:id': {
    targets: ofm,
    ids: (f) => (t) => (t === 'own' ? f.assignment.spare : t === 'foreign' ? f.assignment.foreign : randomUUID()),
    call: (id) => ({ method: 'DELETE', path: `/api/v1/assignments/${id('own')}` }),
  },
};

/** What each role must never read, whatever the route. */
const NEVER: Record<Role, string[]> = {
  anon: ['MARKER'],
  requester: ['MARKER-B', 'INTERNAL-MARKER', 'PENDING-MARKER'],
  colleague: ['MARKER'],
  foreigner: ['MARKER-A', 'INTERNAL-MARKER'],
  expert: ['MARKER'],
  assigned: ['MARKER-B'],
  secretariat: [],
};

/** What must be there: (route, role, target) → markers. */
const MUST: Record<string, Partial<Record<Role, Partial<Record<Target, string[]>>>>> = {
  'GET /api/v1/inquiries/:id': {
    requester: { own: ['MARKER-A'] },
    foreigner: { foreign: ['MARKER-B'] },
    assigned: { own: ['MARKER-A'] },
    secretariat: { own: ['MARKER-A'], foreign: ['MARKER-B'] },
  },
  'GET /api/v1/inquiries/:id/messages': {
    requester: { own: ['MARKER-A-REQUESTER'] },
    assigned: { own: ['INTERNAL-MARKER', 'PENDING-MARKER'] },
    secretariat: { own: ['INTERNAL-MARKER', 'PENDING-MARKER'], foreign: ['MARKER-B'] },
  },
  'GET /api/v1/attachments/:id': { requester: { own: ['MARKER-A-FILE'] }, assigned: { own: ['MARKER-A-FILE'] }, secretariat: { own: ['MARKER-A-FILE'], foreign: ['MARKER-B-FILE'] } },
  'GET /api/v1/inquiries': { requester: { any: ['MARKER-A'] }, foreigner: { any: ['MARKER-B'] }, assigned: { any: ['MARKER-A'] }, secretariat: { any: ['MARKER-A', 'MARKER-B'] } },
};

describe('the complete access matrix: every route, every role, own / foreign / missing', () => {
  let t: TestApp;
  let f: Fixtures;
  const tokens = {} as Record<Role, string | undefined>;
  const passwords = {} as Record<Role, { email: string; password: string } | undefined>;

  beforeAll(async () => {
    t = await startApp();
    const w = await buildWorld(t);
    const [assigned, other] = [await createUser(t, w.admin, { role: 'expert' }), await createUser(t, w.admin, { role: 'expert' })];
    const own = (await fileInquiry(t, w.requester.token, { subject: 'MARKER-A subject', body: 'MARKER-A body' })).id as string;
    const foreign = (await fileInquiry(t, w.foreigner.token, { subject: 'MARKER-B subject', body: 'MARKER-B body' })).id as string;
    const s = w.secretariat.token;
    for (const id of [own, foreign]) await t.http.post(`/api/v1/inquiries/${id}/transitions`, { to: 'triaged' }, s);
    const aOwn = (await t.http.post(`/api/v1/inquiries/${own}/assignments`, { expertId: assigned.id, role: 'lead' }, s)).body.id;
    await t.http.post(`/api/v1/assignments/${aOwn}/accept`, { noConflict: true }, assigned.token);
    const aForeign = (await t.http.post(`/api/v1/inquiries/${foreign}/assignments`, { expertId: other.id, role: 'lead' }, s)).body.id;
    const aSpare = (await t.http.post(`/api/v1/inquiries/${own}/assignments`, { expertId: other.id, role: 'reviewer' }, s)).body.id;
    const post = async (inq: string, token: string, body: string, visibility = 'shared') =>
      (await t.http.post(`/api/v1/inquiries/${inq}/messages`, { body, visibility }, token)).body.id as string;
    await post(own, assigned.token, 'INTERNAL-MARKER reasoning', 'internal');
    const pending = await post(own, assigned.token, 'PENDING-MARKER advice');
    const spare = await post(own, assigned.token, 'PENDING-MARKER second draft');
    const requesters = await post(own, w.requester.token, 'MARKER-A-REQUESTER reply');
    const mForeign = await post(foreign, s, 'MARKER-B secretariat note');
    const attOwn = (await upload(t.http, `/api/v1/inquiries/${own}/attachments`, w.requester.token, { name: 'a.pdf', bytes: pdfBytes('MARKER-A-FILE') })).body.id;
    const attForeign = (await upload(t.http, `/api/v1/inquiries/${foreign}/attachments`, w.foreigner.token, { name: 'b.pdf', bytes: pdfBytes('MARKER-B-FILE') })).body.id;
    await t.notify();
    const firstNotification = async (token: string) => (await t.http.get('/api/v1/notifications', token)).body.items[0].id as string;
    f = {
      w,
      assigned,
      other,
      inq: { own, foreign },
      assignment: { own: aOwn, foreign: aForeign, spare: aSpare },
      message: { own: pending, foreign: mForeign, spare, requesters },
      attachment: { own: attOwn, foreign: attForeign },
      notification: { own: await firstNotification(w.requester.token), foreign: await firstNotification(w.foreigner.token) },
      user: { own: w.requester.id, foreign: w.foreigner.id },
      org: { own: w.orgA, foreign: w.orgB },
      profile: { own: assigned.id, foreign: other.id },
    };
    const actors: Record<Exclude<Role, 'anon'>, Actor & { password?: string }> = {
      requester: w.requester,
      colleague: w.colleague,
      foreigner: w.foreigner,
      expert: w.expert,
      assigned,
      secretariat: w.secretariat,
    };
    for (const [role, actor] of Object.entries(actors) as [Exclude<Role, 'anon'>, Actor & { password?: string }][]) {
      tokens[role] = actor.token;
      passwords[role] = actor.password ? { email: actor.email, password: actor.password } : undefined;
    }
  });
  afterAll(() => t.close());

  it('has a row for every route the application declares, and no row for a route it does not', () => {
    const declared = declaredRoutes(t.app);
    const required = declared.filter((r) => {
      const path = r.split(' ')[1];
      return path.startsWith('/api/') || path.startsWith('/health') || WEB_ROUTES_IN_MATRIX.includes(r);
    });
    expect(required.filter((r) => !(r in ROWS))).toEqual([]);
    expect(Object.keys(ROWS).filter((r) => !declared.includes(r))).toEqual([]);
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(ROWS).sort());
    // Every declared route is really served by Fastify under that method and path.
    const fastify = t.app.getHttpAdapter().getInstance();
    expect(declared.filter((r) => !fastify.hasRoute({ method: r.split(' ')[0] as 'GET', url: r.split(' ')[1] }))).toEqual([]);
  });

  const send = async (call: Call, role: Role): Promise<HttpResult> => {
    let token = tokens[role];
    if (call.freshToken && role !== 'anon') {
      const p = passwords[role]!;
      token = (await t.http.post('/api/v1/auth/login', p)).body.token;
    }
    if (call.file) {
      if (!token) return t.http.request('POST', call.path, { raw: 'x', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
      return upload(t.http, call.path, token, { name: 'matrix.pdf', bytes: pdfBytes('matrix') });
    }
    return t.http.request(call.method, call.path, { token, body: call.body });
  };

  const observed: Record<string, Record<string, string>> = {};
  afterAll(() => {
    if (process.env.MATRIX_RECORD) process.stdout.write(JSON.stringify(observed, null, 1) + '\n');
  });

  for (const [route, row] of Object.entries(ROWS)) {
    it(`${route}: ${ROLES.map((r) => `${r} ${EXPECTED[route]?.[r] ?? '?'}`).join(', ')}`, async () => {
      const got: Record<string, string> = {};
      for (const role of ROLES) {
        const results: Partial<Record<Target, HttpResult>> = {};
        for (const target of row.targets) {
          const ids = row.ids ? row.ids(f) : () => randomUUID();
          const fixed = ids(target);
          results[target] = await send(row.call(() => fixed, f, role), role);
        }
        got[role] = row.targets.map((tg) => results[tg]!.status).join('/');
        for (const [target, res] of Object.entries(results) as [Target, HttpResult][]) {
          const where = `${route} as ${role} on ${target}`;
          if (res.status >= 300) expect([where, res.text.includes('MARKER')]).toEqual([where, false]);
          for (const marker of NEVER[role]) expect([where, res.text.includes(marker)]).toEqual([where, false]);
          if (target === 'own') expect([where, res.text.includes('MARKER-B')]).toEqual([where, false]);
          if (target === 'foreign') expect([where, /MARKER-A|INTERNAL-MARKER|PENDING-MARKER/.test(res.text)]).toEqual([where, false]);
          for (const marker of MUST[route]?.[role]?.[target] ?? []) expect([where, marker, res.text.includes(marker)]).toEqual([where, marker, true]);
          // Hidden answers exactly like missing.
          if (res.status === 404 && results.missing?.status === 404) expect([where, res.text]).toEqual([where, results.missing.text]);
          expect([where, res.status < 500]).toEqual([where, true]);
        }
      }
      observed[route] = got;
      if (!process.env.MATRIX_RECORD) expect(got).toEqual(EXPECTED[route]);
    });
  }
});
