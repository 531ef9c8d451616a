import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MfaEnrolmentRequired, SignInRequired } from '../identity/auth.guard.js';
import { faultAnswer } from '../common/http-error.filter.js';
import { CSRF_FIELD } from './csrf.js';
import { formBody, type FormBody } from './forms.js';
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
    const fault = faultAnswer(exception, req.id);
    if (fault) {
      // The database or the disk failed: nothing was changed, and what the person typed is shown
      // again in a form that sends it anew, so that nothing is lost.
      void reply.header('retry-after', String(fault.retryAfterSeconds));
      const kept = req.method === 'POST' ? keptForm(req) : null;
      return this.pages.render(req, reply, 'error', { status: 503, kept, requestId: null }, 503);
    }
    const status = exception instanceof HttpException ? exception.getStatus() : statusOf(exception);
    if (status >= 500) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ requestId: req.id, errName: err.name, errMessage: err.message, stack: err.stack }, 'unhandled error on a page');
    }
    await this.renderError(req, reply, status);
  }

  renderError(req: PageRequest, reply: FastifyReply, status: number, reason?: string): Promise<void> {
    const known = [400, 403, 404, 408, 409, 413, 415, 429].includes(status) ? status : status >= 500 ? 500 : 400;
    return this.pages.render(req, reply, 'error', { status: known, reason, requestId: known === 500 ? String(req.id) : null }, known === 500 ? 500 : status);
  }
}

/** Fields never shown back: they are typed again (a password, a one-time code) or made afresh (the anti-forgery token). */
const RETYPED = /password|totp|code/i;

/** The fields of a form that could not be handled, to send them again: long text as text areas, the rest as inputs. */
function keptForm(req: PageRequest): { action: string; multipart: boolean; fields: { name: string; value: string; kind: 'hidden' | 'text' | 'area' | 'secret' }[] } | null {
  const body = (req as PageRequest & { keptFields?: FormBody }).keptFields ?? formBody(req.body);
  const fields = Object.entries(body).flatMap(([name, v]) =>
    name === CSRF_FIELD
      ? []
      : (Array.isArray(v) ? v : [v ?? '']).map((value) => ({
          name,
          value: RETYPED.test(name) ? '' : value,
          kind: RETYPED.test(name)
            ? ('secret' as const)
            : Array.isArray(v) || /^\/|^[0-9a-f-]{36}$/.test(value)
              ? ('hidden' as const)
              : value.length > 80 || value.includes('\n')
                ? ('area' as const)
                : ('text' as const),
        })),
  );
  if (fields.length === 0) return null;
  return { action: req.url, multipart: /^multipart\//i.test(req.headers['content-type'] ?? ''), fields };
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
