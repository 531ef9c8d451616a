import { generate } from 'otplib';
import { ADMIN, type TestApp } from './app.js';
import { mailText } from './mail-text.js';

let counter = 0;
export const uniqueEmail = (prefix = 'user') => `${prefix}.${Date.now().toString(36)}.${++counter}@example.org`;

export async function loginAdmin(t: TestApp): Promise<string> {
  const res = await t.http.post('/api/v1/auth/login', ADMIN);
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${res.text}`);
  return res.body.token;
}

export async function createOrganization(t: TestApp, adminToken: string, country = 'XA'): Promise<{ id: string; country: string }> {
  const res = await t.http.post('/api/v1/organizations', { name: `Ministry ${++counter}`, country, kind: 'government' }, adminToken);
  if (res.status !== 201) throw new Error(`organisation failed: ${res.status} ${res.text}`);
  return res.body;
}

/**
 * A user created through the API (invitation included) whose password is then set by accepting the
 * invitation; the link is read from the .eml file that the mail seam writes when SMTP is unset.
 */
export async function createUser(
  t: TestApp,
  adminToken: string,
  input: { role: 'requester' | 'expert' | 'secretariat' | 'observer'; organizationId?: string; languages?: string[]; password?: string },
): Promise<{ id: string; email: string; password: string; token: string }> {
  const email = uniqueEmail(input.role);
  const created = await t.http.post(
    '/api/v1/users',
    { email, name: `Test ${input.role}`, role: input.role, organizationId: input.organizationId, languages: input.languages },
    adminToken,
  );
  if (created.status !== 201) throw new Error(`user failed: ${created.status} ${created.text}`);
  const token = await invitationTokenFor(t, email);
  const password = input.password ?? `a fine passphrase for ${input.role} ${counter}`;
  const accepted = await t.http.post('/api/v1/auth/accept-invitation', { token, password });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${accepted.text}`);
  return { id: created.body.id, email, password, token: accepted.body.token };
}

/**
 * The token of the newest invitation mailed to `email`, from the test's SMTP server or from the
 * .eml files written when SMTP is unset. Drains the outbox and waits: a dispatcher running at the
 * same time (another test request's drain, on PostgreSQL) may be the one sending it.
 */
export async function invitationTokenFor(t: TestApp, email: string): Promise<string> {
  const { readdir, readFile } = await import('node:fs/promises');
  const newest = async (): Promise<string | undefined> => {
    if (t.smtp) return t.smtp.received.filter((m) => m.to.includes(email)).at(-1)?.raw;
    const dir = `${t.dataDir}/mail`;
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const file of files.sort().reverse()) {
      const raw = await readFile(`${dir}/${file}`, 'utf8');
      if (raw.includes(`To: ${email}`)) return raw;
    }
    return undefined;
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    await t.notify();
    const raw = await newest();
    if (raw) return extractInvitationToken(raw);
    if (Date.now() > deadline) throw new Error(`no invitation mail for ${email}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function extractInvitationToken(raw: string): string {
  const match = mailText(raw).match(/\/invitations\/([A-Za-z0-9_-]{43})/);
  if (!match) throw new Error('no invitation link in mail');
  return match[1];
}

export const totpCode = (secret: string, atMs: number) => generate({ secret, epoch: Math.floor(atMs / 1000) });
