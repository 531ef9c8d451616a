import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type TestApp } from '../support/app.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { builtScript, runNode } from '../support/spawn.js';
import { buildWorld, fileInquiry, type World } from '../support/world.js';

const MONTH = 31 * 86_400_000;
// Each step starts the CLI (a process, a database, sometimes the application) several times.
const SLOW = 240_000;

/**
 * Backup and restore over the real CLI against a running service. SQLite whatever the suite runs
 * on: on PostgreSQL the command refuses, pointing at pg_dump, which the last test checks.
 */
describe('backup and restore (SQLite)', () => {
  let dbDir: string;
  let sqliteUrl: string;
  const runCli = (_t: TestApp, args: string[], input?: string) =>
    runNode(builtScript('cli'), args, { env: { DATA_DIR: t.dataDir, DATABASE_URL: sqliteUrl, LOG_LEVEL: 'silent' }, input, timeoutMs: 60_000 });
  let t: TestApp;
  let w: World;
  let purged: { id: string; reference: string };
  let kept: { id: string; reference: string };
  let dbPath: string;
  const backupFile = () => join(t.dataDir, 'before-purge.backup');

  beforeAll(async () => {
    dbDir = await mkdtemp(join(tmpdir(), 'cti-backup-'));
    dbPath = join(dbDir, 'live.sqlite');
    sqliteUrl = `sqlite:${dbPath}`;
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0', DATABASE_URL: sqliteUrl });
    w = await buildWorld(t);
    // Filed and withdrawn fourteen months ago (its own month key), so that the CLI's real clock finds it due.
    t.clock.travel(-14 * MONTH);
    const login = async (a: { email: string; password?: string; token: string }) => {
      a.token = (await t.http.post('/api/v1/auth/login', { email: a.email, password: a.password })).body.token;
    };
    await login(w.requester);
    purged = await fileInquiry(t, w.requester.token, { subject: 'BAKPURGEDQZX custody', body: 'BAKPURGEDBODYQZX register' });
    expect((await t.http.post(`/api/v1/inquiries/${purged.id}/transitions`, { to: 'withdrawn' }, w.requester.token)).status).toBe(200);
    t.clock.travel(14 * MONTH);
    await login(w.requester);
    kept = await fileInquiry(t, w.requester.token, { subject: 'BAKKEPTQZX custody', body: 'kept body' });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dbDir, { recursive: true, force: true });
  });

  it(
    'writes a consistent, checksummed backup while the service takes writes, without any key in it',
    async () => {
      let writing = true;
      const load = (async () => {
        let n = 0;
        while (writing) {
          await fileInquiry(t, w.requester.token, { subject: `load ${n++}` });
        }
        return n;
      })();
      const run = await runCli(t, ['backup', backupFile()]);
      writing = false;
      const written = await load;
      expect(run.stderr).toContain('backup: 100%');
      expect(run.code).toBe(0);
      expect(written).toBeGreaterThan(0);
      expect(run.stdout).toMatch(/sha256 [0-9a-f]{64}/);
      const bytes = readFileSync(backupFile());
      const manifest = JSON.parse(bytes.subarray(0, bytes.indexOf(0x0a)).toString('utf8'));
      expect(manifest).toMatchObject({ format: 'cti-advice-backup/1', encryption: null, schema: 'IntakeWithoutHotRows1769300000000' });
      for (const keyFile of [join(t.dataDir, 'master.key'), ...readdirSync(join(t.dataDir, 'keys')).map((f) => join(t.dataDir, 'keys', f))]) {
        const key = readFileSync(keyFile, 'utf8').trim().split('\n')[0];
        expect(bytes.includes(Buffer.from(key))).toBe(false);
        expect(bytes.includes(Buffer.from(key, 'base64'))).toBe(false);
      }
    },
    SLOW,
  );

  it(
    'refuses an existing path without --force, a directory it cannot write, and a restore onto the running database',
    async () => {
      const exists = await runCli(t, ['backup', backupFile()]);
      expect(exists.code).toBe(1);
      expect(exists.stderr.trim()).toMatch(/exists: give --force/);
      const unwritable = await runCli(t, ['backup', '/proc/cti-backup']);
      expect(unwritable.code).toBe(1);
      expect(unwritable.stderr.trim().split('\n')).toHaveLength(1);
      const running = await runCli(t, ['restore', backupFile(), '--force']);
      expect(running.code).toBe(1);
      expect(running.stderr).toMatch(/in use by a running service/);
    },
    SLOW,
  );

  it(
    'refuses a truncated, a corrupt and a newer-schema backup, changing nothing',
    async () => {
      const bytes = readFileSync(backupFile());
      const truncated = join(t.dataDir, 'truncated.backup');
      copyFileSync(backupFile(), truncated);
      truncateSync(truncated, bytes.length - 1000);
      const corrupt = join(t.dataDir, 'corrupt.backup');
      const flipped = Buffer.from(bytes);
      flipped[flipped.length - 10] ^= 0xff;
      writeFileSync(corrupt, flipped);
      const newer = join(t.dataDir, 'newer.backup');
      const line = bytes.subarray(0, bytes.indexOf(0x0a)).toString('utf8').replace('IntakeWithoutHotRows1769300000000', 'Future1799999999999');
      writeFileSync(newer, Buffer.concat([Buffer.from(line + '\n'), bytes.subarray(bytes.indexOf(0x0a) + 1)]));
      // Against a database path nobody uses, so that only the file is at fault.
      const env = { DATA_DIR: t.dataDir, DATABASE_URL: `sqlite:${join(t.dataDir, 'elsewhere.sqlite')}`, LOG_LEVEL: 'silent' };
      for (const [file, message] of [
        [truncated, /truncated or corrupt/],
        [corrupt, /checksum does not match/],
        [newer, /newer schema/],
      ] as const) {
        const run = await runNode(builtScript('cli'), ['restore', file], { env });
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(message);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(existsSync(join(t.dataDir, 'elsewhere.sqlite'))).toBe(false);
      }
    },
    SLOW,
  );

  it(
    'encrypts to a public key or a passphrase; only that key or passphrase restores it',
    async () => {
      const { publicKey, privateKey } = generateKeyPairSync('x25519');
      writeFileSync(join(t.dataDir, 'r.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
      writeFileSync(join(t.dataDir, 'r.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const other = generateKeyPairSync('x25519').privateKey;
      writeFileSync(join(t.dataDir, 'other.key'), other.export({ type: 'pkcs8', format: 'pem' }));
      const sealed = join(t.dataDir, 'sealed.backup');
      expect((await runCli(t, ['backup', sealed, '--recipient', join(t.dataDir, 'r.pub')])).code).toBe(0);
      const byPass = join(t.dataDir, 'pass.backup');
      expect((await runCli(t, ['backup', byPass, '--passphrase'], 'correct horse battery staple\n')).code).toBe(0);
      expect(readFileSync(sealed).includes(Buffer.from('SQLite format 3'))).toBe(false);
      const env = (name: string) => ({ DATA_DIR: t.dataDir, DATABASE_URL: `sqlite:${join(t.dataDir, name)}`, LOG_LEVEL: 'silent' });
      const wrong = await runNode(builtScript('cli'), ['restore', sealed, '--identity', join(t.dataDir, 'other.key')], { env: env('x1.sqlite') });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/cannot be decrypted/);
      const wrongPass = await runNode(builtScript('cli'), ['restore', byPass, '--passphrase'], { env: env('x2.sqlite'), input: 'not the right passphrase\n' });
      expect(wrongPass.code).toBe(1);
      const right = await runNode(builtScript('cli'), ['restore', sealed, '--identity', join(t.dataDir, 'r.key')], { env: env('x3.sqlite') });
      expect(right.stderr + right.stdout).toContain('restored');
      expect(right.code).toBe(0);
      const rightPass = await runNode(builtScript('cli'), ['restore', byPass, '--passphrase'], { env: env('x4.sqlite'), input: 'correct horse battery staple\n' });
      expect(rightPass.code).toBe(0);
    },
    SLOW,
  );

  it(
    'a backup taken before a purge, restored after it with the current keys, keeps the purged inquiry unreadable and the others whole',
    async () => {
      const purge = await runCli(t, ['retention:purge']);
      expect(purge.code).toBe(0);
      expect(purge.stdout).toMatch(/^1 purged; key-encryption keys destroyed: \d{4}-\d{2}$/m);
      await t.app.close();
      const restore = await runCli(t, ['restore', backupFile(), '--force']);
      expect(restore.stderr).not.toMatch(/failed/);
      expect(restore.code).toBe(0);
      const db = new Database(dbPath, { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
      expect((await runCli(t, ['audit:verify'])).code).toBe(0);
      const again = await startApp({ DATA_DIR: t.dataDir, DATABASE_URL: sqliteUrl, RATE_LIMIT_PER_MINUTE: '0' });
      try {
        const token = (await again.http.post('/api/v1/auth/login', { email: w.requester.email, password: (w.requester as { password?: string }).password })).body.token;
        const old = await again.http.get(`/api/v1/inquiries/${purged.id}`, token);
        expect(old.status).toBe(200);
        // In this backup it was not purged yet, but its month key is gone: nothing opens.
        expect(old.text).not.toContain('BAKPURGED');
        expect(old.body.subject).toBe('');
        const whole = await again.http.get(`/api/v1/inquiries/${kept.id}`, token);
        expect(whole.body.subject).toBe('BAKKEPTQZX custody');
        expect(whole.body.body).toBe('kept body');
      } finally {
        await again.close();
      }
      const grep = spawnSync('grep', ['-rlaF', '-e', 'BAKPURGED', t.dataDir], { encoding: 'utf8' });
      expect(grep.stdout).toBe('');
    },
    SLOW,
  );
});

describe('backup on PostgreSQL', () => {
  it('refuses with the pg_dump hint', async () => {
    const run = await runNode(builtScript('cli'), ['backup', '/tmp/never.backup'], {
      env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DATA_DIR: '/tmp/cti-never', LOG_LEVEL: 'silent' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/pg_dump/);
    expect(existsSync('/tmp/never.backup')).toBe(false);
  });
});
