import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createUser } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { WebClient } from '../support/browser.js';
import { errorBeside, expectRefusedBeside, isChecked, summaryOf, tagOf, valueOf } from '../support/form-html.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';

const CHECKLIST = { state: true, institution: true, names: true, dates: true, citations: true, otherIdentifiers: true };

/** Three language versions of one anonymised question; `fr` may be given to plant a word. */
function texts(fr = 'Comment organiser la garde à vue pour que la personne arrêtée voie un avocat dès la première heure ?') {
  return [
    {
      language: 'en',
      question: 'How should police custody be organised so that detained persons see a lawyer?',
      answer: 'Safeguards apply from the first hour of custody: lawyer, doctor, notification of a relative.',
    },
    { language: 'fr', question: fr, answer: "Les garanties s'appliquent dès la première heure : avocat, médecin, information d'un proche." },
    { language: 'ar', question: 'كيف ينبغي تنظيم الاحتجاز لدى الشرطة؟', answer: 'تنطبق الضمانات منذ الساعة الأولى من الاحتجاز: محام وطبيب وإبلاغ أحد الأقارب.' },
  ];
}

describe('knowledge base: consent twice, drafted apart, scanned, approved by a second person, published, searched, withdrawn', () => {
  let t: TestApp;
  let w: World;
  let second: Actor;
  let requester: Actor;
  let source: { id: string; reference: string };

  const s = () => w.secretariat.token;
  const close = (id: string) => t.http.post(`/api/v1/inquiries/${id}/transitions`, { to: 'closed', outcome: 'advice-provided', reason: 'Answered by phone' }, s());

  beforeAll(async () => {
    t = await startApp();
    w = await buildWorld(t);
    second = await createUser(t, w.admin, { role: 'secretariat' });
    // A real State, so that its names in five languages are known to the scan.
    const org = await t.http.post('/api/v1/organizations', { name: 'Ministère de la Justice', country: 'DE', kind: 'government' }, w.admin);
    requester = await createUser(t, w.admin, { role: 'requester', organizationId: org.body.id });
    await t.http.patch(`/api/v1/users/${requester.id}`, { name: 'Amina Diallo' }, w.admin);
    source = await fileInquiry(t, requester.token, { subject: 'SOURCE-MARKER custody', body: 'SOURCE-MARKER body', publicationConsent: true });
  });
  afterAll(() => t.close());

  it('refuses a draft from an unknown, an open, an unconsented or an unconfirmed inquiry, and stores nothing', async () => {
    const draft = (sourceInquiryId: string) => t.http.post('/api/v1/knowledge', { sourceInquiryId, topics: ['police-custody-safeguards'], texts: texts() }, s());
    expect((await draft(randomUUID())).status).toBe(404);
    expect((await draft(source.id)).status).toBe(409); // still open
    const unconsented = await fileInquiry(t, w.requester.token, { publicationConsent: false });
    expect((await close(unconsented.id)).status).toBe(200);
    expect((await draft(unconsented.id)).status).toBe(409);
    // No question was put for it: nothing to answer.
    expect((await t.http.post(`/api/v1/inquiries/${unconsented.id}/publication-consent`, { consent: true }, w.requester.token)).status).toBe(409);
    expect((await t.http.get('/api/v1/knowledge?status=draft', s())).body.total).toBe(0);
  });

  it('asks the requester at closure; only the requester who filed it answers', async () => {
    const early = await t.http.post(`/api/v1/inquiries/${source.id}/publication-consent`, { consent: true }, requester.token);
    expect(early.status).toBe(409);
    expect((await close(source.id)).status).toBe(200);
    const draft = await t.http.post('/api/v1/knowledge', { sourceInquiryId: source.id, topics: ['police-custody-safeguards'], texts: texts() }, s());
    expect(draft.status).toBe(409); // asked, not yet confirmed
    expect((await t.http.post(`/api/v1/inquiries/${source.id}/publication-consent`, { consent: true }, w.foreigner.token)).status).toBe(404);
    expect((await t.http.post(`/api/v1/inquiries/${source.id}/publication-consent`, { consent: true }, s())).status).toBe(403);
    expect((await t.http.post(`/api/v1/inquiries/${source.id}/publication-consent`, { consent: 'yes' }, requester.token)).status).toBe(400);
    const given = await t.http.post(`/api/v1/inquiries/${source.id}/publication-consent`, { consent: true }, requester.token);
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ inquiryId: source.id, status: 'given' });
    expect((await t.http.post(`/api/v1/inquiries/${source.id}/publication-consent`, { consent: true }, requester.token)).status).toBe(409);
    const audit = await t.http.get(`/api/v1/audit?inquiryId=${source.id}&action=publication-consent.given`, s());
    expect(audit.body.total).toBe(1);
  });

  let entryId: string;

  it('blocks submission until the checklist is ticked and the State named in French is changed; the drafter cannot approve; a second member publishes', async () => {
    const created = await t.http.post(
      '/api/v1/knowledge',
      {
        sourceInquiryId: source.id,
        topics: ['police-custody-safeguards'],
        texts: texts('En Allemagne, comment organiser la garde à vue pour que la personne arrêtée voie un avocat ?'),
      },
      s(),
    );
    expect(created.status).toBe(201);
    entryId = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', languages: ['en', 'fr', 'ar'], version: 1 });
    expect(created.body.tools.map((x: { number: string }) => x.number)).toContain('2/2017');
    // The link to the source is in the audit trail, for the secretariat.
    const drafted = await t.http.get(`/api/v1/audit?inquiryId=${source.id}&action=knowledge.drafted`, s());
    expect(drafted.body.items[0].details).toEqual({ entryId });

    // Drafts are the secretariat's alone.
    expect((await t.http.get(`/api/v1/knowledge/${entryId}`, w.requester.token)).status).toBe(404);
    expect((await t.http.get('/api/v1/knowledge?status=draft', w.requester.token)).status).toBe(400);

    const unticked = await t.http.post(`/api/v1/knowledge/${entryId}/submit`, { version: 1, checklist: { ...CHECKLIST, dates: false } }, s());
    expect(unticked.status).toBe(400);
    const blocked = await t.http.post(`/api/v1/knowledge/${entryId}/submit`, { version: 1, checklist: CHECKLIST }, s());
    expect(blocked.status).toBe(409);
    expect(blocked.body.message).toContain('"allemagne"');
    expect((await t.http.get(`/api/v1/knowledge/${entryId}`, s())).body.status).toBe('draft');

    const edited = await t.http.patch(`/api/v1/knowledge/${entryId}`, { version: 1, texts: texts() }, s());
    expect(edited.status).toBe(200);
    const submitted = await t.http.post(`/api/v1/knowledge/${entryId}/submit`, { version: 2, checklist: CHECKLIST }, s());
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', version: 3 });
    expect((await t.http.patch(`/api/v1/knowledge/${entryId}`, { version: 3, topics: ['cat-reporting'] }, s())).status).toBe(409);

    const byDrafter = await t.http.post(`/api/v1/knowledge/${entryId}/approve`, { version: 3 }, s());
    expect(byDrafter.status).toBe(403);
    const approved = await t.http.post(`/api/v1/knowledge/${entryId}/approve`, { version: 3 }, second.token);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'published', version: 4, viewerCan: { approve: false, unpublish: true } });
    const steps = await t.http.get('/api/v1/audit?action=knowledge.published', s());
    expect(steps.body.items[0].details).toMatchObject({ entryId, drafterId: w.secretariat.id, approverId: second.id });
  });

  it('shows a refused draft, edit, submission and unpublishing again on their pages (4xx), the error beside the field, what was typed kept, nothing stored', async () => {
    const web = new WebClient(t.url);
    await web.signIn(w.secretariat.email, (w.secretariat as Actor & { password: string }).password);
    const drafts = async () => (await t.http.get('/api/v1/knowledge?status=draft', s())).body.total as number;
    const before = await drafts();
    const ARABIC = /[\u0600-\u06FF]/;
    // A long answer, typed in full: it must survive the refusal.
    const long = `${'Safeguards apply from the first hour of custody. '.repeat(200)}The end.`;

    // The draft, in Arabic: a French question without its answer.
    expect((await web.get(`/knowledge/new?source=${source.id}&lang=ar`)).status).toBe(200);
    const draft = await web.post('/knowledge', {
      sourceInquiryId: source.id,
      topics: ['police-custody-safeguards', 'cat-reporting'],
      question_en: 'How soon must a detained person see a lawyer?',
      answer_en: long,
      question_fr: 'Dans quel délai la personne gardée à vue voit-elle un avocat ?',
    });
    expect(draft.status).toBe(400);
    expect(draft.html).toContain('<html lang="ar" dir="rtl">');
    const message = expectRefusedBeside(draft.html, 'a-fr', ARABIC);
    expect(message).not.toMatch(/Fill this in/);
    expect(valueOf(draft.html, 'a-en')).toBe(long);
    expect(valueOf(draft.html, 'q-en')).toBe('How soon must a detained person see a lawyer?');
    expect(valueOf(draft.html, 'q-fr')).toBe('Dans quel délai la personne gardée à vue voit-elle un avocat ?');
    expect(valueOf(draft.html, 'ktopics')?.split(',').sort()).toEqual(['cat-reporting', 'police-custody-safeguards']);
    expect(tagOf(draft.html, 'a-en')).not.toContain('aria-invalid');
    // The source stays on this page of the secretariat's, in the form; no flash carries anything.
    expect(draft.html).toContain(`name="sourceInquiryId" value="${source.id}"`);
    expect(draft.headers.getSetCookie().join()).not.toMatch(/flash/i);
    expect(await drafts()).toBe(before);

    // The edit form: a question emptied, then a stale version.
    const mine = await t.http.post(
      '/api/v1/knowledge',
      {
        sourceInquiryId: source.id,
        topics: ['police-custody-safeguards'],
        texts: [{ language: 'fr', question: 'En Allemagne, qui tient le registre de garde à vue ?', answer: 'Le chef de poste.' }],
      },
      s(),
    );
    expect(mine.status).toBe(201);
    const id = mine.body.id as string;
    const entry = async () => (await t.http.get(`/api/v1/knowledge/${id}`, s())).body;
    const saved = await entry();
    expect((await web.get(`/knowledge/${id}/edit?lang=en`)).status).toBe(200);
    const emptied = await web.post(`/knowledge/${id}/edit`, { version: '1', topics: 'police-custody-safeguards', question_fr: '  ', answer_fr: long });
    expect(emptied.status).toBe(400);
    expectRefusedBeside(emptied.html, 'q-fr', /Fill this in/);
    expect(valueOf(emptied.html, 'a-fr')).toBe(long);
    expect(await entry()).toEqual(saved);

    expect((await t.http.patch(`/api/v1/knowledge/${id}`, { version: 1, topics: ['cat-reporting'] }, s())).status).toBe(200);
    const meanwhile = await entry();
    const stale = await web.post(`/knowledge/${id}/edit`, { version: '1', topics: 'police-custody-safeguards', question_fr: 'Qui tient le registre ?', answer_fr: long });
    expect(stale.status).toBe(409);
    expect(summaryOf(stale.html)).toContain('The entry changed meanwhile');
    expect(stale.html).toContain('id="stale-kept"');
    expect(valueOf(stale.html, 'q-fr')).toBe('Qui tient le registre ?');
    expect(valueOf(stale.html, 'a-fr')).toBe(long);
    expect(valueOf(stale.html, 'ktopics')).toBe('police-custody-safeguards');
    expect(await entry()).toEqual(meanwhile);
    // Saving again, knowingly, over the newer version.
    expect(/name="version" value="(\d+)"/.exec(stale.html)?.[1]).toBe('2');
    expect((await web.post(`/knowledge/${id}/edit`, { version: '2', topics: 'police-custody-safeguards', question_fr: 'Qui tient le registre ?', answer_fr: long })).status).toBe(
      303,
    );
    expect((await entry()).texts).toEqual([{ language: 'fr', question: 'Qui tient le registre ?', answer: long }]);

    // The submission: the checklist half ticked, then a word that names the source left unexplained.
    const half = { state: 'true', institution: 'true', names: 'true' };
    expect(
      (await web.post(`/knowledge/${id}/edit`, { version: '3', topics: 'police-custody-safeguards', question_fr: 'En Allemagne, qui tient le registre ?', answer_fr: long }))
        .status,
    ).toBe(303);
    await web.get(`/knowledge/${id}?lang=en`);
    const unticked = await web.post(`/knowledge/${id}/submit`, { ...half, version: '4', explainTerm: 'Allemagne' });
    expect(unticked.status).toBe(400);
    expectRefusedBeside(unticked.html, 'k-checklist', /Tick every item/);
    expect(isChecked(unticked.html, 'k-state')).toBe(true);
    expect(isChecked(unticked.html, 'k-dates')).toBe(false);
    expect(valueOf(unticked.html, 'exp-term')).toBe('Allemagne');
    const all = { version: '4', state: 'true', institution: 'true', names: 'true', dates: 'true', citations: 'true', otherIdentifiers: 'true' };
    const named = await web.post(`/knowledge/${id}/submit`, { ...all, explainTerm: 'Germany', explainReason: 'A public report' });
    expect(named.status).toBe(409);
    expect(expectRefusedBeside(named.html, 'exp-term', /identify its source/)).toContain('allemagne');
    expect(valueOf(named.html, 'exp-term')).toBe('Germany');
    expect(valueOf(named.html, 'exp-reason')).toBe('A public report');
    expect(isChecked(named.html, 'k-otherIdentifiers')).toBe(true);
    // The words are on this page only: in no cookie.
    expect(named.headers.getSetCookie().join()).not.toMatch(/allemagne/i);
    const reasonless = await web.post(`/knowledge/${id}/submit`, { ...all, explainTerm: 'Allemagne' });
    expect(reasonless.status).toBe(400);
    expectRefusedBeside(reasonless.html, 'exp-reason', /Fill this in/);
    expect((await entry()).status).toBe('draft');

    // Unpublishing without a reason: the published entry stays published.
    await web.get(`/knowledge/${entryId}?lang=en`);
    const unexplained = await web.post(`/knowledge/${entryId}/unpublish`, { reason: '   ' });
    expect(unexplained.status).toBe(400);
    expectRefusedBeside(unexplained.html, 'unp-reason', /Fill this in/);
    expect((await t.http.get(`/api/v1/knowledge/${entryId}`, s())).body.status).toBe('published');
    expect(errorBeside(unexplained.html, 'exp-term')).toBeNull();

    // The page shown again keeps the access of its own: another role gets no form and no source.
    const requesterWeb = new WebClient(t.url);
    await requesterWeb.signIn(w.foreigner.email, (w.foreigner as Actor & { password: string }).password);
    await requesterWeb.get('/knowledge');
    const intruder = await requesterWeb.post('/knowledge', { sourceInquiryId: source.id, topics: 'cat-reporting', question_en: 'q' });
    expect(intruder.status).toBe(403);
    expect(intruder.html).not.toContain(source.id);
    expect(await drafts()).toBe(before + 1);
  });

  it('an explained word passes the scan', async () => {
    const created = await t.http.post(
      '/api/v1/knowledge',
      {
        sourceInquiryId: source.id,
        topics: ['cat-reporting'],
        texts: [{ language: 'en', question: 'What did Germany report to the Committee?', answer: 'A public report, quoted as an example.' }],
      },
      s(),
    );
    const blocked = await t.http.post(`/api/v1/knowledge/${created.body.id}/submit`, { version: 1, checklist: CHECKLIST }, s());
    expect(blocked.status).toBe(409);
    const explained = await t.http.post(
      `/api/v1/knowledge/${created.body.id}/submit`,
      { version: 1, checklist: CHECKLIST, explanations: [{ term: 'Germany', reason: 'A public CAT report, cited as one example among several' }] },
      s(),
    );
    expect(explained.status).toBe(200);
  });

  it('finds the published entry in English, French and Arabic, for requesters of any State and experts; never shows its source', async () => {
    const search = async (token: string, q: string, language?: string) => {
      const res = await t.http.get(`/api/v1/knowledge?q=${encodeURIComponent(q)}${language ? `&language=${language}` : ''}`, token);
      expect(res.status).toBe(200);
      return res.body.items.map((e: { id: string }) => e.id) as string[];
    };
    // Stemmed: "lawyers" meets "lawyer", "garanties" meets "garantie" on PostgreSQL; exact words on SQLite's Porter for French.
    expect(await search(w.foreigner.token, 'lawyers custody', 'en')).toEqual([entryId]);
    expect(await search(w.expert.token, 'garde avocat', 'fr')).toEqual([entryId]);
    expect(await search(w.requester.token, 'الاحتجاز')).toEqual([entryId]);
    expect(await search(w.requester.token, 'extradition')).toEqual([]);
    const byTopic = await t.http.get('/api/v1/knowledge?topic=police-custody-safeguards', w.foreigner.token);
    expect(byTopic.body.items.map((e: { id: string }) => e.id)).toEqual([entryId]);

    for (const token of [w.foreigner.token, w.expert.token, requester.token, s()]) {
      for (const path of [`/api/v1/knowledge/${entryId}`, '/api/v1/knowledge', `/api/v1/knowledge?q=custody`]) {
        const res = await t.http.get(path, token);
        expect(res.status).toBe(200);
        for (const marker of [source.id, source.reference, 'SOURCE-MARKER', 'sourceInquiryId']) expect(res.text).not.toContain(marker);
      }
    }
  });

  it('shows the entry on pages without its source', async () => {
    const foreigner = w.foreigner as Actor & { password: string };
    const browser = new WebClient(t.url);
    await browser.signIn(foreigner.email, foreigner.password);
    for (const path of [`/knowledge/${entryId}`, '/knowledge?q=custody&language=en', '/knowledge?topic=police-custody-safeguards']) {
      const page = await browser.get(path);
      expect(page.status).toBe(200);
      expect(page.html).toContain('How should police custody be organised');
      for (const marker of [source.id, source.reference, 'SOURCE-MARKER']) expect(page.html).not.toContain(marker);
    }
  });

  it('withdrawing the consent withdraws every entry drawn from the inquiry: unpublished, unfound', async () => {
    const withdrawn = await t.http.post(`/api/v1/inquiries/${source.id}/publication-consent`, { consent: false }, requester.token);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await t.http.get(`/api/v1/knowledge/${entryId}`, w.foreigner.token)).status).toBe(404);
    expect((await t.http.get('/api/v1/knowledge?q=custody', w.foreigner.token)).body.total).toBe(0);
    expect((await t.http.get(`/api/v1/knowledge/${entryId}`, s())).body.status).toBe('withdrawn');
    expect((await t.http.get('/api/v1/knowledge?status=submitted', s())).body.total).toBe(0);
    // Nothing can be drafted from it any more.
    expect((await t.http.post('/api/v1/knowledge', { sourceInquiryId: source.id, topics: ['cat-reporting'], texts: texts() }, s())).status).toBe(409);
    expect((await t.http.post(`/api/v1/inquiries/${source.id}/publication-consent`, { consent: false }, requester.token)).status).toBe(409);
    const verify = await t.http.get('/api/v1/audit/verify', s());
    expect(verify.body.ok).toBe(true);
  });

  it('either approver can unpublish; anyone else of the secretariat cannot', async () => {
    const other = await fileInquiry(t, w.requester.token, { publicationConsent: true });
    await close(other.id);
    await t.http.post(`/api/v1/inquiries/${other.id}/publication-consent`, { consent: true }, w.requester.token);
    const e = (await t.http.post('/api/v1/knowledge', { sourceInquiryId: other.id, topics: ['police-custody-safeguards'], texts: texts() }, s())).body;
    await t.http.post(`/api/v1/knowledge/${e.id}/submit`, { version: 1, checklist: CHECKLIST }, s());
    expect((await t.http.post(`/api/v1/knowledge/${e.id}/approve`, { version: 2 }, second.token)).status).toBe(200);
    expect((await t.http.post(`/api/v1/knowledge/${e.id}/unpublish`, { reason: 'Too close' }, w.admin)).status).toBe(403);
    expect((await t.http.post(`/api/v1/knowledge/${e.id}/unpublish`, { reason: 'Too close' }, w.requester.token)).status).toBe(403);
    const off = await t.http.post(`/api/v1/knowledge/${e.id}/unpublish`, { reason: 'Too close to the source' }, s());
    expect(off.status).toBe(200);
    expect(off.body.status).toBe('unpublished');
    expect((await t.http.get(`/api/v1/knowledge/${e.id}`, w.requester.token)).status).toBe(404);
    expect((await t.http.post(`/api/v1/knowledge/${e.id}/unpublish`, { reason: 'Again' }, second.token)).status).toBe(409);
  });

  it('refuses bad input with 400 and stores nothing', async () => {
    const before = (await t.http.get('/api/v1/knowledge?status=draft', s())).body.total;
    const bad = [
      { sourceInquiryId: 'nope', topics: ['cat-reporting'], texts: texts() },
      { sourceInquiryId: source.id, topics: [], texts: texts() },
      { sourceInquiryId: source.id, topics: ['cat-reporting'], texts: [{ language: 'de', question: 'q', answer: 'a' }] },
      { sourceInquiryId: source.id, topics: ['cat-reporting'], texts: [...texts(), texts()[0]] },
      { sourceInquiryId: source.id, topics: ['cat-reporting'], texts: texts(), extra: 1 },
      { sourceInquiryId: source.id, topics: ['cat-reporting'], texts: [{ language: 'en', question: ' ', answer: 'a' }] },
      // Found by the DTO fuzzing: an array where a text should be passed the nested validation.
      { sourceInquiryId: source.id, topics: ['cat-reporting'], texts: [[]] },
    ];
    for (const body of bad) expect((await t.http.post('/api/v1/knowledge', body, s())).status).toBe(400);
    expect((await t.http.get('/api/v1/knowledge?language=de', s())).status).toBe(400);
    expect((await t.http.get('/api/v1/knowledge?status=draft', s())).body.total).toBe(before);
  });
});
