import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createOrganization, createUser } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';

/**
 * Case E3: the Ministry of Justice and the Permanent Mission of one State send near-identical
 * questions. Triage suggests the one for the other; the secretariat links them as duplicates (same
 * State only), or as related across States; links are seen by the secretariat and by experts who
 * see both sides in full.
 */
describe('links between inquiries: related, duplicate of the same State, suggested at triage', () => {
  let t: TestApp;
  let w: World;
  let mission: Actor;
  let expert: Actor;
  const inq = {} as Record<'ministry' | 'mission' | 'foreign' | 'other' | 'third', string>;
  const s = () => w.secretariat.token;
  const link = (from: string, to: string, kind: string, reason = 'Same question') => t.http.post(`/api/v1/inquiries/${from}/links`, { inquiryId: to, kind, reason }, s());
  const count = async (id: string) => (await t.http.get(`/api/v1/inquiries/${id}/links`, s())).body.length as number;

  beforeAll(async () => {
    t = await startApp();
    w = await buildWorld(t);
    const missionOrg = await createOrganization(t, w.admin, 'XA');
    mission = await createUser(t, w.admin, { role: 'requester', organizationId: missionOrg.id });
    expert = await createUser(t, w.admin, { role: 'expert' });
    const q = { subject: 'Criminalising torture as a separate offence', topics: ['legislation-definition-criminalisation'] };
    inq.ministry = (await fileInquiry(t, w.requester.token, q)).id;
    inq.mission = (await fileInquiry(t, mission.token, { ...q, subject: 'Torture as a separate offence in the criminal code' })).id;
    inq.foreign = (await fileInquiry(t, w.foreigner.token, q)).id;
    inq.other = (await fileInquiry(t, w.requester.token, { subject: 'Prison visits by the preventive mechanism', topics: ['opcat-npm'] })).id;
    inq.third = (await fileInquiry(t, mission.token, q)).id;
  });
  afterAll(() => t.close());

  it('suggests at triage the inquiries of the same State with topics or subject words in common, never another State', async () => {
    const res = await t.http.get(`/api/v1/inquiries/${inq.ministry}/link-suggestions`, s());
    expect(res.status).toBe(200);
    const ids = res.body.map((x: { inquiryId: string }) => x.inquiryId);
    expect(ids).toEqual(expect.arrayContaining([inq.mission, inq.third]));
    expect(ids).not.toContain(inq.foreign);
    expect(ids).not.toContain(inq.other);
    expect(ids).not.toContain(inq.ministry);
    expect(res.body.find((x: { inquiryId: string }) => x.inquiryId === inq.mission)).toMatchObject({ topics: 1 });
    expect(res.body.find((x: { inquiryId: string }) => x.inquiryId === inq.mission).words).toBeGreaterThanOrEqual(3);
    expect((await t.http.get(`/api/v1/inquiries/${inq.ministry}/link-suggestions`, w.requester.token)).status).toBe(403);
  });

  it('links a duplicate of the same State and a related inquiry of another; refuses a duplicate across States, itself, twice, a chain', async () => {
    const dup = await link(inq.mission, inq.ministry, 'duplicate', 'The permanent mission asks what the ministry asked');
    expect(dup.status).toBe(201);
    expect(dup.body).toMatchObject({ inquiryId: inq.mission, linkedInquiryId: inq.ministry, kind: 'duplicate', reason: 'The permanent mission asks what the ministry asked' });
    expect((await link(inq.foreign, inq.ministry, 'duplicate')).status).toBe(409);
    expect((await link(inq.ministry, inq.ministry, 'related')).status).toBe(400);
    expect((await link(inq.ministry, inq.mission, 'related')).status).toBe(409); // linked already, from the other side
    expect((await link(inq.ministry, inq.mission, 'duplicate')).status).toBe(409); // a loop
    expect((await link(inq.third, inq.mission, 'duplicate')).status).toBe(409); // the primary is itself a duplicate
    expect((await link(inq.ministry, inq.third, 'duplicate')).status).toBe(409); // the ministry's is a primary already
    expect((await link(inq.ministry, randomUUID(), 'related')).status).toBe(404);
    expect((await link(inq.ministry, inq.foreign, 'related', 'The same law reform in two States')).status).toBe(201);
    expect(await count(inq.ministry)).toBe(2);
    expect(await count(inq.mission)).toBe(1);
    expect(await count(inq.foreign)).toBe(1);
    expect(await count(inq.third)).toBe(0);
    // On record on both sides.
    const audit = await t.http.get(`/api/v1/audit?inquiryId=${inq.ministry}&action=inquiry.linked`, s());
    expect(audit.body.total).toBe(2);
  });

  it('shows links to the secretariat, and to an accepted expert only those whose other side it sees in full; never to requesters', async () => {
    expect((await t.http.get(`/api/v1/inquiries/${inq.ministry}/links`, w.requester.token)).status).toBe(403);
    expect((await t.http.get(`/api/v1/inquiries/${inq.mission}/links`, w.foreigner.token)).status).toBe(403);
    expect((await t.http.get(`/api/v1/inquiries/${inq.ministry}/links`, expert.token)).status).toBe(404);
    const assign = async (id: string) => {
      await t.http.post(`/api/v1/inquiries/${id}/transitions`, { to: 'triaged' }, s());
      const a = await t.http.post(`/api/v1/inquiries/${id}/assignments`, { expertId: expert.id, role: 'lead' }, s());
      return a.body.id as string;
    };
    const onMinistry = await assign(inq.ministry);
    // Proposed only: a summary of the inquiry, no links.
    expect((await t.http.get(`/api/v1/inquiries/${inq.ministry}/links`, expert.token)).status).toBe(403);
    await t.http.post(`/api/v1/assignments/${onMinistry}/accept`, { noConflict: true }, expert.token);
    expect((await t.http.get(`/api/v1/inquiries/${inq.ministry}/links`, expert.token)).body).toEqual([]);
    const onMission = await assign(inq.mission);
    await t.http.post(`/api/v1/assignments/${onMission}/accept`, { noConflict: true }, expert.token);
    const seen = await t.http.get(`/api/v1/inquiries/${inq.ministry}/links`, expert.token);
    expect(seen.body.map((l: { kind: string }) => l.kind)).toEqual(['duplicate']);
    expect(JSON.stringify(seen.body)).not.toContain(inq.foreign);
  });

  it('refuses bad input with 400 and stores nothing', async () => {
    const before = await count(inq.other);
    for (const body of [
      { inquiryId: inq.ministry, kind: 'same', reason: 'r' },
      { inquiryId: 'x', kind: 'related', reason: 'r' },
      { inquiryId: inq.ministry, kind: 'related' },
      { inquiryId: inq.ministry, kind: 'related', reason: ' ' },
      { inquiryId: inq.ministry, kind: 'related', reason: 'r', extra: true },
      { inquiryId: inq.ministry, kind: 'related', reason: 'r'.repeat(1001) },
    ]) {
      expect((await t.http.post(`/api/v1/inquiries/${inq.other}/links`, body, s())).status).toBe(400);
    }
    expect(await count(inq.other)).toBe(before);
  });
});
