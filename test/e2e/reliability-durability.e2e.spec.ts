import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN } from '../support/app.js';
import { download } from '../support/files.js';
import { HttpClient, type HttpResult } from '../support/http.js';
import { faultCount, freePort, serviceEnv, sleep } from '../support/processes.js';
import { Random } from '../support/random.js';
import { killServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { runNode, builtScript } from '../support/spawn.js';
import { sqliteIntegrity } from '../support/sqlite-locker.js';

type Op =
  | { kind: 'inquiry'; key: string; subject: string; body: string }
  | { kind: 'message'; key: string; inquiryId: string; body: string }
  | { kind: 'inquiry-file'; key: string; inquiryId: string; bytes: Buffer }
  | { kind: 'message-file'; key: string; messageId: string; inquiryId: string; bytes: Buffer };

interface Done {
  op: Op;
  id: string;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Text that must come back exactly: accents, CJK, Arabic with an RTL mark, an emoji. */
function text(r: Random, label: string): string {
  const pieces = ['Évaluation', '拷問の防止', 'حماية\u200f', 'garde à vue', '🛡️', 'ação', r.bytes(6).toString('hex')];
  return `${label} ${Array.from({ length: r.int(2, 6) }, () => r.pick(pieces)).join(' ')}`;
}

/** A PDF the server accepts (checked by content), with random filler so that uploads take a moment. */
function pdf(r: Random): Buffer {
  const filler = Array.from({ length: r.int(50, 400) }, () => `% ${r.bytes(60).toString('hex')}\n`).join('');
  return Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n${filler}trailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

/**
 * SIGKILL at random moments while creates, replies and uploads are under way, each with an
 * Idempotency-Key; after each restart the requests whose answer was lost are sent again with the
 * same key. In the end: everything acknowledged is there byte for byte, nothing is there twice,
 * nothing half-made, the file passes integrity_check and the audit chain verifies.
 * This is about the SQLite file, so it runs on SQLite whatever TEST_DATABASE_URL says.
 */
describe('durability on SQLite: SIGKILL at random moments', () => {
  const KILLS = faultCount(5, 25);
  let dir: string;
  let server: ServerProcess | null = null;

  afterAll(async () => {
    // Every server the test started, one still starting as well (a test that timed out goes on in
    // the background, and would start the next): none may outlive the test and keep jest running.
    await killServerProcesses();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    `survives ${KILLS} kills with nothing lost, duplicated or half-applied`,
    async () => {
      const r = Random.fromEnv(20260109);
      process.stdout.write(`durability seed ${r.seed}\n`);
      dir = await mkdtemp(join(tmpdir(), 'cti-kill-'));
      const file = join(dir, 'kill.sqlite');
      const env = serviceEnv(dir, `sqlite:${file}`, { NOTIFY_INTERVAL_MS: '100', LOG_LEVEL: 'warn' });
      const port = await freePort();
      server = await startServerProcess(env, port);
      let http = new HttpClient(server.url);
      let token = (await http.post('/api/v1/auth/login', ADMIN)).body.token as string;
      const org = (await http.post('/api/v1/organizations', { name: 'Kill ministry', country: 'XA', kind: 'government' }, token)).body.id;
      const requesterId = (await http.post('/api/v1/users', { email: 'kill.requester@example.org', name: 'Kill', role: 'requester', organizationId: org }, token)).body.id;

      const done: Done[] = [];
      const lost: Op[] = [];
      const refused: { op: Op; res: HttpResult }[] = [];
      let seq = 0;
      let lostTotal = 0;

      const send = async (op: Op): Promise<HttpResult> => {
        const headers = { 'idempotency-key': op.key };
        switch (op.kind) {
          case 'inquiry':
            return http.request('POST', '/api/v1/inquiries', {
              token,
              headers,
              body: { subject: op.subject, body: op.body, topics: ['police-custody-safeguards'], language: 'en', onBehalfOf: requesterId },
            });
          case 'message':
            return http.request('POST', `/api/v1/inquiries/${op.inquiryId}/messages`, { token, headers, body: { body: op.body } });
          case 'inquiry-file':
          case 'message-file': {
            const form = new FormData();
            form.append('file', new Blob([op.bytes], { type: 'application/pdf' }), `${op.key}.pdf`);
            const path = op.kind === 'inquiry-file' ? `/api/v1/inquiries/${op.inquiryId}/attachments` : `/api/v1/messages/${op.messageId}/attachments`;
            const res = await fetch(http.baseUrl + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body: form });
            const t = await res.text();
            return { status: res.status, body: JSON.parse(t), text: t, headers: res.headers };
          }
        }
      };
      const nextOp = (): Op => {
        const key = `kill-${r.seed}-${++seq}`;
        const inquiries = done.filter((d) => d.op.kind === 'inquiry');
        const messages = done.filter((d) => d.op.kind === 'message');
        const roll = r.next();
        if (inquiries.length === 0 || roll < 0.3) return { kind: 'inquiry', key, subject: text(r, 'Subject'), body: text(r, 'Body') };
        if (messages.length === 0 || roll < 0.6) return { kind: 'message', key, inquiryId: r.pick(inquiries).id, body: text(r, 'Reply') };
        if (roll < 0.8) return { kind: 'inquiry-file', key, inquiryId: r.pick(inquiries).id, bytes: pdf(r) };
        const m = r.pick(messages);
        return { kind: 'message-file', key, messageId: m.id, inquiryId: (m.op as { inquiryId: string }).inquiryId, bytes: pdf(r) };
      };
      const attempt = async (op: Op): Promise<void> => {
        let res: HttpResult;
        try {
          res = await send(op);
        } catch {
          lost.push(op);
          return;
        }
        if (res.status === 200 || res.status === 201) done.push({ op, id: res.body.id });
        else refused.push({ op, res });
      };

      for (let round = 0; round < KILLS; round++) {
        let stop = false;
        const workers = [0, 1, 2].map(async () => {
          while (!stop) await attempt(nextOp());
        });
        await sleep(r.int(150, 1200));
        await server.crash();
        stop = true;
        await Promise.all(workers);
        server = await startServerProcess(env, port);
        http = new HttpClient(server.url);
        token = (await http.post('/api/v1/auth/login', ADMIN)).body.token as string;
        // What lost its answer is sent again, with the same key, until it is answered.
        lostTotal += lost.length;
        for (const op of lost.splice(0)) await attempt(op);
        expect(lost).toEqual([]);
      }

      // Only a crash may interrupt a request: nothing was refused.
      expect(refused.map((x) => `${x.op.kind} ${x.res.status} ${x.res.text}`)).toEqual([]);
      expect(done.length).toBeGreaterThan(KILLS * 3);
      // The kills did land in the middle of requests.
      process.stdout.write(`durability: ${done.length} requests, ${lostTotal} answers lost and retried\n`);
      expect(lostTotal).toBeGreaterThan(0);

      // A retry of an answered request, with its key, returns the same object and creates nothing.
      for (const d of done.filter((_, i) => i % 7 === 0)) {
        const again = await send(d.op);
        expect([again.status, again.body.id]).toEqual([201, d.id]);
      }

      // Byte for byte, and each exactly once.
      const inquiries = done.filter((d) => d.op.kind === 'inquiry');
      const list = await http.get('/api/v1/inquiries?limit=100', token);
      expect(list.body.total).toBe(inquiries.length);
      for (const d of inquiries) {
        const op = d.op as Extract<Op, { kind: 'inquiry' }>;
        const got = await http.get(`/api/v1/inquiries/${d.id}`, token);
        expect([got.body.subject, got.body.body]).toEqual([op.subject, op.body]);
        const files = done.filter((x) => x.op.kind === 'inquiry-file' && x.op.inquiryId === d.id);
        expect(got.body.attachments.map((a: { id: string }) => a.id).sort()).toEqual(files.map((x) => x.id).sort());
        const thread = (await http.get(`/api/v1/inquiries/${d.id}/messages`, token)).body as { id: string; body: string; attachments: { id: string }[] }[];
        const posted = done.filter((x) => x.op.kind === 'message' && x.op.inquiryId === d.id);
        expect(thread.map((m) => m.id).sort()).toEqual(posted.map((x) => x.id).sort());
        for (const m of thread) {
          expect(m.body).toBe((posted.find((x) => x.id === m.id)!.op as { body: string }).body);
          const mFiles = done.filter((x) => x.op.kind === 'message-file' && x.op.messageId === m.id);
          expect(m.attachments.map((a) => a.id).sort()).toEqual(mFiles.map((x) => x.id).sort());
        }
      }
      for (const d of done.filter((x) => x.op.kind === 'inquiry-file' || x.op.kind === 'message-file')) {
        const got = await download(http, d.id, token);
        expect(got.status).toBe(200);
        expect(sha(got.bytes)).toBe(sha((d.op as { bytes: Buffer }).bytes));
      }
      // Every creation is on record once, and every record belongs to something that exists.
      const submitted = await http.get('/api/v1/audit?action=inquiry.submitted&limit=100', token);
      expect(submitted.body.total).toBe(inquiries.length);
      expect((await http.get('/api/v1/audit/verify', token)).body).toMatchObject({ ok: true });

      await server.stop();
      server = null;
      expect(await sqliteIntegrity(file)).toBe('ok');
      const verify = await runNode(builtScript('cli'), ['audit:verify'], { env: { DATA_DIR: dir, DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'silent' } });
      expect(verify.code).toBe(0);
    },
    // Generous: on a loaded 2-core machine a restart alone (migrations, key derivation) takes seconds.
    60_000 + KILLS * 30_000,
  );
});
