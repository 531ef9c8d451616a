import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from './app-config.js';

/** How often the bodies still arriving are looked at: the limits hold to within this. */
const CHECK_EVERY_MS = 250;

const TIMEOUT_BODY = JSON.stringify({ statusCode: 408, error: 'Request Timeout', message: 'The request body did not arrive in time: send it again', code: 'request.timeout' });
const TOO_MANY_UPLOADS = { statusCode: 503, error: 'Service Unavailable', message: 'Too many uploads are in progress: try again in a moment', code: 'service.unavailable' };
const UPLOADS_RETRY_AFTER_SECONDS = 5;

interface Watched {
  request: FastifyRequest;
  reply: FastifyReply;
  started: number;
  lastProgress: number;
  bytesRead: number;
  deadline: number;
}

/**
 * Time limits on receiving a request body, and a cap on the uploads in flight, so that slow or
 * stalled clients cannot hold memory, disk or sockets for ever:
 * - a body that makes no progress for `bodyIdleMs`, or is not whole after `bodyMs` (`uploadMs` for
 *   a multipart upload), is answered 408 and its connection closed; whatever was reading it (the
 *   upload spool) sees the stream fail and removes what it had written;
 * - beyond `uploadConcurrency` multipart requests at once, the next is answered 503 with Retry-After
 *   before any of its body is read.
 * Progress is the socket's bytes read; a body waiting in the buffers because the service itself is
 * slow to read it (a lock, the disk) counts as progress, not as a stall.
 */
export function installRequestLimits(fastify: FastifyInstance, limits: AppConfig['limits'], log: Logger): void {
  const watched = new Set<Watched>();
  let uploads = 0;
  let timer: NodeJS.Timeout | null = null;

  const check = () => {
    const now = Date.now();
    for (const w of watched) {
      const raw = w.request.raw;
      if (raw.complete || raw.destroyed || w.reply.sent) {
        watched.delete(w);
        continue;
      }
      const socket = raw.socket;
      if (socket.bytesRead !== w.bytesRead || raw.readableLength > 0 || socket.readableLength > 0) {
        w.bytesRead = socket.bytesRead;
        w.lastProgress = now;
      }
      if (now - w.lastProgress >= limits.bodyIdleMs || now >= w.deadline) {
        watched.delete(w);
        cut(w, now - w.lastProgress >= limits.bodyIdleMs ? 'idle' : 'too long');
      }
    }
    if (watched.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };

  const cut = (w: Watched, why: string) => {
    log.warn({ requestId: w.request.id, why, ms: Date.now() - w.started }, 'request body cut: 408');
    // Answered here, outside the handler still waiting for the body; the handler's own answer is
    // then dropped (the error filters skip a reply already sent).
    w.reply.hijack();
    const res = w.reply.raw;
    if (!res.headersSent) {
      res.writeHead(408, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close', 'x-request-id': String(w.request.id) });
    }
    // Once answered, the request stream is failed (a finished response detaches it from its
    // socket, so closing the socket alone would leave whatever reads it waiting for ever) and the
    // connection closed. Should the client not read the answer either, both go after a second.
    const end = () => {
      w.request.raw.destroy(Object.assign(new Error('request body timeout'), { code: 'REQUEST_BODY_TIMEOUT', statusCode: 408 }));
      w.request.raw.socket.destroy();
    };
    res.end(TIMEOUT_BODY, end);
    setTimeout(end, 1000).unref();
  };

  fastify.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    const hasBody = Number(raw.headers['content-length'] ?? 0) > 0 || raw.headers['transfer-encoding'] !== undefined;
    if (!hasBody || raw.complete) return done();
    const upload = /^multipart\//i.test(raw.headers['content-type'] ?? '');
    if (upload) {
      if (uploads >= limits.uploadConcurrency) {
        // Refused before its body is read; the body is still read and dropped once the answer is
        // out, on a connection left open: closing it under a client still sending made that client
        // see a broken pipe instead of this answer (Node 24's fetch does).
        reply.raw.once('finish', () => {
          if (!raw.complete && !raw.destroyed) raw.resume();
        });
        reply.code(503).header('retry-after', String(UPLOADS_RETRY_AFTER_SECONDS)).header('cache-control', 'no-store').send(TOO_MANY_UPLOADS);
        return;
      }
      uploads += 1;
      reply.raw.once('close', () => (uploads -= 1));
    }
    // Answered before its body was read to the end (a refused upload): the rest is read and
    // dropped, still under the limits, so that the connection can carry the client's next request.
    reply.raw.once('finish', () => {
      if (!raw.complete && !raw.destroyed) raw.resume();
    });
    const now = Date.now();
    watched.add({ request, reply, started: now, lastProgress: now, bytesRead: raw.socket.bytesRead, deadline: now + (upload ? limits.uploadMs : limits.bodyMs) });
    timer ??= setInterval(check, CHECK_EVERY_MS).unref();
    done();
  });
}
