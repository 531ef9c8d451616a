import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createUser } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { brokenBody, type DtoShape, type Field, type Kind } from '../support/dto-arbitraries.js';
import { labelled, propertyOptions, runCount } from '../support/properties.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';

interface Endpoint extends DtoShape {
  name: string;
  method: string;
  path: () => string;
  token: () => string | undefined;
}

const req = (kind: Kind): Field => ({ kind, required: true });
const opt = (kind: Kind): Field => ({ kind, required: false });
const CASES = runCount('FUZZ_CASES', 25);
// Bodies are refused before any entry is looked up: an id that names none is enough.
const ENTRY = '00000000-0000-4000-8000-000000000021';
// Generous: a run is one request; the rest of the budget is for shrinking a failure.
const BUDGET_MS = 60_000 + CASES * 400;

/**
 * Properties over every DTO: whatever is wrong with a body, every endpoint that takes one answers
 * 400, 413 or 415, never 5xx, and stores nothing; any well-formed Unicode comes back exactly as it
 * was sent, and text with a lone surrogate is refused with 400 (it cannot be stored as UTF-8).
 */
describe('fuzzing every DTO', () => {
  let t: TestApp;
  let w: World;
  let expert: Actor;
  let inquiry: string;
  let assignment: string;
  let message: string;

  beforeAll(async () => {
    t = await startApp({ LOGIN_ATTEMPTS_PER_ADDRESS: '10000', RATE_LIMIT_PER_MINUTE: '0' });
    w = await buildWorld(t);
    expert = await createUser(t, w.admin, { role: 'expert' });
    inquiry = (await fileInquiry(t, w.requester.token)).id;
    await t.http.post(`/api/v1/inquiries/${inquiry}/transitions`, { to: 'triaged' }, w.secretariat.token);
    assignment = (await t.http.post(`/api/v1/inquiries/${inquiry}/assignments`, { expertId: expert.id, role: 'lead' }, w.secretariat.token)).body.id;
    message = (await t.http.post(`/api/v1/inquiries/${inquiry}/messages`, { body: 'A reply' }, w.secretariat.token)).body.id;
  });
  afterAll(() => t.close());

  const s = () => w.secretariat.token;
  const rq = () => w.requester.token;
  const ex = () => expert.token;
  const none = () => undefined;
  const ENDPOINTS: Endpoint[] = [
    {
      name: 'file an inquiry',
      method: 'POST',
      path: () => '/api/v1/inquiries',
      token: rq,
      valid: () => ({
        subject: 'S',
        body: 'B',
        topics: ['police-custody-safeguards'],
        language: 'en',
        urgency: 'high',
        desiredBy: '2030-01-01T00:00:00.000Z',
        publicationConsent: true,
      }),
      fields: {
        subject: req('string'),
        body: req('string'),
        topics: req('array'),
        language: req('string'),
        urgency: opt('string'),
        desiredBy: opt('string'),
        publicationConsent: opt('boolean'),
        onBehalfOf: opt('string'),
      },
    },
    {
      name: 'post a message',
      method: 'POST',
      path: () => `/api/v1/inquiries/${inquiry}/messages`,
      token: rq,
      valid: () => ({ body: 'Hello', visibility: 'shared' }),
      fields: { body: req('string'), parentId: opt('string'), visibility: opt('string') },
    },
    {
      name: 'triage',
      method: 'PATCH',
      path: () => `/api/v1/inquiries/${inquiry}`,
      token: s,
      valid: () => ({ version: 0, priority: 'high', tags: ['a'], topics: ['police-custody-safeguards'] }),
      fields: { version: req('number'), priority: opt('string'), tags: opt('array'), dueAt: opt('string'), topics: opt('array') },
    },
    {
      name: 'transition',
      method: 'POST',
      path: () => `/api/v1/inquiries/${inquiry}/transitions`,
      token: s,
      valid: () => ({ to: 'closed', reason: 'r', outcome: 'duplicate' }),
      fields: { to: req('string'), reason: opt('string'), outcome: opt('string') },
    },
    {
      name: 'share',
      method: 'POST',
      path: () => `/api/v1/inquiries/${inquiry}/participants`,
      token: rq,
      valid: () => ({ userId: w.colleague.id }),
      fields: { userId: req('string') },
    },
    {
      name: 'organisation',
      method: 'POST',
      path: () => '/api/v1/organizations',
      token: s,
      valid: () => ({ name: 'N', country: 'XA', kind: 'government' }),
      fields: { name: req('string'), country: req('string'), kind: req('string') },
    },
    {
      name: 'invite a user',
      method: 'POST',
      path: () => '/api/v1/users',
      token: s,
      valid: () => ({ email: 'fuzz@example.org', name: 'N', role: 'expert', languages: ['en'] }),
      fields: { email: req('string'), name: req('string'), role: req('string'), organizationId: opt('string'), languages: opt('array') },
    },
    {
      name: 'update a user',
      method: 'PATCH',
      path: () => `/api/v1/users/${expert.id}`,
      token: s,
      valid: () => ({ name: 'N', active: true, languages: ['en'], headOfSecretariat: false }),
      fields: { name: opt('string'), active: opt('boolean'), languages: opt('array'), headOfSecretariat: opt('boolean') },
    },
    {
      name: 'correct a country',
      method: 'PATCH',
      path: () => '/api/v1/countries/KE',
      token: s,
      valid: () => ({ version: 1, asOf: '2024-06-30', uncatStatus: 'state-party', uncatDate: null, art22Declared: true, tags: ['ldc'] }),
      fields: {
        version: req('number'),
        asOf: req('string'),
        unRegionalGroup: opt('string'),
        m49Region: opt('string'),
        m49Subregion: opt('string'),
        m49IntermediateRegion: opt('string'),
        tags: opt('array'),
        uncatStatus: opt('string'),
        uncatDate: opt('string'),
        art20OptOut: opt('boolean'),
        art21Declared: opt('boolean'),
        art22Declared: opt('boolean'),
        opcatStatus: opt('string'),
        npmDesignated: opt('boolean'),
      },
    },
    {
      name: 'add a topic',
      method: 'POST',
      path: () => '/api/v1/topics',
      token: s,
      valid: () => ({ slug: 'fuzz-topic', group: 'fuzz', label: 'L' }),
      fields: { slug: req('string'), group: req('string'), label: req('string'), covers: opt('string') },
    },
    {
      name: 'update a topic',
      method: 'PATCH',
      path: () => '/api/v1/topics/police-custody-safeguards',
      token: s,
      valid: () => ({ label: 'L', retired: false }),
      fields: { label: opt('string'), retired: opt('boolean') },
    },
    {
      name: 'expert profile',
      method: 'PUT',
      path: () => `/api/v1/experts/${expert.id}/profile`,
      token: s,
      valid: () => ({ topics: [], languages: ['en'], regions: [], conflictCountries: [], maxActive: 3, available: true }),
      fields: { topics: req('array'), languages: req('array'), regions: req('array'), conflictCountries: req('array'), maxActive: req('number'), available: req('boolean') },
    },
    {
      name: 'propose an assignment',
      method: 'POST',
      path: () => `/api/v1/inquiries/${inquiry}/assignments`,
      token: s,
      valid: () => ({ expertId: expert.id, role: 'lead', overrideConflict: { reason: 'r' } }),
      fields: { expertId: req('string'), role: req('string'), dueAt: opt('string'), overrideConflict: opt('object') },
    },
    {
      name: 'accept',
      method: 'POST',
      path: () => `/api/v1/assignments/${assignment}/accept`,
      token: ex,
      valid: () => ({ noConflict: true }),
      fields: { noConflict: req('boolean') },
    },
    { name: 'decline', method: 'POST', path: () => `/api/v1/assignments/${assignment}/decline`, token: ex, valid: () => ({ reason: 'r' }), fields: { reason: req('string') } },
    { name: 'return a message', method: 'POST', path: () => `/api/v1/messages/${message}/return`, token: s, valid: () => ({ reason: 'r' }), fields: { reason: req('string') } },
    {
      name: 'retention periods',
      method: 'PUT',
      path: () => '/api/v1/retention',
      token: s,
      valid: () => ({ periods: [{ outcome: 'withdrawn', months: 12 }] }),
      fields: { periods: req('array') },
    },
    {
      name: 'legal hold',
      method: 'PUT',
      path: () => `/api/v1/retention/holds/${inquiry}`,
      token: s,
      valid: () => ({ reason: 'kept for review' }),
      fields: { reason: req('string') },
    },
    { name: 'preferences', method: 'PUT', path: () => '/api/v1/me/notification-preferences', token: rq, valid: () => ({ email: 'daily' }), fields: { email: req('string') } },
    {
      name: 'mark all notifications read',
      method: 'POST',
      path: () => '/api/v1/notifications/read-all',
      token: rq,
      valid: () => ({ upTo: '2030-01-01T00:00:00.000Z' }),
      fields: { upTo: opt('string') },
    },
    {
      name: 'login',
      method: 'POST',
      path: () => '/api/v1/auth/login',
      token: none,
      valid: () => ({ email: 'x@example.org', password: 'p', totp: '123456' }),
      fields: { email: req('string'), password: req('string'), totp: opt('string'), recoveryCode: opt('string') },
    },
    {
      name: 'ask for a password reset',
      method: 'POST',
      path: () => '/api/v1/auth/password-reset',
      token: none,
      valid: () => ({ email: `fuzz.${Date.now()}@example.org` }),
      fields: { email: req('string') },
    },
    {
      name: 'set a password by a reset link',
      method: 'POST',
      path: () => '/api/v1/auth/password-reset/confirm',
      token: none,
      valid: () => ({ token: 'x'.repeat(43), password: 'p' }),
      fields: { token: req('string'), password: req('string') },
    },
    {
      name: 'new recovery codes',
      method: 'POST',
      path: () => '/api/v1/me/recovery-codes',
      token: rq,
      valid: () => ({ currentPassword: 'p', code: '123456' }),
      fields: { currentPassword: req('string'), code: opt('string'), recoveryCode: opt('string') },
    },
    {
      name: 'accept an invitation',
      method: 'POST',
      path: () => '/api/v1/auth/accept-invitation',
      token: none,
      valid: () => ({ token: 'x'.repeat(43), password: 'p' }),
      fields: { token: req('string'), password: req('string') },
    },
    {
      name: 'change password',
      method: 'POST',
      path: () => '/api/v1/auth/password',
      token: rq,
      valid: () => ({ currentPassword: 'p', newPassword: 'q' }),
      fields: { currentPassword: req('string'), newPassword: req('string') },
    },
    {
      name: 'draft a knowledge entry',
      method: 'POST',
      path: () => '/api/v1/knowledge',
      token: s,
      valid: () => ({ sourceInquiryId: inquiry, topics: ['cat-reporting'], texts: [{ language: 'en', question: 'Q', answer: 'A' }] }),
      fields: { sourceInquiryId: req('string'), topics: req('array'), texts: req('array') },
    },
    {
      name: 'edit a knowledge entry',
      method: 'PATCH',
      path: () => `/api/v1/knowledge/${ENTRY}`,
      token: s,
      valid: () => ({ version: 1, topics: ['cat-reporting'], texts: [{ language: 'fr', question: 'Q', answer: 'R' }] }),
      fields: { version: req('number'), topics: opt('array'), texts: opt('array') },
    },
    {
      name: 'submit a knowledge entry',
      method: 'POST',
      path: () => `/api/v1/knowledge/${ENTRY}/submit`,
      token: s,
      valid: () => ({
        version: 1,
        checklist: { state: true, institution: true, names: true, dates: true, citations: true, otherIdentifiers: true },
        explanations: [{ term: 't', reason: 'r' }],
      }),
      fields: { version: req('number'), checklist: req('object'), explanations: opt('array') },
    },
    {
      name: 'approve a knowledge entry',
      method: 'POST',
      path: () => `/api/v1/knowledge/${ENTRY}/approve`,
      token: s,
      valid: () => ({ version: 1 }),
      fields: { version: req('number') },
    },
    {
      name: 'unpublish a knowledge entry',
      method: 'POST',
      path: () => `/api/v1/knowledge/${ENTRY}/unpublish`,
      token: s,
      valid: () => ({ reason: 'r' }),
      fields: { reason: req('string') },
    },
    {
      name: 'answer the consent question',
      method: 'POST',
      path: () => `/api/v1/inquiries/${inquiry}/publication-consent`,
      token: rq,
      valid: () => ({ consent: true }),
      fields: { consent: req('boolean') },
    },
    {
      name: 'link inquiries',
      method: 'POST',
      path: () => `/api/v1/inquiries/${inquiry}/links`,
      token: s,
      valid: () => ({ inquiryId: ENTRY, kind: 'related', reason: 'r' }),
      fields: { inquiryId: req('string'), kind: req('string'), reason: req('string') },
    },
    {
      name: 'share a reply with a duplicate',
      method: 'POST',
      path: () => `/api/v1/inquiries/${inquiry}/shared-replies`,
      token: s,
      valid: () => ({ messageId: ENTRY }),
      fields: { messageId: req('string') },
    },
    {
      name: 'answer the question to join',
      method: 'POST',
      path: () => `/api/v1/inquiries/${inquiry}/joins/${ENTRY}`,
      token: rq,
      valid: () => ({ consent: true }),
      fields: { consent: req('boolean') },
    },
    { name: 'confirm TOTP', method: 'POST', path: () => '/api/v1/me/totp/confirm', token: rq, valid: () => ({ code: '123456' }), fields: { code: req('string') } },
  ];

  const counts = async () => {
    const lists = ['audit', 'inquiries', 'users', 'organizations'].map((l) => t.http.get(`/api/v1/${l}?limit=1`, s()));
    return (await Promise.all(lists)).map((res) => res.body.total as number);
  };

  it.each(ENDPOINTS.map((e) => [e.name, e] as const))(
    '%s: refuses every broken body with 400, 413 or 415, never 5xx, and stores nothing',
    async (_name, e) => {
      const before = await counts();
      await fc.assert(
        fc.asyncProperty(brokenBody(e), async ({ raw }) => {
          const res = await t.http.request(e.method, e.path(), { token: e.token(), raw, headers: { 'content-type': 'application/json' } });
          if (![400, 413, 415].includes(res.status)) throw new Error(`${res.status} ${res.text.slice(0, 200)}`);
        }),
        propertyOptions(CASES, BUDGET_MS),
      );
      // Not one inquiry, user, organisation or audit entry more (lists are not audited reads).
      expect(await counts()).toEqual(before);
      expect((await t.http.get('/health')).status).toBe(200);
    },
    BUDGET_MS + 30_000,
  );

  /** Well-formed text of 1 to `max` UTF-16 units: graphemes of any script, any code point, and awkward characters. */
  const text = (max: number) =>
    fc
      .string({
        unit: fc.oneof(
          { arbitrary: fc.constantFrom('\u0000', '\u200f', '\u202e', '\u2066', '\u0301', '\ufeff', '\u00a0', '\r\n', '\t', '<script>', '"', '\\', 'ﷺ', 'ß', 'İ'), weight: 1 },
          { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 2 },
          { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 2 },
        ),
        maxLength: Math.min(max, 200),
      })
      // Cut by code points (never between the halves of a pair) to the limit; one visible character
      // at the end, so that "must not be blank" rules accept it.
      .map((s) => {
        let out = '';
        for (const cp of s) if (out.length + cp.length < max) out += cp;
        return `${out}x`;
      });

  it(
    'brings any well-formed Unicode back exactly: subject, body, message and search',
    async () => {
      const before = (await t.http.get('/api/v1/inquiries?limit=1', rq())).body.total as number;
      let created = 0;
      await fc.assert(
        fc.asyncProperty(fc.record({ subject: text(299), body: text(3000), reply: text(2000) }), async ({ subject, body, reply }) => {
          const res = await t.http.post('/api/v1/inquiries', { subject, body, topics: ['police-custody-safeguards'], language: 'en' }, rq());
          expect(res.status).toBe(201);
          created += 1;
          const read = await t.http.get(`/api/v1/inquiries/${res.body.id}`, rq());
          expect(read.body.subject).toBe(subject);
          expect(read.body.body).toBe(body);
          expect((await t.http.post(`/api/v1/inquiries/${res.body.id}/messages`, { body: reply }, rq())).status).toBe(201);
          expect((await t.http.get(`/api/v1/inquiries/${res.body.id}/messages`, rq())).body.map((m: { body: string }) => m.body)).toEqual([reply]);
          expect((await t.http.get(`/api/v1/inquiries?q=${encodeURIComponent(Array.from(subject).slice(0, 100).join(''))}`, rq())).status).toBe(200);
        }),
        propertyOptions(CASES * 2, BUDGET_MS),
      );
      expect((await t.http.get('/api/v1/inquiries?limit=1', rq())).body.total).toBe(before + created);
    },
    BUDGET_MS + 30_000,
  );

  /** The text with one lone surrogate (ill-formed UTF-16) put in at a code point boundary. */
  const withLoneSurrogate = fc.tuple(text(250), fc.nat(), fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff')).map(([s, at, lone]) => {
    const cps = Array.from(s);
    const i = at % (cps.length + 1);
    const out = [...cps.slice(0, i), lone, ...cps.slice(i)].join('');
    return labelled({ out }, JSON.stringify(out));
  });

  it(
    'refuses text with a lone surrogate with 400, in any field, and stores nothing',
    async () => {
      const before = await counts();
      const fresh = await fileInquiry(t, rq());
      const threadBefore = (await t.http.get(`/api/v1/inquiries/${fresh.id}/messages`, rq())).body.length as number;
      await fc.assert(
        fc.asyncProperty(withLoneSurrogate, fc.constantFrom('subject', 'body', 'message'), async ({ out }, where) => {
          const res =
            where === 'message'
              ? await t.http.post(`/api/v1/inquiries/${fresh.id}/messages`, { body: out }, rq())
              : await t.http.post('/api/v1/inquiries', { subject: 'S', body: 'B', topics: ['police-custody-safeguards'], language: 'en', [where]: out }, rq());
          expect(res.status).toBe(400);
        }),
        propertyOptions(CASES, BUDGET_MS),
      );
      expect((await t.http.get(`/api/v1/inquiries/${fresh.id}/messages`, rq())).body.length).toBe(threadBefore);
      // One inquiry more (the fresh one) and its audit entries; nothing from the refused requests.
      const after = await counts();
      expect(after[1]).toBe(before[1] + 1);
    },
    BUDGET_MS + 30_000,
  );
});
