import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '../../src/common/ids.js';
import { RawSql } from '../../src/database/raw-sql.js';
import { InquiryRepository } from '../../src/inquiries/inquiry.repository.js';
import { startApp, type TestApp } from '../support/app.js';
import { createPostgresDatabase } from '../support/postgres.js';
import { buildWorld, fileInquiry, inquiryInput, type World } from '../support/world.js';

const REFERENCE = /^CTI-\d{4}-\d{4,}$/;

/** Intakes sent at once: each gets its own reference, and the kept counts by status stay exact. */
async function fileAtOnce(t: TestApp, w: World, n: number): Promise<string[]> {
  const tokens = [w.requester.token, w.colleague.token, w.foreigner.token];
  const results = await Promise.all(Array.from({ length: n }, (_, i) => t.http.post('/api/v1/inquiries', inquiryInput(), tokens[i % tokens.length])));
  expect(results.map((r) => r.status)).toEqual(Array(n).fill(201));
  return results.map((r) => r.body.reference as string);
}

async function expectCountsKept(t: TestApp, w: World): Promise<void> {
  const [{ n }] = (await t.dataSource.query("SELECT COUNT(*) AS n FROM inquiry WHERE status = 'submitted'")) as Array<{ n: unknown }>;
  const listed = await t.http.get('/api/v1/inquiries?status=submitted&limit=1', w.secretariat.token);
  expect(listed.body.total).toBe(Number(n));
}

describe('concurrent intakes', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('gives 30 intakes sent at once 30 different references, and counts them all', async () => {
    // The first intakes of the year, all at once (on PostgreSQL they make the year's sequence, more than the pool's connections at a time).
    const references = await fileAtOnce(t, w, 30);
    const next = await fileInquiry(t, w.requester.token);
    expect(references.filter((r) => !REFERENCE.test(r))).toEqual([]);
    expect(new Set([next.reference, ...references]).size).toBe(31);
    await expectCountsKept(t, w);
  });
});

/**
 * On PostgreSQL an intake held open (another request's transaction that has taken its reference
 * number and added to the count of submitted inquiries, not yet committed) does not hold up the
 * next one: no row that every intake writes stays locked until a commit. Before issue 16's change
 * the second intake waited for the year's counter row, and was refused with a 503 at the lock
 * timeout. PostgreSQL only (SQLite writes one transaction at a time by design); it runs on the
 * server of TEST_DATABASE_URL, else the local one, in both runs.
 */
describe('an intake held open on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    db = await createPostgresDatabase();
    t = await startApp({ DATABASE_URL: db.url });
    w = await buildWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('does not block a second intake from committing, and the references stay unique', async () => {
    const model = await fileInquiry(t, w.requester.token);
    const repo = t.app.get(InquiryRepository);
    const sql = t.app.get(RawSql);
    const template = (await repo.findForSystem(model.id))!;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let taken!: () => void;
    const hasWritten = new Promise<void>((resolve) => (taken = resolve));
    let heldReference = '';
    // The writes of an intake, through the service's own code, in a transaction left open.
    const held = t.dataSource.transaction(async (em) => {
      const year = new Date(template.createdAt).getUTCFullYear();
      heldReference = `CTI-${year}-${String(await repo.nextReferenceNumber(year, em)).padStart(4, '0')}`;
      await sql.writeAll(repo.intakeWrites({ ...template, id: newId(), reference: heldReference }, [], []), em);
      taken();
      await gate;
    });
    try {
      await hasWritten;
      const started = Date.now();
      const second = await t.http.post('/api/v1/inquiries', inquiryInput(), w.colleague.token);
      // Waiting for the held transaction would end in the lock timeout's 503 after 5 s.
      expect(second.status).toBe(201);
      expect(Date.now() - started).toBeLessThan(4000);
      const [open] = (await db.query<{ n: string }>('SELECT COUNT(*) AS n FROM inquiry WHERE id = $1', [second.body.id])) as Array<{ n: string }>;
      expect(Number(open.n)).toBe(1);
      expect(second.body.reference).not.toBe(heldReference);
    } finally {
      release();
      await held;
    }
    const references = await fileAtOnce(t, w, 20);
    const all = ((await db.query<{ reference: string }>('SELECT reference FROM inquiry')) as Array<{ reference: string }>).map((r) => r.reference);
    expect(all).toContain(heldReference);
    expect(new Set(all).size).toBe(all.length);
    expect(references.filter((r) => !REFERENCE.test(r))).toEqual([]);
    await expectCountsKept(t, w);
  });
});
