import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { startApp, type TestApp } from '../support/app.js';
import { pdfBytes, rawMultipart } from '../support/files.js';
import { labelled, propertyOptions, runCount } from '../support/properties.js';
import { buildWorld, fileInquiry, type World } from '../support/world.js';

const B = 'XBOUNDARYX';
const CASES = runCount('FUZZ_CASES', 25);
const BUDGET_MS = 60_000 + CASES * 1_000;

const part = (name: string, filename: string | null, bytes: Buffer) =>
  Buffer.concat([
    Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${name}"${filename === null ? '' : `; filename="${filename}"`}\r\nContent-Type: application/pdf\r\n\r\n`),
    bytes,
    Buffer.from('\r\n'),
  ]);
const END = Buffer.from(`--${B}--\r\n`);
const PDF = pdfBytes('fuzz');
const GOOD = Buffer.concat([part('file', 'a.pdf', PDF), END]);

interface Upload {
  body: Buffer;
  boundary: string;
}
const upload = (what: string, body: Buffer, boundary = B): Upload => labelled({ body, boundary }, `${what} (${body.length} bytes)`);

/** A field name other than `file`: empty, quoted, long, any Unicode. */
const otherName = fc.oneof(fc.constantFrom('', ' ', 'file ', 'FILE', 'fi"le', 'file[]', 'x'.repeat(5000)), fc.string({ unit: 'grapheme' })).filter((n) => n !== 'file');

/**
 * Malformed multipart bodies (FILE-06), each with the generated detail that varies: truncated
 * anywhere, no closing boundary, a part without headers, another boundary than announced, random
 * bytes, empty, duplicated or strange field names, thousands of parts, a file where a field belongs
 * and the reverse, a path as the file name, an oversized field after the file.
 */
const malformed: fc.Arbitrary<Upload> = fc.oneof(
  fc.integer({ min: 0, max: GOOD.length - 5 }).map((n) => upload(`truncated after ${n} bytes`, GOOD.subarray(0, n))),
  fc.constant(upload('no closing boundary', part('file', 'a.pdf', PDF))),
  fc.constant(upload('a part without headers', Buffer.from(`--${B}\r\n\r\n\r\n--${B}--\r\n`))),
  fc.constantFrom('OTHERBOUNDARY', `${B}X`, B.slice(1), '').map((b) => upload(`boundary ${JSON.stringify(b)} announced`, GOOD, b)),
  fc.uint8Array({ maxLength: 4000 }).map((bytes) => upload('random bytes', Buffer.from(bytes))),
  otherName.map((n) => upload(`the file under the name ${JSON.stringify(n.slice(0, 40))}`, Buffer.concat([part(n, 'a.pdf', PDF), END]))),
  fc.integer({ min: 2, max: 5 }).map((n) => upload(`the file field ${n} times`, Buffer.concat([...Array.from({ length: n }, (_, i) => part('file', `${i}.pdf`, PDF)), END]))),
  fc.tuple(fc.oneof(fc.constantFrom(11, 100, 3000), fc.integer({ min: 2, max: 5000 })), fc.boolean(), fc.boolean()).map(([n, sameName, fileFirst]) => {
    const fields = Array.from({ length: n }, (_, i) => part(sameName ? 'f' : `f${i}`, null, Buffer.from('v')));
    const file = part('file', 'a.pdf', PDF);
    return upload(
      `${n} fields named ${sameName ? 'alike' : 'apart'}, the file ${fileFirst ? 'first' : 'last'}`,
      Buffer.concat([...(fileFirst ? [file, ...fields] : [...fields, file]), END]),
    );
  }),
  fc.constant(upload('the file sent as a field', Buffer.concat([part('file', null, PDF), END]))),
  fc.integer({ min: 1, max: 8 }).map((n) => upload(`${n} × ../ in the file name`, Buffer.concat([part('file', `${'../'.repeat(n)}etc/passwd`, PDF), END]))),
  fc
    .tuple(otherName, fc.integer({ min: 1, max: 200_000 }))
    .map(([n, size]) => upload(`a field of ${size} bytes after the file`, Buffer.concat([part('file', 'a.pdf', PDF), part(n || 'x', null, Buffer.alloc(size, 'v')), END]))),
);

/**
 * Property: every malformed upload, on a message and on the inquiry itself, is answered with 400,
 * 413 or 415 (a refused type), never 5xx; nothing is stored; the service stays up and logs no error.
 */
describe('fuzzing multipart uploads', () => {
  let t: TestApp;
  let w: World;
  let inquiry: string;
  let message: string;

  beforeAll(async () => {
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0' });
    w = await buildWorld(t);
    inquiry = (await fileInquiry(t, w.requester.token)).id;
    message = (await t.http.post(`/api/v1/inquiries/${inquiry}/messages`, { body: 'Mine' }, w.requester.token)).body.id;
  });
  afterAll(() => t.close());

  const files = async () => {
    const whole = (await t.http.get(`/api/v1/inquiries/${inquiry}`, w.requester.token)).body;
    const thread = (await t.http.get(`/api/v1/inquiries/${inquiry}/messages`, w.requester.token)).body as { attachments: unknown[] }[];
    return [whole.attachments.length, thread[0].attachments.length];
  };

  it.each([['an inquiry', () => `/api/v1/inquiries/${inquiry}/attachments`] as const, ['a message', () => `/api/v1/messages/${message}/attachments`] as const])(
    'uploads to %s: 400, 413 or 415 to every malformed body, never 5xx; nothing stored; the service stays up',
    async (_name, path) => {
      const before = await files();
      await fc.assert(
        fc.asyncProperty(malformed, async ({ body, boundary }) => {
          const res = await rawMultipart(t.http, path(), w.requester.token, body, boundary);
          if (![400, 413, 415].includes(res.status)) throw new Error(`${res.status} ${res.text.slice(0, 200)}`);
        }),
        propertyOptions(CASES, BUDGET_MS),
      );
      expect(await files()).toEqual(before);
      expect((await t.http.get('/health')).status).toBe(200);
      expect(t.logs()).not.toMatch(/"level":50/);
      // The same route still takes a well-formed upload: the refusals were about the bodies.
      expect((await rawMultipart(t.http, path(), w.requester.token, GOOD)).status).toBe(201);
    },
    BUDGET_MS + 30_000,
  );
});
