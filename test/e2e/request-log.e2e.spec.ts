import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN, startApp, type TestApp } from '../support/app.js';

/** The log's lines as objects (pino writes one JSON object a line). */
const lines = (t: TestApp): Array<Record<string, any>> =>
  t
    .logs()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, any>);

/** Waits for a line the service writes once a response is finished (after the client has it). */
async function lineWhere(t: TestApp, found: (l: Record<string, any>) => boolean): Promise<Record<string, any> | undefined> {
  for (let n = 0; n < 50; n++) {
    const line = lines(t).find(found);
    if (line) return line;
    await sleep(20);
  }
  return undefined;
}

/**
 * The request log (AppLogger and installRequestLog, which took over from nestjs-pino's middleware):
 * one line for each request with its id, method, path and status, and no more; the lines written
 * while serving a request name it; Nest's own messages keep their context.
 */
describe('the request log', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('writes one line for an answered request: its id, method, path without the query, status and time', async () => {
    const login = await t.http.post('/api/v1/auth/login', ADMIN);
    const res = await t.http.get('/api/v1/inquiries?q=lumbricus-terrestris&limit=5', login.body.token);
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id');
    const line = await lineWhere(t, (l) => l.req?.id === id);
    expect(line).toMatchObject({ level: 30, msg: 'request completed', req: { id, method: 'GET', path: '/api/v1/inquiries' }, res: { statusCode: 200 } });
    expect(typeof line?.responseTime).toBe('number');
    expect(Object.keys(line?.req ?? {}).sort()).toEqual(['id', 'method', 'path']);
    expect(lines(t).filter((l) => l.req?.id === id)).toHaveLength(1);
    expect(t.logs()).not.toContain('lumbricus');
    expect(t.logs()).not.toContain(login.body.token);
  });

  it('redacts the token of an invitation or a password reset in a path', async () => {
    const res = await t.http.get('/invitations/SECRET-TOKEN-abc123');
    const line = await lineWhere(t, (l) => l.req?.id === res.headers.get('x-request-id'));
    expect(line?.req.path).toBe('/invitations/[redacted]');
    expect(t.logs()).not.toContain('SECRET-TOKEN-abc123');
  });

  it('logs a form refused as cross-site with the id of its request, which the request line carries too', async () => {
    const res = await fetch(`${t.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: 'email=a%40b.c&password=x',
    });
    expect(res.status).toBe(403);
    const id = res.headers.get('x-request-id');
    expect(await lineWhere(t, (l) => l.requestId === id)).toMatchObject({ level: 40, msg: 'form refused: anti-forgery check failed', crossSite: true });
    expect(await lineWhere(t, (l) => l.req?.id === id)).toMatchObject({ msg: 'request completed', res: { statusCode: 403 } });
  });

  it('logs a request its client gave up before the answer', async () => {
    const before = lines(t).length;
    const { port } = new URL(t.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    // A body announced and never sent whole: the client leaves while the service waits for it.
    socket.write('POST /api/v1/auth/login HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"em');
    await sleep(100);
    socket.destroy();
    const aborted = await lineWhere(t, (l) => l.msg === 'request aborted');
    expect(aborted).toMatchObject({ level: 30, req: { method: 'POST', path: '/api/v1/auth/login' } });
    expect(lines(t).length).toBeGreaterThan(before);
  });

  it("writes Nest's messages with their context, an object merged into the line and a stack as the error", () => {
    const logger = new Logger('RequestLogTest');
    logger.warn({ purpose: 'check' }, 'an object and a message');
    logger.error('failed here', 'Error: failed here\n    at somewhere (file.js:1:1)');
    logger.log('a plain message');
    const mine = lines(t).filter((l) => l.context === 'RequestLogTest');
    expect(mine.map((l) => [l.level, l.msg])).toEqual([
      [40, 'an object and a message'],
      [50, 'failed here'],
      [30, 'a plain message'],
    ]);
    expect(mine[0].purpose).toBe('check');
    expect(mine[1].err).toMatchObject({ message: 'failed here', stack: expect.stringContaining('at somewhere') });
  });
});
