import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { buildWorld, fileInquiry, inquiryInput, type World } from '../support/world.js';

describe('inquiries: intake, triage, workflow, sharing, lists', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('runs the scenario: file, hidden from another State, triage, stale update refused, audit chain intact', async () => {
    const created = await t.http.post(
      '/api/v1/inquiries',
      inquiryInput({ topics: ['legislation-definition-criminalisation', 'cat-reporting'], urgency: 'high', desiredBy: '2027-01-31', publicationConsent: true }),
      w.requester.token,
    );
    expect(created.status).toBe(201);
    const inquiry = created.body;
    expect(inquiry).toMatchObject({
      status: 'submitted',
      topics: ['legislation-definition-criminalisation', 'cat-reporting'],
      language: 'en',
      urgency: 'high',
      country: 'XA',
      organizationId: w.orgA,
      requesterId: w.requester.id,
      priority: 'normal',
      tags: [],
      dueAt: null,
      desiredBy: '2027-01-31T00:00:00.000Z',
      publicationConsent: true,
      outcome: null,
      version: 1,
    });
    expect(inquiry.reference).toMatch(/^CTI-\d{4}-\d{4}$/);

    const foreign = await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.foreigner.token);
    expect(foreign.status).toBe(404);
    const foreignList = await t.http.get('/api/v1/inquiries', w.foreigner.token);
    expect(foreignList.body).toEqual({ items: [], total: 0, nextCursor: null });

    const triaged = await t.http.patch(
      `/api/v1/inquiries/${inquiry.id}`,
      { version: 1, priority: 'high', tags: ['legislation'], dueAt: '2027-02-15T12:00:00Z', topics: ['legislation-definition-criminalisation'] },
      w.secretariat.token,
    );
    expect(triaged.status).toBe(200);
    expect(triaged.body).toMatchObject({ version: 2, priority: 'high', tags: ['legislation'], dueAt: '2027-02-15T12:00:00.000Z' });
    expect(triaged.body.topics).toEqual(['legislation-definition-criminalisation']);

    const stale = await t.http.patch(`/api/v1/inquiries/${inquiry.id}`, { version: 1, priority: 'low' }, w.secretariat.token);
    expect(stale.status).toBe(409);
    const reread = await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.secretariat.token);
    expect(reread.body).toMatchObject({ priority: 'high', version: 2 });
    // The topics are kept twice (on the row, read by lists and reads; in inquiry_topic, read by
    // the topic filter): a triage changes both in its transaction.
    expect(reread.body.topics).toEqual(['legislation-definition-criminalisation']);
    const byTopic = async (slug: string) =>
      (await t.http.get(`/api/v1/inquiries?topic=${slug}&limit=100`, w.secretariat.token)).body.items.filter((i: { id: string }) => i.id === inquiry.id);
    expect((await byTopic('legislation-definition-criminalisation')).map((i: { topics: string[] }) => i.topics)).toEqual([['legislation-definition-criminalisation']]);
    expect(await byTopic('cat-reporting')).toEqual([]);

    const moved = await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'triaged' }, w.secretariat.token);
    expect(moved.status).toBe(200);
    expect(moved.body.status).toBe('triaged');

    const verify = await t.http.get('/api/v1/audit/verify', w.secretariat.token);
    expect(verify.status).toBe(200);
    expect(verify.body.ok).toBe(true);
    expect(verify.body.firstBadId).toBeNull();

    const trail = await t.http.get(`/api/v1/inquiries/${inquiry.id}/audit`, w.secretariat.token);
    const actions = trail.body.items.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual(['inquiry.submitted', 'inquiry.triaged', 'inquiry.read', 'inquiry.status-changed']);
    expect(trail.body.items[0]).toMatchObject({ inquiryId: inquiry.id, actorId: w.secretariat.id });
    expect(JSON.stringify(trail.body)).not.toContain('Safeguards');
  });

  it('lets exactly one of several racing triage updates win', async () => {
    const inquiry = await fileInquiry(t, w.requester.token);
    const results = await Promise.all(
      ['low', 'normal', 'high', 'critical', 'low', 'high'].map((priority) => t.http.patch(`/api/v1/inquiries/${inquiry.id}`, { version: 1, priority }, w.secretariat.token)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    const after = await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.secretariat.token);
    expect(after.body.version).toBe(2);
  });

  it('gives unique references to concurrent intake', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => t.http.post('/api/v1/inquiries', inquiryInput(), w.requester.token)));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const refs = new Set(results.map((r) => r.body.reference));
    expect(refs.size).toBe(20);
  });

  it('refuses a move the table does not allow with 409 and the allowed targets', async () => {
    const inquiry = await fileInquiry(t, w.requester.token);
    const bad = await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'answered' }, w.secretariat.token);
    expect(bad.status).toBe(409);
    expect(bad.body.message).toBe('cannot move from submitted to answered; allowed: triaged, closed');
    const requesterBad = await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'closed' }, w.requester.token);
    expect(requesterBad.status).toBe(409);
    expect(requesterBad.body.message).toBe('cannot move from submitted to closed; allowed: withdrawn');
  });

  it('closes with an outcome (and a reason unless answered), reopens, and lets the requester withdraw', async () => {
    const inquiry = await fileInquiry(t, w.requester.token);
    const url = `/api/v1/inquiries/${inquiry.id}/transitions`;
    expect((await t.http.post(url, { to: 'closed', reason: 'out of scope' }, w.secretariat.token)).status).toBe(400);
    expect((await t.http.post(url, { to: 'closed', outcome: 'declined-out-of-scope' }, w.secretariat.token)).status).toBe(400);
    expect((await t.http.post(url, { to: 'closed', outcome: 'bogus', reason: 'x' }, w.secretariat.token)).status).toBe(400);
    const closed = await t.http.post(url, { to: 'closed', outcome: 'declined-out-of-scope', reason: 'not about torture' }, w.secretariat.token);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'declined-out-of-scope' });
    const reopened = await t.http.post(url, { to: 'triaged' }, w.secretariat.token);
    expect(reopened.body).toMatchObject({ status: 'triaged', outcome: null });
    const withdrawn = await t.http.post(url, { to: 'withdrawn' }, w.requester.token);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', outcome: 'withdrawn' });
    const after = await t.http.post(url, { to: 'triaged' }, w.secretariat.token);
    expect(after.status).toBe(409);
    expect(after.body.message).toBe('cannot move from withdrawn to triaged; allowed: none');
  });

  it('shares with a colleague of the same organisation only; the colleague then sees it', async () => {
    const inquiry = await fileInquiry(t, w.requester.token);
    const url = `/api/v1/inquiries/${inquiry.id}/participants`;
    expect((await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.colleague.token)).status).toBe(404);
    expect((await t.http.post(url, { userId: w.foreigner.id }, w.requester.token)).status).toBe(409);
    expect((await t.http.post(url, { userId: w.expert.id }, w.requester.token)).status).toBe(409);
    expect((await t.http.post(url, { userId: w.requester.id }, w.requester.token)).status).toBe(409);
    const shared = await t.http.post(url, { userId: w.colleague.id }, w.requester.token);
    expect(shared.status).toBe(201);
    expect((await t.http.post(url, { userId: w.colleague.id }, w.requester.token)).status).toBe(409);
    const seen = await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.colleague.token);
    expect(seen.status).toBe(200);
    expect(seen.body.participantIds).toEqual([w.colleague.id]);
    const list = await t.http.get('/api/v1/inquiries?limit=100', w.colleague.token);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(inquiry.id);
    // A participant reads and follows, but does not withdraw someone else's query.
    expect((await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'withdrawn' }, w.colleague.token)).status).toBe(403);
  });

  it("merges a requester's own queries with those shared with it: newest first, each once, paged and counted", async () => {
    const org = await t.http.post('/api/v1/organizations', { name: 'Merge ministry', country: 'XD', kind: 'government' }, w.admin);
    const { createUser } = await import('../support/actors.js');
    const [reader, sharer] = [
      await createUser(t, w.admin, { role: 'requester', organizationId: org.body.id }),
      await createUser(t, w.admin, { role: 'requester', organizationId: org.body.id }),
    ];
    const own: string[] = [];
    const theirs: string[] = [];
    for (let i = 0; i < 4; i++) {
      own.push((await fileInquiry(t, reader.token)).id);
      theirs.push((await fileInquiry(t, sharer.token)).id);
    }
    const shared = [theirs[0], theirs[2], theirs[3]];
    for (const id of shared) expect((await t.http.post(`/api/v1/inquiries/${id}/participants`, { userId: reader.id }, sharer.token)).status).toBe(201);
    // The sharer withdraws one of them: only the shared set then holds a withdrawn query.
    expect((await t.http.post(`/api/v1/inquiries/${theirs[3]}/transitions`, { to: 'withdrawn' }, sharer.token)).status).toBe(200);

    const walk = async (query: string) => {
      const seen: string[] = [];
      const totals = new Set<number>();
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { items: Array<{ id: string }>; total: number; nextCursor: string | null } } = await t.http.get(
          `/api/v1/inquiries?limit=2${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          reader.token,
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((i) => i.id));
        totals.add(res.body.total);
        cursor = res.body.nextCursor;
      } while (cursor);
      return { seen, totals: [...totals] };
    };
    // Ids are time-ordered (UUIDv7) and each query was filed after the one before: newest first is the reverse.
    const all = await walk('');
    expect(all.seen).toEqual([...own, ...shared].sort().reverse());
    expect(all.totals).toEqual([7]);
    const submitted = await walk('&status=submitted');
    expect(submitted.seen).toEqual([...own, theirs[0], theirs[2]].sort().reverse());
    expect(submitted.totals).toEqual([6]);
    expect(await walk('&status=withdrawn')).toEqual({ seen: [theirs[3]], totals: [1] });
    expect(await walk('&status=closed')).toEqual({ seen: [], totals: [0] });
    // Nothing of the sharer's unshared query, nor anything of the reader's in the sharer's list.
    expect((await walk('')).seen).not.toContain(theirs[1]);
    const sharerList = await t.http.get('/api/v1/inquiries?limit=100', sharer.token);
    expect(sharerList.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...theirs].sort());
  });

  it('filters, searches by subject words and reference, and pages with a cursor', async () => {
    const org = await t.http.post('/api/v1/organizations', { name: 'Lists ministry', country: 'XC', kind: 'government' }, w.admin);
    const { createUser } = await import('../support/actors.js');
    const lister = await createUser(t, w.admin, { role: 'requester', organizationId: org.body.id });
    const made = [];
    for (let i = 0; i < 27; i++) {
      made.push(
        await fileInquiry(t, lister.token, {
          subject: i === 3 ? 'Défense of the Ombudsman mandate' : `Routine question number ${i}`,
          topics: i % 2 === 0 ? ['detention-conditions'] : ['cat-reporting', 'detention-conditions'],
          urgency: i % 3 === 0 ? 'urgent' : 'normal',
        }),
      );
    }
    const first = await t.http.get('/api/v1/inquiries', lister.token);
    expect(first.body.total).toBe(27);
    expect(first.body.items).toHaveLength(25);
    expect(first.body.items[0]).not.toHaveProperty('body');
    expect(first.body.items[0].id).toBe(made[26].id);
    const second = await t.http.get(`/api/v1/inquiries?cursor=${first.body.nextCursor}`, lister.token);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([made[1].id, made[0].id]);
    expect(second.body.nextCursor).toBeNull();

    const bySecretariat = (q: string) => t.http.get(`/api/v1/inquiries?country=XC&${q}`, w.secretariat.token);
    expect((await bySecretariat('topic=cat-reporting')).body.total).toBe(13);
    expect((await bySecretariat('urgency=urgent')).body.total).toBe(9);
    expect((await bySecretariat('status=submitted,triaged')).body.total).toBe(27);
    expect((await bySecretariat('status=closed')).body.total).toBe(0);
    const words = await bySecretariat('q=defense%20ombudsman');
    expect(words.body.items.map((i: { id: string }) => i.id)).toEqual([made[3].id]);
    expect((await bySecretariat('q=ombudsman%20elephant')).body.total).toBe(0);
    const byRef = await t.http.get(`/api/v1/inquiries?q=${made[5].reference}`, w.secretariat.token);
    expect(byRef.body.items.map((i: { id: string }) => i.id)).toEqual([made[5].id]);
  });

  it('honours Idempotency-Key: a retry returns the first inquiry and creates nothing', async () => {
    const key = `retry-${Date.now()}`;
    const body = inquiryInput();
    const send = () => t.http.request('POST', '/api/v1/inquiries', { token: w.requester.token, body, headers: { 'idempotency-key': key } });
    const before = (await t.http.get('/api/v1/inquiries', w.requester.token)).body.total;
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send();
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(1);
    expect((await t.http.get('/api/v1/inquiries', w.requester.token)).body.total).toBe(before + 1);
    const bad = await t.http.request('POST', '/api/v1/inquiries', { token: w.requester.token, body, headers: { 'idempotency-key': 'x'.repeat(101) } });
    expect(bad.status).toBe(400);
  });

  it('files on behalf of a requester when the secretariat asks, never for anyone else', async () => {
    const made = await t.http.post('/api/v1/inquiries', inquiryInput({ onBehalfOf: w.requester.id }), w.secretariat.token);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ requesterId: w.requester.id, organizationId: w.orgA, country: 'XA' });
    expect((await t.http.post('/api/v1/inquiries', inquiryInput(), w.secretariat.token)).status).toBe(400);
    expect((await t.http.post('/api/v1/inquiries', inquiryInput({ onBehalfOf: w.expert.id }), w.secretariat.token)).status).toBe(400);
    expect((await t.http.post('/api/v1/inquiries', inquiryInput({ onBehalfOf: w.colleague.id }), w.requester.token)).status).toBe(400);
    expect((await t.http.post('/api/v1/inquiries', inquiryInput(), w.expert.token)).status).toBe(403);
  });

  it('lets the secretariat add and retire topics; a retired topic is refused for new inquiries', async () => {
    const slug = `custody-video-${Date.now()}`;
    const added = await t.http.post('/api/v1/topics', { slug, group: 'prevention', label: 'Video recording in custody' }, w.secretariat.token);
    expect(added.status).toBe(201);
    expect((await t.http.post('/api/v1/topics', { slug, group: 'prevention', label: 'Again' }, w.secretariat.token)).status).toBe(409);
    expect((await t.http.post('/api/v1/topics', { slug: 'x-y', group: 'p', label: 'no' }, w.requester.token)).status).toBe(403);
    await fileInquiry(t, w.requester.token, { topics: [slug] });
    expect((await t.http.patch(`/api/v1/topics/${slug}`, { retired: true }, w.secretariat.token)).status).toBe(200);
    const topics = await t.http.get('/api/v1/topics', w.requester.token);
    expect(topics.body.map((x: { slug: string }) => x.slug)).not.toContain(slug);
    expect(topics.body.length).toBeGreaterThanOrEqual(25);
    expect((await t.http.post('/api/v1/inquiries', inquiryInput({ topics: [slug] }), w.requester.token)).status).toBe(400);
  });

  // Last: it moves the clock.
  it('lists overdue inquiries once their due date has passed', async () => {
    const inquiry = await fileInquiry(t, w.requester.token);
    await t.http.patch(`/api/v1/inquiries/${inquiry.id}`, { version: 1, dueAt: new Date(t.clock.now().getTime() + 10 * 60_000).toISOString() }, w.secretariat.token);
    const ids = async () => (await t.http.get('/api/v1/inquiries?overdue=true&limit=100', w.secretariat.token)).body.items.map((i: { id: string }) => i.id);
    expect(await ids()).not.toContain(inquiry.id);
    t.clock.travel(20 * 60_000);
    expect(await ids()).toContain(inquiry.id);
  });
});
