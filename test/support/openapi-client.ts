import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';

/**
 * A small client written against the types openapi-typescript generates from the document: typed
 * paths, bodies and answers. The `@ts-expect-error` lines hold only if the types are strict (a
 * hollow description, typed `unknown` or `Record<string, never>`, would make them fail as unused).
 */
const USAGE = `
import type { components, paths } from './api.js';

type Schemas = components['schemas'];
type Operation<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];
type Body<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type Answer<O> = O extends { responses: { 201: { content: { 'application/json': infer R } } } }
  ? R
  : O extends { responses: { 200: { content: { 'application/json': infer R } } } }
    ? R
    : never;

declare function send(method: string, path: string, body?: unknown): Promise<unknown>;

const get = async <P extends keyof paths>(path: P) => (await send('GET', path)) as Answer<Operation<P, 'get'>>;
const post = async <P extends keyof paths>(path: P, body: Body<Operation<P, 'post'>>) => (await send('POST', path, body)) as Answer<Operation<P, 'post'>>;

export async function fileAndFollow(): Promise<string[]> {
  const filed = await post('/api/v1/inquiries', { subject: 'Custody records', body: 'How long are they kept?', topics: ['police-custody-safeguards'], language: 'en' });
  const reference: string = filed.reference;
  const status: Schemas['InquiryView']['status'] = filed.status;
  const firstFile: string | undefined = filed.attachments[0]?.filename;

  const page = await get('/api/v1/inquiries');
  const next: string | null = page.nextCursor;
  const titles = page.items.map((item) => (item.view === 'full' ? item.subject : item.reference));

  const thread = await get('/api/v1/inquiries/{id}/messages');
  const clearance: 'pending' | 'cleared' | 'returned' | null | undefined = thread[0]?.clearance;

  const me = await get('/api/v1/me');
  const role: 'requester' | 'expert' | 'secretariat' | 'observer' = me.role;

  // @ts-expect-error a list item carries no body
  void page.items[0].body;
  // @ts-expect-error the language is one of the five
  await post('/api/v1/inquiries', { subject: 's', body: 'b', topics: ['t'], language: 'de' });
  // @ts-expect-error unknown fields are refused
  await post('/api/v1/inquiries', { subject: 's', body: 'b', topics: ['t'], language: 'en', colour: 'red' });
  // @ts-expect-error accepting an assignment takes the declaration
  await post('/api/v1/assignments/{id}/accept', {});

  const refusal: Schemas['ErrorBody'] = { statusCode: 409, error: 'Conflict', message: 'the inquiry is closed', code: 'inquiry.closed', params: { status: 'closed' } };
  return [reference, status, firstFile ?? '', next ?? '', ...titles, String(clearance), role, String(refusal.message)];
}
`;

/** Generates the client types from `document`, compiles the usage above against them, and returns the compiler's complaints. */
export async function typeCheckClient(document: object): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'cti-client-'));
  try {
    await writeFile(join(dir, 'api.d.ts'), astToString(await openapiTS(document as OpenAPI3)));
    await writeFile(join(dir, 'usage.ts'), USAGE);
    const program = ts.createProgram([join(dir, 'usage.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2023,
      lib: ['lib.es2023.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
