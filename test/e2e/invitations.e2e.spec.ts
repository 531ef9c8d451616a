import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { extractInvitationToken, loginAdmin, uniqueEmail } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { TestSmtpServer, type ReceivedMail } from '../support/smtp.js';

const TTL_HOURS = 2;

/** Invitations travel through a real SMTP server, exactly as they would in production. */
describe('invitations by email', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    smtp = await new TestSmtpServer().start();
    // The dispatcher runs in the background here, as in production: mail arrives on its own.
    t = await startApp({ SMTP_URL: smtp.url, INVITATION_TTL_HOURS: String(TTL_HOURS), MAIL_FROM: 'CTI Advice <advice@example.org>', NOTIFY_INTERVAL_MS: '50' });
    admin = await loginAdmin(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
  const invite = async (email: string) => {
    const res = await t.http.post('/api/v1/users', { email, name: 'Invited Expert', role: 'expert' }, admin);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const linkIn = (mail: ReceivedMail) => {
    const unfolded = mail.raw.replace(/=\r?\n/g, '');
    return unfolded.match(/https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/)?.[0];
  };

  it('mails a one-time link that sets the password and signs the user in', async () => {
    const email = uniqueEmail('invited');
    const id = await invite(email);
    const mail = await smtp.waitFor((m) => m.to.includes(email));
    expect(mail.to).toEqual([email]);
    expect(mail.from).toBe('advice@example.org');
    expect(mail.raw).toMatch(/^Subject: Your CTI Advice account\r?$/m);
    const token = extractInvitationToken(mail.raw);
    expect(linkIn(mail)).toBe(`http://advice.test/invitations/${token}`);

    const accepted = await t.http.post('/api/v1/auth/accept-invitation', { token, password: 'a sturdy passphrase of mine' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user).toMatchObject({ id, email, role: 'expert' });
    expect(typeof accepted.body.token).toBe('string');
    expect((await t.http.get('/api/v1/me', accepted.body.token)).body.email).toBe(email);

    const again = await t.http.post('/api/v1/auth/accept-invitation', { token, password: 'a different passphrase now' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    // The first password still holds; the replay changed nothing.
    expect((await t.http.post('/api/v1/auth/login', { email, password: 'a sturdy passphrase of mine' })).status).toBe(200);
    expect((await t.http.post('/api/v1/auth/login', { email, password: 'a different passphrase now' })).status).toBe(401);
  });

  it('refuses a weak password without spending the invitation', async () => {
    const email = uniqueEmail('weak');
    await invite(email);
    const token = extractInvitationToken((await smtp.waitFor((m) => m.to.includes(email))).raw);
    const weak = await t.http.post('/api/v1/auth/accept-invitation', { token, password: 'password1234' });
    expect(weak.status).toBe(400);
    expect((await t.http.post('/api/v1/auth/accept-invitation', { token, password: 'now a proper passphrase' })).status).toBe(200);
  });

  it('retires the old link when the secretariat invites again', async () => {
    const email = uniqueEmail('reinvited');
    const id = await invite(email);
    const first = extractInvitationToken((await smtp.waitFor((m) => m.to.includes(email))).raw);

    const again = await t.http.post(`/api/v1/users/${id}/invitation`, {}, admin);
    expect(again.status).toBe(204);
    await smtp.waitFor(() => mailsTo(email).length === 2);
    const second = extractInvitationToken(mailsTo(email)[1].raw);
    expect(second).not.toBe(first);

    expect((await t.http.post('/api/v1/auth/accept-invitation', { token: first, password: 'a sturdy passphrase of mine' })).status).toBe(400);
    expect((await t.http.post('/api/v1/auth/accept-invitation', { token: second, password: 'a sturdy passphrase of mine' })).status).toBe(200);
  });

  it('refuses an unknown token', async () => {
    const res = await t.http.post('/api/v1/auth/accept-invitation', { token: 'A'.repeat(43), password: 'a sturdy passphrase of mine' });
    expect(res.status).toBe(400);
  });

  it('refuses an invitation once it has expired', async () => {
    const email = uniqueEmail('late');
    await invite(email);
    const token = extractInvitationToken((await smtp.waitFor((m) => m.to.includes(email))).raw);
    t.clock.travel((TTL_HOURS * 60 + 1) * 60_000);
    const late = await t.http.post('/api/v1/auth/accept-invitation', { token, password: 'a sturdy passphrase of mine' });
    expect(late.status).toBe(400);
    expect(late.body.message).toMatch(/expired/);
  });
});
