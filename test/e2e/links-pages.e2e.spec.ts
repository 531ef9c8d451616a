import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrganization, createUser } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { WebClient } from '../support/browser.js';
import { expectRefusedBeside, tagOf, valueOf } from '../support/form-html.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';

type WithPassword = Actor & { password: string };

/**
 * The pages of issue 21's remaining parts: links on a query's page (the secretariat links, shares a
 * cleared reply, asks both requesters, removes the link), the requester's consent step to join, the
 * draft's edit page, and "questions like yours" at intake.
 */
describe('pages: related queries, the consent to join, the draft edit page, questions like yours', () => {
  let t: TestApp;
  let w: World;
  let mission: WithPassword;
  let expert: Actor;
  const s = () => w.secretariat.token;
  const web = async (who: Actor) => {
    const c = new WebClient(t.url);
    await c.signIn(who.email, (who as WithPassword).password);
    return c;
  };
  const flash = (res: Response) => decodeURIComponent(res.headers.getSetCookie().find((c) => c.startsWith('cti-flash=')) ?? '');
  const flashKey = (res: Response) => JSON.parse(Buffer.from(flash(res).split(';')[0].slice('cti-flash='.length), 'base64url').toString('utf8')).key as string;

  beforeAll(async () => {
    t = await startApp();
    w = await buildWorld(t);
    mission = (await createUser(t, w.admin, { role: 'requester', organizationId: (await createOrganization(t, w.admin, 'XA')).id })) as WithPassword;
    expert = await createUser(t, w.admin, { role: 'expert' });
  });
  afterAll(() => t.close());

  it('links a duplicate, shares a cleared reply, asks both requesters; each answers on its consent page and reads the other thread once both agreed', async () => {
    const primary = await fileInquiry(t, w.requester.token, { subject: 'PRIMARY-SUBJECT-page' });
    const duplicate = await fileInquiry(t, mission.token, { subject: 'DUPLICATE-SUBJECT-page' });
    await t.http.post(`/api/v1/inquiries/${primary.id}/transitions`, { to: 'triaged' }, s());
    const a = await t.http.post(`/api/v1/inquiries/${primary.id}/assignments`, { expertId: expert.id, role: 'lead' }, s());
    await t.http.post(`/api/v1/assignments/${a.body.id}/accept`, { noConflict: true }, expert.token);
    const reply = await t.http.post(`/api/v1/inquiries/${primary.id}/messages`, { body: 'CLEARED-PAGE-ADVICE' }, expert.token);
    await t.http.post(`/api/v1/messages/${reply.body.id}/clear`, {}, s());

    const sec = await web(w.secretariat);
    const dupPage = `/inquiries/${duplicate.id}`;
    expect((await sec.get(dupPage)).html).toContain('id="links-h"');
    const linked = await sec.post(`${dupPage}/links`, { other: primary.reference, kind: 'duplicate', reason: 'Same question from the mission' });
    expect(linked.status).toBe(303);
    expect(flashKey(linked)).toBe('links.linked');
    const page = await sec.get(dupPage);
    expect(page.html).toContain(primary.reference);
    expect(page.html).toContain('CLEARED-PAGE-ADVICE'); // offered for sharing
    expect((await sec.post(`${dupPage}/shared-replies`, { messageId: reply.body.id })).status).toBe(303);
    const links = (await t.http.get(`/api/v1/inquiries/${duplicate.id}/links`, s())).body as { id: string }[];
    await sec.get(dupPage);
    expect(flashKey(await sec.post(`${dupPage}/links/${links[0].id}/join`, {}))).toBe('links.join.asked');

    const mine = await web(mission);
    const own = await mine.get(dupPage);
    expect(own.html).toContain('CLEARED-PAGE-ADVICE');
    expect(own.html).not.toContain(primary.reference);
    expect(own.html).not.toContain('PRIMARY-SUBJECT-page');
    expect(own.html).not.toContain('id="link-other"'); // no link form for a requester
    expect(own.html).toContain(`/inquiries/${duplicate.id}/joins/${links[0].id}`);
    const step = await mine.get(`/inquiries/${duplicate.id}/joins/${links[0].id}`);
    expect(step.status).toBe(200);
    expect(step.html).toContain('name="consent" value="true"');
    expect((await mine.post(`/inquiries/${duplicate.id}/joins/${links[0].id}`, { consent: 'maybe' })).status).toBe(303); // refused with the 400 in the flash
    expect((await t.http.get(`/api/v1/inquiries/${duplicate.id}/joins`, mission.token)).body[0].consent).toBeNull();
    await mine.get(`/inquiries/${duplicate.id}/joins/${links[0].id}`);
    expect(flashKey(await mine.post(`/inquiries/${duplicate.id}/joins/${links[0].id}`, { consent: 'true' }))).toBe('links.join.saved');
    expect((await mine.get(`/inquiries/${duplicate.id}/joins/${links[0].id}`)).html).not.toContain('PRIMARY-SUBJECT-page');

    const ministry = await web(w.requester);
    await ministry.get(`/inquiries/${primary.id}/joins/${links[0].id}`);
    await ministry.post(`/inquiries/${primary.id}/joins/${links[0].id}`, { consent: 'true' });
    expect((await ministry.get(`/inquiries/${primary.id}/joins/${links[0].id}`)).html).toContain('DUPLICATE-SUBJECT-page');
    expect((await mine.get(`/inquiries/${duplicate.id}/joins/${links[0].id}`)).html).toContain('PRIMARY-SUBJECT-page');
    // The foreign requester meets the 404 of a missing id.
    const foreign = await web(w.foreigner);
    expect((await foreign.get(`/inquiries/${duplicate.id}/joins/${links[0].id}`)).status).toBe(404);

    await sec.get(dupPage);
    expect(flashKey(await sec.post(`${dupPage}/links/${links[0].id}/remove`, {}))).toBe('links.removed');
    expect((await mine.get(dupPage)).html).not.toContain('CLEARED-PAGE-ADVICE');
    expect((await mine.get(`/inquiries/${duplicate.id}/joins/${links[0].id}`)).status).toBe(404);
  });

  it('shows a refused link again on the query page, the reference and reason as typed, the refusal beside the reference (in French too)', async () => {
    const q = await fileInquiry(t, w.requester.token, { subject: 'LINK-REFUSED-page' });
    const sec = await web(w.secretariat);
    const path = `/inquiries/${q.id}`;
    await sec.get(path);
    const self = await sec.post(`${path}/links`, { other: q.reference, kind: 'duplicate', reason: 'SAME-QUERY reason' });
    expect(self.status).toBe(400);
    expectRefusedBeside(self.html, 'link-other', /^A query cannot be linked to itself\.$/);
    expect(tagOf(self.html, 'link-other')).toContain('aria-describedby="link-other-error link-other-hint"');
    expect([valueOf(self.html, 'link-other'), valueOf(self.html, 'link-kind'), valueOf(self.html, 'link-reason')]).toEqual([q.reference, 'duplicate', 'SAME-QUERY reason']);
    // A reference that names no query: beside the reference too, in the page's language.
    await sec.get(`${path}?lang=fr`);
    const unknown = await sec.post(`${path}/links`, { other: 'CTI-2099-99999', kind: 'related', reason: 'Pas de telle demande' });
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('<html lang="fr"');
    expectRefusedBeside(unknown.html, 'link-other', /\S/);
    expect([valueOf(unknown.html, 'link-other'), valueOf(unknown.html, 'link-reason')]).toEqual(['CTI-2099-99999', 'Pas de telle demande']);
    await sec.get(`${path}?lang=en`);
    expect((await t.http.get(`/api/v1/inquiries/${q.id}/links`, s())).body).toEqual([]);
  });

  it('edits a draft with its version, and shows published entries on the chosen topics beside the new query form', async () => {
    const source = await fileInquiry(t, w.requester.token, { publicationConsent: true });
    await t.http.post(`/api/v1/inquiries/${source.id}/transitions`, { to: 'closed', outcome: 'advice-provided', reason: 'done' }, s());
    await t.http.post(`/api/v1/inquiries/${source.id}/publication-consent`, { consent: true }, w.requester.token);
    const texts = [{ language: 'en', question: 'How are custody registers kept?', answer: 'Registers are kept from the first minute.' }];
    const entry = (await t.http.post('/api/v1/knowledge', { sourceInquiryId: source.id, topics: ['police-custody-safeguards'], texts }, w.admin)).body;

    const sec = await web(w.secretariat);
    const form = await sec.get(`/knowledge/${entry.id}/edit`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('How are custody registers kept?');
    const saved = await sec.post(`/knowledge/${entry.id}/edit`, {
      version: '1',
      topics: 'police-custody-safeguards',
      question_en: 'How should custody registers be kept?',
      answer_en: 'From the first minute of deprivation of liberty.',
    });
    expect(saved.headers.get('location')).toBe(`/knowledge/${entry.id}`);
    await sec.get(`/knowledge/${entry.id}/edit`);
    const stale = await sec.post(`/knowledge/${entry.id}/edit`, { version: '1', topics: 'police-custody-safeguards', question_en: 'x', answer_en: 'y' });
    // The form again (409), what was typed kept, the newer version's number to save over it knowingly.
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('id="stale-kept"');
    expect(stale.html).toMatch(/<input id="q-en"[^>]* value="x"/);
    expect(stale.html).toContain('name="version" value="2"');
    expect((await t.http.get(`/api/v1/knowledge/${entry.id}`, s())).body).toMatchObject({ version: 2, texts: [{ question: 'How should custody registers be kept?' }] });
    const requester = await web(w.requester);
    expect((await requester.get(`/knowledge/${entry.id}/edit`)).status).toBe(403);

    // Not published yet: not suggested. Published: suggested on its topic only.
    const similar = (c: WebClient, q: string) => c.get(`/knowledge/similar?${q}`);
    expect((await similar(requester, 'topics=police-custody-safeguards')).html).not.toContain('How should custody registers be kept?');
    await t.http.post(
      `/api/v1/knowledge/${entry.id}/submit`,
      { version: 2, checklist: { state: true, institution: true, names: true, dates: true, citations: true, otherIdentifiers: true } },
      w.admin,
    );
    await t.http.post(`/api/v1/knowledge/${entry.id}/approve`, { version: 3 }, s());
    const found = await similar(requester, 'topics=cat-reporting&topics=police-custody-safeguards');
    expect(found.status).toBe(200);
    expect(found.html).toContain('id="similar-results"');
    expect(found.html).toContain('How should custody registers be kept?');
    expect(found.html).not.toContain(source.reference);
    expect((await similar(requester, 'topics=cat-reporting')).html).not.toContain('How should custody registers be kept?');
    expect((await similar(requester, 'topics=Not%20a%20slug')).status).toBe(400);
    expect((await similar(requester, 'topics=a&topics=b&topics=c&topics=d&topics=e&topics=f')).status).toBe(400);

    const intake = await requester.get('/inquiries/new');
    expect(intake.html).toContain('id="similar"');
    expect(intake.html).toContain('<script src="/static/similar.js" defer></script>');
    const script = await fetch(`${t.url}/static/similar.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain('/knowledge/similar');
  });
});
