import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type TestApp } from '../support/app.js';
import { createUser } from '../support/actors.js';
import { download, exeBytes, pdfBytes, PNG_BYTES, rawMultipart, upload } from '../support/files.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('confidential threaded messages', () => {
  let t: TestApp;
  let w: World;
  let expert: Actor;
  let inquiry: { id: string };

  beforeAll(async () => {
    t = await startApp({ UPLOAD_MAX_BYTES: String(3 * 1024 * 1024) });
    w = await buildWorld(t);
    expert = await createUser(t, w.admin, { role: 'expert' });
    inquiry = await fileInquiry(t, w.requester.token, { subject: 'Thread subject', body: 'Thread body' });
    await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'triaged' }, w.secretariat.token);
    const a = await t.http.post(`/api/v1/inquiries/${inquiry.id}/assignments`, { expertId: expert.id, role: 'lead' }, w.secretariat.token);
    await t.http.post(`/api/v1/assignments/${a.body.id}/accept`, { noConflict: true }, expert.token);
  });
  afterAll(() => t.close());

  const thread = async (token: string) => (await t.http.get(`/api/v1/inquiries/${inquiry.id}/messages`, token)).body as Array<Record<string, any>>;
  const post = (token: string, body: Record<string, unknown>) => t.http.post(`/api/v1/inquiries/${inquiry.id}/messages`, body, token);

  it('runs the scenario: note and reply hidden, reply cleared, requester answers under it with a PDF, the expert downloads it intact, outsiders get 404, an executable is refused', async () => {
    const note = await post(expert.token, { body: 'NOTE-MARKER internal reasoning', visibility: 'internal' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ visibility: 'internal', clearance: null, authorRole: 'expert' });
    const reply = await post(expert.token, { body: 'REPLY-MARKER the advice' });
    expect(reply.body).toMatchObject({ visibility: 'shared', clearance: 'pending' });

    const waiting = await t.http.get('/api/v1/inquiries?awaitingClearance=true', w.secretariat.token);
    expect(waiting.body.items.map((i: { id: string }) => i.id)).toEqual([inquiry.id]);
    expect((await t.http.get('/api/v1/inquiries?awaitingClearance=true', w.requester.token)).status).toBe(400);

    let seen = await thread(w.requester.token);
    expect(seen).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain('MARKER');

    const cleared = await t.http.post(`/api/v1/messages/${reply.body.id}/clear`, {}, w.secretariat.token);
    expect(cleared.status).toBe(200);
    expect(cleared.body.clearance).toBe('cleared');
    seen = await thread(w.requester.token);
    expect(seen.map((m) => m.id)).toEqual([reply.body.id]);
    expect((await t.http.get('/api/v1/inquiries?awaitingClearance=true', w.secretariat.token)).body.total).toBe(0);
    expect(JSON.stringify(seen)).not.toContain('NOTE-MARKER');

    const answer = await post(w.requester.token, { body: 'Thank you, here is our draft', parentId: reply.body.id });
    expect(answer.status).toBe(201);
    const pdf = pdfBytes('PDF-MARKER inside the file');
    const attached = await upload(t.http, `/api/v1/messages/${answer.body.id}/attachments`, w.requester.token, { name: 'draft law.pdf', bytes: pdf, type: 'text/plain' });
    expect(attached.status).toBe(201);
    expect(attached.body).toMatchObject({ filename: 'draft law.pdf', contentType: 'application/pdf', size: pdf.length });

    const got = await download(t.http, attached.body.id, expert.token);
    expect(got.status).toBe(200);
    expect(sha(got.bytes)).toBe(sha(pdf));
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="draft law.pdf"; filename*=UTF-8''draft%20law.pdf`);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toContain('sandbox');
    expect(got.headers.get('content-type')).toBe('application/pdf');

    expect((await t.http.get(`/api/v1/inquiries/${inquiry.id}/messages`, w.foreigner.token)).status).toBe(404);
    expect((await download(t.http, attached.body.id, w.foreigner.token)).status).toBe(404);
    const missing = await t.http.get(`/api/v1/attachments/${randomUUID()}`, w.foreigner.token);
    const foreign = await t.http.get(`/api/v1/attachments/${attached.body.id}`, w.foreigner.token);
    expect(foreign.text).toBe(missing.text);

    const exe = await upload(t.http, `/api/v1/messages/${answer.body.id}/attachments`, w.requester.token, { name: 'annex.pdf', bytes: exeBytes(), type: 'application/pdf' });
    expect(exe.status).toBe(415);

    const view = (await thread(expert.token)).find((m) => m.id === answer.body.id)!;
    expect(view.attachments).toHaveLength(1);
    expect(view.parentId).toBe(reply.body.id);
  });

  it('keeps replies to internal notes and pending replies from the requester, and shows the author why a reply came back', async () => {
    const note = await post(w.secretariat.token, { body: 'internal note', visibility: 'internal' });
    const under = await post(expert.token, { body: 'shared reply under a note', parentId: note.body.id, visibility: 'shared' });
    expect(under.status).toBe(201);
    await t.http.post(`/api/v1/messages/${under.body.id}/clear`, {}, w.secretariat.token);
    const pending = await post(expert.token, { body: 'second opinion' });
    const returned = await t.http.post(`/api/v1/messages/${pending.body.id}/return`, { reason: 'cite the article' }, w.secretariat.token);
    expect(returned.body).toMatchObject({ clearance: 'returned', returnReason: 'cite the article' });
    const ids = (await thread(w.requester.token)).map((m) => m.id);
    expect(ids).not.toContain(note.body.id);
    expect(ids).not.toContain(under.body.id);
    expect(ids).not.toContain(pending.body.id);
    const mine = (await thread(expert.token)).find((m) => m.id === pending.body.id)!;
    expect(mine.returnReason).toBe('cite the article');
    const revised = await post(expert.token, { body: 'second opinion, with Art. 4', parentId: pending.body.id });
    expect(revised.body.clearance).toBe('pending');
    expect((await t.http.post(`/api/v1/messages/${pending.body.id}/clear`, {}, w.secretariat.token)).status).toBe(409);
    // The requester cannot reply under what it cannot see, nor clear anything.
    expect((await post(w.requester.token, { body: 'x', parentId: note.body.id })).status).toBe(400);
    expect((await t.http.post(`/api/v1/messages/${revised.body.id}/clear`, {}, w.requester.token)).status).toBe(403);
  });

  it("decides who may post, and moves the inquiry back to in-progress on a requester's reply", async () => {
    expect((await post(w.requester.token, { body: 'internal?', visibility: 'internal' })).status).toBe(403);
    expect((await post(w.colleague.token, { body: 'not shared with me' })).status).toBe(404);
    const other = await fileInquiry(t, w.requester.token);
    const proposed = await createUser(t, w.admin, { role: 'expert' });
    await t.http.post(`/api/v1/inquiries/${other.id}/assignments`, { expertId: proposed.id, role: 'lead' }, w.secretariat.token);
    expect((await t.http.post(`/api/v1/inquiries/${other.id}/messages`, { body: 'hello' }, proposed.token)).status).toBe(403);
    expect((await t.http.get(`/api/v1/inquiries/${other.id}/messages`, proposed.token)).status).toBe(403);

    await t.http.post(`/api/v1/inquiries/${inquiry.id}/transitions`, { to: 'awaiting-requester' }, expert.token);
    await post(w.requester.token, { body: 'here is what you asked' });
    expect((await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.requester.token)).body.status).toBe('in-progress');

    await t.http.post(`/api/v1/inquiries/${other.id}/transitions`, { to: 'withdrawn' }, w.requester.token);
    expect((await t.http.post(`/api/v1/inquiries/${other.id}/messages`, { body: 'too late' }, w.requester.token)).status).toBe(409);
  });

  it('honours Idempotency-Key on posts and uploads', async () => {
    const key = `msg-${randomUUID()}`;
    const send = () =>
      t.http.request('POST', `/api/v1/inquiries/${inquiry.id}/messages`, { token: w.requester.token, body: { body: 'once only' }, headers: { 'idempotency-key': key } });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.body.id).toBe(b.body.id);
    expect((await thread(w.requester.token)).filter((m) => m.body === 'once only')).toHaveLength(1);
    const fileKey = `file-${randomUUID()}`;
    const first = await upload(t.http, `/api/v1/inquiries/${inquiry.id}/attachments`, w.requester.token, { name: 'scan.png', bytes: PNG_BYTES }, { 'idempotency-key': fileKey });
    const again = await upload(t.http, `/api/v1/inquiries/${inquiry.id}/attachments`, w.requester.token, { name: 'scan.png', bytes: PNG_BYTES }, { 'idempotency-key': fileKey });
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const files = (await t.http.get(`/api/v1/inquiries/${inquiry.id}`, w.requester.token)).body.attachments;
    expect(files.filter((f: { id: string }) => f.id === first.body.id)).toHaveLength(1);
    expect(files).toHaveLength(1);
  });

  it('refuses bad uploads with a clear 4xx, stores nothing and stays up', async () => {
    const target = (await post(w.requester.token, { body: 'files below' })).body.id as string;
    const path = `/api/v1/messages/${target}/attachments`;
    const tryUpload = async (file: { name: string; bytes: Buffer; field?: string }) => (await upload(t.http, path, w.requester.token, file)).status;
    expect(await tryUpload({ name: 'empty.txt', bytes: Buffer.alloc(0) })).toBe(400);
    expect(await tryUpload({ name: 'x'.repeat(1000) + '.pdf', bytes: pdfBytes() })).toBe(400);
    expect(await tryUpload({ name: '../../etc/passwd.pdf', bytes: pdfBytes() })).toBe(400);
    expect(await tryUpload({ name: 'evil\u202Efdp.exe', bytes: pdfBytes() })).toBe(400);
    expect(await tryUpload({ name: 'notes.txt', bytes: Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]) })).toBe(415);
    expect(await tryUpload({ name: 'doc.pdf', bytes: pdfBytes(), field: 'document' })).toBe(400);
    expect(await tryUpload({ name: 'big.pdf', bytes: Buffer.concat([pdfBytes(), Buffer.alloc(3 * 1024 * 1024 + 10, 0x20)]) })).toBe(413);
    expect(await tryUpload({ name: 'notes.txt', bytes: Buffer.from('Plain text notes — with accents: é, ü, ñ\n') })).toBe(201);
    const truncated = `--XBOUNDARYX\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 trunc`;
    expect((await rawMultipart(t.http, path, w.requester.token, truncated)).status).toBe(400);
    expect((await rawMultipart(t.http, path, w.requester.token, '--XBOUNDARYX--\r\n')).status).toBe(400);
    expect((await t.http.post(path, { file: 'not multipart' }, w.requester.token)).status).toBe(415);
    const files = (await thread(w.requester.token)).find((m) => m.id === target)!.attachments;
    expect(files.map((f: { filename: string }) => f.filename)).toEqual(['notes.txt']);
    expect((await t.http.get('/health')).status).toBe(200);
    // Refused or stored, no spooled upload is left behind.
    expect(readdirSync(join(t.dataDir, 'spool'))).toEqual([]);
  });

  it('refuses bad message input', async () => {
    expect((await post(w.requester.token, { body: '' })).status).toBe(400);
    expect((await post(w.requester.token, { body: 'x'.repeat(50_001) })).status).toBe(400);
    expect((await post(w.requester.token, { body: 'x', visibility: 'secret' })).status).toBe(400);
    expect((await post(w.requester.token, { body: 'x', parentId: randomUUID() })).status).toBe(400);
    expect((await post(w.requester.token, { body: 'x', authorId: w.secretariat.id })).status).toBe(400);
    const elsewhere = await fileInquiry(t, w.requester.token);
    const foreignParent = await t.http.post(`/api/v1/inquiries/${elsewhere.id}/messages`, { body: 'other thread' }, w.requester.token);
    expect((await post(w.requester.token, { body: 'x', parentId: foreignParent.body.id })).status).toBe(400);
    expect((await t.http.post(`/api/v1/messages/${foreignParent.body.id}/return`, {}, w.secretariat.token)).status).toBe(400);
  });

  it('leaves no marker of a message or a file in any file under DATA_DIR', async () => {
    const grep = spawnSync('grep', ['-rlaF', '-e', 'REPLY-MARKER', '-e', 'NOTE-MARKER', '-e', 'PDF-MARKER', '-e', 'draft law', t.dataDir], { encoding: 'utf8' });
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1);
  });
});
