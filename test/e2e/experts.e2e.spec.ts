import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { startApp, type TestApp } from '../support/app.js';
import { createUser } from '../support/actors.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';

const profile = (over: Record<string, unknown> = {}) => ({
  topics: [],
  languages: ['en'],
  regions: [],
  conflictCountries: [],
  maxActive: 3,
  available: true,
  ...over,
});

describe('experts and assignments', () => {
  let t: TestApp;
  let w: World;
  let fitting: Actor;
  let conflicted: Actor;

  beforeAll(async () => {
    t = await startApp();
    w = await buildWorld(t);
    fitting = await createUser(t, w.admin, { role: 'expert' });
    conflicted = await createUser(t, w.admin, { role: 'expert' });
    const put = (e: Actor, body: unknown, token = w.secretariat.token) => t.http.put(`/api/v1/experts/${e.id}/profile`, body, token);
    expect((await put(fitting, profile({ topics: ['police-custody-safeguards'], languages: ['en', 'fr'], regions: ['africa'] }), fitting.token)).status).toBe(200);
    expect((await put(conflicted, profile({ topics: ['police-custody-safeguards'], languages: ['en', 'fr'], regions: ['africa'], conflictCountries: ['XA'] }))).status).toBe(200);
    expect((await put(w.expert, profile({ topics: ['cat-reporting'] }))).status).toBe(200);
  });
  afterAll(() => t.close());

  it('runs the scenario: conflict ranked last and refused, fitting first, summary until accepted, 404 after withdrawal', async () => {
    const inquiry = await fileInquiry(t, w.requester.token, { subject: 'SECRET-SUBJECT about custody', body: 'SECRET-BODY', topics: ['police-custody-safeguards'] });
    await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'triaged' }, w.secretariat.token);

    const suggestions = await t.http.get(`/api/v1/inquiries/${inquiry.id}/expert-suggestions`, w.secretariat.token);
    expect(suggestions.status).toBe(200);
    const ids = suggestions.body.map((s: { expert: { id: string } }) => s.expert.id);
    expect(ids[0]).toBe(fitting.id);
    expect(ids[ids.length - 1]).toBe(conflicted.id);
    expect(ids).toContain(w.expert.id);
    const last = suggestions.body[suggestions.body.length - 1];
    expect(last.conflicts).toContain('conflict of interest with XA');
    expect(suggestions.body[0].reasons).toContain('primary topic: police-custody-safeguards');

    const refused = await t.http.post(`/api/v1/inquiries/${inquiry.id}/assignments`, { expertId: conflicted.id, role: 'reviewer' }, w.secretariat.token);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/conflict of interest/);
    const overridden = await t.http.post(
      `/api/v1/inquiries/${inquiry.id}/assignments`,
      { expertId: conflicted.id, role: 'reviewer', overrideConflict: { reason: 'only expert on this law' } },
      w.secretariat.token,
    );
    expect(overridden.status).toBe(201);
    const audit = await t.http.get(`/api/v1/audit?inquiryId=${inquiry.id}&action=assignment.proposed`, w.secretariat.token);
    // The override is on record; its reason, free text about the case, is sealed (never readable over the audit API).
    expect(audit.body.items[0].details.conflictOverride).toBe(true);
    expect(typeof audit.body.items[0].details.conflictOverrideReasonSealed).toBe('string');
    expect(audit.text).not.toContain('only expert on this law');

    const proposed = await t.http.post(`/api/v1/inquiries/${inquiry.id}/assignments`, { expertId: fitting.id, role: 'lead', dueAt: '2027-03-01' }, w.secretariat.token);
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ inquiryId: inquiry.id, expertId: fitting.id, role: 'lead', status: 'proposed', dueAt: '2027-03-01T00:00:00.000Z' });

    const summary = await t.http.get(`/api/v1/inquiries/${inquiry.id}`, fitting.token);
    expect(summary.status).toBe(200);
    expect(Object.keys(summary.body).sort()).toEqual(['country', 'dueAt', 'id', 'language', 'purgedAt', 'reference', 'status', 'topics', 'urgency', 'view', 'viewerCan'].sort());
    expect(summary.text).not.toContain('SECRET');
    const listed = await t.http.get('/api/v1/inquiries', fitting.token);
    expect(listed.body.total).toBe(1);
    expect(listed.text).not.toContain('SECRET');

    expect((await t.http.post(`/api/v1/assignments/${proposed.body.id}/accept`, {}, fitting.token)).status).toBe(400);
    expect((await t.http.post(`/api/v1/assignments/${proposed.body.id}/accept`, { noConflict: false }, fitting.token)).status).toBe(400);
    expect((await t.http.post(`/api/v1/assignments/${proposed.body.id}/accept`, { noConflict: true }, w.expert.token)).status).toBe(404);
    const accepted = await t.http.post(`/api/v1/assignments/${proposed.body.id}/accept`, { noConflict: true }, fitting.token);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect((await t.http.post(`/api/v1/assignments/${proposed.body.id}/accept`, { noConflict: true }, fitting.token)).status).toBe(409);

    const full = await t.http.get(`/api/v1/inquiries/${inquiry.id}`, fitting.token);
    expect(full.body).toMatchObject({ view: 'full', subject: 'SECRET-SUBJECT about custody', body: 'SECRET-BODY', status: 'in-progress' });
    expect((await t.http.get('/api/v1/inquiries?assignedTo=me', fitting.token)).body.items[0].subject).toBe('SECRET-SUBJECT about custody');

    const withdrawn = await t.http.delete(`/api/v1/assignments/${proposed.body.id}`, w.secretariat.token);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await t.http.get(`/api/v1/inquiries/${inquiry.id}`, fitting.token)).status).toBe(404);
    expect((await t.http.get('/api/v1/inquiries', fitting.token)).body.total).toBe(0);
  });

  it("moves to in-progress only on the first acceptance, lets an accepted expert move the work, and ends a declined one's access", async () => {
    const inquiry = await fileInquiry(t, w.requester.token, { topics: ['cat-reporting'] });
    await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'triaged' }, w.secretariat.token);
    const a = (await t.http.post(`/api/v1/inquiries/${inquiry.id}/assignments`, { expertId: w.expert.id, role: 'lead' }, w.secretariat.token)).body;
    const b = (await t.http.post(`/api/v1/inquiries/${inquiry.id}/assignments`, { expertId: fitting.id, role: 'reviewer' }, w.secretariat.token)).body;
    expect((await t.http.post(`/api/v1/inquiries/${inquiry.id}/assignments`, { expertId: fitting.id, role: 'lead' }, w.secretariat.token)).status).toBe(409);
    // A proposed expert cannot move the inquiry.
    expect((await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'answered' }, w.expert.token)).status).toBe(403);
    expect((await t.http.post(`/api/v1/assignments/${a.id}/accept`, { noConflict: true }, w.expert.token)).status).toBe(200);
    expect((await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.secretariat.token)).body.status).toBe('in-progress');
    const declined = await t.http.post(`/api/v1/assignments/${b.id}/decline`, { reason: 'travelling' }, fitting.token);
    expect(declined.body.status).toBe('declined');
    expect((await t.http.get(`/api/v1/inquiries/${inquiry.id}`, fitting.token)).status).toBe(404);
    const reasons = await t.http.get(`/api/v1/assignments?inquiryId=${inquiry.id}`, w.secretariat.token);
    expect(reasons.body.items.find((x: { id: string }) => x.id === b.id).declineReason).toBe('travelling');
    const moved = await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'awaiting-requester' }, w.expert.token);
    expect(moved.status).toBe(200);
    expect((await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'closed', outcome: 'duplicate', reason: 'x' }, w.expert.token)).status).toBe(409);
    expect((await t.http.post(`/api/v1/assignments/${a.id}/complete`, {}, w.expert.token)).body.status).toBe('completed');
    expect((await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.expert.token)).body.view).toBe('full');
    const mine = await t.http.get('/api/v1/assignments?status=completed', w.expert.token);
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(a.id);
    expect(mine.body.items.every((x: { expertId: string }) => x.expertId === w.expert.id)).toBe(true);
    const events = await t.http.get(`/api/v1/audit?inquiryId=${inquiry.id}`, w.secretariat.token);
    const actions = events.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['assignment.proposed', 'assignment.accepted', 'assignment.declined', 'assignment.completed']));
  });

  it('refuses bad input with a clear 4xx and changes nothing', async () => {
    const inquiry = await fileInquiry(t, w.requester.token);
    const url = `/api/v1/inquiries/${inquiry.id}/assignments`;
    const propose = async (body: unknown) => (await t.http.post(url, body, w.secretariat.token)).status;
    expect(await propose({ expertId: randomUUID(), role: 'lead' })).toBe(400);
    expect(await propose({ expertId: w.requester.id, role: 'lead' })).toBe(400);
    expect(await propose({ expertId: w.expert.id, role: 'boss' })).toBe(400);
    expect(await propose({ expertId: w.expert.id, role: 'lead', dueAt: 'soon' })).toBe(400);
    expect(await propose({ expertId: w.expert.id, role: 'lead', overrideConflict: { reason: '' } })).toBe(400);
    expect(await propose({ expertId: w.expert.id, role: 'lead', status: 'accepted' })).toBe(400);
    expect((await t.http.post(url, { expertId: w.expert.id, role: 'lead' }, w.requester.token)).status).toBe(403);
    expect((await t.http.get(`/api/v1/assignments?inquiryId=${inquiry.id}`, w.secretariat.token)).body.total).toBe(0);

    const put = async (body: unknown, who = w.expert) => (await t.http.put(`/api/v1/experts/${who.id}/profile`, body, w.secretariat.token)).status;
    expect(await put(profile({ maxActive: -1 }))).toBe(400);
    expect(await put(profile({ topics: ['no-such-topic'] }))).toBe(400);
    expect(await put(profile({ conflictCountries: ['ZZ'] }))).toBe(400);
    expect(await put(profile({ regions: ['atlantis'] }))).toBe(400);
    expect(await put(profile({ languages: ['de'] }))).toBe(400);
    expect(await put(profile(), w.requester as Actor)).toBe(404);
    expect((await t.http.put(`/api/v1/experts/${randomUUID()}/profile`, profile(), w.secretariat.token)).status).toBe(404);
    expect((await t.http.put(`/api/v1/experts/${fitting.id}/profile`, profile(), w.expert.token)).status).toBe(403);
    expect((await t.http.get(`/api/v1/experts/${w.expert.id}/profile`, w.expert.token)).body.topics).toEqual(['cat-reporting']);

    const a = (await t.http.post(url, { expertId: w.expert.id, role: 'lead' }, w.secretariat.token)).body;
    expect((await t.http.post(`/api/v1/assignments/${a.id}/decline`, {}, w.expert.token)).status).toBe(400);
    expect((await t.http.post(`/api/v1/assignments/${a.id}/complete`, {}, w.expert.token)).status).toBe(409);
    expect((await t.http.post(`/api/v1/assignments/${randomUUID()}/accept`, { noConflict: true }, w.expert.token)).status).toBe(404);
    expect((await t.http.post(`/api/v1/assignments/${a.id}/accept`, { noConflict: true }, w.secretariat.token)).status).toBe(403);
    expect((await t.http.post(`/api/v1/assignments/${a.id}/accept`, { noConflict: true }, w.requester.token)).status).toBe(403);
    expect((await t.http.delete(`/api/v1/assignments/${a.id}`, w.expert.token)).status).toBe(403);
    expect((await t.http.get(`/api/v1/assignments?inquiryId=${inquiry.id}`, w.secretariat.token)).body.items[0].status).toBe('proposed');
  });
});
