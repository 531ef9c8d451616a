import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { WebClient } from '../support/browser.js';
import { exeBytes } from '../support/files.js';
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
    // Without an outcome: refused by the service, nothing asked, nothing changed.
    expect((await secretariat.post(`/inquiries/${q.id}/transitions`, { to: 'closed', reason: 'spam' })).status).toBe(303);
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
});
