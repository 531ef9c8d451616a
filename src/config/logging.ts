import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { pino, type Level, type Logger as PinoInstance } from 'pino';
import type { AppConfig } from './app-config.js';

/**
 * An invitation's token is the last segment of its link (`/invitations/<token>`), and that link
 * sets the password of an account: a log line holding it would let whoever reads the logs take the
 * account over while the link lives. The path is logged with the token replaced.
 */
export function redactPath(path: string): string {
  return path.replace(/(\/(?:invitations|password-reset)\/)(?!confirm\b)[^/?]+/gi, '$1[redacted]');
}

/** The service's one pino logger: JSON lines on standard output (or on `destination`, which the tests read). */
export function createLogger(config: AppConfig, destination?: NodeJS.WritableStream): PinoInstance {
  return destination ? pino({ level: config.logLevel }, destination) : pino({ level: config.logLevel });
}

/**
 * Nest's logger (every `new Logger(context)` and Nest's own messages) over pino, as nestjs-pino's
 * Logger wrote them: an object as the message is merged into the line, the last of the other
 * arguments is the context, an error's stack given as a string becomes `err`.
 *
 * Written here rather than taken from nestjs-pino, whose request logging ran pino-http as a Nest
 * middleware (through @fastify/middie) and kept a child logger for each request in an
 * AsyncLocalStorage: on Node 20 that storage makes every promise of every request call async
 * hooks, and with the middleware and the child logger it was a tenth of the CPU of a page (the
 * queue, bench W6: 0.88 -> 0.80 and 0.95 -> 0.85 ms per page, the two builds driven in the same
 * rounds; PERFORMANCE.md). A line written while a request is served names it by `requestId`, as
 * the error filters always did, instead of through that storage.
 */
export class AppLogger implements LoggerService {
  constructor(readonly pino: PinoInstance) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    // Nest's Logger gives its context last (and nothing when it has none and was given nothing).
    const rest = params.length > 0 ? params.slice(0, -1) : [];
    if (params.length > 0 && params[params.length - 1] !== undefined) fields.context = params[params.length - 1];
    if (message instanceof Error) {
      fields.err = message;
      this.pino[level](fields, ...(rest as []));
    } else if (message !== null && typeof message === 'object') {
      this.pino[level](Object.assign(fields, message), ...(rest as []));
    } else if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) {
      // Nest's own `error(message, stack, context)`.
      const err = new Error(String(message));
      err.stack = rest[0];
      fields.err = err;
      this.pino.error(fields);
    } else {
      this.pino[level](fields, String(message), ...(rest as []));
    }
  }
}

/**
 * One line for each request once answered (or given up by its client): its id, method and path
 * (never the query string, which may hold search words; the secret in a path redacted), the status
 * and the time taken. No header (tokens, cookies), never a body. Fastify's own logger stays off.
 */
export function installRequestLog(fastify: FastifyInstance, log: PinoInstance): void {
  const line = (request: { id: unknown; method: string; url: string }) => ({ id: request.id, method: request.method, path: redactPath(request.url.split('?')[0]) });
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    log.info({ req: line(request), res: { statusCode: status }, responseTime: Math.round(reply.elapsedTime) }, status >= 500 ? 'request failed' : 'request completed');
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    log.info({ req: line(request) }, 'request aborted');
    done();
  });
}
