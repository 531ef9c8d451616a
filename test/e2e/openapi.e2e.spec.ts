import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { UNDESCRIBED } from '../../src/openapi/request-schemas.js';
import { ADMIN, startApp, type TestApp } from '../support/app.js';
import { invitationTokenFor, totpCode, uniqueEmail } from '../support/actors.js';
import { mailText } from '../support/mail-text.js';
import { download, exeBytes, pdfBytes, upload } from '../support/files.js';
import { typeCheckClient } from '../support/openapi-client.js';
import { RecordingClient, ResponseValidator, type Exchange } from '../support/openapi.js';
import { declaredRoutes } from '../support/routes.js';

/** Operations the scenario can only meet refused: retrying a parked mail needs a mail server that keeps failing (notifications-failures covers it). */
const ONLY_REFUSED = ['POST /api/v1/notifications/failed/{id}/retry'];

describe('the OpenAPI description', () => {
  let t: TestApp;
  let api: RecordingClient;
  let admin: string;
  let document: Record<string, any>;
  let validator: ResponseValidator;

  beforeAll(async () => {
    t = await startApp();
    api = new RecordingClient(t.url);
    admin = (await api.post('/api/v1/auth/login', ADMIN)).body.token;
    document = (await t.http.get('/api/docs', admin)).body;
    validator = new ResponseValidator(document);
  });
  afterAll(() => t.close());

  it('holds every route of the JSON API, and no page', () => {
    const described = Object.entries(document.paths as Record<string, object>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
    );
    const api = declaredRoutes(t.app).filter((r) => / \/(api\/v1\/|health$)/.test(r));
    expect(described.sort()).toEqual(api);
    expect(described.some((r) => r.includes('/api/docs'))).toBe(false);
  });

  it('describes a body for every answer, the error body for every refusal, and everything the service checks', () => {
    const problems: string[] = [];
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(item)) {
        const at = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(op.responses);
        const success = statuses.filter((s) => s.startsWith('2'));
        if (success.length !== 1) problems.push(`${at}: ${success.length} success statuses`);
        for (const s of success) {
          if (s !== '204' && !op.responses[s].content) problems.push(`${at} ${s}: no body described`);
        }
        for (const s of statuses.filter((x) => Number(x) >= 400)) {
          if (op.responses[s].content?.['application/json']?.schema?.$ref !== '#/components/schemas/ErrorBody') problems.push(`${at} ${s}: not the error body`);
        }
        if (!op.security && !statuses.includes('401')) problems.push(`${at}: signed in, but no 401`);
      }
    }
    expect(problems).toEqual([]);
    // Whatever request-schemas.ts could not describe (an unknown validator, pipe or header) is marked.
    expect(JSON.stringify(document)).not.toContain(UNDESCRIBED);
    expect(document.components.schemas.CreateInquiryDto).toMatchObject({
      additionalProperties: false,
      required: ['subject', 'body', 'topics', 'language'],
      properties: { subject: { maxLength: 300 }, topics: { maxItems: 5, items: { pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' } }, language: { enum: ['en', 'fr', 'es', 'ar', 'pt'] } },
    });
  });

  it('answers the whole main scenario exactly as described', async () => {
    await mainScenario(t, api, admin);
    const exchanges = api.exchanges;
    expect(exchanges.flatMap((e) => validator.check(e))).toEqual([]);

    // Every operation was met, and every one but ONLY_REFUSED with a success.
    const all = Object.entries(document.paths as Record<string, object>).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    const met = (ok: (e: Exchange) => boolean) => new Set(exchanges.filter(ok).map((e) => validator.operationOf(e)));
    const succeeded = met((e) => e.status < 300);
    expect(all.filter((op) => !succeeded.has(op) && !ONLY_REFUSED.includes(op))).toEqual([]);
    expect(ONLY_REFUSED.filter((op) => !met(() => true).has(op))).toEqual([]);
    // Refusals were checked too.
    expect(new Set(exchanges.filter((e) => e.status >= 400).map((e) => e.status))).toEqual(new Set([400, 401, 403, 404, 409, 415]));
  });

  it('fails answers that the description does not match', async () => {
    const filed = await api.post(
      '/api/v1/inquiries',
      { subject: 'Which records?', body: 'Custody records', topics: ['police-custody-safeguards'], language: 'en', onBehalfOf: await requester(api, admin) },
      admin,
    );
    const exchange = api.exchanges.at(-1)!;
    expect(filed.status).toBe(201);
    expect(validator.check(exchange)).toEqual([]);

    // A field the service sends that the document does not name.
    const withoutSubject = structuredClone(document);
    for (const name of ['InquiryListItem', 'InquiryView']) {
      const schema = withoutSubject.components.schemas[name];
      delete schema.properties.subject;
      schema.required = schema.required.filter((r: string) => r !== 'subject');
    }
    expect(new ResponseValidator(withoutSubject).check(exchange).join('\n')).toMatch(/must NOT have additional properties.*subject/);

    // A field of another type.
    const wrongType = structuredClone(document);
    wrongType.components.schemas.InquiryView.properties.version = { type: 'string' };
    expect(new ResponseValidator(wrongType).check(exchange).join('\n')).toMatch(/\/version must be string/);

    // A status nobody described.
    const noCreated = structuredClone(document);
    delete noCreated.paths['/api/v1/inquiries'].post.responses['201'];
    expect(new ResponseValidator(noCreated).check(exchange)).toEqual([expect.stringContaining('status 201 is not described')]);

    // An error body with a field more than the document's.
    expect(
      validator
        .check({ ...exchange, status: 400, body: { statusCode: 400, error: 'Bad Request', message: ['subject must not be blank'], code: 'validation.failed', hint: 'x' } })
        .join('\n'),
    ).toMatch(/must NOT have additional properties.*hint/);
    // A code outside the catalogue fails too: clients may rely on the list.
    expect(
      validator.check({ ...exchange, status: 400, body: { statusCode: 400, error: 'Bad Request', message: ['subject must not be blank'], code: 'input.invalid' } }).join('\n'),
    ).toMatch(/code must be equal to one of the allowed values/);
  });

  it('generates a client whose types check, and fail when the description changes under it', async () => {
    expect(await typeCheckClient(document)).toEqual([]);
    const withoutReference = structuredClone(document);
    delete withoutReference.components.schemas.InquiryView.properties.reference;
    withoutReference.components.schemas.InquiryView.required = withoutReference.components.schemas.InquiryView.required.filter((r: string) => r !== 'reference');
    expect((await typeCheckClient(withoutReference)).join('\n')).toMatch(/Property 'reference' does not exist/);
  });
});

/** The token of the reset link mailed to `email` (an .eml file under DATA_DIR/mail: SMTP is unset here). */
async function resetTokenFor(t: TestApp, email: string): Promise<string> {
  const { readdir, readFile } = await import('node:fs/promises');
  await t.notify();
  for (const file of await readdir(`${t.dataDir}/mail`)) {
    const text = mailText(await readFile(`${t.dataDir}/mail/${file}`, 'utf8'));
    const token = text.includes(`To: ${email}`) ? /\/password-reset\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] : undefined;
    if (token) return token;
  }
  throw new Error(`no reset mail for ${email}`);
}

/** A requester of a fresh organisation, made through the API; returns its id. */
async function requester(api: RecordingClient, admin: string): Promise<string> {
  const org = await api.post('/api/v1/organizations', { name: `Ministry ${randomUUID().slice(0, 8)}`, country: 'XA', kind: 'government' }, admin);
  const user = await api.post('/api/v1/users', { email: uniqueEmail('requester'), name: 'Requester', role: 'requester', organizationId: org.body.id }, admin);
  return user.body.id;
}

/** Makes a user through the API and accepts its invitation; returns its id and token. */
async function invite(t: TestApp, api: RecordingClient, admin: string, input: Record<string, unknown>): Promise<{ id: string; token: string }> {
  const email = uniqueEmail(String(input.role));
  const created = await api.post('/api/v1/users', { email, name: `A ${String(input.role)}`, ...input }, admin);
  expect(created.status).toBe(201);
  const accepted = await api.post('/api/v1/auth/accept-invitation', { token: await invitationTokenFor(t, email), password: PASSWORD });
  expect(accepted.status).toBe(200);
  return { id: created.body.id, token: accepted.body.token };
}

const PASSWORD = 'a quiet lantern over the harbour';

/** File, triage, propose and accept an expert, post and clear a reply, attach and download a file, close, remove a participant; lists, audit, notifications; a second factor enrolled, replaced and reset. */
async function mainScenario(t: TestApp, api: RecordingClient, admin: string): Promise<void> {
  const ok = async (res: Promise<{ status: number; text: string }>, status = 200) => {
    const r = await res;
    expect(`${r.status} ${r.text}`).toMatch(new RegExp(`^${status}`));
    return r as unknown as { status: number; body: any; text: string };
  };
  await ok(api.get('/health'));
  await ok(api.get('/api/v1/me', admin));

  // Organisations, users, topics, an expert's profile.
  const org = (await ok(api.post('/api/v1/organizations', { name: 'Ministry of Justice', country: 'XA', kind: 'government' }, admin), 201)).body;
  await ok(api.get('/api/v1/organizations', admin));
  await ok(api.get(`/api/v1/organizations/${org.id}`, admin));
  const requester = await invite(t, api, admin, { role: 'requester', organizationId: org.id, languages: ['en'] });
  const colleague = await invite(t, api, admin, { role: 'requester', organizationId: org.id });
  const expert = await invite(t, api, admin, { role: 'expert', languages: ['en', 'fr'] });
  const second = await invite(t, api, admin, { role: 'expert' });
  await ok(api.get('/api/v1/users?role=expert', admin));
  await ok(api.get(`/api/v1/users/${expert.id}`, admin));
  await ok(api.patch(`/api/v1/users/${colleague.id}`, { name: 'A colleague' }, admin));
  await ok(api.post(`/api/v1/users/${second.id}/invitation`, {}, admin), 204);
  await ok(api.get('/api/v1/topics', requester.token));
  await ok(api.post('/api/v1/topics', { slug: `topic-${Date.now().toString(36)}`, group: 'prevention', label: 'A new topic' }, admin), 201);
  await ok(api.patch('/api/v1/topics/police-custody-safeguards', { label: 'Safeguards in police custody' }, admin));
  const profile = { topics: ['police-custody-safeguards'], languages: ['en'], regions: ['africa'], conflictCountries: [], maxActive: 5, available: true };
  await ok(api.get(`/api/v1/experts/${expert.id}/profile`, expert.token));
  await ok(api.put(`/api/v1/experts/${expert.id}/profile`, profile, admin));

  // File, with a file of its own; share it; triage.
  const input = {
    subject: 'Recording the first hours of custody',
    body: 'How should custody records be kept?',
    topics: ['police-custody-safeguards'],
    language: 'en',
    urgency: 'high',
  };
  const inquiry = (await ok(api.request('POST', '/api/v1/inquiries', { token: requester.token, body: input, headers: { 'idempotency-key': randomUUID() } }), 201)).body;
  const annex = await upload(api, `/api/v1/inquiries/${inquiry.id}/attachments`, requester.token, { name: 'annex.pdf', bytes: pdfBytes('annex') });
  api.record('POST', `/api/v1/inquiries/${inquiry.id}/attachments`, annex);
  expect(annex.status).toBe(201);
  const exe = await upload(api, `/api/v1/inquiries/${inquiry.id}/attachments`, requester.token, { name: 'run.pdf', bytes: exeBytes() });
  api.record('POST', `/api/v1/inquiries/${inquiry.id}/attachments`, exe);
  expect(exe.status).toBe(415);
  await ok(api.post(`/api/v1/inquiries/${inquiry.id}/participants`, { userId: colleague.id }, requester.token), 201);
  await ok(api.get('/api/v1/inquiries', requester.token));
  await ok(api.get(`/api/v1/inquiries/${inquiry.id}`, colleague.token));
  const triaged = (await ok(api.patch(`/api/v1/inquiries/${inquiry.id}`, { version: inquiry.version, priority: 'high', tags: ['custody'], dueAt: '2027-01-15' }, admin))).body;
  await ok(api.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'triaged' }, admin));
  expect(triaged.tags).toEqual(['custody']);

  // Propose experts: one declines, one is withdrawn, one accepts.
  await ok(api.get(`/api/v1/inquiries/${inquiry.id}/expert-suggestions`, admin));
  const declined = (await ok(api.post(`/api/v1/inquiries/${inquiry.id}/assignments`, { expertId: second.id, role: 'reviewer' }, admin), 201)).body;
  await ok(api.post(`/api/v1/assignments/${declined.id}/decline`, { reason: 'Travelling' }, second.token));
  const withdrawn = (await ok(api.post(`/api/v1/inquiries/${inquiry.id}/assignments`, { expertId: second.id, role: 'reviewer' }, admin), 201)).body;
  await ok(api.delete(`/api/v1/assignments/${withdrawn.id}`, admin));
  const assignment = (await ok(api.post(`/api/v1/inquiries/${inquiry.id}/assignments`, { expertId: expert.id, role: 'lead', dueAt: '2027-01-10T12:00:00Z' }, admin), 201)).body;
  const summary = (await ok(api.get(`/api/v1/inquiries/${inquiry.id}`, expert.token))).body;
  expect(summary.view).toBe('summary');
  await ok(api.get('/api/v1/inquiries', expert.token));
  await ok(api.get('/api/v1/assignments?mine=true', expert.token));
  await ok(api.post(`/api/v1/assignments/${assignment.id}/accept`, { noConflict: true }, expert.token));
  await ok(api.get(`/api/v1/assignments?inquiryId=${inquiry.id}`, admin));

  // The thread: a note, a reply returned, a reply cleared, the requester's answer with a file.
  await ok(api.post(`/api/v1/inquiries/${inquiry.id}/messages`, { body: 'Internal reasoning', visibility: 'internal' }, expert.token), 201);
  const first = (await ok(api.post(`/api/v1/inquiries/${inquiry.id}/messages`, { body: 'A first draft' }, expert.token), 201)).body;
  await ok(api.get('/api/v1/inquiries?awaitingClearance=true', admin));
  await ok(api.post(`/api/v1/messages/${first.id}/return`, { reason: 'Cite the Convention' }, admin));
  await ok(api.get(`/api/v1/inquiries/${inquiry.id}/messages`, expert.token));
  const reply = (await ok(api.post(`/api/v1/inquiries/${inquiry.id}/messages`, { body: 'Article 2 of the Convention...' }, expert.token), 201)).body;
  await ok(api.post(`/api/v1/messages/${reply.id}/clear`, {}, admin));
  await ok(api.get(`/api/v1/inquiries/${inquiry.id}/messages`, requester.token));
  const answer = (await ok(api.post(`/api/v1/inquiries/${inquiry.id}/messages`, { body: 'Thank you: our draft', parentId: reply.id }, requester.token), 201)).body;
  const attached = await upload(api, `/api/v1/messages/${answer.id}/attachments`, requester.token, { name: 'draft.pdf', bytes: pdfBytes('draft') });
  api.record('POST', `/api/v1/messages/${answer.id}/attachments`, attached);
  expect(attached.status).toBe(201);
  const file = await download(api, attached.body.id, expert.token);
  api.record('GET', `/api/v1/attachments/${attached.body.id}`, { status: file.status, body: undefined, headers: file.headers });
  expect(file.status).toBe(200);

  // Answer and close.
  await ok(api.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'answered' }, expert.token));
  await ok(api.post(`/api/v1/assignments/${assignment.id}/complete`, {}, expert.token));
  await ok(api.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'closed' }, requester.token));
  // Access is taken back whatever the status.
  await ok(api.delete(`/api/v1/inquiries/${inquiry.id}/participants/${colleague.id}`, requester.token), 204);

  // Country reference data and the reports of the period.
  const kenya = (await ok(api.get('/api/v1/countries', admin))).body.find((c: { code: string }) => c.code === 'KE');
  await ok(api.patch('/api/v1/countries/KE', { version: kenya.version, asOf: '2024-06-30', npmDesignated: false, tags: ['common-law-africa'] }, admin));
  const year = new Date().toISOString().slice(0, 4);
  await ok(api.get(`/api/v1/reports?from=${year}-01-01&to=${year}-12-31`, admin));
  await ok(api.get(`/api/v1/reports/export?from=${year}-01-01&to=${year}-12-31`, admin));
  await ok(api.get(`/api/v1/reports/annual-pack?year=${year}&lang=fr`, admin));
  // Links: triage's suggestions, a duplicate of the same State, the links as an accepted expert reads them.
  const twin = (await ok(api.post('/api/v1/inquiries', { ...input, subject: 'Recording the first hours of police custody' }, colleague.token), 201)).body;
  await ok(api.get(`/api/v1/inquiries/${twin.id}/link-suggestions`, admin));
  await ok(api.post(`/api/v1/inquiries/${twin.id}/links`, { inquiryId: inquiry.id, kind: 'duplicate', reason: 'The same question from a colleague' }, admin), 201);
  await ok(api.get(`/api/v1/inquiries/${inquiry.id}/links`, admin));
  // Duplicates: the primary's cleared reply shared with the twin; two open inquiries joined with both requesters' consent, then unlinked.
  await ok(api.post(`/api/v1/inquiries/${twin.id}/shared-replies`, { messageId: reply.id }, admin), 201);
  await ok(api.get(`/api/v1/inquiries/${twin.id}/shared-replies`, colleague.token));
  const primary = (await ok(api.post('/api/v1/inquiries', input, requester.token), 201)).body;
  const duplicateTwo = (await ok(api.post('/api/v1/inquiries', input, colleague.token), 201)).body;
  const pair = (await ok(api.post(`/api/v1/inquiries/${duplicateTwo.id}/links`, { inquiryId: primary.id, kind: 'duplicate', reason: 'Asked twice' }, admin), 201)).body;
  await ok(api.post(`/api/v1/inquiries/${duplicateTwo.id}/links/${pair.id}/join`, {}, admin), 201);
  await ok(api.get(`/api/v1/inquiries/${duplicateTwo.id}/joins`, colleague.token));
  await ok(api.post(`/api/v1/inquiries/${duplicateTwo.id}/joins/${pair.id}`, { consent: true }, colleague.token));
  await ok(api.post(`/api/v1/inquiries/${primary.id}/joins/${pair.id}`, { consent: true }, requester.token));
  await ok(api.get(`/api/v1/inquiries/${duplicateTwo.id}/joins/${pair.id}/thread`, colleague.token));
  await ok(api.delete(`/api/v1/inquiries/${primary.id}/links/${pair.id}`, admin), 204);

  // The knowledge base: consent at intake and at closure, a draft changed, submitted, approved by a duplicateTwo member, read, searched, unpublished.
  const consented = (await ok(api.post('/api/v1/inquiries', { ...input, publicationConsent: true }, requester.token), 201)).body;
  await ok(api.post(`/api/v1/inquiries/${consented.id}/transitions`, { to: 'closed', outcome: 'advice-provided', reason: 'Answered in a meeting' }, admin));
  await ok(api.post(`/api/v1/inquiries/${consented.id}/publication-consent`, { consent: true }, requester.token));
  const entryTexts = [{ language: 'en', question: 'How are custody records kept?', answer: 'In a register opened at the first hour.' }];
  const entry = (await ok(api.post('/api/v1/knowledge', { sourceInquiryId: consented.id, topics: ['police-custody-safeguards'], texts: entryTexts }, admin), 201)).body;
  await ok(api.patch(`/api/v1/knowledge/${entry.id}`, { version: 1, topics: ['police-custody-safeguards', 'cat-reporting'] }, admin));
  const checklist = { state: true, institution: true, names: true, dates: true, citations: true, otherIdentifiers: true };
  await ok(api.post(`/api/v1/knowledge/${entry.id}/submit`, { version: 2, checklist }, admin));
  const approver = await invite(t, api, admin, { role: 'secretariat' });
  await ok(api.post(`/api/v1/knowledge/${entry.id}/approve`, { version: 3 }, approver.token));
  await ok(api.get('/api/v1/knowledge?q=register&language=en', expert.token));
  await ok(api.get(`/api/v1/knowledge/${entry.id}`, requester.token));
  await ok(api.post(`/api/v1/knowledge/${entry.id}/unpublish`, { reason: 'Superseded' }, approver.token));

  // Notifications and audit.
  await t.notify();
  const notes = (await ok(api.get('/api/v1/notifications?unread=true', requester.token))).body;
  expect(notes.total).toBeGreaterThan(0);
  await ok(api.post(`/api/v1/notifications/${notes.items[0].id}/read`, {}, requester.token), 204);
  await ok(api.post('/api/v1/notifications/read-all', { upTo: new Date().toISOString() }, requester.token));
  await ok(api.get('/api/v1/me/notification-preferences', requester.token));
  await ok(api.put('/api/v1/me/notification-preferences', { email: 'daily' }, requester.token));
  await ok(api.get('/api/v1/notifications/failed', admin));
  await ok(api.get(`/api/v1/audit?inquiryId=${inquiry.id}&limit=5`, admin));
  await ok(api.get('/api/v1/audit/verify', admin));
  await ok(api.get(`/api/v1/inquiries/${inquiry.id}/audit`, admin));
  // Retention: the periods, the dry run, a legal hold set and released.
  await ok(api.get('/api/v1/retention', admin));
  await ok(api.put('/api/v1/retention', { periods: [{ outcome: 'duplicate', months: 48 }] }, admin));
  await ok(api.get('/api/v1/retention/due?limit=10', admin));
  await ok(api.put(`/api/v1/retention/holds/${inquiry.id}`, { reason: 'kept for a review' }, admin));
  await ok(api.get('/api/v1/retention/holds', admin));
  await ok(api.delete(`/api/v1/retention/holds/${inquiry.id}`, admin), 204);

  // A second factor enrolled, then replaced (the password and a current code), a new password, signing out; the secretariat resets it.
  const now = () => t.clock.now().getTime();
  const enrolment = (await ok(api.post('/api/v1/me/totp', {}, colleague.token))).body;
  await ok(api.post('/api/v1/me/totp/confirm', { code: await totpCode(enrolment.secret, now()) }, colleague.token));
  t.clock.travel(30_000);
  const replacement = (await ok(api.post('/api/v1/me/totp', { currentPassword: PASSWORD, code: await totpCode(enrolment.secret, now()) }, colleague.token))).body;
  const replaced = (await ok(api.post('/api/v1/me/totp/confirm', { code: await totpCode(replacement.secret, now()) }, colleague.token))).body as { recoveryCodes: string[] };
  // Recovery codes: how many are left, a new set for the password and one of the old codes.
  await ok(api.get('/api/v1/me/recovery-codes', colleague.token));
  await ok(api.post('/api/v1/me/recovery-codes', { currentPassword: PASSWORD, recoveryCode: replaced.recoveryCodes[0] }, colleague.token));
  await ok(api.post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'another long and unusual passphrase' }, colleague.token), 204);
  const colleagueEmail = (await ok(api.get('/api/v1/me', colleague.token))).body.email as string;
  await ok(api.post('/api/v1/auth/logout', {}, colleague.token), 204);
  await ok(api.delete(`/api/v1/users/${colleague.id}/totp`, admin), 204);
  // A forgotten password: the link by mail (an .eml file here), then the new password.
  await ok(api.post('/api/v1/auth/password-reset', { email: colleagueEmail }), 204);
  await ok(api.post('/api/v1/auth/password-reset/confirm', { token: await resetTokenFor(t, colleagueEmail), password: 'a third long and unusual passphrase' }), 204);

  // Refusals: each in the document's error body.
  await ok(api.get('/api/v1/me'), 401);
  await ok(api.get('/api/v1/audit', requester.token), 403);
  await ok(api.get(`/api/v1/inquiries/${randomUUID()}`, requester.token), 404);
  await ok(api.post('/api/v1/inquiries', { ...input, colour: 'red' }, requester.token), 400);
  await ok(api.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'answered' }, admin), 409);
  await ok(api.post(`/api/v1/notifications/failed/${randomUUID()}/retry`, {}, admin), 404);
}
