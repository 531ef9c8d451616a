import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config.js';

/**
 * Structured request logs that carry the request id, method, path and status only: no query
 * string (it may hold search words), no headers (tokens, cookies), never a body.
 */
export function loggerOptions(config: AppConfig, destination?: NodeJS.WritableStream): Params {
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        serializers: {
          req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, path: (req.url ?? '').split('?')[0] }),
          res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        },
        redact: { paths: ['req.headers', 'req.body', 'res.headers'], remove: true },
        customSuccessMessage: () => 'request completed',
        customErrorMessage: () => 'request failed',
      },
      ...(destination ? [destination] : []),
    ] as Params['pinoHttp'],
  };
}
