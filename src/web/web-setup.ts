import fastifyCookie from '@fastify/cookie';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { webAssetsDir } from './assets.js';
import { UNMATCHED_PAGE, type UnmatchedPage } from '../common/http-error.filter.js';
import { CSRF_FIELD, verifyCsrfToken } from './csrf.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPages, type PageRequest } from './web-page.js';

const STATIC_TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml', '.ico': 'image/x-icon' };

/**
 * Registers what the pages need on Fastify: cookies, the anti-forgery check of every form, and
 * the static files (a style sheet, and one small same-origin script). Called by createApp, so main.ts and every test have them.
 */
export async function configureWeb(app: NestFastifyApplication, config: AppConfig, log: Logger): Promise<void> {
  await app.register(fastifyCookie);
  const fastify = app.getHttpAdapter().getInstance();
  const pages = app.get(WebPages);
  const errors = app.get(WebErrorFilter);
  const publicOrigin = new URL(config.publicUrl).origin;
  // A URL that names no page (outside /api) is answered with the pages' own 404, in the reader's language.
  const unmatched: UnmatchedPage = (request, reply, status) => errors.renderError(request as PageRequest, reply, status);
  Object.assign(fastify, { [UNMATCHED_PAGE]: unmatched });

  // Every POST of a page (everything but the API, which takes no cookie and no form) carries the
  // token of a form this site rendered for this browser's session, and comes from this site.
  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.url.startsWith('/api/') || request.url === '/health') return;
    const req = request as PageRequest;
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const ownOrigin = `${req.protocol}://${req.host}`;
    // A browser told not to send referrers says `Origin: null` even for its own forms; the fetch
    // metadata (Sec-Fetch-Site) still tells a cross-site post apart.
    const crossSite =
      (site !== undefined && site !== 'same-origin' && site !== 'none') || (origin !== undefined && origin !== 'null' && origin !== ownOrigin && origin !== publicOrigin);
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
    const token = body[CSRF_FIELD] ?? (req.query as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (crossSite || !verifyCsrfToken(req.cookies[pages.csrfCookie], req.cookies[pages.session.name], token)) {
      log.warn({ requestId: req.id, crossSite }, 'form refused: anti-forgery check failed');
      await errors.renderError(req, reply, 403, 'csrf');
      return reply;
    }
  });

  const dir = join(webAssetsDir(), 'public');
  for (const file of readdirSync(dir).filter((f) => STATIC_TYPES[extname(f)])) {
    const content = readFileSync(join(dir, file));
    fastify.get(`/static/${file}`, async (_req, reply) => {
      await reply.type(STATIC_TYPES[extname(file)]).header('cache-control', 'public, max-age=3600').send(content);
    });
  }
}
