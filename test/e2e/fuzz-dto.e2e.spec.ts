import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { deepJson, NASTY_KEYS, unicodeText, withLoneSurrogate, wrongValue } from '../support/fuzz.js';
import type { HttpResult } from '../support/http.js';
import { Random } from '../support/random.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';

type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object';
interface Field {
  kind: Kind;
  required: boolean;
}
interface Endpoint {
  name: string;
  method: string;
  path: () => string;
  token: () => string;
  valid: () => Record<string, unknown>;
  fields: Record<string, Field>;
}

const req = (kind: Kind): Field => ({ kind, required: true });
const opt = (kind: Kind): Field => ({ kind, required: false });

/**
 * Property: whatever is wrong with a body (an unknown or poisonous key, a value of the wrong type,
 * an array for a scalar, a missing field, an oversized string, not an object at all, nesting ten
 * thousand deep), every endpoint that takes one answers 400, 413 or 415, never 5xx, and stores
 * nothing. And any Unicode, NUL, bidi controls and lone surrogates included, comes back exactly as
 * it was sent. fast-check is not installed: the cases come from a seeded generator (SEED=n replays).
 */
describe('fuzzing every DTO', () => {
  let t: TestApp;
  let w: World;
  let expert: Actor;
  let inquiry: string;
  let assignment: string;
  let message: string;
  const r = Random.fromEnv(9_001);
  const CASES = Number(process.env.FUZZ_CASES ?? 25);

  beforeAll(async () => {
    t = await startApp({ LOGIN_ATTEMPTS_PER_ADDRESS: '10000', RATE_LIMIT_PER_MINUTE: '0' });
    w = await buildWorld(t);
    expert = await createUser(t, w.admin, { role: 'expert' });
    inquiry = (await fileInquiry(t, w.requester.token)).id;
    await t.http.post(`/api/v1/inquiries/${inquiry}/transitions`, { to: 'triaged' }, w.secretariat.token);
    assignment = (await t.http.post(`/api/v1/inquiries/${inquiry}/assignments`, { expertId: expert.id, role: 'lead' }, w.secretariat.token)).body.id;
    message = (await t.http.post(`/api/v1/inquiries/${inquiry}/messages`, { body: 'A reply' }, w.secretariat.token)).body.id;
    process.stdout.write(`fuzz seed ${r.seed}, ${CASES} cases per endpoint\n`);
  });
  afterAll(() => t.close());

  const endpoints = (): Endpoint[] => {
    const s = () => w.secretariat.token;
    const rq = () => w.requester.token;
    const ex = () => expert.token;
    return [
      {
        name: 'file an inquiry',
        method: 'POST',
        path: () => '/api/v1/inquiries',
        token: rq,
        valid: () => ({ subject: 'S', body: 'B', topics: ['police-custody-safeguards'], language: 'en', urgency: 'high', desiredBy: '2030-01-01T00:00:00.000Z', publicationConsent: true }),
        fields: { subject: req('string'), body: req('string'), topics: req('array'), language: req('string'), urgency: opt('string'), desiredBy: opt('string'), publicationConsent: opt('boolean'), onBehalfOf: opt('string') },
      },
      { name: 'post a message', method: 'POST', path: () => `/api/v1/inquiries/${inquiry}/messages`, token: rq, valid: () => ({ body: 'Hello', visibility: 'shared' }), fields: { body: req('string'), parentId: opt('string'), visibility: opt('string') } },
      {
        name: 'triage',
        method: 'PATCH',
        path: () => `/api/v1/inquiries/${inquiry}`,
        token: s,
        valid: () => ({ version: 0, priority: 'high', tags: ['a'], topics: ['police-custody-safeguards'] }),
        fields: { version: req('number'), priority: opt('string'), tags: opt('array'), dueAt: opt('string'), topics: opt('array') },
      },
      { name: 'transition', method: 'POST', path: () => `/api/v1/inquiries/${inquiry}/transitions`, token: s, valid: () => ({ to: 'closed', reason: 'r', outcome: 'duplicate' }), fields: { to: req('string'), reason: opt('string'), outcome: opt('string') } },
      { name: 'share', method: 'POST', path: () => `/api/v1/inquiries/${inquiry}/participants`, token: rq, valid: () => ({ userId: w.colleague.id }), fields: { userId: req('string') } },
      { name: 'organisation', method: 'POST', path: () => '/api/v1/organizations', token: s, valid: () => ({ name: 'N', country: 'XA', kind: 'government' }), fields: { name: req('string'), country: req('string'), kind: req('string') } },
      {
        name: 'invite a user',
        method: 'POST',
        path: () => '/api/v1/users',
        token: s,
        valid: () => ({ email: 'fuzz@example.org', name: 'N', role: 'expert', languages: ['en'] }),
        fields: { email: req('string'), name: req('string'), role: req('string'), organizationId: opt('string'), languages: opt('array') },
      },
      { name: 'update a user', method: 'PATCH', path: () => `/api/v1/users/${expert.id}`, token: s, valid: () => ({ name: 'N', active: true, languages: ['en'] }), fields: { name: opt('string'), active: opt('boolean'), languages: opt('array') } },
      { name: 'add a topic', method: 'POST', path: () => '/api/v1/topics', token: s, valid: () => ({ slug: 'fuzz-topic', group: 'fuzz', label: 'L' }), fields: { slug: req('string'), group: req('string'), label: req('string'), covers: opt('string') } },
      { name: 'update a topic', method: 'PATCH', path: () => '/api/v1/topics/police-custody-safeguards', token: s, valid: () => ({ label: 'L', retired: false }), fields: { label: opt('string'), retired: opt('boolean') } },
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
      { name: 'accept', method: 'POST', path: () => `/api/v1/assignments/${assignment}/accept`, token: ex, valid: () => ({ noConflict: true }), fields: { noConflict: req('boolean') } },
      { name: 'decline', method: 'POST', path: () => `/api/v1/assignments/${assignment}/decline`, token: ex, valid: () => ({ reason: 'r' }), fields: { reason: req('string') } },
      { name: 'return a message', method: 'POST', path: () => `/api/v1/messages/${message}/return`, token: s, valid: () => ({ reason: 'r' }), fields: { reason: req('string') } },
      { name: 'preferences', method: 'PUT', path: () => '/api/v1/me/notification-preferences', token: rq, valid: () => ({ email: 'daily' }), fields: { email: req('string') } },
      { name: 'login', method: 'POST', path: () => '/api/v1/auth/login', token: () => '', valid: () => ({ email: 'x@example.org', password: 'p', totp: '123456' }), fields: { email: req('string'), password: req('string'), totp: opt('string') } },
      { name: 'accept an invitation', method: 'POST', path: () => '/api/v1/auth/accept-invitation', token: () => '', valid: () => ({ token: 'x'.repeat(43), password: 'p' }), fields: { token: req('string'), password: req('string') } },
      { name: 'change password', method: 'POST', path: () => '/api/v1/auth/password', token: rq, valid: () => ({ currentPassword: 'p', newPassword: 'q' }), fields: { currentPassword: req('string'), newPassword: req('string') } },
      { name: 'confirm TOTP', method: 'POST', path: () => '/api/v1/me/totp/confirm', token: rq, valid: () => ({ code: '123456' }), fields: { code: req('string') } },
    ];
  };

  /** One broken body, as raw JSON text (raw, so that a literal "__proto__" key is really sent). */
  function broken(e: Endpoint): { raw: string; what: string } {
    const body = e.valid();
    const names = Object.keys(e.fields);
    const field = r.pick(names);
    const roll = r.int(0, 6);
    switch (roll) {
      case 0: {
        // A key the DTO does not have (a repeated known key is not an extra one: the last copy wins).
        const key = r.pick(NASTY_KEYS.filter((k) => !(k in e.fields)));
        const json = JSON.stringify(body);
        return { raw: `{${JSON.stringify(key)}:${JSON.stringify(wrongValue(r, 'string'))}${json.length > 2 ? ',' : ''}${json.slice(1)}`, what: `extra key ${key}` };
      }
      case 1: {
        // Null is how a client clears an optional field; it is wrong only where the field is required.
        let v = wrongValue(r, e.fields[field].kind);
        while (v === null && !e.fields[field].required) v = wrongValue(r, e.fields[field].kind);
        return { raw: JSON.stringify({ ...body, [field]: v }), what: `${field} = ${JSON.stringify(v)}` };
      }
      case 2: {
        const scalar = names.filter((n) => e.fields[n].kind !== 'array' && e.fields[n].kind !== 'object');
        const f = scalar.length ? r.pick(scalar) : field;
        return { raw: JSON.stringify({ ...body, [f]: [body[f] ?? 'x', body[f] ?? 'x'] }), what: `${f} as an array` };
      }
      case 3: {
        const required = names.filter((n) => e.fields[n].required);
        if (required.length === 0) return { raw: JSON.stringify({ ...body, unexpected: 1 }), what: 'extra key unexpected' };
        const f = r.pick(required);
        const rest = { ...body };
        delete rest[f];
        return { raw: JSON.stringify(rest), what: `without ${f}` };
      }
      case 4: {
        const strings = names.filter((n) => e.fields[n].kind === 'string');
        const f = strings.length ? r.pick(strings) : field;
        const size = r.pick([100_001, 2_000_000]);
        return { raw: JSON.stringify({ ...body, [f]: 'é'.repeat(size) }), what: `${f} of ${size} characters` };
      }
      case 5:
        return { raw: r.pick(['[]', '"text"', '42', 'null', 'true', '{"a":', '{"a":1}}', '\u0000']), what: 'not an object' };
      default:
        return { raw: deepJson(10_000), what: 'nested 10 000 deep' };
    }
  }

  const counts = async () => {
    const s = w.secretariat.token;
    const [audit, inquiries, users, orgs] = await Promise.all([
      t.http.get('/api/v1/audit?limit=1', s),
      t.http.get('/api/v1/inquiries?limit=1', s),
      t.http.get('/api/v1/users?limit=1', s),
      t.http.get('/api/v1/organizations?limit=1', s),
    ]);
    return { audit: audit.body.total, inquiries: inquiries.body.total, users: users.body.total, orgs: orgs.body.total };
  };

  it('refuses every broken body with 400, 413 or 415, never 5xx, and stores nothing', async () => {
    const before = await counts();
    const wrong: string[] = [];
    for (const e of endpoints()) {
      for (let i = 0; i < CASES; i++) {
        const { raw, what } = broken(e);
        const res: HttpResult = await t.http.request(e.method, e.path(), { token: e.token() || undefined, raw, headers: { 'content-type': 'application/json' } });
        if (![400, 413, 415].includes(res.status)) wrong.push(`${e.name}: ${what} → ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
    // Not one inquiry, user, organisation or audit entry more (lists are not audited reads).
    expect(await counts()).toEqual(before);
    expect((await t.http.get('/health')).status).toBe(200);
  });

  it('brings any well-formed Unicode back exactly, and refuses text with a lone surrogate (it cannot be stored as UTF-8)', async () => {
    const mismatches: string[] = [];
    const ill = /\p{Cs}/u;
    const before = (await t.http.get('/api/v1/inquiries?limit=1', w.requester.token)).body.total as number;
    let created = 0;
    for (let i = 0; i < CASES * 2; i++) {
      let subject = unicodeText(r, 299);
      let body = unicodeText(r, 3000);
      if (r.bool(0.25)) subject = withLoneSurrogate(r, subject);
      else if (r.bool(0.2)) body = withLoneSurrogate(r, body);
      const res = await t.http.post('/api/v1/inquiries', { subject, body, topics: ['police-custody-safeguards'], language: 'en' }, w.requester.token);
      if (ill.test(subject) || ill.test(body)) {
        if (res.status !== 400) mismatches.push(`ill-formed text → ${res.status}`);
        continue;
      }
      if (res.status !== 201) {
        mismatches.push(`create ${res.status} ${res.text.slice(0, 200)} for ${JSON.stringify(subject)}`);
        continue;
      }
      created += 1;
      const read = await t.http.get(`/api/v1/inquiries/${res.body.id}`, w.requester.token);
      if (read.body.subject !== subject) mismatches.push(`subject ${JSON.stringify(subject)} came back as ${JSON.stringify(read.body.subject)}`);
      if (read.body.body !== body) mismatches.push(`body ${JSON.stringify(body.slice(0, 80))}… came back different`);
      const text = unicodeText(r, 2000);
      const posted = await t.http.post(`/api/v1/inquiries/${res.body.id}/messages`, { body: text }, w.requester.token);
      const thread = await t.http.get(`/api/v1/inquiries/${res.body.id}/messages`, w.requester.token);
      if (posted.status !== 201 || thread.body[0]?.body !== text) mismatches.push(`message ${JSON.stringify(text.slice(0, 80))}… → ${posted.status}, came back different`);
      const search = await t.http.get(`/api/v1/inquiries?q=${encodeURIComponent(subject.slice(0, 100).replace(/[\ud800-\udbff]$/, ''))}`, w.requester.token);
      if (search.status !== 200) mismatches.push(`search for ${JSON.stringify(subject.slice(0, 100))} → ${search.status}`);
    }
    expect(mismatches).toEqual([]);
    expect(created).toBeGreaterThan(0);
    expect((await t.http.get('/api/v1/inquiries?limit=1', w.requester.token)).body.total).toBe(before + created);
  });
});
