import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppModule } from './app.module.js';
import { installRequestLimits } from './config/request-limits.js';
import { AppLogger, installRequestLog } from './config/logging.js';
import { RequestValidationPipe } from './common/validation.pipe.js';
import type { AppConfig } from './config/app-config.js';
import { OpenApiDocument } from './openapi/openapi-document.js';
import { configureWeb } from './web/web-setup.js';

export const JSON_BODY_LIMIT = 1024 * 1024;

/** Builds the whole application (used by main.ts and by every e2e test alike). */
export async function createApp(config: AppConfig, options: { logDestination?: NodeJS.WritableStream } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: trustProxyOption(config.trustProxy),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // During a graceful shutdown, requests that arrive on open connections are still served (the
    // connection is then closed) instead of being refused with a 503.
    return503OnClosing: false,
    // Node's own limits as a backstop to the request limits below (which answer 408 sooner): a
    // socket silent this long is closed, and a request not received whole by then is answered 408.
    connectionTimeout: config.limits.bodyIdleMs + 60_000,
    requestTimeout: Math.max(config.limits.uploadMs, config.limits.bodyMs) + 60_000,
    genReqId: () => randomUUID(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options.logDestination), adapter, { bufferLogs: true });
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  await app.register(fastifyMultipart, {
    // Streamed with hard limits: one file per request, a few small fields, a bounded number of parts.
    limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 5, fieldSize: 1000, parts: 10, headerPairs: 50 },
    throwFileSizeLimit: true,
    // Keep the name as sent, so that one with a path in it is refused rather than silently cut.
    preservePath: true,
  });
  const fastify = app.getHttpAdapter().getInstance();
  installRequestLog(fastify, logger.pino);
  // The same security headers on every answer, as helmet writes them. They depend on nothing in
  // the request, so they are computed once: @fastify/helmet rebuilds helmet's middleware (parsing
  // the CSP again) and runs it on every request, a measured 3 % of a list's CPU.
  const headers = securityHeaders();
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  // The API takes JSON (and multipart where files are uploaded), never a "simple" cross-site form
  // post: text/plain is refused everywhere, url-encoded forms everywhere but the pages.
  fastify.removeContentTypeParser(['text/plain']);
  // Hooks on every request take a callback rather than being async: one promise fewer each.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith('/api/') && /^application\/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '')) {
      reply
        .code(415)
        .header('cache-control', 'no-store')
        .send({ statusCode: 415, error: 'Unsupported Media Type', message: 'Unsupported media type: send application/json', code: 'request.unsupported-type' });
      return;
    }
    done();
  });
  // class-transformer recurses once per level and overflows the stack near 3,000 levels (a 500);
  // it silently drops keys named "constructor" or "prototype" where every other unknown key is
  // refused; the validation pipe reads a body of null as {}; and text with a lone surrogate cannot
  // be stored as UTF-8, so it would come back altered (U+FFFD).
  fastify.addHook('preValidation', (request, reply, done) => {
    const problem = jsonShapeProblem(request.body);
    if (problem) {
      reply.code(400).header('cache-control', 'no-store').send({ statusCode: 400, error: 'Bad Request', message: problem, code: 'request.unreadable' });
      return;
    }
    done();
  });
  // Once closing, every answer closes its connection: the server then stops as soon as the requests
  // in flight are answered, instead of waiting for clients to drop their idle keep-alive sockets.
  let draining = false;
  fastify.addHook('preClose', async () => {
    draining = true;
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    if (draining) reply.header('connection', 'close');
    // Nothing this service answers may be kept by a browser or proxy cache unless it says so.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  installRequestLimits(fastify, config.limits, logger.pino);
  // Headers that never finish arriving (Node checks every 30 s; its default is a minute).
  fastify.server.headersTimeout = Math.min(config.limits.bodyIdleMs, 60_000);
  app.useGlobalPipes(new RequestValidationPipe());
  await configureWeb(app, config, logger.pino);
  app.get(OpenApiDocument).attach(app);
  return app;
}

/**
 * TRUST_PROXY for Fastify: addresses as they are; a number of hops as a function that trusts the
 * first n addresses from the socket inward (this Fastify takes a bare number as "trust nothing").
 * Whatever is given, the client's address is the one the nearest untrusted hop reported, never the
 * left end of X-Forwarded-For, which the client writes itself.
 */
function trustProxyOption(trust: AppConfig['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return trust === 0 ? false : (_address, hop) => hop < trust;
  return trust;
}

const SECURITY_HEADERS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
  referrerPolicy: { policy: 'no-referrer' },
  // Never framed: the same answer as the CSP's frame-ancestors 'none', for browsers that read only this header.
  frameguard: { action: 'deny' },
  crossOriginOpenerPolicy: { policy: 'same-origin' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
};

/** The headers helmet sets with SECURITY_HEADERS, read off a response that records them. */
function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = { setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value), removeHeader: () => undefined };
  helmet(SECURITY_HEADERS)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

const MAX_JSON_DEPTH = 32;

const LONE_SURROGATE = /\p{Cs}/u;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Walks a parsed body without recursion: not an object, too deep, a prototype key or ill-formed text anywhere is refused. */
function jsonShapeProblem(body: unknown): string | null {
  if (body === undefined) return null;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'The request body must be a JSON object';
  const stack: [unknown, number][] = [[body, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string' && LONE_SURROGATE.test(value)) return 'text must be well-formed Unicode (a lone surrogate cannot be stored)';
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `The request body is nested more than ${MAX_JSON_DEPTH} levels deep`;
    for (const [key, child] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key) && !Array.isArray(value)) return `property ${key} should not exist`;
      stack.push([child, depth + 1]);
    }
  }
  return null;
}
