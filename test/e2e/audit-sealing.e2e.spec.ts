import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createUser } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { AuditAdversary } from '../support/audit-adversary.js';
import { DigestMailer } from '../../src/notifications/digest.js';
import { WebClient } from '../support/browser.js';
import { runCli } from '../support/cli.js';
import { mailText, subjectOf } from '../support/mail-text.js';
import { buildWorld, fileInquiry, type World } from '../support/world.js';

type Verification = {
  ok: boolean;
  entries: number;
  firstBadId: string | null;
  sealed: number;
  unsealed: number;
  oldestUnsealedSeconds: number | null;
  checkpoints: number;
  problems: string[];
};

/**
 * The audit trail against someone who holds a writable copy of the database but none of the keys:
 * each tampering is found and named, by the keyed links or by the signed checkpoints kept outside
 * the database; and the database itself refuses to change or drop a sealed entry.
 */
describe('the sealed audit trail', () => {
  /** A fresh service with a few sealed entries and a checkpoint of them, for one attack. */
  async function victim(): Promise<{ t: TestApp; w: World; adversary: AuditAdversary; verify(): Promise<Verification> }> {
    const t = await startApp();
    const w = await buildWorld(t);
    for (let i = 0; i < 3; i++) await fileInquiry(t, w.requester.token);
    await t.seal();
    const verify = async () => (await t.http.get('/api/v1/audit/verify', w.secretariat.token)).body as Verification;
    expect(await verify()).toMatchObject({ ok: true, unsealed: 0, checkpoints: 1, problems: [] });
    return { t, w, adversary: new AuditAdversary(t.dataSource), verify };
  }

  describe('a running service', () => {
    let t: TestApp;
    let w: World;
    beforeAll(async () => {
      t = await startApp();
      w = await buildWorld(t);
    });
    afterAll(() => t.close());

    it('lists entries before they are sealed, then with their place in the chain, paging across both', async () => {
      const inquiry = await fileInquiry(t, w.requester.token);
      for (let i = 0; i < 2; i++) await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.requester.token);
      await t.seal();
      for (let i = 0; i < 3; i++) await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.secretariat.token);
      const seen: Array<{ id: string; seq: number | null; sealed: boolean }> = [];
      let cursor = '';
      do {
        const page = await t.http.get(`/api/v1/audit?inquiryId=${inquiry.id}&limit=2${cursor}`, w.secretariat.token);
        expect(page.status).toBe(200);
        expect(page.body.total).toBe(6);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor ? `&cursor=${page.body.nextCursor}` : '';
      } while (cursor);
      expect(seen.map((e) => e.sealed)).toEqual([false, false, false, true, true, true]);
      expect(seen.slice(0, 3).every((e) => e.seq === null)).toBe(true);
      const seqs = seen.slice(3).map((e) => e.seq as number);
      expect(seqs).toEqual([seqs[0], seqs[0] - 1, seqs[0] - 2]);
      expect(new Set(seen.map((e) => e.id)).size).toBe(6);
      // The audit page of the inquiry says "pending" where the position will be.
      const clerk = await createUser(t, w.admin, { role: 'secretariat' });
      const page = new WebClient(t.url);
      await page.signIn(clerk.email, clerk.password);
      const html = (await page.get(`/inquiries/${inquiry.id}/audit`)).html;
      expect(html).toContain('>pending</abbr>');
      expect((await page.get(`/inquiries/${inquiry.id}/audit?cursor=${seen[1].id}`)).status).toBe(200);
      expect((await page.get(`/inquiries/${inquiry.id}/audit?cursor=not-a-cursor`)).status).toBe(400);
      expect((await t.http.get('/api/v1/audit?cursor=0123456789abcdef', w.secretariat.token)).status).toBe(400);
    });

    it('says how many entries wait and for how long, and seals them all, once', async () => {
      await fileInquiry(t, w.requester.token);
      t.clock.travel(90_000);
      const waiting = (await t.http.get('/api/v1/audit/verify', w.secretariat.token)).body as Verification;
      expect(waiting.ok).toBe(true);
      expect(waiting.unsealed).toBeGreaterThan(0);
      expect(waiting.oldestUnsealedSeconds).toBeGreaterThanOrEqual(90);
      const sealed = await t.seal();
      expect(sealed).toBe(waiting.unsealed);
      expect(await t.seal()).toBe(0);
      const after = (await t.http.get('/api/v1/audit/verify', w.secretariat.token)).body as Verification;
      expect(after).toMatchObject({ ok: true, unsealed: 0, oldestUnsealedSeconds: null, problems: [] });
      expect(after.sealed).toBe(waiting.sealed + waiting.unsealed);
      expect(after.entries).toBe(after.sealed);
    });

    it('refuses, in the database itself, to change or delete a sealed entry, and to change an unsealed one but by sealing it', async () => {
      const adversary = new AuditAdversary(t.dataSource);
      await fileInquiry(t, w.requester.token);
      const [unsealed] = await adversary.query<{ id: string }>('SELECT id FROM audit_entry WHERE seq IS NULL LIMIT 1');
      await expect(adversary.query(`UPDATE audit_entry SET details = '{}' WHERE id = ?`, [unsealed.id])).rejects.toThrow(/cannot be changed/);
      await expect(adversary.query('DELETE FROM audit_entry WHERE id = ?', [unsealed.id])).rejects.toThrow(/cannot be deleted/);
      await t.seal();
      const [first] = await adversary.sealed();
      await expect(adversary.query(`UPDATE audit_entry SET details = '{"forged":true}' WHERE id = ?`, [first.id])).rejects.toThrow(/cannot be changed/);
      await expect(adversary.query('UPDATE audit_entry SET seq = NULL, hash = NULL, "prevHash" = NULL, "keyVersion" = NULL WHERE id = ?', [first.id])).rejects.toThrow(
        /cannot be changed/,
      );
      await expect(adversary.query('UPDATE audit_entry SET hash = ? WHERE id = ?', ['f'.repeat(64), first.id])).rejects.toThrow(/cannot be changed/);
      await expect(adversary.query('DELETE FROM audit_entry WHERE id = ?', [first.id])).rejects.toThrow(/cannot be deleted/);
      await expect(adversary.query('DELETE FROM audit_entry')).rejects.toThrow(/cannot be deleted/);
      if (t.db.kind === 'postgres') await expect(adversary.query('TRUNCATE audit_entry')).rejects.toThrow(/cannot be deleted/);
      expect((await t.http.get('/api/v1/audit/verify', w.secretariat.token)).body).toMatchObject({ ok: true });
    });

    it('keeps older entries verifiable after keys:rotate, and links newer ones under the new audit key', async () => {
      await fileInquiry(t, w.requester.token);
      await t.seal();
      const rotated = await runCli(t, ['keys:rotate']);
      expect(rotated.code).toBe(0);
      expect(rotated.stdout).toMatch(/audit key version 2 in use/);
      await fileInquiry(t, w.requester.token);
      await t.seal();
      expect((await t.http.get('/api/v1/audit/verify', w.secretariat.token)).body).toMatchObject({ ok: true, unsealed: 0, problems: [] });
      const versions = (await new AuditAdversary(t.dataSource).sealed()).map((e) => e.keyVersion);
      expect(versions[0]).toBe(1);
      expect(versions[versions.length - 1]).toBe(2);
      const cli = await runCli(t, ['audit:verify']);
      expect(cli.code).toBe(0);
      expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true, unsealed: 0 });
    });

    // Last: it moves the clock by hours, past every session.
    it("gives the secretariat's daily digest the latest checkpoint's fingerprint, and nobody else's", async () => {
      const clerk = await createUser(t, w.admin, { role: 'secretariat' });
      expect((await t.http.put('/api/v1/me/notification-preferences', { email: 'daily' }, clerk.token)).status).toBe(200);
      expect((await t.http.put('/api/v1/me/notification-preferences', { email: 'daily' }, w.requester.token)).status).toBe(200);
      const inquiry = await fileInquiry(t, w.requester.token);
      await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'triaged' }, w.secretariat.token);
      await t.notify();
      await t.seal();
      const [line] = (await readFile(join(t.dataDir, 'audit-checkpoints.jsonl'), 'utf8')).trim().split('\n').slice(-1);
      const latest = JSON.parse(line) as { seq: number; hash: string };
      const hour = t.clock.now().getUTCHours();
      t.clock.travel(((24 + 8 - hour) % 24 || 24) * 3_600_000);
      expect(await t.app.get(DigestMailer).run()).toBe(2);
      const digestTo = async (email: string) => {
        const dir = join(t.dataDir, 'mail');
        for (const file of (await readdir(dir)).sort().reverse()) {
          const raw = await readFile(join(dir, file), 'utf8');
          if (raw.includes(`To: ${email}`) && subjectOf(raw).includes('daily summary')) return mailText(raw);
        }
        throw new Error(`no digest to ${email}`);
      };
      expect(await digestTo(clerk.email)).toContain(`Audit checkpoint: #${latest.seq} ${latest.hash.slice(0, 16)}`);
      expect(await digestTo(w.requester.email)).not.toContain('checkpoint');
    });
  });

  it('finds an entry rewritten with every link recomputed as plain hashes', async () => {
    const { t, adversary, verify } = await victim();
    try {
      await adversary.dropGuards();
      const [first] = await adversary.sealed();
      await adversary.query(`UPDATE audit_entry SET details = '{"forged":true}' WHERE id = ?`, [first.id]);
      await adversary.recomputePlainChain();
      const result = await verify();
      expect(result.ok).toBe(false);
      expect(result.firstBadId).toBe(first.id);
      expect(result.problems.join('\n')).toMatch(new RegExp(`entry ${first.id} \\(#1\\): its link does not match`));
    } finally {
      await t.close();
    }
  });

  it('finds the newest entries removed, by the checkpoint outside the database', async () => {
    const { t, adversary, verify } = await victim();
    try {
      const before = await adversary.sealed();
      await adversary.dropGuards();
      await adversary.query('DELETE FROM audit_entry WHERE seq > ?', [before.length - 2]);
      const result = await verify();
      expect(result).toMatchObject({ ok: false, firstBadId: null, entries: before.length - 2, checkpoints: 1 });
      expect(result.problems).toEqual([expect.stringMatching(new RegExp(`the chain ends at #${before.length - 2}, but the checkpoint .* counted ${before.length} entries`))]);
      const cli = await runCli(t, ['audit:verify']);
      expect(cli.code).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('finds an entry removed from the middle', async () => {
    const { t, adversary, verify } = await victim();
    try {
      const entries = await adversary.sealed();
      const middle = entries[Math.floor(entries.length / 2)];
      await adversary.dropGuards();
      await adversary.query('DELETE FROM audit_entry WHERE id = ?', [middle.id]);
      const result = await verify();
      expect(result).toMatchObject({ ok: false, firstBadId: entries[entries.indexOf(middle) + 1].id });
      expect(result.problems[0]).toMatch(/an entry is missing or out of order/);
    } finally {
      await t.close();
    }
  });

  it('finds two entries swapped', async () => {
    const { t, adversary, verify } = await victim();
    try {
      const [, a, b] = await adversary.sealed();
      await adversary.dropGuards();
      // The contents of #2 and #3 change places; positions and links stay where they were.
      await adversary.query('UPDATE audit_entry SET seq = ? WHERE id = ?', [-1, a.id]);
      await adversary.query('UPDATE audit_entry SET seq = ?, "prevHash" = ?, hash = ? WHERE id = ?', [a.seq, a.prevHash, a.hash, b.id]);
      await adversary.query('UPDATE audit_entry SET seq = ?, "prevHash" = ?, hash = ? WHERE id = ?', [b.seq, b.prevHash, b.hash, a.id]);
      expect(await verify()).toMatchObject({ ok: false, firstBadId: b.id });
    } finally {
      await t.close();
    }
  });

  it('finds a checkpoint line not signed by the service', async () => {
    const { t, verify } = await victim();
    try {
      const file = join(t.dataDir, 'audit-checkpoints.jsonl');
      const [line] = (await readFile(file, 'utf8')).trim().split('\n');
      const checkpoint = JSON.parse(line) as { seq: number; hash: string };
      await appendFile(file, JSON.stringify({ ...checkpoint, seq: checkpoint.seq + 5 }) + '\n');
      expect((await verify()).problems).toEqual(["checkpoint line 2 is not signed by this service's audit key"]);
      await writeFile(file, line + '\n');
      expect(await verify()).toMatchObject({ ok: true, checkpoints: 1 });
    } finally {
      await t.close();
    }
  });
});
