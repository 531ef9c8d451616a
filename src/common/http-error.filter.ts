import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { TooManyRequests } from './rate-limit/too-many-requests.js';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId?: string;
}

/**
 * Every error leaves as `{ statusCode, error, message }`. Anything that is not a deliberate HTTP
 * error becomes a bare 500 with the request id, so no stack, SQL or path ever reaches a client.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const body = this.toBody(exception);
    if (exception instanceof TooManyRequests) void reply.header('retry-after', String(exception.retryAfterSeconds));
    if (isDatabaseBusy(exception)) {
      // Another process holds the lock past the busy timeout: nothing was written, try again soon.
      this.logger.warn({ requestId: request.id, code: driverCode(exception) }, 'database busy');
      void reply.status(503).header('retry-after', '1').header('cache-control', 'no-store').send(BUSY);
      return;
    }
    if (body.statusCode >= 500) {
      body.requestId = String(request.id);
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ requestId: request.id, errName: err.name, errMessage: err.message, stack: err.stack }, 'unhandled error');
    }
    void reply.status(body.statusCode).header('cache-control', 'no-store').send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : ((response as { message?: string | string[] }).message ?? exception.message);
      return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
    }
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Fastify's own refusals (body too large, malformed JSON, unsupported media type).
      return { statusCode: fastifyStatus, error: STATUS_CODES[fastifyStatus] ?? 'Error', message: publicMessage(fastifyStatus) };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', message: 'Internal server error' };
  }
}

const BUSY: ErrorBody = { statusCode: 503, error: 'Service Unavailable', message: 'The database is busy: try again in a moment' };

/**
 * SQLite's lock wait ran out (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT...), or PostgreSQL gave up on a
 * lock (55P03 lock_not_available), a serialisation (40001) or a deadlock (40P01). The transaction
 * was rolled back whole, so the request may simply be sent again.
 */
export function isDatabaseBusy(exception: unknown): boolean {
  const code = driverCode(exception);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED' || ['55P03', '40001', '40P01'].includes(code));
}

function driverCode(exception: unknown): string | undefined {
  if (!(exception instanceof QueryFailedError)) return undefined;
  const code = (exception.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function publicMessage(status: number): string {
  switch (status) {
    case 413:
      return 'The request body is too large';
    case 415:
      return 'Unsupported media type: send application/json';
    default:
      return 'The request could not be read';
  }
}
