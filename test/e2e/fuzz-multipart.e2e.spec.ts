import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { pdfBytes, rawMultipart } from '../support/files.js';
import { Random } from '../support/random.js';
import { buildWorld, fileInquiry, type World } from '../support/world.js';

/**
 * Malformed multipart uploads (FILE-06): truncated bodies and boundaries, empty, duplicated or
 * strange field names, thousands of parts, files where fields belong and the reverse. Property:
 * 400 or 413 (415 for a refused type), never 5xx, nothing stored, and the service stays up.
 */
describe('fuzzing multipart uploads', () => {
  let t: TestApp;
  let w: World;
  let inquiry: string;
  let message: string;
  const r = Random.fromEnv(4_242);
  const CASES = Number(process.env.FUZZ_CASES ?? 25);
  const B = 'XBOUNDARYX';

  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0' });
    w = await buildWorld(t);
    inquiry = (await fileInquiry(t, w.requester.token)).id;
    message = (await t.http.post(`/api/v1/inquiries/${inquiry}/messages`, { body: 'Mine' }, w.requester.token)).body.id;
    process.stdout.write(`multipart fuzz seed ${r.seed}\n`);
  });
  afterAll(() => t.close());

  const filePart = (name: string, filename: string | null, bytes: Buffer) =>
    Buffer.concat([
      Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${name}"${filename === null ? '' : `; filename="${filename}"`}\r\nContent-Type: application/pdf\r\n\r\n`),
      bytes,
      Buffer.from('\r\n'),
    ]);
  const end = Buffer.from(`--${B}--\r\n`);

  /** One malformed body, and what it is. */
  function malformed(): { body: Buffer; what: string; boundary?: string; trailing?: true } {
    const pdf = pdfBytes('fuzz');
    const good = Buffer.concat([filePart('file', 'a.pdf', pdf), end]);
    switch (r.int(0, 11)) {
      case 0:
        return { body: good.subarray(0, r.int(1, good.length - 5)), what: 'truncated' };
      case 1:
        return { body: Buffer.concat([filePart('file', 'a.pdf', pdf)]), what: 'no closing boundary' };
      case 2:
        return { body: Buffer.concat([filePart('', 'a.pdf', pdf), end]), what: 'empty field name' };
      case 3:
        return { body: Buffer.concat([filePart('file', 'a.pdf', pdf), filePart('file', 'b.pdf', pdf), end]), what: 'the file field twice', trailing: true };
      case 4: {
        const n = r.pick([11, 100, 3000]);
        return { body: Buffer.concat([...Array.from({ length: n }, (_, i) => filePart(`f${i}`, null, Buffer.from('v'))), filePart('file', 'a.pdf', pdf), end]), what: `${n} parts` };
      }
      case 5:
        return { body: Buffer.concat([filePart('file', null, pdf), end]), what: 'the file sent as a field' };
      case 6:
        return { body: Buffer.concat([filePart('other', 'a.pdf', pdf), end]), what: 'a file under another name' };
      case 7:
        return { body: Buffer.from(`--${B}\r\n\r\n\r\n--${B}--\r\n`), what: 'a part without headers' };
      case 8:
        return { body: r.bytes(r.int(0, 2000)), what: 'random bytes' };
      case 9:
        return { body: good, what: 'another boundary than announced', boundary: 'OTHERBOUNDARY' };
      case 10:
        return { body: Buffer.concat([filePart('file', `${'../'.repeat(r.int(1, 5))}etc/passwd`, pdf), end]), what: 'a path as the file name' };
      default:
        return { body: Buffer.concat([filePart('file', 'a.pdf', pdf), filePart('x'.repeat(5000), null, Buffer.from('v'.repeat(5000))), end]), what: 'an oversized field after the file', trailing: true };
    }
  }

  it('answers 400, 413 or 415 to every malformed upload, never 5xx, stores nothing and stays up', async () => {
    const wrong: string[] = [];
    const countFiles = async () => (await t.http.get(`/api/v1/inquiries/${inquiry}`, w.requester.token)).body.attachments.length as number;
    const before = await countFiles();
    for (const path of [`/api/v1/inquiries/${inquiry}/attachments`, `/api/v1/messages/${message}/attachments`]) {
      for (let i = 0; i < CASES; i++) {
        const m = malformed();
        const res = await rawMultipart(t.http, path, w.requester.token, m.body, m.boundary ?? B).catch((e: Error) => ({ status: 0, text: e.message, body: null }));
        if (![400, 413, 415].includes(res.status)) wrong.push(`${path}: ${m.what} → ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await countFiles()).toBe(before);
    const thread = (await t.http.get(`/api/v1/inquiries/${inquiry}/messages`, w.requester.token)).body as { attachments: unknown[] }[];
    expect(thread[0].attachments.length).toBe(0);
    expect((await t.http.get('/health')).status).toBe(200);
    expect(t.logs()).not.toMatch(/"level":50/);
  });
});
