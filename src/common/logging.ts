import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config.js';

/**
 * Structured request logs that carry the request id, method, path and status only: no query
 * string (it may hold search words), no headers (tokens, cookies), never a body.
 */
export function loggerOptions(config: AppConfig, destination?: NodeJS.WritableStream): Params {
  const options = {
        level: config.logLevel,
        serializers: {
          req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, path: (req.url ?? '').split('?')[0] }),
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
