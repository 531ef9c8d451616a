import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { builtScript, runNode } from '../support/spawn.js';

const ADMIN = { email: 'chief@example.org', name: 'Chief of Secretariat', password: 'an unusual phrase for the head of office' };

/** `npm run cli -- ...` as an operator runs it: the built script, a real database, stdin for the password. */
describe('command line', () => {
  let dataDir: string;
  let db: TestDatabase;
  let env: Record<string, string>;
  const cli = (args: string[], input?: string) => runNode(builtScript('cli'), args, { env, input });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cti-cli-'));
    db = await createTestDatabase(dataDir);
    env = { DATA_DIR: dataDir, DATABASE_URL: db.url };
  });
  afterAll(async () => {
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates an empty database, then finds nothing left to do', async () => {
    const first = await cli(['migrate']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const count = Number(first.stdout.match(/^(\d+) migrations? applied$/m)?.[1]);
    expect(count).toBeGreaterThan(0);
    const second = await cli(['migrate']);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toMatch(/^0 migrations applied$/m);
  });

  it('creates a secretariat account with the password from standard input', async () => {
    const res = await cli(['create-admin', '--email', ADMIN.email, '--name', ADMIN.name], `${ADMIN.password}\n`);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(ADMIN.email);
    expect(res.stdout).not.toContain(ADMIN.password);
  });

  it.each([
    ['a duplicate email', ['--email', ADMIN.email.toUpperCase(), '--name', 'Again'], 'another long passphrase here', /already exists/],
    ['a bad email', ['--email', 'chief-at-example.org', '--name', 'X'], 'another long passphrase here', /--email/],
    ['a weak password', ['--email', 'weak@example.org', '--name', 'X'], 'password123', /password/],
    ['a password that contains the email', ['--email', 'beatrice@example.org', '--name', 'X'], 'beatrice is the best one', /email/],
    ['no password at all', ['--email', 'nopass@example.org', '--name', 'X'], '', /password/],
    ['a missing name', ['--email', 'noname@example.org'], 'another long passphrase here', /--name/],
    ['an unknown flag', ['--email', 'x@example.org', '--name', 'X', '--role', 'expert'], 'another long passphrase here', /--role/],
  ])('refuses %s with one line and exit code 1', async (_case, args, password, why) => {
    const res = await cli(['create-admin', ...args], password ? `${password}\n` : '');
    expect(res.code).toBe(1);
    const lines = res.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(why);
    expect(res.stderr).not.toContain('    at ');
  });

  it('answers an unknown command with the usage and exit code 2', async () => {
    const res = await cli(['frobnicate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('unknown command: frobnicate');
    expect(res.stderr).toContain('create-admin --email');
    expect((await cli([])).code).toBe(2);
  });

  it('stops on bad configuration with one line and exit code 1', async () => {
    const res = await runNode(builtScript('cli'), ['migrate'], { env: { ...env, DATABASE_URL: 'mysql://x' } });
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringContaining('DATABASE_URL')]);
  });

  it('leaves an account that signs in to the service started on the same data', async () => {
    const t = await startApp({ DATA_DIR: dataDir, DATABASE_URL: db.url, BOOTSTRAP_ADMIN_EMAIL: '', BOOTSTRAP_ADMIN_PASSWORD: '' });
    try {
      const login = await t.http.post('/api/v1/auth/login', { email: ADMIN.email, password: ADMIN.password });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ email: ADMIN.email, name: ADMIN.name, role: 'secretariat', organizationId: null });
      const users = await t.http.get('/api/v1/users', login.body.token);
      expect(users.status).toBe(200);
      // Only the CLI's account: the refused attempts above left nothing behind.
      expect(users.body.items.map((u: { email: string }) => u.email)).toEqual([ADMIN.email]);
    } finally {
      await t.close();
    }
  });
});
