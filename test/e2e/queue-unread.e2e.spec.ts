import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SubjectPrefixBackfill } from '../../src/inquiries/subject-prefix-backfill.js';
import { createUser } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { WebClient } from '../support/browser.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';

const DAY = 86_400_000;
const db = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite';

/** The number in the queue's tab `tab`, and the rows it lists. */
function tabCount(html: string, tab: string): number {
  const m = new RegExp(`href="/inquiries\\?tab(?:=|&#x3D;)${tab}"[^>]*>[^<]*<span class="count">(\\d+)</span>`).exec(html);
  if (!m) throw new Error(`no count on the tab ${tab}`);
  return Number(m[1]);
}
const rowsOf = (html: string) => (html.match(/<tr[^>]*>\s*<td><a href="\/inquiries\/[0-9a-f-]{36}">/g) ?? []).length;
const unreadInMenu = (html: string): number | null => {
  const m = /href="\/notifications"[^>]*>[^<]*<span class="count">(\d+) unread<\/span>/.exec(html);
  return m ? Number(m[1]) : null;
};

/**
 * The secretariat's queue (tab counts, overdue and urgent rows, experts), the unread count in the
 * menu (read on opening the query, "mark all read" on the page and in the API), and the search by
 * the beginning of a subject word: over HTTP, on the real database.
 */
describe(`the queue, unread notifications and prefix search (${db})`, () => {
  let t: TestApp;
  let w: World;
  let clerk: { email: string; password: string; token: string; id: string };
  let requester: Actor & { password: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startApp({ MFA_REQUIRED_ROLES: '' });
    w = await buildWorld(t);
    clerk = await createUser(t, w.admin, { role: 'secretariat' });
    requester = await createUser(t, w.admin, { role: 'requester', organizationId: w.orgA });
    const file = async (name: string, extra: Record<string, unknown> = {}) => {
      ids[name] = (await fileInquiry(t, requester.token, { subject: `Custody registers ${name}`, ...extra })).id;
    };
    await file('new-urgent', { urgency: 'urgent' });
    await file('new-plain');
    await file('triaged-late');
    await file('working');
    await file('closed');
    const move = (id: string, body: Record<string, unknown>) => t.http.post(`/api/v1/inquiries/${id}/transitions`, body, w.secretariat.token);
    // Triaged, critical, due three and a half days ago, nobody assigned.
    expect((await move(ids['triaged-late'], { to: 'triaged' })).status).toBe(200);
    const due = new Date(Date.now() - 3.5 * DAY).toISOString();
    expect((await t.http.patch(`/api/v1/inquiries/${ids['triaged-late']}`, { version: 2, priority: 'critical', dueAt: due }, w.secretariat.token)).status).toBe(200);
    // In progress with an expert whose reply waits for clearance.
    expect((await move(ids.working, { to: 'triaged' })).status).toBe(200);
    const a = await t.http.post(`/api/v1/inquiries/${ids.working}/assignments`, { expertId: w.expert.id, role: 'lead' }, w.secretariat.token);
    expect((await t.http.post(`/api/v1/assignments/${a.body.id}/accept`, { noConflict: true }, w.expert.token)).status).toBe(200);
    expect((await t.http.post(`/api/v1/inquiries/${ids.working}/messages`, { body: 'An expert reply' }, w.expert.token)).status).toBe(201);
    expect((await move(ids.closed, { to: 'closed', outcome: 'duplicate', reason: 'filed twice' })).status).toBe(200);
  });

  afterAll(() => t?.close());

  it('counts each tab as many as it lists, and marks the overdue, urgent and expert-less rows in words', async () => {
    const page = new WebClient(t.url);
    await page.signIn(clerk.email, clerk.password);
    const expected = { open: 4, new: 2, overdue: 1, clearance: 1, all: 5 };
    for (const tab of Object.keys(expected) as Array<keyof typeof expected>) {
      const res = await page.get(`/inquiries?tab=${tab}`);
      expect(res.status).toBe(200);
      expect([tab, tabCount(res.html, tab), rowsOf(res.html)]).toEqual([tab, expected[tab], expected[tab]]);
      // Every tab carries every count.
      expect(tabCount(res.html, 'all')).toBe(5);
    }
    const open = (await page.get('/inquiries?tab=open')).html;
    const row = (name: string) => {
      const start = open.indexOf(`/inquiries/${ids[name]}"`);
      return open.slice(start, open.indexOf('</tr>', start));
    };
    expect(row('triaged-late')).toContain('3 days overdue');
    expect(row('triaged-late')).toContain('<span class="badge priority-critical">Critical</span>');
    expect(row('triaged-late')).toContain('No expert yet');
    expect(open).toMatch(new RegExp(`<tr class="overdue">\\s*<td><a href="/inquiries/${ids['triaged-late']}"`));
    expect(row('new-urgent')).toContain('<span class="badge urgency-urgent">Urgent</span>');
    expect(row('new-urgent')).not.toContain('overdue');
    expect(row('working')).not.toContain('No expert yet');
    expect(row('working')).toContain('<strong>1</strong>');
    // In Arabic, by the language's plural rules.
    const ar = (await page.get('/inquiries?tab=overdue&lang=ar')).html;
    expect(ar).toContain('متأخر 3 أيام');
    expect(ar).toContain('لا خبير بعد');
  });

  it('shows the unread count in the menu, lowers it when the query is opened, and marks all read', async () => {
    await t.notify();
    const page = new WebClient(t.url);
    await page.signIn(requester.email, requester.password);
    const before = unreadInMenu((await page.get('/inquiries')).html);
    const unread = await t.http.get('/api/v1/notifications?unread=true&limit=100', requester.token);
    expect(before).toBe(unread.body.total);
    expect(before).toBeGreaterThan(0);
    const onClosed = unread.body.items.filter((n: { inquiryId: string }) => n.inquiryId === ids.closed).length;
    expect(onClosed).toBeGreaterThan(0);
    const opened = await page.get(`/inquiries/${ids.closed}`);
    expect(opened.status).toBe(200);
    expect(unreadInMenu(opened.html)).toBe(before! - onClosed || null);
    const after = await t.http.get('/api/v1/notifications?unread=true&limit=100', requester.token);
    expect(after.body.items.filter((n: { inquiryId: string }) => n.inquiryId === ids.closed)).toEqual([]);
    expect(after.body.total).toBe(before! - onClosed);

    // "Mark all read" on the page.
    const list = await page.get('/notifications');
    expect(list.html).toContain('Mark all as read');
    const upTo = /name="upTo" value="([^"]+)"/.exec(list.html)![1];
    const marked = await page.post('/notifications/read-all', { upTo });
    expect(marked.status).toBe(303);
    const home = await page.get('/inquiries');
    expect(unreadInMenu(home.html)).toBeNull();
    expect((await t.http.get('/api/v1/notifications?unread=true', requester.token)).body.total).toBe(0);
  });

  it('marks all read through the API, only up to the moment given, and refuses bad input', async () => {
    // New notifications for the secretariat member, who has read none.
    await fileInquiry(t, requester.token, { subject: 'Another custody question' });
    await t.notify();
    const unread = async () => (await t.http.get('/api/v1/notifications?unread=true&limit=100', clerk.token)).body;
    const first = await unread();
    expect(first.total).toBeGreaterThan(0);
    // Nothing was created before the service existed.
    expect(await t.http.post('/api/v1/notifications/read-all', { upTo: '2001-01-01T00:00:00.000Z' }, clerk.token)).toMatchObject({ status: 200, body: { marked: 0 } });
    for (const bad of [{ upTo: 'yesterday' }, { upTo: 5 }, { other: true }, { upTo: '2026-02-30T00:00:00Z' }]) {
      expect([bad, (await t.http.post('/api/v1/notifications/read-all', bad, clerk.token)).status]).toEqual([bad, 400]);
    }
    expect((await unread()).total).toBe(first.total);
    expect(await t.http.post('/api/v1/notifications/read-all', {}, clerk.token)).toMatchObject({ status: 200, body: { marked: first.total } });
    expect((await unread()).total).toBe(0);
    expect((await t.http.post('/api/v1/notifications/read-all', {}, clerk.token)).body).toEqual({ marked: 0 });
    expect((await t.http.post('/api/v1/notifications/read-all', {})).status).toBe(401);
  });

  it('finds a subject by the beginning of a word, every word given, through the API and the queue', async () => {
    const filed = await fileInquiry(t, requester.token, { subject: 'Détention provisoire et interprètes' });
    const found = async (q: string) =>
      ((await t.http.get(`/api/v1/inquiries?q=${encodeURIComponent(q)}&limit=100`, w.secretariat.token)).body.items as Array<{ id: string }>).map((i) => i.id);
    expect(await found('custo')).toEqual(expect.arrayContaining([ids['new-urgent'], ids.closed]));
    expect(await found('cus')).toContain(ids.working);
    expect(await found('custody')).toHaveLength(6);
    expect(await found('regis custo')).toHaveLength(5);
    expect(await found('regis working')).toEqual([ids.working]);
    expect(await found('detent interpr')).toEqual([filed.id]);
    expect(await found('interpretes')).toEqual([filed.id]);
    // Two letters find only a whole word; a beginning must be three.
    expect(await found('cu')).toEqual([]);
    expect(await found('ustod')).toEqual([]);
    // A requester finds only its own, by the beginning as well.
    const other = await createUser(t, w.admin, { role: 'requester', organizationId: w.orgB });
    expect((await t.http.get('/api/v1/inquiries?q=custo', other.token)).body.total).toBe(0);
    const page = new WebClient(t.url);
    await page.signIn(clerk.email, clerk.password);
    const res = await page.get('/inquiries?tab=all&q=provis');
    expect(rowsOf(res.html)).toBe(1);
    expect(res.html).toContain('Détention provisoire et interprètes');
  });

  it('indexes the beginnings of the words of inquiries filed before the index existed, at start', async () => {
    const old = await fileInquiry(t, requester.token, { subject: 'Solitary confinement' });
    // As the inquiries were before this version: whole words only, and the backfill to do.
    // (PostgreSQL: the inquiry's set of tokens holds its whole words only, see the migration SearchTokenSets.)
    await t.dataSource.query(
      t.dataSource.options.type === 'postgres'
        ? 'UPDATE inquiry_search_set SET tokens = ARRAY(SELECT token FROM inquiry_search_token WHERE "inquiryId" = $1 ORDER BY token) WHERE "inquiryId" = $1'
        : 'DELETE FROM inquiry_prefix_token WHERE "inquiryId" = ?',
      [old.id],
    );
    await t.dataSource.query(`UPDATE backfill_state SET cursor = NULL, "doneAt" = NULL WHERE job = 'subject-prefixes'`);
    const found = async (q: string) => (await t.http.get(`/api/v1/inquiries?q=${q}`, w.secretariat.token)).body.total as number;
    expect(await found('confinement')).toBe(1);
    expect(await found('confin')).toBe(0);
    // The job of this instance has found its work done at start and does not look again by itself: run it as a start would.
    expect(await t.app.get(SubjectPrefixBackfill).runToEnd()).toBeGreaterThanOrEqual(8);
    expect(await found('confin')).toBe(1);
    expect(await found('solit')).toBe(1);
    const [state] = (await t.dataSource.query(`SELECT "doneAt" FROM backfill_state WHERE job = 'subject-prefixes'`)) as Array<{ doneAt: string | null }>;
    expect(state.doneAt).not.toBeNull();
  });
});
