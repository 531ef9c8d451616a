import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import { request, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { startApp, type TestApp } from '../support/app.js';
import { pdfBytes, upload } from '../support/files.js';
import { multipartBody, sleep, until } from '../support/processes.js';
import { buildWorld, fileInquiry, type World } from '../support/world.js';

interface Held {
  req: ClientRequest;
  answer: Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined>; ms: number }>;
}

/** Sends the first `sent` bytes of a body announced whole by its content-length, then nothing (or a byte every `dripMs`). */
function stalled(url: string, path: string, headers: Record<string, string>, body: Buffer, sent: number, dripMs?: number): Held {
  const started = Date.now();
  const req = request(`${url}${path}`, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } });
  const answer = new Promise<Awaited<Held['answer']>>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers, ms: Date.now() - started }));
    });
    req.on('error', reject);
  });
  req.write(body.subarray(0, sent));
  if (dripMs) {
    let at = sent;
    const drip = setInterval(() => {
      if (req.destroyed || at >= body.length - 1) return clearInterval(drip);
      req.write(body.subarray(at, at + 1));
      at += 1;
    }, dripMs);
    void answer.finally(() => clearInterval(drip)).catch(() => undefined);
  }
  return { req, answer };
}

const spoolFiles = async (t: TestApp) => (await readdir(join(t.dataDir, 'spool')).catch(() => [] as string[])).filter((f) => f.endsWith('.spool'));

/**
 * Slow and stalled clients: a body that stops arriving is cut with 408 after
 * REQUEST_BODY_IDLE_SECONDS, one that trickles in is cut after REQUEST_BODY_SECONDS (UPLOAD_SECONDS
 * for an upload), a cut upload leaves no spool file, and uploads beyond UPLOAD_CONCURRENCY are
 * answered 503 with Retry-After before their body is read.
 */
describe('request limits', () => {
  let t: TestApp;
  let w: World;
  let inquiryId: string;

  beforeAll(async () => {
    t = await startApp({ REQUEST_BODY_IDLE_SECONDS: '1', REQUEST_BODY_SECONDS: '3', UPLOAD_SECONDS: '4', UPLOAD_CONCURRENCY: '2' });
    w = await buildWorld(t);
    inquiryId = (await fileInquiry(t, w.requester.token)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const uploadPath = () => `/api/v1/inquiries/${inquiryId}/attachments`;
  const bigPdf = () => Buffer.concat([pdfBytes('big'), Buffer.alloc(3 * 1024 * 1024, 7)]);

  it('cuts a stalled upload with 408 within the idle limit and removes its spool file at once', async () => {
    const { body, contentType } = multipartBody({ name: 'stalled.pdf', bytes: bigPdf(), type: 'application/pdf' });
    const held = stalled(t.url, uploadPath(), { authorization: `Bearer ${w.requester.token}`, 'content-type': contentType }, body, 1024 * 1024);
    // Part of it reached the spool before it stalled.
    await until(async () => (await spoolFiles(t)).length === 1, 5_000, 'the spool file');
    const res = await held.answer;
    expect(res.status).toBe(408);
    expect(res.headers['connection']).toBe('close');
    expect(JSON.parse(res.text)).toEqual({ statusCode: 408, error: 'Request Timeout', message: 'The request body did not arrive in time: send it again', code: 'request.timeout' });
    expect(res.ms).toBeGreaterThanOrEqual(900);
    expect(res.ms).toBeLessThan(3_000);
    await until(async () => (await spoolFiles(t)).length === 0, 1_000, 'the spool file to go');
    const listed = await t.http.get(`/api/v1/inquiries/${inquiryId}`, w.requester.token);
    expect(listed.body.attachments ?? []).toEqual([]);
  });

  it('cuts a sign-in whose body never arrives', async () => {
    const body = Buffer.from(JSON.stringify({ email: w.requester.email, password: 'whatever it may be, long enough' }));
    const res = await stalled(t.url, '/api/v1/auth/login', { 'content-type': 'application/json' }, body, 10).answer;
    expect(res.status).toBe(408);
    expect(res.ms).toBeLessThan(3_000);
    // The same on the sign-in page.
    const form = Buffer.from(`email=${encodeURIComponent(w.requester.email)}&password=abc`);
    const page = await stalled(t.url, '/login', { 'content-type': 'application/x-www-form-urlencoded' }, form, 5).answer;
    expect(page.status).toBe(408);
  });

  it('cuts a JSON body that trickles in for longer than REQUEST_BODY_SECONDS, though it never stalls', async () => {
    const body = Buffer.from(JSON.stringify({ email: w.requester.email, password: 'x'.repeat(200) }));
    const res = await stalled(t.url, '/api/v1/auth/login', { 'content-type': 'application/json' }, body, 1, 200).answer;
    expect(res.status).toBe(408);
    expect(res.ms).toBeGreaterThanOrEqual(2_900);
    expect(res.ms).toBeLessThan(5_000);
  });

  it('answers 503 with Retry-After to an upload beyond UPLOAD_CONCURRENCY, and takes uploads again once those in flight end', async () => {
    const { body, contentType } = multipartBody({ name: 'held.pdf', bytes: bigPdf(), type: 'application/pdf' });
    const headers = { authorization: `Bearer ${w.requester.token}`, 'content-type': contentType };
    // Two uploads in flight, each sending a byte now and then (slow, not stalled).
    const held = [stalled(t.url, uploadPath(), headers, body, 64 * 1024, 300), stalled(t.url, uploadPath(), headers, body, 64 * 1024, 300)];
    await sleep(300);
    const third = await upload(t.http, uploadPath(), w.requester.token, { name: 'third.pdf', bytes: pdfBytes('third'), type: 'application/pdf' });
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toBe('5');
    expect(third.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'Too many uploads are in progress: try again in a moment', code: 'service.unavailable' });
    // The slow ones are cut at UPLOAD_SECONDS, their spool files removed.
    for (const h of held) expect((await h.answer).status).toBe(408);
    await until(async () => (await spoolFiles(t)).length === 0, 1_000, 'the spool files to go');
    const again = await upload(t.http, uploadPath(), w.requester.token, { name: 'fourth.pdf', bytes: pdfBytes('fourth'), type: 'application/pdf' });
    expect(again.status).toBe(201);
  });

  it('lets a whole upload that arrives in time through', async () => {
    const res = await upload(t.http, uploadPath(), w.requester.token, { name: 'whole.pdf', bytes: bigPdf(), type: 'application/pdf' });
    expect(res.status).toBe(201);
    expect(res.body.size).toBe(bigPdf().length);
  });
});
