import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from './app-config.js';

/**
 * An invitation's token is the last segment of its link (`/invitations/<token>`), and that link
 * sets the password of an account: a log line holding it would let whoever reads the logs take the
 * account over while the link lives. The path is logged with the token replaced.
 */
export function redactPath(path: string): string {
  return path.replace(/(\/(?:invitations|password-reset)\/)(?!confirm\b)[^/?]+/gi, '$1[redacted]');
}

/**
 * Structured request logs that carry the request id, method, path and status only: no query
 * string (it may hold search words), no headers (tokens, cookies), never a body, no secret that
 * travels in a path.
 */
export function loggerOptions(config: AppConfig, destination?: NodeJS.WritableStream): Params {
  const options = {
    level: config.logLevel,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, path: redactPath((req.url ?? '').split('?')[0]) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    redact: { paths: ['req.headers', 'req.body', 'res.headers'], remove: true },
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
  };
  return {
    pinoHttp: (destination ? [options, destination] : options) as Params['pinoHttp'],
    // nestjs-pino's default route pattern does not match under Nest 12 on Fastify; this one does.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  };
}
