import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MfaEnrolmentRequired, SignInRequired } from '../identity/auth.guard.js';
import { WebPages, type PageRequest } from './web-page.js';

/**
 * Errors on pages become pages: no session sends the browser to the sign-in page (and back
 * afterwards), an unfinished enrolment to the enrolment page, and anything else is an HTML page
 * with the status, in the viewer's language. A 404 reads the same whether the thing is missing or
 * hidden from the viewer. A 5xx shows the request id only.
 */
@Catch()
@Injectable()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebErrorFilter');

  constructor(private readonly pages: WebPages) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<PageRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    if (exception instanceof SignInRequired) {
      const next = req.method === 'GET' && safeNext(req.url) ? `?next=${encodeURIComponent(req.url)}` : '';
      return this.pages.redirect(reply, `/login${next}`);
    }
    if (exception instanceof MfaEnrolmentRequired) return this.pages.redirect(reply, '/account/mfa');
    const status = exception instanceof HttpException ? exception.getStatus() : statusOf(exception);
    if (status >= 500) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ requestId: req.id, errName: err.name, errMessage: err.message, stack: err.stack }, 'unhandled error on a page');
    }
    await this.renderError(req, reply, status);
  }

  renderError(req: PageRequest, reply: FastifyReply, status: number, reason?: string): Promise<void> {
    const known = [400, 403, 404, 409, 413, 415, 429].includes(status) ? status : status >= 500 ? 500 : 400;
    return this.pages.render(req, reply, 'error', { status: known, reason, requestId: known === 500 ? String(req.id) : null }, known === 500 ? 500 : status);
  }
}

function statusOf(exception: unknown): number {
  const s = (exception as { statusCode?: unknown })?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 500 ? s : 500;
}

/**
 * A path of this site to come back to after signing in (never another host). Printable ASCII
 * only: a control character (or anything a Location header cannot carry) is refused, and the
 * caller falls back to its safe default, rather than failing after the sign-in.
 */
export function safeNext(value: unknown): value is string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) && value.length <= 500 && !value.startsWith('/login');
}
