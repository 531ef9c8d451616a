import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { WebClient } from '../support/browser.js';
import { exeBytes } from '../support/files.js';
import { expectRefusedBeside, isChecked, summaryOf, tagOf, valueOf } from '../support/form-html.js';
import { createUser } from '../support/actors.js';
import { buildWorld, fileInquiry, type World } from '../support/world.js';

/**
 * The query page as a browser without JavaScript uses it (issue 19): moves that end a query take
 * a second step, the offered moves and outcomes, the triage in one form, a reply whose file was
 * refused, the requester's list and the audit page in words.
 */
describe('the query page without JavaScript', () => {
  let t: TestApp;
  let w: World;
  let requester: WebClient;
  let secretariat: WebClient;
  let expert: { id: string; token: string };
  /** The requester signed in on the pages (its own account, so that its list holds only this suite's queries). */
  let own: { token: string };

  beforeAll(async () => {
    t = await startApp({ MFA_REQUIRED_ROLES: '' });
    w = await buildWorld(t);
    const [r, s] = await Promise.all([createUser(t, w.admin, { role: 'requester', organizationId: w.orgA }), createUser(t, w.admin, { role: 'secretariat' })]);
    requester = new WebClient(t.url);
    await requester.signIn(r.email, r.password);
    secretariat = new WebClient(t.url);
    await secretariat.signIn(s.email, s.password);
    own = r;
    expert = w.expert;
  });

  afterAll(async () => {
    await t?.close();
  });

  const mine = () => own.token;
  const status = async (id: string) => (await t.http.get(`/api/v1/inquiries/${id}`, w.secretariat.token)).body.status as string;
  const move = async (id: string, body: Record<string, unknown>, token = w.secretariat.token) => {
    const res = await t.http.post(`/api/v1/inquiries/${id}/transitions`, body, token);
    if (res.status !== 200) throw new Error(`move failed: ${res.status} ${res.text}`);
  };
  /** A query answered by an accepted expert. */
  async function answered(): Promise<string> {
    const q = await fileInquiry(t, mine());
    await move(q.id, { to: 'triaged' });
    const a = await t.http.post(`/api/v1/inquiries/${q.id}/assignments`, { expertId: expert.id, role: 'lead' }, w.secretariat.token);
    expect((await t.http.post(`/api/v1/assignments/${a.body.id}/accept`, { noConflict: true }, expert.token)).status).toBe(200);
    await move(q.id, { to: 'answered' }, expert.token);
    return q.id;
  }

  it('withdraws only after the confirmation: the first post shows what will happen and changes nothing', async () => {
    const q = await fileInquiry(t, mine());
    await requester.get(`/inquiries/${q.id}`);
    const first = await requester.post(`/inquiries/${q.id}/transitions`, { to: 'withdrawn' });
    expect(first.status).toBe(200);
    expect(first.html).toContain('Yes, withdraw the query');
    expect(first.html).toContain('name="confirm" value="yes"');
    expect(await status(q.id)).toBe('submitted');
    const second = await requester.post(`/inquiries/${q.id}/transitions`, { to: 'withdrawn', confirm: 'yes' });
    expect(second.status).toBe(303);
    expect(await status(q.id)).toBe('withdrawn');
    // Not offered any more, and not by the first post either.
    expect((await requester.get(`/inquiries/${q.id}`)).html).not.toContain('value="withdrawn"');
  });

  it('offers the requester of an answered query to close it, not to withdraw it; closing too is confirmed', async () => {
    const id = await answered();
    const page = (await requester.get(`/inquiries/${id}`)).html;
    expect(page).toContain('<input type="hidden" name="to" value="closed">');
    expect(page).not.toContain('<input type="hidden" name="to" value="withdrawn">');
    expect(page).toContain('Your query is answered');
    expect((await requester.post(`/inquiries/${id}/transitions`, { to: 'closed' })).html).toContain('Yes, close the query');
    expect(await status(id)).toBe('answered');
  });

  it('makes the secretariat choose an outcome, without "advice provided" on a query nobody triaged', async () => {
    const q = await fileInquiry(t, mine());
    const fresh = (await secretariat.get(`/inquiries/${q.id}`)).html;
    const select = fresh.slice(fresh.indexOf('id="outcome-closed"'), fresh.indexOf('</select>', fresh.indexOf('id="outcome-closed"')));
    expect(select).toContain('<option value="">Choose an outcome</option>');
    expect(select).not.toContain('value="advice-provided"');
    expect(select).not.toContain('selected');
    // Without an outcome: refused by the service, nothing asked, nothing changed; the page again with
    // the move's form open, the reason as typed and the refusal beside the outcome.
    const refused = await secretariat.post(`/inquiries/${q.id}/transitions`, { to: 'closed', reason: 'REASON-KEPT spam' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('<details open>\n  <summary id="st-h"');
    expectRefusedBeside(refused.html, 'outcome-closed', /^Choose an outcome to close the query\.$/);
    expect(valueOf(refused.html, 'reason-closed')).toBe('REASON-KEPT spam');
    expect(await status(q.id)).toBe('submitted');
    const asked = await secretariat.post(`/inquiries/${q.id}/transitions`, { to: 'closed', reason: 'spam', outcome: 'duplicate' });
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('Duplicate');
    expect(await status(q.id)).toBe('submitted');
    expect((await secretariat.post(`/inquiries/${q.id}/transitions`, { to: 'closed', reason: 'spam', outcome: 'duplicate', confirm: 'yes' })).status).toBe(303);
    expect(await status(q.id)).toBe('closed');
    const done = (await secretariat.get(`/inquiries/${await answered()}`)).html;
    expect(done).toContain('value="advice-provided"');
  });

  it('saves the triage and marks the query triaged in one form, keeping what was typed', async () => {
    const q = await fileInquiry(t, mine());
    const page = (await secretariat.get(`/inquiries/${q.id}`)).html;
    expect(page).toContain('name="markTriaged" value="yes"');
    expect(page).not.toContain('<input type="hidden" name="to" value="triaged">');
    const res = await secretariat.post(`/inquiries/${q.id}/triage`, { version: String(q.version), priority: 'critical', tags: 'registers, custody', markTriaged: 'yes' });
    expect(res.status).toBe(303);
    const after = (await t.http.get(`/api/v1/inquiries/${q.id}`, w.secretariat.token)).body;
    expect(after).toMatchObject({ status: 'triaged', priority: 'critical', tags: ['registers', 'custody'] });
    expect((await secretariat.get(res.headers.get('location')!)).html).toContain('The query is marked as triaged.');
  });

  it('says that a reply is posted when only its file was refused', async () => {
    const q = await fileInquiry(t, mine());
    await requester.get(`/inquiries/${q.id}`);
    const res = await requester.postMultipart(`/inquiries/${q.id}/messages`, { body: 'Here is the decree.' }, { file: { name: 'decree.exe', bytes: exeBytes() } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(new RegExp(`^/inquiries/${q.id}#m-[0-9a-f-]{36}$`));
    const page = (await requester.get(`/inquiries/${q.id}`)).html;
    expect(page).toContain('Your message is posted, but its file was not attached');
    expect(page).toContain('class="flash ok"');
    const thread = (await t.http.get(`/api/v1/inquiries/${q.id}/messages`, mine())).body as Array<{ body: string; attachments: unknown[] }>;
    expect(thread.map((m) => [m.body, m.attachments.length])).toEqual([['Here is the decree.', 0]]);
  });

  it("marks the requester's rows that wait for it, in plain words", async () => {
    const q = await fileInquiry(t, mine(), { subject: 'استفسار عن سجلات الاحتجاز', language: 'ar' });
    await move(q.id, { to: 'triaged' });
    const a = await t.http.post(`/api/v1/inquiries/${q.id}/assignments`, { expertId: expert.id, role: 'lead' }, w.secretariat.token);
    await t.http.post(`/api/v1/assignments/${a.body.id}/accept`, { noConflict: true }, expert.token);
    const reply = await t.http.post(`/api/v1/inquiries/${q.id}/messages`, { body: 'Which registers do you keep?', visibility: 'shared' }, expert.token);
    expect((await t.http.post(`/api/v1/messages/${reply.body.id}/clear`, {}, w.secretariat.token)).status).toBe(200);
    await move(q.id, { to: 'awaiting-requester' }, expert.token);
    const list = (await requester.get('/inquiries')).html;
    expect(list).toContain('<span lang="ar" dir="auto">استفسار عن سجلات الاحتجاز</span>');
    expect(list).toMatch(/<tr class="waits">[\s\S]*?Your reply is needed/);
    expect(list).toContain('Queries waiting for your reply: 1');
    expect(list).toContain('>Being prepared</span>');
    expect(list).not.toContain('>Triaged</span>');
    const page = (await requester.get(`/inquiries/${q.id}`)).html;
    expect(page).toContain('<h2 id="next-h">Waiting for you</h2>');
    expect(page).toContain('<h2 id="q-h" lang="ar" dir="auto">');
    // The expert's question reached the requester; "Cleared" is the secretariat's word, shown to it alone.
    expect(page).toContain('Which registers do you keep?');
    expect(page).not.toContain('badge clearance-');
    expect((await secretariat.get(`/inquiries/${q.id}`)).html).toContain('<span class="badge clearance-cleared">Cleared</span>');
  });

  it('reads the audit trail in words, with people named and no JSON', async () => {
    const q = await fileInquiry(t, mine());
    await move(q.id, { to: 'triaged' });
    await t.http.post(`/api/v1/inquiries/${q.id}/assignments`, { expertId: expert.id, role: 'lead' }, w.secretariat.token);
    const en = (await secretariat.get(`/inquiries/${q.id}/audit`)).html;
    const table = en.slice(en.indexOf('<table'), en.indexOf('</table>'));
    expect(table).toContain(`Filed the query ${q.reference}.`);
    expect(table).toContain('Moved the query from &quot;Submitted&quot; to &quot;Triaged&quot;.');
    expect(table).toContain('Proposed \u2068Test expert\u2069 as expert.');
    expect(table).not.toMatch(/[{}]|inquiry\.submitted|[0-9a-f]{8}-[0-9a-f]{4}/);
    const fr = (await secretariat.get(`/inquiries/${q.id}/audit?lang=fr`)).html;
    expect(fr).toContain(`A déposé la demande ${q.reference}.`);
  });

  describe('a refused form shows the page again, with what was typed and the error beside its field', () => {
    // In English (the audit test above leaves the secretariat's pages in French).
    beforeAll(async () => {
      await Promise.all([secretariat.get('/inquiries?lang=en'), requester.get('/inquiries?lang=en')]);
    });
    const thread = async (id: string, token = w.secretariat.token) =>
      (await t.http.get(`/api/v1/inquiries/${id}/messages`, token)).body as Array<{ id: string; body: string; clearance: string }>;

    it('keeps a reply that was too long, says so beside it (in Arabic too), and posts nothing', async () => {
      const q = await fileInquiry(t, mine());
      await requester.get(`/inquiries/${q.id}`);
      const long = `LONG-REPLY ${'x'.repeat(50_000)}`;
      const res = await requester.postMultipart(`/inquiries/${q.id}/messages`, { body: long });
      expect(res.status).toBe(400);
      expectRefusedBeside(res.html, 'body-new', /^At most 50.?000 characters\.$/);
      expect(valueOf(res.html, 'body-new')).toBe(long);
      expect(summaryOf(res.html)).toContain('Message: At most');
      expect(await thread(q.id)).toEqual([]);

      await requester.get(`/inquiries/${q.id}?lang=ar`);
      const ar = await requester.postMultipart(`/inquiries/${q.id}/messages`, { body: '' });
      expect(ar.status).toBe(400);
      expect(ar.html).toContain('<html lang="ar" dir="rtl"');
      expectRefusedBeside(ar.html, 'body-new', /^املأ هذا الحقل\.$/);
      expect(await thread(q.id)).toEqual([]);
      await requester.get(`/inquiries/${q.id}?lang=en`);
    });

    it('keeps an internal note with its visibility, and a reply to a message beside that message', async () => {
      const q = await fileInquiry(t, mine());
      const first = await t.http.post(`/api/v1/inquiries/${q.id}/messages`, { body: 'FIRST-MESSAGE' }, mine());
      await secretariat.get(`/inquiries/${q.id}`);
      const note = await secretariat.postMultipart(`/inquiries/${q.id}/messages`, { body: ' ', visibility: 'internal' });
      expect(note.status).toBe(400);
      expectRefusedBeside(note.html, 'body-new', /\S/);
      expect([isChecked(note.html, 'vis-internal-new'), isChecked(note.html, 'vis-shared-new')]).toEqual([true, false]);
      const reply = await secretariat.postMultipart(`/inquiries/${q.id}/messages`, { body: `REPLY-KEPT ${'y'.repeat(50_000)}`, parentId: first.body.id });
      expect(reply.status).toBe(400);
      expect(reply.html).toContain('<details class="reply" open>');
      expectRefusedBeside(reply.html, `body-${first.body.id}`, /^At most 50.?000 characters\.$/);
      expect(valueOf(reply.html, `body-${first.body.id}`)).toBe(`REPLY-KEPT ${'y'.repeat(50_000)}`);
      // The new-message form stays empty and without error.
      expect(valueOf(reply.html, 'body-new')).toBe('');
      expect(tagOf(reply.html, 'body-new')).not.toContain('aria-invalid');
      expect((await thread(q.id)).map((m) => m.body)).toEqual(['FIRST-MESSAGE']);
    });

    it('keeps the text of a message refused because the query ended meanwhile, beside the reason', async () => {
      const q = await fileInquiry(t, mine());
      await requester.get(`/inquiries/${q.id}`);
      await move(q.id, { to: 'withdrawn' }, mine());
      const res = await requester.postMultipart(`/inquiries/${q.id}/messages`, { body: 'TEXT-TYPED-BEFORE-THE-END' });
      expect(res.status).toBe(409);
      expect(tagOf(res.html, 'body-new')).toBe('');
      expectRefusedBeside(res.html, 'body-kept', /this is no longer possible/);
      expect(tagOf(res.html, 'body-kept')).toContain('readonly');
      expect(valueOf(res.html, 'body-kept')).toBe('TEXT-TYPED-BEFORE-THE-END');
      expect(await thread(q.id)).toEqual([]);
    });

    it('answers a viewer who may not see the query with the 404 of its page, not the page', async () => {
      const q = await fileInquiry(t, mine(), { subject: 'HIDDEN-SUBJECT of a refused form' });
      const outsider = new WebClient(t.url);
      const other = await createUser(t, w.admin, { role: 'requester', organizationId: w.orgB });
      await outsider.signIn(other.email, other.password);
      await outsider.get('/account');
      const res = await outsider.postMultipart(`/inquiries/${q.id}/messages`, { body: '' });
      expect(res.status).toBe(404);
      expect(res.html).not.toContain('HIDDEN-SUBJECT');
    });

    it('keeps the triage as typed when it is refused, and saves none of it', async () => {
      const q = await fileInquiry(t, mine());
      await secretariat.get(`/inquiries/${q.id}`);
      const tags = `kept-tag, ${'t'.repeat(41)}`;
      const res = await secretariat.post(`/inquiries/${q.id}/triage`, { version: String(q.version), priority: 'critical', tags, dueAt: '2031-05-06', markTriaged: 'yes' });
      expect(res.status).toBe(400);
      expectRefusedBeside(res.html, 'tags', /^At most 40 characters\.$/);
      expect(tagOf(res.html, 'tags')).toContain('aria-describedby="tags-error tags-hint"');
      expect([valueOf(res.html, 'tags'), valueOf(res.html, 'priority'), valueOf(res.html, 'dueAt')]).toEqual([tags, 'critical', '2031-05-06']);
      // A stale version: the page says someone changed the query, in the summary, and keeps the input.
      const stale = await secretariat.post(`/inquiries/${q.id}/triage`, { version: String(q.version + 7), priority: 'critical', tags: 'kept-tag' });
      expect(stale.status).toBe(409);
      expect(summaryOf(stale.html)).toContain('Someone changed this query meanwhile');
      expect(valueOf(stale.html, 'tags')).toBe('kept-tag');
      const after = (await t.http.get(`/api/v1/inquiries/${q.id}`, w.secretariat.token)).body;
      expect(after).toMatchObject({ status: 'submitted', priority: q.priority, tags: [], dueAt: null });
    });

    it("keeps a proposal's choices beside the expert it was for, and proposes nobody", async () => {
      const q = await fileInquiry(t, mine());
      await move(q.id, { to: 'triaged' });
      expect(tagOf((await secretariat.get(`/inquiries/${q.id}`)).html, `due-${expert.id}`)).not.toBe('');
      const res = await secretariat.post(`/inquiries/${q.id}/assignments`, { expertId: expert.id, role: 'reviewer', dueAt: '2031-13-45' });
      expect(res.status).toBe(400);
      expectRefusedBeside(res.html, `due-${expert.id}`, /\S/);
      expect([valueOf(res.html, `due-${expert.id}`), valueOf(res.html, `role-${expert.id}`)]).toEqual(['2031-13-45', 'reviewer']);
      expect((await t.http.get(`/api/v1/assignments?inquiryId=${q.id}`, w.secretariat.token)).body.items).toEqual([]);
    });

    it('keeps the reason of a reply returned with a reason too long, and leaves the reply waiting', async () => {
      const q = await fileInquiry(t, mine());
      await move(q.id, { to: 'triaged' });
      const a = await t.http.post(`/api/v1/inquiries/${q.id}/assignments`, { expertId: expert.id, role: 'lead' }, w.secretariat.token);
      expect((await t.http.post(`/api/v1/assignments/${a.body.id}/accept`, { noConflict: true }, expert.token)).status).toBe(200);
      const reply = await t.http.post(`/api/v1/inquiries/${q.id}/messages`, { body: 'EXPERT-DRAFT' }, expert.token);
      expect(tagOf((await secretariat.get(`/inquiries/${q.id}`)).html, `return-${reply.body.id}`)).not.toBe('');
      const reason = `RETURN-REASON ${'r'.repeat(2000)}`;
      const res = await secretariat.post(`/messages/${reply.body.id}/return`, { back: `/inquiries/${q.id}`, reason });
      expect(res.status).toBe(400);
      expectRefusedBeside(res.html, `return-${reply.body.id}`, /^At most 2.?000 characters\.$/);
      expect(valueOf(res.html, `return-${reply.body.id}`)).toBe(reason);
      expect((await thread(q.id)).find((m) => m.id === reply.body.id)?.clearance).toBe('pending');
    });

    it("keeps the expert's reason for declining when refused, and the proposal stands", async () => {
      const q = await fileInquiry(t, mine());
      await move(q.id, { to: 'triaged' });
      const a = await t.http.post(`/api/v1/inquiries/${q.id}/assignments`, { expertId: expert.id, role: 'lead' }, w.secretariat.token);
      const web = new WebClient(t.url);
      const { email, password } = w.expert as typeof w.expert & { password: string };
      await web.signIn(email, password);
      await web.get(`/inquiries/${q.id}`);
      const reason = `DECLINE-REASON ${'d'.repeat(2000)}`;
      const res = await web.post(`/assignments/${a.body.id}/decline`, { reason });
      expect(res.status).toBe(400);
      expectRefusedBeside(res.html, 'reason', /^At most 2.?000 characters\.$/);
      expect(valueOf(res.html, 'reason')).toBe(reason);
      expect((await t.http.get(`/api/v1/assignments?inquiryId=${q.id}`, w.secretariat.token)).body.items.map((x: { status: string }) => x.status)).toEqual(['proposed']);
    });
  });
});
