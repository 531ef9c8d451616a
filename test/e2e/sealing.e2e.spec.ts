import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataKeys } from '../../src/crypto/data-keys.js';
import { startApp, type TestApp } from '../support/app.js';
import { runCli } from '../support/cli.js';
import { buildWorld, fileInquiry, type World } from '../support/world.js';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

describe('sealing at rest', () => {
  let t: TestApp;
  let w: World;
  const markers: string[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    // The read loop below outruns the per-user rate limit on purpose.
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0' });
    w = await buildWorld(t);
    for (let i = 0; i < 5; i++) {
      const subject = `SUBJMARK${i}QZX custody register`;
      const body = `BODYMARK${i}QZX what must the register hold?`;
      markers.push(`SUBJMARK${i}QZX`, `BODYMARK${i}QZX`);
      ids.push((await fileInquiry(t, w.requester.token, { subject, body })).id);
    }
    await t.http.patch(`/api/v1/inquiries/${ids[0]}`, { version: 1, tags: ['TAGMARKQZX'] }, w.secretariat.token);
  });
  afterAll(() => t.close());

  it('reads back exactly what was filed', async () => {
    const res = await t.http.get(`/api/v1/inquiries/${ids[2]}`, w.requester.token);
    expect(res.body.subject).toBe('SUBJMARK2QZX custody register');
    expect(res.body.body).toBe('BODYMARK2QZX what must the register hold?');
    const found = await t.http.get('/api/v1/inquiries?q=subjmark2qzx', w.requester.token);
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2]]);
  });

  it('opens a text again only for the inquiry and field it was sealed for, and a changed one afresh, whatever was opened before', () => {
    const keys = t.app.get(DataKeys);
    const now = new Date().toISOString();
    const a = keys.create(randomUUID(), now);
    const b = keys.create(randomUUID(), now);
    const first = a.cipher.seal('subject', 'first wording');
    expect(a.cipher.openText('subject', first)).toBe('first wording');
    // Kept for a minute now: the same value copied to another inquiry or another field still fails there.
    expect(() => b.cipher.openText('subject', first)).toThrow();
    expect(() => a.cipher.openText('body', first)).toThrow();
    const second = a.cipher.seal('subject', 'second wording');
    expect(a.cipher.openText('subject', second)).toBe('second wording');
    expect(a.cipher.openText('subject', first)).toBe('first wording');
  });

  it('leaves no subject or body marker in any file under DATA_DIR (database, WAL, keys, mail)', async () => {
    const files = await filesUnder(t.dataDir);
    if (t.db.kind === 'sqlite') expect(files.some((f) => f.endsWith('.sqlite'))).toBe(true);
    // Scanned by another process: opening and closing the database files in this one would drop
    // the running service's POSIX locks on them (a SQLite rule), and the next process to open the
    // database would then reset the shared-memory file under it.
    const grep = spawnSync('grep', ['-rlaF', ...markers.flatMap((m) => ['-e', m]), t.dataDir], { encoding: 'utf8' });
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1);
    const control = spawnSync('grep', ['-rlaF', '-e', 'SQLite format 3', t.dataDir], { encoding: 'utf8' });
    expect(control.status).toBe(t.db.kind === 'sqlite' ? 0 : 1);
  });

  it('stores no plaintext of them in any column either', async () => {
    const rows = JSON.stringify(await t.dataSource.query('SELECT * FROM inquiry'));
    const tokens = JSON.stringify(await t.dataSource.query('SELECT * FROM inquiry_search_token'));
    const audit = JSON.stringify(await t.dataSource.query('SELECT * FROM audit_entry'));
    const outbox = JSON.stringify(await t.dataSource.query('SELECT * FROM outbox_event'));
    for (const marker of markers) {
      for (const dump of [rows, tokens, audit, outbox]) expect(dump.toLowerCase()).not.toContain(marker.toLowerCase());
    }
    expect(t.logs()).not.toContain('QZX');
  });

  it("stores an inquiry's keyed words in token order, never in the subject's word order", async () => {
    // On SQLite the insertion order survives as the rowid; on PostgreSQL as the physical order.
    const order = t.db.kind === 'sqlite' ? 'rowid' : 'ctid';
    const rows = (await t.dataSource.query(`SELECT "inquiryId", token FROM inquiry_search_token ORDER BY ${order}`)) as Array<{ inquiryId: string; token: string }>;
    const byInquiry = new Map<string, string[]>();
    for (const r of rows) byInquiry.set(r.inquiryId, [...(byInquiry.get(r.inquiryId) ?? []), r.token]);
    expect([...byInquiry.values()].some((tokens) => tokens.length > 2)).toBe(true);
    for (const tokens of byInquiry.values()) expect(tokens).toEqual([...tokens].sort());
    if (t.db.kind !== 'postgres') return;
    // PostgreSQL's one set per inquiry (words and beginnings) is sorted too, and holds every whole word.
    const sets = (await t.dataSource.query('SELECT "inquiryId", tokens FROM inquiry_search_set')) as Array<{ inquiryId: string; tokens: string[] }>;
    expect(sets.length).toBe(byInquiry.size);
    for (const set of sets) {
      expect(set.tokens).toEqual([...set.tokens].sort());
      expect(set.tokens).toEqual(expect.arrayContaining(byInquiry.get(set.inquiryId)!));
      expect(set.tokens.length).toBeGreaterThan(byInquiry.get(set.inquiryId)!.length);
    }
  });

  it('rotates the master key with reads going on, re-wrapping every data key', async () => {
    const before = (await t.dataSource.query('SELECT "wrappedKey" FROM inquiry')) as Array<{ wrappedKey: string }>;
    const oldIds = new Set(before.map((r) => r.wrappedKey.split(':')[0]));
    expect(oldIds.size).toBe(1);
    let reading = true;
    const failures: number[] = [];
    const reads = (async () => {
      while (reading) {
        const r = await t.http.get(`/api/v1/inquiries/${ids[1]}`, w.requester.token);
        if (r.status !== 200 || r.body.subject !== 'SUBJMARK1QZX custody register') failures.push(r.status);
      }
    })();
    const rotated = await runCli(t, ['keys:rotate']);
    // Intake during and after the rotation still works and reads back.
    const late = await fileInquiry(t, w.requester.token, { subject: 'filed after rotation' });
    reading = false;
    await reads;
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    expect(failures).toEqual([]);
    const after = (await t.dataSource.query('SELECT "wrappedKey" FROM inquiry')) as Array<{ wrappedKey: string }>;
    const newIds = new Set(after.map((r) => r.wrappedKey.split(':')[0]));
    expect(newIds.size).toBe(1);
    expect([...newIds][0]).not.toBe([...oldIds][0]);
    const keyFile = (await readFile(join(t.dataDir, 'master.key'), 'utf8')).trim().split('\n');
    expect(keyFile).toHaveLength(1);
    expect((await t.http.get(`/api/v1/inquiries/${late.id}`, w.requester.token)).body.subject).toBe('filed after rotation');
    for (const id of ids) expect((await t.http.get(`/api/v1/inquiries/${id}`, w.secretariat.token)).status).toBe(200);
  });
});
