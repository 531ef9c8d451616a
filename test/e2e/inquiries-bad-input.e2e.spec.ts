import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { countQueries } from '../support/queries.js';
import { buildWorld, fileInquiry, inquiryInput, type World } from '../support/world.js';

describe('inquiries refuse bad input with a clear 400 and store nothing', () => {
  let t: TestApp;
  let w: World;
  let inquiry: { id: string };

  beforeAll(async () => {
    t = await startApp();
    w = await buildWorld(t);
    inquiry = await fileInquiry(t, w.requester.token);
  });
  afterAll(() => t.close());

  const total = async () => (await t.http.get('/api/v1/inquiries', w.secretariat.token)).body.total as number;

  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['unknown field', { status: 'closed' }, /property status should not exist/],
    ['mass-assigned requester', { requesterId: '00000000-0000-4000-8000-000000000000' }, /property requesterId should not exist/],
    ['subject too long', { subject: 'x'.repeat(301) }, /subject must be shorter than or equal to 300/],
    ['blank subject', { subject: '   ' }, /subject must not be blank/],
    ['subject of the wrong type', { subject: ['an', 'array'] }, /subject must be a string/],
    ['body too long', { body: 'y'.repeat(50_001) }, /body must be shorter than or equal to 50000/],
    ['no topics', { topics: [] }, /topics must contain at least 1/],
    ['six topics', { topics: ['cat-reporting', 'opcat-npm', 'non-refoulement', 'exclusionary-rule', 'national-strategy', 'general-other'] }, /topics must contain no more than 5/],
    ['unknown topic', { topics: ['no-such-topic'] }, /unknown or retired slugs: no-such-topic/],
    ['repeated topic', { topics: ['cat-reporting', 'cat-reporting'] }, /must not repeat/],
    ['bad language', { language: 'de' }, /language must be one of/],
    ['bad urgency', { urgency: 'whenever' }, /urgency must be one of/],
    ['impossible date', { desiredBy: '2027-02-30' }, /desiredBy must be an ISO 8601 date/],
    ['far date', { desiredBy: '99999-01-01' }, /desiredBy must be an ISO 8601 date/],
    ['consent as a string', { publicationConsent: 'yes' }, /publicationConsent must be a boolean/],
    ['bad onBehalfOf', { onBehalfOf: 'someone' }, /onBehalfOf must be a UUID/],
  ];

  for (const [name, patch, message] of cases) {
    it(`refuses ${name}`, async () => {
      const before = await total();
      const res = await t.http.post('/api/v1/inquiries', inquiryInput(patch), w.requester.token);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(JSON.stringify(res.body.message)).toMatch(message);
      expect(await total()).toBe(before);
    });
  }

  it('refuses a __proto__ key and keeps the process well', async () => {
    const res = await t.http.request('POST', '/api/v1/inquiries', {
      token: w.requester.token,
      raw: '{"subject":"s","body":"b","topics":["cat-reporting"],"language":"en","__proto__":{"role":"secretariat"}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect((await t.http.get('/health')).status).toBe(200);
  });

  it('refuses bad triage, transition, participant and list input', async () => {
    const url = `/api/v1/inquiries/${inquiry.id}`;
    const triage = async (body: unknown) => (await t.http.patch(url, body, w.secretariat.token)).status;
    expect(await triage({ priority: 'high' })).toBe(400);
    expect(await triage({ version: 1 })).toBe(400);
    expect(await triage({ version: '1', priority: 'high' })).toBe(400);
    expect(await triage({ version: 1, priority: 'top' })).toBe(400);
    expect(await triage({ version: 1, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).toBe(400);
    expect(await triage({ version: 1, tags: ['x'.repeat(41)] })).toBe(400);
    expect(await triage({ version: 1, dueAt: 'tomorrow' })).toBe(400);
    expect(await triage({ version: 1, topics: ['nope'] })).toBe(400);
    expect(await triage({ version: 1, reference: 'CTI-1' })).toBe(400);
    const after = await t.http.get(url, w.secretariat.token);
    expect(after.body).toMatchObject({ version: 1, priority: 'normal', tags: [] });

    expect((await t.http.post(`${url}/transitions`, { to: 'done' }, w.secretariat.token)).status).toBe(400);
    expect((await t.http.post(`${url}/transitions`, { to: 'triaged', extra: 1 }, w.secretariat.token)).status).toBe(400);
    expect((await t.http.post(`${url}/participants`, { userId: 'nobody' }, w.requester.token)).status).toBe(400);
    expect((await t.http.get('/api/v1/inquiries/not-a-uuid', w.requester.token)).status).toBe(400);
    for (const q of [
      'status=open',
      'status=closed&status=triaged',
      'limit=0',
      'limit=101',
      'country=ZZ',
      'topic=Bad Slug',
      'overdue=yes',
      'urgency=now',
      'cursor=%%%',
      `q=${'w'.repeat(201)}`,
      'sort=id',
    ]) {
      expect({ q, status: (await t.http.get(`/api/v1/inquiries?${q}`, w.secretariat.token)).status }).toEqual({ q, status: 400 });
    }
  });

  it('reads a page of 25 in a fixed number of queries, not one per row', async () => {
    for (let i = 0; i < 30; i++) await fileInquiry(t, w.requester.token, { topics: ['cat-reporting', 'opcat-npm'] });
    const page = await countQueries(t, () => t.http.get('/api/v1/inquiries?limit=25', w.requester.token));
    const small = await countQueries(t, () => t.http.get('/api/v1/inquiries?limit=2', w.requester.token));
    // Session, count, page, topics: the same number whatever the page size.
    expect(page.count).toBe(small.count);
    expect(page.count).toBeLessThanOrEqual(5);
    const one = await countQueries(t, () => t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.requester.token));
    expect(one.count).toBeLessThanOrEqual(12);
  });
});
