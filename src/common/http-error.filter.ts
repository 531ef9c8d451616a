import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { classifyFault, FAULT_MESSAGES, faultCode, RETRY_AFTER_SECONDS, ServiceFault } from './faults.js';
import { TooManyRequests } from './errors/too-many-requests.js';
import { codeOfStatus, type ErrorCode, type ErrorParams, type FieldError } from './errors/error-codes.js';
import { Refusal } from './errors/refusal.js';

/**
 * The pages' own answer for a URL no route matched outside /api and /health (an HTML page in the
 * reader's language rather than JSON), put on the Fastify instance by the web layer.
 */
export const UNMATCHED_PAGE = Symbol('unmatchedPage');
export type UnmatchedPage = (request: FastifyRequest, reply: FastifyReply, status: number) => Promise<void>;

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  /** Stable, from ERROR_CODES: what clients branch on and the pages translate. */
  code: ErrorCode;
  /** The values the code's text places, when it has any. */
  params?: ErrorParams;
  /** For `validation.failed`: each field and the constraint it broke. */
  errors?: FieldError[];
  requestId?: string;
}

/**
 * Every error leaves as `{ statusCode, error, message, code }` (plus `params` and `errors` when
 * the refusal has them). Anything that is not a deliberate HTTP
 * error becomes a bare 500 with the request id, so no stack, SQL or path ever reaches a client.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    // Cut by the request limits (a 408 already written), or answered before the error: nothing
    // more can be sent; a defect is still logged.
    if (reply.sent) {
      if (!classifyFault(exception) && !(exception instanceof HttpException)) {
        const err = exception instanceof Error ? exception : new Error(String(exception));
        this.logger.warn({ requestId: request.id, errName: err.name, errMessage: err.message }, 'error after the answer was sent');
      }
      return;
    }
    const fault = faultAnswer(exception, request.id);
    if (fault) {
      void reply.status(503).header('retry-after', String(fault.retryAfterSeconds)).header('cache-control', 'no-store').send(fault.body);
      return;
    }
    const body = this.toBody(exception);
    const unmatched = !request.routeOptions?.url && !request.url.startsWith('/api/') && request.url !== '/api' && !request.url.startsWith('/health');
    const page = (request.server as { [UNMATCHED_PAGE]?: UnmatchedPage })[UNMATCHED_PAGE];
    if (unmatched && page && body.statusCode < 500) {
      void page(request, reply, body.statusCode);
      return;
    }
    if (exception instanceof TooManyRequests) void reply.header('retry-after', String(exception.retryAfterSeconds));
    if (body.statusCode >= 500) {
      body.requestId = String(request.id);
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ requestId: request.id, errName: err.name, errMessage: err.message, stack: err.stack }, 'unhandled error');
    }
    void reply.status(body.statusCode).header('cache-control', 'no-store').send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) return refusalBody(exception);
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Fastify's own refusals (body too large, malformed JSON, unsupported media type).
      const code = fastifyStatus === 400 ? 'request.unreadable' : codeOfStatus(fastifyStatus);
      return { statusCode: fastifyStatus, error: STATUS_CODES[fastifyStatus] ?? 'Error', message: publicMessage(fastifyStatus), code };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', message: 'Internal server error', code: 'server.error' };
  }
}

/**
 * The body of a deliberate HTTP error: a Refusal carries its own code; Nest's bare exceptions
 * (an unknown route, a guard of a library) get the code of their status.
 */
export function refusalBody(exception: HttpException): ErrorBody {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : ((response as { message?: string | string[] }).message ?? exception.message);
  const body: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, code: codeOfStatus(statusCode) };
  if (exception instanceof Refusal) {
    body.code = exception.code;
    if (Object.keys(exception.params).length > 0) body.params = exception.params;
    if (exception.fields.length > 0) body.errors = exception.fields;
  } else if (typeof response === 'object' && typeof (response as { code?: unknown }).code === 'string') {
    body.code = (response as { code: ErrorCode }).code;
  }
  return body;
}

const faultLog = new Logger('Faults');
const lastLogged = new Map<string, { at: number; suppressed: number }>();
// One line per kind of fault and cause every few seconds: an outage under load would otherwise
// write one per request.
const LOG_EVERY_MS = 5_000;

/**
 * The 503 for a fault of the machinery (the database busy, gone or full, no space for the upload
 * spool, too many uploads at once), with how long to wait; null for anything else. The cause is
 * logged by its code, never with the driver's message, which may quote a value.
 */
export function faultAnswer(exception: unknown, requestId: unknown): { retryAfterSeconds: number; body: ErrorBody } | null {
  if (exception instanceof ServiceFault) {
    return { retryAfterSeconds: exception.retryAfterSeconds, body: { statusCode: 503, error: 'Service Unavailable', message: exception.message, code: 'service.unavailable' } };
  }
  const kind = classifyFault(exception);
  if (!kind) return null;
  const code = faultCode(exception);
  const key = `${kind}:${code}`;
  const now = Date.now();
  const last = lastLogged.get(key);
  if (!last || now - last.at >= LOG_EVERY_MS) {
    faultLog.warn(
      { requestId, fault: kind, code, suppressed: last?.suppressed ?? 0 },
      `answered 503: ${kind === 'busy' ? 'database busy' : kind === 'disk' ? 'out of disk space' : 'database unreachable'}`,
    );
    lastLogged.set(key, { at: now, suppressed: 0 });
  } else last.suppressed += 1;
  return { retryAfterSeconds: RETRY_AFTER_SECONDS[kind], body: { statusCode: 503, error: 'Service Unavailable', message: FAULT_MESSAGES[kind], code: 'service.unavailable' } };
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
