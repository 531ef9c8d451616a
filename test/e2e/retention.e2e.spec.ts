import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type TestApp } from '../support/app.js';
import { WebClient } from '../support/browser.js';
import { runCli } from '../support/cli.js';
import { expectRefusedBeside, valueOf } from '../support/form-html.js';
import { buildWorld, fileInquiry, type World } from '../support/world.js';

const MONTH = 31 * 86_400_000;

/** Retention over the real app and CLI, on the database the suite runs on, time moved by the app's clock. */
describe('retention: policy, legal hold, purge', () => {
  let t: TestApp;
  let w: World;
  let withdrawn: { id: string; reference: string };
  let closed: { id: string; reference: string };
  let held: { id: string; reference: string };
  const rows = async (sql: string, params: unknown[]) =>
    (await t.dataSource.query(t.db.kind === 'postgres' ? sql.replace(/\?/g, (_, i: number) => `$${String(i)}`) : sql, params)) as Array<Record<string, unknown>>;
  const countOf = async (table: string, id: string) => {
    const [row] = await rows(`SELECT COUNT(*) AS n FROM ${table} WHERE "inquiryId" = ${t.db.kind === 'postgres' ? '$1' : '?'}`, [id]);
    return Number(row.n);
  };
  // Moving the clock ends every session: sign in again.
  const travel = async (ms: number) => {
    t.clock.travel(ms);
    for (const actor of [w.requester, w.colleague, w.secretariat, w.expert] as Array<{ email: string; token: string; password?: string }>) {
      const res = await t.http.post('/api/v1/auth/login', { email: actor.email, password: actor.password });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
      actor.token = res.body.token;
    }
  };
  const kekFiles = () => (existsSync(join(t.dataDir, 'keys')) ? readdirSync(join(t.dataDir, 'keys')) : []);

  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0', REPORT_THRESHOLD: '2' });
    w = await buildWorld(t);
    const file = async (n: number) => fileInquiry(t, w.requester.token, { subject: `RETSUBJ${n}QZX custody`, body: `RETBODY${n}QZX the register` });
    withdrawn = await file(1);
    closed = await file(2);
    held = await file(3);
    expect((await t.http.post(`/api/v1/inquiries/${withdrawn.id}/participants`, { userId: w.colleague.id }, w.requester.token)).status).toBe(201);
    expect((await t.http.post(`/api/v1/inquiries/${withdrawn.id}/messages`, { body: 'RETMSG1QZX a follow-up' }, w.requester.token)).status).toBe(201);
    for (const i of [withdrawn, held]) expect((await t.http.post(`/api/v1/inquiries/${i.id}/transitions`, { to: 'withdrawn' }, w.requester.token)).status).toBe(200);
    const close = await t.http.post(`/api/v1/inquiries/${closed.id}/transitions`, { to: 'closed', outcome: 'duplicate', reason: 'filed twice' }, w.secretariat.token);
    expect(close.status).toBe(200);
  });
  afterAll(() => t?.close());

  it('has the defaults: five years after closure, one year after withdrawal', async () => {
    const res = await t.http.get('/api/v1/retention', w.secretariat.token);
    expect(res.status).toBe(200);
    const months = Object.fromEntries(res.body.periods.map((p: { outcome: string; months: number }) => [p.outcome, p.months]));
    expect(months.withdrawn).toBe(12);
    expect(months.duplicate).toBe(60);
    expect(months['advice-provided']).toBe(60);
    expect((await t.http.get('/api/v1/retention', w.requester.token)).status).toBe(403);
    expect((await t.http.get('/api/v1/retention/due', w.expert.token)).status).toBe(403);
  });

  it('refuses a period of zero or below, an unknown outcome, a hold without reason; nothing changes', async () => {
    for (const body of [
      { periods: [{ outcome: 'withdrawn', months: 0 }] },
      { periods: [{ outcome: 'withdrawn', months: -3 }] },
      { periods: [{ outcome: 'lost', months: 3 }] },
      { periods: [] },
      { periods: [{ outcome: 'withdrawn', months: 3, x: 1 }] },
      { periods: [[]] },
    ]) {
      expect((await t.http.put('/api/v1/retention', body, w.secretariat.token)).status).toBe(400);
    }
    expect((await t.http.put(`/api/v1/retention/holds/${held.id}`, {}, w.secretariat.token)).status).toBe(400);
    expect((await t.http.put(`/api/v1/retention/holds/${held.id}`, { reason: '   ' }, w.secretariat.token)).status).toBe(400);
    const res = await t.http.get('/api/v1/retention', w.secretariat.token);
    expect(res.body.periods.every((p: { isDefault: boolean }) => p.isDefault)).toBe(true);
  });

  it('a legal hold with a reason is set, listed and audited without its reason', async () => {
    const res = await t.http.put(`/api/v1/retention/holds/${held.id}`, { reason: 'HOLDREASONQZX pending court case' }, w.secretariat.token);
    expect(res.status).toBe(200);
    expect(res.body.reference).toBe(held.reference);
    const holds = await t.http.get('/api/v1/retention/holds', w.secretariat.token);
    expect(holds.body.map((h: { inquiryId: string; reason: string }) => [h.inquiryId, h.reason])).toEqual([[held.id, 'HOLDREASONQZX pending court case']]);
    const audit = await t.http.get(`/api/v1/audit?inquiryId=${held.id}&action=retention.hold-set`, w.secretariat.token);
    expect(audit.body.items).toHaveLength(1);
    expect(JSON.stringify(audit.body.items)).not.toContain('HOLDREASON');
  });

  it('the secretariat page shows the periods and the holds, and changes a period (a bad one is refused)', async () => {
    const web = new WebClient(t.url);
    await web.signIn(w.secretariat.email, (w.secretariat as { password?: string }).password!);
    const page = await web.get('/admin/retention?lang=en');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Legal holds');
    expect(page.html).toContain(held.reference);
    expect(page.html).toContain('HOLDREASONQZX');
    // A refused period: the page again (400), the error beside that row's field only, what was typed kept.
    const refused = await web.post('/admin/retention', { outcome: 'no-response', months: '0' });
    expect(refused.status).toBe(400);
    expectRefusedBeside(refused.html, 'months-no-response', /out of the allowed range/);
    expect(valueOf(refused.html, 'months-no-response')).toBe('0');
    expect(refused.html.match(/aria-invalid="true"/g)).toHaveLength(1);
    expect(valueOf(refused.html, 'months-withdrawn')).toBe('12');
    expect(refused.html).toContain(held.reference);
    expect((await t.http.get('/api/v1/retention', w.secretariat.token)).body.periods.find((p: { outcome: string }) => p.outcome === 'no-response').months).toBe(60);
    const arabic = await web.get('/admin/retention?lang=ar');
    const words = await web.post('/admin/retention', { outcome: 'duplicate', months: 'sixty' });
    expect(words.status).toBe(400);
    expect(arabic.status).toBe(200);
    expect(expectRefusedBeside(words.html, 'months-duplicate', /[\u0600-\u06FF]/)).not.toMatch(/[a-z]{3}/);
    expect(valueOf(words.html, 'months-duplicate')).toBe('sixty');
    expect((await t.http.get('/api/v1/retention', w.secretariat.token)).body.periods.every((p: { isDefault: boolean }) => p.isDefault)).toBe(true);
    await web.get('/admin/retention?lang=fr');
    expect((await web.post('/admin/retention', { outcome: 'no-response', months: '36' })).status).toBe(303);
    expect((await t.http.get('/api/v1/retention', w.secretariat.token)).body.periods.find((p: { outcome: string }) => p.outcome === 'no-response')).toEqual({
      outcome: 'no-response',
      months: 36,
      isDefault: false,
    });
    expect((await web.get('/admin/retention?lang=fr')).html).toContain('Conservation');
    const requesterWeb = new WebClient(t.url);
    await requesterWeb.signIn(w.requester.email, (w.requester as { password?: string }).password!);
    expect((await requesterWeb.get('/admin/retention')).status).toBe(403);
  });

  it('purges nothing before the period ends', async () => {
    await travel(11 * MONTH);
    expect((await t.http.get('/api/v1/retention/due', w.secretariat.token)).body.items).toEqual([]);
    const run = await runCli(t, ['retention:purge']);
    expect(run.code).toBe(0);
    // The CLI's own clock is the real one: still nothing due.
    expect(run.stdout).toContain('0 purged');
    expect(await countOf('message', withdrawn.id)).toBe(1);
    // Its keyed words (PostgreSQL: and their beginnings, one set) are there until the purge.
    expect(await countOf(t.db.kind === 'postgres' ? 'inquiry_search_set' : 'inquiry_prefix_token', withdrawn.id)).toBeGreaterThan(0);
  });

  it('lists what is due (references and dates only), the held one flagged, then purges all but the held one', async () => {
    await travel(2 * MONTH);
    const due = await t.http.get('/api/v1/retention/due', w.secretariat.token);
    expect(due.status).toBe(200);
    expect(due.body.items.map((i: { reference: string; held: boolean }) => [i.reference, i.held])).toEqual([
      [withdrawn.reference, false],
      [held.reference, true],
    ]);
    expect(Object.keys(due.body.items[0]).sort()).toEqual(['endedAt', 'held', 'inquiryId', 'outcome', 'purgeOn', 'reference']);
    // The reports count a purged inquiry as before: it keeps what they read (dates, status, outcome, topics, State, kind).
    const year = new Date().getUTCFullYear();
    const report = () => t.http.get(`/api/v1/reports?from=${year - 1}-01-01&to=${year + 1}-12-31`, w.secretariat.token);
    const before = await report();
    expect(before.status).toBe(200);
    const { RetentionService } = await import('../../src/retention/retention.service.js');
    const result = await t.app.get(RetentionService).purge();
    expect(result.purged).toBe(1);
    const after = await report();
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
    // The other inquiries of its month still need the month key.
    expect(result.keysDestroyed).toEqual([]);
    expect(kekFiles()).toHaveLength(1);
  });

  it('the purged inquiry keeps its facts, loses its content, and says so to everyone who could see it', async () => {
    for (const token of [w.requester.token, w.secretariat.token]) {
      const res = await t.http.get(`/api/v1/inquiries/${withdrawn.id}`, token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ reference: withdrawn.reference, status: 'withdrawn', outcome: 'withdrawn', subject: '', body: '', participantIds: [] });
      expect(typeof res.body.purgedAt).toBe('string');
    }
    // The colleague it was shared with is no longer a participant.
    expect((await t.http.get(`/api/v1/inquiries/${withdrawn.id}`, w.colleague.token)).status).toBe(404);
    const list = await t.http.get('/api/v1/inquiries', w.requester.token);
    expect(list.body.items.find((i: { id: string }) => i.id === withdrawn.id).purgedAt).not.toBeNull();
    expect((await t.http.get(`/api/v1/inquiries/${withdrawn.id}/messages`, w.requester.token)).body.items ?? []).toEqual([]);
    expect((await t.http.get('/api/v1/inquiries?q=retsubj1qzx', w.requester.token)).body.items).toEqual([]);
    const tokenTables = t.db.kind === 'postgres' ? ['inquiry_search_token', 'inquiry_search_set'] : ['inquiry_search_token', 'inquiry_prefix_token'];
    for (const table of ['message', 'attachment', 'inquiry_participant', ...tokenTables]) expect(await countOf(table, withdrawn.id)).toBe(0);
    const [row] = await rows(`SELECT "subjectSealed", "bodySealed", "wrappedKey", tags, topics, country FROM inquiry WHERE id = ${t.db.kind === 'postgres' ? '$1' : '?'}`, [
      withdrawn.id,
    ]);
    expect(row).toMatchObject({ subjectSealed: '', bodySealed: '', wrappedKey: '', tags: '[]', country: 'XA' });
    expect(JSON.parse(row.topics as string)).toEqual(['police-custody-safeguards']);
    const web = new WebClient(t.url);
    await web.signIn(w.requester.email, (w.requester as { password?: string }).password!);
    const page = await web.get(`/inquiries/${withdrawn.id}?lang=en`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Purged on');
    expect((await web.get('/inquiries?lang=fr')).html).toContain('Purgée le');
    const audit = await t.http.get(`/api/v1/audit?inquiryId=${withdrawn.id}&action=inquiry.purged`, w.secretariat.token);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0].actorId).toBeNull();
  });

  it('the held inquiry and the closed one keep their content; the audit chain verifies', async () => {
    expect((await t.http.get(`/api/v1/inquiries/${held.id}`, w.requester.token)).body.subject).toBe('RETSUBJ3QZX custody');
    expect((await t.http.get(`/api/v1/inquiries/${closed.id}`, w.requester.token)).body.subject).toBe('RETSUBJ2QZX custody');
    expect((await t.http.get('/api/v1/audit/verify', w.secretariat.token)).body.ok).toBe(true);
    const verify = await runCli(t, ['audit:verify']);
    expect(verify.code).toBe(0);
  });

  it('a purged inquiry cannot be held; a released hold lets the next purge take it', async () => {
    expect((await t.http.put(`/api/v1/retention/holds/${withdrawn.id}`, { reason: 'too late now' }, w.secretariat.token)).status).toBe(409);
    expect((await t.http.delete(`/api/v1/retention/holds/${withdrawn.id}`, w.secretariat.token)).status).toBe(404);
    expect((await t.http.delete(`/api/v1/retention/holds/${held.id}`, w.secretariat.token)).status).toBe(204);
    const { RetentionService } = await import('../../src/retention/retention.service.js');
    expect((await t.app.get(RetentionService).purge()).purged).toBe(1);
    expect((await t.http.get(`/api/v1/inquiries/${held.id}`, w.requester.token)).body.purgedAt).not.toBeNull();
  });

  it('a changed period is audited and applies; the last purge of a month destroys its key', async () => {
    const res = await t.http.put('/api/v1/retention', { periods: [{ outcome: 'duplicate', months: 24 }] }, w.secretariat.token);
    expect(res.status).toBe(200);
    expect(res.body.periods.find((p: { outcome: string }) => p.outcome === 'duplicate')).toEqual({ outcome: 'duplicate', months: 24, isDefault: false });
    const audit = await t.http.get('/api/v1/audit?action=retention.policy-changed', w.secretariat.token);
    expect(audit.body.items[0].details).toEqual({ periods: ['duplicate=24'] });
    await travel(12 * MONTH);
    const { RetentionService } = await import('../../src/retention/retention.service.js');
    const before = kekFiles();
    expect(before).toHaveLength(1);
    // The world's other inquiries? None: only these three were filed, so the month empties.
    const result = await t.app.get(RetentionService).purge();
    expect(result.purged).toBe(1);
    expect(result.keysDestroyed).toHaveLength(1);
    expect(kekFiles()).toEqual([]);
    expect((await t.http.get(`/api/v1/inquiries/${closed.id}`, w.secretariat.token)).body).toMatchObject({ subject: '', outcome: 'duplicate', status: 'closed' });
    expect((await t.http.get('/api/v1/audit/verify', w.secretariat.token)).body.ok).toBe(true);
  });

  it('leaves no marker of the purged content in any file under DATA_DIR (database, WAL, keys)', () => {
    const grep = spawnSync('grep', ['-rlaF', '-e', 'RETSUBJ', '-e', 'RETBODY', '-e', 'RETMSG', '-e', 'HOLDREASON', t.dataDir], { encoding: 'utf8' });
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1);
  });
});
