import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventKind } from '../../src/events/domain-events.js';
import { EVENT_PHRASES } from '../../src/notifications/event-phrases.js';
import { startApp, type TestApp } from '../support/app.js';
import { createUser } from '../support/actors.js';
import { pdfBytes, upload } from '../support/files.js';
import { mailText, subjectOf } from '../support/mail-text.js';
import { TestSmtpServer, type ReceivedMail } from '../support/smtp.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';

const M = {
  subject: 'MK-SUBJECT-7Q',
  body: 'MK-BODY-7Q',
  reply: 'MK-REPLY-7Q',
  note: 'MK-NOTE-7Q',
  answer: 'MK-ANSWER-7Q',
  file: 'MK-FILENAME-7Q',
  fileText: 'MK-FILETEXT-7Q',
  org: 'MK-ORG-7Q',
  tag: 'MK-TAG-7Q',
  reason: 'MK-REASON-7Q',
};

describe('notifications: who hears what, in which language, and never what it is about', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let w: World;
  let expert: Actor;
  let requesterFr: Actor;
  let colleague: Actor;
  let inquiry: { id: string; reference: string };

  const mailsTo = (a: Actor) => smtp.received.filter((m) => m.to.includes(a.email));
  const kindsIn = (mails: ReceivedMail[], lang: 'en' | 'fr' | 'es' | 'ar' | 'pt') =>
    mails
      .map((m) => subjectOf(m.raw))
      .map((s) => (Object.keys(EVENT_PHRASES) as EventKind[]).find((k) => s.endsWith(EVENT_PHRASES[k][lang])) ?? `?${s}`)
      .sort();

  beforeAll(async () => {
    smtp = await new TestSmtpServer().start();
    t = await startApp({}, { smtp });
    w = await buildWorld(t);
    const org = await t.http.post('/api/v1/organizations', { name: M.org, country: 'XK', kind: 'national-preventive-mechanism' }, w.admin);
    requesterFr = await createUser(t, w.admin, { role: 'requester', organizationId: org.body.id, languages: ['fr'] });
    colleague = await createUser(t, w.admin, { role: 'requester', organizationId: org.body.id, languages: ['pt'] });
    expert = await createUser(t, w.admin, { role: 'expert', languages: ['es'] });
    await t.notify();
    smtp.received.length = 0;

    // The whole journey, with a marker in every confidential field.
    inquiry = await fileInquiry(t, requesterFr.token, { subject: M.subject, body: M.body, topics: ['non-refoulement'], language: 'fr' });
    await t.http.post(`/api/v1/inquiries/${inquiry.id}/participants`, { userId: colleague.id }, requesterFr.token);
    await t.http.patch(`/api/v1/inquiries/${inquiry.id}`, { version: 1, tags: [M.tag] }, w.secretariat.token);
    await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'triaged' }, w.secretariat.token);
    const proposal = await t.http.post(`/api/v1/inquiries/${inquiry.id}/assignments`, { expertId: expert.id, role: 'lead' }, w.secretariat.token);
    await t.http.post(`/api/v1/assignments/${proposal.body.id}/accept`, { noConflict: true }, expert.token);
    await t.http.post(`/api/v1/inquiries/${inquiry.id}/messages`, { body: M.note, visibility: 'internal' }, expert.token);
    const reply = await t.http.post(`/api/v1/inquiries/${inquiry.id}/messages`, { body: M.reply }, expert.token);
    await t.http.post(`/api/v1/messages/${reply.body.id}/return`, { reason: M.reason }, w.secretariat.token);
    const revised = await t.http.post(`/api/v1/inquiries/${inquiry.id}/messages`, { body: M.reply }, expert.token);
    await t.http.post(`/api/v1/messages/${revised.body.id}/clear`, {}, w.secretariat.token);
    const answer = await t.http.post(`/api/v1/inquiries/${inquiry.id}/messages`, { body: M.answer, parentId: revised.body.id }, requesterFr.token);
    const file = Buffer.concat([pdfBytes(), Buffer.from(`% ${M.fileText}\n`)]);
    expect((await upload(t.http, `/api/v1/messages/${answer.body.id}/attachments`, requesterFr.token, { name: `${M.file}.pdf`, bytes: file })).status).toBe(201);
    await t.notify();
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('tells each role what the routing table says, in its own language, and nobody else', async () => {
    expect(kindsIn(mailsTo(requesterFr), 'fr')).toEqual(['inquiry.status-changed', 'inquiry.status-changed', 'reply.cleared']);
    expect(kindsIn(mailsTo(colleague), 'pt')).toEqual(['inquiry.shared', 'inquiry.status-changed', 'inquiry.status-changed', 'reply.cleared']);
    expect(kindsIn(mailsTo(expert), 'es')).toEqual(['assignment.proposed', 'reply.cleared', 'reply.returned', 'requester.replied']);
    // The secretariat member who did all the triage hears only of what others did.
    expect(kindsIn(mailsTo(w.secretariat), 'en')).toEqual([
      'assignment.accepted',
      'inquiry.submitted',
      'note.posted',
      'reply.pending-clearance',
      'reply.pending-clearance',
      'requester.replied',
    ]);
    expect(mailsTo(w.foreigner)).toEqual([]);
    expect(mailsTo(w.requester)).toEqual([]);
    expect(mailsTo(w.expert)).toEqual([]);
    for (const m of smtp.received) expect(subjectOf(m.raw)).toContain(inquiry.reference);
    expect(mailText(mailsTo(requesterFr)[0].raw)).toContain(`http://advice.test/inquiries/${inquiry.id}`);
  });

  it('puts no marker, topic, country or organisation in any byte of any email', () => {
    expect(smtp.received.length).toBeGreaterThan(10);
    const forbidden = [...Object.values(M), 'non-refoulement', 'Non-refoulement', 'XK', 'Kosovo', 'national-preventive-mechanism'];
    for (const m of smtp.received) {
      for (const text of [m.raw, mailText(m.raw)])
        for (const f of forbidden) expect({ mail: subjectOf(m.raw), found: text.includes(f) ? f : null }).toEqual({ mail: subjectOf(m.raw), found: null });
    }
  });

  it('keeps in-app notifications for each person, with read marks', async () => {
    const list = await t.http.get('/api/v1/notifications', requesterFr.token);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(3);
    expect(list.body.items[0]).toMatchObject({ kind: 'reply.cleared', inquiryId: inquiry.id, reference: inquiry.reference, readAt: null });
    expect(JSON.stringify(list.body)).not.toContain('MK-');
    const id = list.body.items[0].id;
    expect((await t.http.post(`/api/v1/notifications/${id}/read`, {}, w.foreigner.token)).status).toBe(404);
    expect((await t.http.post(`/api/v1/notifications/${id}/read`, {}, requesterFr.token)).status).toBe(204);
    expect((await t.http.get('/api/v1/notifications?unread=true', requesterFr.token)).body.total).toBe(2);
    expect((await t.http.get('/api/v1/notifications?unread=maybe', requesterFr.token)).status).toBe(400);
  });

  it('honours preferences: off sends no email, daily sends one digest of references and counts', async () => {
    expect((await t.http.get('/api/v1/me/notification-preferences', colleague.token)).body).toEqual({ email: 'immediate' });
    expect((await t.http.put('/api/v1/me/notification-preferences', { email: 'sometimes' }, colleague.token)).status).toBe(400);
    expect((await t.http.put('/api/v1/me/notification-preferences', { email: 'off' }, colleague.token)).body).toEqual({ email: 'off' });
    expect((await t.http.put('/api/v1/me/notification-preferences', { email: 'daily' }, requesterFr.token)).body).toEqual({ email: 'daily' });
    const before = { fr: mailsTo(requesterFr).length, pt: mailsTo(colleague).length };
    await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'awaiting-requester' }, expert.token);
    expect((await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'in-progress' }, w.secretariat.token)).status).toBe(200);
    await t.notify();
    expect(mailsTo(colleague).length).toBe(before.pt);
    expect(mailsTo(requesterFr).length).toBe(before.fr);
    expect((await t.http.get('/api/v1/notifications?unread=true', colleague.token)).body.total).toBeGreaterThan(0);

    const hour = t.clock.now().getUTCHours();
    t.clock.travel(((24 + 8 - hour) % 24 || 24) * 3_600_000);
    const digests = await t.app.get((await import('../../src/notifications/digest.js')).DigestMailer).run();
    expect(digests).toBe(1);
    const digest = mailsTo(requesterFr).at(-1)!;
    expect(subjectOf(digest.raw)).toBe('[CTI Advice] Votre résumé quotidien');
    expect(mailText(digest.raw)).toContain(`${inquiry.reference}: 2 mise(s) à jour`);
    expect(await t.app.get((await import('../../src/notifications/digest.js')).DigestMailer).run()).toBe(0);
  });
});
