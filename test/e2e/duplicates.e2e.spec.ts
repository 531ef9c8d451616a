import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createOrganization, createUser } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';

/**
 * Case E3, second half (issue 21): a duplicate can share the primary's expert replies once cleared,
 * and each requester sees only its own thread unless both agree to join. Checked in every state:
 * before and after the link, pending, internal and cleared replies, one side refusing or
 * withdrawing, an inquiry withdrawn or closed, the link removed.
 */
describe('duplicates: replies shared from the primary, and the consent of both requesters to join', () => {
  let t: TestApp;
  let w: World;
  let mission: Actor;
  let expert: Actor;
  const s = () => w.secretariat.token;
  const M = { cleared: 'CLEARED-ADVICE-7f3', pending: 'PENDING-DRAFT-9a1', note: 'INTERNAL-NOTE-2c8', ministry: 'MINISTRY-SUBJECT-5d0', mission: 'MISSION-SUBJECT-8e4' };
  const link = (from: string, to: string, kind = 'duplicate') => t.http.post(`/api/v1/inquiries/${from}/links`, { inquiryId: to, kind, reason: 'Same question' }, s());

  /** A primary of the ministry (org A) with an accepted expert's cleared reply, a pending one and an internal note; a duplicate by the mission (org A's State). */
  async function pair(tag: string) {
    const ministry = await fileInquiry(t, w.requester.token, { subject: `${M.ministry} ${tag}` });
    const duplicate = await fileInquiry(t, mission.token, { subject: `${M.mission} ${tag}` });
    await t.http.post(`/api/v1/inquiries/${ministry.id}/transitions`, { to: 'triaged' }, s());
    const a = await t.http.post(`/api/v1/inquiries/${ministry.id}/assignments`, { expertId: expert.id, role: 'lead' }, s());
    expect((await t.http.post(`/api/v1/assignments/${a.body.id}/accept`, { noConflict: true }, expert.token)).status).toBe(200);
    const post = (body: string, visibility = 'shared') => t.http.post(`/api/v1/inquiries/${ministry.id}/messages`, { body, visibility }, expert.token);
    const cleared = (await post(`${M.cleared} ${tag}`)).body.id as string;
    expect((await t.http.post(`/api/v1/messages/${cleared}/clear`, {}, s())).status).toBe(200);
    const pending = (await post(`${M.pending} ${tag}`)).body.id as string;
    const note = (await post(`${M.note} ${tag}`, 'internal')).body.id as string;
    return { primary: ministry.id as string, reference: ministry.reference as string, duplicate: duplicate.id as string, cleared, pending, note };
  }

  beforeAll(async () => {
    t = await startApp();
    w = await buildWorld(t);
    mission = await createUser(t, w.admin, { role: 'requester', organizationId: (await createOrganization(t, w.admin, 'XA')).id });
    expert = await createUser(t, w.admin, { role: 'expert' });
  });
  afterAll(() => t.close());

  it('shares only a cleared expert reply of the primary, explicitly, with its duplicate; the duplicate reads it without the other query', async () => {
    const p = await pair('share');
    const share = (messageId: string, token = s(), into = p.duplicate) => t.http.post(`/api/v1/inquiries/${into}/shared-replies`, { messageId }, token);
    expect((await share(p.cleared)).status).toBe(409); // not linked yet
    expect((await link(p.duplicate, p.primary)).status).toBe(201);
    expect((await share(p.pending)).status).toBe(409);
    expect((await share(p.note)).status).toBe(409);
    expect((await share(randomUUID())).status).toBe(409);
    expect((await share(p.cleared, s(), p.primary)).status).toBe(409); // the primary is not a duplicate
    expect((await share(p.cleared, mission.token)).status).toBe(403);
    expect((await share(p.cleared, w.requester.token)).status).toBe(403);
    expect((await t.http.post(`/api/v1/inquiries/${p.duplicate}/shared-replies`, { messageId: p.cleared, extra: 1 }, s())).status).toBe(400);
    expect((await t.http.get(`/api/v1/inquiries/${p.duplicate}/shared-replies`, mission.token)).body).toEqual([]);
    const made = await share(p.cleared);
    expect(made.status).toBe(201);
    expect((await share(p.cleared)).status).toBe(409);

    const seen = await t.http.get(`/api/v1/inquiries/${p.duplicate}/shared-replies`, mission.token);
    expect(seen.status).toBe(200);
    expect(seen.body).toHaveLength(1);
    expect(seen.body[0].body).toContain(M.cleared);
    for (const hidden of [p.primary, p.reference, M.ministry, M.pending, M.note, w.requester.id, expert.id, w.orgA]) expect(seen.text).not.toContain(hidden);
    // Its own thread stays its own; the primary's requester sees nothing of the duplicate.
    expect((await t.http.get(`/api/v1/inquiries/${p.duplicate}/messages`, mission.token)).text).not.toContain(M.cleared);
    expect((await t.http.get(`/api/v1/inquiries/${p.primary}/shared-replies`, w.requester.token)).body).toEqual([]);
    expect((await t.http.get(`/api/v1/inquiries/${p.duplicate}/shared-replies`, w.requester.token)).status).toBe(404);
    expect((await t.http.get(`/api/v1/inquiries/${p.duplicate}/shared-replies`, w.foreigner.token)).status).toBe(404);
    expect((await t.http.get(`/api/v1/inquiries/${p.duplicate}/shared-replies`, expert.token)).status).toBe(404);
    expect((await t.http.get(`/api/v1/inquiries/${p.duplicate}/shared-replies`, s())).body).toHaveLength(1);
    const audit = await t.http.get(`/api/v1/audit?inquiryId=${p.primary}&action=reply.shared-with-duplicate`, s());
    expect(audit.body.total).toBe(1);

    // Closed: nothing more is shared, what was shared stays readable. The link removed: the shares go with it.
    expect((await t.http.post(`/api/v1/inquiries/${p.duplicate}/transitions`, { to: 'closed', outcome: 'duplicate', reason: 'Answered with the other' }, s())).status).toBe(200);
    expect((await t.http.get(`/api/v1/inquiries/${p.duplicate}/shared-replies`, mission.token)).body).toHaveLength(1);
    const links = (await t.http.get(`/api/v1/inquiries/${p.duplicate}/links`, s())).body as { id: string }[];
    expect((await t.http.delete(`/api/v1/inquiries/${p.duplicate}/links/${links[0].id}`, mission.token)).status).toBe(403);
    expect((await t.http.delete(`/api/v1/inquiries/${p.duplicate}/links/${randomUUID()}`, s())).status).toBe(404);
    expect((await t.http.delete(`/api/v1/inquiries/${p.primary}/links/${links[0].id}`, s())).status).toBe(204);
    expect((await t.http.delete(`/api/v1/inquiries/${p.primary}/links/${links[0].id}`, s())).status).toBe(404);
    expect((await t.http.get(`/api/v1/inquiries/${p.duplicate}/shared-replies`, mission.token)).body).toEqual([]);
    expect((await t.http.get(`/api/v1/audit?inquiryId=${p.duplicate}&action=inquiry.unlinked`, s())).body.total).toBe(1);
  });

  it('refuses sharing from a withdrawn primary', async () => {
    const p = await pair('withdrawn-primary');
    expect((await link(p.duplicate, p.primary)).status).toBe(201);
    expect((await t.http.post(`/api/v1/inquiries/${p.primary}/transitions`, { to: 'withdrawn' }, w.requester.token)).status).toBe(200);
    expect((await t.http.post(`/api/v1/inquiries/${p.duplicate}/shared-replies`, { messageId: p.cleared }, s())).status).toBe(409);
  });

  it('joins the two threads only once both requesters agree, each answer audited; either may withdraw, and the threads part again', async () => {
    const p = await pair('join');
    const made = await link(p.duplicate, p.primary);
    const linkId = made.body.id as string;
    const ask = (token = s()) => t.http.post(`/api/v1/inquiries/${p.duplicate}/links/${linkId}/join`, {}, token);
    const answer = (id: string, consent: unknown, token: string) => t.http.post(`/api/v1/inquiries/${id}/joins/${linkId}`, { consent }, token);
    const other = (id: string, token: string) => t.http.get(`/api/v1/inquiries/${id}/joins/${linkId}/thread`, token);
    const joinOf = async (id: string, token: string) => (await t.http.get(`/api/v1/inquiries/${id}/joins`, token)).body[0];

    expect((await other(p.duplicate, mission.token)).status).toBe(404); // nothing asked
    expect((await t.http.get(`/api/v1/inquiries/${p.duplicate}/joins`, mission.token)).body).toEqual([]);
    expect((await ask(mission.token)).status).toBe(403);
    expect((await ask()).status).toBe(201);
    expect((await ask()).status).toBe(409);
    expect(await joinOf(p.duplicate, mission.token)).toMatchObject({
      status: 'asked',
      consent: null,
      viewerCan: { give: true, refuse: true, withdraw: false, readOtherThread: false },
    });
    expect((await t.http.get(`/api/v1/inquiries/${p.primary}/joins`, expert.token)).status).toBe(403);
    expect((await t.http.get(`/api/v1/inquiries/${p.primary}/joins`, w.foreigner.token)).status).toBe(404);
    expect((await answer(p.duplicate, 'yes', mission.token)).status).toBe(400);
    expect((await answer(p.duplicate, true, w.requester.token)).status).toBe(404); // not its inquiry
    expect((await answer(p.duplicate, true, mission.token)).status).toBe(200);
    expect((await answer(p.duplicate, true, mission.token)).status).toBe(409);
    expect((await other(p.duplicate, mission.token)).status).toBe(409); // one agreed
    expect((await other(p.primary, w.requester.token)).status).toBe(409);
    const joined = await answer(p.primary, true, w.requester.token);
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ status: 'joined', consent: 'given', viewerCan: { readOtherThread: true, withdraw: true } });

    const fromMission = await other(p.duplicate, mission.token);
    expect(fromMission.status).toBe(200);
    expect(fromMission.body.subject).toContain(M.ministry);
    expect(fromMission.text).toContain(M.cleared);
    for (const hidden of [M.pending, M.note, w.requester.id, expert.id]) expect(fromMission.text).not.toContain(hidden);
    const fromMinistry = await other(p.primary, w.requester.token);
    expect(fromMinistry.body.subject).toContain(M.mission);
    expect((await other(p.duplicate, w.foreigner.token)).status).toBe(404);
    expect((await other(p.primary, expert.token)).status).toBe(403);
    // Still each its own inquiry: the ministry's requester cannot open the mission's.
    expect((await t.http.get(`/api/v1/inquiries/${p.duplicate}`, w.requester.token)).status).toBe(404);

    expect((await answer(p.primary, false, w.requester.token)).body).toMatchObject({ status: 'ended', consent: 'withdrawn' });
    expect((await other(p.duplicate, mission.token)).status).toBe(409);
    expect((await other(p.primary, w.requester.token)).status).toBe(409);
    expect((await answer(p.primary, true, w.requester.token)).status).toBe(409);
    const actions = async (id: string) =>
      ((await t.http.get(`/api/v1/audit?inquiryId=${id}`, s())).body.items as { action: string }[]).map((e) => e.action).filter((a) => a.startsWith('join'));
    expect(await actions(p.primary)).toEqual(expect.arrayContaining(['join.asked', 'join.given', 'join.joined', 'join.withdrawn']));
    expect(await actions(p.duplicate)).toEqual(expect.arrayContaining(['join.asked', 'join.given', 'join.joined']));
  });

  it('a refusal before both agreed declines the question; a withdrawn inquiry parts joined threads; removing the link removes the question', async () => {
    const a = await pair('refuse');
    const linkA = (await link(a.duplicate, a.primary)).body.id as string;
    expect((await t.http.post(`/api/v1/inquiries/${a.primary}/links/${linkA}/join`, {}, s())).status).toBe(201);
    expect((await t.http.post(`/api/v1/inquiries/${a.primary}/joins/${linkA}`, { consent: false }, w.requester.token)).body).toMatchObject({
      status: 'declined',
      consent: 'refused',
    });
    const late = await t.http.post(`/api/v1/inquiries/${a.duplicate}/joins/${linkA}`, { consent: true }, mission.token);
    expect(late.status).toBe(409);
    expect((await t.http.get(`/api/v1/inquiries/${a.duplicate}/joins`, mission.token)).body[0]).toMatchObject({
      status: 'declined',
      consent: null,
      viewerCan: { give: false, refuse: false },
    });

    const b = await pair('withdraw');
    const linkB = (await link(b.duplicate, b.primary)).body.id as string;
    await t.http.post(`/api/v1/inquiries/${b.duplicate}/links/${linkB}/join`, {}, s());
    await t.http.post(`/api/v1/inquiries/${b.duplicate}/joins/${linkB}`, { consent: true }, mission.token);
    await t.http.post(`/api/v1/inquiries/${b.primary}/joins/${linkB}`, { consent: true }, w.requester.token);
    expect((await t.http.get(`/api/v1/inquiries/${b.duplicate}/joins/${linkB}/thread`, mission.token)).status).toBe(200);
    expect((await t.http.post(`/api/v1/inquiries/${b.primary}/transitions`, { to: 'withdrawn' }, w.requester.token)).status).toBe(200);
    expect((await t.http.get(`/api/v1/inquiries/${b.duplicate}/joins/${linkB}/thread`, mission.token)).status).toBe(409);
    expect((await t.http.get(`/api/v1/inquiries/${b.primary}/joins/${linkB}/thread`, w.requester.token)).status).toBe(409);

    const c = await pair('unlink');
    const linkC = (await link(c.duplicate, c.primary)).body.id as string;
    await t.http.post(`/api/v1/inquiries/${c.duplicate}/links/${linkC}/join`, {}, s());
    await t.http.post(`/api/v1/inquiries/${c.duplicate}/joins/${linkC}`, { consent: true }, mission.token);
    await t.http.post(`/api/v1/inquiries/${c.primary}/joins/${linkC}`, { consent: true }, w.requester.token);
    expect((await t.http.delete(`/api/v1/inquiries/${c.duplicate}/links/${linkC}`, s())).status).toBe(204);
    expect((await t.http.get(`/api/v1/inquiries/${c.duplicate}/joins/${linkC}/thread`, mission.token)).status).toBe(404);
    expect((await t.http.get(`/api/v1/inquiries/${c.duplicate}/joins`, mission.token)).body).toEqual([]);

    // A question to join is put only about a duplicate link of two open inquiries.
    const d = await pair('related');
    const linkD = (await link(d.duplicate, d.primary, 'related')).body.id as string;
    expect((await t.http.post(`/api/v1/inquiries/${d.duplicate}/links/${linkD}/join`, {}, s())).status).toBe(409);
    expect((await t.http.post(`/api/v1/inquiries/${d.duplicate}/links/${randomUUID()}/join`, {}, s())).status).toBe(404);
  });
});
