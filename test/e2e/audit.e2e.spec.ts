import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { AuditAdversary } from '../support/audit-adversary.js';
import { runCli } from '../support/cli.js';
import { buildWorld, fileInquiry, type World } from '../support/world.js';

describe('the audit trail', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('records reads and changes with the actor, and lists them by filter', async () => {
    const inquiry = await fileInquiry(t, w.requester.token);
    await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.requester.token);
    await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.secretariat.token);
    const reads = await t.http.get(`/api/v1/audit?inquiryId=${inquiry.id}&action=inquiry.read`, w.secretariat.token);
    expect(reads.status).toBe(200);
    expect(reads.body.total).toBe(2);
    expect(reads.body.items.map((e: { actorId: string }) => e.actorId)).toEqual([w.secretariat.id, w.requester.id]);
    const byActor = await t.http.get(`/api/v1/audit?actorId=${w.requester.id}&limit=1`, w.secretariat.token);
    expect(byActor.body.items).toHaveLength(1);
    expect(byActor.body.nextCursor).not.toBeNull();
    const next = await t.http.get(`/api/v1/audit?actorId=${w.requester.id}&limit=1&cursor=${byActor.body.nextCursor}`, w.secretariat.token);
    // Not sealed yet (tests seal by hand): the cursor is the last entry's id, and ids are time-ordered.
    expect(byActor.body.items[0]).toMatchObject({ seq: null, hash: null, sealed: false });
    expect(next.body.items[0].id < byActor.body.items[0].id).toBe(true);
    expect((await t.http.get('/api/v1/audit', w.requester.token)).status).toBe(403);
    expect((await t.http.get('/api/v1/audit?action=DROP TABLE', w.secretariat.token)).status).toBe(400);
  });

  it('stays one chain under concurrent commands', async () => {
    await Promise.all(Array.from({ length: 15 }, () => fileInquiry(t, w.requester.token)));
    expect(await t.seal()).toBeGreaterThan(15);
    const verify = await t.http.get('/api/v1/audit/verify', w.secretariat.token);
    expect(verify.body).toMatchObject({ ok: true, firstBadId: null, unsealed: 0, oldestUnsealedSeconds: null, problems: [] });
    expect(verify.body.entries).toBeGreaterThan(15);
    expect(verify.body.sealed).toBe(verify.body.entries);
  });

  it("finds an entry edited behind the application's back, over the API and from the CLI", async () => {
    const inquiry = await fileInquiry(t, w.requester.token);
    const [victim] = (await t.dataSource.query(
      t.db.kind === 'postgres' ? 'SELECT id FROM audit_entry WHERE "inquiryId" = $1' : 'SELECT id FROM audit_entry WHERE "inquiryId" = ?',
      [inquiry.id],
    )) as Array<{ id: string }>;
    await t.seal();
    expect((await runCli(t, ['audit:verify'])).code).toBe(0);
    await new AuditAdversary(t.dataSource).dropGuards();
    await t.dataSource.query(
      t.db.kind === 'postgres' ? `UPDATE audit_entry SET details = '{"forged":true}' WHERE id = $1` : `UPDATE audit_entry SET details = '{"forged":true}' WHERE id = ?`,
      [victim.id],
    );
    const verify = await t.http.get('/api/v1/audit/verify', w.secretariat.token);
    expect(verify.body).toMatchObject({ ok: false, firstBadId: victim.id });
    const cli = await runCli(t, ['audit:verify']);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: false, firstBadId: victim.id });
  });

  it('finds a deleted entry', async () => {
    const other = await startApp();
    try {
      const world = await buildWorld(other);
      for (let i = 0; i < 3; i++) await fileInquiry(other, world.requester.token);
      await other.seal();
      await new AuditAdversary(other.dataSource).dropGuards();
      const rows = (await other.dataSource.query('SELECT id, seq FROM audit_entry ORDER BY seq')) as Array<{ id: string; seq: number }>;
      const middle = rows[Math.floor(rows.length / 2)];
      await other.dataSource.query(other.db.kind === 'postgres' ? 'DELETE FROM audit_entry WHERE id = $1' : 'DELETE FROM audit_entry WHERE id = ?', [middle.id]);
      const verify = await other.http.get('/api/v1/audit/verify', world.secretariat.token);
      expect(verify.body.ok).toBe(false);
      expect(verify.body.firstBadId).toBe(rows[rows.indexOf(middle) + 1].id);
    } finally {
      await other.close();
    }
  });
});
