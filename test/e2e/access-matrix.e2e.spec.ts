import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { startApp, type TestApp } from '../support/app.js';
import { createUser } from '../support/actors.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';

type Role = 'requester' | 'colleague' | 'foreigner' | 'expert' | 'proposedExpert' | 'acceptedExpert' | 'formerExpert' | 'secretariat';
type Target = 'own' | 'foreign' | 'missing';

interface Row {
  name: string;
  request: (id: string) => { method: string; path: string; body?: unknown };
  /** Expected status per role, for the inquiry of org A ("own" for its requester), org B's, and a missing id. */
  expect: Record<Role, [number, number, number]>;
}

/**
 * Every inquiry endpoint as every role, against org A's inquiry, org B's inquiry and a missing id.
 * The requests are chosen so that none of them changes anything (refused moves, stale versions),
 * so that each cell is independent of the others.
 */
const ROWS: Row[] = [
  {
    name: 'GET /inquiries/:id',
    request: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id}` }),
    expect: {
      requester: [200, 404, 404],
      colleague: [404, 404, 404],
      foreigner: [404, 200, 404],
      expert: [404, 404, 404],
      proposedExpert: [200, 404, 404],
      acceptedExpert: [200, 404, 404],
      formerExpert: [404, 404, 404],
      secretariat: [200, 200, 404],
    },
  },
  {
    name: 'PATCH /inquiries/:id',
    request: (id) => ({ method: 'PATCH', path: `/api/v1/inquiries/${id}`, body: { version: 999, priority: 'high' } }),
    expect: {
      requester: [403, 403, 403],
      colleague: [403, 403, 403],
      foreigner: [403, 403, 403],
      expert: [403, 403, 403],
      proposedExpert: [403, 403, 403],
      acceptedExpert: [403, 403, 403],
      formerExpert: [403, 403, 403],
      secretariat: [409, 409, 404],
    },
  },
  {
    name: 'POST /inquiries/:id/transitions',
    request: (id) => ({ method: 'POST', path: `/api/v1/inquiries/${id}/transitions`, body: { to: 'answered' } }),
    expect: {
      requester: [409, 404, 404],
      colleague: [404, 404, 404],
      foreigner: [404, 409, 404],
      expert: [404, 404, 404],
      proposedExpert: [403, 404, 404],
      acceptedExpert: [409, 404, 404],
      formerExpert: [404, 404, 404],
      secretariat: [409, 409, 404],
    },
  },
  {
    name: 'POST /inquiries/:id/participants',
    request: (id) => ({ method: 'POST', path: `/api/v1/inquiries/${id}/participants`, body: { userId: FOREIGNER_ID } }),
    expect: {
      requester: [409, 404, 404],
      colleague: [404, 404, 404],
      foreigner: [404, 409, 404],
      expert: [403, 403, 403],
      proposedExpert: [403, 403, 403],
      acceptedExpert: [403, 403, 403],
      formerExpert: [403, 403, 403],
      secretariat: [409, 409, 404],
    },
  },
  {
    name: 'GET /inquiries/:id/audit',
    request: (id) => ({ method: 'GET', path: `/api/v1/inquiries/${id}/audit` }),
    expect: {
      requester: [403, 403, 403],
      colleague: [403, 403, 403],
      foreigner: [403, 403, 403],
      expert: [403, 403, 403],
      proposedExpert: [403, 403, 403],
      acceptedExpert: [403, 403, 403],
      formerExpert: [403, 403, 403],
      secretariat: [200, 200, 404],
    },
  },
];

let FOREIGNER_ID = '';

describe('access matrix: every inquiry endpoint, every role, own / foreign / missing', () => {
  let t: TestApp;
  let w: World;
  const ids: Record<Target, string> = { own: '', foreign: '', missing: randomUUID() };
  const experts: Partial<Record<Role, Actor>> = {};
  const tokenOf = (role: Role) => (experts[role] ?? (w[role as keyof World] as Actor)).token;

  beforeAll(async () => {
    t = await startApp();
    w = await buildWorld(t);
    FOREIGNER_ID = w.foreigner.id;
    ids.own = (await fileInquiry(t, w.requester.token, { subject: 'MARKER-A subject' })).id;
    ids.foreign = (await fileInquiry(t, w.foreigner.token, { subject: 'MARKER-B subject' })).id;
    // Three more experts on org A's inquiry: one proposed, one accepted, one accepted then withdrawn.
    for (const role of ['proposedExpert', 'acceptedExpert', 'formerExpert'] as const) {
      const expert = await createUser(t, w.admin, { role: 'expert' });
      experts[role] = expert;
      const a = await t.http.post(`/api/v1/inquiries/${ids.own}/assignments`, { expertId: expert.id, role: 'reviewer' }, w.secretariat.token);
      if (role !== 'proposedExpert') await t.http.post(`/api/v1/assignments/${a.body.id}/accept`, { noConflict: true }, expert.token);
      if (role === 'formerExpert') await t.http.delete(`/api/v1/assignments/${a.body.id}`, w.secretariat.token);
    }
  });
  afterAll(() => t.close());

  const roles: Role[] = ['requester', 'colleague', 'foreigner', 'expert', 'proposedExpert', 'acceptedExpert', 'formerExpert', 'secretariat'];
  const targets: Target[] = ['own', 'foreign', 'missing'];

  for (const row of ROWS) {
    for (const role of roles) {
      it(`${row.name} as ${role} → ${row.expect[role].join(' / ')}`, async () => {
        const token = tokenOf(role);
        const results = [];
        for (const target of targets) {
          const r = row.request(ids[target]);
          results.push(await t.http.request(r.method, r.path, { token, body: r.body }));
        }
        expect(results.map((r) => r.status)).toEqual(row.expect[role]);
        // A hidden inquiry answers byte for byte like a missing one.
        for (const r of results) if (r.status === 404) expect(r.text).toBe(results[2].text);
        if (results[0].status === 404 || role === 'proposedExpert') expect(results[0].text).not.toContain('MARKER');
        if (results[1].status === 404) expect(results[1].text).not.toContain('MARKER');
      });
    }
  }

  it('lists and counts only what each role may see', async () => {
    const seen = async (role: Role) => {
      const res = await t.http.get('/api/v1/inquiries?limit=100', tokenOf(role));
      return { ids: res.body.items.map((i: { id: string }) => i.id), total: res.body.total, text: res.text };
    };
    const requester = await seen('requester');
    expect(requester.ids).toEqual([ids.own]);
    expect(requester.total).toBe(1);
    const foreigner = await seen('foreigner');
    expect(foreigner.ids).toEqual([ids.foreign]);
    expect(foreigner.text).not.toContain('MARKER-A');
    expect((await seen('colleague')).total).toBe(0);
    expect((await seen('expert')).total).toBe(0);
    expect((await seen('formerExpert')).total).toBe(0);
    const proposed = await seen('proposedExpert');
    expect(proposed.ids).toEqual([ids.own]);
    expect(proposed.text).not.toContain('MARKER');
    const accepted = await seen('acceptedExpert');
    expect(accepted.ids).toEqual([ids.own]);
    expect(accepted.text).toContain('MARKER-A');
    const secretariat = await seen('secretariat');
    expect(secretariat.ids).toEqual(expect.arrayContaining([ids.own, ids.foreign]));
    const filtered = await t.http.get('/api/v1/inquiries?q=MARKER', w.foreigner.token);
    expect(filtered.body.total).toBe(1);
  });

  it('asks for a sign-in before anything else', async () => {
    for (const row of ROWS) {
      const r = row.request(ids.own);
      expect((await t.http.request(r.method, r.path, { body: r.body })).status).toBe(401);
    }
    expect((await t.http.get('/api/v1/inquiries')).status).toBe(401);
  });
});
